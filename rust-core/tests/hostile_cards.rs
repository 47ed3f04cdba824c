//! The hostile software-card profiles (issue 8): each ends in its specific error or an abnormal
//! verdict, never "normal", after an exact, small number of APDUs. Time is never measured on the
//! wall clock: the slow card runs on a [`ManualClock`]. Memory is bounded in hostile_memory.rs.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::*;
use zairyu_core::image::ImageError;
use zairyu_core::softcard::fixtures::HOSTILE_ANCHORS;
use zairyu_core::softcard::{Profile, SoftCard};
use zairyu_core::transport::{Clock, ManualClock, NoProgress};
use zairyu_core::verify::{IssuerCheck, IssuerFailure, SignatureLayout, TamperCheck, TamperFailure, TrustStore, Verdict};
use zairyu_core::{read_card, ReadError, ReadOptions, Reading};

const GEN2_NOW: i64 = 1_798_761_600; // 2027-01-01: inside the gen2 test PKI's validity.

/// Both test roots, plus (when asked) the hostile roots, which tests trust on purpose so the
/// attacked check is the one that must fail.
fn trust_for(hostile_anchors: bool) -> TrustStore {
    let mut t = trust_both();
    if hostile_anchors {
        for (label, der) in HOSTILE_ANCHORS {
            t.add_test_anchor(der, label).expect("hostile anchor loads");
        }
    }
    t
}

fn opts(name: &str, hostile_anchors: bool) -> ReadOptions {
    let now = if name.starts_with("gen2-") { GEN2_NOW } else { NOW };
    ReadOptions { trust: trust_for(hostile_anchors), now_unix: Some(now), ..ReadOptions::default() }
}

/// Reads a profile with its own number; returns the outcome and the number of APDUs it took.
/// The card and the read share a manual clock, so a slow profile costs no real time.
fn run_with(name: &str, options: &ReadOptions) -> (Result<Reading, ReadError>, usize) {
    let clock = Arc::new(ManualClock::new());
    let card = SoftCard::with_seed(profile(name), 7).with_clock(clock.clone());
    let number = card.profile().card_number().clone();
    let options = ReadOptions { clock: Some(clock), ..options.clone() };
    let result = read_card(&number, &card, &options, &NoProgress);
    (result, card.apdu_count())
}

fn run(name: &str) -> (Result<Reading, ReadError>, usize) {
    run_with(name, &opts(name, false))
}

fn both(attack: &str) -> [String; 2] {
    [attack.to_string(), format!("gen2-{attack}")]
}

#[test]
fn every_hostile_profile_is_listed_and_never_normal() {
    let hostile: Vec<&str> = Profile::names().iter().copied().filter(|n| n.contains("hostile-")).collect();
    assert_eq!(hostile.len(), 24);
    for name in hostile {
        let profile = Profile::by_name(name).unwrap_or_else(|| panic!("{name} builds"));
        assert_eq!(profile.name(), name);
        if name.ends_with("-in-life") {
            continue; // passes by design (spec §8.2 step 4), see below
        }
        for hostile_anchors in [false, true] {
            let (result, apdus) = run_with(name, &opts(name, hostile_anchors));
            assert!(apdus <= 20, "{name}: {apdus} APDUs");
            if let Ok(r) = result {
                assert_eq!(r.verification.verdict, Verdict::Abnormal, "{name}");
            }
        }
    }
}

#[test]
fn a_64k_answer_to_an_8_byte_challenge_is_malformed() {
    for name in both("hostile-64k-challenge") {
        let (result, apdus) = run(&name);
        assert_eq!(result.unwrap_err(), ReadError::MalformedData { what: "challenge is not 8 bytes" }, "{name}");
        // EF01, EF02, GET CHALLENGE: nothing after the oversized answer.
        assert_eq!(apdus, 3, "{name}");
    }
}

#[test]
fn an_sm_length_claiming_more_than_was_sent_is_malformed() {
    for name in both("hostile-sm-overclaim") {
        let (result, apdus) = run(&name);
        assert_eq!(result.unwrap_err(), ReadError::MalformedData { what: "secure messaging response" }, "{name}");
        // EF01, EF02, GET CHALLENGE, MUTUAL AUTHENTICATE, VERIFY, SELECT DF1, the first SM READ.
        assert_eq!(apdus, 7, "{name}");
    }
}

