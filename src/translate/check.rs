//! What the translation lint rules look at: each block a region shows in another
//! language, with what its catalogues hold for it, and the facts a translation must keep
//! (numbers, link targets, code spans).
//!
//! Reports nothing itself: the rules in `src/lint` decide what is a finding.

use super::catalogues::{Lookup, lookup_in};
use super::extract::{self, Block, same_language};
use crate::load::Project;
use crate::resolve::Resolved;
use pulldown_cmark::{Event, Options, Parser, Tag};

/// Every block `r` shows in another language than `lang`, with its lookup. Empty when the
/// project has no catalogue for `lang` (nor a more general one): a project that keeps no
/// catalogue for a language has not asked for its handbooks to be translated.
pub fn blocks<'p>(
    project: &'p Project,
    r: &Resolved,
    lang: &str,
    default_language: &str,
) -> Vec<(Block, Lookup<'p>)> {
    let chain: Vec<_> = project.catalogues.chain(lang).collect();
    if chain.is_empty() {
        return Vec::new();
    }
    let languages = extract::languages_of(project);
    extract::values(
        &r.tree,
        languages,
        default_language,
        &project.catalogues.blocks,
    )
    .into_iter()
    .filter(|v| !same_language(&v.lang, lang))
    .flat_map(|v| v.units().collect::<Vec<_>>())
    .map(|b| {
        let found = lookup_in(&chain, &b.path, &b.text);
        (b, found)
    })
    .collect()
}

/// What a translation must carry over unchanged, each list sorted: the numbers in its
/// text, its link targets and its code spans.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Facts {
    pub numbers: Vec<String>,
    pub links: Vec<String>,
    pub code: Vec<String>,
}

impl Facts {
    /// The facts of a Markdown text. Full-width digits count as digits; separators do
    /// not, so `49,90` and `49.90` are the same two numbers.
    pub fn of(markdown: &str) -> Facts {
        let mut facts = Facts::default();
        // Most blocks (titles, plain sentences) hold no fact at all: no parse for them.
        let may_hold =
            |c: char| c.is_ascii_digit() || matches!(c, '\u{ff10}'..='\u{ff19}' | '`' | '[' | '<');
        if !markdown.contains(may_hold) {
            return facts;
        }
        let options = Options::ENABLE_TABLES.union(Options::ENABLE_STRIKETHROUGH);
        for event in Parser::new_ext(markdown, options) {
            match event {
                Event::Code(code) => facts.code.push(code.to_string()),
                Event::Start(Tag::Link { dest_url, .. }) => facts.links.push(dest_url.to_string()),
                Event::Text(text) => numbers(&text, &mut facts.numbers),
                _ => {}
            }
        }
        facts.numbers.sort();
        facts.links.sort();
        facts.code.sort();
        facts
    }

    /// What differs between a source's facts and a translation's, for a message.
    pub fn differences(&self, translation: &Facts) -> Vec<String> {
        let mut out = Vec::new();
        for (what, a, b) in [
            ("numbers", &self.numbers, &translation.numbers),
            ("link targets", &self.links, &translation.links),
            ("code spans", &self.code, &translation.code),
        ] {
            if a != b {
                out.push(format!(
                    "{what} {} in the source, {} in the translation",
                    list(a),
                    list(b)
                ));
            }
        }
        out
    }
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        return "none".to_owned();
    }
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn numbers(text: &str, out: &mut Vec<String>) {
    let mut current = String::new();
    for c in text.chars() {
        let digit = match c {
            '0'..='9' => Some(c),
            // Full-width digits (２４時間) are the same numbers.
            '\u{ff10}'..='\u{ff19}' => char::from_u32(c as u32 - 0xff10 + u32::from(b'0')),
            _ => None,
        };
        match digit {
            Some(d) => current.push(d),
            None if !current.is_empty() => out.push(std::mem::take(&mut current)),
            None => {}
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
}

#[cfg(test)]
mod tests {
    use super::Facts;

    #[test]
    fn facts_are_numbers_links_and_code_spans() {
        let f = Facts::of(
            "Reply within 24 hours (`SLA-1`), see [policy](https://x.example/p), 49,90 €.",
        );
        assert_eq!(f.numbers, ["24", "49", "90"]);
        assert_eq!(f.links, ["https://x.example/p"]);
        assert_eq!(f.code, ["SLA-1"]);
    }

    #[test]
    fn a_changed_number_is_a_difference_and_full_width_digits_are_not() {
        let source = Facts::of("Reply within 24 hours.");
        assert!(
            source
                .differences(&Facts::of("２４時間以内に返信します。"))
                .is_empty()
        );
        let wrong = source.differences(&Facts::of("48時間以内に返信します。"));
        assert_eq!(
            wrong,
            ["numbers `24` in the source, `48` in the translation"]
        );
    }
}
