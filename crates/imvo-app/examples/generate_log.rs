//! Writes a synthetic, deterministic change log of N records (default 1,000,000) as an
//! `imvo import` file, for the replay benchmark (`scripts/bench-replay.sh`).
//!
//! ```text
//! cargo run --release -p imvo-app --example generate_log -- OUT.json [RECORDS] [SEED]
//! ```
//!
//! The log is shaped like the real one, only much longer: on the first day the SRA chapters,
//! sectors, organisations, initiatives and one policy target; then, day by day over twelve
//! years, trajectories are added, move through their phases, gain roles and initiatives; once
//! signed, a covenant with SMART agreements whose indicators are measured every few days; some
//! covenants end. Most records are what a busy log is made of: events, government and
//! stakeholder activities and measurements. About one record in a thousand is back-dated (an
//! event recorded weeks after it happened), so the log is not in date order, as a real one is
//! not. Every record obeys the domain's rules: each in-order record is applied to a portfolio
//! as it is written, so a rule broken here stops the generator, and back-dated records only
//! refer to what existed on their date. The file is the export format of format version 2, so
//! older builds of imvo can import it too.

use std::io::{BufWriter, Write};

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};
use imvo_domain::{
    AgreementDraft, AgreementSpec, Change, CountRule, CovenantEnd, CovenantKind, CovenantParty,
    CovenantSpec, EventKind, EventSpec, GovernmentActivity, GovernmentActivityKind, Id, Initiative,
    InitiativeKind, InitiativeLink, MeasurementSpec, Organisation, OrganisationKind, Phase,
    PhaseChange, Portfolio, Record, Role, RoleAssignment, Sector, SmartAgreement, Source,
    SraChapter, StakeholderActivity, StakeholderActivityKind, TargetSpec, Text, Theme,
    TrajectorySpec,
};
use imvo_store::Entry;

/// SplitMix64: a small, fast, well-mixed generator; enough for synthetic data and stable
/// across platforms and versions (unlike a library's default generator).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

fn id(s: String) -> Id {
    Id::new(s).expect("generated ids are valid")
}

fn text(nl: String, en: String) -> Text {
    Text::new(nl, en)
}

const CHAPTERS: usize = 12;
const SECTORS: usize = 60;
const ORGANISATIONS: usize = 3_000;
const INITIATIVES: usize = 80;
const TRAJECTORIES: usize = 240;
const AGREEMENTS_PER_COVENANT: usize = 12;
const YEARS: u64 = 12;

/// What the generator knows of a trajectory.
struct Traj {
    id: Id,
    added: NaiveDate,
    phase: Option<Phase>,
    /// When the next phase change is due.
    next_move: NaiveDate,
    covenant: Option<usize>,
}

/// What the generator knows of a covenant.
struct Cov {
    id: Id,
    ended: bool,
    agreements: Vec<Id>,
}

struct Gen {
    rng: Rng,
    out: BufWriter<std::fs::File>,
    check: Portfolio,
    seq: i64,
    recorded_at: DateTime<Utc>,
    trajs: Vec<Traj>,
    covs: Vec<Cov>,
    counters: [usize; 3],
}

impl Gen {
    fn source(&mut self, date: NaiveDate) -> Source {
        // One letter or report a month, cited by paragraph: sources repeat, as real ones do.
        let doc = format!(
            "Kamerstuk 26 485 nr. {}",
            200 + (date.year() - 2014) * 12 + date.month0() as i32
        );
        let mut s = Source::new(doc, format!("§{}", 1 + self.rng.below(9)));
        if self.rng.chance(0.05) {
            s.inferred = true;
            s.note = Some("Afgeleid uit de voortgangsrapportage.".into());
        }
        s
    }

    fn org(&mut self) -> Id {
        id(format!("org-{}", self.rng.below(ORGANISATIONS)))
    }

    /// Writes one record; in-order records are first applied to the check portfolio.
    fn emit(&mut self, date: NaiveDate, change: Change, back_dated: bool) {
        let source = self.source(date);
        let record = Record::new(date, source, change);
        if !back_dated {
            self.check
                .apply(&record)
                .unwrap_or_else(|e| panic!("generated record {} breaks a rule: {e}", self.seq + 1));
        }
        self.seq += 1;
        self.recorded_at += chrono::Duration::milliseconds(250);
        let e = imvo_app::to_entry(&record, "dataset:synthetic");
        let entry = Entry {
            seq: self.seq,
            effective: e.effective,
            recorded_at: self.recorded_at,
            kind: e.kind,
            source: e.source,
            actor: e.actor,
            payload: e.payload,
        };
        if self.seq > 1 {
            self.out.write_all(b",\n").expect("write");
        }
        serde_json::to_writer(&mut self.out, &entry).expect("write");
    }

