//! Where project files are read from: the work tree, or a git revision.
//!
//! Loading goes through [`FileSource`] so `csstd diff ja-JP@main ja-JP` can read
//! the project as it was at a revision without touching the work tree.

use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Largest input file accepted (SPEC 7).
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Why a file could not be read.
#[derive(Debug)]
pub enum ReadError {
    TooLarge(u64),
    Io(io::Error),
    /// A symbolic link whose target lies outside the project root (the target).
    Outside(PathBuf),
    /// A folder (or another non-file) where a file is expected.
    NotAFile,
}

/// Read-only access to the files of a project, by path relative to its root.
pub trait FileSource: Sync {
    /// The names (not paths) of the entries directly inside `dir`, files and folders
    /// alike (a folder named like a source file is an error, never skipped), or `None`
    /// if `dir` does not exist.
    fn list(&self, dir: &Path) -> io::Result<Option<Vec<String>>>;
    /// The bytes of `file`, refusing files over [`MAX_FILE_BYTES`].
    fn read(&self, file: &Path) -> Result<Vec<u8>, ReadError>;
    /// Does `file` exist?
    fn exists(&self, file: &Path) -> bool;
    /// Describes the source in messages (`the work tree`, `revision main`).
    fn describe(&self) -> String;
}

/// The project's folder on disk.
pub struct DiskSource {
    pub root: PathBuf,
}

impl FileSource for DiskSource {
    fn list(&self, dir: &Path) -> io::Result<Option<Vec<String>>> {
        let path = self.root.join(dir);
        let entries = match std::fs::read_dir(&path) {
            Ok(e) => e,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        let mut names = Vec::new();
        for entry in entries {
            names.push(entry?.file_name().to_string_lossy().into_owned());
        }
        names.sort();
        Ok(Some(names))
    }

    fn read(&self, file: &Path) -> Result<Vec<u8>, ReadError> {
        let path = self.root.join(file);
        // Inputs are files inside the project (SPEC 7): a link may lead elsewhere in the
        // project, never out of it, whichever folder on the way is the link.
        let real = std::fs::canonicalize(&path).map_err(ReadError::Io)?;
        let root = std::fs::canonicalize(&self.root).map_err(ReadError::Io)?;
        if !real.starts_with(&root) {
            return Err(ReadError::Outside(real));
        }
        let meta = std::fs::metadata(&real).map_err(ReadError::Io)?;
        if !meta.is_file() {
            return Err(ReadError::NotAFile);
        }
        let len = meta.len();
        if len > MAX_FILE_BYTES {
            return Err(ReadError::TooLarge(len));
        }
        use std::io::Read;
        let mut bytes = Vec::with_capacity(len as usize);
        // The size may change between stat and read; never read past the limit.
        std::fs::File::open(&real)
            .map_err(ReadError::Io)?
            .take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(ReadError::Io)?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(ReadError::TooLarge(bytes.len() as u64));
        }
        Ok(bytes)
    }

    fn exists(&self, file: &Path) -> bool {
        self.root.join(file).exists()
    }

    fn describe(&self) -> String {
        "the work tree".into()
    }
}

/// The project as it was at a git revision.
pub struct GitSource {
    /// The folder git runs in (the project root in the work tree).
    pub root: PathBuf,
    /// The revision as the user wrote it.
    pub rev: String,
    /// The project root's path inside the repository (`""` at the top), ending with `/`.
    prefix: String,
}

impl GitSource {
    /// Checks that `root` is inside a git work tree and `rev` names a commit.
    pub fn open(root: &Path, rev: &str) -> Result<GitSource, String> {
        if rev.is_empty() || rev.starts_with('-') {
            return Err(format!("`{rev}` is not a git revision"));
        }
        let prefix = git(root, &["rev-parse", "--show-prefix"]).map_err(|e| {
            format!("cannot read revision `{rev}`: the project is not in a git repository ({e})")
        })?;
        git(
            root,
            &[
                "rev-parse",
                "--verify",
                "--quiet",
                &format!("{rev}^{{commit}}"),
            ],
        )
        .map_err(|_| format!("git revision `{rev}` does not exist"))?;
        Ok(GitSource {
            root: root.to_path_buf(),
            rev: rev.to_string(),
            prefix: String::from_utf8_lossy(&prefix).trim().to_string(),
        })
    }

