//! The annual covenant report on due diligence: a covenant's members and the public figures of
//! its published years, in Dutch or English, through the same machinery as the progress letter
//! (Markdown, self-contained HTML with SVG charts, PDF).
//!
//! It is built only from public figures — [`imvo_diligence::cycle::YearKpis`], which have been through the disclosure
//! rule — and the framework (element names, verdict labels, assumptions), so no company's
//! confidential value can reach it. A suppressed figure is shown as suppressed, with the
//! threshold. A report about synthetic companies says so at its top.

use imvo_diligence::Figure as Published;
use imvo_diligence::cycle::{AnnualFigures, BINS, YearKpis};
use imvo_domain::Lang;

use crate::chart::{Bar, BarChart, Chart};
use crate::{Block, Column, Document, Figure, Inline, Table};

fn share(lang: Lang, f: Published<f64>, hidden: &str) -> String {
    match f.value() {
        Some(v) => lang.percent(v),
        None => hidden.to_owned(),
    }
}

fn count(f: Published<usize>, hidden: &str) -> String {
    match f.value() {
        Some(v) => v.to_string(),
        None => hidden.to_owned(),
    }
}

/// Builds the report as a document.
pub fn covenant_report(r: &AnnualFigures, lang: Lang) -> Document {
    let name = r.name.get(lang);
    let mut doc = Document::new(
        lang,
        lang.pick(
            format!("Jaarrapportage gepaste zorgvuldigheid {}", r.year),
            format!("Annual due-diligence report {}", r.year),
        ),
    );
    doc.subtitle = Some(name.to_owned());
    let hidden = lang.pick("niet getoond", "suppressed");
    if r.synthetic {
        doc.push(Block::Note(vec![Inline::strong(lang.pick(
            "Synthetische gegevens: de bedrijven in deze rapportage zijn verzonnen (demo). Alleen het verloop van het aandeel dat volledig voldoet volgt de gepubliceerde cijfers.",
            "Synthetic data: the companies in this report are made up (demo). Only the trajectory of the share fully meeting follows the published figures.",
        ))]));
    }
    doc.push(Block::Paragraph(vec![Inline::text(lang.pick(
        format!(
            "Deze rapportage geeft de openbare cijfers van de jaarlijkse beoordeling van de aangesloten bedrijven. Cijfers over minder dan {} bedrijven worden niet getoond, ook niet als ze uit andere cijfers af te leiden zouden zijn.",
            r.threshold.k
        ),
        format!(
            "This report gives the public figures of the yearly assessment of the member companies. Figures over fewer than {} companies are not shown, nor when they could be derived from other figures.",
            r.threshold.k
        ),
    ))]));

    doc.push(Block::heading(1, lang.pick("1. Deelnemers", "1. Members")));
    doc.push(Block::Table(Table {
        caption: Some(
            lang.pick("Deelnemers naar status", "Members by status")
                .to_owned(),
        ),
        columns: vec![
            Column::text(lang.pick("status", "status")),
            Column::number(lang.pick("bedrijven", "companies")),
        ],
        rows: r
            .members
            .iter()
            .map(|(s, n)| vec![s.label(lang).to_owned(), n.to_string()])
            .collect(),
    }));

    doc.push(Block::heading(1, lang.pick("2. Verloop", "2. Trajectory")));
    doc.push(Block::Table(Table {
        caption: Some(
            lang.pick("De gepubliceerde jaren", "The published years")
                .to_owned(),
        ),
        columns: vec![
            Column::text(lang.pick("jaar", "year")),
            Column::number(lang.pick("bedrijven", "companies")),
            Column::text(lang.pick("voldoet volledig", "fully meets")),
            Column::text(lang.pick("gemiddelde score", "mean score")),
            Column::text(lang.pick("kader", "framework")),
        ],
        rows: r
            .years
            .iter()
            .map(|y| {
                vec![
                    y.year.to_string(),
                    y.members.to_string(),
                    share(lang, y.meets, hidden),
                    share(lang, y.mean_total, hidden),
                    format!("{} v{}", y.framework, y.version),
                ]
            })
            .collect(),
    }));
    if let Some(chart) = meets_chart(&r.years, Some(r.year), lang) {
        let caption = chart.title.clone();
        doc.push(Block::Figure(Figure { chart, caption }));
    }

    if let Some(y) = r.years.iter().find(|y| y.year == r.year) {
        let f = &r.framework;
        doc.push(Block::heading(
            1,
            lang.pick(
                format!("3. Beoordeling {}", r.year),
                format!("3. Assessment {}", r.year),
            ),
        ));
        doc.push(Block::Table(Table {
            caption: Some(lang.pick("Oordelen", "Verdicts").to_owned()),
            columns: vec![
                Column::text(lang.pick("oordeel", "verdict")),
                Column::number(lang.pick("bedrijven", "companies")),
            ],
            rows: y
                .verdicts
                .iter()
                .map(|(v, n)| {
                    let label = f
                        .verdict(v)
                        .map_or(v.to_string(), |v| v.label.get(lang).to_owned());
                    vec![label, count(*n, hidden)]
                })
                .collect(),
        }));
        let mut columns = vec![Column::text(lang.pick("element", "element"))];
        columns.extend(BINS.iter().map(|b| Column::number(*b)));
        columns.push(Column::text(lang.pick("gemiddeld", "mean")));
        doc.push(Block::Table(Table {
            caption: Some(
                lang.pick(
                    "Verdeling van de scores per element (aantal bedrijven)",
                    "Distribution of the scores per element (number of companies)",
                )
                .to_owned(),
            ),
            columns,
            rows: y
                .elements
                .iter()
                .map(|e| {
                    let name = f
                        .elements
                        .iter()
                        .find(|x| x.id == e.element)
                        .map_or(e.element.to_string(), |x| x.name.get(lang).to_owned());
                    let mut row = vec![name];
                    row.extend(e.bins.cells.iter().map(|c| count(*c, hidden)));
                    row.push(share(lang, e.mean, hidden));
                    row
                })
                .collect(),
        }));
    }

    doc.push(Block::heading(1, lang.pick("Methode", "Method")));
    let mut method = vec![Inline::text(lang.pick(
        format!(
            "Beoordeeld met {}. Niet getoond: cijfers over minder dan {} bedrijven, en zoveel andere cellen van dezelfde tabel dat de niet getoonde samen minstens {} bedrijven tellen.",
            r.framework.title(lang),
            r.threshold.k,
            r.threshold.k
        ),
        format!(
            "Assessed with {}. Suppressed: figures over fewer than {} companies, and as many other cells of the same table as needed for the suppressed ones to count at least {} companies together.",
            r.framework.title(lang),
            r.threshold.k,
            r.threshold.k
        ),
    ))];
    for s in &r.framework.sources {
        method.push(Inline::footnote(match &s.locator {
            Some(l) => format!("{}, {l}", s.document),
            None => s.document.clone(),
        }));
    }
    doc.push(Block::Note(method));
    let assumptions = r.framework.assumptions();
    if !assumptions.is_empty() {
        doc.push(Block::Note(vec![Inline::text(lang.pick(
            "Aangenomen (niet gepubliceerd) in dit kader:",
            "Assumed (not published) in this framework:",
        ))]));
        doc.push(Block::List(
            assumptions
                .iter()
                .map(|a| {
                    vec![
                        Inline::emph(a.field.clone()),
                        Inline::text(format!(": {}", a.reason)),
                    ]
                })
                .collect(),
        ));
    }
    doc
}

/// The bar chart of the share of companies fully meeting the framework, year by year (the
/// published shares only; `highlight` marks the year reported on). One chart for the annual
/// report and the covenant's public page. `None` when no share is published.
pub fn meets_chart(years: &[YearKpis], highlight: Option<i32>, lang: Lang) -> Option<Chart> {
    let bars: Vec<Bar> = years
        .iter()
        .filter_map(|y| {
            y.meets.value().map(|v| Bar {
                label: y.year.to_string(),
                value: v * 100.0,
                highlight: Some(y.year) == highlight,
            })
        })
        .collect();
    if bars.is_empty() {
        return None;
    }
    let title = lang.pick(
        "Aandeel bedrijven dat volledig voldoet aan het kader",
        "Share of companies fully meeting the framework",
    );
    Some(
        BarChart {
            title: title.to_owned(),
            desc: title.to_owned(),
            lang,
            bars,
            value_label: lang.pick("aandeel (%)", "share (%)").to_owned(),
            decimals: 0,
            highlight_label: highlight.map(|y| y.to_string()),
        }
        .build(),
    )
}
