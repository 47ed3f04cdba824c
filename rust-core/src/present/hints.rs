//! Number entry (product.md §3), live feedback on the number field, and the reading screen's
//! progress and hold-the-card texts (§6).

use std::fmt;

use super::text::Text;
use crate::number::{check, NumberError};
use crate::transport::ReadStep;

/// A tappable control: what it says and what a screen reader says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Button {
    pub label: Text,
    pub accessibility: Text,
}

fn button(label: Text, accessibility: Text) -> Button {
    Button {
        label,
        accessibility,
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberEntryScreen {
    pub title: Text,
    pub subtitle: Text,
    pub step1_prompt: Text,
    pub hint: Text,
    pub camera_button: Button,
    pub help_button: Button,
    pub clear_button: Button,
    pub next_button: Button,
    /// Shown on the camera screen while scanning.
    pub camera_guidance: Text,
    /// Shown after a scan filled the field: OCR can misread, so the user must compare.
    pub scan_confirmation: Text,
}

pub fn number_entry() -> NumberEntryScreen {
    NumberEntryScreen {
        title: Text::new("登録情報の照会", "Registration information inquiry"),
        subtitle: Text::new(
            "在留カード等の登録情報を確認します",
            "Check the registered information of a residence card or special permanent resident certificate",
        ),
        step1_prompt: Text::new(
            "STEP 1　在留カード等番号を入力してください",
            "STEP 1  Enter the card number",
        ),
        hint: Text::new("半角英大文字数字12桁", "12 half-width upper-case letters and digits"),
        camera_button: button(
            Text::new("カメラで読み取る", "Scan with camera"),
            Text::new("カメラで在留カード等番号を読み取ります", "Scan the card number with the camera"),
        ),
        help_button: button(
            Text::same("?"),
            Text::new("在留カード等番号の位置を表示します", "Show where the card number is printed"),
        ),
        clear_button: button(Text::same("×"), Text::new("入力を消去します", "Clear the field")),
        next_button: button(
            Text::new("次に進む", "Next"),
            Text::new("カードの読み取りに進みます", "Go on to reading the card"),
        ),
        camera_guidance: Text::new(
            "カードの表面を枠に合わせてください。英数字に光が反射しないようにしてください。",
            "Fit the front of the card into the frame, keeping glare off the letters and digits.",
        ),
        scan_confirmation: Text::new(
            "読み取った番号がカードの番号と同じか確認してください。違う場合は読み取り直すか、手で修正してください。",
            "Check that the number read matches the card. If it differs, scan again or correct it by hand.",
        ),
    }
}

/// The number field after one edit.
#[derive(Clone, PartialEq, Eq)]
pub struct NumberFeedback {
    /// What the field should display: half-width upper case, separators dropped.
    pub normalized: String,
    pub valid: bool,
    pub error: Option<Text>,
    /// 1-based character to highlight for `error`.
    pub error_position: Option<u32>,
    /// A first-generation layout mismatch; informs without blocking.
    pub warning: Option<Text>,
    /// Whether "next" is enabled.
    pub can_proceed: bool,
}

impl fmt::Debug for NumberFeedback {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NumberFeedback")
            .field("normalized", &"<redacted>")
            .field("valid", &self.valid)
            .field("error", &self.error)
            .field("error_position", &self.error_position)
            .field("warning", &self.warning)
            .field("can_proceed", &self.can_proceed)
            .finish()
    }
}

/// Feedback for the number field. An untouched (empty) field shows no error — scolding before
/// the user has typed helps no one — but "next" stays disabled. A layout warning never blocks:
/// second-generation numbers are not documented (product.md §3).
pub fn number_feedback(input: &str) -> NumberFeedback {
    let c = check(input);
    let error = match &c.result {
        Err(NumberError::Empty) | Ok(_) => None,
        Err(e) => Some(Text::new(e.message_ja(), e.message_en())),
    };
    let error_position = c
        .result
        .as_ref()
        .err()
        .and_then(NumberError::position)
        .map(|p| u32::try_from(p).unwrap_or(u32::MAX));
    let warning = c.warning.as_ref().map(|w| {
        Text::new(
            format!(
                "第一世代の番号の形式（英字2桁・数字8桁・英字2桁）と異なります：{}。カードの番号と同じであれば、このまま進めます。",
                w.message_ja()
            ),
            format!(
                "This differs from the first-generation layout (2 letters, 8 digits, 2 letters): {}. If it matches the card, you can go on.",
                w.message_en()
            ),
        )
    });
    let valid = c.is_valid();
    NumberFeedback {
        normalized: c.normalized.as_str().to_owned(),
        valid,
        error,
        error_position,
        warning,
        can_proceed: valid,
    }
}

/// Progress text for each step of a read (product.md §12: show what is happening).
pub fn step_text(step: ReadStep) -> Text {
    match step {
        ReadStep::DetectingCard => Text::new("カードを探しています…", "Looking for the card…"),
        ReadStep::Authenticating => {
            Text::new("カードを認証しています…", "Authenticating with the card…")
        }
        ReadStep::ReadingCardData => Text::new("カードを読み取っています…", "Reading the card…"),
        ReadStep::ReadingFrontImage => Text::new(
            "券面画像を読み取っています…",
            "Reading the card face image…",
        ),
        ReadStep::ReadingFaceImage => Text::new("顔写真を読み取っています…", "Reading the photo…"),
        ReadStep::ReadingAddress => Text::new("住居地を読み取っています…", "Reading the address…"),
        ReadStep::ReadingPermissions => Text::new(
            "資格外活動許可を読み取っています…",
            "Reading the permissions…",
        ),
        ReadStep::ReadingSignature => {
            Text::new("署名を読み取っています…", "Reading the signature…")
        }
        ReadStep::Verifying => Text::new("検証しています…", "Verifying…"),
        ReadStep::Done => Text::new("読み取りが完了しました", "Reading complete"),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    Android,
    Ios,
    Desktop,
}

/// The reading screen's instructions before and during a read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoldInstructions {
    pub title: Text,
    pub steps: Vec<Text>,
    /// iOS and desktop start with a button; Android starts when the card is detected.
    pub start_button: Option<Text>,
}

pub fn hold_instructions(platform: Platform) -> HoldInstructions {
    let keep_still = Text::new(
        "結果が表示されるまでカードを動かさないでください。",
        "Do not move the card until the result appears.",
    );
    let no_metal = Text::new(
        "金属製の机などの上では正しく読み取れないことがあります。",
        "Reading may fail on metal desks or other metal surfaces.",
    );
    let (steps, start_button) = match platform {
        Platform::Android => (
            vec![
                Text::new(
                    "スマートフォン背面の読み取り位置（NFCマーク）にカードを当ててください。",
                    "Place the card on the reading spot (NFC mark) on the back of the phone.",
                ),
                Text::new(
                    "カードを検出すると自動で読み取りを開始します。",
                    "Reading starts automatically when the card is detected.",
                ),
                keep_still,
                no_metal,
            ],
            None,
        ),
        Platform::Ios => (
            vec![
                Text::new(
                    "iPhone背面の上部（NFCの読み取り位置）にカードを当ててください。",
                    "Hold the card against the top of the back of the iPhone, where NFC reads.",
                ),
                Text::new("「読み取り開始」を押してください。", "Press Start reading."),
                keep_still,
                no_metal,
            ],
            Some(Text::new("読み取り開始", "Start reading")),
        ),
        Platform::Desktop => (
            vec![
                Text::new(
                    "カードをカードリーダーに置いてから「カード読み取り開始」を押してください。",
                    "Place the card on the card reader, then press Start reading the card.",
                ),
                keep_still,
                no_metal,
            ],
            Some(Text::new("カード読み取り開始", "Start reading the card")),
        ),
    };
    HoldInstructions {
        title: Text::new("カードの読み取り", "Reading the card"),
        steps,
        start_button,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn present_number_entry_labels() {
        let s = number_entry();
        assert_eq!(
            s.title,
            Text::new("登録情報の照会", "Registration information inquiry")
        );
        assert_eq!(
            s.hint,
            Text::new(
                "半角英大文字数字12桁",
                "12 half-width upper-case letters and digits"
            )
        );
        assert_eq!(s.next_button.label, Text::new("次に進む", "Next"));
        assert_eq!(s.help_button.label.ja, "?");
        assert_eq!(s.camera_button.label.en, "Scan with camera");
    }

    #[test]
    fn present_number_feedback_valid() {
        let f = number_feedback("ａｂ-1234 5678-cd");
        assert_eq!(f.normalized, "AB12345678CD");
        assert!(f.valid && f.can_proceed);
        assert_eq!(f.error, None);
        assert_eq!(f.warning, None);
        assert_eq!(f.error_position, None);
        assert!(!format!("{f:?}").contains("AB12"));
    }

    #[test]
    fn present_number_feedback_invalid_position() {
        let f = number_feedback("AB12#45678CD");
        assert!(!f.valid && !f.can_proceed);
        assert_eq!(
            f.error,
            Some(Text::new(
                "5文字目に使えない文字があります（英字と数字のみ）",
                "Character 5 must be a letter A-Z or a digit 0-9"
            ))
        );
        assert_eq!(f.error_position, Some(5));
        let f = number_feedback("AB123");
        assert_eq!(
            f.error.map(|e| e.en),
            Some("The card number has 12 characters, only 5 entered".to_owned())
        );
        assert!(!f.can_proceed);
    }

    #[test]
    fn present_number_feedback_empty_is_quiet() {
        let f = number_feedback("  ");
        assert_eq!(f.normalized, "");
        assert!(!f.valid && !f.can_proceed);
        assert_eq!(f.error, None);
    }

    #[test]
    fn present_number_feedback_pattern_warning_does_not_block() {
        let f = number_feedback("123456789012");
        assert!(f.valid && f.can_proceed);
        assert_eq!(f.error, None);
        assert_eq!(
            f.warning,
            Some(Text::new(
                "第一世代の番号の形式（英字2桁・数字8桁・英字2桁）と異なります：1文字目は英字です。カードの番号と同じであれば、このまま進めます。",
                "This differs from the first-generation layout (2 letters, 8 digits, 2 letters): Character 1 must be a letter. If it matches the card, you can go on."
            ))
        );
    }

    #[test]
    fn present_step_texts() {
        assert_eq!(
            step_text(ReadStep::ReadingCardData),
            Text::new("カードを読み取っています…", "Reading the card…")
        );
        assert_eq!(
            step_text(ReadStep::Authenticating).en,
            "Authenticating with the card…"
        );
        assert_eq!(step_text(ReadStep::Verifying).ja, "検証しています…");
        assert_eq!(
            step_text(ReadStep::ReadingFrontImage).en,
            "Reading the card face image…"
        );
    }

    #[test]
    fn present_hold_instructions() {
        let a = hold_instructions(Platform::Android);
        assert_eq!(a.start_button, None);
        assert_eq!(
            a.steps[0].en,
            "Place the card on the reading spot (NFC mark) on the back of the phone."
        );
        assert!(a
            .steps
            .iter()
            .any(|s| s.en == "Reading may fail on metal desks or other metal surfaces."));
        assert!(a
            .steps
            .iter()
            .any(|s| s.en == "Do not move the card until the result appears."));
        let i = hold_instructions(Platform::Ios);
        assert_eq!(
            i.start_button,
            Some(Text::new("読み取り開始", "Start reading"))
        );
        assert_eq!(
            i.steps[0].ja,
            "iPhone背面の上部（NFCの読み取り位置）にカードを当ててください。"
        );
        assert!(i
            .steps
            .iter()
            .any(|s| s.ja == "金属製の机などの上では正しく読み取れないことがあります。"));
        let d = hold_instructions(Platform::Desktop);
        assert_eq!(
            d.start_button.map(|b| b.ja),
            Some("カード読み取り開始".to_owned())
        );
    }
}
