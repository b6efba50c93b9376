//! The cache file's layout: encoding a parsed system, and decoding it into matrices that stay
//! in the file's buffer until used (see [`crate::encoded`]).
//!
//! ```text
//! header   MAGIC, VERSION (u32), crate version, reader tag (u8), content key (u64)
//! meta     metadata.json as JSON text
//! indexes  count, then each distinct row or column index as a length-prefixed blob
//! arrays   Z Y x A L population, unit, extensions (folder, name, unit, 17 arrays); a matrix is
//!          flag, row index number, column index number, nrows, ncols, layout, numbers
//! ```
//!
//! Integers are little-endian u64 unless marked; texts are length-prefixed UTF-8. Each distinct
//! label index is stored once (an EXIOBASE-sized system uses its 7,987 industries a dozen
//! times) and decoded once per load, blobs in parallel. A decode failure of any kind is `None`:
//! the caller parses the input again, so a damaged or foreign cache is never an error.

use std::sync::Arc;

use rayon::prelude::*;

use crate::encoded::{Encoded, Layout};
use crate::system::{EXTENSION_ARRAYS, Extension, Index, IoSystem, Labelled, TextColumn};

const MAGIC: &[u8; 8] = b"IMVOMRIO";
/// Bumped whenever the layout changes; older caches are then parsed again and replaced.
const VERSION: u32 = 2;
const CORE: [&str; 6] = ["Z", "Y", "x", "A", "L", "population"];

struct Enc {
    out: Vec<u8>,
    indexes: Vec<Index>,
}

impl Enc {
    fn u8(&mut self, v: u8) {
        self.out.push(v);
    }
    fn u64(&mut self, v: u64) {
        self.out.extend_from_slice(&v.to_le_bytes());
    }
    fn str(&mut self, s: &str) {
        self.u64(s.len() as u64);
        self.out.extend_from_slice(s.as_bytes());
    }
    fn strs(&mut self, v: &[String]) {
        self.u64(v.len() as u64);
        for s in v {
            self.str(s);
        }
    }
    /// The number of `idx` in the index table, adding it when new.
    fn index_id(&mut self, idx: &Index) -> u64 {
        let id = match self.indexes.iter().position(|i| i == idx) {
            Some(p) => p,
            None => {
                self.indexes.push(idx.clone());
                self.indexes.len() - 1
            }
        };
        id as u64
    }
    fn text(&mut self, t: &Option<TextColumn>) {
        match t {
            None => self.u8(0),
            Some(t) => {
                self.u8(1);
                let id = self.index_id(&t.rows);
                self.u64(id);
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
        let (r, c) = (self.index_id(m.rows()), self.index_id(m.cols()));
        self.u64(r);
        self.u64(c);
        let (nr, nc) = (m.nrows(), m.ncols());
        self.u64(nr as u64);
        self.u64(nc as u64);
        let counts: Vec<usize> = (0..nc).map(|j| m.column_nnz(j)).collect();
        let nnz: usize = counts.iter().sum();
        if nnz * 2 > nr * nc {
            self.u8(0);
            let d = m.data();
            self.out.reserve(nr * nc * 8);
            for j in 0..nc {
                let col = d.col(j);
                for i in 0..nr {
                    self.out.extend_from_slice(&col[i].to_le_bytes());
                }
            }
        } else {
            self.u8(1);
            let words = nr.div_ceil(64);
            self.out.reserve(nc * (8 + words * 8) + nnz * 8);
            for &c in &counts {
                self.u64(c as u64);
            }
            let mut bitmap = vec![0u64; words];
            for j in 0..nc {
                bitmap.fill(0);
                m.for_each_nonzero(j, |i, _| bitmap[i / 64] |= 1 << (i % 64));
                for w in &bitmap {
                    self.u64(*w);
                }
            }
            for j in 0..nc {
                m.for_each_nonzero(j, |_, v| self.out.extend_from_slice(&v.to_le_bytes()));
            }
        }
    }
}

/// Encodes `sys`; `tag` says which reader made it, `content` the key of the input's bytes.
pub(super) fn encode(sys: &IoSystem, tag: u8, content: u64) -> Vec<u8> {
    let mut body = Enc {
        out: Vec::new(),
        indexes: Vec::new(),
    };
    for name in CORE {
        body.matrix(sys.array(name));
    }
    body.text(&sys.unit);
    body.u64(sys.extensions.len() as u64);
    for ext in &sys.extensions {
        body.str(&ext.folder);
        body.str(&ext.name);
        body.text(&ext.unit);
        for name in EXTENSION_ARRAYS {
            body.matrix(ext.array(name));
        }
    }
    let mut head = Enc {
        out: Vec::with_capacity(body.out.len() + (1 << 20)),
        indexes: Vec::new(),
    };
    head.out.extend_from_slice(MAGIC);
    head.out.extend_from_slice(&VERSION.to_le_bytes());
    head.str(env!("CARGO_PKG_VERSION"));
    head.u8(tag);
    head.u64(content);
    head.str(&serde_json::to_string(&sys.meta).unwrap_or_default());
    head.u64(body.indexes.len() as u64);
    for idx in &body.indexes {
        let mut blob = Enc {
            out: Vec::new(),
            indexes: Vec::new(),
        };
        blob.strs(idx.names());
        for l in 0..idx.nlevels() {
            blob.strs(idx.level(l));
        }
        head.u64(blob.out.len() as u64);
        head.out.extend_from_slice(&blob.out);
    }
    head.out.extend_from_slice(&body.out);
    head.out
}

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
}

fn index_blob(b: &[u8]) -> Option<Index> {
    let mut d = Dec { b, pos: 0 };
    let names = d.strs()?;
    let levels = (0..names.len())
        .map(|_| d.strs())
        .collect::<Option<Vec<_>>>()?;
    (d.pos == b.len()).then_some(())?;
    Index::new(names, levels).ok()
}

struct Body<'a> {
    d: Dec<'a>,
    buf: &'a Arc<Vec<u8>>,
    indexes: Vec<Index>,
}

