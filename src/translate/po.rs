//! Gettext PO catalogues: a parser that reports `line:col` for every problem, and a
//! deterministic writer whose output GNU `msgfmt --check` and Python `polib` accept.
//!
//! Only what csstd needs of the format: singular entries with `msgctxt`, comments,
//! flags, the previous `msgid` and obsolete entries. It knows nothing of the standard.

use foldhash::fast::FixedState;
use std::collections::HashMap;
use std::fmt::Write as _;

/// One catalogue: the header entry (`msgid ""`) and every other entry in file order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Catalogue {
    /// The header's fields (`Language: ja`), in order.
    pub header: Vec<(String, String)>,
    /// Translators' comments above the header entry.
    pub header_comments: Vec<String>,
    pub entries: Vec<Entry>,
}

/// One message.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Entry {
    /// `# ...` lines, without the `# `.
    pub comments: Vec<String>,
    /// `#. ...` lines.
    pub extracted: Vec<String>,
    /// `#:` references, one per token (`standards/global.toml:12`).
    pub references: Vec<String>,
    /// `#,` flags (`fuzzy`).
    pub flags: Vec<String>,
    /// `#| msgctxt`.
    pub previous_msgctxt: Option<String>,
    /// `#| msgid`: the source the translation was made for.
    pub previous_msgid: Option<String>,
    pub msgctxt: Option<String>,
    pub msgid: String,
    pub msgstr: String,
    /// A `#~` entry: kept for the translator, never used.
    pub obsolete: bool,
    /// 1-based line and column of the entry's `msgid` keyword (0 for a built entry).
    pub line: u32,
    pub column: u32,
}

impl Entry {
    /// Is the entry marked `#, fuzzy`?
    pub fn is_fuzzy(&self) -> bool {
        self.flags.iter().any(|f| f == "fuzzy")
    }

    /// Adds or removes the `fuzzy` flag.
    pub fn set_fuzzy(&mut self, fuzzy: bool) {
        self.flags.retain(|f| f != "fuzzy");
        if fuzzy {
            self.flags.insert(0, "fuzzy".into());
        }
    }

    /// A usable translation: present, not fuzzy, not obsolete.
    pub fn is_translated(&self) -> bool {
        !self.obsolete && !self.is_fuzzy() && !self.msgstr.is_empty()
    }
}

impl Catalogue {
    /// The value of header field `name` (case-insensitive, as gettext reads it).
    pub fn header_field(&self, name: &str) -> Option<&str> {
        self.header
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Sets header field `name`, keeping its place if it is there.
    pub fn set_header_field(&mut self, name: &str, value: &str) {
        match self
            .header
            .iter_mut()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
        {
            Some(field) => field.1 = value.to_owned(),
            None => self.header.push((name.to_owned(), value.to_owned())),
        }
    }
}

/// A problem in a catalogue, at a 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{line}:{column}: {message}")]
pub struct ParseError {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

fn err(line: u32, column: u32, message: impl Into<String>) -> ParseError {
    ParseError {
        line,
        column,
        message: message.into(),
    }
}

/// Which string a keyword or continuation line adds to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Msgctxt,
    Msgid,
    Msgstr,
    PrevMsgctxt,
    PrevMsgid,
}

impl Field {
    fn name(self) -> &'static str {
        match self {
            Field::Msgctxt | Field::PrevMsgctxt => "msgctxt",
            Field::Msgid | Field::PrevMsgid => "msgid",
            Field::Msgstr => "msgstr",
        }
    }
}

/// An entry being read, with what it has seen so far.
#[derive(Default)]
struct Partial {
    entry: Entry,
    seen_msgctxt: bool,
    seen_msgid: bool,
    seen_msgstr: bool,
    /// Line and column of the entry's first line, for "no msgid" errors.
    start: Option<(u32, u32)>,
    /// Some line marked `#~` belongs to it (all keyword lines must then be `#~`).
    obsolete_lines: bool,
    live_lines: bool,
}

impl Partial {
    fn is_empty(&self) -> bool {
        self.start.is_none()
    }

    fn mark(&mut self, line: u32, column: u32) {
        self.start.get_or_insert((line, column));
    }
}

/// Reads a catalogue from its bytes. Invalid UTF-8, syntax errors, an entry without
/// `msgid` or `msgstr`, plural forms and a repeated `msgctxt`+`msgid` are errors.
pub fn parse(bytes: &[u8]) -> Result<Catalogue, ParseError> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = good.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
            let start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            let column = String::from_utf8_lossy(&good[start..]).chars().count() as u32 + 1;
            return Err(err(
                line,
                column,
                "invalid UTF-8: a catalogue must be saved as UTF-8",
            ));
        }
    };
    parse_str(text)
}

