//! `csstd lint`, `explain` and `rules` (SPEC 4 and 5): every rule fires with
//! the right id, severity and location; suppression, configuration, exit codes
//! and the four output formats.
//!
//! Rule cases add one culture `zz` (extending the clean region `de-DE`) to a
//! copy of the `clean` fixture and lint only `zz`, so the one finding expected
//! can only come from the change that culture makes.

mod common;

use common::{
    Finding, Run, TODAY, assert_unchanged, csstd, csstd_env, findings, json, listing, pos_of,
    project, read, write,
};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;
use tempfile::TempDir;

const BASE: &str = "standards/base.toml";
const ZZ: &str = "cultures/zz.toml";

/// A culture `zz` extending the clean region `de-DE`, with `rest` after its first four lines.
fn zz(rest: &str) -> String {
    format!("[culture]\nid = \"zz\"\nname = \"Zed\"\nextends = \"de-DE\"\n{rest}")
}

/// A copy of the clean project with `files` added or replaced.
fn clean_with(files: &[(&str, &str)]) -> TempDir {
    let p = project("clean");
    for (path, text) in files {
        write(p.path(), path, text);
    }
    p
}

/// `csstd lint ARGS`, on [`TODAY`] unless `args` name another day.
fn lint(dir: &Path, args: &[&str]) -> Run {
    let mut all = vec!["lint"];
    if !args.contains(&"--today") {
        all.extend(["--today", TODAY]);
    }
    all.extend_from_slice(args);
    csstd(dir, &all)
}

fn lint_json(dir: &Path, args: &[&str]) -> (i32, Value) {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let run = lint(dir, &all);
    assert!(
        run.code == 0 || run.code == 1,
        "lint could not run:\n{}",
        run.stderr
    );
    (run.code, json(&run))
}

/// The rules of SPEC 11 (the assistant's brief), part of [`SPEC_RULES`]; tests/agent.rs
/// runs them.
const SPEC_11_RULES: [&str; 3] = [
    "legal-compliance/no-ai-disclosure",
    "customer-orientation/no-human-handover",
    "customer-orientation/agent-brief-too-long",
];

/// The rules of SPEC 8 (translations), part of [`SPEC_RULES`].
const SPEC_8_RULES: [&str; 3] = [
    "cultural-sensitivity/untranslated",
    "cultural-sensitivity/stale-translation",
    "consistency/translation-mismatch",
];

const SPEC_RULES: [(&str, &str); 32] = [
    ("customer-orientation/expectation-unmet", "warning"),
    // SPEC 11: the assistant's brief.
    ("legal-compliance/no-ai-disclosure", "error"),
    ("customer-orientation/no-human-handover", "error"),
    ("customer-orientation/agent-brief-too-long", "warning"),
    ("customer-orientation/no-satisfaction-metric", "warning"),
    (
        "cultural-sensitivity/missing-communication-profile",
        "error",
    ),
    ("cultural-sensitivity/language-not-served", "warning"),
    ("cultural-sensitivity/untranslated", "warning"),
    ("cultural-sensitivity/stale-translation", "warning"),
    ("consistency/translation-mismatch", "warning"),
    ("consistency/locked-clause-modified", "error"),
    ("consistency/locked-clause-removed", "error"),
    ("consistency/weakened-target", "error"),
    ("consistency/no-op-override", "info"),
    ("consistency/weakened-sla", "error"),
    ("consistency/mixed-sla-change", "warning"),
    ("customer-orientation/escalation-after-deadline", "warning"),
    ("customer-orientation/priority-without-sla", "warning"),
    ("continuous-improvement/holidays-not-dated-ahead", "warning"),
    ("measurability/vague-language", "warning"),
    ("measurability/no-metric", "warning"),
    ("measurability/no-target", "error"),
    ("legal-compliance/no-data-protection-note", "error"),
    ("legal-compliance/recording-consent-missing", "error"),
    ("legal-compliance/no-reference", "warning"),
    ("continuous-improvement/no-owner", "error"),
    ("continuous-improvement/review-overdue", "warning"),
    ("participation/no-approvers", "warning"),
    ("lint/suppression-without-reason", "error"),
    ("lint/unknown-rule", "error"),
    ("lint/unused-suppression", "warning"),
    ("lint/suppression-expired", "error"),
];

fn spec_severity(rule: &str) -> &'static str {
    SPEC_RULES
        .iter()
        .find(|(id, _)| *id == rule)
        .unwrap_or_else(|| panic!("`{rule}` is not a rule of SPEC 4"))
        .1
}

/// One rule, the culture `zz` that triggers it, and where the finding must point.
struct Case {
    rule: &'static str,
    overlay: String,
    /// The file the finding points into, and text that starts exactly at the position.
    file: &'static str,
    needle: &'static str,
}

fn case(rule: &'static str, overlay: String, file: &'static str, needle: &'static str) -> Case {
    Case {
        rule,
        overlay,
        file,
        needle,
    }
}

