//! A covenant's due-diligence book: the state its log of entries adds up to, and the rules each
//! new entry must satisfy. Like the portfolio, it is event-sourced: the log is the audit
//! history (every step with its date and actor), and the state is its replay. Every check of an
//! entry runs before anything changes, so a refused entry leaves the book as it was.
//!
//! Over 600 lines with reason: the state's types, then `check` and `commit`, each one `match`
//! over the kinds of entry in the same order, so a kind's rule and the change it guards are read
//! in one file; split apart, they would drift.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use imvo_domain::Id;
use serde::Serialize;

use super::action::{Action, Assessment, Calendar, Entry, Escalation, Status, Submission};
use super::error::CycleError;
use crate::framework::Framework;
use crate::score::{self, Answers, Score, Scorecard};

/// The frameworks a book may use, by id and version.
pub type Frameworks = BTreeMap<(Id, u32), Framework>;

/// A period of one status.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusSpell {
    /// The status.
    pub status: Status,
    /// Since when.
    pub since: NaiveDate,
    /// Why.
    pub reason: String,
}

/// A company's membership.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Member {
    /// The company.
    pub company: Id,
    /// Its name.
    pub name: String,
    /// Its registration number (KvK), when known.
    pub registration: Option<String>,
    /// Whether it is a made-up company.
    pub synthetic: bool,
    /// When it joined.
    pub joined: NaiveDate,
    /// Its statuses in order; the first is `Active` since joining.
    pub statuses: Vec<StatusSpell>,
}

impl Member {
    /// Its status on `date` (active from joining; `None` before it joined).
    pub fn status_on(&self, date: NaiveDate) -> Option<Status> {
        self.statuses
            .iter()
            .rev()
            .find(|s| s.since <= date)
            .map(|s| s.status)
    }

    /// Its current status.
    pub fn status(&self) -> Status {
        self.statuses.last().map_or(Status::Active, |s| s.status)
    }
}

/// A submission as kept.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Submitted {
    /// When.
    pub date: NaiveDate,
    /// By whom.
    pub actor: String,
    /// What.
    pub submission: Submission,
}

/// An assessment as kept, with its scorecard under the year's framework version at the time.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Assessed {
    /// When.
    pub date: NaiveDate,
    /// By whom.
    pub actor: String,
    /// The revision of the submission assessed.
    pub revision: u32,
    /// The assessment.
    pub assessment: Assessment,
}

/// A dated note by someone: a response, an escalation.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Note<T> {
    /// When.
    pub date: NaiveDate,
    /// By whom.
    pub actor: String,
    /// What.
    pub what: T,
}

/// An escalation step the secretariat took, with its decision.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Decided {
    /// The step.
    pub step: Escalation,
    /// The decision and its reasons.
    pub decision: String,
}

/// One company's file for one year.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompanyYear {
    /// Its submissions; revision n is `submissions[n - 1]`.
    pub submissions: Vec<Submitted>,
    /// The secretariat's assessments.
    pub assessments: Vec<Assessed>,
    /// The company's responses.
    pub responses: Vec<Note<String>>,
    /// The escalations, with the secretariat's decisions.
    pub escalations: Vec<Note<Decided>>,
}

impl CompanyYear {
    /// The latest assessment, if any.
    pub fn latest_assessment(&self) -> Option<&Assessed> {
        self.assessments.last()
    }
}

/// One year's cycle.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cycle {
    /// The year.
    pub year: i32,
    /// The framework it is scored under.
    pub framework: Id,
    /// Its version.
    pub version: u32,
    /// The deadlines.
    pub calendar: Calendar,
    /// When it was published, if it was.
    pub published: Option<NaiveDate>,
    /// The companies' files.
    pub files: BTreeMap<Id, CompanyYear>,
}

/// The state of one covenant's due diligence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Book {
    /// The covenant.
    pub covenant: Id,
    /// The members, by company.
    pub members: BTreeMap<Id, Member>,
    /// Turnover by company and year, millions of euros (confidential).
    pub turnover: BTreeMap<(Id, i32), f64>,
    /// The sector's market by year: total turnover and its source.
    pub markets: BTreeMap<i32, (f64, String)>,
    /// The cycles by year.
    pub cycles: BTreeMap<i32, Cycle>,
    /// The date of the last entry.
    pub last: Option<NaiveDate>,
    /// How many entries were applied.
    pub entries: usize,
}

