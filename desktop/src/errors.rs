//! Every failure the tool reports, with a stable code and the bilingual text the user sees. The
//! texts come from the one error catalogue ([`present::error_info`]), shared with the phone apps;
//! the desktop only adds machine-readable details (the reader's name, the readers there are, a
//! file path, the status word) beside them. Nothing here carries personal data: no card number,
//! no card bytes.

use serde_json::{Map, Value};
use zairyu_core::number::NumberError;
use zairyu_core::present as catalogue;
use zairyu_core::ReadError;

use crate::exit;

/// Where to apply for a replacement card (product.md §9, "reissue URL").
pub const REISSUE_URL: &str = catalogue::REISSUE_URL;
/// Immigration offices to consult (product.md §9, "office URL").
pub const OFFICE_URL: &str = catalogue::CONSULTATION_URL;

#[derive(Debug, Clone, PartialEq)]
pub struct AppError {
    pub code: &'static str,
    pub message_ja: String,
    pub message_en: String,
    /// Extra machine-readable fields for the JSON error object (available readers, position, URL).
    /// Boxed to keep `Result<_, AppError>` small on the happy path.
    pub extra: Box<Map<String, Value>>,
}

impl AppError {
    pub fn new(code: &'static str, ja: impl Into<String>, en: impl Into<String>) -> Self {
        AppError { code, message_ja: ja.into(), message_en: en.into(), extra: Box::default() }
    }

    /// The catalogue's entry for `code`: its message in both languages.
    pub fn catalogued(code: &'static str) -> Self {
        Self::from_info(code, &catalogue::error_info(code))
    }

    fn from_info(code: &'static str, info: &catalogue::ErrorInfo) -> Self {
        AppError::new(code, info.message.ja.clone(), info.message.en.clone())
    }

    pub fn with(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.extra.insert(key.to_owned(), value.into());
        self
    }

    pub fn exit_code(&self) -> u8 {
        if self.code == "usage" {
            exit::USAGE
        } else {
            exit::ERROR
        }
    }

    /// A command line the tool cannot act on. Not a catalogue entry: the text is clap's (or ours)
    /// about this very command line.
    pub fn usage(ja: impl Into<String>, en: impl Into<String>) -> Self {
        AppError::new("usage", ja, en)
    }

    /// The number's own error says which position is wrong and why.
    pub fn invalid_number(e: &NumberError) -> Self {
        let mut err = Self::from_info("invalid_card_number", &catalogue::from_number_error(e)).with("number_error", e.code());
        if let Some(p) = e.position() {
            err = err.with("position", p);
        }
        err
    }

    pub fn from_read(e: &ReadError) -> Self {
        if let ReadError::InvalidCardNumber(n) = e {
            return AppError::invalid_number(n);
        }
        let err = Self::from_info(e.code(), &catalogue::from_read_error(e));
        match e {
            ReadError::ChipBroken { sw } => err.with("sw", format!("{sw:04X}")).with("url", REISSUE_URL),
            ReadError::CommunicationError { detail } if detail.starts_with(crate::extended::EXTENDED_REJECTED) => {
                let info = catalogue::error_info("extended_length_unsupported");
                AppError { message_ja: info.message.ja, message_en: info.message.en, ..err }
                    .with("reason", "extended_length_unsupported")
                    .with("detail", detail.as_str())
            }
            ReadError::CommunicationError { detail } => err.with("detail", detail.as_str()).with("url", OFFICE_URL),
            ReadError::CardLost => err.with("url", OFFICE_URL),
            ReadError::MalformedData { what } => err.with("what", *what).with("url", OFFICE_URL),
            // A plain My Number card has its own code (`my_number_card`), no `card` detail.
            ReadError::UnsupportedCard(zairyu_core::error::UnsupportedCard::MyNumberCard) => err,
            ReadError::UnsupportedCard(kind) => err.with(
                "card",
                match kind {
                    zairyu_core::error::UnsupportedCard::SecondGeneration => "second_generation",
                    _ => "specified_card",
                },
            ),
            ReadError::Internal { detail } => err.with("detail", detail.as_str()),
            // Specified cards (07/08).
            ReadError::SecureMessagingError { sw } => match sw {
                Some(sw) => err.with("sw", format!("{sw:04X}")),
                None => err,
            }
            .with("url", OFFICE_URL),
            ReadError::KeyDeliveryRefused { sw } => err.with("sw", format!("{sw:04X}")).with("url", OFFICE_URL),
            ReadError::DeliveryKeyMissing => err
                .with("missing", zairyu_core::specified::delivery_key::ISA_DELIVERY_KEY_FILE)
                .with("sha256", zairyu_core::specified::delivery_key::ISA_DELIVERY_KEY_SHA256),
            _ => err,
        }
    }

