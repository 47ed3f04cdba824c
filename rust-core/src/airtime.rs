//! Modelled air time of a read: a [`Transceiver`] wrapper that charges every exchange what it
//! would cost on an ISO/IEC 14443 Type B link at 106, 212, 424 or 848 kbit/s, without sleeping, so
//! benchmarks and tests get the same number on every run and on every machine.
//!
//! Why a model and not a stopwatch: the software card answers in microseconds, so wall-clock time
//! says nothing about the radio, and a phone's radio cannot be put on CI. The model charges what
//! the standard makes unavoidable; `docs/performance.md` explains each constant.
//!
//! Time is counted in carrier cycles (1/fc, fc = 13.56 MHz), an integer, so results are exact.
//!
//! What one exchange costs ([`LinkModel::exchange_cycles`]):
//! - a byte is 10 etu (start bit, 8 data bits, stop bit; extra guard time between characters 0);
//!   1 etu = 128/fc at 106 kbit/s, 64/fc at 212, 32/fc at 424, 16/fc at 848;
//! - every frame adds SOF (12 etu) and EOF (10 etu), and its block adds the prologue byte (PCB;
//!   no CID, no NAD) and CRC_B (2 bytes);
//! - a message longer than the receiver's frame size (FSC for commands, FSD for responses) is
//!   chained: each block but the last is acknowledged by an R(ACK) block from the receiver, which
//!   costs a frame and two direction changes;
//! - a direction change PCD→PICC costs TR0 + TR1 (the PICC's guard time and its unmodulated
//!   subcarrier before SOF: 1024/fc + 1280/fc, the defaults, not reduced by ATTRIB), and PICC→PCD
//!   the PCD's minimum frame delay, modelled as 14 etu;
//! - every APDU also costs the card's processing time ([`LinkModel::card_processing_cycles`],
//!   an assumption, not a measurement: 1 ms by default).
//!
//! The lower bound ([`LinkModel::lower_bound_cycles`]) is the physical floor for the same read:
//! every APDU byte at 10 etu, plus the minimum number of turnarounds. A turnaround is everything
//! between two data-carrying frames: per APDU, the two direction changes and the card's
//! processing; per chained block that the frame size forces, the two direction changes and the
//! R(ACK) frame between them. What the total has and the bound lacks is the framing of the
//! I-blocks (SOF, EOF, PCB, CRC) and any APDU or chained block beyond the minimum.

use std::cell::RefCell;

use crate::chip::CardTypeCode;
use crate::transport::{Transceiver, TransportError};

/// Carrier frequency, Hz.
pub const FC_HZ: u64 = 13_560_000;

/// The four ISO/IEC 14443 bit rates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BitRate {
    R106,
    R212,
    R424,
    R848,
}

impl BitRate {
    pub const ALL: [BitRate; 4] = [BitRate::R106, BitRate::R212, BitRate::R424, BitRate::R848];

    /// Nominal rate in kbit/s (fc/128, fc/64, fc/32, fc/16, rounded as the standard names them).
    pub fn kbps(self) -> u32 {
        match self {
            BitRate::R106 => 106,
            BitRate::R212 => 212,
            BitRate::R424 => 424,
            BitRate::R848 => 848,
        }
    }

    /// One elementary time unit in carrier cycles.
    pub fn etu_cycles(self) -> u64 {
        match self {
            BitRate::R106 => 128,
            BitRate::R212 => 64,
            BitRate::R424 => 32,
            BitRate::R848 => 16,
        }
    }
}

/// Type B character: start bit, 8 data bits, stop bit.
const ETU_PER_BYTE: u64 = 10;
/// SOF: 10 etu low then 2 etu high (the minimum of 10–11 and 2–3).
const SOF_ETU: u64 = 12;
/// EOF: 10 etu low (the minimum of 10–11).
const EOF_ETU: u64 = 10;
/// Block prologue (PCB only: no CID, no NAD) and CRC_B.
const PROLOGUE_BYTES: u64 = 1;
const CRC_BYTES: u64 = 2;
/// TR0 (PICC guard time after the PCD's EOF) and TR1 (unmodulated subcarrier before the PICC's
/// SOF), ISO/IEC 14443-3 Type B defaults, in carrier cycles.
const TR0_CYCLES: u64 = 1024;
const TR1_CYCLES: u64 = 1280;
/// PCD's minimum delay after the PICC's EOF before its next SOF, in etu.
const PCD_DELAY_ETU: u64 = 14;

