//! The built-in handbook templates, compiled by hand into Rust.
//!
//! `templates/handbook.md.j2` and `templates/handbook.html.j2` are the definition of a
//! handbook; this module writes the same bytes without the template engine, because the
//! engine's per-expression cost (some 25 expressions per clause, 300 clauses, two pages,
//! every region) was most of a build. It is used only when a project overrides neither
//! handbook template nor a partial they include; otherwise the templates are rendered.
//!
//! It reads the same template data and calls the same filters as the templates, with the
//! engine's rules for truth (`a or b`), printing (none prints nothing, plain values are
//! escaped, safe ones are not) and loops. `tests/native.rs` renders every region of the
//! shipped standards, the examples, the fixture projects and generated projects both
//! ways and requires identical bytes: a change to a built-in template that is not made
//! here too fails it. `md.rs` and `html.rs` follow their templates part by part.

mod html;
mod md;

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use minijinja::Value;

use super::data::{fields, source_table};
use super::filters::{self, attr};
use super::shared::SharedMarkdown;
use crate::model::node::Table;
use crate::model::table_cache::{TableCache, address};

pub(super) use html::handbook as handbook_html;
pub(super) use md::handbook as handbook_md;

/// How plain values are escaped on a page.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Escape {
    Html,
    Markdown,
}

/// What a page is written with: its catalogue, the shared Markdown conversions and clause
/// blocks, and the values every template sees.
pub(super) struct Env<'a> {
    pub strings: &'a Value,
    pub shared: &'a SharedMarkdown,
    pub fragments: &'a Fragments,
    pub lang: &'a str,
    pub dir: &'a str,
    pub csstd_version: &'a str,
}

/// Clause blocks already written, kept across pages and regions.
///
/// A clause that a region inherits unchanged is the very table of the standard or
/// culture it comes from (see [`TableCache`]), and its block on a page depends only on
/// that table, the table of the metric it names, and the page's kind, language and
/// source-language attributes. Such blocks are written once and copied after that. Only
/// tables that some other tree also holds are kept (a region's own clauses are written
/// each time), and only while they are alive.
#[derive(Default)]
pub(super) struct Fragments {
    done: TableCache<FragmentKey, Arc<str>>,
    /// Page contexts (language and source-language attributes) by number.
    contexts: Mutex<Vec<String>>,
}

#[derive(PartialEq, Eq, Hash)]
struct FragmentKey {
    clause: usize,
    metric: usize,
    html: bool,
    /// The page's context, by its number in [`Fragments::contexts`].
    context: usize,
}

/// A table that another tree also holds (besides the region's tree and its template
/// value): a table of a standard or culture the region inherits.
fn shared_table(value: &Value) -> Option<&Arc<Table>> {
    source_table(value).filter(|t| Arc::strong_count(t) > 2)
}

/// A page being written.
struct Page<'a> {
    out: String,
    escape: Escape,
    env: &'a Env<'a>,
    /// Markdown heading texts already used (what `md_heading` keeps per rendering).
    headings: HashSet<String>,
    /// Labels and targets already written on this page, escaped, by what they were made
    /// of: a page shows the same few hundreds of times (every clause's principles).
    memo: HashMap<String, Box<str>, foldhash::fast::RandomState>,
    /// The key being looked up in `memo` (kept to reuse its buffer).
    memo_key: String,
    /// What besides a clause its block depends on: language and source attributes.
    context: String,
    /// The number of `context` in [`Fragments`], once asked for.
    context_id: Option<usize>,
}

