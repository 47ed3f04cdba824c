//! Logging for the shells: the platform's own log (logcat, the unified log) on devices, stderr
//! elsewhere. The core logs steps, sizes, status words and timings only — never card data.

use crate::errors::ZairyuError;
use crate::guard;

#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum LogLevel {
    Off,
    Error,
    Warn,
    Info,
    Debug,
    Trace,
}

impl From<LogLevel> for log::LevelFilter {
    fn from(l: LogLevel) -> Self {
        match l {
            LogLevel::Off => log::LevelFilter::Off,
            LogLevel::Error => log::LevelFilter::Error,
            LogLevel::Warn => log::LevelFilter::Warn,
            LogLevel::Info => log::LevelFilter::Info,
            LogLevel::Debug => log::LevelFilter::Debug,
            LogLevel::Trace => log::LevelFilter::Trace,
        }
    }
}

/// Installs the platform logger on the first call; later calls only change the level (a logger
/// can be installed once per process, and a shell may call this from every activity start).
#[uniffi::export]
pub fn init_logging(level: LogLevel) -> Result<(), ZairyuError> {
    guard(|| {
        let filter = log::LevelFilter::from(level);
        static INSTALLED: std::sync::Once = std::sync::Once::new();
        INSTALLED.call_once(|| install(filter));
        log::set_max_level(filter);
        Ok(())
    })
}

#[cfg(all(target_os = "android", feature = "platform-log"))]
fn install(filter: log::LevelFilter) {
    android_logger::init_once(android_logger::Config::default().with_tag("zairyu").with_max_level(filter));
}

#[cfg(all(target_os = "ios", feature = "platform-log"))]
fn install(filter: log::LevelFilter) {
    // Fails only when another logger is already installed, which then keeps logging.
    let _ = oslog::OsLogger::new("jp.zairyu.core").level_filter(filter).init();
}

#[cfg(not(all(any(target_os = "android", target_os = "ios"), feature = "platform-log")))]
fn install(filter: log::LevelFilter) {
    /// Host builds (JVM tests, desktop), and phone builds without `platform-log`: one line per
    /// record on stderr.
    struct Stderr;
    impl log::Log for Stderr {
        fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
            metadata.level() <= log::max_level()
        }
        fn log(&self, record: &log::Record<'_>) {
            if self.enabled(record.metadata()) {
                eprintln!("[zairyu {} {}] {}", record.level(), record.target(), record.args());
            }
        }
        fn flush(&self) {}
    }
    static LOGGER: Stderr = Stderr;
    // Fails only when the host already installed a logger, which then keeps logging.
    let _ = log::set_logger(&LOGGER);
    log::set_max_level(filter);
}
