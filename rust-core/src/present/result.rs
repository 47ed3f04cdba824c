//! The result screen (照会結果, product.md §7): headline, the two indicators, the revocation
//! inquiry, the card images and the detail sections, in the order the shells draw them.

use std::fmt;

use super::errors::CONSULTATION_URL;
use super::format::date_text;
use super::permission::{gen1_permission_rows, pending_text, permission_title};
use super::text::{Row, Section, SectionId, Text};
use crate::chip::CardTypeCode;
use crate::model::{CardImage, CardKind, Generation, Reading};
use crate::verify::{
    AnchorKind, IssuerCheck, IssuerFailure, SignatureLayout, TamperCheck, TamperFailure, Verdict,
    Verification,
};

/// The revocation service's host as seen in the manuals' screenshots. Only the host: the path is
/// not documented, so the shell's configuration supplies the full address (product.md §8).
pub const DEFAULT_REVOCATION_HOST: &str = "ipse-immi.moj.go.jp";

/// Settings the screen depends on that are not decisions of this module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresentConfig {
    pub revocation_host: String,
}

impl Default for PresentConfig {
    fn default() -> Self {
        PresentConfig {
            revocation_host: DEFAULT_REVOCATION_HOST.to_owned(),
        }
    }
}

/// Everything the result screen shows, in drawing order: `title`, `test_anchor_notice` (when set,
/// above everything else so it cannot be missed), `headline`, `indicators`, the `revocation`
/// button, `images`, `sections` in order, and `return_to_top`.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultScreen {
    pub title: Text,
    pub test_anchor_notice: Option<Text>,
    pub headline: Headline,
    /// Always two: the tamper check, then the issuer check.
    pub indicators: Vec<Indicator>,
    pub revocation: RevocationInquiry,
    pub images: Vec<ImageView>,
    pub sections: Vec<Section>,
    pub return_to_top: Text,
}

