//! Behaviour tests of the second-generation software card (gen2-chip.md §10): the official
//! Appendix 2 vectors byte for byte, the access rules of gen1-chip.md §11 under AES, the type-05/06
//! file maps, and each gen2 profile's exact content.

use std::collections::BTreeMap;

use super::fixtures::gen2 as fx2;
use super::profiles::{self, AID_ZAIRYU_AP};
use super::tests::{
    card, file, h, mutual_auth_apdu, mutual_auth_data, padded, plain_read, select, select_apdu, send, sw, sw_of,
};
use super::*;
use crate::chip::gen2;
use crate::crypto::{access_key, finish_mutual_authentication, start_mutual_authentication, Aes, CipherSuite, Key16};
use crate::number::CardNumber;
use crate::sm;

/// GET CHALLENGE + AES MUTUAL AUTHENTICATE with `number`; the status word and, on success, KSenc.
fn try_authenticate(card: &SoftCard, number: &str) -> (u16, Option<Key16>) {
    let resp = send(card, &h("00 84 00 00 08"));
    assert_eq!(sw_of(&resp), 0x9000);
    let kenc = access_key(&CardNumber::parse(number).unwrap());
    let req = start_mutual_authentication::<Aes>(&kenc, resp[..8].try_into().unwrap(), [0x22; 8], Key16::new([0x55; 16]));
    let resp = send(card, &mutual_auth_apdu(&req.command_data));
    let status = sw_of(&resp);
    let ks = (status == 0x9000).then(|| finish_mutual_authentication::<Aes>(&kenc, &req, &resp[..resp.len() - 2]).unwrap());
    (status, ks)
}

/// AES authentication with the profile's number; returns KSenc.
fn authenticate(card: &SoftCard) -> Key16 {
    let number = card.profile().card_number().as_str().to_string();
    let (status, ks) = try_authenticate(card, &number);
    assert_eq!(status, 0x9000);
    ks.unwrap()
}

fn verify_apdu(ks: &Key16, number: &str) -> Vec<u8> {
    sm::verify_command::<Aes>(ks, &CardNumber::parse(number).unwrap()).encode_auto().unwrap()
}

/// Authenticate and VERIFY with the card's own number (short APDUs only, so it works on every
/// transport).
pub(super) fn open(card: &SoftCard) -> Key16 {
    let ks = authenticate(card);
    let apdu = verify_apdu(&ks, card.profile().card_number().as_str());
    assert_eq!(sw_of(&send(card, &apdu)), 0x9000);
    ks
}

fn sm_read(card: &SoftCard, ks: &Key16, apdu: &str) -> Vec<u8> {
    let resp = send(card, &h(apdu));
    assert_eq!(sw_of(&resp), 0x9000, "{apdu}");
    sm::decrypt_response::<Aes>(ks, &resp[..resp.len() - 2]).unwrap()
}

/// Every file of a gen2 card after VERIFY, keyed `"MF/8B"`, `"DF1/84"`, …; files the card
/// answers `6A 82` for are absent.
fn read_all(name: &str) -> BTreeMap<String, Vec<u8>> {
    let c = card(name);
    let ks = open(&c);
    let mut out = BTreeMap::new();
    out.insert("MF/8B".into(), plain_read(&c, "00 B0 8B 00 00 00 00"));
    out.insert("MF/8A".into(), plain_read(&c, "00 B0 8A 00 00 00 00"));
    select(&c, &gen2::AID_DF1);
    for p1 in [0x81, 0x83, 0x84, 0x86] {
        let apdu = format!("08 B0 {p1:02X} 00 00 00 04 96 02 00 00 00 00");
        if sw(&c, &apdu) == 0x9000 {
            out.insert(format!("DF1/{p1:02X}"), sm_read(&c, &ks, &apdu));
        } else {
            assert_eq!(sw(&c, &apdu), 0x6A82, "{name} DF1/{p1:02X}");
        }
    }
    select(&c, &gen2::AID_DF2);
    for p1 in [0x81, 0x82, 0x83] {
        let apdu = format!("00 B0 {p1:02X} 00 00 00 00");
        match sw(&c, &apdu) {
            0x9000 => {
                out.insert(format!("DF2/{p1:02X}"), plain_read(&c, &apdu));
            }
            other => assert_eq!(other, 0x6A82, "{name} DF2/{p1:02X}"),
        }
    }
    select(&c, &gen2::AID_DF3);
    out.insert("DF3/82".into(), plain_read(&c, "00 B0 82 00 00 00 00"));
    out
}

