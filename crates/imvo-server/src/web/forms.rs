//! The forms that record changes: an event, a phase change, a SMART agreement, a measurement.
//! Each form builds the same [`Record`] the CLI's `imvo record …` builds and hands it to
//! [`crate::domain::append`] (so [`imvo_app::append_record`]), which replays the whole log with it before storing anything; a
//! refusal comes back beside the field it names (and nothing is stored). A SMART agreement is
//! first checked element by element, so every missing element is marked at once.
//!
//! Who may open and submit a form is decided by the role table; the CSRF token of the session
//! travels in a hidden field and is checked by the authorization middleware.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use chrono::NaiveDate;
use imvo_domain::{
    AgreementDraft, AgreementSpec, Change, DatePrecision, EventKind, EventSpec, Id,
    MeasurementSpec, NotSmart, Phase, PhaseChange, Portfolio, Record, SmartAgreement, SmartElement,
    Source, Text,
};

use super::pages::{event_kind, load, phase_label};
use super::render::{self, Choice, Field, Fieldset};
use super::{Ui, WebError, parse_date};
use crate::auth::Caller;
use crate::state::AppState;

/// The submitted (or prefilled) values of a form, in order; keys may repeat (multi-selects).
#[derive(Debug, Default)]
struct Values(Vec<(String, String)>);

impl Values {
    fn parse(bytes: &[u8]) -> Values {
        Values(
            form_urlencoded::parse(bytes)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    fn get(&self, key: &str) -> String {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    }

    fn all(&self, key: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, v)| k == key && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_string())
            .collect()
    }

    fn checked(&self, key: &str) -> bool {
        matches!(self.get(key).as_str(), "on" | "true" | "1")
    }

    fn set_default(&mut self, key: &str, value: String) {
        if self.get(key).is_empty() {
            self.0.push((key.to_string(), value));
        }
    }
}

/// Errors beside fields, and one about the whole form.
#[derive(Debug, Default)]
struct Errors {
    fields: Vec<(String, String)>,
    form: Option<String>,
}

impl Errors {
    fn add(&mut self, field: &str, message: impl Into<String>) {
        if !self.fields.iter().any(|(f, _)| f == field) {
            self.fields.push((field.to_string(), message.into()));
        }
    }

    fn of(&self, field: &str) -> Option<String> {
        self.fields
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.clone())
    }

    fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.form.is_none()
    }
}

/// Builds fields with the current values and errors.
struct Builder<'a> {
    ui: &'a Ui,
    values: &'a Values,
    errors: &'a Errors,
}

