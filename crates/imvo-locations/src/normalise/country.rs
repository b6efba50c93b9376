//! Countries: every way a list writes one ("Viet Nam", "Vietnam", "VN", "VNM", "Türkiye",
//! "Turkey", "Turkije", "UK", "BD") resolves to its ISO 3166-1 alpha-2 code.
//!
//! Codes and official names come from the `isocountry` crate; other names (common English
//! names, Dutch names, native spellings, renamed countries) from `data/country_aliases.toml`.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use isocountry::CountryCode;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::text;

/// The shipped alias table.
const TABLE: &str = include_str!("../../data/country_aliases.toml");

/// A country, as its ISO 3166-1 alpha-2 code (plus `XK`, Kosovo, which Open Supply Hub uses).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Country([u8; 2]);

#[derive(Debug, Deserialize)]
struct File {
    extra: HashMap<String, Vec<String>>,
    aliases: HashMap<String, Vec<String>>,
}

/// Squashed name → country, and the countries outside ISO with their names.
#[derive(Debug)]
pub struct Countries {
    by_name: HashMap<String, Country>,
    extra: HashMap<Country, String>,
    conflicts: Vec<String>,
}

impl Countries {
    /// The shipped table (parsed once).
    pub fn shipped() -> &'static Countries {
        static COUNTRIES: OnceLock<Countries> = OnceLock::new();
        COUNTRIES.get_or_init(|| {
            Countries::parse(TABLE).expect("data/country_aliases.toml is checked by the unit tests")
        })
    }

    /// Builds the lookup from ISO 3166-1 and a table in the format of
    /// `data/country_aliases.toml`.
    pub fn parse(toml_text: &str) -> Result<Countries, toml::de::Error> {
        let file: File = toml::from_str(toml_text)?;
        let mut out = Countries {
            by_name: HashMap::new(),
            extra: HashMap::new(),
            conflicts: Vec::new(),
        };
        for code in CountryCode::as_array() {
            let c = Country::from_code(code.alpha2());
            for name in [code.alpha2(), code.alpha3(), code.name()] {
                out.add(name, c);
            }
        }
        let mut extra: Vec<_> = file.extra.into_iter().collect();
        extra.sort();
        for (code, names) in extra {
            let c = Country::from_code(&code);
            out.extra
                .insert(c, names.first().cloned().unwrap_or_else(|| code.clone()));
            out.add(&code, c);
            for n in &names {
                out.add(n, c);
            }
        }
        let mut aliases: Vec<_> = file.aliases.into_iter().collect();
        aliases.sort();
        for (code, names) in aliases {
            let c = Country::from_code(&code);
            if !out.by_name.contains_key(&text::squash(&code)) {
                out.conflicts.push(format!("{code} is not a country code"));
            }
            for n in &names {
                out.add(n, c);
            }
        }
        Ok(out)
    }

    fn add(&mut self, name: &str, country: Country) {
        let key = text::squash(name);
        if let Some(old) = self.by_name.insert(key, country)
            && old != country
        {
            self.conflicts
                .push(format!("{name:?} means both {old} and {country}"));
        }
    }

    /// Names that mean two countries, and aliases of unknown codes (table errors).
    pub fn conflicts(&self) -> &[String] {
        &self.conflicts
    }
}

impl Country {
    fn from_code(code: &str) -> Country {
        let b = code.as_bytes();
        Country([
            b.first().copied().unwrap_or(b'?').to_ascii_uppercase(),
            b.get(1).copied().unwrap_or(b'?').to_ascii_uppercase(),
        ])
    }

    /// The country a list means by `written`: a name, an alias, an alpha-2 or alpha-3 code, in
    /// any case, with or without diacritics, spaces or punctuation. `None`: not a country.
    pub fn parse(written: &str) -> Option<Country> {
        Countries::shipped()
            .by_name
            .get(&text::squash(written))
            .copied()
    }

    /// The country of an alpha-2 code (exactly two letters, any case); `None` when no country
    /// has it.
    pub fn from_alpha2(code: &str) -> Option<Country> {
        if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_alphabetic()) {
            return None;
        }
        let c = Country::from_code(code);
        (Countries::shipped().by_name.get(&code.to_ascii_lowercase()) == Some(&c)).then_some(c)
    }

    /// The alpha-2 code.
    pub fn alpha2(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("??")
    }

    /// The English short name (ISO 3166-1).
    pub fn name(&self) -> String {
        match CountryCode::for_alpha2(self.alpha2()) {
            Ok(code) => code.name().to_owned(),
            Err(_) => Countries::shipped()
                .extra
                .get(self)
                .cloned()
                .unwrap_or_else(|| self.alpha2().to_owned()),
        }
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.alpha2())
    }
}

impl Serialize for Country {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.alpha2())
    }
}

impl<'de> Deserialize<'de> for Country {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Country, D::Error> {
        let s = String::deserialize(d)?;
        Country::from_alpha2(&s).ok_or_else(|| {
            serde::de::Error::custom(format!("{s:?} is not an alpha-2 country code"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> String {
        Country::parse(s).map(|c| c.to_string()).unwrap_or_default()
    }

    #[test]
    fn the_table_parses_without_conflicts() {
        let c = Countries::parse(TABLE).unwrap();
        assert!(c.conflicts().is_empty(), "{:?}", c.conflicts());
    }

    #[test]
    fn every_way_of_writing_a_country() {
        for (written, alpha2) in [
            ("Viet Nam", "VN"),
            ("Vietnam", "VN"),
            ("VNM", "VN"),
            ("vn", "VN"),
            ("Türkiye", "TR"),
            ("Turkey", "TR"),
            ("Turkije", "TR"),
            ("UK", "GB"),
            ("United Kingdom of Great Britain and Northern Ireland", "GB"),
            ("Bangladesh", "BD"),
            ("BD", "BD"),
            ("bgd", "BD"),
            ("People's Republic of China", "CN"),
            ("Côte d’Ivoire", "CI"),
            ("Kosovo", "XK"),
            ("Myanmar (Burma)", "MM"),
            ("Korea, Republic of", "KR"),
        ] {
            assert_eq!(code(written), alpha2, "{written}");
        }
        assert_eq!(code("Atlantis"), "");
        assert_eq!(code(""), "");
    }

    #[test]
    fn alpha2_codes_and_names() {
        assert_eq!(Country::from_alpha2("nl").unwrap().name(), "Netherlands");
        assert_eq!(Country::from_alpha2("XK").unwrap().name(), "Kosovo");
        assert!(Country::from_alpha2("UK").is_none());
        assert!(Country::from_alpha2("NLD").is_none());
    }
}
