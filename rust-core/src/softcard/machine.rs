//! The chip's state machine (gen1-chip.md §11): dispatch, security state, and one handler per
//! command. Every condition of the §11 table maps to exactly one early return here.
//!
//! The second generation (gen2-chip.md §10) runs the same machine; only the cipher suite of
//! MUTUAL AUTHENTICATE, VERIFY and SM READ changes (3DES/retail MAC → AES-128/CMAC), chosen from
//! the profile's [`ChipKind`].

use std::collections::VecDeque;

use rand_chacha::ChaCha20Rng;
use rand_core::RngCore;
use zeroize::Zeroize;

use super::apdu_in::{self, CardApdu};
use super::faults::{ChipKind, Hostile};
use super::files::{Access, MF};
use super::profiles::Profile;
use crate::apdu::sw;
use crate::crypto::{access_key, ct_eq, session_key, unpad_iso7816, Aes, CipherSuite, Key16, Tdes};
use crate::sm;

const INS_SELECT: u8 = 0xA4;
const INS_VERIFY: u8 = 0x20;
const INS_GET_CHALLENGE: u8 = 0x84;
const INS_MUTUAL_AUTH: u8 = 0x82;
const INS_READ_BINARY: u8 = 0xB0;

const CLA_PLAIN: u8 = 0x00;
const CLA_SM: u8 = 0x08;

/// Where the card's randoms come from: scripted values first (to replay the spec's trace), then
/// the seeded generator.
pub(crate) struct Randoms {
    pub rng: ChaCha20Rng,
    pub challenges: VecDeque<[u8; 8]>,
    pub k_iccs: VecDeque<[u8; 16]>,
}

impl Randoms {
    fn challenge(&mut self) -> [u8; 8] {
        self.challenges.pop_front().unwrap_or_else(|| {
            let mut b = [0u8; 8];
            self.rng.fill_bytes(&mut b);
            b
        })
    }
    fn k_icc(&mut self) -> [u8; 16] {
        self.k_iccs.pop_front().unwrap_or_else(|| {
            let mut b = [0u8; 16];
            self.rng.fill_bytes(&mut b);
            b
        })
    }
}

/// Volatile state; [`Machine::default`] is the state right after activation.
#[derive(Default)]
pub(crate) struct Machine {
    /// Index of the current MF/DF in the profile's file system.
    current: usize,
    /// Index of the current EF within `current`; none after reset and after every SELECT.
    current_ef: Option<usize>,
    /// RND.ICC of the last GET CHALLENGE, single use.
    challenge: Option<[u8; 8]>,
    ksenc: Option<Key16>,
    verified: bool,
    /// Set by the self-diagnosis fault once triggered.
    broken: bool,
    /// Set by the endless-status-word hostile faults once triggered: every answer is this SW.
    stuck: Option<u16>,
}

type Answer = Result<Vec<u8>, u16>;

impl Machine {
    /// One command in, one response (data ‖ SW) out. Never panics on any input.
    pub fn process(&mut self, profile: &Profile, rnd: &mut Randoms, raw: &[u8]) -> Vec<u8> {
        let ins = raw.get(1).copied().unwrap_or(0);
        let answer = self.dispatch(profile, rnd, raw);
        let (mut out, sw) = match answer {
            Ok(data) => (data, sw::OK),
            Err(sw) => (Vec::new(), sw),
        };
        log::trace!("softcard: INS {ins:02X} -> SW {sw:04X}");
        out.extend_from_slice(&sw.to_be_bytes());
        out
    }

