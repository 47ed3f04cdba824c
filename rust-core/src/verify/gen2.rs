//! Second-generation checks (gen2-chip.md §7): the tamper check is ECDSA P-384 with SHA-256 over
//! the 5553-byte signed data, the check code accepted as raw `r ‖ s` or DER (recorded); the issuer
//! check chains the card certificate to a "ZairyuCard CA2" anchor (ecdsa-with-SHA256 over the
//! TBSCertificate as stored). Never uses the first-generation RSA roots.

use p384::ecdsa::signature::hazmat::PrehashVerifier;
use p384::ecdsa::{Signature, VerifyingKey};
use sha2::{Digest, Sha256};
use x509_cert::Certificate;

use super::cert;
use super::trust::{AnchorFamily, TrustAnchor, TrustStore};
use super::{
    IssuerCheck, IssuerFailure, SignatureEvidence, SignatureLayout, TamperCheck, TamperFailure,
    Verdict, Verification,
};
use crate::chip::gen2::{LEN_FACE_IMAGE, LEN_NAME_IMAGE, LEN_SIGNED_PRINTED};
use der::Decode;

/// What the parse layer found on a second-generation chip for the checks.
#[derive(Debug, Clone, Copy)]
pub struct Gen2Evidence<'a> {
    /// The printed-entry values in file order, `00`-padded to 53 bytes.
    pub printed: &'a [u8],
    /// `D1` value (3000 bytes as read); `None` for a holder under 1 year.
    pub face: Option<&'a [u8]>,
    /// `D0` value (2500 bytes as read).
    pub name: Option<&'a [u8]>,
    pub signature: SignatureEvidence<'a>,
}

/// The signed data: printed values ‖ face ‖ name, each at its full field length. A missing face
/// (holder under 1) is signed as zeros, the form the card would store.
pub fn signed_data(printed: &[u8], face: Option<&[u8]>, name: &[u8]) -> Vec<u8> {
    let mut s = Vec::with_capacity(LEN_SIGNED_PRINTED + LEN_FACE_IMAGE + LEN_NAME_IMAGE);
    s.extend_from_slice(printed);
    match face {
        Some(f) => s.extend_from_slice(f),
        None => s.resize(s.len() + LEN_FACE_IMAGE, 0),
    }
    s.extend_from_slice(name);
    s
}

/// Parses `DC`: 96 bytes as raw `r ‖ s`, otherwise DER (padding zeros after it tolerated).
fn parse_signature(dc: &[u8]) -> Option<(Signature, SignatureLayout)> {
    if dc.len() == 96 {
        if let Ok(sig) = Signature::from_slice(dc) {
            return Some((sig, SignatureLayout::EcdsaRaw));
        }
    }
    let der_len = match dc {
        [0x30, len, ..] if *len < 0x80 => usize::from(*len) + 2,
        [0x30, 0x81, len, ..] => usize::from(*len) + 3,
        _ => return None,
    };
    let (sig, rest) = (dc.get(..der_len)?, &dc[der_len.min(dc.len())..]);
    if rest.iter().any(|b| *b != 0) {
        return None;
    }
    Signature::from_der(sig).ok().map(|s| (s, SignatureLayout::EcdsaDer))
}

/// The tamper check on second-generation evidence.
pub fn check_tamper_gen2(signed: &[u8], check_code: &[u8], certificate: &[u8]) -> TamperCheck {
    let result = tamper(signed, check_code, certificate);
    log::info!("tamper check (gen2): {result:?}");
    result
}

fn tamper(signed: &[u8], check_code: &[u8], certificate: &[u8]) -> TamperCheck {
    let failed = |reason| TamperCheck::Failed { reason };
    let Ok(parsed) = cert::parse_db_value(certificate) else {
        return failed(TamperFailure::CertificateUnreadable);
    };
    let Some(key) = cert::p384_key(&parsed.cert) else {
        return failed(TamperFailure::UnexpectedKey);
    };
    if !cert::allows_digital_signature(&parsed.cert) {
        return failed(TamperFailure::UnexpectedKey);
    }
    let Some((signature, layout)) = parse_signature(check_code) else {
        return failed(TamperFailure::BadSignature);
    };
    let hash = Sha256::digest(signed);
    match key.verify_prehash(&hash, &signature) {
        Ok(()) => TamperCheck::Ok { layout },
        // ECDSA cannot tell a changed message from a forged signature: the data read does not
        // match the signature.
        Err(_) => failed(TamperFailure::HashMismatch),
    }
}

/// An anchor that may serve second-generation cards: not a pinned first-generation root, and an
/// EC P-384 key.
fn gen2_key(anchor: &TrustAnchor) -> Option<VerifyingKey> {
    if anchor.family() == Some(AnchorFamily::Gen1) {
        return None;
    }
    let c = Certificate::from_der(anchor.der()).ok()?;
    cert::p384_key(&c)
}

