//! `csstd build` (SPEC 5, "build output"): what it writes, that it writes it
//! atomically and deterministically, `--check`, regions held back by lint
//! errors, files it did not write, the manifest, project templates, region
//! selection, `--emit`, `[build] out` and the folders `--out` may not be.
//!
//! Most cases start from the `clean` fixture (one region, `de-DE`, which lints
//! with no finding) with two more regions added, so that a build renders
//! several regions at once and a case can break or select one of them.

mod common;

use common::{Run, TODAY, assert_unchanged, csstd, csstd_env, listing, project, write};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// Austria: a second region under `eu`, clean like `de-DE`.
const DE_AT: &str = r#"[culture]
id = "de-AT"
name = "Austria"
extends = "eu"
languages = ["de", "en"]
timezone = "Europe/Vienna"
schedule = "office"

[communication]
directness = "balanced"
formality = "formal"
"#;

/// Ireland: a third region, straight under the base standard.
const EN_IE: &str = r#"[culture]
id = "en-IE"
name = "Ireland"
extends = "base"
languages = ["en"]
timezone = "Europe/Dublin"
schedule = "office"

[communication]
directness = "balanced"
context = "medium"
formality = "neutral"
"#;

/// `en-IE` with two lint errors: no communication profile at all, and the
/// data-protection note removed.
const EN_IE_BROKEN: &str = r#"[culture]
id = "en-IE"
name = "Ireland"
extends = "base"
languages = ["en"]
timezone = "Europe/Dublin"
schedule = "office"

[[legal]]
id = "data-protection"
remove = true
"#;

/// The files every region gets with the default `--emit`.
const REGION_FILES: [&str; 3] = ["handbook.html", "handbook.md", "standard.json"];

/// A copy of the clean project with the regions `de-DE`, `de-AT` and `en-IE`.
fn three_regions() -> TempDir {
    let p = project("clean");
    write(p.path(), "cultures/de-AT.toml", DE_AT);
    write(p.path(), "cultures/en-IE.toml", EN_IE);
    p
}

/// A copy of the repository's own project: the shipped standard, its twelve regions and
/// their catalogues.
fn shipped() -> TempDir {
    common::shipped()
}

/// `csstd build ARGS` in `dir`, on [`TODAY`] unless `args` name another day.
fn build(dir: &Path, args: &[&str]) -> Run {
    let mut all = vec!["build"];
    if !args.contains(&"--today") {
        all.extend(["--today", TODAY]);
    }
    all.extend_from_slice(args);
    csstd(dir, &all)
}

/// Builds and asserts exit code 0.
fn build_ok(dir: &Path, args: &[&str]) -> Run {
    let run = build(dir, args);
    assert_eq!(run.code, 0, "build {args:?} failed:\n{}", run.stderr);
    run
}

/// The paths of every file under `dir`.
fn paths(dir: &Path) -> BTreeSet<String> {
    common::files_under(dir).into_keys().collect()
}

/// The set of `paths`, as owned strings.
fn set(paths: &[&str]) -> BTreeSet<String> {
    paths.iter().map(|p| p.to_string()).collect()
}

/// What a build with the default `--emit` writes for `regions`.
fn outputs(regions: &[&str]) -> BTreeSet<String> {
    let mut all = set(&["index.html", "index.md", "manifest.json"]);
    for r in regions {
        all.extend(REGION_FILES.iter().map(|f| format!("{r}/{f}")));
    }
    all
}

fn manifest(out: &Path) -> Value {
    let text = std::fs::read_to_string(out.join("manifest.json")).expect("read manifest.json");
    serde_json::from_str(&text).expect("manifest.json is JSON")
}

/// The paths `manifest.json` lists.
fn manifest_paths(out: &Path) -> BTreeSet<String> {
    common::manifest_paths(out).into_iter().collect()
}

/// Entries beside `out` that csstd may use while it works and must not leave behind.
fn leftovers(out: &Path) -> Vec<String> {
    let parent = out.parent().expect("--out has a parent");
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Vec::new();
    };
    entries
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.contains("csstd-"))
        .collect()
}

fn assert_no_leftovers(out: &Path) {
    let left = leftovers(out);
    assert!(
        left.is_empty(),
        "csstd left {left:?} beside {}",
        out.display()
    );
}

fn text(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
}

/// Lints `region` alone and counts its unsuppressed error-level findings.
fn lint_errors(dir: &Path, region: &str) -> usize {
    let run = csstd(dir, &["lint", region, "--today", TODAY, "--format", "json"]);
    let v = common::json(&run);
    common::findings(&v)
        .iter()
        .filter(|f| f.severity == "error" && f.suppressed.is_none())
        .filter(|f| f.regions.iter().any(|r| r == region))
        .count()
}

