//! The tamper check (改ざん検証) and the issuer check (発行元検証), and the verdict built from them.
//! Verification never throws: each check ends `Ok`, `Failed { reason }` or `Absent`.
//!
//! Modules: `tamper` (§8.1), `issuer` (§8.2), `trust` (pinned roots, trust store), `verdict`,
//! `cert` (tolerant X.509 reading), `ber` (BER/DER helpers), `pem`.
//!
//! CONTRACT (implemented in tamper.rs / issuer.rs / trust.rs / verdict.rs, re-exported here):
//! - `pub fn check_tamper_gen1(front: &[u8], face: &[u8], check_code: &[u8], certificate: &[u8]) -> TamperCheck`
//! - `pub fn check_issuer_gen1(certificate: &[u8], trust: &TrustStore, now_unix: i64) -> IssuerCheck`
//! - `pub fn verify_gen1(evidence: &Gen1Evidence<'_>, trust: &TrustStore, now_unix: i64) -> Verification`
//! - `TrustStore` (trust.rs): `new()`, `production_from_dir(path) -> (TrustStore, Vec<AnchorLoadReport>)`,
//!   `add_test_anchor(der_or_pem: &[u8], label) -> Result<(), TrustError>`, `add_pem_or_der(...)`,
//!   `anchors()`; pinned production fingerprints as constants.

/// The two layouts of the RSA check code's encoded message (gen1-chip.md §8.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureLayout {
    /// `00 01 FF… 00 ‖ H`: the spec's figure.
    RawHash,
    /// PKCS#1 v1.5 with the SHA-256 DigestInfo.
    DigestInfo,
    /// Second generation: ECDSA P-384 signature as raw `r ‖ s` (96 bytes).
    EcdsaRaw,
    /// Second generation: ECDSA P-384 signature in DER.
    EcdsaDer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TamperFailure {
    /// The check code or certificate is missing while the images are there.
    MissingSignature,
    /// The certificate could not be parsed.
    CertificateUnreadable,
    /// The certificate's key is not the expected algorithm/size.
    UnexpectedKey,
    /// The check code does not decode under the certificate's key into a valid layout.
    BadSignature,
    /// The layout is valid but the hash does not match the data read.
    HashMismatch,
    /// The check code and certificate are there but the front (`D0`) or face (`D1`) value is missing,
    /// so the signed data cannot be formed.
    MissingImage,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TamperCheck {
    Ok { layout: SignatureLayout },
    Failed { reason: TamperFailure },
    Absent,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnchorKind {
    /// An ISA root pinned by fingerprint.
    Production,
    /// A test root (software card, fixtures). A pass against it is never a production pass.
    Test,
}

/// Which anchor a certificate chained to. No personal data: roots are public.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnchorInfo {
    pub label: String,
    pub kind: AnchorKind,
    /// SHA-256 of the anchor's DER, lower-case hex.
    pub fingerprint: String,
}

/// Validity periods, reported next to the check and never failing it on their own (gen1-chip.md §8.2).
/// Times are Unix seconds (UTC).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidityReport {
    pub card_not_before: i64,
    pub card_not_after: i64,
    pub anchor_not_before: i64,
    pub anchor_not_after: i64,
    pub card_in_date: bool,
    pub anchor_in_date: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IssuerFailure {
    /// The certificate is not DER/BER X.509, or has non-zero bytes after it.
    CertificateUnreadable,
    /// No trusted anchor has the certificate's issuer name and key.
    UnknownIssuer,
    /// An anchor with the issuer's name exists but its key does not verify the certificate.
    BadSignature,
    /// The anchor is not a CA (basic constraints / key usage).
    AnchorNotCa,
    /// More than one trusted anchor verifies the certificate (same name and key in two anchors):
    /// the rule is "exactly one", so no anchor is reported.
    AmbiguousIssuer,
    /// The card certificate's validity does not fit its anchor's life: it starts after the anchor
    /// expired, or ends before the anchor began. No genuine issuance looks like that (a CA signs
    /// only while it is valid), whereas a retired or leaked root key used later does. Judged from
    /// the two certificates alone, never the device clock, so a wrong phone clock cannot turn a
    /// genuine card abnormal, and a card issued under a root that has since expired still passes
    /// (gen1-chip.md §8.2 step 4).
    OutsideAnchorValidity,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IssuerCheck {
    Ok { anchor: AnchorInfo, validity: ValidityReport },
    Failed { reason: IssuerFailure },
    Absent,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Both checks passed.
    Normal,
    /// A check failed: the card may be damaged or forged.
    Abnormal,
    /// No photo and no signature on the chip: a holder under 16 (gen 1) or under 1 (gen 2).
    YoungHolder,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    pub tamper: TamperCheck,
    pub issuer: IssuerCheck,
    pub verdict: Verdict,
}

impl Verification {
    /// True when the issuer check passed only against a test anchor: such a result must never be
    /// shown as a production pass.
    pub fn is_test_anchor(&self) -> bool {
        matches!(&self.issuer, IssuerCheck::Ok { anchor, .. } if anchor.kind == AnchorKind::Test)
    }
}

/// What the parse layer found on a first-generation chip for the checks.
#[derive(Debug, Clone, Copy)]
pub struct Gen1Evidence<'a> {
    /// `D0` value, all 7000 bytes as read, padding included.
    pub front: Option<&'a [u8]>,
    /// `D1` value, all 3000 bytes as read; `None` when the under-16 forms say there is no photo.
    pub face: Option<&'a [u8]>,
    pub signature: SignatureEvidence<'a>,
}

#[derive(Debug, Clone, Copy)]
pub enum SignatureEvidence<'a> {
    /// `DA` and `DB` values as read, padding included.
    Present { check_code: &'a [u8], certificate: &'a [u8] },
    /// One of the under-16 forms (`DA 00 DB 00`, `DA 00`, all zeros; gen1-chip.md §7.1).
    Absent,
}

mod ber;
pub(crate) mod cert;
mod gen2;
mod issuer;
pub(crate) mod pem;
mod tamper;
pub mod trust;
mod verdict;

pub use gen2::{check_issuer_gen2, check_tamper_gen2, signed_data as gen2_signed_data, verify_gen2, Gen2Evidence};
pub use issuer::check_issuer_gen1;
pub use tamper::{check_tamper_gen1, CHECK_CODE_LEN};
pub use trust::{
    AnchorFamily, AnchorLoadOutcome, AnchorLoadReport, IgnoreReason, PinnedAnchor, TrustAnchor, TrustError,
    TrustStore, PINNED_ANCHORS,
};
pub use verdict::verify_gen1;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod fixture_tests;
