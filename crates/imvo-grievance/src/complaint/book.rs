//! A covenant's complaints register: the committee's composition and its cases, as the log of
//! entries adds up to, and the rules each new entry must satisfy. Event-sourced like the signals
//! and the due-diligence cycle; every check runs before anything changes, so a refused entry
//! leaves the book as it was.
//!
//! Dates are ordered per case (a step is not dated before the case's previous step) and per
//! composition of the committee, not across the log: cases are independent, and the
//! committee's archive can be imported case by case.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use imvo_domain::{Id, Lang};
use serde::Serialize;

use super::entry::{Action, Anonymisation, CloseReason, CommitteeMember, Complaint, Entry, Ruling};
use super::rules::ComplaintRules;
use super::step::Step;
use crate::error::{GrievanceError, nonblank, nonblank_if_given};
use crate::known::Known;
use crate::logged::Logged;
use crate::statement::Statement;

/// A step a case took.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Taken {
    /// The step.
    pub step: Step,
    /// When.
    pub date: NaiveDate,
    /// By whom.
    pub actor: String,
}

/// The admissibility decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Decision {
    /// Whether the complaint is admissible.
    pub admissible: bool,
    /// Why.
    pub grounds: String,
}

/// How a case was closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Closing {
    /// Why.
    pub reason: CloseReason,
    /// A note.
    pub note: Option<String>,
}

/// The committee as composed from a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Composition {
    /// From when.
    pub since: NaiveDate,
    /// Who recorded it.
    pub actor: String,
    /// The members.
    pub members: Vec<CommitteeMember>,
}

/// One case, with everything that happened in it: the committee's view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Case {
    /// Its id.
    pub id: Id,
    /// The covenant.
    pub covenant: Id,
    /// When it was filed.
    pub filed: NaiveDate,
    /// The complaint.
    pub complaint: Complaint,
    /// Its steps in order, from the intake.
    pub steps: Vec<Taken>,
    /// The admissibility decision.
    pub admissibility: Option<Decision>,
    /// The respondent's answer, when it gave one.
    pub respondent_answer: Option<String>,
    /// The note on the hearing.
    pub hearing_note: Option<String>,
    /// The interim rulings.
    pub interim_rulings: Vec<Logged<Statement>>,
    /// The final ruling.
    pub ruling: Option<Logged<Ruling>>,
    /// The publication, with the parties it left unnamed.
    pub publication: Option<Logged<Anonymisation>>,
    /// The follow-ups.
    pub follow_ups: Vec<Logged<String>>,
    /// The closing.
    pub closing: Option<Logged<Closing>>,
}

impl Case {
    /// Its latest step (a case always has its intake).
    pub fn latest(&self) -> &Taken {
        self.steps.last().expect("a case starts with its intake")
    }

    /// Whether it was found admissible (false before the decision).
    pub fn admissible(&self) -> bool {
        self.admissibility.as_ref().is_some_and(|d| d.admissible)
    }

    /// Whether it is open.
    pub fn is_open(&self) -> bool {
        self.closing.is_none()
    }
}

/// The state of one covenant's complaints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Book {
    /// The covenant.
    pub covenant: Id,
    /// The committee's compositions, in date order.
    pub committee: Vec<Composition>,
    /// The cases, by id.
    pub cases: BTreeMap<Id, Case>,
    /// How many entries were applied.
    pub entries: usize,
}

impl Book {
    /// An empty register for a covenant.
    pub fn new(covenant: Id) -> Book {
        Book {
            covenant,
            committee: Vec::new(),
            cases: BTreeMap::new(),
            entries: 0,
        }
    }

