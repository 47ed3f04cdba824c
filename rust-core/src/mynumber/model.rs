//! What the My Number checks return. Every type holding personal data redacts it in `Debug`.

use std::fmt;

use zeroize::Zeroizing;

use super::chain::CertificateStatus;
use super::tries::PinStatus;
use crate::model::CardImage;
use crate::session::WireStats;

/// Which card answered (item 1 of issue 15).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardKind {
    MyNumberCard,
    /// Type `07`: a specified card (特定在留カード), a My Number chip with a residence application.
    SpecifiedResidenceCard,
    /// Type `08`.
    SpecifiedSprc,
}

impl CardKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CardKind::MyNumberCard => "my_number_card",
            CardKind::SpecifiedResidenceCard => "specified_residence_card",
            CardKind::SpecifiedSprc => "specified_special_permanent_resident_certificate",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sex {
    Male,
    Female,
    /// JIS X 0303 `0`/`9` or anything else the card writes.
    Other,
}

impl Sex {
    pub fn from_code(b: u8) -> Self {
        match b {
            b'1' => Sex::Male,
            b'2' => Sex::Female,
            _ => Sex::Other,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Sex::Male => "male",
            Sex::Female => "female",
            Sex::Other => "other",
        }
    }
}

/// The four basic attributes, as far as a check yields them.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Holder {
    pub name: Option<String>,
    pub address: Option<String>,
    pub birth_date: Option<(u16, u8, u8)>,
    pub sex: Option<Sex>,
}

impl Holder {
    /// `YYYY-MM-DD`.
    pub fn birth_date_iso(&self) -> Option<String> {
        self.birth_date.map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"))
    }
}

impl fmt::Debug for Holder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Holder")
            .field("name", &self.name.as_ref().map(|_| "<redacted>"))
            .field("address", &self.address.as_ref().map(|_| "<redacted>"))
            .field("birth_date", &self.birth_date.map(|_| "<redacted>"))
            .field("sex", &self.sex.map(|_| "<redacted>"))
            .finish()
    }
}

/// The 12-digit 個人番号, read only on explicit request. Zeroized; `Debug` redacted; screens show
/// [`IndividualNumber::masked`] unless the operator asks to see it (the legal note in the spec).
#[derive(Clone, PartialEq, Eq)]
pub struct IndividualNumber(Zeroizing<String>);

impl IndividualNumber {
    pub(crate) fn new(digits: String) -> Self {
        IndividualNumber(Zeroizing::new(digits))
    }
    pub fn reveal(&self) -> &str {
        &self.0
    }
    pub fn masked(&self) -> String {
        "●".repeat(self.0.chars().count())
    }
}

impl fmt::Debug for IndividualNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("IndividualNumber(<redacted>)")
    }
}

/// One verification step: passed, failed for a stated reason, or not possible (absent data).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Ok,
    Failed(&'static str),
    Absent,
}

impl Step {
    pub fn as_str(self) -> &'static str {
        match self {
            Step::Ok => "ok",
            Step::Failed(_) => "failed",
            Step::Absent => "absent",
        }
    }
    pub fn reason(self) -> Option<&'static str> {
        match self {
            Step::Failed(r) => Some(r),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Normal,
    Abnormal,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Normal => "normal",
            Verdict::Abnormal => "abnormal",
        }
    }
}

/// The verification block of every check. Which steps exist depends on the check: `tamper`
/// (in-person), `integrity` (PIN check), `signature` + `chain` (auth), `chain` (signature).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MnVerification {
    pub tamper: Option<Step>,
    pub integrity: Option<Step>,
    pub signature: Option<Step>,
    pub chain: Option<Step>,
    pub certificate_status: Option<CertificateStatus>,
    /// Always false: J-LIS serves revocation only to registered verifiers (spec §6.4).
    pub revocation_checked: bool,
    /// A pass rests on an anchor or CA key the caller gave for tests.
    pub test_anchor: bool,
    /// The CVC CA key or JPKI root the pass rests on (public), and its provenance.
    pub anchor: Option<String>,
    pub anchor_provenance: Option<&'static str>,
    /// Whether DF31 was compared with the 個人番号 file (only when the number was read).
    pub my_number_digest: Option<Step>,
    pub verdict: Verdict,
}

impl MnVerification {
    pub(crate) fn new() -> Self {
        MnVerification {
            tamper: None,
            integrity: None,
            signature: None,
            chain: None,
            certificate_status: None,
            revocation_checked: false,
            test_anchor: false,
            anchor: None,
            anchor_provenance: None,
            my_number_digest: None,
            verdict: Verdict::Abnormal,
        }
    }

    /// Normal only when every step present passed and a certificate, if any, is in date.
    pub(crate) fn conclude(mut self) -> Self {
        let steps = [self.tamper, self.integrity, self.signature, self.chain, self.my_number_digest];
        let all_ok = steps.iter().flatten().all(|s| *s == Step::Ok) && steps.iter().flatten().next().is_some();
        let in_date = self.certificate_status.is_none_or(|s| s == CertificateStatus::Valid);
        self.verdict = if all_ok && in_date { Verdict::Normal } else { Verdict::Abnormal };
        self
    }
}

/// `zairyu mynumber status`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusResult {
    pub kind: CardKind,
    pub pins: Vec<PinStatus>,
    pub auth_certificate: bool,
    pub signature_certificate: bool,
    pub wire: WireStats,
}

/// The in-person check (券面事項確認AP with 照合番号B).
#[derive(Debug)]
pub struct InPersonResult {
    pub kind: CardKind,
    pub pins: Vec<PinStatus>,
    pub holder: Holder,
    pub card_expiry: Option<(u16, u8, u8)>,
    pub name_image: CardImage,
    pub address_image: CardImage,
    pub photo: CardImage,
    pub verification: MnVerification,
    pub wire: WireStats,
}

/// The PIN check (券面事項入力補助AP with the 4-digit PIN).
#[derive(Debug)]
pub struct PinCheckResult {
    pub kind: CardKind,
    pub pins: Vec<PinStatus>,
    pub holder: Holder,
    pub individual_number: Option<IndividualNumber>,
    pub verification: MnVerification,
    pub wire: WireStats,
}

/// The JPKI authentication check (certificate + live signature).
#[derive(Debug)]
pub struct AuthResult {
    pub kind: CardKind,
    pub pins: Vec<PinStatus>,
    pub verification: MnVerification,
    pub wire: WireStats,
}

/// The JPKI signature-certificate check.
#[derive(Debug)]
pub struct SignatureResult {
    pub kind: CardKind,
    pub pins: Vec<PinStatus>,
    pub holder: Holder,
    pub verification: MnVerification,
    pub wire: WireStats,
}
