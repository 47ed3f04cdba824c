//! Secure messaging of the residence-card chips: confidentiality only, one session key, no MAC and
//! no counter (gen1-chip.md §5.3, §6). Commands here are built for any [`CipherSuite`], so the
//! second generation's AES suite reuses them.

use zeroize::Zeroize;

use crate::apdu::{Command, LE_MAX_EXTENDED};
use crate::crypto::{pad_iso7816, unpad_iso7816, CipherSuite, Key16};
use crate::number::CardNumber;
use crate::tlv;

/// CLA of a secure-messaging command.
pub const CLA_SM: u8 = 0x08;
/// Tag of the cryptogram data object (with its padding-indicator byte `01`).
pub const TAG_CRYPTOGRAM: u8 = 0x86;
/// Tag of the SM-wrapped Le.
pub const TAG_LE: u8 = 0x96;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SmError {
    #[error("SM response is not a single cryptogram data object")]
    Structure,
    #[error("SM padding indicator is not 01")]
    PaddingIndicator,
    #[error("SM cryptogram length is not a whole number of blocks")]
    BlockLength,
    #[error("SM plaintext padding is malformed")]
    Padding,
}

/// `08 20 00 86 13 86 11 01 ‖ E(KSenc, number ‖ 80 00 00 00)`: the number check under SM.
pub fn verify_command<C: CipherSuite>(ks_enc: &Key16, number: &CardNumber) -> Command {
    let mut padded = pad_iso7816(number.as_bytes(), C::BLOCK);
    let cryptogram = C::encrypt(ks_enc, &padded).expect("padded to whole blocks");
    padded.zeroize();
    let mut data = Vec::with_capacity(3 + cryptogram.len());
    data.push(TAG_CRYPTOGRAM);
    tlv::encode_length(cryptogram.len() + 1, &mut data);
    data.push(0x01);
    data.extend_from_slice(&cryptogram);
    Command::new(CLA_SM, 0x20, 0x00, 0x86, data, None)
}

/// SM READ BINARY. `le_plain` is the plaintext length wanted (`None` = the whole file, `96 02 00 00`);
/// `response_le` the Le of the APDU itself.
pub fn read_command(p1: u8, p2: u8, le_plain: Option<u16>, response_le: u32) -> Command {
    let le = le_plain.unwrap_or(0).to_be_bytes();
    Command::new(CLA_SM, 0xB0, p1, p2, vec![TAG_LE, 0x02, le[0], le[1]], Some(response_le))
}

/// SM READ BINARY of the whole file with extended lengths, exactly as the spec prints it.
pub fn read_whole_command(p1: u8) -> Command {
    read_command(p1, 0, None, LE_MAX_EXTENDED)
}

/// Decrypts an SM response body `86 L 01 ‖ ciphertext` into the plain file content. Each response
/// is enciphered on its own with a zero IV, so chunks are decrypted separately.
pub fn decrypt_response<C: CipherSuite>(ks_enc: &Key16, body: &[u8]) -> Result<Vec<u8>, SmError> {
    let (obj, used) = tlv::parse_one(body).map_err(|_| SmError::Structure)?;
    if obj.tag != u32::from(TAG_CRYPTOGRAM) || used != body.len() {
        return Err(SmError::Structure);
    }
    let (indicator, ciphertext) = obj.value.split_first().ok_or(SmError::Structure)?;
    if *indicator != 0x01 {
        return Err(SmError::PaddingIndicator);
    }
    if ciphertext.is_empty() || ciphertext.len() % C::BLOCK != 0 {
        return Err(SmError::BlockLength);
    }
    let mut plain = C::decrypt(ks_enc, ciphertext).map_err(|_| SmError::BlockLength)?;
    let len = unpad_iso7816(&plain, C::BLOCK).map_err(|_| SmError::Padding)?.len();
    plain[len..].zeroize();
    plain.truncate(len);
    Ok(plain)
}

