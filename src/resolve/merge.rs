//! The merge of one file onto the resolved tree of its parent (SPEC 3).
//!
//! Tables merge key by key, keyed lists by `id`, scalars and plain arrays are
//! replaced. Policy is never enforced here: a locked clause's text is simply
//! not changed and the attempt is recorded as an [`Event`] for lint.

use crate::diag::Diagnostic;
use crate::model::node::{Entry, Node, Pos, Table, Value};
use crate::model::quantity::Target;
use crate::model::standard::List;
use crate::model::{KEYED_LISTS, LOCKED_FIELDS, required_keys};
use std::sync::Arc;

/// Something the merge did that lint or diff may care about.
#[derive(Clone, Debug)]
pub enum Event {
    /// A value replaced an inherited one (both kept, with positions).
    Override {
        path: String,
        culture: String,
        old: Node,
        new: Node,
    },
    /// An attempt to change `field` of a locked clause: not applied.
    LockedModified {
        clause: String,
        field: String,
        culture: String,
        attempt: Pos,
        inherited: Pos,
    },
    /// An attempt to remove a locked clause: not applied.
    LockedRemoved {
        clause: String,
        culture: String,
        attempt: Pos,
        inherited: Pos,
    },
}

/// State of one merge step: who is merging, and what it did.
pub struct Merger<'a> {
    /// The id of the file being merged (used in `appended[].from`).
    pub source: &'a str,
    pub events: Vec<Event>,
    pub errors: Vec<Diagnostic>,
}

impl<'a> Merger<'a> {
    pub fn new(source: &'a str) -> Self {
        Merger {
            source,
            events: Vec::new(),
            errors: Vec::new(),
        }
    }

    /// Merges the top-level table `src` onto `dst`.
    pub fn merge_root(&mut self, dst: &mut Table, src: &Table) {
        for (key, entry) in src {
            if KEYED_LISTS.contains(&key.as_str()) {
                let items = entry.node.array().unwrap_or_default();
                let slot = dst.entry(key.clone()).or_insert_with(|| Entry {
                    key_pos: entry.key_pos.clone(),
                    node: Node::new(Value::Array(Vec::new()), entry.node.pos.clone()),
                });
                if let Value::Array(list) = &mut slot.node.value {
                    self.merge_keyed(key, list, items);
                }
            } else {
                self.merge_entry(dst, key, entry, key);
            }
        }
    }

    /// Merges one key of a table: tables recurse, anything else replaces.
    fn merge_entry(&mut self, dst: &mut Table, key: &str, src: &Entry, path: &str) {
        match dst.get_mut(key) {
            Some(existing) => match (&mut existing.node.value, &src.node.value) {
                (Value::Table(d), Value::Table(s)) if !replaced_whole(path) => {
                    let d = Arc::make_mut(d);
                    for (k, e) in s.iter() {
                        let child = format!("{path}.{k}");
                        self.merge_entry(d, k, e, &child);
                    }
                }
                _ => {
                    self.check_kind(path, &existing.node, &src.node);
                    self.events.push(Event::Override {
                        path: path.to_string(),
                        culture: self.source.to_string(),
                        old: existing.node.clone(),
                        new: src.node.clone(),
                    });
                    existing.node = src.node.clone();
                }
            },
            None => {
                dst.insert(key.to_string(), src.clone());
            }
        }
    }

    /// An overlay target must have the kind (duration, percent, number) of the one it replaces.
    fn check_kind(&mut self, path: &str, old: &Node, new: &Node) {
        let is_target = path.contains(".targets.") || path.ends_with("].target");
        if !is_target {
            return;
        }
        let (Some(o), Some(n)) = (
            old.str().and_then(|s| Target::parse(s).ok()),
            new.str().and_then(|s| Target::parse(s).ok()),
        ) else {
            return;
        };
        if o.kind() != n.kind() {
            self.errors.push(
                Diagnostic::input(
                    new.pos.clone(),
                    format!(
                        "`{path}` is {} here but {} where it was first set",
                        n.kind(),
                        o.kind()
                    ),
                )
                .with_note(Some(old.pos.clone()), "inherited target"),
            );
        }
    }

