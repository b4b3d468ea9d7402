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
