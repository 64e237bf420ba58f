//! SPEC 7, "Output safety": `--out` never destroys a file or mixes with the project's
//! inputs, two builds into one `--out` never interleave, and a build says what it
//! removed or replaced.

mod common;

use common::{TODAY, assert_unchanged, csstd, listing, project, write};
use std::path::Path;
use std::process::{Command, Stdio};

fn build(dir: &Path, extra: &[&str]) -> common::Run {
    let mut args = vec!["build", "--today", TODAY];
    args.extend_from_slice(extra);
    csstd(dir, &args)
}

/// Every file the manifest lists exists with the recorded digest.
fn assert_manifest_matches(dir: &Path) {
    let text = std::fs::read_to_string(dir.join("manifest.json")).expect("a manifest");
    let v: serde_json::Value = serde_json::from_str(&text).expect("manifest is JSON");
    for f in v["files"].as_array().expect("a file list") {
        let path = f["path"].as_str().expect("a path");
        let bytes = std::fs::read(dir.join(path))
            .unwrap_or_else(|e| panic!("manifest lists `{path}`, which is missing: {e}"));
        use sha2::Digest;
        let digest: String = sha2::Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(f["sha256"], digest.as_str(), "digest of {path}");
    }
}

#[test]
fn an_out_that_is_a_regular_file_is_refused_and_kept() {
    let p = project("clean");
    write(p.path(), "n.txt", "notes\n");
    let before = listing(p.path());
    let run = build(p.path(), &["--out", "n.txt"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("`--out n.txt` is an existing file"),
        "{}",
        run.stderr
    );
    assert_unchanged(p.path(), &before);
    assert_eq!(common::read(p.path(), "n.txt"), "notes\n");
}

#[test]
fn an_out_in_an_input_folder_or_the_project_root_is_refused() {
    let p = project("clean");
    std::fs::create_dir_all(p.path().join("templates")).expect("mkdir");
    let before = listing(p.path());
    for (out, says) in [
        ("standards", "is the project's standards folder `standards`"),
        ("cultures", "is the project's cultures folder `cultures`"),
        (
            "cultures/dist",
            "is inside the project's cultures folder `cultures`",
        ),
        (
            "templates/out",
            "is inside the project's templates folder `templates`",
        ),
        (
            "translations",
            "is the project's translations folder `translations`",
        ),
        (
            "./standards/../cultures",
            "is the project's cultures folder",
        ),
        (".", "contains the project itself"),
    ] {
        let run = build(p.path(), &["--out", out]);
        assert_eq!(run.code, 2, "--out {out}: {}", run.stderr);
        assert!(run.stderr.contains(says), "--out {out}: {}", run.stderr);
        assert!(
            run.stderr.contains(&format!("`--out {out}`")),
            "{}",
            run.stderr
        );
    }
    assert_unchanged(p.path(), &before);
}

#[test]
fn input_folders_named_in_the_manifest_are_refused_as_out() {
    let p = project("clean");
    std::fs::rename(p.path().join("cultures"), p.path().join("overlays")).expect("rename");
    write(
        p.path(),
        "csstd.toml",
        "[project]\ncultures = \"overlays\"\ntranslations = \"po\"\n",
    );
    let before = listing(p.path());
    for (out, what) in [("overlays", "cultures"), ("po/x", "translations")] {
        let run = build(p.path(), &["--out", out]);
        assert_eq!(run.code, 2, "--out {out}: {}", run.stderr);
        assert!(
            run.stderr.contains(&format!("the project's {what} folder")),
            "{}",
            run.stderr
        );
    }
    assert_unchanged(p.path(), &before);
    // The folder that is no input is fine.
    assert_eq!(build(p.path(), &["--out", "cultures"]).code, 0);
}

#[test]
fn a_dangling_symlink_as_out_is_replaced_by_a_folder_and_said() {
    let p = project("clean");
    std::os::unix::fs::symlink(p.path().join("nowhere"), p.path().join("dist")).expect("link");
    let run = build(p.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let dist = p.path().join("dist");
    let meta = std::fs::symlink_metadata(&dist).expect("dist");
    assert!(meta.is_dir() && !meta.file_type().is_symlink());
    assert!(dist.join("de-DE/handbook.html").is_file());
    assert!(
        !p.path().join("nowhere").exists(),
        "the link's target is untouched"
    );
    assert!(
        run.stderr.contains("was a link to") && run.stderr.contains("is now a folder"),
        "the build says it replaced the link:\n{}",
        run.stderr
    );
}

#[test]
fn building_fewer_regions_says_what_it_removed_and_drops_emptied_folders() {
    let p = project("clean");
    write(
        p.path(),
        "cultures/fr-FR.toml",
        common::read(p.path(), "cultures/de-DE.toml")
            .replace("id = \"de-DE\"", "id = \"fr-FR\"")
            .replace("Germany", "France"),
    );
    write(
        p.path(),
        "cultures/en-GB.toml",
        common::read(p.path(), "cultures/de-DE.toml")
            .replace("id = \"de-DE\"", "id = \"en-GB\"")
            .replace("Germany", "United Kingdom"),
    );
    assert_eq!(build(p.path(), &[]).code, 0);
    let dist = p.path().join("dist");
    // A file of the user's in one region's folder: that folder must stay.
    write(&dist, "en-GB/notes.txt", "mine\n");
    let run = build(p.path(), &["de-DE"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("removed 6 files of regions not built this time"),
        "{}",
        run.stderr
    );
    assert!(
        !dist.join("fr-FR").exists(),
        "a folder csstd emptied is removed"
    );
    assert_eq!(common::read(&dist, "en-GB/notes.txt"), "mine\n");
    assert!(!dist.join("en-GB/handbook.html").exists());
    assert!(dist.join("de-DE/handbook.html").is_file());
    // Nothing to remove: nothing said.
    let again = build(p.path(), &["de-DE"]);
    assert!(!again.stderr.contains("removed"), "{}", again.stderr);
}

#[test]
fn an_empty_folder_of_the_users_survives_a_build() {
    let p = project("clean");
    assert_eq!(build(p.path(), &[]).code, 0);
    std::fs::create_dir_all(p.path().join("dist/assets")).expect("mkdir");
    assert_eq!(build(p.path(), &[]).code, 0);
    assert!(p.path().join("dist/assets").is_dir());
}

#[test]
fn a_build_stops_while_another_holds_the_output() {
    let p = project("clean");
    assert_eq!(build(p.path(), &[]).code, 0);
    // Stand in for a live build: hold the lock and a staging folder of its own.
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(p.path().join(".dist.csstd-lock"))
        .expect("open the lock file");
    fs4::FileExt::try_lock(&lock).expect("lock");
    write(p.path(), ".dist.csstd-staging/de-DE/handbook.md", "live\n");
    let before = listing(p.path());
    let run = build(p.path(), &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("another build is writing `"),
        "{}",
        run.stderr
    );
    assert_unchanged(p.path(), &before);
    fs4::FileExt::unlock(&lock).expect("unlock");
    drop(lock);
    // Once the lock is free, the staging folder left behind is stale and cleaned up.
    assert_eq!(build(p.path(), &[]).code, 0);
    assert!(!p.path().join(".dist.csstd-staging").exists());
    assert_manifest_matches(&p.path().join("dist"));
}

#[test]
fn concurrent_builds_never_interleave() {
    let p = project("clean");
    for round in 0..4 {
        let children: Vec<_> = (0..4)
            .map(|_| {
                Command::new(env!("CARGO_BIN_EXE_csstd"))
                    .args(["build", "--today", TODAY, "--out", "dist"])
                    .current_dir(p.path())
                    .env_remove("SOURCE_DATE_EPOCH")
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("start csstd")
            })
            .collect();
        let mut built = 0;
        for child in children {
            let out = child.wait_with_output().expect("wait for csstd");
            let stderr = String::from_utf8_lossy(&out.stderr);
            match out.status.code() {
                Some(0) => {
                    built += 1;
                    assert!(stderr.contains("built 1 of 1 region"), "{stderr}");
                }
                Some(2) => assert!(stderr.contains("another build is writing"), "{stderr}"),
                other => panic!("round {round}: exit {other:?}: {stderr}"),
            }
        }
        assert!(built >= 1 || round > 0, "at least one build succeeds");
        let dist = p.path().join("dist");
        assert_manifest_matches(&dist);
        assert!(common::manifest_paths(&dist).contains(&"de-DE/handbook.html".to_string()));
        let beside: Vec<String> = std::fs::read_dir(p.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("staging") || n.contains("previous"))
            .collect();
        assert!(beside.is_empty(), "left behind: {beside:?}");
    }
}
