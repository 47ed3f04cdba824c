//! Tamper check (改ざん検証), first generation (gen1-chip.md §8.1).
//!
//! `EM = DA^e mod n` under the card certificate's RSA-2048 key, over
//! `H = SHA-256(D0 value ‖ D1 value)` with both values exactly as read (padding included).
//! EM is inspected so that "not a valid layout under this key" (`BadSignature`) and "valid layout,
//! other hash" (`HashMismatch`) can be told apart; an `Ok` is then confirmed independently with
//! `rsa`'s PKCS#1 v1.5 verifier for the same layout.

use rsa::traits::PublicKeyParts;
use rsa::{BigUint, Pkcs1v15Sign, RsaPublicKey};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::cert;
use super::{SignatureLayout, TamperCheck, TamperFailure};

/// Check code length: one RSA-2048 block.
pub const CHECK_CODE_LEN: usize = 256;

/// DigestInfo prefix for SHA-256 (layout B).
const DIGEST_INFO_SHA256: [u8; 19] = [
    0x30, 0x31, 0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
    0x00, 0x04, 0x20,
];

/// Runs the tamper check. `front` and `face` are the full `D0`/`D1` values as read (hashed as
/// given), `check_code` the `DA` value, `certificate` the whole `DB` value (DER + `00` fill).
pub fn check_tamper_gen1(front: &[u8], face: &[u8], check_code: &[u8], certificate: &[u8]) -> TamperCheck {
    let result = run(front, face, check_code, certificate);
    match &result {
        TamperCheck::Ok { layout } => log::info!("tamper check: ok ({layout:?})"),
        TamperCheck::Failed { reason } => log::warn!("tamper check: failed ({reason:?})"),
        TamperCheck::Absent => log::info!("tamper check: absent"),
    }
    result
}

fn failed(reason: TamperFailure) -> TamperCheck {
    TamperCheck::Failed { reason }
}

fn run(front: &[u8], face: &[u8], check_code: &[u8], certificate: &[u8]) -> TamperCheck {
    if is_blank(check_code) || is_blank(certificate) {
        return failed(TamperFailure::MissingSignature);
    }
    let parsed = match cert::parse_db_value(certificate) {
        Ok(p) => p,
        Err(_) => return failed(TamperFailure::CertificateUnreadable),
    };
    let key = match cert::rsa_key(&parsed.cert) {
        Some(k) if k.n().bits() == 2048 => k,
        _ => return failed(TamperFailure::UnexpectedKey),
    };
    if check_code.len() != CHECK_CODE_LEN {
        return failed(TamperFailure::BadSignature);
    }

    let mut hasher = Sha256::new();
    hasher.update(front);
    hasher.update(face);
    let h: [u8; 32] = hasher.finalize().into();

    match classify(&key, check_code, &h) {
        Classified::Match(layout) => {
            // Independent confirmation with the rsa crate's verifier for the layout found.
            let scheme = match layout {
                SignatureLayout::RawHash => Pkcs1v15Sign::new_unprefixed(),
                SignatureLayout::DigestInfo => Pkcs1v15Sign::new::<Sha256>(),
                // classify() only yields the two RSA layouts.
                SignatureLayout::EcdsaRaw | SignatureLayout::EcdsaDer => return failed(TamperFailure::BadSignature),
            };
            if key.verify(scheme, &h, check_code).is_ok() {
                TamperCheck::Ok { layout }
            } else {
                log::error!("tamper check: EM inspection and PKCS#1 verifier disagree");
                failed(TamperFailure::BadSignature)
            }
        }
        Classified::OtherHash => failed(TamperFailure::HashMismatch),
        Classified::NoLayout => failed(TamperFailure::BadSignature),
    }
}

/// Empty or all `00`: not a check code / certificate.
fn is_blank(v: &[u8]) -> bool {
    v.iter().all(|&b| b == 0)
}

enum Classified {
    Match(SignatureLayout),
    OtherHash,
    NoLayout,
}

