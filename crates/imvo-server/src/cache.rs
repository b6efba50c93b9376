//! The cache of what reads make: portfolios as of dates, their JSON, pages, forecasts, letters.
//! Each depends only on the log (identified by its last sequence number, which only grows: see
//! `imvo_store::Store::last_seq`) and the as-of date. So a value is cached under
//! `(last_seq, key)` and is valid as long as the log has not grown.
//!
//! The replay of the whole log is not kept here: the server keeps it once, apart
//! ([`imvo_app::Head`]), and a portfolio as of a date not yet cached is that head cut back to
//! the date — milliseconds, not a replay — which shares the head's large parts (events,
//! activities, measurements). So what a cached portfolio weighs is what it does not share.
//!
//! Asking the store for `last_seq` on every request would cost a database round trip per read,
//! so the server remembers the last value it saw and asks again at most every `poll` interval.
//! Writes made through this server refresh it at once ([`ReplayCache::invalidate`]); writes by
//! another process (the CLI on the same store) show within `poll`.
//!
//! After a write every cached value is stale at once, and a burst of readers would all make the
//! same value (cut back the head, render the same letter) side by side.
//! [`ReplayCache::get_or_fill`] lets one request per key compute the value while the others wait
//! for it.
//!
//! # Bounded by size
//!
//! Values differ in size by orders of magnitude: a rendered page is kilobytes, a letter or a
//! portfolio of a long log megabytes. A bound on the number of entries would either keep far
//! too much or throw away the cheap ones, so the cache is bounded by bytes:
//! every value says what it weighs ([`Weigh`]), and when a new value would exceed the budget
//! the least recently used values are dropped first. A value heavier than the whole budget is
//! handed to its caller but not kept. The weights are estimates (see each `Weigh` impl): close
//! enough to keep the server's memory within its budget, cheap enough to compute on every fill.

use std::any::Any;
use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use imvo_store::Store;

/// The default budget: what the cached values of one log state may weigh together, beside the
/// head, which is kept apart. A portfolio of a million records cut back to a date weighs some
/// 5 MB beyond what it shares with the head (see [`Weigh`] for `Portfolio`), a letter a few
/// MB: the budget keeps those of dozens of dates. A smaller budget saves memory; what it drops
/// is made again in milliseconds (a portfolio) to seconds (a letter).
pub const DEFAULT_BUDGET: usize = 256 << 20;

/// What a cached value weighs in memory, in bytes: an estimate that counts its heap data.
pub trait Weigh {
    /// The estimate.
    fn weigh(&self) -> usize;
}

impl Weigh for bytes::Bytes {
    fn weigh(&self) -> usize {
        self.len()
    }
}

impl Weigh for Vec<u8> {
    fn weigh(&self) -> usize {
        self.capacity()
    }
}

impl Weigh for String {
    fn weigh(&self) -> usize {
        self.capacity()
    }
}

impl Weigh for u32 {
    fn weigh(&self) -> usize {
        std::mem::size_of::<u32>()
    }
}

/// What one thing a portfolio copies when cut back from the head weighs: an organisation, a
/// covenant, an agreement, a phase or role of a trajectory … with its ids, texts and source,
/// some 300 to 700 bytes in the generated log of `scripts/bench-replay.sh`. A log of longer
/// texts weighs more.
const COPIED_BYTES_PER_ITEM: usize = 512;

/// A portfolio cut back from the server's head: what it does not share with the head. It
/// shares the events and activities and every agreement's measurements (a few tree nodes of
/// its own); it copies the rest, which [`COPIED_BYTES_PER_ITEM`] estimates item by item.
impl Weigh for imvo_domain::Portfolio {
    fn weigh(&self) -> usize {
        let trajectories: usize = self
            .trajectories()
            .iter()
            .map(|t| 1 + t.phases.len() + t.roles.len() + t.initiatives.len())
            .sum();
        let items = trajectories
            + self.sra_chapters().len()
            + self.sectors().len()
            + self.organisations().len()
            + self.initiatives().len()
            + self.covenants().len()
            + self.agreements().len()
            + self.targets().len()
            + self.source_documents().len();
        4096 + items * COPIED_BYTES_PER_ITEM
    }
}

/// A forecast report: its distribution and per-trajectory chances, a few hundred bytes per
/// trajectory.
impl Weigh for imvo_app::TargetReport {
    fn weigh(&self) -> usize {
        4096 + 256 * (self.forecast.trajectories.len() + self.counted.len())
    }
}

