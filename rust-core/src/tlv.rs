//! BER-TLV as the chip writes it (gen1-chip.md §2.1): tags of one byte, or more when the low five
//! bits are all set (`DF D1` on second-generation cards: exactly two bytes); lengths in short form or `81`/`82`/`83`
//! long form; data objects concatenated and followed by `00` fill. Values are borrowed slices.

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TlvError {
    #[error("TLV header truncated")]
    TruncatedHeader,
    #[error("TLV value runs past the end of the data")]
    TruncatedValue,
    #[error("unsupported TLV length form")]
    BadLength,
}

/// One data object: its tag (multi-byte tags big-endian in one integer) and value.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Tlv<'a> {
    pub tag: u32,
    pub value: &'a [u8],
}

impl std::fmt::Debug for Tlv<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Tlv(tag={:X}, len={})", self.tag, self.value.len())
    }
}

/// Iterates the data objects of one file. Stops at the end of the data or at a `00` where a tag
/// should start: that is the chip's padding, and a real tag is never `00`.
pub struct TlvIter<'a> {
    data: &'a [u8],
    pos: usize,
    failed: bool,
}

impl<'a> TlvIter<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        TlvIter { data, pos: 0, failed: false }
    }

    /// Bytes after the last data object (the padding, when iteration ended cleanly).
    pub fn rest(&self) -> &'a [u8] {
        self.data.get(self.pos..).unwrap_or(&[])
    }
}

impl<'a> Iterator for TlvIter<'a> {
    type Item = Result<Tlv<'a>, TlvError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let rest = self.rest();
        match rest.first() {
            None | Some(0x00) => return None,
            _ => {}
        }
        match parse_one(rest) {
            Ok((tlv, used)) => {
                self.pos += used;
                Some(Ok(tlv))
            }
            Err(e) => {
                self.failed = true;
                Some(Err(e))
            }
        }
    }
}

/// Parses the data object at the start of `data`, returning it and the number of bytes it took.
pub fn parse_one(data: &[u8]) -> Result<(Tlv<'_>, usize), TlvError> {
    let first = *data.first().ok_or(TlvError::TruncatedHeader)?;
    let mut pos = 1;
    let mut tag = u32::from(first);
    if first & 0x1F == 0x1F {
        // Two-byte tag. The chip writes `DF D1` followed directly by the length, although strict
        // BER would read `D1` (b8 set) as "more tag bytes follow"; so take exactly one more byte.
        let b = *data.get(pos).ok_or(TlvError::TruncatedHeader)?;
        pos += 1;
        tag = (tag << 8) | u32::from(b);
    }
    let l0 = *data.get(pos).ok_or(TlvError::TruncatedHeader)?;
    pos += 1;
    let len = match l0 {
        0x00..=0x7F => usize::from(l0),
        0x81..=0x83 => {
            let n = usize::from(l0 & 0x7F);
            let bytes = data.get(pos..pos + n).ok_or(TlvError::TruncatedHeader)?;
            pos += n;
            bytes.iter().fold(0usize, |acc, b| (acc << 8) | usize::from(*b))
        }
        _ => return Err(TlvError::BadLength),
    };
    let end = pos.checked_add(len).ok_or(TlvError::TruncatedValue)?;
    let value = data.get(pos..end).ok_or(TlvError::TruncatedValue)?;
    Ok((Tlv { tag, value }, end))
}

/// All data objects of a file, in order.
pub fn parse_all(data: &[u8]) -> Result<Vec<Tlv<'_>>, TlvError> {
    TlvIter::new(data).collect()
}

/// The value of the first data object with `tag`, if any.
pub fn find(data: &[u8], tag: u32) -> Result<Option<&[u8]>, TlvError> {
    for tlv in TlvIter::new(data) {
        let tlv = tlv?;
        if tlv.tag == tag {
            return Ok(Some(tlv.value));
        }
    }
    Ok(None)
}

/// Encodes one data object with the shortest length form.
pub fn encode(tag: u32, value: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(value.len() + 6);
    let tag_bytes = tag.to_be_bytes();
    let skip = tag_bytes.iter().take(3).take_while(|b| **b == 0).count();
    out.extend_from_slice(&tag_bytes[skip..]);
    encode_length(value.len(), &mut out);
    out.extend_from_slice(value);
    out
}

