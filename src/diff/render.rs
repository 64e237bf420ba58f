//! Printers for diff entries: `human` (terminal), `markdown` (pull-request
//! comments) and `json` (machines). They only format; what differs is decided
//! in the parent module, and the exit code in the command.

use super::{Change, DiffEntry, Effect, RegionDiff, RegionStatus, Stat};
use crate::model::node::{Node, Value};
use serde_json::{Value as J, json};
use similar::{ChangeTag, TextDiff};
use std::collections::BTreeMap;

/// The version of the JSON output shape.
const JSON_VERSION: u32 = 1;

/// A string value longer than this is a "long text": line-diffed in `human`,
/// folded in `<details>` in `markdown`.
const LONG_TEXT: usize = 80;

/// Longest value shown inline in a markdown cell before it is folded.
const INLINE_CELL: usize = 60;

// ---------------------------------------------------------------------------
// JSON
// ---------------------------------------------------------------------------

fn entry_json(e: &DiffEntry) -> J {
    json!({
        "path": e.path,
        "kind": e.kind.as_str(),
        "a": e.a.as_ref().map_or(J::Null, Node::to_json),
        "b": e.b.as_ref().map_or(J::Null, Node::to_json),
        "a_source": e.a_source.as_ref().map(ToString::to_string),
        "b_source": e.b_source.as_ref().map(ToString::to_string),
        "effect": e.effect.map(Effect::as_str),
    })
}

fn stat_json(s: &Stat) -> J {
    json!({
        "added": s.added,
        "removed": s.removed,
        "changed": s.changed,
        "tighter": s.tighter,
        "looser": s.looser,
        "mixed": s.mixed,
    })
}

fn pretty(v: &J) -> String {
    // Serialising a `serde_json::Value` cannot fail.
    format!("{}\n", serde_json::to_string_pretty(v).unwrap_or_default())
}

/// `{"version":1,"a","b","entries":[...]}`; `--stat` adds a `stat` object and keeps the rest.
pub fn json(a: &str, b: &str, entries: &[DiffEntry], stat: bool) -> String {
    let mut v = json!({
        "version": JSON_VERSION,
        "a": a,
        "b": b,
        "entries": entries.iter().map(entry_json).collect::<Vec<_>>(),
    });
    if stat {
        v["stat"] = stat_json(&Stat::of(entries));
    }
    pretty(&v)
}

/// `{"version":1,"against","regions":[{"region","status","a","b","chain","entries"}]}`.
pub fn regions_json(against: &str, regions: &[RegionDiff], stat: bool) -> String {
    let list: Vec<J> = regions
        .iter()
        .map(|r| {
            let (a, b) = labels(against, r);
            json!({
                "region": r.region,
                "status": r.status.as_str(),
                "a": a,
                "b": b,
                "chain": r.b_chain.as_ref().or(r.a_chain.as_ref()),
                "entries": r.entries.iter().map(entry_json).collect::<Vec<_>>(),
            })
        })
        .collect();
    let mut v = json!({"version": JSON_VERSION, "against": against, "regions": list});
    if stat {
        let mut s = stat_json(&total(regions));
        let count = |st: RegionStatus| regions.iter().filter(|r| r.status == st).count();
        s["regions"] = json!({
            "changed": count(RegionStatus::Changed),
            "added": count(RegionStatus::Added),
            "removed": count(RegionStatus::Removed),
        });
        v["stat"] = s;
    }
    pretty(&v)
}

/// The two sides of a region diff as they would be written on the command line.
fn labels(against: &str, r: &RegionDiff) -> (Option<String>, Option<String>) {
    (
        r.a_chain
            .as_ref()
            .map(|_| format!("{}@{against}", r.region)),
        r.b_chain.as_ref().map(|_| r.region.clone()),
    )
}

fn total(regions: &[RegionDiff]) -> Stat {
    let mut s = Stat::default();
    for r in regions {
        s.merge(Stat::of(&r.entries));
    }
    s
}

