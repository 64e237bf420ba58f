//! `csstd measure`: resolve the regions, read the ticket files, print the attainment
//! report, exit 0 when every SLA was kept, 1 when some was missed, 2 on bad input.

use super::{Ctx, print};
use crate::cli::{MeasureArgs, MeasureFailOn, MeasureFormat};
use crate::diag::{Diagnostic, Sources};
use crate::load::InputErrors;
use crate::measure::plan::{Plan, day_start};
use crate::measure::report::{Period, Report};
use crate::measure::tally::Rules;
use crate::measure::tickets::instant;
use crate::measure::{TicketFile, count, print as printer};
use crate::model::date::CivilDate;
use crate::model::node::Pos;
use crate::model::standard::Standard;
use anyhow::{Context, anyhow};
use std::sync::Arc;

const DAY: i64 = 86_400;

fn date(flag: &str, value: Option<&str>) -> anyhow::Result<Option<CivilDate>> {
    value
        .map(|v| CivilDate::parse(v).map_err(|e| anyhow!("--{flag}: {e}")))
        .transpose()
}

pub fn run(ctx: &Ctx, args: &MeasureArgs) -> anyhow::Result<i32> {
    let (project, resolution) = ctx.load()?;
    let chosen: Vec<&crate::resolve::Resolved> = if args.regions.is_empty() {
        resolution.regions().map(|r| &**r).collect()
    } else {
        args.regions
            .iter()
            .map(|n| match resolution.get(n) {
                Some(r) if r.is_region() => Ok(&**r),
                Some(_) => Err(anyhow!(
                    "`{n}` is a base standard or an abstract culture: tickets belong to regions"
                )),
                None => Err(resolution.unknown_id(n)),
            })
            .collect::<anyhow::Result<_>>()?
    };
    let standards: Vec<(String, Standard<'_>)> = chosen
        .iter()
        .map(|r| {
            Standard::of(&r.tree)
                .map(|s| (r.id.clone(), s))
                .map_err(|e| anyhow!("reading `{}`: {e}", r.id))
        })
        .collect::<anyhow::Result<_>>()?;
    let all: Vec<String> = resolution.regions().map(|r| r.id.clone()).collect();
    let from = date("from", args.from.as_deref())?;
    let to = date("to", args.to.as_deref())?;
    if let (Some(f), Some(t)) = (from, to) {
        if t < f {
            return Err(anyhow!("--to {t} is before --from {f}"));
        }
    }
    let now = args
        .now
        .as_deref()
        .map(|n| instant(n).map_err(|e| anyhow!("--now: {e}")))
        .transpose()?;
    // Business clocks precompute the stretch the tickets most likely lie in; anything
    // outside it is still counted exactly, only more slowly.
    let lo = from.map_or(
        CivilDate::parse("2015-01-01")
            .map(CivilDate::to_days)
            .unwrap_or(0),
        |f| f.to_days() - 62,
    ) * DAY;
    let hi = to
        .map(|t| (t.to_days() + 400) * DAY)
        .or(now.map(|n| n + 400 * DAY))
        .unwrap_or(
            CivilDate::parse("2040-01-01")
                .map(CivilDate::to_days)
                .unwrap_or(0)
                * DAY,
        );
    crate::measure::zendesk::check(&project.config.helpdesk).map_err(|e| anyhow!(e))?;
    let plan = Plan::new(&standards, &all, (lo, hi.max(lo))).map_err(|e| anyhow!(e))?;
    let bound = |tz: &jiff::tz::TimeZone,
                 d: Option<CivilDate>,
                 next: bool|
     -> anyhow::Result<Option<i64>> {
        d.map(|d| {
            let d = if next {
                CivilDate::from_days(d.to_days() + 1)
            } else {
                d
            };
            day_start(tz, d).map_err(|e| anyhow!(e))
        })
        .transpose()
    };
    let utc = jiff::tz::TimeZone::UTC;
    let windows = plan
        .regions
        .iter()
        .map(|r| Ok((bound(&r.tz, from, false)?, bound(&r.tz, to, true)?)))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let known_now = match (now, to) {
        (Some(n), _) => Some(vec![n; plan.regions.len()]),
        (None, Some(_)) => Some(windows.iter().map(|w| w.1.unwrap_or(0)).collect()),
        (None, None) => None,
    };
    let rules = Rules {
        plan: &plan,
        helpdesk: &project.config.helpdesk,
        windows,
        utc_window: (bound(&utc, from, false)?, bound(&utc, to, true)?),
        now: known_now.clone(),
    };
    let files: Vec<TicketFile> = args
        .tickets
        .iter()
        .map(|p| TicketFile {
            path: p.clone(),
            shown: p.display().to_string(),
        })
        .collect();
    let jobs = super::jobs(args.jobs);
    let mut tally = count(&files, &rules, jobs, chunk_bytes()?).map_err(|e| anyhow!(e))?;
    if tally.error_count > 0 {
        return Err(row_errors(&tally, &files).into());
    }
    let now = match known_now {
        Some(n) => n,
        None => {
            let latest = tally.latest.unwrap_or(0);
            let n = vec![latest; plan.regions.len()];
            tally.settle_pending(&plan, &n);
            n
        }
    };
    let shown_now = now
        .iter()
        .max()
        .or(tally.latest.as_ref())
        .and_then(|n| jiff::Timestamp::from_second(*n).ok())
        .map(|t| t.to_string());
    let report = Report::new(
        &plan,
        tally,
        Period {
            from: from.map(|d| d.to_string()),
            to: to.map(|d| d.to_string()),
            now: shown_now,
        },
    );
    let text = match args.format {
        MeasureFormat::Human => printer::human(&report),
        MeasureFormat::Markdown => printer::markdown(&report),
        MeasureFormat::Csv => printer::csv(&report).context("writing the CSV report")?,
        MeasureFormat::Json => printer::json(&report)?,
    };
    print(&text)?;
    Ok(match args.fail_on {
        MeasureFailOn::Missed if report.any_missed() => 1,
        _ => 0,
    })
}

/// How many bytes of a `.jsonl` file a thread counts at a time: `CSSTD_MEASURE_CHUNK_BYTES`
/// when set (for tests, to cut a small file into many chunks), else the default. The
/// report is the same for any value.
fn chunk_bytes() -> anyhow::Result<usize> {
    match std::env::var("CSSTD_MEASURE_CHUNK_BYTES") {
        Ok(v) => v.parse::<usize>().ok().filter(|n| *n > 0).ok_or_else(|| {
            anyhow!("CSSTD_MEASURE_CHUNK_BYTES: `{v}` is not a positive number of bytes")
        }),
        Err(_) => Ok(crate::measure::chunks::CHUNK_BYTES),
    }
}

/// The rows that could not be read, as input errors at `file:line` naming the column:
/// the first 20, then how many more.
fn row_errors(tally: &crate::measure::tally::Tally, files: &[TicketFile]) -> InputErrors {
    let errors = tally.sorted_errors();
    let mut diagnostics: Vec<Diagnostic> = errors
        .iter()
        .map(|e| {
            let file: Arc<str> = Arc::from(files[e.file].shown.as_str());
            let message = match &e.column {
                Some(c) => format!("column `{c}`: {}", e.message),
                None => e.message.clone(),
            };
            let line = u32::try_from(e.line.max(1)).unwrap_or(u32::MAX);
            Diagnostic::input(Pos::new(&file, line, e.col.max(1)), message)
        })
        .collect();
    let listed = diagnostics.len() as u64;
    if tally.error_count > listed {
        if let Some(last) = diagnostics.pop() {
            diagnostics.push(last.with_note(
                None,
                format!(
                    "and {} more rows that cannot be read ({} in all); the first {listed} are listed",
                    tally.error_count - listed,
                    tally.error_count
                ),
            ));
        }
    }
    InputErrors {
        diagnostics,
        sources: Sources::default(),
    }
}