impl Builder<'_> {
    fn field(
        &self,
        kind: &'static str,
        name: &str,
        label: &str,
        hint: &str,
        required: bool,
    ) -> Field {
        Field {
            name: name.to_string(),
            label: label.to_string(),
            hint: hint.to_string(),
            kind,
            value: self.values.get(name),
            choices: Vec::new(),
            required,
            error: self.errors.of(name),
        }
    }

    fn text(&self, name: &str, label: &str, hint: &str, required: bool) -> Field {
        self.field("text", name, label, hint, required)
    }

    fn date(&self, name: &str, label: &str, hint: &str, required: bool) -> Field {
        self.field("date", name, label, hint, required)
    }

    fn number(&self, name: &str, label: &str, hint: &str, required: bool) -> Field {
        self.field("number", name, label, hint, required)
    }

    fn textarea(&self, name: &str, label: &str, hint: &str, required: bool) -> Field {
        self.field("textarea", name, label, hint, required)
    }

    fn checkbox(&self, name: &str, label: &str) -> Field {
        let mut f = self.field("checkbox", name, label, "", false);
        f.value = if self.values.checked(name) {
            "on".into()
        } else {
            String::new()
        };
        f
    }

    fn select(
        &self,
        name: &str,
        label: &str,
        hint: &str,
        required: bool,
        options: Vec<(String, String)>,
    ) -> Field {
        let current = self.values.get(name);
        let mut f = self.field("select", name, label, hint, required);
        f.choices = options
            .into_iter()
            .map(|(value, label)| Choice {
                selected: value == current,
                value,
                label,
            })
            .collect();
        f
    }

    fn multi(&self, name: &str, label: &str, hint: &str, options: Vec<(String, String)>) -> Field {
        let current = self.values.all(name);
        let mut f = self.field("multi", name, label, hint, false);
        f.choices = options
            .into_iter()
            .map(|(value, label)| Choice {
                selected: current.contains(&value),
                value,
                label,
            })
            .collect();
        f
    }

    /// The date, precision and source every record needs.
    fn common(&self) -> Fieldset {
        let ui = self.ui;
        Fieldset {
            legend: ui.t("Datum en bron", "Date and source").to_string(),
            fields: vec![
                self.date(
                    "date",
                    ui.t("Datum", "Date"),
                    ui.t(
                        "De datum waarop de wijziging ingaat.",
                        "The date the change takes effect.",
                    ),
                    true,
                ),
                self.select(
                    "precision",
                    ui.t("Nauwkeurigheid van de datum", "Precision of the date"),
                    "",
                    true,
                    precisions(ui),
                ),
                self.text(
                    "source_document",
                    ui.t("Brondocument", "Source document"),
                    ui.t(
                        "Bijvoorbeeld: Kamerstuk 26 485 nr. 212, of een verslag.",
                        "For example: Kamerstuk 26 485 nr. 212, or minutes.",
                    ),
                    true,
                ),
                self.text(
                    "source_locator",
                    ui.t("Vindplaats in de bron", "Where in the source"),
                    ui.t("Bijvoorbeeld: §2, textiel.", "For example: §2, textile."),
                    true,
                ),
                self.text(
                    "source_url",
                    ui.t(
                        "Webadres van de bron (optioneel)",
                        "Web address of the source (optional)",
                    ),
                    "",
                    false,
                ),
                self.checkbox(
                    "inferred",
                    ui.t(
                        "Afgeleid uit de bron, niet letterlijk vermeld",
                        "Inferred from the source, not stated in it",
                    ),
                ),
            ],
        }
    }
}

fn precisions(ui: &Ui) -> Vec<(String, String)> {
    [
        ("day", ui.t("dag", "day")),
        ("month", ui.t("maand", "month")),
        ("season", ui.t("seizoen", "season")),
        ("half_year", ui.t("halfjaar", "half year")),
        ("year", ui.t("jaar", "year")),
    ]
    .into_iter()
    .map(|(v, l)| (v.to_string(), l.to_string()))
    .collect()
}

fn trajectories(ui: &Ui, p: &Portfolio) -> Vec<(String, String)> {
    p.trajectories()
        .iter()
        .map(|t| (t.id().to_string(), t.spec.name.get(ui.lang).to_string()))
        .collect()
}

fn organisations(p: &Portfolio) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = p
        .organisations()
        .iter()
        .map(|o| {
            let label = match &o.abbreviation {
                Some(a) if *a != o.name => format!("{} ({a})", o.name),
                _ => o.name.clone(),
            };
            (o.id.to_string(), label)
        })
        .collect();
    v.sort_by_key(|(_, l)| l.to_lowercase());
    v
}

/// Reads the date, precision and source; errors go beside their fields.
fn common(ui: &Ui, v: &Values, e: &mut Errors) -> Option<(NaiveDate, DatePrecision, Source)> {
    let date = parse_date(&v.get("date"));
    if date.is_none() {
        e.add(
            "date",
            ui.t(
                "Vul een datum in als JJJJ-MM-DD.",
                "Enter a date as YYYY-MM-DD.",
            ),
        );
    }
    let raw = v.get("precision");
    let precision = if raw.is_empty() {
        Some(DatePrecision::Day)
    } else {
        serde_json::from_value::<DatePrecision>(serde_json::Value::String(raw))
            .map_err(|err| e.add("precision", err.to_string()))
            .ok()
    };
    let document = v.get("source_document");
    if document.is_empty() {
        e.add(
            "source_document",
            ui.t(
                "Noem de bron van dit feit.",
                "Name the source of this fact.",
            ),
        );
    }
    let locator = v.get("source_locator");
    if locator.is_empty() {
        e.add(
            "source_locator",
            ui.t(
                "Noem de vindplaats in de bron.",
                "Name where in the source it is.",
            ),
        );
    }
    let url = v.get("source_url");
    Some((
        date?,
        precision?,
        Source {
            document,
            locator,
            url: (!url.is_empty()).then_some(url),
            inferred: v.checked("inferred"),
            note: None,
        },
    ))
}

