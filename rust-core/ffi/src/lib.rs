//! The UniFFI surface the Android (Kotlin) and iOS (Swift) shells call. It only adapts: records
//! are converted from [`zairyu_core::present`] and [`zairyu_core::read`], errors are mapped to one error
//! type, and panics are caught. Every verdict, text and rule comes from the core.
//!
//! Why every export returns `Result<_, ZairyuError>`, even the ones that cannot fail on their own:
//! each call runs inside [`guard`], so a bug that panics surfaces in the shell as
//! `ZairyuError::Internal` (an error dialog and a way back to number entry) instead of a crash
//! or UniFFI's generic panic exception, and no panic message (which might quote data) reaches
//! the shell.
//!
//! Threads: [`read_card`] and the My Number checks (`my_number_*`) block and call the shell's
//! `Transceiver` (and a check's `PinSource`) on the calling thread; shells run them off their UI
//! thread (Kotlin `Dispatchers.IO`; Swift a dedicated thread, never the NFC session's delegate
//! queue).

// The error carries its whole dialog (`ErrorInfo`), so it is large; it is built only on the
// failure path and crosses the boundary serialised anyway, so boxing would buy nothing.
#![allow(clippy::result_large_err)]

// The namespace stays `zairyu_core`, the core's name when the exports lived inside it: the generated
// Kotlin file, the Swift module and every shell import keep their names across the split.
uniffi::setup_scaffolding!("zairyu_core");

mod errors;
// Issue 17 (helper scan): the card-face scanner and the start/menu/entry screens.
mod face_scanner;
mod start;
mod images;
mod logging;
mod mynumber;
mod mynumber_records;
mod present;
mod read;
mod records;
mod scanner;
mod softcard;
mod transport;

pub use errors::{TransportFailure, ZairyuError};
// Issue 17 (helper scan).
pub use face_scanner::{CardFaceScan, CardFaceScanner};
pub use start::{
    in_person_entry_screen, match_fields_screen, my_number_menu, start_screen, InPersonEntryScreen, MatchFieldsScreen,
    MyNumberCheck, MyNumberMenu, MyNumberMenuItem, StartChoice, StartOption, StartScreen,
};
pub use images::card_image_png;
pub use logging::{init_logging, LogLevel};
pub use mynumber::{
    check_collation_input, check_pin_input, my_number_auth_check, my_number_in_person_check, my_number_pin_check,
    my_number_signature_check, my_number_status, pin_entry_screen, MyNumberOptions, MyNumberResult, PinSource,
};
pub use mynumber_records::*;
pub use present::{
    error_info, help_carousel, hold_instructions, number_entry, number_feedback, step_text,
    CarouselController, ZoomController, ZoomOffset,
};
pub use read::{read_card, ReadOptions, ReadResult, TestAnchor};
pub use records::*;
pub use scanner::NumberScanner;
pub use softcard::{softcard_profiles, DemoCredentials, SoftCardFamily, SoftCardProfile, SoftCardTransceiver};
pub use transport::{CancelHandle, ProgressEvent, ProgressListener, Transceiver};

use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// How many [`guard`]s this thread is inside.
    static GUARDED: Cell<u32> = const { Cell::new(0) };
}

/// Runs one exported call and turns a panic into [`ZairyuError::Internal`]. The panic payload is
/// dropped unread: it may quote whatever the failing code held (a callback's exception text, a
/// value). For the same reason a panic inside a guard is not printed by the default panic hook
/// (stderr reaches the device console on iOS): only its location is logged.
pub(crate) fn guard<T>(f: impl FnOnce() -> Result<T, ZairyuError>) -> Result<T, ZairyuError> {
    quiet_guarded_panics();
    GUARDED.with(|g| g.set(g.get() + 1));
    let result = catch_unwind(AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(g.get().saturating_sub(1)));
    result.unwrap_or_else(|_| {
        log::error!("ffi: a panic was caught at the boundary");
        Err(ZairyuError::internal("panic caught at the FFI boundary"))
    })
}

/// Installs, once, a panic hook that logs only the location of panics inside [`guard`] and hands
/// every other panic to the hook that was there before.
fn quiet_guarded_panics() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if GUARDED.with(|g| g.get()) > 0 {
                let at = info.location().map(|l| format!("{}:{}", l.file(), l.line())).unwrap_or_default();
                log::error!("ffi: panic at {at} (message withheld)");
            } else {
                previous(info);
            }
        }));
    });
}

/// TEST-ONLY: panics inside the boundary guard, so the shells' test suites can prove that a panic
/// comes back as `ZairyuError.Internal` and never crashes the app. Apps never call it.
#[uniffi::export]
pub fn debug_panic_for_tests() -> Result<(), ZairyuError> {
    guard(|| -> Result<(), ZairyuError> { panic!("debug_panic_for_tests: deliberate panic") })
}
