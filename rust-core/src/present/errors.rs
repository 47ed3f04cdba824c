//! The error catalogue (product.md §9): for each stable error code, what the dialog says and what
//! it offers. Texts are fixed per code and never interpolate card data, so an error can be shown,
//! logged or reported without leaking anything.

use super::text::Text;
use crate::error::{ReadError, UnsupportedCard};
use crate::number::NumberError;

/// Immigration services offices (地方出入国在留管理官署), for verification failures and repeated
/// read failures.
pub const CONSULTATION_URL: &str = "https://www.moj.go.jp/isa/about/region/index.html";
/// How to apply for a replacement card, for a faulty chip.
pub const REISSUE_URL: &str =
    "https://www.moj.go.jp/isa/applications/procedures/nyuukokukanri10_00012.html";

/// A button in the error dialog, in display order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorAction {
    /// Read again with the number already entered.
    Retry,
    /// Back to the number field with the number kept for correction.
    ReEnterNumber,
    OpenNfcSettings,
    OpenAppSettings,
    OpenUrl {
        url: String,
        label: Text,
    },
    ReturnToTop,
    Close,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorInfo {
    pub code: String,
    pub title: Text,
    pub message: Text,
    /// Extra advice listed under the message (how to hold the card, where the setting is).
    pub tips: Vec<Text>,
    pub actions: Vec<ErrorAction>,
    /// False when nothing should be shown (the user cancelled).
    pub dialog: bool,
    /// True when the app goes back to number entry whatever the user presses.
    pub returns_to_start: bool,
}

const CODES: &[&str] = &[
    "invalid_card_number",
    "wrong_card_number",
    "not_a_residence_card",
    "unsupported_card",
    "chip_broken",
    "card_lost",
    "communication_error",
    "malformed_data",
    "transport_unavailable",
    "cancelled",
    "internal",
    "nfc_disabled",
    "nfc_unavailable",
    "camera_permission_denied",
    "camera_scan_failed",
    "reader_not_found",
    "pcsc_unavailable",
    "already_running",
    "reader_ambiguous",
    "reader_busy",
    "no_card",
    "card_unresponsive",
    "extended_length_unsupported",
    "trust_anchor_unreadable",
    "output_error",
    // Specified cards (07/08), issue 16.
    "secure_messaging_error",
    "key_delivery_refused",
    "delivery_key_missing",
    "delivery_key_unreadable",
    // My Number card (issue 15): entries in `my_number_info` below.
    "my_number_card",
    "wrong_pin",
    "pin_blocked",
    "last_try_refused",
    "invalid_pin",
    "invalid_collation_input",
    "no_signature_certificate",
    "not_a_my_number_card",
];

/// Every code the catalogue knows, core and shell alike.
pub fn all_error_codes() -> Vec<String> {
    CODES.iter().map(|c| (*c).to_owned()).collect()
}

fn t(ja: &str, en: &str) -> Text {
    Text::new(ja, en)
}

fn office() -> ErrorAction {
    ErrorAction::OpenUrl {
        url: CONSULTATION_URL.to_owned(),
        label: t("相談窓口", "Consultation offices"),
    }
}

fn info(
    code: &str,
    title: Text,
    message: Text,
    tips: Vec<Text>,
    actions: Vec<ErrorAction>,
) -> ErrorInfo {
    ErrorInfo {
        code: code.to_owned(),
        title,
        message,
        tips,
        actions,
        dialog: true,
        returns_to_start: false,
    }
}

/// Advice for a card that was not detected or lost mid-read (product.md §9 rows 9–10).
fn holding_tips() -> Vec<Text> {
    vec![
        t(
            "読み取りが終わるまでカードを動かさないでください。",
            "Keep the card still until the result appears.",
        ),
        t(
            "金属製の机などの上では読み取れないことがあります。金属から10〜20cm離してください。",
            "Metal can block reading: keep the card and phone 10–20 cm away from metal surfaces.",
        ),
        t(
            "iPhone：本体上端をカードから2〜3cm以内に近づけてください。",
            "iPhone: bring the top edge of the phone within 2–3 cm of the card.",
        ),
        t(
            "Android：本体背面のNFCマークをカードの中央に合わせてください。",
            "Android: centre the NFC mark on the back of the phone over the card.",
        ),
        t(
            "何度試してもエラーになる場合は、相談窓口にご相談ください。",
            "If it keeps failing, contact an immigration services office.",
        ),
    ]
}

