//! A faithful chip emulator for first-generation (gen1-chip.md §11) and second-generation
//! (types 05/06, gen2-chip.md §10) cards: the card every layer is tested against — Rust tests,
//! Kotlin tests, the desktop PC/SC path through a virtual reader, and the apps' demo mode.
//!
//! My Number cards (`mynumber-*` profiles, mynumber-chip.md) have their own applications and
//! machine in [`mynumber`]; [`SoftCard`] hands their APDUs to it, and nothing below applies to them.
//!
//! Its behaviour is written from the spec independently of the reader code (its own APDU parser,
//! its own access rules); the two meet only in the official test vectors.
//!
//! Where the spec is silent the card takes the stricter reading, so reader shortcuts fail here
//! rather than on a real card (reader code must not depend on any of these):
//! - Any command other than MUTUAL AUTHENTICATE discards a pending challenge ("immediately
//!   followed", spec p.27); [`Behaviour::challenge_survives_other_commands`] relaxes it. Every
//!   MUTUAL AUTHENTICATE that finds a challenge consumes it, even one answered `67 00`.
//! - MUTUAL AUTHENTICATE ignores P1/P2 (the spec lists no `6A 86` for it); CLA `08` → `68 82`.
//! - SELECT: P1P2 `0000` needs Lc 2 and `040C` Lc 1..=16, else `6A 87`; a failed SELECT keeps the
//!   current DF.
//! - READ BINARY needs an Le (else `67 00`); a plain READ with a data field → `67 00`. An SM
//!   response larger than the APDU's own Le → `67 00` (a short chunk can carry at most 247
//!   plaintext bytes, gen1-chip.md §6.5). Offset-mode reads are checked against the current EF.
//! - More bytes after the data than a valid Le: SELECT, VERIFY and MUTUAL AUTHENTICATE use the
//!   first Lc bytes (spec); any other command → `67 00`.
//! - Logical channels: CLA `01`–`03`, `09`–`0B` and `40`–`7F` → `68 81`; other CLAs → `6E 00`.
//!
//! Second generation ([`ChipKind::Gen2`]): the same machine, commands, status words and choices
//! as above, with AES-128-CBC (zero IV) and AES-CMAC-8 instead of 3DES and the retail MAC. So:
//! - A first-generation 3DES MUTUAL AUTHENTICATE fails the CMAC check → `63 00` (as observed on
//!   a real type-05 card); so does an AES one under a wrong number's key. No 3DES fallback.
//! - VERIFY takes `86 11 01` + one AES block; SM READ answers `86 L 01 ‖ AES-CBC(KSenc, data ‖
//!   80 00…)`, each response (chunk) enciphered on its own. A short-Le SM chunk holds at most 239
//!   plaintext bytes; asking for more → `67 00`.
//! - File map of gen2-chip.md §3: DF1 (card number, printed entries, name+face, address image)
//!   SM only; DF2 (type 05: permission P1 81, extension application P1 82; both types: "other"
//!   at P1 83, or P1 81 in the `gen2-sprc-other-81` variant) and DF3 plain or SM after VERIFY.
//!   No 在留AP: its SELECT answers `6A 82`.
//! - TLVs have the fixed lengths the capacities imply (`DE 82 00 C8` in three-byte form), except
//!   `DD`, which carries the certificate's actual length followed by `00` fill to 704 bytes (a
//!   larger DC/DD would make the file grow instead; no profile needs that).

mod apdu_in;
pub mod faults;
pub mod files;
pub mod fixtures;
mod machine;
pub mod mynumber;
pub mod profiles;

#[cfg(test)]
mod gen2_tests;
#[cfg(test)]
mod tests;

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;

pub use faults::{Behaviour, ChipKind, Faults, Hostile, Truncation};
pub use profiles::Profile;

use crate::transport::{ManualClock, Transceiver, TransportError, EXTENDED_APDU_LENGTH, SHORT_APDU_LENGTH};
use machine::{Machine, Randoms};

/// The software card. All state sits behind one mutex so the card is `Send + Sync` and can be
/// handed across the FFI boundary and to a vpcd server thread.
pub struct SoftCard {
    profile: Profile,
    inner: Mutex<Inner>,
    /// Where a slow profile's delays go instead of sleeping ([`SoftCard::with_clock`]).
    clock: Option<Arc<ManualClock>>,
}

struct Inner {
    machine: Machine,
    /// The My Number machine (used only by `mynumber-*` profiles).
    my_number: mynumber::machine::State,
    randoms: Randoms,
    transcript: Vec<(Vec<u8>, Vec<u8>)>,
    /// APDUs received since creation.
    count: usize,
    /// APDUs received since creation or the last reset (fault triggers count these).
    since_reset: usize,
}

