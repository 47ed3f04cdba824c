//! The bilingual text a person reads after `zairyu read`: the verdict first, then each check with
//! the reason it failed (product.md §12: say which check failed and why), then the card data.

use std::fmt::Write;

use zairyu_core::model::{CardImage, CardKind, Generation};
use zairyu_core::verify::{AnchorKind, IssuerCheck, IssuerFailure, SignatureLayout, TamperCheck, TamperFailure, Verdict};
use zairyu_core::Reading;

use crate::errors::{AppError, OFFICE_URL};
use crate::images::{Written, WrittenImage};
use crate::json::iso_utc;

/// Printed whenever the issuer check passed only against a test root.
pub const TEST_ROOT_WARNING: &str =
    "⚠ テスト用ルート証明書で検証しました — 本番の合格ではありません / verified against a TEST root — not a production pass";

fn tamper_reason(r: TamperFailure) -> &'static str {
    match r {
        TamperFailure::MissingSignature => "署名データがありません / the signature data is missing",
        TamperFailure::CertificateUnreadable => "証明書を読めません / the certificate is unreadable",
        TamperFailure::UnexpectedKey => "証明書の鍵が想定外です / the certificate's key is not the expected kind",
        TamperFailure::BadSignature => "署名を復号できません / the check code does not decode under the certificate's key",
        TamperFailure::HashMismatch => "データのハッシュが署名と一致しません / the data's hash does not match the signature",
        TamperFailure::MissingImage => "署名対象の画像がありません / an image the signature covers is missing",
    }
}

fn issuer_reason(r: IssuerFailure) -> &'static str {
    match r {
        IssuerFailure::CertificateUnreadable => "証明書を読めません / the certificate is unreadable",
        IssuerFailure::UnknownIssuer => "信頼する発行元に連なりません / the certificate does not chain to a trusted root",
        IssuerFailure::BadSignature => "発行元の署名が正しくありません / the issuer's signature on the certificate is invalid",
        IssuerFailure::AnchorNotCa => "ルート証明書がCAではありません / the root is not a CA",
        IssuerFailure::OutsideAnchorValidity => {
            "証明書の有効期間がルート証明書と合いません / the certificate was not issued within its root's validity"
        }
        IssuerFailure::AmbiguousIssuer => "複数のルート証明書が当てはまります / more than one trusted root matches",
    }
}

fn card_kind(r: &Reading) -> String {
    let kind = match r.card.kind {
        CardKind::ResidenceCard => "在留カード / Residence card",
        CardKind::SpecialPermanentResidentCertificate => "特別永住者証明書 / Special permanent resident certificate",
        CardKind::SpecifiedResidenceCard => "特定在留カード / Specified residence card",
        CardKind::SpecifiedSpecialPermanentResidentCertificate => {
            "特定特別永住者証明書 / Specified special permanent resident certificate"
        }
    };
    let generation = match r.card.generation {
        Generation::First => "第1世代 / first generation",
        Generation::Second => "第2世代 / second generation",
    };
    format!("{kind} ({generation}, type {})", r.card.type_code.as_str())
}

fn image_line(label: &str, img: &Option<CardImage>, written: &WrittenImage) -> Option<String> {
    let img = img.as_ref()?;
    let size = match &img.decoded {
        Ok(d) => format!("{}×{}", d.width, d.height),
        Err(e) => format!("not decoded: {e}"),
    };
    let place = match written {
        WrittenImage::Png(p) => format!(" → {}", p.display()),
        WrittenImage::Raw(p) => format!(" → {} (raw)", p.display()),
        WrittenImage::None => String::new(),
    };
    Some(format!("  {label}: {} bytes, {size}{place}", img.raw.len()))
}

/// Second-generation fields, worded by the core's presentation model so every shell says the same.
fn gen2_sections(o: &mut String, r: &Reading) {
    use zairyu_core::present::{result_screen, SectionId};
    for section in result_screen(r).sections {
        if !matches!(section.id, SectionId::CardData | SectionId::Permission | SectionId::WorkRestriction | SectionId::Other) {
            continue;
        }
        let _ = writeln!(o, "{} / {}:", section.title.ja, section.title.en);
        for row in &section.rows {
            let _ = writeln!(o, "  {} / {}: {} / {}", row.label.ja, row.label.en, row.value.ja, row.value.en);
        }
    }
}

