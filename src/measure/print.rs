//! Printers of the attainment report: `human` (a table per region and a summary line),
//! `markdown` (for a monthly report or a pull request), `csv` (one row per region and
//! SLA) and `json` (SPEC 9). They format; they decide nothing.

use super::report::{Report, SlaReport};

fn or_dash(v: Option<&str>) -> &str {
    v.unwrap_or("—")
}

fn attainment(s: &SlaReport) -> String {
    s.attainment.map_or_else(|| "—".into(), |a| format!("{a}%"))
}

fn kept_word(k: Option<bool>) -> &'static str {
    match k {
        Some(true) => "kept",
        Some(false) => "MISSED",
        None => "no data",
    }
}

fn period(r: &Report) -> String {
    format!(
        "{} to {}, now {}",
        r.from.as_deref().unwrap_or("the first ticket"),
        r.to.as_deref().unwrap_or("the last ticket"),
        r.now.as_deref().unwrap_or("—")
    )
}

fn summary_line(r: &Report) -> String {
    let s = &r.summary;
    format!(
        "{} SLAs: {} kept, {} missed, {} without data; {} tickets, {} unmatched",
        s.slas,
        s.kept,
        s.missed,
        s.slas - s.kept - s.missed,
        s.tickets,
        s.unmatched
    )
}

/// Aligned columns, the first left-aligned and the rest right-aligned.
fn table(rows: &[Vec<String>]) -> String {
    let widths: Vec<usize> = (0..rows[0].len())
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::from("  ");
        for (c, cell) in row.iter().enumerate() {
            let pad = widths[c] - cell.chars().count();
            if c == 0 {
                line.push_str(cell);
                line.push_str(&" ".repeat(pad));
            } else {
                line.push_str("  ");
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

const HEAD: [&str; 11] = [
    "SLA",
    "clock",
    "within",
    "met",
    "missed",
    "open",
    "attainment",
    "target",
    "p50",
    "p90",
    "kept",
];

fn cells(s: &SlaReport) -> Vec<String> {
    vec![
        s.id.clone(),
        s.clock.to_owned(),
        s.within.clone(),
        s.met.to_string(),
        s.missed.to_string(),
        s.open.to_string(),
        attainment(s),
        s.target.clone(),
        or_dash(s.p50.as_deref()).to_owned(),
        or_dash(s.p90.as_deref()).to_owned(),
        kept_word(s.kept).to_owned(),
    ]
}

pub fn human(r: &Report) -> String {
    let mut out = format!("Service levels measured, {}\n", period(r));
    for region in &r.regions {
        out.push_str(&format!(
            "\n{}: {} tickets, {} unmatched\n",
            region.region, region.tickets, region.unmatched
        ));
        if region.slas.is_empty() {
            out.push_str("  no SLAs\n");
        } else {
            let mut rows = vec![HEAD.iter().map(|h| (*h).to_owned()).collect()];
            rows.extend(region.slas.iter().map(cells));
            out.push_str(&table(&rows));
        }
        for m in &region.metrics {
            out.push_str(&format!(
                "  metric {}: {}{}\n",
                m.id,
                m.value
                    .map_or_else(|| "not measured".into(), |v| format!("{v}%")),
                match (m.target.as_deref(), m.kept) {
                    (Some(t), Some(k)) => format!(" (target {t}, {})", kept_word(Some(k))),
                    (Some(t), None) => format!(" (target {t})"),
                    _ => String::new(),
                }
            ));
        }
    }
    if !r.unmatched.is_empty() {
        out.push_str("\nunmatched tickets (map them in [helpdesk] of csstd.toml):\n");
        for u in &r.unmatched {
            out.push_str(&format!("  {} `{}`: {}\n", u.field, u.value, u.tickets));
        }
    }
    out.push_str(&format!("\n{}\n", summary_line(r)));
    out
}

/// A Markdown table cell: pipes escaped, no line breaks.
fn md(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

pub fn markdown(r: &Report) -> String {
    let mut out = format!("# Service levels\n\n{}.\n", md(&period(r)));
    for region in &r.regions {
        out.push_str(&format!(
            "\n## {}\n\n{} tickets, {} unmatched.\n\n",
            md(&region.region),
            region.tickets,
            region.unmatched
        ));
        if !region.slas.is_empty() {
            out.push_str(&format!("| {} |\n", HEAD.join(" | ")));
            out.push_str(&format!("| --- |{}\n", " ---: |".repeat(HEAD.len() - 1)));
            for s in &region.slas {
                let row: Vec<String> = cells(s).iter().map(|c| md(c)).collect();
                out.push_str(&format!("| {} |\n", row.join(" | ")));
            }
        }
        if !region.metrics.is_empty() {
            out.push_str("\n| metric | target | value | kept |\n| --- | --- | ---: | --- |\n");
            for m in &region.metrics {
                out.push_str(&format!(
                    "| {} | {} | {} | {} |\n",
                    md(&m.id),
                    md(or_dash(m.target.as_deref())),
                    m.value
                        .map_or_else(|| "not measured".into(), |v| format!("{v}%")),
                    kept_word(m.kept)
                ));
            }
        }
    }
    if !r.unmatched.is_empty() {
        out.push_str(
            "\n## Unmatched tickets\n\n| field | value | tickets |\n| --- | --- | ---: |\n",
        );
        for u in &r.unmatched {
            out.push_str(&format!(
                "| {} | {} | {} |\n",
                u.field,
                md(&u.value),
                u.tickets
            ));
        }
    }
    out.push_str(&format!("\n**{}.**\n", summary_line(r)));
    out
}

pub fn csv(r: &Report) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "region",
        "sla",
        "channel",
        "priority",
        "tier",
        "measure",
        "within",
        "clock",
        "target",
        "met",
        "missed",
        "open",
        "attainment",
        "kept",
        "p50",
        "p90",
    ])?;
    for region in &r.regions {
        for s in &region.slas {
            w.write_record([
                region.region.as_str(),
                &s.id,
                &s.channel,
                &s.priority,
                s.tier.as_deref().unwrap_or(""),
                &s.measure,
                &s.within,
                s.clock,
                &s.target,
                &s.met.to_string(),
                &s.missed.to_string(),
                &s.open.to_string(),
                &s.attainment.map(|a| a.to_string()).unwrap_or_default(),
                s.kept.map_or("", |k| if k { "true" } else { "false" }),
                s.p50.as_deref().unwrap_or(""),
                s.p90.as_deref().unwrap_or(""),
            ])?;
        }
    }
    let bytes = w
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

pub fn json(r: &Report) -> serde_json::Result<String> {
    Ok(format!("{}\n", serde_json::to_string_pretty(r)?))
}
