//! The My Number presentation model (issue 15 item 8): what the PIN screen says before each try,
//! how an input error is explained, and the result of each check, as plain bilingual data.
//! Lock warnings use seeds 003/004's words. Values from the card appear only in rows flagged
//! `personal`; the 個人番号 is masked unless the caller asks to show it.

use super::errors::{error_info, from_read_error, ErrorInfo};
use super::text::{Row, Text};
use crate::mynumber::chain::CertificateStatus;
use crate::mynumber::collation::{CollationField, CollationInputError};
use crate::mynumber::matching::MatchResult;
use crate::mynumber::model::{
    AuthResult, CardKind, Holder, InPersonResult, IndividualNumber, MnVerification, PinCheckResult, Sex, SignatureResult,
    Step, Verdict,
};
use crate::mynumber::pin::{PinInputError, PinInputReason, PinKind};
use crate::mynumber::{MyNumberError, PinPrompt};

fn t(ja: &str, en: &str) -> Text {
    Text::new(ja, en)
}

/// What the PIN entry screen shows before a try.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PinEntryScreen {
    pub title: Text,
    /// Which secret and its format.
    pub instruction: Text,
    /// 「残り3回」.
    pub tries_left: Text,
    /// The manuals' lock warning, always shown.
    pub lock_warning: Text,
    /// Where a locked PIN is unlocked.
    pub unlock_note: Text,
    /// Set on the last try: the screen must get an explicit confirmation before sending.
    pub last_try_confirmation: Option<Text>,
    pub min_length: u8,
    pub max_length: u8,
    pub digits_only: bool,
}

fn pin_name(kind: PinKind) -> Text {
    match kind {
        PinKind::InputHelper => t("券面事項入力補助用暗証番号（数字4桁）", "PIN for the card-face data (4 digits)"),
        PinKind::Auth => t("利用者証明用電子証明書の暗証番号（数字4桁）", "User-authentication certificate PIN (4 digits)"),
        PinKind::Signature => t(
            "署名用電子証明書の暗証番号（英数字6～16桁）",
            "Signature certificate password (6–16 letters and digits)",
        ),
        PinKind::CollationB => t(
            "生年月日・有効期限の年・セキュリティコード",
            "Birth date, expiry year and security code",
        ),
    }
}

pub fn pin_entry_screen(prompt: &PinPrompt) -> PinEntryScreen {
    let (min, max, digits, warning) = match prompt.kind {
        PinKind::Signature => (
            6,
            16,
            false,
            t(
                "英数字6～16桁の暗証番号は、5回間違えるとロックがかかり、サービスが一時的にご利用できなくなります。",
                "The 6–16 character password locks after 5 wrong entries, and the service is then unavailable for a while.",
            ),
        ),
        PinKind::CollationB => (
            14,
            14,
            true,
            t(
                "入力を続けて間違えると、カードのこの機能がロックされます。",
                "Repeated wrong entries lock this function of the card.",
            ),
        ),
        _ => (
            4,
            4,
            true,
            t(
                "数字4桁の暗証番号は、3回間違えるとロックがかかり、サービスが一時的にご利用できなくなります。",
                "The 4-digit PIN locks after 3 wrong entries, and the service is then unavailable for a while.",
            ),
        ),
    };
    let n = prompt.tries_left;
    PinEntryScreen {
        title: t("暗証番号の入力", "Enter PIN"),
        instruction: pin_name(prompt.kind),
        tries_left: Text::new(format!("残り{n}回"), format!("{n} {} left", if n == 1 { "try" } else { "tries" })),
        lock_warning: warning,
        unlock_note: t(
            "ロック解除には、市区町村窓口で手続が必要になります。",
            "Unlocking requires a procedure at the municipal office.",
        ),
        last_try_confirmation: prompt.last_try.then(|| {
            t(
                "残り1回です。間違えるとロックがかかります。入力してよろしいですか？",
                "This is the last try. A wrong entry locks it. Continue?",
            )
        }),
        min_length: min,
        max_length: max,
        digits_only: digits,
    }
}

