//! The two error types that cross the boundary: [`ZairyuError`] out of every call, and
//! [`TransportFailure`] in from the shell's transceiver.

use crate::mynumber_records::{CollationField, PinKind};
use crate::records::ErrorInfo;
use zairyu_core::error::{ReadError, UnsupportedCard};
use zairyu_core::mynumber::MyNumberError;
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
    // My Number and specified cards (issue 17).
    /// `read_card` on a plain My Number card: offer the My Number checks instead.
    #[error("my_number_card")]
    MyNumberCard { info: ErrorInfo },
    /// The card refused the PIN; `tries_left` more before it locks (`info.tips[0]` says so).
    #[error("wrong_pin")]
    WrongPin { info: ErrorInfo, pin: PinKind, tries_left: u8 },
    /// Locked: only the municipal office can unlock it. Nothing was sent.
    #[error("pin_blocked")]
    PinBlocked { info: ErrorInfo, pin: PinKind },
    /// One try left and `allow_last_try` was not set: nothing was sent, the PinSource not asked.
    #[error("last_try_refused")]
    LastTryRefused { info: ErrorInfo, pin: PinKind },
    /// The typed PIN has not the PIN's format (`info.tips[0]` says where); nothing was sent.
    #[error("invalid_pin")]
    InvalidPin { info: ErrorInfo, pin: PinKind },
    /// A malformed in-person input; nothing was sent.
    #[error("invalid_collation_input")]
    InvalidCollationInput { info: ErrorInfo, field: CollationField },
    /// No signature certificate (holders under 15): found before the password was asked.
    #[error("no_signature_certificate")]
    NoSignatureCertificate { info: ErrorInfo },
    /// The card has none of the My Number applications.
    #[error("not_a_my_number_card")]
    NotMyNumberCard { info: ErrorInfo },
    /// Specified cards: secure messaging broke down. `status_word` is `None` when the card said
    /// `90 00` but its answer did not decipher.
    #[error("secure_messaging_error")]
    SecureMessagingError { info: ErrorInfo, status_word: Option<u16> },
    /// Specified cards: the card refused SET SESSION KEY.
    #[error("key_delivery_refused")]
    KeyDeliveryRefused { info: ErrorInfo, status_word: u16 },
    /// Specified cards need ISA's delivery key (`ReadOptions.delivery_key`) and none was given.
    #[error("delivery_key_missing")]
    DeliveryKeyMissing { info: ErrorInfo },
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
            | ZairyuError::Internal { info, .. }
            | ZairyuError::MyNumberCard { info }
            | ZairyuError::WrongPin { info, .. }
            | ZairyuError::PinBlocked { info, .. }
            | ZairyuError::LastTryRefused { info, .. }
            | ZairyuError::InvalidPin { info, .. }
            | ZairyuError::InvalidCollationInput { info, .. }
            | ZairyuError::NoSignatureCertificate { info }
            | ZairyuError::NotMyNumberCard { info }
            | ZairyuError::SecureMessagingError { info, .. }
            | ZairyuError::KeyDeliveryRefused { info, .. }
            | ZairyuError::DeliveryKeyMissing { info } => info,
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
            ReadError::UnsupportedCard(UnsupportedCard::MyNumberCard) => ZairyuError::MyNumberCard { info },
            ReadError::UnsupportedCard(UnsupportedCard::SecondGeneration | UnsupportedCard::SpecifiedCard) => {
                ZairyuError::UnsupportedCard { info }
            }
            ReadError::Cancelled => ZairyuError::Cancelled { info },
            ReadError::Internal { detail } => ZairyuError::Internal { info, detail },
            ReadError::SecureMessagingError { sw } => ZairyuError::SecureMessagingError { info, status_word: sw },
            ReadError::KeyDeliveryRefused { sw } => ZairyuError::KeyDeliveryRefused { info, status_word: sw },
            ReadError::DeliveryKeyMissing => ZairyuError::DeliveryKeyMissing { info },
        }
    }
}

