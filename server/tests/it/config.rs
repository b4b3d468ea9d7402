//! Start-up failures: the real binary, with bad settings.

use std::process::Command;

fn server() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_server"));
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default());
    cmd
}

#[test]
fn an_invalid_variable_stops_start_up_naming_it_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("data").join("x.db");
    for (var, value) in [
        ("CALENTIFY_PORT", "http"),
        ("CALENTIFY_PUBLIC_URL", "not a url"),
        ("CALENTIFY_LOG_FORMAT", "xml"),
        ("CALENTIFY_SEED_DEMO", "perhaps"),
        ("CALENTIFY_OUTBOX_WORKER", "sometimes"),
        ("CALENTIFY_SMTP_URL", "ftp://mail.example"),
    ] {
        let out = server()
            .current_dir(dir.path())
            .env("DATABASE_URL", format!("sqlite://{}", db.display()))
            .env(var, value)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{var}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(&format!("{var}: ")), "{var}: {stderr}");
        assert!(
            !dir.path().join("data").exists(),
            "nothing written for {var}"
        );
    }
}

#[test]
fn a_database_url_with_a_password_is_never_echoed() {
    let out = server()
        .env("DATABASE_URL", "mysql://admin:s3cret@db/x")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("DATABASE_URL"));
    assert!(!stderr.contains("s3cret"));
}

#[test]
fn an_unwritable_database_path_gets_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("not-a-dir");
    std::fs::write(&blocker, b"a file where a directory should be").unwrap();
    let out = server()
        .env("CALENTIFY_PORT", "0")
        .env(
            "DATABASE_URL",
            format!("sqlite://{}/db/x.db", blocker.display()),
        )
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("DATABASE_URL: cannot create the database directory"),
        "{stderr}"
    );
}

#[test]
fn a_busy_port_gets_a_clear_message() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let dir = tempfile::tempdir().unwrap();
    let out = server()
        .current_dir(dir.path())
        .env("CALENTIFY_PORT", port.to_string())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("already in use"), "{stderr}");
    assert!(
        !dir.path().join("data").exists(),
        "the port is checked before the database is created"
    );
}

#[test]
fn dev_tools_on_an_https_deployment_stop_start_up_naming_both_variables() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("data").join("x.db");
    let out = server()
        .current_dir(dir.path())
        .env("DATABASE_URL", format!("sqlite://{}", db.display()))
        .env("CALENTIFY_PORT", "0")
        .env("CALENTIFY_PUBLIC_URL", "https://calentify.example")
        .env("CALENTIFY_SECRET_KEY", crate::support::TEST_SECRET_KEY)
        .env("CALENTIFY_FILE_KEYS", crate::support::TEST_FILE_KEYS)
        .env("CALENTIFY_DEV_TOOLS", "true")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("CALENTIFY_DEV_TOOLS"), "{stderr}");
    assert!(stderr.contains("CALENTIFY_PUBLIC_URL"), "{stderr}");
    assert!(!dir.path().join("data").exists(), "nothing written");
}
