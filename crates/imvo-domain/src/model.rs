//! The things of the covenant policy: SRA chapters and sectors, organisations, trajectories and
//! their phases, roles, events, existing initiatives, government and stakeholder activities,
//! covenants and policy targets. These are the payloads of [`crate::Change`]s.
//!
//! Over 600 lines with reason: a table of types, one per kind of fact, each with its serde
//! and schema attributes; splitting it would scatter the record format across files.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::text::{DatePrecision, Id, Lang, Text};

/// A chapter of the Sector Risk Analysis report (KPMG, 2014). Modelled apart from sectors
/// because the SRA discusses some sectors together in one chapter (e.g. metal and
/// electronics), and reports refer to the chapter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SraChapter {
    /// Stable id.
    pub id: Id,
    /// The chapter's title.
    pub name: Text,
}

/// A business sector: one of the SRA's sectors with elevated risk, or another sector that
/// joined the covenant process.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Sector {
    /// Stable id.
    pub id: Id,
    /// The sector's name.
    pub name: Text,
    /// The SRA chapter that discusses it; `None` for sectors outside the SRA.
    #[serde(default)]
    pub sra_chapter: Option<Id>,
    /// Whether the SRA found elevated risk in its international supply chains.
    pub elevated_risk: bool,
}

/// What kind of body an organisation is; the letter's sections are organised by it
/// (branch organisations lead, unions and NGOs advise, knowledge institutes support).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrganisationKind {
    /// A trade or branch association of companies in a sector.
    BranchOrganisation,
    /// A national employers' federation spanning sectors (VNO-NCW, MKB-Nederland).
    EmployersOrganisation,
    /// A trade union.
    Union,
    /// A non-governmental (civil-society) organisation.
    Ngo,
    /// A knowledge institute or expertise centre.
    KnowledgeInstitute,
    /// A ministry, minister or other part of government.
    Government,
    /// An independent advisory council (the SER).
    AdvisoryCouncil,
    /// A regulator or supervisor (the ACM).
    Regulator,
    /// An intergovernmental organisation (IOM, OECD, EU institutions).
    InternationalOrganisation,
    /// A multi-stakeholder sustainability initiative acting as an organisation (FSI).
    MultiStakeholderInitiative,
    /// A company.
    Company,
    /// A covenant secretariat.
    Secretariat,
    /// Anything else.
    Other,
}

/// An organisation that takes part in trajectories, covenants or activities.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// Stable id.
    pub id: Id,
    /// The official name, in its own language.
    pub name: String,
    /// The English name, when the organisation uses one.
    #[serde(default)]
    pub name_en: Option<String>,
    /// The usual abbreviation (NVB, SER …).
    #[serde(default)]
    pub abbreviation: Option<String>,
    /// What kind of body it is (named `category` because `kind` tags the change).
    pub category: OrganisationKind,
    /// What the source says about it (e.g. whom it represents).
    #[serde(default)]
    pub description: Option<Text>,
}

impl Organisation {
    /// The short name to use in prose: the abbreviation when there is one, else the name
    /// (the English one in English when known).
    pub fn short_name(&self, lang: Lang) -> &str {
        if let Some(a) = &self.abbreviation {
            return a;
        }
        match (lang, &self.name_en) {
            (Lang::En, Some(en)) => en,
            _ => &self.name,
        }
    }
}

/// A trajectory towards a covenant: the unit of the progress letter. One sector may hold
/// several (the financial sector: banks, insurers, pension funds) and one trajectory may touch
/// several sectors (gold: metal, electronics, jewellers, finance).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TrajectorySpec {
    /// Stable id.
    pub id: Id,
    /// The trajectory's name.
    pub name: Text,
    /// The sectors it touches; at least one.
    pub sectors: Vec<Id>,
}

/// The phases of a trajectory, in their natural order. A trajectory normally moves forward
/// only; a move back must be recorded as allowed explicitly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// No initiative taken yet.
    NoInitiative,
    /// Exploring: inventorying own policy and risks, awareness, knowledge building.
    Exploring,
    /// A multi-stakeholder dialogue has been set up.
    Dialogue,
    /// Negotiating a covenant, usually under a convenor such as the SER.
    Negotiating,
    /// A covenant is signed.
    Signed,
    /// The covenant is being implemented.
    Implementing,
    /// The trajectory ended (covenant ended and evaluated, or abandoned).
    Ended,
}

