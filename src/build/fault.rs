//! Fault injection for tests of failing builds, behind the `fault-injection` feature.
//!
//! With the feature, `CSSTD_FAULT=<op>:<n>:<error>` makes the n-th (from 1) file operation
//! `op` of a build fail: `op` is `mkdir`, `write`, `copy`, `rename` or `remove`; `error` is
//! `ENOSPC`, `EIO` or `EACCES`, or `partial` for a write that stores half its bytes and then
//! fails. Without the feature every check is `Ok(())` and compiles away.

use std::io;
use std::path::Path;

#[cfg(feature = "fault-injection")]
mod active {
    use std::collections::HashMap;
    use std::io;
    use std::sync::Mutex;

    static COUNTS: Mutex<Option<HashMap<String, usize>>> = Mutex::new(None);

    /// The configured error if this call is the one to fail.
    pub fn planned(op: &str) -> Option<String> {
        let spec = std::env::var("CSSTD_FAULT").ok()?;
        let mut parts = spec.splitn(3, ':');
        let (want, n, error) = (
            parts.next()?,
            parts.next()?.parse::<usize>().ok()?,
            parts.next()?,
        );
        if want != op {
            return None;
        }
        let mut counts = COUNTS.lock().unwrap_or_else(|e| e.into_inner());
        let count = counts
            .get_or_insert_with(HashMap::new)
            .entry(op.to_string())
            .or_insert(0);
        *count += 1;
        (*count == n).then(|| error.to_string())
    }

    pub fn error(name: &str) -> io::Error {
        let code = match name {
            "ENOSPC" => 28,
            "EACCES" => 13,
            _ => 5, // EIO
        };
        io::Error::from_raw_os_error(code)
    }
}

/// Fails when the fault plan says this `op` on `path` fails.
#[inline]
pub fn check(op: &str, path: &Path) -> io::Result<()> {
    #[cfg(feature = "fault-injection")]
    if let Some(error) = active::planned(op) {
        let _ = path;
        return Err(active::error(&error));
    }
    let _ = (op, path);
    Ok(())
}

/// `fs::write`, with a planned fault possibly leaving half the bytes written.
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    #[cfg(feature = "fault-injection")]
    if let Some(error) = active::planned("write") {
        if error == "partial" {
            std::fs::write(path, &bytes[..bytes.len() / 2])?;
            return Err(active::error("ENOSPC"));
        }
        return Err(active::error(&error));
    }
    std::fs::write(path, bytes)
}
