//! Bi-level TIFF (the D0 card front, gen-2 name/address images).
//!
//! The IFD walk is done here rather than by the `tiff` crate for two reasons: the chip value is
//! zero-padded to its maximum size and only the TIFF structure says where the image ends (trailing
//! zeros can be genuine G4 data in the last strip), and the limits must be checked before the
//! decoder allocates anything for the pixels.

use std::io::Cursor;

use super::{DecodedImage, ImageError, Limits};

/// More IFDs than this in a card image means a crafted file (a card front has exactly one).
const MAX_IFDS: usize = 16;

const TAG_IMAGE_WIDTH: u16 = 256;
const TAG_IMAGE_LENGTH: u16 = 257;
const TAG_BITS_PER_SAMPLE: u16 = 258;
const TAG_COMPRESSION: u16 = 259;
const TAG_PHOTOMETRIC: u16 = 262;
const TAG_FILL_ORDER: u16 = 266;
const TAG_STRIP_OFFSETS: u16 = 273;
const TAG_SAMPLES_PER_PIXEL: u16 = 277;
const TAG_ROWS_PER_STRIP: u16 = 278;
const TAG_STRIP_BYTE_COUNTS: u16 = 279;
const TAG_TILE_OFFSETS: u16 = 324;
const TAG_TILE_BYTE_COUNTS: u16 = 325;

#[derive(Clone, Copy)]
enum Order {
    Le,
    Be,
}

struct Reader<'a> {
    data: &'a [u8],
    order: Order,
}

impl<'a> Reader<'a> {
    fn bytes(&self, offset: usize, len: usize) -> Result<&'a [u8], ImageError> {
        let end = offset.checked_add(len).ok_or(ImageError::Malformed("TIFF offset overflows"))?;
        self.data.get(offset..end).ok_or(ImageError::Malformed("TIFF structure points outside the value"))
    }

    fn u16(&self, offset: usize) -> Result<u16, ImageError> {
        let b = self.bytes(offset, 2)?;
        let b = [b[0], b[1]];
        Ok(match self.order {
            Order::Le => u16::from_le_bytes(b),
            Order::Be => u16::from_be_bytes(b),
        })
    }

    fn u32(&self, offset: usize) -> Result<u32, ImageError> {
        let b = self.bytes(offset, 4)?;
        let b = [b[0], b[1], b[2], b[3]];
        Ok(match self.order {
            Order::Le => u32::from_le_bytes(b),
            Order::Be => u32::from_be_bytes(b),
        })
    }
}

/// One IFD entry, with its value located (inline or out of line) and bounds-checked.
struct Entry {
    tag: u16,
    typ: u16,
    count: usize,
    value_offset: usize,
}

/// What the image IFD says, as far as limits and the decoder choice need it.
#[derive(Debug, Default, Clone)]
pub(crate) struct TiffInfo {
    /// One past the last byte any part of the file structure refers to.
    pub end: usize,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub bits_per_sample: Option<u32>,
    pub samples_per_pixel: Option<u32>,
    pub compression: Option<u32>,
    pub photometric: Option<u32>,
    pub fill_order: Option<u32>,
    pub rows_per_strip: Option<u32>,
    /// (offset, length) of each strip of the image IFD, bounds-checked; empty for a tiled image.
    pub strips: Vec<(usize, usize)>,
}

fn type_size(typ: u16) -> Option<usize> {
    Some(match typ {
        1 | 2 | 6 | 7 => 1,   // BYTE, ASCII, SBYTE, UNDEFINED
        3 | 8 => 2,           // SHORT, SSHORT
        4 | 9 | 11 | 13 => 4, // LONG, SLONG, FLOAT, IFD
        5 | 10 | 12 => 8,     // RATIONAL, SRATIONAL, DOUBLE
        _ => return None,
    })
}

impl Reader<'_> {
    /// The i-th value of an integer entry (BYTE, SHORT or LONG).
    fn unsigned(&self, e: &Entry, i: usize) -> Result<u32, ImageError> {
        if i >= e.count {
            return Err(ImageError::Malformed("TIFF value index out of range"));
        }
        match e.typ {
            1 => Ok(u32::from(self.bytes(e.value_offset + i, 1)?[0])),
            3 => Ok(u32::from(self.u16(e.value_offset + 2 * i)?)),
            4 => self.u32(e.value_offset + 4 * i),
            _ => Err(ImageError::Malformed("TIFF tag has a non-integer type")),
        }
    }

    fn single(&self, e: &Entry) -> Result<u32, ImageError> {
        if e.count == 0 {
            return Err(ImageError::Malformed("TIFF tag has no value"));
        }
        self.unsigned(e, 0)
    }
}

