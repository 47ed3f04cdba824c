//! Behaviour tests of the software card: the spec's Appendix 2 trace byte for byte, every row of
//! the gen1-chip.md §11 table, each profile's distinctive behaviour, and a no-panic property.

use super::profiles::{self, AID_ZAIRYU_AP};
use super::*;
use crate::chip::gen1;
use crate::crypto::{access_key, finish_mutual_authentication, start_mutual_authentication, CipherSuite, Key16, Tdes};
use crate::number::CardNumber;
use crate::sm;

pub(super) fn h(s: &str) -> Vec<u8> {
    hex::decode(s.split_whitespace().collect::<String>()).unwrap()
}

pub(super) fn card(name: &str) -> SoftCard {
    SoftCard::with_seed(Profile::by_name(name).unwrap(), 7)
}

pub(super) fn send(card: &SoftCard, apdu: &[u8]) -> Vec<u8> {
    card.transceive(apdu.to_vec()).unwrap()
}

pub(super) fn sw_of(resp: &[u8]) -> u16 {
    assert!(resp.len() >= 2);
    u16::from_be_bytes([resp[resp.len() - 2], resp[resp.len() - 1]])
}

pub(super) fn sw(card: &SoftCard, apdu: &str) -> u16 {
    sw_of(&send(card, &h(apdu)))
}

pub(super) fn select_apdu(aid: &[u8]) -> Vec<u8> {
    let mut a = vec![0x00, 0xA4, 0x04, 0x0C, aid.len() as u8];
    a.extend_from_slice(aid);
    a
}

pub(super) fn select(card: &SoftCard, aid: &[u8]) {
    assert_eq!(sw_of(&send(card, &select_apdu(aid))), 0x9000);
}

pub(super) fn mutual_auth_data(card: &SoftCard, number: &str) -> Vec<u8> {
    let resp = send(card, &h("00 84 00 00 08"));
    assert_eq!(sw_of(&resp), 0x9000);
    let kenc = access_key(&CardNumber::parse(number).unwrap());
    let req = start_mutual_authentication::<Tdes>(&kenc, resp[..8].try_into().unwrap(), [0x11; 8], Key16::new([0x40; 16]));
    req.command_data.clone()
}

/// GET CHALLENGE + MUTUAL AUTHENTICATE with the profile's number; returns KSenc.
fn authenticate(card: &SoftCard) -> Key16 {
    let number = card.profile().card_number().clone();
    let resp = send(card, &h("00 84 00 00 08"));
    assert_eq!(sw_of(&resp), 0x9000);
    let kenc = access_key(&number);
    let req = start_mutual_authentication::<Tdes>(&kenc, resp[..8].try_into().unwrap(), [0x11; 8], Key16::new([0x40; 16]));
    let mut apdu = h("00 82 00 00 28");
    apdu.extend_from_slice(&req.command_data);
    apdu.push(0x00);
    let resp = send(card, &apdu);
    assert_eq!(sw_of(&resp), 0x9000);
    finish_mutual_authentication::<Tdes>(&kenc, &req, &resp[..resp.len() - 2]).unwrap()
}

fn verify_apdu(ks: &Key16, number: &str) -> Vec<u8> {
    sm::verify_command::<Tdes>(ks, &CardNumber::parse(number).unwrap()).encode_auto().unwrap()
}

/// Authenticate and VERIFY with the card's own number.
fn open(card: &SoftCard) -> Key16 {
    let ks = authenticate(card);
    let apdu = verify_apdu(&ks, card.profile().card_number().as_str());
    assert_eq!(sw_of(&send(card, &apdu)), 0x9000);
    ks
}

fn sm_read(card: &SoftCard, ks: &Key16, apdu: &str) -> Vec<u8> {
    let resp = send(card, &h(apdu));
    assert_eq!(sw_of(&resp), 0x9000, "{apdu}");
    sm::decrypt_response::<Tdes>(ks, &resp[..resp.len() - 2]).unwrap()
}

pub(super) fn plain_read(card: &SoftCard, apdu: &str) -> Vec<u8> {
    let resp = send(card, &h(apdu));
    assert_eq!(sw_of(&resp), 0x9000, "{apdu}");
    resp[..resp.len() - 2].to_vec()
}

pub(super) fn file<'a>(p: &'a Profile, aid: Option<&[u8]>, sfi: u8) -> &'a [u8] {
    p.file(aid, sfi).unwrap()
}

// ---------------------------------------------------------------------------------------------
// Appendix 2 (gen1-chip.md §10)