fn id_of(ui: &Ui, v: &Values, field: &str, e: &mut Errors, required: bool) -> Option<Id> {
    let raw = v.get(field);
    if raw.is_empty() {
        if required {
            e.add(
                field,
                ui.t("Kies of vul dit veld in.", "Choose or fill in this field."),
            );
        }
        return None;
    }
    Id::new(raw)
        .map_err(|err| e.add(field, err.to_string()))
        .ok()
}

fn ids_of(v: &Values, field: &str, e: &mut Errors) -> Vec<Id> {
    v.all(field)
        .into_iter()
        .filter_map(|raw| {
            Id::new(raw)
                .map_err(|err| e.add(field, err.to_string()))
                .ok()
        })
        .collect()
}

/// Both languages of a text. Required: both must be filled; optional: both or neither (the
/// CLI's rule for `--x-nl`/`--x-en`).
fn text_of(ui: &Ui, v: &Values, stem: &str, e: &mut Errors, required: bool) -> Option<Text> {
    let (nl_key, en_key) = (format!("{stem}_nl"), format!("{stem}_en"));
    let (nl, en) = (v.get(&nl_key), v.get(&en_key));
    match (nl.is_empty(), en.is_empty()) {
        (false, false) => Some(Text::new(nl, en)),
        (true, true) if !required => None,
        (nl_missing, en_missing) => {
            if nl_missing {
                e.add(
                    &nl_key,
                    ui.t(
                        "Vul dit in het Nederlands in (en ook in het Engels).",
                        "Fill this in in Dutch (and in English).",
                    ),
                );
            }
            if en_missing {
                e.add(
                    &en_key,
                    ui.t(
                        "Vul dit in het Engels in (en ook in het Nederlands).",
                        "Fill this in in English (and in Dutch).",
                    ),
                );
            }
            None
        }
    }
}

fn number_of(ui: &Ui, v: &Values, field: &str, e: &mut Errors) -> Option<f64> {
    let raw = v.get(field);
    if raw.is_empty() {
        return None;
    }
    match raw.replace(',', ".").parse::<f64>() {
        Ok(x) if x.is_finite() => Some(x),
        _ => {
            e.add(
                field,
                ui.t(
                    "Vul een getal in, bijvoorbeeld 12,5.",
                    "Enter a number, for example 12.5.",
                ),
            );
            None
        }
    }
}

/// An id from a text: lowercase words joined by `-`, for an event with no id typed.
fn slug(date: NaiveDate, text: &str) -> String {
    let words: Vec<String> = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(6)
        .map(|w| w.to_ascii_lowercase())
        .collect();
    let mut s = format!("{date}-{}", words.join("-"));
    s.truncate(60);
    s.trim_end_matches('-').to_string()
}

/// Which form a request is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Event,
    Phase,
    Agreement,
    Measurement,
}

impl Kind {
    fn path(self) -> &'static str {
        match self {
            Kind::Event => "/record/event",
            Kind::Phase => "/record/phase",
            Kind::Agreement => "/record/agreement",
            Kind::Measurement => "/record/measurement",
        }
    }

    /// The form field a domain field (from a refusal) belongs to.
    fn field(self, domain: &str) -> &'static str {
        let f = domain
            .trim_start_matches("change.")
            .trim_start_matches("agreement.");
        match (self, f) {
            (_, "date") => "date",
            (_, "date_precision") => "precision",
            (_, s) if s.starts_with("source") => "source_document",
            (Kind::Event, "id") => "id",
            (Kind::Event, "trajectories" | "trajectory") => "trajectory",
            (Kind::Event, "organisations" | "organisation") => "organisation",
            (Kind::Event, "description") => "description_nl",
            (Kind::Event, "event_date") => "event_date",
            (Kind::Phase, "trajectory") => "trajectory",
            (Kind::Phase, "phase") => "phase",
            (Kind::Phase, "note") => "note_nl",
            (Kind::Agreement, "covenant") => "covenant",
            (Kind::Agreement, "id") => "id",
            (Kind::Agreement, "owner") => "owner",
            (Kind::Agreement, "result") => "result_nl",
            (Kind::Agreement, "indicator") => "indicator_nl",
            (Kind::Agreement, "unit") => "unit",
            (Kind::Agreement, "baseline_value") => "baseline_value",
            (Kind::Agreement, "baseline_date") => "baseline_date",
            (Kind::Agreement, "target_value") => "target_value",
            (Kind::Agreement, "target_date") => "target_date",
            (Kind::Agreement, "risks") => "risks",
            (Kind::Measurement, "agreement") => "agreement",
            (Kind::Measurement, "value") => "value",
            _ => "",
        }
    }
}

