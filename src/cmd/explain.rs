//! `csstd explain RULE` and `csstd rules`: rule documentation from the rule table.

use super::{Ctx, print};
use crate::cli::ListFormat;
use crate::lint::{rules, severity_in_force};
use crate::load::Config;

pub fn explain(id: &str) -> anyhow::Result<i32> {
    let Some(r) = rules::find(id) else {
        let mut msg = format!("no rule `{id}`");
        // A rule named without its principle (`weakened-target`) is found by its last part.
        let by_name = || {
            rules::RULES
                .iter()
                .map(|r| r.id)
                .find(|r| r.rsplit('/').next() == Some(id))
        };
        let close =
            by_name().or_else(|| crate::hint::did_you_mean(id, rules::RULES.iter().map(|r| r.id)));
        if let Some(m) = close {
            msg.push_str(&format!("; did you mean `{m}`?"));
        }
        anyhow::bail!("{msg} (`csstd rules` lists them all)");
    };
    let indent = |s: &str| {
        s.lines()
            .map(|l| {
                if l.is_empty() {
                    "\n".to_string()
                } else {
                    format!("    {l}\n")
                }
            })
            .collect::<String>()
    };
    let text = format!(
        "{}\n\nprinciple: {}\ndefault severity: {}\nfires when: {}\n\nWhy it matters\n    {}\n\nFails\n{}\nPasses\n{}\nConfigure or suppress\n{}",
        r.id,
        r.principle(),
        r.severity,
        r.summary,
        r.why,
        indent(r.failing),
        indent(r.passing),
        indent(&rules::configure_text(r.id)),
    );
    print(&text)?;
    Ok(0)
}

pub fn list(ctx: &Ctx, format: ListFormat) -> anyhow::Result<i32> {
    // Severities in force come from csstd.toml when run inside a project, which must then
    // be valid like for every other command; outside one, the defaults.
    let config = match ctx.root() {
        Ok(_) => ctx.load()?.0.config,
        Err(_) => Config::default(),
    };
    let severity = |r: &rules::Rule| severity_in_force(&config, r).map_or("off", |s| s.as_str());
    let text = match format {
        ListFormat::Json => {
            let list: Vec<_> = rules::all()
                .into_iter()
                .map(|r| serde_json::json!({"id": r.id, "principle": r.principle(), "severity": severity(r), "summary": r.summary}))
                .collect();
            format!(
                "{}\n",
                serde_json::to_string_pretty(&serde_json::json!({"version": 1, "rules": list}))?
            )
        }
        ListFormat::Text => {
            let width = rules::RULES.iter().map(|r| r.id.len()).max().unwrap_or(0);
            rules::all()
                .into_iter()
                .map(|r| format!("{:width$}  {:7}  {}\n", r.id, severity(r), r.summary))
                .collect()
        }
    };
    print(&text)?;
    Ok(0)
}
