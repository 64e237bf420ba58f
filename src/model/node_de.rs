//! Reads a positioned [`Node`] tree into typed structs with serde, borrowing its text:
//! the one deserializer of csstd.
//!
//! Loading reads each file into its strict schema ([`crate::model::schema`]) with it, and
//! every error ([`DeError`]) keeps the position of the value or key at fault, in plain
//! words for file authors. After merge, the resolved tree becomes the typed standard
//! ([`crate::model::standard`]) the same way: [`At`] fields also receive the
//! `file:line:col` that set the value, so positions travel with values into lint and
//! render; [`KeyAt`] fields receive where a table's key is written. Keys starting with
//! `x-` are annotations: kept in the tree, never read.

use super::node::{Node, Pos, Table, Value};
use serde::de::{
    self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};
use std::fmt;
use std::ops::Deref;

/// A value with the position that set it.
#[derive(Debug, Clone, PartialEq)]
pub struct At<T> {
    pub value: T,
    pub pos: Pos,
}

impl<T> Deref for At<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: serde::Serialize> serde::Serialize for At<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

/// The struct name by which [`At`] asks the node deserializer for a position.
const AT: &str = "$csstd::At";
const AT_FIELDS: [&str; 2] = ["$pos", "$value"];

impl<'de, T: de::Deserialize<'de>> de::Deserialize<'de> for At<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<At<T>, D::Error> {
        struct AtVisitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: de::Deserialize<'de>> Visitor<'de> for AtVisitor<T> {
            type Value = At<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a positioned value")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<At<T>, M::Error> {
                let mut pos = None;
                let mut value = None;
                while let Some(key) = map.next_key::<&str>()? {
                    match key {
                        "$pos" => pos = Some(map.next_value::<PosSeed>()?.0),
                        "$value" => value = Some(map.next_value::<T>()?),
                        other => return Err(de::Error::unknown_field(other, &AT_FIELDS)),
                    }
                }
                match (pos, value) {
                    (Some(pos), Some(value)) => Ok(At { value, pos }),
                    _ => Err(de::Error::custom("a positioned value needs a node")),
                }
            }
        }
        d.deserialize_struct(AT, &AT_FIELDS, AtVisitor(std::marker::PhantomData))
    }
}

/// Where a table's key is written (`[culture]`, `metrics = [...]`), without its value:
/// findings about something missing point at the header of the table that should hold it.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyAt {
    pub pos: Pos,
}

/// The struct name by which [`KeyAt`] asks the node deserializer for a key's position.
const KEY_AT: &str = "$csstd::KeyAt";
const KEY_AT_FIELDS: [&str; 1] = ["$key"];

impl<'de> de::Deserialize<'de> for KeyAt {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<KeyAt, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = KeyAt;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("the value of a table's key")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<KeyAt, M::Error> {
                let mut pos = None;
                while let Some(key) = map.next_key::<&str>()? {
                    match key {
                        "$key" => pos = Some(map.next_value::<PosSeed>()?.0),
                        other => return Err(de::Error::unknown_field(other, &KEY_AT_FIELDS)),
                    }
                }
                pos.map(|pos| KeyAt { pos })
                    .ok_or_else(|| de::Error::custom("a key position needs a table's key"))
            }
        }
        d.deserialize_struct(KEY_AT, &KEY_AT_FIELDS, KeyVisitor)
    }
}

/// Carries a [`Pos`] through serde as an opaque index into a thread-local slot.
struct PosSeed(Pos);

thread_local! {
    static POS: std::cell::RefCell<Option<Pos>> = const { std::cell::RefCell::new(None) };
}

impl<'de> de::Deserialize<'de> for PosSeed {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<PosSeed, D::Error> {
        // The node deserializer hands the position over as a unit after storing it.
        de::IgnoredAny::deserialize(d)?;
        POS.with(|slot| slot.borrow_mut().take())
            .map(PosSeed)
            .ok_or_else(|| de::Error::custom("a position is only known inside a node tree"))
    }
}

/// A schema error with the position of the value (or key) it is about.
#[derive(Debug)]
pub struct DeError {
    pub message: String,
    pub pos: Option<Pos>,
    /// Advice: the closest valid name, or the valid ones.
    pub help: Option<String>,
}

