//! PNG card images: the My Number card face's name and address images (mynumber-chip.md §5).
//! A chunk walk finds where the image ends inside a padded value and reads IHDR's size, so
//! [`Limits`] are checked before the `png` crate allocates a pixel.

use std::io::Cursor;

use super::{DecodedImage, ImageError, Limits};

pub(crate) const SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];

/// Width, height, and the end of the IEND chunk: the PNG's own length inside the value.
pub(crate) fn parse(bytes: &[u8]) -> Result<(u32, u32, usize), ImageError> {
    if !bytes.starts_with(&SIGNATURE) {
        return Err(ImageError::UnknownFormat);
    }
    let be32 = |at: usize| -> Option<u32> { Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?)) };
    let mut off = SIGNATURE.len();
    let mut size = None;
    loop {
        let len = be32(off).ok_or(ImageError::Malformed("PNG chunk header past the end"))? as usize;
        let kind = bytes.get(off + 4..off + 8).ok_or(ImageError::Malformed("PNG chunk header past the end"))?;
        let end = off
            .checked_add(12)
            .and_then(|v| v.checked_add(len))
            .filter(|&e| e <= bytes.len())
            .ok_or(ImageError::Malformed("PNG chunk past the end"))?;
        if size.is_none() {
            if kind != b"IHDR" || len != 13 {
                return Err(ImageError::Malformed("PNG does not start with IHDR"));
            }
            let w = be32(off + 8).ok_or(ImageError::Malformed("PNG IHDR cut short"))?;
            let h = be32(off + 12).ok_or(ImageError::Malformed("PNG IHDR cut short"))?;
            size = Some((w, h));
        }
        if kind == b"IEND" {
            let (w, h) = size.ok_or(ImageError::Malformed("PNG has no IHDR"))?;
            return Ok((w, h, end));
        }
        off = end;
    }
}

/// The PNG without the chip value's padding.
pub(crate) fn trim(value: &[u8]) -> Result<&[u8], ImageError> {
    parse(value).map(|(_, _, end)| &value[..end])
}

pub(crate) fn decode(bytes: &[u8], limits: &Limits) -> Result<DecodedImage, ImageError> {
    let (width, height, end) = parse(bytes)?;
    if width == 0 || height == 0 {
        return Err(ImageError::Malformed("PNG has a zero dimension"));
    }
    if width > limits.max_width || height > limits.max_height || u64::from(width) * u64::from(height) > limits.max_pixels {
        return Err(ImageError::TooLarge);
    }
    let rgba_len = super::rgba_len(width, height)?;
    // The decoder's own allocation cap: 16-bit RGBA of the checked size at most.
    let mut decoder = png::Decoder::new_with_limits(Cursor::new(&bytes[..end]), png::Limits { bytes: rgba_len * 2 + 1024 });
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(|_| ImageError::Decode)?;
    let mut buf = vec![0; reader.output_buffer_size().ok_or(ImageError::TooLarge)?];
    let frame = reader.next_frame(&mut buf).map_err(|_| ImageError::Decode)?;
    if (frame.width, frame.height) != (width, height) {
        return Err(ImageError::Malformed("PNG frame size differs from IHDR"));
    }
    let px = buf.get(..frame.buffer_size()).ok_or(ImageError::Decode)?;
    let rgba: Vec<u8> = match frame.color_type {
        png::ColorType::Rgba => px.to_vec(),
        png::ColorType::Rgb => px.chunks_exact(3).flat_map(|p| [p[0], p[1], p[2], 255]).collect(),
        png::ColorType::GrayscaleAlpha => px.chunks_exact(2).flat_map(|p| [p[0], p[0], p[0], p[1]]).collect(),
        png::ColorType::Grayscale => px.iter().flat_map(|&g| [g, g, g, 255]).collect(),
        // normalize_to_color8 expands palettes; anything else is not a picture we can show.
        png::ColorType::Indexed => return Err(ImageError::Unsupported("PNG palette not expanded")),
    };
    if rgba.len() != rgba_len {
        return Err(ImageError::Malformed("PNG pixel data does not fill the image"));
    }
    Ok(DecodedImage { width, height, rgba })
}
