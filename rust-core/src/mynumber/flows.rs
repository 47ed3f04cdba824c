//! The five My Number checks, each at its protocol minimum of APDUs (docs/performance.md):
//! identify the card, enter the application by AID, read counters before any VERIFY, ask for the
//! PIN only when a try is allowed, read what the check needs, verify, conclude.

use std::sync::Arc;

use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::chain::{self, Purpose};
use super::chip::{self, face, helper, jpki};
use super::cvc::{self, SignatureFailure};
use super::error::MyNumberError;
use super::identify::{enter, identify};
use super::link;
use super::model::*;
use super::pin::{parse_pin, Pin, PinKind};
use super::tries::{self, PinStatus};
use super::trust::CVC_PROVENANCE;

/// Where a caller-given CVC CA key comes from, shown instead of the table's provenance.
const TEST_KEY_PROVENANCE: &str = "test CA key given by the caller";
use super::{guard, MyNumberOptions, PinPrompt, PinSource};
use crate::error::ReadError;
use crate::session::Session;
use crate::transport::{CancelToken, SystemClock, Transceiver};

fn with_session<T>(
    transport: &dyn Transceiver,
    options: &MyNumberOptions,
    name: &'static str,
    body: impl FnOnce(&mut Session<'_>) -> Result<T, MyNumberError>,
) -> Result<(T, crate::session::WireStats), MyNumberError> {
    let cancel: &CancelToken = &options.cancel;
    let noop = |_: usize| {};
    let mut session = Session::new(transport, cancel, &noop);
    if let Some(budget) = options.time_budget {
        let clock = options.clock.clone().unwrap_or_else(|| Arc::new(SystemClock::default()));
        session = session.with_time_budget(clock, budget);
    }
    let result = body(&mut session);
    let stats = session.stats();
    log::info!(
        "my number {name}: {} ({} APDUs)",
        result.as_ref().map_or_else(|e| e.code(), |_| "ok"),
        stats.apdus
    );
    result.map(|r| (r, stats))
}

fn now(options: &MyNumberOptions) -> i64 {
    options.now_unix.unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
    })
}

/// Counter read, policy applied, PIN asked once and sent once. The key EF must be selected.
fn verify_with_source(
    s: &mut Session<'_>,
    kind: PinKind,
    source: &dyn PinSource,
    allow_last_try: bool,
) -> Result<PinStatus, MyNumberError> {
    let before = tries::read_status(s, kind)?;
    tries::may_try(&before, allow_last_try)?;
    let prompt = PinPrompt { kind, tries_left: before.tries_left, last_try: before.tries_left == 1 };
    let typed = source.pin(&prompt).ok_or(MyNumberError::Read(ReadError::Cancelled))?;
    let pin = parse_pin(kind, &typed).map_err(MyNumberError::InvalidPin)?;
    send_pin(s, &pin, before)
}

/// The VERIFY itself, on a counter already read and allowed.
fn send_pin(s: &mut Session<'_>, pin: &Pin, before: PinStatus) -> Result<PinStatus, MyNumberError> {
    let kind = pin.kind();
    match tries::classify(link::verify(s, pin)?) {
        tries::Counter::Accepted => Ok(before),
        tries::Counter::TriesLeft(n) => Err(MyNumberError::WrongPin { pin: kind, tries_left: n }),
        tries::Counter::Blocked => Err(MyNumberError::PinBlocked { pin: kind }),
        tries::Counter::WrongUnlimited => {
            Err(MyNumberError::WrongPin { pin: kind, tries_left: before.tries_left.saturating_sub(1) })
        }
        tries::Counter::Other(sw) => Err(link::unexpected(sw, "VERIFY")),
    }
}

fn select(s: &mut Session<'_>, fid: u16) -> Result<(), MyNumberError> {
    link::select_ef_ok(s, fid, MyNumberError::malformed("a file the application must have is missing"))
}

fn read_file(s: &mut Session<'_>, fid: u16, what: &'static str) -> Result<Vec<u8>, MyNumberError> {
    select(s, fid)?;
    link::read_tlv_file(s, what)
}

