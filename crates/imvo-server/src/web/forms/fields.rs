//! What every form is made of: the submitted values, the errors beside the fields, a builder
//! of fields that shows both, the date and source every record needs, and the readers of ids,
//! texts in both languages, numbers and dates that put a message beside the field they cannot
//! read.

use chrono::NaiveDate;
use imvo_domain::{DatePrecision, Id, Portfolio, Source, Text};

use crate::web::render::{Choice, Field, Fieldset};
use crate::web::{Ui, parse_date};

/// The submitted (or prefilled) values of a form, in order; keys may repeat (multi-selects).
#[derive(Debug, Default)]
pub(in crate::web) struct Values(pub(in crate::web) Vec<(String, String)>);

impl Values {
    pub(in crate::web) fn parse(bytes: &[u8]) -> Values {
        Values(
            form_urlencoded::parse(bytes)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    pub(in crate::web) fn get(&self, key: &str) -> String {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    }

    pub(in crate::web) fn all(&self, key: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, v)| k == key && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_string())
            .collect()
    }

    pub(in crate::web) fn checked(&self, key: &str) -> bool {
        matches!(self.get(key).as_str(), "on" | "true" | "1")
    }

    pub(in crate::web) fn set_default(&mut self, key: &str, value: String) {
        if self.get(key).is_empty() {
            self.0.push((key.to_string(), value));
        }
    }
}

/// Errors beside fields, and one about the whole form.
#[derive(Debug, Default)]
pub(in crate::web) struct Errors {
    fields: Vec<(String, String)>,
    pub(in crate::web) form: Option<String>,
}

impl Errors {
    pub(in crate::web) fn add(&mut self, field: &str, message: impl Into<String>) {
        if !self.fields.iter().any(|(f, _)| f == field) {
            self.fields.push((field.to_string(), message.into()));
        }
    }

    pub(in crate::web) fn of(&self, field: &str) -> Option<String> {
        self.fields
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.clone())
    }

    /// Puts the general message above a form whose fields could not all be read, unless it
    /// has one already.
    pub(in crate::web) fn mark_form(&mut self, ui: &Ui) {
        if self.form.is_none() {
            self.form = Some(
                ui.t(
                    "Verbeter de gemarkeerde velden.",
                    "Correct the marked fields.",
                )
                .to_string(),
            );
        }
    }

    pub(in crate::web) fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.form.is_none()
    }
}

/// Builds fields with the current values and errors.
pub(in crate::web) struct Builder<'a> {
    pub(in crate::web) ui: &'a Ui,
    pub(in crate::web) values: &'a Values,
    pub(in crate::web) errors: &'a Errors,
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

    pub(in crate::web) fn text(
        &self,
        name: &str,
        label: &str,
        hint: &str,
        required: bool,
    ) -> Field {
        self.field("text", name, label, hint, required)
    }

    pub(in crate::web) fn date(
        &self,
        name: &str,
        label: &str,
        hint: &str,
        required: bool,
    ) -> Field {
        self.field("date", name, label, hint, required)
    }

    pub(in crate::web) fn number(
        &self,
        name: &str,
        label: &str,
        hint: &str,
        required: bool,
    ) -> Field {
        self.field("number", name, label, hint, required)
    }

    pub(in crate::web) fn textarea(
        &self,
        name: &str,
        label: &str,
        hint: &str,
        required: bool,
    ) -> Field {
        self.field("textarea", name, label, hint, required)
    }

    pub(in crate::web) fn checkbox(&self, name: &str, label: &str) -> Field {
        let mut f = self.field("checkbox", name, label, "", false);
        f.value = if self.values.checked(name) {
            "on".into()
        } else {
            String::new()
        };
        f
    }

    pub(in crate::web) fn select(
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

    pub(in crate::web) fn multi(
        &self,
        name: &str,
        label: &str,
        hint: &str,
        options: Vec<(String, String)>,
    ) -> Field {
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
    pub(in crate::web) fn common(&self) -> Fieldset {
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

pub(in crate::web) fn trajectories(ui: &Ui, p: &Portfolio) -> Vec<(String, String)> {
    p.trajectories()
        .iter()
        .map(|t| (t.id().to_string(), t.spec.name.get(ui.lang).to_string()))
        .collect()
}

pub(in crate::web) fn organisations(p: &Portfolio) -> Vec<(String, String)> {
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
pub(in crate::web) fn common(
    ui: &Ui,
    v: &Values,
    e: &mut Errors,
) -> Option<(NaiveDate, DatePrecision, Source)> {
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

pub(in crate::web) fn id_of(
    ui: &Ui,
    v: &Values,
    field: &str,
    e: &mut Errors,
    required: bool,
) -> Option<Id> {
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

pub(in crate::web) fn ids_of(v: &Values, field: &str, e: &mut Errors) -> Vec<Id> {
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
pub(in crate::web) fn text_of(
    ui: &Ui,
    v: &Values,
    stem: &str,
    e: &mut Errors,
    required: bool,
) -> Option<Text> {
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

pub(in crate::web) fn number_of(ui: &Ui, v: &Values, field: &str, e: &mut Errors) -> Option<f64> {
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

pub(in crate::web) fn date_of(
    ui: &Ui,
    v: &Values,
    field: &str,
    e: &mut Errors,
) -> Option<NaiveDate> {
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

pub(in crate::web) fn enum_name<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}
