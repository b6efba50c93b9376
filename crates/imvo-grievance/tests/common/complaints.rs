//! Builders of complaint entries, and the two-year case.

use imvo_domain::Text;
use imvo_grievance::complaint::{
    Action, Anonymisation, CloseReason, CommitteeMember, Complainant, Complaint, Entry, Finding,
    Ruling, Step,
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

pub fn compose(date: &str) -> Entry {
    entry(
        date,
        "secretariat",
        Action::Compose {
            members: vec![
                CommitteeMember {
                    organisation: id("ser"),
                    role: "secretary".to_owned(),
                },
                CommitteeMember {
                    organisation: id("fnv"),
                    role: "member".to_owned(),
                },
                CommitteeMember {
                    organisation: id("modint"),
                    role: "member".to_owned(),
                },
            ],
        },
    )
}

pub fn complaint(respondent: &str) -> Complaint {
    Complaint {
        complainant: Complainant {
            kind: PartyKind::Ngo,
            name: "Garment Workers Rights Bangladesh".to_owned(),
            organisation: None,
            contact: Some("case@gwrb.example".to_owned()),
        },
        respondent: id(respondent),
        harm: Statement::new(
            "Workers were dismissed after founding a union at a supplier.",
            "en",
        ),
        agreement: "Article 9: due diligence in the supply chain".to_owned(),
    }
}

pub fn intake(case: &str, date: &str) -> Entry {
    entry(
        date,
        "secretariat",
        Action::Intake {
            case: id(case),
            complaint: complaint("brand-a"),
        },
    )
}

pub fn admissibility(case: &str, date: &str, admissible: bool) -> Entry {
    entry(
        date,
        "committee",
        Action::Admissibility {
            case: id(case),
            admissible,
            grounds: "The complaint concerns a covenant company and an agreement of the covenant."
                .to_owned(),
        },
    )
}

pub fn step(case: &str, date: &str, which: Step) -> Entry {
    let case = id(case);
    let action = match which {
        Step::RespondentAnswer => Action::RespondentAnswer {
            case,
            text: Some("We audited the supplier.".to_owned()),
        },
        Step::Hearing => Action::Hearing { case, note: None },
        Step::InterimRuling => Action::InterimRuling {
            case,
            text: Statement::new("The committee asks for the audit report.", "en"),
        },
        Step::FinalRuling => Action::FinalRuling {
            case,
            ruling: Ruling {
                text: Statement {
                    text: "Het bedrijf heeft onvoldoende gepaste zorgvuldigheid betracht."
                        .to_owned(),
                    language: "nl".to_owned(),
                    translation: Some(Text::new(
                        "Het bedrijf heeft onvoldoende gepaste zorgvuldigheid betracht.",
                        "The company did not exercise sufficient due diligence.",
                    )),
                },
                binding: true,
                findings: vec![
                    Finding {
                        text: "No risk analysis of the supplier.".to_owned(),
                        upheld: true,
                    },
                    Finding {
                        text: "No remedy offered.".to_owned(),
                        upheld: false,
                    },
                ],
            },
        },
        Step::Publication => Action::Publication {
            case,
            anonymised: Anonymisation {
                complainant: true,
                respondent: false,
            },
        },
        Step::FollowUp => Action::FollowUp {
            case,
            text: "The company has drawn up a remediation plan.".to_owned(),
        },
        Step::Closed => Action::Close {
            case,
            reason: CloseReason::Completed,
            note: None,
        },
        Step::Intake | Step::Admissibility => unreachable!("built by their own helpers"),
    };
    entry(date, "committee", action)
}

pub fn close(case: &str, date: &str, reason: CloseReason) -> Entry {
    entry(
        date,
        "committee",
        Action::Close {
            case: id(case),
            reason,
            note: Some("Closed at the parties' request.".to_owned()),
        },
    )
}

/// The two-year case: filed June 2017, final ruling June 2019, closed July 2020.
pub fn two_year_case() -> Vec<Entry> {
    vec![
        compose("2017-01-01"),
        intake("c1", "2017-06-01"),
        admissibility("c1", "2017-06-20", true),
        step("c1", "2017-08-01", Step::RespondentAnswer),
        step("c1", "2017-10-15", Step::Hearing),
        step("c1", "2018-01-10", Step::InterimRuling),
        step("c1", "2018-09-01", Step::InterimRuling),
        step("c1", "2019-06-03", Step::FinalRuling),
        step("c1", "2019-06-20", Step::Publication),
        step("c1", "2019-12-01", Step::FollowUp),
        step("c1", "2020-06-01", Step::FollowUp),
        step("c1", "2020-07-01", Step::Closed),
    ]
}
