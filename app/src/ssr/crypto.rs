//! Random tokens and keyed hashes, from well-kept crates.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::{Digest, Sha256};

/// Cryptographically secure random bytes (rand's thread RNG: ChaCha seeded from the OS).
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    rand::rng().fill_bytes(&mut bytes);
    bytes
}

/// A 256-bit random token, URL-safe, for cookies and links.
pub fn random_token() -> String {
    URL_SAFE_NO_PAD.encode(random_bytes::<32>())
}

/// A uniformly random six-digit code.
pub fn random_code() -> String {
    // Rejection sampling keeps every code equally likely.
    loop {
        let n = u32::from_le_bytes(random_bytes::<4>());
        if n < 4_294_000_000 {
            return format!("{:06}", n % 1_000_000);
        }
    }
}

/// SHA-256, for looking up tokens that are random enough not to need a key.
pub fn sha256(data: &[u8]) -> Vec<u8> {
    Sha256::digest(data).to_vec()
}

/// HMAC-SHA256 under the server's secret key, for values that could be guessed
/// (six-digit codes, IP addresses).
pub fn keyed_hash(key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else {
        // HMAC accepts keys of any length; this branch cannot be taken.
        return sha256(&parts.concat());
    };
    for part in parts {
        mac.update(&(part.len() as u64).to_be_bytes());
        mac.update(part);
    }
    mac.finalize().into_bytes().to_vec()
}

/// Compares secrets in constant time.
pub fn same(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_and_distinct() {
        let a = random_token();
        assert_eq!(a.len(), 43);
        assert_ne!(a, random_token());
    }

    #[test]
    fn codes_are_six_digits() {
        for _ in 0..1000 {
            let c = random_code();
            assert_eq!(c.len(), 6);
            assert!(c.bytes().all(|b| b.is_ascii_digit()));
        }
    }

    #[test]
    fn keyed_hashes_depend_on_key_and_framing() {
        let k = b"k";
        assert_ne!(keyed_hash(k, &[b"ab", b"c"]), keyed_hash(k, &[b"a", b"bc"]));
        assert_ne!(keyed_hash(k, &[b"x"]), keyed_hash(b"other", &[b"x"]));
        assert!(same(&keyed_hash(k, &[b"x"]), &keyed_hash(k, &[b"x"])));
    }
}