/// Why a typed PIN was refused, by position and reason (never its value).
pub fn pin_input_error_text(e: &PinInputError) -> Text {
    let at = |ja: &str, en: &str| match e.position {
        Some(p) => Text::new(format!("{p}文字目{ja}"), format!("Character {p} {en}")),
        None => Text::new(ja.trim_start_matches('：').to_owned(), en.to_owned()),
    };
    match e.reason {
        PinInputReason::Empty => t("暗証番号を入力してください。", "Enter the PIN."),
        PinInputReason::TooShort { min } => Text::new(format!("{min}桁以上で入力してください。"), format!("Enter at least {min} characters.")),
        PinInputReason::TooLong { max } => Text::new(format!("{max}桁以内で入力してください。"), format!("Enter at most {max} characters.")),
        PinInputReason::NotADigit => at("が数字ではありません。", "is not a digit."),
        PinInputReason::NotAlphanumeric => at("が英字・数字ではありません。", "is not a letter or digit."),
        PinInputReason::NoLetter => t("英字を1文字以上含めてください。", "Include at least one letter."),
        PinInputReason::NoDigit => t("数字を1文字以上含めてください。", "Include at least one digit."),
    }
}

pub fn collation_input_error_text(e: &CollationInputError) -> Text {
    match e.field {
        CollationField::BirthDate => t("生年月日を YYYY-MM-DD で正しく入力してください。", "Enter a valid birth date as YYYY-MM-DD."),
        CollationField::ExpiryYear => t("有効期限の年を4桁で入力してください。", "Enter the expiry year as 4 digits."),
        CollationField::SecurityCode => t("セキュリティコード（数字4桁）を入力してください。", "Enter the 4-digit security code."),
    }
}

/// The error dialog for a My Number error: the catalogue entry, plus the tries left as a tip
/// where the code carries them.
pub fn from_my_number_error(e: &MyNumberError) -> ErrorInfo {
    let mut info = match e {
        MyNumberError::Read(r) => return from_read_error(r),
        other => error_info(other.code()),
    };
    if let MyNumberError::WrongPin { tries_left, .. } = e {
        info.tips.insert(0, Text::new(format!("残り{tries_left}回"), format!("{tries_left} tries left")));
    }
    match e {
        MyNumberError::InvalidPin(p) => info.tips.insert(0, pin_input_error_text(p)),
        MyNumberError::InvalidCollationInput(c) => info.tips.insert(0, collation_input_error_text(c)),
        _ => {}
    }
    info
}

/// What a verification line says: a step's outcome, or the certificate's validity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MnIndicatorState {
    Ok,
    Failed,
    Absent,
    Valid,
    Expired,
    NotYetValid,
}

impl MnIndicatorState {
    /// The stable name (the JSON's step values).
    pub fn as_str(self) -> &'static str {
        match self {
            MnIndicatorState::Ok => "ok",
            MnIndicatorState::Failed => "failed",
            MnIndicatorState::Absent => "absent",
            MnIndicatorState::Valid => "valid",
            MnIndicatorState::Expired => "expired",
            MnIndicatorState::NotYetValid => "not_yet_valid",
        }
    }
}

/// One verification line of a My Number result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MnIndicator {
    pub label: Text,
    pub state: MnIndicatorState,
    pub text: Text,
    /// The failure's stable reason (`signature_invalid`, …), for support; never card data.
    pub reason: Option<String>,
}

/// Which check a result comes from: names the result screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MyNumberCheck {
    InPerson,
    PinCheck,
    Auth,
    Signature,
}

pub fn check_title(check: MyNumberCheck) -> Text {
    match check {
        MyNumberCheck::InPerson => t("券面事項の確認", "Card-face check"),
        MyNumberCheck::PinCheck => t("暗証番号による確認", "PIN check"),
        MyNumberCheck::Auth => t("利用者証明用電子証明書の確認", "Authentication certificate check"),
        MyNumberCheck::Signature => t("署名用電子証明書の確認", "Signature certificate check"),
    }
}

