//! `csstd completions SHELL`.

use crate::cli::Cli;
use clap::CommandFactory;

pub fn run(shell: clap_complete::Shell) -> anyhow::Result<i32> {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "csstd", &mut buf);
    super::print(&String::from_utf8_lossy(&buf))?;
    Ok(0)
}
