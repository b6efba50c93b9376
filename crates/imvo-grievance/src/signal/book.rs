//! A covenant's signal register: the state its log of entries adds up to, and the rules each
//! new entry must satisfy. Event-sourced like the due-diligence cycle: the log is the audit
//! history (every step with its date and actor), the state is its replay, and every check runs
//! before anything changes, so a refused entry leaves the book as it was.
//!
//! Signals are independent of each other, so dates are ordered per signal, not across the log:
//! a step is not dated before the signal's previous step, and an archive can be imported
//! signal by signal.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use imvo_domain::Id;
use serde::Serialize;

use super::entry::{Action, Entry, Location, Outcome, Priority, Report};
use super::status::{Status, StatusSpell};
use crate::error::{GrievanceError, nonblank};
use crate::known::Known;
use crate::logged::Logged;
use crate::statement::Statement;

/// The secretariat's triage decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Triaged {
    /// Whether the signal is admissible.
    pub admissible: bool,
    /// Why (the reporter reads it when the signal is not admissible).
    pub grounds: String,
    /// How urgent it is.
    pub priority: Priority,
    /// The location as resolved at triage, when the secretariat resolved it.
    pub location: Option<Location>,
    /// The description for the companies, when not the reporter's own.
    pub for_companies: Option<Statement>,
    /// Whether the companies see the evidence.
    pub share_evidence: bool,
}

/// A company the signal was forwarded to, and where its answer stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Forwarded {
    /// When it was first forwarded to the company.
    pub date: NaiveDate,
    /// By whom.
    pub actor: String,
    /// Since when an answer is asked of it: the forwarding, or the latest reopening.
    pub asked: NaiveDate,
    /// When it answered since it was asked, if it did.
    pub answered: Option<NaiveDate>,
}

/// A company's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Answered {
    /// When.
    pub date: NaiveDate,
    /// By whom (an account of the company).
    pub actor: String,
    /// The company.
    pub company: Id,
    /// What it does.
    pub response: String,
}

/// How the signal was closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Closure {
    /// How it ended.
    pub outcome: Outcome,
    /// Why.
    pub reason: String,
    /// The status it was closed from; a reopening returns to it.
    pub from: Status,
}

/// One signal, with everything that happened to it: the secretariat's view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Signal {
    /// Its id.
    pub id: Id,
    /// The covenant.
    pub covenant: Id,
    /// When it was received.
    pub received: NaiveDate,
    /// Who entered it (the reporter's account, or the form). Confidential, like the reporter.
    pub reported_by: String,
    /// The report as received.
    pub report: Report,
    /// The location: the report's, or as resolved at triage.
    pub location: Location,
    /// Its status.
    pub status: Status,
    /// Its statuses in order, from `Received`.
    pub timeline: Vec<StatusSpell>,
    /// The triage decisions; the last is the one in force (a reopened inadmissible signal is
    /// triaged again).
    pub triages: Vec<Logged<Triaged>>,
    /// The companies it was forwarded to.
    pub forwards: BTreeMap<Id, Forwarded>,
    /// The companies' answers, in order.
    pub answers: Vec<Answered>,
    /// Its closures.
    pub closures: Vec<Logged<Closure>>,
    /// Its reopenings, with the reasons.
    pub reopenings: Vec<Logged<String>>,
    /// When the secretariat's pending step (triage or forwarding) started: the receipt, the
    /// triage or the latest reopening.
    pub since: NaiveDate,
    /// The date of its latest step.
    pub last: NaiveDate,
}

impl Signal {
    /// The triage in force, when the signal is past triage.
    pub fn triage(&self) -> Option<&Triaged> {
        match self.status {
            Status::Received => None,
            _ => self.triages.last().map(|t| &t.what),
        }
    }

    /// Its priority: the triage's, `Normal` before triage.
    pub fn priority(&self) -> Priority {
        self.triage().map_or(Priority::Normal, |t| t.priority)
    }

    /// The latest closure, when the signal is closed.
    pub fn closure(&self) -> Option<&Logged<Closure>> {
        (self.status == Status::Closed)
            .then(|| self.closures.last())
            .flatten()
    }

    fn set_status(&mut self, status: Status, date: NaiveDate) {
        self.status = status;
        self.timeline.push(StatusSpell {
            status,
            since: date,
        });
    }
}

