//! The project's catalogues, `translations/<lang>.po`, read and checked, and the lookup a
//! handbook makes: its language's catalogue, then the more general ones (`fr-CA` → `fr`).
//!
//! Reading is strict (SPEC 8, bad input); nothing here writes.

use super::po::{self, Catalogue, Entry};
use crate::diag::{Diagnostic, Sources};
use crate::load::fs::FileSource;
use crate::model::node::Pos;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

/// One catalogue file, read.
#[derive(Debug)]
pub struct Loaded {
    /// Its language tag, as the file name spells it.
    pub lang: String,
    /// Its path relative to the project root.
    pub file: Arc<str>,
    pub catalogue: Catalogue,
    /// Live entries by `msgctxt` and `msgid`: each is an entry's index, found by the hash of
    /// its two strings and compared with the entry itself, so no string is copied for it.
    index: hashbrown::HashTable<u32>,
}

/// The hash of a message's `msgctxt` (empty when it has none) and `msgid`.
fn message_hash(ctxt: &str, id: &str) -> u64 {
    use std::hash::BuildHasher as _;
    foldhash::fast::FixedState::default().hash_one((ctxt, id))
}

fn entry_hash(e: &Entry) -> u64 {
    message_hash(e.msgctxt.as_deref().unwrap_or_default(), &e.msgid)
}

/// Is `e` the message `ctxt` + `id`?
fn is_message(e: &Entry, ctxt: &str, id: &str) -> bool {
    e.msgctxt.as_deref().unwrap_or_default() == ctxt && e.msgid == id
}

impl Loaded {
    /// Builds the lookup index of a catalogue.
    pub fn new(lang: &str, file: Arc<str>, catalogue: Catalogue) -> Loaded {
        let entries = &catalogue.entries;
        let mut index = hashbrown::HashTable::with_capacity(entries.len());
        for (i, e) in entries.iter().enumerate().filter(|(_, e)| !e.obsolete) {
            let i = u32::try_from(i).expect("a catalogue holds fewer than 2^32 entries");
            let ctxt = e.msgctxt.as_deref().unwrap_or_default();
            // The parser refuses a repeated message, but `msgctxt ""` and no msgctxt are
            // one key here: the later entry is found, as it always was.
            let found = index.find_entry(entry_hash(e), |&j: &u32| {
                is_message(&entries[j as usize], ctxt, &e.msgid)
            });
            match found {
                Ok(mut found) => *found.get_mut() = i,
                Err(_) => {
                    index.insert_unique(entry_hash(e), i, |&j| entry_hash(&entries[j as usize]));
                }
            }
        }
        Loaded {
            lang: lang.to_owned(),
            file,
            catalogue,
            index,
        }
    }

    /// The live entry for a block.
    pub fn entry(&self, ctxt: &str, id: &str) -> Option<&Entry> {
        let entries = &self.catalogue.entries;
        let &i = self.index.find(message_hash(ctxt, id), |&j| {
            is_message(&entries[j as usize], ctxt, id)
        })?;
        entries.get(i as usize)
    }

    /// The position of an entry in the file, for findings about it.
    pub fn pos_of(&self, entry: &Entry) -> Pos {
        Pos::new(&self.file, entry.line.max(1), entry.column.max(1))
    }
}

/// Every catalogue of the project, by lowercased language tag.
#[derive(Debug, Default)]
pub struct Catalogues {
    pub by_lang: BTreeMap<String, Loaded>,
    /// The blocks of each Markdown value, by where it is written: a clause of the base
    /// standard is cut once per build, not once per region and again for lint.
    pub(crate) blocks: super::extract::BlockCache,
    /// The source language of every file, worked out once per project.
    pub(crate) languages: std::sync::OnceLock<HashMap<Arc<str>, String>>,
    /// Regions' translated trees that lint made and the renderer has not yet taken (see
    /// [`super::apply::Translator::kept`]).
    pub(crate) shown: super::apply::Shown,
    /// Regions' translatable values that lint cut and the renderer has not yet taken, so
    /// a region's values are found once per build.
    pub(crate) values: super::kept::Kept<String, Vec<super::extract::Value>>,
}

/// What a handbook in some language finds for a block.
#[derive(Debug, Clone, Copy)]
pub enum Lookup<'a> {
    /// A translation to show, and the catalogue it comes from.
    Translated(&'a str, &'a Loaded, &'a Entry),
    /// Only a fuzzy translation: the source is shown.
    Fuzzy(&'a Loaded, &'a Entry),
    /// No translation.
    Missing,
}

impl Lookup<'_> {
    pub fn is_translated(&self) -> bool {
        matches!(self, Lookup::Translated(..))
    }
}

/// `fr-CA` → `["fr-ca", "fr"]`: a tag and its more general forms, lowercased.
pub fn fallback_tags(lang: &str) -> Vec<String> {
    let lower = lang.to_ascii_lowercase().replace('_', "-");
    let parts: Vec<&str> = lower.split('-').collect();
    (1..=parts.len())
        .rev()
        .map(|n| parts[..n].join("-"))
        .collect()
}

/// Is `tag` shaped like a BCP-47 language tag (`ja`, `fr-CA`, `zh-Hans-CN`)?
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

