//! A session with one card over a [`Transceiver`]: exchanges APDUs, checks cancellation between
//! them, chooses whole-file or chunked reads from the transport's capability, and counts the wire
//! cost. Logs carry instruction bytes, lengths and status words only, never data.

use rand_core::RngCore;

use crate::apdu::{sw, Command, Response, LE_MAX_EXTENDED, LE_MAX_SHORT};
use crate::crypto::{self, CipherSuite, Key16};
use crate::error::ReadError;
use crate::number::CardNumber;
use crate::sm;
use std::sync::Arc;
use std::time::Duration;

use crate::transport::{CancelToken, Clock, Transceiver, TransportError, SHORT_APDU_LENGTH};

/// Plaintext bytes per SM chunk on a short-APDU transport: `86 81 LL 01 ‖ ct` must fit in 256
/// bytes for both 8- and 16-byte blocks (gen1-chip.md §6.5).
pub const SM_SHORT_CHUNK: usize = 224;

/// What a read cost on the wire, for the benchmarks and the debug log. No content.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WireStats {
    pub apdus: usize,
    pub bytes_sent: usize,
    pub bytes_received: usize,
    /// True when whole files were read with extended lengths.
    pub extended_length: bool,
}

/// The data and status word of one exchange.
pub struct Answer {
    pub data: Vec<u8>,
    pub sw: u16,
}

pub struct Session<'a> {
    transport: &'a dyn Transceiver,
    cancel: &'a CancelToken,
    max_apdu: usize,
    stats: WireStats,
    on_exchange: &'a dyn Fn(usize),
    /// The clock and the instant past which the read is abandoned.
    deadline: Option<(Arc<dyn Clock>, Duration)>,
}

impl<'a> Session<'a> {
    /// `on_exchange` is told the number of response bytes after every APDU (for progress).
    pub fn new(
        transport: &'a dyn Transceiver,
        cancel: &'a CancelToken,
        on_exchange: &'a dyn Fn(usize),
    ) -> Self {
        let max_apdu = transport.max_apdu_length();
        let stats = WireStats { extended_length: max_apdu > SHORT_APDU_LENGTH, ..WireStats::default() };
        Session { transport, cancel, max_apdu, stats, on_exchange, deadline: None }
    }

    /// Abandons the read once `budget` has passed on `clock` (from now): checked before each APDU
    /// and again when its answer arrives, so a card slower than the budget ends in a timeout
    /// after at most one more exchange, however long it keeps answering.
    pub fn with_time_budget(mut self, clock: Arc<dyn Clock>, budget: Duration) -> Self {
        let end = clock.now().saturating_add(budget);
        self.deadline = Some((clock, end));
        self
    }

    fn check_deadline(&self) -> Result<(), ReadError> {
        match &self.deadline {
            Some((clock, end)) if clock.now() > *end => {
                log::warn!("read abandoned: over its time budget after {} APDUs", self.stats.apdus);
                Err(TransportError::Timeout.into())
            }
            _ => Ok(()),
        }
    }

    pub fn stats(&self) -> WireStats {
        self.stats
    }

    /// The longest APDU (command or response) the transport carries.
    pub fn max_apdu(&self) -> usize {
        self.max_apdu
    }

    /// True when the transport carries extended-length APDUs.
    pub fn extended(&self) -> bool {
        self.max_apdu > SHORT_APDU_LENGTH
    }

    /// Sends one command. Cancellation is checked first, so a cancelled read stops before the
    /// next exchange.
    pub fn exchange(&mut self, command: &Command) -> Result<Answer, ReadError> {
        if self.cancel.is_cancelled() {
            return Err(ReadError::Cancelled);
        }
        self.check_deadline()?;
        let apdu = command
            .encode_auto()
            .map_err(|_| ReadError::Internal { detail: "command does not fit an APDU".into() })?;
        self.stats.apdus += 1;
        self.stats.bytes_sent += apdu.len();
        let raw = self.transport.transceive(apdu)?;
        self.stats.bytes_received += raw.len();
        self.check_deadline()?;
        let response = Response::parse(&raw).map_err(|_| ReadError::malformed("response shorter than a status word"))?;
        log::debug!(
            "apdu ins={:02X} p1={:02X} p2={:02X} lc={} -> sw={:04X} len={}",
            command.ins,
            command.p1,
            command.p2,
            command.data.len(),
            response.sw,
            response.data.len()
        );
        (self.on_exchange)(raw.len());
        Ok(Answer { data: response.data.to_vec(), sw: response.sw })
    }

