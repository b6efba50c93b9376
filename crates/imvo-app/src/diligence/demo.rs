//! The due-diligence demo: the textile covenant's cycle with synthetic companies whose public
//! figures follow the published trajectory (`data/diligence/demo-textile.toml` says what is
//! sourced and what is assumed). Every company is marked synthetic, in its name and by the
//! `synthetic` flag its membership carries to every page and report.
//!
//! Deterministic: company n joins as the file says; in each year the first round(share × N) of
//! the N companies taking part score the top of every scale, which must meet the framework,
//! and the others the middle or the bottom, which must not — checked by scoring each before
//! anything is stored, so a framework the pattern does not fit is refused, not silently wrong.

use chrono::NaiveDate;
use imvo_diligence::cycle::{Action, Assessment, Calendar, Entry, Evidence, Submission};
use imvo_diligence::{Answers, Framework, Score};
use imvo_domain::Id;
use imvo_store::Store;
use serde::Deserialize;

use super::{DiligenceError, Loaded, import_entries, load_frameworks};
use crate::dataset::Embedded;
use crate::{AppError, Result};

/// The demo's description.
pub const DEMO: Embedded = Embedded {
    file: "data/diligence/demo-textile.toml",
    text: include_str!("../../../../data/diligence/demo-textile.toml"),
};

