//! APDU parsing on both sides: the reader's response parser and command encoder, and the software
//! card's command parser and state machine (it is served to any PC/SC application by
//! `zairyu softcard serve`, so its input is untrusted too). Input: a profile byte, then
//! length-prefixed APDUs sent to that card in order.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zairyu_core::apdu::{Command, LengthForm, Response};
use zairyu_core::softcard::{Profile, SoftCard};
use zairyu_core::transport::Transceiver;
use zairyu_fuzz::input::Input;

fuzz_target!(|data: &[u8]| {
    let mut input = Input::new(data);
    let names = Profile::names();
    let profile = Profile::by_name(names[usize::from(input.u8()) % names.len()]).expect("listed");
    let card = SoftCard::with_seed(profile, 1);
    while !input.is_empty() {
        let apdu = input.chunk();
        if let Ok(r) = Response::parse(apdu) {
            assert_eq!(r.data.len() + 2, apdu.len());
        }
        if apdu.len() >= 4 {
            let c = Command::new(apdu[0], apdu[1], apdu[2], apdu[3], apdu[4..].to_vec(), None);
            for form in [LengthForm::Short, LengthForm::Extended] {
                if let Ok(enc) = c.encode(form) {
                    assert_eq!(&enc[..4], &apdu[..4]);
                }
            }
        }
        if let Ok(response) = card.transceive(apdu.to_vec()) {
            assert!(response.len() >= 2, "the card always answers a status word");
            assert!(response.len() <= 65_538, "no answer exceeds an extended Le");
        }
    }
});
