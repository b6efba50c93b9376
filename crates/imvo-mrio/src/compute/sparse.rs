//! `A` in compressed sparse columns and the two products the iteration needs, `v − Aᵀv` and
//! `v − Av`, for k right-hand sides at once.
//!
//! # Layout and kernel
//! The k vectors are interleaved (`v[i·k + q]`), so one non-zero `a_ij` meets the k values it
//! multiplies in one contiguous run. The transposed product gathers: output row j is
//! `v_j − Σ_{i ∈ col j} a_ij · v_i`, computed for fixed blocks of up to 24 right-hand sides
//! whose accumulators stay in registers, so each non-zero costs one broadcast and one
//! multiply and add per vector register instead of a load and a store of every accumulator. A
//! column's indices and values are read from memory once and stay in L1 while its blocks are
//! processed, so `A` is streamed once per product whatever k is. The kernels run under
//! `pulp`'s runtime dispatch, which compiles them for the widest vector instructions the
//! processor has (AVX-512, AVX2 with FMA, or SSE2), in safe code.
//!
//! # Accuracy
//! Each output entry is a sum over a column's non-zeros, accumulated in `f64` as two
//! interleaved partial sums (fused multiply-adds where the processor has them): the usual
//! summation error `≤ nnz_j · ε · Σ|a_ij v_i|`. The iteration does not rely on it: it checks
//! the true residual of its result and bounds the error from that (see [`super::iterative`]).

use rayon::prelude::*;

/// Right-hand sides in the widest register block (2 × 6 AVX2 registers of accumulators).
const WIDE: usize = 24;

/// `A` in compressed sparse columns.
#[derive(Debug, Clone, Default)]
pub(crate) struct Csc {
    /// Order of `A`.
    pub n: usize,
    /// Start of each column in `row_idx` and `vals`, and the total at the end.
    pub col_ptr: Vec<usize>,
    /// Row of each non-zero.
    pub row_idx: Vec<u32>,
    /// Value of each non-zero.
    pub vals: Vec<f64>,
}

/// `a · b + c`, fused (one rounding, one instruction) where the vector unit has FMA: `pulp`
/// only dispatches to its vector paths on processors that have it. The scalar fallback keeps
/// the separate multiply and add, since a fused one would be a slow library call there.
#[inline(always)]
fn madd<const FMA: bool>(a: f64, b: f64, c: f64) -> f64 {
    if FMA { a.mul_add(b, c) } else { a * b + c }
}

/// `acc[t] = Σ_p vals[p] · v[rows[p]·k + q0 + t]` for `t < W`, subtracted from `out[q0 + t]`.
/// Two sets of accumulators take alternate non-zeros, so that consecutive additions do not
/// wait for each other (the loop would otherwise be bound by the adder's latency).
#[inline(always)]
fn gather_block<const W: usize, const FMA: bool>(
    rows: &[u32],
    vals: &[f64],
    v: &[f64],
    k: usize,
    q0: usize,
    out: &mut [f64],
) {
    let mut acc0 = [0.0f64; W];
    let mut acc1 = [0.0f64; W];
    let pairs = rows.len() / 2;
    for p in 0..pairs {
        let (i0, i1) = (
            rows[2 * p] as usize * k + q0,
            rows[2 * p + 1] as usize * k + q0,
        );
        let (a0, a1) = (vals[2 * p], vals[2 * p + 1]);
        let v0 = &v[i0..i0 + W];
        let v1 = &v[i1..i1 + W];
        for t in 0..W {
            acc0[t] = madd::<FMA>(a0, v0[t], acc0[t]);
            acc1[t] = madd::<FMA>(a1, v1[t], acc1[t]);
        }
    }
    if rows.len() % 2 == 1 {
        let i = rows[rows.len() - 1] as usize * k + q0;
        let a = vals[rows.len() - 1];
        let vi = &v[i..i + W];
        for t in 0..W {
            acc0[t] = madd::<FMA>(a, vi[t], acc0[t]);
        }
    }
    let o = &mut out[q0..q0 + W];
    for t in 0..W {
        o[t] -= acc0[t] + acc1[t];
    }
}

