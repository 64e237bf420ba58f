//! The positioned value tree every input file is parsed into.
//!
//! TOML and YAML both become a [`Node`] tree in which every value remembers the
//! file, line and column that set it. Merging, provenance, diff and lint all
//! work on this one representation, so positions never get lost between stages.

use indexmap::IndexMap;
use std::fmt;
use std::sync::Arc;

/// Where a value was written: file (relative to the project root), 1-based line and column.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    pub file: Arc<str>,
    pub line: u32,
    pub column: u32,
}

impl Pos {
    pub fn new(file: &Arc<str>, line: u32, column: u32) -> Pos {
        Pos {
            file: Arc::clone(file),
            line,
            column,
        }
    }

    /// The position of a whole file, for problems without a finer location.
    pub fn file_start(file: &Arc<str>) -> Pos {
        Pos::new(file, 1, 1)
    }
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// A table: keys in file order, each with the position of the key itself. Keys are
/// hashed with foldhash (fixed seed, so nothing depends on the run): look-ups by key are
/// the commonest operation of merging and linting, and SipHash's resistance to chosen
/// keys buys nothing for files the project itself wrote.
pub type Table = IndexMap<String, Entry, foldhash::fast::FixedState>;

/// One key of a table: where the key was written and its value.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key_pos: Pos,
    pub node: Node,
}

/// A value with the position that set it.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    pub pos: Pos,
}

/// The value of a node. Dates are kept apart from strings so `2026-01-01`
/// in TOML and `"2026-01-01"` can be told apart where it matters.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// Shared, so that cloning a resolved tree for each region copies no text.
    Str(Arc<str>),
    Int(i64),
    Float(f64),
    Bool(bool),
    Date(Arc<str>),
    Array(Vec<Node>),
    /// Shared and copied on write: a node stays small, and a resolved region shares
    /// every table it does not change (most clauses) with the culture it extends.
    Table(Arc<Table>),
}

impl Value {
    /// The word used for this kind of value in messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Str(_) => "a string",
            Value::Int(_) => "an integer",
            Value::Float(_) => "a float",
            Value::Bool(_) => "a boolean",
            Value::Date(_) => "a date",
            Value::Array(_) => "an array",
            Value::Table(_) => "a table",
        }
    }
}

impl Node {
    pub fn new(value: Value, pos: Pos) -> Node {
        Node { value, pos }
    }

    pub fn table(&self) -> Option<&Table> {
        match &self.value {
            Value::Table(t) => Some(t),
            _ => None,
        }
    }

    /// The table, copied first if another tree shares it.
    pub fn table_mut(&mut self) -> Option<&mut Table> {
        match &mut self.value {
            Value::Table(t) => Some(Arc::make_mut(t)),
            _ => None,
        }
    }

    pub fn array(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    pub fn str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) | Value::Date(s) => Some(s),
            _ => None,
        }
    }

    pub fn bool(&self) -> Option<bool> {
        match self.value {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    pub fn int(&self) -> Option<i64> {
        match self.value {
            Value::Int(i) => Some(i),
            _ => None,
        }
    }

    /// The node at `key` when this is a table.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.table().and_then(|t| t.get(key)).map(|e| &e.node)
    }

    /// The position of `key` itself when this is a table.
    pub fn key_pos(&self, key: &str) -> Option<&Pos> {
        self.table().and_then(|t| t.get(key)).map(|e| &e.key_pos)
    }

    /// The string at `key`, if present and a string.
    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Node::str)
    }

    /// Strings of an array at `key` (other elements are skipped).
    pub fn get_strs(&self, key: &str) -> Vec<&str> {
        self.get(key)
            .and_then(Node::array)
            .map(|a| a.iter().filter_map(Node::str).collect())
            .unwrap_or_default()
    }

    /// The `id` of a keyed-list entry.
    pub fn id(&self) -> Option<&str> {
        self.get_str("id")
    }

    /// Where a keyed-list entry's `id` is written (the entry itself if it has none):
    /// findings about an entry as a whole point there.
    pub fn id_pos(&self) -> Pos {
        self.get("id")
            .map_or_else(|| self.pos.clone(), |n| n.pos.clone())
    }

    /// Value equality that ignores positions (for no-op detection and diff).
    pub fn same_value(&self, other: &Node) -> bool {
        match (&self.value, &other.value) {
            (Value::Array(a), Value::Array(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same_value(y))
            }
            (Value::Table(a), Value::Table(b)) => {
                a.len() == b.len()
                    && a.iter()
                        .all(|(k, e)| b.get(k).is_some_and(|f| e.node.same_value(&f.node)))
            }
            (Value::Float(a), Value::Float(b)) => a.to_bits() == b.to_bits(),
            (a, b) => a == b,
        }
    }

    /// A tree from JSON (dates are strings there), every value placed at the start of
    /// `file`: for data that has no source positions, such as a saved `standard.json`.
    pub fn from_json(json: &serde_json::Value, file: &Arc<str>) -> Node {
        use serde_json::Value as J;
        let value = match json {
            J::Null => Value::Str("".into()),
            J::Bool(b) => Value::Bool(*b),
            J::Number(n) => match n.as_i64() {
                Some(i) => Value::Int(i),
                None => Value::Float(n.as_f64().unwrap_or(0.0)),
            },
            J::String(s) => Value::Str(s.as_str().into()),
            J::Array(items) => {
                Value::Array(items.iter().map(|j| Node::from_json(j, file)).collect())
            }
            // JSON's null (`"culture": null`) is a value that is not there.
            J::Object(map) => Value::Table(Arc::new(
                map.iter()
                    .filter(|(_, j)| !j.is_null())
                    .map(|(k, j)| {
                        let entry = Entry {
                            key_pos: Pos::file_start(file),
                            node: Node::from_json(j, file),
                        };
                        (k.clone(), entry)
                    })
                    .collect(),
            )),
        };
        Node::new(value, Pos::file_start(file))
    }

    /// Converts to JSON, keeping key order. Dates become strings.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Str(s) | Value::Date(s) => J::String(s.to_string()),
            Value::Int(i) => J::from(*i),
            Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
            Value::Bool(b) => J::Bool(*b),
            Value::Array(a) => J::Array(a.iter().map(Node::to_json).collect()),
            Value::Table(t) => J::Object(
                t.iter()
                    .map(|(k, e)| (k.clone(), e.node.to_json()))
                    .collect(),
            ),
        }
    }
}

/// Is this key an annotation that csstd keeps but never interprets?
pub fn is_annotation(key: &str) -> bool {
    key.starts_with("x-")
}
