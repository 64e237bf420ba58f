//! Build: render every region into an in-memory set of output files, then
//! either compare it with `--out` (`--check`) or swap it in atomically.
//!
//! Rendering never touches the disk; [`write`] is the only place that does,
//! and it never deletes a file csstd did not write.

pub mod output;

use crate::render::{RegionData, RenderContext, Templates};
use crate::resolve::Resolved;
use crate::resolve::output::to_json;
use rayon::prelude::*;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// Output files by path relative to `--out`, in byte order.
pub type Files = BTreeMap<String, Vec<u8>>;

/// The name of the manifest that records what csstd wrote.
pub const MANIFEST: &str = "manifest.json";

/// Which formats a build writes.
#[derive(Debug, Clone, Copy)]
pub struct Emit {
    pub md: bool,
    pub html: bool,
}

/// A region to render, or one held back by lint errors.
pub struct Planned<'a> {
    pub region: &'a Resolved,
    pub errors: usize,
}

fn pretty(v: &Value) -> Vec<u8> {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s.into_bytes()
}

/// Renders one region's files.
fn render_region(
    r: &Resolved,
    templates: &Templates,
    ctx: &RenderContext,
    emit: Emit,
) -> Result<Vec<(String, Vec<u8>)>, crate::render::RenderError> {
    let data = RegionData::from_resolved(r);
    let mut out = Vec::new();
    if emit.md {
        out.push((
            format!("{}/handbook.md", r.id),
            templates.handbook_md_of(&data, ctx)?.into_bytes(),
        ));
    }
    if emit.html {
        out.push((
            format!("{}/handbook.html", r.id),
            templates.handbook_html_of(&data, ctx)?.into_bytes(),
        ));
    }
    out.push((format!("{}/standard.json", r.id), pretty(&to_json(r, true))));
    Ok(out)
}

/// Renders every planned region (in parallel), the index and the manifest.
pub fn render_all(
    planned: &[Planned<'_>],
    standards: &[&Resolved],
    templates: &Templates,
    ctx: &RenderContext,
    emit: Emit,
) -> Result<Files, crate::render::RenderError> {
    let rendered: Vec<Vec<(String, Vec<u8>)>> = planned
        .par_iter()
        .filter(|p| p.errors == 0)
        .map(|p| render_region(p.region, templates, ctx, emit))
        .collect::<Result<_, _>>()?;
    let mut files: Files = rendered.into_iter().flatten().collect();
    let index = index_data(planned, standards, emit);
    if emit.md {
        files.insert(
            "index.md".into(),
            templates.index_md(&index, ctx)?.into_bytes(),
        );
    }
    if emit.html {
        files.insert(
            "index.html".into(),
            templates.index_html(&index, ctx)?.into_bytes(),
        );
    }
    let manifest = manifest(&files, &ctx.csstd_version);
    files.insert(MANIFEST.into(), pretty(&manifest));
    Ok(files)
}

fn index_data(planned: &[Planned<'_>], standards: &[&Resolved], emit: Emit) -> Value {
    let regions: Vec<Value> = planned
        .iter()
        .map(|p| {
            let r = p.region;
            let data = to_json(r, false);
            let built = p.errors == 0;
            json!({
                "id": r.id,
                "name": r.get("culture").and_then(|c| c.get_str("name")).unwrap_or(&r.id),
                "chain": r.chain,
                "lang": crate::render::handbook_language(&data),
                "built": built,
                "errors": p.errors,
                "html": (built && emit.html).then(|| format!("{}/handbook.html", r.id)),
                "md": (built && emit.md).then(|| format!("{}/handbook.md", r.id)),
            })
        })
        .collect();
    let standards: Vec<Value> = standards
        .iter()
        .map(|s| {
            let meta = s.get("standard");
            json!({
                "id": s.id,
                "title": meta.and_then(|m| m.get_str("title")),
                "version": meta.and_then(|m| m.get_str("version")),
            })
        })
        .collect();
    json!({ "regions": regions, "standards": standards })
}

/// `manifest.json`: the csstd version and every output file with its sha256.
fn manifest(files: &Files, version: &str) -> Value {
    let list: Vec<Value> = files
        .iter()
        .map(|(path, bytes)| {
            json!({
                "path": path,
                "sha256": format!("{:x}", Sha256::digest(bytes)),
                "bytes": bytes.len(),
            })
        })
        .collect();
    json!({ "version": 1, "csstd_version": version, "files": list })
}

/// The files an earlier build wrote, from its manifest (empty if none or unreadable).
pub fn previous_files(manifest: &[u8]) -> Vec<String> {
    let Ok(v) = serde_json::from_slice::<Value>(manifest) else {
        return Vec::new();
    };
    let mut out: Vec<String> = v["files"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["path"].as_str())
        .filter(|p| output::is_safe_relative(p))
        .map(str::to_string)
        .collect();
    out.push(MANIFEST.into());
    out
}