/// The catalogue entry for a code; unknown codes get the internal-error entry (with the unknown
/// code kept in `code`, so the report still says what happened).
pub fn error_info(code: &str) -> ErrorInfo {
    match code {
        "invalid_card_number" => info(
            code,
            t("在留カード等番号の形式が正しくありません", "Invalid card number"),
            t(
                "在留カード等番号は半角英大文字数字12桁で入力してください。",
                "Enter the card number as 12 half-width upper-case letters and digits.",
            ),
            vec![],
            vec![ErrorAction::ReEnterNumber],
        ),
        "wrong_card_number" => info(
            code,
            t("在留カード等番号が正しくありません", "Wrong card number"),
            t(
                "入力した在留カード等番号がこのカードと一致しません。カードに記載された番号を確認して、入力し直してください。",
                "The card number entered does not match this card. Check the number on the card and enter it again.",
            ),
            vec![],
            vec![ErrorAction::ReEnterNumber],
        ),
        "not_a_residence_card" => info(
            code,
            t("在留カード等ではない可能性があります", "This may not be a residence card"),
            t(
                "読み取ったカードは在留カードまたは特別永住者証明書ではない可能性があります。カードを確認して、もう一度読み取ってください。",
                "The card read may not be a residence card or special permanent resident certificate. Check the card and try again.",
            ),
            vec![],
            vec![ErrorAction::Retry, ErrorAction::Close],
        ),
        "unsupported_card" => unsupported(None),
        "chip_broken" => info(
            code,
            t("ICチップが故障している可能性があります", "The card's chip may be faulty"),
            t(
                "カードのICチップが故障している可能性があります。最寄りの地方出入国在留管理官署で再交付の手続きをしてください。",
                "The card's chip may be faulty. Please apply for a replacement card at your nearest immigration services office.",
            ),
            vec![],
            vec![
                ErrorAction::OpenUrl {
                    url: REISSUE_URL.to_owned(),
                    label: t("再交付の手続き", "How to apply for a replacement"),
                },
                ErrorAction::Close,
            ],
        ),
        "card_lost" => info(
            code,
            t("カードを検出できません", "Card not detected"),
            t(
                "カードを検出できませんでした。カードをもう一度かざすか、カードリーダーに置き直して、動かさないでください。",
                "The card could not be detected. Hold it to the phone or put it on the reader again, and keep it still.",
            ),
            holding_tips(),
            vec![ErrorAction::Retry, office(), ErrorAction::Close],
        ),
        "communication_error" => info(
            code,
            t("読み取り中にエラーが発生しました", "Reading failed"),
            t(
                "カードの読み取り中にエラーが発生しました。もう一度読み取ってください。何度か試しても続く場合は、相談窓口にご相談ください。",
                "An error occurred while reading the card. Please try again; if it keeps happening, contact an immigration services office.",
            ),
            holding_tips(),
            vec![ErrorAction::Retry, office(), ErrorAction::Close],
        ),
        "malformed_data" => info(
            code,
            t("カードのデータを読み取れません", "The card's data could not be read"),
            t(
                "カードから受け取ったデータが正しい形式ではありません。もう一度読み取ってください。何度か試しても続く場合は、相談窓口にご相談ください。",
                "The data received from the card is not in the expected format. Please try again; if it keeps happening, contact an immigration services office.",
            ),
            vec![],
            vec![ErrorAction::Retry, office(), ErrorAction::Close],
        ),
        "transport_unavailable" => info(
            code,
            t("カードを読み取れる装置がありません", "No card reader available"),
            t(
                "NFCまたはカードリーダーが使用できる状態か確認して、もう一度お試しください。",
                "Check that NFC or the card reader is available, then try again.",
            ),
            vec![],
            vec![ErrorAction::Retry, ErrorAction::Close],
        ),
        "cancelled" => ErrorInfo {
            dialog: false,
            ..info(code, t("読み取りを中止しました", "Reading cancelled"), t("読み取りを中止しました。", "Reading was cancelled."), vec![], vec![])
        },
        "nfc_disabled" => info(
            code,
            t("NFCが使用できません", "NFC is turned off"),
            t(
                "設定でNFCを有効にし、充電ケーブルを外してから、もう一度お試しください。充電中はNFCが使えない端末があります。",
                "Turn NFC on in Settings and unplug the charger, then try again. Some phones disable NFC while charging.",
            ),
            vec![],
            vec![ErrorAction::OpenNfcSettings, ErrorAction::Retry, ErrorAction::Close],
        ),
        "nfc_unavailable" => info(
            code,
            t("この端末ではNFCを使用できません", "NFC is not available on this phone"),
            t(
                "この端末にはNFCがないか、故障している可能性があります。端末のメーカーにお問い合わせください。",
                "This phone may have no NFC, or its NFC may be faulty. Please contact the phone's manufacturer.",
            ),
            vec![],
            vec![ErrorAction::Close],
        ),
        "camera_permission_denied" => info(
            code,
            t("カメラの使用が許可されていません", "Camera access needed"),
            t(
                "番号を自動で読み取るには、カメラの使用を許可してください。番号は手で入力することもできます。",
                "Allow camera access to scan the number. You can also type the number instead.",
            ),
            vec![],
            vec![ErrorAction::OpenAppSettings, ErrorAction::Close],
        ),
        "camera_scan_failed" => info(
            code,
            t("番号を読み取れませんでした", "Number scan failed"),
            t(
                "カメラでの番号の読み取り中にエラーが発生しました。アプリを再起動してください。続く場合は端末を再起動してください。番号は手で入力することもできます。",
                "An error occurred while scanning the number. Restart the app; if it keeps happening, restart the phone. You can also type the number instead.",
            ),
            vec![],
            vec![ErrorAction::Close],
        ),
        "reader_not_found" => info(
            code,
            t("カードリーダーが見つかりません", "Card reader not found"),
            t(
                "カードリーダーの接続を確認し、接続し直してから、もう一度お試しください。",
                "Check the card reader's connection, reconnect it and try again.",
            ),
            vec![t(
                "同じカードリーダーを使う他のアプリは終了してください。",
                "Close any other app that uses the same card reader.",
            )],
            vec![ErrorAction::Retry, ErrorAction::Close],
        ),
        "pcsc_unavailable" => info(
            code,
            t("スマートカードサービスが停止しています", "The smart card service is not running"),
            t(
                "カードリーダーを使うためのサービスが動いていません。サービスを開始してから、もう一度お試しください。",
                "The service that runs card readers is not running. Start it, then try again.",
            ),
            [DesktopOs::Windows, DesktopOs::Linux].into_iter().filter_map(pcsc_service_tip).collect(),
            vec![ErrorAction::Retry, ErrorAction::Close],
        ),
        "already_running" => info(
            code,
            t("アプリは既に起動しています", "The app is already running"),
            t(
                "アプリは既に起動しています。開いているウィンドウを使用してください。",
                "The app is already running. Please use the window that is already open.",
            ),
            vec![],
            vec![ErrorAction::Close],
        ),
        // Desktop (PC/SC) conditions: the tool adds the reader names or the path beside the text.
        "reader_ambiguous" => info(
            code,
            t("カードリーダーが複数あります", "Several card readers"),
            t(
                "カードリーダーが複数接続されています。使うカードリーダーを1台指定してください（--reader）。",
                "Several card readers are connected. Choose the one to use (--reader).",
            ),
            vec![],
            vec![ErrorAction::Close],
        ),
        "reader_busy" => info(
            code,
            t("カードリーダーは使用中です", "The card reader is in use"),
            t(
                "カードリーダーは別のアプリが使用中です。そのアプリを終了してから、もう一度お試しください。",
                "Another program is using the card reader. Close it, then try again.",
            ),
            vec![],
            vec![ErrorAction::Retry, ErrorAction::Close],
        ),
        "no_card" => info(
            code,
            t("カードを検出できません", "No card detected"),
            t(
                "カードを検出できません。カードリーダーにカードを置いてから、もう一度お試しください。",
                "No card was detected. Put the card on the card reader, then try again.",
            ),
            vec![],
            vec![ErrorAction::Retry, ErrorAction::Close],
        ),
        "card_unresponsive" => info(
            code,
            t("カードが応答しません", "The card does not respond"),
            t(
                "カードが応答しません。カードを置き直して、もう一度お試しください。",
                "The card does not respond. Put it on the reader again and retry.",
            ),
            vec![],
            vec![ErrorAction::Retry, ErrorAction::Close],
        ),
        "extended_length_unsupported" => info(
            code,
            t("カードリーダーが対応していません", "The card reader is not supported"),
            t(
                "カードリーダーが拡張APDU（extended length）に対応していないため読み取れませんでした。拡張APDUに対応したカードリーダーを使ってください。",
                "The card reader does not support extended-length APDUs. Use a card reader that does.",
            ),
            vec![],
            vec![ErrorAction::Close],
        ),
        "trust_anchor_unreadable" => info(
            code,
            t("ルート証明書を読み込めません", "Cannot load the root certificate"),
            t(
                "指定された信頼するルート証明書を読み込めません。ファイルの場所と形式（DERまたはPEM）を確認してください。",
                "The trust anchor given cannot be loaded. Check the file's path and format (DER or PEM).",
            ),
            vec![],
            vec![ErrorAction::Close],
        ),
        "output_error" => info(
            code,
            t("ファイルを書き込めません", "Cannot write the files"),
            t(
                "画像などのファイルを書き込めません。出力先のフォルダと空き容量を確認してください。",
                "The images or other files cannot be written. Check the output folder and the free space.",
            ),
            vec![],
            vec![ErrorAction::Close],
        ),
        "delivery_key_unreadable" => info(
            code,
            t("配送鍵のファイルを読み込めません", "Cannot load the delivery key file"),
            t(
                "指定されたRSA配送鍵のファイルを読み込めません。ファイルの場所と形式（出入国在留管理庁の keys_smrsapub_001.bin、またはDER/PEMの公開鍵）を確認してください。",
                "The delivery key file given cannot be loaded. Check the file's path and format (the Immigration Services Agency's keys_smrsapub_001.bin, or a DER/PEM public key).",
            ),
            vec![],
            vec![ErrorAction::Close],
        ),
        // Specified cards (07/08), issue 16.
        "secure_messaging_error" => info(
            code,
            t("暗号化通信でエラーが発生しました", "Secure messaging failed"),
            t(
                "カードとの暗号化された通信でエラーが発生しました。カードをかざし直して、もう一度読み取ってください。何度か試しても続く場合は、相談窓口にご相談ください。",
                "The encrypted exchange with the card failed. Hold the card again and read it once more; if it keeps happening, contact an immigration services office.",
            ),
            holding_tips(),
            vec![ErrorAction::Retry, office(), ErrorAction::Close],
        ),
        "key_delivery_refused" => info(
            code,
            t("カードが読み取り用の鍵を受け付けませんでした", "The card refused the reading key"),
            t(
                "カードが、読み取りに使う暗号鍵（出入国在留管理庁のRSA配送鍵）を受け付けませんでした。アプリを最新版に更新して、もう一度読み取ってください。続く場合は、相談窓口にご相談ください。",
                "The card did not accept the key used to read it (the Immigration Services Agency's RSA delivery key). Update the app and read again; if it keeps happening, contact an immigration services office.",
            ),
            vec![],
            vec![ErrorAction::Retry, office(), ErrorAction::Close],
        ),
        "delivery_key_missing" => info(
            code,
            t("特定在留カード等の読み取りに必要な鍵がありません", "The key for reading specified cards is missing"),
            t(
                "特定在留カード・特定特別永住者証明書の読み取りには、出入国在留管理庁が公開しているRSA配送鍵（001462222.zip 内の keys_smrsapub_001.bin）が必要ですが、インストールされていません。アプリを最新版に更新してください。コマンドラインでは scripts/fetch-trust-anchors.sh で取得するか、--delivery-key でファイルを指定してください。",
                "Reading a specified residence card or specified special permanent resident certificate needs the Immigration Services Agency's published RSA delivery key (keys_smrsapub_001.bin in 001462222.zip), and it is not installed. Update the app. On the command line, fetch it with scripts/fetch-trust-anchors.sh or give the file with --delivery-key.",
            ),
            vec![],
            vec![ErrorAction::Close],
        ),
        code if MY_NUMBER_CODES.contains(&code) => my_number_info(code),
        _ => internal(code),
    }
}

