//! `msgmerge` for csstd: a catalogue refreshed against the blocks the handbooks show now.
//!
//! Pure: an old catalogue and the current units in, the new catalogue out. The same
//! inputs always give the same catalogue, and merging a merged catalogue again changes
//! nothing.

use super::po::{Catalogue, Entry};
use std::collections::{BTreeMap, HashMap};

/// One block to translate, with every place it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub ctxt: String,
    pub id: String,
    /// `file:line` of each value it comes from, sorted.
    pub references: Vec<String>,
}

/// How much a changed block must still resemble its old source to keep its translation
/// (as a fuzzy one), when it is not the only change in its value.
const SIMILAR_ENOUGH: f32 = 0.5;

/// What a merge did, for the command's summary.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub kept: usize,
    pub fuzzy: usize,
    pub new: usize,
    pub obsolete: usize,
}

/// Merges `old` (if the catalogue exists) with the current `units` of language `lang`.
pub fn merge(
    old: Option<&Catalogue>,
    lang: &str,
    project: &str,
    units: &[Unit],
) -> (Catalogue, Summary) {
    let old_entries: &[Entry] = old.map_or(&[], |c| &c.entries);
    let mut used = vec![false; old_entries.len()];
    let mut exact: HashMap<(&str, &str), usize> = HashMap::new();
    // Live entries win over obsolete ones with the same message.
    for (i, e) in old_entries.iter().enumerate().rev() {
        let key = (e.msgctxt.as_deref().unwrap_or(""), e.msgid.as_str());
        if !e.obsolete || !exact.contains_key(&key) {
            exact.insert(key, i);
        }
    }
    let mut summary = Summary::default();
    let mut entries: Vec<Option<Entry>> = vec![None; units.len()];
    // First every exact match, so a block that only moved keeps its own translation.
    for (u, unit) in units.iter().enumerate() {
        if let Some(&i) = exact.get(&(unit.ctxt.as_str(), unit.id.as_str())) {
            if used[i] {
                continue;
            }
            used[i] = true;
            let mut e = old_entries[i].clone();
            e.obsolete = false;
            e.references = unit.references.clone();
            if !e.is_fuzzy() {
                e.previous_msgid = None;
                e.previous_msgctxt = None;
            }
            summary.kept += 1;
            entries[u] = Some(e);
        }
    }
    // Then changed blocks: the most similar unused translation of the same value.
    for (u, unit) in units.iter().enumerate() {
        if entries[u].is_some() {
            continue;
        }
        let candidates: Vec<usize> = (0..old_entries.len())
            .filter(|&i| {
                let e = &old_entries[i];
                !used[i] && !e.msgstr.is_empty() && e.msgctxt.as_deref().unwrap_or("") == unit.ctxt
            })
            .collect();
        let unmatched_here = units
            .iter()
            .enumerate()
            .filter(|(v, w)| entries[*v].is_none() && w.ctxt == unit.ctxt)
            .count();
        let best = candidates
            .iter()
            .map(|&i| (i, similarity(&old_entries[i].msgid, &unit.id)))
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        let pick = best.filter(|&(_, score)| {
            score >= SIMILAR_ENOUGH || (candidates.len() == 1 && unmatched_here == 1)
        });
        let entry = match pick {
            Some((i, _)) => {
                used[i] = true;
                let old = &old_entries[i];
                summary.fuzzy += 1;
                let mut e = old.clone();
                e.obsolete = false;
                e.set_fuzzy(true);
                // The translator translated the oldest source still on record.
                if e.previous_msgid.is_none() || !old.is_fuzzy() {
                    e.previous_msgid = Some(old.msgid.clone());
                }
                e.previous_msgctxt = None;
                e.msgid = unit.id.clone();
                e.references = unit.references.clone();
                e
            }
            None => {
                summary.new += 1;
                Entry {
                    msgctxt: Some(unit.ctxt.clone()),
                    msgid: unit.id.clone(),
                    references: unit.references.clone(),
                    ..Entry::default()
                }
            }
        };
        entries[u] = Some(entry);
    }
    // What no block uses any more: kept as obsolete if it holds a translation, in a
    // fixed order so a second run writes the same file.
    let mut obsolete: BTreeMap<(String, String), Entry> = BTreeMap::new();
    for (i, e) in old_entries.iter().enumerate() {
        if used[i] || e.msgstr.is_empty() {
            continue;
        }
        let mut e = e.clone();
        if !e.obsolete {
            summary.obsolete += 1;
        }
        e.obsolete = true;
        e.references.clear();
        let key = (e.msgctxt.clone().unwrap_or_default(), e.msgid.clone());
        obsolete.entry(key).or_insert(e);
    }
    let mut catalogue = Catalogue {
        header: old.map(|c| c.header.clone()).unwrap_or_default(),
        header_comments: old.map(|c| c.header_comments.clone()).unwrap_or_default(),
        entries: entries.into_iter().flatten().collect(),
    };
    for e in &mut catalogue.entries {
        e.line = 0;
        e.column = 0;
    }
    catalogue
        .entries
        .extend(obsolete.into_values().map(|mut e| {
            e.line = 0;
            e.column = 0;
            e
        }));
    header(&mut catalogue, lang, project);
    (catalogue, summary)
}

