//! Per-file checks beyond syntax: the strict schema, ids matching file stems,
//! unique ids in keyed lists, dated holidays, non-overlapping schedule exceptions; then quantities are rewritten in
//! their canonical spelling so every later stage sees one form.

use super::de::from_node;
use super::{Doc, DocKind};
use crate::diag::Diagnostic;
use crate::model::KEYED_LISTS;
use crate::model::date::CivilDate;
use crate::model::node::{Node, Pos, Value};
use crate::model::quantity::{Target, canonical_span};
use crate::model::schema::{BaseFile, OverlayFile};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// Checks one parsed file and returns its tree with canonical quantities.
pub fn check_file(
    file: &Arc<str>,
    stem: &str,
    kind: DocKind,
    mut node: Node,
) -> Result<Node, Vec<Diagnostic>> {
    let numbers = bare_numbers(&node);
    if !numbers.is_empty() {
        return Err(numbers);
    }
    let head = match kind {
        DocKind::Standard => {
            from_node::<BaseFile>(&node).map_err(|e| vec![e.into_diagnostic(file)])?;
            "standard"
        }
        DocKind::Culture => {
            from_node::<OverlayFile>(&node).map_err(|e| vec![e.into_diagnostic(file)])?;
            "culture"
        }
    };
    let mut errors = Vec::new();
    if let Some(id) = node.get(head).and_then(|h| h.get("id")) {
        if id.str() != Some(stem) {
            errors.push(
                Diagnostic::input(
                    id.pos.clone(),
                    format!(
                        "{head} id `{}` does not match its file name `{stem}`",
                        id.str().unwrap_or_default()
                    ),
                )
                .with_help(format!("set `id = \"{stem}\"` or rename the file")),
            );
        }
    }
    for list in KEYED_LISTS {
        let Some(entries) = node.get(list).and_then(Node::array) else {
            continue;
        };
        let mut seen: HashMap<&str, &Pos> = HashMap::new();
        for entry in entries {
            let Some(id_node) = entry.get("id") else {
                continue;
            };
            let id = id_node.str().unwrap_or_default();
            if let Some(first) = seen.insert(id, &id_node.pos) {
                errors.push(
                    Diagnostic::input(
                        id_node.pos.clone(),
                        format!("duplicate id `{id}` in `{list}`"),
                    )
                    .with_note(Some(first.clone()), "first defined here"),
                );
            }
            check_entry(list, entry, kind, &mut errors);
        }
    }
    if let Some(schedules) = node.get("schedules").and_then(Node::array) {
        for s in schedules {
            for h in s.get("holidays").and_then(Node::array).unwrap_or_default() {
                check_holiday(h, &mut errors);
            }
            check_timezone(s.get("timezone"), &mut errors);
            check_exceptions(s.get("exceptions"), &mut errors);
        }
    }
    check_timezone(
        node.get("culture").and_then(|c| c.get("timezone")),
        &mut errors,
    );
    if !errors.is_empty() {
        return Err(errors);
    }
    canonicalize(&mut node);
    Ok(node)
}

/// Durations and targets written as bare numbers (`within = 3600`): the schema would only
/// say "expected a string"; this says what to write.
fn bare_numbers(node: &Node) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut check = |n: Option<&Node>, duration: bool| {
        let Some(n) = n else { return };
        let v = match n.value {
            Value::Int(i) => i.to_string(),
            Value::Float(f) => f.to_string(),
            _ => return,
        };
        let message = if duration {
            let example = n
                .int()
                .and_then(|i| u64::try_from(i).ok())
                .filter(|&i| i > 0)
                .map_or_else(|| "1h".to_string(), crate::model::quantity::format_duration);
            format!(
                "`{v}` is a bare number; a duration is a string with a unit: write `\"{example}\"` if you mean {v} seconds"
            )
        } else {
            format!(
                "`{v}` is a bare number; a target is a string with its unit, such as `\"{v}%\"`, `\">= {v}\"` or `\"<= 4h\"`"
            )
        };
        out.push(Diagnostic::input(n.pos.clone(), message));
    };
    let list = |key: &str| node.get(key).and_then(Node::array).unwrap_or_default();
    for s in list("slas") {
        check(s.get("within"), true);
        check(s.get("attainment"), false);
    }
    for e in list("escalations") {
        check(e.get("after"), true);
    }
    for m in list("metrics") {
        check(m.get("target"), false);
    }
    let tables = |n: Option<&Node>| -> Vec<Node> {
        n.and_then(Node::table)
            .map(|t| t.values().map(|e| e.node.clone()).collect())
            .unwrap_or_default()
    };
    for channel in tables(node.get("channels")) {
        for t in tables(channel.get("targets")) {
            check(Some(&t), false);
        }
    }
    for channel in tables(node.get("expectations")) {
        for t in tables(Some(&channel)) {
            check(Some(&t), false);
        }
    }
    out
}