fn internal(code: &str) -> ErrorInfo {
    ErrorInfo {
        returns_to_start: true,
        ..info(
            code,
            t("予期しないエラーが発生しました", "An unexpected error occurred"),
            t(
                "予期しないエラーが発生したため、最初の画面に戻ります。アプリを再起動してください。繰り返し発生する場合は、端末を再起動してください。",
                "An unexpected error occurred, so the app returns to the start screen. Restart the app; if it happens again, restart the device.",
            ),
            vec![],
            vec![ErrorAction::ReturnToTop],
        )
    }
}

fn unsupported(which: Option<UnsupportedCard>) -> ErrorInfo {
    let message = match which {
        Some(UnsupportedCard::SecondGeneration) => t(
            "第二世代の在留カード・特別永住者証明書の読み取りには、まだ対応していません。",
            "Second-generation residence cards and certificates are not supported yet.",
        ),
        Some(UnsupportedCard::MyNumberCard) => t(
            "マイナンバーカードです。マイナンバーカードの確認を使用してください。",
            "This is a My Number card. Use the My Number check.",
        ),
        Some(UnsupportedCard::SpecifiedCard) => t(
            "特定在留カード・特定特別永住者証明書（マイナンバーカード一体型）の読み取りには、まだ対応していません。",
            "Specified cards (combined with a My Number card) are not supported yet.",
        ),
        None => t(
            "この種類のカードの読み取りには、まだ対応していません。",
            "This type of card is not supported yet.",
        ),
    };
    info(
        "unsupported_card",
        t("対応していないカードです", "Card not supported yet"),
        message,
        vec![],
        vec![ErrorAction::Close],
    )
}

