//! Mirrors of the My Number presentation model ([`zairyu_core::present::mynumber`]) and of the
//! core's My Number enums. As in `records.rs`, every conversion destructures the core type
//! completely, so a field the core adds fails to compile here until the mirror carries it
//! (docs/adr/0001-ffi-crate-and-boundary-types.md).

use crate::records::{Row, Text, Verdict, WireStats};
use zairyu_core::mynumber as mn;
use zairyu_core::mynumber::collation as col;
use zairyu_core::mynumber::matching as matching;
use zairyu_core::present::mynumber as p;

fn list<A, B: From<A>>(v: Vec<A>) -> Vec<B> {
    v.into_iter().map(B::from).collect()
}

/// Which secret (and which retry counter) a PIN screen, status or error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum PinKind {
    /// 券面事項入力補助用暗証番号, 4 digits.
    InputHelper,
    /// 利用者証明用電子証明書の暗証番号, 4 digits.
    Auth,
    /// 署名用電子証明書の暗証番号, 6–16 letters and digits.
    Signature,
    /// 照合番号B (birth date, expiry year, security code) of the in-person check.
    CollationB,
}

impl From<mn::PinKind> for PinKind {
    fn from(k: mn::PinKind) -> Self {
        match k {
            mn::PinKind::InputHelper => PinKind::InputHelper,
            mn::PinKind::Auth => PinKind::Auth,
            mn::PinKind::Signature => PinKind::Signature,
            mn::PinKind::CollationB => PinKind::CollationB,
        }
    }
}

impl From<PinKind> for mn::PinKind {
    fn from(k: PinKind) -> Self {
        match k {
            PinKind::InputHelper => mn::PinKind::InputHelper,
            PinKind::Auth => mn::PinKind::Auth,
            PinKind::Signature => mn::PinKind::Signature,
            PinKind::CollationB => mn::PinKind::CollationB,
        }
    }
}

/// Which card answered the My Number applications.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum MyNumberCardKind {
    MyNumberCard,
    /// Type 07 (特定在留カード): also readable as a residence card with `read_card`.
    SpecifiedResidenceCard,
    /// Type 08 (特定特別永住者証明書).
    SpecifiedSprc,
}

impl From<mn::CardKind> for MyNumberCardKind {
    fn from(k: mn::CardKind) -> Self {
        match k {
            mn::CardKind::MyNumberCard => MyNumberCardKind::MyNumberCard,
            mn::CardKind::SpecifiedResidenceCard => MyNumberCardKind::SpecifiedResidenceCard,
            mn::CardKind::SpecifiedSprc => MyNumberCardKind::SpecifiedSprc,
        }
    }
}

impl From<mn::Verdict> for Verdict {
    fn from(v: mn::Verdict) -> Self {
        match v {
            mn::Verdict::Normal => Verdict::Normal,
            mn::Verdict::Abnormal => Verdict::Abnormal,
        }
    }
}

/// A retry counter as read from the card (no try spent).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct PinStatus {
    pub kind: PinKind,
    pub tries_left: u8,
    pub blocked: bool,
}

impl From<mn::PinStatus> for PinStatus {
    fn from(s: mn::PinStatus) -> Self {
        let mn::PinStatus { kind, tries_left, blocked } = s;
        PinStatus { kind: kind.into(), tries_left, blocked }
    }
}

/// The core's `PinEntryScreen`, field by field: what the PIN screen says before a try.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PinEntryScreen {
    pub title: Text,
    pub instruction: Text,
    /// 「残り3回」.
    pub tries_left: Text,
    /// The seed manuals' lock warning, always shown.
    pub lock_warning: Text,
    /// Where a locked PIN is unlocked (the municipal office).
    pub unlock_note: Text,
    /// Set on the last try: ask for an explicit confirmation, then pass `allow_last_try`.
    pub last_try_confirmation: Option<Text>,
    pub min_length: u8,
    pub max_length: u8,
    pub digits_only: bool,
}

impl From<p::PinEntryScreen> for PinEntryScreen {
    fn from(s: p::PinEntryScreen) -> Self {
        let p::PinEntryScreen {
            title,
            instruction,
            tries_left,
            lock_warning,
            unlock_note,
            last_try_confirmation,
            min_length,
            max_length,
            digits_only,
        } = s;
        PinEntryScreen {
            title: title.into(),
            instruction: instruction.into(),
            tries_left: tries_left.into(),
            lock_warning: lock_warning.into(),
            unlock_note: unlock_note.into(),
            last_try_confirmation: last_try_confirmation.map(Into::into),
            min_length,
            max_length,
            digits_only,
        }
    }
}

/// What the PIN screen shows before a try: the card's counter as just read, and the screen.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PinPrompt {
    pub kind: PinKind,
    pub tries_left: u8,
    /// A wrong entry locks the PIN (the check was started with `allow_last_try`).
    pub last_try: bool,
    pub screen: PinEntryScreen,
}

