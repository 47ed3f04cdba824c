//! Shared helpers for the end-to-end tests against the software card.
#![allow(dead_code)]

use std::cell::RefCell;

use rand_core::{impls, RngCore};
use zairyu_core::softcard::{Profile, SoftCard};
use zairyu_core::transport::{ProgressListener, ReadStep};
use zairyu_core::verify::TrustStore;
use zairyu_core::{read_card, CardNumber, ReadError, ReadOptions, Reading};

pub const TEST_ROOT: &[u8] = include_bytes!("../../fixtures/test-ca/test-root.der");
/// 2026-01-01T00:00:00Z: inside the test root's and the card signer's validity.
pub const NOW: i64 = 1_767_225_600;

pub fn trust() -> TrustStore {
    let mut t = TrustStore::new();
    t.add_test_anchor(TEST_ROOT, "test root").expect("test root loads");
    t
}

pub fn options() -> ReadOptions {
    ReadOptions { trust: trust(), now_unix: Some(NOW), ..ReadOptions::default() }
}

pub fn profile(name: &str) -> Profile {
    Profile::by_name(name).unwrap_or_else(|| panic!("profile {name} exists"))
}

pub fn card(name: &str) -> SoftCard {
    SoftCard::with_seed(profile(name), 7)
}

/// Reads a profile's card with its own number.
pub fn read(name: &str) -> (Result<Reading, ReadError>, SoftCard) {
    let card = card(name);
    let number = card.profile().card_number().clone();
    let result = read_card(&number, &card, &options(), &zairyu_core::transport::NoProgress);
    (result, card)
}

pub fn number(s: &str) -> CardNumber {
    CardNumber::parse(s).unwrap()
}

pub fn h(s: &str) -> Vec<u8> {
    hex::decode(s.replace([' ', '\n'], "")).unwrap()
}

/// Yields a fixed byte sequence: the terminal's RND.IFD and K.IFD of the spec's trace.
pub struct FixedRng(pub Vec<u8>, pub usize);

impl RngCore for FixedRng {
    fn next_u32(&mut self) -> u32 {
        impls::next_u32_via_fill(self)
    }
    fn next_u64(&mut self) -> u64 {
        impls::next_u64_via_fill(self)
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        for b in dest {
            *b = self.0[self.1 % self.0.len()];
            self.1 += 1;
        }
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

#[derive(Default)]
pub struct Recorder(pub RefCell<Vec<(ReadStep, f32)>>);

impl ProgressListener for Recorder {
    fn on_progress(&self, step: ReadStep, fraction: f32) {
        self.0.borrow_mut().push((step, fraction));
    }
}

pub const TEST_CA2: &[u8] = include_bytes!("../../fixtures/gen2/test-ca2.der");

/// Trusts both test roots: the gen1 RSA root and the gen2 P-384 CA2.
pub fn trust_both() -> TrustStore {
    let mut t = trust();
    t.add_test_anchor(TEST_CA2, "test CA2").expect("test CA2 loads");
    t
}
