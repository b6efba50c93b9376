//! Numbers still in the cache's binary layout, decoded on first use.
//!
//! A cached load reads the cache file once into memory and hands out matrices that point into
//! it. The numbers are decoded into a dense `faer::Mat` only when someone asks for the dense
//! view ([`crate::Labelled::data`]); the computations that need no dense view — the sparse
//! iteration built from `Z`, row sums, the finiteness check — read the encoded form directly
//! ([`crate::Labelled::for_each_nonzero`]). This is what a memory-mapped cache would give,
//! done in safe code: `#![forbid(unsafe_code)]` rules out mapping the file and reinterpreting
//! its bytes, so the file is read with one large read and values are decoded with
//! `f64::from_le_bytes`, which compiles to plain loads.
//!
//! Layouts (all little-endian, column-major):
//! - dense: `nrows · ncols` values;
//! - sparse (matrices at most half non-zero, such as EXIOBASE's `A` and `Z`): one bitmap of
//!   non-zeros per column (`⌈nrows/64⌉` words), then the non-zero values column by column.

use std::sync::Arc;

use faer::reborrow::ReborrowMut;
use faer::{Mat, MatMut};
use rayon::prelude::*;

/// Columns decoded per parallel task.
const BLOCK: usize = 32;

/// How the values lie in the buffer.
#[derive(Debug, Clone)]
pub(crate) enum Layout {
    /// `nrows · ncols` values from `at`.
    Dense {
        /// Byte offset of the first value.
        at: usize,
    },
    /// Bitmaps from `bitmaps_at`, values from `values_at`; column `j`'s values are numbers
    /// `offsets[j]..offsets[j + 1]`.
    Sparse {
        /// Byte offset of the first bitmap word.
        bitmaps_at: usize,
        /// Byte offset of the first value.
        values_at: usize,
        /// Value index where each column starts, and the total at the end.
        offsets: Vec<usize>,
    },
}

/// A matrix in the cache buffer. Constructed only by the cache decoder, which has checked that
/// every offset lies inside the buffer and that the bitmaps agree with the counts.
#[derive(Clone)]
pub(crate) struct Encoded {
    buf: Arc<Vec<u8>>,
    nrows: usize,
    ncols: usize,
    layout: Layout,
}

impl std::fmt::Debug for Encoded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Encoded")
            .field("nrows", &self.nrows)
            .field("ncols", &self.ncols)
            .field("sparse", &matches!(self.layout, Layout::Sparse { .. }))
            .finish()
    }
}

#[inline]
fn value(buf: &[u8], at: usize) -> f64 {
    let mut b = [0u8; 8];
    b.copy_from_slice(&buf[at..at + 8]);
    f64::from_le_bytes(b)
}

#[inline]
fn word(buf: &[u8], at: usize) -> u64 {
    let mut b = [0u8; 8];
    b.copy_from_slice(&buf[at..at + 8]);
    u64::from_le_bytes(b)
}

impl Encoded {
    /// Wraps a checked layout (see the type's docs).
    pub(crate) fn new(buf: Arc<Vec<u8>>, nrows: usize, ncols: usize, layout: Layout) -> Self {
        Self {
            buf,
            nrows,
            ncols,
            layout,
        }
    }

    /// Calls `f(i, v)` for every stored `v` of column `j` that is not `+0.0`, in row order
    /// (`-0.0` counts as stored, so that decoding gives back every bit).
    #[inline]
    pub(crate) fn for_each_nonzero(&self, j: usize, mut f: impl FnMut(usize, f64)) {
        let buf = &self.buf[..];
        match &self.layout {
            Layout::Dense { at } => {
                let base = at + j * self.nrows * 8;
                for i in 0..self.nrows {
                    let v = value(buf, base + i * 8);
                    if v.to_bits() != 0 {
                        f(i, v);
                    }
                }
            }
            Layout::Sparse {
                bitmaps_at,
                values_at,
                offsets,
            } => {
                let words = self.nrows.div_ceil(64);
                let mut at = values_at + offsets[j] * 8;
                for w in 0..words {
                    let mut bits = word(buf, bitmaps_at + (j * words + w) * 8);
                    while bits != 0 {
                        let b = bits.trailing_zeros() as usize;
                        bits &= bits - 1;
                        f(w * 64 + b, value(buf, at));
                        at += 8;
                    }
                }
            }
        }
    }

    /// Number of stored non-zeros of column `j` (exact for the sparse layout, counted for the
    /// dense one).
    pub(crate) fn column_nnz(&self, j: usize) -> usize {
        match &self.layout {
            Layout::Sparse { offsets, .. } => offsets[j + 1] - offsets[j],
            Layout::Dense { .. } => {
                let mut c = 0;
                self.for_each_nonzero(j, |_, _| c += 1);
                c
            }
        }
    }

    /// Decodes into a dense matrix, columns in parallel.
    pub(crate) fn decode(&self) -> Mat<f64> {
        let mut m = Mat::<f64>::zeros(self.nrows, self.ncols);
        let mut blocks: Vec<(usize, MatMut<'_, f64>)> = Vec::new();
        let mut rest = m.as_mut();
        let mut start = 0;
        while start < self.ncols {
            let take = BLOCK.min(self.ncols - start);
            let (head, tail) = rest.split_at_col_mut(take);
            blocks.push((start, head));
            rest = tail;
            start += take;
        }
        blocks.into_par_iter().for_each(|(s, mut blk)| {
            for k in 0..blk.ncols() {
                let mut col = blk.rb_mut().col_mut(k);
                self.for_each_nonzero(s + k, |i, v| col[i] = v);
            }
        });
        m
    }
}
