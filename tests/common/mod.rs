//! Helpers shared by the integration tests: copy a fixture project to a
//! temporary folder, run the real `csstd` binary in it, and check what it wrote.
//!
//! Every run asserts that csstd neither panicked nor hung, so no test can pass
//! on a crash that happens to exit with the expected code.

// Each test file uses a different subset of these helpers.
#![allow(dead_code)]

use serde_json::Value;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};
use tempfile::TempDir;

/// The date every lint run uses, so results never depend on the day the tests run.
pub const TODAY: &str = "2026-11-24";

/// How long one csstd run may take before it counts as a hang.
const TIMEOUT: Duration = Duration::from_secs(60);

/// The folder of a fixture project under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The folders of the repository's own project (the shipped standard, its regions, the
/// templates folder and the translation catalogues); its `csstd.toml` comes with them.
pub const SHIPPED: [&str; 4] = ["standards", "cultures", "templates", "translations"];

/// A temporary copy of the repository's own project.
pub fn shipped() -> TempDir {
    let dir = tempfile::Builder::new()
        .prefix("csstd-shipped-")
        .tempdir()
        .expect("create a temporary folder");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for folder in SHIPPED {
        if root.join(folder).is_dir() {
            copy_dir(&root.join(folder), &dir.path().join(folder));
        }
    }
    std::fs::copy(root.join("csstd.toml"), dir.path().join("csstd.toml")).expect("copy csstd.toml");
    dir
}

/// A temporary copy of the fixture project `name`.
pub fn project(name: &str) -> TempDir {
    let dir = tempfile::Builder::new()
        .prefix("csstd-test-")
        .tempdir()
        .expect("create a temporary folder");
    copy_dir(&fixture(name), dir.path());
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.expect("walk the fixture");
        let rel = entry.path().strip_prefix(from).expect("inside the fixture");
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("create a folder");
        } else {
            std::fs::copy(entry.path(), &dest).expect("copy a fixture file");
        }
    }
}

/// Writes `bytes` to `rel` inside `dir`, creating folders as needed.
pub fn write(dir: &Path, rel: &str, bytes: impl AsRef<[u8]>) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().expect("a file has a parent")).expect("create folders");
    std::fs::write(&path, bytes).expect("write a test file");
}

/// What one run of csstd did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs csstd with `args` in `dir`, with a clean colour and date environment.
pub fn csstd(dir: &Path, args: &[&str]) -> Run {
    csstd_env(dir, args, &[])
}

