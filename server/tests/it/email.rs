//! Email through a real SMTP server on loopback (aiosmtpd): sign-in codes, and booking
//! confirmations with text and HTML parts (right-to-left in Arabic) and the `.ics`.

use crate::{
    accounts::redirect_of,
    on_both_backends,
    support::{Backend, spawn_app_with},
};
use app::domain::catalog::Slug;
use std::{
    io::{BufRead, BufReader},
    process::{Child, Command, Stdio},
    time::Duration,
};

/// The SMTP server process and the file it writes received messages to.
pub(crate) struct SmtpSink {
    pub(crate) port: u16,
    file: std::path::PathBuf,
    child: Child,
    _dir: tempfile::TempDir,
}

impl SmtpSink {
    pub(crate) fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("mail.jsonl");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut child = Command::new("python3")
            .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/smtp_sink.py"))
            .arg(port.to_string())
            .arg(&file)
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 with aiosmtpd (scripts/test.sh installs it)");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line.trim(), "ready", "the SMTP server started");
        Self {
            port,
            file,
            child,
            _dir: dir,
        }
    }

    /// The first message matching `want`, waiting up to 20 seconds for the worker.
    pub(crate) async fn wait_for(
        &self,
        want: impl Fn(&serde_json::Value) -> bool,
    ) -> serde_json::Value {
        for _ in 0..200 {
            if let Ok(text) = std::fs::read_to_string(&self.file)
                && let Some(m) = text
                    .lines()
                    .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
                    .find(|m| want(m))
            {
                return m;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("no such email arrived");
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn part<'a>(m: &'a serde_json::Value, content_type: &str) -> &'a str {
    m["parts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["type"] == content_type)
        .and_then(|p| p["text"].as_str())
        .unwrap_or_else(|| panic!("a {content_type} part in {m}"))
}

on_both_backends!(codes_and_confirmations_go_out_by_smtp);

async fn codes_and_confirmations_go_out_by_smtp(backend: Backend) {
    let sink = SmtpSink::start();
    let url = format!("smtp://127.0.0.1:{}", sink.port);
    let app = spawn_app_with(
        backend,
        &[
            ("CALENTIFY_SMTP_URL", &url),
            ("CALENTIFY_SMTP_FROM", "Calentify <no-reply@calentify.test>"),
            ("CALENTIFY_OUTBOX_WORKER", "true"),
        ],
    )
    .await;
    let b = app.browser();
    let res = b
        .call("request_code", &[("destination", "layla@example.com")])
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let mail = sink
        .wait_for(|m| {
            m["to"][0] == "layla@example.com"
                && m["subject"].as_str().unwrap_or("").contains("sign-in")
        })
        .await;
    assert_eq!(mail["from"], "Calentify <no-reply@calentify.test>");
    let text = part(&mail, "text/plain");
    let code: String = text
        .split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 6)
        .expect("a six-digit code")
        .to_owned();
    let res = b.call("verify_code", &[("code", &code)]).await;
    assert_eq!(redirect_of(&res).as_deref(), Some("/sign-up"));
    let res = b
        .call(
            "complete_sign_up",
            &[("full_name", "Layla"), ("accept_privacy", "on")],
        )
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    // The code itself does not stay in the database once sent.
    let sent = app.store.messages_to("layla@example.com", 5).await.unwrap();
    assert!(sent.iter().all(|m| !m.payload.to_string().contains(&code)));
    assert!(
        sent.iter()
            .any(|m| m.status == "sent" && m.provider.as_deref() == Some("smtp"))
    );

    let res = b
        .call(
            "update_profile",
            &[
                ("full_name", "Layla"),
                ("lang", "ar"),
                ("preferred_channel", "email"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let clinic = app
        .store
        .clinic_by_slug(&Slug::parse("nakheel").unwrap())
        .await
        .unwrap();
    let catalog = app.store.clinic_catalog(clinic.id).await.unwrap();
    let p = &catalog.providers[0];
    let (service, branch) = (p.service_ids[0].to_string(), p.branch_ids[0].to_string());
    let (_, slots) = b
        .fetch(
            "search_slots",
            &[
                ("slug", "nakheel"),
                ("service", &service),
                ("branch", &branch),
                ("provider", "any"),
            ],
        )
        .await;
    let start = slots[0]["start"].as_str().unwrap().to_owned();
    let res = b
        .call(
            "book_appointment",
            &[
                ("slug", "nakheel"),
                ("service", &service),
                ("branch", &branch),
                ("provider", "any"),
                ("start", &start),
            ],
        )
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());

    let mail = sink
        .wait_for(|m| m["to"][0] == "layla@example.com" && m["content_type"] == "multipart/mixed")
        .await;
    let text = part(&mail, "text/plain");
    assert!(text.contains(&clinic.name.ar), "Arabic text: {text}");
    let html = part(&mail, "text/html");
    assert!(html.contains(r#"dir="rtl""#), "{html}");
    assert!(html.contains(&clinic.name.ar));
    let ics = part(&mail, "text/calendar");
    assert!(ics.contains("BEGIN:VCALENDAR"), "{ics}");
    assert!(ics.contains("DTSTART;TZID="), "{ics}");
    assert!(ics.parse::<icalendar::Calendar>().is_ok());
}