    fn dispatch(&mut self, profile: &Profile, rnd: &mut Randoms, raw: &[u8]) -> Answer {
        let faults = profile.faults();
        if !profile.behaviour().challenge_survives_other_commands && raw.get(1) != Some(&INS_MUTUAL_AUTH) {
            self.challenge = None;
        }
        if self.broken {
            return Err(sw::SELF_DIAGNOSIS);
        }
        match faults.hostile {
            Some(Hostile::Endless61xx) if raw.get(1) == Some(&INS_GET_CHALLENGE) => self.stuck = Some(0x61FF),
            Some(Hostile::Endless6Cxx) if raw.first() == Some(&CLA_SM) && raw.get(1) == Some(&INS_READ_BINARY) => {
                self.stuck = Some(0x6C00 | u16::from(raw.last().copied().unwrap_or(0).wrapping_add(1)));
            }
            _ => {}
        }
        if let Some(stuck) = self.stuck {
            return Err(stuck);
        }
        let cmd = apdu_in::parse(raw).map_err(|_| sw::WRONG_LENGTH)?;
        if cmd.extended && faults.short_apdu_only {
            return Err(sw::WRONG_LENGTH);
        }
        check_cla(cmd.cla)?;
        let known = match profile.kind() {
            ChipKind::Foreign | ChipKind::MyNumber => matches!(cmd.ins, INS_SELECT | INS_READ_BINARY),
            ChipKind::Gen1 | ChipKind::Gen2 | ChipKind::Gen2Stub => {
                matches!(cmd.ins, INS_SELECT | INS_VERIFY | INS_GET_CHALLENGE | INS_MUTUAL_AUTH | INS_READ_BINARY)
            }
        };
        if !known {
            return Err(sw::INS_NOT_SUPPORTED);
        }
        if cmd.excess && !matches!(cmd.ins, INS_SELECT | INS_VERIFY | INS_MUTUAL_AUTH) {
            return Err(sw::WRONG_LENGTH);
        }
        if faults.broken_from_challenge && cmd.ins == INS_GET_CHALLENGE {
            self.broken = true;
            return Err(sw::SELF_DIAGNOSIS);
        }
        let aes = profile.kind() == ChipKind::Gen2;
        match cmd.ins {
            INS_SELECT => self.select(profile, &cmd),
            INS_GET_CHALLENGE => self.get_challenge(profile, rnd, &cmd),
            INS_MUTUAL_AUTH if aes => self.mutual_authenticate::<Aes>(profile, rnd, &cmd),
            INS_MUTUAL_AUTH => self.mutual_authenticate::<Tdes>(profile, rnd, &cmd),
            INS_VERIFY if aes => self.verify::<Aes>(profile, &cmd),
            INS_VERIFY => self.verify::<Tdes>(profile, &cmd),
            _ if aes => self.read_binary::<Aes>(profile, &cmd),
            _ => self.read_binary::<Tdes>(profile, &cmd),
        }
    }

    fn select(&mut self, profile: &Profile, cmd: &CardApdu) -> Answer {
        if cmd.cla == CLA_SM {
            return Err(sw::SM_NOT_SUPPORTED);
        }
        let target = match (cmd.p1, cmd.p2) {
            (0x00, 0x00) => {
                if cmd.data.len() != 2 {
                    return Err(sw::LC_INCONSISTENT);
                }
                if cmd.data != [0x3F, 0x00] {
                    return Err(sw::FILE_NOT_FOUND);
                }
                MF
            }
            (0x04, 0x0C) => {
                if cmd.data.is_empty() || cmd.data.len() > 16 {
                    return Err(sw::LC_INCONSISTENT);
                }
                profile.files().dir_by_aid(cmd.data).ok_or(sw::FILE_NOT_FOUND)?
            }
            _ => return Err(sw::WRONG_P1P2),
        };
        // Security state survives: the spec's trace authenticates in the MF and reads the DFs.
        self.current = target;
        self.current_ef = None;
        Ok(Vec::new())
    }

    fn get_challenge(&mut self, profile: &Profile, rnd: &mut Randoms, cmd: &CardApdu) -> Answer {
        if cmd.cla == CLA_SM {
            return Err(sw::SM_NOT_SUPPORTED);
        }
        if cmd.p1 != 0 || cmd.p2 != 0 {
            return Err(sw::WRONG_P1P2);
        }
        if !cmd.data.is_empty() || cmd.le != Some(8) {
            return Err(sw::WRONG_LENGTH);
        }
        let challenge = rnd.challenge();
        self.challenge = Some(challenge);
        if profile.faults().hostile == Some(Hostile::HugeChallengeAnswer) {
            return Ok(vec![0xA5; 65_536]);
        }
        Ok(challenge.to_vec())
    }

