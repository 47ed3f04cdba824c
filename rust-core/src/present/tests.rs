//! Result-screen tests over hand-built readings (verify is still a skeleton), and the check that
//! no text outside the intended rows carries personal data.

use super::*;
use crate::chip::CardTypeCode;
use crate::error::{ReadError, UnsupportedCard};
use crate::image::{DecodedImage, ImageError, ImageFormat};
use crate::model::{
    AddressEntry, CardImage, CardInfo, CardKind, ChipText, Date, Gen1Permissions, Generation,
    Reading,
};
use crate::number::CardNumber;
use crate::session::WireStats;
use crate::verify::{
    AnchorInfo, AnchorKind, IssuerCheck, IssuerFailure, SignatureLayout, TamperCheck,
    TamperFailure, ValidityReport, Verdict, Verification,
};

const NUMBER: &str = "AB12345678CD";
const ADDRESS: &str = "東京都千代田区霞が関一丁目1番1号";

fn image(ok: bool) -> CardImage {
    CardImage {
        format: Some(ImageFormat::Jp2),
        raw: vec![0; 4],
        decoded: if ok {
            Ok(DecodedImage {
                width: 2,
                height: 1,
                rgba: vec![0; 8],
            })
        } else {
            Err(ImageError::Decode)
        },
    }
}

fn anchor(kind: AnchorKind) -> IssuerCheck {
    IssuerCheck::Ok {
        anchor: AnchorInfo {
            label: "ZairyuCard CA".into(),
            kind,
            fingerprint: "00".repeat(32),
        },
        validity: ValidityReport {
            card_not_before: 0,
            card_not_after: 1,
            anchor_not_before: 0,
            anchor_not_after: 1,
            card_in_date: true,
            anchor_in_date: true,
        },
    }
}

fn ct(s: &str) -> ChipText {
    ChipText {
        text: s.into(),
        shift_jis_fallback: false,
    }
}

fn verification(tamper: TamperCheck, issuer: IssuerCheck, verdict: Verdict) -> Verification {
    Verification {
        tamper,
        issuer,
        verdict,
    }
}

fn normal() -> Verification {
    verification(
        TamperCheck::Ok {
            layout: SignatureLayout::DigestInfo,
        },
        anchor(AnchorKind::Production),
        Verdict::Normal,
    )
}

fn reading(kind: CardKind, v: Verification) -> Reading {
    let residence = kind.is_residence_card();
    Reading {
        card: CardInfo {
            type_code: if residence {
                CardTypeCode::Gen1Residence
            } else {
                CardTypeCode::Gen1Sprc
            },
            kind,
            generation: Generation::First,
            spec_version: Some("0001".into()),
        },
        card_number: CardNumber::parse(NUMBER).expect("valid"),
        front_image: Some(image(true)),
        face_image: Some(image(true)),
        name_image: None,
        address_image: None,
        printed: None,
        gen2_permissions: None,
        gen2_other: None,
        addresses: vec![AddressEntry {
            date: Some(Date {
                year: 2024,
                month: 4,
                day: 1,
            }),
            date_raw: "20240401".into(),
            municipality_code: "131016".into(),
            address: ct(ADDRESS),
        }],
        permissions: residence.then(|| Gen1Permissions {
            comprehensive: Some(ct("許可：原則週28時間以内・風俗営業等の従事を除く")),
            individual: None,
        }),
        extension_application: residence.then_some(false),
        verification: v,
        wire: WireStats::default(),
    }
}

fn rows(s: &Section) -> Vec<(String, String, String)> {
    s.rows
        .iter()
        .map(|r| (r.label.ja.clone(), r.label.en.clone(), r.value.ja.clone()))
        .collect()
}

fn ids(screen: &ResultScreen) -> Vec<SectionId> {
    screen.sections.iter().map(|s| s.id).collect()
}

fn s3(a: &str, b: &str, c: &str) -> (String, String, String) {
    (a.into(), b.into(), c.into())
}

