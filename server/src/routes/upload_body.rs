//! Reading an upload's body within its size limit without cutting the sender off.
//!
//! A server that answers before reading a request body and then closes the connection
//! leaves unread bytes behind; the kernel resets the connection over them, and a client
//! that is still sending may never see the answer ("connection reset" instead of "too
//! large"). So an oversized upload is read on and thrown away, up to a bound, before the
//! answer goes out. Anything beyond the bound, or announced as beyond it, is answered at
//! once: draining is a courtesy to honest clients, not an invitation to stream gigabytes.

use app::error::{AppError, Invalid};
use axum::{
    body::{Body, Bytes},
    extract::{FromRequest, Multipart, Request},
    http::header,
};
use futures::StreamExt;

/// How far past its limit an upload is still read (and discarded) so its sender gets
/// a clean answer.
const DRAIN_BYTES: usize = 8 * 1024 * 1024;

/// Room for the multipart framing around the file itself.
const FRAMING_BYTES: usize = 64 * 1024;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum UploadBodyError {
    #[error("the upload is larger than allowed")]
    TooLarge,
    #[error("the upload was interrupted or is not a multipart form")]
    Malformed,
}

impl UploadBodyError {
    /// The error a client is shown; `too_large` is the route's own "too large" kind.
    pub fn into_app_error(self, too_large: Invalid) -> AppError {
        match self {
            Self::TooLarge => AppError::Invalid(too_large),
            Self::Malformed => AppError::BadRequest,
        }
    }
}

/// Reads the whole body of a multipart upload whose file may hold `limit` bytes, and
/// hands it back as a form.
pub async fn multipart(req: Request, limit: usize) -> Result<Multipart, UploadBodyError> {
    let allowed = limit + FRAMING_BYTES;
    let announced = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if announced.is_some_and(|n| n > allowed + DRAIN_BYTES) {
        return Err(UploadBodyError::TooLarge);
    }
    let (parts, body) = req.into_parts();
    let mut stream = body.into_data_stream();
    let mut kept = Vec::with_capacity(announced.unwrap_or(0).min(allowed));
    let mut seen = 0usize;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| UploadBodyError::Malformed)?;
        seen = seen.saturating_add(chunk.len());
        if seen > allowed + DRAIN_BYTES {
            return Err(UploadBodyError::TooLarge);
        }
        if seen <= allowed {
            kept.extend_from_slice(&chunk);
        }
    }
    if seen > allowed {
        return Err(UploadBodyError::TooLarge);
    }
    let req = Request::from_parts(parts, Body::from(Bytes::from(kept)));
    Multipart::from_request(req, &())
        .await
        .map_err(|_| UploadBodyError::Malformed)
}
