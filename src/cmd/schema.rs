//! `csstd schema base|overlay|manifest`: JSON Schema for editors.

use super::print;
use crate::cli::SchemaKind;
use crate::model::schema::json_schema_for;

pub fn run(kind: SchemaKind) -> anyhow::Result<i32> {
    let name = match kind {
        SchemaKind::Base => "base",
        SchemaKind::Overlay => "overlay",
        SchemaKind::Manifest => "manifest",
    };
    let schema = json_schema_for(name).expect("every SchemaKind has a schema");
    print(&format!("{}\n", serde_json::to_string_pretty(&schema)?))?;
    Ok(0)
}