#[test]
fn present_result_normal_residence_card() {
    let r = result_screen(&reading(CardKind::ResidenceCard, normal()));
    assert_eq!(r.title, Text::new("照会結果", "Inquiry result"));
    assert_eq!(r.headline.kind, HeadlineKind::Normal);
    assert_eq!(
        r.headline.text,
        Text::new(
            "正常に機能している在留カードです。",
            "This is a normally functioning residence card."
        )
    );
    assert_eq!(r.headline.action, None);
    assert_eq!(r.test_anchor_notice, None);

    let [t, i] = [&r.indicators[0], &r.indicators[1]];
    assert_eq!(r.indicators.len(), 2);
    assert_eq!(
        (t.check, t.state),
        (CheckKind::Tamper, IndicatorState::Passed)
    );
    assert_eq!(t.label, Text::new("改ざん検証結果", "Tamper check"));
    assert_eq!(t.status, Text::new("正常", "Passed"));
    assert_eq!(
        t.detail.en,
        "Signature matches the data (signature layout: DigestInfo)"
    );
    assert_eq!(
        t.accessibility.en,
        "Tamper check: Passed. Signature matches the data (signature layout: DigestInfo)"
    );
    assert_eq!(
        (i.check, i.state),
        (CheckKind::Issuer, IndicatorState::Passed)
    );
    assert_eq!(i.label, Text::new("発行元検証結果", "Issuer check"));
    assert_eq!(
        i.detail,
        Text::new(
            "信頼済みルート証明書「ZairyuCard CA」による発行を確認しました",
            "Issued under the trusted root “ZairyuCard CA”"
        )
    );

    assert_eq!(
        ids(&r),
        [
            SectionId::CardData,
            SectionId::Address,
            SectionId::Permission
        ]
    );
    let card = r.section(SectionId::CardData).expect("card data");
    assert_eq!(
        rows(card),
        [
            s3("カードの種類", "Card type", "在留カード（第一世代）"),
            s3("在留カード等番号", "Card number", NUMBER),
            s3("仕様バージョン", "Specification version", "0001"),
        ]
    );
    assert_eq!(card.rows[0].value.en, "Residence card (first generation)");
    assert!(card.rows[1].personal && !card.rows[0].personal);

    let addr = r.section(SectionId::Address).expect("address");
    assert_eq!(
        rows(addr),
        [
            s3("記載年月日", "Date written", "2024年04月01日"),
            s3("市区町村コード", "Municipality code", "131016"),
            s3("住居地", "Address", ADDRESS),
        ]
    );
    assert_eq!(addr.rows[0].value.en, "2024-04-01");
    assert!(addr.rows.iter().all(|r| r.entry == Some(1) && r.personal));
    assert_eq!(
        addr.notice,
        Some(Text::new(
            "2026年6月14日（令和8年6月14日）より前に行われた住居地の変更は表示されません。",
            "Address changes made before 2026-06-14 are not shown."
        ))
    );

    let perm = r.section(SectionId::Permission).expect("permission");
    assert_eq!(
        perm.title,
        Text::new("資格外活動許可", "Permission for activities outside status")
    );
    assert_eq!(
        rows(perm),
        [
            s3(
                "包括許可",
                "Comprehensive permission",
                "許可（原則週28時間以内・風俗営業等の従事を除く）"
            ),
            s3(
                "包括許可（カードの記載）",
                "Comprehensive permission (as on the card)",
                "許可：原則週28時間以内・風俗営業等の従事を除く"
            ),
        ]
    );

    assert_eq!(r.images.len(), 2);
    assert_eq!(
        (r.images[0].source, r.images[0].main),
        (ImageSource::FrontImage, true)
    );
    assert_eq!(
        (r.images[1].source, r.images[1].main),
        (ImageSource::FaceImage, false)
    );
    assert_eq!(
        r.images[0].accessibility.en,
        "Image of the residence card's front. Tap to enlarge."
    );
    assert_eq!(r.images[0].placeholder, None);
    assert_eq!(
        r.return_to_top,
        Text::new("トップ画面に戻る", "Return to top")
    );
}

