//! Secure messaging of the 在留AP, terminal side: the session key from the delivered seed, the
//! per-command IV from the message counter, and the VERIFY / READ BINARY wrappers. Every shape
//! decision comes from [`PARAMS`] (chip/specified.rs), so a correction from the official spec lands
//! there and not here.
//!
//! The counter is the terminal's copy of the card's: it advances on every SM command sent, whether
//! the card accepted it or not, and never on plain commands. Once the card reports an SM error
//! the session is dead on the card too; [`SmSession::broken`] remembers that so no further SM
//! command is sent.

use zeroize::Zeroize;

use crate::apdu::Command;
use crate::chip::specified::{IvRule, PARAMS};
use crate::crypto::{cbc_decrypt_iv, cbc_encrypt_iv, pad_iso7816, unpad_iso7816, Aes, CipherSuite, Key16};
use crate::number::CardNumber;
use crate::tlv;

/// Why an SM answer could not be opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SmError {
    #[error("SM response is not a single cryptogram data object")]
    Structure,
    #[error("SM padding indicator is wrong")]
    PaddingIndicator,
    #[error("SM cryptogram is not whole blocks")]
    BlockLength,
    /// The plaintext padding is wrong: in practice the card used another key or counter.
    #[error("SM plaintext padding is malformed")]
    Padding,
}

/// One session: key and counter. The key zeroizes itself.
pub struct SmSession {
    key: Key16,
    counter: u32,
    broken: bool,
}

impl std::fmt::Debug for SmSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SmSession(counter={}, broken={})", self.counter, self.broken)
    }
}

/// The session key inside a delivered seed ([`PARAMS`]`.key_offset`, 16 bytes).
pub fn session_key_from_seed(seed: &[u8]) -> Option<Key16> {
    let k: [u8; 16] = seed.get(PARAMS.key_offset..PARAMS.key_offset + 16)?.try_into().ok()?;
    Some(Key16::new(k))
}

/// The IV of command number `n` (and of its answer) under `key`.
pub fn iv_for(key: &Key16, n: u32) -> [u8; 16] {
    match PARAMS.iv {
        IvRule::Zero => [0; 16],
        IvRule::EncryptedCounter => {
            let mut block = [0u8; 16];
            block[12..].copy_from_slice(&n.to_be_bytes());
            let out = Aes::encrypt(key, &block).expect("one whole block");
            let mut iv = [0u8; 16];
            iv.copy_from_slice(&out);
            iv
        }
    }
}

/// `86 L 01 ‖ E(key, IV_n, data ‖ 80 00…)`.
pub fn cryptogram_object(key: &Key16, n: u32, plain: &[u8]) -> Vec<u8> {
    let mut padded = pad_iso7816(plain, 16);
    let ct = cbc_encrypt_iv(key, &iv_for(key, n), &padded).expect("padded to whole blocks");
    padded.zeroize();
    let mut value = Vec::with_capacity(ct.len() + 1);
    value.push(PARAMS.padding_indicator);
    value.extend_from_slice(&ct);
    tlv::encode(u32::from(PARAMS.tag_cryptogram), &value)
}

/// Opens `86 L 01 ‖ ct` enciphered for counter `n`.
pub fn open_cryptogram(key: &Key16, n: u32, body: &[u8]) -> Result<Vec<u8>, SmError> {
    let (obj, used) = tlv::parse_one(body).map_err(|_| SmError::Structure)?;
    if obj.tag != u32::from(PARAMS.tag_cryptogram) || used != body.len() {
        return Err(SmError::Structure);
    }
    let (indicator, ct) = obj.value.split_first().ok_or(SmError::Structure)?;
    if *indicator != PARAMS.padding_indicator {
        return Err(SmError::PaddingIndicator);
    }
    if ct.is_empty() || ct.len() % 16 != 0 {
        return Err(SmError::BlockLength);
    }
    let mut plain = cbc_decrypt_iv(key, &iv_for(key, n), ct).map_err(|_| SmError::BlockLength)?;
    let len = match unpad_iso7816(&plain, 16) {
        Ok(p) => p.len(),
        Err(_) => {
            plain.zeroize();
            return Err(SmError::Padding);
        }
    };
    plain[len..].zeroize();
    plain.truncate(len);
    Ok(plain)
}

impl SmSession {
    /// A fresh session after a successful SET SESSION KEY with `seed`.
    pub fn new(seed: &[u8]) -> Option<Self> {
        Some(SmSession { key: session_key_from_seed(seed)?, counter: PARAMS.counter_start, broken: false })
    }

    /// The counter the next SM command will use.
    pub fn counter(&self) -> u32 {
        self.counter
    }