    /// Merges a keyed list by `id`: add, change field by field, append, remove.
    fn merge_keyed(&mut self, list: &str, dst: &mut Vec<Node>, src: &[Node]) {
        // Positions by id, so a list of tens of thousands of entries merges in linear time.
        let index_of = |dst: &[Node]| -> std::collections::HashMap<String, usize> {
            dst.iter()
                .enumerate()
                .filter_map(|(i, n)| n.id().map(|id| (id.to_string(), i)))
                .rev()
                .collect()
        };
        let mut index = index_of(dst);
        for entry in src {
            let Some(table) = entry.table() else { continue };
            let Some(id) = entry.id() else { continue };
            let found = index.get(id).copied();
            let removing = table
                .get("remove")
                .is_some_and(|e| e.node.bool() == Some(true));
            match (found, removing) {
                (Some(i), true) => {
                    let attempt = table["remove"].key_pos.clone();
                    if list == "clauses" && is_locked(&dst[i]) {
                        self.events.push(Event::LockedRemoved {
                            clause: id.to_string(),
                            culture: self.source.to_string(),
                            attempt,
                            inherited: dst[i].id_pos(),
                        });
                    } else {
                        dst.remove(i);
                        index = index_of(dst);
                    }
                }
                (Some(i), false) => self.merge_existing(list, id, &mut dst[i], table),
                (None, _) => {
                    if let Some(control) = ["remove", "append"]
                        .into_iter()
                        .find(|k| table.contains_key(*k))
                    {
                        self.errors.push(
                            Diagnostic::input(
                                table[control].key_pos.clone(),
                                format!(
                                    "`{control}` on `{list}` entry `{id}`, which is not inherited"
                                ),
                            )
                            .with_help(
                                crate::load::de::inherited_id_help(
                                    id,
                                    dst.iter().filter_map(Node::id),
                                ),
                            ),
                        );
                        continue;
                    }
                    let missing: Vec<&str> = required_keys(list)
                        .iter()
                        .copied()
                        .filter(|k| !table.contains_key(*k))
                        .collect();
                    if !missing.is_empty() {
                        let id_pos = entry.id_pos();
                        self.errors.push(
                            Diagnostic::input(
                                id_pos,
                                format!(
                                    "new `{list}` entry `{id}` is missing {}",
                                    missing
                                        .iter()
                                        .map(|k| format!("`{k}`"))
                                        .collect::<Vec<_>>()
                                        .join(", ")
                                ),
                            )
                            .with_help("an entry whose id is not inherited must be complete"),
                        );
                        continue;
                    }
                    let mut added = entry.clone();
                    if list == "clauses" {
                        if let Some(t) = added.table_mut() {
                            t.insert(
                                "appended".into(),
                                Entry {
                                    key_pos: entry.pos.clone(),
                                    node: Node::new(Value::Array(Vec::new()), entry.pos.clone()),
                                },
                            );
                        }
                    }
                    index.insert(id.to_string(), dst.len());
                    dst.push(added);
                }
            }
        }
    }

