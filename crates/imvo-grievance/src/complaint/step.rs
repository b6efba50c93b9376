//! The steps of a case and their order.
//!
//! ```text
//! intake → admissibility ─┬─ admissible ─→ respondent answer → hearing → (interim ruling)* → final ruling → publication → (follow-up)* → closed
//!                         └─ not ────────→ (publication) → closed
//! ```
//!
//! A complaint may be withdrawn or settled at any point before the final ruling (a closing with
//! that reason); after it, the procedure runs its course.

use imvo_domain::Lang;
use serde::{Deserialize, Serialize};

use super::entry::{Action, CloseReason};

/// A step of a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// The complaint is filed.
    Intake,
    /// The committee decides on admissibility.
    Admissibility,
    /// The company complained about answers.
    RespondentAnswer,
    /// The hearing.
    Hearing,
    /// An interim ruling.
    InterimRuling,
    /// The final ruling.
    FinalRuling,
    /// The publication.
    Publication,
    /// A follow-up on compliance.
    FollowUp,
    /// The case is closed.
    Closed,
}

impl Step {
    /// The step an action takes (none for the committee's composition).
    pub fn of(action: &Action) -> Option<Step> {
        Some(match action {
            Action::Compose { .. } => return None,
            Action::Intake { .. } => Step::Intake,
            Action::Admissibility { .. } => Step::Admissibility,
            Action::RespondentAnswer { .. } => Step::RespondentAnswer,
            Action::Hearing { .. } => Step::Hearing,
            Action::InterimRuling { .. } => Step::InterimRuling,
            Action::FinalRuling { .. } => Step::FinalRuling,
            Action::Publication { .. } => Step::Publication,
            Action::FollowUp { .. } => Step::FollowUp,
            Action::Close { .. } => Step::Closed,
        })
    }

    /// Whether this step may come right after `previous`, in a case found admissible or not
    /// (`admissible` is false until the admissibility decision). A closing is checked by
    /// [`Step::may_close`], which knows its reason.
    pub fn may_follow(self, previous: Step, admissible: bool) -> bool {
        use Step::*;
        match self {
            Intake | Closed => false,
            Admissibility => previous == Intake,
            RespondentAnswer => previous == Admissibility && admissible,
            Hearing => previous == RespondentAnswer,
            InterimRuling | FinalRuling => matches!(previous, Hearing | InterimRuling),
            Publication => previous == FinalRuling || (previous == Admissibility && !admissible),
            FollowUp => matches!(previous, Publication | FollowUp) && admissible,
        }
    }

    /// Whether a case whose latest step is `previous` may be closed for `reason`.
    pub fn may_close(previous: Step, admissible: bool, reason: CloseReason) -> bool {
        use Step::*;
        match reason {
            CloseReason::Completed => {
                matches!(previous, Publication | FollowUp)
                    || (previous == Admissibility && !admissible)
            }
            CloseReason::Withdrawn | CloseReason::Settled => match previous {
                Intake | RespondentAnswer | Hearing | InterimRuling => true,
                Admissibility => admissible,
                FinalRuling | Publication | FollowUp | Closed => false,
            },
        }
    }

    /// The step a case waits for after `self`, if it is open (after a publication, the
    /// follow-up of a ruling; after an inadmissibility decision or a follow-up, the closing).
    pub fn expected_next(self, admissible: bool) -> Option<Step> {
        use Step::*;
        match self {
            Intake => Some(Admissibility),
            Admissibility if admissible => Some(RespondentAnswer),
            Admissibility => Some(Closed),
            RespondentAnswer => Some(Hearing),
            Hearing | InterimRuling => Some(FinalRuling),
            FinalRuling => Some(Publication),
            Publication if admissible => Some(FollowUp),
            Publication | FollowUp => Some(Closed),
            Closed => None,
        }
    }

    /// The step's name.
    pub fn label(self, lang: Lang) -> &'static str {
        lang.pick(
            match self {
                Step::Intake => "indiening",
                Step::Admissibility => "ontvankelijkheid",
                Step::RespondentAnswer => "verweer",
                Step::Hearing => "hoorzitting",
                Step::InterimRuling => "tussenuitspraak",
                Step::FinalRuling => "einduitspraak",
                Step::Publication => "publicatie",
                Step::FollowUp => "nazorg",
                Step::Closed => "gesloten",
            },
            match self {
                Step::Intake => "intake",
                Step::Admissibility => "admissibility",
                Step::RespondentAnswer => "respondent's answer",
                Step::Hearing => "hearing",
                Step::InterimRuling => "interim ruling",
                Step::FinalRuling => "final ruling",
                Step::Publication => "publication",
                Step::FollowUp => "follow-up",
                Step::Closed => "closed",
            },
        )
    }
}
