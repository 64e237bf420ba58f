//! The laws of the merge (SPEC 3, docs/merge.md), checked on generated projects: an empty
//! overlay changes nothing; the result does not depend on the order files are listed in;
//! every provenance points at a real place in a project file; `remove` then re-add yields
//! the re-added entry; keyed-list order follows the documented rule. Case counts stay
//! modest so `cargo test` stays quick; `PROPTEST_CASES=2000 cargo test --test properties`
//! runs more on demand.

use csstd::load::fs::{FileSource, MemorySource, ReadError};
use csstd::resolve::output::to_json;
use proptest::prelude::*;
use serde_json::{Map, Value, json};
use std::io;
use std::path::Path;

const IDS: [&str; 8] = ["a", "b", "c", "d", "e", "f", "g", "h"];

/// One overlay step on a clause id.
#[derive(Debug, Clone)]
enum Op {
    Add(usize),
    Change(usize),
    Append(usize),
    Remove(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..IDS.len()).prop_map(Op::Add),
        (0..IDS.len()).prop_map(Op::Change),
        (0..IDS.len()).prop_map(Op::Append),
        (0..IDS.len()).prop_map(Op::Remove),
    ]
}

/// A base standard's clause ids and up to three overlays, each extending the one before.
#[derive(Debug, Clone)]
struct Chain {
    base: Vec<usize>,
    overlays: Vec<Vec<Op>>,
    yaml: Vec<bool>,
}

fn chain() -> impl Strategy<Value = Chain> {
    (
        proptest::sample::subsequence((0..IDS.len()).collect::<Vec<_>>(), 0..=IDS.len())
            .prop_shuffle(),
        proptest::collection::vec(proptest::collection::vec(op(), 0..8), 1..=3),
        proptest::collection::vec(any::<bool>(), 3),
    )
        .prop_map(|(base, overlays, yaml)| Chain {
            base,
            overlays,
            yaml,
        })
}

/// What the documented rule says each file's clause list becomes, and the entries each
/// overlay actually writes (ops made valid against the inherited state).
struct Model {
    /// Clause ids in resolved order after each file (base first).
    orders: Vec<Vec<String>>,
    /// Per overlay: the entries it writes.
    files: Vec<Vec<Value>>,
}

fn model(c: &Chain) -> Model {
    let mut order: Vec<String> = c.base.iter().map(|i| IDS[*i].to_string()).collect();
    let mut orders = vec![order.clone()];
    let mut files = Vec::new();
    for (n, ops) in c.overlays.iter().enumerate() {
        let mut written: Vec<Value> = Vec::new();
        let mut used: Vec<&str> = Vec::new();
        for op in ops {
            let (Op::Add(i) | Op::Change(i) | Op::Append(i) | Op::Remove(i)) = op;
            let id = IDS[*i];
            // One entry per id and file: a duplicate id in a file is an input error.
            if used.contains(&id) {
                continue;
            }
            let present = order.iter().any(|x| x == id);
            let entry = match (op, present) {
                (Op::Remove(_), true) => {
                    order.retain(|x| x != id);
                    json!({"id": id, "remove": true})
                }
                (Op::Append(_), true) => json!({"id": id, "append": format!("more from r{n}")}),
                (Op::Change(_) | Op::Add(_), true) => {
                    json!({"id": id, "title": format!("{id} as r{n} says")})
                }
                (Op::Change(_) | Op::Add(_), false) => {
                    order.push(id.to_string());
                    json!({"id": id, "section": "s", "title": format!("{id} from r{n}"),
                           "text": format!("Text of {id} by r{n}.")})
                }
                // `remove` or `append` on an id that is not inherited is an input error.
                (Op::Remove(_) | Op::Append(_), false) => continue,
            };
            used.push(id);
            written.push(entry);
        }
        orders.push(order.clone());
        files.push(written);
    }
    Model { orders, files }
}

fn base_text(ids: &[usize]) -> String {
    let clauses: Vec<Value> = ids
        .iter()
        .map(|i| {
            let id = IDS[*i];
            json!({"id": id, "section": "s", "title": format!("{id} (base)"),
                   "text": format!("Text of {id}.")})
        })
        .collect();
    let doc = json!({
        "standard": {"id": "base", "title": "Base", "version": "1.0.0",
                     "default_language": "en"},
        "channels": {"email": {"enabled": true, "languages": ["en"],
                               "targets": {"first_response": "24h"}}},
        "sections": [{"id": "s", "title": "Section"}],
        "clauses": clauses,
        "legal": [{"id": "law", "title": "A law", "topics": ["other"]}],
    });
    toml::to_string(&doc).expect("JSON objects are TOML")
}

