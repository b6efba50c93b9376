//! Published cases: what the public sees of a case once its ruling (or its inadmissibility
//! decision) is published, with the parties left unnamed as the publication says.
//!
//! Published: the case id, the dates, the covenant agreement concerned, the admissibility
//! decision, the rulings and findings, the committee that ruled, the follow-ups, and the
//! parties unless anonymised. Never published: the complainant's contact, the complainant's
//! own words (the harm as filed, which can identify them; the ruling describes the harm as the
//! committee found it), the respondent's answer, the hearing note, and who recorded what.
//! Unpublished cases are not shown at all.

use chrono::NaiveDate;
use imvo_domain::Id;
use serde::Serialize;

use super::book::{Book, Case};
use super::entry::{Anonymisation, CommitteeMember, Finding, Verdict};
use super::step::Step;
use crate::party::PartyKind;
use crate::statement::Statement;

/// The complainant, where the publication names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublishedComplainant {
    /// The kind of party.
    pub kind: PartyKind,
    /// Its name.
    pub name: String,
}

/// A ruling as published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublishedRuling {
    /// When it was given.
    pub date: NaiveDate,
    /// The ruling.
    pub text: Statement,
}

/// A dated text as published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublishedNote {
    /// When.
    pub date: NaiveDate,
    /// What.
    pub text: String,
}

/// A published case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublishedCase {
    /// The case.
    pub case: Id,
    /// The covenant.
    pub covenant: Id,
    /// When it was filed.
    pub filed: NaiveDate,
    /// The complainant, unless anonymised.
    pub complainant: Option<PublishedComplainant>,
    /// The company complained about, unless anonymised.
    pub respondent: Option<Id>,
    /// Which parties are left unnamed.
    pub anonymised: Anonymisation,
    /// The covenant agreement concerned.
    pub agreement: String,
    /// Whether the complaint was admissible.
    pub admissible: bool,
    /// Why (or why not).
    pub grounds: String,
    /// The interim rulings.
    pub interim_rulings: Vec<PublishedRuling>,
    /// The final ruling, when the case got one.
    pub ruling: Option<PublishedRuling>,
    /// Whether it binds the parties.
    pub binding: Option<bool>,
    /// Its findings.
    pub findings: Vec<Finding>,
    /// The verdict they add up to.
    pub verdict: Option<Verdict>,
    /// The committee on the day of the decision published (the final ruling, or the
    /// admissibility decision).
    pub committee: Vec<CommitteeMember>,
    /// When it was published.
    pub published: NaiveDate,
    /// The follow-ups.
    pub follow_ups: Vec<PublishedNote>,
    /// When it was closed.
    pub closed: Option<NaiveDate>,
}

impl Book {
    /// The published cases, by case id.
    pub fn published(&self) -> Vec<PublishedCase> {
        self.cases
            .values()
            .filter_map(|c| self.publish(c))
            .collect()
    }

    fn publish(&self, c: &Case) -> Option<PublishedCase> {
        let publication = c.publication.as_ref()?;
        let decision = c.admissibility.as_ref()?;
        let anonymised = publication.what;
        // The decision published: the final ruling, or the inadmissibility decision.
        let decided = match &c.ruling {
            Some(r) => r.date,
            None => c.steps.iter().find(|t| t.step == Step::Admissibility)?.date,
        };
        Some(PublishedCase {
            case: c.id.clone(),
            covenant: c.covenant.clone(),
            filed: c.filed,
            complainant: (!anonymised.complainant).then(|| PublishedComplainant {
                kind: c.complaint.complainant.kind,
                name: c.complaint.complainant.name.clone(),
            }),
            respondent: (!anonymised.respondent).then(|| c.complaint.respondent.clone()),
            anonymised,
            agreement: c.complaint.agreement.clone(),
            admissible: decision.admissible,
            grounds: decision.grounds.clone(),
            interim_rulings: c
                .interim_rulings
                .iter()
                .map(|r| PublishedRuling {
                    date: r.date,
                    text: r.what.clone(),
                })
                .collect(),
            ruling: c.ruling.as_ref().map(|r| PublishedRuling {
                date: r.date,
                text: r.what.text.clone(),
            }),
            binding: c.ruling.as_ref().map(|r| r.what.binding),
            findings: c
                .ruling
                .as_ref()
                .map_or_else(Vec::new, |r| r.what.findings.clone()),
            verdict: c.ruling.as_ref().map(|r| r.what.verdict()),
            committee: self.committee_on(decided).to_vec(),
            published: publication.date,
            follow_ups: c
                .follow_ups
                .iter()
                .map(|f| PublishedNote {
                    date: f.date,
                    text: f.what.clone(),
                })
                .collect(),
            closed: c.closing.as_ref().map(|x| x.date),
        })
    }
}
