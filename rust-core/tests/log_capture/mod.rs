//! A logger for the privacy tests: keeps every record (level, target, message) so a test can look
//! for personal data in what the core logged. One per test binary, installed once.

use std::sync::Mutex;

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

/// Installs the capturing logger at the most verbose level.
pub fn install() {
    log::set_logger(&Capture).expect("the only logger of this test binary");
    log::set_max_level(log::LevelFilter::Trace);
}

/// Every record logged so far.
pub fn lines() -> Vec<String> {
    CAPTURED.lock().unwrap().clone()
}
