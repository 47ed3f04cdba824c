//! Bi-level G4 TIFF through the public image API with the card limits:
//! probe, trim and decode never panic, and a decoded image respects the limits.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zairyu_core::image::{self, ImageFormat, Limits};

fuzz_target!(|data: &[u8]| {
    if !matches!(image::sniff(data), Some(ImageFormat::TiffG4)) {
        return;
    }
    let _ = image::probe(data);
    if let Ok(t) = image::trim_padding(data) {
        assert!(t.len() <= data.len());
    }
    if let Ok(d) = image::decode(data, &Limits::CARD) {
        assert!(d.width <= Limits::CARD.max_width && d.height <= Limits::CARD.max_height);
        assert_eq!(d.rgba.len() as u64, u64::from(d.width) * u64::from(d.height) * 4);
    }
});
