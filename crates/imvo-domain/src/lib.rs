//! Domain types and rules of the Dutch IMVO covenant policy: sectors, trajectories, phases,
//! organisations and roles, events, existing initiatives, government and stakeholder
//! activities, covenants, SMART agreements, measurements, policy targets and the target
//! forecast. No I/O, no async, no database: everything here is a pure function of its inputs,
//! so the CLI, the server and the report crates share one set of rules.
//!
//! The model is event-sourced. A [`Record`] is a dated, sourced [`Change`]; the state as of a
//! date is a [`Portfolio`] built by [`Portfolio::replay`] of the records effective on or before
//! it. History is never rewritten, every fact names its [`Source`], and "what changed since the
//! previous letter" is the list of records between two dates.

mod account;
mod agreement;
mod forecast;
mod model;
mod portfolio;
mod record;
mod target;
mod text;

/// The date type of the whole domain, re-exported so front ends need no chrono of their own.
pub use chrono::NaiveDate;

pub use account::{AccountRole, UnknownAccountRole};
pub use agreement::{
    AgreementDraft, Indicator, NotSmart, Point, Progress, SmartAgreement, SmartElement, TrackStatus,
};
pub use forecast::{
    ConfigError, DAYS_PER_MONTH, DurationSource, Forecast, ForecastConfig, ForecastError,
    PhaseDefault, TrajectoryChance, forecast,
};
pub use model::{
    CountRule, CovenantEnd, CovenantKind, CovenantParty, CovenantSpec, Dated, EventKind, EventSpec,
    Governance, GovernmentActivity, GovernmentActivityKind, Initiative, InitiativeKind,
    InitiativeLink, MeasurementSpec, Organisation, OrganisationKind, Participants, Phase,
    PhaseChange, Role, RoleAssignment, Sector, SraChapter, StakeholderActivity,
    StakeholderActivityKind, TargetSpec, Theme, TrajectorySpec,
};
pub use portfolio::{
    Activity, Agreement, ApplyError, Covenant, Entity, Event, History, LinkEntry, MeasurementEntry,
    PhaseGroup, PhaseSpell, Portfolio, ReplayError, RoleEntry, SHAPE, Section, SectionReader,
    Target, Trajectory,
};
pub use record::{AgreementSpec, Change, Record, Source};
pub use target::TargetStatus;
pub use text::{DatePrecision, Id, InvalidId, Lang, Text, UnknownLang, format_date, month_name};