fn overlay_text(n: usize, entries: &[Value], yaml: bool) -> (String, String) {
    let parent = if n == 0 {
        "base".to_string()
    } else {
        format!("r{}", n - 1)
    };
    let mut doc = Map::new();
    doc.insert(
        "culture".into(),
        json!({"id": format!("r{n}"), "name": format!("Region {n}"), "extends": parent,
               "languages": ["en"]}),
    );
    if !entries.is_empty() {
        doc.insert("clauses".into(), Value::Array(entries.to_vec()));
    }
    if yaml {
        (
            format!("cultures/r{n}.yaml"),
            serde_json::to_string_pretty(&doc).expect("JSON"),
        )
    } else {
        (
            format!("cultures/r{n}.toml"),
            toml::to_string(&doc).expect("TOML"),
        )
    }
}

fn files(c: &Chain, m: &Model) -> MemorySource {
    let mut fs = MemorySource::new();
    fs.insert("standards/base.toml", base_text(&c.base));
    for (n, entries) in m.files.iter().enumerate() {
        let (path, text) = overlay_text(n, entries, c.yaml[n]);
        fs.insert(path, text);
    }
    fs
}

/// Lists folders in a given order instead of byte order, as another file system might.
struct Shuffled<'a> {
    inner: &'a MemorySource,
    seed: u64,
}

impl FileSource for Shuffled<'_> {
    fn list(&self, dir: &Path) -> io::Result<Option<Vec<String>>> {
        let mut names = self.inner.list(dir)?;
        if let Some(names) = &mut names {
            // A cheap deterministic permutation driven by the seed.
            names.sort_by_key(|n| {
                n.bytes().fold(self.seed, |h, b| {
                    (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
                })
            });
        }
        Ok(names)
    }
    fn read(&self, file: &Path) -> Result<Vec<u8>, ReadError> {
        self.inner.read(file)
    }
    fn exists(&self, file: &Path) -> bool {
        self.inner.exists(file)
    }
    fn describe(&self) -> String {
        self.inner.describe()
    }
}

type Resolved = (csstd::load::Project, csstd::resolve::Resolution);

fn resolve(fs: &dyn FileSource) -> Resolved {
    csstd::resolve::load_and_resolve(Path::new("."), fs).unwrap_or_else(|e| {
        panic!(
            "a generated project must resolve:\n{}",
            csstd::report::human::input_errors(&e, false)
        )
    })
}

fn json_of(r: &Resolved, id: &str, provenance: bool) -> Value {
    to_json(r.1.get(id).expect("resolved"), provenance)
}

fn clause_ids(v: &Value) -> Vec<String> {
    v["clauses"]
        .as_array()
        .expect("clauses")
        .iter()
        .map(|c| c["id"].as_str().expect("id").to_string())
        .collect()
}

