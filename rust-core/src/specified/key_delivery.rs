//! SET SESSION KEY: the terminal draws a fresh seed, wraps it as [`seed_message`] and enciphers it
//! with RSA-OAEP to the delivery key. Only the card holding the matching private key can recover
//! the seed, so the session key never travels in clear and needs no card-number derivation.

use rand_core::{CryptoRng, RngCore};
use rsa::Oaep;
use zeroize::Zeroize;

use super::delivery_key::DeliveryKey;
use super::sm::SmSession;
use crate::apdu::Command;
use crate::chip::specified::{seed_message, OaepHash, PARAMS};

/// The OAEP padding of [`PARAMS`].
pub fn oaep() -> Oaep {
    let mut o = match PARAMS.oaep_hash {
        OaepHash::Sha256 => Oaep::new::<sha2::Sha256>(),
        OaepHash::Sha1 => Oaep::new::<sha1::Sha1>(),
    };
    if !PARAMS.oaep_label.is_empty() {
        o.label = Some(String::from_utf8_lossy(PARAMS.oaep_label).into_owned());
    }
    o
}

/// Adapts a `RngCore` to the `CryptoRngCore` the `rsa` crate asks for. The callers pass the OS
/// generator in production and a seeded one in tests (reproducible transcripts).
struct Crypto<'a>(&'a mut dyn RngCore);
impl RngCore for Crypto<'_> {
    fn next_u32(&mut self) -> u32 {
        self.0.next_u32()
    }
    fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        self.0.fill_bytes(dest)
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
        self.0.try_fill_bytes(dest)
    }
}
impl CryptoRng for Crypto<'_> {}

/// The SET SESSION KEY command and the session it opens once the card answers `90 00`.
pub fn set_session_key(key: &DeliveryKey, rng: &mut dyn RngCore) -> Result<(Command, SmSession), rsa::Error> {
    let mut seed = vec![0u8; PARAMS.seed_len];
    rng.fill_bytes(&mut seed);
    let mut message = seed_message(&seed);
    let cryptogram = key.public_key().encrypt(&mut Crypto(rng), oaep(), &message);
    message.zeroize();
    let session = SmSession::new(&seed);
    seed.zeroize();
    let cryptogram = cryptogram?;
    let session = session.ok_or(rsa::Error::Internal)?;
    let [cla, ins, p1, p2] = PARAMS.set_session_key_header;
    Ok((Command::new(cla, ins, p1, p2, cryptogram, None), session))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::softcard::fixtures::specified::{DELIVERY_TEST_KEY_DER, DELIVERY_TEST_PUB_DER};
    use rand_core::SeedableRng;
    use rsa::pkcs8::DecodePrivateKey;

    #[test]
    fn command_is_extended_80_ae_with_a_256_byte_oaep_cryptogram_of_the_seed() {
        let key = DeliveryKey::from_bytes(DELIVERY_TEST_PUB_DER, "test").unwrap();
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(7);
        let (cmd, session) = set_session_key(&key, &mut rng).unwrap();
        let apdu = cmd.encode_auto().unwrap();
        assert_eq!(&apdu[..7], &[0x80, 0xAE, 0x00, 0x00, 0x00, 0x01, 0x00]);
        assert_eq!(apdu.len(), 7 + 256);
        let private = rsa::RsaPrivateKey::from_pkcs8_der(DELIVERY_TEST_KEY_DER).unwrap();
        let plain = private.decrypt(oaep(), &apdu[7..]).unwrap();
        let mut again = rand_chacha::ChaCha20Rng::seed_from_u64(7);
        let mut seed = [0u8; 32];
        again.fill_bytes(&mut seed);
        assert_eq!(plain, seed_message(&seed));
        assert_eq!(session.counter(), 1);
    }
}