    /// `--delivery-key FILE` that cannot be used.
    pub fn delivery_key(path: &str, why: &str) -> Self {
        AppError::catalogued("delivery_key_unreadable").with("path", path).with("detail", why)
    }

    pub fn internal(detail: &str) -> Self {
        AppError::catalogued("internal").with("detail", detail)
    }

    /// Product.md §9 row 4: the official app's "start the Smart Card service", with the step for
    /// this platform from the catalogue's tips.
    pub fn pcsc_unavailable() -> Self {
        Self::pcsc_unavailable_on(if cfg!(windows) {
            catalogue::DesktopOs::Windows
        } else if cfg!(target_os = "macos") {
            catalogue::DesktopOs::MacOs
        } else {
            catalogue::DesktopOs::Linux
        })
    }

    /// `pcsc_unavailable` with the tip for starting `os`'s smart-card service, if it has one.
    fn pcsc_unavailable_on(os: catalogue::DesktopOs) -> Self {
        let info = catalogue::error_info("pcsc_unavailable");
        let mut err = Self::from_info("pcsc_unavailable", &info);
        if let Some(tip) = catalogue::pcsc_service_tip(os) {
            err.message_ja = format!("{} {}", err.message_ja, tip.ja);
            err.message_en = format!("{} {}", err.message_en, tip.en);
        }
        err
    }

    /// Product.md §9 row 3, when no reader at all is connected.
    pub fn no_readers() -> Self {
        AppError::catalogued("reader_not_found").with("readers", Value::Array(vec![]))
    }

    /// A `--reader` that matches none of the connected readers; lists the ones there are.
    pub fn unknown_reader(wanted: &str, available: &[String]) -> Self {
        AppError::catalogued("reader_not_found").with("reader", wanted).with("readers", available.to_vec())
    }

    pub fn ambiguous_reader(wanted: Option<&str>, candidates: &[String]) -> Self {
        let err = AppError::catalogued("reader_ambiguous").with("readers", candidates.to_vec());
        match wanted {
            Some(w) => err.with("reader", w),
            None => err,
        }
    }

    pub fn no_card(reader: &str) -> Self {
        AppError::catalogued("no_card").with("reader", reader)
    }

    /// Product.md §1: "do not run another app that uses the same reader".
    pub fn reader_busy(reader: &str) -> Self {
        AppError::catalogued("reader_busy").with("reader", reader)
    }

    /// Connect/transmit failures of the reader that are not one of the cases above.
    pub fn reader_error(reader: &str, detail: &str) -> Self {
        AppError::catalogued("communication_error").with("detail", detail).with("reader", reader)
    }

    /// The card is on the reader but does not answer the reset or the first command.
    pub fn card_unresponsive(detail: &str) -> Self {
        AppError::catalogued("card_unresponsive").with("detail", detail)
    }

    pub fn trust_anchor(path: &str, why: &str) -> Self {
        AppError::catalogued("trust_anchor_unreadable").with("path", path).with("detail", why)
    }

    pub fn output(path: &str, why: &str) -> Self {
        AppError::catalogued("output_error").with("path", path).with("detail", why)
    }

