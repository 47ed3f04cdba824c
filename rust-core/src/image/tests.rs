//! Tests against synthetic images made by `scripts/gen-image-testdata.py`, with Pillow's decode as
//! the reference.

use super::*;
use sha2::{Digest, Sha256};

const FRONT: &[u8] = include_bytes!("testdata/front_g4.tif");
const FRONT_WIZ: &[u8] = include_bytes!("testdata/front_g4_whiteiszero.tif");
const FRONT_FO2: &[u8] = include_bytes!("testdata/front_g4_fillorder2.tif");
const FRONT_STRIPS: &[u8] = include_bytes!("testdata/front_g4_strips.tif");
const GEN2_NAME: &[u8] = include_bytes!("testdata/gen2_name_g4.tif");
const FACE_JP2: &[u8] = include_bytes!("testdata/face.jp2");
const FACE_J2K: &[u8] = include_bytes!("testdata/face.j2k");
const FACE_JP2_PILLOW: &[u8] = include_bytes!("testdata/face.jp2.pillow.png");
const FACE_J2K_PILLOW: &[u8] = include_bytes!("testdata/face.j2k.pillow.png");
const SMALL_JP2: &[u8] = include_bytes!("testdata/small_lossless.jp2");
const SMALL_J2K: &[u8] = include_bytes!("testdata/small_lossless.j2k");
const SMALL_TILED: &[u8] = include_bytes!("testdata/small_tiled.j2k");
const SMALL_GREY: &[u8] = include_bytes!("testdata/small_grey.jp2");
const SMALL_RGBA: &[u8] = include_bytes!("testdata/small_rgba.jp2");
const SMALL_GREY_SUB: &[u8] = include_bytes!("testdata/small_grey_sub2.j2k");
const SMALL_RGB_SUB: &[u8] = include_bytes!("testdata/small_rgb_sub2.j2k");
const EXPECTED: &str = include_str!("testdata/expected.txt");

const D0_LEN: usize = 7000;
const D1_LEN: usize = 3000;
const GEN2_IMAGE_LEN: usize = 2500;

fn all_images() -> Vec<(&'static str, &'static [u8])> {
    vec![
        ("front_g4.tif", FRONT),
        ("front_g4_whiteiszero.tif", FRONT_WIZ),
        ("front_g4_fillorder2.tif", FRONT_FO2),
        ("front_g4_strips.tif", FRONT_STRIPS),
        ("gen2_name_g4.tif", GEN2_NAME),
        ("face.jp2", FACE_JP2),
        ("face.j2k", FACE_J2K),
        ("small_lossless.jp2", SMALL_JP2),
        ("small_lossless.j2k", SMALL_J2K),
        ("small_tiled.j2k", SMALL_TILED),
        ("small_grey.jp2", SMALL_GREY),
        ("small_rgba.jp2", SMALL_RGBA),
    ]
}

/// (width, height, sha256 of Pillow's RGBA decode) for a test file.
fn expected(name: &str) -> (u32, u32, String) {
    for line in EXPECTED.lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<&str> = line.split_whitespace().collect();
        if f[0] == name {
            return (f[1].parse().unwrap(), f[2].parse().unwrap(), f[3].to_string());
        }
    }
    panic!("{name} not in expected.txt");
}

fn sha256_hex(b: &[u8]) -> String {
    hex::encode(Sha256::digest(b))
}

fn padded(image: &[u8], len: usize) -> Vec<u8> {
    assert!(image.len() <= len, "test image larger than the chip value");
    let mut v = image.to_vec();
    v.resize(len, 0);
    v
}

