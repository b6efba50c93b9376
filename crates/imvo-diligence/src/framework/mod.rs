//! Assessment frameworks: what a secretariat scores a company's due diligence against.
//!
//! A framework is data, not code: a TOML file (see `data/diligence/README.md` for the format)
//! with elements and their weights, criteria with a scale, whether evidence is needed and the
//! OECD step each maps to, optional grade bands for element scores, declared inputs (figures
//! beside the answers, such as the share of purchasing volume monitored), and verdicts with the
//! rule that gives each. A framework has an id and a version; stored answers can be scored under
//! any version (see [`crate::score`]), so years stay comparable after the framework changes.
//!
//! Every number in a shipped framework is either sourced (the file's `[[source]]` list) or
//! marked `assumed` with the reason, field by field: [`Framework::assumptions`] lists them.
//!
//! [`Framework::from_toml`] is the only way to build one: it checks every rule below and
//! refuses, naming the field, a framework that breaks one, so a `Framework` value is always
//! usable.
//!
//! - ids are unique within their kind (elements, criteria across all elements, inputs, grades,
//!   verdicts);
//! - element weights are positive and add up to 100 (percent); criterion weights are positive;
//! - a points scale has `min < max`; grade bands descend and the last starts at 0;
//! - every verdict rule parses and names only elements, inputs, grades and verdicts the
//!   framework has; the last verdict, and only the last, has no condition, so every scorecard
//!   gets a verdict and none is shadowed;
//! - `meets` names verdicts of the framework.

mod file;

use imvo_domain::{Id, Lang, Text};
use serde::Serialize;

use crate::error::FrameworkError;
use crate::oecd::OecdStep;
use crate::rule::Condition;

/// The format name a framework file declares in its `format` field.
pub const FORMAT: &str = "imvo-framework-1";

/// Element weights add up to this (they are percentages).
pub const WEIGHT_TOTAL: f64 = 100.0;

/// A document a framework's facts come from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FrameworkSource {
    /// The document (title, publisher, year).
    pub document: String,
    /// Where in it, or what it supports.
    pub locator: Option<String>,
    /// Where to find it.
    pub url: Option<String>,
}

/// How a criterion is scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Scale {
    /// Whole points from `min` to `max`; the share met is `(score - min) / (max - min)`.
    Points {
        /// The lowest score.
        min: i64,
        /// The highest score.
        max: i64,
    },
    /// Met (1) or not met (0), as BSCI's questions are.
    YesNo,
}

impl Scale {
    /// The lowest and highest score.
    pub fn bounds(self) -> (i64, i64) {
        match self {
            Scale::Points { min, max } => (min, max),
            Scale::YesNo => (0, 1),
        }
    }

    /// The share of the scale a score reaches, in [0, 1]; `None` when the score is off it.
    pub fn share(self, score: i64) -> Option<f64> {
        let (min, max) = self.bounds();
        (min..=max)
            .contains(&score)
            .then(|| (score - min) as f64 / (max - min) as f64)
    }
}

/// One criterion of an element.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Criterion {
    /// Its id, unique in the framework (answers are stored by it).
    pub id: Id,
    /// The question or requirement.
    pub text: Text,
    /// How it is scored.
    pub scale: Scale,
    /// Its weight within its element (1 unless the framework says otherwise).
    pub weight: f64,
    /// Whether an answer needs evidence (a file or a link).
    pub evidence: bool,
    /// The OECD step it belongs to.
    pub oecd_step: OecdStep,
    /// Whether it may be answered "not applicable" (then it counts in neither the score nor
    /// the maximum).
    pub not_applicable: bool,
}

/// An element of the framework: a weighted group of criteria.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Element {
    /// Its id.
    pub id: Id,
    /// Its name.
    pub name: Text,
    /// Its weight in the total, in percent.
    pub weight: f64,
    /// Why the weight is assumed, when it is not published.
    pub assumed: Option<String>,
    /// Its criteria, in order.
    pub criteria: Vec<Criterion>,
}

/// A figure given beside the answers that verdict rules may use (the share of purchasing volume
/// monitored, years of membership …).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Input {
    /// Its id.
    pub id: Id,
    /// What it is.
    pub name: Text,
    /// The lowest value allowed.
    pub min: f64,
    /// The highest value allowed.
    pub max: f64,
    /// Why it is assumed, when the framework's sources do not give it.
    pub assumed: Option<String>,
}

