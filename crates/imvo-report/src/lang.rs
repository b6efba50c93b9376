//! Languages of the reports: Dutch first, English second, each with its own date and number
//! conventions ("10 juli 2015", "10 July 2015"; "0,72" and "0.72").

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

/// The language of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// Dutch, the first language of every report.
    #[default]
    Nl,
    /// English.
    En,
}

/// A language code other than `nl` or `en`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language {0:?}: use \"nl\" (Dutch) or \"en\" (English)")]
pub struct UnknownLang(pub String);

impl FromStr for Lang {
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
    /// The ISO 639-1 code, as used by HTML `lang` and Typst `text(lang:)`.
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
        imvo_domain::month_name(
            month,
            self.pick(imvo_domain::Lang::Nl, imvo_domain::Lang::En),
        )
    }

    /// A date in running text: "10 juli 2015" / "10 July 2015".
    pub fn date(self, d: NaiveDate) -> String {
        format!("{} {} {}", d.day(), self.month(d.month()), d.year())
    }

    /// A month and year: "juli 2015" / "July 2015".
    pub fn month_year(self, d: NaiveDate) -> String {
        format!("{} {}", self.month(d.month()), d.year())
    }

    /// A short date for chart axes and tables: "jul 2015" / "Jul 2015".
    pub fn short_month_year(self, d: NaiveDate) -> String {
        let m = self.month(d.month());
        let short: String = m.chars().take(3).collect();
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

    /// "Figuur" / "Figure".
    pub fn figure_word(self) -> &'static str {
        self.pick("Figuur", "Figure")
    }

    /// "Tabel" / "Table".
    pub fn table_word(self) -> &'static str {
        self.pick("Tabel", "Table")
    }

    /// The heading of the endnotes in Markdown and HTML: "Noten" / "Notes".
    pub fn notes_word(self) -> &'static str {
        self.pick("Noten", "Notes")
    }

    /// The label of a chart's data table: "Gegevens bij de figuur" / "Data for the figure".
    pub fn chart_data_word(self) -> &'static str {
        self.pick("Gegevens bij de figuur", "Data behind the figure")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_both_languages() {
        let d = NaiveDate::from_ymd_opt(2015, 7, 10).unwrap();
        assert_eq!(Lang::Nl.date(d), "10 juli 2015");
        assert_eq!(Lang::En.date(d), "10 July 2015");
        assert_eq!(Lang::Nl.short_month_year(d), "jul 2015");
        assert_eq!(Lang::En.month_year(d), "July 2015");
    }

    #[test]
    fn numbers_and_lists() {
        assert_eq!(Lang::Nl.number(1.25, 1), "1,2");
        assert_eq!(Lang::En.number(12.3456, 2), "12.35");
        assert_eq!(Lang::Nl.percent(0.724), "72%");
        assert_eq!(Lang::Nl.percent(0.001), "< 1%");
        assert_eq!(Lang::En.percent(0.0), "0%");
        assert_eq!(Lang::En.percent(0.999), "> 99%");
        let xs = vec!["a".to_owned(), "b".to_owned(), "c".to_owned()];
        assert_eq!(Lang::Nl.join_list(&xs), "a, b en c");
        assert_eq!(Lang::En.join_list(&xs[..2]), "a and b");
        assert_eq!(Lang::En.join_list(&xs[..1]), "a");
    }

    #[test]
    fn parses_codes_and_refuses_others() {
        assert_eq!("nl".parse::<Lang>().unwrap(), Lang::Nl);
        assert_eq!("EN".parse::<Lang>().unwrap(), Lang::En);
        let err = "fr".parse::<Lang>().unwrap_err();
        assert!(err.to_string().contains("\"fr\""));
        assert!(err.to_string().contains("nl"));
    }
}
