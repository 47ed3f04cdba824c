//! End-to-end: the whole first-generation read against every software-card profile, with the
//! exact outcome each must give.

mod common;

use common::*;
use zairyu_core::chip::CardTypeCode;
use zairyu_core::image::ImageFormat;
use zairyu_core::model::{CardKind, Date, Generation};
use zairyu_core::read::read_card_with_rng;
use zairyu_core::softcard::SoftCard;
use zairyu_core::transport::{NoProgress, ReadStep, Transceiver, TransportError};
use zairyu_core::verify::{
    AnchorKind, IssuerCheck, IssuerFailure, SignatureLayout, TamperCheck, TamperFailure, Verdict,
};
use zairyu_core::{read_card, CancelToken, ReadError, ReadOptions};

const RESIDENCE_ADDRESS: &str = "東京都千代田区霞が関１－１－１　テストハイツ１０１号";
const RESIDENCE_PERMISSION: &str = "許可（原則週28時間以内・風俗営業等の従事を除く）";
const SPRC_ADDRESS: &str = "大阪府大阪市中央区大手前２－１－２２";

fn assert_genuine(r: &zairyu_core::Reading, layout: SignatureLayout) {
    assert_eq!(r.verification.tamper, TamperCheck::Ok { layout });
    match &r.verification.issuer {
        IssuerCheck::Ok { anchor, validity } => {
            assert_eq!(anchor.kind, AnchorKind::Test);
            assert_eq!(validity.card_not_before, 1_704_067_200);
            assert_eq!(validity.card_not_after, 2_019_686_400);
            assert!(validity.card_in_date);
        }
        other => panic!("issuer check: {other:?}"),
    }
    assert_eq!(r.verification.verdict, Verdict::Normal);
    assert!(r.verification.is_test_anchor());
}