/// Any 8-bit PNG (Pillow writes grey, RGB or palette ones) as RGBA.
fn decode_png(png: &[u8]) -> (u32, u32, Vec<u8>) {
    let mut decoder = ::png::Decoder::new(std::io::Cursor::new(png));
    decoder.set_transformations(::png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let frame = reader.next_frame(&mut buf).unwrap();
    let px = &buf[..frame.buffer_size()];
    let rgba: Vec<u8> = match frame.color_type {
        ::png::ColorType::Rgba => px.to_vec(),
        ::png::ColorType::Rgb => px.chunks(3).flat_map(|p| [p[0], p[1], p[2], 255]).collect(),
        ::png::ColorType::GrayscaleAlpha => px.chunks(2).flat_map(|p| [p[0], p[0], p[0], p[1]]).collect(),
        ::png::ColorType::Grayscale => px.iter().flat_map(|&g| [g, g, g, 255]).collect(),
        other => panic!("unexpected PNG colour type {other:?}"),
    };
    (frame.width, frame.height, rgba)
}

fn assert_exact(name: &str, bytes: &[u8]) {
    let (w, h, sha) = expected(name);
    let img = decode(bytes, &Limits::CARD).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!((img.width, img.height), (w, h), "{name}");
    assert_eq!(img.rgba.len(), (w * h * 4) as usize, "{name}");
    assert_eq!(sha256_hex(&img.rgba), sha, "{name}: pixels differ from Pillow");
}

// ---- sniff ----

#[test]
fn image_sniff_recognises_each_format() {
    assert_eq!(sniff(FRONT), Some(ImageFormat::TiffG4));
    assert_eq!(sniff(b"MM\0*\0\0\0\x08"), Some(ImageFormat::TiffG4));
    assert_eq!(sniff(FACE_JP2), Some(ImageFormat::Jp2));
    assert_eq!(sniff(FACE_J2K), Some(ImageFormat::J2k));
    assert_eq!(sniff(&[]), None);
    assert_eq!(sniff(&[0; 16]), None);
    assert_eq!(sniff(b"II+\0"), None, "BigTIFF is not a card format");
    assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), None, "JPEG is not JPEG 2000");
    assert_eq!(decode(&[0; 3000], &Limits::CARD), Err(ImageError::UnknownFormat));
    assert_eq!(trim_padding(&[0; 3000]), Err(ImageError::UnknownFormat));
}

// ---- trim ----

#[test]
fn image_trim_padded_values_to_exact_length() {
    for (name, img) in all_images() {
        let len = if name.ends_with(".tif") {
            if name.starts_with("gen2") {
                GEN2_IMAGE_LEN
            } else {
                D0_LEN
            }
        } else if name.starts_with("face") {
            D1_LEN
        } else {
            img.len() + 1000
        };
        let value = padded(img, len);
        assert_eq!(trim_padding(&value).unwrap().len(), img.len(), "{name} padded to {len}");
        assert_eq!(trim_padding(img).unwrap().len(), img.len(), "{name} unpadded");
        assert_eq!(probe(&value).unwrap().image_len, img.len(), "{name} probe");
    }
}

#[test]
fn image_trim_keeps_trailing_zeros_that_belong_to_the_image() {
    // A strip whose last bytes are zero (G4 data can end that way): stripping trailing zeros
    // would cut it; the strip extent must keep them.
    let mut img = tiff_header(8, 8);
    let n = img.len();
    img[n - 4..].copy_from_slice(&[0x12, 0, 0, 0]);
    assert_eq!(trim_padding(&padded(&img, D0_LEN)).unwrap(), &img[..]);
    assert_eq!(trim_padding(&padded(FRONT, D0_LEN)).unwrap(), FRONT);
}

#[test]
fn image_trim_ignores_garbage_after_the_image() {
    let mut v = FACE_J2K.to_vec();
    v.extend_from_slice(&[0xAB; 20]);
    assert_eq!(trim_padding(&v).unwrap(), FACE_J2K);
    let mut v = FRONT.to_vec();
    v.extend_from_slice(&[0xAB; 20]);
    assert_eq!(trim_padding(&v).unwrap(), FRONT);
}

#[test]
fn image_trim_rejects_structures_pointing_outside() {
    for (name, img) in all_images() {
        for cut in [img.len() / 3, img.len() / 2, img.len() - 1] {
            assert!(trim_padding(&img[..cut]).is_err(), "{name} cut to {cut}");
        }
    }
}

#[test]
fn image_trim_jp2_codestream_box_of_length_zero_uses_eoc() {
    let mut v = FACE_JP2.to_vec();
    let jp2c = find(&v, b"jp2c").unwrap() - 4;
    v[jp2c..jp2c + 4].copy_from_slice(&[0, 0, 0, 0]);
    let value = padded(&v, D1_LEN);
    assert_eq!(trim_padding(&value).unwrap().len(), FACE_JP2.len());
    assert_eq!(decode(&value, &Limits::CARD).unwrap().width, 240);
}

