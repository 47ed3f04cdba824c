//! The screens' fixed content and their small state machines, from [`zairyu_core::present`]. Both
//! shells drive the same objects, so a gesture behaves identically on Android and iOS.

use std::sync::{Mutex, MutexGuard};

use crate::errors::ZairyuError;
use crate::guard;
use crate::records::{
    Carousel, CarouselEvent, CarouselGesture, ErrorInfo, HoldInstructions, NumberEntryScreen,
    NumberFeedback, Platform, ReadStep, Text,
};
use zairyu_core::present as p;

/// The number-entry screen's labels.
#[uniffi::export]
pub fn number_entry() -> Result<NumberEntryScreen, ZairyuError> {
    guard(|| Ok(p::number_entry().into()))
}

/// Validates and normalises what the user typed, after every edit: the text to display, whether
/// "next" is enabled, and the error or warning to show (ja/en).
#[uniffi::export]
pub fn number_feedback(input: String) -> Result<NumberFeedback, ZairyuError> {
    guard(|| Ok(p::number_feedback(&input).into()))
}

/// The dialog for any error code, including the shells' own (`nfc_disabled`,
/// `camera_permission_denied`, …); unknown codes get the internal-error entry.
#[uniffi::export]
pub fn error_info(code: String) -> Result<ErrorInfo, ZairyuError> {
    guard(|| Ok(p::error_info(&code).into()))
}

/// The progress text for a step (also carried by every `ProgressEvent`).
#[uniffi::export]
pub fn step_text(step: ReadStep) -> Result<Text, ZairyuError> {
    guard(|| Ok(p::step_text(step.into()).into()))
}

/// The reading screen's instructions for how to hold the card.
#[uniffi::export]
pub fn hold_instructions(platform: Platform) -> Result<HoldInstructions, ZairyuError> {
    guard(|| Ok(p::hold_instructions(platform.into()).into()))
}

/// The number-position help: three pages; navigate them with a [`CarouselController`].
#[uniffi::export]
pub fn help_carousel() -> Result<Carousel, ZairyuError> {
    guard(|| Ok(p::help_carousel().into()))
}

/// A poisoned lock only means an earlier call panicked (and was reported); the state inside is
/// still one the core produced.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The help carousel's page and what each gesture does (no wrap-around; every close gesture
/// closes).
#[derive(Debug, uniffi::Object)]
pub struct CarouselController {
    state: Mutex<p::CarouselState>,
}

#[uniffi::export]
impl CarouselController {
    /// Starts on the first page.
    #[uniffi::constructor]
    pub fn new() -> Result<Self, ZairyuError> {
        guard(|| Ok(CarouselController { state: Mutex::new(p::CarouselState::new()) }))
    }

    /// The visible page, 0-based.
    pub fn page(&self) -> Result<u32, ZairyuError> {
        guard(|| Ok(lock(&self.state).page))
    }

    pub fn handle(&self, gesture: CarouselGesture) -> Result<CarouselEvent, ZairyuError> {
        guard(|| Ok(lock(&self.state).handle(gesture.into()).into()))
    }
}

/// How far the image's centre is moved from the viewport's centre, in viewport points.
#[derive(Debug, Clone, Copy, PartialEq, uniffi::Record)]
pub struct ZoomOffset {
    pub x: f64,
    pub y: f64,
}

/// The enlarged image viewer's scale (1.0–5.0) and pan. The shell feeds gestures in and draws the
/// image at `scale()` moved by `offset()`.
#[derive(Debug, uniffi::Object)]
pub struct ZoomController {
    state: Mutex<p::ZoomState>,
}

#[uniffi::export]
impl ZoomController {
    /// `content_*` is the image's size at 1.0×, fitted into the viewport by the shell.
    #[uniffi::constructor]
    pub fn new(
        viewport_width: f64,
        viewport_height: f64,
        content_width: f64,
        content_height: f64,
    ) -> Result<Self, ZairyuError> {
        guard(|| {
            Ok(ZoomController {
                state: Mutex::new(p::ZoomState::new(viewport_width, viewport_height, content_width, content_height)),
            })
        })
    }

    /// Multiplies the scale by the gesture's factor (clamped to 1.0–5.0).
    pub fn pinch(&self, factor: f64) -> Result<(), ZairyuError> {
        guard(|| {
            lock(&self.state).pinch(factor);
            Ok(())
        })
    }

    /// Below 2.0× go to 2.0×; otherwise back to 1.0×.
    pub fn double_tap(&self) -> Result<(), ZairyuError> {
        guard(|| {
            lock(&self.state).double_tap();
            Ok(())
        })
    }

    /// Moves the zoomed image, kept within its edges; nothing at 1.0×.
    pub fn pan(&self, dx: f64, dy: f64) -> Result<(), ZairyuError> {
        guard(|| {
            lock(&self.state).pan(dx, dy);
            Ok(())
        })
    }

    /// The viewport or fitted image changed size (rotation): keeps the scale, re-clamps the pan.
    pub fn resize(
        &self,
        viewport_width: f64,
        viewport_height: f64,
        content_width: f64,
        content_height: f64,
    ) -> Result<(), ZairyuError> {
        guard(|| {
            lock(&self.state).resize(viewport_width, viewport_height, content_width, content_height);
            Ok(())
        })
    }

    pub fn scale(&self) -> Result<f64, ZairyuError> {
        guard(|| Ok(lock(&self.state).scale()))
    }

    pub fn offset(&self) -> Result<ZoomOffset, ZairyuError> {
        guard(|| {
            let (x, y) = lock(&self.state).offset();
            Ok(ZoomOffset { x, y })
        })
    }
}