    fn setup(&mut self, day: NaiveDate) {
        for c in 0..CHAPTERS {
            let change = Change::AddSraChapter(SraChapter {
                id: id(format!("chapter-{c}")),
                name: text(format!("Hoofdstuk {c}"), format!("Chapter {c}")),
            });
            self.emit(day, change, false);
        }
        for s in 0..SECTORS {
            let change = Change::AddSector(Sector {
                id: id(format!("sector-{s}")),
                name: text(format!("Sector {s}"), format!("Sector {s}")),
                sra_chapter: (s % 5 != 4).then(|| id(format!("chapter-{}", s % CHAPTERS))),
                elevated_risk: s % 5 != 4,
            });
            self.emit(day, change, false);
        }
        let kinds = [
            OrganisationKind::BranchOrganisation,
            OrganisationKind::Company,
            OrganisationKind::Ngo,
            OrganisationKind::Union,
            OrganisationKind::Government,
            OrganisationKind::KnowledgeInstitute,
        ];
        for o in 0..ORGANISATIONS {
            let change = Change::AddOrganisation(Organisation {
                id: id(format!("org-{o}")),
                name: format!("Organisatie {o}"),
                name_en: (o % 3 == 0).then(|| format!("Organisation {o}")),
                abbreviation: (o % 4 == 0).then(|| format!("O{o}")),
                category: kinds[o % kinds.len()],
                description: None,
            });
            self.emit(day, change, false);
        }
        for i in 0..INITIATIVES {
            let change = Change::AddInitiative(Initiative {
                id: id(format!("initiative-{i}")),
                name: text(format!("Initiatief {i}"), format!("Initiative {i}")),
                initiative: InitiativeKind::MultiStakeholder,
                started: Some(2005 + (i % 9) as i32),
                description: None,
            });
            self.emit(day, change, false);
        }
        let change = Change::AddTarget(TargetSpec {
            id: id("covenants".into()),
            description: text(
                "Tien convenanten binnen de looptijd".into(),
                "Ten covenants within the term".into(),
            ),
            count: 10,
            deadline: day + Days::new(365 * YEARS + 400),
            rule: CountRule {
                kinds: vec![CovenantKind::Sector],
                signed_from: None,
            },
        });
        self.emit(day, change, false);
    }

    /// The records of one ordinary day: about `per_day` of them.
    fn day(&mut self, day: NaiveDate, start: NaiveDate, per_day: usize) {
        // Trajectories are added over the first three years.
        let elapsed = (day - start).num_days() as usize;
        while self.trajs.len() < TRAJECTORIES && self.trajs.len() * 1095 <= elapsed * TRAJECTORIES {
            let n = self.trajs.len();
            let t = id(format!("trajectory-{n}"));
            let sectors = vec![
                id(format!("sector-{}", n % SECTORS)),
                id(format!("sector-{}", (n * 7 + 3) % SECTORS)),
            ];
            let sectors = if sectors[0] == sectors[1] {
                sectors[..1].to_vec()
            } else {
                sectors
            };
            let change = Change::AddTrajectory(TrajectorySpec {
                id: t.clone(),
                name: text(format!("Traject {n}"), format!("Trajectory {n}")),
                sectors,
            });
            self.emit(day, change, false);
            for r in 0..4 {
                let change = Change::AssignRole(RoleAssignment {
                    organisation: id(format!("org-{}", (n * 13 + r * 101) % ORGANISATIONS)),
                    trajectory: t.clone(),
                    role: [
                        Role::LeadBranchOrganisation,
                        Role::Party,
                        Role::Adviser,
                        Role::Convenor,
                    ][r],
                    note: None,
                });
                self.emit(day, change, false);
            }
            let change = Change::LinkInitiative(InitiativeLink {
                trajectory: t.clone(),
                initiative: id(format!("initiative-{}", n % INITIATIVES)),
                note: Some(text("Bouwt hierop voort.".into(), "Builds on it.".into())),
            });
            self.emit(day, change, false);
            self.trajs.push(Traj {
                id: t,
                added: day,
                phase: None,
                next_move: day + Days::new(30 + self.rng.below(300) as u64),
                covenant: None,
            });
        }
        // Phase moves, signings and ends.
        for i in 0..self.trajs.len() {
            if self.trajs[i].next_move > day {
                continue;
            }
            let next = match self.trajs[i].phase {
                None => Some(Phase::Exploring),
                Some(Phase::Implementing) => {
                    self.end_covenant(day, i);
                    Some(Phase::Ended)
                }
                Some(p) => p.next(),
            };
            let Some(next) = next else { continue };
            let change = Change::SetPhase(PhaseChange {
                trajectory: self.trajs[i].id.clone(),
                phase: next,
                allow_backward: false,
                note: Some(text(
                    format!("Het traject is nu in fase {next}."),
                    format!("The trajectory is now in phase {next}."),
                )),
            });
            self.emit(day, change, false);
            self.trajs[i].phase = Some(next);
            self.trajs[i].next_move = day + Days::new(200 + self.rng.below(900) as u64);
            if next == Phase::Signed {
                self.sign_covenant(day, i);
            }
        }
        // The bulk: events, activities and measurements.
        let mut left = per_day;
        while left > 0 {
            left -= 1;
            let roll = self.rng.below(100);
            let measurable: usize = self.covs.iter().filter(|c| !c.ended).count();
            if roll < 40 && measurable > 0 {
                self.measurement(day);
            } else if roll < 75 || self.trajs.is_empty() {
                self.event(day, false);
            } else if roll < 88 {
                self.government(day);
            } else {
                self.stakeholder(day);
            }
        }
        // Now and then an event recorded weeks after it happened.
        if self.rng.chance(0.2) {
            let back = day - Days::new(7 + self.rng.below(60) as u64);
            if back > start {
                self.event(back, true);
            }
        }
    }