pub fn reading(r: &Reading, written: &Written) -> String {
    let mut o = String::new();
    let v = &r.verification;
    let _ = writeln!(o, "{}", card_kind(r));
    let _ = match v.verdict {
        Verdict::Normal => writeln!(o, "判定 / Verdict: 正常 / NORMAL — 正常なカードが読み取られました / a fully functioning card was read"),
        Verdict::Abnormal => writeln!(
            o,
            "判定 / Verdict: 異常 / ABNORMAL — カードの故障または偽造の可能性があります / the card may be damaged or forged\n  相談窓口 / Consult: {OFFICE_URL}"
        ),
        Verdict::YoungHolder => writeln!(
            o,
            "判定 / Verdict: 署名なし / NO SIGNATURE — 16歳未満の方のカードです（検証対象なし） / card of a holder under 16 (nothing to verify)"
        ),
    };
    let tamper = match &v.tamper {
        TamperCheck::Ok { layout } => format!(
            "OK ({})",
            match layout {
                SignatureLayout::RawHash => "raw hash",
                SignatureLayout::DigestInfo => "PKCS#1 DigestInfo",
                SignatureLayout::EcdsaRaw => "ECDSA P-384, r‖s",
                SignatureLayout::EcdsaDer => "ECDSA P-384, DER",
            }
        ),
        TamperCheck::Failed { reason } => format!("NG — {}", tamper_reason(*reason)),
        TamperCheck::Absent => "未検証 / not checked (no signature on the chip)".into(),
    };
    let _ = writeln!(o, "  改ざん検証 / Tamper check: {tamper}");
    let issuer = match &v.issuer {
        IssuerCheck::Ok { anchor, validity } => {
            let kind = match anchor.kind {
                AnchorKind::Production => "production",
                AnchorKind::Test => "TEST",
            };
            let mut s = format!("OK — {} [{kind}] sha256:{}", anchor.label, anchor.fingerprint);
            let _ = write!(
                s,
                "\n    証明書の有効期間 / certificate valid {} – {}{}",
                &iso_utc(validity.card_not_before)[..10],
                &iso_utc(validity.card_not_after)[..10],
                if validity.card_in_date { "" } else { " (期間外 / out of date)" }
            );
            s
        }
        IssuerCheck::Failed { reason } => format!("NG — {}", issuer_reason(*reason)),
        IssuerCheck::Absent => "未検証 / not checked (no certificate on the chip)".into(),
    };
    let _ = writeln!(o, "  発行元検証 / Issuer check: {issuer}");
    if v.is_test_anchor() {
        let _ = writeln!(o, "  {TEST_ROOT_WARNING}");
    }
    let _ = writeln!(o);
    let _ = writeln!(o, "在留カード等番号 / Card number: {}", r.card_number.as_str());
    if let Some(sv) = &r.card.spec_version {
        let _ = writeln!(o, "仕様バージョン / Spec version: {sv}");
    }
    if r.card.generation == Generation::First {
        let _ = writeln!(o, "住居地 / Address:");
        if r.addresses.is_empty() {
            let _ = writeln!(o, "  記載なし / no entry");
        }
        for a in &r.addresses {
            let date = a.date.map_or_else(|| a.date_raw.clone(), |d| d.iso());
            let sjis = if a.address.shift_jis_fallback { " (Shift_JIS)" } else { "" };
            let _ = writeln!(o, "  {date}  [{}]  {}{sjis}", a.municipality_code, a.address.text);
        }
    }
    if let Some(p) = &r.permissions {
        let _ = writeln!(o, "資格外活動許可 / Permission for activity outside status:");
        if p.comprehensive.is_none() && p.individual.is_none() {
            let _ = writeln!(o, "  なし / none");
        }
        if let Some(t) = &p.comprehensive {
            let _ = writeln!(o, "  包括許可 / Comprehensive: {}", t.text);
        }
        if let Some(t) = &p.individual {
            let _ = writeln!(o, "  個別許可 / Individual: {}", t.text);
        }
    }
    if let Some(pending) = r.extension_application {
        let _ = writeln!(
            o,
            "在留期間更新等許可申請 / Extension application: {}",
            if pending { "申請中 / pending" } else { "なし / none" }
        );
    }
    if r.card.generation == Generation::Second {
        gen2_sections(&mut o, r);
    }
    let lines: Vec<String> = [
        image_line("券面 / Front", &r.front_image, &written.front),
        image_line("顔写真 / Photo", &r.face_image, &written.face),
        image_line("氏名 / Name", &r.name_image, &written.name),
        image_line("住居地 / Address", &r.address_image, &written.address),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !lines.is_empty() {
        let _ = writeln!(o, "画像 / Images:");
        for line in lines {
            let _ = writeln!(o, "{line}");
        }
        if *written == Written::default() {
            let _ = writeln!(o, "  (--out DIR で PNG を保存 / use --out DIR to save them as PNG)");
        }
    }
    let _ = writeln!(
        o,
        "通信 / Wire: {} APDUs, {} bytes sent, {} bytes received, {}",
        r.wire.apdus,
        r.wire.bytes_sent,
        r.wire.bytes_received,
        if r.wire.extended_length { "extended length" } else { "short APDUs only" }
    );
    o
}

/// An error as a person sees it on stderr: code, both languages, the help URL when there is one.
pub fn error(e: &AppError) -> String {
    let mut o = format!("エラー / Error [{}]\n  {}\n  {}\n", e.code, e.message_ja, e.message_en);
    if let Some(reader) = e.extra.get("reader").and_then(|r| r.as_str()) {
        let _ = writeln!(o, "  カードリーダー / reader: {reader}");
    }
    if let Some(readers) = e.extra.get("readers").and_then(|r| r.as_array()).filter(|r| !r.is_empty()) {
        let names: Vec<&str> = readers.iter().filter_map(|r| r.as_str()).collect();
        let _ = writeln!(o, "  接続されているリーダー / connected readers: {}", names.join(", "));
    }
    if let Some(path) = e.extra.get("path").and_then(|p| p.as_str()) {
        let detail = e.extra.get("detail").and_then(|d| d.as_str()).unwrap_or_default();
        let _ = writeln!(o, "  {path} ({detail})");
    }
    if let Some(url) = e.extra.get("url").and_then(|u| u.as_str()) {
        let _ = writeln!(o, "  {url}");
    }
    o
}