/// Seed for `with_script` once its scripted values run out, so a scripted card stays reproducible.
const SCRIPT_FALLBACK_SEED: u64 = 0x5A1F_CA2D;

impl SoftCard {
    /// A card whose randoms come from the OS.
    pub fn new(profile: Profile) -> SoftCard {
        Self::build(profile, ChaCha20Rng::from_entropy(), Vec::new(), Vec::new())
    }

    /// A reproducible card: the same seed gives the same challenges and K.ICC.
    pub fn with_seed(profile: Profile, seed: u64) -> SoftCard {
        Self::build(profile, ChaCha20Rng::seed_from_u64(seed), Vec::new(), Vec::new())
    }

    /// Scripted randoms: each GET CHALLENGE takes the next RND.ICC, each successful MUTUAL
    /// AUTHENTICATE the next K.ICC; then a fixed-seed generator. Replays the spec's Appendix 2.
    pub fn with_script(profile: Profile, challenges: Vec<[u8; 8]>, k_iccs: Vec<[u8; 16]>) -> SoftCard {
        Self::build(profile, ChaCha20Rng::seed_from_u64(SCRIPT_FALLBACK_SEED), challenges, k_iccs)
    }

    fn build(profile: Profile, rng: ChaCha20Rng, challenges: Vec<[u8; 8]>, k_iccs: Vec<[u8; 16]>) -> SoftCard {
        SoftCard {
            profile,
            inner: Mutex::new(Inner {
                machine: Machine::default(),
                my_number: mynumber::machine::State::default(),
                randoms: Randoms { rng, challenges: VecDeque::from(challenges), k_iccs: VecDeque::from(k_iccs) },
                transcript: Vec::new(),
                count: 0,
                since_reset: 0,
            }),
            clock: None,
        }
    }

    /// A slow profile ([`Hostile::Slow`]) advances `clock` by its delay instead of sleeping, so
    /// a test can run a card slower than any timeout in no time at all.
    pub fn with_clock(mut self, clock: Arc<ManualClock>) -> SoftCard {
        self.clock = Some(clock);
        self
    }

    /// RF field off and on: security state, challenge and current files cleared, MF current, and
    /// the fault counters start again (a pulled card is back in the field).
    pub fn reset(&self) {
        let mut inner = self.lock();
        inner.machine = Machine::default();
        inner.my_number.reset();
        inner.since_reset = 0;
    }

    /// Every (command, response) pair since creation or [`SoftCard::clear_transcript`]. APDUs that
    /// ended in a transport error are counted by [`SoftCard::apdu_count`] but have no pair here.
    pub fn transcript(&self) -> Vec<(Vec<u8>, Vec<u8>)> {
        self.lock().transcript.clone()
    }

    pub fn clear_transcript(&self) {
        self.lock().transcript.clear();
    }

    /// APDUs received since creation, including those answered with a transport error.
    pub fn apdu_count(&self) -> usize {
        self.lock().count
    }

    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    /// A poisoned lock only means a caller panicked mid-call; the card state is still coherent
    /// (every handler writes state after its last fallible step), so carry on.
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    #[cfg(test)]
    fn is_verified(&self) -> bool {
        self.lock().machine.is_verified()
    }
}

impl std::fmt::Debug for SoftCard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SoftCard")
            .field("profile", &self.profile.name())
            .field("apdus", &self.apdu_count())
            .finish_non_exhaustive()
    }
}

impl Transceiver for SoftCard {
    fn transceive(&self, apdu: Vec<u8>) -> Result<Vec<u8>, TransportError> {
        let faults = *self.profile.faults();
        if let Some(Hostile::Slow { millis }) = faults.hostile {
            let delay = Duration::from_millis(millis);
            match &self.clock {
                Some(clock) => clock.advance(delay),
                None => std::thread::sleep(delay),
            }
        }
        let mut inner = self.lock();
        inner.count += 1;
        inner.since_reset += 1;
        if faults.pull_after.is_some_and(|n| inner.since_reset >= n) {
            log::trace!("softcard: card removed");
            return Err(TransportError::CardRemoved);
        }
        let inner = &mut *inner;
        let mut response = match self.profile.my_number() {
            Some(chip) => inner.my_number.process(chip, &mut inner.randoms.rng, &apdu),
            None => inner.machine.process(&self.profile, &mut inner.randoms, &apdu),
        };
        if let Some(t) = faults.truncation {
            if inner.since_reset >= t.from_apdu {
                response.truncate(t.keep);
            }
        }
        inner.transcript.push((apdu, response.clone()));
        Ok(response)
    }

    fn max_apdu_length(&self) -> usize {
        if self.profile.faults().short_apdu_only {
            SHORT_APDU_LENGTH
        } else {
            EXTENDED_APDU_LENGTH
        }
    }
}
