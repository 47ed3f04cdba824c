//! The read sequence: detect the card type, dispatch per generation, and turn the files into a
//! verified [`Reading`]. Card-type detection comes first for every card, so a `63 00` is only
//! reported as a wrong number once we know which authentication the card speaks.

pub(crate) mod gen1;
pub(crate) mod gen2;
pub(crate) mod progress;

use std::sync::Arc;
use std::time::Duration;

use rand_core::{OsRng, RngCore};

use crate::chip::{gen1 as map, CardTypeCode};
use crate::error::{ReadError, UnsupportedCard};
use crate::image::{self, Limits};
use crate::model::{CardImage, Reading};
use crate::number::CardNumber;
use crate::parse;
use crate::session::{expect_ok, Session};
use crate::transport::{CancelToken, Clock, ProgressListener, ReadStep, SystemClock, Transceiver};
use crate::verify::TrustStore;

pub use progress::ProgressTracker;

/// AID of the residence application on a specified card's My Number chip (gen2-chip.md §1); the
/// value lives in the specified-card parameter table.
pub const AID_RESIDENCE_AP: [u8; 16] = crate::chip::specified::PARAMS.aid_residence_ap;

/// The default [`ReadOptions::time_budget`]: a whole read takes a few seconds on a real card even
/// over short APDUs; a minute means the card (or reader) is stalling on purpose or broken.
pub const DEFAULT_TIME_BUDGET: Duration = Duration::from_secs(60);

/// How a read is done. The trust store decides which issuers count as genuine.
#[derive(Clone)]
pub struct ReadOptions {
    pub trust: TrustStore,
    pub cancel: CancelToken,
    /// The time for certificate validity reports, Unix seconds; `None` = the system clock.
    pub now_unix: Option<i64>,
    /// Skip decoding images to pixels (raw bytes are still returned), e.g. for JSON-only output.
    pub skip_image_decoding: bool,
    /// The longest the whole read may take; past it the read ends in a `communication_error`
    /// (timeout). `None` = no limit. Checked between APDUs (see [`Session::with_time_budget`]).
    pub time_budget: Option<Duration>,
    /// The clock the budget is measured on; `None` = the system's monotonic clock.
    pub clock: Option<Arc<dyn Clock>>,
    /// ISA's RSA delivery key, needed only for specified cards (07/08); `None` = not installed,
    /// and such a card ends in `delivery_key_missing` right after its type is known.
    pub delivery_key: Option<crate::specified::DeliveryKey>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            trust: TrustStore::default(),
            cancel: CancelToken::default(),
            now_unix: None,
            skip_image_decoding: false,
            time_budget: Some(DEFAULT_TIME_BUDGET),
            clock: None,
            delivery_key: None,
        }
    }
}

/// Reads and verifies the card behind `transport` with the number the user entered.
pub fn read_card(
    number: &CardNumber,
    transport: &dyn Transceiver,
    options: &ReadOptions,
    progress: &dyn ProgressListener,
) -> Result<Reading, ReadError> {
    read_card_with_rng(number, transport, options, progress, &mut OsRng)
}

/// [`read_card`] with the terminal's randoms (RND.IFD, K.IFD) drawn from `rng`: tests use it to
/// replay the spec's Appendix 2 trace. Production code uses the OS generator.
pub fn read_card_with_rng(
    number: &CardNumber,
    transport: &dyn Transceiver,
    options: &ReadOptions,
    listener: &dyn ProgressListener,
    rng: &mut dyn RngCore,
) -> Result<Reading, ReadError> {
    let tracker = ProgressTracker::new(listener, transport.max_apdu_length());
    let on_exchange = |n: usize| tracker.on_bytes(n);
    let mut session = Session::new(transport, &options.cancel, &on_exchange);
    if let Some(budget) = options.time_budget {
        let clock = options.clock.clone().unwrap_or_else(|| Arc::new(SystemClock::default()));
        session = session.with_time_budget(clock, budget);
    }
    tracker.begin(ReadStep::DetectingCard);
    let (card_type, spec_version) = detect(&mut session)?;
    log::info!("card type {}", card_type.as_str());
    let result = match card_type {
        CardTypeCode::Gen1Residence | CardTypeCode::Gen1Sprc => {
            gen1::read(&mut session, &tracker, number, card_type, spec_version, options, rng)
        }
        CardTypeCode::Gen2Residence | CardTypeCode::Gen2Sprc => {
            gen2::read(&mut session, &tracker, number, card_type, spec_version, options, rng)
        }
        CardTypeCode::SpecifiedResidence | CardTypeCode::SpecifiedSprc => {
            crate::specified::read::read(&mut session, &tracker, number, card_type, spec_version, options, rng)
        }
    };
    let stats = session.stats();
    log::info!(
        "read finished: {} ({} APDUs, {} bytes sent, {} received)",
        result.as_ref().map_or_else(|e| e.code(), |_| "ok"),
        stats.apdus,
        stats.bytes_sent,
        stats.bytes_received
    );
    let mut reading = result?;
    reading.wire = stats;
    tracker.begin(ReadStep::Done);
    Ok(reading)
}

