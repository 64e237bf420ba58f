//! The resolved standard as data: the JSON shape of SPEC 3, value paths, and
//! the provenance map (`path` → `file:line:col`).

use super::Resolved;
use crate::model::KEYED_LISTS;
use crate::model::node::{Node, Value};
use serde_json::{Map, Value as J};

/// Top-level keys of the resolved standard, in output order, with their empty value.
/// A top-level key and its value when nothing sets it.
pub(crate) type Slot = (&'static str, fn() -> J);

pub(crate) const SHAPE: [Slot; 13] = [
    ("standard", || J::Object(Map::new())),
    ("culture", || J::Null),
    ("communication", || J::Object(Map::new())),
    ("expectations", || J::Object(Map::new())),
    ("channels", || J::Object(Map::new())),
    ("sections", || J::Array(Vec::new())),
    ("metrics", || J::Array(Vec::new())),
    ("clauses", || J::Array(Vec::new())),
    ("legal", || J::Array(Vec::new())),
    ("priorities", || J::Array(Vec::new())),
    ("schedules", || J::Array(Vec::new())),
    ("slas", || J::Array(Vec::new())),
    ("escalations", || J::Array(Vec::new())),
];

/// The resolved standard as a JSON tree (SPEC 3), optionally with `provenance`: the same
/// values, through the same serialization, as [`write_json_pretty`] writes.
pub fn to_json(r: &Resolved, provenance: bool) -> J {
    // Every value of a tree is representable in JSON (non-finite floats become null).
    serde_json::to_value(RegionJson { r, provenance }).unwrap_or(J::Null)
}

/// Every leaf value with its path: `channels.email.targets.first_response`,
/// `clauses[attitude.respect].text`, `culture.languages[0]`. Arrays of plain
/// values are listed both whole and element by element.
pub fn leaves(root: &Node) -> Vec<(String, &Node)> {
    let mut out = Vec::new();
    if let Some(t) = root.table() {
        for (k, e) in t {
            walk(
                &e.node,
                k.clone(),
                KEYED_LISTS.contains(&k.as_str()),
                &mut out,
            );
        }
    }
    out
}

fn walk<'a>(node: &'a Node, path: String, keyed: bool, out: &mut Vec<(String, &'a Node)>) {
    match &node.value {
        Value::Table(t) => {
            for (k, e) in t.iter() {
                walk(&e.node, format!("{path}.{k}"), false, out);
            }
        }
        Value::Array(items) => {
            if !items.iter().any(|i| i.table().is_some()) {
                out.push((path.clone(), node));
            }
            for (i, item) in items.iter().enumerate() {
                let child = match (keyed, item.id()) {
                    (true, Some(id)) => format!("{path}[{id}]"),
                    _ => format!("{path}[{i}]"),
                };
                walk(item, child, false, out);
            }
        }
        _ => out.push((path, node)),
    }
}

/// JSON without nulls, for formats that have no null (TOML).
pub fn strip_nulls(v: J) -> J {
    match v {
        J::Object(m) => J::Object(
            m.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, strip_nulls(v)))
                .collect(),
        ),
        J::Array(a) => J::Array(
            a.into_iter()
                .filter(|v| !v.is_null())
                .map(strip_nulls)
                .collect(),
        ),
        other => other,
    }
}

/// Writes the resolved standard (SPEC 3, `standard.json`) as pretty-printed JSON, straight
/// from the tree.
pub fn write_json_pretty(r: &Resolved, provenance: bool, out: &mut Vec<u8>) {
    // Writing to a Vec cannot fail, and every value here can be serialized.
    let _ = serde_json::to_writer_pretty(out, &RegionJson { r, provenance });
}