fn form_page(ui: &Ui, p: &Portfolio, kind: Kind, values: &Values, errors: &Errors) -> String {
    let b = Builder { ui, values, errors };
    let (title, intro, submit, mut sets) = match kind {
        Kind::Event => (
            ui.t("Gebeurtenis vastleggen", "Record an event"),
            ui.t(
                "Een overleg, rondetafel, workshop, ondertekening of ander gedateerd feit in een of meer trajecten.",
                "A meeting, round table, workshop, signing or other dated fact in one or more trajectories.",
            ),
            ui.t("Gebeurtenis vastleggen", "Record the event"),
            vec![Fieldset {
                legend: ui.t("De gebeurtenis", "The event").to_string(),
                fields: vec![
                    b.select(
                        "kind",
                        ui.t("Soort", "Kind"),
                        "",
                        true,
                        [
                            EventKind::Meeting,
                            EventKind::ExploratoryTalks,
                            EventKind::RoundTable,
                            EventKind::Workshop,
                            EventKind::FeedbackMeeting,
                            EventKind::Signing,
                            EventKind::Letter,
                            EventKind::Announcement,
                            EventKind::Publication,
                            EventKind::Other,
                        ]
                        .into_iter()
                        .map(|k| (enum_name(&k), event_kind(ui, k).to_string()))
                        .collect(),
                    ),
                    b.multi("trajectory", ui.t("Traject(en)", "Trajectory (or trajectories)"), ui.t("Houd Ctrl (of Cmd) ingedrukt om er meer te kiezen; geen keuze: het hele convenantenproces.", "Hold Ctrl (or Cmd) to choose several; none: the covenant process as a whole."), trajectories(ui, p)),
                    b.textarea("description_nl", ui.t("Wat er gebeurde (Nederlands)", "What happened (Dutch)"), "", true),
                    b.textarea("description_en", ui.t("Wat er gebeurde (Engels)", "What happened (English)"), "", true),
                    b.multi("organisation", ui.t("Betrokken organisaties", "Organisations involved"), "", organisations(p)),
                    b.checkbox("planned", ui.t("Gepland (aangekondigd voor later)", "Planned (announced for later)")),
                    b.date("event_date", ui.t("Datum van de gebeurtenis, als die afwijkt", "Date of the event, if different"), ui.t("Bij een geplande gebeurtenis: wanneer die plaatsvindt.", "For a planned event: when it takes place."), false),
                    b.text("id", ui.t("Id (optioneel)", "Id (optional)"), ui.t("Kleine letters, cijfers, - en _. Leeg: afgeleid van datum en Engelse tekst.", "Lowercase letters, digits, - and _. Empty: made from the date and the English text."), false),
                ],
            }],
        ),
        Kind::Phase => (
            ui.t("Fasewijziging vastleggen", "Record a phase change"),
            ui.t(
                "Een traject gaat een nieuwe fase in. Terug naar een eerdere fase kan alleen als dat uitdrukkelijk is aangevinkt.",
                "A trajectory enters a new phase. Moving back to an earlier phase needs the box ticked explicitly.",
            ),
            ui.t("Fasewijziging vastleggen", "Record the phase change"),
            vec![Fieldset {
                legend: ui.t("De fase", "The phase").to_string(),
                fields: vec![
                    b.select("trajectory", ui.t("Traject", "Trajectory"), "", true, trajectories(ui, p)),
                    b.select(
                        "phase",
                        ui.t("Nieuwe fase", "New phase"),
                        "",
                        true,
                        Phase::ALL.iter().map(|ph| (ph.as_str().to_string(), phase_label(ui, Some(*ph)))).collect(),
                    ),
                    b.checkbox("allow_backward", ui.t("Terug naar een eerdere fase toestaan", "Allow a move back to an earlier phase")),
                    b.textarea("note_nl", ui.t("Toelichting (Nederlands, optioneel)", "Note (Dutch, optional)"), "", false),
                    b.textarea("note_en", ui.t("Toelichting (Engels, optioneel)", "Note (English, optional)"), ui.t("Vul beide talen in, of geen van beide.", "Fill in both languages, or neither."), false),
                ],
            }],
        ),
        Kind::Agreement => (
            ui.t("SMART-afspraak vastleggen", "Record a SMART agreement"),
            ui.t(
                "Een afspraak in een convenant: specifiek resultaat, meetbare indicator met eenheid, nulmeting en streefwaarde met datum, eigenaar en de risico's die ze aanpakt. Een afspraak die niet SMART is, wordt geweigerd met elk ontbrekend onderdeel genoemd.",
                "An agreement in a covenant: specific result, measurable indicator with unit, baseline and target with dates, owner and the risks it addresses. An agreement that is not SMART is refused with every missing element named.",
            ),
            ui.t("Afspraak vastleggen", "Record the agreement"),
            vec![
                Fieldset {
                    legend: ui.t("Convenant en afspraak", "Covenant and agreement").to_string(),
                    fields: vec![
                        b.select(
                            "covenant",
                            ui.t("Convenant", "Covenant"),
                            "",
                            true,
                            p.covenants().iter().map(|c| (c.id().to_string(), c.spec.name.get(ui.lang).to_string())).collect(),
                        ),
                        b.text("id", ui.t("Id van de afspraak", "Id of the agreement"), ui.t("Kleine letters, cijfers, - en _.", "Lowercase letters, digits, - and _."), true),
                        b.textarea("result_nl", ui.t("Specifiek resultaat (Nederlands)", "Specific result (Dutch)"), "", true),
                        b.textarea("result_en", ui.t("Specifiek resultaat (Engels)", "Specific result (English)"), "", true),
                        b.select("owner", ui.t("Eigenaar", "Owner"), ui.t("De organisatie die verantwoordelijk is.", "The organisation responsible."), true, organisations(p)),
                        b.text("risks", ui.t("Risico's die de afspraak aanpakt", "Risks the agreement addresses"), ui.t("Gescheiden door komma's, bijvoorbeeld: child_labour, living_wage.", "Separated by commas, for example: child_labour, living_wage."), true),
                    ],
                },
                Fieldset {
                    legend: ui.t("Indicator en doel", "Indicator and target").to_string(),
                    fields: vec![
                        b.text("indicator_nl", ui.t("Indicator (Nederlands)", "Indicator (Dutch)"), "", true),
                        b.text("indicator_en", ui.t("Indicator (Engels)", "Indicator (English)"), "", true),
                        b.text("unit", ui.t("Eenheid", "Unit"), ui.t("Bijvoorbeeld: %, bedrijven, productielocaties.", "For example: %, companies, production locations."), true),
                        b.number("baseline_value", ui.t("Nulmeting: waarde", "Baseline: value"), "", true),
                        b.date("baseline_date", ui.t("Nulmeting: datum", "Baseline: date"), "", true),
                        b.number("target_value", ui.t("Streefwaarde", "Target value"), "", true),
                        b.date("target_date", ui.t("Streefdatum", "Target date"), "", true),
                    ],
                },
            ],
        ),
        Kind::Measurement => (
            ui.t("Meting vastleggen", "Record a measurement"),
            ui.t(
                "Een gemeten waarde van de indicator van een afspraak, op de datum hieronder. De voortgang en of de afspraak op koers ligt, volgen daaruit.",
                "A measured value of an agreement's indicator, on the date below. Progress and whether the agreement is on track follow from it.",
            ),
            ui.t("Meting vastleggen", "Record the measurement"),
            vec![Fieldset {
                legend: ui.t("De meting", "The measurement").to_string(),
                fields: vec![
                    b.select(
                        "agreement",
                        ui.t("Afspraak", "Agreement"),
                        "",
                        true,
                        p.agreements()
                            .iter()
                            .map(|a| {
                                let cov = p.covenant(&a.covenant).map_or_else(|| a.covenant.to_string(), |c| c.spec.name.get(ui.lang).to_string());
                                (
                                    a.agreement.id().to_string(),
                                    format!("{cov}: {} ({})", a.agreement.result().get(ui.lang), a.agreement.indicator().unit),
                                )
                            })
                            .collect(),
                    ),
                    b.number("value", ui.t("Gemeten waarde", "Measured value"), ui.t("In de eenheid van de indicator.", "In the indicator's unit."), true),
                ],
            }],
        ),
    };
    sets.push(b.common());
    let summary = sets
        .iter()
        .flat_map(|fs| fs.fields.iter())
        .filter_map(|f| {
            f.error
                .as_ref()
                .map(|e| (f.name.clone(), f.label.clone(), e.clone()))
        })
        .collect();
    let page = render::FormPage {
        summary,
        ui,
        title: title.to_string(),
        intro: intro.to_string(),
        action: kind.path().to_string(),
        fieldsets: sets,
        error: errors.form.clone(),
        submit: submit.to_string(),
    };
    render::html(&page)
}

