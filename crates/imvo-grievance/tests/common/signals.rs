//! Builders of signal entries.

use imvo_domain::Text;
use imvo_grievance::signal::{
    Action, Entry, Evidence, Location, Outcome, Priority, Report, Reporter,
};
use imvo_grievance::{PartyKind, Statement};

use super::{d, id};

pub fn entry(date: &str, actor: &str, action: Action) -> Entry {
    Entry {
        date: d(date),
        actor: actor.to_owned(),
        action,
    }
}

pub fn report(themes: &[&str]) -> Report {
    Report {
        location: Location::Matched {
            id: "BD2019303BQ3FZP".to_owned(),
        },
        themes: themes.iter().map(|t| id(t)).collect(),
        description: Statement {
            text: "কারখানায় ওভারটাইমের মজুরি দেওয়া হয় না".to_owned(),
            language: "bn".to_owned(),
            translation: Some(Text::new(
                "Overuren worden niet uitbetaald.",
                "Overtime is not paid.",
            )),
        },
        evidence: vec![Evidence {
            reference: "https://example.org/payslips".to_owned(),
            sha256: None,
        }],
        reporter: Reporter {
            kind: PartyKind::Union,
            contact: Some("secretary@union.example".to_owned()),
        },
    }
}

pub fn reported(signal: &str, date: &str) -> Entry {
    entry(
        date,
        "form",
        Action::Report {
            signal: id(signal),
            report: report(&["wages", "health_safety"]),
        },
    )
}

pub fn triage(signal: &str, date: &str, admissible: bool) -> Entry {
    entry(
        date,
        "secretariat",
        Action::Triage {
            signal: id(signal),
            admissible,
            grounds: if admissible {
                "Binnen het convenant: lonen in een productielocatie."
            } else {
                "Buiten de reikwijdte van het convenant."
            }
            .to_owned(),
            priority: Priority::Normal,
            location: None,
            for_companies: Some(Statement::new(
                "Overtime at the factory is reportedly not paid.",
                "en",
            )),
            share_evidence: false,
        },
    )
}

pub fn forward(signal: &str, date: &str, companies: &[&str]) -> Entry {
    entry(
        date,
        "secretariat",
        Action::Forward {
            signal: id(signal),
            companies: companies.iter().map(|c| id(c)).collect(),
        },
    )
}

pub fn answer(signal: &str, date: &str, company: &str) -> Entry {
    entry(
        date,
        &format!("{company}-user"),
        Action::Answer {
            signal: id(signal),
            company: id(company),
            response: format!("{company} discusses the payslips with the factory"),
        },
    )
}

pub fn close(signal: &str, date: &str, outcome: Outcome) -> Entry {
    entry(
        date,
        "secretariat",
        Action::Close {
            signal: id(signal),
            outcome,
            reason: "Back pay confirmed by the union.".to_owned(),
        },
    )
}

pub fn reopen(signal: &str, date: &str) -> Entry {
    entry(
        date,
        "secretariat",
        Action::Reopen {
            signal: id(signal),
            reason: "Overtime unpaid again.".to_owned(),
        },
    )
}
