//! The state every handler shares: the settings, the store and the cache of replayed portfolios.

use std::sync::Arc;

use imvo_risk::Analysis;
use imvo_store::Store;

use crate::cache::ReplayCache;
use crate::config::Settings;

/// Shared state of the server. Cheap to clone.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The configuration the server started with.
    pub settings: Arc<Settings>,
    /// The store (SQLite or PostgreSQL).
    pub store: Store,
    /// Replayed portfolios and their JSON, keyed by the store's last sequence number and date.
    pub cache: Arc<ReplayCache>,
    /// Taken by every write to the change log, so this server's writes queue rather than race
    /// (see [`crate::domain::append`]).
    pub writes: Arc<tokio::sync::Mutex<()>>,
    /// The sector risk analysis read at start (setting `risk`), if any.
    pub risk: Option<Arc<Analysis>>,
}

impl AppState {
    /// State over an open store.
    pub fn new(settings: Settings, store: Store) -> AppState {
        let poll = std::time::Duration::from_millis(settings.store_poll_ms);
        AppState {
            settings: Arc::new(settings),
            store,
            cache: Arc::new(ReplayCache::new(poll)),
            writes: Arc::new(tokio::sync::Mutex::new(())),
            risk: None,
        }
    }
}
