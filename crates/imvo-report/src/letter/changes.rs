//! Section 6 of the letter, when asked: the records between an earlier date and the letter's
//! date, each described in a sentence with its source.

use chrono::NaiveDate;
use imvo_domain::{Change, Record};

use super::{Writer, text};
use crate::lang::Lang;
use crate::model::{Block, Document, Inline};

impl Writer<'_> {
    pub(super) fn changes(&self, doc: &mut Document, since: NaiveDate, changes: &[Record]) {
        let l = self.l;
        doc.push(Block::heading(1, text::h_changes(l, &l.date(since))));
        let mut records: Vec<&Record> = changes
            .iter()
            .filter(|r| r.date > since && r.date <= self.as_of)
            .collect();
        records.sort_by_key(|r| r.date);
        if records.is_empty() {
            doc.push(Block::para(text::no_changes(
                l,
                &l.date(since),
                &l.date(self.as_of),
            )));
            return;
        }
        doc.push(Block::para(text::changes_intro(
            l,
            records.len(),
            &l.date(since),
            &l.date(self.as_of),
        )));
        let items = records
            .iter()
            .map(|r| {
                vec![
                    Inline::strong(imvo_domain::format_date(r.date, r.date_precision, l)),
                    Inline::text(format!(" – {}", self.describe(r))),
                    self.cite(&[&r.source]),
                ]
            })
            .collect();
        doc.push(Block::List(items));
    }

    fn trajectory_name(&self, id: &imvo_domain::Id) -> String {
        self.p
            .trajectory(id)
            .map_or_else(|| id.to_string(), |t| t.spec.name.get(self.l).to_owned())
    }

    fn org_by_id(&self, id: &imvo_domain::Id) -> String {
        self.p
            .organisation(id)
            .map_or_else(|| id.to_string(), |o| self.org_name(o))
    }

    /// One record in words, for the changes section.
    fn describe(&self, r: &Record) -> String {
        let l = self.l;
        let d = l;
        match &r.change {
            Change::AddSraChapter(c) => match l {
                Lang::Nl => format!("SRA-hoofdstuk vastgelegd: {}.", c.name.get(d)),
                Lang::En => format!("SRA chapter recorded: {}.", c.name.get(d)),
            },
            Change::AddSector(s) => match l {
                Lang::Nl => format!("Sector vastgelegd: {}.", s.name.get(d)),
                Lang::En => format!("Sector recorded: {}.", s.name.get(d)),
            },
            Change::AddOrganisation(o) => match l {
                Lang::Nl => format!("Organisatie vastgelegd: {}.", self.org_name(o)),
                Lang::En => format!("Organisation recorded: {}.", self.org_name(o)),
            },
            Change::AddTrajectory(t) => match l {
                Lang::Nl => format!("Nieuw traject: {}.", t.name.get(d)),
                Lang::En => format!("New trajectory: {}.", t.name.get(d)),
            },
            Change::SetPhase(p) => {
                let note = p
                    .note
                    .as_ref()
                    .map(|n| format!(" {}", n.get(d).trim()))
                    .unwrap_or_default();
                match l {
                    Lang::Nl => format!(
                        "{}: naar fase «{}».{note}",
                        self.trajectory_name(&p.trajectory),
                        p.phase.label(d)
                    ),
                    Lang::En => format!(
                        "{}: moved to phase “{}”.{note}",
                        self.trajectory_name(&p.trajectory),
                        p.phase.label(d)
                    ),
                }
            }
            Change::AssignRole(a) => match l {
                Lang::Nl => format!(
                    "{}: {} als {}.",
                    self.trajectory_name(&a.trajectory),
                    self.org_by_id(&a.organisation),
                    a.role.label(d)
                ),
                Lang::En => format!(
                    "{}: {} as {}.",
                    self.trajectory_name(&a.trajectory),
                    self.org_by_id(&a.organisation),
                    a.role.label(d)
                ),
            },
            Change::RecordEvent(e) => {
                let names: Vec<String> = e
                    .trajectories
                    .iter()
                    .map(|t| self.trajectory_name(t))
                    .collect();
                let prefix = if names.is_empty() {
                    String::new()
                } else {
                    format!("{}: ", names.join(", "))
                };
                format!("{prefix}{}", e.description.get(d).trim())
            }
            Change::AddInitiative(i) => match l {
                Lang::Nl => format!("Bestaand initiatief vastgelegd: {}.", i.name.get(d)),
                Lang::En => format!("Existing initiative recorded: {}.", i.name.get(d)),
            },
            Change::LinkInitiative(k) => {
                let name = self
                    .p
                    .initiatives()
                    .iter()
                    .find(|i| i.id == k.initiative)
                    .map_or_else(|| k.initiative.to_string(), |i| i.name.get(d).to_owned());
                match l {
                    Lang::Nl => format!(
                        "{} bouwt voort op {name}.",
                        self.trajectory_name(&k.trajectory)
                    ),
                    Lang::En => {
                        format!("{} builds on {name}.", self.trajectory_name(&k.trajectory))
                    }
                }
            }
            Change::GovernmentActivity(a) => a.description.get(d).trim().to_owned(),
            Change::StakeholderActivity(a) => a.description.get(d).trim().to_owned(),
            Change::SignCovenant(c) => match l {
                Lang::Nl => format!(
                    "Convenant ondertekend: {} ({}).",
                    c.name.get(d),
                    self.trajectory_name(&c.trajectory)
                ),
                Lang::En => format!(
                    "Covenant signed: {} ({}).",
                    c.name.get(d),
                    self.trajectory_name(&c.trajectory)
                ),
            },
            Change::EndCovenant(e) => {
                let name = self
                    .p
                    .covenant(&e.covenant)
                    .map_or_else(|| e.covenant.to_string(), |c| c.spec.name.get(d).to_owned());
                let why = e
                    .reason
                    .as_ref()
                    .map(|r| format!(" {}", r.get(d).trim()))
                    .unwrap_or_default();
                match l {
                    Lang::Nl => format!("Convenant beëindigd: {name}.{why}"),
                    Lang::En => format!("Covenant ended: {name}.{why}"),
                }
            }
            Change::AddAgreement(a) => match l {
                Lang::Nl => format!(
                    "Nieuwe SMART-afspraak: {}.",
                    a.agreement.result().get(d).trim().trim_end_matches('.')
                ),
                Lang::En => format!(
                    "New SMART agreement: {}.",
                    a.agreement.result().get(d).trim().trim_end_matches('.')
                ),
            },
            Change::RecordMeasurement(m) => {
                let what = self.p.agreement(&m.agreement).map_or_else(
                    || m.agreement.to_string(),
                    |a| a.agreement.indicator().name.get(d).to_owned(),
                );
                match l {
                    Lang::Nl => format!("Meting: {what} = {}.", l.number(m.value, 1)),
                    Lang::En => format!("Measurement: {what} = {}.", l.number(m.value, 1)),
                }
            }
            Change::AddTarget(t) => match l {
                Lang::Nl => format!(
                    "Beleidsdoel vastgesteld: {}.",
                    t.description.get(d).trim().trim_end_matches('.')
                ),
                Lang::En => format!(
                    "Policy target set: {}.",
                    t.description.get(d).trim().trim_end_matches('.')
                ),
            },
        }
    }
}
