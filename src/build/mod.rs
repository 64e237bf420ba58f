//! Build: render every region and stream its files into a [`Sink`] (the staging folder, or
//! a comparison with `--out` for `--check`), keeping only paths and digests.
//!
//! Regions render in parallel, each on its own; a region's files are handed to the sink as
//! soon as they are rendered and then dropped, so memory does not grow with the number of
//! regions. Rendering never touches the disk; the sinks in [`output`] are the only places
//! that do, and they never delete a file csstd did not write.

pub mod fault;
pub mod lock;
pub mod output;
pub mod pipeline;

pub use pipeline::{BuildConfig, BuildReport, Outcome, Target, run};

use crate::model::standard::Heading;
use crate::render::{RenderContext, RenderError, Templates};
use crate::resolve::Resolved;
use crate::resolve::output::write_json_pretty;
use crate::translate::apply::Translator;
use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// The name of the manifest that records what csstd wrote.
pub const MANIFEST: &str = "manifest.json";

/// Which formats a build writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Emit {
    pub md: bool,
    pub html: bool,
    /// The assistant's brief (`agent.md`, `agent.json`) where `[agent] enabled = true`.
    pub agent: bool,
}

/// A region to render, or one held back by lint errors: what the index says of it.
#[derive(Debug, Clone)]
pub struct Planned {
    pub id: String,
    /// `culture.name`, else the id.
    pub name: String,
    pub chain: Vec<String>,
    /// The handbook language.
    pub lang: String,
    /// Lint errors that hold it back.
    pub errors: usize,
    /// `[agent] enabled = true`: the region gets an assistant's brief.
    pub agent: bool,
}

impl Planned {
    /// A region as the index lists it, with no errors yet.
    pub fn of(r: &Resolved) -> Planned {
        let heading = Heading::of(&r.tree).ok();
        let name = heading
            .as_ref()
            .and_then(|h| h.culture.as_ref()?.name.as_ref().map(|n| n.value));
        Planned {
            id: r.id.clone(),
            name: name.unwrap_or(&r.id).to_owned(),
            chain: r.chain.clone(),
            lang: heading
                .as_ref()
                .map_or("en", Heading::handbook_language)
                .to_owned(),
            errors: 0,
            agent: heading.as_ref().is_some_and(Heading::agent_enabled),
        }
    }
}

/// One output file as the manifest records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Written {
    /// Relative to `--out`, with `/`.
    pub path: String,
    /// Lowercase hex.
    pub sha256: String,
    pub bytes: usize,
}

/// Where rendered files go. Called from several threads at once, once per path.
pub trait Sink: Sync {
    /// Takes one output file (`path` relative to `--out`).
    fn put(&self, path: &str, bytes: &[u8]) -> anyhow::Result<()>;
}

/// Why a build stopped.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// A template failed: an error of the whole build.
    #[error(transparent)]
    Render(#[from] RenderError),
    /// The sink could not take a file.
    #[error(transparent)]
    Output(anyhow::Error),
}

/// What every region's rendering needs.
pub struct Renderer<'a> {
    pub templates: &'a Templates,
    pub ctx: &'a RenderContext,
    pub emit: Emit,
    /// Resolves a region by id when its turn comes.
    pub region: &'a (dyn Fn(&str) -> anyhow::Result<Arc<Resolved>> + Sync),
    /// The project's catalogues, when it has any: handbooks show their translations.
    pub translator: Option<&'a Translator<'a>>,
}

impl Renderer<'_> {
    /// Renders one region's files, in the order they are listed in its folder.
    pub fn region(&self, r: &Resolved) -> Result<Vec<(String, Vec<u8>)>, RenderError> {
        let mut out = Vec::with_capacity(5);
        if self.emit.md || self.emit.html || self.emit.agent {
            let data = self
                .templates
                .region_data_for(r, self.translator, self.emit.agent)?;
            if let Some(md) = self.templates.agent_md_of(&data, self.ctx) {
                out.push((format!("{}/agent.md", r.id), md?.into_bytes()));
            }
            if let Some(json) = Templates::agent_json_of(&data) {
                out.push((format!("{}/agent.json", r.id), json));
            }
            if self.emit.md {
                let md = self.templates.handbook_md_of(&data, self.ctx)?;
                out.push((format!("{}/handbook.md", r.id), md.into_bytes()));
            }
            if self.emit.html {
                let html = self.templates.handbook_html_of(&data, self.ctx)?;
                out.push((format!("{}/handbook.html", r.id), html.into_bytes()));
            }
        }
        let mut json = Vec::with_capacity(64 * 1024);
        write_json_pretty(r, true, &mut json);
        json.push(b'\n');
        out.push((format!("{}/standard.json", r.id), json));
        Ok(out)
    }

    /// Renders every planned region without errors (in parallel, on the current rayon
    /// pool), then the index and the manifest, handing each file to `sink`. Returns the
    /// manifest's list: every file but the manifest itself, in path order.
    pub fn build(
        &self,
        planned: &[Planned],
        standards: &[&Resolved],
        sink: &dyn Sink,
    ) -> Result<Vec<Written>, BuildError> {
        // Chain by chain, so the prefixes that regions share stay at hand: each worker
        // takes a contiguous run of regions at a time.
        let mut order: Vec<&Planned> = planned.iter().filter(|p| p.errors == 0).collect();
        order.sort_by(|a, b| a.chain.cmp(&b.chain));
        let runs = rayon::current_num_threads() * 4;
        let per_run: Vec<Vec<Written>> = order
            .par_chunks(order.len().div_ceil(runs).max(1))
            .map(|run| {
                let mut written = Vec::with_capacity(run.len() * 3);
                for p in run {
                    let r = (self.region)(&p.id).map_err(BuildError::Output)?;
                    for (path, bytes) in self.region(&r)? {
                        written.push(put(sink, path, &bytes)?);
                    }
                }
                Ok(written)
            })
            .collect::<Result<_, BuildError>>()?;
        let mut written: Vec<Written> = per_run.into_iter().flatten().collect();
        let index = index_data(planned, standards, self.emit);
        if self.emit.md {
            let md = self.templates.index_md(&index, self.ctx)?;
            written.push(put(sink, "index.md".into(), md.as_bytes())?);
        }
        if self.emit.html {
            let html = self.templates.index_html(&index, self.ctx)?;
            written.push(put(sink, "index.html".into(), html.as_bytes())?);
        }
        written.sort_by(|a, b| a.path.cmp(&b.path));
        let manifest = pretty(&manifest(&written, &self.ctx.csstd_version));
        put(sink, MANIFEST.into(), &manifest)?;
        Ok(written)
    }
}

