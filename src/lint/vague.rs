//! Vague time phrases ("as soon as possible", "zeitnah", "速やかに"...) in
//! clause text, matched on word boundaries and never inside code.

use crate::diag::Sources;
use crate::model::node::Pos;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// Phrases that promise speed without saying how fast, by language.
pub const PHRASES: &[&str] = &[
    // English
    "as soon as possible",
    "asap",
    "as quickly as possible",
    "promptly",
    "in a timely manner",
    "in a timely fashion",
    "timely",
    "quickly",
    "soon",
    "shortly",
    "right away",
    "at your earliest convenience",
    "at the earliest opportunity",
    "without undue delay",
    // German
    "zeitnah",
    "so schnell wie möglich",
    "schnellstmöglich",
    "baldmöglichst",
    "umgehend",
    "schnellstens",
    // French
    "dès que possible",
    "au plus vite",
    "rapidement",
    "sans tarder",
    "dans les meilleurs délais",
    "dans les plus brefs délais",
    // Spanish
    "lo antes posible",
    "lo más pronto posible",
    "a la brevedad",
    "rápidamente",
    "cuanto antes",
    // Portuguese
    "o mais rápido possível",
    "o quanto antes",
    "assim que possível",
    "em breve",
    "brevemente",
    // Japanese
    "速やかに",
    "早急に",
    "できるだけ早く",
    "なるべく早く",
    "迅速に",
    "至急",
    // Chinese
    "尽快",
    "尽早",
    "及时",
    "迅速",
    "儘快",
    // Korean
    "빨리",
    "신속하게",
    "가능한 한 빨리",
    "조속히",
    "최대한 빨리",
];

/// A vague phrase found in a text.
#[derive(Debug, PartialEq, Eq)]
pub struct Hit {
    pub phrase: &'static str,
}

/// Scripts written with spaces need word boundaries; CJK phrases match anywhere.
fn needs_boundaries(phrase: &str) -> bool {
    phrase.chars().all(|c| !is_cjk(c))
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF)
}

/// Prose of a Markdown text: code spans and code blocks left out.
fn prose(markdown: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_code = 0usize;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code += 1,
            Event::End(TagEnd::CodeBlock) => in_code = in_code.saturating_sub(1),
            Event::Text(t) if in_code == 0 => out.push(t.to_lowercase()),
            Event::SoftBreak | Event::HardBreak => out.push(" ".into()),
            // Code spans break the prose so a phrase cannot straddle one.
            Event::Code(_) | Event::InlineHtml(_) | Event::Html(_) => out.push("\u{0}".into()),
            _ => {}
        }
    }
    vec![out.concat()]
}

/// Does `phrase` occur in `text` (both lower case) as whole words?
fn contains_words(text: &str, phrase: &str) -> bool {
    let boundaries = needs_boundaries(phrase);
    text.match_indices(phrase).any(|(i, m)| {
        if !boundaries {
            return true;
        }
        let before = text[..i].chars().next_back();
        let after = text[i + m.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// Every vague phrase in a Markdown text (each once, longest phrases first so
/// "as soon as possible" is not also reported as "soon").
pub fn find(markdown: &str) -> Vec<Hit> {
    let texts = prose(markdown);
    let mut phrases: Vec<&'static str> = PHRASES.to_vec();
    phrases.sort_by_key(|p| std::cmp::Reverse(p.chars().count()));
    let mut hits: Vec<Hit> = Vec::new();
    for p in phrases {
        let covered = hits.iter().any(|h| h.phrase.contains(p));
        if !covered && texts.iter().any(|t| contains_words(t, p)) {
            hits.push(Hit { phrase: p });
        }
    }
    hits
}

/// Where `phrase` stands in the source, searching from the start of the value at `pos`.
pub fn locate(sources: &Sources, pos: &Pos, phrase: &str) -> Option<Pos> {
    let text = sources.get(&pos.file)?;
    let line_start: usize = text
        .split_inclusive('\n')
        .take(pos.line.saturating_sub(1) as usize)
        .map(str::len)
        .sum();
    let start = line_start
        + text[line_start..]
            .char_indices()
            .nth(pos.column.saturating_sub(1) as usize)
            .map_or(0, |(i, _)| i);
    // Only as far as a value can reasonably reach; a lower-case copy keeps byte
    // offsets only where lower-casing does not change lengths, so check that.
    let end = (start + 64 * 1024).min(text.len());
    let window = text.get(start..end)?;
    let lower = window.to_lowercase();
    if lower.len() != window.len() {
        return None;
    }
    let offset = start + lower.find(phrase)?;
    let line = text[..offset].matches('\n').count() as u32 + 1;
    let col_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let column = text[col_start..offset].chars().count() as u32 + 1;
    Some(Pos::new(&pos.file, line, column))
}

#[cfg(test)]
mod tests {
    use super::find;

    fn phrases(s: &str) -> Vec<&'static str> {
        find(s).into_iter().map(|h| h.phrase).collect()
    }

    #[test]
    fn matches_whole_words_only() {
        assert_eq!(
            phrases("We reply as soon as possible."),
            vec!["as soon as possible"]
        );
        assert_eq!(phrases("At the soonest opportunity"), Vec::<&str>::new());
        assert_eq!(phrases("Reply SOON."), vec!["soon"]);
        assert_eq!(phrases("Antwort zeitnah senden"), vec!["zeitnah"]);
    }

    #[test]
    fn ignores_code_and_matches_cjk_inside_words() {
        assert!(phrases("Use the `asap` flag").is_empty());
        assert!(phrases("```\nsoon\n```").is_empty());
        assert_eq!(phrases("お客様には速やかにご連絡します"), vec!["速やかに"]);
        assert_eq!(phrases("我们会尽快回复"), vec!["尽快"]);
    }
}
