//! Card numbers: validation, normalisation, OCR clean-up.
//!
//! CONTRACT (skeleton; the number module's owner replaces this file and adds `ocr.rs`/`scanner.rs`):
//! `CardNumber::parse`, `as_bytes`, `as_str`, `NumberError` with `Clone + PartialEq + Eq + Display`.

use zeroize::Zeroize;

/// A syntactically valid card number (12 ASCII characters, upper case). Redacted in `Debug`,
/// zeroized on drop.
#[derive(Clone, PartialEq, Eq)]
pub struct CardNumber([u8; 12]);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    #[error("a card number has 12 characters, got {0}")]
    WrongLength(usize),
    #[error("character {position} is not allowed")]
    BadCharacter { position: usize },
}

impl CardNumber {
    pub fn parse(input: &str) -> Result<Self, NumberError> {
        let b = input.as_bytes();
        if b.len() != 12 {
            return Err(NumberError::WrongLength(input.chars().count()));
        }
        let mut out = [0u8; 12];
        for (i, c) in b.iter().enumerate() {
            if !(c.is_ascii_uppercase() || c.is_ascii_digit()) {
                return Err(NumberError::BadCharacter { position: i + 1 });
            }
            out[i] = *c;
        }
        Ok(CardNumber(out))
    }
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("")
    }
}

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
