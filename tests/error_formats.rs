//! SPEC 7: machine formats carry input errors, so CI sees a typo where it looks.
//! `--format json` of every command, and `sarif` and `github` of `lint`, print the
//! errors on stdout and exit 2; the human diagnostics still go to stderr.
//!
//! The `input-errors` fixture is the clean project with two broken regions: an unknown
//! key with a close match (`cultures/fr-FR.toml`) and a value of the wrong type
//! (`cultures/it-IT.toml`).

mod common;

use common::{Run, TODAY, assert_unchanged, csstd, listing, project, write};
use serde_json::{Value, json};
use std::path::Path;

/// The errors of the `input-errors` fixture, in the SPEC 7 shape.
fn fixture_errors() -> Value {
    json!({"version": 1, "errors": [
        {
            "message": "unknown key `titel`",
            "file": "cultures/fr-FR.toml",
            "line": 10,
            "column": 1,
            "help": "did you mean `title`? (keys starting with `x-` are free for annotations)",
        },
        {
            "message": "expected a boolean, found the string \"yes\"",
            "file": "cultures/it-IT.toml",
            "line": 8,
            "column": 11,
            "help": null,
        },
    ]})
}

/// A broken `csstd.toml`: a misspelt key of `[lint]`.
const BROKEN_MANIFEST: &str = "[lint]\ndeny_warning = true\n";

fn manifest_errors() -> Value {
    json!({"version": 1, "errors": [{
        "message": "unknown key `deny_warning`",
        "file": "csstd.toml",
        "line": 2,
        "column": 1,
        "help": "did you mean `deny_warnings`? (keys starting with `x-` are free for annotations)",
    }]})
}

/// Runs csstd, checks it failed on input (exit 2, human diagnostics on stderr, nothing
/// written) and returns what it printed on stdout.
fn fails(dir: &Path, args: &[&str]) -> Run {
    let before = listing(dir);
    let run = csstd(dir, args);
    assert_unchanged(dir, &before);
    assert_eq!(run.code, 2, "{args:?}:\n{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.starts_with("error"),
        "{args:?}: the diagnostics still go to stderr:\n{}",
        run.stderr
    );
    run
}

/// The JSON a failed run printed on stdout (and nothing else there).
fn json_of(dir: &Path, args: &[&str]) -> Value {
    let run = fails(dir, args);
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{args:?}: stdout is not JSON ({e}):\n{}", run.stdout))
}

/// Every command with a JSON format, each failing on the same project.
const JSON_COMMANDS: &[&[&str]] = &[
    &["lint", "--today", TODAY, "--format", "json"],
    &["list", "--format", "json"],
    &["resolve", "de-DE", "--format", "json"],
    &["diff", "de-DE", "eu", "--format", "json"],
    &["rules", "--format", "json"],
];

