//! Where a signal stands.

use chrono::NaiveDate;
use imvo_domain::Lang;
use serde::{Deserialize, Serialize};

/// A signal's status: which step it waits for, or that it ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Received; waits for the secretariat's triage.
    Received,
    /// Admissible; waits to be forwarded to the companies that buy at the location.
    Triaged,
    /// Forwarded; waits for at least one company's answer.
    Forwarded,
    /// Every company it was forwarded to has answered; waits for the secretariat to close it.
    Answered,
    /// Closed, with an outcome.
    Closed,
    /// Not admissible; ended at triage.
    Inadmissible,
}

impl Status {
    /// Every status, in the order of the steps (the order of public tables).
    pub const ALL: [Status; 6] = [
        Status::Received,
        Status::Triaged,
        Status::Forwarded,
        Status::Answered,
        Status::Closed,
        Status::Inadmissible,
    ];

    /// Whether the signal ended (only a reopening follows).
    pub fn is_ended(self) -> bool {
        matches!(self, Status::Closed | Status::Inadmissible)
    }

    /// Whether the status says something about what companies did: only signals that reached
    /// companies are in it, and it tells whether they answered.
    pub fn is_about_companies(self) -> bool {
        matches!(self, Status::Forwarded | Status::Answered)
    }

    /// The status's name.
    pub fn label(self, lang: Lang) -> &'static str {
        lang.pick(
            match self {
                Status::Received => "ontvangen",
                Status::Triaged => "beoordeeld",
                Status::Forwarded => "doorgestuurd",
                Status::Answered => "beantwoord",
                Status::Closed => "afgesloten",
                Status::Inadmissible => "niet ontvankelijk",
            },
            match self {
                Status::Received => "received",
                Status::Triaged => "triaged",
                Status::Forwarded => "forwarded",
                Status::Answered => "answered",
                Status::Closed => "closed",
                Status::Inadmissible => "inadmissible",
            },
        )
    }
}

/// A period of one status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusSpell {
    /// The status.
    pub status: Status,
    /// Since when.
    pub since: NaiveDate,
}
