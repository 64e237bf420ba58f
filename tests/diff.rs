//! `csstd diff`: the real binary on fixture projects under `tests/fixtures/diff/`,
//! copied to a temporary folder (and made a git repository where revisions matter).

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use tempfile::TempDir;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A temporary copy of `tests/fixtures/diff/<case>`, outside any git repository.
fn fixture(case: &str) -> TempDir {
    let dir = TempDir::new().unwrap();
    copy_dir(&fixtures().join(case), dir.path());
    dir
}

fn csstd(project: &Path, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_csstd"))
        .arg("-C")
        .arg(project)
        .args(args)
        .env_remove("NO_COLOR")
        // A temporary folder must never be mistaken for part of an enclosing repository.
        .env("GIT_CEILING_DIRECTORIES", std::env::temp_dir())
        .output()
        .unwrap();
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("panicked"),
        "csstd panicked: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn code(out: &Output) -> i32 {
    out.status.code().expect("exited normally")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(out)))
}

/// `(path, kind, effect)` of every entry, in output order.
fn summary(v: &Value) -> Vec<(String, String, Option<String>)> {
    v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["path"].as_str().unwrap().to_string(),
                e["kind"].as_str().unwrap().to_string(),
                e["effect"].as_str().map(str::to_string),
            )
        })
        .collect()
}

fn entry<'a>(v: &'a Value, path: &str) -> &'a Value {
    v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["path"] == path)
        .unwrap_or_else(|| panic!("no entry `{path}` in {v:#}"))
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=csstd tests",
            "-c",
            "user.email=tests@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A git repository holding the fixture at `sub` (the repository root when empty), committed once.
fn repo(case: &str, sub: &str) -> (TempDir, PathBuf) {
    let dir = TempDir::new().unwrap();
    let project = dir.path().join(sub);
    copy_dir(&fixtures().join(case), &project);
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "fixture"]);
    (dir, project)
}

fn triple(path: &str, kind: &str, effect: Option<&str>) -> (String, String, Option<String>) {
    (path.into(), kind.into(), effect.map(Into::into))
}

