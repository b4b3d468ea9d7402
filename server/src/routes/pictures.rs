//! Profile pictures: upload (a plain multipart form, so it works without JavaScript)
//! and an authorised download.

use super::personal_file::{self, Keep};
use super::upload_body;
use app::{
    domain::ids::PictureId,
    error::AppError,
    ssr::{
        context::RequestInfo,
        pictures::MAX_UPLOAD_BYTES,
        services::{Ctx, profile},
        state::AppState,
    },
};
use axum::{
    Extension,
    extract::{DefaultBodyLimit, Path, Request, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};

pub fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route(
            "/account/picture",
            post(upload).layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES + 64 * 1024)),
        )
        .route("/pictures/{id}", get(download))
}

/// Takes the `picture` field of a multipart form. Answers with a redirect back to the
/// profile page (`?picture=saved` or `?error=<kind>`), which shows the outcome; a client
/// that asks for JSON (`Accept: application/json`) gets the error as the API answers it
/// (422 and its kind) instead.
async fn upload(
    State(state): State<AppState>,
    Extension(info): Extension<RequestInfo>,
    headers: HeaderMap,
    req: Request,
) -> Response {
    let wants_json = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"));
    let back_with = |error: AppError| {
        if wants_json {
            json_error(&error)
        } else {
            back_with(error)
        }
    };
    let ctx = Ctx::from_parts(state, headers, info);
    let mut form = match upload_body::multipart(req, MAX_UPLOAD_BYTES).await {
        Ok(form) => form,
        Err(e) => return back_with(e.into_app_error(app::error::Invalid::PictureTooLarge)),
    };
    let mut bytes = None;
    loop {
        match form.next_field().await {
            Ok(Some(field)) => {
                let is_picture = field.name() == Some("picture");
                match field.bytes().await {
                    Ok(b) if is_picture => bytes = Some(b.to_vec()),
                    Ok(_) => {}
                    Err(_) => {
                        return back_with(AppError::Invalid(app::error::Invalid::PictureTooLarge));
                    }
                }
            }
            Ok(None) => break,
            Err(_) => return back_with(AppError::Invalid(app::error::Invalid::PictureTooLarge)),
        }
    }
    let Some(bytes) = bytes.filter(|b| !b.is_empty()) else {
        return back_with(AppError::Invalid(app::error::Invalid::PictureNotImage));
    };
    match profile::set_picture(&ctx, bytes).await {
        Ok(()) => Redirect::to("/account?picture=saved").into_response(),
        Err(AppError::Unauthenticated) => {
            Redirect::to("/sign-in?return_to=/account").into_response()
        }
        Err(e) => back_with(e),
    }
}

fn json_error(error: &AppError) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY);
    (status, axum::Json(error)).into_response()
}

fn back_with(error: AppError) -> Response {
    let kind = match &error {
        AppError::Invalid(app::error::Invalid::PictureTooLarge) => "picture_too_large",
        AppError::Invalid(app::error::Invalid::PictureTooManyPixels) => "picture_too_many_pixels",
        AppError::Invalid(_) | AppError::BadRequest => "picture_not_image",
        _ => "internal",
    };
    let mut res = Redirect::to(&format!("/account?error={kind}")).into_response();
    // A script-driven upload still sees the real outcome.
    res.headers_mut()
        .insert("x-calentify-error", header::HeaderValue::from_static("1"));
    *res.status_mut() = StatusCode::SEE_OTHER;
    res
}

/// Serves a picture to its owner only. Clinic staff get pictures through the records
/// they may see (need-to-know), never by id alone.
async fn download(
    State(state): State<AppState>,
    Extension(info): Extension<RequestInfo>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let ctx = Ctx::from_parts(state, headers, info);
    let Ok(id) = id.parse::<PictureId>() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let caller = match ctx.caller().await {
        Ok(Some(c)) => c,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    match ctx.store().picture(id).await {
        Ok(p) if p.owner_id == caller.user_id => {
            personal_file::send(p.bytes, &p.content_type, None, Keep::Briefly)
        }
        Ok(_) | Err(app::ssr::store::StoreError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "loading a picture failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
