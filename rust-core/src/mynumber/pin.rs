//! PIN input: validated and normalised before the card sees it, so a typo never costs a try.
//!
//! Full-width digits and letters (what a Japanese IME types) are folded to ASCII first; the
//! signature password is upper-cased because the card compares bytes and the password was
//! registered in upper case (mynumber-chip.md §3). The first offending character is reported by
//! its 1-based position (in characters as typed) and reason, never by its value.

use std::fmt;

use zeroize::Zeroizing;

/// Which secret a value is for. Also names the retry counter in results and errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PinKind {
    /// 券面事項入力補助用暗証番号, 4 digits.
    InputHelper,
    /// 利用者証明用電子証明書の暗証番号, 4 digits.
    Auth,
    /// 署名用電子証明書の暗証番号, 6–16 of A–Z and 0–9.
    Signature,
    /// 照合番号B of the card-face AP (birth date, expiry year, security code).
    CollationB,
}

impl PinKind {
    /// The stable name used in JSON (`pins.<name>`) and in the presentation model.
    pub fn as_str(self) -> &'static str {
        match self {
            PinKind::InputHelper => "input_helper",
            PinKind::Auth => "auth",
            PinKind::Signature => "signature",
            PinKind::CollationB => "collation_b",
        }
    }
}

/// A secret ready for VERIFY. Zeroized on drop; `Debug` shows only its kind and length.
#[derive(Clone)]
pub struct Pin {
    kind: PinKind,
    bytes: Zeroizing<Vec<u8>>,
}

impl Pin {
    pub fn kind(&self) -> PinKind {
        self.kind
    }

    /// The bytes VERIFY carries. Crate-only so that a PIN cannot be printed from outside.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    pub(crate) fn from_ascii(kind: PinKind, bytes: Vec<u8>) -> Self {
        Pin { kind, bytes: Zeroizing::new(bytes) }
    }
}

impl fmt::Debug for Pin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Pin({}, <{} redacted>)", self.kind.as_str(), self.bytes.len())
    }
}

/// Why an input was refused. Carries positions and bounds only, never a character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinInputReason {
    Empty,
    /// Fewer characters than the format needs.
    TooShort { min: usize },
    /// More characters than the format allows.
    TooLong { max: usize },
    /// Not 0–9 where only digits are allowed.
    NotADigit,
    /// Not A–Z or 0–9 (after folding) in the signature password.
    NotAlphanumeric,
    /// The signature password has no letter.
    NoLetter,
    /// The signature password has no digit.
    NoDigit,
}

impl PinInputReason {
    pub fn as_str(self) -> &'static str {
        match self {
            PinInputReason::Empty => "empty",
            PinInputReason::TooShort { .. } => "too_short",
            PinInputReason::TooLong { .. } => "too_long",
            PinInputReason::NotADigit => "not_a_digit",
            PinInputReason::NotAlphanumeric => "not_alphanumeric",
            PinInputReason::NoLetter => "no_letter",
            PinInputReason::NoDigit => "no_digit",
        }
    }
}

/// The first error in a typed PIN: `position` is 1-based in characters, `None` when the error
/// is about the whole input (length, a missing letter or digit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PinInputError {
    pub kind: PinKind,
    pub position: Option<usize>,
    pub reason: PinInputReason,
}

/// Full-width ASCII variants (U+FF01–U+FF5E) to ASCII and the ideographic space to a space; other
/// characters unchanged. NFKC would do the same for these, but this keeps the rule visible.
pub fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFF01 + 0x21).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// A 4-digit PIN (input helper, authentication). Surrounding whitespace is not trimmed: a space is
/// reported where it is, since the user may not see it.
pub fn four_digit_pin(kind: PinKind, input: &str) -> Result<Pin, PinInputError> {
    let err = |position, reason| PinInputError { kind, position, reason };
    let mut out = Zeroizing::new(Vec::with_capacity(4));
    for (i, c) in input.chars().map(fold_width).enumerate() {
        if !c.is_ascii_digit() {
            return Err(err(Some(i + 1), PinInputReason::NotADigit));
        }
        if i >= 4 {
            return Err(err(None, PinInputReason::TooLong { max: 4 }));
        }
        out.push(c as u8);
    }
    match out.len() {
        0 => Err(err(None, PinInputReason::Empty)),
        4 => Ok(Pin { kind, bytes: out }),
        _ => Err(err(None, PinInputReason::TooShort { min: 4 })),
    }
}

