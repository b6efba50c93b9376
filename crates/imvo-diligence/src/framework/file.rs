//! The framework file as written (TOML), and its checks. Unknown fields are refused, so a typo
//! (`wieght`) is an error, not a silently missing weight.

use std::collections::BTreeSet;

use imvo_domain::{Id, Text};
use serde::Deserialize;

use super::{
    Criterion, Element, FORMAT, Framework, FrameworkSource, GradeBand, Input, Scale, Verdict,
    WEIGHT_TOTAL,
};
use crate::error::FrameworkError;
use crate::oecd::OecdStep;
use crate::rule::{self, Names};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFramework {
    format: String,
    id: Id,
    version: u32,
    name: Text,
    description: Option<Text>,
    #[serde(default, rename = "source")]
    sources: Vec<RawSource>,
    #[serde(default, rename = "input")]
    inputs: Vec<RawInput>,
    #[serde(default, rename = "grade")]
    grades: Vec<RawGrade>,
    #[serde(rename = "element")]
    elements: Vec<RawElement>,
    #[serde(rename = "verdict")]
    verdicts: Vec<RawVerdict>,
    #[serde(default)]
    meets: Vec<Id>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    document: String,
    locator: Option<String>,
    url: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInput {
    id: Id,
    name: Text,
    min: f64,
    max: f64,
    assumed: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGrade {
    grade: String,
    min: f64,
    assumed: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawElement {
    id: Id,
    name: Text,
    weight: f64,
    assumed: Option<String>,
    #[serde(rename = "criterion")]
    criteria: Vec<RawCriterion>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawScale {
    Named(String),
    Points { min: i64, max: i64 },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCriterion {
    id: Id,
    text: Text,
    scale: RawScale,
    weight: Option<f64>,
    #[serde(default)]
    evidence: bool,
    oecd_step: OecdStep,
    #[serde(default)]
    not_applicable: bool,
}

/// A verdict's rule: one list of conditions (all must hold), or a list of such lists
/// (alternatives: any may hold).
#[derive(Deserialize)]
#[serde(untagged)]
enum RawWhen {
    All(Vec<String>),
    Any(Vec<Vec<String>>),
}

impl Default for RawWhen {
    fn default() -> Self {
        RawWhen::All(Vec::new())
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVerdict {
    id: Id,
    label: Text,
    #[serde(default)]
    when: RawWhen,
    assumed: Option<String>,
}

/// Collects the first rule a framework breaks, with its field.
struct Check<'a> {
    origin: &'a str,
}

impl Check<'_> {
    fn fail(&self, field: impl Into<String>, problem: impl Into<String>) -> FrameworkError {
        FrameworkError::Invalid {
            origin: self.origin.to_owned(),
            field: field.into(),
            problem: problem.into(),
        }
    }

    fn text(&self, field: impl Into<String>, t: &Text) -> Result<(), FrameworkError> {
        if t.is_blank() {
            return Err(self.fail(field, "needs both nl and en, neither blank"));
        }
        Ok(())
    }

    fn unique<'i>(
        &self,
        kind: &str,
        ids: impl IntoIterator<Item = &'i str>,
    ) -> Result<(), FrameworkError> {
        let mut seen = BTreeSet::new();
        for id in ids {
            if !seen.insert(id) {
                return Err(self.fail(format!("{kind}[{id}]"), "is declared twice"));
            }
        }
        Ok(())
    }

    fn finite(&self, field: impl Into<String>, x: f64) -> Result<(), FrameworkError> {
        if !x.is_finite() {
            return Err(self.fail(field, "must be a finite number"));
        }
        Ok(())
    }
}

pub(super) fn parse(text: &str, origin: &str) -> Result<Framework, FrameworkError> {
    let raw: RawFramework = toml::from_str(text).map_err(|e| FrameworkError::Syntax {
        origin: origin.to_owned(),
        message: e.to_string().trim_end().to_owned(),
    })?;
    let c = Check { origin };
    if raw.format != FORMAT {
        return Err(c.fail(
            "format",
            format!("is {:?}; this build reads {FORMAT:?}", raw.format),
        ));
    }
    if raw.version == 0 {
        return Err(c.fail("version", "starts at 1"));
    }
    c.text("name", &raw.name)?;
    if let Some(d) = &raw.description {
        c.text("description", d)?;
    }
    for (i, s) in raw.sources.iter().enumerate() {
        if s.document.trim().is_empty() {
            return Err(c.fail(format!("source[{i}].document"), "is blank"));
        }
    }
    let inputs = inputs(&c, raw.inputs)?;
    let grades = grades(&c, raw.grades)?;
    let elements = elements(&c, raw.elements)?;

    c.unique("verdict", raw.verdicts.iter().map(|v| v.id.as_str()))?;
    if raw.verdicts.is_empty() {
        return Err(c.fail("verdict", "a framework needs at least one verdict"));
    }
    let names = Names {
        elements: elements.iter().map(|e| e.id.clone()).collect(),
        inputs: inputs.iter().map(|i| i.id.clone()).collect(),
        grades: grades.iter().map(|g| g.grade.clone()).collect(),
        verdicts: raw.verdicts.iter().map(|v| v.id.clone()).collect(),
    };
    let last = raw.verdicts.len() - 1;
    let mut verdicts = Vec::with_capacity(raw.verdicts.len());
    for (n, v) in raw.verdicts.into_iter().enumerate() {
        let field = format!("verdict[{}]", v.id);
        c.text(format!("{field}.label"), &v.label)?;
        let alternatives = match v.when {
            RawWhen::All(all) if all.is_empty() => Vec::new(),
            RawWhen::All(all) => vec![all],
            RawWhen::Any(any) => any,
        };
        let mut when = Vec::with_capacity(alternatives.len());
        for (a, all) in alternatives.iter().enumerate() {
            if all.is_empty() {
                return Err(c.fail(
                    format!("{field}.when[{a}]"),
                    "an alternative needs a condition",
                ));
            }
            let mut conds = Vec::with_capacity(all.len());
            for (i, expr) in all.iter().enumerate() {
                let place = if alternatives.len() == 1 {
                    format!("{field}.when[{i}]")
                } else {
                    format!("{field}.when[{a}][{i}]")
                };
                conds.push(rule::parse(expr, &names).map_err(|e| c.fail(place, e.to_string()))?);
            }
            when.push(conds);
        }
        if n == last && !when.is_empty() {
            return Err(c.fail(
                format!("{field}.when"),
                "the last verdict is the fallback and has no condition, so every scorecard gets a verdict",
            ));
        }
        if n != last && when.is_empty() {
            return Err(c.fail(
                format!("{field}.when"),
                "only the last verdict may have no condition: the verdicts after it could never be given",
            ));
        }
        verdicts.push(Verdict {
            id: v.id,
            label: v.label,
            when,
            assumed: v.assumed,
        });
    }
    for (i, m) in raw.meets.iter().enumerate() {
        if !names.verdicts.contains(m) {
            return Err(c.fail(format!("meets[{i}]"), format!("unknown verdict {m}")));
        }
    }
    Ok(Framework {
        id: raw.id,
        version: raw.version,
        name: raw.name,
        description: raw.description,
        sources: raw
            .sources
            .into_iter()
            .map(|s| FrameworkSource {
                document: s.document,
                locator: s.locator,
                url: s.url,
            })
            .collect(),
        elements,
        inputs,
        grades,
        verdicts,
        meets: raw.meets,
    })
}

fn inputs(c: &Check<'_>, raw: Vec<RawInput>) -> Result<Vec<Input>, FrameworkError> {
    c.unique("input", raw.iter().map(|i| i.id.as_str()))?;
    raw.into_iter()
        .map(|i| {
            let field = format!("input[{}]", i.id);
            c.text(format!("{field}.name"), &i.name)?;
            c.finite(format!("{field}.min"), i.min)?;
            c.finite(format!("{field}.max"), i.max)?;
            if i.min >= i.max {
                return Err(c.fail(format!("{field}.max"), "must be above min"));
            }
            Ok(Input {
                id: i.id,
                name: i.name,
                min: i.min,
                max: i.max,
                assumed: i.assumed,
            })
        })
        .collect()
}

fn grades(c: &Check<'_>, raw: Vec<RawGrade>) -> Result<Vec<GradeBand>, FrameworkError> {
    c.unique("grade", raw.iter().map(|g| g.grade.as_str()))?;
    let mut out: Vec<GradeBand> = Vec::with_capacity(raw.len());
    for g in raw {
        let field = format!("grade[{}]", g.grade);
        let ok = !g.grade.is_empty()
            && g.grade.len() <= 8
            && g.grade.chars().all(|ch| ch.is_ascii_alphanumeric());
        if !ok {
            return Err(c.fail(field, "a grade is 1 to 8 letters or digits"));
        }
        c.finite(format!("{field}.min"), g.min)?;
        if !(0.0..=1.0).contains(&g.min) {
            return Err(c.fail(format!("{field}.min"), "is a share: from 0 to 1"));
        }
        if let Some(prev) = out.last()
            && g.min >= prev.min
        {
            return Err(c.fail(
                format!("{field}.min"),
                format!(
                    "grades go from best to worst: must be below {} (grade {})",
                    prev.min, prev.grade
                ),
            ));
        }
        out.push(GradeBand {
            grade: g.grade,
            min: g.min,
            assumed: g.assumed,
        });
    }
    if let Some(last) = out.last()
        && last.min != 0.0
    {
        return Err(c.fail(
            format!("grade[{}].min", last.grade),
            "the lowest grade starts at 0, so every share gets a grade",
        ));
    }
    Ok(out)
}

fn elements(c: &Check<'_>, raw: Vec<RawElement>) -> Result<Vec<Element>, FrameworkError> {
    if raw.is_empty() {
        return Err(c.fail("element", "a framework needs at least one element"));
    }
    c.unique("element", raw.iter().map(|e| e.id.as_str()))?;
    c.unique(
        "criterion",
        raw.iter()
            .flat_map(|e| e.criteria.iter().map(|k| k.id.as_str())),
    )?;
    let mut total = 0.0;
    let mut out = Vec::with_capacity(raw.len());
    for e in raw {
        let field = format!("element[{}]", e.id);
        c.text(format!("{field}.name"), &e.name)?;
        c.finite(format!("{field}.weight"), e.weight)?;
        if e.weight <= 0.0 {
            return Err(c.fail(format!("{field}.weight"), "must be above 0"));
        }
        total += e.weight;
        if e.criteria.is_empty() {
            return Err(c.fail(
                format!("{field}.criterion"),
                "an element needs at least one criterion",
            ));
        }
        let criteria = e
            .criteria
            .into_iter()
            .map(|k| criterion(c, k))
            .collect::<Result<_, _>>()?;
        out.push(Element {
            id: e.id,
            name: e.name,
            weight: e.weight,
            assumed: e.assumed,
            criteria,
        });
    }
    if (total - WEIGHT_TOTAL).abs() > 1e-9 {
        return Err(c.fail(
            "element.weight",
            format!("the element weights add up to {total}, not {WEIGHT_TOTAL}"),
        ));
    }
    Ok(out)
}

fn criterion(c: &Check<'_>, k: RawCriterion) -> Result<Criterion, FrameworkError> {
    let field = format!("criterion[{}]", k.id);
    c.text(format!("{field}.text"), &k.text)?;
    let scale = match k.scale {
        RawScale::Named(name) if name == "yes-no" => Scale::YesNo,
        RawScale::Named(name) => {
            return Err(c.fail(
                format!("{field}.scale"),
                format!("unknown scale {name:?}: use \"yes-no\" or {{ min = …, max = … }}"),
            ));
        }
        RawScale::Points { min, max } if min < max => Scale::Points { min, max },
        RawScale::Points { .. } => {
            return Err(c.fail(format!("{field}.scale"), "max must be above min"));
        }
    };
    let weight = k.weight.unwrap_or(1.0);
    c.finite(format!("{field}.weight"), weight)?;
    if weight <= 0.0 {
        return Err(c.fail(format!("{field}.weight"), "must be above 0"));
    }
    Ok(Criterion {
        id: k.id,
        text: k.text,
        scale,
        weight,
        evidence: k.evidence,
        oecd_step: k.oecd_step,
        not_applicable: k.not_applicable,
    })
}
