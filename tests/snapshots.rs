//! The built-in handbooks and the index, pinned byte for byte (insta snapshots under
//! tests/snapshots/), for the shipped project (with a right-to-left region), a project
//! with service levels and the B2B example; and what custom templates see.
//!
//! A layout change shows up here as a snapshot diff: review it with `cargo insta review`
//! (or run with `INSTA_UPDATE=always` and read the diff in git).

mod common;

use common::{TODAY, copy_dir, csstd, fixture, read, write};
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Builds `project` into a temporary folder and returns it.
fn build(project: &Path) -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("a temporary folder");
    let dist = out.path().join("dist");
    let run = csstd(
        project,
        &[
            "build",
            "--out",
            dist.to_str().expect("a UTF-8 path"),
            "--today",
            TODAY,
            "--jobs",
            "2",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    out
}

/// Pins the index and the handbooks of `regions`.
fn pin(name: &str, project: &Path, regions: &[&str]) {
    let out = build(project);
    let dist = out.path().join("dist");
    for file in ["index.md", "index.html"] {
        insta::assert_snapshot!(format!("{name}__{file}"), read(&dist, file));
    }
    for region in regions {
        for file in ["handbook.md", "handbook.html"] {
            insta::assert_snapshot!(
                format!("{name}__{region}__{file}"),
                read(&dist, &format!("{region}/{file}"))
            );
        }
    }
}

#[test]
fn the_shipped_handbooks_are_pinned() {
    // ar-SA is written right to left; ja-JP and de-DE are translated from English.
    pin("shipped", &repo(), &["ar-SA", "de-DE", "ja-JP"]);
}

#[test]
fn the_shipped_assistant_briefs_are_pinned() {
    let out = tempfile::tempdir().expect("a temporary folder");
    let dist = out.path().join("dist");
    let run = csstd(
        &repo(),
        &[
            "build",
            "ar-SA",
            "fr-CA",
            "ja-JP",
            "--emit",
            "agent",
            "--out",
            dist.to_str().expect("a UTF-8 path"),
            "--today",
            TODAY,
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    for region in ["ar-SA", "fr-CA", "ja-JP"] {
        insta::assert_snapshot!(
            format!("shipped__{region}__agent.md"),
            read(&dist, &format!("{region}/agent.md"))
        );
    }
    insta::assert_snapshot!(
        "shipped__ja-JP__agent.json",
        read(&dist, "ja-JP/agent.json")
    );
}

#[test]
fn service_level_handbooks_are_pinned() {
    pin(
        "service-levels",
        &fixture("service-levels"),
        &["de-DE", "en-GB"],
    );
}

#[test]
fn the_b2b_example_is_pinned() {
    let project = repo().join("examples/b2b-saas");
    let regions: Vec<String> = std::fs::read_dir(project.join("cultures"))
        .expect("the example's cultures")
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            Some(name.split('.').next()?.to_owned())
        })
        .collect();
    let mut regions: Vec<&str> = regions.iter().map(String::as_str).collect();
    regions.sort();
    let out = build(&project);
    let built: Vec<&str> = regions
        .into_iter()
        .filter(|r| out.path().join("dist").join(r).is_dir())
        .collect();
    assert!(!built.is_empty(), "the example builds regions");
    pin("b2b-saas", &project, &built);
}

/// A project whose templates are copies of the built-in ones builds the same bytes as one
/// without templates: there is one renderer, and it is the templates.
#[test]
fn copies_of_the_built_in_templates_build_the_same_bytes() {
    let plain = tempfile::tempdir().expect("a temporary folder");
    copy_dir(&fixture("service-levels"), plain.path());
    let custom = tempfile::tempdir().expect("a temporary folder");
    copy_dir(&fixture("service-levels"), custom.path());
    copy_dir(&repo().join("templates"), &custom.path().join("templates"));
    let a = common::files_under(&build(plain.path()).path().join("dist"));
    let b = common::files_under(&build(custom.path()).path().join("dist"));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(b[path] == *bytes, "{path} differs");
    }
}

/// A custom template sees `today`, `handbook`, `region`, `strings` and `lang`; the
/// built-in ones never print the day.
#[test]
fn a_custom_template_sees_today_and_the_page() {
    let p = common::project("service-levels");
    write(
        p.path(),
        "templates/handbook.md.j2",
        "{{ today }} | {{ lang }} | {{ handbook.title }} | {{ region.standard.id }} | \
         {{ strings.part_standard }} | {{ handbook.sla_tables|length }}\n",
    );
    let mut seen = Vec::new();
    for day in ["2026-01-05", "2026-02-06"] {
        let run = csstd(p.path(), &["build", "--today", day, "--out", "dist"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let md = read(&p.path().join("dist"), "de-DE/handbook.md");
        assert!(md.starts_with(&format!("{day} | ")), "{md}");
        seen.push(md);
        // The HTML handbook is the built-in one: it never shows the build date.
        let html = read(&p.path().join("dist"), "de-DE/handbook.html");
        assert!(!html.contains(day), "the built-in template printed today");
    }
    assert_ne!(seen[0], seen[1]);
    let fields: Vec<&str> = seen[0].trim_end().split(" | ").collect();
    assert_eq!(fields.len(), 6, "{}", seen[0]);
    assert_eq!(fields[1], "de");
    assert_eq!(fields[2], "Global Service Levels");
    assert_eq!(fields[3], "global");
    assert_eq!(fields[4], "Der Standard");
    assert_ne!(fields[5], "0", "the service-level project has SLA tables");
}
