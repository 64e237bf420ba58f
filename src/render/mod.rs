//! Renders a resolved standard into handbooks (HTML and CommonMark) and the build index, with
//! minijinja templates, string catalogues and safe Markdown. Pure: it reads templates but
//! writes nothing, and it never lets source text reach the output unescaped.

pub mod agent;
pub mod catalog;
mod data;
mod filters;
pub mod markdown;
mod shared;
mod view;

pub use data::RegionData;

use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::model::node::Node;
use crate::model::standard::{Heading, Standard};
use crate::resolve::Resolved;
use crate::translate::apply::{Keep, Translator};
use minijinja::syntax::SyntaxConfig;
use minijinja::value::Serde;
use minijinja::{
    AutoEscape, Environment, Error, ErrorKind, Output, State, UndefinedBehavior, Value,
};

/// Built-in templates by name; a project's `templates/` folder overrides them by name.
const BUILTIN: [(&str, &str); 7] = [
    (
        "handbook.md.j2",
        include_str!("../../templates/handbook.md.j2"),
    ),
    (
        "handbook.html.j2",
        include_str!("../../templates/handbook.html.j2"),
    ),
    ("index.md.j2", include_str!("../../templates/index.md.j2")),
    ("agent.md.j2", include_str!("../../templates/agent.md.j2")),
    (
        "index.html.j2",
        include_str!("../../templates/index.html.j2"),
    ),
    (
        "partials/style.css",
        include_str!("../../templates/partials/style.css"),
    ),
    (
        "partials/head.html.j2",
        include_str!("../../templates/partials/head.html.j2"),
    ),
];

const HANDBOOK_MD: &str = "handbook.md.j2";
const HANDBOOK_HTML: &str = "handbook.html.j2";
const INDEX_MD: &str = "index.md.j2";
const INDEX_HTML: &str = "index.html.j2";
const AGENT_MD: &str = "agent.md.j2";

/// Prefix that always reaches a built-in template, even where the project overrides it.
const BUILTIN_PREFIX: &str = "builtin/";

/// Name of the Markdown auto-escape mode: every plain value printed by a `.md` template is
/// escaped for Markdown, as `.html` templates escape for HTML.
const MARKDOWN_ESCAPE: &str = "markdown";

/// Largest template file read from a project, as for every other input file.
const MAX_TEMPLATE_BYTES: u64 = 8 * 1024 * 1024;

/// Languages written right to left (primary subtags).
const RTL_LANGUAGES: [&str; 10] = ["ar", "he", "iw", "fa", "ur", "yi", "ps", "sd", "ug", "dv"];

/// Values every template sees besides its data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderContext {
    /// The build's "today" (`YYYY-MM-DD`): for custom templates; built-in ones never print it.
    pub today: String,
    /// The running csstd's version.
    pub csstd_version: String,
}

/// Why rendering failed.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The project's template folder exists but cannot be used.
    #[error("template folder {}: {source}", path.display())]
    TemplateDir {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// A template name tries to leave the template folder (`..`, an absolute path, a
    /// backslash, or a symlink that resolves outside it).
    #[error("{}template `{name}` refused: {reason}", place(included_from.as_deref(), *line))]
    TemplateRefused {
        name: String,
        reason: String,
        /// The template that asked for it, and the line, where known.
        included_from: Option<String>,
        line: Option<usize>,
    },
    /// A template failed to load, parse or render.
    #[error("{}{message}", place(Some(name.as_str()), *line))]
    Template {
        name: String,
        line: Option<usize>,
        message: String,
    },
    /// A resolved tree does not have the shape of a standard (a bug in csstd: loading
    /// checks every file against its schema).
    #[error("resolved standard: {0}")]
    Model(String),
    /// A built-in string catalogue is malformed (a bug in csstd, caught by its tests).
    #[error("string catalogue {lang}.toml: {message}")]
    Catalog { lang: String, message: String },
}

fn place(name: Option<&str>, line: Option<usize>) -> String {
    match (name, line) {
        (Some(name), Some(line)) => format!("template {name}:{line}: "),
        (Some(name), None) => format!("template {name}: "),
        (None, _) => String::new(),
    }
}

/// Carried inside a minijinja error from the loader, so that a refusal stays a refusal.
#[derive(Debug, thiserror::Error)]
#[error("template `{name}` refused: {reason}")]
struct Refused {
    name: String,
    reason: String,
}