#[test]
fn present_result_revocation_action() {
    let r = result_screen(&reading(CardKind::ResidenceCard, normal()));
    let q = &r.revocation;
    assert_eq!(q.url_host, "ipse-immi.moj.go.jp");
    assert_eq!(q.card_number, NUMBER);
    assert_eq!(q.card_expiry, None);
    assert_eq!(
        q.expiry_hint,
        Some(Text::new(
            "有効期間は券面で確認してください",
            "Read the expiry date on the card"
        ))
    );
    assert_eq!(
        q.button_label,
        Text::new(
            "在留カード等番号の有効性を確認します",
            "Check the validity of the card number"
        )
    );
    assert_eq!(
        q.instructions[0].en,
        "Enter the letters of the card number as half-width capitals."
    );
    assert!(q.instructions[1].ja.contains("2012・07・09"));
    assert!(q.caveats[0]
        .en
        .starts_with("A \"not revoked\" result does not prove the card is genuine"));
    assert_eq!(
        q.caveats[1].ja,
        "照会サービスは毎日20時から23時まで利用できません。"
    );
    assert!(!format!("{q:?}").contains(NUMBER));

    let custom = PresentConfig {
        revocation_host: "example.test".into(),
    };
    let r = result_screen_with(&reading(CardKind::ResidenceCard, normal()), &custom);
    assert_eq!(r.revocation.url_host, "example.test");
}

#[test]
fn present_result_normal_sprc_hides_permission() {
    let mut rd = reading(CardKind::SpecialPermanentResidentCertificate, normal());
    // Even if a parser left permissions on an SPRC, they are not shown.
    rd.permissions = Some(Gen1Permissions {
        comprehensive: Some(ct("x")),
        individual: Some(ct("y")),
    });
    rd.extension_application = Some(true);
    let r = result_screen(&rd);
    assert_eq!(r.headline.kind, HeadlineKind::Normal);
    assert_eq!(
        r.headline.text,
        Text::new(
            "正常に機能している特別永住者証明書です。",
            "This is a normally functioning special permanent resident certificate."
        )
    );
    assert_eq!(ids(&r), [SectionId::CardData, SectionId::Address]);
    assert_eq!(
        r.section(SectionId::CardData).expect("card").rows[0]
            .value
            .ja,
        "特別永住者証明書（第一世代）"
    );
    assert_eq!(
        r.images[0].accessibility.ja,
        "特別永住者証明書の券面画像。タップすると拡大します。"
    );
}

#[test]
fn present_result_abnormal_tamper_failed() {
    let v = verification(
        TamperCheck::Failed {
            reason: TamperFailure::HashMismatch,
        },
        anchor(AnchorKind::Production),
        Verdict::Abnormal,
    );
    let r = result_screen(&reading(CardKind::ResidenceCard, v));
    assert_eq!(r.headline.kind, HeadlineKind::Abnormal);
    assert_eq!(
        r.headline.text,
        Text::new(
            "異常なカードです。カードの故障または偽造の可能性があります。",
            "Abnormal card: it may be damaged or forged."
        )
    );
    assert_eq!(
        r.headline.action,
        Some(LinkAction {
            url: "https://www.moj.go.jp/isa/about/region/index.html".into(),
            label: Text::new("相談窓口", "Consultation offices"),
        })
    );
    assert_eq!(r.indicators[0].state, IndicatorState::Failed);
    assert_eq!(r.indicators[0].status, Text::new("異常", "Failed"));
    assert_eq!(
        r.indicators[0].detail,
        Text::new(
            "データのハッシュ値が署名と一致しません",
            "Data hash mismatch: the data read does not match the signature"
        )
    );
    assert_eq!(
        r.indicators[0].accessibility.ja,
        "改ざん検証結果：異常。データのハッシュ値が署名と一致しません"
    );
    assert_eq!(r.indicators[1].state, IndicatorState::Passed);
    // Sections are still shown: the user needs the data to compare with the card.
    assert_eq!(
        ids(&r),
        [
            SectionId::CardData,
            SectionId::Address,
            SectionId::Permission
        ]
    );
}

