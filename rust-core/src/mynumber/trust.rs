//! What a My Number check trusts: the J-LIS JPKI roots and the CVC CA keys compiled in, plus
//! anchors the caller gives for tests (reported `test_anchor`, never a production pass).
//!
//! JPKI roots: the six DER files `myna-card` 3.3.4 ships in `certs/` (authentication and signature
//! CA, generations 1–3), each pinned by the SHA-256 in mynumber-chip.md §6.2; a file whose hash
//! differs is not loaded. The `O=JPKI-TEST` roots are never compiled in.
//! CVC CA keys: `myna_card::ca::KNOWN`, production entries (証明者鍵ID beginning `5`) only, each
//! modulus pinned by SHA-256 here so that a crate update cannot change what we trust silently.
//! Provenance (spec §4.3): "CA key from the myna-card table, not published by J-LIS".

use rsa::{BigUint, RsaPublicKey};
use sha2::{Digest, Sha256};

use crate::verify::cert;

/// Where a key came from, shown next to a pass.
pub const CVC_PROVENANCE: &str = "CA key from the myna-card table, not published by J-LIS";

/// Production CVC CA keys: 証明者鍵ID number and SHA-256 of the modulus in `myna_card::ca`.
const PINNED_CVC: [(&[u8; 7], &str); 3] = [
    (b"5000020", "318ab4a79346bbd993d36d31a4d766f02a239f36b10bc323458242130f927a97"),
    (b"5000023", "bb96cc1dc6502005661961f0a45ed843d007c69e3ce167eceb6b1abd5333a932"),
    (b"5000033", "409655d477547d83cbe182385acb1ea83c9828eb6e5b8bba90957c339b5f30f7"),
];

const JPKI_ROOTS: [(&str, &[u8], &str); 6] = [
    ("J-LIS auth CA gen 1", include_bytes!("roots/authca01.cer"), "4dcfc4ca0aaf9fb2a3081b3f0c991c320b3acc008667a341eeaec5af1d58ca7d"),
    ("J-LIS auth CA gen 2", include_bytes!("roots/authca02.cer"), "0d98de47fc11b7f67126874b7028b6026a803d2638d6edfe53176953961fade6"),
    ("J-LIS auth CA gen 3", include_bytes!("roots/authca03.cer"), "64114f29620c24ed2631d46476a040e7ee740d956089c00b036a6a8118c322b5"),
    ("J-LIS sign CA gen 1", include_bytes!("roots/signca01.cer"), "19645405a1fe14377434bd55957628ac4038557c542403a2243f21c706fc9355"),
    ("J-LIS sign CA gen 2", include_bytes!("roots/signca02.cer"), "79679c33e4cc9319440f1ad120a597ff1844e2ef217063adb176966fd5e6fbeb"),
    ("J-LIS sign CA gen 3", include_bytes!("roots/signca03.cer"), "d227f6cde11d35c5252178f106f843d24651944975413b539fa2fb68dbfa365f"),
];

/// A CVC CA public key and whether it was given for tests.
#[derive(Clone)]
pub struct CvcCaKey {
    pub key_id: [u8; 16],
    pub key: RsaPublicKey,
    pub test: bool,
}

impl std::fmt::Debug for CvcCaKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CvcCaKey({}, test: {})", key_id_label(&self.key_id), self.test)
    }
}

/// The printable part of a 証明者鍵ID (`6000033/001`), for logs and results: public data.
pub fn key_id_label(id: &[u8; 16]) -> String {
    let part = |r: std::ops::Range<usize>| id[r].iter().map(|&b| if b.is_ascii_graphic() { b as char } else { '?' }).collect::<String>();
    format!("{}/{}", part(0..7), part(9..12))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TrustInputError {
    #[error("the key ID must be 32 hex digits")]
    BadKeyId,
    #[error("the modulus must be hex of an RSA key of 1024 to 4096 bits")]
    BadModulus,
    #[error("the exponent must be an odd number greater than 1")]
    BadExponent,
    #[error("not an X.509 certificate (DER or PEM)")]
    NotACertificate,
}

fn hex_bytes(s: &str) -> Option<Vec<u8>> {
    let s = s.trim();
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok()).collect()
}