/// `out[i·k + q0 + t] += a · vj[q0 + t]` for the non-zeros of one column, `t < W`.
#[inline(always)]
fn scatter_block<const W: usize, const FMA: bool>(
    rows: &[u32],
    vals: &[f64],
    vj: &[f64],
    k: usize,
    q0: usize,
    out: &mut [f64],
) {
    let mut x = [0.0f64; W];
    x.copy_from_slice(&vj[q0..q0 + W]);
    for (&i, &a) in rows.iter().zip(vals) {
        let at = i as usize * k + q0;
        let o = &mut out[at..at + W];
        for t in 0..W {
            o[t] = madd::<FMA>(a, x[t], o[t]);
        }
    }
}

/// Calls `$block::<W, FMA>(…, q0, …)` over the right-hand sides `0..k`, taking each time the
/// widest block that fits: one pass over a column serves up to 24 right-hand sides, and the
/// common counts (10 or 20 stressors, 22 risk themes) need one or two passes.
macro_rules! by_blocks {
    ($fma:expr, $k:expr, $block:ident, $rows:expr, $vals:expr, $src:expr, $out:expr) => {{
        let k = $k;
        let mut q0 = 0;
        while q0 < k {
            let w = match k - q0 {
                r if r >= WIDE => {
                    $block::<WIDE, $fma>($rows, $vals, $src, k, q0, $out);
                    WIDE
                }
                r if r >= 20 => {
                    $block::<20, $fma>($rows, $vals, $src, k, q0, $out);
                    20
                }
                r if r >= 16 => {
                    $block::<16, $fma>($rows, $vals, $src, k, q0, $out);
                    16
                }
                r if r >= 12 => {
                    $block::<12, $fma>($rows, $vals, $src, k, q0, $out);
                    12
                }
                r if r >= 8 => {
                    $block::<8, $fma>($rows, $vals, $src, k, q0, $out);
                    8
                }
                r if r >= 4 => {
                    $block::<4, $fma>($rows, $vals, $src, k, q0, $out);
                    4
                }
                r if r >= 2 => {
                    $block::<2, $fma>($rows, $vals, $src, k, q0, $out);
                    2
                }
                _ => {
                    $block::<1, $fma>($rows, $vals, $src, k, q0, $out);
                    1
                }
            };
            q0 += w;
        }
    }};
}

/// Output rows `j0..` of `v − Aᵀv` into `out`, compiled for the vector instructions `pulp`
/// found (`with_simd` is inlined into a function built for them).
struct Gather<'a> {
    a: &'a Csc,
    k: usize,
    v: &'a [f64],
    out: &'a mut [f64],
    j0: usize,
}

impl pulp::WithSimd for Gather<'_> {
    type Output = ();
    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _simd: S) {
        let Self { a, k, v, out, j0 } = self;
        for (jj, oj) in out.chunks_exact_mut(k).enumerate() {
            let j = j0 + jj;
            oj.copy_from_slice(&v[j * k..j * k + k]);
            let (rows, vals) = a.column(j);
            if S::IS_SCALAR {
                by_blocks!(false, k, gather_block, rows, vals, v, oj);
            } else {
                by_blocks!(true, k, gather_block, rows, vals, v, oj);
            }
        }
    }
}

/// Columns `j0..j1` of `A v` scattered into `buf`, compiled as [`Gather`].
struct Scatter<'a> {
    a: &'a Csc,
    k: usize,
    v: &'a [f64],
    buf: &'a mut [f64],
    cols: std::ops::Range<usize>,
}

impl pulp::WithSimd for Scatter<'_> {
    type Output = ();
    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _simd: S) {
        let Self { a, k, v, buf, cols } = self;
        buf.fill(0.0);
        for j in cols {
            let vj = &v[j * k..j * k + k];
            let (rows, vals) = a.column(j);
            if S::IS_SCALAR {
                by_blocks!(false, k, scatter_block, rows, vals, vj, buf);
            } else {
                by_blocks!(true, k, scatter_block, rows, vals, vj, buf);
            }
        }
    }
}

impl Csc {
    /// Number of stored non-zeros.
    pub fn nnz(&self) -> usize {
        self.vals.len()
    }

