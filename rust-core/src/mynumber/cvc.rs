//! The card-side signatures of the card-face and input-helper APs (mynumber-chip.md §4.3, §5):
//! a card-verifiable certificate (EF `0004`) signed by a CA key the card does not carry, whose
//! key in turn signs the data records. Parsing is `myna_card`'s (after [`super::guard`]); the
//! RSA checks are ours, on the RustCrypto generation the rest of the core uses.

use rsa::{BigUint, Pkcs1v15Sign, RsaPublicKey};
use sha2::{Digest, Sha256};

use super::guard;
use super::trust::MyNumberTrust;

/// Why a signature check failed. Stable codes (`as_str`) for JSON and the result screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureFailure {
    /// EF `0004` is not a card-verifiable certificate of the known shape.
    CertificateUnreadable,
    /// Its 証明者鍵ID is neither in the pinned table nor among the given test keys.
    UnknownCa,
    /// The CA key does not verify the certificate.
    CertificateSignatureInvalid,
    /// The record's signature (`DF28`, `DF33`) does not verify under the certified key.
    SignatureInvalid,
    /// A digest in the integrity record does not match the file it covers (`DF32`).
    DigestMismatch,
    /// `DF31` does not match the 個人番号 file.
    MyNumberDigestMismatch,
    /// The signed record is not readable.
    RecordUnreadable,
}

impl SignatureFailure {
    pub fn as_str(self) -> &'static str {
        match self {
            SignatureFailure::CertificateUnreadable => "certificate_unreadable",
            SignatureFailure::UnknownCa => "unknown_ca",
            SignatureFailure::CertificateSignatureInvalid => "certificate_signature_invalid",
            SignatureFailure::SignatureInvalid => "signature_invalid",
            SignatureFailure::DigestMismatch => "digest_mismatch",
            SignatureFailure::MyNumberDigestMismatch => "my_number_digest_mismatch",
            SignatureFailure::RecordUnreadable => "record_unreadable",
        }
    }
}

/// A verified card-verifiable certificate: the key it certifies and what vouched for it.
#[derive(Clone)]
pub struct CertifiedKey {
    pub key: RsaPublicKey,
    /// `6000023/001`-style label of the CA key (public).
    pub ca_key_id: String,
    /// The CA key was given by the caller for tests.
    pub test_anchor: bool,
}

fn rsa_key(k: &myna_card::RsaPublicKey) -> Option<RsaPublicKey> {
    RsaPublicKey::new(BigUint::from_bytes_be(&k.modulus), BigUint::from_bytes_be(&k.exponent)).ok()
}

/// PKCS#1 v1.5 with a SHA-256 DigestInfo over `message`.
pub fn verify_sha256(key: &RsaPublicKey, message: &[u8], signature: &[u8]) -> bool {
    key.verify(Pkcs1v15Sign::new::<Sha256>(), &Sha256::digest(message), signature).is_ok()
}

/// Checks EF `0004` against the CA key its 証明者鍵ID names.
pub fn check_certificate(cvc: &[u8], trust: &MyNumberTrust) -> Result<CertifiedKey, SignatureFailure> {
    if !guard::cvc(cvc) {
        return Err(SignatureFailure::CertificateUnreadable);
    }
    let c = myna_card::CardVerifiableCertificate::parse(cvc).map_err(|_| SignatureFailure::CertificateUnreadable)?;
    let ca = trust.cvc_key(c.issuer_key_id.as_bytes()).ok_or(SignatureFailure::UnknownCa)?;
    if !verify_sha256(&ca.key, &c.signed_data, &c.signature) {
        return Err(SignatureFailure::CertificateSignatureInvalid);
    }
    let key = rsa_key(&c.public_key).ok_or(SignatureFailure::CertificateUnreadable)?;
    Ok(CertifiedKey { key, ca_key_id: super::trust::key_id_label(c.issuer_key_id.as_bytes()), test_anchor: ca.test })
}

/// `DF28` of the card-face record: one DigestInfo (SHA-256 OID) holding the three SHA-256
/// digests of (DF22‖DF23‖DF24), (DF25‖DF26), (DF27) — 96 bytes — signed with PKCS#1 v1.5.
pub fn check_card_face(segments: &[Vec<u8>; 3], signature: &[u8], key: &RsaPublicKey) -> bool {
    let mut digests = Vec::with_capacity(96);
    for s in segments {
        digests.extend_from_slice(&Sha256::digest(s));
    }
    let info = myna_card::data::sha256_digest_info(&digests);
    key.verify(Pkcs1v15Sign::new_unprefixed(), &info, signature).is_ok()
}
