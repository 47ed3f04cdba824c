//! Text fields: UTF-8 per spec Ver 1.5, with a Shift_JIS fallback for cards written before the
//! encoding was stated (gen1-chip.md §7). Padding is stripped here, never before hashing.

use crate::model::ChipText;

/// Strips the `00` fill from the end of a fixed-length value.
pub fn strip_padding(value: &[u8]) -> &[u8] {
    let end = value.iter().rposition(|b| *b != 0).map_or(0, |i| i + 1);
    &value[..end]
}

/// Decodes a text value; `None` when the field is empty (all `00`).
pub fn decode(value: &[u8]) -> Option<ChipText> {
    let bytes = strip_padding(value);
    if bytes.is_empty() {
        return None;
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Some(ChipText { text: s.to_owned(), shift_jis_fallback: false }),
        Err(_) => {
            let (text, _, _had_errors) = encoding_rs::SHIFT_JIS.decode(bytes);
            Some(ChipText { text: text.into_owned(), shift_jis_fallback: true })
        }
    }
}

/// Decodes an ASCII code field (dates, municipality codes, versions); `None` when empty or not
/// printable ASCII.
pub fn ascii(value: &[u8]) -> Option<String> {
    let bytes = strip_padding(value);
    if bytes.is_empty() || !bytes.iter().all(|b| b.is_ascii_graphic() || *b == b' ') {
        return None;
    }
    Some(String::from_utf8_lossy(bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_padding() {
        let mut v = "東京都千代田区".as_bytes().to_vec();
        v.resize(320, 0);
        let t = decode(&v).unwrap();
        assert_eq!(t.text, "東京都千代田区");
        assert!(!t.shift_jis_fallback);
    }

    #[test]
    fn shift_jis_fallback() {
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("大阪府");
        let mut v = sjis.into_owned();
        v.resize(40, 0);
        let t = decode(&v).unwrap();
        assert_eq!(t.text, "大阪府");
        assert!(t.shift_jis_fallback);
    }

    #[test]
    fn empty_and_ascii() {
        assert_eq!(decode(&[0; 120]), None);
        assert_eq!(ascii(b"0001"), Some("0001".into()));
        assert_eq!(ascii(&[0x30, 0xFF]), None);
        assert_eq!(strip_padding(&[1, 0, 2, 0, 0]), &[1, 0, 2]);
    }

    proptest::proptest! {
        #[test]
        fn never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..400)) {
            let _ = decode(&bytes);
            let _ = ascii(&bytes);
        }
    }
}