/// Builds the SM response body for `plain` (the software card's side of [`decrypt_response`]).
pub fn encrypt_response<C: CipherSuite>(ks_enc: &Key16, plain: &[u8]) -> Vec<u8> {
    let mut padded = pad_iso7816(plain, C::BLOCK);
    let ciphertext = C::encrypt(ks_enc, &padded).expect("padded to whole blocks");
    padded.zeroize();
    let mut value = Vec::with_capacity(ciphertext.len() + 1);
    value.push(0x01);
    value.extend_from_slice(&ciphertext);
    tlv::encode(u32::from(TAG_CRYPTOGRAM), &value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apdu::LengthForm;
    use crate::crypto::Tdes;

    fn h(s: &str) -> Vec<u8> {
        hex::decode(s.replace(' ', "")).unwrap()
    }
    fn ks() -> Key16 {
        Key16::new(h("CE94938E19E3B97DF96EABCEDC1715CC").try_into().unwrap())
    }

    #[test]
    fn appendix2_verify_command() {
        let n = CardNumber::parse("AA12345678BB").unwrap();
        let apdu = verify_command::<Tdes>(&ks(), &n).encode_auto().unwrap();
        assert_eq!(apdu, h("08 20 00 86 13 86 11 01 1A A8 29 73 DB 95 9A 81 1F 97 11 D7 28 F0 EE F6"));
    }

    #[test]
    fn appendix2_sm_read_command() {
        assert_eq!(
            read_whole_command(0x85).encode(LengthForm::Extended).unwrap(),
            h("08 B0 85 00 00 00 04 96 02 00 00 00 00")
        );
        assert_eq!(read_command(0x01, 0x00, Some(0xE0), 256).encode_auto().unwrap(), h("08 B0 01 00 04 96 02 00 E0 00"));
    }

    #[test]
    fn derived_vectors_decrypt() {
        // gen1-chip.md §10, "extra vectors derived by us".
        let d7 = decrypt_response::<Tdes>(&ks(), &h("86 09 01 BF F5 96 EB B0 C3 E4 27")).unwrap();
        assert_eq!(d7, h("D7 01 31"));
        let c1 = decrypt_response::<Tdes>(&ks(), &h("86 09 01 85 48 04 F7 56 3E C6 D2")).unwrap();
        assert_eq!(c1, h("C1 01 31"));
        assert_eq!(encrypt_response::<Tdes>(&ks(), &h("D7 01 31")), h("86 09 01 BF F5 96 EB B0 C3 E4 27"));
    }

    #[test]
    fn rejects_malformed_responses() {
        assert_eq!(decrypt_response::<Tdes>(&ks(), &h("87 09 01 BF F5 96 EB B0 C3 E4 27")), Err(SmError::Structure));
        assert_eq!(decrypt_response::<Tdes>(&ks(), &h("86 09 02 BF F5 96 EB B0 C3 E4 27")), Err(SmError::PaddingIndicator));
        assert_eq!(decrypt_response::<Tdes>(&ks(), &h("86 08 01 BF F5 96 EB B0 C3 E4")), Err(SmError::BlockLength));
        assert_eq!(decrypt_response::<Tdes>(&ks(), &h("86 09 01 BF F5 96 EB B0 C3 E4 27 00")), Err(SmError::Structure));
        // Right structure, wrong key: the padding check catches it (with overwhelming probability).
        let other = Key16::new([7; 16]);
        assert_eq!(decrypt_response::<Tdes>(&other, &h("86 09 01 BF F5 96 EB B0 C3 E4 27")), Err(SmError::Padding));
    }

    proptest::proptest! {
        #[test]
        fn decrypt_never_panics(body in proptest::collection::vec(proptest::num::u8::ANY, 0..300)) {
            let _ = decrypt_response::<Tdes>(&ks(), &body);
        }

        #[test]
        fn round_trips(plain in proptest::collection::vec(proptest::num::u8::ANY, 0..600)) {
            let body = encrypt_response::<Tdes>(&ks(), &plain);
            proptest::prop_assert_eq!(decrypt_response::<Tdes>(&ks(), &body).unwrap(), plain);
        }
    }
}
