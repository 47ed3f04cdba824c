//! The software card for demo mode, emulator/simulator tests and the shells' own test suites:
//! a chip emulator behind the same `Transceiver` interface a real card uses.

use std::sync::Arc;

use crate::errors::{TransportFailure, ZairyuError};
use crate::guard;
use crate::mynumber_records::MyNumberTestAnchor;
use crate::read::TestAnchor;
use crate::transport::Transceiver;
use zairyu_core::softcard::mynumber::fixtures as mnfx;
use zairyu_core::softcard::{fixtures, ChipKind, Profile, SoftCard};
use zairyu_core::transport::Transceiver as _;

/// TEST-ONLY roots the software card's certificates chain to: the first-generation test root
/// (fixtures/test-ca) and the second-generation test CA2 (fixtures/gen2).
const TEST_ROOT_DER: &[u8] = include_bytes!("../../../fixtures/test-ca/test-root.der");
const TEST_ROOT_LABEL: &str = "Zairyu Reader TEST root (software card)";
const TEST_CA2_LABEL: &str = "Zairyu Reader TEST CA2 (software card, second generation)";

/// TEST-ONLY My Number trust the `mynumber-*` and specified profiles chain to, by the
/// repository path the core's profile names it with (`Profile::test_trust_files`). The bytes are
/// the core's embedded copies of `fixtures/mynumber/`.
const MY_NUMBER_TRUST: [(&str, MyNumberTrustFile); 5] = [
    ("fixtures/mynumber/auth-root.der", MyNumberTrustFile::Root(mnfx::AUTH_ROOT_DER, "Zairyu Reader TEST JPKI auth root (software card)")),
    ("fixtures/mynumber/sign-root.der", MyNumberTrustFile::Root(mnfx::SIGN_ROOT_DER, "Zairyu Reader TEST JPKI sign root (software card)")),
    ("fixtures/mynumber/cvca-9000020.json", MyNumberTrustFile::CvcKey(mnfx::CVCA_9000020_JSON)),
    ("fixtures/mynumber/cvca-9000023.json", MyNumberTrustFile::CvcKey(mnfx::CVCA_9000023_JSON)),
    ("fixtures/mynumber/cvca-9000033.json", MyNumberTrustFile::CvcKey(mnfx::CVCA_9000033_JSON)),
];

#[derive(Clone, Copy)]
enum MyNumberTrustFile {
    Root(&'static [u8], &'static str),
    /// `{"key_id_hex", "modulus_hex", "exponent"}`, as the desktop's `--trust` reads it.
    CvcKey(&'static str),
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    let s = s.trim();
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok()).collect()
}

fn cvc_anchor(json: &str) -> Option<MyNumberTestAnchor> {
    let v: serde_json::Value = serde_json::from_str(json).ok()?;
    let key_id = unhex(v.get("key_id_hex")?.as_str()?)?;
    Some(MyNumberTestAnchor::CvcCaKey {
        label: format!("Zairyu Reader TEST CVC CA key {}", String::from_utf8_lossy(key_id.get(..7)?)),
        key_id,
        modulus: unhex(v.get("modulus_hex")?.as_str()?)?,
        exponent: v.get("exponent")?.as_u64()?,
    })
}

/// The TEST anchors for the trust files a profile names.
fn my_number_anchors(files: &[&str]) -> Result<Vec<MyNumberTestAnchor>, ZairyuError> {
    files
        .iter()
        .map(|path| {
            let file = MY_NUMBER_TRUST.iter().find(|(p, _)| p == path).map(|(_, f)| *f);
            match file {
                Some(MyNumberTrustFile::Root(der, label)) => {
                    Ok(MyNumberTestAnchor::JpkiRoot { der: der.to_vec(), label: label.to_owned() })
                }
                Some(MyNumberTrustFile::CvcKey(json)) => {
                    cvc_anchor(json).ok_or_else(|| ZairyuError::internal("software-card CVC key fixture unreadable"))
                }
                None => Err(ZairyuError::internal("software-card trust file not embedded")),
            }
        })
        .collect()
}

/// Which flows a profile answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum SoftCardFamily {
    /// A residence card or SPRC (first or second generation): `read_card`.
    Residence,
    /// A My Number card: the My Number checks (`read_card` ends in `MyNumberCard`).
    MyNumber,
    /// A specified card (07/08): `read_card` with the delivery key, and the My Number checks.
    Specified,
}

fn family(p: &Profile) -> SoftCardFamily {
    match p.kind() {
        ChipKind::Specified | ChipKind::Gen2Stub => SoftCardFamily::Specified,
        _ if p.my_number().is_some() => SoftCardFamily::MyNumber,
        _ => SoftCardFamily::Residence,
    }
}

