//! Options of the sector risk analysis shared by `imvo risk demo`, `report` and `analyse`.

use imvo_risk::analysis::{FlagRule, Options, TradeRule};
use imvo_risk::engine::Method;
use imvo_risk::spa::SpaOptions;

/// How to solve with (I − A).
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum MethodArg {
    /// The engine's rule (size, sparsity, number of right-hand sides).
    Auto,
    /// Dense LU.
    Lu,
    /// Iterative solver with a proven error bound.
    Iterative,
}

/// Options of the analysis itself, shared by `demo`, `report` and `analyse`.
#[derive(Debug, clap::Args)]
pub struct OptionArgs {
    /// Region whose final demand is analysed.
    #[arg(long, default_value = "NL")]
    pub focus: String,
    /// Hotspots per sector and theme.
    #[arg(long, default_value_t = 10)]
    pub top_hotspots: usize,
    /// Paths listed per sector and theme.
    #[arg(long, default_value_t = 10)]
    pub top_paths: usize,
    /// List paths worth at least this share of the footprint (also the search's pruning
    /// threshold).
    #[arg(long, default_value_t = 0.001)]
    pub path_share: f64,
    /// Node expansions per path search.
    #[arg(long, default_value_t = 3000)]
    pub max_expansions: usize,
    /// Search paths for each sector's this many main themes, by ratio × severity.
    #[arg(long, default_value_t = 5)]
    pub path_themes: usize,
    /// Flag rule: a score at least this makes a sector elevated.
    #[arg(long, default_value_t = FlagRule::default().score_at_least)]
    pub score_at_least: f64,
    /// Flag rule: a theme counts when its ratio is at least this …
    #[arg(long, default_value_t = FlagRule::default().theme_ratio)]
    pub theme_ratio: f64,
    /// … and this many such themes make a sector elevated.
    #[arg(long, default_value_t = FlagRule::default().min_themes)]
    pub min_themes: usize,
    /// Solver for (I − A).
    #[arg(long, value_enum, default_value = "auto")]
    pub method: MethodArg,
}

impl OptionArgs {
    /// The analysis options, for the focus region `focus` (as the system spells it).
    pub fn options(&self, focus: &str, trade: Vec<TradeRule>) -> Options {
        Options {
            focus: focus.to_string(),
            top_hotspots: self.top_hotspots,
            spa: SpaOptions {
                top_paths: self.top_paths,
                min_share: self.path_share,
                max_expansions: self.max_expansions,
            },
            spa_themes: self.path_themes,
            flag: FlagRule {
                score_at_least: self.score_at_least,
                theme_ratio: self.theme_ratio,
                min_themes: self.min_themes,
                ..FlagRule::default()
            },
            trade,
        }
    }

    /// The solver chosen.
    pub fn method(&self) -> Method {
        match self.method {
            MethodArg::Auto => Method::Auto,
            MethodArg::Lu => Method::Lu,
            MethodArg::Iterative => Method::Iterative,
        }
    }
}
