//! `imvo record …`: validated changes to the portfolio. Each builds one record and hands it to
//! `imvo_app::append_record`, which replays the whole log with it before storing anything; a
//! refused change leaves the store as it was.

use super::Context;
use super::parse_date;
use anyhow::Context as _;
use imvo_domain::{
    AgreementDraft, AgreementSpec, Change, CovenantKind, CovenantParty, CovenantSpec,
    DatePrecision, EventKind, EventSpec, Id, MeasurementSpec, NaiveDate, NotSmart, Phase,
    PhaseChange, Record, Role, RoleAssignment, SmartAgreement, SmartElement, Source, Text,
};

/// Parsers of snake_case values of domain enums; serde's refusal lists the valid values.
macro_rules! enum_parser {
    ($($name:ident: $t:ty),* $(,)?) => {$(
        fn $name(s: &str) -> Result<$t, String> {
            serde_json::from_value::<$t>(serde_json::Value::String(s.to_owned()))
                .map_err(|e| e.to_string())
        }
    )*};
}
enum_parser!(
    parse_precision: DatePrecision,
    parse_event_kind: EventKind,
    parse_covenant_kind: CovenantKind,
    parse_role: Role,
);

fn parse_phase(s: &str) -> Result<Phase, String> {
    s.parse()
}

/// What every record needs: its date, precision and source, and who records it.
#[derive(Debug, clap::Args)]
pub struct Common {
    /// The date the change takes effect (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    date: NaiveDate,
    /// How precisely the date is known: day, month, season, half_year or year.
    #[arg(long, default_value = "day", value_parser = parse_precision)]
    precision: DatePrecision,
    /// The source document, e.g. "Kamerstuk 26 485 nr. 212".
    #[arg(long)]
    source: String,
    /// Where in the document, e.g. "§2, textiel".
    #[arg(long)]
    locator: String,
    /// A public address of the document.
    #[arg(long)]
    url: Option<String>,
    /// Mark the fact as inferred from the source rather than stated in it.
    #[arg(long)]
    inferred: bool,
    /// Who records the change (shown in the audit log).
    #[arg(long, env = "IMVO_ACTOR", default_value = "cli")]
    actor: String,
}

impl Common {
    fn record(&self, change: Change) -> Record {
        Record {
            date: self.date,
            date_precision: self.precision,
            source: Source {
                document: self.source.clone(),
                locator: self.locator.clone(),
                url: self.url.clone(),
                inferred: self.inferred,
                note: None,
            },
            change,
        }
    }
}

/// Both languages of a text from two options; both or neither must be given.
fn text(nl: &Option<String>, en: &Option<String>, flag: &str) -> anyhow::Result<Option<Text>> {
    match (nl, en) {
        (Some(nl), Some(en)) => Ok(Some(Text::new(nl, en))),
        (None, None) => Ok(None),
        _ => anyhow::bail!("give both --{flag}-nl and --{flag}-en (Dutch and English), or neither"),
    }
}

/// What to record.
#[derive(Debug, clap::Subcommand)]
pub enum RecordCommand {
    /// A dated event in one or more trajectories (a meeting, round table, workshop, signing …).
    Event(EventArgs),
    /// A trajectory enters a phase.
    Phase(PhaseArgs),
    /// A SMART agreement in a covenant; refused with every missing element named.
    Agreement(AgreementArgs),
    /// A measurement of an agreement's indicator.
    Measurement(MeasurementArgs),
    /// A signed covenant.
    Covenant(CovenantArgs),
    /// An organisation's role in a trajectory.
    Role(RoleArgs),
}

/// Arguments of `imvo record event`.
#[derive(Debug, clap::Args)]
pub struct EventArgs {
    #[command(flatten)]
    common: Common,
    /// A new, unique id for the event.
    #[arg(long)]
    id: Id,
    /// meeting, exploratory_talks, round_table, workshop, feedback_meeting, signing, letter,
    /// announcement, publication or other.
    #[arg(long = "kind", value_parser = parse_event_kind)]
    kind: EventKind,
    /// A trajectory it belongs to (repeat for several).
    #[arg(long = "trajectory")]
    trajectories: Vec<Id>,
    /// An organisation involved (repeat for several).
    #[arg(long = "organisation")]
    organisations: Vec<Id>,
    /// What happened, in Dutch.
    #[arg(long)]
    description_nl: String,
    /// What happened, in English.
    #[arg(long)]
    description_en: String,
    /// The event is planned (announced on --date).
    #[arg(long)]
    planned: bool,
    /// When it happens, if not on --date.
    #[arg(long, value_parser = parse_date)]
    event_date: Option<NaiveDate>,
    /// Precision of --event-date.
    #[arg(long, value_parser = parse_precision)]
    event_precision: Option<DatePrecision>,
}

