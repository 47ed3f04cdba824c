//! A specified card's chip (types 07/08, gen2-chip.md §9): a My Number card platform on which the
//! residence application (在留AP) is one application among others. Written from the spec notes
//! (gen2-chip.md §9, mynumber-chip.md §1–§4.4) and the parameter table `chip::specified::PARAMS`,
//! not from the reader.
//!
//! Shape, so the My Number applications (JPKI, input helper, card face; the `mynumber-softcard`
//! work) can sit on the same emulated chip: [`SpecifiedChip`] owns the *current application*;
//! SELECT by AID switches it and clears the previous application's security state and SM session
//! (mynumber-chip.md §1). Only the 在留AP is implemented here; any other AID answers `6A 82` until
//! the My Number applications join through [`Application`].
//!
//! The 在留AP, as emulated:
//! - `SELECT` of the 在留AP (re)starts it: session key, counter and VERIFY state cleared (§9:
//!   "reselecting the 在留AP clears the session key"). Its own root holds `C0` (SFI 0B) and `C1`
//!   (SFI 0A), free. `SELECT` of DF1/DF2/DF3 by AID moves within it and keeps the session.
//! - `SET SESSION KEY` (`80 AE 00 00`, 256 data bytes): RSA-OAEP decryption with the card's
//!   private delivery key (the TEST key of `fixtures/specified/`); a cryptogram that does not
//!   decipher, or a plaintext that is not `A0 22 80 20 <32 bytes>`, → `6A 80`. Success opens a
//!   session: key = seed[0..16], counter = `counter_start` (+ the profile's skew, to emulate a
//!   counter mismatch), VERIFY state cleared.
//! - SM commands (CLA `08`) advance the counter whether accepted or not; plain commands do not.
//!   VERIFY `08 20 00 86` takes exactly `86 L 01 ‖ ct`; READ BINARY exactly `96 03 00 <Le>`. A
//!   wrong data object, or a cryptogram whose padding or length is wrong under the expected IV,
//!   → `69 88` and the session dies: `69 FC` to every SM command until the 在留AP is reselected.
//!   VERIFY with a well-formed but different number → `63 00` (no retry counter is known).
//! - DF1 files: SM only, after VERIFY (plain → `69 82`). DF2/DF3 and the root: plain or SM, DF2/DF3
//!   after VERIFY. SM READ answers `86 L 01 ‖ E(key, IV_N, data ‖ 80 00…)` with the command's IV.
//! - No application selected (right after activation): READ BINARY → `6A 82`. GET CHALLENGE and
//!   MUTUAL AUTHENTICATE (the 05/06 authentication) → `6D 00`.

use std::sync::OnceLock;

use rsa::pkcs8::DecodePrivateKey;
use rsa::RsaPrivateKey;
use zeroize::Zeroize;

use super::apdu_in::CardApdu;
use super::files::{Access, MF};
use super::fixtures::specified::DELIVERY_TEST_KEY_DER;
use super::profiles::Profile;
use crate::apdu::sw;
use crate::chip::specified::{seed_from_message, IvRule, OaepHash, PARAMS};
use crate::crypto::{cbc_decrypt_iv, cbc_encrypt_iv, ct_eq, pad_iso7816, unpad_iso7816, Aes, CipherSuite, Key16};

const INS_SELECT: u8 = 0xA4;
const INS_VERIFY: u8 = 0x20;
const INS_READ_BINARY: u8 = 0xB0;
const CLA_PLAIN: u8 = 0x00;
const SW_WRONG_DATA: u16 = 0x6A80;

/// The application the chip currently runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Application {
    /// Right after activation: no application selected.
    #[default]
    None,
    /// The 在留AP; the index is the current directory in the profile's file system (`MF` = the
    /// 在留AP's own root).
    Residence { dir: usize },
}

struct Session {
    key: Key16,
    counter: u32,
    dead: bool,
}

/// Volatile state of the chip; `Default` is the state after activation.
#[derive(Default)]
pub(crate) struct SpecifiedChip {
    app: Application,
    session: Option<Session>,
    verified: bool,
    current_ef: Option<usize>,
}

type Answer = Result<Vec<u8>, u16>;

fn delivery_private_key() -> Option<&'static RsaPrivateKey> {
    static KEY: OnceLock<Option<RsaPrivateKey>> = OnceLock::new();
    KEY.get_or_init(|| RsaPrivateKey::from_pkcs8_der(DELIVERY_TEST_KEY_DER).ok()).as_ref()
}

fn iv(key: &Key16, n: u32) -> [u8; 16] {
    match PARAMS.iv {
        IvRule::Zero => [0; 16],
        IvRule::EncryptedCounter => {
            let mut block = [0u8; 16];
            block[12..].copy_from_slice(&n.to_be_bytes());
            let mut out = [0u8; 16];
            out.copy_from_slice(&Aes::encrypt(key, &block).unwrap_or_default());
            out
        }
    }
}

