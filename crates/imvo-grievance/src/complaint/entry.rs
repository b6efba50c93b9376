//! The steps of a complaint, as entries of a covenant's complaints log.

use chrono::NaiveDate;
use imvo_domain::{Id, Lang};
use serde::{Deserialize, Serialize};

use crate::error::{GrievanceError, nonblank, nonblank_if_given};
use crate::party::PartyKind;
use crate::statement::Statement;

/// Who complains. Confidential, except where the committee's rules publish the name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Complainant {
    /// The kind of party.
    pub kind: PartyKind,
    /// Its name (a person's, or an organisation's).
    pub name: String,
    /// The portfolio's id for it, when it is an organisation of the portfolio (an NGO or union
    /// that is party to the covenant).
    #[serde(default)]
    pub organisation: Option<Id>,
    /// How to reach it.
    #[serde(default)]
    pub contact: Option<String>,
}

/// A complaint as filed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Complaint {
    /// Who complains.
    pub complainant: Complainant,
    /// The company complained about (a covenant company).
    pub respondent: Id,
    /// The harm, in the complainant's words.
    pub harm: Statement,
    /// The covenant's agreement the company is said to have broken, as cited ("article 9,
    /// due diligence").
    pub agreement: String,
}

impl Complaint {
    pub(crate) fn check(&self) -> Result<(), GrievanceError> {
        nonblank("complaint.complainant.name", &self.complainant.name)?;
        nonblank_if_given(
            "complaint.complainant.contact",
            self.complainant.contact.as_deref(),
        )?;
        self.harm.check("complaint.harm")?;
        nonblank("complaint.agreement", &self.agreement)
    }
}

/// One finding of a final ruling: a ground of the complaint and whether it is upheld.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Finding {
    /// What the committee finds.
    pub text: String,
    /// Whether the ground is upheld (well-founded).
    pub upheld: bool,
}

/// How a final ruling goes, from its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Every ground upheld.
    Upheld,
    /// Some grounds upheld.
    PartlyUpheld,
    /// No ground upheld.
    Dismissed,
}

impl Verdict {
    /// The verdict's name.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Verdict::Upheld => lang.pick("gegrond", "upheld"),
            Verdict::PartlyUpheld => lang.pick("deels gegrond", "partly upheld"),
            Verdict::Dismissed => lang.pick("ongegrond", "dismissed"),
        }
    }
}

/// The committee's final ruling.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Ruling {
    /// The ruling as the committee wrote it (this is the text that is published, so the
    /// committee writes it anonymised where its rules say so).
    pub text: Statement,
    /// Whether it binds the parties; must be what the committee's rules say.
    pub binding: bool,
    /// The findings, at least one.
    pub findings: Vec<Finding>,
}

impl Ruling {
    /// The verdict its findings add up to.
    pub fn verdict(&self) -> Verdict {
        let upheld = self.findings.iter().filter(|f| f.upheld).count();
        match upheld {
            0 => Verdict::Dismissed,
            n if n == self.findings.len() => Verdict::Upheld,
            _ => Verdict::PartlyUpheld,
        }
    }

    pub(crate) fn check(&self) -> Result<(), GrievanceError> {
        self.text.check("ruling.text")?;
        if self.findings.is_empty() {
            return Err(GrievanceError::new(
                "ruling.findings",
                "a final ruling has at least one finding",
            ));
        }
        for (i, f) in self.findings.iter().enumerate() {
            nonblank(&format!("ruling.findings[{i}].text"), &f.text)?;
        }
        Ok(())
    }
}

/// Which parties a publication leaves unnamed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Anonymisation {
    /// The complainant is not named.
    pub complainant: bool,
    /// The company complained about is not named.
    pub respondent: bool,
}

impl Anonymisation {
    /// Whether this leaves unnamed at least the parties `required` does.
    pub fn covers(self, required: Anonymisation) -> bool {
        (self.complainant || !required.complainant) && (self.respondent || !required.respondent)
    }
}

/// Why a case is closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CloseReason {
    /// The procedure ran its course (ruled and published, followed up; or inadmissible).
    Completed,
    /// The complainant withdrew before the final ruling.
    Withdrawn,
    /// The parties settled before the final ruling (often through the committee's mediation).
    Settled,
}

