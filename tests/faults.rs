//! Faults during `csstd build`, through the real binary: an output folder that cannot be
//! written, a disk that fills up in the middle of writing, and a build killed at many
//! points. In each case the previous output folder stays byte-identical, no temporary file
//! is left behind, and the error says what happened (SPEC 5, "Atomic").
//!
//! The read-only and disk-full cases need the operating system's help: a folder made
//! immutable (`chattr +i`, which binds root too), or a tiny `tmpfs` mounted in a private
//! user and mount namespace (`unshare -rm`, no privileges needed). Where the machine offers
//! neither, the test says so on stderr and checks nothing else.

mod common;

use common::{csstd, project, write};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// Every file under `dir` with its bytes (symlinks as their target).
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .map(|e| e.expect("walk the output"))
        .filter(|e| !e.file_type().is_dir())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("inside")
                .to_string_lossy()
                .into_owned();
            let bytes = if e.file_type().is_symlink() {
                std::fs::read_link(e.path())
                    .expect("a link")
                    .to_string_lossy()
                    .into_owned()
                    .into_bytes()
            } else {
                std::fs::read(e.path()).expect("read an output file")
            };
            (rel, bytes)
        })
        .collect()
}

/// Hidden staging or backup folders csstd left next to `out`.
fn leftovers(out: &Path) -> Vec<String> {
    let parent = out.parent().expect("a parent");
    std::fs::read_dir(parent)
        .expect("list the parent")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| n.contains(".csstd-"))
        .collect()
}

fn build(dir: &Path, out: &str) -> common::Run {
    csstd(
        dir,
        &[
            "build",
            "--out",
            out,
            "--today",
            common::TODAY,
            "--jobs",
            "1",
        ],
    )
}

/// A project with `regions` regions, each with a long handbook, so a build takes a while.
fn big_project(regions: usize) -> tempfile::TempDir {
    let dir = project("clean");
    let long = "Listen to the customer, then act. ".repeat(200);
    for i in 0..regions {
        write(
            dir.path(),
            &format!("cultures/r{i:04}.toml"),
            format!(
                "[culture]\nid = \"r{i:04}\"\nname = \"Region {i}\"\nextends = \"eu\"\n\
                 languages = [\"en\"]\nschedule = \"office\"\n\n[communication]\n\
                 directness = \"direct\"\nformality = \"formal\"\ncontext = \"low\"\n\
                 address = \"{long}\"\n"
            ),
        );
    }
    dir
}