/// Appends a BER length in the shortest form.
pub fn encode_length(len: usize, out: &mut Vec<u8>) {
    match len {
        0..=0x7F => out.push(len as u8),
        0x80..=0xFF => out.extend_from_slice(&[0x81, len as u8]),
        0x100..=0xFFFF => out.extend_from_slice(&[0x82, (len >> 8) as u8, len as u8]),
        _ => out.extend_from_slice(&[0x83, (len >> 16) as u8, (len >> 8) as u8, len as u8]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_fixed_layouts_and_stops_at_padding() {
        let mut ef = vec![0xD2, 0x08];
        ef.extend_from_slice(b"20120310");
        ef.extend_from_slice(&[0xD3, 0x06]);
        ef.extend_from_slice(b"131016");
        ef.extend_from_slice(&[0xD4, 0x82, 0x01, 0x40]);
        ef.extend_from_slice(&[0x41; 320]);
        ef.extend_from_slice(&[0; 10]);
        let all = parse_all(&ef).unwrap();
        assert_eq!(all.iter().map(|t| t.tag).collect::<Vec<_>>(), vec![0xD2, 0xD3, 0xD4]);
        assert_eq!(all[0].value, b"20120310");
        assert_eq!(all[2].value.len(), 320);
        assert_eq!(find(&ef, 0xD3).unwrap(), Some(&b"131016"[..]));
        assert_eq!(find(&ef, 0xD5).unwrap(), None);
    }

    #[test]
    fn all_zero_file_has_no_objects() {
        assert!(parse_all(&[0u8; 122]).unwrap().is_empty());
        assert!(parse_all(&[]).unwrap().is_empty());
    }

    #[test]
    fn multi_byte_tags_and_long_lengths() {
        let obj = encode(0xDFD1, &[7; 2500]);
        assert_eq!(&obj[..5], &[0xDF, 0xD1, 0x82, 0x09, 0xC4]);
        let (tlv, used) = parse_one(&obj).unwrap();
        assert_eq!((tlv.tag, tlv.value.len(), used), (0xDFD1, 2500, 2505));
        // Non-minimal length forms are accepted (the DE field is written 82 00 C8).
        let (tlv, _) = parse_one(&[0xDE, 0x82, 0x00, 0x02, 1, 2]).unwrap();
        assert_eq!(tlv.value, &[1, 2]);
        assert_eq!(encode(0xC1, b"05"), vec![0xC1, 0x02, 0x30, 0x35]);
    }

    #[test]
    fn rejects_truncation_and_bad_forms() {
        assert_eq!(parse_one(&[0xD0, 0x82, 0x1B]).err(), Some(TlvError::TruncatedHeader));
        assert_eq!(parse_one(&[0xD0, 0x05, 1, 2]).err(), Some(TlvError::TruncatedValue));
        assert_eq!(parse_one(&[0xD0, 0x80]).err(), Some(TlvError::BadLength));
        assert_eq!(parse_one(&[0xD0, 0x84, 0, 0, 0, 1]).err(), Some(TlvError::BadLength));
        assert_eq!(parse_one(&[0xDF]).err(), Some(TlvError::TruncatedHeader));
        let mut it = TlvIter::new(&[0xC0, 0x01, 0x31, 0xC1, 0x09]);
        assert!(it.next().unwrap().is_ok());
        assert!(it.next().unwrap().is_err());
        assert!(it.next().is_none());
    }

    proptest::proptest! {
        #[test]
        fn never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..600)) {
            let _ = parse_all(&bytes);
            for tlv in TlvIter::new(&bytes).flatten() {
                proptest::prop_assert!(tlv.value.len() <= bytes.len());
            }
        }

        #[test]
        fn encode_round_trips(tag in proptest::sample::select(vec![0xC0u32, 0xD4, 0xDFD1]), value in proptest::collection::vec(proptest::num::u8::ANY, 0..70_000)) {
            let enc = encode(tag, &value);
            let (tlv, used) = parse_one(&enc).unwrap();
            proptest::prop_assert_eq!(used, enc.len());
            proptest::prop_assert_eq!(tlv.tag, tag);
            proptest::prop_assert_eq!(tlv.value, &value[..]);
        }
    }
}
