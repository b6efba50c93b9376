//! Snapshots: saved replays, so that the portfolio as of a date is a saved replay cut back to
//! it, or continued with the records after it, not the whole log replayed.
//!
//! # Design
//!
//! - **What**: a snapshot is a [`Portfolio`] — the read model, which is all the state the rules
//!   need — saved in its sections (`imvo_domain::Section`): the core (trajectories, covenants,
//!   organisations … small) and the four large parts (events, government and stakeholder
//!   activities, agreements with their measurements: nearly all of the state of a long log).
//! - **Where**: in the store, table `replay_snapshot` (migration 5, the same on SQLite and
//!   PostgreSQL; see `imvo_store::snapshot`), so the CLI, which starts afresh for every
//!   command, and every server on the same store share them, and a store moved by export and
//!   import simply rebuilds them (they are a cache: not exported, deletable at will).
//! - **When it holds**: a snapshot *through D at log state S* is the replay of every record
//!   effective on or before D among records 1..=S. It still is for the log as it is now exactly
//!   when no record appended after S is dated on or before D. A back-dated record therefore
//!   invalidates the snapshots through its date and later, and none before it. The store
//!   checks this in the query that finds a snapshot, so a stale one is never read, whoever
//!   appended (this server, another one, the CLI).
//! - **How a replay uses one**: the portfolio as of A = the latest valid snapshot, whatever its
//!   date D: when A < D, cut back to A ([`Portfolio::rewind`], equal to the replay as of A: every
//!   addition to the read model keeps its record's date); when A > D, continued with the records
//!   effective after D in (effective, seq) order — the same order and checks as a full replay —
//!   and cut back to A. A test compares both with a full replay for many dates, also after a
//!   back-dated record; a property test of the domain compares a rewind with a replay.
//! - **When one is made**: a replay that needs the records after the latest snapshot applies
//!   all of them, to the end of the log, and saves the result when they were many (at least
//!   [`SNAPSHOT_AFTER`]) or when applying them had to decode a large section (an event, an
//!   activity, a measurement): decoding those costs a second, which the next replay is then
//!   spared. A snapshot is saved through the date of its last record (not through A, which may
//!   lie in the future: a snapshot through the last record's date is not invalidated by records
//!   added later between that date and A). The latest serves every date; the
//!   [`KEEP_SNAPSHOTS`] − 1 earlier ones are there for when a back-dated record made the later
//!   ones stale. A server's head (`crate::Head`), which decodes everything anyway, saves one
//!   when it replayed many records.
//! - **Encoding** ([`format()`]): a header with the length and CRC-32 of each section, then the
//!   sections, each in postcard (serde, binary, no field names: several times smaller and
//!   faster to decode than the JSON of the first format); the large ones also deflated (their
//!   texts repeat: the snapshot of a million records shrinks some tenfold, so reading it from
//!   the store takes tens of milliseconds). Reading a snapshot checks every section's CRC and
//!   decodes the core only; a large section is inflated and decoded the first time the
//!   portfolio needs it (`imvo portfolio` and `imvo target` never do), and the sections decode
//!   side by side when all are wanted at once ([`decode_all`], for a server's head).
//! - **Never trusted across builds**: postcard has no field names, so bytes of another shape
//!   could decode as something else. The format's name therefore carries the shape of the read
//!   model ([`imvo_domain::SHAPE`], a fingerprint of the domain's source): a reader looks up
//!   only snapshots of its own format, and saving one deletes those of other formats. A
//!   snapshot of its format that still does not decode (a bad header, a CRC that does not match,
//!   a core that does not read) is ignored, and the replay starts from the first record and
//!   saves a good one in its place.

use std::io::Read;
use std::ops::Range;
use std::sync::LazyLock;

use flate2::Compression;
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use imvo_domain::{Portfolio, Section, SectionReader};
use serde::de::DeserializeOwned;

use crate::{AppError, Result};

/// The name of the encoding of the snapshots this build writes and reads: the encoding's
/// version and the shape of the read model ([`imvo_domain::SHAPE`]).
pub fn format() -> &'static str {
    static FORMAT: LazyLock<String> =
        LazyLock::new(|| format!("portfolio-sections-3-{}", imvo_domain::SHAPE));
    &FORMAT
}

/// A replay that applied at least this many records beyond its snapshot saves its result.
/// Below it — unless they made it decode a large section — applying the records again costs
/// less than saving a snapshot would save.
pub const SNAPSHOT_AFTER: usize = 20_000;

/// How many snapshots are kept (the latest by date).
pub const KEEP_SNAPSHOTS: usize = 4;

/// The bytes of the header: per section, its length (u64) and CRC-32 (u32), little-endian.
const HEADER: usize = 12 * Section::ALL.len();

