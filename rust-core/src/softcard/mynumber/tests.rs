//! Byte-exact APDU exchanges with the My Number applications: every command, every access rule,
//! status words exact.

use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::traits::PublicKeyParts;
use rsa::{BigUint, Pkcs1v15Sign, RsaPrivateKey, RsaPublicKey};
use sha2::{Digest, Sha256};

use super::fixtures as fx;
use super::profiles::{self as mp, ADULT, CHILD};
use super::*;
use crate::softcard::{Profile, SoftCard};
use crate::transport::{Transceiver, TransportError};

fn h(s: &str) -> Vec<u8> {
    hex::decode(s.replace(' ', "")).unwrap()
}

fn card(name: &str) -> SoftCard {
    SoftCard::with_seed(Profile::by_name(name).unwrap_or_else(|| panic!("{name}")), 15)
}

/// Sends and returns (data, SW).
fn send(c: &SoftCard, apdu: &[u8]) -> (Vec<u8>, u16) {
    let mut r = c.transceive(apdu.to_vec()).expect("card present");
    assert!(r.len() >= 2);
    let sw = u16::from_be_bytes([r[r.len() - 2], r[r.len() - 1]]);
    r.truncate(r.len() - 2);
    (r, sw)
}

fn sw_of(c: &SoftCard, apdu: &str) -> u16 {
    send(c, &h(apdu)).1
}

fn select_app(c: &SoftCard, aid: &[u8; 10]) {
    let mut apdu = h("00 A4 04 0C 0A");
    apdu.extend_from_slice(aid);
    assert_eq!(send(c, &apdu), (vec![], 0x9000));
}

fn select_ef(c: &SoftCard, fid: u16) -> u16 {
    let [a, b] = fid.to_be_bytes();
    send(c, &[0x00, 0xA4, 0x02, 0x0C, 0x02, a, b]).1
}

fn verify(c: &SoftCard, value: &str) -> u16 {
    let mut apdu = vec![0x00, 0x20, 0x00, 0x80, value.len() as u8];
    apdu.extend_from_slice(value.as_bytes());
    send(c, &apdu).1
}

/// Reads the whole current EF in short-Le chunks, as the spec note describes.
fn read_all(c: &SoftCard) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let [hi, lo] = (out.len() as u16).to_be_bytes();
        let (data, sw) = send(c, &[0x00, 0xB0, hi, lo, 0x00]);
        match sw {
            0x9000 => {
                let short = data.len() < 256;
                out.extend(data);
                if short {
                    return out;
                }
            }
            0x6B00 => return out,
            other => panic!("READ answered {other:04X}"),
        }
    }
}

#[test]
fn every_my_number_profile_builds_with_its_credentials() {
    let names: Vec<&str> = Profile::names().iter().copied().filter(|n| n.starts_with("mynumber-")).collect();
    assert_eq!(
        names,
        [
            "mynumber-complete",
            "mynumber-last-try",
            "mynumber-blocked",
            "mynumber-no-signature-cert",
            "mynumber-expired",
            "mynumber-basic-four-changed",
            "mynumber-photo-changed",
            "mynumber-rogue-root",
            "mynumber-pulled-away",
            "mynumber-garbage",
        ]
    );
    for name in names {
        let p = Profile::by_name(name).unwrap();
        assert_eq!(p.kind(), crate::softcard::ChipKind::MyNumber);
        let creds = p.my_number_credentials().unwrap();
        let expected = if name == "mynumber-no-signature-cert" { &CHILD } else { &ADULT };
        assert_eq!(creds, expected, "{name}");
        assert_eq!(
            p.test_trust_files(),
            [
                "fixtures/mynumber/auth-root.der",
                "fixtures/mynumber/sign-root.der",
                "fixtures/mynumber/cvca-9000020.json",
                "fixtures/mynumber/cvca-9000023.json",
                "fixtures/mynumber/cvca-9000033.json"
            ]
        );
        // Debug never shows a credential or a file's content.
        let debug = format!("{p:?} {:?} {:?}", p.my_number(), creds);
        for secret in [ADULT.input_helper_pin, ADULT.auth_pin, "TEST1234AB", ADULT.collation_b, ADULT.individual_number] {
            assert!(!debug.contains(secret), "{name}: {debug}");
        }
    }
    // The residence profiles have no My Number chip.
    assert!(Profile::by_name("residence").unwrap().my_number().is_none());
    assert!(Profile::by_name("residence").unwrap().test_trust_files().is_empty());
}

#[test]
fn collation_b_is_era_birth_expiry_year_and_code() {
    for c in [ADULT, CHILD] {
        assert_eq!(c.collation_b, format!("{}{}{}", c.birth_date_key, c.expiry_year, c.security_code));
        assert_eq!(&c.birth_date_key[2..], c.birth_date.replace('-', "")[4..].to_string());
    }
    // 1985 = 昭和60, 2016 = 平成28.
    assert_eq!(&ADULT.birth_date_key[..2], "60");
    assert_eq!(&CHILD.birth_date_key[..2], "28");
}

