//! The cache of replayed portfolios. Replaying the change log is the expensive part of a read;
//! its result depends only on the log (identified by its last sequence number, which only grows:
//! see `imvo_store::Store::last_seq`) and the as-of date. So a value is cached under
//! `(last_seq, key)` and is valid as long as the log has not grown.
//!
//! Asking the store for `last_seq` on every request would cost a database round trip per read,
//! so the server remembers the last value it saw and asks again at most every `poll` interval.
//! Writes made through this server refresh it at once ([`ReplayCache::invalidate`]); writes by
//! another process (the CLI on the same store) show within `poll`.
//!
//! After a write every cached value is stale at once, and a burst of readers would all replay
//! the log (or render the same letter) side by side. [`ReplayCache::get_or_fill`] lets one
//! request per key compute the value while the others wait for it.

use std::any::Any;
use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use imvo_store::Store;

/// Most entries kept for one log state; beyond that the cache starts afresh.
const MAX_ENTRIES: usize = 256;

/// Cached values of any type, keyed by log state and a string key (e.g. `portfolio:2015-07-10`).
#[derive(Debug)]
pub struct ReplayCache {
    poll: Duration,
    start: Instant,
    /// The last `last_seq` seen; -1 before the first look.
    known_seq: AtomicI64,
    /// When `known_seq` was last read from the store, in milliseconds since `start`.
    checked_ms: AtomicU64,
    /// The cached values with the `last_seq` they were computed at.
    entries: RwLock<(i64, Entries)>,
    /// One lock per key being computed, so a value is computed once while others wait.
    fills: std::sync::Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

/// Cached values by key; each key's value has one concrete type, recovered by downcasting.
type Entries = HashMap<String, Arc<dyn Any + Send + Sync>>;

impl ReplayCache {
    /// An empty cache that re-reads the store's `last_seq` at most every `poll`.
    pub fn new(poll: Duration) -> ReplayCache {
        ReplayCache {
            poll,
            start: Instant::now(),
            known_seq: AtomicI64::new(-1),
            checked_ms: AtomicU64::new(0),
            entries: RwLock::new((-1, HashMap::new())),
            fills: std::sync::Mutex::new(HashMap::new()),
        }
    }

    /// The value for `key` at log state `seq`: from the cache, or made by `make` and kept. While
    /// one request makes the value for a key, other requests for that key wait and then take
    /// it, rather than making it again. A failed `make` keeps nothing; the next request tries
    /// again.
    pub async fn get_or_fill<T, E, F, Fut>(&self, seq: i64, key: &str, make: F) -> Result<Arc<T>, E>
    where
        T: Any + Send + Sync,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, E>>,
    {
        if let Some(v) = self.get(seq, key) {
            return Ok(v);
        }
        let turn = FillTurn::take(self, key);
        let lock = turn.lock.clone().expect("set until dropped");
        let _guard = lock.lock().await;
        match self.get(seq, key) {
            Some(v) => Ok(v),
            None => make().await.map(|v| {
                let v = Arc::new(v);
                self.put(seq, key.to_string(), v.clone());
                v
            }),
        }
    }

    /// The store's last sequence number, from memory when it was read within `poll`.
    pub async fn current_seq(&self, store: &Store) -> Result<i64, imvo_store::StoreError> {
        let now = self.start.elapsed().as_millis() as u64;
        let known = self.known_seq.load(Ordering::Acquire);
        let checked = self.checked_ms.load(Ordering::Acquire);
        if known >= 0 && now.saturating_sub(checked) < self.poll.as_millis() as u64 {
            return Ok(known);
        }
        let seq = store.last_seq().await?;
        self.known_seq.fetch_max(seq, Ordering::AcqRel);
        self.checked_ms.store(now, Ordering::Release);
        Ok(self.known_seq.load(Ordering::Acquire))
    }