/// The shipped framework versions.
pub const FRAMEWORKS: [Embedded; 4] = [
    Embedded {
        file: "data/diligence/frameworks/textile-covenant-v1.toml",
        text: include_str!("../../../../data/diligence/frameworks/textile-covenant-v1.toml"),
    },
    Embedded {
        file: "data/diligence/frameworks/fair-wear-style-v1.toml",
        text: include_str!("../../../../data/diligence/frameworks/fair-wear-style-v1.toml"),
    },
    Embedded {
        file: "data/diligence/frameworks/amfori-bsci-style-v1.toml",
        text: include_str!("../../../../data/diligence/frameworks/amfori-bsci-style-v1.toml"),
    },
    Embedded {
        file: "data/diligence/frameworks/oecd-six-steps-v1.toml",
        text: include_str!("../../../../data/diligence/frameworks/oecd-six-steps-v1.toml"),
    },
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Spec {
    covenant: Id,
    framework: Id,
    version: u32,
    actor: String,
    company_prefix: String,
    companies_at_start: usize,
    joined_at_start: NaiveDate,
    source: SpecSource,
    #[serde(default)]
    joining: Vec<Joining>,
    year: Vec<SpecYear>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SpecSource {
    document: String,
    locator: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Joining {
    date: NaiveDate,
    companies: usize,
    assumed: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SpecYear {
    year: i32,
    fully_meets: f64,
}

/// What the demo built: per year, the companies taking part and how many fully meet.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoSummary {
    /// The covenant.
    pub covenant: Id,
    /// The synthetic companies.
    pub companies: usize,
    /// (year, companies taking part, companies meeting the framework).
    pub years: Vec<(i32, usize, usize)>,
    /// The document the trajectory comes from.
    pub source: String,
    /// What the demo assumes beyond its source.
    pub assumed: Vec<String>,
}

fn spec_error(message: String) -> AppError {
    AppError::Config {
        file: DEMO.file.to_owned(),
        message,
    }
}

/// Builds the demo into a store that holds the shipped portfolio, unless the covenant's log
/// has entries already (then `None`: a demo store is used as it is).
pub async fn build(store: &Store) -> Result<Option<DemoSummary>> {
    let spec: Spec = toml::from_str(DEMO.text).map_err(|e| spec_error(e.to_string()))?;
    if !store
        .diligence_entries(spec.covenant.as_str())
        .await?
        .is_empty()
    {
        return Ok(None);
    }
    let files: Vec<(String, String)> = FRAMEWORKS
        .iter()
        .map(|e| (e.file.to_owned(), e.text.to_owned()))
        .collect();
    let _: Vec<Loaded> = load_frameworks(store, &files, &spec.actor).await?;
    let framework = FRAMEWORKS
        .iter()
        .map(|e| Framework::from_toml(e.text, e.file))
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(DiligenceError::from)?
        .into_iter()
        .find(|f| f.id == spec.framework && f.version == spec.version)
        .ok_or_else(|| {
            spec_error(format!(
                "no shipped framework {} version {}",
                spec.framework, spec.version
            ))
        })?;

    let mut assumed: Vec<String> = spec
        .joining
        .iter()
        .filter_map(|j| j.assumed.clone())
        .collect();
    assumed.dedup();

    // The synthetic companies: in the covenant's log only, never in the portfolio's.
    let mut joins: Vec<(NaiveDate, Id)> = Vec::new();
    let batches = std::iter::once((spec.joined_at_start, spec.companies_at_start))
        .chain(spec.joining.iter().map(|j| (j.date, j.companies)));
    for (date, n) in batches {
        for _ in 0..n {
            let number = joins.len() + 1;
            let id = Id::new(format!("{}-{number:03}", spec.company_prefix))
                .map_err(|e| spec_error(e.to_string()))?;
            joins.push((date, id));
        }
    }
    // The cycle.
    let at = |date: NaiveDate, action: Action| Entry {
        date,
        actor: spec.actor.clone(),
        action,
    };
    let mut entries: Vec<Entry> = joins
        .iter()
        .enumerate()
        .map(|(i, (date, id))| {
            at(
                *date,
                Action::Join {
                    company: id.clone(),
                    name: format!("Synthetisch textielbedrijf {:03} (synthetic)", i + 1),
                    registration: None,
                    synthetic: true,
                },
            )
        })
        .collect();
    let mut years = Vec::new();
    for y in &spec.year {
        let date = |m: u32, d: u32| {
            NaiveDate::from_ymd_opt(y.year, m, d)
                .ok_or_else(|| spec_error(format!("year {} is out of range", y.year)))
        };
        let calendar = Calendar {
            submission_due: date(3, 31)?,
            assessment_due: date(6, 30)?,
            response_due: date(8, 31)?,
            publication: date(10, 1)?,
        };
        entries.push(at(
            date(1, 5)?,
            Action::OpenCycle {
                year: y.year,
                framework: framework.id.clone(),
                version: framework.version,
                calendar,
            },
        ));
        let taking_part: Vec<&Id> = joins
            .iter()
            .filter(|(d, _)| *d <= calendar.submission_due)
            .map(|(_, id)| id)
            .collect();
        let n = taking_part.len();
        let meeting = (y.fully_meets * n as f64).round() as usize;
        let mut assessments = Vec::with_capacity(n);
        for (rank, company) in taking_part.iter().enumerate() {
            let level = if rank < meeting {
                Level::Top
            } else if rank % 3 == 0 {
                Level::Bottom
            } else {
                Level::Middle
            };
            let answers = answers(&framework, level);
            let card = imvo_diligence::score(&framework, &answers)
                .map_err(|e| spec_error(e.to_string()))?;
            if card.meets != (level == Level::Top) {
                return Err(spec_error(format!(
                    "the demo's score pattern does not fit framework {} v{}: {level:?} gives {}",
                    framework.id, framework.version, card.verdict
                )));
            }
            entries.push(at(
                date(3, 1)?,
                Action::Submit {
                    company: (*company).clone(),
                    year: y.year,
                    submission: submission(&framework, &answers, company, y.year),
                },
            ));
            assessments.push(at(
                date(5, 15)?,
                Action::Assess {
                    company: (*company).clone(),
                    year: y.year,
                    revision: 1,
                    assessment: Assessment {
                        answers,
                        comments: Default::default(),
                        feedback: Some(level.feedback().to_owned()),
                    },
                },
            ));
        }
        entries.extend(assessments);
        entries.push(at(date(10, 2)?, Action::Publish { year: y.year }));
        years.push((y.year, n, meeting));
    }
    // In date order, as a log is; the sort is stable, so a day's steps keep their order.
    entries.sort_by_key(|e| e.date);
    import_entries(store, &spec.covenant, entries).await?;
    Ok(Some(DemoSummary {
        covenant: spec.covenant,
        companies: joins.len(),
        years,
        source: format!("{}, {}", spec.source.document, spec.source.locator),
        assumed,
    }))
}

/// Where on every scale a synthetic company scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    Top,
    Middle,
    Bottom,
}

impl Level {
    fn feedback(self) -> &'static str {
        match self {
            Level::Top => "Synthetisch: voldoet volledig. / Synthetic: fully meets.",
            Level::Middle => {
                "Synthetisch: maak de doelen meetbaar. / Synthetic: make the goals measurable."
            }
            Level::Bottom => {
                "Synthetisch: het actieplan is onvolledig. / Synthetic: the action plan is incomplete."
            }
        }
    }
}

fn answers(f: &Framework, level: Level) -> Answers {
    let mut a = Answers::default();
    for (_, c) in f.criteria() {
        let (min, max) = c.scale.bounds();
        let points = match level {
            Level::Top => max,
            Level::Middle => min + (max - min) / 2,
            Level::Bottom => min,
        };
        a.scores.insert(c.id.clone(), Score::Points(points));
    }
    a
}

fn submission(f: &Framework, answers: &Answers, company: &Id, year: i32) -> Submission {
    let evidence = f
        .criteria()
        .filter(|(_, c)| c.evidence)
        .filter(|(_, c)| {
            matches!(answers.scores.get(&c.id), Some(Score::Points(p)) if *p > c.scale.bounds().0)
        })
        .map(|(_, c)| Evidence {
            criterion: c.id.clone(),
            reference: format!("https://example.invalid/synthetic/{company}/{year}/{}", c.id),
            sha256: None,
        })
        .collect();
    Submission {
        answers: answers.clone(),
        evidence,
        ..Submission::default()
    }
}
