//! Watching the inputs: native file-system notifications (inotify, FSEvents, ...) with a
//! polling fallback where they cannot be had, debounced, editors' swap and backup files
//! ignored; every settled change rebuilds the site.

use super::site::Site;
use notify::{RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

/// How long events must be quiet before a rebuild: an editor's save is often several
/// events (write a temporary file, rename it over the old one).
const DEBOUNCE: Duration = Duration::from_millis(40);

/// How often the polling fallback looks at the files.
const POLL: Duration = Duration::from_millis(250);

/// Is this a file that editors write beside the real one (`.file.swp`, `file~`,
/// `#file#`, `.#file`, Vim's `4913` probe, `*.tmp`)?
pub fn is_editor_file(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swo")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
}

/// Watches `inputs` (files or folders; missing ones are watched from their parent) and
/// rebuilds `site` after each settled change, on a thread of its own.
pub fn spawn(site: Arc<Site>, inputs: Vec<PathBuf>) -> anyhow::Result<()> {
    let (tx, rx) = mpsc::channel::<PathBuf>();
    let handler = move |event: notify::Result<notify::Event>| {
        // Reading a file is an event too (the rebuild reads every input): only changes count.
        let Ok(event) = event else { return };
        if !matches!(event.kind, notify::EventKind::Access(_)) {
            for path in event.paths {
                let _ = tx.send(path);
            }
        }
    };
    let mut watcher: Box<dyn Watcher + Send> = match notify::recommended_watcher(handler.clone()) {
        Ok(w) => Box::new(w),
        Err(_) => Box::new(notify::PollWatcher::new(
            handler,
            notify::Config::default().with_poll_interval(POLL),
        )?),
    };
    for input in &inputs {
        // A folder that does not exist yet (`translations/`) is seen from the project root.
        let (path, mode) = if input.exists() {
            (input.as_path(), RecursiveMode::Recursive)
        } else {
            (
                input.parent().unwrap_or(Path::new(".")),
                RecursiveMode::NonRecursive,
            )
        };
        watcher.watch(path, mode)?;
    }
    std::thread::spawn(move || {
        let _keep = watcher;
        while let Ok(first) = rx.recv() {
            let mut relevant = relevant(&first, &inputs);
            // Collect the burst: wait until nothing happens for DEBOUNCE.
            while let Ok(path) = rx.recv_timeout(DEBOUNCE) {
                relevant |= self::relevant(&path, &inputs);
            }
            if relevant {
                site.rebuild();
            }
        }
    });
    Ok(())
}

/// Does a change at `path` concern the inputs?
fn relevant(path: &Path, inputs: &[PathBuf]) -> bool {
    !is_editor_file(path) && inputs.iter().any(|i| path.starts_with(i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_files_are_ignored() {
        for name in [
            "cultures/.de-DE.toml.swp",
            "cultures/de-DE.toml~",
            "cultures/#de-DE.toml#",
            "cultures/.#de-DE.toml",
            "cultures/4913",
            "x.tmp",
        ] {
            assert!(is_editor_file(Path::new(name)), "{name}");
        }
        assert!(!is_editor_file(Path::new("cultures/de-DE.toml")));
    }
}
