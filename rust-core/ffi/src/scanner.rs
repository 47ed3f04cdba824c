//! The camera number scanner as an object: the shell's OCR hands over each frame's text lines,
//! the core decides when the number is stable.

use std::sync::Mutex;

use crate::errors::ZairyuError;
use crate::guard;
use zairyu_core::number::{NumberScanner as CoreScanner, DEFAULT_REQUIRED_AGREEMENT};

/// One camera session's scanner. Holds the candidate number: `reset` or drop it when the camera
/// screen closes.
#[derive(uniffi::Object)]
pub struct NumberScanner {
    inner: Mutex<CoreScanner>,
}

impl std::fmt::Debug for NumberScanner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NumberScanner(<redacted>)")
    }
}

impl NumberScanner {
    /// A poisoned lock means an earlier call panicked (and was reported as internal); the
    /// scanner's state is still a valid state, so carry on rather than fail every later frame.
    fn with<T>(&self, f: impl FnOnce(&mut CoreScanner) -> T) -> Result<T, ZairyuError> {
        guard(|| Ok(f(&mut self.inner.lock().unwrap_or_else(|e| e.into_inner()))))
    }
}

#[uniffi::export]
impl NumberScanner {
    /// Reports a number once the core's required number of consecutive frames agree.
    #[uniffi::constructor]
    pub fn new() -> Result<Self, ZairyuError> {
        guard(|| Ok(NumberScanner { inner: Mutex::new(CoreScanner::new(DEFAULT_REQUIRED_AGREEMENT)) }))
    }

    /// Feeds one frame's OCR lines; returns the number (normalised) once it is stable.
    pub fn feed_frame(&self, lines: Vec<String>) -> Result<Option<String>, ZairyuError> {
        self.with(|s| s.feed_frame(&lines).map(|n| n.as_str().to_owned()))
    }

    /// 1-based positions OCR had to repair: the characters to highlight for the user to check.
    pub fn corrected_positions(&self) -> Result<Vec<u32>, ZairyuError> {
        self.with(|s| s.corrected_positions().iter().map(|p| u32::try_from(*p).unwrap_or(u32::MAX)).collect())
    }

    /// Forgets the candidate and its streak.
    pub fn reset(&self) -> Result<(), ZairyuError> {
        self.with(|s| s.reset())
    }
}