fn cases() -> Vec<Case> {
    let vague_clause = "\n[[clauses]]\nid = \"attitude.patience\"\nsection = \"attitude\"\ntitle = \"Patience\"\ntext = \"We reply promptly to every customer.\"\n";
    vec![
        case(
            "customer-orientation/expectation-unmet",
            zz("\n[expectations]\nemail = { first_response = \"4h\" }\n"),
            BASE,
            "\"24h\"",
        ),
        case(
            "customer-orientation/no-satisfaction-metric",
            zz("\n[[metrics]]\nid = \"csat\"\ncategory = \"quality\"\n"),
            BASE,
            "metrics]]",
        ),
        case(
            "cultural-sensitivity/missing-communication-profile",
            "[culture]\nid = \"zz\"\nname = \"Zed\"\nextends = \"base\"\nlanguages = [\"en\"]\n\n[communication]\ndirectness = \"direct\"\ncontext = \"low\"\n".into(),
            ZZ,
            "communication]",
        ),
        case(
            "cultural-sensitivity/language-not-served",
            zz("languages = [\"de\", \"fr\"]\n"),
            ZZ,
            "\"fr\"",
        ),
        case(
            "consistency/locked-clause-modified",
            zz("\n[[clauses]]\nid = \"attitude.respect\"\ntext = \"A local rewrite.\"\n"),
            ZZ,
            "\"A local rewrite.\"",
        ),
        case(
            "consistency/locked-clause-removed",
            zz("\n[[clauses]]\nid = \"attitude.respect\"\nremove = true\n"),
            ZZ,
            "remove = true",
        ),
        case(
            "consistency/weakened-target",
            zz("\n[channels.phone]\ntargets = { answer_within = \"30s\" }\n"),
            ZZ,
            "\"30s\"",
        ),
        case(
            "consistency/no-op-override",
            zz("\n[channels.email]\nenabled = true\n"),
            ZZ,
            "true",
        ),
        case(
            "consistency/weakened-sla",
            zz("\n[[slas]]\nid = \"email.p1.resolution\"\nwithin = \"12h\"\n"),
            ZZ,
            "\"12h\"",
        ),
        case(
            "consistency/mixed-sla-change",
            zz("\n[[slas]]\nid = \"email.p1.resolution\"\nwithin = \"6h\"\nattainment = \">= 85%\"\n"),
            ZZ,
            "\"6h\"",
        ),
        case(
            "customer-orientation/escalation-after-deadline",
            zz("\n[[escalations]]\nid = \"p1.duty-manager\"\nafter = \"10h\"\n"),
            ZZ,
            "\"10h\"",
        ),
        case(
            "customer-orientation/priority-without-sla",
            zz("\n[[priorities]]\nid = \"p2\"\ntitle = \"High\"\n"),
            ZZ,
            "\"p2\"",
        ),
        case(
            "continuous-improvement/holidays-not-dated-ahead",
            zz("\n[[schedules]]\nid = \"office\"\nholidays = [{ name = \"New Year's Day\", date = 2026-01-01 }]\n"),
            ZZ,
            "[{ name",
        ),
        case(
            "measurability/vague-language",
            zz(vague_clause),
            ZZ,
            "promptly",
        ),
        case(
            "measurability/no-metric",
            zz("\n[[clauses]]\nid = \"process.closing\"\nsection = \"process\"\ntitle = \"Closing\"\ntext = \"Confirm that the issue is solved.\"\n"),
            ZZ,
            "\"process.closing\"",
        ),
        case(
            "measurability/no-target",
            zz("\n[[metrics]]\nid = \"nps\"\ntitle = \"Net promoter score\"\ncategory = \"other\"\n"),
            ZZ,
            "\"nps\"",
        ),
        case(
            "legal-compliance/no-data-protection-note",
            zz("\n[[legal]]\nid = \"data-protection\"\nremove = true\n"),
            ZZ,
            "culture]",
        ),
        case(
            "legal-compliance/recording-consent-missing",
            zz("\n[[legal]]\nid = \"call-recording\"\nremove = true\n"),
            BASE,
            "true\ntargets = { answer_within",
        ),
        case(
            "legal-compliance/no-reference",
            zz("\n[[legal]]\nid = \"consumer\"\ntitle = \"Consumer rights\"\ntopics = [\"consumer-rights\"]\n"),
            ZZ,
            "\"consumer\"",
        ),
        case(
            "continuous-improvement/no-owner",
            zz("owner = \"\"\n"),
            ZZ,
            "\"\"",
        ),
        case(
            "continuous-improvement/review-overdue",
            zz("last_reviewed = 2024-01-31\nreview_every_months = 1\n"),
            ZZ,
            "2024-01-31",
        ),
        case(
            "participation/no-approvers",
            zz("approvers = []\n"),
            ZZ,
            "[]",
        ),
        case(
            "lint/suppression-without-reason",
            zz("allow = [{ rule = \"measurability/no-target\" }]\n"),
            ZZ,
            "{ rule",
        ),
        case(
            "lint/unknown-rule",
            zz("allow = [{ rule = \"measurability/no-targets\", reason = \"Pilot metric\" }]\n"),
            ZZ,
            "\"measurability/no-targets\"",
        ),
        case(
            "lint/unused-suppression",
            zz("allow = [{ rule = \"measurability/no-target\", reason = \"Pilot metric\" }]\n"),
            ZZ,
            "{ rule",
        ),
        case(
            "lint/suppression-expired",
            zz("allow = [{ rule = \"measurability/no-target\", reason = \"Pilot metric\", expires = 2026-06-30 }]\n"),
            ZZ,
            "2026-06-30",
        ),
    ]
}

