//! Reads the embedded software card end to end and prints what a reader app would show.
//! `cargo run -p zairyu-core --example demo [PROFILE]` (default `residence`).

use zairyu_core::softcard::{Profile, SoftCard};
use zairyu_core::transport::{ProgressListener, ReadStep};
use zairyu_core::verify::{IssuerCheck, TamperCheck, TrustStore, Verdict};
use zairyu_core::{read_card, ReadOptions};

struct Bar;
impl ProgressListener for Bar {
    fn on_progress(&self, step: ReadStep, fraction: f32) {
        eprintln!("  [{:>3.0}%] {step:?}", fraction * 100.0);
    }
}

fn main() {
    let name = std::env::args().nth(1).unwrap_or_else(|| "residence".into());
    let Some(profile) = Profile::by_name(&name) else {
        eprintln!("unknown profile {name}; profiles: {}", Profile::names().join(", "));
        std::process::exit(64);
    };
    let number = profile.card_number().clone();
    let card = SoftCard::new(profile);
    let mut trust = TrustStore::new();
    trust
        .add_test_anchor(include_bytes!("../../fixtures/test-ca/test-root.der"), "Zairyu Reader test root")
        .expect("embedded test root");
    let options = ReadOptions { trust, ..ReadOptions::default() };
    println!("Reading the software card '{name}' (no hardware needed)…");
    match read_card(&number, &card, &options, &Bar) {
        Err(e) => {
            println!("error [{}]: {e}", e.code());
            std::process::exit(2);
        }
        Ok(r) => {
            println!("card:      {:?}, generation {:?}, type {}", r.card.kind, r.card.generation, r.card.type_code.as_str());
            println!("number:    {}", r.card_number.as_str());
            let tamper = match &r.verification.tamper {
                TamperCheck::Ok { layout } => format!("ok ({layout:?})"),
                TamperCheck::Failed { reason } => format!("FAILED ({reason:?})"),
                TamperCheck::Absent => "not checked (no signature on the chip)".into(),
            };
            let issuer = match &r.verification.issuer {
                IssuerCheck::Ok { anchor, .. } => format!("ok ({}, {:?} anchor)", anchor.label, anchor.kind),
                IssuerCheck::Failed { reason } => format!("FAILED ({reason:?})"),
                IssuerCheck::Absent => "not checked".into(),
            };
            println!("tamper:    {tamper}");
            println!("issuer:    {issuer}");
            println!("verdict:   {:?}{}", r.verification.verdict, if r.verification.is_test_anchor() { " (TEST root: not a production pass)" } else { "" });
            for a in &r.addresses {
                println!("address:   {} {} {}", a.date_raw, a.municipality_code, a.address.text);
            }
            if let Some(p) = &r.permissions {
                println!("permission (comprehensive): {}", p.comprehensive.as_ref().map_or("-", |t| t.text.as_str()));
                println!("permission (individual):    {}", p.individual.as_ref().map_or("-", |t| t.text.as_str()));
            }
            if let Some(app) = r.extension_application {
                println!("extension application pending: {app}");
            }
            for (label, img) in [("front", &r.front_image), ("face", &r.face_image)] {
                if let Some(img) = img {
                    match &img.decoded {
                        Ok(px) => println!("{label} image: {:?}, {} bytes, {}x{}", img.format, img.raw.len(), px.width, px.height),
                        Err(e) => println!("{label} image: {:?}, {} bytes, not decoded: {e}", img.format, img.raw.len()),
                    }
                }
            }
            println!("wire:      {} APDUs, {} bytes sent, {} bytes received", r.wire.apdus, r.wire.bytes_sent, r.wire.bytes_received);
            std::process::exit(if r.verification.verdict == Verdict::Abnormal { 1 } else { 0 });
        }
    }
}
