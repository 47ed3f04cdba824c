//! ISA's RSA delivery key (RSA配送鍵), the public key SET SESSION KEY enciphers the session seed to
//! (gen2-chip.md §9). It is public material, **not a trust anchor**: a wrong key cannot make a
//! forged card look genuine (authenticity comes from the CA2 signature), it only makes the card
//! refuse the key delivery. It is still pinned, so that a swapped file is noticed and reported,
//! and it is never read from the card.
//!
//! The official file is `keys_smrsapub_001.bin` inside `001462222.zip`; its format is not known
//! here (gen2-chip.md §9: "File format of the `.bin` is unknown"). The loader therefore accepts
//! the forms a public RSA key is usually published in, and two guesses from the same chip platform
//! (see [`KeyFileFormat`]); whichever form the pinned file turns out to be, the pin is over the
//! file bytes, so a guess can never accept a different key under the official name.

use std::path::Path;

use rsa::pkcs1::DecodeRsaPublicKey;
use rsa::pkcs8::DecodePublicKey;
use rsa::traits::PublicKeyParts;
use rsa::{BigUint, RsaPublicKey};
use sha2::{Digest, Sha256};

use crate::chip::specified::PARAMS;
use crate::tlv;
use crate::verify::pem;

/// File name of ISA's delivery key inside `001462222.zip`, and what the trust directory holds.
pub const ISA_DELIVERY_KEY_FILE: &str = "keys_smrsapub_001.bin";
/// SHA-256 of `keys_smrsapub_001.bin` as recorded in gen2-chip.md §9 (from the eringoio
/// transcription's manifest; not yet checked against the official download).
pub const ISA_DELIVERY_KEY_SHA256: &str = "98bf7014e478241f7943fc1a76c38b6c7bda4da9a927d106ae9ab8a1ad684d0a";
/// The official zip and its SHA-256 (gen2-chip.md §9), for `scripts/fetch-trust-anchors.sh`.
pub const ISA_DELIVERY_ZIP: &str = "001462222.zip";
pub const ISA_DELIVERY_ZIP_SHA256: &str = "05a19a2d2685a25a889f1289532734127d16037519ddf8a6d9e4ed393a221d8b";

/// Largest key file read: a 2048-bit key in any of the forms is well under 2 KiB.
const MAX_KEY_FILE: u64 = 16 * 1024;

/// Where a delivery key came from, for `--verbose` and the docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryKeyKind {
    /// The file's SHA-256 is [`ISA_DELIVERY_KEY_SHA256`]: ISA's published key.
    Isa,
    /// Any other key (our software card's test key, ISA's test key for sample cards, a user's
    /// file). It works only with a card holding the matching private key.
    Other,
}

/// How the file encoded the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyFileFormat {
    /// DER SubjectPublicKeyInfo (`-----BEGIN PUBLIC KEY-----` when PEM).
    Spki,
    /// DER PKCS#1 RSAPublicKey (`-----BEGIN RSA PUBLIC KEY-----` when PEM).
    Pkcs1,
    /// `[A1 L] 90 L e 91 L n`: the layout of the input-helper AP's own SET SESSION KEY key
    /// (EF `0006`, mynumber-chip.md §4.1) and of the CVC key fields — a **guess** for ISA's `.bin`.
    ChipTlv,
    /// Exactly 256 bytes: the bare modulus with e = 65537 — a **guess** for ISA's `.bin`.
    RawModulus,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeliveryKeyError {
    #[error("the delivery key file could not be read ({0})")]
    Io(String),
    #[error("the delivery key file is larger than {MAX_KEY_FILE} bytes")]
    TooLarge,
    #[error("not an RSA public key in a known format (DER/PEM SubjectPublicKeyInfo or PKCS#1, or ISA's file)")]
    Unrecognised,
    #[error("the delivery key is not a {0}-bit RSA key")]
    WrongSize(usize),
}

/// A loaded delivery key. Public data: its fingerprint and label may be shown and logged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryKey {
    key: RsaPublicKey,
    file_sha256: [u8; 32],
    kind: DeliveryKeyKind,
    format: KeyFileFormat,
    label: String,
}

