//! `read_card` and what it returns. The result is an object, not a record, so the decoded images
//! stay in Rust until a screen asks for them at its own size ([`crate::card_image_png`]), and the
//! card data is freed as soon as the shell drops it.

use std::path::Path;
use std::sync::Arc;

use crate::errors::ZairyuError;
use crate::guard;
use crate::records::{ResultScreen, Verdict, WireStats};
use crate::transport::{CancelHandle, ForeignProgress, ForeignTransceiver, ProgressListener, Transceiver};
use zairyu_core::error::ReadError;
use zairyu_core::model::Reading;
use zairyu_core::number::CardNumber;
use zairyu_core::present;
use zairyu_core::read::ReadOptions as CoreReadOptions;
use zairyu_core::specified::DeliveryKey;
use zairyu_core::verify::TrustStore;

/// A test root to trust (fixtures, the software card's demo). A pass against it is always shown
/// as a TEST pass, never a production one.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct TestAnchor {
    /// The certificate, DER or PEM.
    pub der: Vec<u8>,
    /// Shown in the issuer indicator's detail.
    pub label: String,
}

/// How to read. Production apps set `production_trust_dir` (the pinned ISA roots shipped with
/// the app); demo mode and tests add `test_anchors`.
#[derive(Debug, Clone, uniffi::Record)]
pub struct ReadOptions {
    #[uniffi(default = None)]
    pub cancel: Option<Arc<CancelHandle>>,
    #[uniffi(default)]
    pub test_anchors: Vec<TestAnchor>,
    /// A directory of root certificates; only files whose fingerprint is pinned are used.
    #[uniffi(default = None)]
    pub production_trust_dir: Option<String>,
    /// The time for certificate validity reports, Unix seconds; `None` = the system clock.
    #[uniffi(default = None)]
    pub now_unix: Option<i64>,
    /// Skip decoding images to pixels (then `card_image_png` returns nothing).
    #[uniffi(default = false)]
    pub skip_image_decoding: bool,
    /// The RSA delivery public key for specified cards (07/08): ISA's `keys_smrsapub_001.bin`, or
    /// a DER/PEM public key. `None` = `keys_smrsapub_001.bin` from `production_trust_dir` when it
    /// is there. Without one, a specified card ends in `delivery_key_missing`.
    #[uniffi(default = None)]
    pub delivery_key: Option<Vec<u8>>,
}

/// A finished read. Holds the card's data and images: drop it (Kotlin `close()`) when the result
/// screen goes away, and never persist what it returns.
#[derive(uniffi::Object)]
pub struct ReadResult {
    pub(crate) reading: Reading,
}

impl std::fmt::Debug for ReadResult {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ReadResult(<redacted>)")
    }
}

#[uniffi::export]
impl ReadResult {
    /// The result screen, decided by the core's presentation model.
    pub fn result_screen(&self) -> Result<ResultScreen, ZairyuError> {
        guard(|| Ok(present::result_screen(&self.reading).into()))
    }

    pub fn verdict(&self) -> Result<Verdict, ZairyuError> {
        guard(|| Ok(self.reading.verification.verdict.into()))
    }

    /// APDUs and bytes the read took, for diagnostics.
    pub fn wire_stats(&self) -> Result<WireStats, ZairyuError> {
        guard(|| Ok(self.reading.wire.into()))
    }
}

/// The delivery key the caller gave, else the one installed beside the production roots. A key
/// file that cannot be used is the caller's (or the app bundle's) fault: `internal`, not a card
/// error.
fn delivery_key(options: &ReadOptions) -> Result<Option<DeliveryKey>, ZairyuError> {
    let loaded = match (&options.delivery_key, &options.production_trust_dir) {
        (Some(bytes), _) => Some(DeliveryKey::from_bytes(bytes, "delivery key (app)")),
        (None, Some(dir)) => DeliveryKey::from_trust_dir(Path::new(dir)),
        (None, None) => None,
    };
    loaded.transpose().map_err(|e| ZairyuError::internal(format!("delivery key rejected: {e}")))
}

fn trust_store(options: &ReadOptions) -> Result<TrustStore, ZairyuError> {
    let mut trust = match &options.production_trust_dir {
        // The core logs one line per file (names and fingerprints only).
        Some(dir) => TrustStore::production_from_dir(Path::new(dir)).0,
        None => TrustStore::new(),
    };
    for anchor in &options.test_anchors {
        trust
            .add_test_anchor(&anchor.der, &anchor.label)
            .map_err(|e| ZairyuError::internal(format!("test anchor rejected: {e}")))?;
    }
    Ok(trust)
}

/// Reads and verifies the card behind `transceiver` with the number the user entered (any
/// spelling `number_feedback` accepts). Blocks until the read ends: call it off the UI thread.
#[uniffi::export]
pub fn read_card(
    number: String,
    transceiver: Arc<dyn Transceiver>,
    options: ReadOptions,
    listener: Arc<dyn ProgressListener>,
) -> Result<Arc<ReadResult>, ZairyuError> {
    guard(|| {
        let number = CardNumber::parse(&number).map_err(ReadError::InvalidCardNumber)?;
        let core_options = CoreReadOptions {
            trust: trust_store(&options)?,
            cancel: options.cancel.as_ref().map(|c| c.token()).unwrap_or_default(),
            now_unix: options.now_unix,
            skip_image_decoding: options.skip_image_decoding,
            delivery_key: delivery_key(&options)?,
            ..CoreReadOptions::default()
        };
        let reading = zairyu_core::read::read_card(
            &number,
            &ForeignTransceiver(transceiver),
            &core_options,
            &ForeignProgress(listener),
        )?;
        Ok(Arc::new(ReadResult { reading }))
    })
}
