//! Every My Number parser on arbitrary bytes: the bounds pre-check and the myna-card parsers it
//! guards (basic four, integrity record, card face, CVC), the CVC check, the JPKI certificate
//! chain and subjectAltName reader, the READ BINARY header reader, PIN and collation input.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use zairyu_core::mynumber::{chain, collation, cvc, guard, link, matching, pin, san, MyNumberTrust};

fuzz_target!(|data: &[u8]| {
    static TRUST: OnceLock<MyNumberTrust> = OnceLock::new();
    let trust = TRUST.get_or_init(zairyu_fuzz::mynumber::trust);
    let _ = link::tlv_total_len(data);
    if guard::two_levels(data, None) {
        let _ = myna_card::ap::text::Attributes::parse(data);
        let _ = myna_card::ap::text::Attributes::digest_source(data);
        let _ = myna_card::ap::text::IntegrityRecord::parse(data);
    }
    if guard::two_levels(data, Some(0xDF24)) {
        let _ = myna_card::ap::surface::CardFace::parse(data);
    }
    let _ = cvc::check_certificate(data, trust);
    if let Some(leaf) = chain::parse_leaf(data) {
        let _ = chain::check(&leaf, trust, chain::Purpose::Auth, zairyu_fuzz::mynumber::NOW);
        let _ = chain::check(&leaf, trust, chain::Purpose::Signature, zairyu_fuzz::mynumber::NOW);
        let _ = san::holder(&leaf.cert);
    }
    let text = String::from_utf8_lossy(data);
    let _ = pin::four_digit_pin(pin::PinKind::Auth, &text);
    let _ = pin::signature_password(&text);
    let mut parts = text.splitn(3, '|');
    let (b, e, c) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let _ = collation::collation_b(b, e, c);
    let _ = matching::normalise_address(&text);
    let _ = matching::normalise_name(&text);
});