/// Which card, every counter, which certificates. No PIN is asked or spent.
pub fn status(transport: &dyn Transceiver, options: &MyNumberOptions) -> Result<StatusResult, MyNumberError> {
    let ((kind, pins, presence), wire) = with_session(transport, options, "status", |s| {
        let kind = identify(s)?;
        let mut pins = Vec::with_capacity(4);
        enter(s, &chip::AID_INPUT_HELPER)?;
        select(s, helper::KEY_PIN)?;
        pins.push(tries::read_status(s, PinKind::InputHelper)?);
        enter(s, &chip::AID_CARD_FACE)?;
        select(s, face::KEY_COLLATION_B)?;
        pins.push(tries::read_status(s, PinKind::CollationB)?);
        enter(s, &chip::AID_JPKI)?;
        select(s, jpki::KEY_AUTH_PIN)?;
        pins.push(tries::read_status(s, PinKind::Auth)?);
        // Under-15 cards have no signature key: no counter to report, not an error.
        match link::select_ef(s, jpki::KEY_SIGN_PIN)? {
            crate::apdu::sw::OK => pins.push(tries::read_status(s, PinKind::Signature)?),
            crate::apdu::sw::FILE_NOT_FOUND => {}
            other => return Err(link::unexpected(other, "SELECT EF")),
        }
        let presence = certificate_presence(s)?;
        Ok((kind, pins, presence))
    })?;
    Ok(StatusResult { kind, pins, auth_certificate: presence.1, signature_certificate: presence.0, wire })
}

/// JPKI EF `0008` (JPKI AP selected): (signature, auth) certificate present.
fn certificate_presence(s: &mut Session<'_>) -> Result<(bool, bool), MyNumberError> {
    select(s, jpki::EF_CERT_PRESENCE)?;
    let raw = link::read_fixed(s, jpki::CERT_PRESENCE_LEN, "certificate presence")?;
    let a = myna_card::ap::jpki::CertificateAvailability::parse(&raw)
        .map_err(|_| MyNumberError::malformed("certificate presence"))?;
    // Only the two values cards were seen with (`8F` present, `00` absent): anything else is not
    // a statement we can act on, and "absent" would wrongly end the signature check.
    let known = |b: u8| b == myna_card::ap::jpki::CertificateAvailability::PRESENT || b == 0x00;
    if !known(a.sign) || !known(a.auth) {
        return Err(MyNumberError::malformed("certificate presence"));
    }
    Ok((a.has_sign_certificate(), a.has_auth_certificate()))
}

fn date(d: &myna_card::Date) -> (u16, u8, u8) {
    (d.year, d.month, d.day)
}

/// The in-person check: 照合番号B from what is printed on the card, then the card-face record and
/// its tamper check. The inputs are validated before the card is touched.
pub fn in_person_check(
    transport: &dyn Transceiver,
    options: &MyNumberOptions,
    birth: &str,
    expiry_year: &str,
    security_code: &str,
) -> Result<InPersonResult, MyNumberError> {
    let code_b = super::collation::collation_b(birth, expiry_year, security_code)
        .map_err(MyNumberError::InvalidCollationInput)?;
    let ((kind, pins, record, cvc_bytes), wire) = with_session(transport, options, "in-person", |s| {
        let kind = identify(s)?;
        enter(s, &chip::AID_CARD_FACE)?;
        select(s, face::KEY_COLLATION_B)?;
        let before = tries::read_status(s, PinKind::CollationB)?;
        tries::may_try(&before, options.allow_last_try)?;
        let status = send_pin(s, &code_b, before)?;
        let record = read_file(s, face::EF_CARD_FACE, "card-face record")?;
        let cvc_bytes = read_file(s, face::EF_CVC, "card-face certificate")?;
        Ok((kind, vec![status], record, cvc_bytes))
    })?;
    if !guard::two_levels(&record, Some(0xDF24)) {
        return Err(MyNumberError::malformed("card-face record"));
    }
    let face = myna_card::ap::surface::CardFace::parse(&record).map_err(|_| MyNumberError::malformed("card-face record"))?;
    let mut v = MnVerification::new();
    v.tamper = Some(match cvc::check_certificate(&cvc_bytes, &options.trust) {
        Err(f) => Step::Failed(f.as_str()),
        Ok(certified) => {
            v.test_anchor = certified.test_anchor;
            v.anchor = Some(certified.ca_key_id.clone());
            v.anchor_provenance = Some(if certified.test_anchor { TEST_KEY_PROVENANCE } else { CVC_PROVENANCE });
            if cvc::check_card_face(&face.signed_segments, &face.signature, &certified.key) {
                Step::Ok
            } else {
                Step::Failed(SignatureFailure::SignatureInvalid.as_str())
            }
        }
    });
    let decode = !options.skip_image_decoding;
    Ok(InPersonResult {
        kind,
        pins,
        holder: Holder {
            name: None,
            address: None,
            birth_date: Some(date(&face.birth_date)),
            sex: Some(sex(face.sex)),
        },
        card_expiry: Some(date(&face.expiry)),
        name_image: crate::read::card_image(&face.name_image.data, decode),
        address_image: crate::read::card_image(&face.address_image.data, decode),
        photo: crate::read::card_image(&face.photo.data, decode),
        verification: v.conclude(),
        wire,
    })
}

fn sex(s: myna_card::Sex) -> Sex {
    match s {
        myna_card::Sex::Male => Sex::Male,
        myna_card::Sex::Female => Sex::Female,
        _ => Sex::Other,
    }
}

