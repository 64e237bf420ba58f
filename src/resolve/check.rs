//! Reference checks on a resolved tree: every section, metric, priority,
//! schedule and channel named somewhere exists, and expectations name real
//! channel targets of the same kind. Failures are input errors at the reference.

use super::Resolved;
use crate::diag::Diagnostic;
use crate::hint::did_you_mean;
use crate::model::node::Node;
use crate::model::quantity::Target;

struct Refs<'a> {
    resolved: &'a Resolved,
    errors: Vec<Diagnostic>,
    /// The ids of each list looked at so far (every clause names a section).
    ids: Vec<(&'static str, Vec<&'a str>)>,
}

impl<'a> Refs<'a> {
    fn ids(&mut self, list: &'static str) -> &[&'a str] {
        let i = match self.ids.iter().position(|(l, _)| *l == list) {
            Some(i) => i,
            None => {
                let resolved: &'a Resolved = self.resolved;
                let ids = resolved.list(list).iter().filter_map(Node::id).collect();
                self.ids.push((list, ids));
                self.ids.len() - 1
            }
        };
        &self.ids[i].1
    }

    /// Checks that `node.key` (if set) names an id of `list`.
    fn check(&mut self, node: &Node, key: &str, list: &'static str, what: &str) {
        let Some(value) = node.get(key) else { return };
        let Some(name) = value.str() else { return };
        let ids = self.ids(list);
        if !ids.contains(&name) {
            let ids = ids.to_vec();
            let mut d = Diagnostic::input(value.pos.clone(), format!("unknown {what} `{name}`"));
            if let Some(m) = did_you_mean(name, ids) {
                d = d.with_help(format!("did you mean `{m}`?"));
            }
            self.errors.push(d);
        }
    }

    fn channel_names(&self) -> Vec<&str> {
        self.resolved
            .get("channels")
            .and_then(Node::table)
            .map(|t| {
                t.keys()
                    .map(String::as_str)
                    .filter(|k| !k.starts_with("x-"))
                    .collect()
            })
            .unwrap_or_default()
    }

    fn check_channel(&mut self, node: &Node) {
        let Some(value) = node.get("channel") else {
            return;
        };
        let Some(name) = value.str() else { return };
        let names = self.channel_names();
        if !names.contains(&name) {
            let mut d = Diagnostic::input(value.pos.clone(), format!("unknown channel `{name}`"));
            if let Some(m) = did_you_mean(name, names) {
                d = d.with_help(format!("did you mean `{m}`?"));
            }
            self.errors.push(d);
        }
    }

    /// `clock = "business"` needs a schedule to count business time on.
    fn check_clock(&mut self, node: &Node, list: &str) {
        if node.get_str("clock") == Some("business") && node.get("schedule").is_none() {
            let at = node
                .get("clock")
                .map_or(node.pos.clone(), |n| n.pos.clone());
            self.errors.push(
                Diagnostic::input(
                    at,
                    format!(
                        "`{list}` entry `{}` counts business time but names no `schedule`",
                        node.id().unwrap_or_default()
                    ),
                )
                .with_help("add `schedule = \"<schedule id>\"` or use `clock = \"calendar\"`"),
            );
        }
    }
}

/// All reference errors of one resolved standard or culture.
pub fn references(r: &Resolved) -> Vec<Diagnostic> {
    let mut refs = Refs {
        resolved: r,
        errors: Vec::new(),
        ids: Vec::new(),
    };
    for clause in r.list("clauses") {
        refs.check(clause, "section", "sections", "section");
        refs.check(clause, "metric", "metrics", "metric");
    }
    for sla in r.list("slas") {
        refs.check_channel(sla);
        refs.check(sla, "priority", "priorities", "priority");
        refs.check(sla, "schedule", "schedules", "schedule");
        refs.check_clock(sla, "slas");
    }
    for esc in r.list("escalations") {
        refs.check(esc, "priority", "priorities", "priority");
        refs.check(esc, "schedule", "schedules", "schedule");
        refs.check_clock(esc, "escalations");
    }
    if let Some(culture) = r.get("culture") {
        refs.check(culture, "schedule", "schedules", "schedule");
    }
    if let Some(channels) = r.get("channels").and_then(Node::table) {
        for (name, e) in channels {
            if !name.starts_with("x-") {
                refs.check(&e.node, "schedule", "schedules", "schedule");
            }
        }
    }
    check_expectations(r, &mut refs.errors);
    if r.is_region() {
        let culture = r.get("culture");
        let has_language = culture
            .and_then(|c| c.get("languages"))
            .and_then(Node::array)
            .is_some_and(|a| !a.is_empty());
        if !has_language {
            let at = culture.map_or(r.tree.pos.clone(), |c| c.pos.clone());
            refs.errors.push(
                Diagnostic::input(
                    at,
                    format!("region `{}` has no `languages` anywhere in its chain", r.id),
                )
                .with_help("set `languages = [\"<main language>\", ...]` in `[culture]`"),
            );
        }
    }
    refs.errors
}

/// Every expectation names a channel target and has the same kind as that target.
fn check_expectations(r: &Resolved, errors: &mut Vec<Diagnostic>) {
    let Some(expectations) = r.get("expectations").and_then(Node::table) else {
        return;
    };
    for (channel, e) in expectations {
        if channel.starts_with("x-") {
            continue;
        }
        let targets = r
            .get("channels")
            .and_then(|c| c.get(channel))
            .and_then(|c| c.get("targets"));
        for (key, exp) in e.node.table().into_iter().flatten() {
            if key.starts_with("x-") {
                continue;
            }
            let Some(target) = targets.and_then(|t| t.get(key)) else {
                let known: Vec<String> = r
                    .get("channels")
                    .and_then(Node::table)
                    .into_iter()
                    .flatten()
                    .flat_map(|(c, n)| {
                        n.node
                            .get("targets")
                            .and_then(Node::table)
                            .into_iter()
                            .flatten()
                            .map(move |(k, _)| format!("{c}.{k}"))
                    })
                    .collect();
                let mut d = Diagnostic::input(
                    exp.key_pos.clone(),
                    format!("expectation `{channel}.{key}` names no channel target"),
                );
                let wanted = format!("{channel}.{key}");
                if let Some(m) = did_you_mean(&wanted, known.iter().map(String::as_str)) {
                    d = d.with_help(format!("did you mean `{m}`?"));
                }
                errors.push(d);
                continue;
            };
            let parse = |n: &Node| n.str().and_then(|s| Target::parse(s).ok());
            if let (Some(t), Some(x)) = (parse(target), parse(&exp.node)) {
                if t.kind() != x.kind() {
                    errors.push(
                        Diagnostic::input(
                            exp.node.pos.clone(),
                            format!(
                                "expectation `{channel}.{key}` is {} but the target is {}",
                                x.kind(),
                                t.kind()
                            ),
                        )
                        .with_note(Some(target.pos.clone()), "the channel target"),
                    );
                }
            }
        }
    }
}
