//! `csstd translate update|status`: refresh the catalogues, report how much is translated.

use super::{Ctx, print};
use crate::cli::{ListFormat, TranslateCommand};
use crate::translate::catalogues::{Catalogues, is_language_tag};
use crate::translate::{merge, po, shown};
use std::path::Path;

pub fn run(ctx: &Ctx, command: &TranslateCommand) -> anyhow::Result<i32> {
    let (project, resolution) = ctx.load()?;
    let dir = project.config.translations_dir.clone();
    let catalogues = &project.catalogues;
    let regions = shown::regions(&project, &resolution)?;
    match command {
        TranslateCommand::Update { langs } => {
            check_tags(langs)?;
            let langs = if langs.is_empty() {
                shown::default_languages(&regions, catalogues)
            } else {
                langs.clone()
            };
            let name = project
                .standards
                .keys()
                .cloned()
                .collect::<Vec<_>>()
                .join(", ");
            // Every catalogue is merged before any is written: a failure writes nothing.
            let mut writes = Vec::new();
            for lang in &langs {
                let lang = catalogues
                    .get(lang)
                    .map_or(lang.as_str(), |l| l.lang.as_str());
                if !ctx.global.quiet && !regions.iter().any(|r| r.reads(lang)) {
                    eprintln!(
                        "note: no region's handbook is in `{lang}` (set `handbook_language = \"{lang}\"` in a culture), so {lang}.po has nothing to translate"
                    );
                }
                let units = shown::units(&regions, lang);
                let old = catalogues.get(lang).map(|l| &l.catalogue);
                let (catalogue, summary) = merge::merge(old, lang, &name, &units);
                writes.push((lang.to_owned(), po::write(&catalogue), summary));
            }
            for (lang, text, summary) in writes {
                let rel = dir.join(format!("{lang}.po"));
                let changed = write_atomic(&project.root, &rel, text.as_bytes())?;
                if !ctx.global.quiet {
                    eprintln!(
                        "{} {}: {} kept, {} fuzzy, {} new, {} made obsolete",
                        if changed { "wrote" } else { "unchanged" },
                        rel.display(),
                        summary.kept,
                        summary.fuzzy,
                        summary.new,
                        summary.obsolete
                    );
                }
            }
            Ok(0)
        }
        TranslateCommand::Status { langs, format } => {
            check_tags(langs)?;
            let langs = if langs.is_empty() {
                every_language(&regions, catalogues)
            } else {
                langs.clone()
            };
            let status = shown::status(&regions, catalogues, &langs);
            let text = match format {
                ListFormat::Json => format!("{}\n", serde_json::to_string_pretty(&status)?),
                ListFormat::Text => shown::status_text(&status),
            };
            print(&text)?;
            Ok(i32::from(status.incomplete()))
        }
    }
}

/// The catalogues `update` would refresh, and every one that exists.
fn every_language(regions: &[shown::RegionText], catalogues: &Catalogues) -> Vec<String> {
    let mut langs = shown::default_languages(regions, catalogues);
    langs.extend(catalogues.by_lang.values().map(|l| l.lang.clone()));
    langs.sort();
    langs.dedup();
    langs
}

fn check_tags(langs: &[String]) -> anyhow::Result<()> {
    match langs.iter().find(|l| !is_language_tag(l)) {
        Some(bad) => anyhow::bail!(
            "`{bad}` is not a language tag (a catalogue is named like ja, de or fr-CA)"
        ),
        None => Ok(()),
    }
}

/// Writes `bytes` to `root/rel` through a temporary sibling and a rename, so a reader
/// never sees half a catalogue; an unchanged file is not touched. Returns whether it wrote.
fn write_atomic(root: &Path, rel: &Path, bytes: &[u8]) -> anyhow::Result<bool> {
    let path = root.join(rel);
    if std::fs::read(&path).is_ok_and(|old| old == bytes) {
        return Ok(false);
    }
    let dir = path.parent().unwrap_or(root);
    std::fs::create_dir_all(dir)
        .map_err(|e| anyhow::anyhow!("cannot create `{}`: {e}", dir.display()))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp"));
    std::fs::write(&tmp, bytes)
        .and_then(|()| std::fs::rename(&tmp, &path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            anyhow::anyhow!("cannot write `{}`: {e}", rel.display())
        })?;
    Ok(true)
}
