//! Measurability: metrics have targets, measurable sections measure, and no
//! clause hides behind "as soon as possible".

use super::{Cx, Raw, Scope, vague};
use crate::model::standard::{List, Text};

pub fn check(cx: &mut Cx<'_>) {
    let std = cx.std;
    for metric in &std.metrics {
        if metric.target.is_none() {
            let id = metric.id.value;
            let at = metric.id.pos.clone();
            cx.push(
                Raw::new(
                    "measurability/no-target",
                    &at,
                    format!("metric `{id}` has no target"),
                    Scope::Entry(List::Metrics, id.to_string()),
                )
                .help("add `target = \">= 85%\"` (or the figure you hold yourselves to)"),
            );
        }
    }
    let measurable: Vec<&str> = std
        .sections
        .iter()
        .filter(|s| s.measurable.as_ref().is_some_and(|m| m.value))
        .map(|s| s.id.value)
        .collect();
    for clause in &std.clauses {
        let id = clause.id.value;
        let scope = Scope::Entry(List::Clauses, id.to_string());
        let has_metric = clause.metric.is_some();
        if !has_metric
            && clause
                .section
                .as_ref()
                .is_some_and(|s| measurable.contains(&s.value))
        {
            let at = clause.id.pos.clone();
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
        let texts: Vec<&Text<'_>> = clause
            .text
            .iter()
            .chain(clause.appended.iter().map(|a| &a.text))
            .collect();
        for text in texts {
            let s = text.value;
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