impl DeError {
    pub(crate) fn at(mut self, pos: &Pos) -> DeError {
        if self.pos.is_none() {
            self.pos = Some(pos.clone());
        }
        self
    }

    pub(crate) fn with_help(mut self, help: String) -> DeError {
        self.help = Some(help);
        self
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DeError {}

fn list(expected: &'static [&'static str]) -> String {
    expected
        .iter()
        .map(|e| format!("`{e}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError {
            message: msg.to_string(),
            pos: None,
            help: None,
        }
    }

    fn invalid_type(unexp: de::Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        let found = match unexp {
            de::Unexpected::Str(s) => format!("the string \"{}\"", crate::hint::truncate(s)),
            de::Unexpected::Map => "a table".into(),
            de::Unexpected::Seq => "an array".into(),
            other => other.to_string(),
        };
        Self::custom(format!("expected {}, found {found}", plain_expected(exp)))
    }

    fn invalid_value(unexp: de::Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        Self::custom(format!("expected {}, found {unexp}", plain_expected(exp)))
    }

    // The suggestion is advice (`help`), so machine formats can show it apart.
    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        let annotations = "keys starting with `x-` are free for annotations";
        let help = match crate::hint::did_you_mean(field, expected.iter().copied()) {
            Some(m) => format!("did you mean `{m}`? ({annotations})"),
            None if !expected.is_empty() => {
                format!("expected one of {} ({annotations})", list(expected))
            }
            None => annotations.to_string(),
        };
        Self::custom(format!("unknown key `{}`", crate::hint::truncate(field))).with_help(help)
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        let help = match crate::hint::did_you_mean(variant, expected.iter().copied()) {
            Some(m) => format!("did you mean `{m}`?"),
            None => format!("expected one of {}", list(expected)),
        };
        Self::custom(format!(
            "unknown value `{}`",
            crate::hint::truncate(variant)
        ))
        .with_help(help)
    }

    fn missing_field(field: &'static str) -> Self {
        Self::custom(format!("missing required key `{field}`"))
    }

    fn duplicate_field(field: &'static str) -> Self {
        Self::custom(format!("key `{field}` is set twice"))
    }
}

/// Serde names Rust types in its expectations (`struct CultureMeta`, `u32`);
/// file authors think in TOML/YAML values.
fn plain_expected(exp: &dyn de::Expected) -> String {
    let text = exp.to_string();
    if text.starts_with("struct ") || text == "a map" {
        return "a table".into();
    }
    match text.as_str() {
        "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number, 0 or more".into(),
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number".into(),
        "f32" | "f64" => "a number".into(),
        "a sequence" => "an array".into(),
        _ => text,
    }
}

/// Reads `node` as a `T`, borrowing strings from the tree.
pub fn from_node<'a, T: de::Deserialize<'a>>(node: &'a Node) -> Result<T, DeError> {
    T::deserialize(NodeDe::value(node))
}

/// A node, and where its key is written when it is the value of a table's key.
#[derive(Clone, Copy)]
struct NodeDe<'a> {
    node: &'a Node,
    key: Option<&'a Pos>,
}

