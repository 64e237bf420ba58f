//! What a handbook template sees as `region`: the resolved standard in the shape of
//! `standard.json` (SPEC 3), built once per region and shared by both handbooks.
//!
//! Built straight from the positioned tree, with no JSON in between: the same values, in
//! the same order, as `resolve::output::to_json` would give.

use minijinja::Value;
use minijinja::value::{Enumerator, Object, ObjectExt, Serde};
use std::sync::Arc;

use crate::model::node::{Node, Value as NodeValue};
use crate::resolve::Resolved;
use crate::resolve::output::SHAPE;

/// A region's template data and the language of its handbook.
#[derive(Debug, Clone)]
pub struct RegionData {
    pub(crate) value: Value,
    pub(crate) lang: String,
}

impl RegionData {
    /// From the resolved standard as JSON (as `standard.json` has it, without provenance).
    pub fn from_json(region: &serde_json::Value) -> RegionData {
        RegionData {
            value: Value::from(Serde(region)),
            lang: super::handbook_language(region),
        }
    }

    /// From a resolved region, equal to `from_json(&to_json(r, false))`.
    pub fn from_resolved(r: &Resolved) -> RegionData {
        let mut entries = Vec::with_capacity(SHAPE.len() + 2);
        entries.push((
            Value::from("chain"),
            r.chain.iter().map(|c| Value::from(c.as_str())).collect(),
        ));
        for (key, empty) in SHAPE {
            let v = r
                .get(key)
                .map_or_else(|| Value::from(Serde(empty())), node_value);
            entries.push((Value::from(key), v));
        }
        if let Some(t) = r.tree.table() {
            for (k, e) in t {
                if !entries.iter().any(|(key, _)| key.as_str() == Some(k)) {
                    entries.push((Value::from(k.as_str()), node_value(&e.node)));
                }
            }
        }
        RegionData {
            value: Value::from_object(Record {
                entries,
            }),
            lang: language(r),
        }
    }

    /// The handbook language.
    pub fn lang(&self) -> &str {
        &self.lang
    }
}

/// The handbook language of a resolved region: `culture.handbook_language`, else
/// `standard.default_language`, else `en` (as [`super::handbook_language`] reads it from JSON).
pub fn language(r: &Resolved) -> String {
    let pick = |table: &str, key: &str| {
        r.get(table)
            .and_then(|t| t.get_str(key))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    pick("culture", "handbook_language")
        .or_else(|| pick("standard", "default_language"))
        .unwrap_or_else(|| "en".to_owned())
}

fn node_value(node: &Node) -> Value {
    match &node.value {
        NodeValue::Str(s) | NodeValue::Date(s) => Value::from(Arc::clone(s)),
        NodeValue::Int(i) => Value::from(*i),
        // JSON has no NaN or infinity: `to_json` makes them null.
        NodeValue::Float(f) if f.is_finite() => Value::from(*f),
        NodeValue::Float(_) => Value::from(()),
        NodeValue::Bool(b) => Value::from(*b),
        NodeValue::Array(items) => items.iter().map(node_value).collect(),
        NodeValue::Table(t) => Value::from_object(Record {
            entries: t
                .iter()
                .map(|(k, e)| (Value::from(k.as_str()), node_value(&e.node)))
                .collect(),
        }),
    }
}

/// A table as a template value: a map with its keys in file order. Tables have few keys,
/// so a look-up scans them, which is faster than hashing the key.
#[derive(Debug)]
struct Record {
    entries: Vec<(Value, Value)>,
}

impl Record {
    fn find(&self, key: &str) -> Option<Value> {
        self.entries
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(_, v)| v.clone())
    }
}

impl Object for Record {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.find(key.as_str()?)
    }

    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        self.find(key)
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        self.mapped_enumerator(|this| Box::new(this.entries.iter().map(|(k, _)| k.clone())))
    }

    fn enumerator_len(self: &Arc<Self>) -> Option<usize> {
        Some(self.entries.len())
    }
}
