//! Naming a browser for the sessions list, so a person recognises "Firefox · Android"
//! rather than a 200-character user agent.

/// A short description of a browser from its user agent: browser and system when known,
/// else the user agent's first 40 characters.
pub fn describe_device(user_agent: &str) -> String {
    // Order matters: Edge and Opera also say "Chrome/", and Chrome also says "Safari/".
    let browser = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
    ]
    .iter()
    .find(|(needle, _)| user_agent.contains(needle))
    .map(|(_, name)| *name);
    let system = [
        ("Android", "Android"),
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Windows", "Windows"),
        ("Mac OS", "macOS"),
        ("Linux", "Linux"),
    ]
    .iter()
    .find(|(needle, _)| user_agent.contains(needle))
    .map(|(_, name)| *name);
    match (browser, system) {
        (Some(b), Some(s)) => format!("{b} · {s}"),
        (Some(b), None) => b.to_owned(),
        (None, Some(s)) => s.to_owned(),
        (None, None) => user_agent.chars().take(40).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::describe_device;

    #[test]
    fn common_browsers_are_named_with_their_system() {
        let cases = [
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) \
                 Chrome/120.0 Safari/537.36 Edg/120.0",
                "Edge · Windows",
            ),
            (
                "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) \
                 Chrome/120.0 Mobile Safari/537.36",
                "Chrome · Android",
            ),
            (
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 \
                 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
                "Safari · iPhone",
            ),
            (
                "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
                "Firefox · Linux",
            ),
            (
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/537.36 (KHTML, like \
                 Gecko) Chrome/120.0 Safari/537.36 OPR/105.0",
                "Opera · macOS",
            ),
        ];
        for (ua, expected) in cases {
            assert_eq!(describe_device(ua), expected, "{ua}");
        }
    }

    #[test]
    fn a_browser_or_system_alone_is_named_alone() {
        assert_eq!(describe_device("Firefox/121.0"), "Firefox");
        assert_eq!(describe_device("SomeApp (Android)"), "Android");
    }

    #[test]
    fn an_unknown_agent_is_shown_shortened() {
        let ua = "curl/8.5.0 with a very long tail that nobody needs to read in full";
        assert_eq!(describe_device(ua), ua.chars().take(40).collect::<String>());
        assert_eq!(describe_device(""), "");
    }
}
