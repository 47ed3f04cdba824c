//! JPEG 2000 faces (D1), as a JP2 file or a raw codestream.
//!
//! The structure walk and the SIZ check happen here, in safe code, before any byte reaches the
//! decoder, which sizes its allocations from the header: a crafted SIZ (60000×60000, a million 1×1
//! tiles) must be refused first.
//!
//! Decoder: `hayro-jpeg2000`, a pure-Rust decoder that forbids unsafe code (its SIMD comes from
//! `fearless_simd`). Chosen over `jpeg2k` with the `openjp2` port (≈3× OpenJPEG's time, a
//! mechanical port with unsafe code that panicked under fuzzing) and over `jpeg2k` with OpenJPEG in
//! C (the fastest, but C parsing attacker-supplied chip data, and a C toolchain per phone target);
//! docs/performance.md has the numbers. It works in floating point, so lossy faces can differ from
//! OpenJPEG by ±1 in a sample; lossless images are exact.

use std::panic::{catch_unwind, AssertUnwindSafe};

use super::{DecodedImage, ImageError, ImageFormat, Limits};

const SOC: u16 = 0xFF4F;
const SIZ: u16 = 0xFF51;
const SOT: u16 = 0xFF90;
const SOD: u16 = 0xFF93;
const EOC: u16 = 0xFFD9;

/// A face is a single tile; this only keeps per-tile bookkeeping in the decoder small.
const MAX_TILES: u64 = 4096;
/// Grey, grey+alpha, RGB, RGBA. More components is not a photo.
const MAX_COMPONENTS: u16 = 4;
/// Sample precision the 8-bit conversion handles.
const MAX_PRECISION: u8 = 16;

fn be16(data: &[u8], at: usize) -> Result<u16, ImageError> {
    let end = at.checked_add(2).ok_or(ImageError::Malformed("JPEG 2000 offset overflows"))?;
    match data.get(at..end) {
        Some(b) => Ok(u16::from_be_bytes([b[0], b[1]])),
        None => Err(ImageError::Malformed("JPEG 2000 structure runs past the value")),
    }
}

fn be32(data: &[u8], at: usize) -> Result<u32, ImageError> {
    let end = at.checked_add(4).ok_or(ImageError::Malformed("JPEG 2000 offset overflows"))?;
    match data.get(at..end) {
        Some(b) => Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]])),
        None => Err(ImageError::Malformed("JPEG 2000 structure runs past the value")),
    }
}

fn be64(data: &[u8], at: usize) -> Result<u64, ImageError> {
    Ok((u64::from(be32(data, at)?) << 32)
        | u64::from(be32(
            data,
            at.checked_add(4).ok_or(ImageError::Malformed("JPEG 2000 offset overflows"))?,
        )?))
}

fn advance(pos: usize, by: usize, len: usize) -> Result<usize, ImageError> {
    match pos.checked_add(by) {
        Some(p) if p <= len => Ok(p),
        _ => Err(ImageError::Malformed("JPEG 2000 segment runs past the value")),
    }
}

