//! A serde deserializer over the [`Node`] tree, so strict typed schemas can check
//! files while every error keeps the position of the value at fault.
//!
//! Keys starting with `x-` are skipped here: they are annotations, kept in the
//! tree and ignored by the schema.

use crate::diag::Diagnostic;
use crate::model::node::{Node, Pos, Value, is_annotation};
use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};
use std::fmt;
use std::sync::Arc;

/// A schema error with the position of the value (or key) it is about.
#[derive(Debug)]
pub struct DeError {
    pub message: String,
    pub pos: Option<Pos>,
    /// Advice: the closest valid name, or the valid ones.
    pub help: Option<String>,
}

impl DeError {
    fn at(mut self, pos: &Pos) -> DeError {
        if self.pos.is_none() {
            self.pos = Some(pos.clone());
        }
        self
    }

    fn with_help(mut self, help: String) -> DeError {
        self.help = Some(help);
        self
    }

    /// The input error it is, in `file` (at its start when serde gave no position).
    pub fn into_diagnostic(self, file: &Arc<str>) -> Diagnostic {
        let d = Diagnostic::input(
            self.pos.unwrap_or_else(|| Pos::file_start(file)),
            self.message,
        );
        match self.help {
            Some(help) => d.with_help(help),
            None => d,
        }
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DeError {}

/// The closest candidate to `word`, when one is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let candidates: Vec<&'a str> = candidates.into_iter().collect();
    // A difference of case alone (`EN-us` for `en-US`) is the likeliest slip of all.
    if let Some(c) = candidates.iter().find(|c| c.eq_ignore_ascii_case(word)) {
        return Some(c);
    }
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// The help for `append` or `remove` on an id that is not inherited: the closest
/// inherited id when one is close.
pub fn inherited_id_help<'a>(id: &str, inherited: impl IntoIterator<Item = &'a str>) -> String {
    match did_you_mean(id, inherited) {
        Some(m) => {
            format!("did you mean `{m}`? Only an inherited entry can be removed or appended to")
        }
        None => "check the id; only an inherited entry can be removed or appended to".into(),
    }
}

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
            de::Unexpected::Str(s) => format!("the string \"{}\"", truncate(s)),
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
        let help = match did_you_mean(field, expected.iter().copied()) {
            Some(m) => format!("did you mean `{m}`? ({annotations})"),
            None if !expected.is_empty() => {
                format!("expected one of {} ({annotations})", list(expected))
            }
            None => annotations.to_string(),
        };
        Self::custom(format!("unknown key `{}`", truncate(field))).with_help(help)
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        let help = match did_you_mean(variant, expected.iter().copied()) {
            Some(m) => format!("did you mean `{m}`?"),
            None => format!("expected one of {}", list(expected)),
        };
        Self::custom(format!("unknown value `{}`", truncate(variant))).with_help(help)
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

/// Shortens user text quoted in a message so hostile input cannot flood the terminal.
pub fn truncate(s: &str) -> String {
    const MAX: usize = 80;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(MAX).collect::<String>())
    }
}

/// Deserializes a typed value from a node.
pub fn from_node<'de, T: serde::Deserialize<'de>>(node: &'de Node) -> Result<T, DeError> {
    T::deserialize(NodeDe(node))
}

/// A deserializer reading one node.
pub struct NodeDe<'a>(pub &'a Node);

impl<'de> NodeDe<'de> {
    fn wrap<T>(&self, r: Result<T, DeError>) -> Result<T, DeError> {
        r.map_err(|e| e.at(&self.0.pos))
    }
}

impl<'de> Deserializer<'de> for NodeDe<'de> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let r = match &self.0.value {
            Value::Str(s) | Value::Date(s) => visitor.visit_borrowed_str(s),
            Value::Int(i) => visitor.visit_i64(*i),
            Value::Float(f) => visitor.visit_f64(*f),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Array(a) => visitor.visit_seq(Seq(a.iter())),
            Value::Table(t) => visitor.visit_map(Map {
                iter: t.iter(),
                value: None,
            }),
        };
        self.wrap(r)
    }

    /// Plain strings only: a TOML date where text is expected is a type error.
    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.0.value {
            Value::Date(d) => Err(DeError {
                message: format!("expected a string, found the date {d} (quote it)"),
                pos: Some(self.0.pos.clone()),
                help: None,
            }),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        // Absent keys are `None`; a present key always has a value.
        visitor.visit_some(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let r = match &self.0.value {
            Value::Str(s) => visitor.visit_enum(UnitEnum(s)),
            other => Err(<DeError as de::Error>::custom(format!(
                "expected one of the listed words, found {}",
                other.kind()
            ))),
        };
        self.wrap(r)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let pos = self.0.pos.clone();
        visitor.visit_newtype_struct(self).map_err(|e| e.at(&pos))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str
        bytes byte_buf unit unit_struct seq tuple
        tuple_struct map struct identifier ignored_any
    }
}

struct Seq<'a>(std::slice::Iter<'a, Node>);

impl<'de> SeqAccess<'de> for Seq<'de> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        match self.0.next() {
            Some(n) => seed
                .deserialize(NodeDe(n))
                .map(Some)
                .map_err(|e| e.at(&n.pos)),
            None => Ok(None),
        }
    }
}

struct Map<'a> {
    iter: indexmap::map::Iter<'a, String, crate::model::node::Entry>,
    value: Option<&'a Node>,
}

impl<'de> MapAccess<'de> for Map<'de> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        for (key, entry) in self.iter.by_ref() {
            if is_annotation(key) {
                continue;
            }
            self.value = Some(&entry.node);
            let de = de::value::BorrowedStrDeserializer::<DeError>::new(key.as_str());
            return seed
                .deserialize(de)
                .map(Some)
                .map_err(|e| e.at(&entry.key_pos));
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        match self.value.take() {
            Some(n) => seed.deserialize(NodeDe(n)).map_err(|e| e.at(&n.pos)),
            None => Err(<DeError as de::Error>::custom("value without a key")),
        }
    }
}

struct UnitEnum<'a>(&'a str);

impl<'de> EnumAccess<'de> for UnitEnum<'de> {
    type Error = DeError;
    type Variant = UnitOnly;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, UnitOnly), DeError> {
        let de = de::value::BorrowedStrDeserializer::<DeError>::new(self.0);
        seed.deserialize(de).map(|v| (v, UnitOnly))
    }
}

struct UnitOnly;

impl<'de> VariantAccess<'de> for UnitOnly {
    type Error = DeError;

    fn unit_variant(self) -> Result<(), DeError> {
        Ok(())
    }
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, _: T) -> Result<T::Value, DeError> {
        Err(<DeError as de::Error>::custom("expected a plain word"))
    }
    fn tuple_variant<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value, DeError> {
        Err(<DeError as de::Error>::custom("expected a plain word"))
    }
    fn struct_variant<V: Visitor<'de>>(
        self,
        _: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, DeError> {
        Err(<DeError as de::Error>::custom("expected a plain word"))
    }
}
