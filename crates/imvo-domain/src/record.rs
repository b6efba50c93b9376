//! Records: the only way the portfolio changes. A record is one sourced, dated [`Change`].
//! The state of the policy at any date is the replay of the records effective on or before it
//! (see [`crate::Portfolio`]).

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize};

use crate::agreement::SmartAgreement;
use crate::model::{
    CovenantEnd, CovenantSpec, EventSpec, GovernmentActivity, Initiative, InitiativeLink,
    MeasurementSpec, Organisation, PhaseChange, RoleAssignment, Sector, SraChapter,
    StakeholderActivity, TargetSpec, TrajectorySpec,
};
use crate::text::{DatePrecision, Id};

/// Where a fact comes from. Every record names one: the policy is accountable to Parliament,
/// so each fact in a letter must be traceable to a document and a place in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The document, e.g. "Kamerstuk 26 485 nr. 212".
    pub document: String,
    /// Where in the document, e.g. "§2, textiel".
    pub locator: String,
    /// A public address of the document, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// True when the fact is an inference from the source rather than stated in it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub inferred: bool,
    /// How the fact was read or inferred.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Source {
    /// A source with a document and a locator.
    pub fn new(document: impl Into<String>, locator: impl Into<String>) -> Self {
        Self {
            document: document.into(),
            locator: locator.into(),
            url: None,
            inferred: false,
            note: None,
        }
    }

    /// "document, locator" for citations.
    pub fn citation(&self) -> String {
        format!("{}, {}", self.document, self.locator)
    }
}

/// Adds an agreement to a covenant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AgreementSpec {
    /// The covenant.
    pub covenant: Id,
    /// The agreement; SMART by construction.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::AgreementDraft))]
    pub agreement: SmartAgreement,
}

/// One change to the portfolio. Serialised with a `kind` tag in snake_case, e.g.
/// `{"kind": "set_phase", "trajectory": "banks", "phase": "negotiating"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    /// A chapter of the SRA report.
    AddSraChapter(SraChapter),
    /// A sector.
    AddSector(Sector),
    /// An organisation.
    AddOrganisation(Organisation),
    /// A trajectory towards a covenant.
    AddTrajectory(TrajectorySpec),
    /// A trajectory enters a phase.
    SetPhase(PhaseChange),
    /// An organisation takes a role in a trajectory.
    AssignRole(RoleAssignment),
    /// An event in a trajectory or the process.
    RecordEvent(EventSpec),
    /// An existing initiative.
    AddInitiative(Initiative),
    /// A trajectory builds on an existing initiative.
    LinkInitiative(InitiativeLink),
    /// A government activity.
    GovernmentActivity(GovernmentActivity),
    /// A stakeholder activity.
    StakeholderActivity(StakeholderActivity),
    /// A covenant is signed (on the record's date).
    SignCovenant(CovenantSpec),
    /// A covenant ends (on the record's date).
    EndCovenant(CovenantEnd),
    /// A SMART agreement is added to a covenant.
    AddAgreement(AgreementSpec),
    /// An agreement's indicator is measured (on the record's date).
    RecordMeasurement(MeasurementSpec),
    /// A policy target.
    AddTarget(TargetSpec),
}

impl Change {
    /// Every `kind` tag, in the order of the enum.
    pub const KINDS: [&'static str; 16] = [
        "add_sra_chapter",
        "add_sector",
        "add_organisation",
        "add_trajectory",
        "set_phase",
        "assign_role",
        "record_event",
        "add_initiative",
        "link_initiative",
        "government_activity",
        "stakeholder_activity",
        "sign_covenant",
        "end_covenant",
        "add_agreement",
        "record_measurement",
        "add_target",
    ];

