//! `csstd lint`: resolve, lint, print findings, exit by severity.

use super::{Ctx, print, today, unknown_id};
use crate::cli::{LintArgs, LintFormat};
use crate::diag::Severity;
use crate::lint::{Report, lint};
use crate::load::Project;
use crate::report;
use crate::resolve::{Resolution, Resolved};

/// The regions and standards to lint: the named ones, else every region and base standard.
pub fn targets<'a>(
    resolution: &'a Resolution,
    names: &[String],
) -> anyhow::Result<Vec<&'a Resolved>> {
    if names.is_empty() {
        return Ok(resolution
            .standards()
            .chain(resolution.regions())
            .map(|r| &**r)
            .collect());
    }
    names
        .iter()
        .map(|n| {
            resolution
                .get(n)
                .map(|r| &**r)
                .ok_or_else(|| unknown_id(n, resolution))
        })
        .collect()
}

/// Lints with the `--today` rule, shared with `build`.
pub fn run_lint(
    project: &Project,
    resolution: &Resolution,
    names: &[String],
    today_flag: Option<&str>,
) -> anyhow::Result<Report> {
    let targets = targets(resolution, names)?;
    Ok(lint(project, resolution, &targets, today(today_flag)?))
}

pub fn run(ctx: &Ctx, args: &LintArgs) -> anyhow::Result<i32> {
    let (project, resolution) = ctx.load()?;
    let report = run_lint(&project, &resolution, &args.regions, args.today.as_deref())?;
    let text = match args.format {
        LintFormat::Human => {
            let text = report::human::render(
                &report,
                &project.sources,
                ctx.color_stderr(),
                if ctx.global.quiet {
                    Severity::Error
                } else {
                    Severity::Info
                },
            );
            // Findings are diagnostics: they go to stderr like a compiler's.
            eprint!("{text}");
            String::new()
        }
        LintFormat::Json => format!(
            "{}\n",
            serde_json::to_string_pretty(&report::json::to_json(&report))?
        ),
        LintFormat::Sarif => format!(
            "{}\n",
            serde_json::to_string_pretty(&report::sarif::to_sarif(&report, &project.config))?
        ),
        LintFormat::Github => report::github::render(&report),
    };
    print(&text)?;
    Ok(report.exit_code(args.deny_warnings || project.config.deny_warnings))
}
