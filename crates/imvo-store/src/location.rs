//! Where a store lives: parsing what the user gave to `--db` / `IMVO_DATABASE_URL`.

use std::path::PathBuf;

use crate::error::StoreError;

/// A parsed store location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A SQLite database file (created when missing).
    SqliteFile(PathBuf),
    /// A private in-memory SQLite database (`sqlite::memory:`), gone when the store closes.
    SqliteMemory,
    /// A PostgreSQL database URL (`postgres://` or `postgresql://`).
    Postgres(String),
}

impl Location {
    /// Parses `s`: a plain path (`imvo.db`, `/var/lib/imvo/imvo.db`), `sqlite:PATH`,
    /// `sqlite://PATH` (`sqlite:///abs/path` for an absolute path), `sqlite::memory:`, or a
    /// `postgres://` / `postgresql://` URL. Any other `scheme://` is refused rather than
    /// mistaken for a file name.
    pub fn parse(s: &str) -> Result<Location, StoreError> {
        let bad = |reason: &str| StoreError::BadLocation {
            location: s.to_owned(),
            reason: reason.to_owned(),
        };
        let trimmed = s.trim();
        if trimmed.is_empty() {
            return Err(bad("it is empty"));
        }
        if trimmed.starts_with("postgres://") || trimmed.starts_with("postgresql://") {
            return Ok(Location::Postgres(trimmed.to_owned()));
        }
        if let Some(rest) = trimmed.strip_prefix("sqlite:") {
            if rest == ":memory:" || rest == "//:memory:" {
                return Ok(Location::SqliteMemory);
            }
            let path = rest.strip_prefix("//").unwrap_or(rest);
            if path.is_empty() {
                return Err(bad("the sqlite: URL names no file"));
            }
            if path.contains('?') {
                return Err(bad(
                    "sqlite: URLs with ?options are not supported; name the file only",
                ));
            }
            return Ok(Location::SqliteFile(PathBuf::from(path)));
        }
        if let Some((scheme, _)) = trimmed.split_once("://")
            && !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '+')
        {
            return Err(bad(&format!("the scheme {scheme}:// is not supported")));
        }
        Ok(Location::SqliteFile(PathBuf::from(s)))
    }

    /// The location for messages: the file path, or the URL with any password hidden.
    pub fn display(&self) -> String {
        match self {
            Location::SqliteFile(p) => p.display().to_string(),
            Location::SqliteMemory => "sqlite::memory:".into(),
            Location::Postgres(url) => redact(url),
        }
    }
}

/// `url` with the password (between `user:` and `@` in the authority) replaced by `***`.
fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}{tail}"),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_form() {
        assert_eq!(
            Location::parse("imvo.db").unwrap(),
            Location::SqliteFile("imvo.db".into())
        );
        assert_eq!(
            Location::parse("sqlite:a/b.db").unwrap(),
            Location::SqliteFile("a/b.db".into())
        );
        assert_eq!(
            Location::parse("sqlite://b.db").unwrap(),
            Location::SqliteFile("b.db".into())
        );
        assert_eq!(
            Location::parse("sqlite:///tmp/c.db").unwrap(),
            Location::SqliteFile("/tmp/c.db".into())
        );
        assert_eq!(
            Location::parse("sqlite::memory:").unwrap(),
            Location::SqliteMemory
        );
        assert_eq!(
            Location::parse("postgresql://u@h/d").unwrap(),
            Location::Postgres("postgresql://u@h/d".into())
        );
        assert!(Location::parse("mysql://u@h/d").is_err());
        assert!(Location::parse("  ").is_err());
        assert!(Location::parse("sqlite:").is_err());
    }

    #[test]
    fn hides_passwords() {
        assert_eq!(
            redact("postgres://u:secret@h:5432/d"),
            "postgres://u:***@h:5432/d"
        );
        assert_eq!(redact("postgres://u@h/d"), "postgres://u@h/d");
    }
}
