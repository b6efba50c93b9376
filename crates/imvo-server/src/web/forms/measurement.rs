//! The measurement form: a measured value of an agreement's indicator
//! (`Change::RecordMeasurement`), shown afterwards on the page of the covenant's trajectory.

use chrono::NaiveDate;
use imvo_domain::{Change, MeasurementSpec, Portfolio};

use super::fields::{Builder, Errors, Values, id_of, number_of};
use super::{FormTexts, RecordForm, Recorded};
use crate::web::Ui;
use crate::web::render::Fieldset;

/// The measurement form.
pub(super) struct MeasurementForm;

impl RecordForm for MeasurementForm {
    const PATH: &'static str = "/record/measurement";

    fn texts(ui: &Ui) -> FormTexts {
        FormTexts {
            title: ui.t("Meting vastleggen", "Record a measurement"),
            intro: ui.t(
                "Een gemeten waarde van de indicator van een afspraak, op de datum hieronder. De voortgang en of de afspraak op koers ligt, volgen daaruit.",
                "A measured value of an agreement's indicator, on the date below. Progress and whether the agreement is on track follow from it.",
            ),
            submit: ui.t("Meting vastleggen", "Record the measurement"),
        }
    }

    fn fieldsets(b: &Builder<'_>, p: &Portfolio) -> Vec<Fieldset> {
        let ui = b.ui;
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
                            let cov = p.covenant(&a.covenant).map_or_else(
                                || a.covenant.to_string(),
                                |c| c.spec.name.get(ui.lang).to_string(),
                            );
                            (
                                a.agreement.id().to_string(),
                                format!(
                                    "{cov}: {} ({})",
                                    a.agreement.result().get(ui.lang),
                                    a.agreement.indicator().unit
                                ),
                            )
                        })
                        .collect(),
                ),
                b.number(
                    "value",
                    ui.t("Gemeten waarde", "Measured value"),
                    ui.t(
                        "In de eenheid van de indicator.",
                        "In the indicator's unit.",
                    ),
                    true,
                ),
            ],
        }]
    }

    fn read(
        ui: &Ui,
        p: &Portfolio,
        v: &Values,
        e: &mut Errors,
        _date: Option<NaiveDate>,
    ) -> Option<Recorded> {
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
        Some(Recorded {
            change: Change::RecordMeasurement(MeasurementSpec {
                agreement,
                value: value?,
                note: None,
            }),
            shown_at: back,
        })
    }

    fn field(change_field: &str) -> Option<&'static str> {
        Some(match change_field {
            "agreement" => "agreement",
            "value" => "value",
            _ => return None,
        })
    }
}