#[test]
fn select_by_aid_only() {
    let c = card("mynumber-complete");
    // SELECT MF and an SELECT EF with no application: refused.
    assert_eq!(sw_of(&c, "00 A4 00 00 02 3F 00"), 0x6A86);
    assert_eq!(sw_of(&c, "00 A4 02 0C 02 00 0A"), 0x6A82);
    // Each application by its AID.
    assert_eq!(sw_of(&c, "00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01"), 0x9000);
    assert_eq!(sw_of(&c, "00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 08"), 0x9000);
    assert_eq!(sw_of(&c, "00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 02"), 0x9000);
    assert_eq!(sw_of(&c, "00 A4 04 0C 0A D3 92 10 00 31 00 01 01 01 00"), 0x9000);
    // The 住基AP and the 在留AP are not on this card.
    assert_eq!(sw_of(&c, "00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 01"), 0x6A82);
    assert_eq!(sw_of(&c, "00 A4 04 0C 10 D3 92 F0 00 4F 01 00 00 00 00 00 00 00 00 00 00"), 0x6A82);
    // After a failed SELECT no application is current.
    assert_eq!(sw_of(&c, "00 A4 02 0C 02 00 01"), 0x6A82);
    // Wrong P1/P2, empty AID, an Le on a no-response SELECT, an FID of the wrong length.
    assert_eq!(sw_of(&c, "00 A4 04 00 0A D3 92 F0 00 26 01 00 00 00 01"), 0x6A86);
    assert_eq!(sw_of(&c, "00 A4 04 0C 00"), 0x6700);
    assert_eq!(sw_of(&c, "00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01 00"), 0x6700);
    select_app(&c, &AID_JPKI);
    assert_eq!(sw_of(&c, "00 A4 02 0C 01 00"), 0x6700);
    assert_eq!(sw_of(&c, "00 A4 02 0C 02 00 99"), 0x6A82);
    assert_eq!(sw_of(&c, "00 A4 02 0C 02 00 0A"), 0x9000);
}

#[test]
fn logical_channels_sm_and_unknown_commands_are_refused() {
    let c = card("mynumber-complete");
    for cla in ["01", "02", "03", "09", "0B", "40", "7F"] {
        assert_eq!(sw_of(&c, &format!("{cla} A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01")), 0x6881, "{cla}");
    }
    assert_eq!(sw_of(&c, "08 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01"), 0x6882);
    assert_eq!(sw_of(&c, "0C B0 00 00 00"), 0x6882);
    assert_eq!(sw_of(&c, "A0 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01"), 0x6E00);
    assert_eq!(sw_of(&c, "00 24 01 80 04 31 32 33 34"), 0x6D00);
    assert_eq!(sw_of(&c, "80 AE 00 00 01 00"), 0x6D00);
    assert_eq!(sw_of(&c, "00 2A 00 80 01 00"), 0x6D00);
    assert_eq!(sw_of(&c, "00"), 0x6700);
}

#[test]
fn jpki_reads_the_authentication_certificate_in_short_chunks() {
    let c = card("mynumber-complete");
    select_app(&c, &AID_JPKI);
    assert_eq!(select_ef(&c, 0x000A), 0x9000);
    let (head, sw) = send(&c, &h("00 B0 00 00 04"));
    assert_eq!(sw, 0x9000);
    assert_eq!(head, fx::AUTH_USER_DER[..4]);
    let total = usize::from(u16::from_be_bytes([head[2], head[3]])) + 4;
    assert_eq!(total, fx::AUTH_USER_DER.len());
    // Le 00 = 256 bytes.
    let (chunk, sw) = send(&c, &h("00 B0 00 00 00"));
    assert_eq!((chunk.len(), sw), (256, 0x9000));
    assert_eq!(read_all(&c), fx::AUTH_USER_DER);
    // The last chunk answers what is left; past the end is 6B 00.
    let [hi, lo] = ((total - 10) as u16).to_be_bytes();
    let (tail, sw) = send(&c, &[0x00, 0xB0, hi, lo, 0x00]);
    assert_eq!((tail.as_slice(), sw), (&fx::AUTH_USER_DER[total - 10..], 0x9000));
    let [hi, lo] = (total as u16).to_be_bytes();
    assert_eq!(send(&c, &[0x00, 0xB0, hi, lo, 0x00]).1, 0x6B00);
    // By SFI (P1 = 80 | 0A) without a SELECT EF.
    let (data, sw) = send(&c, &h("00 B0 8B 00 04"));
    assert_eq!((data.as_slice(), sw), (&fx::AUTH_ROOT_DER[..4], 0x9000));
    // Free files: the CA certificates, the token info, the certificate availability.
    assert_eq!(select_ef(&c, 0x0002), 0x9000);
    assert_eq!(read_all(&c), fx::SIGN_ROOT_DER);
    assert_eq!(select_ef(&c, 0x0006), 0x9000);
    let token = read_all(&c);
    assert_eq!((&token[..32], token.len()), (&b"JPKIAPICCTOKEN2                 "[..], 160));
    assert_eq!(select_ef(&c, 0x0008), 0x9000);
    assert_eq!(send(&c, &h("00 B0 00 00 00")), (vec![0x8F, 0x8F, 0x00], 0x9000));
}