// ---------------------------------------------------------------------------
// Words shared by human and markdown
// ---------------------------------------------------------------------------

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `5 differences: 2 added, 1 removed, 2 changed; 1 tighter, 1 looser`.
pub fn summary(s: &Stat) -> String {
    if s.total() == 0 {
        return "no differences".into();
    }
    let mut out = format!(
        "{}: {} added, {} removed, {} changed",
        plural(s.total(), "difference", "differences"),
        s.added,
        s.removed,
        s.changed
    );
    let effects: Vec<String> = counted(&[
        (s.tighter, "tighter"),
        (s.looser, "looser"),
        (s.mixed, "mixed"),
    ]);
    if !effects.is_empty() {
        out.push_str("; ");
        out.push_str(&effects.join(", "));
    }
    out
}

fn regions_summary(against: &str, regions: &[RegionDiff]) -> String {
    if regions.is_empty() {
        return format!("against {against}: no region's resolved standard changed");
    }
    let count = |st: RegionStatus| regions.iter().filter(|r| r.status == st).count();
    let mut parts = vec![plural(
        count(RegionStatus::Changed),
        "region changed",
        "regions changed",
    )];
    for (st, word) in [
        (RegionStatus::Added, "added"),
        (RegionStatus::Removed, "removed"),
    ] {
        if count(st) > 0 {
            parts.push(format!("{} {word}", count(st)));
        }
    }
    format!(
        "against {against}: {}; {}",
        parts.join(", "),
        summary(&total(regions))
    )
}

/// The top-level area of a path: `clauses` for `clauses[x].text`.
fn area(path: &str) -> &str {
    let end = path.find(['.', '[']).unwrap_or(path.len());
    &path[..end]
}

/// Counts per top-level area, in path order.
fn areas(entries: &[DiffEntry]) -> BTreeMap<&str, Stat> {
    let mut out: BTreeMap<&str, Stat> = BTreeMap::new();
    for e in entries {
        out.entry(area(&e.path)).or_default().add(e);
    }
    out
}

/// A value as lines of text, for block display and line diffs: strings as
/// they are, list items one per line, table fields as `key: value`.
fn as_text(node: &Node) -> String {
    match &node.value {
        Value::Str(s) => s.to_string(),
        Value::Array(items) => items.iter().map(item_text).collect::<Vec<_>>().join("\n"),
        Value::Table(t) => t
            .iter()
            .map(|(k, e)| field_text(k, &e.node))
            .collect::<Vec<_>>()
            .join("\n"),
        _ => compact(node),
    }
}

fn item_text(item: &Node) -> String {
    // A clause's `appended` guidance (`{from, text}`) reads best as its text under its source.
    if let (Some(from), Some(text), Some(2)) = (
        item.get_str("from"),
        item.get_str("text"),
        item.table().map(|t| t.len()),
    ) {
        return format!("[{from}]\n{}", text.trim_end());
    }
    match &item.value {
        Value::Str(s) => format!("• {s}"),
        _ => format!("• {}", compact(item)),
    }
}

fn field_text(key: &str, node: &Node) -> String {
    match &node.value {
        Value::Str(s) if s.contains('\n') => {
            let body: Vec<String> = s.trim_end().lines().map(|l| format!("  {l}")).collect();
            format!("{key}:\n{}", body.join("\n"))
        }
        Value::Str(s) => format!("{key}: {s}"),
        _ => format!("{key}: {}", compact(node)),
    }
}

/// The one-line form of a value: a string as it is, anything else as compact JSON.
fn inline(node: &Node) -> String {
    match &node.value {
        Value::Str(s) => s.to_string(),
        _ => compact(node),
    }
}

/// The text of a value too long or too multi-line to show inline.
fn block(node: Option<&Node>) -> Option<String> {
    let node = node?;
    let one = inline(node);
    (one.contains('\n') || one.chars().count() > LONG_TEXT).then(|| as_text(node))
}

fn compact(node: &Node) -> String {
    serde_json::to_string(&node.to_json()).unwrap_or_default()
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

// ---------------------------------------------------------------------------
// Human
// ---------------------------------------------------------------------------

/// ANSI colours, or nothing.
struct Paint(bool);

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn red(&self, s: &str) -> String {
        self.wrap("31", s)
    }
    fn green(&self, s: &str) -> String {
        self.wrap("32", s)
    }
    fn yellow(&self, s: &str) -> String {
        self.wrap("33", s)
    }
    fn bold(&self, s: &str) -> String {
        self.wrap("1", s)
    }
    fn dim(&self, s: &str) -> String {
        self.wrap("2", s)
    }
    fn effect(&self, e: Effect) -> String {
        match e {
            Effect::Tighter => self.green(e.as_str()),
            Effect::Looser => self.red(e.as_str()),
            Effect::Mixed => self.yellow(e.as_str()),
        }
    }
}

