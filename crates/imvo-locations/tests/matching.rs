//! The matcher as the store and the command line use it: decisions with their score and
//! thresholds, decision memory, merges and their undoing, and the batch over a folder.

mod common;

use imvo_locations::batch::{self, BatchConfig};
use imvo_locations::id::{IdDate, IdGenerator, LocationId};
use imvo_locations::matcher::{
    Answer, Basis, Decisions, Index, MATCHER_VERSION, MatcherConfig, MergeError, Outcome, Site,
};
use imvo_locations::normalise::Country;
use imvo_locations::upload::Limits;

fn site<'a>(name: &'a str, address: &'a str, country: &str) -> Site<'a> {
    Site {
        name,
        address,
        country: Country::parse(country).unwrap(),
        coordinates: None,
    }
}

fn id(seed: u64, country: &str) -> LocationId {
    IdGenerator::seeded(seed).next_id(
        Country::parse(country).unwrap(),
        IdDate::new(2024, 60).unwrap(),
    )
}

/// An index holding one factory in Gazipur, its sister at another plot on the same road,
/// and a firm with a near-identical name in the same city.
fn gazipur() -> (Index, [LocationId; 3]) {
    let mut index = Index::new(MatcherConfig::default());
    let ids = [id(1, "BD"), id(2, "BD"), id(3, "BD")];
    index
        .insert(
            ids[0],
            &site(
                "Ananta Apparels Ltd",
                "Plot 12, Road 5, Mawna Road, Sreepur, Gazipur 1740",
                "BD",
            ),
        )
        .unwrap();
    index
        .insert(
            ids[1],
            &site(
                "Ananta Apparels Ltd",
                "Plot 31, Road 5, Mawna Road, Sreepur, Gazipur 1740",
                "BD",
            ),
        )
        .unwrap();
    index
        .insert(
            ids[2],
            &site(
                "New Ananta Apparels",
                "Plot 77, Jamgora Road, Sreepur, Gazipur",
                "BD",
            ),
        )
        .unwrap();
    (index, ids)
}

#[test]
fn a_noisy_spelling_matches_and_says_why() {
    let (index, ids) = gazipur();
    let d = index.match_row(
        &site(
            "ANANTA APPAREL PVT. LTD.",
            "Mawna Rd., Plot No. 12, Rd-5, Sreepur, Gazipur, Bangladesh",
            "Bangladesh",
        ),
        &Decisions::new(),
    );
    assert_eq!(
        d.outcome,
        Outcome::Match {
            location: ids[0],
            basis: Basis::Score
        }
    );
    assert!(d.score >= d.thresholds.auto);
    assert_eq!(d.matcher_version, MATCHER_VERSION);
    assert_eq!(d.candidates[0].location, ids[0]);
}

#[test]
fn sister_factories_and_namesakes_stay_apart() {
    let (index, _) = gazipur();
    let d = index.match_row(
        &site(
            "Ananta Apparels Ltd",
            "Plot 40, Road 5, Mawna Road, Sreepur, Gazipur",
            "BD",
        ),
        &Decisions::new(),
    );
    assert_eq!(d.outcome, Outcome::New, "{d:?}");
    let d = index.match_row(
        &site(
            "Royal Ananta Apparels",
            "Plot 9, Konabari Road, Gazipur",
            "BD",
        ),
        &Decisions::new(),
    );
    assert_eq!(d.outcome, Outcome::New, "{d:?}");
}

#[test]
fn a_typo_in_the_only_rare_word_goes_to_a_person() {
    let (index, ids) = gazipur();
    let d = index.match_row(
        &site("Anamta Aparels", "Plot 12, Sreepur, Gazipur", "BD"),
        &Decisions::new(),
    );
    assert!(
        matches!(d.outcome, Outcome::Review | Outcome::Match { .. }),
        "{d:?}"
    );
    assert_eq!(d.candidates[0].location, ids[0]);
}

#[test]
fn a_person_is_asked_once() {
    let (mut index, ids) = gazipur();
    let row = site("Ananta", "Sreepur, Gazipur", "BD");
    let mut decisions = Decisions::new();
    let first = index.match_row(&row, &decisions);
    assert_eq!(first.outcome, Outcome::Review, "{first:?}");
    let shown: Vec<LocationId> = first.candidates.iter().map(|c| c.location).collect();
    decisions.record(first.fingerprint, Answer::Same(ids[1]), &shown);
    let again = index.match_row(&site("ANANTA", "Sreepur,  Gazipur", "bgd"), &decisions);
    assert_eq!(
        again.outcome,
        Outcome::Match {
            location: ids[1],
            basis: Basis::Confirmed
        }
    );
    // A merge later: the confirmed location is found under its survivor.
    index.merge(ids[0], ids[1], &decisions).unwrap();
    let merged = index.match_row(&row, &decisions);
    assert_eq!(merged.location(), Some(index.aliases().resolve(ids[1])));
}

