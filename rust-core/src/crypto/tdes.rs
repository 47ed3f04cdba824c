//! First-generation suite: 2-key Triple-DES in CBC mode with a zero IV, and the retail MAC
//! (ISO/IEC 9797-1 MAC algorithm 3, padding method 2). The retail MAC is written here over
//! `des::Des` because no RustCrypto crate of this trait generation provides it (gen1-chip.md §12).

use cbc::cipher::block_padding::NoPadding;
use cbc::cipher::{BlockDecrypt, BlockDecryptMut, BlockEncrypt, BlockEncryptMut, KeyInit, KeyIvInit};
use des::{Des, TdesEde2};
use zeroize::Zeroize;

use super::{pad_iso7816, CipherSuite, CryptoError, Key16};

pub struct Tdes;

impl CipherSuite for Tdes {
    const BLOCK: usize = 8;

    fn encrypt(key: &Key16, data: &[u8]) -> Result<Vec<u8>, CryptoError> {
        if data.len() % Self::BLOCK != 0 {
            return Err(CryptoError::BlockLength);
        }
        let enc = cbc::Encryptor::<TdesEde2>::new(key.as_bytes().into(), &[0u8; 8].into());
        Ok(enc.encrypt_padded_vec_mut::<NoPadding>(data))
    }

    fn decrypt(key: &Key16, data: &[u8]) -> Result<Vec<u8>, CryptoError> {
        if data.len() % Self::BLOCK != 0 {
            return Err(CryptoError::BlockLength);
        }
        let dec = cbc::Decryptor::<TdesEde2>::new(key.as_bytes().into(), &[0u8; 8].into());
        dec.decrypt_padded_vec_mut::<NoPadding>(data).map_err(|_| CryptoError::BlockLength)
    }

    fn mac(key: &Key16, data: &[u8]) -> [u8; 8] {
        retail_mac(key, data)
    }
}

/// ISO/IEC 9797-1 MAC algorithm 3 with padding method 2 and a zero IV: single-DES CBC under K1,
/// then the last block is decrypted under K2 and encrypted under K1.
pub fn retail_mac(key: &Key16, data: &[u8]) -> [u8; 8] {
    let k = key.as_bytes();
    let k1 = Des::new_from_slice(&k[..8]).expect("8-byte DES key");
    let k2 = Des::new_from_slice(&k[8..]).expect("8-byte DES key");
    let mut padded = pad_iso7816(data, 8);
    let mut state = [0u8; 8];
    for chunk in padded.chunks_exact(8) {
        for (s, d) in state.iter_mut().zip(chunk) {
            *s ^= d;
        }
        k1.encrypt_block((&mut state).into());
    }
    k2.decrypt_block((&mut state).into());
    k1.encrypt_block((&mut state).into());
    padded.zeroize();
    state
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(s: &str) -> Vec<u8> {
        hex::decode(s.replace(' ', "")).unwrap()
    }

    fn kenc() -> Key16 {
        Key16::new(h("6522B4E171195BB218223A976C040111").try_into().unwrap())
    }

    #[test]
    fn appendix2_e_ifd_and_m_ifd() {
        let plain = h("1122334455667788 5A6E7E385162B7A3 404142434445464748494A4B4C4D4E4F");
        let e_ifd = Tdes::encrypt(&kenc(), &plain).unwrap();
        assert_eq!(e_ifd, h("937745C20883A1BAD1E04193722A1592378F81A8F1DC589157AEB0F7544FA1BA"));
        assert_eq!(retail_mac(&kenc(), &e_ifd).to_vec(), h("1AD7FB6A3389E017"));
    }

    #[test]
    fn appendix2_e_icc_decrypts() {
        let e_icc = h("5860775B4D032CC564BA204B8EA868F694A74E7475A8FEF240588BDA1AF496CE");
        assert_eq!(retail_mac(&kenc(), &e_icc).to_vec(), h("59388FD6CD45248B"));
        assert_eq!(
            Tdes::decrypt(&kenc(), &e_icc).unwrap(),
            h("5A6E7E385162B7A3 1122334455667788 19D049490FFF52EEDBFCB930BC810ED0")
        );
    }

    #[test]
    fn rejects_partial_blocks() {
        assert_eq!(Tdes::encrypt(&kenc(), &[0; 7]), Err(CryptoError::BlockLength));
        assert_eq!(Tdes::decrypt(&kenc(), &[0; 9]), Err(CryptoError::BlockLength));
    }
}
