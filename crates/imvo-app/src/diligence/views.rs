//! What each reader sees of a covenant's cycle: a company its own file, the secretariat its
//! workbench, the public the members and the published figures. Each view is built by one
//! function that checks the reader first, so the CLI, the API and the pages show the same and
//! refuse the same.

use chrono::NaiveDate;
use imvo_diligence::cycle::{
    AnnualFigures, Calendar, CompanyYear, EscalationRule, Member, Overdue, Proposal, Status,
    YearKpis,
};
use imvo_diligence::{Scorecard, Threshold};
use imvo_domain::Id;
use serde::Serialize;

use super::Ledger;
use super::access::{self, Who};
use crate::Result;

/// One year of a company's file.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompanyYearView {
    /// The year.
    pub year: i32,
    /// The framework and version the year is scored under.
    pub framework: Id,
    /// The version.
    pub version: u32,
    /// The deadlines.
    pub calendar: Calendar,
    /// The submissions, assessments (with feedback), responses and escalations.
    pub file: CompanyYear,
    /// The latest assessment's scorecard.
    pub scorecard: Option<Scorecard>,
    /// What the company or the secretariat has not done by its deadline.
    pub overdue: Vec<Overdue>,
}

/// A company's own file in a covenant: confidential to it and the secretariat.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompanyFile {
    /// The covenant.
    pub covenant: Id,
    /// The membership.
    pub member: Member,
    /// Its turnover by year (millions of euros).
    pub turnover: Vec<(i32, f64)>,
    /// Every year's cycle, oldest first.
    pub years: Vec<CompanyYearView>,
}

/// A company's membership, for the company itself and the covenant's secretariat only: the
/// check every reader of a company's file passes (the file, and the forms that add to it).
pub fn member_for<'l>(ledger: &'l Ledger, who: &Who<'_>, company: &Id) -> Result<&'l Member> {
    access::check_read(who, &ledger.covenant, company)?;
    Ok(ledger.book.members.get(company).ok_or_else(|| {
        super::DiligenceError::Unknown(format!(
            "{company} is not a member of covenant {}",
            ledger.covenant.id()
        ))
    })?)
}

/// A company's file, for the company itself and the covenant's secretariat only.
pub fn company_file(
    ledger: &Ledger,
    who: &Who<'_>,
    company: &Id,
    today: NaiveDate,
) -> Result<CompanyFile> {
    let member = member_for(ledger, who, company)?.clone();
    let book = &ledger.book;
    let overdue = book.overdue(today);
    let years = book
        .cycles
        .values()
        .map(|c| CompanyYearView {
            year: c.year,
            framework: c.framework.clone(),
            version: c.version,
            calendar: c.calendar,
            file: c.files.get(company).cloned().unwrap_or_default(),
            scorecard: book
                .scorecard(company, c.year, &ledger.frameworks, None)
                .and_then(|r| r.ok()),
            overdue: overdue
                .iter()
                .filter(|o| &o.company == company && o.year == c.year)
                .cloned()
                .collect(),
        })
        .collect();
    let turnover = book
        .turnover
        .iter()
        .filter(|((c, _), _)| c == company)
        .map(|((_, y), t)| (*y, *t))
        .collect();
    Ok(CompanyFile {
        covenant: ledger.covenant.id().clone(),
        member,
        turnover,
        years,
    })
}

/// A submission waiting for the secretariat's assessment.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AwaitingAssessment {
    /// The company.
    pub company: Id,
    /// The year.
    pub year: i32,
    /// The revision waiting.
    pub revision: u32,
    /// When it was submitted.
    pub submitted: NaiveDate,
    /// The assessment deadline.
    pub due: NaiveDate,
}

/// The secretariat's workbench: what is due, what awaits assessment, what is overdue, what the
/// escalation rule proposes.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Workbench {
    /// The covenant.
    pub covenant: Id,
    /// The day it is drawn up for.
    pub today: NaiveDate,
    /// Members by status.
    pub members: Vec<(Status, usize)>,
    /// Submissions waiting for assessment, oldest first.
    pub awaiting: Vec<AwaitingAssessment>,
    /// Everything overdue.
    pub overdue: Vec<Overdue>,
    /// The escalation rule's proposals.
    pub proposals: Vec<Proposal>,
}