#[test]
fn wrong_sm_padding_is_malformed() {
    for name in both("hostile-sm-padding") {
        let (result, apdus) = run(&name);
        assert_eq!(result.unwrap_err(), ReadError::MalformedData { what: "secure messaging response" }, "{name}");
        assert_eq!(apdus, 7, "{name}");
    }
}

#[test]
fn endless_61xx_ends_at_the_first_one() {
    // The session never chains GET RESPONSE: the chip's protocol has no 61 xx, so the first one
    // is an unexpected status word and ends the read.
    for name in both("hostile-endless-61xx") {
        let (result, apdus) = run(&name);
        let detail = "GET CHALLENGE answered 61FF".to_string();
        assert_eq!(result.unwrap_err(), ReadError::CommunicationError { detail }, "{name}");
        assert_eq!(apdus, 3, "{name}");
    }
}

#[test]
fn endless_6cxx_ends_at_the_first_one() {
    // Never re-sent with the Le the card asks for: a card that asks again forever cannot loop us.
    let cases = [("hostile-endless-6cxx", "READ front image"), ("gen2-hostile-endless-6cxx", "READ card number")];
    for (name, step) in cases {
        let (result, apdus) = run(name);
        let detail = format!("{step} answered 6C01");
        assert_eq!(result.unwrap_err(), ReadError::CommunicationError { detail }, "{name}");
        assert_eq!(apdus, 7, "{name}");
    }
}

#[test]
fn a_card_slower_than_the_time_budget_times_out() {
    for name in both("hostile-slow") {
        let clock = Arc::new(ManualClock::new());
        let card = SoftCard::with_seed(profile(&name), 7).with_clock(clock.clone());
        let number = card.profile().card_number().clone();
        let options = ReadOptions { clock: Some(clock.clone()), ..opts(&name, false) };
        assert_eq!(options.time_budget, Some(Duration::from_secs(60)), "the default budget");
        let result = read_card(&number, &card, &options, &NoProgress);
        assert_eq!(result.unwrap_err(), ReadError::CommunicationError { detail: "timeout".into() }, "{name}");
        // 10 s per APDU: the 7th answer arrives at 70 s, past the 60 s budget; nothing is sent after.
        assert_eq!(card.apdu_count(), 7, "{name}");
        assert_eq!(clock.now(), Duration::from_secs(70), "{name}");

        // Without a budget the same card is read in full: the budget, not the card, ended it.
        let clock = Arc::new(ManualClock::new());
        let card = SoftCard::with_seed(profile(&name), 7).with_clock(clock.clone());
        let options = ReadOptions { clock: Some(clock.clone()), time_budget: None, ..opts(&name, false) };
        let r = read_card(&number, &card, &options, &NoProgress).expect("read without a budget");
        assert_eq!(r.verification.verdict, Verdict::Normal, "{name}");
        assert!(clock.now() > Duration::from_secs(100), "{name}");
    }
}

#[test]
fn a_valid_certificate_signing_other_data_is_abnormal() {
    let (r, _) = run("hostile-signs-other-data");
    let v = r.expect("read completes").verification;
    assert_eq!(v.tamper, TamperCheck::Failed { reason: TamperFailure::HashMismatch });
    assert!(matches!(v.issuer, IssuerCheck::Ok { .. }));
    assert_eq!(v.verdict, Verdict::Abnormal);

    // ECDSA cannot tell "other data" from "other key": the second generation reports both as a
    // hash mismatch (verify/gen2.rs).
    let (r, _) = run("gen2-hostile-signs-other-data");
    let v = r.expect("read completes").verification;
    assert_eq!(v.tamper, TamperCheck::Failed { reason: TamperFailure::HashMismatch });
    assert!(matches!(v.issuer, IssuerCheck::Ok { .. }));
    assert_eq!(v.verdict, Verdict::Abnormal);
}

#[test]
fn a_signature_over_the_right_hash_with_the_wrong_key_is_abnormal() {
    let cases = [("wrong-key", TamperFailure::BadSignature), ("gen2-wrong-key", TamperFailure::HashMismatch)];
    for (name, reason) in cases {
        let (r, _) = run(name);
        let v = r.expect("read completes").verification;
        assert_eq!(v.tamper, TamperCheck::Failed { reason }, "{name}");
        assert!(matches!(v.issuer, IssuerCheck::Ok { .. }), "{name}");
        assert_eq!(v.verdict, Verdict::Abnormal, "{name}");
    }
}

