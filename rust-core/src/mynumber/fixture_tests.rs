//! Parsers and verifications pinned on the real JPKI test-card bytes `myna-card` ships
//! (testdata/README.md), and the flows run against a small scripted card holding those bytes.

use std::cell::RefCell;
use std::collections::HashMap;

use super::chain::{self, CertificateStatus, ChainFailure, Purpose};
use super::cvc::{self, SignatureFailure};
use super::trust::{myna_card_test_cvc_keys, MyNumberTrust};
use super::*;
use crate::transport::{Transceiver, TransportError};

macro_rules! td {
    ($f:literal) => {
        include_bytes!(concat!("testdata/", $f)).as_slice()
    };
}

/// 2026-12-01T00:00:00Z: the test certificates are in date (2025-10-27 → 2030-02-17).
const NOW: i64 = 1_796_083_200;
/// 2031-01-01: after they expire.
const LATER: i64 = 1_924_992_000;

fn test_trust() -> MyNumberTrust {
    let mut t = MyNumberTrust::default();
    for k in myna_card_test_cvc_keys() {
        t.add_test_cvc_key(k);
    }
    t.add_test_root(td!("authca-test-2023.cer"), "JPKI-TEST auth 2023").unwrap();
    t.add_test_root(td!("signca-test-2024.cer"), "JPKI-TEST sign 2024").unwrap();
    t
}

#[test]
fn basic_four_parsed_exactly() {
    assert!(guard::two_levels(td!("text-0002.bin"), None));
    let a = myna_card::ap::text::Attributes::parse(td!("text-0002.bin")).unwrap();
    assert_eq!(a.name, "黒桐\u{3000}幹也");
    assert_eq!(a.address, "東京都清瀬市観布子南１２－７－２０２");
    assert_eq!((a.birth_date.year, a.birth_date.month, a.birth_date.day), (1980, 2, 17));
    assert_eq!(a.sex, myna_card::Sex::Male);
}

#[test]
fn integrity_record_verifies_with_the_test_ca_key_only() {
    let certified = cvc::check_certificate(td!("text-0004.bin"), &test_trust()).unwrap();
    assert_eq!(certified.ca_key_id, "6000033/001");
    assert!(certified.test_anchor);
    let record = myna_card::ap::text::IntegrityRecord::parse(td!("text-0003.bin")).unwrap();
    assert!(cvc::verify_sha256(&certified.key, &record.signed_data, &record.signature));
    use sha2::{Digest, Sha256};
    let source = myna_card::ap::text::Attributes::digest_source(td!("text-0002.bin")).unwrap();
    assert_eq!(Sha256::digest(source).as_slice(), record.attributes_digest);
    assert_eq!(Sha256::digest(td!("text-0001-physical.bin")).as_slice(), record.my_number_digest);
    // Production keys only: the test hierarchy's 証明者鍵ID is unknown, never a pass.
    assert_eq!(
        cvc::check_certificate(td!("text-0004.bin"), &MyNumberTrust::default()).err(),
        Some(SignatureFailure::UnknownCa)
    );
    // A flipped bit in the certificate body breaks its CA signature.
    let mut bad = td!("text-0004.bin").to_vec();
    bad[40] ^= 1;
    assert_eq!(cvc::check_certificate(&bad, &test_trust()).err(), Some(SignatureFailure::CertificateSignatureInvalid));
}

#[test]
fn card_face_record_parsed_and_its_three_digest_signature_verifies() {
    let raw = td!("surface-0002.bin");
    assert!(guard::two_levels(raw, Some(0xDF24)));
    let face = myna_card::ap::surface::CardFace::parse(raw).unwrap();
    assert_eq!((face.birth_date.year, face.birth_date.month, face.birth_date.day), (1980, 2, 17));
    assert_eq!(face.sex, myna_card::Sex::Male);
    assert_eq!(face.photo.format, myna_card::ImageFormat::Jpeg2000);
    assert_eq!(face.name_image.format, myna_card::ImageFormat::Png);
    assert_eq!(face.address_image.format, myna_card::ImageFormat::Png);
    let certified = cvc::check_certificate(td!("surface-0004.bin"), &test_trust()).unwrap();
    assert_eq!(certified.ca_key_id, "6000023/001");
    assert!(cvc::check_card_face(&face.signed_segments, &face.signature, &certified.key));
    // The photo changed after signing: the third digest no longer matches.
    let mut segments = face.signed_segments.clone();
    let last = segments[2].len() - 1;
    segments[2][last] ^= 0x01;
    assert!(!cvc::check_card_face(&segments, &face.signature, &certified.key));
}