#[test]
fn a_rejected_pair_never_merges_even_on_the_exact_key() {
    let (index, ids) = gazipur();
    let row = site(
        "Ananta Apparels Ltd",
        "Plot 12, Road 5, Mawna Road, Sreepur, Gazipur 1740",
        "BD",
    );
    let d = index.match_row(&row, &Decisions::new());
    assert_eq!(
        d.outcome,
        Outcome::Match {
            location: ids[0],
            basis: Basis::Exact
        }
    );
    let mut decisions = Decisions::new();
    decisions.reject(d.fingerprint, ids[0]);
    let d = index.match_row(&row, &decisions);
    assert_ne!(d.location(), Some(ids[0]));
    assert!(d.candidates.iter().all(|c| c.location != ids[0]));
}

#[test]
fn merges_follow_decisions_and_split_undoes_them() {
    let (mut index, ids) = gazipur();
    let mut decisions = Decisions::new();
    decisions.keep_apart(ids[0], ids[1]);
    assert!(matches!(
        index.merge(ids[0], ids[1], &decisions),
        Err(MergeError::KeptApart(..))
    ));
    let merge = index.merge(ids[2], ids[0], &decisions).unwrap();
    assert_eq!(index.aliases().resolve(merge.merged), merge.survivor);
    let row = site(
        "New Ananta Apparels",
        "Plot 77, Jamgora Road, Sreepur, Gazipur",
        "BD",
    );
    assert_eq!(
        index.match_row(&row, &decisions).location(),
        Some(merge.survivor)
    );
    index.split(merge.merged).unwrap();
    assert_eq!(index.match_row(&row, &decisions).location(), Some(ids[2]));
}

#[test]
fn a_site_goes_only_into_a_location_of_its_country() {
    let mut index = Index::new(MatcherConfig::default());
    assert!(index.insert(id(1, "BD"), &site("A", "B", "VN")).is_err());
}

#[test]
fn many_rows_at_once_decide_as_one_by_one() {
    let (index, _) = gazipur();
    let rows = [
        site("Ananta Apparels", "Plot 12, Road 5, Gazipur", "BD"),
        site("Ananta Apparels", "Plot 99, Road 5, Gazipur", "BD"),
        site("Something Else", "Chittagong", "BD"),
    ];
    let together = index.match_rows(&rows, &Decisions::new());
    let alone: Vec<_> = rows
        .iter()
        .map(|r| index.match_row(r, &Decisions::new()))
        .collect();
    assert_eq!(together, alone);
}

#[test]
fn a_folder_of_lists_matches_reproducibly() {
    let dir = tempfile::tempdir().unwrap();
    let a = "name,address,country,number_of_workers\n\
             Ananta Apparels Ltd,\"Plot 12, Road 5, Mawna Road, Gazipur\",BD,1001-5000\n\
             Ananta Apparels Ltd,\"Plot 31, Road 5, Mawna Road, Gazipur\",BD,\n\
             ,nowhere,BD,\n";
    let b = "naam;adres;land\n\
             ANANTA APPAREL PVT LTD;Mawna Rd, Plot No 12, Road-5, Gazipur, Bangladesh;Bangladesh\n\
             Ananta Apparel;Plot 12, Road 5, Mawna Road, Gazipur;BGD\n\
             Ananta Apparels Ltd;Plot 12, Road 5, Mawna Road, Gazipur;BD\n";
    std::fs::write(dir.path().join("alpha.csv"), a).unwrap();
    std::fs::write(dir.path().join("beta.csv"), b).unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a list").unwrap();
    let config = BatchConfig::on(IdDate::new(2024, 200).unwrap());
    let uploads = batch::read_dir(dir.path(), &Limits::default()).unwrap();
    let (lines, refused) = batch::assign(&uploads, &config);
    let id_of = |company: &str, row: usize| {
        lines
            .iter()
            .find(|l| l.company == company && l.row == row)
            .unwrap()
            .location_id
    };
    assert_eq!(lines.len(), 6, "one line per row: {lines:?}");
    assert!(
        id_of("alpha", 1).is_some(),
        "a bad worker count does not stop matching"
    );
    assert_ne!(id_of("alpha", 1), id_of("alpha", 2), "sister factories");
    assert_eq!(id_of("alpha", 1), id_of("beta", 1));
    assert_eq!(id_of("alpha", 1), id_of("beta", 2));
    assert_eq!(
        id_of("beta", 3),
        id_of("beta", 2),
        "a repeat gets its first row's location"
    );
    assert_eq!(id_of("alpha", 3), None);
    assert!(refused.iter().any(|(c, e)| c == "alpha" && e.row == 3));
    let mut first = Vec::new();
    batch::write_lines(&lines, &mut first).unwrap();
    let (again, _) = batch::assign(
        &batch::read_dir(dir.path(), &Limits::default()).unwrap(),
        &config,
    );
    let mut second = Vec::new();
    batch::write_lines(&again, &mut second).unwrap();
    assert_eq!(
        first, second,
        "the same input and date give the same output"
    );
    let text = String::from_utf8(first).unwrap();
    assert!(text.starts_with("company,row,location_id\n"));
    assert!(text.contains("alpha,3,\n"));
    assert!(id_of("alpha", 1).unwrap().as_str().starts_with("BD2024200"));
}

#[test]
fn a_folder_without_lists_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    assert!(batch::read_dir(dir.path(), &Limits::default()).is_err());
    std::fs::write(dir.path().join("a.csv"), "").unwrap();
    let e = batch::read_dir(dir.path(), &Limits::default()).unwrap_err();
    assert!(e.to_string().contains("a.csv"), "{e}");
}
