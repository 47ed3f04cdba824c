//! Secure-messaging response decryption and unpadding, 3DES (gen 1) and AES (gen 2). Input: suite
//! byte, 16-byte key, response body. Also: whatever decrypts re-encrypts to a body that decrypts
//! to the same plaintext, and any plaintext round-trips.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zairyu_core::crypto::{unpad_iso7816, Aes, CipherSuite, Key16, Tdes};
use zairyu_core::sm;
use zairyu_fuzz::input::Input;

fn check<C: CipherSuite>(key: &Key16, body: &[u8]) {
    if let Ok(plain) = sm::decrypt_response::<C>(key, body) {
        assert!(plain.len() < body.len());
        let again = sm::encrypt_response::<C>(key, &plain);
        assert_eq!(sm::decrypt_response::<C>(key, &again).as_deref(), Ok(&plain[..]));
    }
    let round = sm::encrypt_response::<C>(key, body);
    assert_eq!(sm::decrypt_response::<C>(key, &round).as_deref(), Ok(body));
    if let Ok(unpadded) = unpad_iso7816(body, C::BLOCK) {
        assert!(body.len() - unpadded.len() <= C::BLOCK);
    }
}

fuzz_target!(|data: &[u8]| {
    let mut input = Input::new(data);
    let suite = input.u8();
    let mut key = [0u8; 16];
    key.copy_from_slice(&{
        let mut k = input.bytes(16).to_vec();
        k.resize(16, 0);
        k
    });
    let key = Key16::new(key);
    let body = input.rest();
    if suite & 1 == 0 {
        check::<Tdes>(&key, body);
    } else {
        check::<Aes>(&key, body);
    }
});
