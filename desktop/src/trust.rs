//! Which roots the issuer check may chain to. Production roots come only from trust directories
//! and are kept only when their fingerprint is pinned in the core; `--trust FILE` adds exactly the
//! file given (an unpinned one counts as a TEST anchor); the software card's test root is added
//! (and its second-generation CA2) only when reading the software card, so a real card can never pass against it by accident.

use std::path::{Path, PathBuf};

use zairyu_core::specified::delivery_key::ISA_DELIVERY_KEY_FILE;
use zairyu_core::specified::{DeliveryKey, DeliveryKeyKind};
use zairyu_core::verify::{AnchorKind, AnchorLoadOutcome, IgnoreReason, TrustStore};

use crate::errors::AppError;

/// TEST ONLY: the root that signs the software card's certificates (fixtures/test-ca).
pub const TEST_ROOT_DER: &[u8] = include_bytes!("../../fixtures/test-ca/test-root.der");
pub const TEST_ROOT_LABEL: &str = "Zairyu Reader TEST root (software card)";
/// TEST ONLY: the P-384 CA2 that signs the second-generation software card (fixtures/gen2).
pub const TEST_CA2_DER: &[u8] = include_bytes!("../../fixtures/gen2/test-ca2.der");
pub const TEST_CA2_LABEL: &str = "Zairyu Reader TEST CA2 (software card, second generation)";

/// TEST ONLY: the software card's delivery key (fixtures/specified), used only when reading the
/// software card without `--delivery-key`.
pub const TEST_DELIVERY_KEY_DER: &[u8] = include_bytes!("../../fixtures/specified/delivery-test-pub.der");
pub const TEST_DELIVERY_KEY_LABEL: &str = "Zairyu Reader TEST delivery key (software card)";

/// Environment variable naming the default trust directory.
pub const TRUST_DIR_ENV: &str = "ZAIRYU_TRUST_DIR";

/// The default trust directory: `$ZAIRYU_TRUST_DIR`, else `trust-anchors/` next to the binary,
/// whichever exists.
pub fn default_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(TRUST_DIR_ENV) {
        let dir = PathBuf::from(dir);
        return dir.is_dir().then_some(dir);
    }
    let exe = std::env::current_exe().ok()?;
    let dir = exe.parent()?.join("trust-anchors");
    dir.is_dir().then_some(dir)
}

/// The store plus human lines describing what was loaded or skipped, for `--verbose`.
pub struct TrustSetup {
    pub store: TrustStore,
    pub report: Vec<String>,
}

fn kind_label(kind: AnchorKind) -> &'static str {
    match kind {
        AnchorKind::Production => "production",
        AnchorKind::Test => "TEST",
    }
}

fn ignore_text(reason: &IgnoreReason) -> String {
    match reason {
        IgnoreReason::UnsupportedExtension => "skipped: not .crt/.cer/.der/.pem".into(),
        IgnoreReason::NotPinned { fingerprint } => format!("skipped: fingerprint {fingerprint} is not a pinned ISA root"),
        IgnoreReason::NotACertificate => "skipped: not a certificate".into(),
        IgnoreReason::PinnedButUnparsable { fingerprint } => format!("skipped: pinned fingerprint {fingerprint} but unparsable"),
        IgnoreReason::TooLarge => "skipped: too large".into(),
        IgnoreReason::Unreadable { error } => format!("skipped: unreadable ({error})"),
        IgnoreReason::DirectoryUnreadable { error } => format!("directory unreadable ({error})"),
    }
}

/// Adds every pinned root of `dir` to `store`.
fn load_dir(store: &mut TrustStore, dir: &Path, report: &mut Vec<String>) {
    let (found, reports) = TrustStore::production_from_dir(dir);
    report.push(format!("trust directory {}", dir.display()));
    for r in reports {
        let line = match r.outcome {
            AnchorLoadOutcome::Loaded { label, kind, fingerprint } => format!("{}: loaded [{}] {label} sha256:{fingerprint}", r.file, kind_label(kind)),
            AnchorLoadOutcome::Duplicate { fingerprint } => format!("{}: duplicate of sha256:{fingerprint}", r.file),
            AnchorLoadOutcome::Ignored { reason } => format!("{}: {}", r.file, ignore_text(&reason)),
        };
        report.push(format!("  {line}"));
    }
    for anchor in found.anchors() {
        // Re-adding by DER re-derives the pinned label and kind; it cannot promote anything.
        if let Err(e) = store.add_pem_or_der(anchor.der(), anchor.label()) {
            report.push(format!("  {}: not added ({e})", anchor.label()));
        }
    }
}

/// Builds the store for one read. `paths` are the `--trust` arguments (files or directories).
pub fn build(paths: &[PathBuf], default_dir: Option<&Path>, softcard: bool) -> Result<TrustSetup, AppError> {
    let mut store = TrustStore::new();
    let mut report = Vec::new();
    if let Some(dir) = default_dir {
        load_dir(&mut store, dir, &mut report);
    }
    for path in paths {
        if path.is_dir() {
            load_dir(&mut store, path, &mut report);
        } else if path.exists() {
            let info = store
                .add_file(path)
                .map_err(|e| AppError::trust_anchor(&path.display().to_string(), &e.to_string()))?;
            report.push(format!("trust file {}: [{}] {} sha256:{}", path.display(), kind_label(info.kind), info.label, info.fingerprint));
        } else {
            return Err(AppError::trust_anchor(&path.display().to_string(), "no such file or directory"));
        }
    }
    if softcard {
        store
            .add_test_anchor(TEST_ROOT_DER, TEST_ROOT_LABEL)
            .map_err(|e| AppError::internal(&format!("embedded test root: {e}")))?;
        store
            .add_test_anchor(TEST_CA2_DER, TEST_CA2_LABEL)
            .map_err(|e| AppError::internal(&format!("embedded test CA2: {e}")))?;
        report.push(format!("built-in: [TEST] {TEST_ROOT_LABEL}"));
        report.push(format!("built-in: [TEST] {TEST_CA2_LABEL}"));
    }
    Ok(TrustSetup { store, report })
}

