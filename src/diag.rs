//! Diagnostics: a message tied to a source position, drawn rustc-style.
//!
//! Input errors and lint findings are both drawn here, so every message a user
//! sees has the same shape: `error[rule]: message`, `--> file:line:col`, the
//! source line with a caret, then notes and help.

use crate::model::node::Pos;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A secondary location or remark attached to a diagnostic.
#[derive(Clone, Debug, PartialEq)]
pub struct Note {
    pub pos: Option<Pos>,
    pub message: String,
}

/// One problem, with where it is and what to do about it.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Option<String>,
    pub message: String,
    pub pos: Pos,
    pub notes: Vec<Note>,
    pub help: Option<String>,
    /// How many characters to underline at `pos` (default: the value token there).
    pub len: Option<usize>,
}

impl Diagnostic {
    /// An input error: the files cannot be used as they are (exit code 2).
    pub fn input(pos: Pos, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code: None,
            message: message.into(),
            pos,
            notes: Vec::new(),
            help: None,
            len: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn with_note(mut self, pos: Option<Pos>, message: impl Into<String>) -> Diagnostic {
        self.notes.push(Note {
            pos,
            message: message.into(),
        });
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.pos, self.message)
    }
}

/// The text of every file read, so diagnostics can show source lines.
#[derive(Clone, Debug, Default)]
pub struct Sources {
    files: BTreeMap<Arc<str>, Arc<str>>,
}

impl Sources {
    pub fn insert(&mut self, file: Arc<str>, text: Arc<str>) {
        self.files.insert(file, text);
    }

    pub fn get(&self, file: &str) -> Option<&str> {
        self.files.get(file).map(|t| &**t)
    }

    /// The line at `pos` and the byte range of the value that starts there.
    fn line_and_span(
        &self,
        pos: &Pos,
        len: Option<usize>,
    ) -> Option<(&str, std::ops::Range<usize>)> {
        let text = self.get(&pos.file)?;
        let line = text.lines().nth(pos.line.checked_sub(1)? as usize)?;
        let start = line
            .char_indices()
            .nth(pos.column.saturating_sub(1) as usize)
            .map_or(line.len(), |(i, _)| i);
        let rest = &line[start..];
        let end = start
            + match len {
                Some(n) => rest.char_indices().nth(n).map_or(rest.len(), |(i, _)| i),
                None if is_yaml(&pos.file) => yaml_token_len(rest, in_flow(&line[..start])),
                None => token_len(rest),
            };
        Some((line, start..end.max(start)))
    }
}

fn is_yaml(file: &str) -> bool {
    let lower = file.to_ascii_lowercase();
    lower.ends_with(".yaml") || lower.ends_with(".yml")
}

/// Is a YAML value that starts after `before` (on the same line) inside `[...]` or `{...}`?
fn in_flow(before: &str) -> bool {
    let open = before.chars().filter(|c| matches!(c, '[' | '{')).count();
    let close = before.chars().filter(|c| matches!(c, ']' | '}')).count();
    open > close
}

/// Length in bytes of the YAML value or key at the start of `rest`. A plain scalar may
/// hold spaces (`4 hours`, `29 Dec 2026`): it runs to `: `, ` #` or the end of the line,
/// and inside a flow collection also to `,`, `]` or `}`; trailing blanks are not
/// underlined. Quoted scalars and flow collections are measured as in TOML.
fn yaml_token_len(rest: &str, flow: bool) -> usize {
    if rest.starts_with(['"', '\'', '[', '{']) {
        return token_len(rest);
    }
    let mut end = rest.len();
    let mut prev = ' ';
    for (i, c) in rest.char_indices() {
        let next = rest[i + c.len_utf8()..].chars().next();
        let stop = (c == ':' && next.is_none_or(char::is_whitespace))
            || (c == '#' && prev.is_whitespace() && i > 0)
            || (flow && matches!(c, ',' | ']' | '}'));
        if stop {
            end = i;
            break;
        }
        prev = c;
    }
    rest[..end].trim_end().len().max(1).min(rest.len())
}

