//! Issuer check (発行元検証), first generation (gen1-chip.md §8.2): the card certificate must be
//! signed (sha256WithRSAEncryption, PKCS#1 v1.5, over its TBSCertificate as stored) by exactly one
//! trusted RSA anchor whose subject DN equals the certificate's issuer DN.
//!
//! Candidate selection: issuer DN == anchor subject DN (byte-exact DER), and, when the card has an
//! AuthorityKeyIdentifier and the anchor a SubjectKeyIdentifier, they must be equal. All four ISA
//! roots share one DN, so without key identifiers every same-DN anchor's key is tried.
//! Outcomes: no same-DN anchor → `UnknownIssuer`; same-DN anchors but none verifies →
//! `BadSignature`; more than one verifies → `AmbiguousIssuer`; the one that verifies is not a CA
//! → `AnchorNotCa`; a certificate whose validity does not fit the anchor's life →
//! `OutsideAnchorValidity`. Dates against the clock are reported, never failing the check (§8.2
//! step 4).

use rsa::Pkcs1v15Sign;
use sha2::{Digest, Sha256};

use super::cert;
use super::trust::{TrustAnchor, TrustStore};
use super::{IssuerCheck, IssuerFailure, ValidityReport};

/// Runs the issuer check on a `DB` value (DER + `00` fill) at `now_unix` (Unix seconds, UTC).
pub fn check_issuer_gen1(certificate: &[u8], trust: &TrustStore, now_unix: i64) -> IssuerCheck {
    let result = run(certificate, trust, now_unix);
    match &result {
        IssuerCheck::Ok { anchor, validity } => log::info!(
            "issuer check: ok (anchor {:?} {}, card in date: {}, anchor in date: {})",
            anchor.kind,
            anchor.label,
            validity.card_in_date,
            validity.anchor_in_date
        ),
        IssuerCheck::Failed { reason } => log::warn!("issuer check: failed ({reason:?})"),
        IssuerCheck::Absent => log::info!("issuer check: absent"),
    }
    result
}

fn failed(reason: IssuerFailure) -> IssuerCheck {
    IssuerCheck::Failed { reason }
}

fn run(certificate: &[u8], trust: &TrustStore, now_unix: i64) -> IssuerCheck {
    let parsed = match cert::parse_db_value(certificate) {
        Ok(p) => p,
        Err(_) => return failed(IssuerFailure::CertificateUnreadable),
    };
    if parsed.was_ber {
        log::info!("issuer check: certificate is BER, normalised for parsing");
    }
    let card = &parsed.cert;
    let Some(issuer_der) = cert::name_der(&card.tbs_certificate.issuer) else {
        return failed(IssuerFailure::CertificateUnreadable);
    };

    let same_dn: Vec<&TrustAnchor> = trust
        .anchors()
        .iter()
        .filter(|a| a.usable_for_gen1() && a.subject_der() == issuer_der.as_slice())
        .collect();
    if same_dn.is_empty() {
        return failed(IssuerFailure::UnknownIssuer);
    }

    // The signature algorithm must be sha256WithRSAEncryption, the same inside and outside the TBS.
    let sig = match cert::signature_bytes(card) {
        Some(s)
            if cert::is_sha256_with_rsa(&card.signature_algorithm)
                && cert::is_sha256_with_rsa(&card.tbs_certificate.signature) =>
        {
            s
        }
        _ => return failed(IssuerFailure::BadSignature),
    };

    let aki = cert::authority_key_id(card);
    let tbs_hash = Sha256::digest(&parsed.tbs_original);
    let verified: Vec<&TrustAnchor> = same_dn
        .into_iter()
        .filter(|a| key_ids_agree(aki.as_deref(), a))
        .filter(|a| {
            a.rsa_key()
                .is_some_and(|k| k.verify(Pkcs1v15Sign::new::<Sha256>(), &tbs_hash, sig).is_ok())
        })
        .collect();
    conclude(&verified, card, now_unix)
}

/// The issuer check's verdict once the anchors whose key verifies the card certificate are known:
/// exactly one, a CA, whose life the card's validity fits. Shared by both generations, so the
/// acceptance rules cannot drift apart.
pub(crate) fn conclude(verified: &[&TrustAnchor], card: &x509_cert::Certificate, now_unix: i64) -> IssuerCheck {
    let anchor = match verified {
        [] => return failed(IssuerFailure::BadSignature),
        [one] => *one,
        _ => return failed(IssuerFailure::AmbiguousIssuer),
    };
    if !anchor.is_ca() {
        return failed(IssuerFailure::AnchorNotCa);
    }
    if !issued_within_anchor_life(card, anchor) {
        return failed(IssuerFailure::OutsideAnchorValidity);
    }
    IssuerCheck::Ok { anchor: anchor.info(), validity: validity_report(card, anchor, now_unix) }
}

/// Validity of the card certificate and its anchor at `now_unix`: reported, never failing the
/// check (gen1-chip.md §8.2 step 4).
fn validity_report(card: &x509_cert::Certificate, anchor: &TrustAnchor, now_unix: i64) -> ValidityReport {
    let (card_not_before, card_not_after) = cert::validity(card);
    ValidityReport {
        card_not_before,
        card_not_after,
        anchor_not_before: anchor.not_before(),
        anchor_not_after: anchor.not_after(),
        card_in_date: card_not_before <= now_unix && now_unix <= card_not_after,
        anchor_in_date: anchor.in_date(now_unix),
    }
}

/// The card certificate's validity overlaps its anchor's and does not start after the anchor
/// ended ([`IssuerFailure::OutsideAnchorValidity`]).
fn issued_within_anchor_life(card: &x509_cert::Certificate, anchor: &TrustAnchor) -> bool {
    let (card_not_before, card_not_after) = cert::validity(card);
    card_not_before <= anchor.not_after() && card_not_after >= anchor.not_before()
}

/// An anchor is a candidate for a certificate when the key identifiers agree, or either is absent.
pub(crate) fn key_ids_agree(aki: Option<&[u8]>, anchor: &TrustAnchor) -> bool {
    match (aki, anchor.ski()) {
        (Some(aki), Some(ski)) => aki == ski,
        _ => true,
    }
}