/// Walks the header, every IFD, every out-of-line value and every strip/tile, bounds-checking all of
/// it, and records the image IFD's fields.
pub(crate) fn parse(data: &[u8]) -> Result<TiffInfo, ImageError> {
    let order = match data.get(..4) {
        Some(b"II*\0") => Order::Le,
        Some(b"MM\0*") => Order::Be,
        _ => return Err(ImageError::UnknownFormat),
    };
    let r = Reader { data, order };
    let mut info = TiffInfo { end: 8, ..TiffInfo::default() };
    let mut next = r.u32(4)? as usize;
    let mut seen: Vec<usize> = Vec::new();
    while next != 0 {
        if seen.contains(&next) {
            return Err(ImageError::Malformed("TIFF IFD chain loops"));
        }
        if seen.len() >= MAX_IFDS {
            return Err(ImageError::Malformed("too many TIFF IFDs"));
        }
        seen.push(next);
        let first_ifd = seen.len() == 1;
        let ifd = next;
        let n = usize::from(r.u16(ifd)?);
        let entries_start = ifd.checked_add(2).ok_or(ImageError::Malformed("TIFF offset overflows"))?;
        let next_ptr = entries_start
            .checked_add(n.checked_mul(12).ok_or(ImageError::Malformed("TIFF offset overflows"))?)
            .ok_or(ImageError::Malformed("TIFF offset overflows"))?;
        next = r.u32(next_ptr)? as usize;
        info.end = info.end.max(next_ptr + 4); // r.u32 succeeded, so this is within data.len()

        let mut entries = Vec::with_capacity(n);
        for i in 0..n {
            let at = entries_start + 12 * i; // < next_ptr, checked above
            let tag = r.u16(at)?;
            let typ = r.u16(at + 2)?;
            let count = r.u32(at + 4)? as usize;
            let size = type_size(typ).ok_or(ImageError::Malformed("unknown TIFF field type"))?;
            let total = size.checked_mul(count).ok_or(ImageError::Malformed("TIFF value too large"))?;
            let value_offset = if total <= 4 {
                at + 8
            } else {
                let off = r.u32(at + 8)? as usize;
                r.bytes(off, total)?;
                info.end = info.end.max(off + total);
                off
            };
            entries.push(Entry { tag, typ, count, value_offset });
        }

        let find = |tag: u16| entries.iter().find(|e| e.tag == tag);
        for (offsets_tag, counts_tag) in
            [(TAG_STRIP_OFFSETS, TAG_STRIP_BYTE_COUNTS), (TAG_TILE_OFFSETS, TAG_TILE_BYTE_COUNTS)]
        {
            match (find(offsets_tag), find(counts_tag)) {
                (None, None) => {}
                (Some(offs), Some(counts)) => {
                    if offs.count != counts.count {
                        return Err(ImageError::Malformed(
                            "TIFF strip offsets and byte counts differ in number",
                        ));
                    }
                    for i in 0..offs.count {
                        let off = r.unsigned(offs, i)? as usize;
                        let len = r.unsigned(counts, i)? as usize;
                        r.bytes(off, len)?;
                        info.end = info.end.max(off + len);
                        if first_ifd && offsets_tag == TAG_STRIP_OFFSETS {
                            info.strips.push((off, len));
                        }
                    }
                }
                _ => return Err(ImageError::Malformed("TIFF strip offsets without byte counts")),
            }
        }

        if first_ifd {
            let get =
                |tag: u16| -> Result<Option<u32>, ImageError> { find(tag).map(|e| r.single(e)).transpose() };
            info.width = get(TAG_IMAGE_WIDTH)?;
            info.height = get(TAG_IMAGE_LENGTH)?;
            info.bits_per_sample = get(TAG_BITS_PER_SAMPLE)?;
            info.samples_per_pixel = get(TAG_SAMPLES_PER_PIXEL)?;
            info.compression = get(TAG_COMPRESSION)?;
            info.photometric = get(TAG_PHOTOMETRIC)?;
            info.fill_order = get(TAG_FILL_ORDER)?;
            info.rows_per_strip = get(TAG_ROWS_PER_STRIP)?;
            if find(TAG_STRIP_OFFSETS).is_none() && find(TAG_TILE_OFFSETS).is_none() {
                return Err(ImageError::Malformed("TIFF image has no strips or tiles"));
            }
        }
    }
    if seen.is_empty() {
        return Err(ImageError::Malformed("TIFF has no IFD"));
    }
    Ok(info)
}

