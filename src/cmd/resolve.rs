//! `csstd resolve REGION`: the merged standard as TOML, JSON or YAML.

use super::{Ctx, print, unknown_id};
use crate::cli::DataFormat;
use crate::resolve::output::{strip_nulls, to_json};

pub fn run(ctx: &Ctx, id: &str, format: DataFormat, provenance: bool) -> anyhow::Result<i32> {
    let (_, resolution) = ctx.load()?;
    let resolved = resolution
        .get(id)
        .ok_or_else(|| unknown_id(id, &resolution))?;
    let value = to_json(resolved, provenance);
    let text = match format {
        DataFormat::Json => format!("{}\n", serde_json::to_string_pretty(&value)?),
        DataFormat::Toml => toml::to_string_pretty(&strip_nulls(value))?,
        DataFormat::Yaml => serde_saphyr::to_string(&value)?,
    };
    print(&text)?;
    Ok(0)
}
