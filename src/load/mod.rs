//! Load: files → checked, positioned trees. Every input error is collected here
//! (or in resolve) with `file:line:column`; nothing is written.

pub mod de;
pub mod fs;
pub mod json;
pub mod parse;
pub mod text;
pub mod validate;

use crate::diag::{Diagnostic, Sources};
use crate::model::node::{Node, Pos};
use crate::model::schema::{Emit, HelpdeskSection, ManifestFile, RuleLevel, is_valid_id};
use fs::{FileSource, ReadError};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The manifest's name at a project root.
pub const MANIFEST: &str = "csstd.toml";

/// Input errors: the project cannot be used as it is (exit code 2).
#[derive(Debug)]
pub struct InputErrors {
    pub diagnostics: Vec<Diagnostic>,
    pub sources: Sources,
}

impl std::fmt::Display for InputErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for d in &self.diagnostics {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for InputErrors {}

/// The project's settings: `csstd.toml` with defaults filled in.
#[derive(Debug, Clone)]
pub struct Config {
    pub standards_dir: PathBuf,
    pub cultures_dir: PathBuf,
    pub templates_dir: PathBuf,
    pub translations_dir: PathBuf,
    pub out: PathBuf,
    pub emit: Vec<Emit>,
    pub deny_warnings: bool,
    /// Rule id → severity set in `[lint.rules]`, with the position of the key.
    pub rules: BTreeMap<String, (RuleLevel, Pos)>,
    /// `[helpdesk]` as written (empty when absent).
    pub helpdesk: HelpdeskSection,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            standards_dir: "standards".into(),
            cultures_dir: "cultures".into(),
            templates_dir: "templates".into(),
            translations_dir: "translations".into(),
            out: "dist".into(),
            emit: vec![Emit::Md, Emit::Html],
            deny_warnings: false,
            rules: BTreeMap::new(),
            helpdesk: HelpdeskSection::default(),
        }
    }
}

impl Config {
    /// The project's input folders, each with the `[project]` key that names it.
    pub fn input_dirs(&self) -> [(&'static str, &Path); 4] {
        [
            ("standards", &self.standards_dir),
            ("cultures", &self.cultures_dir),
            ("templates", &self.templates_dir),
            ("translations", &self.translations_dir),
        ]
    }
}

/// Is this a base standard or a culture overlay?
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    Standard,
    Culture,
}

/// One loaded file: its id, where it is, and its checked tree.
///
#[derive(Debug, Clone)]
pub struct Doc {
    pub id: String,
    pub file: Arc<str>,
    pub kind: DocKind,
    tree: Node,
    extends: Option<(String, Pos)>,
    is_abstract: bool,
    /// `allow` of the `[culture]` (or `[standard]`) table, read for every region of a chain.
    allow: Option<Node>,
}

impl Doc {
    fn new(id: &str, file: Arc<str>, kind: DocKind, node: Node) -> Doc {
        let head = node.get("culture").or_else(|| node.get("standard"));
        let extends = node
            .get("culture")
            .and_then(|c| c.get("extends"))
            .and_then(|n| Some((n.str()?.to_owned(), n.pos.clone())));
        let is_abstract = node
            .get("culture")
            .and_then(|c| c.get("abstract"))
            .and_then(Node::bool)
            .unwrap_or(false);
        Doc {
            id: id.to_owned(),
            file,
            kind,
            allow: head.and_then(|h| h.get("allow")).cloned(),
            tree: node,
            extends,
            is_abstract,
        }
    }

    /// The checked tree.
    pub fn node(&self) -> &Node {
        &self.tree
    }

    /// `extends` of a culture, with its position.
    pub fn extends(&self) -> Option<(&str, &Pos)> {
        self.extends.as_ref().map(|(id, pos)| (id.as_str(), pos))
    }

    /// `abstract = true` on a culture.
    pub fn is_abstract(&self) -> bool {
        self.is_abstract
    }

    /// `allow` of the file's `[culture]` or `[standard]` table.
    pub fn allow(&self) -> Option<&Node> {
        self.allow.as_ref()
    }
}

/// A loaded project: configuration, every file checked, and their texts.
#[derive(Debug)]
pub struct Project {
    pub root: PathBuf,
    pub config: Config,
    pub standards: BTreeMap<String, Doc>,
    pub cultures: BTreeMap<String, Doc>,
    /// `translations/<lang>.po`, read and checked.
    pub catalogues: crate::translate::catalogues::Catalogues,
    pub sources: Sources,
}

impl Project {
    /// A standard or culture by id.
    pub fn doc(&self, id: &str) -> Option<&Doc> {
        self.standards.get(id).or_else(|| self.cultures.get(id))
    }

