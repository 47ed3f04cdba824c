//! End-to-end: second-generation cards (types 05/06) against the software card, with the official
//! vectors and the exact outcome of every profile.

mod common;

use common::*;
use zairyu_core::chip::CardTypeCode;
use zairyu_core::image::ImageFormat;
use zairyu_core::model::{CardKind, Date, Generation, PeriodOfStay};
use zairyu_core::present::{result_screen, SectionId};
use zairyu_core::read::read_card_with_rng;
use zairyu_core::softcard::SoftCard;
use zairyu_core::transport::NoProgress;
use zairyu_core::verify::{AnchorKind, IssuerCheck, IssuerFailure, SignatureLayout, TamperCheck, TamperFailure, Verdict};
use zairyu_core::{read_card, ReadError, ReadOptions, Reading};

/// 2026-09-01: inside the gen2 test certificates' validity.
const NOW2: i64 = 1_788_220_800;

fn options2() -> ReadOptions {
    ReadOptions { trust: trust_both(), now_unix: Some(NOW2), ..ReadOptions::default() }
}

fn read2(name: &str) -> (Result<Reading, ReadError>, SoftCard) {
    let card = SoftCard::with_seed(profile(name), 11);
    let number = card.profile().card_number().clone();
    (read_card(&number, &card, &options2(), &NoProgress), card)
}

fn code(v: &Option<zairyu_core::model::CodedValue>) -> Option<&str> {
    v.as_ref().map(|c| c.code.as_str())
}

