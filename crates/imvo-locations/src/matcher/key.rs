//! What the matcher compares of a row: its match key (the cleaned name, address and country)
//! and its fingerprint (what a person's earlier answer about the row is remembered by).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Site;
use crate::hash::Fnv;
use crate::normalise::{self, CleanAddress, CleanName, Country};

/// A row's cleaned name, address and country.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchKey {
    /// The country.
    pub country: Country,
    /// The name without legal forms, fillers and plurals.
    pub name: CleanName,
    /// The address with abbreviations unified and numbers apart.
    pub address: CleanAddress,
}

/// Words and numbers of a name or address compared at most. No real name or address comes
/// near; the cap keeps a list of kilometre-long values from making matching quadratic.
const MAX_PARTS: usize = 40;

impl MatchKey {
    /// Cleans a site.
    pub fn new(site: &Site<'_>) -> MatchKey {
        let mut name = normalise::clean_name(site.name);
        name.words.truncate(MAX_PARTS);
        name.numbers.truncate(MAX_PARTS);
        let mut address = normalise::clean_address(site.address, site.country);
        address.words.truncate(MAX_PARTS);
        address.numbers.truncate(MAX_PARTS);
        address.labels.truncate(MAX_PARTS);
        MatchKey {
            country: site.country,
            name,
            address,
        }
    }

    /// The key of an exact match: country, name words and numbers, address words and numbers
    /// (each number with the word before it), each sorted, so word order and the legal form do
    /// not matter but "Plot 12, Road 5" and "Plot 5, Road 12" stay apart. Two rows with one
    /// exact key are the same location unless a person said otherwise.
    pub fn exact(&self) -> String {
        let sorted = |mut v: Vec<String>| {
            v.sort_unstable();
            v.dedup();
            v.join(" ")
        };
        let name: Vec<String> = self
            .name
            .words
            .iter()
            .chain(&self.name.numbers)
            .cloned()
            .collect();
        let numbers = self
            .address
            .numbers
            .iter()
            .zip(&self.address.labels)
            .map(|(n, l)| format!("{}={n}", l.as_deref().unwrap_or("")));
        let address: Vec<String> = self.address.words.iter().cloned().chain(numbers).collect();
        format!("{}|{}|{}", self.country, sorted(name), sorted(address))
    }
}

/// A row's fingerprint: a 64-bit FNV-1a hash of its country code, name and address after
/// transliteration to ASCII and lower-casing, with every run of characters other than letters
/// and digits read as one space (and none at either end), and nothing else. A re-upload of the
/// same row has the same fingerprint even if a spreadsheet changed its case, spacing or
/// punctuation, and the fingerprint does not change when the matcher's tables change: a
/// person's answer about a row stays attached to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fingerprint(pub u64);

impl Fingerprint {
    /// The fingerprint of a site.
    pub fn of(site: &Site<'_>) -> Fingerprint {
        let mut h = Fnv::new();
        h.part(site.country.alpha2().as_bytes());
        for text in [site.name, site.address] {
            let mut gap = false;
            let mut started = false;
            for b in deunicode::deunicode(text).bytes() {
                if b.is_ascii_alphanumeric() {
                    if gap && started {
                        h.byte(b' ');
                    }
                    h.byte(b.to_ascii_lowercase());
                    gap = false;
                    started = true;
                } else {
                    gap = true;
                }
            }
            h.byte(0x1f);
        }
        Fingerprint(h.finish())
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

/// A text that is not 16 hexadecimal digits.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a row fingerprint (16 hexadecimal digits)")]
pub struct BadFingerprint(String);

impl FromStr for Fingerprint {
    type Err = BadFingerprint;
    fn from_str(s: &str) -> Result<Fingerprint, BadFingerprint> {
        if s.len() != 16 {
            return Err(BadFingerprint(s.to_owned()));
        }
        u64::from_str_radix(s, 16)
            .map(Fingerprint)
            .map_err(|_| BadFingerprint(s.to_owned()))
    }
}

impl Serialize for Fingerprint {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Fingerprint {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Fingerprint, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site<'a>(name: &'a str, address: &'a str, country: &str) -> Site<'a> {
        Site {
            name,
            address,
            country: Country::parse(country).unwrap(),
            coordinates: None,
        }
    }

    #[test]
    fn exact_keys_ignore_order_legal_form_and_abbreviations() {
        let a = MatchKey::new(&site(
            "Sunrise Garments Co., Ltd.",
            "Plot 12, Road 5, Ashulia, Dhaka",
            "BD",
        ));
        let b = MatchKey::new(&site(
            "SUNRISE GARMENT COMPANY LIMITED",
            "Road 5, Plot No. 12, Ashulia, Dhaka, Bangladesh",
            "Bangladesh",
        ));
        assert_eq!(a.exact(), b.exact());
        let c = MatchKey::new(&site(
            "Sunrise Garments",
            "Plot 14, Road 5, Ashulia, Dhaka",
            "BD",
        ));
        assert_ne!(a.exact(), c.exact());
        let d = MatchKey::new(&site(
            "Sunrise Garments",
            "Plot 5, Road 12, Ashulia, Dhaka",
            "BD",
        ));
        assert_ne!(a.exact(), d.exact());
    }

    #[test]
    fn fingerprints_survive_case_and_spacing_only() {
        let a = Fingerprint::of(&site("Sunrise Garments Ltd", "Plot 12, Ashulia", "BD"));
        let b = Fingerprint::of(&site("  SUNRISE  garments ltd.", "plot 12 ashulia", "bgd"));
        let c = Fingerprint::of(&site("Sunrise Garments Limited", "Plot 12, Ashulia", "BD"));
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(a.to_string().parse::<Fingerprint>(), Ok(a));
    }
}
