//! A whole My Number check (status, in-person, PIN, auth, signature) against a card whose every
//! answer the fuzzer may replace (see `zairyu_fuzz::mynumber`). Never a panic, never a normal
//! verdict without a test anchor, never a PIN or holder datum in an error or a result's `Debug`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (_, _, debug) = zairyu_fuzz::mynumber::run(data);
    zairyu_fuzz::mynumber::check(&debug);
});
