//! Errors of the sector risk analysis. Input errors name the file, the line and the field, and
//! say what to do, because the inputs are CSV files people edit by hand.

use std::path::PathBuf;

/// Everything that can go wrong reading the inputs, checking them against a system, or writing
/// the outputs.
#[derive(Debug, thiserror::Error)]
pub enum RiskError {
    /// The operating system refused a read or write.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A value in an input file is wrong: names the place, the field and what to do.
    #[error("{path}:{line}: field `{field}`: {message}")]
    Input {
        /// The input file.
        path: PathBuf,
        /// 1-based line in the file (comment lines count).
        line: u64,
        /// The column name.
        field: String,
        /// What is wrong and what to do.
        message: String,
    },
    /// An input file as a whole is wrong (missing column, missing coverage).
    #[error("{path}: {message}")]
    File {
        /// The input file.
        path: PathBuf,
        /// What is wrong and what to do.
        message: String,
    },
    /// The inputs disagree with the system or an option (absent focus region, singular I − A).
    #[error("{0}")]
    Invalid(String),
}

impl RiskError {
    /// Shorthand for an I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Io {
            path: path.into(),
            source,
        }
    }
}

/// Result with [`RiskError`].
pub type Result<T, E = RiskError> = std::result::Result<T, E>;