impl From<Error> for RenderError {
    fn from(err: Error) -> RenderError {
        let mut source = std::error::Error::source(&err);
        let mut message = match err.detail() {
            Some(detail) => format!("{}: {detail}", err.kind()),
            None => err.kind().to_string(),
        };
        while let Some(cause) = source {
            if let Some(refused) = cause.downcast_ref::<Refused>() {
                return RenderError::TemplateRefused {
                    name: refused.name.clone(),
                    reason: refused.reason.clone(),
                    included_from: err.name().map(str::to_owned),
                    line: err.line(),
                };
            }
            message.push_str(": ");
            message.push_str(&cause.to_string());
            source = cause.source();
        }
        RenderError::Template {
            name: err.name().unwrap_or("(template)").to_owned(),
            line: err.line(),
            message,
        }
    }
}

/// The handbook templates: built-ins, overridden by name by a project's templates.
pub struct Templates {
    env: Environment<'static>,
    /// Each language's catalogue as a template value, made once per build.
    strings: Mutex<HashMap<String, Value>>,
    /// Conversions of source Markdown that many regions share.
    shared: Arc<shared::SharedMarkdown>,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Templates").finish_non_exhaustive()
    }
}

impl Templates {
    /// Built-in templates, overridden by name by files in `dir` if given (a project's
    /// `templates/`; a folder that does not exist overrides nothing). Includes/extends may
    /// only reach files inside that folder or the built-ins: names with `..`, absolute
    /// paths, backslashes, or symlinks that resolve outside the folder are refused with an
    /// error naming the template. `builtin/<name>` always reaches a built-in template.
    pub fn new(dir: Option<&Path>) -> Result<Templates, RenderError> {
        let root = match dir {
            Some(dir) => template_root(dir)?,
            None => None,
        };
        let loader_root = root.clone();
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Chainable);
        let syntax = SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()?;
        env.set_syntax(syntax);
        env.set_auto_escape_callback(auto_escape);
        env.set_formatter(format_value);
        env.set_loader(move |name| load(loader_root.as_deref(), name));
        let shared = Arc::new(shared::SharedMarkdown::default());
        filters::register(&mut env, &shared);
        let templates = Templates {
            env,
            strings: Mutex::new(HashMap::new()),
            shared,
        };
        // Syntax errors and refused names surface now, before anything is rendered.
        for name in [HANDBOOK_MD, HANDBOOK_HTML, INDEX_MD, INDEX_HTML, AGENT_MD] {
            templates.env.get_template(name)?;
        }
        Ok(templates)
    }

    /// A resolved region's template data, made once for both handbooks.
    pub fn region_data(&self, r: &Resolved) -> Result<RegionData, RenderError> {
        self.data_of(&r.chain, &r.tree, None, false)
    }

    /// A region's template data for a build: in its handbook language when `translator`
    /// is given, and with the assistant's brief when `agent` asks for it.
    pub fn region_data_for(
        &self,
        r: &Resolved,
        translator: Option<&Translator<'_>>,
        agent: bool,
    ) -> Result<RegionData, RenderError> {
        self.data_of(&r.chain, &r.tree, translator, agent)
    }

    /// A resolved region's template data in its handbook language: blocks that the
    /// catalogues translate are shown translated, in `handbook` and `region` alike.
    pub fn region_data_translated(
        &self,
        r: &Resolved,
        translator: &Translator<'_>,
    ) -> Result<RegionData, RenderError> {
        self.data_of(&r.chain, &r.tree, Some(translator), false)
    }

    fn data_of(
        &self,
        chain: &[String],
        tree: &Node,
        translator: Option<&Translator<'_>>,
        agent: bool,
    ) -> Result<RegionData, RenderError> {
        let (lang, default_language) = languages(tree)?;
        let applied = translator.map(|t| t.kept(chain, tree, &lang, &default_language, Keep::Take));
        let (tree, marks) = match applied.as_deref() {
            Some(Some((translated, marks))) => (translated, Some(marks)),
            _ => (tree, None),
        };
        let standard = Standard::of(tree).map_err(|e| RenderError::Model(e.message))?;
        let strings = self.strings(&lang)?;
        let page = view::handbook(&standard, chain, &strings, &lang, marks);
        let agent = if agent {
            agent::brief(&standard, &strings, &lang)
        } else {
            None
        };
        Ok(RegionData {
            value: data::region_value(chain, tree),
            handbook: Value::from(Serde(&page)),
            lang,
            agent,
        })
    }

    /// The template data of a resolved region saved as JSON (`standard.json` without
    /// provenance), whose values have no source positions.
    pub fn region_data_json(&self, region: &serde_json::Value) -> Result<RegionData, RenderError> {
        let tree = Node::from_json(region, &Arc::from("standard.json"));
        let chain: Vec<String> = region["chain"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|c| c.as_str().map(str::to_owned))
            .collect();
        self.data_of(&chain, &tree, None, false)
    }

    /// The handbook of one resolved region (as JSON) as CommonMark.
    pub fn handbook_md(
        &self,
        region: &serde_json::Value,
        ctx: &RenderContext,
    ) -> Result<String, RenderError> {
        self.handbook_md_of(&self.region_data_json(region)?, ctx)
    }

    /// The handbook of one resolved region (as JSON) as one self-contained HTML page.
    pub fn handbook_html(
        &self,
        region: &serde_json::Value,
        ctx: &RenderContext,
    ) -> Result<String, RenderError> {
        self.handbook_html_of(&self.region_data_json(region)?, ctx)
    }

    /// The CommonMark handbook of a region's template data.
    pub fn handbook_md_of(
        &self,
        region: &RegionData,
        ctx: &RenderContext,
    ) -> Result<String, RenderError> {
        self.render(HANDBOOK_MD, region_context(region), &region.lang, ctx)
    }

    /// The HTML handbook of a region's template data.
    pub fn handbook_html_of(
        &self,
        region: &RegionData,
        ctx: &RenderContext,
    ) -> Result<String, RenderError> {
        self.render(HANDBOOK_HTML, region_context(region), &region.lang, ctx)
    }

    /// The assistant's brief of a region's template data as `agent.md` (CommonMark, for a
    /// system prompt); `None` when the data has no brief.
    pub fn agent_md_of(
        &self,
        region: &RegionData,
        ctx: &RenderContext,
    ) -> Option<Result<String, RenderError>> {
        let brief = region.agent.as_ref()?;
        let strings = match self.strings(&region.lang) {
            Ok(s) => s,
            Err(e) => return Some(Err(e)),
        };
        let page = brief.page(&strings);
        let data = minijinja::context! {
            agent => Value::from(Serde(&page)),
            region => region.value.clone(),
        };
        Some(self.render(AGENT_MD, data, &region.lang, ctx))
    }

    /// The brief's items as `agent.json` (SPEC 11), pretty-printed; `None` without one.
    pub fn agent_json_of(region: &RegionData) -> Option<Vec<u8>> {
        let brief = region.agent.as_ref()?;
        let mut json = serde_json::to_vec_pretty(brief).unwrap_or_default();
        json.push(b'\n');
        Some(json)
    }

    /// The brief of one resolved region for lint, in its handbook language (translated
    /// where `translator` has it): the items `agent.json` would hold.
    pub fn agent_brief(
        r: &Resolved,
        translator: Option<&Translator<'_>>,
    ) -> Result<Option<agent::Brief>, RenderError> {
        let heading = Heading::of(&r.tree).map_err(|e| RenderError::Model(e.message))?;
        if !heading.agent_enabled() {
            return Ok(None);
        }
        let (lang, default_language) = languages(&r.tree)?;
        // The same translated tree the build's renderer then takes, made once.
        let applied =
            translator.map(|t| t.kept(&r.chain, &r.tree, &lang, &default_language, Keep::ForLater));
        let tree = applied
            .as_deref()
            .and_then(Option::as_ref)
            .map_or(&r.tree, |(t, _)| t);
        let standard = Standard::of(tree).map_err(|e| RenderError::Model(e.message))?;
        let strings = catalog::CatalogueValue::value(catalog::strings(&lang)?);
        Ok(agent::brief(&standard, &strings, &lang))
    }

    /// The build index (every region, with links to its handbooks) as CommonMark.
    pub fn index_md(
        &self,
        index: &impl serde::Serialize,
        ctx: &RenderContext,
    ) -> Result<String, RenderError> {
        self.render(INDEX_MD, index_context(index), "en", ctx)
    }

    /// The build index as one self-contained HTML page.
    pub fn index_html(
        &self,
        index: &impl serde::Serialize,
        ctx: &RenderContext,
    ) -> Result<String, RenderError> {
        self.render(INDEX_HTML, index_context(index), "en", ctx)
    }

    /// Names source texts that many handbooks share (e.g. every string of the base
    /// standards): their Markdown conversions are then made once and reused. Any text may
    /// be named; the output is the same, only the work differs.
    pub fn share_texts<'a>(&self, texts: impl IntoIterator<Item = &'a str>) {
        self.shared.share(texts);
    }

    /// The catalogue of `lang` as a template value.
    fn strings(&self, lang: &str) -> Result<Value, RenderError> {
        let mut cache = self.strings.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(v) = cache.get(lang) {
            return Ok(v.clone());
        }
        let v = catalog::CatalogueValue::value(catalog::strings(lang)?);
        cache.insert(lang.to_owned(), v.clone());
        Ok(v)
    }

    fn render(
        &self,
        name: &str,
        data: Value,
        lang: &str,
        ctx: &RenderContext,
    ) -> Result<String, RenderError> {
        let base = minijinja::context! {
            strings => self.strings(lang)?,
            lang => lang,
            dir => text_direction(lang),
            today => ctx.today.as_str(),
            csstd_version => ctx.csstd_version.as_str(),
        };
        let context = minijinja::context! { ..data, ..base };
        let rendered = self.env.get_template(name)?.render(context)?;
        Ok(if is_markdown_template(name) {
            markdown::tidy(&rendered)
        } else {
            end_html(&rendered)
        })
    }
}

