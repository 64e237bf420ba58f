//! The shipped defaults at the repository root (`standards/`, `cultures/`) and
//! the shipped example are real projects: they must load, resolve and lint clean.

mod common;

use common::{TODAY, assert_unchanged, csstd, findings, json, listing};
use serde_json::Value;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs csstd on the repository root, named explicitly so no folder above it is used.
fn at_root(args: &[&str]) -> common::Run {
    let mut all = vec!["-C", env!("CARGO_MANIFEST_DIR")];
    all.extend_from_slice(args);
    csstd(root(), &all)
}

fn assert_lints_clean(run: &common::Run) {
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v = json(run);
    let serious: Vec<_> = findings(&v)
        .into_iter()
        .filter(|f| f.suppressed.is_none() && f.severity != "info")
        .collect();
    assert!(serious.is_empty(), "{serious:#?}");
    assert_eq!(v["summary"]["errors"], 0);
    assert_eq!(v["summary"]["warnings"], 0);
}

#[test]
fn the_shipped_standards_lint_without_errors_or_warnings() {
    let before = listing(&root().join("cultures"));
    let run = at_root(&["lint", "--today", TODAY, "--format", "json"]);
    assert_lints_clean(&run);
    // Twelve regions and the base standard are checked.
    assert_eq!(json(&run)["summary"]["regions"], 13);
    assert_unchanged(&root().join("cultures"), &before);
}

#[test]
fn the_shipped_example_lints_without_errors_or_warnings() {
    let dir = root().join("examples/b2b-saas");
    let run = csstd(
        &dir,
        &[
            "-C",
            dir.to_str().unwrap(),
            "lint",
            "--today",
            TODAY,
            "--format",
            "json",
        ],
    );
    assert_lints_clean(&run);
}

#[test]
fn list_shows_twelve_regions_and_the_abstract_eu() {
    let run = at_root(&["list", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v = json(&run);
    let cultures = v["cultures"].as_array().unwrap();
    let regions: Vec<&Value> = cultures.iter().filter(|c| c["abstract"] == false).collect();
    let abstracts: Vec<&str> = cultures
        .iter()
        .filter(|c| c["abstract"] == true)
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(regions.len(), 12, "{v}");
    assert_eq!(abstracts, ["eu"]);
    assert_eq!(
        v["standards"],
        serde_json::json!([{"id": "global", "file": "standards/global.toml"}])
    );
    for c in cultures {
        assert_eq!(c["chain"][0], "global", "{c}");
        assert_eq!(c["chain"].as_array().unwrap().last().unwrap(), &c["id"]);
    }
    let de = cultures.iter().find(|c| c["id"] == "de-DE").unwrap();
    assert_eq!(de["chain"], serde_json::json!(["global", "eu", "de-DE"]));
    let text = at_root(&["list"]);
    assert!(text.stdout.starts_with("regions (12)\n"), "{}", text.stdout);
    assert!(
        text.stdout.contains("abstract cultures (1)\n"),
        "{}",
        text.stdout
    );
}

#[test]
fn every_shipped_culture_resolves() {
    let v = json(&at_root(&["list", "--format", "json"]));
    for c in v["cultures"].as_array().unwrap() {
        let id = c["id"].as_str().unwrap();
        let run = at_root(&["resolve", id, "--format", "json"]);
        assert_eq!(run.code, 0, "{id}: {}", run.stderr);
        assert_eq!(json(&run)["chain"], c["chain"], "{id}");
    }
}

#[test]
fn resolve_ja_jp_with_provenance() {
    let run = at_root(&["resolve", "ja-JP", "--format", "json", "--provenance"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v = json(&run);
    assert_eq!(v["culture"]["id"], "ja-JP");
    let prov = v["provenance"].as_object().expect("a provenance object");
    assert!(prov.len() > 100, "only {} provenance entries", prov.len());
    let from_ja = prov
        .values()
        .filter(|p| p.as_str().unwrap().starts_with("cultures/ja-JP.yaml:"))
        .count();
    assert!(from_ja > 0, "no value comes from ja-JP.yaml");
    assert!(prov.contains_key("channels.email.targets.first_response"));
    for (path, at) in prov {
        let file = at.as_str().unwrap().split(':').next().unwrap();
        assert!(root().join(file).is_file(), "{path} → {at}");
    }
}

#[test]
fn schema_prints_a_json_schema_for_each_file_kind() {
    for (kind, key) in [
        ("base", "standard"),
        ("overlay", "culture"),
        ("manifest", "lint"),
    ] {
        let run = at_root(&["schema", kind]);
        assert_eq!(run.code, 0, "{kind}: {}", run.stderr);
        let v = json(&run);
        assert!(
            v["$schema"]
                .as_str()
                .is_some_and(|s| s.contains("json-schema.org")),
            "{kind}: {}",
            v["$schema"]
        );
        assert_eq!(v["type"], "object", "{kind}");
        assert!(v["properties"].get(key).is_some(), "{kind} has no `{key}`");
        // Unknown keys are refused, annotations allowed.
        assert_eq!(v["additionalProperties"], false, "{kind}");
        assert!(v["patternProperties"].get("^x-").is_some(), "{kind}");
    }
    assert_eq!(at_root(&["schema", "nope"]).code, 2);
}

#[test]
fn completions_are_printed_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = at_root(&["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        assert!(run.stdout.contains("csstd"), "{shell}");
        assert!(
            run.stdout.contains("resolve"),
            "{shell}: subcommands are completed"
        );
    }
}

#[test]
fn every_shipped_handbook_is_fully_translated() {
    for project in [".", "examples/b2b-saas", "examples/starter"] {
        let dir = root().join(project);
        let run = csstd(
            &dir,
            &[
                "-C",
                dir.to_str().unwrap(),
                "translate",
                "status",
                "--format",
                "json",
            ],
        );
        assert_eq!(run.code, 0, "{project}: {}", run.stdout);
        let v = json(&run);
        for lang in v["languages"].as_array().unwrap() {
            for region in lang["regions"].as_array().unwrap() {
                assert_eq!(region["untranslated"], 0, "{project}: {region}");
                assert_eq!(region["fuzzy"], 0, "{project}: {region}");
                assert_eq!(region["translated"], region["shown"], "{project}: {region}");
            }
        }
    }
    // The shipped project translates every handbook language but English.
    let v = json(&at_root(&["translate", "status", "--format", "json"]));
    let langs = common::status_langs(&v);
    assert_eq!(
        langs,
        ["ar", "de", "es", "fr", "fr-CA", "ja", "ko", "pt", "zh"]
    );
}
