//! Trust anchors (gen1-chip.md §8.2 "Trust store rules", gen2-chip.md §7, design.md "Trust").
//!
//! - Production anchors are only ever certificates whose SHA-256 (over the DER) is one of
//!   [`PINNED_ANCHORS`]; the files come from a trust directory filled by
//!   `scripts/fetch-trust-anchors.sh`.
//! - Anything else (fixtures, the software card's root, a `--trust FILE` that is not pinned, and the
//!   official CA2 *test* root) is an [`AnchorKind::Test`] anchor; a result against it says so.
//! - Anchors are deduplicated by fingerprint: the first copy wins.

use std::path::Path;

use rsa::RsaPublicKey;
use sha2::{Digest, Sha256};

use super::cert::{self, ParsedCert};
use super::pem;
use super::{AnchorInfo, AnchorKind};

/// Which chip generation a pinned anchor serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnchorFamily {
    /// "ZairyuCard CA", RSA-2048: first-generation cards (types 1/2).
    Gen1,
    /// "ZairyuCard CA2", EC P-384: second-generation and specified cards. Never used for gen 1.
    Gen2,
}

/// A pinned ISA root.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PinnedAnchor {
    /// SHA-256 of the DER certificate, lower-case hex.
    pub sha256_hex: &'static str,
    pub label: &'static str,
    pub kind: AnchorKind,
    pub family: AnchorFamily,
    /// The official file name at `https://www.moj.go.jp/isa/content/`.
    pub official_file: &'static str,
}

/// The pinned roots: the four first-generation "ZairyuCard CA" roots (gen1-chip.md §8.2) and the two
/// "ZairyuCard CA2" roots (gen2-chip.md §7), the CA2 test root marked as a test anchor.
/// `scripts/fetch-trust-anchors.sh` pins the same values (its test checks that they agree).
pub const PINNED_ANCHORS: [PinnedAnchor; 6] = [
    PinnedAnchor {
        sha256_hex: "97f37c5967af5f3cd84e6ed694b09539abb7f8e7e76b6f7496a060008982983d",
        label: "ZairyuCard CA 2015-06-05 (serial 2A)",
        kind: AnchorKind::Production,
        family: AnchorFamily::Gen1,
        official_file: "930001756.crt",
    },
    PinnedAnchor {
        sha256_hex: "ff02323cea7b8c3dfc0dc2de79d46e78514af587368523086b188e9690aec861",
        label: "ZairyuCard CA 2018-04-06 (serial 4B)",
        kind: AnchorKind::Production,
        family: AnchorFamily::Gen1,
        official_file: "930001757.crt",
    },
    PinnedAnchor {
        sha256_hex: "6f50161aa80f7ff7c630505faf472906f7b101d5083e327a6182c82cd7985e67",
        label: "ZairyuCard CA 2021-05-27 (serial 74)",
        kind: AnchorKind::Production,
        family: AnchorFamily::Gen1,
        official_file: "001353372.crt",
    },
    PinnedAnchor {
        sha256_hex: "bf854466ed9abf61f559c39bf8790546f8acdab99b51fd2330563669ce4a71b2",
        label: "ZairyuCard CA 2024-05-08 (serial 93)",
        kind: AnchorKind::Production,
        family: AnchorFamily::Gen1,
        official_file: "001421582.crt",
    },
    PinnedAnchor {
        sha256_hex: "11e6ad8b8e64f0cdb1d8ba9e3689926c80e8479a2f098616f674a23582bec13b",
        label: "ZairyuCard CA2 2026-04-20",
        kind: AnchorKind::Production,
        family: AnchorFamily::Gen2,
        official_file: "001462221.zip:ec_cacert_20260420.crt",
    },
    PinnedAnchor {
        sha256_hex: "1846b815d31f04fe93d57450a6d8a8c351eac3d8c444a2375d95734df7dd1057",
        label: "ZairyuCard CA2 TEST 2026-03-19 (ISA sample cards only)",
        kind: AnchorKind::Test,
        family: AnchorFamily::Gen2,
        official_file: "001460788.zip",
    },
];

