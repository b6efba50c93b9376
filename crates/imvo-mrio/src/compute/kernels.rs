//! Elementwise and summing kernels: output, coefficients, scaling, grouped sums.
//!
//! All take borrowed faer views and return new matrices; none reads or writes files. Division
//! by output follows pymrio's `calc_A`: a column whose divisor is zero (an industry with no
//! output, a final-demand column with no demand) gets zero coefficients instead of `inf`/NaN.

use faer::{Mat, MatRef};

use super::error::ComputeError;

/// `1 / d`, or 0 when that is infinite (pymrio sets `1/0 = inf` to 0; a divisor of `-0.0` is
/// treated the same way here instead of producing `-inf`).
#[inline]
pub fn reciprocal_or_zero(d: f64) -> f64 {
    let r = 1.0 / d;
    if r.is_infinite() { 0.0 } else { r }
}

/// Row sums of `m` as a vector (`m · 1`), summed column by column so memory is read in order.
pub fn row_sums(m: MatRef<'_, f64>) -> Vec<f64> {
    let mut out = vec![0.0; m.nrows()];
    for j in 0..m.ncols() {
        let col = m.col(j);
        for (i, o) in out.iter_mut().enumerate() {
            *o += col[i];
        }
    }
    out
}

/// Column sums of `m` (`1ᵀ · m`).
pub fn column_sums(m: MatRef<'_, f64>) -> Vec<f64> {
    (0..m.ncols())
        .map(|j| {
            let col = m.col(j);
            (0..m.nrows()).map(|i| col[i]).sum()
        })
        .collect()
}

/// Gross output from flows: `x = Z·1 + Y·1` (pymrio `calc_x`), as an n × 1 matrix.
pub fn output_from_flows(z: MatRef<'_, f64>, y: MatRef<'_, f64>) -> Result<Mat<f64>, ComputeError> {
    if z.nrows() != z.ncols() || y.nrows() != z.nrows() {
        return Err(ComputeError::Shape(format!(
            "Z is {} × {} and Y has {} rows; Z must be square with as many rows as Y",
            z.nrows(),
            z.ncols(),
            y.nrows()
        )));
    }
    let mut x = row_sums(z);
    for (xi, yi) in x.iter_mut().zip(row_sums(y)) {
        *xi += yi;
    }
    Ok(Mat::from_fn(x.len(), 1, |i, _| x[i]))
}

/// `m · diag(d)⁻¹`: column j divided by `d[j]`, zero where `d[j] = 0` (pymrio `calc_A`,
/// `calc_S`, `calc_S_Y`).
pub fn divide_columns(m: MatRef<'_, f64>, d: &[f64]) -> Result<Mat<f64>, ComputeError> {
    if m.ncols() != d.len() {
        return Err(ComputeError::Shape(format!(
            "{} columns to divide by {} values",
            m.ncols(),
            d.len()
        )));
    }
    let mut out = Mat::<f64>::zeros(m.nrows(), m.ncols());
    for (j, &dj) in d.iter().enumerate() {
        let r = reciprocal_or_zero(dj);
        let src = m.col(j);
        let mut dst = out.as_mut().col_mut(j);
        for i in 0..m.nrows() {
            dst[i] = src[i] * r;
        }
    }
    Ok(out)
}

/// `m · diag(d)`: column j multiplied by `d[j]` (pymrio `calc_Z`, `calc_F`; also
/// `D_pba = S ⊙ x_tot` and `D_exp = S ⊙ x_exp`).
pub fn scale_columns(m: MatRef<'_, f64>, d: &[f64]) -> Result<Mat<f64>, ComputeError> {
    if m.ncols() != d.len() {
        return Err(ComputeError::Shape(format!(
            "{} columns to scale by {} values",
            m.ncols(),
            d.len()
        )));
    }
    Ok(Mat::from_fn(m.nrows(), m.ncols(), |i, j| m[(i, j)] * d[j]))
}

/// Sums the columns of `m` into `ngroups` columns: column j goes to `group[j]` (pandas'
/// `df.T.groupby(level).sum().T`, with groups numbered in order of first appearance).
pub fn group_columns(
    m: MatRef<'_, f64>,
    group: &[usize],
    ngroups: usize,
) -> Result<Mat<f64>, ComputeError> {
    if m.ncols() != group.len() || group.iter().any(|&g| g >= ngroups) {
        return Err(ComputeError::Shape(format!(
            "{} columns grouped by {} codes into {ngroups} groups",
            m.ncols(),
            group.len()
        )));
    }
    let mut out = Mat::<f64>::zeros(m.nrows(), ngroups);
    for (j, &g) in group.iter().enumerate() {
        let src = m.col(j);
        let mut dst = out.as_mut().col_mut(g);
        for i in 0..m.nrows() {
            dst[i] += src[i];
        }
    }
    Ok(out)
}

/// Code per entry (in order of first appearance) and the number of distinct labels.
pub fn codes<S: AsRef<str>>(labels: &[S]) -> (Vec<usize>, Vec<String>) {
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut uniq = Vec::new();
    let mut out = Vec::with_capacity(labels.len());
    for l in labels {
        let l = l.as_ref();
        let next = seen.len();
        let c = *seen.entry(l).or_insert_with(|| {
            uniq.push(l.to_string());
            next
        });
        out.push(c);
    }
    (out, uniq)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_output_gives_zero_coefficients() {
        let z = Mat::from_fn(2, 2, |i, j| (i + 2 * j) as f64);
        let a = divide_columns(z.as_ref(), &[0.0, 4.0]).unwrap();
        assert_eq!(a[(0, 0)], 0.0);
        assert_eq!(a[(1, 0)], 0.0);
        assert_eq!(a[(1, 1)], 3.0 / 4.0);
        let a = divide_columns(z.as_ref(), &[-0.0, 4.0]).unwrap();
        assert_eq!(a[(1, 0)], 0.0);
    }

    #[test]
    fn grouping_sums_in_first_appearance_order() {
        let (c, u) = codes(&["b", "a", "b", "c"]);
        assert_eq!(c, vec![0, 1, 0, 2]);
        assert_eq!(u, vec!["b", "a", "c"]);
        let m = Mat::from_fn(1, 4, |_, j| (j + 1) as f64);
        let g = group_columns(m.as_ref(), &c, 3).unwrap();
        assert_eq!((g[(0, 0)], g[(0, 1)], g[(0, 2)]), (4.0, 2.0, 4.0));
        assert!(group_columns(m.as_ref(), &[0, 1], 3).is_err());
    }

    #[test]
    fn output_is_row_sums_of_z_and_y() {
        let z = Mat::from_fn(2, 2, |i, j| (1 + i + j) as f64);
        let y = Mat::from_fn(2, 3, |i, _| i as f64);
        let x = output_from_flows(z.as_ref(), y.as_ref()).unwrap();
        assert_eq!((x[(0, 0)], x[(1, 0)]), (3.0, 8.0));
        assert!(output_from_flows(z.as_ref(), Mat::<f64>::zeros(3, 1).as_ref()).is_err());
    }
}