/// The PIN check: the four basic attributes with the 4-digit PIN and their integrity check; the
/// 個人番号 only when `with_individual_number`.
pub fn pin_check(
    transport: &dyn Transceiver,
    options: &MyNumberOptions,
    pin: &dyn PinSource,
    with_individual_number: bool,
) -> Result<PinCheckResult, MyNumberError> {
    let ((kind, pins, basic, integrity, cvc_bytes, number_file), wire) = with_session(transport, options, "pin", |s| {
        let kind = identify(s)?;
        enter(s, &chip::AID_INPUT_HELPER)?;
        select(s, helper::KEY_PIN)?;
        let status = verify_with_source(s, PinKind::InputHelper, pin, options.allow_last_try)?;
        let basic = read_file(s, helper::EF_BASIC_FOUR, "basic four")?;
        let integrity = read_file(s, helper::EF_INTEGRITY, "integrity record")?;
        let cvc_bytes = read_file(s, helper::EF_CVC, "input-helper certificate")?;
        let number_file = if with_individual_number {
            select(s, helper::EF_MY_NUMBER)?;
            Some(zeroize::Zeroizing::new(link::read_fixed(s, helper::MY_NUMBER_FILE_LEN, "individual number")?))
        } else {
            None
        };
        Ok((kind, vec![status], basic, integrity, cvc_bytes, number_file))
    })?;
    if !guard::two_levels(&basic, None) {
        return Err(MyNumberError::malformed("basic four"));
    }
    let attrs = myna_card::ap::text::Attributes::parse(&basic).map_err(|_| MyNumberError::malformed("basic four"))?;
    let individual_number = match &number_file {
        Some(f) => Some(individual_number(f)?),
        None => None,
    };
    let mut v = MnVerification::new();
    v.integrity = Some(integrity_step(&basic, &integrity, &cvc_bytes, number_file.as_ref().map(|f| f.as_slice()), options, &mut v));
    let holder = Holder {
        name: Some(attrs.name.clone()),
        address: Some(attrs.address.clone()),
        birth_date: Some(date(&attrs.birth_date)),
        sex: Some(sex(attrs.sex)),
    };
    Ok(PinCheckResult { kind, pins, holder, individual_number, verification: v.conclude(), wire })
}

/// EF `0001`: `FF 10 0C` + 12 ASCII digits + filler.
fn individual_number(file: &[u8]) -> Result<IndividualNumber, MyNumberError> {
    match file {
        [0xFF, 0x10, 0x0C, digits @ ..] if digits.len() >= 12 && digits[..12].iter().all(u8::is_ascii_digit) => {
            Ok(IndividualNumber::new(String::from_utf8_lossy(&digits[..12]).into_owned()))
        }
        _ => Err(MyNumberError::malformed("individual number")),
    }
}

/// DF32 against the basic-four file, DF31 against the 個人番号 file when read, DF33 over
/// `DF31‖DF32` with the EF `0004` key, that key against its CA.
fn integrity_step(
    basic: &[u8],
    integrity: &[u8],
    cvc_bytes: &[u8],
    number_file: Option<&[u8]>,
    options: &MyNumberOptions,
    v: &mut MnVerification,
) -> Step {
    if !guard::two_levels(integrity, None) {
        return Step::Failed(SignatureFailure::RecordUnreadable.as_str());
    }
    let Ok(record) = myna_card::ap::text::IntegrityRecord::parse(integrity) else {
        return Step::Failed(SignatureFailure::RecordUnreadable.as_str());
    };
    let certified = match cvc::check_certificate(cvc_bytes, &options.trust) {
        Ok(c) => c,
        Err(f) => return Step::Failed(f.as_str()),
    };
    v.test_anchor = certified.test_anchor;
    v.anchor = Some(certified.ca_key_id.clone());
    v.anchor_provenance = Some(if certified.test_anchor { TEST_KEY_PROVENANCE } else { CVC_PROVENANCE });
    if !cvc::verify_sha256(&certified.key, &record.signed_data, &record.signature) {
        return Step::Failed(SignatureFailure::SignatureInvalid.as_str());
    }
    let Ok(source) = myna_card::ap::text::Attributes::digest_source(basic) else {
        return Step::Failed(SignatureFailure::RecordUnreadable.as_str());
    };
    if !bool::from(Sha256::digest(source).as_slice().ct_eq(&record.attributes_digest)) {
        return Step::Failed(SignatureFailure::DigestMismatch.as_str());
    }
    if let Some(file) = number_file {
        let ok = bool::from(Sha256::digest(file).as_slice().ct_eq(&record.my_number_digest));
        v.my_number_digest = Some(if ok { Step::Ok } else { Step::Failed(SignatureFailure::MyNumberDigestMismatch.as_str()) });
    }
    Step::Ok
}