impl From<mn::PinPrompt> for PinPrompt {
    fn from(prompt: mn::PinPrompt) -> Self {
        let screen = p::pin_entry_screen(&prompt).into();
        let mn::PinPrompt { kind, tries_left, last_try } = prompt;
        PinPrompt { kind: kind.into(), tries_left, last_try, screen }
    }
}

/// One input of the in-person check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum CollationField {
    BirthDate,
    ExpiryYear,
    SecurityCode,
}

impl From<col::CollationField> for CollationField {
    fn from(f: col::CollationField) -> Self {
        match f {
            col::CollationField::BirthDate => CollationField::BirthDate,
            col::CollationField::ExpiryYear => CollationField::ExpiryYear,
            col::CollationField::SecurityCode => CollationField::SecurityCode,
        }
    }
}

/// The first malformed in-person input and what to tell the user.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CollationProblem {
    pub field: CollationField,
    pub text: Text,
}

impl From<col::CollationInputError> for CollationProblem {
    fn from(e: col::CollationInputError) -> Self {
        let text = p::collation_input_error_text(&e).into();
        let col::CollationInputError { field, reason: _ } = e;
        CollationProblem { field: field.into(), text }
    }
}

/// Which My Number check a result comes from.
// merged with start.rs at integration: `scan` defines the same enum in `ffi/src/start.rs`; the lead
// keeps one of the two (same name, same variants) when merging.
// (i17-android's merge of both branches: the enum is start.rs's, as /work/i17-api.md says.)
pub use crate::start::MyNumberCheck;

impl From<p::MyNumberCheck> for MyNumberCheck {
    fn from(c: p::MyNumberCheck) -> Self {
        match c {
            p::MyNumberCheck::InPerson => MyNumberCheck::InPerson,
            p::MyNumberCheck::PinCheck => MyNumberCheck::PinCheck,
            p::MyNumberCheck::Auth => MyNumberCheck::Auth,
            p::MyNumberCheck::Signature => MyNumberCheck::Signature,
        }
    }
}

/// A card-face image of the in-person check; pixels through `MyNumberResult.image_png`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum MyNumberImage {
    Photo,
    NameImage,
    AddressImage,
}

impl From<p::MyNumberImage> for MyNumberImage {
    fn from(i: p::MyNumberImage) -> Self {
        match i {
            p::MyNumberImage::Photo => MyNumberImage::Photo,
            p::MyNumberImage::NameImage => MyNumberImage::NameImage,
            p::MyNumberImage::AddressImage => MyNumberImage::AddressImage,
        }
    }
}

/// What the person typed, compared with the card; `None` fields are not compared. Personal data:
/// `Debug` shows nothing.
#[derive(Clone, Default, PartialEq, Eq, uniffi::Record)]
pub struct MatchInput {
    #[uniffi(default = None)]
    pub name: Option<String>,
    #[uniffi(default = None)]
    pub birth_date: Option<String>,
    #[uniffi(default = None)]
    pub address: Option<String>,
}

impl std::fmt::Debug for MatchInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MatchInput(<redacted>)")
    }
}

impl From<MatchInput> for matching::MatchInput {
    fn from(m: MatchInput) -> Self {
        let MatchInput { name, birth_date, address } = m;
        matching::MatchInput { name, birth_date, address }
    }
}

/// A verification line's state (`IndicatorState` of the residence screen has no certificate
/// validity states, so My Number lines have their own).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum MnIndicatorState {
    Ok,
    Failed,
    Absent,
    Valid,
    Expired,
    NotYetValid,
}

