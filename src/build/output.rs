//! The output folder: compare with it (`--check`) or replace it atomically.
//!
//! A build is staged in a hidden sibling of `--out` (same file system, so the
//! swap is a rename). Files csstd did not write are carried over untouched; a
//! failed or interrupted build leaves the previous folder as it was.

use super::lock::OutLock;
use super::{MANIFEST, Sink, Written, fault, previous_files};
use anyhow::Context;
use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A relative path with no `..`, no root and no backslash: safe to join under `--out`.
pub fn is_safe_relative(p: &str) -> bool {
    !p.is_empty()
        && !p.starts_with('/')
        && !p.contains('\\')
        && p.split('/').all(|c| !c.is_empty() && c != "." && c != "..")
}

/// Refuses an output folder that would destroy or mix with what it must not: an existing
/// file, the project itself (or a folder holding it), or one of the project's input
/// folders (`inputs`, relative to `root`) or a folder inside one. Touches nothing.
pub fn check_out(out: &Path, root: &Path, inputs: &[(&str, &Path)]) -> anyhow::Result<()> {
    if fs::metadata(out).is_ok_and(|m| !m.is_dir()) {
        anyhow::bail!(
            "`--out {}` is an existing file, not a folder; choose a folder for the build (nothing was written)",
            out.display()
        );
    }
    let (Some(at), Ok(root)) = (where_written(out), root.canonicalize()) else {
        return Ok(());
    };
    if root.starts_with(&at) {
        anyhow::bail!(
            "`--out {}` contains the project itself; choose a folder of its own, e.g. dist",
            out.display()
        );
    }
    for (what, dir) in inputs {
        let dir = root.join(dir);
        let dir = dir.canonicalize().unwrap_or(dir);
        if at.starts_with(&dir) {
            anyhow::bail!(
                "`--out {}` {} the project's {what} folder `{}`; the build would mix with its inputs (choose a folder of its own, e.g. dist)",
                out.display(),
                if at == dir { "is" } else { "is inside" },
                dir.strip_prefix(&root).unwrap_or(&dir).display()
            )
        }
    }
    Ok(())
}

/// The absolute path the build's files end up at: the real path of `out`'s parent (the
/// nearest existing ancestor, with the rest of the path after it) and `out`'s own name.
/// `out` itself is not followed: a link there is replaced by a folder.
fn where_written(out: &Path) -> Option<PathBuf> {
    let abs = std::path::absolute(out).ok()?;
    let mut parts: Vec<std::path::Component<'_>> = Vec::new();
    for c in abs.components() {
        match c {
            std::path::Component::ParentDir => {
                parts.pop();
            }
            std::path::Component::CurDir => {}
            other => parts.push(other),
        }
    }
    let abs: PathBuf = parts.iter().collect();
    let name = abs.file_name()?.to_owned();
    let mut base = abs.parent()?.to_path_buf();
    let mut rest = Vec::new();
    let real = loop {
        if let Ok(real) = base.canonicalize() {
            break real;
        }
        rest.push(base.file_name()?.to_owned());
        base = base.parent()?.to_path_buf();
    };
    let mut at = real;
    at.extend(rest.iter().rev());
    at.push(name);
    Some(at)
}

/// The hidden sibling of `out` that csstd keeps for `what` (`staging`, `previous`,
/// `lock`): `.<name>.csstd-<what>` in the same folder, so a swap is a rename.
pub fn sibling(out: &Path, what: &str) -> anyhow::Result<PathBuf> {
    let name = out
        .file_name()
        .with_context(|| format!("`{}` cannot be an output folder", out.display()))?
        .to_string_lossy()
        .into_owned();
    let parent = out.parent().unwrap_or(Path::new("."));
    Ok(parent.join(format!(".{name}.csstd-{what}")))
}

/// The staging and backup folders that belong to `out`.
fn siblings(out: &Path) -> anyhow::Result<(PathBuf, PathBuf)> {
    Ok((sibling(out, "staging")?, sibling(out, "previous")?))
}

