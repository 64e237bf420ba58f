//! TOML and YAML text into a positioned [`Node`] tree.
//!
//! Both formats end up in the same tree so nothing downstream knows or cares
//! which one a culture was written in. Syntax errors carry `file:line:column`.

use crate::diag::Diagnostic;
use crate::model::node::{Entry, Node, Pos, Table, Value};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;
use std::sync::Arc;

/// Deepest nesting of tables and arrays accepted; real files need fewer than ten levels.
pub const MAX_DEPTH: usize = 32;
const _: () = assert!(MAX_DEPTH == 32, "update DEEP with MAX_DEPTH");

/// Maps byte offsets to 1-based line and character column.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    pub fn pos(&self, file: &Arc<str>, offset: usize) -> Pos {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let col = self
            .text
            .get(start..offset)
            .map_or(1, |s| s.chars().count() + 1);
        Pos::new(file, line as u32, col as u32)
    }
}

/// Parses TOML text into a tree whose root is a table.
pub fn parse_toml(file: &Arc<str>, text: &str) -> Result<Node, Diagnostic> {
    use toml::de::{DeTable, DeValue};
    let index = LineIndex::new(text);
    let root = DeTable::parse(text).map_err(|e| {
        let pos = e
            .span()
            .map_or_else(|| Pos::file_start(file), |s| index.pos(file, s.start));
        Diagnostic::input(pos, format!("TOML syntax: {}", e.message().trim_end()))
    })?;

    fn convert(
        v: &toml::Spanned<DeValue<'_>>,
        file: &Arc<str>,
        index: &LineIndex<'_>,
        depth: usize,
    ) -> Result<Node, Diagnostic> {
        let pos = index.pos(file, v.span().start);
        if depth > MAX_DEPTH {
            return Err(too_deep(pos));
        }
        let value = match v.get_ref() {
            DeValue::String(s) => Value::Str(s.as_ref().into()),
            DeValue::Integer(i) => Value::Int(
                i64::from_str_radix(&i.as_str().replace('_', ""), i.radix())
                    .map_err(|_| Diagnostic::input(pos.clone(), "integer out of range"))?,
            ),
            DeValue::Float(f) => {
                let parsed: f64 = f.as_str().replace('_', "").parse().unwrap_or(f64::NAN);
                if !parsed.is_finite() {
                    return Err(Diagnostic::input(pos, "numbers must be finite"));
                }
                Value::Float(parsed)
            }
            DeValue::Boolean(b) => Value::Bool(*b),
            DeValue::Datetime(d) => {
                if d.time.is_some() || d.offset.is_some() || d.date.is_none() {
                    return Err(Diagnostic::input(
                        pos,
                        format!("`{d}` is not a date: write a plain date such as 2026-06-30"),
                    ));
                }
                Value::Date(d.to_string().into())
            }
            DeValue::Array(a) => Value::Array(
                a.iter()
                    .map(|x| convert(x, file, index, depth + 1))
                    .collect::<Result<_, _>>()?,
            ),
            DeValue::Table(t) => Value::Table(Arc::new(convert_table(t, file, index, depth)?)),
        };
        Ok(Node::new(value, pos))
    }

    fn convert_table(
        t: &DeTable<'_>,
        file: &Arc<str>,
        index: &LineIndex<'_>,
        depth: usize,
    ) -> Result<Table, Diagnostic> {
        let mut out = Table::with_capacity_and_hasher(t.len(), Default::default());
        for (k, x) in t.iter() {
            let key_pos = index.pos(file, k.span().start);
            let node = convert(x, file, index, depth + 1)?;
            out.insert(k.get_ref().to_string(), Entry { key_pos, node });
        }
        Ok(out)
    }

    let table = convert_table(root.get_ref(), file, &index, 0)?;
    Ok(Node::new(
        Value::Table(Arc::new(table)),
        Pos::file_start(file),
    ))
}

/// Why a too-deep file is refused (the depth in the text is [`MAX_DEPTH`]).
const DEEP: &str = "nesting deeper than 32 levels; csstd files never need that many";

fn too_deep(pos: Pos) -> Diagnostic {
    Diagnostic::input(pos, DEEP)
}

/// Parses YAML text (one document) into a tree whose root must be a mapping.
pub fn parse_yaml(file: &Arc<str>, text: &str) -> Result<Node, Diagnostic> {
    if is_blank(text) {
        // No document at all: an empty mapping, as an empty TOML file is an empty table,
        // so both formats get the same message from the loader.
        return Ok(Node::new(
            Value::Table(Arc::new(Table::default())),
            Pos::file_start(file),
        ));
    }
    let raw: serde_saphyr::Spanned<YamlValue> =
        serde_saphyr::from_str_with_options(text, yaml_options()).map_err(|e| {
            let inner = e.without_snippet();
            let pos = inner.location().map_or_else(
                || Pos::file_start(file),
                |l| Pos::new(file, l.line() as u32, l.column() as u32),
            );
            // The crate's own text for a breached limit is a debug print of the limit.
            let message = match budget_breach(inner) {
                Some(serde_saphyr::budget::BudgetBreach::Depth { .. }) => DEEP.to_string(),
                Some(_) => "the document expands to too many values (aliases are limited so that \
                 an alias bomb cannot exhaust memory)"
                    .to_string(),
                None => {
                    let message = inner.to_string();
                    // The crate appends its own location; ours is printed separately.
                    let message = message.split(" at line ").next().unwrap_or(&message).trim();
                    plain_yaml_message(message)
                }
            };
            Diagnostic::input(pos, format!("YAML: {message}"))
        })?;
    let mut node = yaml_to_node(raw, file, 0)?;
    node.pos = Pos::file_start(file);
    Ok(node)
}

