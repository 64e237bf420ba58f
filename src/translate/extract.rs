//! What a handbook shows that a translator translates: the translatable values of a
//! resolved region (SPEC 8), cut into Markdown blocks, each with its source language.
//!
//! Paths come from [`crate::resolve::output::leaves`], the diff paths; nothing here reads
//! files or catalogues.

use crate::load::{DocKind, Project};
use crate::model::node::{Node, Pos};
use crate::resolve::output::leaves;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

/// Values written in Markdown: cut into blocks. Other translatable values are plain
/// text, one entry each.
const MARKDOWN: [&str; 3] = [
    "clauses[].text",
    "clauses[].appended[].text",
    "legal[].note",
];

/// Every free text a handbook shows, as a path with its ids and indexes blanked.
const TRANSLATABLE: [&str; 28] = [
    "standard.title",
    "sections[].title",
    "clauses[].title",
    "clauses[].text",
    "clauses[].appended[].text",
    "metrics[].title",
    "metrics[].measured_by",
    "priorities[].title",
    "priorities[].definition",
    "priorities[].examples[]",
    "legal[].title",
    "legal[].note",
    "culture.name",
    "culture.business_hours",
    "culture.holidays[]",
    "schedules[].holidays[].name",
    "schedules[].exceptions[].name",
    "communication.address",
    "communication.greeting",
    "communication.do[]",
    "communication.avoid[]",
    "escalations[].to",
    "escalations[].via",
    "agent.name",
    "agent.disclosure",
    "agent.handover",
    "agent.handover_topics[]",
    "agent.never[]",
];

/// The same parser options as the renderer, so blocks are the blocks it draws.
const PARSE_OPTIONS: Options = Options::ENABLE_TABLES.union(Options::ENABLE_STRIKETHROUGH);

/// The blocks of Markdown values already cut, by where the value is written.
pub type BlockCache = std::sync::Mutex<HashMap<Pos, Arc<Vec<Piece>>, foldhash::fast::FixedState>>;

/// One unit of translation: a block of one value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The value's path: the entry's `msgctxt`.
    pub path: String,
    /// The block's source text: the entry's `msgid`.
    pub text: String,
    /// The language it is written in.
    pub lang: String,
    /// Where the value is written.
    pub pos: Pos,
}

/// A translatable value of a region, whole, with its blocks in order.
#[derive(Debug, Clone)]
pub struct Value {
    pub path: String,
    pub source: String,
    pub lang: String,
    pub pos: Pos,
    pub markdown: bool,
    pub blocks: Arc<Vec<Piece>>,
}

/// A block of a value and where it sits in the value's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// Byte range of the block in the value.
    pub range: Range<usize>,
    /// The block as an entry shows it: lines without their indentation.
    pub text: String,
    /// Put back into a table cell (a line break or `|` would end the cell).
    pub in_table: bool,
}

/// [`languages`], worked out once per project.
pub fn languages_of(project: &Project) -> &HashMap<Arc<str>, String> {
    project
        .catalogues
        .languages
        .get_or_init(|| languages(project))
}

/// The source language of every file: a standard's `default_language`; a culture's
/// `text_language`, else that of the file it extends.
pub fn languages(project: &Project) -> HashMap<Arc<str>, String> {
    let mut out = HashMap::new();
    for doc in project.standards.values() {
        let lang = doc
            .node()
            .get("standard")
            .and_then(|s| s.get_str("default_language"))
            .unwrap_or("en");
        out.insert(Arc::clone(&doc.file), lang.to_owned());
    }
    for id in project.cultures.keys() {
        let mut seen = Vec::new();
        if let Some(lang) = culture_language(project, id, &mut seen) {
            out.insert(Arc::clone(&project.cultures[id].file), lang);
        }
    }
    out
}

