//! Profile pictures: checked by content, size-limited, decoded with limits, resized and
//! re-encoded, so what we store and serve is always an image we produced.
//!
//! A small file can declare a huge image (a PNG header claiming 50000×50000 is a few
//! dozen bytes), so the pixel count is read from the header and checked before anything
//! is decoded, and only a few decodes run at once.

use image::{ImageFormat, ImageReader, Limits, imageops::FilterType};
use std::io::Cursor;
use tokio::sync::Semaphore;

/// The largest upload accepted.
pub const MAX_UPLOAD_BYTES: usize = 5 * 1024 * 1024;
/// The most pixels (width × height) a picture may declare: 40 megapixels, e.g. 8000×5000,
/// beyond any phone camera; decoding that takes at most 160 MB.
pub const MAX_PIXELS: u64 = 40_000_000;
/// Pictures are stored at most this wide and high.
const MAX_SIDE: u32 = 512;
/// Decodes running at once, across all requests: each holds a core and up to
/// [`MAX_PIXELS`] × 4 bytes, so a burst of uploads waits its turn instead of taking the
/// server's memory.
const CONCURRENT_DECODES: usize = 2;
static DECODES: Semaphore = Semaphore::const_new(CONCURRENT_DECODES);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PictureError {
    #[error("not a JPEG, PNG or WebP image")]
    NotAnImage,
    #[error("larger than the upload limit")]
    TooLarge,
    #[error("declares more pixels than the limit")]
    TooManyPixels,
    /// The decoding task ended without an answer (it panicked or the runtime stopped).
    #[error("decoding was interrupted")]
    Interrupted,
}

/// Size, type (from the bytes, never from the file name or the browser's claim) and the
/// dimensions the header declares, all checked without decoding a pixel.
fn inspect(bytes: &[u8]) -> Result<ImageFormat, PictureError> {
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(PictureError::TooLarge);
    }
    let format = image::guess_format(bytes).map_err(|_| PictureError::NotAnImage)?;
    if !matches!(
        format,
        ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP
    ) {
        return Err(PictureError::NotAnImage);
    }
    let (width, height) = ImageReader::with_format(Cursor::new(bytes), format)
        .into_dimensions()
        .map_err(|_| PictureError::NotAnImage)?;
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(PictureError::TooManyPixels);
    }
    Ok(format)
}

/// [`reencode`] off the async runtime, at most [`CONCURRENT_DECODES`] at a time. What
/// can be refused from the header is refused before waiting for a turn.
pub async fn reencode_queued(bytes: Vec<u8>) -> Result<Vec<u8>, PictureError> {
    inspect(&bytes)?;
    let _turn = DECODES
        .acquire()
        .await
        .map_err(|_| PictureError::Interrupted)?;
    tokio::task::spawn_blocking(move || reencode(&bytes))
        .await
        .map_err(|_| PictureError::Interrupted)?
}

/// Re-encodes an uploaded picture as a JPEG of at most 512×512. CPU-heavy: call it
/// through [`reencode_queued`].
pub fn reencode(bytes: &[u8]) -> Result<Vec<u8>, PictureError> {
    let format = inspect(bytes)?;
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

    /// A PNG declaring `w`×`h` with a header and an (undersized) data chunk, every
    /// checksum right: a few dozen bytes, whatever the dimensions.
    fn png_header(w: u32, h: u32) -> Vec<u8> {
        let mut header = Vec::new();
        header.extend_from_slice(&w.to_be_bytes());
        header.extend_from_slice(&h.to_be_bytes());
        header.extend_from_slice(&[8, 2, 0, 0, 0]);
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        for (kind, data) in [
            (&b"IHDR"[..], header),
            // zlib: 64 zero bytes.
            (
                &b"IDAT"[..],
                vec![0x78, 0x9c, 0x63, 0x60, 0xa0, 0x0c, 0, 0, 0, 0x40, 0, 1],
            ),
            (&b"IEND"[..], Vec::new()),
        ] {
            let mut body = kind.to_vec();
            body.extend_from_slice(&data);
            out.extend_from_slice(&u32::try_from(data.len()).unwrap().to_be_bytes());
            out.extend_from_slice(&body);
            out.extend_from_slice(&crc32(&body).to_be_bytes());
        }
        out
    }

    fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in data {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    #[test]
    fn pictures_declaring_too_many_pixels_are_refused_before_decoding() {
        assert_eq!(
            reencode(&png_header(50_000, 50_000)),
            Err(PictureError::TooManyPixels)
        );
        assert_eq!(
            reencode(&png_header(8_001, 5_000)),
            Err(PictureError::TooManyPixels)
        );
        // Within the limit, the header alone is not a picture.
        assert_eq!(
            reencode(&png_header(800, 500)),
            Err(PictureError::NotAnImage)
        );
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
