//! The labelled data of a multi-regional input-output system, shaped as pymrio shapes it.
//!
//! pymrio keeps every array as a pandas `DataFrame` whose rows and columns carry (multi-level)
//! indexes: industries are `(region, sector)` pairs, final-demand columns are
//! `(region, category)` pairs, stressors are `(stressor, compartment)` or a single `stressor`
//! level. To give back pymrio's numbers *and* pymrio's labels, every array here is a
//! [`Labelled`] matrix: a dense column-major [`faer::Mat<f64>`] with an [`Index`] for its rows and
//! one for its columns. Column-major storage means a column of `Z`, `A` or `L` (one industry's
//! inputs) is contiguous, which is what the Leontief solves in [`crate::compute`] work on.
//!
//! An [`IoSystem`] holds the core arrays (`Z` and/or `A`, `x`, `Y`, optionally `L`, the unit
//! table and the population) and its [`Extension`]s (satellite accounts such as emissions) with
//! their inputs (`F`, `F_Y`) and, once computed, their results (`S`, `S_Y`, `M`, `D_*`). Arrays a
//! file or a computation did not provide are `None`; the readers never invent them.
//!
//! Invariants the readers guarantee (and [`IoSystem::check`] verifies for hand-built systems):
//! every industry axis (rows and columns of `Z`, `A`, `L`, rows of `x` and `Y`, columns of
//! `F`, `S`, `M`, `D_cba`, `D_pba`, `D_imp`, `D_exp`) carries the same [`Index`] in the same
//! order; final-demand axes (columns of `Y`, `F_Y`, `S_Y`) carry the same index; the rows of all
//! arrays of one extension carry the same stressor index.

use std::sync::OnceLock;

use faer::Mat;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::encoded::Encoded;
use crate::error::MrioError;
pub use crate::metadata::Metadata;

/// A (possibly multi-level) axis index as pandas writes it: one row of labels per entry, with a
/// name per level.
///
/// Stored column-wise (`levels[l][i]` is entry `i`'s label at level `l`) because the questions
/// asked of an index are per level: "which regions, in order?", "which sectors?".
/// Level names are empty strings where pandas has `None` (for example the column index of
/// `D_cba_reg` or both indexes of `population`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Index {
    names: Vec<String>,
    levels: Vec<Vec<String>>,
}

impl Index {
    /// Builds an index from level names and per-level labels (`levels[l][i]`).
    ///
    /// Fails when there is no level or when the levels differ in length, since an index whose
    /// entries have a ragged number of labels cannot label a matrix axis.
    pub fn new(names: Vec<String>, levels: Vec<Vec<String>>) -> Result<Self, MrioError> {
        if names.is_empty() || names.len() != levels.len() {
            return Err(MrioError::Invalid(format!(
                "an index needs at least one level and one name per level (got {} names, {} levels)",
                names.len(),
                levels.len()
            )));
        }
        let len = levels[0].len();
        if levels.iter().any(|l| l.len() != len) {
            return Err(MrioError::Invalid(
                "all levels of an index must have the same number of entries".into(),
            ));
        }
        Ok(Self { names, levels })
    }

    /// A single-level index, e.g. `region` over `["reg1", "reg2"]`.
    pub fn single(name: impl Into<String>, labels: Vec<String>) -> Self {
        Self {
            names: vec![name.into()],
            levels: vec![labels],
        }
    }

    /// The cartesian product `outer × inner` in pandas order (outer varies slowest), e.g. the
    /// industry index `(region, sector)` from a list of regions and a list of sectors.
    pub fn product(
        outer_name: impl Into<String>,
        outer: &[String],
        inner_name: impl Into<String>,
        inner: &[String],
    ) -> Self {
        let mut a = Vec::with_capacity(outer.len() * inner.len());
        let mut b = Vec::with_capacity(outer.len() * inner.len());
        for o in outer {
            for i in inner {
                a.push(o.clone());
                b.push(i.clone());
            }
        }
        Self {
            names: vec![outer_name.into(), inner_name.into()],
            levels: vec![a, b],
        }
    }

    /// Number of entries (rows or columns labelled).
    pub fn len(&self) -> usize {
        self.levels[0].len()
    }

    /// True when the index labels no entry.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Number of levels (label columns in a row index, header rows in a column index).
    pub fn nlevels(&self) -> usize {
        self.levels.len()
    }