/// The header fields csstd owns; the others (translator, team, dates) are kept as
/// translators' tools set them.
fn header(catalogue: &mut Catalogue, lang: &str, project: &str) {
    if catalogue.header_field("Project-Id-Version").is_none() {
        catalogue.set_header_field("Project-Id-Version", project);
    }
    // The translator's fields, empty until a tool (Poedit, Weblate) fills them: `msgfmt
    // --check` warns of a header without them, and a date csstd wrote would make a second
    // run's file differ from the first's. In gettext's order, after the project's.
    let mut after = catalogue
        .header
        .iter()
        .position(|(k, _)| k.eq_ignore_ascii_case("Project-Id-Version"))
        .unwrap_or(0);
    for field in [
        "POT-Creation-Date",
        "PO-Revision-Date",
        "Last-Translator",
        "Language-Team",
    ] {
        match catalogue
            .header
            .iter()
            .position(|(k, _)| k.eq_ignore_ascii_case(field))
        {
            Some(at) => after = after.max(at),
            // POT-Creation-Date belongs to templates, which csstd does not write.
            None if field == "POT-Creation-Date" => {}
            None => {
                after += 1;
                catalogue
                    .header
                    .insert(after, (field.to_owned(), String::new()));
            }
        }
    }
    catalogue.set_header_field("Language", lang);
    catalogue.set_header_field("MIME-Version", "1.0");
    catalogue.set_header_field("Content-Type", "text/plain; charset=UTF-8");
    catalogue.set_header_field("Content-Transfer-Encoding", "8bit");
}

/// 0 (nothing shared) to 1 (the same words).
fn similarity(a: &str, b: &str) -> f32 {
    similar::TextDiff::from_words(a, b).ratio()
}

#[cfg(test)]
mod tests {
    use super::{Unit, merge};
    use crate::translate::po::{self, Catalogue, Entry};

    fn unit(ctxt: &str, id: &str) -> Unit {
        Unit {
            ctxt: ctxt.into(),
            id: id.into(),
            references: vec!["standards/s.toml:3".into()],
        }
    }

    fn translated(ctxt: &str, id: &str, str_: &str) -> Entry {
        Entry {
            msgctxt: Some(ctxt.into()),
            msgid: id.into(),
            msgstr: str_.into(),
            comments: vec!["checked by legal".into()],
            ..Entry::default()
        }
    }

    fn old() -> Catalogue {
        Catalogue {
            entries: vec![
                translated(
                    "c.text",
                    "Answer within one day.",
                    "Antworten Sie binnen eines Tages.",
                ),
                translated(
                    "c.text",
                    "Be kind to every customer.",
                    "Seien Sie freundlich.",
                ),
                translated("gone.text", "Removed clause.", "Entfernt."),
                Entry {
                    msgctxt: Some("c.text".into()),
                    msgid: "Untranslated paragraph.".into(),
                    ..Entry::default()
                },
            ],
            ..Catalogue::default()
        }
    }

