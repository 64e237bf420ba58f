//! `docs/rules.md` is generated from the rule table in `src/lint/rules.rs`;
//! this test fails when the two drift apart.
//!
//! Regenerate with `UPDATE_DOCS=1 cargo test --test rules_doc`.

use csstd::lint::rules;
use std::path::Path;

#[test]
fn docs_rules_md_matches_the_rule_table() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let expected = rules::markdown();
    if std::env::var_os("UPDATE_DOCS").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().expect("docs/ has a parent")).expect("create docs/");
        std::fs::write(&path, &expected).expect("write docs/rules.md");
        return;
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    if actual != expected {
        let line = actual
            .lines()
            .zip(expected.lines())
            .position(|(a, e)| a != e)
            .unwrap_or_else(|| actual.lines().count().min(expected.lines().count()));
        panic!(
            "docs/rules.md is out of date (first difference at line {}); \
             regenerate it with `UPDATE_DOCS=1 cargo test --test rules_doc`",
            line + 1
        );
    }
}

#[test]
fn the_generated_document_covers_every_rule() {
    let doc = rules::markdown();
    for rule in rules::all() {
        assert!(
            doc.contains(&format!("\n## {}\n", rule.id)),
            "no section for {}",
            rule.id
        );
        assert!(
            doc.contains(&format!("| [`{}`](#", rule.id)),
            "no table row for {}",
            rule.id
        );
        assert!(doc.contains(rule.why), "no rationale for {}", rule.id);
    }
}
