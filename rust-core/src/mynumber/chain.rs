//! JPKI certificate chain (mynumber-chip.md §6.2): the leaf read from the card must be signed
//! (sha256WithRSAEncryption) by exactly one trusted root — the bundled J-LIS roots or a
//! caller-given test root, never the CA certificate read from the same card. All generations of
//! one CA share a DN, so the root is chosen by signature (and key identifiers where both exist).
//! Also enforced: the root is a CA, the leaf is not, the leaf's KeyUsage allows its purpose, and
//! its life fits the root's (the checks whose absence was GHSA-58hw-cg5m-88rp in another reader).
//! Validity at the given time is reported separately: an expired certificate whose chain verifies
//! is "chain ok, expired" (seed 003's Code 21). Revocation cannot be checked offline (§6.4).

use rsa::{Pkcs1v15Sign, RsaPublicKey};
use sha2::{Digest, Sha256};
use x509_cert::ext::pkix::{BasicConstraints, KeyUsage};
use x509_cert::Certificate;

use super::trust::{JpkiAnchor, MyNumberTrust};
use crate::verify::cert;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// 利用者証明用: digitalSignature.
    Auth,
    /// 署名用: digitalSignature and nonRepudiation.
    Signature,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChainFailure {
    CertificateUnreadable,
    /// No trusted root has the leaf's issuer name.
    UnknownIssuer,
    /// Same-name roots exist but none verifies the signature (e.g. a rogue root with the real name).
    BadSignature,
    AmbiguousIssuer,
    AnchorNotCa,
    /// The leaf claims to be a CA.
    LeafIsCa,
    /// KeyUsage missing the purpose's bits (or unreadable).
    KeyUsage,
    /// The leaf's validity does not overlap its root's.
    OutsideAnchorValidity,
}

impl ChainFailure {
    pub fn as_str(self) -> &'static str {
        match self {
            ChainFailure::CertificateUnreadable => "certificate_unreadable",
            ChainFailure::UnknownIssuer => "unknown_issuer",
            ChainFailure::BadSignature => "bad_signature",
            ChainFailure::AmbiguousIssuer => "ambiguous_issuer",
            ChainFailure::AnchorNotCa => "anchor_not_ca",
            ChainFailure::LeafIsCa => "leaf_is_ca",
            ChainFailure::KeyUsage => "key_usage",
            ChainFailure::OutsideAnchorValidity => "outside_anchor_validity",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CertificateStatus {
    Valid,
    Expired,
    NotYetValid,
}

impl CertificateStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CertificateStatus::Valid => "valid",
            CertificateStatus::Expired => "expired",
            CertificateStatus::NotYetValid => "not_yet_valid",
        }
    }
}

/// A chain that verified: the root, and the leaf's status at the time asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainOk {
    pub anchor_label: String,
    pub test_anchor: bool,
    pub status: CertificateStatus,
    pub not_before: i64,
    pub not_after: i64,
}

/// A parsed leaf: the certificate and its RSA key (for the live signature check).
pub struct Leaf {
    pub cert: Certificate,
    pub tbs: Vec<u8>,
    pub key: Option<RsaPublicKey>,
}

pub fn parse_leaf(der: &[u8]) -> Option<Leaf> {
    let parsed = cert::parse_exact(der).ok()?;
    let key = cert::rsa_key(&parsed.cert);
    Some(Leaf { cert: parsed.cert, tbs: parsed.tbs_original, key })
}

fn has_purpose(c: &Certificate, purpose: Purpose) -> bool {
    match cert::extension::<KeyUsage>(c) {
        Ok(Some(ku)) => ku.digital_signature() && (purpose == Purpose::Auth || ku.non_repudiation()),
        // JPKI leaves always carry KeyUsage; one without is not a JPKI certificate.
        _ => false,
    }
}

fn claims_ca(c: &Certificate) -> bool {
    !matches!(cert::extension::<BasicConstraints>(c), Ok(None) | Ok(Some(BasicConstraints { ca: false, .. })))
}

pub fn check(leaf: &Leaf, trust: &MyNumberTrust, purpose: Purpose, now_unix: i64) -> Result<ChainOk, ChainFailure> {
    let c = &leaf.cert;
    let issuer = cert::name_der(&c.tbs_certificate.issuer).ok_or(ChainFailure::CertificateUnreadable)?;
    let same_name: Vec<&JpkiAnchor> = trust.roots().iter().filter(|a| a.subject_der == issuer).collect();
    if same_name.is_empty() {
        return Err(ChainFailure::UnknownIssuer);
    }
    let sig = match cert::signature_bytes(c) {
        Some(s) if cert::is_sha256_with_rsa(&c.signature_algorithm) && cert::is_sha256_with_rsa(&c.tbs_certificate.signature) => s,
        _ => return Err(ChainFailure::BadSignature),
    };
    let aki = cert::authority_key_id(c);
    let hash = Sha256::digest(&leaf.tbs);
    let verified: Vec<&JpkiAnchor> = same_name
        .into_iter()
        .filter(|a| match (aki.as_deref(), a.ski.as_deref()) {
            (Some(x), Some(y)) => x == y,
            _ => true,
        })
        .filter(|a| a.key.as_ref().is_some_and(|k| k.verify(Pkcs1v15Sign::new::<Sha256>(), &hash, sig).is_ok()))
        .collect();
    let anchor = match verified.as_slice() {
        [] => return Err(ChainFailure::BadSignature),
        [one] => *one,
        _ => return Err(ChainFailure::AmbiguousIssuer),
    };
    if !anchor.is_ca {
        return Err(ChainFailure::AnchorNotCa);
    }
    if claims_ca(c) {
        return Err(ChainFailure::LeafIsCa);
    }
    if !has_purpose(c, purpose) {
        return Err(ChainFailure::KeyUsage);
    }
    let (not_before, not_after) = cert::validity(c);
    if not_before > anchor.not_after || not_after < anchor.not_before {
        return Err(ChainFailure::OutsideAnchorValidity);
    }
    let status = if now_unix < not_before {
        CertificateStatus::NotYetValid
    } else if now_unix > not_after {
        CertificateStatus::Expired
    } else {
        CertificateStatus::Valid
    };
    Ok(ChainOk { anchor_label: anchor.label.clone(), test_anchor: anchor.test, status, not_before, not_after })
}
