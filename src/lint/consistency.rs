//! Consistency with flexibility: regions adapt the standard without breaking
//! its core (locked clauses) or lowering its promises (targets, SLAs).

use super::{Cx, Raw, Scope};
use crate::model::node::Node;
use crate::model::quantity::{Effect, Target};
use crate::model::sla::{SlaEffect, compare};
use crate::resolve::merge::Event;

/// The allow scope of a value path: its keyed-list entry, channel, or the region.
fn scope_of(path: &str) -> Scope {
    if let Some((list, rest)) = path.split_once('[') {
        if let (Some(list), Some((id, _))) = (
            crate::model::KEYED_LISTS.iter().find(|l| **l == list),
            rest.split_once(']'),
        ) {
            return Scope::Entry(list, id.to_string());
        }
    }
    if let Some(rest) = path.strip_prefix("channels.") {
        return Scope::Channel(rest.split('.').next().unwrap_or(rest).to_string());
    }
    Scope::Region
}

fn is_target_path(path: &str) -> bool {
    (path.starts_with("channels.") && path.contains(".targets."))
        || (path.starts_with("metrics[") && path.ends_with("].target"))
}

pub fn check(cx: &mut Cx<'_>) {
    for event in &cx.r.events {
        match event {
            Event::LockedModified { clause, field, culture, attempt, inherited } => cx.push(
                Raw::new(
                    "consistency/locked-clause-modified",
                    attempt,
                    format!("`{culture}` changes `{field}` of locked clause `{clause}`; the change was not applied"),
                    Scope::Entry("clauses", clause.clone()),
                )
                .note(inherited, "locked value set here")
                .help("add local guidance with `append = \"...\"` instead"),
            ),
            Event::LockedRemoved { clause, culture, attempt, inherited } => cx.push(
                Raw::new(
                    "consistency/locked-clause-removed",
                    attempt,
                    format!("`{culture}` removes locked clause `{clause}`; the removal was not applied"),
                    Scope::Entry("clauses", clause.clone()),
                )
                .note(inherited, "locked clause defined here")
                .help("keep the clause; add local guidance with `append` if needed"),
            ),
            Event::Override { path, culture, old, new } => {
                if new.same_value(old) {
                    cx.push(
                        Raw::new(
                            "consistency/no-op-override",
                            &new.pos,
                            format!("`{culture}` sets `{path}` to the value it already inherits"),
                            scope_of(path),
                        )
                        .note(&old.pos, "inherited value set here")
                        .help("leave the key out to keep following the inherited value"),
                    );
                } else if is_target_path(path) {
                    let parse = |n: &Node| n.str().and_then(|s| Target::parse(s).ok());
                    if let (Some(o), Some(n)) = (parse(old), parse(new)) {
                        if n.compare_to(&o) == Effect::Looser {
                            cx.push(
                                Raw::new(
                                    "consistency/weakened-target",
                                    &new.pos,
                                    format!("`{culture}` loosens `{path}` from `{o}` to `{n}`"),
                                    scope_of(path),
                                )
                                .note(&old.pos, "inherited target set here")
                                .help("a region may tighten a target, never loosen it; change the base standard if the target is wrong"),
                            );
                        }
                    }
                }
            }
        }
    }
    weakened_slas(cx);
}

/// Compares each SLA with its version one step up the chain.
fn weakened_slas(cx: &mut Cx<'_>) {
    let chain = &cx.r.chain;
    for step in 1..chain.len() {
        // The target itself may be resolved on its own, outside the resolution.
        let looked_up;
        let child = if chain[step] == cx.r.id {
            Some(cx.r)
        } else {
            looked_up = cx.resolution.resolved(&chain[step]);
            looked_up.as_deref()
        };
        let parent = cx.resolution.resolved(&chain[step - 1]);
        let (Some(parent), Some(child)) = (parent.as_deref(), child) else {
            continue;
        };
        for new in child.list("slas") {
            let Some(id) = new.id() else { continue };
            let Some(old) = parent.list("slas").iter().find(|s| s.id() == Some(id)) else {
                continue;
            };
            let effect = compare(old, new);
            let rule = match effect {
                SlaEffect::Looser => "consistency/weakened-sla",
                SlaEffect::Mixed => "consistency/mixed-sla-change",
                _ => continue,
            };
            // Point at the first field this step changed.
            let changed = ["within", "attainment", "clock"]
                .into_iter()
                .filter_map(|k| Some((new.get(k)?, old.get(k))))
                .find(|(n, o)| o.is_none_or(|o| !o.same_value(n)));
            let (at, note) = match changed {
                Some((n, o)) => (n.pos.clone(), o.map_or(old.pos.clone(), |o| o.pos.clone())),
                None => (new.pos.clone(), old.pos.clone()),
            };
            let describe = |s: &Node| {
                format!(
                    "within {} at {} ({} clock)",
                    s.get_str("within").unwrap_or("?"),
                    s.get_str("attainment").unwrap_or("no attainment"),
                    s.get_str("clock").unwrap_or("calendar")
                )
            };
            let verb = if effect == SlaEffect::Looser {
                "loosens"
            } else {
                "tightens one axis and loosens another of"
            };
            cx.push(
                Raw::new(
                    rule,
                    &at,
                    format!("`{}` {verb} SLA `{id}`: {} → {}", chain[step], describe(old), describe(new)),
                    Scope::Entry("slas", id.to_string()),
                )
                .note(&note, "inherited SLA value set here")
                .help(if effect == SlaEffect::Looser {
                    "a region may tighten an SLA, never loosen it; if the relaxation is deliberate, add an `allow` with the reason"
                } else {
                    "decide whether the trade is fair; if it is, add an `allow` with the reason"
                }),
            );
        }
    }
}