impl CvcCaKey {
    /// A test key as the `--trust` JSON gives it (`key_id_hex`, `modulus_hex`, `exponent`).
    pub fn test_from_hex(key_id_hex: &str, modulus_hex: &str, exponent: u64) -> Result<Self, TrustInputError> {
        let key_id: [u8; 16] = hex_bytes(key_id_hex).and_then(|b| b.try_into().ok()).ok_or(TrustInputError::BadKeyId)?;
        let modulus = hex_bytes(modulus_hex).ok_or(TrustInputError::BadModulus)?;
        if exponent < 3 || exponent.is_multiple_of(2) {
            return Err(TrustInputError::BadExponent);
        }
        let key = RsaPublicKey::new(BigUint::from_bytes_be(&modulus), BigUint::from(exponent))
            .map_err(|_| TrustInputError::BadModulus)?;
        Ok(CvcCaKey { key_id, key, test: true })
    }

    fn from_table(entry: &myna_card::ca::CaKey, test: bool) -> Option<Self> {
        let key = RsaPublicKey::new(BigUint::from_bytes_be(entry.modulus), BigUint::from_bytes_be(entry.exponent)).ok()?;
        Some(CvcCaKey { key_id: *entry.key_id, key, test })
    }
}

/// The production CVC CA keys: the crate's table entries whose modulus hash is pinned above.
pub fn production_cvc_keys() -> Vec<CvcCaKey> {
    myna_card::ca::KNOWN
        .iter()
        .filter(|k| {
            PINNED_CVC.iter().any(|(id, hash)| {
                &k.key_id[..7] == *id && cert::hex_lower(&Sha256::digest(k.modulus)) == *hash
            })
        })
        .filter_map(|k| CvcCaKey::from_table(k, false))
        .collect()
}

/// The crate's test-hierarchy keys (証明者鍵ID `6…`), as test keys: for tests and for a user who
/// explicitly asks for them, never trusted by default.
pub fn myna_card_test_cvc_keys() -> Vec<CvcCaKey> {
    myna_card::ca::KNOWN.iter().filter(|k| k.key_id[0] == b'6').filter_map(|k| CvcCaKey::from_table(k, true)).collect()
}

/// A JPKI root. Public data: label, subject and fingerprint may be shown and logged.
#[derive(Debug, Clone)]
pub struct JpkiAnchor {
    pub label: String,
    pub test: bool,
    pub fingerprint: [u8; 32],
    pub(crate) subject_der: Vec<u8>,
    pub(crate) ski: Option<Vec<u8>>,
    pub(crate) key: Option<RsaPublicKey>,
    pub(crate) is_ca: bool,
    pub not_before: i64,
    pub not_after: i64,
}

impl JpkiAnchor {
    fn from_der(der: &[u8], label: &str, test: bool) -> Result<Self, TrustInputError> {
        let parsed = cert::parse_exact(der).map_err(|_| TrustInputError::NotACertificate)?;
        let c = &parsed.cert;
        let (not_before, not_after) = cert::validity(c);
        Ok(JpkiAnchor {
            label: label.to_owned(),
            test,
            fingerprint: Sha256::digest(der).into(),
            subject_der: cert::name_der(&c.tbs_certificate.subject).ok_or(TrustInputError::NotACertificate)?,
            ski: cert::subject_key_id(c),
            key: cert::rsa_key(c),
            is_ca: cert::is_ca(c),
            not_before,
            not_after,
        })
    }
}

/// Everything a My Number check trusts.
#[derive(Debug, Clone)]
pub struct MyNumberTrust {
    cvc: Vec<CvcCaKey>,
    roots: Vec<JpkiAnchor>,
}

