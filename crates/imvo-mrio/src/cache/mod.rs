//! A binary copy of each parsed input in the user's cache directory, so that a second load
//! skips parsing and runs at the speed of one large read.
//!
//! # Where
//! [`default_dir`]: `$IMVO_CACHE_DIR` when set (tests and scripts point it at a temporary
//! folder), else the platform's cache directory — `$XDG_CACHE_HOME/imvo/mrio`, or
//! `~/.cache/imvo/mrio` on Linux, `~/Library/Caches/imvo/mrio` on macOS,
//! `%LOCALAPPDATA%\imvo\mrio` on Windows. Nothing is written beside the input, so read-only
//! inputs (a mounted EXIOBASE download) are cached too, and input folders stay clean.
//!
//! # Keyed by content
//! A cache file is named by a 64-bit xxHash of the input's bytes (every file the reader read,
//! with its path inside the input) and the reader used (pymrio or EXIOBASE): the same tables
//! copied elsewhere share one cache file, and an edited file can never hit a stale one. Hashing
//! every byte on each load would cost more than the load itself, so a small record per input
//! path and reader (`inputs/<hash of the path>-<reader>.json`) remembers the input's fingerprint — each file's
//! size and modification time — and the content key it had; a load whose fingerprint matches
//! goes straight to the cache file, any other parses, hashes what it read, and writes both.
//! A cache file no record points to any more is deleted when its record moves on.
//!
//! # Never an error
//! A missing, stale, foreign or damaged cache is parsed again and rewritten; a cache that
//! cannot be written (read-only home, full disk) is reported in [`CacheStatus::NotWritten`]
//! and the load still succeeds. Files are written to a temporary name and renamed, so no
//! reader ever sees half a file.

mod codec;

use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::digest::{Digests, xxh};
use crate::error::MrioError;
use crate::progress::Progress;
use crate::source::Source;
use crate::system::IoSystem;

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

/// The cache directory: `$IMVO_CACHE_DIR`, else the platform's user cache directory plus
/// `imvo/mrio` (module docs); `None` when neither can be found (no home directory).
pub fn default_dir() -> Option<PathBuf> {
    let var = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if let Some(d) = var("IMVO_CACHE_DIR") {
        return Some(d);
    }
    let base = if cfg!(windows) {
        var("LOCALAPPDATA")
    } else if cfg!(target_os = "macos") {
        var("HOME").map(|h| h.join("Library/Caches"))
    } else {
        var("XDG_CACHE_HOME")
            .filter(|p| p.is_absolute())
            .or_else(|| var("HOME").map(|h| h.join(".cache")))
    };
    base.map(|b| b.join("imvo").join("mrio"))
}

/// Reads `input` (folder or zip) with `format`, using and refreshing the cache in
/// [`default_dir`] when `use_cache` is set. The system returned has passed
/// [`IoSystem::check`].
pub fn load(
    input: &Path,
    format: Format,
    use_cache: bool,
    progress: &dyn Progress,
) -> Result<(IoSystem, CacheStatus), MrioError> {
    if !use_cache {
        return load_in(input, format, None, progress);
    }
    match default_dir() {
        Some(dir) => load_in(input, format, Some(&dir), progress),
        None => {
            let (sys, _) = load_in(input, format, None, progress)?;
            Ok((
                sys,
                CacheStatus::NotWritten(
                    "no cache directory (no home directory); set IMVO_CACHE_DIR".into(),
                ),
            ))
        }
    }
}

/// The record kept per input path.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
struct Record {
    input: String,
    reader: u8,
    fingerprint: Vec<(String, u64, u64)>,
    content: String,
}

fn hex(v: u64) -> String {
    format!("{v:016x}")
}