impl CloseReason {
    /// The reason's name.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            CloseReason::Completed => lang.pick("afgerond", "completed"),
            CloseReason::Withdrawn => lang.pick("ingetrokken", "withdrawn"),
            CloseReason::Settled => lang.pick("geschikt", "settled"),
        }
    }
}

/// A member of the complaints committee: an organisation of the portfolio and its role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CommitteeMember {
    /// The organisation (an id of the portfolio).
    pub organisation: Id,
    /// Its role, as the committee's regulations name it ("chair", "member", "secretary").
    pub role: String,
}

/// One step of a complaint, or of the committee.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum Action {
    /// The committee's composition from the entry's date on (replacing the previous one).
    Compose {
        /// The members, each organisation once.
        members: Vec<CommitteeMember>,
    },
    /// A complaint is filed. The entry's date is the filing date.
    Intake {
        /// The new case's id, chosen by the committee ("2019-01"). It is shown wherever the case
        /// is, so it names no party.
        case: Id,
        /// The complaint.
        complaint: Complaint,
    },
    /// The committee decides whether the complaint is admissible.
    Admissibility {
        /// The case.
        case: Id,
        /// Whether it is.
        admissible: bool,
        /// Why.
        grounds: String,
    },
    /// The company complained about answers, or the committee records that it did not answer
    /// within the term (no `text`) and proceeds.
    RespondentAnswer {
        /// The case.
        case: Id,
        /// The answer, when there is one.
        #[serde(default)]
        text: Option<String>,
    },
    /// The committee hears the parties; the entry's date is the hearing's.
    Hearing {
        /// The case.
        case: Id,
        /// A note on the hearing (who appeared, what was asked).
        #[serde(default)]
        note: Option<String>,
    },
    /// An interim ruling (further questions, an interim measure, a mediation attempt); may be
    /// repeated.
    InterimRuling {
        /// The case.
        case: Id,
        /// The ruling.
        text: Statement,
    },
    /// The final ruling.
    FinalRuling {
        /// The case.
        case: Id,
        /// The ruling.
        ruling: Ruling,
    },
    /// The ruling (or the inadmissibility decision) is published.
    Publication {
        /// The case.
        case: Id,
        /// Which parties it leaves unnamed: at least those the rules say.
        anonymised: Anonymisation,
    },
    /// The committee follows up on compliance with the ruling; may be repeated.
    FollowUp {
        /// The case.
        case: Id,
        /// What it found.
        text: String,
    },
    /// The case is closed.
    Close {
        /// The case.
        case: Id,
        /// Why.
        reason: CloseReason,
        /// A note.
        #[serde(default)]
        note: Option<String>,
    },
}

impl Action {
    /// The case the step is about (none for the committee's composition).
    pub fn case(&self) -> Option<&Id> {
        match self {
            Action::Compose { .. } => None,
            Action::Intake { case, .. }
            | Action::Admissibility { case, .. }
            | Action::RespondentAnswer { case, .. }
            | Action::Hearing { case, .. }
            | Action::InterimRuling { case, .. }
            | Action::FinalRuling { case, .. }
            | Action::Publication { case, .. }
            | Action::FollowUp { case, .. }
            | Action::Close { case, .. } => Some(case),
        }
    }

    /// The action's name, as stored.
    pub fn name(&self) -> &'static str {
        match self {
            Action::Compose { .. } => "compose",
            Action::Intake { .. } => "intake",
            Action::Admissibility { .. } => "admissibility",
            Action::RespondentAnswer { .. } => "respondent_answer",
            Action::Hearing { .. } => "hearing",
            Action::InterimRuling { .. } => "interim_ruling",
            Action::FinalRuling { .. } => "final_ruling",
            Action::Publication { .. } => "publication",
            Action::FollowUp { .. } => "follow_up",
            Action::Close { .. } => "close",
        }
    }
}

/// An entry as kept: the step with its date and actor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Entry {
    /// The day it happened (deadlines and the ageing count from it).
    pub date: NaiveDate,
    /// Who did it (an account's username, or `dataset:<file>`).
    pub actor: String,
    /// What happened.
    #[serde(flatten)]
    pub action: Action,
}
