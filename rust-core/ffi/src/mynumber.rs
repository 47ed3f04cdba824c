//! The My Number checks for the shells: PIN screens and input rules without a card, the status
//! read, the four checks, and their result. Every rule (tries read before a try, the last-try
//! refusal, never retrying) is the core's (`zairyu_core::mynumber`); this module adapts the
//! shell's PIN screen and transport to it.
//!
//! PINs cross the boundary once, from the shell's PIN screen ([`PinSource`]) into Rust, where the
//! bytes are wrapped in `Zeroizing` at once and moved (not copied) into the core's secret string.
//! What UniFFI itself does with the buffer it lifted them from is outside our reach: the shells
//! wipe their own array right after the call.

use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use zeroize::Zeroizing;

use crate::errors::ZairyuError;
use crate::guard;
use crate::mynumber_records::{
    CollationProblem, MatchInput, MyNumberCardKind, MyNumberCheck, MyNumberImage, MyNumberScreen, MyNumberStatus,
    MyNumberTestAnchor, PinEntryScreen, PinKind, PinPrompt, PinStatus,
};
use crate::records::{Verdict, WireStats};
use crate::transport::{CancelHandle, ForeignTransceiver, Transceiver};
use zairyu_core::image::{self, Limits};
use zairyu_core::model::CardImage;
use zairyu_core::mynumber::trust::CvcCaKey;
use zairyu_core::mynumber::{self as mn, matching, MyNumberError, MyNumberTrust};
use zairyu_core::present::mynumber as present;

/// The shell's PIN screen, asked at most once per check, on the reading thread, after the card's
/// counter was read (Android: the card stays on the phone while the user types). Returns the
/// secret as UTF-8 bytes (the shell wipes its own array right after), or `None` = the user
/// cancelled (the check ends in `Cancelled`, nothing sent). Rust wraps the bytes in `Zeroizing`
/// at once. A PinSource that throws ends the check in `Internal`, nothing sent.
#[uniffi::export(with_foreign)]
pub trait PinSource: Send + Sync {
    fn pin(&self, prompt: PinPrompt) -> Option<Vec<u8>>;
}

/// The shell's bytes as the core's secret string, with no copy left behind: the vector is moved
/// into the `String` when it is UTF-8 (same allocation), and zeroized when it is not (the lossy
/// copy that replaces it is itself zeroized, and its U+FFFD is then refused by position).
fn secret_string(bytes: Vec<u8>) -> Zeroizing<String> {
    let mut held = Zeroizing::new(bytes);
    match String::from_utf8(std::mem::take(&mut *held)) {
        Ok(s) => Zeroizing::new(s),
        Err(e) => {
            let raw = Zeroizing::new(e.into_bytes());
            Zeroizing::new(String::from_utf8_lossy(&raw).into_owned())
        }
    }
}

/// A shell's [`PinSource`] seen through the core's trait. An exception thrown by the shell's
/// callback reaches Rust as a panic of UniFFI's generated code; it is caught here, so the check
/// ends like a cancellation (nothing sent) and is then reported as `Internal`.
struct ForeignPin {
    source: Arc<dyn PinSource>,
    threw: Cell<bool>,
}

impl ForeignPin {
    fn new(source: Arc<dyn PinSource>) -> Self {
        ForeignPin { source, threw: Cell::new(false) }
    }

    /// A check's result, with a cancellation caused by a throwing PinSource turned into `Internal`.
    fn outcome<T>(&self, r: Result<T, MyNumberError>) -> Result<T, ZairyuError> {
        match r {
            Err(MyNumberError::Read(zairyu_core::ReadError::Cancelled)) if self.threw.get() => {
                Err(ZairyuError::internal("the PIN source threw an exception"))
            }
            other => other.map_err(ZairyuError::from),
        }
    }
}