#[test]
fn appendix2_trace_is_reproduced_byte_for_byte() {
    let card = SoftCard::with_script(
        profile("appendix2"),
        vec![h("5A6E7E385162B7A3").try_into().unwrap()],
        vec![h("19D049490FFF52EEDBFCB930BC810ED0").try_into().unwrap()],
    );
    let mut rng = FixedRng(h("1122334455667788 404142434445464748494A4B4C4D4E4F"), 0);
    let reading =
        read_card_with_rng(&number("AA12345678BB"), &card, &options(), &NoProgress, &mut rng).expect("read succeeds");
    assert_genuine(&reading, SignatureLayout::RawHash);

    let transcript = card.transcript();
    let commands: Vec<Vec<u8>> = transcript.iter().map(|(c, _)| c.clone()).collect();
    let trace = [
        h("00 84 00 00 08"),
        h("00 82 00 00 28 93 77 45 C2 08 83 A1 BA D1 E0 41 93 72 2A 15 92
           37 8F 81 A8 F1 DC 58 91 57 AE B0 F7 54 4F A1 BA 1A D7 FB 6A 33 89 E0 17 00"),
        h("08 20 00 86 13 86 11 01 1A A8 29 73 DB 95 9A 81 1F 97 11 D7 28 F0 EE F6"),
        h("00 A4 04 0C 10 D3 92 F0 00 4F 02 00 00 00 00 00 00 00 00 00 00"),
        h("08 B0 85 00 00 00 04 96 02 00 00 00 00"),
        h("08 B0 86 00 00 00 04 96 02 00 00 00 00"),
        h("00 A4 04 0C 10 D3 92 F0 00 4F 04 00 00 00 00 00 00 00 00 00 00"),
        h("00 B0 82 00 00 00 00"),
    ];
    let mut expected = vec![h("00 B0 8B 00 00 00 00"), h("00 B0 8A 00 00 00 00")];
    expected.extend(trace.iter().cloned());
    expected.push(h("00 A4 04 0C 10 D3 92 F0 00 4F 03 00 00 00 00 00 00 00 00 00 00"));
    for p1 in ["81", "82", "83", "84"] {
        expected.push(h(&format!("00 B0 {p1} 00 00 00 00")));
    }
    assert_eq!(commands, expected, "the whole command sequence");

    // The card's answers in the trace, byte for byte.
    assert_eq!(transcript[2].1, h("5A 6E 7E 38 51 62 B7 A3 90 00"));
    assert_eq!(
        transcript[3].1,
        h("58 60 77 5B 4D 03 2C C5 64 BA 20 4B 8E A8 68 F6 94 A7 4E 74 75 A8 FE F2 40 58 8B DA 1A F4 96 CE
           59 38 8F D6 CD 45 24 8B 90 00")
    );
    assert_eq!(transcript[4].1, h("90 00"));
    assert_eq!(&transcript[6].1[..5], &h("86 82 1B 61 01")[..]);
    assert_eq!(transcript[6].1.len(), 7015);
    assert_eq!(&transcript[7].1[..5], &h("86 82 0B C1 01")[..]);
    assert_eq!(transcript[7].1.len(), 3015);
    assert_eq!(&transcript[9].1[..4], &h("DA 82 01 00")[..]);
    assert_eq!(&transcript[9].1[260..264], &h("DB 82 04 B0")[..]);
    assert_eq!(transcript[9].1.len(), 1466);
    assert_eq!(reading.wire.apdus, 15);
}

#[test]
fn residence_card_reads_completely() {
    let (r, _) = read("residence");
    let r = r.expect("read succeeds");
    assert_eq!(r.card.type_code, CardTypeCode::Gen1Residence);
    assert_eq!(r.card.kind, CardKind::ResidenceCard);
    assert_eq!(r.card.generation, Generation::First);
    assert_eq!(r.card.spec_version.as_deref(), Some("0001"));
    assert_eq!(r.card_number.as_str(), "AB12345678CD");
    assert_genuine(&r, SignatureLayout::RawHash);

    let front = r.front_image.as_ref().expect("front image");
    assert_eq!(front.format, Some(ImageFormat::TiffG4));
    assert_eq!(front.raw.as_slice(), include_bytes!("../../fixtures/gen1/front-residence.tif"));
    let px = front.decoded.as_ref().expect("front decodes");
    assert!(px.width >= 900 && px.height >= 500, "card-front sized image");
    let face = r.face_image.as_ref().expect("face image");
    assert_eq!(face.format, Some(ImageFormat::Jp2));
    assert_eq!(face.raw.as_slice(), include_bytes!("../../fixtures/gen1/face.jp2"));
    assert!(face.decoded.is_ok());

    assert_eq!(r.addresses.len(), 1);
    assert_eq!(r.addresses[0].date, Some(Date { year: 2024, month: 4, day: 1 }));
    assert_eq!(r.addresses[0].municipality_code, "131016");
    assert_eq!(r.addresses[0].address.text, RESIDENCE_ADDRESS);
    assert!(!r.addresses[0].address.shift_jis_fallback);
    let p = r.permissions.as_ref().expect("residence card has permissions");
    assert_eq!(p.comprehensive.as_ref().map(|t| t.text.as_str()), Some(RESIDENCE_PERMISSION));
    assert_eq!(p.individual, None);
    assert_eq!(r.extension_application, Some(true));
    assert_eq!(r.wire.apdus, 15);
    assert!(r.wire.extended_length);
}

#[test]
fn digestinfo_layout_is_accepted_and_recorded() {
    let r = read("residence-digestinfo").0.unwrap();
    assert_genuine(&r, SignatureLayout::DigestInfo);
}

#[test]
fn raw_codestream_face_is_read() {
    let r = read("residence-j2k").0.unwrap();
    assert_genuine(&r, SignatureLayout::RawHash);
    assert_eq!(r.face_image.unwrap().format, Some(ImageFormat::J2k));
}

#[test]
fn shift_jis_text_falls_back() {
    let r = read("residence-sjis").0.unwrap();
    assert_eq!(r.addresses[0].address.text, RESIDENCE_ADDRESS);
    assert!(r.addresses[0].address.shift_jis_fallback);
    let p = r.permissions.unwrap().comprehensive.unwrap();
    assert_eq!((p.text.as_str(), p.shift_jis_fallback), (RESIDENCE_PERMISSION, true));
}

#[test]
fn permission_rewritten_to_none() {
    let r = read("residence-no-permission").0.unwrap();
    let p = r.permissions.unwrap();
    assert_eq!((p.comprehensive, p.individual), (None, None));
    assert_eq!(r.extension_application, Some(false));
    assert!(r.addresses.is_empty());
    assert_eq!(r.verification.verdict, Verdict::Normal);
}

#[test]
fn special_permanent_resident_certificate() {
    let (r, card) = read("sprc");
    let r = r.unwrap();
    assert_eq!(r.card.type_code, CardTypeCode::Gen1Sprc);
    assert_eq!(r.card.kind, CardKind::SpecialPermanentResidentCertificate);
    assert_eq!(r.card_number.as_str(), "XY98765432ZW");
    assert_genuine(&r, SignatureLayout::RawHash);
    assert_eq!(r.addresses[0].date, Some(Date { year: 2023, month: 9, day: 15 }));
    assert_eq!(r.addresses[0].municipality_code, "271004");
    assert_eq!(r.addresses[0].address.text, SPRC_ADDRESS);
    assert_eq!(r.permissions, None);
    assert_eq!(r.extension_application, None);
    // DF2/EF02–EF04 do not exist on an SPRC: never asked for.
    let reads_in_df2: Vec<u8> = card.transcript().iter().skip(11).map(|(c, _)| c[2]).collect();
    assert_eq!(reads_in_df2, vec![0x81]);
    assert_eq!(r.wire.apdus, 12);
}

#[test]
fn under16_forms_are_young_holder_not_tampering() {
    for name in ["under16", "under16-da-only", "under16-zeros", "under16-no-face-file"] {
        let r = read(name).0.unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(r.card_number.as_str(), "CD11223344EF", "{name}");
        assert!(r.face_image.is_none(), "{name}");
        assert!(r.front_image.is_some(), "{name}");
        assert_eq!(r.verification.tamper, TamperCheck::Absent, "{name}");
        assert_eq!(r.verification.issuer, IssuerCheck::Absent, "{name}");
        assert_eq!(r.verification.verdict, Verdict::YoungHolder, "{name}");
    }
}

#[test]
fn tampered_front_image_is_abnormal() {
    for name in ["tampered", "tampered-padding"] {
        let r = read(name).0.unwrap();
        assert_eq!(r.verification.tamper, TamperCheck::Failed { reason: TamperFailure::HashMismatch }, "{name}");
        assert!(matches!(r.verification.issuer, IssuerCheck::Ok { .. }), "{name}");
        assert_eq!(r.verification.verdict, Verdict::Abnormal, "{name}");
    }
}

#[test]
fn forged_issuers_fail_the_issuer_check() {
    let r = read("rogue-ca").0.unwrap();
    assert_eq!(r.verification.tamper, TamperCheck::Ok { layout: SignatureLayout::RawHash });
    assert_eq!(r.verification.issuer, IssuerCheck::Failed { reason: IssuerFailure::BadSignature });
    assert_eq!(r.verification.verdict, Verdict::Abnormal);

    let r = read("unknown-ca").0.unwrap();
    assert_eq!(r.verification.tamper, TamperCheck::Ok { layout: SignatureLayout::RawHash });
    assert_eq!(r.verification.issuer, IssuerCheck::Failed { reason: IssuerFailure::UnknownIssuer });
    assert_eq!(r.verification.verdict, Verdict::Abnormal);
}

#[test]
fn check_code_from_another_key_fails_the_tamper_check() {
    let r = read("wrong-key").0.unwrap();
    assert_eq!(r.verification.tamper, TamperCheck::Failed { reason: TamperFailure::BadSignature });
    assert!(matches!(r.verification.issuer, IssuerCheck::Ok { .. }));
    assert_eq!(r.verification.verdict, Verdict::Abnormal);
}

#[test]
fn garbage_signature_file_is_abnormal_not_an_error() {
    let r = read("malformed-signature").0.unwrap();
    assert!(matches!(r.verification.tamper, TamperCheck::Failed { .. }));
    assert_eq!(r.verification.issuer, IssuerCheck::Failed { reason: IssuerFailure::CertificateUnreadable });
    assert_eq!(r.verification.verdict, Verdict::Abnormal);
}

#[test]
fn without_a_trusted_anchor_nothing_is_genuine() {
    let card = card("residence");
    let options = ReadOptions { now_unix: Some(NOW), ..ReadOptions::default() };
    let r = read_card(&number("AB12345678CD"), &card, &options, &NoProgress).unwrap();
    assert_eq!(r.verification.issuer, IssuerCheck::Failed { reason: IssuerFailure::UnknownIssuer });
    assert_eq!(r.verification.verdict, Verdict::Abnormal);
}

#[test]
fn errors_are_specific() {
    assert_eq!(read("not-residence").0.unwrap_err(), ReadError::NotResidenceCard);
    assert_eq!(read("bad-card-type").0.unwrap_err(), ReadError::NotResidenceCard);
    assert_eq!(read("broken-chip").0.unwrap_err(), ReadError::ChipBroken { sw: 0x6F00 });
    assert_eq!(read("pulled-away").0.unwrap_err(), ReadError::CardLost);
    assert_eq!(read("malformed-address").0.unwrap_err(), ReadError::MalformedData { what: "address file" });
    // The detection stub of a specified card: no delivery key installed in these options.
    assert_eq!(read("specified").0.unwrap_err(), ReadError::DeliveryKeyMissing);
}

#[test]
fn wrong_number_is_reported_after_the_card_type() {
    let card = card("residence");
    let err = read_card(&number("AB12345678CE"), &card, &options(), &NoProgress).unwrap_err();
    assert_eq!(err, ReadError::WrongCardNumber);
    let ins: Vec<u8> = card.transcript().iter().map(|(c, _)| c[1]).collect();
    assert_eq!(ins, vec![0xB0, 0xB0, 0x84, 0x82], "type read first, stopped at MUTUAL AUTHENTICATE");
}

#[test]
fn short_apdu_transport_reads_in_chunks() {
    let (r, card) = read("short-apdu");
    let r = r.unwrap();
    assert_genuine(&r, SignatureLayout::RawHash);
    assert_eq!(r.addresses[0].address.text, RESIDENCE_ADDRESS);
    assert!(!r.wire.extended_length);
    for (command, response) in card.transcript() {
        // A short APDU is 5 bytes (case 2) or has a non-zero one-byte Lc; extended ones have 00 there.
        assert!(command.len() == 5 || command[4] != 0, "short APDU: {command:02X?}");
        assert!(response.len() <= 258);
    }
    // 2 detect + 3 auth + 3 selects + front 32 + face 14 chunks (224 bytes) + DF3 6 + DF2 2+1+1+1 (256).
    assert_eq!(r.wire.apdus, 2 + 3 + 3 + 32 + 14 + 6 + 5);
    let front = r.front_image.unwrap();
    assert_eq!(front.raw.as_slice(), include_bytes!("../../fixtures/gen1/front-residence.tif"));
}

#[test]
fn progress_runs_through_every_step_to_one() {
    let card = card("residence");
    let rec = Recorder::default();
    read_card(&number("AB12345678CD"), &card, &options(), &rec).unwrap();
    let events = rec.0.borrow();
    assert_eq!(events.first().unwrap().1, 0.0);
    assert!(events.windows(2).all(|w| w[0].1 <= w[1].1), "never goes back");
    assert!(events.len() > 15, "moves within the image reads too ({} events)", events.len());
    assert_eq!(events.last().unwrap(), &(ReadStep::Done, 1.0));
    let mut steps: Vec<ReadStep> = events.iter().map(|e| e.0).collect();
    steps.dedup();
    assert_eq!(
        steps,
        vec![
            ReadStep::DetectingCard,
            ReadStep::Authenticating,
            ReadStep::ReadingFrontImage,
            ReadStep::ReadingFaceImage,
            ReadStep::ReadingSignature,
            ReadStep::ReadingAddress,
            ReadStep::ReadingPermissions,
            ReadStep::Verifying,
            ReadStep::Done
        ]
    );
}

/// Cancels the read from "the UI" after a number of exchanges.
struct CancelAfter<'a> {
    inner: &'a SoftCard,
    token: CancelToken,
    after: usize,
}

impl Transceiver for CancelAfter<'_> {
    fn transceive(&self, apdu: Vec<u8>) -> Result<Vec<u8>, TransportError> {
        let r = self.inner.transceive(apdu);
        if self.inner.apdu_count() >= self.after {
            self.token.cancel();
        }
        r
    }
    fn max_apdu_length(&self) -> usize {
        self.inner.max_apdu_length()
    }
}

#[test]
fn cancellation_stops_before_the_next_apdu() {
    let card = card("residence");
    let token = CancelToken::new();
    let t = CancelAfter { inner: &card, token: token.clone(), after: 5 };
    let options = ReadOptions { cancel: token, ..options() };
    let err = read_card(&number("AB12345678CD"), &t, &options, &NoProgress).unwrap_err();
    assert_eq!(err, ReadError::Cancelled);
    assert_eq!(card.apdu_count(), 5);
}

#[test]
fn pulled_away_mid_read_after_any_apdu_is_card_lost() {
    for n in 0..15 {
        let card = SoftCard::with_seed(profile("residence").with_pull_after(n), 1);
        let err = read_card(&number("AB12345678CD"), &card, &options(), &NoProgress).unwrap_err();
        assert_eq!(err, ReadError::CardLost, "pulled after {n} APDUs");
    }
}