fn enum_name<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Shows a form, prefilled from the query (e.g. `?trajectory=textile`) and with today's date.
async fn show(
    state: AppState,
    caller: Caller,
    headers: HeaderMap,
    uri: Uri,
    kind: Kind,
) -> Response {
    let ui = match Ui::from_request(&state, caller.0, &headers, &uri) {
        Ok(ui) => ui,
        Err(e) => return e.page(None),
    };
    let p = match load(&state, &ui).await {
        Ok((_, p)) => p,
        Err(e) => return e.page(Some(&ui)),
    };
    let mut values = Values::parse(uri.query().unwrap_or("").as_bytes());
    values.0.retain(|(k, _)| k != "as_of" && k != "lang");
    values.set_default("date", ui.as_of.to_string());
    ui.respond(
        StatusCode::OK,
        form_page(&ui, &p, kind, &values, &Errors::default()),
    )
}

/// Validates a submitted form, stores the record, and redirects to the page showing it; or
/// shows the form again with the errors beside the fields (422).
async fn submit(
    state: AppState,
    caller: Caller,
    headers: HeaderMap,
    uri: Uri,
    body: Bytes,
    kind: Kind,
) -> Response {
    let ui = match Ui::from_request(&state, caller.0, &headers, &uri) {
        Ok(ui) => ui,
        Err(e) => return e.page(None),
    };
    let Some(actor) = ui.user.as_ref().map(|u| u.username.clone()) else {
        return WebError::new(
            StatusCode::UNAUTHORIZED,
            ui.t("Log eerst in.", "Log in first."),
        )
        .page(Some(&ui));
    };
    let p = match load(&state, &ui).await {
        Ok((_, p)) => p,
        Err(e) => return e.page(Some(&ui)),
    };
    let values = Values::parse(&body);
    let mut errors = Errors::default();
    let built = build(&ui, &p, kind, &values, &mut errors);
    let (record, back) = match built {
        Some(r) if errors.is_empty() => r,
        _ => {
            if errors.form.is_none() {
                errors.form = Some(
                    ui.t(
                        "Verbeter de gemarkeerde velden.",
                        "Correct the marked fields.",
                    )
                    .to_string(),
                );
            }
            return ui.respond(
                StatusCode::UNPROCESSABLE_ENTITY,
                form_page(&ui, &p, kind, &values, &errors),
            );
        }
    };
    match crate::domain::append(&state, record, &actor).await {
        Ok(entry) => {
            let target = ui.link(&format!("{back}?recorded={}", entry.seq));
            let mut r = (StatusCode::SEE_OTHER, [(header::LOCATION, target)]).into_response();
            r.headers_mut().insert(
                header::CACHE_CONTROL,
                axum::http::HeaderValue::from_static("no-store"),
            );
            r
        }
        Err(api) => {
            if api.status().is_server_error() {
                return WebError::from(api).page(Some(&ui));
            }
            let field = api.field().map(|f| kind.field(f)).unwrap_or("");
            if !field.is_empty() {
                errors.add(field, api.message().to_string());
            }
            errors.form = Some(api.message().to_string());
            ui.respond(
                StatusCode::UNPROCESSABLE_ENTITY,
                form_page(&ui, &p, kind, &values, &errors),
            )
        }
    }
}

