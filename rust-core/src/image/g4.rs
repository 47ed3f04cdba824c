//! CCITT T.6 (Group 4) decoding of one TIFF strip into changing elements, row by row.
//!
//! Why our own: the `tiff` crate's G4 path (through `fax`) was about 8× slower than libtiff on the
//! card fronts (docs/performance.md), and a bi-level card image needs nothing but G4 runs. This
//! decoder yields each row as its list of changing elements, so the caller paints runs instead of
//! pixels, and it is bounded: every step consumes code bits, positions never pass the width, a row
//! holds at most `width + 3` changes, and reading more than 8 bytes past the strip is an error.
//!
//! Code tables: ITU-T T.4 (07/2003) tables 2 and 3 (terminating and make-up codes) and table 1 of
//! T.6 (modes). They are turned into direct lookup tables at compile time; building them asserts
//! that no two codes share a prefix.

use super::ImageError;

/// One table entry: run length << 4 | code length; 0 = no such code.
type Entry = u16;

const fn code_value(code: &str) -> usize {
    let b = code.as_bytes();
    let mut v = 0;
    let mut i = 0;
    while i < b.len() {
        v = (v << 1) | (b[i] - b'0') as usize;
        i += 1;
    }
    v
}

/// Fills a `BITS`-bit lookup table from (run, code) pairs; panics at compile time on a code that
/// is a prefix of another.
const fn lookup<const N: usize>(bits: usize, sets: &[&[(u16, &str)]]) -> [Entry; N] {
    let mut table = [0 as Entry; N];
    let mut s = 0;
    while s < sets.len() {
        let codes = sets[s];
        let mut i = 0;
        while i < codes.len() {
            let (run, code) = codes[i];
            let len = code.len();
            assert!(len >= 1 && len <= bits);
            let shift = bits - len;
            let start = code_value(code) << shift;
            let mut k = 0;
            while k < (1 << shift) {
                assert!(table[start + k] == 0, "codes share a prefix");
                table[start + k] = (run << 4) | len as u16;
                k += 1;
            }
            i += 1;
        }
        s += 1;
    }
    table
}

pub(crate) const WHITE_TERMINATING: [(u16, &str); 64] = [
    (0, "00110101"), (1, "000111"), (2, "0111"), (3, "1000"), (4, "1011"), (5, "1100"), (6, "1110"),
    (7, "1111"), (8, "10011"), (9, "10100"), (10, "00111"), (11, "01000"), (12, "001000"),
    (13, "000011"), (14, "110100"), (15, "110101"), (16, "101010"), (17, "101011"), (18, "0100111"),
    (19, "0001100"), (20, "0001000"), (21, "0010111"), (22, "0000011"), (23, "0000100"),
    (24, "0101000"), (25, "0101011"), (26, "0010011"), (27, "0100100"), (28, "0011000"),
    (29, "00000010"), (30, "00000011"), (31, "00011010"), (32, "00011011"), (33, "00010010"),
    (34, "00010011"), (35, "00010100"), (36, "00010101"), (37, "00010110"), (38, "00010111"),
    (39, "00101000"), (40, "00101001"), (41, "00101010"), (42, "00101011"), (43, "00101100"),
    (44, "00101101"), (45, "00000100"), (46, "00000101"), (47, "00001010"), (48, "00001011"),
    (49, "01010010"), (50, "01010011"), (51, "01010100"), (52, "01010101"), (53, "00100100"),
    (54, "00100101"), (55, "01011000"), (56, "01011001"), (57, "01011010"), (58, "01011011"),
    (59, "01001010"), (60, "01001011"), (61, "00110010"), (62, "00110011"), (63, "00110100"),
];

pub(crate) const WHITE_MAKEUP: [(u16, &str); 27] = [
    (64, "11011"), (128, "10010"), (192, "010111"), (256, "0110111"), (320, "00110110"),
    (384, "00110111"), (448, "01100100"), (512, "01100101"), (576, "01101000"), (640, "01100111"),
    (704, "011001100"), (768, "011001101"), (832, "011010010"), (896, "011010011"),
    (960, "011010100"), (1024, "011010101"), (1088, "011010110"), (1152, "011010111"),
    (1216, "011011000"), (1280, "011011001"), (1344, "011011010"), (1408, "011011011"),
    (1472, "010011000"), (1536, "010011001"), (1600, "010011010"), (1664, "011000"),
    (1728, "010011011"),
];

