//! The sector risk report, "aandachtspunten voor dialoog" (points for dialogue): one sector's
//! main risks, hotspots and supply-chain paths, and which existing initiatives and covenant
//! agreements address each risk, as a document for the report machinery (`imvo-report`), which
//! renders it as Markdown, HTML with SVG, or PDF, in Dutch or English.

use std::collections::{BTreeSet, HashMap};

use imvo_report::{Block, Column, Document, Figure, Inline, Table};
use serde::Serialize;

use crate::analysis::Analysis;
use crate::inputs::{Lang, RiskInputs, SraRisk};
use crate::output::{hotspot_chart, path_text, shorten, sig};

/// What kind of measure addresses a risk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MeasureKind {
    /// An existing initiative a sector's trajectory builds on.
    Initiative,
    /// A SMART agreement of a covenant.
    Agreement,
}

/// An initiative or agreement that concerns a national sector.
#[derive(Debug, Clone, Serialize)]
pub struct Measure {
    /// Initiative or agreement.
    pub kind: MeasureKind,
    /// Its name in Dutch.
    pub name_nl: String,
    /// Its name in English.
    pub name_en: String,
    /// Theme ids it addresses; empty when the store does not record themes (initiatives).
    pub themes: Vec<String>,
    /// Where it comes from (covenant, trajectory, source document).
    pub source: String,
}

impl Measure {
    /// The name in `lang`.
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.name_nl,
            Lang::En => &self.name_en,
        }
    }
}

/// Initiatives and agreements per national sector id, as far as the store holds them.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Coverage {
    /// Measures per national sector id.
    pub by_sector: HashMap<String, Vec<Measure>>,
    /// Where the coverage was read (a store location, a dataset), for the report's note.
    pub origin: String,
}

/// Where an analysis' numbers come from, for the report's method and sources section: every
/// string here comes from the inputs (the system's metadata, the indicator rows' `source`
/// column), none from the code.
#[derive(Debug, Clone, Default)]
pub struct Provenance {
    /// The input-output system (name, version, path).
    pub system: String,
    /// Per theme (in the analysis' theme order): the distinct sources its indicator rows cite.
    pub theme_sources: Vec<Vec<String>>,
    /// Per national sector (in the analysis' order): final demand added by the trade rules.
    pub trade_final_demand: Vec<f64>,
}

impl Provenance {
    /// Collects the sources of every theme from the indicator rows. A row citing several
    /// sources separates them with `separator` ([`crate::real::SEPARATOR`] in built files).
    pub fn new(system: String, inputs: &RiskInputs, separator: &str) -> Self {
        let theme_sources = inputs
            .themes
            .rows
            .iter()
            .map(|t| {
                let set: BTreeSet<&str> = inputs
                    .indicators
                    .rows
                    .iter()
                    .filter(|r| r.theme == t.id)
                    .flat_map(|r| r.source.split(separator))
                    .map(str::trim)
                    .collect();
                set.into_iter().map(str::to_string).collect()
            })
            .collect();
        Self {
            system,
            theme_sources,
            trade_final_demand: Vec::new(),
        }
    }
}

/// Maps a risk label as stores write it (a theme id, an SRA risk id such as
/// `working_conditions`, or a domain theme such as `womens_rights`) to theme ids.
pub fn themes_of_risk(
    label: &str,
    themes: &[crate::inputs::Theme],
    sra: &[SraRisk],
) -> Vec<String> {
    let l = label.trim().to_lowercase().replace(['-', ' '], "_");
    if themes.iter().any(|t| t.id == l) {
        return vec![l];
    }
    let mut out: Vec<String> = sra
        .iter()
        .filter(|r| r.id == l)
        .map(|r| r.theme.clone())
        .collect();
    if out.is_empty() {
        // Names the domain model uses for cross-sector advice themes.
        let alias = match l.as_str() {
            "womens_rights" => Some("discrimination_gender"),
            "land_governance" => Some("land_rights"),
            "labour_rights" | "role_of_unions" => Some("freedom_of_association"),
            _ => None,
        };
        out.extend(alias.map(str::to_string));
    }
    out.sort();
    out.dedup();
    out
}