/// The entry for a read error; more specific than [`error_info`] where the error says more
/// (which unsupported card, which character of the number).
pub fn from_read_error(e: &ReadError) -> ErrorInfo {
    match e {
        ReadError::InvalidCardNumber(n) => from_number_error(n),
        ReadError::UnsupportedCard(UnsupportedCard::MyNumberCard) => error_info("my_number_card"),
        ReadError::UnsupportedCard(which) => unsupported(Some(*which)),
        other => error_info(other.code()),
    }
}

/// A number rejected before anything was sent to the card: the invalid-number entry with the
/// number module's position-only message, which never contains the number itself.
pub fn from_number_error(e: &NumberError) -> ErrorInfo {
    ErrorInfo {
        message: Text::new(e.message_ja(), e.message_en()),
        ..error_info("invalid_card_number")
    }
}

// ---- My Number card (issue 15) ------------------------------------------------------------
// Texts from seeds 003/004 where they say it: the lock counts, "ロック解除には、市区町村窓口で手続が
// 必要になります", and the card-mismatch sentence. PIN errors never name the PIN's value.

const MY_NUMBER_CODES: &[&str] = &[
    "my_number_card",
    "wrong_pin",
    "pin_blocked",
    "last_try_refused",
    "invalid_pin",
    "invalid_collation_input",
    "no_signature_certificate",
    "not_a_my_number_card",
];

