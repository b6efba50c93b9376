//! Small value types shared by the whole domain: identifiers, bilingual text, dates with a
//! precision.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// A stable identifier (slug) of a sector, organisation, trajectory, covenant, …
///
/// Records refer to each other by id, so ids must be stable, readable in a dataset and safe in
/// a URL: lowercase ASCII letters, digits, `-` and `_`, starting with a letter or digit, at most
/// 64 characters. Parsing enforces this, so an `Id` value is always valid.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    schema(value_type = String, pattern = "^[a-z0-9][a-z0-9_-]{0,63}$")
)]
#[serde(try_from = "String", into = "String")]
pub struct Id(String);

/// Debug-prints as a quoted string, so error messages read `unknown trajectory "mining"`.
impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.0)
    }
}

/// Why a string is not an [`Id`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "invalid id {0:?}: use 1 to 64 lowercase letters, digits, '-' or '_', starting with a letter or digit"
)]
pub struct InvalidId(pub String);

impl Id {
    /// Parses an id; see the type's documentation for the rule.
    pub fn new(s: impl Into<String>) -> Result<Self, InvalidId> {
        let s = s.into();
        let ok = !s.is_empty()
            && s.len() <= 64
            && s.bytes()
                .next()
                .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
        if ok { Ok(Self(s)) } else { Err(InvalidId(s)) }
    }

    /// The id as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Id {
    type Error = InvalidId;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::new(s)
    }
}

impl From<Id> for String {
    fn from(id: Id) -> Self {
        id.0
    }
}

impl std::str::FromStr for Id {
    type Err = InvalidId;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The two languages of every user-facing text: Dutch first, English second. The one language
/// type of imvo: the letters, the reports, the risk analysis and the dashboard all use it, with
/// the conventions of each language ("10 juli 2015", "0,72"; "10 July 2015", "0.72").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    /// Dutch, the language of the letters to Parliament.
    #[default]
    Nl,
    /// English.
    En,
}

/// A language code other than `nl` or `en`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language {0:?}: use \"nl\" (Dutch) or \"en\" (English)")]
pub struct UnknownLang(pub String);

impl std::str::FromStr for Lang {
    type Err = UnknownLang;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "nl" | "nl-nl" | "dutch" | "nederlands" => Ok(Lang::Nl),
            "en" | "en-gb" | "en-us" | "english" | "engels" => Ok(Lang::En),
            _ => Err(UnknownLang(s.to_owned())),
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Lang {
    /// The ISO 639-1 code, as used in file names, HTML `lang` and Typst `text(lang:)`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }

    /// Picks the text for this language from a Dutch–English pair; keeps both languages of a
    /// phrase side by side in the source.
    pub fn pick<T>(self, nl: T, en: T) -> T {
        match self {
            Lang::Nl => nl,
            Lang::En => en,
        }
    }

    /// The name of a month (1–12): "juli" / "July".
    pub fn month(self, month: u32) -> &'static str {
        month_name(month, self)
    }

    /// A date in running text: "10 juli 2015" / "10 July 2015".
    pub fn date(self, d: NaiveDate) -> String {
        format_date(d, DatePrecision::Day, self)
    }

    /// A month and year: "juli 2015" / "July 2015".
    pub fn month_year(self, d: NaiveDate) -> String {
        format_date(d, DatePrecision::Month, self)
    }

    /// A short date for chart axes and tables: "jul 2015" / "Jul 2015".
    pub fn short_month_year(self, d: NaiveDate) -> String {
        let short: String = self.month(d.month()).chars().take(3).collect();
        format!("{short} {}", d.year())
    }

    /// A number with `decimals` decimals and the language's decimal separator.
    pub fn number(self, x: f64, decimals: usize) -> String {
        let s = format!("{x:.decimals$}");
        match self {
            Lang::Nl => s.replace('.', ","),
            Lang::En => s,
        }
    }

    /// A probability in 0..=1 as a whole percentage: "72%" (both languages write it so in
    /// government documents).
    pub fn percent(self, p: f64) -> String {
        if p > 0.0 && p < 0.005 {
            return "< 1%".to_owned();
        }
        if p < 1.0 && p > 0.995 {
            return "> 99%".to_owned();
        }
        format!("{}%", (p * 100.0).round() as i64)
    }

    /// Joins items as a sentence list: "a, b en c" / "a, b and c".
    pub fn join_list(self, items: &[String]) -> String {
        let and = self.pick("en", "and");
        match items {
            [] => String::new(),
            [one] => one.clone(),
            [init @ .., last] => format!("{} {and} {last}", init.join(", ")),
        }
    }
}

/// A text in Dutch and English. Both are required: the letter is written in both languages
/// from the same data, so a fact without its translation cannot be reported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Text {
    /// Dutch.
    pub nl: String,
    /// English.
    pub en: String,
}

impl Text {
    /// A text from its two languages.
    pub fn new(nl: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            nl: nl.into(),
            en: en.into(),
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.nl,
            Lang::En => &self.en,
        }
    }

    /// True when either language is blank; such texts are refused by the portfolio.
    pub fn is_blank(&self) -> bool {
        self.nl.trim().is_empty() || self.en.trim().is_empty()
    }
}