#[test]
fn read_binary_shapes() {
    let c = card("mynumber-complete");
    // No application, no current EF.
    assert_eq!(sw_of(&c, "00 B0 00 00 04"), 0x6986);
    select_app(&c, &AID_JPKI);
    assert_eq!(sw_of(&c, "00 B0 00 00 04"), 0x6986);
    select_ef(&c, 0x000A);
    // No Le; a data field.
    assert_eq!(sw_of(&c, "00 B0 00 00"), 0x6700);
    assert_eq!(sw_of(&c, "00 B0 00 00 01 00 04"), 0x6700);
    // An SFI of 0 and the reserved P1 bits.
    assert_eq!(sw_of(&c, "00 B0 80 00 04"), 0x6A86);
    assert_eq!(sw_of(&c, "00 B0 A1 00 04"), 0x6A86);
    // A key or a private key is not readable.
    select_ef(&c, 0x0018);
    assert_eq!(sw_of(&c, "00 B0 00 00 04"), 0x6981);
    select_ef(&c, 0x0017);
    assert_eq!(sw_of(&c, "00 B0 00 00 04"), 0x6981);
    // Extended Le reads the whole file at once.
    select_ef(&c, 0x000A);
    let (all, sw) = send(&c, &h("00 B0 00 00 00 00 00"));
    assert_eq!((all.as_slice(), sw), (fx::AUTH_USER_DER, 0x9000));
}

#[test]
fn signature_certificate_needs_the_password_first() {
    let c = card("mynumber-complete");
    select_app(&c, &AID_JPKI);
    assert_eq!(select_ef(&c, 0x0001), 0x9000);
    assert_eq!(sw_of(&c, "00 B0 00 00 04"), 0x6982);
    assert_eq!(select_ef(&c, 0x001B), 0x9000);
    assert_eq!(sw_of(&c, "00 20 00 80"), 0x63C5);
    assert_eq!(verify(&c, "TEST1234AB"), 0x9000);
    assert_eq!(select_ef(&c, 0x0001), 0x9000);
    assert_eq!(read_all(&c), fx::SIGN_USER_DER);
    // Re-selecting the application (the same one) drops the verified password.
    select_app(&c, &AID_JPKI);
    select_ef(&c, 0x0001);
    assert_eq!(sw_of(&c, "00 B0 00 00 04"), 0x6982);
}

#[test]
fn verify_counts_down_blocks_and_resets() {
    let c = card("mynumber-complete");
    select_app(&c, &AID_JPKI);
    select_ef(&c, 0x0018);
    // The query spends nothing, however often.
    for _ in 0..4 {
        assert_eq!(sw_of(&c, "00 20 00 80"), 0x63C3);
    }
    assert_eq!(verify(&c, "0000"), 0x63C2);
    assert_eq!(sw_of(&c, "00 20 00 80"), 0x63C2);
    // A right PIN restores the counter.
    assert_eq!(verify(&c, "5678"), 0x9000);
    assert_eq!(sw_of(&c, "00 20 00 80"), 0x63C3);
    assert_eq!(verify(&c, "0000"), 0x63C2);
    assert_eq!(verify(&c, "1111"), 0x63C1);
    assert_eq!(verify(&c, "2222"), 0x63C0);
    // Blocked: query 63 C0, any VERIFY (the right PIN too) 69 84, for good — a reset keeps it.
    assert_eq!(sw_of(&c, "00 20 00 80"), 0x63C0);
    assert_eq!(verify(&c, "5678"), 0x6984);
    c.reset();
    select_app(&c, &AID_JPKI);
    select_ef(&c, 0x0018);
    assert_eq!(verify(&c, "5678"), 0x6984);
    // The signature password has its own counter of 5.
    select_ef(&c, 0x001B);
    assert_eq!(sw_of(&c, "00 20 00 80"), 0x63C5);
    assert_eq!(verify(&c, "WRONG1"), 0x63C4);
}

#[test]
fn verify_shapes() {
    let c = card("mynumber-complete");
    // No application / no current EF.
    assert_eq!(sw_of(&c, "00 20 00 80"), 0x6986);
    select_app(&c, &AID_JPKI);
    assert_eq!(sw_of(&c, "00 20 00 80"), 0x6986);
    // Not a key.
    select_ef(&c, 0x000A);
    assert_eq!(sw_of(&c, "00 20 00 80 04 35 36 37 38"), 0x6981);
    // Key by SFI in P2 (80 | 18).
    assert_eq!(sw_of(&c, "00 20 00 98"), 0x63C3);
    assert_eq!(sw_of(&c, "00 20 00 98 04 35 36 37 38"), 0x9000);
    // Wrong P1/P2, an Le.
    assert_eq!(sw_of(&c, "00 20 01 80"), 0x6A86);
    assert_eq!(sw_of(&c, "00 20 00 00"), 0x6A86);
    select_ef(&c, 0x0018);
    assert_eq!(sw_of(&c, "00 20 00 80 04 35 36 37 38 00"), 0x6700);
    // A wrong PIN drops what the right one opened.
    assert_eq!(verify(&c, "5678"), 0x9000);
    assert_eq!(verify(&c, "5679"), 0x63C2);
    select_ef(&c, 0x0017);
    let digest_info = sha256_digest_info(b"x");
    assert_eq!(sign(&c, "80 2A 00 80", &digest_info).1, 0x6982);
}

fn sha256_digest_info(message: &[u8]) -> Vec<u8> {
    let mut di = h("3031300d060960864801650304020105000420");
    di.extend_from_slice(&Sha256::digest(message));
    di
}