/// Runs one case; returns what went wrong, if anything.
fn check_case(c: &Case) -> Result<(), String> {
    let p = clean_with(&[(ZZ, &c.overlay)]);
    let (code, v) = lint_json(p.path(), &["zz"]);
    let found = findings(&v);
    let expected = Finding {
        rule: c.rule.to_string(),
        severity: spec_severity(c.rule).to_string(),
        at: pos_of(p.path(), c.file, c.needle),
        regions: vec!["zz".to_string()],
        suppressed: None,
        message: String::new(),
    };
    let [only] = found.as_slice() else {
        return Err(format!("expected one finding, got {found:#?}"));
    };
    let only = Finding {
        message: String::new(),
        ..only.clone()
    };
    if only != expected {
        return Err(format!("expected {expected:#?}\ngot {only:#?}"));
    }
    let want_code = i32::from(expected.severity == "error");
    if code != want_code {
        return Err(format!("exit code {code}, expected {want_code}"));
    }
    Ok(())
}

#[test]
fn every_rule_fires_with_its_id_severity_and_location() {
    let failures: Vec<String> = cases()
        .iter()
        .filter_map(|c| check_case(c).err().map(|e| format!("{}: {e}", c.rule)))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_rule_of_spec_4_has_a_case_and_exists() {
    let tested: BTreeSet<&str> = cases().iter().map(|c| c.rule).collect();
    // The translation rules of SPEC 8 need catalogues: tests/translate.rs runs them.
    let spec: BTreeSet<&str> = SPEC_RULES
        .iter()
        .map(|(id, _)| *id)
        .filter(|id| !SPEC_8_RULES.contains(id) && !SPEC_11_RULES.contains(id))
        .collect();
    assert_eq!(tested, spec);
    let p = project("clean");
    let run = csstd(p.path(), &["rules", "--format", "json"]);
    assert_eq!(run.code, 0);
    let v = json(&run);
    for (id, severity) in SPEC_RULES {
        let rule = v["rules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("`csstd rules` does not list {id}"));
        assert_eq!(rule["severity"], severity, "{id}");
        assert_eq!(rule["principle"], id.split('/').next().unwrap(), "{id}");
    }
}

#[test]
fn the_clean_project_has_no_finding() {
    let p = project("clean");
    let before = listing(p.path());
    let (code, v) = lint_json(p.path(), &[]);
    assert_eq!(code, 0);
    assert_eq!(
        v,
        serde_json::json!({
            "version": 1,
            "findings": [],
            "summary": {"errors": 0, "warnings": 0, "infos": 0, "regions": 2}
        })
    );
    let human = lint(p.path(), &["--deny-warnings"]);
    assert_eq!(human.code, 0);
    assert!(
        human
            .stderr
            .contains("lint: 0 errors, 0 warnings, 0 infos in 2 regions and standards checked"),
        "{}",
        human.stderr
    );
    let github = lint(p.path(), &["--format", "github"]);
    assert_eq!((github.code, github.stdout.as_str()), (0, ""));
    assert_unchanged(p.path(), &before);
}

#[test]
fn a_missing_owner_in_the_base_is_reported_for_the_base_and_each_region() {
    let p = project("clean");
    let base = read(p.path(), BASE).replace("owner = \"Customer Experience Office\"\n", "");
    write(p.path(), BASE, base);
    let (code, v) = lint_json(p.path(), &["base"]);
    assert_eq!(code, 1);
    let found = findings(&v);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].rule, "continuous-improvement/no-owner");
    assert_eq!(found[0].at, pos_of(p.path(), BASE, "standard]"));
    assert_eq!(found[0].regions, ["base"]);
    // Each region is judged by the value in force for it: the missing owner
    // points at the header of the region's own [culture] table.
    let (_, v) = lint_json(p.path(), &[]);
    let at: Vec<(String, Vec<String>)> = findings(&v)
        .into_iter()
        .map(|f| (f.at, f.regions))
        .collect();
    assert_eq!(
        at,
        [
            (
                "cultures/de-DE.toml:1:2".to_string(),
                vec!["de-DE".to_string()]
            ),
            (
                "standards/base.toml:1:2".to_string(),
                vec!["base".to_string()]
            ),
        ]
    );
}

#[test]
fn an_inherited_finding_is_reported_once_for_every_region_it_affects() {
    let p = project("clean");
    // Two regions and the base share one vague base clause (without a metric).
    let base = read(p.path(), BASE).replace(
        "text = \"Treat every customer as an equal.\"\nprinciples = [\"cultural-sensitivity\", \"customer-orientation\"]\nmetric = \"csat\"\n",
        "text = \"Treat every customer as an equal and answer as soon as possible.\"\n",
    );
    write(p.path(), BASE, base);
    write(
        p.path(),
        "cultures/at-AT.toml",
        "[culture]\nid = \"at-AT\"\nname = \"Austria\"\nextends = \"de-DE\"\n",
    );
    let (code, v) = lint_json(p.path(), &[]);
    assert_eq!(code, 0);
    let found = findings(&v);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].rule, "measurability/vague-language");
    assert_eq!(found[0].at, pos_of(p.path(), BASE, "as soon as possible"));
    assert_eq!(found[0].regions, ["at-AT", "base", "de-DE"]);
    assert_eq!(v["summary"]["warnings"], 1);
    assert_eq!(v["summary"]["regions"], 3);
}

