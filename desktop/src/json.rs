//! The `--json` document. Field names and enum strings are a public interface for scripts, so they
//! are spelled out here by hand rather than derived from the core's Rust names.

use serde_json::{json, Map, Value};
use zairyu_core::image::ImageFormat;
use zairyu_core::model::{CardImage, CardKind, Generation};
use zairyu_core::verify::{AnchorKind, IssuerCheck, IssuerFailure, SignatureLayout, TamperCheck, TamperFailure, Verdict};
use zairyu_core::Reading;

use crate::images::{Written, WrittenImage};

pub fn kind(k: CardKind) -> &'static str {
    match k {
        CardKind::ResidenceCard => "residence_card",
        CardKind::SpecialPermanentResidentCertificate => "special_permanent_resident_certificate",
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
    json!({
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
        "images": {
            "front": image(&r.front_image, &written.front),
            "face": image(&r.face_image, &written.face),
        },
        "wire": {
            "apdus": r.wire.apdus,
            "bytes_sent": r.wire.bytes_sent,
            "bytes_received": r.wire.bytes_received,
            "extended_length": r.wire.extended_length,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
