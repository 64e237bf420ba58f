//! Resolve: follow `extends` chains and merge each file onto its parent.
//!
//! Pure: no I/O. Each chain prefix is resolved once and shared by every culture
//! under it; the result is identical whatever the order files were found in.

mod check;
pub mod merge;
pub mod output;

use crate::diag::Diagnostic;
use crate::load::{Doc, DocKind, InputErrors, Project, sorted};
use crate::model::node::{Node, Pos, Value};
use merge::{Event, Merger};
use std::collections::BTreeMap;
use std::sync::Arc;

/// A resolved standard or region: the merged tree and what the merge did.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub id: String,
    /// From the base standard to this file.
    pub chain: Vec<String>,
    pub kind: DocKind,
    /// Abstract cultures get no handbook.
    pub is_abstract: bool,
    /// The merged tree, with `standard`, `culture`, `channels`, keyed lists...
    pub tree: Node,
    /// Overrides and locked-clause attempts along the whole chain.
    pub events: Vec<Event>,
}

impl Resolved {
    /// Is this a region (a culture that gets a handbook)?
    pub fn is_region(&self) -> bool {
        self.kind == DocKind::Culture && !self.is_abstract
    }

    /// The top-level value at `key`.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.tree.get(key)
    }

    /// The entries of a keyed list.
    pub fn list(&self, key: &str) -> &[Node] {
        self.tree.get(key).and_then(Node::array).unwrap_or_default()
    }
}

/// Every standard and culture of a project, resolved.
#[derive(Debug)]
pub struct Resolution {
    pub docs: BTreeMap<String, Arc<Resolved>>,
}

impl Resolution {
    pub fn get(&self, id: &str) -> Option<&Arc<Resolved>> {
        self.docs.get(id)
    }

    /// Regions (non-abstract cultures), sorted by id.
    pub fn regions(&self) -> impl Iterator<Item = &Arc<Resolved>> {
        self.docs.values().filter(|r| r.is_region())
    }

    /// An unknown id asked for on the command line: an error naming the closest id.
    pub fn unknown_id(&self, id: &str) -> anyhow::Error {
        crate::diag::ArgError {
            message: format!("no region, culture or standard `{id}` in this project"),
            help: crate::hint::did_you_mean(id, self.docs.keys().map(String::as_str))
                .map(|m| format!("did you mean `{m}`?")),
        }
        .into()
    }

    /// Base standards, sorted by id.
    pub fn standards(&self) -> impl Iterator<Item = &Arc<Resolved>> {
        self.docs.values().filter(|r| r.kind == DocKind::Standard)
    }
}

