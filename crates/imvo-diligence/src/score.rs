//! Scoring: stored answers under a framework version give a scorecard, deterministically.
//!
//! The same answers under the same framework version always give the same scorecard, bit for
//! bit: answers are kept by criterion id in sorted maps, sums are taken in the framework's
//! order, and rules compare rounded shares (see [`crate::rule`]). That is what lets a
//! secretariat re-score every stored year under a new version and compare years.
//!
//! # The arithmetic
//!
//! - A criterion's share is where its score lies on its scale (`(score - min) / (max - min)`).
//!   A criterion not answered counts as the bottom of its scale — not met — and is listed in
//!   [`Scorecard::unanswered`]; one answered "not applicable" (where the framework allows it)
//!   counts in neither the score nor the maximum.
//! - An element's share is the weighted mean of its applicable criteria's shares; an element
//!   with none has no share.
//! - The total is the weighted mean of the element shares by element weight, over the elements
//!   that have a share.
//! - Grades come from the element shares by the framework's bands; the verdict is the first
//!   whose conditions all hold.
//!
//! Two entry points: [`validate`] refuses answers that cannot be stored as a submission under
//! a version (an unknown criterion or input, a score off its scale), [`score`] scores stored
//! answers under any version — answers to criteria the version does not have are listed in
//! [`Scorecard::ignored`], not refused, since a later version may drop a criterion.

use std::collections::BTreeMap;

use imvo_domain::Id;
use serde::{Deserialize, Serialize};

use crate::error::AnswerError;
use crate::framework::Framework;
use crate::rule::Facts;

/// One answer's score. Written as a whole number on the criterion's scale, or `"n/a"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Score {
    /// A score on the criterion's scale.
    Points(i64),
    /// Not applicable to this company (where the criterion allows it).
    NotApplicable,
}

impl Serialize for Score {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Score::Points(p) => s.serialize_i64(*p),
            Score::NotApplicable => s.serialize_str(NOT_APPLICABLE),
        }
    }
}

impl<'de> Deserialize<'de> for Score {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Points(i64),
            Text(String),
        }
        match Raw::deserialize(d)? {
            Raw::Points(p) => Ok(Score::Points(p)),
            Raw::Text(t) if t == NOT_APPLICABLE => Ok(Score::NotApplicable),
            Raw::Text(t) => Err(serde::de::Error::custom(format!(
                "expected a whole number or {NOT_APPLICABLE:?}, found {t:?}"
            ))),
        }
    }
}

/// In the API's document a score is a whole number or the string `"n/a"`, as it is written.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Score {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Type};
        OneOfBuilder::new()
            .item(ObjectBuilder::new().schema_type(Type::Integer))
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(Some([NOT_APPLICABLE])),
            )
            .description(Some(
                "A whole number on the criterion's scale, or \"n/a\" (not applicable).",
            ))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Score {}

/// How "not applicable" is written.
pub const NOT_APPLICABLE: &str = "n/a";

/// What is scored: scores per criterion, the inputs, and the previous verdict.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Answers {
    /// Scores by criterion id.
    #[serde(default)]
    pub scores: BTreeMap<Id, Score>,
    /// Input values by input id.
    #[serde(default)]
    pub inputs: BTreeMap<Id, f64>,
    /// The verdict of the company's previous assessment under this framework, if any.
    #[serde(default)]
    pub previous: Option<Id>,
}

/// One element's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ElementScore {
    /// The element.
    pub element: Id,
    /// The share met, 0–1; `None` when no criterion applies.
    pub share: Option<f64>,
    /// Its grade, when the framework grades.
    pub grade: Option<String>,
    /// How many of its criteria were answered (including "not applicable").
    pub answered: usize,
    /// How many it has.
    pub criteria: usize,
}

/// The result of scoring answers under one framework version.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Scorecard {
    /// The framework.
    pub framework: Id,
    /// Its version.
    pub version: u32,
    /// Per element, in the framework's order.
    pub elements: Vec<ElementScore>,
    /// The weighted total share, 0–1; `None` when no element has a share.
    pub total: Option<f64>,
    /// The verdict given.
    pub verdict: Id,
    /// Whether the verdict counts as meeting the framework.
    pub meets: bool,
    /// Criteria of the framework without an answer (counted as not met).
    pub unanswered: Vec<Id>,
    /// Answers to criteria this version does not have (not counted).
    pub ignored: Vec<Id>,
}

impl Scorecard {
    /// An element's result.
    pub fn element(&self, id: &Id) -> Option<&ElementScore> {
        self.elements.iter().find(|e| &e.element == id)
    }
}

struct ScoreFacts<'a> {
    elements: &'a [ElementScore],
    total: Option<f64>,
    answers: &'a Answers,
}

