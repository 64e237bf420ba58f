//! `csstd resolve` and `csstd list` on a three-level chain (SPEC 3):
//! `base` ← `apac` (abstract) ← `ja-JP`, plus two regions written once in TOML
//! and once in YAML with the same content.

mod common;

use common::{Run, assert_unchanged, csstd, json, listing, pos_of, project, write};
use serde_json::{Value, json};
use std::path::Path;

fn resolve(dir: &Path, id: &str) -> Value {
    let run = csstd(dir, &["resolve", id, "--format", "json"]);
    assert_eq!(run.code, 0, "resolve {id} failed:\n{}", run.stderr);
    json(&run)
}

fn clause<'a>(resolved: &'a Value, id: &str) -> &'a Value {
    resolved["clauses"]
        .as_array()
        .expect("clauses is an array")
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no clause `{id}`"))
}

fn ids(list: &Value) -> Vec<&str> {
    list.as_array()
        .expect("a keyed list is an array")
        .iter()
        .map(|e| e["id"].as_str().expect("every entry has an id"))
        .collect()
}

#[test]
fn chain_runs_from_the_base_standard_to_the_region() {
    let p = project("chain");
    assert_eq!(
        resolve(p.path(), "ja-JP")["chain"],
        json!(["base", "apac", "ja-JP"])
    );
    assert_eq!(resolve(p.path(), "apac")["chain"], json!(["base", "apac"]));
    let base = resolve(p.path(), "base");
    assert_eq!(base["chain"], json!(["base"]));
    assert_eq!(base["culture"], Value::Null);
}

#[test]
fn resolved_standard_has_the_shape_of_spec_3() {
    let p = project("chain");
    let r = resolve(p.path(), "ja-JP");
    let keys: Vec<&str> = r.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "chain",
            "standard",
            "culture",
            "communication",
            "expectations",
            "channels",
            "sections",
            "metrics",
            "clauses",
            "legal",
            "priorities",
            "schedules",
            "slas",
            "escalations"
        ]
    );
    for list in ["priorities", "schedules", "slas", "escalations"] {
        assert_eq!(r[list], json!([]), "{list} is empty when nothing sets it");
    }
    // Control keys are gone from the resolved standard.
    for c in r["clauses"].as_array().unwrap() {
        assert!(
            c.get("append").is_none() && c.get("remove").is_none(),
            "{c}"
        );
    }
}

#[test]
fn tables_merge_key_by_key() {
    let p = project("chain");
    let r = resolve(p.path(), "ja-JP");
    // apac sets directness and context, ja-JP adds formality.
    assert_eq!(
        r["communication"],
        json!({"directness": "indirect", "context": "high", "formality": "formal"})
    );
    let email = &r["channels"]["email"];
    assert_eq!(email["enabled"], true, "kept from base");
    assert_eq!(
        email["languages"],
        json!(["ja", "en"]),
        "a plain array is replaced"
    );
    assert_eq!(email["targets"]["resolution"], "<= 3d", "kept from base");
    assert_eq!(
        email["targets"]["first_response"], "<= 1h30m",
        "set by ja-JP"
    );
    assert_eq!(
        r["channels"]["chat"],
        json!({"enabled": true, "languages": ["en"], "targets": {"first_response": "<= 1m"}}),
        "a channel no overlay touches stays as the base wrote it"
    );
    assert_eq!(
        r["culture"]["timezone"], "Asia/Tokyo",
        "a scalar is replaced"
    );
    assert_eq!(
        r["expectations"],
        json!({"email": {"first_response": "<= 4h"}})
    );
}

#[test]
fn keyed_lists_merge_by_id_and_new_ids_come_after_in_file_order() {
    let p = project("chain");
    let r = resolve(p.path(), "ja-JP");
    assert_eq!(
        ids(&r["clauses"]),
        [
            "attitude.respect",
            "process.closing",
            "attitude.harmony",
            "attitude.patience",
            "attitude.omotenashi"
        ]
    );
    // ja-JP changes only the title of process.closing; the other fields are inherited.
    let closing = clause(&r, "process.closing");
    assert_eq!(closing["title"], "Closing the contact");
    assert_eq!(
        closing["text"],
        "Confirm that the issue is solved before closing."
    );
    assert_eq!(closing["section"], "process");
    assert_eq!(ids(&r["sections"]), ["attitude", "process"]);
}