/// The chain of every culture, or errors for unknown parents and cycles.
pub fn chains(project: &Project) -> Result<BTreeMap<String, Vec<String>>, Vec<Diagnostic>> {
    let mut out = BTreeMap::new();
    let mut errors = Vec::new();
    let mut reported_cycles: Vec<Vec<String>> = Vec::new();
    for id in project.standards.keys() {
        out.insert(id.clone(), vec![id.clone()]);
    }
    for (id, doc) in &project.cultures {
        let mut chain = vec![id.clone()];
        let mut current = doc;
        while let Some((parent, pos)) = current.extends() {
            if let Some(at) = chain.iter().position(|c| c == parent) {
                let mut cycle: Vec<String> = chain[at..].to_vec();
                cycle.push(parent.to_string());
                let mut members = chain[at..].to_vec();
                members.sort();
                if !reported_cycles.contains(&members) {
                    reported_cycles.push(members);
                    errors.push(
                        Diagnostic::input(
                            pos.clone(),
                            format!("`extends` cycle: {}", cycle.join(" → ")),
                        )
                        .with_help("a chain must end at a base standard"),
                    );
                }
                break;
            }
            match project.doc(parent) {
                Some(p) => {
                    chain.push(parent.to_string());
                    if p.kind == DocKind::Standard {
                        chain.reverse();
                        out.insert(id.clone(), chain);
                        break;
                    }
                    current = p;
                }
                None => {
                    // Report the unknown parent once, where it is written.
                    if current.id == *id {
                        let mut d = Diagnostic::input(
                            pos.clone(),
                            format!("`extends = \"{parent}\"` names no standard or culture"),
                        );
                        if let Some(m) = crate::hint::did_you_mean(parent, project.ids()) {
                            d = d.with_help(format!("did you mean `{m}`?"));
                        }
                        errors.push(d);
                    }
                    break;
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// Resolves every standard and culture of the project.
pub fn resolve_all(project: &Project) -> Result<Resolution, InputErrors> {
    let chains = chains(project).map_err(|e| input_errors(project, e))?;
    resolve_chains(project, &chains)
}

fn input_errors(project: &Project, errors: Vec<Diagnostic>) -> InputErrors {
    InputErrors {
        diagnostics: sorted(errors),
        sources: project.sources.clone(),
    }
}

/// Finds a resolved standard or culture by id.
pub trait Lookup {
    fn resolved(&self, id: &str) -> Option<Arc<Resolved>>;
}

impl Lookup for Resolution {
    fn resolved(&self, id: &str) -> Option<Arc<Resolved>> {
        self.get(id).cloned()
    }
}

/// Resolves every standard and culture in `chains`, each prefix once.
fn resolve_chains(
    project: &Project,
    chains: &BTreeMap<String, Vec<String>>,
) -> Result<Resolution, InputErrors> {
    let fail = |errors: Vec<Diagnostic>| input_errors(project, errors);
    let mut docs: BTreeMap<String, Arc<Resolved>> = BTreeMap::new();
    let mut errors = Vec::new();
    // Shorter chains first, so every parent is resolved before its children.
    let mut order: Vec<(&String, &Vec<String>)> = chains.iter().collect();
    order.sort_by_key(|(id, chain)| (chain.len(), (*id).clone()));
    for (id, chain) in order {
        let doc = project.doc(id).expect("chains only name loaded docs");
        let parent = match chain.len() {
            1 => None,
            n => match docs.get(&chain[n - 2]) {
                Some(p) => Some(Arc::clone(p)),
                // The parent failed; its errors are already reported.
                None => continue,
            },
        };
        let (resolved, mut errs) = resolve_one(doc, chain.clone(), parent.as_deref());
        if errs.is_empty() {
            docs.insert(id.clone(), Arc::new(resolved));
        } else {
            errors.append(&mut errs);
        }
    }
    // A broken reference inherited by many cultures is one problem where it is
    // written: report it once, noting every standard or culture it affects.
    let mut broken: BTreeMap<(Pos, String), (Diagnostic, Vec<&str>)> = BTreeMap::new();
    for r in docs.values() {
        for d in check::references(r) {
            let key = (d.pos.clone(), d.message.clone());
            broken
                .entry(key)
                .or_insert_with(|| (d, Vec::new()))
                .1
                .push(&r.id);
        }
    }
    for (d, ids) in broken.into_values() {
        let only_own_file = ids.len() == 1
            && project
                .doc(ids[0])
                .is_some_and(|doc| doc.file == d.pos.file);
        if only_own_file {
            errors.push(d);
        } else {
            let ids: Vec<String> = ids.iter().map(|id| format!("`{id}`")).collect();
            errors.push(d.with_note(None, format!("affects {}", ids.join(", "))));
        }
    }
    if errors.is_empty() {
        Ok(Resolution { docs })
    } else {
        Err(fail(errors))
    }
}

/// Keys of `[culture]` that belong to each file and are never inherited.
const OWN_CULTURE_KEYS: [&str; 4] = ["id", "name", "extends", "abstract"];

/// Merges `doc` onto its resolved parent (or onto nothing for a base standard).
pub fn resolve_one(
    doc: &Doc,
    chain: Vec<String>,
    parent: Option<&Resolved>,
) -> (Resolved, Vec<Diagnostic>) {
    let mut tree = parent.map_or_else(
        || Node::new(Value::Table(Arc::default()), Pos::file_start(&doc.file)),
        |p| p.tree.clone(),
    );
    let mut events = parent.map(|p| p.events.clone()).unwrap_or_default();
    let mut merger = Merger::new(&doc.id);
    let root = tree.table_mut().expect("resolved trees are tables");
    if let Some(culture) = root.get_mut("culture").and_then(|e| e.node.table_mut()) {
        culture.retain(|k, _| !OWN_CULTURE_KEYS.contains(&k.as_str()));
    }
    let node = doc.node();
    if let Some(src) = node.table() {
        merger.merge_root(root, src);
    }
    // The file's own keys lead its `[culture]` table, before what it inherits.
    if let Some(culture) = root.get_mut("culture").and_then(|e| e.node.table_mut()) {
        let mut next = 0;
        for key in OWN_CULTURE_KEYS {
            if let Some(at) = culture.get_index_of(key) {
                culture.move_index(at, next);
                next += 1;
            }
        }
    }
    events.append(&mut merger.events);
    let resolved = Resolved {
        id: doc.id.clone(),
        chain,
        kind: doc.kind,
        is_abstract: doc.is_abstract(),
        tree,
        events,
    };
    (resolved, merger.errors)
}

/// Loads and resolves the project: the common first half of every command.
pub fn load_and_resolve(
    root: &std::path::Path,
    fs: &dyn crate::load::fs::FileSource,
) -> Result<(Project, Resolution), InputErrors> {
    let project = crate::load::load_project(root, fs)?;
    let resolution = resolve_all(&project)?;
    Ok((project, resolution))
}