/// Cached values of any type, keyed by log state and a string key (e.g. `portfolio:2015-07-10`).
#[derive(Debug)]
pub struct ReplayCache {
    poll: Duration,
    start: Instant,
    /// The last `last_seq` seen; -1 before the first look.
    known_seq: AtomicI64,
    /// When `known_seq` was last read from the store, in milliseconds since `start`.
    checked_ms: AtomicU64,
    /// What the cached values may weigh together.
    budget: usize,
    /// The cached values with the `last_seq` they were computed at.
    entries: RwLock<Entries>,
    /// A clock for least-recently-used eviction: bumped on every hit and fill.
    tick: AtomicU64,
    /// One lock per key being computed, so a value is computed once while others wait.
    fills: std::sync::Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

/// The values of one log state, with their total weight.
#[derive(Debug, Default)]
struct Entries {
    seq: i64,
    bytes: usize,
    values: HashMap<String, Cached>,
}

/// One cached value: of one concrete type per key, recovered by downcasting.
#[derive(Debug)]
struct Cached {
    value: Arc<dyn Any + Send + Sync>,
    bytes: usize,
    /// The tick of its last use.
    used: AtomicU64,
}

impl ReplayCache {
    /// An empty cache that re-reads the store's `last_seq` at most every `poll`, with the
    /// [`DEFAULT_BUDGET`].
    pub fn new(poll: Duration) -> ReplayCache {
        ReplayCache::with_budget(poll, DEFAULT_BUDGET)
    }

    /// An empty cache whose values may weigh `budget` bytes together.
    pub fn with_budget(poll: Duration, budget: usize) -> ReplayCache {
        ReplayCache {
            poll,
            start: Instant::now(),
            known_seq: AtomicI64::new(-1),
            checked_ms: AtomicU64::new(0),
            budget,
            entries: RwLock::new(Entries {
                seq: -1,
                ..Entries::default()
            }),
            tick: AtomicU64::new(0),
            fills: std::sync::Mutex::new(HashMap::new()),
        }
    }

    /// What the values cached now weigh together.
    pub fn weight(&self) -> usize {
        self.entries.read().unwrap_or_else(|e| e.into_inner()).bytes
    }

    /// The value for `key` at log state `seq`: from the cache, or made by `make` and kept. While
    /// one request makes the value for a key, other requests for that key wait and then take
    /// it, rather than making it again. A failed `make` keeps nothing; the next request tries
    /// again.
    pub async fn get_or_fill<T, E, F, Fut>(&self, seq: i64, key: &str, make: F) -> Result<Arc<T>, E>
    where
        T: Weigh + Any + Send + Sync,
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
        if guard.seq != seq {
            return None;
        }
        let cached = guard.values.get(key)?;
        cached
            .used
            .store(self.tick.fetch_add(1, Ordering::Relaxed), Ordering::Relaxed);
        cached.value.clone().downcast::<T>().ok()
    }

    /// Keeps `value` for `key` at log state `seq` (values of older states are dropped), making
    /// room by dropping the least recently used values; a value heavier than the budget is not
    /// kept.
    pub fn put<T: Weigh + Any + Send + Sync>(&self, seq: i64, key: String, value: Arc<T>) {
        let bytes = value.weigh() + key.len();
        let mut guard = self.entries.write().unwrap_or_else(|e| e.into_inner());
        if guard.seq != seq {
            if guard.seq > seq {
                return; // a newer state is cached already
            }
            *guard = Entries {
                seq,
                ..Entries::default()
            };
        }
        if let Some(old) = guard.values.remove(&key) {
            guard.bytes -= old.bytes;
        }
        if bytes > self.budget {
            return;
        }
        while guard.bytes + bytes > self.budget {
            let Some(oldest) = guard
                .values
                .iter()
                .min_by_key(|(_, c)| c.used.load(Ordering::Relaxed))
                .map(|(k, _)| k.clone())
            else {
                break;
            };
            if let Some(old) = guard.values.remove(&oldest) {
                guard.bytes -= old.bytes;
            }
        }
        guard.bytes += bytes;
        let used = AtomicU64::new(self.tick.fetch_add(1, Ordering::Relaxed));
        guard.values.insert(key, Cached { value, bytes, used });
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

    #[test]
    fn values_are_bounded_by_weight_least_recently_used_first() {
        let c = ReplayCache::with_budget(Duration::from_secs(1), 100);
        let value = |n: usize| Arc::new(vec![0u8; n]);
        c.put(1, "a".into(), value(40));
        c.put(1, "b".into(), value(40));
        assert!(
            c.get::<Vec<u8>>(1, "a").is_some(),
            "a is now the more recent"
        );
        c.put(1, "c".into(), value(40));
        assert!(
            c.get::<Vec<u8>>(1, "b").is_none(),
            "b was least recently used"
        );
        assert!(c.get::<Vec<u8>>(1, "a").is_some() && c.get::<Vec<u8>>(1, "c").is_some());
        assert!(c.weight() <= 100, "{}", c.weight());
        // Too heavy to keep at all: nothing is dropped for it.
        c.put(1, "d".into(), value(500));
        assert!(c.get::<Vec<u8>>(1, "d").is_none() && c.get::<Vec<u8>>(1, "a").is_some());
        // Replacing a value counts its weight once.
        c.put(1, "a".into(), value(40));
        assert!(c.weight() <= 100, "{}", c.weight());
    }
}
