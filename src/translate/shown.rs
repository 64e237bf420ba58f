//! Which blocks each region's handbook shows in another language than its own, and the
//! catalogue units and status counts made from them.
//!
//! Reads the resolved regions and the loaded catalogues; writes nothing.

use super::catalogues::{Catalogues, Lookup, fallback_tags};
use super::extract::{self, Value, same_language};
use super::merge::Unit;
use crate::load::Project;
use crate::model::standard::Standard;
use crate::resolve::Resolution;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// One region: its handbook language and the values it shows that need translating.
#[derive(Debug)]
pub struct RegionText {
    pub region: String,
    pub lang: String,
    /// Values whose source language is not the handbook language.
    pub values: Vec<Value>,
}

impl RegionText {
    /// Does the handbook read catalogue `lang` (its own language or a more general one)?
    pub fn reads(&self, lang: &str) -> bool {
        fallback_tags(&self.lang).contains(&lang.to_ascii_lowercase())
    }
}

/// Every region, sorted by id, with what it shows in another language.
pub fn regions(project: &Project, resolution: &Resolution) -> anyhow::Result<Vec<RegionText>> {
    let languages = extract::languages_of(project);
    let mut out = Vec::new();
    for r in resolution.regions() {
        let standard =
            Standard::of(&r.tree).map_err(|e| anyhow::anyhow!("{}: {}", r.id, e.message))?;
        let lang = standard.handbook_language().to_owned();
        let fallback = standard
            .standard
            .default_language
            .as_ref()
            .map_or("en", |t| t.value)
            .to_owned();
        let values = extract::values(&r.tree, languages, &fallback, &project.catalogues.blocks)
            .into_iter()
            .filter(|v| !same_language(&v.lang, &lang))
            .collect();
        out.push(RegionText {
            region: r.id.clone(),
            lang,
            values,
        });
    }
    Ok(out)
}

/// The catalogues `translate update` refreshes when no language is named: the one of
/// each handbook language that shows text in another language (`fr-CA.po` for an
/// `fr-CA` handbook, which still falls back to `fr.po`), and every existing catalogue
/// such a handbook reads, so `es.po` serving an `es-MX` handbook stays current.
pub fn default_languages(regions: &[RegionText], catalogues: &Catalogues) -> Vec<String> {
    let mut out: Vec<String> = regions
        .iter()
        .filter(|r| !r.values.is_empty())
        .flat_map(|r| {
            let read = catalogues.chain(&r.lang).map(|l| l.lang.clone());
            std::iter::once(catalogues.home(&r.lang)).chain(read)
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The units of catalogue `lang`: every block shown by a region that reads it, in region
/// then tree order, each once, with all the places it comes from.
pub fn units(regions: &[RegionText], lang: &str) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::new();
    let mut at: HashMap<(String, String), usize> = HashMap::new();
    for r in regions.iter().filter(|r| r.reads(lang)) {
        for block in r.values.iter().flat_map(Value::units) {
            let reference = format!("{}:{}", block.pos.file, block.pos.line);
            let key = (block.path, block.text);
            match at.get(&key) {
                Some(&i) => {
                    if !out[i].references.contains(&reference) {
                        out[i].references.push(reference);
                        out[i].references.sort();
                    }
                }
                None => {
                    at.insert(key.clone(), out.len());
                    out.push(Unit {
                        ctxt: key.0,
                        id: key.1,
                        references: vec![reference],
                    });
                }
            }
        }
    }
    out
}

/// `translate status --format json` (SPEC 8).
#[derive(Debug, Serialize)]
pub struct Status {
    pub version: u32,
    pub languages: Vec<LanguageStatus>,
}

#[derive(Debug, Serialize)]
pub struct LanguageStatus {
    pub lang: String,
    /// The catalogue, relative to the project root; null when it does not exist yet.
    pub file: Option<String>,
    pub translated: usize,
    pub fuzzy: usize,
    pub untranslated: usize,
    pub obsolete: usize,
    pub regions: Vec<RegionStatus>,
}

#[derive(Debug, Serialize)]
pub struct RegionStatus {
    pub region: String,
    pub shown: usize,
    pub translated: usize,
    pub fuzzy: usize,
    pub untranslated: usize,
}

impl Status {
    /// Does some region show an untranslated or fuzzy block (exit 1)?
    pub fn incomplete(&self) -> bool {
        self.languages
            .iter()
            .flat_map(|l| &l.regions)
            .any(|r| r.fuzzy + r.untranslated > 0)
    }
}

/// The status of catalogues `langs`; a region is listed under the catalogue of its
/// handbook language (its counts include what it takes from a fallback such as `fr.po`).
pub fn status(regions: &[RegionText], catalogues: &Catalogues, langs: &[String]) -> Status {
    let mut by_lang: BTreeMap<String, LanguageStatus> = BTreeMap::new();
    for lang in langs {
        let loaded = catalogues.get(lang);
        let mut s = LanguageStatus {
            lang: lang.clone(),
            file: loaded.map(|l| l.file.to_string()),
            translated: 0,
            fuzzy: 0,
            untranslated: 0,
            obsolete: 0,
            regions: Vec::new(),
        };
        for e in loaded.iter().flat_map(|l| &l.catalogue.entries) {
            if e.obsolete {
                s.obsolete += 1;
            } else if e.is_fuzzy() && !e.msgstr.is_empty() {
                s.fuzzy += 1;
            } else if e.msgstr.is_empty() {
                s.untranslated += 1;
            } else {
                s.translated += 1;
            }
        }
        for r in regions.iter().filter(|r| !r.values.is_empty()) {
            if !r.lang.eq_ignore_ascii_case(lang) {
                continue;
            }
            let mut rs = RegionStatus {
                region: r.region.clone(),
                shown: 0,
                translated: 0,
                fuzzy: 0,
                untranslated: 0,
            };
            for block in r.values.iter().flat_map(Value::units) {
                rs.shown += 1;
                match catalogues.lookup(&r.lang, &block.path, &block.text) {
                    Lookup::Translated(..) => rs.translated += 1,
                    Lookup::Fuzzy(..) => rs.fuzzy += 1,
                    Lookup::Missing => rs.untranslated += 1,
                }
            }
            s.regions.push(rs);
        }
        by_lang.insert(lang.clone(), s);
    }
    Status {
        version: 1,
        languages: by_lang.into_values().collect(),
    }
}

/// The share of `part` in `whole` as a whole percentage, rounded down so that 100% means
/// everything.
pub fn percent(part: usize, whole: usize) -> usize {
    (part * 100).checked_div(whole).unwrap_or(100)
}

/// `translate status` for people: one line per catalogue, one per region under it.
pub fn status_text(status: &Status) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    for l in &status.languages {
        let _ = writeln!(
            out,
            "{}  {}: {} translated, {} fuzzy, {} untranslated, {} obsolete",
            l.lang,
            l.file.as_deref().unwrap_or("(no catalogue yet)"),
            l.translated,
            l.fuzzy,
            l.untranslated,
            l.obsolete
        );
        for r in &l.regions {
            let _ = writeln!(
                out,
                "  {}: {} blocks shown, {} translated ({}%), {} fuzzy, {} untranslated",
                r.region,
                r.shown,
                r.translated,
                percent(r.translated, r.shown),
                r.fuzzy,
                r.untranslated
            );
        }
    }
    if status.languages.is_empty() {
        out.push_str("no handbook shows text in another language than its own\n");
    }
    out
}
