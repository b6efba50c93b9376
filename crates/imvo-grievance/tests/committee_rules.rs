//! The committee's rules file: read, and refused with the field named.

mod common;

use common::rules_text;
use imvo_grievance::complaint::{ComplaintRules, RulesError, Step};

fn rules_field(text: &str) -> String {
    match ComplaintRules::from_toml(text, "rules.toml") {
        Ok(_) => panic!("accepted"),
        Err(e @ RulesError::Syntax { .. }) => format!("syntax: {e}"),
        Err(e) => e.field().unwrap().to_owned(),
    }
}

#[test]
fn the_rules_file_is_read_and_checked() {
    let r = common::rules();
    assert!(r.binding);
    assert_eq!(r.deadlines.days(Step::Admissibility), Some(28));
    assert_eq!(r.deadlines.days(Step::InterimRuling), None);
    assert_eq!(r.deadlines.days(Step::Closed), None);
    assert!(r.anonymise.complainant && !r.anonymise.respondent);
    let t = rules_text();
    assert_eq!(
        rules_field(&t.replace("imvo-committee-rules-1", "imvo-committee-rules-2")),
        "format"
    );
    assert_eq!(
        rules_field(&t.replace(
            "en = \"Complaints and disputes committee (example)\"",
            "en = \"\""
        )),
        "name"
    );
    assert_eq!(
        rules_field(&t.replace("hearing = 90", "hearing = 9000")),
        "deadlines.hearing"
    );
    let e = rules_field(&t.replace("hearing = 90", "hearng = 90"));
    assert!(
        e.starts_with("syntax: rules.toml") && e.contains("hearng") && e.contains("line 15"),
        "{e}"
    );
    let e = rules_field(&t.replace("hearing = 90", "hearing = -90"));
    assert!(e.starts_with("syntax:"), "{e}");
    let e = rules_field(&t.replace("binding = true", ""));
    assert!(e.contains("binding"), "{e}");
}