/// The secretariat's workbench, for the covenant's secretariat only.
pub fn workbench(
    ledger: &Ledger,
    who: &Who<'_>,
    today: NaiveDate,
    rule: &EscalationRule,
) -> Result<Workbench> {
    access::check_secretariat(who, &ledger.covenant)?;
    let book = &ledger.book;
    let mut awaiting: Vec<AwaitingAssessment> = book
        .cycles
        .values()
        .flat_map(|c| {
            c.files.iter().filter_map(move |(company, f)| {
                let revision = f.submissions.len();
                let assessed = f
                    .latest_assessment()
                    .is_some_and(|a| a.revision as usize == revision);
                (revision > 0 && !assessed).then(|| AwaitingAssessment {
                    company: company.clone(),
                    year: c.year,
                    revision: revision as u32,
                    submitted: f.submissions[revision - 1].date,
                    due: c.calendar.assessment_due,
                })
            })
        })
        .collect();
    awaiting.sort_by(|a, b| (a.submitted, &a.company).cmp(&(b.submitted, &b.company)));
    let members = [
        Status::Active,
        Status::Suspended,
        Status::Excluded,
        Status::Withdrawn,
    ]
    .into_iter()
    .map(|s| (s, book.members.values().filter(|m| m.status() == s).count()))
    .collect();
    Ok(Workbench {
        covenant: ledger.covenant.id().clone(),
        today,
        members,
        awaiting,
        overdue: book.overdue(today),
        proposals: book.proposals(today, rule),
    })
}

/// A member as the public sees it: who, since when, and its standing.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicMember {
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
    /// Its status now.
    pub status: Status,
}

/// What anyone may see of a covenant's cycle: its members and the figures of its published
/// years, every figure through the disclosure rule.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicCovenant {
    /// The covenant.
    pub covenant: Id,
    /// The disclosure threshold the figures were published under.
    pub threshold: Threshold,
    /// The members (membership is public).
    pub members: Vec<PublicMember>,
    /// The published years' figures, oldest first.
    pub years: Vec<YearKpis>,
}

/// The public view of a covenant's cycle.
pub fn public_covenant(ledger: &Ledger, threshold: &Threshold) -> PublicCovenant {
    let book = &ledger.book;
    PublicCovenant {
        covenant: ledger.covenant.id().clone(),
        threshold: *threshold,
        members: book
            .members
            .values()
            .map(|m| PublicMember {
                company: m.company.clone(),
                name: m.name.clone(),
                registration: m.registration.clone(),
                synthetic: m.synthetic,
                joined: m.joined,
                status: m.status(),
            })
            .collect(),
        years: book
            .cycles
            .values()
            .filter(|c| c.published.is_some())
            .filter_map(|c| book.kpis(c.year, &ledger.frameworks, threshold))
            .collect(),
    }
}

/// The figures of the annual covenant report for `year`, which must be published.
pub fn report_figures(ledger: &Ledger, year: i32, threshold: &Threshold) -> Result<AnnualFigures> {
    let book = &ledger.book;
    let cycle = book
        .cycles
        .get(&year)
        .filter(|c| c.published.is_some())
        .ok_or_else(|| {
            super::DiligenceError::Unknown(format!(
                "covenant {} has no published year {year}",
                ledger.covenant.id()
            ))
        })?;
    let framework = ledger
        .frameworks
        .get(&(cycle.framework.clone(), cycle.version))
        .cloned()
        .ok_or_else(|| {
            super::DiligenceError::Unknown(format!(
                "framework {} version {} is not loaded",
                cycle.framework, cycle.version
            ))
        })?;
    let public = public_covenant(ledger, threshold);
    Ok(AnnualFigures {
        name: ledger.covenant.spec.name.clone(),
        year,
        threshold: *threshold,
        years: public
            .years
            .into_iter()
            .filter(|y| y.year <= year)
            .collect(),
        framework,
        members: [
            Status::Active,
            Status::Suspended,
            Status::Excluded,
            Status::Withdrawn,
        ]
        .into_iter()
        .map(|s| (s, book.members.values().filter(|m| m.status() == s).count()))
        .collect(),
        synthetic: book.members.values().any(|m| m.synthetic),
    })
}