impl Phase {
    /// Every phase in order.
    pub const ALL: [Phase; 7] = [
        Phase::NoInitiative,
        Phase::Exploring,
        Phase::Dialogue,
        Phase::Negotiating,
        Phase::Signed,
        Phase::Implementing,
        Phase::Ended,
    ];

    /// The phase's name for tables and reports.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Phase::NoInitiative, Lang::Nl) => "nog geen initiatief",
            (Phase::NoInitiative, Lang::En) => "no initiative yet",
            (Phase::Exploring, Lang::Nl) => "verkennend",
            (Phase::Exploring, Lang::En) => "exploring",
            (Phase::Dialogue, Lang::Nl) => "multi-stakeholderdialoog",
            (Phase::Dialogue, Lang::En) => "multi-stakeholder dialogue",
            (Phase::Negotiating, Lang::Nl) => "onderhandeling",
            (Phase::Negotiating, Lang::En) => "negotiating",
            (Phase::Signed, Lang::Nl) => "convenant getekend",
            (Phase::Signed, Lang::En) => "covenant signed",
            (Phase::Implementing, Lang::Nl) => "uitvoering",
            (Phase::Implementing, Lang::En) => "implementing",
            (Phase::Ended, Lang::Nl) => "beëindigd",
            (Phase::Ended, Lang::En) => "ended",
        }
    }

    /// The snake_case name used in datasets, JSON and the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::NoInitiative => "no_initiative",
            Phase::Exploring => "exploring",
            Phase::Dialogue => "dialogue",
            Phase::Negotiating => "negotiating",
            Phase::Signed => "signed",
            Phase::Implementing => "implementing",
            Phase::Ended => "ended",
        }
    }

    /// The phase after this one on the way to a covenant, if any.
    pub fn next(self) -> Option<Phase> {
        let i = Phase::ALL.iter().position(|p| *p == self)?;
        Phase::ALL.get(i + 1).copied()
    }

    /// True for phases before a covenant is signed.
    pub fn is_before_signing(self) -> bool {
        self < Phase::Signed
    }
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Phase {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Phase::ALL
            .into_iter()
            .find(|p| p.as_str() == s)
            .ok_or_else(|| {
                let names: Vec<_> = Phase::ALL.iter().map(|p| p.as_str()).collect();
                format!("unknown phase {s:?}; use one of {}", names.join(", "))
            })
    }
}

/// A phase change of a trajectory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PhaseChange {
    /// The trajectory.
    pub trajectory: Id,
    /// The new phase.
    pub phase: Phase,
    /// Permit a move to an earlier phase (e.g. negotiations broke down).
    #[serde(default)]
    pub allow_backward: bool,
    /// What the source says about the trajectory in this phase.
    #[serde(default)]
    pub note: Option<Text>,
}

/// The role an organisation plays in a trajectory or covenant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = OrganisationRole))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The branch organisation that leads the sector's side.
    LeadBranchOrganisation,
    /// A branch organisation taking part.
    BranchOrganisation,
    /// Brings the parties together (the SER in textile and banking).
    Convenor,
    /// Mediates between the parties.
    Mediator,
    /// Holds the pen: drafts the covenant text.
    Penvoerder,
    /// Provides or is the independent chair.
    ExternalChair,
    /// Contributes knowledge to the dialogue.
    KnowledgePartner,
    /// Guides or facilitates meetings or a plan.
    Facilitator,
    /// A (prospective) party to the covenant.
    Party,
    /// Advises.
    Adviser,
    /// Takes part without a specific role.
    Participant,
}