    /// Every id, standards and cultures together.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.standards
            .keys()
            .chain(self.cultures.keys())
            .map(String::as_str)
    }
}

/// Finds the project root: `--project`, else the nearest folder upward holding
/// `csstd.toml`, else the working directory if it holds `standards/`.
pub fn find_root(explicit: Option<&Path>) -> anyhow::Result<PathBuf> {
    if let Some(dir) = explicit {
        if !dir.is_dir() {
            anyhow::bail!("project folder `{}` does not exist", dir.display());
        }
        return Ok(dir.to_path_buf());
    }
    let cwd = std::env::current_dir()?;
    for dir in cwd.ancestors() {
        if dir.join(MANIFEST).is_file() {
            return Ok(dir.to_path_buf());
        }
    }
    if cwd.join("standards").is_dir() {
        return Ok(cwd);
    }
    anyhow::bail!(
        "no csstd project here: no `{MANIFEST}` in this folder or above, and no `standards/` folder \
         (run `csstd init` to create one, or pass `-C DIR`)"
    )
}

/// Collects diagnostics and source texts while loading.
struct Loader<'a> {
    fs: &'a dyn FileSource,
    sources: Sources,
    errors: Vec<Diagnostic>,
}

/// One file read and parsed: its name, its text if it could be read as UTF-8, and its tree
/// or the reason it has none.
struct Read {
    file: Arc<str>,
    text: Option<Arc<str>>,
    node: Result<Node, Diagnostic>,
}

/// The input error for a file that could not be read (SPEC 7), at its start.
pub fn read_error(file: &Arc<str>, e: ReadError) -> Diagnostic {
    match e {
        ReadError::TooLarge(n) => Diagnostic::input(
            Pos::file_start(file),
            format!(
                "file is {n} bytes, over the limit of {} bytes (8 MiB)",
                fs::MAX_FILE_BYTES
            ),
        ),
        ReadError::Io(e) => {
            Diagnostic::input(Pos::file_start(file), format!("cannot read file: {e}"))
        }
        ReadError::Outside(target) => Diagnostic::input(
            Pos::file_start(file),
            format!(
                "a symbolic link that leads outside the project (to `{}`); inputs must be files inside the project",
                target.display()
            ),
        )
        .with_help("copy the file into the project instead of linking to it"),
        ReadError::NotAFile => Diagnostic::input(
            Pos::file_start(file),
            "a folder (or other non-file) where a source file is expected",
        )
        .with_help("rename or remove it: every entry named like a source file must be a file"),
    }
}

/// Reads and parses one file (no recording: files are read in parallel).
fn read_file(fs: &dyn FileSource, rel: &Path) -> Read {
    let file: Arc<str> = rel.to_string_lossy().replace('\\', "/").into();
    let failed = |file: Arc<str>, d: Diagnostic| Read {
        file,
        text: None,
        node: Err(d),
    };
    let bytes = match fs.read(rel) {
        Ok(b) => b,
        Err(e) => {
            let d = read_error(&file, e);
            return failed(file, d);
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => text::lf(t),
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let valid = std::str::from_utf8(valid).unwrap_or_default();
            let pos = parse::LineIndex::new(valid).pos(&file, valid.len());
            let d = Diagnostic::input(pos, "file is not valid UTF-8 (save it as UTF-8)");
            return failed(file, d);
        }
    };
    let text: Arc<str> = text.into();
    let is_yaml = rel
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
    let node = if is_yaml {
        parse::parse_yaml(&file, &text)
    } else {
        parse::parse_toml(&file, &text)
    };
    Read {
        file,
        text: Some(text),
        node,
    }
}

/// The one message for a standard or culture file with no keys (empty, or only comments),
/// whether it is TOML or YAML.
fn empty_document(file: &Arc<str>, kind: DocKind) -> Diagnostic {
    let (table, needs) = match kind {
        DocKind::Standard => (
            "standard",
            "`id`, `title`, `version` and `default_language`",
        ),
        DocKind::Culture => ("culture", "`id`, `name` and `extends`"),
    };
    Diagnostic::input(
        Pos::file_start(file),
        format!("the file is empty (nothing but blank lines or comments); a {table} file needs at least a `{table}` table with {needs}"),
    )
    .with_help("write the file's content, or delete the file")
}

/// A standard or culture file read, parsed and checked.
struct Loaded {
    file: Arc<str>,
    text: Option<Arc<str>>,
    doc: Result<Doc, Unusable>,
}

/// Why a file gave no document.
enum Unusable {
    /// It could not be read or parsed.
    Unread(Diagnostic),
    /// It parsed, but breaks the schema or the file rules.
    Invalid(Vec<Diagnostic>),
}