pub(crate) const BLACK_TERMINATING: [(u16, &str); 64] = [
    (0, "0000110111"), (1, "010"), (2, "11"), (3, "10"), (4, "011"), (5, "0011"), (6, "0010"),
    (7, "00011"), (8, "000101"), (9, "000100"), (10, "0000100"), (11, "0000101"), (12, "0000111"),
    (13, "00000100"), (14, "00000111"), (15, "000011000"), (16, "0000010111"), (17, "0000011000"),
    (18, "0000001000"), (19, "00001100111"), (20, "00001101000"), (21, "00001101100"),
    (22, "00000110111"), (23, "00000101000"), (24, "00000010111"), (25, "00000011000"),
    (26, "000011001010"), (27, "000011001011"), (28, "000011001100"), (29, "000011001101"),
    (30, "000001101000"), (31, "000001101001"), (32, "000001101010"), (33, "000001101011"),
    (34, "000011010010"), (35, "000011010011"), (36, "000011010100"), (37, "000011010101"),
    (38, "000011010110"), (39, "000011010111"), (40, "000001101100"), (41, "000001101101"),
    (42, "000011011010"), (43, "000011011011"), (44, "000001010100"), (45, "000001010101"),
    (46, "000001010110"), (47, "000001010111"), (48, "000001100100"), (49, "000001100101"),
    (50, "000001010010"), (51, "000001010011"), (52, "000000100100"), (53, "000000110111"),
    (54, "000000111000"), (55, "000000100111"), (56, "000000101000"), (57, "000001011000"),
    (58, "000001011001"), (59, "000000101011"), (60, "000000101100"), (61, "000001011010"),
    (62, "000001100110"), (63, "000001100111"),
];

pub(crate) const BLACK_MAKEUP: [(u16, &str); 27] = [
    (64, "0000001111"), (128, "000011001000"), (192, "000011001001"), (256, "000001011011"),
    (320, "000000110011"), (384, "000000110100"), (448, "000000110101"), (512, "0000001101100"),
    (576, "0000001101101"), (640, "0000001001010"), (704, "0000001001011"), (768, "0000001001100"),
    (832, "0000001001101"), (896, "0000001110010"), (960, "0000001110011"), (1024, "0000001110100"),
    (1088, "0000001110101"), (1152, "0000001110110"), (1216, "0000001110111"),
    (1280, "0000001010010"), (1344, "0000001010011"), (1408, "0000001010100"),
    (1472, "0000001010101"), (1536, "0000001011010"), (1600, "0000001011011"),
    (1664, "0000001100100"), (1728, "0000001100101"),
];

/// Make-up codes shared by both colours (T.4 table 3, 1792–2560).
pub(crate) const EXTENDED_MAKEUP: [(u16, &str); 13] = [
    (1792, "00000001000"), (1856, "00000001100"), (1920, "00000001101"), (1984, "000000010010"),
    (2048, "000000010011"), (2112, "000000010100"), (2176, "000000010101"), (2240, "000000010110"),
    (2304, "000000010111"), (2368, "000000011100"), (2432, "000000011101"), (2496, "000000011110"),
    (2560, "000000011111"),
];

const WHITE_BITS: u32 = 12;
const BLACK_BITS: u32 = 13;
static WHITE: [Entry; 1 << WHITE_BITS] =
    lookup(WHITE_BITS as usize, &[&WHITE_TERMINATING, &WHITE_MAKEUP, &EXTENDED_MAKEUP]);
static BLACK: [Entry; 1 << BLACK_BITS] =
    lookup(BLACK_BITS as usize, &[&BLACK_TERMINATING, &BLACK_MAKEUP, &EXTENDED_MAKEUP]);

/// Two-dimensional coding modes (T.6 table 1), stored in the "run" field of a mode entry:
/// vertical modes as 3 + offset (0..=6).
const PASS: u16 = 7;
const HORIZONTAL: u16 = 8;
const EXTENSION: u16 = 9;
const MODE_BITS: u32 = 7;
static MODES: [Entry; 1 << MODE_BITS] = lookup(
    MODE_BITS as usize,
    &[&[
        (3, "1"),
        (4, "011"),
        (2, "010"),
        (5, "000011"),
        (1, "000010"),
        (6, "0000011"),
        (0, "0000010"),
        (HORIZONTAL, "001"),
        (PASS, "0001"),
        (EXTENSION, "0000001"),
    ]],
);

/// Bits MSB first from a strip; reading up to 8 bytes past its end yields zeros, more is an error.
struct BitReader<'a> {
    data: &'a [u8],
    next: usize,
    acc: u64,
    count: u32,
}

impl<'a> BitReader<'a> {
    fn new(data: &'a [u8]) -> Self {
        BitReader { data, next: 0, acc: 0, count: 0 }
    }

    #[inline]
    fn refill(&mut self) {
        while self.count <= 56 {
            let byte = self.data.get(self.next).copied().unwrap_or(0);
            self.next += 1;
            self.acc |= u64::from(byte) << (56 - self.count);
            self.count += 8;
        }
    }

