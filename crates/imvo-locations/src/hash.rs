//! Hashing without randomness: stable FNV-1a for what is stored or compared across runs
//! (fingerprints, blocking keys), and a fast hasher for the index's maps, whose keys are
//! already hashes or short words. The standard library's SipHash is built to resist
//! attackers choosing keys; here the keys come from our own normalisation and speed matters.

use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a over the parts, each followed by a separator byte: stable across runs, platforms
/// and versions of Rust.
pub fn fnv(parts: &[&[u8]]) -> u64 {
    let mut h = Fnv::new();
    for p in parts {
        h.part(p);
    }
    h.finish()
}

/// FNV-1a, fed byte by byte.
#[derive(Debug, Clone, Copy)]
pub struct Fnv(u64);

impl Fnv {
    /// The FNV-1a offset basis.
    pub fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    /// Feeds one byte.
    pub fn byte(&mut self, b: u8) {
        self.0 ^= u64::from(b);
        self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
    }

    /// Feeds bytes and then the separator 0x1F, so that ("ab", "c") and ("a", "bc") differ.
    pub fn part(&mut self, bytes: &[u8]) {
        bytes.iter().for_each(|&b| self.byte(b));
        self.byte(0x1f);
    }

    /// The hash.
    pub fn finish(&self) -> u64 {
        self.0
    }
}

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv::new()
    }
}

/// The Fx hasher (as in rustc): a multiply and rotate per word.
#[derive(Debug, Clone, Copy, Default)]
pub struct FxHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Builds [`FxHasher`]s for maps.
pub type FxBuild = BuildHasherDefault<FxHasher>;

/// A map with the fast hasher.
pub type FxMap<K, V> = std::collections::HashMap<K, V, FxBuild>;