#[test]
fn jpki_chains_rest_on_the_test_roots_and_are_refused_by_production_roots() {
    let auth = chain::parse_leaf(td!("jpki-auth-cert.der")).unwrap();
    let ok = chain::check(&auth, &test_trust(), Purpose::Auth, NOW).unwrap();
    assert_eq!((ok.anchor_label.as_str(), ok.test_anchor, ok.status), ("JPKI-TEST auth 2023", true, CertificateStatus::Valid));
    assert_eq!(chain::check(&auth, &test_trust(), Purpose::Auth, LATER).unwrap().status, CertificateStatus::Expired);
    assert_eq!(chain::check(&auth, &MyNumberTrust::default(), Purpose::Auth, NOW), Err(ChainFailure::UnknownIssuer));
    // The authentication certificate has no nonRepudiation: not a signature certificate.
    assert_eq!(chain::check(&auth, &test_trust(), Purpose::Signature, NOW), Err(ChainFailure::KeyUsage));
    // Same DN, other key (the 2019 test root): chosen by signature, so refused.
    let mut same_name = MyNumberTrust::empty();
    same_name.add_test_root(td!("authca-test-2019.cer"), "other key").unwrap();
    assert_eq!(chain::check(&auth, &same_name, Purpose::Auth, NOW), Err(ChainFailure::BadSignature));

    let sign = chain::parse_leaf(td!("jpki-sign-cert.der")).unwrap();
    let ok = chain::check(&sign, &test_trust(), Purpose::Signature, NOW).unwrap();
    assert_eq!((ok.anchor_label.as_str(), ok.test_anchor), ("JPKI-TEST sign 2024", true));
    assert_eq!(chain::check(&sign, &MyNumberTrust::default(), Purpose::Signature, NOW), Err(ChainFailure::UnknownIssuer));
    let h = san::holder(&sign.cert);
    assert_eq!(h.name.as_deref(), Some("黒桐\u{3000}幹也"));
    assert_eq!(h.address.as_deref(), Some("東京都清瀬市観布子南１２－７－２０２"));
    assert_eq!(h.birth_date, Some((1980, 2, 17)));
    assert_eq!(h.sex, Some(Sex::Male));
}

/// A scripted My Number card holding the fixture files: enough of the access rules to run the
/// flows (protected reads need the application's PIN; SELECT drops it).
/// Per application: EF → (content, the key whose VERIFY opens it).
type Files = HashMap<u16, (Vec<u8>, Option<u16>)>;
/// (application, key EF) → (value, tries left).
type Keys = HashMap<(Vec<u8>, u16), (Vec<u8>, u8)>;

struct Card {
    apps: HashMap<Vec<u8>, Files>,
    keys: RefCell<Keys>,
    state: RefCell<(Vec<u8>, u16, Vec<u16>)>,
    sent: RefCell<Vec<Vec<u8>>>,
}