#[test]
fn image_trim_codestream_with_psot_zero_in_last_tile_part() {
    // Psot = 0 means "runs to EOC"; rewrite the single tile-part that way.
    let mut v = FACE_J2K.to_vec();
    let sot = find(&v, &[0xFF, 0x90, 0x00, 0x0A]).unwrap();
    v[sot + 6..sot + 10].copy_from_slice(&[0, 0, 0, 0]);
    assert_eq!(trim_padding(&padded(&v, D1_LEN)).unwrap().len(), FACE_J2K.len());
}

#[test]
fn image_tiled_codestream_has_many_tile_parts() {
    let sots = SMALL_TILED.windows(4).filter(|w| *w == [0xFF, 0x90, 0x00, 0x0A]).count();
    assert!(sots >= 12, "{sots} tile-parts");
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

// ---- decode: exact pixels ----

#[test]
fn image_decode_g4_front_exact() {
    assert_exact("front_g4.tif", &padded(FRONT, D0_LEN));
    assert_exact("front_g4_strips.tif", &padded(FRONT_STRIPS, D0_LEN));
    assert_exact("gen2_name_g4.tif", &padded(GEN2_NAME, GEN2_IMAGE_LEN));
    let img = decode(FRONT, &Limits::CARD).unwrap();
    assert!(img.rgba.chunks(4).all(|p| (p == [0, 0, 0, 255]) || (p == [255, 255, 255, 255])));
    // The frame is black, the background white.
    assert_eq!(&img.rgba[..4], &[255, 255, 255, 255]);
    let at = |x: usize, y: usize| &img.rgba[(y * 1000 + x) * 4..][..4];
    assert_eq!(at(9, 300), &[0, 0, 0, 255]);
    assert_eq!(at(500, 300), &[255, 255, 255, 255]);
}

#[test]
fn image_decode_white_is_zero_not_inverted_twice() {
    assert_exact("front_g4_whiteiszero.tif", FRONT_WIZ);
    assert_eq!(decode(FRONT_WIZ, &Limits::CARD).unwrap(), decode(FRONT, &Limits::CARD).unwrap());
}

#[test]
fn image_decode_fill_order_2_is_a_clear_error() {
    let err = decode(&padded(FRONT_FO2, D0_LEN), &Limits::CARD).unwrap_err();
    assert!(matches!(err, ImageError::Unsupported(m) if m.contains("FillOrder=2")), "{err:?}");
    assert!(err.to_string().contains("FillOrder=2"));
    // Trimming does not depend on the bit order.
    assert_eq!(trim_padding(&padded(FRONT_FO2, D0_LEN)).unwrap(), FRONT_FO2);
}

#[test]
fn image_decode_lossless_jpeg2000_exact() {
    assert_exact("small_lossless.jp2", SMALL_JP2);
    assert_exact("small_lossless.j2k", &padded(SMALL_J2K, SMALL_J2K.len() + 500));
    assert_exact("small_tiled.j2k", &padded(SMALL_TILED, SMALL_TILED.len() + 500));
    assert_exact("small_grey.jp2", SMALL_GREY);
    assert_exact("small_rgba.jp2", SMALL_RGBA);
}

#[test]
fn image_decode_lossy_face_within_one_of_pillow() {
    for (name, bytes, reference) in
        [("face.jp2", FACE_JP2, FACE_JP2_PILLOW), ("face.j2k", FACE_J2K, FACE_J2K_PILLOW)]
    {
        let img = decode(&padded(bytes, D1_LEN), &Limits::CARD).unwrap();
        let (w, h, px) = decode_png(reference);
        assert_eq!((img.width, img.height), (240, 320), "{name}");
        assert_eq!((w, h), (240, 320));
        let max_diff = img.rgba.iter().zip(&px).map(|(a, b)| a.abs_diff(*b)).max().unwrap();
        assert!(max_diff <= 1, "{name}: max difference {max_diff}");
        let (_, _, sha) = expected(name);
        // Not required, but report it if the port happens to be bit-exact with OpenJPEG.
        if sha256_hex(&img.rgba) != sha {
            eprintln!("{name}: within ±1 of Pillow but not bit-exact");
        }
    }
}

#[test]
fn image_png_round_trips() {
    for (name, bytes) in [("front", FRONT), ("face", FACE_JP2), ("rgba", SMALL_RGBA)] {
        let img = decode(bytes, &Limits::CARD).unwrap();
        let png = to_png(&img).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        let (w, h, px) = decode_png(&png);
        assert_eq!((w, h), (img.width, img.height), "{name}");
        assert_eq!(px, img.rgba, "{name}");
        assert_eq!(decode_to_png(bytes, &Limits::CARD).unwrap(), png);
    }
    let bad = DecodedImage { width: 10, height: 10, rgba: vec![0; 399] };
    assert!(to_png(&bad).is_err());
}

#[test]
fn image_front_png_is_small() {
    // The bi-level front should stay cheap to pass across the FFI boundary.
    let png = decode_to_png(FRONT, &Limits::CARD).unwrap();
    assert!(png.len() < 100_000, "{} bytes", png.len());
}

// ---- limits, bombs, malformed input ----

/// A minimal little-endian bi-level G4 TIFF header declaring `w`×`h`, with one tiny strip.
fn tiff_header(w: u32, h: u32) -> Vec<u8> {
    let entries: [(u16, u16, u32, u32); 8] = [
        (256, 4, 1, w),
        (257, 4, 1, h),
        (258, 3, 1, 1),
        (259, 3, 1, 4),
        (262, 3, 1, 0),
        (273, 4, 1, 8 + 2 + 8 * 12 + 4),
        (278, 4, 1, h),
        (279, 4, 1, 4),
    ];
    let mut v = b"II*\0".to_vec();
    v.extend_from_slice(&8u32.to_le_bytes());
    v.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    for (tag, typ, count, value) in entries {
        v.extend_from_slice(&tag.to_le_bytes());
        v.extend_from_slice(&typ.to_le_bytes());
        v.extend_from_slice(&count.to_le_bytes());
        v.extend_from_slice(&value.to_le_bytes());
    }
    v.extend_from_slice(&0u32.to_le_bytes());
    v.extend_from_slice(&[0x00, 0x10, 0x01, 0x00]); // EOFB-ish; never reached
    v
}

#[test]
fn image_tiff_bomb_is_too_large_without_decoding() {
    let start = std::time::Instant::now();
    let bomb = tiff_header(60000, 60000);
    assert_eq!(probe(&bomb).unwrap().width, 60000);
    assert_eq!(decode(&bomb, &Limits::CARD), Err(ImageError::TooLarge));
    assert_eq!(decode(&tiff_header(4096, 4096), &Limits::CARD), Err(ImageError::TooLarge), "pixel budget");
    assert_eq!(decode(&tiff_header(5000, 10), &Limits::CARD), Err(ImageError::TooLarge), "width");
    // Patch the real front's width in place: still refused before decoding.
    let mut v = FRONT.to_vec();
    let ifd = u32::from_le_bytes(v[4..8].try_into().unwrap()) as usize;
    let n = u16::from_le_bytes([v[ifd], v[ifd + 1]]) as usize;
    for i in 0..n {
        let e = ifd + 2 + 12 * i;
        let tag = u16::from_le_bytes([v[e], v[e + 1]]);
        if tag == 256 || tag == 257 {
            let typ = u16::from_le_bytes([v[e + 2], v[e + 3]]);
            if typ == 3 {
                v[e + 8..e + 10].copy_from_slice(&60000u16.to_le_bytes());
            } else {
                v[e + 8..e + 12].copy_from_slice(&60000u32.to_le_bytes());
            }
        }
    }
    assert_eq!(decode(&v, &Limits::CARD), Err(ImageError::TooLarge));
    assert!(start.elapsed() < std::time::Duration::from_secs(1));
}

fn patch_siz(bytes: &[u8], f: impl Fn(&mut [u8])) -> Vec<u8> {
    let mut v = bytes.to_vec();
    let siz = find(&v, &[0xFF, 0x4F, 0xFF, 0x51]).unwrap() + 2;
    f(&mut v[siz..]);
    v
}

#[test]
fn image_jpeg2000_bomb_is_too_large_without_decoding() {
    let start = std::time::Instant::now();
    for src in [FACE_J2K, FACE_JP2] {
        let huge = patch_siz(src, |s| {
            s[6..10].copy_from_slice(&60000u32.to_be_bytes()); // Xsiz
            s[10..14].copy_from_slice(&60000u32.to_be_bytes()); // Ysiz
        });
        assert_eq!(probe(&huge).unwrap().width, 60000);
        assert_eq!(decode(&huge, &Limits::CARD), Err(ImageError::TooLarge));
        // Small image, but a million 1×1 tiles: the decoder's per-tile tables would be the bomb.
        let tiles = patch_siz(src, |s| {
            s[22..26].copy_from_slice(&1u32.to_be_bytes()); // XTsiz
            s[26..30].copy_from_slice(&1u32.to_be_bytes()); // YTsiz
        });
        assert_eq!(decode(&tiles, &Limits::CARD), Err(ImageError::TooLarge));
        // Csiz = 16384 with a matching Lsiz is refused without reading the component list.
        let comps = patch_siz(src, |s| s[38..40].copy_from_slice(&16384u16.to_be_bytes()));
        assert!(decode(&comps, &Limits::CARD).is_err());
    }
    assert!(start.elapsed() < std::time::Duration::from_secs(1));
}

#[test]
fn image_limits_are_honoured() {
    let small = Limits { max_width: 100, max_height: 100, max_pixels: 10_000, max_input_bytes: 64 * 1024 };
    assert_eq!(decode(FACE_JP2, &small), Err(ImageError::TooLarge));
    assert_eq!(decode(FRONT, &small), Err(ImageError::TooLarge));
    let tight_input = Limits { max_input_bytes: 1000, ..Limits::CARD };
    assert_eq!(decode(FACE_J2K, &tight_input), Err(ImageError::TooLarge));
    let long = padded(FACE_J2K, Limits::CARD.max_input_bytes + 1);
    assert_eq!(decode(&long, &Limits::CARD), Err(ImageError::TooLarge));
}

#[test]
fn image_truncated_images_error_without_panic() {
    for (name, img) in all_images() {
        let step = (img.len() / 97).max(1);
        for cut in (0..img.len()).step_by(step) {
            let r = decode(&img[..cut], &Limits::CARD);
            assert!(r.is_err(), "{name} cut to {cut} decoded");
            // Truncated and then padded, as a short chip read would look.
            let _ = decode(&padded(&img[..cut], img.len() + 100), &Limits::CARD);
        }
    }
}

#[test]
fn image_malformed_tiff_structures() {
    // IFD pointing at itself via the next-IFD pointer.
    let mut v = tiff_header(10, 10);
    let next = 8 + 2 + 8 * 12;
    v[next..next + 4].copy_from_slice(&8u32.to_le_bytes());
    assert_eq!(trim_padding(&v), Err(ImageError::Malformed("TIFF IFD chain loops")));
    // Strip beyond the value.
    let mut v = tiff_header(10, 10);
    let strip_offset = 8 + 2 + 5 * 12 + 8;
    v[strip_offset..strip_offset + 4].copy_from_slice(&u32::MAX.to_le_bytes());
    assert!(matches!(trim_padding(&v), Err(ImageError::Malformed(_))));
    // IFD offset beyond the value.
    let mut v = tiff_header(10, 10);
    v[4..8].copy_from_slice(&0xFFFF_FFF0u32.to_le_bytes());
    assert!(matches!(decode(&v, &Limits::CARD), Err(ImageError::Malformed(_))));
    // Zero size.
    assert!(matches!(decode(&tiff_header(0, 10), &Limits::CARD), Err(ImageError::Malformed(_))));
}

#[test]
fn image_garbage_g4_data_is_an_error() {
    let mut v = tiff_header(64, 64);
    let n = v.len();
    v[n - 4..].copy_from_slice(&[0xFF, 0xFF, 0xFF, 0xFF]);
    assert!(decode(&v, &Limits::CARD).is_err());
}

// ---- scaling, debug ----

#[test]
fn image_scale_to_fit_keeps_aspect() {
    let front = decode(FRONT, &Limits::CARD).unwrap();
    let s = scale_to_fit(&front, 500, 500);
    assert_eq!((s.width, s.height), (500, 315));
    assert_eq!(s.rgba.len(), 500 * 315 * 4);
    let face = decode(FACE_JP2, &Limits::CARD).unwrap();
    let z = scale_to_fit(&face, 480, 480);
    assert_eq!((z.width, z.height), (360, 480));
    assert_eq!(scale_to_fit(&face, 240, 320), face);
    let t = scale_to_fit(&face, 0, 0);
    assert_eq!((t.width, t.height), (1, 1));
    // Colour is preserved roughly: the average of the scaled face is near the original's.
    let avg =
        |img: &DecodedImage| img.rgba.iter().map(|&b| u64::from(b)).sum::<u64>() / img.rgba.len() as u64;
    assert!(avg(&face).abs_diff(avg(&z)) <= 2);
}

#[test]
fn image_debug_is_redacted() {
    let face = decode(FACE_JP2, &Limits::CARD).unwrap();
    let s = format!("{face:?}");
    assert_eq!(s, "DecodedImage(240x320, <pixels redacted>)");
}

#[test]
fn image_probe_reports_header() {
    let i = probe(&padded(FACE_JP2, D1_LEN)).unwrap();
    assert_eq!(i, ImageInfo { format: ImageFormat::Jp2, width: 240, height: 320, image_len: FACE_JP2.len() });
    let i = probe(&padded(FRONT, D0_LEN)).unwrap();
    assert_eq!((i.format, i.width, i.height), (ImageFormat::TiffG4, 1000, 630));
}

#[test]
#[ignore = "timing report: cargo test -p zairyu-core image_timing -- --ignored --nocapture"]
fn image_timing() {
    for (name, bytes) in [("front G4", FRONT), ("face JP2", FACE_JP2), ("face J2K", FACE_J2K)] {
        let n = 30;
        let start = std::time::Instant::now();
        for _ in 0..n {
            decode(bytes, &Limits::CARD).unwrap();
        }
        eprintln!("{name}: {:?} per decode", start.elapsed() / n);
    }
}

// ---- property tests: no input panics ----

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    /// 256 keeps the suite fast; set PROPTEST_CASES for a longer fuzzing run.
    fn cases() -> u32 {
        std::env::var("PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(256)
    }

    fn check_no_panic(bytes: &[u8]) {
        let _ = sniff(bytes);
        let _ = trim_padding(bytes);
        let _ = probe(bytes);
        if let Ok(img) = decode(bytes, &Limits::CARD) {
            assert_eq!(img.rgba.len(), img.width as usize * img.height as usize * 4);
        }
    }

    fn seed() -> impl Strategy<Value = &'static [u8]> {
        prop::sample::select(vec![
            FRONT,
            FRONT_WIZ,
            FRONT_STRIPS,
            GEN2_NAME,
            FACE_JP2,
            FACE_J2K,
            SMALL_TILED,
            SMALL_GREY,
        ])
    }

    #[derive(Debug, Clone)]
    enum Mutation {
        Flip(usize, u8),
        Set(usize, u8),
        Truncate(usize),
        Insert(usize, Vec<u8>),
        Remove(usize, usize),
    }

    fn mutation() -> impl Strategy<Value = Mutation> {
        prop_oneof![
            (any::<usize>(), 1u8..=255).prop_map(|(i, b)| Mutation::Flip(i, b)),
            (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Set(i, b)),
            any::<usize>().prop_map(Mutation::Truncate),
            (any::<usize>(), prop::collection::vec(any::<u8>(), 1..16))
                .prop_map(|(i, b)| Mutation::Insert(i, b)),
            (any::<usize>(), 1usize..64).prop_map(|(i, n)| Mutation::Remove(i, n)),
        ]
    }

    fn apply(mut v: Vec<u8>, muts: &[Mutation]) -> Vec<u8> {
        for m in muts {
            let len = v.len().max(1);
            match m {
                Mutation::Flip(i, b) => {
                    if let Some(x) = v.get_mut(i % len) {
                        *x ^= b;
                    }
                }
                Mutation::Set(i, b) => {
                    if let Some(x) = v.get_mut(i % len) {
                        *x = *b;
                    }
                }
                Mutation::Truncate(i) => v.truncate(i % len),
                Mutation::Insert(i, b) => {
                    let at = i % (v.len() + 1);
                    v.splice(at..at, b.iter().copied());
                }
                Mutation::Remove(i, n) => {
                    let at = i % len;
                    let end = (at + n).min(v.len());
                    if at < end {
                        v.drain(at..end);
                    }
                }
            }
        }
        v
    }

    /// Mutations biased to the headers, where the structure (and the limits) live.
    fn header_mutation() -> impl Strategy<Value = Mutation> {
        (0usize..300, 1u8..=255).prop_map(|(i, b)| Mutation::Flip(i, b))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn image_prop_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
            check_no_panic(&bytes);
        }

        #[test]
        fn image_prop_arbitrary_after_signature(
            sig in prop::sample::select(vec![&b"II*\0"[..], &b"MM\0*"[..], &sniff::JP2_SIGNATURE[..], &sniff::J2K_SOC_SIZ[..]]),
            rest in prop::collection::vec(any::<u8>(), 0..2048),
        ) {
            let mut v = sig.to_vec();
            v.extend_from_slice(&rest);
            check_no_panic(&v);
        }

        #[test]
        fn image_prop_mutated_images(src in seed(), muts in prop::collection::vec(mutation(), 1..6)) {
            check_no_panic(&apply(src.to_vec(), &muts));
        }

        #[test]
        fn image_prop_mutated_headers(src in seed(), muts in prop::collection::vec(header_mutation(), 1..4), pad in 0usize..64) {
            let mut v = apply(src.to_vec(), &muts);
            v.resize(v.len() + pad, 0);
            check_no_panic(&v);
        }
    }
}

