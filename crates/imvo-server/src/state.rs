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
    /// Every write to the change log goes through it: writes queue rather than race, and are
    /// validated against the log it keeps replayed (see [`crate::domain::append`]).
    pub writes: Arc<imvo_app::Writer>,
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
            writes: Arc::new(imvo_app::Writer::new()),
            risk: None,
        }
    }
}
