//! SMART agreements inside a covenant and the progress of their indicators.
//!
//! Parse, don't validate: a [`SmartAgreement`] can only be built from an [`AgreementDraft`]
//! that has every element (specific result, indicator with unit, baseline value and date,
//! target value and date, owner, risks addressed). A refusal lists every missing element at
//! once, so whoever drafts an agreement learns all that is missing in one go — the SER advice
//! asks agreements to be SMART, and the letter repeats it.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::text::{Id, Lang, Text};

/// An indicator: what is measured, in which unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// What is measured.
    pub name: Text,
    /// The unit ("%", "companies", "production locations" …).
    pub unit: String,
}

/// A value of the indicator at a date (baseline or target).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Point {
    /// The value, in the indicator's unit.
    pub value: f64,
    /// The date.
    pub date: NaiveDate,
}

/// An agreement as drafted: every element optional. Turn it into a [`SmartAgreement`] with
/// `SmartAgreement::try_from`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AgreementDraft {
    /// Stable id.
    pub id: Option<Id>,
    /// The specific result aimed for.
    pub result: Option<Text>,
    /// What is measured.
    pub indicator: Option<Text>,
    /// The indicator's unit.
    pub unit: Option<String>,
    /// Baseline value.
    pub baseline_value: Option<f64>,
    /// Baseline date.
    pub baseline_date: Option<NaiveDate>,
    /// Target value.
    pub target_value: Option<f64>,
    /// Target date.
    pub target_date: Option<NaiveDate>,
    /// The organisation responsible.
    pub owner: Option<Id>,
    /// The risks (themes) the agreement addresses.
    #[serde(default)]
    pub risks: Vec<String>,
}

/// One element of a SMART agreement, named in refusals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SmartElement {
    /// The agreement's id.
    Id,
    /// The specific result (S).
    Result,
    /// The indicator (M).
    Indicator,
    /// The indicator's unit (M).
    Unit,
    /// The baseline value (M).
    BaselineValue,
    /// The baseline date (M).
    BaselineDate,
    /// The target value (A).
    TargetValue,
    /// The target date (T).
    TargetDate,
    /// The owner (R).
    Owner,
    /// The risks addressed.
    Risks,
}

impl SmartElement {
    /// The field name in datasets and the CLI.
    pub fn field(self) -> &'static str {
        match self {
            Self::Id => "id",
            Self::Result => "result",
            Self::Indicator => "indicator",
            Self::Unit => "unit",
            Self::BaselineValue => "baseline_value",
            Self::BaselineDate => "baseline_date",
            Self::TargetValue => "target_value",
            Self::TargetDate => "target_date",
            Self::Owner => "owner",
            Self::Risks => "risks",
        }
    }

    /// What the element is, in words.
    pub fn describe(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Id, Lang::Nl) => "id",
            (Self::Id, Lang::En) => "id",
            (Self::Result, Lang::Nl) => "specifiek resultaat",
            (Self::Result, Lang::En) => "specific result",
            (Self::Indicator, Lang::Nl) => "indicator",
            (Self::Indicator, Lang::En) => "indicator",
            (Self::Unit, Lang::Nl) => "eenheid van de indicator",
            (Self::Unit, Lang::En) => "indicator unit",
            (Self::BaselineValue, Lang::Nl) => "nulmeting (waarde)",
            (Self::BaselineValue, Lang::En) => "baseline value",
            (Self::BaselineDate, Lang::Nl) => "nulmeting (datum)",
            (Self::BaselineDate, Lang::En) => "baseline date",
            (Self::TargetValue, Lang::Nl) => "streefwaarde",
            (Self::TargetValue, Lang::En) => "target value",
            (Self::TargetDate, Lang::Nl) => "streefdatum",
            (Self::TargetDate, Lang::En) => "target date",
            (Self::Owner, Lang::Nl) => "eigenaar",
            (Self::Owner, Lang::En) => "owner",
            (Self::Risks, Lang::Nl) => "geadresseerde risico's",
            (Self::Risks, Lang::En) => "risks addressed",
        }
    }
}