/// Cleans up after a build that was killed: a half-written staging folder is
/// dropped, and a previous output caught mid-swap is put back. Only called with the
/// output's lock held ([`OutLock`]), so the staging folder of a live build is never
/// taken for a stale one.
fn recover(out: &Path, _lock: &OutLock) -> anyhow::Result<()> {
    let (staging, backup) = siblings(out)?;
    if staging.exists() {
        fs::remove_dir_all(&staging)
            .with_context(|| format!("cannot remove stale `{}`", staging.display()))?;
    }
    if fs::symlink_metadata(&backup).is_ok() {
        if fs::symlink_metadata(out).is_ok() {
            remove_tree(&backup)
                .with_context(|| format!("cannot remove stale `{}`", backup.display()))?;
        } else {
            fs::rename(&backup, out)
                .with_context(|| format!("cannot restore `{}`", out.display()))?;
        }
    }
    Ok(())
}

/// What carrying the previous output over into the staging folder did.
#[derive(Debug, Default, Clone, Copy)]
struct Carried {
    /// Entries copied (files, links and folders kept).
    kept: usize,
    /// Files csstd wrote before, left behind.
    dropped: usize,
}

/// Copies what csstd did not write from `from` into `to`, recursively. A folder is
/// created in `to` only when something in it is kept, or when it was empty to begin
/// with: a folder that held only files csstd wrote is left behind (the build recreates
/// it if it writes there again), so no empty region folder outlives its region.
fn carry_over(
    from: &Path,
    to: &Path,
    rel: &str,
    ours: &HashSet<String>,
) -> anyhow::Result<Carried> {
    let mut carried = Carried::default();
    let mut entries = 0;
    let make = |dir: &Path| {
        fault::check("mkdir", dir)
            .and_then(|()| fs::create_dir_all(dir))
            .with_context(|| format!("cannot create `{}`", dir.display()))
    };
    for entry in fs::read_dir(from).with_context(|| format!("cannot read `{}`", from.display()))? {
        let entry = entry?;
        entries += 1;
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel_path = if rel.is_empty() {
            name.clone()
        } else {
            format!("{rel}/{name}")
        };
        let kind = entry.file_type()?;
        let target = to.join(&name);
        if kind.is_dir() {
            let inner = carry_over(&entry.path(), &target, &rel_path, ours)?;
            carried.dropped += inner.dropped;
            if inner.kept > 0 {
                carried.kept += 1;
            }
        } else if ours.contains(&rel_path) {
            carried.dropped += 1;
        } else {
            make(to)?;
            carried.kept += 1;
            if kind.is_symlink() {
                #[cfg(unix)]
                std::os::unix::fs::symlink(fs::read_link(entry.path())?, &target)?;
            } else {
                fault::check("copy", &target)
                    .and_then(|()| fs::copy(entry.path(), &target))
                    .with_context(|| format!("cannot copy `{}`", entry.path().display()))?;
            }
        }
    }
    if entries == 0 {
        // A folder that was empty before is not csstd's to remove.
        make(to)?;
        carried.kept += 1;
    }
    Ok(carried)
}

/// A build being written: a staging folder that holds the files csstd did not write
/// (carried over from `--out`) and takes each new file as it is rendered. Nothing in
/// `--out` changes until [`Staging::commit`]; dropped uncommitted, the staging folder
/// is removed.
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    backup: PathBuf,
    /// Folders already created under `dir`.
    made: Mutex<HashSet<PathBuf>>,
    /// Files an earlier build wrote (its manifest's list) that are in `--out` now.
    previous: HashSet<String>,
    /// Paths this build wrote.
    written: Mutex<HashSet<String>>,
    /// `--out` is a symbolic link, to be replaced by the new folder.
    link: Option<PathBuf>,
    done: bool,
    /// Held until the staging folder is gone: dropped last, after [`Drop`] has run.
    _lock: OutLock,
}

