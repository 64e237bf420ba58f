//! `standard.json` written straight into a buffer, byte for byte as
//! `serde_json::to_writer_pretty(to_json(r, true))` would write it, with each clause a
//! region inherits unchanged written once per build and copied after that.
//!
//! The outer object, the `clauses` array and the flat `provenance` map are written here;
//! every other value is written by serde_json and indented to its depth (a pretty value
//! nested `d` levels deep is the top-level text with `2d` more spaces after each newline,
//! and JSON strings hold no raw newline). A clause inherited unchanged is the very table
//! of the standard or culture it comes from (tables are shared, copied on write), so its
//! item and its provenance entries are the same in every region: [`JsonCache`] keeps them
//! by table, for tables that another tree also holds, while those are alive.

use std::sync::Arc;

use super::Resolved;
use super::output::{NodeJson, SHAPE, annotations, paths_are_unique, walk_into, write_pos};
use crate::model::KEYED_LISTS;
use crate::model::node::Node;
use crate::model::table_cache::{TableCache, address};

/// Clause items and their provenance entries already written, by table (kept while the
/// table is alive; see [`TableCache`]).
#[derive(Default)]
pub struct JsonCache {
    done: TableCache<usize, Written>,
}

/// A clause item at depth 2, and its provenance entries (each `,\n    "path": "pos"`).
type Written = (Arc<[u8]>, Arc<[u8]>);

/// Writes `r` as pretty JSON with provenance; `None` when its paths repeat (odd keys),
/// which the caller then writes the slow way.
pub(super) fn write(r: &Resolved, out: &mut Vec<u8>, cache: &JsonCache) -> Option<()> {
    if !paths_are_unique(&r.tree) {
        return None;
    }
    // The clause items, each with its provenance entries, cached where shared. (An empty
    // list, or one with other values than tables, is written like any other value.)
    let clauses: Option<Vec<Written>> = r
        .get("clauses")
        .and_then(Node::array)
        .filter(|items| !items.is_empty() && items.iter().all(|i| i.table().is_some()))
        .map(|items| {
            items
                .iter()
                .enumerate()
                .map(|(i, item)| clause(item, i, cache))
                .collect()
        });

    out.extend_from_slice(b"{\n  \"chain\": ");
    nested(&r.chain, 1, out);
    for (key, empty) in SHAPE {
        out.extend_from_slice(b",\n  ");
        string(key, out);
        out.extend_from_slice(b": ");
        match (r.get(key), &clauses) {
            (Some(_), Some(clauses)) if key == "clauses" => {
                out.push(b'[');
                for (i, (item, _)) in clauses.iter().enumerate() {
                    out.extend_from_slice(if i == 0 { b"\n    " } else { b",\n    " });
                    out.extend_from_slice(item);
                }
                out.extend_from_slice(b"\n  ]");
            }
            (Some(node), _) => nested(&NodeJson(node), 1, out),
            (None, _) => nested(&empty(), 1, out),
        }
    }
    for (k, node) in annotations(r) {
        out.extend_from_slice(b",\n  ");
        string(k, out);
        out.extend_from_slice(b": ");
        nested(&NodeJson(node), 1, out);
    }

    out.extend_from_slice(b",\n  \"provenance\": {");
    let mut first = true;
    let mut path = String::with_capacity(128);
    let mut at = String::with_capacity(64);
    for (k, e) in r.tree.table().into_iter().flatten() {
        let keyed = KEYED_LISTS.contains(&k.as_str());
        if let (true, Some(clauses)) = (k == "clauses", &clauses) {
            // A list of tables has no whole-list entry: only its items' leaves.
            for (_, entries) in clauses {
                if !entries.is_empty() {
                    // Each entry starts with its separator; the map's first has none.
                    out.extend_from_slice(if first { &entries[1..] } else { entries });
                    first = false;
                }
            }
            continue;
        }
        path.clear();
        path.push_str(k);
        walk_into(&e.node, &mut path, keyed, &mut |p, node| {
            entry(p, node, &mut at, &mut first, out);
        });
    }
    out.extend_from_slice(if first { b"}" } else { b"\n  }" });
    out.extend_from_slice(b"\n}");
    Some(())
}

/// One clause item and its provenance entries.
fn clause(item: &Node, index: usize, cache: &JsonCache) -> Written {
    let table = match &item.value {
        crate::model::node::Value::Table(t) if Arc::strong_count(t) > 1 => Some(t),
        _ => None,
    };
    // An item is known by its table only where its path names its id, not its place.
    let table = table.filter(|_| item.id().is_some());
    if let Some(hit) = table.and_then(|t| cache.done.get(&address(t))) {
        return hit;
    }
    let mut text = Vec::with_capacity(1024);
    nested(&NodeJson(item), 2, &mut text);
    let mut entries = Vec::with_capacity(1024);
    let mut path = match item.id() {
        Some(id) => format!("clauses[{id}]"),
        None => format!("clauses[{index}]"),
    };
    let mut at = String::with_capacity(64);
    let mut first = false;
    walk_into(item, &mut path, false, &mut |p, node| {
        entry(p, node, &mut at, &mut first, &mut entries);
    });
    let written: Written = (text.into(), entries.into());
    if let Some(t) = table {
        cache.done.put(address(t), &[t], written.clone());
    }
    written
}

/// One provenance entry.
fn entry(path: &str, node: &Node, at: &mut String, first: &mut bool, out: &mut Vec<u8>) {
    out.extend_from_slice(if *first { b"\n    " } else { b",\n    " });
    *first = false;
    string(path, out);
    out.extend_from_slice(b": ");
    at.clear();
    write_pos(&node.pos, at);
    string(at, out);
}

/// A JSON string, escaped as serde_json escapes it.
fn string(s: &str, out: &mut Vec<u8>) {
    // Writing a string to a Vec cannot fail.
    let _ = serde_json::to_writer(out, s);
}

/// A pretty value `depth` levels deep.
fn nested(value: &impl serde::Serialize, depth: usize, out: &mut Vec<u8>) {
    let mut text = Vec::with_capacity(256);
    // Writing to a Vec cannot fail, and every value here can be serialized.
    let _ = serde_json::to_writer_pretty(&mut text, value);
    let mut rest = text.as_slice();
    while let Some(i) = rest.iter().position(|&b| b == b'\n') {
        out.extend_from_slice(&rest[..=i]);
        out.resize(out.len() + 2 * depth, b' ');
        rest = &rest[i + 1..];
    }
    out.extend_from_slice(rest);
}
