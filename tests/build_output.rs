//! `csstd build` streams each region's files into the output as they are rendered. These
//! tests prove the output guarantees still hold: the same bytes whatever `--jobs`,
//! `--check` compares and writes nothing, files csstd did not write survive, a failed
//! build leaves the previous output exactly as it was, and a region held back by lint
//! errors loses its old files.

mod common;

#[path = "../benches/support/synth.rs"]
mod synth;

use common::{Run, assert_unchanged, csstd, listing};
use std::path::Path;
use tempfile::TempDir;

/// A generated project with chains of several lengths, appends, overrides and legal notes.
fn project(regions: usize, clauses: usize) -> TempDir {
    let dir = tempfile::Builder::new()
        .prefix("csstd-build-")
        .tempdir()
        .expect("create a temporary folder");
    synth::generate(
        dir.path(),
        &synth::Options {
            regions,
            clauses,
            seed: 7,
        },
    )
    .expect("generate a project");
    dir
}

fn build(dir: &Path, out: &str, extra: &[&str]) -> Run {
    let mut args = vec!["build", "--out", out, "--today", synth::TODAY];
    args.extend_from_slice(extra);
    csstd(dir, &args)
}

#[test]
fn every_jobs_count_writes_the_same_bytes() {
    let p = project(9, 24);
    let mut outputs = Vec::new();
    for jobs in ["1", "2", "3"] {
        let out = format!("out-{jobs}");
        let run = build(p.path(), &out, &["--jobs", jobs]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        outputs.push(common::files_under(&p.path().join(out)));
    }
    assert_eq!(
        outputs[0].len(),
        9 * 3 + 3,
        "3 files per region, index.md/html, manifest"
    );
    assert_eq!(outputs[0], outputs[1]);
    assert_eq!(outputs[0], outputs[2]);
}

#[test]
fn the_manifest_lists_every_file_with_its_digest() {
    let p = project(3, 12);
    assert_eq!(build(p.path(), "dist", &[]).code, 0);
    let dist = p.path().join("dist");
    let text = std::fs::read_to_string(dist.join("manifest.json")).expect("a manifest");
    let v: serde_json::Value = serde_json::from_str(&text).expect("manifest is JSON");
    let files = v["files"].as_array().expect("a file list");
    let on_disk = common::files_under(&dist);
    assert_eq!(
        files.len(),
        on_disk.len() - 1,
        "every file but the manifest itself"
    );
    let mut previous = String::new();
    for f in files {
        let path = f["path"].as_str().expect("a path");
        assert!(previous.as_str() < path, "paths in byte order");
        previous = path.to_owned();
        let bytes = &on_disk[path];
        assert_eq!(f["bytes"].as_u64(), Some(bytes.len() as u64));
        let digest = f["sha256"].as_str().expect("a digest");
        assert_eq!(digest.len(), 64);
        assert!(
            digest
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        );
    }
}

#[test]
fn check_of_an_up_to_date_output_passes_and_writes_nothing() {
    let p = project(4, 12);
    assert_eq!(build(p.path(), "dist", &[]).code, 0);
    let before = listing(p.path());
    let run = build(p.path(), "dist", &["--check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("is up to date"), "{}", run.stderr);
    assert_unchanged(p.path(), &before);
}

#[test]
fn check_names_stale_missing_and_left_over_files_and_writes_nothing() {
    let p = project(4, 12);
    assert_eq!(build(p.path(), "dist", &[]).code, 0);
    let dist = p.path().join("dist");
    std::fs::write(dist.join("r0001/handbook.md"), "edited by hand\n").expect("edit");
    std::fs::remove_file(dist.join("r0002/standard.json")).expect("remove");
    // A region that no longer exists leaves its old files behind.
    std::fs::remove_file(p.path().join("cultures/r0003.toml")).expect("remove a region");
    let before = listing(p.path());
    let run = build(p.path(), "dist", &["--check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for line in [
        "stale: r0001/handbook.md",
        "missing: r0002/standard.json",
        "stale: manifest.json",
        "left over: r0003/handbook.md",
        "left over: r0003/standard.json",
    ] {
        assert!(run.stderr.contains(line), "`{line}` in:\n{}", run.stderr);
    }
    assert!(run.stderr.contains("is out of date"), "{}", run.stderr);
    assert_unchanged(p.path(), &before);
}

#[test]
fn files_csstd_did_not_write_survive_a_build() {
    let p = project(3, 12);
    assert_eq!(build(p.path(), "dist", &[]).code, 0);
    let dist = p.path().join("dist");
    common::write(&dist, "README.txt", "kept by the team\n");
    common::write(&dist, "r0000/notes/extra.md", "mine\n");
    assert_eq!(build(p.path(), "dist", &["--jobs", "2"]).code, 0);
    assert_eq!(common::read(&dist, "README.txt"), "kept by the team\n");
    assert_eq!(common::read(&dist, "r0000/notes/extra.md"), "mine\n");
    let listed = common::manifest_paths(&dist);
    assert!(
        !listed
            .iter()
            .any(|f| f == "README.txt" || f.contains("notes"))
    );
    assert!(listed.contains(&"r0000/handbook.html".to_owned()));
    // No staging or backup folder is left beside the output.
    let siblings: Vec<String> = std::fs::read_dir(p.path())
        .expect("list the project")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| n.contains("csstd-"))
        .collect();
    assert!(siblings.is_empty(), "{siblings:?}");
}

#[test]
fn a_template_failing_mid_build_leaves_the_output_as_it_was() {
    let p = project(4, 12);
    assert_eq!(build(p.path(), "dist", &[]).code, 0);
    let before = listing(p.path());
    // Parses, then fails while rendering, after other files may have been staged.
    common::write(
        p.path(),
        "templates/handbook.html.j2",
        "<html>{{ no_such_function(region) }}</html>\n",
    );
    let before_with_template = listing(p.path());
    let run = build(p.path(), "dist", &["--jobs", "2"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("template"), "{}", run.stderr);
    assert_unchanged(p.path(), &before_with_template);
    assert_eq!(
        before.len() + 2,
        before_with_template.len(),
        "only the template and its folder were added"
    );
}

#[test]
fn a_region_with_lint_errors_is_not_built_and_loses_its_old_files() {
    let p = project(3, 12);
    assert_eq!(build(p.path(), "dist", &[]).code, 0);
    let file = p.path().join("cultures/r0001.toml");
    let text = std::fs::read_to_string(&file).expect("read a region");
    let broken: String = text
        .lines()
        .filter(|l| !l.starts_with("directness"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&file, broken).expect("write a region");
    let run = build(p.path(), "dist", &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("`r0001` not built"), "{}", run.stderr);
    let dist = p.path().join("dist");
    assert!(!dist.join("r0001/handbook.html").exists());
    assert!(!dist.join("r0001/standard.json").exists());
    assert!(dist.join("r0000/handbook.html").exists());
    assert!(
        !common::manifest_paths(&dist)
            .iter()
            .any(|f| f.starts_with("r0001/"))
    );
    let index = common::read(&dist, "index.md");
    assert!(index.contains("r0001"), "the index still lists the region");
}

/// `standard.json` written straight from the tree is what the JSON tree of `resolve`
/// gives, and a handbook rendered from a resolved region is the one rendered from its
/// `standard.json`.
#[test]
fn direct_serialization_matches_the_json_tree() {
    use csstd::render::{RenderContext, Templates};
    use csstd::resolve::output::{to_json, write_json_pretty};
    let p = project(5, 20);
    let fs = csstd::load::fs::DiskSource {
        root: p.path().to_path_buf(),
    };
    let (_, resolution) =
        csstd::resolve::load_and_resolve(p.path(), &fs).expect("the project resolves");
    let templates = Templates::new(None).expect("built-in templates");
    let ctx = RenderContext {
        today: synth::TODAY.into(),
        csstd_version: "0.0.0".into(),
    };
    for r in resolution.docs.values() {
        let tree = serde_json::to_vec_pretty(&to_json(r, true)).expect("serialize");
        let mut direct = Vec::new();
        write_json_pretty(r, true, &mut direct);
        assert_eq!(
            String::from_utf8_lossy(&direct),
            String::from_utf8_lossy(&tree)
        );
        if r.is_region() {
            let json = to_json(r, false);
            let data = templates.region_data(r).expect("template data");
            assert_eq!(
                templates.handbook_md_of(&data, &ctx).expect("md"),
                templates.handbook_md(&json, &ctx).expect("md")
            );
            assert_eq!(
                templates.handbook_html_of(&data, &ctx).expect("html"),
                templates.handbook_html(&json, &ctx).expect("html")
            );
        }
    }
}

/// A region is resolved only when its turn comes, and a chain prefix may be resolved
/// again later: input errors in either still stop the build before anything is written,
/// with the same report as every other command.
#[test]
fn input_errors_in_a_region_or_a_prefix_stop_the_build_as_they_stop_lint() {
    for (file, from, to) in [
        // A region's own clause names a section that does not exist.
        (
            "cultures/r0002.toml",
            "section = \"s0",
            "section = \"nosuch",
        ),
        // A group appends to a clause that is not inherited.
        ("cultures/g00.toml", "id = \"c0", "id = \"zz0"),
    ] {
        let p = project(5, 12);
        let path = p.path().join(file);
        let text = std::fs::read_to_string(&path).expect("read a culture");
        assert!(text.contains(from), "{file} has `{from}`");
        std::fs::write(&path, text.replacen(from, to, 1)).expect("write a culture");
        let before = listing(p.path());
        let built = build(p.path(), "dist", &["--jobs", "2"]);
        assert_eq!(built.code, 2, "{file}: {}", built.stderr);
        assert!(
            built.stderr.contains("nothing was written"),
            "{}",
            built.stderr
        );
        assert_unchanged(p.path(), &before);
        let linted = csstd(p.path(), &["lint", "--today", synth::TODAY]);
        assert_eq!(linted.code, 2);
        assert_eq!(built.stderr, linted.stderr, "{file}: the same report");
    }
}

/// Paths that repeat (a key with a dot, an id that reads like an index) are written once
/// in `provenance`, as the JSON tree keeps them, by the streaming writer too.
#[test]
fn odd_keys_give_the_same_provenance_as_the_json_tree() {
    use csstd::resolve::output::{to_json, write_json_pretty};
    let dir = tempfile::tempdir().expect("a temporary folder");
    common::copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/starter"),
        dir.path(),
    );
    let region = dir.path().join("cultures/en-US.toml");
    let mut text = std::fs::read_to_string(&region).expect("read the region");
    text = text.replacen(
        "[communication]\n",
        "\"x-a.b\" = 1\n\"x-a\" = { b = 2 }\n\"x-c[0]\" = 3\n\n[communication]\n",
        1,
    );
    std::fs::write(&region, text).expect("write the region");
    let fs = csstd::load::fs::DiskSource {
        root: dir.path().to_path_buf(),
    };
    let (_, resolution) =
        csstd::resolve::load_and_resolve(dir.path(), &fs).expect("the project resolves");
    let r = &resolution.docs["en-US"];
    let mut direct = Vec::new();
    write_json_pretty(r, true, &mut direct);
    let tree = serde_json::to_vec_pretty(&to_json(r, true)).expect("serialize");
    let direct = String::from_utf8_lossy(&direct);
    assert_eq!(direct, String::from_utf8_lossy(&tree));
    assert_eq!(direct.matches("\"culture.x-a.b\"").count(), 1, "{direct}");
}
