//! Configuration: built-in defaults, then an optional TOML file, then `IMVO_`-prefixed
//! environment variables (`IMVO_ADDR`, `IMVO_DATABASE_URL`, `IMVO_SESSION_TTL_MINUTES`, …), the
//! later overriding the earlier. Command-line flags override all three (the CLI sets them on the
//! returned value).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

/// Everything the server needs to start.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Where to listen. Port 0 picks a free port (tests).
    pub addr: SocketAddr,
    /// The store: a SQLite path, `sqlite:PATH` or a `postgres://` URL.
    pub database_url: String,
    /// Largest request body accepted, in bytes; larger bodies get 413.
    pub max_body_bytes: usize,
    /// How long a login session lasts, in minutes.
    pub session_ttl_minutes: i64,
    /// Failed logins allowed per username within `login_window_minutes` before logins for that
    /// username are refused (429) until the window has passed.
    pub login_max_failures: i64,
    /// The window of the failed-login limit, in minutes.
    pub login_window_minutes: i64,
    /// Whether cookies carry the `Secure` flag. Keep it on; browsers accept secure cookies from
    /// `http://localhost` and `http://127.0.0.1`.
    pub cookie_secure: bool,
    /// How long the replayed portfolio may be served from the cache before the server asks the
    /// store whether another process (the CLI) has written, in milliseconds. Writes through this
    /// server invalidate the cache at once.
    pub store_poll_ms: u64,
    /// The tracing filter (`RUST_LOG` syntax).
    pub log: String,
    /// The sector risk analysis to serve: an `analysis.json` written by `imvo risk demo`.
    /// Without it the risk routes answer 404 saying how to add one.
    pub risk: Option<PathBuf>,
    /// The disclosure threshold of the covenants' public due-diligence figures: the least
    /// number of companies a published figure rests on (at least 3; see
    /// `imvo_diligence::disclosure`).
    pub disclosure_k: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            database_url: "imvo.db".to_string(),
            max_body_bytes: 256 * 1024,
            session_ttl_minutes: 8 * 60,
            login_max_failures: 5,
            login_window_minutes: 15,
            cookie_secure: true,
            store_poll_ms: 1000,
            log: "info,sqlx=warn".to_string(),
            risk: None,
            disclosure_k: 5,
        }
    }
}

/// A configuration that could not be read.
#[derive(Debug, thiserror::Error)]
#[error("configuration: {0}")]
pub struct ConfigError(#[from] Box<figment::Error>);

/// The least disclosure threshold the server accepts: below 3, a company could subtract its own
/// figure from a published one and learn another's.
pub const MIN_DISCLOSURE_K: usize = 3;

impl Settings {
    /// The disclosure threshold of the public due-diligence figures (`disclosure_k`).
    pub fn threshold(&self) -> imvo_diligence::Threshold {
        imvo_diligence::Threshold::with_k(self.disclosure_k)
    }

    /// Defaults, then `file` (when given; it must exist), then the `IMVO_` environment.
    pub fn load(file: Option<&Path>) -> Result<Settings, ConfigError> {
        let mut figment = Figment::from(Serialized::defaults(Settings::default()));
        if let Some(file) = file {
            if !file.is_file() {
                return Err(ConfigError(Box::new(figment::Error::from(format!(
                    "the configuration file {} does not exist",
                    file.display()
                )))));
            }
            figment = figment.merge(Toml::file_exact(file));
        }
        figment = figment.merge(Env::prefixed("IMVO_").only(&[
            "addr",
            "database_url",
            "max_body_bytes",
            "session_ttl_minutes",
            "login_max_failures",
            "login_window_minutes",
            "cookie_secure",
            "store_poll_ms",
            "log",
            "risk",
            "disclosure_k",
        ]));
        let settings: Settings = figment.extract().map_err(|e| ConfigError(Box::new(e)))?;
        if settings.disclosure_k < MIN_DISCLOSURE_K {
            return Err(ConfigError(Box::new(figment::Error::from(format!(
                "disclosure_k = {}: the public due-diligence figures must rest on at least {MIN_DISCLOSURE_K} companies each",
                settings.disclosure_k
            )))));
        }
        Ok(settings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_overrides_the_defaults_and_names_bad_fields() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("imvo.toml");
        std::fs::write(&path, "addr = \"127.0.0.1:9999\"\nmax_body_bytes = 1000\n").unwrap();
        let s = Settings::load(Some(&path)).unwrap();
        assert_eq!(s.addr.port(), 9999);
        assert_eq!(s.max_body_bytes, 1000);

        std::fs::write(&path, "max_body_bytes = \"lots\"\n").unwrap();
        let err = Settings::load(Some(&path)).unwrap_err().to_string();
        assert!(err.contains("max_body_bytes"), "{err}");

        let err = Settings::load(Some(&dir.path().join("missing.toml")))
            .unwrap_err()
            .to_string();
        assert!(err.contains("missing.toml"), "{err}");
    }
}
