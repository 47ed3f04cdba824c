//! End-to-end: specified cards (types 07/08, the 在留AP on a My Number chip) against the software
//! card: every specified profile with its exact outcome, the exact command sequence and APDU count
//! at the protocol minimum (docs/performance.md §1), and the specified-only errors.

mod common;

use common::*;
use zairyu_core::chip::specified::PARAMS;
use zairyu_core::chip::CardTypeCode;
use zairyu_core::model::{CardKind, Generation, PeriodOfStay};
use zairyu_core::present::result_screen;
use zairyu_core::read::read_card_with_rng;
use zairyu_core::softcard::fixtures::specified::{DELIVERY_OTHER_PUB_DER, DELIVERY_TEST_PUB_DER};
use zairyu_core::softcard::SoftCard;
use zairyu_core::specified::DeliveryKey;
use zairyu_core::transport::NoProgress;
use zairyu_core::verify::{IssuerCheck, IssuerFailure, SignatureLayout, TamperCheck, TamperFailure, Verdict};
use zairyu_core::{read_card, ReadError, ReadOptions, Reading};

/// 2026-09-01: inside the gen2 test certificates' validity.
const NOW2: i64 = 1_788_220_800;

fn options_with(key: &[u8]) -> ReadOptions {
    ReadOptions {
        trust: trust_both(),
        now_unix: Some(NOW2),
        delivery_key: Some(DeliveryKey::from_bytes(key, "test").unwrap()),
        ..ReadOptions::default()
    }
}

fn read_s(name: &str) -> (Result<Reading, ReadError>, SoftCard) {
    let card = SoftCard::with_seed(profile(name), 13);
    let number = card.profile().card_number().clone();
    let mut rng = FixedRng((0u8..=255).collect(), 0);
    (read_card_with_rng(&number, &card, &options_with(DELIVERY_TEST_PUB_DER), &NoProgress, &mut rng), card)
}

fn ins_sequence(card: &SoftCard) -> Vec<(u8, u8, u8)> {
    card.transcript().iter().map(|(c, _)| (c[0], c[1], c[2])).collect()
}

const AID_AP: &str = "D3 92 F0 00 4F 01 00 00 00 00 00 00 00 00 00 00";

#[test]
fn specified_07_reads_completely_at_the_protocol_minimum() {
    let (r, card) = read_s("specified-07");
    let r = r.expect("read");
    assert_eq!(r.card.type_code, CardTypeCode::SpecifiedResidence);
    assert_eq!((r.card.kind, r.card.generation), (CardKind::SpecifiedResidenceCard, Generation::Second));
    assert_eq!(r.card.spec_version.as_deref(), Some("0001"));
    assert_eq!(r.card_number.as_str(), "ST13572468UV");
    assert_eq!(r.verification.tamper, TamperCheck::Ok { layout: SignatureLayout::EcdsaRaw });
    assert!(matches!(r.verification.issuer, IssuerCheck::Ok { .. }));
    assert_eq!(r.verification.verdict, Verdict::Normal);
    let p = r.printed.as_ref().unwrap();
    assert_eq!(p.period_of_stay, Some(PeriodOfStay::YearsMonths { years: 3, months: 0 }));
    let perm = r.gen2_permissions.as_ref().expect("DF2 permissions on a 07");
    assert!(perm.part_time_work_permitted());
    assert_eq!(r.extension_application, Some(true));
    assert_eq!(r.name_image.as_ref().unwrap().raw.as_slice(), include_bytes!("../../fixtures/gen2/name-05.tif"));

    let t = card.transcript();
    // Detection: MF has no residence files on a My Number chip, so the 在留AP is selected and its
    // C0 and C1 read before anything else.
    assert_eq!(t[0], (h("00 B0 8B 00 00 00 00"), h("6A 82")));
    assert_eq!(t[1], (h(&format!("00 A4 04 0C 10 {AID_AP}")), h("90 00")));
    assert_eq!(t[2], (h("00 B0 8B 00 00 00 00"), h("C0 04 30 30 30 31 90 00")));
    assert_eq!(t[3], (h("00 B0 8A 00 00 00 00"), h("C1 02 30 37 90 00")));
    // SET SESSION KEY: extended Lc 256, no Le.
    assert_eq!(&t[4].0[..7], &h("80 AE 00 00 00 01 00")[..]);
    assert_eq!((t[4].0.len(), t[4].1.clone()), (263, h("90 00")));
    assert_eq!(&t[5].0[..8], &h("08 20 00 86 13 86 11 01")[..]);
    assert_eq!(t[5].1, h("90 00"));
    assert_eq!(t[6].0, h("00 A4 04 0C 10 D3 92 F0 00 4F 02 00 00 00 00 00 00 00 00 00 00"));
    for (i, p1) in [(7, 0x81u8), (8, 0x83), (9, 0x84), (10, 0x86)] {
        assert_eq!(t[i].0, h(&format!("08 B0 {p1:02X} 00 00 00 05 96 03 00 00 00 00 00")), "SM READ {i}");
    }
    assert_eq!(&t[9].1[..5], &h("86 82 15 91 01")[..]);
    assert_eq!(t[11].0, h("00 A4 04 0C 10 D3 92 F0 00 4F 04 00 00 00 00 00 00 00 00 00 00"));
    assert_eq!(t[12].0, h("00 B0 82 00 00 00 00"));
    assert_eq!(t[13].0, h("00 A4 04 0C 10 D3 92 F0 00 4F 03 00 00 00 00 00 00 00 00 00 00"));
    assert_eq!((t[14].0[2], t[15].0[2], t[16].0[2]), (0x81, 0x82, 0x83));
    // 1 probe + SELECT AP + C0 + C1 + SET SESSION KEY + VERIFY + 3 SELECT + 4 SM READ + 1 DF3 + 3 DF2.
    assert_eq!((r.wire.apdus, t.len()), (17, 17));
    // Only the 在留AP and its DFs were selected: no My Number application was touched.
    for (c, _) in &t {
        if c[1] == 0xA4 {
            assert_eq!(&c[5..10], &h("D3 92 F0 00 4F")[..]);
        }
    }
}

