//! Path safety: region ids, template names and output folders that try to leave their
//! place (`..`, absolute paths, symlinks pointing outside) are refused, and nothing is
//! ever written outside `--out` (and its staging sibling).

mod common;

use common::{TODAY, assert_unchanged, csstd, listing, project, write};
use std::path::Path;

/// A folder next to the project that no build may touch.
fn outside() -> (tempfile::TempDir, common::Listing) {
    let dir = tempfile::tempdir().expect("a folder");
    write(dir.path(), "secret.txt", "do not touch\n");
    write(dir.path(), "sub/keep.txt", "keep\n");
    let before = listing(dir.path());
    (dir, before)
}

fn build(dir: &Path, extra: &[&str]) -> common::Run {
    let mut args = vec!["build", "--today", TODAY];
    args.extend_from_slice(extra);
    csstd(dir, &args)
}

#[test]
fn region_ids_that_leave_the_project_are_refused() {
    let p = project("clean");
    let before = listing(p.path());
    for id in [
        "../de-DE",
        "../../etc/passwd",
        "/etc/passwd",
        "de-DE/../../x",
        "..",
        ".",
    ] {
        for cmd in [&["build", id][..], &["resolve", id][..], &["lint", id][..]] {
            let run = csstd(p.path(), cmd);
            assert_eq!(run.code, 2, "{cmd:?} must be refused:\n{}", run.stderr);
            assert!(run.stderr.contains("error"), "{cmd:?}: {}", run.stderr);
        }
    }
    assert_unchanged(p.path(), &before);
}

#[test]
fn file_names_that_are_not_ids_are_refused() {
    for name in ["cultures/a b.toml", "cultures/-x.toml", "cultures/x;y.yaml"] {
        let p = project("clean");
        write(p.path(), name, "[culture]\nid = \"x\"\n");
        let before = listing(p.path());
        let run = build(p.path(), &[]);
        assert_eq!(run.code, 2, "{name}: {}", run.stderr);
        assert!(
            run.stderr.contains("not a valid id"),
            "{name}: {}",
            run.stderr
        );
        assert_unchanged(p.path(), &before);
    }
}

#[test]
fn template_names_that_leave_the_template_folder_are_refused() {
    let (out, out_before) = outside();
    let secret = out.path().join("secret.txt");
    let cases = [
        "{% include \"../csstd.toml\" %}".to_string(),
        "{% include \"../../etc/passwd\" %}".to_string(),
        format!("{{% include \"{}\" %}}", secret.display()),
        "{% include \"partials\\\\..\\\\..\\\\x\" %}".to_string(),
    ];
    for template in &cases {
        let p = project("clean");
        write(p.path(), "templates/handbook.html.j2", template);
        let before = listing(p.path());
        let run = build(p.path(), &[]);
        assert_eq!(run.code, 2, "{template}: {}", run.stderr);
        assert!(run.stderr.contains("refused"), "{template}: {}", run.stderr);
        assert!(
            !run.stderr.contains("do not touch"),
            "{template} leaked a file"
        );
        assert_unchanged(p.path(), &before);
    }
    // A symlink inside the template folder that points outside it.
    let p = project("clean");
    write(p.path(), "templates/partials/.keep", "");
    std::os::unix::fs::symlink(&secret, p.path().join("templates/partials/evil.html"))
        .expect("symlink");
    write(
        p.path(),
        "templates/handbook.html.j2",
        "{% include \"partials/evil.html\" %}",
    );
    let run = build(p.path(), &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("refused"), "{}", run.stderr);
    assert!(!p.path().join("dist").exists(), "nothing was written");
    assert_unchanged(out.path(), &out_before);
}

#[test]
fn a_manifest_cannot_send_the_output_outside_the_project() {
    let (out, out_before) = outside();
    let abs = out.path().join("dist").display().to_string();
    for value in ["../elsewhere", "dist/../../elsewhere", abs.as_str()] {
        let p = project("clean");
        write(
            p.path(),
            "csstd.toml",
            format!("[build]\nout = \"{value}\"\n"),
        );
        let before = listing(p.path());
        let run = build(p.path(), &[]);
        assert_eq!(run.code, 2, "out = {value}: {}", run.stderr);
        assert!(
            run.stderr.contains("csstd.toml:2:7")
                && run.stderr.contains("must be a folder inside the project"),
            "out = {value}: {}",
            run.stderr
        );
        assert_unchanged(p.path(), &before);
        assert!(
            !p.path()
                .parent()
                .expect("parent")
                .join("elsewhere")
                .exists()
        );
    }
    assert_unchanged(out.path(), &out_before);
}

#[test]
fn an_output_folder_that_is_a_symlink_is_replaced_not_followed() {
    let (out, out_before) = outside();
    let p = project("clean");
    std::os::unix::fs::symlink(out.path(), p.path().join("dist")).expect("symlink");
    let run = build(p.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_unchanged(out.path(), &out_before);
    let dist = p.path().join("dist");
    assert!(
        !std::fs::symlink_metadata(&dist)
            .expect("dist")
            .file_type()
            .is_symlink(),
        "dist is now a real folder"
    );
    assert!(dist.join("index.html").is_file());
    // The files that were in the linked folder were carried over as copies.
    assert!(dist.join("secret.txt").is_file());
}

#[test]
fn symlinks_inside_the_output_folder_are_never_written_through() {
    let (out, out_before) = outside();
    let p = project("clean");
    assert_eq!(build(p.path(), &[]).code, 0);
    let dist = p.path().join("dist");
    // A folder csstd writes into, and a file csstd writes, both linked outside.
    std::fs::remove_dir_all(dist.join("de-DE")).expect("remove");
    std::os::unix::fs::symlink(out.path(), dist.join("de-DE")).expect("symlink");
    std::fs::remove_file(dist.join("index.md")).expect("remove");
    std::os::unix::fs::symlink(out.path().join("secret.txt"), dist.join("index.md"))
        .expect("symlink");
    std::fs::remove_file(dist.join("manifest.json")).expect("remove");
    let run = build(p.path(), &[]);
    assert_unchanged(out.path(), &out_before);
    if run.code == 0 {
        assert!(dist.join("de-DE/handbook.html").is_file());
    }
}
