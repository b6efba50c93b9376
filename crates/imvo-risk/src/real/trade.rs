//! The trade rules of `trade_channels.csv`, resolved against a system: product and channel
//! groups become the system's MRIO sectors, the channel's MRIO sector becomes its national
//! sector through the concordance in use (the SRA's, or the screening's identity).

use std::collections::BTreeSet;

use super::data::Reference;
use crate::analysis::TradeRule;
use crate::error::{Result, RiskError};
use crate::inputs::{ConcordanceRow, Sourced};

/// The rules for a system whose sectors are `sectors` with groups `groups`.
pub fn trade_rules(
    reference: &Reference,
    sectors: &[String],
    groups: &[BTreeSet<String>],
    concordance: &Sourced<ConcordanceRow>,
) -> Result<Vec<TradeRule>> {
    let path = &reference.paths["trade_channels.csv"];
    let in_group = |g: &str| -> Vec<&String> {
        sectors
            .iter()
            .zip(groups)
            .filter(|(_, gs)| gs.contains(g))
            .map(|(s, _)| s)
            .collect()
    };
    let mut rules = Vec::new();
    for ch in &reference.channels {
        let products: Vec<String> = in_group(&ch.products).into_iter().cloned().collect();
        let mut channel: Vec<&str> = in_group(&ch.channel)
            .into_iter()
            .filter_map(|s| {
                concordance
                    .rows
                    .iter()
                    .find(|r| r.mrio_sector == *s)
                    .map(|r| r.national_sector.as_str())
            })
            .collect();
        channel.sort_unstable();
        channel.dedup();
        let [channel] = channel.as_slice() else {
            return Err(RiskError::File {
                path: path.clone(),
                message: format!(
                    "channel group `{}` maps to {} national sectors ({}) in this system; a channel must be one sector",
                    ch.channel,
                    channel.len(),
                    channel.join(", ")
                ),
            });
        };
        if products.is_empty() {
            return Err(RiskError::File {
                path: path.clone(),
                message: format!(
                    "product group `{}` has no sector in this system's classification",
                    ch.products
                ),
            });
        }
        rules.push(TradeRule {
            final_demand: ch.final_demand.clone(),
            products,
            channel: channel.to_string(),
            share: ch.share,
            reason: format!("{} ({})", ch.reason, ch.source),
        });
    }
    Ok(rules)
}