/// Control keys: `append` and `remove` only make sense in an overlay, and `remove` goes alone.
fn check_entry(list: &str, entry: &Node, kind: DocKind, errors: &mut Vec<Diagnostic>) {
    let Some(table) = entry.table() else { return };
    for control in ["append", "remove"] {
        if let (DocKind::Standard, Some(e)) = (kind, table.get(control)) {
            errors.push(Diagnostic::input(
                e.key_pos.clone(),
                format!(
                    "`{control}` is for culture overlays; a base standard writes the entry itself"
                ),
            ));
        }
    }
    if let Some(remove) = table.get("remove") {
        if remove.node.bool() == Some(false) {
            errors.push(Diagnostic::input(
                remove.node.pos.clone(),
                "`remove = false` does nothing; leave the key out",
            ));
        }
        let others: Vec<&str> = table
            .keys()
            .map(String::as_str)
            .filter(|k| !matches!(*k, "id" | "remove") && !k.starts_with("x-"))
            .collect();
        if let Some(first) = others.first() {
            errors.push(Diagnostic::input(
                table[*first].key_pos.clone(),
                format!("an entry of `{list}` with `remove = true` takes no other keys (found `{first}`)"),
            ));
        }
    }
}

/// A `timezone` must be an IANA name of the database csstd carries.
fn check_timezone(tz: Option<&Node>, errors: &mut Vec<Diagnostic>) {
    let Some((name, node)) = tz.and_then(|n| Some((n.str()?, n))) else {
        return;
    };
    if let Some(message) = crate::model::tz::check(name) {
        errors.push(Diagnostic::input(node.pos.clone(), message).with_help(
            "time zones are IANA names (Area/Location), checked against the database csstd carries",
        ));
    }
}

fn check_holiday(h: &Node, errors: &mut Vec<Diagnostic>) {
    let date = h.get("date");
    let (from, to) = (h.get("from"), h.get("to"));
    match (date, from, to) {
        (Some(_), None, None) => {}
        (None, Some(f), Some(t)) => {
            if f.str() > t.str() {
                errors.push(Diagnostic::input(
                    t.pos.clone(),
                    format!(
                        "holiday ends ({}) before it starts ({})",
                        t.str().unwrap_or_default(),
                        f.str().unwrap_or_default()
                    ),
                ));
            }
        }
        _ => errors.push(Diagnostic::input(
            h.pos.clone(),
            "a holiday needs either `date`, or both `from` and `to`",
        )),
    }
}

