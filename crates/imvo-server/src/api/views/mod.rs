//! The API's read contract: the bodies the portfolio reads answer with, and the typed functions
//! that map the domain's read model ([`imvo_domain::Portfolio`]) to them.
//!
//! # Why views of the server's own
//!
//! The read model is shaped for replaying and querying (and is restructured for that, e.g. to
//! snapshot it); the API is a published contract that clients and the OpenAPI document rely on.
//! Mapping one to the other by hand here keeps the two apart: a change of the read model is a
//! compile error in these functions, not a silent change of the JSON. The payload types of the
//! records (`TrajectorySpec`, `EventSpec`, `Source`, `Text`, `Dated` …) are used as they are:
//! they are the record format the write routes take, so they are part of the contract already.
//! So is the target report ([`imvo_app::TargetReport`] with the domain's `Forecast`): a
//! finished report, not the read model, whose JSON `imvo target --json` publishes too; its
//! schema is derived on it, so the CLI and the API cannot answer with two versions of it.
//!
//! The JSON is the one these reads answered with before the views existed (the read model's own
//! serialisation), field for field.

use chrono::NaiveDate;
use imvo_domain::{
    AgreementDraft, CovenantSpec, Dated, EventSpec, GovernmentActivity, Id, Initiative,
    Organisation, Phase, Portfolio, Progress, Role, Sector, Source, SraChapter,
    StakeholderActivity, Text, TrajectorySpec,
};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa::openapi::Ref;
use utoipa::openapi::schema::{
    AllOfBuilder, ArrayBuilder, ArrayItems, Object, OneOfBuilder, Schema, SchemaType, Type,
};

/// A period a trajectory spent in one phase.
#[derive(Debug, Serialize, ToSchema)]
pub struct PhaseSpellView {
    /// The phase.
    pub phase: Phase,
    /// When the trajectory entered it.
    pub since: Dated,
    /// What the source says about the trajectory in this phase.
    pub note: Option<Text>,
    /// The source.
    pub source: Source,
}

/// A role an organisation holds in a trajectory.
#[derive(Debug, Serialize, ToSchema)]
pub struct RoleEntryView {
    /// The organisation.
    pub organisation: Id,
    /// The role.
    pub role: Role,
    /// What the source says about it.
    pub note: Option<Text>,
    /// Since when.
    pub since: Dated,
    /// The source.
    pub source: Source,
}

/// An existing initiative a trajectory builds on.
#[derive(Debug, Serialize, ToSchema)]
pub struct LinkView {
    /// The initiative.
    pub initiative: Id,
    /// How the trajectory uses it.
    pub note: Option<Text>,
    /// The source.
    pub source: Source,
}

/// A trajectory with its history.
#[derive(Debug, Serialize, ToSchema)]
pub struct TrajectoryView {
    /// Its id, name and sectors, as recorded.
    pub spec: TrajectorySpec,
    /// When it was added.
    pub added: Dated,
    /// The source of its addition.
    pub source: Source,
    /// Its phases in order; the last is the current one. Empty: no phase reported yet.
    pub phases: Vec<PhaseSpellView>,
    /// The organisations' roles, in the order recorded.
    pub roles: Vec<RoleEntryView>,
    /// The initiatives it builds on.
    pub initiatives: Vec<LinkView>,
}

/// An event with its resolved date.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventView {
    /// The event as recorded.
    pub spec: EventSpec,
    /// When it happens or happened; `null` when the source gives no date.
    pub when: Option<Dated>,
    /// When it was recorded.
    pub recorded: Dated,
    /// The source.
    pub source: Source,
}

/// A government activity with its resolved date.
#[derive(Debug, Serialize, ToSchema)]
pub struct GovernmentActivityView {
    /// The activity as recorded.
    pub spec: GovernmentActivity,
    /// When it happens or happened; `null` when the source gives no date.
    pub when: Option<Dated>,
    /// When it was recorded.
    pub recorded: Dated,
    /// The source.
    pub source: Source,
}

/// A stakeholder activity with its resolved date.
#[derive(Debug, Serialize, ToSchema)]
pub struct StakeholderActivityView {
    /// The activity as recorded.
    pub spec: StakeholderActivity,
    /// When it happens or happened; `null` when the source gives no date.
    pub when: Option<Dated>,
    /// When it was recorded.
    pub recorded: Dated,
    /// The source.
    pub source: Source,
}

/// When a covenant ended and why: a pair `[date, reason]` (the reason may be `null`).
#[derive(Debug, Serialize)]
pub struct CovenantEndView(pub Dated, pub Option<Text>);

/// A covenant with its signing and, when it ended, its end.
#[derive(Debug, Serialize, ToSchema)]
pub struct CovenantView {
    /// The covenant as signed.
    pub spec: CovenantSpec,
    /// When it was signed.
    pub signed: Dated,
    /// The source of the signing.
    pub source: Source,
    /// When it ended and why, as `[date, reason]`; `null` while it runs.
    #[schema(schema_with = covenant_end_schema)]
    pub ended: Option<CovenantEndView>,
}

