//! The card behind a PC/SC reader (winscard on Windows, pcsc-lite elsewhere) as a core
//! [`Transceiver`], plus reader discovery. Errors are mapped to the few cases the core and the user
//! can act on; no APDU bytes ever reach an error text or a log line.

use std::ffi::CString;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use pcsc::{Card, Context, Disposition, Error as PcscError, Protocols, ReaderState, Scope, ShareMode, State, Status};
use zairyu_core::transport::EXTENDED_APDU_LENGTH;
use zairyu_core::{Transceiver, TransportError};

use crate::errors::AppError;

/// Maps a PC/SC failure during a read to what the core understands.
pub fn map_transport_error(e: PcscError) -> TransportError {
    match e {
        PcscError::RemovedCard | PcscError::ResetCard | PcscError::NoSmartcard => TransportError::CardRemoved,
        PcscError::NoService | PcscError::ServiceStopped | PcscError::NoReadersAvailable => TransportError::Unavailable,
        PcscError::Timeout | PcscError::WaitedTooLong => TransportError::Timeout,
        other => TransportError::Failed { detail: short_name(other) },
    }
}

/// A short, fixed description of a PC/SC error (its name), never data.
pub fn short_name(e: PcscError) -> String {
    format!("PC/SC {e:?}")
}

/// Maps a failure to reach the reader or the card (before any APDU) to a user-facing error.
pub fn map_connect_error(e: PcscError, reader: &str) -> AppError {
    match e {
        PcscError::NoService | PcscError::ServiceStopped => AppError::pcsc_unavailable(),
        PcscError::NoReadersAvailable | PcscError::ReaderUnavailable => AppError::no_readers(),
        PcscError::UnknownReader => AppError::unknown_reader(reader, &[]),
        PcscError::NoSmartcard | PcscError::RemovedCard => AppError::no_card(reader),
        PcscError::SharingViolation => AppError::reader_busy(reader),
        PcscError::UnresponsiveCard | PcscError::UnpoweredCard | PcscError::UnsupportedCard => {
            AppError::card_unresponsive(&short_name(e))
        }
        other => AppError::reader_error(reader, &short_name(other)),
    }
}

/// One reader as `readers` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReaderInfo {
    pub name: String,
    pub card_present: bool,
    /// Another program holds the card exclusively.
    pub exclusive: bool,
    /// The ATR is public card metadata (no personal data), handy when diagnosing readers.
    pub atr: Vec<u8>,
}

pub fn establish() -> Result<Context, AppError> {
    Context::establish(Scope::User).map_err(|e| match e {
        PcscError::NoService | PcscError::ServiceStopped => AppError::pcsc_unavailable(),
        other => AppError::reader_error("PC/SC", &short_name(other)),
    })
}

/// Lists readers with their card state. No reader at all is an error (product.md §9 row 3).
pub fn list_readers(ctx: &Context) -> Result<Vec<ReaderInfo>, AppError> {
    let names = match ctx.list_readers_owned() {
        Ok(n) => n,
        Err(PcscError::NoReadersAvailable) => return Err(AppError::no_readers()),
        Err(e) => return Err(map_connect_error(e, "PC/SC")),
    };
    if names.is_empty() {
        return Err(AppError::no_readers());
    }
    let mut states: Vec<ReaderState> = names.iter().map(|n| ReaderState::new(n.clone(), State::UNAWARE)).collect();
    match ctx.get_status_change(Duration::ZERO, &mut states) {
        Ok(()) | Err(PcscError::Timeout) => {}
        Err(e) => return Err(map_connect_error(e, "PC/SC")),
    }
    Ok(states
        .iter()
        .map(|s| {
            let ev = s.event_state();
            ReaderInfo {
                name: s.name().to_string_lossy().into_owned(),
                card_present: ev.contains(State::PRESENT) && !ev.contains(State::MUTE),
                exclusive: ev.contains(State::EXCLUSIVE),
                atr: s.atr().to_vec(),
            }
        })
        .collect())
}

