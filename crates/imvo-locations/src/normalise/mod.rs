//! Normalisation: what is left of a name, an address and a country once the ways of writing
//! them are taken away. Every rule here is applied to both sides of every comparison, and the
//! tables are data files inside the crate (`data/*.toml`).

pub mod address;
pub mod country;
pub mod legal;
pub mod spelling;
pub mod text;

pub use address::{AddressWords, CleanAddress};
pub use country::Country;
pub use legal::{LegalForms, SplitName};

/// Words that say nothing about which factory a name means.
const NAME_FILLERS: [&str; 6] = ["and", "the", "of", "no", "nr", "number"];

/// A cleaned factory name.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CleanName {
    /// The words without legal forms and fillers, in their order, singular.
    pub words: Vec<String>,
    /// The numbers in the name ("Unit 2", "Factory 3"): like address numbers, they tell
    /// sister factories apart.
    pub numbers: Vec<String>,
    /// The legal forms found, in their unified spelling.
    pub forms: Vec<String>,
}

/// Cleans a factory name: transliteration, case, punctuation, legal forms, fillers, plurals.
pub fn clean_name(name: &str) -> CleanName {
    let mut tokens = text::tokens(name);
    spelling::roman_numbers(&mut tokens);
    let tokens = spelling::Replacements::spellings().apply(&tokens);
    let split = LegalForms::shipped().split(&tokens);
    let mut out = CleanName {
        forms: split.forms,
        ..CleanName::default()
    };
    for w in split.words {
        if text::is_number(&w) {
            out.numbers.push(w);
        } else if !NAME_FILLERS.contains(&w.as_str()) {
            out.words.push(text::singular(&w));
        }
    }
    if out.words.is_empty() && out.numbers.is_empty() {
        out.words = text::tokens(name);
    }
    out
}

/// Cleans an address of a location in `country`.
pub fn clean_address(address: &str, country: Country) -> CleanAddress {
    AddressWords::shipped().clean(address, country)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_legal_forms_fillers_and_plurals() {
        let a = clean_name("The Sunrise Garments & Textiles Co., Ltd.");
        let b = clean_name("SUNRISE GARMENT AND TEXTILE COMPANY LIMITED");
        assert_eq!(a.words, b.words);
        assert_eq!(a.words, ["sunrise", "garment", "textile"]);
        assert_eq!(a.forms, ["company limited"]);
    }

    #[test]
    fn name_numbers_are_kept_apart() {
        let n = clean_name("Sunrise Garments Unit-2");
        assert_eq!(n.words, ["sunrise", "garment", "unit"]);
        assert_eq!(n.numbers, ["2"]);
    }
}