/// Arguments of `imvo record phase`.
#[derive(Debug, clap::Args)]
pub struct PhaseArgs {
    #[command(flatten)]
    common: Common,
    /// The trajectory.
    #[arg(long)]
    trajectory: Id,
    /// no_initiative, exploring, dialogue, negotiating, signed, implementing or ended.
    #[arg(long, value_parser = parse_phase)]
    phase: Phase,
    /// Permit a move back to an earlier phase.
    #[arg(long)]
    allow_backward: bool,
    /// A note in Dutch.
    #[arg(long)]
    note_nl: Option<String>,
    /// A note in English.
    #[arg(long)]
    note_en: Option<String>,
}

/// Arguments of `imvo record agreement`. Every element is optional here so that a refusal can
/// name all that is missing at once.
#[derive(Debug, clap::Args)]
pub struct AgreementArgs {
    #[command(flatten)]
    common: Common,
    /// The covenant.
    #[arg(long)]
    covenant: Id,
    /// A new, unique id for the agreement.
    #[arg(long)]
    id: Option<Id>,
    /// The specific result, in Dutch.
    #[arg(long)]
    result_nl: Option<String>,
    /// The specific result, in English.
    #[arg(long)]
    result_en: Option<String>,
    /// What is measured, in Dutch.
    #[arg(long)]
    indicator_nl: Option<String>,
    /// What is measured, in English.
    #[arg(long)]
    indicator_en: Option<String>,
    /// The indicator's unit.
    #[arg(long)]
    unit: Option<String>,
    /// The baseline value.
    #[arg(long, allow_negative_numbers = true)]
    baseline_value: Option<f64>,
    /// The baseline date.
    #[arg(long, value_parser = parse_date)]
    baseline_date: Option<NaiveDate>,
    /// The target value.
    #[arg(long, allow_negative_numbers = true)]
    target_value: Option<f64>,
    /// The target date.
    #[arg(long, value_parser = parse_date)]
    target_date: Option<NaiveDate>,
    /// The organisation responsible.
    #[arg(long)]
    owner: Option<Id>,
    /// A risk the agreement addresses (repeat for several).
    #[arg(long = "risk")]
    risks: Vec<String>,
}

/// Arguments of `imvo record measurement`.
#[derive(Debug, clap::Args)]
pub struct MeasurementArgs {
    #[command(flatten)]
    common: Common,
    /// The agreement.
    #[arg(long)]
    agreement: Id,
    /// The measured value, in the indicator's unit.
    #[arg(long, allow_negative_numbers = true)]
    value: f64,
}

/// Arguments of `imvo record covenant`.
#[derive(Debug, clap::Args)]
pub struct CovenantArgs {
    #[command(flatten)]
    common: Common,
    /// A new, unique id for the covenant.
    #[arg(long)]
    id: Id,
    /// The trajectory it belongs to.
    #[arg(long)]
    trajectory: Id,
    /// Its name in Dutch.
    #[arg(long)]
    name_nl: String,
    /// Its name in English.
    #[arg(long)]
    name_en: String,
    /// sector (an IMVO sector covenant) or other.
    #[arg(long = "kind", default_value = "sector", value_parser = parse_covenant_kind)]
    kind: CovenantKind,
    /// A party as ORGANISATION:ROLE, e.g. ser:convenor (repeat for several).
    #[arg(long = "party", value_parser = parse_party)]
    parties: Vec<CovenantParty>,
    /// How many parties signed, when not all are listed.
    #[arg(long)]
    party_count: Option<u32>,
    /// Its duration in years.
    #[arg(long)]
    duration_years: Option<u32>,
    /// Its complaints mechanism, in Dutch.
    #[arg(long)]
    complaints_nl: Option<String>,
    /// Its complaints mechanism, in English.
    #[arg(long)]
    complaints_en: Option<String>,
}

fn parse_party(s: &str) -> Result<CovenantParty, String> {
    let (org, role) = s
        .split_once(':')
        .ok_or_else(|| format!("{s:?}: write ORGANISATION:ROLE, e.g. ser:convenor"))?;
    Ok(CovenantParty {
        organisation: Id::new(org).map_err(|e| e.to_string())?,
        role: parse_role(role)?,
    })
}

/// Arguments of `imvo record role`.
#[derive(Debug, clap::Args)]
pub struct RoleArgs {
    #[command(flatten)]
    common: Common,
    /// The organisation.
    #[arg(long)]
    organisation: Id,
    /// The trajectory.
    #[arg(long)]
    trajectory: Id,
    /// lead_branch_organisation, branch_organisation, convenor, mediator, penvoerder,
    /// external_chair, knowledge_partner, facilitator, party, adviser or participant.
    #[arg(long, value_parser = parse_role)]
    role: Role,
    /// A note in Dutch.
    #[arg(long)]
    note_nl: Option<String>,
    /// A note in English.
    #[arg(long)]
    note_en: Option<String>,
}