/// Hands one file to the sink and records its digest.
fn put(sink: &dyn Sink, path: String, bytes: &[u8]) -> Result<Written, BuildError> {
    sink.put(&path, bytes).map_err(BuildError::Output)?;
    Ok(Written {
        sha256: hex(&Sha256::digest(bytes)),
        bytes: bytes.len(),
        path,
    })
}

fn hex(digest: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(digest.len() * 2);
    for b in digest {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

fn pretty(v: &impl Serialize) -> Vec<u8> {
    let mut s = serde_json::to_vec_pretty(v).unwrap_or_default();
    s.push(b'\n');
    s
}

/// Every string of chain prefixes (base standards, abstract cultures, cultures that others
/// extend): the text that many regions' handbooks share (see [`Templates::share_texts`]).
pub fn shared_texts<'a>(prefixes: impl IntoIterator<Item = &'a Resolved>) -> Vec<&'a Arc<str>> {
    fn walk<'a>(node: &'a crate::model::node::Node, out: &mut Vec<&'a Arc<str>>) {
        use crate::model::node::Value as V;
        match &node.value {
            V::Str(s) => out.push(s),
            V::Array(items) => items.iter().for_each(|n| walk(n, out)),
            V::Table(t) => t.values().for_each(|e| walk(&e.node, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for r in prefixes {
        walk(&r.tree, &mut out);
    }
    out
}

/// What the index templates see as `index`.
#[derive(Debug, Serialize)]
pub struct Index<'a> {
    pub regions: Vec<IndexRegion<'a>>,
    pub standards: Vec<IndexStandard<'a>>,
}

/// One region in the index: built, or held back with its error count.
#[derive(Debug, Serialize)]
pub struct IndexRegion<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub chain: &'a [String],
    pub lang: &'a str,
    pub built: bool,
    pub errors: usize,
    /// Paths relative to the index, where that format was written.
    pub html: Option<String>,
    pub md: Option<String>,
    /// The assistant's brief (`agent.md`), where one was written.
    pub agent: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct IndexStandard<'a> {
    pub id: &'a str,
    pub title: Option<&'a str>,
    pub version: Option<&'a str>,
}

fn index_data<'a>(planned: &'a [Planned], standards: &'a [&Resolved], emit: Emit) -> Index<'a> {
    let regions = planned
        .iter()
        .map(|p| {
            let built = p.errors == 0;
            IndexRegion {
                id: &p.id,
                name: &p.name,
                chain: &p.chain,
                lang: &p.lang,
                built,
                errors: p.errors,
                html: (built && emit.html).then(|| format!("{}/handbook.html", p.id)),
                md: (built && emit.md).then(|| format!("{}/handbook.md", p.id)),
                agent: (built && emit.agent && p.agent).then(|| format!("{}/agent.md", p.id)),
            }
        })
        .collect();
    let standards = standards
        .iter()
        .map(|s| {
            let meta = Heading::of(&s.tree).ok().map(|h| h.standard);
            IndexStandard {
                id: &s.id,
                title: meta
                    .as_ref()
                    .and_then(|m| m.title.as_ref().map(|t| t.value)),
                version: meta
                    .as_ref()
                    .and_then(|m| m.version.as_ref().map(|v| v.value)),
            }
        })
        .collect();
    Index { regions, standards }
}

/// `manifest.json`: the csstd version and every output file with its sha256.
#[derive(Debug, Serialize)]
struct Manifest<'a> {
    version: u32,
    csstd_version: &'a str,
    files: &'a [Written],
}

fn manifest<'a>(files: &'a [Written], version: &'a str) -> Manifest<'a> {
    Manifest {
        version: 1,
        csstd_version: version,
        files,
    }
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
