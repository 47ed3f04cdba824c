//! The My Number targets' harness: a software card with a `mynumber-*` (or any other) profile
//! behind a transport whose every answer the fuzzer may replace (genuine, genuine with bytes
//! edited or cut, raw bytes, a bare status word, a transport error), and one of the five checks
//! run against it with the PIN the fuzzer picks.

use std::cell::RefCell;

use zairyu_core::mynumber::trust::CvcCaKey;
use zairyu_core::mynumber::{self, FixedPin, MyNumberError, MyNumberOptions, MyNumberTrust, Verdict};
use zairyu_core::softcard::{Profile, SoftCard};
use zairyu_core::transport::{Transceiver, TransportError};

use crate::input::Input;

const AUTH_ROOT: &[u8] = include_bytes!("../../../fixtures/mynumber/auth-root.der");
const SIGN_ROOT: &[u8] = include_bytes!("../../../fixtures/mynumber/sign-root.der");
const CVCA: [&str; 3] = [
    include_str!("../../../fixtures/mynumber/cvca-9000020.json"),
    include_str!("../../../fixtures/mynumber/cvca-9000023.json"),
    include_str!("../../../fixtures/mynumber/cvca-9000033.json"),
];
/// 2026-12-01T00:00:00Z.
pub const NOW: i64 = 1_796_083_200;
/// Every secret the profiles know; none may appear in an error or a result's `Debug`.
pub const SECRETS: [&str; 6] = ["TEST1234AB", "60041220344826", "123456789018", "試験", "霞が関", "花子"];

fn field<'a>(json: &'a str, name: &str) -> &'a str {
    let at = json.find(&format!("\"{name}\"")).map_or(json.len(), |i| i + name.len() + 2);
    let rest = json[at..].trim_start().trim_start_matches(':').trim_start().trim_start_matches('"');
    let end = rest.find(|c: char| c == '"' || c == ',' || c == '}').unwrap_or(rest.len());
    rest[..end].trim()
}

pub fn trust() -> MyNumberTrust {
    let mut t = MyNumberTrust::default();
    t.add_test_root(AUTH_ROOT, "test auth root").expect("fixture root");
    t.add_test_root(SIGN_ROOT, "test sign root").expect("fixture root");
    for json in CVCA {
        let key = CvcCaKey::test_from_hex(field(json, "key_id_hex"), field(json, "modulus_hex"), 65537).expect("fixture key");
        t.add_test_cvc_key(key);
    }
    t
}

pub struct FuzzCard<'a> {
    card: SoftCard,
    input: RefCell<Input<'a>>,
}

impl Transceiver for FuzzCard<'_> {
    fn transceive(&self, apdu: Vec<u8>) -> Result<Vec<u8>, TransportError> {
        let genuine = self.card.transceive(apdu);
        let mut input = self.input.borrow_mut();
        if input.is_empty() {
            return genuine;
        }
        match input.u8() % 8 {
            0..=2 => genuine,
            3 => {
                let mut g = genuine?;
                let at = usize::from(input.u16());
                if !g.is_empty() {
                    let i = at % g.len();
                    g[i] ^= input.u8() | 1;
                }
                Ok(g)
            }
            4 => {
                let mut g = genuine?;
                g.truncate(usize::from(input.u16()));
                Ok(g)
            }
            5 => Ok(input.chunk().to_vec()),
            6 => Ok(input.u16().to_be_bytes().to_vec()),
            _ => Err(if input.u8() & 1 == 0 { TransportError::CardRemoved } else { TransportError::Timeout }),
        }
    }
    fn max_apdu_length(&self) -> usize {
        self.card.max_apdu_length()
    }
}

/// Runs one check; returns its outcome as (error, verdict, Debug text).
pub fn run(data: &[u8]) -> (Option<MyNumberError>, Option<Verdict>, String) {
    let mut input = Input::new(data);
    let names = Profile::names();
    let mynumber: Vec<&str> = names.iter().copied().filter(|n| n.starts_with("mynumber-")).collect();
    let pick = input.u8();
    let name = if pick & 0x80 == 0 && !mynumber.is_empty() {
        mynumber[usize::from(pick) % mynumber.len()]
    } else {
        names[usize::from(pick) % names.len()]
    };
    let profile = Profile::by_name(name).expect("listed profiles exist");
    let check = input.u8() % 5;
    let allow_last_try = input.u8() & 1 == 1;
    let pin = match input.u8() % 4 {
        0 => "1234".to_owned(),
        1 => "5678".to_owned(),
        2 => "TEST1234AB".to_owned(),
        _ => String::from_utf8_lossy(input.bytes(20)).into_owned(),
    };
    let options = MyNumberOptions {
        trust: trust(),
        allow_last_try,
        now_unix: Some(NOW),
        skip_image_decoding: input.u8() & 1 == 0,
        ..Default::default()
    };
    let card = FuzzCard { card: SoftCard::with_seed(profile, 7), input: RefCell::new(input) };
    let pin = FixedPin::new(&pin);
    let out = match check {
        0 => mynumber::status(&card, &options).map(|r| (None, format!("{r:?}"))),
        1 => mynumber::in_person_check(&card, &options, "1985-04-12", "2034", "4826")
            .map(|r| (Some(r.verification.clone()), format!("{r:?}"))),
        2 => mynumber::pin_check(&card, &options, &pin, true).map(|r| (Some(r.verification.clone()), format!("{r:?}"))),
        3 => mynumber::auth_check(&card, &options, &pin).map(|r| (Some(r.verification.clone()), format!("{r:?}"))),
        _ => mynumber::signature_check(&card, &options, &pin).map(|r| (Some(r.verification.clone()), format!("{r:?}"))),
    };
    match out {
        Ok((v, debug)) => {
            if let Some(v) = &v {
                // Only test anchors are given: a pass can never be a production pass.
                assert!(v.verdict != Verdict::Normal || v.test_anchor, "normal without a test anchor");
            }
            (None, v.map(|v| v.verdict), debug)
        }
        Err(e) => {
            let text = format!("{e} {e:?}");
            (Some(e), None, text)
        }
    }
}

/// No secret or holder datum in what was produced.
pub fn check(debug: &str) {
    for s in SECRETS {
        assert!(!debug.contains(s), "personal data or a PIN in output");
    }
}