/// [`parse`] of a catalogue already known to be UTF-8.
pub fn parse_str(text: &str) -> Result<Catalogue, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut entries: Vec<Entry> = Vec::new();
    let mut cur = Partial::default();
    let mut field: Option<Field> = None;
    for (index, raw) in text.split('\n').enumerate() {
        let line_no = index as u32 + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let trimmed = line.trim_start();
        let indent = (line.len() - trimmed.len()) as u32;
        let col = |offset: usize| indent + offset as u32 + 1;
        if trimmed.trim_end().is_empty() {
            finish(&mut cur, &mut entries)?;
            field = None;
            continue;
        }
        // `#~` lines are entries like any other, one prefix deeper.
        let (body, obsolete, prefix) = match trimmed.strip_prefix("#~") {
            Some(rest) => {
                let inner = rest.trim_start();
                (inner, true, trimmed.len() - inner.len())
            }
            None => (trimmed, false, 0),
        };
        if obsolete && body.is_empty() {
            continue;
        }
        // `#~| msgid` is the previous source of an obsolete entry.
        let comment = match body.strip_prefix('#') {
            Some(c) => Some(c),
            None if obsolete && body.starts_with('|') => Some(body),
            None => None,
        };
        if let Some(comment) = comment {
            let kind = comment.chars().next();
            // A comment after the strings starts the next entry.
            if cur.seen_msgstr {
                finish(&mut cur, &mut entries)?;
            }
            field = None;
            cur.mark(line_no, col(prefix));
            match kind {
                Some('|') => {
                    let rest = comment[1..].trim_start();
                    let at = prefix + body.len() - rest.len();
                    let (f, value) = if let Some(v) = rest.strip_prefix("msgctxt") {
                        (Field::PrevMsgctxt, v)
                    } else if let Some(v) = rest.strip_prefix("msgid") {
                        (Field::PrevMsgid, v)
                    } else if rest.starts_with('"') {
                        let f = field_of_previous(&cur).ok_or_else(|| {
                            err(line_no, col(at), "a `#|` continuation without `#| msgid`")
                        })?;
                        (f, rest)
                    } else {
                        return Err(err(
                            line_no,
                            col(at),
                            "`#|` must be followed by `msgctxt` or `msgid` and a string",
                        ));
                    };
                    let value_at = at + rest.len() - value.len();
                    let s = string_after(value, line_no, col(value_at))?;
                    push(&mut cur.entry, f, s);
                }
                Some(',') => cur.entry.flags.extend(
                    comment[1..]
                        .split(',')
                        .map(str::trim)
                        .filter(|f| !f.is_empty())
                        .map(str::to_owned),
                ),
                Some(':') => cur
                    .entry
                    .references
                    .extend(comment[1..].split_whitespace().map(str::to_owned)),
                Some('.') => cur.entry.extracted.push(
                    comment[1..]
                        .strip_prefix(' ')
                        .unwrap_or(&comment[1..])
                        .into(),
                ),
                _ if obsolete => {}
                _ => cur
                    .entry
                    .comments
                    .push(comment.strip_prefix(' ').unwrap_or(comment).into()),
            }
            continue;
        }
        let at = prefix;
        if body.starts_with('"') {
            mixed(&mut cur, obsolete, line_no, col(at))?;
            let f = field.ok_or_else(|| {
                err(
                    line_no,
                    col(at),
                    "a string outside msgctxt, msgid or msgstr",
                )
            })?;
            let s = string_after(body, line_no, col(at))?;
            push(&mut cur.entry, f, s);
            continue;
        }
        let keyword_end = body
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '[' || c == ']'))
            .unwrap_or(body.len());
        let keyword = &body[..keyword_end];
        let f = match keyword {
            "msgctxt" => Field::Msgctxt,
            "msgid" => Field::Msgid,
            "msgstr" => Field::Msgstr,
            "msgid_plural" => {
                return Err(err(
                    line_no,
                    col(at),
                    "plural forms (`msgid_plural`) are not used in csstd catalogues",
                ));
            }
            k if k.starts_with("msgstr[") => {
                return Err(err(
                    line_no,
                    col(at),
                    "plural forms (`msgstr[n]`) are not used in csstd catalogues",
                ));
            }
            "" => return Err(err(line_no, col(at), "expected a keyword or a comment")),
            k => {
                return Err(err(
                    line_no,
                    col(at),
                    format!("unknown keyword `{k}` (expected msgctxt, msgid or msgstr)"),
                ));
            }
        };
        // A keyword after a complete entry starts the next one (blank lines are optional).
        let starts_next = match f {
            Field::Msgctxt => cur.seen_msgctxt || cur.seen_msgid,
            Field::Msgid => cur.seen_msgid,
            _ => false,
        };
        if starts_next {
            if !cur.seen_msgstr {
                return Err(err(
                    line_no,
                    col(at),
                    format!("`{}` before the previous entry's msgstr", f.name()),
                ));
            }
            finish(&mut cur, &mut entries)?;
        }
        mixed(&mut cur, obsolete, line_no, col(at))?;
        cur.mark(line_no, col(at));
        match f {
            Field::Msgctxt => cur.seen_msgctxt = true,
            Field::Msgid => {
                cur.seen_msgid = true;
                cur.entry.line = line_no;
                cur.entry.column = col(at);
            }
            Field::Msgstr if !cur.seen_msgid => {
                return Err(err(line_no, col(at), "msgstr without a msgid before it"));
            }
            Field::Msgstr if cur.seen_msgstr => {
                return Err(err(line_no, col(at), "a second msgstr in one entry"));
            }
            Field::Msgstr => cur.seen_msgstr = true,
            _ => {}
        }
        let rest = &body[keyword_end..];
        let s = string_after(rest, line_no, col(at + keyword_end))?;
        push(&mut cur.entry, f, s);
        field = Some(f);
        cur.entry.obsolete = obsolete;
    }
    finish(&mut cur, &mut entries)?;
    into_catalogue(entries)
}

