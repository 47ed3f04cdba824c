//! Shared by the benchmarks: the four card types, a fixed terminal RNG, and a transport that
//! replays a software card's recorded answers so the timed read costs the core's CPU only.
#![allow(dead_code)]

use std::cell::Cell;

use rand_core::{impls, RngCore};
use zairyu_core::read::read_card_with_rng;
use zairyu_core::softcard::{Profile, SoftCard};
use zairyu_core::transport::{NoProgress, Transceiver, TransportError};
use zairyu_core::verify::TrustStore;
use zairyu_core::{CardNumber, ReadOptions, Reading};

const TEST_ROOT: &[u8] = include_bytes!("../../../fixtures/test-ca/test-root.der");
const TEST_CA2: &[u8] = include_bytes!("../../../fixtures/gen2/test-ca2.der");
/// 2026-01-01T00:00:00Z: inside the test roots' and card signers' validity.
pub const NOW: i64 = 1_767_225_600;

/// The profile of each card type the wire-cost and CPU figures are given for.
pub const PROFILES: [&str; 4] = ["residence", "sprc", "gen2-residence", "gen2-sprc"];

pub fn options(skip_image_decoding: bool) -> ReadOptions {
    let mut trust = TrustStore::new();
    trust.add_test_anchor(TEST_ROOT, "test root").expect("test root loads");
    trust.add_test_anchor(TEST_CA2, "test CA2").expect("test CA2 loads");
    ReadOptions { trust, now_unix: Some(NOW), skip_image_decoding, ..ReadOptions::default() }
}

pub fn profile(name: &str, short: bool) -> Profile {
    let p = Profile::by_name(name).expect("profile exists");
    if short {
        p.with_short_apdu_only()
    } else {
        p
    }
}

/// The terminal's randoms (RND.IFD, K.IFD) from a fixed sequence, so a replayed card's answers
/// fit the commands the read sends.
pub struct FixedRng(u8);

impl FixedRng {
    pub fn new() -> Self {
        FixedRng(0x11)
    }
}

impl RngCore for FixedRng {
    fn next_u32(&mut self) -> u32 {
        impls::next_u32_via_fill(self)
    }
    fn next_u64(&mut self) -> u64 {
        impls::next_u64_via_fill(self)
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        for b in dest {
            *b = self.0;
            self.0 = self.0.wrapping_mul(31).wrapping_add(7);
        }
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

/// A software card's answers to one full read, in order.
pub struct Recording {
    pub name: &'static str,
    pub number: CardNumber,
    pub short: bool,
    pub max_apdu: usize,
    pub exchanges: Vec<(Vec<u8>, Vec<u8>)>,
}

/// Reads the profile's card once with [`FixedRng`] and keeps the transcript.
pub fn record(name: &'static str, short: bool) -> Recording {
    let card = SoftCard::with_seed(profile(name, short), 7);
    let number = card.profile().card_number().clone();
    read_card_with_rng(&number, &card, &options(true), &NoProgress, &mut FixedRng::new()).expect("read succeeds");
    Recording { name, number, short, max_apdu: card.max_apdu_length(), exchanges: card.transcript() }
}

/// Answers each command with the recorded response after checking it is the recorded command:
/// no card logic, no cryptography, one compare and one copy per APDU.
pub struct Replay<'a> {
    rec: &'a Recording,
    pos: Cell<usize>,
}

impl<'a> Replay<'a> {
    pub fn new(rec: &'a Recording) -> Self {
        Replay { rec, pos: Cell::new(0) }
    }
}

impl Transceiver for Replay<'_> {
    fn transceive(&self, apdu: Vec<u8>) -> Result<Vec<u8>, TransportError> {
        let i = self.pos.get();
        self.pos.set(i + 1);
        match self.rec.exchanges.get(i) {
            Some((command, response)) if *command == apdu => Ok(response.clone()),
            _ => Err(TransportError::Failed { detail: "replay diverged".into() }),
        }
    }
    fn max_apdu_length(&self) -> usize {
        self.rec.max_apdu
    }
}

/// One full read of the recording through [`Replay`].
pub fn replay_read(rec: &Recording, options: &ReadOptions) -> Reading {
    read_card_with_rng(&rec.number, &Replay::new(rec), options, &NoProgress, &mut FixedRng::new())
        .expect("replayed read succeeds")
}

/// The software card's own work for the recorded read: every command fed to a fresh card.
pub fn softcard_only(rec: &Recording) -> usize {
    let card = SoftCard::with_seed(profile(rec.name, rec.short), 7);
    let mut n = 0;
    for (command, _) in &rec.exchanges {
        n += card.transceive(command.clone()).map(|r| r.len()).unwrap_or(0);
    }
    n
}