impl Role {
    /// The role's name for reports.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Role::LeadBranchOrganisation, Lang::Nl) => "trekkende brancheorganisatie",
            (Role::LeadBranchOrganisation, Lang::En) => "lead branch organisation",
            (Role::BranchOrganisation, Lang::Nl) => "brancheorganisatie",
            (Role::BranchOrganisation, Lang::En) => "branch organisation",
            (Role::Convenor, _) => "convenor",
            (Role::Mediator, _) => "mediator",
            (Role::Penvoerder, Lang::Nl) => "penvoerder",
            (Role::Penvoerder, Lang::En) => "drafter (penvoerder)",
            (Role::ExternalChair, Lang::Nl) => "externe voorzitter",
            (Role::ExternalChair, Lang::En) => "external chair",
            (Role::KnowledgePartner, Lang::Nl) => "kennispartner",
            (Role::KnowledgePartner, Lang::En) => "knowledge partner",
            (Role::Facilitator, Lang::Nl) => "begeleider",
            (Role::Facilitator, Lang::En) => "facilitator",
            (Role::Party, Lang::Nl) => "partij",
            (Role::Party, Lang::En) => "party",
            (Role::Adviser, Lang::Nl) => "adviseur",
            (Role::Adviser, Lang::En) => "adviser",
            (Role::Participant, Lang::Nl) => "deelnemer",
            (Role::Participant, Lang::En) => "participant",
        }
    }
}

/// An organisation's role in a trajectory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RoleAssignment {
    /// The organisation.
    pub organisation: Id,
    /// The trajectory.
    pub trajectory: Id,
    /// The role.
    pub role: Role,
    /// What the source says about it.
    #[serde(default)]
    pub note: Option<Text>,
}

/// What kind of event happened (or is planned) in a trajectory or the process as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// A meeting.
    Meeting,
    /// Exploratory talks.
    ExploratoryTalks,
    /// A round table.
    RoundTable,
    /// A workshop.
    Workshop,
    /// A feedback meeting.
    FeedbackMeeting,
    /// A signing (also a planned one, for an aim to sign).
    Signing,
    /// A letter to Parliament or another body.
    Letter,
    /// A statement, announcement or decision of a party.
    Announcement,
    /// A publication (report, plan, ruling).
    Publication,
    /// Anything else.
    Other,
}

/// A dated event, as written in a record. `trajectories` may be empty for events of the whole
/// covenant process (the VNO-NCW covenant meeting of 30 June 2015).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EventSpec {
    /// Stable id.
    pub id: Id,
    /// What kind of event.
    pub event: EventKind,
    /// The trajectories it belongs to.
    #[serde(default)]
    pub trajectories: Vec<Id>,
    /// The organisations involved.
    #[serde(default)]
    pub organisations: Vec<Id>,
    /// What happened.
    pub description: Text,
    /// True when the source announces it for the future.
    #[serde(default)]
    pub planned: bool,
    /// When it happens, when that differs from the record's date (a planned event is recorded
    /// on the day it is announced). Omitted: the record's date.
    #[serde(default)]
    pub event_date: Option<NaiveDate>,
    /// The precision of `event_date`.
    #[serde(default)]
    pub event_precision: Option<DatePrecision>,
    /// True when the source gives no date at all; the record's date is then only the day it
    /// became known.
    #[serde(default)]
    pub undated: bool,
    /// The number of participants, when the source gives one.
    #[serde(default)]
    pub participants: Option<Participants>,
}

/// A participant count as sources give it: exact or "more than".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Participants {
    /// The number.
    pub count: u32,
    /// True for "more than `count`".
    #[serde(default)]
    pub more_than: bool,
}

/// A date with its precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Dated {
    /// The date (first day of the period for coarse precisions).
    pub date: NaiveDate,
    /// How precisely it is known.
    pub precision: DatePrecision,
}

impl Dated {
    /// The date as prose in `lang` (see [`crate::format_date`]).
    pub fn format(&self, lang: Lang) -> String {
        crate::text::format_date(self.date, self.precision, lang)
    }
}

/// What kind of existing initiative a trajectory may build on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InitiativeKind {
    /// A multi-stakeholder initiative.
    MultiStakeholder,
    /// EU or national legislation or an action plan.
    Regulation,
    /// A Green Deal with government.
    GreenDeal,
    /// A sector code of conduct.
    Code,
    /// A certification or responsible-production scheme.
    Certification,
    /// A sector's own plan of action.
    SectorPlan,
    /// A business coalition.
    Coalition,
    /// Anything else.
    Other,
}

