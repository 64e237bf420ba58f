//! Safe Markdown: source Markdown becomes HTML or CommonMark through one event filter.
//! Raw HTML in the source is shown as text and only `http`, `https`, `mailto` and relative
//! links survive; nothing here may ever pass source HTML or a script URL through.

use std::borrow::Cow;
use std::ops::Range;

use crate::translate::extract;
use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};

/// Markdown features accepted in source text. Footnotes, task lists and heading attributes
/// stay off: they would add ids, form controls or classes that the page does not control.
const PARSE_OPTIONS: Options = Options::ENABLE_TABLES.union(Options::ENABLE_STRIKETHROUGH);

/// Schemes a link may keep; everything else (`javascript:`, `data:`, `vbscript:`, `file:` ...)
/// is dropped. Relative URLs have no scheme and are kept.
const ALLOWED_SCHEMES: [&str; 3] = ["http", "https", "mailto"];

/// Is `src` one paragraph of plain words: one line, no character that Markdown, HTML or
/// the linking of bare addresses reads, nothing the parser trims or replaces, and no start
/// that reads as a block marker? Then it is its own CommonMark, and its HTML is the escaped
/// text in `<p>`: most sentences of a standard and of its translations are like this, and
/// need no parse.
fn is_plain_paragraph(src: &str) -> bool {
    !src.is_empty()
        && !starts_like_a_marker(src)
        && src.trim() == src
        && !src
            .bytes()
            .any(|b| is_syntax_byte(b) || b.is_ascii_control())
        && !src.contains("://")
        && !has_bidi_control(src)
        && (src.is_ascii() || !src.chars().any(char::is_control))
}

/// Bytes that mean something to Markdown, to HTML or to the linking of bare addresses
/// (`@`), or that end a line: a text without them may read as itself.
fn is_syntax_byte(b: u8) -> bool {
    matches!(
        b,
        b'\r'
            | b'\n'
            | b'\t'
            | b'<'
            | b'>'
            | b'\\'
            | b'`'
            | b'*'
            | b'['
            | b']'
            | b'|'
            | b'#'
            | b'~'
            | b'_'
            | b'&'
            | b'@'
    )
}

/// Does the text start as a list item, an ordered list or a setext underline may?
fn starts_like_a_marker(text: &str) -> bool {
    text.bytes()
        .next()
        .is_some_and(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'='))
}

/// Source Markdown as safe HTML; headings in it start at `heading_base` (1-6).
pub fn to_html(src: &str, heading_base: u8) -> String {
    if is_plain_paragraph(src) {
        let mut out = String::with_capacity(src.len() + src.len() / 8 + 8);
        out.push_str("<p>");
        let _ = write_escaped_html(src, &mut out);
        out.push_str("</p>\n");
        return out;
    }
    parsed_html(src, heading_base, None)
}

/// Blocks of a text left in another language than the page's, for want of a translation:
/// the byte ranges of the source they stand at, and the language to mark them with.
pub struct Marking<'a> {
    pub lang: &'a str,
    pub dir: &'a str,
    pub spans: &'a [Range<usize>],
}

/// [`to_html`] with the blocks `marking` names wrapped in `<span lang dir>`, so that a
/// browser, a screen reader and a search engine read them in their own language.
pub fn to_html_marked(src: &str, heading_base: u8, marking: &Marking) -> String {
    parsed_html(src, heading_base, Some(marking))
}

/// [`to_html`] through the parser, whatever the text.
fn parsed_html(src: &str, heading_base: u8, marking: Option<&Marking>) -> String {
    let mut events = Vec::new();
    let mut in_code_block = false;
    for event in safe_events(src, heading_base, marking) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => {
                in_code_block = true;
                events.push(event);
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code_block = false;
                events.push(event);
            }
            // Text is escaped here rather than by the HTML writer, which leaves `=` and `:`
            // alone; see `escape_html`. Code block text stays with the writer, which keeps
            // its line breaks.
            Event::Text(text) if !in_code_block => {
                events.push(Event::InlineHtml(CowStr::from(escape_html(&text))))
            }
            Event::Code(code) => events.push(Event::InlineHtml(CowStr::from(format!(
                "<code>{}</code>",
                escape_html(&code)
            )))),
            // Wide tables scroll inside their own box on a phone, and a scrolling box must be
            // reachable by keyboard.
            Event::Start(Tag::Table(_)) => {
                events.push(Event::Html(
                    r#"<div class="table-wrap" tabindex="0">"#.into(),
                ));
                events.push(event);
            }
            Event::End(TagEnd::Table) => {
                events.push(event);
                events.push(Event::Html("</div>\n".into()));
            }
            other => events.push(other),
        }
    }
    let mut out = String::with_capacity(src.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut out, events.into_iter());
    out
}

/// Source Markdown as safe CommonMark (no trailing newline); headings start at `heading_base`.
pub fn to_commonmark(src: &str, heading_base: u8) -> String {
    if is_plain_paragraph(src) {
        return src.to_owned();
    }
    parsed_commonmark(src, heading_base)
}

/// [`to_commonmark`] through the parser, whatever the text.
fn parsed_commonmark(src: &str, heading_base: u8) -> String {
    let events = commonmark_events(safe_events(src, heading_base, None));
    let fence = pulldown_cmark_to_cmark::calculate_code_block_token_count(events.iter())
        .unwrap_or(3)
        .max(3);
    let options = pulldown_cmark_to_cmark::Options {
        list_token: '-',
        increment_ordered_list_bullets: true,
        code_block_token_count: fence,
        ..Default::default()
    };
    let mut out = String::with_capacity(src.len() + 16);
    match pulldown_cmark_to_cmark::cmark_with_options(events.iter(), &mut out, options) {
        Ok(_) => out.trim_end().to_owned(),
        // The writer refuses only event sequences it cannot express; plain escaped text
        // keeps every word and stays safe.
        Err(_) => escape_inline(src),
    }
}

/// Escapes text for HTML content and quoted attributes. Besides `& < > " '`, it escapes `=`
/// and the colon of a script-capable scheme name, so that text which looked like markup
/// (`<img onerror=...>`, `javascript:...`) cannot even be found verbatim in the page.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let _ = write_escaped_html(text, &mut out);
    out
}

