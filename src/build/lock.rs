//! One build at a time per output folder: an OS file lock on a hidden file beside `--out`.
//!
//! The lock is held from the moment a build starts touching `--out` (crash recovery,
//! staging, the swap) until it is done, and the operating system releases it when the
//! process ends, however it ends, so a killed build never leaves a stale lock. The lock
//! file is never inside `--out`; a build removes it when done (a killed one leaves an
//! empty file that the next build reuses). Removal is safe because a build that locks
//! checks that the file it locked is still the one at the path: one that locked a file
//! just removed by a finishing build tries again on the new one.

use anyhow::Context;
use std::fs::{self, File};
use std::path::{Path, PathBuf};

/// The lock file that belongs to `out`: `.<name>.csstd-lock` in the same folder.
pub fn lock_path(out: &Path) -> anyhow::Result<PathBuf> {
    super::output::sibling(out, "lock")
}

/// Why the lock was not taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another process holds it.
    #[error("another build is writing `{0}`; wait for it to finish, then build again")]
    Busy(PathBuf),
    /// The lock file could not be opened or locked.
    #[error(transparent)]
    Io(#[from] anyhow::Error),
}

/// The exclusive lock on an output folder; released when dropped (or when the process ends).
#[derive(Debug)]
pub struct OutLock {
    file: File,
    path: PathBuf,
}

impl OutLock {
    /// Takes the lock on `out` without waiting: a second build stops at once rather than
    /// queueing behind one that may take long or be stuck.
    pub fn take(out: &Path) -> Result<OutLock, LockError> {
        let path = lock_path(out)?;
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent)
                .with_context(|| format!("cannot create `{}`", parent.display()))?;
        }
        // A few tries: each retry means a build finished between our open and our lock.
        for _ in 0..8 {
            let file = fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)
                .with_context(|| format!("cannot open the lock file `{}`", path.display()))?;
            // Called through the crate's trait: the standard library's method of the same
            // name is newer than the oldest compiler csstd supports.
            match fs4::FileExt::try_lock(&file) {
                Ok(()) if still_at(&file, &path) => return Ok(OutLock { file, path }),
                Ok(()) => continue,
                Err(fs4::TryLockError::WouldBlock) => {
                    return Err(LockError::Busy(out.to_path_buf()));
                }
                Err(fs4::TryLockError::Error(e)) => {
                    return Err(LockError::Io(
                        anyhow::Error::new(e).context(format!("cannot lock `{}`", path.display())),
                    ));
                }
            }
        }
        Err(LockError::Busy(out.to_path_buf()))
    }
}

/// Is `file` (open) the file now at `path`? False once another build removed it.
#[cfg(unix)]
fn still_at(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Elsewhere an open file cannot be removed, so the file at the path is the one locked.
#[cfg(not(unix))]
fn still_at(_file: &File, _path: &Path) -> bool {
    true
}

impl Drop for OutLock {
    fn drop(&mut self) {
        // Removed while still locked, so no other build can hold the lock on it.
        #[cfg(unix)]
        let _ = fs::remove_file(&self.path);
        let _ = fs4::FileExt::unlock(&self.file);
        #[cfg(not(unix))]
        let _ = fs::remove_file(&self.path);
    }
}
