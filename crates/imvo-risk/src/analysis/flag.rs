//! The elevated-risk flag: the documented, configurable rule and its verdict, in Dutch and
//! English, apart from the computation that produces the sector results it judges.

use serde::{Deserialize, Serialize};

use super::SectorResult;
use crate::inputs::Lang;

/// The documented, configurable rule that flags a sector as "elevated risk".
///
/// A sector is elevated when its final demand is material (at least `min_final_demand_share`
/// of the focus region's final demand), it is not excluded (the catch-all group), and either
/// its score is at least `score_at_least` or at least `min_themes` themes have a ratio of at
/// least `theme_ratio`. Ratios compare the sector's risk per unit of final demand with the
/// focus region's average (1 = average); the score is their severity-weighted mean.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FlagRule {
    /// Score threshold.
    pub score_at_least: f64,
    /// Per-theme ratio threshold.
    pub theme_ratio: f64,
    /// How many themes must reach `theme_ratio`.
    pub min_themes: usize,
    /// Minimum share of the focus region's final demand.
    pub min_final_demand_share: f64,
    /// Sector ids never flagged (the catch-all "other" group).
    pub exclude: Vec<String>,
}

impl FlagRule {
    /// The rule's verdict on a sector, with the figures that decided it.
    pub fn judge(&self, sr: &SectorResult) -> Verdict {
        let above = sr
            .cells
            .iter()
            .filter(|c| c.ratio >= self.theme_ratio)
            .count();
        if self.exclude.contains(&sr.sector.id) {
            Verdict::Excluded
        } else if sr.final_demand_share < self.min_final_demand_share {
            Verdict::SmallShare {
                share: sr.final_demand_share,
                min: self.min_final_demand_share,
            }
        } else if sr.score >= self.score_at_least {
            Verdict::Score {
                score: sr.score,
                min: self.score_at_least,
            }
        } else if above >= self.min_themes {
            Verdict::Themes {
                above,
                ratio: self.theme_ratio,
                needed: self.min_themes,
            }
        } else {
            Verdict::Below {
                score: sr.score,
                min: self.score_at_least,
                above,
                ratio: self.theme_ratio,
                needed: self.min_themes,
            }
        }
    }
}

/// Why [`FlagRule`] flags a sector as elevated risk or not. Kept as figures, so reports in
/// either language can say it in words ([`Verdict::text`]); `analysis.json` keeps the English
/// text in [`SectorResult::flag_reason`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Verdict {
    /// The sector is the catch-all group the rule leaves out.
    Excluded,
    /// Its share of final demand is below the rule's minimum.
    SmallShare {
        /// The share.
        share: f64,
        /// The minimum.
        min: f64,
    },
    /// Elevated: the score reaches the threshold.
    Score {
        /// The score.
        score: f64,
        /// The threshold.
        min: f64,
    },
    /// Elevated: enough themes reach the theme ratio.
    Themes {
        /// Themes at or above `ratio`.
        above: usize,
        /// The theme ratio.
        ratio: f64,
        /// Themes needed.
        needed: usize,
    },
    /// Not elevated: neither the score nor enough themes reach the thresholds.
    Below {
        /// The score.
        score: f64,
        /// The score threshold.
        min: f64,
        /// Themes at or above `ratio`.
        above: usize,
        /// The theme ratio.
        ratio: f64,
        /// Themes needed.
        needed: usize,
    },
}

impl Verdict {
    /// Whether the sector is flagged as elevated risk.
    pub fn elevated(self) -> bool {
        matches!(self, Verdict::Score { .. } | Verdict::Themes { .. })
    }

    /// The verdict in words, numbers written as `lang` writes them.
    pub fn text(self, lang: Lang) -> String {
        let nl = lang == Lang::Nl;
        let n = |v: f64, d: usize| lang.number(v, d);
        let themes = |k: usize| match (nl, k) {
            (true, 1) => "thema",
            (true, _) => "thema's",
            (false, 1) => "theme",
            (false, _) => "themes",
        };
        match self {
            Verdict::Excluded if nl => "uitgezonderd door de regel (restgroep)".into(),
            Verdict::Excluded => "excluded by the rule (catch-all group)".into(),
            Verdict::SmallShare { share, min } => format!(
                "{} {} {} {}",
                if nl {
                    "aandeel in de finale vraag"
                } else {
                    "final demand share"
                },
                n(share, 4),
                if nl { "onder" } else { "below" },
                n(min, 4)
            ),
            Verdict::Score { score, min } => format!("score {} ≥ {}", n(score, 2), n(min, 2)),
            Verdict::Themes {
                above,
                ratio,
                needed,
            } => format!(
                "{above} {} {} ≥ {} (≥ {needed} {})",
                themes(above),
                if nl { "met verhouding" } else { "with ratio" },
                n(ratio, 2),
                if nl { "nodig" } else { "needed" }
            ),
            Verdict::Below {
                score,
                min,
                above,
                ratio,
                needed,
            } => format!(
                "score {} < {} {} {above} {} {} ≥ {} (< {needed})",
                n(score, 2),
                n(min, 2),
                if nl { "en" } else { "and" },
                themes(above),
                if nl { "met verhouding" } else { "with ratio" },
                n(ratio, 2)
            ),
        }
    }
}

impl Default for FlagRule {
    fn default() -> Self {
        Self {
            score_at_least: 1.25,
            theme_ratio: 1.5,
            min_themes: 3,
            min_final_demand_share: 0.001,
            exclude: vec!["overig".into()],
        }
    }
}
