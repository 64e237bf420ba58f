//! `csstd export zendesk|freshdesk`: resolve the regions, plan the helpdesk configuration,
//! print what the helpdesk cannot express, then write the payloads (exit 0) or compare
//! them with a saved configuration (`--check`: exit 1 on drift); 2 on bad input.

use super::{Ctx, print};
use crate::build::output;
use crate::cli::{CheckFormat, ExportArgs, HelpdeskSystem};
use crate::diag::Printer;
use crate::export::{self, Region, System, check};
use crate::load::InputErrors;
use crate::model::standard::Standard;
use anyhow::{Context, anyhow};
use std::sync::Arc;

pub fn run(ctx: &Ctx, args: &ExportArgs) -> anyhow::Result<i32> {
    let system = match args.system {
        HelpdeskSystem::Zendesk => System::Zendesk,
        HelpdeskSystem::Freshdesk => System::Freshdesk,
    };
    let (project, resolution) = ctx.load()?;
    for n in &args.regions {
        match resolution.get(n) {
            Some(r) if r.is_region() => {}
            Some(_) => {
                return Err(anyhow!(
                    "`{n}` is a base standard or an abstract culture: only regions have a helpdesk configuration"
                ));
            }
            None => return Err(resolution.unknown_id(n)),
        }
    }
    let all: Vec<Region<'_>> = resolution
        .regions()
        .map(|r| {
            Standard::of(&r.tree)
                .map(|std| Region { id: &r.id, std })
                .map_err(|e| anyhow!("reading `{}`: {e}", r.id))
        })
        .collect::<anyhow::Result<_>>()?;
    let selected: Vec<&str> = if args.regions.is_empty() {
        all.iter().map(|r| r.id).collect()
    } else {
        args.regions.iter().map(String::as_str).collect()
    };
    let manifest_file: Arc<str> = Arc::from(crate::load::MANIFEST);
    let manifest = project
        .sources
        .get(crate::load::MANIFEST)
        .and_then(|text| crate::load::parse::parse_toml(&manifest_file, text).ok());
    let (expected, warnings) = export::plan(
        system,
        &all,
        &selected,
        &project.config.helpdesk,
        manifest.as_ref(),
    )
    .map_err(|diagnostics| InputErrors {
        diagnostics,
        sources: project.sources.clone(),
    })?;
    if !ctx.global.quiet && !warnings.is_empty() {
        let printer = Printer::new(&project.sources, ctx.color_stderr());
        for w in &warnings {
            eprint!("{}", printer.render(&w.diagnostic(system)));
        }
        eprintln!(
            "{} warning{}: what {} cannot express is not exported (docs/helpdesk.md says what to do)",
            warnings.len(),
            if warnings.len() == 1 { "" } else { "s" },
            system.title()
        );
    }
    let regions = selected.len();
    if let Some(dir) = &args.check {
        let entries = check::check(&expected, dir)?;
        let text = match args.format {
            CheckFormat::Human => check::human_report(system, &entries, regions),
            CheckFormat::Json => check::json_report(system, &entries),
        };
        print(&text)?;
        return Ok(i32::from(!entries.is_empty()));
    }
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| project.root.join("helpdesk").join(system.name()));
    output::check_out(&out, &project.root, &project.config.input_dirs())?;
    let files = expected.export();
    let notes = export::write(&out, &files.files)
        .with_context(|| format!("nothing written; `{}` is unchanged", out.display()))?;
    if !ctx.global.quiet {
        notes.iter().for_each(|n| eprintln!("{n}"));
        let shown = out.strip_prefix(&project.root).unwrap_or(&out);
        eprintln!(
            "wrote the {} configuration of {} region{} into `{}`",
            system.title(),
            regions,
            if regions == 1 { "" } else { "s" },
            shown.display()
        );
    }
    Ok(0)
}
