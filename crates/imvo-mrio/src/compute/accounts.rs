//! The D accounts of pymrio's `calc_accounts`, from solves instead of an n × n `x_diag`.
//!
//! Notation as in `docs/MRIO.md`: `Y_agg` (n × R') is `Y` summed over the categories of each
//! final-demand region r; the columns of `D_cba` and `D_imp` are pairs (r, j) of a final-demand
//! region and a sector. pymrio forms `x_diag = L · diag_by_sector(Y_agg)` (n × R'·s) and
//! multiplies; here
//!
//! - `D_cba[:, (r, j)] = Σ_{i: sector(i) = j} M[:, i] · Y_agg[i, r]` with `M = S · L`;
//! - `D_imp[:, (r, j)] = Σ_{i: sector(i) = j} M^(¬r)[:, i] · Y_agg[i, r]` with
//!   `M^(¬r) = S^(¬r) · L` and `S^(¬r)` = S with the columns of region r's industries zeroed.
//!   The foreign terms are summed directly, never as `D_cba − domestic`, so small imports keep
//!   their digits;
//! - `X_agg = L · Y_agg`, `x_tot = X_agg · 1`, `x_exp[i] = Σ_{r ≠ region(i)} X_agg[i, r]`
//!   (foreign columns summed directly), `D_pba = S ⊙ x_tot`, `D_exp = S ⊙ x_exp`.
//!
//! "Region r's industries" follows pymrio's `set_dom_block`: industries whose first index level
//! equals the final-demand region's label; a final-demand region with no industries (e.g. a
//! statistical discrepancy column) has no domestic block.

use faer::reborrow::{Reborrow, ReborrowMut};
use faer::{Mat, MatRef};

use super::error::ComputeError;
use super::kernels::codes;
use super::solver::LeontiefOperator;

/// How industries and final-demand columns map to sectors and regions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// Sector code of each industry (order of first appearance of the sector level).
    pub sector_of: Vec<usize>,
    /// The sectors, in that order.
    pub sectors: Vec<String>,
    /// Region code of each industry for regional sums (the `region` level, else level 0).
    pub industry_region_of: Vec<usize>,
    /// The industry regions, in order of first appearance.
    pub industry_regions: Vec<String>,
    /// Final-demand region (column of `Y_agg`) of each column of `Y`.
    pub fd_region_of: Vec<usize>,
    /// The final-demand regions (columns of `Y_agg`), in order of first appearance.
    pub fd_regions: Vec<String>,
    /// First-level region code of each industry, for the domestic blocks.
    pub block_of: Vec<usize>,
    /// For each final-demand region, the first-level code of its own industries, if any.
    pub domestic: Vec<Option<usize>>,
}

impl Layout {
    /// Builds the layout from label slices: per industry its first-level label, its region
    /// label (for sums) and its sector label; per final-demand column its region label.
    pub fn new<S: AsRef<str>>(
        industry_level0: &[S],
        industry_region: &[S],
        industry_sector: &[S],
        fd_region: &[S],
    ) -> Result<Self, ComputeError> {
        let n = industry_level0.len();
        if industry_region.len() != n || industry_sector.len() != n {
            return Err(ComputeError::Shape(
                "industry label levels differ in length".into(),
            ));
        }
        let (sector_of, sectors) = codes(industry_sector);
        let (industry_region_of, industry_regions) = codes(industry_region);
        let (fd_region_of, fd_regions) = codes(fd_region);
        let (block_of, blocks) = codes(industry_level0);
        let domestic = fd_regions
            .iter()
            .map(|r| blocks.iter().position(|b| b == r))
            .collect();
        Ok(Self {
            sector_of,
            sectors,
            industry_region_of,
            industry_regions,
            fd_region_of,
            fd_regions,
            block_of,
            domestic,
        })
    }

    /// Number of industries n.
    pub fn n(&self) -> usize {
        self.sector_of.len()
    }

    /// Number of columns of `D_cba` and `D_imp`: final-demand regions × sectors.
    pub fn account_cols(&self) -> usize {
        self.fd_regions.len() * self.sectors.len()
    }
}

/// `Y_agg`: the columns of `Y` summed per final-demand region.
pub fn aggregate_demand(y: MatRef<'_, f64>, layout: &Layout) -> Result<Mat<f64>, ComputeError> {
    super::kernels::group_columns(y, &layout.fd_region_of, layout.fd_regions.len())
}

