//! The shell's side of a read: its radio (a foreign `Transceiver`), its progress bar (a foreign
//! `ProgressListener`) and its cancel button ([`CancelHandle`]), adapted to the core's traits.

use std::sync::Arc;

use crate::errors::{TransportFailure, ZairyuError};
use crate::guard;
use crate::records::{ReadStep, Text};
use zairyu_core::present;
use zairyu_core::transport::{self as core, TransportError};

/// Sends one APDU to the card and returns its response (data ‖ SW1 SW2).
///
/// Implemented by each shell (Android `IsoDep`, iOS `NFCISO7816Tag`) or by
/// [`crate::SoftCardTransceiver::as_transceiver`]. Called synchronously on the thread that called
/// `read_card`; an iOS implementation blocks that thread until CoreNFC's completion handler runs.
#[uniffi::export(with_foreign)]
pub trait Transceiver: Send + Sync {
    fn transceive(&self, apdu: Vec<u8>) -> Result<Vec<u8>, TransportFailure>;

    /// The largest APDU, command or response with SW, the transport carries: e.g. IsoDep's
    /// `maxTransceiveLength`. At 65 546 or more files are read whole; 258 or less, in chunks.
    fn max_apdu_length(&self) -> u32;
}

/// One progress report: the step, the bar's position (0.0–1.0, never backwards) and the step's
/// text from the core, ready to show.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ProgressEvent {
    pub step: ReadStep,
    pub fraction: f32,
    pub text: Text,
}

/// Receives progress during `read_card`, on the reading thread: post to the UI thread from here.
#[uniffi::export(with_foreign)]
pub trait ProgressListener: Send + Sync {
    fn on_progress(&self, event: ProgressEvent);
}

/// The UI's cancel button. Cancelling stops the read before its next APDU, and the read ends
/// with `ZairyuError.Cancelled` (no dialog).
#[derive(Debug, Default, uniffi::Object)]
pub struct CancelHandle {
    token: core::CancelToken,
}

#[uniffi::export]
impl CancelHandle {
    #[uniffi::constructor]
    pub fn new() -> Result<Arc<Self>, ZairyuError> {
        guard(|| Ok(Arc::new(Self::default())))
    }

    /// Safe from any thread, including while `read_card` runs on another.
    pub fn cancel(&self) -> Result<(), ZairyuError> {
        guard(|| {
            self.token.cancel();
            Ok(())
        })
    }

    pub fn is_cancelled(&self) -> Result<bool, ZairyuError> {
        guard(|| Ok(self.token.is_cancelled()))
    }
}

impl CancelHandle {
    pub(crate) fn token(&self) -> core::CancelToken {
        self.token.clone()
    }
}

/// A shell transceiver seen through the core's trait.
pub(crate) struct ForeignTransceiver(pub Arc<dyn Transceiver>);

impl core::Transceiver for ForeignTransceiver {
    fn transceive(&self, apdu: Vec<u8>) -> Result<Vec<u8>, TransportError> {
        self.0.transceive(apdu).map_err(TransportError::from)
    }

    fn max_apdu_length(&self) -> usize {
        usize::try_from(self.0.max_apdu_length()).unwrap_or(usize::MAX)
    }
}

/// A shell listener seen through the core's trait; adds the core's text for each step.
pub(crate) struct ForeignProgress(pub Arc<dyn ProgressListener>);

impl core::ProgressListener for ForeignProgress {
    fn on_progress(&self, step: core::ReadStep, fraction: f32) {
        self.0.on_progress(ProgressEvent { step: step.into(), fraction, text: present::step_text(step).into() });
    }
}