/// The link a read is charged for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkModel {
    pub rate: BitRate,
    /// Largest frame the PCD (phone, reader) receives: the card chains longer responses.
    pub fsd: usize,
    /// Largest frame the PICC (card) receives: the reader chains longer commands.
    pub fsc: usize,
    /// The card's processing time per APDU, in carrier cycles (an assumption; see the module doc).
    pub card_processing_cycles: u64,
}

/// What one or more exchanges cost on the modelled link.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AirCost {
    /// Total time in carrier cycles.
    pub cycles: u64,
    /// I-block and R-block frames sent in either direction.
    pub frames: u64,
    /// Direction changes of the link.
    pub turnarounds: u64,
}

impl AirCost {
    fn add(&mut self, other: AirCost) {
        self.cycles += other.cycles;
        self.frames += other.frames;
        self.turnarounds += other.turnarounds;
    }

    /// Microseconds (rounded down), for reports.
    pub fn micros(&self) -> u64 {
        self.cycles * 1_000_000 / FC_HZ
    }
}

impl LinkModel {
    /// FSD = FSC = 256 (FSDI/FSCI 8, what phone NFC controllers commonly announce) and 1 ms of card
    /// processing per APDU.
    pub const fn new(rate: BitRate) -> LinkModel {
        LinkModel {
            rate,
            fsd: 256,
            fsc: 256,
            card_processing_cycles: FC_HZ / 1000,
        }
    }

    pub const fn with_frame_sizes(mut self, fsd: usize, fsc: usize) -> LinkModel {
        self.fsd = fsd;
        self.fsc = fsc;
        self
    }

    pub const fn with_card_processing_cycles(mut self, cycles: u64) -> LinkModel {
        self.card_processing_cycles = cycles;
        self
    }

    fn etu(&self, n: u64) -> u64 {
        n * self.rate.etu_cycles()
    }

    fn byte_cycles(&self) -> u64 {
        self.etu(ETU_PER_BYTE)
    }

    /// SOF, EOF, prologue and CRC of one frame.
    fn frame_overhead_cycles(&self) -> u64 {
        self.etu(SOF_ETU + EOF_ETU) + (PROLOGUE_BYTES + CRC_BYTES) * self.byte_cycles()
    }

    fn pcd_to_picc_cycles(&self) -> u64 {
        TR0_CYCLES + TR1_CYCLES
    }

    fn picc_to_pcd_cycles(&self) -> u64 {
        self.etu(PCD_DELAY_ETU)
    }

    /// One command–response pair's direction changes plus the card's processing.
    fn apdu_turnaround_cycles(&self) -> u64 {
        self.pcd_to_picc_cycles() + self.card_processing_cycles + self.picc_to_pcd_cycles()
    }

    /// One chained block's acknowledgement round: both direction changes.
    fn chaining_turnaround_cycles(&self) -> u64 {
        self.pcd_to_picc_cycles() + self.picc_to_pcd_cycles()
    }

    /// Blocks a message of `len` bytes takes when the receiver's frame holds `frame_size` bytes
    /// (prologue and CRC included). An empty message still takes one block.
    fn blocks(len: usize, frame_size: usize) -> u64 {
        let inf = frame_size
            .saturating_sub((PROLOGUE_BYTES + CRC_BYTES) as usize)
            .max(1);
        (len.div_ceil(inf)).max(1) as u64
    }

    /// Blocks a command and its response take after chaining.
    pub fn blocks_for(&self, command_len: usize, response_len: usize) -> (u64, u64) {
        (
            Self::blocks(command_len, self.fsc),
            Self::blocks(response_len, self.fsd),
        )
    }

