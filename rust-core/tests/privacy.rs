//! Captures every log record of full reads at the most verbose level and checks that no personal
//! data reaches the logs, the error texts or the Debug output of the result.

mod common;

use std::sync::Mutex;

use common::*;
use zairyu_core::{read_card, ReadOptions};
use zairyu_core::transport::NoProgress;

static CAPTURED: Mutex<Vec<String>> = Mutex::new(Vec::new());

struct Capture;

impl log::Log for Capture {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }
    fn log(&self, record: &log::Record<'_>) {
        CAPTURED.lock().unwrap().push(format!("{} {} {}", record.level(), record.target(), record.args()));
    }
    fn flush(&self) {}
}

const SECRETS: &[&str] = &[
    "AB12345678CD",
    "XY98765432ZW",
    "CD11223344EF",
    "AB12345678CE",
    "東京都千代田区霞が関",
    "テストハイツ",
    "大阪府大阪市中央区",
    "風俗営業",
    "20240401",
    "131016",
    "271004",
    "EF98765432GH",
    "JK24681357LM",
    "NP11335577QR",
    "テスト記録",
    "19950704",
    "20300331",
];

#[test]
fn no_personal_data_in_logs_errors_or_debug() {
    log::set_boxed_logger(Box::new(Capture)).unwrap();
    log::set_max_level(log::LevelFilter::Trace);

    let mut outputs = Vec::new();
    for name in ["residence", "sprc", "under16", "residence-sjis", "tampered", "short-apdu", "malformed-address", "pulled-away"] {
        let (result, _) = read(name);
        match result {
            Ok(r) => outputs.push(format!("{r:?}")),
            Err(e) => outputs.push(format!("{e} {e:?}")),
        }
    }
    let options2 = ReadOptions { trust: trust_both(), ..options() };
    for name in ["gen2-residence", "gen2-sprc", "gen2-under1", "gen2-tampered", "gen2-short-apdu", "gen2-pulled-away"] {
        let card = card(name);
        let number = card.profile().card_number().clone();
        match read_card(&number, &card, &options2, &NoProgress) {
            Ok(r) => outputs.push(format!("{r:?}")),
            Err(e) => outputs.push(format!("{e} {e:?}")),
        }
    }
    let card = card("residence");
    let e = read_card(&number("AB12345678CE"), &card, &options(), &NoProgress).unwrap_err();
    outputs.push(format!("{e} {e:?}"));

    let logs = CAPTURED.lock().unwrap().clone();
    assert!(logs.len() > 50, "the reads did log ({} records)", logs.len());
    for secret in SECRETS {
        for line in logs.iter().chain(outputs.iter()) {
            assert!(!line.contains(secret), "personal data {secret:?} leaked into: {line}");
        }
    }
}