/// How precisely a date is known. Sources often give only a month ("in januari"), a season
/// ("najaar 2014") or a year. The convention: the date stored is the first day of the period
/// (season: spring = 1 March, summer = 1 June, autumn = 1 September, winter = 1 December;
/// half year: 1 January or 1 July), and the precision says how to read it. No day is invented.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DatePrecision {
    /// The exact day is known.
    #[default]
    Day,
    /// Only the month is known; the date is the 1st of that month.
    Month,
    /// Only the season is known; the date is the first day of the season's first month.
    Season,
    /// Only the half year is known; the date is 1 January or 1 July.
    HalfYear,
    /// Only the year is known; the date is 1 January.
    Year,
}

impl DatePrecision {
    /// Whether `date` is the canonical first day for this precision (see the type's doc).
    pub fn is_canonical(self, date: NaiveDate) -> bool {
        match self {
            Self::Day => true,
            Self::Month => date.day() == 1,
            Self::Season => date.day() == 1 && matches!(date.month(), 3 | 6 | 9 | 12),
            Self::HalfYear => date.day() == 1 && matches!(date.month(), 1 | 7),
            Self::Year => date.day() == 1 && date.month() == 1,
        }
    }
}

const MONTHS_NL: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The name of a month (1–12, clamped) in running text: "juli" / "July". One list for every
/// crate that writes dates, so the letter, the charts and the dashboard spell months alike.
pub fn month_name(month: u32, lang: Lang) -> &'static str {
    let i = (month.clamp(1, 12) - 1) as usize;
    match lang {
        Lang::Nl => MONTHS_NL[i],
        Lang::En => MONTHS_EN[i],
    }
}

/// Formats a date as prose at its precision: "22 juni 2015" / "22 June 2015", "januari 2015" /
/// "January 2015", "najaar 2014" / "autumn 2014", "tweede helft van 2015" / "second half of
/// 2015", "2013". Reports use this so that a month-precise fact never shows an invented day.
pub fn format_date(date: NaiveDate, precision: DatePrecision, lang: Lang) -> String {
    let m = date.month0() as usize;
    let y = date.year();
    match (precision, lang) {
        (DatePrecision::Day, Lang::Nl) => format!("{} {} {y}", date.day(), MONTHS_NL[m]),
        (DatePrecision::Day, Lang::En) => format!("{} {} {y}", date.day(), MONTHS_EN[m]),
        (DatePrecision::Month, Lang::Nl) => format!("{} {y}", MONTHS_NL[m]),
        (DatePrecision::Month, Lang::En) => format!("{} {y}", MONTHS_EN[m]),
        (DatePrecision::Season, lang) => {
            let (nl, en) = match date.month() {
                3..=5 => ("voorjaar", "spring"),
                6..=8 => ("zomer", "summer"),
                9..=11 => ("najaar", "autumn"),
                _ => ("winter", "winter"),
            };
            format!("{} {y}", if lang == Lang::Nl { nl } else { en })
        }
        (DatePrecision::HalfYear, Lang::Nl) => {
            let h = if date.month() <= 6 {
                "eerste"
            } else {
                "tweede"
            };
            format!("{h} helft van {y}")
        }
        (DatePrecision::HalfYear, Lang::En) => {
            let h = if date.month() <= 6 { "first" } else { "second" };
            format!("{h} half of {y}")
        }
        (DatePrecision::Year, _) => format!("{y}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_slugs() {
        assert!(Id::new("metaal-elektronica").is_ok());
        assert!(Id::new("banks_2").is_ok());
        assert!(Id::new("").is_err());
        assert!(Id::new("Banks").is_err());
        assert!(Id::new("-x").is_err());
        assert!(Id::new("a b").is_err());
        assert!(serde_json::from_str::<Id>("\"NVB\"").is_err());
    }

    #[test]
    fn dates_are_written_at_their_precision() {
        let d = NaiveDate::from_ymd_opt(2015, 6, 22).unwrap();
        assert_eq!(format_date(d, DatePrecision::Day, Lang::Nl), "22 juni 2015");
        assert_eq!(format_date(d, DatePrecision::Day, Lang::En), "22 June 2015");
        let m = NaiveDate::from_ymd_opt(2015, 1, 1).unwrap();
        assert_eq!(
            format_date(m, DatePrecision::Month, Lang::Nl),
            "januari 2015"
        );
        let s = NaiveDate::from_ymd_opt(2014, 9, 1).unwrap();
        assert_eq!(
            format_date(s, DatePrecision::Season, Lang::Nl),
            "najaar 2014"
        );
        assert_eq!(
            format_date(s, DatePrecision::Season, Lang::En),
            "autumn 2014"
        );
        let h = NaiveDate::from_ymd_opt(2015, 7, 1).unwrap();
        assert_eq!(
            format_date(h, DatePrecision::HalfYear, Lang::En),
            "second half of 2015"
        );
        assert!(DatePrecision::Season.is_canonical(s));
        assert!(!DatePrecision::Month.is_canonical(d));
    }
}