/// ISA's delivery key for specified cards (public material, not a trust anchor): `--delivery-key
/// FILE` when given (any RSA-2048 public key; reported as ISA's only when its SHA-256 is the pinned
/// one); else the pinned `keys_smrsapub_001.bin` from the default trust directory or a `--trust`
/// directory; else, for the software card only, its built-in TEST key. `None` = not installed:
/// a specified card then ends in `delivery_key_missing`.
pub fn delivery_key(
    explicit: Option<&Path>,
    default_dir: Option<&Path>,
    trust_paths: &[PathBuf],
    softcard: bool,
    report: &mut Vec<String>,
) -> Result<Option<DeliveryKey>, AppError> {
    let describe = |k: &DeliveryKey| {
        let kind = match k.kind() {
            DeliveryKeyKind::Isa => "ISA RSA delivery key, pinned",
            DeliveryKeyKind::Other => "not ISA's published key",
        };
        format!("delivery key {}: [{kind}] {:?} sha256:{}", k.label(), k.format(), k.file_sha256_hex())
    };
    if let Some(path) = explicit {
        let key = DeliveryKey::from_file(path).map_err(|e| AppError::delivery_key(&path.display().to_string(), &e.to_string()))?;
        report.push(describe(&key));
        return Ok(Some(key));
    }
    let dirs = default_dir.into_iter().map(Path::to_path_buf).chain(trust_paths.iter().filter(|p| p.is_dir()).cloned());
    for dir in dirs {
        match DeliveryKey::from_trust_dir(&dir) {
            Some(Ok(key)) => {
                report.push(describe(&key));
                return Ok(Some(key));
            }
            Some(Err(e)) => report.push(format!("delivery key in {}: not used ({e})", dir.display())),
            None => {}
        }
    }
    if softcard {
        let key = DeliveryKey::from_bytes(TEST_DELIVERY_KEY_DER, TEST_DELIVERY_KEY_LABEL)
            .map_err(|e| AppError::internal(&format!("embedded test delivery key: {e}")))?;
        report.push(describe(&key));
        return Ok(Some(key));
    }
    report.push(format!("delivery key: none installed ({ISA_DELIVERY_KEY_FILE}); specified cards cannot be read"));
    Ok(None)
}

/// The anchors in the store, one line each, for `--verbose`.
pub fn anchor_lines(store: &TrustStore) -> Vec<String> {
    if store.anchors().is_empty() {
        return vec!["信頼するルート証明書がありません（発行元検証は失敗します） / no trust anchors: the issuer check will fail".into()];
    }
    store
        .anchors()
        .iter()
        .map(|a| format!("[{}] {} sha256:{}", kind_label(a.kind()), a.label(), a.fingerprint_hex()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn softcard_mode_trusts_the_embedded_test_root_as_test() {
        let setup = build(&[], None, true).unwrap();
        let anchors = setup.store.anchors();
        assert_eq!(anchors.len(), 2);
        assert!(anchors.iter().all(|a| a.kind() == AnchorKind::Test));
        assert_eq!(anchors[0].label(), TEST_ROOT_LABEL);
        assert_eq!(anchors[1].label(), TEST_CA2_LABEL);
    }

    #[test]
    fn delivery_key_sources() {
        let mut report = Vec::new();
        assert!(delivery_key(None, None, &[], false, &mut report).unwrap().is_none());
        assert!(report[0].contains("none installed (keys_smrsapub_001.bin)"), "{report:?}");
        let k = delivery_key(None, None, &[], true, &mut Vec::new()).unwrap().unwrap();
        assert_eq!((k.label(), k.kind()), (TEST_DELIVERY_KEY_LABEL, DeliveryKeyKind::Other));
        let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/specified/delivery-test-pub.pem");
        let k = delivery_key(Some(&file), None, &[], false, &mut Vec::new()).unwrap().unwrap();
        assert_eq!(k.label(), "delivery-test-pub.pem");
        let e = delivery_key(Some(Path::new("/nonexistent/k.der")), None, &[], true, &mut Vec::new()).unwrap_err();
        assert_eq!(e.code, "delivery_key_unreadable");
    }

    #[test]
    fn reader_mode_trusts_nothing_by_default() {
        assert!(build(&[], None, false).unwrap().store.anchors().is_empty());
    }

    #[test]
    fn trust_file_is_a_test_anchor_and_missing_file_is_an_error() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/test-ca/test-root.der");
        let setup = build(&[root], None, false).unwrap();
        assert_eq!(setup.store.anchors()[0].kind(), AnchorKind::Test);
        let e = build(&[PathBuf::from("/nonexistent/zairyu.der")], None, false).err().unwrap();
        assert_eq!(e.code, "trust_anchor_unreadable");
    }

    #[test]
    fn a_directory_only_yields_pinned_roots() {
        // The test-ca directory holds only test roots: none is pinned, so none is loaded.
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/test-ca");
        let setup = build(&[dir], None, false).unwrap();
        assert!(setup.store.anchors().is_empty());
        assert!(setup.report.iter().any(|l| l.contains("test-root.der: skipped: fingerprint")), "{:?}", setup.report);
    }
}