/// Records whether a keyword line is obsolete; an entry must not mix both kinds.
fn mixed(cur: &mut Partial, obsolete: bool, line: u32, column: u32) -> Result<(), ParseError> {
    if obsolete {
        cur.obsolete_lines = true;
    } else {
        cur.live_lines = true;
    }
    if cur.obsolete_lines && cur.live_lines {
        return Err(err(
            line,
            column,
            "an entry is either obsolete (every line `#~`) or not",
        ));
    }
    Ok(())
}

/// The `#|` field a bare `#| "..."` continues: the last one started.
fn field_of_previous(cur: &Partial) -> Option<Field> {
    match (&cur.entry.previous_msgctxt, &cur.entry.previous_msgid) {
        (_, Some(_)) => Some(Field::PrevMsgid),
        (Some(_), None) => Some(Field::PrevMsgctxt),
        _ => None,
    }
}

fn push(entry: &mut Entry, field: Field, s: String) {
    let slot = match field {
        Field::Msgctxt => entry.msgctxt.get_or_insert_with(String::new),
        Field::Msgid => &mut entry.msgid,
        Field::Msgstr => &mut entry.msgstr,
        Field::PrevMsgctxt => entry.previous_msgctxt.get_or_insert_with(String::new),
        Field::PrevMsgid => entry.previous_msgid.get_or_insert_with(String::new),
    };
    // Most strings are one line: the first piece is the whole string.
    if slot.is_empty() {
        *slot = s;
    } else {
        slot.push_str(&s);
    }
}

/// Ends the entry being read, if any.
fn finish(cur: &mut Partial, entries: &mut Vec<Entry>) -> Result<(), ParseError> {
    if cur.is_empty() {
        return Ok(());
    }
    let (line, column) = cur.start.unwrap_or((1, 1));
    let done = std::mem::take(cur);
    if !done.seen_msgid {
        // Comments alone at the end of a file (or obsolete leftovers) are no entry.
        if !done.seen_msgctxt && !done.seen_msgstr {
            return Ok(());
        }
        return Err(err(line, column, "an entry without msgid"));
    }
    if !done.seen_msgstr {
        return Err(err(
            done.entry.line,
            done.entry.column,
            "an entry without msgstr (write `msgstr \"\"` for one not yet translated)",
        ));
    }
    entries.push(done.entry);
    Ok(())
}