/// Bidi embeddings and overrides (LRE, RLE, LRO, RLO), closed by PDF.
fn is_bidi_embedding(c: char) -> bool {
    matches!(c, '\u{202A}' | '\u{202B}' | '\u{202D}' | '\u{202E}')
}

/// Bidi isolates (LRI, RLI, FSI), closed by PDI.
fn is_bidi_isolate(c: char) -> bool {
    matches!(c, '\u{2066}'..='\u{2068}')
}

/// Bidi embedding, override and isolate controls, openers and closers.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Does `text` hold a bidi control ([`is_bidi_control`])? Read in bytes: in UTF-8 each is
/// `E2 80 AA`..`E2 80 AE` or `E2 81 A6`..`E2 81 A9`, and most text has no `E2` at all.
fn has_bidi_control(text: &str) -> bool {
    let bytes = text.as_bytes();
    !text.is_ascii()
        && memchr::memchr_iter(0xE2, bytes).any(|i| {
            matches!(
                bytes.get(i + 1..i + 3),
                Some([0x80, 0xAA..=0xAE] | [0x81, 0xA6..=0xA9])
            )
        })
}

/// `text` with every bidi embedding, override and isolate it opens closed at its end, and
/// every closer that closes nothing of its own dropped: a value can reorder only itself. An
/// unclosed right-to-left override in a name would otherwise reverse what follows the name
/// on its line (the id beside it, the next table cell), as in "Trojan Source" spoofing.
pub fn confine_bidi(text: &str) -> Cow<'_, str> {
    if !has_bidi_control(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 12);
    let mut open: Vec<char> = Vec::new();
    for c in text.chars() {
        if is_bidi_embedding(c) || is_bidi_isolate(c) {
            open.push(c);
        } else if c == '\u{202C}' {
            // A PDF closes the last embedding, never across an isolate (UAX #9).
            if !open.last().is_some_and(|o| is_bidi_embedding(*o)) {
                continue;
            }
            open.pop();
        } else if c == '\u{2069}' {
            // A PDI closes the last isolate and every embedding opened inside it.
            let Some(at) = open.iter().rposition(|o| is_bidi_isolate(*o)) else {
                continue;
            };
            open.truncate(at);
        }
        out.push(c);
    }
    for o in open.iter().rev() {
        out.push(if is_bidi_isolate(*o) {
            '\u{2069}'
        } else {
            '\u{202C}'
        });
    }
    Cow::Owned(out)
}

/// [`escape_html`] into a writer: runs of plain text are written whole, and bidi controls
/// are confined to the value (see [`confine_bidi`]).
pub fn write_escaped_html(text: &str, out: &mut impl std::fmt::Write) -> std::fmt::Result {
    let text = confine_bidi(text);
    let text = text.as_ref();
    let mut plain = 0;
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            b'=' => "&#61;",
            b':' if ends_with_script_scheme(&text[..i]) => "&#58;",
            _ => continue,
        };
        out.write_str(&text[plain..i])?;
        out.write_str(entity)?;
        plain = i + 1;
    }
    out.write_str(&text[plain..])
}

/// Writes `c` as percent-encoded UTF-8 bytes (`%E2%80%AE`).
fn percent_encode(c: char, out: &mut String) {
    let mut buf = [0u8; 4];
    for byte in c.encode_utf8(&mut buf).bytes() {
        out.push_str(&format!("%{byte:02X}"));
    }
}

fn ends_with_script_scheme(before: &str) -> bool {
    let start = before.char_indices().rev().nth(9).map_or(0, |(i, _)| i);
    let tail = before[start..].to_ascii_lowercase();
    ["javascript", "vbscript", "data", "file"]
        .iter()
        .any(|scheme| tail.ends_with(scheme))
}

/// `text` prefixed as a Markdown block quote (`> `), one line at a time.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if line.trim().is_empty() {
            out.push('>');
        } else {
            out.push_str("> ");
            out.push_str(line);
        }
    }
    out
}

/// The URL if a link or image may point there: `http`, `https`, `mailto` or relative.
///
/// Browsers ignore tabs and newlines inside a URL and control characters or spaces around
/// it, so the scheme is judged on the URL as a browser would read it, case-insensitively.
pub fn safe_url(url: &str) -> Option<String> {
    let cleaned: String = url
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let trimmed = cleaned.trim_matches(|c: char| c.is_whitespace() || c.is_control());
    if trimmed.is_empty() || trimmed.chars().any(char::is_control) {
        return None;
    }
    // A character reference before the path (`javascript&#58;`, `&#106;avascript:`,
    // `java&Tab;script:`) is decoded by Markdown readers and by browsers in attributes, so
    // the scheme cannot be judged on the text as written: refuse it.
    let head = &trimmed[..trimmed.find(['/', '?']).unwrap_or(trimmed.len())];
    if has_character_reference(head) {
        return None;
    }
    let allowed = match (trimmed.find(':'), trimmed.find(['/', '?', '#'])) {
        (Some(colon), Some(path)) if path < colon => true,
        (Some(colon), _) => ALLOWED_SCHEMES
            .iter()
            .any(|scheme| trimmed[..colon].eq_ignore_ascii_case(scheme)),
        (None, _) => true,
    };
    allowed.then(|| encode_url_chars(trimmed))
}

/// Does `text` hold an HTML character reference (`&#58;`, `&#x6A;`, `&colon;`)?
fn has_character_reference(text: &str) -> bool {
    text.match_indices('&').any(|(i, _)| {
        let rest = &text[i + 1..];
        let body = rest
            .strip_prefix('#')
            .map_or(rest, |r| r.strip_prefix(['x', 'X']).unwrap_or(r));
        let len = body.chars().take_while(char::is_ascii_alphanumeric).count();
        len > 0 && body[len..].starts_with(';')
    })
}

/// Percent-encodes the ASCII characters that may not appear in a URL as written in HTML.
fn encode_url_chars(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        if matches!(
            c,
            ' ' | '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}'
        ) {
            out.push_str(&format!("%{:02X}", c as u32));
        } else if is_bidi_control(c) {
            percent_encode(c, &mut out);
        } else {
            out.push(c);
        }
    }
    out
}