    fn sign_covenant(&mut self, day: NaiveDate, t: usize) {
        let n = self.covs.len();
        let cid = id(format!("covenant-{n}"));
        let parties = (0..5)
            .map(|k| CovenantParty {
                organisation: id(format!("org-{}", (n * 31 + k * 7) % ORGANISATIONS)),
                role: Role::Party,
            })
            .collect();
        let change = Change::SignCovenant(CovenantSpec {
            id: cid.clone(),
            name: text(format!("Convenant {n}"), format!("Covenant {n}")),
            trajectory: self.trajs[t].id.clone(),
            covenant: if n % 6 == 5 {
                CovenantKind::Other
            } else {
                CovenantKind::Sector
            },
            parties,
            party_count: Some(5 + self.rng.below(80) as u32),
            parties_description: None,
            duration_years: Some(5),
            governance: None,
            complaints_mechanism: None,
            description: Some(text(
                "Afspraken over due diligence in de keten.".into(),
                "Agreements on due diligence in the supply chain.".into(),
            )),
        });
        self.emit(day, change, false);
        let mut agreements = Vec::new();
        for a in 0..AGREEMENTS_PER_COVENANT {
            let aid = id(format!("covenant-{n}-agreement-{a}"));
            let draft = AgreementDraft {
                id: Some(aid.clone()),
                result: Some(text(
                    format!("Resultaat {a} van convenant {n}"),
                    format!("Result {a} of covenant {n}"),
                )),
                indicator: Some(text(
                    "Aandeel bedrijven met een due-diligenceplan".into(),
                    "Share of companies with a due diligence plan".into(),
                )),
                unit: Some("%".into()),
                baseline_value: Some(10.0),
                baseline_date: Some(day),
                target_value: Some(90.0),
                target_date: Some(day + Days::new(365 * 5)),
                owner: Some(id(format!("org-{}", (n * 17 + a) % ORGANISATIONS))),
                risks: vec!["child_labour".into(), "working_conditions".into()],
            };
            let agreement = SmartAgreement::try_from(draft).expect("the draft is SMART");
            let change = Change::AddAgreement(AgreementSpec {
                covenant: cid.clone(),
                agreement,
            });
            self.emit(day, change, false);
            agreements.push(aid);
        }
        self.covs.push(Cov {
            id: cid,
            ended: false,
            agreements,
        });
        self.trajs[t].covenant = Some(n);
    }

    fn end_covenant(&mut self, day: NaiveDate, t: usize) {
        let Some(c) = self.trajs[t].covenant else {
            return;
        };
        let change = Change::EndCovenant(CovenantEnd {
            covenant: self.covs[c].id.clone(),
            reason: Some(text(
                "De looptijd is verstreken.".into(),
                "The term has passed.".into(),
            )),
        });
        self.emit(day, change, false);
        self.covs[c].ended = true;
    }

    fn measurement(&mut self, day: NaiveDate) {
        let open: Vec<usize> = (0..self.covs.len())
            .filter(|&c| !self.covs[c].ended)
            .collect();
        let c = open[self.rng.below(open.len())];
        let a = self.rng.below(self.covs[c].agreements.len());
        let change = Change::RecordMeasurement(MeasurementSpec {
            agreement: self.covs[c].agreements[a].clone(),
            value: 10.0 + self.rng.below(800) as f64 / 10.0,
            note: self
                .rng
                .chance(0.3)
                .then(|| text("Zelfrapportage.".into(), "Self-reported.".into())),
        });
        self.emit(day, change, false);
    }

