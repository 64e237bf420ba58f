//! `csstd diff A B` and `csstd diff --all-regions-against REV`: load each side
//! (the work tree or a git revision), diff, print, and decide the exit code.

use super::{Ctx, print, unknown_id};
use crate::cli::{DiffArgs, DiffFormat, FailOn};
use crate::diff::{self, DiffEntry, RegionDiff, render};
use crate::load::fs::{DiskSource, FileSource, GitSource};
use crate::resolve::{Resolution, Resolved};
use anyhow::{anyhow, bail};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One side as written on the command line: `ID` or `ID@REV`.
#[derive(Debug, PartialEq, Eq)]
struct Side<'a> {
    id: &'a str,
    rev: Option<&'a str>,
}

impl<'a> Side<'a> {
    /// Ids cannot contain `@` (SPEC 1) while revisions can (`main@{1}`), so the
    /// first `@` is the separator.
    fn parse(arg: &'a str) -> anyhow::Result<Side<'a>> {
        match arg.split_once('@') {
            None => Ok(Side { id: arg, rev: None }),
            Some(("", _)) => bail!("`{arg}`: expected `ID@REV`, the id is missing"),
            Some((_, "")) => bail!("`{arg}`: expected `ID@REV`, the revision is missing"),
            Some((id, rev)) => Ok(Side { id, rev: Some(rev) }),
        }
    }
}

/// Resolved projects by revision (`None`: the work tree), each loaded once.
struct Projects {
    root: PathBuf,
    loaded: HashMap<Option<String>, Resolution>,
}

impl Projects {
    fn new(root: PathBuf) -> Projects {
        Projects {
            root,
            loaded: HashMap::new(),
        }
    }

    fn get(&mut self, rev: Option<&str>) -> anyhow::Result<&Resolution> {
        let key = rev.map(str::to_string);
        if !self.loaded.contains_key(&key) {
            let resolution = load(&self.root, rev)?;
            self.loaded.insert(key.clone(), resolution);
        }
        Ok(&self.loaded[&key])
    }

    fn resolved(&mut self, side: &Side<'_>) -> anyhow::Result<Arc<Resolved>> {
        let resolution = self.get(side.rev)?;
        match resolution.get(side.id) {
            Some(r) => Ok(Arc::clone(r)),
            None => {
                let e = unknown_id(side.id, resolution);
                Err(match side.rev {
                    Some(rev) => e.context(format!("at revision `{rev}`")),
                    None => e,
                })
            }
        }
    }
}

/// Loads and resolves the project in the work tree or at `rev`, never touching the work tree for a revision.
fn load(root: &Path, rev: Option<&str>) -> anyhow::Result<Resolution> {
    let source: Box<dyn FileSource> = match rev {
        None => Box::new(DiskSource {
            root: root.to_path_buf(),
        }),
        Some(rev) => Box::new(GitSource::open(root, rev).map_err(|e| anyhow!(e))?),
    };
    match crate::resolve::load_and_resolve(root, source.as_ref()) {
        Ok((_, resolution)) => Ok(resolution),
        Err(mut e) => {
            if let Some(rev) = rev {
                // The same file names exist in the work tree: say which version is at fault.
                for d in &mut e.diagnostics {
                    d.notes.push(crate::diag::Note {
                        pos: None,
                        message: format!("in the project as it was at revision `{rev}`"),
                    });
                }
            }
            Err(e.into())
        }
    }
}

pub fn run(ctx: &Ctx, args: &DiffArgs) -> anyhow::Result<i32> {
    let root = ctx.root()?;
    let mut projects = Projects::new(root);
    let color = ctx.color_stdout();
    if let Some(rev) = &args.all_regions_against {
        let old = load(&projects.root, Some(rev))?;
        let new = projects.get(None)?;
        let regions = diff::diff_regions(&old, new);
        let text = match args.format {
            DiffFormat::Human => render::regions_human(rev, &regions, args.stat, color),
            DiffFormat::Markdown => render::regions_markdown(rev, &regions, args.stat),
            DiffFormat::Json => render::regions_json(rev, &regions, args.stat),
        };
        print(&text)?;
        return Ok(regions_exit_code(&regions, args.fail_on));
    }
    // clap requires both unless `--all-regions-against` is given.
    let (Some(a), Some(b)) = (args.a.as_deref(), args.b.as_deref()) else {
        bail!("`csstd diff` needs two ids (A and B), or --all-regions-against REV");
    };
    let (sa, sb) = (Side::parse(a)?, Side::parse(b)?);
    // Errors already name the id and the revision; no context to add.
    let ra = projects.resolved(&sa)?;
    let rb = projects.resolved(&sb)?;
    let entries = diff::diff(&ra.tree, &rb.tree);
    let text = match args.format {
        DiffFormat::Human => render::human(a, b, &entries, args.stat, color),
        DiffFormat::Markdown => render::markdown(a, b, &entries, args.stat),
        DiffFormat::Json => render::json(a, b, &entries, args.stat),
    };
    print(&text)?;
    Ok(exit_code(entries.iter(), false, args.fail_on))
}

/// 0 or 1 by `--fail-on`: `any` difference, a `looser` (or mixed) effect, or `never`.
fn exit_code<'a>(
    mut entries: impl Iterator<Item = &'a DiffEntry>,
    regions_came_or_went: bool,
    fail_on: FailOn,
) -> i32 {
    let fails = match fail_on {
        FailOn::Any => regions_came_or_went || entries.next().is_some(),
        FailOn::Looser => entries.any(|e| e.effect.is_some_and(|x| x.loosens())),
        FailOn::Never => false,
    };
    i32::from(fails)
}

fn regions_exit_code(regions: &[RegionDiff], fail_on: FailOn) -> i32 {
    let came_or_went = regions
        .iter()
        .any(|r| r.status != diff::RegionStatus::Changed);
    exit_code(
        regions.iter().flat_map(|r| &r.entries),
        came_or_went,
        fail_on,
    )
}

#[cfg(test)]
mod tests {
    use super::Side;

    #[test]
    fn sides_split_on_the_first_at() {
        assert_eq!(
            Side::parse("ja-JP").unwrap(),
            Side {
                id: "ja-JP",
                rev: None
            }
        );
        assert_eq!(
            Side::parse("ja-JP@main@{1}").unwrap(),
            Side {
                id: "ja-JP",
                rev: Some("main@{1}")
            }
        );
        assert!(Side::parse("@main").is_err());
        assert!(Side::parse("ja-JP@").is_err());
    }
}