impl mn::PinSource for ForeignPin {
    fn pin(&self, prompt: &mn::PinPrompt) -> Option<Zeroizing<String>> {
        let prompt = PinPrompt::from(*prompt);
        match catch_unwind(AssertUnwindSafe(|| self.source.pin(prompt))) {
            Ok(answer) => answer.map(secret_string),
            Err(_) => {
                log::warn!("ffi: the PIN source threw an unexpected exception");
                self.threw.set(true);
                None
            }
        }
    }
}

/// The screen for a PIN before any card contact (iOS asks the PIN between two taps).
#[uniffi::export]
pub fn pin_entry_screen(kind: PinKind, tries_left: u8) -> Result<PinEntryScreen, ZairyuError> {
    guard(|| {
        let prompt = mn::PinPrompt { kind: kind.into(), tries_left, last_try: tries_left == 1 };
        Ok(present::pin_entry_screen(&prompt).into())
    })
}

/// Checks a typed PIN without a card: `None` = acceptable; else the reason (position, never the
/// value), e.g. 「3文字目が数字ではありません。」. Zeroizes `pin`. The shell calls it once, on submit.
/// 照合番号B is built from its three inputs instead: see `check_collation_input`.
#[uniffi::export]
pub fn check_pin_input(kind: PinKind, pin: Vec<u8>) -> Result<Option<crate::records::Text>, ZairyuError> {
    let pin = secret_string(pin);
    guard(|| {
        if kind == PinKind::CollationB {
            return Err(ZairyuError::internal("check_pin_input: use check_collation_input for collation_b"));
        }
        Ok(mn::pin::parse_pin(kind.into(), &pin).err().map(|e| present::pin_input_error_text(&e).into()))
    })
}

/// The in-person inputs checked without a card: `None` = acceptable; else the first malformed
/// field and what to tell the user.
#[uniffi::export]
pub fn check_collation_input(
    birth_date: String,
    expiry_year: String,
    security_code: String,
) -> Result<Option<CollationProblem>, ZairyuError> {
    let security_code = Zeroizing::new(security_code);
    guard(|| Ok(mn::collation::collation_b(&birth_date, &expiry_year, &security_code).err().map(Into::into)))
}

