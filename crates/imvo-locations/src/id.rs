//! Stable location ids in the style of Open Supply Hub's (`CN2019303BQ3FZP` there,
//! `CN2019303BQ3FZ2` here: the check character is computed differently).
//!
//! | part        | example | meaning                                                        |
//! |-------------|---------|----------------------------------------------------------------|
//! | country     | `CN`    | ISO 3166-1 alpha-2 of the location                             |
//! | year        | `2019`  | year the id was made                                           |
//! | day         | `303`   | day of that year, 001–366                                      |
//! | random      | `BQ3FZ` | five characters of Crockford's base 32 (no I, L, O, U: no mix-ups with 1 and 0) |
//! | check       | `P`     | ISO/IEC 7064 MOD 37,36 check character over the 14 before it   |
//!
//! The check character catches every single mistyped character and every swap of two
//! neighbouring characters, so an id copied by hand from a letter or a spreadsheet is refused
//! rather than silently pointing at another factory. MOD 37,36 (the "hybrid" system of
//! ISO/IEC 7064) works on the 36 characters 0–9, A–Z: start with p = 36; for every character of
//! value v (digits 0–9, letters A=10 … Z=35): s = (p + v) mod 36, with 0 read as 36, and
//! p = 2·s mod 37. The check character is the one with value (37 − p) mod 36; a full id is
//! valid when running the same steps over all 15 characters ends with s = 1.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::normalise::Country;

/// The characters of the random part: Crockford's base 32.
const RANDOM: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Characters in the random part.
const RANDOM_LEN: usize = 5;
/// Characters in an id.
pub const ID_LEN: usize = 15;

/// A location id (always valid: made by [`LocationId::new`] or checked by [`LocationId::parse`]).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LocationId([u8; ID_LEN]);

/// The day an id was made: year and day of the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct IdDate {
    year: u16,
    day: u16,
}

/// Why a text is not a location id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    /// Not 15 characters.
    #[error("{0:?} is not a location id: it has {1} characters, not 15")]
    Length(String, usize),
    /// The first two characters are not a country code.
    #[error("{0:?} is not a location id: it does not start with a country code")]
    Country(String),
    /// Year or day of the year impossible.
    #[error("{0:?} is not a location id: characters 3 to 9 are not a year and a day of that year")]
    Date(String),
    /// A character outside the random part's alphabet.
    #[error(
        "{0:?} is not a location id: characters 10 to 14 must be from 0-9 and A-Z without I, L, O, U"
    )]
    Random(String),
    /// The check character does not fit: a mistyped or swapped character.
    #[error(
        "{0:?} is not a location id: the check character does not fit (a mistyped or swapped character?)"
    )]
    Check(String),
}

/// A day that is not a day of its year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{year}-{day} is not a day: years run 1000-9999 and days 1-365 (366 in leap years)")]
pub struct BadDate {
    year: i64,
    day: i64,
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

impl IdDate {
    /// A year and a day of that year (1 = 1 January).
    pub fn new(year: i64, day: i64) -> Result<IdDate, BadDate> {
        let days = if is_leap(year) { 366 } else { 365 };
        if !(1000..=9999).contains(&year) || !(1..=days).contains(&day) {
            return Err(BadDate { year, day });
        }
        Ok(IdDate {
            year: year as u16,
            day: day as u16,
        })
    }

    /// A calendar date.
    pub fn from_ymd(year: i64, month: u32, day: u32) -> Result<IdDate, BadDate> {
        const BEFORE: [i64; 12] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
        const LENGTH: [u32; 12] = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
        let bad = BadDate {
            year,
            day: i64::from(day),
        };
        if !(1..=12).contains(&month) || day == 0 || day > LENGTH[month as usize - 1] {
            return Err(bad);
        }
        if month == 2 && day == 29 && !is_leap(year) {
            return Err(bad);
        }
        let leap_day = i64::from(month > 2 && is_leap(year));
        IdDate::new(year, BEFORE[month as usize - 1] + i64::from(day) + leap_day)
    }