/// The issuer check: the card certificate must be signed by exactly one trusted CA2 anchor with
/// the issuer's name.
pub fn check_issuer_gen2(certificate: &[u8], trust: &TrustStore, now_unix: i64) -> IssuerCheck {
    let result = issuer(certificate, trust, now_unix);
    match &result {
        IssuerCheck::Ok { anchor, .. } => log::info!("issuer check (gen2): ok ({:?} {})", anchor.kind, anchor.label),
        other => log::warn!("issuer check (gen2): {other:?}"),
    }
    result
}

fn issuer(certificate: &[u8], trust: &TrustStore, now_unix: i64) -> IssuerCheck {
    let failed = |reason| IssuerCheck::Failed { reason };
    let Ok(parsed) = cert::parse_db_value(certificate) else {
        return failed(IssuerFailure::CertificateUnreadable);
    };
    let card = &parsed.cert;
    let Some(issuer_der) = cert::name_der(&card.tbs_certificate.issuer) else {
        return failed(IssuerFailure::CertificateUnreadable);
    };
    let same_dn: Vec<(&TrustAnchor, VerifyingKey)> = trust
        .anchors()
        .iter()
        .filter(|a| a.subject_der() == issuer_der.as_slice())
        .filter_map(|a| gen2_key(a).map(|k| (a, k)))
        .collect();
    if same_dn.is_empty() {
        return failed(IssuerFailure::UnknownIssuer);
    }
    let signature = match cert::signature_bytes(card).map(Signature::from_der) {
        Some(Ok(sig))
            if cert::is_ecdsa_with_sha256(&card.signature_algorithm)
                && cert::is_ecdsa_with_sha256(&card.tbs_certificate.signature) =>
        {
            sig
        }
        _ => return failed(IssuerFailure::BadSignature),
    };
    let aki = cert::authority_key_id(card);
    let tbs_hash = Sha256::digest(&parsed.tbs_original);
    let verified: Vec<&TrustAnchor> = same_dn
        .into_iter()
        .filter(|(a, _)| super::issuer::key_ids_agree(aki.as_deref(), a))
        .filter(|(_, k)| k.verify_prehash(&tbs_hash, &signature).is_ok())
        .map(|(a, _)| a)
        .collect();
    super::issuer::conclude(&verified, card, now_unix)
}

