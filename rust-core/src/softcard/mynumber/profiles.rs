//! The My Number profiles' content: the card's applications built from the fixtures, the test
//! credentials, and the variants (`mynumber-*` in [`crate::softcard::Profile::names`]).

use zeroize::Zeroizing;

use super::fixtures as fx;
use super::{App, Chip, Credentials, Ef, EfKind, KeyRef, Rule, AID_CARD_FACE, AID_COMMON, AID_INPUT_HELPER, AID_JPKI};

/// The complete card's holder and credentials (synthetic TEST values; `fixtures/mynumber/README.md`).
pub const ADULT: Credentials = Credentials {
    input_helper_pin: "1234",
    auth_pin: "5678",
    signature_password: Some("TEST1234AB"),
    birth_date: "1985-04-12",
    expiry_year: "2034",
    security_code: "4826",
    collation_b: "60041220344826",
    birth_date_key: "600412",
    individual_number: "123456789018",
};
/// The under-15 holder of `mynumber-no-signature-cert` (no signature certificate, no password).
pub const CHILD: Credentials = Credentials {
    input_helper_pin: "1234",
    auth_pin: "5678",
    signature_password: None,
    birth_date: "2016-08-01",
    expiry_year: "2031",
    security_code: "1357",
    collation_b: "28080120311357",
    birth_date_key: "280801",
    individual_number: "987654321093",
};
/// The 住民基本台帳用 PIN of the common application (not used by the flows).
pub const RESIDENT_REGISTRY_PIN: &str = "1234";

/// Holder data of the complete card, as the records carry it.
pub const ADULT_NAME: &str = "試験　花子";
pub const ADULT_ADDRESS: &str = "東京都千代田区霞が関２丁目１番２号　テスト住宅１０１号";
/// The address the `mynumber-basic-four-changed` card's basic-four file says instead.
pub const CHANGED_ADDRESS: &str = "東京都千代田区霞が関２丁目１番３号　テスト住宅１０１号";
pub const ADULT_BIRTH: &str = "19850412";
pub const ADULT_SEX: &str = "2";
pub const ADULT_EXPIRY: &str = "20340412";
pub const CHILD_NAME: &str = "試験　次郎";
pub const CHILD_ADDRESS: &str = "大阪府大阪市中央区大手前２丁目１番２２号";
pub const CHILD_BIRTH: &str = "20160801";
pub const CHILD_SEX: &str = "1";
pub const CHILD_EXPIRY: &str = "20310801";

/// Maximum tries per key (mynumber-chip.md §3; the collation numbers' and the birth-date key's
/// counts are unconfirmed — 10 is this card's choice).
pub const TRIES_PIN: u8 = 3;
pub const TRIES_SIGNATURE: u8 = 5;
pub const TRIES_COLLATION: u8 = 10;

/// APDU number (1-based) at which `mynumber-pulled-away` leaves the field: in the middle of the
/// authentication certificate (SELECT AP, SELECT 000A, READ 4 bytes, READ chunk 1, *here*).
pub const PULLED_AWAY_AFTER: usize = 5;

/// EF 0008 of the JPKI application: signature / authentication certificate present (`8F`).
pub const CERTS_BOTH: [u8; 3] = [0x8F, 0x8F, 0x00];
pub const CERTS_AUTH_ONLY: [u8; 3] = [0x00, 0x8F, 0x00];

/// The contact ATR the MF level and the common application give with GET DATA `5F51`, without
/// its `TS` (`3B`): T0 `86` (TD1, 6 historical bytes), TD1 `80`, TD2 `01`, "ZRTEST", TCK.
pub const CONTACT_ATR_STORED: [u8; 10] = [0x86, 0x80, 0x01, b'Z', b'R', b'T', b'E', b'S', b'T', 0x00];
/// Card identification number (GET DATA `0045` at the MF level).
pub const CARD_IDENTIFICATION: &str = "ZRTEST0000000001";