/// `out[:, r·s + j] += Σ_{i: sector(i) = j} m[:, i] · y_agg[i, r]` for one final-demand region r,
/// where `m` holds row vectors as columns (n × k) and `out` is k × (R'·s).
fn spread_by_sector(
    m_cols: MatRef<'_, f64>,
    y_agg: MatRef<'_, f64>,
    r: usize,
    layout: &Layout,
    out: &mut Mat<f64>,
) {
    let ns = layout.sectors.len();
    let k = m_cols.ncols();
    let yr = y_agg.col(r);
    for q in 0..k {
        let mq = m_cols.col(q);
        for i in 0..m_cols.nrows() {
            let w = yr[i];
            if w != 0.0 {
                out[(q, r * ns + layout.sector_of[i])] += mq[i] * w;
            }
        }
    }
}

/// `D_cba` from the multipliers `M` (k × n) and `Y_agg`.
pub fn consumption_account(
    m: MatRef<'_, f64>,
    y_agg: MatRef<'_, f64>,
    layout: &Layout,
) -> Result<Mat<f64>, ComputeError> {
    check(m.ncols(), y_agg, layout)?;
    let mut out = Mat::<f64>::zeros(m.nrows(), layout.account_cols());
    let mt = m.transpose();
    for r in 0..y_agg.ncols() {
        spread_by_sector(mt, y_agg, r, layout, &mut out);
    }
    Ok(out)
}

fn check(n: usize, y_agg: MatRef<'_, f64>, layout: &Layout) -> Result<(), ComputeError> {
    if n != layout.n() || y_agg.nrows() != n || y_agg.ncols() != layout.fd_regions.len() {
        return Err(ComputeError::Shape(format!(
            "{n} industries, Y_agg {} × {}, layout of {} industries and {} regions",
            y_agg.nrows(),
            y_agg.ncols(),
            layout.n(),
            layout.fd_regions.len()
        )));
    }
    Ok(())
}

/// `D_imp` by transposed solves: for each final-demand region r, `M^(¬r) = S^(¬r) · L`
/// (k solves), spread over sectors with `Y_agg[:, r]`. R'·k solves in all, grouped into blocks
/// of the operator's preferred width.
pub fn import_account(
    op: &dyn LeontiefOperator,
    s: MatRef<'_, f64>,
    y_agg: MatRef<'_, f64>,
    layout: &Layout,
) -> Result<Mat<f64>, ComputeError> {
    let n = s.ncols();
    check(n, y_agg, layout)?;
    let k = s.nrows();
    let nr = y_agg.ncols();
    let mut out = Mat::<f64>::zeros(k, layout.account_cols());
    if k == 0 || nr == 0 {
        return Ok(out);
    }
    let per_block = (op.preferred_block() / k).max(1);
    let mut buf = Mat::<f64>::zeros(n, per_block.min(nr) * k);
    let mut r0 = 0;
    while r0 < nr {
        let nb = per_block.min(nr - r0);
        let mut rhs = buf.as_mut().subcols_mut(0, nb * k);
        for b in 0..nb {
            let dom = layout.domestic[r0 + b];
            for q in 0..k {
                let src = s.row(q);
                let mut dst = rhs.rb_mut().col_mut(b * k + q);
                for i in 0..n {
                    dst[i] = if Some(layout.block_of[i]) == dom {
                        0.0
                    } else {
                        src[i]
                    };
                }
            }
        }
        op.apply_transposed(rhs.rb_mut())?;
        for b in 0..nb {
            spread_by_sector(rhs.rb().subcols(b * k, k), y_agg, r0 + b, layout, &mut out);
        }
        r0 += nb;
    }
    Ok(out)
}

