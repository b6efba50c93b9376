//! A company's self-assessment and plan for a year (`Action::Submit`): a score, an
//! explanation and evidence per criterion, the framework's inputs, up to three prioritised
//! risks and three SMART goals. A resubmission starts from the latest one.

use imvo_diligence::Involvement;
use imvo_diligence::cycle::{Action, Evidence, Goal, PrioritisedRisk, Submission};

use super::{
    Context, FormTexts, StepForm, answer_field, prefill_answers, read_answers, score_choices,
};
use crate::web::Ui;
use crate::web::forms::fields::{Builder, Errors, Values, date_of, id_of, number_of, text_of};
use crate::web::render::Fieldset;

/// Empty slots for risks and goals on the form; empty slots are ignored.
const SLOTS: usize = 3;

/// The OECD's three kinds of involvement, in the form's order.
const INVOLVEMENTS: [Involvement; 3] = [
    Involvement::Cause,
    Involvement::Contribute,
    Involvement::DirectlyLinked,
];

/// The submission form.
pub(super) struct SubmitForm;

impl StepForm for SubmitForm {
    const PATH: &'static str = "/covenants/{id}/diligence/companies/{company}/submit";

    fn texts(ui: &Ui) -> FormTexts {
        FormTexts {
            title: ui.t("Zelfbeoordeling en plan indienen", "Submit the self-assessment and plan"),
            intro: ui.t(
                "Geef per criterium een score met toelichting en, waar het kader dat vraagt, bewijs (een link of de naam van een bestand). Wat u indient, zien alleen uw bedrijf en het secretariaat van het convenant.",
                "Give a score with an explanation per criterion and, where the framework asks for it, evidence (a link or a file's name). What you submit is seen by your company and the covenant's secretariat only.",
            ),
            submit: ui.t("Indienen", "Submit"),
        }
    }

    fn prefill(ctx: &Context<'_>, v: &mut Values) {
        let Some(latest) = ctx.file.and_then(|f| f.submissions.last()) else {
            return;
        };
        let s = &latest.submission;
        prefill_answers(&s.answers, v);
        for (criterion, text) in &s.explanations {
            v.set_default(&format!("explain.{criterion}"), text.clone());
        }
        for e in &s.evidence {
            v.set_default(&format!("evidence.{}", e.criterion), e.reference.clone());
        }
        for (i, r) in s.risks.iter().take(SLOTS).enumerate() {
            let n = i + 1;
            v.set_default(&format!("risk{n}_theme"), r.theme.to_string());
            v.set_default(
                &format!("risk{n}_country"),
                r.country.clone().unwrap_or_default(),
            );
            v.set_default(
                &format!("risk{n}_involvement"),
                involvement_name(r.involvement),
            );
        }
        for (i, g) in s.goals.iter().take(SLOTS).enumerate() {
            let n = i + 1;
            v.set_default(&format!("goal{n}_result_nl"), g.result.nl.clone());
            v.set_default(&format!("goal{n}_result_en"), g.result.en.clone());
            v.set_default(&format!("goal{n}_indicator_nl"), g.indicator.nl.clone());
            v.set_default(&format!("goal{n}_indicator_en"), g.indicator.en.clone());
            v.set_default(&format!("goal{n}_unit"), g.unit.clone());
            v.set_default(&format!("goal{n}_baseline"), g.baseline.to_string());
            v.set_default(&format!("goal{n}_target"), g.target.to_string());
            v.set_default(&format!("goal{n}_deadline"), g.deadline.to_string());
        }
    }