/// The card's kind in words, for the result and status screens.
pub fn kind_text(kind: CardKind) -> Text {
    match kind {
        CardKind::MyNumberCard => t("マイナンバーカード", "My Number card"),
        CardKind::SpecifiedResidenceCard => t("特定在留カード", "Specified residence card"),
        CardKind::SpecifiedSprc => t("特定特別永住者証明書", "Specified special permanent resident certificate"),
    }
}

/// A card-face image of the in-person check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MyNumberImage {
    Photo,
    NameImage,
    AddressImage,
}

/// The 個人番号, kept out of `rows` so a screen can mask it until the operator taps it. `value` is
/// the masked form (`●` × 12) unless `revealed`.
#[derive(Clone, PartialEq, Eq)]
pub struct IndividualNumberRow {
    pub label: Text,
    pub value: String,
    pub revealed: bool,
}

impl std::fmt::Debug for IndividualNumberRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IndividualNumberRow").field("revealed", &self.revealed).finish_non_exhaustive()
    }
}

/// A My Number result screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MyNumberScreen {
    pub title: Text,
    pub kind_text: Text,
    pub test_anchor_notice: Option<Text>,
    pub verdict: Verdict,
    pub headline: Text,
    pub indicators: Vec<MnIndicator>,
    /// Holder rows (personal; the card expiry on the in-person check) then the match rows.
    pub rows: Vec<Row>,
    /// The 個人番号 when it was read (operator setting), masked unless revealed.
    pub individual_number: Option<IndividualNumberRow>,
    /// Seed 003's sentence when a typed field differs.
    pub mismatch: Option<Text>,
    pub revocation_note: Option<Text>,
    /// In-person check: the card-face images the card returned (present, decoded or not).
    pub images: Vec<MyNumberImage>,
}

/// What a result screen is built from; each check fills what it has.
pub struct ScreenInput<'a> {
    pub check: MyNumberCheck,
    pub kind: CardKind,
    pub holder: &'a Holder,
    /// In-person check: the card's expiry date.
    pub card_expiry: Option<(u16, u8, u8)>,
    pub verification: &'a MnVerification,
    /// The number and whether the operator asked to see it.
    pub individual_number: Option<(&'a IndividualNumber, bool)>,
    pub images: Vec<MyNumberImage>,
}

fn step_indicator(label: Text, step: Step) -> MnIndicator {
    let (state, text) = match step {
        Step::Ok => (MnIndicatorState::Ok, t("正常", "OK")),
        Step::Failed(_) => (MnIndicatorState::Failed, t("異常", "Failed")),
        Step::Absent => (MnIndicatorState::Absent, t("なし", "Absent")),
    };
    MnIndicator { label, state, text, reason: step.reason().map(str::to_owned) }
}

fn sex_text(s: Sex) -> Text {
    match s {
        Sex::Male => t("男", "Male"),
        Sex::Female => t("女", "Female"),
        Sex::Other => t("その他", "Other"),
    }
}

fn iso_date((y, m, d): (u16, u8, u8)) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

