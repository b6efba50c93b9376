//! The covenants' due-diligence cycle as use cases: load framework versions, record a step of
//! a covenant's cycle, and read a company's file, the secretariat's workbench or the public
//! figures — each once, for the CLI, the API and the pages alike.
//!
//! The rules are `imvo_diligence`'s (a covenant's [`Book`] is the replay of its log); the
//! store keeps the entries as JSON; this module joins them with the portfolio (the covenant
//! must exist in it, and a company that is also one of its organisations must be a company) and with the accounts (who may do and read what: see
//! [`access`]). A step is checked against the replay of the covenant's log and appended with
//! the number of the last entry it was checked against, so two steps checked against the same
//! state cannot both land; nothing is stored when any check fails.

pub mod access;
pub mod demo;
mod views;

use chrono::NaiveDate;
use imvo_diligence::cycle::{Action, Book, CycleError, Entry, Frameworks};
use imvo_diligence::{Framework, FrameworkError};
use imvo_domain::{Covenant, Id, OrganisationKind, Portfolio};
use imvo_store::{NewDiligenceEntry, Store, StoredFramework};
use sha2::{Digest, Sha256};
use tracing::info;

pub use access::{Acting, Who};
pub use views::{
    AwaitingAssessment, CompanyFile, CompanyYearView, PublicCovenant, PublicMember, Workbench,
    company_file, member_for, public_covenant, report_figures, workbench,
};

use crate::{AppError, Result};