    /// Forget the remembered `last_seq`, so the next read asks the store (after a write).
    pub fn invalidate(&self) {
        self.known_seq.store(-1, Ordering::Release);
    }

    /// The value cached for `key` at log state `seq`, if any.
    pub fn get<T: Any + Send + Sync>(&self, seq: i64, key: &str) -> Option<Arc<T>> {
        let guard = self.entries.read().unwrap_or_else(|e| e.into_inner());
        if guard.0 != seq {
            return None;
        }
        guard
            .1
            .get(key)
            .cloned()
            .and_then(|v| v.downcast::<T>().ok())
    }

    /// Keeps `value` for `key` at log state `seq` (values of older states are dropped).
    pub fn put<T: Any + Send + Sync>(&self, seq: i64, key: String, value: Arc<T>) {
        let mut guard = self.entries.write().unwrap_or_else(|e| e.into_inner());
        if guard.0 != seq {
            if guard.0 > seq {
                return; // a newer state is cached already
            }
            guard.0 = seq;
            guard.1.clear();
        }
        if guard.1.len() >= MAX_ENTRIES {
            guard.1.clear();
        }
        guard.1.insert(key, value);
    }
}

/// A request's share of a key's fill lock. Dropping it (also when the request is cancelled
/// mid-way) forgets the lock once no other request holds it, so the map of locks does not grow
/// with every date ever asked for.
struct FillTurn<'a> {
    cache: &'a ReplayCache,
    key: String,
    lock: Option<Arc<tokio::sync::Mutex<()>>>,
}

impl<'a> FillTurn<'a> {
    fn take(cache: &'a ReplayCache, key: &str) -> FillTurn<'a> {
        let mut fills = cache.fills.lock().unwrap_or_else(|e| e.into_inner());
        let lock = fills.entry(key.to_string()).or_default().clone();
        FillTurn {
            cache,
            key: key.to_string(),
            lock: Some(lock),
        }
    }
}

impl Drop for FillTurn<'_> {
    fn drop(&mut self) {
        let mut fills = self.cache.fills.lock().unwrap_or_else(|e| e.into_inner());
        self.lock = None;
        if fills
            .get(&self.key)
            .is_some_and(|l| Arc::strong_count(l) == 1)
        {
            fills.remove(&self.key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_misses_compute_a_value_once() {
        let cache = Arc::new(ReplayCache::new(Duration::from_secs(1)));
        let made = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..16 {
            let (cache, made) = (cache.clone(), made.clone());
            tasks.push(tokio::spawn(async move {
                cache
                    .get_or_fill(7, "portfolio:2015-07-10", || async {
                        made.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        Ok::<_, ()>(42u32)
                    })
                    .await
            }));
        }
        for t in tasks {
            assert_eq!(*t.await.unwrap().unwrap(), 42);
        }
        assert_eq!(made.load(Ordering::SeqCst), 1, "made once, shared by all");
        assert!(
            cache.fills.lock().unwrap().is_empty(),
            "no lock left behind"
        );
        // A failure keeps nothing: the next request makes the value.
        let failed = cache
            .get_or_fill(8, "k", || async { Err::<u32, _>("no") })
            .await;
        assert!(failed.is_err() && cache.get::<u32>(8, "k").is_none());
    }

    #[test]
    fn values_are_kept_per_log_state() {
        let c = ReplayCache::new(Duration::from_secs(1));
        c.put(3, "a".into(), Arc::new(1u32));
        assert_eq!(c.get::<u32>(3, "a").as_deref(), Some(&1));
        assert!(c.get::<u32>(4, "a").is_none());
        assert!(c.get::<String>(3, "a").is_none());
        c.put(4, "b".into(), Arc::new(2u32));
        assert!(c.get::<u32>(3, "a").is_none());
        c.put(3, "a".into(), Arc::new(1u32));
        assert!(c.get::<u32>(4, "a").is_none() && c.get::<u32>(4, "b").is_some());
    }
}