/// Where a locked PIN is unlocked (seed 004): the municipal office; no URL is given by the
/// manuals, so none is invented.
fn municipal_office_tip() -> Text {
    t(
        "ロック解除には、市区町村窓口で手続が必要になります。",
        "To unlock it, follow the procedure at your municipal office (市区町村窓口).",
    )
}

fn my_number_info(code: &str) -> ErrorInfo {
    match code {
        "my_number_card" => info(
            code,
            t("マイナンバーカードです", "This is a My Number card"),
            t(
                "読み取ったカードはマイナンバーカードです。在留カードの読み取りではなく、マイナンバーカードの確認を使用してください。",
                "The card read is a My Number card, not a residence card. Use the My Number check instead.",
            ),
            vec![],
            vec![ErrorAction::Close],
        ),
        "wrong_pin" => info(
            code,
            t("暗証番号が違います", "Wrong PIN"),
            t(
                "暗証番号が正しくありません。残りの試行回数を確認して、入力し直してください。回数を超えて間違えるとロックがかかります。",
                "The PIN is not correct. Check the tries left and enter it again. Too many wrong entries lock the PIN.",
            ),
            vec![municipal_office_tip()],
            vec![ErrorAction::Retry, ErrorAction::Close],
        ),
        "pin_blocked" => info(
            code,
            t("暗証番号がロックされています", "The PIN is locked"),
            t(
                "暗証番号を規定の回数間違えたため、ロックがかかっています。このカードではこの確認を行えません。",
                "The PIN was entered wrongly too many times and is locked. This check cannot be done with this card.",
            ),
            vec![municipal_office_tip()],
            vec![ErrorAction::Close],
        ),
        "last_try_refused" => info(
            code,
            t("残り1回で暗証番号がロックされます", "One try left before the PIN locks"),
            t(
                "あと1回間違えると暗証番号がロックされます。暗証番号を確かめてから、確認のうえ入力してください。",
                "One more wrong entry locks the PIN. Make sure of the PIN, then confirm to use the last try.",
            ),
            vec![municipal_office_tip()],
            vec![ErrorAction::Retry, ErrorAction::Close],
        ),
        "invalid_pin" => info(
            code,
            t("暗証番号の形式が正しくありません", "Invalid PIN format"),
            t(
                "数字4桁の暗証番号、または英数字6～16桁の暗証番号（英字と数字をそれぞれ1文字以上）を入力してください。カードには送信していません。",
                "Enter the 4-digit PIN, or the 6–16 character password of letters and digits (at least one of each). Nothing was sent to the card.",
            ),
            vec![],
            vec![ErrorAction::ReEnterNumber],
        ),
        "invalid_collation_input" => info(
            code,
            t("入力内容の形式が正しくありません", "Invalid input"),
            t(
                "生年月日（YYYY-MM-DD）、カードの有効期限の年（4桁）、セキュリティコード（数字4桁）を確認して入力してください。カードには送信していません。",
                "Check the birth date (YYYY-MM-DD), the card's expiry year (4 digits) and the security code (4 digits). Nothing was sent to the card.",
            ),
            vec![],
            vec![ErrorAction::ReEnterNumber],
        ),
        "no_signature_certificate" => info(
            code,
            t("署名用電子証明書がありません", "No signature certificate"),
            t(
                "このカードには署名用電子証明書が搭載されていません（15歳未満の方には発行されません）。",
                "This card carries no signature certificate (it is not issued to holders under 15).",
            ),
            vec![t(
                "電子証明書については、お住まいの市区町村窓口へお問い合わせください。",
                "Ask your municipal office about electronic certificates.",
            )],
            vec![ErrorAction::Close],
        ),
        "not_a_my_number_card" => info(
            code,
            t("マイナンバーカードではない可能性があります", "This may not be a My Number card"),
            t(
                "読み取ったカードはマイナンバーカードではない可能性があります。カードを確認して、もう一度読み取ってください。",
                "The card read may not be a My Number card. Check the card and try again.",
            ),
            vec![],
            vec![ErrorAction::Retry, ErrorAction::Close],
        ),
        _ => internal(code),
    }
}


