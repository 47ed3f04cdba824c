//! Second-generation suite: AES-128-CBC with a zero IV and AES-CMAC (RFC 4493) truncated to
//! 8 bytes (gen2-chip.md §4).

use aes::Aes128;
use cbc::cipher::block_padding::NoPadding;
use cbc::cipher::{BlockDecryptMut, BlockEncryptMut, KeyIvInit};
use cmac::{Cmac, Mac};

use super::{CipherSuite, CryptoError, Key16};

pub struct Aes;

impl CipherSuite for Aes {
    const BLOCK: usize = 16;

    fn encrypt(key: &Key16, data: &[u8]) -> Result<Vec<u8>, CryptoError> {
        if data.len() % Self::BLOCK != 0 {
            return Err(CryptoError::BlockLength);
        }
        let enc = cbc::Encryptor::<Aes128>::new(key.as_bytes().into(), &[0u8; 16].into());
        Ok(enc.encrypt_padded_vec_mut::<NoPadding>(data))
    }

    fn decrypt(key: &Key16, data: &[u8]) -> Result<Vec<u8>, CryptoError> {
        if data.len() % Self::BLOCK != 0 {
            return Err(CryptoError::BlockLength);
        }
        let dec = cbc::Decryptor::<Aes128>::new(key.as_bytes().into(), &[0u8; 16].into());
        dec.decrypt_padded_vec_mut::<NoPadding>(data).map_err(|_| CryptoError::BlockLength)
    }

    fn mac(key: &Key16, data: &[u8]) -> [u8; 8] {
        let mut mac = <Cmac<Aes128> as Mac>::new(key.as_bytes().into());
        mac.update(data);
        let full = mac.finalize().into_bytes();
        let mut out = [0u8; 8];
        out.copy_from_slice(&full[..8]);
        out
    }
}

/// AES-128-CBC encryption with an explicit IV, no padding (callers pad). The specified cards' SM
/// derives a fresh IV per command from a counter (`chip::specified`), unlike the 05/06 chip's zero IV.
pub fn cbc_encrypt_iv(key: &Key16, iv: &[u8; 16], data: &[u8]) -> Result<Vec<u8>, CryptoError> {
    if data.len() % 16 != 0 {
        return Err(CryptoError::BlockLength);
    }
    let enc = cbc::Encryptor::<Aes128>::new(key.as_bytes().into(), iv.into());
    Ok(enc.encrypt_padded_vec_mut::<NoPadding>(data))
}

/// AES-128-CBC decryption with an explicit IV, no padding removed.
pub fn cbc_decrypt_iv(key: &Key16, iv: &[u8; 16], data: &[u8]) -> Result<Vec<u8>, CryptoError> {
    if data.len() % 16 != 0 {
        return Err(CryptoError::BlockLength);
    }
    let dec = cbc::Decryptor::<Aes128>::new(key.as_bytes().into(), iv.into());
    dec.decrypt_padded_vec_mut::<NoPadding>(data).map_err(|_| CryptoError::BlockLength)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::{finish_mutual_authentication, start_mutual_authentication};
    use crate::number::CardNumber;
    use crate::sm;

    fn h(s: &str) -> Vec<u8> {
        hex::decode(s.replace([' ', '\n'], "")).unwrap()
    }
    fn k(s: &str) -> Key16 {
        Key16::new(h(s).try_into().unwrap())
    }
    const KENC: &str = "6522B4E171195BB218223A976C040111";
    const KSENC: &str = "C19CF13D3D7FBEE9EA293D834C88952F";

    #[test]
    fn rfc4493_cmac_example_2() {
        let key = k("2b7e151628aed2a6abf7158809cf4f3c");
        assert_eq!(Aes::mac(&key, &h("6bc1bee22e409f96e93d7e117393172a")).to_vec(), h("070a16b46b4d4144"));
    }

    #[test]
    fn official_vectors_mutual_authentication() {
        // gen2-chip.md §8 (001460711.pdf Appendix 2).
        let req = start_mutual_authentication::<Aes>(
            &k(KENC),
            h("921CE277323DA057").try_into().unwrap(),
            h("1122334455667788").try_into().unwrap(),
            k("404142434445464748494A4B4C4D4E4F"),
        );
        assert_eq!(
            req.command_data,
            h("4AD3C7B6BB484A52771977DED618B41DF841FA0476A05FBE041DEAD6109E773B AC854617634F5397")
        );
        let e_icc = h("289A96B1DA6AE3DA87770419BFD14F0BDAD15F36432B5A946C188C7221759A62");
        assert_eq!(Aes::mac(&k(KENC), &e_icc).to_vec(), h("FA942EC51E62FF5F"));
        assert_eq!(
            Aes::decrypt(&k(KENC), &e_icc).unwrap(),
            h("921CE277323DA057 1122334455667788 2CC6AF9B8B607C662FDCAD27B401D08B")
        );
        let mut answer = e_icc.clone();
        answer.extend(h("FA942EC51E62FF5F"));
        let ks = finish_mutual_authentication::<Aes>(&k(KENC), &req, &answer).unwrap();
        assert_eq!(ks.as_bytes().to_vec(), h(KSENC));
    }

    #[test]
    fn official_verify_command() {
        let n = CardNumber::parse("AA12345678BB").unwrap();
        let apdu = sm::verify_command::<Aes>(&k(KSENC), &n).encode_auto().unwrap();
        assert_eq!(apdu, h("08 20 00 86 13 86 11 01 EE 0B 31 EF 87 7F 68 D0 71 C5 6D 58 C7 2E 67 48"));
    }

    #[test]
    fn derived_sm_read_vectors() {
        let c2 = sm::decrypt_response::<Aes>(&k(KSENC), &h("86 11 01 14 3D 16 76 C5 7E D6 59 B4 CA 6D A0 6D 25 15 91")).unwrap();
        let mut expected = h("C2 0C");
        expected.extend(b"AA12345678BB");
        assert_eq!(c2, expected);
        let d8 = sm::decrypt_response::<Aes>(&k(KSENC), &h("86 11 01 F4 22 52 86 EB CE 29 50 CC 0C B3 CB 2C DC 7F 02")).unwrap();
        assert_eq!(d8, h("D8 01 31"));
        assert_eq!(sm::encrypt_response::<Aes>(&k(KSENC), &h("D8 01 31")), h("86 11 01 F4 22 52 86 EB CE 29 50 CC 0C B3 CB 2C DC 7F 02"));
    }
}
