//! The verdict rule language: the conditions under which a framework gives a verdict.
//!
//! A verdict's `when` is a list of conditions that must all hold — or a list of such lists,
//! alternatives of which any may hold (`when = [["a", "b"], ["c"]]`: a and b, or c). Verdicts
//! are tried in order and the first whose rule holds is given; the last has no condition. A
//! condition compares one term with a value:
//!
//! | term | what it is |
//! |---|---|
//! | `total` | the weighted total, a share from 0 to 1 |
//! | `element.<id>` | one element's share met, 0 to 1 |
//! | `min_element`, `max_element` | the lowest and highest element share |
//! | `grades(A)`, `grades(C, D, E)` | how many elements have one of these grades |
//! | `input.<id>` | a declared input given beside the answers |
//! | `previous` | the verdict of the company's previous assessment, or `none` |
//!
//! with `>=`, `>`, `<=`, `<`, `==` or `!=` and a number (`previous`: a verdict id or `none`,
//! with `==` or `!=` only). This is enough for the three anchors: the textile covenant's
//! "fully meets" (`min_element >= …`), Fair Wear's categories from the benchmarking score and
//! the monitored share (`total >= 0.75`, `input.monitored-share >= 0.9`, and the suspension
//! after a year in "needs improvement": `previous == needs-improvement`), and BSCI's A–E roll-up
//! (`grades(A) >= 7`, `grades(C, D, E) == 0`).
//!
//! **Rounding.** Shares are compared after rounding to nine decimals, so a share that is
//! exactly a threshold in decimal (7 of 10 criteria met against `>= 0.7`) meets it whatever
//! order the floating-point sums were taken in. An element with no applicable criterion has no
//! share: every comparison with it is false.

mod parse;

use std::collections::BTreeSet;
use std::fmt;

use imvo_domain::Id;
use serde::Serialize;

pub(crate) use parse::parse;

/// What a condition looks at.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "term", content = "of", rename_all = "snake_case")]
pub enum Term {
    /// The weighted total share.
    Total,
    /// One element's share.
    Element(Id),
    /// The lowest element share.
    MinElement,
    /// The highest element share.
    MaxElement,
    /// How many elements have one of these grades.
    Grades(Vec<String>),
    /// A declared input.
    Input(Id),
    /// The previous assessment's verdict.
    Previous,
}

/// A comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Op {
    /// `>=`
    #[serde(rename = ">=")]
    Ge,
    /// `>`
    #[serde(rename = ">")]
    Gt,
    /// `<=`
    #[serde(rename = "<=")]
    Le,
    /// `<`
    #[serde(rename = "<")]
    Lt,
    /// `==`
    #[serde(rename = "==")]
    Eq,
    /// `!=`
    #[serde(rename = "!=")]
    Ne,
}

impl Op {
    fn holds(self, a: f64, b: f64) -> bool {
        match self {
            Op::Ge => a >= b,
            Op::Gt => a > b,
            Op::Le => a <= b,
            Op::Lt => a < b,
            Op::Eq => a == b,
            Op::Ne => a != b,
        }
    }
}

/// What a term is compared with.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    /// A number (shares are 0–1).
    Number(f64),
    /// A verdict id, or `None` for `none` (only with `previous`).
    Verdict(Option<Id>),
}

/// One condition of a verdict rule, with the text it was parsed from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Condition {
    /// What is compared.
    pub term: Term,
    /// How.
    pub op: Op,
    /// With what.
    pub value: Value,
    /// The condition as written in the framework file.
    pub text: String,
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// The names a rule may use: those the framework declares.
pub(crate) struct Names {
    pub elements: BTreeSet<Id>,
    pub inputs: BTreeSet<Id>,
    pub grades: BTreeSet<String>,
    pub verdicts: BTreeSet<Id>,
}

/// What conditions are evaluated against: a company's scores for one assessment.
pub trait Facts {
    /// The weighted total share, if any element has a share.
    fn total(&self) -> Option<f64>;
    /// An element's share, if it has applicable criteria.
    fn element(&self, id: &Id) -> Option<f64>;
    /// Every element share there is.
    fn element_shares(&self) -> Vec<f64>;
    /// How many elements have one of `grades`.
    fn grade_count(&self, grades: &[String]) -> usize;
    /// An input's value, if given.
    fn input(&self, id: &Id) -> Option<f64>;
    /// The previous verdict.
    fn previous(&self) -> Option<&Id>;
}

/// A share rounded to nine decimals, as rules compare them.
pub(crate) fn rounded(x: f64) -> f64 {
    (x * 1e9).round() / 1e9
}

impl Condition {
    /// Whether the condition holds for these facts.
    pub fn holds(&self, facts: &dyn Facts) -> bool {
        let number = match &self.value {
            Value::Number(n) => *n,
            Value::Verdict(v) => {
                let same = facts.previous() == v.as_ref();
                return match self.op {
                    Op::Eq => same,
                    Op::Ne => !same,
                    _ => false,
                };
            }
        };
        let subject = match &self.term {
            Term::Total => facts.total(),
            Term::Element(id) => facts.element(id),
            Term::MinElement => facts.element_shares().into_iter().reduce(f64::min),
            Term::MaxElement => facts.element_shares().into_iter().reduce(f64::max),
            Term::Grades(g) => Some(facts.grade_count(g) as f64),
            Term::Input(id) => facts.input(id),
            Term::Previous => None,
        };
        subject.is_some_and(|s| self.op.holds(rounded(s), number))
    }
}