/// The state of one covenant's signals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Book {
    /// The covenant.
    pub covenant: Id,
    /// The signals, by id.
    pub signals: BTreeMap<Id, Signal>,
    /// How many entries were applied.
    pub entries: usize,
}

impl Book {
    /// An empty register for a covenant.
    pub fn new(covenant: Id) -> Book {
        Book {
            covenant,
            signals: BTreeMap::new(),
            entries: 0,
        }
    }

    /// Replays a stored log; the first refused entry stops it, with its position. Entries are
    /// checked against each other, not against [`Known`]: they were when they were recorded.
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
    pub fn apply(&mut self, e: Entry, known: &Known) -> Result<(), GrievanceError> {
        self.check(&e, known)?;
        self.commit(e);
        Ok(())
    }

    /// Every check of a new entry, without changing anything: against the signal's state, and
    /// against the themes and companies the caller knows.
    pub fn check(&self, e: &Entry, known: &Known) -> Result<(), GrievanceError> {
        self.check_own(e)?;
        match &e.action {
            Action::Report { report, .. } => {
                for (i, t) in report.themes.iter().enumerate() {
                    if !known.themes.contains(t) {
                        return Err(GrievanceError::new(
                            format!("report.themes[{i}]"),
                            format!("{t} is not a theme of the risk analysis"),
                        ));
                    }
                }
            }
            Action::Forward { companies, .. } => {
                for (i, c) in companies.iter().enumerate() {
                    if !known.companies.contains(c) {
                        return Err(GrievanceError::new(
                            format!("companies[{i}]"),
                            format!("{c} is not a company of this covenant"),
                        ));
                    }
                }
            }
            Action::Triage { .. }
            | Action::Answer { .. }
            | Action::Close { .. }
            | Action::Reopen { .. } => {}
        }
        Ok(())
    }

    /// The signal a step is about, refusing a step dated before the signal's previous one.
    fn step_of(&self, e: &Entry) -> Result<&Signal, GrievanceError> {
        let id = e.action.signal();
        let s = self
            .signals
            .get(id)
            .ok_or_else(|| GrievanceError::new("signal", format!("no signal {id}")))?;
        if e.date < s.last {
            return Err(GrievanceError::new(
                "date",
                format!(
                    "{} is before the signal's previous step ({})",
                    e.date, s.last
                ),
            ));
        }
        Ok(s)
    }

