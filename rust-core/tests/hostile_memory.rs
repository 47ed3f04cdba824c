//! Bounded memory: every software-card profile, hostile ones included, is read with images
//! decoded under a counting allocator, and the peak heap growth of each read must stay under a
//! fixed bound. A decompression bomb that reached a decoder, or a length taken on trust, would
//! ask for gigabytes here.

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use common::*;
use zairyu_core::softcard::fixtures::HOSTILE_ANCHORS;
use zairyu_core::softcard::{Profile, SoftCard};
use zairyu_core::transport::{ManualClock, NoProgress};
use zairyu_core::{read_card, ReadOptions};

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = CURRENT.fetch_add(layout.size(), Ordering::SeqCst) + layout.size();
            PEAK.fetch_max(now, Ordering::SeqCst);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        CURRENT.fetch_sub(layout.size(), Ordering::SeqCst);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Largest heap growth one read may cause: about four times the largest honest read (a gen1
/// card with both images decoded, 3.5 MB). A bomb that reached a decoder would ask for gigabytes.
const BOUND: usize = 16 * 1024 * 1024;

#[test]
fn every_profile_reads_within_a_fixed_memory_bound() {
    let mut trust = trust_both();
    for (label, der) in HOSTILE_ANCHORS {
        trust.add_test_anchor(der, label).expect("hostile anchor loads");
    }
    let mut worst = (0usize, "");
    for name in Profile::names() {
        let clock = Arc::new(ManualClock::new());
        let card = SoftCard::with_seed(profile(name), 7).with_clock(clock.clone());
        let number = card.profile().card_number().clone();
        let now = if name.starts_with("gen2-") { 1_798_761_600 } else { NOW };
        let options =
            ReadOptions { trust: trust.clone(), now_unix: Some(now), clock: Some(clock), ..ReadOptions::default() };
        let baseline = CURRENT.load(Ordering::SeqCst);
        PEAK.store(baseline, Ordering::SeqCst);
        let result = read_card(&number, &card, &options, &NoProgress);
        let growth = PEAK.load(Ordering::SeqCst) - baseline;
        drop(result);
        println!("{name}: peak heap growth {} KB", growth / 1024);
        assert!(growth < BOUND, "{name}: the read grew the heap by {growth} bytes");
        if growth > worst.0 {
            worst = (growth, name);
        }
    }
    println!("worst: {} ({} KB)", worst.1, worst.0 / 1024);
}
