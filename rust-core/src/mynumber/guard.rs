//! A bounds pre-check before card bytes reach `myna_card`'s parsers.
//!
//! Why: `myna_card::tlv::ber::parse_header` accepts length fields of up to eight bytes and its
//! callers add that length to the header size unchecked (`Header::total_len`), which panics on
//! overflow where overflow checks are on (tests, fuzzing) — a hostile card could end a check in a
//! panic. Every TLV level those parsers walk is first walked here with checked arithmetic; input
//! that fails is malformed before the crate sees it. The walk mirrors the crate's: objects one
//! after another, stopping at a `00`/`FF` filler byte where an object would start.

/// One object of a level: its tag (bytes packed big-endian) and value.
pub struct Object<'a> {
    pub tag: u32,
    pub value: &'a [u8],
}

/// Header of the object at the start of `data`: (tag, header length, value length), with every
/// length bounded by what is present.
pub fn header(data: &[u8]) -> Option<(u32, usize, usize)> {
    let first = *data.first()?;
    let mut tag = u32::from(first);
    let mut pos = 1;
    if first & 0x1F == 0x1F {
        loop {
            let b = *data.get(pos)?;
            pos += 1;
            if pos > 4 {
                return None;
            }
            tag = (tag << 8) | u32::from(b);
            if b & 0x80 == 0 {
                break;
            }
        }
    }
    let l = *data.get(pos)?;
    pos += 1;
    let len = if l < 0x80 {
        usize::from(l)
    } else {
        let n = usize::from(l & 0x7F);
        if n == 0 || n > 3 {
            return None;
        }
        let bytes = data.get(pos..pos + n)?;
        pos += n;
        bytes.iter().fold(0usize, |a, &b| (a << 8) | usize::from(b))
    };
    let end = pos.checked_add(len)?;
    (end <= data.len()).then_some((tag, pos, len))
}

/// The objects of one level, or `None` if any header is out of bounds.
pub fn level(data: &[u8]) -> Option<Vec<Object<'_>>> {
    let mut out = Vec::new();
    let mut rest = data;
    while let Some(&first) = rest.first() {
        if first == 0x00 || first == 0xFF {
            break;
        }
        let (tag, hl, len) = header(rest)?;
        out.push(Object { tag, value: &rest[hl..hl + len] });
        rest = &rest[hl + len..];
    }
    Some(out)
}

/// The single outer object at the start of `data` (filler may follow) and its children.
pub fn outer(data: &[u8]) -> Option<(u32, Vec<Object<'_>>)> {
    let (tag, hl, len) = header(data)?;
    Some((tag, level(&data[hl..hl + len])?))
}

pub fn find<'a>(objects: &[Object<'a>], tag: u32) -> Option<&'a [u8]> {
    objects.iter().find(|o| o.tag == tag).map(|o| o.value)
}

/// A file `myna_card` walks as outer object + one level ([`outer`]), plus the `90`/`91` key level
/// inside the value of `key_tag` when given (card-face `DF24`).
pub fn two_levels(data: &[u8], key_tag: Option<u32>) -> bool {
    match outer(data) {
        None => false,
        Some((_, children)) => match key_tag.and_then(|t| find(&children, t)) {
            Some(key) => level(key).is_some(),
            None => true,
        },
    }
}

/// A card-verifiable certificate as `CardVerifiableCertificate::parse` walks it: `7F21`, its
/// children, and the key level after the two 16-byte key IDs in a 297-byte body.
pub fn cvc(data: &[u8]) -> bool {
    let Some((_, children)) = outer(data) else { return false };
    match find(&children, 0x5F4E) {
        Some(body) if body.len() == 297 => level(&body[32..]).is_some(),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_crate_panic_is_caught_here() {
        // An eight-byte length: myna_card's Header::total_len would overflow on it.
        let hostile = [0xFF, 0x20, 0x0A, 0xDF, 0x22, 0x88, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF];
        assert!(!two_levels(&hostile, None));
        assert!(header(&[0x04, 0x83, 0xFF, 0xFF, 0xFF]).is_none());
        assert_eq!(header(&[0x04, 0x02, 1, 2]), Some((4, 2, 2)));
        assert_eq!(header(&[0xDF, 0x22, 0x01, 9]), Some((0xDF22, 3, 1)));
    }

    proptest::proptest! {
        #[test]
        fn never_panics(b in proptest::collection::vec(proptest::num::u8::ANY, 0..64)) {
            let _ = two_levels(&b, Some(0xDF24));
            let _ = cvc(&b);
        }
    }
}