/// Raw public operation, then the layout of EM and the hash in it (constant-time comparison).
fn classify(key: &RsaPublicKey, check_code: &[u8], h: &[u8; 32]) -> Classified {
    let s = BigUint::from_bytes_be(check_code);
    if &s >= key.n() {
        return Classified::NoLayout;
    }
    // The raw public operation (what `rsa`'s hazmat `rsa_encrypt` does): EM = s^e mod n.
    let m = s.modpow(key.e(), key.n()).to_bytes_be();
    if m.len() > CHECK_CODE_LEN {
        return Classified::NoLayout;
    }
    let mut em = [0u8; CHECK_CODE_LEN];
    em[CHECK_CODE_LEN - m.len()..].copy_from_slice(&m);

    let Some(layout) = layout_of(&em) else {
        return Classified::NoLayout;
    };
    if bool::from(em[CHECK_CODE_LEN - 32..].ct_eq(h)) {
        Classified::Match(layout)
    } else {
        Classified::OtherHash
    }
}

/// Which layout EM has, ignoring the hash bytes (the last 32).
/// A: `00 01 FF×221 00 ‖ H`; B: `00 01 FF×202 00 ‖ DigestInfo(19) ‖ H`.
pub(crate) fn layout_of(em: &[u8; CHECK_CODE_LEN]) -> Option<SignatureLayout> {
    if em[0] != 0x00 || em[1] != 0x01 {
        return None;
    }
    let ff_then_zero = |ff_count: usize| {
        em[2..2 + ff_count].iter().all(|&b| b == 0xFF) && em[2 + ff_count] == 0x00
    };
    if ff_then_zero(221) {
        return Some(SignatureLayout::RawHash);
    }
    if ff_then_zero(202) && em[205..224] == DIGEST_INFO_SHA256 {
        return Some(SignatureLayout::DigestInfo);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn em_a() -> [u8; 256] {
        let mut em = [0xFFu8; 256];
        em[0] = 0;
        em[1] = 1;
        em[223] = 0;
        em[224..].fill(0xAB);
        em
    }

    fn em_b() -> [u8; 256] {
        let mut em = [0xFFu8; 256];
        em[0] = 0;
        em[1] = 1;
        em[204] = 0;
        em[205..224].copy_from_slice(&DIGEST_INFO_SHA256);
        em[224..].fill(0xAB);
        em
    }

    #[test]
    fn layouts_are_recognised_exactly() {
        assert_eq!(layout_of(&em_a()), Some(SignatureLayout::RawHash));
        assert_eq!(layout_of(&em_b()), Some(SignatureLayout::DigestInfo));
        let mut e = em_a();
        e[1] = 2;
        assert_eq!(layout_of(&e), None);
        let mut e = em_a();
        e[100] = 0xFE;
        assert_eq!(layout_of(&e), None);
        let mut e = em_a();
        e[223] = 1;
        assert_eq!(layout_of(&e), None);
        let mut e = em_b();
        e[210] ^= 1;
        assert_eq!(layout_of(&e), None);
        let mut e = em_b();
        e[0] = 1;
        assert_eq!(layout_of(&e), None);
    }

    #[test]
    fn missing_or_unreadable_inputs_fail() {
        let f = |r| TamperCheck::Failed { reason: r };
        assert_eq!(check_tamper_gen1(&[], &[], &[], &[]), f(TamperFailure::MissingSignature));
        assert_eq!(check_tamper_gen1(&[1], &[1], &[0; 256], &[0; 1200]), f(TamperFailure::MissingSignature));
        assert_eq!(check_tamper_gen1(&[1], &[1], &[1; 256], &[0; 1200]), f(TamperFailure::MissingSignature));
        assert_eq!(
            check_tamper_gen1(&[1], &[1], &[1; 256], &[0x30, 0x00, 0x05]),
            f(TamperFailure::CertificateUnreadable)
        );
    }
}
