//! How a file that belongs to one person (an attachment, a picture, an appointment's
//! calendar entry) is sent: never cached where others could read it, never rendered as a
//! page of ours, and saved under a name every browser reads correctly.

use axum::{
    http::{HeaderValue, header},
    response::{IntoResponse, Response},
};

/// How long the browser may keep the file.
#[derive(Clone, Copy, Debug)]
pub enum Keep {
    /// Not at all: attachments and calendar files can change or be withdrawn.
    Never,
    /// Five minutes in this browser only: a picture shown on several pages in a row.
    Briefly,
}

/// A personal file's answer. `save_as` makes the browser download it under that name
/// rather than show it.
pub fn send(
    body: impl IntoResponse,
    content_type: &str,
    save_as: Option<&str>,
    keep: Keep,
) -> Response {
    let mut res = body.into_response();
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(content_type) {
        h.insert(header::CONTENT_TYPE, v);
    }
    if let Some(v) = save_as.and_then(|name| HeaderValue::from_str(&attachment(name)).ok()) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(match keep {
            Keep::Never => "private, no-store",
            Keep::Briefly => "private, max-age=300",
        }),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("sandbox; default-src 'none'"),
    );
    res
}

/// `attachment` with a plain ASCII name for old browsers and the exact UTF-8 name
/// (RFC 5987) for the rest.
fn attachment(name: &str) -> String {
    let ascii = name.replace(
        |c: char| !c.is_ascii_alphanumeric() && c != '.' && c != '-' && c != '_',
        "_",
    );
    // Form encoding writes spaces as `+`; RFC 5987 wants `%20`.
    let exact = url::form_urlencoded::byte_serialize(name.as_bytes())
        .collect::<String>()
        .replace('+', "%20");
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{exact}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_arabic_name_is_kept_exactly_and_replaced_for_old_browsers() {
        let value = attachment("تحليل دم.pdf");
        assert!(value.starts_with("attachment; filename=\"_"), "{value}");
        assert!(value.contains("%20"), "{value}");
        assert!(value.contains("filename*=UTF-8''%D8%AA"), "{value}");
    }

    #[test]
    fn every_personal_file_is_sandboxed_and_never_stored_by_others() {
        let res = send("x", "text/plain", None, Keep::Briefly);
        let h = res.headers();
        assert_eq!(h[header::CACHE_CONTROL], "private, max-age=300");
        assert_eq!(
            h[header::CONTENT_SECURITY_POLICY],
            "sandbox; default-src 'none'"
        );
        assert!(h.get(header::CONTENT_DISPOSITION).is_none());
    }
}