fn culture_language(project: &Project, id: &str, seen: &mut Vec<String>) -> Option<String> {
    // A cycle is an input error reported by the resolver; here it just ends the walk.
    if seen.iter().any(|s| s == id) {
        return None;
    }
    seen.push(id.to_owned());
    let doc = project.doc(id)?;
    if doc.kind == DocKind::Standard {
        let std = doc.node().get("standard")?;
        return Some(std.get_str("default_language").unwrap_or("en").to_owned());
    }
    let own = doc
        .node()
        .get("culture")
        .and_then(|c| c.get_str("text_language"))
        .map(str::trim)
        .filter(|l| !l.is_empty());
    match own {
        Some(lang) => Some(lang.to_owned()),
        None => culture_language(project, doc.extends()?.0, seen),
    }
}

/// The primary language subtag, lowercased: `fr` of `fr-CA`.
pub fn primary(tag: &str) -> String {
    tag.split(['-', '_'])
        .next()
        .unwrap_or(tag)
        .to_ascii_lowercase()
}

/// Is text in `source` shown as written in a handbook in `handbook`? Yes when both are
/// the same language (`fr` text in an `fr-CA` handbook).
pub fn same_language(source: &str, handbook: &str) -> bool {
    primary(source) == primary(handbook)
}

/// Is every text of a region with files `chain` written in `lang`? Then its handbook in
/// `lang` shows nothing in another language, and no walk over its values is needed.
/// `default_language` is the language of values from no known file.
pub fn written_in(project: &Project, chain: &[String], lang: &str, default_language: &str) -> bool {
    let languages = languages_of(project);
    same_language(default_language, lang)
        && chain.iter().all(|id| {
            project.doc(id).is_some_and(|d| {
                languages
                    .get(&d.file)
                    .is_none_or(|l| same_language(l, lang))
            })
        })
}

/// The translatable values of a resolved region, in tree order. `languages` maps each
/// file to its source language (see [`languages`]); `fallback` is used for values
/// whose file it does not know.
/// [`values`] of region `id`, kept for the renderer of the same build to take.
pub fn region_values(project: &Project, id: &str, tree: &Node, fallback: &str) -> Arc<Vec<Value>> {
    let catalogues = &project.catalogues;
    let make = || values(tree, languages_of(project), fallback, &catalogues.blocks);
    // Only a project with catalogues renders translated, and so takes what is kept here;
    // without one, keeping every region's values would only hold memory until the end.
    if catalogues.by_lang.is_empty() {
        return Arc::new(make());
    }
    catalogues.values.get_or(id.to_owned(), make)
}

pub fn values(
    tree: &Node,
    languages: &HashMap<Arc<str>, String>,
    fallback: &str,
    cache: &BlockCache,
) -> Vec<Value> {
    leaves(tree)
        .into_iter()
        .filter_map(|(path, node)| value(path, node, languages, fallback, cache))
        .collect()
}

fn value(
    path: String,
    node: &Node,
    languages: &HashMap<Arc<str>, String>,
    fallback: &str,
    cache: &BlockCache,
) -> Option<Value> {
    let pattern = blank_keys(&path);
    if !TRANSLATABLE.contains(&pattern.as_str()) {
        return None;
    }
    let source = node.str()?;
    if source.trim().is_empty() {
        return None;
    }
    let markdown = MARKDOWN.contains(&pattern.as_str());
    let blocks = if markdown {
        // A poisoned cache only loses its use: cut the value again.
        let cached = cache.lock().ok().and_then(|c| c.get(&node.pos).cloned());
        match cached {
            Some(b) => b,
            None => {
                let b = Arc::new(blocks(source));
                if let Ok(mut c) = cache.lock() {
                    c.insert(node.pos.clone(), Arc::clone(&b));
                }
                b
            }
        }
    } else {
        Arc::new(vec![Piece {
            range: 0..source.len(),
            text: source.to_owned(),
            in_table: false,
        }])
    };
    Some(Value {
        lang: languages
            .get(&node.pos.file)
            .cloned()
            .unwrap_or_else(|| fallback.to_owned()),
        path,
        source: source.to_owned(),
        pos: node.pos.clone(),
        markdown,
        blocks,
    })
}

