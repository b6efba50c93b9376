//! Trade attribution (docs/risk-method.md §2b): an input-output table at basic prices books the
//! goods a shop sells to the industries that make them and only the margin to trade, so a
//! retailer's or wholesaler's supply-chain risk would be that of shop rents and wages. A trade
//! rule adds, to a trade sector's final demand, the goods a final-demand category buys through
//! it — an overlay: the producing sectors keep those goods too, so the overlaid sectors no
//! longer add up to the focus region's total (which the averages therefore take from the
//! plain final demand).

use faer::Mat;
use serde::{Deserialize, Serialize};

use crate::error::{Result, RiskError};
use crate::inputs::NationalSector;
use crate::setup::{RiskSystem, Setup};

/// What a final-demand category buys of some products through a trade sector.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TradeRule {
    /// The final-demand category, as the system labels it.
    pub final_demand: String,
    /// The MRIO sectors whose products pass through the channel.
    pub products: Vec<String>,
    /// The national sector of the trade channel.
    pub channel: String,
    /// Share of the purchases that passes through the channel, in [0, 1].
    pub share: f64,
    /// Why, and on whose authority.
    pub reason: String,
}

/// Adds the rules' purchases to `y_groups` (industries × national sectors) and returns, per
/// national sector, the final demand added.
pub fn apply(
    rules: &[TradeRule],
    sys: &RiskSystem<'_>,
    setup: &Setup,
    sectors: &[NationalSector],
    y_groups: &mut Mat<f64>,
) -> Result<Vec<f64>> {
    let mut added = vec![0.0; sectors.len()];
    for rule in rules {
        let columns: Vec<usize> = setup
            .focus_columns
            .iter()
            .copied()
            .filter(|&c| sys.y_categories[c] == rule.final_demand)
            .collect();
        if columns.is_empty() {
            let mut known: Vec<&str> = sys.y_categories.iter().map(String::as_str).collect();
            known.sort_unstable();
            known.dedup();
            return Err(RiskError::Invalid(format!(
                "trade rule: the focus region has no final demand `{}`; its categories are: {}",
                rule.final_demand,
                known.join(", ")
            )));
        }
        let g = sectors
            .iter()
            .position(|s| s.id == rule.channel)
            .ok_or_else(|| {
                RiskError::Invalid(format!(
                    "trade rule: `{}` is not a national sector",
                    rule.channel
                ))
            })?;
        let mut products = vec![false; sys.sectors.len()];
        for p in &rule.products {
            let s = sys.sectors.iter().position(|x| x == p).ok_or_else(|| {
                RiskError::Invalid(format!("trade rule: `{p}` is not a sector of the system"))
            })?;
            products[s] = true;
        }
        for i in 0..sys.n() {
            if products[sys.industry_sector[i]] {
                let y: f64 = columns.iter().map(|&c| sys.y[(i, c)]).sum();
                y_groups[(i, g)] += rule.share * y;
                added[g] += rule.share * y;
            }
        }
    }
    Ok(added)
}
