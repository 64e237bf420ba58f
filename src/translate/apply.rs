//! A region's tree as its handbook shows it: each translatable block replaced by its
//! translation where a catalogue has one, and a mark on every value that still shows
//! some of its source, so the page can say so.
//!
//! Works on a copy: the resolved tree (and `standard.json`) keep the source text.

use super::catalogues::{Catalogues, Lookup, lookup_in};
use super::extract::{self, same_language};
use crate::load::Project;
use crate::model::node::{Node, Pos, Value};
use crate::resolve::output::{each_leaf_mut, ways_to};
use std::collections::HashMap;
use std::sync::Arc;

/// What a handbook needs to show translations: the catalogues and the source language of
/// every file.
#[derive(Debug)]
pub struct Translator<'a> {
    project: &'a Project,
    pub catalogues: &'a Catalogues,
    languages: &'a HashMap<Arc<str>, String>,
}

/// A value shown (at least partly) in its source language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    /// The source language.
    pub lang: String,
    /// Every block of the value is in the source language (not only some).
    pub whole: bool,
    /// When only some are: the byte ranges of the shown text that hold them.
    pub kept: Vec<std::ops::Range<usize>>,
}

/// The marks of a page, by the position of the value they are about.
pub type Marks = HashMap<Pos, Mark>;

/// What [`Translator::apply`] gave for a region.
pub type Applied = Arc<Option<(Node, Marks)>>;

/// Translated trees by region and language, made by lint (the assistant's brief is
/// measured in the handbook language) and taken by the renderer, so a region is
/// translated once per build.
pub type Shown = super::kept::Kept<(String, String), Option<(Node, Marks)>>;

impl<'a> Translator<'a> {
    pub fn new(project: &'a Project) -> Translator<'a> {
        Translator {
            project,
            catalogues: &project.catalogues,
            languages: extract::languages_of(project),
        }
    }

    /// [`Translator::apply`] for the region of files `chain` (the region's own last),
    /// through the build's store: a build lints a region ([`Keep::ForLater`]) before it
    /// renders it ([`Keep::Take`], the last reader), so a region is translated once.
    /// `None` without a lookup when the region shows every text as written (each of its
    /// files is in `lang`).
    pub fn kept(
        &self,
        chain: &[String],
        tree: &Node,
        lang: &str,
        default_language: &str,
        keep: Keep,
    ) -> Applied {
        if extract::written_in(self.project, chain, lang, default_language) {
            return Arc::new(None);
        }
        let id = chain.last().map_or("", String::as_str);
        let key = (id.to_owned(), lang.to_owned());
        let make = || self.apply_to(id, tree, lang, default_language);
        match keep {
            Keep::ForLater => self.catalogues.shown.get_or(key, make),
            Keep::Take => {
                let kept = self.catalogues.shown.take(&key);
                kept.unwrap_or_else(|| Arc::new(make()))
            }
        }
    }

    /// The tree a handbook in `lang` shows, and the marks of its untranslated values;
    /// `None` when it shows the tree as it is. `default_language` is the language of
    /// values from no known file.
    pub fn apply(&self, tree: &Node, lang: &str, default_language: &str) -> Option<(Node, Marks)> {
        let values = extract::values(
            tree,
            self.languages,
            default_language,
            &self.catalogues.blocks,
        );
        self.apply_values(&values, tree, lang)
    }

    /// [`Translator::apply`] to the tree of region `id`, with the values lint found for it
    /// if it kept them.
    fn apply_to(
        &self,
        id: &str,
        tree: &Node,
        lang: &str,
        default_language: &str,
    ) -> Option<(Node, Marks)> {
        match self.catalogues.values.take(&id.to_owned()) {
            Some(values) => self.apply_values(&values, tree, lang),
            None => self.apply(tree, lang, default_language),
        }
    }

    fn apply_values(
        &self,
        values: &[extract::Value],
        tree: &Node,
        lang: &str,
    ) -> Option<(Node, Marks)> {
        let chain: Vec<_> = self.catalogues.chain(lang).collect();
        let mut texts: HashMap<String, String> = HashMap::new();
        let mut marks = Marks::new();
        for value in values {
            if same_language(&value.lang, lang) {
                continue;
            }
            let spliced = value.splice(|i| {
                let block = &value.blocks[i];
                match lookup_in(&chain, &value.path, &block.text) {
                    Lookup::Translated(text, ..) => Some(text.to_owned()),
                    Lookup::Fuzzy(..) | Lookup::Missing => None,
                }
            });
            if !spliced.kept.is_empty() {
                let whole = spliced.kept.len() == value.blocks.len();
                marks.insert(
                    value.pos.clone(),
                    Mark {
                        lang: value.lang.clone(),
                        whole,
                        kept: if whole { Vec::new() } else { spliced.kept },
                    },
                );
            }
            if spliced.text != value.source {
                texts.insert(value.path.clone(), spliced.text);
            }
        }
        if texts.is_empty() && marks.is_empty() {
            return None;
        }
        // The copy shares every table with `tree` but those on the way to a new text.
        let mut out = tree.clone();
        if !texts.is_empty() {
            let ways = ways_to(texts.keys().map(String::as_str));
            each_leaf_mut(&mut out, &|path| ways.contains(path), &mut |path, node| {
                if let Some(text) = texts.get(path) {
                    node.value = Value::Str(text.as_str().into());
                }
            });
        }
        Some((out, marks))
    }
}

/// Whether [`Translator::kept`] leaves the tree in the store for a later reader or
/// takes it out.
pub enum Keep {
    ForLater,
    Take,
}