/// Length of the codestream at the start of `cs`: main header by marker-segment lengths, then
/// tile-parts by Psot, up to and including EOC.
pub(crate) fn codestream_len(cs: &[u8]) -> Result<usize, ImageError> {
    if be16(cs, 0)? != SOC || be16(cs, 2)? != SIZ {
        return Err(ImageError::Malformed("codestream does not start with SOC, SIZ"));
    }
    let len = cs.len();
    let mut pos = 2;
    let mut tile_parts = 0usize;
    loop {
        if pos == len {
            // Some encoders omit EOC; OpenJPEG accepts that after the last tile-part.
            return if tile_parts > 0 {
                Ok(pos)
            } else {
                Err(ImageError::Malformed("codestream has no tile data"))
            };
        }
        let marker = be16(cs, pos)?;
        match marker {
            EOC => return Ok(pos + 2),
            SOT => {
                if be16(cs, pos + 2)? != 10 {
                    return Err(ImageError::Malformed("SOT segment length is not 10"));
                }
                let psot = be32(cs, pos + 6)? as usize;
                if psot == 0 {
                    // The last tile-part runs to EOC: walk its header to SOD, then look for EOC in
                    // the packet data (bit stuffing keeps FF D9 out of it).
                    let data_start = tile_part_data_start(cs, pos)?;
                    let eoc = cs[data_start..]
                        .windows(2)
                        .position(|w| w == [0xFF, 0xD9])
                        .ok_or(ImageError::Malformed("codestream has no EOC"))?;
                    return Ok(data_start + eoc + 2);
                }
                if psot < 14 {
                    return Err(ImageError::Malformed("tile-part shorter than its header"));
                }
                pos = advance(pos, psot, len)?;
                tile_parts += 1;
            }
            _ if tile_parts > 0 => {
                if marker == 0 {
                    // Zero padding where the next marker belongs: a codestream without EOC.
                    return Ok(pos);
                }
                return Err(ImageError::Malformed("unexpected marker between tile-parts"));
            }
            0xFF30..=0xFF3F => pos += 2, // reserved markers without a segment
            m if m >> 8 == 0xFF => {
                let seg = usize::from(be16(cs, pos + 2)?);
                if seg < 2 {
                    return Err(ImageError::Malformed("marker segment length below 2"));
                }
                pos = advance(pos, 2 + seg, len)?;
            }
            _ => return Err(ImageError::Malformed("expected a marker in the codestream header")),
        }
    }
}

/// Offset of the first byte after SOD in the tile-part whose SOT is at `sot`.
fn tile_part_data_start(cs: &[u8], sot: usize) -> Result<usize, ImageError> {
    let len = cs.len();
    let mut pos = advance(sot, 12, len)?;
    loop {
        let marker = be16(cs, pos)?;
        if marker == SOD {
            return advance(pos, 2, len);
        }
        if marker >> 8 != 0xFF {
            return Err(ImageError::Malformed("expected a marker in a tile-part header"));
        }
        let seg = usize::from(be16(cs, pos + 2)?);
        if seg < 2 {
            return Err(ImageError::Malformed("marker segment length below 2"));
        }
        pos = advance(pos, 2 + seg, len)?;
    }
}

/// Walks the top-level JP2 boxes; returns (end of the file, range of the codestream).
fn jp2_layout(value: &[u8]) -> Result<(usize, std::ops::Range<usize>), ImageError> {
    let len = value.len();
    let mut pos = 0usize;
    let mut codestream = None;
    while len - pos >= 8 {
        let lbox = be32(value, pos)?;
        let tbox = &value[pos + 4..pos + 8];
        if tbox == [0, 0, 0, 0] {
            break; // zero padding after the last box
        }
        let is_jp2c = tbox == b"jp2c";
        let (header, box_len) = match lbox {
            0 => {
                // "Runs to the end of the file" – which here includes the padding. For the
                // codestream box the codestream itself says where it ends.
                if is_jp2c {
                    let start = pos + 8;
                    let cs_len = codestream_len(&value[start..])?;
                    return Ok((start + cs_len, start..start + cs_len));
                }
                let cs = codestream.ok_or(ImageError::Malformed("JP2 has no codestream box"))?;
                return Ok((len, cs));
            }
            1 => {
                let xl = be64(value, pos + 8)?;
                (16usize, usize::try_from(xl).map_err(|_| ImageError::Malformed("JP2 box too long"))?)
            }
            n => (8usize, n as usize),
        };
        if box_len < header {
            return Err(ImageError::Malformed("JP2 box shorter than its header"));
        }
        let end = advance(pos, box_len, len)?;
        if is_jp2c && codestream.is_none() {
            codestream = Some(pos + header..end);
        }
        pos = end;
    }
    let cs = codestream.ok_or(ImageError::Malformed("JP2 has no codestream box"))?;
    Ok((pos, cs))
}