/// The diff of A and B for a terminal: each entry with both values and where they were set.
pub fn human(a: &str, b: &str, entries: &[DiffEntry], stat: bool, color: bool) -> String {
    let p = Paint(color);
    let mut out = String::new();
    human_body(&mut out, &p, a, b, entries, stat);
    out
}

fn human_body(out: &mut String, p: &Paint, a: &str, b: &str, entries: &[DiffEntry], stat: bool) {
    out.push_str(&format!("{}\n", p.bold(&format!("--- a: {a}"))));
    out.push_str(&format!("{}\n", p.bold(&format!("+++ b: {b}"))));
    if stat {
        let by_area = areas(entries);
        let width = by_area.keys().map(|k| k.chars().count()).max().unwrap_or(0);
        for (name, s) in &by_area {
            out.push_str(&format!(" {name:width$}  {}\n", stat_words(s)));
        }
    } else {
        for e in entries {
            human_entry(out, p, e);
        }
    }
    out.push_str(&format!("{}\n", summary(&Stat::of(entries))));
}

/// `["1 added", "2 changed"]`: each non-zero count with its word.
fn counted(counts: &[(usize, &str)]) -> Vec<String> {
    counts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, w)| format!("{n} {w}"))
        .collect()
}

/// `1 added, 2 changed (1 tighter)` for one area; zero counts are left out.
fn stat_words(s: &Stat) -> String {
    let kinds: Vec<String> = counted(&[
        (s.added, "added"),
        (s.removed, "removed"),
        (s.changed, "changed"),
    ]);
    let effects: Vec<String> = counted(&[
        (s.tighter, "tighter"),
        (s.looser, "looser"),
        (s.mixed, "mixed"),
    ]);
    let mut out = kinds.join(", ");
    if !effects.is_empty() {
        out.push_str(&format!(" ({})", effects.join(", ")));
    }
    out
}

fn human_entry(out: &mut String, p: &Paint, e: &DiffEntry) {
    let (sign, kind) = match e.kind {
        Change::Added => (p.green("+"), p.green("added")),
        Change::Removed => (p.red("-"), p.red("removed")),
        Change::Changed => (p.yellow("~"), p.yellow("changed")),
    };
    out.push_str(&format!("{sign} {}  {kind}", p.bold(&visible(&e.path))));
    if let Some(effect) = e.effect {
        out.push_str(&format!(", {}", p.effect(effect)));
    }
    out.push('\n');
    let source = |s: &Option<crate::model::node::Pos>| {
        s.as_ref()
            .map_or_else(|| "(absent)".to_string(), ToString::to_string)
    };
    let (ta, tb) = (block(e.a.as_ref()), block(e.b.as_ref()));
    if ta.is_some() || tb.is_some() {
        // Long values: the locations, then the text itself as a line diff.
        out.push_str(&format!("    a  {}\n", p.dim(&source(&e.a_source))));
        out.push_str(&format!("    b  {}\n", p.dim(&source(&e.b_source))));
        let a_text = ta.or_else(|| e.a.as_ref().map(as_text)).unwrap_or_default();
        let b_text = tb.or_else(|| e.b.as_ref().map(as_text)).unwrap_or_default();
        line_diff(out, p, &a_text, &b_text);
        return;
    }
    for (side, node, src) in [("a", &e.a, &e.a_source), ("b", &e.b, &e.b_source)] {
        let shown = match node {
            None => p.dim("(absent)"),
            Some(n) => {
                let v = compact(n);
                if side == "a" { p.red(&v) } else { p.green(&v) }
            }
        };
        let at = src
            .as_ref()
            .map(|s| format!("  {}", p.dim(&format!("at {s}"))))
            .unwrap_or_default();
        out.push_str(&format!("    {side}  {shown}{at}\n"));
    }
}