/// A plain value made safe inline in Markdown (a table cell, a heading, a list item): every
/// character with a Markdown meaning is escaped, line breaks become spaces, `|` cannot end
/// a cell, and bare web or mail addresses become `<...>` autolinks.
pub fn escape_inline(text: &str) -> String {
    escape_inline_with(text, true)
}

/// `text` without the leading spaces, tabs and line breaks that Markdown reads as
/// indentation. Other white space stays: the no-break space of a French " :" is text.
fn trim_indentation(text: &str) -> &str {
    text.trim_start_matches(|c: char| c.is_ascii_whitespace())
}

/// Is `text` (with leading indentation trimmed) its own inline Markdown escape: no
/// character that could mean something, no line break, no link or address, and no start
/// that reads as a list marker? Most titles, ids and labels are.
pub fn is_plain_inline(text: &str) -> bool {
    let text = trim_indentation(text);
    !starts_like_a_marker(text)
        // A colon may make a scheme (`mailto:`), so inline text keeps none.
        && !text.bytes().any(|b| is_syntax_byte(b) || b == b':')
        // Bidi controls need confining (see `confine_bidi`).
        && !has_bidi_control(text)
}

fn escape_inline_with(text: &str, autolink: bool) -> String {
    let text = trim_indentation(text);
    if is_plain_inline(text) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut last = 0;
    let links = if autolink {
        find_autolinks(text)
    } else {
        Vec::new()
    };
    for (range, _) in links {
        escape_text_into(&text[last..range.start], last == 0, &mut out);
        out.push('<');
        out.push_str(&text[range.clone()]);
        out.push('>');
        last = range.end;
    }
    escape_text_into(&text[last..], last == 0, &mut out);
    out
}

/// A Markdown link reading `text` to `url`, or only the escaped text when the URL is not
/// allowed (see [`safe_url`]).
pub fn link(text: &str, url: &str) -> String {
    let Some(safe) = safe_url(url) else {
        return escape_inline(text);
    };
    // Only a real scheme makes `<...>` an autolink; anything else in angle brackets would be
    // read as Markdown text, links and all.
    let absolute = ALLOWED_SCHEMES.iter().any(|scheme| {
        safe.get(..scheme.len() + 1)
            .is_some_and(|head| head.eq_ignore_ascii_case(&format!("{scheme}:")))
    });
    if absolute && (text.trim().is_empty() || text.trim() == url.trim()) {
        return format!("<{}>", encode_url(&safe, true));
    }
    let label = escape_inline_with(if text.trim().is_empty() { url } else { text }, false);
    format!("[{label}]({})", encode_url(&safe, false))
}

/// Normalises rendered Markdown so that it lints clean whatever the template's whitespace:
/// trailing spaces go, runs of blank lines become one, the file ends with one newline.
/// Lines inside fenced code blocks are left exactly as they are.
pub fn tidy(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut fence: Option<(char, usize)> = None;
    let mut blank_run = 0;
    for line in markdown.lines() {
        let content = line.trim_start_matches(['>', ' ']);
        let marker = fence_marker(content);
        if let Some((ch, len)) = fence {
            out.push_str(line);
            out.push('\n');
            if marker.is_some_and(|(c, l)| {
                c == ch && l >= len && content.trim_start_matches(c).trim().is_empty()
            }) {
                fence = None;
            }
            continue;
        }
        let line = line.trim_end();
        if line.is_empty() {
            blank_run += 1;
            continue;
        }
        if blank_run > 0 && !out.is_empty() {
            out.push('\n');
        }
        blank_run = 0;
        out.push_str(line);
        out.push('\n');
        fence = marker;
    }
    out
}

/// The fence character and length if `line` opens or closes a fenced code block.
fn fence_marker(line: &str) -> Option<(char, usize)> {
    let ch = line.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = line.chars().take_while(|c| *c == ch).count();
    (len >= 3).then_some((ch, len))
}

/// Deepest nesting of block quotes, lists and items kept; deeper containers are flattened
/// into their parent. Every level prefixes each line of Markdown output, so 50,000 nested
/// `>` would otherwise write gigabytes (nesting costs the square of its depth).
const MAX_NESTING: usize = 24;

