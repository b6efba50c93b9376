//! A binary copy of a parsed system beside its input (`<input>.imvo-cache`), so a second load
//! skips text parsing and runs at memory speed.
//!
//! The file starts with a header: magic, format version, the crate version, the reader used,
//! and a fingerprint of the input (every input file's relative path, size and modification time
//! in nanoseconds). A load whose input fingerprint differs, or whose cache does not decode,
//! parses the text again and rewrites the cache; a stale or damaged cache is never used and
//! never an error. The cache is written to a temporary file and renamed, so a reader never sees
//! half a cache; when the input's folder is read-only the load works without one.
//!
//! Matrices are stored column-major as little-endian `f64`; those at most half non-zero (such
//! as EXIOBASE's `A`, ≈ 15 %) as one bitmap of non-zeros per column plus the non-zero values,
//! which makes the cache of an EXIOBASE-sized `A` about a sixth of the dense size and lets
//! columns be decoded in parallel.

use std::io::Write;
use std::path::{Path, PathBuf};

use faer::reborrow::ReborrowMut;
use faer::{Mat, MatMut};
use rayon::prelude::*;

use crate::error::MrioError;
use crate::progress::Progress;
use crate::source::Source;
use crate::system::{EXTENSION_ARRAYS, Extension, Index, IoSystem, Labelled, TextColumn};

const MAGIC: &[u8; 8] = b"IMVOMRIO";
const VERSION: u32 = 1;

/// How to read an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A zip is read as EXIOBASE 3 (as `pymrio.parse_exiobase3`), a folder as pymrio's
    /// `load_all` reads it.
    Auto,
    /// pymrio's `load_all`.
    Pymrio,
    /// pymrio's `parse_exiobase3` (renames regions, `F_hh` → `F_Y`).
    Exiobase3,
}

/// What happened to the cache during a load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CacheStatus {
    /// The system came from the cache.
    Hit,
    /// The text was parsed and the cache written.
    Written,
    /// Caching was not asked for.
    Disabled,
    /// The text was parsed but the cache could not be written (the reason).
    NotWritten(String),
}

/// `<input>.imvo-cache`, beside the input folder or zip (the input's absolute path is used, so
/// `.` or `sys/` give `../<name>.imvo-cache` and `sys.imvo-cache`).
pub fn cache_path(input: &Path) -> PathBuf {
    let abs = std::fs::canonicalize(input).unwrap_or_else(|_| input.to_path_buf());
    let trimmed = abs.components().as_path();
    let mut s = trimmed.as_os_str().to_os_string();
    s.push(".imvo-cache");
    PathBuf::from(s)
}

/// Reads `input` (folder or zip) with `format`, using and refreshing the cache when
/// `use_cache` is set. The system returned has passed [`IoSystem::check`].
pub fn load(
    input: &Path,
    format: Format,
    use_cache: bool,
    progress: &dyn Progress,
) -> Result<(IoSystem, CacheStatus), MrioError> {
    let src = Source::open(input)?;
    let exiobase = match format {
        Format::Auto => matches!(src, Source::Zip { .. }),
        Format::Pymrio => false,
        Format::Exiobase3 => true,
    };
    let tag = if exiobase { 2u8 } else { 1u8 };
    let fingerprint = src.fingerprint()?;
    let cpath = cache_path(input);
    if use_cache && let Ok(bytes) = std::fs::read(&cpath) {
        progress.start("cache", bytes.len() as u64);
        let decoded = decode(&bytes, tag, &fingerprint);
        progress.finish();
        if let Some(sys) = decoded {
            return Ok((sys, CacheStatus::Hit));
        }
    }
    let mut sys = crate::pymrio::read_source(&src, progress)?;
    if exiobase {
        crate::exiobase::rename_regions(&mut sys);
    }
    sys.check()?;
    if !use_cache {
        return Ok((sys, CacheStatus::Disabled));
    }
    let status = match write_cache(&cpath, &sys, tag, &fingerprint) {
        Ok(()) => CacheStatus::Written,
        Err(e) => CacheStatus::NotWritten(e.to_string()),
    };
    Ok((sys, status))
}

fn write_cache(
    path: &Path,
    sys: &IoSystem,
    tag: u8,
    fingerprint: &[(String, u64, u128)],
) -> Result<(), MrioError> {
    let bytes = encode(sys, tag, fingerprint);
    let name = path
        .file_name()
        .map_or_else(|| "cache".into(), |n| n.to_string_lossy().into_owned());
    let tmp = path.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp).map_err(|e| MrioError::io(&tmp, e))?;
        f.write_all(&bytes).map_err(|e| MrioError::io(&tmp, e))?;
        f.sync_all().map_err(|e| MrioError::io(&tmp, e))?;
        std::fs::rename(&tmp, path).map_err(|e| MrioError::io(path, e))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