    /// Today (UTC), from the system clock.
    pub fn today() -> IdDate {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let days = (secs / 86_400) as i64;
        // Days since 1970-01-01 to the civil date (H. Hinnant's algorithm).
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let y = yoe + era * 400 + i64::from(m <= 2);
        IdDate::from_ymd(y, m, d).unwrap_or(IdDate { year: 2000, day: 1 })
    }

    /// The year.
    pub fn year(&self) -> u16 {
        self.year
    }

    /// The day of the year.
    pub fn day(&self) -> u16 {
        self.day
    }
}

fn value(c: u8) -> Option<u32> {
    match c {
        b'0'..=b'9' => Some(u32::from(c - b'0')),
        b'A'..=b'Z' => Some(u32::from(c - b'A') + 10),
        _ => None,
    }
}

/// The MOD 37,36 state after `chars`, or `None` for a character outside 0-9, A-Z.
fn mod37_36(chars: &[u8]) -> Option<(u32, u32)> {
    let mut p = 36;
    let mut s = 0;
    for &c in chars {
        s = (p + value(c)?) % 36;
        if s == 0 {
            s = 36;
        }
        p = (2 * s) % 37;
    }
    Some((p, s))
}

/// The check character for the 14 characters before it.
fn check_char(body: &[u8]) -> u8 {
    let (p, _) = mod37_36(body).unwrap_or((36, 0));
    let v = (37 - p) % 36;
    if v < 10 {
        b'0' + v as u8
    } else {
        b'A' + (v - 10) as u8
    }
}

impl LocationId {
    /// The id of a location in `country` made on `date`, with a random part taken from the low
    /// 25 bits of `random`.
    pub fn new(country: Country, date: IdDate, random: u64) -> LocationId {
        let mut b = [0u8; ID_LEN];
        b[..2].copy_from_slice(country.alpha2().as_bytes());
        let date_part = format!("{:04}{:03}", date.year, date.day);
        b[2..9].copy_from_slice(date_part.as_bytes());
        for i in 0..RANDOM_LEN {
            b[9 + i] = RANDOM[((random >> (5 * (RANDOM_LEN - 1 - i))) & 31) as usize];
        }
        b[ID_LEN - 1] = check_char(&b[..ID_LEN - 1]);
        LocationId(b)
    }

    /// Checks a written id: length, country, date, alphabet and check character. Surrounding
    /// spaces and lower case are accepted.
    pub fn parse(written: &str) -> Result<LocationId, IdError> {
        let s = written.trim().to_ascii_uppercase();
        let b = s.as_bytes();
        if b.len() != ID_LEN {
            return Err(IdError::Length(written.to_owned(), s.chars().count()));
        }
        if Country::from_alpha2(&s[..2]).is_none() {
            return Err(IdError::Country(written.to_owned()));
        }
        let year = s[2..6].parse::<i64>();
        let day = s[6..9].parse::<i64>();
        let date_ok = b[2..9].iter().all(u8::is_ascii_digit)
            && matches!((year, day), (Ok(y), Ok(d)) if IdDate::new(y, d).is_ok());
        if !date_ok {
            return Err(IdError::Date(written.to_owned()));
        }
        if !b[9..ID_LEN - 1].iter().all(|c| RANDOM.contains(c)) {
            return Err(IdError::Random(written.to_owned()));
        }
        match mod37_36(b) {
            Some((_, 1)) => {
                let mut out = [0u8; ID_LEN];
                out.copy_from_slice(b);
                Ok(LocationId(out))
            }
            _ => Err(IdError::Check(written.to_owned())),
        }
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("")
    }

    /// The country of the location.
    pub fn country(&self) -> Country {
        Country::from_alpha2(&self.as_str()[..2])
            .unwrap_or_else(|| unreachable!("a LocationId is only made from a country code"))
    }

    /// The day the id was made.
    pub fn date(&self) -> IdDate {
        let s = self.as_str();
        IdDate {
            year: s[2..6].parse().unwrap_or(0),
            day: s[6..9].parse().unwrap_or(0),
        }
    }
}

impl fmt::Display for LocationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for LocationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "LocationId({})", self.as_str())
    }
}

impl FromStr for LocationId {
    type Err = IdError;
    fn from_str(s: &str) -> Result<LocationId, IdError> {
        LocationId::parse(s)
    }
}

