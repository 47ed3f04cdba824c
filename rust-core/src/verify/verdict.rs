//! The verdict for first-generation evidence (design.md "Verification never throws").
//!
//! | Evidence | tamper | issuer | verdict |
//! |---|---|---|---|
//! | signature `Absent`, no face (`None`, empty or all `00`) | `Absent` | `Absent` | `YoungHolder` |
//! | signature `Absent`, a face present | `Failed { MissingSignature }` | `Absent` | `Abnormal` |
//! | signature `Present` with `DA` and `DB` both blank (empty/all `00`) | treated as `Absent` (an under-16 form, gen1-chip.md §7.1) | | |
//! | signature `Present`, front or face missing | `Failed { MissingImage }` | checked | `Abnormal` |
//! | signature `Present`, images present | checked | checked | `Normal` iff both `Ok`, else `Abnormal` |
//!
//! The front image plays no part in the under-16 decision (it is not signed-or-absent evidence).

use super::trust::TrustStore;
use super::{
    check_issuer_gen1, check_tamper_gen1, Gen1Evidence, IssuerCheck, SignatureEvidence, TamperCheck,
    TamperFailure, Verdict, Verification,
};

fn blank(v: &[u8]) -> bool {
    v.iter().all(|&b| b == 0)
}

/// Runs both checks on first-generation evidence and derives the verdict.
pub fn verify_gen1(evidence: &Gen1Evidence<'_>, trust: &TrustStore, now_unix: i64) -> Verification {
    let signature = match evidence.signature {
        SignatureEvidence::Present { check_code, certificate } if blank(check_code) && blank(certificate) => {
            SignatureEvidence::Absent
        }
        s => s,
    };
    let (tamper, issuer) = match signature {
        SignatureEvidence::Absent => {
            if evidence.face.is_none_or(blank) {
                (TamperCheck::Absent, IssuerCheck::Absent)
            } else {
                (TamperCheck::Failed { reason: TamperFailure::MissingSignature }, IssuerCheck::Absent)
            }
        }
        SignatureEvidence::Present { check_code, certificate } => {
            let tamper = match (evidence.front, evidence.face) {
                (Some(front), Some(face)) => check_tamper_gen1(front, face, check_code, certificate),
                _ => {
                    log::warn!("tamper check: failed (MissingImage)");
                    TamperCheck::Failed { reason: TamperFailure::MissingImage }
                }
            };
            (tamper, check_issuer_gen1(certificate, trust, now_unix))
        }
    };
    let verdict = match (&tamper, &issuer) {
        (TamperCheck::Ok { .. }, IssuerCheck::Ok { .. }) => Verdict::Normal,
        (TamperCheck::Absent, IssuerCheck::Absent) => Verdict::YoungHolder,
        _ => Verdict::Abnormal,
    };
    log::info!("verification verdict: {verdict:?}");
    Verification { tamper, issuer, verdict }
}
