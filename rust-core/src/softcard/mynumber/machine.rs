//! The My Number chip's state machine: one handler per command, each condition one early return
//! (the rules are listed in the module doc of [`super`]).

use std::collections::HashMap;

use rand_chacha::ChaCha20Rng;
use rand_core::RngCore;
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::{Pkcs1v15Sign, RsaPrivateKey};
use subtle::ConstantTimeEq;

use super::{Chip, EfKind, Rule};
use crate::softcard::apdu_in::{self, CardApdu};

/// Status words this card answers (ISO/IEC 7816-4 meanings).
pub(crate) mod sw {
    pub const OK: u16 = 0x9000;
    pub const TRIES_LEFT: u16 = 0x63C0;
    pub const WRONG_LENGTH: u16 = 0x6700;
    pub const LOGICAL_CHANNEL: u16 = 0x6881;
    pub const SM_NOT_SUPPORTED: u16 = 0x6882;
    pub const INCOMPATIBLE_FILE: u16 = 0x6981;
    pub const SECURITY_STATUS: u16 = 0x6982;
    pub const BLOCKED: u16 = 0x6984;
    pub const NO_CURRENT_EF: u16 = 0x6986;
    pub const WRONG_DATA: u16 = 0x6A80;
    pub const FILE_NOT_FOUND: u16 = 0x6A82;
    pub const RECORD_NOT_FOUND: u16 = 0x6A83;
    pub const WRONG_P1P2: u16 = 0x6A86;
    pub const DATA_NOT_FOUND: u16 = 0x6A88;
    pub const OFFSET_OUT_OF_RANGE: u16 = 0x6B00;
    pub const INS_NOT_SUPPORTED: u16 = 0x6D00;
    pub const CLA_NOT_SUPPORTED: u16 = 0x6E00;
}

const INS_VERIFY: u8 = 0x20;
const INS_SIGN: u8 = 0x2A;
const INS_GET_CHALLENGE: u8 = 0x84;
const INS_SELECT: u8 = 0xA4;
const INS_READ_BINARY: u8 = 0xB0;
const INS_READ_RECORD: u8 = 0xB2;
const INS_GET_DATA: u8 = 0xCA;

/// SFI form of the JPKI keys in COMPUTE DIGITAL SIGNATURE's P2 (mynumber-chip.md §6.2).
const P2_AUTH_KEY: u8 = 0x97;
const P2_SIGN_KEY: u8 = 0x9A;

type Answer = Result<Vec<u8>, u16>;

/// Volatile state (cleared by a reset) and the retry counters (kept: they live in the chip's
/// non-volatile memory).
#[derive(Default)]
pub(crate) struct State {
    /// Index of the current application in [`Chip::apps`]; none after reset.
    app: Option<usize>,
    current_ef: Option<u16>,
    /// Key references verified since the current application was selected.
    verified: Vec<u16>,
    /// Tries left per (application index, key FID), filled from the profile on first use.
    tries: HashMap<(usize, u16), u8>,
}

impl State {
    /// RF field off and on: no application, nothing verified; counters stay.
    pub fn reset(&mut self) {
        self.app = None;
        self.current_ef = None;
        self.verified.clear();
    }

    /// One command in, response (data ‖ SW) out. Never panics on any input.
    pub fn process(&mut self, chip: &Chip, rng: &mut ChaCha20Rng, raw: &[u8]) -> Vec<u8> {
        let (mut out, sw) = match self.dispatch(chip, rng, raw) {
            Ok(data) => (data, sw::OK),
            Err(sw) => (Vec::new(), sw),
        };
        log::trace!("softcard(my number): INS {:02X} -> SW {sw:04X}", raw.get(1).copied().unwrap_or(0));
        out.extend_from_slice(&sw.to_be_bytes());
        out
    }

    fn dispatch(&mut self, chip: &Chip, rng: &mut ChaCha20Rng, raw: &[u8]) -> Answer {
        let cmd = apdu_in::parse(raw).map_err(|_| sw::WRONG_LENGTH)?;
        match cmd.cla {
            0x00 | 0x80 => {}
            0x01..=0x03 | 0x09..=0x0B | 0x40..=0x7F => return Err(sw::LOGICAL_CHANNEL),
            0x04 | 0x08 | 0x0C => return Err(sw::SM_NOT_SUPPORTED),
            _ => return Err(sw::CLA_NOT_SUPPORTED),
        }
        let proprietary = cmd.cla == 0x80;
        if cmd.excess {
            return Err(sw::WRONG_LENGTH);
        }
        match (proprietary, cmd.ins) {
            (false, INS_SELECT) => self.select(chip, &cmd),
            (false, INS_READ_BINARY) => self.read_binary(chip, rng, &cmd),
            (false, INS_READ_RECORD) => self.read_record(chip, rng, &cmd),
            (false, INS_VERIFY) => self.verify(chip, &cmd),
            (false, INS_GET_DATA) => self.get_data(chip, rng, &cmd),
            (false, INS_GET_CHALLENGE) => get_challenge(rng, &cmd),
            (true, INS_SIGN) => self.sign(chip, &cmd),
            _ => Err(sw::INS_NOT_SUPPORTED),
        }
    }

