//! csstd compiles customer-service standards: load → resolve → lint → render/diff/measure.

// Diagnostics travel on the error path only, where their size costs nothing.
#![allow(clippy::result_large_err)]

pub mod build;
pub mod cli;
pub mod cmd;
pub mod diag;
pub mod diff;
pub mod export;
pub mod hint;
pub mod lint;
pub mod load;
pub mod measure;
pub mod model;
pub mod render;
pub mod report;
pub mod resolve;
pub mod serve;
pub mod translate;

use cli::{Cli, Command};

/// Runs one command line and returns the exit code (SPEC 5).
pub fn run(cli: Cli) -> anyhow::Result<i32> {
    let ctx = cmd::Ctx { global: cli.global };
    let errors_format = cmd::errors_format(&cli.command);
    let result = match cli.command {
        Command::List { format } => cmd::list::run(&ctx, format),
        Command::Resolve {
            region,
            format,
            provenance,
        } => cmd::resolve::run(&ctx, &region, format, provenance),
        Command::Schema { kind } => cmd::schema::run(kind),
        Command::Man { out } => cmd::man::run(&out),
        Command::Serve(args) => cmd::serve::run(&ctx, &args),
        Command::Init { dir } => cmd::init::run(&ctx, dir.as_deref()),
        Command::Completions { shell } => cmd::completions::run(shell),
        Command::Lint(args) => cmd::lint::run(&ctx, &args),
        Command::Explain { rule } => cmd::explain::explain(&rule),
        Command::Rules { format } => cmd::explain::list(&ctx, format),
        Command::Build(args) => cmd::build::run(&ctx, &args),
        Command::Diff(args) => cmd::diff::run(&ctx, &args),
        Command::Measure(args) => cmd::measure::run(&ctx, &args),
        Command::Export(args) => cmd::export::run(&ctx, &args),
        Command::Translate { command } => cmd::translate::run(&ctx, &command),
    };
    if let (Err(e), Some(format)) = (&result, errors_format) {
        cmd::print_errors(&ctx, format, e);
    }
    result
}