// ---------- encoding ----------

struct Enc(Vec<u8>);

impl Enc {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn str(&mut self, s: &str) {
        self.u64(s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
    }
    fn strs(&mut self, v: &[String]) {
        self.u64(v.len() as u64);
        for s in v {
            self.str(s);
        }
    }
    fn index(&mut self, idx: &Index) {
        self.strs(idx.names());
        for l in 0..idx.nlevels() {
            self.strs(idx.level(l));
        }
    }
    fn text(&mut self, t: &Option<TextColumn>) {
        match t {
            None => self.u8(0),
            Some(t) => {
                self.u8(1);
                self.index(&t.rows);
                self.str(&t.name);
                self.strs(&t.values);
            }
        }
    }
    fn matrix(&mut self, m: Option<&Labelled>) {
        let Some(m) = m else {
            self.u8(0);
            return;
        };
        self.u8(1);
        self.index(m.rows());
        self.index(m.cols());
        let d = m.data();
        let (nr, nc) = (d.nrows(), d.ncols());
        self.u64(nr as u64);
        self.u64(nc as u64);
        let mut nnz = 0usize;
        for j in 0..nc {
            let c = d.col(j);
            nnz += (0..nr).filter(|&i| c[i] != 0.0).count();
        }
        if nnz * 2 > nr * nc {
            self.u8(0);
            self.0.reserve(nr * nc * 8);
            for j in 0..nc {
                let c = d.col(j);
                for i in 0..nr {
                    self.0.extend_from_slice(&c[i].to_le_bytes());
                }
            }
        } else {
            self.u8(1);
            let words = nr.div_ceil(64);
            self.0.reserve(nc * (8 + words * 8) + nnz * 8);
            for j in 0..nc {
                let c = d.col(j);
                self.u64((0..nr).filter(|&i| c[i] != 0.0).count() as u64);
            }
            for j in 0..nc {
                let c = d.col(j);
                for w in 0..words {
                    let mut bits = 0u64;
                    for b in 0..64.min(nr - w * 64) {
                        if c[w * 64 + b] != 0.0 {
                            bits |= 1 << b;
                        }
                    }
                    self.u64(bits);
                }
            }
            for j in 0..nc {
                let c = d.col(j);
                for i in 0..nr {
                    if c[i] != 0.0 {
                        self.0.extend_from_slice(&c[i].to_le_bytes());
                    }
                }
            }
        }
    }
}

fn encode(sys: &IoSystem, tag: u8, fingerprint: &[(String, u64, u128)]) -> Vec<u8> {
    let mut e = Enc(Vec::new());
    e.0.extend_from_slice(MAGIC);
    e.0.extend_from_slice(&VERSION.to_le_bytes());
    e.str(env!("CARGO_PKG_VERSION"));
    e.u8(tag);
    e.u64(fingerprint.len() as u64);
    for (p, s, t) in fingerprint {
        e.str(p);
        e.u64(*s);
        e.0.extend_from_slice(&t.to_le_bytes());
    }
    e.str(&serde_json::to_string(&sys.meta).unwrap_or_default());
    for name in ["Z", "Y", "x", "A", "L", "population"] {
        e.matrix(sys.array(name));
    }
    e.text(&sys.unit);
    e.u64(sys.extensions.len() as u64);
    for ext in &sys.extensions {
        e.str(&ext.folder);
        e.str(&ext.name);
        e.text(&ext.unit);
        for name in EXTENSION_ARRAYS {
            e.matrix(ext.array(name));
        }
    }
    e.0
}

// ---------- decoding: every failure is `None` (reparse) ----------

struct Dec<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Dec<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.pos.checked_add(n)?;
        let s = self.b.get(self.pos..end)?;
        self.pos = end;
        Some(s)
    }
    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn len(&mut self) -> Option<usize> {
        let v = usize::try_from(self.u64()?).ok()?;
        // A length can never exceed the bytes left: guards allocations on damaged files.
        (v <= self.b.len()).then_some(v)
    }
    fn str(&mut self) -> Option<String> {
        let n = self.len()?;
        String::from_utf8(self.take(n)?.to_vec()).ok()
    }
    fn strs(&mut self) -> Option<Vec<String>> {
        let n = self.len()?;
        (0..n).map(|_| self.str()).collect()
    }
    fn index(&mut self) -> Option<Index> {
        let names = self.strs()?;
        let levels = (0..names.len())
            .map(|_| self.strs())
            .collect::<Option<Vec<_>>>()?;
        Index::new(names, levels).ok()
    }
    fn text(&mut self) -> Option<Option<TextColumn>> {
        Some(match self.u8()? {
            0 => None,
            _ => Some(TextColumn {
                rows: self.index()?,
                name: self.str()?,
                values: self.strs()?,
            }),
        })
    }
    fn matrix(&mut self) -> Option<Option<Labelled>> {
        if self.u8()? == 0 {
            return Some(None);
        }
        let rows = self.index()?;
        let cols = self.index()?;
        let nr = self.len()?;
        let nc = self.len()?;
        if nr != rows.len() || nc != cols.len() {
            return None;
        }
        let mut mat = Mat::<f64>::zeros(nr, nc);
        match self.u8()? {
            0 => {
                let raw = self.take(nr.checked_mul(nc)?.checked_mul(8)?)?;
                par_columns(mat.as_mut(), |j, mut col| {
                    let src = &raw[j * nr * 8..(j + 1) * nr * 8];
                    for (i, ch) in src.chunks_exact(8).enumerate() {
                        col[i] = f64::from_le_bytes(ch.try_into().unwrap_or_default());
                    }
                });
            }
            1 => {
                let words = nr.div_ceil(64);
                let counts = (0..nc)
                    .map(|_| self.len())
                    .collect::<Option<Vec<usize>>>()?;
                let bitmaps = self.take(nc.checked_mul(words)?.checked_mul(8)?)?;
                let total: usize = counts.iter().sum();
                let values = self.take(total.checked_mul(8)?)?;
                let mut offsets = Vec::with_capacity(nc + 1);
                let mut acc = 0usize;
                offsets.push(0);
                for c in &counts {
                    acc += c;
                    offsets.push(acc);
                }
                let ok = std::sync::atomic::AtomicBool::new(true);
                par_columns(mat.as_mut(), |j, mut col| {
                    let mut v = offsets[j];
                    let end = offsets[j + 1];
                    for w in 0..words {
                        let at = (j * words + w) * 8;
                        let mut bits =
                            u64::from_le_bytes(bitmaps[at..at + 8].try_into().unwrap_or_default());
                        while bits != 0 {
                            let b = bits.trailing_zeros() as usize;
                            bits &= bits - 1;
                            let i = w * 64 + b;
                            if i >= nr || v >= end {
                                ok.store(false, std::sync::atomic::Ordering::Relaxed);
                                return;
                            }
                            col[i] = f64::from_le_bytes(
                                values[v * 8..v * 8 + 8].try_into().unwrap_or_default(),
                            );
                            v += 1;
                        }
                    }
                    if v != end {
                        ok.store(false, std::sync::atomic::Ordering::Relaxed);
                    }
                });
                if !ok.into_inner() {
                    return None;
                }
            }
            _ => return None,
        }
        Labelled::new(rows, cols, mat).ok().map(Some)
    }
}