#[test]
fn an_overdue_review_inherited_from_the_base_is_one_finding() {
    let p = project("clean");
    let (_, v) = lint_json(p.path(), &["--today", "2027-07-01"]);
    let overdue: Vec<Finding> = findings(&v)
        .into_iter()
        .filter(|f| f.rule == "continuous-improvement/review-overdue")
        .collect();
    assert_eq!(overdue.len(), 1, "{overdue:#?}");
    assert_eq!(overdue[0].at, pos_of(p.path(), BASE, "2026-06-30"));
    assert_eq!(overdue[0].regions, ["base", "de-DE"]);
    assert!(
        overdue[0].message.contains("2027-06-30"),
        "{}",
        overdue[0].message
    );
    // Due on the same day of the month: not overdue on the due date itself.
    let (_, v) = lint_json(p.path(), &["--today", "2027-06-30"]);
    assert!(
        findings(&v)
            .iter()
            .all(|f| f.rule != "continuous-improvement/review-overdue")
    );
}

#[test]
fn a_review_cadence_clamps_to_the_end_of_a_shorter_month() {
    let p = clean_with(&[(
        ZZ,
        &zz("last_reviewed = 2024-01-31\nreview_every_months = 1\n"),
    )]);
    let overdue = |today: &str| -> Vec<Finding> {
        let (_, v) = lint_json(p.path(), &["zz", "--today", today]);
        findings(&v)
            .into_iter()
            .filter(|f| f.rule == "continuous-improvement/review-overdue")
            .collect()
    };
    assert!(
        overdue("2024-02-29").is_empty(),
        "due on 2024-02-29, not overdue yet"
    );
    let found = overdue("2024-03-01");
    assert_eq!(found.len(), 1);
    assert!(
        found[0].message.contains("due on 2024-02-29"),
        "{}",
        found[0].message
    );
}

// ---------------------------------------------------------------- exit codes

#[test]
fn exit_codes_follow_the_worst_unsuppressed_severity() {
    let warning = clean_with(&[(ZZ, &zz("approvers = []\n"))]);
    let error = clean_with(&[(ZZ, &zz("owner = \"\"\n"))]);
    let info = clean_with(&[(ZZ, &zz("\n[channels.email]\nenabled = true\n"))]);
    assert_eq!(lint(warning.path(), &[]).code, 0, "warnings alone pass");
    assert_eq!(lint(warning.path(), &["--deny-warnings"]).code, 1);
    assert_eq!(lint(error.path(), &[]).code, 1);
    assert_eq!(
        lint(info.path(), &["--deny-warnings"]).code,
        0,
        "infos never fail"
    );
    // `[lint] deny_warnings = true` in csstd.toml does what the flag does.
    write(
        warning.path(),
        "csstd.toml",
        "[lint]\ndeny_warnings = true\n",
    );
    assert_eq!(lint(warning.path(), &[]).code, 1);
    // Linting only a region without findings passes.
    assert_eq!(lint(error.path(), &["de-DE"]).code, 0);
}

