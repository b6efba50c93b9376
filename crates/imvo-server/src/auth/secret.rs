//! The comparison of CSRF tokens. The secrets themselves (password hashes, session and token
//! secrets, their digests, a session's CSRF token) are made by the account use cases in
//! [`imvo_app::accounts::secret`]; comparing what a request sends is the HTTP layer's job.

use subtle::ConstantTimeEq;

/// Compares two tokens in constant time, so the time an answer takes tells nothing about how
/// much of a guessed token was right.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_compare_exactly() {
        assert!(same("abc", "abc") && !same("abc", "abd") && !same("abc", "ab"));
    }
}
