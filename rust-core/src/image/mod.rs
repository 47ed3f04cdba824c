//! Card images: JPEG 2000 faces and CCITT G4 TIFF fronts, decoded to RGBA and PNG with size limits
//! checked before any pixel is allocated.
//!
//! CONTRACT (skeleton; the image module's owner implements it, keeping these names):

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    /// Bi-level TIFF, compression 4 (CCITT T.6 / G4).
    TiffG4,
    /// JPEG 2000 in the JP2 box format.
    Jp2,
    /// A raw JPEG 2000 codestream.
    J2k,
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

/// Recognises the format by its signature.
pub fn sniff(bytes: &[u8]) -> Option<ImageFormat> {
    let _ = bytes;
    unimplemented!("image module")
}

/// Cuts a padded chip value down to the image it holds, by the format's own structure (TIFF IFD
/// and strip extents; JPEG 2000 box lengths / EOC marker), never by stripping trailing zeros.
pub fn trim_padding(value: &[u8]) -> Result<&[u8], ImageError> {
    let _ = value;
    unimplemented!("image module")
}

/// Decodes a card image to RGBA after checking `limits` against its header.
pub fn decode(bytes: &[u8], limits: &Limits) -> Result<DecodedImage, ImageError> {
    let _ = (bytes, limits);
    unimplemented!("image module")
}

/// Encodes pixels as PNG.
pub fn to_png(image: &DecodedImage) -> Result<Vec<u8>, ImageError> {
    let _ = image;
    unimplemented!("image module")
}