fn sign(c: &SoftCard, header: &str, digest_info: &[u8]) -> (Vec<u8>, u16) {
    let mut apdu = h(header);
    apdu.push(digest_info.len() as u8);
    apdu.extend_from_slice(digest_info);
    apdu.push(0x00);
    send(c, &apdu)
}

fn public_of(der: &[u8]) -> RsaPublicKey {
    RsaPrivateKey::from_pkcs1_der(der).unwrap().to_public_key()
}

#[test]
fn compute_digital_signature_after_the_right_verify() {
    let c = card("mynumber-complete");
    select_app(&c, &AID_JPKI);
    let di = sha256_digest_info(b"challenge from the verifier");
    // Before VERIFY: 69 82.
    select_ef(&c, 0x0017);
    assert_eq!(sign(&c, "80 2A 00 80", &di), (vec![], 0x6982));
    select_ef(&c, 0x0018);
    assert_eq!(verify(&c, "5678"), 0x9000);
    select_ef(&c, 0x0017);
    let (sig, sw) = sign(&c, "80 2A 00 80", &di);
    assert_eq!((sig.len(), sw), (256, 0x9000));
    // The signature verifies with the authentication certificate's key (same key as the test key).
    let key = public_of(fx::AUTH_USER_TESTKEY);
    key.verify(Pkcs1v15Sign::new::<Sha256>(), &Sha256::digest(b"challenge from the verifier"), &sig).unwrap();
    let cert_key = x509_modulus(fx::AUTH_USER_DER);
    assert_eq!(cert_key, key.n().to_bytes_be());
    // P2 97 (the key's SFI) signs the same, deterministic PKCS#1 v1.5.
    assert_eq!(sign(&c, "80 2A 00 97", &di), (sig.clone(), 0x9000));
    // The signature key stays closed: its password was not verified.
    assert_eq!(sign(&c, "80 2A 00 9A", &di).1, 0x6982);
    // Card-side hashing variants (P1 01–05) are not emulated; a DigestInfo too long to pad; no data.
    assert_eq!(sign(&c, "80 2A 01 80", &di).1, 0x6A86);
    assert_eq!(sign(&c, "80 2A 00 80", &[0u8; 246]).1, 0x6700);
    assert_eq!(sw_of(&c, "80 2A 00 80 00"), 0x6700);
    // A current EF that is not a private key.
    select_ef(&c, 0x000A);
    assert_eq!(sign(&c, "80 2A 00 80", &di).1, 0x6981);
    // Re-selecting drops the PIN.
    select_app(&c, &AID_JPKI);
    select_ef(&c, 0x0017);
    assert_eq!(sign(&c, "80 2A 00 80", &di).1, 0x6982);
    // The signature key after the password.
    select_ef(&c, 0x001B);
    assert_eq!(verify(&c, "TEST1234AB"), 0x9000);
    select_ef(&c, 0x001A);
    let (sig, sw) = sign(&c, "80 2A 00 80", &di);
    assert_eq!(sw, 0x9000);
    public_of(fx::SIGN_USER_TESTKEY)
        .verify(Pkcs1v15Sign::new::<Sha256>(), &Sha256::digest(b"challenge from the verifier"), &sig)
        .unwrap();
    assert_eq!(x509_modulus(fx::SIGN_USER_DER), public_of(fx::SIGN_USER_TESTKEY).n().to_bytes_be());
}

/// The RSA modulus of a certificate's subject public key.
fn x509_modulus(der_bytes: &[u8]) -> Vec<u8> {
    use der::Decode;
    let cert = x509_cert::Certificate::from_der(der_bytes).unwrap();
    let spki = cert.tbs_certificate.subject_public_key_info.subject_public_key.raw_bytes();
    let key = rsa::pkcs1::RsaPublicKey::from_der(spki).unwrap();
    BigUint::from_bytes_be(key.modulus.as_bytes()).to_bytes_be()
}