    fn spec(&self, path: &Path) -> String {
        format!("{}:{}{}", self.rev, self.prefix, path.to_string_lossy())
    }
}

fn git(root: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .map_err(|e| format!("git could not be run: {e}"))?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
    }
}

impl FileSource for GitSource {
    fn list(&self, dir: &Path) -> io::Result<Option<Vec<String>>> {
        let spec = self.spec(dir);
        // Run from a sub-folder, ls-tree would only list paths under that folder,
        // which hides everything when the project is not at the repository root.
        let Ok(out) = git(&self.root, &["ls-tree", "--full-tree", &spec]) else {
            return Ok(None);
        };
        // Lines are `<mode> <type> <object>\t<name>`; folders are listed as on disk.
        let mut names: Vec<String> = String::from_utf8_lossy(&out)
            .lines()
            .filter_map(|l| l.split_once('\t'))
            .filter(|(meta, _)| matches!(meta.split(' ').nth(1), Some("blob" | "tree")))
            .map(|(_, name)| name.to_string())
            .collect();
        names.sort();
        Ok(Some(names))
    }

    fn read(&self, file: &Path) -> Result<Vec<u8>, ReadError> {
        let spec = self.spec(file);
        if git(&self.root, &["cat-file", "-t", &spec]).is_ok_and(|t| t.trim_ascii() != b"blob") {
            return Err(ReadError::NotAFile);
        }
        let size = git(&self.root, &["cat-file", "-s", &spec])
            .map_err(|e| ReadError::Io(io::Error::new(io::ErrorKind::NotFound, e)))?;
        let size: u64 = String::from_utf8_lossy(&size).trim().parse().unwrap_or(0);
        if size > MAX_FILE_BYTES {
            return Err(ReadError::TooLarge(size));
        }
        git(&self.root, &["cat-file", "blob", &spec])
            .map_err(|e| ReadError::Io(io::Error::other(e)))
    }

    fn exists(&self, file: &Path) -> bool {
        git(&self.root, &["cat-file", "-e", &self.spec(file)]).is_ok()
    }

    fn describe(&self) -> String {
        format!("revision `{}`", self.rev)
    }
}

/// A project held in memory, by path relative to its root: for fuzzing, property tests and
/// tools that generate projects. It obeys the same size limit as the disk.
#[derive(Debug, Default, Clone)]
pub struct MemorySource {
    /// File contents by `/`-separated path relative to the project root.
    pub files: std::collections::BTreeMap<String, Vec<u8>>,
}

impl MemorySource {
    /// An empty project.
    pub fn new() -> Self {
        MemorySource::default()
    }

    /// Adds (or replaces) one file.
    pub fn insert(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> &mut Self {
        self.files.insert(path.into(), bytes.into());
        self
    }

    fn key(path: &Path) -> String {
        path.to_string_lossy().replace('\\', "/")
    }
}

impl FileSource for MemorySource {
    fn list(&self, dir: &Path) -> io::Result<Option<Vec<String>>> {
        let prefix = format!("{}/", Self::key(dir).trim_end_matches('/'));
        let names: Vec<String> = self
            .files
            .keys()
            .filter_map(|k| k.strip_prefix(&prefix))
            .filter(|rest| !rest.contains('/'))
            .map(str::to_string)
            .collect();
        let is_dir = self.files.keys().any(|k| k.starts_with(&prefix));
        Ok(is_dir.then_some(names))
    }

    fn read(&self, file: &Path) -> Result<Vec<u8>, ReadError> {
        let bytes = self.files.get(&Self::key(file)).ok_or_else(|| {
            ReadError::Io(io::Error::new(io::ErrorKind::NotFound, "no such file"))
        })?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(ReadError::TooLarge(bytes.len() as u64));
        }
        Ok(bytes.clone())
    }

    fn exists(&self, file: &Path) -> bool {
        self.files.contains_key(&Self::key(file))
    }

    fn describe(&self) -> String {
        "memory".into()
    }
}