    /// `C` is the chip's suite: a command made with the other generation's suite fails the MAC
    /// check (`63 00`).
    fn mutual_authenticate<C: CipherSuite>(&mut self, profile: &Profile, rnd: &mut Randoms, cmd: &CardApdu) -> Answer {
        if cmd.cla == CLA_SM {
            return Err(sw::SM_NOT_SUPPORTED);
        }
        if profile.kind() == ChipKind::Gen2Stub {
            self.challenge = None;
            self.clear_security();
            return Err(sw::VERIFICATION_FAILED);
        }
        // P1/P2 are not checked: the spec lists no `6A 86` for MUTUAL AUTHENTICATE.
        let rnd_icc = self.challenge.take().ok_or(sw::CONDITIONS_NOT_SATISFIED)?;
        if cmd.data.len() != 0x28 {
            return Err(sw::WRONG_LENGTH);
        }
        let kenc = access_key(profile.card_number());
        let (e_ifd, m_ifd) = cmd.data.split_at(32);
        if !ct_eq(&C::mac(&kenc, e_ifd), m_ifd) {
            self.clear_security();
            return Err(sw::VERIFICATION_FAILED);
        }
        let mut plain = match C::decrypt(&kenc, e_ifd) {
            Ok(p) if p.len() == 32 => p,
            _ => {
                self.clear_security();
                return Err(sw::VERIFICATION_FAILED);
            }
        };
        if !ct_eq(&plain[8..16], &rnd_icc) {
            plain.zeroize();
            self.clear_security();
            return Err(sw::VERIFICATION_FAILED);
        }
        let mut k_ifd = [0u8; 16];
        k_ifd.copy_from_slice(&plain[16..32]);
        let k_ifd = Key16::new(k_ifd);
        let k_icc = Key16::new(rnd.k_icc());
        let mut answer_plain = Vec::with_capacity(32);
        answer_plain.extend_from_slice(&rnd_icc);
        answer_plain.extend_from_slice(&plain[..8]);
        answer_plain.extend_from_slice(k_icc.as_bytes());
        plain.zeroize();
        let encrypted = C::encrypt(&kenc, &answer_plain);
        answer_plain.zeroize();
        let mut e_icc = encrypted.map_err(|_| sw::SELF_DIAGNOSIS)?;
        let m_icc = C::mac(&kenc, &e_icc);
        e_icc.extend_from_slice(&m_icc);
        self.ksenc = Some(session_key(&k_ifd, &k_icc));
        self.verified = false;
        Ok(e_icc)
    }

    fn verify<C: CipherSuite>(&mut self, profile: &Profile, cmd: &CardApdu) -> Answer {
        if cmd.cla == CLA_PLAIN {
            return Err(sw::SECURITY_STATUS);
        }
        if cmd.p1 != 0x00 || cmd.p2 != 0x86 {
            return Err(sw::WRONG_P1P2);
        }
        let ks = self.ksenc.as_ref().ok_or(sw::CONDITIONS_NOT_SATISFIED)?;
        // `86 11 01` + 16 bytes for both suites: 12 number bytes padded to two 3DES blocks or
        // one AES block.
        let cryptogram = match cmd.data {
            [0x86, 0x11, 0x01, rest @ ..] if rest.len() == 16 => rest,
            _ => return Err(sw::SM_DATA_INCORRECT),
        };
        let mut plain = C::decrypt(ks, cryptogram).map_err(|_| sw::SM_DATA_INCORRECT)?;
        let matches = match unpad_iso7816(&plain, C::BLOCK) {
            Ok(number) => ct_eq(number, profile.card_number().as_bytes()),
            Err(_) => {
                plain.zeroize();
                return Err(sw::SM_DATA_INCORRECT);
            }
        };
        plain.zeroize();
        // Each result overwrites the state; there is no retry counter and no lock-out.
        self.verified = matches;
        if matches {
            Ok(Vec::new())
        } else {
            Err(sw::VERIFICATION_FAILED)
        }
    }