#[test]
fn lint_cannot_run_on_an_unknown_region_or_bad_input() {
    let p = project("clean");
    let run = lint(p.path(), &["de-de"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("did you mean `de-DE`?"),
        "{}",
        run.stderr
    );
    let run = lint(p.path(), &["--today", "2026-13-01"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("--today: 2026-13-01 does not exist"),
        "{}",
        run.stderr
    );
    write(p.path(), ZZ, "[culture]\nid = \"zz\"\n");
    let before = listing(p.path());
    let run = lint(p.path(), &["--format", "json"]);
    assert_eq!(run.code, 2);
    // The error on stdout too, for CI (tests/error_formats.rs).
    let printed: Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
    assert_eq!(
        printed["errors"][0]["message"],
        "missing required key `name`"
    );
    assert!(
        run.stderr.contains("missing required key `name`"),
        "{}",
        run.stderr
    );
    assert_unchanged(p.path(), &before);
}

#[test]
fn today_comes_from_source_date_epoch_without_the_flag() {
    let p = project("clean");
    // 2027-07-01T00:00:00Z: the base's review is overdue then.
    let run = csstd_env(
        p.path(),
        &["lint", "--format", "json"],
        &[("SOURCE_DATE_EPOCH", "1814400000")],
    );
    assert!(
        findings(&json(&run))
            .iter()
            .any(|f| f.rule == "continuous-improvement/review-overdue")
    );
}

// --------------------------------------------------------------- suppression

/// A culture with one vague clause, and an `allow` entry on that clause.
fn vague_with_allow(allow: &str) -> TempDir {
    clean_with(&[(
        ZZ,
        &zz(&format!(
            "\n[[clauses]]\nid = \"attitude.patience\"\nsection = \"attitude\"\ntitle = \"Patience\"\ntext = \"We reply promptly to every customer.\"\nallow = [{allow}]\n"
        )),
    )])
}

fn rules_of(found: &[Finding]) -> Vec<(&str, Option<&str>)> {
    found
        .iter()
        .map(|f| (f.rule.as_str(), f.suppressed.as_deref()))
        .collect()
}

#[test]
fn an_allow_with_a_reason_silences_the_finding_but_keeps_it_listed() {
    let p = vague_with_allow(
        "{ rule = \"measurability/vague-language\", reason = \"Quoted from the works agreement\" }",
    );
    let (code, v) = lint_json(p.path(), &["zz", "--deny-warnings"]);
    assert_eq!(
        code, 0,
        "a suppressed warning does not fail --deny-warnings"
    );
    let found = findings(&v);
    assert_eq!(
        rules_of(&found),
        [(
            "measurability/vague-language",
            Some("Quoted from the works agreement")
        )]
    );
    assert_eq!(found[0].at, pos_of(p.path(), ZZ, "promptly"));
    assert_eq!(v["summary"]["warnings"], 0);
    let human = lint(p.path(), &["zz"]);
    assert!(!human.stderr.contains("vague-language"), "{}", human.stderr);
    assert!(human.stderr.contains("(1 suppressed)"), "{}", human.stderr);
    let github = lint(p.path(), &["zz", "--format", "github"]);
    assert_eq!(github.stdout, "");
}

#[test]
fn an_allow_without_a_reason_silences_nothing() {
    for allow in [
        "{ rule = \"measurability/vague-language\" }",
        "{ rule = \"measurability/vague-language\", reason = \"  \" }",
    ] {
        let p = vague_with_allow(allow);
        let (code, v) = lint_json(p.path(), &["zz"]);
        assert_eq!(code, 1);
        let found = findings(&v);
        assert_eq!(
            rules_of(&found),
            [
                ("measurability/vague-language", None),
                ("lint/suppression-without-reason", None)
            ],
            "{allow}"
        );
        assert_eq!(found[1].at, pos_of(p.path(), ZZ, "{ rule"));
    }
}

#[test]
fn an_allow_naming_an_unknown_rule_silences_nothing() {
    let p = vague_with_allow("{ rule = \"measurability/vague-langauge\", reason = \"Quoted\" }");
    let (code, v) = lint_json(p.path(), &["zz"]);
    assert_eq!(code, 1);
    let found = findings(&v);
    assert_eq!(
        rules_of(&found),
        [
            ("measurability/vague-language", None),
            ("lint/unknown-rule", None)
        ]
    );
    assert_eq!(
        found[1].at,
        pos_of(p.path(), ZZ, "\"measurability/vague-langauge\"")
    );
    let help = v["findings"][1]["help"].as_str().unwrap_or_default();
    assert!(
        help.contains("did you mean `measurability/vague-language`?"),
        "{help}"
    );
}

#[test]
fn an_expired_allow_silences_nothing_after_its_date() {
    let p = vague_with_allow(
        "{ rule = \"measurability/vague-language\", reason = \"Until the rewrite\", expires = 2026-11-23 }",
    );
    let (code, v) = lint_json(p.path(), &["zz"]);
    assert_eq!(code, 1);
    let found = findings(&v);
    assert_eq!(
        rules_of(&found),
        [
            ("measurability/vague-language", None),
            ("lint/suppression-expired", None)
        ]
    );
    assert_eq!(found[1].at, pos_of(p.path(), ZZ, "2026-11-23"));
    // Until the day it expires, it silences.
    let (code, v) = lint_json(p.path(), &["zz", "--today", "2026-11-23"]);
    assert_eq!(code, 0);
    assert_eq!(
        rules_of(&findings(&v)),
        [("measurability/vague-language", Some("Until the rewrite"))]
    );
}

#[test]
fn an_allow_that_silences_nothing_is_reported_as_unused() {
    let p = clean_with(&[(
        ZZ,
        &zz(
            "\n[[clauses]]\nid = \"attitude.patience\"\nsection = \"attitude\"\ntitle = \"Patience\"\ntext = \"We reply within one hour.\"\nallow = [{ rule = \"measurability/vague-language\", reason = \"Stale\" }]\n",
        ),
    )]);
    let (code, v) = lint_json(p.path(), &["zz"]);
    assert_eq!(code, 0);
    let found = findings(&v);
    assert_eq!(rules_of(&found), [("lint/unused-suppression", None)]);
    assert_eq!(found[0].at, pos_of(p.path(), ZZ, "{ rule"));
    // An allow judged only by the regions being linted: not reported when zz is not linted.
    let (_, v) = lint_json(p.path(), &["de-DE"]);
    assert!(findings(&v).is_empty(), "{v}");
}

#[test]
fn an_allow_on_the_culture_covers_the_region_and_its_descendants() {
    let p = project("clean");
    let base = read(p.path(), BASE).replace(
        "text = \"Treat every customer as an equal.\"\nprinciples = [\"cultural-sensitivity\", \"customer-orientation\"]\nmetric = \"csat\"\n",
        "text = \"Treat every customer as an equal and answer promptly.\"\n",
    );
    write(p.path(), BASE, base);
    let eu = read(p.path(), "cultures/eu.toml").replace(
        "abstract = true\n",
        "abstract = true\nallow = [{ rule = \"measurability/vague-language\", reason = \"Works council wording\" }]\n",
    );
    write(p.path(), "cultures/eu.toml", eu);
    write(
        p.path(),
        "cultures/us.toml",
        "[culture]\nid = \"us\"\nname = \"United States\"\nextends = \"base\"\nlanguages = [\"en\"]\n\n[communication]\ndirectness = \"direct\"\ncontext = \"low\"\nformality = \"casual\"\n",
    );
    let (code, v) = lint_json(p.path(), &[]);
    assert_eq!(code, 0);
    let found = findings(&v);
    // Listed twice: unsuppressed where the allow does not reach, suppressed below eu.
    let at = pos_of(p.path(), BASE, "promptly");
    assert_eq!(
        found
            .iter()
            .map(|f| (
                f.rule.as_str(),
                f.at.as_str(),
                f.regions.clone(),
                f.suppressed.as_deref()
            ))
            .collect::<Vec<_>>(),
        [
            (
                "measurability/vague-language",
                at.as_str(),
                vec!["base".to_string(), "us".to_string()],
                None
            ),
            (
                "measurability/vague-language",
                at.as_str(),
                vec!["de-DE".to_string()],
                Some("Works council wording")
            ),
        ]
    );
    assert_eq!(v["summary"]["warnings"], 1);
}

// ------------------------------------------------------------- configuration

#[test]
fn lint_rules_config_turns_rules_off_and_raises_them() {
    let p = vague_with_allow("{ rule = \"measurability/no-metric\", reason = \"Pilot\" }");
    // Without configuration: a vague-language warning and an unused allow.
    let (_, v) = lint_json(p.path(), &["zz"]);
    assert_eq!(
        rules_of(&findings(&v)),
        [
            ("measurability/vague-language", None),
            ("lint/unused-suppression", None)
        ]
    );
    write(
        p.path(),
        "csstd.toml",
        "[lint.rules]\n\"measurability/vague-language\" = \"error\"\n\"measurability/no-metric\" = \"off\"\n",
    );
    let (code, v) = lint_json(p.path(), &["zz"]);
    assert_eq!(code, 1);
    let found = findings(&v);
    // Raised to error; and an allow for a rule that is off is not "unused".
    assert_eq!(rules_of(&found), [("measurability/vague-language", None)]);
    assert_eq!(found[0].severity, "error");
    write(
        p.path(),
        "csstd.toml",
        "[lint.rules]\n\"measurability/vague-language\" = \"off\"\n",
    );
    let (code, v) = lint_json(p.path(), &["zz"]);
    assert_eq!(code, 0);
    assert_eq!(rules_of(&findings(&v)), [("lint/unused-suppression", None)]);
}

#[test]
fn an_unknown_rule_in_the_configuration_is_reported_where_it_is_named() {
    let p = clean_with(&[(
        "csstd.toml",
        "[lint]\ndeny_warnings = false\n\n[lint.rules]\n\"participation/no-approver\" = \"off\"\n",
    )]);
    let (code, v) = lint_json(p.path(), &[]);
    assert_eq!(code, 1);
    let found = findings(&v);
    assert_eq!(rules_of(&found), [("lint/unknown-rule", None)]);
    assert_eq!(
        found[0].at,
        pos_of(p.path(), "csstd.toml", "\"participation/no-approver\"")
    );
    assert_eq!(found[0].severity, "error");
    // A project-wide finding belongs to no region.
    assert!(found[0].regions.is_empty());
    let help = v["findings"][0]["help"].as_str().unwrap_or_default();
    assert!(help.contains("`participation/no-approvers`"), "{help}");
}

#[test]
fn rules_lists_every_rule_sorted_with_the_severity_in_force() {
    let p = clean_with(&[(
        "csstd.toml",
        "[lint.rules]\n\"participation/no-approvers\" = \"off\"\n\"measurability/vague-language\" = \"error\"\n",
    )]);
    let run = csstd(p.path(), &["rules", "--format", "json"]);
    assert_eq!(run.code, 0);
    let v = json(&run);
    assert_eq!(v["version"], 1);
    let rules = v["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    assert_eq!(ids, sorted);
    assert_eq!(ids.len(), SPEC_RULES.len());
    for r in rules {
        let keys: Vec<&str> = r.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["id", "principle", "severity", "summary"]);
    }
    let severity = |id: &str| rules.iter().find(|r| r["id"] == id).unwrap()["severity"].clone();
    assert_eq!(severity("participation/no-approvers"), "off");
    assert_eq!(severity("measurability/vague-language"), "error");
    assert_eq!(severity("measurability/no-target"), "error");
    let text = csstd(p.path(), &["rules"]);
    assert_eq!(text.code, 0);
    assert_eq!(text.stdout.lines().count(), SPEC_RULES.len());
    assert!(
        text.stdout
            .lines()
            .any(|l| l.starts_with("participation/no-approvers") && l.contains(" off ")),
        "{}",
        text.stdout
    );
}

// ------------------------------------------------------------------- formats

/// A project with one finding of each severity, plus one suppressed.
fn mixed() -> TempDir {
    clean_with(&[(
        ZZ,
        &zz(
            "owner = \"\"\n\n[channels.email]\nenabled = true\n\n[[clauses]]\nid = \"attitude.patience\"\nsection = \"attitude\"\ntitle = \"Patience\"\ntext = \"We reply promptly, and soon.\"\nallow = [{ rule = \"measurability/vague-language\", reason = \"Quoted\" }]\n\n[[legal]]\nid = \"consumer\"\ntitle = \"Consumer rights\"\ntopics = [\"consumer-rights\"]\n",
        ),
    )])
}

#[test]
fn json_findings_have_the_spec_shape_and_order() {
    let p = mixed();
    let (code, v) = lint_json(p.path(), &["zz"]);
    assert_eq!(code, 1);
    let top: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(top, ["version", "findings", "summary"]);
    let list = v["findings"].as_array().unwrap();
    for f in list {
        let keys: Vec<&str> = f.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "rule",
                "severity",
                "principle",
                "regions",
                "message",
                "file",
                "line",
                "column",
                "help",
                "suppressed"
            ]
        );
        assert_eq!(
            f["principle"],
            f["rule"].as_str().unwrap().split('/').next().unwrap()
        );
    }
    let key = |f: &Value| {
        (
            f["file"].as_str().unwrap().to_string(),
            f["line"].as_u64().unwrap(),
            f["column"].as_u64().unwrap(),
            f["rule"].as_str().unwrap().to_string(),
        )
    };
    let keys: Vec<_> = list.iter().map(key).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "sorted by file, line, column, rule");
    let found = findings(&v);
    let suppressed = found.iter().filter(|f| f.suppressed.is_some()).count();
    assert_eq!(suppressed, 2, "both vague phrases are silenced: {found:#?}");
    assert_eq!(
        v["summary"],
        serde_json::json!({"errors": 1, "warnings": 1, "infos": 1, "regions": 1})
    );
}