fn nonblank(field: &str, s: &str) -> Result<(), CycleError> {
    if s.trim().is_empty() {
        return Err(CycleError::new(field, "is blank"));
    }
    Ok(())
}

impl Book {
    /// An empty book for a covenant.
    pub fn new(covenant: Id) -> Book {
        Book {
            covenant,
            members: BTreeMap::new(),
            turnover: BTreeMap::new(),
            markets: BTreeMap::new(),
            cycles: BTreeMap::new(),
            last: None,
            entries: 0,
        }
    }

    /// Replays a log; the first refused entry stops it, with its position.
    pub fn replay<'a>(
        covenant: Id,
        entries: impl IntoIterator<Item = &'a Entry>,
        frameworks: &Frameworks,
    ) -> Result<Book, (usize, CycleError)> {
        let mut book = Book::new(covenant);
        for (i, e) in entries.into_iter().enumerate() {
            book.apply(e.clone(), frameworks).map_err(|err| (i, err))?;
        }
        Ok(book)
    }

    /// The framework a year is scored under.
    pub fn framework<'f>(&self, year: i32, frameworks: &'f Frameworks) -> Option<&'f Framework> {
        let c = self.cycles.get(&year)?;
        frameworks.get(&(c.framework.clone(), c.version))
    }

    fn member(&self, company: &Id) -> Result<&Member, CycleError> {
        self.members
            .get(company)
            .ok_or_else(|| CycleError::not_member(company))
    }

    fn active_member(&self, company: &Id, date: NaiveDate) -> Result<&Member, CycleError> {
        let m = self.member(company)?;
        match m.status_on(date) {
            Some(Status::Active) => Ok(m),
            Some(s) => Err(CycleError::new(
                "company",
                format!("{company} is {} on {date}", s.label(imvo_domain::Lang::En)),
            )),
            None => Err(CycleError::new(
                "company",
                format!("{company} joined on {}, after {date}", m.joined),
            )),
        }
    }

    fn cycle(&self, year: i32) -> Result<&Cycle, CycleError> {
        self.cycles
            .get(&year)
            .ok_or_else(|| CycleError::no_cycle(year))
    }

    fn file(&self, company: &Id, year: i32) -> Option<&CompanyYear> {
        self.cycles.get(&year)?.files.get(company)
    }

    /// The verdict of a company's latest assessment in the latest cycle before `year`, under
    /// that cycle's framework: what `previous` means in a verdict rule.
    pub fn previous_verdict(&self, company: &Id, year: i32, frameworks: &Frameworks) -> Option<Id> {
        let (&y, cycle) = self.cycles.range(..year).next_back()?;
        let assessed = cycle.files.get(company)?.latest_assessment()?;
        let f = self.framework(y, frameworks)?;
        self.scorecard_with(f, company, y, &assessed.assessment.answers, frameworks)
            .ok()
            .map(|c| c.verdict)
    }

    fn scorecard_with(
        &self,
        f: &Framework,
        company: &Id,
        year: i32,
        answers: &Answers,
        frameworks: &Frameworks,
    ) -> Result<Scorecard, crate::error::AnswerError> {
        let mut a = answers.clone();
        if a.previous.is_none() {
            a.previous = self.previous_verdict(company, year, frameworks);
        }
        score::score(f, &a)
    }

    /// The scorecard of a company's latest assessment of a year, under the year's framework or,
    /// when given, another one (re-scoring; deterministic: the same every time).
    pub fn scorecard(
        &self,
        company: &Id,
        year: i32,
        frameworks: &Frameworks,
        under: Option<&Framework>,
    ) -> Option<Result<Scorecard, crate::error::AnswerError>> {
        let assessed = self.file(company, year)?.latest_assessment()?;
        let f = under.or_else(|| self.framework(year, frameworks))?;
        Some(self.scorecard_with(f, company, year, &assessed.assessment.answers, frameworks))
    }

    /// Applies one entry, which must not be dated before the last one. On error the book is
    /// unchanged.
    pub fn apply(&mut self, e: Entry, frameworks: &Frameworks) -> Result<(), CycleError> {
        self.check(&e, frameworks)?;
        self.commit(e);
        Ok(())
    }

    /// Every check of [`Book::apply`], without changing anything.
    pub fn check(&self, e: &Entry, frameworks: &Frameworks) -> Result<(), CycleError> {
        if let Some(last) = self.last
            && e.date < last
        {
            return Err(CycleError::new(
                "date",
                format!(
                    "{} is before the last entry ({last}); entries go in date order",
                    e.date
                ),
            ));
        }
        nonblank("actor", &e.actor)?;
        let date = e.date;
        match &e.action {
            Action::Join { company, name, .. } => {
                if self.members.contains_key(company) {
                    return Err(CycleError::new(
                        "company",
                        format!("{company} is a member already"),
                    ));
                }
                nonblank("name", name)?;
            }
            Action::SetStatus {
                company,
                status,
                reason,
            } => {
                let m = self.member(company)?;
                nonblank("reason", reason)?;
                if m.status().is_final() {
                    return Err(CycleError::new(
                        "status",
                        format!(
                            "{company} is {}: that is final",
                            m.status().label(imvo_domain::Lang::En)
                        ),
                    ));
                }
                if m.status() == *status {
                    return Err(CycleError::new("status", "is the current status already"));
                }
            }
            Action::Turnover {
                company,
                million_eur,
                ..
            } => {
                self.member(company)?;
                if !million_eur.is_finite() || *million_eur < 0.0 {
                    return Err(CycleError::new(
                        "million_eur",
                        "must be a number of at least 0",
                    ));
                }
            }
            Action::Market {
                million_eur,
                source,
                ..
            } => {
                if !million_eur.is_finite() || *million_eur <= 0.0 {
                    return Err(CycleError::new("million_eur", "must be above 0"));
                }
                nonblank("source", source)?;
            }
            Action::OpenCycle {
                year,
                framework,
                version,
                calendar,
            } => {
                if self.cycles.contains_key(year) {
                    return Err(CycleError::new("year", format!("{year} is open already")));
                }
                known_framework(frameworks, framework, *version)?;
                check_calendar(calendar, date)?;
            }
            Action::ChangeFramework {
                year,
                framework,
                version,
                reason,
                republish,
            } => {
                let c = self.cycle(*year)?;
                known_framework(frameworks, framework, *version)?;
                nonblank("reason", reason)?;
                if let Some(p) = c.published
                    && !republish
                {
                    return Err(CycleError::new(
                        "republish",
                        format!(
                            "{year} was published on {p}: changing its framework re-scores published figures; set republish to say so"
                        ),
                    ));
                }
                if (&c.framework, c.version) == (framework, *version) {
                    return Err(CycleError::new(
                        "version",
                        "is the year's framework version already",
                    ));
                }
            }
            Action::Submit {
                company,
                year,
                submission,
            } => {
                let c = self.cycle(*year)?;
                self.active_member(company, date)?;
                let revision = c.files.get(company).map_or(0, |f| f.submissions.len());
                let due = if revision == 0 {
                    c.calendar.submission_due
                } else {
                    c.calendar.response_due
                };
                if date > due {
                    return Err(CycleError::late(
                        if revision == 0 {
                            "the submission"
                        } else {
                            "a resubmission"
                        },
                        due,
                        date,
                    ));
                }
                let f = self
                    .framework(*year, frameworks)
                    .ok_or_else(|| CycleError::no_cycle(*year))?;
                check_submission(f, submission)?;
            }
            Action::Assess {
                company,
                year,
                revision,
                assessment,
            } => {
                self.cycle(*year)?;
                self.member(company)?;
                let submitted = self.file(company, *year).map_or(0, |f| f.submissions.len());
                if *revision == 0 || *revision as usize > submitted {
                    return Err(CycleError::new(
                        "revision",
                        format!("{company} has {submitted} submission(s) for {year}"),
                    ));
                }
                if (*revision as usize) < submitted {
                    return Err(CycleError::new(
                        "revision",
                        format!("revision {submitted} is the latest; assess that one"),
                    ));
                }
                let f = self
                    .framework(*year, frameworks)
                    .ok_or_else(|| CycleError::no_cycle(*year))?;
                score::validate(f, &assessment.answers)
                    .map_err(|e| CycleError::answers("assessment", e))?;
                for (criterion, comment) in &assessment.comments {
                    if f.criterion(criterion).is_none() {
                        return Err(CycleError::new(
                            format!("assessment.comments.{criterion}"),
                            "unknown criterion",
                        ));
                    }
                    nonblank(&format!("assessment.comments.{criterion}"), comment)?;
                }
            }
            Action::Respond {
                company,
                year,
                text,
            } => {
                self.cycle(*year)?;
                self.member(company)?;
                if self
                    .file(company, *year)
                    .is_none_or(|f| f.assessments.is_empty())
                {
                    return Err(CycleError::new(
                        "year",
                        format!("{company} has no feedback for {year} to respond to"),
                    ));
                }
                nonblank("text", text)?;
            }
            Action::Escalate {
                company,
                year,
                decision,
                ..
            } => {
                self.cycle(*year)?;
                let m = self.member(company)?;
                if m.status().is_final() {
                    return Err(CycleError::new(
                        "company",
                        format!("{company} is {}", m.status().label(imvo_domain::Lang::En)),
                    ));
                }
                nonblank("decision", decision)?;
            }
            Action::Publish { year } => {
                let c = self.cycle(*year)?;
                if c.published.is_some() {
                    return Err(CycleError::new(
                        "year",
                        format!("{year} is published already"),
                    ));
                }
                if date < c.calendar.publication {
                    return Err(CycleError::new(
                        "date",
                        format!(
                            "{year} may be published from {}, not on {date}",
                            c.calendar.publication
                        ),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Makes the change of an entry that passed [`Book::check`].
    fn commit(&mut self, e: Entry) {
        let Entry {
            date,
            actor,
            action,
        } = e;
        match action {
            Action::Join {
                company,
                name,
                registration,
                synthetic,
            } => {
                self.members.insert(
                    company.clone(),
                    Member {
                        company,
                        name,
                        registration,
                        synthetic,
                        joined: date,
                        statuses: vec![StatusSpell {
                            status: Status::Active,
                            since: date,
                            reason: "joined".to_owned(),
                        }],
                    },
                );
            }
            Action::SetStatus {
                company,
                status,
                reason,
            } => self.set_status(&company, status, date, reason),
            Action::Turnover {
                company,
                year,
                million_eur,
            } => {
                self.turnover.insert((company, year), million_eur);
            }
            Action::Market {
                year,
                million_eur,
                source,
            } => {
                self.markets.insert(year, (million_eur, source));
            }
            Action::OpenCycle {
                year,
                framework,
                version,
                calendar,
            } => {
                self.cycles.insert(
                    year,
                    Cycle {
                        year,
                        framework,
                        version,
                        calendar,
                        published: None,
                        files: BTreeMap::new(),
                    },
                );
            }
            Action::ChangeFramework {
                year,
                framework,
                version,
                ..
            } => {
                let c = self.cycles.get_mut(&year).expect("checked");
                c.framework = framework;
                c.version = version;
            }
            Action::Submit {
                company,
                year,
                submission,
            } => self.file_mut(company, year).submissions.push(Submitted {
                date,
                actor,
                submission,
            }),
            Action::Assess {
                company,
                year,
                revision,
                assessment,
            } => self.file_mut(company, year).assessments.push(Assessed {
                date,
                actor,
                revision,
                assessment,
            }),
            Action::Respond {
                company,
                year,
                text,
            } => self.file_mut(company, year).responses.push(Note {
                date,
                actor,
                what: text,
            }),
            Action::Escalate {
                company,
                year,
                step,
                decision,
            } => {
                let status = match step {
                    Escalation::Suspension => Some(Status::Suspended),
                    Escalation::Exclusion => Some(Status::Excluded),
                    Escalation::Reminder | Escalation::Warning => None,
                };
                if let Some(status) = status
                    && self.members[&company].status() != status
                {
                    self.set_status(&company, status, date, decision.clone());
                }
                self.file_mut(company, year).escalations.push(Note {
                    date,
                    actor,
                    what: Decided { step, decision },
                });
            }
            Action::Publish { year } => {
                self.cycles.get_mut(&year).expect("checked").published = Some(date);
            }
        }
        self.last = Some(date);
        self.entries += 1;
    }

    fn set_status(&mut self, company: &Id, status: Status, since: NaiveDate, reason: String) {
        let m = self.members.get_mut(company).expect("checked");
        m.statuses.push(StatusSpell {
            status,
            since,
            reason,
        });
    }

    fn file_mut(&mut self, company: Id, year: i32) -> &mut CompanyYear {
        self.cycles
            .get_mut(&year)
            .expect("checked")
            .files
            .entry(company)
            .or_default()
    }
}

fn known_framework(frameworks: &Frameworks, id: &Id, version: u32) -> Result<(), CycleError> {
    if frameworks.contains_key(&(id.clone(), version)) {
        Ok(())
    } else {
        Err(CycleError::new(
            "framework",
            format!("framework {id} version {version} is not loaded"),
        ))
    }
}

fn check_calendar(c: &Calendar, opened: NaiveDate) -> Result<(), CycleError> {
    let order = [
        ("calendar.submission_due", c.submission_due),
        ("calendar.assessment_due", c.assessment_due),
        ("calendar.response_due", c.response_due),
        ("calendar.publication", c.publication),
    ];
    if c.submission_due < opened {
        return Err(CycleError::new(
            "calendar.submission_due",
            format!("{} is before the cycle opens ({opened})", c.submission_due),
        ));
    }
    for w in order.windows(2) {
        if w[1].1 < w[0].1 {
            return Err(CycleError::new(
                w[1].0,
                format!("{} is before {} ({})", w[1].1, w[0].0, w[0].1),
            ));
        }
    }
    Ok(())
}

/// A submission's answers fit the framework, and every criterion that needs evidence and is
/// claimed above the bottom of its scale has some.
fn check_submission(f: &Framework, s: &Submission) -> Result<(), CycleError> {
    score::validate(f, &s.answers).map_err(|e| CycleError::answers("submission", e))?;
    for (criterion, text) in &s.explanations {
        if f.criterion(criterion).is_none() {
            return Err(CycleError::new(
                format!("submission.explanations.{criterion}"),
                "unknown criterion",
            ));
        }
        nonblank(&format!("submission.explanations.{criterion}"), text)?;
    }
    for (i, e) in s.evidence.iter().enumerate() {
        if f.criterion(&e.criterion).is_none() {
            return Err(CycleError::new(
                format!("submission.evidence[{i}].criterion"),
                format!("unknown criterion {}", e.criterion),
            ));
        }
        nonblank(&format!("submission.evidence[{i}].reference"), &e.reference)?;
    }
    for (_, c) in f.criteria() {
        let claimed = match s.answers.scores.get(&c.id) {
            Some(Score::Points(p)) => *p > c.scale.bounds().0,
            _ => false,
        };
        if c.evidence && claimed && !s.evidence.iter().any(|e| e.criterion == c.id) {
            return Err(CycleError::new(
                format!("submission.evidence.{}", c.id),
                "this criterion needs evidence (a file or a link) for any score above the lowest",
            ));
        }
    }
    for (i, g) in s.goals.iter().enumerate() {
        let field = format!("submission.goals[{i}]");
        if g.result.is_blank() || g.indicator.is_blank() || g.unit.trim().is_empty() {
            return Err(CycleError::new(
                field,
                "a goal needs a result, an indicator and a unit (SMART)",
            ));
        }
        if !g.baseline.is_finite() || !g.target.is_finite() {
            return Err(CycleError::new(
                field,
                "baseline and target must be numbers",
            ));
        }
    }
    Ok(())
}