impl Body<'_> {
    fn index(&mut self) -> Option<Index> {
        let id = self.d.len()?;
        self.indexes.get(id).cloned()
    }
    fn text(&mut self) -> Option<Option<TextColumn>> {
        Some(match self.d.u8()? {
            0 => None,
            _ => {
                let rows = self.index()?;
                let name = self.d.str()?;
                let values = self.d.strs()?;
                (values.len() == rows.len()).then_some(())?;
                Some(TextColumn { rows, name, values })
            }
        })
    }
    fn matrix(&mut self) -> Option<Option<Labelled>> {
        if self.d.u8()? == 0 {
            return Some(None);
        }
        let rows = self.index()?;
        let cols = self.index()?;
        let nr = self.d.len()?;
        let nc = self.d.len()?;
        if nr != rows.len() || nc != cols.len() {
            return None;
        }
        let layout = match self.d.u8()? {
            0 => {
                let at = self.d.pos;
                self.d.take(nr.checked_mul(nc)?.checked_mul(8)?)?;
                Layout::Dense { at }
            }
            1 => {
                let words = nr.div_ceil(64);
                let mut offsets = Vec::with_capacity(nc + 1);
                offsets.push(0usize);
                for _ in 0..nc {
                    let c = self.d.len()?;
                    (c <= nr).then_some(())?;
                    offsets.push(offsets.last()?.checked_add(c)?);
                }
                let bitmaps_at = self.d.pos;
                let bitmaps = self.d.take(nc.checked_mul(words)?.checked_mul(8)?)?;
                let values_at = self.d.pos;
                self.d.take(offsets.last()?.checked_mul(8)?)?;
                // Every column's bitmap must hold as many bits as its count, within nrows.
                let ok = (0..nc).into_par_iter().all(|j| {
                    let col = &bitmaps[j * words * 8..(j + 1) * words * 8];
                    let mut bits = 0usize;
                    for (w, ch) in col.chunks_exact(8).enumerate() {
                        let mut b = [0u8; 8];
                        b.copy_from_slice(ch);
                        let word = u64::from_le_bytes(b);
                        if w + 1 == words && nr % 64 != 0 && word >> (nr % 64) != 0 {
                            return false;
                        }
                        bits += word.count_ones() as usize;
                    }
                    bits == offsets[j + 1] - offsets[j]
                });
                ok.then_some(())?;
                Layout::Sparse {
                    bitmaps_at,
                    values_at,
                    offsets,
                }
            }
            _ => return None,
        };
        let enc = Encoded::new(self.buf.clone(), nr, nc, layout);
        Some(Some(Labelled::encoded(rows, cols, enc)))
    }
}