/// Builds the screen for any check's result.
pub fn my_number_screen(input: &ScreenInput<'_>, matched: Option<&MatchResult>) -> MyNumberScreen {
    let mut indicators = Vec::new();
    let v = input.verification;
    let holder = input.holder;
    for (label, step) in [
        (t("改ざん検知", "Tamper check"), v.tamper),
        (t("真正性確認", "Integrity check"), v.integrity),
        (t("カードの署名", "Card signature (live)"), v.signature),
        (t("証明書の検証", "Certificate chain"), v.chain),
        (t("個人番号の真正性", "Individual number integrity"), v.my_number_digest),
    ] {
        if let Some(step) = step {
            indicators.push(step_indicator(label, step));
        }
    }
    if let Some(status) = v.certificate_status {
        let (state, text) = match status {
            CertificateStatus::Valid => (MnIndicatorState::Valid, t("有効期間内", "Within its validity")),
            CertificateStatus::Expired => {
                (MnIndicatorState::Expired, t("証明書の有効期限が切れています", "The certificate has expired"))
            }
            CertificateStatus::NotYetValid => {
                (MnIndicatorState::NotYetValid, t("証明書の有効期間前です", "The certificate is not yet valid"))
            }
        };
        indicators.push(MnIndicator { label: t("証明書の有効期限", "Certificate validity"), state, text, reason: None });
    }
    let mut rows = Vec::new();
    let personal = |label: Text, value: String| Row::new(label, Text::same(value), true);
    if let Some(n) = &holder.name {
        rows.push(personal(t("氏名", "Name"), n.clone()));
    }
    if let Some(a) = &holder.address {
        rows.push(personal(t("住所", "Address"), a.clone()));
    }
    if let Some(b) = holder.birth_date_iso() {
        rows.push(personal(t("生年月日", "Birth date"), b));
    }
    if let Some(s) = holder.sex {
        rows.push(Row::new(t("性別", "Sex"), sex_text(s), true));
    }
    if let Some(e) = input.card_expiry {
        rows.push(personal(t("カードの有効期限", "Card expiry"), iso_date(e)));
    }
    let individual_number = input.individual_number.map(|(n, show)| IndividualNumberRow {
        label: t("個人番号", "Individual number"),
        value: if show { n.reveal().to_owned() } else { n.masked() },
        revealed: show,
    });
    let mut mismatch = None;
    if let Some(m) = matched {
        for (label, r) in [(t("氏名の一致", "Name matches"), m.name), (t("生年月日の一致", "Birth date matches"), m.birth_date), (t("住所の一致", "Address matches"), m.address)] {
            if let Some(ok) = r {
                rows.push(Row::new(label, if ok { t("一致", "Match") } else { t("不一致", "Differs") }, false));
            }
        }
        if !m.all_match() {
            mismatch = Some(t(
                "入力された利用者情報と読み取られたカードの情報が一致しません",
                "The user information entered does not match the information read from the card",
            ));
        }
    }
    let normal = v.verdict == Verdict::Normal;
    MyNumberScreen {
        title: check_title(input.check),
        kind_text: kind_text(input.kind),
        test_anchor_notice: v.test_anchor.then(|| {
            t(
                "テスト用の信頼点で検証しました。本番の検証結果ではありません。",
                "Verified against a test anchor. This is not a production result.",
            )
        }),
        verdict: v.verdict,
        headline: if normal {
            t("正常に確認できました", "Checked: normal")
        } else {
            t("確認結果に異常があります", "Checked: abnormal")
        },
        indicators,
        rows,
        individual_number,
        mismatch,
        revocation_note: (v.chain.is_some()).then(|| {
            t(
                "失効の確認は行っていません（地方公共団体情報システム機構は失効情報を登録された事業者にのみ提供しています）。",
                "Revocation was not checked (J-LIS provides revocation data only to registered verifiers).",
            )
        }),
        images: input.images.clone(),
    }
}

/// The images an in-person result has: those the card returned (non-empty), decoded or not.
pub fn in_person_images(r: &InPersonResult) -> Vec<MyNumberImage> {
    [(MyNumberImage::Photo, &r.photo), (MyNumberImage::NameImage, &r.name_image), (MyNumberImage::AddressImage, &r.address_image)]
        .into_iter()
        .filter(|(_, img)| !img.raw.is_empty())
        .map(|(which, _)| which)
        .collect()
}

pub fn in_person_screen(r: &InPersonResult, matched: Option<&MatchResult>) -> MyNumberScreen {
    let input = ScreenInput {
        check: MyNumberCheck::InPerson,
        kind: r.kind,
        holder: &r.holder,
        card_expiry: r.card_expiry,
        verification: &r.verification,
        individual_number: None,
        images: in_person_images(r),
    };
    my_number_screen(&input, matched)
}

/// `reveal_number`: the operator tapped the masked 個人番号.
pub fn pin_check_screen(r: &PinCheckResult, matched: Option<&MatchResult>, reveal_number: bool) -> MyNumberScreen {
    let input = ScreenInput {
        check: MyNumberCheck::PinCheck,
        kind: r.kind,
        holder: &r.holder,
        card_expiry: None,
        verification: &r.verification,
        individual_number: r.individual_number.as_ref().map(|n| (n, reveal_number)),
        images: Vec::new(),
    };
    my_number_screen(&input, matched)
}