/// `ended`: `null`, or the pair `[Dated, Text | null]`. Written by hand because a pair is an
/// array of two different items, which the derive does not describe.
fn covenant_end_schema() -> Schema {
    let dated = AllOfBuilder::new().item(Ref::from_schema_name("Dated"));
    let reason = OneOfBuilder::new()
        .item(Object::with_type(Type::Null))
        .item(Ref::from_schema_name("Text"));
    ArrayBuilder::new()
        .schema_type(SchemaType::from_iter([Type::Array, Type::Null]))
        .prefix_items([Schema::AllOf(dated.build()), Schema::OneOf(reason.build())])
        .items(ArrayItems::False)
        .min_items(Some(2))
        .max_items(Some(2))
        .build()
        .into()
}

/// A measurement of an agreement's indicator, with its progress.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeasurementView {
    /// Progress and status.
    pub progress: Progress,
    /// A note on how it was measured.
    pub note: Option<Text>,
    /// The source.
    pub source: Source,
}

/// A SMART agreement of a covenant with its measurements.
#[derive(Debug, Serialize, ToSchema)]
pub struct AgreementView {
    /// The covenant it belongs to.
    pub covenant: Id,
    /// The agreement, every element present.
    pub agreement: AgreementDraft,
    /// When it was added.
    pub added: Dated,
    /// The source.
    pub source: Source,
    /// Its measurements in date order.
    pub measurements: Vec<MeasurementView>,
}

/// An organisation in a trajectory with its roles there.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationRoles {
    /// The organisation.
    pub organisation: Organisation,
    /// Its roles in the trajectory.
    pub roles: Vec<Role>,
}

/// An initiative a trajectory builds on, with the link.
#[derive(Debug, Serialize, ToSchema)]
pub struct InitiativeLinkView {
    /// The initiative.
    pub initiative: Initiative,
    /// How the trajectory builds on it.
    pub link: LinkView,
}

/// The sectors and the SRA chapters, as of a date.
#[derive(Debug, Serialize, ToSchema)]
pub struct SectorsView {
    /// The date it shows.
    pub as_of: NaiveDate,
    /// The sectors, in the order added.
    pub sectors: Vec<Sector>,
    /// The SRA chapters, in the order added.
    pub sra_chapters: Vec<SraChapter>,
}

/// Every trajectory with its history, as of a date.
#[derive(Debug, Serialize, ToSchema)]
pub struct TrajectoriesView {
    /// The date it shows.
    pub as_of: NaiveDate,
    /// The trajectories, in the order added.
    pub trajectories: Vec<TrajectoryView>,
}

/// One trajectory with everything that belongs to it, as of a date.
#[derive(Debug, Serialize, ToSchema)]
pub struct TrajectoryDetail {
    /// The date it shows.
    pub as_of: NaiveDate,
    /// The trajectory.
    pub trajectory: TrajectoryView,
    /// The organisations with a role in it.
    pub organisations: Vec<OrganisationRoles>,
    /// The initiatives it builds on.
    pub initiatives: Vec<InitiativeLinkView>,
    /// Its events.
    pub events: Vec<EventView>,
    /// Its covenants.
    pub covenants: Vec<CovenantView>,
}

/// The organisations, as of a date.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationsView {
    /// The date it shows.
    pub as_of: NaiveDate,
    /// The organisations, in the order added.
    pub organisations: Vec<Organisation>,
}

/// The events, as of a date; without a trajectory filter also the government and stakeholder
/// activities.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventsView {
    /// The date it shows.
    pub as_of: NaiveDate,
    /// The events (of the trajectory asked for, or all).
    pub events: Vec<EventView>,
    /// The government activities; left out when one trajectory's events are asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub government_activities: Option<Vec<GovernmentActivityView>>,
    /// The stakeholder activities; left out when one trajectory's events are asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub stakeholder_activities: Option<Vec<StakeholderActivityView>>,
}

/// The covenants with their SMART agreements and measurements, as of a date.
#[derive(Debug, Serialize, ToSchema)]
pub struct CovenantsView {
    /// The date it shows.
    pub as_of: NaiveDate,
    /// The covenants, in signing order.
    pub covenants: Vec<CovenantView>,
    /// The agreements of every covenant.
    pub agreements: Vec<AgreementView>,
}

/// A trajectory of the read model as the API shows it.
pub fn trajectory(t: &imvo_domain::Trajectory) -> TrajectoryView {
    TrajectoryView {
        spec: t.spec.clone(),
        added: t.added,
        source: t.source.clone(),
        phases: t
            .phases
            .iter()
            .map(|s| PhaseSpellView {
                phase: s.phase,
                since: s.since,
                note: s.note.clone(),
                source: s.source.clone(),
            })
            .collect(),
        roles: t
            .roles
            .iter()
            .map(|r| RoleEntryView {
                organisation: r.organisation.clone(),
                role: r.role,
                note: r.note.clone(),
                since: r.since,
                source: r.source.clone(),
            })
            .collect(),
        initiatives: t.initiatives.iter().map(link).collect(),
    }
}

