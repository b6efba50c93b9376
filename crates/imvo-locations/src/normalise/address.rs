//! Addresses: abbreviations unified ("Rd." is "road", "Ind." is "industrial", "EPZ" is "export
//! processing zone"), filler words dropped ("No. 12" is "12"), the country name at the end
//! dropped (the country is its own column), and the numbers set apart: numbers decide whether
//! two addresses can be one place at all (see [`crate::matcher::score`]).
//!
//! The word table is data (`data/address_words.toml`), not code.

use std::collections::HashSet;
use std::sync::OnceLock;

use serde::Deserialize;

use super::country::Country;
use super::spelling::{self, Entry, Replacements};
use super::text;

/// The shipped table.
const TABLE: &str = include_str!("../../data/address_words.toml");

#[derive(Debug, Deserialize)]
struct File {
    ignore: Vec<String>,
    word: Vec<Entry>,
}

/// The address-word table: variants to canonical words, and the ignored words.
#[derive(Debug)]
pub struct AddressWords {
    words: Replacements,
    ignore: HashSet<String>,
}

/// A cleaned address.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CleanAddress {
    /// The words, in their order, abbreviations unified, fillers and numbers left out.
    pub words: Vec<String>,
    /// The numbers (house, plot, unit, floor, postcode …), in their order, without leading
    /// zeros; a plot code is one number ("f10" for "Lot F10").
    pub numbers: Vec<String>,
    /// For each number, the word right before it ("plot" for "Plot No. 12"), if there is one:
    /// "Plot 12, Road 5" and "Plot 5, Road 12" are different places.
    pub labels: Vec<Option<String>>,
}

impl AddressWords {
    /// The shipped table (parsed once).
    pub fn shipped() -> &'static AddressWords {
        static WORDS: OnceLock<AddressWords> = OnceLock::new();
        WORDS.get_or_init(|| {
            AddressWords::parse(TABLE)
                .expect("data/address_words.toml is checked by the unit tests")
        })
    }

    /// Parses a table in the format of `data/address_words.toml`.
    pub fn parse(toml_text: &str) -> Result<AddressWords, toml::de::Error> {
        let file: File = toml::from_str(toml_text)?;
        Ok(AddressWords {
            words: Replacements::new(&file.word),
            ignore: file.ignore.iter().flat_map(|w| text::tokens(w)).collect(),
        })
    }

    /// Cleans an address of a location in `country`.
    pub fn clean(&self, address: &str, country: Country) -> CleanAddress {
        let mut tokens = text::tokens(address);
        strip_country(&mut tokens, country);
        spelling::roman_numbers(&mut tokens);
        let tokens = self.words.apply(&Replacements::spellings().apply(&tokens));
        let mut out = CleanAddress::default();
        let mut label: Option<String> = None;
        for t in tokens {
            if text::is_number(&t) {
                out.numbers.push(t);
                out.labels.push(label.take());
            } else if !self.ignore.contains(&t) {
                let word = text::singular(&t);
                label = Some(word.clone());
                out.words.push(word);
            }
        }
        out
    }

    /// The variants that mean more than one canonical word (a table error).
    pub fn conflicts(&self) -> Vec<String> {
        self.words.conflicts()
    }
}

/// Drops the country's name from the end of an address ("…, Dhaka, Bangladesh"): the country
/// is compared on its own, and one buyer writing it while another does not says nothing.
fn strip_country(tokens: &mut Vec<String>, country: Country) {
    for take in (1..=4.min(tokens.len())).rev() {
        let tail = tokens[tokens.len() - take..].concat();
        if Country::parse(&tail) == Some(country) {
            tokens.truncate(tokens.len() - take);
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(address: &str, country: &str) -> (String, String) {
        let c = AddressWords::shipped().clean(address, Country::parse(country).unwrap());
        (c.words.join(" "), c.numbers.join(" "))
    }

    #[test]
    fn the_table_parses_without_conflicts() {
        let words = AddressWords::parse(TABLE).unwrap();
        assert!(words.conflicts().is_empty(), "{:?}", words.conflicts());
    }

    #[test]
    fn unifies_abbreviations_and_sets_numbers_apart() {
        assert_eq!(
            clean(
                "Plot No. 12, Rd 5, Ind. Area, Ashulia, Dhaka, Bangladesh",
                "BD"
            ),
            (
                "plot road industrial area ashulia dhaka".into(),
                "12 5".into()
            )
        );
        assert_eq!(
            clean(
                "Plot Number 12, Road 5, Industrial Area, Ashulia, Dhaka",
                "Bangladesh"
            ),
            (
                "plot road industrial area ashulia dhaka".into(),
                "12 5".into()
            )
        );
        assert_eq!(
            clean("Karnaphuli EPZ, Chittagong", "BD").0,
            "karnaphuli export processing zone chittagong"
        );
        assert_eq!(
            clean("3rd Fl., Bldg 7", "CN"),
            ("floor building".into(), "3 7".into())
        );
        assert_eq!(
            clean("Lot 5, KCN Tan Tao, Binh Tan, HCMC, Viet Nam", "VN").1,
            "5"
        );
    }

    #[test]
    fn a_letter_before_a_number_is_part_of_it() {
        let c =
            AddressWords::shipped().clean("Lot F10, Road 18, R. 25", Country::parse("VN").unwrap());
        assert_eq!(c.numbers, ["f10", "18", "25"]);
        assert_eq!(
            c.labels,
            [Some("plot".into()), Some("road".into()), Some("r".into())]
        );
    }

    #[test]
    fn numbers_carry_the_word_before_them() {
        let c =
            AddressWords::shipped().clean("Plot No. 12, Rd 5 & 6", Country::parse("BD").unwrap());
        assert_eq!(c.numbers, ["12", "5", "6"]);
        assert_eq!(c.labels, [Some("plot".into()), Some("road".into()), None]);
    }

    #[test]
    fn a_place_named_like_the_country_stays_inside_the_address() {
        assert_eq!(
            clean("Mexico Road 4, Puebla, Mexico", "MX").0,
            "mexico road puebla"
        );
    }
}
