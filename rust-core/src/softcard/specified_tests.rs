//! The specified chip's 在留AP on its own, command by command (the spec-note behaviour of
//! `specified_chip.rs`), with the terminal side built here from the parameter table.

use rand_core::SeedableRng;
use rsa::pkcs8::DecodePublicKey;

use super::fixtures::specified::{DELIVERY_OTHER_PUB_DER, DELIVERY_TEST_PUB_DER};
use super::{Profile, SoftCard};
use crate::chip::specified::{seed_message, PARAMS};
use crate::crypto::{cbc_decrypt_iv, cbc_encrypt_iv, pad_iso7816, Aes, CipherSuite, Key16};
use crate::transport::Transceiver;

fn h(s: &str) -> Vec<u8> {
    hex::decode(s.replace(' ', "")).unwrap()
}
fn send(c: &SoftCard, apdu: &[u8]) -> Vec<u8> {
    c.transceive(apdu.to_vec()).unwrap()
}
fn sw(r: &[u8]) -> u16 {
    u16::from_be_bytes([r[r.len() - 2], r[r.len() - 1]])
}
fn card(name: &str) -> SoftCard {
    SoftCard::with_seed(Profile::by_name(name).unwrap(), 1)
}
const SELECT_AP: &str = "00 A4 04 0C 10 D3 92 F0 00 4F 01 00 00 00 00 00 00 00 00 00 00";
const SELECT_DF1: &str = "00 A4 04 0C 10 D3 92 F0 00 4F 02 00 00 00 00 00 00 00 00 00 00";

fn ssk(pub_der: &[u8], seed: &[u8; 32]) -> Vec<u8> {
    let key = rsa::RsaPublicKey::from_public_key_der(pub_der).unwrap();
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(3);
    let ct = key.encrypt(&mut rng, rsa::Oaep::new::<sha2::Sha256>(), &seed_message(seed)).unwrap();
    let mut apdu = h("80 AE 00 00 00 01 00");
    apdu.extend(ct);
    apdu
}
fn iv(key: &Key16, n: u32) -> [u8; 16] {
    let mut b = [0u8; 16];
    b[12..].copy_from_slice(&n.to_be_bytes());
    Aes::encrypt(key, &b).unwrap().try_into().unwrap()
}
fn verify_apdu(key: &Key16, n: u32, number: &str) -> Vec<u8> {
    let ct = cbc_encrypt_iv(key, &iv(key, n), &pad_iso7816(number.as_bytes(), 16)).unwrap();
    let mut apdu = h("08 20 00 86 13 86 11 01");
    apdu.extend(ct);
    apdu
}

#[test]
fn nothing_is_readable_before_the_ap_is_selected() {
    let c = card("specified-07");
    assert_eq!(sw(&send(&c, &h("00 B0 8A 00 00 00 00"))), 0x6A82);
    assert_eq!(sw(&send(&c, &h("00 84 00 00 08"))), 0x6D00);
    assert_eq!(send(&c, &h(SELECT_AP)), h("90 00"));
    assert_eq!(send(&c, &h("00 B0 8A 00 00 00 00")), h("C1 02 30 37 90 00"));
    assert_eq!(send(&c, &h("00 B0 8B 00 00 00 00")), h("C0 04 30 30 30 31 90 00"));
    assert_eq!(sw(&send(&c, &h("00 84 00 00 08"))), 0x6D00, "no 05/06 authentication on the 在留AP");
    assert_eq!(sw(&send(&c, &h(SELECT_DF1))), 0x9000);
    assert_eq!(sw(&send(&c, &h("00 B0 81 00 00 00 00"))), 0x6982);
}