#[test]
fn input_helper_access_rules() {
    let c = card("mynumber-complete");
    select_app(&c, &AID_INPUT_HELPER);
    // Free: the CVC, the basic information, the sixteen FF.
    for (fid, want) in [(0x0004, fx::KENHOJO_0004), (0x0005, fx::KENHOJO_0005), (0x0008, fx::KENHOJO_0008)] {
        assert_eq!(select_ef(&c, fid), 0x9000);
        assert_eq!(read_all(&c), want, "{fid:04X}");
    }
    // A read before VERIFY is refused.
    for fid in [0x0001, 0x0002, 0x0003, 0x0006, 0x0007] {
        select_ef(&c, fid);
        assert_eq!(sw_of(&c, "00 B0 00 00 04"), 0x6982, "{fid:04X}");
    }
    // The issue-blocked key 0012 is not the user's PIN.
    select_ef(&c, 0x0012);
    assert_eq!(sw_of(&c, "00 20 00 80"), 0x63C0);
    assert_eq!(verify(&c, "1234"), 0x6984);
    // 照合番号B opens the basic four and the integrity record, not the 個人番号.
    select_ef(&c, 0x0015);
    assert_eq!(sw_of(&c, "00 20 00 80"), 0x63CA);
    assert_eq!(verify(&c, ADULT.collation_b), 0x9000);
    select_ef(&c, 0x0001);
    assert_eq!(sw_of(&c, "00 B0 00 00 11"), 0x6982);
    select_ef(&c, 0x0002);
    assert_eq!(read_all(&c), fx::KENHOJO_0002);
    // 照合番号A opens the 個人番号, not the basic four.
    select_app(&c, &AID_INPUT_HELPER);
    select_ef(&c, 0x0014);
    assert_eq!(verify(&c, ADULT.individual_number), 0x9000);
    select_ef(&c, 0x0001);
    assert_eq!(send(&c, &h("00 B0 00 00 11")), (fx::KENHOJO_0001.to_vec(), 0x9000));
    select_ef(&c, 0x0002);
    assert_eq!(sw_of(&c, "00 B0 00 00 04"), 0x6982);
    // The 4-digit PIN opens everything; re-selecting closes it again.
    select_app(&c, &AID_INPUT_HELPER);
    select_ef(&c, 0x0011);
    assert_eq!(sw_of(&c, "00 20 00 80"), 0x63C3);
    assert_eq!(verify(&c, "1234"), 0x9000);
    for (fid, want) in [
        (0x0001, fx::KENHOJO_0001),
        (0x0002, fx::KENHOJO_0002),
        (0x0003, fx::KENHOJO_0003),
        (0x0006, fx::KENHOJO_0006),
        (0x0007, fx::KENHOJO_0007),
    ] {
        assert_eq!(select_ef(&c, fid), 0x9000);
        assert_eq!(read_all(&c), want, "{fid:04X}");
    }
    // The 個人番号 file is 17 bytes physically: FF 10 0C, 12 digits, FF FF.
    assert_eq!(fx::KENHOJO_0001, b"\xFF\x10\x0C123456789018\xFF\xFF");
    select_app(&c, &AID_INPUT_HELPER);
    select_ef(&c, 0x0002);
    assert_eq!(sw_of(&c, "00 B0 00 00 04"), 0x6982);
    // Selecting another application drops it too.
    select_ef(&c, 0x0011);
    assert_eq!(verify(&c, "1234"), 0x9000);
    select_app(&c, &AID_JPKI);
    select_app(&c, &AID_INPUT_HELPER);
    select_ef(&c, 0x0002);
    assert_eq!(sw_of(&c, "00 B0 00 00 04"), 0x6982);
}

#[test]
fn input_helper_records_are_what_the_spec_describes() {
    // DF21 offsets point at DF22..DF25; the integrity record's digests match; its signature and
    // the CVC verify with the test CA key.
    let f2 = fx::KENHOJO_0002;
    assert_eq!(&f2[..5], &[0xFF, 0x20, 0x81, 0x80, 0xDF]);
    let offsets: Vec<usize> = f2[7..15].chunks(2).map(|p| usize::from(u16::from_be_bytes([p[0], p[1]]))).collect();
    for (o, tag) in offsets.iter().zip([0x22u8, 0x23, 0x24, 0x25]) {
        assert_eq!(&f2[*o..*o + 2], &[0xDF, tag]);
    }
    let value_end = 4 + 0x80;
    assert!(f2[value_end..].iter().all(|b| *b == 0xFF));
    let f3 = fx::KENHOJO_0003;
    assert_eq!(&f3[..5], &h("FF 30 82 01 4B")[..]);
    assert_eq!(&f3[5..8], &h("DF 31 20")[..]);
    assert_eq!(&f3[8..40], &Sha256::digest(fx::KENHOJO_0001)[..]);
    assert_eq!(&f3[40..43], &h("DF 32 20")[..]);
    assert_eq!(&f3[43..75], &Sha256::digest(&f2[15..value_end])[..]);
    assert_eq!(&f3[75..80], &h("DF 33 82 01 00")[..]);
    let ap_key = cvc_key(fx::KENHOJO_0004, fx::CVCA_9000033_JSON, b"9000033");
    ap_key.verify(Pkcs1v15Sign::new::<Sha256>(), &Sha256::digest(&f3[5..75]), &f3[80..]).unwrap();
    // The changed file differs from the signed one only in its address.
    let changed = fx::KENHOJO_0002_CHANGED;
    assert_eq!(changed.len(), f2.len());
    assert_ne!(&Sha256::digest(&changed[15..value_end])[..], &f3[43..75]);
    assert!(String::from_utf8_lossy(changed).contains(mp::CHANGED_ADDRESS));
}

/// The key a CVC (EF 0004) certifies, after checking the CVC with the JSON CA key.
fn cvc_key(cvc: &[u8], ca_json: &str, issuer: &[u8; 7]) -> RsaPublicKey {
    let doc: serde_json_lite::Doc = serde_json_lite::parse(ca_json);
    assert_eq!(&hex::decode(&doc.key_id_hex).unwrap()[..7], issuer);
    let ca = RsaPublicKey::new(BigUint::from_bytes_be(&hex::decode(&doc.modulus_hex).unwrap()), BigUint::from(65537u32)).unwrap();
    assert_eq!(&cvc[..10], &h("7F 21 82 02 33 5F 4E 82 01 29")[..]);
    let body = &cvc[10..307];
    assert_eq!(&body[..7], issuer);
    assert_eq!(&body[..16], &hex::decode(&doc.key_id_hex).unwrap()[..]);
    assert_eq!(&cvc[307..312], &h("5F 37 82 01 00")[..]);
    ca.verify(Pkcs1v15Sign::new::<Sha256>(), &Sha256::digest(body), &cvc[312..]).unwrap();
    assert_eq!(&body[32..41], &h("90 03 01 00 01 91 82 01 00")[..]);
    RsaPublicKey::new(BigUint::from_bytes_be(&body[41..297]), BigUint::from(65537u32)).unwrap()
}