impl Default for MyNumberTrust {
    /// The production set: pinned J-LIS roots and CVC CA keys.
    fn default() -> Self {
        let roots = JPKI_ROOTS
            .iter()
            .filter(|(label, der, hash)| {
                let ok = cert::hex_lower(&Sha256::digest(der)) == *hash;
                if !ok {
                    log::error!("JPKI root {label}: fingerprint differs from the pin; not loaded");
                }
                ok
            })
            .filter_map(|(label, der, _)| JpkiAnchor::from_der(der, label, false).ok())
            .collect();
        MyNumberTrust { cvc: production_cvc_keys(), roots }
    }
}

impl MyNumberTrust {
    /// Nothing trusted at all (tests of the refusal paths).
    pub fn empty() -> Self {
        MyNumberTrust { cvc: Vec::new(), roots: Vec::new() }
    }

    /// Adds a test X.509 root (DER or PEM): a pass resting on it reports `test_anchor`.
    pub fn add_test_root(&mut self, der_or_pem: &[u8], label: &str) -> Result<(), TrustInputError> {
        let der = if crate::verify::pem::looks_like_pem(der_or_pem) {
            let mut certs = crate::verify::pem::decode_certificates(der_or_pem).ok_or(TrustInputError::NotACertificate)?;
            if certs.len() != 1 {
                return Err(TrustInputError::NotACertificate);
            }
            certs.remove(0)
        } else {
            der_or_pem.to_vec()
        };
        let anchor = JpkiAnchor::from_der(&der, label, true)?;
        if !self.roots.iter().any(|a| a.fingerprint == anchor.fingerprint) {
            self.roots.push(anchor);
        }
        Ok(())
    }

    /// Adds a test CVC CA key. A key ID already present (production or test) is not replaced:
    /// a test key can never shadow a production one.
    pub fn add_test_cvc_key(&mut self, key: CvcCaKey) {
        let key = CvcCaKey { test: true, ..key };
        if !self.cvc.iter().any(|k| k.key_id == key.key_id) {
            self.cvc.push(key);
        }
    }

    pub fn cvc_key(&self, key_id: &[u8; 16]) -> Option<&CvcCaKey> {
        self.cvc.iter().find(|k| &k.key_id == key_id)
    }

    pub fn roots(&self) -> &[JpkiAnchor] {
        &self.roots
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn production_set_is_the_pinned_six_roots_and_three_keys() {
        let t = MyNumberTrust::default();
        assert_eq!(t.roots().len(), 6);
        assert!(t.roots().iter().all(|r| !r.test && r.is_ca && r.key.is_some()));
        let ids: Vec<String> = production_cvc_keys().iter().map(|k| key_id_label(&k.key_id)).collect();
        assert_eq!(ids, ["5000020/001", "5000023/001", "5000033/001"]);
        assert!(production_cvc_keys().iter().all(|k| !k.test));
        let test_ids: Vec<String> = myna_card_test_cvc_keys().iter().map(|k| key_id_label(&k.key_id)).collect();
        assert_eq!(test_ids, ["6000020/001", "6000023/001", "6000033/001"]);
        for k in myna_card_test_cvc_keys() {
            assert!(t.cvc_key(&k.key_id).is_none(), "test key trusted by default");
        }
    }

    #[test]
    fn test_keys_never_shadow_production() {
        let mut t = MyNumberTrust::default();
        let prod = production_cvc_keys().remove(0);
        let fake = CvcCaKey { test: true, ..myna_card_test_cvc_keys().remove(0) };
        t.add_test_cvc_key(CvcCaKey { key_id: prod.key_id, ..fake });
        assert!(!t.cvc_key(&prod.key_id).unwrap().test);
    }

    #[test]
    fn hex_key_input() {
        let m = format!("{}D", "C".repeat(511));
        let k = CvcCaKey::test_from_hex(&"36".repeat(16), &m, 65537).unwrap();
        assert!(k.test);
        assert_eq!(CvcCaKey::test_from_hex("3636", &m, 65537).unwrap_err(), TrustInputError::BadKeyId);
        assert_eq!(CvcCaKey::test_from_hex(&"36".repeat(16), "xyz", 65537).unwrap_err(), TrustInputError::BadModulus);
        assert_eq!(CvcCaKey::test_from_hex(&"36".repeat(16), &m, 4).unwrap_err(), TrustInputError::BadExponent);
    }
}
