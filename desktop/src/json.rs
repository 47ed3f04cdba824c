//! The `--json` document. Field names and enum strings are a public interface for scripts, so they
//! are spelled out here by hand rather than derived from the core's Rust names.

use serde_json::{json, Map, Value};
use zairyu_core::image::ImageFormat;
use zairyu_core::model::{CardImage, CardKind, CodedValue, Date, Gen2Other, Gen2Permissions, Generation, PeriodOfStay, PrintedEntries};
use zairyu_core::verify::{AnchorKind, IssuerCheck, IssuerFailure, SignatureLayout, TamperCheck, TamperFailure, Verdict};
use zairyu_core::Reading;

use crate::images::{Written, WrittenImage};

pub fn kind(k: CardKind) -> &'static str {
    match k {
        CardKind::ResidenceCard => "residence_card",
        CardKind::SpecialPermanentResidentCertificate => "special_permanent_resident_certificate",
        CardKind::SpecifiedResidenceCard => "specified_residence_card",
        CardKind::SpecifiedSpecialPermanentResidentCertificate => "specified_special_permanent_resident_certificate",
    }
}

pub fn generation(g: Generation) -> u8 {
    match g {
        Generation::First => 1,
        Generation::Second => 2,
    }
}

pub fn verdict(v: Verdict) -> &'static str {
    match v {
        Verdict::Normal => "normal",
        Verdict::Abnormal => "abnormal",
        Verdict::YoungHolder => "young_holder",
    }
}

pub fn layout(l: SignatureLayout) -> &'static str {
    match l {
        SignatureLayout::RawHash => "raw_hash",
        SignatureLayout::DigestInfo => "digest_info",
        SignatureLayout::EcdsaRaw => "ecdsa_raw",
        SignatureLayout::EcdsaDer => "ecdsa_der",
    }
}

pub fn tamper_reason(r: TamperFailure) -> &'static str {
    match r {
        TamperFailure::MissingSignature => "missing_signature",
        TamperFailure::CertificateUnreadable => "certificate_unreadable",
        TamperFailure::UnexpectedKey => "unexpected_key",
        TamperFailure::BadSignature => "bad_signature",
        TamperFailure::HashMismatch => "hash_mismatch",
        TamperFailure::MissingImage => "missing_image",
    }
}

pub fn issuer_reason(r: IssuerFailure) -> &'static str {
    match r {
        IssuerFailure::CertificateUnreadable => "certificate_unreadable",
        IssuerFailure::UnknownIssuer => "unknown_issuer",
        IssuerFailure::BadSignature => "bad_signature",
        IssuerFailure::AnchorNotCa => "anchor_not_ca",
        IssuerFailure::OutsideAnchorValidity => "outside_anchor_validity",
        IssuerFailure::AmbiguousIssuer => "ambiguous_issuer",
    }
}

pub fn anchor_kind(k: AnchorKind) -> &'static str {
    match k {
        AnchorKind::Production => "production",
        AnchorKind::Test => "test",
    }
}

pub fn image_format(f: Option<ImageFormat>) -> Value {
    match f {
        Some(ImageFormat::TiffG4) => "tiff_g4".into(),
        Some(ImageFormat::Jp2) => "jp2".into(),
        Some(ImageFormat::J2k) => "j2k".into(),
        Some(ImageFormat::Png) => "png".into(),
        None => Value::Null,
    }
}