    /// What one APDU exchange costs on the air, framing and chaining included.
    pub fn exchange_cycles(&self, command_len: usize, response_len: usize) -> AirCost {
        let (k, m) = self.blocks_for(command_len, response_len);
        let bytes = (command_len + response_len) as u64 * self.byte_cycles();
        let frames = k + m;
        let acks = (k - 1) + (m - 1);
        let cycles = bytes
            + frames * self.frame_overhead_cycles()
            + acks * (self.frame_overhead_cycles() + self.chaining_turnaround_cycles())
            + self.apdu_turnaround_cycles();
        AirCost {
            cycles,
            frames: frames + acks,
            turnarounds: 2 + 2 * acks,
        }
    }

    /// The floor for a read made of `exchanges` (command length, response length): all bytes at
    /// 10 etu each, the APDU turnarounds, and the R(ACK) rounds chaining cannot avoid; no I-block
    /// framing. Pass the protocol-minimum read's exchanges.
    pub fn lower_bound_cycles(&self, exchanges: &[(usize, usize)]) -> u64 {
        exchanges
            .iter()
            .map(|&(c, r)| {
                let (k, m) = self.blocks_for(c, r);
                (c + r) as u64 * self.byte_cycles()
                    + self.apdu_turnaround_cycles()
                    + ((k - 1) + (m - 1))
                        * (self.frame_overhead_cycles() + self.chaining_turnaround_cycles())
            })
            .sum()
    }

    /// Total cost of a list of exchanges.
    pub fn total(&self, exchanges: &[(usize, usize)]) -> AirCost {
        let mut total = AirCost::default();
        for &(c, r) in exchanges {
            total.add(self.exchange_cycles(c, r));
        }
        total
    }
}

/// Converts carrier cycles to microseconds (rounded down).
pub fn cycles_to_micros(cycles: u64) -> u64 {
    cycles * 1_000_000 / FC_HZ
}

/// Wraps a transport and records each exchange's size, to be charged by one or more
/// [`LinkModel`]s afterwards. Adds no delay and changes no byte.
pub struct AirtimeTransceiver<T: Transceiver> {
    inner: T,
    exchanges: RefCell<Vec<(usize, usize)>>,
}

impl<T: Transceiver> AirtimeTransceiver<T> {
    pub fn new(inner: T) -> Self {
        AirtimeTransceiver {
            inner,
            exchanges: RefCell::new(Vec::new()),
        }
    }

    /// (command length, response length) of every exchange that got an answer, in order.
    pub fn exchanges(&self) -> Vec<(usize, usize)> {
        self.exchanges.borrow().clone()
    }

    /// The modelled air time of everything exchanged so far.
    pub fn air_time(&self, model: &LinkModel) -> AirCost {
        model.total(&self.exchanges.borrow())
    }

    pub fn inner(&self) -> &T {
        &self.inner
    }
}

impl<T: Transceiver> Transceiver for AirtimeTransceiver<T> {
    fn transceive(&self, apdu: Vec<u8>) -> Result<Vec<u8>, TransportError> {
        let sent = apdu.len();
        let response = self.inner.transceive(apdu)?;
        self.exchanges.borrow_mut().push((sent, response.len()));
        Ok(response)
    }

    fn max_apdu_length(&self) -> usize {
        self.inner.max_apdu_length()
    }
}

/// The fewest commands a complete read of a card type can take with extended lengths
/// (`docs/performance.md` derives it): every file is read whole by one READ BINARY by short EF
/// identifier; the MF is current after activation, so its two files are read before anything is
/// selected; GET CHALLENGE, MUTUAL AUTHENTICATE and VERIFY open the protected files; each DF is
/// selected once, as there is no other way to reach an EF below it. `None` for the specified
/// cards, which the reader does not read yet.
pub fn protocol_minimum(card_type: CardTypeCode) -> Option<MinimumRead> {
    let (df1, df2, df3) = match card_type {
        // DF1: front, face. DF2: address, two permissions, application. DF3: signature.
        CardTypeCode::Gen1Residence => (2, 4, 1),
        // An SPRC's DF2 has the address only.
        CardTypeCode::Gen1Sprc => (2, 1, 1),
        // DF1: card number, printed entries, name+face, address image. DF2: permission,
        // application, other. DF3: signature.
        CardTypeCode::Gen2Residence => (4, 3, 1),
        // A type-06 DF2 has the "other" file only.
        CardTypeCode::Gen2Sprc => (4, 1, 1),
        CardTypeCode::SpecifiedResidence | CardTypeCode::SpecifiedSprc => return None,
    };
    Some(MinimumRead {
        mf_reads: 2,
        authentication: 3,
        selects: 3,
        df_reads: df1 + df2 + df3,
    })
}