    pub fn broken(&self) -> bool {
        self.broken
    }

    /// The card reported an SM error: nothing more is sent under this session.
    pub fn mark_broken(&mut self) {
        self.broken = true;
    }

    /// Takes the next counter value (the caller sends the command built with it).
    fn take(&mut self) -> u32 {
        let n = self.counter;
        self.counter = self.counter.wrapping_add(PARAMS.counter_step);
        n
    }

    /// VERIFY of the card number under SM; returns the command and its counter.
    pub fn verify_command(&mut self, number: &CardNumber) -> (Command, u32) {
        let n = self.take();
        let data = cryptogram_object(&self.key, n, number.as_bytes());
        (Command::new(PARAMS.cla_sm, 0x20, 0x00, PARAMS.verify_p2, data, None), n)
    }

    /// SM READ BINARY: `96 03 00 <Le>` (`le_plain` 0 = to the end of the file); returns the
    /// command and its counter.
    pub fn read_command(&mut self, p1: u8, p2: u8, le_plain: u16, response_le: u32) -> (Command, u32) {
        let n = self.take();
        let le = le_plain.to_be_bytes();
        let mut data = vec![PARAMS.tag_le, PARAMS.le_object_len as u8];
        data.extend(std::iter::repeat_n(0u8, PARAMS.le_object_len.saturating_sub(2)));
        data.extend_from_slice(&le);
        (Command::new(PARAMS.cla_sm, 0xB0, p1, p2, data, Some(response_le)), n)
    }

    /// Opens the answer to command `n`.
    pub fn open(&self, n: u32, body: &[u8]) -> Result<Vec<u8>, SmError> {
        open_cryptogram(&self.key, n, body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(s: &str) -> Vec<u8> {
        hex::decode(s.replace(' ', "")).unwrap()
    }

    #[test]
    fn key_iv_and_commands_follow_the_table() {
        // Derived by us (FIPS-197 AES-128 with key 00 01 … 0F): IV_1 = AES(key, 00…01).
        let seed: Vec<u8> = (0u8..32).collect();
        let mut s = SmSession::new(&seed).unwrap();
        let key = session_key_from_seed(&seed).unwrap();
        assert_eq!(key.as_bytes(), &<[u8; 16]>::try_from(&seed[..16]).unwrap());
        let iv1 = iv_for(&key, 1);
        assert_eq!(iv1.to_vec(), Aes::encrypt(&key, &h("00000000000000000000000000000001")).unwrap());
        assert_ne!(iv1, iv_for(&key, 2));
        let n = CardNumber::parse("AA12345678BB").unwrap();
        let (cmd, c) = s.verify_command(&n);
        assert_eq!(c, 1);
        let apdu = cmd.encode_auto().unwrap();
        assert_eq!(&apdu[..8], &h("08 20 00 86 13 86 11 01")[..]);
        let mut plain = n.as_bytes().to_vec();
        plain.extend(h("80 00 00 00"));
        assert_eq!(apdu[8..].to_vec(), cbc_encrypt_iv(&key, &iv1, &plain).unwrap());
        let (read, c) = s.read_command(0x81, 0x00, 0, 65_536);
        assert_eq!(c, 2);
        assert_eq!(read.encode_auto().unwrap(), h("08 B0 81 00 00 00 05 96 03 00 00 00 00 00"));
        assert_eq!(s.counter(), 3);
    }

    #[test]
    fn answers_open_only_under_their_own_counter() {
        let seed = [0x42u8; 32];
        let s = SmSession::new(&seed).unwrap();
        let key = session_key_from_seed(&seed).unwrap();
        let body = cryptogram_object(&key, 5, b"\xC2\x0CAA12345678BB");
        assert_eq!(s.open(5, &body).unwrap(), b"\xC2\x0CAA12345678BB");
        assert_eq!(s.open(6, &body), Err(SmError::Padding));
        assert_eq!(s.open(5, &body[..body.len() - 1]), Err(SmError::Structure));
    }

    proptest::proptest! {
        #[test]
        fn open_never_panics(body in proptest::collection::vec(proptest::num::u8::ANY, 0..300), n in 0u32..10) {
            let s = SmSession::new(&[9u8; 32]).unwrap();
            let _ = s.open(n, &body);
        }

        #[test]
        fn round_trips_for_any_counter(plain in proptest::collection::vec(proptest::num::u8::ANY, 0..600), n: u32, seed: [u8; 32]) {
            let key = session_key_from_seed(&seed).unwrap();
            let body = cryptogram_object(&key, n, &plain);
            proptest::prop_assert_eq!(open_cryptogram(&key, n, &body).unwrap(), plain);
        }
    }
}
