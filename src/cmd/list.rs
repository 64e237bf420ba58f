//! `csstd list`: regions and abstract cultures with their chains.

use super::{Ctx, print};
use crate::cli::ListFormat;
use serde_json::json;

pub fn run(ctx: &Ctx, format: ListFormat) -> anyhow::Result<i32> {
    let (project, resolution) = ctx.load()?;
    let out = match format {
        ListFormat::Json => {
            let standards: Vec<_> = project
                .standards
                .values()
                .map(|d| json!({"id": d.id, "file": &*d.file}))
                .collect();
            let cultures: Vec<_> = project
                .cultures
                .values()
                .map(|d| {
                    let chain = resolution.get(&d.id).map(|r| r.chain.clone()).unwrap_or_default();
                    json!({"id": d.id, "file": &*d.file, "abstract": d.is_abstract(), "chain": chain})
                })
                .collect();
            let v = json!({"version": 1, "standards": standards, "cultures": cultures});
            format!("{}\n", serde_json::to_string_pretty(&v)?)
        }
        ListFormat::Text => {
            let width = resolution
                .docs
                .keys()
                .map(|k| k.chars().count())
                .max()
                .unwrap_or(0);
            let mut out = String::new();
            let mut section = |title: &str, items: Vec<(&str, String)>| {
                if items.is_empty() {
                    return;
                }
                out.push_str(&format!("{title} ({})\n", items.len()));
                for (id, rest) in items {
                    out.push_str(&format!("  {id:width$}  {rest}\n"));
                }
            };
            let chain = |id: &str| {
                resolution
                    .get(id)
                    .map(|r| r.chain.join(" → "))
                    .unwrap_or_default()
            };
            section(
                "regions",
                resolution
                    .regions()
                    .map(|r| (r.id.as_str(), chain(&r.id)))
                    .collect(),
            );
            section(
                "abstract cultures",
                project
                    .cultures
                    .values()
                    .filter(|d| d.is_abstract())
                    .map(|d| (d.id.as_str(), chain(&d.id)))
                    .collect(),
            );
            section(
                "standards",
                project
                    .standards
                    .values()
                    .map(|d| (d.id.as_str(), d.file.to_string()))
                    .collect(),
            );
            out
        }
    };
    print(&out)?;
    Ok(0)
}