    /// Level names, one per level; empty strings where pandas has no name.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The labels of level `l` for every entry, in order.
    ///
    /// # Panics
    /// When `l >= self.nlevels()` (a programming error, not bad input).
    pub fn level(&self, l: usize) -> &[String] {
        &self.levels[l]
    }

    /// The labels of entry `i`, one per level.
    pub fn key(&self, i: usize) -> Vec<&str> {
        self.levels.iter().map(|l| l[i].as_str()).collect()
    }

    /// The distinct labels of level `l` in order of first appearance (pandas'
    /// `get_level_values(l).unique()`), e.g. the regions of an industry index.
    pub fn unique(&self, l: usize) -> Vec<String> {
        let mut seen = std::collections::HashSet::new();
        self.levels[l]
            .iter()
            .filter(|s| seen.insert(s.as_str()))
            .cloned()
            .collect()
    }

    /// Position of the first level named `name`, if any.
    pub fn level_by_name(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }

    /// Renames level `l` (pymrio renames EXIOBASE's levels while parsing).
    pub fn set_name(&mut self, l: usize, name: impl Into<String>) {
        self.names[l] = name.into();
    }

    /// Mutable labels of level `l`, for renaming labels in place (e.g. region codes).
    pub fn level_mut(&mut self, l: usize) -> &mut [String] {
        &mut self.levels[l]
    }

    /// The per-level label vectors, consumed.
    pub fn into_parts(self) -> (Vec<String>, Vec<Vec<String>>) {
        (self.names, self.levels)
    }
}

/// A dense column-major matrix of `f64` with labelled rows and columns: one pymrio `DataFrame`.
///
/// The numbers live in a [`faer::Mat<f64>`]; borrow them with [`Labelled::data`] (a `MatRef`
/// via `.as_ref()`) for the kernels in [`crate::compute`]. The constructor checks that the
/// labels fit the shape, so a `Labelled` never has more labels than rows or columns.
///
/// A matrix from the binary cache keeps its numbers in the cache's layout until the dense view
/// is first asked for (see [`crate::cache`]); [`Labelled::for_each_nonzero`],
/// [`Labelled::row_sums`] and [`Labelled::first_non_finite`] work on either form without
/// decoding, which lets the footprint computation run from a cached `Z` without ever forming
/// it densely.
#[derive(Debug, Clone)]
pub struct Labelled {
    rows: Index,
    cols: Index,
    data: OnceLock<Mat<f64>>,
    encoded: Option<Encoded>,
}

impl Labelled {
    /// Wraps `data` with its labels; fails when the label counts do not match the shape.
    pub fn new(rows: Index, cols: Index, data: Mat<f64>) -> Result<Self, MrioError> {
        if rows.len() != data.nrows() || cols.len() != data.ncols() {
            return Err(MrioError::Invalid(format!(
                "labels ({} rows × {} columns) do not fit a {} × {} matrix",
                rows.len(),
                cols.len(),
                data.nrows(),
                data.ncols()
            )));
        }
        Ok(Self {
            rows,
            cols,
            data: OnceLock::from(data),
            encoded: None,
        })
    }

    /// Wraps numbers still in the cache's layout; the cache decoder has checked that its shape
    /// is `rows × cols`.
    pub(crate) fn encoded(rows: Index, cols: Index, encoded: Encoded) -> Self {
        Self {
            rows,
            cols,
            data: OnceLock::new(),
            encoded: Some(encoded),
        }
    }

    /// A zero matrix with these labels.
    pub fn zeros(rows: Index, cols: Index) -> Self {
        let data = Mat::zeros(rows.len(), cols.len());
        Self::new(rows, cols, data).expect("the shape is taken from the labels")
    }

    /// Row labels.
    pub fn rows(&self) -> &Index {
        &self.rows
    }

    /// Column labels.
    pub fn cols(&self) -> &Index {
        &self.cols
    }

    /// Mutable row labels (renaming only; the count is fixed by the shape).
    pub fn rows_mut(&mut self) -> &mut Index {
        &mut self.rows
    }

    /// Mutable column labels (renaming only; the count is fixed by the shape).
    pub fn cols_mut(&mut self) -> &mut Index {
        &mut self.cols
    }

