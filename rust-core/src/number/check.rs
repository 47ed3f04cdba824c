//! One call per keystroke for the number field: what to show, whether "next" may be enabled, and
//! what to warn about (product.md §3).

use super::{normalize, pattern_warning, CardNumber, NumberError};
use zeroize::Zeroizing;

/// The state of the number field after one edit.
///
/// `normalized` is what the field should display (half-width upper case, no spaces or dashes) and
/// is wiped on drop like the number itself.
pub struct NumberCheck {
    /// The normalised text; error positions count characters in it.
    pub normalized: Zeroizing<String>,
    /// `Ok` exactly when "next" may be enabled.
    pub result: Result<CardNumber, NumberError>,
    /// A first-generation pattern deviation to show without blocking; only set when `result` is `Ok`.
    pub warning: Option<NumberError>,
}

impl NumberCheck {
    /// Whether the number may be submitted (the warning does not block).
    pub fn is_valid(&self) -> bool {
        self.result.is_ok()
    }
}

/// Normalises and validates `input` in one step, for live validation of a text field.
pub fn check(input: &str) -> NumberCheck {
    let normalized = Zeroizing::new(normalize(input));
    let result = CardNumber::parse_normalized(&normalized);
    let warning = result.as_ref().ok().and_then(pattern_warning);
    NumberCheck {
        normalized,
        result,
        warning,
    }
}

impl std::fmt::Debug for NumberCheck {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NumberCheck")
            .field("normalized_len", &self.normalized.chars().count())
            .field("result", &self.result)
            .field("warning", &self.warning)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_check_valid_first_generation() {
        let c = check("ａｂ-1234 5678-ｃｄ");
        assert_eq!(c.normalized.as_str(), "AB12345678CD");
        assert_eq!(
            c.result.as_ref().map(CardNumber::as_str),
            Ok("AB12345678CD")
        );
        assert_eq!(c.warning, None);
        assert!(c.is_valid());
    }

    #[test]
    fn number_check_valid_with_warning() {
        let c = check("ab1234567890");
        assert_eq!(c.normalized.as_str(), "AB1234567890");
        assert!(c.is_valid());
        assert_eq!(
            c.warning,
            Some(NumberError::ExpectedLetter { position: 11 })
        );
    }

    #[test]
    fn number_check_while_typing() {
        let c = check("ab12");
        assert_eq!(c.normalized.as_str(), "AB12");
        assert_eq!(c.result, Err(NumberError::TooShort { count: 4 }));
        assert_eq!(c.warning, None);
        assert!(!c.is_valid());

        let c = check("");
        assert_eq!(c.normalized.as_str(), "");
        assert_eq!(c.result, Err(NumberError::Empty));

        let c = check("ab1+");
        assert_eq!(c.normalized.as_str(), "AB1+");
        assert_eq!(c.result, Err(NumberError::InvalidCharacter { position: 4 }));

        let c = check("AB12345678CDX");
        assert_eq!(c.result, Err(NumberError::TooLong { count: 13 }));
        assert_eq!(c.warning, None);
    }

    #[test]
    fn number_check_debug_is_redacted() {
        let c = check("AB12345678CD");
        assert_eq!(
            format!("{c:?}"),
            "NumberCheck { normalized_len: 12, result: Ok(CardNumber(<redacted>)), warning: None }"
        );
    }
}
