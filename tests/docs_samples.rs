//! Sample output in the README is real output: each block is compared with what csstd
//! prints for the commands and edit the README describes, on the shipped project.

mod common;

use common::{TODAY, csstd};
use std::path::Path;

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("read README.md")
}

/// The body of the first fenced block (with `fence`, e.g. "```sh") after `after`.
fn block_after(text: &str, after: &str, fence: &str) -> String {
    let start = text
        .find(after)
        .unwrap_or_else(|| panic!("README has `{after}`"));
    let rest = &text[start..];
    let open = rest.find(&format!("{fence}\n")).expect("a fenced block") + fence.len() + 1;
    let close = rest[open..].find("```").expect("a closed block");
    rest[open..open + close].to_string()
}

/// A copy of the shipped project.
fn shipped() -> tempfile::TempDir {
    common::shipped()
}

#[test]
fn the_tour_list_output_is_what_csstd_list_prints() {
    let block = block_after(&readme(), "## A 60-second tour", "```sh");
    let (_, listed) = block
        .split_once("$ csstd list\n")
        .expect("the tour runs csstd list");
    let sample: Vec<&str> = listed
        .split("\n\n")
        .next()
        .unwrap_or_default()
        .lines()
        .collect();
    let p = shipped();
    let run = csstd(p.path(), &["list"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Every line the README shows is printed, in that order; `...` stands for lines left out.
    let mut printed = run.stdout.lines();
    for line in sample.iter().filter(|l| l.trim() != "...") {
        assert!(
            printed.any(|p| p == *line),
            "README line `{line}` is not in `csstd list` output (in order):\n{}",
            run.stdout
        );
    }
}

#[test]
fn the_sample_finding_is_what_lint_prints_for_the_edit_described() {
    let text = readme();
    let block = block_after(&text, "A lint finding reads like a compiler's", "```text");
    let p = shipped();
    // The edit the README describes: a line after `[channels.email]` in fr-FR.toml.
    let file = p.path().join("cultures/fr-FR.toml");
    let source = std::fs::read_to_string(&file).expect("fr-FR.toml");
    let edited = source.replacen(
        "[channels.email]\n",
        "[channels.email]\ntargets = { first_response = \"48h\" }\n",
        1,
    );
    assert_ne!(source, edited);
    std::fs::write(&file, edited).expect("write");
    let run = csstd(
        p.path(),
        &["lint", "fr-FR", "--today", TODAY, "--color", "never"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.starts_with(&block),
        "README sample:\n{block}\nreal output:\n{}",
        run.stderr
    );
}

/// The body of the fenced block (with `fence`) that follows the heading `heading` in
/// `docs/file-format.md`.
fn format_doc_block(heading: &str, fence: &str) -> String {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/file-format.md"))
            .expect("read docs/file-format.md");
    block_after(&text, heading, fence)
}

#[test]
fn the_file_format_examples_build_with_no_lint_error() {
    let p = tempfile::tempdir().expect("tempdir");
    common::write(
        p.path(),
        "standards/global.toml",
        format_doc_block("### A complete base standard", "```toml"),
    );
    common::write(
        p.path(),
        "cultures/de-DE.yaml",
        format_doc_block("### A YAML overlay", "```yaml"),
    );
    let run = csstd(p.path(), &["build", "--today", TODAY]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lint = csstd(p.path(), &["lint", "--today", TODAY]);
    assert_eq!(lint.code, 0, "{}", lint.stderr);
    assert!(p.path().join("dist/de-DE/handbook.html").is_file());
}

/// The three samples of docs/diff.md are what `csstd diff alpha beta` prints for the
/// `diff/kinds` fixture, line for line in order (`...` stands for lines left out).
#[test]
fn the_diff_samples_are_real_output() {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/diff.md"))
        .expect("read docs/diff.md");
    let fixture = common::fixture("diff/kinds");
    for (heading, fence, format) in [
        ("### `human` (default)", "```", "human"),
        ("### `markdown`", "```", "markdown"),
        ("### `json`", "```json", "json"),
    ] {
        let sample = block_after(&doc, heading, fence);
        let run = csstd(
            &fixture,
            &[
                "diff", "alpha", "beta", "--format", format, "--color", "never",
            ],
        );
        assert_eq!(run.code, 1, "{}", run.stderr);
        let mut printed = run.stdout.lines();
        for line in sample.lines().filter(|l| l.trim() != "...") {
            assert!(
                printed.any(|p| p == line),
                "docs/diff.md {format} line `{line}` is not in the output (in order):\n{}",
                run.stdout
            );
        }
    }
}
