//! The analysis written out: tables as Markdown, CSV and JSON, the heat map and hotspot charts
//! as SVG, and the folder that holds them, written all at once (a temporary folder renamed
//! into place, so a failed run leaves nothing half-written).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use imvo_report::chart::{Bar, BarChart, HeatMap};

use crate::analysis::{Analysis, SectorResult};
use crate::error::{Result, RiskError};
use crate::inputs::Lang;

/// A plain table: a name, headers and rows of text cells.
#[derive(Debug, Clone)]
pub struct DataTable {
    /// Title (Markdown heading).
    pub title: String,
    /// Column headers.
    pub headers: Vec<String>,
    /// Rows.
    pub rows: Vec<Vec<String>>,
}

impl DataTable {
    /// As a Markdown document: a heading, the synthetic warning when needed, the table.
    pub fn markdown(&self, synthetic: bool) -> String {
        let mut s = format!("# {}\n\n", self.title);
        if synthetic {
            s.push_str("**SYNTHETIC DATA: not a measurement of any real economy or sector.**\n\n");
        }
        let esc = |c: &str| c.replace('|', "\\|").replace('\n', " ");
        let _ = writeln!(
            s,
            "| {} |",
            self.headers
                .iter()
                .map(|h| esc(h))
                .collect::<Vec<_>>()
                .join(" | ")
        );
        let _ = writeln!(s, "|{}", "---|".repeat(self.headers.len()));
        for r in &self.rows {
            let _ = writeln!(
                s,
                "| {} |",
                r.iter().map(|c| esc(c)).collect::<Vec<_>>().join(" | ")
            );
        }
        s
    }

    /// As CSV; a synthetic table starts with a `# SYNTHETIC …` comment line.
    pub fn csv(&self, synthetic: bool) -> String {
        let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
        let _ = w.write_record(&self.headers);
        for r in &self.rows {
            let _ = w.write_record(r);
        }
        let body = String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default();
        if synthetic {
            format!("# SYNTHETIC DATA: not a measurement of any real economy or sector\n{body}")
        } else {
            body
        }
    }
}

/// Three significant digits, without exponent for ordinary magnitudes.
pub fn sig(v: f64) -> String {
    if v == 0.0 || !v.is_finite() {
        return format!("{v}");
    }
    let a = v.abs();
    if (1e-3..1e6).contains(&a) {
        let d = (2 - a.log10().floor() as i32).max(0) as usize;
        format!("{v:.d$}")
    } else {
        format!("{v:.2e}")
    }
}

fn pct(v: f64, lang: Lang) -> String {
    format!("{}%", lang.number(100.0 * v, 1))
}

/// Ranking of all sectors.
pub fn ranking_table(an: &Analysis, lang: Lang) -> DataTable {
    let en = lang == Lang::En;
    let headers = if en {
        [
            "rank",
            "sector",
            "name",
            "score",
            "elevated",
            "final demand",
            "share of final demand",
            "main risks (ratio)",
            "main hotspot",
        ]
    } else {
        [
            "rang",
            "sector",
            "naam",
            "score",
            "verhoogd",
            "finale vraag",
            "aandeel finale vraag",
            "belangrijkste risico's (ratio)",
            "belangrijkste hotspot",
        ]
    };
    let rows = an
        .ranking
        .iter()
        .map(|&g| {
            let s = &an.sectors[g];
            vec![
                s.rank.to_string(),
                s.sector.id.clone(),
                s.sector.name(lang).to_string(),
                format!("{:.2}", s.score),
                if s.elevated {
                    if en { "yes" } else { "ja" }
                } else if en {
                    "no"
                } else {
                    "nee"
                }
                .to_string(),
                sig(s.final_demand),
                pct(s.final_demand_share, lang),
                main_risks(an, s, lang, 3),
                main_hotspot(s, lang).unwrap_or_default(),
            ]
        })
        .collect();
    DataTable {
        title: format!(
            "{} ({})",
            if en {
                "Sector risk ranking"
            } else {
                "Rangorde sectorrisico's"
            },
            an.focus
        ),
        headers: headers.iter().map(|h| h.to_string()).collect(),
        rows,
    }
}

