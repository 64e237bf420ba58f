//! The `csstd` binary: parse arguments, run, map the result to an exit code.

use clap::Parser;
use csstd::cli::Cli;
use std::io::IsTerminal;

fn main() {
    let cli = Cli::parse();
    let color = csstd::cmd::color_for(cli.global.color, std::io::stderr().is_terminal());
    let code = match csstd::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprint!("{}", csstd::report::human::error(&e, color));
            2
        }
    };
    std::process::exit(code);
}