/// Does `line` match `^::(error|warning|notice) file=[^,]+,line=\d+,col=\d+,title=[^:]+::.+$`?
fn is_workflow_command(line: &str) -> bool {
    let Some(rest) = line.strip_prefix("::") else {
        return false;
    };
    let Some((command, rest)) = rest.split_once(' ') else {
        return false;
    };
    let Some((props, message)) = rest.split_once("::") else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let props: Vec<&str> = props.split(',').collect();
    matches!(command, "error" | "warning" | "notice")
        && !message.is_empty()
        && props.len() == 4
        && props[0]
            .strip_prefix("file=")
            .is_some_and(|f| !f.is_empty())
        && props[1].strip_prefix("line=").is_some_and(digits)
        && props[2].strip_prefix("col=").is_some_and(digits)
        && props[3]
            .strip_prefix("title=")
            .is_some_and(|t| !t.is_empty() && !t.contains(':'))
}

#[test]
fn github_format_prints_one_workflow_command_per_unsuppressed_finding() {
    assert!(is_workflow_command(
        "::error file=a.toml,line=1,col=2,title=x/y::message: with colons"
    ));
    assert!(!is_workflow_command(
        "::error file=a.toml,line=1,col=x,title=x/y::m"
    ));
    let p = mixed();
    let run = lint(p.path(), &["zz", "--format", "github"]);
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", run.stdout);
    for line in &lines {
        assert!(is_workflow_command(line), "not a workflow command: {line}");
    }
    let commands: BTreeSet<&str> = lines
        .iter()
        .map(|l| l[2..].split(' ').next().unwrap())
        .collect();
    assert_eq!(commands, BTreeSet::from(["error", "warning", "notice"]));
    let owner = pos_of(p.path(), ZZ, "\"\"");
    let (line, col) = owner
        .rsplit_once(':')
        .map(|(a, c)| (a.rsplit_once(':').unwrap().1, c))
        .unwrap();
    assert!(
        lines.contains(&format!(
            "::error file=cultures/zz.toml,line={line},col={col},title=continuous-improvement/no-owner::the standard has no `owner`"
        ).as_str()),
        "{}",
        run.stdout
    );
}