impl<'a> NodeDe<'a> {
    /// A node that is not the value of a key (the root, an array element).
    fn value(node: &'a Node) -> NodeDe<'a> {
        NodeDe { node, key: None }
    }
}

impl<'de> Deserializer<'de> for NodeDe<'de> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        let r = match &self.node.value {
            Value::Str(s) | Value::Date(s) => v.visit_borrowed_str(s),
            Value::Int(i) => v.visit_i64(*i),
            Value::Float(f) => v.visit_f64(*f),
            Value::Bool(b) => v.visit_bool(*b),
            Value::Array(items) => v.visit_seq(Seq(items.iter())),
            Value::Table(t) => v.visit_map(Map::new(t)),
        };
        r.map_err(|e| e.at(&self.node.pos))
    }

    /// Owned strings are the file schemas' text fields: a TOML date there is a type
    /// error. (The typed standard borrows its text as `&str`, where dates are text.)
    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        match &self.node.value {
            Value::Date(d) => Err(DeError {
                message: format!("expected a string, found the date {d} (quote it)"),
                pos: Some(self.node.pos.clone()),
                help: None,
            }),
            _ => self.deserialize_any(v),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        v: V,
    ) -> Result<V::Value, DeError> {
        let pos = &self.node.pos;
        v.visit_newtype_struct(self).map_err(|e| e.at(pos))
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        v.visit_some(self)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, DeError> {
        if name == AT {
            return v.visit_map(AtMap {
                node: self.node,
                step: 0,
            });
        }
        if name == KEY_AT {
            return match self.key {
                Some(key) => v.visit_map(KeyMap { key, done: false }),
                None => Err(de::Error::custom(
                    "only the value of a key has a key position",
                )),
            };
        }
        let _ = fields;
        self.deserialize_any(v)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, DeError> {
        let r = match &self.node.value {
            Value::Str(s) => v.visit_enum(s.into_deserializer()),
            other => Err(<DeError as de::Error>::custom(format!(
                "expected one of the listed words, found {}",
                other.kind()
            ))),
        };
        r.map_err(|e| e.at(&self.node.pos))
    }

    /// Nothing to read in a value no field wants (annotations, keys the struct leaves out):
    /// skipping it must not walk the subtree.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        v.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str
        bytes byte_buf unit unit_struct seq tuple
        tuple_struct map identifier
    }
}

struct Seq<'a>(std::slice::Iter<'a, Node>);

impl<'de> SeqAccess<'de> for Seq<'de> {
    type Error = DeError;
    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        self.0
            .next()
            .map(|n| seed.deserialize(NodeDe::value(n)).map_err(|e| e.at(&n.pos)))
            .transpose()
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct Map<'a> {
    entries: indexmap::map::Iter<'a, String, super::node::Entry>,
    value: Option<&'a super::node::Entry>,
}

impl<'a> Map<'a> {
    fn new(t: &'a Table) -> Map<'a> {
        Map {
            entries: t.iter(),
            value: None,
        }
    }
}

impl<'de> MapAccess<'de> for Map<'de> {
    type Error = DeError;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        // Annotations (`x-` keys) are kept in the tree but mean nothing to csstd's logic.
        match self.entries.find(|(k, _)| !super::node::is_annotation(k)) {
            Some((k, e)) => {
                self.value = Some(e);
                seed.deserialize(BorrowedStr(k))
                    .map(Some)
                    .map_err(|err| err.at(&e.key_pos))
            }
            None => Ok(None),
        }
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        match self.value.take() {
            Some(e) => seed
                .deserialize(NodeDe {
                    node: &e.node,
                    key: Some(&e.key_pos),
                })
                .map_err(|err| err.at(&e.node.pos)),
            None => Err(de::Error::custom("a value without a key")),
        }
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// The two entries an [`At`] reads: the node's position, then its value.
struct AtMap<'a> {
    node: &'a Node,
    step: u8,
}

impl<'de> MapAccess<'de> for AtMap<'de> {
    type Error = DeError;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        let key = match self.step {
            0 => "$pos",
            1 => "$value",
            _ => return Ok(None),
        };
        seed.deserialize(BorrowedStr(key)).map(Some)
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        self.step += 1;
        if self.step == 1 {
            POS.with(|slot| *slot.borrow_mut() = Some(self.node.pos.clone()));
            seed.deserialize(().into_deserializer())
        } else {
            seed.deserialize(NodeDe::value(self.node))
        }
    }
}

/// The one entry a [`KeyAt`] reads: the position of the key.
struct KeyMap<'a> {
    key: &'a Pos,
    done: bool,
}

impl<'de> MapAccess<'de> for KeyMap<'de> {
    type Error = DeError;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        if self.done {
            return Ok(None);
        }
        seed.deserialize(BorrowedStr(KEY_AT_FIELDS[0])).map(Some)
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        self.done = true;
        POS.with(|slot| *slot.borrow_mut() = Some(self.key.clone()));
        seed.deserialize(().into_deserializer())
    }
}

/// A key borrowed from the tree.
struct BorrowedStr<'a>(&'a str);

impl<'de> Deserializer<'de> for BorrowedStr<'de> {
    type Error = DeError;
    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        v.visit_borrowed_str(self.0)
    }
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}