/// The resolved standard without what belongs to each file (`chain`, `culture`).
fn body(mut v: Value) -> Value {
    let o = v.as_object_mut().expect("an object");
    o.remove("chain");
    o.remove("culture");
    if let Some(Value::Object(p)) = o.get_mut("provenance") {
        p.retain(|k, _| !k.starts_with("culture"));
    }
    v
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(48),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// An overlay that only names itself and its parent resolves to its parent, provenance
    /// included: nothing in it sets a value.
    #[test]
    fn an_empty_overlay_changes_nothing(c in chain()) {
        let m = model(&c);
        let mut fs = files(&c, &m);
        let last = m.files.len() - 1;
        let parent = format!("r{last}");
        let (path, text) = overlay_text(m.files.len(), &[], false);
        let text = text.replace("languages = [\"en\"]\n", "");
        fs.insert(path, text);
        let r = resolve(&fs);
        let child = format!("r{}", m.files.len());
        prop_assert_eq!(body(json_of(&r, &child, true)), body(json_of(&r, &parent, true)));
        // And directly on the base standard.
        let mut fs = MemorySource::new();
        fs.insert("standards/base.toml", base_text(&c.base));
        fs.insert("cultures/empty.yaml", "culture:\n  id: empty\n  name: Empty\n  extends: base\n  abstract: true\n");
        let r = resolve(&fs);
        prop_assert_eq!(body(json_of(&r, "empty", true)), body(json_of(&r, "base", true)));
    }

    /// The same files give the same result, provenance included, whatever order the folders
    /// are listed in.
    #[test]
    fn merging_is_deterministic_whatever_the_file_order(c in chain(), s1 in any::<u64>(), s2 in any::<u64>()) {
        let m = model(&c);
        let fs = files(&c, &m);
        let a = resolve(&Shuffled { inner: &fs, seed: s1 });
        let b = resolve(&Shuffled { inner: &fs, seed: s2 });
        let ids: Vec<&String> = a.1.docs.keys().collect();
        prop_assert_eq!(ids, b.1.docs.keys().collect::<Vec<_>>());
        for id in a.1.docs.keys() {
            prop_assert_eq!(json_of(&a, id, true), json_of(&b, id, true));
        }
    }

    /// Every value of every resolved standard names the file, line and column that set it,
    /// and that place exists in a file of the project.
    #[test]
    fn every_value_has_a_provenance_inside_the_project(c in chain()) {
        let m = model(&c);
        let fs = files(&c, &m);
        let r = resolve(&fs);
        for id in r.1.docs.keys() {
            let v = json_of(&r, id, true);
            let prov = v["provenance"].as_object().expect("a provenance map");
            prop_assert!(!prov.is_empty());
            for (path, at) in prov {
                let at = at.as_str().expect("text");
                let mut parts = at.rsplitn(3, ':');
                let col: usize = parts.next().and_then(|x| x.parse().ok()).expect("a column");
                let line: usize = parts.next().and_then(|x| x.parse().ok()).expect("a line");
                let file = parts.next().expect("a file");
                let text = fs.files.get(file);
                prop_assert!(text.is_some(), "{path} at {at}: not a project file");
                let text = String::from_utf8(text.cloned().unwrap_or_default()).expect("UTF-8");
                let line_text = text.split('\n').nth(line - 1);
                prop_assert!(line >= 1 && line_text.is_some(), "{path} at {at}: no such line");
                let width = line_text.map_or(0, |l| l.chars().count());
                prop_assert!(col >= 1 && col <= width + 1, "{path} at {at}: no such column");
            }
            // Every leaf of the clauses has an entry.
            for clause in v["clauses"].as_array().expect("clauses") {
                let cid = clause["id"].as_str().expect("id");
                for key in ["title", "text", "section"] {
                    let k = format!("clauses[{cid}].{key}");
                    prop_assert!(prov.contains_key(&k), "no provenance for {k} in {id}");
                }
            }
        }
    }

    /// Keyed lists keep the inherited order, drop removed ids and append new ids in file
    /// order (docs/merge.md), down the whole chain.
    #[test]
    fn keyed_list_order_follows_the_documented_rule(c in chain()) {
        let m = model(&c);
        let r = resolve(&files(&c, &m));
        prop_assert_eq!(clause_ids(&json_of(&r, "base", false)), m.orders[0].clone());
        for n in 0..m.files.len() {
            let got = clause_ids(&json_of(&r, &format!("r{n}"), false));
            prop_assert_eq!(got, m.orders[n + 1].clone(), "after r{}", n);
        }
    }

    /// An entry removed by one overlay and added again by the next is the new entry: its
    /// fields, its provenance, no inherited appends, and at the end of the list.
    #[test]
    fn remove_then_re_add_yields_the_re_added_entry(base in proptest::sample::subsequence((0..IDS.len()).collect::<Vec<_>>(), 1..=IDS.len()), pick in any::<proptest::sample::Index>()) {
        let target = IDS[base[pick.index(base.len())]];
        let c = Chain {
            base: base.clone(),
            overlays: vec![vec![], vec![], vec![]],
            yaml: vec![false, true, false],
        };
        let mut m = model(&c);
        m.files[0] = vec![json!({"id": target, "append": "old guidance"})];
        m.files[1] = vec![json!({"id": target, "remove": true})];
        let fresh = json!({"id": target, "section": "s", "title": "New title", "text": "New text."});
        m.files[2] = vec![fresh.clone()];
        let r = resolve(&files(&c, &m));
        let v = json_of(&r, "r2", true);
        let ids = clause_ids(&v);
        prop_assert_eq!(ids.last().map(String::as_str), Some(target));
        let clause = v["clauses"].as_array().expect("clauses").last().cloned().expect("one");
        let mut expected = fresh;
        expected["appended"] = json!([]);
        prop_assert_eq!(clause, expected);
        let at = v["provenance"][format!("clauses[{target}].text")].as_str().unwrap_or_default().to_string();
        prop_assert!(at.starts_with("cultures/r2.toml:"), "text set at {at}");
        // The overlay in between does not have it.
        prop_assert!(!clause_ids(&json_of(&r, "r1", false)).contains(&target.to_string()));
    }
}