/// Length in bytes of the value token at the start of `rest`: a quoted string (for a
/// multi-line string, the rest of its first line), or up to the next separator. Only
/// used to decide how long the caret underline is.
fn token_len(rest: &str) -> usize {
    if let Some(body) = rest
        .strip_prefix("\"\"\"")
        .or_else(|| rest.strip_prefix("'''"))
    {
        let quotes = &rest[..3];
        return match body.find(quotes) {
            Some(i) => 3 + i + 3,
            None => rest.trim_end().len(),
        };
    }
    let mut chars = rest.char_indices();
    match chars.next() {
        None => 0,
        Some((_, q @ ('"' | '\''))) => {
            let mut escaped = false;
            for (i, c) in chars {
                if escaped {
                    escaped = false;
                } else if c == '\\' && q == '"' {
                    escaped = true;
                } else if c == q {
                    return i + 1;
                }
            }
            rest.len()
        }
        Some((_, '[')) => rest.find(']').map_or(rest.len(), |i| i + 1),
        Some((_, '{')) => rest.find('}').map_or(rest.len(), |i| i + 1),
        Some(_) => rest
            .find(|c: char| c.is_whitespace() || matches!(c, ',' | '}' | ']' | '=' | ':'))
            .unwrap_or(rest.len())
            .max(1),
    }
}

/// Draws diagnostics for a terminal or a log.
pub struct Printer<'a> {
    sources: &'a Sources,
    renderer: Renderer,
}

impl<'a> Printer<'a> {
    pub fn new(sources: &'a Sources, color: bool) -> Self {
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        Printer { sources, renderer }
    }

    fn snippet<'s>(
        &'s self,
        pos: &'s Pos,
        len: Option<usize>,
    ) -> Option<Snippet<'s, annotate_snippets::Annotation<'s>>> {
        let (line, span) = self.sources.line_and_span(pos, len)?;
        let annotation = AnnotationKind::Primary.span(span);
        Some(
            Snippet::source(line)
                .line_start(pos.line as usize)
                .path(&*pos.file)
                .annotation(annotation),
        )
    }

    /// Renders one diagnostic as text (ending with a newline).
    pub fn render(&self, d: &Diagnostic) -> String {
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Info => Level::INFO,
        };
        let mut title = level.primary_title(&d.message);
        if let Some(code) = &d.code {
            title = title.id(code);
        }
        let location = d.pos.to_string();
        let mut head = Group::with_title(title);
        match self.snippet(&d.pos, d.len) {
            Some(s) => head = head.element(s),
            None => {
                head = head.element(annotate_snippets::Origin::path(&*location));
            }
        }
        let mut groups = vec![head];
        let note_locations: Vec<String> = d
            .notes
            .iter()
            .map(|n| n.pos.as_ref().map(|p| p.to_string()).unwrap_or_default())
            .collect();
        for (note, loc) in d.notes.iter().zip(&note_locations) {
            let mut g = Group::with_title(Level::NOTE.secondary_title(&note.message));
            if let Some(pos) = &note.pos {
                match self.snippet(pos, None) {
                    Some(s) => g = g.element(s),
                    None => g = g.element(annotate_snippets::Origin::path(&**loc)),
                }
            }
            groups.push(g);
        }
        if let Some(help) = &d.help {
            groups.push(Group::with_title(Level::HELP.secondary_title(help)));
        }
        let mut out = self.renderer.render(&groups);
        out.push('\n');
        out
    }
}

/// An input error no file position belongs to (a command-line id that names nothing),
/// with its advice kept apart so machine formats can show it as `help`.
#[derive(Debug, Clone, PartialEq)]
pub struct ArgError {
    pub message: String,
    pub help: Option<String>,
}

impl fmt::Display for ArgError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        match &self.help {
            Some(help) => write!(f, "; {help}"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for ArgError {}
