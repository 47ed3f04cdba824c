//! The boundary to the radio: one APDU in, one response out, plus what the UI needs back
//! (progress) and can send in (cancellation).

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Why a transport could not deliver an exchange. Carries no APDU bytes: they may hold card data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransportError {
    /// The card left the field (Android `TagLostException`, CoreNFC tag lost, PC/SC removed card).
    #[error("card removed from the field")]
    CardRemoved,
    /// The card did not answer in time.
    #[error("card did not answer in time")]
    Timeout,
    /// No reader or radio to talk through (NFC off, reader unplugged, service stopped).
    #[error("transport unavailable")]
    Unavailable,
    /// Any other failure; `detail` is a short, non-personal description from the transport.
    #[error("transport failure: {detail}")]
    Failed { detail: String },
}

/// Largest response an extended-length capable transport must carry for a whole-file read
/// (gen1 SM front image: 4 + 7009 + 2 = 7015 bytes; see gen1-chip.md §6.4).
pub const EXTENDED_APDU_LENGTH: usize = 65_546;
/// A transport limited to short APDUs: 256 data bytes + SW.
pub const SHORT_APDU_LENGTH: usize = 258;

/// Sends one command APDU to the card and returns its response (data ‖ SW1 SW2).
///
/// Implemented by each platform. It is called synchronously on the thread that called
/// [`crate::read_card`], so a shell must run the read off its UI thread.
pub trait Transceiver {
    fn transceive(&self, apdu: Vec<u8>) -> Result<Vec<u8>, TransportError>;

    /// The largest APDU, command or response (SW included), this transport can carry. The session
    /// reads whole files with extended lengths when this allows it and falls back to chunked short
    /// reads when it does not ([`SHORT_APDU_LENGTH`] or less).
    fn max_apdu_length(&self) -> usize;
}

impl<T: Transceiver + ?Sized> Transceiver for &T {
    fn transceive(&self, apdu: Vec<u8>) -> Result<Vec<u8>, TransportError> {
        (**self).transceive(apdu)
    }
    fn max_apdu_length(&self) -> usize {
        (**self).max_apdu_length()
    }
}

/// The steps the UI names while a read is under way, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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

/// Receives progress for the progress bar. `fraction` runs from 0.0 to 1.0 over the whole read and
/// never goes backwards.
pub trait ProgressListener {
    fn on_progress(&self, step: ReadStep, fraction: f32);
}

/// A listener that ignores progress.
pub struct NoProgress;
impl ProgressListener for NoProgress {
    fn on_progress(&self, _step: ReadStep, _fraction: f32) {}
}

/// Lets the UI stop a read (the user closed the NFC sheet). Checked between APDUs, so a read stops
/// after at most one more exchange.
#[derive(Debug, Clone, Default)]
pub struct CancelToken(Arc<AtomicBool>);

impl CancelToken {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// Monotonic time for a read's time budget ([`crate::ReadOptions::time_budget`]). `transceive` is
/// synchronous and cannot be interrupted, so the session compares this clock with the budget
/// between APDUs. Injectable, so tests of slow cards never depend on wall time.
pub trait Clock: Send + Sync {
    /// Time since an arbitrary fixed origin; never goes backwards.
    fn now(&self) -> Duration;
}

/// The system's monotonic clock (the default).
#[derive(Debug, Clone, Copy)]
pub struct SystemClock(Instant);

impl Default for SystemClock {
    fn default() -> Self {
        SystemClock(Instant::now())
    }
}

impl Clock for SystemClock {
    fn now(&self) -> Duration {
        self.0.elapsed()
    }
}

/// A clock that moves only when told to: tests, and the software card's slow profiles, which
/// advance it instead of sleeping when one is attached.
#[derive(Debug, Default)]
pub struct ManualClock(AtomicU64);

impl ManualClock {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn advance(&self, by: Duration) {
        let nanos = u64::try_from(by.as_nanos()).unwrap_or(u64::MAX);
        let _ = self.0.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |t| Some(t.saturating_add(nanos)));
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Duration {
        Duration::from_nanos(self.0.load(Ordering::SeqCst))
    }
}