/// A strings catalogue shipped with csstd, read from the source tree.
fn catalogue(lang: &str) -> toml::Table {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("src/render/catalog/{lang}.toml"));
    toml::from_str(&std::fs::read_to_string(path).expect("read a catalogue")).expect("TOML")
}

fn string(cat: &toml::Table, key: &str) -> String {
    cat[key].as_str().expect("a catalogue string").to_string()
}

// ---------------------------------------------------------------------------
// What a build writes

#[test]
fn a_build_writes_the_handbooks_index_standard_and_manifest_of_every_region() {
    let p = three_regions();
    let run = build_ok(p.path(), &[]);
    let out = p.path().join("dist");
    assert_eq!(paths(&out), outputs(&["de-AT", "de-DE", "en-IE"]));
    assert!(
        run.stderr.contains("built 3 of 3 regions"),
        "{}",
        run.stderr
    );
    assert_no_leftovers(&out);

    // standard.json is the resolved standard with provenance, as `resolve --format json --provenance`.
    let standard: Value = serde_json::from_str(&text(&out, "de-AT/standard.json")).unwrap();
    assert_eq!(
        standard["chain"],
        serde_json::json!(["base", "eu", "de-AT"])
    );
    assert!(standard["provenance"].is_object(), "{standard:#}");
    let resolved = csstd(
        p.path(),
        &["resolve", "de-AT", "--format", "json", "--provenance"],
    );
    assert_eq!(resolved.code, 0, "{}", resolved.stderr);
    assert_eq!(standard, common::json(&resolved));

    // The index links every handbook, in both formats.
    let index_md = text(&out, "index.md");
    let index_html = text(&out, "index.html");
    for r in ["de-AT", "de-DE", "en-IE"] {
        assert!(
            index_md.contains(&format!("({r}/handbook.md)")),
            "{index_md}"
        );
        assert!(
            index_md.contains(&format!("({r}/handbook.html)")),
            "{index_md}"
        );
        assert!(index_html.contains(&format!("href=\"{r}/handbook.html\"")));
        assert!(index_html.contains(&format!("href=\"{r}/handbook.md\"")));
    }
}

#[test]
fn manifest_lists_every_output_with_its_lowercase_sha256_and_size() {
    let p = three_regions();
    // A file csstd did not write is not in the manifest.
    write(p.path(), "dist/README.txt", "ours, not csstd's\n");
    build_ok(p.path(), &[]);
    let out = p.path().join("dist");
    let m = manifest(&out);
    assert_eq!(m["version"], 1);
    assert_eq!(m["csstd_version"], env!("CARGO_PKG_VERSION"));

    let written = common::files_under(&out);
    let listed = m["files"].as_array().expect("`files` is an array");
    let listed_paths: Vec<&str> = listed.iter().map(|f| f["path"].as_str().unwrap()).collect();
    let mut sorted = listed_paths.clone();
    sorted.sort_unstable();
    assert_eq!(listed_paths, sorted, "manifest files are sorted by path");

    // Every output but the manifest itself, and nothing else.
    let mut expected = outputs(&["de-AT", "de-DE", "en-IE"]);
    expected.remove("manifest.json");
    assert_eq!(
        listed_paths
            .iter()
            .map(|p| p.to_string())
            .collect::<BTreeSet<_>>(),
        expected
    );
    for f in listed {
        let path = f["path"].as_str().unwrap();
        let sha = f["sha256"].as_str().expect("sha256 is a string");
        assert_eq!(sha.len(), 64, "{path}: {sha}");
        assert!(
            sha.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f')),
            "{path}: digest is not lowercase hex: {sha}"
        );
        let bytes = &written[path];
        assert_eq!(sha, format!("{:x}", Sha256::digest(bytes)), "{path}");
        assert_eq!(f["bytes"].as_u64(), Some(bytes.len() as u64), "{path}");
    }
}

#[test]
fn two_builds_are_byte_identical_whatever_the_jobs() {
    let p = shipped();
    let outs = TempDir::new().unwrap();
    let mut results: Vec<(String, BTreeMap<String, Vec<u8>>)> = Vec::new();
    for jobs in ["1", "2", "3", "8", "1"] {
        let out = outs.path().join(format!("jobs-{jobs}-{}", results.len()));
        let run = build_ok(p.path(), &["--jobs", jobs, "--out", out.to_str().unwrap()]);
        assert!(
            run.stderr.contains("built 12 of 12 regions"),
            "{}",
            run.stderr
        );
        results.push((jobs.to_string(), common::files_under(&out)));
    }
    let (first_jobs, first) = &results[0];
    assert_eq!(first.len(), 12 * 3 + 3, "{:?}", first.keys());
    for (jobs, other) in &results[1..] {
        assert_eq!(
            first.keys().collect::<Vec<_>>(),
            other.keys().collect::<Vec<_>>(),
            "--jobs {first_jobs} and --jobs {jobs} wrote different files"
        );
        for (path, bytes) in first {
            assert!(
                other[path] == *bytes,
                "{path} differs between --jobs {first_jobs} and --jobs {jobs}"
            );
        }
    }
}

