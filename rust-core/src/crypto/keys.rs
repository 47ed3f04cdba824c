//! Key derivation (gen1-chip.md §5.2, §5.3 step 6; the same rules hold for the second generation).

use sha1::{Digest, Sha1};
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::number::CardNumber;

/// A 16-byte symmetric key: 2-key 3DES (K1‖K2) or AES-128. Zeroized on drop, redacted in `Debug`.
#[derive(Clone, Zeroize, ZeroizeOnDrop, PartialEq, Eq)]
pub struct Key16([u8; 16]);

impl Key16 {
    pub fn new(bytes: [u8; 16]) -> Self {
        Key16(bytes)
    }
    pub fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }
}

impl std::fmt::Debug for Key16 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Key16(<redacted>)")
    }
}

/// `Kenc = Kmac = SHA-1(card number as 12 ASCII bytes)[0..16]`.
pub fn access_key(number: &CardNumber) -> Key16 {
    let mut digest = Sha1::digest(number.as_bytes());
    let mut k = [0u8; 16];
    k.copy_from_slice(&digest[..16]);
    digest.as_mut_slice().zeroize();
    Key16(k)
}

/// `KSenc = SHA-1((K.IFD ⊕ K.ICC) ‖ 00 00 00 01)[0..16]`.
pub fn session_key(k_ifd: &Key16, k_icc: &Key16) -> Key16 {
    let mut input = [0u8; 20];
    for (i, b) in input.iter_mut().take(16).enumerate() {
        *b = k_ifd.0[i] ^ k_icc.0[i];
    }
    input[19] = 1;
    let mut digest = Sha1::digest(input);
    input.zeroize();
    let mut k = [0u8; 16];
    k.copy_from_slice(&digest[..16]);
    digest.as_mut_slice().zeroize();
    Key16(k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appendix2_access_key() {
        let n = CardNumber::parse("AA12345678BB").unwrap();
        assert_eq!(
            access_key(&n).as_bytes(),
            &hex16("6522B4E171195BB218223A976C040111")
        );
    }

    #[test]
    fn wrong_number_gives_other_key() {
        // gen1-chip.md §10, derived vector for AA12345678BC.
        let n = CardNumber::parse("AA12345678BC").unwrap();
        assert_eq!(access_key(&n).as_bytes(), &hex16("9FE97E7A780510EB55922418A1BB4EF6"));
    }

    #[test]
    fn appendix2_session_key() {
        let k_ifd = Key16(hex16("404142434445464748494A4B4C4D4E4F"));
        let k_icc = Key16(hex16("19D049490FFF52EEDBFCB930BC810ED0"));
        assert_eq!(session_key(&k_ifd, &k_icc).as_bytes(), &hex16("CE94938E19E3B97DF96EABCEDC1715CC"));
    }

    #[test]
    fn debug_is_redacted() {
        assert_eq!(format!("{:?}", Key16([0x41; 16])), "Key16(<redacted>)");
    }

    fn hex16(s: &str) -> [u8; 16] {
        hex::decode(s).unwrap().try_into().unwrap()
    }
}
