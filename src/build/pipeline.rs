//! The whole build as the library offers it: load → resolve → lint → render → write or
//! check. [`run`] takes a [`BuildConfig`] and returns a [`BuildReport`]; the command line
//! only prints the report, so tests and other front ends (`serve`) drive the same path.

use super::{Emit, Planned, Renderer, Sink, Written, output, shared_texts};
use crate::lint::{Checked, Linter, Report};
use crate::load::fs::DiskSource;
use crate::load::{DocKind, Project, load_project};
use crate::model::date::CivilDate;
use crate::render::{RenderContext, Templates};
use crate::resolve::{Resolution, Resolved, resolve_all};
use anyhow::Context;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// What to build.
#[derive(Debug, Clone)]
pub struct BuildConfig {
    /// The project root.
    pub root: PathBuf,
    /// Regions to build; empty: every region.
    pub regions: Vec<String>,
    /// Output folder; none: `[build] out` of the manifest, under the root.
    pub out: Option<PathBuf>,
    /// Formats; none: `[build] emit` of the manifest.
    pub emit: Option<Emit>,
    /// Write the output folder, compare with it, or keep the files in memory.
    pub target: Target,
    /// Worker threads (at least one).
    pub jobs: usize,
    pub today: CivilDate,
}

/// Where a build's files go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Staged and swapped into the output folder.
    Write,
    /// Compared with the output folder (`--check`); nothing is written.
    Check,
    /// Kept in memory and returned (`serve`); the output folder is not touched.
    Memory,
}

/// What a build did.
#[derive(Debug)]
pub struct BuildReport {
    /// The loaded project (its sources, for printing findings).
    pub project: Project,
    /// Every lint finding of the built regions and the base standards.
    pub findings: Report,
    /// Every region asked for, sorted by id, with the lint errors that held it back.
    pub planned: Vec<Planned>,
    /// The output folder.
    pub out: PathBuf,
    pub outcome: Outcome,
}

/// How the output folder ended.
#[derive(Debug)]
pub enum Outcome {
    /// Written; with what the swap had to say (links replaced, files of other regions
    /// removed).
    Written { notes: Vec<String> },
    /// `--check`: the files that are stale or missing (empty: up to date).
    Checked { stale: Vec<String> },
    /// Every file by its path relative to the output folder.
    InMemory { files: BTreeMap<String, Vec<u8>> },
}

impl BuildReport {
    /// Regions held back by lint errors.
    pub fn failed(&self) -> impl Iterator<Item = &Planned> {
        self.planned.iter().filter(|p| p.errors > 0)
    }

    /// SPEC 5: 1 when a region was held back or the output is stale, else 0.
    pub fn exit_code(&self) -> i32 {
        let stale = matches!(&self.outcome, Outcome::Checked { stale } if !stale.is_empty());
        i32::from(stale || self.failed().next().is_some())
    }
}