    #[test]
    fn moved_blocks_keep_changed_ones_turn_fuzzy_vanished_ones_obsolete() {
        let units = [
            unit("c.text", "Be kind to every single customer."),
            unit("c.text", "Answer within one day."),
            unit("c.text", "A new paragraph."),
        ];
        let (c, summary) = merge(Some(&old()), "de", "std", &units);
        let live: Vec<&Entry> = c.entries.iter().filter(|e| !e.obsolete).collect();
        assert_eq!(live.len(), 3);
        assert!(live[0].is_fuzzy());
        assert_eq!(live[0].msgstr, "Seien Sie freundlich.");
        assert_eq!(
            live[0].previous_msgid.as_deref(),
            Some("Be kind to every customer.")
        );
        assert_eq!(live[0].comments, ["checked by legal"]);
        assert!(!live[1].is_fuzzy());
        assert_eq!(live[1].msgstr, "Antworten Sie binnen eines Tages.");
        assert_eq!(live[2].msgstr, "");
        let obsolete: Vec<&Entry> = c.entries.iter().filter(|e| e.obsolete).collect();
        assert_eq!(obsolete.len(), 1, "an untranslated leftover is dropped");
        assert_eq!(obsolete[0].msgid, "Removed clause.");
        assert_eq!(
            (summary.kept, summary.fuzzy, summary.new, summary.obsolete),
            (1, 1, 1, 1)
        );
        assert_eq!(c.header_field("Language"), Some("de"));
    }

    #[test]
    fn the_header_has_every_field_msgfmt_looks_for_and_keeps_the_translators() {
        let units = [unit("c.text", "Answer within one day.")];
        let (new, _) = merge(None, "ja", "std", &units);
        let keys: Vec<&str> = new.header.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            keys,
            [
                "Project-Id-Version",
                "PO-Revision-Date",
                "Last-Translator",
                "Language-Team",
                "Language",
                "MIME-Version",
                "Content-Type",
                "Content-Transfer-Encoding"
            ]
        );
        assert_eq!(new.header_field("Last-Translator"), Some(""));
        let mut old = old();
        old.header = vec![
            ("Project-Id-Version".into(), "std".into()),
            ("Last-Translator".into(), "Aiko <aiko@example.com>".into()),
        ];
        let (kept, _) = merge(Some(&old), "de", "std", &units);
        let keys: Vec<&str> = kept.header.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            &keys[..4],
            [
                "Project-Id-Version",
                "PO-Revision-Date",
                "Last-Translator",
                "Language-Team"
            ]
        );
        assert_eq!(
            kept.header_field("Last-Translator"),
            Some("Aiko <aiko@example.com>")
        );
    }

    #[test]
    fn merging_again_changes_nothing() {
        let units = [
            unit("c.text", "Be kind to every single customer."),
            unit("n.title", "Title"),
        ];
        let (once, _) = merge(Some(&old()), "de", "std", &units);
        let reread = po::parse(po::write(&once).as_bytes()).unwrap();
        let (twice, _) = merge(Some(&reread), "de", "std", &units);
        assert_eq!(po::write(&once), po::write(&twice));
    }

    #[test]
    fn a_returning_block_revives_its_obsolete_translation() {
        let (gone, _) = merge(Some(&old()), "de", "std", &[]);
        assert!(gone.entries.iter().all(|e| e.obsolete));
        let (back, _) = merge(
            Some(&gone),
            "de",
            "std",
            &[unit("gone.text", "Removed clause.")],
        );
        let e = &back.entries[0];
        assert!(!e.obsolete && !e.is_fuzzy());
        assert_eq!(e.msgstr, "Entfernt.");
    }

    #[test]
    fn an_unrelated_block_is_not_matched_unless_it_is_the_only_change() {
        let units = [
            unit("c.text", "Answer within one day."),
            unit("c.text", "Be kind to every customer."),
            unit("c.text", "Completely different words here."),
            unit("c.text", "Other novel text entirely."),
        ];
        let (c, _) = merge(Some(&old()), "de", "std", &units);
        assert!(
            c.entries
                .iter()
                .filter(|e| !e.obsolete)
                .all(|e| !e.is_fuzzy())
        );
        let (c, _) = merge(
            Some(&old()),
            "de",
            "std",
            &[unit("gone.text", "A rewritten clause, nothing alike.")],
        );
        assert!(
            c.entries[0].is_fuzzy(),
            "the value's only block changed: same block"
        );
    }
}
