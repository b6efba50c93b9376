//! `imvo user …`: accounts for the web dashboard and the API, through the account use cases of
//! `imvo-app` (the same ones the server's API and accounts page call).

use std::io::Read;

use imvo_app::accounts::{self, AccountInput, AccountRole};

use super::Context;
use super::store::runtime;

/// Account commands.
#[derive(Debug, clap::Subcommand)]
pub enum UserCommand {
    /// Create an account. Without --password-stdin a random password is made and printed once.
    Add(AddArgs),
}

/// Arguments of `imvo user add`.
#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The login name (no spaces).
    pub username: String,
    /// The role: admin, ministry, secretariat, company or stakeholder.
    #[arg(long)]
    pub role: AccountRole,
    /// Read the password from standard input (one line) instead of generating one.
    #[arg(long)]
    pub password_stdin: bool,
    /// The name shown on pages (default: the username).
    #[arg(long, default_value = "")]
    pub display_name: String,
    /// The id of the organisation the account acts for.
    #[arg(long)]
    pub organisation: Option<String>,
}

/// Run `imvo user`.
pub fn run(ctx: &Context, cmd: UserCommand) -> anyhow::Result<()> {
    match cmd {
        UserCommand::Add(args) => add(ctx, args),
    }
}

fn add(ctx: &Context, args: AddArgs) -> anyhow::Result<()> {
    let (password, generated) = if args.password_stdin {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text)?;
        let line = text.lines().next().unwrap_or("").to_string();
        (line, false)
    } else {
        (accounts::secret::new_secret(""), true)
    };
    let input = AccountInput {
        username: args.username.clone(),
        display_name: args.display_name,
        role: args.role,
        organisation_id: args.organisation,
        password: password.clone(),
        created_by: format!(
            "cli:{}",
            std::env::var("USER").unwrap_or_else(|_| "unknown".into())
        ),
    };
    let account = runtime()?
        .block_on(async {
            let store = imvo_app::open(&ctx.db).await?;
            let result = accounts::create_account(&store, input).await;
            store.close().await;
            result
        })
        .map_err(|e| anyhow::anyhow!("cannot create account {:?}: {e}", args.username))?;
    say!(
        "created account {} ({}), id {}",
        account.username,
        account.role,
        account.id
    );
    if generated {
        say!("password (shown once): {password}");
    }
    Ok(())
}