    fn fieldsets(b: &Builder<'_>, ctx: &Context<'_>) -> Vec<Fieldset> {
        let ui = b.ui;
        let lang = ui.lang;
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
                        let question = c.text.get(lang);
                        [
                            b.select(
                                &format!("score.{}", c.id),
                                question,
                                c.oecd_step.label(lang),
                                true,
                                score_choices(ui, c),
                            ),
                            b.textarea(
                                &format!("explain.{}", c.id),
                                ui.t("Toelichting", "Explanation"),
                                "",
                                false,
                            ),
                            b.text(
                                &format!("evidence.{}", c.id),
                                ui.t(
                                    "Bewijs (link of bestandsnaam)",
                                    "Evidence (link or file name)",
                                ),
                                if c.evidence {
                                    ui.t(
                                        "Verplicht voor elke score boven de laagste.",
                                        "Required for any score above the lowest.",
                                    )
                                } else {
                                    ""
                                },
                                false,
                            ),
                        ]
                    })
                    .collect(),
            })
            .collect();
        if !ctx.framework.inputs.is_empty() {
            sets.push(Fieldset {
                legend: ui.t("Gegevens", "Figures").to_owned(),
                fields: ctx
                    .framework
                    .inputs
                    .iter()
                    .map(|i| {
                        b.number(
                            &format!("input.{}", i.id),
                            i.name.get(lang),
                            &format!("{} – {}", lang.number(i.min, 0), lang.number(i.max, 0)),
                            false,
                        )
                    })
                    .collect(),
            });
        }
        for n in 1..=SLOTS {
            sets.push(Fieldset {
                legend: format!("{} {n}", ui.t("Geprioriteerd risico", "Prioritised risk")),
                fields: vec![
                    b.text(
                        &format!("risk{n}_theme"),
                        ui.t("Thema (code)", "Theme (id)"),
                        ui.t(
                            "Bijvoorbeeld child-labour; leeg laten als er geen is.",
                            "For example child-labour; leave empty if none.",
                        ),
                        false,
                    ),
                    b.text(
                        &format!("risk{n}_country"),
                        ui.t("Land (ISO-code, optioneel)", "Country (ISO code, optional)"),
                        "",
                        false,
                    ),
                    b.select(
                        &format!("risk{n}_involvement"),
                        ui.t("Betrokkenheid", "Involvement"),
                        "",
                        false,
                        INVOLVEMENTS
                            .iter()
                            .map(|i| (involvement_name(*i), i.label(lang).to_owned()))
                            .collect(),
                    ),
                ],
            });
        }
        for n in 1..=SLOTS {
            sets.push(Fieldset {
                legend: format!("{} {n}", ui.t("Doel", "Goal")),
                fields: vec![
                    b.text(
                        &format!("goal{n}_result_nl"),
                        ui.t("Resultaat (Nederlands)", "Result (Dutch)"),
                        ui.t("Leeg laten als er geen is.", "Leave empty if none."),
                        false,
                    ),
                    b.text(
                        &format!("goal{n}_result_en"),
                        ui.t("Resultaat (Engels)", "Result (English)"),
                        "",
                        false,
                    ),
                    b.text(
                        &format!("goal{n}_indicator_nl"),
                        ui.t("Indicator (Nederlands)", "Indicator (Dutch)"),
                        "",
                        false,
                    ),
                    b.text(
                        &format!("goal{n}_indicator_en"),
                        ui.t("Indicator (Engels)", "Indicator (English)"),
                        "",
                        false,
                    ),
                    b.text(&format!("goal{n}_unit"), ui.t("Eenheid", "Unit"), "", false),
                    b.number(
                        &format!("goal{n}_baseline"),
                        ui.t("Beginwaarde", "Baseline"),
                        "",
                        false,
                    ),
                    b.number(
                        &format!("goal{n}_target"),
                        ui.t("Streefwaarde", "Target"),
                        "",
                        false,
                    ),
                    b.date(
                        &format!("goal{n}_deadline"),
                        ui.t("Uiterlijk", "By"),
                        "",
                        false,
                    ),
                ],
            });
        }
        sets
    }

    fn read(ui: &Ui, ctx: &Context<'_>, v: &Values, e: &mut Errors) -> Option<Action> {
        let f = ctx.framework;
        let answers = read_answers(ui, f, v, e);
        let mut submission = Submission {
            answers,
            ..Submission::default()
        };
        for (_, c) in f.criteria() {
            let text = v.get(&format!("explain.{}", c.id));
            if !text.is_empty() {
                submission.explanations.insert(c.id.clone(), text);
            }
            let reference = v.get(&format!("evidence.{}", c.id));
            if !reference.is_empty() {
                submission.evidence.push(Evidence {
                    criterion: c.id.clone(),
                    reference,
                    sha256: None,
                });
            }
        }
        for n in 1..=SLOTS {
            if let Some(risk) = read_risk(ui, v, e, n) {
                submission.risks.push(risk);
            }
            if let Some(goal) = read_goal(ui, v, e, n) {
                submission.goals.push(goal);
            }
        }
        Some(Action::Submit {
            company: ctx.company.clone(),
            year: ctx.year,
            submission,
        })
    }

    fn field(rule_field: &str) -> Option<String> {
        if let Some(c) = rule_field.strip_prefix("submission.explanations.") {
            return Some(format!("explain.{c}"));
        }
        if let Some(c) = rule_field.strip_prefix("submission.evidence.") {
            return Some(format!("evidence.{c}"));
        }
        if let Some(i) = rule_field
            .strip_prefix("submission.goals[")
            .and_then(|r| r.split(']').next())
            .and_then(|i| i.parse::<usize>().ok())
        {
            return Some(format!("goal{}_result_nl", i + 1));
        }
        answer_field(rule_field)
    }
}