/// The desktop whose smart-card service a `pcsc_unavailable` message is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DesktopOs {
    Windows,
    Linux,
    MacOs,
}

/// How to start the smart-card service on `os`, the tip a desktop adds to `pcsc_unavailable`
/// (the catalogue entry lists all of them). macOS starts its own (CryptoTokenKit) on demand and
/// has nothing to switch on: `None`.
pub fn pcsc_service_tip(os: DesktopOs) -> Option<Text> {
    match os {
        DesktopOs::Windows => Some(t(
            "Windows：「サービス」で「Smart Card」を開き、スタートアップの種類を「自動」または「手動」にして「適用」、「開始」を押してください。",
            "Windows: in Services, open \"Smart Card\", set the startup type to Automatic or Manual, press Apply, then Start.",
        )),
        DesktopOs::Linux => Some(t(
            "Linux：pcscd を起動してください（例：sudo systemctl start pcscd）。",
            "Linux: start pcscd (e.g. sudo systemctl start pcscd).",
        )),
        DesktopOs::MacOs => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ErrorAction as A;

    #[test]
    fn present_error_titles_and_actions() {
        let cases: &[(&str, &str, &str, &[ErrorAction])] = &[
            (
                "invalid_card_number",
                "在留カード等番号の形式が正しくありません",
                "Invalid card number",
                &[A::ReEnterNumber],
            ),
            (
                "wrong_card_number",
                "在留カード等番号が正しくありません",
                "Wrong card number",
                &[A::ReEnterNumber],
            ),
            (
                "not_a_residence_card",
                "在留カード等ではない可能性があります",
                "This may not be a residence card",
                &[A::Retry, A::Close],
            ),
            (
                "unsupported_card",
                "対応していないカードです",
                "Card not supported yet",
                &[A::Close],
            ),
            (
                "card_lost",
                "カードを検出できません",
                "Card not detected",
                &[
                    A::Retry,
                    A::OpenUrl {
                        url: String::new(),
                        label: Text::same(""),
                    },
                    A::Close,
                ],
            ),
            (
                "communication_error",
                "読み取り中にエラーが発生しました",
                "Reading failed",
                &[
                    A::Retry,
                    A::OpenUrl {
                        url: String::new(),
                        label: Text::same(""),
                    },
                    A::Close,
                ],
            ),
            (
                "malformed_data",
                "カードのデータを読み取れません",
                "The card's data could not be read",
                &[
                    A::Retry,
                    A::OpenUrl {
                        url: String::new(),
                        label: Text::same(""),
                    },
                    A::Close,
                ],
            ),
            (
                "transport_unavailable",
                "カードを読み取れる装置がありません",
                "No card reader available",
                &[A::Retry, A::Close],
            ),
            (
                "cancelled",
                "読み取りを中止しました",
                "Reading cancelled",
                &[],
            ),
            (
                "internal",
                "予期しないエラーが発生しました",
                "An unexpected error occurred",
                &[A::ReturnToTop],
            ),
            (
                "nfc_disabled",
                "NFCが使用できません",
                "NFC is turned off",
                &[A::OpenNfcSettings, A::Retry, A::Close],
            ),
            (
                "nfc_unavailable",
                "この端末ではNFCを使用できません",
                "NFC is not available on this phone",
                &[A::Close],
            ),
            (
                "camera_permission_denied",
                "カメラの使用が許可されていません",
                "Camera access needed",
                &[A::OpenAppSettings, A::Close],
            ),
            (
                "camera_scan_failed",
                "番号を読み取れませんでした",
                "Number scan failed",
                &[A::Close],
            ),
            (
                "reader_not_found",
                "カードリーダーが見つかりません",
                "Card reader not found",
                &[A::Retry, A::Close],
            ),
            (
                "pcsc_unavailable",
                "スマートカードサービスが停止しています",
                "The smart card service is not running",
                &[A::Retry, A::Close],
            ),
            (
                "already_running",
                "アプリは既に起動しています",
                "The app is already running",
                &[A::Close],
            ),
            (
                "secure_messaging_error",
                "暗号化通信でエラーが発生しました",
                "Secure messaging failed",
                &[
                    A::Retry,
                    A::OpenUrl {
                        url: String::new(),
                        label: Text::same(""),
                    },
                    A::Close,
                ],
            ),
            (
                "key_delivery_refused",
                "カードが読み取り用の鍵を受け付けませんでした",
                "The card refused the reading key",
                &[
                    A::Retry,
                    A::OpenUrl {
                        url: String::new(),
                        label: Text::same(""),
                    },
                    A::Close,
                ],
            ),
            (
                "delivery_key_missing",
                "特定在留カード等の読み取りに必要な鍵がありません",
                "The key for reading specified cards is missing",
                &[A::Close],
            ),
            ("delivery_key_unreadable", "配送鍵のファイルを読み込めません", "Cannot load the delivery key file", &[A::Close]),
            (
                "chip_broken",
                "ICチップが故障している可能性があります",
                "The card's chip may be faulty",
                &[
                    A::OpenUrl {
                        url: String::new(),
                        label: Text::same(""),
                    },
                    A::Close,
                ],
            ),
            ("reader_ambiguous", "カードリーダーが複数あります", "Several card readers", &[A::Close]),
            ("reader_busy", "カードリーダーは使用中です", "The card reader is in use", &[A::Retry, A::Close]),
            ("no_card", "カードを検出できません", "No card detected", &[A::Retry, A::Close]),
            ("card_unresponsive", "カードが応答しません", "The card does not respond", &[A::Retry, A::Close]),
            (
                "extended_length_unsupported",
                "カードリーダーが対応していません",
                "The card reader is not supported",
                &[A::Close],
            ),
            ("trust_anchor_unreadable", "ルート証明書を読み込めません", "Cannot load the root certificate", &[A::Close]),
            ("output_error", "ファイルを書き込めません", "Cannot write the files", &[A::Close]),
            // My Number card (issue 15).
            ("my_number_card", "マイナンバーカードです", "This is a My Number card", &[A::Close]),
            ("wrong_pin", "暗証番号が違います", "Wrong PIN", &[A::Retry, A::Close]),
            ("pin_blocked", "暗証番号がロックされています", "The PIN is locked", &[A::Close]),
            (
                "last_try_refused",
                "残り1回で暗証番号がロックされます",
                "One try left before the PIN locks",
                &[A::Retry, A::Close],
            ),
            ("invalid_pin", "暗証番号の形式が正しくありません", "Invalid PIN format", &[A::ReEnterNumber]),
            ("invalid_collation_input", "入力内容の形式が正しくありません", "Invalid input", &[A::ReEnterNumber]),
            ("no_signature_certificate", "署名用電子証明書がありません", "No signature certificate", &[A::Close]),
            (
                "not_a_my_number_card",
                "マイナンバーカードではない可能性があります",
                "This may not be a My Number card",
                &[A::Retry, A::Close],
            ),
        ];
        assert_eq!(cases.len(), CODES.len());
        // URLs are compared separately; here only the shape of each action.
        let shape = |a: &ErrorAction| match a {
            A::OpenUrl { .. } => A::OpenUrl {
                url: String::new(),
                label: Text::same(""),
            },
            other => other.clone(),
        };
        for (code, ja, en, actions) in cases {
            let e = error_info(code);
            assert_eq!(e.code, *code);
            assert_eq!(e.title, Text::new(*ja, *en), "{code}");
            assert_eq!(
                e.actions.iter().map(shape).collect::<Vec<_>>(),
                *actions,
                "{code}"
            );
            assert_eq!(e.dialog, *code != "cancelled", "{code}");
            assert_eq!(e.returns_to_start, *code == "internal", "{code}");
            assert!(
                !e.message.ja.is_empty() && !e.message.en.is_empty(),
                "{code}"
            );
        }
    }

    #[test]
    fn present_error_urls() {
        let url_of = |code: &str| {
            error_info(code).actions.iter().find_map(|a| match a {
                A::OpenUrl { url, .. } => Some(url.clone()),
                _ => None,
            })
        };
        assert_eq!(url_of("chip_broken").as_deref(), Some(REISSUE_URL));
        assert_eq!(
            REISSUE_URL,
            "https://www.moj.go.jp/isa/applications/procedures/nyuukokukanri10_00012.html"
        );
        assert_eq!(
            url_of("card_lost").as_deref(),
            Some("https://www.moj.go.jp/isa/about/region/index.html")
        );
        assert_eq!(
            url_of("communication_error").as_deref(),
            Some(CONSULTATION_URL)
        );
        assert_eq!(url_of("wrong_card_number"), None);
    }

    #[test]
    fn present_error_messages_exact() {
        let e = error_info("nfc_disabled");
        assert_eq!(
            e.message.en,
            "Turn NFC on in Settings and unplug the charger, then try again. Some phones disable NFC while charging."
        );
        let e = error_info("wrong_card_number");
        assert_eq!(
            e.message.ja,
            "入力した在留カード等番号がこのカードと一致しません。カードに記載された番号を確認して、入力し直してください。"
        );
        assert_eq!(error_info("card_lost").tips.len(), 5);
        assert_eq!(
            error_info("card_lost").tips[2].en,
            "iPhone: bring the top edge of the phone within 2–3 cm of the card."
        );
        assert_eq!(
            error_info("pcsc_unavailable").tips[1].en,
            "Linux: start pcscd (e.g. sudo systemctl start pcscd)."
        );
    }

    #[test]
    fn present_error_specified_messages_name_what_is_missing() {
        let e = from_read_error(&ReadError::DeliveryKeyMissing);
        assert_eq!(e.code, "delivery_key_missing");
        for needle in ["keys_smrsapub_001.bin", "001462222.zip", "scripts/fetch-trust-anchors.sh", "--delivery-key"] {
            assert!(e.message.en.contains(needle) && e.message.ja.contains(needle), "{needle}");
        }
        let e = from_read_error(&ReadError::SecureMessagingError { sw: Some(0x6988) });
        assert_eq!(e.code, "secure_messaging_error");
        assert!(!e.message.en.contains("6988"));
        assert_eq!(e.tips.len(), 5);
        assert_eq!(from_read_error(&ReadError::KeyDeliveryRefused { sw: 0x6A80 }).code, "key_delivery_refused");
    }

    #[test]
    fn present_error_unknown_maps_to_internal() {
        let e = error_info("no_such_code");
        assert_eq!(e.code, "no_such_code");
        assert_eq!(e.title, error_info("internal").title);
        assert_eq!(e.actions, [A::ReturnToTop]);
        assert!(e.returns_to_start && e.dialog);
        assert_eq!(error_info("").title.en, "An unexpected error occurred");
    }

    #[test]
    fn present_error_cancelled_is_silent() {
        let e = error_info("cancelled");
        assert!(!e.dialog);
        assert!(e.actions.is_empty());
        assert!(!from_read_error(&ReadError::Cancelled).dialog);
    }

    #[test]
    fn present_error_from_read_error() {
        let all = [
            ReadError::InvalidCardNumber(NumberError::Empty),
            ReadError::WrongCardNumber,
            ReadError::NotResidenceCard,
            ReadError::ChipBroken { sw: 0x6F00 },
            ReadError::CardLost,
            ReadError::CommunicationError {
                detail: "timeout".into(),
            },
            ReadError::TransportUnavailable,
            ReadError::MalformedData { what: "DF1/EF01" },
            ReadError::UnsupportedCard(UnsupportedCard::SecondGeneration),
            ReadError::Cancelled,
            ReadError::Internal {
                detail: "bug".into(),
            },
            ReadError::SecureMessagingError { sw: Some(0x6988) },
            ReadError::KeyDeliveryRefused { sw: 0x6A80 },
            ReadError::DeliveryKeyMissing,
        ];
        for e in &all {
            let info = from_read_error(e);
            assert_eq!(info.code, e.code());
            // The detail strings are for logs, never for the user.
            assert!(!info.message.en.contains("timeout") && !info.message.en.contains("DF1"));
            assert!(!info.message.en.contains("bug"));
        }
        assert_eq!(
            from_read_error(&ReadError::UnsupportedCard(
                UnsupportedCard::SecondGeneration
            ))
            .message
            .en,
            "Second-generation residence cards and certificates are not supported yet."
        );
        assert_eq!(
            from_read_error(&ReadError::UnsupportedCard(UnsupportedCard::SpecifiedCard)).message.ja,
            "特定在留カード・特定特別永住者証明書（マイナンバーカード一体型）の読み取りには、まだ対応していません。"
        );
        assert_eq!(
            error_info("unsupported_card").message.en,
            "This type of card is not supported yet."
        );
    }

    #[test]
    fn present_error_from_number_error() {
        let e = from_number_error(&NumberError::InvalidCharacter { position: 4 });
        assert_eq!(e.code, "invalid_card_number");
        assert_eq!(
            e.message,
            Text::new(
                "4文字目に使えない文字があります（英字と数字のみ）",
                "Character 4 must be a letter A-Z or a digit 0-9"
            )
        );
        assert_eq!(e.actions, [A::ReEnterNumber]);
        let via_read = from_read_error(&ReadError::InvalidCardNumber(NumberError::TooShort {
            count: 5,
        }));
        assert_eq!(
            via_read.message.en,
            "The card number has 12 characters, only 5 entered"
        );
    }
}
