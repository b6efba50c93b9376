//! Legal forms in factory names: "Co., Ltd.", "Company Limited", "Pvt Ltd", "GmbH", "S.A.",
//! "Sdn Bhd", "PT", "A.Ş." … The table is data (`data/legal_forms.toml`), not code.
//!
//! Buyers write the legal form of one supplier in many ways, or leave it out; it never tells
//! two factories apart in the lists we see, so the match key drops it. The unified spelling is
//! kept for display.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use super::text;

/// The shipped table.
const TABLE: &str = include_str!("../../data/legal_forms.toml");

#[derive(Debug, Deserialize)]
struct File {
    form: Vec<FormEntry>,
}

#[derive(Debug, Deserialize)]
struct FormEntry {
    canonical: String,
    variants: Vec<String>,
    #[serde(default)]
    at_end: bool,
}

/// One variant, as cleaned tokens.
#[derive(Debug)]
struct Variant {
    tokens: Vec<String>,
    canonical: usize,
    at_end: bool,
}

/// The legal-form table, indexed by the first token of each variant.
#[derive(Debug)]
pub struct LegalForms {
    canonical: Vec<String>,
    /// First token → variants starting with it, longest first.
    by_first: HashMap<String, Vec<Variant>>,
}

/// A name split into its own words and the legal forms found in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitName {
    /// The words of the name without legal forms, cleaned.
    pub words: Vec<String>,
    /// The legal forms found, in their unified spelling.
    pub forms: Vec<String>,
}

impl LegalForms {
    /// The shipped table (parsed once).
    pub fn shipped() -> &'static LegalForms {
        static FORMS: OnceLock<LegalForms> = OnceLock::new();
        FORMS.get_or_init(|| {
            LegalForms::parse(TABLE).expect("data/legal_forms.toml is checked by the unit tests")
        })
    }

    /// Parses a table in the format of `data/legal_forms.toml`.
    pub fn parse(toml_text: &str) -> Result<LegalForms, toml::de::Error> {
        let file: File = toml::from_str(toml_text)?;
        let mut canonical: Vec<String> = Vec::new();
        let mut by_first: HashMap<String, Vec<Variant>> = HashMap::new();
        for entry in file.form {
            let index = match canonical.iter().position(|c| *c == entry.canonical) {
                Some(i) => i,
                None => {
                    canonical.push(entry.canonical.clone());
                    canonical.len() - 1
                }
            };
            for v in &entry.variants {
                let tokens = text::tokens(v);
                if let Some(first) = tokens.first() {
                    by_first.entry(first.clone()).or_default().push(Variant {
                        tokens,
                        canonical: index,
                        at_end: entry.at_end,
                    });
                }
            }
        }
        for list in by_first.values_mut() {
            list.sort_by_key(|v| std::cmp::Reverse(v.tokens.len()));
        }
        Ok(LegalForms {
            canonical,
            by_first,
        })
    }

    /// Splits cleaned name tokens into the name's own words and its legal forms. The longest
    /// variant that fits wins; a name that is nothing but a legal form keeps its words (a
    /// factory called "Limited" is still called something).
    pub fn split(&self, tokens: &[String]) -> SplitName {
        let mut words = Vec::with_capacity(tokens.len());
        let mut forms = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            let found = self.by_first.get(&tokens[i]).and_then(|variants| {
                variants.iter().find(|v| {
                    let end = i + v.tokens.len();
                    end <= tokens.len()
                        && tokens[i..end] == v.tokens[..]
                        && (!v.at_end || end == tokens.len())
                })
            });
            match found {
                Some(v) => {
                    forms.push(self.canonical[v.canonical].clone());
                    i += v.tokens.len();
                }
                None => {
                    words.push(tokens[i].clone());
                    i += 1;
                }
            }
        }
        if words.is_empty() {
            return SplitName {
                words: tokens.to_vec(),
                forms: Vec::new(),
            };
        }
        SplitName { words, forms }
    }

    /// The variants that mean more than one legal form (a table error).
    pub fn conflicts(&self) -> Vec<String> {
        let mut seen: HashMap<&[String], usize> = HashMap::new();
        let mut out = Vec::new();
        for v in self.by_first.values().flatten() {
            if let Some(&other) = seen.get(&v.tokens[..])
                && self.canonical[other] != self.canonical[v.canonical]
            {
                out.push(v.tokens.join(" "));
            }
            seen.insert(&v.tokens[..], v.canonical);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(name: &str) -> (String, String) {
        let s = LegalForms::shipped().split(&text::tokens(name));
        (s.words.join(" "), s.forms.join("+"))
    }

    #[test]
    fn the_table_parses_without_conflicts() {
        let forms = LegalForms::parse(TABLE).unwrap();
        assert!(forms.conflicts().is_empty(), "{:?}", forms.conflicts());
    }

    #[test]
    fn unifies_the_spellings() {
        assert_eq!(
            split("Sunrise Garments Co., Ltd."),
            ("sunrise garments".into(), "company limited".into())
        );
        assert_eq!(
            split("SUNRISE GARMENTS COMPANY LIMITED"),
            ("sunrise garments".into(), "company limited".into())
        );
        assert_eq!(
            split("Ananta Apparels Pvt. Ltd."),
            ("ananta apparels".into(), "private limited".into())
        );
        assert_eq!(
            split("Ananta Apparels Private Limited").1,
            "private limited"
        );
        assert_eq!(split("Textil Müller GmbH").0, "textil muller");
        assert_eq!(split("Confecciones Andinas S.A.").0, "confecciones andinas");
        assert_eq!(
            split("Calzaturificio Rossi S.p.A.").0,
            "calzaturificio rossi"
        );
        assert_eq!(split("PT Sri Rejeki Isman Tbk").0, "sri rejeki isman");
        assert_eq!(
            split("Hong Seng Knitting Sdn. Bhd.").0,
            "hong seng knitting"
        );
        assert_eq!(split("Viet Tien Garment JSC").0, "viet tien garment");
        assert_eq!(split("Yesim Tekstil San. ve Tic. A.Ş.").0, "yesim tekstil");
        assert_eq!(split("Coteminas Ltda").0, "coteminas");
        assert_eq!(split("Acme B.V.").0, "acme");
        assert_eq!(split("Acme LLC").0, "acme");
        assert_eq!(split("Acme Inc.").0, "acme");
    }

    #[test]
    fn ambiguous_forms_only_at_the_end() {
        assert_eq!(split("Plan A S Garments").0, "plan a s garments");
        assert_eq!(split("As You Like Apparel").0, "as you like apparel");
        assert_eq!(split("Limited").0, "limited");
    }
}
