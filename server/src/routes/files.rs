//! Files attached to appointments: upload by the patient (a plain multipart form) and
//! download by the patient or the clinic's staff, always through these handlers.

use super::personal_file::{self, Keep};
use super::upload_body;
use app::{
    domain::ids::{AppointmentId, FileId},
    error::AppError,
    ssr::{
        context::RequestInfo,
        services::{Ctx, files},
        state::AppState,
    },
};
use axum::{
    Extension, Json,
    extract::{DefaultBodyLimit, Path, Request, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};

pub fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route(
            "/appointments/{id}/files",
            post(upload).layer(DefaultBodyLimit::max(files::MAX_FILE_BYTES + 64 * 1024)),
        )
        .route("/files/{id}", get(download))
}

fn error_response(error: &AppError, html: bool, back: &str) -> Response {
    let mut res = if html {
        let kind = match error {
            AppError::Invalid(app::error::Invalid::FileType) => "file_type",
            AppError::Invalid(app::error::Invalid::FileTooLarge) => "file_too_large",
            AppError::Invalid(app::error::Invalid::TooManyFiles) => "too_many_files",
            AppError::Invalid(app::error::Invalid::FilesClosed) => "files_closed",
            AppError::Unauthenticated => return Redirect::to("/sign-in").into_response(),
            _ => "file_refused",
        };
        Redirect::to(&format!("{back}?error={kind}")).into_response()
    } else {
        let status =
            StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, Json(error.clone())).into_response()
    };
    res.headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    res
}

/// Takes the `file` field of a multipart form. A browser form is sent back to the
/// appointment page; a script gets JSON (`{"id": …}` or the error) with its status.
async fn upload(
    State(state): State<AppState>,
    Extension(info): Extension<RequestInfo>,
    headers: HeaderMap,
    Path(id): Path<String>,
    req: Request,
) -> Response {
    let html = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    let back = format!("/appointments/{id}");
    let ctx = Ctx::from_parts(state, headers, info);
    let Ok(appointment) = id.parse::<AppointmentId>() else {
        return error_response(&AppError::NotFound, false, &back);
    };
    // Authorised before a byte of the body is read: a stranger, or an appointment that
    // takes no more files, is answered at once (and the connection closed) instead of
    // after up to 10 MB has been received.
    let target = match files::authorise_upload(&ctx, appointment).await {
        Ok(target) => target,
        Err(e) => return error_response(&e, html, &back),
    };
    let mut form = match upload_body::multipart(req, files::MAX_FILE_BYTES).await {
        Ok(form) => form,
        Err(e) => {
            let e = e.into_app_error(app::error::Invalid::FileTooLarge);
            return error_response(&e, html, &back);
        }
    };
    let mut upload = None;
    loop {
        match form.next_field().await {
            Ok(Some(field)) => {
                let is_file = field.name() == Some("file");
                let name = field.file_name().unwrap_or("file").to_owned();
                match field.bytes().await {
                    Ok(b) if is_file => upload = Some((name, b.to_vec())),
                    Ok(_) => {}
                    Err(_) => {
                        return error_response(
                            &AppError::Invalid(app::error::Invalid::FileTooLarge),
                            html,
                            &back,
                        );
                    }
                }
            }
            Ok(None) => break,
            Err(_) => {
                return error_response(
                    &AppError::Invalid(app::error::Invalid::FileTooLarge),
                    html,
                    &back,
                );
            }
        }
    }
    let Some((name, bytes)) = upload.filter(|(_, b)| !b.is_empty()) else {
        return error_response(
            &AppError::Invalid(app::error::Invalid::FileType),
            html,
            &back,
        );
    };
    match files::upload(&ctx, &target, &name, bytes).await {
        Ok(_) if html => Redirect::to(&format!("{back}?file=saved")).into_response(),
        Ok(file) => (StatusCode::CREATED, Json(serde_json::json!({ "id": file }))).into_response(),
        Err(e) => error_response(&e, html, &back),
    }
}

async fn download(
    State(state): State<AppState>,
    Extension(info): Extension<RequestInfo>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let ctx = Ctx::from_parts(state, headers, info);
    let Ok(id) = id.parse::<FileId>() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match files::download(&ctx, id).await {
        Ok(file) => personal_file::send(
            file.bytes,
            &file.content_type,
            Some(&file.name),
            Keep::Never,
        ),
        Err(e) => super::refused(e),
    }
}