/// Text from a source file made safe for a terminal: a control character
/// (an escape sequence hidden in a value) is shown, never obeyed.
fn visible(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() && c != '\t' {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Lines of context kept around each change of a long text.
const CONTEXT: usize = 2;

fn line_diff(out: &mut String, p: &Paint, a: &str, b: &str) {
    let diff = TextDiff::from_lines(a, b);
    for (i, group) in diff.grouped_ops(CONTEXT).iter().enumerate() {
        if i > 0 {
            out.push_str(&format!("      {}\n", p.dim("…")));
        }
        for op in group {
            for change in diff.iter_changes(op) {
                let line = visible(change.value().trim_end_matches(['\n', '\r']));
                let text = match change.tag() {
                    ChangeTag::Delete => p.red(&format!("- {line}")),
                    ChangeTag::Insert => p.green(&format!("+ {line}")),
                    ChangeTag::Equal => format!("  {line}"),
                };
                out.push_str(&format!("    {text}\n"));
            }
        }
    }
}

/// Every changed region against a revision, for a terminal.
pub fn regions_human(against: &str, regions: &[RegionDiff], stat: bool, color: bool) -> String {
    let p = Paint(color);
    let mut out = String::new();
    for r in regions {
        out.push_str(&p.bold(&format!("=== {} ({}) ===\n", r.region, r.status.as_str())));
        match r.status {
            RegionStatus::Changed => {
                let (a, b) = labels(against, r);
                human_body(
                    &mut out,
                    &p,
                    a.as_deref().unwrap_or_default(),
                    b.as_deref().unwrap_or_default(),
                    &r.entries,
                    stat,
                );
            }
            RegionStatus::Added | RegionStatus::Removed => {
                out.push_str(&format!("{}\n", region_line(r, against)));
            }
        }
        out.push('\n');
    }
    out.push_str(&format!("{}\n", regions_summary(against, regions)));
    out
}

/// One sentence for an added or removed region.
fn region_line(r: &RegionDiff, against: &str) -> String {
    let chain = |c: &Option<Vec<String>>| c.as_ref().map(|c| c.join(" → ")).unwrap_or_default();
    match r.status {
        RegionStatus::Added => format!(
            "new region (not a region at {against}): {}",
            chain(&r.b_chain)
        ),
        RegionStatus::Removed => format!(
            "no longer a region (was one at {against}): {}",
            chain(&r.a_chain)
        ),
        RegionStatus::Changed => String::new(),
    }
}

// ---------------------------------------------------------------------------
// Markdown
// ---------------------------------------------------------------------------

/// The diff as a pull-request comment: a one-line summary, then a table.
pub fn markdown(a: &str, b: &str, entries: &[DiffEntry], stat: bool) -> String {
    let mut out = format!(
        "**{} → {}**: {}\n",
        code_span(a),
        code_span(b),
        summary(&Stat::of(entries))
    );
    if !stat && !entries.is_empty() {
        out.push('\n');
        md_table(&mut out, entries);
    }
    out
}

/// Every changed region against a revision: a summary line, then one heading and table per region.
pub fn regions_markdown(against: &str, regions: &[RegionDiff], stat: bool) -> String {
    let s = regions_summary(against, regions);
    // The summary names the revision in a code span; the rest is plain text.
    let rest = s.strip_prefix(&format!("against {against}")).unwrap_or(&s);
    let mut out = format!("**csstd diff** against {}{rest}\n", code_span(against));
    if regions.is_empty() {
        return out;
    }
    if stat {
        out.push_str(
            "\n| region | status | added | removed | changed | tighter | looser | mixed |\n",
        );
        out.push_str("|---|---|---:|---:|---:|---:|---:|---:|\n");
        for r in regions {
            let s = Stat::of(&r.entries);
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} | {} | {} |\n",
                code_span(&r.region),
                r.status.as_str(),
                s.added,
                s.removed,
                s.changed,
                s.tighter,
                s.looser,
                s.mixed
            ));
        }
        return out;
    }
    for r in regions {
        out.push_str(&format!("\n### {}", code_span(&r.region)));
        match r.status {
            RegionStatus::Changed => {
                out.push_str(&format!(
                    "\n\n{}\n\n",
                    capitalise(&summary(&Stat::of(&r.entries)))
                ));
                md_table(&mut out, &r.entries);
            }
            RegionStatus::Added | RegionStatus::Removed => {
                out.push_str(&format!(
                    " ({})\n\n{}\n",
                    r.status.as_str(),
                    md_escape(&capitalise(&region_line(r, against)))
                ));
            }
        }
    }
    out
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn md_table(out: &mut String, entries: &[DiffEntry]) {
    out.push_str("| path | change | A | B | effect |\n|---|---|---|---|---|\n");
    for e in entries {
        let effect = match e.effect {
            None => String::new(),
            Some(Effect::Tighter) => "tighter".into(),
            // Loosening is what a reviewer must not miss.
            Some(eff) => format!("**{}**", eff.as_str()),
        };
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            code_span(&e.path),
            e.kind.as_str(),
            md_cell(e.a.as_ref(), None),
            md_cell(e.b.as_ref(), e.a.as_ref()),
            effect
        ));
    }
}

