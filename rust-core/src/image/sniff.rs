//! Format recognition by signature only, so that a card value is never handed to the wrong decoder.

use super::ImageFormat;

pub(crate) const TIFF_LE: [u8; 4] = *b"II*\0";
pub(crate) const TIFF_BE: [u8; 4] = *b"MM\0*";
/// The JP2 signature box (ISO/IEC 15444-1 I.5.1): length 12, type `jP  `, content `0D 0A 87 0A`.
pub(crate) const JP2_SIGNATURE: [u8; 12] =
    [0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20, 0x0D, 0x0A, 0x87, 0x0A];
/// SOC followed by SIZ: a codestream must start this way (ISO/IEC 15444-1 A.4.1, A.5.1).
pub(crate) const J2K_SOC_SIZ: [u8; 4] = [0xFF, 0x4F, 0xFF, 0x51];

pub(crate) fn sniff(bytes: &[u8]) -> Option<ImageFormat> {
    if bytes.starts_with(&TIFF_LE) || bytes.starts_with(&TIFF_BE) {
        Some(ImageFormat::TiffG4)
    } else if bytes.starts_with(&JP2_SIGNATURE) {
        Some(ImageFormat::Jp2)
    } else if bytes.starts_with(&J2K_SOC_SIZ) {
        Some(ImageFormat::J2k)
    } else if bytes.starts_with(&super::png_in::SIGNATURE) {
        Some(ImageFormat::Png)
    } else {
        None
    }
}