/// JPKI authentication: the certificate (no PIN), then the 4-digit PIN and a fresh random
/// challenge signed by the card, verified with the certificate's key; the chain to a trusted root.
pub fn auth_check(
    transport: &dyn Transceiver,
    options: &MyNumberOptions,
    pin: &dyn PinSource,
) -> Result<AuthResult, MyNumberError> {
    auth_check_with_rng(transport, options, pin, &mut OsRng)
}

/// [`auth_check`] with the challenge drawn from `rng` (tests replay exact APDUs).
pub fn auth_check_with_rng(
    transport: &dyn Transceiver,
    options: &MyNumberOptions,
    pin: &dyn PinSource,
    rng: &mut dyn RngCore,
) -> Result<AuthResult, MyNumberError> {
    let mut challenge = [0u8; 32];
    rng.fill_bytes(&mut challenge);
    let digest = Sha256::digest(challenge);
    let digest_info = myna_card::data::sha256_digest_info(&digest);
    let ((kind, pins, cert_der, signature), wire) = with_session(transport, options, "auth", |s| {
        let kind = identify(s)?;
        enter(s, &chip::AID_JPKI)?;
        let cert_der = read_file(s, jpki::EF_AUTH_CERT, "authentication certificate")?;
        select(s, jpki::KEY_AUTH_PIN)?;
        let status = verify_with_source(s, PinKind::Auth, pin, options.allow_last_try)?;
        select(s, jpki::EF_AUTH_KEY)?;
        let answer = link::compute_signature(s, &digest_info)?;
        let signature = match answer.sw {
            crate::apdu::sw::OK => Some(answer.data),
            crate::apdu::sw::SECURITY_STATUS => return Err(link::unexpected(answer.sw, "COMPUTE DIGITAL SIGNATURE")),
            _ => None,
        };
        Ok((kind, vec![status], cert_der, signature))
    })?;
    let mut v = MnVerification::new();
    match chain::parse_leaf(&cert_der) {
        None => {
            v.chain = Some(Step::Failed(chain::ChainFailure::CertificateUnreadable.as_str()));
            v.signature = Some(Step::Absent);
        }
        Some(leaf) => {
            v.signature = Some(match (&leaf.key, &signature) {
                (_, None) => Step::Failed("card_refused"),
                (None, _) => Step::Failed("certificate_key_unreadable"),
                (Some(k), Some(sig)) => {
                    if k.verify(rsa::Pkcs1v15Sign::new::<Sha256>(), &digest, sig).is_ok() {
                        Step::Ok
                    } else {
                        Step::Failed("signature_invalid")
                    }
                }
            });
            apply_chain(&mut v, &leaf, options, Purpose::Auth);
        }
    }
    Ok(AuthResult { kind, pins, verification: v.conclude(), wire })
}

fn apply_chain(v: &mut MnVerification, leaf: &chain::Leaf, options: &MyNumberOptions, purpose: Purpose) {
    match chain::check(leaf, &options.trust, purpose, now(options)) {
        Ok(ok) => {
            v.chain = Some(Step::Ok);
            v.certificate_status = Some(ok.status);
            v.test_anchor = ok.test_anchor;
            v.anchor = Some(ok.anchor_label);
        }
        Err(f) => v.chain = Some(Step::Failed(f.as_str())),
    }
}

/// JPKI signature certificate: presence checked before the password is asked (holders under 15
/// have none), then the 6–16 character password, the certificate, its chain and its holder.
pub fn signature_check(
    transport: &dyn Transceiver,
    options: &MyNumberOptions,
    password: &dyn PinSource,
) -> Result<SignatureResult, MyNumberError> {
    let ((kind, pins, cert_der), wire) = with_session(transport, options, "signature", |s| {
        let kind = identify(s)?;
        enter(s, &chip::AID_JPKI)?;
        let (has_sign, _) = certificate_presence(s)?;
        if !has_sign {
            return Err(MyNumberError::NoSignatureCertificate);
        }
        select(s, jpki::KEY_SIGN_PIN)?;
        let status = verify_with_source(s, PinKind::Signature, password, options.allow_last_try)?;
        let cert_der = read_file(s, jpki::EF_SIGN_CERT, "signature certificate")?;
        Ok((kind, vec![status], cert_der))
    })?;
    let mut v = MnVerification::new();
    let holder = match chain::parse_leaf(&cert_der) {
        None => {
            v.chain = Some(Step::Failed(chain::ChainFailure::CertificateUnreadable.as_str()));
            Holder::default()
        }
        Some(leaf) => {
            apply_chain(&mut v, &leaf, options, Purpose::Signature);
            super::san::holder(&leaf.cert)
        }
    };
    Ok(SignatureResult { kind, pins, holder, verification: v.conclude(), wire })
}
