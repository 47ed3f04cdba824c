//! `zairyu softcard serve|list`: the software card on the system's PC/SC stack through vpcd, so
//! the real reader path (pcscd, the driver, our PC/SC transport) is tested without hardware.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use serde_json::json;
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
            .map(|p| json!({"name": p.name(), "description": p.description(), "card_number": p.card_number().as_str()}))
            .collect();
        println!("{}", json!({"status": "ok", "profiles": list}));
    } else {
        let width = profiles.iter().map(|p| p.name().len()).max().unwrap_or(0);
        for p in &profiles {
            println!("{:width$}  {}", p.name(), p.description());
        }
    }
    crate::exit::OK
}

pub fn run(addr: &str, profile_name: &str, json_out: bool) -> u8 {
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
    let card = SoftCard::new(profile);
    eprintln!(
        "ソフトウェアカード「{profile_name}」を vpcd {addr} に提供します（Ctrl-C で停止） / serving software card \"{profile_name}\" to vpcd at {addr} (Ctrl-C to stop)"
    );
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