    /// SELECT of a DF by AID (`00 A4 04 0C 10 AID`); returns the status word.
    pub fn select_df(&mut self, aid: &[u8]) -> Result<u16, ReadError> {
        Ok(self.exchange(&Command::new(0x00, 0xA4, 0x04, 0x0C, aid.to_vec(), None))?.sw)
    }

    /// GET CHALLENGE then MUTUAL AUTHENTICATE; returns the session key. `63 00` at MUTUAL
    /// AUTHENTICATE means the card does not hold the key of this number.
    pub fn authenticate<C: CipherSuite>(
        &mut self,
        number: &CardNumber,
        rng: &mut dyn RngCore,
    ) -> Result<Key16, ReadError> {
        let challenge = self.exchange(&Command::new(0x00, 0x84, 0x00, 0x00, vec![], Some(8)))?;
        expect_ok(challenge.sw, "GET CHALLENGE")?;
        let rnd_icc: [u8; 8] = challenge
            .data
            .as_slice()
            .try_into()
            .map_err(|_| ReadError::malformed("challenge is not 8 bytes"))?;
        let mut rnd_ifd = [0u8; 8];
        let mut k_ifd = [0u8; 16];
        rng.fill_bytes(&mut rnd_ifd);
        rng.fill_bytes(&mut k_ifd);
        let kenc = crypto::access_key(number);
        let request = crypto::start_mutual_authentication::<C>(&kenc, rnd_icc, rnd_ifd, Key16::new(k_ifd));
        zeroize::Zeroize::zeroize(&mut k_ifd);
        let answer = self.exchange(&Command::new(0x00, 0x82, 0x00, 0x00, request.command_data.clone(), Some(LE_MAX_SHORT)))?;
        if answer.sw == sw::VERIFICATION_FAILED {
            return Err(ReadError::WrongCardNumber);
        }
        expect_ok(answer.sw, "MUTUAL AUTHENTICATE")?;
        crypto::finish_mutual_authentication::<C>(&kenc, &request, &answer.data)
            .map_err(|_| ReadError::malformed("mutual authentication answer"))
    }

    /// VERIFY of the card number under SM. `63 00` means the number does not match.
    pub fn verify_number<C: CipherSuite>(&mut self, ks: &Key16, number: &CardNumber) -> Result<(), ReadError> {
        let answer = self.exchange(&sm::verify_command::<C>(ks, number))?;
        match answer.sw {
            sw::OK => Ok(()),
            sw::VERIFICATION_FAILED => Err(ReadError::WrongCardNumber),
            other => expect_ok(other, "VERIFY"),
        }
    }

    /// Reads a whole EF by short identifier without SM. `capacity` is the file size from the chip
    /// map, used to size chunks when extended lengths are not available. A status word other than
    /// `90 00` is returned to the caller, which knows what it means for this file.
    pub fn read_plain(&mut self, sfi: u8, capacity: usize) -> Result<Result<Vec<u8>, u16>, ReadError> {
        if self.max_apdu >= capacity + 2 && self.extended() {
            let a = self.exchange(&Command::new(0x00, 0xB0, 0x80 | sfi, 0x00, vec![], Some(LE_MAX_EXTENDED)))?;
            return Ok(if a.sw == sw::OK { Ok(a.data) } else { Err(a.sw) });
        }
        let chunk = self.plain_chunk();
        self.read_chunks(sfi, capacity, chunk, |session, p1, p2, want| {
            let a = session.exchange(&Command::new(0x00, 0xB0, p1, p2, vec![], Some(want as u32)))?;
            Ok(if a.sw == sw::OK { Ok(a.data) } else { Err(a.sw) })
        })
    }

    /// Reads a whole EF by short identifier under SM and decrypts it. Chunks are decrypted one by
    /// one: each response is enciphered on its own with a zero IV.
    pub fn read_sm<C: CipherSuite>(
        &mut self,
        ks: &Key16,
        sfi: u8,
        capacity: usize,
    ) -> Result<Result<Vec<u8>, u16>, ReadError> {
        let whole_response = 4 + 1 + (capacity / C::BLOCK + 1) * C::BLOCK + 2;
        if self.max_apdu >= whole_response && self.extended() {
            let a = self.exchange(&sm::read_whole_command(0x80 | sfi))?;
            if a.sw != sw::OK {
                return Ok(Err(a.sw));
            }
            return Ok(Ok(decrypt::<C>(ks, &a.data)?));
        }
        let chunk = self.sm_chunk::<C>();
        let response_le = if self.extended() { LE_MAX_EXTENDED } else { LE_MAX_SHORT };
        self.read_chunks(sfi, capacity, chunk, |session, p1, p2, want| {
            let a = session.exchange(&sm::read_command(p1, p2, Some(want as u16), response_le))?;
            if a.sw != sw::OK {
                return Ok(Err(a.sw));
            }
            Ok(Ok(decrypt::<C>(ks, &a.data)?))
        })
    }