/// An existing (inter)national initiative that trajectories can build on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Initiative {
    /// Stable id.
    pub id: Id,
    /// Its name.
    pub name: Text,
    /// What kind of initiative.
    pub initiative: InitiativeKind,
    /// The year it started, when the source says.
    #[serde(default)]
    pub started: Option<i32>,
    /// What the source says about it.
    #[serde(default)]
    pub description: Option<Text>,
}

/// A trajectory builds on an existing initiative.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct InitiativeLink {
    /// The trajectory.
    pub trajectory: Id,
    /// The initiative.
    pub initiative: Id,
    /// How the trajectory uses it.
    #[serde(default)]
    pub note: Option<Text>,
}

/// The kinds of government activity of the letter's section 3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum GovernmentActivityKind {
    /// Inviting parties to a round table.
    RoundTable,
    /// Supporting knowledge workshops (SER/Shift).
    KnowledgeWorkshop,
    /// A direct dialogue between government and a sector or company.
    DirectDialogue,
    /// Exploring joint action with other parties.
    Exploration,
    /// Promoting the covenant approach abroad (OECD, EU).
    International,
}

/// A government activity: facilitating dialogue, building knowledge, direct dialogue,
/// international promotion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct GovernmentActivity {
    /// Stable id.
    pub id: Id,
    /// What kind of activity.
    pub activity: GovernmentActivityKind,
    /// The organisations involved (organisers, providers, counterparts).
    #[serde(default)]
    pub organisations: Vec<Id>,
    /// The sectors taking part.
    #[serde(default)]
    pub sectors: Vec<Id>,
    /// The trajectories taking part.
    #[serde(default)]
    pub trajectories: Vec<Id>,
    /// What it is.
    pub description: Text,
    /// True when announced for the future.
    #[serde(default)]
    pub planned: bool,
    /// When, if it differs from the record's date.
    #[serde(default)]
    pub event_date: Option<NaiveDate>,
    /// The precision of `event_date`.
    #[serde(default)]
    pub event_precision: Option<DatePrecision>,
    /// True when the source gives no date.
    #[serde(default)]
    pub undated: bool,
}

/// The kinds of stakeholder involvement of the letter's section 4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum StakeholderActivityKind {
    /// A recurring broad stakeholder meeting (each quarter).
    QuarterlyMeeting,
    /// Advice on cross-sector themes.
    ThematicAdvice,
    /// Regular consultation.
    Consultation,
    /// A project group.
    ProjectGroup,
    /// Knowledge building and partnership in dialogues.
    KnowledgePartnership,
    /// A multi-stakeholder dialogue across sectors.
    Dialogue,
    /// Guiding the process (the SER).
    ProcessGuidance,
}

/// A cross-sector theme on which stakeholders advise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    /// Land rights.
    LandRights,
    /// Women's rights.
    WomensRights,
    /// Child labour.
    ChildLabour,
    /// Working conditions.
    WorkingConditions,
    /// The role of trade unions.
    RoleOfUnions,
    /// Labour and trade-union rights.
    LabourRights,
    /// Land governance.
    LandGovernance,
}

impl Theme {
    /// The theme's name for reports.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Theme::LandRights, Lang::Nl) => "landrechten",
            (Theme::LandRights, Lang::En) => "land rights",
            (Theme::WomensRights, Lang::Nl) => "vrouwenrechten",
            (Theme::WomensRights, Lang::En) => "women's rights",
            (Theme::ChildLabour, Lang::Nl) => "kinderarbeid",
            (Theme::ChildLabour, Lang::En) => "child labour",
            (Theme::WorkingConditions, Lang::Nl) => "arbeidsomstandigheden",
            (Theme::WorkingConditions, Lang::En) => "working conditions",
            (Theme::RoleOfUnions, Lang::Nl) => "de rol van de vakbonden",
            (Theme::RoleOfUnions, Lang::En) => "the role of trade unions",
            (Theme::LabourRights, Lang::Nl) => "arbeids- en vakbondsrechten",
            (Theme::LabourRights, Lang::En) => "labour and trade-union rights",
            (Theme::LandGovernance, Lang::Nl) => "landbeheer",
            (Theme::LandGovernance, Lang::En) => "land governance",
        }
    }
}