/// `D_imp` with `L` at hand, without R'·k products with L: per block of sectors J, the columns
/// `x_diag[:, (r, j)] = L[:, I_j] · Y_agg[I_j, r]` (I_j the industries of sector j; one small
/// matrix product per sector), the domestic rows zeroed, then `S · x_diag` for the block. About
/// `2n²·R' + 2k·n²` flops and an n × (R'·|J|) buffer instead of pymrio's two n × n arrays.
pub fn import_account_with_inverse(
    l: MatRef<'_, f64>,
    s: MatRef<'_, f64>,
    y_agg: MatRef<'_, f64>,
    layout: &Layout,
    par: faer::Par,
) -> Result<Mat<f64>, ComputeError> {
    let n = s.ncols();
    check(n, y_agg, layout)?;
    if l.nrows() != n || l.ncols() != n {
        return Err(ComputeError::Shape(format!(
            "L is {} × {}, S has {n} columns",
            l.nrows(),
            l.ncols()
        )));
    }
    let k = s.nrows();
    let nr = y_agg.ncols();
    let ns = layout.sectors.len();
    let mut out = Mat::<f64>::zeros(k, layout.account_cols());
    if k == 0 || nr == 0 || ns == 0 {
        return Ok(out);
    }
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); ns];
    for (i, &j) in layout.sector_of.iter().enumerate() {
        members[j].push(i);
    }
    let max_members = members.iter().map(Vec::len).max().unwrap_or(0);
    // Sectors per block: keep the x_diag buffer near 64 MB.
    let per_block = ((8usize << 20) / (n * nr).max(1)).clamp(1, ns);
    let mut xd = Mat::<f64>::zeros(n, per_block * nr);
    let mut lg = Mat::<f64>::zeros(n, max_members);
    let mut yg = Mat::<f64>::zeros(max_members, nr);
    let mut prod = Mat::<f64>::zeros(k, per_block * nr);
    let mut j0 = 0;
    while j0 < ns {
        let nb = per_block.min(ns - j0);
        for b in 0..nb {
            let idx = &members[j0 + b];
            let m = idx.len();
            for (c, &i) in idx.iter().enumerate() {
                lg.as_mut().col_mut(c).copy_from(l.col(i));
                for r in 0..nr {
                    yg[(c, r)] = y_agg[(i, r)];
                }
            }
            faer::linalg::matmul::matmul(
                xd.as_mut().subcols_mut(b * nr, nr),
                faer::Accum::Replace,
                lg.as_ref().subcols(0, m),
                yg.as_ref().subrows(0, m),
                1.0,
                par,
            );
            for r in 0..nr {
                if let Some(dom) = layout.domestic[r] {
                    let mut col = xd.as_mut().col_mut(b * nr + r);
                    for i in 0..n {
                        if layout.block_of[i] == dom {
                            col[i] = 0.0;
                        }
                    }
                }
            }
        }
        faer::linalg::matmul::matmul(
            prod.as_mut().subcols_mut(0, nb * nr),
            faer::Accum::Replace,
            s,
            xd.as_ref().subcols(0, nb * nr),
            1.0,
            par,
        );
        for b in 0..nb {
            for r in 0..nr {
                out.as_mut()
                    .col_mut(r * ns + j0 + b)
                    .copy_from(prod.as_ref().col(b * nr + r));
            }
        }
        j0 += nb;
    }
    Ok(out)
}

/// Total and export-bound output from `X_agg = L · Y_agg`: `x_tot[i] = Σ_r X_agg[i, r]` and
/// `x_exp[i] = Σ_{r: not i's region} X_agg[i, r]`, each summed directly.
pub fn output_totals(x_agg: MatRef<'_, f64>, layout: &Layout) -> (Vec<f64>, Vec<f64>) {
    let n = x_agg.nrows();
    let mut tot = vec![0.0; n];
    let mut exp = vec![0.0; n];
    for r in 0..x_agg.ncols() {
        let col = x_agg.col(r);
        let dom = layout.domestic.get(r).copied().flatten();
        for i in 0..n {
            tot[i] += col[i];
            if Some(layout.block_of[i]) != dom {
                exp[i] += col[i];
            }
        }
    }
    (tot, exp)
}

/// `D / population` per region column: `pop[c]` is the population of column c's region.
pub fn per_capita(d: MatRef<'_, f64>, pop: &[f64]) -> Result<Mat<f64>, ComputeError> {
    if d.ncols() != pop.len() {
        return Err(ComputeError::Shape(format!(
            "{} regions against {} population figures",
            d.ncols(),
            pop.len()
        )));
    }
    Ok(Mat::from_fn(d.nrows(), d.ncols(), |i, j| {
        d[(i, j)] / pop[j]
    }))
}

/// Adds `b` to `a` elementwise (regional sums plus `F_Y` per region).
pub fn add_into(a: &mut Mat<f64>, b: MatRef<'_, f64>) -> Result<(), ComputeError> {
    if a.nrows() != b.nrows() || a.ncols() != b.ncols() {
        return Err(ComputeError::Shape(format!(
            "{} × {} plus {} × {}",
            a.nrows(),
            a.ncols(),
            b.nrows(),
            b.ncols()
        )));
    }
    for j in 0..b.ncols() {
        let src = b.col(j);
        let mut dst = a.as_mut().col_mut(j);
        for i in 0..b.nrows() {
            dst[i] += src[i];
        }
    }
    Ok(())
}