/// Both checks and the verdict. A card without a face (holder under 1 year) is a young holder
/// when its signature is absent or verifies; a signature that fails is abnormal, never hidden.
pub fn verify_gen2(evidence: &Gen2Evidence<'_>, trust: &TrustStore, now_unix: i64) -> Verification {
    let young = evidence.face.is_none();
    let (tamper, issuer) = match evidence.signature {
        SignatureEvidence::Absent if young => (TamperCheck::Absent, IssuerCheck::Absent),
        SignatureEvidence::Absent => (TamperCheck::Failed { reason: TamperFailure::MissingSignature }, IssuerCheck::Absent),
        SignatureEvidence::Present { check_code, certificate } => {
            let tamper = match evidence.name {
                None => TamperCheck::Failed { reason: TamperFailure::MissingImage },
                Some(name) => check_tamper_gen2(&signed_data(evidence.printed, evidence.face, name), check_code, certificate),
            };
            (tamper, check_issuer_gen2(certificate, trust, now_unix))
        }
    };
    let passed = |t: &TamperCheck, i: &IssuerCheck| matches!(t, TamperCheck::Ok { .. }) && matches!(i, IssuerCheck::Ok { .. });
    let absent = tamper == TamperCheck::Absent && issuer == IssuerCheck::Absent;
    let verdict = if young && (absent || passed(&tamper, &issuer)) {
        Verdict::YoungHolder
    } else if passed(&tamper, &issuer) {
        Verdict::Normal
    } else {
        Verdict::Abnormal
    };
    Verification { tamper, issuer, verdict }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PRINTED_05: &[u8] = include_bytes!("../../../fixtures/gen2/printed-05.bin");
    const FACE: &[u8] = include_bytes!("../../../fixtures/gen2/face.jp2");
    const NAME: &[u8] = include_bytes!("../../../fixtures/gen2/name-05.tif");
    const CERT: &[u8] = include_bytes!("../../../fixtures/gen2/card-signer.der");
    const ROGUE_CERT: &[u8] = include_bytes!("../../../fixtures/gen2/card-signer-rogue.der");
    const CA2: &[u8] = include_bytes!("../../../fixtures/gen2/test-ca2.der");
    const RAW: &[u8] = include_bytes!("../../../fixtures/gen2/check-05-raw.bin");
    const DER: &[u8] = include_bytes!("../../../fixtures/gen2/check-05-der.bin");
    const ROGUE: &[u8] = include_bytes!("../../../fixtures/gen2/check-05-rogue-raw.bin");
    const GEN1_ROOT: &[u8] = include_bytes!("../../../fixtures/test-ca/test-root.der");
    const NOW: i64 = 1_790_000_000; // 2026-09

    fn padded(v: &[u8], n: usize) -> Vec<u8> {
        let mut p = v.to_vec();
        p.resize(n, 0);
        p
    }

    fn signed() -> Vec<u8> {
        let (_, printed) = crate::parse::gen2::printed_entries(PRINTED_05).unwrap();
        signed_data(&printed, Some(&padded(FACE, 3000)), &padded(NAME, 2500))
    }

    fn trust() -> TrustStore {
        TrustStore::new().with_test_anchor(CA2, "test CA2").unwrap()
    }

    #[test]
    fn signed_data_is_5553_bytes_and_matches_the_manifest_hash() {
        let s = signed();
        assert_eq!(s.len(), 5553);
        assert_eq!(hex::encode(Sha256::digest(&s)), "a6ee3836ea9565c0003ce7f85c09300195d27d19d610772bce5bc844e30f8f2a");
    }

    #[test]
    fn raw_and_der_signatures_verify_and_are_recorded() {
        assert_eq!(check_tamper_gen2(&signed(), RAW, &padded(CERT, 602)), TamperCheck::Ok { layout: SignatureLayout::EcdsaRaw });
        assert_eq!(check_tamper_gen2(&signed(), DER, CERT), TamperCheck::Ok { layout: SignatureLayout::EcdsaDer });
    }

    #[test]
    fn any_change_fails() {
        let mut s = signed();
        s[5552] ^= 1; // the name image's zero padding is signed too
        assert_eq!(check_tamper_gen2(&s, RAW, CERT), TamperCheck::Failed { reason: TamperFailure::HashMismatch });
        assert_eq!(check_tamper_gen2(&signed(), ROGUE, CERT), TamperCheck::Failed { reason: TamperFailure::HashMismatch });
        assert_eq!(check_tamper_gen2(&signed(), &RAW[..95], CERT), TamperCheck::Failed { reason: TamperFailure::BadSignature });
        assert_eq!(check_tamper_gen2(&signed(), RAW, GEN1_ROOT), TamperCheck::Failed { reason: TamperFailure::UnexpectedKey });
        assert_eq!(check_tamper_gen2(&signed(), RAW, &[0x30, 0x03, 1, 2, 3]), TamperCheck::Failed { reason: TamperFailure::CertificateUnreadable });
    }

    #[test]
    fn issuer_chain_to_ca2() {
        match check_issuer_gen2(&padded(CERT, 602), &trust(), NOW) {
            IssuerCheck::Ok { anchor, validity } => {
                assert_eq!(anchor.kind, super::super::AnchorKind::Test);
                assert_eq!(validity.card_not_before, 1_780_272_000); // 2026-06-01
                assert!(validity.card_in_date && validity.anchor_in_date);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(check_issuer_gen2(ROGUE_CERT, &trust(), NOW), IssuerCheck::Failed { reason: IssuerFailure::BadSignature });
        assert_eq!(check_issuer_gen2(CERT, &TrustStore::new(), NOW), IssuerCheck::Failed { reason: IssuerFailure::UnknownIssuer });
        // A first-generation (RSA) root never serves a second-generation card.
        let gen1 = TrustStore::new().with_test_anchor(GEN1_ROOT, "gen1").unwrap();
        assert_eq!(check_issuer_gen2(CERT, &gen1, NOW), IssuerCheck::Failed { reason: IssuerFailure::UnknownIssuer });
    }

    #[test]
    fn verdicts() {
        let (_, printed) = crate::parse::gen2::printed_entries(PRINTED_05).unwrap();
        let face = padded(FACE, 3000);
        let name = padded(NAME, 2500);
        let present = SignatureEvidence::Present { check_code: RAW, certificate: CERT };
        let e = Gen2Evidence { printed: &printed, face: Some(&face), name: Some(&name), signature: present };
        assert_eq!(verify_gen2(&e, &trust(), NOW).verdict, Verdict::Normal);
        let under1 = Gen2Evidence { face: None, signature: SignatureEvidence::Absent, ..e };
        let v = verify_gen2(&under1, &trust(), NOW);
        assert_eq!((v.tamper, v.issuer, v.verdict), (TamperCheck::Absent, IssuerCheck::Absent, Verdict::YoungHolder));
        // No face but a signature over a face: fails, and must say abnormal, not young holder.
        let wrong = Gen2Evidence { face: None, ..e };
        assert_eq!(verify_gen2(&wrong, &trust(), NOW).verdict, Verdict::Abnormal);
        let unsigned = Gen2Evidence { signature: SignatureEvidence::Absent, ..e };
        assert_eq!(verify_gen2(&unsigned, &trust(), NOW).tamper, TamperCheck::Failed { reason: TamperFailure::MissingSignature });
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_bytes_never_panic_or_pass(dc in proptest::collection::vec(proptest::num::u8::ANY, 0..120), dd in proptest::collection::vec(proptest::num::u8::ANY, 0..700)) {
            let passed = matches!(check_tamper_gen2(&signed(), &dc, &dd), TamperCheck::Ok { .. });
            proptest::prop_assert!(!passed, "arbitrary check code and certificate passed");
            let _ = check_issuer_gen2(&dd, &trust(), NOW);
            let passed = matches!(check_tamper_gen2(&signed(), &dc, CERT), TamperCheck::Ok { .. });
            proptest::prop_assert!(!passed, "arbitrary check code passed");
        }
    }
}
