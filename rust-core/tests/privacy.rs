//! Privacy: every software-card profile (both generations, hostile ones included) is read with
//! logging at the most verbose level, and nothing personal may appear in the captured logs, in
//! error texts (Display and Debug) or in the `Debug` of the reading, its parts and its result
//! screen: no card number, no address or permission text, no printed entry, no run of image (or
//! other file) bytes, and no key — neither the access key each number derives nor the session key
//! of the read (known here because both sides' randoms are scripted).

mod common;
mod log_capture;

use std::fmt::Write as _;
use std::sync::Arc;

use common::*;
use zairyu_core::crypto::{access_key, session_key, Key16};
use zairyu_core::model::Date;
use zairyu_core::present;
use zairyu_core::read::read_card_with_rng;
use zairyu_core::softcard::fixtures::HOSTILE_ANCHORS;
use zairyu_core::softcard::profiles as p;
use zairyu_core::softcard::{Profile, SoftCard};
use zairyu_core::transport::{ManualClock, NoProgress};
use zairyu_core::ReadOptions;


/// The card's scripted challenge and K.ICC, and the reader's scripted RND.IFD ‖ K.IFD.
const CHALLENGE: [u8; 8] = [0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88];
const K_ICC: [u8; 16] = [0xC3, 0x5A, 0x19, 0xE7, 0x42, 0x8D, 0x6B, 0xF0, 0x2E, 0x97, 0x31, 0xA4, 0x5C, 0xD8, 0x06, 0x7B];
const READER_RANDOMS: [u8; 24] = [
    0x9A, 0x13, 0xF4, 0x27, 0x6E, 0xB1, 0x58, 0xC2, // RND.IFD
    0x3D, 0xE9, 0x71, 0x0C, 0xA6, 0x5F, 0x82, 0x1B, 0xD4, 0x67, 0x2A, 0xF3, 0x8E, 0x45, 0xB9, 0x16, // K.IFD
];

/// Every way a byte string might be printed: hex both cases, spaced hex, Rust's `{:?}` of a slice.
fn byte_forms(bytes: &[u8]) -> Vec<String> {
    let lower: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let spaced: Vec<String> = bytes.iter().map(|b| format!("{b:02X}")).collect();
    vec![lower.clone(), lower.to_uppercase(), spaced.join(" "), format!("{:?}", &bytes[..bytes.len().min(6)])]
}

/// Windows of a file that are distinctive (six or more distinct byte values), from three places.
fn distinctive_windows(data: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    if data.len() < 64 {
        return out;
    }
    for start in [data.len() / 5, data.len() / 2, data.len() * 3 / 4] {
        let w = &data[start..start + 12];
        let mut distinct = w.to_vec();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() >= 6 {
            out.push(w);
        }
    }
    out
}

fn personal_texts() -> Vec<String> {
    let mut v: Vec<String> = [
        p::RESIDENCE_ADDRESS,
        p::SPRC_ADDRESS,
        p::RESIDENCE_PERMISSION,
        p::GEN2_RESERVED_TEXT,
        p::RESIDENCE_ADDRESS_DATE,
        p::SPRC_ADDRESS_DATE,
        p::RESIDENCE_MUNICIPALITY,
        p::SPRC_MUNICIPALITY,
        p::GEN2_COMPREHENSIVE_PERMISSION_EXPIRY,
        "東京都千代田区",
        "大阪府大阪市",
        "テストハイツ",
        "風俗営業",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for (_, value) in p::GEN2_RESIDENCE_PRINTED.iter().chain(&p::GEN2_SPRC_PRINTED).chain(&p::GEN2_UNDER1_PRINTED) {
        if value.len() >= 3 && value.bytes().any(|b| b != b'0') {
            v.push(value.to_string());
        }
        if let Some(d) = Date::parse_yyyymmdd(value.as_bytes()) {
            v.push(format!("{d:?}"));
            v.push(d.iso());
        }
    }
    v
}

#[test]
fn nothing_personal_in_logs_errors_or_debug_for_any_profile() {
    log_capture::install();

    let mut trust = trust_both();
    for (label, der) in HOSTILE_ANCHORS {
        trust.add_test_anchor(der, label).expect("hostile anchor loads");
    }
    let mut outputs = String::new();
    let mut secrets = personal_texts();
    let mut k_ifd = [0u8; 16];
    k_ifd.copy_from_slice(&READER_RANDOMS[8..]);
    let session = session_key(&Key16::new(k_ifd), &Key16::new(K_ICC));
    secrets.extend(byte_forms(session.as_bytes()));

    for name in Profile::names() {
        let profile = Profile::by_name(name).unwrap();
        let number = profile.card_number().clone();
        secrets.push(number.as_str().to_string());
        secrets.extend(byte_forms(access_key(&number).as_bytes()));
        for dir in &profile.files().dirs {
            for ef in &dir.efs {
                for w in distinctive_windows(&ef.data) {
                    secrets.extend(byte_forms(w));
                }
            }
        }
        let clock = Arc::new(ManualClock::new());
        let card = SoftCard::with_script(profile, vec![CHALLENGE], vec![K_ICC]).with_clock(clock.clone());
        let now = if name.starts_with("gen2-") { 1_798_761_600 } else { NOW };
        let options = ReadOptions { trust: trust.clone(), now_unix: Some(now), clock: Some(clock), ..ReadOptions::default() };
        let mut rng = FixedRng(READER_RANDOMS.to_vec(), 0);
        match read_card_with_rng(&number, &card, &options, &NoProgress, &mut rng) {
            Ok(r) => {
                let screen = present::result_screen(&r);
                let _ = write!(
                    outputs,
                    "\n{r:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{screen:?}",
                    r.card_number,
                    r.printed,
                    r.addresses,
                    r.permissions,
                    r.gen2_permissions,
                    r.gen2_other,
                    [&r.front_image, &r.face_image, &r.name_image, &r.address_image],
                    r.front_image.as_ref().map(|i| &i.decoded),
                    r.verification,
                );
            }
            Err(e) => {
                let _ = write!(outputs, "\n{e}\n{e:?}\n{:?}", present::from_read_error(&e));
            }
        }
    }
    // A wrong number: the error names neither number.
    let card = card("residence");
    let e = zairyu_core::read_card(&number("AB12345678CE"), &card, &options(), &NoProgress).unwrap_err();
    secrets.push("AB12345678CE".into());
    let _ = write!(outputs, "\n{e}\n{e:?}");

    // (The FFI's panic guard has its own privacy test in rust-core/ffi/tests/panic_privacy.rs.)
    let logs = log_capture::lines().join("\n");
    assert!(logs.lines().count() > 500, "the reads did log ({} records)", logs.lines().count());
    assert!(outputs.len() > 10_000, "the outputs were captured");
    assert!(secrets.len() > 1000, "{} secrets", secrets.len());
    for secret in &secrets {
        assert!(!logs.contains(secret.as_str()), "personal data {secret:?} leaked into the logs");
        assert!(!outputs.contains(secret.as_str()), "personal data {secret:?} leaked into Debug/Display output");
    }
}