    /// A trajectory that existed on `day`.
    fn trajectory_on(&mut self, day: NaiveDate) -> Option<Id> {
        let known = self.trajs.partition_point(|t| t.added <= day);
        (known > 0).then(|| self.trajs[self.rng.below(known)].id.clone())
    }

    fn event(&mut self, day: NaiveDate, back_dated: bool) {
        self.counters[0] += 1;
        let n = self.counters[0];
        let trajectories = self.trajectory_on(day).into_iter().collect();
        let organisations = (0..1 + self.rng.below(3)).map(|_| self.org()).collect();
        let kinds = [
            EventKind::Meeting,
            EventKind::RoundTable,
            EventKind::Workshop,
            EventKind::Letter,
            EventKind::Publication,
        ];
        let change = Change::RecordEvent(EventSpec {
            id: id(format!("event-{n}")),
            event: kinds[self.rng.below(kinds.len())],
            trajectories,
            organisations,
            description: text(
                format!("Bijeenkomst {n} van de partijen over de voortgang van het traject."),
                format!("Meeting {n} of the parties on the progress of the trajectory."),
            ),
            planned: false,
            event_date: None,
            event_precision: None,
            undated: false,
            participants: self.rng.chance(0.3).then(|| imvo_domain::Participants {
                count: 5 + self.rng.below(60) as u32,
                more_than: false,
            }),
        });
        self.emit(day, change, back_dated);
    }

    fn government(&mut self, day: NaiveDate) {
        self.counters[1] += 1;
        let n = self.counters[1];
        let trajectories = self.trajectory_on(day).into_iter().collect();
        let change = Change::GovernmentActivity(GovernmentActivity {
            id: id(format!("government-{n}")),
            activity: GovernmentActivityKind::DirectDialogue,
            organisations: vec![self.org()],
            sectors: vec![id(format!("sector-{}", self.rng.below(SECTORS)))],
            trajectories,
            description: text(
                format!("Gesprek {n} van de overheid met de sector."),
                format!("Government talk {n} with the sector."),
            ),
            planned: false,
            event_date: None,
            event_precision: None,
            undated: false,
        });
        self.emit(day, change, false);
    }

    fn stakeholder(&mut self, day: NaiveDate) {
        self.counters[2] += 1;
        let n = self.counters[2];
        let change = Change::StakeholderActivity(StakeholderActivity {
            id: id(format!("stakeholder-{n}")),
            activity: StakeholderActivityKind::Consultation,
            organisations: vec![self.org(), self.org()],
            themes: vec![Theme::WorkingConditions],
            trajectories: Vec::new(),
            description: text(
                format!("Consultatie {n} van maatschappelijke organisaties."),
                format!("Consultation {n} of civil-society organisations."),
            ),
            planned: false,
            event_date: None,
            event_precision: None,
            undated: false,
        });
        self.emit(day, change, false);
    }
}

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: generate_log OUT.json [RECORDS] [SEED]");
        std::process::exit(2);
    };
    let records: usize = args
        .next()
        .map_or(1_000_000, |s| s.parse().expect("RECORDS"));
    let seed: u64 = args.next().map_or(42, |s| s.parse().expect("SEED"));
    let start = NaiveDate::from_ymd_opt(2014, 1, 6).expect("a date");
    let days = 365 * YEARS as usize;
    let mut out = BufWriter::with_capacity(1 << 20, std::fs::File::create(&path)?);
    out.write_all(
        b"{\"format\":\"imvo-store-export\",\"format_version\":2,\"schema_version\":4,\"entries\":[\n",
    )?;
    let mut g = Gen {
        rng: Rng(seed),
        out,
        check: Portfolio::new(),
        seq: 0,
        recorded_at: DateTime::from_timestamp(1_767_225_600, 0).expect("a time"),
        trajs: Vec::new(),
        covs: Vec::new(),
        counters: [0; 3],
    };
    g.setup(start);
    let mut d = 1;
    while (g.seq as usize) < records && d <= days {
        let day = start + Days::new(d as u64);
        // Spread what is left over the days left; the last day takes the rest.
        let left_days = days - d + 1;
        let per_day = (records - g.seq as usize).div_ceil(left_days).max(1);
        let per_day = per_day.min(records - g.seq as usize);
        g.day(day, start, per_day.saturating_sub(1));
        d += 1;
    }
    g.out
        .write_all(b"\n],\"accounts\":[],\"api_tokens\":[],\"account_log\":[]}\n")?;
    g.out.flush()?;
    eprintln!(
        "wrote {} records ({} trajectories, {} covenants) from {start} to {} to {path}",
        g.seq,
        g.trajs.len(),
        g.covs.len(),
        start + Days::new(days as u64)
    );
    Ok(())
}