/// Builds a project. Input errors, an unusable `--out` or templates, and output that
/// cannot be written are errors (exit 2), with the previous output left as it was.
pub fn run(config: &BuildConfig) -> anyhow::Result<BuildReport> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.jobs.max(1))
        .build()?;
    let root = &config.root;
    // Files are read and checked in parallel on the build's own threads.
    let project = pool.install(|| {
        load_project(
            root,
            &DiskSource {
                root: root.to_path_buf(),
            },
        )
    })?;
    let resolution = resolve_all(&project)?;
    let ids = region_ids(&resolution, &config.regions)?;
    let (findings, planned) = pool.install(|| lint(&project, &resolution, &ids, config));

    let templates_dir = project.root.join(&project.config.templates_dir);
    let templates = Templates::new(templates_dir.is_dir().then_some(templates_dir.as_path()))
        .context("templates cannot be used; nothing was written")?;
    // Text that every region under a chain prefix shows is converted once per build.
    let extended: std::collections::HashSet<&str> = resolution
        .docs
        .values()
        .flat_map(|r| r.chain.split_last().map_or(&[][..], |(_, up)| up))
        .map(String::as_str)
        .collect();
    let prefixes = resolution
        .docs
        .values()
        .filter(|r| !r.is_region() || extended.contains(r.id.as_str()))
        .map(|r| &**r);
    templates.share_texts(shared_texts(prefixes).into_iter().map(|t| &**t));
    let render_ctx = RenderContext {
        today: config.today.to_string(),
        csstd_version: env!("CARGO_PKG_VERSION").to_string(),
    };
    let region = |id: &str| -> anyhow::Result<Arc<Resolved>> {
        resolution
            .get(id)
            .cloned()
            .with_context(|| format!("`{id}` is not resolved"))
    };
    let emit = config.emit.unwrap_or_else(|| {
        use crate::model::schema::Emit as Format;
        let has = |f: Format| project.config.emit.contains(&f);
        Emit {
            md: has(Format::Md),
            html: has(Format::Html),
            agent: has(Format::Agent),
        }
    });
    // Catalogues are read with the sources (a bad one is an input error, exit 2).
    let translator = (!project.catalogues.by_lang.is_empty())
        .then(|| crate::translate::apply::Translator::new(&project));
    let renderer = Renderer {
        templates: &templates,
        ctx: &render_ctx,
        emit,
        region: &region,
        translator: translator.as_ref(),
    };
    let standards: Vec<&Resolved> = resolution.standards().map(|r| &**r).collect();
    let out = match &config.out {
        Some(dir) => dir.clone(),
        None => project.root.join(&project.config.out),
    };
    let render = |sink: &dyn Sink| -> anyhow::Result<Vec<Written>> {
        pool.install(|| renderer.build(&planned, &standards, sink))
            .map_err(|e| build_error(e, &out))
    };
    if config.target != Target::Memory {
        output::check_out(&out, &project.root, &project.config.input_dirs())?;
    }
    let outcome = if config.target == Target::Memory {
        let memory = Memory::default();
        render(&memory)?;
        Outcome::InMemory {
            files: memory.0.into_inner().unwrap_or_else(|e| e.into_inner()),
        }
    } else if config.target == Target::Check {
        let check = output::Check::new(&out);
        let written = render(&check)?;
        Outcome::Checked {
            stale: check.finish(&written),
        }
    } else {
        let staging = output::Staging::begin(&out)
            .with_context(|| format!("build not written; `{}` is unchanged", out.display()))?;
        // Each region's files go into the staging folder as they are rendered; on any
        // error the staging folder is dropped and `--out` is left as it was.
        render(&staging)?;
        let committed = pool.install(|| staging.commit())?;
        Outcome::Written {
            notes: committed.notes(&out),
        }
    };
    Ok(BuildReport {
        project,
        findings,
        planned,
        out,
        outcome,
    })
}

/// The files of a build kept in memory.
#[derive(Default)]
struct Memory(Mutex<BTreeMap<String, Vec<u8>>>);

impl Sink for Memory {
    fn put(&self, path: &str, bytes: &[u8]) -> anyhow::Result<()> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_owned(), bytes.to_vec());
        Ok(())
    }
}

/// The regions asked for (every region when none is named), checked.
fn region_ids<'r>(resolution: &'r Resolution, names: &[String]) -> anyhow::Result<Vec<&'r str>> {
    if names.is_empty() {
        return Ok(resolution.regions().map(|r| r.id.as_str()).collect());
    }
    names
        .iter()
        .map(|id| match resolution.get(id) {
            Some(r) if r.is_region() => Ok(r.id.as_str()),
            Some(r) if r.kind == DocKind::Standard || r.is_abstract => Err(anyhow::anyhow!(
                "`{id}` is not a region (standards and abstract cultures get no handbook)"
            )),
            _ => Err(resolution.unknown_id(id)),
        })
        .collect()
}

/// Lints the base standards and the regions to build; every region is planned with the
/// lint errors that hold it back.
fn lint(
    project: &Project,
    resolution: &Resolution,
    ids: &[&str],
    config: &BuildConfig,
) -> (Report, Vec<Planned>) {
    let mut linter = Linter::new(project, resolution, config.today);
    for s in resolution.standards() {
        linter.add(s);
    }
    // Regions are checked in parallel, each worker on a contiguous run, and recorded in
    // a fixed order.
    let runs = ids.len().div_ceil(config.jobs.max(1) * 4).max(1);
    let checked: Vec<(Planned, Checked)> = ids
        .par_chunks(runs)
        .flat_map_iter(|run| {
            run.iter().filter_map(|id| {
                let r = resolution.get(id)?;
                Some((Planned::of(r), linter.check(r)))
            })
        })
        .collect();
    let mut planned = Vec::with_capacity(ids.len());
    for (p, c) in checked {
        linter.record(c);
        planned.push(p);
    }
    planned.sort_by(|a, b| a.id.cmp(&b.id));
    let findings = linter.finish();
    for p in &mut planned {
        p.errors = findings.errors_for(&p.id);
    }
    (findings, planned)
}

fn build_error(e: super::BuildError, out: &Path) -> anyhow::Error {
    match e {
        super::BuildError::Render(e) => {
            anyhow::Error::new(e).context("a template failed; nothing was written")
        }
        super::BuildError::Output(e) => e.context(format!(
            "build not written; `{}` is unchanged",
            out.display()
        )),
    }
}