/// What a finished build changed beyond writing its files, for the build's report.
#[derive(Debug, Default)]
pub struct Committed {
    /// Files an earlier build wrote for regions that this build did not write.
    pub removed: usize,
    /// `--out` was a symbolic link (to this target); it is now a real folder.
    pub replaced_link: Option<PathBuf>,
}

impl Committed {
    /// One line per change, in the words the build prints.
    pub fn notes(&self, out: &Path) -> Vec<String> {
        let mut notes = Vec::new();
        if let Some(target) = &self.replaced_link {
            notes.push(format!(
                "`{}` was a link to `{}`; it is now a folder of its own (the link's target is unchanged)",
                out.display(),
                target.display()
            ));
        }
        if self.removed > 0 {
            notes.push(format!(
                "removed {} file{} of regions not built this time",
                self.removed,
                if self.removed == 1 { "" } else { "s" }
            ));
        }
        notes
    }
}

impl Staging {
    /// Takes the output's lock (or stops: another build is writing it), cleans up after
    /// an interrupted build, then starts staging the next one.
    pub fn begin(out: &Path) -> anyhow::Result<Staging> {
        let lock = OutLock::take(out)?;
        recover(out, &lock)?;
        let (dir, backup) = siblings(out)?;
        let link = fs::symlink_metadata(out)
            .is_ok_and(|m| m.file_type().is_symlink())
            .then(|| fs::read_link(out).unwrap_or_default());
        let mut staging = Staging {
            out: out.to_path_buf(),
            dir,
            backup,
            made: Mutex::new(HashSet::new()),
            previous: HashSet::new(),
            written: Mutex::new(HashSet::new()),
            link,
            done: false,
            _lock: lock,
        };
        fault::check("mkdir", &staging.dir)
            .and_then(|()| fs::create_dir_all(&staging.dir))
            .with_context(|| format!("cannot create `{}`", staging.dir.display()))?;
        if out.is_dir() {
            let ours: HashSet<String> = fs::read(out.join(MANIFEST))
                .map(|m| previous_files(&m))
                .unwrap_or_default()
                .into_iter()
                .collect();
            carry_over(out, &staging.dir, "", &ours)?;
            staging.previous = ours
                .into_iter()
                .filter(|p| fs::symlink_metadata(out.join(p)).is_ok_and(|m| !m.is_dir()))
                .collect();
        }
        Ok(staging)
    }

    /// Swaps the staged build in for `--out`. On failure `--out` is as it was and the
    /// staging folder is gone.
    pub fn commit(mut self) -> anyhow::Result<Committed> {
        let written = std::mem::take(&mut *self.written.lock().unwrap_or_else(|e| e.into_inner()));
        let committed = Committed {
            // Files of region folders only: an index no longer emitted is no region's.
            removed: self
                .previous
                .iter()
                .filter(|p| p.contains('/') && !written.contains(*p))
                .count(),
            replaced_link: self.link.clone(),
        };
        let (out, staging, backup) = (&self.out, &self.dir, &self.backup);
        // A link (even one that leads nowhere) is moved aside like a folder: renaming
        // moves the link itself, never its target.
        if fs::symlink_metadata(out).is_ok() {
            fault::check("rename", out)
                .and_then(|()| fs::rename(out, backup))
                .with_context(|| {
                    format!("cannot move `{}` aside; it is unchanged", out.display())
                })?;
            if let Err(e) = fault::check("rename", staging).and_then(|()| fs::rename(staging, out))
            {
                // Put the previous output back before reporting.
                let _ = fs::rename(backup, out);
                return Err(anyhow::Error::new(e).context(format!(
                    "cannot swap in `{}`; it is unchanged",
                    out.display()
                )));
            }
            self.done = true;
            // The new output is in place; a backup left behind is removed by the next build.
            let _ = fault::check("remove", backup).and_then(|()| remove_tree(backup));
        } else {
            fault::check("rename", staging)
                .and_then(|()| fs::rename(staging, out))
                .with_context(|| format!("cannot create `{}`", out.display()))?;
            self.done = true;
        }
        Ok(committed)
    }
}