#[test]
fn image_subsampled_components_probe() {
    // Sub-sampling relabelled in SIZ without re-encoding: the data no longer matches the header,
    // so a decoder may refuse it; it must not panic, and what it returns must be consistent.
    for src in [SMALL_GREY, SMALL_J2K] {
        let v = patch_siz(src, |s| {
            let csiz = u16::from_be_bytes([s[38], s[39]]) as usize;
            for i in 0..csiz {
                s[40 + 3 * i + 1] = 2;
                s[40 + 3 * i + 2] = 2;
            }
        });
        if let Ok(img) = decode(&v, &Limits::CARD) {
            assert_eq!((img.width, img.height), (48, 64));
            assert_eq!(img.rgba.len(), 48 * 64 * 4);
        }
    }
    // Really sub-sampled images (OpenJPEG's opj_compress -s 2,2 from small_grey.jp2 and
    // small_lossless.j2k, lossless): a 95×127 grid with 48×64 components, brought up to the grid
    // by nearest neighbour. Expected: OpenJPEG's decode, up-sampled the same way.
    for (bytes, sha) in [
        (SMALL_GREY_SUB, "012d67e5a68dc00343f87ef7ebb7a83398343ae275d557e9799976dc5dfcb7a4"),
        (SMALL_RGB_SUB, "bb16f48d2b71ac8971cb02580305c5e583afdb072d21446de8a2c6052218975a"),
    ] {
        let img = decode(&padded(bytes, bytes.len() + 100), &Limits::CARD).unwrap();
        assert_eq!((img.width, img.height), (95, 127));
        assert_eq!(sha256_hex(&img.rgba), sha);
        let px = |x: usize, y: usize| &img.rgba[(y * 95 + x) * 4..][..4];
        assert_eq!(px(0, 0), px(1, 1));
    }
}