impl Facts for ScoreFacts<'_> {
    fn total(&self) -> Option<f64> {
        self.total
    }
    fn element(&self, id: &Id) -> Option<f64> {
        self.elements
            .iter()
            .find(|e| &e.element == id)
            .and_then(|e| e.share)
    }
    fn element_shares(&self) -> Vec<f64> {
        self.elements.iter().filter_map(|e| e.share).collect()
    }
    fn grade_count(&self, grades: &[String]) -> usize {
        self.elements
            .iter()
            .filter(|e| e.grade.as_ref().is_some_and(|g| grades.contains(g)))
            .count()
    }
    fn input(&self, id: &Id) -> Option<f64> {
        self.answers.inputs.get(id).copied()
    }
    fn previous(&self) -> Option<&Id> {
        self.answers.previous.as_ref()
    }
}

/// Checks that `answers` can be stored as a submission under `framework`: every criterion and
/// input known, every score on its scale, "not applicable" only where allowed, the previous
/// verdict one of the framework's. Missing answers are allowed (a draft); they score as not met.
pub fn validate(framework: &Framework, answers: &Answers) -> Result<(), AnswerError> {
    for (id, score) in &answers.scores {
        let Some((_, criterion)) = framework.criterion(id) else {
            return Err(AnswerError::UnknownCriterion {
                criterion: id.clone(),
                framework: framework.id.clone(),
                version: framework.version,
            });
        };
        check_score(criterion, id, *score)?;
    }
    for (id, &value) in &answers.inputs {
        let Some(input) = framework.input(id) else {
            return Err(AnswerError::UnknownInput {
                input: id.clone(),
                framework: framework.id.clone(),
                version: framework.version,
            });
        };
        if !(input.min..=input.max).contains(&value) {
            return Err(AnswerError::InputOutOfRange {
                input: id.clone(),
                value,
                min: input.min,
                max: input.max,
            });
        }
    }
    if let Some(v) = &answers.previous
        && framework.verdict(v).is_none()
    {
        return Err(AnswerError::UnknownVerdict {
            verdict: v.clone(),
            framework: framework.id.clone(),
            version: framework.version,
        });
    }
    Ok(())
}

fn check_score(
    criterion: &crate::framework::Criterion,
    id: &Id,
    score: Score,
) -> Result<(), AnswerError> {
    match score {
        Score::NotApplicable if !criterion.not_applicable => Err(AnswerError::NotApplicable {
            criterion: id.clone(),
        }),
        Score::NotApplicable => Ok(()),
        Score::Points(p) => {
            let (min, max) = criterion.scale.bounds();
            if (min..=max).contains(&p) {
                Ok(())
            } else {
                Err(AnswerError::OffScale {
                    criterion: id.clone(),
                    score: p,
                    min,
                    max,
                })
            }
        }
    }
}

/// Scores stored answers under a framework version. Fails only when an answer to a criterion
/// the version has is off that criterion's scale (or "not applicable" where it may not be):
/// re-scoring must not bend a stored answer to fit a changed scale silently.
pub fn score(framework: &Framework, answers: &Answers) -> Result<Scorecard, AnswerError> {
    let mut unanswered = Vec::new();
    let mut elements = Vec::with_capacity(framework.elements.len());
    for e in &framework.elements {
        let (mut got, mut max, mut answered) = (0.0, 0.0, 0);
        for c in &e.criteria {
            let share = match answers.scores.get(&c.id) {
                None => {
                    unanswered.push(c.id.clone());
                    Some(0.0)
                }
                Some(&s) => {
                    check_score(c, &c.id, s)?;
                    answered += 1;
                    match s {
                        Score::NotApplicable => None,
                        Score::Points(p) => c.scale.share(p),
                    }
                }
            };
            if let Some(share) = share {
                got += c.weight * share;
                max += c.weight;
            }
        }
        let share = (max > 0.0).then(|| got / max);
        elements.push(ElementScore {
            element: e.id.clone(),
            share,
            grade: share.and_then(|s| framework.grade(s)).map(str::to_owned),
            answered,
            criteria: e.criteria.len(),
        });
    }
    let (mut sum, mut weights) = (0.0, 0.0);
    for (e, s) in framework.elements.iter().zip(&elements) {
        if let Some(share) = s.share {
            sum += e.weight * share;
            weights += e.weight;
        }
    }
    let total = (weights > 0.0).then(|| sum / weights);
    let ignored = answers
        .scores
        .keys()
        .filter(|id| framework.criterion(id).is_none())
        .cloned()
        .collect();
    let facts = ScoreFacts {
        elements: &elements,
        total,
        answers,
    };
    let verdict = framework
        .verdicts
        .iter()
        .find(|v| v.holds(&facts))
        .expect("the last verdict has no condition (checked when the framework was read)")
        .id
        .clone();
    Ok(Scorecard {
        framework: framework.id.clone(),
        version: framework.version,
        meets: framework.is_met(&verdict),
        elements,
        total,
        verdict,
        unanswered,
        ignored,
    })
}