    /// Replays a stored log; the first refused entry stops it, with its position. Entries are
    /// checked against each other, not against [`Known`] or the rules: they were when they were
    /// recorded, and a later change of either does not rewrite what happened.
    pub fn replay<'a>(
        covenant: Id,
        entries: impl IntoIterator<Item = &'a Entry>,
    ) -> Result<Book, (usize, GrievanceError)> {
        let mut book = Book::new(covenant);
        for (i, e) in entries.into_iter().enumerate() {
            book.check_own(e).map_err(|err| (i, err))?;
            book.commit(e.clone());
        }
        Ok(book)
    }

    /// Records a new entry: every check of [`Book::check`], then the change. On error the book
    /// is unchanged.
    pub fn apply(
        &mut self,
        e: Entry,
        known: &Known,
        rules: &ComplaintRules,
    ) -> Result<(), GrievanceError> {
        self.check(&e, known, rules)?;
        self.commit(e);
        Ok(())
    }

    /// Every check of a new entry, without changing anything: against the case's state, the
    /// companies and organisations the caller knows, and the committee's rules.
    pub fn check(
        &self,
        e: &Entry,
        known: &Known,
        rules: &ComplaintRules,
    ) -> Result<(), GrievanceError> {
        self.check_own(e)?;
        match &e.action {
            Action::Compose { members } => {
                for (i, m) in members.iter().enumerate() {
                    if !known.organisations.contains(&m.organisation) {
                        return Err(GrievanceError::new(
                            format!("members[{i}].organisation"),
                            format!("{} is not an organisation of the portfolio", m.organisation),
                        ));
                    }
                }
            }
            Action::Intake { complaint, .. } => {
                if !known.companies.contains(&complaint.respondent) {
                    return Err(GrievanceError::new(
                        "complaint.respondent",
                        format!("{} is not a company of this covenant", complaint.respondent),
                    ));
                }
                if let Some(o) = &complaint.complainant.organisation
                    && !known.organisations.contains(o)
                {
                    return Err(GrievanceError::new(
                        "complaint.complainant.organisation",
                        format!("{o} is not an organisation of the portfolio"),
                    ));
                }
            }
            Action::FinalRuling { ruling, .. } => {
                if ruling.binding != rules.binding {
                    return Err(GrievanceError::new(
                        "ruling.binding",
                        format!(
                            "the committee's rules say its rulings are {}binding",
                            if rules.binding { "" } else { "not " }
                        ),
                    ));
                }
            }
            Action::Publication { anonymised, .. } => {
                let required = rules.anonymise;
                if !anonymised.covers(required) {
                    let field = if required.complainant && !anonymised.complainant {
                        "anonymised.complainant"
                    } else {
                        "anonymised.respondent"
                    };
                    return Err(GrievanceError::new(
                        field,
                        "the committee's rules say a publication leaves this party unnamed",
                    ));
                }
            }
            Action::Admissibility { .. }
            | Action::RespondentAnswer { .. }
            | Action::Hearing { .. }
            | Action::InterimRuling { .. }
            | Action::FollowUp { .. }
            | Action::Close { .. } => {}
        }
        Ok(())
    }

    /// The committee's members on a date (none before it was first composed).
    pub fn committee_on(&self, date: NaiveDate) -> &[CommitteeMember] {
        self.committee
            .iter()
            .rev()
            .find(|c| c.since <= date)
            .map_or(&[], |c| &c.members)
    }

    /// Refuses a step of an unknown case, one dated before the case's previous step, one out of
    /// order, and one the committee decides while no committee is composed.
    fn step_of(&self, e: &Entry, case: &Id, step: Step) -> Result<(), GrievanceError> {
        let c = self
            .cases
            .get(case)
            .ok_or_else(|| GrievanceError::new("case", format!("no case {case}")))?;
        let latest = c.latest();
        if e.date < latest.date {
            return Err(GrievanceError::new(
                "date",
                format!(
                    "{} is before the case's previous step ({}, {})",
                    e.date,
                    latest.step.label(Lang::En),
                    latest.date
                ),
            ));
        }
        let allowed = match &e.action {
            Action::Close { reason, .. } => Step::may_close(latest.step, c.admissible(), *reason),
            _ => step.may_follow(latest.step, c.admissible()),
        };
        if !allowed {
            let next = latest
                .step
                .expected_next(c.admissible())
                .map_or("nothing (it is closed)".to_owned(), |s| {
                    s.label(Lang::En).to_owned()
                });
            return Err(GrievanceError::new(
                "step",
                format!(
                    "{} cannot follow {} in case {case}; next is {next}",
                    e.action.name(),
                    latest.step.label(Lang::En),
                ),
            ));
        }
        if matches!(
            step,
            Step::Admissibility | Step::Hearing | Step::InterimRuling | Step::FinalRuling
        ) && self.committee_on(e.date).is_empty()
        {
            return Err(GrievanceError::new(
                "committee",
                format!(
                    "no committee is composed on {}: it decides this step",
                    e.date
                ),
            ));
        }
        Ok(())
    }

    /// The checks of an entry against the book alone.
    fn check_own(&self, e: &Entry) -> Result<(), GrievanceError> {
        nonblank("actor", &e.actor)?;
        match &e.action {
            Action::Compose { members } => self.check_composition(e.date, members),
            Action::Intake { case, complaint } => {
                if self.cases.contains_key(case) {
                    return Err(GrievanceError::new(
                        "case",
                        format!("{case} exists already"),
                    ));
                }
                complaint.check()
            }
            Action::Admissibility { case, grounds, .. } => {
                self.step_of(e, case, Step::Admissibility)?;
                nonblank("grounds", grounds)
            }
            Action::RespondentAnswer { case, text } => {
                self.step_of(e, case, Step::RespondentAnswer)?;
                nonblank_if_given("text", text.as_deref())
            }
            Action::Hearing { case, note } => {
                self.step_of(e, case, Step::Hearing)?;
                nonblank_if_given("note", note.as_deref())
            }
            Action::InterimRuling { case, text } => {
                self.step_of(e, case, Step::InterimRuling)?;
                text.check("text")
            }
            Action::FinalRuling { case, ruling } => {
                self.step_of(e, case, Step::FinalRuling)?;
                ruling.check()
            }
            Action::Publication { case, .. } => self.step_of(e, case, Step::Publication).map(drop),
            Action::FollowUp { case, text } => {
                self.step_of(e, case, Step::FollowUp)?;
                nonblank("text", text)
            }
            Action::Close { case, note, .. } => {
                self.step_of(e, case, Step::Closed)?;
                nonblank_if_given("note", note.as_deref())
            }
        }
    }

    fn check_composition(
        &self,
        date: NaiveDate,
        members: &[CommitteeMember],
    ) -> Result<(), GrievanceError> {
        if let Some(last) = self.committee.last()
            && date < last.since
        {
            return Err(GrievanceError::new(
                "date",
                format!(
                    "{date} is before the committee's latest composition ({})",
                    last.since
                ),
            ));
        }
        if members.is_empty() {
            return Err(GrievanceError::new(
                "members",
                "a committee has at least one member",
            ));
        }
        for (i, m) in members.iter().enumerate() {
            if members[..i]
                .iter()
                .any(|o| o.organisation == m.organisation)
            {
                return Err(GrievanceError::new(
                    format!("members[{i}].organisation"),
                    format!("{} is listed twice", m.organisation),
                ));
            }
            nonblank(&format!("members[{i}].role"), &m.role)?;
        }
        Ok(())
    }

    /// Makes the change of an entry that passed the checks.
    fn commit(&mut self, e: Entry) {
        let Entry {
            date,
            actor,
            action,
        } = e;
        self.entries += 1;
        let taken = Step::of(&action).zip(action.case().cloned());
        match action {
            Action::Compose { members } => {
                self.committee.push(Composition {
                    since: date,
                    actor,
                    members,
                });
                return;
            }
            Action::Intake { case, complaint } => {
                self.cases.insert(
                    case.clone(),
                    Case {
                        id: case,
                        covenant: self.covenant.clone(),
                        filed: date,
                        complaint,
                        steps: Vec::new(),
                        admissibility: None,
                        respondent_answer: None,
                        hearing_note: None,
                        interim_rulings: Vec::new(),
                        ruling: None,
                        publication: None,
                        follow_ups: Vec::new(),
                        closing: None,
                    },
                );
            }
            Action::Admissibility {
                case,
                admissible,
                grounds,
            } => {
                self.case_mut(&case).admissibility = Some(Decision {
                    admissible,
                    grounds,
                });
            }
            Action::RespondentAnswer { case, text } => {
                self.case_mut(&case).respondent_answer = text
            }
            Action::Hearing { case, note } => self.case_mut(&case).hearing_note = note,
            Action::InterimRuling { case, text } => {
                self.case_mut(&case).interim_rulings.push(Logged {
                    date,
                    actor: actor.clone(),
                    what: text,
                });
            }
            Action::FinalRuling { case, ruling } => {
                self.case_mut(&case).ruling = Some(Logged {
                    date,
                    actor: actor.clone(),
                    what: ruling,
                });
            }
            Action::Publication { case, anonymised } => {
                self.case_mut(&case).publication = Some(Logged {
                    date,
                    actor: actor.clone(),
                    what: anonymised,
                });
            }
            Action::FollowUp { case, text } => {
                self.case_mut(&case).follow_ups.push(Logged {
                    date,
                    actor: actor.clone(),
                    what: text,
                });
            }
            Action::Close { case, reason, note } => {
                self.case_mut(&case).closing = Some(Logged {
                    date,
                    actor: actor.clone(),
                    what: Closing { reason, note },
                });
            }
        }
        if let Some((step, case)) = taken {
            self.case_mut(&case).steps.push(Taken { step, date, actor });
        }
    }

    fn case_mut(&mut self, case: &Id) -> &mut Case {
        self.cases.get_mut(case).expect("checked: the case exists")
    }
}