#[test]
fn present_result_abnormal_issuer_failed() {
    let v = verification(
        TamperCheck::Ok {
            layout: SignatureLayout::RawHash,
        },
        IssuerCheck::Failed {
            reason: IssuerFailure::UnknownIssuer,
        },
        Verdict::Abnormal,
    );
    let r = result_screen(&reading(CardKind::ResidenceCard, v));
    assert_eq!(r.headline.kind, HeadlineKind::Abnormal);
    assert_eq!(r.indicators[0].state, IndicatorState::Passed);
    assert_eq!(
        r.indicators[0].detail.en,
        "Signature matches the data (signature layout: raw hash)"
    );
    assert_eq!(r.indicators[1].state, IndicatorState::Failed);
    assert_eq!(
        r.indicators[1].detail,
        Text::new(
            "信頼済みルート証明書から発行された証明書ではありません",
            "Certificate not issued by a trusted root"
        )
    );
    assert_eq!(
        r.indicators[1].accessibility.en,
        "Issuer check: Failed. Certificate not issued by a trusted root"
    );
}

#[test]
fn present_result_failed_check_beats_inconsistent_verdict() {
    let v = verification(
        TamperCheck::Failed {
            reason: TamperFailure::BadSignature,
        },
        anchor(AnchorKind::Production),
        Verdict::Normal,
    );
    assert_eq!(
        result_screen(&reading(CardKind::ResidenceCard, v))
            .headline
            .kind,
        HeadlineKind::Abnormal
    );
    let v = verification(
        TamperCheck::Absent,
        anchor(AnchorKind::Production),
        Verdict::Normal,
    );
    assert_eq!(
        result_screen(&reading(CardKind::ResidenceCard, v))
            .headline
            .kind,
        HeadlineKind::Abnormal
    );
}

#[test]
fn present_result_young_holder_gen1() {
    let mut rd = reading(
        CardKind::ResidenceCard,
        verification(
            TamperCheck::Absent,
            IssuerCheck::Absent,
            Verdict::YoungHolder,
        ),
    );
    rd.face_image = None;
    rd.addresses.clear();
    rd.permissions = Some(Gen1Permissions::default());
    rd.extension_application = Some(true);
    let r = result_screen(&rd);
    assert_eq!(r.headline.kind, HeadlineKind::YoungHolder);
    assert_eq!(
        r.headline.text,
        Text::new(
            "16歳未満の方のカードです（ICチップに顔写真と署名がありません）。",
            "Card of a holder under 16 — no photo and signature on the chip."
        )
    );
    assert_eq!(
        r.headline.detail.as_ref().map(|d| d.en.as_str()),
        Some("So neither check can run; this does not indicate tampering.")
    );
    assert_eq!(r.headline.action, None);
    for ind in &r.indicators {
        assert_eq!(ind.state, IndicatorState::NotChecked);
        assert_eq!(ind.status, Text::new("未検証", "Not checked"));
    }
    assert_eq!(r.indicators[0].detail.en, "No signature data on the chip");
    assert_eq!(r.indicators[1].detail.en, "No certificate on the chip");
    assert_eq!(
        ids(&r),
        [
            SectionId::CardData,
            SectionId::Address,
            SectionId::ExtensionApplication
        ]
    );
    assert_eq!(
        rows(r.section(SectionId::Address).expect("address")),
        [s3("住居地", "Address", "記載なし")]
    );
    assert_eq!(
        r.section(SectionId::Address).expect("address").rows[0]
            .value
            .en,
        "No entry"
    );
    let ext = r.section(SectionId::ExtensionApplication).expect("ext");
    assert_eq!(
        ext.rows[0].value,
        Text::new("申請中", "Application pending")
    );
    assert_eq!(r.images.len(), 1);
    assert!(r.images[0].main);
}

