//! A local run (`CALENTIFY_LOCAL_KEYS_DIR`, set by `scripts/run.sh`) generates its keys
//! once, privately, and reuses them: a note written before a restart reads after it.

use crate::{
    accounts::{sign_up_by_phone, staff::sign_in_by_email},
    booking::offer,
    on_both_backends,
    support::{Backend, TestApp, spawn_app_with},
};
use server::local_keys::{FILE_KEYS_FILE, SECRET_KEY_FILE};
use std::path::Path;

on_both_backends!(local_keys_are_made_once_kept_private_and_reused_after_a_restart);

const NOTE: &str = "Allergic to penicillin";

/// A server without keys in its environment, keeping them in `dir`, on `database_url`
/// (or a fresh database).
async fn start(backend: Backend, dir: &Path, database_url: Option<&str>) -> TestApp {
    let dir = dir.to_str().unwrap();
    let mut vars = vec![
        ("CALENTIFY_SECRET_KEY", ""),
        ("CALENTIFY_FILE_KEYS", ""),
        ("CALENTIFY_LOCAL_KEYS_DIR", dir),
    ];
    vars.extend(database_url.map(|url| ("DATABASE_URL", url)));
    spawn_app_with(backend, &vars).await
}

fn read_private(path: &Path) -> String {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).unwrap().permissions().mode();
    assert_eq!(
        mode & 0o777,
        0o600,
        "{} is readable by its owner only",
        path.display()
    );
    std::fs::read_to_string(path).unwrap()
}

async fn local_keys_are_made_once_kept_private_and_reused_after_a_restart(backend: Backend) {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("data");
    let mut first = start(backend, &dir, None).await;
    let secret = read_private(&dir.join(SECRET_KEY_FILE));
    let file_keys = read_private(&dir.join(FILE_KEYS_FILE));
    assert!(!secret.trim().is_empty() && file_keys.contains(':'));

    // A patient books with a note, encrypted with the generated file key.
    let patient = sign_up_by_phone(&first, "+966501110081", "Noted Patient").await;
    let (service, branch, provider) = offer(&first).await;
    let (_, free) = patient
        .fetch(
            "search_slots",
            &[
                ("slug", "nakheel"),
                ("service", &service),
                ("branch", &branch),
                ("provider", &provider),
            ],
        )
        .await;
    let start_at = free[0]["start"].as_str().unwrap().to_owned();
    let res = patient
        .call(
            "book_appointment",
            &[
                ("slug", "nakheel"),
                ("service", &service),
                ("branch", &branch),
                ("provider", &provider),
                ("start", &start_at),
                ("note", NOTE),
            ],
        )
        .await;
    assert!(res.status().is_redirection() || res.status() == 200);
    let (_, mine) = patient.fetch("my_appointments", &[]).await;
    let id = mine[0]["id"].as_str().unwrap().to_owned();
    first.stop();

    // Restarted on the same database and directory: the same keys, the note reads.
    let second = start(backend, &dir, Some(&first.db.url)).await;
    assert_eq!(read_private(&dir.join(SECRET_KEY_FILE)), secret);
    assert_eq!(read_private(&dir.join(FILE_KEYS_FILE)), file_keys);
    let owner = sign_in_by_email(&second, "owner@nakheel.example").await;
    let (status, details) = owner.fetch("get_appointment", &[("id", &id)]).await;
    assert_eq!(status, 200, "{details}");
    assert_eq!(details["note"].as_str(), Some(NOTE), "{details}");

    // A copy that others could read is made private again on the next start.
    {
        use std::os::unix::fs::PermissionsExt;
        let path = dir.join(SECRET_KEY_FILE);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let _third = start(backend, &dir, Some(&first.db.url)).await;
        assert_eq!(read_private(&path), secret);
    }
}