#[test]
fn appends_accumulate_down_the_chain_with_their_source() {
    let p = project("chain");
    let r = resolve(p.path(), "ja-JP");
    assert_eq!(
        clause(&r, "attitude.respect")["appended"],
        json!([
            {"from": "apac", "text": "Greet the customer in their own language."},
            {"from": "ja-JP", "text": "Address the customer by family name with -sama."}
        ])
    );
    assert_eq!(clause(&r, "attitude.harmony")["appended"], json!([]));
    let base = resolve(p.path(), "base");
    assert_eq!(clause(&base, "attitude.respect")["appended"], json!([]));
}

#[test]
fn remove_drops_an_unlocked_clause() {
    let p = project("chain");
    assert!(ids(&resolve(p.path(), "apac")["clauses"]).contains(&"process.callback"));
    assert!(!ids(&resolve(p.path(), "ja-JP")["clauses"]).contains(&"process.callback"));
}

#[test]
fn a_locked_clause_keeps_the_inherited_text() {
    let p = project("chain");
    let r = resolve(p.path(), "ja-JP");
    let respect = clause(&r, "attitude.respect");
    assert_eq!(respect["text"], "Treat every customer as an equal.");
    assert_eq!(respect["title"], "Respect and inclusion");
    assert_eq!(respect["locked"], true);
}

#[test]
fn id_name_extends_and_abstract_belong_to_each_file() {
    let p = project("chain");
    let apac = resolve(p.path(), "apac");
    assert_eq!(apac["culture"]["abstract"], true);
    let r = resolve(p.path(), "ja-JP");
    let culture = r["culture"].as_object().unwrap();
    assert_eq!(culture["id"], "ja-JP");
    assert_eq!(culture["name"], "Japan");
    assert_eq!(culture["extends"], "apac");
    assert!(
        !culture.contains_key("abstract"),
        "a region extending an abstract culture is not abstract: {culture:?}"
    );
    // Everything else in [culture] is inherited.
    assert_eq!(culture["x-team"], "apac-leads");
    assert_eq!(r["standard"]["id"], "base");
}

#[test]
fn a_yaml_overlay_resolves_like_the_same_toml_overlay() {
    let p = project("chain");
    let mut from_toml = resolve(p.path(), "sg-toml");
    let mut from_yaml = resolve(p.path(), "sg-yaml");
    // Only the file's own id and name may differ.
    for (r, id) in [(&mut from_toml, "sg-toml"), (&mut from_yaml, "sg-yaml")] {
        assert_eq!(r["chain"], json!(["base", "apac", id]));
        assert_eq!(r["culture"]["id"], id);
        r["chain"] = Value::Null;
        r["culture"]["id"] = Value::Null;
        r["culture"]["name"] = Value::Null;
        for c in r["clauses"].as_array_mut().unwrap() {
            for a in c["appended"].as_array_mut().unwrap() {
                if a["from"] == id {
                    a["from"] = json!("<self>");
                }
            }
        }
    }
    assert_eq!(from_toml, from_yaml);
    // The YAML date string and the TOML date resolve to the same text.
    assert_eq!(from_yaml["culture"]["last_reviewed"], "2026-09-01");
    assert_eq!(
        from_yaml["channels"]["chat"]["targets"]["first_response"],
        "<= 30s"
    );
}

#[test]
fn targets_are_written_canonically() {
    let p = project("chain");
    let r = resolve(p.path(), "ja-JP");
    let targets = &r["channels"]["email"]["targets"];
    // "90m" → "<= 1h30m", "72h" → "<= 3d"; the op is always explicit.
    assert_eq!(targets["first_response"], "<= 1h30m");
    assert_eq!(targets["resolution"], "<= 3d");
    assert_eq!(r["channels"]["chat"]["targets"]["first_response"], "<= 1m");
    assert_eq!(r["metrics"][0]["target"], ">= 85%");
    // "4h" → "<= 4h", in a target and in an expectation.
    let apac = resolve(p.path(), "apac");
    assert_eq!(
        apac["channels"]["email"]["targets"]["first_response"],
        "<= 4h"
    );
    assert_eq!(apac["expectations"]["email"]["first_response"], "<= 4h");
}

