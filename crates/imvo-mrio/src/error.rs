//! Errors of the engine: every one names the file, line and column or the condition, and says
//! what to do, because the inputs are large files users did not write by hand.

use std::path::PathBuf;

/// Everything that can go wrong reading, checking, caching or writing a system.
#[derive(Debug, thiserror::Error)]
pub enum MrioError {
    /// The operating system refused a read or write.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A text file does not parse: names the place and what was expected.
    #[error("{path}:{line}:{column}: {message}")]
    Parse {
        /// The file (inside a zip: `archive.zip!/inner/path`).
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column (tab-separated field).
        column: usize,
        /// What is wrong and what was expected.
        message: String,
    },
    /// A required file or extension is absent.
    #[error("{path}: missing — {message}")]
    Missing {
        /// The file or folder that was looked for.
        path: PathBuf,
        /// What needs it and what to do.
        message: String,
    },
    /// Arrays disagree with each other (dimensions, labels) or break a rule of the model
    /// (negative output, singular or non-productive I − A).
    #[error("{0}")]
    Invalid(String),
    /// A zip archive is damaged or truncated.
    #[error("{path}: not a readable zip archive ({message}); download it again")]
    Zip {
        /// The archive.
        path: PathBuf,
        /// What the zip reader said.
        message: String,
    },
    /// A Parquet table cannot be read as a pandas `DataFrame` (damaged, not written by
    /// pandas, or holding values that are not numbers), or cannot be written.
    #[error("{path}: {message}")]
    Parquet {
        /// The file.
        path: PathBuf,
        /// What is wrong and what to do.
        message: String,
    },
    /// A JSON file (file_parameters.json, metadata.json) does not parse.
    #[error("{path}: {message}")]
    Json {
        /// The file.
        path: PathBuf,
        /// What the JSON parser said.
        message: String,
    },
}

impl MrioError {
    /// Shorthand for an I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Io {
            path: path.into(),
            source,
        }
    }
}