/// The filtered event stream shared by both outputs: raw HTML turned into text, unsafe links
/// and images reduced to their text, images turned into links, bare URLs linked, and
/// headings moved down so that the highest one sits at `heading_base`. With a `marking`,
/// each run of inline content that starts in one of its spans (a block: see
/// [`extract::blocks`]) is wrapped in a `<span>` naming its language.
fn safe_events<'a>(src: &'a str, heading_base: u8, marking: Option<&Marking>) -> Vec<Event<'a>> {
    let mut out: Vec<Event<'_>> = Vec::new();
    // For every open block quote, list or item: whether it was kept (see MAX_NESTING).
    let mut containers: Vec<bool> = Vec::new();
    let mut kept_containers = 0usize;
    // For every open link or image: whether its start was kept, so its end follows suit.
    let mut kept_stack: Vec<bool> = Vec::new();
    let mut open_links = 0usize;
    let mut in_html_block = false;
    let mut html_lines_in_block = 0usize;
    // Whether the events pass through an inline run, and whether it is wrapped.
    let mut in_run = false;
    let mut wrapped = false;
    for (event, range) in Parser::new_ext(src, PARSE_OPTIONS).into_offset_iter() {
        if let Some(marking) = marking {
            let inline = extract::is_inline(&event);
            if inline && !in_run {
                wrapped = marking.spans.iter().any(|s| s.contains(&range.start));
                if wrapped {
                    out.push(Event::InlineHtml(CowStr::from(format!(
                        r#"<span lang="{}" dir="{}">"#,
                        escape_html(marking.lang),
                        escape_html(marking.dir)
                    ))));
                }
            } else if !inline && in_run && wrapped {
                out.push(Event::InlineHtml("</span>".into()));
                wrapped = false;
            }
            in_run = inline;
        }
        match event {
            Event::Start(Tag::BlockQuote(_) | Tag::List(_) | Tag::Item) => {
                let keep = kept_containers < MAX_NESTING;
                containers.push(keep);
                if keep {
                    kept_containers += 1;
                    out.push(event);
                }
            }
            Event::End(TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item) => {
                if containers.pop().unwrap_or(true) {
                    kept_containers = kept_containers.saturating_sub(1);
                    out.push(event);
                }
            }
            Event::Start(Tag::HtmlBlock) => {
                in_html_block = true;
                html_lines_in_block = 0;
                out.push(Event::Start(Tag::Paragraph));
            }
            Event::End(TagEnd::HtmlBlock) => {
                in_html_block = false;
                out.push(Event::End(TagEnd::Paragraph));
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                if in_html_block {
                    for line in html.lines().filter(|l| !l.trim().is_empty()) {
                        if html_lines_in_block > 0 {
                            out.push(Event::SoftBreak);
                        }
                        html_lines_in_block += 1;
                        out.push(Event::Text(CowStr::from(line.trim().to_owned())));
                    }
                } else {
                    out.push(Event::Text(html));
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => match safe_url(&dest_url).filter(|_| open_links == 0) {
                Some(url) => {
                    kept_stack.push(true);
                    open_links += 1;
                    let link_type = match link_type {
                        LinkType::Autolink | LinkType::Email => link_type,
                        _ => LinkType::Inline,
                    };
                    out.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url: url.into(),
                        title,
                        id: CowStr::Borrowed(""),
                    }));
                }
                None => kept_stack.push(false),
            },
            // An image would be an external request: it becomes a link to the image, or
            // just its alt text when that is not allowed.
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => match safe_url(&dest_url).filter(|_| open_links == 0) {
                Some(url) => {
                    kept_stack.push(true);
                    open_links += 1;
                    out.push(Event::Start(Tag::Link {
                        link_type: LinkType::Inline,
                        dest_url: url.into(),
                        title,
                        id: CowStr::Borrowed(""),
                    }));
                }
                None => kept_stack.push(false),
            },
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if kept_stack.pop() == Some(true) {
                    open_links -= 1;
                    out.push(Event::End(TagEnd::Link));
                }
            }
            other => out.push(other),
        }
    }
    if wrapped {
        out.push(Event::InlineHtml("</span>".into()));
    }
    let mut out = link_bare_urls(merge_text(out));
    fill_empty_links(&mut out);
    shift_headings(&mut out, heading_base);
    out
}

/// Joins adjacent text events: the parser splits text at every character that might have
/// been syntax (`_`, `[` ...), which would cut a bare URL in pieces.
fn merge_text(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out: Vec<Event<'_>> = Vec::with_capacity(events.len());
    for event in events {
        match (out.last_mut(), event) {
            (Some(Event::Text(previous)), Event::Text(text)) => {
                *previous = CowStr::from(format!("{previous}{text}"));
            }
            (_, event) => out.push(event),
        }
    }
    out
}

/// Links bare web and mail addresses in text outside links and code blocks.
fn link_bare_urls(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out: Vec<Event<'_>> = Vec::with_capacity(events.len());
    let mut open_links = 0usize;
    let mut in_code_block = false;
    for event in events {
        match event {
            Event::Start(Tag::Link { .. }) => {
                open_links += 1;
                out.push(event);
            }
            Event::End(TagEnd::Link) => {
                open_links = open_links.saturating_sub(1);
                out.push(event);
            }
            Event::Start(Tag::CodeBlock(_)) => {
                in_code_block = true;
                out.push(event);
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code_block = false;
                out.push(event);
            }
            Event::Text(text) if open_links == 0 && !in_code_block => {
                push_linked_text(text, &mut out)
            }
            other => out.push(other),
        }
    }
    out
}

/// Splits text at bare web and mail addresses, which become autolinks.
fn push_linked_text<'a>(text: CowStr<'a>, out: &mut Vec<Event<'a>>) {
    let links = find_autolinks(&text);
    if links.is_empty() {
        out.push(Event::Text(text));
        return;
    }
    let mut last = 0;
    for (range, kind) in links {
        if range.start > last {
            out.push(Event::Text(CowStr::from(
                text[last..range.start].to_owned(),
            )));
        }
        let url = text[range.clone()].to_owned();
        out.push(Event::Start(Tag::Link {
            link_type: kind,
            dest_url: CowStr::from(url.clone()),
            title: CowStr::Borrowed(""),
            id: CowStr::Borrowed(""),
        }));
        out.push(Event::Text(CowStr::from(url)));
        out.push(Event::End(TagEnd::Link));
        last = range.end;
    }
    if last < text.len() {
        out.push(Event::Text(CowStr::from(text[last..].to_owned())));
    }
}

/// A link with no text (`[](url)`, or an image without alt text) shows its URL, so that
/// every link has a name.
fn fill_empty_links(events: &mut Vec<Event<'_>>) {
    let mut i = 0;
    while i + 1 < events.len() {
        if let (Event::Start(Tag::Link { dest_url, .. }), Event::End(TagEnd::Link)) =
            (&events[i], &events[i + 1])
        {
            let text = Event::Text(dest_url.clone());
            events.insert(i + 1, text);
        }
        i += 1;
    }
}

/// Moves headings so that the highest one in the text becomes `base` (capped at h6): a
/// clause's own headings then sit below the clause's title.
fn shift_headings(events: &mut [Event<'_>], base: u8) {
    let Some(highest) = events
        .iter()
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { level, .. }) => Some(*level as u8),
            _ => None,
        })
        .min()
    else {
        return;
    };
    let base = base.clamp(1, 6);
    let shifted = |level: HeadingLevel| heading_level((level as u8 + base).saturating_sub(highest));
    for event in events.iter_mut() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => *level = shifted(*level),
            Event::End(TagEnd::Heading(level)) => *level = shifted(*level),
            _ => {}
        }
    }
}