/// The PNG bytes the screens get, pinned: they were produced by the `image` crate's encoder before
/// the switch to `png` (same settings), and must not change with it.
#[test]
fn image_png_bytes_are_pinned() {
    let cases: [(&str, &[u8]); 7] = [
        ("front_g4", FRONT),
        ("front_g4_strips", FRONT_STRIPS),
        ("gen2_name_g4", GEN2_NAME),
        ("face.jp2", FACE_JP2),
        ("face.j2k", FACE_J2K),
        ("small_rgba", SMALL_RGBA),
        ("small_grey", SMALL_GREY),
    ];
    let mut got = String::new();
    for (name, bytes) in cases {
        let png = decode_to_png(bytes, &Limits::CARD).unwrap();
        got.push_str(&format!("{name} {}\n", sha256_hex(&png)));
    }
    assert_eq!(got, PINNED_PNG);
}

const PINNED_PNG: &str = "\
front_g4 b5679c585da86717347404b0497108b92a6933022b77210cf53c9e68db54cbe4
front_g4_strips b5679c585da86717347404b0497108b92a6933022b77210cf53c9e68db54cbe4
gen2_name_g4 e19d39a7dc9f0650ceefeb580de04832c3389a6a2bf44ad243b635a711e6e950
face.jp2 5c6a761c4f0166a1092e8a82b67ff2198e5167af76a45c70d29ae03a97283d54
face.j2k e7593069b875a5f7f40897b16e72c9ecfc228c151b3a7602d57213298b9d24b7
small_rgba 10c15d017b41bf08b152ce66c0103e4f6c560bd2478f49fa9cf7ccef18056aa1
small_grey ef59e9092f6af74b2a3c1bc69bec098dbfeede51f828ed214cd56e0061b2e58d
";

