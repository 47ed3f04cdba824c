//! Card images as PNG bytes at the size a view needs, so shells never decode JPEG 2000 or G4 TIFF
//! themselves.

use std::sync::Arc;

use crate::errors::ZairyuError;
use crate::guard;
use crate::read::ReadResult;
use crate::records::ImageSource;
use zairyu_core::image::{self, Limits};

/// PNG of one chip image, scaled (aspect kept) to the largest size that fits `max_width` ×
/// `max_height` — the result screen's frame, or the zoom viewer's at its maximum scale — but
/// never larger than the image itself (the front image is 1000×630): enlarging only invents
/// pixels and memory, and the views scale the native image as well as we could. A box of the
/// image's own size or larger returns it unscaled.
///
/// `None` when the card has no such image or it could not be decoded (the screen then shows the
/// `ImageView` placeholder). The box is capped at the core's card-image limits, because a
/// foreign caller's absurd size would otherwise be an allocation the process cannot survive.
#[uniffi::export]
pub fn card_image_png(
    result: Arc<ReadResult>,
    which: ImageSource,
    max_width: u32,
    max_height: u32,
) -> Result<Option<Vec<u8>>, ZairyuError> {
    guard(|| {
        let reading = &result.reading;
        let image = match which {
            ImageSource::FrontImage => reading.front_image.as_ref(),
            ImageSource::FaceImage => reading.face_image.as_ref(),
            ImageSource::NameImage => reading.name_image.as_ref(),
            ImageSource::AddressImage => reading.address_image.as_ref(),
        };
        let Some(Ok(decoded)) = image.map(|i| i.decoded.as_ref()) else {
            return Ok(None);
        };
        let scaled = image::scale_to_fit(
            decoded,
            max_width.min(decoded.width).min(Limits::CARD.max_width),
            max_height.min(decoded.height).min(Limits::CARD.max_height),
        );
        image::to_png(&scaled)
            .map(Some)
            .map_err(|e| ZairyuError::internal(format!("PNG encoding failed: {e}")))
    })
}