/// The chain attacks: the genuine card key (tamper check passes) under a hostile root.
fn chain(name: &str, hostile_anchors: bool) -> zairyu_core::verify::Verification {
    let (r, _) = run_with(name, &opts(name, hostile_anchors));
    let v = r.expect("read completes").verification;
    let layout = if name.starts_with("gen2-") { SignatureLayout::EcdsaRaw } else { SignatureLayout::RawHash };
    assert_eq!(v.tamper, TamperCheck::Ok { layout }, "{name}");
    v
}

#[test]
fn a_chain_with_a_non_ca_issuer_is_abnormal() {
    for name in both("hostile-nonca-issuer") {
        let v = chain(&name, true);
        assert_eq!(v.issuer, IssuerCheck::Failed { reason: IssuerFailure::AnchorNotCa }, "{name}");
        assert_eq!(v.verdict, Verdict::Abnormal, "{name}");
        // Not trusted at all (the normal case): an unknown issuer.
        let v = chain(&name, false);
        assert_eq!(v.issuer, IssuerCheck::Failed { reason: IssuerFailure::UnknownIssuer }, "{name}");
        assert_eq!(v.verdict, Verdict::Abnormal, "{name}");
    }
}

#[test]
fn a_certificate_issued_after_its_root_expired_is_abnormal() {
    for name in both("hostile-expired-root") {
        // The expired root has the trusted root's name: only its key identifier tells them apart.
        let v = chain(&name, true);
        assert_eq!(v.issuer, IssuerCheck::Failed { reason: IssuerFailure::OutsideAnchorValidity }, "{name}");
        assert_eq!(v.verdict, Verdict::Abnormal, "{name}");
        let v = chain(&name, false);
        assert_eq!(v.issuer, IssuerCheck::Failed { reason: IssuerFailure::BadSignature }, "{name}");
        assert_eq!(v.verdict, Verdict::Abnormal, "{name}");
    }
}

#[test]
fn a_certificate_from_a_not_yet_valid_root_is_abnormal() {
    for name in both("hostile-future-root") {
        let v = chain(&name, true);
        assert_eq!(v.issuer, IssuerCheck::Failed { reason: IssuerFailure::OutsideAnchorValidity }, "{name}");
        assert_eq!(v.verdict, Verdict::Abnormal, "{name}");
    }
}

#[test]
fn a_certificate_issued_while_its_since_expired_root_was_valid_passes_with_dates_reported() {
    // gen1-chip.md §8.2 step 4: cards issued under the 2015 ISA root (expired 2025) are genuine
    // and may still be in date, so an expired root alone never fails the check; the dates are
    // reported for the screen instead.
    for name in both("hostile-expired-root-in-life") {
        let v = chain(&name, true);
        let IssuerCheck::Ok { validity, .. } = &v.issuer else { panic!("{name}: issuer {:?}", v.issuer) };
        assert!(!validity.anchor_in_date && !validity.card_in_date, "{name}");
        assert_eq!(validity.card_not_before, 1_325_376_000, "{name}"); // 2012-01-01
        assert_eq!(validity.anchor_not_after, 1_420_070_400, "{name}"); // 2015-01-01
        assert_eq!(v.verdict, Verdict::Normal, "{name}");
        assert!(v.is_test_anchor(), "{name}");
    }
}

#[test]
fn images_declaring_huge_dimensions_are_refused_before_decoding() {
    let (r, _) = run("hostile-image-bombs");
    let r = r.expect("read completes");
    assert_eq!(r.front_image.as_ref().unwrap().decoded.as_ref().unwrap_err(), &ImageError::TooLarge);
    assert_eq!(r.face_image.as_ref().unwrap().decoded.as_ref().unwrap_err(), &ImageError::TooLarge);
    assert_eq!(r.verification.tamper, TamperCheck::Failed { reason: TamperFailure::HashMismatch });
    assert_eq!(r.verification.verdict, Verdict::Abnormal);

    let (r, _) = run("gen2-hostile-image-bombs");
    let r = r.expect("read completes");
    for image in [&r.name_image, &r.face_image, &r.address_image] {
        assert_eq!(image.as_ref().unwrap().decoded.as_ref().unwrap_err(), &ImageError::TooLarge);
    }
    assert_eq!(r.verification.tamper, TamperCheck::Failed { reason: TamperFailure::HashMismatch });
    assert_eq!(r.verification.verdict, Verdict::Abnormal);
}
