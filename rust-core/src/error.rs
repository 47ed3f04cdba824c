//! The one error type of a read. Its variants are the cases the official apps tell users apart
//! (product.md §9), each with a stable [`ReadError::code`] used by the CLI's JSON, the FFI and the
//! error catalogue. Nothing here carries personal data: no card number, no card bytes.

use crate::number::NumberError;

/// Which kind of card we recognised but do not read (yet).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnsupportedCard {
    /// A second-generation card (type `05`/`06`).
    SecondGeneration,
    /// A specified card: My Number chip with a residence application (type `07`/`08`).
    SpecifiedCard,
    /// A plain My Number card: no residence application, but the My Number ones answer.
    MyNumberCard,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// The number typed in is not a well-formed card number; nothing was sent to the card.
    #[error("invalid card number: {0}")]
    InvalidCardNumber(NumberError),
    /// The card rejected authentication with this number (SW 63 00 after the type was known).
    #[error("the card number does not match this card")]
    WrongCardNumber,
    /// The card answered but is not a residence card or SPRC.
    #[error("not a residence card or special permanent resident certificate")]
    NotResidenceCard,
    /// The chip reported a fault (SW `6F 00`, `64 00`, `62 83`, `65 81`).
    #[error("the chip reported a fault (SW {sw:04X})")]
    ChipBroken { sw: u16 },
    /// The card left the field during the read.
    #[error("the card was removed during the read")]
    CardLost,
    /// An exchange failed (timeout, transport failure, unexpected status word).
    #[error("communication with the card failed: {detail}")]
    CommunicationError { detail: String },
    /// No reader or radio to read with.
    #[error("no card reader available")]
    TransportUnavailable,
    /// The card sent data that does not follow the spec. `what` names the structure, never its bytes.
    #[error("the card sent malformed data: {what}")]
    MalformedData { what: &'static str },
    /// A card we recognise but do not read yet.
    #[error("unsupported card: {0:?}")]
    UnsupportedCard(UnsupportedCard),
    /// The user cancelled the read.
    #[error("the read was cancelled")]
    Cancelled,
    /// A bug on our side.
    #[error("internal error: {detail}")]
    Internal { detail: String },
    // Specified cards (types 07/08), issue 16.
    /// Secure messaging broke down: the card answered an SM error (`69 88` counter mismatch,
    /// `69 FC` session gone, `69 87`) or its SM answer did not decipher under our session key.
    /// `sw` is `None` when the card said `90 00` but its cryptogram did not decipher.
    #[error("secure messaging failed (SW {sw:04X?})")]
    SecureMessagingError { sw: Option<u16> },
    /// The card refused SET SESSION KEY (it could not decipher the delivered key, or refused it).
    #[error("the card refused the session key delivery (SW {sw:04X})")]
    KeyDeliveryRefused { sw: u16 },
    /// A specified card needs ISA's RSA delivery key (`keys_smrsapub_001.bin`) and none is
    /// installed. Nothing was sent after the card type was read.
    #[error("the delivery key for specified cards is not installed")]
    DeliveryKeyMissing,
}

impl ReadError {
    /// The stable code used across the CLI, the FFI and the error catalogue.
    pub fn code(&self) -> &'static str {
        match self {
            ReadError::InvalidCardNumber(_) => "invalid_card_number",
            ReadError::WrongCardNumber => "wrong_card_number",
            ReadError::NotResidenceCard => "not_a_residence_card",
            ReadError::ChipBroken { .. } => "chip_broken",
            ReadError::CardLost => "card_lost",
            ReadError::CommunicationError { .. } => "communication_error",
            ReadError::TransportUnavailable => "transport_unavailable",
            ReadError::MalformedData { .. } => "malformed_data",
            ReadError::UnsupportedCard(UnsupportedCard::MyNumberCard) => "my_number_card",
            ReadError::UnsupportedCard(_) => "unsupported_card",
            ReadError::Cancelled => "cancelled",
            ReadError::Internal { .. } => "internal",
            ReadError::SecureMessagingError { .. } => "secure_messaging_error",
            ReadError::KeyDeliveryRefused { .. } => "key_delivery_refused",
            ReadError::DeliveryKeyMissing => "delivery_key_missing",
        }
    }

    pub(crate) fn malformed(what: &'static str) -> Self {
        ReadError::MalformedData { what }
    }
}

impl From<crate::transport::TransportError> for ReadError {
    fn from(e: crate::transport::TransportError) -> Self {
        use crate::transport::TransportError as T;
        match e {
            T::CardRemoved => ReadError::CardLost,
            T::Timeout => ReadError::CommunicationError { detail: "timeout".into() },
            T::Unavailable => ReadError::TransportUnavailable,
            T::Failed { detail } => ReadError::CommunicationError { detail },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transport::TransportError;

    #[test]
    fn transport_errors_map_to_read_errors() {
        assert_eq!(ReadError::from(TransportError::CardRemoved), ReadError::CardLost);
        assert_eq!(ReadError::from(TransportError::Unavailable).code(), "transport_unavailable");
        assert_eq!(ReadError::from(TransportError::Timeout).code(), "communication_error");
    }
}
