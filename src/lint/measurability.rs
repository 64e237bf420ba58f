//! Measurability: metrics have targets, measurable sections measure, and no
//! clause hides behind "as soon as possible".

use super::{Cx, Raw, Scope, vague};
use crate::model::node::Node;

pub fn check(cx: &mut Cx<'_>) {
    for metric in cx.r.list("metrics") {
        if metric.get("target").is_none() {
            let id = metric.id().unwrap_or_default();
            let at = metric.id_pos();
            cx.push(
                Raw::new(
                    "measurability/no-target",
                    &at,
                    format!("metric `{id}` has no target"),
                    Scope::Entry("metrics", id.to_string()),
                )
                .help("add `target = \">= 85%\"` (or the figure you hold yourselves to)"),
            );
        }
    }
    let measurable: Vec<&str> =
        cx.r.list("sections")
            .iter()
            .filter(|s| s.get("measurable").and_then(Node::bool) == Some(true))
            .filter_map(Node::id)
            .collect();
    for clause in cx.r.list("clauses") {
        let id = clause.id().unwrap_or_default();
        let scope = Scope::Entry("clauses", id.to_string());
        let has_metric = clause.get("metric").is_some();
        if !has_metric
            && clause
                .get_str("section")
                .is_some_and(|s| measurable.contains(&s))
        {
            let at = clause.id_pos();
            cx.push(
                Raw::new(
                    "measurability/no-metric",
                    &at,
                    format!("clause `{id}` is in a measurable section but has no metric"),
                    scope.clone(),
                )
                .help("add `metric = \"<metric id>\"`"),
            );
        }
        if has_metric {
            continue;
        }
        let mut texts: Vec<&Node> = clause.get("text").into_iter().collect();
        for a in clause
            .get("appended")
            .and_then(Node::array)
            .unwrap_or_default()
        {
            texts.extend(a.get("text"));
        }
        for text in texts {
            let Some(s) = text.str() else { continue };
            // Looked up under the lock, searched outside it: regions lint in parallel.
            let known = cx
                .vague
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .get(&text.pos)
                .cloned();
            let phrases = known.unwrap_or_else(|| {
                let found: Vec<&'static str> =
                    vague::find(s).into_iter().map(|h| h.phrase).collect();
                cx.vague
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(text.pos.clone(), found.clone());
                found
            });
            for phrase in phrases {
                let located = vague::locate(&cx.project.sources, &text.pos, phrase);
                let mut raw = Raw::new(
                    "measurability/vague-language",
                    located.as_ref().unwrap_or(&text.pos),
                    format!("clause `{id}` says \"{phrase}\", which no one can measure"),
                    scope.clone(),
                )
                .help(
                    "give a number (\"within 4 business hours\"), or add a `metric` with a target",
                );
                // Underline the phrase itself when it was found in the source.
                if located.is_some() {
                    raw = raw.len(phrase.chars().count());
                }
                cx.push(raw);
            }
        }
    }
}
