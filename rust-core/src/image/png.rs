//! Output for the UI layers: PNG (what the Android/iOS/desktop image views take) and resizing for
//! the result screen and the zoom viewer.
//!
//! Why `png` and `resize` rather than the `image` crate: our own decoders already produce RGBA, so
//! only encoding and resampling are left, and `image` brought its colour-management stack
//! (`moxcms`, `pxfm`) into every build for them — about a third of a cold desktop build
//! (docs/performance.md). The encoder settings below are the ones `image`'s `PngEncoder::new`
//! used (fast deflate, adaptive filtering), so the PNG bytes did not change with the switch.

use rgb::FromSlice;

use super::{DecodedImage, ImageError};

pub(crate) fn to_png(img: &DecodedImage) -> Result<Vec<u8>, ImageError> {
    if super::rgba_len(img.width, img.height).ok() != Some(img.rgba.len()) {
        return Err(ImageError::Malformed("pixel buffer does not match the dimensions"));
    }
    let mut out = Vec::with_capacity(img.rgba.len() / 4 + 1024);
    let mut encoder = png::Encoder::new(&mut out, img.width, img.height);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    encoder.set_filter(png::Filter::Adaptive);
    let mut writer = encoder.write_header().map_err(|_| ImageError::Decode)?;
    writer.write_image_data(&img.rgba).map_err(|_| ImageError::Decode)?;
    writer.finish().map_err(|_| ImageError::Decode)?;
    Ok(out)
}

/// The largest size with the same aspect ratio that fits the box, at least 1×1.
pub(crate) fn fit(width: u32, height: u32, max_width: u32, max_height: u32) -> (u32, u32) {
    let (w, h) = (u64::from(width.max(1)), u64::from(height.max(1)));
    let (mw, mh) = (u64::from(max_width.max(1)), u64::from(max_height.max(1)));
    // Compare mw/w with mh/h without floating point: the narrower ratio decides.
    if mw * h <= mh * w {
        let nh = ((mw * h + w / 2) / w).clamp(1, mh);
        (mw as u32, nh as u32)
    } else {
        let nw = ((mh * w + h / 2) / h).clamp(1, mw);
        (nw as u32, mh as u32)
    }
}

pub(crate) fn scale_to_fit(img: &DecodedImage, max_width: u32, max_height: u32) -> DecodedImage {
    let (nw, nh) = fit(img.width, img.height, max_width, max_height);
    if (nw, nh) == (img.width, img.height) {
        return img.clone();
    }
    if super::rgba_len(img.width, img.height).ok() != Some(img.rgba.len()) {
        // Inconsistent buffer (the fields are public): nothing sensible to scale.
        return img.clone();
    }
    // Shrinking: a triangle filter averages away the aliasing of thin G4 lines and text.
    // Enlarging (zoom viewer): Catmull-Rom keeps edges sharper than bilinear without ringing much.
    let filter = if u64::from(nw) * u64::from(nh) < u64::from(img.width) * u64::from(img.height) {
        resize::Type::Triangle
    } else {
        resize::Type::Catrom
    };
    let mut out = vec![0u8; nw as usize * nh as usize * 4];
    let resized = resize::new(img.width as usize, img.height as usize, nw as usize, nh as usize, resize::Pixel::RGBA8, filter)
        .and_then(|mut r| r.resize(img.rgba.as_rgba(), out.as_rgba_mut()));
    match resized {
        Ok(()) => DecodedImage { width: nw, height: nh, rgba: out },
        // Only on allocation failure (the sizes were checked above): show the unscaled image.
        Err(_) => img.clone(),
    }
}