/// Removes a folder and everything in it, its top-level entries in parallel (on the
/// current rayon pool): the previous output holds a folder per region, and freeing a
/// hundred megabytes of files is a noticeable part of a build. Links are removed, never
/// followed (entries' types are those of the entries themselves).
fn remove_tree(dir: &Path) -> std::io::Result<()> {
    use rayon::prelude::*;
    // A link is removed, never followed (an output folder may have been a link).
    if !fs::symlink_metadata(dir)?.is_dir() {
        return fs::remove_file(dir);
    }
    let entries: Vec<fs::DirEntry> = fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.par_iter().try_for_each(|entry| {
        if entry.file_type()?.is_dir() {
            fs::remove_dir_all(entry.path())
        } else {
            fs::remove_file(entry.path())
        }
    })?;
    fs::remove_dir(dir)
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.done {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

impl Sink for Staging {
    fn put(&self, path: &str, bytes: &[u8]) -> anyhow::Result<()> {
        // Every folder on the way and the file itself must be real: a symbolic link carried
        // over from the previous output (`dist/de-DE -> /elsewhere`) would otherwise lead the
        // write outside `--out`. A link standing where csstd writes is replaced, its target
        // left alone.
        let mut at = self.dir.clone();
        let parts: Vec<&str> = path.split('/').collect();
        for (i, part) in parts.iter().enumerate() {
            at.push(part);
            let last = i + 1 == parts.len();
            let known = !last
                && self
                    .made
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .contains(&at);
            if known {
                continue;
            }
            if fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink()) {
                fault::check("remove", &at)
                    .and_then(|()| fs::remove_file(&at))
                    .with_context(|| format!("cannot replace the link `{}`", at.display()))?;
            }
            if !last {
                match fault::check("mkdir", &at).and_then(|()| fs::create_dir(&at)) {
                    Ok(()) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && at.is_dir() => {}
                    Err(e) => {
                        return Err(anyhow::Error::new(e)
                            .context(format!("cannot create `{}`", at.display())));
                    }
                }
                self.made
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(at.clone());
            }
        }
        fault::write(&at, bytes).with_context(|| format!("cannot write `{}`", at.display()))?;
        self.written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_owned());
        Ok(())
    }
}

/// `--check`: compares each file with `--out` as it is rendered; writes nothing.
pub struct Check {
    out: PathBuf,
    /// Path and message of each difference.
    stale: Mutex<Vec<(String, String)>>,
}

impl Check {
    pub fn new(out: &Path) -> Check {
        Check {
            out: out.to_path_buf(),
            stale: Mutex::new(Vec::new()),
        }
    }

    /// Files that differ from what is in `out`: missing or changed (in path order), then
    /// left over from an earlier build. `written` is the new build's manifest list.
    pub fn finish(self, written: &[Written]) -> Vec<String> {
        let mut stale = self.stale.into_inner().unwrap_or_else(|e| e.into_inner());
        stale.sort();
        let mut out: Vec<String> = stale.into_iter().map(|(_, m)| m).collect();
        if let Ok(old) = fs::read(self.out.join(MANIFEST)) {
            let new: HashSet<&str> = written
                .iter()
                .map(|w| w.path.as_str())
                .chain([MANIFEST])
                .collect();
            for path in previous_files(&old) {
                if !new.contains(path.as_str()) && self.out.join(&path).exists() {
                    out.push(format!("left over: {path}"));
                }
            }
        }
        out
    }
}

impl Sink for Check {
    fn put(&self, path: &str, bytes: &[u8]) -> anyhow::Result<()> {
        let target = self.out.join(path);
        let problem = match fs::metadata(&target) {
            Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => match fs::read(&target) {
                Ok(existing) if existing == bytes => None,
                Ok(_) => Some("stale"),
                Err(_) => Some("missing"),
            },
            Ok(m) if m.is_file() => Some("stale"),
            // A folder where the file should be cannot be read as the file.
            _ => Some("missing"),
        };
        if let Some(kind) = problem {
            self.stale
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push((path.to_owned(), format!("{kind}: {path}")));
        }
        Ok(())
    }
}