/// Whether a section is deflated: the large ones, where it pays.
fn deflated(section: Section) -> bool {
    section != Section::Core
}

/// One section's bytes: postcard, streamed through the deflater for a large section.
fn encode_section(p: &Portfolio, section: Section) -> Vec<u8> {
    let value = p.section(section);
    if !deflated(section) {
        return postcard::to_allocvec(&value).expect("a portfolio serialises to postcard");
    }
    let deflater = DeflateEncoder::new(Vec::new(), Compression::default());
    postcard::to_io(&value, deflater)
        .expect("a portfolio serialises to postcard")
        .finish()
        .expect("deflating into memory does not fail")
}

/// A portfolio as snapshot bytes. The sections are encoded side by side.
pub fn encode(p: &Portfolio) -> Vec<u8> {
    let parts: Vec<Vec<u8>> = std::thread::scope(|s| {
        let handles: Vec<_> = Section::ALL
            .iter()
            .map(|section| s.spawn(move || encode_section(p, *section)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("encoding does not panic"))
            .collect()
    });
    let mut out = Vec::with_capacity(HEADER + parts.iter().map(Vec::len).sum::<usize>());
    for part in &parts {
        out.extend_from_slice(&(part.len() as u64).to_le_bytes());
        out.extend_from_slice(&crc(part).to_le_bytes());
    }
    for part in &parts {
        out.extend_from_slice(part);
    }
    out
}

/// Snapshot bytes back as the portfolio they were made from, its large sections left to
/// decode when first needed.
pub fn decode(data: Vec<u8>) -> Result<Portfolio> {
    let sections = Sections::new(data).map_err(corrupt)?;
    Portfolio::from_sections(sections).map_err(corrupt)
}

/// Decodes every large section of `p` that is not yet, side by side, and lets go of the
/// snapshot's bytes: for a portfolio kept for long (a server's head).
pub fn decode_all(p: &mut Portfolio) {
    std::thread::scope(|s| {
        let shared = &*p;
        for section in Section::LARGE {
            s.spawn(move || shared.decode_section(section));
        }
    });
    p.settle();
}

/// The CRC-32 of a section's bytes.
fn crc(bytes: &[u8]) -> u32 {
    let mut crc = flate2::Crc::new();
    crc.update(bytes);
    crc.sum()
}

fn corrupt(message: String) -> AppError {
    AppError::Inconsistent(format!("a replay snapshot does not decode: {message}"))
}

/// The sections of a snapshot's bytes.
struct Sections {
    data: Vec<u8>,
    ranges: Vec<Range<usize>>,
}

impl Sections {
    /// Checks the header and every section against it: the lengths add up to the bytes there
    /// are, and each section's CRC matches. A large section is decoded long after this, by an
    /// accessor that cannot fail, so damaged bytes are refused here, while the snapshot can
    /// still be ignored.
    fn new(data: Vec<u8>) -> std::result::Result<Sections, String> {
        let header = data
            .get(..HEADER)
            .ok_or_else(|| format!("{} bytes are too few for the header", data.len()))?;
        let mut ranges = Vec::with_capacity(Section::ALL.len());
        let mut start = HEADER;
        for (chunk, section) in header.chunks_exact(12).zip(Section::ALL) {
            let (len, sum) = chunk.split_at(8);
            let len = u64::from_le_bytes(len.try_into().expect("8 bytes"));
            let sum = u32::from_le_bytes(sum.try_into().expect("4 bytes"));
            let end = usize::try_from(len)
                .ok()
                .and_then(|len| start.checked_add(len))
                .filter(|end| *end <= data.len())
                .ok_or_else(|| format!("a section of {len} bytes overruns the data"))?;
            if crc(&data[start..end]) != sum {
                return Err(format!(
                    "section {}: the CRC does not match",
                    section.name()
                ));
            }
            ranges.push(start..end);
            start = end;
        }
        if start != data.len() {
            return Err(format!(
                "{} bytes after the last section",
                data.len() - start
            ));
        }
        Ok(Sections { data, ranges })
    }
}

impl SectionReader for Sections {
    type Error = String;

    fn read<T: DeserializeOwned>(&self, section: Section) -> std::result::Result<T, String> {
        let at = Section::ALL
            .iter()
            .position(|s| *s == section)
            .expect("every section is in ALL");
        let bytes = &self.data[self.ranges[at].clone()];
        let fail = |e: &dyn std::fmt::Display| format!("section {}: {e}", section.name());
        if deflated(section) {
            let mut plain = Vec::new();
            DeflateDecoder::new(bytes)
                .read_to_end(&mut plain)
                .map_err(|e| fail(&e))?;
            postcard::from_bytes(&plain).map_err(|e| fail(&e))
        } else {
            postcard::from_bytes(bytes).map_err(|e| fail(&e))
        }
    }
}
