//! The event form: a meeting, round table, signing or other dated fact in one or more
//! trajectories (`Change::RecordEvent`), shown afterwards on the first trajectory's page.

use chrono::NaiveDate;
use imvo_domain::{Change, EventKind, EventSpec, Id, Portfolio};

use super::fields::{
    Builder, Errors, Values, enum_name, id_of, ids_of, organisations, text_of, trajectories,
};
use super::{FormTexts, RecordForm, Recorded};
use crate::web::render::Fieldset;
use crate::web::view::event_kind;
use crate::web::{Ui, parse_date};

/// The event form.
pub(super) struct EventForm;

impl RecordForm for EventForm {
    const PATH: &'static str = "/record/event";

    fn texts(ui: &Ui) -> FormTexts {
        FormTexts {
            title: ui.t("Gebeurtenis vastleggen", "Record an event"),
            intro: ui.t(
                "Een overleg, rondetafel, workshop, ondertekening of ander gedateerd feit in een of meer trajecten.",
                "A meeting, round table, workshop, signing or other dated fact in one or more trajectories.",
            ),
            submit: ui.t("Gebeurtenis vastleggen", "Record the event"),
        }
    }

    fn fieldsets(b: &Builder<'_>, p: &Portfolio) -> Vec<Fieldset> {
        let ui = b.ui;
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
            }]
    }

    fn read(
        ui: &Ui,
        _p: &Portfolio,
        v: &Values,
        e: &mut Errors,
        date: Option<NaiveDate>,
    ) -> Option<Recorded> {
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
            match (date, &description) {
                (Some(date), Some(d)) => Id::new(slug(date, &d.en)).ok(),
                _ => None,
            }
        } else {
            id_of(ui, v, "id", e, true)
        };
        let back = match trajectories.first() {
            Some(t) => format!("/trajectories/{t}"),
            None => "/".to_string(),
        };
        Some(Recorded {
            change: Change::RecordEvent(EventSpec {
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
            shown_at: back,
        })
    }

    fn field(change_field: &str) -> Option<&'static str> {
        Some(match change_field {
            "id" => "id",
            "trajectories" | "trajectory" => "trajectory",
            "organisations" | "organisation" => "organisation",
            "description" => "description_nl",
            "event_date" => "event_date",
            _ => return None,
        })
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
}
