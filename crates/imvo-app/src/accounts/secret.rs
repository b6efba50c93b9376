//! Secrets: argon2 password hashes, random tokens and the SHA-256 digests they are stored by,
//! and the CSRF token bound to a session. Here, in the use-case layer, so that the server and
//! the CLI hash a password the same way and neither needs the other.

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// The shortest password accepted for a new account.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// The longest password accepted, in bytes: argon2 would hash a longer one, slowly, so a long
/// password is a cheap way to keep the server busy.
const MAX_PASSWORD_BYTES: usize = 1000;

/// A password that cannot be hashed (too short, too long).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    /// Shorter than [`MIN_PASSWORD_CHARS`].
    #[error("the password is too short: use at least {MIN_PASSWORD_CHARS} characters")]
    TooShort,
    /// Longer than 1,000 bytes.
    #[error("the password is too long: use at most 1000 bytes")]
    TooLong,
    /// The hasher failed, or its worker thread did.
    #[error("the password could not be hashed or checked: {0}")]
    Hash(String),
}

/// The argon2id PHC string of `password` with a fresh random salt.
pub fn hash_password(password: &str) -> Result<String, PasswordError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(PasswordError::TooShort);
    }
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(PasswordError::TooLong);
    }
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| PasswordError::Hash(e.to_string()))
}

/// Whether `password` matches the PHC string `phc`. A malformed hash never matches.
pub fn verify_password(password: &str, phc: &str) -> bool {
    if password.len() > MAX_PASSWORD_BYTES {
        return false;
    }
    match PasswordHash::new(phc) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// A hash to verify against when the username does not exist, so that the answer takes as
/// long as for a real account and does not tell which usernames exist.
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password("not-a-real-password-at-all").unwrap_or_default())
}

/// A new random secret (32 bytes, URL-safe base64) with a prefix that says what it is
/// (`imvo_s_` for sessions, `imvo_t_` for API tokens), so leaked ones are recognisable.
pub fn new_secret(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    format!("{prefix}{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// The digest a secret is stored and looked up by: hex SHA-256. Session ids and API tokens are
/// long random values, so a fast digest is enough; only the digest is kept in the database.
pub fn digest(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// The CSRF token of a session: derived from the session secret, which only the browser's
/// HttpOnly cookie holds, so another site can neither read nor compute it.
pub fn csrf_for_session(session_secret: &str) -> String {
    let mut h = Sha256::new();
    h.update(b"imvo-csrf\0");
    h.update(session_secret.as_bytes());
    URL_SAFE_NO_PAD.encode(h.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_only_themselves() {
        let h = hash_password("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", &h));
        assert!(!verify_password("correct horse batterY", &h));
        assert!(!verify_password("x", "not a hash"));
        assert_eq!(hash_password("short"), Err(PasswordError::TooShort));
        assert_eq!(
            hash_password(&"x".repeat(MAX_PASSWORD_BYTES + 1)),
            Err(PasswordError::TooLong)
        );
    }

    #[test]
    fn secrets_are_fresh_and_digests_stable() {
        let a = new_secret("imvo_t_");
        let b = new_secret("imvo_t_");
        assert_ne!(a, b);
        assert!(a.starts_with("imvo_t_") && a.len() > 40);
        assert_eq!(digest(&a), digest(&a));
        assert_eq!(digest(&a).len(), 64);
        assert_ne!(csrf_for_session(&a), csrf_for_session(&b));
    }
}
