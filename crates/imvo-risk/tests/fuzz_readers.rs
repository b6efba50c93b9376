//! Fuzz-style property tests of the readers of the real-data analysis: the SYNTHETIC fixture
//! files (tests/fixtures/real), mutated at random (deterministically, by the tests' own
//! generator), must give a result or an error that names the file — never a panic.

mod common;

use std::path::{Path, PathBuf};

use common::{Lcg, MRIO_SECTORS, THEMES, small};
use imvo_risk::inputs::parse_themes;
use imvo_risk::real::crosswalk::Crosswalk;
use imvo_risk::real::long::{FREEDOM_HOUSE, WGI};
use imvo_risk::real::{self, Reference, ilab, long, owid};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real")
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(fixtures().join(rel)).unwrap()
}

/// Characters that matter to CSV and XML, plus ordinary and non-ASCII ones.
const ALPHABET: &[char] = &[
    ',', '"', '\n', '\r', '<', '>', '/', '&', ';', '#', ' ', '-', '.', 'e', '0', '7', 'x', 'é',
    '\u{feff}',
];

fn pick(rng: &mut Lcg, n: usize) -> usize {
    ((rng.next() * n as f64) as usize).min(n.saturating_sub(1))
}

/// One to four random edits: replace, insert or delete characters, duplicate or drop a line,
/// truncate.
fn mutate(rng: &mut Lcg, text: &str) -> String {
    let mut c: Vec<char> = text.chars().collect();
    for _ in 0..1 + pick(rng, 4) {
        if c.is_empty() {
            c.push(ALPHABET[pick(rng, ALPHABET.len())]);
            continue;
        }
        let at = pick(rng, c.len());
        match pick(rng, 6) {
            0 => c[at] = ALPHABET[pick(rng, ALPHABET.len())],
            1 => c.insert(at, ALPHABET[pick(rng, ALPHABET.len())]),
            2 => {
                let end = (at + 1 + pick(rng, 20)).min(c.len());
                c.drain(at..end);
            }
            3 => {
                let lines: Vec<String> = c
                    .iter()
                    .collect::<String>()
                    .lines()
                    .map(String::from)
                    .collect();
                let l = pick(rng, lines.len());
                let mut out = lines.clone();
                out.insert(l, lines[l].clone());
                c = out.join("\n").chars().collect();
            }
            4 => {
                let lines: Vec<String> = c
                    .iter()
                    .collect::<String>()
                    .lines()
                    .map(String::from)
                    .collect();
                let l = pick(rng, lines.len());
                let mut out = lines;
                out.remove(l);
                c = out.join("\n").chars().collect();
            }
            _ => c.truncate(at),
        }
    }
    c.into_iter().collect()
}

fn crosswalk() -> Crosswalk {
    Crosswalk::parse(Path::new("countries.csv"), &read("data/countries.csv")).unwrap()
}

fn check<T>(name: &str, r: imvo_risk::Result<T>) {
    if let Err(e) = r {
        let msg = e.to_string();
        assert!(msg.contains(name), "the error does not name {name}: {msg}");
    }
}

#[test]
fn publisher_csv_readers_never_panic() {
    let cw = crosswalk();
    let mut rng = Lcg(7);
    let (wgi, fh, ghg, forest) = (
        read("publishers/wgi.csv"),
        read("publishers/fh.csv"),
        read("publishers/owid-ghg.csv"),
        read("publishers/owid-forest.csv"),
    );
    for _ in 0..1500 {
        let t = mutate(&mut rng, &wgi);
        check(
            "wgi.csv",
            long::read(Path::new("wgi.csv"), &t, WGI, &["RuleofLaw"], &cw),
        );
        let t = mutate(&mut rng, &fh);
        check(
            "fh.csv",
            long::read(Path::new("fh.csv"), &t, FREEDOM_HOUSE, &["G4"], &cw),
        );
        let t = mutate(&mut rng, &ghg);
        check(
            "ghg.csv",
            owid::read(
                Path::new("ghg.csv"),
                &t,
                &["Agriculture", "Total", "Per capita"],
                &cw,
            ),
        );
        let t = mutate(&mut rng, &forest);
        if let Ok(r) = owid::read(Path::new("forest.csv"), &t, &["Forest area"], &cw) {
            let d = owid::decline(&r.series["Forest area"]);
            for c in d.countries() {
                assert!(d.years(c).all(|(_, v)| v >= 0.0 && v.is_finite()));
            }
        }
    }
}

#[test]
fn ilab_xml_readers_never_panic() {
    let cw = crosswalk();
    let mut rng = Lcg(11);
    let (countries, goods) = (
        read("publishers/ilab-countries.xml"),
        read("publishers/ilab-goods.xml"),
    );
    let field = ["Total_Percentage_of_Working_Children"];
    for _ in 0..1500 {
        let t = mutate(&mut rng, &countries);
        check(
            "countries.xml",
            ilab::countries(Path::new("countries.xml"), &t, &field, 2016, &cw),
        );
        let t = mutate(&mut rng, &goods);
        check("goods.xml", ilab::goods(Path::new("goods.xml"), &t, &cw));
    }
}

#[test]
fn data_files_and_the_whole_build_never_panic() {
    let names = [
        "countries.csv",
        "indicator_sources.csv",
        "indicator_themes.csv",
        "pressure_sectors.csv",
        "sector_groups.csv",
        "ilab_goods.csv",
        "trade_channels.csv",
    ];
    let publishers = [
        "wgi.csv",
        "fh.csv",
        "ilab-countries.xml",
        "ilab-goods.xml",
        "owid-ghg.csv",
        "owid-forest.csv",
    ];
    let sys = small(&["NL", "WA", "CN"], &MRIO_SECTORS, 3, 0.5);
    let view = sys.view();
    let themes = parse_themes(Path::new("themes.csv"), THEMES).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let (data, pubs) = (tmp.path().join("data"), tmp.path().join("publishers"));
    std::fs::create_dir_all(&data).unwrap();
    std::fs::create_dir_all(&pubs).unwrap();
    let mut rng = Lcg(13);
    for round in 0..300 {
        for n in names {
            std::fs::write(data.join(n), read(&format!("data/{n}"))).unwrap();
        }
        for n in publishers {
            std::fs::write(pubs.join(n), read(&format!("publishers/{n}"))).unwrap();
        }
        // Alternate: a data file, or a publisher's file.
        let (dir, name, rel) = if round % 2 == 0 {
            let n = names[pick(&mut rng, names.len())];
            (&data, n, format!("data/{n}"))
        } else {
            let n = publishers[pick(&mut rng, publishers.len())];
            (&pubs, n, format!("publishers/{n}"))
        };
        std::fs::write(dir.join(name), mutate(&mut rng, &read(&rel))).unwrap();
        let result = Reference::load(Some(&data))
            .and_then(|r| real::build_from_dir(&r, &pubs, &view, &themes.rows, 2011, "fuzz"));
        if let Err(e) = result {
            let msg = e.to_string();
            assert!(
                msg.contains(&*tmp.path().to_string_lossy()) || msg.contains("theme `"),
                "the error names no file: {msg}"
            );
        }
    }
}