/// Splits off the header, checks it is UTF-8, and refuses repeated messages.
fn into_catalogue(entries: Vec<Entry>) -> Result<Catalogue, ParseError> {
    let mut catalogue = Catalogue::default();
    type Seen<'a> = HashMap<(Option<&'a str>, &'a str, bool), (u32, u32), FixedState>;
    let mut seen: Seen<'_> = HashMap::default();
    for e in &entries {
        let key = (e.msgctxt.as_deref(), e.msgid.as_str(), e.obsolete);
        if let Some((line, _)) = seen.insert(key, (e.line, e.column)) {
            let what = match &e.msgctxt {
                Some(c) => format!("msgctxt \"{c}\" and this msgid"),
                None => "this msgid".to_owned(),
            };
            return Err(err(
                e.line,
                e.column,
                format!("duplicate entry: {what} already appear at line {line}"),
            ));
        }
    }
    let mut rest = Vec::with_capacity(entries.len());
    for e in entries {
        if e.msgid.is_empty() && e.msgctxt.is_none() && !e.obsolete {
            for field in e.msgstr.split('\n').filter(|l| !l.trim().is_empty()) {
                let (k, v) = field.split_once(':').ok_or_else(|| {
                    err(
                        e.line,
                        e.column,
                        format!("header line `{field}` is not `Name: value`"),
                    )
                })?;
                catalogue
                    .header
                    .push((k.trim().to_owned(), v.trim().to_owned()));
            }
            catalogue.header_comments = e.comments;
            if let Some(ct) = catalogue.header_field("Content-Type") {
                let charset = ct
                    .split(';')
                    .filter_map(|p| p.trim().strip_prefix("charset="))
                    .next();
                if charset.is_some_and(|c| !c.eq_ignore_ascii_case("utf-8")) {
                    return Err(err(
                        e.line,
                        e.column,
                        format!(
                            "the header says `{ct}`; csstd reads catalogues in UTF-8 \
                             (`Content-Type: text/plain; charset=UTF-8`)"
                        ),
                    ));
                }
            }
        } else {
            rest.push(e);
        }
    }
    catalogue.entries = rest;
    Ok(catalogue)
}