/// Picks the reader: an exact name, else the only one containing `wanted` (case-insensitive);
/// without `--reader`, the only reader, or the only one with a card on it.
pub fn choose_reader(readers: &[ReaderInfo], wanted: Option<&str>) -> Result<String, AppError> {
    let names: Vec<String> = readers.iter().map(|r| r.name.clone()).collect();
    if readers.is_empty() {
        return Err(AppError::no_readers());
    }
    match wanted {
        Some(w) => {
            if let Some(r) = readers.iter().find(|r| r.name == w) {
                return Ok(r.name.clone());
            }
            let lw = w.to_lowercase();
            let matches: Vec<String> = names.iter().filter(|n| n.to_lowercase().contains(&lw)).cloned().collect();
            match matches.len() {
                1 => Ok(matches[0].clone()),
                0 => Err(AppError::unknown_reader(w, &names)),
                _ => Err(AppError::ambiguous_reader(Some(w), &matches)),
            }
        }
        None => {
            if readers.len() == 1 {
                return Ok(names[0].clone());
            }
            let with_card: Vec<&ReaderInfo> = readers.iter().filter(|r| r.card_present).collect();
            match with_card.as_slice() {
                [one] => Ok(one.name.clone()),
                _ => Err(AppError::ambiguous_reader(None, &names)),
            }
        }
    }
}

/// The card on one reader, held exclusively for the whole read so no other program can interleave
/// APDUs with our secure-messaging session.
pub struct PcscTransport {
    ctx: Context,
    reader: CString,
    card: Mutex<Option<Card>>,
}

impl PcscTransport {
    pub fn connect(ctx: &Context, reader: &str) -> Result<Self, AppError> {
        let cname = CString::new(reader).map_err(|_| AppError::unknown_reader(reader, &[]))?;
        // Contactless readers present the card as T=1; T=0 is offered for contact adapters.
        let card = ctx
            .connect(&cname, ShareMode::Exclusive, Protocols::T1 | Protocols::T0)
            .map_err(|e| map_connect_error(e, reader))?;
        log::info!("connected to reader (exclusive)");
        Ok(PcscTransport { ctx: ctx.clone(), reader: cname, card: Mutex::new(Some(card)) })
    }

    /// Leaves the card reset, so a retry starts from a clean chip state (no half-open session).
    pub fn disconnect_reset(self) {
        let card = self.card.into_inner().unwrap_or_else(|p| p.into_inner());
        if let Some(card) = card {
            if let Err((_, e)) = card.disconnect(Disposition::ResetCard) {
                log::warn!("disconnect: {}", short_name(e));
            }
        }
    }

