//! Why a step of a signal or a complaint is refused.

/// A step that cannot be taken; `field` names what is wrong in the entry, so a form can put the
/// message next to the right input and an import can say which value of which row is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {problem}")]
pub struct GrievanceError {
    /// The field of the entry (`step`, `date`, `company`, `report.themes[1]` …).
    pub field: String,
    /// What is wrong.
    pub problem: String,
}

impl GrievanceError {
    pub(crate) fn new(field: impl Into<String>, problem: impl Into<String>) -> Self {
        GrievanceError {
            field: field.into(),
            problem: problem.into(),
        }
    }
}

/// Refuses a blank text.
pub(crate) fn nonblank(field: &str, s: &str) -> Result<(), GrievanceError> {
    if s.trim().is_empty() {
        return Err(GrievanceError::new(field, "is blank"));
    }
    Ok(())
}

/// Refuses a blank optional text (absent is fine: the field is optional, an empty one is a
/// mistake).
pub(crate) fn nonblank_if_given(field: &str, s: Option<&str>) -> Result<(), GrievanceError> {
    s.map_or(Ok(()), |s| nonblank(field, s))
}
