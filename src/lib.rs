//! csstd compiles customer-service standards: load → resolve → lint → render/diff.

// Diagnostics travel on the error path only, where their size costs nothing.
#![allow(clippy::result_large_err)]

pub mod cli;
pub mod cmd;
pub mod diag;
pub mod diff;
pub mod load;
pub mod model;
pub mod resolve;

use cli::{Cli, Command};

/// Runs one command line and returns the exit code (SPEC 5).
pub fn run(cli: Cli) -> anyhow::Result<i32> {
    let ctx = cmd::Ctx { global: cli.global };
    match cli.command {
        Command::List { format } => cmd::list::run(&ctx, format),
        Command::Resolve {
            region,
            format,
            provenance,
        } => cmd::resolve::run(&ctx, &region, format, provenance),
        Command::Schema { kind } => cmd::schema::run(kind),
        Command::Init { dir } => cmd::init::run(&ctx, dir.as_deref()),
        Command::Completions { shell } => cmd::completions::run(shell),
        Command::Diff(args) => cmd::diff::run(&ctx, &args),
        Command::Lint(_) | Command::Build(_) | Command::Explain { .. } | Command::Rules { .. } => {
            anyhow::bail!("this command is not available yet")
        }
    }
}
