//! Languages of the reports: the domain's [`Lang`] (Dutch first, English second, each with its
//! own date and number conventions), plus the few words the report layout itself needs.

pub use imvo_domain::{Lang, UnknownLang};

/// The words of the report layout ("Figuur" / "Figure" …), which belong to the reports rather
/// than to the domain's language type.
pub trait LayoutWords {
    /// "Figuur" / "Figure".
    fn figure_word(self) -> &'static str;
    /// "Tabel" / "Table".
    fn table_word(self) -> &'static str;
    /// The heading of the endnotes in Markdown and HTML: "Noten" / "Notes".
    fn notes_word(self) -> &'static str;
    /// The label of a chart's data table: "Gegevens bij de figuur" / "Data behind the figure".
    fn chart_data_word(self) -> &'static str;
}

impl LayoutWords for Lang {
    fn figure_word(self) -> &'static str {
        self.pick("Figuur", "Figure")
    }

    fn table_word(self) -> &'static str {
        self.pick("Tabel", "Table")
    }

    fn notes_word(self) -> &'static str {
        self.pick("Noten", "Notes")
    }

    fn chart_data_word(self) -> &'static str {
        self.pick("Gegevens bij de figuur", "Data behind the figure")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

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
