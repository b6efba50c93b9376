//! Complaints: cases before a covenant's independent complaints committee.
//!
//! A complainant (a person, an NGO, a union) complains about a covenant company, citing the
//! harm and the covenant's agreement it says the company broke. The committee decides on
//! admissibility, hears the respondent's answer and the parties, may give interim rulings,
//! gives a final (binding, where its rules say so) ruling with its findings, publishes it
//! (anonymised where its rules say so) and follows up on compliance. Each step is an [`Entry`]
//! of the covenant's complaints log with its date and actor; [`Book`] is the log's replay, with
//! the order of [`Step`]s and the rules each entry must satisfy. [`ComplaintRules`] holds the
//! committee's terms and publication rules (TOML); the ageing view shows the days each case
//! spent on each step.

mod ageing;
mod book;
mod entry;
mod public;
mod rules;
mod step;

pub use ageing::{CaseAgeing, CaseDue, CaseOverdue, StepTime};
pub use book::{Book, Case, Closing, Composition, Decision, Taken};
pub use entry::{
    Action, Anonymisation, CloseReason, CommitteeMember, Complainant, Complaint, Entry, Finding,
    Ruling, Verdict,
};
pub use public::{PublishedCase, PublishedComplainant, PublishedNote, PublishedRuling};
pub use rules::{ComplaintRules, Deadlines, FORMAT, RulesError};
pub use step::Step;