#[test]
fn official_vectors_are_reproduced() {
    let card = SoftCard::with_script(
        profile("gen2-appendix2"),
        vec![h("921CE277323DA057").try_into().unwrap()],
        vec![h("2CC6AF9B8B607C662FDCAD27B401D08B").try_into().unwrap()],
    );
    let mut rng = FixedRng(h("1122334455667788 404142434445464748494A4B4C4D4E4F"), 0);
    let r = read_card_with_rng(&number("AA12345678BB"), &card, &options2(), &NoProgress, &mut rng).expect("read");
    assert_eq!(r.verification.verdict, Verdict::Normal);
    let t = card.transcript();
    assert_eq!(t[0].0, h("00 B0 8B 00 00 00 00"));
    assert_eq!(t[1], (h("00 B0 8A 00 00 00 00"), h("C1 02 30 35 90 00")));
    assert_eq!(t[2], (h("00 84 00 00 08"), h("92 1C E2 77 32 3D A0 57 90 00")));
    assert_eq!(
        t[3].0,
        h("00 82 00 00 28 4A D3 C7 B6 BB 48 4A 52 77 19 77 DE D6 18 B4 1D
           F8 41 FA 04 76 A0 5F BE 04 1D EA D6 10 9E 77 3B AC 85 46 17 63 4F 53 97 00")
    );
    assert_eq!(
        t[3].1,
        h("28 9A 96 B1 DA 6A E3 DA 87 77 04 19 BF D1 4F 0B DA D1 5F 36 43 2B 5A 94 6C 18 8C 72 21 75 9A 62
           FA 94 2E C5 1E 62 FF 5F 90 00")
    );
    assert_eq!(t[4], (h("08 20 00 86 13 86 11 01 EE 0B 31 EF 87 7F 68 D0 71 C5 6D 58 C7 2E 67 48"), h("90 00")));
    assert_eq!(t[5].0, h("00 A4 04 0C 10 D3 92 F0 00 4F 02 00 00 00 00 00 00 00 00 00 00"));
    // DF1/EF01 (card number) with the derived vector, then the printed entries and EF03.
    assert_eq!(t[6], (h("08 B0 81 00 00 00 04 96 02 00 00 00 00"), h("86 11 01 14 3D 16 76 C5 7E D6 59 B4 CA 6D A0 6D 25 15 91 90 00")));
    assert_eq!(t[7].0, h("08 B0 83 00 00 00 04 96 02 00 00 00 00"));
    assert_eq!(t[8].0, h("08 B0 84 00 00 00 04 96 02 00 00 00 00"));
    assert_eq!(&t[8].1[..5], &h("86 82 15 91 01")[..]);
    assert_eq!(t[8].1.len(), 5527);
    assert_eq!(t[9].0, h("08 B0 86 00 00 00 04 96 02 00 00 00 00"));
    assert_eq!(t[10].0, h("00 A4 04 0C 10 D3 92 F0 00 4F 04 00 00 00 00 00 00 00 00 00 00"));
    assert_eq!(t[11].0, h("00 B0 82 00 00 00 00"));
    assert_eq!(&t[11].1[..2], &h("DC 60")[..]);
    assert_eq!(&t[11].1[98..102], &h("DD 82 02 50")[..]);
    // Every command, DF2 included: the protocol minimum with extended lengths.
    assert_eq!(r.wire.apdus, 16);
}

#[test]
fn residence_card_05_reads_completely() {
    let r = read2("gen2-residence").0.expect("read");
    assert_eq!(r.card.type_code, CardTypeCode::Gen2Residence);
    assert_eq!((r.card.kind, r.card.generation), (CardKind::ResidenceCard, Generation::Second));
    assert_eq!(r.card_number.as_str(), "EF98765432GH");
    assert_eq!(r.verification.tamper, TamperCheck::Ok { layout: SignatureLayout::EcdsaRaw });
    match &r.verification.issuer {
        IssuerCheck::Ok { anchor, .. } => assert_eq!(anchor.kind, AnchorKind::Test),
        other => panic!("{other:?}"),
    }
    assert_eq!(r.verification.verdict, Verdict::Normal);

    let p = r.printed.as_ref().unwrap();
    assert_eq!(p.card_expiry, Some(Date { year: 2030, month: 3, day: 31 }));
    assert_eq!(p.birth_date, Some(Date { year: 1995, month: 7, day: 4 }));
    assert_eq!(code(&p.sex), Some("2"));
    assert_eq!(p.nationality.as_ref().unwrap().label_en.as_deref(), Some("Viet Nam"));
    assert_eq!(code(&p.status_of_residence), Some("14"));
    assert_eq!(p.period_of_stay, Some(PeriodOfStay::YearsMonths { years: 3, months: 0 }));
    assert_eq!(code(&p.permission_type), Some("01"));
    assert_eq!(p.permission_date, Some(Date { year: 2027, month: 4, day: 1 }));
    assert_eq!(p.work_restriction.as_ref().unwrap().label_ja.as_deref(), Some("在留資格に基づく就労活動のみ可"));
    assert_eq!(p.stay_expiry, Some(Date { year: 2030, month: 3, day: 31 }));

    let perm = r.gen2_permissions.as_ref().unwrap();
    assert_eq!(code(&perm.comprehensive), Some("1"));
    assert_eq!(perm.comprehensive_expiry, Some(Date { year: 2030, month: 3, day: 31 }));
    assert_eq!(perm.individual, Some(false));
    assert!(perm.part_time_work_permitted());
    assert_eq!(r.extension_application, Some(true));
    let other = r.gen2_other.as_ref().unwrap();
    assert_eq!(other.commissioner_record, Some(false));
    assert_eq!(other.reserved_text.as_ref().map(|t| t.text.as_str()), Some("テスト記録"));

    assert_eq!(r.front_image.as_ref().map(|_| ()), None);
    assert_eq!(r.face_image.as_ref().unwrap().format, Some(ImageFormat::Jp2));
    let name = r.name_image.as_ref().unwrap();
    assert_eq!(name.raw.as_slice(), include_bytes!("../../fixtures/gen2/name-05.tif"));
    assert_eq!(name.decoded.as_ref().map(|d| (d.width, d.height)).unwrap(), (800, 120));
    let address = r.address_image.as_ref().unwrap();
    assert_eq!(address.raw.as_slice(), include_bytes!("../../fixtures/gen2/address-05.tif"));
    assert!(r.addresses.is_empty() && r.permissions.is_none());

    let screen = result_screen(&r);
    assert_eq!(screen.revocation.card_expiry.as_deref(), Some("2030-03-31"));
    let perm_lines: Vec<String> =
        screen.section(SectionId::Permission).unwrap().rows.iter().map(|r| r.line_text().ja).collect();
    assert_eq!(perm_lines[0], "包括許可：許可（週28時間以内・風俗営業不可）");
    assert_eq!(perm_lines[1], "包括許可期限：2030年03月31日");
}

#[test]
fn der_check_code_is_accepted_and_recorded() {
    let r = read2("gen2-residence-der").0.unwrap();
    assert_eq!(r.verification.tamper, TamperCheck::Ok { layout: SignatureLayout::EcdsaDer });
    assert_eq!(r.verification.verdict, Verdict::Normal);
}

#[test]
fn sprc_06_reads_completely() {
    for name in ["gen2-sprc", "gen2-sprc-other-81"] {
        let r = read2(name).0.unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(r.card.type_code, CardTypeCode::Gen2Sprc, "{name}");
        assert_eq!(r.card.kind, CardKind::SpecialPermanentResidentCertificate);
        assert_eq!(r.card_number.as_str(), "JK24681357LM");
        assert_eq!(r.verification.verdict, Verdict::Normal, "{name}");
        let p = r.printed.as_ref().unwrap();
        assert_eq!(code(&p.nationality), Some("KOR"));
        assert_eq!(p.period_of_stay, Some(PeriodOfStay::Indefinite));
        assert_eq!((p.permission_type.is_none(), p.stay_expiry), (true, None));
        assert_eq!((r.gen2_permissions.is_none(), r.extension_application), (true, None));
        assert!(r.gen2_other.is_some());
    }
}

#[test]
fn under_one_year_is_young_holder() {
    let r = read2("gen2-under1").0.unwrap();
    assert!(r.face_image.is_none());
    assert_eq!(r.verification.tamper, TamperCheck::Ok { layout: SignatureLayout::EcdsaRaw });
    assert_eq!(r.verification.verdict, Verdict::YoungHolder);
    let r = read2("gen2-under1-unsigned").0.unwrap();
    assert_eq!((r.verification.tamper, r.verification.issuer.clone()), (TamperCheck::Absent, IssuerCheck::Absent));
    assert_eq!(r.verification.verdict, Verdict::YoungHolder);
}

#[test]
fn forgeries_are_abnormal() {
    for name in ["gen2-tampered", "gen2-tampered-printed", "gen2-wrong-key"] {
        let r = read2(name).0.unwrap();
        assert_eq!(r.verification.tamper, TamperCheck::Failed { reason: TamperFailure::HashMismatch }, "{name}");
        assert_eq!(r.verification.verdict, Verdict::Abnormal, "{name}");
    }
    let r = read2("gen2-rogue-ca").0.unwrap();
    assert_eq!(r.verification.tamper, TamperCheck::Ok { layout: SignatureLayout::EcdsaRaw });
    assert_eq!(r.verification.issuer, IssuerCheck::Failed { reason: IssuerFailure::BadSignature });
    assert_eq!(r.verification.verdict, Verdict::Abnormal);
    // Only the first-generation root trusted: a second-generation card never passes with it.
    let card = SoftCard::with_seed(profile("gen2-residence"), 1);
    let gen1_only = ReadOptions { trust: trust(), now_unix: Some(NOW2), ..ReadOptions::default() };
    let r = read_card(&number("EF98765432GH"), &card, &gen1_only, &NoProgress).unwrap();
    assert_eq!(r.verification.issuer, IssuerCheck::Failed { reason: IssuerFailure::UnknownIssuer });
}

#[test]
fn errors_are_specific() {
    let card = SoftCard::with_seed(profile("gen2-residence"), 1);
    let err = read_card(&number("EF98765432GJ"), &card, &options2(), &NoProgress).unwrap_err();
    assert_eq!(err, ReadError::WrongCardNumber);
    let ins: Vec<u8> = card.transcript().iter().map(|(c, _)| c[1]).collect();
    assert_eq!(ins, vec![0xB0, 0xB0, 0x84, 0x82], "type read first, stopped at MUTUAL AUTHENTICATE");
    assert_eq!(read2("gen2-pulled-away").0.unwrap_err(), ReadError::CardLost);
    assert_eq!(read2("gen2-malformed-printed").0.unwrap_err(), ReadError::MalformedData { what: "printed entries file" });
    assert_eq!(read2("specified").0.unwrap_err(), ReadError::DeliveryKeyMissing);
}

#[test]
fn short_apdu_transport_reads_in_chunks() {
    let (r, card) = read2("gen2-short-apdu");
    let r = r.unwrap();
    assert_eq!(r.verification.verdict, Verdict::Normal);
    assert!(!r.wire.extended_length);
    for (command, response) in card.transcript() {
        assert!(command.len() == 5 || command[4] != 0, "short APDU: {command:02X?}");
        assert!(response.len() <= 258);
    }
    assert_eq!(r.name_image.unwrap().raw.as_slice(), include_bytes!("../../fixtures/gen2/name-05.tif"));
}