/// Like [`load`], with the cache in `dir` (created when missing), or no cache when `None`.
pub fn load_in(
    input: &Path,
    format: Format,
    dir: Option<&Path>,
    progress: &dyn Progress,
) -> Result<(IoSystem, CacheStatus), MrioError> {
    let src = Source::open(input)?;
    let exiobase = match format {
        Format::Auto => matches!(src, Source::Zip { .. }),
        Format::Pymrio => false,
        Format::Exiobase3 => true,
    };
    let tag = if exiobase { 2u8 } else { 1u8 };
    let parse = |digests: Option<&Digests>| -> Result<IoSystem, MrioError> {
        let mut sys = crate::pymrio::read_source_with(&src, progress, digests)?;
        if exiobase {
            crate::exiobase::rename_regions(&mut sys);
        }
        sys.check()?;
        Ok(sys)
    };
    let Some(dir) = dir else {
        return Ok((parse(None)?, CacheStatus::Disabled));
    };
    let abs = std::fs::canonicalize(input).unwrap_or_else(|_| input.to_path_buf());
    let abs_text = abs.to_string_lossy().into_owned();
    let fingerprint: Vec<(String, u64, u64)> = src
        .fingerprint()?
        .into_iter()
        .map(|(p, s, t)| (p, s, u64::try_from(t).unwrap_or(u64::MAX)))
        .collect();
    let record_path = dir
        .join("inputs")
        .join(format!("{}-{tag}.json", hex(xxh(abs_text.as_bytes()))));
    let previous: Option<Record> = std::fs::read(&record_path)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok());
    if let Some(r) = &previous
        && r.input == abs_text
        && r.reader == tag
        && r.fingerprint == fingerprint
        && let Ok(content) = u64::from_str_radix(&r.content, 16)
        && let Ok(bytes) = read_file(&dir.join(format!("{}.imvo-cache", r.content)))
    {
        progress.start("cache", bytes.len() as u64);
        let decoded = codec::decode(bytes, tag, content);
        progress.finish();
        if let Some(sys) = decoded {
            return Ok((sys, CacheStatus::Hit));
        }
    }
    let digests = Digests::default();
    let sys = parse(Some(&digests))?;
    let content = digests.key(tag);
    let record = Record {
        input: abs_text,
        reader: tag,
        fingerprint,
        content: hex(content),
    };
    let status = match store(dir, &sys, tag, content, &record, &record_path, previous) {
        Ok(()) => CacheStatus::Written,
        Err(e) => CacheStatus::NotWritten(e.to_string()),
    };
    Ok((sys, status))
}

/// Writes the cache file (unless one with this content exists) and the record, then removes
/// the previous content's file when no record points to it any more.
fn store(
    dir: &Path,
    sys: &IoSystem,
    tag: u8,
    content: u64,
    record: &Record,
    record_path: &Path,
    previous: Option<Record>,
) -> Result<(), MrioError> {
    let inputs = dir.join("inputs");
    std::fs::create_dir_all(&inputs).map_err(|e| MrioError::io(&inputs, e))?;
    let file = dir.join(format!("{}.imvo-cache", record.content));
    let fresh = std::fs::read(&file)
        .ok()
        .is_some_and(|b| codec::decode(b, tag, content).is_some());
    if !fresh {
        write_atomic(&file, &codec::encode(sys, tag, content))?;
    }
    let json = serde_json::to_vec(record).map_err(|e| MrioError::Json {
        path: record_path.to_path_buf(),
        message: e.to_string(),
    })?;
    write_atomic(record_path, &json)?;
    if let Some(old) = previous
        && old.content != record.content
        && !referenced(&inputs, &old.content)
    {
        let _ = std::fs::remove_file(dir.join(format!("{}.imvo-cache", old.content)));
    }
    Ok(())
}

/// Whether any record in `inputs` points to `content`.
fn referenced(inputs: &Path, content: &str) -> bool {
    let Ok(rd) = std::fs::read_dir(inputs) else {
        return true;
    };
    rd.flatten().any(|e| {
        std::fs::read(e.path())
            .ok()
            .and_then(|b| serde_json::from_slice::<Record>(&b).ok())
            .is_some_and(|r| r.content == content)
    })
}

fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), MrioError> {
    let name = path
        .file_name()
        .map_or_else(|| "cache".into(), |n| n.to_string_lossy().into_owned());
    let tmp = path.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp).map_err(|e| MrioError::io(&tmp, e))?;
        f.write_all(bytes).map_err(|e| MrioError::io(&tmp, e))?;
        f.sync_all().map_err(|e| MrioError::io(&tmp, e))?;
        std::fs::rename(&tmp, path).map_err(|e| MrioError::io(path, e))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Reads a whole file with one positioned read per 16 MB piece, the pieces on all cores: the
/// copy from the page cache and the page faults of the new buffer are shared between cores.
#[cfg(unix)]
fn read_file(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::os::unix::fs::FileExt;
    const PIECE: usize = 16 << 20;
    let f = std::fs::File::open(path)?;
    let len = usize::try_from(f.metadata()?.len())
        .map_err(|_| std::io::Error::other("the cache file is too large"))?;
    let mut buf = vec![0u8; len];
    buf.par_chunks_mut(PIECE)
        .enumerate()
        .try_for_each(|(i, piece)| f.read_exact_at(piece, (i * PIECE) as u64))?;
    Ok(buf)
}

/// Reads a whole file (one read where positioned reads are not available).
#[cfg(not(unix))]
fn read_file(path: &Path) -> std::io::Result<Vec<u8>> {
    std::fs::read(path)
}
