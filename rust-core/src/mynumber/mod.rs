//! My Number card (mynumber-chip.md): which card this is, PIN safety, the in-person check
//! (券面事項確認AP with 照合番号B), the PIN check (券面事項入力補助AP), the JPKI checks, and whether
//! the card matches the person. Parsing of the card's records is `myna-card`'s, behind a bounds
//! pre-check ([`guard`]); the transport, flows, verdicts and errors are ours
//! (docs/architecture.md, "My Number").

pub mod chain;
pub mod chip;
pub mod collation;
pub mod cvc;
pub mod error;
// Issue 17: the in-person check's inputs read off the card face by the phone camera.
pub mod face_scan;
pub mod flows;
pub mod guard;
pub mod identify;
pub mod link;
pub mod matching;
pub mod model;
pub mod pin;
pub mod san;
pub mod tries;
pub mod trust;

#[cfg(test)]
mod fixture_tests;

use std::sync::Arc;
use std::time::Duration;

pub use error::MyNumberError;
pub use flows::{auth_check, in_person_check, pin_check, signature_check, status};
pub use model::*;
pub use pin::{Pin, PinInputError, PinKind};
pub use tries::PinStatus;
pub use trust::MyNumberTrust;

use crate::transport::{CancelToken, Clock};

/// How a My Number check is done.
#[derive(Clone)]
pub struct MyNumberOptions {
    pub trust: MyNumberTrust,
    /// Permits a VERIFY when the counter shows one try left (the user confirmed the warning).
    pub allow_last_try: bool,
    /// Time for certificate validity, Unix seconds; `None` = the system clock.
    pub now_unix: Option<i64>,
    pub cancel: CancelToken,
    pub time_budget: Option<Duration>,
    pub clock: Option<Arc<dyn Clock>>,
    /// Keep images as bytes only (JSON output, tests).
    pub skip_image_decoding: bool,
}

impl Default for MyNumberOptions {
    fn default() -> Self {
        MyNumberOptions {
            trust: MyNumberTrust::default(),
            allow_last_try: false,
            now_unix: None,
            cancel: CancelToken::default(),
            time_budget: Some(crate::read::DEFAULT_TIME_BUDGET),
            clock: None,
            skip_image_decoding: false,
        }
    }
}

/// What the PIN screen shows before a try: the counter as just read from the card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PinPrompt {
    pub kind: PinKind,
    pub tries_left: u8,
    /// This is the last try: a wrong entry locks the PIN.
    pub last_try: bool,
}

/// Asked for a PIN once the card's counter is known (so the prompt can show the tries left and
/// the lock warning), and only when a try is allowed. `None` = the user cancelled. Called at most
/// once per check: nothing retries a PIN.
pub trait PinSource {
    fn pin(&self, prompt: &PinPrompt) -> Option<zeroize::Zeroizing<String>>;
}

/// A PIN known before the check starts (tests, `--pin-stdin`).
pub struct FixedPin(pub zeroize::Zeroizing<String>);

impl FixedPin {
    pub fn new(s: &str) -> Self {
        FixedPin(zeroize::Zeroizing::new(s.to_owned()))
    }
}

impl PinSource for FixedPin {
    fn pin(&self, _prompt: &PinPrompt) -> Option<zeroize::Zeroizing<String>> {
        Some(self.0.clone())
    }
}

impl std::fmt::Debug for FixedPin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FixedPin(<redacted>)")
    }
}