/// A My Number check's error. `info` is the catalogue entry with the tries left or the input
/// problem as its first tip (`present::mynumber::from_my_number_error`); the variant's fields
/// carry the same facts for code. Card and transport errors map as in [`ReadError`].
impl From<MyNumberError> for ZairyuError {
    fn from(e: MyNumberError) -> Self {
        let info: ErrorInfo = present::mynumber::from_my_number_error(&e).into();
        match e {
            MyNumberError::WrongPin { pin, tries_left } => ZairyuError::WrongPin { info, pin: pin.into(), tries_left },
            MyNumberError::PinBlocked { pin } => ZairyuError::PinBlocked { info, pin: pin.into() },
            MyNumberError::LastTryRefused { pin } => ZairyuError::LastTryRefused { info, pin: pin.into() },
            MyNumberError::InvalidPin(p) => ZairyuError::InvalidPin { info, pin: p.kind.into() },
            MyNumberError::InvalidCollationInput(c) => ZairyuError::InvalidCollationInput { info, field: c.field.into() },
            MyNumberError::NoSignatureCertificate => ZairyuError::NoSignatureCertificate { info },
            MyNumberError::NotAMyNumberCard => ZairyuError::NotMyNumberCard { info },
            MyNumberError::Read(r) => r.into(),
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

#[cfg(test)]
mod tests {
    use super::*;
    use zairyu_core::mynumber::collation::{CollationField as CoreField, CollationInputError, CollationReason};
    use zairyu_core::mynumber::pin::{PinInputError, PinInputReason};
    use zairyu_core::mynumber::PinKind as CorePin;

    #[test]
    fn my_number_errors_get_their_own_variants() {
        let e = ZairyuError::from(MyNumberError::WrongPin { pin: CorePin::Auth, tries_left: 2 });
        let ZairyuError::WrongPin { info, pin, tries_left } = &e else { panic!("{e:?}") };
        assert_eq!((info.code.as_str(), *pin, *tries_left), ("wrong_pin", PinKind::Auth, 2));
        assert_eq!((info.tips[0].ja.as_str(), info.tips[0].en.as_str()), ("残り2回", "2 tries left"));
        let e = ZairyuError::from(MyNumberError::PinBlocked { pin: CorePin::Signature });
        assert!(matches!(e, ZairyuError::PinBlocked { pin: PinKind::Signature, .. }));
        assert_eq!(e.code(), "pin_blocked");
        let e = ZairyuError::from(MyNumberError::LastTryRefused { pin: CorePin::InputHelper });
        assert!(matches!(e, ZairyuError::LastTryRefused { pin: PinKind::InputHelper, .. }));
        assert_eq!(e.code(), "last_try_refused");
        let invalid = PinInputError { kind: CorePin::Auth, position: Some(3), reason: PinInputReason::NotADigit };
        let e = ZairyuError::from(MyNumberError::InvalidPin(invalid));
        assert!(matches!(e, ZairyuError::InvalidPin { pin: PinKind::Auth, .. }));
        assert_eq!(e.info().tips[0].ja, "3文字目が数字ではありません。");
        let bad = CollationInputError { field: CoreField::ExpiryYear, reason: CollationReason::BadFormat };
        let e = ZairyuError::from(MyNumberError::InvalidCollationInput(bad));
        assert!(matches!(e, ZairyuError::InvalidCollationInput { field: CollationField::ExpiryYear, .. }));
        assert_eq!(e.code(), "invalid_collation_input");
        let e = ZairyuError::from(MyNumberError::NoSignatureCertificate);
        assert!(matches!(e, ZairyuError::NoSignatureCertificate { .. }));
        assert_eq!(e.code(), "no_signature_certificate");
        let e = ZairyuError::from(MyNumberError::NotAMyNumberCard);
        assert!(matches!(e, ZairyuError::NotMyNumberCard { .. }));
        assert_eq!(e.code(), "not_a_my_number_card");
        let e = ZairyuError::from(MyNumberError::Read(ReadError::CardLost));
        assert!(matches!(e, ZairyuError::CardLost { .. }));
        let e = ZairyuError::from(MyNumberError::Read(ReadError::Cancelled));
        assert!(matches!(&e, ZairyuError::Cancelled { info } if !info.dialog));
    }

    #[test]
    fn specified_and_my_number_read_errors_get_their_own_variants() {
        let e = ZairyuError::from(ReadError::UnsupportedCard(UnsupportedCard::MyNumberCard));
        assert!(matches!(e, ZairyuError::MyNumberCard { .. }));
        assert_eq!(e.code(), "my_number_card");
        let e = ZairyuError::from(ReadError::UnsupportedCard(UnsupportedCard::SecondGeneration));
        assert!(matches!(e, ZairyuError::UnsupportedCard { .. }));
        let e = ZairyuError::from(ReadError::SecureMessagingError { sw: Some(0x6988) });
        assert!(matches!(e, ZairyuError::SecureMessagingError { status_word: Some(0x6988), .. }));
        assert_eq!(e.code(), "secure_messaging_error");
        let e = ZairyuError::from(ReadError::SecureMessagingError { sw: None });
        assert!(matches!(e, ZairyuError::SecureMessagingError { status_word: None, .. }));
        let e = ZairyuError::from(ReadError::KeyDeliveryRefused { sw: 0x6A80 });
        assert!(matches!(e, ZairyuError::KeyDeliveryRefused { status_word: 0x6A80, .. }));
        assert_eq!(e.code(), "key_delivery_refused");
        let e = ZairyuError::from(ReadError::DeliveryKeyMissing);
        assert!(matches!(e, ZairyuError::DeliveryKeyMissing { .. }));
        assert_eq!(e.code(), "delivery_key_missing");
    }
}
