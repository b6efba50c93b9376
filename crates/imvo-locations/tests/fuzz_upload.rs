//! Fuzz-style tests of the upload readers, on stable Rust: valid CSV and XLSX lists, mutated
//! at random (deterministically, by a seeded generator), must read to rows or to an error —
//! never a panic — and every refused row must name its row.
//!
//! The default run is short. For a long run, e.g. ten minutes:
//!
//! ```sh
//! IMVO_FUZZ_SECONDS=600 cargo test --release -p imvo-locations --test fuzz_upload -- --ignored
//! ```
//!
//! An input that makes a reader panic is written to the system's temporary folder and named
//! in the failure.

mod common;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use common::{Rng, csv, rows, sheet_xml, xlsx, xlsx_from_sheet};
use imvo_locations::upload::{Format, Limits, parse};

/// Characters that matter to CSV, XML and the normalisation, plus ordinary and non-ASCII ones.
const ALPHABET: &[&str] = &[
    ",",
    ";",
    "\"",
    "\n",
    "\r",
    "\t",
    "<",
    ">",
    "&",
    "/",
    "'",
    "=",
    "-",
    ".",
    " ",
    "0",
    "7",
    "x",
    "é",
    "Ş",
    "广",
    "\u{feff}",
    "\u{0}",
    "No.",
    "Co., Ltd.",
    "#",
    "+",
    "@",
    "Viet Nam",
    "1e309",
];

fn valid_table() -> Vec<Vec<String>> {
    rows(&[
        &[
            "Naam",
            "Adres",
            "Land",
            "Sector",
            "Aantal werknemers",
            "Moederbedrijf",
            "lat",
            "lng",
        ],
        &[
            "Sunrise Garments Co., Ltd.",
            "Plot 12, Road 5, Ashulia, Dhaka",
            "Bangladesh",
            "Apparel",
            "1,200",
            "Sunrise Group",
            "23.87",
            "90.31",
        ],
        &[
            "Nhà máy May Việt Tiến",
            "07 Lê Minh Xuân, Tân Bình",
            "Viet Nam",
            "",
            "850",
            "",
            "",
            "",
        ],
        &[
            "Yeşim Tekstil San. ve Tic. A.Ş.",
            "Organize Sanayi Bölgesi, Bursa",
            "Türkiye",
            "Textiles",
            "",
            "",
            "40.2",
            "29.0",
        ],
        &[
            "广州华服纺织有限公司",
            "广州市番禺区工业路88号",
            "CN",
            "",
            "",
            "",
            "",
            "",
        ],
        &["=HYPERLINK(\"x\")", "'@Road 1", "IN", "", "12", "", "", ""],
    ])
}

fn pick(rng: &mut Rng, n: usize) -> usize {
    rng.below(n)
}

/// One to four random edits of a text: replace, insert or delete pieces, duplicate or drop a
/// line, truncate.
fn mutate_text(rng: &mut Rng, text: &str) -> String {
    let mut c: Vec<char> = text.chars().collect();
    for _ in 0..1 + pick(rng, 4) {
        let insert: Vec<char> = ALPHABET[pick(rng, ALPHABET.len())].chars().collect();
        if c.is_empty() {
            c = insert;
            continue;
        }
        let at = pick(rng, c.len());
        match pick(rng, 6) {
            0 => {
                c.splice(at..at + 1, insert);
            }
            1 => {
                c.splice(at..at, insert);
            }
            2 => {
                let end = (at + 1 + pick(rng, 20)).min(c.len());
                c.drain(at..end);
            }
            3 | 4 => {
                let text: String = c.iter().collect();
                let mut lines: Vec<&str> = text.split('\n').collect();
                let l = pick(rng, lines.len());
                if pick(rng, 2) == 0 {
                    lines.insert(l, lines[l]);
                } else {
                    lines.remove(l);
                }
                c = lines.join("\n").chars().collect();
            }
            _ => c.truncate(at),
        }
    }
    c.into_iter().collect()
}

/// One to four random edits of bytes (which may break UTF-8 or the ZIP structure).
fn mutate_bytes(rng: &mut Rng, bytes: &[u8]) -> Vec<u8> {
    let mut b = bytes.to_vec();
    for _ in 0..1 + pick(rng, 4) {
        if b.is_empty() {
            b.push(rng.next_u64() as u8);
            continue;
        }
        let at = pick(rng, b.len());
        match pick(rng, 4) {
            0 => b[at] = rng.next_u64() as u8,
            1 => b.insert(at, rng.next_u64() as u8),
            2 => {
                let end = (at + 1 + pick(rng, 64)).min(b.len());
                b.drain(at..end);
            }
            _ => b.truncate(at),
        }
    }
    b
}

/// Reads the input; fails the test on a panic (naming a file with the input) or on a refused
/// row that does not name its row.
fn check(bytes: &[u8], format: Format) {
    let limits = Limits::default();
    match catch_unwind(AssertUnwindSafe(|| parse(bytes, format, &limits))) {
        Ok(Ok(parsed)) => {
            for e in &parsed.refused {
                assert!(e.row >= 1, "a refusal without a data row: {e:?}");
                assert!(e.to_string().starts_with(&format!("row {}", e.row)), "{e}");
            }
            for r in &parsed.rows {
                assert!(!r.name.is_empty() && !r.address.is_empty());
            }
        }
        Ok(Err(e)) => assert!(!e.to_string().is_empty()),
        Err(_) => {
            let path = std::env::temp_dir().join(format!(
                "imvo-locations-fuzz-{}.{}",
                std::process::id(),
                if format == Format::Xlsx {
                    "xlsx"
                } else {
                    "csv"
                }
            ));
            std::fs::write(&path, bytes).unwrap();
            panic!(
                "the {format:?} reader panicked on the input saved as {}",
                path.display()
            );
        }
    }
}

/// Runs the mutations until `budget` is spent or `rounds` are done.
fn fuzz(seed: u64, rounds: usize, budget: Duration) -> usize {
    let mut rng = Rng(seed);
    let table = valid_table();
    let text = csv(&table);
    let sheet = sheet_xml(&table);
    let workbook = xlsx(&table);
    let start = Instant::now();
    let mut done = 0;
    while done < rounds && start.elapsed() < budget {
        check(mutate_text(&mut rng, &text).as_bytes(), Format::Csv);
        check(&mutate_bytes(&mut rng, text.as_bytes()), Format::Csv);
        check(
            &xlsx_from_sheet(&mutate_text(&mut rng, &sheet)),
            Format::Xlsx,
        );
        check(&mutate_bytes(&mut rng, &workbook), Format::Xlsx);
        let mut cells = table.clone();
        let r = pick(&mut rng, cells.len());
        let c = pick(&mut rng, cells[r].len());
        cells[r][c] = mutate_text(&mut rng, &cells[r][c]);
        check(&xlsx(&cells), Format::Xlsx);
        done += 1;
    }
    done
}

#[test]
fn the_readers_never_panic() {
    fuzz(7, 400, Duration::from_secs(60));
}

/// The long run: as many rounds as fit in `IMVO_FUZZ_SECONDS` (default 600).
#[test]
#[ignore = "long: run with IMVO_FUZZ_SECONDS=600 … -- --ignored"]
fn the_readers_never_panic_for_a_while() {
    let seconds = std::env::var("IMVO_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(600);
    let seed = std::env::var("IMVO_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(11);
    let rounds = fuzz(seed, usize::MAX, Duration::from_secs(seconds));
    assert!(rounds > 0);
}
