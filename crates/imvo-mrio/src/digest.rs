//! Content hashes of the files a read goes through: the cache keys a system on them, so a
//! changed file is read again. Apart from both the readers and the cache, which both need it.

use rayon::prelude::*;

/// Hashes of every file a read went through, for the cache's content key.
#[derive(Debug, Default)]
pub(crate) struct Digests(std::sync::Mutex<Vec<(String, u64)>>);

impl Digests {
    pub(crate) fn record(&self, rel: &str, bytes: &[u8]) {
        let h = content_hash(bytes);
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((rel.to_string(), h));
    }

    /// The key of everything recorded (in path order, so reading order does not matter) and
    /// of the reader `tag`.
    pub(crate) fn key(&self, tag: u8) -> u64 {
        let mut all = self.0.lock().unwrap_or_else(|e| e.into_inner()).clone();
        all.sort();
        let mut text = vec![tag];
        for (rel, h) in all {
            text.extend_from_slice(rel.as_bytes());
            text.push(0);
            text.extend_from_slice(&h.to_le_bytes());
        }
        content_hash(&text)
    }
}

/// xxHash64 of `bytes`, 16 MB chunks on all cores, combined in order.
pub(crate) fn content_hash(bytes: &[u8]) -> u64 {
    const CHUNK: usize = 16 << 20;
    let parts: Vec<u8> = bytes
        .par_chunks(CHUNK)
        .map(xxh)
        .collect::<Vec<u64>>()
        .into_iter()
        .flat_map(u64::to_le_bytes)
        .collect();
    xxh(&parts) ^ (bytes.len() as u64).rotate_left(17)
}

/// Seed of every hash here ("imvo"); changing it invalidates every cache.
const SEED: u64 = 0x696d_766f;

/// xxHash64 of `bytes` with the seed of every imvo hash.
pub(crate) fn xxh(bytes: &[u8]) -> u64 {
    twox_hash::XxHash64::oneshot(SEED, bytes)
}
