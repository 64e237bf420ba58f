//! JSON read with the position of every value and key, for messages that point at a
//! value: a saved API response that is not what its endpoint returns (`export --check`),
//! a Zendesk ticket that cannot be measured (`measure`). The one place csstd turns JSON
//! text into `file:line:col` (columns in characters, through [`LineIndex`]).
//!
//! serde_json checks the syntax first (its errors carry line and column); the tree is then
//! built by a small descent over the same text that hands each string and number to
//! serde_json to decode. Readers that only need values keep reading with serde_json and
//! call [`parse`] once something is wrong, so their speed is serde_json's. Nothing here
//! knows any helpdesk.

use crate::diag::Diagnostic;
use crate::load::parse::LineIndex;
use crate::model::node::Pos;
use std::sync::Arc;

/// Deepest nesting accepted (serde_json's own limit is 128).
const MAX_DEPTH: usize = 128;

/// One JSON value with where it starts.
#[derive(Debug, Clone)]
pub struct Json {
    pub pos: Pos,
    pub value: Value,
}

#[derive(Debug, Clone)]
pub enum Value {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(String),
    Array(Vec<Json>),
    /// Members in file order (a repeated key keeps every occurrence; look-ups take the last,
    /// as serde_json does).
    Object(Vec<Member>),
}

#[derive(Debug, Clone)]
pub struct Member {
    pub key: String,
    pub key_pos: Pos,
    pub value: Json,
}

