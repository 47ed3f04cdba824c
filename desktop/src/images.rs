//! Writes the card images for `--out`. The files hold personal data (a face, a card front), so on
//! Unix they are created readable by the owner only; nothing is written unless asked for.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use zairyu_core::image::{to_png, ImageFormat};
use zairyu_core::model::CardImage;
use zairyu_core::Reading;

use crate::errors::AppError;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum WrittenImage {
    #[default]
    None,
    Png(PathBuf),
    /// The pixels could not be decoded, so the chip's own bytes were written instead.
    Raw(PathBuf),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Written {
    pub front: WrittenImage,
    pub face: WrittenImage,
    /// Second generation: the name and address as images.
    pub name: WrittenImage,
    pub address: WrittenImage,
}

pub(crate) fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut f = options.open(path)?;
    f.write_all(bytes)
}

fn raw_extension(format: Option<ImageFormat>) -> &'static str {
    match format {
        Some(ImageFormat::TiffG4) => "tif",
        Some(ImageFormat::Jp2) => "jp2",
        Some(ImageFormat::J2k) => "j2k",
        Some(ImageFormat::Png) => "png",
        None => "bin",
    }
}

pub(crate) fn write_one(dir: &Path, name: &str, img: &Option<CardImage>) -> Result<WrittenImage, AppError> {
    let Some(img) = img else { return Ok(WrittenImage::None) };
    let err = |p: &Path, e: &dyn std::fmt::Display| AppError::output(&p.display().to_string(), &e.to_string());
    if let Ok(decoded) = &img.decoded {
        if let Ok(png) = to_png(decoded) {
            let path = dir.join(format!("{name}.png"));
            write_private(&path, &png).map_err(|e| err(&path, &e))?;
            return Ok(WrittenImage::Png(path));
        }
    }
    if img.raw.is_empty() {
        return Ok(WrittenImage::None);
    }
    let path = dir.join(format!("{name}.{}", raw_extension(img.format)));
    write_private(&path, &img.raw).map_err(|e| err(&path, &e))?;
    Ok(WrittenImage::Raw(path))
}

/// Writes `front.png`, `face.png` and, for second-generation cards, `name.png` and `address.png`
/// (or the raw image when it cannot be decoded) into `dir`.
pub fn write(reading: &Reading, dir: &Path) -> Result<Written, AppError> {
    std::fs::create_dir_all(dir).map_err(|e| AppError::output(&dir.display().to_string(), &e.to_string()))?;
    Ok(Written {
        front: write_one(dir, "front", &reading.front_image)?,
        face: write_one(dir, "face", &reading.face_image)?,
        name: write_one(dir, "name", &reading.name_image)?,
        address: write_one(dir, "address", &reading.address_image)?,
    })
}
