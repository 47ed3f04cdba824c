//! Why a card number was rejected or warned about.
//!
//! Errors travel into logs, crash reports and the FFI, so they carry only a 1-based position in the
//! normalised text or a character count — never the number or the offending character.

/// What is wrong with a typed or scanned card number.
///
/// `ExpectedLetter` / `ExpectedDigit` are errors for [`super::CardNumber::parse_strict`] but only
/// warnings from [`super::pattern_warning`], because the second-generation layout is undocumented.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    /// Nothing left after normalisation (blank, or only spaces and hyphens).
    #[error("Enter the card number")]
    Empty,
    /// Fewer than 12 characters after normalisation.
    #[error("The card number has 12 characters, only {count} entered")]
    TooShort { count: usize },
    /// More than 12 characters after normalisation.
    #[error("The card number has 12 characters, {count} entered")]
    TooLong { count: usize },
    /// A character outside `A–Z`/`0–9` at this 1-based position.
    #[error("Character {position} must be a letter A-Z or a digit 0-9")]
    InvalidCharacter { position: usize },
    /// The first-generation layout has a letter at this 1-based position.
    #[error("Character {position} must be a letter")]
    ExpectedLetter { position: usize },
    /// The first-generation layout has a digit at this 1-based position.
    #[error("Character {position} must be a digit")]
    ExpectedDigit { position: usize },
}

impl NumberError {
    /// Stable identifier for the FFI, analytics and translation tables; never renamed.
    pub fn code(&self) -> &'static str {
        match self {
            NumberError::Empty => "number_empty",
            NumberError::TooShort { .. } => "number_too_short",
            NumberError::TooLong { .. } => "number_too_long",
            NumberError::InvalidCharacter { .. } => "number_invalid_character",
            NumberError::ExpectedLetter { .. } => "number_expected_letter",
            NumberError::ExpectedDigit { .. } => "number_expected_digit",
        }
    }

    /// The 1-based position the UI should highlight, when the error is about one character.
    pub fn position(&self) -> Option<usize> {
        match self {
            NumberError::InvalidCharacter { position }
            | NumberError::ExpectedLetter { position }
            | NumberError::ExpectedDigit { position } => Some(*position),
            NumberError::Empty | NumberError::TooShort { .. } | NumberError::TooLong { .. } => None,
        }
    }

    /// Japanese text for the number field (the app's labels are bilingual, product.md §3).
    pub fn message_ja(&self) -> String {
        match self {
            NumberError::Empty => "在留カード等番号を入力してください".to_owned(),
            NumberError::TooShort { count } => {
                format!("在留カード等番号は12文字です（{count}文字しか入力されていません）")
            }
            NumberError::TooLong { count } => {
                format!("在留カード等番号は12文字です（{count}文字入力されています）")
            }
            NumberError::InvalidCharacter { position } => {
                format!("{position}文字目に使えない文字があります（英字と数字のみ）")
            }
            NumberError::ExpectedLetter { position } => format!("{position}文字目は英字です"),
            NumberError::ExpectedDigit { position } => format!("{position}文字目は数字です"),
        }
    }

    /// English text; identical to `Display` so logs and UI agree.
    pub fn message_en(&self) -> String {
        self.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::NumberError as E;

    #[test]
    fn number_error_texts_are_exact() {
        let cases = [
            (
                E::Empty,
                "number_empty",
                "在留カード等番号を入力してください",
                "Enter the card number",
            ),
            (
                E::TooShort { count: 5 },
                "number_too_short",
                "在留カード等番号は12文字です（5文字しか入力されていません）",
                "The card number has 12 characters, only 5 entered",
            ),
            (
                E::TooLong { count: 13 },
                "number_too_long",
                "在留カード等番号は12文字です（13文字入力されています）",
                "The card number has 12 characters, 13 entered",
            ),
            (
                E::InvalidCharacter { position: 7 },
                "number_invalid_character",
                "7文字目に使えない文字があります（英字と数字のみ）",
                "Character 7 must be a letter A-Z or a digit 0-9",
            ),
            (
                E::ExpectedLetter { position: 11 },
                "number_expected_letter",
                "11文字目は英字です",
                "Character 11 must be a letter",
            ),
            (
                E::ExpectedDigit { position: 3 },
                "number_expected_digit",
                "3文字目は数字です",
                "Character 3 must be a digit",
            ),
        ];
        for (e, code, ja, en) in cases {
            assert_eq!(e.code(), code);
            assert_eq!(e.message_ja(), ja);
            assert_eq!(e.message_en(), en);
            assert_eq!(e.to_string(), en);
        }
    }

    #[test]
    fn number_error_positions() {
        assert_eq!(E::Empty.position(), None);
        assert_eq!(E::TooShort { count: 1 }.position(), None);
        assert_eq!(E::TooLong { count: 20 }.position(), None);
        assert_eq!(E::InvalidCharacter { position: 2 }.position(), Some(2));
        assert_eq!(E::ExpectedLetter { position: 12 }.position(), Some(12));
        assert_eq!(E::ExpectedDigit { position: 10 }.position(), Some(10));
    }
}
