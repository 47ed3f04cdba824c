//! The camera scanner for the My Number card face as an object: the shell's OCR hands over each
//! frame's text lines, the core cleans them up and decides when each field is stable.

use std::sync::Mutex;

use crate::errors::ZairyuError;
use crate::guard;
use zairyu_core::mynumber::face_scan::{FaceScan, FaceScanner, DEFAULT_REQUIRED_AGREEMENT};

/// The fields read so far; each is set once the core's required number of consecutive frames
/// agree on it, and kept until `reset`. Personal data: fill the entry fields, never log it.
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
pub struct CardFaceScan {
    /// YYYY-MM-DD (Gregorian, converted from the printed era date), once stable.
    pub birth_date: Option<String>,
    pub expiry_year: Option<String>,
    pub security_code: Option<String>,
    /// All three stable.
    pub complete: bool,
}

impl std::fmt::Debug for CardFaceScan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CardFaceScan")
            .field("birth_date", &self.birth_date.is_some())
            .field("expiry_year", &self.expiry_year.is_some())
            .field("security_code", &self.security_code.is_some())
            .field("complete", &self.complete)
            .finish()
    }
}

impl From<FaceScan> for CardFaceScan {
    fn from(scan: FaceScan) -> Self {
        let complete = scan.complete();
        // The zeroizing buffers stay in the core; the copies cross to the shell as plain strings.
        CardFaceScan {
            birth_date: scan.birth_date.as_deref().cloned(),
            expiry_year: scan.expiry_year.as_deref().cloned(),
            security_code: scan.security_code.as_deref().cloned(),
            complete,
        }
    }
}

/// One camera session's card-face scanner. Holds the values read: `reset` or drop (`close()` on
/// Kotlin) it when the camera screen closes.
#[derive(uniffi::Object)]
pub struct CardFaceScanner {
    inner: Mutex<FaceScanner>,
}

impl std::fmt::Debug for CardFaceScanner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CardFaceScanner(<redacted>)")
    }
}

impl CardFaceScanner {
    /// A poisoned lock means an earlier call panicked (and was reported as internal); the
    /// scanner's state is still a valid state, so carry on rather than fail every later frame.
    fn with<T>(&self, f: impl FnOnce(&mut FaceScanner) -> T) -> Result<T, ZairyuError> {
        guard(|| Ok(f(&mut self.inner.lock().unwrap_or_else(|e| e.into_inner()))))
    }
}

#[uniffi::export]
impl CardFaceScanner {
    /// Reports each field once the core's required number of consecutive frames agree.
    #[uniffi::constructor]
    pub fn new() -> Result<Self, ZairyuError> {
        guard(|| Ok(CardFaceScanner { inner: Mutex::new(FaceScanner::new(DEFAULT_REQUIRED_AGREEMENT)) }))
    }

    /// Feeds one frame's OCR lines (in reading order); returns every field stable so far.
    pub fn feed_frame(&self, lines: Vec<String>) -> Result<CardFaceScan, ZairyuError> {
        self.with(|s| s.feed_frame(&lines).into())
    }

    /// Forgets every candidate, streak and stable value.
    pub fn reset(&self) -> Result<(), ZairyuError> {
        self.with(|s| s.reset())
    }
}