/// A grade given to an element by the share of it met (BSCI: A 86–100 % …).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GradeBand {
    /// The grade's name: a short label such as `A`.
    pub grade: String,
    /// The lowest share (0–1) that earns it.
    pub min: f64,
    /// Why the band is assumed, when it is not published.
    pub assumed: Option<String>,
}

/// A verdict and the rule that gives it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// Its id.
    pub id: Id,
    /// Its name.
    pub label: Text,
    /// The rule: alternatives, each a list of conditions that must all hold; the verdict is
    /// given when any alternative holds. Empty for the last verdict, which is the fallback.
    pub when: Vec<Vec<Condition>>,
    /// Why the rule is assumed, when it is not published.
    pub assumed: Option<String>,
}

/// A fact of a framework that is assumed rather than sourced: where, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assumption {
    /// The field (`element[policy].weight`, `verdict[b]`, `grade[C]` …).
    pub field: String,
    /// The reason given in the file.
    pub reason: String,
}

/// A validated, versioned assessment framework; see the module documentation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Framework {
    /// Its id, the same across versions.
    pub id: Id,
    /// Its version, from 1.
    pub version: u32,
    /// Its name.
    pub name: Text,
    /// What it is and how it is used.
    pub description: Option<Text>,
    /// The documents its facts come from.
    pub sources: Vec<FrameworkSource>,
    /// The elements, in order.
    pub elements: Vec<Element>,
    /// The inputs its rules may use.
    pub inputs: Vec<Input>,
    /// Grade bands for element shares, from the best grade down; empty when it grades nothing.
    pub grades: Vec<GradeBand>,
    /// The verdicts, in the order their rules are tried: the first that holds is given.
    pub verdicts: Vec<Verdict>,
    /// The verdicts that count as meeting the framework (the KPI "fully meets").
    pub meets: Vec<Id>,
}

impl Verdict {
    /// Whether the rule gives this verdict for these facts.
    pub fn holds(&self, facts: &dyn crate::rule::Facts) -> bool {
        self.when.is_empty()
            || self
                .when
                .iter()
                .any(|all| all.iter().all(|c| c.holds(facts)))
    }
}

impl Framework {
    /// Reads and checks a framework file. `origin` names it in errors (its path, usually).
    pub fn from_toml(text: &str, origin: &str) -> Result<Framework, FrameworkError> {
        file::parse(text, origin)
    }

    /// The criterion with this id, with its element.
    pub fn criterion(&self, id: &Id) -> Option<(&Element, &Criterion)> {
        self.elements
            .iter()
            .find_map(|e| e.criteria.iter().find(|c| &c.id == id).map(|c| (e, c)))
    }

    /// Every criterion, in order, with its element.
    pub fn criteria(&self) -> impl Iterator<Item = (&Element, &Criterion)> {
        self.elements
            .iter()
            .flat_map(|e| e.criteria.iter().map(move |c| (e, c)))
    }

    /// The input with this id.
    pub fn input(&self, id: &Id) -> Option<&Input> {
        self.inputs.iter().find(|i| &i.id == id)
    }

    /// The verdict with this id.
    pub fn verdict(&self, id: &Id) -> Option<&Verdict> {
        self.verdicts.iter().find(|v| &v.id == id)
    }

    /// The grade of an element share, when the framework grades.
    pub fn grade(&self, share: f64) -> Option<&str> {
        self.grades
            .iter()
            .find(|b| crate::rule::rounded(share) >= b.min)
            .map(|b| b.grade.as_str())
    }

    /// Whether a verdict counts as meeting the framework.
    pub fn is_met(&self, verdict: &Id) -> bool {
        self.meets.contains(verdict)
    }

    /// Every assumed fact of the framework, in file order.
    pub fn assumptions(&self) -> Vec<Assumption> {
        let mut out = Vec::new();
        let mut add = |field: String, reason: &Option<String>| {
            if let Some(reason) = reason {
                out.push(Assumption {
                    field,
                    reason: reason.clone(),
                });
            }
        };
        for e in &self.elements {
            add(format!("element[{}].weight", e.id), &e.assumed);
        }
        for i in &self.inputs {
            add(format!("input[{}]", i.id), &i.assumed);
        }
        for g in &self.grades {
            add(format!("grade[{}]", g.grade), &g.assumed);
        }
        for v in &self.verdicts {
            add(format!("verdict[{}]", v.id), &v.assumed);
        }
        out
    }

    /// The framework's name and version, for headings: "Textile covenant framework (v2)".
    pub fn title(&self, lang: Lang) -> String {
        format!("{} (v{})", self.name.get(lang), self.version)
    }
}
