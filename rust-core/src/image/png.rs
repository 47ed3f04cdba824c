//! Output for the UI layers: PNG (what the Android/iOS/desktop image views take) and resizing for
//! the result screen and the zoom viewer.

use ::image::codecs::png::PngEncoder;
use ::image::imageops::FilterType;
use ::image::{ExtendedColorType, ImageEncoder, RgbaImage};

use super::{DecodedImage, ImageError};

pub(crate) fn to_png(img: &DecodedImage) -> Result<Vec<u8>, ImageError> {
    if super::rgba_len(img.width, img.height).ok() != Some(img.rgba.len()) {
        return Err(ImageError::Malformed("pixel buffer does not match the dimensions"));
    }
    let mut out = Vec::with_capacity(img.rgba.len() / 4 + 1024);
    PngEncoder::new(&mut out)
        .write_image(&img.rgba, img.width, img.height, ExtendedColorType::Rgba8)
        .map_err(|_| ImageError::Decode)?;
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
    let Some(src) = RgbaImage::from_raw(img.width, img.height, img.rgba.clone()) else {
        // Inconsistent buffer (the fields are public): nothing sensible to scale.
        return img.clone();
    };
    // Shrinking: a triangle filter averages away the aliasing of thin G4 lines and text.
    // Enlarging (zoom viewer): Catmull-Rom keeps edges sharper than bilinear without ringing much.
    let filter = if u64::from(nw) * u64::from(nh) < u64::from(img.width) * u64::from(img.height) {
        FilterType::Triangle
    } else {
        FilterType::CatmullRom
    };
    let out = ::image::imageops::resize(&src, nw, nh, filter);
    DecodedImage { width: nw, height: nh, rgba: out.into_raw() }
}
