//! End-to-end: every My Number profile of the software card through the core's checks, with
//! exact outcomes and exact APDU counts (each at the protocol minimum of docs/performance.md).
//! Credentials and trust material: fixtures/mynumber/README.md.

use zairyu_core::mynumber::chain::CertificateStatus;
use zairyu_core::mynumber::trust::CvcCaKey;
use zairyu_core::mynumber::*;
use zairyu_core::softcard::{Profile, SoftCard};

const AUTH_ROOT: &[u8] = include_bytes!("../../fixtures/mynumber/auth-root.der");
const SIGN_ROOT: &[u8] = include_bytes!("../../fixtures/mynumber/sign-root.der");
const CVCA: [&str; 3] = [
    include_str!("../../fixtures/mynumber/cvca-9000020.json"),
    include_str!("../../fixtures/mynumber/cvca-9000023.json"),
    include_str!("../../fixtures/mynumber/cvca-9000033.json"),
];
/// 2026-12-01T00:00:00Z: the profiles' certificates are in date (2026-01-05 → 2031-04-12), the
/// expired profile's are not (→ 2025-04-12).
const NOW: i64 = 1_796_083_200;

/// A string field of the fixture JSON (flat object, no escapes in these files).
fn field<'a>(json: &'a str, name: &str) -> &'a str {
    let at = json.find(&format!("\"{name}\"")).expect("field") + name.len() + 2;
    let rest = json[at..].trim_start().trim_start_matches(':').trim_start();
    let rest = rest.trim_start_matches('"');
    let end = rest.find(['"', ',', '}']).expect("end");
    rest[..end].trim()
}

fn trust() -> MyNumberTrust {
    let mut t = MyNumberTrust::default();
    t.add_test_root(AUTH_ROOT, "test auth root").unwrap();
    t.add_test_root(SIGN_ROOT, "test sign root").unwrap();
    for json in CVCA {
        let exponent: u64 = field(json, "exponent").parse().unwrap();
        t.add_test_cvc_key(CvcCaKey::test_from_hex(field(json, "key_id_hex"), field(json, "modulus_hex"), exponent).unwrap());
    }
    t
}

fn options() -> MyNumberOptions {
    MyNumberOptions { trust: trust(), now_unix: Some(NOW), skip_image_decoding: true, ..Default::default() }
}

fn card(name: &str) -> SoftCard {
    SoftCard::with_seed(Profile::by_name(name).unwrap_or_else(|| panic!("profile {name}")), 7)
}

const ADULT_NAME: &str = "試験\u{3000}花子";
const ADULT_ADDRESS: &str = "東京都千代田区霞が関２丁目１番２号\u{3000}テスト住宅１０１号";

fn pin(s: &str) -> FixedPin {
    FixedPin::new(s)
}

#[test]
fn complete_card_every_check() {
    let c = card("mynumber-complete");
    let s = status(&c, &options()).unwrap();
    let tries: Vec<(PinKind, u8, bool)> = s.pins.iter().map(|p| (p.kind, p.tries_left, p.blocked)).collect();
    assert_eq!(
        tries,
        [
            (PinKind::InputHelper, 3, false),
            (PinKind::CollationB, 10, false),
            (PinKind::Auth, 3, false),
            (PinKind::Signature, 5, false)
        ]
    );
    assert_eq!((s.kind, s.auth_certificate, s.signature_certificate), (CardKind::MyNumberCard, true, true));
    assert_eq!(s.wire.apdus, 14);

    let c = card("mynumber-complete");
    let decoding = MyNumberOptions { skip_image_decoding: false, ..options() };
    let r = in_person_check(&c, &decoding, "1985-04-12", "2034", "4826").unwrap();
    assert_eq!(r.holder.birth_date_iso().as_deref(), Some("1985-04-12"));
    assert_eq!(r.holder.sex, Some(Sex::Female));
    assert_eq!(r.card_expiry, Some((2034, 4, 12)));
    assert_eq!(r.verification.tamper, Some(Step::Ok));
    assert_eq!(r.verification.anchor.as_deref(), Some("9000023/001"));
    assert!(r.verification.test_anchor);
    assert_eq!(r.verification.verdict, Verdict::Normal);
    assert_eq!(r.photo.format, Some(zairyu_core::image::ImageFormat::Jp2));
    // The name and address images are PNG, decoded under the same limits as every card image.
    for (image, size) in [(&r.name_image, (400, 40)), (&r.address_image, (600, 40))] {
        assert_eq!(image.format, Some(zairyu_core::image::ImageFormat::Png));
        let decoded = image.decoded.as_ref().expect("decoded");
        assert_eq!((decoded.width, decoded.height), size);
    }
    assert_eq!(r.wire.apdus, 20);

    let c = card("mynumber-complete");
    let r = pin_check(&c, &options(), &pin("1234"), false).unwrap();
    assert_eq!(r.holder.name.as_deref(), Some(ADULT_NAME));
    assert_eq!(r.holder.address.as_deref(), Some(ADULT_ADDRESS));
    assert_eq!(r.holder.birth_date_iso().as_deref(), Some("1985-04-12"));
    assert_eq!(r.holder.sex, Some(Sex::Female));
    assert_eq!((r.verification.integrity, r.verification.verdict), (Some(Step::Ok), Verdict::Normal));
    assert!(r.individual_number.is_none());
    assert_eq!(r.wire.apdus, 14);
    let c = card("mynumber-complete");
    let r = pin_check(&c, &options(), &pin("1234"), true).unwrap();
    assert_eq!(r.individual_number.as_ref().map(|n| n.reveal()), Some("123456789018"));
    assert_eq!(r.verification.my_number_digest, Some(Step::Ok));
    assert_eq!(r.wire.apdus, 16);

    let c = card("mynumber-complete");
    let r = auth_check(&c, &options(), &pin("5678")).unwrap();
    assert_eq!(r.verification.signature, Some(Step::Ok));
    assert_eq!(r.verification.chain, Some(Step::Ok));
    assert_eq!(r.verification.certificate_status, Some(CertificateStatus::Valid));
    assert!(!r.verification.revocation_checked && r.verification.test_anchor);
    assert_eq!(r.verification.verdict, Verdict::Normal);
    assert_eq!(r.wire.apdus, 12);

    let c = card("mynumber-complete");
    let r = signature_check(&c, &options(), &pin("test1234ab")).unwrap();
    assert_eq!(r.holder.name.as_deref(), Some(ADULT_NAME));
    assert_eq!(r.holder.address.as_deref(), Some(ADULT_ADDRESS));
    assert_eq!(r.holder.birth_date_iso().as_deref(), Some("1985-04-12"));
    assert_eq!(r.holder.sex, Some(Sex::Female));
    assert_eq!((r.verification.chain, r.verification.verdict), (Some(Step::Ok), Verdict::Normal));
    assert_eq!(r.wire.apdus, 13);
}

