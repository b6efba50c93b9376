//! Consistency checks between the arrays of a system: the conditions item 7 of issue 6 calls bad
//! input (mismatched dimensions or labels, negative output, non-finite numbers), each reported
//! with the arrays and the first offending entry named.

use crate::error::MrioError;
use crate::system::{EXTENSION_ARRAYS, Index, IoSystem, Labelled};

/// Describes the first difference between two indexes, or `None` when they are equal.
pub fn index_difference(a: &Index, b: &Index) -> Option<String> {
    if a.len() != b.len() {
        return Some(format!("{} entries against {}", a.len(), b.len()));
    }
    if a.nlevels() != b.nlevels() {
        return Some(format!("{} levels against {}", a.nlevels(), b.nlevels()));
    }
    for i in 0..a.len() {
        let (ka, kb) = (a.key(i), b.key(i));
        if ka != kb {
            return Some(format!(
                "entry {} is ({}) against ({})",
                i + 1,
                ka.join(", "),
                kb.join(", ")
            ));
        }
    }
    None
}

fn same(what: &str, a: &Index, b: &Index) -> Result<(), MrioError> {
    match index_difference(a, b) {
        None => Ok(()),
        Some(d) => Err(MrioError::Invalid(format!(
            "{what} do not match: {d}; the files must come from one system"
        ))),
    }
}

/// Fails on the first NaN or infinite value of `m`, naming the array, row and column labels.
/// A matrix still compressed from the cache is checked without being decoded.
pub fn check_finite(what: &str, m: &Labelled) -> Result<(), MrioError> {
    match m.first_non_finite() {
        None => Ok(()),
        Some((i, j)) => Err(MrioError::Invalid(format!(
            "{what}: value {} at row ({}) column ({}) is not a finite number",
            m.data()[(i, j)],
            m.rows().key(i).join(", "),
            m.cols().key(j).join(", ")
        ))),
    }
}

impl IoSystem {
    /// Checks the invariants listed in the module docs of [`crate::system`]: shapes and labels
    /// agree between arrays. The readers call this; call it on hand-built systems before
    /// computing. It lives here, beside the checks, so that `system` need not import this
    /// module back.
    pub fn check(&self) -> Result<(), MrioError> {
        check_system(self)
    }
}

/// The checks of [`IoSystem::check`].
pub fn check_system(sys: &IoSystem) -> Result<(), MrioError> {
    let Some(ind) = sys.industries().cloned() else {
        return Err(MrioError::Invalid(
            "the system has none of Z, A, x, Y, L: there is nothing to compute with".into(),
        ));
    };
    for name in ["Z", "A", "L"] {
        if let Some(m) = sys.array(name) {
            same(
                &format!("rows of {name} and the industries"),
                m.rows(),
                &ind,
            )?;
            same(
                &format!("columns of {name} and the industries"),
                m.cols(),
                &ind,
            )?;
        }
    }
    if let Some(x) = &sys.x {
        same("rows of x and the industries", x.rows(), &ind)?;
        if x.ncols() != 1 {
            return Err(MrioError::Invalid(format!(
                "x must have one column (indout), it has {}",
                x.ncols()
            )));
        }
        let col = x.data().col(0);
        for i in 0..x.nrows() {
            if col[i] < 0.0 {
                return Err(MrioError::Invalid(format!(
                    "x: output of ({}) is negative ({}); gross output must be ≥ 0",
                    x.rows().key(i).join(", "),
                    col[i]
                )));
            }
        }
    }
    if let Some(y) = &sys.y {
        same("rows of Y and the industries", y.rows(), &ind)?;
    }
    if let Some(u) = &sys.unit {
        same("rows of unit and the industries", &u.rows, &ind)?;
    }
    if let Some(p) = &sys.population {
        let regions = sys.regions();
        let cols = p.cols().level(p.cols().nlevels() - 1);
        if cols != regions.as_slice() {
            return Err(MrioError::Invalid(format!(
                "population columns ({}) are not the regions of the system ({})",
                cols.join(", "),
                regions.join(", ")
            )));
        }
    }
    for m in [&sys.z, &sys.a, &sys.x, &sys.y, &sys.l, &sys.population]
        .into_iter()
        .flatten()
    {
        check_finite("system", m)?;
    }
    let fd = sys.final_demand().cloned();
    for ext in &sys.extensions {
        let Some(f) = &ext.f else {
            return Err(MrioError::Invalid(format!(
                "extension {}: F is missing; an extension needs F (stressors × industries)",
                ext.folder
            )));
        };
        same(
            &format!("columns of {}/F and the industries", ext.folder),
            f.cols(),
            &ind,
        )?;
        for name in EXTENSION_ARRAYS {
            if let Some(m) = ext.array(name) {
                same(
                    &format!("rows of {}/{name} and of {}/F", ext.folder, ext.folder),
                    m.rows(),
                    f.rows(),
                )?;
                check_finite(&format!("{}/{name}", ext.folder), m)?;
            }
        }
        for name in ["S", "M", "D_cba", "D_pba", "D_imp", "D_exp"] {
            if let Some(m) = ext.array(name) {
                same(
                    &format!("columns of {}/{name} and the industries", ext.folder),
                    m.cols(),
                    &ind,
                )?;
            }
        }
        for name in ["F_Y", "S_Y"] {
            if let (Some(m), Some(fd)) = (ext.array(name), &fd) {
                same(
                    &format!("columns of {}/{name} and of Y", ext.folder),
                    m.cols(),
                    fd,
                )?;
            }
        }
        if let Some(u) = &ext.unit {
            same(
                &format!("rows of {}/unit and of {}/F", ext.folder, ext.folder),
                &u.rows,
                f.rows(),
            )?;
        }
    }
    Ok(())
}