/// Decodes a cache written by [`encode`] for reader `tag` and input key `content`.
pub(super) fn decode(buf: Vec<u8>, tag: u8, content: u64) -> Option<IoSystem> {
    let buf = Arc::new(buf);
    let mut d = Dec { b: &buf, pos: 0 };
    if d.take(8)? != MAGIC || u32::from_le_bytes(d.take(4)?.try_into().ok()?) != VERSION {
        return None;
    }
    if d.str()? != env!("CARGO_PKG_VERSION") || d.u8()? != tag || d.u64()? != content {
        return None;
    }
    let meta = serde_json::from_str(&d.str()?).ok()?;
    let n = d.len()?;
    let blobs = (0..n)
        .map(|_| {
            let len = d.len()?;
            d.take(len)
        })
        .collect::<Option<Vec<&[u8]>>>()?;
    let indexes = blobs
        .into_par_iter()
        .map(index_blob)
        .collect::<Option<Vec<Index>>>()?;
    let mut body = Body {
        d,
        buf: &buf,
        indexes,
    };
    let mut sys = IoSystem {
        meta,
        ..IoSystem::default()
    };
    for name in CORE {
        *sys.array_slot(name)? = body.matrix()?;
    }
    sys.unit = body.text()?;
    let ne = body.d.len()?;
    for _ in 0..ne {
        let mut ext = Extension {
            folder: body.d.str()?,
            name: body.d.str()?,
            unit: body.text()?,
            ..Extension::default()
        };
        for name in EXTENSION_ARRAYS {
            *ext.array_slot(name)? = body.matrix()?;
        }
        sys.extensions.push(ext);
    }
    (body.d.pos == buf.len()).then_some(sys)
}

#[cfg(test)]
mod tests {
    use faer::Mat;

    use super::*;

    #[test]
    fn every_bit_comes_back_from_both_layouts() {
        let ind = Index::single("i", (0..70).map(|i| i.to_string()).collect());
        // Sparse: mostly zeros, a negative zero and subnormals among them.
        let mut sparse = Mat::<f64>::zeros(70, 70);
        sparse[(3, 4)] = -0.0;
        sparse[(69, 69)] = f64::MIN_POSITIVE / 4.0;
        sparse[(64, 0)] = -1.5;
        let dense = Mat::from_fn(70, 3, |i, j| (i * 3 + j) as f64 - 0.25);
        let cols = Index::single("c", vec!["a".into(), "b".into(), "c".into()]);
        let sys = IoSystem {
            z: Some(Labelled::new(ind.clone(), ind.clone(), sparse.clone()).unwrap()),
            y: Some(Labelled::new(ind, cols, dense.clone()).unwrap()),
            ..IoSystem::default()
        };
        let bytes = encode(&sys, 1, 42);
        assert!(
            decode(bytes.clone(), 1, 43).is_none(),
            "another input's key"
        );
        assert!(decode(bytes.clone(), 2, 42).is_none(), "another reader");
        let back = decode(bytes.clone(), 1, 42).unwrap();
        let bits = |m: &Mat<f64>| -> Vec<u64> {
            (0..m.ncols())
                .flat_map(|j| (0..m.nrows()).map(move |i| m[(i, j)].to_bits()))
                .collect()
        };
        assert_eq!(bits(back.z.as_ref().unwrap().data()), bits(&sparse));
        assert_eq!(bits(back.y.as_ref().unwrap().data()), bits(&dense));
        // Any truncation is refused, never a panic.
        for cut in (0..bytes.len()).step_by(7) {
            assert!(decode(bytes[..cut].to_vec(), 1, 42).is_none());
        }
    }
}