impl Value {
    /// The value's blocks as catalogue units.
    pub fn units(&self) -> impl Iterator<Item = Block> + '_ {
        self.blocks.iter().map(|p| Block {
            path: self.path.clone(),
            text: p.text.clone(),
            lang: self.lang.clone(),
            pos: self.pos.clone(),
        })
    }

    /// The value with some blocks replaced: `replace(i)` gives block `i`'s new text, or
    /// `None` to leave it as written.
    pub fn splice(&self, mut replace: impl FnMut(usize) -> Option<String>) -> Spliced {
        let mut text = String::with_capacity(self.source.len());
        let mut kept = Vec::new();
        let mut at = 0;
        for (i, piece) in self.blocks.iter().enumerate() {
            text.push_str(&self.source[at..piece.range.start]);
            match replace(i) {
                Some(new) => text.push_str(&fit(&self.source, piece, &new)),
                None => {
                    let start = text.len();
                    text.push_str(&self.source[piece.range.clone()]);
                    kept.push(start..text.len());
                }
            }
            at = piece.range.end;
        }
        text.push_str(&self.source[at..]);
        Spliced { text, kept }
    }
}

/// What [`Value::splice`] made.
#[derive(Debug, PartialEq, Eq)]
pub struct Spliced {
    pub text: String,
    /// Byte ranges of `text` holding blocks left as written, in order.
    pub kept: Vec<Range<usize>>,
}

/// Does `event` belong to a run of inline content: text with its emphasis, links, code
/// spans and breaks? A block is one such run in a paragraph, heading, cell or item.
pub fn is_inline(event: &Event) -> bool {
    match event {
        Event::Start(tag) => !is_block(tag),
        Event::End(end) => !is_block_end(end),
        Event::Rule => false,
        _ => true,
    }
}

/// A translation laid into the place of its block: later lines get the block's
/// indentation (or quote marks), and a table cell stays on one line.
fn fit(source: &str, piece: &Piece, new: &str) -> String {
    if piece.in_table {
        return new
            .split('\n')
            .map(str::trim)
            .collect::<Vec<_>>()
            .join(" ")
            .replace('|', "\\|")
            .replace("\\\\|", "\\|");
    }
    let line_start = source[..piece.range.start].rfind('\n').map_or(0, |i| i + 1);
    // The first line's lead-in (`- `, `1. `, `> `) as continuation indentation: list
    // markers become spaces, quote marks stay.
    let lead: String = source[line_start..piece.range.start]
        .chars()
        .map(|c| if c == '>' || c == '\t' { c } else { ' ' })
        .collect();
    let mut out = String::with_capacity(new.len());
    for (i, line) in new.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            if !line.is_empty() {
                out.push_str(&lead);
            } else {
                out.push_str(lead.trim_end());
            }
        }
        out.push_str(line);
    }
    out
}

/// `clauses[a.b].appended[0].text` → `clauses[].appended[].text`.
fn blank_keys(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '[' => {
                if depth == 0 {
                    out.push('[');
                }
                depth += 1;
            }
            ']' => {
                depth -= 1;
                if depth == 0 {
                    out.push(']');
                }
            }
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The blocks of a Markdown text: the inline content of each paragraph, heading, table
/// cell and tight list item, in order. Code blocks, HTML blocks and rules are not text to
/// translate.
pub fn blocks(source: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    // The kind of the innermost open block, and the inline run being gathered.
    let mut stack: Vec<Container> = Vec::new();
    let mut run: Option<Range<usize>> = None;
    let flush = |run: &mut Option<Range<usize>>, out: &mut Vec<Piece>, in_table: bool| {
        if let Some(range) = run.take() {
            let text = normalise(&source[range.clone()]);
            if !text.is_empty() {
                out.push(Piece {
                    range,
                    text,
                    in_table,
                });
            }
        }
    };
    let mut in_table = false;
    for (event, range) in Parser::new_ext(source, PARSE_OPTIONS).into_offset_iter() {
        match &event {
            Event::Start(tag) if is_block(tag) => {
                flush(&mut run, &mut out, in_table);
                if matches!(tag, Tag::Table(_)) {
                    in_table = true;
                }
                stack.push(container(tag));
            }
            Event::End(end) if is_block_end(end) => {
                flush(&mut run, &mut out, in_table);
                if matches!(end, TagEnd::Table) {
                    in_table = false;
                }
                stack.pop();
            }
            _ => {
                if stack.last() != Some(&Container::Text) {
                    continue;
                }
                run = Some(match run.take() {
                    Some(r) => r.start.min(range.start)..r.end.max(range.end),
                    None => range,
                });
            }
        }
    }
    flush(&mut run, &mut out, in_table);
    out
}

#[derive(Debug, PartialEq, Eq)]
enum Container {
    /// Holds inline text that is a block of its own.
    Text,
    /// Holds blocks, or text that is not translated (code, HTML).
    Other,
}

fn is_block(tag: &Tag) -> bool {
    !matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Link { .. }
            | Tag::Image { .. }
            | Tag::Superscript
            | Tag::Subscript
    )
}

