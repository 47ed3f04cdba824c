//! Every failure the tool reports, with a stable code and the bilingual text the user sees. Codes
//! of the core's [`ReadError`] are kept as they are; conditions only a desktop has (no reader, the
//! PC/SC service stopped, reader busy) get their own codes (product.md §9 rows 3 and 4, §1).
//! Nothing here carries personal data: no card number, no card bytes.

use serde_json::{Map, Value};
use zairyu_core::number::NumberError;
use zairyu_core::ReadError;

use crate::exit;

/// Where to apply for a replacement card (product.md §9, "reissue URL").
pub const REISSUE_URL: &str = "https://www.moj.go.jp/isa/applications/procedures/nyuukokukanri10_00012.html";
/// Immigration offices to consult (product.md §9, "office URL").
pub const OFFICE_URL: &str = "https://www.moj.go.jp/isa/about/region/index.html";

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

    pub fn usage(ja: impl Into<String>, en: impl Into<String>) -> Self {
        AppError::new("usage", ja, en)
    }

    /// The number's own error says which position is wrong and why.
    pub fn invalid_number(e: &NumberError) -> Self {
        let mut err = AppError::new(
            "invalid_card_number",
            format!("在留カード等番号の形式が正しくありません：{}", e.message_ja()),
            format!("The card number is malformed: {}", e.message_en()),
        )
        .with("number_error", e.code());
        if let Some(p) = e.position() {
            err = err.with("position", p);
        }
        err
    }

    pub fn from_read(e: &ReadError) -> Self {
        match e {
            ReadError::InvalidCardNumber(n) => AppError::invalid_number(n),
            ReadError::WrongCardNumber => AppError::new(
                "wrong_card_number",
                "入力した在留カード等番号が正しくありません。カードの番号を確認して入力し直してください",
                "The card number entered is wrong for this card; check the number on the card and enter it again",
            ),
            ReadError::NotResidenceCard => AppError::new(
                "not_a_residence_card",
                "在留カード等ではないカードの可能性があります。カードを確認してください",
                "This may not be a residence card or special permanent resident certificate; please check the card",
            ),
            ReadError::ChipBroken { sw } => AppError::new(
                "chip_broken",
                "ICチップが故障している可能性があります。最寄りの地方出入国在留管理官署で再交付の手続きをしてください",
                "The card's chip may be faulty; apply for a replacement at an immigration office",
            )
            .with("sw", format!("{sw:04X}"))
            .with("url", REISSUE_URL),
            ReadError::CardLost => AppError::new(
                "card_lost",
                "読み取り中にカードが離れました。カードをリーダーに置いたまま、もう一度読み取ってください",
                "The card was removed during the read; leave it on the reader and read again",
            )
            .with("url", OFFICE_URL),
            ReadError::CommunicationError { detail } if detail.starts_with(crate::extended::EXTENDED_REJECTED) => AppError::new(
                "communication_error",
                "カードリーダーが拡張APDU（extended length）に対応していないため読み取れませんでした。拡張APDU対応のリーダーを使ってください",
                "The card reader does not support extended-length APDUs; use a reader that does",
            )
            .with("detail", detail.as_str()),
            ReadError::CommunicationError { detail } => AppError::new(
                "communication_error",
                "読み取り中にエラーが発生しました。数回試しても続く場合は地方出入国在留管理官署に相談してください",
                "Reading failed; if it keeps happening, contact an immigration office",
            )
            .with("detail", detail.as_str())
            .with("url", OFFICE_URL),
            ReadError::TransportUnavailable => AppError::new(
                "transport_unavailable",
                "カードリーダーの接続を確認してください",
                "Check the card reader connection",
            ),
            ReadError::MalformedData { what } => AppError::new(
                "malformed_data",
                "カードのデータが仕様どおりではありません。カードの故障または偽造の可能性があります",
                "The card sent data that does not follow the specification; it may be damaged or forged",
            )
            .with("what", *what)
            .with("url", OFFICE_URL),
            ReadError::UnsupportedCard(kind) => {
                let (ja, en, which) = match kind {
                    zairyu_core::error::UnsupportedCard::SecondGeneration => (
                        "第2世代の在留カード等にはまだ対応していません",
                        "Second-generation cards are not supported yet",
                        "second_generation",
                    ),
                    zairyu_core::error::UnsupportedCard::SpecifiedCard => (
                        "特定在留カード等にはまだ対応していません",
                        "Specified cards (My Number chip) are not supported yet",
                        "specified_card",
                    ),
                    // Its own code, with the core catalogue's texts (the desktop is moving all its
                    // messages there).
                    zairyu_core::error::UnsupportedCard::MyNumberCard => {
                        let info = zairyu_core::present::error_info("my_number_card");
                        return AppError::new("my_number_card", info.message.ja, info.message.en);
                    }
                };
                AppError::new("unsupported_card", ja, en).with("card", which)
            }
            ReadError::Cancelled => AppError::new("cancelled", "読み取りを中止しました", "The read was cancelled"),
            ReadError::Internal { detail } => AppError::internal(detail),
        }
    }

    pub fn internal(detail: &str) -> Self {
        AppError::new(
            "internal",
            "予期しないエラーが発生しました。もう一度試し、続く場合はPCを再起動してください",
            "An unexpected error occurred; try again, and restart the PC if it keeps happening",
        )
        .with("detail", detail)
    }

    /// Product.md §9 row 4: the official app's "start the Smart Card service", per platform.
    pub fn pcsc_unavailable() -> Self {
        if cfg!(windows) {
            AppError::new(
                "pcsc_unavailable",
                "Smart Card サービスが止まっています。「サービス」アプリで「Smart Card」のスタートアップの種類を自動または手動にして開始してください",
                "The Smart Card service is not running; open the Services app, set \"Smart Card\" to Automatic or Manual and start it",
            )
        } else {
            AppError::new(
                "pcsc_unavailable",
                "スマートカードサービス（pcscd）が動いていません。pcscd を起動してください（例: sudo systemctl start pcscd）",
                "The smart card service (pcscd) is not running; start pcscd (e.g. sudo systemctl start pcscd)",
            )
        }
    }

    /// Product.md §9 row 3, when no reader at all is connected.
    pub fn no_readers() -> Self {
        AppError::new(
            "reader_not_found",
            "カードリーダーが接続されていません。カードリーダーの接続を確認してください",
            "No card reader is connected; check the card reader connection",
        )
        .with("readers", Value::Array(vec![]))
    }

    /// A `--reader` that matches none of the connected readers; lists the ones there are.
    pub fn unknown_reader(wanted: &str, available: &[String]) -> Self {
        AppError::new(
            "reader_not_found",
            format!("カードリーダー「{wanted}」が見つかりません。接続されているリーダー: {}", available.join(", ")),
            format!("No card reader named \"{wanted}\"; connected readers: {}", available.join(", ")),
        )
        .with("readers", available.to_vec())
    }

    pub fn ambiguous_reader(wanted: Option<&str>, candidates: &[String]) -> Self {
        let (ja, en) = match wanted {
            Some(w) => (
                format!("「{w}」に当てはまるカードリーダーが複数あります。--reader で1台を指定してください: {}", candidates.join(", ")),
                format!("Several card readers match \"{w}\"; choose one with --reader: {}", candidates.join(", ")),
            ),
            None => (
                format!("カードリーダーが複数あります。--reader で1台を指定してください: {}", candidates.join(", ")),
                format!("Several card readers are connected; choose one with --reader: {}", candidates.join(", ")),
            ),
        };
        AppError::new("reader_ambiguous", ja, en).with("readers", candidates.to_vec())
    }

    pub fn no_card(reader: &str) -> Self {
        AppError::new(
            "no_card",
            format!("カードを検出できません。カードリーダー「{reader}」にカードを置いてください"),
            format!("No card detected; put the card on the reader \"{reader}\""),
        )
        .with("reader", reader)
    }

    /// Product.md §1: "do not run another app that uses the same reader".
    pub fn reader_busy(reader: &str) -> Self {
        AppError::new(
            "reader_busy",
            format!("カードリーダー「{reader}」は別のアプリが使用中です。そのアプリを終了してから、もう一度試してください"),
            format!("The card reader \"{reader}\" is in use by another program; close it and try again"),
        )
        .with("reader", reader)
    }

    /// Connect/transmit failures of the reader that are not one of the cases above.
    pub fn reader_error(reader: &str, detail: &str) -> Self {
        AppError::new(
            "communication_error",
            format!("カードリーダー「{reader}」との通信でエラーが発生しました。カードリーダーの接続を確認してください"),
            format!("Communication with the card reader \"{reader}\" failed; check the card reader connection"),
        )
        .with("detail", detail)
        .with("reader", reader)
    }

    pub fn trust_anchor(path: &str, why: &str) -> Self {
        AppError::new(
            "trust_anchor_unreadable",
            format!("信頼するルート証明書を読み込めません: {path}（{why}）"),
            format!("Cannot load the trust anchor {path} ({why})"),
        )
    }

    pub fn output(path: &str, why: &str) -> Self {
        AppError::new(
            "output_error",
            format!("画像を書き込めません: {path}（{why}）"),
            format!("Cannot write images to {path} ({why})"),
        )
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
                "message_ja":"在留カード等番号の形式が正しくありません：7文字目に使えない文字があります（英字と数字のみ）",
                "message_en":"The card number is malformed: Character 7 must be a letter A-Z or a digit 0-9",
                "number_error":"number_invalid_character",
                "position":7
            }})
        );
    }

    #[test]
    fn unknown_reader_lists_available() {
        let e = AppError::unknown_reader("Sony", &["Virtual PCD 00 00".into(), "Virtual PCD 00 01".into()]);
        assert_eq!(e.code, "reader_not_found");
        assert_eq!(e.message_en, "No card reader named \"Sony\"; connected readers: Virtual PCD 00 00, Virtual PCD 00 01");
        assert_eq!(e.extra["readers"], json!(["Virtual PCD 00 00", "Virtual PCD 00 01"]));
    }

    #[test]
    fn pcsc_down_and_no_reader_are_distinct() {
        assert_eq!(AppError::pcsc_unavailable().code, "pcsc_unavailable");
        assert_eq!(AppError::no_readers().code, "reader_not_found");
        assert_ne!(AppError::pcsc_unavailable().message_en, AppError::no_readers().message_en);
    }

    #[test]
    fn usage_exits_64() {
        assert_eq!(AppError::usage("a", "b").exit_code(), 64);
    }
}