pub(crate) fn trim(value: &[u8], format: ImageFormat) -> Result<&[u8], ImageError> {
    let (end, _) = locate(value, format)?;
    Ok(&value[..end])
}

/// (end of the image, codestream range) for either JPEG 2000 form.
fn locate(value: &[u8], format: ImageFormat) -> Result<(usize, std::ops::Range<usize>), ImageError> {
    match format {
        ImageFormat::Jp2 => jp2_layout(value),
        ImageFormat::J2k => {
            let len = codestream_len(value)?;
            Ok((len, 0..len))
        }
        ImageFormat::TiffG4 | ImageFormat::Png => Err(ImageError::UnknownFormat),
    }
}

/// The SIZ fields that decide how much the decoder will allocate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Siz {
    pub width: u32,
    pub height: u32,
    pub tiles: u64,
    /// (precision in bits, signed, XRsiz, YRsiz) per component.
    pub components: Vec<(u8, bool, u8, u8)>,
}

/// Parses and sanity-checks SIZ (ISO/IEC 15444-1 A.5.1) from the start of a codestream.
pub(crate) fn parse_siz(cs: &[u8]) -> Result<Siz, ImageError> {
    if be16(cs, 0)? != SOC || be16(cs, 2)? != SIZ {
        return Err(ImageError::Malformed("codestream does not start with SOC, SIZ"));
    }
    let p = 2;
    let lsiz = be16(cs, p + 2)?;
    let xsiz = be32(cs, p + 6)?;
    let ysiz = be32(cs, p + 10)?;
    let xosiz = be32(cs, p + 14)?;
    let yosiz = be32(cs, p + 18)?;
    let xtsiz = be32(cs, p + 22)?;
    let ytsiz = be32(cs, p + 26)?;
    let xtosiz = be32(cs, p + 30)?;
    let ytosiz = be32(cs, p + 34)?;
    let csiz = be16(cs, p + 38)?;
    if csiz == 0 || u32::from(lsiz) != 38 + 3 * u32::from(csiz) {
        return Err(ImageError::Malformed("SIZ length does not match its component count"));
    }
    if xsiz <= xosiz || ysiz <= yosiz {
        return Err(ImageError::Malformed("SIZ image area is empty"));
    }
    if xtsiz == 0 || ytsiz == 0 || xtosiz > xosiz || ytosiz > yosiz {
        return Err(ImageError::Malformed("SIZ tile grid is invalid"));
    }
    if u64::from(xtosiz) + u64::from(xtsiz) <= u64::from(xosiz)
        || u64::from(ytosiz) + u64::from(ytsiz) <= u64::from(yosiz)
    {
        return Err(ImageError::Malformed("SIZ first tile lies outside the image"));
    }
    let tiles_x = (u64::from(xsiz - xtosiz)).div_ceil(u64::from(xtsiz));
    let tiles_y = (u64::from(ysiz - ytosiz)).div_ceil(u64::from(ytsiz));
    // More components than a photo has: refuse without reading them (Csiz can say 16384).
    if csiz > MAX_COMPONENTS {
        return Err(ImageError::Unsupported("JPEG 2000 with more than 4 components"));
    }
    let mut components = Vec::with_capacity(usize::from(csiz));
    for i in 0..usize::from(csiz) {
        let at = p + 40 + 3 * i;
        let c = cs.get(at..at + 3).ok_or(ImageError::Malformed("SIZ runs past the value"))?;
        let (ssiz, xr, yr) = (c[0], c[1], c[2]);
        if xr == 0 || yr == 0 {
            return Err(ImageError::Malformed("SIZ component sub-sampling is zero"));
        }
        components.push(((ssiz & 0x7F) + 1, ssiz & 0x80 != 0, xr, yr));
    }
    Ok(Siz { width: xsiz - xosiz, height: ysiz - yosiz, tiles: tiles_x * tiles_y, components })
}