/// Changes the base standard's title, so the next build writes different bytes everywhere;
/// returns the text before the change.
fn change_input(dir: &Path, title: &str) -> String {
    let path = dir.join("standards/base.toml");
    let text = std::fs::read_to_string(&path).expect("read the base");
    let mut out = String::new();
    let mut done = false;
    for line in text.lines() {
        if line.starts_with("title = ") && !done {
            out.push_str(&format!("title = \"{title}\"\n"));
            done = true;
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    std::fs::write(path, out).expect("write the base");
    text
}

/// Which files differ between two snapshots (for messages: the bytes are too long to show).
fn differences(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    keys.into_iter()
        .filter(|k| a.get(*k) != b.get(*k))
        .cloned()
        .collect()
}

#[test]
fn a_build_killed_at_any_point_leaves_the_previous_output_or_the_new_one() {
    let dir = big_project(60);
    let out = dir.path().join("dist");
    let base = dir.path().join("standards/base.toml");
    assert_eq!(build(dir.path(), "dist").code, 0);
    let old = snapshot(&out);
    let original = change_input(dir.path(), "Second edition");
    let changed = std::fs::read_to_string(&base).expect("read the base");
    // How long a whole build takes here, to spread the kills over it.
    let start = Instant::now();
    assert_eq!(build(dir.path(), "dist-probe").code, 0);
    let full = start.elapsed();
    let new = snapshot(&dir.path().join("dist-probe"));
    std::fs::remove_dir_all(dir.path().join("dist-probe")).expect("remove the probe");
    assert!(old != new, "the second build must write different bytes");

    let mut outcomes: BTreeMap<&str, u32> = BTreeMap::new();
    for step in 1..=8u32 {
        let delay = full * step / 8;
        let mut child = Command::new(env!("CARGO_BIN_EXE_csstd"))
            .args(["build", "--out", "dist", "--today", common::TODAY])
            .current_dir(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start csstd");
        std::thread::sleep(delay);
        let _ = child.kill();
        let _ = child.wait();
        // Killed before the swap: the old folder; after it: the new one; in between the two
        // renames: no folder yet, and the old one waiting in the backup for the next build.
        let outcome = if out.exists() {
            let now = snapshot(&out);
            assert!(
                now == old || now == new,
                "killed after {delay:?}: `dist` is neither the previous output nor the new \
                 one; differs from the previous in {:?}",
                differences(&old, &now)
            );
            if now == old { "previous" } else { "new" }
        } else {
            let backup = dir.path().join(".dist.csstd-previous");
            assert!(
                snapshot(&backup) == old,
                "killed after {delay:?}: `dist` is gone and the backup is not the previous output"
            );
            "between renames"
        };
        *outcomes.entry(outcome).or_insert(0) += 1;
        // The next build cleans up and completes.
        let run = build(dir.path(), "dist");
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(
            snapshot(&out) == new,
            "the build after a kill writes the new output"
        );
        assert!(
            leftovers(&out).is_empty(),
            "left behind: {:?}",
            leftovers(&out)
        );
        // Back to the previous output for the next round.
        std::fs::write(&base, &original).expect("restore the base");
        assert_eq!(build(dir.path(), "dist").code, 0);
        assert!(
            snapshot(&out) == old,
            "rebuilding the first input gives the first output"
        );
        std::fs::write(&base, &changed).expect("change the base");
    }
    eprintln!("kill outcomes over 8 points: {outcomes:?}");
    assert!(
        outcomes.contains_key("previous"),
        "no kill landed before the swap ({outcomes:?}); the build is too fast to test"
    );
}

/// Makes `path` immutable (`chattr +i`) until dropped: unlike permissions, root obeys it.
struct Immutable(PathBuf);

impl Immutable {
    fn set(path: &Path) -> Option<Immutable> {
        let ok = Command::new("chattr")
            .arg("+i")
            .arg(path)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Immutable(path.to_path_buf()))
    }
}

impl Drop for Immutable {
    fn drop(&mut self) {
        let _ = Command::new("chattr").arg("-i").arg(&self.0).status();
    }
}

/// Makes `dir` unwritable: by permissions where they bind (not as root), else immutable.
/// `None` where neither works here.
fn read_only(dir: &Path) -> Option<Box<dyn std::any::Any>> {
    use std::os::unix::fs::PermissionsExt;
    let original = std::fs::metadata(dir).expect("metadata").permissions();
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    let probe = dir.join(".csstd-probe");
    if std::fs::write(&probe, b"").is_err() {
        struct Restore(PathBuf, std::fs::Permissions);
        impl Drop for Restore {
            fn drop(&mut self) {
                let _ = std::fs::set_permissions(&self.0, self.1.clone());
            }
        }
        return Some(Box::new(Restore(dir.to_path_buf(), original)));
    }
    // Root ignores permissions.
    let _ = std::fs::remove_file(&probe);
    std::fs::set_permissions(dir, original).expect("chmod back");
    Immutable::set(dir).map(|i| Box::new(i) as Box<dyn std::any::Any>)
}

fn assert_refused_cleanly(dir: &Path, out: &Path, old: &BTreeMap<String, Vec<u8>>, what: &str) {
    let run = build(dir, "dist");
    assert_eq!(run.code, 2, "{what}: expected exit 2:\n{}", run.stderr);
    assert!(
        run.stderr.contains("dist") && run.stderr.contains("unchanged"),
        "{what}: the error must name the folder and say it is unchanged:\n{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("ermission")
            || run.stderr.contains("not permitted")
            || run.stderr.contains("ead-only"),
        "{what}: the error must give the cause:\n{}",
        run.stderr
    );
    assert!(
        &snapshot(out) == old,
        "{what}: the previous output changed in {:?}",
        differences(old, &snapshot(out))
    );
    assert!(
        leftovers(out).is_empty(),
        "{what}: left behind {:?}",
        leftovers(out)
    );
}

#[test]
fn a_read_only_output_folder_is_left_as_it_was() {
    let dir = project("clean");
    let out = dir.path().join("dist");
    assert_eq!(build(dir.path(), "dist").code, 0);
    let old = snapshot(&out);
    change_input(dir.path(), "Second edition");
    let Some(guard) = read_only(&out) else {
        eprintln!("skipped: neither permissions nor chattr can make a folder read-only here");
        return;
    };
    assert_refused_cleanly(dir.path(), &out, &old, "read-only `dist`");
    drop(guard);
    assert_eq!(
        build(dir.path(), "dist").code,
        0,
        "builds once writable again"
    );
}

#[test]
fn a_read_only_parent_folder_is_left_as_it_was() {
    let parent = tempfile::tempdir().expect("a folder");
    let dir = project("clean");
    let out = parent.path().join("dist");
    let out_arg = out.to_string_lossy().into_owned();
    let run = csstd(
        dir.path(),
        &["build", "--out", &out_arg, "--today", common::TODAY],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let old = snapshot(&out);
    change_input(dir.path(), "Second edition");
    let Some(guard) = read_only(parent.path()) else {
        eprintln!("skipped: neither permissions nor chattr can make a folder read-only here");
        return;
    };
    let run = csstd(
        dir.path(),
        &["build", "--out", &out_arg, "--today", common::TODAY],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("unchanged"), "{}", run.stderr);
    assert!(snapshot(&out) == old, "the previous output changed");
    assert!(
        leftovers(&out).is_empty(),
        "left behind {:?}",
        leftovers(&out)
    );
    drop(guard);
}

/// Runs `script` as root of a private user and mount namespace, or `None` where this
/// machine does not allow one.
fn in_namespace(script: &str) -> Option<std::process::Output> {
    let probe = Command::new("unshare")
        .args(["-rm", "true"])
        .stderr(Stdio::null())
        .status();
    if !probe.is_ok_and(|s| s.success()) {
        return None;
    }
    Some(
        Command::new("unshare")
            .args(["-rm", "sh", "-euc", script])
            .output()
            .expect("run unshare"),
    )
}

#[test]
fn a_full_disk_in_the_middle_of_writing_leaves_the_previous_output() {
    // A disk of 600 KiB: the first build (one region) fits; the second, with big handbooks
    // for many regions, fills it up while staging.
    let dir = big_project(0);
    let bin = env!("CARGO_BIN_EXE_csstd");
    let disk = dir.path().join("disk");
    std::fs::create_dir(&disk).expect("mkdir");
    let more: String = (0..40)
        .map(|i| {
            format!(
                "printf '[culture]\\nid = \"r{i:02}\"\\nname = \"R\"\\nextends = \"eu\"\\nlanguages = [\"en\"]\\nschedule = \"office\"\\n[communication]\\ndirectness = \"direct\"\\nformality = \"formal\"\\ncontext = \"low\"\\naddress = \"%s\"\\n' \"$(head -c 30000 /dev/zero | tr '\\0' x)\" > cultures/r{i:02}.toml\n"
            )
        })
        .collect();
    let script = format!(
        "cd '{root}'\n\
         mount -t tmpfs -o size=600k tmpfs disk\n\
         '{bin}' build --out disk/dist --today {today} >/dev/null 2>&1\n\
         (cd disk/dist && find . -type f | sort | xargs sha256sum) > before.txt\n\
         {more}\
         set +e\n\
         '{bin}' build --out disk/dist --today {today} 2> err.txt\n\
         echo $? > code.txt\n\
         set -e\n\
         (cd disk/dist && find . -type f | sort | xargs sha256sum) > after.txt\n\
         ls -a disk > left.txt\n",
        root = dir.path().display(),
        today = common::TODAY,
    );
    let Some(output) = in_namespace(&script) else {
        eprintln!("skipped: no private mount namespace here (unshare -rm), so no small disk");
        return;
    };
    assert!(
        output.status.success(),
        "the namespace script failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let read = |f: &str| common::read(dir.path(), f);
    assert_eq!(
        read("code.txt").trim(),
        "2",
        "exit code; stderr:\n{}",
        read("err.txt")
    );
    let err = read("err.txt");
    assert!(
        err.contains("No space left") && err.contains("unchanged"),
        "the error must say the disk is full and the output unchanged:\n{err}"
    );
    assert!(!read("before.txt").is_empty());
    assert_eq!(
        read("before.txt"),
        read("after.txt"),
        "the previous output changed"
    );
    let left: Vec<String> = read("left.txt")
        .lines()
        .filter(|l| l.contains(".csstd-"))
        .map(str::to_string)
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

/// Every file operation of a build, failed in turn with a simulated I/O error (needs
/// `cargo test --features fault-injection`, as CI runs it): the previous output stays
/// byte-identical, nothing is left behind, and the message names the cause.
#[cfg(feature = "fault-injection")]
#[test]
fn every_failing_file_operation_leaves_the_previous_output() {
    let dir = project("clean");
    let out = dir.path().join("dist");
    write(dir.path(), "dist/notes.txt", "kept by the team");
    assert_eq!(build(dir.path(), "dist").code, 0);
    // A change, so a successful build would differ from the previous one.
    change_input(dir.path(), "Changed title");
    let old = snapshot(&out);
    let plans = [
        ("mkdir", 1, "ENOSPC", "No space left on device"),
        ("mkdir", 3, "EACCES", "Permission denied"),
        ("copy", 1, "EIO", "Input/output error"),
        ("write", 1, "ENOSPC", "No space left on device"),
        ("write", 4, "partial", "No space left on device"),
        ("write", 6, "EIO", "Input/output error"),
        ("rename", 1, "EACCES", "Permission denied"),
        ("rename", 2, "EIO", "Input/output error"),
    ];
    for (op, n, error, cause) in plans {
        let plan = format!("{op}:{n}:{error}");
        let run = common::csstd_env(
            dir.path(),
            &[
                "build",
                "--out",
                "dist",
                "--today",
                common::TODAY,
                "--jobs",
                "1",
            ],
            &[("CSSTD_FAULT", &plan)],
        );
        assert_eq!(run.code, 2, "{plan}: exit code\n{}", run.stderr);
        assert!(
            run.stderr.contains(cause),
            "{plan}: the cause is named:\n{}",
            run.stderr
        );
        assert!(
            run.stderr.contains("unchanged"),
            "{plan}: says the output is unchanged:\n{}",
            run.stderr
        );
        assert!(!run.stderr.contains("panicked"), "{plan}:\n{}", run.stderr);
        assert!(
            snapshot(&out) == old,
            "{plan}: the previous output changed in {:?}",
            differences(&old, &snapshot(&out))
        );
        assert!(
            leftovers(&out).is_empty(),
            "{plan}: left behind {:?}",
            leftovers(&out)
        );
    }
    // Without a fault the same build goes through.
    assert_eq!(build(dir.path(), "dist").code, 0);
    assert!(snapshot(&out) != old);
}