fn heading_level(n: u8) -> HeadingLevel {
    match n {
        0 | 1 => HeadingLevel::H1,
        2 => HeadingLevel::H2,
        3 => HeadingLevel::H3,
        4 => HeadingLevel::H4,
        5 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// Prepares safe events for the CommonMark writer, which escapes text only partly: text is
/// escaped here and handed over as written-as-is events, and constructs that markdownlint
/// objects to (indented code, code without a language, two-space breaks) are normalised.
fn commonmark_events(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out: Vec<Event<'_>> = Vec::with_capacity(events.len());
    let mut in_code_block = false;
    let mut at_line_start = true;
    let mut skip_autolink_text = false;
    for event in events {
        let starts_line = matches!(
            event,
            Event::Start(
                Tag::Paragraph
                    | Tag::Heading { .. }
                    | Tag::Item
                    | Tag::TableCell
                    | Tag::BlockQuote(_)
            ) | Event::SoftBreak
                | Event::HardBreak
        );
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                in_code_block = true;
                let info = match kind {
                    CodeBlockKind::Fenced(info) if !info.trim().is_empty() => {
                        CowStr::from(info.replace(['\n', '\r', '`'], " ").trim().to_owned())
                    }
                    _ => CowStr::Borrowed("text"),
                };
                out.push(Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))));
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code_block = false;
                out.push(Event::End(TagEnd::CodeBlock));
            }
            Event::Text(text) if in_code_block => {
                out.push(Event::Text(CowStr::from(text.replace('\t', "    "))))
            }
            Event::Code(code) => out.push(Event::Code(CowStr::from(
                confine_bidi(&code).replace('\t', "    "),
            ))),
            Event::Start(Tag::Link {
                link_type: LinkType::Autolink | LinkType::Email,
                dest_url,
                ..
            }) => {
                out.push(Event::InlineHtml(CowStr::from(format!(
                    "<{}>",
                    encode_url(&dest_url, true)
                ))));
                skip_autolink_text = true;
            }
            Event::Start(Tag::Link { dest_url, id, .. }) => out.push(Event::Start(Tag::Link {
                link_type: LinkType::Inline,
                dest_url: CowStr::from(encode_url(&dest_url, false)),
                // The writer prints titles unescaped; the link text says enough.
                title: CowStr::Borrowed(""),
                id,
            })),
            Event::End(TagEnd::Link) if skip_autolink_text => skip_autolink_text = false,
            Event::Text(_) if skip_autolink_text => {}
            Event::Text(text) => {
                let mut escaped = String::with_capacity(text.len() + 4);
                escape_text_into(&text, at_line_start, &mut escaped);
                out.push(Event::InlineHtml(CowStr::from(escaped)));
            }
            Event::HardBreak => {
                // A backslash break instead of two trailing spaces.
                out.push(Event::InlineHtml(CowStr::Borrowed("\\")));
                out.push(Event::SoftBreak);
            }
            Event::End(TagEnd::Heading(level)) => {
                // markdownlint (MD026) rejects headings that end in punctuation.
                if let Some(Event::InlineHtml(last)) = out.last_mut() {
                    let trimmed = last
                        .trim_end_matches(['.', ',', ';', ':', '!', '。', '，', '；', '：', '！']);
                    if trimmed.len() != last.len() {
                        *last = CowStr::from(trimmed.to_owned());
                    }
                }
                out.push(Event::End(TagEnd::Heading(level)));
            }
            other => out.push(other),
        }
        at_line_start = starts_line;
    }
    out
}

/// Percent-encodes the characters that could end a Markdown link destination early or break
/// a table row; `autolink` destinations may not hold spaces or angle brackets either.
fn encode_url(url: &str, autolink: bool) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        let encode = match c {
            ' ' | '<' | '>' | '|' | '"' | '\\' | '`' => true,
            '(' | ')' => !autolink,
            c => c.is_control() || c.is_whitespace() || is_bidi_control(c),
        };
        if encode {
            percent_encode(c, &mut out);
        } else {
            out.push(c);
        }
    }
    out
}

/// Backslash-escapes Markdown syntax in plain text. `at_line_start`: the text may begin a
/// line, so list, heading and setext markers at its start are escaped too.
///
/// Every character it escapes is ASCII, so it looks at bytes and copies the runs between
/// them whole (most of a sentence, all of a Japanese one).
fn escape_text_into(text: &str, at_line_start: bool, out: &mut String) {
    let text = confine_bidi(text);
    let text = text.as_ref();
    let bytes = text.as_bytes();
    let ordered_marker = if at_line_start {
        ordered_list_marker(text)
    } else {
        None
    };
    // `text[run..i]` is yet to be copied.
    let mut run = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let replacement = match b {
            b'\r' | b'\n' | b'\t' => Some(" "),
            // Angle brackets as entities: no `<tag` can be read in the text, escaped or not.
            b'<' => Some("&lt;"),
            b'>' => Some("&gt;"),
            _ => None,
        };
        if let Some(r) = replacement {
            out.push_str(&text[run..i]);
            out.push_str(r);
            run = i + 1;
            continue;
        }
        let escape = match b {
            b'\\' | b'`' | b'*' | b'[' | b']' | b'|' | b'#' | b'~' => true,
            // An underscore between two letters or digits can neither open nor close emphasis.
            b'_' => {
                let prev = text[..i].chars().next_back();
                let next = text[i + 1..].chars().next();
                !(prev.is_some_and(char::is_alphanumeric)
                    && next.is_some_and(char::is_alphanumeric))
            }
            b'&' => bytes
                .get(i + 1)
                .is_some_and(|n| n.is_ascii_alphanumeric() || *n == b'#'),
            b'-' | b'+' | b'=' => i == 0 && at_line_start,
            _ => Some(i) == ordered_marker,
        };
        if escape {
            out.push_str(&text[run..i]);
            out.push('\\');
            run = i;
        }
    }
    out.push_str(&text[run..]);
}

/// Byte index of the `.` or `)` in a leading `12.` / `3)` that would start an ordered list.
fn ordered_list_marker(text: &str) -> Option<usize> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 9 {
        return None;
    }
    let marker = *text.as_bytes().get(digits)?;
    // The marker is ASCII, so the byte after it starts a character.
    if marker != b'.' && marker != b')' {
        return None;
    }
    let after = text[digits + 1..].chars().next();
    after.is_none_or(char::is_whitespace).then_some(digits)
}