impl Card {
    fn new() -> Self {
        let mut apps = HashMap::new();
        let helper: HashMap<u16, (Vec<u8>, Option<u16>)> = [
            (0x0001, (td!("text-0001-physical.bin").to_vec(), Some(0x0011))),
            (0x0002, (td!("text-0002.bin").to_vec(), Some(0x0011))),
            (0x0003, (td!("text-0003.bin").to_vec(), Some(0x0011))),
            (0x0004, (td!("text-0004.bin").to_vec(), None)),
            (0x0011, (vec![], None)),
        ]
        .into();
        let face: HashMap<u16, (Vec<u8>, Option<u16>)> = [
            (0x0002, (td!("surface-0002.bin").to_vec(), Some(0x0012))),
            (0x0004, (td!("surface-0004.bin").to_vec(), None)),
            (0x0012, (vec![], None)),
        ]
        .into();
        let jpki: HashMap<u16, (Vec<u8>, Option<u16>)> = [
            (0x000A, (td!("jpki-auth-cert.der").to_vec(), None)),
            (0x0001, (td!("jpki-sign-cert.der").to_vec(), Some(0x001B))),
            (0x0008, (vec![0x8F, 0x8F, 0x00], None)),
            (0x0018, (vec![], None)),
            (0x001B, (vec![], None)),
            (0x0017, (vec![], None)),
        ]
        .into();
        apps.insert(chip::AID_INPUT_HELPER.to_vec(), helper);
        apps.insert(chip::AID_CARD_FACE.to_vec(), face);
        apps.insert(chip::AID_JPKI.to_vec(), jpki);
        let keys = [
            ((chip::AID_INPUT_HELPER.to_vec(), 0x0011), (b"1234".to_vec(), 3)),
            ((chip::AID_CARD_FACE.to_vec(), 0x0012), (b"55021720352285".to_vec(), 10)),
            ((chip::AID_JPKI.to_vec(), 0x0018), (b"1234".to_vec(), 3)),
            ((chip::AID_JPKI.to_vec(), 0x001B), (b"ABC123".to_vec(), 5)),
        ]
        .into();
        Card { apps, keys: RefCell::new(keys), state: RefCell::default(), sent: RefCell::default() }
    }

    fn set_tries(&self, aid: &[u8], key: u16, n: u8) {
        self.keys.borrow_mut().get_mut(&(aid.to_vec(), key)).unwrap().1 = n;
    }

    fn answer(&self, a: &[u8]) -> Vec<u8> {
        let mut st = self.state.borrow_mut();
        let sw = |v: u16| v.to_be_bytes().to_vec();
        match (a[0], a[1], a[2]) {
            (0x00, 0xA4, 0x04) => {
                let aid = a[5..].to_vec();
                if self.apps.contains_key(&aid) {
                    *st = (aid, 0, vec![]);
                    sw(0x9000)
                } else {
                    sw(0x6A82)
                }
            }
            (0x00, 0xA4, 0x02) => {
                let fid = u16::from_be_bytes([a[5], a[6]]);
                match self.apps.get(&st.0) {
                    Some(files) if files.contains_key(&fid) => {
                        st.1 = fid;
                        sw(0x9000)
                    }
                    _ => sw(0x6A82),
                }
            }
            (0x00, 0xB0, _) => {
                let Some((data, need)) = self.apps.get(&st.0).and_then(|f| f.get(&st.1)) else { return sw(0x6986) };
                if need.is_some_and(|k| !st.2.contains(&k)) {
                    return sw(0x6982);
                }
                let off = usize::from(u16::from_be_bytes([a[2], a[3]]));
                let le = if a[4] == 0 { 256 } else { usize::from(a[4]) };
                let end = (off + le).min(data.len());
                let mut out = data.get(off..end).unwrap_or(&[]).to_vec();
                out.extend(sw(if end - off.min(end) < le { 0x6282 } else { 0x9000 }));
                out
            }
            (0x00, 0x20, _) => {
                let mut keys = self.keys.borrow_mut();
                let Some((pin, tries)) = keys.get_mut(&(st.0.clone(), st.1)) else { return sw(0x6A88) };
                if a.len() == 4 {
                    return sw(if *tries == 0 { 0x63C0 } else { 0x63C0 | u16::from(*tries) });
                }
                if *tries == 0 {
                    return sw(0x6984);
                }
                if &a[5..] == pin.as_slice() {
                    let key = st.1;
                    st.2.push(key);
                    sw(0x9000)
                } else {
                    *tries -= 1;
                    sw(0x63C0 | u16::from(*tries))
                }
            }
            _ => sw(0x6D00),
        }
    }
}

impl Transceiver for Card {
    fn transceive(&self, apdu: Vec<u8>) -> Result<Vec<u8>, TransportError> {
        let r = self.answer(&apdu);
        self.sent.borrow_mut().push(apdu);
        Ok(r)
    }
    fn max_apdu_length(&self) -> usize {
        crate::transport::SHORT_APDU_LENGTH
    }
}