impl fmt::Display for SmartElement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (`{}`)", self.describe(Lang::En), self.field())
    }
}

/// Why a draft is not a SMART agreement.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum NotSmart {
    /// Elements are missing; every one is listed.
    #[error("agreement is not SMART; missing: {}; add them and try again", list(.0))]
    Missing(Vec<SmartElement>),
    /// The target date is not after the baseline date, so it is not time-bound.
    #[error(
        "agreement is not SMART: target date {target} must be after baseline date {baseline} (`target_date`)"
    )]
    TargetNotAfterBaseline {
        /// Baseline date.
        baseline: NaiveDate,
        /// Target date.
        target: NaiveDate,
    },
    /// The target value equals the baseline value: nothing is to be achieved.
    #[error(
        "agreement is not SMART: target value {0} equals the baseline value; set an ambitious target (`target_value`)"
    )]
    NoChange(f64),
    /// A value is not a finite number.
    #[error("agreement is not SMART: `{0}` must be a finite number")]
    NotFinite(&'static str),
    /// A text element is blank in one of its languages.
    #[error("agreement is not SMART: `{0}` is blank; give it in Dutch and English")]
    Blank(&'static str),
}

fn list(missing: &[SmartElement]) -> String {
    missing
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// An agreement that is SMART: it has every element, a target date after its baseline date and
/// a target value that differs from its baseline. Only obtainable through `TryFrom`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "AgreementDraft", into = "AgreementDraft")]
pub struct SmartAgreement {
    id: Id,
    result: Text,
    indicator: Indicator,
    baseline: Point,
    target: Point,
    owner: Id,
    risks: Vec<String>,
}

impl TryFrom<AgreementDraft> for SmartAgreement {
    type Error = NotSmart;

    fn try_from(d: AgreementDraft) -> Result<Self, NotSmart> {
        let mut missing = Vec::new();
        let blank_text = |t: &Option<Text>| t.as_ref().is_none_or(Text::is_blank);
        if d.id.is_none() {
            missing.push(SmartElement::Id);
        }
        if blank_text(&d.result) {
            missing.push(SmartElement::Result);
        }
        if blank_text(&d.indicator) {
            missing.push(SmartElement::Indicator);
        }
        if d.unit.as_deref().is_none_or(|u| u.trim().is_empty()) {
            missing.push(SmartElement::Unit);
        }
        if d.baseline_value.is_none() {
            missing.push(SmartElement::BaselineValue);
        }
        if d.baseline_date.is_none() {
            missing.push(SmartElement::BaselineDate);
        }
        if d.target_value.is_none() {
            missing.push(SmartElement::TargetValue);
        }
        if d.target_date.is_none() {
            missing.push(SmartElement::TargetDate);
        }
        if d.owner.is_none() {
            missing.push(SmartElement::Owner);
        }
        if d.risks.iter().all(|r| r.trim().is_empty()) {
            missing.push(SmartElement::Risks);
        }
        let (
            Some(id),
            Some(result),
            Some(indicator),
            Some(unit),
            Some(bv),
            Some(bd),
            Some(tv),
            Some(td),
            Some(owner),
        ) = (
            d.id,
            d.result,
            d.indicator,
            d.unit,
            d.baseline_value,
            d.baseline_date,
            d.target_value,
            d.target_date,
            d.owner,
        )
        else {
            return Err(NotSmart::Missing(missing));
        };
        if !missing.is_empty() {
            return Err(NotSmart::Missing(missing));
        }
        if !bv.is_finite() {
            return Err(NotSmart::NotFinite("baseline_value"));
        }
        if !tv.is_finite() {
            return Err(NotSmart::NotFinite("target_value"));
        }
        if td <= bd {
            return Err(NotSmart::TargetNotAfterBaseline {
                baseline: bd,
                target: td,
            });
        }
        if tv == bv {
            return Err(NotSmart::NoChange(tv));
        }
        Ok(Self {
            id,
            result,
            indicator: Indicator {
                name: indicator,
                unit,
            },
            baseline: Point {
                value: bv,
                date: bd,
            },
            target: Point {
                value: tv,
                date: td,
            },
            owner,
            risks: d
                .risks
                .into_iter()
                .filter(|r| !r.trim().is_empty())
                .collect(),
        })
    }
}

impl From<SmartAgreement> for AgreementDraft {
    fn from(a: SmartAgreement) -> Self {
        Self {
            id: Some(a.id),
            result: Some(a.result),
            indicator: Some(a.indicator.name),
            unit: Some(a.indicator.unit),
            baseline_value: Some(a.baseline.value),
            baseline_date: Some(a.baseline.date),
            target_value: Some(a.target.value),
            target_date: Some(a.target.date),
            owner: Some(a.owner),
            risks: a.risks,
        }
    }
}

impl SmartAgreement {
    /// Its id.
    pub fn id(&self) -> &Id {
        &self.id
    }
    /// The specific result.
    pub fn result(&self) -> &Text {
        &self.result
    }
    /// The indicator and its unit.
    pub fn indicator(&self) -> &Indicator {
        &self.indicator
    }
    /// The baseline.
    pub fn baseline(&self) -> Point {
        self.baseline
    }
    /// The target.
    pub fn target(&self) -> Point {
        self.target
    }
    /// The organisation responsible.
    pub fn owner(&self) -> &Id {
        &self.owner
    }
    /// The risks addressed (at least one).
    pub fn risks(&self) -> &[String] {
        &self.risks
    }

    /// The share of the way from baseline to target reached by `value` (0 at the baseline,
    /// 1 at the target; works for falling targets too; not clamped).
    pub fn progress_of(&self, value: f64) -> f64 {
        (value - self.baseline.value) / (self.target.value - self.baseline.value)
    }

    /// The share of the way the straight path from baseline to target has reached at `date`
    /// (0 before the baseline date, 1 from the target date on).
    pub fn expected_at(&self, date: NaiveDate) -> f64 {
        let total = (self.target.date - self.baseline.date).num_days() as f64;
        let done = (date - self.baseline.date).num_days() as f64;
        (done / total).clamp(0.0, 1.0)
    }

    /// The progress of a measurement and whether it is on track: on track when the progress
    /// reached is at least what the straight path from baseline to target expects at its date.
    pub fn assess(&self, value: f64, date: NaiveDate) -> Progress {
        let progress = self.progress_of(value);
        let expected = self.expected_at(date);
        let status = if progress >= 1.0 {
            TrackStatus::Achieved
        } else if progress + 1e-12 >= expected {
            TrackStatus::OnTrack
        } else {
            TrackStatus::OffTrack
        };
        Progress {
            date,
            value,
            progress,
            expected,
            status,
        }
    }
}

/// Whether an agreement is where its straight path says it should be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TrackStatus {
    /// The target value is reached.
    Achieved,
    /// At or ahead of the straight path from baseline to target.
    OnTrack,
    /// Behind the straight path.
    OffTrack,
}

impl TrackStatus {
    /// The status's name for reports.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Achieved, Lang::Nl) => "behaald",
            (Self::Achieved, Lang::En) => "achieved",
            (Self::OnTrack, Lang::Nl) => "op koers",
            (Self::OnTrack, Lang::En) => "on track",
            (Self::OffTrack, Lang::Nl) => "achter op schema",
            (Self::OffTrack, Lang::En) => "off track",
        }
    }
}