/// Pieces of one card's content that vary between profiles.
pub(crate) struct Content {
    pub credentials: Credentials,
    pub common: &'static [u8],
    pub kenhojo: [&'static [u8]; 3],
    pub kenkaku: [&'static [u8]; 4],
    pub auth_cert: &'static [u8],
    pub auth_ca: &'static [u8],
    pub sign: Option<(&'static [u8], &'static [u8])>,
}

pub(crate) fn adult() -> Content {
    Content {
        credentials: ADULT,
        common: fx::COMMON_0001,
        kenhojo: [fx::KENHOJO_0001, fx::KENHOJO_0002, fx::KENHOJO_0003],
        kenkaku: [fx::KENKAKU_0001, fx::KENKAKU_0002, fx::KENKAKU_0003, fx::KENKAKU_0005],
        auth_cert: fx::AUTH_USER_DER,
        auth_ca: fx::AUTH_ROOT_DER,
        sign: Some((fx::SIGN_USER_DER, fx::SIGN_ROOT_DER)),
    }
}

pub(crate) fn child() -> Content {
    Content {
        credentials: CHILD,
        common: fx::CHILD_COMMON_0001,
        kenhojo: [fx::CHILD_KENHOJO_0001, fx::CHILD_KENHOJO_0002, fx::CHILD_KENHOJO_0003],
        kenkaku: [fx::CHILD_KENKAKU_0001, fx::CHILD_KENKAKU_0002, fx::CHILD_KENKAKU_0003, fx::CHILD_KENKAKU_0005],
        auth_cert: fx::AUTH_USER_CHILD_DER,
        auth_ca: fx::AUTH_ROOT_DER,
        sign: None,
    }
}

fn bin(fid: u16, read: Rule, data: &[u8]) -> Ef {
    Ef { fid, read, kind: EfKind::Binary(data.to_vec()) }
}

fn key(fid: u16, secret: &str, max_tries: u8) -> Ef {
    key_with(fid, secret, max_tries, max_tries)
}

fn key_with(fid: u16, secret: &str, max_tries: u8, initial_tries: u8) -> Ef {
    Ef {
        fid,
        read: Rule::Free,
        kind: EfKind::Key(KeyRef { secret: Zeroizing::new(secret.as_bytes().to_vec()), max_tries, initial_tries }),
    }
}

fn any_of(keys: &[u16]) -> Rule {
    Rule::AnyOf(keys.to_vec())
}

impl Content {
    pub(crate) fn build(&self) -> Chip {
        let c = &self.credentials;
        let jpki = {
            let mut efs = vec![
                bin(0x000A, Rule::Free, self.auth_cert),
                bin(0x000B, Rule::Free, self.auth_ca),
                bin(0x0006, Rule::Free, fx::JPKI_TOKEN_INFO),
                Ef { fid: 0x0017, read: Rule::Free, kind: EfKind::PrivateKey { der: fx::AUTH_USER_TESTKEY, pin: 0x0018 } },
                key(0x0018, c.auth_pin, TRIES_PIN),
            ];
            match (self.sign, c.signature_password) {
                (Some((cert, ca)), Some(password)) => {
                    efs.push(bin(0x0001, any_of(&[0x001B]), cert));
                    efs.push(bin(0x0002, Rule::Free, ca));
                    efs.push(Ef {
                        fid: 0x001A,
                        read: Rule::Free,
                        kind: EfKind::PrivateKey { der: fx::SIGN_USER_TESTKEY, pin: 0x001B },
                    });
                    efs.push(key(0x001B, password, TRIES_SIGNATURE));
                    efs.push(bin(0x0008, Rule::Free, &CERTS_BOTH));
                }
                _ => efs.push(bin(0x0008, Rule::Free, &CERTS_AUTH_ONLY)),
            }
            App { aid: AID_JPKI, efs, own_key: None, data_objects: Vec::new() }
        };
        let [pin, code_a, code_b] = [0x0011, 0x0014, 0x0015];
        let kenhojo = App {
            aid: AID_INPUT_HELPER,
            efs: vec![
                bin(0x0001, any_of(&[pin, code_a]), self.kenhojo[0]),
                bin(0x0002, any_of(&[pin, code_b]), self.kenhojo[1]),
                bin(0x0003, any_of(&[pin, code_a, code_b]), self.kenhojo[2]),
                bin(0x0004, Rule::Free, fx::KENHOJO_0004),
                bin(0x0005, Rule::Free, fx::KENHOJO_0005),
                bin(0x0006, any_of(&[pin, code_a, code_b]), fx::KENHOJO_0006),
                bin(0x0007, any_of(&[pin, code_a, code_b]), fx::KENHOJO_0007),
                bin(0x0008, Rule::Free, fx::KENHOJO_0008),
                key(pin, c.input_helper_pin, TRIES_PIN),
                // Blocked from issue (mynumber-chip.md §3): 63 C0 on query, 69 84 on VERIFY.
                key_with(0x0012, "0000", TRIES_PIN, 0),
                key(code_a, c.individual_number, TRIES_COLLATION),
                key(code_b, c.collation_b, TRIES_COLLATION),
            ],
            own_key: Some(fx::KENHOJO_SIGN_TESTKEY),
            data_objects: Vec::new(),
        };
        let [birth, face_b, face_a] = [0x0011, 0x0012, 0x0013];
        let kenkaku = App {
            aid: AID_CARD_FACE,
            efs: vec![
                bin(0x0001, any_of(&[birth]), self.kenkaku[0]),
                bin(0x0002, any_of(&[face_a, face_b]), self.kenkaku[1]),
                bin(0x0003, Rule::Free, self.kenkaku[2]),
                bin(0x0004, Rule::Free, fx::KENKAKU_0004),
                bin(0x0005, any_of(&[face_a]), self.kenkaku[3]),
                key(birth, c.birth_date_key, TRIES_COLLATION),
                key(face_b, c.collation_b, TRIES_COLLATION),
                key(face_a, c.individual_number, TRIES_COLLATION),
            ],
            own_key: Some(fx::KENKAKU_SIGN_TESTKEY),
            data_objects: Vec::new(),
        };
        let atr_object = (0x5F51, contact_atr());
        let common = App {
            aid: AID_COMMON,
            efs: vec![
                Ef { fid: 0x0001, read: Rule::Free, kind: EfKind::Records(vec![self.common.to_vec()]) },
                key(0x001C, RESIDENT_REGISTRY_PIN, TRIES_PIN),
            ],
            own_key: None,
            data_objects: vec![atr_object.clone()],
        };
        // GET DATA at the MF level hands back the CVC's content without its 7F21 template.
        let mf_cvc = fx::MF_CVC.get(5..).unwrap_or_default().to_vec();
        Chip {
            apps: vec![jpki, kenhojo, kenkaku, common],
            mf_objects: vec![
                (0x0045, CARD_IDENTIFICATION.as_bytes().to_vec()),
                (0x00F8, mf_cvc),
                atr_object,
            ],
            credentials: self.credentials.clone(),
            trust_files: fx::TRUST_ROOTS.iter().chain(fx::TRUST_CVC_KEYS.iter()).copied().collect(),
            garbage: false,
        }
    }
}

fn contact_atr() -> Vec<u8> {
    let mut atr = CONTACT_ATR_STORED.to_vec();
    let body = atr.len() - 1;
    atr[body] = atr[..body].iter().fold(0, |a, b| a ^ b);
    atr
}

/// The variant a `mynumber-*` profile name stands for, with its description.
pub(crate) fn chip(name: &str) -> Option<(&'static str, Chip, Option<usize>)> {
    let mut pull = None;
    let (description, chip) = match name {
        "mynumber-complete" => ("My Number card, complete and genuine (test JPKI hierarchy)", adult().build()),
        "mynumber-last-try" => {
            let mut chip = adult().build();
            chip.set_all_tries(1);
            ("My Number card with one try left on every PIN and collation number", chip)
        }
        "mynumber-blocked" => {
            let mut chip = adult().build();
            chip.set_all_tries(0);
            ("My Number card with every PIN and collation number blocked", chip)
        }
        "mynumber-no-signature-cert" => {
            ("My Number card of an under-15 holder: no signature certificate or password", child().build())
        }
        "mynumber-expired" => {
            let mut content = adult();
            content.auth_cert = fx::AUTH_USER_EXPIRED_DER;
            content.sign = Some((fx::SIGN_USER_EXPIRED_DER, fx::SIGN_ROOT_DER));
            ("My Number card whose JPKI certificates expired on 2025-04-12", content.build())
        }
        "mynumber-basic-four-changed" => {
            let mut content = adult();
            content.kenhojo[1] = fx::KENHOJO_0002_CHANGED;
            ("My Number card whose basic-four file (address) was changed after signing", content.build())
        }
        "mynumber-photo-changed" => {
            let mut content = adult();
            content.kenkaku[1] = fx::KENKAKU_0002_PHOTO_CHANGED;
            ("My Number card whose card-face photo was changed after signing", content.build())
        }
        "mynumber-rogue-root" => {
            let mut content = adult();
            content.auth_cert = fx::AUTH_USER_ROGUE_DER;
            content.auth_ca = fx::AUTH_ROGUE_ROOT_DER;
            content.sign = Some((fx::SIGN_USER_ROGUE_DER, fx::SIGN_ROGUE_ROOT_DER));
            ("My Number card whose JPKI chains end at a rogue root with the test root's name", content.build())
        }
        "mynumber-pulled-away" => {
            pull = Some(PULLED_AWAY_AFTER);
            ("My Number card taken out of the field in the middle of the first certificate", adult().build())
        }
        "mynumber-garbage" => {
            let mut chip = adult().build();
            chip.garbage = true;
            ("My Number card answering random bytes to every read", chip)
        }
        _ => return None,
    };
    Some((description, chip, pull))
}
