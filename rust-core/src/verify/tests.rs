//! Tests across the verify module. Fixture-based tests live in `fixture_tests`.

use super::*;

/// The fingerprints exactly as printed in gen1-chip.md §8.2 and gen2-chip.md §7.
const SPEC_GEN1: [&str; 4] = [
    "97f37c5967af5f3cd84e6ed694b09539abb7f8e7e76b6f7496a060008982983d",
    "ff02323cea7b8c3dfc0dc2de79d46e78514af587368523086b188e9690aec861",
    "6f50161aa80f7ff7c630505faf472906f7b101d5083e327a6182c82cd7985e67",
    "bf854466ed9abf61f559c39bf8790546f8acdab99b51fd2330563669ce4a71b2",
];
const SPEC_CA2_PRODUCTION: &str = "11e6ad8b8e64f0cdb1d8ba9e3689926c80e8479a2f098616f674a23582bec13b";
const SPEC_CA2_TEST: &str = "1846b815d31f04fe93d57450a6d8a8c351eac3d8c444a2375d95734df7dd1057";

#[test]
fn pinned_fingerprints_equal_the_spec() {
    let gen1: Vec<_> = PINNED_ANCHORS.iter().filter(|p| p.family == AnchorFamily::Gen1).collect();
    assert_eq!(gen1.len(), 4);
    for (pin, spec) in gen1.iter().zip(SPEC_GEN1) {
        assert_eq!(pin.sha256_hex, spec);
        assert_eq!(pin.kind, AnchorKind::Production);
    }
    let files: Vec<_> = gen1.iter().map(|p| p.official_file).collect();
    assert_eq!(files, ["930001756.crt", "930001757.crt", "001353372.crt", "001421582.crt"]);
    let ca2: Vec<_> = PINNED_ANCHORS.iter().filter(|p| p.family == AnchorFamily::Gen2).collect();
    assert_eq!(ca2.len(), 2);
    assert_eq!((ca2[0].sha256_hex, ca2[0].kind), (SPEC_CA2_PRODUCTION, AnchorKind::Production));
    assert_eq!((ca2[1].sha256_hex, ca2[1].kind), (SPEC_CA2_TEST, AnchorKind::Test));
}

#[test]
fn under_16_forms() {
    let store = TrustStore::new();
    let front = [0u8; 7000];
    let face = [0x11u8; 3000];
    let young = |face: Option<&[u8]>, signature| {
        verify_gen1(&Gen1Evidence { front: Some(&front), face, signature }, &store, 0)
    };
    let v = young(None, SignatureEvidence::Absent);
    assert_eq!((v.tamper, v.issuer, v.verdict), (TamperCheck::Absent, IssuerCheck::Absent, Verdict::YoungHolder));
    // An all-zero D1 is "no photo" too (gen1-chip.md §7.1).
    let v = young(Some(&[0u8; 3000]), SignatureEvidence::Absent);
    assert_eq!(v.verdict, Verdict::YoungHolder);
    // Blank DA and DB handed over as "present" are the all-zero under-16 form.
    let v = young(None, SignatureEvidence::Present { check_code: &[0; 256], certificate: &[0; 1200] });
    assert_eq!((v.tamper, v.issuer, v.verdict), (TamperCheck::Absent, IssuerCheck::Absent, Verdict::YoungHolder));
    // A face without a signature is never "young holder" and never normal.
    let v = young(Some(&face), SignatureEvidence::Absent);
    assert_eq!(
        (v.tamper, v.issuer, v.verdict),
        (
            TamperCheck::Failed { reason: TamperFailure::MissingSignature },
            IssuerCheck::Absent,
            Verdict::Abnormal
        )
    );
}

#[test]
fn garbage_signature_is_abnormal() {
    let store = TrustStore::new();
    let ev = Gen1Evidence {
        front: Some(&[1u8; 7000]),
        face: Some(&[2u8; 3000]),
        signature: SignatureEvidence::Present { check_code: &[3u8; 256], certificate: &[4u8; 1200] },
    };
    let v = verify_gen1(&ev, &store, 0);
    assert_eq!(v.tamper, TamperCheck::Failed { reason: TamperFailure::CertificateUnreadable });
    assert_eq!(v.issuer, IssuerCheck::Failed { reason: IssuerFailure::CertificateUnreadable });
    assert_eq!(v.verdict, Verdict::Abnormal);
    assert!(!v.is_test_anchor());
}

#[test]
fn trust_store_rejects_non_certificates() {
    let mut store = TrustStore::new();
    assert_eq!(store.add_test_anchor(b"not a cert", "x"), Err(TrustError::NotACertificate));
    assert_eq!(store.add_test_anchor(b"-----BEGIN CERTIFICATE-----\n!!\n-----END CERTIFICATE-----", "x"), Err(TrustError::BadPem));
    assert!(store.anchors().is_empty());
    let (store, reports) = TrustStore::production_from_dir(std::path::Path::new("/nonexistent/zairyu-trust"));
    assert!(store.anchors().is_empty());
    assert!(matches!(
        &reports[..],
        [AnchorLoadReport { outcome: AnchorLoadOutcome::Ignored { reason: IgnoreReason::DirectoryUnreadable { .. } }, .. }]
    ));
}

mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn arbitrary_inputs_never_panic(
            cert in proptest::collection::vec(any::<u8>(), 0..1300),
            code in proptest::collection::vec(any::<u8>(), 0..300),
            face in proptest::collection::vec(any::<u8>(), 0..64),
        ) {
            let store = TrustStore::new();
            let t = check_tamper_gen1(&[0u8; 16], &face, &code, &cert);
            let tamper_ok = matches!(t, TamperCheck::Ok { .. });
            prop_assert!(!tamper_ok);
            let i = check_issuer_gen1(&cert, &store, 0);
            let issuer_failed = matches!(i, IssuerCheck::Failed { .. });
            prop_assert!(issuer_failed);
            let ev = Gen1Evidence {
                front: Some(&face),
                face: Some(&face),
                signature: SignatureEvidence::Present { check_code: &code, certificate: &cert },
            };
            let v = verify_gen1(&ev, &store, 0);
            prop_assert_ne!(v.verdict, Verdict::Normal);
        }

        #[test]
        fn sequence_shaped_certificates_never_panic(
            body in proptest::collection::vec(any::<u8>(), 0..1100),
            fill in 0usize..100,
        ) {
            let mut db = vec![0x30, 0x82, (body.len() >> 8) as u8, body.len() as u8];
            db.extend_from_slice(&body);
            db.extend(std::iter::repeat_n(0, fill));
            let _ = check_tamper_gen1(&[], &[], &[1u8; 256], &db);
            let _ = check_issuer_gen1(&db, &TrustStore::new(), 0);
        }

        #[test]
        fn anchor_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
            let mut store = TrustStore::new();
            let _ = store.add_test_anchor(&bytes, "p");
            let _ = store.add_pem_or_der(&bytes, "p");
        }
    }
}