    fn read_binary<C: CipherSuite>(&mut self, profile: &Profile, cmd: &CardApdu) -> Answer {
        let sm = cmd.cla == CLA_SM;
        // Length checks first (they are about the APDU's shape, not the file). Our choices where
        // the spec is silent: a READ needs an Le; a plain READ carries no data.
        let le = cmd.le.ok_or(sw::WRONG_LENGTH)?;
        if !sm && !cmd.data.is_empty() {
            return Err(sw::WRONG_LENGTH);
        }
        let dir = profile.files().dirs.get(self.current).ok_or(sw::FILE_NOT_FOUND)?;
        let (ef_index, offset) = if cmd.p1 & 0x80 != 0 {
            if cmd.p1 & 0x60 != 0 {
                return Err(sw::WRONG_P1P2);
            }
            let index = dir.ef_by_sfi(cmd.p1 & 0x1F).ok_or(sw::FILE_NOT_FOUND)?;
            (index, usize::from(cmd.p2))
        } else {
            let index = self.current_ef.ok_or(sw::NO_CURRENT_EF)?;
            (index, usize::from(u16::from_be_bytes([cmd.p1, cmd.p2])))
        };
        let ef = dir.efs.get(ef_index).ok_or(sw::NO_CURRENT_EF)?;
        if matches!(ef.access, Access::NumberAuth | Access::NumberAuthSm) && !self.verified {
            return Err(sw::SECURITY_STATUS);
        }
        if ef.access == Access::NumberAuthSm && !sm {
            return Err(sw::SECURITY_STATUS);
        }
        let wanted = if sm {
            let ks = self.ksenc.as_ref().ok_or(sw::SECURITY_STATUS)?;
            let inner = match cmd.data {
                [0x96, 0x02, hi, lo] => u16::from_be_bytes([*hi, *lo]),
                _ => return Err(sw::SM_DATA_INCORRECT),
            };
            let wanted = if inner == 0 { 65_536 } else { usize::from(inner) };
            Some((ks, wanted))
        } else {
            None
        };
        if offset >= ef.data.len() {
            return Err(sw::OFFSET_OUT_OF_RANGE);
        }
        let len_limit = match wanted {
            Some((_, w)) => w,
            None => le as usize,
        };
        let end = ef.data.len().min(offset.saturating_add(len_limit));
        let slice = &ef.data[offset..end];
        let body = match wanted {
            Some((ks, _)) => {
                let body = match profile.faults().hostile {
                    Some(Hostile::SmBadPadding) => hostile_sm_bad_padding::<C>(ks, slice),
                    Some(Hostile::SmLengthOverclaim) => hostile_sm_overclaim(sm::encrypt_response::<C>(ks, slice)),
                    _ => sm::encrypt_response::<C>(ks, slice),
                };
                // The SM response must fit the APDU's own Le (a short chunk asking for more than
                // 247 plaintext bytes with 3DES, 239 with AES, does not fit in 256 bytes;
                // gen1-chip.md §6.5, gen2-chip.md §2).
                if body.len() > le as usize {
                    return Err(sw::WRONG_LENGTH);
                }
                body
            }
            None => slice.to_vec(),
        };
        self.current_ef = Some(ef_index);
        Ok(body)
    }

    fn clear_security(&mut self) {
        self.ksenc = None;
        self.verified = false;
    }

    #[cfg(test)]
    pub fn is_verified(&self) -> bool {
        self.verified
    }
}

/// Only the plain and SM forms of the first interindustry class are used by the chip.
fn check_cla(cla: u8) -> Result<(), u16> {
    match cla {
        CLA_PLAIN | CLA_SM => Ok(()),
        // Same class, logical channel 1–3 in b2b1; or the further interindustry class (0x40–0x7F),
        // which exists only to address channels 4–19.
        0x01..=0x03 | 0x09..=0x0B | 0x40..=0x7F => Err(sw::LOGICAL_CHANNEL_NOT_SUPPORTED),
        _ => Err(sw::CLA_NOT_SUPPORTED),
    }
}

/// `86 L 01 ‖ E(data ‖ 00…)`: the right structure, but the plaintext padding lacks its `80`.
fn hostile_sm_bad_padding<C: CipherSuite>(ks: &Key16, plain: &[u8]) -> Vec<u8> {
    let mut padded = plain.to_vec();
    padded.resize((plain.len() / C::BLOCK + 1) * C::BLOCK, 0);
    let ciphertext = C::encrypt(ks, &padded).expect("whole blocks");
    let mut value = vec![0x01];
    value.extend_from_slice(&ciphertext);
    crate::tlv::encode(u32::from(sm::TAG_CRYPTOGRAM), &value)
}

/// The same cryptogram object with a length field 16 bytes larger than its value: `86 82 LL LL`.
fn hostile_sm_overclaim(body: Vec<u8>) -> Vec<u8> {
    let value = match crate::tlv::parse_one(&body) {
        Ok((obj, _)) => obj.value.to_vec(),
        Err(_) => return body,
    };
    let claimed = u16::try_from(value.len() + 16).unwrap_or(u16::MAX).to_be_bytes();
    let mut out = vec![sm::TAG_CRYPTOGRAM, 0x82, claimed[0], claimed[1]];
    out.extend_from_slice(&value);
    out
}