/// A resolved tree's handbook language and the language of text from no known file (the
/// standard's `default_language`, else `en`), read from its heading only.
fn languages(tree: &Node) -> Result<(String, String), RenderError> {
    let heading = Heading::of(tree).map_err(|e| RenderError::Model(e.message))?;
    Ok((
        heading.handbook_language().to_owned(),
        heading.default_language().to_owned(),
    ))
}

/// What a handbook template sees besides the common values.
fn region_context(region: &RegionData) -> Value {
    minijinja::context! { region => region.value.clone(), handbook => region.handbook.clone() }
}

/// What an index template sees besides the common values.
fn index_context(index: &impl serde::Serialize) -> Value {
    minijinja::context! { index => Value::from(Serde(index)) }
}

/// An HTML page ends with one newline.
fn end_html(rendered: &str) -> String {
    let mut html = rendered.trim_end().to_owned();
    html.push('\n');
    html
}

/// `"rtl"` for right-to-left languages (ar, he, fa, ur, ..., with any region: `ar-SA`),
/// else `"ltr"`.
pub fn text_direction(lang: &str) -> &'static str {
    if RTL_LANGUAGES.contains(&catalog::primary_subtag(lang).as_str()) {
        "rtl"
    } else {
        "ltr"
    }
}

fn strip_template_ext(name: &str) -> &str {
    [".j2", ".jinja2", ".jinja"]
        .iter()
        .find_map(|ext| name.strip_suffix(ext))
        .unwrap_or(name)
}