#[test]
fn sarif_lists_every_rule_and_each_result_with_location_and_fingerprint() {
    let p = mixed();
    let run = lint(p.path(), &["zz", "--format", "sarif"]);
    assert_eq!(run.code, 1);
    let v = json(&run);
    assert_eq!(v["version"], "2.1.0");
    let run0 = &v["runs"][0];
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: BTreeSet<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, SPEC_RULES.iter().map(|(id, _)| *id).collect());
    let results = run0["results"].as_array().unwrap();
    assert_eq!(results.len(), 5);
    for r in results {
        let rule = r["ruleId"].as_str().unwrap();
        assert!(ids.contains(rule));
        let level = r["level"].as_str().unwrap();
        let want = match spec_severity(rule) {
            "info" => "note",
            s => s,
        };
        assert_eq!(level, want, "{rule}");
        assert!(!r["message"]["text"].as_str().unwrap().is_empty());
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], ZZ);
        assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1);
        assert!(loc["region"]["startColumn"].as_u64().unwrap() >= 1);
        let fingerprints = r["partialFingerprints"].as_object().unwrap();
        assert!(!fingerprints.is_empty());
        for fp in fingerprints.values() {
            let fp = fp.as_str().unwrap();
            assert!(
                fp.bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
                "{fp}"
            );
        }
        let suppressions = r.get("suppressions");
        if rule == "measurability/vague-language" {
            assert_eq!(suppressions.unwrap()[0]["justification"], "Quoted");
        } else {
            assert!(suppressions.is_none(), "{r}");
        }
    }
    // Fingerprints are stable across runs.
    let again = json(&lint(p.path(), &["zz", "--format", "sarif"]));
    let prints = |v: &Value| -> Vec<Value> {
        v["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["partialFingerprints"].clone())
            .collect()
    };
    assert_eq!(prints(&v), prints(&again));
}