/// Why a due-diligence use case refused.
#[derive(Debug, thiserror::Error)]
pub enum DiligenceError {
    /// A framework file is malformed.
    #[error(transparent)]
    Framework(#[from] FrameworkError),
    /// The step breaks a rule of the cycle; nothing was stored.
    #[error("refused: {0}; nothing was stored")]
    Refused(#[from] CycleError),
    /// The covenant or company is not in the portfolio.
    #[error("{0}")]
    Unknown(String),
    /// The actor may not take the step or read the file: it is not this company, nor the
    /// covenant's secretariat. `field` names what the refusal is about (the company, the
    /// covenant), which sets it apart from a refusal for the account's role.
    #[error("{message}")]
    Forbidden {
        /// The request's field the refusal is about.
        field: &'static str,
        /// Why.
        message: String,
    },
    /// A stored entry does not read or does not replay: the log was not written by imvo.
    #[error("the due-diligence log of covenant {covenant} is damaged at entry {seq}: {message}")]
    Damaged {
        /// The covenant.
        covenant: String,
        /// The entry.
        seq: i64,
        /// What is wrong.
        message: String,
    },
}

impl DiligenceError {
    /// The field at fault, when the refusal is about one.
    pub fn field(&self) -> Option<&str> {
        match self {
            DiligenceError::Refused(e) => Some(&e.field),
            DiligenceError::Framework(e) => e.field(),
            DiligenceError::Forbidden { field, .. } => Some(field),
            _ => None,
        }
    }
}

impl From<DiligenceError> for AppError {
    fn from(e: DiligenceError) -> Self {
        AppError::Diligence(e)
    }
}

/// A framework version as loaded: its id, version and whether it was new.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loaded {
    /// The framework.
    pub id: Id,
    /// Its version.
    pub version: u32,
    /// False when that version was loaded already with the same text.
    pub new: bool,
}

/// Loads framework files (`(name, text)`: the name is used in errors) into the store, all
/// checked before any is kept.
pub async fn load_frameworks(
    store: &Store,
    files: &[(String, String)],
    loaded_by: &str,
) -> Result<Vec<Loaded>> {
    let mut parsed = Vec::with_capacity(files.len());
    for (name, text) in files {
        let f = Framework::from_toml(text, name).map_err(DiligenceError::from)?;
        parsed.push((f, text));
    }
    let mut out = Vec::with_capacity(parsed.len());
    for (f, text) in parsed {
        let stored = StoredFramework {
            framework_id: f.id.to_string(),
            version: i64::from(f.version),
            sha256: hex::encode(Sha256::digest(text.as_bytes())),
            text: text.clone(),
            loaded_by: loaded_by.to_owned(),
        };
        let new = store.save_framework(&stored).await?;
        info!(framework = %f.id, version = f.version, new, "framework loaded");
        out.push(Loaded {
            id: f.id,
            version: f.version,
            new,
        });
    }
    Ok(out)
}

/// Every framework version in the store.
pub async fn frameworks(store: &Store) -> Result<Frameworks> {
    let mut out = Frameworks::new();
    for s in store.frameworks().await? {
        let origin = format!("stored framework {} version {}", s.framework_id, s.version);
        let f = Framework::from_toml(&s.text, &origin).map_err(DiligenceError::from)?;
        out.insert((f.id.clone(), f.version), f);
    }
    Ok(out)
}

/// The published due-diligence figures of every covenant of `portfolio` with a log, as of the
/// portfolio's date: the years published on or before it, through the disclosure rule. What
/// the progress letter says of each covenant's companies; a covenant with no year published by
/// then is left out.
pub async fn published(
    store: &Store,
    portfolio: &Portfolio,
    threshold: &imvo_diligence::Threshold,
) -> Result<Vec<imvo_diligence::cycle::PublishedCovenant>> {
    let Some(as_of) = portfolio.as_of() else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for id in store.diligence_covenants().await? {
        let Some(covenant) = Id::new(id)
            .ok()
            .and_then(|id| portfolio.covenant(&id).cloned())
        else {
            continue;
        };
        let ledger = ledger_of(store, covenant).await?;
        let public = public_covenant(&ledger, threshold);
        let years: Vec<_> = public
            .years
            .into_iter()
            .filter(|y| y.published.is_some_and(|d| d <= as_of))
            .collect();
        if years.is_empty() {
            continue;
        }
        out.push(imvo_diligence::cycle::PublishedCovenant {
            covenant: public.covenant,
            years,
            threshold: *threshold,
            synthetic: public.members.iter().any(|m| m.synthetic),
        });
    }
    Ok(out)
}

/// The file of one framework version as it was loaded: the public document companies are
/// scored by.
pub async fn framework_text(store: &Store, id: &Id, version: u32) -> Result<String> {
    store
        .frameworks()
        .await?
        .into_iter()
        .find(|s| s.framework_id == id.as_str() && s.version == i64::from(version))
        .map(|s| s.text)
        .ok_or_else(|| {
            DiligenceError::Unknown(format!("there is no framework {id} version {version}")).into()
        })
}

/// A covenant's book as stored now, with the frameworks it is read with and the number of its
/// last entry (what a new step is checked against).
#[derive(Debug, Clone)]
pub struct Ledger {
    /// The covenant, as the portfolio has it now.
    pub covenant: Covenant,
    /// The replay of its log.
    pub book: Book,
    /// The framework versions in the store.
    pub frameworks: Frameworks,
    /// The number of its last entry in the store.
    pub last_seq: Option<i64>,
}

/// The covenant of `id` in the portfolio, or why not.
fn covenant_in(p: &Portfolio, id: &Id) -> Result<Covenant, DiligenceError> {
    p.covenant(id)
        .cloned()
        .ok_or_else(|| DiligenceError::Unknown(format!("there is no covenant {id}")))
}

/// Reads and replays a covenant's log.
pub async fn ledger(store: &Store, covenant: &Id) -> Result<Ledger> {
    let p = crate::portfolio(store, None).await?;
    let spec = covenant_in(&p, covenant)?;
    ledger_of(store, spec).await
}

/// Reads and replays the log of a covenant the caller has already looked up (the server, from
/// its cached portfolio).
pub async fn ledger_of(store: &Store, covenant: Covenant) -> Result<Ledger> {
    let frameworks = frameworks(store).await?;
    let stored = store.diligence_entries(covenant.id().as_str()).await?;
    let last_seq = stored.last().map(|e| e.seq);
    let mut book = Book::new(covenant.id().clone());
    for s in stored {
        let damaged = |message: String| DiligenceError::Damaged {
            covenant: covenant.id().to_string(),
            seq: s.seq,
            message,
        };
        let entry: Entry =
            serde_json::from_str(&s.entry.payload).map_err(|e| damaged(e.to_string()))?;
        book.apply(entry, &frameworks)
            .map_err(|e| damaged(e.to_string()))?;
    }
    Ok(Ledger {
        covenant,
        book,
        frameworks,
        last_seq,
    })
}

/// Records one step of a covenant's cycle, dated `date`, by `who`: checked for the right to
/// take it, against the portfolio (the covenant, and for a join the company, must exist on that
/// date) and against the replay of the covenant's log; appended only if every check passes.
/// Returns the entry's number.
pub async fn record(
    store: &Store,
    who: Who<'_>,
    covenant: &Id,
    date: NaiveDate,
    action: Action,
) -> Result<i64> {
    let p = crate::portfolio(store, Some(date)).await?;
    let spec = covenant_in(&p, covenant)?;
    access::check_write(&who, &spec, &action)?;
    check_company(&p, &action, "company")?;
    let Ledger {
        book,
        frameworks,
        last_seq,
        ..
    } = ledger_of(store, spec).await?;
    let entry = Entry {
        date,
        actor: who.actor(),
        action,
    };
    book.check(&entry, &frameworks)
        .map_err(DiligenceError::from)?;
    let seq = store
        .append_diligence(&[to_stored(covenant, &entry)], last_seq)
        .await?[0];
    info!(%covenant, seq, action = entry.action.name(), actor = %entry.actor, "due-diligence step recorded");
    Ok(seq)
}

/// Appends a batch of entries to a covenant's log as the operator (a file import, the demo):
/// each joining company must be a company of the portfolio, and the whole batch must replay
/// after the covenant's log; then all are stored, or none. Returns how many were stored.
pub async fn import_entries(store: &Store, covenant: &Id, entries: Vec<Entry>) -> Result<usize> {
    let p = crate::portfolio(store, None).await?;
    let spec = covenant_in(&p, covenant)?;
    for (i, e) in entries.iter().enumerate() {
        check_company(&p, &e.action, &format!("entries[{i}].company"))?;
    }
    let Ledger {
        mut book,
        frameworks,
        last_seq,
        ..
    } = ledger_of(store, spec).await?;
    let mut batch = Vec::with_capacity(entries.len());
    for (i, e) in entries.into_iter().enumerate() {
        let new = to_stored(covenant, &e);
        book.apply(e, &frameworks).map_err(|err| {
            DiligenceError::Refused(CycleError {
                field: format!("entries[{i}].{}", err.field),
                problem: err.problem,
            })
        })?;
        batch.push(new);
    }
    let n = batch.len();
    store.append_diligence(&batch, last_seq).await?;
    info!(%covenant, entries = n, "due-diligence entries imported");
    Ok(n)
}

/// An entry as the store keeps it: JSON, with the columns a reader selects on.
fn to_stored(covenant: &Id, e: &Entry) -> NewDiligenceEntry {
    NewDiligenceEntry {
        covenant: covenant.to_string(),
        effective: e.date,
        actor: e.actor.clone(),
        action: e.action.name().to_owned(),
        company: e.action.company().map(ToString::to_string),
        year: e.action.year(),
        payload: serde_json::to_string(e).expect("an entry serialises to JSON"),
    }
}

/// A joining company whose id is an organisation of the portfolio must be a company there (the
/// same id means the same body); a company the portfolio does not know is fine.
fn check_company(p: &Portfolio, action: &Action, field: &str) -> Result<(), DiligenceError> {
    if let Action::Join { company, .. } = action
        && let Some(o) = p.organisation(company)
        && o.category != OrganisationKind::Company
    {
        return Err(DiligenceError::Refused(CycleError {
            field: field.to_owned(),
            problem: format!("{company} is an organisation of the portfolio but not a company"),
        }));
    }
    Ok(())
}