/// The `top` themes with the highest ratio, as "name (ratio)".
pub fn main_risks(an: &Analysis, s: &SectorResult, lang: Lang, top: usize) -> String {
    if s.final_demand == 0.0 {
        return match lang {
            Lang::Nl => "geen finale vraag".into(),
            Lang::En => "no final demand".into(),
        };
    }
    s.main_themes()
        .into_iter()
        .take(top)
        .map(|t| {
            format!(
                "{} ({})",
                an.themes[t].name(lang),
                lang.number(s.cells[t].ratio, 2)
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The largest hotspot of the sector's main theme, as "region / sector (share)".
pub fn main_hotspot(s: &SectorResult, lang: Lang) -> Option<String> {
    let t = *s.main_themes().first()?;
    let h = s.cells[t].hotspots.first()?;
    Some(format!(
        "{} / {} ({})",
        h.region,
        h.sector,
        pct(h.share, lang)
    ))
}

/// Every sector × theme cell.
pub fn cells_table(an: &Analysis) -> DataTable {
    let mut rows = Vec::new();
    for s in &an.sectors {
        for (t, c) in s.cells.iter().enumerate() {
            rows.push(vec![
                s.sector.id.clone(),
                c.theme.clone(),
                format!("{:?}", an.themes[t].domain).to_lowercase(),
                format!("{:.17e}", c.embodied),
                format!("{:.17e}", c.exposure),
                format!("{:.6}", c.likelihood),
                format!("{:.3}", c.severity),
                format!("{:.17e}", c.intensity),
                format!("{:.6}", c.ratio),
            ]);
        }
    }
    DataTable {
        title: "Embodied risk per sector and theme".into(),
        headers: [
            "sector",
            "theme",
            "domain",
            "embodied",
            "exposure",
            "likelihood",
            "severity",
            "intensity",
            "ratio",
        ]
        .iter()
        .map(|h| h.to_string())
        .collect(),
        rows,
    }
}

/// Hotspots of every sector and theme.
pub fn hotspots_table(an: &Analysis) -> DataTable {
    let mut rows = Vec::new();
    for s in &an.sectors {
        for c in &s.cells {
            for (i, h) in c.hotspots.iter().enumerate() {
                rows.push(vec![
                    s.sector.id.clone(),
                    c.theme.clone(),
                    (i + 1).to_string(),
                    h.region.clone(),
                    h.sector.clone(),
                    format!("{:.10e}", h.value),
                    format!("{:.6}", h.share),
                ]);
            }
        }
    }
    DataTable {
        title: "Hotspots (origin region × sector)".into(),
        headers: [
            "sector",
            "theme",
            "rank",
            "origin_region",
            "origin_sector",
            "value",
            "share",
        ]
        .iter()
        .map(|h| h.to_string())
        .collect(),
        rows,
    }
}

/// Supply-chain paths of every searched sector and theme, with the remainder as a last row.
pub fn paths_table(an: &Analysis) -> DataTable {
    let mut rows = Vec::new();
    for s in &an.sectors {
        for c in &s.cells {
            let Some(p) = &c.paths else { continue };
            for (i, path) in p.paths.iter().enumerate() {
                rows.push(vec![
                    s.sector.id.clone(),
                    c.theme.clone(),
                    (i + 1).to_string(),
                    path_text(&path.nodes),
                    format!("{:.10e}", path.value),
                    format!("{:.6}", path.share),
                ]);
            }
            let rem = p.unlisted + p.unexplored + p.pruned;
            rows.push(vec![
                s.sector.id.clone(),
                c.theme.clone(),
                "remainder".into(),
                format!(
                    "unlisted paths {:.3e}; unexplored {:.3e}; pruned {:.3e}; complete: {}",
                    p.unlisted, p.unexplored, p.pruned, p.complete
                ),
                format!("{rem:.10e}"),
                format!(
                    "{:.6}",
                    if c.embodied != 0.0 {
                        rem / c.embodied
                    } else {
                        0.0
                    }
                ),
            ]);
        }
    }
    DataTable {
        title: "Structural paths".into(),
        headers: ["sector", "theme", "rank", "path", "value", "share"]
            .iter()
            .map(|h| h.to_string())
            .collect(),
        rows,
    }
}

/// A path as text, origin first: `WA / Cotton → CN / Textiles → NL / Retail`.
pub fn path_text(nodes: &[(String, String)]) -> String {
    nodes
        .iter()
        .map(|(r, s)| format!("{r} / {s}"))
        .collect::<Vec<_>>()
        .join(" → ")
}

fn synth_tag(an: &Analysis, lang: Lang) -> &'static str {
    match (an.synthetic, lang) {
        (false, _) => "",
        (true, Lang::Nl) => " (SYNTHETISCH)",
        (true, Lang::En) => " (SYNTHETIC)",
    }
}

/// The heat map: sectors (ranked) × themes, coloured by ratio to the focus region's average.
pub fn heat_map(an: &Analysis, lang: Lang) -> HeatMap {
    let en = lang == Lang::En;
    let max = an
        .sectors
        .iter()
        .flat_map(|s| s.cells.iter().map(|c| c.ratio))
        .fold(1.0f64, f64::max);
    HeatMap {
        title: format!(
            "{}{}",
            if en {
                "Embodied risk per sector and theme, relative to the average"
            } else {
                "Ketenrisico per sector en thema, ten opzichte van het gemiddelde"
            },
            synth_tag(an, lang)
        ),
        desc: if en {
            format!(
                "Ratio of each sector's risk per unit of final demand to the average of {}'s final demand (1 = average). Sectors in rank order.",
                an.focus
            )
        } else {
            format!(
                "Verhouding tussen het risico per eenheid finale vraag van elke sector en het gemiddelde van de finale vraag van {} (1 = gemiddeld). Sectoren in volgorde van rang.",
                an.focus
            )
        },
        lang,
        rows: an
            .ranking
            .iter()
            .map(|&g| {
                let s = &an.sectors[g];
                format!(
                    "{}{}",
                    s.sector.name(lang),
                    if s.elevated { " *" } else { "" }
                )
            })
            .collect(),
        columns: an.themes.iter().map(|t| t.name(lang).to_string()).collect(),
        values: an
            .ranking
            .iter()
            .map(|&g| an.sectors[g].cells.iter().map(|c| Some(c.ratio)).collect())
            .collect(),
        range: Some((0.0, max.min(4.0))),
        scale_label: if en { "Ratio" } else { "Verhouding" }.into(),
        decimals: 1,
        cell_labels: false,
    }
}

/// The hotspot chart of one sector and theme: its largest origins, as shares.
pub fn hotspot_chart(an: &Analysis, s: &SectorResult, theme: usize, lang: Lang) -> BarChart {
    let en = lang == Lang::En;
    let c = &s.cells[theme];
    BarChart {
        title: format!(
            "{}: {} — {}{}",
            s.sector.name(lang),
            an.themes[theme].name(lang),
            "hotspots",
            synth_tag(an, lang)
        ),
        desc: if en {
            "Origin region and industry of the largest shares of the sector's embodied risk for this theme.".into()
        } else {
            "Herkomstregio en -bedrijfstak van de grootste aandelen in het ketenrisico van de sector voor dit thema.".into()
        },
        lang,
        bars: c
            .hotspots
            .iter()
            .map(|h| Bar {
                label: format!("{} / {}", h.region, shorten(&h.sector, 48)),
                value: 100.0 * h.share,
                highlight: h.region != an.focus,
            })
            .collect(),
        value_label: if en {
            "Share of the embodied risk (%)"
        } else {
            "Aandeel in het ketenrisico (%)"
        }
        .into(),
        decimals: 1,
        highlight_label: Some(if en { "abroad" } else { "buitenland" }.into()),
    }
}

/// `s` cut to `max` characters with an ellipsis.
pub fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

/// A folder being written: files go to a temporary sibling, [`Staging::commit`] renames it
/// into place. Dropped without commit, it removes the temporary folder.
pub struct Staging {
    tmp: PathBuf,
    target: PathBuf,
    done: bool,
}

/// Name of the marker file that says a folder was written by this program (and may be
/// replaced by the next run).
pub const MARKER: &str = ".imvo-risk-output";

impl Staging {
    /// Starts writing `target`. Refuses a non-empty folder that a previous run did not write.
    pub fn new(target: &Path) -> Result<Self> {
        if target.exists() {
            let empty = std::fs::read_dir(target)
                .map_err(|e| RiskError::io(target, e))?
                .next()
                .is_none();
            if !empty && !target.join(MARKER).exists() {
                return Err(RiskError::Invalid(format!(
                    "{}: the folder exists and was not written by imvo risk; choose another --out or empty it",
                    target.display()
                )));
            }
        }
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|e| RiskError::io(parent, e))?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| "out".into());
        let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp).map_err(|e| RiskError::io(&tmp, e))?;
        }
        std::fs::create_dir_all(&tmp).map_err(|e| RiskError::io(&tmp, e))?;
        std::fs::write(tmp.join(MARKER), "written by imvo risk\n")
            .map_err(|e| RiskError::io(&tmp, e))?;
        Ok(Self {
            tmp,
            target: target.to_path_buf(),
            done: false,
        })
    }

    /// Writes `rel` (a path inside the folder).
    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> Result<()> {
        let p = self.tmp.join(rel);
        if let Some(d) = p.parent() {
            std::fs::create_dir_all(d).map_err(|e| RiskError::io(d, e))?;
        }
        std::fs::write(&p, bytes).map_err(|e| RiskError::io(&p, e))
    }

    /// Replaces the target with what was written.
    pub fn commit(mut self) -> Result<PathBuf> {
        if self.target.exists() {
            std::fs::remove_dir_all(&self.target).map_err(|e| RiskError::io(&self.target, e))?;
        }
        std::fs::rename(&self.tmp, &self.target).map_err(|e| RiskError::io(&self.target, e))?;
        self.done = true;
        Ok(self.target.clone())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

/// Writes the tables, the JSON and the charts into `staging`.
pub fn write_tables(an: &Analysis, staging: &Staging) -> Result<()> {
    let syn = an.synthetic;
    for lang in [Lang::Nl, Lang::En] {
        let t = ranking_table(an, lang);
        staging.write(&format!("ranking.{}.md", lang.code()), t.markdown(syn))?;
        staging.write(&format!("ranking.{}.csv", lang.code()), t.csv(syn))?;
        staging.write(
            &format!("heatmap.{}.svg", lang.code()),
            heat_map(an, lang).build().svg_file(),
        )?;
    }
    let t = cells_table(an);
    staging.write("sector_themes.csv", t.csv(syn))?;
    staging.write("sector_themes.md", t.markdown(syn))?;
    let t = hotspots_table(an);
    staging.write("hotspots.csv", t.csv(syn))?;
    let t = paths_table(an);
    staging.write("paths.csv", t.csv(syn))?;
    staging.write("paths.md", t.markdown(syn))?;
    let json = serde_json::to_string_pretty(an)
        .map_err(|e| RiskError::Invalid(format!("cannot write JSON: {e}")))?;
    staging.write("analysis.json", json)?;
    for s in &an.sectors {
        if let Some(&t) = s.main_themes().first() {
            for lang in [Lang::Nl, Lang::En] {
                staging.write(
                    &format!("hotspots/{}.{}.svg", s.sector.id, lang.code()),
                    hotspot_chart(an, s, t, lang).build().svg_file(),
                )?;
            }
        }
    }
    Ok(())
}
