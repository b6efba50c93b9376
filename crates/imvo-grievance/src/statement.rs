//! A text as a party wrote it, in its own language, with a Dutch and English translation when
//! there is one.

use imvo_domain::{Lang, Text};
use serde::{Deserialize, Serialize};

use crate::error::{GrievanceError, nonblank};

/// A text in the language it was written in. Reports come from production countries in Bengali,
/// Turkish, Vietnamese …, so unlike the portfolio's [`Text`] the original is not required to be
/// Dutch or English; the secretariat may add the translation that the companies, the committee
/// and the public pages read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Statement {
    /// The text as written.
    pub text: String,
    /// Its language: an ISO 639 code (`nl`, `en`, `bn`, `tr` …).
    pub language: String,
    /// Its translation into Dutch and English, when there is one.
    #[serde(default)]
    pub translation: Option<Text>,
}

impl Statement {
    /// A statement without translation.
    pub fn new(text: impl Into<String>, language: impl Into<String>) -> Statement {
        Statement {
            text: text.into(),
            language: language.into(),
            translation: None,
        }
    }

    /// The text to show a reader of `lang`: the translation when there is one, else the
    /// original.
    pub fn get(&self, lang: Lang) -> &str {
        self.translation
            .as_ref()
            .map_or(&self.text, |t| t.get(lang))
    }

    /// Refuses a blank text, a language that is not an ISO 639 code, or a half translation.
    pub(crate) fn check(&self, field: &str) -> Result<(), GrievanceError> {
        nonblank(&format!("{field}.text"), &self.text)?;
        let code = self.language.as_bytes();
        if !(2..=3).contains(&code.len()) || !code.iter().all(u8::is_ascii_lowercase) {
            return Err(GrievanceError::new(
                format!("{field}.language"),
                format!(
                    "{:?} is not a language code: use ISO 639 (\"nl\", \"en\", \"bn\" …)",
                    self.language
                ),
            ));
        }
        if self.translation.as_ref().is_some_and(Text::is_blank) {
            return Err(GrievanceError::new(
                format!("{field}.translation"),
                "needs both nl and en, neither blank",
            ));
        }
        Ok(())
    }
}