/// Synthetic TEST credentials of a My Number profile, for demo mode hints and tests.
/// `signature_password` is empty when the card has no signature certificate.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct DemoCredentials {
    pub input_helper_pin: String,
    pub auth_pin: String,
    pub signature_password: String,
    /// `YYYY-MM-DD`.
    pub birth_date: String,
    pub expiry_year: String,
    pub security_code: String,
}

fn credentials(p: &Profile) -> Option<DemoCredentials> {
    let c = p.my_number_credentials()?;
    Some(DemoCredentials {
        input_helper_pin: c.input_helper_pin.to_owned(),
        auth_pin: c.auth_pin.to_owned(),
        signature_password: c.signature_password.unwrap_or_default().to_owned(),
        birth_date: c.birth_date.to_owned(),
        expiry_year: c.expiry_year.to_owned(),
        security_code: c.security_code.to_owned(),
    })
}

/// A software-card profile, for a demo-mode picker.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SoftCardProfile {
    pub name: String,
    /// English, ASCII-only, for developers.
    pub description: String,
    /// The number that opens it (synthetic test data).
    pub card_number: String,
    pub family: SoftCardFamily,
    /// My Number and specified profiles: the PINs and printed values the card accepts.
    pub credentials: Option<DemoCredentials>,
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
                family: family(&p),
                credentials: credentials(&p),
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

    /// The TEST anchors to put in `MyNumberOptions.test_anchors` so the card's My Number
    /// certificates and records verify (as a TEST pass); empty for residence profiles.
    pub fn my_number_test_anchors(&self) -> Result<Vec<MyNumberTestAnchor>, ZairyuError> {
        guard(|| my_number_anchors(self.card.profile().test_trust_files()))
    }

    /// The TEST delivery key (`ReadOptions.delivery_key`) that specified profiles' cards accept;
    /// `None` for other profiles.
    pub fn test_delivery_key(&self) -> Result<Option<Vec<u8>>, ZairyuError> {
        guard(|| {
            Ok((family(self.card.profile()) == SoftCardFamily::Specified)
                .then(|| fixtures::specified::DELIVERY_TEST_PUB_DER.to_vec()))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_and_credentials() {
        let profiles = softcard_profiles().unwrap();
        let get = |n: &str| profiles.iter().find(|p| p.name == n).unwrap().clone();
        assert_eq!((get("residence").family, get("residence").credentials), (SoftCardFamily::Residence, None));
        assert_eq!(get("gen2-sprc").family, SoftCardFamily::Residence);
        assert_eq!(get("specified-07").family, SoftCardFamily::Specified);
        assert_eq!(get("specified").family, SoftCardFamily::Specified);
        let complete = get("mynumber-complete");
        assert_eq!(complete.family, SoftCardFamily::MyNumber);
        assert_eq!(
            complete.credentials,
            Some(DemoCredentials {
                input_helper_pin: "1234".into(),
                auth_pin: "5678".into(),
                signature_password: "TEST1234AB".into(),
                birth_date: "1985-04-12".into(),
                expiry_year: "2034".into(),
                security_code: "4826".into(),
            })
        );
        assert_eq!(get("mynumber-no-signature-cert").credentials.unwrap().signature_password, "");
        assert!(get("specified-08").credentials.is_some());
    }

    #[test]
    fn my_number_anchors_cover_the_profiles_trust_files() {
        let card = SoftCardTransceiver::new("mynumber-complete".into()).unwrap();
        let anchors = card.my_number_test_anchors().unwrap();
        assert_eq!(anchors.len(), 5);
        let roots = anchors.iter().filter(|a| matches!(a, MyNumberTestAnchor::JpkiRoot { .. })).count();
        assert_eq!(roots, 2);
        let MyNumberTestAnchor::CvcCaKey { key_id, exponent, label, .. } = &anchors[2] else { panic!("CVC key third") };
        assert_eq!((key_id.len(), *exponent), (16, 65537));
        assert_eq!(label, "Zairyu Reader TEST CVC CA key 9000020");
        assert!(SoftCardTransceiver::new("residence".into()).unwrap().my_number_test_anchors().unwrap().is_empty());
        assert_eq!(card.test_delivery_key().unwrap(), None);
        let specified = SoftCardTransceiver::new("specified-07".into()).unwrap();
        assert_eq!(specified.test_delivery_key().unwrap().as_deref(), Some(fixtures::specified::DELIVERY_TEST_PUB_DER));
        assert_eq!(specified.my_number_test_anchors().unwrap().len(), 5);
    }
}
