//! Laws of the PO reader and writer: any bytes read without a panic (an error has a
//! 1-based position inside the input); what the writer writes reads back as the same
//! catalogue; and a merge is idempotent on generated catalogues.

use csstd::translate::merge::{Unit, merge};
use csstd::translate::po::{self, Catalogue, Entry};
use proptest::prelude::*;

/// Text with the characters PO escapes and a few scripts.
fn text() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-z \"\\\\\n\t#~|:,.é日本ع]{0,40}").unwrap()
}

fn entry() -> impl Strategy<Value = Entry> {
    (
        proptest::option::of(text()),
        text(),
        text(),
        any::<bool>(),
        any::<bool>(),
        proptest::option::of(text()),
        proptest::collection::vec("[a-z ]{0,12}", 0..2),
    )
        .prop_map(|(ctxt, id, msgstr, fuzzy, obsolete, previous, comments)| {
            let mut e = Entry {
                msgctxt: ctxt,
                msgid: format!("m{id}"),
                msgstr,
                obsolete,
                previous_msgid: previous.filter(|_| fuzzy),
                comments,
                ..Entry::default()
            };
            e.set_fuzzy(fuzzy);
            e
        })
}

fn catalogue() -> impl Strategy<Value = Catalogue> {
    proptest::collection::vec(entry(), 0..6).prop_map(|mut entries| {
        // A catalogue holds each message once.
        let mut seen = std::collections::HashSet::new();
        entries.retain(|e| seen.insert((e.msgctxt.clone(), e.msgid.clone(), e.obsolete)));
        Catalogue {
            header: vec![
                ("Language".into(), "ja".into()),
                ("Content-Type".into(), "text/plain; charset=UTF-8".into()),
            ],
            entries,
            ..Catalogue::default()
        }
    })
}

fn without_positions(c: &Catalogue) -> Vec<Entry> {
    let mut entries: Vec<Entry> = c
        .entries
        .iter()
        .map(|e| Entry {
            line: 0,
            column: 0,
            // Comments on obsolete entries keep no references.
            references: if e.obsolete {
                Vec::new()
            } else {
                e.references.clone()
            },
            ..e.clone()
        })
        .collect();
    // The writer puts obsolete entries last.
    entries.sort_by_key(|e| e.obsolete);
    entries
}

proptest! {
    #[test]
    fn any_bytes_read_without_a_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        if let Err(e) = po::parse(&bytes) {
            prop_assert!(e.line >= 1 && e.column >= 1);
            prop_assert!(e.line as usize <= bytes.iter().filter(|&&b| b == b'\n').count() + 1);
        }
    }

    #[test]
    fn what_is_written_reads_back_the_same(c in catalogue()) {
        let text = po::write(&c);
        let back = po::parse(text.as_bytes()).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(without_positions(&back), without_positions(&c));
        prop_assert_eq!(&back.header, &c.header);
        prop_assert_eq!(po::write(&back), text);
    }

    #[test]
    fn merging_twice_is_merging_once(c in catalogue(), ids in proptest::collection::vec(text(), 0..5)) {
        let units: Vec<Unit> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| Unit { ctxt: format!("v{}", i % 2), id: format!("m{id}"), references: vec![] })
            .collect::<Vec<_>>();
        let mut unique = std::collections::HashSet::new();
        let units: Vec<Unit> = units.into_iter().filter(|u| unique.insert((u.ctxt.clone(), u.id.clone()))).collect();
        let (once, _) = merge(Some(&c), "ja", "std", &units);
        let reread = po::parse(po::write(&once).as_bytes()).unwrap();
        let (twice, _) = merge(Some(&reread), "ja", "std", &units);
        prop_assert_eq!(po::write(&twice), po::write(&once));
    }
}