    /// Reads `capacity` bytes in chunks of at most `chunk`: the first by SFI, the rest by offset.
    /// `fetch` returns one chunk's content (decrypted for SM) or the status word. The read ends at
    /// `capacity`, at a short chunk, or at `6B 00` past the first chunk.
    fn read_chunks(
        &mut self,
        sfi: u8,
        capacity: usize,
        chunk: usize,
        fetch: impl Fn(&mut Self, u8, u8, usize) -> Result<Result<Vec<u8>, u16>, ReadError>,
    ) -> Result<Result<Vec<u8>, u16>, ReadError> {
        let mut out = Vec::with_capacity(capacity);
        while out.len() < capacity.max(1) {
            let want = chunk.min(capacity.saturating_sub(out.len()).max(1));
            let (p1, p2) = address(sfi, out.len());
            let data = match fetch(self, p1, p2, want)? {
                Ok(data) => data,
                Err(sw::OFFSET_OUT_OF_RANGE) if !out.is_empty() => break,
                Err(sw) => return Ok(Err(sw)),
            };
            if data.len() > want {
                return Err(ReadError::malformed("card sent more than asked"));
            }
            let short = data.len() < want;
            out.extend_from_slice(&data);
            if short || data.is_empty() {
                break;
            }
        }
        Ok(Ok(out))
    }

    fn plain_chunk(&self) -> usize {
        if self.extended() {
            self.max_apdu.saturating_sub(2).clamp(1, LE_MAX_EXTENDED as usize)
        } else {
            self.max_apdu.saturating_sub(2).clamp(1, LE_MAX_SHORT as usize)
        }
    }

    fn sm_chunk<C: CipherSuite>(&self) -> usize {
        if !self.extended() {
            return SM_SHORT_CHUNK;
        }
        // 86 82 LL LL 01 ‖ ct ‖ SW: the padded plaintext must fit in max - 7 bytes.
        let room = self.max_apdu.saturating_sub(7);
        ((room / C::BLOCK) * C::BLOCK).saturating_sub(1).clamp(SM_SHORT_CHUNK, 0x7FFF)
    }
}

/// P1/P2 of a READ BINARY at `offset` into the EF with short identifier `sfi`: by SFI for the
/// first chunk (8-bit offset), then by 15-bit offset into the now-current EF (gen1-chip.md §6.2).
fn address(sfi: u8, offset: usize) -> (u8, u8) {
    if offset == 0 {
        (0x80 | sfi, 0)
    } else {
        (((offset >> 8) & 0x7F) as u8, (offset & 0xFF) as u8)
    }
}

fn decrypt<C: CipherSuite>(ks: &Key16, body: &[u8]) -> Result<Vec<u8>, ReadError> {
    sm::decrypt_response::<C>(ks, body).map_err(|_| ReadError::malformed("secure messaging response"))
}

/// Maps a status word other than `90 00` to the error the user sees: a chip fault, or a generic
/// communication error naming the step (never the data).
pub fn expect_ok(sw: u16, step: &'static str) -> Result<(), ReadError> {
    if sw == sw::OK {
        Ok(())
    } else if sw::is_chip_fault(sw) {
        Err(ReadError::ChipBroken { sw })
    } else {
        Err(ReadError::CommunicationError { detail: format!("{step} answered {sw:04X}") })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_first_chunk_by_sfi_then_by_offset() {
        assert_eq!(address(0x05, 0), (0x85, 0x00));
        assert_eq!(address(0x05, 224), (0x00, 0xE0));
        assert_eq!(address(0x05, 6944), (0x1B, 0x20));
    }

    #[test]
    fn status_words_map_to_errors() {
        assert_eq!(expect_ok(0x9000, "x"), Ok(()));
        assert_eq!(expect_ok(0x6F00, "x"), Err(ReadError::ChipBroken { sw: 0x6F00 }));
        assert_eq!(expect_ok(0x6982, "READ").unwrap_err().code(), "communication_error");
    }
}