/// PNG (the My Number card face's name and address images): a padded chip value decodes to the
/// exact pixels, the padding is cut at IEND, and the size is checked from IHDR first.
#[test]
fn image_png_input_round_trips_and_is_bounded() {
    let img = DecodedImage { width: 3, height: 2, rgba: (0u8..24).collect() };
    let png = to_png(&img).unwrap();
    let mut padded = png.clone();
    padded.resize(png.len() + 100, 0);
    assert_eq!(sniff(&padded), Some(ImageFormat::Png));
    assert_eq!(trim_padding(&padded).unwrap(), &png[..]);
    assert_eq!(probe(&padded).unwrap(), ImageInfo { format: ImageFormat::Png, width: 3, height: 2, image_len: png.len() });
    assert_eq!(decode(&padded, &Limits::CARD).unwrap(), img);

    // IHDR says 5000×1: refused before decoding (CRC and data untouched).
    let mut wide = png.clone();
    wide[16..20].copy_from_slice(&5000u32.to_be_bytes());
    assert_eq!(decode(&wide, &Limits::CARD), Err(ImageError::TooLarge));
    // Cut inside the data: no IEND.
    assert_eq!(decode(&png[..png.len() - 20], &Limits::CARD), Err(ImageError::Malformed("PNG chunk past the end")));
    // A chunk length that runs past the end, and a first chunk that is not IHDR.
    let mut long = png.clone();
    long[8..12].copy_from_slice(&u32::MAX.to_be_bytes());
    assert_eq!(decode(&long, &Limits::CARD), Err(ImageError::Malformed("PNG chunk past the end")));
    let mut no_ihdr = png.clone();
    no_ihdr[12..16].copy_from_slice(b"IDAT");
    assert_eq!(decode(&no_ihdr, &Limits::CARD), Err(ImageError::Malformed("PNG does not start with IHDR")));
    // Damaged image data (a flipped byte in IDAT fails its CRC): a decode error, not a panic.
    let mut damaged = png.clone();
    let idat = damaged.windows(4).position(|w| w == b"IDAT").unwrap();
    damaged[idat + 6] ^= 0xFF;
    assert_eq!(decode(&damaged, &Limits::CARD), Err(ImageError::Decode));
}

proptest::proptest! {
    /// Any bytes behind a PNG signature: an image or an error, never a panic, never over the limits.
    #[test]
    fn image_png_input_never_panics(tail in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
        let mut bytes = png_in::SIGNATURE.to_vec();
        bytes.extend_from_slice(&tail);
        if let Ok(img) = decode(&bytes, &Limits::CARD) {
            proptest::prop_assert!(img.width <= Limits::CARD.max_width && img.height <= Limits::CARD.max_height);
        }
        let _ = probe(&bytes);
        let _ = trim_padding(&bytes);
    }
}