impl DeliveryKey {
    /// Parses a key file's bytes. `label` names it in reports (a file name, "built-in test key").
    pub fn from_bytes(bytes: &[u8], label: &str) -> Result<Self, DeliveryKeyError> {
        let file_sha256: [u8; 32] = Sha256::digest(bytes).into();
        let (key, format) = parse(bytes).ok_or(DeliveryKeyError::Unrecognised)?;
        let bits = PARAMS.delivery_modulus_bytes * 8;
        if key.size() != PARAMS.delivery_modulus_bytes || key.n().bits() != bits {
            return Err(DeliveryKeyError::WrongSize(bits));
        }
        let kind = if hex_lower(&file_sha256) == ISA_DELIVERY_KEY_SHA256 {
            DeliveryKeyKind::Isa
        } else {
            DeliveryKeyKind::Other
        };
        Ok(DeliveryKey { key, file_sha256, kind, format, label: label.to_owned() })
    }

    /// `--delivery-key FILE`.
    pub fn from_file(path: &Path) -> Result<Self, DeliveryKeyError> {
        use std::io::Read;
        let f = std::fs::File::open(path).map_err(|e| DeliveryKeyError::Io(e.kind().to_string()))?;
        let mut bytes = Vec::new();
        f.take(MAX_KEY_FILE + 1).read_to_end(&mut bytes).map_err(|e| DeliveryKeyError::Io(e.kind().to_string()))?;
        if bytes.len() as u64 > MAX_KEY_FILE {
            return Err(DeliveryKeyError::TooLarge);
        }
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        Self::from_bytes(&bytes, &name)
    }

    /// The installed key: [`ISA_DELIVERY_KEY_FILE`] in a trust directory (where
    /// `scripts/fetch-trust-anchors.sh` puts it). `None` when the directory has no such file; a
    /// file whose SHA-256 is not the pinned one is refused, so a replaced file is not used silently.
    pub fn from_trust_dir(dir: &Path) -> Option<Result<Self, DeliveryKeyError>> {
        let path = dir.join(ISA_DELIVERY_KEY_FILE);
        if !path.is_file() {
            return None;
        }
        Some(Self::from_file(&path).and_then(|k| match k.kind {
            DeliveryKeyKind::Isa => Ok(k),
            DeliveryKeyKind::Other => Err(DeliveryKeyError::Io(format!(
                "{ISA_DELIVERY_KEY_FILE} does not have the pinned SHA-256 {ISA_DELIVERY_KEY_SHA256}"
            ))),
        }))
    }

    pub fn public_key(&self) -> &RsaPublicKey {
        &self.key
    }
    pub fn kind(&self) -> DeliveryKeyKind {
        self.kind
    }
    pub fn format(&self) -> KeyFileFormat {
        self.format
    }
    pub fn label(&self) -> &str {
        &self.label
    }
    /// SHA-256 of the file as loaded, lower-case hex (what the pin compares).
    pub fn file_sha256_hex(&self) -> String {
        hex_lower(&self.file_sha256)
    }
}

fn parse(bytes: &[u8]) -> Option<(RsaPublicKey, KeyFileFormat)> {
    if pem::looks_like_pem(bytes) {
        if let Some(der) = pem::decode_block(bytes, "PUBLIC KEY") {
            return RsaPublicKey::from_public_key_der(&der).ok().map(|k| (k, KeyFileFormat::Spki));
        }
        let der = pem::decode_block(bytes, "RSA PUBLIC KEY")?;
        return RsaPublicKey::from_pkcs1_der(&der).ok().map(|k| (k, KeyFileFormat::Pkcs1));
    }
    if let Ok(k) = RsaPublicKey::from_public_key_der(bytes) {
        return Some((k, KeyFileFormat::Spki));
    }
    if let Ok(k) = RsaPublicKey::from_pkcs1_der(bytes) {
        return Some((k, KeyFileFormat::Pkcs1));
    }
    if let Some(k) = chip_tlv(bytes) {
        return Some((k, KeyFileFormat::ChipTlv));
    }
    if bytes.len() == PARAMS.delivery_modulus_bytes && bytes[0] & 0x80 != 0 {
        let k = RsaPublicKey::new(BigUint::from_bytes_be(bytes), BigUint::from(65_537u32)).ok()?;
        return Some((k, KeyFileFormat::RawModulus));
    }
    None
}