    #[inline(always)]
    fn column(&self, j: usize) -> (&[u32], &[f64]) {
        let (a, b) = (self.col_ptr[j], self.col_ptr[j + 1]);
        (&self.row_idx[a..b], &self.vals[a..b])
    }

    /// `out = v − Aᵀv` for k interleaved vectors, rows of the output in parallel.
    pub fn sub_transposed(&self, k: usize, v: &[f64], out: &mut [f64], threads: usize) {
        let rows_per = self.n.div_ceil(threads.max(1) * 8).max(1);
        out.par_chunks_mut(rows_per * k)
            .enumerate()
            .for_each(|(c, out)| {
                pulp::Arch::new().dispatch(Gather {
                    a: self,
                    k,
                    v,
                    out,
                    j0: c * rows_per,
                });
            });
    }

    /// `out = v − Av` for k interleaved vectors: each thread scatters a share of the columns
    /// into its own n·k buffer in `scratch` (one per thread), then the buffers are summed.
    pub fn sub_forward(&self, k: usize, v: &[f64], out: &mut [f64], scratch: &mut [f64]) {
        let n = self.n;
        let t = scratch.len() / (n * k).max(1);
        let cols_per = n.div_ceil(t.max(1)).max(1);
        scratch
            .par_chunks_mut(n * k)
            .enumerate()
            .for_each(|(c, buf)| {
                pulp::Arch::new().dispatch(Scatter {
                    a: self,
                    k,
                    v,
                    buf,
                    cols: (c * cols_per).min(n)..((c + 1) * cols_per).min(n),
                });
            });
        out.par_chunks_mut(k * 256).enumerate().for_each(|(c, o)| {
            let base = c * k * 256;
            for (e, x) in o.iter_mut().enumerate() {
                let mut s = 0.0;
                for b in scratch.chunks_exact(n * k) {
                    s += b[base + e];
                }
                *x = v[base + e] - s;
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small non-symmetric A with empty columns and rows, and every block width used.
    fn sample() -> (Csc, Vec<Vec<f64>>) {
        let n = 13;
        let dense: Vec<Vec<f64>> = (0..n)
            .map(|i| {
                (0..n)
                    .map(|j| {
                        if (i * 7 + j * 3) % 5 == 0 && j != 4 && i != 9 {
                            0.01 * (1 + i + 2 * j) as f64
                        } else {
                            0.0
                        }
                    })
                    .collect()
            })
            .collect();
        let mut a = Csc {
            n,
            col_ptr: vec![0],
            ..Csc::default()
        };
        for j in 0..n {
            for (i, row) in dense.iter().enumerate() {
                if row[j] != 0.0 {
                    a.row_idx.push(i as u32);
                    a.vals.push(row[j]);
                }
            }
            a.col_ptr.push(a.vals.len());
        }
        (a, dense)
    }

    #[test]
    fn blocked_products_equal_the_plain_formula() {
        let (a, dense) = sample();
        let n = a.n;
        for k in [1, 2, 3, 7, 8, 15, 16, 20, 22, 33, 64] {
            let v: Vec<f64> = (0..n * k).map(|e| ((e * 31) % 17) as f64 - 8.0).collect();
            let mut out = vec![0.0; n * k];
            a.sub_transposed(k, &v, &mut out, 2);
            let mut fwd = vec![0.0; n * k];
            let mut scratch = vec![0.0; 2 * n * k];
            a.sub_forward(k, &v, &mut fwd, &mut scratch);
            for j in 0..n {
                for q in 0..k {
                    let t: f64 = (0..n).map(|i| dense[i][j] * v[i * k + q]).sum();
                    let f: f64 = (0..n).map(|i| dense[j][i] * v[i * k + q]).sum();
                    let (want_t, want_f) = (v[j * k + q] - t, v[j * k + q] - f);
                    assert!((out[j * k + q] - want_t).abs() <= 1e-12 * (1.0 + want_t.abs()));
                    assert!((fwd[j * k + q] - want_f).abs() <= 1e-12 * (1.0 + want_f.abs()));
                }
            }
        }
    }
}