/// Like [`csstd`], with extra environment variables.
pub fn csstd_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_csstd"));
    cmd.args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("SOURCE_DATE_EPOCH")
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("run the csstd binary");
    let mut out = child.stdout.take().expect("piped stdout");
    let mut err = child.stderr.take().expect("piped stderr");
    let stdout = std::thread::spawn(move || {
        let mut buf = Vec::new();
        out.read_to_end(&mut buf).map(|_| buf)
    });
    let stderr = std::thread::spawn(move || {
        let mut buf = Vec::new();
        err.read_to_end(&mut buf).map(|_| buf)
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for csstd") {
            break status;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            panic!("csstd {args:?} hung for more than {TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let text = |h: std::thread::JoinHandle<std::io::Result<Vec<u8>>>| {
        String::from_utf8(h.join().expect("reader thread").expect("read output"))
            .expect("csstd prints UTF-8")
    };
    let run = Run {
        code: status
            .code()
            .unwrap_or_else(|| panic!("csstd {args:?} was killed by a signal ({status:?})")),
        stdout: text(stdout),
        stderr: text(stderr),
    };
    assert!(
        !run.stderr.contains("panicked") && !run.stderr.contains("RUST_BACKTRACE"),
        "csstd {args:?} panicked:\n{}",
        run.stderr
    );
    run
}

/// Every file and folder under `dir` with its size and modification time.
pub type Listing = BTreeMap<String, (u64, Option<SystemTime>)>;

/// Lists every file and folder under `dir`, to compare before and after a run.
pub fn listing(dir: &Path) -> Listing {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .map(|e| {
            let e = e.expect("walk the project");
            let meta = e.metadata().expect("file metadata");
            let rel = e.path().strip_prefix(dir).expect("inside the project");
            let size = if meta.is_dir() { 0 } else { meta.len() };
            (
                rel.to_string_lossy().replace('\\', "/"),
                (size, meta.modified().ok()),
            )
        })
        .collect()
}

/// Asserts that nothing under `dir` was created, changed or removed since `before`.
pub fn assert_unchanged(dir: &Path, before: &Listing) {
    let after = listing(dir);
    let created: Vec<&String> = after.keys().filter(|k| !before.contains_key(*k)).collect();
    let removed: Vec<&String> = before.keys().filter(|k| !after.contains_key(*k)).collect();
    let changed: Vec<&String> = after
        .iter()
        .filter(|(k, v)| before.get(*k).is_some_and(|b| b != *v))
        .map(|(k, _)| k)
        .collect();
    assert!(
        created.is_empty() && removed.is_empty() && changed.is_empty(),
        "csstd wrote to the project: created {created:?}, removed {removed:?}, changed {changed:?}"
    );
}

/// `"file:line:col"` of the first occurrence of `needle` in `file` (1-based, columns in characters).
pub fn pos_of(dir: &Path, file: &str, needle: &str) -> String {
    let text = read(dir, file);
    let offset = text
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` is not in {file}"));
    let line = text[..offset].matches('\n').count() + 1;
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..offset].chars().count() + 1;
    format!("{file}:{line}:{column}")
}

/// Reads a project file as text.
pub fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).expect("read a project file")
}

/// Parses stdout as JSON, with the run in the message when it is not.
/// The `lang` of each entry of `translate status --format json`, in order.
pub fn status_langs(status: &Value) -> Vec<&str> {
    status["languages"]
        .as_array()
        .expect("`languages` is an array")
        .iter()
        .map(|l| l["lang"].as_str().expect("`lang` is a string"))
        .collect()
}

pub fn json(run: &Run) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
            run.stdout, run.stderr
        )
    })
}

/// One lint finding, reduced to what the tests compare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: String,
    pub severity: String,
    /// `file:line:col`.
    pub at: String,
    pub regions: Vec<String>,
    pub suppressed: Option<String>,
    pub message: String,
}

/// The findings of a `lint --format json` output.
pub fn findings(v: &Value) -> Vec<Finding> {
    v["findings"]
        .as_array()
        .expect("`findings` is an array")
        .iter()
        .map(|f| Finding {
            rule: f["rule"].as_str().expect("rule").to_string(),
            severity: f["severity"].as_str().expect("severity").to_string(),
            at: format!(
                "{}:{}:{}",
                f["file"].as_str().expect("file"),
                f["line"].as_u64().expect("line"),
                f["column"].as_u64().expect("column")
            ),
            regions: f["regions"]
                .as_array()
                .expect("regions")
                .iter()
                .map(|r| r.as_str().expect("region id").to_string())
                .collect(),
            suppressed: f["suppressed"].as_str().map(str::to_string),
            message: f["message"].as_str().expect("message").to_string(),
        })
        .collect()
}

/// Every file under `dir` with its bytes, by `/`-separated relative path.
pub fn files_under(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .map(|e| e.expect("walk the output"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("inside the output");
            (
                rel.to_string_lossy().replace('\\', "/"),
                std::fs::read(e.path()).expect("read an output file"),
            )
        })
        .collect()
}

/// Paths listed in `dir/manifest.json`.
pub fn manifest_paths(dir: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(dir.join("manifest.json")).expect("a manifest");
    let v: Value = serde_json::from_str(&text).expect("manifest is JSON");
    v["files"]
        .as_array()
        .expect("a file list")
        .iter()
        .map(|f| f["path"].as_str().expect("a path").to_owned())
        .collect()
}