fn options() -> MyNumberOptions {
    MyNumberOptions { trust: test_trust(), now_unix: Some(NOW), skip_image_decoding: true, ..Default::default() }
}

#[test]
fn pin_check_at_its_protocol_minimum() {
    let card = Card::new();
    let r = pin_check(&card, &options(), &FixedPin::new("１２３４"), false).unwrap();
    assert_eq!(r.kind, CardKind::MyNumberCard);
    assert_eq!(r.holder.name.as_deref(), Some("黒桐\u{3000}幹也"));
    assert_eq!(r.holder.birth_date_iso().as_deref(), Some("1980-02-17"));
    assert_eq!(r.verification.integrity, Some(Step::Ok));
    assert_eq!(r.verification.my_number_digest, None);
    assert!(r.verification.test_anchor);
    assert_eq!(r.verification.verdict, Verdict::Normal);
    assert_eq!(r.pins, vec![PinStatus { kind: PinKind::InputHelper, tries_left: 3, blocked: false }]);
    // identify 1, SELECT AP 1, SELECT key + tries + VERIFY 3, 0002 (104 B) 2, 0003 (336 B) 3,
    // 0004 (568 B) 4.
    assert_eq!(r.wire.apdus, 14);
    assert_eq!(card.sent.borrow()[4], hex::decode("002000800431323334").unwrap());
    assert!(format!("{r:?}").find("黒桐").is_none());

    let card = Card::new();
    let r = pin_check(&card, &options(), &FixedPin::new("1234"), true).unwrap();
    assert_eq!(r.individual_number.as_ref().map(|n| n.reveal()), Some("537686677188"));
    assert_eq!(r.individual_number.as_ref().map(|n| n.masked()).unwrap().chars().count(), 12);
    assert_eq!(r.verification.my_number_digest, Some(Step::Ok));
    assert_eq!(r.wire.apdus, 16);
    assert!(!format!("{r:?}").contains("537686677188"));
}

#[test]
fn pin_safety() {
    let card = Card::new();
    let e = pin_check(&card, &options(), &FixedPin::new("9999"), false).unwrap_err();
    assert_eq!((e.code(), e.tries_left()), ("wrong_pin", Some(2)));
    card.set_tries(&chip::AID_INPUT_HELPER, 0x0011, 1);
    let before = card.sent.borrow().len();
    let e = pin_check(&card, &options(), &FixedPin::new("1234"), false).unwrap_err();
    assert_eq!(e, MyNumberError::LastTryRefused { pin: PinKind::InputHelper });
    // identify, SELECT AP, SELECT key, read tries — and no VERIFY with data.
    assert_eq!(card.sent.borrow().len() - before, 4);
    let allow = MyNumberOptions { allow_last_try: true, ..options() };
    let e = pin_check(&card, &allow, &FixedPin::new("0000"), false).unwrap_err();
    assert_eq!(e, MyNumberError::PinBlocked { pin: PinKind::InputHelper });
    let e = pin_check(&card, &allow, &FixedPin::new("1234"), false).unwrap_err();
    assert_eq!(e.code(), "pin_blocked");
    // Malformed input: refused before any VERIFY with data.
    let card = Card::new();
    let e = pin_check(&card, &options(), &FixedPin::new("12a4"), false).unwrap_err();
    assert_eq!(e.code(), "invalid_pin");
    assert!(card.sent.borrow().iter().all(|a| !(a[1] == 0x20 && a.len() > 4)));
}