/// The command-line flag(s) of a SMART element, for refusals.
fn flag(e: SmartElement) -> &'static str {
    match e {
        SmartElement::Id => "--id",
        SmartElement::Result => "--result-nl/--result-en",
        SmartElement::Indicator => "--indicator-nl/--indicator-en",
        SmartElement::Unit => "--unit",
        SmartElement::BaselineValue => "--baseline-value",
        SmartElement::BaselineDate => "--baseline-date",
        SmartElement::TargetValue => "--target-value",
        SmartElement::TargetDate => "--target-date",
        SmartElement::Owner => "--owner",
        SmartElement::Risks => "--risk",
    }
}

fn agreement(args: &AgreementArgs) -> anyhow::Result<Change> {
    let draft = AgreementDraft {
        id: args.id.clone(),
        result: text(&args.result_nl, &args.result_en, "result")?,
        indicator: text(&args.indicator_nl, &args.indicator_en, "indicator")?,
        unit: args.unit.clone(),
        baseline_value: args.baseline_value,
        baseline_date: args.baseline_date,
        target_value: args.target_value,
        target_date: args.target_date,
        owner: args.owner.clone(),
        risks: args.risks.clone(),
    };
    let agreement = SmartAgreement::try_from(draft).map_err(|e| match e {
        NotSmart::Missing(missing) => {
            let list: Vec<String> = missing
                .iter()
                .map(|m| format!("{} ({})", m.describe(imvo_domain::Lang::En), flag(*m)))
                .collect();
            anyhow::anyhow!(
                "refused: the agreement is not SMART; missing: {}; nothing was stored",
                list.join(", ")
            )
        }
        other => anyhow::anyhow!("refused: {other}; nothing was stored"),
    })?;
    Ok(Change::AddAgreement(AgreementSpec {
        covenant: args.covenant.clone(),
        agreement,
    }))
}

/// Run `imvo record`.
pub fn run(ctx: &Context, cmd: RecordCommand) -> anyhow::Result<()> {
    let (common, change) = match cmd {
        RecordCommand::Event(a) => {
            let change = Change::RecordEvent(EventSpec {
                id: a.id,
                event: a.kind,
                trajectories: a.trajectories,
                organisations: a.organisations,
                description: Text::new(a.description_nl, a.description_en),
                planned: a.planned,
                event_date: a.event_date,
                event_precision: a.event_precision,
                undated: false,
                participants: None,
            });
            (a.common, change)
        }
        RecordCommand::Phase(a) => {
            let note = text(&a.note_nl, &a.note_en, "note")?;
            let change = Change::SetPhase(PhaseChange {
                trajectory: a.trajectory,
                phase: a.phase,
                allow_backward: a.allow_backward,
                note,
            });
            (a.common, change)
        }
        RecordCommand::Agreement(a) => {
            let change = agreement(&a)?;
            (a.common, change)
        }
        RecordCommand::Measurement(a) => {
            let change = Change::RecordMeasurement(MeasurementSpec {
                agreement: a.agreement,
                value: a.value,
                note: None,
            });
            (a.common, change)
        }
        RecordCommand::Covenant(a) => {
            let complaints = text(&a.complaints_nl, &a.complaints_en, "complaints")?;
            let change = Change::SignCovenant(CovenantSpec {
                id: a.id,
                name: Text::new(a.name_nl, a.name_en),
                trajectory: a.trajectory,
                covenant: a.kind,
                parties: a.parties,
                party_count: a.party_count,
                parties_description: None,
                duration_years: a.duration_years,
                governance: None,
                complaints_mechanism: complaints,
                description: None,
            });
            (a.common, change)
        }
        RecordCommand::Role(a) => {
            let note = text(&a.note_nl, &a.note_en, "note")?;
            let change = Change::AssignRole(RoleAssignment {
                organisation: a.organisation,
                trajectory: a.trajectory,
                role: a.role,
                note,
            });
            (a.common, change)
        }
    };
    let record = common.record(change);
    let kind = record.change.kind();
    let entry = imvo_app::block_on(async {
        let store = imvo_app::open_existing(&ctx.db).await?;
        let result = imvo_app::append_record(&store, record, &common.actor).await;
        store.close().await;
        result
    })
    .with_context(|| format!("recording a {kind} in {}", ctx.db))?;
    say!(
        "recorded {} effective {} as change {} / vastgelegd",
        entry.kind,
        entry.effective,
        entry.seq
    );
    Ok(())
}
