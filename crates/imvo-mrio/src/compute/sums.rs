//! The regional and per-capita sums of the extension accounts (`D_*_reg`, `D_*_cap`), as
//! pymrio forms them after the accounts themselves: columns grouped per region, `F_Y` added per
//! region to the consumption- and production-based sums, then divided by population.

use faer::Mat;

use super::accounts::{self, Layout};
use super::{ComputeError, Scope, kernels, labelled, region_level};
use crate::system::{Extension, Index, Labelled};

/// `F_Y` summed per region, aligned by label to `regions`; `None` without `F_Y`.
fn f_y_by_region(ext: &Extension, regions: &[String]) -> Result<Option<Mat<f64>>, ComputeError> {
    let Some(f_y) = &ext.f_y else {
        return Ok(None);
    };
    let lev = region_level(f_y.cols());
    let (codes, labels) = kernels::codes(f_y.cols().level(lev));
    let agg = kernels::group_columns(f_y.data().as_ref(), &codes, labels.len())?;
    let mut out = Mat::<f64>::zeros(agg.nrows(), regions.len());
    if labels.len() != regions.len() {
        return Err(ComputeError::Shape(format!(
            "{}/F_Y has final demand of regions {} but the accounts are for {}",
            ext.folder,
            labels.join(", "),
            regions.join(", ")
        )));
    }
    for (j, r) in regions.iter().enumerate() {
        let c = labels.iter().position(|l| l == r).ok_or_else(|| {
            ComputeError::Shape(format!(
                "{}/F_Y has no final demand of region {r}",
                ext.folder
            ))
        })?;
        out.as_mut().col_mut(j).copy_from(agg.as_ref().col(c));
    }
    Ok(Some(out))
}

pub(super) fn regional_sums(
    ext: &mut Extension,
    layout: &Layout,
    fd_reg_cols: &Index,
    ind_reg_cols: &Index,
    scope: Scope,
    computed: &mut Vec<String>,
) -> Result<(), ComputeError> {
    let all = scope == Scope::All;
    let missing = ext.d_cba_reg.is_none()
        || ext.d_pba_reg.is_none()
        || (all && (ext.d_imp_reg.is_none() || ext.d_exp_reg.is_none()));
    if !missing {
        return Ok(());
    }
    let stressors = ext.f.as_ref().expect("F is set").rows().clone();
    let ns = layout.sectors.len();
    let fd_group: Vec<usize> = (0..layout.account_cols()).map(|c| c / ns.max(1)).collect();
    let nfd = layout.fd_regions.len();
    let nind = layout.industry_regions.len();
    let name = ext.folder.clone();
    let group = |d: &Option<Labelled>, by_fd: bool| -> Result<Mat<f64>, ComputeError> {
        let d = d.as_ref().expect("D accounts are set");
        if by_fd {
            kernels::group_columns(d.data().as_ref(), &fd_group, nfd)
        } else {
            kernels::group_columns(d.data().as_ref(), &layout.industry_region_of, nind)
        }
    };
    let mut cba = group(&ext.d_cba, true)?;
    let mut pba = group(&ext.d_pba, false)?;
    if let Some(fy) = f_y_by_region(ext, &layout.fd_regions)? {
        accounts::add_into(&mut cba, fy.as_ref())?;
    }
    if let Some(fy) = f_y_by_region(ext, &layout.industry_regions)? {
        accounts::add_into(&mut pba, fy.as_ref())?;
    }
    if all {
        let imp = group(&ext.d_imp, true)?;
        let exp = group(&ext.d_exp, false)?;
        ext.d_imp_reg = Some(labelled(stressors.clone(), fd_reg_cols.clone(), imp));
        ext.d_exp_reg = Some(labelled(stressors.clone(), ind_reg_cols.clone(), exp));
        computed.push(format!("{name}/D_imp_reg"));
        computed.push(format!("{name}/D_exp_reg"));
    }
    ext.d_cba_reg = Some(labelled(stressors.clone(), fd_reg_cols.clone(), cba));
    ext.d_pba_reg = Some(labelled(stressors, ind_reg_cols.clone(), pba));
    computed.push(format!("{name}/D_cba_reg"));
    computed.push(format!("{name}/D_pba_reg"));
    Ok(())
}

pub(super) fn per_capita_accounts(
    ext: &mut Extension,
    pop: &[f64],
    labels: &[String],
    scope: Scope,
    computed: &mut Vec<String>,
) -> Result<(), ComputeError> {
    let all = scope == Scope::All;
    let missing = ext.d_cba_cap.is_none()
        || ext.d_pba_cap.is_none()
        || (all && (ext.d_imp_cap.is_none() || ext.d_exp_cap.is_none()));
    if !missing {
        return Ok(());
    }
    let name = ext.folder.clone();
    let cap = |d: &Option<Labelled>| -> Result<Option<Labelled>, ComputeError> {
        let Some(d) = d else { return Ok(None) };
        let regions = d.cols().level(0);
        let mut p = Vec::with_capacity(regions.len());
        for r in regions {
            let j = labels.iter().position(|l| l == r).ok_or_else(|| {
                ComputeError::Shape(format!("the population has no figure for region {r}"))
            })?;
            p.push(pop[j]);
        }
        let data = accounts::per_capita(d.data().as_ref(), &p)?;
        Ok(Some(labelled(d.rows().clone(), d.cols().clone(), data)))
    };
    ext.d_cba_cap = cap(&ext.d_cba_reg)?;
    ext.d_pba_cap = cap(&ext.d_pba_reg)?;
    computed.push(format!("{name}/D_cba_cap"));
    computed.push(format!("{name}/D_pba_cap"));
    if all {
        ext.d_imp_cap = cap(&ext.d_imp_reg)?;
        ext.d_exp_cap = cap(&ext.d_exp_reg)?;
        computed.push(format!("{name}/D_imp_cap"));
        computed.push(format!("{name}/D_exp_cap"));
    }
    Ok(())
}
