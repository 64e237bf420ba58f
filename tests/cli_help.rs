//! The command line as a newcomer meets it: `--help` says what each option does, and
//! values that cannot work are refused up front.

mod common;

use common::{TODAY, csstd, listing, project};

#[test]
fn jobs_zero_is_refused_with_a_clear_message() {
    let p = project("clean");
    let before = listing(p.path());
    let run = csstd(p.path(), &["build", "--jobs", "0", "--today", TODAY]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("0 would render nothing"),
        "{}",
        run.stderr
    );
    common::assert_unchanged(p.path(), &before);
    assert_eq!(
        csstd(p.path(), &["build", "-j", "1", "--today", TODAY]).code,
        0
    );
}

#[test]
fn project_help_names_the_working_directory_rule() {
    let p = project("clean");
    let run = csstd(p.path(), &["--help"]);
    assert_eq!(run.code, 0);
    let flat = run.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("else the working directory if it holds standards/"),
        "{}",
        run.stdout
    );
}

#[test]
fn every_format_is_described_in_help() {
    let p = project("clean");
    for (cmd, values) in [
        ("lint", &["human", "json", "sarif", "github"][..]),
        ("diff", &["human", "markdown", "json"][..]),
        ("resolve", &["toml", "json", "yaml"][..]),
        ("list", &["text", "json"][..]),
        ("rules", &["text", "json"][..]),
    ] {
        let run = csstd(p.path(), &[cmd, "--help"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        for v in values {
            assert!(
                run.stdout.contains(&format!("- {v}: ")),
                "`{cmd} --help` describes --format {v}:\n{}",
                run.stdout
            );
        }
    }
}

#[test]
fn diff_usage_shows_both_regions_as_required() {
    let p = project("clean");
    let run = csstd(p.path(), &["diff", "--help"]);
    assert!(
        run.stdout.contains("Usage: csstd diff [OPTIONS] <A> <B>"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("--all-regions-against <REV>"));
    let run = csstd(p.path(), &["diff", "de-DE"]);
    assert_eq!(run.code, 2);
}

#[test]
fn explain_finds_a_rule_named_without_its_principle() {
    let p = project("clean");
    let run = csstd(p.path(), &["explain", "weakened-target"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("did you mean `consistency/weakened-target`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_region_id_in_the_wrong_case_is_suggested() {
    let p = project("clean");
    let before = listing(p.path());
    let run = csstd(p.path(), &["build", "DE-de", "--today", TODAY]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("did you mean `de-DE`?"),
        "{}",
        run.stderr
    );
    common::assert_unchanged(p.path(), &before);
}

/// The man pages shipped in `man/` are what `csstd man` writes from the command line's
/// definitions today.
#[test]
fn the_shipped_man_pages_are_current() {
    let out = tempfile::tempdir().expect("a temporary folder");
    let dir = out.path().join("man");
    let run = common::csstd(
        out.path(),
        &["man", "--out", dir.to_str().expect("a UTF-8 path")],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("man");
    let fresh = common::files_under(&dir);
    assert!(fresh.contains_key("csstd.1") && fresh.contains_key("csstd-build.1"));
    assert_eq!(
        common::files_under(&shipped),
        fresh,
        "man/ is stale: run `cargo run -- man --out man`"
    );
}
