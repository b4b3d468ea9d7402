//! Encryption at rest for notes and files: AES-256-GCM with keys from configuration.
//!
//! Every ciphertext records the id of the key that made it, so keys can rotate: new data
//! uses the active key, old data stays readable while its key is configured. The
//! associated data binds a ciphertext to the row it belongs to, so a ciphertext copied
//! into another row does not decrypt.

use aes_gcm::{
    Aes256Gcm, Key, Nonce,
    aead::{Aead, KeyInit, Payload},
};
use secrecy::{ExposeSecret, SecretSlice};
use std::{collections::HashMap, fmt};

#[derive(Clone)]
pub struct Vault {
    active: String,
    keys: HashMap<String, SecretSlice<u8>>,
}

impl fmt::Debug for Vault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Vault")
            .field("active", &self.active)
            .field("keys", &self.keys.keys().collect::<Vec<_>>())
            .finish()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VaultError {
    #[error("no encryption key with id `{0}` is configured")]
    UnknownKey(String),
    #[error("the data could not be decrypted (wrong key or tampered)")]
    Decrypt,
    #[error("encryption failed")]
    Encrypt,
    #[error("invalid key list: {0}")]
    Config(String),
}

/// An encrypted value and what is needed to open it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sealed {
    pub key_id: String,
    pub nonce: Vec<u8>,
    pub ciphertext: Vec<u8>,
}

impl Vault {
    /// Parses `id:base64key,id:base64key`; the first key is the active one. Each key is
    /// 32 random bytes (`openssl rand -base64 32`).
    pub fn parse(list: &str) -> Result<Self, VaultError> {
        use base64::Engine;
        let mut keys = HashMap::new();
        let mut active = None;
        for entry in list.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let (id, b64) = entry
                .split_once(':')
                .ok_or_else(|| VaultError::Config("each key is written id:base64".into()))?;
            let id = id.trim();
            if id.is_empty()
                || !id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                return Err(VaultError::Config(format!(
                    "key id `{id}` must be letters, digits, - or _"
                )));
            }
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(b64.trim())
                .map_err(|_| VaultError::Config(format!("key `{id}` is not base64")))?;
            if bytes.len() != 32 {
                return Err(VaultError::Config(format!(
                    "key `{id}` must be 32 bytes, got {}",
                    bytes.len()
                )));
            }
            if keys
                .insert(id.to_owned(), SecretSlice::from(bytes))
                .is_some()
            {
                return Err(VaultError::Config(format!("key `{id}` is listed twice")));
            }
            active.get_or_insert_with(|| id.to_owned());
        }
        let active = active.ok_or_else(|| VaultError::Config("no key given".into()))?;
        Ok(Self { active, keys })
    }

    /// A vault with one random key, for development and tests. Data sealed with it is
    /// unreadable after a restart.
    pub fn ephemeral() -> Self {
        let mut keys = HashMap::new();
        keys.insert(
            "ephemeral".to_owned(),
            SecretSlice::from(super::crypto::random_bytes::<32>().to_vec()),
        );
        Self {
            active: "ephemeral".to_owned(),
            keys,
        }
    }

    pub fn active_key_id(&self) -> &str {
        &self.active
    }

    fn cipher(&self, id: &str) -> Result<Aes256Gcm, VaultError> {
        let key = self
            .keys
            .get(id)
            .ok_or_else(|| VaultError::UnknownKey(id.to_owned()))?;
        Ok(Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(
            key.expose_secret(),
        )))
    }

    /// Encrypts with the active key and a fresh random 96-bit nonce.
    pub fn seal(&self, plaintext: &[u8], context: &[u8]) -> Result<Sealed, VaultError> {
        let nonce = super::crypto::random_bytes::<12>();
        let ciphertext = self
            .cipher(&self.active)?
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: plaintext,
                    aad: context,
                },
            )
            .map_err(|_| VaultError::Encrypt)?;
        Ok(Sealed {
            key_id: self.active.clone(),
            nonce: nonce.to_vec(),
            ciphertext,
        })
    }

    pub fn open(&self, sealed: &Sealed, context: &[u8]) -> Result<Vec<u8>, VaultError> {
        if sealed.nonce.len() != 12 {
            return Err(VaultError::Decrypt);
        }
        self.cipher(&sealed.key_id)?
            .decrypt(
                Nonce::from_slice(&sealed.nonce),
                Payload {
                    msg: &sealed.ciphertext,
                    aad: context,
                },
            )
            .map_err(|_| VaultError::Decrypt)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const K1: &str = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    const K2: &str = "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=";

    #[test]
    fn sealed_data_opens_only_with_its_key_and_context() {
        let v = Vault::parse(&format!("k1:{K1}")).unwrap();
        let s = v.seal(b"blood test report", b"file:1").unwrap();
        assert_ne!(s.ciphertext, b"blood test report");
        assert_eq!(v.open(&s, b"file:1").unwrap(), b"blood test report");
        assert_eq!(
            v.open(&s, b"file:2"),
            Err(VaultError::Decrypt),
            "bound to its row"
        );
        let mut tampered = s.clone();
        tampered.ciphertext[0] ^= 1;
        assert_eq!(v.open(&tampered, b"file:1"), Err(VaultError::Decrypt));
    }

    #[test]
    fn keys_rotate_without_losing_old_data() {
        let old = Vault::parse(&format!("k1:{K1}")).unwrap();
        let s = old.seal(b"note", b"n").unwrap();
        let rotated = Vault::parse(&format!("k2:{K2},k1:{K1}")).unwrap();
        assert_eq!(rotated.active_key_id(), "k2");
        assert_eq!(rotated.open(&s, b"n").unwrap(), b"note");
        assert_eq!(rotated.seal(b"x", b"n").unwrap().key_id, "k2");
        let dropped = Vault::parse(&format!("k2:{K2}")).unwrap();
        assert_eq!(
            dropped.open(&s, b"n"),
            Err(VaultError::UnknownKey("k1".into()))
        );
    }

    #[test]
    fn bad_key_lists_are_refused() {
        for list in [
            "",
            "k1",
            "k1:notbase64!",
            "k1:c2hvcnQ=",
            &format!("k1:{K1},k1:{K2}"),
            &format!("bad id:{K1}"),
        ] {
            assert!(Vault::parse(list).is_err(), "{list}");
        }
        assert!(!format!("{:?}", Vault::parse(&format!("k1:{K1}")).unwrap()).contains(K1));
    }
}
