//! `zairyu softcard serve|list`: the software card on the system's PC/SC stack through vpcd, so
//! the real reader path (pcscd, the driver, our PC/SC transport) is tested without hardware.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use serde_json::json;
use zairyu_core::softcard::mynumber::Credentials;
use zairyu_core::softcard::{Profile, SoftCard};
use zairyu_core::{Transceiver, TransportError};

use crate::vpcd::{self, ServeOptions, VirtualCard};

impl VirtualCard for SoftCard {
    fn transceive(&self, apdu: Vec<u8>) -> Result<Vec<u8>, TransportError> {
        Transceiver::transceive(self, apdu)
    }
    fn reset(&self) {
        SoftCard::reset(self)
    }
}

pub fn list(json_out: bool) -> u8 {
    let profiles: Vec<Profile> = Profile::names().iter().filter_map(|n| Profile::by_name(n)).collect();
    if json_out {
        let list: Vec<_> = profiles
            .iter()
            .map(|p| {
                let mut entry =
                    json!({"name": p.name(), "description": p.description(), "card_number": p.card_number().as_str()});
                if let Some(c) = p.my_number_credentials() {
                    entry["test_credentials"] = credentials_json(c);
                    entry["test_trust"] = json!(trust_paths(p));
                }
                entry
            })
            .collect();
        println!("{}", json!({"status": "ok", "profiles": list}));
    } else {
        let width = profiles.iter().map(|p| p.name().len()).max().unwrap_or(0);
        for p in &profiles {
            println!("{:width$}  {}", p.name(), p.description());
            if let Some(c) = p.my_number_credentials() {
                println!("{:width$}  {}", "", credentials_line(c));
            }
        }
    }
    crate::exit::OK
}

/// A My Number profile's test credentials (synthetic TEST values, shown on purpose: they are
/// what a tester types into `zairyu mynumber`).
fn credentials_json(c: &Credentials) -> serde_json::Value {
    json!({
        "input_helper_pin": c.input_helper_pin,
        "auth_pin": c.auth_pin,
        "signature_password": c.signature_password,
        "birth_date": c.birth_date,
        "expiry_year": c.expiry_year,
        "security_code": c.security_code,
        "collation_b": c.collation_b,
        "birth_date_key": c.birth_date_key,
        "individual_number": c.individual_number,
    })
}

fn credentials_line(c: &Credentials) -> String {
    format!(
        "TEST credentials: input-helper PIN {}, auth PIN {}, signature password {}, birth {}, expiry year {}, security code {} (照合番号B {})",
        c.input_helper_pin,
        c.auth_pin,
        c.signature_password.unwrap_or("(none: no signature certificate)"),
        c.birth_date,
        c.expiry_year,
        c.security_code,
        c.collation_b,
    )
}

/// Absolute paths of the profile's test trust material, in the source tree this tool was built from.
fn trust_paths(p: &Profile) -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap_or(std::path::Path::new("."));
    p.test_trust_files().iter().map(|rel| root.join(rel).display().to_string()).collect()
}

pub fn run(addr: &str, profile_name: &str, seed: Option<u64>, json_out: bool) -> u8 {
    let profile = match crate::read::profile(profile_name) {
        Ok(p) => p,
        Err(e) => {
            crate::report_error(&e, json_out);
            return e.exit_code();
        }
    };
    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = stop.clone();
        if let Err(e) = ctrlc::set_handler(move || stop.store(true, Ordering::SeqCst)) {
            log::warn!("Ctrl-C handler not installed: {e}");
        }
    }
    let trust = trust_paths(&profile);
    let credentials = profile.my_number_credentials().map(credentials_line);
    let card = match seed {
        Some(seed) => SoftCard::with_seed(profile, seed),
        None => SoftCard::new(profile),
    };
    eprintln!(
        "ソフトウェアカード「{profile_name}」を vpcd {addr} に提供します（Ctrl-C で停止） / serving software card \"{profile_name}\" to vpcd at {addr} (Ctrl-C to stop)"
    );
    if let Some(line) = credentials {
        eprintln!("softcard: {line}");
        for path in trust {
            eprintln!("softcard: TEST trust anchor (pass with --trust): {path}");
        }
    }
    let mut status = |line: &str| eprintln!("softcard: {line}");
    let result = vpcd::serve(addr, &card, &stop, &ServeOptions::default(), &mut status);
    match result {
        Ok(()) => {
            eprintln!("停止しました / stopped");
            crate::exit::OK
        }
        Err(e) => {
            let err = crate::errors::AppError::catalogued("communication_error")
                .with("detail", format!("cannot reach vpcd at {addr} ({})", e.kind()));
            crate::report_error(&err, json_out);
            err.exit_code()
        }
    }
}