/// Exception periods run forwards and do not overlap: on a day inside two of them, which
/// hours apply would depend on the order they are written in.
fn check_exceptions(exceptions: Option<&Node>, errors: &mut Vec<Diagnostic>) {
    let date = |n: Option<&Node>| n.and_then(Node::str).and_then(|s| CivilDate::parse(s).ok());
    let mut periods: Vec<(CivilDate, CivilDate, &Node)> = Vec::new();
    for e in exceptions.and_then(Node::array).unwrap_or_default() {
        let (Some(from), Some(to)) = (date(e.get("from")), date(e.get("to"))) else {
            continue;
        };
        let name = e.get("name").and_then(Node::str).unwrap_or_default();
        if to < from {
            errors.push(Diagnostic::input(
                e.get("to").map_or_else(|| e.pos.clone(), |t| t.pos.clone()),
                format!("exception `{name}` ends ({to}) before it starts ({from})"),
            ));
            continue;
        }
        if let Some((f, t, other)) = periods.iter().find(|(f, t, _)| from <= *t && *f <= to) {
            let other_name = other.get("name").and_then(Node::str).unwrap_or_default();
            errors.push(
                Diagnostic::input(
                    e.get("from").map_or_else(|| e.pos.clone(), |n| n.pos.clone()),
                    format!(
                        "exception `{name}` ({from} – {to}) overlaps `{other_name}` ({f} – {t}): the periods of one schedule do not overlap"
                    ),
                )
                .with_note(Some(other.pos.clone()), "the other period"),
            );
        }
        periods.push((from, to, e));
    }
}

/// Rewrites targets and durations in canonical form (`"<= 1h30m"`, `">= 80%"`).
fn canonicalize(node: &mut Node) {
    fn each_table<'a>(node: &'a mut Node, key: &str) -> impl Iterator<Item = &'a mut Node> {
        node.table_mut()
            .and_then(|t| t.get_mut(key))
            .and_then(|e| e.node.table_mut())
            .into_iter()
            .flat_map(|t| t.values_mut().map(|e| &mut e.node))
    }
    fn each_entry<'a>(node: &'a mut Node, key: &str) -> impl Iterator<Item = &'a mut Node> {
        node.table_mut()
            .and_then(|t| t.get_mut(key))
            .and_then(|e| match &mut e.node.value {
                Value::Array(a) => Some(a),
                _ => None,
            })
            .into_iter()
            .flatten()
    }
    fn rewrite(node: Option<&mut Node>, f: fn(&str) -> Option<String>) {
        if let Some(n) = node {
            if let Value::Str(s) = &mut n.value {
                if let Some(c) = f(s) {
                    *s = c.into();
                }
            }
        }
    }
    fn get<'a>(node: &'a mut Node, key: &str) -> Option<&'a mut Node> {
        node.table_mut()
            .and_then(|t| t.get_mut(key))
            .map(|e| &mut e.node)
    }
    let target = |s: &str| Target::parse(s).ok().map(|t| t.to_string());
    for channel in each_table(node, "channels") {
        for t in each_table(channel, "targets") {
            rewrite(Some(t), target);
        }
    }
    for channel in each_table(node, "expectations") {
        if let Some(t) = channel.table_mut() {
            for e in t.values_mut() {
                rewrite(Some(&mut e.node), target);
            }
        }
    }
    for m in each_entry(node, "metrics") {
        rewrite(get(m, "target"), target);
    }
    for s in each_entry(node, "slas") {
        // Durations of service levels keep their author's largest unit (see `canonical_span`).
        rewrite(get(s, "within"), canonical_span);
        rewrite(get(s, "attainment"), target);
    }
    for e in each_entry(node, "escalations") {
        rewrite(get(e, "after"), canonical_span);
    }
}

/// Ids are unique across standards and cultures, ignoring case (file systems differ on case).
pub fn check_unique_ids(
    standards: &BTreeMap<String, Doc>,
    cultures: &BTreeMap<String, Doc>,
    errors: &mut Vec<Diagnostic>,
) {
    let mut docs: Vec<&Doc> = standards.values().chain(cultures.values()).collect();
    docs.sort_by(|a, b| a.file.cmp(&b.file));
    let mut seen: HashMap<String, &Doc> = HashMap::new();
    for doc in docs {
        if let Some(first) = seen.insert(doc.id.to_lowercase(), doc) {
            errors.push(
                Diagnostic::input(
                    Pos::file_start(&doc.file),
                    format!(
                        "id `{}` collides with `{}` ({}): ids are unique across standards and cultures, ignoring case",
                        doc.id, first.id, first.file
                    ),
                )
                .with_note(Some(Pos::file_start(&first.file)), "the other file"),
            );
        }
    }
}
