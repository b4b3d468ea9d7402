//! Keys for a local run (`CALENTIFY_LOCAL_KEYS_DIR`): generated on the first start into
//! files only their owner can read, and reused on every later start, so notes and files
//! encrypted in one run are readable in the next. A deployment sets the keys in its
//! environment instead (an `https` public URL requires that), and then these files are
//! never read or written.

use crate::config::{Settings, parse_secret_key};
use app::ssr::{crypto::random_bytes, vault::Vault};
use base64::Engine;
use std::{
    fs, io,
    io::Write,
    path::{Path, PathBuf},
};

/// The secret key, base64, as `CALENTIFY_SECRET_KEY` takes it.
pub const SECRET_KEY_FILE: &str = "secret_key";
/// The file keys, `id:base64key`, as `CALENTIFY_FILE_KEYS` takes them.
pub const FILE_KEYS_FILE: &str = "file_keys";

#[derive(Debug, thiserror::Error)]
pub enum LocalKeysError {
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error("{}: {reason} (delete the file to generate a new key)", path.display())]
    Invalid { path: PathBuf, reason: String },
}

/// Fills the keys the environment left unset from the local keys directory, if one is
/// configured.
pub fn fill(mut settings: Settings) -> Result<Settings, LocalKeysError> {
    let Some(dir) = settings.local_keys_dir.clone() else {
        return Ok(settings);
    };
    let b64 = |bytes: [u8; 32]| base64::engine::general_purpose::STANDARD.encode(bytes);
    if settings.secret_key.is_none() {
        let path = dir.join(SECRET_KEY_FILE);
        let text = read_or_create(&path, || b64(random_bytes::<32>()))?;
        let key = parse_secret_key(&text).map_err(|reason| LocalKeysError::Invalid {
            path,
            reason: reason.to_owned(),
        })?;
        settings.secret_key = Some(key);
    }
    if settings.file_keys.is_none() {
        let path = dir.join(FILE_KEYS_FILE);
        let text = read_or_create(&path, || format!("local:{}", b64(random_bytes::<32>())))?;
        let vault = Vault::parse(&text).map_err(|e| LocalKeysError::Invalid {
            path,
            reason: e.to_string(),
        })?;
        settings.file_keys = Some(vault);
    }
    Ok(settings)
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> LocalKeysError + '_ {
    move |source| LocalKeysError::Io {
        path: path.to_owned(),
        source,
    }
}

/// The file's text, writing `make()` into it first when it does not exist yet.
///
/// The new key is written under a temporary name and linked into place, which fails
/// rather than replaces when the file appeared meanwhile: two servers starting at once
/// end up with the same key, and nobody reads a half-written file.
fn read_or_create(path: &Path, make: impl FnOnce() -> String) -> Result<String, LocalKeysError> {
    match fs::read_to_string(path) {
        Ok(text) => {
            keep_private(path)?;
            return Ok(text);
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(io_error(path)(e)),
    }
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(io_error(dir))?;
    }
    let suffix = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(random_bytes::<9>());
    let tmp = path.with_extension(format!("new-{suffix}"));
    let written = write_private(&tmp, &make()).and_then(|()| match fs::hard_link(&tmp, path) {
        Err(e) if e.kind() != io::ErrorKind::AlreadyExists => Err(e),
        _ => Ok(()),
    });
    let _ = fs::remove_file(&tmp);
    written.map_err(io_error(path))?;
    tracing::info!(path = %path.display(), "generated a local key");
    fs::read_to_string(path).map_err(io_error(path))
}

fn write_private(path: &Path, text: &str) -> io::Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(text.as_bytes())?;
    file.write_all(b"\n")?;
    file.sync_all()
}

/// Takes away any access by others a key file was given (by a copy, an editor, a umask).
fn keep_private(path: &Path) -> Result<(), LocalKeysError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(path)
            .map_err(io_error(path))?
            .permissions()
            .mode();
        if mode & 0o077 != 0 {
            tracing::warn!(path = %path.display(), "a local key file was readable by others; restricting it to its owner");
            fs::set_permissions(path, fs::Permissions::from_mode(0o600)).map_err(io_error(path))?;
        }
    }
    Ok(())
}
