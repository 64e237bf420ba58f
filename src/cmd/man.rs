//! `csstd man --out DIR`: man pages generated from the command-line definitions, so they
//! never disagree with `--help`. The repository ships them in `man/` (kept current by a
//! test).

use crate::cli::Cli;
use anyhow::Context;
use clap::CommandFactory;
use std::path::Path;

pub fn run(out: &Path) -> anyhow::Result<i32> {
    std::fs::create_dir_all(out).with_context(|| format!("cannot create `{}`", out.display()))?;
    let cmd = Cli::command();
    let mut pages: Vec<(String, clap::Command)> = vec![("csstd".to_owned(), cmd.clone())];
    for sub in cmd.get_subcommands() {
        let page = sub.clone().bin_name(format!("csstd {}", sub.get_name()));
        pages.push((format!("csstd-{}", sub.get_name()), page));
    }
    for (name, page) in pages {
        let mut buf = Vec::new();
        clap_mangen::Man::new(page.display_name(name.clone())).render(&mut buf)?;
        let path = out.join(format!("{name}.1"));
        std::fs::write(&path, buf).with_context(|| format!("cannot write `{}`", path.display()))?;
    }
    super::print(&format!("man pages written to `{}`\n", out.display()))?;
    Ok(0)
}