    /// Applies an overlay entry to the inherited entry with the same id.
    fn merge_existing(&mut self, list: &str, id: &str, dst: &mut Node, src: &Table) {
        let locked = list == "clauses" && is_locked(dst);
        let path = format!("{list}[{id}]");
        let Some(table) = dst.table_mut() else { return };
        for (key, e) in src {
            match key.as_str() {
                "id" => {}
                "append" => {
                    let from = Node::new(Value::Str(self.source.into()), e.node.pos.clone());
                    let mut item = Table::default();
                    item.insert(
                        "from".into(),
                        Entry {
                            key_pos: e.key_pos.clone(),
                            node: from,
                        },
                    );
                    item.insert("text".into(), e.clone());
                    let appended = table.entry("appended".into()).or_insert_with(|| Entry {
                        key_pos: e.key_pos.clone(),
                        node: Node::new(Value::Array(Vec::new()), e.node.pos.clone()),
                    });
                    if let Value::Array(a) = &mut appended.node.value {
                        a.push(Node::new(Value::Table(Arc::new(item)), e.node.pos.clone()));
                    }
                }
                k if locked && LOCKED_FIELDS.contains(&k) => {
                    let inherited = table.get(k);
                    if inherited.is_some_and(|i| i.node.same_value(&e.node)) {
                        // Restating the inherited value changes nothing: a no-op, not a violation.
                        let old = inherited
                            .map(|i| i.node.clone())
                            .unwrap_or_else(|| e.node.clone());
                        self.events.push(Event::Override {
                            path: format!("{path}.{k}"),
                            culture: self.source.to_string(),
                            old,
                            new: e.node.clone(),
                        });
                        continue;
                    }
                    self.events.push(Event::LockedModified {
                        clause: id.to_string(),
                        field: k.to_string(),
                        culture: self.source.to_string(),
                        attempt: e.node.pos.clone(),
                        inherited: inherited
                            .map_or_else(|| dst_id_pos(table), |i| i.node.pos.clone()),
                    });
                }
                k => {
                    let child = format!("{path}.{k}");
                    self.merge_entry(table, k, e, &child);
                }
            }
        }
    }
}

fn dst_id_pos(table: &Table) -> Pos {
    table
        .get("id")
        .map(|e| e.node.pos.clone())
        .unwrap_or_else(|| Pos::file_start(&"".into()))
}

/// Tables that are one value: a schedule's `hours` lists the open days, so an
/// overlay's hours replace the inherited ones (there is no way to say "closed" per day).
fn replaced_whole(path: &str) -> bool {
    path.starts_with("schedules[") && path.ends_with("].hours")
}

/// Is this clause locked?
pub fn is_locked(clause: &Node) -> bool {
    clause.get("locked").and_then(Node::bool).unwrap_or(false)
}

/// What the path of an [`Event::Override`] falls in (`clauses[c1].text`, `channels.email.schedule`...):
/// read here, beside the code that writes the paths, so no later stage parses field names.
#[derive(Debug, PartialEq, Eq)]
pub enum Place<'p> {
    /// An entry of a keyed list, by id.
    Entry(List, &'p str),
    /// A channel table, by name.
    Channel(&'p str),
    /// Anything else (`communication.formality`, `expectations.email.first_response`...).
    Other,
}

/// Where an override's path falls.
pub fn place_of(path: &str) -> Place<'_> {
    if let Some((list, rest)) = path.split_once('[') {
        if let (Some(list), Some((id, _))) = (List::named(list), rest.split_once(']')) {
            return Place::Entry(list, id);
        }
    }
    if let Some(rest) = path.strip_prefix("channels.") {
        return Place::Channel(rest.split('.').next().unwrap_or(rest));
    }
    Place::Other
}

/// Does an override's path name a target: a channel's `targets.<key>` or a metric's `target`?
pub fn is_target_path(path: &str) -> bool {
    (path.starts_with("channels.") && path.contains(".targets."))
        || (path.starts_with("metrics[") && path.ends_with("].target"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn override_paths_are_placed() {
        assert_eq!(
            place_of("clauses[greet.1].text"),
            Place::Entry(List::Clauses, "greet.1")
        );
        assert_eq!(
            place_of("metrics[csat].target"),
            Place::Entry(List::Metrics, "csat")
        );
        assert_eq!(
            place_of("channels.email.targets.first_response"),
            Place::Channel("email")
        );
        assert_eq!(place_of("channels.phone"), Place::Channel("phone"));
        assert_eq!(place_of("unknown[x].y"), Place::Other);
        assert_eq!(place_of("communication.formality"), Place::Other);
        assert!(is_target_path("channels.email.targets.first_response"));
        assert!(is_target_path("metrics[csat].target"));
        assert!(!is_target_path("expectations.targets.first_response"));
        assert!(!is_target_path("metrics[csat].title"));
    }
}