#[test]
fn identical_sides_exit_0_with_no_entries() {
    let dir = fixture("kinds");
    let out = csstd(dir.path(), &["diff", "alpha", "alpha", "--format", "json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["version"], 1);
    assert_eq!(v["entries"], Value::Array(Vec::new()));
}

#[test]
fn every_kind_of_entry_has_a_stable_path() {
    let dir = fixture("kinds");
    let out = csstd(dir.path(), &["diff", "alpha", "beta", "--format", "json"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(
        (v["a"].as_str(), v["b"].as_str()),
        (Some("alpha"), Some("beta"))
    );
    assert_eq!(
        summary(&v),
        vec![
            triple(
                "channels.email.targets.first_response",
                "changed",
                Some("tighter")
            ),
            triple(
                "channels.email.targets.resolution",
                "changed",
                Some("looser")
            ),
            triple("clauses[attitude.respect].appended", "changed", None),
            triple("clauses[process.callback]", "removed", None),
            triple("clauses[process.long].text", "changed", None),
            triple("clauses[process.new]", "added", None),
            triple("culture.business_hours", "removed", None),
            triple("culture.id", "changed", None),
            triple("culture.languages", "changed", None),
            triple("culture.name", "changed", None),
            triple("culture.timezone", "added", None),
            triple("culture.x-team", "changed", None),
            triple(
                "expectations.email.first_response",
                "changed",
                Some("tighter")
            ),
            triple("metrics[csat].target", "changed", Some("tighter")),
        ]
    );
    // Entries are sorted by path in byte order.
    let paths: Vec<String> = summary(&v).into_iter().map(|t| t.0).collect();
    let mut sorted = paths.clone();
    sorted.sort_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
    assert_eq!(paths, sorted);

    let removed = entry(&v, "clauses[process.callback]");
    assert_eq!(removed["a"]["title"], "Call back");
    assert_eq!(removed["b"], Value::Null);
    assert_eq!(removed["a_source"], "standards/global.toml:42:6");
    assert_eq!(removed["b_source"], Value::Null);

    let added = entry(&v, "clauses[process.new]");
    assert_eq!(added["a"], Value::Null);
    assert_eq!(added["b"]["text"], "Something new.");
    assert_eq!(added["b_source"], "cultures/beta.toml:36:6");

    let languages = entry(&v, "culture.languages");
    assert_eq!(languages["a"], serde_json::json!(["en"]));
    assert_eq!(languages["b"], serde_json::json!(["en", "fr"]));

    let appended = entry(&v, "clauses[attitude.respect].appended");
    assert_eq!(appended["a"], serde_json::json!([]));
    assert_eq!(
        appended["b"],
        serde_json::json!([{"from": "beta", "text": "Local guidance."}])
    );
    assert_eq!(appended["b_source"], "cultures/beta.toml:21:10");
}

#[test]
fn changed_targets_say_whether_b_is_tighter_or_looser() {
    let dir = fixture("kinds");
    let v = json(&csstd(
        dir.path(),
        &["diff", "alpha", "beta", "--format", "json"],
    ));
    let first = entry(&v, "channels.email.targets.first_response");
    assert_eq!(
        (first["a"].as_str(), first["b"].as_str()),
        (Some("<= 1d"), Some("<= 4h"))
    );
    assert_eq!(first["a_source"], "standards/global.toml:12:30");
    assert_eq!(first["b_source"], "cultures/beta.toml:13:30");
    assert_eq!(first["effect"], "tighter");
    // The same change read the other way round is looser.
    let back = json(&csstd(
        dir.path(),
        &["diff", "beta", "alpha", "--format", "json"],
    ));
    assert_eq!(
        entry(&back, "channels.email.targets.first_response")["effect"],
        "looser"
    );
    assert_eq!(
        entry(&back, "channels.email.targets.resolution")["effect"],
        "tighter"
    );
    assert_eq!(entry(&back, "metrics[csat].target")["effect"], "looser");
}

#[test]
fn a_standard_against_a_region_adds_the_culture_as_a_whole() {
    let dir = fixture("kinds");
    let v = json(&csstd(
        dir.path(),
        &["diff", "global", "alpha", "--format", "json"],
    ));
    let culture = entry(&v, "culture");
    assert_eq!(culture["kind"], "added");
    assert_eq!(culture["b"]["id"], "alpha");
    // `expectations` is `{}` in a standard, so what is added is the channel's table.
    let expectations = entry(&v, "expectations.email");
    assert_eq!(expectations["kind"], "added");
    assert_eq!(
        expectations["b"],
        serde_json::json!({"first_response": "<= 12h"})
    );
    assert_eq!(summary(&v).len(), 2);
}

#[test]
fn reordering_keyed_lists_and_keys_gives_no_entry() {
    let (_repo, project) = repo("reorder", "");
    for file in ["standards/global.toml", "cultures/r.toml"] {
        let before = std::fs::read_to_string(project.join(file)).unwrap();
        std::fs::copy(project.join("reordered").join(file), project.join(file)).unwrap();
        assert_ne!(before, std::fs::read_to_string(project.join(file)).unwrap());
    }
    for id in ["r", "global"] {
        let out = csstd(
            &project,
            &["diff", &format!("{id}@HEAD"), id, "--format", "json"],
        );
        assert_eq!(code(&out), 0, "{id}: {}{}", stdout(&out), stderr(&out));
        assert_eq!(json(&out)["entries"], Value::Array(Vec::new()), "{id}");
    }
}

#[test]
fn sla_entries_carry_the_effect_of_the_whole_sla() {
    let dir = fixture("sla");
    let sla = "slas[email.p1.first_response]";
    let cases = [
        ("tighter", vec![("within", "changed", "tighter")]),
        ("looser", vec![("attainment", "changed", "looser")]),
        (
            "mixed",
            vec![
                ("attainment", "changed", "mixed"),
                ("within", "changed", "mixed"),
            ],
        ),
        ("business", vec![("clock", "changed", "looser")]),
    ];
    for (region, expected) in cases {
        let v = json(&csstd(
            dir.path(),
            &["diff", "base", region, "--format", "json"],
        ));
        let got: Vec<_> = summary(&v)
            .into_iter()
            .filter(|(p, _, _)| p.starts_with(sla))
            .collect();
        let mut want: Vec<_> = expected
            .iter()
            .map(|(axis, kind, effect)| triple(&format!("{sla}.{axis}"), kind, Some(effect)))
            .collect();
        if region == "business" {
            // Naming a schedule is not an axis of the SLA: no effect of its own.
            want.push(triple(&format!("{sla}.schedule"), "added", None));
        }
        assert_eq!(got, want, "base → {region}");
    }
    let v = json(&csstd(
        dir.path(),
        &["diff", "base", "mixed", "--format", "json"],
    ));
    let within = entry(&v, &format!("{sla}.within"));
    assert_eq!(
        (within["a"].as_str(), within["b"].as_str()),
        (Some("1h"), Some("30m"))
    );
    assert_eq!(within["b_source"], "cultures/mixed.toml:9:10");
}

#[test]
fn fail_on_looser_counts_looser_and_mixed_changes_only() {
    let dir = fixture("sla");
    let run = |b: &str, fail_on: &str| {
        code(&csstd(
            dir.path(),
            &["diff", "base", b, "--fail-on", fail_on, "--format", "json"],
        ))
    };
    assert_eq!(run("tighter", "any"), 1);
    assert_eq!(run("tighter", "looser"), 0);
    assert_eq!(run("looser", "looser"), 1);
    assert_eq!(run("mixed", "looser"), 1);
    assert_eq!(run("business", "looser"), 1);
    assert_eq!(run("base", "any"), 0);
}

#[test]
fn fail_on_never_always_exits_0() {
    let dir = fixture("sla");
    for b in ["looser", "mixed", "tighter"] {
        let out = csstd(dir.path(), &["diff", "base", b, "--fail-on", "never"]);
        assert_eq!(code(&out), 0, "{b}");
        assert!(stdout(&out).contains("differences"), "{}", stdout(&out));
    }
}

#[test]
fn stat_prints_counts_only() {
    let dir = fixture("kinds");
    let human = csstd(dir.path(), &["diff", "alpha", "beta", "--stat"]);
    assert_eq!(code(&human), 1);
    let text = stdout(&human);
    assert!(
        text.contains("14 differences: 2 added, 2 removed, 10 changed; 3 tighter, 1 looser"),
        "{text}"
    );
    let squeezed = |l: &str| l.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        text.lines()
            .any(|l| squeezed(l) == "clauses 1 added, 1 removed, 2 changed"),
        "{text}"
    );
    assert!(
        !text.contains("cultures/beta.toml"),
        "no entries with --stat: {text}"
    );

    let v = json(&csstd(
        dir.path(),
        &["diff", "alpha", "beta", "--stat", "--format", "json"],
    ));
    assert_eq!(
        v["stat"],
        serde_json::json!({"added": 2, "removed": 2, "changed": 10, "tighter": 3, "looser": 1, "mixed": 0})
    );
    assert_eq!(
        v["entries"].as_array().unwrap().len(),
        14,
        "the shape is kept"
    );

    let md = stdout(&csstd(
        dir.path(),
        &["diff", "alpha", "beta", "--stat", "--format", "markdown"],
    ));
    assert_eq!(md.lines().count(), 1, "{md}");
    assert!(!md.contains("| path |"));
}

/// The cells of a markdown table row, split on unescaped pipes.
fn cells(row: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut escaped = false;
    for c in row.chars() {
        match c {
            '|' if !escaped => out.push(String::new()),
            c => out.last_mut().unwrap().push(c),
        }
        escaped = c == '\\' && !escaped;
    }
    // Drop what lies outside the leading and trailing pipes.
    out[1..out.len() - 1]
        .iter()
        .map(|c| c.trim().to_string())
        .collect()
}

#[test]
fn markdown_is_a_table_fit_for_a_pull_request() {
    let dir = fixture("kinds");
    let out = csstd(
        dir.path(),
        &["diff", "alpha", "beta", "--format", "markdown"],
    );
    assert_eq!(code(&out), 1);
    let md = stdout(&out);
    let lines: Vec<&str> = md.lines().collect();
    assert_eq!(
        lines[0],
        "**`alpha` → `beta`**: 14 differences: 2 added, 2 removed, 10 changed; 3 tighter, 1 looser"
    );
    assert_eq!(lines[2], "| path | change | A | B | effect |");
    assert_eq!(lines[3], "|---|---|---|---|---|");
    let rows = &lines[4..];
    assert_eq!(rows.len(), 14, "{md}");
    for row in rows {
        assert_eq!(cells(row).len(), 5, "row: {row}");
    }
    let row = |path: &str| {
        let want = format!("`{path}`");
        rows.iter()
            .map(|r| cells(r))
            .find(|c| c[0] == want)
            .unwrap_or_else(|| panic!("no row {path}: {md}"))
    };
    assert_eq!(
        row("channels.email.targets.resolution"),
        [
            "`channels.email.targets.resolution`",
            "changed",
            "`<= 3d`",
            "`<= 4d`",
            "**looser**"
        ]
    );
    assert_eq!(row("culture.x-team")[2], "`one \\| two`");
    let added = row("clauses[process.new]");
    assert_eq!(added[2], "—");
    assert!(
        added[3].starts_with("<details><summary>New</summary>"),
        "{added:?}"
    );
    let long = row("clauses[process.long].text");
    assert!(long[3].contains("(+1 −1 lines)"), "{long:?}");
    assert!(
        long[3].contains("Line one.<br>Line 2.<br>Line three."),
        "{long:?}"
    );
}

#[test]
fn human_shows_both_values_their_sources_and_a_line_diff() {
    let dir = fixture("kinds");
    let out = csstd(dir.path(), &["diff", "alpha", "beta"]);
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    assert!(text.starts_with("--- a: alpha\n+++ b: beta\n"), "{text}");
    assert!(
        text.contains(
            "~ channels.email.targets.first_response  changed, tighter\n    \
             a  \"<= 1d\"  at standards/global.toml:12:30\n    \
             b  \"<= 4h\"  at cultures/beta.toml:13:30\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("      Line one.\n    - Line two.\n    + Line 2.\n      Line three.\n"),
        "{text}"
    );
    assert!(!text.contains('\x1b'), "no colour off a terminal");
    let coloured = stdout(&csstd(
        dir.path(),
        &["--color", "always", "diff", "alpha", "beta"],
    ));
    assert!(coloured.contains("\x1b[31m"), "{coloured}");
}

#[test]
fn a_revision_is_read_from_git_without_touching_the_work_tree() {
    // The project is a sub-folder of the repository, as in a monorepo.
    let (_repo, project) = repo("kinds", "support/standards-project");
    let file = project.join("cultures/beta.toml");
    let text = std::fs::read_to_string(&file)
        .unwrap()
        .replace("first_response = \"4h\"", "first_response = \"6h\"");
    std::fs::write(&file, &text).unwrap();
    let out = csstd(&project, &["diff", "beta@HEAD", "beta", "--format", "json"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["a"], "beta@HEAD");
    assert_eq!(v["b"], "beta");
    assert_eq!(
        summary(&v),
        vec![triple(
            "channels.email.targets.first_response",
            "changed",
            Some("looser")
        )]
    );
    let e = entry(&v, "channels.email.targets.first_response");
    assert_eq!(
        (e["a"].as_str(), e["b"].as_str()),
        (Some("<= 4h"), Some("<= 6h"))
    );
    assert_eq!(e["a_source"], "cultures/beta.toml:13:30");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        text,
        "work tree untouched"
    );

    // Two revisions of the same region, and a region against another at a revision.
    let out = csstd(
        &project,
        &["diff", "beta@HEAD", "beta@HEAD", "--format", "json"],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let v = json(&csstd(
        &project,
        &["diff", "alpha@HEAD", "beta", "--format", "json"],
    ));
    assert_eq!(entry(&v, "clauses[process.new]")["kind"], "added");
}

#[test]
fn a_missing_revision_exits_2() {
    let (_repo, project) = repo("kinds", "");
    let out = csstd(&project, &["diff", "beta@no-such-branch", "beta"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("git revision `no-such-branch` does not exist"),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).is_empty());
}

#[test]
fn a_revision_outside_a_git_repository_exits_2() {
    let dir = fixture("kinds");
    let out = csstd(dir.path(), &["diff", "beta@HEAD", "beta"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("not in a git repository"),
        "{}",
        stderr(&out)
    );
    let out = csstd(dir.path(), &["diff", "--all-regions-against", "HEAD"]);
    assert_eq!(code(&out), 2);
}

#[test]
fn unknown_ids_and_malformed_sides_exit_2() {
    let dir = fixture("kinds");
    let out = csstd(dir.path(), &["diff", "alpah", "beta"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("did you mean `alpha`?"),
        "{}",
        stderr(&out)
    );
    for bad in ["beta@", "@HEAD"] {
        let out = csstd(dir.path(), &["diff", bad, "beta"]);
        assert_eq!(code(&out), 2, "{bad}");
        assert!(stderr(&out).contains("ID@REV"), "{}", stderr(&out));
    }
}

#[test]
fn all_regions_against_a_revision_reports_every_changed_region() {
    let (_repo, project) = repo("sla", "");
    let cultures = project.join("cultures");
    // tighter: 30m → 15m; base: removed; new: added; the others unchanged.
    let tighter = std::fs::read_to_string(cultures.join("tighter.toml"))
        .unwrap()
        .replace("\"30m\"", "\"15m\"");
    std::fs::write(cultures.join("tighter.toml"), tighter).unwrap();
    std::fs::remove_file(cultures.join("base.toml")).unwrap();
    std::fs::write(
        cultures.join("new.toml"),
        "[culture]\nid = \"new\"\nname = \"New\"\nextends = \"global\"\nlanguages = [\"en\"]\n",
    )
    .unwrap();

    let out = csstd(
        &project,
        &["diff", "--all-regions-against", "HEAD", "--format", "json"],
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["version"], 1);
    assert_eq!(v["against"], "HEAD");
    let regions: Vec<(&str, &str)> = v["regions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["region"].as_str().unwrap(), r["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        regions,
        [
            ("base", "removed"),
            ("new", "added"),
            ("tighter", "changed")
        ]
    );
    let changed = &v["regions"][2];
    assert_eq!(changed["a"], "tighter@HEAD");
    assert_eq!(changed["b"], "tighter");
    assert_eq!(
        summary(changed),
        vec![triple(
            "slas[email.p1.first_response].within",
            "changed",
            Some("tighter")
        )]
    );
    assert_eq!(v["regions"][1]["a"], Value::Null);
    assert_eq!(
        v["regions"][1]["chain"],
        serde_json::json!(["global", "new"])
    );

    // Nothing got looser: added and removed regions alone do not fail `--fail-on looser`.
    let out = csstd(
        &project,
        &[
            "diff",
            "--all-regions-against",
            "HEAD",
            "--fail-on",
            "looser",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));

    let out = csstd(
        &project,
        &[
            "diff",
            "--all-regions-against",
            "HEAD",
            "--format",
            "markdown",
            "--fail-on",
            "never",
        ],
    );
    assert_eq!(code(&out), 0);
    let md = stdout(&out);
    let first = md.lines().next().unwrap();
    assert_eq!(
        first,
        "**csstd diff** against `HEAD`: 1 region changed, 1 added, 1 removed; \
         1 difference: 0 added, 0 removed, 1 changed; 1 tighter"
    );
    let headings: Vec<&str> = md.lines().filter(|l| l.starts_with("### ")).collect();
    assert_eq!(
        headings,
        ["### `base` (removed)", "### `new` (added)", "### `tighter`"]
    );
    assert!(
        md.contains(
            "| `slas[email.p1.first_response].within` | changed | `30m` | `15m` | tighter |"
        ),
        "{md}"
    );

    // With no change at all, the report says so and exits 0.
    git(&project, &["add", "-A"]);
    git(&project, &["commit", "-q", "-m", "second"]);
    let out = csstd(&project, &["diff", "--all-regions-against", "HEAD"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    let v = json(&csstd(
        &project,
        &[
            "diff",
            "--all-regions-against",
            "HEAD~1",
            "--stat",
            "--format",
            "json",
        ],
    ));
    assert_eq!(
        v["stat"]["regions"],
        serde_json::json!({"changed": 1, "added": 1, "removed": 1})
    );
    assert_eq!(v["stat"]["tighter"], 1);
}