/// Builds the record of a form and the page to show afterwards; `None` (with errors) when a
/// field cannot be read.
fn build(
    ui: &Ui,
    p: &Portfolio,
    kind: Kind,
    v: &Values,
    e: &mut Errors,
) -> Option<(Record, String)> {
    let common = common(ui, v, e);
    let (change, back) = match kind {
        Kind::Event => {
            let event: Option<EventKind> =
                serde_json::from_value(serde_json::Value::String(v.get("kind")))
                    .map_err(|_| {
                        e.add(
                            "kind",
                            ui.t("Kies een soort gebeurtenis.", "Choose a kind of event."),
                        )
                    })
                    .ok();
            let trajectories = ids_of(v, "trajectory", e);
            let organisations = ids_of(v, "organisation", e);
            let description = text_of(ui, v, "description", e, true);
            let event_date = match v.get("event_date") {
                s if s.is_empty() => None,
                s => {
                    let d = parse_date(&s);
                    if d.is_none() {
                        e.add(
                            "event_date",
                            ui.t(
                                "Vul een datum in als JJJJ-MM-DD.",
                                "Enter a date as YYYY-MM-DD.",
                            ),
                        );
                    }
                    d
                }
            };
            let id = if v.get("id").is_empty() {
                match (&common, &description) {
                    (Some((date, _, _)), Some(d)) => Id::new(slug(*date, &d.en)).ok(),
                    _ => None,
                }
            } else {
                id_of(ui, v, "id", e, true)
            };
            let back = match trajectories.first() {
                Some(t) => format!("/trajectories/{t}"),
                None => "/".to_string(),
            };
            (
                Change::RecordEvent(EventSpec {
                    id: id?,
                    event: event?,
                    trajectories,
                    organisations,
                    description: description?,
                    planned: v.checked("planned"),
                    event_date,
                    event_precision: None,
                    undated: false,
                    participants: None,
                }),
                back,
            )
        }
        Kind::Phase => {
            let trajectory = id_of(ui, v, "trajectory", e, true);
            let phase: Option<Phase> = v
                .get("phase")
                .parse()
                .map_err(|m: String| e.add("phase", m))
                .ok();
            let note = text_of(ui, v, "note", e, false);
            let trajectory = trajectory?;
            let back = format!("/trajectories/{trajectory}");
            (
                Change::SetPhase(PhaseChange {
                    trajectory,
                    phase: phase?,
                    allow_backward: v.checked("allow_backward"),
                    note,
                }),
                back,
            )
        }
        Kind::Agreement => {
            let covenant = id_of(ui, v, "covenant", e, true);
            let text = |stem: &str, e: &mut Errors| {
                let (nl, en) = (v.get(&format!("{stem}_nl")), v.get(&format!("{stem}_en")));
                if nl.is_empty() && en.is_empty() {
                    None
                } else {
                    text_of(ui, v, stem, e, true)
                }
            };
            let draft = AgreementDraft {
                id: id_of(ui, v, "id", e, false),
                result: text("result", e),
                indicator: text("indicator", e),
                unit: Some(v.get("unit")).filter(|u| !u.is_empty()),
                baseline_value: number_of(ui, v, "baseline_value", e),
                baseline_date: date_of(ui, v, "baseline_date", e),
                target_value: number_of(ui, v, "target_value", e),
                target_date: date_of(ui, v, "target_date", e),
                owner: id_of(ui, v, "owner", e, false),
                risks: v
                    .get("risks")
                    .split(',')
                    .map(|r| r.trim().to_string())
                    .filter(|r| !r.is_empty())
                    .collect(),
            };
            let agreement = match SmartAgreement::try_from(draft) {
                Ok(a) => Some(a),
                Err(err) => {
                    smart_errors(ui, &err, e);
                    None
                }
            };
            let covenant = covenant?;
            let back = p.covenant(&covenant).map_or_else(
                || "/".to_string(),
                |c| format!("/trajectories/{}", c.spec.trajectory),
            );
            (
                Change::AddAgreement(AgreementSpec {
                    covenant,
                    agreement: agreement?,
                }),
                back,
            )
        }
        Kind::Measurement => {
            let agreement = id_of(ui, v, "agreement", e, true);
            let value = number_of(ui, v, "value", e);
            if value.is_none() && v.get("value").is_empty() {
                e.add(
                    "value",
                    ui.t("Vul de gemeten waarde in.", "Enter the measured value."),
                );
            }
            let agreement = agreement?;
            let back = p
                .agreement(&agreement)
                .and_then(|a| p.covenant(&a.covenant))
                .map_or_else(
                    || "/".to_string(),
                    |c| format!("/trajectories/{}", c.spec.trajectory),
                );
            (
                Change::RecordMeasurement(MeasurementSpec {
                    agreement,
                    value: value?,
                    note: None,
                }),
                back,
            )
        }
    };
    let (date, date_precision, source) = common?;
    Some((
        Record {
            date,
            date_precision,
            source,
            change,
        },
        back,
    ))
}