/// Only blank lines, comments and document markers: a YAML file with no document.
fn is_blank(text: &str) -> bool {
    text.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#') || l == "---" || l == "..."
    })
}

/// serde-saphyr's defaults, with nesting bounded near csstd's own limit so that deep
/// documents are refused before recursion can exhaust a small thread stack.
fn yaml_options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: MAX_DEPTH + 8,
        },
    }
}

/// Rewrites the YAML library's advice to its API users into advice for file authors.
fn plain_yaml_message(message: &str) -> String {
    if let Some(rest) = message.strip_prefix("duplicate mapping key: ") {
        let key = rest
            .split(", set DuplicateKeyPolicy")
            .next()
            .unwrap_or(rest);
        return format!("key `{key}` is set twice in the same mapping");
    }
    if message.starts_with("recursion limit exceeded") {
        return DEEP.to_string();
    }
    if message.contains("found a tab") || message.contains("tabs") {
        return format!("{message}: YAML does not allow tabs for indentation; indent with spaces");
    }
    if message.starts_with("multiple YAML documents detected") {
        return "a csstd file holds one YAML document; remove the `---` separator and what follows"
            .to_string();
    }
    message.to_string()
}

/// The YAML parser limit that stopped parsing, if any (possibly behind an alias).
fn budget_breach(e: &serde_saphyr::Error) -> Option<&serde_saphyr::budget::BudgetBreach> {
    match e {
        serde_saphyr::Error::Budget { breach, .. } => Some(breach),
        serde_saphyr::Error::AliasError { error, .. }
        | serde_saphyr::Error::WithSnippet { error, .. } => budget_breach(error),
        _ => None,
    }
}

fn yaml_pos(file: &Arc<str>, loc: &serde_saphyr::Location) -> Pos {
    Pos::new(file, loc.line().max(1) as u32, loc.column().max(1) as u32)
}

fn yaml_to_node(
    raw: serde_saphyr::Spanned<YamlValue>,
    file: &Arc<str>,
    depth: usize,
) -> Result<Node, Diagnostic> {
    let pos = yaml_pos(file, &raw.referenced);
    if depth > MAX_DEPTH {
        return Err(too_deep(pos));
    }
    let value = match raw.value {
        YamlValue::Null => {
            return Err(Diagnostic::input(
                pos,
                "a value is missing here (YAML null); write the value or leave the key out",
            ));
        }
        YamlValue::Str(s) => Value::Str(s.into()),
        YamlValue::Int(i) => Value::Int(i),
        YamlValue::Float(f) => Value::Float(f),
        YamlValue::Bool(b) => Value::Bool(b),
        YamlValue::Seq(items) => Value::Array(
            items
                .into_iter()
                .map(|x| yaml_to_node(x, file, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        YamlValue::Map(entries) => {
            let mut out = Table::with_capacity_and_hasher(entries.len(), Default::default());
            for (k, v) in entries {
                let key_pos = yaml_pos(file, &k.referenced);
                let node = yaml_to_node(v, file, depth + 1)?;
                out.insert(k.value, Entry { key_pos, node });
            }
            Value::Table(Arc::new(out))
        }
    };
    Ok(Node::new(value, pos))
}

/// A YAML value as serde-saphyr hands it over, every child with its location.
enum YamlValue {
    Null,
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Seq(Vec<serde_saphyr::Spanned<YamlValue>>),
    Map(
        Vec<(
            serde_saphyr::Spanned<String>,
            serde_saphyr::Spanned<YamlValue>,
        )>,
    ),
}

impl<'de> Deserialize<'de> for YamlValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(YamlVisitor)
    }
}

struct YamlVisitor;

impl<'de> Visitor<'de> for YamlVisitor {
    type Value = YamlValue;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a YAML value")
    }
    fn visit_unit<E>(self) -> Result<YamlValue, E> {
        Ok(YamlValue::Null)
    }
    fn visit_none<E>(self) -> Result<YamlValue, E> {
        Ok(YamlValue::Null)
    }
    fn visit_bool<E>(self, v: bool) -> Result<YamlValue, E> {
        Ok(YamlValue::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<YamlValue, E> {
        Ok(YamlValue::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<YamlValue, E> {
        i64::try_from(v)
            .map(YamlValue::Int)
            .map_err(|_| E::custom("integer out of range"))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<YamlValue, E> {
        if v.is_finite() {
            Ok(YamlValue::Float(v))
        } else {
            Err(E::custom("numbers must be finite"))
        }
    }
    fn visit_str<E>(self, v: &str) -> Result<YamlValue, E> {
        Ok(YamlValue::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<YamlValue, E> {
        Ok(YamlValue::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<YamlValue, A::Error> {
        let mut items = Vec::new();
        while let Some(x) = seq.next_element()? {
            items.push(x);
        }
        Ok(YamlValue::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<YamlValue, A::Error> {
        let mut entries = Vec::new();
        while let Some((k, v)) = map.next_entry()? {
            entries.push((k, v));
        }
        Ok(YamlValue::Map(entries))
    }
}
