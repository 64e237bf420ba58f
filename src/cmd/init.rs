//! `csstd init [DIR]`: a small project that builds with no lint error.

use super::Ctx;
use anyhow::Context;
use std::path::Path;

/// The files of a new project (`examples/starter`), embedded so `init` works anywhere:
/// the global standard, two regions (`en-US`, and `de-DE` with a German handbook) and the
/// German catalogue, so a new project shows the translation workflow from the start.
const FILES: [(&str, &str); 6] = [
    (
        "csstd.toml",
        include_str!("../../examples/starter/csstd.toml"),
    ),
    (
        "standards/global.toml",
        include_str!("../../examples/starter/standards/global.toml"),
    ),
    (
        "cultures/en-US.toml",
        include_str!("../../examples/starter/cultures/en-US.toml"),
    ),
    (
        "cultures/de-DE.toml",
        include_str!("../../examples/starter/cultures/de-DE.toml"),
    ),
    (
        "translations/de.po",
        include_str!("../../examples/starter/translations/de.po"),
    ),
    (
        "README.md",
        include_str!("../../examples/starter/README.md"),
    ),
];

pub fn run(ctx: &Ctx, dir: Option<&Path>) -> anyhow::Result<i32> {
    let dir = dir.unwrap_or(Path::new("."));
    if dir.exists() {
        let mut entries =
            std::fs::read_dir(dir).with_context(|| format!("cannot read `{}`", dir.display()))?;
        if entries.next().is_some() {
            anyhow::bail!(
                "`{}` is not empty; `csstd init` only writes into an empty or new folder",
                dir.display()
            );
        }
    }
    for (name, text) in FILES {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create `{}`", parent.display()))?;
        }
        std::fs::write(&path, text)
            .with_context(|| format!("cannot write `{}`", path.display()))?;
    }
    if !ctx.global.quiet {
        eprintln!(
            "created a csstd project in `{}`; next: `csstd -C {} build`",
            dir.display(),
            dir.display()
        );
    }
    Ok(0)
}