/// Reads MF/EF01 and MF/EF02 (length-aware) and classifies the card. A card without them is
/// probed once for the specified-card residence application before it is called "not a
/// residence card".
fn detect(session: &mut Session<'_>) -> Result<(CardTypeCode, Option<String>), ReadError> {
    let common = session.read_plain(map::SFI_COMMON, map::CAP_COMMON)?;
    let card_type = match common {
        Ok(_) => session.read_plain(map::SFI_CARD_TYPE, 4)?,
        Err(sw) => Err(sw),
    };
    match (common, card_type) {
        (Ok(common), Ok(card_type)) => Ok((parse::gen1::card_type(&card_type)?, parse::gen1::spec_version(&common))),
        (Err(sw), _) | (_, Err(sw)) if crate::apdu::sw::is_chip_fault(sw) => Err(ReadError::ChipBroken { sw }),
        _ => {
            if session.select_df(&AID_RESIDENCE_AP)? != crate::apdu::sw::OK {
                // One more SELECT on this failure path only: a plain My Number card gets its own
                // error ("use the My Number check") instead of "not a residence card".
                if session.select_df(&crate::mynumber::chip::AID_JPKI)? == crate::apdu::sw::OK {
                    return Err(ReadError::UnsupportedCard(UnsupportedCard::MyNumberCard));
                }
                return Err(ReadError::NotResidenceCard);
            }
            // The specified card's read order (gen2-chip.md §9): common data and card type under
            // the 在留AP first, before any authentication.
            let common = session.read_plain(map::SFI_COMMON, map::CAP_COMMON)?.ok();
            let card_type = session.read_plain(map::SFI_CARD_TYPE, 4)?.map_err(|_| ReadError::NotResidenceCard)?;
            match parse::gen1::card_type(&card_type)? {
                t @ (CardTypeCode::SpecifiedResidence | CardTypeCode::SpecifiedSprc) => {
                    Ok((t, common.as_deref().and_then(parse::gen1::spec_version)))
                }
                _ => Err(ReadError::NotResidenceCard),
            }
        }
    }
}

/// Builds a [`CardImage`] from a chip value: padding cut by the image's own structure, pixels
/// decoded within [`Limits::CARD`] unless the caller asked not to.
pub(crate) fn card_image(value: &[u8], decode: bool) -> CardImage {
    let trimmed = image::trim_padding(value);
    let raw = match &trimmed {
        Ok(t) => t.to_vec(),
        Err(_) => parse::text::strip_padding(value).to_vec(),
    };
    let decoded = match trimmed {
        Err(e) => Err(e),
        Ok(_) if !decode => Err(image::ImageError::Decode),
        Ok(t) => image::decode(t, &Limits::CARD),
    };
    if let Err(e) = &decoded {
        if decode {
            log::warn!("image not decoded: {e}");
        }
    }
    CardImage { format: image::sniff(&raw), raw, decoded }
}

pub(crate) fn now_unix(options: &ReadOptions) -> i64 {
    options.now_unix.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64)
    })
}

pub(crate) fn ok_or_error(result: Result<Vec<u8>, u16>, step: &'static str) -> Result<Vec<u8>, ReadError> {
    result.or_else(|sw| expect_ok(sw, step).map(|_| Vec::new()))
}
