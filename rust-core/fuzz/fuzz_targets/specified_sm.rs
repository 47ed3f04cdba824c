//! The specified cards' key delivery and secure messaging (issue 16): the delivery-key loader on
//! any file, the delivered-seed parser, and SM answers opened under any key and counter. Never a
//! panic; whatever opens re-encrypts to a body that opens to the same plaintext under the same
//! counter, and any plaintext round-trips.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zairyu_core::chip::specified::{seed_from_message, seed_message};
use zairyu_core::crypto::Key16;
use zairyu_core::specified::sm::{cryptogram_object, open_cryptogram};
use zairyu_core::specified::DeliveryKey;
use zairyu_fuzz::input::Input;

fuzz_target!(|data: &[u8]| {
    let mut input = Input::new(data);
    match input.u8() % 3 {
        0 => {
            let _ = DeliveryKey::from_bytes(input.rest(), "fuzz");
        }
        1 => {
            let m = input.rest();
            if let Some(seed) = seed_from_message(m) {
                assert_eq!(seed_message(seed), m);
            }
        }
        _ => {
            let mut key = input.bytes(16).to_vec();
            key.resize(16, 0);
            let key = Key16::new(key.try_into().expect("16 bytes"));
            let n = u32::from(input.u16()) << 16 | u32::from(input.u16());
            let body = input.rest();
            if let Ok(plain) = open_cryptogram(&key, n, body) {
                assert!(plain.len() < body.len());
                let again = cryptogram_object(&key, n, &plain);
                assert_eq!(open_cryptogram(&key, n, &again).as_deref(), Ok(&plain[..]));
            }
            let round = cryptogram_object(&key, n, body);
            assert_eq!(open_cryptogram(&key, n, &round).as_deref(), Ok(body));
        }
    }
});
