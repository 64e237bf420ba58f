//! JSON read with the position of every value and key, so that a saved API response that
//! is not what its endpoint returns can be reported at `file:line:col` with the key.
//!
//! serde_json checks the syntax first (its errors carry line and column); the tree is then
//! built by a small descent over the same text that hands each string and number to
//! serde_json to decode. Nothing here knows any helpdesk.

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
    let index = LineIndex::new(text);
    if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(text) {
        let pos = Pos::new(file, e.line().max(1) as u32, e.column().max(1) as u32);
        let message = e.to_string();
        let message = message.split(" at line ").next().unwrap_or(&message);
        return Err(Diagnostic::input(pos, format!("not JSON: {message}")));
    }
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
    use super::{Value, parse};
    use std::sync::Arc;

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
        let file: Arc<str> = Arc::from("x.json");
        let e = parse(&file, "{\"a\": [1, 2,]}").unwrap_err();
        assert!(e.message.starts_with("not JSON"), "{}", e.message);
        assert_eq!(e.pos.line, 1);
        let deep = "[".repeat(200) + &"]".repeat(200);
        assert!(parse(&file, &deep).is_err());
    }
}
