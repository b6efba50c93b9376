//! Replacing word sequences by a canonical spelling, longest match first: the mechanism behind
//! the spelling-variant table (`data/spellings.toml`, names and addresses) and the address-word
//! table. Also Roman unit numbers ("Unit II" is "Unit 2").

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use super::text;

/// The shipped spelling-variant table.
const TABLE: &str = include_str!("../../data/spellings.toml");

#[derive(Debug, Deserialize)]
struct File {
    word: Vec<Entry>,
}

/// One table entry: a canonical spelling and its variants, as written in the file.
#[derive(Debug, Deserialize)]
pub struct Entry {
    /// The canonical spelling.
    pub canonical: String,
    /// The other spellings.
    pub variants: Vec<String>,
}

/// A variant's tokens and the canonical tokens it stands for.
#[derive(Debug, Clone)]
struct Variant {
    tokens: Vec<String>,
    canonical: Vec<String>,
}

/// Variant token sequences and their canonical tokens, indexed by first token.
#[derive(Debug, Default)]
pub struct Replacements {
    by_first: HashMap<String, Vec<Variant>>,
}

impl Replacements {
    /// Builds the index of a table's entries (each variant and the canonical form itself map
    /// to the canonical tokens).
    pub fn new(entries: &[Entry]) -> Replacements {
        let mut by_first: HashMap<String, Vec<Variant>> = HashMap::new();
        for entry in entries {
            let canonical = text::tokens(&entry.canonical);
            for v in entry
                .variants
                .iter()
                .chain(std::iter::once(&entry.canonical))
            {
                let tokens = text::tokens(v);
                if let Some(first) = tokens.first() {
                    by_first.entry(first.clone()).or_default().push(Variant {
                        tokens,
                        canonical: canonical.clone(),
                    });
                }
            }
        }
        for list in by_first.values_mut() {
            list.sort_by_key(|v| std::cmp::Reverse(v.tokens.len()));
        }
        Replacements { by_first }
    }

    /// The shipped spelling variants (parsed once).
    pub fn spellings() -> &'static Replacements {
        static SPELLINGS: OnceLock<Replacements> = OnceLock::new();
        SPELLINGS.get_or_init(|| {
            let file: File =
                toml::from_str(TABLE).expect("data/spellings.toml is checked by the unit tests");
            Replacements::new(&file.word)
        })
    }

    /// The tokens with every variant replaced by its canonical tokens.
    pub fn apply(&self, tokens: &[String]) -> Vec<String> {
        let mut out = Vec::with_capacity(tokens.len());
        let mut i = 0;
        while i < tokens.len() {
            let found = self.by_first.get(&tokens[i]).and_then(|variants| {
                variants.iter().find(|v| {
                    let end = i + v.tokens.len();
                    end <= tokens.len() && tokens[i..end] == v.tokens[..]
                })
            });
            match found {
                Some(v) => {
                    out.extend(v.canonical.iter().cloned());
                    i += v.tokens.len();
                }
                None => {
                    out.push(tokens[i].clone());
                    i += 1;
                }
            }
        }
        out
    }

    /// The variants that mean two canonical forms (a table error).
    pub fn conflicts(&self) -> Vec<String> {
        let mut seen: HashMap<&[String], &[String]> = HashMap::new();
        let mut out = Vec::new();
        for v in self.by_first.values().flatten() {
            if let Some(other) = seen.insert(&v.tokens[..], &v.canonical[..])
                && other != &v.canonical[..]
            {
                out.push(v.tokens.join(" "));
            }
        }
        out
    }
}

/// Words after which a Roman numeral is a number: "Unit II", "Phase III", "Block IV".
const NUMBERED: [&str; 10] = [
    "unit", "phase", "plant", "factory", "block", "sector", "building", "mill", "line", "floor",
];

/// Roman numerals I to XII after unit words ("unit", "phase", "block" …) become digits, so
/// "Unit II" and "Unit 2" agree (and differ from "Unit 1").
pub fn roman_numbers(tokens: &mut [String]) {
    const ROMAN: [&str; 12] = [
        "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii",
    ];
    for i in 1..tokens.len() {
        if NUMBERED.contains(&tokens[i - 1].as_str())
            && let Some(n) = ROMAN.iter().position(|r| *r == tokens[i])
        {
            tokens[i] = (n + 1).to_string();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_parses_without_conflicts() {
        let file: File = toml::from_str(TABLE).unwrap();
        assert!(Replacements::new(&file.word).conflicts().is_empty());
    }

    #[test]
    fn variants_become_canonical() {
        let r = Replacements::spellings();
        assert_eq!(
            r.apply(&text::tokens("Shree Laxmi Knit, Chattogram")),
            ["sri", "lakshmi", "knit", "chittagong"]
        );
        assert_eq!(
            r.apply(&text::tokens("Saigon")),
            ["ho", "chi", "minh", "city"]
        );
    }

    #[test]
    fn roman_unit_numbers() {
        let mut t = text::tokens("Lanka Wear Unit II, Phase iv");
        roman_numbers(&mut t);
        assert_eq!(t, ["lanka", "wear", "unit", "2", "phase", "4"]);
        let mut t = text::tokens("Vision X Apparel");
        roman_numbers(&mut t);
        assert_eq!(t, ["vision", "x", "apparel"]);
    }
}