/// The pinned entry for a fingerprint, if any.
pub fn pinned(fingerprint: &[u8; 32]) -> Option<&'static PinnedAnchor> {
    let hex = cert::hex_lower(fingerprint);
    PINNED_ANCHORS.iter().find(|p| p.sha256_hex == hex)
}

/// Largest anchor file read (roots are about 1 KiB).
const MAX_ANCHOR_FILE: u64 = 64 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TrustError {
    #[error("the trust anchor file could not be read ({0})")]
    Io(String),
    #[error("the trust anchor file is larger than {MAX_ANCHOR_FILE} bytes")]
    TooLarge,
    #[error("the PEM text holds no readable CERTIFICATE block")]
    BadPem,
    #[error("the PEM text holds more than one certificate")]
    SeveralCertificates,
    #[error("not an X.509 certificate")]
    NotACertificate,
}

/// A trusted root. Roots are public data: label, subject and fingerprint may be shown and logged.
#[derive(Debug, Clone)]
pub struct TrustAnchor {
    label: String,
    kind: AnchorKind,
    family: Option<AnchorFamily>,
    fingerprint: [u8; 32],
    der: Vec<u8>,
    subject: String,
    subject_der: Vec<u8>,
    not_before: i64,
    not_after: i64,
    ski: Option<Vec<u8>>,
    rsa_key: Option<RsaPublicKey>,
    is_ca: bool,
}

impl TrustAnchor {
    fn from_der(der: &[u8], label: String, kind: AnchorKind) -> Result<Self, TrustError> {
        let fingerprint: [u8; 32] = Sha256::digest(der).into();
        let ParsedCert { cert, .. } = cert::parse_exact(der).map_err(|_| TrustError::NotACertificate)?;
        let subject_der =
            cert::name_der(&cert.tbs_certificate.subject).ok_or(TrustError::NotACertificate)?;
        let (not_before, not_after) = cert::validity(&cert);
        Ok(TrustAnchor {
            label,
            kind,
            family: pinned(&fingerprint).map(|p| p.family),
            fingerprint,
            der: der.to_vec(),
            subject: cert.tbs_certificate.subject.to_string(),
            subject_der,
            not_before,
            not_after,
            ski: cert::subject_key_id(&cert),
            rsa_key: cert::rsa_key(&cert),
            is_ca: cert::is_ca(&cert),
        })
    }

    pub fn label(&self) -> &str {
        &self.label
    }
    pub fn kind(&self) -> AnchorKind {
        self.kind
    }
    /// The pinned family, `None` for an unpinned (test) anchor.
    pub fn family(&self) -> Option<AnchorFamily> {
        self.family
    }
    pub fn fingerprint(&self) -> &[u8; 32] {
        &self.fingerprint
    }
    /// SHA-256 of the DER, lower-case hex.
    pub fn fingerprint_hex(&self) -> String {
        cert::hex_lower(&self.fingerprint)
    }
    /// Subject DN as text (RFC 4514 order).
    pub fn subject(&self) -> &str {
        &self.subject
    }
    pub fn not_before(&self) -> i64 {
        self.not_before
    }
    pub fn not_after(&self) -> i64 {
        self.not_after
    }
    pub fn in_date(&self, now_unix: i64) -> bool {
        self.not_before <= now_unix && now_unix <= self.not_after
    }
    pub fn der(&self) -> &[u8] {
        &self.der
    }
    /// BasicConstraints CA:TRUE and, when KeyUsage is present, keyCertSign.
    pub fn is_ca(&self) -> bool {
        self.is_ca
    }
    pub fn info(&self) -> AnchorInfo {
        AnchorInfo { label: self.label.clone(), kind: self.kind, fingerprint: self.fingerprint_hex() }
    }

    pub(crate) fn subject_der(&self) -> &[u8] {
        &self.subject_der
    }
    pub(crate) fn ski(&self) -> Option<&[u8]> {
        self.ski.as_deref()
    }
    pub(crate) fn rsa_key(&self) -> Option<&RsaPublicKey> {
        self.rsa_key.as_ref()
    }
    /// May serve first-generation cards: an RSA key, and not a pinned CA2 root.
    pub(crate) fn usable_for_gen1(&self) -> bool {
        self.rsa_key.is_some() && self.family != Some(AnchorFamily::Gen2)
    }
}