pub(crate) fn trim(value: &[u8]) -> Result<&[u8], ImageError> {
    let info = parse(value)?;
    Ok(&value[..info.end])
}

/// Rejects what the card never holds and the decoder would mishandle, before any pixel allocation.
fn check(info: &TiffInfo, limits: &Limits) -> Result<(u32, u32), ImageError> {
    let width = info.width.ok_or(ImageError::Malformed("TIFF has no ImageWidth"))?;
    let height = info.height.ok_or(ImageError::Malformed("TIFF has no ImageLength"))?;
    super::check_dimensions(width, height, limits)?;
    if info.bits_per_sample.unwrap_or(1) != 1 || info.samples_per_pixel.unwrap_or(1) != 1 {
        return Err(ImageError::Unsupported("TIFF is not bi-level (1 bit, 1 sample)"));
    }
    match info.compression.unwrap_or(1) {
        1 | 4 => {}
        _ => return Err(ImageError::Unsupported("TIFF compression is neither CCITT G4 nor none")),
    }
    match info.photometric {
        Some(0 | 1) => {}
        None => return Err(ImageError::Malformed("TIFF has no PhotometricInterpretation")),
        Some(_) => return Err(ImageError::Unsupported("TIFF photometric interpretation is not bi-level")),
    }
    match info.fill_order.unwrap_or(1) {
        1 => {}
        // The `tiff` crate ignores FillOrder and would decode garbage or fail obscurely; Pillow/libtiff
        // decode these. Say exactly what is wrong so a real card with this layout is diagnosable.
        2 => {
            return Err(ImageError::Unsupported("TIFF FillOrder=2 (bits stored LSB first) is not supported"))
        }
        _ => return Err(ImageError::Malformed("TIFF FillOrder is neither 1 nor 2")),
    }
    Ok((width, height))
}

pub(crate) fn decode(value: &[u8], limits: &Limits) -> Result<DecodedImage, ImageError> {
    let info = parse(value)?;
    let data = &value[..info.end];
    let (width, height) = check(&info, limits)?;
    log::debug!("decoding bi-level TIFF {}x{}, {} bytes", width, height, data.len());
    if info.strips.is_empty() {
        // Tiles: never on a card, left to the `tiff` crate.
        return decode_with_tiff_crate(data, width, height);
    }
    decode_strips(data, &info, width, height)
}

/// The card layout: strips, G4 or uncompressed, FillOrder 1. Runs are painted straight into the
/// RGBA buffer, which starts white.
fn decode_strips(data: &[u8], info: &TiffInfo, width: u32, height: u32) -> Result<DecodedImage, ImageError> {
    let rows_per_strip = match info.rows_per_strip {
        Some(0) => return Err(ImageError::Malformed("TIFF RowsPerStrip is 0")),
        Some(n) => n.min(height),
        None => height,
    };
    let strips = height.div_ceil(rows_per_strip) as usize;
    if info.strips.len() < strips {
        return Err(ImageError::Malformed("TIFF has fewer strips than its rows need"));
    }
    // WhiteIsZero (0): a 0 bit, G4's "white", is white. BlackIsZero (1): it is black.
    let invert = info.photometric == Some(1);
    let total = super::rgba_len(width, height)?;
    // Every pixel is written once, run by run, from constant patterns (no fill then repaint).
    let mut rgba = Vec::with_capacity(total);
    let mut rows_left = height;
    for &(offset, len) in &info.strips[..strips] {
        let rows = rows_per_strip.min(rows_left);
        rows_left -= rows;
        let strip = &data[offset..offset + len]; // bounds checked by `parse`
        match info.compression.unwrap_or(1) {
            4 => super::g4::decode_strip(strip, width, rows, |changes| paint_runs(&mut rgba, changes, invert, width))?,
            _ => {
                let stride = (width as usize).div_ceil(8);
                if strip.len() < stride * rows as usize {
                    return Err(ImageError::Malformed("uncompressed TIFF strip shorter than its rows"));
                }
                for packed in strip.chunks_exact(stride).take(rows as usize) {
                    for x in 0..width as usize {
                        let bit = packed[x / 8] & (0x80 >> (x % 8)) != 0;
                        rgba.extend_from_slice(if bit != invert { &BLACK } else { &WHITE });
                    }
                }
            }
        }
    }
    if rgba.len() != total {
        return Err(ImageError::Decode);
    }
    Ok(DecodedImage { width, height, rgba })
}

