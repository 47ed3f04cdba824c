//! The errors of a My Number check, each with a stable code (`present::errors` holds their texts).
//! Like [`ReadError`], nothing here carries personal data: PIN errors carry positions and tries,
//! never values; card errors name structures, never bytes.

use super::collation::CollationInputError;
use super::pin::{PinInputError, PinKind};
use crate::error::ReadError;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MyNumberError {
    /// The card refused the PIN; `tries_left` more before it locks.
    #[error("wrong PIN ({} tries left)", tries_left)]
    WrongPin { pin: PinKind, tries_left: u8 },
    /// The PIN is locked (`63 C0`, `69 83`, `69 84`); only the municipal office can unlock it.
    #[error("PIN blocked")]
    PinBlocked { pin: PinKind },
    /// One try is left and the caller did not pass `allow_last_try`: nothing was sent.
    #[error("one try left: refused without explicit confirmation")]
    LastTryRefused { pin: PinKind },
    /// The typed PIN does not have the PIN's format; nothing was sent.
    #[error("invalid PIN input")]
    InvalidPin(PinInputError),
    /// The birth date, expiry year or security code is malformed; nothing was sent.
    #[error("invalid collation input")]
    InvalidCollationInput(CollationInputError),
    /// The card has no signature certificate (holders under 15): found before asking the password.
    #[error("no signature certificate on this card")]
    NoSignatureCertificate,
    /// The card answers but has none of the My Number applications.
    #[error("not a My Number card")]
    NotAMyNumberCard,
    /// Transport, card removal, malformed card data, cancellation, internal errors.
    #[error(transparent)]
    Read(#[from] ReadError),
}

impl MyNumberError {
    pub fn code(&self) -> &'static str {
        match self {
            MyNumberError::WrongPin { .. } => "wrong_pin",
            MyNumberError::PinBlocked { .. } => "pin_blocked",
            MyNumberError::LastTryRefused { .. } => "last_try_refused",
            MyNumberError::InvalidPin(_) => "invalid_pin",
            MyNumberError::InvalidCollationInput(_) => "invalid_collation_input",
            MyNumberError::NoSignatureCertificate => "no_signature_certificate",
            MyNumberError::NotAMyNumberCard => "not_a_my_number_card",
            MyNumberError::Read(e) => e.code(),
        }
    }

    /// Tries left on the counter the error is about, where the code carries it.
    pub fn tries_left(&self) -> Option<u8> {
        match self {
            MyNumberError::WrongPin { tries_left, .. } => Some(*tries_left),
            MyNumberError::LastTryRefused { .. } => Some(1),
            MyNumberError::PinBlocked { .. } => Some(0),
            _ => None,
        }
    }

    /// The PIN the error is about.
    pub fn pin(&self) -> Option<PinKind> {
        match self {
            MyNumberError::WrongPin { pin, .. }
            | MyNumberError::PinBlocked { pin }
            | MyNumberError::LastTryRefused { pin } => Some(*pin),
            MyNumberError::InvalidPin(e) => Some(e.kind),
            MyNumberError::InvalidCollationInput(_) => Some(PinKind::CollationB),
            _ => None,
        }
    }

    pub(crate) fn malformed(what: &'static str) -> Self {
        MyNumberError::Read(ReadError::MalformedData { what })
    }
}

impl From<crate::transport::TransportError> for MyNumberError {
    fn from(e: crate::transport::TransportError) -> Self {
        MyNumberError::Read(e.into())
    }
}
