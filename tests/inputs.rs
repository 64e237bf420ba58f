//! SPEC 7, "Inputs are files inside the project": line endings do not matter, a link
//! leading outside the project is an input error for every kind of input, and a folder
//! named like a source file is an input error, never skipped.

mod common;

use common::{TODAY, assert_unchanged, csstd, files_under, listing, project, write};
use std::path::Path;

/// A copy of the shipped project (standards, cultures, templates), with every line
/// ending of every file turned into CRLF when `crlf` is set.
fn shipped(crlf: bool) -> tempfile::TempDir {
    let dir = tempfile::Builder::new()
        .prefix("csstd-inputs-")
        .tempdir()
        .expect("create a temporary folder");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for folder in common::SHIPPED {
        if !root.join(folder).is_dir() {
            continue;
        }
        for entry in walkdir::WalkDir::new(root.join(folder)) {
            let entry = entry.expect("walk");
            let rel = entry.path().strip_prefix(root).expect("inside");
            let dest = dir.path().join(rel);
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&dest).expect("mkdir");
                continue;
            }
            let mut bytes = std::fs::read(entry.path()).expect("read");
            if crlf {
                let text = String::from_utf8(bytes).expect("shipped files are UTF-8");
                assert!(!text.contains('\r'), "{} is LF already", rel.display());
                bytes = text.replace('\n', "\r\n").into_bytes();
            }
            std::fs::write(&dest, bytes).expect("write");
        }
    }
    dir
}

#[test]
fn a_crlf_checkout_builds_the_same_bytes_as_an_lf_one() {
    let lf = shipped(false);
    let crlf = shipped(true);
    let mut outputs = Vec::new();
    for p in [&lf, &crlf] {
        let run = csstd(p.path(), &["build", "--today", TODAY]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        outputs.push(files_under(&p.path().join("dist")));
    }
    assert!(outputs[0].len() > 12, "every region was built");
    for (path, bytes) in &outputs[0] {
        assert!(
            outputs[1].get(path) == Some(bytes),
            "`{path}` differs between the LF and the CRLF checkout"
        );
    }
    assert_eq!(outputs[0].len(), outputs[1].len());
    // And the resolved standard that `resolve` prints carries no carriage return.
    let run = csstd(crlf.path(), &["resolve", "ja-JP", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains("\\r"), "{}", run.stdout);
    // --check of the LF output from the CRLF checkout: up to date.
    let dist = lf.path().join("dist");
    let run = csstd(
        crlf.path(),
        &[
            "build",
            "--today",
            TODAY,
            "--check",
            "--out",
            dist.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// Checks that `lint` rejects the project at `p` with exit 2, an error at `at` (`file:1:1`)
/// with `phrase`, and writes nothing; `build` too.
fn rejects(p: &Path, at: &str, phrase: &str) {
    let before = listing(p);
    for args in [
        &["lint", "--today", TODAY][..],
        &["build", "--today", TODAY][..],
    ] {
        let run = csstd(p, args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(&format!("--> {at}")), "{}", run.stderr);
        assert!(run.stderr.contains(phrase), "{}", run.stderr);
    }
    assert_unchanged(p, &before);
}

#[test]
fn a_symlink_leading_outside_the_project_is_refused_for_every_input() {
    const OUTSIDE: &str = "a symbolic link that leads outside the project";
    let outside = tempfile::tempdir().expect("tempdir");
    let p = project("clean");
    let de = common::read(p.path(), "cultures/de-DE.toml");
    let base = common::read(p.path(), "standards/base.toml");
    write(outside.path(), "pt-BR.toml", de.replace("de-DE", "pt-BR"));
    write(
        outside.path(),
        "other.toml",
        base.replace("\"base\"", "\"other\""),
    );
    write(outside.path(), "csstd.toml", "[build]\nout = \"dist\"\n");

    // A culture.
    let link = p.path().join("cultures/pt-BR.toml");
    std::os::unix::fs::symlink(outside.path().join("pt-BR.toml"), &link).expect("link");
    rejects(p.path(), "cultures/pt-BR.toml:1:1", OUTSIDE);
    std::fs::remove_file(&link).expect("unlink");

    // A base standard.
    let link = p.path().join("standards/other.toml");
    std::os::unix::fs::symlink(outside.path().join("other.toml"), &link).expect("link");
    rejects(p.path(), "standards/other.toml:1:1", OUTSIDE);
    std::fs::remove_file(&link).expect("unlink");

    // The manifest.
    let link = p.path().join("csstd.toml");
    std::os::unix::fs::symlink(outside.path().join("csstd.toml"), &link).expect("link");
    rejects(p.path(), "csstd.toml:1:1", OUTSIDE);
    std::fs::remove_file(&link).expect("unlink");

    // A link inside the project is fine.
    write(p.path(), "shared/pt-BR.toml", de.replace("de-DE", "pt-BR"));
    std::os::unix::fs::symlink(
        p.path().join("shared/pt-BR.toml"),
        p.path().join("cultures/pt-BR.toml"),
    )
    .expect("link");
    let run = csstd(p.path(), &["lint", "--today", TODAY]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_template_linked_outside_the_project_is_refused() {
    let outside = tempfile::tempdir().expect("tempdir");
    let p = project("clean");
    write(outside.path(), "index.md.j2", "# index\n");
    std::fs::create_dir_all(p.path().join("templates")).expect("mkdir");
    std::os::unix::fs::symlink(
        outside.path().join("index.md.j2"),
        p.path().join("templates/index.md.j2"),
    )
    .expect("link");
    let before = listing(p.path());
    let run = csstd(p.path(), &["build", "--today", TODAY]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("index.md.j2"), "{}", run.stderr);
    assert_unchanged(p.path(), &before);
}

#[test]
fn a_folder_named_like_a_source_file_is_an_input_error() {
    const FOLDER: &str = "a folder (or other non-file) where a source file is expected";
    let p = project("clean");
    std::fs::create_dir_all(p.path().join("cultures/pt-BR.toml")).expect("mkdir");
    rejects(p.path(), "cultures/pt-BR.toml:1:1", FOLDER);
    std::fs::remove_dir(p.path().join("cultures/pt-BR.toml")).expect("rmdir");
    std::fs::create_dir_all(p.path().join("cultures/es-MX.yaml")).expect("mkdir");
    rejects(p.path(), "cultures/es-MX.yaml:1:1", FOLDER);
    std::fs::remove_dir(p.path().join("cultures/es-MX.yaml")).expect("rmdir");
    std::fs::create_dir_all(p.path().join("standards/extra.toml")).expect("mkdir");
    rejects(p.path(), "standards/extra.toml:1:1", FOLDER);
    std::fs::remove_dir(p.path().join("standards/extra.toml")).expect("rmdir");
    // Folders of other names are none of csstd's business.
    std::fs::create_dir_all(p.path().join("cultures/drafts")).expect("mkdir");
    assert_eq!(csstd(p.path(), &["lint", "--today", TODAY]).code, 0);
}