/// The signature password: 6–16 of A–Z and 0–9, at least one letter and one digit; lower case
/// and full-width input accepted and folded.
pub fn signature_password(input: &str) -> Result<Pin, PinInputError> {
    let kind = PinKind::Signature;
    let err = |position, reason| PinInputError { kind, position, reason };
    let mut out = Zeroizing::new(Vec::with_capacity(16));
    for (i, c) in input.chars().map(fold_width).enumerate() {
        let c = c.to_ascii_uppercase();
        if !(c.is_ascii_uppercase() || c.is_ascii_digit()) {
            return Err(err(Some(i + 1), PinInputReason::NotAlphanumeric));
        }
        if i >= 16 {
            return Err(err(None, PinInputReason::TooLong { max: 16 }));
        }
        out.push(c as u8);
    }
    if out.is_empty() {
        return Err(err(None, PinInputReason::Empty));
    }
    if out.len() < 6 {
        return Err(err(None, PinInputReason::TooShort { min: 6 }));
    }
    if !out.iter().any(u8::is_ascii_uppercase) {
        return Err(err(None, PinInputReason::NoLetter));
    }
    if !out.iter().any(u8::is_ascii_digit) {
        return Err(err(None, PinInputReason::NoDigit));
    }
    Ok(Pin { kind, bytes: out })
}

/// Validates a PIN of the format `kind` needs. [`PinKind::CollationB`] is built from its three
/// inputs instead ([`super::collation::collation_b`]).
pub fn parse_pin(kind: PinKind, input: &str) -> Result<Pin, PinInputError> {
    match kind {
        PinKind::Signature => signature_password(input),
        _ => four_digit_pin(kind, input),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn e(kind: PinKind, position: Option<usize>, reason: PinInputReason) -> PinInputError {
        PinInputError { kind, position, reason }
    }

    #[test]
    fn four_digits_with_full_width_folded() {
        assert_eq!(four_digit_pin(PinKind::Auth, "1234").unwrap().as_bytes(), b"1234");
        assert_eq!(four_digit_pin(PinKind::Auth, "１２３４").unwrap().as_bytes(), b"1234");
        let k = PinKind::InputHelper;
        assert_eq!(four_digit_pin(k, "").unwrap_err(), e(k, None, PinInputReason::Empty));
        assert_eq!(four_digit_pin(k, "123").unwrap_err(), e(k, None, PinInputReason::TooShort { min: 4 }));
        assert_eq!(four_digit_pin(k, "12345").unwrap_err(), e(k, None, PinInputReason::TooLong { max: 4 }));
        assert_eq!(four_digit_pin(k, "12a4").unwrap_err(), e(k, Some(3), PinInputReason::NotADigit));
        assert_eq!(four_digit_pin(k, " 1234").unwrap_err(), e(k, Some(1), PinInputReason::NotADigit));
        assert_eq!(four_digit_pin(k, "12345x").unwrap_err(), e(k, None, PinInputReason::TooLong { max: 4 }));
    }

    #[test]
    fn signature_password_rules() {
        let k = PinKind::Signature;
        assert_eq!(signature_password("abc123").unwrap().as_bytes(), b"ABC123");
        assert_eq!(signature_password("ＡＢｃ１２３").unwrap().as_bytes(), b"ABC123");
        assert_eq!(signature_password("ABC12").unwrap_err(), e(k, None, PinInputReason::TooShort { min: 6 }));
        assert_eq!(
            signature_password("A1234567890123456").unwrap_err(),
            e(k, None, PinInputReason::TooLong { max: 16 })
        );
        assert_eq!(signature_password("ABCDEFG").unwrap_err(), e(k, None, PinInputReason::NoDigit));
        assert_eq!(signature_password("1234567").unwrap_err(), e(k, None, PinInputReason::NoLetter));
        assert_eq!(signature_password("ABC-123").unwrap_err(), e(k, Some(4), PinInputReason::NotAlphanumeric));
        assert_eq!(signature_password("ABCé123").unwrap_err(), e(k, Some(4), PinInputReason::NotAlphanumeric));
        assert_eq!(signature_password("").unwrap_err(), e(k, None, PinInputReason::Empty));
    }

    #[test]
    fn debug_never_shows_the_value() {
        let pin = signature_password("SECRET42").unwrap();
        let shown = format!("{pin:?}");
        assert_eq!(shown, "Pin(signature, <8 redacted>)");
        let err = format!("{:?}", four_digit_pin(PinKind::Auth, "98x7").unwrap_err());
        assert!(!err.contains("98") && !err.contains('x'), "{err}");
    }

    proptest! {
        #[test]
        fn accepted_pins_are_what_the_card_accepts(s in "\\PC{0,20}") {
            if let Ok(p) = four_digit_pin(PinKind::Auth, &s) {
                prop_assert_eq!(p.as_bytes().len(), 4);
                prop_assert!(p.as_bytes().iter().all(u8::is_ascii_digit));
            }
            if let Ok(p) = signature_password(&s) {
                let b = p.as_bytes();
                prop_assert!((6..=16).contains(&b.len()));
                prop_assert!(b.iter().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()));
            }
        }

        #[test]
        fn errors_point_inside_the_input(s in "[0-9a-zA-Z!？１Ａ]{0,20}") {
            for r in [four_digit_pin(PinKind::Auth, &s).err(), signature_password(&s).err()].into_iter().flatten() {
                if let Some(p) = r.position { prop_assert!(p >= 1 && p <= s.chars().count()); }
            }
        }
    }
}
