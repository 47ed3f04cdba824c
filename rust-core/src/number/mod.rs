//! Card numbers: normalisation, validation and OCR clean-up.
//!
//! The 12-character number is the only credential the first-generation chip asks for
//! (gen1-chip.md §5.2) and it is personal data, so every type here redacts it in `Debug`, keeps it
//! out of error texts, and wipes it from memory when dropped (product.md: never store the number
//! after the read).

mod check;
mod error;
mod normalize;
mod ocr;
mod pattern;
mod scanner;

#[cfg(test)]
mod proptests;

pub use check::{check, NumberCheck};
pub use error::NumberError;
pub use normalize::normalize;
pub use ocr::{best_candidate, OcrCandidate};
pub use pattern::pattern_warning;
pub use scanner::{NumberScanner, DEFAULT_REQUIRED_AGREEMENT};

use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// Number of characters in every card number, both generations.
pub const CARD_NUMBER_LEN: usize = 12;

/// A syntactically valid card number: exactly 12 ASCII characters from `A–Z0–9`.
///
/// Holding one proves only the syntax; whether it belongs to the card is decided by the chip.
#[derive(Clone)]
pub struct CardNumber([u8; CARD_NUMBER_LEN]);

impl CardNumber {
    /// Parses whatever the user typed: normalises first (full-width, lower case, spaces, dashes),
    /// then requires 12 characters of `A–Z0–9`. Any 12 such characters are accepted because the
    /// second-generation layout is undocumented; see [`pattern_warning`] for the first-generation
    /// check.
    ///
    /// A bad character is reported before a wrong length, so a live text field can point at the
    /// character as soon as it is typed.
    pub fn parse(input: &str) -> Result<Self, NumberError> {
        let normalized = Zeroizing::new(normalize(input));
        Self::parse_normalized(&normalized)
    }

    /// Like [`CardNumber::parse`], but also requires the first-generation layout `LL DDDDDDDD LL`;
    /// for callers that know they deal with a first-generation card.
    pub fn parse_strict(input: &str) -> Result<Self, NumberError> {
        let number = Self::parse(input)?;
        match pattern_warning(&number) {
            Some(e) => Err(e),
            None => Ok(number),
        }
    }

    /// Validation of already-normalised text; shared with [`check()`] to avoid normalising twice.
    pub(crate) fn parse_normalized(normalized: &str) -> Result<Self, NumberError> {
        let mut number = CardNumber([0; CARD_NUMBER_LEN]);
        let mut count = 0usize;
        for (i, c) in normalized.chars().enumerate() {
            if !(c.is_ascii_uppercase() || c.is_ascii_digit()) {
                return Err(NumberError::InvalidCharacter { position: i + 1 });
            }
            if let (Some(slot), Ok(byte)) = (number.0.get_mut(i), u8::try_from(c)) {
                *slot = byte;
            }
            count = i + 1;
        }
        match count {
            0 => Err(NumberError::Empty),
            n if n < CARD_NUMBER_LEN => Err(NumberError::TooShort { count: n }),
            n if n > CARD_NUMBER_LEN => Err(NumberError::TooLong { count: n }),
            _ => Ok(number),
        }
    }

    /// Builds a number from bytes already known to be `A–Z0–9`; `None` if they are not exactly that.
    pub(crate) fn from_ascii(bytes: &[u8]) -> Option<Self> {
        let array: [u8; CARD_NUMBER_LEN] = bytes.try_into().ok()?;
        let number = CardNumber(array);
        number
            .0
            .iter()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            .then_some(number)
    }

    /// The 12 ASCII bytes the chip's key derivation hashes (gen1-chip.md §5.2).
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The number as text, for filling the entry field after a scan.
    pub fn as_str(&self) -> &str {
        // Construction guarantees ASCII, so the fallback is unreachable; it avoids a panic path.
        std::str::from_utf8(&self.0).unwrap_or("")
    }
}

/// Same as [`CardNumber::parse`], for `str::parse` and generic code.
impl std::str::FromStr for CardNumber {
    type Err = NumberError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        Self::parse(input)
    }
}

/// Constant-time, so comparing a typed number with a held one leaks nothing through timing.
impl PartialEq for CardNumber {
    fn eq(&self, other: &Self) -> bool {
        self.0[..].ct_eq(&other.0[..]).into()
    }
}

impl Eq for CardNumber {}

impl std::fmt::Debug for CardNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CardNumber(<redacted>)")
    }
}

impl Drop for CardNumber {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl ZeroizeOnDrop for CardNumber {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_parse_plain() {
        let n = CardNumber::parse("AB12345678CD").expect("valid");
        assert_eq!(n.as_str(), "AB12345678CD");
        assert_eq!(n.as_bytes(), b"AB12345678CD");
    }

