//! Card images: JPEG 2000 faces and CCITT G4 TIFF fronts, decoded to RGBA and PNG with size limits
//! checked before any pixel is allocated.
//!
//! Chip values (D0 front, D1 face, gen-2 name/address images) are zero-padded to their maximum
//! size. Everything here accepts either the padded value or the bare image: the image's own
//! structure (TIFF IFDs and strips, JP2 boxes, codestream tile-parts) says where it ends, because
//! trailing zeros can be part of the last G4 strip or packet. Hash the untrimmed value for
//! signatures; trim only to decode.
//!
//! All input is untrusted: nothing here panics on any byte string, and dimensions are checked
//! against [`Limits`] from the header before the decoders see the data.

mod g4;
mod jpeg2000;
mod png;
mod png_in;
mod sniff;
mod tiff_g4;

#[cfg(test)]
mod tests;

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    /// Bi-level TIFF, compression 4 (CCITT T.6 / G4).
    TiffG4,
    /// JPEG 2000 in the JP2 box format.
    Jp2,
    /// A raw JPEG 2000 codestream.
    J2k,
    /// PNG: the My Number card face's name and address images.
    Png,
}

/// Bounds checked against the image header before decoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_width: u32,
    pub max_height: u32,
    pub max_pixels: u64,
    pub max_input_bytes: usize,
}

impl Limits {
    /// Generous bounds for card images (a card front is about 1000×630 at most).
    pub const CARD: Limits =
        Limits { max_width: 4096, max_height: 4096, max_pixels: 4_000_000, max_input_bytes: 64 * 1024 };
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImageError {
    #[error("unknown image format")]
    UnknownFormat,
    #[error("image too large")]
    TooLarge,
    #[error("malformed image: {0}")]
    Malformed(&'static str),
    #[error("image could not be decoded")]
    Decode,
    /// A well-formed image using a feature the decoders cannot handle (e.g. TIFF FillOrder=2).
    #[error("unsupported image feature: {0}")]
    Unsupported(&'static str),
}

/// RGBA8 pixels. Redacted in `Debug`: a face is personal data.
#[derive(Clone, PartialEq, Eq)]
pub struct DecodedImage {
    pub width: u32,
    pub height: u32,
    pub rgba: Vec<u8>,
}

impl fmt::Debug for DecodedImage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DecodedImage({}x{}, <pixels redacted>)", self.width, self.height)
    }
}

/// What the header says, read without decoding any pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageInfo {
    pub format: ImageFormat,
    pub width: u32,
    pub height: u32,
    /// Length of the image inside the (possibly padded) value, as [`trim_padding`] would cut it.
    pub image_len: usize,
}

/// Recognises the format by its signature.
pub fn sniff(bytes: &[u8]) -> Option<ImageFormat> {
    sniff::sniff(bytes)
}

/// Cuts a padded chip value down to the image it holds, by the format's own structure (TIFF IFD
/// and strip extents; JPEG 2000 box lengths / EOC marker), never by stripping trailing zeros.
pub fn trim_padding(value: &[u8]) -> Result<&[u8], ImageError> {
    match sniff(value).ok_or(ImageError::UnknownFormat)? {
        ImageFormat::TiffG4 => tiff_g4::trim(value),
        f @ (ImageFormat::Jp2 | ImageFormat::J2k) => jpeg2000::trim(value, f),
        ImageFormat::Png => png_in::trim(value),
    }
}

/// Reads format, dimensions and image length from the header, for showing or refusing an image
/// before paying for its decode.
pub fn probe(bytes: &[u8]) -> Result<ImageInfo, ImageError> {
    let format = sniff(bytes).ok_or(ImageError::UnknownFormat)?;
    match format {
        ImageFormat::TiffG4 => {
            let info = tiff_g4::parse(bytes)?;
            let width = info.width.ok_or(ImageError::Malformed("TIFF has no ImageWidth"))?;
            let height = info.height.ok_or(ImageError::Malformed("TIFF has no ImageLength"))?;
            Ok(ImageInfo { format, width, height, image_len: info.end })
        }
        ImageFormat::Jp2 | ImageFormat::J2k => {
            let siz = jpeg2000::header(bytes, format)?;
            let image_len = jpeg2000::trim(bytes, format)?.len();
            Ok(ImageInfo { format, width: siz.width, height: siz.height, image_len })
        }
        ImageFormat::Png => {
            let (width, height, image_len) = png_in::parse(bytes)?;
            Ok(ImageInfo { format, width, height, image_len })
        }
    }
}

/// Decodes a card image (padded chip value or bare image) to RGBA after checking `limits` against
/// its header.
pub fn decode(bytes: &[u8], limits: &Limits) -> Result<DecodedImage, ImageError> {
    if bytes.len() > limits.max_input_bytes {
        return Err(ImageError::TooLarge);
    }
    match sniff(bytes).ok_or(ImageError::UnknownFormat)? {
        ImageFormat::TiffG4 => tiff_g4::decode(bytes, limits),
        f @ (ImageFormat::Jp2 | ImageFormat::J2k) => jpeg2000::decode(bytes, f, limits),
        ImageFormat::Png => png_in::decode(bytes, limits),
    }
}

/// Encodes pixels as PNG.
pub fn to_png(image: &DecodedImage) -> Result<Vec<u8>, ImageError> {
    png::to_png(image)
}

/// [`decode`] then [`to_png`]: what the UI layers need for a chip value.
pub fn decode_to_png(bytes: &[u8], limits: &Limits) -> Result<Vec<u8>, ImageError> {
    to_png(&decode(bytes, limits)?)
}

/// Resizes to the largest size that fits `max_width`×`max_height` with the aspect ratio kept,
/// shrinking for screens and enlarging for the zoom viewer; never below 1×1.
pub fn scale_to_fit(image: &DecodedImage, max_width: u32, max_height: u32) -> DecodedImage {
    png::scale_to_fit(image, max_width, max_height)
}

fn check_dimensions(width: u32, height: u32, limits: &Limits) -> Result<(), ImageError> {
    if width == 0 || height == 0 {
        return Err(ImageError::Malformed("image has zero width or height"));
    }
    if width > limits.max_width
        || height > limits.max_height
        || u64::from(width) * u64::from(height) > limits.max_pixels
    {
        log::debug!("image {}x{} exceeds the limits", width, height);
        return Err(ImageError::TooLarge);
    }
    Ok(())
}

fn rgba_len(width: u32, height: u32) -> Result<usize, ImageError> {
    (width as usize).checked_mul(height as usize).and_then(|n| n.checked_mul(4)).ok_or(ImageError::TooLarge)
}