impl<'a> Page<'a> {
    fn new(env: &'a Env<'a>, escape: Escape, capacity: usize) -> Page<'a> {
        Page {
            out: String::with_capacity(capacity),
            escape,
            env,
            headings: HashSet::new(),
            memo: HashMap::default(),
            memo_key: String::new(),
            context: env.lang.to_owned(),
            context_id: None,
        }
    }

    /// Writes a clause's block with `write`, or copies it when it has been written before
    /// for the same tables and page context (see [`Fragments`]).
    fn clause_block(&mut self, clause: &Value, metric: &Value, write: impl FnOnce(&mut Self)) {
        let key = shared_table(clause).and_then(|c| {
            let m = if metric.is_undefined() {
                None
            } else {
                Some(shared_table(metric)?)
            };
            Some((c, m))
        });
        let Some((c, m)) = key else {
            write(self);
            return;
        };
        let fragments = self.env.fragments;
        let context = *self
            .context_id
            .get_or_insert_with(|| fragments.context(&self.context));
        let key = FragmentKey {
            clause: address(c),
            metric: m.map_or(0, address),
            html: self.escape == Escape::Html,
            context,
        };
        if let Some(hit) = fragments.done.get(&key) {
            self.out.push_str(&hit);
            return;
        }
        let start = self.out.len();
        write(self);
        let text: Arc<str> = self.out[start..].into();
        match m {
            Some(m) => fragments.done.put(key, &[c, m], text),
            None => fragments.done.put(key, &[c], text),
        }
    }

    /// Writes the memoized text for `parts` (joined into a key), making it with `make` and
    /// escaping it the first time.
    fn memoized(&mut self, parts: [&str; 3], make: impl FnOnce(&Value) -> String) {
        self.memo_key.clear();
        for part in parts {
            self.memo_key.push_str(part);
            self.memo_key.push('\0');
        }
        if let Some(hit) = self.memo.get(self.memo_key.as_str()) {
            self.out.push_str(hit);
            return;
        }
        let mut escaped = String::new();
        let _ = super::write_plain(&mut escaped, &make(self.env.strings), self.escape);
        self.out.push_str(&escaped);
        self.memo
            .insert(self.memo_key.clone(), escaped.into_boxed_str());
    }

    /// Template text, written as it is.
    fn raw(&mut self, text: &str) {
        self.out.push_str(text);
    }

    /// `{{ value }}`: nothing for none or undefined, safe values as they are, anything
    /// else as escaped text.
    fn val(&mut self, value: &Value) {
        if value.is_undefined() || value.is_none() {
            return;
        }
        match value.as_str() {
            Some(text) if value.is_safe() => self.out.push_str(text),
            Some(text) => self.text(text),
            None => self.text(&value.to_string()),
        }
    }

    /// `{{ "text" }}`: a plain string, escaped.
    fn text(&mut self, text: &str) {
        // Writing to a String cannot fail.
        let _ = super::write_plain(&mut self.out, text, self.escape);
    }

    /// `{{ strings.key }}`.
    fn s(&mut self, key: &str) {
        let v = self.string(key);
        self.val(&v);
    }

    /// `strings.key` as a value.
    fn string(&self, key: &str) -> Value {
        attr(self.env.strings, key)
    }

    /// `strings.key` as text (empty when the catalogue lacks it).
    fn string_text(&self, key: &str) -> String {
        filters::text_of(&self.string(key))
    }

    /// `value|label(prefix)`, escaped.
    fn label(&mut self, value: &Value, prefix: &str) {
        let raw = filters::text_of(value);
        self.memoized(["label", prefix, &raw], |strings| {
            filters::label_of(strings, &raw, prefix)
        });
    }

    /// `value|target(clock)`, escaped.
    fn target(&mut self, value: &Value, clock: &Value) {
        let raw = filters::text_of(value);
        let clock = opt_str(clock);
        // `\u{1}` stands for "no clock", which no clock name is.
        let clock_key = clock.as_deref().unwrap_or("\u{1}");
        self.memoized(["target", clock_key, &raw], |strings| {
            filters::target_of(strings, &raw, clock.as_deref())
        });
    }

    /// `value|md_heading(id)`, safe.
    fn md_heading(&mut self, text: &str, id: Option<&Value>) {
        let id = id.map(filters::text_of);
        let heading = filters::unique_heading(&mut self.headings, text, id.as_deref());
        self.out.push_str(&heading);
    }

    /// `strings.key|md_heading`.
    fn s_heading(&mut self, key: &str) {
        let text = self.string_text(key);
        self.md_heading(&text, None);
    }

    /// `strings.key|replace(from, to)`, escaped.
    fn s_replace(&mut self, key: &str, from: &str, to: &str) {
        let text = self.string_text(key).replace(from, to);
        self.text(&text);
    }

    /// `list|join(sep)`, escaped as one text.
    fn join(&mut self, list: &Value, sep: &str) {
        let text = join(list, sep);
        self.text(&text);
    }

    /// Each item of `list` with `write`, separated by `sep` (`{% if not loop.last %}`).
    fn each_sep(&mut self, list: &Value, sep: &str, mut write: impl FnMut(&mut Self, &Value)) {
        let mut first = true;
        for item in iter(list) {
            if !first {
                self.raw(sep);
            }
            first = false;
            write(self, &item);
        }
    }

    /// `{% for x in list %}{{ x|label(prefix) }}{% if not loop.last %}, {% endif %}{% endfor %}`.
    fn labels(&mut self, list: &Value, prefix: &str) {
        self.each_sep(list, ", ", |p, item| p.label(item, prefix));
    }

    /// `{% if m.target %} · {{ strings.target }} {{ m.target|target }}{% endif %}`: the
    /// target of a clause's metric.
    fn metric_target(&mut self, m: &Value) {
        let target = attr(m, "target");
        if target.is_true() {
            self.raw(" · ");
            self.s("target");
            self.raw(" ");
            self.target(&target, &Value::UNDEFINED);
        }
    }

    /// `{% if hol.date %}{{ hol.date }}{% else %}{{ hol.from }} – {{ hol.to }}{% endif %}`.
    fn holiday_date(&mut self, hol: &Value) {
        let date = attr(hol, "date");
        if date.is_true() {
            self.val(&date);
        } else {
            self.val(&attr(hol, "from"));
            self.raw(" – ");
            self.val(&attr(hol, "to"));
        }
    }

    /// The footer's line: `built_with`, then ` · ` and the standard's id and version, and
    /// ` · ` and the culture's id, each wrapped in `open` and `close`.
    fn footer_line(&mut self, std: &Value, culture: &Value, open: &str, close: &str) {
        let version = self.env.csstd_version;
        self.s_replace("built_with", "{version}", version);
        let id = attr(std, "id");
        if id.is_true() {
            self.raw(" · ");
            self.raw(open);
            self.val(&id);
            self.raw(" ");
            self.val(&attr(std, "version"));
            self.raw(close);
        }
        let cid = attr(culture, "id");
        if cid.is_true() {
            self.raw(" · ");
            self.raw(open);
            self.val(&cid);
            self.raw(close);
        }
    }

    /// `text|markdown(level)`, safe.
    fn markdown(&mut self, text: &Value, level: u8) {
        let source = filters::text_of(text);
        let html = filters::markdown_html(self.env.shared, &source, level);
        self.out.push_str(&html);
    }

    /// `text|md(level, quote)`, safe.
    fn md(&mut self, text: &Value, level: u8, quote: bool) {
        let source = filters::text_of(text);
        let md = filters::markdown_md(self.env.shared, &source, level, quote);
        self.out.push_str(&md);
    }
}