/// How a My Number check runs.
#[derive(Debug, Clone, uniffi::Record)]
pub struct MyNumberOptions {
    #[uniffi(default = None)]
    pub cancel: Option<Arc<CancelHandle>>,
    /// The user confirmed the last-try warning (`PinEntryScreen.last_try_confirmation`).
    #[uniffi(default = false)]
    pub allow_last_try: bool,
    /// Operator setting: read the 個人番号 in the PIN check (off by default).
    #[uniffi(default = false)]
    pub read_individual_number: bool,
    #[uniffi(default)]
    pub test_anchors: Vec<MyNumberTestAnchor>,
    /// The time for certificate validity, Unix seconds; `None` = the system clock.
    #[uniffi(default = None)]
    pub now_unix: Option<i64>,
    /// Skip decoding images to pixels (then `image_png` returns nothing).
    #[uniffi(default = false)]
    pub skip_image_decoding: bool,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The production trust compiled into the core, plus the caller's TEST anchors. An anchor that
/// cannot be used is the caller's fault: `internal`, not a card error.
fn trust(anchors: &[MyNumberTestAnchor]) -> Result<MyNumberTrust, ZairyuError> {
    let mut trust = MyNumberTrust::default();
    for anchor in anchors {
        match anchor {
            MyNumberTestAnchor::JpkiRoot { der, label } => trust
                .add_test_root(der, label)
                .map_err(|e| ZairyuError::internal(format!("test JPKI root rejected: {e}")))?,
            MyNumberTestAnchor::CvcCaKey { key_id, modulus, exponent, label: _ } => {
                let key = CvcCaKey::test_from_hex(&hex(key_id), &hex(modulus), *exponent)
                    .map_err(|e| ZairyuError::internal(format!("test CVC CA key rejected: {e}")))?;
                trust.add_test_cvc_key(key);
            }
        }
    }
    Ok(trust)
}

fn core_options(options: &MyNumberOptions) -> Result<mn::MyNumberOptions, ZairyuError> {
    Ok(mn::MyNumberOptions {
        trust: trust(&options.test_anchors)?,
        allow_last_try: options.allow_last_try,
        now_unix: options.now_unix,
        cancel: options.cancel.as_ref().map(|c| c.token()).unwrap_or_default(),
        skip_image_decoding: options.skip_image_decoding,
        ..mn::MyNumberOptions::default()
    })
}

/// Which card, every PIN counter, which certificates; no PIN asked or spent. Blocks: call it off
/// the UI thread.
#[uniffi::export]
pub fn my_number_status(transceiver: Arc<dyn Transceiver>, options: MyNumberOptions) -> Result<MyNumberStatus, ZairyuError> {
    guard(|| {
        let r = mn::status(&ForeignTransceiver(transceiver), &core_options(&options)?)?;
        Ok(r.into())
    })
}

/// The in-person check: 照合番号B from the birth date, the card's expiry year and the security
/// code printed on it (validated before the card is touched), then the card-face record, its
/// images and its tamper check.
#[uniffi::export]
pub fn my_number_in_person_check(
    transceiver: Arc<dyn Transceiver>,
    options: MyNumberOptions,
    birth_date: String,
    expiry_year: String,
    security_code: String,
) -> Result<Arc<MyNumberResult>, ZairyuError> {
    let security_code = Zeroizing::new(security_code);
    guard(|| {
        let t = ForeignTransceiver(transceiver);
        let r = mn::in_person_check(&t, &core_options(&options)?, &birth_date, &expiry_year, &security_code)?;
        Ok(Arc::new(MyNumberResult { outcome: Outcome::InPerson(r) }))
    })
}

/// The PIN check: the four basic attributes (and the 個人番号 when `read_individual_number`)
/// with the 4-digit input-helper PIN.
#[uniffi::export]
pub fn my_number_pin_check(
    transceiver: Arc<dyn Transceiver>,
    options: MyNumberOptions,
    pin: Arc<dyn PinSource>,
) -> Result<Arc<MyNumberResult>, ZairyuError> {
    guard(|| run_with_pin(transceiver, &options, pin, |t, o, source| mn::pin_check(t, o, source, options.read_individual_number), Outcome::PinCheck))
}

/// JPKI authentication: the certificate, a live signature over a fresh challenge with the
/// 4-digit PIN, and the chain.
#[uniffi::export]
pub fn my_number_auth_check(
    transceiver: Arc<dyn Transceiver>,
    options: MyNumberOptions,
    pin: Arc<dyn PinSource>,
) -> Result<Arc<MyNumberResult>, ZairyuError> {
    guard(|| run_with_pin(transceiver, &options, pin, mn::auth_check, Outcome::Auth))
}

/// JPKI signature certificate with the 6–16 character password: presence checked before the
/// password is asked, then the certificate, its chain and its holder.
#[uniffi::export]
pub fn my_number_signature_check(
    transceiver: Arc<dyn Transceiver>,
    options: MyNumberOptions,
    password: Arc<dyn PinSource>,
) -> Result<Arc<MyNumberResult>, ZairyuError> {
    guard(|| run_with_pin(transceiver, &options, password, mn::signature_check, Outcome::Signature))
}

/// One check that asks the shell's `PinSource` (run inside the export's `guard`): the exception a throwing source raised turns
/// into `Internal` (see [`ForeignPin::outcome`]); the result becomes a `MyNumberResult`.
fn run_with_pin<R>(
    transceiver: Arc<dyn Transceiver>,
    options: &MyNumberOptions,
    pin: Arc<dyn PinSource>,
    check: impl FnOnce(&dyn zairyu_core::Transceiver, &mn::MyNumberOptions, &dyn mn::PinSource) -> Result<R, MyNumberError>,
    wrap: fn(R) -> Outcome,
) -> Result<Arc<MyNumberResult>, ZairyuError> {
    let source = ForeignPin::new(pin);
    let t = ForeignTransceiver(transceiver);
    let r = source.outcome(check(&t, &core_options(options)?, &source))?;
    Ok(Arc::new(MyNumberResult { outcome: wrap(r) }))
}

enum Outcome {
    InPerson(mn::InPersonResult),
    PinCheck(mn::PinCheckResult),
    Auth(mn::AuthResult),
    Signature(mn::SignatureResult),
}

/// A finished My Number check. Holds personal data and images: close it when the result screen
/// goes (Android: through ResultOwner, never shared across threads without it).
#[derive(uniffi::Object)]
pub struct MyNumberResult {
    outcome: Outcome,
}

impl std::fmt::Debug for MyNumberResult {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MyNumberResult(<redacted>)")
    }
}