impl SpecifiedChip {
    pub fn dispatch(&mut self, profile: &Profile, cmd: &CardApdu) -> Answer {
        match cmd.cla {
            0x00 | 0x08 | 0x80 => {}
            0x01..=0x03 | 0x09..=0x0B | 0x40..=0x7F => return Err(sw::LOGICAL_CHANNEL_NOT_SUPPORTED),
            _ => return Err(sw::CLA_NOT_SUPPORTED),
        }
        let [ssk_cla, ssk_ins, ssk_p1, ssk_p2] = PARAMS.set_session_key_header;
        if cmd.ins == INS_SELECT && cmd.cla == CLA_PLAIN {
            return self.select(profile, cmd);
        }
        let Application::Residence { dir } = self.app else {
            return match cmd.ins {
                INS_READ_BINARY | INS_VERIFY => Err(sw::FILE_NOT_FOUND),
                _ if cmd.cla == ssk_cla && cmd.ins == ssk_ins => Err(sw::CONDITIONS_NOT_SATISFIED),
                _ => Err(sw::INS_NOT_SUPPORTED),
            };
        };
        match (cmd.cla, cmd.ins) {
            (c, i) if c == ssk_cla && i == ssk_ins => {
                if (cmd.p1, cmd.p2) != (ssk_p1, ssk_p2) {
                    return Err(sw::WRONG_P1P2);
                }
                self.set_session_key(profile, cmd)
            }
            (c, INS_VERIFY) if c == PARAMS.cla_sm => self.verify(profile, cmd),
            (CLA_PLAIN, INS_VERIFY) => Err(sw::SECURITY_STATUS),
            (CLA_PLAIN, INS_READ_BINARY) | (0x08, INS_READ_BINARY) => self.read_binary(profile, dir, cmd),
            (c, INS_SELECT) if c == PARAMS.cla_sm => Err(sw::SM_NOT_SUPPORTED),
            _ => Err(sw::INS_NOT_SUPPORTED),
        }
    }

    fn select(&mut self, profile: &Profile, cmd: &CardApdu) -> Answer {
        if (cmd.p1, cmd.p2) != (0x04, 0x0C) {
            return Err(sw::WRONG_P1P2);
        }
        if cmd.data.is_empty() || cmd.data.len() > 16 {
            return Err(sw::LC_INCONSISTENT);
        }
        if cmd.data == PARAMS.aid_residence_ap {
            *self = SpecifiedChip { app: Application::Residence { dir: MF }, ..SpecifiedChip::default() };
            return Ok(Vec::new());
        }
        match self.app {
            // DF1–DF3 live under the 在留AP: found only while it runs; the session survives.
            Application::Residence { .. } => match profile.files().dir_by_aid(cmd.data) {
                Some(dir) if dir != MF => {
                    self.app = Application::Residence { dir };
                    self.current_ef = None;
                    Ok(Vec::new())
                }
                // Another application (the My Number APs will be found here): leaving the 在留AP
                // drops its session and VERIFY state. Until they exist, `6A 82` keeps the 在留AP.
                _ => Err(sw::FILE_NOT_FOUND),
            },
            Application::None => Err(sw::FILE_NOT_FOUND),
        }
    }

    fn set_session_key(&mut self, profile: &Profile, cmd: &CardApdu) -> Answer {
        // A new delivery replaces any session; VERIFY must follow it again.
        self.session = None;
        self.verified = false;
        if cmd.data.len() != PARAMS.delivery_modulus_bytes {
            return Err(sw::WRONG_LENGTH);
        }
        let key = delivery_private_key().ok_or(sw::SELF_DIAGNOSIS)?;
        let padding = match PARAMS.oaep_hash {
            OaepHash::Sha256 => rsa::Oaep::new::<sha2::Sha256>(),
            OaepHash::Sha1 => rsa::Oaep::new::<sha1::Sha1>(),
        };
        let padding = if PARAMS.oaep_label.is_empty() {
            padding
        } else {
            rsa::Oaep { label: Some(String::from_utf8_lossy(PARAMS.oaep_label).into_owned()), ..padding }
        };
        let mut plain = key.decrypt(padding, cmd.data).map_err(|_| SW_WRONG_DATA)?;
        let session = seed_from_message(&plain).map(|seed| {
            let mut k = [0u8; 16];
            k.copy_from_slice(&seed[PARAMS.key_offset..PARAMS.key_offset + 16]);
            let skew = profile.faults().sm_counter_skew;
            Session { key: Key16::new(k), counter: PARAMS.counter_start.wrapping_add(skew), dead: false }
        });
        plain.zeroize();
        self.session = Some(session.ok_or(SW_WRONG_DATA)?);
        Ok(Vec::new())
    }

