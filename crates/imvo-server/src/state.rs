//! The state every handler shares: the settings, the store, the replay of the whole log and
//! the cache of what is made from it.

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
    /// Portfolios as of dates and what is made of them (JSON, pages, reports), keyed by the
    /// store's last sequence number and the date.
    pub cache: Arc<ReplayCache>,
    /// The replay of the whole log, kept once: a read of a date not yet cached cuts it back,
    /// and every write to the change log goes through it — writes queue rather than race, and
    /// are validated against it (see [`crate::domain`]).
    pub head: Arc<imvo_app::Head>,
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
            head: Arc::new(imvo_app::Head::new()),
            risk: None,
        }
    }
}