impl MyNumberResult {
    fn kind(&self) -> mn::CardKind {
        match &self.outcome {
            Outcome::InPerson(r) => r.kind,
            Outcome::PinCheck(r) => r.kind,
            Outcome::Auth(r) => r.kind,
            Outcome::Signature(r) => r.kind,
        }
    }

    fn verification(&self) -> &mn::MnVerification {
        match &self.outcome {
            Outcome::InPerson(r) => &r.verification,
            Outcome::PinCheck(r) => &r.verification,
            Outcome::Auth(r) => &r.verification,
            Outcome::Signature(r) => &r.verification,
        }
    }

    fn holder(&self) -> Option<&mn::Holder> {
        match &self.outcome {
            Outcome::InPerson(r) => Some(&r.holder),
            Outcome::PinCheck(r) => Some(&r.holder),
            Outcome::Auth(_) => None,
            Outcome::Signature(r) => Some(&r.holder),
        }
    }
}

#[uniffi::export]
impl MyNumberResult {
    pub fn check(&self) -> Result<MyNumberCheck, ZairyuError> {
        guard(|| {
            Ok(match &self.outcome {
                Outcome::InPerson(_) => MyNumberCheck::InPerson,
                Outcome::PinCheck(_) => MyNumberCheck::PinCheck,
                Outcome::Auth(_) => MyNumberCheck::Auth,
                Outcome::Signature(_) => MyNumberCheck::Signature,
            })
        })
    }

    pub fn card_kind(&self) -> Result<MyNumberCardKind, ZairyuError> {
        guard(|| Ok(self.kind().into()))
    }

    pub fn verdict(&self) -> Result<Verdict, ZairyuError> {
        guard(|| Ok(self.verification().verdict.into()))
    }

    /// The counter of the PIN the check used, as it stood before the (accepted) try.
    pub fn pins(&self) -> Result<Vec<PinStatus>, ZairyuError> {
        guard(|| {
            let pins = match &self.outcome {
                Outcome::InPerson(r) => &r.pins,
                Outcome::PinCheck(r) => &r.pins,
                Outcome::Auth(r) => &r.pins,
                Outcome::Signature(r) => &r.pins,
            };
            Ok(pins.iter().copied().map(Into::into).collect())
        })
    }

    /// The result screen. `matched`: what the person typed (fields left `None` are not compared);
    /// ignored by the authentication check, which has no holder data. `reveal_individual_number`:
    /// the operator tapped the masked number.
    pub fn screen(&self, matched: Option<MatchInput>, reveal_individual_number: bool) -> Result<MyNumberScreen, ZairyuError> {
        guard(|| {
            let compared = match (matched, self.holder()) {
                (Some(m), Some(holder)) => Some(matching::compare(&m.into(), holder)).filter(|r| !r.is_empty()),
                _ => None,
            };
            let m = compared.as_ref();
            let screen = match &self.outcome {
                Outcome::InPerson(r) => present::in_person_screen(r, m),
                Outcome::PinCheck(r) => present::pin_check_screen(r, m, reveal_individual_number),
                Outcome::Auth(r) => present::auth_screen(r),
                Outcome::Signature(r) => present::signature_screen(r, m),
            };
            Ok(screen.into())
        })
    }