#[test]
fn present_result_young_holder_gen2_wording() {
    let mut rd = reading(
        CardKind::ResidenceCard,
        verification(
            TamperCheck::Absent,
            IssuerCheck::Absent,
            Verdict::YoungHolder,
        ),
    );
    rd.card.generation = Generation::Second;
    rd.card.type_code = CardTypeCode::Gen2Residence;
    let r = result_screen(&rd);
    assert_eq!(
        r.headline.text.en,
        "Card of a holder under 1 year — no photo and signature on the chip."
    );
    assert_eq!(
        r.headline.text.ja,
        "1歳未満の方のカードです（ICチップに顔写真と署名がありません）。"
    );
    // No first-generation address history on second-generation cards.
    assert!(r.section(SectionId::Address).is_none());
}

#[test]
fn present_result_test_anchor_notice() {
    let v = verification(
        TamperCheck::Ok {
            layout: SignatureLayout::RawHash,
        },
        anchor(AnchorKind::Test),
        Verdict::Normal,
    );
    let r = result_screen(&reading(CardKind::ResidenceCard, v));
    assert_eq!(
        r.test_anchor_notice,
        Some(Text::new(
            "テスト用のルート証明書で検証しました。本番の検証結果ではありません。",
            "Verified against a TEST root — not a production pass."
        ))
    );
    assert_eq!(
        r.indicators[1].status,
        Text::new("正常（テスト用ルート）", "Passed (TEST root)")
    );
    assert_eq!(
        r.indicators[1].detail.en,
        "Issued under the trusted root “ZairyuCard CA” (TEST root)"
    );
}

#[test]
fn present_result_validity_notes_and_images() {
    let mut v = normal();
    if let IssuerCheck::Ok { validity, .. } = &mut v.issuer {
        validity.card_in_date = false;
    }
    let mut rd = reading(CardKind::ResidenceCard, v);
    rd.front_image = Some(image(false));
    let r = result_screen(&rd);
    assert_eq!(r.headline.kind, HeadlineKind::Normal);
    assert_eq!(
        r.indicators[1].detail.en,
        "Issued under the trusted root “ZairyuCard CA”; the card certificate is outside its validity period (does not affect the result)"
    );
    assert!(!r.images[0].decoded);
    assert_eq!(
        r.images[0].placeholder,
        Some(Text::new(
            "画像を表示できません",
            "The image cannot be shown"
        ))
    );
}

#[test]
fn present_result_address_bad_date_and_many_entries() {
    let mut rd = reading(CardKind::ResidenceCard, normal());
    rd.addresses.push(AddressEntry {
        date: None,
        date_raw: "2024139".into(),
        municipality_code: "271004".into(),
        address: ct("大阪府大阪市"),
    });
    let r = result_screen(&rd);
    let a = r.section(SectionId::Address).expect("address");
    assert_eq!(a.rows.len(), 6);
    assert_eq!(a.rows[3].value, Text::same("2024139"));
    assert_eq!(a.rows[3].entry, Some(2));
}