#[test]
fn provenance_names_the_file_line_and_column_that_set_each_value() {
    let p = project("chain");
    let run = csstd(
        p.path(),
        &["resolve", "ja-JP", "--format", "json", "--provenance"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let prov = &json(&run)["provenance"];
    let expect = |path: &str, file: &str, needle: &str| {
        assert_eq!(
            prov[path].as_str(),
            Some(pos_of(p.path(), file, needle).as_str()),
            "provenance of `{path}`"
        );
    };
    expect(
        "clauses[attitude.respect].text",
        "standards/base.toml",
        "\"Treat every customer",
    );
    expect(
        "clauses[attitude.respect].appended[0].text",
        "cultures/apac.toml",
        "\"Greet the customer",
    );
    expect(
        "clauses[attitude.respect].appended[1].text",
        "cultures/ja-JP.toml",
        "\"Address the customer",
    );
    expect(
        "channels.email.targets.first_response",
        "cultures/ja-JP.toml",
        "\"90m\"",
    );
    expect(
        "channels.email.targets.resolution",
        "standards/base.toml",
        "\"72h\"",
    );
    expect(
        "clauses[process.closing].title",
        "cultures/ja-JP.toml",
        "\"Closing the contact\"",
    );
    expect(
        "communication.directness",
        "cultures/apac.toml",
        "\"indirect\"",
    );
    // Every leaf has an entry, and every entry is `file:line:col` of a project file.
    for (path, at) in prov.as_object().unwrap() {
        let at = at.as_str().unwrap();
        let mut parts = at.rsplitn(3, ':');
        let (col, line, file) = (parts.next(), parts.next(), parts.next());
        assert!(
            col.is_some_and(|c| c.parse::<u32>().is_ok())
                && line.is_some_and(|l| l.parse::<u32>().is_ok())
                && file.is_some_and(|f| p.path().join(f).is_file()),
            "provenance of `{path}` is `{at}`"
        );
    }
    assert!(prov.get("culture.languages[0]").is_some());
    // Without --provenance there is no provenance key.
    assert!(resolve(p.path(), "ja-JP").get("provenance").is_none());
}

#[test]
fn annotation_keys_are_kept_in_the_resolved_standard() {
    let p = project("chain");
    let r = resolve(p.path(), "ja-JP");
    assert_eq!(r["standard"]["x-jira"], "CX-12");
    assert_eq!(r["culture"]["x-team"], "apac-leads");
    assert_eq!(clause(&r, "process.closing")["x-owner"], "process team");
    assert_eq!(
        clause(&r, "attitude.omotenashi")["x-source"],
        "regional workshop"
    );
    let sg = resolve(p.path(), "sg-yaml");
    assert_eq!(sg["culture"]["x-ticket"], "CX-40");
}

#[test]
fn list_json_has_the_spec_shape_sorted_by_id() {
    let p = project("chain");
    let run = csstd(p.path(), &["list", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        json(&run),
        json!({
            "version": 1,
            "standards": [{"id": "base", "file": "standards/base.toml"}],
            "cultures": [
                {"id": "apac", "file": "cultures/apac.toml", "abstract": true, "chain": ["base", "apac"]},
                {"id": "ja-JP", "file": "cultures/ja-JP.toml", "abstract": false, "chain": ["base", "apac", "ja-JP"]},
                {"id": "sg-toml", "file": "cultures/sg-toml.toml", "abstract": false, "chain": ["base", "apac", "sg-toml"]},
                {"id": "sg-yaml", "file": "cultures/sg-yaml.yaml", "abstract": false, "chain": ["base", "apac", "sg-yaml"]}
            ]
        })
    );
}

#[test]
fn list_text_separates_regions_from_abstract_cultures() {
    let p = project("chain");
    let run = csstd(p.path(), &["list"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let regions = run.stdout.find("regions (3)").expect("a regions heading");
    let abstracts = run
        .stdout
        .find("abstract cultures (1)")
        .expect("an abstract cultures heading");
    assert!(regions < abstracts);
    assert!(run.stdout.contains("base → apac → ja-JP"), "{}", run.stdout);
}

fn outputs(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for args in [
        &["resolve", "ja-JP", "--format", "json", "--provenance"][..],
        &["resolve", "sg-yaml", "--format", "toml"],
        &["resolve", "sg-toml", "--format", "yaml"],
        &["list", "--format", "json"],
    ] {
        let run = csstd(dir, args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        out.push(run.stdout);
    }
    out
}

#[test]
fn output_is_byte_identical_across_runs_and_file_creation_order() {
    let p = project("chain");
    let first = outputs(p.path());
    assert_eq!(first, outputs(p.path()));
    // The same files written in the reverse order into a fresh folder.
    let other = tempfile::tempdir().unwrap();
    let mut files: Vec<_> = walkdir::WalkDir::new(p.path())
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(p.path()).unwrap().to_path_buf())
        .collect();
    files.sort();
    files.reverse();
    for f in files {
        write(
            other.path(),
            f.to_str().unwrap(),
            std::fs::read(p.path().join(&f)).unwrap(),
        );
    }
    assert_eq!(first, outputs(other.path()));
}

fn toml_and_yaml(dir: &Path, id: &str) -> (Run, Run) {
    let toml = csstd(dir, &["resolve", id, "--format", "toml"]);
    let yaml = csstd(dir, &["resolve", id, "--format", "yaml"]);
    assert_eq!(toml.code, 0, "{}", toml.stderr);
    assert_eq!(yaml.code, 0, "{}", yaml.stderr);
    (toml, yaml)
}

/// JSON without nulls: TOML has no null, so `culture = null` is left out there.
fn without_nulls(v: Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, without_nulls(v)))
                .collect(),
        ),
        other => other,
    }
}

#[test]
fn toml_and_yaml_output_hold_the_same_data_as_json() {
    let p = project("chain");
    for id in ["base", "ja-JP", "sg-yaml"] {
        let (toml_run, yaml_run) = toml_and_yaml(p.path(), id);
        let from_json = resolve(p.path(), id);
        let from_toml: Value = toml::from_str(&toml_run.stdout)
            .unwrap_or_else(|e| panic!("resolve {id} --format toml is not TOML: {e}"));
        assert_eq!(from_toml, without_nulls(from_json.clone()), "{id} as TOML");
        let from_yaml: Value = serde_saphyr::from_str(&yaml_run.stdout)
            .unwrap_or_else(|e| panic!("resolve {id} --format yaml is not YAML: {e}"));
        assert_eq!(from_yaml, from_json, "{id} as YAML");
    }
}

#[test]
fn resolving_and_listing_write_nothing() {
    let p = project("chain");
    let before = listing(p.path());
    outputs(p.path());
    toml_and_yaml(p.path(), "ja-JP");
    assert_unchanged(p.path(), &before);
}

#[test]
fn an_unknown_region_is_an_error_with_a_suggestion() {
    let p = project("chain");
    let run = csstd(p.path(), &["resolve", "ja-jp", "--format", "json"]);
    assert_eq!(run.code, 2);
    let printed: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
    assert_eq!(printed["errors"][0]["help"], "did you mean `ja-JP`?");
    assert!(
        run.stderr
            .contains("no region, culture or standard `ja-jp`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `ja-JP`?"),
        "{}",
        run.stderr
    );
    // An id is looked up, never used as a path.
    let run = csstd(p.path(), &["resolve", "../cultures/ja-JP"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
}

#[test]
fn business_clock_durations_keep_their_hours_in_the_resolved_standard() {
    let p = project("clean");
    write(
        p.path(),
        "cultures/zz.toml",
        "[culture]\nid = \"zz\"\nname = \"Z\"\nextends = \"base\"\nlanguages = [\"en\"]\n\n\
         [[slas]]\nid = \"email.p1.resolution\"\nwithin = \"27h\"\nclock = \"business\"\nschedule = \"office\"\n\n\
         [[slas]]\nid = \"email.p2.resolution\"\nchannel = \"email\"\npriority = \"p1\"\nmeasure = \"resolution\"\nwithin = \"90m\"\n\n\
         [[slas]]\nid = \"email.p3.resolution\"\nchannel = \"email\"\npriority = \"p1\"\nmeasure = \"resolution\"\nwithin = \"1d3h\"\n",
    );
    let run = csstd(p.path(), &["resolve", "zz", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v = json(&run);
    let within = |id: &str| {
        v["slas"]
            .as_array()
            .expect("slas")
            .iter()
            .find(|s| s["id"] == id)
            .map(|s| s["within"].clone())
    };
    assert_eq!(within("email.p1.resolution"), Some(json!("27h")));
    assert_eq!(within("email.p2.resolution"), Some(json!("1h30m")));
    assert_eq!(within("email.p3.resolution"), Some(json!("1d3h")));
}