/// What happened to one file of a trust directory. Names only public data (file name, fingerprint).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnchorLoadReport {
    /// File name (no directory).
    pub file: String,
    pub outcome: AnchorLoadOutcome,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnchorLoadOutcome {
    Loaded { label: String, kind: AnchorKind, fingerprint: String },
    /// Same fingerprint as an anchor already in the store.
    Duplicate { fingerprint: String },
    Ignored { reason: IgnoreReason },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IgnoreReason {
    /// Not `.crt`, `.cer`, `.der` or `.pem`.
    UnsupportedExtension,
    /// Its SHA-256 is not one of the pinned fingerprints.
    NotPinned { fingerprint: String },
    /// Not a certificate (or not readable PEM).
    NotACertificate,
    /// Pinned fingerprint but the certificate could not be parsed.
    PinnedButUnparsable { fingerprint: String },
    TooLarge,
    Unreadable { error: String },
    /// The directory itself could not be listed.
    DirectoryUnreadable { error: String },
}

/// The set of anchors the issuer check may use.
#[derive(Debug, Clone, Default)]
pub struct TrustStore {
    anchors: Vec<TrustAnchor>,
}

impl TrustStore {
    /// An empty store: every issuer check ends `UnknownIssuer`.
    pub fn new() -> Self {
        Self::default()
    }

    /// All anchors, in the order added. Check [`TrustAnchor::kind`]: test anchors are marked.
    pub fn anchors(&self) -> &[TrustAnchor] {
        &self.anchors
    }

    pub fn production_anchors(&self) -> impl Iterator<Item = &TrustAnchor> {
        self.anchors.iter().filter(|a| a.kind == AnchorKind::Production)
    }

    pub fn test_anchors(&self) -> impl Iterator<Item = &TrustAnchor> {
        self.anchors.iter().filter(|a| a.kind == AnchorKind::Test)
    }

    pub fn has_test_anchors(&self) -> bool {
        self.test_anchors().next().is_some()
    }

    /// Builder form of [`add_test_anchor`](Self::add_test_anchor).
    pub fn with_test_anchor(mut self, der_or_pem: &[u8], label: &str) -> Result<Self, TrustError> {
        self.add_test_anchor(der_or_pem, label)?;
        Ok(self)
    }

    /// Adds a test anchor (fixtures, software card). Always [`AnchorKind::Test`], even when the
    /// certificate happens to be pinned: nothing added here can produce a production pass.
    /// Adding a fingerprint already present is a no-op.
    pub fn add_test_anchor(&mut self, der_or_pem: &[u8], label: &str) -> Result<(), TrustError> {
        let der = single_der(der_or_pem)?;
        let anchor = TrustAnchor::from_der(&der, label.to_string(), AnchorKind::Test)?;
        self.push(anchor);
        Ok(())
    }

    /// Adds a certificate given explicitly by the user (DER or PEM): a pinned fingerprint takes its
    /// pinned label and kind; anything else becomes a [`AnchorKind::Test`] anchor labelled `label`.
    pub fn add_pem_or_der(&mut self, der_or_pem: &[u8], label: &str) -> Result<AnchorInfo, TrustError> {
        let der = single_der(der_or_pem)?;
        let fp: [u8; 32] = Sha256::digest(&der).into();
        let anchor = match pinned(&fp) {
            Some(p) => TrustAnchor::from_der(&der, p.label.to_string(), p.kind)?,
            None => TrustAnchor::from_der(&der, label.to_string(), AnchorKind::Test)?,
        };
        let info = anchor.info();
        self.push(anchor);
        Ok(info)
    }

    /// `--trust FILE`: like [`add_pem_or_der`](Self::add_pem_or_der), labelled with the file name.
    pub fn add_file(&mut self, path: &Path) -> Result<AnchorInfo, TrustError> {
        let bytes = read_limited(path)?;
        let name = file_name(path);
        self.add_pem_or_der(&bytes, &format!("{name} (user-supplied, not pinned)"))
    }

    /// Loads the production store from a trust directory: every `.crt`, `.cer`, `.der`, `.pem` file
    /// (not recursive) whose SHA-256 is pinned. Every file in the directory gets a report line.
    pub fn production_from_dir(dir: &Path) -> (TrustStore, Vec<AnchorLoadReport>) {
        let mut store = TrustStore::new();
        let mut reports = Vec::new();
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                reports.push(AnchorLoadReport {
                    file: file_name(dir),
                    outcome: AnchorLoadOutcome::Ignored {
                        reason: IgnoreReason::DirectoryUnreadable { error: e.kind().to_string() },
                    },
                });
                log::warn!("trust directory unreadable: {}", e.kind());
                return (store, reports);
            }
        };
        let mut paths: Vec<_> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .collect();
        paths.sort();
        for path in paths {
            let file = file_name(&path);
            let outcome = store.load_pinned_file(&path);
            match &outcome {
                AnchorLoadOutcome::Loaded { label, .. } => log::info!("trust anchor loaded: {file}: {label}"),
                other => log::warn!("trust anchor file not used: {file}: {other:?}"),
            }
            reports.push(AnchorLoadReport { file, outcome });
        }
        (store, reports)
    }

    fn load_pinned_file(&mut self, path: &Path) -> AnchorLoadOutcome {
        let ignored = |reason| AnchorLoadOutcome::Ignored { reason };
        let ext = path.extension().and_then(|e| e.to_str()).map(|e| e.to_ascii_lowercase());
        if !matches!(ext.as_deref(), Some("crt" | "cer" | "der" | "pem")) {
            return ignored(IgnoreReason::UnsupportedExtension);
        }
        let bytes = match read_limited(path) {
            Ok(b) => b,
            Err(TrustError::TooLarge) => return ignored(IgnoreReason::TooLarge),
            Err(e) => return ignored(IgnoreReason::Unreadable { error: e.to_string() }),
        };
        let der = match single_der(&bytes) {
            Ok(d) => d,
            Err(_) => return ignored(IgnoreReason::NotACertificate),
        };
        let fp: [u8; 32] = Sha256::digest(&der).into();
        let fingerprint = cert::hex_lower(&fp);
        let Some(pin) = pinned(&fp) else {
            return ignored(IgnoreReason::NotPinned { fingerprint });
        };
        match TrustAnchor::from_der(&der, pin.label.to_string(), pin.kind) {
            Ok(anchor) => {
                if self.contains(&fp) {
                    return AnchorLoadOutcome::Duplicate { fingerprint };
                }
                let kind = anchor.kind;
                self.push(anchor);
                AnchorLoadOutcome::Loaded { label: pin.label.to_string(), kind, fingerprint }
            }
            Err(_) => ignored(IgnoreReason::PinnedButUnparsable { fingerprint }),
        }
    }

    fn contains(&self, fp: &[u8; 32]) -> bool {
        self.anchors.iter().any(|a| &a.fingerprint == fp)
    }

    fn push(&mut self, anchor: TrustAnchor) {
        if !self.contains(&anchor.fingerprint) {
            self.anchors.push(anchor);
        }
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

fn read_limited(path: &Path) -> Result<Vec<u8>, TrustError> {
    use std::io::Read;
    let f = std::fs::File::open(path).map_err(|e| TrustError::Io(e.kind().to_string()))?;
    let mut bytes = Vec::new();
    f.take(MAX_ANCHOR_FILE + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| TrustError::Io(e.kind().to_string()))?;
    if bytes.len() as u64 > MAX_ANCHOR_FILE {
        return Err(TrustError::TooLarge);
    }
    Ok(bytes)
}

/// DER bytes of exactly one certificate given as DER or PEM (the fingerprint is over these).
fn single_der(der_or_pem: &[u8]) -> Result<Vec<u8>, TrustError> {
    if pem::looks_like_pem(der_or_pem) {
        let mut certs = pem::decode_certificates(der_or_pem).ok_or(TrustError::BadPem)?;
        if certs.len() != 1 {
            return Err(TrustError::SeveralCertificates);
        }
        Ok(certs.remove(0))
    } else {
        Ok(der_or_pem.to_vec())
    }
}
