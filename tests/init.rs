//! `csstd init`: a new project has two regions, one of them with a German handbook
//! translated through `translations/de.po`, and lints, reports and builds clean as written.

mod common;

use common::{TODAY, assert_unchanged, csstd, listing, read};
use std::path::{Path, PathBuf};

/// Every file and folder `init` writes, in `listing` order.
const WRITTEN: [&str; 9] = [
    "README.md",
    "csstd.toml",
    "cultures",
    "cultures/de-DE.toml",
    "cultures/en-US.toml",
    "standards",
    "standards/global.toml",
    "translations",
    "translations/de.po",
];

/// A temporary folder with a new project in its subfolder `project` (a folder `init`
/// creates), and that subfolder.
fn init() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::Builder::new()
        .prefix("csstd-test-")
        .tempdir()
        .expect("create a temporary folder");
    let run = csstd(dir.path(), &["init", "project"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    let project = dir.path().join("project");
    (dir, project)
}

#[test]
fn init_writes_the_starter_project() {
    let (_dir, p) = init();
    let p = p.as_path();
    let written: Vec<String> = listing(p).into_keys().collect();
    assert_eq!(written, WRITTEN);
    // The files are the shipped example, byte for byte.
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/starter");
    for file in WRITTEN.iter().filter(|f| f.contains('.')) {
        assert_eq!(read(p, file), read(&example, file), "{file}");
    }
}

#[test]
fn a_new_project_lints_clean_and_is_fully_translated() {
    let (_dir, p) = init();
    let p = p.as_path();
    let lint = csstd(p, &["lint", "--deny-warnings", "--today", TODAY]);
    assert_eq!(lint.code, 0, "{}{}", lint.stdout, lint.stderr);
    assert!(
        lint.stderr.contains("lint: 0 errors, 0 warnings, 0 infos"),
        "{}",
        lint.stderr
    );
    let status = csstd(p, &["translate", "status"]);
    assert_eq!(status.code, 0, "{}{}", status.stdout, status.stderr);
    let de_de = status
        .stdout
        .lines()
        .find(|l| l.trim_start().starts_with("de-DE:"))
        .unwrap_or_else(|| panic!("no de-DE line:\n{}", status.stdout));
    assert!(de_de.contains("(100%), 0 fuzzy, 0 untranslated"), "{de_de}");
    // A second `translate update` finds the catalogue current.
    let before = listing(p);
    let update = csstd(p, &["translate", "update", "de"]);
    assert_eq!(update.code, 0, "{}", update.stderr);
    assert_unchanged(p, &before);
}

#[test]
fn a_new_project_builds_an_english_and_a_german_handbook() {
    let (dir, p) = init();
    let p = p.as_path();
    let out = dir.path().join("dist");
    let out_arg = out.to_str().expect("a UTF-8 temporary path");
    let run = csstd(p, &["build", "--out", out_arg]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let en = read(&out, "en-US/handbook.md");
    assert!(en.contains("#### Respect every customer"), "{en}");
    let de = read(&out, "de-DE/handbook.md");
    // Titles and text come from translations/de.po.
    assert!(
        de.starts_with("# Kundenservice-Standard — Deutschland\n"),
        "{de}"
    );
    assert!(de.contains("#### Jeden Kunden respektieren"), "{de}");
    assert!(
        de.contains("### Datenschutz-Grundverordnung (EU) 2016/679 (DSGVO)"),
        "{de}"
    );
    assert!(de.contains("| Karfreitag | 2027-03-26 |"), "{de}");
    assert!(!de.contains("Respect every customer"), "{de}");
    assert!(!de.contains("Noch nicht übersetzt"), "{de}");
    let html = read(&out, "de-DE/handbook.html");
    assert!(!html.contains("Noch nicht übersetzt"), "{html}");
}

#[test]
fn init_into_a_folder_that_is_not_empty_writes_nothing() {
    let dir = tempfile::Builder::new()
        .prefix("csstd-test-")
        .tempdir()
        .expect("create a temporary folder");
    common::write(dir.path(), "taken/notes.txt", "mine\n");
    let before = listing(dir.path());
    let run = csstd(dir.path(), &["init", "taken"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("`taken` is not empty"),
        "{}",
        run.stderr
    );
    assert_unchanged(dir.path(), &before);
}