/// Just enough JSON for the three-field CA key files (no JSON crate in the core's dependencies).
mod serde_json_lite {
    pub struct Doc {
        pub key_id_hex: String,
        pub modulus_hex: String,
    }
    fn field(text: &str, name: &str) -> String {
        let start = text.find(&format!("\"{name}\": \"")).unwrap() + name.len() + 5;
        text[start..].split('"').next().unwrap().to_string()
    }
    pub fn parse(text: &str) -> Doc {
        assert!(text.contains("\"exponent\": 65537") && text.contains("\"test\": true"));
        Doc { key_id_hex: field(text, "key_id_hex"), modulus_hex: field(text, "modulus_hex") }
    }
}

#[test]
fn card_face_access_rules_and_tamper_record() {
    let c = card("mynumber-complete");
    select_app(&c, &AID_CARD_FACE);
    for (fid, want) in [(0x0003, fx::KENKAKU_0003), (0x0004, fx::KENKAKU_0004)] {
        select_ef(&c, fid);
        assert_eq!(read_all(&c), want);
    }
    for fid in [0x0001, 0x0002, 0x0005] {
        select_ef(&c, fid);
        assert_eq!(sw_of(&c, "00 B0 00 00 04"), 0x6982, "{fid:04X}");
    }
    // The birth-date key opens the age record only.
    select_ef(&c, 0x0011);
    assert_eq!(sw_of(&c, "00 20 00 80"), 0x63CA);
    assert_eq!(verify(&c, "600412"), 0x9000);
    select_ef(&c, 0x0001);
    assert_eq!(read_all(&c), fx::KENKAKU_0001);
    select_ef(&c, 0x0002);
    assert_eq!(sw_of(&c, "00 B0 00 00 04"), 0x6982);
    // 照合番号B opens the card face, not the number image; a wrong one decrements (10 tries).
    select_app(&c, &AID_CARD_FACE);
    select_ef(&c, 0x0012);
    assert_eq!(verify(&c, "60041220340000"), 0x63C9);
    assert_eq!(verify(&c, ADULT.collation_b), 0x9000);
    select_ef(&c, 0x0002);
    let face = read_all(&c);
    assert_eq!(face, fx::KENKAKU_0002);
    select_ef(&c, 0x0005);
    assert_eq!(sw_of(&c, "00 B0 00 00 04"), 0x6982);
    // 照合番号A opens the number image.
    select_ef(&c, 0x0013);
    assert_eq!(verify(&c, ADULT.individual_number), 0x9000);
    select_ef(&c, 0x0005);
    assert_eq!(read_all(&c), fx::KENKAKU_0005);

    // DF28 signs DigestInfo(SHA-256 OID, three digests) with the CVC key; the photo-changed
    // card's record does not verify.
    let ap_key = cvc_key(fx::KENKAKU_0004, fx::CVCA_9000023_JSON, b"9000023");
    let check = |file: &[u8]| -> bool {
        let fields = tlv_fields(file);
        let get = |t: u16| fields.iter().find(|(tag, _)| *tag == t).map(|(_, raw)| raw.clone()).unwrap();
        let mut digests = Vec::new();
        digests.extend(Sha256::digest([get(0xDF22), get(0xDF23), get(0xDF24)].concat()));
        digests.extend(Sha256::digest([get(0xDF25), get(0xDF26)].concat()));
        digests.extend(Sha256::digest(get(0xDF27)));
        let mut di = h("3071300d06096086480165030402010500 0460");
        di.extend(digests);
        let sig = get(0xDF28);
        ap_key.verify(Pkcs1v15Sign::new_unprefixed(), &di, &sig[5..]).is_ok()
    };
    assert!(check(fx::KENKAKU_0002));
    assert!(!check(fx::KENKAKU_0002_PHOTO_CHANGED));
    // The photo is a JP2 file; the name, address and code images are PNG.
    let fields = tlv_fields(fx::KENKAKU_0002);
    let value = |t: u16| {
        let raw = &fields.iter().find(|(tag, _)| *tag == t).unwrap().1;
        raw[if raw[2] < 0x80 { 3 } else if raw[2] == 0x81 { 4 } else { 5 }..].to_vec()
    };
    assert_eq!(value(0xDF27), fx::PHOTO_JP2);
    assert_eq!(value(0xDF25), fx::NAME_PNG);
    assert_eq!(value(0xDF26), fx::ADDRESS_PNG);
    assert_eq!(value(0xDF2A), fx::SECURITY_CODE_PNG);
    assert_eq!(value(0xDF29), b"20340412");
    assert_eq!(value(0xDF22), b"19850412");
    assert_eq!(value(0xDF23), b"2");
}