    /// The JSON error object (`{"status":"error","error":{…}}`).
    pub fn to_json(&self) -> Value {
        let mut error = Map::new();
        error.insert("code".into(), self.code.into());
        error.insert("message_ja".into(), self.message_ja.clone().into());
        error.insert("message_en".into(), self.message_en.clone().into());
        for (k, v) in self.extra.iter() {
            error.insert(k.clone(), v.clone());
        }
        let mut top = Map::new();
        top.insert("status".into(), "error".into());
        top.insert("error".into(), Value::Object(error));
        Value::Object(top)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn read_error_codes_are_kept() {
        let cases: Vec<(ReadError, &str)> = vec![
            (ReadError::WrongCardNumber, "wrong_card_number"),
            (ReadError::NotResidenceCard, "not_a_residence_card"),
            (ReadError::ChipBroken { sw: 0x6F00 }, "chip_broken"),
            (ReadError::CardLost, "card_lost"),
            (ReadError::CommunicationError { detail: "timeout".into() }, "communication_error"),
            (ReadError::TransportUnavailable, "transport_unavailable"),
            (ReadError::MalformedData { what: "C1" }, "malformed_data"),
            (ReadError::UnsupportedCard(zairyu_core::error::UnsupportedCard::SecondGeneration), "unsupported_card"),
            (ReadError::Cancelled, "cancelled"),
            (ReadError::Internal { detail: "x".into() }, "internal"),
            (ReadError::InvalidCardNumber(NumberError::TooShort { count: 3 }), "invalid_card_number"),
        ];
        for (e, code) in cases {
            let app = AppError::from_read(&e);
            assert_eq!(app.code, code);
            assert_eq!(app.code, e.code());
            assert_eq!(app.exit_code(), exit::ERROR);
        }
    }

    #[test]
    fn invalid_number_json_names_the_position() {
        let e = AppError::invalid_number(&NumberError::InvalidCharacter { position: 7 });
        assert_eq!(
            e.to_json(),
            json!({"status":"error","error":{
                "code":"invalid_card_number",
                "message_ja":"7文字目に使えない文字があります（英字と数字のみ）",
                "message_en":"Character 7 must be a letter A-Z or a digit 0-9",
                "number_error":"number_invalid_character",
                "position":7
            }})
        );
    }

    #[test]
    fn unknown_reader_lists_available() {
        let e = AppError::unknown_reader("Sony", &["Virtual PCD 00 00".into(), "Virtual PCD 00 01".into()]);
        assert_eq!(e.code, "reader_not_found");
        assert_eq!(e.message_en, "Check the card reader's connection, reconnect it and try again.");
        assert_eq!(e.extra["reader"], json!("Sony"));
        assert_eq!(e.extra["readers"], json!(["Virtual PCD 00 00", "Virtual PCD 00 01"]));
    }

    /// Every code the desktop reports (but `usage`) is a catalogue entry with its own text, not
    /// the catalogue's fallback for unknown codes.
    #[test]
    fn every_desktop_code_is_in_the_catalogue() {
        let known = zairyu_core::present::all_error_codes();
        let errors = [
            AppError::pcsc_unavailable(),
            AppError::no_readers(),
            AppError::ambiguous_reader(None, &[]),
            AppError::no_card("r"),
            AppError::reader_busy("r"),
            AppError::reader_error("r", "d"),
            AppError::card_unresponsive("d"),
            AppError::trust_anchor("p", "w"),
            AppError::output("p", "w"),
            AppError::internal("d"),
        ];
        for e in errors {
            assert!(known.iter().any(|k| k == e.code), "{} is not in the catalogue", e.code);
            let info = zairyu_core::present::error_info(e.code);
            assert!(e.message_en.starts_with(&info.message.en), "{}: {}", e.code, e.message_en);
        }
        let ext = AppError::from_read(&ReadError::CommunicationError { detail: crate::extended::EXTENDED_REJECTED.into() });
        assert_eq!(ext.message_en, zairyu_core::present::error_info("extended_length_unsupported").message.en);
        assert_eq!(ext.extra["reason"], json!("extended_length_unsupported"));
    }

    #[test]
    fn pcsc_down_and_no_reader_are_distinct() {
        assert_eq!(AppError::pcsc_unavailable().code, "pcsc_unavailable");
        assert_eq!(AppError::no_readers().code, "reader_not_found");
        assert_ne!(AppError::pcsc_unavailable().message_en, AppError::no_readers().message_en);
    }

    #[test]
    fn pcsc_down_names_the_service_of_this_desktop_only() {
        use catalogue::DesktopOs;
        let base = "The service that runs card readers is not running. Start it, then try again.";
        assert_eq!(
            AppError::pcsc_unavailable_on(DesktopOs::Linux).message_en,
            format!("{base} Linux: start pcscd (e.g. sudo systemctl start pcscd).")
        );
        assert!(AppError::pcsc_unavailable_on(DesktopOs::Windows).message_en.starts_with(&format!("{base} Windows: in Services")));
        assert_eq!(AppError::pcsc_unavailable_on(DesktopOs::MacOs).message_en, base);
        assert!(AppError::pcsc_unavailable_on(DesktopOs::MacOs).message_ja.ends_with("もう一度お試しください。"));
    }

    #[test]
    fn usage_exits_64() {
        assert_eq!(AppError::usage("a", "b").exit_code(), 64);
    }
}
