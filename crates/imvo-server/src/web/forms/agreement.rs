//! The SMART agreement form: an agreement in a covenant (`Change::AddAgreement`), checked
//! element by element first so that every missing element is marked at once. Shown afterwards
//! on the page of the covenant's trajectory.

use chrono::NaiveDate;
use imvo_domain::{
    AgreementDraft, AgreementSpec, Change, NotSmart, Portfolio, SmartAgreement, SmartElement,
};

use super::fields::{Builder, Errors, Values, date_of, id_of, number_of, organisations, text_of};
use super::{FormTexts, RecordForm, Recorded};
use crate::web::Ui;
use crate::web::render::Fieldset;
use crate::web::view::capitalise;

/// The agreement form.
pub(super) struct AgreementForm;

impl RecordForm for AgreementForm {
    const PATH: &'static str = "/record/agreement";

    fn texts(ui: &Ui) -> FormTexts {
        FormTexts {
            title: ui.t("SMART-afspraak vastleggen", "Record a SMART agreement"),
            intro: ui.t(
                "Een afspraak in een convenant: specifiek resultaat, meetbare indicator met eenheid, nulmeting en streefwaarde met datum, eigenaar en de risico's die ze aanpakt. Een afspraak die niet SMART is, wordt geweigerd met elk ontbrekend onderdeel genoemd.",
                "An agreement in a covenant: specific result, measurable indicator with unit, baseline and target with dates, owner and the risks it addresses. An agreement that is not SMART is refused with every missing element named.",
            ),
            submit: ui.t("Afspraak vastleggen", "Record the agreement"),
        }
    }

    fn fieldsets(b: &Builder<'_>, p: &Portfolio) -> Vec<Fieldset> {
        let ui = b.ui;
        vec![
            Fieldset {
                legend: ui
                    .t("Convenant en afspraak", "Covenant and agreement")
                    .to_string(),
                fields: vec![
                    b.select(
                        "covenant",
                        ui.t("Convenant", "Covenant"),
                        "",
                        true,
                        p.covenants()
                            .iter()
                            .map(|c| (c.id().to_string(), c.spec.name.get(ui.lang).to_string()))
                            .collect(),
                    ),
                    b.text(
                        "id",
                        ui.t("Id van de afspraak", "Id of the agreement"),
                        ui.t(
                            "Kleine letters, cijfers, - en _.",
                            "Lowercase letters, digits, - and _.",
                        ),
                        true,
                    ),
                    b.textarea(
                        "result_nl",
                        ui.t(
                            "Specifiek resultaat (Nederlands)",
                            "Specific result (Dutch)",
                        ),
                        "",
                        true,
                    ),
                    b.textarea(
                        "result_en",
                        ui.t("Specifiek resultaat (Engels)", "Specific result (English)"),
                        "",
                        true,
                    ),
                    b.select(
                        "owner",
                        ui.t("Eigenaar", "Owner"),
                        ui.t(
                            "De organisatie die verantwoordelijk is.",
                            "The organisation responsible.",
                        ),
                        true,
                        organisations(p),
                    ),
                    b.text(
                        "risks",
                        ui.t(
                            "Risico's die de afspraak aanpakt",
                            "Risks the agreement addresses",
                        ),
                        ui.t(
                            "Gescheiden door komma's, bijvoorbeeld: child_labour, living_wage.",
                            "Separated by commas, for example: child_labour, living_wage.",
                        ),
                        true,
                    ),
                ],
            },
            Fieldset {
                legend: ui
                    .t("Indicator en doel", "Indicator and target")
                    .to_string(),
                fields: vec![
                    b.text(
                        "indicator_nl",
                        ui.t("Indicator (Nederlands)", "Indicator (Dutch)"),
                        "",
                        true,
                    ),
                    b.text(
                        "indicator_en",
                        ui.t("Indicator (Engels)", "Indicator (English)"),
                        "",
                        true,
                    ),
                    b.text(
                        "unit",
                        ui.t("Eenheid", "Unit"),
                        ui.t(
                            "Bijvoorbeeld: %, bedrijven, productielocaties.",
                            "For example: %, companies, production locations.",
                        ),
                        true,
                    ),
                    b.number(
                        "baseline_value",
                        ui.t("Nulmeting: waarde", "Baseline: value"),
                        "",
                        true,
                    ),
                    b.date(
                        "baseline_date",
                        ui.t("Nulmeting: datum", "Baseline: date"),
                        "",
                        true,
                    ),
                    b.number(
                        "target_value",
                        ui.t("Streefwaarde", "Target value"),
                        "",
                        true,
                    ),
                    b.date("target_date", ui.t("Streefdatum", "Target date"), "", true),
                ],
            },
        ]
    }

    fn read(
        ui: &Ui,
        p: &Portfolio,
        v: &Values,
        e: &mut Errors,
        _date: Option<NaiveDate>,
    ) -> Option<Recorded> {
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
        Some(Recorded {
            change: Change::AddAgreement(AgreementSpec {
                covenant,
                agreement: agreement?,
            }),
            shown_at: back,
        })
    }

    fn field(change_field: &str) -> Option<&'static str> {
        Some(match change_field {
            "covenant" => "covenant",
            "id" => "id",
            "owner" => "owner",
            "result" => "result_nl",
            "indicator" => "indicator_nl",
            "unit" => "unit",
            "baseline_value" => "baseline_value",
            "baseline_date" => "baseline_date",
            "target_value" => "target_value",
            "target_date" => "target_date",
            "risks" => "risks",
            _ => return None,
        })
    }
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
