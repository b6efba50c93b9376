//! One module per area of the command line; each owns its argument structs and `run` functions.

/// `println!` for a command's output, through [`emit`]: a reader that went away ends the output
/// quietly; another write error ends the command with that error.
macro_rules! say {
    () => {
        $crate::commands::emit("\n")?
    };
    ($($arg:tt)*) => {
        $crate::commands::emit(&format!("{}\n", format_args!($($arg)*)))?
    };
}

pub mod demo;
pub mod diligence;
pub mod locations;
pub mod mrio;
pub mod portfolio;
pub mod record;
pub mod report;
pub mod risk;
pub mod serve;
pub mod sra;
pub mod store;
pub mod user;

/// What every command needs from the global options.
#[derive(Debug, Clone)]
pub struct Context {
    /// The store URL or path, from `--db` or `IMVO_DATABASE_URL`.
    pub db: String,
}

/// Writes a command's output to stdout. A reader that went away (`imvo portfolio | head`) is
/// not an error: like other Unix tools, the command then ends quietly instead of failing on a
/// closed pipe.
pub fn emit(text: &str) -> anyhow::Result<()> {
    use std::io::Write as _;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

/// Parses a date argument: `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Result<imvo_domain::NaiveDate, String> {
    imvo_domain::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|e| format!("{s:?} is not a date ({e}); write it as YYYY-MM-DD, e.g. 2015-07-10"))
}

/// Parses a language argument: `nl` or `en`.
pub fn parse_lang(s: &str) -> Result<imvo_domain::Lang, String> {
    s.parse()
        .map_err(|e: imvo_domain::UnknownLang| e.to_string())
}
