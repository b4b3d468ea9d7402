//! The binary's life cycle.

use std::{
    io::{BufRead, BufReader},
    process::{Command, Stdio},
    time::{Duration, Instant},
};

#[test]
fn sigterm_stops_the_server_gracefully() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_server"))
        .current_dir(dir.path())
        .env("CALENTIFY_PORT", "0")
        .env("CALENTIFY_LOG", "info")
        .env("CALENTIFY_LOG_FORMAT", "json")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    // Wait for the "listening" line, then ask the server to stop.
    let started = Instant::now();
    let mut listening = None;
    for line in lines.by_ref() {
        let line = line.unwrap();
        if line.contains("listening") {
            let at = line.find("127.0.0.1:").expect("the address is logged");
            let port: String = line[at + 10..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            listening = Some(format!("127.0.0.1:{port}"));
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "server did not start"
        );
    }
    let addr = listening.expect("the server logged where it listens");
    // Serving requests before it is asked to stop, as in production.
    let healthy = (0..100).any(|_| {
        let answered = std::net::TcpStream::connect(&addr).ok().and_then(|mut c| {
            use std::io::{Read, Write};
            c.write_all(b"GET /healthz HTTP/1.0\r\n\r\n").ok()?;
            let mut buf = String::new();
            c.read_to_string(&mut buf).ok()?;
            Some(buf.starts_with("HTTP/1.1 200") || buf.starts_with("HTTP/1.0 200"))
        });
        answered.unwrap_or_else(|| {
            std::thread::sleep(Duration::from_millis(50));
            false
        })
    });
    assert!(healthy, "the server answers /healthz");
    assert!(
        dir.path().join("data").join("calentify.db").exists(),
        "SQLite file created on first run"
    );
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    let exit = child.wait().unwrap();
    assert!(exit.success(), "exit status {exit:?}");
    assert!(rest.iter().any(|l| l.contains("shutting down")), "{rest:?}");
    assert!(rest.iter().any(|l| l.contains("stopped")), "{rest:?}");
}
