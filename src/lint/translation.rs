//! The translation rules of SPEC 8 (cultural sensitivity and consistency): what a region's
//! handbook shows untranslated, from a fuzzy entry, or with a translation whose numbers,
//! links or code differ from its source.
//!
//! One pass over the region's blocks serves all three rules.

use super::{Cx, Raw, Scope};
use crate::translate::catalogues::Lookup;
use crate::translate::check::{self, Facts};

/// A block's first words, to name it in a message.
fn excerpt(text: &str) -> String {
    let line = text.lines().next().unwrap_or("");
    let mut out: String = line.chars().take(48).collect();
    if out.len() < line.len() || text.contains('\n') {
        out.push('…');
    }
    out
}

pub fn check(cx: &mut Cx<'_>) {
    let lang = cx.std.handbook_language();
    let default_language = cx
        .std
        .standard
        .default_language
        .as_ref()
        .map_or("en", |t| t.value);
    for (block, found) in check::blocks(cx.project, cx.r, lang, default_language) {
        match found {
            Lookup::Missing => cx.push(
                Raw::new(
                    "cultural-sensitivity/untranslated",
                    &block.pos,
                    // No handbook language in the message: one finding lists every region.
                    format!(
                        "`{}` ({}) is shown untranslated, in `{}`: no catalogue translates it",
                        excerpt(&block.text),
                        block.path,
                        block.lang
                    ),
                    Scope::Region,
                )
                .help("run `csstd translate update` (it writes the catalogue if there is none yet), then translate the empty msgstr of this block"),
            ),
            Lookup::Fuzzy(loaded, entry) => cx.push(
                Raw::new(
                    "cultural-sensitivity/stale-translation",
                    &loaded.pos_of(entry),
                    format!(
                        "the translation of `{}` ({}) is marked fuzzy: its source changed, so the handbook shows the source",
                        excerpt(&block.text),
                        block.path
                    ),
                    Scope::Region,
                )
                .help("bring the msgstr in line with the new msgid (`#| msgid` shows the old one), then remove `fuzzy`"),
            ),
            Lookup::Translated(text, loaded, entry) => {
                let source = source_facts(cx, &block.text);
                let differences = source.differences(&block.text, &Facts::of(text));
                if !differences.is_empty() {
                    cx.push(
                        Raw::new(
                            "consistency/translation-mismatch",
                            &loaded.pos_of(entry),
                            format!(
                                "the translation of `{}` ({}) does not say what its source says: {}",
                                excerpt(&block.text),
                                block.path,
                                differences.join("; ")
                            ),
                            Scope::Region,
                        )
                        .help("a translation keeps the source's numbers, durations, percentages, link targets and code spans"),
                    );
                }
            }
        }
    }
}

/// The facts of a source block, read once per build.
fn source_facts(cx: &Cx<'_>, text: &str) -> std::sync::Arc<Facts> {
    let memo = |m: &std::sync::Mutex<super::FactsMemo>| {
        m.lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(text)
            .cloned()
    };
    if let Some(found) = memo(cx.facts) {
        return found;
    }
    let facts = std::sync::Arc::new(Facts::of(text));
    cx.facts
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .insert(text.to_owned(), std::sync::Arc::clone(&facts));
    facts
}