    /// The numbers (decoded from the cache layout on first use).
    pub fn data(&self) -> &Mat<f64> {
        self.data.get_or_init(|| {
            self.encoded
                .as_ref()
                .expect("a Labelled holds either dense or encoded numbers")
                .decode()
        })
    }

    /// The numbers, mutable (the shape cannot change through this).
    pub fn data_mut(&mut self) -> faer::MatMut<'_, f64> {
        self.data();
        self.encoded = None;
        self.data.get_mut().expect("decoded just above").as_mut()
    }

    /// Number of rows.
    pub fn nrows(&self) -> usize {
        self.rows.len()
    }

    /// Number of columns.
    pub fn ncols(&self) -> usize {
        self.cols.len()
    }

    /// Labels and numbers, consumed.
    pub fn into_parts(self) -> (Index, Index, Mat<f64>) {
        self.data();
        let data = self.data.into_inner().expect("decoded just above");
        (self.rows, self.cols, data)
    }

    /// Calls `f(i, v)` for the entries of column `j` that are not `+0.0`, in row order,
    /// without decoding a cached matrix.
    #[inline]
    pub fn for_each_nonzero(&self, j: usize, mut f: impl FnMut(usize, f64)) {
        match (self.data.get(), &self.encoded) {
            (None, Some(e)) => e.for_each_nonzero(j, f),
            _ => {
                let col = self.data().col(j);
                for i in 0..self.nrows() {
                    let v = col[i];
                    if v.to_bits() != 0 {
                        f(i, v);
                    }
                }
            }
        }
    }

    /// Entries of column `j` that are not `+0.0`.
    pub fn column_nnz(&self, j: usize) -> usize {
        match (self.data.get(), &self.encoded) {
            (None, Some(e)) => e.column_nnz(j),
            _ => {
                let mut c = 0;
                self.for_each_nonzero(j, |_, _| c += 1);
                c
            }
        }
    }

    /// Row sums (`m · 1`), columns in parallel, without decoding a cached matrix.
    pub fn row_sums(&self) -> Vec<f64> {
        let n = self.nrows();
        (0..self.ncols())
            .into_par_iter()
            .fold(
                || vec![0.0; n],
                |mut acc, j| {
                    self.for_each_nonzero(j, |i, v| acc[i] += v);
                    acc
                },
            )
            .reduce(
                || vec![0.0; n],
                |mut a, b| {
                    for (x, y) in a.iter_mut().zip(b) {
                        *x += y;
                    }
                    a
                },
            )
    }

    /// The first entry (row, column) that is NaN or infinite, columns in order.
    pub fn first_non_finite(&self) -> Option<(usize, usize)> {
        (0..self.ncols()).into_par_iter().find_map_first(|j| {
            let mut bad = None;
            self.for_each_nonzero(j, |i, v| {
                if bad.is_none() && !v.is_finite() {
                    bad = Some(i);
                }
            });
            bad.map(|i| (i, j))
        })
    }
}

/// A table of text labelled by rows, like pymrio's `unit` (one column named `unit`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextColumn {
    /// Row labels (industries for the core unit table, stressors for an extension).
    pub rows: Index,
    /// The column header, `unit` in pymrio's files.
    pub name: String,
    /// One value per row.
    pub values: Vec<String>,
}

