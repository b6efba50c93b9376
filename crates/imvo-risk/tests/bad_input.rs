//! Bad input: each error names the file, the line and the field.

mod common;

use common::{CONCORDANCE, INDICATORS, MRIO_SECTORS, REGIONS, SECTORS, THEMES, inputs_from, small};
use imvo_risk::{DenseLu, Options, analyse};

fn err_of(themes: &str, sectors: &str, conc: &str, ind: &str) -> String {
    match inputs_from(themes, sectors, conc, ind) {
        Err(e) => e.to_string(),
        Ok(inp) => {
            let sys = small(&REGIONS, &MRIO_SECTORS, 5, 0.5);
            let lu = DenseLu::factor(sys.a.as_ref()).unwrap();
            match analyse(&inp, &sys.view(), &lu, &Options::default()) {
                Err(e) => e.to_string(),
                Ok(_) => panic!("bad input accepted"),
            }
        }
    }
}

#[test]
fn indicator_for_an_unknown_region() {
    let ind = format!("{INDICATORS}XX,,corruption,0.5,test,2014\n");
    let e = err_of(THEMES, SECTORS, CONCORDANCE, &ind);
    assert!(e.starts_with("indicators.csv:10: field `region`"), "{e}");
    assert!(e.contains("unknown region `XX`"), "{e}");
}

#[test]
fn indicator_for_an_unknown_theme() {
    let ind = format!("{INDICATORS}BD,,bribery,0.5,test,2014\n");
    let e = err_of(THEMES, SECTORS, CONCORDANCE, &ind);
    assert!(e.starts_with("indicators.csv:10: field `theme`"), "{e}");
    assert!(e.contains("unknown theme `bribery`"), "{e}");
}

#[test]
fn indicator_for_an_unknown_sector() {
    let ind = format!("{INDICATORS}BD,cocoa,corruption,0.5,test,2014\n");
    let e = err_of(THEMES, SECTORS, CONCORDANCE, &ind);
    assert!(e.starts_with("indicators.csv:10: field `sector`"), "{e}");
}

#[test]
fn likelihood_out_of_range() {
    let ind = INDICATORS.replace("BD,,child_labour,0.8", "BD,,child_labour,1.8");
    let e = err_of(THEMES, SECTORS, CONCORDANCE, &ind);
    assert!(e.starts_with("indicators.csv:6: field `likelihood`"), "{e}");
    assert!(e.contains("[0, 1]"), "{e}");
}

#[test]
fn missing_likelihood_is_named() {
    let ind = INDICATORS.replace("*,,corruption,0.2,test,2014\n", "");
    let e = err_of(THEMES, SECTORS, CONCORDANCE, &ind);
    assert!(
        e.starts_with("indicators.csv: no likelihood for region `NL` and theme `corruption`"),
        "{e}"
    );
}

#[test]
fn severity_out_of_range() {
    let th = THEMES.replace("Climate,environment,0.8", "Climate,environment,-0.1");
    let e = err_of(&th, SECTORS, CONCORDANCE, INDICATORS);
    assert!(e.starts_with("themes.csv:3: field `severity`"), "{e}");
    let th = THEMES.replace("Climate,environment,0.8", "Climate,environment,high");
    let e = err_of(&th, SECTORS, CONCORDANCE, INDICATORS);
    assert!(e.contains("`high` is not a number"), "{e}");
}

#[test]
fn unknown_domain_and_exposure() {
    let th = THEMES.replace("Climate,environment", "Climate,planet");
    let e = err_of(&th, SECTORS, CONCORDANCE, INDICATORS);
    assert!(e.starts_with("themes.csv:3: field `domain`"), "{e}");
    let th = THEMES.replace("stressor:Employment hours", "stressor:Hours");
    let e = err_of(&th, SECTORS, CONCORDANCE, INDICATORS);
    assert!(e.starts_with("themes.csv:2: field `exposure`"), "{e}");
    assert!(e.contains("no stressor row `Hours`"), "{e}");
}

#[test]
fn concordance_missing_a_sector() {
    let conc = CONCORDANCE.replace("ore,metaal,mining\n", "");
    let e = err_of(THEMES, SECTORS, &conc, INDICATORS);
    assert!(e.starts_with("concordance.csv: field `mrio_sector`"), "{e}");
    assert!(e.contains("`ore`"), "{e}");
}

#[test]
fn concordance_mapping_a_sector_twice() {
    let conc = format!("{CONCORDANCE}ore,textiel,again\n");
    let e = err_of(THEMES, SECTORS, &conc, INDICATORS);
    assert!(
        e.starts_with("concordance.csv:6: field `mrio_sector`"),
        "{e}"
    );
    assert!(e.contains("mapped twice (first on line 4)"), "{e}");
}

#[test]
fn concordance_naming_an_unknown_sector() {
    let conc = CONCORDANCE.replace("ore,metaal", "iron ore,metaal");
    let e = err_of(THEMES, SECTORS, &conc, INDICATORS);
    assert!(
        e.starts_with("concordance.csv:4: field `mrio_sector`"),
        "{e}"
    );
    let conc = CONCORDANCE.replace("ore,metaal", "ore,staal");
    let e = err_of(THEMES, SECTORS, &conc, INDICATORS);
    assert!(
        e.starts_with("concordance.csv:4: field `sra_sector`"),
        "{e}"
    );
}

#[test]
fn focus_region_absent() {
    let inp = inputs_from(THEMES, SECTORS, CONCORDANCE, INDICATORS).unwrap();
    let sys = small(&REGIONS, &MRIO_SECTORS, 5, 0.5);
    let lu = DenseLu::factor(sys.a.as_ref()).unwrap();
    let opts = Options {
        focus: "BE".into(),
        ..Options::default()
    };
    let e = analyse(&inp, &sys.view(), &lu, &opts)
        .unwrap_err()
        .to_string();
    assert!(e.contains("focus region `BE` is not in the system"), "{e}");
}

#[test]
fn missing_column_and_bad_year() {
    let e = err_of(
        &THEMES.replace(",year\n", ",yr\n"),
        SECTORS,
        CONCORDANCE,
        INDICATORS,
    );
    assert!(
        e.starts_with("themes.csv: the header has no column `year`"),
        "{e}"
    );
    let ind = INDICATORS.replace(
        "CN,ore,corruption,0.7,test,2014",
        "CN,ore,corruption,0.7,test,14",
    );
    let e = err_of(THEMES, SECTORS, CONCORDANCE, &ind);
    assert!(e.starts_with("indicators.csv:9: field `year`"), "{e}");
}

#[test]
fn shipped_inputs_parse() {
    let inp = imvo_risk::RiskInputs::load(&Default::default()).unwrap();
    assert_eq!(inp.themes.rows.len(), 22);
    assert_eq!(
        inp.sectors.rows.iter().filter(|s| s.id != "overig").count(),
        13
    );
    assert_eq!(inp.concordance.rows.len(), 163);
    assert!(inp.indicators.synthetic);
    assert!(!inp.themes.synthetic);
}