    /// After a transmit failure, tells whether the card has actually left: readers (and vpcd)
    /// often report a pulled card as a generic communication error first and notice the removal a
    /// poll later (vpcd: up to about three seconds), so we look for a while before calling it a
    /// communication error.
    fn card_gone(&self, card: &Card) -> bool {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            match card.status2_owned() {
                Err(PcscError::RemovedCard | PcscError::ResetCard | PcscError::NoSmartcard) => return true,
                Ok(s) if s.status().contains(Status::ABSENT) => return true,
                _ => {}
            }
            let mut st = [ReaderState::new(self.reader.clone(), State::UNAWARE)];
            if self.ctx.get_status_change(Duration::ZERO, &mut st).is_ok() && st[0].event_state().contains(State::EMPTY) {
                return true;
            }
            if Instant::now() >= deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Transceiver for PcscTransport {
    fn transceive(&self, apdu: Vec<u8>) -> Result<Vec<u8>, TransportError> {
        let guard = self.card.lock().unwrap_or_else(|p| p.into_inner());
        let Some(card) = guard.as_ref() else {
            return Err(TransportError::Unavailable);
        };
        // 64 KiB of data plus status word and headroom: a whole extended-length file read.
        let mut buf = vec![0u8; pcsc::MAX_BUFFER_SIZE_EXTENDED];
        let mapped = match card.transmit(&apdu, &mut buf) {
            // Every response APDU ends in SW1 SW2; less means the exchange broke (vpcd, and some
            // drivers, return an empty "success" when the card vanished mid-command).
            Ok(response) if response.len() >= 2 => return Ok(response.to_vec()),
            Ok(_) => {
                log::warn!("transmit returned no status word");
                TransportError::Failed { detail: "PC/SC response without status word".into() }
            }
            Err(e) => {
                log::warn!("transmit failed: {}", short_name(e));
                map_transport_error(e)
            }
        };
        if matches!(mapped, TransportError::Failed { .. } | TransportError::Timeout) && self.card_gone(card) {
            return Err(TransportError::CardRemoved);
        }
        Err(mapped)
    }

    fn max_apdu_length(&self) -> usize {
        EXTENDED_APDU_LENGTH
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transport_errors_map_as_documented() {
        for e in [PcscError::RemovedCard, PcscError::ResetCard, PcscError::NoSmartcard] {
            assert_eq!(map_transport_error(e), TransportError::CardRemoved);
        }
        for e in [PcscError::NoService, PcscError::ServiceStopped, PcscError::NoReadersAvailable] {
            assert_eq!(map_transport_error(e), TransportError::Unavailable);
        }
        assert_eq!(map_transport_error(PcscError::Timeout), TransportError::Timeout);
        assert_eq!(map_transport_error(PcscError::CommError), TransportError::Failed { detail: "PC/SC CommError".into() });
        assert_eq!(
            map_transport_error(PcscError::InsufficientBuffer),
            TransportError::Failed { detail: "PC/SC InsufficientBuffer".into() }
        );
    }

    #[test]
    fn connect_errors_map_to_user_errors() {
        assert_eq!(map_connect_error(PcscError::NoService, "R").code, "pcsc_unavailable");
        assert_eq!(map_connect_error(PcscError::NoReadersAvailable, "R").code, "reader_not_found");
        assert_eq!(map_connect_error(PcscError::NoSmartcard, "R").code, "no_card");
        assert_eq!(map_connect_error(PcscError::SharingViolation, "R").code, "reader_busy");
        assert_eq!(map_connect_error(PcscError::CommError, "R").code, "communication_error");
    }

    fn r(name: &str, card: bool) -> ReaderInfo {
        ReaderInfo { name: name.into(), card_present: card, exclusive: false, atr: vec![] }
    }

    #[test]
    fn reader_choice() {
        let one = [r("Virtual PCD 00 00", false)];
        assert_eq!(choose_reader(&one, None).unwrap(), "Virtual PCD 00 00");
        let two = [r("Virtual PCD 00 00", false), r("SONY FeliCa Port/PaSoRi 4.0 00 00", true)];
        assert_eq!(choose_reader(&two, None).unwrap(), "SONY FeliCa Port/PaSoRi 4.0 00 00");
        assert_eq!(choose_reader(&two, Some("pasori")).unwrap(), "SONY FeliCa Port/PaSoRi 4.0 00 00");
        assert_eq!(choose_reader(&two, Some("Virtual PCD 00 00")).unwrap(), "Virtual PCD 00 00");
        let e = choose_reader(&two, Some("ACR122")).unwrap_err();
        assert_eq!(e.code, "reader_not_found");
        assert_eq!(e.extra["readers"], serde_json::json!(["Virtual PCD 00 00", "SONY FeliCa Port/PaSoRi 4.0 00 00"]));
        let none_with_card = [r("A 00", false), r("B 00", false)];
        assert_eq!(choose_reader(&none_with_card, None).unwrap_err().code, "reader_ambiguous");
        assert_eq!(choose_reader(&none_with_card, Some("00")).unwrap_err().code, "reader_ambiguous");
        assert_eq!(choose_reader(&[], None).unwrap_err().code, "reader_not_found");
    }
}
