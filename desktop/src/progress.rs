//! The terminal progress bar, fed by the core's [`ProgressListener`]. It is drawn on stderr and
//! only when stderr is a terminal and no JSON was asked for, so piped output stays clean.

use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use zairyu_core::{ProgressListener, ReadStep};

/// Step names in both languages, as the official apps label everything.
pub fn step_label(step: ReadStep) -> &'static str {
    match step {
        ReadStep::DetectingCard => "カードを確認中 / Detecting the card",
        ReadStep::Authenticating => "認証中 / Authenticating",
        ReadStep::ReadingCardData => "カード情報を読み取り中 / Reading card data",
        ReadStep::ReadingFrontImage => "券面画像を読み取り中 / Reading the front image",
        ReadStep::ReadingFaceImage => "顔写真を読み取り中 / Reading the photo",
        ReadStep::ReadingAddress => "住居地を読み取り中 / Reading the address",
        ReadStep::ReadingPermissions => "資格外活動許可を読み取り中 / Reading permissions",
        ReadStep::ReadingSignature => "署名を読み取り中 / Reading the signature",
        ReadStep::Verifying => "検証中 / Verifying",
        ReadStep::Done => "完了 / Done",
    }
}

pub struct Bar {
    bar: Option<ProgressBar>,
}

impl Bar {
    pub fn new(enabled: bool) -> Bar {
        if !enabled {
            return Bar { bar: None };
        }
        let bar = ProgressBar::with_draw_target(Some(1000), ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template("{spinner} [{bar:30}] {percent:>3}% {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        bar.set_style(style);
        bar.enable_steady_tick(Duration::from_millis(120));
        Bar { bar: Some(bar) }
    }

    /// Whether a bar belongs on this stderr at all.
    pub fn wanted(json: bool) -> bool {
        use std::io::IsTerminal;
        !json && std::io::stderr().is_terminal()
    }

    /// Removes the bar before the result is printed.
    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }

    pub fn note(&self, line: &str) {
        match &self.bar {
            Some(b) => b.println(line),
            None => eprintln!("{line}"),
        }
    }
}

impl ProgressListener for Bar {
    fn on_progress(&self, step: ReadStep, fraction: f32) {
        if let Some(b) = &self.bar {
            b.set_position((fraction.clamp(0.0, 1.0) * 1000.0) as u64);
            b.set_message(step_label(step));
        }
    }
}