#[test]
fn every_json_command_prints_the_input_errors_and_exits_2() {
    let p = project("input-errors");
    for args in JSON_COMMANDS {
        assert_eq!(json_of(p.path(), args), fixture_errors(), "{args:?}");
    }
    // The terminal still sees the rustc-style diagnostics.
    let run = fails(p.path(), JSON_COMMANDS[0]);
    assert!(
        run.stderr.contains("--> cultures/fr-FR.toml:10:1\n"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("help: did you mean `title`?"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .ends_with("error: 2 input errors — nothing was written\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_toml_syntax_error_in_json() {
    let p = project("clean");
    write(
        p.path(),
        "cultures/x.toml",
        "[culture]\nid = \"x\"\nname = \"X\nextends = \"base\"\n",
    );
    let expected = json!({"version": 1, "errors": [{
        "message": "TOML syntax: invalid basic string, expected `\"`",
        "file": "cultures/x.toml",
        "line": 3,
        "column": 10,
        "help": null,
    }]});
    for args in JSON_COMMANDS {
        assert_eq!(json_of(p.path(), args), expected, "{args:?}");
    }
}

#[test]
fn a_broken_manifest_fails_every_command_rules_included() {
    let p = project("clean");
    write(p.path(), "csstd.toml", BROKEN_MANIFEST);
    for args in JSON_COMMANDS {
        assert_eq!(json_of(p.path(), args), manifest_errors(), "{args:?}");
    }
    // `rules` in text too: an error, not the rule list with the defaults.
    let run = fails(p.path(), &["rules"]);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains("--> csstd.toml:2:1\n"),
        "{}",
        run.stderr
    );
    // Outside a project, `rules` lists the defaults as before.
    let empty = tempfile::tempdir().expect("a temporary folder");
    let run = csstd(empty.path(), &["rules", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn an_error_without_a_position_has_null_location_and_keeps_its_advice_as_help() {
    let p = project("clean");
    assert_eq!(
        json_of(p.path(), &["resolve", "de-DEE", "--format", "json"]),
        json!({"version": 1, "errors": [{
            "message": "no region, culture or standard `de-DEE` in this project",
            "file": null,
            "line": null,
            "column": null,
            "help": "did you mean `de-DE`?",
        }]})
    );
    assert_eq!(
        json_of(
            p.path(),
            &["lint", "--today", "2026-13-01", "--format", "json"]
        ),
        json!({"version": 1, "errors": [{
            "message": "--today: 2026-13-01 does not exist in the calendar",
            "file": null,
            "line": null,
            "column": null,
            "help": null,
        }]})
    );
    // The human message is unchanged: the advice follows the message.
    let run = fails(p.path(), &["resolve", "de-DEE", "--format", "json"]);
    assert_eq!(
        run.stderr,
        "error: no region, culture or standard `de-DEE` in this project; did you mean `de-DE`?\n"
    );
    let run = fails(p.path(), &["lint", "de-DEE", "--format", "github"]);
    assert_eq!(
        run.stdout,
        "::error title=input error::no region, culture or standard `de-DEE` in this project\
         %0Ahelp: did you mean `de-DE`?\n"
    );
}

#[test]
fn github_prints_one_error_command_per_input_error() {
    let p = project("input-errors");
    let run = fails(p.path(), &["lint", "--today", TODAY, "--format", "github"]);
    assert_eq!(
        run.stdout,
        "::error file=cultures/fr-FR.toml,line=10,col=1,title=input error::unknown key `titel`\
         %0Ahelp: did you mean `title`? (keys starting with `x-` are free for annotations)\n\
         ::error file=cultures/it-IT.toml,line=8,col=11,title=input error::expected a boolean, \
         found the string \"yes\"\n"
    );
    // Properties and data are escaped as the findings' are.
    let p = project("clean");
    write(
        p.path(),
        "cultures/x.toml",
        "[culture]\nid = \"x\"\nname = \"X\nextends = \"base\"\n",
    );
    let run = fails(p.path(), &["lint", "--today", TODAY, "--format", "github"]);
    assert_eq!(
        run.stdout,
        "::error file=cultures/x.toml,line=3,col=10,title=input error::TOML syntax: invalid basic \
         string, expected `\"`\n"
    );
    write(p.path(), "csstd.toml", BROKEN_MANIFEST);
    std::fs::remove_file(p.path().join("cultures/x.toml")).expect("remove the broken file");
    let run = fails(p.path(), &["lint", "--today", TODAY, "--format", "github"]);
    assert_eq!(
        run.stdout,
        "::error file=csstd.toml,line=2,col=1,title=input error::unknown key `deny_warning`\
         %0Ahelp: did you mean `deny_warnings`? (keys starting with `x-` are free for annotations)\n"
    );
}

/// A SARIF log as csstd prints it for `lint`, with its exit code.
fn sarif(dir: &Path, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["lint", "--today", TODAY, "--format", "sarif"];
    args.extend_from_slice(extra);
    let run = csstd(dir, &args);
    let log = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", run.stdout));
    (run.code, log)
}

fn sarif_location(file: &str, line: u32, column: u32) -> Value {
    json!([{"physicalLocation": {
        "artifactLocation": {"uri": file, "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": line, "startColumn": column},
    }}])
}

#[test]
fn sarif_reports_input_errors_as_notifications_of_a_failed_run() {
    let p = project("input-errors");
    let before = listing(p.path());
    let (code, log) = sarif(p.path(), &[]);
    assert_unchanged(p.path(), &before);
    assert_eq!(code, 2);
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["results"], json!([]));
    assert_eq!(
        run["invocations"],
        json!([{
            "executionSuccessful": false,
            "toolExecutionNotifications": [
                {
                    "level": "error",
                    "message": {"text": "unknown key `titel`\nhelp: did you mean `title`? \
                                         (keys starting with `x-` are free for annotations)"},
                    "locations": sarif_location("cultures/fr-FR.toml", 10, 1),
                },
                {
                    "level": "error",
                    "message": {"text": "expected a boolean, found the string \"yes\""},
                    "locations": sarif_location("cultures/it-IT.toml", 8, 11),
                },
            ],
        }])
    );
    // The driver is the one a successful run of the same project lists: every rule.
    let clean = project("clean");
    let (code, ok) = sarif(clean.path(), &[]);
    assert_eq!(code, 0);
    assert_eq!(run["tool"], ok["runs"][0]["tool"]);
    assert_eq!(
        run["originalUriBaseIds"],
        ok["runs"][0]["originalUriBaseIds"]
    );
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let listed = csstd(clean.path(), &["rules", "--format", "json"]);
    let listed: Value = serde_json::from_str(&listed.stdout).expect("rules as JSON");
    assert_eq!(
        rules.len(),
        listed["rules"].as_array().expect("rules").len()
    );
}

#[test]
fn sarif_of_input_errors_keeps_the_severities_of_a_valid_manifest() {
    let p = project("input-errors");
    write(
        p.path(),
        "csstd.toml",
        "[lint.rules]\n\"measurability/vague-language\" = \"off\"\n",
    );
    let (code, log) = sarif(p.path(), &[]);
    assert_eq!(code, 2);
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    let vague = rules
        .iter()
        .find(|r| r["id"] == "measurability/vague-language")
        .expect("every rule is listed");
    assert_eq!(
        vague["defaultConfiguration"],
        json!({"level": "none", "enabled": false})
    );
    // A broken manifest: its error, and the rules at their default severities.
    let p = project("clean");
    write(p.path(), "csstd.toml", BROKEN_MANIFEST);
    let (code, log) = sarif(p.path(), &[]);
    assert_eq!(code, 2);
    let run = &log["runs"][0];
    assert_eq!(
        run["invocations"][0]["toolExecutionNotifications"],
        json!([{
            "level": "error",
            "message": {"text": "unknown key `deny_warning`\nhelp: did you mean `deny_warnings`? \
                                 (keys starting with `x-` are free for annotations)"},
            "locations": sarif_location("csstd.toml", 2, 1),
        }])
    );
    std::fs::remove_file(p.path().join("csstd.toml")).expect("remove the manifest");
    let (code, ok) = sarif(p.path(), &[]);
    assert_eq!(code, 0);
    assert_eq!(run["tool"], ok["runs"][0]["tool"]);
}

#[test]
fn sarif_of_an_error_without_a_position_has_no_location() {
    let p = project("clean");
    let (code, log) = sarif(p.path(), &["nope"]);
    assert_eq!(code, 2);
    assert_eq!(
        log["runs"][0]["invocations"],
        json!([{
            "executionSuccessful": false,
            "toolExecutionNotifications": [{
                "level": "error",
                "message": {"text": "no region, culture or standard `nope` in this project"},
            }],
        }])
    );
}

#[test]
fn formats_for_people_print_nothing_on_stdout() {
    let p = project("input-errors");
    for args in [
        &["lint", "--today", TODAY][..],
        &["list"],
        &["resolve", "de-DE"],
        &["resolve", "de-DE", "--format", "yaml"],
        &["diff", "de-DE", "eu"],
        &["diff", "de-DE", "eu", "--format", "markdown"],
        &["rules"],
        &["build"],
    ] {
        let run = fails(p.path(), args);
        assert_eq!(run.stdout, "", "{args:?}");
        assert!(
            run.stderr.contains("--> cultures/fr-FR.toml:10:1\n"),
            "{args:?}:\n{}",
            run.stderr
        );
    }
}