    #[test]
    fn number_parse_normalises() {
        for input in [
            "ＡＢ１２３４５６７８ＣＤ",
            "ab12345678cd",
            "Ab12345678cD",
            " AB 12345678 CD ",
            "AB-1234-5678-CD",
            "ＡＢ－１２３４５６７８－ＣＤ",
            "AB\u{3000}12345678ーCD",
            "AB\u{2212}12345678\u{2014}CD",
        ] {
            assert_eq!(
                CardNumber::parse(input).map(|n| n.as_str().to_owned()),
                Ok("AB12345678CD".to_owned()),
                "{input:?}"
            );
        }
    }

    #[test]
    fn number_parse_accepts_any_layout() {
        assert_eq!(
            CardNumber::parse("123456789012").map(|n| n.as_str().to_owned()),
            Ok("123456789012".to_owned())
        );
        assert_eq!(
            CardNumber::parse("ABCDEFGHIJKL").map(|n| n.as_str().to_owned()),
            Ok("ABCDEFGHIJKL".to_owned())
        );
    }

    #[test]
    fn number_parse_errors_with_positions() {
        assert_eq!(CardNumber::parse(""), Err(NumberError::Empty));
        assert_eq!(CardNumber::parse("  -ー\u{3000}"), Err(NumberError::Empty));
        assert_eq!(
            CardNumber::parse("AB1234"),
            Err(NumberError::TooShort { count: 6 })
        );
        assert_eq!(
            CardNumber::parse("AB 1234567 CD"),
            Err(NumberError::TooShort { count: 11 })
        );
        assert_eq!(
            CardNumber::parse("AB12345678CDE"),
            Err(NumberError::TooLong { count: 13 })
        );
        assert_eq!(
            CardNumber::parse("ＡＢ１２３４５６７８ＣＤＥＦ"),
            Err(NumberError::TooLong { count: 14 })
        );
        assert_eq!(
            CardNumber::parse("AB1234567@CD"),
            Err(NumberError::InvalidCharacter { position: 10 })
        );
        assert_eq!(
            CardNumber::parse("éB12345678CD"),
            Err(NumberError::InvalidCharacter { position: 1 })
        );
        // Counted in normalised text: the hyphen and space do not count.
        assert_eq!(
            CardNumber::parse("AB-12 3.45678CD"),
            Err(NumberError::InvalidCharacter { position: 6 })
        );
        // Multi-byte characters count as one position.
        assert_eq!(
            CardNumber::parse("番号AB12345678CD"),
            Err(NumberError::InvalidCharacter { position: 1 })
        );
        assert_eq!(
            CardNumber::parse("AB番"),
            Err(NumberError::InvalidCharacter { position: 3 })
        );
        // A bad character wins over a wrong length.
        assert_eq!(
            CardNumber::parse("AB_"),
            Err(NumberError::InvalidCharacter { position: 3 })
        );
    }

    #[test]
    fn number_parse_strict() {
        assert_eq!(
            CardNumber::parse_strict("ab-12345678-cd").map(|n| n.as_str().to_owned()),
            Ok("AB12345678CD".to_owned())
        );
        assert_eq!(
            CardNumber::parse_strict("A112345678CD"),
            Err(NumberError::ExpectedLetter { position: 2 })
        );
        assert_eq!(
            CardNumber::parse_strict("AB12O45678CD"),
            Err(NumberError::ExpectedDigit { position: 5 })
        );
        assert_eq!(
            CardNumber::parse_strict("AB123456780D"),
            Err(NumberError::ExpectedLetter { position: 11 })
        );
        assert_eq!(
            CardNumber::parse_strict("AB12345678C0"),
            Err(NumberError::ExpectedLetter { position: 12 })
        );
        // Syntax errors come first.
        assert_eq!(
            CardNumber::parse_strict("A1"),
            Err(NumberError::TooShort { count: 2 })
        );
        assert_eq!(CardNumber::parse_strict(""), Err(NumberError::Empty));
    }

    #[test]
    fn number_from_str() {
        let n: CardNumber = "ab-12345678-cd".parse().expect("valid");
        assert_eq!(n.as_str(), "AB12345678CD");
        assert_eq!(
            "x".parse::<CardNumber>(),
            Err(NumberError::TooShort { count: 1 })
        );
    }

    #[test]
    fn number_equality_and_clone() {
        let a = CardNumber::parse("AB12345678CD").expect("valid");
        let b = CardNumber::parse("ab12345678cd").expect("valid");
        let c = CardNumber::parse("AB12345678CE").expect("valid");
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(a.clone(), a);
    }

    #[test]
    fn number_debug_is_redacted() {
        let n = CardNumber::parse("AB12345678CD").expect("valid");
        assert_eq!(format!("{n:?}"), "CardNumber(<redacted>)");
        assert_eq!(
            format!("{:?}", Ok::<_, NumberError>(n)),
            "Ok(CardNumber(<redacted>))"
        );
    }

    #[test]
    fn number_from_ascii_rejects_bad_bytes() {
        assert!(CardNumber::from_ascii(b"AB12345678CD").is_some());
        assert!(CardNumber::from_ascii(b"ab12345678cd").is_none());
        assert!(CardNumber::from_ascii(b"AB12345678C").is_none());
        assert!(CardNumber::from_ascii(b"AB12345678CDE").is_none());
    }
}