/// Runs `f(j, column j)` over all columns of `m` on the rayon pool, in blocks of columns.
fn par_columns<F>(m: MatMut<'_, f64>, f: F)
where
    F: Fn(usize, faer::ColMut<'_, f64>) + Sync,
{
    const B: usize = 32;
    let mut blocks = Vec::new();
    let mut rest = m;
    let mut start = 0;
    let nc = rest.ncols();
    while start < nc {
        let take = B.min(nc - start);
        let (head, tail) = rest.split_at_col_mut(take);
        blocks.push((start, head));
        rest = tail;
        start += take;
    }
    blocks.into_par_iter().for_each(|(s, mut blk)| {
        for k in 0..blk.ncols() {
            f(s + k, blk.rb_mut().col_mut(k));
        }
    });
}

fn decode(bytes: &[u8], tag: u8, fingerprint: &[(String, u64, u128)]) -> Option<IoSystem> {
    let mut d = Dec { b: bytes, pos: 0 };
    if d.take(8)? != MAGIC || u32::from_le_bytes(d.take(4)?.try_into().ok()?) != VERSION {
        return None;
    }
    if d.str()? != env!("CARGO_PKG_VERSION") || d.u8()? != tag {
        return None;
    }
    let n = d.len()?;
    if n != fingerprint.len() {
        return None;
    }
    for (p, s, t) in fingerprint {
        if d.str()? != *p || d.u64()? != *s {
            return None;
        }
        if u128::from_le_bytes(d.take(16)?.try_into().ok()?) != *t {
            return None;
        }
    }
    let mut sys = IoSystem {
        meta: serde_json::from_str(&d.str()?).ok()?,
        ..IoSystem::default()
    };
    for name in ["Z", "Y", "x", "A", "L", "population"] {
        *sys.array_slot(name)? = d.matrix()?;
    }
    sys.unit = d.text()?;
    let ne = d.len()?;
    for _ in 0..ne {
        let mut ext = Extension {
            folder: d.str()?,
            name: d.str()?,
            unit: d.text()?,
            ..Extension::default()
        };
        for name in EXTENSION_ARRAYS {
            *ext.array_slot(name)? = d.matrix()?;
        }
        sys.extensions.push(ext);
    }
    (d.pos == bytes.len()).then_some(sys)
}
