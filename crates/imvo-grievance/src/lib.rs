//! Grievances under the covenants, as domain rules: **signals** of problems at production
//! locations ([`signal`]) and **complaints** before a covenant's independent complaints
//! committee ([`complaint`]). No I/O, no database: the store keeps the logs, the server and the
//! pages call the views; everything here is a pure function of a log and what the caller passes
//! in (the known themes, companies and organisations, the deadlines, the disclosure threshold).
//!
//! Why a crate of its own: both are case files with confidential parties (a reporter who may be
//! at risk, a company's supply chain) and their own step order and deadlines, unlike the
//! portfolio's public policy record and the due-diligence cycle's yearly rhythm. Both follow the
//! due-diligence cycle's pattern ([`imvo_diligence::cycle`]): an event-sourced log of dated
//! entries with an actor, a book that replays it, every rule checked before anything changes,
//! refusals naming the field.
//!
//! Why two logs and not one: a signal is the secretariat's triage of a report about a place,
//! answered by whoever buys there; a complaint is a procedure against one company, ending in a
//! binding ruling. They share parties' kinds, texts and deadline arithmetic, not their steps.
//!
//! The steps, rules, deadlines, who sees what and what is public are described in
//! `docs/grievance.md`; the committee's rules file format too.

pub mod complaint;
mod deadline;
mod error;
mod known;
mod logged;
mod party;
pub mod signal;
mod statement;

pub use error::GrievanceError;
pub use known::Known;
pub use logged::Logged;
pub use party::PartyKind;
pub use statement::Statement;
