//! A company's response to the secretariat's feedback on a year (`Action::Respond`).

use imvo_diligence::cycle::Action;

use super::{Context, FormTexts, StepForm};
use crate::web::Ui;
use crate::web::forms::fields::{Builder, Errors, Values};
use crate::web::render::Fieldset;

/// The response form.
pub(super) struct RespondForm;

impl StepForm for RespondForm {
    const PATH: &'static str = "/covenants/{id}/diligence/companies/{company}/respond";

    fn texts(ui: &Ui) -> FormTexts {
        FormTexts {
            title: ui.t("Reageren op de terugkoppeling", "Respond to the feedback"),
            intro: ui.t(
                "Uw reactie op de beoordeling van het secretariaat: wat u ermee doet, of waar u het niet mee eens bent. Alleen uw bedrijf en het secretariaat zien haar.",
                "Your response to the secretariat's assessment: what you will do with it, or where you disagree. Only your company and the secretariat see it.",
            ),
            submit: ui.t("Reactie versturen", "Send the response"),
        }
    }

    fn prefill(_ctx: &Context<'_>, _v: &mut Values) {}

    fn fieldsets(b: &Builder<'_>, _ctx: &Context<'_>) -> Vec<Fieldset> {
        let ui = b.ui;
        vec![Fieldset {
            legend: ui.t("Reactie", "Response").to_owned(),
            fields: vec![b.textarea("text", ui.t("Uw reactie", "Your response"), "", true)],
        }]
    }

    fn read(ui: &Ui, ctx: &Context<'_>, v: &Values, e: &mut Errors) -> Option<Action> {
        let text = v.get("text");
        if text.is_empty() {
            e.add("text", ui.t("Schrijf uw reactie.", "Write your response."));
            return None;
        }
        Some(Action::Respond {
            company: ctx.company.clone(),
            year: ctx.year,
            text,
        })
    }

    fn field(rule_field: &str) -> Option<String> {
        (rule_field == "text").then(|| "text".to_owned())
    }
}
