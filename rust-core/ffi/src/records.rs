//! Mirrors of the presentation model ([`zairyu_core::present`]) and of the few core enums the shells
//! see, as UniFFI records and enums. Each conversion destructures the core type completely, so a
//! field added to the core (the second-generation sections, for instance) fails to compile here
//! until the mirror carries it too: the FFI can never silently drop part of a screen.

use zairyu_core::present as p;
use zairyu_core::session::WireStats as CoreWireStats;
use zairyu_core::transport::ReadStep as CoreReadStep;
use zairyu_core::verify::Verdict as CoreVerdict;

fn list<A, B: From<A>>(v: Vec<A>) -> Vec<B> {
    v.into_iter().map(B::from).collect()
}

/// One piece of user-facing text in both languages; both are always filled.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Text {
    pub ja: String,
    pub en: String,
}

impl From<p::Text> for Text {
    fn from(t: p::Text) -> Self {
        let p::Text { ja, en } = t;
        Text { ja, en }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum SectionId {
    CardData,
    Address,
    Permission,
    ExtensionApplication,
    WorkRestriction,
    /// Second generation: the Commissioner's record and reserved text.
    Other,
}

impl From<p::SectionId> for SectionId {
    fn from(s: p::SectionId) -> Self {
        match s {
            p::SectionId::CardData => SectionId::CardData,
            p::SectionId::Address => SectionId::Address,
            p::SectionId::Permission => SectionId::Permission,
            p::SectionId::ExtensionApplication => SectionId::ExtensionApplication,
            p::SectionId::WorkRestriction => SectionId::WorkRestriction,
            p::SectionId::Other => SectionId::Other,
        }
    }
}

/// One labelled value; `personal` marks card contents (hide in screenshots and logs).
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
pub struct Row {
    pub label: Text,
    pub value: Text,
    pub personal: bool,
    /// 1-based entry number when a section lists several records (address history).
    pub entry: Option<u32>,
}

impl std::fmt::Debug for Row {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let value: &dyn std::fmt::Debug = if self.personal { &"<redacted>" } else { &self.value };
        f.debug_struct("Row").field("label", &self.label.en).field("value", value).finish_non_exhaustive()
    }
}

impl From<p::Row> for Row {
    fn from(r: p::Row) -> Self {
        let p::Row { label, value, personal, entry } = r;
        Row { label: label.into(), value: value.into(), personal, entry }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Section {
    pub id: SectionId,
    pub title: Text,
    pub notice: Option<Text>,
    pub rows: Vec<Row>,
}

impl From<p::Section> for Section {
    fn from(s: p::Section) -> Self {
        let p::Section { id, title, notice, rows } = s;
        Section { id: id.into(), title: title.into(), notice: notice.map(Into::into), rows: list(rows) }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum HeadlineKind {
    Normal,
    Abnormal,
    YoungHolder,
}

impl From<p::HeadlineKind> for HeadlineKind {
    fn from(k: p::HeadlineKind) -> Self {
        match k {
            p::HeadlineKind::Normal => HeadlineKind::Normal,
            p::HeadlineKind::Abnormal => HeadlineKind::Abnormal,
            p::HeadlineKind::YoungHolder => HeadlineKind::YoungHolder,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct LinkAction {
    pub url: String,
    pub label: Text,
}

impl From<p::LinkAction> for LinkAction {
    fn from(a: p::LinkAction) -> Self {
        let p::LinkAction { url, label } = a;
        LinkAction { url, label: label.into() }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Headline {
    pub kind: HeadlineKind,
    pub text: Text,
    pub detail: Option<Text>,
    pub action: Option<LinkAction>,
}

impl From<p::Headline> for Headline {
    fn from(h: p::Headline) -> Self {
        let p::Headline { kind, text, detail, action } = h;
        Headline { kind: kind.into(), text: text.into(), detail: detail.map(Into::into), action: action.map(Into::into) }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum CheckKind {
    Tamper,
    Issuer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum IndicatorState {
    Passed,
    Failed,
    NotChecked,
}

/// One check's outcome; `accessibility` states it in words for TalkBack/VoiceOver.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Indicator {
    pub check: CheckKind,
    pub label: Text,
    pub state: IndicatorState,
    pub status: Text,
    pub detail: Text,
    pub accessibility: Text,
}

impl From<p::Indicator> for Indicator {
    fn from(i: p::Indicator) -> Self {
        let p::Indicator { check, label, state, status, detail, accessibility } = i;
        Indicator {
            check: match check {
                p::CheckKind::Tamper => CheckKind::Tamper,
                p::CheckKind::Issuer => CheckKind::Issuer,
            },
            label: label.into(),
            state: match state {
                p::IndicatorState::Passed => IndicatorState::Passed,
                p::IndicatorState::Failed => IndicatorState::Failed,
                p::IndicatorState::NotChecked => IndicatorState::NotChecked,
            },
            status: status.into(),
            detail: detail.into(),
            accessibility: accessibility.into(),
        }
    }
}

/// Which chip image; pass it to `card_image_png` to get the pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum ImageSource {
    /// First generation: the front without background and face.
    FrontImage,
    FaceImage,
    /// Second generation: the name as an image.
    NameImage,
    /// Second generation: the address as an image.
    AddressImage,
}

impl From<p::ImageSource> for ImageSource {
    fn from(s: p::ImageSource) -> Self {
        match s {
            p::ImageSource::FrontImage => ImageSource::FrontImage,
            p::ImageSource::FaceImage => ImageSource::FaceImage,
            p::ImageSource::NameImage => ImageSource::NameImage,
            p::ImageSource::AddressImage => ImageSource::AddressImage,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ImageView {
    pub source: ImageSource,
    pub main: bool,
    pub decoded: bool,
    pub placeholder: Option<Text>,
    pub accessibility: Text,
}

impl From<p::ImageView> for ImageView {
    fn from(v: p::ImageView) -> Self {
        let p::ImageView { source, main, decoded, placeholder, accessibility } = v;
        ImageView {
            source: source.into(),
            main,
            decoded,
            placeholder: placeholder.map(Into::into),
            accessibility: accessibility.into(),
        }
    }
}

/// The "check the validity of the card number" button and what the inquiry page needs. Holds
/// the card number: keep it out of logs.
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
pub struct RevocationInquiry {
    pub button_label: Text,
    pub url_host: String,
    pub card_number: String,
    pub card_expiry: Option<String>,
    pub expiry_hint: Option<Text>,
    pub instructions: Vec<Text>,
    pub caveats: Vec<Text>,
}

impl std::fmt::Debug for RevocationInquiry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RevocationInquiry").field("url_host", &self.url_host).finish_non_exhaustive()
    }
}

impl From<p::RevocationInquiry> for RevocationInquiry {
    fn from(r: p::RevocationInquiry) -> Self {
        let p::RevocationInquiry {
            button_label,
            url_host,
            card_number,
            card_expiry,
            expiry_hint,
            instructions,
            caveats,
        } = r;
        RevocationInquiry {
            button_label: button_label.into(),
            url_host,
            card_number,
            card_expiry,
            expiry_hint: expiry_hint.map(Into::into),
            instructions: list(instructions),
            caveats: list(caveats),
        }
    }
}

/// Everything the result screen shows, in drawing order (see `present::ResultScreen`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ResultScreen {
    pub title: Text,
    pub test_anchor_notice: Option<Text>,
    pub headline: Headline,
    pub indicators: Vec<Indicator>,
    pub revocation: RevocationInquiry,
    pub images: Vec<ImageView>,
    pub sections: Vec<Section>,
    pub return_to_top: Text,
}

impl From<p::ResultScreen> for ResultScreen {
    fn from(s: p::ResultScreen) -> Self {
        let p::ResultScreen {
            title,
            test_anchor_notice,
            headline,
            indicators,
            revocation,
            images,
            sections,
            return_to_top,
        } = s;
        ResultScreen {
            title: title.into(),
            test_anchor_notice: test_anchor_notice.map(Into::into),
            headline: headline.into(),
            indicators: list(indicators),
            revocation: revocation.into(),
            images: list(images),
            sections: list(sections),
            return_to_top: return_to_top.into(),
        }
    }
}

/// A button of an error dialog, in display order.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum ErrorAction {
    Retry,
    ReEnterNumber,
    OpenNfcSettings,
    OpenAppSettings,
    OpenUrl { url: String, label: Text },
    ReturnToTop,
    Close,
}

impl From<p::ErrorAction> for ErrorAction {
    fn from(a: p::ErrorAction) -> Self {
        match a {
            p::ErrorAction::Retry => ErrorAction::Retry,
            p::ErrorAction::ReEnterNumber => ErrorAction::ReEnterNumber,
            p::ErrorAction::OpenNfcSettings => ErrorAction::OpenNfcSettings,
            p::ErrorAction::OpenAppSettings => ErrorAction::OpenAppSettings,
            p::ErrorAction::OpenUrl { url, label } => ErrorAction::OpenUrl { url, label: label.into() },
            p::ErrorAction::ReturnToTop => ErrorAction::ReturnToTop,
            p::ErrorAction::Close => ErrorAction::Close,
        }
    }
}

/// An error dialog from the catalogue: never contains card data.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ErrorInfo {
    pub code: String,
    pub title: Text,
    pub message: Text,
    pub tips: Vec<Text>,
    pub actions: Vec<ErrorAction>,
    /// False when nothing is shown (the user cancelled).
    pub dialog: bool,
    pub returns_to_start: bool,
}

impl From<p::ErrorInfo> for ErrorInfo {
    fn from(e: p::ErrorInfo) -> Self {
        let p::ErrorInfo { code, title, message, tips, actions, dialog, returns_to_start } = e;
        ErrorInfo {
            code,
            title: title.into(),
            message: message.into(),
            tips: list(tips),
            actions: list(actions),
            dialog,
            returns_to_start,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Button {
    pub label: Text,
    pub accessibility: Text,
}

impl From<p::Button> for Button {
    fn from(b: p::Button) -> Self {
        let p::Button { label, accessibility } = b;
        Button { label: label.into(), accessibility: accessibility.into() }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct NumberEntryScreen {
    pub title: Text,
    pub subtitle: Text,
    pub step1_prompt: Text,
    pub hint: Text,
    pub camera_button: Button,
    pub help_button: Button,
    pub clear_button: Button,
    pub next_button: Button,
    pub camera_guidance: Text,
    pub scan_confirmation: Text,
}

impl From<p::NumberEntryScreen> for NumberEntryScreen {
    fn from(s: p::NumberEntryScreen) -> Self {
        let p::NumberEntryScreen {
            title,
            subtitle,
            step1_prompt,
            hint,
            camera_button,
            help_button,
            clear_button,
            next_button,
            camera_guidance,
            scan_confirmation,
        } = s;
        NumberEntryScreen {
            title: title.into(),
            subtitle: subtitle.into(),
            step1_prompt: step1_prompt.into(),
            hint: hint.into(),
            camera_button: camera_button.into(),
            help_button: help_button.into(),
            clear_button: clear_button.into(),
            next_button: next_button.into(),
            camera_guidance: camera_guidance.into(),
            scan_confirmation: scan_confirmation.into(),
        }
    }
}

/// The number field after one edit. `normalized` is the number: keep it out of logs.
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
pub struct NumberFeedback {
    pub normalized: String,
    pub valid: bool,
    pub error: Option<Text>,
    /// 1-based character to highlight for `error`.
    pub error_position: Option<u32>,
    pub warning: Option<Text>,
    pub can_proceed: bool,
}

impl std::fmt::Debug for NumberFeedback {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NumberFeedback")
            .field("valid", &self.valid)
            .field("error_position", &self.error_position)
            .field("can_proceed", &self.can_proceed)
            .finish_non_exhaustive()
    }
}

impl From<p::NumberFeedback> for NumberFeedback {
    fn from(f: p::NumberFeedback) -> Self {
        let p::NumberFeedback { normalized, valid, error, error_position, warning, can_proceed } = f;
        NumberFeedback {
            normalized,
            valid,
            error: error.map(Into::into),
            error_position,
            warning: warning.map(Into::into),
            can_proceed,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CarouselPage {
    /// Names the drawing both shells bundle.
    pub illustration_id: String,
    pub title: Text,
    pub caption: Text,
    pub accessibility: Text,
}

impl From<p::CarouselPage> for CarouselPage {
    fn from(c: p::CarouselPage) -> Self {
        let p::CarouselPage { illustration_id, title, caption, accessibility } = c;
        CarouselPage { illustration_id, title: title.into(), caption: caption.into(), accessibility: accessibility.into() }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Carousel {
    pub title: Text,
    pub pages: Vec<CarouselPage>,
    pub close_button: Text,
    pub close_icon_accessibility: Text,
}

impl From<p::Carousel> for Carousel {
    fn from(c: p::Carousel) -> Self {
        let p::Carousel { title, pages, close_button, close_icon_accessibility } = c;
        Carousel {
            title: title.into(),
            pages: list(pages),
            close_button: close_button.into(),
            close_icon_accessibility: close_icon_accessibility.into(),
        }
    }
}

/// What a carousel gesture did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum CarouselEvent {
    /// Now showing this 0-based page.
    Moved { page: u32 },
    Unchanged,
    /// Close the help and return to number entry.
    Closed,
}

impl From<p::CarouselEvent> for CarouselEvent {
    fn from(e: p::CarouselEvent) -> Self {
        match e {
            p::CarouselEvent::Moved { page } => CarouselEvent::Moved { page },
            p::CarouselEvent::Unchanged => CarouselEvent::Unchanged,
            p::CarouselEvent::Closed => CarouselEvent::Closed,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum CarouselGesture {
    SwipeLeft,
    SwipeRight,
    CloseIcon,
    CloseButton,
    Back,
}

impl From<CarouselGesture> for p::CarouselGesture {
    fn from(g: CarouselGesture) -> Self {
        match g {
            CarouselGesture::SwipeLeft => p::CarouselGesture::SwipeLeft,
            CarouselGesture::SwipeRight => p::CarouselGesture::SwipeRight,
            CarouselGesture::CloseIcon => p::CarouselGesture::CloseIcon,
            CarouselGesture::CloseButton => p::CarouselGesture::CloseButton,
            CarouselGesture::Back => p::CarouselGesture::Back,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum Platform {
    Android,
    Ios,
    Desktop,
}

impl From<Platform> for p::Platform {
    fn from(pl: Platform) -> Self {
        match pl {
            Platform::Android => p::Platform::Android,
            Platform::Ios => p::Platform::Ios,
            Platform::Desktop => p::Platform::Desktop,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct HoldInstructions {
    pub title: Text,
    pub steps: Vec<Text>,
    /// iOS and desktop start with a button; Android starts when the card is detected.
    pub start_button: Option<Text>,
}

impl From<p::HoldInstructions> for HoldInstructions {
    fn from(h: p::HoldInstructions) -> Self {
        let p::HoldInstructions { title, steps, start_button } = h;
        HoldInstructions { title: title.into(), steps: list(steps), start_button: start_button.map(Into::into) }
    }
}

/// The steps of a read, in order, as progress reports name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum ReadStep {
    DetectingCard,
    Authenticating,
    ReadingCardData,
    ReadingFrontImage,
    ReadingFaceImage,
    ReadingAddress,
    ReadingPermissions,
    ReadingSignature,
    Verifying,
    Done,
}

impl From<CoreReadStep> for ReadStep {
    fn from(s: CoreReadStep) -> Self {
        match s {
            CoreReadStep::DetectingCard => ReadStep::DetectingCard,
            CoreReadStep::Authenticating => ReadStep::Authenticating,
            CoreReadStep::ReadingCardData => ReadStep::ReadingCardData,
            CoreReadStep::ReadingFrontImage => ReadStep::ReadingFrontImage,
            CoreReadStep::ReadingFaceImage => ReadStep::ReadingFaceImage,
            CoreReadStep::ReadingAddress => ReadStep::ReadingAddress,
            CoreReadStep::ReadingPermissions => ReadStep::ReadingPermissions,
            CoreReadStep::ReadingSignature => ReadStep::ReadingSignature,
            CoreReadStep::Verifying => ReadStep::Verifying,
            CoreReadStep::Done => ReadStep::Done,
        }
    }
}

impl From<ReadStep> for CoreReadStep {
    fn from(s: ReadStep) -> Self {
        match s {
            ReadStep::DetectingCard => CoreReadStep::DetectingCard,
            ReadStep::Authenticating => CoreReadStep::Authenticating,
            ReadStep::ReadingCardData => CoreReadStep::ReadingCardData,
            ReadStep::ReadingFrontImage => CoreReadStep::ReadingFrontImage,
            ReadStep::ReadingFaceImage => CoreReadStep::ReadingFaceImage,
            ReadStep::ReadingAddress => CoreReadStep::ReadingAddress,
            ReadStep::ReadingPermissions => CoreReadStep::ReadingPermissions,
            ReadStep::ReadingSignature => CoreReadStep::ReadingSignature,
            ReadStep::Verifying => CoreReadStep::Verifying,
            ReadStep::Done => CoreReadStep::Done,
        }
    }
}

/// The verification verdict, for code that must branch on it without reading texts (tests, demo
/// mode); screens draw the headline instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum Verdict {
    Normal,
    Abnormal,
    YoungHolder,
}

impl From<CoreVerdict> for Verdict {
    fn from(v: CoreVerdict) -> Self {
        match v {
            CoreVerdict::Normal => Verdict::Normal,
            CoreVerdict::Abnormal => Verdict::Abnormal,
            CoreVerdict::YoungHolder => Verdict::YoungHolder,
        }
    }
}

/// What a read cost on the wire; no content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct WireStats {
    pub apdus: u64,
    pub bytes_sent: u64,
    pub bytes_received: u64,
    pub extended_length: bool,
}

impl From<CoreWireStats> for WireStats {
    fn from(w: CoreWireStats) -> Self {
        let CoreWireStats { apdus, bytes_sent, bytes_received, extended_length } = w;
        WireStats {
            apdus: apdus as u64,
            bytes_sent: bytes_sent as u64,
            bytes_received: bytes_received as u64,
            extended_length,
        }
    }
}
