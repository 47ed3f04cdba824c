//! Seed inputs for every target, built from the compiled-in fixtures and the software card's
//! profiles. `examples/make_seeds.rs` writes them to `corpus/<target>/` before a run, so the
//! repository holds the recipe, not the corpus.

use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use zairyu_core::crypto::{Aes, Key16, Tdes};
use zairyu_core::softcard::fixtures as fx;
use zairyu_core::softcard::{Profile, SoftCard};
use std::sync::Arc;

use zairyu_core::transport::{CancelToken, ManualClock, NoProgress};
use zairyu_core::{read::read_card_with_rng, sm};

use crate::card::{self, op, CHALLENGE, K_ICC, READER_SEED};
use crate::evidence;
use crate::input::push_chunk;

/// Names of the fuzz targets, in the order scripts/fuzz.sh runs them.
pub const TARGETS: &[&str] = &["tlv", "apdu", "sm", "specified_sm", "gen1_verify", "gen2_verify", "jpeg2000", "tiff_g4", "read_card"];

/// A fixed SM key for the `sm` target (its first 16 bytes are the key).
pub const SM_KEY: [u8; 16] = [0xCE, 0x94, 0x93, 0x8E, 0x19, 0xE3, 0xB9, 0x7D, 0xF9, 0x6E, 0xAB, 0xCE, 0xDC, 0x17, 0x15, 0xCC];

/// A genuine read of `name` as the `read_card` harness would see it: (command, response) pairs.
fn transcript(name: &str) -> Vec<(Vec<u8>, Vec<u8>)> {
    let profile = Profile::by_name(name).expect("profile exists");
    let number = profile.card_number().clone();
    let clock = Arc::new(ManualClock::new());
    let card = SoftCard::with_script(profile, vec![CHALLENGE], vec![K_ICC]).with_clock(clock.clone());
    let options = card::options(false, CancelToken::new(), clock);
    let mut rng = ChaCha20Rng::seed_from_u64(READER_SEED);
    let _ = read_card_with_rng(&number, &card, &options, &NoProgress, &mut rng);
    card.transcript()
}

fn profile_index(name: &str) -> u8 {
    Profile::names().iter().position(|n| *n == name).expect("profile listed") as u8
}