impl Fragments {
    /// The number of a page context.
    fn context(&self, context: &str) -> usize {
        let mut contexts = self.contexts.lock().unwrap_or_else(|e| e.into_inner());
        match contexts.iter().position(|c| c == context) {
            Some(i) => i,
            None => {
                contexts.push(context.to_owned());
                contexts.len() - 1
            }
        }
    }
}

/// What both handbooks read of a clause: its fields, and the metric it names
/// (`metric_of[c.metric]`, undefined when it names none).
struct Clause {
    id: Value,
    title: Value,
    locked: Value,
    text: Value,
    appended: Value,
    metric: Value,
    principles: Value,
    m: Value,
}

impl Clause {
    fn of(c: &Value, metric_of: &Value) -> Clause {
        let [id, title, locked, text, appended, metric, principles] = fields(
            c,
            [
                "id",
                "title",
                "locked",
                "text",
                "appended",
                "metric",
                "principles",
            ],
        );
        let m = if metric.is_true() {
            item(metric_of, &metric)
        } else {
            Value::UNDEFINED
        };
        Clause {
            id,
            title,
            locked,
            text,
            appended,
            metric,
            principles,
            m,
        }
    }

    /// `c.title or c.id`.
    fn title(&self) -> Value {
        or(self.title.clone(), self.id.clone())
    }