#[test]
fn production_trust_only_never_passes_the_test_card() {
    let prod = MyNumberOptions { trust: MyNumberTrust::default(), ..options() };
    let r = in_person_check(&card("mynumber-complete"), &prod, "1985-04-12", "2034", "4826").unwrap();
    assert_eq!((r.verification.tamper, r.verification.verdict), (Some(Step::Failed("unknown_ca")), Verdict::Abnormal));
    let r = pin_check(&card("mynumber-complete"), &prod, &pin("1234"), false).unwrap();
    assert_eq!(r.verification.integrity, Some(Step::Failed("unknown_ca")));
    let r = auth_check(&card("mynumber-complete"), &prod, &pin("5678")).unwrap();
    assert_eq!((r.verification.signature, r.verification.chain), (Some(Step::Ok), Some(Step::Failed("unknown_issuer"))));
    assert_eq!(r.verification.verdict, Verdict::Abnormal);
}

#[test]
fn wrong_pin_then_tries_left_and_the_last_try() {
    let c = card("mynumber-complete");
    let e = pin_check(&c, &options(), &pin("0000"), false).unwrap_err();
    assert_eq!((e.code(), e.tries_left()), ("wrong_pin", Some(2)));
    let e = auth_check(&c, &options(), &pin("0000")).unwrap_err();
    assert_eq!((e.code(), e.tries_left()), ("wrong_pin", Some(2)));
    let e = signature_check(&c, &options(), &pin("WRONG1")).unwrap_err();
    assert_eq!((e.code(), e.tries_left()), ("wrong_pin", Some(4)));
    let e = in_person_check(&c, &options(), "1985-04-13", "2034", "4826").unwrap_err();
    assert_eq!((e.code(), e.tries_left()), ("wrong_pin", Some(9)));

    let c = card("mynumber-last-try");
    let before = c.apdu_count();
    let e = pin_check(&c, &options(), &pin("1234"), false).unwrap_err();
    assert_eq!(e, MyNumberError::LastTryRefused { pin: PinKind::InputHelper });
    assert_eq!(c.apdu_count() - before, 4, "identify, SELECT AP, SELECT key, tries; no VERIFY with data");
    for e in [
        auth_check(&c, &options(), &pin("5678")).unwrap_err(),
        signature_check(&c, &options(), &pin("TEST1234AB")).unwrap_err(),
        in_person_check(&c, &options(), "1985-04-12", "2034", "4826").unwrap_err(),
    ] {
        assert_eq!((e.code(), e.tries_left()), ("last_try_refused", Some(1)));
    }
    let allow = MyNumberOptions { allow_last_try: true, ..options() };
    let r = pin_check(&c, &allow, &pin("1234"), false).unwrap();
    assert_eq!(r.pins[0].tries_left, 1);
    let e = auth_check(&c, &allow, &pin("0000")).unwrap_err();
    assert_eq!(e, MyNumberError::PinBlocked { pin: PinKind::Auth });
}