impl Json {
    /// The member `key` of an object (the last, if repeated).
    pub fn get(&self, key: &str) -> Option<&Json> {
        match &self.value {
            Value::Object(members) => members
                .iter()
                .rev()
                .find(|m| m.key == key)
                .map(|m| &m.value),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    /// What kind of value this is, as a message names it.
    pub fn kind(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }

    /// The elements of an array.
    pub fn items(&self) -> Option<&[Json]> {
        match &self.value {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The value at a path of member names below this one (`["metric_set", "solved_at"]`).
    pub fn at<K: AsRef<str>>(&self, keys: &[K]) -> Option<&Json> {
        keys.iter().try_fold(self, |v, k| v.get(k.as_ref()))
    }

    /// A string, or a number written as one (`"4"` and `4` are the same id).
    pub fn text(&self) -> Option<String> {
        match &self.value {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }

    /// The value as plain JSON (positions dropped).
    pub fn to_plain(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Number(n) => J::Number(n.clone()),
            Value::String(s) => J::String(s.clone()),
            Value::Array(items) => J::Array(items.iter().map(Json::to_plain).collect()),
            Value::Object(members) => J::Object(
                members
                    .iter()
                    .map(|m| (m.key.clone(), m.value.to_plain()))
                    .collect(),
            ),
        }
    }
}

/// Parses JSON text into a positioned tree; a syntax error is an input error at its place.
pub fn parse(file: &Arc<str>, text: &str) -> Result<Json, Diagnostic> {
    if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(text) {
        let message = format!("not JSON: {}", syntax_message(&e));
        return Err(Diagnostic::input(syntax_pos(file, text, &e), message));
    }
    tree(file, text)
}

/// The tree of text serde_json has accepted (on any other text: an error, never a panic).
fn tree(file: &Arc<str>, text: &str) -> Result<Json, Diagnostic> {
    let index = LineIndex::new(text);
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        at: 0,
        file,
        index: &index,
    };
    parser.skip_space();
    parser.value(0)
}

/// serde_json's message for an error in `text`, without the position it appends (the
/// position is shown apart, by [`syntax_pos`]).
pub fn syntax_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rsplit_once(" at line ") {
        Some((message, _)) => message.to_owned(),
        None => text,
    }
}

/// Where serde_json stopped in `text`, with the column in characters (serde_json counts
/// bytes).
pub fn syntax_pos(file: &Arc<str>, text: &str, e: &serde_json::Error) -> Pos {
    let line = e.line().max(1);
    let start = match line {
        1 => 0,
        n => text
            .match_indices('\n')
            .nth(n - 2)
            .map_or(text.len(), |(i, _)| i + 1),
    };
    let rest = text.get(start..).unwrap_or("");
    let line_len = rest.find('\n').unwrap_or(rest.len());
    let mut offset = e.column().saturating_sub(1).min(line_len);
    while !rest.is_char_boundary(offset) {
        offset -= 1;
    }
    LineIndex::new(text).pos(file, start + offset)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
    file: &'a Arc<str>,
    index: &'a LineIndex<'a>,
}

impl Parser<'_> {
    fn pos(&self) -> Pos {
        self.index.pos(self.file, self.at)
    }

    /// The text from the cursor (empty should the cursor ever sit inside a character).
    fn rest(&self) -> &str {
        self.text.get(self.at..).unwrap_or("")
    }

    fn fail(&self, message: &str) -> Diagnostic {
        Diagnostic::input(self.pos(), format!("not JSON: {message}"))
    }

    fn skip_space(&mut self) {
        while self
            .bytes
            .get(self.at)
            .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        {
            self.at += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        if self.bytes.get(self.at) == Some(&byte) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, Diagnostic> {
        if depth > MAX_DEPTH {
            return Err(self.fail("nested too deeply"));
        }
        let pos = self.pos();
        let value =
            match self.bytes.get(self.at) {
                Some(b'{') => {
                    self.at += 1;
                    let mut members = Vec::new();
                    self.skip_space();
                    if !self.eat(b'}') {
                        loop {
                            self.skip_space();
                            let key_pos = self.pos();
                            let key = self.string()?;
                            self.skip_space();
                            if !self.eat(b':') {
                                return Err(self.fail("expected `:`"));
                            }
                            self.skip_space();
                            let value = self.value(depth + 1)?;
                            members.push(Member {
                                key,
                                key_pos,
                                value,
                            });
                            self.skip_space();
                            if self.eat(b'}') {
                                break;
                            }
                            if !self.eat(b',') {
                                return Err(self.fail("expected `,` or `}`"));
                            }
                        }
                    }
                    Value::Object(members)
                }
                Some(b'[') => {
                    self.at += 1;
                    let mut items = Vec::new();
                    self.skip_space();
                    if !self.eat(b']') {
                        loop {
                            self.skip_space();
                            items.push(self.value(depth + 1)?);
                            self.skip_space();
                            if self.eat(b']') {
                                break;
                            }
                            if !self.eat(b',') {
                                return Err(self.fail("expected `,` or `]`"));
                            }
                        }
                    }
                    Value::Array(items)
                }
                Some(b'"') => Value::String(self.string()?),
                Some(b't') if self.rest().starts_with("true") => {
                    self.at += 4;
                    Value::Bool(true)
                }
                Some(b'f') if self.rest().starts_with("false") => {
                    self.at += 5;
                    Value::Bool(false)
                }
                Some(b'n') if self.rest().starts_with("null") => {
                    self.at += 4;
                    Value::Null
                }
                Some(b'-' | b'0'..=b'9') => {
                    let start = self.at;
                    while self.bytes.get(self.at).is_some_and(|b| {
                        matches!(b, b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                    }) {
                        self.at += 1;
                    }
                    let n = serde_json::from_str::<serde_json::Number>(
                        self.text.get(start..self.at).unwrap_or(""),
                    )
                    .map_err(|_| self.fail("a bad number"))?;
                    Value::Number(n)
                }
                _ => return Err(self.fail("expected a value")),
            };
        Ok(Json { pos, value })
    }

    /// A string literal at the cursor, decoded by serde_json.
    fn string(&mut self) -> Result<String, Diagnostic> {
        let start = self.at;
        if !self.eat(b'"') {
            return Err(self.fail("expected a string"));
        }
        loop {
            match self.bytes.get(self.at) {
                Some(b'\\') => self.at += 2,
                Some(b'"') => {
                    self.at += 1;
                    break;
                }
                Some(_) => self.at += 1,
                None => return Err(self.fail("an unterminated string")),
            }
        }
        let literal = self
            .text
            .get(start..self.at)
            .ok_or_else(|| self.fail("a bad string"))?;
        serde_json::from_str::<String>(literal).map_err(|_| self.fail("a bad string"))
    }
}

#[cfg(test)]
mod tests {
    use super::{Json, Value, parse, tree};
    use std::sync::Arc;

    fn file() -> Arc<str> {
        Arc::from("x.json")
    }

    #[test]
    fn values_and_keys_know_where_they_are() {
        let file: Arc<str> = Arc::from("schedules.json");
        let text =
            "{\n  \"schedules\": [\n    {\"id\": 4, \"name\": \"ja-JP \\u00b7 office\"}\n  ]\n}\n";
        let doc = parse(&file, text).unwrap();
        let list = doc.get("schedules").unwrap();
        assert_eq!((list.pos.line, list.pos.column), (2, 16));
        let Value::Array(items) = &list.value else {
            panic!("an array")
        };
        let name = items[0].get("name").unwrap();
        assert_eq!(name.text().as_deref(), Some("ja-JP · office"));
        assert_eq!((name.pos.line, name.pos.column), (3, 23));
        assert_eq!(items[0].get("id").unwrap().text().as_deref(), Some("4"));
    }

    #[test]
    fn a_syntax_error_is_placed() {
        let e = parse(&file(), "{\"a\": [1, 2,]}").unwrap_err();
        assert!(e.message.starts_with("not JSON"), "{}", e.message);
        assert_eq!(e.pos.line, 1);
        let deep = "[".repeat(200) + &"]".repeat(200);
        assert!(parse(&file(), &deep).is_err());
    }

    #[test]
    fn a_syntax_error_column_counts_characters() {
        // serde_json says column 11 of line 2 (the `}`, in bytes); `é` is two bytes and
        // one character.
        let e = parse(&file(), "{\n  \"é\": 1,}").unwrap_err();
        assert!(e.message.starts_with("not JSON: "), "{}", e.message);
        assert_eq!((e.pos.line, e.pos.column), (2, 10));
        let e = parse(&file(), "[1,\n").unwrap_err();
        assert_eq!((e.pos.line, e.pos.column), (2, 1));
    }

    const PAGE: &str = "{\n  \"tickets\": [\n    {\"id\": 1, \"a\": {\"b\": \"x\"}},\n    {\"id\": 2, \"s\": \"é]}\\\"\", \"a\": {\"b\": [1, {\"c\": 2}]}}\n  ],\n  \"n\": null\n}";

    /// The element `i` of the array `v`.
    fn item(v: &Json, i: usize) -> Option<&Json> {
        v.items()?.get(i)
    }

    #[test]
    fn paths_lead_to_their_values() {
        let doc = parse(&file(), PAGE).unwrap();
        let at = |v: &Json| (v.pos.line, v.pos.column);
        let tickets = doc.get("tickets").unwrap();
        assert_eq!(at(tickets), (2, 14));
        let first = item(tickets, 0).unwrap();
        assert_eq!(at(first), (3, 5));
        assert_eq!(at(first.at(&["a", "b"]).unwrap()), (3, 26));
        // Strings holding brackets, quotes and a two-byte character are skipped whole;
        // columns count characters.
        let second = item(tickets, 1).unwrap();
        let c = item(second.at(&["a", "b"]).unwrap(), 1).unwrap();
        assert_eq!(at(c.get("c").unwrap()), (4, 50));
        assert_eq!(at(doc.get("n").unwrap()), (6, 8));
        assert!(doc.get("missing").is_none());
        assert!(item(tickets, 2).is_none());
        assert!(first.at(&["a", "b", "c"]).is_none());
        assert_eq!(tickets.items().map(<[Json]>::len), Some(2));
        let keys: [&str; 0] = [];
        assert_eq!(at(doc.at(&keys).unwrap()), (1, 1));
    }

    #[test]
    fn a_repeated_key_is_found_at_its_last_place_as_serde_json_reads_it() {
        let doc = parse(&file(), "{\"a\": 1,\n \"a\": 2}").unwrap();
        let a = doc.get("a").unwrap();
        assert_eq!(
            (a.text().as_deref(), a.pos.line, a.pos.column),
            (Some("2"), 2, 7)
        );
    }

    #[test]
    fn broken_text_is_an_error_and_never_panics() {
        for text in [
            "",
            "{",
            "{\"a\"",
            "{\"a\":",
            "[1,",
            "{\"a\": \"\\",
            "]",
            "{\"a\" 1}",
            "{\"a\": [1, 2",
        ] {
            for cut in 0..=text.len() {
                let Some(part) = text.get(..cut) else {
                    continue;
                };
                let _ = tree(&file(), part);
                if let Err(e) = parse(&file(), part) {
                    assert!(e.pos.line >= 1 && e.pos.column >= 1);
                }
            }
            assert!(parse(&file(), text).is_err(), "{text}");
        }
    }

    /// Every position in the tree lies inside `text`: an existing line, a column at most
    /// one past its last character.
    fn positions_inside(v: &Json, text: &str) -> bool {
        let inside = |line: u32, column: u32| {
            let Some(l) = text.split('\n').nth(line.saturating_sub(1) as usize) else {
                return false;
            };
            line >= 1 && column >= 1 && column as usize <= l.chars().count() + 1
        };
        inside(v.pos.line, v.pos.column)
            && match &v.value {
                Value::Array(items) => items.iter().all(|i| positions_inside(i, text)),
                Value::Object(members) => members.iter().all(|m| {
                    inside(m.key_pos.line, m.key_pos.column) && positions_inside(&m.value, text)
                }),
                _ => true,
            }
    }

    /// The byte offset of a line and character column.
    fn offset(text: &str, line: u32, column: u32) -> usize {
        let start: usize = text
            .split_inclusive('\n')
            .take(line as usize - 1)
            .map(str::len)
            .sum();
        start
            + text[start..]
                .chars()
                .take(column as usize - 1)
                .map(char::len_utf8)
                .sum::<usize>()
    }

    proptest::proptest! {
        /// Any text: a tree whose positions are inside the text, or an error placed
        /// inside it; never a panic, with or without serde_json's check first.
        #[test]
        fn any_text_is_safe(text in "[\\[\\]{}\",:a0 \\\\\n\u{e9}]{0,40}") {
            if let Ok(doc) = tree(&file(), &text) {
                proptest::prop_assert!(positions_inside(&doc, &text));
            }
            match parse(&file(), &text) {
                Ok(doc) => proptest::prop_assert!(positions_inside(&doc, &text)),
                Err(e) => proptest::prop_assert!(e.pos.line >= 1 && e.pos.column >= 1),
            }
        }

        /// In valid JSON the value found is the one serde_json reads at that path.
        #[test]
        fn the_value_found_is_the_one_at_the_path(
            values in proptest::collection::vec(0u32..1000, 1..6),
            pick in 0usize..6,
            pretty: bool,
        ) {
            let doc = serde_json::json!({"_": "é]\"}", "a": {"list": &values}});
            let text = if pretty {
                serde_json::to_string_pretty(&doc)
            } else {
                serde_json::to_string(&doc)
            }
            .unwrap();
            let i = pick % values.len();
            let tree = parse(&file(), &text).unwrap();
            let found = item(tree.at(&["a", "list"]).unwrap(), i).unwrap();
            let at = offset(&text, found.pos.line, found.pos.column);
            let read = serde_json::Deserializer::from_str(&text[at..])
                .into_iter::<u32>()
                .next()
                .unwrap()
                .unwrap();
            proptest::prop_assert_eq!(read, values[i]);
        }
    }
}
