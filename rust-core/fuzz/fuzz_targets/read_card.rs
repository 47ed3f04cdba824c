//! A whole read against a card whose every answer the fuzzer chooses (see `zairyu_fuzz::card`):
//! both generations, SPRCs, specified cards and every fault profile, short and extended
//! transports. Never a panic, never "normal" for content the test PKI did not sign, never the
//! card number in an error or in `Debug`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (result, number) = zairyu_fuzz::card::run(data);
    zairyu_fuzz::card::check(&result, &number);
});
