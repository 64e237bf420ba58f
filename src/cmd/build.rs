//! `csstd build`: runs [`crate::build::run`] and prints what it did.

use super::{Ctx, jobs, today};
use crate::build::{self, BuildConfig, Emit, Outcome, Target};
use crate::cli::{BuildArgs, EmitArg};
use crate::diag::Severity;
use crate::report;

pub fn run(ctx: &Ctx, args: &BuildArgs) -> anyhow::Result<i32> {
    let config = BuildConfig {
        root: ctx.root()?,
        regions: args.regions.clone(),
        out: args.out.clone(),
        emit: (!args.emit.is_empty()).then(|| Emit {
            md: args.emit.contains(&EmitArg::Md),
            html: args.emit.contains(&EmitArg::Html),
            agent: args.emit.contains(&EmitArg::Agent),
        }),
        target: if args.check {
            Target::Check
        } else {
            Target::Write
        },
        jobs: jobs(args.jobs),
        today: today(args.today.as_deref())?,
    };
    let report = build::run(&config)?;
    // Infos are for `csstd lint`; a build shows what blocks it and what should be fixed.
    let least = if ctx.global.quiet {
        Severity::Error
    } else {
        Severity::Warning
    };
    let findings = &report.findings;
    if findings
        .findings
        .iter()
        .any(|f| f.suppressed.is_none() && f.severity <= least)
    {
        eprint!(
            "{}",
            report::human::render(findings, &report.project.sources, ctx.color_stderr(), least)
        );
    }
    for p in report.failed() {
        eprintln!(
            "error: `{}` not built: {} lint error{}",
            p.id,
            p.errors,
            if p.errors == 1 { "" } else { "s" }
        );
    }
    let out = report.out.display();
    match &report.outcome {
        Outcome::Checked { stale } if !stale.is_empty() => {
            for s in stale {
                eprintln!("{s}");
            }
            eprintln!(
                "error: `{out}` is out of date ({} file{}); run `csstd build`",
                stale.len(),
                if stale.len() == 1 { "" } else { "s" }
            );
        }
        Outcome::Checked { .. } if !ctx.global.quiet => eprintln!("`{out}` is up to date"),
        Outcome::Checked { .. } => {}
        Outcome::Written { notes } if !ctx.global.quiet => {
            notes.iter().for_each(|n| eprintln!("{n}"));
            let (built, all) = (
                report.planned.len() - report.failed().count(),
                report.planned.len(),
            );
            eprintln!(
                "built {built} of {all} region{} into `{out}`",
                if all == 1 { "" } else { "s" },
            );
        }
        Outcome::Written { .. } | Outcome::InMemory { .. } => {}
    }
    let code = report.exit_code();
    // The process ends next: the project, its catalogues and trees go back to the system
    // whole instead of being freed piece by piece (`serve` keeps calling `build::run`, which
    // frees them as usual).
    std::mem::forget(report);
    Ok(code)
}
