//! Where a browser goes after signing in.
//!
//! A `return_to` comes from the query string, so anyone can craft it. Browsers drop tabs
//! and newlines inside URLs and read `\` as `/`, so a check on the raw text (“starts
//! with one slash”) passes `/<TAB>/evil.example`, which the browser follows to
//! `//evil.example`. The only sound check is to resolve the text the way a browser does,
//! against our public URL, and keep it only when the result is still on our origin.

use url::Url;

/// The page a signed-in person lands on when `return_to` is missing or refused.
pub const DEFAULT_RETURN_PATH: &str = "/account";

/// The longest `return_to` kept; our own paths are far shorter.
const MAX_RETURN_LEN: usize = 512;

/// The local path (with query and fragment) to continue to after signing in, or
/// [`DEFAULT_RETURN_PATH`]. A candidate is kept only when it has no control characters
/// or whitespace at all, resolves against `public` to the same origin, and its path
/// does not begin with `//` (which a browser would read as another host).
pub fn resolve_return_to(public: &Url, candidate: Option<&str>) -> String {
    candidate
        .and_then(|c| local_path(public, c))
        .unwrap_or_else(|| DEFAULT_RETURN_PATH.to_owned())
}

/// The query parameter that tells a page which of its forms was just saved: after a
/// plain form post the browser is sent back with it, and the page shows "Saved".
pub const SAVED_PARAM: &str = "saved";

/// The mark a form's server function leaves: the last segment of its path
/// (`/api/update_profile` → `update_profile`).
pub fn saved_mark(endpoint_path: &str) -> &str {
    endpoint_path.rsplit('/').next().unwrap_or(endpoint_path)
}

/// Where to send the browser after a plain form post to `endpoint_path` succeeded: the
/// page it came from (`referer`, checked like any `return_to`), with any earlier mark
/// replaced by this form's.
pub fn saved_return(public: &Url, referer: Option<&str>, endpoint_path: &str) -> String {
    let back = resolve_return_to(public, referer);
    let Ok(mut url) = public.join(&back) else {
        return back;
    };
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| k != SAVED_PARAM)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    url.query_pairs_mut()
        .clear()
        .extend_pairs(kept)
        .append_pair(SAVED_PARAM, saved_mark(endpoint_path));
    let mut out = url.path().to_owned();
    if let Some(q) = url.query() {
        out.push('?');
        out.push_str(q);
    }
    out
}

fn local_path(public: &Url, candidate: &str) -> Option<String> {
    if candidate.is_empty()
        || candidate.len() > MAX_RETURN_LEN
        || candidate
            .chars()
            .any(|c| c.is_control() || c.is_whitespace())
    {
        return None;
    }
    let resolved = public.join(candidate).ok()?;
    if resolved.origin() != public.origin() {
        return None;
    }
    let path = resolved.path();
    if !path.starts_with('/') || path.starts_with("//") {
        return None;
    }
    let mut out = path.to_owned();
    if let Some(q) = resolved.query() {
        out.push('?');
        out.push_str(q);
    }
    if let Some(f) = resolved.fragment() {
        out.push('#');
        out.push_str(f);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ours() -> Url {
        Url::parse("https://calentify.example/").unwrap()
    }

    #[test]
    fn local_paths_are_kept() {
        for (given, kept) in [
            ("/c/nakheel/book", "/c/nakheel/book"),
            ("/account/security?tab=1#x", "/account/security?tab=1#x"),
            ("https://calentify.example/appointments", "/appointments"),
        ] {
            assert_eq!(resolve_return_to(&ours(), Some(given)), kept, "{given}");
        }
    }

    #[test]
    fn other_sites_and_tricks_go_to_the_default_page() {
        for bad in [
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/account\r\nSet-Cookie: x=1",
            " /account",
            "javascript:alert(1)",
            "http://calentify.example/account",
            "https://calentify.example:8443/account",
            "https://calentify.example//evil.example",
            "/%2F/evil.example/../..//evil.example",
            "",
        ] {
            assert_eq!(
                resolve_return_to(&ours(), Some(bad)),
                DEFAULT_RETURN_PATH,
                "{bad:?}"
            );
        }
        assert_eq!(resolve_return_to(&ours(), None), DEFAULT_RETURN_PATH);
    }

    #[test]
    fn a_saved_form_returns_to_its_page_with_one_mark() {
        let base = ours();
        assert_eq!(
            saved_return(
                &base,
                Some("https://calentify.example/account?x=1&saved=old"),
                "/api/update_profile"
            ),
            "/account?x=1&saved=update_profile"
        );
        assert_eq!(
            saved_return(
                &base,
                Some("https://evil.example/account"),
                "/api/update_profile"
            ),
            "/account?saved=update_profile"
        );
        assert_eq!(saved_return(&base, None, "/api/x"), "/account?saved=x");
    }

    proptest! {
        /// Whatever is asked for, the answer is a path a browser resolves to our origin,
        /// and it can be put in a `Location` header as it is.
        #[test]
        fn the_answer_always_stays_on_our_origin(candidate in any::<String>()) {
            let base = ours();
            let out = resolve_return_to(&base, Some(&candidate));
            prop_assert!(out.starts_with('/') && !out.starts_with("//"), "{out:?}");
            // A backslash may stay in a query (browsers leave it there); never in the path.
            let path = out.split(['?', '#']).next().unwrap_or_default();
            prop_assert!(!path.contains('\\'), "{out:?}");
            prop_assert!(out.chars().all(|c| c.is_ascii_graphic()), "{out:?}");
            let followed = base.join(&out).unwrap();
            prop_assert_eq!(followed.origin(), base.origin());
        }

        #[test]
        fn slashes_and_whitespace_never_lead_elsewhere(
            parts in proptest::collection::vec(
                prop_oneof![
                    Just("/"), Just("\\"), Just("\t"), Just("\n"), Just(" "), Just("\u{0}"),
                    Just("evil.example"), Just(":"), Just("@"), Just("."), Just("%2f"),
                ],
                0..8,
            )
        ) {
            let base = ours();
            let candidate: String = parts.concat();
            let out = resolve_return_to(&base, Some(&candidate));
            let followed = base.join(&out).unwrap();
            prop_assert_eq!(followed.host_str(), Some("calentify.example"));
        }
    }
}