    /// PNG of a card-face image scaled (aspect kept) to fit the box, never enlarged, the box
    /// capped at the card-image limits (as `card_image_png`). `None` when the result has no such
    /// image or it could not be decoded.
    pub fn image_png(&self, which: MyNumberImage, max_width: u32, max_height: u32) -> Result<Option<Vec<u8>>, ZairyuError> {
        guard(|| {
            let Outcome::InPerson(r) = &self.outcome else {
                return Ok(None);
            };
            let img: &CardImage = match which {
                MyNumberImage::Photo => &r.photo,
                MyNumberImage::NameImage => &r.name_image,
                MyNumberImage::AddressImage => &r.address_image,
            };
            let Ok(decoded) = img.decoded.as_ref() else {
                return Ok(None);
            };
            let scaled = image::scale_to_fit(
                decoded,
                max_width.min(decoded.width).min(Limits::CARD.max_width),
                max_height.min(decoded.height).min(Limits::CARD.max_height),
            );
            image::to_png(&scaled).map(Some).map_err(|e| ZairyuError::internal(format!("PNG encoding failed: {e}")))
        })
    }

    /// APDUs and bytes the check took, for diagnostics.
    pub fn wire_stats(&self) -> Result<WireStats, ZairyuError> {
        guard(|| {
            let wire = match &self.outcome {
                Outcome::InPerson(r) => r.wire,
                Outcome::PinCheck(r) => r.wire,
                Outcome::Auth(r) => r.wire,
                Outcome::Signature(r) => r.wire,
            };
            Ok(wire.into())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_string_moves_utf8_and_replaces_the_rest() {
        assert_eq!(secret_string(b"1234".to_vec()).as_str(), "1234");
        assert_eq!(secret_string("ＡＢ１２".as_bytes().to_vec()).as_str(), "ＡＢ１２");
        assert_eq!(secret_string(vec![b'1', 0xFF, b'3']).as_str(), "1\u{FFFD}3");
    }

    #[test]
    fn check_pin_input_reports_positions() {
        let text = check_pin_input(PinKind::Auth, b"12x4".to_vec()).unwrap().unwrap();
        assert_eq!((text.ja.as_str(), text.en.as_str()), ("3文字目が数字ではありません。", "Character 3 is not a digit."));
        assert_eq!(check_pin_input(PinKind::InputHelper, b"1234".to_vec()).unwrap(), None);
        assert_eq!(check_pin_input(PinKind::Signature, b"test1234ab".to_vec()).unwrap(), None);
        let bad_utf8 = check_pin_input(PinKind::Auth, vec![b'1', 0xFF, b'3', b'4']).unwrap().unwrap();
        assert_eq!(bad_utf8.ja, "2文字目が数字ではありません。");
        let e = check_pin_input(PinKind::CollationB, b"1".to_vec()).unwrap_err();
        assert_eq!(e.code(), "internal");
    }

    #[test]
    fn pin_entry_screen_says_the_tries_before_a_try() {
        let s = pin_entry_screen(PinKind::InputHelper, 1).unwrap();
        assert_eq!(s.tries_left.ja, "残り1回");
        assert!(s.last_try_confirmation.is_some());
        assert_eq!((s.min_length, s.max_length, s.digits_only), (4, 4, true));
        assert_eq!(pin_entry_screen(PinKind::Auth, 3).unwrap().last_try_confirmation, None);
    }

    #[test]
    fn collation_input_is_checked_without_a_card() {
        assert_eq!(check_collation_input("1985-04-12".into(), "2034".into(), "4826".into()).unwrap(), None);
        let p = check_collation_input("1985-02-30".into(), "2034".into(), "4826".into()).unwrap().unwrap();
        assert_eq!(p.field, crate::mynumber_records::CollationField::BirthDate);
        let p = check_collation_input("1985-04-12".into(), "2034".into(), "48a6".into()).unwrap().unwrap();
        assert_eq!(p.field, crate::mynumber_records::CollationField::SecurityCode);
    }

    #[test]
    fn a_bad_test_anchor_is_internal() {
        let e = trust(&[MyNumberTestAnchor::JpkiRoot { der: vec![1, 2, 3], label: "x".into() }]).unwrap_err();
        assert_eq!(e.code(), "internal");
        let e = trust(&[MyNumberTestAnchor::CvcCaKey { key_id: vec![0; 3], modulus: vec![1], exponent: 65537, label: "x".into() }])
            .unwrap_err();
        assert_eq!(e.code(), "internal");
    }

    struct Answer(Option<&'static str>, std::sync::atomic::AtomicUsize);

    impl PinSource for Answer {
        fn pin(&self, prompt: PinPrompt) -> Option<Vec<u8>> {
            self.1.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            assert_eq!(prompt.screen.tries_left.ja, format!("残り{}回", prompt.tries_left));
            self.0.map(|s| s.as_bytes().to_vec())
        }
    }

    /// A PIN screen whose callback fails: UniFFI's generated code panics in Rust when a foreign
    /// callback without an error type throws; this stands for it.
    struct Throws;

    impl PinSource for Throws {
        fn pin(&self, _: PinPrompt) -> Option<Vec<u8>> {
            panic!("callback failed: secret 1234")
        }
    }

    fn card(profile: &str) -> (Arc<crate::SoftCardTransceiver>, MyNumberOptions) {
        let card = crate::SoftCardTransceiver::new(profile.into()).unwrap();
        let options = MyNumberOptions {
            cancel: None,
            allow_last_try: false,
            read_individual_number: false,
            test_anchors: card.my_number_test_anchors().unwrap(),
            now_unix: Some(1_796_083_200),
            skip_image_decoding: true,
        };
        (card, options)
    }

    #[test]
    fn checks_through_the_exports() {
        let (c, options) = card("mynumber-complete");
        let source = Arc::new(Answer(Some("1234"), Default::default()));
        let r = my_number_pin_check(c.clone().as_transceiver(), options.clone(), source.clone()).unwrap();
        assert_eq!(source.1.load(std::sync::atomic::Ordering::SeqCst), 1);
        assert_eq!((r.check().unwrap(), r.verdict().unwrap()), (MyNumberCheck::PinCheck, Verdict::Normal));
        assert_eq!(r.wire_stats().unwrap().apdus, 14);
        assert_eq!(format!("{r:?}"), "MyNumberResult(<redacted>)");
        // skip_image_decoding: the images are listed (the card returned them) but give no pixels.
        let r = my_number_in_person_check(c.clone().as_transceiver(), options.clone(), "1985-04-12".into(), "2034".into(), "4826".into())
            .unwrap();
        assert_eq!(r.screen(None, false).unwrap().images.len(), 3);
        assert_eq!(r.image_png(MyNumberImage::Photo, 100, 100).unwrap(), None);
        let status = my_number_status(c.as_transceiver(), options).unwrap();
        assert_eq!(status.kind, MyNumberCardKind::MyNumberCard);
    }

    #[test]
    fn a_cancelled_or_throwing_pin_source_sends_no_pin() {
        let (c, options) = card("mynumber-complete");
        let e = my_number_auth_check(c.clone().as_transceiver(), options.clone(), Arc::new(Answer(None, Default::default())))
            .unwrap_err();
        assert_eq!(e.code(), "cancelled");
        let before = c.apdu_count().unwrap();
        let e = my_number_signature_check(c.clone().as_transceiver(), options.clone(), Arc::new(Throws)).unwrap_err();
        assert_eq!(e, ZairyuError::internal("the PIN source threw an exception"));
        assert!(!format!("{e:?}").contains("1234"));
        // identify, SELECT JPKI, SELECT + READ the presence file, SELECT key, tries: no VERIFY with data.
        assert_eq!(c.apdu_count().unwrap() - before, 6);
        let s = my_number_status(c.as_transceiver(), options).unwrap();
        let tries: Vec<(PinKind, u8, bool)> = s.pins.iter().map(|p| (p.kind, p.tries_left, p.blocked)).collect();
        assert_eq!(
            tries,
            [(PinKind::InputHelper, 3, false), (PinKind::CollationB, 10, false), (PinKind::Auth, 3, false), (PinKind::Signature, 5, false)]
        );
    }
}