/// One satellite account (pymrio `Extension`): stressors per industry and per final-demand
/// column, and the accounts computed from them.
///
/// Inputs: `f` (stressors × industries) and optionally `f_y` (stressors × final-demand columns).
/// Everything else is `None` until computed (or read from a folder that holds it).
#[derive(Debug, Clone, Default)]
pub struct Extension {
    /// Folder name under the system folder (pymrio writes `emissions/` for name "Emissions").
    pub folder: String,
    /// Display name from the extension's `file_parameters.json` (`name`).
    pub name: String,
    /// Unit per stressor.
    pub unit: Option<TextColumn>,
    /// `F`: stressors × industries.
    pub f: Option<Labelled>,
    /// `F_Y`: stressors × final-demand columns.
    pub f_y: Option<Labelled>,
    /// `S = F · diag(x)⁻¹`.
    pub s: Option<Labelled>,
    /// `S_Y = F_Y · diag(1ᵀY)⁻¹`.
    pub s_y: Option<Labelled>,
    /// `M = S · L`: multipliers.
    pub m: Option<Labelled>,
    /// Consumption-based account per (region, sector) column.
    pub d_cba: Option<Labelled>,
    /// Production-based account.
    pub d_pba: Option<Labelled>,
    /// Import-embodied account.
    pub d_imp: Option<Labelled>,
    /// Export-embodied account.
    pub d_exp: Option<Labelled>,
    /// `D_cba` summed per region (plus `F_Y`).
    pub d_cba_reg: Option<Labelled>,
    /// `D_pba` summed per region (plus `F_Y`).
    pub d_pba_reg: Option<Labelled>,
    /// `D_imp` summed per region.
    pub d_imp_reg: Option<Labelled>,
    /// `D_exp` summed per region.
    pub d_exp_reg: Option<Labelled>,
    /// `D_cba_reg` per inhabitant.
    pub d_cba_cap: Option<Labelled>,
    /// `D_pba_reg` per inhabitant.
    pub d_pba_cap: Option<Labelled>,
    /// `D_imp_reg` per inhabitant.
    pub d_imp_cap: Option<Labelled>,
    /// `D_exp_reg` per inhabitant.
    pub d_exp_cap: Option<Labelled>,
}

/// The names pymrio gives an extension's arrays, in the order `save_all` writes them, paired
/// with accessors; the readers, writers and cache iterate over this one list so they agree.
pub const EXTENSION_ARRAYS: [&str; 17] = [
    "F",
    "F_Y",
    "S",
    "S_Y",
    "M",
    "D_cba",
    "D_pba",
    "D_imp",
    "D_exp",
    "D_cba_reg",
    "D_pba_reg",
    "D_imp_reg",
    "D_exp_reg",
    "D_cba_cap",
    "D_pba_cap",
    "D_imp_cap",
    "D_exp_cap",
];

impl Extension {
    /// An extension with only its inputs set.
    pub fn new(folder: impl Into<String>, name: impl Into<String>, f: Labelled) -> Self {
        Self {
            folder: folder.into(),
            name: name.into(),
            f: Some(f),
            ..Self::default()
        }
    }

    /// The array pymrio calls `name` (one of [`EXTENSION_ARRAYS`]).
    pub fn array(&self, name: &str) -> Option<&Labelled> {
        self.slot(name).and_then(|s| s.as_ref())
    }

    /// Mutable slot of the array pymrio calls `name`; `None` for an unknown name.
    pub fn array_slot(&mut self, name: &str) -> Option<&mut Option<Labelled>> {
        Some(match name {
            "F" => &mut self.f,
            "F_Y" => &mut self.f_y,
            "S" => &mut self.s,
            "S_Y" => &mut self.s_y,
            "M" => &mut self.m,
            "D_cba" => &mut self.d_cba,
            "D_pba" => &mut self.d_pba,
            "D_imp" => &mut self.d_imp,
            "D_exp" => &mut self.d_exp,
            "D_cba_reg" => &mut self.d_cba_reg,
            "D_pba_reg" => &mut self.d_pba_reg,
            "D_imp_reg" => &mut self.d_imp_reg,
            "D_exp_reg" => &mut self.d_exp_reg,
            "D_cba_cap" => &mut self.d_cba_cap,
            "D_pba_cap" => &mut self.d_pba_cap,
            "D_imp_cap" => &mut self.d_imp_cap,
            "D_exp_cap" => &mut self.d_exp_cap,
            _ => return None,
        })
    }

    fn slot(&self, name: &str) -> Option<&Option<Labelled>> {
        Some(match name {
            "F" => &self.f,
            "F_Y" => &self.f_y,
            "S" => &self.s,
            "S_Y" => &self.s_y,
            "M" => &self.m,
            "D_cba" => &self.d_cba,
            "D_pba" => &self.d_pba,
            "D_imp" => &self.d_imp,
            "D_exp" => &self.d_exp,
            "D_cba_reg" => &self.d_cba_reg,
            "D_pba_reg" => &self.d_pba_reg,
            "D_imp_reg" => &self.d_imp_reg,
            "D_exp_reg" => &self.d_exp_reg,
            "D_cba_cap" => &self.d_cba_cap,
            "D_pba_cap" => &self.d_pba_cap,
            "D_imp_cap" => &self.d_imp_cap,
            "D_exp_cap" => &self.d_exp_cap,
            _ => return None,
        })
    }