/// The chip values of a reading's images (trimmed), for decoding on their own.
pub fn images(reading: &Reading) -> Vec<Vec<u8>> {
    [&reading.front_image, &reading.face_image, &reading.name_image, &reading.address_image]
        .into_iter()
        .flatten()
        .map(|i| i.raw.clone())
        .collect()
}

/// The card-image fixtures the decoders are compared on (`fixtures/`), as the chip holds them
/// without padding: JPEG 2000 faces, then G4 TIFF fronts, names and addresses.
pub const J2K_FIXTURES: [(&str, &[u8]); 2] = [
    ("gen1/face.jp2", include_bytes!("../../../fixtures/gen1/face.jp2")),
    ("gen1/face.j2k", include_bytes!("../../../fixtures/gen1/face.j2k")),
];
pub const G4_FIXTURES: [(&str, &[u8]); 5] = [
    ("gen1/front-residence.tif", include_bytes!("../../../fixtures/gen1/front-residence.tif")),
    ("gen1/front-sprc.tif", include_bytes!("../../../fixtures/gen1/front-sprc.tif")),
    ("gen2/name-05.tif", include_bytes!("../../../fixtures/gen2/name-05.tif")),
    ("gen2/address-05.tif", include_bytes!("../../../fixtures/gen2/address-05.tif")),
    ("gen2/address-06.tif", include_bytes!("../../../fixtures/gen2/address-06.tif")),
];

/// hayro-jpeg2000 to RGBA8 (width, height, pixels), the alternative back-end under comparison.
pub fn hayro_rgba(bytes: &[u8]) -> Option<(u32, u32, Vec<u8>)> {
    use hayro_jpeg2000::{DecodeSettings, DecoderContext, Image};
    let image = Image::new(bytes, &DecodeSettings::default()).ok()?;
    let (w, h) = (image.width(), image.height());
    let mut ctx = DecoderContext::default();
    let decoded = image.decode(&mut ctx).ok()?;
    let channels = decoded.components().len();
    let data = decoded.data_u8();
    let mut rgba = Vec::with_capacity(w as usize * h as usize * 4);
    for px in data.chunks_exact(channels) {
        match *px {
            [g] => rgba.extend_from_slice(&[g, g, g, 255]),
            [g, a] => rgba.extend_from_slice(&[g, g, g, a]),
            [r, g, b] => rgba.extend_from_slice(&[r, g, b, 255]),
            [r, g, b, a] => rgba.extend_from_slice(&[r, g, b, a]),
            _ => return None,
        }
    }
    Some((w, h, rgba))
}

/// jpeg2k's pure-Rust OpenJPEG port (`openjp2`) to RGBA8, without the image module's checks.
pub fn openjp2_rgba(bytes: &[u8]) -> Option<(u32, u32, Vec<u8>)> {
    let image = jpeg2k::Image::from_bytes(bytes).ok()?;
    let (w, h) = (image.orig_width(), image.orig_height());
    let comps = image.components();
    let planes: Vec<&[i32]> = comps.iter().map(|c| c.data()).collect();
    let n = (w * h) as usize;
    let mut rgba = Vec::with_capacity(n * 4);
    for i in 0..n {
        let v = |c: usize| planes[c][i].clamp(0, 255) as u8;
        match planes.len() {
            1 => rgba.extend_from_slice(&[v(0), v(0), v(0), 255]),
            3 => rgba.extend_from_slice(&[v(0), v(1), v(2), 255]),
            4 => rgba.extend_from_slice(&[v(0), v(1), v(2), v(3)]),
            _ => return None,
        }
    }
    Some((w, h, rgba))
}

/// Path of a fixture file on disk, for the C harnesses.
pub fn fixture_path(name: &str) -> String {
    format!("{}/../fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// The `tiff` crate's G4 decode to RGBA, the image module's path before its own G4 decoder.
pub fn tiff_crate_rgba(bytes: &[u8]) -> Option<(u32, u32, Vec<u8>)> {
    use tiff::decoder::{Decoder, DecodingResult};
    let mut decoder = Decoder::new(std::io::Cursor::new(bytes)).ok()?;
    let (w, h) = decoder.dimensions().ok()?;
    let DecodingResult::U8(packed) = decoder.read_image().ok()? else { return None };
    let stride = (w as usize).div_ceil(8);
    let mut rgba = vec![255u8; w as usize * h as usize * 4];
    for (row, out) in packed.chunks_exact(stride).zip(rgba.chunks_exact_mut(w as usize * 4)) {
        for (x, px) in out.chunks_exact_mut(4).enumerate() {
            if row[x / 8] & (0x80 >> (x % 8)) == 0 {
                px[..3].fill(0);
            }
        }
    }
    Some((w, h, rgba))
}