/// Byte ranges of bare `http(s)://` URLs and e-mail addresses in `text`, in order.
fn find_autolinks(text: &str) -> Vec<(Range<usize>, LinkType)> {
    let mut found: Vec<(Range<usize>, LinkType)> = Vec::new();
    // Most text holds neither a web nor a mail address: two byte scans tell.
    let web = memchr::memmem::find(text.as_bytes(), b"://").is_some();
    if !web && memchr::memchr(b'@', text.as_bytes()).is_none() {
        return found;
    }
    let lower = if web {
        text.to_ascii_lowercase()
    } else {
        String::new()
    };
    let mut search = 0;
    while let Some(pos) = lower[search..].find("http").map(|p| p + search) {
        search = pos + 4;
        let rest = &lower[pos..];
        if !(rest.starts_with("http://") || rest.starts_with("https://")) {
            continue;
        }
        if text[..pos]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '/')
        {
            continue;
        }
        let end = pos
            + text[pos..]
                .find(|c: char| {
                    c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | '`')
                })
                .unwrap_or(text.len() - pos);
        let end = trim_url_end(text, pos, end);
        let scheme_len = if rest.starts_with("https://") { 8 } else { 7 };
        if end > pos + scheme_len {
            found.push((pos..end, LinkType::Autolink));
            search = end;
        }
    }
    for (at, _) in text.match_indices('@') {
        if found.iter().any(|(r, _)| r.contains(&at)) {
            continue;
        }
        let is_local =
            |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-');
        let start = text[..at]
            .char_indices()
            .rev()
            .take_while(|(_, c)| is_local(*c))
            .last()
            .map_or(at, |(i, _)| i);
        let domain_len = text[at + 1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))
            .unwrap_or(text.len() - at - 1);
        let domain = text[at + 1..at + 1 + domain_len].trim_end_matches(['.', '-']);
        let tld_ok = domain.rsplit_once('.').is_some_and(|(host, tld)| {
            !host.is_empty() && tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic())
        });
        let local = &text[start..at];
        if local.is_empty() || local.starts_with('.') || !tld_ok {
            continue;
        }
        found.push((start..at + 1 + domain.len(), LinkType::Email));
    }
    found.sort_by_key(|(r, _)| r.start);
    found
}