/// (tag, whole TLV) of each field inside an `FF xx` record (two-byte tags, DF21 included).
fn tlv_fields(file: &[u8]) -> Vec<(u16, Vec<u8>)> {
    let (header, len) = match file[2] {
        n if n < 0x80 => (3, usize::from(n)),
        0x81 => (4, usize::from(file[3])),
        _ => (5, usize::from(u16::from_be_bytes([file[3], file[4]]))),
    };
    let mut rest = &file[header..header + len];
    let mut out = Vec::new();
    while !rest.is_empty() {
        let tag = u16::from_be_bytes([rest[0], rest[1]]);
        let (h, l) = match rest[2] {
            n if n < 0x80 => (3, usize::from(n)),
            0x81 => (4, usize::from(rest[3])),
            _ => (5, usize::from(u16::from_be_bytes([rest[3], rest[4]]))),
        };
        out.push((tag, rest[..h + l].to_vec()));
        rest = &rest[h + l..];
    }
    out
}

#[test]
fn application_signing_keys_need_no_credential() {
    let c = card("mynumber-complete");
    select_app(&c, &AID_CARD_FACE);
    let di = sha256_digest_info(b"sixteen byte chl");
    let (sig, sw) = sign(&c, "80 2A 00 00", &di);
    assert_eq!(sw, 0x9000);
    public_of(fx::KENKAKU_SIGN_TESTKEY)
        .verify(Pkcs1v15Sign::new::<Sha256>(), &Sha256::digest(b"sixteen byte chl"), &sig)
        .unwrap();
    // The JPKI application has no default key.
    select_app(&c, &AID_JPKI);
    assert_eq!(sign(&c, "80 2A 00 00", &di).1, 0x6A86);
    // No application at all.
    c.reset();
    assert_eq!(sign(&c, "80 2A 00 00", &di).1, 0x6986);
}

#[test]
fn get_data_get_challenge_and_read_record() {
    let c = card("mynumber-complete");
    // MF level: the card identification, the CVC (content without 7F21), the contact ATR.
    assert_eq!(send(&c, &h("00 CA 00 45 00")), (b"ZRTEST0000000001".to_vec(), 0x9000));
    // The CVC is 563 bytes: a short Le is refused, an extended one answers.
    assert_eq!(sw_of(&c, "00 CA 00 F8 00"), 0x6700);
    let (cvc, sw) = send(&c, &h("00 CA 00 F8 00 00 00"));
    assert_eq!((cvc.as_slice(), sw), (&fx::MF_CVC[5..], 0x9000));
    let (atr, sw) = send(&c, &h("00 CA 5F 51 00"));
    assert_eq!(sw, 0x9000);
    assert_eq!(atr.iter().fold(0u8, |a, b| a ^ b), 0, "TCK");
    assert_eq!(sw_of(&c, "00 CA 00 42 00"), 0x6A88);
    // Inside an application the MF objects are gone.
    select_app(&c, &AID_JPKI);
    assert_eq!(sw_of(&c, "00 CA 00 45 00"), 0x6A88);
    // The common application: its record and the ATR.
    select_app(&c, &AID_COMMON);
    assert_eq!(send(&c, &h("00 CA 5F 51 00")).0, atr);
    assert_eq!(select_ef(&c, 0x0001), 0x9000);
    assert_eq!(send(&c, &h("00 B2 01 04 00")), (fx::COMMON_0001.to_vec(), 0x9000));
    assert_eq!(&fx::COMMON_0001[..2], &[0x01, 0x1C]);
    assert_eq!(&fx::COMMON_0001[2..], b"9990000000000011310120340412");
    assert_eq!(sw_of(&c, "00 B2 02 04 00"), 0x6A83);
    assert_eq!(sw_of(&c, "00 B2 01 0C 00"), 0x6A86);
    assert_eq!(sw_of(&c, "00 B0 00 00 00"), 0x6981);
    // GET CHALLENGE: exactly Le bytes, fresh each time.
    let (a, sw) = send(&c, &h("00 84 00 00 10"));
    assert_eq!((a.len(), sw), (16, 0x9000));
    let (b, _) = send(&c, &h("00 84 00 00 10"));
    assert_ne!(a, b);
    assert_eq!(send(&c, &h("00 84 00 00 00")).0.len(), 256);
    assert_eq!(sw_of(&c, "00 84 00 01 10"), 0x6A86);
    assert_eq!(sw_of(&c, "00 84 00 00"), 0x6700);
}