pub fn seeds(target: &str) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    match target {
        "tlv" => {
            for name in ["residence", "sprc", "under16", "gen2-residence", "gen2-sprc"] {
                let p = Profile::by_name(name).expect("profile exists");
                for (d, dir) in p.files().dirs.iter().enumerate() {
                    for ef in &dir.efs {
                        // The large image files add little over their headers.
                        let data = &ef.data[..ef.data.len().min(1500)];
                        out.push((format!("{name}-df{d}-ef{:02x}", ef.sfi), data.to_vec()));
                    }
                }
            }
        }
        "apdu" => {
            for name in ["residence", "gen2-residence", "short-apdu", "not-residence"] {
                let mut seed = vec![profile_index(name)];
                for (command, _) in transcript(name) {
                    push_chunk(&mut seed, &command);
                }
                out.push((name.to_string(), seed));
            }
        }
        "sm" => {
            let key = Key16::new(SM_KEY);
            for (suite, n) in [(0u8, 3usize), (0, 300), (1, 3), (1, 300)] {
                let plain: Vec<u8> = (0..n).map(|i| i as u8).collect();
                let mut seed = vec![suite];
                seed.extend_from_slice(&SM_KEY);
                seed.extend(if suite == 0 {
                    sm::encrypt_response::<Tdes>(&key, &plain)
                } else {
                    sm::encrypt_response::<Aes>(&key, &plain)
                });
                out.push((format!("suite{suite}-{n}"), seed));
            }
        }
        "specified_sm" => {
            let mut key_file = vec![0u8];
            key_file.extend_from_slice(zairyu_core::softcard::fixtures::specified::DELIVERY_TEST_PUB_DER);
            out.push(("delivery-key-spki".into(), key_file));
            let mut message = vec![1u8];
            message.extend(zairyu_core::chip::specified::seed_message(&[0x33; 32]));
            out.push(("seed-message".into(), message));
            let key = Key16::new(SM_KEY);
            for (n, len) in [(1u32, 14usize), (2, 300)] {
                let plain: Vec<u8> = (0..len).map(|i| i as u8).collect();
                let mut seed = vec![2u8];
                seed.extend_from_slice(&SM_KEY);
                seed.extend_from_slice(&((n >> 16) as u16).to_be_bytes());
                seed.extend_from_slice(&(n as u16).to_be_bytes());
                seed.extend(zairyu_core::specified::sm::cryptogram_object(&key, n, &plain));
                out.push((format!("sm-counter{n}-{len}"), seed));
            }
        }
        "gen1_verify" => {
            let g = evidence::gen1();
            let cases: [(&str, &[u8], &[u8]); 5] = [
                ("genuine", &g.check_code, &g.certificate),
                ("digestinfo", fx::CHECK_RESIDENCE_DIGESTINFO, fx::CARD_SIGNER_DER),
                ("rogue", fx::CHECK_RESIDENCE_ROGUE_RAW, fx::CARD_SIGNER_ROGUE_DER),
                ("other", fx::CHECK_RESIDENCE_OTHER_RAW, fx::CARD_SIGNER_OTHER_DER),
                ("wrongkey", fx::CHECK_RESIDENCE_WRONGKEY_RAW, fx::CARD_SIGNER_DER),
            ];
            for (name, check, cert) in cases {
                let mut seed = vec![0u8, 0, 0, 0, 0];
                push_chunk(&mut seed, cert);
                push_chunk(&mut seed, check);
                out.push((name.to_string(), seed));
            }
        }
        "gen2_verify" => {
            let g = evidence::gen2();
            let cases: [(&str, &[u8], &[u8]); 4] = [
                ("genuine", &g.check_code, &g.certificate),
                ("der", fx::gen2::CHECK_05_DER, fx::gen2::CARD_SIGNER_DER),
                ("rogue", fx::gen2::CHECK_05_ROGUE_RAW, fx::gen2::CARD_SIGNER_ROGUE_DER),
                ("ca2-as-signer", fx::gen2::CHECK_05_RAW, fx::gen2::TEST_CA2_DER),
            ];
            for (name, check, cert) in cases {
                let mut seed = vec![0u8, 0, 0, 0, 0];
                push_chunk(&mut seed, cert);
                push_chunk(&mut seed, check);
                out.push((name.to_string(), seed));
            }
        }
        "jpeg2000" => {
            out.push(("face-jp2".into(), fx::FACE_JP2.to_vec()));
            out.push(("face-j2k".into(), fx::FACE_J2K.to_vec()));
        }
        "tiff_g4" => {
            for (name, bytes) in [
                ("front-residence", fx::FRONT_RESIDENCE_TIFF),
                ("front-sprc", fx::FRONT_SPRC_TIFF),
                ("name-05", fx::gen2::NAME_05_TIFF),
                ("address-05", fx::gen2::ADDRESS_05_TIFF),
            ] {
                out.push((name.to_string(), bytes.to_vec()));
            }
        }
        "read_card" => {
            for (i, name) in Profile::names().iter().enumerate() {
                // Transport: the profile's own; images not decoded; then every answer genuine.
                out.push((format!("{name}"), vec![i as u8, 0, 0]));
            }
            // Decoded images, a short-only transport, and one harness-made authentication.
            out.push(("residence-decoded".into(), vec![profile_index("residence"), 0, 1]));
            out.push(("gen2-residence-decoded".into(), vec![profile_index("gen2-residence"), 0, 1]));
            out.push(("residence-short".into(), vec![profile_index("residence"), 1, 0]));
            out.push(("gen2-residence-short".into(), vec![profile_index("gen2-residence"), 1, 0]));
            let mut made = vec![profile_index("gen2-residence"), 2, 0];
            made.extend_from_slice(&[op::GENUINE, op::GENUINE, op::GENUINE, op::MADE, 0, 0]);
            out.push(("gen2-residence-made-auth".into(), made));
        }
        "mynumber_flow" => {
            let names: Vec<&str> = Profile::names().iter().copied().filter(|n| n.starts_with("mynumber-")).collect();
            for (i, name) in names.iter().enumerate() {
                // profile, check, allow_last_try, PIN choice (input helper / auth / signature).
                for (check, pin) in [(0u8, 0u8), (1, 0), (2, 0), (3, 1), (4, 2)] {
                    out.push((format!("{name}-check{check}"), vec![i as u8, check, 0, pin, 1]));
                }
            }
        }
        "mynumber_parsers" => {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/mynumber");
            let mut files: Vec<_> = std::fs::read_dir(&dir).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default();
            files.sort();
            for path in files {
                let keep = matches!(path.extension().and_then(|e| e.to_str()), Some("bin" | "der"));
                if let (true, Ok(bytes)) = (keep, std::fs::read(&path)) {
                    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file").to_owned();
                    out.push((name, bytes[..bytes.len().min(4000)].to_vec()));
                }
            }
        }
        _ => {}
    }
    out
}