impl Serialize for LocationId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for LocationId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<LocationId, D::Error> {
        let s = String::deserialize(d)?;
        LocationId::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// Random parts for new ids: SplitMix64, seeded. The store seeds it from the operating
/// system ([`IdGenerator::from_entropy`]); the batch command derives ids from the rows
/// themselves so that runs are reproducible.
#[derive(Debug, Clone)]
pub struct IdGenerator {
    state: u64,
}

impl IdGenerator {
    /// A generator with a fixed seed (tests, reproducible runs).
    pub fn seeded(seed: u64) -> IdGenerator {
        IdGenerator { state: seed }
    }

    /// A generator seeded by the operating system's randomness (through the standard
    /// library's hash-map keys: no extra dependency).
    pub fn from_entropy() -> IdGenerator {
        use std::hash::{BuildHasher, Hasher};
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(0x1d5);
        IdGenerator { state: h.finish() }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A new id for a location in `country` made on `date`. The store must still check that
    /// the id is unused (2^25 random parts per country and day).
    pub fn next_id(&mut self, country: Country, date: IdDate) -> LocationId {
        LocationId::new(country, date, self.next_u64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cn() -> Country {
        Country::from_alpha2("CN").unwrap()
    }

    #[test]
    fn made_ids_are_valid_and_read_back() {
        let mut g = IdGenerator::seeded(1);
        let date = IdDate::new(2019, 303).unwrap();
        for _ in 0..1000 {
            let id = g.next_id(cn(), date);
            assert_eq!(LocationId::parse(id.as_str()), Ok(id));
            assert_eq!(id.country(), cn());
            assert_eq!(id.date(), date);
            assert!(id.as_str().starts_with("CN2019303"));
        }
    }

    #[test]
    fn every_single_mistake_and_neighbour_swap_is_caught() {
        let id = IdGenerator::seeded(7).next_id(cn(), IdDate::new(2024, 60).unwrap());
        let s = id.as_str().as_bytes().to_vec();
        let alphabet = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        for i in 0..ID_LEN {
            for &c in alphabet {
                if c != s[i] {
                    let mut t = s.clone();
                    t[i] = c;
                    assert!(LocationId::parse(std::str::from_utf8(&t).unwrap()).is_err());
                }
            }
            if i + 1 < ID_LEN && s[i] != s[i + 1] {
                let mut t = s.clone();
                t.swap(i, i + 1);
                assert!(LocationId::parse(std::str::from_utf8(&t).unwrap()).is_err());
            }
        }
    }

    #[test]
    fn the_documented_example_is_valid() {
        let id = LocationId::parse("CN2019303BQ3FZ2").unwrap();
        assert_eq!(id.country().alpha2(), "CN");
        assert_eq!((id.date().year(), id.date().day()), (2019, 303));
        assert!(LocationId::parse("CN2019303BQ3FZP").is_err());
    }

    #[test]
    fn bad_ids_say_why() {
        assert!(matches!(
            LocationId::parse("CN2019303"),
            Err(IdError::Length(..))
        ));
        assert!(matches!(
            LocationId::parse("QQ2019303BQ3FZP"),
            Err(IdError::Country(_))
        ));
        assert!(matches!(
            LocationId::parse("CN2019400BQ3FZP"),
            Err(IdError::Date(_))
        ));
        assert!(matches!(
            LocationId::parse("CN2019303BQIFZP"),
            Err(IdError::Random(_))
        ));
        let ok = LocationId::new(cn(), IdDate::new(2019, 303).unwrap(), 12345);
        assert_eq!(LocationId::parse(&ok.as_str().to_lowercase()), Ok(ok));
    }

    #[test]
    fn dates() {
        assert_eq!(
            IdDate::from_ymd(2019, 10, 30).unwrap(),
            IdDate::new(2019, 303).unwrap()
        );
        assert_eq!(IdDate::from_ymd(2020, 12, 31).unwrap().day(), 366);
        assert!(IdDate::from_ymd(2019, 2, 29).is_err());
        assert!(IdDate::new(2019, 366).is_err());
        assert!(IdDate::today().year() >= 2024);
    }
}