/// The top-level keys of a resolved tree that are not part of the fixed shape (its
/// annotations), in order: they follow the fixed keys in the JSON.
fn annotations(r: &Resolved) -> impl Iterator<Item = (&String, &Node)> {
    r.tree
        .table()
        .into_iter()
        .flatten()
        .filter(|(k, _)| k.as_str() != "chain" && !SHAPE.iter().any(|(s, _)| s == k))
        .map(|(k, e)| (k, &e.node))
}

/// The resolved standard in the shape of [`to_json`], serialized straight from the tree.
struct RegionJson<'a> {
    r: &'a Resolved,
    provenance: bool,
}

impl serde::Serialize for RegionJson<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let r = self.r;
        let annotations: Vec<(&String, &Node)> = annotations(r).collect();
        let len = 1 + SHAPE.len() + annotations.len() + usize::from(self.provenance);
        let mut map = serializer.serialize_map(Some(len))?;
        map.serialize_entry("chain", &r.chain)?;
        for (key, empty) in SHAPE {
            match r.get(key) {
                Some(node) => map.serialize_entry(key, &NodeJson(node))?,
                None => map.serialize_entry(key, &empty())?,
            }
        }
        for (k, node) in annotations {
            map.serialize_entry(k, &NodeJson(node))?;
        }
        if self.provenance {
            map.serialize_entry("provenance", &Provenance(&r.tree))?;
        }
        map.end()
    }
}

/// The provenance map of a tree, written path by path without collecting the paths.
struct Provenance<'a>(&'a Node);

impl serde::Serialize for Provenance<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        // A path can repeat only in odd trees (a key with a dot in it); a JSON object
        // keeps such a path once, in its first place, with its last value.
        if !paths_are_unique(self.0) {
            let mut paths: indexmap::IndexMap<String, &Node> = indexmap::IndexMap::new();
            for (path, node) in leaves(self.0) {
                paths.insert(path, node);
            }
            return serializer.collect_map(paths.iter().map(|(path, node)| (path, At(&node.pos))));
        }
        let mut map = serializer.serialize_map(None)?;
        let mut result = Ok(());
        let mut at = String::with_capacity(64);
        each_leaf(self.0, &mut |path, node| {
            if result.is_ok() {
                at.clear();
                write_pos(&node.pos, &mut at);
                result = map.serialize_entry(path, at.as_str());
            }
        });
        result?;
        map.end()
    }
}

