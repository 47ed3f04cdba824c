//! The read of a specified card's 在留AP (gen2-chip.md §9), after detection has selected the
//! application and read `C0`/`C1` under it: SET SESSION KEY, VERIFY of the number under SM,
//! DF1 under SM, DF3 and DF2 plain, then the second-generation parse and verification. Only the
//! 在留AP is touched: no My Number application is selected, no PIN is sent.

use rand_core::RngCore;

use super::key_delivery::set_session_key;
use super::sm::{SmError, SmSession};
use crate::apdu::{sw, LE_MAX_EXTENDED};
use crate::chip::specified::PARAMS;
use crate::chip::{gen2 as map, CardTypeCode};
use crate::error::ReadError;
use crate::model::{CardInfo, CardKind, Generation, Reading};
use crate::number::CardNumber;
use crate::read::gen2::{assemble, read_df2, Files};
use crate::read::{progress, ProgressTracker, ReadOptions};
use crate::session::{expect_ok, Session};
use crate::transport::ReadStep;

pub(crate) fn read(
    session: &mut Session<'_>,
    tracker: &ProgressTracker<'_>,
    number: &CardNumber,
    card_type: CardTypeCode,
    spec_version: Option<String>,
    options: &ReadOptions,
    rng: &mut dyn RngCore,
) -> Result<Reading, ReadError> {
    let delivery_key = options.delivery_key.as_ref().ok_or(ReadError::DeliveryKeyMissing)?;
    if !session.extended() {
        // SET SESSION KEY carries a 256-byte cryptogram: no short APDU can hold it.
        return Err(ReadError::CommunicationError {
            detail: "specified cards need extended-length APDUs (SET SESSION KEY carries 256 bytes)".into(),
        });
    }
    tracker.set_plan(progress::GEN2_PLAN);
    let residence = card_type == CardTypeCode::SpecifiedResidence;

    tracker.begin(ReadStep::Authenticating);
    let (command, mut sm) = set_session_key(delivery_key, rng)
        .map_err(|_| ReadError::Internal { detail: "RSA-OAEP encryption to the delivery key failed".into() })?;
    match session.exchange(&command)?.sw {
        sw::OK => {}
        s if sw::is_chip_fault(s) => return Err(ReadError::ChipBroken { sw: s }),
        s => return Err(ReadError::KeyDeliveryRefused { sw: s }),
    }
    verify(session, &mut sm, number)?;

    crate::read::gen1::select(session, &map::AID_DF1)?;
    tracker.begin(ReadStep::ReadingCardData);
    let number_file = read_sm(session, &mut sm, map::SFI_CARD_NUMBER, map::CAP_CARD_NUMBER, "READ card number")?;
    let printed_cap = if residence { map::CAP_PRINTED_RESIDENCE } else { map::CAP_PRINTED_SPRC };
    let printed = read_sm(session, &mut sm, map::SFI_PRINTED, printed_cap, "READ printed entries")?;
    tracker.begin(ReadStep::ReadingFaceImage);
    let images = read_sm(session, &mut sm, map::SFI_NAME_FACE, map::CAP_NAME_FACE, "READ name and face")?;
    tracker.begin(ReadStep::ReadingAddress);
    let address = read_sm(session, &mut sm, map::SFI_ADDRESS_IMAGE, map::CAP_ADDRESS_IMAGE, "READ address image")?;
    drop(sm);

    // PARAMS.df2_df3_plain: DF3 and DF2 are read in plain after VERIFY, as on the 05/06 chip.
    crate::read::gen1::select(session, &map::AID_DF3)?;
    tracker.begin(ReadStep::ReadingSignature);
    let signature = crate::read::ok_or_error(session.read_plain(map::SFI_SIGNATURE, map::CAP_SIGNATURE)?, "READ signature")?;

    crate::read::gen1::select(session, &map::AID_DF2)?;
    tracker.begin(ReadStep::ReadingPermissions);
    let (permission, other) = read_df2(session, residence)?;

    let files = Files { number: number_file, printed, images, address, signature, permission, other };
    let kind = if residence {
        CardKind::SpecifiedResidenceCard
    } else {
        CardKind::SpecifiedSpecialPermanentResidentCertificate
    };
    assemble(tracker, &files, number, CardInfo { type_code: card_type, kind, generation: Generation::Second, spec_version }, options)
}

/// True for the status words of an SM failure: a counter or padding mismatch, a dead session,
/// missing SM data objects.
fn is_sm_failure(s: u16) -> bool {
    s == PARAMS.sw_sm_error || s == PARAMS.sw_session_dead || s == 0x6987
}

fn verify(session: &mut Session<'_>, sm: &mut SmSession, number: &CardNumber) -> Result<(), ReadError> {
    let (command, _) = sm.verify_command(number);
    match session.exchange(&command)?.sw {
        sw::OK => Ok(()),
        // `63 Cx` would mean the 在留AP counts tries (unconfirmed); either way the number is wrong.
        s if s == sw::VERIFICATION_FAILED || s & 0xFFF0 == 0x63C0 => Err(ReadError::WrongCardNumber),
        s if is_sm_failure(s) => {
            sm.mark_broken();
            Err(ReadError::SecureMessagingError { sw: Some(s) })
        }
        s => expect_ok(s, "VERIFY"),
    }
}

/// Reads a whole EF by SFI under SM: in one command when the transport carries the answer
/// (`96 03 00 00 00` = to the end of the file), else in chunks by offset, each its own SM command
/// and counter step.
fn read_sm(
    session: &mut Session<'_>,
    sm: &mut SmSession,
    sfi: u8,
    capacity: usize,
    step: &'static str,
) -> Result<Vec<u8>, ReadError> {
    // 86 82 LL LL 01 ‖ ct ‖ SW: the padded plaintext must fit in max - 7 bytes.
    let whole_response = 5 + (capacity / 16 + 1) * 16 + 2;
    let whole = session.max_apdu() >= whole_response;
    let chunk = if whole { capacity } else { ((session.max_apdu().saturating_sub(7) / 16) * 16).saturating_sub(1).max(15) };
    let mut out = Vec::with_capacity(capacity);
    loop {
        let offset = out.len();
        let (p1, p2) = if offset == 0 { (0x80 | sfi, 0) } else { (((offset >> 8) & 0x7F) as u8, (offset & 0xFF) as u8) };
        let want = chunk.min(capacity.saturating_sub(offset).max(1));
        let le_plain = if whole { 0 } else { u16::try_from(want).unwrap_or(u16::MAX) };
        let (command, n) = sm.read_command(p1, p2, le_plain, LE_MAX_EXTENDED);
        let answer = session.exchange(&command)?;
        match answer.sw {
            sw::OK => {}
            sw::OFFSET_OUT_OF_RANGE if offset > 0 => break,
            s if is_sm_failure(s) => {
                sm.mark_broken();
                return Err(ReadError::SecureMessagingError { sw: Some(s) });
            }
            s => {
                expect_ok(s, step)?;
            }
        }
        let data = sm.open(n, &answer.data).map_err(|e| match e {
            // Right structure, wrong plaintext: the card enciphered under another key or counter.
            SmError::Padding => ReadError::SecureMessagingError { sw: None },
            _ => ReadError::malformed("secure messaging response"),
        })?;
        if !whole && data.len() > want {
            return Err(ReadError::malformed("card sent more than asked"));
        }
        let short = data.len() < want;
        out.extend_from_slice(&data);
        if whole || short || data.is_empty() || out.len() >= capacity {
            break;
        }
    }
    Ok(out)
}