#[test]
fn variants_differ_where_they_say() {
    // Last try: every user key at 63 C1.
    let c = card("mynumber-last-try");
    for (aid, key) in [(AID_JPKI, 0x0018), (AID_JPKI, 0x001B), (AID_INPUT_HELPER, 0x0011), (AID_INPUT_HELPER, 0x0015), (AID_CARD_FACE, 0x0012), (AID_CARD_FACE, 0x0011)] {
        select_app(&c, &aid);
        select_ef(&c, key);
        assert_eq!(sw_of(&c, "00 20 00 80"), 0x63C1, "{key:04X}");
    }
    select_ef(&c, 0x0012);
    assert_eq!(verify(&c, "00000000000000"), 0x63C0);
    assert_eq!(verify(&c, ADULT.collation_b), 0x6984);
    // Blocked: 63 C0 on query, 69 84 on VERIFY even with the right value.
    let c = card("mynumber-blocked");
    for (aid, key, right) in [
        (AID_JPKI, 0x0018, ADULT.auth_pin),
        (AID_JPKI, 0x001B, "TEST1234AB"),
        (AID_INPUT_HELPER, 0x0011, ADULT.input_helper_pin),
        (AID_CARD_FACE, 0x0012, ADULT.collation_b),
    ] {
        select_app(&c, &aid);
        select_ef(&c, key);
        assert_eq!(sw_of(&c, "00 20 00 80"), 0x63C0, "{key:04X}");
        assert_eq!(verify(&c, right), 0x6984, "{key:04X}");
    }
    // No signature certificate: EF 0008 says so, the certificate, its key and password are absent.
    let c = card("mynumber-no-signature-cert");
    select_app(&c, &AID_JPKI);
    select_ef(&c, 0x0008);
    assert_eq!(send(&c, &h("00 B0 00 00 00")), (vec![0x00, 0x8F, 0x00], 0x9000));
    for fid in [0x0001, 0x0002, 0x001A, 0x001B] {
        assert_eq!(select_ef(&c, fid), 0x6A82, "{fid:04X}");
    }
    select_ef(&c, 0x000A);
    assert_eq!(read_all(&c), fx::AUTH_USER_CHILD_DER);
    select_app(&c, &AID_INPUT_HELPER);
    select_ef(&c, 0x0011);
    assert_eq!(verify(&c, "1234"), 0x9000);
    select_ef(&c, 0x0002);
    assert_eq!(read_all(&c), fx::CHILD_KENHOJO_0002);
    // Expired, rogue: only the certificates differ.
    let c = card("mynumber-expired");
    select_app(&c, &AID_JPKI);
    select_ef(&c, 0x000A);
    assert_eq!(read_all(&c), fx::AUTH_USER_EXPIRED_DER);
    let c = card("mynumber-rogue-root");
    select_app(&c, &AID_JPKI);
    select_ef(&c, 0x000A);
    assert_eq!(read_all(&c), fx::AUTH_USER_ROGUE_DER);
    select_ef(&c, 0x000B);
    assert_eq!(read_all(&c), fx::AUTH_ROGUE_ROOT_DER);
    // Basic four changed, photo changed.
    let c = card("mynumber-basic-four-changed");
    select_app(&c, &AID_INPUT_HELPER);
    select_ef(&c, 0x0011);
    verify(&c, "1234");
    select_ef(&c, 0x0002);
    assert_eq!(read_all(&c), fx::KENHOJO_0002_CHANGED);
    select_ef(&c, 0x0003);
    assert_eq!(read_all(&c), fx::KENHOJO_0003);
    let c = card("mynumber-photo-changed");
    select_app(&c, &AID_CARD_FACE);
    select_ef(&c, 0x0012);
    verify(&c, ADULT.collation_b);
    select_ef(&c, 0x0002);
    assert_eq!(read_all(&c), fx::KENKAKU_0002_PHOTO_CHANGED);
}

#[test]
fn pulled_away_and_garbage() {
    let c = card("mynumber-pulled-away");
    select_app(&c, &AID_JPKI);
    assert_eq!(select_ef(&c, 0x000A), 0x9000);
    assert_eq!(sw_of(&c, "00 B0 00 00 04"), 0x9000);
    assert_eq!(sw_of(&c, "00 B0 00 04 00"), 0x9000);
    assert_eq!(c.transceive(h("00 B0 01 04 00")), Err(TransportError::CardRemoved));
    assert_eq!(c.transceive(h("00 B0 01 04 00")), Err(TransportError::CardRemoved));
    assert_eq!(c.apdu_count(), mp::PULLED_AWAY_AFTER + 1);

    let c = card("mynumber-garbage");
    select_app(&c, &AID_JPKI);
    select_ef(&c, 0x000A);
    let (a, sw) = send(&c, &h("00 B0 00 00 04"));
    assert_eq!((a.len(), sw), (4, 0x9000));
    assert_ne!(a, fx::AUTH_USER_DER[..4]);
    // Status words stay honest: access rules still apply.
    select_ef(&c, 0x0001);
    assert_eq!(sw_of(&c, "00 B0 00 00 04"), 0x6982);
}

#[test]
fn a_reset_drops_the_application_and_security_state() {
    let c = card("mynumber-complete");
    select_app(&c, &AID_INPUT_HELPER);
    select_ef(&c, 0x0011);
    assert_eq!(verify(&c, "1234"), 0x9000);
    assert_eq!(verify(&c, "9999"), 0x63C2);
    c.reset();
    assert_eq!(sw_of(&c, "00 B0 00 00 04"), 0x6986);
    select_app(&c, &AID_INPUT_HELPER);
    select_ef(&c, 0x0002);
    assert_eq!(sw_of(&c, "00 B0 00 00 04"), 0x6982);
    // The counter survived the reset.
    select_ef(&c, 0x0011);
    assert_eq!(sw_of(&c, "00 20 00 80"), 0x63C2);
}

#[test]
fn never_panics_on_any_short_command() {
    use proptest::prelude::*;
    let c = card("mynumber-complete");
    proptest!(ProptestConfig::with_cases(512), |(raw in proptest::collection::vec(any::<u8>(), 0..300))| {
        let r = c.transceive(raw).unwrap();
        prop_assert!(r.len() >= 2);
    });
}