    fn select(&mut self, chip: &Chip, cmd: &CardApdu) -> Answer {
        if cmd.le.is_some() {
            // P2 0C asks for no response data; an Le contradicts it.
            return Err(sw::WRONG_LENGTH);
        }
        match (cmd.p1, cmd.p2) {
            (0x04, 0x0C) => {
                if cmd.data.is_empty() || cmd.data.len() > 16 {
                    return Err(sw::WRONG_LENGTH);
                }
                // Any SELECT by name leaves the current application and its security state, found
                // or not.
                self.app = None;
                self.current_ef = None;
                self.verified.clear();
                let index = chip.apps.iter().position(|a| a.aid == cmd.data).ok_or(sw::FILE_NOT_FOUND)?;
                self.app = Some(index);
                Ok(Vec::new())
            }
            (0x02, 0x0C) => {
                let [hi, lo] = cmd.data else { return Err(sw::WRONG_LENGTH) };
                let fid = u16::from_be_bytes([*hi, *lo]);
                let app = self.app.and_then(|i| chip.apps.get(i)).ok_or(sw::FILE_NOT_FOUND)?;
                app.ef(fid).ok_or(sw::FILE_NOT_FOUND)?;
                self.current_ef = Some(fid);
                Ok(Vec::new())
            }
            _ => Err(sw::WRONG_P1P2),
        }
    }

    /// The EF a READ/VERIFY addresses: P1/P2's SFI form when `sfi` is given, else the current EF.
    fn target(&self, chip: &Chip, sfi: Option<u8>) -> Result<(usize, u16), u16> {
        let app = self.app.ok_or(sw::NO_CURRENT_EF)?;
        let fid = match sfi {
            Some(s) => {
                let fid = u16::from(s);
                chip.apps.get(app).and_then(|a| a.ef(fid)).ok_or(sw::FILE_NOT_FOUND)?;
                fid
            }
            None => self.current_ef.ok_or(sw::NO_CURRENT_EF)?,
        };
        Ok((app, fid))
    }

    fn allowed(&self, rule: &Rule) -> bool {
        match rule {
            Rule::Free => true,
            Rule::AnyOf(keys) => keys.iter().any(|k| self.verified.contains(k)),
        }
    }

    fn read_binary(&mut self, chip: &Chip, rng: &mut ChaCha20Rng, cmd: &CardApdu) -> Answer {
        let le = cmd.le.ok_or(sw::WRONG_LENGTH)? as usize;
        if !cmd.data.is_empty() {
            return Err(sw::WRONG_LENGTH);
        }
        let (sfi, offset) = if cmd.p1 & 0x80 != 0 {
            if cmd.p1 & 0x60 != 0 || cmd.p1 & 0x1F == 0 {
                return Err(sw::WRONG_P1P2);
            }
            (Some(cmd.p1 & 0x1F), usize::from(cmd.p2))
        } else {
            (None, usize::from(u16::from_be_bytes([cmd.p1, cmd.p2])))
        };
        let (app, fid) = self.target(chip, sfi)?;
        let ef = chip.apps.get(app).and_then(|a| a.ef(fid)).ok_or(sw::NO_CURRENT_EF)?;
        let EfKind::Binary(data) = &ef.kind else { return Err(sw::INCOMPATIBLE_FILE) };
        if !self.allowed(&ef.read) {
            return Err(sw::SECURITY_STATUS);
        }
        if offset >= data.len() {
            return Err(sw::OFFSET_OUT_OF_RANGE);
        }
        self.current_ef = Some(fid);
        let end = data.len().min(offset + le);
        if chip.garbage {
            return Ok(garbage(rng, end - offset));
        }
        Ok(data[offset..end].to_vec())
    }

    fn read_record(&mut self, chip: &Chip, rng: &mut ChaCha20Rng, cmd: &CardApdu) -> Answer {
        let le = cmd.le.ok_or(sw::WRONG_LENGTH)? as usize;
        if cmd.p2 != 0x04 || cmd.p1 == 0 {
            return Err(sw::WRONG_P1P2);
        }
        let (app, fid) = self.target(chip, None)?;
        let ef = chip.apps.get(app).and_then(|a| a.ef(fid)).ok_or(sw::NO_CURRENT_EF)?;
        let EfKind::Records(records) = &ef.kind else { return Err(sw::INCOMPATIBLE_FILE) };
        if !self.allowed(&ef.read) {
            return Err(sw::SECURITY_STATUS);
        }
        let record = records.get(usize::from(cmd.p1) - 1).ok_or(sw::RECORD_NOT_FOUND)?;
        if chip.garbage {
            return Ok(garbage(rng, record.len().min(le)));
        }
        Ok(record[..record.len().min(le)].to_vec())
    }