    /// Takes the counter of an SM command (advancing it), or the SW that refuses it.
    fn sm_counter(&mut self) -> Result<(Key16, u32), u16> {
        let s = self.session.as_mut().ok_or(sw::CONDITIONS_NOT_SATISFIED)?;
        if s.dead {
            return Err(PARAMS.sw_session_dead);
        }
        let n = s.counter;
        s.counter = s.counter.wrapping_add(PARAMS.counter_step);
        Ok((s.key.clone(), n))
    }

    fn kill_session(&mut self) -> u16 {
        if let Some(s) = self.session.as_mut() {
            s.dead = true;
        }
        self.verified = false;
        PARAMS.sw_sm_error
    }

    fn verify(&mut self, profile: &Profile, cmd: &CardApdu) -> Answer {
        if cmd.p1 != 0x00 || cmd.p2 != PARAMS.verify_p2 {
            return Err(sw::WRONG_P1P2);
        }
        let (key, n) = self.sm_counter()?;
        let ct = match cmd.data {
            [t, l, ind, rest @ ..] if *t == PARAMS.tag_cryptogram && usize::from(*l) == rest.len() + 1 && *ind == PARAMS.padding_indicator => rest,
            _ => return Err(self.kill_session()),
        };
        let mut plain = match cbc_decrypt_iv(&key, &iv(&key, n), ct) {
            Ok(p) => p,
            Err(_) => return Err(self.kill_session()),
        };
        // The number is 12 characters: anything else under this IV is an SM failure, not a
        // wrong number (a wrong counter deciphers to noise).
        let number = match unpad_iso7816(&plain, 16) {
            Ok(n) if n.len() == 12 => n.to_vec(),
            _ => {
                plain.zeroize();
                return Err(self.kill_session());
            }
        };
        plain.zeroize();
        self.verified = ct_eq(&number, profile.card_number().as_bytes());
        if self.verified {
            Ok(Vec::new())
        } else {
            Err(sw::VERIFICATION_FAILED)
        }
    }

    fn read_binary(&mut self, profile: &Profile, dir: usize, cmd: &CardApdu) -> Answer {
        let sm = cmd.cla == PARAMS.cla_sm;
        let le = cmd.le.ok_or(sw::WRONG_LENGTH)?;
        let sm_params = if sm {
            let (key, n) = self.sm_counter()?;
            let wanted = match cmd.data {
                [t, 3, 0, hi, lo] if *t == PARAMS.tag_le => u16::from_be_bytes([*hi, *lo]),
                _ => return Err(self.kill_session()),
            };
            Some((key, n, if wanted == 0 { usize::MAX } else { usize::from(wanted) }))
        } else {
            if !cmd.data.is_empty() {
                return Err(sw::WRONG_LENGTH);
            }
            None
        };
        let directory = profile.files().dirs.get(dir).ok_or(sw::FILE_NOT_FOUND)?;
        let (index, offset) = if cmd.p1 & 0x80 != 0 {
            if cmd.p1 & 0x60 != 0 {
                return Err(sw::WRONG_P1P2);
            }
            (directory.ef_by_sfi(cmd.p1 & 0x1F).ok_or(sw::FILE_NOT_FOUND)?, usize::from(cmd.p2))
        } else {
            (self.current_ef.ok_or(sw::NO_CURRENT_EF)?, usize::from(u16::from_be_bytes([cmd.p1, cmd.p2])))
        };
        let ef = directory.efs.get(index).ok_or(sw::NO_CURRENT_EF)?;
        if ef.access != Access::Free && !self.verified {
            return Err(sw::SECURITY_STATUS);
        }
        if ef.access == Access::NumberAuthSm && !sm {
            return Err(sw::SECURITY_STATUS);
        }
        if offset >= ef.data.len() {
            return Err(sw::OFFSET_OUT_OF_RANGE);
        }
        let limit = match &sm_params {
            Some((_, _, w)) => *w,
            None => le as usize,
        };
        let slice = &ef.data[offset..ef.data.len().min(offset.saturating_add(limit))];
        let body = match sm_params {
            None => slice.to_vec(),
            Some((key, n, _)) => {
                let mut padded = pad_iso7816(slice, 16);
                let ct = cbc_encrypt_iv(&key, &iv(&key, n), &padded).map_err(|_| sw::SELF_DIAGNOSIS)?;
                padded.zeroize();
                let mut value = vec![PARAMS.padding_indicator];
                value.extend_from_slice(&ct);
                let body = crate::tlv::encode(u32::from(PARAMS.tag_cryptogram), &value);
                if body.len() > le as usize {
                    return Err(sw::WRONG_LENGTH);
                }
                body
            }
        };
        self.current_ef = Some(index);
        Ok(body)
    }

    #[cfg(test)]
    pub fn is_verified(&self) -> bool {
        self.verified
    }
}