/// Unix seconds as ISO 8601 UTC, so validity dates read the same on every platform.
pub fn iso_utc(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil-from-days (H. Hinnant), valid for the whole i64 day range we can meet here.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

pub fn verification(r: &Reading) -> Value {
    let v = &r.verification;
    let mut m = Map::new();
    match &v.tamper {
        TamperCheck::Ok { layout: l } => {
            m.insert("tamper".into(), "ok".into());
            m.insert("signature_layout".into(), layout(*l).into());
        }
        TamperCheck::Failed { reason } => {
            m.insert("tamper".into(), "failed".into());
            m.insert("tamper_reason".into(), tamper_reason(*reason).into());
        }
        TamperCheck::Absent => {
            m.insert("tamper".into(), "absent".into());
        }
    }
    match &v.issuer {
        IssuerCheck::Ok { anchor, validity } => {
            m.insert("issuer".into(), "ok".into());
            m.insert(
                "anchor".into(),
                json!({"label": anchor.label, "kind": anchor_kind(anchor.kind), "fingerprint": anchor.fingerprint}),
            );
            m.insert(
                "validity".into(),
                json!({
                    "card_not_before": iso_utc(validity.card_not_before),
                    "card_not_after": iso_utc(validity.card_not_after),
                    "anchor_not_before": iso_utc(validity.anchor_not_before),
                    "anchor_not_after": iso_utc(validity.anchor_not_after),
                    "card_in_date": validity.card_in_date,
                    "anchor_in_date": validity.anchor_in_date,
                }),
            );
        }
        IssuerCheck::Failed { reason } => {
            m.insert("issuer".into(), "failed".into());
            m.insert("issuer_reason".into(), issuer_reason(*reason).into());
        }
        IssuerCheck::Absent => {
            m.insert("issuer".into(), "absent".into());
        }
    }
    m.insert("verdict".into(), verdict(v.verdict).into());
    m.insert("test_anchor".into(), v.is_test_anchor().into());
    Value::Object(m)
}

fn image(img: &Option<CardImage>, written: &WrittenImage) -> Value {
    let Some(img) = img else { return Value::Null };
    let mut m = Map::new();
    m.insert("format".into(), image_format(img.format));
    m.insert("bytes".into(), img.raw.len().into());
    match &img.decoded {
        Ok(d) => {
            m.insert("width".into(), d.width.into());
            m.insert("height".into(), d.height.into());
        }
        Err(e) => {
            m.insert("width".into(), Value::Null);
            m.insert("height".into(), Value::Null);
            m.insert("decode_error".into(), e.to_string().into());
        }
    }
    match written {
        WrittenImage::Png(p) => {
            m.insert("png_path".into(), p.display().to_string().into());
        }
        WrittenImage::Raw(p) => {
            m.insert("raw_path".into(), p.display().to_string().into());
        }
        WrittenImage::None => {}
    }
    Value::Object(m)
}

fn text(t: &Option<zairyu_core::model::ChipText>) -> Value {
    t.as_ref().map_or(Value::Null, |t| t.text.clone().into())
}

fn coded(c: &Option<CodedValue>) -> Value {
    c.as_ref().map_or(Value::Null, |c| json!({"code": c.code, "label_ja": c.label_ja, "label_en": c.label_en}))
}

fn date(d: &Option<Date>) -> Value {
    d.as_ref().map_or(Value::Null, |d| d.iso().into())
}

fn period(p: &Option<PeriodOfStay>) -> Value {
    match p {
        None => Value::Null,
        Some(PeriodOfStay::Indefinite) => json!({"indefinite": true}),
        Some(PeriodOfStay::YearsMonths { years, months }) => json!({"years": years, "months": months}),
        Some(PeriodOfStay::Days(d)) => json!({"days": d}),
        Some(PeriodOfStay::Other(raw)) => json!({"raw": raw}),
    }
}

/// Second generation DF1/EF02: printed entries (券面記載事項).
fn printed(p: &PrintedEntries) -> Value {
    json!({
        "card_expiry": date(&p.card_expiry),
        "birth_date": date(&p.birth_date),
        "sex": coded(&p.sex),
        "nationality": coded(&p.nationality),
        "status_of_residence": coded(&p.status_of_residence),
        "period_of_stay": period(&p.period_of_stay),
        "permission_type": coded(&p.permission_type),
        "permission_date": date(&p.permission_date),
        "work_restriction": coded(&p.work_restriction),
        "stay_expiry": date(&p.stay_expiry),
    })
}

fn gen2_permissions(p: &Gen2Permissions) -> Value {
    json!({
        "comprehensive": coded(&p.comprehensive),
        "comprehensive_expiry": date(&p.comprehensive_expiry),
        "individual": p.individual,
        "part_time_work_permitted": p.part_time_work_permitted(),
    })
}

fn gen2_other(o: &Gen2Other) -> Value {
    json!({"commissioner_record": o.commissioner_record, "reserved_text": text(&o.reserved_text)})
}

/// The success document. Card data is included because reading it is what the user asked for.
pub fn reading(r: &Reading, written: &Written) -> Value {
    let addresses: Vec<Value> = r
        .addresses
        .iter()
        .map(|a| {
            json!({
                "date": a.date.map(|d| d.iso()),
                "date_raw": a.date_raw,
                "municipality_code": a.municipality_code,
                "address": a.address.text,
                "shift_jis_fallback": a.address.shift_jis_fallback,
            })
        })
        .collect();
    let permissions = r.permissions.as_ref().map_or(Value::Null, |p| {
        json!({"comprehensive": text(&p.comprehensive), "individual": text(&p.individual)})
    });
    let mut images = Map::new();
    images.insert("front".into(), image(&r.front_image, &written.front));
    images.insert("face".into(), image(&r.face_image, &written.face));
    let mut doc = json!({
        "status": "ok",
        "card": {
            "kind": kind(r.card.kind),
            "generation": generation(r.card.generation),
            "type_code": r.card.type_code.as_str(),
        },
        "verification": verification(r),
        "card_number": r.card_number.as_str(),
        "spec_version": r.card.spec_version,
        "addresses": addresses,
        "permissions": permissions,
        "extension_application": r.extension_application,
        "images": images,
        "wire": {
            "apdus": r.wire.apdus,
            "bytes_sent": r.wire.bytes_sent,
            "bytes_received": r.wire.bytes_received,
            "extended_length": r.wire.extended_length,
        },
    });
    // Second generation only, so first-generation documents keep their exact shape.
    if r.card.generation == Generation::Second {
        if let Some(img) = doc.pointer_mut("/images").and_then(Value::as_object_mut) {
            img.insert("name".into(), image(&r.name_image, &written.name));
            img.insert("address".into(), image(&r.address_image, &written.address));
        }
        if let Some(obj) = doc.as_object_mut() {
            obj.insert("printed".into(), r.printed.as_ref().map_or(Value::Null, printed));
            obj.insert("gen2_permissions".into(), r.gen2_permissions.as_ref().map_or(Value::Null, gen2_permissions));
            obj.insert("gen2_other".into(), r.gen2_other.as_ref().map_or(Value::Null, gen2_other));
        }
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;
    use zairyu_core::chip::CardTypeCode;
    use zairyu_core::model::CardInfo;
    use zairyu_core::verify::Verification;
    use zairyu_core::CardNumber;

    fn cv(code: &str, ja: &str, en: &str) -> Option<CodedValue> {
        Some(CodedValue { code: code.into(), label_ja: Some(ja.into()), label_en: Some(en.into()) })
    }

    /// The software card has no second-generation profile yet, so the gen2 shape is pinned here.
    #[test]
    fn second_generation_document_shape() {
        let d = |y, m, dd| Some(Date { year: y, month: m, day: dd });
        let r = Reading {
            card: CardInfo {
                type_code: CardTypeCode::Gen2Residence,
                kind: CardKind::ResidenceCard,
                generation: Generation::Second,
                spec_version: None,
            },
            card_number: CardNumber::parse("AB12345678CD").unwrap(),
            front_image: None,
            face_image: None,
            name_image: None,
            address_image: None,
            printed: Some(PrintedEntries {
                card_expiry: d(2031, 4, 1),
                birth_date: d(1990, 1, 1),
                sex: cv("1", "男", "Male"),
                nationality: None,
                status_of_residence: None,
                period_of_stay: Some(PeriodOfStay::YearsMonths { years: 5, months: 0 }),
                permission_type: None,
                permission_date: None,
                work_restriction: Some(CodedValue { code: "9".into(), label_ja: None, label_en: None }),
                stay_expiry: d(2031, 4, 1),
            }),
            gen2_permissions: Some(Gen2Permissions { comprehensive: cv("1", "許可", "Permitted"), comprehensive_expiry: d(2031, 4, 1), individual: Some(false) }),
            gen2_other: Some(Gen2Other { commissioner_record: Some(false), reserved_text: None }),
            addresses: vec![],
            permissions: None,
            extension_application: Some(false),
            verification: Verification { tamper: TamperCheck::Absent, issuer: IssuerCheck::Absent, verdict: Verdict::YoungHolder },
            wire: Default::default(),
        };
        let doc = reading(&r, &Written::default());
        assert_eq!(doc["card"], json!({"kind": "residence_card", "generation": 2, "type_code": "05"}));
        assert_eq!(doc["images"], json!({"front": null, "face": null, "name": null, "address": null}));
        assert_eq!(
            doc["printed"],
            json!({
                "card_expiry": "2031-04-01", "birth_date": "1990-01-01",
                "sex": {"code": "1", "label_ja": "男", "label_en": "Male"},
                "nationality": null, "status_of_residence": null,
                "period_of_stay": {"years": 5, "months": 0},
                "permission_type": null, "permission_date": null,
                "work_restriction": {"code": "9", "label_ja": null, "label_en": null},
                "stay_expiry": "2031-04-01"
            })
        );
        assert_eq!(
            doc["gen2_permissions"],
            json!({"comprehensive": {"code": "1", "label_ja": "許可", "label_en": "Permitted"}, "comprehensive_expiry": "2031-04-01", "individual": false, "part_time_work_permitted": true})
        );
        assert_eq!(doc["gen2_other"], json!({"commissioner_record": false, "reserved_text": null}));
        // The human text renders through the core's presentation rows without panicking.
        let text = crate::human::reading(&r, &Written::default());
        assert!(text.contains("第2世代 / second generation, type 05"), "{text}");
    }

    #[test]
    fn iso_dates() {
        assert_eq!(iso_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_utc(1_704_067_200), "2024-01-01T00:00:00Z");
        assert_eq!(iso_utc(2_366_841_600), "2045-01-01T00:00:00Z");
        assert_eq!(iso_utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(iso_utc(-1), "1969-12-31T23:59:59Z");
        assert_eq!(iso_utc(1_709_251_199), "2024-02-29T23:59:59Z");
    }
}