impl From<p::MnIndicatorState> for MnIndicatorState {
    fn from(s: p::MnIndicatorState) -> Self {
        match s {
            p::MnIndicatorState::Ok => MnIndicatorState::Ok,
            p::MnIndicatorState::Failed => MnIndicatorState::Failed,
            p::MnIndicatorState::Absent => MnIndicatorState::Absent,
            p::MnIndicatorState::Valid => MnIndicatorState::Valid,
            p::MnIndicatorState::Expired => MnIndicatorState::Expired,
            p::MnIndicatorState::NotYetValid => MnIndicatorState::NotYetValid,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct MnIndicator {
    pub label: Text,
    pub state: MnIndicatorState,
    pub text: Text,
    /// A failure's stable reason (`signature_invalid`, …), for support reports.
    pub reason: Option<String>,
}

impl From<p::MnIndicator> for MnIndicator {
    fn from(i: p::MnIndicator) -> Self {
        let p::MnIndicator { label, state, text, reason } = i;
        MnIndicator { label: label.into(), state: state.into(), text: text.into(), reason }
    }
}

/// The 個人番号 row, apart from `rows` so the screen can mask it until tapped. `value` is
/// `●●●●●●●●●●●●` unless `revealed`. `Debug` never shows it.
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
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

impl From<p::IndividualNumberRow> for IndividualNumberRow {
    fn from(r: p::IndividualNumberRow) -> Self {
        let p::IndividualNumberRow { label, value, revealed } = r;
        IndividualNumberRow { label: label.into(), value, revealed }
    }
}

/// A My Number result screen, in drawing order.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct MyNumberScreen {
    pub title: Text,
    pub kind_text: Text,
    pub test_anchor_notice: Option<Text>,
    pub verdict: Verdict,
    pub headline: Text,
    pub indicators: Vec<MnIndicator>,
    /// Holder rows (name, address, birth date, sex, card expiry on the in-person check; flagged
    /// personal) then match rows.
    pub rows: Vec<Row>,
    pub individual_number: Option<IndividualNumberRow>,
    /// Seed 003's sentence when a typed field differs.
    pub mismatch: Option<Text>,
    /// "Revocation not checked", stated plainly, on the JPKI checks.
    pub revocation_note: Option<Text>,
    /// In-person check: which images the result has (render with `image_png`).
    pub images: Vec<MyNumberImage>,
}

impl From<p::MyNumberScreen> for MyNumberScreen {
    fn from(s: p::MyNumberScreen) -> Self {
        let p::MyNumberScreen {
            title,
            kind_text,
            test_anchor_notice,
            verdict,
            headline,
            indicators,
            rows,
            individual_number,
            mismatch,
            revocation_note,
            images,
        } = s;
        MyNumberScreen {
            title: title.into(),
            kind_text: kind_text.into(),
            test_anchor_notice: test_anchor_notice.map(Into::into),
            verdict: verdict.into(),
            headline: headline.into(),
            indicators: list(indicators),
            rows: list(rows),
            individual_number: individual_number.map(Into::into),
            mismatch: mismatch.map(Into::into),
            revocation_note: revocation_note.map(Into::into),
            images: list(images),
        }
    }
}

/// TEST-only My Number trust (the software card's hierarchy). Production JPKI roots and CVC CA
/// keys are compiled into the core; a pass on a test anchor is always shown as a TEST pass.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum MyNumberTestAnchor {
    /// A JPKI root certificate, DER or PEM.
    JpkiRoot { der: Vec<u8>, label: String },
    /// A card-verifiable-certificate CA key (券面AP/入力補助AP): 16-byte key ID, big-endian modulus.
    CvcCaKey { key_id: Vec<u8>, modulus: Vec<u8>, exponent: u64, label: String },
}

/// `my_number_status`: which card, every counter, which certificates. No PIN asked or spent.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct MyNumberStatus {
    pub kind: MyNumberCardKind,
    pub kind_text: Text,
    pub pins: Vec<PinStatus>,
    pub auth_certificate: bool,
    pub signature_certificate: bool,
    pub wire: WireStats,
}

impl From<mn::StatusResult> for MyNumberStatus {
    fn from(r: mn::StatusResult) -> Self {
        let mn::StatusResult { kind, pins, auth_certificate, signature_certificate, wire } = r;
        MyNumberStatus {
            kind: kind.into(),
            kind_text: p::kind_text(kind).into(),
            pins: list(pins),
            auth_certificate,
            signature_certificate,
            wire: wire.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prompt_carries_the_cores_screen() {
        let prompt: PinPrompt = mn::PinPrompt { kind: mn::PinKind::Signature, tries_left: 1, last_try: true }.into();
        assert_eq!((prompt.kind, prompt.tries_left, prompt.last_try), (PinKind::Signature, 1, true));
        assert_eq!(prompt.screen.tries_left, Text { ja: "残り1回".into(), en: "1 try left".into() });
        assert_eq!((prompt.screen.min_length, prompt.screen.max_length, prompt.screen.digits_only), (6, 16, false));
        assert_eq!(
            prompt.screen.last_try_confirmation.unwrap().ja,
            "残り1回です。間違えるとロックがかかります。入力してよろしいですか？"
        );
    }

    #[test]
    fn pin_kinds_round_trip() {
        for k in [PinKind::InputHelper, PinKind::Auth, PinKind::Signature, PinKind::CollationB] {
            assert_eq!(PinKind::from(mn::PinKind::from(k)), k);
        }
    }

    #[test]
    fn collation_problem_names_the_field() {
        let e = col::collation_b("1985-04-12", "34", "4826").unwrap_err();
        let problem = CollationProblem::from(e);
        assert_eq!(problem.field, CollationField::ExpiryYear);
        assert_eq!(problem.text.ja, "有効期限の年を4桁で入力してください。");
    }

    #[test]
    fn debug_hides_personal_values() {
        let m = MatchInput { name: Some("試験花子".into()), birth_date: None, address: None };
        assert_eq!(format!("{m:?}"), "MatchInput(<redacted>)");
        let n = IndividualNumberRow { label: Text { ja: "個人番号".into(), en: "n".into() }, value: "123456789018".into(), revealed: true };
        assert!(!format!("{n:?}").contains("1234"));
    }
}