pub fn auth_screen(r: &AuthResult) -> MyNumberScreen {
    let holder = Holder::default();
    let input = ScreenInput {
        check: MyNumberCheck::Auth,
        kind: r.kind,
        holder: &holder,
        card_expiry: None,
        verification: &r.verification,
        individual_number: None,
        images: Vec::new(),
    };
    my_number_screen(&input, None)
}

pub fn signature_screen(r: &SignatureResult, matched: Option<&MatchResult>) -> MyNumberScreen {
    let input = ScreenInput {
        check: MyNumberCheck::Signature,
        kind: r.kind,
        holder: &r.holder,
        card_expiry: None,
        verification: &r.verification,
        individual_number: None,
        images: Vec::new(),
    };
    my_number_screen(&input, matched)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pin_screen_before_each_try() {
        let s = pin_entry_screen(&PinPrompt { kind: PinKind::InputHelper, tries_left: 3, last_try: false });
        assert_eq!(s.tries_left, t("残り3回", "3 tries left"));
        assert!(s.lock_warning.ja.starts_with("数字4桁の暗証番号は、3回間違えるとロックがかかり"));
        assert_eq!(s.last_try_confirmation, None);
        assert_eq!((s.min_length, s.max_length, s.digits_only), (4, 4, true));
        let s = pin_entry_screen(&PinPrompt { kind: PinKind::Signature, tries_left: 1, last_try: true });
        assert_eq!(s.tries_left, t("残り1回", "1 try left"));
        assert!(s.lock_warning.ja.contains("5回間違えるとロック"));
        assert!(s.last_try_confirmation.is_some());
        assert_eq!(s.unlock_note.ja, "ロック解除には、市区町村窓口で手続が必要になります。");
    }

    #[test]
    fn errors_carry_tries_and_positions_never_values() {
        let info = from_my_number_error(&MyNumberError::WrongPin { pin: PinKind::Auth, tries_left: 2 });
        assert_eq!((info.code.as_str(), info.tips[0].ja.as_str()), ("wrong_pin", "残り2回"));
        let e = crate::mynumber::pin::four_digit_pin(PinKind::Auth, "12x4").unwrap_err();
        assert_eq!(pin_input_error_text(&e), t("3文字目が数字ではありません。", "Character 3 is not a digit."));
        let info = from_my_number_error(&MyNumberError::InvalidPin(e));
        assert_eq!(info.code, "invalid_pin");
        assert!(!format!("{info:?}").contains("12x4"));
        let info = from_my_number_error(&MyNumberError::Read(crate::ReadError::CardLost));
        assert_eq!(info.code, "card_lost");
    }

    fn pin_result(holder: Holder, v: MnVerification, number: Option<&str>) -> PinCheckResult {
        PinCheckResult {
            kind: CardKind::MyNumberCard,
            pins: Vec::new(),
            holder,
            individual_number: number.map(|n| IndividualNumber::new(n.into())),
            verification: v,
            wire: Default::default(),
        }
    }

    #[test]
    fn result_rows_keep_the_number_apart_masked_until_revealed() {
        let holder = Holder { name: Some("試験\u{3000}花子".into()), address: None, birth_date: Some((1985, 4, 12)), sex: Some(Sex::Female) };
        let mut v = MnVerification::new();
        v.integrity = Some(Step::Ok);
        v.test_anchor = true;
        let r = pin_result(holder, v.conclude(), Some("123456789018"));
        let m = MatchResult { name: Some(true), birth_date: Some(false), address: None };
        let s = pin_check_screen(&r, Some(&m), false);
        assert_eq!(s.title, t("暗証番号による確認", "PIN check"));
        assert_eq!(s.kind_text, t("マイナンバーカード", "My Number card"));
        assert_eq!(s.verdict, Verdict::Normal);
        assert!(s.test_anchor_notice.is_some());
        let labels: Vec<&str> = s.rows.iter().map(|r| r.label.en.as_str()).collect();
        assert_eq!(labels, ["Name", "Birth date", "Sex", "Name matches", "Birth date matches"]);
        assert_eq!(s.rows.iter().map(|r| r.personal).collect::<Vec<_>>(), [true, true, true, false, false]);
        let n = s.individual_number.as_ref().unwrap();
        assert_eq!((n.label.ja.as_str(), n.value.as_str(), n.revealed), ("個人番号", "●●●●●●●●●●●●", false));
        assert!(!format!("{s:?}").contains("123456789018"));
        let shown = pin_check_screen(&r, None, true).individual_number.unwrap();
        assert_eq!((shown.value.as_str(), shown.revealed), ("123456789018", true));
        assert!(!format!("{shown:?}").contains("1234"));
        assert_eq!(s.mismatch.unwrap().ja, "入力された利用者情報と読み取られたカードの情報が一致しません");
        assert!(!format!("{:?}", s.rows).contains("花子"));
        assert_eq!(s.indicators[0].state, MnIndicatorState::Ok);
        assert_eq!(s.indicators[0].state.as_str(), "ok");
        assert_eq!(s.revocation_note, None);
        assert!(s.images.is_empty());
        let without = pin_check_screen(&pin_result(Holder::default(), MnVerification::new().conclude(), None), None, true);
        assert_eq!(without.individual_number, None);
    }

    #[test]
    fn in_person_screen_shows_the_card_expiry_and_its_images() {
        let img = |raw: &[u8]| crate::model::CardImage { format: None, raw: raw.to_vec(), decoded: Err(crate::image::ImageError::Decode) };
        let mut v = MnVerification::new();
        v.tamper = Some(Step::Failed("signature_invalid"));
        let r = InPersonResult {
            kind: CardKind::SpecifiedResidenceCard,
            pins: Vec::new(),
            holder: Holder { birth_date: Some((1985, 4, 12)), sex: Some(Sex::Male), ..Holder::default() },
            card_expiry: Some((2034, 4, 12)),
            name_image: img(b"n"),
            address_image: img(b""),
            photo: img(b"p"),
            verification: v.conclude(),
            wire: Default::default(),
        };
        let s = in_person_screen(&r, None);
        assert_eq!(s.title.en, "Card-face check");
        assert_eq!(s.kind_text, t("特定在留カード", "Specified residence card"));
        assert_eq!(s.verdict, Verdict::Abnormal);
        let rows: Vec<(&str, &str)> = s.rows.iter().map(|r| (r.label.en.as_str(), r.value.en.as_str())).collect();
        assert_eq!(rows, [("Birth date", "1985-04-12"), ("Sex", "Male"), ("Card expiry", "2034-04-12")]);
        assert!(s.rows.iter().all(|r| r.personal));
        assert_eq!(s.images, [MyNumberImage::Photo, MyNumberImage::NameImage]);
        assert_eq!(s.indicators.len(), 1);
        assert_eq!((s.indicators[0].state, s.indicators[0].reason.as_deref()), (MnIndicatorState::Failed, Some("signature_invalid")));
        assert_eq!(s.individual_number, None);
    }

    #[test]
    fn kind_texts_and_certificate_states() {
        assert_eq!(kind_text(CardKind::SpecifiedSprc).ja, "特定特別永住者証明書");
        let mut v = MnVerification::new();
        v.chain = Some(Step::Ok);
        v.certificate_status = Some(CertificateStatus::Expired);
        let r = AuthResult { kind: CardKind::MyNumberCard, pins: Vec::new(), verification: v.conclude(), wire: Default::default() };
        let s = auth_screen(&r);
        assert_eq!(s.title.ja, "利用者証明用電子証明書の確認");
        assert_eq!(s.indicators.iter().map(|i| i.state).collect::<Vec<_>>(), [MnIndicatorState::Ok, MnIndicatorState::Expired]);
        assert_eq!(s.verdict, Verdict::Abnormal);
        assert!(s.rows.is_empty());
        assert!(s.revocation_note.unwrap().ja.starts_with("失効の確認は行っていません"));
    }
}