impl ResultScreen {
    pub fn section(&self, id: SectionId) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadlineKind {
    Normal,
    Abnormal,
    YoungHolder,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Headline {
    pub kind: HeadlineKind,
    pub text: Text,
    pub detail: Option<Text>,
    /// The consultation link on an abnormal card.
    pub action: Option<LinkAction>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkAction {
    pub url: String,
    pub label: Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckKind {
    Tamper,
    Issuer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndicatorState {
    Passed,
    Failed,
    NotChecked,
}

/// One check's outcome. Each indicator shows its own state so the user sees which check failed
/// (product.md §7.2, our decision), and `accessibility` states it in words, never by colour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Indicator {
    pub check: CheckKind,
    pub label: Text,
    pub state: IndicatorState,
    pub status: Text,
    /// Which check ran and why it ended as it did.
    pub detail: Text,
    pub accessibility: Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageSource {
    /// First generation `D0`: the front without background and face.
    FrontImage,
    /// `D1`.
    FaceImage,
    /// Second generation `D0`: the name as an image.
    NameImage,
    /// Second generation `DF D1`: the address as an image.
    AddressImage,
}

/// An image to show. No pixels: the FFI layer hands over the decoded image named by `source`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageView {
    pub source: ImageSource,
    /// The main image is drawn large and opens the zoom viewer when tapped; the face is laid into
    /// the first-generation front's face area (product.md §7.3).
    pub main: bool,
    pub decoded: bool,
    /// Shown in place of the image when it could not be decoded.
    pub placeholder: Option<Text>,
    pub accessibility: Text,
}

/// The "check the validity of the card number" button and what the inquiry page needs.
#[derive(Clone, PartialEq, Eq)]
pub struct RevocationInquiry {
    pub button_label: Text,
    pub url_host: String,
    pub card_number: String,
    /// `YYYY-MM-DD`, when the chip holds the expiry as text (second generation `C5`).
    pub card_expiry: Option<String>,
    /// Set when `card_expiry` is missing: where the user finds it instead.
    pub expiry_hint: Option<Text>,
    /// How to fill in the inquiry page.
    pub instructions: Vec<Text>,
    /// What the result does and does not mean, and when the service is down.
    pub caveats: Vec<Text>,
}

impl fmt::Debug for RevocationInquiry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RevocationInquiry")
            .field("url_host", &self.url_host)
            .field("card_number", &"<redacted>")
            .field(
                "card_expiry",
                &self.card_expiry.as_ref().map(|_| "<redacted>"),
            )
            .finish_non_exhaustive()
    }
}

pub fn result_screen(reading: &Reading) -> ResultScreen {
    result_screen_with(reading, &PresentConfig::default())
}

pub fn result_screen_with(reading: &Reading, config: &PresentConfig) -> ResultScreen {
    let v = &reading.verification;
    let tamper = tamper_indicator(&v.tamper);
    let issuer = issuer_indicator(&v.issuer, v.is_test_anchor());
    ResultScreen {
        title: Text::new("照会結果", "Inquiry result"),
        test_anchor_notice: v.is_test_anchor().then(|| {
            Text::new(
                "テスト用のルート証明書で検証しました。本番の検証結果ではありません。",
                "Verified against a TEST root — not a production pass.",
            )
        }),
        headline: headline(reading),
        indicators: vec![tamper, issuer],
        revocation: revocation(reading, config),
        images: images(reading),
        sections: sections(reading),
        return_to_top: Text::new("トップ画面に戻る", "Return to top"),
    }
}

/// The headline's kind. A failed check always wins, and "normal" needs both checks to have
/// passed, so an inconsistent verdict can never turn into a reassuring headline.
fn headline_kind(v: &Verification) -> HeadlineKind {
    let failed = matches!(v.tamper, TamperCheck::Failed { .. })
        || matches!(v.issuer, IssuerCheck::Failed { .. });
    let both_ok =
        matches!(v.tamper, TamperCheck::Ok { .. }) && matches!(v.issuer, IssuerCheck::Ok { .. });
    match v.verdict {
        _ if failed => HeadlineKind::Abnormal,
        Verdict::Normal if both_ok => HeadlineKind::Normal,
        Verdict::YoungHolder => HeadlineKind::YoungHolder,
        Verdict::Normal | Verdict::Abnormal => HeadlineKind::Abnormal,
    }
}

fn headline(reading: &Reading) -> Headline {
    match headline_kind(&reading.verification) {
        HeadlineKind::Normal => Headline {
            kind: HeadlineKind::Normal,
            text: match reading.card.kind {
                CardKind::ResidenceCard => Text::new(
                    "正常に機能している在留カードです。",
                    "This is a normally functioning residence card.",
                ),
                CardKind::SpecialPermanentResidentCertificate => Text::new(
                    "正常に機能している特別永住者証明書です。",
                    "This is a normally functioning special permanent resident certificate.",
                ),
                CardKind::SpecifiedResidenceCard => Text::new(
                    "正常に機能している特定在留カードです。",
                    "This is a normally functioning specified residence card.",
                ),
                CardKind::SpecifiedSpecialPermanentResidentCertificate => Text::new(
                    "正常に機能している特定特別永住者証明書です。",
                    "This is a normally functioning specified special permanent resident certificate.",
                ),
            },
            detail: None,
            action: None,
        },
        HeadlineKind::Abnormal => Headline {
            kind: HeadlineKind::Abnormal,
            text: Text::new(
                "異常なカードです。カードの故障または偽造の可能性があります。",
                "Abnormal card: it may be damaged or forged.",
            ),
            detail: Some(Text::new(
                "次の相談窓口にご相談ください。",
                "Please consult one of the immigration services offices listed here.",
            )),
            action: Some(LinkAction {
                url: CONSULTATION_URL.to_owned(),
                label: Text::new("相談窓口", "Consultation offices"),
            }),
        },
        HeadlineKind::YoungHolder => Headline {
            kind: HeadlineKind::YoungHolder,
            text: match reading.card.generation {
                Generation::First => Text::new(
                    "16歳未満の方のカードです（ICチップに顔写真と署名がありません）。",
                    "Card of a holder under 16 — no photo and signature on the chip.",
                ),
                Generation::Second => Text::new(
                    "1歳未満の方のカードです（ICチップに顔写真と署名がありません）。",
                    "Card of a holder under 1 year — no photo and signature on the chip.",
                ),
            },
            detail: Some(Text::new(
                "そのため改ざん検証と発行元検証は行えません。改ざんを示すものではありません。",
                "So neither check can run; this does not indicate tampering.",
            )),
            action: None,
        },
    }
}

fn status(state: IndicatorState) -> Text {
    match state {
        IndicatorState::Passed => Text::new("正常", "Passed"),
        IndicatorState::Failed => Text::new("異常", "Failed"),
        IndicatorState::NotChecked => Text::new("未検証", "Not checked"),
    }
}

fn indicator(
    check: CheckKind,
    label: Text,
    state: IndicatorState,
    status: Text,
    detail: Text,
) -> Indicator {
    let accessibility = Text::new(
        format!("{}：{}。{}", label.ja, status.ja, detail.ja),
        format!("{}: {}. {}", label.en, status.en, detail.en),
    );
    Indicator {
        check,
        label,
        state,
        status,
        detail,
        accessibility,
    }
}

fn tamper_indicator(t: &TamperCheck) -> Indicator {
    let (state, detail) = match t {
        TamperCheck::Ok { layout } => (
            IndicatorState::Passed,
            match layout {
                SignatureLayout::RawHash => Text::new(
                    "署名とデータが一致しました（署名形式：ハッシュ値のみ）",
                    "Signature matches the data (signature layout: raw hash)",
                ),
                SignatureLayout::DigestInfo => Text::new(
                    "署名とデータが一致しました（署名形式：DigestInfo）",
                    "Signature matches the data (signature layout: DigestInfo)",
                ),
                SignatureLayout::EcdsaRaw => Text::new(
                    "署名とデータが一致しました（ECDSA P-384、r‖s 形式）",
                    "Signature matches the data (ECDSA P-384, raw r‖s)",
                ),
                SignatureLayout::EcdsaDer => Text::new(
                    "署名とデータが一致しました（ECDSA P-384、DER 形式）",
                    "Signature matches the data (ECDSA P-384, DER)",
                ),
            },
        ),
        TamperCheck::Failed { reason } => (
            IndicatorState::Failed,
            match reason {
                TamperFailure::MissingSignature => Text::new(
                    "署名データがありません（画像はあるのに署名または証明書が欠けています）",
                    "Signature missing: the images are present but the check code or certificate is not",
                ),
                TamperFailure::CertificateUnreadable => {
                    Text::new("カードの証明書を読み取れません", "Card certificate unreadable")
                }
                TamperFailure::UnexpectedKey => Text::new(
                    "証明書の鍵の種類または長さが想定と異なります",
                    "Certificate key has an unexpected type or size",
                ),
                TamperFailure::BadSignature => Text::new(
                    "署名を証明書の鍵で検証できません",
                    "Signature does not decode under the certificate's key",
                ),
                TamperFailure::MissingImage => Text::new(
                    "署名はあるのに署名対象の画像が欠けています",
                    "Signature present but an image it covers is missing",
                ),
                TamperFailure::HashMismatch => Text::new(
                    "データのハッシュ値が署名と一致しません",
                    "Data hash mismatch: the data read does not match the signature",
                ),
            },
        ),
        TamperCheck::Absent => (
            IndicatorState::NotChecked,
            Text::new("ICチップに署名データがありません", "No signature data on the chip"),
        ),
    };
    indicator(
        CheckKind::Tamper,
        Text::new("改ざん検証結果", "Tamper check"),
        state,
        status(state),
        detail,
    )
}

fn issuer_indicator(i: &IssuerCheck, test_anchor: bool) -> Indicator {
    let (state, detail) = match i {
        IssuerCheck::Ok { anchor, validity } => {
            let mut ja = format!(
                "信頼済みルート証明書「{}」による発行を確認しました",
                anchor.label
            );
            let mut en = format!("Issued under the trusted root “{}”", anchor.label);
            if anchor.kind == AnchorKind::Test {
                ja.push_str("（テスト用ルート）");
                en.push_str(" (TEST root)");
            }
            if !validity.card_in_date {
                ja.push_str("。カード証明書は有効期間外です（判定には影響しません）");
                en.push_str("; the card certificate is outside its validity period (does not affect the result)");
            }
            if !validity.anchor_in_date {
                ja.push_str("。ルート証明書は有効期間外です（判定には影響しません）");
                en.push_str("; the root certificate is outside its validity period (does not affect the result)");
            }
            (IndicatorState::Passed, Text::new(ja, en))
        }
        IssuerCheck::Failed { reason } => (
            IndicatorState::Failed,
            match reason {
                IssuerFailure::CertificateUnreadable => Text::new(
                    "カードの証明書を読み取れません",
                    "Card certificate unreadable",
                ),
                IssuerFailure::UnknownIssuer => Text::new(
                    "信頼済みルート証明書から発行された証明書ではありません",
                    "Certificate not issued by a trusted root",
                ),
                IssuerFailure::BadSignature => Text::new(
                    "証明書の署名をルート証明書の鍵で検証できません",
                    "Certificate signature does not verify under the trusted root's key",
                ),
                IssuerFailure::AmbiguousIssuer => Text::new(
                    "複数のルート証明書で検証でき、発行元を一つに特定できません",
                    "More than one trusted root verifies the certificate; the issuer is ambiguous",
                ),
                IssuerFailure::AnchorNotCa => Text::new(
                    "一致したルート証明書が認証局（CA）ではありません",
                    "The matching root is not a certificate authority",
                ),
                IssuerFailure::OutsideAnchorValidity => Text::new(
                    "証明書の有効期間がルート証明書の有効期間と合いません",
                    "The certificate was not issued within its root's validity period",
                ),
            },
        ),
        IssuerCheck::Absent => (
            IndicatorState::NotChecked,
            Text::new("ICチップに証明書がありません", "No certificate on the chip"),
        ),
    };
    let status = if state == IndicatorState::Passed && test_anchor {
        Text::new("正常（テスト用ルート）", "Passed (TEST root)")
    } else {
        status(state)
    };
    indicator(
        CheckKind::Issuer,
        Text::new("発行元検証結果", "Issuer check"),
        state,
        status,
        detail,
    )
}

fn kind_name(kind: CardKind) -> Text {
    match kind {
        CardKind::ResidenceCard => Text::new("在留カード", "residence card"),
        CardKind::SpecialPermanentResidentCertificate => {
            Text::new("特別永住者証明書", "special permanent resident certificate")
        }
        CardKind::SpecifiedResidenceCard => Text::new("特定在留カード", "specified residence card"),
        CardKind::SpecifiedSpecialPermanentResidentCertificate => {
            Text::new("特定特別永住者証明書", "specified special permanent resident certificate")
        }
    }
}

fn images(reading: &Reading) -> Vec<ImageView> {
    let name = kind_name(reading.card.kind);
    let view = |source, main, img: &CardImage| {
        let accessibility = match (source, main) {
            (ImageSource::FrontImage, _) => Text::new(
                format!("{}の券面画像。タップすると拡大します。", name.ja),
                format!("Image of the {}'s front. Tap to enlarge.", name.en),
            ),
            (ImageSource::FaceImage, true) => Text::new(
                "顔写真。タップすると拡大します。",
                "Photo of the holder. Tap to enlarge.",
            ),
            (ImageSource::FaceImage, false) => Text::new("顔写真", "Photo of the holder"),
            (ImageSource::NameImage, _) => Text::new("氏名の画像", "Image of the holder's name"),
            (ImageSource::AddressImage, _) => Text::new("住居地の画像", "Image of the address"),
        };
        let decoded = img.decoded.is_ok();
        ImageView {
            source,
            main,
            decoded,
            placeholder: (!decoded)
                .then(|| Text::new("画像を表示できません", "The image cannot be shown")),
            accessibility,
        }
    };
    let mut out = Vec::new();
    if let Some(front) = &reading.front_image {
        out.push(view(ImageSource::FrontImage, true, front));
    }
    if let Some(face) = &reading.face_image {
        out.push(view(ImageSource::FaceImage, out.is_empty(), face));
    }
    if let Some(name) = &reading.name_image {
        out.push(view(ImageSource::NameImage, false, name));
    }
    if let Some(address) = &reading.address_image {
        out.push(view(ImageSource::AddressImage, false, address));
    }
    out
}

fn card_type_text(code: CardTypeCode) -> Text {
    match code {
        CardTypeCode::Gen1Residence => Text::new(
            "在留カード（第一世代）",
            "Residence card (first generation)",
        ),
        CardTypeCode::Gen1Sprc => Text::new(
            "特別永住者証明書（第一世代）",
            "Special permanent resident certificate (first generation)",
        ),
        CardTypeCode::Gen2Residence => Text::new(
            "在留カード（第二世代）",
            "Residence card (second generation)",
        ),
        CardTypeCode::Gen2Sprc => Text::new(
            "特別永住者証明書（第二世代）",
            "Special permanent resident certificate (second generation)",
        ),
        CardTypeCode::SpecifiedResidence => Text::new("特定在留カード", "Specified residence card"),
        CardTypeCode::SpecifiedSprc => Text::new(
            "特定特別永住者証明書",
            "Specified special permanent resident certificate",
        ),
    }
}

fn sections(reading: &Reading) -> Vec<Section> {
    let mut out = vec![Section {
        id: SectionId::CardData,
        title: Text::new("カード情報", "Card data"),
        notice: None,
        rows: vec![
            Row::new(
                Text::new("カードの種類", "Card type"),
                card_type_text(reading.card.type_code),
                false,
            ),
            Row::new(
                Text::new("在留カード等番号", "Card number"),
                Text::same(reading.card_number.as_str()),
                true,
            ),
            Row::new(
                Text::new("仕様バージョン", "Specification version"),
                match reading.card.spec_version.as_deref().map(str::trim) {
                    Some(v) if !v.is_empty() => Text::same(v),
                    _ => Text::new("不明", "Unknown"),
                },
                false,
            ),
        ],
    }];

    if let Some(p) = &reading.printed {
        out[0].rows.extend(super::gen2::printed_rows(p));
    }

    // The address history lives in DF2/EF01 only on first-generation cards (product.md §7.3).
    if reading.card.generation == Generation::First {
        let mut rows = Vec::new();
        for (i, a) in reading.addresses.iter().enumerate() {
            let entry = Some(u32::try_from(i + 1).unwrap_or(u32::MAX));
            let date = match &a.date {
                Some(d) => date_text(d),
                None if !a.date_raw.trim().is_empty() => Text::same(a.date_raw.trim()),
                None => Text::new("不明", "Unknown"),
            };
            for (label, value) in [
                (Text::new("記載年月日", "Date written"), date),
                (
                    Text::new("市区町村コード", "Municipality code"),
                    Text::same(a.municipality_code.trim()),
                ),
                (
                    Text::new("住居地", "Address"),
                    Text::same(a.address.text.trim()),
                ),
            ] {
                rows.push(Row {
                    label,
                    value,
                    personal: true,
                    entry,
                });
            }
        }
        if rows.is_empty() {
            rows.push(Row::new(
                Text::new("住居地", "Address"),
                Text::new("記載なし", "No entry"),
                false,
            ));
        }
        out.push(Section {
            id: SectionId::Address,
            title: Text::new("住居地", "Address"),
            notice: Some(Text::new(
                "2026年6月14日（令和8年6月14日）より前に行われた住居地の変更は表示されません。",
                "Address changes made before 2026-06-14 are not shown.",
            )),
            rows,
        });
    }

    if reading.card.kind.is_residence_card() {
        if let Some(section) = reading.gen2_permissions.as_ref().and_then(super::gen2::permission_section) {
            out.push(section);
        }
        if let Some(p) = &reading.permissions {
            let rows = gen1_permission_rows(p);
            if !rows.is_empty() {
                out.push(Section {
                    id: SectionId::Permission,
                    title: permission_title(),
                    notice: None,
                    rows,
                });
            }
        }
        if reading.extension_application == Some(true) {
            out.push(Section {
                id: SectionId::ExtensionApplication,
                title: Text::new(
                    "在留期間更新等許可申請",
                    "Application for extension or change of status",
                ),
                notice: None,
                rows: vec![Row::new(
                    Text::new("申請状況", "Status"),
                    pending_text(),
                    true,
                )],
            });
        }
    }
    if let Some(section) = reading.gen2_other.as_ref().and_then(super::gen2::other_section) {
        out.push(section);
    }
    out
}

fn revocation(reading: &Reading, config: &PresentConfig) -> RevocationInquiry {
    RevocationInquiry {
        button_label: Text::new(
            "在留カード等番号の有効性を確認します",
            "Check the validity of the card number",
        ),
        url_host: config.revocation_host.clone(),
        card_number: reading.card_number.as_str().to_owned(),
        // Second generation: `C5`. The first-generation chip holds the expiry only inside the
        // front image, so the user reads it off the card.
        card_expiry: reading.printed.as_ref().and_then(|p| p.card_expiry).map(|d| d.iso()),
        expiry_hint: reading
            .printed
            .as_ref()
            .and_then(|p| p.card_expiry)
            .is_none()
            .then(|| Text::new("有効期間は券面で確認してください", "Read the expiry date on the card")),
        instructions: vec![
            Text::new(
                "在留カード等番号の英字は半角の大文字で入力してください。",
                "Enter the letters of the card number as half-width capitals.",
            ),
            Text::new(
                "有効期間は年・月・日をそれぞれ半角数字で入力し、月と日が1桁のときは前に0を付けてください（例：2012年7月9日 → 2012・07・09）。",
                "Enter the expiry date as year, month and day in half-width digits, with a leading zero for one-digit months and days (e.g. 9 July 2012 → 2012, 07, 09).",
            ),
            Text::new(
                "入力内容に誤りがないか確認してから「問合せ」を押してください。",
                "Check what you entered, then press the inquiry (問合せ) button.",
            ),
        ],
        caveats: vec![
            Text::new(
                "「失効していません」と表示されても、カードが本物であることの証明にはなりません。実在する番号を使った偽造カードもあるため、券面の偽造防止対策も確認してください。",
                "A \"not revoked\" result does not prove the card is genuine: forged cards can carry real numbers, so also check the card's anti-forgery features.",
            ),
            Text::new(
                "照会サービスは毎日20時から23時まで利用できません。",
                "The inquiry service is unavailable every day from 20:00 to 23:00.",
            ),
            Text::new(
                "「有効ではありません」と表示された場合、交付直後のカード、最新ではないカード、文字の全角・半角の違い、汚れによる読み違いの可能性もあります。",
                "A \"not valid\" result can also mean a very new card, a card that is not the latest one, the wrong character width, or a misread of a dirty card.",
            ),
        ],
    }
}
