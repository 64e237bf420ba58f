//! SPEC 11: `build --emit agent` writes `agent.md` and `agent.json` for regions whose
//! `[agent]` is enabled (merged down the chain like a table), and three lint rules check
//! the assistant: a disclosure, a hand-over, and a brief that fits helpdesk AI tools.
//!
//! The `agent` fixture: a base standard with an assistant; `eu` (abstract) replaces its
//! disclosure; `de-DE` inherits both; `fr-FR` switches the assistant off.

mod common;

use common::{TODAY, csstd, json, listing, pos_of, project, read, write};
use std::path::Path;

fn build(dir: &Path, args: &[&str]) -> common::Run {
    let mut all = vec!["build", "--out", "dist", "--today", TODAY];
    all.extend_from_slice(args);
    csstd(dir, &all)
}

fn lint_json(dir: &Path) -> serde_json::Value {
    json(&csstd(dir, &["lint", "--format", "json", "--today", TODAY]))
}

/// The unsuppressed findings of `rule` as `(file:line:col, message)`.
fn findings(report: &serde_json::Value, rule: &str) -> Vec<(String, String)> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == rule && f["suppressed"].is_null())
        .map(|f| {
            (
                format!(
                    "{}:{}:{}",
                    f["file"].as_str().unwrap(),
                    f["line"],
                    f["column"]
                ),
                f["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn the_brief_is_written_for_enabled_regions_only_and_listed() {
    let p = project("agent");
    let run = build(p.path(), &["--emit", "md,html,agent"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let dist = p.path().join("dist");
    assert!(dist.join("de-DE/agent.md").is_file());
    assert!(dist.join("de-DE/agent.json").is_file());
    assert!(
        !dist.join("fr-FR/agent.md").exists(),
        "fr-FR switches it off"
    );
    assert!(!dist.join("fr-FR/agent.json").exists());
    let manifest: serde_json::Value =
        serde_json::from_str(&read(&dist, "manifest.json")).expect("manifest");
    let paths: Vec<&str> = manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(paths.contains(&"de-DE/agent.md") && paths.contains(&"de-DE/agent.json"));
    let index = read(&dist, "index.md");
    assert!(
        index.contains("[Assistant brief](de-DE/agent.md)"),
        "{index}"
    );
    assert!(!index.contains("fr-FR/agent.md"), "{index}");
    assert!(read(&dist, "index.html").contains(r#"<a href="de-DE/agent.md">Assistant brief</a>"#));
}

#[test]
fn the_brief_is_not_written_unless_asked_for() {
    let p = project("agent");
    let run = build(p.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!p.path().join("dist/de-DE/agent.md").exists());
    assert!(!read(&p.path().join("dist"), "index.md").contains("agent.md"));
    // `[build] emit` in csstd.toml asks for it as `--emit` does.
    write(p.path(), "csstd.toml", "[build]\nemit = [\"agent\"]\n");
    let run = build(p.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(p.path().join("dist/de-DE/agent.json").is_file());
    assert!(!p.path().join("dist/de-DE/handbook.md").exists());
}

#[test]
fn the_brief_in_both_shapes() {
    let p = project("agent");
    let run = build(p.path(), &["de-DE", "--emit", "agent"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let dist = p.path().join("dist");
    let brief: serde_json::Value =
        serde_json::from_str(&read(&dist, "de-DE/agent.json")).expect("agent.json");
    // SPEC 11: the keys, the categories in their order, stable ids.
    let keys: Vec<&String> = brief.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["version", "region", "language", "items"]);
    let ids: Vec<&str> = brief["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "identity.name",
            "identity.disclosure",
            "language.answer",
            "tone.profile",
            "promises.rule",
            "promises.email",
            "promises.phone",
            "handover.rule",
            "handover.topics",
            "handover.p1",
            "never.1",
            "never.2",
            "legal.data-protection",
            "legal.call-recording",
        ]
    );
    insta::assert_snapshot!("agent__de-DE__agent.json", read(&dist, "de-DE/agent.json"));
    insta::assert_snapshot!("agent__de-DE__agent.md", read(&dist, "de-DE/agent.md"));
}

#[test]
fn the_disclosure_of_the_nearest_file_that_sets_it_is_used() {
    let p = project("agent");
    assert_eq!(build(p.path(), &["--emit", "agent"]).code, 0);
    let md = read(&p.path().join("dist"), "de-DE/agent.md");
    assert!(md.contains("an AI system (EU AI Act, art. 50)"), "{md}");
    assert!(
        !md.contains("I am Acme's virtual assistant, an AI. You"),
        "{md}"
    );
}

#[test]
fn source_text_is_escaped_for_markdown_and_json() {
    let p = project("agent");
    write(
        p.path(),
        "cultures/de-DE.toml",
        read(p.path(), "cultures/de-DE.toml")
            + "\n[agent]\ndisclosure = \"I am an AI <script>alert(1)</script> [click](javascript:alert(1)) \\\"quoted\\\"\"\n",
    );
    let run = build(p.path(), &["de-DE", "--emit", "agent"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let dist = p.path().join("dist");
    let md = read(&dist, "de-DE/agent.md");
    assert!(!md.contains("<script>"), "{md}");
    assert!(md.contains("&lt;script&gt;"), "{md}");
    assert!(!md.contains("javascript:"), "{md}");
    let raw = read(&dist, "de-DE/agent.json");
    let brief: serde_json::Value = serde_json::from_str(&raw).expect("valid JSON");
    let disclosure = brief["items"][1]["text"].as_str().unwrap();
    assert!(disclosure.ends_with("\"quoted\"\""), "{disclosure}");
    assert!(raw.contains(r#"\"quoted\""#), "{raw}");
}

#[test]
fn check_covers_the_brief() {
    let p = project("agent");
    assert_eq!(build(p.path(), &["--emit", "agent"]).code, 0);
    assert_eq!(build(p.path(), &["--emit", "agent", "--check"]).code, 0);
    write(p.path(), "dist/de-DE/agent.json", "{}\n");
    let run = build(p.path(), &["--emit", "agent", "--check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("de-DE/agent.json"), "{}", run.stderr);
}

#[test]
fn a_project_template_lays_the_brief_out() {
    let p = project("agent");
    write(
        p.path(),
        "templates/agent.md.j2",
        "# {{ agent.title }}\n{% for part in agent.parts %}{% for item in part.items %}- {{ item.id }}\n{% endfor %}{% endfor %}",
    );
    assert_eq!(build(p.path(), &["de-DE", "--emit", "agent"]).code, 0);
    let md = read(&p.path().join("dist"), "de-DE/agent.md");
    assert!(
        md.starts_with("# Instructions for Acme Assistant\n- identity.name\n"),
        "{md}"
    );
    assert!(md.contains("- never.2\n"), "{md}");
}

#[test]
fn a_misspelt_agent_key_is_an_input_error_with_a_suggestion() {
    let p = project("agent");
    write(
        p.path(),
        "cultures/de-DE.toml",
        read(p.path(), "cultures/de-DE.toml") + "\n[agent]\ndisclosur = \"Hi\"\n",
    );
    let before = listing(p.path());
    let run = build(p.path(), &["--emit", "agent"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("cultures/de-DE.toml:"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("disclosure"), "{}", run.stderr);
    common::assert_unchanged(p.path(), &before);
}

#[test]
fn an_assistant_without_a_disclosure_or_a_handover_is_an_error_where_it_is_enabled() {
    let p = project("agent");
    write(
        p.path(),
        "cultures/en-GB.toml",
        "[culture]\nid = \"en-GB\"\nname = \"United Kingdom\"\nextends = \"base\"\nlanguages = [\"en\"]\n\n\
         [communication]\ndirectness = \"balanced\"\ncontext = \"low\"\nformality = \"neutral\"\n\n\
         [agent]\ndisclosure = \"\"\nhandover = \" \"\n",
    );
    let report = lint_json(p.path());
    let enabled = pos_of(p.path(), "standards/base.toml", "true\nname");
    assert_eq!(
        findings(&report, "legal-compliance/no-ai-disclosure"),
        [(
            enabled.clone(),
            "the assistant of region `en-GB` has no `disclosure`".to_owned()
        )]
    );
    assert_eq!(
        findings(&report, "customer-orientation/no-human-handover"),
        [(
            enabled,
            "the assistant of region `en-GB` has no `handover`".to_owned()
        )]
    );
    // Held back: no handbook and no brief for en-GB.
    let run = build(p.path(), &["--emit", "md,agent"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!p.path().join("dist/en-GB").exists());
    assert!(p.path().join("dist/de-DE/agent.md").is_file());
}

#[test]
fn agent_rules_ignore_disabled_assistants_and_obey_allow() {
    let p = project("agent");
    // fr-FR has no disclosure of its own and the assistant off: nothing to report.
    write(
        p.path(),
        "cultures/fr-FR.toml",
        read(p.path(), "cultures/fr-FR.toml") + "disclosure = \"\"\n",
    );
    write(
        p.path(),
        "cultures/en-GB.toml",
        "[culture]\nid = \"en-GB\"\nname = \"United Kingdom\"\nextends = \"base\"\nlanguages = [\"en\"]\n\n\
         [communication]\ndirectness = \"balanced\"\ncontext = \"low\"\nformality = \"neutral\"\n\n\
         [agent]\ndisclosure = \"\"\n\
         allow = [{ rule = \"legal-compliance/no-ai-disclosure\", reason = \"Voice menu only; the disclosure is recorded in the IVR\" }]\n",
    );
    let report = lint_json(p.path());
    assert_eq!(findings(&report, "legal-compliance/no-ai-disclosure"), []);
    let suppressed: Vec<&serde_json::Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "legal-compliance/no-ai-disclosure")
        .collect();
    assert_eq!(suppressed.len(), 1, "{suppressed:?}");
    assert_eq!(
        suppressed[0]["suppressed"],
        "Voice menu only; the disclosure is recorded in the IVR"
    );
    assert_eq!(suppressed[0]["regions"], serde_json::json!(["en-GB"]));
    let run = csstd(p.path(), &["lint", "--today", TODAY]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("(1 suppressed)"), "{}", run.stderr);
}

#[test]
fn a_brief_too_long_for_helpdesk_tools_is_a_warning() {
    let p = project("agent");
    let long = "Never do this. ".repeat(200);
    let many: Vec<String> = (1..=30).map(|i| format!("\"Rule number {i}\"")).collect();
    write(
        p.path(),
        "cultures/de-DE.toml",
        read(p.path(), "cultures/de-DE.toml")
            + &format!(
                "\n[agent]\nnever = [\"{}\", {}]\n",
                long.trim(),
                many.join(", ")
            ),
    );
    let report = lint_json(p.path());
    let found = findings(&report, "customer-orientation/agent-brief-too-long");
    let at_never = pos_of(p.path(), "cultures/de-DE.toml", "\"Never do this.");
    let enabled = pos_of(p.path(), "standards/base.toml", "true\nname");
    assert_eq!(
        found,
        [
            (
                at_never,
                "item `never.1` of the assistant's brief is 2999 characters long, over the 2500 that helpdesk AI tools take".to_owned()
            ),
            (
                enabled,
                "the assistant's brief has 43 items, over the 40 that helpdesk AI tools take".to_owned()
            ),
        ]
    );
    // A warning: the brief is still written.
    assert_eq!(build(p.path(), &["--emit", "agent"]).code, 0);
}
