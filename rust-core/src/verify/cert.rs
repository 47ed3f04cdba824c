//! Tolerant X.509 reading for the card certificate (`DB`) and the trust anchors
//! (gen1-chip.md §8.2 step 1): strict DER first, then BER normalised to DER; the signed bytes are
//! always the TBSCertificate exactly as stored. Nothing here logs certificate contents.

use der::asn1::ObjectIdentifier;
use der::{Decode, Encode};
use rsa::{BigUint, RsaPublicKey};
use spki::AlgorithmIdentifierOwned;
use x509_cert::ext::pkix::{AuthorityKeyIdentifier, BasicConstraints, KeyUsage, SubjectKeyIdentifier};
use x509_cert::Certificate;

use super::ber;

pub(crate) const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
pub(crate) const SHA256_WITH_RSA: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.11");

/// A certificate read from stored bytes.
#[derive(Debug, Clone)]
pub(crate) struct ParsedCert {
    /// The certificate as parsed (from DER, or from the DER normalisation of a BER encoding).
    pub cert: Certificate,
    /// The TBSCertificate bytes exactly as stored: what the issuer signed.
    pub tbs_original: Vec<u8>,
    /// True when strict DER failed and the BER normalisation was needed.
    pub was_ber: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CertError {
    /// Not DER/BER X.509 (or not exactly one certificate).
    Unreadable,
    /// Non-zero bytes after the certificate in the `DB` value.
    TrailingGarbage,
}

/// Reads the certificate out of a `DB` value (DER + `00` fill).
pub(crate) fn parse_db_value(db_value: &[u8]) -> Result<ParsedCert, CertError> {
    let bytes = ber::extract_certificate(db_value).map_err(|e| match e {
        ber::ExtractError::BadHeader => CertError::Unreadable,
        ber::ExtractError::TrailingGarbage => CertError::TrailingGarbage,
    })?;
    parse_exact(bytes)
}

/// Reads bytes that must be exactly one certificate.
pub(crate) fn parse_exact(bytes: &[u8]) -> Result<ParsedCert, CertError> {
    let tbs_original = original_tbs(bytes).ok_or(CertError::Unreadable)?.to_vec();
    if let Ok(cert) = Certificate::from_der(bytes) {
        return Ok(ParsedCert { cert, tbs_original, was_ber: false });
    }
    let normalised = ber::normalise_to_der(bytes).ok_or(CertError::Unreadable)?;
    let cert = Certificate::from_der(&normalised).map_err(|_| CertError::Unreadable)?;
    Ok(ParsedCert { cert, tbs_original, was_ber: true })
}

/// The first element of the outer SEQUENCE, as stored; the outer SEQUENCE must have exactly three
/// elements (tbsCertificate, signatureAlgorithm, signatureValue).
fn original_tbs(bytes: &[u8]) -> Option<&[u8]> {
    let tlv = ber::read_tlv(bytes)?;
    if tlv.tag != [0x30] || tlv.total_len() != bytes.len() {
        return None;
    }
    let parts = ber::children(&bytes[tlv.header_len..])?;
    if parts.len() != 3 || ber::read_tlv(parts[0])?.tag != [0x30] {
        return None;
    }
    Some(parts[0])
}

/// Parameters of an RSA algorithm identifier: absent or NULL (both seen in the wild).
fn null_or_absent(alg: &AlgorithmIdentifierOwned) -> bool {
    alg.parameters.as_ref().is_none_or(|p| p.is_null())
}

/// `sha256WithRSAEncryption`, with NULL or absent parameters.
pub(crate) fn is_sha256_with_rsa(alg: &AlgorithmIdentifierOwned) -> bool {
    alg.oid == SHA256_WITH_RSA && null_or_absent(alg)
}

/// The RSA public key of a certificate; `None` when the key is not RSA or not well formed.
pub(crate) fn rsa_key(cert: &Certificate) -> Option<RsaPublicKey> {
    let spki = &cert.tbs_certificate.subject_public_key_info;
    if spki.algorithm.oid != RSA_ENCRYPTION || !null_or_absent(&spki.algorithm) {
        return None;
    }
    let bits = spki.subject_public_key.as_bytes()?;
    let from = |der: &[u8]| -> Option<RsaPublicKey> {
        let k = rsa::pkcs1::RsaPublicKey::from_der(der).ok()?;
        RsaPublicKey::new(
            BigUint::from_bytes_be(k.modulus.as_bytes()),
            BigUint::from_bytes_be(k.public_exponent.as_bytes()),
        )
        .ok()
    };
    from(bits).or_else(|| from(&ber::normalise_to_der(bits)?))
}

/// The signature value's bytes (BIT STRING with no unused bits).
pub(crate) fn signature_bytes(cert: &Certificate) -> Option<&[u8]> {
    cert.signature.as_bytes()
}

/// `notBefore`, `notAfter` as Unix seconds.
pub(crate) fn validity(cert: &Certificate) -> (i64, i64) {
    let v = &cert.tbs_certificate.validity;
    let secs = |d: std::time::Duration| i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
    (secs(v.not_before.to_unix_duration()), secs(v.not_after.to_unix_duration()))
}

/// DER of a name, for byte-exact comparison.
pub(crate) fn name_der(name: &x509_cert::name::Name) -> Option<Vec<u8>> {
    name.to_der().ok()
}

/// One extension of type `T`: `Ok(None)` when absent, `Err(())` when duplicated or undecodable
/// (BER inside the extension value is normalised before giving up).
pub(crate) fn extension<T>(cert: &Certificate) -> Result<Option<T>, ()>
where
    T: for<'a> Decode<'a> + der::oid::AssociatedOid,
{
    let mut found = None;
    for ext in cert.tbs_certificate.extensions.as_deref().unwrap_or(&[]) {
        if ext.extn_id != T::OID {
            continue;
        }
        if found.is_some() {
            return Err(());
        }
        let raw = ext.extn_value.as_bytes();
        let v = match T::from_der(raw) {
            Ok(v) => v,
            Err(_) => {
                let n = ber::normalise_to_der(raw).ok_or(())?;
                T::from_der(&n).map_err(|_| ())?
            }
        };
        found = Some(v);
    }
    Ok(found)
}

/// The authority key identifier's keyIdentifier, when present and readable. A hint only: an
/// unreadable AKI is treated as absent (the signature decides).
pub(crate) fn authority_key_id(cert: &Certificate) -> Option<Vec<u8>> {
    extension::<AuthorityKeyIdentifier>(cert)
        .ok()
        .flatten()
        .and_then(|a| a.key_identifier)
        .map(|k| k.as_bytes().to_vec())
}

/// The subject key identifier, when present and readable.
pub(crate) fn subject_key_id(cert: &Certificate) -> Option<Vec<u8>> {
    extension::<SubjectKeyIdentifier>(cert).ok().flatten().map(|s| s.0.as_bytes().to_vec())
}

/// A CA certificate: BasicConstraints present with CA TRUE, and KeyUsage, when present, has
/// keyCertSign. Unreadable or duplicated extensions count as "not a CA".
pub(crate) fn is_ca(cert: &Certificate) -> bool {
    let bc_ok = matches!(extension::<BasicConstraints>(cert), Ok(Some(bc)) if bc.ca);
    let ku_ok = match extension::<KeyUsage>(cert) {
        Ok(None) => true,
        Ok(Some(ku)) => ku.key_cert_sign(),
        Err(()) => false,
    };
    bc_ok && ku_ok
}

/// Lower-case hex.
pub(crate) fn hex_lower(bytes: &[u8]) -> String {
    const D: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        s.push(D[(b >> 4) as usize] as char);
        s.push(D[(b & 15) as usize] as char);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arbitrary_sequences_are_unreadable() {
        assert_eq!(parse_db_value(&[]).err(), Some(CertError::Unreadable));
        assert_eq!(parse_db_value(&[0u8; 1200]).err(), Some(CertError::Unreadable));
        assert_eq!(parse_db_value(&[0x30, 0x00]).err(), Some(CertError::Unreadable));
        assert_eq!(
            parse_db_value(&[0x30, 0x09, 0x30, 0x01, 0x00, 0x30, 0x00, 0x03, 0x01, 0x00, 0x00]).err(),
            Some(CertError::Unreadable)
        );
        assert_eq!(parse_db_value(&[0x30, 0x00, 0x01]).err(), Some(CertError::TrailingGarbage));
    }

    #[test]
    fn hex() {
        assert_eq!(hex_lower(&[0x00, 0x9f, 0xff]), "009fff");
    }
}

pub(crate) const EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
pub(crate) const SECP384R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");
pub(crate) const ECDSA_WITH_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");

/// The certificate's key when it is an EC key on P-384 (second generation), else `None`.
pub(crate) fn p384_key(cert: &Certificate) -> Option<p384::ecdsa::VerifyingKey> {
    let spki = &cert.tbs_certificate.subject_public_key_info;
    if spki.algorithm.oid != EC_PUBLIC_KEY {
        return None;
    }
    let curve: ObjectIdentifier = spki.algorithm.parameters.as_ref()?.decode_as().ok()?;
    if curve != SECP384R1 {
        return None;
    }
    p384::ecdsa::VerifyingKey::from_sec1_bytes(spki.subject_public_key.as_bytes()?).ok()
}

/// `ecdsa-with-SHA256`. Its parameters must be absent; an explicit NULL is tolerated because one
/// implementation reports it on real cards (gen2-chip.md §7, unconfirmed).
pub(crate) fn is_ecdsa_with_sha256(alg: &AlgorithmIdentifierOwned) -> bool {
    alg.oid == ECDSA_WITH_SHA256 && null_or_absent(alg)
}

/// KeyUsage, when present, allows digital signatures; an unreadable KeyUsage does not.
pub(crate) fn allows_digital_signature(cert: &Certificate) -> bool {
    match extension::<KeyUsage>(cert) {
        Ok(None) => true,
        Ok(Some(ku)) => ku.digital_signature(),
        Err(()) => false,
    }
}