fn involvement_name(i: Involvement) -> String {
    crate::web::forms::fields::enum_name(&i)
}

/// A risk slot: nothing when its theme is empty.
fn read_risk(ui: &Ui, v: &Values, e: &mut Errors, n: usize) -> Option<PrioritisedRisk> {
    let theme = id_of(ui, v, &format!("risk{n}_theme"), e, false)?;
    let field = format!("risk{n}_involvement");
    let raw = v.get(&field);
    let involvement = INVOLVEMENTS
        .into_iter()
        .find(|i| involvement_name(*i) == raw);
    if involvement.is_none() {
        e.add(
            &field,
            ui.t("Kies de betrokkenheid.", "Choose the involvement."),
        );
    }
    let country = v.get(&format!("risk{n}_country"));
    Some(PrioritisedRisk {
        theme,
        country: (!country.is_empty()).then(|| country.to_uppercase()),
        involvement: involvement?,
    })
}

/// A goal slot: nothing when it is wholly empty; otherwise every part is required (SMART).
fn read_goal(ui: &Ui, v: &Values, e: &mut Errors, n: usize) -> Option<Goal> {
    let stem = format!("goal{n}");
    let parts = [
        "result_nl",
        "result_en",
        "indicator_nl",
        "indicator_en",
        "unit",
        "baseline",
        "target",
        "deadline",
    ];
    if parts
        .iter()
        .all(|p| v.get(&format!("{stem}_{p}")).is_empty())
    {
        return None;
    }
    let result = text_of(ui, v, &format!("{stem}_result"), e, true);
    let indicator = text_of(ui, v, &format!("{stem}_indicator"), e, true);
    let unit = v.get(&format!("{stem}_unit"));
    if unit.is_empty() {
        e.add(
            &format!("{stem}_unit"),
            ui.t("Vul de eenheid in.", "Fill in the unit."),
        );
    }
    let baseline = required_number(ui, v, &format!("{stem}_baseline"), e);
    let target = required_number(ui, v, &format!("{stem}_target"), e);
    let deadline_field = format!("{stem}_deadline");
    let deadline = date_of(ui, v, &deadline_field, e);
    if deadline.is_none() && v.get(&deadline_field).is_empty() {
        e.add(
            &deadline_field,
            ui.t("Vul een datum in.", "Fill in a date."),
        );
    }
    Some(Goal {
        result: result?,
        indicator: indicator?,
        unit,
        baseline: baseline?,
        target: target?,
        deadline: deadline?,
    })
}

/// A number that must be given.
fn required_number(ui: &Ui, v: &Values, field: &str, e: &mut Errors) -> Option<f64> {
    let value = number_of(ui, v, field, e);
    if value.is_none() && v.get(field).is_empty() {
        e.add(field, ui.t("Vul een getal in.", "Fill in a number."));
    }
    value
}