fn name_face(name: &[u8], face: &[u8]) -> Vec<u8> {
    let mut v = padded(&h("D0 82 09 C4"), name, 2500);
    v.extend(padded(&h("D1 82 0B B8"), face, 3000));
    v
}

fn signature_file(check: &[u8], cert: &[u8]) -> Vec<u8> {
    let mut v = vec![0xDC, check.len() as u8];
    v.extend_from_slice(check);
    v.extend_from_slice(&[0xDD, 0x82, (cert.len() >> 8) as u8, cert.len() as u8]);
    v.extend_from_slice(cert);
    v.resize(v.len().max(704), 0);
    v
}

fn other_file() -> Vec<u8> {
    let mut v = h("D9 01 30");
    v.extend(padded(&h("DE 82 00 C8"), "テスト記録".as_bytes(), 200));
    v
}

fn c2(number: &str) -> Vec<u8> {
    let mut v = h("C2 0C");
    v.extend_from_slice(number.as_bytes());
    v
}

const KSENC_APPENDIX2: &str = "C19CF13D3D7FBEE9EA293D834C88952F";

fn appendix2_card() -> SoftCard {
    SoftCard::with_script(
        Profile::by_name("gen2-appendix2").unwrap(),
        vec![h("921CE277323DA057").try_into().unwrap()],
        vec![h("2CC6AF9B8B607C662FDCAD27B401D08B").try_into().unwrap()],
    )
}

const APPENDIX2_MUTUAL_AUTH: &str = "00 82 00 00 28 4A D3 C7 B6 BB 48 4A 52 77 19 77 DE D6 18 B4 1D
    F8 41 FA 04 76 A0 5F BE 04 1D EA D6 10 9E 77 3B AC 85 46 17 63 4F 53 97 00";
const APPENDIX2_VERIFY: &str = "08 20 00 86 13 86 11 01 EE 0B 31 EF 87 7F 68 D0 71 C5 6D 58 C7 2E 67 48";

// ---------------------------------------------------------------------------------------------
// Official vectors (gen2-chip.md §8)

