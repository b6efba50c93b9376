//! `imvo serve`: the JSON API and the web dashboard (wiring of imvo-server).

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context as _;

use super::Context;

/// The default of the global `--db` option: a config file's store wins over it.
const DEFAULT_DB: &str = "imvo.db";

/// Arguments of this command.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Where to listen (default 127.0.0.1:8080, or `addr` in the configuration, or IMVO_ADDR).
    #[arg(long)]
    pub addr: Option<SocketAddr>,
    /// A TOML configuration file (keys: addr, database_url, max_body_bytes,
    /// session_ttl_minutes, login_max_failures, login_window_minutes, cookie_secure,
    /// store_poll_ms, log, risk). IMVO_-prefixed environment variables override it; flags override
    /// both.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// A sector risk analysis to serve on /risk and /api/v1/risk: the `analysis.json` that
    /// `imvo risk demo` writes (or `risk` in the configuration, or IMVO_RISK).
    #[arg(long, value_name = "FILE")]
    pub risk: Option<PathBuf>,
}

/// Run `imvo serve`.
pub fn run(ctx: &Context, args: ServeArgs) -> anyhow::Result<()> {
    let mut settings = imvo_server::Settings::load(args.config.as_deref())
        .context("cannot read the server configuration")?;
    if ctx.db != DEFAULT_DB || args.config.is_none() {
        settings.database_url = ctx.db.clone();
    }
    if let Some(addr) = args.addr {
        settings.addr = addr;
    }
    if args.risk.is_some() {
        settings.risk = args.risk;
    }
    imvo_server::startup::serve_blocking(settings)?;
    Ok(())
}
