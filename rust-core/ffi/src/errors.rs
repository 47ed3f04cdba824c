//! The two error types that cross the boundary: [`ZairyuError`] out of every call, and
//! [`TransportFailure`] in from the shell's transceiver.

use crate::records::ErrorInfo;
use zairyu_core::error::ReadError;
use zairyu_core::present;
use zairyu_core::transport::TransportError;

/// Every failure of an exported call. Each variant carries the catalogue entry for its stable
/// code (`info.code`, title, message, actions in ja and en), so a shell shows the dialog without a
/// second lookup. `detail` fields are short developer notes that never hold card data.
#[derive(Debug, Clone, PartialEq, thiserror::Error, uniffi::Error)]
pub enum ZairyuError {
    #[error("invalid_card_number")]
    InvalidCardNumber { info: ErrorInfo },
    #[error("wrong_card_number")]
    WrongCardNumber { info: ErrorInfo },
    #[error("not_a_residence_card")]
    NotResidenceCard { info: ErrorInfo },
    #[error("unsupported_card")]
    UnsupportedCard { info: ErrorInfo },
    /// `status_word` is the chip's fault SW (e.g. `0x6F00`), for support reports.
    #[error("chip_broken")]
    ChipBroken { info: ErrorInfo, status_word: u16 },
    #[error("card_lost")]
    CardLost { info: ErrorInfo },
    #[error("communication_error: {detail}")]
    CommunicationError { info: ErrorInfo, detail: String },
    #[error("malformed_data: {detail}")]
    MalformedData { info: ErrorInfo, detail: String },
    #[error("transport_unavailable")]
    TransportUnavailable { info: ErrorInfo },
    /// The user cancelled; `info.dialog` is false, so shells show nothing.
    #[error("cancelled")]
    Cancelled { info: ErrorInfo },
    /// A bug: a caught panic, or a call the core cannot serve (unknown profile, unreadable trust
    /// anchor). `info` is the catalogue's internal-error entry.
    #[error("internal: {detail}")]
    Internal { info: ErrorInfo, detail: String },
}

impl ZairyuError {
    pub(crate) fn internal(detail: impl Into<String>) -> Self {
        ZairyuError::Internal { info: present::error_info("internal").into(), detail: detail.into() }
    }

    /// The stable code (`card_lost`, …), the same as `info.code`.
    pub fn code(&self) -> &str {
        &self.info().code
    }

    pub fn info(&self) -> &ErrorInfo {
        match self {
            ZairyuError::InvalidCardNumber { info }
            | ZairyuError::WrongCardNumber { info }
            | ZairyuError::NotResidenceCard { info }
            | ZairyuError::UnsupportedCard { info }
            | ZairyuError::ChipBroken { info, .. }
            | ZairyuError::CardLost { info }
            | ZairyuError::CommunicationError { info, .. }
            | ZairyuError::MalformedData { info, .. }
            | ZairyuError::TransportUnavailable { info }
            | ZairyuError::Cancelled { info }
            | ZairyuError::Internal { info, .. } => info,
        }
    }
}

impl From<ReadError> for ZairyuError {
    fn from(e: ReadError) -> Self {
        let info: ErrorInfo = present::from_read_error(&e).into();
        match e {
            ReadError::InvalidCardNumber(_) => ZairyuError::InvalidCardNumber { info },
            ReadError::WrongCardNumber => ZairyuError::WrongCardNumber { info },
            ReadError::NotResidenceCard => ZairyuError::NotResidenceCard { info },
            ReadError::ChipBroken { sw } => ZairyuError::ChipBroken { info, status_word: sw },
            ReadError::CardLost => ZairyuError::CardLost { info },
            ReadError::CommunicationError { detail } => ZairyuError::CommunicationError { info, detail },
            ReadError::TransportUnavailable => ZairyuError::TransportUnavailable { info },
            ReadError::MalformedData { what } => ZairyuError::MalformedData { info, detail: what.to_owned() },
            ReadError::UnsupportedCard(_) => ZairyuError::UnsupportedCard { info },
            ReadError::Cancelled => ZairyuError::Cancelled { info },
            ReadError::Internal { detail } => ZairyuError::Internal { info, detail },
            // Specified cards (07/08): carried by the nearest existing variant so the shells' exhaustive
            // matches keep compiling; `info` (code, texts, actions) is the exact catalogue entry, which
            // is all the shells render. Own variants come with the phone work for these cards.
            ReadError::SecureMessagingError { sw } => {
                ZairyuError::CommunicationError { info, detail: format!("secure messaging, SW {sw:04X?}") }
            }
            ReadError::KeyDeliveryRefused { sw } => {
                ZairyuError::CommunicationError { info, detail: format!("key delivery refused, SW {sw:04X}") }
            }
            ReadError::DeliveryKeyMissing => ZairyuError::UnsupportedCard { info },
        }
    }
}

/// What a shell's `Transceiver.transceive` throws. Shells map their platform exceptions onto it
/// (Android `TagLostException` → `TagLost`, CoreNFC tag-connection loss → `TagLost`, …) so the
/// core can tell "card removed" from "communication failed".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum TransportFailure {
    /// The card left the field: reported to the user as `card_lost`.
    #[error("tag lost")]
    TagLost,
    #[error("timeout")]
    Timeout,
    /// NFC is off or there is no reader: `transport_unavailable`.
    #[error("transport unavailable")]
    Unavailable,
    /// Anything else. `detail` must be short and free of card data (it ends up in logs).
    #[error("i/o failure: {detail}")]
    Io { detail: String },
}

/// A foreign exception that is not a `TransportFailure` (a shell bug, e.g. a RuntimeException).
/// Its text is dropped on purpose: it can hold a platform message or a stack trace, which belong
/// neither in the user's dialog nor in the log.
impl From<uniffi::UnexpectedUniFFICallbackError> for TransportFailure {
    fn from(_: uniffi::UnexpectedUniFFICallbackError) -> Self {
        log::warn!("ffi: the transceiver threw an unexpected exception");
        TransportFailure::Io { detail: "unexpected exception in the transceiver".to_owned() }
    }
}

impl From<TransportFailure> for TransportError {
    fn from(f: TransportFailure) -> Self {
        match f {
            TransportFailure::TagLost => TransportError::CardRemoved,
            TransportFailure::Timeout => TransportError::Timeout,
            TransportFailure::Unavailable => TransportError::Unavailable,
            TransportFailure::Io { detail } => TransportError::Failed { detail },
        }
    }
}

impl From<TransportError> for TransportFailure {
    fn from(e: TransportError) -> Self {
        match e {
            TransportError::CardRemoved => TransportFailure::TagLost,
            TransportError::Timeout => TransportFailure::Timeout,
            TransportError::Unavailable => TransportFailure::Unavailable,
            TransportError::Failed { detail } => TransportFailure::Io { detail },
        }
    }
}