#[test]
fn appendix2_vectors_byte_for_byte() {
    let card = appendix2_card();
    let ks = Key16::new(h(KSENC_APPENDIX2).try_into().unwrap());
    assert_eq!(send(&card, &h("00 B0 8A 00 00 00 00")), h("C1 02 30 35 90 00"));
    assert_eq!(send(&card, &h("00 84 00 00 08")), h("92 1C E2 77 32 3D A0 57 90 00"));
    assert_eq!(
        send(&card, &h(APPENDIX2_MUTUAL_AUTH)),
        h("28 9A 96 B1 DA 6A E3 DA 87 77 04 19 BF D1 4F 0B DA D1 5F 36 43 2B 5A 94 6C 18 8C 72 21 75 9A 62
           FA 94 2E C5 1E 62 FF 5F 90 00")
    );
    assert_eq!(send(&card, &h(APPENDIX2_VERIFY)), h("90 00"));
    assert!(card.is_verified());
    assert_eq!(send(&card, &h("00 A4 04 0C 10 D3 92 F0 00 4F 02 00 00 00 00 00 00 00 00 00 00")), h("90 00"));

    let ef03 = send(&card, &h("08 B0 84 00 00 00 04 96 02 00 00 00 00"));
    assert_eq!(ef03.len(), 5527);
    assert_eq!(&ef03[..5], &h("86 82 15 91 01")[..]);
    assert_eq!(&ef03[5525..], &[0x90, 0x00]);
    let raw = Aes::decrypt(&ks, &ef03[5..5525]).unwrap();
    let expected = name_face(fx2::NAME_05_TIFF, fx2::FACE_JP2);
    assert_eq!(expected.len(), 5508);
    assert_eq!(&raw[..5508], &expected[..]);
    assert_eq!(&raw[..5508], file(card.profile(), Some(&gen2::AID_DF1), gen2::SFI_NAME_FACE));
    assert_eq!(&raw[5508..], &h("80 00 00 00 00 00 00 00 00 00 00 00")[..]);
    assert_eq!(sm::decrypt_response::<Aes>(&ks, &ef03[..5525]).unwrap(), expected);

    assert_eq!(send(&card, &h("00 A4 04 0C 10 D3 92 F0 00 4F 04 00 00 00 00 00 00 00 00 00 00")), h("90 00"));
    let df3 = send(&card, &h("00 B0 82 00 00 00 00"));
    assert_eq!(df3.len(), 706);
    assert_eq!(&df3[..2], &h("DC 60")[..]);
    assert_eq!(&df3[2..98], fx2::CHECK_05_RAW);
    assert_eq!(&df3[98..102], &h("DD 82 02 50")[..]);
    assert_eq!(&df3[102..694], fx2::CARD_SIGNER_DER);
    assert!(df3[694..704].iter().all(|b| *b == 0));
    assert_eq!(&df3[704..], &[0x90, 0x00]);
    assert_eq!(card.apdu_count(), 8);
}

#[test]
fn appendix2_derived_sm_vectors() {
    // gen2-chip.md §8 "derived by us": DF1/EF01 holding "AA12345678BB" and DF2/EF02 holding D8 '1'.
    let card = appendix2_card();
    send(&card, &h("00 84 00 00 08"));
    assert_eq!(sw_of(&send(&card, &h(APPENDIX2_MUTUAL_AUTH))), 0x9000);
    assert_eq!(send(&card, &h(APPENDIX2_VERIFY)), h("90 00"));
    select(&card, &gen2::AID_DF1);
    assert_eq!(
        send(&card, &h("08 B0 81 00 04 96 02 00 00 00")),
        h("86 11 01 14 3D 16 76 C5 7E D6 59 B4 CA 6D A0 6D 25 15 91 90 00")
    );
    assert_eq!(
        send(&card, &h("08 B0 81 00 00 00 04 96 02 00 00 00 00")),
        h("86 11 01 14 3D 16 76 C5 7E D6 59 B4 CA 6D A0 6D 25 15 91 90 00")
    );
    select(&card, &gen2::AID_DF2);
    assert_eq!(
        send(&card, &h("08 B0 82 00 04 96 02 00 00 00")),
        h("86 11 01 F4 22 52 86 EB CE 29 50 CC 0C B3 CB 2C DC 7F 02 90 00")
    );
    // DF2 is readable plain too.
    assert_eq!(send(&card, &h("00 B0 82 00 00")), h("D8 01 31 90 00"));
}

// ---------------------------------------------------------------------------------------------
// Authentication

#[test]
fn first_generation_mutual_auth_gets_6300_on_every_gen2_profile() {
    // Not the hostile cards that attack GET CHALLENGE itself, nor the slow one (it would sleep).
    let attacks_challenge = |n: &str| ["64k-challenge", "endless-61xx", "hostile-slow"].iter().any(|a| n.contains(a));
    for name in Profile::names().iter().filter(|n| n.starts_with("gen2-") && !attacks_challenge(n)) {
        let c = card(name);
        assert_eq!(c.profile().kind(), ChipKind::Gen2, "{name}");
        // 3DES E.IFD and retail MAC under the card's own number: the CMAC check fails.
        let data = mutual_auth_data(&c, c.profile().card_number().as_str());
        assert_eq!(sw_of(&send(&c, &mutual_auth_apdu(&data))), 0x6300, "{name}");
        // The same card accepts AES with the same number.
        authenticate(&c);
    }
    // And the other way round: AES to a first-generation card fails too.
    let c = card("residence");
    assert_eq!(try_authenticate(&c, profiles::RESIDENCE_NUMBER).0, 0x6300);
}

#[test]
fn aes_mutual_auth_with_a_wrong_number_is_6300_and_clears_security() {
    let c = card("gen2-residence");
    open(&c);
    assert!(c.is_verified());
    assert_eq!(try_authenticate(&c, "EF98765432GJ").0, 0x6300);
    assert!(!c.is_verified());
    select(&c, &gen2::AID_DF2);
    assert_eq!(sw(&c, "00 B0 83 00 00"), 0x6982);
    assert_eq!(sw(&c, "08 B0 83 00 04 96 02 00 00 00"), 0x6982);
    // The challenge was consumed.
    assert_eq!(sw_of(&send(&c, &mutual_auth_apdu(&[0; 40]))), 0x6985);
}

#[test]
fn aes_mutual_auth_replay_and_order_rules() {
    let c = card("gen2-residence");
    assert_eq!(sw_of(&send(&c, &mutual_auth_apdu(&[0; 40]))), 0x6985);
    // A challenge discarded by another command.
    let resp = send(&c, &h("00 84 00 00 08"));
    let kenc = access_key(c.profile().card_number());
    let req = start_mutual_authentication::<Aes>(&kenc, resp[..8].try_into().unwrap(), [1; 8], Key16::new([2; 16]));
    assert_eq!(sw(&c, "00 B0 8A 00 00"), 0x9000);
    assert_eq!(sw_of(&send(&c, &mutual_auth_apdu(&req.command_data))), 0x6985);
    // A valid cryptogram over an older challenge.
    send(&c, &h("00 84 00 00 08"));
    assert_eq!(sw_of(&send(&c, &mutual_auth_apdu(&req.command_data))), 0x6300);
}

// ---------------------------------------------------------------------------------------------
// Access rules (gen1-chip.md §11 on the gen2 card)

#[test]
fn access_rules_on_the_gen2_card() {
    let c = card("gen2-residence");
    // No 在留AP on 05/06; a gen1 SFI does not exist here.
    assert_eq!(sw_of(&send(&c, &select_apdu(&AID_ZAIRYU_AP))), 0x6A82);
    assert_eq!(sw(&c, "00 B0 8B 00 00 00 00"), 0x9000);
    // VERIFY before authentication.
    assert_eq!(sw(&c, APPENDIX2_VERIFY), 0x6985);
    // DF files before authentication.
    select(&c, &gen2::AID_DF1);
    assert_eq!(sw(&c, "00 B0 81 00 00"), 0x6982);
    assert_eq!(sw(&c, "08 B0 81 00 04 96 02 00 00 00"), 0x6982);
    assert_eq!(sw(&c, "08 B0 85 00 04 96 02 00 00 00"), 0x6A82);
    for (aid, p1) in [(gen2::AID_DF2, "81"), (gen2::AID_DF2, "83"), (gen2::AID_DF3, "82")] {
        select(&c, &aid);
        assert_eq!(sw(&c, &format!("00 B0 {p1} 00 00 00 00")), 0x6982);
    }
    // Authenticated, not verified.
    let ks = authenticate(&c);
    assert_eq!(sw(&c, "08 B0 82 00 04 96 02 00 00 00"), 0x6982);
    select(&c, &gen2::AID_DF1);
    assert_eq!(sw(&c, "08 B0 84 00 04 96 02 00 00 00"), 0x6982);
    // VERIFY: CLA 00, wrong P1P2, malformed object, wrong number.
    let good = verify_apdu(&ks, profiles::GEN2_RESIDENCE_NUMBER);
    let mut plain = good.clone();
    plain[0] = 0x00;
    assert_eq!(sw_of(&send(&c, &plain)), 0x6982);
    let mut p2 = good.clone();
    p2[3] = 0x80;
    assert_eq!(sw_of(&send(&c, &p2)), 0x6A86);
    assert_eq!(sw(&c, "08 20 00 86 13 87 11 01 00000000000000000000000000000000"), 0x6988);
    let bad_pad = Aes::encrypt(&ks, b"EF98765432GH\x01\x02\x03\x04").unwrap();
    let mut apdu = h("08 20 00 86 13 86 11 01");
    apdu.extend_from_slice(&bad_pad);
    assert_eq!(sw_of(&send(&c, &apdu)), 0x6988);
    assert_eq!(sw_of(&send(&c, &verify_apdu(&ks, "EF98765432GJ"))), 0x6300);
    assert!(!c.is_verified());
    assert_eq!(sw(&c, "08 B0 81 00 04 96 02 00 00 00"), 0x6982);
    // Match.
    assert_eq!(sw_of(&send(&c, &good)), 0x9000);
    assert!(c.is_verified());
    // DF1 with CLA 00 is refused even after VERIFY; SM works.
    assert_eq!(sw(&c, "00 B0 81 00 00"), 0x6982);
    assert_eq!(sm_read(&c, &ks, "08 B0 81 00 04 96 02 00 00 00"), c2(profiles::GEN2_RESIDENCE_NUMBER));
    // Offset at/past end, offset reads of the current EF.
    assert_eq!(sw(&c, "08 B0 81 0E 04 96 02 00 00 00"), 0x6B00);
    assert_eq!(sm_read(&c, &ks, "08 B0 81 0D 04 96 02 00 00 00"), b"H".to_vec());
    assert_eq!(sm_read(&c, &ks, "08 B0 00 02 04 96 02 00 02 00"), b"EF".to_vec());
    assert_eq!(sw(&c, "08 B0 00 0E 04 96 02 00 00 00"), 0x6B00);
    // Bad wrapped Le.
    assert_eq!(sw(&c, "08 B0 81 00 04 97 02 00 00 00"), 0x6988);
    // SFIs that are not in DF1.
    assert_eq!(sw(&c, "08 B0 82 00 04 96 02 00 00 00"), 0x6A82);
    assert_eq!(sw(&c, "08 B0 85 00 04 96 02 00 00 00"), 0x6A82);
    select(&c, &gen2::AID_DF3);
    assert_eq!(sw(&c, "00 B0 82 00 00"), 0x9000);
    assert_eq!(sw(&c, "00 B0 02 C0 00"), 0x6B00);
    assert_eq!(plain_read(&c, "00 B0 02 BF 01"), vec![0]);
    // The MF files may be read with SM too.
    assert_eq!(sw(&c, "00 A4 00 00 02 3F 00"), 0x9000);
    assert_eq!(sm_read(&c, &ks, "08 B0 8A 00 04 96 02 00 00 00"), h("C1 02 30 35"));
    // A reset clears everything.
    c.reset();
    assert!(!c.is_verified());
    assert_eq!(sw_of(&send(&c, &good)), 0x6985);
}

#[test]
fn sm_response_sizes_match_the_spec() {
    // gen2-chip.md §4 "SM response sizes".
    for (name, printed_header) in [("gen2-residence", "86 51 01"), ("gen2-sprc", "86 31 01")] {
        let c = card(name);
        open(&c);
        select(&c, &gen2::AID_DF1);
        let get = |p1: &str| send(&c, &h(&format!("08 B0 {p1} 00 00 00 04 96 02 00 00 00 00")));
        let r = get("81");
        assert_eq!((&r[..3], r.len()), (&h("86 11 01")[..], 3 + 16 + 2));
        let r = get("83");
        let want = if name == "gen2-residence" { 80 } else { 48 };
        assert_eq!((&r[..3], r.len()), (&h(printed_header)[..], 3 + want + 2));
        let r = get("84");
        assert_eq!((&r[..5], r.len()), (&h("86 82 15 91 01")[..], 5527));
        let r = get("86");
        assert_eq!((&r[..5], r.len()), (&h("86 82 09 D1 01")[..], 5 + 2512 + 2));
    }
}

// ---------------------------------------------------------------------------------------------
// File maps and content

#[test]
fn gen2_residence_content_is_exact() {
    let f = read_all("gen2-residence");
    let keys: Vec<&str> = f.keys().map(String::as_str).collect();
    assert_eq!(keys, ["DF1/81", "DF1/83", "DF1/84", "DF1/86", "DF2/81", "DF2/82", "DF2/83", "DF3/82", "MF/8A", "MF/8B"]);
    assert_eq!(f["MF/8B"], h("C0 04 30 30 30 31"));
    assert_eq!(f["MF/8A"], h("C1 02 30 35"));
    assert_eq!(f["DF1/81"], c2("EF98765432GH"));
    assert_eq!(f["DF1/83"], fx2::PRINTED_05);
    assert_eq!(f["DF1/84"], name_face(fx2::NAME_05_TIFF, fx2::FACE_JP2));
    assert_eq!(f["DF1/86"], padded(&h("DF D1 82 09 C4"), fx2::ADDRESS_05_TIFF, 2500));
    assert_eq!(f["DF2/81"], h("D5 07 31 00 00 00 00 00 00 D6 08 3230333030333331 D7 01 30"));
    assert_eq!(f["DF2/82"], h("D8 01 31"));
    assert_eq!(f["DF2/83"], other_file());
    assert_eq!(f["DF2/83"].len(), gen2::CAP_OTHER);
    assert_eq!(f["DF3/82"], signature_file(fx2::CHECK_05_RAW, fx2::CARD_SIGNER_DER));
    // Capacities of gen2-chip.md §3.
    for (key, cap) in [
        ("MF/8A", gen2::CAP_CARD_TYPE),
        ("DF1/81", gen2::CAP_CARD_NUMBER),
        ("DF1/83", gen2::CAP_PRINTED_RESIDENCE),
        ("DF1/84", gen2::CAP_NAME_FACE),
        ("DF1/86", gen2::CAP_ADDRESS_IMAGE),
        ("DF2/81", gen2::CAP_PERMISSION),
        ("DF2/82", gen2::CAP_EXTENSION_APPLICATION),
        ("DF2/83", gen2::CAP_OTHER),
        ("DF3/82", gen2::CAP_SIGNATURE),
    ] {
        assert_eq!(f[key].len(), cap, "{key}");
    }
    assert_eq!(profiles::GEN2_RESIDENCE_NUMBER, "EF98765432GH");
    assert_eq!(profiles::GEN2_RESERVED_TEXT, "テスト記録");
}

#[test]
fn printed_constants_match_the_fixtures() {
    fn build(entries: &[(u32, &str)]) -> Vec<u8> {
        let mut out = Vec::new();
        for ((tag, value), (field_tag, len)) in entries.iter().zip(gen2::PRINTED_FIELDS.iter()) {
            assert_eq!(tag, field_tag);
            out.extend(padded(&[*tag as u8, *len as u8], value.as_bytes(), *len));
        }
        out
    }
    assert_eq!(build(&profiles::GEN2_RESIDENCE_PRINTED), fx2::PRINTED_05);
    assert_eq!(build(&profiles::GEN2_SPRC_PRINTED), fx2::PRINTED_06);
    assert_eq!(build(&profiles::GEN2_UNDER1_PRINTED), fx2::PRINTED_UNDER1);
}

#[test]
fn type_06_has_no_permission_files() {
    let f = read_all("gen2-sprc");
    let keys: Vec<&str> = f.keys().map(String::as_str).collect();
    assert_eq!(keys, ["DF1/81", "DF1/83", "DF1/84", "DF1/86", "DF2/83", "DF3/82", "MF/8A", "MF/8B"]);
    assert_eq!(f["MF/8A"], h("C1 02 30 36"));
    assert_eq!(f["DF1/81"], c2("JK24681357LM"));
    assert_eq!(f["DF1/83"], fx2::PRINTED_06);
    assert_eq!(f["DF1/83"].len(), gen2::CAP_PRINTED_SPRC);
    assert_eq!(f["DF1/84"], name_face(fx2::NAME_06_TIFF, fx2::FACE_JP2));
    assert_eq!(f["DF1/86"], padded(&h("DF D1 82 09 C4"), fx2::ADDRESS_06_TIFF, 2500));
    assert_eq!(f["DF2/83"], other_file());
    assert_eq!(f["DF3/82"], signature_file(fx2::CHECK_06_RAW, fx2::CARD_SIGNER_DER));

    let c = card("gen2-sprc");
    open(&c);
    select(&c, &gen2::AID_DF2);
    assert_eq!(sw(&c, "00 B0 81 00 00"), 0x6A82);
    assert_eq!(sw(&c, "00 B0 82 00 00"), 0x6A82);
    assert_eq!(sw(&c, "08 B0 81 00 04 96 02 00 00 00"), 0x6A82);

    let f = read_all("gen2-sprc-other-81");
    let keys: Vec<&str> = f.keys().map(String::as_str).collect();
    assert_eq!(keys, ["DF1/81", "DF1/83", "DF1/84", "DF1/86", "DF2/81", "DF3/82", "MF/8A", "MF/8B"]);
    assert_eq!(f["DF2/81"], other_file());
    let c = card("gen2-sprc-other-81");
    open(&c);
    select(&c, &gen2::AID_DF2);
    assert_eq!(sw(&c, "00 B0 83 00 00"), 0x6A82);
    assert_eq!(sw(&c, "00 B0 82 00 00"), 0x6A82);
    assert_eq!(plain_read(&c, "00 B0 81 00 03"), h("D9 01 30"));
}

#[test]
fn signature_variants_serve_the_right_fixtures() {
    for (name, check, cert) in [
        ("gen2-residence", fx2::CHECK_05_RAW, fx2::CARD_SIGNER_DER),
        ("gen2-residence-der", fx2::CHECK_05_DER, fx2::CARD_SIGNER_DER),
        ("gen2-rogue-ca", fx2::CHECK_05_ROGUE_RAW, fx2::CARD_SIGNER_ROGUE_DER),
        ("gen2-wrong-key", fx2::CHECK_05_WRONGKEY_RAW, fx2::CARD_SIGNER_DER),
    ] {
        let f = read_all(name);
        assert_eq!(f["DF3/82"], signature_file(check, cert), "{name}");
        assert_eq!(f["DF3/82"].len(), 704, "{name}");
        assert_eq!(f["DF1/84"], name_face(fx2::NAME_05_TIFF, fx2::FACE_JP2), "{name}");
    }
    let der = read_all("gen2-residence-der")["DF3/82"].clone();
    assert_eq!(&der[..2], &h("DC 68")[..]);
    assert_eq!(&der[106..110], &h("DD 82 02 50")[..]);
}

#[test]
fn under1_profiles() {
    let f = read_all("gen2-under1");
    assert_eq!(f["DF1/81"], c2("NP11335577QR"));
    assert_eq!(f["DF1/83"], fx2::PRINTED_UNDER1);
    assert_eq!(f["DF1/84"], name_face(fx2::NAME_UNDER1_TIFF, b""));
    assert!(f["DF1/84"][2508..].iter().all(|b| *b == 0));
    assert_eq!(&f["DF1/84"][2504..2508], &h("D1 82 0B B8")[..]);
    assert_eq!(f["DF1/86"], padded(&h("DF D1 82 09 C4"), fx2::ADDRESS_05_TIFF, 2500));
    assert_eq!(f["DF3/82"], signature_file(fx2::CHECK_UNDER1_RAW, fx2::CARD_SIGNER_DER));
    assert_eq!(f["DF2/82"], h("D8 01 31"));

    let unsigned = read_all("gen2-under1-unsigned");
    assert_eq!(unsigned["DF3/82"], vec![0; 704]);
    for key in ["DF1/81", "DF1/83", "DF1/84", "DF1/86", "DF2/81", "DF2/82", "DF2/83"] {
        assert_eq!(unsigned[key], f[key], "{key}");
    }
}

#[test]
fn tampered_profiles_change_one_signed_field() {
    let genuine = read_all("gen2-residence");
    let tampered = read_all("gen2-tampered");
    let a = &genuine["DF1/84"];
    let b = &tampered["DF1/84"];
    let diffs: Vec<usize> = (0..a.len()).filter(|i| a[*i] != b[*i]).collect();
    assert_eq!(diffs.len(), 1);
    // Inside the name TIFF, past its 8-byte header.
    assert!((4 + 8..4 + fx2::NAME_05_TIFF.len()).contains(&diffs[0]), "{}", diffs[0]);
    for key in genuine.keys().filter(|k| *k != "DF1/84") {
        assert_eq!(genuine[key], tampered[key], "{key}");
    }

    let printed = read_all("gen2-tampered-printed");
    let mut expected = fx2::PRINTED_05.to_vec();
    expected[2..10].copy_from_slice(b"20390331");
    assert_eq!(printed["DF1/83"], expected);
    assert_eq!(profiles::GEN2_TAMPERED_CARD_EXPIRY, "20390331");
    for key in genuine.keys().filter(|k| *k != "DF1/83") {
        assert_eq!(genuine[key], printed[key], "{key}");
    }
}

#[test]
fn malformed_printed_claims_more_than_the_file() {
    let f = read_all("gen2-malformed-printed");
    assert_eq!(&f["DF1/83"][..4], &h("C5 82 0F FF")[..]);
    assert_eq!(&f["DF1/83"][4..], &fx2::PRINTED_05[4..]);
    assert_eq!(f["DF1/83"].len(), 73);
}

#[test]
fn appendix2_profile_differs_only_in_its_number() {
    let a = read_all("gen2-appendix2");
    let r = read_all("gen2-residence");
    assert_eq!(a["DF1/81"], c2("AA12345678BB"));
    for key in r.keys().filter(|k| *k != "DF1/81") {
        assert_eq!(a[key], r[key], "{key}");
    }
}

// ---------------------------------------------------------------------------------------------
// Transport faults

#[test]
fn short_apdu_profile_reads_in_separately_enciphered_chunks() {
    let c = card("gen2-short-apdu");
    assert_eq!(c.max_apdu_length(), crate::transport::SHORT_APDU_LENGTH);
    assert_eq!(sw(&c, "00 B0 8A 00 00 00 00"), 0x6700);
    assert_eq!(send(&c, &h("00 B0 8A 00 00")), h("C1 02 30 35 90 00"));
    let ks = open(&c);
    select(&c, &gen2::AID_DF1);
    assert_eq!(sw(&c, "08 B0 84 00 00 00 04 96 02 00 00 00 00"), 0x6700);
    for (p1, sfi) in [(0x84u8, gen2::SFI_NAME_FACE), (0x86, gen2::SFI_ADDRESS_IMAGE)] {
        let expected = file(c.profile(), Some(&gen2::AID_DF1), sfi).to_vec();
        let first = send(&c, &h(&format!("08 B0 {p1:02X} 00 04 96 02 00 E0 00")));
        // 224 plaintext bytes → 240 ciphertext bytes → `86 81 F1 01`.
        assert_eq!(&first[..4], &h("86 81 F1 01")[..]);
        assert_eq!(first.len(), 4 + 240 + 2);
        let mut got = sm::decrypt_response::<Aes>(&ks, &first[..first.len() - 2]).unwrap();
        assert_eq!(got, expected[..224]);
        while got.len() < expected.len() {
            let off = got.len();
            let resp = send(&c, &h(&format!("08 B0 {:02X} {:02X} 04 96 02 00 E0 00", off >> 8, off & 0xFF)));
            assert_eq!(sw_of(&resp), 0x9000);
            assert!(resp.len() <= 258);
            let chunk = sm::decrypt_response::<Aes>(&ks, &resp[..resp.len() - 2]).unwrap();
            assert_eq!(chunk, expected[off..(off + 224).min(expected.len())], "offset {off}");
            got.extend(chunk);
        }
        assert_eq!(got, expected);
    }
    // 239 plaintext bytes still fit a short response with AES; 240 do not.
    let resp = send(&c, &h("08 B0 00 00 04 96 02 00 EF 00"));
    assert_eq!((resp.len(), sw_of(&resp)), (3 + 1 + 240 + 2, 0x9000));
    assert_eq!(sw(&c, "08 B0 00 00 04 96 02 00 F0 00"), 0x6700);
    assert_eq!(sw(&c, "08 B0 00 00 04 96 02 00 00 00"), 0x6700);
}

#[test]
fn pulled_away_errors_from_the_sixth_apdu() {
    let c = card("gen2-pulled-away");
    for i in 1..profiles::GEN2_PULLED_AWAY_AFTER {
        assert!(c.transceive(h("00 B0 8A 00 00")).is_ok(), "APDU {i}");
    }
    assert_eq!(c.transceive(h("00 B0 8A 00 00")), Err(crate::TransportError::CardRemoved));
    assert_eq!(c.transceive(h("00 84 00 00 08")), Err(crate::TransportError::CardRemoved));
    assert_eq!(c.transcript().len(), profiles::GEN2_PULLED_AWAY_AFTER - 1);
}

#[test]
fn gen2_profiles_describe_themselves_without_personal_data() {
    for name in Profile::names().iter().filter(|n| n.starts_with("gen2-")) {
        let p = Profile::by_name(name).unwrap();
        let d = p.description();
        assert!(d.starts_with("Second-generation"), "{name}: {d}");
        assert!(!d.contains(p.card_number().as_str()) && !d.contains("TEST"), "{name}: {d}");
    }
}