/// `file:line:col`, without the formatting machinery (this runs once per leaf).
fn write_pos(pos: &crate::model::node::Pos, out: &mut String) {
    out.push_str(&pos.file);
    for n in [pos.line, pos.column] {
        out.push(':');
        let mut digits = [0u8; 10];
        let mut i = digits.len();
        let mut n = n;
        loop {
            i -= 1;
            digits[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        out.extend(digits[i..].iter().map(|&d| char::from(d)));
    }
}

/// Are the leaf paths of `root` all different? They are unless a key holds a character
/// of the path syntax (`.`, `[`, `]`), an id holds a bracket, or a keyed list has an
/// all-digit id (which reads like the index of an item without one) or repeats an id.
/// (An id may hold dots, `attitude.respect`: inside brackets they are not separators.)
fn paths_are_unique(root: &Node) -> bool {
    fn plain(key: &str) -> bool {
        !key.contains(['.', '[', ']'])
    }
    fn walk(node: &Node, keyed: bool) -> bool {
        match &node.value {
            Value::Table(t) => t.iter().all(|(k, e)| plain(k) && walk(&e.node, false)),
            Value::Array(items) => {
                if keyed {
                    let mut ids = std::collections::HashSet::with_capacity(items.len());
                    for id in items.iter().filter_map(Node::id) {
                        let digits = id.bytes().all(|b| b.is_ascii_digit());
                        if id.contains(['[', ']']) || digits || !ids.insert(id) {
                            return false;
                        }
                    }
                }
                items.iter().all(|item| walk(item, false))
            }
            _ => true,
        }
    }
    root.table().is_none_or(|t| {
        t.iter()
            .all(|(k, e)| plain(k) && walk(&e.node, KEYED_LISTS.contains(&k.as_str())))
    })
}

/// Calls `f` with every leaf and its path, in the order of [`leaves`].
fn each_leaf<'a>(root: &'a Node, f: &mut impl FnMut(&str, &'a Node)) {
    let mut path = String::with_capacity(128);
    if let Some(t) = root.table() {
        for (k, e) in t {
            path.clear();
            path.push_str(k);
            walk_into(&e.node, &mut path, KEYED_LISTS.contains(&k.as_str()), f);
        }
    }
}

/// Calls `f` with every leaf under `node` and its path, `path` being the node's own (as
/// [`each_leaf`] does for each top-level key; `keyed` for the lists merged by id).
fn walk_into<'a>(
    node: &'a Node,
    path: &mut String,
    keyed: bool,
    f: &mut impl FnMut(&str, &'a Node),
) {
    let len = path.len();
    match &node.value {
        Value::Table(t) => {
            for (k, e) in t.iter() {
                path.push('.');
                path.push_str(k);
                walk_into(&e.node, path, false, f);
                path.truncate(len);
            }
        }
        Value::Array(items) => {
            if !items.iter().any(|i| i.table().is_some()) {
                f(path, node);
            }
            for (i, item) in items.iter().enumerate() {
                path.push('[');
                match (keyed, item.id()) {
                    (true, Some(id)) => path.push_str(id),
                    _ => {
                        use std::fmt::Write as _;
                        let _ = write!(path, "{i}");
                    }
                }
                path.push(']');
                walk_into(item, path, false, f);
                path.truncate(len);
            }
        }
        _ => f(path, node),
    }
}

/// Calls `f` with every leaf and its path, the same leaves and paths as [`leaves`] lists,
/// letting it change the leaf (a translated handbook replaces text in a copy of the tree).
/// Paths are made by the same rules as [`walk_into`]'s; only the borrow differs.
///
/// Only nodes whose path `enter` accepts are visited, and only the tables on the way to
/// them are copied out of their shared `Arc`: the rest of a copied tree stays shared with
/// the tree it was copied from.
pub fn each_leaf_mut(
    root: &mut Node,
    enter: &impl Fn(&str) -> bool,
    f: &mut impl FnMut(&str, &mut Node),
) {
    fn walk(
        node: &mut Node,
        path: &mut String,
        keyed: bool,
        enter: &impl Fn(&str) -> bool,
        f: &mut impl FnMut(&str, &mut Node),
    ) {
        if !enter(path) {
            return;
        }
        let len = path.len();
        match &mut node.value {
            Value::Table(t) => {
                for (k, e) in std::sync::Arc::make_mut(t).iter_mut() {
                    path.push('.');
                    path.push_str(k);
                    walk(&mut e.node, path, false, enter, f);
                    path.truncate(len);
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    path.push('[');
                    match (keyed, item.id()) {
                        (true, Some(id)) => path.push_str(id),
                        _ => {
                            use std::fmt::Write as _;
                            let _ = write!(path, "{i}");
                        }
                    }
                    path.push(']');
                    walk(item, path, false, enter, f);
                    path.truncate(len);
                }
                // A whole array of plain values is a leaf too, after its items.
                if !items.iter().any(|i| i.table().is_some()) {
                    f(path, node);
                }
            }
            _ => f(path, node),
        }
    }
    let mut path = String::with_capacity(128);
    if let Value::Table(t) = &mut root.value {
        for (k, e) in std::sync::Arc::make_mut(t).iter_mut() {
            path.clear();
            path.push_str(k);
            let keyed = KEYED_LISTS.contains(&k.as_str());
            walk(&mut e.node, &mut path, keyed, enter, f);
        }
    }
}

/// The paths of the nodes on the way to each of `paths` (themselves included): what
/// [`each_leaf_mut`] must enter to reach them. Every `.` and `[` of a path may start a
/// step, so the set holds at least the nodes on the way (a key or id with a dot adds a
/// path that matches no node, which costs nothing).
pub fn ways_to<'a>(
    paths: impl IntoIterator<Item = &'a str>,
) -> std::collections::HashSet<&'a str, foldhash::fast::FixedState> {
    let mut out = std::collections::HashSet::default();
    for path in paths {
        for (i, b) in path.bytes().enumerate() {
            if b == b'.' || b == b'[' {
                out.insert(&path[..i]);
            }
        }
        out.insert(path);
    }
    out
}