impl Loader<'_> {
    /// Reads and parses one file; `None` (with an error recorded) if it cannot be used.
    fn parse(&mut self, rel: &Path) -> Option<(Arc<str>, Node)> {
        let read = read_file(self.fs, rel);
        if let Some(text) = read.text {
            self.sources.insert(Arc::clone(&read.file), text);
        }
        match read.node {
            Ok(node) => Some((read.file, node)),
            Err(d) => {
                self.errors.push(d);
                None
            }
        }
    }

    /// Loads every file of one kind from `dir`. Files are read, parsed and checked in
    /// parallel (on the current rayon pool), then recorded in name order, so errors and
    /// which of two files with one id counts do not depend on the threads.
    fn load_dir(&mut self, dir: &Path, kind: DocKind, docs: &mut BTreeMap<String, Doc>) {
        let names = match self.fs.list(dir) {
            Ok(Some(names)) => names,
            Ok(None) => return,
            Err(e) => {
                let file: Arc<str> = dir.to_string_lossy().into();
                self.errors.push(Diagnostic::input(
                    Pos::file_start(&file),
                    format!("cannot list folder: {e}"),
                ));
                return;
            }
        };
        let mut wanted_files: Vec<(String, PathBuf)> = Vec::new();
        for name in names {
            let Some((stem, ext)) = name.rsplit_once('.') else {
                continue;
            };
            let ext = ext.to_ascii_lowercase();
            let wanted = match kind {
                DocKind::Standard => ext == "toml",
                DocKind::Culture => matches!(ext.as_str(), "toml" | "yaml" | "yml"),
            };
            if !wanted || name.starts_with('.') {
                continue;
            }
            let rel = dir.join(&name);
            if !is_valid_id(stem) {
                let file: Arc<str> = rel.to_string_lossy().into();
                self.errors.push(Diagnostic::input(
                    Pos::file_start(&file),
                    format!(
                        "file name `{}` is not a valid id: ids match {}",
                        crate::hint::truncate(stem),
                        crate::model::schema::ID_PATTERN
                    ),
                ));
                continue;
            }
            wanted_files.push((stem.to_owned(), rel));
        }
        let fs = self.fs;
        let loaded: Vec<Loaded> = wanted_files
            .par_iter()
            .map(|(stem, rel)| {
                let Read { file, text, node } = read_file(fs, rel);
                let doc = match node {
                    Err(d) => Err(Unusable::Unread(d)),
                    Ok(node) if node.table().is_some_and(|t| t.is_empty()) => {
                        Err(Unusable::Unread(empty_document(&file, kind)))
                    }
                    Ok(node) => match validate::check_file(&file, stem, kind, node) {
                        Err(ds) => Err(Unusable::Invalid(ds)),
                        Ok(node) => Ok(Doc::new(stem, Arc::clone(&file), kind, node)),
                    },
                };
                Loaded { file, text, doc }
            })
            .collect();
        for ((stem, _), Loaded { file, text, doc }) in wanted_files.iter().zip(loaded) {
            if let Some(text) = text {
                self.sources.insert(Arc::clone(&file), text);
            }
            let doc = match doc {
                Err(Unusable::Unread(d)) => {
                    self.errors.push(d);
                    continue;
                }
                other => other,
            };
            if let Some(other) = docs.get(stem) {
                self.errors.push(
                    Diagnostic::input(
                        Pos::file_start(&file),
                        format!("id `{stem}` is defined twice: here and in `{}`", other.file),
                    )
                    .with_note(Some(Pos::file_start(&other.file)), "the other file"),
                );
                continue;
            }
            match doc {
                Ok(doc) => {
                    docs.insert(stem.clone(), doc);
                }
                Err(Unusable::Invalid(mut ds)) => self.errors.append(&mut ds),
                Err(Unusable::Unread(d)) => self.errors.push(d),
            }
        }
    }
}

