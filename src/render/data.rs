//! What a handbook template sees as `region`: the resolved standard in the shape of
//! `standard.json` (SPEC 3), built once per region and shared by both handbooks, beside the
//! page itself ([`super::view`]).
//!
//! Built straight from the positioned tree, with no JSON in between: the same values, in
//! the same order, as `resolve::output::to_json` would give.

use minijinja::Value;
use minijinja::value::{Enumerator, Object, ObjectExt, Serde};
use std::sync::Arc;

use crate::model::node::{Node, Value as NodeValue};
use crate::resolve::output::SHAPE;

/// A region's template data: the resolved standard as `region`, its page as `handbook`,
/// and the language of its handbook. Made once per region and shared by both handbooks.
#[derive(Debug, Clone)]
pub struct RegionData {
    pub(crate) value: Value,
    pub(crate) handbook: Value,
    pub(crate) lang: String,
    /// The assistant's brief, when asked for and the region's agent is enabled.
    pub(crate) agent: Option<super::agent::Brief>,
}

impl RegionData {
    /// The handbook language.
    pub fn lang(&self) -> &str {
        &self.lang
    }
}

/// `region` of a resolved tree, equal to `standard.json` without provenance.
pub(super) fn region_value(chain: &[String], tree: &Node) -> Value {
    let mut entries = Vec::with_capacity(SHAPE.len() + 2);
    entries.push((
        Value::from("chain"),
        chain.iter().map(|c| Value::from(c.as_str())).collect(),
    ));
    for (key, empty) in SHAPE {
        let v = tree
            .get(key)
            .map_or_else(|| Value::from(Serde(empty())), node_value);
        entries.push((Value::from(key), v));
    }
    if let Some(t) = tree.table() {
        for (k, e) in t {
            if !entries.iter().any(|(key, _)| key.as_str() == Some(k)) {
                entries.push((Value::from(k.as_str()), node_value(&e.node)));
            }
        }
    }
    Value::from_object(Record { entries })
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
