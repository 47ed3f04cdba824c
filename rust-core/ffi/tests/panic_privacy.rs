//! A panic inside the FFI guard is logged by location only: neither its message nor the default
//! hook's stderr print (which would carry it, and reaches the device console on iOS) comes out,
//! and the shell sees `Internal` with a fixed text.

// The core's privacy tests' capturing logger, one file for both crates.
#[path = "../../tests/log_capture/mod.rs"]
mod log_capture;

#[test]
fn a_caught_panic_logs_its_location_and_never_its_message() {
    log_capture::install();

    let e = zairyu_ffi::debug_panic_for_tests().unwrap_err();
    let shown = format!("{e}\n{e:?}");
    assert!(matches!(e, zairyu_ffi::ZairyuError::Internal { .. }), "{e:?}");

    let logs = log_capture::lines().join("\n");
    assert!(logs.contains("ffi: panic at rust-core/ffi/src/lib.rs:"), "the guard's hook logged the location: {logs}");
    assert!(logs.contains("ffi: a panic was caught at the boundary"), "{logs}");
    for out in [&logs, &shown] {
        assert!(!out.contains("deliberate panic"), "the panic message leaked: {out}");
    }
}