    /// The checks of an entry against the book alone.
    fn check_own(&self, e: &Entry) -> Result<(), GrievanceError> {
        nonblank("actor", &e.actor)?;
        match &e.action {
            Action::Report { signal, report } => {
                if self.signals.contains_key(signal) {
                    return Err(GrievanceError::new(
                        "signal",
                        format!("{signal} exists already"),
                    ));
                }
                report.check()?;
            }
            Action::Triage {
                grounds,
                location,
                for_companies,
                ..
            } => {
                let s = self.step_of(e)?;
                if s.status != Status::Received {
                    return Err(out_of_order(e, s, "once, after the report or a reopening"));
                }
                nonblank("grounds", grounds)?;
                if let Some(l) = location {
                    l.check("location")?;
                }
                if let Some(d) = for_companies {
                    d.check("for_companies")?;
                }
            }
            Action::Forward { companies, .. } => {
                let s = self.step_of(e)?;
                if !matches!(
                    s.status,
                    Status::Triaged | Status::Forwarded | Status::Answered
                ) {
                    return Err(out_of_order(
                        e,
                        s,
                        "after an admissible triage, while the signal is open",
                    ));
                }
                if s.location.id().is_none() {
                    return Err(GrievanceError::new(
                        "location",
                        "the location is not matched, so its buyers are unknown: resolve it at triage",
                    ));
                }
                if companies.is_empty() {
                    return Err(GrievanceError::new(
                        "companies",
                        "forward to at least one company",
                    ));
                }
                for (i, c) in companies.iter().enumerate() {
                    if companies[..i].contains(c) || s.forwards.contains_key(c) {
                        return Err(GrievanceError::new(
                            format!("companies[{i}]"),
                            format!("the signal was forwarded to {c} already"),
                        ));
                    }
                }
            }
            Action::Answer {
                company, response, ..
            } => {
                let s = self.step_of(e)?;
                if !matches!(s.status, Status::Forwarded | Status::Answered) {
                    return Err(out_of_order(
                        e,
                        s,
                        "after forwarding, while the signal is open",
                    ));
                }
                if !s.forwards.contains_key(company) {
                    return Err(GrievanceError::new(
                        "company",
                        format!("signal {} was not forwarded to {company}", s.id),
                    ));
                }
                nonblank("response", response)?;
            }
            Action::Close { reason, .. } => {
                let s = self.step_of(e)?;
                if s.status.is_ended() {
                    return Err(out_of_order(e, s, "while the signal is open"));
                }
                nonblank("reason", reason)?;
            }
            Action::Reopen { reason, .. } => {
                let s = self.step_of(e)?;
                if !s.status.is_ended() {
                    return Err(out_of_order(
                        e,
                        s,
                        "after closing or an inadmissible triage",
                    ));
                }
                nonblank("reason", reason)?;
            }
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
        match action {
            Action::Report { signal, report } => {
                let location = report.location.clone();
                self.signals.insert(
                    signal.clone(),
                    Signal {
                        id: signal,
                        covenant: self.covenant.clone(),
                        received: date,
                        reported_by: actor,
                        report,
                        location,
                        status: Status::Received,
                        timeline: vec![StatusSpell {
                            status: Status::Received,
                            since: date,
                        }],
                        triages: Vec::new(),
                        forwards: BTreeMap::new(),
                        answers: Vec::new(),
                        closures: Vec::new(),
                        reopenings: Vec::new(),
                        since: date,
                        last: date,
                    },
                );
            }
            Action::Triage {
                signal,
                admissible,
                grounds,
                priority,
                location,
                for_companies,
                share_evidence,
            } => {
                let s = self.touch(&signal, date);
                if let Some(l) = &location {
                    s.location = l.clone();
                }
                s.triages.push(Logged {
                    date,
                    actor,
                    what: Triaged {
                        admissible,
                        grounds,
                        priority,
                        location,
                        for_companies,
                        share_evidence,
                    },
                });
                s.since = date;
                let status = if admissible {
                    Status::Triaged
                } else {
                    Status::Inadmissible
                };
                s.set_status(status, date);
            }
            Action::Forward { signal, companies } => {
                let s = self.touch(&signal, date);
                for company in companies {
                    s.forwards.insert(
                        company,
                        Forwarded {
                            date,
                            actor: actor.clone(),
                            asked: date,
                            answered: None,
                        },
                    );
                }
                if s.status != Status::Forwarded {
                    s.set_status(Status::Forwarded, date);
                }
            }
            Action::Answer {
                signal,
                company,
                response,
            } => {
                let s = self.touch(&signal, date);
                let f = s.forwards.get_mut(&company).expect("checked: forwarded");
                f.answered.get_or_insert(date);
                s.answers.push(Answered {
                    date,
                    actor,
                    company,
                    response,
                });
                if s.status == Status::Forwarded
                    && s.forwards.values().all(|f| f.answered.is_some())
                {
                    s.set_status(Status::Answered, date);
                }
            }
            Action::Close {
                signal,
                outcome,
                reason,
            } => {
                let s = self.touch(&signal, date);
                let from = s.status;
                s.closures.push(Logged {
                    date,
                    actor,
                    what: Closure {
                        outcome,
                        reason,
                        from,
                    },
                });
                s.set_status(Status::Closed, date);
            }
            Action::Reopen { signal, reason } => {
                let s = self.touch(&signal, date);
                let back = match s.status {
                    Status::Inadmissible => Status::Received,
                    _ => s.closures.last().map_or(Status::Received, |c| c.what.from),
                };
                let back = if back.is_about_companies() {
                    // Reopened after reaching companies: every one of them is asked again.
                    for f in s.forwards.values_mut() {
                        f.asked = date;
                        f.answered = None;
                    }
                    Status::Forwarded
                } else {
                    back
                };
                s.reopenings.push(Logged {
                    date,
                    actor,
                    what: reason,
                });
                s.since = date;
                s.set_status(back, date);
            }
        }
    }

    /// The signal of a checked step, its latest date moved to the step's.
    fn touch(&mut self, id: &Id, date: NaiveDate) -> &mut Signal {
        let s = self
            .signals
            .get_mut(id)
            .expect("checked: the signal exists");
        s.last = date;
        s
    }
}

/// A step that does not follow the signal's current status.
fn out_of_order(e: &Entry, s: &Signal, wanted: &str) -> GrievanceError {
    GrievanceError::new(
        "step",
        format!(
            "{} comes {wanted}; signal {} is {}",
            e.action.name(),
            s.id,
            s.status.label(imvo_domain::Lang::En)
        ),
    )
}
