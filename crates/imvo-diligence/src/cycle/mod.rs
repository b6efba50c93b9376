//! The yearly due-diligence cycle of a covenant's companies: membership, the calendar,
//! submissions, assessments, feedback and responses, escalation on missed deadlines, and the
//! public figures of each year.
//!
//! A covenant's cycle is its own event-sourced log (`Entry`), kept apart from the portfolio's
//! change log: the answers of hundreds of companies over many years must not make every
//! portfolio command replay them, and they are confidential where the portfolio is public.
//! [`Book`] is the replay of one covenant's log, with the rules each entry must satisfy.

mod action;
mod book;
mod due;
mod error;
mod kpi;

pub use action::{
    Action, Assessment, Calendar, Entry, Escalation, Evidence, Goal, PrioritisedRisk, Status,
    Submission,
};
pub use book::{
    Assessed, Book, CompanyYear, Cycle, Decided, Frameworks, Member, Note, StatusSpell, Submitted,
};
pub use due::{EscalationRule, Overdue, Proposal, Step};
pub use error::CycleError;
pub use kpi::{AnnualFigures, BINS, ElementKpi, PublishedCovenant, YearKpis};