/// A value in a table cell: short ones inline as code, long ones folded in `<details>`.
/// `before` is the other side, for a `+n −m lines` note on changed long values.
fn md_cell(node: Option<&Node>, before: Option<&Node>) -> String {
    let Some(node) = node else {
        return "—".into();
    };
    let Some(body) = block(Some(node)) else {
        let text = inline(node);
        if text.is_empty() {
            return "`\"\"`".into();
        }
        return code_span(&text);
    };
    // A whole entry is summed up by its title; a text by its first line.
    let name = ["title", "name", "id"].iter().find_map(|k| node.get_str(k));
    let first = body
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default();
    let mut label = truncate(name.unwrap_or(first).trim(), INLINE_CELL);
    if let Some(old) = before.map(as_text) {
        let diff = TextDiff::from_lines(old.as_str(), body.as_str());
        let count = |tag| diff.iter_all_changes().filter(|c| c.tag() == tag).count();
        label.push_str(&format!(
            " (+{} −{} lines)",
            count(ChangeTag::Insert),
            count(ChangeTag::Delete)
        ));
    }
    format!(
        "<details><summary>{}</summary>{}</details>",
        html_cell(&label),
        html_cell(body.trim_end())
    )
}

/// Text for HTML inside a table cell: escaped, one physical line, no pipe that
/// would end the cell, no `@` that would notify someone.
fn html_cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '|' => out.push_str("&#124;"),
            '@' => out.push_str("&#64;"),
            '\\' => out.push_str("&#92;"),
            '`' => out.push_str("&#96;"),
            '*' | '_' | '~' | '[' | ']' => out.push_str(&format!("&#{};", c as u32)),
            '\r' => {}
            '\n' => out.push_str("<br>"),
            c => out.push(c),
        }
    }
    out
}

/// Plain markdown text (outside code and tables): backslash-escape what would format.
fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '~' | '[' | ']' | '<' | '>' | '|' | '#' | '@'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A code span that survives any content, including backticks and, in a table, pipes.
fn code_span(s: &str) -> String {
    let s = s.replace('\n', " ").replace('|', "\\|");
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    // A space keeps a leading or trailing backtick from joining the fence.
    let pad = if s.starts_with('`') || s.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{s}{pad}{fence}")
}

#[cfg(test)]
mod tests {
    use super::{code_span, html_cell, visible};

    #[test]
    fn code_spans_escape_pipes_and_outgrow_backticks() {
        assert_eq!(code_span("a|b"), "`a\\|b`");
        assert_eq!(code_span("x `y` z"), "``x `y` z``");
        assert_eq!(code_span("`q"), "`` `q ``");
    }

    #[test]
    fn html_cells_stay_on_one_line_and_inert() {
        assert_eq!(
            html_cell("a|b\n<script>@x"),
            "a&#124;b<br>&lt;script&gt;&#64;x"
        );
    }

    #[test]
    fn escape_sequences_in_values_are_shown_not_obeyed() {
        assert_eq!(visible("a\x1b[31mb\tc"), "a\\u{1b}[31mb\tc");
    }
}