fn date_of(ui: &Ui, v: &Values, field: &str, e: &mut Errors) -> Option<NaiveDate> {
    let raw = v.get(field);
    if raw.is_empty() {
        return None;
    }
    let d = parse_date(&raw);
    if d.is_none() {
        e.add(
            field,
            ui.t(
                "Vul een datum in als JJJJ-MM-DD.",
                "Enter a date as YYYY-MM-DD.",
            ),
        );
    }
    d
}

/// Puts a SMART refusal beside the fields: every missing element marked, and the domain's
/// message (the one the CLI prints) above the form.
fn smart_errors(ui: &Ui, err: &NotSmart, e: &mut Errors) {
    let field = |el: SmartElement| match el {
        SmartElement::Result => "result_nl",
        SmartElement::Indicator => "indicator_nl",
        other => other.field(),
    };
    match err {
        NotSmart::Missing(missing) => {
            for m in missing {
                e.add(
                    field(*m),
                    format!(
                        "{} {}",
                        capitalise(m.describe(ui.lang)),
                        ui.t("ontbreekt.", "is missing.")
                    ),
                );
            }
        }
        NotSmart::TargetNotAfterBaseline { .. } => e.add("target_date", err.to_string()),
        NotSmart::NoChange(_) => e.add("target_value", err.to_string()),
        NotSmart::NotFinite(f) | NotSmart::Blank(f) => e.add(
            match *f {
                "result" => "result_nl",
                "indicator" => "indicator_nl",
                other => other,
            },
            err.to_string(),
        ),
    }
    e.form = Some(err.to_string());
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| {
        f.to_uppercase().collect::<String>() + c.as_str()
    })
}