    #[inline]
    fn peek(&mut self, bits: u32) -> u32 {
        if self.count < bits {
            self.refill();
        }
        (self.acc >> (64 - bits)) as u32
    }

    #[inline]
    fn consume(&mut self, bits: u32) -> Result<(), ImageError> {
        self.acc <<= bits;
        self.count -= bits;
        if self.next > self.data.len() + 8 {
            return Err(ImageError::Malformed("G4 data ends inside a row"));
        }
        Ok(())
    }
}

/// Longest run accepted: far beyond any card width, short of overflow.
const MAX_RUN: u32 = 1 << 20;

fn run(bits: &mut BitReader<'_>, black: bool) -> Result<u32, ImageError> {
    let mut total = 0u32;
    loop {
        let e = if black { BLACK[bits.peek(BLACK_BITS) as usize] } else { WHITE[bits.peek(WHITE_BITS) as usize] };
        if e == 0 {
            return Err(ImageError::Malformed("invalid G4 run-length code"));
        }
        bits.consume(u32::from(e & 15))?;
        let length = u32::from(e >> 4);
        total += length;
        if total > MAX_RUN {
            return Err(ImageError::Malformed("G4 run too long"));
        }
        if length < 64 {
            return Ok(total);
        }
    }
}

/// Decodes `rows` rows of `width` pixels from one G4-coded strip, calling `row` with each row's
/// changing elements: positions where the colour changes, starting from code white (0) at
/// position 0; every position is at most `width`. The reference line starts all white, as at the
/// start of every TIFF strip.
pub(crate) fn decode_strip(
    data: &[u8],
    width: u32,
    rows: u32,
    mut row: impl FnMut(&[u32]),
) -> Result<(), ImageError> {
    let w = width;
    let max_changes = w as usize + 3;
    let mut bits = BitReader::new(data);
    // Reference line: its changes followed by sentinels at `w`, so b1 and b2 always exist.
    let mut reference: Vec<u32> = Vec::with_capacity(max_changes + 3);
    let mut current: Vec<u32> = Vec::with_capacity(max_changes + 3);
    reference.extend_from_slice(&[w, w, w]);
    for _ in 0..rows {
        current.clear();
        // a0 is −1 before the first pixel; kept as a0 + 1 to stay unsigned.
        let mut a0p1: u32 = 0;
        let mut black = false;
        let mut i = 0usize;
        while a0p1 <= w {
            // b1: the first change on the reference line right of a0 whose colour is the
            // opposite of a0's (even indices turn white to black).
            while i > 0 && reference[i - 1] >= a0p1 {
                i -= 1;
            }
            while reference[i] < a0p1 {
                i += 1;
            }
            if (i & 1) != usize::from(black) {
                i += 1;
            }
            let i1 = i.min(reference.len() - 2);
            let (b1, b2) = (reference[i1], reference[i1 + 1]);

            let e = MODES[bits.peek(MODE_BITS) as usize];
            if e == 0 {
                // Seven zero bits: an EOL / end of block before the row is complete.
                return Err(ImageError::Malformed("G4 block ends before the last row"));
            }
            bits.consume(u32::from(e & 15))?;
            let start = a0p1.saturating_sub(1);
            match e >> 4 {
                PASS => {
                    a0p1 = b2 + 1;
                }
                HORIZONTAL => {
                    let r1 = run(&mut bits, black)?;
                    let r2 = run(&mut bits, !black)?;
                    let a1 = start + r1;
                    let a2 = a1 + r2;
                    if a2 > w {
                        return Err(ImageError::Malformed("G4 run past the row end"));
                    }
                    current.push(a1);
                    current.push(a2);
                    a0p1 = a2 + 1;
                }
                EXTENSION => return Err(ImageError::Unsupported("G4 uncompressed mode")),
                v => {
                    let a1 = i64::from(b1) + i64::from(v) - 3;
                    if a1 < i64::from(start) || a1 > i64::from(w) {
                        return Err(ImageError::Malformed("G4 vertical mode off the row"));
                    }
                    let a1 = a1 as u32;
                    current.push(a1);
                    a0p1 = a1 + 1;
                    black = !black;
                }
            }
            if current.len() > max_changes {
                return Err(ImageError::Malformed("G4 row changes colour too often"));
            }
        }
        row(&current);
        std::mem::swap(&mut reference, &mut current);
        reference.extend_from_slice(&[w, w, w]);
    }
    // Whatever follows the last row (EOFB, fill bits) is not needed.
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code_set(sets: &[&[(u16, &str)]]) -> Vec<(u16, String)> {
        let mut v: Vec<(u16, String)> =
            sets.iter().flat_map(|s| s.iter().map(|&(r, c)| (r, c.to_string()))).collect();
        v.sort();
        v
    }

    fn fax_set(entries: &[(u16, fax::Bits)]) -> Vec<(u16, String)> {
        let mut v: Vec<(u16, String)> = entries.iter().map(|&(r, b)| (r, b.to_string())).collect();
        v.sort();
        v
    }

    /// Our transcription of T.4 against the `fax` crate's, an independent one.
    #[test]
    fn g4_code_tables_match_an_independent_transcription() {
        assert_eq!(
            code_set(&[&WHITE_TERMINATING, &WHITE_MAKEUP, &EXTENDED_MAKEUP]),
            fax_set(&fax::maps::white::ENTRIES)
        );
        assert_eq!(
            code_set(&[&BLACK_TERMINATING, &BLACK_MAKEUP, &EXTENDED_MAKEUP]),
            fax_set(&fax::maps::black::ENTRIES)
        );
    }

    /// Encodes rows with the `fax` crate's G4 encoder.
    fn encode(rows: &[Vec<bool>], width: u16) -> Vec<u8> {
        let mut enc = fax::encoder::Encoder::new(fax::VecWriter::new());
        for r in rows {
            enc.encode_line(r.iter().map(|&b| if b { fax::Color::Black } else { fax::Color::White }), width)
                .unwrap();
        }
        enc.finish().unwrap().finish()
    }

    fn decode_rows(data: &[u8], width: u32, rows: u32) -> Result<Vec<Vec<bool>>, ImageError> {
        let mut out = Vec::new();
        decode_strip(data, width, rows, |changes| {
            let mut r = vec![false; width as usize];
            let mut black = false;
            let mut x = 0;
            for &c in changes {
                for p in &mut r[x as usize..c as usize] {
                    *p = black;
                }
                x = c;
                black = !black;
            }
            for p in &mut r[x as usize..] {
                *p = black;
            }
            out.push(r);
        })?;
        Ok(out)
    }

    #[test]
    fn g4_round_trips_patterns() {
        let width = 3000u16;
        let mut rows = vec![vec![false; width as usize]; 6];
        rows[1] = vec![true; width as usize];
        rows[2] = (0..width).map(|x| x % 2 == 0).collect();
        rows[3] = (0..width).map(|x| !(3..=2700).contains(&x)).collect();
        rows[4] = (0..width).map(|x| (x / 7) % 3 == 1).collect();
        rows[5] = (0..width).map(|x| (200..2900).contains(&x)).collect();
        let data = encode(&rows, width);
        assert_eq!(decode_rows(&data, u32::from(width), 6).unwrap(), rows);
    }

    #[test]
    fn g4_round_trips_random_images() {
        use rand_chacha::ChaCha8Rng;
        use rand_core::{RngCore, SeedableRng};
        let mut rng = ChaCha8Rng::seed_from_u64(9);
        for case in 0..200u32 {
            let width = 1 + rng.next_u32() % 700;
            let height = 1 + rng.next_u32() % 20;
            // Runs of random length so both short and long codes appear.
            let mut rows = Vec::new();
            for _ in 0..height {
                let mut r = Vec::with_capacity(width as usize);
                let mut black = rng.next_u32() % 2 == 0;
                while r.len() < width as usize {
                    let len = 1 + (rng.next_u32() % [3, 40, 300][(case % 3) as usize]) as usize;
                    r.extend(std::iter::repeat_n(black, len.min(width as usize - r.len())));
                    black = !black;
                }
                rows.push(r);
            }
            let data = encode(&rows, width as u16);
            assert_eq!(decode_rows(&data, width, height).unwrap(), rows, "case {case}");
        }
    }

    #[test]
    fn g4_truncated_and_garbage_data_are_errors() {
        let rows = vec![(0..500u16).map(|x| x % 5 == 0).collect::<Vec<_>>(); 30];
        let data = encode(&rows, 500);
        for cut in [0, 1, data.len() / 2, data.len() - 4] {
            assert!(decode_rows(&data[..cut], 500, 30).is_err(), "cut {cut}");
        }
        // All ones is V0 on an all-white reference: one valid white row per bit, so 16 bits
        // cannot hold 30 rows.
        assert_eq!(decode_rows(&[0xFF; 4], 500, 30).unwrap(), vec![vec![false; 500]; 30]);
        assert!(decode_rows(&[0xFF; 2], 500, 30).is_err());
        assert!(decode_rows(&[0x00; 64], 500, 30).is_err());
        // Asking for more rows than the block holds.
        assert!(decode_rows(&data, 500, 31).is_err());
    }
}