    /// This change's `kind` tag.
    pub fn kind(&self) -> &'static str {
        match self {
            Change::AddSraChapter(_) => "add_sra_chapter",
            Change::AddSector(_) => "add_sector",
            Change::AddOrganisation(_) => "add_organisation",
            Change::AddTrajectory(_) => "add_trajectory",
            Change::SetPhase(_) => "set_phase",
            Change::AssignRole(_) => "assign_role",
            Change::RecordEvent(_) => "record_event",
            Change::AddInitiative(_) => "add_initiative",
            Change::LinkInitiative(_) => "link_initiative",
            Change::GovernmentActivity(_) => "government_activity",
            Change::StakeholderActivity(_) => "stakeholder_activity",
            Change::SignCovenant(_) => "sign_covenant",
            Change::EndCovenant(_) => "end_covenant",
            Change::AddAgreement(_) => "add_agreement",
            Change::RecordMeasurement(_) => "record_measurement",
            Change::AddTarget(_) => "add_target",
        }
    }

    /// Deserialises the payload of the change named `kind` (without the tag) from any serde
    /// deserializer. Dataset readers use this to keep serde's path to a failing field (an
    /// internally tagged enum buffers its content and loses it). Unknown kinds are refused
    /// with the list of known ones.
    pub fn deserialize_kind<'de, D: Deserializer<'de>>(
        kind: &str,
        d: D,
    ) -> Result<Change, D::Error> {
        use serde::de::Error;
        Ok(match kind {
            "add_sra_chapter" => Change::AddSraChapter(Deserialize::deserialize(d)?),
            "add_sector" => Change::AddSector(Deserialize::deserialize(d)?),
            "add_organisation" => Change::AddOrganisation(Deserialize::deserialize(d)?),
            "add_trajectory" => Change::AddTrajectory(Deserialize::deserialize(d)?),
            "set_phase" => Change::SetPhase(Deserialize::deserialize(d)?),
            "assign_role" => Change::AssignRole(Deserialize::deserialize(d)?),
            "record_event" => Change::RecordEvent(Deserialize::deserialize(d)?),
            "add_initiative" => Change::AddInitiative(Deserialize::deserialize(d)?),
            "link_initiative" => Change::LinkInitiative(Deserialize::deserialize(d)?),
            "government_activity" => Change::GovernmentActivity(Deserialize::deserialize(d)?),
            "stakeholder_activity" => Change::StakeholderActivity(Deserialize::deserialize(d)?),
            "sign_covenant" => Change::SignCovenant(Deserialize::deserialize(d)?),
            "end_covenant" => Change::EndCovenant(Deserialize::deserialize(d)?),
            "add_agreement" => Change::AddAgreement(Deserialize::deserialize(d)?),
            "record_measurement" => Change::RecordMeasurement(Deserialize::deserialize(d)?),
            "add_target" => Change::AddTarget(Deserialize::deserialize(d)?),
            other => return Err(D::Error::unknown_variant(other, &Change::KINDS)),
        })
    }
}

/// A dated, sourced change: the unit of the append-only log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// The date the change takes effect (for a coarse precision: the first day of the period).
    pub date: NaiveDate,
    /// How precisely `date` is known.
    #[serde(default, skip_serializing_if = "is_day")]
    pub date_precision: DatePrecision,
    /// Where the fact comes from.
    pub source: Source,
    /// What changes.
    pub change: Change,
}

fn is_day(p: &DatePrecision) -> bool {
    *p == DatePrecision::Day
}

impl Record {
    /// A day-precise record.
    pub fn new(date: NaiveDate, source: Source, change: Change) -> Self {
        Self {
            date,
            date_precision: DatePrecision::Day,
            source,
            change,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Phase;

    #[test]
    fn kinds_match_the_serde_tags() {
        let c = Change::SetPhase(PhaseChange {
            trajectory: Id::new("banks").unwrap(),
            phase: Phase::Negotiating,
            allow_backward: false,
            note: None,
        });
        let v = serde_json::to_value(&c).unwrap();
        assert_eq!(v["kind"], "set_phase");
        assert_eq!(c.kind(), "set_phase");
        assert!(Change::KINDS.contains(&c.kind()));
        let back: Change = serde_json::from_value(v.clone()).unwrap();
        assert_eq!(back, c);
        let mut payload = v;
        payload.as_object_mut().unwrap().remove("kind");
        let via_kind = Change::deserialize_kind("set_phase", payload).unwrap();
        assert_eq!(via_kind, c);
        let err = Change::deserialize_kind("set_phaze", serde_json::json!({})).unwrap_err();
        assert!(err.to_string().contains("set_phase"), "{err}");
    }
}