fn is_markdown_template(name: &str) -> bool {
    let base = strip_template_ext(name);
    base.ends_with(".md") || base.ends_with(".markdown")
}

/// HTML-escape `.html` templates (with or without `.j2`), Markdown-escape `.md` ones.
fn auto_escape(name: &str) -> AutoEscape {
    let base = strip_template_ext(name);
    if [".html", ".htm", ".xml", ".svg"]
        .iter()
        .any(|ext| base.ends_with(ext))
    {
        AutoEscape::Html
    } else if is_markdown_template(name) {
        AutoEscape::Custom(MARKDOWN_ESCAPE.into())
    } else {
        AutoEscape::None
    }
}

/// Prints a value: none and undefined print nothing; plain values are escaped for HTML in
/// HTML templates and for Markdown in Markdown templates.
fn format_value(out: &mut Output, state: &mut State, value: &Value) -> Result<(), Error> {
    if value.is_undefined() || value.is_none() {
        return Ok(());
    }
    let owned;
    let text = match value.as_str() {
        Some(s) => s,
        None => {
            owned = value.to_string();
            owned.as_str()
        }
    };
    match state.auto_escape() {
        _ if value.is_safe() => out.write_str(text),
        AutoEscape::Html => write_plain(out, text, Escape::Html),
        AutoEscape::Custom(mode) if mode == MARKDOWN_ESCAPE => {
            write_plain(out, text, Escape::Markdown)
        }
        _ => return minijinja::escape_formatter(out, state, value),
    }
    .map_err(Error::from)
}

