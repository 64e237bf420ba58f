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

/// The resolved standard as JSON (SPEC 3), optionally with `provenance`.
pub fn to_json(r: &Resolved, provenance: bool) -> J {
    let mut out = Map::new();
    out.insert(
        "chain".into(),
        J::Array(r.chain.iter().cloned().map(J::String).collect()),
    );
    for (key, empty) in SHAPE {
        let v = r.get(key).map_or_else(empty, Node::to_json);
        out.insert(key.to_string(), v);
    }
    // Top-level annotations (`x-...`) are kept after the fixed keys.
    if let Some(t) = r.tree.table() {
        for (k, e) in t {
            if !out.contains_key(k) {
                out.insert(k.clone(), e.node.to_json());
            }
        }
    }
    if provenance {
        let mut map = Map::new();
        for (path, node) in leaves(&r.tree) {
            map.insert(path, J::String(node.pos.to_string()));
        }
        out.insert("provenance".into(), J::Object(map));
    }
    J::Object(out)
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
            for (k, e) in t {
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