    /// The stressor index (rows of `F`), when `F` is present.
    pub fn stressors(&self) -> Option<&Index> {
        self.f.as_ref().map(Labelled::rows)
    }
}

/// A multi-regional input-output system (pymrio `IOSystem`).
///
/// Core arrays, each `None` until read or computed:
/// - `z`: inter-industry flows `Z` (n × n, industries `(region, sector)` on both axes);
/// - `a`: technical coefficients `A = Z · diag(x)⁻¹`;
/// - `x`: gross output, an n × 1 matrix whose single column is labelled `indout`;
/// - `y`: final demand `Y` (n × c, columns `(region, category)`);
/// - `l`: the Leontief inverse `(I − A)⁻¹`, only when asked for;
/// - `unit`: unit per industry;
/// - `population`: a 1 × R matrix (row `Population`, columns the regions) when the system has one,
///   which makes the per-capita accounts computable.
///
/// EXIOBASE ships `A` without `Z`; pymrio's test system ships `Z` without `A`; either is enough.
#[derive(Debug, Clone, Default)]
pub struct IoSystem {
    /// What `metadata.json` says.
    pub meta: Metadata,
    /// `Z`: inter-industry flows.
    pub z: Option<Labelled>,
    /// `A`: technical coefficients.
    pub a: Option<Labelled>,
    /// `x`: gross output (n × 1, column `indout`).
    pub x: Option<Labelled>,
    /// `Y`: final demand.
    pub y: Option<Labelled>,
    /// `L = (I − A)⁻¹`.
    pub l: Option<Labelled>,
    /// Unit per industry.
    pub unit: Option<TextColumn>,
    /// Population per region (1 × R).
    pub population: Option<Labelled>,
    /// Satellite accounts in file order.
    pub extensions: Vec<Extension>,
}

/// The core arrays pymrio's `save_all` writes, in its order.
pub const CORE_ARRAYS: [&str; 5] = ["Z", "Y", "x", "A", "L"];

impl IoSystem {
    /// The core array pymrio calls `name` (`Z`, `Y`, `x`, `A`, `L`, `population`).
    pub fn array(&self, name: &str) -> Option<&Labelled> {
        match name {
            "Z" => self.z.as_ref(),
            "Y" => self.y.as_ref(),
            "x" => self.x.as_ref(),
            "A" => self.a.as_ref(),
            "L" => self.l.as_ref(),
            "population" => self.population.as_ref(),
            _ => None,
        }
    }

    /// Mutable slot of the core array pymrio calls `name`; `None` for an unknown name.
    pub fn array_slot(&mut self, name: &str) -> Option<&mut Option<Labelled>> {
        Some(match name {
            "Z" => &mut self.z,
            "Y" => &mut self.y,
            "x" => &mut self.x,
            "A" => &mut self.a,
            "L" => &mut self.l,
            "population" => &mut self.population,
            _ => return None,
        })
    }

    /// The industry index `(region, sector)`: rows of `Z`, `A`, `x`, `Y` or `L`, whichever is
    /// present first.
    pub fn industries(&self) -> Option<&Index> {
        [&self.a, &self.z, &self.x, &self.y, &self.l]
            .into_iter()
            .find_map(|m| m.as_ref().map(Labelled::rows))
    }

    /// The final-demand index `(region, category)`: columns of `Y`.
    pub fn final_demand(&self) -> Option<&Index> {
        self.y.as_ref().map(Labelled::cols)
    }

    /// Regions in order (first level of the industry index).
    pub fn regions(&self) -> Vec<String> {
        self.industries().map(|i| i.unique(0)).unwrap_or_default()
    }

    /// Sectors in order (last level of the industry index).
    pub fn sectors(&self) -> Vec<String> {
        self.industries()
            .map(|i| i.unique(i.nlevels() - 1))
            .unwrap_or_default()
    }

    /// Final-demand categories in order (last level of `Y`'s column index).
    pub fn categories(&self) -> Vec<String> {
        self.final_demand()
            .map(|i| i.unique(i.nlevels() - 1))
            .unwrap_or_default()
    }

    /// The extension in folder or with display name `name`.
    pub fn extension(&self, name: &str) -> Option<&Extension> {
        self.extensions
            .iter()
            .find(|e| e.folder == name || e.name == name)
    }
}