#[test]
fn appendix2_trace_byte_for_byte() {
    let card = SoftCard::with_script(
        Profile::by_name("appendix2").unwrap(),
        vec![h("5A6E7E385162B7A3").try_into().unwrap()],
        vec![h("19D049490FFF52EEDBFCB930BC810ED0").try_into().unwrap()],
    );
    let ks = Key16::new(h("CE94938E19E3B97DF96EABCEDC1715CC").try_into().unwrap());

    assert_eq!(send(&card, &h("00 84 00 00 08")), h("5A 6E 7E 38 51 62 B7 A3 90 00"));
    assert_eq!(
        send(
            &card,
            &h("00 82 00 00 28 93 77 45 C2 08 83 A1 BA D1 E0 41 93 72 2A 15 92
                37 8F 81 A8 F1 DC 58 91 57 AE B0 F7 54 4F A1 BA 1A D7 FB 6A 33 89 E0 17 00")
        ),
        h("58 60 77 5B 4D 03 2C C5 64 BA 20 4B 8E A8 68 F6 94 A7 4E 74 75 A8 FE F2 40 58 8B DA 1A F4 96 CE
           59 38 8F D6 CD 45 24 8B 90 00")
    );
    assert_eq!(send(&card, &h("08 20 00 86 13 86 11 01 1A A8 29 73 DB 95 9A 81 1F 97 11 D7 28 F0 EE F6")), h("90 00"));
    assert_eq!(send(&card, &h("00 A4 04 0C 10 D3 92 F0 00 4F 02 00 00 00 00 00 00 00 00 00 00")), h("90 00"));

    let p = card.profile().clone();
    let front = send(&card, &h("08 B0 85 00 00 00 04 96 02 00 00 00 00"));
    assert_eq!(front.len(), 7015);
    assert_eq!(&front[..5], &h("86 82 1B 61 01")[..]);
    assert_eq!(&front[7013..], &[0x90, 0x00]);
    let raw = Tdes::decrypt(&ks, &front[5..7013]).unwrap();
    assert_eq!(&raw[..4], &h("D0 82 1B 58")[..]);
    assert_eq!(&raw[..7004], file(&p, Some(&gen1::AID_DF1), gen1::SFI_FRONT_IMAGE));
    assert_eq!(&raw[4..4 + fixtures::FRONT_RESIDENCE_TIFF.len()], fixtures::FRONT_RESIDENCE_TIFF);
    assert_eq!(&raw[7004..], &h("80 00 00 00")[..]);
    assert_eq!(sm::decrypt_response::<Tdes>(&ks, &front[..7013]).unwrap().len(), 7004);

    let face = send(&card, &h("08 B0 86 00 00 00 04 96 02 00 00 00 00"));
    assert_eq!(face.len(), 3015);
    assert_eq!(&face[..5], &h("86 82 0B C1 01")[..]);
    let raw = Tdes::decrypt(&ks, &face[5..3013]).unwrap();
    assert_eq!(&raw[..4], &h("D1 82 0B B8")[..]);
    assert_eq!(&raw[..3004], file(&p, Some(&gen1::AID_DF1), gen1::SFI_FACE_IMAGE));
    assert_eq!(&raw[3004..], &h("80 00 00 00")[..]);

    assert_eq!(send(&card, &h("00 A4 04 0C 10 D3 92 F0 00 4F 04 00 00 00 00 00 00 00 00 00 00")), h("90 00"));
    let df3 = send(&card, &h("00 B0 82 00 00 00 00"));
    assert_eq!(df3.len(), 1466);
    assert_eq!(&df3[..4], &h("DA 82 01 00")[..]);
    assert_eq!(&df3[4..260], fixtures::CHECK_RESIDENCE_RAW);
    assert_eq!(&df3[260..264], &h("DB 82 04 B0")[..]);
    assert_eq!(&df3[264..264 + fixtures::CARD_SIGNER_DER.len()], fixtures::CARD_SIGNER_DER);
    assert!(df3[264 + fixtures::CARD_SIGNER_DER.len()..1464].iter().all(|b| *b == 0));
    assert_eq!(&df3[1464..], &[0x90, 0x00]);
    assert_eq!(card.apdu_count(), 8);
    assert_eq!(card.transcript().len(), 8);
}

#[test]
fn appendix2_derived_sm_vectors() {
    // gen1-chip.md §10 "extra vectors derived by us": SM reads of MF/EF02 and DF2/EF04.
    let card = SoftCard::with_script(
        Profile::by_name("appendix2").unwrap(),
        vec![h("5A6E7E385162B7A3").try_into().unwrap()],
        vec![h("19D049490FFF52EEDBFCB930BC810ED0").try_into().unwrap()],
    );
    send(&card, &h("00 84 00 00 08"));
    send(&card, &h("00 82 00 00 28 937745C20883A1BAD1E04193722A1592378F81A8F1DC589157AEB0F7544FA1BA 1AD7FB6A3389E017 00"));
    assert_eq!(send(&card, &h("08 B0 8A 00 04 96 02 00 00 00")), h("86 09 01 85 48 04 F7 56 3E C6 D2 90 00"));
    assert_eq!(send(&card, &h("08 20 00 86 13 86 11 01 1A A8 29 73 DB 95 9A 81 1F 97 11 D7 28 F0 EE F6")), h("90 00"));
    select(&card, &gen1::AID_DF2);
    assert_eq!(send(&card, &h("08 B0 84 00 04 96 02 00 00 00")), h("86 09 01 BF F5 96 EB B0 C3 E4 27 90 00"));
}

// ---------------------------------------------------------------------------------------------
// Dispatch: parsing, CLA, INS

#[test]
fn malformed_apdus_answer_6700() {
    let c = card("residence");
    for bad in ["00", "00 B0 8B", "00 B0 8B 00 05 01", "00 B0 8B 00 00 00", "00 A4 04 0C 10 D3 92", "00 A4 00 00 00 00 03 3F 00"] {
        assert_eq!(sw(&c, bad), 0x6700, "{bad}");
    }
    assert_eq!(send(&c, &[]), h("67 00"));
}

#[test]
fn cla_rules() {
    let c = card("residence");
    assert_eq!(sw(&c, "80 B0 8B 00 00"), 0x6E00);
    assert_eq!(sw(&c, "0C B0 8B 00 00"), 0x6E00);
    assert_eq!(sw(&c, "FF B0 8B 00 00"), 0x6E00);
    assert_eq!(sw(&c, "01 B0 8B 00 00"), 0x6881);
    assert_eq!(sw(&c, "0B B0 8B 00 00"), 0x6881);
    assert_eq!(sw(&c, "40 B0 8B 00 00"), 0x6881);
    assert_eq!(sw(&c, "00 B0 8B 00 00"), 0x9000);
}

#[test]
fn unknown_ins_answers_6d00() {
    let c = card("residence");
    assert_eq!(sw(&c, "00 CA 00 00 00"), 0x6D00);
    assert_eq!(sw(&c, "00 D6 81 00 01 00"), 0x6D00);
    assert_eq!(sw(&c, "00 88 00 00 08 00 00 00 00 00 00 00 00"), 0x6D00);
}

#[test]
fn excess_data_is_tolerated_only_where_the_spec_says() {
    let c = card("residence");
    // SELECT with more data than Lc: Lc bytes are used.
    let mut apdu = select_apdu(&gen1::AID_DF1);
    apdu.extend_from_slice(&[0xEE, 0xEE, 0xEE]);
    assert_eq!(sw_of(&send(&c, &apdu)), 0x9000);
    // READ BINARY with trailing garbage is malformed.
    assert_eq!(sw(&c, "00 B0 8B 00 02 AA BB CC DD"), 0x6700);
}

// ---------------------------------------------------------------------------------------------
// SELECT

#[test]
fn select_rows() {
    let c = card("residence");
    assert_eq!(sw(&c, "00 A4 00 00 02 3F 00"), 0x9000);
    select(&c, &gen1::AID_DF1);
    select(&c, &gen1::AID_DF2);
    select(&c, &gen1::AID_DF3);
    // Unknown AID, or the 在留AP on a first-generation card.
    assert_eq!(sw_of(&send(&c, &select_apdu(&[0xA0, 0, 0, 0, 0x03, 0x10, 0x10]))), 0x6A82);
    assert_eq!(sw_of(&send(&c, &select_apdu(&AID_ZAIRYU_AP))), 0x6A82);
    assert_eq!(sw(&c, "00 A4 00 00 02 3F 01"), 0x6A82);
    // Wrong P1P2, Lc inconsistent with P1P2, SM.
    assert_eq!(sw(&c, "00 A4 04 00 10 D3 92 F0 00 4F 02 00 00 00 00 00 00 00 00 00 00"), 0x6A86);
    assert_eq!(sw(&c, "00 A4 02 0C 02 00 01"), 0x6A86);
    assert_eq!(sw(&c, "00 A4 00 00 03 3F 00 00"), 0x6A87);
    assert_eq!(sw(&c, "00 A4 04 0C 11 D3 92 F0 00 4F 02 00 00 00 00 00 00 00 00 00 00 00"), 0x6A87);
    assert_eq!(sw(&c, "08 A4 04 0C 10 D3 92 F0 00 4F 02 00 00 00 00 00 00 00 00 00 00"), 0x6882);
}

#[test]
fn select_clears_current_ef_and_keeps_security() {
    let c = card("residence");
    let ks = open(&c);
    select(&c, &gen1::AID_DF2);
    assert_eq!(sw(&c, "00 B0 81 00 00"), 0x9000);
    assert_eq!(sw(&c, "00 B0 00 10 10"), 0x9000);
    select(&c, &gen1::AID_DF2);
    assert_eq!(sw(&c, "00 B0 00 10 10"), 0x6986);
    assert_eq!(sw(&c, "00 A4 00 00 02 3F 00"), 0x9000);
    assert_eq!(sw(&c, "00 B0 00 00 01"), 0x6986);
    // Still verified after SELECT MF and DFs.
    select(&c, &gen1::AID_DF1);
    let face = sm_read(&c, &ks, "08 B0 86 00 00 00 04 96 02 00 00 00 00");
    assert_eq!(face, file(c.profile(), Some(&gen1::AID_DF1), gen1::SFI_FACE_IMAGE));
}

// ---------------------------------------------------------------------------------------------
// GET CHALLENGE

#[test]
fn get_challenge_rows() {
    let c = card("residence");
    assert_eq!(sw(&c, "00 84 00 00 04"), 0x6700);
    assert_eq!(sw(&c, "00 84 00 00 00"), 0x6700);
    assert_eq!(sw(&c, "00 84 00 00"), 0x6700);
    assert_eq!(sw(&c, "00 84 00 00 00 00 10"), 0x6700);
    assert_eq!(sw(&c, "00 84 01 00 08"), 0x6A86);
    assert_eq!(sw(&c, "00 84 00 01 08"), 0x6A86);
    assert_eq!(sw(&c, "08 84 00 00 08"), 0x6882);
    let a = send(&c, &h("00 84 00 00 08"));
    let b = send(&c, &h("00 84 00 00 08"));
    assert_eq!((a.len(), sw_of(&a)), (10, 0x9000));
    assert_ne!(a, b, "fresh random every time");
}

#[test]
fn seeded_cards_are_reproducible() {
    let a = SoftCard::with_seed(Profile::by_name("residence").unwrap(), 42);
    let b = SoftCard::with_seed(Profile::by_name("residence").unwrap(), 42);
    let other = SoftCard::with_seed(Profile::by_name("residence").unwrap(), 43);
    let ch = |c: &SoftCard| send(c, &h("00 84 00 00 08"));
    assert_eq!(ch(&a), ch(&b));
    assert_ne!(ch(&a), ch(&other));
    let os = SoftCard::new(Profile::by_name("residence").unwrap());
    assert_eq!(sw_of(&ch(&os)), 0x9000);
}

// ---------------------------------------------------------------------------------------------
// MUTUAL AUTHENTICATE

pub(super) fn mutual_auth_apdu(data: &[u8]) -> Vec<u8> {
    let mut apdu = h("00 82 00 00 28");
    apdu.extend_from_slice(data);
    apdu.push(0);
    apdu
}

#[test]
fn mutual_auth_without_challenge_is_6985() {
    let c = card("residence");
    assert_eq!(sw_of(&send(&c, &mutual_auth_apdu(&[0; 40]))), 0x6985);
}

#[test]
fn challenge_is_single_use() {
    let c = card("residence");
    let data = mutual_auth_data(&c, profiles::RESIDENCE_NUMBER);
    assert_eq!(sw_of(&send(&c, &mutual_auth_apdu(&data))), 0x9000);
    assert_eq!(sw_of(&send(&c, &mutual_auth_apdu(&data))), 0x6985);
}

#[test]
fn challenge_is_discarded_by_another_command_by_default() {
    let c = card("residence");
    let data = mutual_auth_data(&c, profiles::RESIDENCE_NUMBER);
    assert_eq!(sw(&c, "00 B0 8B 00 00"), 0x9000);
    assert_eq!(sw_of(&send(&c, &mutual_auth_apdu(&data))), 0x6985);

    let lenient = Profile::by_name("residence")
        .unwrap()
        .with_behaviour(Behaviour { challenge_survives_other_commands: true });
    let c = SoftCard::with_seed(lenient, 1);
    let data = mutual_auth_data(&c, profiles::RESIDENCE_NUMBER);
    assert_eq!(sw(&c, "00 B0 8B 00 00"), 0x9000);
    assert_eq!(sw_of(&send(&c, &mutual_auth_apdu(&data))), 0x9000);
}

#[test]
fn mutual_auth_wrong_lc_is_6700_and_consumes_the_challenge() {
    let c = card("residence");
    let data = mutual_auth_data(&c, profiles::RESIDENCE_NUMBER);
    let mut short = h("00 82 00 00 27");
    short.extend_from_slice(&data[..39]);
    short.push(0);
    assert_eq!(sw_of(&send(&c, &short)), 0x6700);
    assert_eq!(sw_of(&send(&c, &mutual_auth_apdu(&data))), 0x6985);
}

#[test]
fn mutual_auth_wrong_number_is_6300_and_clears_security() {
    let c = card("residence");
    open(&c);
    assert!(c.is_verified());
    // Wrong number → wrong key → M.IFD does not verify.
    let data = mutual_auth_data(&c, "AB12345678CE");
    assert_eq!(sw_of(&send(&c, &mutual_auth_apdu(&data))), 0x6300);
    assert!(!c.is_verified());
    select(&c, &gen1::AID_DF2);
    assert_eq!(sw(&c, "00 B0 81 00 00"), 0x6982);
    assert_eq!(sw(&c, "08 B0 81 00 04 96 02 00 00 00"), 0x6982);
    // The challenge was consumed: a retry needs a new one.
    assert_eq!(sw_of(&send(&c, &mutual_auth_apdu(&data))), 0x6985);
}

#[test]
fn mutual_auth_with_stale_rnd_icc_is_6300() {
    let c = card("residence");
    // Valid MAC under the right key, but over an older challenge (a replay).
    let old = mutual_auth_data(&c, profiles::RESIDENCE_NUMBER);
    send(&c, &h("00 84 00 00 08"));
    assert_eq!(sw_of(&send(&c, &mutual_auth_apdu(&old))), 0x6300);
}

#[test]
fn appendix2_wrong_number_key_fails_at_mutual_auth() {
    // gen1-chip.md §10: AA12345678BC gives another Kenc; the card answers 63 00.
    let c = card("appendix2");
    let data = mutual_auth_data(&c, "AA12345678BC");
    assert_eq!(sw_of(&send(&c, &mutual_auth_apdu(&data))), 0x6300);
}

#[test]
fn successful_mutual_auth_resets_verified() {
    let c = card("residence");
    open(&c);
    assert!(c.is_verified());
    authenticate(&c);
    assert!(!c.is_verified());
    select(&c, &gen1::AID_DF3);
    assert_eq!(sw(&c, "00 B0 82 00 00"), 0x6982);
}

// ---------------------------------------------------------------------------------------------
// VERIFY

#[test]
fn verify_rows() {
    let c = card("residence");
    // Before any authentication.
    assert_eq!(sw(&c, "08 20 00 86 13 86 11 01 1A A8 29 73 DB 95 9A 81 1F 97 11 D7 28 F0 EE F6"), 0x6985);
    let ks = authenticate(&c);
    let good = verify_apdu(&ks, profiles::RESIDENCE_NUMBER);
    let mut plain = good.clone();
    plain[0] = 0x00;
    assert_eq!(sw_of(&send(&c, &plain)), 0x6982);
    let mut p1 = good.clone();
    p1[2] = 0x01;
    assert_eq!(sw_of(&send(&c, &p1)), 0x6A86);
    let mut p2 = good.clone();
    p2[3] = 0x80;
    assert_eq!(sw_of(&send(&c, &p2)), 0x6A86);
    // Malformed cryptogram objects.
    assert_eq!(sw(&c, "08 20 00 86 13 87 11 01 00000000000000000000000000000000"), 0x6988);
    assert_eq!(sw(&c, "08 20 00 86 13 86 11 02 00000000000000000000000000000000"), 0x6988);
    assert_eq!(sw(&c, "08 20 00 86 0B 86 09 01 0000000000000000"), 0x6988);
    assert_eq!(sw(&c, "08 20 00 86"), 0x6988);
    // Right structure, plaintext padding wrong (12 bytes + 4 non-padding bytes).
    let bad_pad = Tdes::encrypt(&ks, b"AB12345678CD\x01\x02\x03\x04").unwrap();
    let mut apdu = h("08 20 00 86 13 86 11 01");
    apdu.extend_from_slice(&bad_pad);
    assert_eq!(sw_of(&send(&c, &apdu)), 0x6988);
    // Match.
    assert_eq!(sw_of(&send(&c, &good)), 0x9000);
    assert!(c.is_verified());
}

#[test]
fn verify_wrong_number_overwrites_state_without_counter() {
    let c = card("residence");
    let ks = open(&c);
    select(&c, &gen1::AID_DF2);
    assert_eq!(sw(&c, "00 B0 81 00 00"), 0x9000);
    let wrong = verify_apdu(&ks, "AB12345678CE");
    assert_eq!(sw_of(&send(&c, &wrong)), 0x6300);
    assert!(!c.is_verified());
    assert_eq!(sw(&c, "00 B0 81 00 00"), 0x6982);
    // No lock-out: many failures, then the right number still works.
    for _ in 0..20 {
        assert_eq!(sw_of(&send(&c, &wrong)), 0x6300);
    }
    assert_eq!(sw_of(&send(&c, &verify_apdu(&ks, profiles::RESIDENCE_NUMBER))), 0x9000);
    assert_eq!(sw(&c, "00 B0 81 00 00"), 0x9000);
}

// ---------------------------------------------------------------------------------------------
// READ BINARY

#[test]
fn free_mf_files_read_plain_without_auth() {
    let c = card("residence");
    assert_eq!(send(&c, &h("00 B0 8B 00 00 00 00")), h("C0 04 30 30 30 31 90 00"));
    assert_eq!(send(&c, &h("00 B0 8A 00 00 00 00")), h("C1 01 31 90 00"));
    // Length-aware short form of gen1-chip.md §4.1.
    assert_eq!(send(&c, &h("00 B0 8A 00 02")), h("C1 01 90 00"));
    assert_eq!(send(&c, &h("00 B0 8A 00 03")), h("C1 01 31 90 00"));
    assert_eq!(send(&c, &h("00 B0 8A 00 00")), h("C1 01 31 90 00"));
}

#[test]
fn read_p1_with_b7b6_set_is_6a86() {
    let c = card("residence");
    assert_eq!(sw(&c, "00 B0 CB 00 00"), 0x6A86);
    assert_eq!(sw(&c, "00 B0 AB 00 00"), 0x6A86);
}

#[test]
fn read_sfi_not_in_current_dir_is_6a82() {
    let c = card("residence");
    open(&c);
    assert_eq!(sw(&c, "00 B0 85 00 00"), 0x6A82, "DF1 file while the MF is current");
    assert_eq!(sw(&c, "00 B0 81 00 00"), 0x6A82);
    assert_eq!(sw(&c, "00 B0 80 00 00"), 0x6A82);
    select(&c, &gen1::AID_DF2);
    assert_eq!(sw(&c, "00 B0 8B 00 00"), 0x6A82, "MF file while DF2 is current");
    assert_eq!(sw(&c, "00 B0 85 00 00"), 0x6A82);
    assert_eq!(sw(&c, "00 B0 84 00 00"), 0x9000);
}

#[test]
fn sprc_df2_has_only_ef01() {
    let c = card("sprc");
    open(&c);
    select(&c, &gen1::AID_DF2);
    for p1 in ["82", "83", "84"] {
        assert_eq!(sw(&c, &format!("00 B0 {p1} 00 00 00 00")), 0x6A82);
    }
    let ef01 = plain_read(&c, "00 B0 81 00 00 00 00");
    assert_eq!(ef01.len(), gen1::CAP_ADDRESS);
    assert_eq!(&ef01[..10], &h("D2 08 3230323330393135")[..]);
    assert_eq!(&ef01[10..18], &h("D3 06 323731303034")[..]);
    assert_eq!(&ef01[18..22], &h("D4 82 01 40")[..]);
    let addr = profiles::SPRC_ADDRESS.as_bytes();
    assert_eq!(&ef01[22..22 + addr.len()], addr);
    assert!(ef01[22 + addr.len()..].iter().all(|b| *b == 0));
    assert_eq!(send(&c, &h("00 A4 00 00 02 3F 00")), h("90 00"));
    assert_eq!(send(&c, &h("00 B0 8A 00 00")), h("C1 01 32 90 00"));
}

#[test]
fn read_offset_mode_without_current_ef_is_6986() {
    let c = card("residence");
    assert_eq!(sw(&c, "00 B0 00 00 00"), 0x6986);
    assert_eq!(sw(&c, "00 B0 00 00 00 00 00"), 0x6986);
}

#[test]
fn read_df_files_before_verify_is_6982() {
    let c = card("residence");
    for (aid, p1) in [(gen1::AID_DF1, "85"), (gen1::AID_DF2, "81"), (gen1::AID_DF2, "84"), (gen1::AID_DF3, "82")] {
        select(&c, &aid);
        assert_eq!(sw(&c, &format!("00 B0 {p1} 00 00 00 00")), 0x6982);
    }
    // Authenticated but not verified: SM reads of DF files are refused too.
    authenticate(&c);
    select(&c, &gen1::AID_DF1);
    assert_eq!(sw(&c, "08 B0 85 00 00 00 04 96 02 00 00 00 00"), 0x6982);
}

#[test]
fn df1_plain_read_after_verify_is_6982() {
    let c = card("residence");
    open(&c);
    select(&c, &gen1::AID_DF1);
    assert_eq!(sw(&c, "00 B0 85 00 00 00 00"), 0x6982);
    assert_eq!(sw(&c, "00 B0 86 00 00"), 0x6982);
}

#[test]
fn sm_read_without_session_key_is_6982() {
    let c = card("residence");
    assert_eq!(sw(&c, "08 B0 8B 00 04 96 02 00 00 00"), 0x6982);
}

#[test]
fn sm_read_with_bad_wrapped_le_is_6988() {
    let c = card("residence");
    let ks = open(&c);
    assert_eq!(sw(&c, "08 B0 8B 00 04 97 02 00 00 00"), 0x6988);
    assert_eq!(sw(&c, "08 B0 8B 00 03 96 01 00 00"), 0x6988);
    assert_eq!(sw(&c, "08 B0 8B 00 05 96 02 00 00 00 00"), 0x6988);
    assert_eq!(sw(&c, "08 B0 8B 00 00"), 0x6988);
    // The MF files may be read with SM too (spec p.29).
    assert_eq!(sm_read(&c, &ks, "08 B0 8B 00 04 96 02 00 00 00"), h("C0 04 30 30 30 31"));
}

#[test]
fn read_offset_at_or_past_end_is_6b00() {
    let c = card("residence");
    assert_eq!(sw(&c, "00 B0 8B 06 00"), 0x6B00);
    assert_eq!(sw(&c, "00 B0 8B FF 00"), 0x6B00);
    assert_eq!(send(&c, &h("00 B0 8B 05 00")), h("31 90 00"));
    assert_eq!(sw(&c, "00 B0 00 06 00"), 0x6B00);
    let ks = open(&c);
    select(&c, &gen1::AID_DF1);
    sm_read(&c, &ks, "08 B0 85 00 04 96 02 00 10 00");
    assert_eq!(sw(&c, "08 B0 1B 5C 04 96 02 00 10 00"), 0x6B00);
    assert_eq!(sm_read(&c, &ks, "08 B0 1B 5B 04 96 02 00 10 00"), vec![0]);
}

#[test]
fn read_without_le_or_with_plain_data_is_6700() {
    let c = card("residence");
    assert_eq!(sw(&c, "00 B0 8B 00"), 0x6700);
    assert_eq!(sw(&c, "00 B0 8B 00 02 96 02"), 0x6700);
    assert_eq!(sw(&c, "00 B0 8B 00 02 96 02 00"), 0x6700);
}

#[test]
fn chunked_plain_reads_return_the_right_slices() {
    let c = card("residence");
    open(&c);
    select(&c, &gen1::AID_DF3);
    let expected = file(c.profile(), Some(&gen1::AID_DF3), gen1::SFI_SIGNATURE).to_vec();
    let mut got = plain_read(&c, "00 B0 82 00 00");
    assert_eq!(got.len(), 256);
    while got.len() < expected.len() {
        let off = got.len() as u16;
        let chunk = plain_read(&c, &format!("00 B0 {:02X} {:02X} E0", off >> 8, off & 0xFF));
        assert!(!chunk.is_empty() && chunk.len() <= 0xE0);
        got.extend(chunk);
    }
    assert_eq!(got, expected);
    // Offset read with extended Le "to end" from the middle.
    assert_eq!(plain_read(&c, "00 B0 05 00 00 00 00"), expected[0x500..]);
    // SFI read with an 8-bit offset.
    assert_eq!(plain_read(&c, "00 B0 82 10 04"), expected[0x10..0x14]);
}

#[test]
fn chunked_sm_reads_decrypt_separately() {
    let c = card("residence");
    let ks = open(&c);
    select(&c, &gen1::AID_DF1);
    let expected = file(c.profile(), Some(&gen1::AID_DF1), gen1::SFI_FRONT_IMAGE).to_vec();
    let first = send(&c, &h("08 B0 85 00 04 96 02 00 E0 00"));
    assert_eq!(&first[..4], &h("86 81 E9 01")[..]);
    assert_eq!(first.len(), 4 + 232 + 2);
    let mut got = sm::decrypt_response::<Tdes>(&ks, &first[..first.len() - 2]).unwrap();
    while got.len() < expected.len() {
        let off = got.len() as u16;
        let resp = send(&c, &h(&format!("08 B0 {:02X} {:02X} 04 96 02 00 E0 00", off >> 8, off & 0xFF)));
        assert_eq!(sw_of(&resp), 0x9000);
        assert!(resp.len() <= 258);
        got.extend(sm::decrypt_response::<Tdes>(&ks, &resp[..resp.len() - 2]).unwrap());
    }
    assert_eq!(got, expected);
    // 247 plaintext bytes still fit a short response; 248 do not.
    let resp = send(&c, &h("08 B0 00 00 04 96 02 00 F7 00"));
    assert_eq!((resp.len(), sw_of(&resp)), (3 + 249 + 2, 0x9000));
    assert_eq!(sw(&c, "08 B0 00 00 04 96 02 00 F8 00"), 0x6700);
    assert_eq!(sw(&c, "08 B0 00 00 04 96 02 00 00 00"), 0x6700);
}

#[test]
fn reset_clears_authentication_and_selection() {
    let c = card("residence");
    let ks = open(&c);
    select(&c, &gen1::AID_DF2);
    assert_eq!(sw(&c, "00 B0 81 00 00"), 0x9000);
    c.reset();
    assert!(!c.is_verified());
    // MF current again, no current EF, no session key.
    assert_eq!(sw(&c, "00 B0 00 00 01"), 0x6986);
    assert_eq!(sw(&c, "00 B0 8A 00 00"), 0x9000);
    assert_eq!(sw(&c, "08 B0 8A 00 04 96 02 00 00 00"), 0x6982);
    assert_eq!(sw_of(&send(&c, &verify_apdu(&ks, profiles::RESIDENCE_NUMBER))), 0x6985);
    select(&c, &gen1::AID_DF2);
    assert_eq!(sw(&c, "00 B0 81 00 00"), 0x6982);
    // The transcript survives a reset and can be cleared.
    assert!(!c.transcript().is_empty());
    c.clear_transcript();
    assert!(c.transcript().is_empty());
}

// ---------------------------------------------------------------------------------------------
// Profiles

#[test]
fn every_profile_builds_and_names_itself() {
    assert_eq!(Profile::names().len(), 62 + 10);
    for name in Profile::names() {
        let p = Profile::by_name(name).unwrap_or_else(|| panic!("{name}"));
        assert_eq!(p.name(), *name);
        assert!(!p.description().is_empty() && p.description().is_ascii() && !p.description().contains('\n'));
        let debug = format!("{p:?}");
        assert!(!debug.contains(p.card_number().as_str()), "{debug}");
        let card = SoftCard::new(p);
        let debug = format!("{card:?}");
        assert!(!debug.contains(card.profile().card_number().as_str()) && debug.len() < 200, "{debug}");
    }
    assert!(Profile::by_name("nope").is_none());
}

#[test]
fn softcard_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<SoftCard>();
}

/// Reads every file of a gen1 card after VERIFY and compares with the profile's content.
fn read_all(name: &str) -> Vec<(u8, Vec<u8>)> {
    let c = card(name);
    let ks = open(&c);
    let mut out = vec![(0x8B, plain_read(&c, "00 B0 8B 00 00 00 00")), (0x8A, plain_read(&c, "00 B0 8A 00 00 00 00"))];
    select(&c, &gen1::AID_DF1);
    out.push((0x85, sm_read(&c, &ks, "08 B0 85 00 00 00 04 96 02 00 00 00 00")));
    out.push((0x86, sm_read(&c, &ks, "08 B0 86 00 00 00 04 96 02 00 00 00 00")));
    select(&c, &gen1::AID_DF2);
    for p1 in [0x81, 0x82, 0x83, 0x84] {
        let apdu = format!("00 B0 {p1:02X} 00 00 00 00");
        if c.profile().file(Some(&gen1::AID_DF2), p1 & 0x1F).is_some() {
            out.push((p1, plain_read(&c, &apdu)));
        } else {
            assert_eq!(sw(&c, &apdu), 0x6A82);
            out.push((p1, Vec::new()));
        }
    }
    select(&c, &gen1::AID_DF3);
    out.push((0xF2, plain_read(&c, "00 B0 82 00 00 00 00")));
    out
}

pub(super) fn padded(tag_header: &[u8], value: &[u8], len: usize) -> Vec<u8> {
    let mut v = tag_header.to_vec();
    v.extend_from_slice(value);
    v.resize(tag_header.len() + len, 0);
    v
}

#[test]
fn residence_content_is_exact() {
    let files = read_all("residence");
    let get = |p1: u8| files.iter().find(|(k, _)| *k == p1).unwrap().1.clone();
    assert_eq!(get(0x8B), h("C0 04 30 30 30 31"));
    assert_eq!(get(0x8A), h("C1 01 31"));
    assert_eq!(get(0x85), padded(&h("D0 82 1B 58"), fixtures::FRONT_RESIDENCE_TIFF, 7000));
    assert_eq!(get(0x86), padded(&h("D1 82 0B B8"), fixtures::FACE_JP2, 3000));
    let mut address = padded(&h("D2 08"), b"20240401", 8);
    address.extend(padded(&h("D3 06"), b"131016", 6));
    address.extend(padded(&h("D4 82 01 40"), profiles::RESIDENCE_ADDRESS.as_bytes(), 320));
    assert_eq!(get(0x81), address);
    assert_eq!(get(0x82), padded(&h("D5 78"), profiles::RESIDENCE_PERMISSION.as_bytes(), 120));
    assert_eq!(get(0x83), padded(&h("D6 78"), b"", 120));
    assert_eq!(get(0x84), h("D7 01 31"));
    let mut df3 = padded(&h("DA 82 01 00"), fixtures::CHECK_RESIDENCE_RAW, 256);
    df3.extend(padded(&h("DB 82 04 B0"), fixtures::CARD_SIGNER_DER, 1200));
    assert_eq!(get(0xF2), df3);
}

#[test]
fn signature_variants_serve_the_right_fixtures() {
    let df3 = |name: &str| read_all(name).pop().unwrap().1;
    for (name, code, cert) in [
        ("residence-digestinfo", fixtures::CHECK_RESIDENCE_DIGESTINFO, fixtures::CARD_SIGNER_DER),
        ("residence-j2k", fixtures::CHECK_RESIDENCE_J2K_RAW, fixtures::CARD_SIGNER_DER),
        ("rogue-ca", fixtures::CHECK_RESIDENCE_ROGUE_RAW, fixtures::CARD_SIGNER_ROGUE_DER),
        ("unknown-ca", fixtures::CHECK_RESIDENCE_OTHER_RAW, fixtures::CARD_SIGNER_OTHER_DER),
        ("wrong-key", fixtures::CHECK_RESIDENCE_WRONGKEY_RAW, fixtures::CARD_SIGNER_DER),
    ] {
        let mut expected = padded(&h("DA 82 01 00"), code, 256);
        expected.extend(padded(&h("DB 82 04 B0"), cert, 1200));
        assert_eq!(df3(name), expected, "{name}");
    }
    let j2k = read_all("residence-j2k");
    assert_eq!(j2k[3].1, padded(&h("D1 82 0B B8"), fixtures::FACE_J2K, 3000));
}

#[test]
fn sjis_profile_encodes_address_and_permission_in_shift_jis() {
    let files = read_all("residence-sjis");
    let (addr, _, had_errors) = encoding_rs::SHIFT_JIS.encode(profiles::RESIDENCE_ADDRESS);
    assert!(!had_errors);
    assert_eq!(&files[4].1[22..22 + addr.len()], &addr[..]);
    assert!(std::str::from_utf8(&files[4].1[22..22 + addr.len()]).is_err());
    let (perm, _, had_errors) = encoding_rs::SHIFT_JIS.encode(profiles::RESIDENCE_PERMISSION);
    assert!(!had_errors);
    assert_eq!(files[5].1, padded(&h("D5 78"), &perm, 120));
}

#[test]
fn no_permission_profile() {
    let files = read_all("residence-no-permission");
    assert_eq!(files[4].1, vec![0; 342]);
    assert_eq!(files[5].1, vec![0; 122]);
    assert_eq!(files[6].1, padded(&h("D6 78"), b"", 120));
    assert_eq!(files[7].1, h("D7 01 30"));
}

#[test]
fn tampered_profiles_differ_from_residence_in_one_d0_byte() {
    let genuine = read_all("residence")[2].1.clone();
    for (name, region) in [("tampered", 8..fixtures::FRONT_RESIDENCE_TIFF.len()), ("tampered-padding", fixtures::FRONT_RESIDENCE_TIFF.len()..7000)] {
        let changed = read_all(name)[2].1.clone();
        let diffs: Vec<usize> = (0..genuine.len()).filter(|i| genuine[*i] != changed[*i]).collect();
        assert_eq!(diffs.len(), 1, "{name}");
        let value_index = diffs[0] - 4;
        assert!(region.contains(&value_index), "{name}: {value_index}");
    }
    assert_eq!(read_all("tampered-padding")[2].1[7003], 0x01);
}

#[test]
fn under16_forms() {
    let f = read_all("under16");
    assert_eq!(f[2].1, padded(&h("D0 82 1B 58"), fixtures::FRONT_UNDER16_TIFF, 7000));
    assert_eq!(f[3].1, padded(&h("D1 82 0B B8"), b"", 3000));
    assert_eq!(f[8].1, padded(&h("DA 00 DB 00"), b"", 1460));
    let f = read_all("under16-da-only");
    assert_eq!(f[8].1, padded(&h("DA 00"), b"", 1462));
    let f = read_all("under16-zeros");
    assert_eq!(f[3].1, vec![0; 3004]);
    assert_eq!(f[8].1, vec![0; 1464]);

    let c = card("under16-no-face-file");
    assert_eq!(c.profile().card_number().as_str(), profiles::UNDER16_NUMBER);
    let ks = open(&c);
    select(&c, &gen1::AID_DF1);
    assert_eq!(sw(&c, "08 B0 86 00 00 00 04 96 02 00 00 00 00"), 0x6A82);
    assert_eq!(sm_read(&c, &ks, "08 B0 85 00 00 00 04 96 02 00 00 00 00").len(), 7004);
}

#[test]
fn malformed_profiles() {
    let f = read_all("malformed-address");
    assert_eq!(&f[4].1[..22], &h("D2 08 3230323430343031 D3 06 313331303136 D4 82 0F FF")[..]);
    assert_eq!(f[4].1.len(), 342);

    let f = read_all("malformed-signature");
    let df3 = &f[8].1;
    assert_eq!(df3.len(), 1464);
    assert_eq!(&df3[..4], &h("DA 82 01 00")[..]);
    assert_eq!(&df3[260..264], &h("DB 82 04 B0")[..]);
    assert_ne!(df3[264], 0x30);
    assert!(df3[4..260].iter().any(|b| *b != 0) && df3[1400..].iter().any(|b| *b != 0));
    // Reproducible across builds.
    assert_eq!(read_all("malformed-signature")[8].1, *df3);

    let c = card("bad-card-type");
    assert_eq!(send(&c, &h("00 B0 8A 00 00 00 00")), h("C1 01 39 90 00"));
}

#[test]
fn appendix2_and_sprc_numbers() {
    assert_eq!(Profile::by_name("appendix2").unwrap().card_number().as_str(), "AA12345678BB");
    assert_eq!(Profile::by_name("sprc").unwrap().card_number().as_str(), "XY98765432ZW");
    assert_eq!(Profile::by_name("residence").unwrap().card_number().as_str(), "AB12345678CD");
    let sprc = read_all("sprc");
    assert_eq!(sprc[2].1, padded(&h("D0 82 1B 58"), fixtures::FRONT_SPRC_TIFF, 7000));
}

#[test]
fn not_residence_card() {
    let c = card("not-residence");
    assert_eq!(sw(&c, "00 B0 8B 00 00 00 00"), 0x6A82);
    assert_eq!(sw(&c, "00 B0 8A 00 00"), 0x6A82);
    for aid in [gen1::AID_DF1, gen1::AID_DF2, gen1::AID_DF3, AID_ZAIRYU_AP] {
        assert_eq!(sw_of(&send(&c, &select_apdu(&aid))), 0x6A82);
    }
    assert_eq!(sw(&c, "00 84 00 00 08"), 0x6D00);
    assert_eq!(sw_of(&send(&c, &mutual_auth_apdu(&[0; 40]))), 0x6D00);
    assert_eq!(sw(&c, "08 20 00 86 13 86 11 01 00000000000000000000000000000000"), 0x6D00);
    assert_eq!(sw(&c, "00 A4 00 00 02 3F 00"), 0x9000);
}

#[test]
fn broken_chip_answers_6f00_from_get_challenge_on() {
    let c = card("broken-chip");
    assert_eq!(send(&c, &h("00 B0 8B 00 00 00 00")), h("C0 04 30 30 30 31 90 00"));
    assert_eq!(send(&c, &h("00 B0 8A 00 00 00 00")), h("C1 01 31 90 00"));
    assert_eq!(send(&c, &h("00 84 00 00 08")), h("6F 00"));
    assert_eq!(sw_of(&send(&c, &mutual_auth_apdu(&[0; 40]))), 0x6F00);
    assert_eq!(sw(&c, "00 B0 8A 00 00"), 0x6F00);
    c.reset();
    assert_eq!(sw(&c, "00 B0 8A 00 00"), 0x9000);
}

#[test]
fn pulled_away_errors_from_apdu_n() {
    let c = card("pulled-away");
    for i in 1..profiles::PULLED_AWAY_AFTER {
        assert!(c.transceive(h("00 B0 8A 00 00")).is_ok(), "APDU {i}");
    }
    for _ in 0..3 {
        assert_eq!(c.transceive(h("00 B0 8A 00 00")), Err(crate::TransportError::CardRemoved));
    }
    assert_eq!(c.apdu_count(), profiles::PULLED_AWAY_AFTER + 2);
    assert_eq!(c.transcript().len(), profiles::PULLED_AWAY_AFTER - 1);

    let c = SoftCard::with_seed(Profile::by_name("residence").unwrap().with_pull_after(2), 1);
    assert!(c.transceive(h("00 B0 8A 00 00")).is_ok());
    assert_eq!(c.transceive(h("00 B0 8A 00 00")), Err(crate::TransportError::CardRemoved));
    c.reset();
    assert!(c.transceive(h("00 B0 8A 00 00")).is_ok());
}

#[test]
fn short_apdu_profile() {
    let c = card("short-apdu");
    assert_eq!(c.max_apdu_length(), crate::transport::SHORT_APDU_LENGTH);
    assert_eq!(card("residence").max_apdu_length(), crate::transport::EXTENDED_APDU_LENGTH);
    assert_eq!(sw(&c, "00 B0 8A 00 00 00 00"), 0x6700);
    assert_eq!(send(&c, &h("00 B0 8A 00 00")), h("C1 01 31 90 00"));
    let ks = open(&c);
    select(&c, &gen1::AID_DF1);
    assert_eq!(sw(&c, "08 B0 85 00 00 00 04 96 02 00 00 00 00"), 0x6700);
    let first = sm_read(&c, &ks, "08 B0 85 00 04 96 02 00 E0 00");
    assert_eq!(first[..], file(c.profile(), Some(&gen1::AID_DF1), gen1::SFI_FRONT_IMAGE)[..0xE0]);
    let next = sm_read(&c, &ks, "08 B0 00 E0 04 96 02 00 E0 00");
    assert_eq!(next[..], file(c.profile(), Some(&gen1::AID_DF1), gen1::SFI_FRONT_IMAGE)[0xE0..0x1C0]);
}

#[test]
fn truncation_fault_cuts_responses() {
    let faults = Faults { truncation: Some(Truncation { from_apdu: 2, keep: 3 }), ..Faults::default() };
    let c = SoftCard::with_seed(Profile::by_name("residence").unwrap().with_faults(faults), 1);
    assert_eq!(send(&c, &h("00 B0 8B 00 00")), h("C0 04 30 30 30 31 90 00"));
    assert_eq!(send(&c, &h("00 B0 8B 00 00")), h("C0 04 30"));
}

#[test]
fn gen2_cards_are_detected_and_refuse_gen1_auth() {
    for (name, c1) in [("gen2-residence", "C1 02 30 35"), ("gen2-sprc", "C1 02 30 36")] {
        let c = card(name);
        assert_eq!(send(&c, &h("00 B0 8A 00 00 00 00")), h(&format!("{c1} 90 00")));
        // The truncated form a 3-byte read gets (gen1-chip.md §4.1).
        assert_eq!(send(&c, &h("00 B0 8A 00 03")), h(&format!("{} 90 00", &c1[..8])));
        // A first-generation 3DES MUTUAL AUTHENTICATE with the card's own number fails the CMAC.
        let data = mutual_auth_data(&c, c.profile().card_number().as_str());
        assert_eq!(sw_of(&send(&c, &mutual_auth_apdu(&data))), 0x6300, "{name}");
    }
}

#[test]
fn specified_card_answers_the_zairyu_ap() {
    let c = card("specified");
    assert_eq!(sw(&c, "00 B0 8A 00 00 00 00"), 0x6A82);
    assert_eq!(send(&c, &h("00 A4 04 0C 10 D3 92 F0 00 4F 01 00 00 00 00 00 00 00 00 00 00")), h("90 00"));
    assert_eq!(send(&c, &h("00 B0 8A 00 00 00 00")), h("C1 02 30 37 90 00"));
    let data = mutual_auth_data(&c, profiles::RESIDENCE_NUMBER);
    assert_eq!(sw_of(&send(&c, &mutual_auth_apdu(&data))), 0x6300);
}

// ---------------------------------------------------------------------------------------------
// No panics on arbitrary input

mod properties {
    use super::*;
    use proptest::prelude::*;

    const PROFILES: &[&str] = &[
        "residence",
        "sprc",
        "short-apdu",
        "not-residence",
        "broken-chip",
        "specified",
        "pulled-away",
        "gen2-residence",
        "gen2-sprc",
        "gen2-sprc-other-81",
        "gen2-under1-unsigned",
        "gen2-short-apdu",
        "gen2-pulled-away",
        "gen2-malformed-printed",
    ];

    fn apdu() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..40),
            // Mostly valid headers with random tails, to get past the parser and CLA/INS checks.
            (prop::sample::select(vec![0x00u8, 0x08]), prop::sample::select(vec![0xA4u8, 0x20, 0x84, 0x82, 0xB0]), any::<u8>(), any::<u8>(), proptest::collection::vec(any::<u8>(), 0..50))
                .prop_map(|(cla, ins, p1, p2, tail)| {
                    let mut v = vec![cla, ins, p1, p2];
                    v.extend(tail);
                    v
                }),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]

        #[test]
        fn arbitrary_apdus_never_panic(profile in prop::sample::select(PROFILES), apdus in proptest::collection::vec(apdu(), 1..12)) {
            let c = card(profile);
            for a in apdus {
                match c.transceive(a) {
                    Ok(resp) => prop_assert!(resp.len() >= 2),
                    Err(e) => {
                        prop_assert!(profile.ends_with("pulled-away"), "{}", profile);
                        prop_assert_eq!(e, crate::TransportError::CardRemoved);
                    }
                }
            }
        }

        #[test]
        fn arbitrary_apdus_after_verify_never_panic(apdus in proptest::collection::vec(apdu(), 1..12)) {
            let c = card("residence");
            open(&c);
            for a in apdus {
                prop_assert!(c.transceive(a).unwrap().len() >= 2);
            }
        }

        #[test]
        fn arbitrary_apdus_after_gen2_verify_never_panic(
            profile in prop::sample::select(&["gen2-residence", "gen2-sprc", "gen2-short-apdu"][..]),
            apdus in proptest::collection::vec(apdu(), 1..12),
        ) {
            let c = card(profile);
            crate::softcard::gen2_tests::open(&c);
            for a in apdus {
                prop_assert!(c.transceive(a).unwrap().len() >= 2);
            }
        }
    }
}
