//! Store management: `imvo init`, `imvo import FILE`, `imvo export FILE`, `imvo load FILE...`.
//!
//! The CLI is synchronous; each command builds a current-thread tokio runtime for the store's
//! async API. Messages are in English, or Dutch when `LANG` starts with `nl`.

use std::path::PathBuf;

use anyhow::Context as _;
use imvo_store::{Export, Location, Store};

use super::Context;

/// Arguments of `imvo init`.
#[derive(Debug, clap::Args)]
pub struct InitArgs {}

/// Arguments of `imvo import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The JSON file written by `imvo export`. The store must be empty.
    pub file: PathBuf,
}

/// Arguments of `imvo export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Where to write the JSON export (replaced atomically if it exists).
    pub file: PathBuf,
}

/// Arguments of `imvo load`.
#[derive(Debug, clap::Args)]
pub struct LoadArgs {
    /// Dataset files (TOML, see data/portfolio/README.md), loaded together: all or nothing.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

/// Whether to speak Dutch (`LANG=nl_NL.UTF-8` and the like).
fn dutch() -> bool {
    std::env::var("LANG").is_ok_and(|l| l.starts_with("nl"))
}

/// Picks the English or Dutch text.
fn say(en: String, nl: String) -> String {
    if dutch() { nl } else { en }
}

/// A current-thread runtime for one command.
pub(crate) fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

/// Run `imvo init`: create the store (or bring an existing one to the current schema).
pub fn init(ctx: &Context, _args: InitArgs) -> anyhow::Result<()> {
    let existed = match Location::parse(&ctx.db)? {
        Location::SqliteFile(path) => path.exists(),
        _ => true,
    };
    runtime()?.block_on(async {
        let store = Store::open(&ctx.db).await?;
        let version = store.schema_version().await?;
        let records = store.last_seq().await?;
        let accounts = store.accounts().await?.len();
        store.close().await;
        let where_ = store.location().to_owned();
        let kind = match store.backend() {
            imvo_store::BackendKind::Sqlite => "SQLite",
            imvo_store::BackendKind::Postgres => "PostgreSQL",
        };
        let text = if existed && (records > 0 || accounts > 0) {
            say(
                format!(
                    "The {kind} store at {where_} already exists ({records} change records, \
                     {accounts} accounts); its schema is at version {version}."
                ),
                format!(
                    "De {kind}-opslag in {where_} bestaat al ({records} wijzigingen, {accounts} \
                     accounts); het schema is op versie {version}."
                ),
            )
        } else if existed {
            say(
                format!(
                    "The {kind} store at {where_} exists and is empty (schema version {version})."
                ),
                format!(
                    "De {kind}-opslag in {where_} bestaat en is leeg (schemaversie {version})."
                ),
            )
        } else {
            say(
                format!("Created an empty {kind} store at {where_} (schema version {version})."),
                format!("Lege {kind}-opslag aangemaakt in {where_} (schemaversie {version})."),
            )
        };
        say!("{text}");
        Ok(())
    })
}

/// Run `imvo import FILE`: read and check the file first, then import it into the empty store
/// in one transaction.
pub fn import(ctx: &Context, args: ImportArgs) -> anyhow::Result<()> {
    // Checked before the store is opened, so a bad file does not even create an empty store.
    let export = Export::read_file(&args.file)?;
    runtime()?.block_on(async {
        let store = Store::open(&ctx.db).await?;
        let result = store.import(&export).await;
        store.close().await;
        let summary = result?;
        say!(
            "{}",
            say(
                format!(
                    "Imported {} change records, {} accounts, {} API tokens, {} due-diligence entries and {} framework versions from {} into {}.",
                    summary.entries,
                    summary.accounts,
                    summary.api_tokens,
                    summary.diligence_log,
                    summary.frameworks,
                    args.file.display(),
                    store.location()
                ),
                format!(
                    "{} wijzigingen, {} accounts, {} API-tokens, {} zorgvuldigheidsstappen en {} kaderversies uit {} ingelezen in {}.",
                    summary.entries,
                    summary.accounts,
                    summary.api_tokens,
                    summary.diligence_log,
                    summary.frameworks,
                    args.file.display(),
                    store.location()
                ),
            )
        );
        Ok(())
    })
}

/// Run `imvo export FILE`: the whole store to one JSON file, written atomically.
pub fn export(ctx: &Context, args: ExportArgs) -> anyhow::Result<()> {
    if let Location::SqliteFile(path) = Location::parse(&ctx.db)?
        && !path.exists()
    {
        anyhow::bail!(
            "{}",
            say(
                format!(
                    "there is no store at {}; name it with --db or create it with imvo init",
                    path.display()
                ),
                format!(
                    "er is geen opslag in {}; geef hem op met --db of maak hem met imvo init",
                    path.display()
                ),
            )
        );
    }
    runtime()?.block_on(async {
        let store = Store::open(&ctx.db).await?;
        let result = store.export().await;
        store.close().await;
        let export = result?;
        export.write_file(&args.file)?;
        say!(
            "{}",
            say(
                format!(
                    "Exported {} change records, {} accounts and {} API tokens from {} to {}.",
                    export.entries.len(),
                    export.accounts.len(),
                    export.api_tokens.len(),
                    store.location(),
                    args.file.display()
                ),
                format!(
                    "{} wijzigingen, {} accounts en {} API-tokens uit {} weggeschreven naar {}.",
                    export.entries.len(),
                    export.accounts.len(),
                    export.api_tokens.len(),
                    store.location(),
                    args.file.display()
                ),
            )
        );
        Ok(())
    })
}

/// Run `imvo load FILE...`: read every dataset first (a malformed one is refused with file,
/// line and field before the store is touched), then validate them together against the store's
/// log and store them in one transaction — all or nothing (see `imvo_app::load_datasets`).
pub fn load(ctx: &Context, args: LoadArgs) -> anyhow::Result<()> {
    let datasets = args
        .files
        .iter()
        .map(|f| imvo_app::dataset::read(f))
        .collect::<Result<Vec<_>, _>>()?;
    runtime()?.block_on(async {
        let store = imvo_app::open(&ctx.db).await?;
        let result = imvo_app::load_datasets(&store, &datasets).await;
        store.close().await;
        let summary = result?;
        for (id, n) in &summary.datasets {
            say!(
                "{}",
                say(
                    format!("Loaded dataset {id}: {n} records."),
                    format!("Dataset {id} geladen: {n} records."),
                )
            );
        }
        say!(
            "{}",
            say(
                format!(
                    "The store at {} now holds {} change records.",
                    store.location(),
                    summary.last_seq
                ),
                format!(
                    "De opslag in {} bevat nu {} wijzigingen.",
                    store.location(),
                    summary.last_seq
                ),
            )
        );
        Ok(())
    })
}