    /// `m.title or c.metric`.
    fn metric_title(&self) -> Value {
        or(attr(&self.m, "title"), self.metric.clone())
    }
}

/// `region.priorities or region.slas or region.escalations`: whether the handbook has a
/// service-level part.
fn has_service_levels(region: &Value) -> bool {
    ["priorities", "slas", "escalations"]
        .iter()
        .any(|k| attr(region, k).is_true())
}

/// `(std.title or std.id) ~ ((" — " ~ culture.name) if culture.name else "")`: the
/// handbook's title.
fn page_title(std: &Value, culture: &Value) -> String {
    let name = attr(culture, "name");
    let suffix = if name.is_true() {
        format!(" — {name}")
    } else {
        String::new()
    };
    concat(&attr_or(std, "title", "id"), &suffix)
}

/// Who owns the standard and when it was reviewed: the culture's, else the standard's.
struct Meta {
    owner: Value,
    approvers: Value,
    last_reviewed: Value,
    review_months: Value,
}

impl Meta {
    fn of(std: &Value, culture: &Value) -> Meta {
        let pick = |key: &str| or(attr(culture, key), attr(std, key));
        Meta {
            owner: pick("owner"),
            approvers: pick("approvers"),
            last_reviewed: pick("last_reviewed"),
            review_months: pick("review_every_months"),
        }
    }
}

/// `escalations|selectattr("priority", "eq", p.id)|by_duration("after")`.
fn steps_of(escalations: &Value, priority: &Value) -> Vec<Value> {
    let id = attr(priority, "id");
    let selected: Vec<Value> = iter(escalations)
        .filter(|step| attr(step, "priority") == id)
        .collect();
    filters::by_duration(Value::from(selected), "after")
        .map(|sorted| iter(&sorted).collect())
        .unwrap_or_default()
}

/// `value[key]`.
fn item(value: &Value, key: &Value) -> Value {
    value.get_item(key).unwrap_or_default()
}

/// `a or b`.
fn or(a: Value, b: Value) -> Value {
    if a.is_true() { a } else { b }
}

/// `value.a or value.b`.
fn attr_or(value: &Value, a: &str, b: &str) -> Value {
    or(attr(value, a), attr(value, b))
}

/// `for item in value` (nothing for undefined and none).
fn iter(value: &Value) -> impl Iterator<Item = Value> {
    value.try_iter().ok().into_iter().flatten()
}

/// `list|join(sep)`: the items' texts with `sep` between them.
fn join(list: &Value, sep: &str) -> String {
    let mut out = String::new();
    for (i, item) in iter(list).enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        match item.as_str() {
            Some(s) => out.push_str(s),
            None => out.push_str(&item.to_string()),
        }
    }
    out
}

/// A filter's optional string argument: none for undefined and none.
fn opt_str(value: &Value) -> Option<String> {
    if value.is_undefined() || value.is_none() {
        None
    } else {
        Some(filters::text_of(value))
    }
}

/// `a ~ b`: the texts of two values joined (undefined is empty).
fn concat(a: &Value, b: &str) -> String {
    let mut out = if a.is_undefined() {
        String::new()
    } else {
        a.to_string()
    };
    out.push_str(b);
    out
}