#[test]
fn blocked_card() {
    let c = card("mynumber-blocked");
    let s = status(&c, &options()).unwrap();
    assert!(s.pins.iter().all(|p| p.blocked && p.tries_left == 0));
    let allow = MyNumberOptions { allow_last_try: true, ..options() };
    assert_eq!(pin_check(&c, &allow, &pin("1234"), false).unwrap_err().code(), "pin_blocked");
    assert_eq!(auth_check(&c, &allow, &pin("5678")).unwrap_err().code(), "pin_blocked");
    assert_eq!(signature_check(&c, &allow, &pin("TEST1234AB")).unwrap_err().code(), "pin_blocked");
    assert_eq!(in_person_check(&c, &allow, "1985-04-12", "2034", "4826").unwrap_err().code(), "pin_blocked");
}

#[test]
fn no_signature_certificate_is_found_before_the_password() {
    let c = card("mynumber-no-signature-cert");
    let s = status(&c, &options()).unwrap();
    assert_eq!((s.auth_certificate, s.signature_certificate), (true, false));
    // No signature key, so no signature counter; one APDU fewer than a complete card.
    let kinds: Vec<PinKind> = s.pins.iter().map(|p| p.kind).collect();
    assert_eq!(kinds, [PinKind::InputHelper, PinKind::CollationB, PinKind::Auth]);
    assert_eq!(s.wire.apdus, 13);
    struct Never;
    impl PinSource for Never {
        fn pin(&self, _: &PinPrompt) -> Option<zeroize::Zeroizing<String>> {
            panic!("password asked")
        }
    }
    let before = c.apdu_count();
    assert_eq!(signature_check(&c, &options(), &Never).unwrap_err(), MyNumberError::NoSignatureCertificate);
    assert_eq!(c.apdu_count() - before, 4);
    let r = pin_check(&c, &options(), &pin("1234"), false).unwrap();
    assert_eq!(r.holder.birth_date_iso().as_deref(), Some("2016-08-01"));
    assert_eq!(r.verification.verdict, Verdict::Normal);
}

#[test]
fn expired_certificates_are_their_own_outcome() {
    let c = card("mynumber-expired");
    let r = auth_check(&c, &options(), &pin("5678")).unwrap();
    assert_eq!((r.verification.chain, r.verification.certificate_status), (Some(Step::Ok), Some(CertificateStatus::Expired)));
    assert_eq!(r.verification.verdict, Verdict::Abnormal);
    let r = signature_check(&c, &options(), &pin("TEST1234AB")).unwrap();
    assert_eq!((r.verification.chain, r.verification.certificate_status), (Some(Step::Ok), Some(CertificateStatus::Expired)));
    assert_eq!(r.verification.verdict, Verdict::Abnormal);
}

#[test]
fn tampered_cards_are_abnormal_with_exact_reasons() {
    let r = pin_check(&card("mynumber-basic-four-changed"), &options(), &pin("1234"), false).unwrap();
    assert_eq!((r.verification.integrity, r.verification.verdict), (Some(Step::Failed("digest_mismatch")), Verdict::Abnormal));
    let r = in_person_check(&card("mynumber-photo-changed"), &options(), "1985-04-12", "2034", "4826").unwrap();
    assert_eq!((r.verification.tamper, r.verification.verdict), (Some(Step::Failed("signature_invalid")), Verdict::Abnormal));
    let c = card("mynumber-rogue-root");
    let r = auth_check(&c, &options(), &pin("5678")).unwrap();
    // The card's own key signs the challenge; its certificate chains to no trusted root.
    assert_eq!((r.verification.signature, r.verification.chain), (Some(Step::Ok), Some(Step::Failed("bad_signature"))));
    assert_eq!(r.verification.verdict, Verdict::Abnormal);
    let r = signature_check(&c, &options(), &pin("TEST1234AB")).unwrap();
    assert_eq!((r.verification.chain, r.verification.verdict), (Some(Step::Failed("bad_signature")), Verdict::Abnormal));
}

#[test]
fn pulled_away_and_garbage() {
    let e = auth_check(&card("mynumber-pulled-away"), &options(), &pin("5678")).unwrap_err();
    assert_eq!(e.code(), "card_lost");
    let c = card("mynumber-garbage");
    for e in [
        status(&c, &options()).err(),
        pin_check(&c, &options(), &pin("1234"), false).err(),
        in_person_check(&c, &options(), "1985-04-12", "2034", "4826").err(),
        auth_check(&c, &options(), &pin("5678")).err(),
        signature_check(&c, &options(), &pin("TEST1234AB")).err(),
    ]
    .into_iter()
    .flatten()
    {
        assert!(["malformed_data", "communication_error"].contains(&e.code()), "{}", e.code());
    }
}

#[test]
fn residence_profiles_are_not_my_number_cards() {
    let c = card("residence");
    assert_eq!(status(&c, &options()).unwrap_err(), MyNumberError::NotAMyNumberCard);
}
