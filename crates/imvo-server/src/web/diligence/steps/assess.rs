//! The secretariat's assessment of a company's latest submission (`Action::Assess`): a score
//! and a comment per criterion — the feedback the company sees — and overall feedback. The
//! form starts from the company's own scores.

use imvo_diligence::cycle::{Action, Assessment};

use super::{
    Context, FormTexts, StepForm, answer_field, prefill_answers, read_answers, score_choices,
};
use crate::web::Ui;
use crate::web::forms::fields::{Builder, Errors, Values};
use crate::web::render::Fieldset;

/// The assessment form.
pub(super) struct AssessForm;

impl StepForm for AssessForm {
    const PATH: &'static str = "/covenants/{id}/diligence/companies/{company}/assess";

    fn texts(ui: &Ui) -> FormTexts {
        FormTexts {
            title: ui.t("Inzending beoordelen", "Assess the submission"),
            intro: ui.t(
                "De scores staan op wat het bedrijf zelf gaf; pas ze aan waar u anders oordeelt en licht dat toe. Het bedrijf ziet uw scores en opmerkingen, niemand anders.",
                "The scores start from the company's own; change them where you judge otherwise and say why. The company sees your scores and comments, no one else does.",
            ),
            submit: ui.t("Beoordeling vastleggen", "Record the assessment"),
        }
    }

    fn prefill(ctx: &Context<'_>, v: &mut Values) {
        if let Some(latest) = ctx.file.and_then(|f| f.submissions.last()) {
            prefill_answers(&latest.submission.answers, v);
        }
    }

    fn fieldsets(b: &Builder<'_>, ctx: &Context<'_>) -> Vec<Fieldset> {
        let ui = b.ui;
        let lang = ui.lang;
        let latest = ctx.file.and_then(|f| f.submissions.last());
        let mut sets: Vec<Fieldset> = ctx
            .framework
            .elements
            .iter()
            .map(|el| Fieldset {
                legend: el.name.get(lang).to_owned(),
                fields: el
                    .criteria
                    .iter()
                    .flat_map(|c| {
                        let s = latest.map(|l| &l.submission);
                        let explanation = s
                            .and_then(|s| s.explanations.get(&c.id))
                            .map(String::as_str)
                            .unwrap_or("");
                        let evidence: Vec<&str> = s
                            .map(|s| {
                                s.evidence
                                    .iter()
                                    .filter(|e| e.criterion == c.id)
                                    .map(|e| e.reference.as_str())
                                    .collect()
                            })
                            .unwrap_or_default();
                        let hint = match (explanation.is_empty(), evidence.is_empty()) {
                            (true, true) => String::new(),
                            _ => format!(
                                "{}: {explanation} {}",
                                ui.t("Het bedrijf", "The company"),
                                evidence.join(", ")
                            ),
                        };
                        [
                            b.select(
                                &format!("score.{}", c.id),
                                c.text.get(lang),
                                &hint,
                                true,
                                score_choices(ui, c),
                            ),
                            b.textarea(
                                &format!("comment.{}", c.id),
                                ui.t("Opmerking voor het bedrijf", "Comment for the company"),
                                "",
                                false,
                            ),
                        ]
                    })
                    .collect(),
            })
            .collect();
        sets.push(Fieldset {
            legend: ui.t("Terugkoppeling", "Feedback").to_owned(),
            fields: vec![b.textarea(
                "feedback",
                ui.t("Terugkoppeling in het algemeen", "Overall feedback"),
                "",
                false,
            )],
        });
        sets
    }

    fn read(ui: &Ui, ctx: &Context<'_>, v: &Values, e: &mut Errors) -> Option<Action> {
        let answers = read_answers(ui, ctx.framework, v, e);
        let revision = ctx.file.map_or(0, |f| f.submissions.len());
        if revision == 0 {
            e.form = Some(
                ui.t(
                    "Er is nog niets ingediend om te beoordelen.",
                    "Nothing has been submitted to assess yet.",
                )
                .to_owned(),
            );
            return None;
        }
        let mut assessment = Assessment {
            answers,
            ..Assessment::default()
        };
        for (_, c) in ctx.framework.criteria() {
            let comment = v.get(&format!("comment.{}", c.id));
            if !comment.is_empty() {
                assessment.comments.insert(c.id.clone(), comment);
            }
        }
        let feedback = v.get("feedback");
        assessment.feedback = (!feedback.is_empty()).then_some(feedback);
        Some(Action::Assess {
            company: ctx.company.clone(),
            year: ctx.year,
            revision: u32::try_from(revision).unwrap_or(u32::MAX),
            assessment,
        })
    }

    fn field(rule_field: &str) -> Option<String> {
        if let Some(c) = rule_field.strip_prefix("assessment.comments.") {
            return Some(format!("comment.{c}"));
        }
        answer_field(rule_field)
    }
}
