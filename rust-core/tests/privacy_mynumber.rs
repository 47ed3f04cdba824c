//! Privacy for the My Number checks: every `mynumber-*` profile through every check, with good
//! and wrong PINs, logging at the most verbose level; no PIN, password, 照合番号B, 個人番号, name,
//! address or birth date may appear in the captured logs, in error texts (Display and Debug), in
//! the `Debug` of any result, or in the error dialog the presentation builds.

mod log_capture;

use zairyu_core::mynumber::*;
use zairyu_core::present::mynumber::from_my_number_error;
use zairyu_core::softcard::{Profile, SoftCard};


/// Personal values of the profiles (fixtures/mynumber/README.md) and the secrets typed.
const PERSONAL: &[&str] = &[
    "TEST1234AB",
    "WRONGPASS9",
    "60041220344826",
    "28080120311357",
    "123456789018",
    "987654321093",
    "試験",
    "花子",
    "次郎",
    "霞が関",
    "大阪府",
    "19850412",
    "1985-04-12",
    "20160801",
    "2016-08-01",
];

#[test]
fn nothing_personal_in_logs_errors_or_debug() {
    log_capture::install();
    let mut out = Vec::new();
    let options = MyNumberOptions { allow_last_try: true, skip_image_decoding: true, ..Default::default() };
    let names: Vec<&str> = Profile::names().iter().copied().filter(|n| n.starts_with("mynumber-")).collect();
    assert!(names.len() >= 10, "{names:?}");
    for name in names {
        for (pin, password) in [("1234", "TEST1234AB"), ("0000", "WRONGPASS9")] {
            let card = || SoftCard::with_seed(Profile::by_name(name).unwrap(), 7);
            let auth_pin = if pin == "1234" { "5678" } else { pin };
            let mut record = |r: Result<String, MyNumberError>| match r {
                Ok(debug) => out.push(debug),
                Err(e) => {
                    out.push(format!("{e} {e:?}"));
                    out.push(format!("{:?}", from_my_number_error(&e)));
                }
            };
            record(status(&card(), &options).map(|r| format!("{r:?}")));
            record(in_person_check(&card(), &options, "1985-04-12", "2034", "4826").map(|r| format!("{r:?}")));
            record(pin_check(&card(), &options, &FixedPin::new(pin), true).map(|r| format!("{r:?}")));
            record(auth_check(&card(), &options, &FixedPin::new(auth_pin)).map(|r| format!("{r:?}")));
            record(signature_check(&card(), &options, &FixedPin::new(password)).map(|r| format!("{r:?}")));
        }
    }
    out.extend(log_capture::lines());
    assert!(out.len() > 100);
    for text in &out {
        for p in PERSONAL {
            assert!(!text.contains(p), "{p:?} appears in: {text}");
        }
    }
}