/// Reads `csstd.toml` if present.
fn load_manifest(loader: &mut Loader<'_>) -> Config {
    let mut config = Config::default();
    let rel = Path::new(MANIFEST);
    if !loader.fs.exists(rel) {
        return config;
    }
    let Some((file, node)) = loader.parse(rel) else {
        return config;
    };
    let manifest: ManifestFile = match de::from_node(&node) {
        Ok(m) => m,
        Err(e) => {
            loader.errors.push(e.into_diagnostic(&file));
            return config;
        }
    };
    // Every folder the manifest names, `[build] out` included, stays inside the project: the
    // manifest is input (it may come from anyone's pull request), so it cannot send csstd's
    // reads or writes elsewhere. Only `--out` on the command line, the invoker's own
    // choice, may point outside.
    let folder = |table: &str,
                  key: &str,
                  value: Option<String>,
                  default: PathBuf,
                  loader: &mut Loader<'_>| {
        let Some(v) = value else { return default };
        let path = PathBuf::from(&v);
        let escapes = path.is_absolute()
            || path.components().any(|c| {
                !matches!(
                    c,
                    std::path::Component::Normal(_) | std::path::Component::CurDir
                )
            });
        if escapes {
            let pos = node
                .get(table)
                .and_then(|p| p.get(key))
                .map_or_else(|| Pos::file_start(&file), |n| n.pos.clone());
            loader.errors.push(Diagnostic::input(
                pos,
                format!("`{v}` must be a folder inside the project (no `..`, not absolute)"),
            ));
            return default;
        }
        path
    };
    let project = manifest.project.unwrap_or_default();
    config.standards_dir = folder(
        "project",
        "standards",
        project.standards,
        config.standards_dir,
        loader,
    );
    config.cultures_dir = folder(
        "project",
        "cultures",
        project.cultures,
        config.cultures_dir,
        loader,
    );
    config.templates_dir = folder(
        "project",
        "templates",
        project.templates,
        config.templates_dir,
        loader,
    );
    config.translations_dir = folder(
        "project",
        "translations",
        project.translations,
        config.translations_dir,
        loader,
    );
    let build = manifest.build.unwrap_or_default();
    config.out = folder("build", "out", build.out, config.out, loader);
    if let Some(mut emit) = build.emit {
        emit.sort();
        emit.dedup();
        config.emit = emit;
    }
    let lint = manifest.lint.unwrap_or_default();
    config.deny_warnings = lint.deny_warnings.unwrap_or(false);
    config.helpdesk = manifest.helpdesk.unwrap_or_default();
    if let Some(rules) = node.get("lint").and_then(|l| l.get("rules")) {
        for (rule, level) in lint.rules.unwrap_or_default() {
            let pos = rules
                .key_pos(&rule)
                .cloned()
                .unwrap_or_else(|| rules.pos.clone());
            config.rules.insert(rule, (level, pos));
        }
    }
    config
}

/// Reads and checks `csstd.toml` alone (defaults when there is none): the rules' severities
/// for a report of input errors elsewhere in the project.
pub fn load_config(fs: &dyn FileSource) -> Result<Config, InputErrors> {
    let mut loader = Loader {
        fs,
        sources: Sources::default(),
        errors: Vec::new(),
    };
    let config = load_manifest(&mut loader);
    if loader.errors.is_empty() {
        Ok(config)
    } else {
        Err(InputErrors {
            diagnostics: sorted(loader.errors),
            sources: loader.sources,
        })
    }
}

/// Loads and checks every file of the project at `root`, read through `fs`.
pub fn load_project(root: &Path, fs: &dyn FileSource) -> Result<Project, InputErrors> {
    let mut loader = Loader {
        fs,
        sources: Sources::default(),
        errors: Vec::new(),
    };
    let config = load_manifest(&mut loader);
    let mut standards = BTreeMap::new();
    let mut cultures = BTreeMap::new();
    loader.load_dir(&config.standards_dir, DocKind::Standard, &mut standards);
    loader.load_dir(&config.cultures_dir, DocKind::Culture, &mut cultures);
    if standards.is_empty() && loader.errors.is_empty() {
        let dir: Arc<str> = config.standards_dir.to_string_lossy().into();
        loader.errors.push(Diagnostic::input(
            Pos::file_start(&dir),
            format!(
                "no base standard: `{}` holds no `.toml` file (in {})",
                dir,
                fs.describe()
            ),
        ));
    }
    validate::check_unique_ids(&standards, &cultures, &mut loader.errors);
    let catalogues =
        crate::translate::catalogues::load(fs, &config.translations_dir, &mut loader.sources)
            .unwrap_or_else(|errors| {
                loader.errors.extend(errors);
                Default::default()
            });
    if !loader.errors.is_empty() {
        return Err(InputErrors {
            diagnostics: sorted(loader.errors),
            sources: loader.sources,
        });
    }
    Ok(Project {
        root: root.to_path_buf(),
        config,
        standards,
        cultures,
        catalogues,
        sources: loader.sources,
    })
}

/// Diagnostics in file, line, column order, each once.
pub fn sorted(mut ds: Vec<Diagnostic>) -> Vec<Diagnostic> {
    ds.sort_by(|a, b| (&a.pos, &a.message).cmp(&(&b.pos, &b.message)));
    ds.dedup_by(|a, b| a.pos == b.pos && a.message == b.message);
    ds
}