#[test]
fn in_person_check_and_its_verdicts() {
    let card = Card::new();
    let r = in_person_check(&card, &options(), "1980-02-17", "2035", "2285").unwrap();
    assert_eq!(r.holder.birth_date, Some((1980, 2, 17)));
    assert_eq!(r.holder.sex, Some(Sex::Male));
    assert_eq!(r.verification.tamper, Some(Step::Ok));
    assert_eq!(r.verification.anchor.as_deref(), Some("6000023/001"));
    assert_eq!(r.verification.verdict, Verdict::Normal);
    // identify 1, SELECT AP 1, SELECT key + tries + VERIFY 3, 0002 (3070 B) 1 + 12, 0004 1 + 3.
    assert_eq!(r.wire.apdus, 22);
    // Production CVC keys only: unknown CA, abnormal.
    let card = Card::new();
    let prod = MyNumberOptions { trust: MyNumberTrust::default(), ..options() };
    let r = in_person_check(&card, &prod, "1980-02-17", "2035", "2285").unwrap();
    assert_eq!(r.verification.tamper, Some(Step::Failed("unknown_ca")));
    assert_eq!(r.verification.verdict, Verdict::Abnormal);
    // A wrong 照合番号B is a wrong PIN with its tries; bad input never reaches the card.
    let e = in_person_check(&Card::new(), &options(), "1980-02-18", "2035", "2285").unwrap_err();
    assert_eq!((e.code(), e.tries_left()), ("wrong_pin", Some(9)));
    let card = Card::new();
    let e = in_person_check(&card, &options(), "1980-02-30", "2035", "2285").unwrap_err();
    assert_eq!(e.code(), "invalid_collation_input");
    assert!(card.sent.borrow().is_empty());
}

#[test]
fn status_and_signature_checks() {
    let card = Card::new();
    let s = status(&card, &options()).unwrap();
    let tries: Vec<(PinKind, u8)> = s.pins.iter().map(|p| (p.kind, p.tries_left)).collect();
    assert_eq!(
        tries,
        [(PinKind::InputHelper, 3), (PinKind::CollationB, 10), (PinKind::Auth, 3), (PinKind::Signature, 5)]
    );
    assert!(s.auth_certificate && s.signature_certificate);
    assert_eq!(s.wire.apdus, 14);

    let card = Card::new();
    let r = signature_check(&card, &options(), &FixedPin::new("abc123")).unwrap();
    assert_eq!(r.verification.chain, Some(Step::Ok));
    assert_eq!(r.verification.certificate_status, Some(CertificateStatus::Valid));
    assert!(!r.verification.revocation_checked && r.verification.test_anchor);
    assert_eq!(r.holder.birth_date_iso().as_deref(), Some("1980-02-17"));
    // identify, SELECT AP, 0008 2, key + tries + VERIFY 3, 0001 (1758 B) 1 + 7.
    assert_eq!(r.wire.apdus, 15);
    let later = MyNumberOptions { now_unix: Some(LATER), ..options() };
    let r = signature_check(&Card::new(), &later, &FixedPin::new("ABC123")).unwrap();
    assert_eq!((r.verification.chain, r.verification.certificate_status), (Some(Step::Ok), Some(CertificateStatus::Expired)));
    assert_eq!(r.verification.verdict, Verdict::Abnormal);
    // No signature certificate: found before the password is asked.
    let mut card = Card::new();
    card.apps.get_mut(chip::AID_JPKI.as_slice()).unwrap().insert(0x0008, (vec![0x00, 0x8F, 0x00], None));
    struct Never;
    impl PinSource for Never {
        fn pin(&self, _: &PinPrompt) -> Option<zeroize::Zeroizing<String>> {
            panic!("the password was asked")
        }
    }
    assert_eq!(signature_check(&card, &options(), &Never).unwrap_err(), MyNumberError::NoSignatureCertificate);
}

#[test]
fn a_card_without_my_number_applications() {
    let mut card = Card::new();
    card.apps.clear();
    assert_eq!(status(&card, &options()).unwrap_err(), MyNumberError::NotAMyNumberCard);
}

#[test]
fn read_card_on_a_my_number_card_says_so() {
    let card = Card::new();
    let number = crate::number::CardNumber::parse("AB12345678CD").unwrap();
    let e = crate::read_card(&number, &card, &crate::ReadOptions::default(), &crate::transport::NoProgress).unwrap_err();
    assert_eq!(e.code(), "my_number_card");
    assert_eq!(crate::present::from_read_error(&e).code, "my_number_card");
    // A card with no My Number application stays "not a residence card".
    let mut other = Card::new();
    other.apps.clear();
    let e = crate::read_card(&number, &other, &crate::ReadOptions::default(), &crate::transport::NoProgress).unwrap_err();
    assert_eq!(e.code(), "not_a_residence_card");
}