fn is_block_end(end: &TagEnd) -> bool {
    !matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::Superscript
            | TagEnd::Subscript
    )
}

fn container(tag: &Tag) -> Container {
    match tag {
        Tag::Paragraph | Tag::Heading { .. } | Tag::TableCell | Tag::Item => Container::Text,
        _ => Container::Other,
    }
}

/// A block as a translator sees it: each line without its indentation, no trailing space.
fn normalise(text: &str) -> String {
    text.split('\n')
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::{Piece, Value, blank_keys, blocks};
    use crate::model::node::Pos;
    use std::sync::Arc;

    fn texts(source: &str) -> Vec<String> {
        blocks(source).into_iter().map(|p| p.text).collect()
    }

    #[test]
    fn paragraphs_items_headings_and_cells_are_blocks() {
        let md = "# Title\n\nFirst *para*\ngoes on.\n\n- one `code`\n- two [link](https://x.example)\n  more\n\n| a | b |\n|---|---|\n| c | d |\n\n```\nnot text\n```\n";
        assert_eq!(
            texts(md),
            [
                "Title",
                "First *para*\ngoes on.",
                "one `code`",
                "two [link](https://x.example)\nmore",
                "a",
                "b",
                "c",
                "d"
            ]
        );
    }

    #[test]
    fn loose_and_nested_lists_cut_at_each_paragraph() {
        let md = "1. first\n\n   second para\n2. other\n   - nested\n";
        assert_eq!(texts(md), ["first", "second para", "other", "nested"]);
    }

    #[test]
    fn keys_are_blanked_even_with_dots_and_brackets() {
        assert_eq!(
            blank_keys("clauses[attitude.respect].appended[0].text"),
            "clauses[].appended[].text"
        );
    }

    #[test]
    fn splicing_keeps_the_markdown_around_each_block() {
        let source = "Intro line.\n\n- item one\n  continues\n- item two\n\n> quoted\n> more\n\n| x |\n|---|\n| y |\n";
        let v = Value {
            path: "p".into(),
            source: source.into(),
            lang: "en".into(),
            pos: Pos::new(&Arc::from("f"), 1, 1),
            markdown: true,
            blocks: Arc::new(blocks(source)),
        };
        let out = v.splice(|i| {
            Some(match i {
                1 => "eins\nweiter".to_owned(),
                3 => "zitiert\nmehr".to_owned(),
                5 => "a | b".to_owned(),
                i => format!("<{i}>"),
            })
        });
        assert_eq!(
            out.text,
            "<0>\n\n- eins\n  weiter\n- <2>\n\n> zitiert\n> mehr\n\n| <4> |\n|---|\n| a \\| b |\n"
        );
        assert_eq!(out.kept, []);
        let unchanged = v.splice(|_| None);
        assert_eq!(unchanged.text, source, "nothing replaced, nothing changed");
        let kept: Vec<&str> = unchanged.kept.iter().map(|r| &source[r.clone()]).collect();
        assert_eq!(
            kept,
            [
                "Intro line.",
                "item one\n  continues",
                "item two",
                "quoted\n> more",
                "x",
                "y"
            ]
        );
        // Blocks left as written are found where they now stand.
        let some = v.splice(|i| (i == 0).then(|| "Einleitung, länger.".to_owned()));
        let kept: Vec<&str> = some.kept.iter().map(|r| &some.text[r.clone()]).collect();
        assert_eq!(kept[0], "item one\n  continues");
        assert_eq!(kept.len(), 5);
        let _: &Piece = &v.blocks[0];
    }
}