fn all_texts(screen: &ResultScreen) -> Vec<String> {
    let mut out = Vec::new();
    let mut push = |t: &Text| {
        out.push(t.ja.clone());
        out.push(t.en.clone());
    };
    push(&screen.title);
    if let Some(n) = &screen.test_anchor_notice {
        push(n);
    }
    push(&screen.headline.text);
    if let Some(d) = &screen.headline.detail {
        push(d);
    }
    if let Some(a) = &screen.headline.action {
        push(&a.label);
        out.push(a.url.clone());
    }
    for i in &screen.indicators {
        for t in [&i.label, &i.status, &i.detail, &i.accessibility] {
            out.push(t.ja.clone());
            out.push(t.en.clone());
        }
    }
    for img in &screen.images {
        out.push(img.accessibility.ja.clone());
        out.push(img.accessibility.en.clone());
    }
    for s in &screen.sections {
        out.extend([s.title.ja.clone(), s.title.en.clone()]);
        if let Some(n) = &s.notice {
            out.extend([n.ja.clone(), n.en.clone()]);
        }
        for r in &s.rows {
            out.extend([r.label.ja.clone(), r.label.en.clone()]);
            // The intended data rows are allowed to hold the data.
            if !r.personal {
                out.extend([r.value.ja.clone(), r.value.en.clone()]);
            }
        }
    }
    out.extend([
        screen.return_to_top.ja.clone(),
        screen.return_to_top.en.clone(),
    ]);
    out
}

#[test]
fn present_no_personal_data_outside_data_rows() {
    let variants = [
        normal(),
        verification(
            TamperCheck::Failed {
                reason: TamperFailure::HashMismatch,
            },
            anchor(AnchorKind::Test),
            Verdict::Abnormal,
        ),
        verification(
            TamperCheck::Absent,
            IssuerCheck::Absent,
            Verdict::YoungHolder,
        ),
    ];
    for v in variants {
        for kind in [
            CardKind::ResidenceCard,
            CardKind::SpecialPermanentResidentCertificate,
            CardKind::SpecifiedResidenceCard,
            CardKind::SpecifiedSpecialPermanentResidentCertificate,
        ] {
            let r = result_screen(&reading(kind, v.clone()));
            // The data is where it is meant to be…
            assert!(r.sections[0].rows.iter().any(|row| row.value.ja == NUMBER));
            assert_eq!(r.revocation.card_number, NUMBER);
            // …and nowhere else, in either language, nor in Debug output.
            for text in all_texts(&r) {
                assert!(!text.contains(NUMBER), "{text}");
                assert!(!text.contains(ADDRESS), "{text}");
                assert!(!text.contains("131016"), "{text}");
            }
            let debug = format!("{r:?}");
            assert!(
                !debug.contains(NUMBER) && !debug.contains(ADDRESS),
                "{debug}"
            );
        }
    }
    let errors = all_error_codes()
        .iter()
        .map(|c| error_info(c))
        .chain([
            from_read_error(&ReadError::UnsupportedCard(UnsupportedCard::SpecifiedCard)),
            from_number_error(&crate::number::NumberError::ExpectedDigit { position: 3 }),
        ])
        .collect::<Vec<_>>();
    for e in errors {
        for t in std::iter::once(&e.title)
            .chain([&e.message])
            .chain(e.tips.iter())
        {
            assert!(!t.ja.contains(NUMBER) && !t.en.contains(NUMBER));
            assert!(!t.ja.contains(ADDRESS) && !t.en.contains(ADDRESS));
        }
    }
}

mod no_panic {
    use super::super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn present_arbitrary_input_never_panics(s in ".{0,40}", a in ".{0,10}", b in ".{0,12}", f in proptest::num::f64::ANY, g in proptest::num::f64::ANY) {
            let fb = number_feedback(&s);
            prop_assert_eq!(fb.can_proceed, fb.valid);
            prop_assert!(fb.error.is_none() || !fb.valid);
            let _ = gen2_permission_lines(&a, &b, &s);
            let _ = work_restriction_text(&a);
            let _ = extension_application_text(&a);
            let e = error_info(&s);
            prop_assert!(!e.actions.is_empty() || !e.dialog);
            let mut z = ZoomState::new(f, g, g, f);
            z.pinch(f);
            z.pan(f, g);
            z.double_tap();
            z.pan(g, f);
            prop_assert!((MIN_SCALE..=MAX_SCALE).contains(&z.scale()));
            prop_assert!(z.offset().0.is_finite() && z.offset().1.is_finite());
        }
    }
}