fn check(siz: &Siz, limits: &Limits) -> Result<(), ImageError> {
    super::check_dimensions(siz.width, siz.height, limits)?;
    if siz.tiles > MAX_TILES {
        return Err(ImageError::TooLarge);
    }
    if siz.components.iter().any(|c| c.0 > MAX_PRECISION) {
        return Err(ImageError::Unsupported("JPEG 2000 sample precision above 16 bits"));
    }
    Ok(())
}

/// Reads only the header: dimensions and component layout, for callers that want to check first.
pub(crate) fn header(value: &[u8], format: ImageFormat) -> Result<Siz, ImageError> {
    let (_, cs) = locate(value, format)?;
    parse_siz(&value[cs])
}

pub(crate) fn decode(value: &[u8], format: ImageFormat, limits: &Limits) -> Result<DecodedImage, ImageError> {
    let (end, cs) = locate(value, format)?;
    let siz = parse_siz(&value[cs])?;
    check(&siz, limits)?;
    let data = &value[..end];
    log::debug!(
        "decoding JPEG 2000 {}x{}, {} components, {} tiles, {} bytes",
        siz.width,
        siz.height,
        siz.components.len(),
        siz.tiles,
        data.len()
    );
    // Last line of defence: a safe decoder can still panic (an index or an unwrap) on inputs the
    // header checks above do not catch. A panic must become an error, not a crash while the user
    // holds a card to the phone; the `mobile` profile keeps panic = "unwind" for this.
    catch_unwind(AssertUnwindSafe(|| decode_checked(data, &siz))).unwrap_or_else(|_| {
        log::warn!("JPEG 2000 decoder panicked on a {}-byte image", data.len());
        Err(ImageError::Decode)
    })
}

fn decode_checked(data: &[u8], siz: &Siz) -> Result<DecodedImage, ImageError> {
    use hayro_jpeg2000::{ColorSpace, DecodeSettings, DecoderContext, Image};
    let image = Image::new(data, &DecodeSettings::default()).map_err(|_| {
        log::debug!("JPEG 2000 decoder rejected the image");
        ImageError::Decode
    })?;
    // Components sub-sampled alike come out at their own resolution; anything else must match
    // the SIZ grid the limits were checked against.
    let (cw, ch) = (image.width() as usize, image.height() as usize);
    let (w, h) = (siz.width as usize, siz.height as usize);
    if cw == 0 || ch == 0 || cw > w || ch > h {
        return Err(ImageError::Decode);
    }
    if matches!(image.color_space(), ColorSpace::CMYK) {
        return Err(ImageError::Unsupported("JPEG 2000 CMYK colour space"));
    }
    let mut context = DecoderContext::default();
    let decoded = image.decode(&mut context).map_err(|_| ImageError::Decode)?;
    let channels = decoded.components().len();
    if channels == 0 || channels > usize::from(MAX_COMPONENTS) {
        return Err(ImageError::Unsupported("JPEG 2000 component count"));
    }
    let samples = decoded.data_u8();
    if samples.len() != cw * ch * channels {
        return Err(ImageError::Decode);
    }
    let to_rgba = |p: &[u8]| -> [u8; 4] {
        match *p {
            [g] => [g, g, g, 255],
            [g, a] => [g, g, g, a],
            [r, g, b] => [r, g, b, 255],
            [r, g, b, a] => [r, g, b, a],
            _ => [0, 0, 0, 255],
        }
    };
    let mut rgba = Vec::with_capacity(super::rgba_len(siz.width, siz.height)?);
    if (cw, ch) == (w, h) {
        samples.chunks_exact(channels).for_each(|p| rgba.extend_from_slice(&to_rgba(p)));
    } else {
        // Nearest neighbour up to the full grid.
        for y in 0..h {
            let row = &samples[(y * ch / h) * cw * channels..][..cw * channels];
            for x in 0..w {
                rgba.extend_from_slice(&to_rgba(&row[(x * cw / w) * channels..][..channels]));
            }
        }
    }
    Ok(DecodedImage { width: siz.width, height: siz.height, rgba })
}
