//! The software card for demo mode, emulator/simulator tests and the shells' own test suites:
//! a chip emulator behind the same `Transceiver` interface a real card uses.

use std::sync::Arc;

use crate::errors::{TransportFailure, ZairyuError};
use crate::guard;
use crate::read::TestAnchor;
use crate::transport::Transceiver;
use zairyu_core::softcard::{fixtures, Profile, SoftCard};
use zairyu_core::transport::Transceiver as _;

/// TEST-ONLY roots the software card's certificates chain to: the first-generation test root
/// (fixtures/test-ca) and the second-generation test CA2 (fixtures/gen2).
const TEST_ROOT_DER: &[u8] = include_bytes!("../../../fixtures/test-ca/test-root.der");
const TEST_ROOT_LABEL: &str = "Zairyu Reader TEST root (software card)";
const TEST_CA2_LABEL: &str = "Zairyu Reader TEST CA2 (software card, second generation)";

/// A software-card profile, for a demo-mode picker.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SoftCardProfile {
    pub name: String,
    /// English, ASCII-only, for developers.
    pub description: String,
    /// The number that opens it (synthetic test data).
    pub card_number: String,
}

/// Every profile the software card offers, `residence` first.
#[uniffi::export]
pub fn softcard_profiles() -> Result<Vec<SoftCardProfile>, ZairyuError> {
    guard(|| {
        Ok(Profile::names()
            .iter()
            .filter_map(|name| Profile::by_name(name))
            .map(|p| SoftCardProfile {
                name: p.name().to_owned(),
                description: p.description().to_owned(),
                card_number: p.card_number().as_str().to_owned(),
            })
            .collect())
    })
}

/// One emulated card. Pass `as_transceiver()` to `read_card`, or wrap it in a shell-side
/// `Transceiver` that delegates to [`SoftCardTransceiver::transceive`] to watch every APDU.
#[derive(Debug, uniffi::Object)]
pub struct SoftCardTransceiver {
    card: SoftCard,
}

#[uniffi::export]
impl SoftCardTransceiver {
    /// A card with the named profile (see `softcard_profiles`); randoms from the OS.
    #[uniffi::constructor]
    pub fn new(profile: String) -> Result<Arc<Self>, ZairyuError> {
        guard(|| {
            let profile = Profile::by_name(&profile)
                .ok_or_else(|| ZairyuError::internal("unknown software-card profile"))?;
            Ok(Arc::new(SoftCardTransceiver { card: SoftCard::new(profile) }))
        })
    }

    /// This card as the `Transceiver` `read_card` takes.
    pub fn as_transceiver(self: Arc<Self>) -> Arc<dyn Transceiver> {
        self
    }

    pub fn transceive(&self, apdu: Vec<u8>) -> Result<Vec<u8>, TransportFailure> {
        // A panic here becomes an I/O failure: this method's error type is the transport's.
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.card.transceive(apdu)))
            .unwrap_or_else(|_| {
                log::error!("ffi: a panic was caught in the software card");
                Err(zairyu_core::transport::TransportError::Failed { detail: "software card failed".to_owned() })
            })
            .map_err(TransportFailure::from)
    }

    pub fn max_apdu_length(&self) -> u32 {
        u32::try_from(self.card.max_apdu_length()).unwrap_or(u32::MAX)
    }

    /// APDUs the card received, including those answered with a transport error.
    pub fn apdu_count(&self) -> Result<u64, ZairyuError> {
        guard(|| Ok(self.card.apdu_count() as u64))
    }

    /// The roots to put in `ReadOptions.test_anchors` so the card verifies (as a TEST pass),
    /// whichever generation its profile emulates.
    pub fn test_anchors(&self) -> Result<Vec<TestAnchor>, ZairyuError> {
        guard(|| {
            Ok(vec![
                TestAnchor { der: TEST_ROOT_DER.to_vec(), label: TEST_ROOT_LABEL.to_owned() },
                TestAnchor { der: fixtures::gen2::TEST_CA2_DER.to_vec(), label: TEST_CA2_LABEL.to_owned() },
            ])
        })
    }

    /// Field off and on: the card forgets its session, as after lifting it away.
    pub fn reset(&self) -> Result<(), ZairyuError> {
        guard(|| {
            self.card.reset();
            Ok(())
        })
    }
}

impl Transceiver for SoftCardTransceiver {
    fn transceive(&self, apdu: Vec<u8>) -> Result<Vec<u8>, TransportFailure> {
        SoftCardTransceiver::transceive(self, apdu)
    }

    fn max_apdu_length(&self) -> u32 {
        SoftCardTransceiver::max_apdu_length(self)
    }
}