#[test]
fn output_does_not_change_with_the_day_of_the_build() {
    let p = three_regions();
    build_ok(p.path(), &[]);
    let out = p.path().join("dist");
    let before = listing(&out);
    // A later day (the holidays are then no longer ahead: warnings, not errors), by flag and by
    // SOURCE_DATE_EPOCH (2027-02-01): the committed output is still up to date.
    let run = build(p.path(), &["--check", "--today", "2027-02-01"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = csstd_env(
        p.path(),
        &["build", "--check"],
        &[("SOURCE_DATE_EPOCH", "1801440000")],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_unchanged(&out, &before);
}

// ---------------------------------------------------------------------------
// --check

#[test]
fn check_exits_0_when_up_to_date_and_writes_nothing() {
    let p = three_regions();
    build_ok(p.path(), &[]);
    let before = listing(p.path());
    let run = build(p.path(), &["--check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("is up to date"), "{}", run.stderr);
    assert_unchanged(p.path(), &before);
}

#[test]
fn check_exits_1_when_the_output_is_missing_and_creates_nothing() {
    let p = three_regions();
    let before = listing(p.path());
    let run = build(p.path(), &["--check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for f in outputs(&["de-AT", "de-DE", "en-IE"]) {
        assert!(
            run.stderr.contains(&format!("missing: {f}")),
            "{f} not reported:\n{}",
            run.stderr
        );
    }
    assert!(run.stderr.contains("is out of date"), "{}", run.stderr);
    // Not even an empty dist/ or a staging folder.
    assert_unchanged(p.path(), &before);
}

#[test]
fn check_exits_1_on_stale_missing_or_left_over_files_and_writes_nothing() {
    let p = three_regions();
    build_ok(p.path(), &[]);
    let out = p.path().join("dist");

    // A source change makes the handbooks of every region that inherits it stale.
    let base = common::read(p.path(), "standards/base.toml").replace(
        "Treat every customer as an equal.",
        "Treat every customer as an equal, always.",
    );
    write(p.path(), "standards/base.toml", base);
    // A handbook deleted by hand is missing.
    std::fs::remove_file(out.join("en-IE/handbook.html")).unwrap();
    // A region dropped from the project leaves its files over.
    std::fs::remove_file(p.path().join("cultures/de-AT.toml")).unwrap();

    let before = listing(p.path());
    let run = build(p.path(), &["--check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for line in [
        "stale: de-DE/handbook.md",
        "stale: de-DE/handbook.html",
        "stale: de-DE/standard.json",
        "stale: en-IE/handbook.md",
        "missing: en-IE/handbook.html",
        "left over: de-AT/handbook.md",
        "left over: de-AT/handbook.html",
        "left over: de-AT/standard.json",
        "stale: index.html",
        "stale: manifest.json",
    ] {
        assert!(
            run.stderr.contains(line),
            "`{line}` not reported:\n{}",
            run.stderr
        );
    }
    assert_unchanged(p.path(), &before);

    // A build brings it up to date again.
    build_ok(p.path(), &[]);
    assert_eq!(paths(&out), outputs(&["de-DE", "en-IE"]));
    assert_eq!(build(p.path(), &["--check"]).code, 0);
}

#[test]
fn check_ignores_files_csstd_did_not_write() {
    let p = three_regions();
    build_ok(p.path(), &[]);
    write(p.path(), "dist/CNAME", "handbooks.example.org\n");
    write(p.path(), "dist/de-DE/print.css", "body { margin: 0 }\n");
    let run = build(p.path(), &["--check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn check_with_a_region_held_back_by_lint_errors_exits_1_but_writes_nothing() {
    let p = three_regions();
    write(p.path(), "cultures/en-IE.toml", EN_IE_BROKEN);
    assert_eq!(build(p.path(), &[]).code, 1);
    let before = listing(p.path());
    let run = build(p.path(), &["--check"]);
    // Up to date, but the lint errors still fail it, as they fail the build.
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("is up to date"), "{}", run.stderr);
    assert!(run.stderr.contains("`en-IE` not built"), "{}", run.stderr);
    assert_unchanged(p.path(), &before);
}

// ---------------------------------------------------------------------------
// Regions with lint errors

#[test]
fn a_region_with_lint_errors_is_not_rendered_and_its_earlier_files_are_removed() {
    let p = three_regions();
    build_ok(p.path(), &[]);
    let out = p.path().join("dist");
    write(
        p.path(),
        "dist/en-IE/notes.txt",
        "kept: csstd did not write it\n",
    );

    write(p.path(), "cultures/en-IE.toml", EN_IE_BROKEN);
    let errors = lint_errors(p.path(), "en-IE");
    assert_eq!(errors, 2, "the broken region has two lint errors");

    let run = build(p.path(), &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    // The findings are printed, and the region is named with its error count.
    assert!(
        run.stderr
            .contains("error[cultural-sensitivity/missing-communication-profile]"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("error[legal-compliance/no-data-protection-note]"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("`en-IE` not built: 2 lint errors"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("built 2 of 3 regions"),
        "{}",
        run.stderr
    );

    // The other regions are rendered; the broken one's earlier handbooks are gone, the file
    // csstd did not write is not.
    let mut expected = outputs(&["de-AT", "de-DE"]);
    expected.insert("en-IE/notes.txt".into());
    assert_eq!(paths(&out), expected);
    assert!(
        manifest_paths(&out)
            .iter()
            .all(|p| !p.starts_with("en-IE/"))
    );
    assert_no_leftovers(&out);

    // The index lists it as not built, with its error count, and links no handbook of it.
    let en = catalogue("en");
    let not_built = string(&en, "not_built").replace("{count}", &errors.to_string());
    let md = text(&out, "index.md");
    let row = md
        .lines()
        .find(|l| l.contains("(en-IE)"))
        .unwrap_or_else(|| panic!("index.md has no row for en-IE:\n{md}"));
    assert!(row.contains(&not_built), "{row}");
    assert!(
        !md.contains("en-IE/handbook"),
        "index.md links a handbook of en-IE"
    );
    let html = scraper::Html::parse_document(&text(&out, "index.html"));
    let rows = scraper::Selector::parse("tbody tr").unwrap();
    let row: String = html
        .select(&rows)
        .map(|tr| tr.text().collect::<String>())
        .find(|t| t.contains("en-IE"))
        .expect("index.html has a row for en-IE");
    assert!(row.contains(&not_built), "{row}");
    assert!(!text(&out, "index.html").contains("en-IE/handbook"));

    // Fixed, it is built again.
    write(p.path(), "cultures/en-IE.toml", EN_IE);
    build_ok(p.path(), &[]);
    let mut expected = outputs(&["de-AT", "de-DE", "en-IE"]);
    expected.insert("en-IE/notes.txt".into());
    assert_eq!(paths(&out), expected);
}

#[test]
fn the_folder_of_a_region_held_back_is_removed_once_emptied() {
    // csstd removes the files it wrote, and the region's folder it thereby emptied.
    let p = three_regions();
    build_ok(p.path(), &[]);
    write(p.path(), "cultures/en-IE.toml", EN_IE_BROKEN);
    assert_eq!(build(p.path(), &[]).code, 1);
    assert!(!p.path().join("dist/en-IE").exists());
}

#[test]
fn when_every_region_has_lint_errors_only_the_index_and_manifest_are_written() {
    let p = project("clean");
    let de = common::read(p.path(), "cultures/de-DE.toml").replace("directness = \"direct\"\n", "");
    write(p.path(), "cultures/de-DE.toml", de);
    let run = build(p.path(), &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("built 0 of 1 region"), "{}", run.stderr);
    let out = p.path().join("dist");
    assert_eq!(
        paths(&out),
        set(&["index.html", "index.md", "manifest.json"])
    );
}

// ---------------------------------------------------------------------------
// Files csstd did not write; atomicity; the staging folder

#[test]
fn files_in_the_output_folder_that_csstd_did_not_write_are_never_deleted() {
    let p = three_regions();
    let ours: [(&str, &[u8]); 5] = [
        ("dist/CNAME", b"handbooks.example.org\n"),
        (
            "dist/assets/logo.svg",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
        ),
        ("dist/de-DE/print.css", b"body { margin: 0 }\n"),
        // Named like csstd's outputs, but for a region this project never had.
        (
            "dist/fr-FR/handbook.html",
            b"<!DOCTYPE html><p>by hand</p>\n",
        ),
        ("dist/.hidden", b"\x00\x01binary\xff"),
    ];
    for (path, bytes) in ours {
        write(p.path(), path, bytes);
    }
    std::fs::create_dir_all(p.path().join("dist/empty")).unwrap();
    let check = |stage: &str| {
        for (path, bytes) in ours {
            let got = std::fs::read(p.path().join(path))
                .unwrap_or_else(|e| panic!("{stage}: {path} is gone: {e}"));
            assert_eq!(got, bytes, "{stage}: {path} changed");
        }
        assert!(
            p.path().join("dist/empty").is_dir(),
            "{stage}: empty folder gone"
        );
    };

    build_ok(p.path(), &[]);
    check("first build");
    build_ok(p.path(), &[]);
    check("second build");
    // A region held back, a region dropped, a narrower build: csstd removes only its own files.
    write(p.path(), "cultures/en-IE.toml", EN_IE_BROKEN);
    assert_eq!(build(p.path(), &[]).code, 1);
    check("build with lint errors");
    std::fs::remove_file(p.path().join("cultures/de-AT.toml")).unwrap();
    assert_eq!(build(p.path(), &[]).code, 1);
    check("build after a region was dropped");
    build_ok(p.path(), &["de-DE", "--emit", "md"]);
    check("build of one region as Markdown");
    let out = p.path().join("dist");
    assert!(!out.join("de-AT").join("handbook.md").exists());
    assert!(!out.join("de-DE").join("handbook.html").exists());
    assert_no_leftovers(&out);
}

#[test]
fn a_tampered_manifest_cannot_make_csstd_touch_files_outside_the_output_folder() {
    let p = three_regions();
    build_ok(p.path(), &[]);
    write(p.path(), "secret.txt", "keep me\n");
    let outside = p.path().join("secret.txt");
    let absolute = outside.to_str().unwrap();
    write(
        p.path(),
        "dist/manifest.json",
        format!(
            r#"{{"version":1,"files":[{{"path":"../secret.txt"}},{{"path":"{absolute}"}},{{"path":"de-DE/../../secret.txt"}}]}}"#
        ),
    );
    let run = build(p.path(), &["--check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stderr.contains("secret"), "{}", run.stderr);
    build_ok(p.path(), &[]);
    assert_eq!(common::read(p.path(), "secret.txt"), "keep me\n");
    assert_eq!(
        paths(&p.path().join("dist")),
        outputs(&["de-AT", "de-DE", "en-IE"])
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_csstd_did_not_write_is_kept_as_a_symlink() {
    let p = three_regions();
    std::fs::create_dir_all(p.path().join("dist")).unwrap();
    std::os::unix::fs::symlink("de-DE/handbook.html", p.path().join("dist/latest.html")).unwrap();
    build_ok(p.path(), &[]);
    build_ok(p.path(), &[]);
    let link = p.path().join("dist/latest.html");
    assert_eq!(
        std::fs::read_link(&link).unwrap(),
        PathBuf::from("de-DE/handbook.html")
    );
}

#[test]
fn a_template_error_in_one_region_midway_leaves_the_previous_output_untouched() {
    let p = three_regions();
    build_ok(p.path(), &[]);
    // Fails only for `en-IE`, after the other regions have rendered fine.
    write(
        p.path(),
        "templates/handbook.html.j2",
        "{% if region.culture.id == \"en-IE\" %}{{ no_such_function() }}{% endif %}\
         {% include \"builtin/handbook.html.j2\" %}",
    );
    write(
        p.path(),
        "cultures/fr-BE.toml",
        EN_IE.replace("en-IE", "fr-BE"),
    );
    let before = listing(p.path());
    let run = build(p.path(), &["--jobs", "3"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("handbook.html.j2"), "{}", run.stderr);
    assert!(run.stderr.contains("no_such_function"), "{}", run.stderr);
    assert_unchanged(p.path(), &before);
}

#[test]
fn a_build_that_cannot_be_written_leaves_the_previous_output_untouched() {
    let p = three_regions();
    build_ok(p.path(), &[]);
    // A new region whose folder name is taken by a file csstd did not write: staging fails
    // after it has copied the previous output and written part of the new one.
    write(p.path(), "dist/fr-BE", "a file, not a folder\n");
    write(
        p.path(),
        "cultures/fr-BE.toml",
        EN_IE.replace("en-IE", "fr-BE"),
    );
    let before = listing(p.path());
    let run = build(p.path(), &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("unchanged"), "{}", run.stderr);
    assert_unchanged(p.path(), &before);
    assert_no_leftovers(&p.path().join("dist"));
}

#[test]
fn no_staging_folder_is_left_behind_whatever_the_outcome() {
    let p = three_regions();
    let outs = TempDir::new().unwrap();
    let out = outs.path().join("site");
    let out_arg = out.to_str().unwrap();
    // Everything in the folder that holds --out: --out itself and nothing beside it.
    let only_out = || -> Vec<String> {
        std::fs::read_dir(outs.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    };

    build_ok(p.path(), &["--out", out_arg]);
    assert_eq!(only_out(), ["site"]);
    build_ok(p.path(), &["--out", out_arg]);
    assert_eq!(only_out(), ["site"]);
    assert_eq!(build(p.path(), &["--out", out_arg, "--check"]).code, 0);
    assert_eq!(only_out(), ["site"]);

    write(p.path(), "cultures/en-IE.toml", EN_IE_BROKEN);
    assert_eq!(build(p.path(), &["--out", out_arg]).code, 1);
    assert_eq!(only_out(), ["site"]);

    write(p.path(), "templates/index.md.j2", "{{ nope() }}");
    assert_eq!(build(p.path(), &["--out", out_arg]).code, 2);
    assert_eq!(only_out(), ["site"]);
    std::fs::remove_file(p.path().join("templates/index.md.j2")).unwrap();

    write(&out, "fr-BE", "in the way\n");
    write(
        p.path(),
        "cultures/fr-BE.toml",
        EN_IE.replace("en-IE", "fr-BE"),
    );
    assert_eq!(build(p.path(), &["--out", out_arg]).code, 2);
    assert_eq!(only_out(), ["site"]);
}

#[test]
fn the_next_build_cleans_up_after_an_interrupted_one() {
    let p = three_regions();
    let outs = TempDir::new().unwrap();
    let out = outs.path().join("dist");
    let out_arg = out.to_str().unwrap();
    build_ok(p.path(), &["--out", out_arg]);
    write(&out, "CNAME", "handbooks.example.org\n");

    // Killed while staging: a half-written staging folder.
    write(outs.path(), ".dist.csstd-staging/de-DE/handbook.md", "half");
    build_ok(p.path(), &["--out", out_arg]);
    assert_eq!(leftovers(&out), Vec::<String>::new());
    assert_eq!(text(&out, "CNAME"), "handbooks.example.org\n");

    // Killed between the two renames of the swap: the previous output is only in the backup.
    std::fs::rename(&out, outs.path().join(".dist.csstd-previous")).unwrap();
    write(
        outs.path(),
        ".dist.csstd-staging/index.md",
        "new, unfinished",
    );
    build_ok(p.path(), &["--out", out_arg]);
    assert_eq!(leftovers(&out), Vec::<String>::new());
    let mut expected = outputs(&["de-AT", "de-DE", "en-IE"]);
    expected.insert("CNAME".into());
    assert_eq!(paths(&out), expected);
    assert_eq!(text(&out, "CNAME"), "handbooks.example.org\n");
    assert_eq!(build(p.path(), &["--out", out_arg, "--check"]).code, 0);
}

// ---------------------------------------------------------------------------
// Templates

#[test]
fn a_project_template_overrides_the_built_in_one_by_name() {
    let p = three_regions();
    let plain = three_regions();
    build_ok(plain.path(), &[]);
    write(
        p.path(),
        "templates/handbook.md.j2",
        "CUSTOM {{ region.culture.id }} {{ lang }} {{ dir }} {{ today }} {{ csstd_version }}\n",
    );
    write(
        p.path(),
        "templates/partials/style.css",
        "body { color: rebeccapurple }\n",
    );
    build_ok(p.path(), &[]);
    let out = p.path().join("dist");
    assert_eq!(
        text(&out, "de-DE/handbook.md"),
        format!(
            "CUSTOM de-DE en ltr {TODAY} {}\n",
            env!("CARGO_PKG_VERSION")
        )
    );
    // The overridden partial is used by the built-in page; the rest is as without overrides.
    let html = text(&out, "de-DE/handbook.html");
    assert!(html.contains("body { color: rebeccapurple }"), "{html}");
    let plain_html = text(&plain.path().join("dist"), "de-DE/handbook.html");
    assert_ne!(html, plain_html);
    assert_eq!(
        text(&out, "index.md"),
        text(&plain.path().join("dist"), "index.md")
    );
}

#[test]
fn a_templates_folder_named_in_csstd_toml_is_used() {
    let p = three_regions();
    write(
        p.path(),
        "csstd.toml",
        "[project]\ntemplates = \"layout\"\n",
    );
    write(
        p.path(),
        "layout/index.md.j2",
        "{{ index.regions|length }} regions\n",
    );
    build_ok(p.path(), &[]);
    assert_eq!(text(&p.path().join("dist"), "index.md"), "3 regions\n");
}

/// Builds once, installs `templates`, builds again: exit 2, and nothing in the project
/// (the previous output included) has changed.
fn assert_template_error(templates: &[(&str, &str)], message: &[&str]) -> Run {
    let p = three_regions();
    build_ok(p.path(), &[]);
    for (path, text) in templates {
        write(p.path(), path, text);
    }
    let before = listing(p.path());
    let run = build(p.path(), &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    for m in message {
        assert!(run.stderr.contains(m), "`{m}` not in:\n{}", run.stderr);
    }
    assert_unchanged(p.path(), &before);
    run
}

#[test]
fn an_include_that_escapes_the_templates_folder_is_an_error_of_the_whole_build() {
    let run = assert_template_error(
        &[
            ("secret.txt", "TOP SECRET"),
            (
                "templates/handbook.html.j2",
                "{% include \"../secret.txt\" %}",
            ),
        ],
        &["handbook.html.j2", "../secret.txt", "refused"],
    );
    assert!(!run.stderr.contains("TOP SECRET"));
    // From a partial, and with an absolute path.
    assert_template_error(
        &[
            (
                "templates/handbook.md.j2",
                "{% include \"partials/x.j2\" %}",
            ),
            (
                "templates/partials/x.j2",
                "{% include \"../../secret.txt\" %}",
            ),
        ],
        &["../../secret.txt", "refused"],
    );
    assert_template_error(
        &[("templates/index.html.j2", "{% include \"/etc/hostname\" %}")],
        &["/etc/hostname", "refused"],
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_templates_folder_is_refused() {
    let p = three_regions();
    build_ok(p.path(), &[]);
    write(p.path(), "secret.txt", "TOP SECRET");
    write(
        p.path(),
        "templates/handbook.md.j2",
        "{% include \"partials/leak.j2\" %}",
    );
    std::fs::create_dir_all(p.path().join("templates/partials")).unwrap();
    std::os::unix::fs::symlink(
        p.path().join("secret.txt"),
        p.path().join("templates/partials/leak.j2"),
    )
    .unwrap();
    let before = listing(p.path());
    let run = build(p.path(), &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("refused"), "{}", run.stderr);
    assert!(!run.stderr.contains("TOP SECRET"));
    assert_unchanged(p.path(), &before);
}

#[test]
fn a_template_syntax_error_is_an_error_of_the_whole_build() {
    assert_template_error(
        &[(
            "templates/handbook.html.j2",
            "<p>\n{% if region %}\n<p>unclosed\n",
        )],
        &["handbook.html.j2", "syntax error"],
    );
    // In a partial that only rendering reaches.
    assert_template_error(
        &[(
            "templates/partials/head.html.j2",
            "<title>{{ page_title </title>",
        )],
        &["partials/head.html.j2", "syntax error"],
    );
}

// ---------------------------------------------------------------------------
// Which regions, which formats, where

#[test]
fn build_region_builds_only_that_region() {
    let p = three_regions();
    let run = build_ok(p.path(), &["de-AT"]);
    assert!(run.stderr.contains("built 1 of 1 region"), "{}", run.stderr);
    let out = p.path().join("dist");
    assert_eq!(paths(&out), outputs(&["de-AT"]));
    let index = text(&out, "index.md");
    assert!(index.contains("(de-AT)"), "{index}");
    assert!(
        !index.contains("(de-DE)") && !index.contains("(en-IE)"),
        "{index}"
    );

    // Two regions named: those two.
    build_ok(p.path(), &["en-IE", "de-AT"]);
    assert_eq!(paths(&out), outputs(&["de-AT", "en-IE"]));
}

#[test]
fn building_one_region_replaces_the_output_of_an_earlier_full_build() {
    // Judgement call (recorded here): the output folder holds what the last build wrote, so
    // `build de-AT` after a full build removes the other regions' handbooks, and the index and
    // manifest list only de-AT. A stale handbook can thus never pass for a current one.
    let p = three_regions();
    build_ok(p.path(), &[]);
    build_ok(p.path(), &["de-AT"]);
    let out = p.path().join("dist");
    assert_eq!(paths(&out), outputs(&["de-AT"]));
    assert_eq!(build(p.path(), &["de-AT", "--check"]).code, 0);
    let run = build(p.path(), &["--check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("missing: de-DE/handbook.html"),
        "{}",
        run.stderr
    );
}

#[test]
fn build_of_an_abstract_culture_a_standard_or_an_unknown_id_exits_2_and_writes_nothing() {
    let p = three_regions();
    let before = listing(p.path());
    for (args, message) in [
        (&["eu"][..], "`eu` is not a region"),
        (&["base"][..], "`base` is not a region"),
        (&["de-DE", "eu"][..], "`eu` is not a region"),
        (&["de-DEE"][..], "did you mean `de-DE`?"),
    ] {
        let run = build(p.path(), args);
        assert_eq!(run.code, 2, "build {args:?}:\n{}", run.stderr);
        assert!(
            run.stderr.contains(message),
            "build {args:?}:\n{}",
            run.stderr
        );
        assert_unchanged(p.path(), &before);
    }
}

#[test]
fn emit_md_writes_no_html_and_emit_html_no_markdown() {
    let p = three_regions();
    let out = p.path().join("dist");
    build_ok(p.path(), &["--emit", "md"]);
    let mut expected = set(&["index.md", "manifest.json"]);
    for r in ["de-AT", "de-DE", "en-IE"] {
        expected.insert(format!("{r}/handbook.md"));
        expected.insert(format!("{r}/standard.json"));
    }
    assert_eq!(paths(&out), expected);
    assert!(!text(&out, "index.md").contains("handbook.html"));

    build_ok(p.path(), &["--emit", "html"]);
    let mut expected = set(&["index.html", "manifest.json"]);
    for r in ["de-AT", "de-DE", "en-IE"] {
        expected.insert(format!("{r}/handbook.html"));
        expected.insert(format!("{r}/standard.json"));
    }
    assert_eq!(paths(&out), expected);
    assert!(!text(&out, "index.html").contains("handbook.md"));

    build_ok(p.path(), &["--emit", "html,md"]);
    assert_eq!(paths(&out), outputs(&["de-AT", "de-DE", "en-IE"]));
}

#[test]
fn emit_in_csstd_toml_is_honoured_and_the_flag_wins() {
    let p = three_regions();
    write(p.path(), "csstd.toml", "[build]\nemit = [\"md\"]\n");
    let out = p.path().join("dist");
    build_ok(p.path(), &[]);
    assert!(paths(&out).iter().all(|f| !f.ends_with(".html")));
    build_ok(p.path(), &["--emit", "html"]);
    assert!(paths(&out).iter().all(|f| !f.ends_with(".md")));
}

#[test]
fn out_in_csstd_toml_is_honoured_relative_to_the_project_root() {
    let p = three_regions();
    write(
        p.path(),
        "csstd.toml",
        "[build]\nout = \"public/handbooks\"\n",
    );
    // Run from elsewhere with -C: `[build] out` is relative to the project, not the working folder.
    let elsewhere = TempDir::new().unwrap();
    let run = csstd(
        elsewhere.path(),
        &["-C", p.path().to_str().unwrap(), "build", "--today", TODAY],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = p.path().join("public/handbooks");
    assert_eq!(paths(&out), outputs(&["de-AT", "de-DE", "en-IE"]));
    assert!(!p.path().join("dist").exists());
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
    assert_no_leftovers(&out);

    // --out wins over the manifest, relative to the working folder.
    let run = csstd(
        elsewhere.path(),
        &[
            "-C",
            p.path().to_str().unwrap(),
            "build",
            "--today",
            TODAY,
            "--out",
            "site",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        paths(&elsewhere.path().join("site")),
        outputs(&["de-AT", "de-DE", "en-IE"])
    );
}

#[test]
fn out_that_is_or_contains_the_project_root_is_refused() {
    let parent = TempDir::new().unwrap();
    let root = parent.path().join("proj");
    let p = three_regions();
    std::fs::rename(p.path(), &root).unwrap();
    let root_arg = root.to_str().unwrap().to_string();
    let before = listing(parent.path());
    for (cwd, out) in [
        (root.clone(), "."),
        (root.clone(), ".."),
        (root.clone(), root_arg.as_str()),
        (root.join("cultures"), ".."),
    ] {
        let run = csstd(
            &cwd,
            &["-C", &root_arg, "build", "--today", TODAY, "--out", out],
        );
        assert_eq!(
            run.code,
            2,
            "--out {out} from {}:\n{}",
            cwd.display(),
            run.stderr
        );
        assert!(
            run.stderr.contains("contains the project itself"),
            "{}",
            run.stderr
        );
        assert_unchanged(parent.path(), &before);
    }
    // Nor by `[build] out`.
    write(&root, "csstd.toml", "[build]\nout = \".\"\n");
    let before = listing(parent.path());
    let run = csstd(&root, &["build", "--today", TODAY]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_unchanged(parent.path(), &before);
    // A folder inside the project is fine: that is what dist/ is.
    write(&root, "csstd.toml", "[build]\nout = \"build/html\"\n");
    let run = csstd(&root, &["build", "--today", TODAY]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(root.join("build/html/index.html").is_file());
}

#[test]
fn the_index_counts_a_single_lint_error_in_the_singular() {
    let p = project("clean");
    write(
        p.path(),
        "cultures/de-CH.toml",
        "[culture]\nid = \"de-CH\"\nname = \"Switzerland\"\nextends = \"de-DE\"\n\n\
         [channels.email]\ntargets = { first_response = \"48h\" }\n",
    );
    let run = csstd(p.path(), &["build", "--today", TODAY]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("`de-CH` not built: 1 lint error\n"),
        "{}",
        run.stderr
    );
    let md = std::fs::read_to_string(p.path().join("dist/index.md")).unwrap();
    let row = md
        .lines()
        .find(|l| l.contains("(de-CH)"))
        .expect("a row for de-CH");
    assert!(row.contains("Not built: 1 lint error"), "{row}");
    assert!(!row.contains("errors"), "{row}");
}