fn t(lang: Lang, nl: &str, en: &str) -> String {
    match lang {
        Lang::Nl => nl.to_string(),
        Lang::En => en.to_string(),
    }
}

fn pct(lang: Lang, v: f64) -> String {
    format!("{}%", lang.number(100.0 * v, 1))
}

/// How many main risks the report discusses in detail.
pub const MAIN_RISKS: usize = 5;

/// Builds the sector report for sector position `g`.
pub fn sector_report(
    an: &Analysis,
    g: usize,
    coverage: &Coverage,
    provenance: &Provenance,
    lang: Lang,
) -> Document {
    let s = &an.sectors[g];
    let mut doc = Document::new(
        lang,
        format!(
            "{}: {}",
            t(lang, "Sectorrisicoanalyse", "Sector risk analysis"),
            s.sector.name(lang)
        ),
    );
    doc.subtitle = Some(if an.synthetic {
        t(
            lang,
            "Aandachtspunten voor dialoog — SYNTHETISCHE GEGEVENS, geen meting van een echte economie",
            "Points for dialogue — SYNTHETIC DATA, not a measurement of any real economy",
        )
    } else {
        t(lang, "Aandachtspunten voor dialoog", "Points for dialogue")
    });
    doc.meta = vec![
        (t(lang, "Sector", "Sector"), s.sector.name(lang).to_string()),
        (
            t(lang, "Finale vraag van", "Final demand of"),
            an.focus.clone(),
        ),
        (
            t(lang, "Model", "Model"),
            format!(
                "{} {} × {} {}",
                t(lang, "MRIO", "MRIO"),
                an.shape.0,
                an.shape.1,
                t(lang, "regio's × bedrijfstakken", "regions × industries")
            ),
        ),
        (
            t(lang, "Gegevens", "Data"),
            if an.synthetic {
                t(lang, "synthetisch", "synthetic")
            } else {
                t(lang, "zie bronnen", "see sources")
            },
        ),
    ];

    // 1. Summary.
    doc.push(Block::heading(1, t(lang, "1. Samenvatting", "1. Summary")));
    let main = s.main_themes();
    let names: Vec<String> = main
        .iter()
        .take(3)
        .map(|&i| an.themes[i].name(lang).to_lowercase())
        .collect();
    let flagged = if s.elevated {
        t(lang, "verhoogd risico", "elevated risk")
    } else {
        t(lang, "geen verhoogd risico", "no elevated risk")
    };
    doc.push(Block::Paragraph(vec![
        Inline::text(format!(
            "{} {} {} {} {}. {} ",
            s.sector.name(lang),
            t(lang, "staat op plaats", "ranks"),
            s.rank,
            t(lang, "van", "of"),
            an.sectors.len(),
            t(
                lang,
                "Score (ernstgewogen gemiddelde verhouding tot het gemiddelde, 1 = gemiddeld):",
                "Score (severity-weighted mean ratio to the average, 1 = average):"
            ),
        )),
        Inline::strong(lang.number(s.score, 2)),
        Inline::text(format!(
            ". {}: ",
            t(lang, "Oordeel volgens de regel", "Verdict of the rule")
        )),
        Inline::strong(flagged),
        Inline::text(format!(" ({}). ", an.options.flag.judge(s).text(lang))),
        Inline::text(format!(
            "{} {} {}. {}: {}.",
            t(lang, "De sector neemt", "The sector takes"),
            pct(lang, s.final_demand_share),
            t(
                lang,
                &format!("van de finale vraag van {} voor zijn rekening", an.focus),
                &format!("of {}'s final demand", an.focus)
            ),
            t(lang, "Belangrijkste risico's", "Main risks"),
            names.join(", ")
        )),
    ]));

    // 2. Main risks.
    doc.push(Block::heading(
        1,
        t(lang, "2. Belangrijkste risico's", "2. Main risks"),
    ));
    doc.push(Block::para(t(
        lang,
        "Per thema: de waarschijnlijkheid (blootstellingsgewogen gemiddelde over de keten) en de ernst vormen samen de SER-heatmap (waarschijnlijkheid × ernst); de verhouding vergelijkt het risico per eenheid finale vraag met het gemiddelde.",
        "Per theme: likelihood (exposure-weighted mean along the chain) and severity make up the SER heat map (likelihood × severity); the ratio compares the risk per unit of final demand with the average.",
    )));
    let rows = main
        .iter()
        .take(10)
        .map(|&i| {
            let c = &s.cells[i];
            vec![
                an.themes[i].name(lang).to_string(),
                an.themes[i].domain.name(lang).to_string(),
                lang.number(c.ratio, 2),
                lang.number(c.likelihood, 2),
                lang.number(c.severity, 2),
                sig(c.embodied),
            ]
        })
        .collect();
    doc.push(Block::Table(Table {
        caption: Some(t(
            lang,
            "Thema's met de hoogste prioriteit (verhouding × ernst)",
            "Themes with the highest priority (ratio × severity)",
        )),
        columns: vec![
            Column::text(t(lang, "Thema", "Theme")),
            Column::text(t(lang, "Domein", "Domain")),
            Column::number(t(lang, "Verhouding", "Ratio")),
            Column::number(t(lang, "Waarschijnlijkheid", "Likelihood")),
            Column::number(t(lang, "Ernst", "Severity")),
            Column::number(t(lang, "Ketenrisico", "Embodied risk")),
        ],
        rows,
    }));

    // 3. Hotspots.
    doc.push(Block::heading(
        1,
        t(lang, "3. Hotspots in de keten", "3. Hotspots in the chain"),
    ));
    for &i in main.iter().take(MAIN_RISKS) {
        let c = &s.cells[i];
        doc.push(Block::heading(2, an.themes[i].name(lang).to_string()));
        let rows = c
            .hotspots
            .iter()
            .take(5)
            .map(|h| vec![h.region.clone(), shorten(&h.sector, 70), pct(lang, h.share)])
            .collect();
        doc.push(Block::Table(Table {
            caption: None,
            columns: vec![
                Column::text(t(lang, "Regio", "Region")),
                Column::text(t(lang, "Bedrijfstak", "Industry")),
                Column::number(t(lang, "Aandeel", "Share")),
            ],
            rows,
        }));
    }
    if let Some(&i) = main.first() {
        doc.push(Block::Figure(Figure {
            chart: hotspot_chart(an, s, i, lang).build(),
            caption: format!(
                "{}: {}",
                t(lang, "Hotspots", "Hotspots"),
                an.themes[i].name(lang)
            ),
        }));
    }

    // 4. Paths.
    doc.push(Block::heading(
        1,
        t(lang, "4. Ketenpaden", "4. Supply-chain paths"),
    ));
    doc.push(Block::para(t(
        lang,
        "Structurele padanalyse: de paden van herkomst (waar het risico zit) naar het product dat de finale vraag koopt. De genoemde paden plus de rest tellen op tot het ketenrisico.",
        "Structural path analysis: the paths from the origin (where the risk sits) to the product final demand buys. The listed paths plus the remainder add up to the embodied risk.",
    )));
    for &i in main.iter().take(3) {
        let c = &s.cells[i];
        let Some(p) = &c.paths else { continue };
        doc.push(Block::heading(2, an.themes[i].name(lang).to_string()));
        let rows = p
            .paths
            .iter()
            .map(|path| vec![path_text(&path.nodes), pct(lang, path.share)])
            .collect();
        doc.push(Block::Table(Table {
            caption: None,
            columns: vec![
                Column::text(t(
                    lang,
                    "Pad (herkomst → product)",
                    "Path (origin → product)",
                )),
                Column::number(t(lang, "Aandeel", "Share")),
            ],
            rows,
        }));
        doc.push(Block::para(format!(
            "{} {} {} {}; {} {} ({} {}, {} {}, {} {}).",
            p.paths.len(),
            t(lang, "paden verklaren", "paths explain"),
            pct(lang, p.listed_share),
            t(lang, "van het ketenrisico", "of the embodied risk"),
            t(lang, "rest", "remainder"),
            pct(lang, 1.0 - p.listed_share),
            t(lang, "overige bezochte paden", "other visited paths"),
            pct(lang, p.unlisted / c.embodied),
            t(lang, "niet verder uitgewerkt", "not expanded further"),
            pct(lang, p.unexplored / c.embodied),
            t(lang, "onder de drempel", "below the threshold"),
            pct(lang, p.pruned / c.embodied),
        )));
    }

    // 5. Coverage.
    doc.push(Block::heading(
        1,
        t(
            lang,
            "5. Bestaande initiatieven en convenantafspraken",
            "5. Existing initiatives and covenant agreements",
        ),
    ));
    let measures = coverage
        .by_sector
        .get(&s.sector.id)
        .cloned()
        .unwrap_or_default();
    let mut uncovered = Vec::new();
    let mut rows = Vec::new();
    for &i in main.iter().take(MAIN_RISKS) {
        let id = &an.themes[i].id;
        let addressing: Vec<String> = measures
            .iter()
            .filter(|m| m.kind == MeasureKind::Agreement && m.themes.contains(id))
            .map(|m| m.name(lang).to_string())
            .collect();
        if addressing.is_empty() {
            uncovered.push(an.themes[i].name(lang).to_string());
        }
        rows.push(vec![
            an.themes[i].name(lang).to_string(),
            if addressing.is_empty() {
                t(lang, "geen afspraak", "no agreement")
            } else {
                addressing.join("; ")
            },
        ]);
    }
    doc.push(Block::Table(Table {
        caption: Some(t(
            lang,
            "Convenantafspraken per belangrijk risico",
            "Covenant agreements per main risk",
        )),
        columns: vec![
            Column::text(t(lang, "Risico", "Risk")),
            Column::text(t(
                lang,
                "Afspraken die het adresseren",
                "Agreements addressing it",
            )),
        ],
        rows,
    }));
    let initiatives: BTreeSet<String> = measures
        .iter()
        .filter(|m| m.kind == MeasureKind::Initiative)
        .map(|m| format!("{} ({})", m.name(lang), m.source))
        .collect();
    if initiatives.is_empty() {
        doc.push(Block::para(t(
            lang,
            "De gegevensbron bevat geen bestaande initiatieven waarop het traject van deze sector voortbouwt.",
            "The data source holds no existing initiatives this sector's trajectory builds on.",
        )));
    } else {
        doc.push(Block::para(t(
            lang,
            "Bestaande initiatieven waarop het traject van de sector voortbouwt (de bron legt niet vast welke thema's zij dekken):",
            "Existing initiatives the sector's trajectory builds on (the source does not record which themes they cover):",
        )));
        doc.push(Block::List(
            initiatives
                .into_iter()
                .map(|s| vec![Inline::text(s)])
                .collect(),
        ));
    }
    doc.push(Block::Paragraph(vec![
        Inline::strong(t(
            lang,
            "Risico's die geen afspraak adresseert: ",
            "Risks no agreement addresses: ",
        )),
        Inline::text(if uncovered.is_empty() {
            t(lang, "geen.", "none.")
        } else {
            format!("{}.", uncovered.join(", "))
        }),
    ]));

    // 6. Method and sources.
    doc.push(Block::heading(
        1,
        t(lang, "6. Methode en bronnen", "6. Method and sources"),
    ));
    doc.push(Block::Note(vec![Inline::text(t(
        lang,
        "Risico-intensiteit per herkomstregio × bedrijfstak = blootstelling × waarschijnlijkheid × ernst (SER-conventie). Het ketenrisico van de sector is de intensiteit maal de productie die de finale vraag naar de producten van de sector via de Leontief-inverse vraagt (x_g = L·y_g). Verhouding = risico per eenheid finale vraag gedeeld door het gemiddelde van alle finale vraag. Zie docs/risk-method.md.",
        "Risk intensity per origin region × industry = exposure × likelihood × severity (the SER convention). The sector's embodied risk is that intensity times the output the final demand for the sector's products requires through the Leontief inverse (x_g = L·y_g). Ratio = risk per unit of final demand over the average of all final demand. See docs/risk-method.md.",
    ))]));
    if let Some(&added) = provenance.trade_final_demand.get(g).filter(|a| **a > 0.0) {
        let rules: BTreeSet<&str> = an
            .options
            .trade
            .iter()
            .filter(|r| r.channel == s.sector.id)
            .map(|r| r.reason.as_str())
            .collect();
        doc.push(Block::para(format!(
            "{} {} {}. {}: {}.",
            t(
                lang,
                "Handelstoerekening: van de finale vraag van deze sector is",
                "Trade attribution: of this sector's final demand,"
            ),
            pct(lang, added / s.final_demand),
            t(
                lang,
                "de waarde van goederen die de finale vraag via deze handelssector koopt (ook meegeteld bij de producerende sectoren); de rest is de eigen handelsmarge",
                "is the value of goods final demand buys through this trade sector (also counted with the producing sectors); the rest is its own trade margin"
            ),
            t(lang, "Aannames", "Assumptions"),
            rules.into_iter().collect::<Vec<_>>().join("; ")
        )));
    }
    let themes_src: BTreeSet<&str> = an.themes.iter().map(|t| t.source.as_str()).collect();
    let mut sources = vec![
        format!(
            "{}: {}",
            t(lang, "Input-outputmodel", "Input-output model"),
            provenance.system
        ),
        format!(
            "{}: {} ({})",
            t(lang, "Thema's", "Themes"),
            themes_src.into_iter().collect::<Vec<_>>().join("; "),
            t(
                lang,
                "ernstgewichten: zie themes.csv",
                "severity weights: see themes.csv"
            )
        ),
        format!("{}: {}", t(lang, "Sector", "Sector"), s.sector.source),
    ];
    // Every indicator source, with the themes that rest on it.
    let mut by_source: Vec<(&str, Vec<&str>)> = Vec::new();
    for (i, list) in provenance.theme_sources.iter().enumerate() {
        for src in list {
            let name = an.themes[i].name(lang);
            match by_source.iter_mut().find(|(s, _)| *s == src.as_str()) {
                Some((_, themes)) => themes.push(name),
                None => by_source.push((src.as_str(), vec![name])),
            }
        }
    }
    by_source.sort();
    for (src, themes) in by_source {
        sources.push(format!(
            "{}: {src} — {}",
            t(lang, "Bron", "Source"),
            themes.join(", ")
        ));
    }
    if !coverage.origin.is_empty() {
        sources.push(format!(
            "{}: {}",
            t(
                lang,
                "Initiatieven en afspraken",
                "Initiatives and agreements"
            ),
            coverage.origin
        ));
    }
    if an.synthetic {
        sources.push(t(
            lang,
            "SYNTHETISCH: het input-outputmodel en de risico-indicatoren zijn gegenereerd voor de demonstratie; de cijfers zeggen niets over de echte sector.",
            "SYNTHETIC: the input-output model and the risk indicators are generated for the demonstration; the numbers say nothing about the real sector.",
        ));
    }
    doc.push(Block::List(
        sources.into_iter().map(|s| vec![Inline::text(s)]).collect(),
    ));
    doc
}
