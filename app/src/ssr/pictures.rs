//! Profile pictures: checked by content, size-limited, decoded with limits, resized and
//! re-encoded, so what we store and serve is always an image we produced.

use image::{ImageFormat, ImageReader, Limits, imageops::FilterType};
use std::io::Cursor;

/// The largest upload accepted.
pub const MAX_UPLOAD_BYTES: usize = 5 * 1024 * 1024;
/// Pictures are stored at most this wide and high.
const MAX_SIDE: u32 = 512;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PictureError {
    #[error("not a JPEG, PNG or WebP image")]
    NotAnImage,
    #[error("larger than the upload limit")]
    TooLarge,
}

/// Re-encodes an uploaded picture as a JPEG of at most 512×512. CPU-heavy: call it
/// from `spawn_blocking`.
pub fn reencode(bytes: &[u8]) -> Result<Vec<u8>, PictureError> {
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(PictureError::TooLarge);
    }
    // The type comes from the bytes, never from the file name or the browser's claim.
    let format = image::guess_format(bytes).map_err(|_| PictureError::NotAnImage)?;
    if !matches!(
        format,
        ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP
    ) {
        return Err(PictureError::NotAnImage);
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(10_000);
    limits.max_image_height = Some(10_000);
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    let image = reader.decode().map_err(|_| PictureError::NotAnImage)?;
    let image = if image.width() > MAX_SIDE || image.height() > MAX_SIDE {
        image.resize(MAX_SIDE, MAX_SIDE, FilterType::Triangle)
    } else {
        image
    };
    let mut out = Vec::new();
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85);
    image
        .to_rgb8()
        .write_with_encoder(encoder)
        .map_err(|_| PictureError::NotAnImage)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_pixel(w, h, image::Rgb([10, 120, 110]));
        let mut out = Vec::new();
        img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .unwrap();
        out
    }

    #[test]
    fn large_pictures_are_shrunk_and_become_jpeg() {
        let out = reencode(&png(1200, 600)).unwrap();
        assert_eq!(image::guess_format(&out).unwrap(), ImageFormat::Jpeg);
        let decoded = image::load_from_memory(&out).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (512, 256));
    }

    #[test]
    fn non_images_and_oversized_uploads_are_refused() {
        assert_eq!(
            reencode(b"%PDF-1.7 not a picture"),
            Err(PictureError::NotAnImage)
        );
        assert_eq!(reencode(b"GIF89a......"), Err(PictureError::NotAnImage));
        let mut truncated = png(10, 10);
        truncated.truncate(30);
        assert_eq!(reencode(&truncated), Err(PictureError::NotAnImage));
        assert_eq!(
            reencode(&vec![0u8; MAX_UPLOAD_BYTES + 1]),
            Err(PictureError::TooLarge)
        );
    }
}