/// `A1 { 90 e, 91 n }` or the bare `90 e 91 n` pair, nothing after it but `00`/`FF` filler.
fn chip_tlv(bytes: &[u8]) -> Option<RsaPublicKey> {
    let inner = match tlv::parse_one(bytes) {
        Ok((obj, used)) if obj.tag == 0xA1 && filler(&bytes[used..]) => obj.value,
        _ => bytes,
    };
    let (e, used_e) = tlv::parse_one(inner).ok()?;
    let (n, used_n) = tlv::parse_one(inner.get(used_e..)?).ok()?;
    if e.tag != 0x90 || n.tag != 0x91 || !filler(&inner[used_e + used_n..]) || e.value.len() > 8 {
        return None;
    }
    RsaPublicKey::new(BigUint::from_bytes_be(n.value), BigUint::from_bytes_be(e.value)).ok()
}

fn hex_lower(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn filler(rest: &[u8]) -> bool {
    rest.iter().all(|b| *b == 0x00 || *b == 0xFF)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::softcard::fixtures::specified::{DELIVERY_OTHER_PUB_DER, DELIVERY_TEST_PUB_DER, DELIVERY_TEST_PUB_PEM};
    use rsa::pkcs1::EncodeRsaPublicKey;

    #[test]
    fn reads_every_supported_form_of_the_same_key() {
        let spki = DeliveryKey::from_bytes(DELIVERY_TEST_PUB_DER, "test").unwrap();
        assert_eq!((spki.format(), spki.kind()), (KeyFileFormat::Spki, DeliveryKeyKind::Other));
        let pem = DeliveryKey::from_bytes(DELIVERY_TEST_PUB_PEM, "test").unwrap();
        assert_eq!(pem.public_key(), spki.public_key());
        let pkcs1 = spki.public_key().to_pkcs1_der().unwrap();
        let k = DeliveryKey::from_bytes(pkcs1.as_bytes(), "pkcs1").unwrap();
        assert_eq!((k.format(), k.public_key()), (KeyFileFormat::Pkcs1, spki.public_key()));
        let n = spki.public_key().n().to_bytes_be();
        let mut chip = vec![0xA1, 0x82, 0x01, 0x09, 0x90, 0x03, 0x01, 0x00, 0x01, 0x91, 0x82, 0x01, 0x00];
        chip.extend_from_slice(&n);
        let k = DeliveryKey::from_bytes(&chip, "tlv").unwrap();
        assert_eq!((k.format(), k.public_key()), (KeyFileFormat::ChipTlv, spki.public_key()));
        let k = DeliveryKey::from_bytes(&n, "raw").unwrap();
        assert_eq!((k.format(), k.public_key()), (KeyFileFormat::RawModulus, spki.public_key()));
        assert_ne!(DeliveryKey::from_bytes(DELIVERY_OTHER_PUB_DER, "o").unwrap().public_key(), spki.public_key());
    }

    #[test]
    fn refuses_garbage_and_wrong_sizes() {
        assert_eq!(DeliveryKey::from_bytes(b"", "x").unwrap_err(), DeliveryKeyError::Unrecognised);
        assert_eq!(DeliveryKey::from_bytes(&[0x30; 300], "x").unwrap_err(), DeliveryKeyError::Unrecognised);
        assert_eq!(
            DeliveryKey::from_bytes(b"-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n", "x").unwrap_err(),
            DeliveryKeyError::Unrecognised
        );
        // A 1024-bit key in the chip layout.
        let mut short = vec![0x90, 0x03, 0x01, 0x00, 0x01, 0x91, 0x81, 0x80, 0xC1];
        short.extend_from_slice(&[0x55; 127]);
        assert_eq!(DeliveryKey::from_bytes(&short, "x").unwrap_err(), DeliveryKeyError::WrongSize(2048));
    }

    #[test]
    fn trust_dir_needs_the_pinned_file() {
        let dir = std::env::temp_dir().join(format!("zairyu-dk-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        assert!(DeliveryKey::from_trust_dir(&dir).is_none());
        std::fs::write(dir.join(ISA_DELIVERY_KEY_FILE), DELIVERY_TEST_PUB_DER).unwrap();
        let e = DeliveryKey::from_trust_dir(&dir).unwrap().unwrap_err();
        assert!(e.to_string().contains(ISA_DELIVERY_KEY_SHA256), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    proptest::proptest! {
        #[test]
        fn never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..600)) {
            let _ = DeliveryKey::from_bytes(&bytes, "p");
        }
    }
}
