//! Who may take which step of a covenant's cycle, and who may read a company's file.
//!
//! Confidentiality is a hard rule: a company's submissions, scores, feedback and turnover are
//! visible to that company's accounts and to the secretariat of that covenant, and to no one
//! else — not other companies, stakeholders, the ministry, the public, nor an administrator
//! logged in to the server (who manages accounts, not assessments). The operator at the
//! command line, who holds the database itself, is the one exception.
//!
//! An account is bound by its `organisation_id`: a company account to its company (an
//! organisation of the portfolio), a secretariat account to the secretariat organisation a
//! covenant names in its governance — so one secretariat may run several covenants.

use imvo_diligence::cycle::Action;
use imvo_domain::{AccountRole, Covenant, Id};

use super::DiligenceError;
use crate::accounts::Account;

/// What the rules need of an account: its name, role, organisation and whether it is active.
/// Borrowed, so the server can act for the account of a session without loading its row again.
#[derive(Debug, Clone, Copy)]
pub struct Acting<'a> {
    /// The username, kept in the audit history.
    pub username: &'a str,
    /// The role.
    pub role: AccountRole,
    /// The organisation it acts for.
    pub organisation_id: Option<&'a str>,
    /// Whether it may log in.
    pub active: bool,
}

/// Who acts or reads.
#[derive(Debug, Clone, Copy)]
pub enum Who<'a> {
    /// The operator at the command line (`imvo diligence …`), named for the audit history.
    Operator(&'a str),
    /// A logged-in account.
    Account(Acting<'a>),
    /// Anyone: the public pages and API.
    Public,
}

impl<'a> Who<'a> {
    /// A logged-in account.
    pub fn account(a: &'a Account) -> Who<'a> {
        Who::Account(Acting {
            username: &a.username,
            role: a.role,
            organisation_id: a.organisation_id.as_deref(),
            active: a.active,
        })
    }

    /// The name the audit history keeps.
    pub fn actor(&self) -> String {
        match self {
            Who::Operator(name) => name.to_string(),
            Who::Account(a) => a.username.to_owned(),
            Who::Public => "public".to_owned(),
        }
    }

    fn organisation(&self) -> Option<&str> {
        match self {
            Who::Account(a) => a.organisation_id,
            _ => None,
        }
    }

    /// Whether this is the secretariat of `covenant` (or the operator).
    pub fn is_secretariat_of(&self, covenant: &Covenant) -> bool {
        match self {
            Who::Operator(_) => true,
            Who::Account(a) if a.role == AccountRole::Secretariat && a.active => {
                let secretariat = covenant
                    .spec
                    .governance
                    .as_ref()
                    .and_then(|g| g.secretariat.as_ref());
                secretariat.is_some_and(|s| Some(s.as_str()) == self.organisation())
            }
            _ => false,
        }
    }

    /// Whether this is `company` itself (an active company account bound to it).
    pub fn is_company(&self, company: &Id) -> bool {
        match self {
            Who::Account(a) => {
                a.role == AccountRole::Company
                    && a.active
                    && a.organisation_id == Some(company.as_str())
            }
            _ => false,
        }
    }

    /// Whether this may read `company`'s file in `covenant`.
    pub fn may_read(&self, covenant: &Covenant, company: &Id) -> bool {
        self.is_secretariat_of(covenant) || self.is_company(company)
    }
}

/// Refuses a step the actor may not take.
pub(super) fn check_write(
    who: &Who<'_>,
    covenant: &Covenant,
    action: &Action,
) -> Result<(), DiligenceError> {
    if who.is_secretariat_of(covenant) {
        return Ok(());
    }
    let own = action.company().is_some_and(|c| who.is_company(c));
    if own && !action.is_secretariats() {
        return Ok(());
    }
    Err(DiligenceError::Forbidden {
        field: if action.company().is_some() {
            "company"
        } else {
            "action"
        },
        message: format!(
            "{} may not record `{}` in covenant {}: only {}",
            who.actor(),
            action.name(),
            covenant.id(),
            if action.is_secretariats() {
                "its secretariat may"
            } else {
                "the company itself or the secretariat may"
            }
        ),
    })
}

/// Refuses a read of a company's file by anyone but the company and the secretariat.
pub(super) fn check_read(
    who: &Who<'_>,
    covenant: &Covenant,
    company: &Id,
) -> Result<(), DiligenceError> {
    if who.may_read(covenant, company) {
        Ok(())
    } else {
        Err(DiligenceError::Forbidden {
            field: "company",
            message: format!(
                "the due-diligence file of {company} in covenant {} is confidential: only the company and the covenant's secretariat may read it",
                covenant.id()
            ),
        })
    }
}

/// Refuses the secretariat's workbench to anyone else.
pub(super) fn check_secretariat(who: &Who<'_>, covenant: &Covenant) -> Result<(), DiligenceError> {
    if who.is_secretariat_of(covenant) {
        Ok(())
    } else {
        Err(DiligenceError::Forbidden {
            field: "id",
            message: format!(
                "only the secretariat of covenant {} may open its workbench",
                covenant.id()
            ),
        })
    }
}