    fn verify(&mut self, chip: &Chip, cmd: &CardApdu) -> Answer {
        if cmd.p1 != 0x00 || cmd.p2 & 0x80 == 0 || cmd.p2 & 0x60 != 0 {
            return Err(sw::WRONG_P1P2);
        }
        if cmd.le.is_some() {
            return Err(sw::WRONG_LENGTH);
        }
        let sfi = match cmd.p2 & 0x1F {
            0 => None,
            s => Some(s),
        };
        let (app, fid) = self.target(chip, sfi)?;
        let ef = chip.apps.get(app).and_then(|a| a.ef(fid)).ok_or(sw::NO_CURRENT_EF)?;
        let EfKind::Key(key) = &ef.kind else { return Err(sw::INCOMPATIBLE_FILE) };
        let left = *self.tries.entry((app, fid)).or_insert(key.initial_tries);
        if cmd.data.is_empty() {
            // The tries-left query spends nothing; a blocked key answers 63 C0 here.
            return Err(sw::TRIES_LEFT | u16::from(left.min(15)));
        }
        if left == 0 {
            return Err(sw::BLOCKED);
        }
        let matches = bool::from(cmd.data.ct_eq(key.secret.as_slice()));
        if matches {
            self.tries.insert((app, fid), key.max_tries);
            if !self.verified.contains(&fid) {
                self.verified.push(fid);
            }
            Ok(Vec::new())
        } else {
            let left = left - 1;
            self.tries.insert((app, fid), left);
            self.verified.retain(|k| *k != fid);
            Err(sw::TRIES_LEFT | u16::from(left.min(15)))
        }
    }

    fn get_data(&mut self, chip: &Chip, rng: &mut ChaCha20Rng, cmd: &CardApdu) -> Answer {
        let le = cmd.le.ok_or(sw::WRONG_LENGTH)? as usize;
        if !cmd.data.is_empty() {
            return Err(sw::WRONG_LENGTH);
        }
        let tag = u16::from_be_bytes([cmd.p1, cmd.p2]);
        let objects = match self.app.and_then(|i| chip.apps.get(i)) {
            None => &chip.mf_objects,
            Some(app) => &app.data_objects,
        };
        let (_, value) = objects.iter().find(|(t, _)| *t == tag).ok_or(sw::DATA_NOT_FOUND)?;
        // A large object needs an extended Le; a short one is refused rather than cut.
        if value.len() > le {
            return Err(sw::WRONG_LENGTH);
        }
        if chip.garbage {
            return Ok(garbage(rng, value.len()));
        }
        Ok(value.clone())
    }

    fn sign(&mut self, chip: &Chip, cmd: &CardApdu) -> Answer {
        if cmd.p1 != 0x00 {
            return Err(sw::WRONG_P1P2);
        }
        let app_index = self.app.ok_or(sw::NO_CURRENT_EF)?;
        let app = chip.apps.get(app_index).ok_or(sw::NO_CURRENT_EF)?;
        let key_der = match cmd.p2 {
            0x00 => app.own_key.ok_or(sw::WRONG_P1P2)?,
            0x80 | P2_AUTH_KEY | P2_SIGN_KEY => {
                let fid = match cmd.p2 {
                    P2_AUTH_KEY => 0x0017,
                    P2_SIGN_KEY => 0x001A,
                    _ => self.current_ef.ok_or(sw::NO_CURRENT_EF)?,
                };
                let ef = app.ef(fid).ok_or(sw::FILE_NOT_FOUND)?;
                let EfKind::PrivateKey { der, pin } = &ef.kind else { return Err(sw::INCOMPATIBLE_FILE) };
                if !self.verified.contains(pin) {
                    return Err(sw::SECURITY_STATUS);
                }
                *der
            }
            _ => return Err(sw::WRONG_P1P2),
        };
        // PKCS#1 v1.5 type-1 padding needs 11 bytes of the 256.
        if cmd.data.is_empty() || cmd.data.len() > 256 - 11 {
            return Err(sw::WRONG_LENGTH);
        }
        let key = RsaPrivateKey::from_pkcs1_der(key_der).map_err(|_| sw::WRONG_DATA)?;
        key.sign(Pkcs1v15Sign::new_unprefixed(), cmd.data).map_err(|_| sw::WRONG_DATA)
    }
}

fn get_challenge(rng: &mut ChaCha20Rng, cmd: &CardApdu) -> Answer {
    if cmd.p1 != 0 || cmd.p2 != 0 {
        return Err(sw::WRONG_P1P2);
    }
    let le = cmd.le.ok_or(sw::WRONG_LENGTH)? as usize;
    if cmd.extended || !cmd.data.is_empty() {
        return Err(sw::WRONG_LENGTH);
    }
    Ok(garbage(rng, le))
}

/// Random bytes (the challenge, or the garbage profile's answers).
fn garbage(rng: &mut ChaCha20Rng, len: usize) -> Vec<u8> {
    let mut out = vec![0u8; len];
    rng.fill_bytes(&mut out);
    out
}