/// Drops trailing punctuation that more likely ends the sentence than the URL, and a closing
/// parenthesis that has no opening one inside the URL.
fn trim_url_end(text: &str, start: usize, mut end: usize) -> usize {
    loop {
        let Some(last) = text[start..end].chars().next_back() else {
            return end;
        };
        let url = &text[start..end];
        let unbalanced_paren = last == ')' && url.matches(')').count() > url.matches('(').count();
        if matches!(
            last,
            '.' | ',' | ':' | ';' | '!' | '?' | '\'' | '*' | '_' | '~'
        ) || unbalanced_paren
        {
            end -= last.len_utf8();
        } else {
            return end;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{
        Marking, confine_bidi, escape_html, escape_inline, has_bidi_control, is_bidi_control,
        is_plain_paragraph, parsed_commonmark, parsed_html, quote, safe_url, tidy, to_commonmark,
        to_html, to_html_marked,
    };

    /// Every text the shipped catalogues hold, source and translation.
    fn shipped_texts() -> Vec<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("translations");
        let mut out = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let bytes = std::fs::read(entry.unwrap().path()).unwrap();
            let catalogue = crate::translate::po::parse(&bytes).unwrap();
            for e in catalogue.entries {
                out.push(e.msgid);
                out.push(e.msgstr);
            }
        }
        out
    }

    #[test]
    fn marked_blocks_are_wrapped_in_their_language_and_nothing_else_changes() {
        let src = "Intro with **bold** and [a link](https://example.com).\n\n\
                   ## A heading\n\n\
                   - first item\n  - nested item\n- `code` item\n\n\
                   | head | more |\n|---|---|\n| cell | other |\n\n\
                   ```\nnot text\n```\n\n\
                   Last paragraph <b>raw</b>.\n";
        let blocks = crate::translate::extract::blocks(src);
        let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Intro with **bold** and [a link](https://example.com).",
                "A heading",
                "first item",
                "nested item",
                "`code` item",
                "head",
                "more",
                "cell",
                "other",
                "Last paragraph <b>raw</b>.",
            ]
        );
        let spans: Vec<_> = blocks.iter().map(|b| b.range.clone()).collect();
        let marking = Marking {
            lang: "en",
            dir: "ltr",
            spans: &spans,
        };
        let html = to_html_marked(src, 5, &marking);
        const OPEN: &str = r#"<span lang="en" dir="ltr">"#;
        assert_eq!(html.matches(OPEN).count(), 10, "{html}");
        assert_eq!(html.matches("</span>").count(), 10, "{html}");
        for expected in [
            r#"<p><span lang="en" dir="ltr">Intro with <strong>bold</strong> and <a href="https://example.com">a link</a>.</span></p>"#,
            r#"<h5><span lang="en" dir="ltr">A heading</span></h5>"#,
            "<li><span lang=\"en\" dir=\"ltr\">first item</span>\n<ul>\n<li><span lang=\"en\" dir=\"ltr\">nested item</span></li>",
            r#"<li><span lang="en" dir="ltr"><code>code</code> item</span></li>"#,
            r#"<th><span lang="en" dir="ltr">head</span></th>"#,
            r#"<td><span lang="en" dir="ltr">other</span></td>"#,
            "<pre><code>not text\n</code></pre>",
            r#"<p><span lang="en" dir="ltr">Last paragraph &lt;b&gt;raw&lt;/b&gt;.</span></p>"#,
        ] {
            assert!(html.contains(expected), "{expected}\n in \n{html}");
        }
        // Without the spans the page is the one `to_html` writes.
        assert_eq!(
            html.replace(OPEN, "").replace("</span>", ""),
            to_html(src, 5)
        );
        // Only the blocks named are wrapped: here the second list item and the last cell.
        let some = [spans[3].clone(), spans[8].clone()];
        let marking = Marking {
            spans: &some,
            ..marking
        };
        let html = to_html_marked(src, 5, &marking);
        assert_eq!(html.matches(OPEN).count(), 2, "{html}");
        assert!(html.contains(r#"<li><span lang="en" dir="ltr">nested item</span></li>"#));
        assert!(html.contains(r#"<td><span lang="en" dir="ltr">other</span></td>"#));
        // The language is an attribute value: it cannot open a tag of its own.
        let hostile = Marking {
            lang: "en\"><script>",
            dir: "ltr",
            spans: &some,
        };
        assert!(!to_html_marked(src, 5, &hostile).contains("<script>"));
    }

    /// One block of Markdown in the shapes a standard's texts take.
    fn block() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let text = || {
            let lead = proptest::sample::select(vec![
                "Answer",
                "**within** one day",
                "the `code`",
                "a [link](https://example.com)",
                "24 hours",
                "Kunde",
                "お客様",
                "عميل",
                "<b>raw</b>",
                "_stress_",
                "https://example.org/x",
                "![img](javascript:alert(1)) text",
            ]);
            (
                lead,
                proptest::string::string_regex("( [a-z]{1,8}){0,3}").unwrap(),
            )
                .prop_map(|(lead, rest)| format!("{lead}{rest}"))
        };
        (0..7usize, text(), text()).prop_map(|(kind, a, b)| match kind {
            0 => a,
            1 => format!("## {a}"),
            2 => format!("- {a}\n- {b}"),
            3 => format!("1. {a}\n   - {b}"),
            4 => format!("| {a} | x |\n|---|---|\n| {b} | y |"),
            5 => format!("> {a}\n> {b}"),
            _ => format!("```\n{a}\n```\n\n{b}"),
        })
    }

    proptest::proptest! {
        /// Marking adds one `<span lang dir>` round each block named and changes nothing
        /// else, whichever blocks are named.
        #[test]
        fn marking_wraps_exactly_the_blocks_named(
            parts in proptest::collection::vec(block(), 1..6),
            pick in proptest::collection::vec(proptest::bool::ANY, 24),
        ) {
            let src = parts.join("\n\n");
            let blocks = crate::translate::extract::blocks(&src);
            let spans: Vec<_> = blocks
                .iter()
                .zip(pick.iter().cycle())
                .filter(|(_, p)| **p)
                .map(|(b, _)| b.range.clone())
                .collect();
            let marking = Marking { lang: "en", dir: "ltr", spans: &spans };
            let html = to_html_marked(&src, 5, &marking);
            const OPEN: &str = r#"<span lang="en" dir="ltr">"#;
            proptest::prop_assert_eq!(html.matches(OPEN).count(), spans.len(), "{}", html);
            proptest::prop_assert_eq!(html.matches("</span>").count(), spans.len(), "{}", html);
            proptest::prop_assert_eq!(html.replace(OPEN, "").replace("</span>", ""), to_html(&src, 5));
        }
    }

    #[test]
    fn a_plain_paragraph_converts_as_the_parser_would() {
        let mut texts = shipped_texts();
        let plain = texts.iter().filter(|t| is_plain_paragraph(t)).count();
        assert!(plain > texts.len() / 4, "{plain} of {}", texts.len());
        texts.extend(
            [
                "Say \"thank you\" (and mean it); 100% = all, a=b, x: y.",
                "javascript:alert(1) and vbscript:x stay words",
                "お客様のご要望を、最後まで丁寧にお伺いします。",
                "يرد الوكيل خلال ٢٤ ساعة.",
                "Price: 49,90 € ! ? $ ^ ' ( ) { } / ; , .",
                "non\u{a0}breaking and\u{2003}em spaces",
            ]
            .map(str::to_owned),
        );
        for text in &texts {
            if is_plain_paragraph(text) {
                for level in [1, 5] {
                    assert_eq!(
                        to_html(text, level),
                        parsed_html(text, level, None),
                        "{text:?}"
                    );
                    assert_eq!(
                        to_commonmark(text, level),
                        parsed_commonmark(text, level),
                        "{text:?}"
                    );
                }
            }
        }
        // What the parser reads or changes goes through it.
        for text in [
            "",
            "    indented code",
            "1. a list",
            "- a list",
            "= setext",
            "trailing  ",
            " leading",
            "two\nlines",
            "a *b*",
            "see https://example.com",
            "mail a@example.com",
            "a &amp; b",
            "nul\u{0}char",
            "bidi\u{202E}x",
            "next\u{85}line",
        ] {
            assert!(!is_plain_paragraph(text), "{text:?}");
        }
    }

    #[test]
    fn bidi_controls_are_found_by_their_bytes() {
        for c in ('\u{2000}'..='\u{20ff}').chain(['a', 'é', '–', '’', '日', '\u{fe0f}']) {
            for text in [
                c.to_string(),
                format!("x{c}"),
                format!("{c}y日"),
                format!("ab{c}"),
            ] {
                assert_eq!(
                    has_bidi_control(&text),
                    text.chars().any(is_bidi_control),
                    "{text:?}"
                );
            }
        }
    }

    #[test]
    fn bidi_controls_are_confined_to_their_value() {
        let rlo = '\u{202E}';
        // Unclosed: closed at the end, innermost first.
        assert_eq!(
            confine_bidi("a\u{202E}b\u{2066}c\u{202D}d"),
            "a\u{202E}b\u{2066}c\u{202D}d\u{202C}\u{2069}\u{202C}"
        );
        // Balanced text is left as it is; closers that close nothing of the value's go.
        assert_eq!(confine_bidi("x\u{202E}y\u{202C}z"), "x\u{202E}y\u{202C}z");
        assert_eq!(confine_bidi("\u{202C}\u{2069}x"), "x");
        // A PDI closes the embeddings opened inside its isolate; a PDF does not cross an isolate.
        assert_eq!(
            confine_bidi("\u{2067}a\u{202E}b\u{2069}"),
            "\u{2067}a\u{202E}b\u{2069}"
        );
        assert_eq!(
            confine_bidi("\u{202B}\u{2066}\u{202C}"),
            "\u{202B}\u{2066}\u{2069}\u{202C}"
        );
        // Marks (LRM, RLM) are not controls that need closing.
        assert_eq!(confine_bidi("a\u{200F}b"), "a\u{200F}b");
        // Every output path confines them.
        assert!(escape_html(&format!("{rlo}x")).ends_with('\u{202C}'));
        assert!(escape_inline(&format!("{rlo}x")).ends_with('\u{202C}'));
        assert!(to_html(&format!("{rlo}x"), 5).contains("x\u{202C}"));
        assert!(to_commonmark(&format!("`{rlo}x`"), 5).contains("x\u{202C}`"));
        assert_eq!(
            safe_url(&format!("https://x.y/{rlo}a")).as_deref(),
            Some("https://x.y/%E2%80%AEa")
        );
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        let html = to_html(
            "<script>alert(1)</script>\n\nHi <img src=x onerror=alert(1)> there",
            5,
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{html}"
        );
        assert!(
            html.contains("&lt;img src&#61;x onerror&#61;alert(1)&gt;"),
            "{html}"
        );
        assert!(!html.contains("onerror="), "{html}");
    }

    #[test]
    fn only_safe_schemes_survive() {
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " data:text/html,<b>x</b>",
            "vbscript:msgbox",
            "file:///etc/passwd",
            "java\tscript:alert(1)",
            "\u{1}javascript:alert(1)",
        ] {
            assert_eq!(safe_url(bad), None, "{bad:?}");
        }
        for good in [
            "https://example.com/a?b#c",
            "HTTP://x.y",
            "mailto:a@b.c",
            "../x.html",
            "#top",
            "/a:b",
            "x.html",
        ] {
            assert_eq!(safe_url(good).as_deref(), Some(good), "{good:?}");
        }
        assert_eq!(
            safe_url(" https://x.y/a b?q=\"1\" ").as_deref(),
            Some("https://x.y/a%20b?q=%221%22")
        );
    }

    #[test]
    fn dropped_links_keep_their_text() {
        let src = "[x](javascript:alert(1)) [y](JaVaScRiPt:alert(1)) [z]( data:text/html,hi) [ok](https://example.com)";
        let html = to_html(src, 5);
        assert!(!html.to_ascii_lowercase().contains("javascript:"), "{html}");
        assert!(!html.contains("data:"), "{html}");
        assert!(
            html.contains(r#"<a href="https://example.com">ok</a>"#),
            "{html}"
        );
        assert!(html.contains("x y z"), "{html}");
        let md = to_commonmark(src, 5);
        assert!(!md.to_ascii_lowercase().contains("javascript:"), "{md}");
        assert!(md.contains("[ok](https://example.com)"), "{md}");
    }

    #[test]
    fn images_become_links_or_alt_text() {
        let html = to_html(
            "![logo](https://example.com/l.png) ![evil](javascript:x) ![](https://e.com/i.png)",
            5,
        );
        assert!(!html.contains("<img"), "{html}");
        assert!(
            html.contains(r#"<a href="https://example.com/l.png">logo</a>"#),
            "{html}"
        );
        assert!(html.contains("evil"), "{html}");
        assert!(
            html.contains(r#"<a href="https://e.com/i.png">https://e.com/i.png</a>"#),
            "{html}"
        );
    }

    #[test]
    fn commonmark_escapes_raw_html() {
        let md = to_commonmark(
            "Say <b>hi</b> & <script>x</script>\n\n<div>\nblock\n</div>",
            5,
        );
        assert!(
            !md.contains("<b>") && !md.contains("<script>") && !md.contains("<div>"),
            "{md}"
        );
        // What was escaped reads back as the same text.
        let back = to_html(&md, 5);
        assert!(back.contains("&lt;b&gt;hi&lt;/b&gt;"), "{back}");
        assert!(back.contains("&amp;"), "{back}");
        assert!(back.contains("&lt;div&gt;"), "{back}");
    }

    #[test]
    fn headings_move_below_their_parent() {
        let html = to_html("# A\n\n## B\n\ntext", 5);
        assert!(
            html.contains("<h5>A</h5>") && html.contains("<h6>B</h6>"),
            "{html}"
        );
        let md = to_commonmark("## Only.\n\ntext", 4);
        assert!(md.starts_with("#### Only\n"), "{md}");
    }

    #[test]
    fn bare_urls_become_autolinks() {
        let md = to_commonmark(
            "See https://example.com/a_(b). Or write to help@example.com.",
            5,
        );
        assert!(md.contains("<https://example.com/a_(b)>."), "{md}");
        assert!(md.contains("<help@example.com>."), "{md}");
        assert_eq!(
            escape_inline("Visit https://x.org, now"),
            "Visit <https://x.org>, now"
        );
    }

    #[test]
    fn inline_escaping_defuses_markdown() {
        assert_eq!(escape_inline("a | b\nc"), r"a \| b c");
        assert_eq!(
            escape_inline("[x](javascript:alert(1))"),
            r"\[x\](javascript:alert(1))"
        );
        assert_eq!(escape_inline("<script>"), "&lt;script&gt;");
        assert_eq!(escape_inline("- item"), r"\- item");
        assert_eq!(escape_inline("1. item"), r"1\. item");
        assert_eq!(
            escape_inline("first_response *x* _y_"),
            r"first_response \*x\* \_y\_"
        );
        assert_eq!(escape_inline("3.0.0"), "3.0.0");
        assert_eq!(escape_inline("&lt;"), r"\&lt;");
    }

    #[test]
    fn code_blocks_are_fenced_with_a_language() {
        let md = to_commonmark("    indented <x>\n\n```\nplain\n```", 5);
        assert!(md.contains("```text\nindented <x>\n```"), "{md}");
        assert!(md.contains("```text\nplain\n```"), "{md}");
    }

    #[test]
    fn deep_nesting_is_flattened_so_output_stays_linear() {
        let src = ">".repeat(50_000);
        let md = to_commonmark(&src, 3);
        let html = to_html(&src, 3);
        assert!(md.len() < 1_000, "{} bytes of Markdown", md.len());
        assert_eq!(html.matches("<blockquote>").count(), super::MAX_NESTING);
        let list = (0..200)
            .map(|i| format!("{}- item {i}\n", "  ".repeat(i)))
            .collect::<String>();
        assert!(to_commonmark(&list, 3).len() < 60_000);
    }

    #[test]
    fn quote_and_tidy() {
        assert_eq!(quote("a\n\nb"), "> a\n>\n> b");
        assert_eq!(
            tidy("\n# T  \n\n\n\ntext\n```\nx  \n\n\n```\n"),
            "# T\n\ntext\n```\nx  \n\n\n```\n"
        );
    }
}
