//! `csstd build`: lint, render every region without errors, then check or write.

use super::{Ctx, today};
use crate::build::{self, BuildError, Emit, Planned, Renderer, output};
use crate::cli::{BuildArgs, EmitArg};
use crate::diag::Severity;
use crate::lint::{Checked, Linter};
use crate::load::fs::DiskSource;
use crate::load::{DocKind, load_project};
use crate::model::schema;
use crate::render::{RenderContext, Templates};
use crate::report;
use crate::resolve::{Resolved, Shared};
use anyhow::Context;
use rayon::prelude::*;
use std::collections::HashSet;
use std::sync::Arc;

pub fn run(ctx: &Ctx, args: &BuildArgs) -> anyhow::Result<i32> {
    let root = ctx.root()?;
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(jobs).build()?;
    // Files are read and checked in parallel on the build's own threads.
    let project = pool.install(|| load_project(&root, &DiskSource { root: root.clone() }))?;
    // Chain prefixes are resolved once and reused; each region is resolved onto its
    // parent when needed and let go, so memory does not grow with regions.
    let mut texts: HashSet<Arc<str>, foldhash::fast::RandomState> = HashSet::default();
    let shared = Shared::new(&project, |prefix| {
        texts.extend(build::shared_texts([prefix]).into_iter().cloned());
    })?;
    let ids: Vec<&str> = if args.regions.is_empty() {
        shared.region_ids()
    } else {
        args.regions
            .iter()
            .map(|id| match project.doc(id) {
                Some(d) if d.kind == DocKind::Culture && !d.is_abstract() => Ok(id.as_str()),
                Some(_) => Err(anyhow::anyhow!(
                    "`{id}` is not a region (standards and abstract cultures get no handbook)"
                )),
                None => Err(unknown_id(id, project.ids())),
            })
            .collect::<Result<_, _>>()?
    };
    let region = |id: &str| -> anyhow::Result<Arc<Resolved>> { Ok(shared.get(id)?) };
    let day = today(args.today.as_deref())?;
    let standards: Vec<&Resolved> = shared.standards.standards().map(|r| &**r).collect();
    // Lint every target before anything is rendered: lint errors hold a region back.
    // Regions go chain by chain, so the prefixes they share stay at hand.
    let mut linter = Linter::new(&project, &shared, day);
    for s in &standards {
        linter.add(s);
    }
    let mut by_chain = ids.clone();
    by_chain.sort_by_key(|id| shared.chain(id));
    // Regions are resolved and checked in parallel, each worker on a contiguous run, and
    // recorded in a fixed order.
    let runs = by_chain.len().div_ceil(jobs * 4).max(1);
    let checked: Vec<Vec<(Planned, Checked)>> = pool.install(|| {
        by_chain
            .par_chunks(runs)
            .map(|run| {
                run.iter()
                    .map(|id| {
                        let r = region(id)?;
                        Ok((Planned::of(&r), linter.check(&r)))
                    })
                    .collect::<anyhow::Result<Vec<_>>>()
            })
            .collect::<anyhow::Result<_>>()
    })?;
    let mut planned = Vec::with_capacity(ids.len());
    for (p, c) in checked.into_iter().flatten() {
        linter.record(c);
        planned.push(p);
    }
    planned.sort_by(|a, b| a.id.cmp(&b.id));
    let findings = linter.finish();
    for p in &mut planned {
        p.errors = findings.errors_for(&p.id);
    }
    let emit = if args.emit.is_empty() {
        Emit {
            md: project.config.emit.contains(&schema::Emit::Md),
            html: project.config.emit.contains(&schema::Emit::Html),
        }
    } else {
        Emit {
            md: args.emit.contains(&EmitArg::Md),
            html: args.emit.contains(&EmitArg::Html),
        }
    };
    let templates_dir = project.root.join(&project.config.templates_dir);
    let templates = Templates::new(templates_dir.is_dir().then_some(templates_dir.as_path()))
        .context("templates cannot be used; nothing was written")?;
    templates.share_texts(texts.iter().map(|t| &**t));
    drop(texts);
    let render_ctx = RenderContext {
        today: day.to_string(),
        csstd_version: env!("CARGO_PKG_VERSION").to_string(),
    };
    let renderer = Renderer {
        templates: &templates,
        ctx: &render_ctx,
        emit,
        region: &region,
    };

    let out = match &args.out {
        Some(dir) => dir.clone(),
        None => project.root.join(&project.config.out),
    };
    output::check_out(&out, &project.root, &project.config.input_dirs())?;
    let failed: Vec<&Planned> = planned.iter().filter(|p| p.errors > 0).collect();
    // Infos are for `csstd lint`; a build shows what blocks it and what should be fixed.
    let least = if ctx.global.quiet {
        Severity::Error
    } else {
        Severity::Warning
    };
    if findings
        .findings
        .iter()
        .any(|f| f.suppressed.is_none() && f.severity <= least)
    {
        eprint!(
            "{}",
            report::human::render(&findings, &project.sources, ctx.color_stderr(), least)
        );
    }
    for p in &failed {
        eprintln!(
            "error: `{}` not built: {} lint error{}",
            p.id,
            p.errors,
            if p.errors == 1 { "" } else { "s" }
        );
    }
    if args.check {
        let check = output::Check::new(&out);
        let written = pool
            .install(|| renderer.build(&planned, &standards, &check))
            .map_err(|e| build_error(e, &out))?;
        let stale = check.finish(&written);
        for s in &stale {
            eprintln!("{s}");
        }
        if !stale.is_empty() {
            eprintln!(
                "error: `{}` is out of date ({} file{}); run `csstd build`",
                out.display(),
                stale.len(),
                if stale.len() == 1 { "" } else { "s" }
            );
            return Ok(1);
        }
        if !ctx.global.quiet {
            eprintln!("`{}` is up to date", out.display());
        }
        return Ok(i32::from(!failed.is_empty()));
    }
    let staging = output::Staging::begin(&out)
        .with_context(|| format!("build not written; `{}` is unchanged", out.display()))?;
    // Each region's files go into the staging folder as they are rendered; on any error
    // the staging folder is dropped and `--out` is left as it was.
    pool.install(|| renderer.build(&planned, &standards, &staging))
        .map_err(|e| build_error(e, &out))?;
    let committed = pool.install(|| staging.commit())?;
    if !ctx.global.quiet {
        committed.notes(&out).iter().for_each(|n| eprintln!("{n}"));
        eprintln!(
            "built {} of {} region{} into `{}`",
            planned.len() - failed.len(),
            planned.len(),
            if planned.len() == 1 { "" } else { "s" },
            out.display()
        );
    }
    Ok(i32::from(!failed.is_empty()))
}

fn build_error(e: BuildError, out: &std::path::Path) -> anyhow::Error {
    match e {
        BuildError::Render(e) => {
            anyhow::Error::new(e).context("a template failed; nothing was written")
        }
        BuildError::Output(e) => e.context(format!(
            "build not written; `{}` is unchanged",
            out.display()
        )),
    }
}

/// An unknown region id: an input error naming the closest id of the project.
fn unknown_id<'a>(id: &str, ids: impl Iterator<Item = &'a str>) -> anyhow::Error {
    let mut msg = format!("no region, culture or standard `{id}` in this project");
    if let Some(m) = crate::load::de::did_you_mean(id, ids) {
        msg.push_str(&format!("; did you mean `{m}`?"));
    }
    anyhow::anyhow!(msg)
}