#[test]
fn specified_08_reads_completely() {
    let (r, card) = read_s("specified-08");
    let r = r.expect("read");
    assert_eq!(r.card.type_code, CardTypeCode::SpecifiedSprc);
    assert_eq!(r.card.kind, CardKind::SpecifiedSpecialPermanentResidentCertificate);
    assert_eq!(r.card_number.as_str(), "WX86420135YZ");
    assert_eq!(r.verification.verdict, Verdict::Normal);
    assert_eq!(r.printed.as_ref().unwrap().period_of_stay, Some(PeriodOfStay::Indefinite));
    assert_eq!((r.gen2_permissions.is_none(), r.extension_application), (true, None));
    // As 07 less DF2/EF01 and DF2/EF02.
    assert_eq!(r.wire.apdus, 15);
    assert_eq!(card.apdu_count(), 15);
}

#[test]
fn specified_under_1_is_young_holder() {
    let r = read_s("specified-07-under1").0.expect("read");
    assert!(r.face_image.is_none());
    assert_eq!(r.verification.verdict, Verdict::YoungHolder);
    assert_eq!(r.card.kind, CardKind::SpecifiedResidenceCard);
}

#[test]
fn specified_forgeries_are_abnormal() {
    let r = read_s("specified-07-tampered").0.expect("read");
    assert_eq!(r.verification.tamper, TamperCheck::Failed { reason: TamperFailure::HashMismatch });
    assert_eq!(r.verification.verdict, Verdict::Abnormal);
    let r = read_s("specified-07-rogue-ca").0.expect("read");
    assert_eq!(r.verification.tamper, TamperCheck::Ok { layout: SignatureLayout::EcdsaRaw });
    assert_eq!(r.verification.issuer, IssuerCheck::Failed { reason: IssuerFailure::BadSignature });
    assert_eq!(r.verification.verdict, Verdict::Abnormal);
}

#[test]
fn wrong_number_ends_at_verify() {
    let card = SoftCard::with_seed(profile("specified-07"), 13);
    let err = read_card(&number("AA12345678BB"), &card, &options_with(DELIVERY_TEST_PUB_DER), &NoProgress).unwrap_err();
    assert_eq!(err, ReadError::WrongCardNumber);
    assert_eq!(err.code(), "wrong_card_number");
    assert_eq!(card.transcript().last().unwrap().1, h("63 00"));
    assert_eq!(card.apdu_count(), 6);
}

#[test]
fn pulled_away_is_card_lost() {
    let (r, card) = read_s("specified-07-pulled-away");
    assert_eq!(r.unwrap_err(), ReadError::CardLost);
    assert_eq!(card.apdu_count(), 9);
}

#[test]
fn counter_mismatch_is_a_secure_messaging_error() {
    let (r, card) = read_s("specified-07-counter-mismatch");
    let err = r.unwrap_err();
    assert_eq!(err, ReadError::SecureMessagingError { sw: Some(0x6988) });
    assert_eq!(err.code(), "secure_messaging_error");
    assert_eq!(card.apdu_count(), 6);
}