/// Reads the quoted string that `rest` holds (after a keyword), starting at column `col`.
fn string_after(rest: &str, line: u32, col: u32) -> Result<String, ParseError> {
    let trimmed = rest.trim_start();
    let start = col + (rest.len() - trimmed.len()) as u32;
    let Some(inner) = trimmed.strip_prefix('"') else {
        return Err(err(line, start, "expected a string in double quotes"));
    };
    let mut out = String::with_capacity(inner.len());
    let column_of = |i: usize| start + 1 + inner[..i].chars().count() as u32;
    // Byte offsets: the quote and the backslash are ASCII, so they never fall inside a
    // character, and the text between them is copied in one piece.
    let mut i = 0;
    while let Some(k) = memchr::memchr2(b'"', b'\\', &inner.as_bytes()[i..]) {
        out.push_str(&inner[i..i + k]);
        i += k;
        if inner.as_bytes()[i] == b'"' {
            let after = inner[i + 1..].trim();
            if !after.is_empty() {
                return Err(err(
                    line,
                    column_of(i + 1 + inner[i + 1..].find(after).unwrap_or(0)),
                    "unexpected text after the closing quote",
                ));
            }
            return Ok(out);
        }
        let Some(e) = inner[i + 1..].chars().next() else {
            break;
        };
        let mut next = i + 1 + e.len_utf8();
        match e {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            'a' => out.push('\u{7}'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'v' => out.push('\u{b}'),
            '\\' => out.push('\\'),
            '"' => out.push('"'),
            '\'' => out.push('\''),
            '?' => out.push('?'),
            '0'..='7' | 'x' => {
                // `\ooo` (up to three octal digits) or `\xhh`, as in C.
                let (radix, max) = if e == 'x' { (16, 2) } else { (8, 2) };
                let mut digits = String::new();
                if e != 'x' {
                    digits.push(e);
                }
                for d in inner[next..].chars() {
                    if digits.len() >= max + usize::from(e != 'x') || !d.is_digit(radix) {
                        break;
                    }
                    digits.push(d);
                    next += d.len_utf8();
                }
                let code = u32::from_str_radix(&digits, radix).ok();
                match code
                    .filter(|&c| c != 0 && c < 0x80)
                    .and_then(char::from_u32)
                {
                    Some(c) => out.push(c),
                    None => {
                        return Err(err(
                            line,
                            column_of(i),
                            format!(
                                "escape `\\{e}{}` is not a character csstd keeps",
                                &digits[usize::from(e != 'x')..]
                            ),
                        ));
                    }
                }
            }
            other => {
                return Err(err(
                    line,
                    column_of(i),
                    format!("unknown escape `\\{other}` (use \\n, \\t, \\\" or \\\\)"),
                ));
            }
        }
        i = next;
    }
    Err(err(line, start, "a string without its closing quote"))
}

/// The catalogue as PO text: the header, then each entry in order, obsolete ones last.
/// The same catalogue always gives the same bytes.
pub fn write(catalogue: &Catalogue) -> String {
    let mut out = String::new();
    for c in &catalogue.header_comments {
        comment_line(&mut out, "#", c);
    }
    out.push_str("msgid \"\"\n");
    let mut header = String::new();
    for (k, v) in &catalogue.header {
        let _ = writeln!(header, "{k}: {v}");
    }
    string_lines(&mut out, "", "msgstr", &header);
    let live = catalogue.entries.iter().filter(|e| !e.obsolete);
    let obsolete = catalogue.entries.iter().filter(|e| e.obsolete);
    for e in live.chain(obsolete) {
        out.push('\n');
        entry(&mut out, e);
    }
    out
}

fn comment_line(out: &mut String, mark: &str, text: &str) {
    // A comment cannot span lines: each line of it gets its own mark.
    for line in text.split('\n') {
        out.push_str(mark);
        if !line.is_empty() {
            out.push(' ');
            out.push_str(line);
        }
        out.push('\n');
    }
}

fn entry(out: &mut String, e: &Entry) {
    for c in &e.comments {
        comment_line(out, "#", c);
    }
    for c in &e.extracted {
        comment_line(out, "#.", c);
    }
    if !e.obsolete && !e.references.is_empty() {
        out.push_str("#:");
        for r in &e.references {
            out.push(' ');
            out.push_str(r);
        }
        out.push('\n');
    }
    if !e.flags.is_empty() {
        out.push_str("#, ");
        out.push_str(&e.flags.join(", "));
        out.push('\n');
    }
    let prev = if e.obsolete { "#~| " } else { "#| " };
    if let Some(c) = &e.previous_msgctxt {
        string_lines(out, prev, "msgctxt", c);
    }
    if let Some(id) = &e.previous_msgid {
        string_lines(out, prev, "msgid", id);
    }
    let prefix = if e.obsolete { "#~ " } else { "" };
    if let Some(c) = &e.msgctxt {
        string_lines(out, prefix, "msgctxt", c);
    }
    string_lines(out, prefix, "msgid", &e.msgid);
    string_lines(out, prefix, "msgstr", &e.msgstr);
}

/// `keyword "value"`, or, for a value with inner line breaks, `keyword ""` and one
/// string per line, as msgmerge writes them.
fn string_lines(out: &mut String, prefix: &str, keyword: &str, value: &str) {
    let pieces: Vec<&str> = value.split_inclusive('\n').collect();
    out.push_str(prefix);
    out.push_str(keyword);
    if pieces.len() <= 1 {
        out.push(' ');
        quoted(out, value);
        out.push('\n');
        return;
    }
    out.push_str(" \"\"\n");
    for piece in pieces {
        out.push_str(prefix);
        quoted(out, piece);
        out.push('\n');
    }
}

fn quoted(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                // Other control characters have no named escape; octal is portable.
                let _ = write!(out, "\\{:03o}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::{Catalogue, Entry, parse, write};

    const SAMPLE: &str = r#"# Translator: Aiko
msgid ""
msgstr ""
"Language: ja\n"
"Content-Type: text/plain; charset=UTF-8\n"

# keep the polite form
#: standards/global.toml:12
#, fuzzy
#| msgid "Greet the customer."
msgctxt "clauses[attitude.respect].text"
msgid "Greet every customer."
msgstr "お客様に挨拶します。"

msgctxt "sections[attitude].title"
msgid ""
"Two\n"
"lines \"quoted\"\t\\"
msgstr "二行"

#~ msgctxt "clauses[old].text"
#~ msgid "Gone."
#~ msgstr "消えた。"
"#;

    #[test]
    fn reads_every_part_of_an_entry() {
        let c = parse(SAMPLE.as_bytes()).unwrap();
        assert_eq!(c.header_field("language"), Some("ja"));
        assert_eq!(c.header_comments, ["Translator: Aiko"]);
        assert_eq!(c.entries.len(), 3);
        let e = &c.entries[0];
        assert_eq!(e.comments, ["keep the polite form"]);
        assert_eq!(e.references, ["standards/global.toml:12"]);
        assert!(e.is_fuzzy());
        assert_eq!(e.previous_msgid.as_deref(), Some("Greet the customer."));
        assert_eq!(e.msgctxt.as_deref(), Some("clauses[attitude.respect].text"));
        assert_eq!((e.line, e.column), (12, 1));
        assert_eq!(c.entries[1].msgid, "Two\nlines \"quoted\"\t\\");
        assert!(c.entries[2].obsolete);
        assert_eq!(c.entries[2].msgstr, "消えた。");
    }

    #[test]
    fn writing_then_reading_gives_the_same_catalogue() {
        let c = parse(SAMPLE.as_bytes()).unwrap();
        let text = write(&c);
        let again = parse(text.as_bytes()).unwrap();
        let strip = |c: &Catalogue| -> Vec<Entry> {
            c.entries
                .iter()
                .map(|e| Entry {
                    line: 0,
                    column: 0,
                    ..e.clone()
                })
                .collect()
        };
        assert_eq!(strip(&c), strip(&again));
        assert_eq!(c.header, again.header);
        assert_eq!(write(&again), text, "the writer is deterministic");
        assert_eq!(text, SAMPLE, "the sample is already in the writer's shape");
    }

    #[test]
    fn control_characters_survive_a_round_trip() {
        let mut c = Catalogue::default();
        c.entries.push(Entry {
            msgid: "bell \u{7} nul-free \u{1} del \u{7f}".into(),
            ..Entry::default()
        });
        let back = parse(write(&c).as_bytes()).unwrap();
        assert_eq!(back.entries[0].msgid, c.entries[0].msgid);
    }

    #[test]
    fn crlf_and_a_byte_order_mark_read_as_plain_text() {
        let text = format!("\u{feff}{}", SAMPLE.replace('\n', "\r\n"));
        let c = parse(text.as_bytes()).unwrap();
        assert_eq!(c, parse(SAMPLE.as_bytes()).unwrap());
    }

    fn error_at(text: &[u8]) -> (u32, u32, String) {
        let e = parse(text).unwrap_err();
        (e.line, e.column, e.message)
    }

    #[test]
    fn bad_catalogues_are_refused_with_a_position() {
        let (l, c, m) = error_at(b"msgid \"a\"\nmsgstr \"b\"\n\nmsgid \"a\"\nmsgstr \"c\"\n");
        assert_eq!((l, c), (4, 1));
        assert!(m.contains("duplicate"), "{m}");
        let (l, c, m) = error_at(b"msgctxt \"x\"\nmsgstr \"b\"\n");
        assert_eq!((l, c), (2, 1));
        assert!(m.contains("msgid"), "{m}");
        let (l, c, m) = error_at(b"msgctxt \"x\"\n\nmsgid \"a\"\nmsgstr \"\"\n");
        assert_eq!((l, c), (1, 1));
        assert!(m.contains("without msgid"), "{m}");
        let (l, c, _) = error_at(b"msgid \"a\"\nmsgstr \"b\xff\"\n");
        assert_eq!((l, c), (2, 10));
        let (l, c, m) = error_at(b"msgid \"a\\q\"\nmsgstr \"\"\n");
        assert_eq!((l, c), (1, 9));
        assert!(m.contains("escape"), "{m}");
        let (l, c, m) = error_at(b"msgid \"a\nmsgstr \"\"\n");
        assert_eq!((l, c), (1, 7));
        assert!(m.contains("closing quote"), "{m}");
        let (l, c, _) = error_at(b"msgid \"a\"\n  bogus \"x\"\n");
        assert_eq!((l, c), (2, 3));
        let (l, _, m) = error_at(b"msgid \"a\"\n");
        assert_eq!(l, 1);
        assert!(m.contains("without msgstr"), "{m}");
        let (l, _, m) =
            error_at(b"msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=ISO-8859-1\\n\"\n");
        assert_eq!(l, 1);
        assert!(m.contains("UTF-8"), "{m}");
    }

    #[test]
    fn an_obsolete_and_a_live_entry_may_share_a_message() {
        let text = "msgid \"a\"\nmsgstr \"b\"\n\n#~ msgid \"a\"\n#~ msgstr \"c\"\n";
        let c = parse(text.as_bytes()).unwrap();
        assert_eq!(c.entries.len(), 2);
    }

    #[test]
    fn entries_need_no_blank_line_between_them() {
        let c = parse(b"msgid \"a\"\nmsgstr \"b\"\nmsgid \"c\"\nmsgstr \"d\"\n").unwrap();
        assert_eq!(c.entries.len(), 2);
    }
}
