//! The first-generation layout `LL DDDDDDDD LL` (product.md §3, gen1-chip.md §5.2).
//!
//! Only first-generation cards document it, so it drives OCR correction and strict parsing but is
//! merely a warning for typed input.

use super::{CardNumber, NumberError};

/// What the first-generation layout expects at one position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slot {
    Letter,
    Digit,
}

/// The slot at 0-based `index`; positions 1–2 and 11–12 hold letters, 3–10 digits.
pub(crate) fn slot(index: usize) -> Slot {
    if (2..10).contains(&index) {
        Slot::Digit
    } else {
        Slot::Letter
    }
}

/// The first place where `number` departs from `LL DDDDDDDD LL`, as an `ExpectedLetter` /
/// `ExpectedDigit` error; `None` when it fits.
///
/// A warning, not a rejection: second-generation numbers may legitimately look different, and
/// only the card can tell whether a number is right (product.md §3, "warn, do not block").
pub fn pattern_warning(number: &CardNumber) -> Option<NumberError> {
    number.as_bytes().iter().enumerate().find_map(|(i, b)| {
        let position = i + 1;
        match slot(i) {
            Slot::Letter if !b.is_ascii_uppercase() => {
                Some(NumberError::ExpectedLetter { position })
            }
            Slot::Digit if !b.is_ascii_digit() => Some(NumberError::ExpectedDigit { position }),
            _ => None,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warn(s: &str) -> Option<NumberError> {
        pattern_warning(&CardNumber::parse(s).expect("valid"))
    }

    #[test]
    fn number_pattern_accepts_first_generation() {
        assert_eq!(warn("AB12345678CD"), None);
        assert_eq!(warn("ZZ00000000ZZ"), None);
    }

    #[test]
    fn number_pattern_reports_first_deviation() {
        assert_eq!(
            warn("1B12345678CD"),
            Some(NumberError::ExpectedLetter { position: 1 })
        );
        assert_eq!(
            warn("A212345678CD"),
            Some(NumberError::ExpectedLetter { position: 2 })
        );
        assert_eq!(
            warn("ABX2345678CD"),
            Some(NumberError::ExpectedDigit { position: 3 })
        );
        assert_eq!(
            warn("AB1234567XCD"),
            Some(NumberError::ExpectedDigit { position: 10 })
        );
        assert_eq!(
            warn("AB123456789D"),
            Some(NumberError::ExpectedLetter { position: 11 })
        );
        assert_eq!(
            warn("AB12345678C9"),
            Some(NumberError::ExpectedLetter { position: 12 })
        );
        // Only the first one is reported.
        assert_eq!(
            warn("123456789012"),
            Some(NumberError::ExpectedLetter { position: 1 })
        );
        assert_eq!(
            warn("ABCDEFGHIJKL"),
            Some(NumberError::ExpectedDigit { position: 3 })
        );
    }

    #[test]
    fn number_pattern_slots() {
        let slots: Vec<Slot> = (0..12).map(slot).collect();
        assert_eq!(slots[..2], [Slot::Letter; 2]);
        assert_eq!(slots[2..10], [Slot::Digit; 8]);
        assert_eq!(slots[10..], [Slot::Letter; 2]);
    }
}