#[test]
fn a_key_the_card_does_not_hold_is_refused() {
    let card = SoftCard::with_seed(profile("specified-07"), 13);
    let number = card.profile().card_number().clone();
    let err = read_card(&number, &card, &options_with(DELIVERY_OTHER_PUB_DER), &NoProgress).unwrap_err();
    assert_eq!(err, ReadError::KeyDeliveryRefused { sw: 0x6A80 });
    assert_eq!(err.code(), "key_delivery_refused");
    assert_eq!(card.apdu_count(), 5);
}

#[test]
fn no_delivery_key_ends_after_the_card_type() {
    let card = SoftCard::with_seed(profile("specified-07"), 13);
    let number = card.profile().card_number().clone();
    let options = ReadOptions { trust: trust_both(), now_unix: Some(NOW2), ..ReadOptions::default() };
    let err = read_card(&number, &card, &options, &NoProgress).unwrap_err();
    assert_eq!(err, ReadError::DeliveryKeyMissing);
    assert_eq!(err.code(), "delivery_key_missing");
    // Probe, SELECT AP, C0, C1: nothing else reached the card.
    assert_eq!(ins_sequence(&card), vec![(0x00, 0xB0, 0x8B), (0x00, 0xA4, 0x04), (0x00, 0xB0, 0x8B), (0x00, 0xB0, 0x8A)]);
}

#[test]
fn short_apdu_transports_cannot_deliver_the_key() {
    let card = SoftCard::with_seed(profile("specified-07").with_short_apdu_only(), 13);
    let number = card.profile().card_number().clone();
    let err = read_card(&number, &card, &options_with(DELIVERY_TEST_PUB_DER), &NoProgress).unwrap_err();
    assert_eq!(err.code(), "communication_error");
    assert_eq!(card.apdu_count(), 4);
}

#[test]
fn every_sm_command_advances_the_counter_once() {
    // The card would answer 69 88 to the first command whose counter disagreed; a complete read
    // of 5 SM commands (VERIFY + 4 READs) shows both sides stepped together from the start value.
    let (r, card) = read_s("specified-07");
    assert!(r.is_ok());
    let sm = card.transcript().iter().filter(|(c, _)| c[0] == PARAMS.cla_sm).count();
    assert_eq!((sm, PARAMS.counter_start, PARAMS.counter_step), (5, 1, 1));
}

#[test]
fn presentation_names_the_specified_card() {
    let r = read_s("specified-07").0.expect("read");
    let screen = result_screen(&r);
    assert_eq!(screen.headline.text.ja, "正常に機能している特定在留カードです。");
    assert_eq!(screen.headline.text.en, "This is a normally functioning specified residence card.");
    let ids: Vec<_> = screen.sections.iter().map(|s| s.id).collect();
    let r5 = {
        let card = SoftCard::with_seed(profile("gen2-residence"), 11);
        let n = card.profile().card_number().clone();
        read_card(&n, &card, &options_with(DELIVERY_TEST_PUB_DER), &NoProgress).unwrap()
    };
    let ids5: Vec<_> = result_screen(&r5).sections.iter().map(|s| s.id).collect();
    assert_eq!(ids, ids5, "same sections as a second-generation card");
    let r8 = read_s("specified-08").0.expect("read");
    assert_eq!(result_screen(&r8).headline.text.ja, "正常に機能している特定特別永住者証明書です。");
}

mod properties {
    use super::*;
    use proptest::prelude::*;
    use rand_core::SeedableRng;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(12))]

        /// Whatever seed the terminal draws, the card derives the same key and counter: the read
        /// is complete, genuine and at the minimum.
        #[test]
        fn any_session_seed_reads_the_card(seed: u64) {
            let card = SoftCard::with_seed(profile("specified-07"), 13);
            let number = card.profile().card_number().clone();
            let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(seed);
            let r = read_card_with_rng(&number, &card, &options_with(DELIVERY_TEST_PUB_DER), &NoProgress, &mut rng).unwrap();
            prop_assert_eq!((r.verification.verdict, r.wire.apdus), (Verdict::Normal, 17));
        }

        /// Any other well-formed number ends at VERIFY as a wrong number, never as an SM error.
        #[test]
        fn any_other_number_is_wrong(n in "[A-Z]{2}[0-9]{8}[A-Z]{2}", seed: u64) {
            let Ok(n) = zairyu_core::CardNumber::parse(&n) else { return Ok(()) };
            prop_assume!(n.as_str() != "ST13572468UV");
            let card = SoftCard::with_seed(profile("specified-07"), 13);
            let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(seed);
            let err = read_card_with_rng(&n, &card, &options_with(DELIVERY_TEST_PUB_DER), &NoProgress, &mut rng).unwrap_err();
            prop_assert_eq!((err, card.apdu_count()), (ReadError::WrongCardNumber, 6));
        }
    }
}