/// The progress of one measurement.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Progress {
    /// The measurement date.
    pub date: NaiveDate,
    /// The measured value.
    pub value: f64,
    /// Share of the way from baseline to target reached (not clamped).
    pub progress: f64,
    /// Share of the way the straight path expects at this date.
    pub expected: f64,
    /// On track or not.
    pub status: TrackStatus,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn full() -> AgreementDraft {
        AgreementDraft {
            id: Some(Id::new("market-share").unwrap()),
            result: Some(Text::new("50% marktaandeel", "50% market share")),
            indicator: Some(Text::new(
                "marktaandeel deelnemers",
                "market share of signatories",
            )),
            unit: Some("%".into()),
            baseline_value: Some(30.0),
            baseline_date: Some(d(2016, 7, 4)),
            target_value: Some(50.0),
            target_date: Some(d(2018, 7, 4)),
            owner: Some(Id::new("ser").unwrap()),
            risks: vec!["working_conditions".into()],
        }
    }

    #[test]
    fn a_complete_draft_is_smart() {
        let a = SmartAgreement::try_from(full()).unwrap();
        assert_eq!(a.indicator().unit, "%");
        let json = serde_json::to_string(&a).unwrap();
        let back: SmartAgreement = serde_json::from_str(&json).unwrap();
        assert_eq!(a, back);
    }

    #[test]
    fn refusal_names_each_missing_element() {
        let err = SmartAgreement::try_from(AgreementDraft::default()).unwrap_err();
        let NotSmart::Missing(missing) = &err else {
            panic!("{err}")
        };
        assert_eq!(missing.len(), 10);
        let msg = err.to_string();
        for field in [
            "`id`",
            "`result`",
            "`indicator`",
            "`unit`",
            "`baseline_value`",
            "`baseline_date`",
            "`target_value`",
            "`target_date`",
            "`owner`",
            "`risks`",
        ] {
            assert!(msg.contains(field), "{msg} lacks {field}");
        }
        // One missing element: exactly that one is named.
        let mut d = full();
        d.target_date = None;
        d.unit = Some("  ".into());
        let err = SmartAgreement::try_from(d).unwrap_err();
        assert_eq!(
            err,
            NotSmart::Missing(vec![SmartElement::Unit, SmartElement::TargetDate])
        );
    }

    #[test]
    fn not_time_bound_or_not_ambitious_is_refused() {
        let mut d = full();
        d.target_date = d.baseline_date;
        assert!(matches!(
            SmartAgreement::try_from(d),
            Err(NotSmart::TargetNotAfterBaseline { .. })
        ));
        let mut d = full();
        d.target_value = d.baseline_value;
        assert!(matches!(
            SmartAgreement::try_from(d),
            Err(NotSmart::NoChange(_))
        ));
        let mut d = full();
        d.baseline_value = Some(f64::NAN);
        assert!(matches!(
            SmartAgreement::try_from(d),
            Err(NotSmart::NotFinite(_))
        ));
    }

    #[test]
    fn deserialising_an_incomplete_agreement_fails_with_the_list() {
        let err = serde_json::from_str::<SmartAgreement>(r#"{"id":"x","unit":"%"}"#).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("`result`") && msg.contains("`owner`"), "{msg}");
    }

    #[test]
    fn progress_follows_the_straight_path() {
        let a = SmartAgreement::try_from(full()).unwrap();
        // Halfway in time (one year of two), 40% is halfway in value: on track.
        let p = a.assess(40.0, d(2017, 7, 4));
        assert!((p.progress - 0.5).abs() < 1e-12);
        assert!((p.expected - 0.5).abs() < 0.01);
        assert_eq!(p.status, TrackStatus::OnTrack);
        assert_eq!(a.assess(35.0, d(2017, 7, 4)).status, TrackStatus::OffTrack);
        assert_eq!(a.assess(50.0, d(2017, 1, 1)).status, TrackStatus::Achieved);
        // Falling targets work too.
        let mut dr = full();
        dr.baseline_value = Some(100.0);
        dr.target_value = Some(0.0);
        let f = SmartAgreement::try_from(dr).unwrap();
        assert_eq!(f.assess(40.0, d(2017, 7, 4)).status, TrackStatus::OnTrack);
        assert_eq!(f.assess(60.0, d(2017, 7, 4)).status, TrackStatus::OffTrack);
    }
}