impl Catalogues {
    /// The catalogue of exactly `lang`.
    pub fn get(&self, lang: &str) -> Option<&Loaded> {
        self.by_lang.get(&lang.to_ascii_lowercase())
    }

    /// The catalogues a handbook in `lang` reads, most specific first.
    pub fn chain(&self, lang: &str) -> impl Iterator<Item = &Loaded> {
        fallback_tags(lang)
            .into_iter()
            .filter_map(|t| self.by_lang.get(&t))
    }

    /// The catalogue of handbooks in `lang` (SPEC 8: `translate update` writes one per
    /// handbook language in use): the existing file's spelling of the tag, else `lang`.
    /// It is read first; `fr-CA.po` falls back to `fr.po` entry by entry.
    pub fn home(&self, lang: &str) -> String {
        self.get(lang)
            .map_or_else(|| lang.to_owned(), |l| l.lang.clone())
    }

    /// What a handbook in `lang` shows for a block: the first translation along the
    /// fallback chain, else the first fuzzy one, else nothing.
    pub fn lookup(&self, lang: &str, ctxt: &str, id: &str) -> Lookup<'_> {
        lookup_in(&self.chain(lang).collect::<Vec<_>>(), ctxt, id)
    }
}

/// [`Catalogues::lookup`] along a chain worked out once (per region, not per block).
pub fn lookup_in<'a>(chain: &[&'a Loaded], ctxt: &str, id: &str) -> Lookup<'a> {
    let mut fuzzy = None;
    for &loaded in chain {
        if let Some(e) = loaded.entry(ctxt, id) {
            if e.is_translated() {
                return Lookup::Translated(&e.msgstr, loaded, e);
            }
            if e.is_fuzzy() && !e.msgstr.is_empty() && fuzzy.is_none() {
                fuzzy = Some(Lookup::Fuzzy(loaded, e));
            }
        }
    }
    fuzzy.unwrap_or(Lookup::Missing)
}

/// Reads every `*.po` file in `dir` (relative to the project root), recording each text in
/// `sources` for messages that quote it. A missing folder is no catalogue at all; a bad
/// file is an input error at its `line:col`.
pub fn load(
    fs: &dyn FileSource,
    dir: &Path,
    sources: &mut Sources,
) -> Result<Catalogues, Vec<Diagnostic>> {
    let mut out = Catalogues::default();
    let mut errors = Vec::new();
    let names = match fs.list(dir) {
        Ok(names) => names.unwrap_or_default(),
        Err(e) => {
            let file: Arc<str> = dir.to_string_lossy().replace('\\', "/").into();
            return Err(vec![Diagnostic::input(
                Pos::file_start(&file),
                format!("cannot read the translations folder: {e}"),
            )]);
        }
    };
    let mut names: Vec<String> = names.into_iter().filter(|n| n.ends_with(".po")).collect();
    names.sort();
    for name in names {
        let rel = dir.join(&name);
        let file: Arc<str> = rel.to_string_lossy().replace('\\', "/").into();
        let lang = &name[..name.len() - 3];
        if !is_language_tag(lang) {
            errors.push(
                Diagnostic::input(
                    Pos::file_start(&file),
                    format!("`{name}` is not named after a language tag"),
                )
                .with_help("name a catalogue after its handbook language: ja.po, de.po, fr-CA.po"),
            );
            continue;
        }
        let bytes = match fs.read(&rel) {
            Ok(b) => b,
            Err(e) => {
                errors.push(crate::load::read_error(&file, e));
                continue;
            }
        };
        // The text is checked to be UTF-8 once, and kept (for messages that quote it)
        // without a second copy.
        let (parsed, text) = match String::from_utf8(bytes) {
            Ok(text) => (po::parse_str(&text), text),
            Err(e) => {
                let bytes = e.into_bytes();
                let text = String::from_utf8_lossy(&bytes).into_owned();
                (po::parse(&bytes), text)
            }
        };
        let text = if text.contains('\r') {
            text.replace("\r\n", "\n")
        } else {
            text
        };
        sources.insert(Arc::clone(&file), text.into());
        match parsed {
            Ok(catalogue) => {
                let key = lang.to_ascii_lowercase();
                if let Some(other) = out.by_lang.get(&key) {
                    errors.push(Diagnostic::input(
                        Pos::file_start(&file),
                        format!(
                            "`{name}` and `{}` are catalogues of one language",
                            other.file
                        ),
                    ));
                    continue;
                }
                out.by_lang
                    .insert(key, Loaded::new(lang, Arc::clone(&file), catalogue));
            }
            Err(e) => errors.push(Diagnostic::input(
                Pos::new(&file, e.line, e.column),
                e.message,
            )),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::{fallback_tags, is_language_tag};

    #[test]
    fn a_tag_falls_back_to_its_language() {
        assert_eq!(fallback_tags("fr-CA"), ["fr-ca", "fr"]);
        assert_eq!(fallback_tags("zh-Hans-CN"), ["zh-hans-cn", "zh-hans", "zh"]);
        assert_eq!(fallback_tags("ja"), ["ja"]);
    }

    #[test]
    fn catalogue_names_must_be_language_tags() {
        for good in ["ja", "fr-CA", "zh-Hans-CN", "gsw"] {
            assert!(is_language_tag(good), "{good}");
        }
        for bad in ["", "j", "french", "fr_CA", "fr-", "../ja", "fr-CA.backup"] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }
}
