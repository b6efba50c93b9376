//! Signals: reports of problems at production locations, from anyone (the public form, or the
//! API with an account), to a covenant's secretariat.
//!
//! A signal is reported with its location (matched to the location register, or as given),
//! themes, a description and evidence; the secretariat triages it; an admissible one is
//! forwarded to every covenant company that buys at the location; each company answers with
//! what it does; the secretariat closes it, and may reopen it. Each step is an [`Entry`] of the
//! covenant's signal log, with its date and actor; [`Book`] is the log's replay, with the rules
//! each entry must satisfy. Deadlines per step come from [`SignalRules`].
//!
//! Who sees what: the secretariat everything ([`Signal`]); the reporter the status
//! ([`ReporterView`]), never the companies; a company only the signals forwarded to it
//! ([`CompanySignal`]), never the reporter or the other companies; the public counts per year
//! ([`PublicSignals`]), never by company.

mod book;
mod entry;
mod public;
mod rules;
mod status;
mod view;

pub use book::{Answered, Book, Closure, Forwarded, Signal, Triaged};
pub use entry::{Action, Entry, Evidence, Location, Outcome, Priority, Report, Reporter};
pub use public::{PublicSignals, StatusCount, ThemeCount};
pub use rules::{Due, Overdue, SignalRules, Step};
pub use status::{Status, StatusSpell};
pub use view::{CompanySignal, Ended, OwnAnswer, ReporterView};