#[test]
fn human_format_is_rustc_style_on_stderr() {
    let p = mixed();
    let run = lint(p.path(), &["zz"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout, "",
        "findings are diagnostics: they go to stderr"
    );
    let err = &run.stderr;
    assert!(
        err.contains("error[continuous-improvement/no-owner]: the standard has no `owner`"),
        "{err}"
    );
    assert!(
        err.contains("warning[legal-compliance/no-reference]:"),
        "{err}"
    );
    assert!(err.contains("info[consistency/no-op-override]:"), "{err}");
    assert!(
        err.contains(&format!(" --> {}\n", pos_of(p.path(), ZZ, "\"\""))),
        "{err}"
    );
    // The source line, then a caret under the value.
    let lines: Vec<&str> = err.lines().collect();
    let source = lines
        .iter()
        .position(|l| l.ends_with("| owner = \"\""))
        .unwrap_or_else(|| panic!("no source line:\n{err}"));
    let caret = lines[source + 1];
    let col = caret.find('^').expect("a caret line");
    assert_eq!(
        &lines[source][col..col + 2],
        "\"\"",
        "the caret is under the value:\n{err}"
    );
    assert!(err.contains("note: inherited value set here"), "{err}");
    assert!(err.contains("help: "), "{err}");
    assert!(
        err.ends_with(
            "lint: 1 error, 1 warning, 1 info (2 suppressed) in 1 region or standard checked\n"
        ),
        "{err}"
    );
    assert!(
        !err.contains('\u{1b}'),
        "no ANSI escapes when not a terminal"
    );
    let quiet = lint(p.path(), &["zz", "-q"]);
    assert!(!quiet.stderr.contains("warning["), "{}", quiet.stderr);
    assert!(quiet.stderr.contains("error["), "{}", quiet.stderr);
}

#[test]
fn colour_is_on_only_when_asked_for() {
    let p = mixed();
    let always = lint(p.path(), &["zz", "--color", "always"]);
    assert!(always.stderr.contains("\u{1b}["), "{}", always.stderr);
    let never = lint(p.path(), &["zz", "--color", "never"]);
    assert!(!never.stderr.contains('\u{1b}'));
    let no_color = csstd_env(
        p.path(),
        &["lint", "zz", "--today", TODAY],
        &[("NO_COLOR", "1")],
    );
    assert!(!no_color.stderr.contains('\u{1b}'));
    // Machine formats never carry colour.
    let json_run = lint(p.path(), &["zz", "--color", "always", "--format", "json"]);
    assert!(!json_run.stdout.contains('\u{1b}'));
}

#[test]
fn lint_output_is_deterministic_and_writes_nothing() {
    let p = mixed();
    let before = listing(p.path());
    for format in ["human", "json", "sarif", "github"] {
        let a = lint(p.path(), &["--format", format]);
        let b = lint(p.path(), &["--format", format]);
        assert_eq!((a.stdout, a.stderr), (b.stdout, b.stderr), "{format}");
    }
    assert_unchanged(p.path(), &before);
}

// ------------------------------------------------------------------- explain

#[test]
fn explain_documents_every_rule() {
    let p = project("clean");
    for (id, severity) in SPEC_RULES {
        let run = csstd(p.path(), &["explain", id]);
        assert_eq!(run.code, 0, "{id}: {}", run.stderr);
        let out = &run.stdout;
        assert!(out.starts_with(&format!("{id}\n")), "{out}");
        assert!(
            out.contains(&format!("principle: {}", id.split('/').next().unwrap())),
            "{out}"
        );
        assert!(
            out.contains(&format!("default severity: {severity}")),
            "{out}"
        );
        for heading in [
            "Why it matters\n",
            "Fails\n",
            "Passes\n",
            "Configure or suppress\n",
        ] {
            assert!(out.contains(heading), "{id} lacks `{heading}`:\n{out}");
        }
        assert!(
            out.contains(&format!("allow = [{{ rule = \"{id}\"")),
            "{out}"
        );
        assert!(out.contains(&format!("\"{id}\" = \"warning\"")), "{out}");
    }
}

#[test]
fn explain_of_an_unknown_rule_exits_2_with_a_suggestion() {
    let p = project("clean");
    let run = csstd(p.path(), &["explain", "nope"]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty());
    assert!(run.stderr.contains("no rule `nope`"), "{}", run.stderr);
    let run = csstd(p.path(), &["explain", "measurability/no-targets"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("did you mean `measurability/no-target`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_caret_underlines_the_whole_vague_phrase() {
    let p = project("sarif");
    let run = csstd(p.path(), &["lint", "--today", TODAY]);
    let carets = "^".repeat("as soon as possible".len());
    assert!(
        run.stderr.contains(&format!(" {carets}\n")),
        "expected the phrase underlined:\n{}",
        run.stderr
    );
}