const BLACK: [u8; 4] = [0, 0, 0, 255];
const WHITE: [u8; 4] = [255; 4];
/// A kilobyte of each colour: runs are copied from these in chunks the compiler turns into wide
/// stores.
static WHITE_PIXELS: [u8; 1024] = [255; 1024];
static BLACK_PIXELS: [u8; 1024] = {
    let mut p = [0u8; 1024];
    let mut i = 3;
    while i < p.len() {
        p[i] = 255;
        i += 4;
    }
    p
};

/// Appends one row from its changing elements (coded white first): black where the coded colour,
/// after the photometric interpretation, is black.
fn paint_runs(rgba: &mut Vec<u8>, changes: &[u32], invert: bool, width: u32) {
    let mut x = 0u32;
    let mut coded_black = false;
    for end in changes.iter().copied().chain(std::iter::once(width)) {
        let end = end.min(width);
        if end > x {
            let pattern = if coded_black != invert { &BLACK_PIXELS } else { &WHITE_PIXELS };
            let mut left = (end - x) as usize * 4;
            while left > 0 {
                let n = left.min(pattern.len());
                rgba.extend_from_slice(&pattern[..n]);
                left -= n;
            }
            x = end;
        }
        coded_black = !coded_black;
    }
}

/// The `tiff` crate's decoder, for layouts the card never uses (tiles).
fn decode_with_tiff_crate(data: &[u8], width: u32, height: u32) -> Result<DecodedImage, ImageError> {
    let stride = (width as usize).div_ceil(8);
    let packed_len = stride.checked_mul(height as usize).ok_or(ImageError::TooLarge)?;
    // `fax` and `tiff` are safe Rust but not hardened against every crafted stream; a panic in them
    // must not take the app down while showing a card.
    let packed = std::panic::catch_unwind(|| decode_packed(data, packed_len)).map_err(|_| {
        log::warn!("TIFF decoder panicked on a {}-byte image", data.len());
        ImageError::Decode
    })??;
    if packed.len() != packed_len {
        return Err(ImageError::Decode);
    }

    let mut rgba = vec![255u8; super::rgba_len(width, height)?];
    for (row, out) in packed.chunks_exact(stride).zip(rgba.chunks_exact_mut(width as usize * 4)) {
        for (x, px) in out.chunks_exact_mut(4).enumerate() {
            // After the `tiff` crate has applied PhotometricInterpretation, a set bit is white.
            if row[x / 8] & (0x80 >> (x % 8)) == 0 {
                px[..3].fill(0);
            }
        }
    }
    Ok(DecodedImage { width, height, rgba })
}

fn decode_packed(data: &[u8], packed_len: usize) -> Result<Vec<u8>, ImageError> {
    use tiff::decoder::{Decoder, DecodingResult, Limits as TiffLimits};
    let mut limits = TiffLimits::default();
    limits.decoding_buffer_size = packed_len;
    limits.ifd_value_size = data.len();
    limits.intermediate_buffer_size = data.len().max(packed_len);
    let mut decoder = Decoder::new(Cursor::new(data)).map_err(tiff_error)?.with_limits(limits);
    if decoder.colortype().map_err(tiff_error)? != tiff::ColorType::Gray(1) {
        return Err(ImageError::Unsupported("TIFF is not bi-level"));
    }
    match decoder.read_image().map_err(tiff_error)? {
        DecodingResult::U8(buf) => Ok(buf),
        _ => Err(ImageError::Decode),
    }
}

fn tiff_error(e: tiff::TiffError) -> ImageError {
    // The error text can quote tag values but not pixels; still, log only its kind.
    match e {
        tiff::TiffError::LimitsExceeded => ImageError::TooLarge,
        tiff::TiffError::UnsupportedError(_) => {
            log::debug!("tiff: unsupported feature");
            ImageError::Unsupported("TIFF feature not supported by the decoder")
        }
        _ => {
            log::debug!("tiff: decode error");
            ImageError::Decode
        }
    }
}
