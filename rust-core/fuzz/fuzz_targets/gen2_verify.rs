//! Second generation: certificate parsing, the ECDSA P-384 tamper check and the CA2 issuer check.
//! Input: flags, a clock offset, the certificate (DD), the check code (DC), and with flag bit 0
//! the signed data too; otherwise the genuine test card's signed data.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zairyu_core::softcard::fixtures as fx;
use zairyu_core::verify::{check_issuer_gen2, check_tamper_gen2, TamperCheck};
use zairyu_fuzz::evidence::{gen2, trust, NOW};
use zairyu_fuzz::input::Input;

fuzz_target!(|data: &[u8]| {
    let mut input = Input::new(data);
    let flags = input.u8();
    let now = NOW + i64::from(input.u32() as i32);
    let certificate = input.chunk();
    let check_code = input.chunk();
    let g = gen2();
    let signed: &[u8] = if flags & 1 == 1 { input.rest() } else { &g.signed };
    let tamper = check_tamper_gen2(signed, check_code, certificate);
    let _ = check_issuer_gen2(certificate, trust(), now);
    if matches!(tamper, TamperCheck::Ok { .. }) {
        // The test PKI signed the genuine data and, for other profiles, other data.
        let other_data = [fx::gen2::CHECK_06_RAW, fx::gen2::CHECK_UNDER1_RAW].contains(&check_code);
        assert!(other_data || signed == &g.signed[..], "tamper check passed over other data");
    }
});
