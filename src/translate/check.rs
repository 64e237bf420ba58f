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

/// Every block `r` shows in another language than `lang`, with its lookup (missing
/// everywhere when the project keeps no catalogue for `lang`).
pub fn blocks<'p>(
    project: &'p Project,
    r: &Resolved,
    lang: &str,
    default_language: &str,
) -> Vec<(Block, Lookup<'p>)> {
    if extract::written_in(project, &r.chain, lang, default_language) {
        return Vec::new();
    }
    let chain: Vec<_> = project.catalogues.chain(lang).collect();
    extract::region_values(project, &r.id, &r.tree, default_language)
        .iter()
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
        let bytes = markdown.as_bytes();
        let ascii_fact = |b: &u8| b.is_ascii_digit() || matches!(b, b'`' | b'[' | b'<');
        if !bytes.iter().any(ascii_fact) && !has_other_digit(markdown) {
            return facts;
        }
        // Digits but no code span, link, HTML or entity: the numbers are the text's own,
        // with no Markdown parse (most translated sentences are like this).
        if !bytes
            .iter()
            .any(|b| matches!(b, b'`' | b'[' | b'<' | b'&' | b'\\'))
        {
            numbers(markdown, &mut facts.numbers);
            facts.numbers.sort();
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

    /// What differs between a source's facts and a translation's, for a message. `source`
    /// is the source text these facts are of: the months it names in words ("1 October")
    /// may become numbers in the translation ("10月1日" in Japanese, Chinese and Korean),
    /// and so may its numbers in words ("within one month", "1か月以内").
    pub fn differences(&self, source: &str, translation: &Facts) -> Vec<String> {
        let mut out = Vec::new();
        // Months are looked for only when the numbers differ, which is rare.
        let forgiven = if self.numbers == translation.numbers {
            translation.numbers.clone()
        } else {
            let mut named = Vec::new();
            named_numbers(source, &mut named);
            without_named_numbers(&translation.numbers, &self.numbers, &named)
        };
        for (what, a, b) in [
            ("numbers", &self.numbers, &forgiven),
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

/// The translation's numbers with those it adds for months and numbers the source names
/// in words taken out (one each), so that only a number the source lacks remains a
/// difference.
fn without_named_numbers(
    translation: &[String],
    source: &[String],
    months: &[String],
) -> Vec<String> {
    let mut spare: Vec<&String> = months.iter().collect();
    let mut in_source: Vec<&String> = source.iter().collect();
    let mut kept = Vec::with_capacity(translation.len());
    for n in translation {
        if let Some(i) = in_source.iter().position(|s| *s == n) {
            in_source.swap_remove(i);
            kept.push(n.clone());
        } else if let Some(i) = spare.iter().position(|m| *m == n) {
            spare.swap_remove(i);
        } else {
            kept.push(n.clone());
        }
    }
    kept.sort();
    kept
}

/// A decimal digit in any script a shipped handbook uses: ASCII, full-width (２４時間),
/// Arabic-Indic (٢٤ ساعة) and Eastern Arabic-Indic (۲۴).
fn digit(c: char) -> Option<char> {
    let zero = match c {
        '0'..='9' => return Some(c),
        '\u{ff10}'..='\u{ff19}' => 0xff10,
        '\u{0660}'..='\u{0669}' => 0x0660,
        '\u{06f0}'..='\u{06f9}' => 0x06f0,
        _ => return None,
    };
    char::from_u32(c as u32 - zero + u32::from(b'0'))
}

/// Can the byte start a digit other than an ASCII one? In UTF-8 those of [`digit`] begin
/// with `D9` (Arabic-Indic), `DB` (Eastern Arabic-Indic) or `EF` (full-width).
fn may_start_other_digit(b: u8) -> bool {
    matches!(b, 0xD9 | 0xDB | 0xEF)
}

/// Does the text hold a digit [`digit`] reads, other than an ASCII one?
fn has_other_digit(text: &str) -> bool {
    text.bytes().enumerate().any(|(i, b)| {
        may_start_other_digit(b) && text[i..].chars().next().and_then(digit).is_some()
    })
}

/// Each number of the text, without leading zeros: "09:00" and "9:00" hold the same.
fn numbers(text: &str, out: &mut Vec<String>) {
    let bytes = text.as_bytes();
    let mut current = String::new();
    let mut i = 0;
    // Bytes, not characters: the search skips to the next byte that may start a digit, and
    // only the few that may start a non-ASCII one are read as characters.
    while let Some(k) = bytes[i..]
        .iter()
        .position(|&b| b.is_ascii_digit() || may_start_other_digit(b))
    {
        i += k;
        current.clear();
        while let Some(&b) = bytes.get(i) {
            if b.is_ascii_digit() {
                current.push(char::from(b));
                i += 1;
            } else if let Some(c) = text[i..]
                .chars()
                .next()
                .filter(|_| may_start_other_digit(b))
            {
                let Some(d) = digit(c) else { break };
                current.push(d);
                i += c.len_utf8();
            } else {
                break;
            }
        }
        if current.is_empty() {
            // A character that only looked like a digit's start.
            i += 1;
            continue;
        }
        let trimmed = current.trim_start_matches('0');
        out.push(if trimmed.is_empty() { "0" } else { trimmed }.to_owned());
    }
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// English numbers up to twelve in words, as a standard writes short periods ("two
/// further months") that a translation may write in digits.
const NUMBER_WORDS: [&str; 12] = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve",
];

/// The numbers that `text` writes in English words: month names (or their three-letter
/// abbreviations, and "Sept") as month numbers, and the numbers one to twelve. "May" as
/// a verb and "one" as a pronoun count too: each only forgives one digit.
fn named_numbers(text: &str, out: &mut Vec<String>) {
    for word in text.split(|c: char| !c.is_ascii_alphabetic()) {
        let word = word.to_ascii_lowercase();
        if word.len() < 3 {
            continue;
        }
        let month = MONTHS.iter().position(|m| {
            *m == word
                || (word.len() == 3 && m.starts_with(&word))
                || (word == "sept" && *m == "september")
        });
        let number = NUMBER_WORDS.iter().position(|n| *n == word);
        if let Some(i) = month.or(number) {
            out.push((i + 1).to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Facts, numbers};

    #[test]
    fn numbers_are_read_in_every_script() {
        for (text, want) in [
            ("24時間以内", &["24"][..]),
            ("２４時間、3日", &["24", "3"]),
            ("خلال ٢٤ساعة و۳ أيام", &["24", "3"]),
            ("1٢", &["12"]),
            ("007 and 0", &["7", "0"]),
            ("ÿ9é8", &["9", "8"]),
            ("no digits ｘ ك", &[]),
        ] {
            let mut got = Vec::new();
            numbers(text, &mut got);
            assert_eq!(got, want, "{text}");
        }
    }

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
        let text = "Reply within 24 hours.";
        let source = Facts::of(text);
        assert!(
            source
                .differences(text, &Facts::of("２４時間以内に返信します。"))
                .is_empty()
        );
        let wrong = source.differences(text, &Facts::of("48時間以内に返信します。"));
        assert_eq!(
            wrong,
            ["numbers `24` in the source, `48` in the translation"]
        );
    }

    #[test]
    fn month_numbers_of_named_months_and_other_digits_are_the_same_numbers() {
        let text = "Closed on 1 October and from 24 Dec at 09:00.";
        let source = Facts::of(text);
        for same in [
            "10月1日と12月24日9:00以降は休業します。",
            "مغلق في ١ أكتوبر ومن ٢٤ ديسمبر الساعة ٠٩:٠٠.",
        ] {
            assert!(
                source.differences(text, &Facts::of(same)).is_empty(),
                "{same}"
            );
        }
        // Without a digit in the source, too.
        assert!(
            Facts::of("From mid-August")
                .differences("From mid-August", &Facts::of("8月中旬から"))
                .is_empty()
        );
        // Numbers in words may be written in digits.
        let words = "Answer **within one month**, extendable by **two further months**.";
        assert!(
            Facts::of(words)
                .differences(
                    words,
                    &Facts::of("**1か月以内**に回答します（さらに**2か月**延長可）。")
                )
                .is_empty()
        );
        assert_eq!(
            Facts::of(words).differences(words, &Facts::of("**3か月以内**に回答します。")),
            ["numbers none in the source, `3` in the translation"]
        );
        // A month number the source does not name is still a difference.
        let wrong = source.differences(text, &Facts::of("11月1日と12月24日9:00以降は休業します。"));
        assert_eq!(
            wrong,
            [
                "numbers `0`, `1`, `24`, `9` in the source, `0`, `1`, `11`, `24`, `9` in the translation"
            ]
        );
    }
}