#[test]
fn one_chip_answers_both_flows() {
    // The My Number applications of `mynumber-complete` sit beside the 在留AP (gen2-chip.md §9).
    let c = card("specified-07");
    let seed = [0x44u8; 32];
    let key = Key16::new([0x44; 16]);
    send(&c, &h(SELECT_AP));
    assert_eq!(send(&c, &ssk(DELIVERY_TEST_PUB_DER, &seed)), h("90 00"));
    assert_eq!(sw(&send(&c, &verify_apdu(&key, 1, "ST13572468UV"))), 0x9000);
    // JPKI: select, its token-info EF, a free read.
    assert_eq!(send(&c, &h("00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01")), h("90 00"));
    assert_eq!(send(&c, &h("00 A4 02 0C 02 00 06")), h("90 00"));
    let token = send(&c, &h("00 B0 00 00 20"));
    assert_eq!(&token[..15], b"JPKIAPICCTOKEN2");
    assert!(!c.is_verified(), "leaving the 在留AP drops its VERIFY state");
    // Back to the 在留AP: a fresh application, no session, its card type as before.
    send(&c, &h(SELECT_AP));
    assert_eq!(sw(&send(&c, &verify_apdu(&key, 2, "ST13572468UV"))), 0x6985);
    assert_eq!(send(&c, &h("00 B0 8A 00 00 00 00")), h("C1 02 30 37 90 00"));
}

#[test]
fn key_delivery_verify_and_sm_read() {
    let c = card("specified-07");
    let seed = [0x5Au8; 32];
    let key = Key16::new([0x5A; 16]);
    send(&c, &h(SELECT_AP));
    assert_eq!(send(&c, &ssk(DELIVERY_TEST_PUB_DER, &seed)), h("90 00"));
    assert_eq!(sw(&send(&c, &verify_apdu(&key, 1, "ST13572468UV"))), 0x9000);
    assert!(c.is_verified());
    send(&c, &h(SELECT_DF1));
    let r = send(&c, &h("08 B0 81 00 00 00 05 96 03 00 00 00 00 00"));
    assert_eq!(&r[r.len() - 2..], &h("90 00")[..]);
    assert_eq!(&r[..3], &h("86 11 01")[..]);
    let plain = cbc_decrypt_iv(&key, &iv(&key, 2), &r[3..19]).unwrap();
    assert_eq!(&plain[..14], b"\xC2\x0CST13572468UV");
    assert_eq!(&plain[14..], &h("80 00")[..]);
    // A plain command does not advance the counter; the next SM command is number 3.
    assert_eq!(sw(&send(&c, &h("00 B0 81 00 00 00 00"))), 0x6982);
    let r = send(&c, &h("08 B0 83 00 00 00 05 96 03 00 00 08 00 00"));
    let plain = cbc_decrypt_iv(&key, &iv(&key, 3), &r[3..r.len() - 2]).unwrap();
    assert_eq!(&plain[..2], &h("C5 08")[..]);
}

#[test]
fn wrong_number_wrong_key_and_counter_errors() {
    let c = card("specified-07");
    let seed = [0x11u8; 32];
    let key = Key16::new([0x11; 16]);
    send(&c, &h(SELECT_AP));
    assert_eq!(sw(&send(&c, &ssk(DELIVERY_OTHER_PUB_DER, &seed))), 0x6A80);
    assert_eq!(sw(&send(&c, &verify_apdu(&key, 1, "ST13572468UV"))), 0x6985, "no session");
    assert_eq!(sw(&send(&c, &ssk(DELIVERY_TEST_PUB_DER, &seed))), 0x9000);
    assert_eq!(sw(&send(&c, &verify_apdu(&key, 1, "AA12345678BB"))), 0x6300);
    // Counter 2 is next; sending 3 breaks the session for good.
    assert_eq!(sw(&send(&c, &verify_apdu(&key, 3, "ST13572468UV"))), PARAMS.sw_sm_error);
    assert_eq!(sw(&send(&c, &verify_apdu(&key, 3, "ST13572468UV"))), PARAMS.sw_session_dead);
    assert_eq!(sw(&send(&c, &h("08 B0 81 00 00 00 05 96 03 00 00 00 00 00"))), PARAMS.sw_session_dead);
    // Reselecting the 在留AP clears it all.
    send(&c, &h(SELECT_AP));
    assert_eq!(sw(&send(&c, &verify_apdu(&key, 1, "ST13572468UV"))), 0x6985);
}

#[test]
fn counter_mismatch_profile_fails_the_first_sm_command() {
    let c = card("specified-07-counter-mismatch");
    let key = Key16::new([0x22; 16]);
    send(&c, &h(SELECT_AP));
    send(&c, &ssk(DELIVERY_TEST_PUB_DER, &[0x22; 32]));
    assert_eq!(sw(&send(&c, &verify_apdu(&key, 1, "ST13572468UV"))), 0x6988);
}
