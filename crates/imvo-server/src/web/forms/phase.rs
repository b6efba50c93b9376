//! The phase form: a trajectory enters a new phase (`Change::SetPhase`); back to an earlier
//! phase only when that is ticked. Shown afterwards on the trajectory's page.

use chrono::NaiveDate;
use imvo_domain::{Change, Phase, PhaseChange, Portfolio};

use super::fields::{Builder, Errors, Values, id_of, text_of, trajectories};
use super::{FormTexts, RecordForm, Recorded};
use crate::web::Ui;
use crate::web::render::Fieldset;
use crate::web::view::phase_label;

/// The phase form.
pub(super) struct PhaseForm;

impl RecordForm for PhaseForm {
    const PATH: &'static str = "/record/phase";

    fn texts(ui: &Ui) -> FormTexts {
        FormTexts {
            title: ui.t("Fasewijziging vastleggen", "Record a phase change"),
            intro: ui.t(
                "Een traject gaat een nieuwe fase in. Terug naar een eerdere fase kan alleen als dat uitdrukkelijk is aangevinkt.",
                "A trajectory enters a new phase. Moving back to an earlier phase needs the box ticked explicitly.",
            ),
            submit: ui.t("Fasewijziging vastleggen", "Record the phase change"),
        }
    }

    fn fieldsets(b: &Builder<'_>, p: &Portfolio) -> Vec<Fieldset> {
        let ui = b.ui;
        vec![Fieldset {
            legend: ui.t("De fase", "The phase").to_string(),
            fields: vec![
                b.select(
                    "trajectory",
                    ui.t("Traject", "Trajectory"),
                    "",
                    true,
                    trajectories(ui, p),
                ),
                b.select(
                    "phase",
                    ui.t("Nieuwe fase", "New phase"),
                    "",
                    true,
                    Phase::ALL
                        .iter()
                        .map(|ph| (ph.as_str().to_string(), phase_label(ui, Some(*ph))))
                        .collect(),
                ),
                b.checkbox(
                    "allow_backward",
                    ui.t(
                        "Terug naar een eerdere fase toestaan",
                        "Allow a move back to an earlier phase",
                    ),
                ),
                b.textarea(
                    "note_nl",
                    ui.t(
                        "Toelichting (Nederlands, optioneel)",
                        "Note (Dutch, optional)",
                    ),
                    "",
                    false,
                ),
                b.textarea(
                    "note_en",
                    ui.t(
                        "Toelichting (Engels, optioneel)",
                        "Note (English, optional)",
                    ),
                    ui.t(
                        "Vul beide talen in, of geen van beide.",
                        "Fill in both languages, or neither.",
                    ),
                    false,
                ),
            ],
        }]
    }

    fn read(
        ui: &Ui,
        _p: &Portfolio,
        v: &Values,
        e: &mut Errors,
        _date: Option<NaiveDate>,
    ) -> Option<Recorded> {
        let trajectory = id_of(ui, v, "trajectory", e, true);
        let phase: Option<Phase> = v
            .get("phase")
            .parse()
            .map_err(|m: String| e.add("phase", m))
            .ok();
        let note = text_of(ui, v, "note", e, false);
        let trajectory = trajectory?;
        let back = format!("/trajectories/{trajectory}");
        Some(Recorded {
            change: Change::SetPhase(PhaseChange {
                trajectory,
                phase: phase?,
                allow_backward: v.checked("allow_backward"),
                note,
            }),
            shown_at: back,
        })
    }

    fn field(change_field: &str) -> Option<&'static str> {
        Some(match change_field {
            "trajectory" => "trajectory",
            "phase" => "phase",
            "note" => "note_nl",
            _ => return None,
        })
    }
}