/// The parts of [`protocol_minimum`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MinimumRead {
    /// Common data and card type (MF/EF01, MF/EF02).
    pub mf_reads: usize,
    /// GET CHALLENGE, MUTUAL AUTHENTICATE, VERIFY.
    pub authentication: usize,
    /// SELECT of DF1, DF2, DF3.
    pub selects: usize,
    /// One READ BINARY per EF below the DFs.
    pub df_reads: usize,
}

impl MinimumRead {
    pub fn apdus(&self) -> usize {
        self.mf_reads + self.authentication + self.selects + self.df_reads
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etu_and_byte_times() {
        assert_eq!(BitRate::R106.etu_cycles() * 106, 13_568);
        let m = LinkModel::new(BitRate::R424);
        assert_eq!(m.byte_cycles(), 320);
        // 22 etu of SOF/EOF + 3 bytes of PCB and CRC.
        assert_eq!(m.frame_overhead_cycles(), 22 * 32 + 3 * 320);
    }

    #[test]
    fn short_exchange_is_one_frame_each_way() {
        let m = LinkModel::new(BitRate::R106).with_card_processing_cycles(0);
        let c = m.exchange_cycles(5, 10);
        assert_eq!(c.frames, 2);
        assert_eq!(c.turnarounds, 2);
        let per_frame = 22 * 128 + 3 * 1280;
        assert_eq!(c.cycles, 15 * 1280 + 2 * per_frame + 2304 + 14 * 128);
        assert_eq!(
            m.lower_bound_cycles(&[(5, 10)]),
            15 * 1280 + 2304 + 14 * 128
        );
    }

    #[test]
    fn long_responses_are_chained_by_fsd() {
        let m = LinkModel::new(BitRate::R848);
        // 253 information bytes per 256-byte frame: 7015 bytes take 28 blocks.
        assert_eq!(m.blocks_for(13, 7015), (1, 28));
        assert_eq!(m.blocks_for(13, 253), (1, 1));
        assert_eq!(m.blocks_for(13, 254), (1, 2));
        assert_eq!(m.blocks_for(0, 0), (1, 1));
        let c = m.exchange_cycles(13, 7015);
        // 29 I-blocks and 27 R(ACK) blocks.
        assert_eq!(c.frames, 56);
        assert_eq!(c.turnarounds, 2 + 54);
        assert!(
            m.with_frame_sizes(4096, 4096)
                .exchange_cycles(13, 7015)
                .cycles
                < c.cycles
        );
    }

    #[test]
    fn bound_is_below_total_and_counts_chaining_turnarounds() {
        let m = LinkModel::new(BitRate::R212);
        let ex = [(7, 8), (13, 7015), (5, 10)];
        let total = m.total(&ex).cycles;
        let bound = m.lower_bound_cycles(&ex);
        assert!(bound < total);
        // The difference is the framing of the I-blocks: 2 + 29 + 2 of them.
        assert_eq!(total - bound, 33 * m.frame_overhead_cycles());
    }

    #[test]
    fn minimum_per_card_type() {
        assert_eq!(
            protocol_minimum(CardTypeCode::Gen1Residence)
                .unwrap()
                .apdus(),
            15
        );
        assert_eq!(
            protocol_minimum(CardTypeCode::Gen1Sprc).unwrap().apdus(),
            12
        );
        assert_eq!(
            protocol_minimum(CardTypeCode::Gen2Residence)
                .unwrap()
                .apdus(),
            16
        );
        assert_eq!(
            protocol_minimum(CardTypeCode::Gen2Sprc).unwrap().apdus(),
            14
        );
        assert_eq!(protocol_minimum(CardTypeCode::SpecifiedSprc), None);
    }
}