/// A position as `file:line:col`.
struct At<'a>(&'a crate::model::node::Pos);

impl serde::Serialize for At<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self.0)
    }
}

/// A node as JSON: the values of [`Node::to_json`], serialized directly.
struct NodeJson<'a>(&'a Node);

impl serde::Serialize for NodeJson<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match &self.0.value {
            Value::Str(s) | Value::Date(s) => serializer.serialize_str(s),
            Value::Int(i) => serializer.serialize_i64(*i),
            Value::Float(f) if f.is_finite() => serializer.serialize_f64(*f),
            Value::Float(_) => serializer.serialize_unit(),
            Value::Bool(b) => serializer.serialize_bool(*b),
            Value::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&NodeJson(item))?;
                }
                seq.end()
            }
            Value::Table(t) => {
                let mut map = serializer.serialize_map(Some(t.len()))?;
                for (k, e) in t.iter() {
                    map.serialize_entry(k, &NodeJson(&e.node))?;
                }
                map.end()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{each_leaf_mut, leaves, ways_to};
    use crate::model::node::{Node, Value};
    use std::sync::Arc;

    fn tree() -> Node {
        let json = serde_json::json!({
            "clauses": [
                {"id": "a.b", "text": "one", "tags": ["t"]},
                {"id": "c", "text": "two"}
            ],
            "metrics": [{"id": "m", "title": "M"}]
        });
        Node::from_json(&json, &Arc::from("t.json"))
    }

    fn table_of<'a>(root: &'a Node, key: &str, i: usize) -> &'a Arc<crate::model::node::Table> {
        match &root.table().unwrap()[key].node.value {
            Value::Array(items) => match &items[i].value {
                Value::Table(t) => t,
                _ => panic!("not a table"),
            },
            _ => panic!("not an array"),
        }
    }

    #[test]
    fn a_leaf_is_changed_in_a_copy_that_shares_what_it_does_not_change() {
        let original = tree();
        let mut copy = original.clone();
        let ways = ways_to(["clauses[a.b].text"]);
        let mut seen = Vec::new();
        each_leaf_mut(&mut copy, &|p| ways.contains(p), &mut |path, node| {
            seen.push(path.to_owned());
            if path == "clauses[a.b].text" {
                node.value = Value::Str("eins".into());
            }
        });
        // Only the way to the leaf is walked: not `clauses[c]`, not `metrics`.
        assert_eq!(seen, ["clauses[a.b].text"]);
        let text = |root: &Node, want: &str| {
            leaves(root)
                .into_iter()
                .find(|(p, _)| p == want)
                .and_then(|(_, n)| n.str().map(str::to_owned))
        };
        assert_eq!(text(&copy, "clauses[a.b].text").as_deref(), Some("eins"));
        assert_eq!(text(&original, "clauses[a.b].text").as_deref(), Some("one"));
        assert_eq!(text(&copy, "clauses[c].text").as_deref(), Some("two"));
        assert!(!Arc::ptr_eq(
            table_of(&copy, "clauses", 0),
            table_of(&original, "clauses", 0)
        ));
        assert!(Arc::ptr_eq(
            table_of(&copy, "clauses", 1),
            table_of(&original, "clauses", 1)
        ));
        assert!(Arc::ptr_eq(
            table_of(&copy, "metrics", 0),
            table_of(&original, "metrics", 0)
        ));
    }
}