macro_rules! handlers {
    ($($form:ident, $submit:ident => $kind:expr;)*) => {$(
        /// Shows the form.
        pub(super) async fn $form(State(state): State<AppState>, caller: Caller, headers: HeaderMap, uri: Uri) -> Response {
            show(state, caller, headers, uri, $kind).await
        }
        /// Stores a submitted form.
        pub(super) async fn $submit(State(state): State<AppState>, caller: Caller, headers: HeaderMap, uri: Uri, body: Bytes) -> Response {
            submit(state, caller, headers, uri, body, $kind).await
        }
    )*};
}

handlers! {
    event_form, event_submit => Kind::Event;
    phase_form, phase_submit => Kind::Phase;
    agreement_form, agreement_submit => Kind::Agreement;
    measurement_form, measurement_submit => Kind::Measurement;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_ids_are_made_from_date_and_text() {
        let d = NaiveDate::from_ymd_opt(2016, 3, 1).unwrap();
        let s = slug(d, "Round table on living wages, with NGOs & unions!");
        assert_eq!(s, "2016-03-01-round-table-on-living-wages-with");
        assert!(Id::new(&s).is_ok());
    }

    #[test]
    fn refusals_land_beside_their_field() {
        assert_eq!(Kind::Event.field("change.trajectories"), "trajectory");
        assert_eq!(Kind::Agreement.field("change.agreement.owner"), "owner");
        assert_eq!(Kind::Measurement.field("date"), "date");
        assert_eq!(Kind::Phase.field("change.unknown"), "");
    }
}
