//! The output folder: compare (`--check`) or replace it atomically.
//!
//! A build is staged in a hidden sibling of `--out` (same file system, so the
//! swap is a rename). Files csstd did not write are carried over untouched; a
//! failed or interrupted build leaves the previous folder as it was.

use super::{Files, MANIFEST, previous_files};
use anyhow::Context;
use std::fs;
use std::path::{Path, PathBuf};

/// A relative path with no `..`, no root and no backslash: safe to join under `--out`.
pub fn is_safe_relative(p: &str) -> bool {
    !p.is_empty()
        && !p.starts_with('/')
        && !p.contains('\\')
        && p.split('/').all(|c| !c.is_empty() && c != "." && c != "..")
}

/// The staging and backup folders that belong to `out`.
fn siblings(out: &Path) -> anyhow::Result<(PathBuf, PathBuf)> {
    let name = out
        .file_name()
        .with_context(|| format!("`{}` cannot be an output folder", out.display()))?
        .to_string_lossy()
        .into_owned();
    let parent = out.parent().unwrap_or(Path::new("."));
    Ok((
        parent.join(format!(".{name}.csstd-staging")),
        parent.join(format!(".{name}.csstd-previous")),
    ))
}

/// Cleans up after a build that was killed: a half-written staging folder is
/// dropped, and a previous output caught mid-swap is put back.
pub fn recover(out: &Path) -> anyhow::Result<()> {
    let (staging, backup) = siblings(out)?;
    if staging.exists() {
        fs::remove_dir_all(&staging)
            .with_context(|| format!("cannot remove stale `{}`", staging.display()))?;
    }
    if backup.exists() {
        if out.exists() {
            fs::remove_dir_all(&backup)
                .with_context(|| format!("cannot remove stale `{}`", backup.display()))?;
        } else {
            fs::rename(&backup, out)
                .with_context(|| format!("cannot restore `{}`", out.display()))?;
        }
    }
    Ok(())
}

/// Files that differ from what is in `out`: missing, changed, or left over from an earlier build.
pub fn check(out: &Path, files: &Files) -> Vec<String> {
    let mut stale = Vec::new();
    for (path, bytes) in files {
        match fs::read(out.join(path)) {
            Ok(existing) if existing == *bytes => {}
            Ok(_) => stale.push(format!("stale: {path}")),
            Err(_) => stale.push(format!("missing: {path}")),
        }
    }
    if let Ok(old) = fs::read(out.join(MANIFEST)) {
        for path in previous_files(&old) {
            if !files.contains_key(&path) && out.join(&path).exists() {
                stale.push(format!("left over: {path}"));
            }
        }
    }
    stale
}

/// Copies what csstd did not write from `from` into `to`, recursively.
fn carry_over(from: &Path, to: &Path, rel: &str, ours: &[String]) -> anyhow::Result<()> {
    for entry in fs::read_dir(from).with_context(|| format!("cannot read `{}`", from.display()))? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel_path = if rel.is_empty() {
            name.clone()
        } else {
            format!("{rel}/{name}")
        };
        let kind = entry.file_type()?;
        let target = to.join(&name);
        if kind.is_dir() {
            fs::create_dir_all(&target)?;
            carry_over(&entry.path(), &target, &rel_path, ours)?;
        } else if !ours.contains(&rel_path) {
            if kind.is_symlink() {
                #[cfg(unix)]
                std::os::unix::fs::symlink(fs::read_link(entry.path())?, &target)?;
            } else {
                fs::copy(entry.path(), &target)
                    .with_context(|| format!("cannot copy `{}`", entry.path().display()))?;
            }
        }
    }
    Ok(())
}

fn stage(out: &Path, staging: &Path, files: &Files) -> anyhow::Result<()> {
    fs::create_dir_all(staging)
        .with_context(|| format!("cannot create `{}`", staging.display()))?;
    if out.is_dir() {
        let ours = fs::read(out.join(MANIFEST))
            .map(|m| previous_files(&m))
            .unwrap_or_default();
        carry_over(out, staging, "", &ours)?;
    }
    for (path, bytes) in files {
        let target = staging.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)
                .with_context(|| format!("cannot create `{}`", parent.display()))?;
        }
        fs::write(&target, bytes)
            .with_context(|| format!("cannot write `{}`", target.display()))?;
    }
    Ok(())
}

/// Replaces `out` with the previous non-csstd files plus `files`, atomically.
pub fn write(out: &Path, files: &Files) -> anyhow::Result<()> {
    recover(out)?;
    let (staging, backup) = siblings(out)?;
    if let Err(e) = stage(out, &staging, files) {
        let _ = fs::remove_dir_all(&staging);
        return Err(e.context(format!(
            "build not written; `{}` is unchanged",
            out.display()
        )));
    }
    if out.exists() {
        fs::rename(out, &backup)
            .with_context(|| format!("cannot move `{}` aside", out.display()))?;
        if let Err(e) = fs::rename(&staging, out) {
            // Put the previous output back before reporting.
            let _ = fs::rename(&backup, out);
            let _ = fs::remove_dir_all(&staging);
            return Err(anyhow::Error::new(e).context(format!(
                "cannot swap in `{}`; it is unchanged",
                out.display()
            )));
        }
        fs::remove_dir_all(&backup)
            .with_context(|| format!("cannot remove `{}`", backup.display()))?;
    } else {
        fs::rename(&staging, out).with_context(|| format!("cannot create `{}`", out.display()))?;
    }
    Ok(())
}