fn link(l: &imvo_domain::LinkEntry) -> LinkView {
    LinkView {
        initiative: l.initiative.clone(),
        note: l.note.clone(),
        source: l.source.clone(),
    }
}

/// An event of the read model as the API shows it.
pub fn event(e: &imvo_domain::Event) -> EventView {
    EventView {
        spec: e.spec.clone(),
        when: e.when,
        recorded: e.recorded,
        source: e.source.clone(),
    }
}

fn government_activity(a: &imvo_domain::Activity<GovernmentActivity>) -> GovernmentActivityView {
    GovernmentActivityView {
        spec: a.spec.clone(),
        when: a.when,
        recorded: a.recorded,
        source: a.source.clone(),
    }
}

fn stakeholder_activity(a: &imvo_domain::Activity<StakeholderActivity>) -> StakeholderActivityView {
    StakeholderActivityView {
        spec: a.spec.clone(),
        when: a.when,
        recorded: a.recorded,
        source: a.source.clone(),
    }
}

/// A covenant of the read model as the API shows it.
pub fn covenant(c: &imvo_domain::Covenant) -> CovenantView {
    CovenantView {
        spec: c.spec.clone(),
        signed: c.signed,
        source: c.source.clone(),
        ended: c
            .ended
            .as_ref()
            .map(|(date, reason)| CovenantEndView(*date, reason.clone())),
    }
}

fn agreement(a: &imvo_domain::Agreement) -> AgreementView {
    AgreementView {
        covenant: a.covenant.clone(),
        agreement: AgreementDraft::from(a.agreement.clone()),
        added: a.added,
        source: a.source.clone(),
        measurements: a
            .measurements
            .iter()
            .map(|m| MeasurementView {
                progress: m.progress,
                note: m.note.clone(),
                source: m.source.clone(),
            })
            .collect(),
    }
}

/// `GET /api/v1/sectors`.
pub fn sectors(p: &Portfolio, as_of: NaiveDate) -> SectorsView {
    SectorsView {
        as_of,
        sectors: p.sectors().to_vec(),
        sra_chapters: p.sra_chapters().to_vec(),
    }
}

/// `GET /api/v1/trajectories`.
pub fn trajectories(p: &Portfolio, as_of: NaiveDate) -> TrajectoriesView {
    TrajectoriesView {
        as_of,
        trajectories: p.trajectories().iter().map(trajectory).collect(),
    }
}

/// `GET /api/v1/trajectories/{id}`, for a trajectory `p` holds (`None` otherwise).
pub fn trajectory_detail(p: &Portfolio, id: &Id, as_of: NaiveDate) -> Option<TrajectoryDetail> {
    let t = p.trajectory(id)?;
    Some(TrajectoryDetail {
        as_of,
        trajectory: trajectory(t),
        organisations: p
            .organisations_in(id)
            .into_iter()
            .map(|(o, roles)| OrganisationRoles {
                organisation: o.clone(),
                roles,
            })
            .collect(),
        initiatives: p
            .initiatives_of(id)
            .into_iter()
            .map(|(i, l)| InitiativeLinkView {
                initiative: i.clone(),
                link: link(l),
            })
            .collect(),
        events: p.events_of(id).into_iter().map(event).collect(),
        covenants: p.covenants_in(id).into_iter().map(covenant).collect(),
    })
}

/// `GET /api/v1/organisations`.
pub fn organisations(p: &Portfolio, as_of: NaiveDate) -> OrganisationsView {
    OrganisationsView {
        as_of,
        organisations: p.organisations().to_vec(),
    }
}

/// `GET /api/v1/events`: one trajectory's events, or every event and activity.
pub fn events(p: &Portfolio, trajectory: Option<&Id>, as_of: NaiveDate) -> EventsView {
    match trajectory {
        Some(id) => EventsView {
            as_of,
            events: p.events_of(id).into_iter().map(event).collect(),
            government_activities: None,
            stakeholder_activities: None,
        },
        None => EventsView {
            as_of,
            events: p.events().map(event).collect(),
            government_activities: Some(
                p.government_activities().map(government_activity).collect(),
            ),
            stakeholder_activities: Some(
                p.stakeholder_activities()
                    .map(stakeholder_activity)
                    .collect(),
            ),
        },
    }
}

/// `GET /api/v1/covenants`.
pub fn covenants(p: &Portfolio, as_of: NaiveDate) -> CovenantsView {
    CovenantsView {
        as_of,
        covenants: p.covenants().iter().map(covenant).collect(),
        agreements: p.agreements().iter().map(agreement).collect(),
    }
}

#[cfg(test)]
mod tests {
    use imvo_domain::DatePrecision;

    use super::*;

    /// `ended` is written as the pair it always was.
    #[test]
    fn a_covenant_end_is_a_pair() {
        let dated = Dated {
            date: NaiveDate::from_ymd_opt(2019, 3, 19).unwrap(),
            precision: DatePrecision::Day,
        };
        let v = serde_json::to_value(CovenantEndView(dated, None)).unwrap();
        assert_eq!(
            v,
            serde_json::json!([{"date": "2019-03-19", "precision": "day"}, null])
        );
    }
}