/// A stakeholder activity: quarterly meetings, thematic advice, consultation, project groups.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StakeholderActivity {
    /// Stable id.
    pub id: Id,
    /// What kind of activity.
    pub activity: StakeholderActivityKind,
    /// The organisations involved.
    #[serde(default)]
    pub organisations: Vec<Id>,
    /// The themes, for advice.
    #[serde(default)]
    pub themes: Vec<Theme>,
    /// The trajectories concerned, if specific.
    #[serde(default)]
    pub trajectories: Vec<Id>,
    /// What it is.
    pub description: Text,
    /// True when announced for the future.
    #[serde(default)]
    pub planned: bool,
    /// When, if it differs from the record's date.
    #[serde(default)]
    pub event_date: Option<NaiveDate>,
    /// The precision of `event_date`.
    #[serde(default)]
    pub event_precision: Option<DatePrecision>,
    /// True when the source gives no date (ongoing or recurring activity).
    #[serde(default)]
    pub undated: bool,
}

/// What kind of covenant; targets count covenants by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CovenantKind {
    /// An IMVO sector covenant (agreement).
    Sector,
    /// Another agreement (e.g. a Green Deal) that does not count as an IMVO covenant.
    Other,
}

/// A party to a covenant and its role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CovenantParty {
    /// The organisation.
    pub organisation: Id,
    /// Its role.
    pub role: Role,
}

/// How a covenant is governed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Governance {
    /// Whether there is a steering group.
    #[serde(default)]
    pub steering_group: bool,
    /// The chair (organisation) when known.
    #[serde(default)]
    pub chair: Option<Id>,
    /// The secretariat (organisation) when known.
    #[serde(default)]
    pub secretariat: Option<Id>,
    /// Anything else the source says.
    #[serde(default)]
    pub note: Option<Text>,
}

/// A signed covenant, as written in a record; the signing date is the record's date.
/// A covenant belongs to a trajectory but does not move its phase: the coal covenant of
/// November 2014 was signed while the energy trajectory was still exploring.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CovenantSpec {
    /// Stable id.
    pub id: Id,
    /// Its name.
    pub name: Text,
    /// The trajectory it belongs to.
    pub trajectory: Id,
    /// What kind of covenant.
    pub covenant: CovenantKind,
    /// The parties known by name, with their roles.
    #[serde(default)]
    pub parties: Vec<CovenantParty>,
    /// How many parties signed, when the source gives a number rather than names.
    #[serde(default)]
    pub party_count: Option<u32>,
    /// Who the parties are, in words, when not listed by name.
    #[serde(default)]
    pub parties_description: Option<Text>,
    /// Its duration in years, when known.
    #[serde(default)]
    pub duration_years: Option<u32>,
    /// Its governance, when known.
    #[serde(default)]
    pub governance: Option<Governance>,
    /// Its complaints mechanism, when it has one.
    #[serde(default)]
    pub complaints_mechanism: Option<Text>,
    /// What the covenant is about.
    #[serde(default)]
    pub description: Option<Text>,
}

/// A covenant ends (early or at term); the end date is the record's date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CovenantEnd {
    /// The covenant.
    pub covenant: Id,
    /// Why it ended.
    #[serde(default)]
    pub reason: Option<Text>,
}

/// Which covenants count towards a target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CountRule {
    /// Only covenants of these kinds count.
    pub kinds: Vec<CovenantKind>,
    /// Only covenants signed on or after this date count; `None`: no lower bound.
    #[serde(default)]
    pub signed_from: Option<NaiveDate>,
}

/// A policy target: at least `count` covenants signed before `deadline`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TargetSpec {
    /// Stable id.
    pub id: Id,
    /// The target as the source words it.
    pub description: Text,
    /// The number of covenants to reach.
    pub count: u32,
    /// Covenants must be signed before this date (exclusive).
    pub deadline: NaiveDate,
    /// Which covenants count.
    pub rule: CountRule,
}

/// A measurement of an agreement's indicator; its date is the record's date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MeasurementSpec {
    /// The agreement.
    pub agreement: Id,
    /// The measured value, in the indicator's unit.
    pub value: f64,
    /// A note on how it was measured.
    #[serde(default)]
    pub note: Option<Text>,
}