/// What a plain value is escaped for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Escape {
    Html,
    Markdown,
}

/// Writes a plain value's text escaped for an HTML or a Markdown page.
fn write_plain(out: &mut impl std::fmt::Write, text: &str, escape: Escape) -> std::fmt::Result {
    match escape {
        Escape::Html => markdown::write_escaped_html(text, out),
        Escape::Markdown if markdown::is_plain_inline(text) => out.write_str(text.trim_start()),
        Escape::Markdown => out.write_str(&markdown::escape_inline(text)),
    }
}

/// The canonical template folder, or `None` when it does not exist.
fn template_root(dir: &Path) -> Result<Option<PathBuf>, RenderError> {
    let error = |source| RenderError::TemplateDir {
        path: dir.to_owned(),
        source,
    };
    match fs::canonicalize(dir) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(error(e)),
        Ok(root) if root.is_dir() => Ok(Some(root)),
        Ok(_) => Err(error(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a folder",
        ))),
    }
}

fn refuse(name: &str, reason: &str) -> Error {
    Error::new(
        ErrorKind::InvalidOperation,
        format!("template `{name}` refused: {reason}"),
    )
    .with_source(Refused {
        name: name.to_owned(),
        reason: reason.to_owned(),
    })
}

/// Why a template name may not be used, if it may not.
fn name_problem(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        Some("empty name")
    } else if name.contains('\\') {
        Some("backslashes are not allowed in template names")
    } else if name.starts_with('/') || name.contains(':') {
        Some("absolute paths are not allowed")
    } else if name.contains('\0') {
        Some("NUL in template name")
    } else if name.split('/').any(|part| part == "..") {
        Some("`..` would leave the template folder")
    } else if name.split('/').any(|part| part.is_empty() || part == ".") {
        Some("empty or `.` path segment")
    } else {
        None
    }
}

fn builtin(name: &str) -> Option<String> {
    BUILTIN
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| (*text).to_owned())
}

/// The template loader: a project file first, then the built-in of that name.
fn load(root: Option<&Path>, name: &str) -> Result<Option<String>, Error> {
    if let Some(reason) = name_problem(name) {
        return Err(refuse(name, reason));
    }
    if let Some(rest) = name.strip_prefix(BUILTIN_PREFIX) {
        return Ok(builtin(rest));
    }
    if let Some(root) = root {
        if let Some(text) = read_project_template(root, name)? {
            return Ok(Some(text));
        }
    }
    Ok(builtin(name))
}

fn read_project_template(root: &Path, name: &str) -> Result<Option<String>, Error> {
    let path = root.join(name);
    let io_error = |e: io::Error| {
        Error::new(
            ErrorKind::TemplateNotFound,
            format!("cannot read template `{name}` ({}): {e}", path.display()),
        )
    };
    match fs::symlink_metadata(&path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_error(e)),
        Ok(_) => {}
    }
    let real = match fs::canonicalize(&path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(refuse(name, "a symlink that points nowhere"));
        }
        Err(e) => return Err(io_error(e)),
        Ok(real) => real,
    };
    if !real.starts_with(root) {
        return Err(refuse(name, "it resolves outside the template folder"));
    }
    let meta = fs::metadata(&real).map_err(io_error)?;
    if !meta.is_file() {
        return Err(refuse(name, "not a file"));
    }
    if meta.len() > MAX_TEMPLATE_BYTES {
        return Err(Error::new(
            ErrorKind::InvalidOperation,
            format!("template `{name}` is larger than 8 MiB"),
        ));
    }
    let bytes = fs::read(&real).map_err(io_error)?;
    String::from_utf8(bytes)
        .map(|t| Some(crate::load::text::lf(t)))
        .map_err(|_| {
            Error::new(
                ErrorKind::InvalidOperation,
                format!("template `{name}` is not valid UTF-8"),
            )
        })
}

#[cfg(test)]
mod tests;
