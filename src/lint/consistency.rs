//! Consistency with flexibility: regions adapt the standard without breaking
//! its core (locked clauses) or lowering its promises (targets, SLAs).

use super::{Cx, Raw, Scope};
use crate::model::node::{Node, Pos};
use crate::model::quantity::{Effect, Target};
use crate::model::sla::{SlaEffect, compare};
use crate::model::standard::{At, List, Sla, Text};
use crate::resolve::Resolved;
use crate::resolve::merge::{Event, Place, is_target_path, place_of};
use std::sync::Arc;

/// The allow scope of an override's path: its keyed-list entry, channel, or the region.
fn scope_of(path: &str) -> Scope {
    match place_of(path) {
        Place::Entry(list, id) => Scope::Entry(list, id.to_string()),
        Place::Channel(name) => Scope::Channel(name.to_string()),
        Place::Other => Scope::Region,
    }
}

pub fn check(cx: &mut Cx<'_>) {
    for event in &cx.r.events {
        match event {
            Event::LockedModified { clause, field, culture, attempt, inherited } => cx.push(
                Raw::new(
                    "consistency/locked-clause-modified",
                    attempt,
                    format!("`{culture}` changes `{field}` of locked clause `{clause}`; the change was not applied"),
                    Scope::Entry(List::Clauses, clause.clone()),
                )
                .note(inherited, "locked value set here")
                .help("add local guidance with `append = \"...\"` instead"),
            ),
            Event::LockedRemoved { clause, culture, attempt, inherited } => cx.push(
                Raw::new(
                    "consistency/locked-clause-removed",
                    attempt,
                    format!("`{culture}` removes locked clause `{clause}`; the removal was not applied"),
                    Scope::Entry(List::Clauses, clause.clone()),
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
    // The target itself may be resolved on its own, outside the resolution.
    let looked_up: Vec<Option<Arc<Resolved>>> = chain
        .iter()
        .map(|id| {
            (*id != cx.r.id)
                .then(|| cx.resolution.resolved(id))
                .flatten()
        })
        .collect();
    let read: Vec<Option<Vec<At<Sla<'_>>>>> = looked_up
        .iter()
        .map(|r| r.as_ref().and_then(|r| Sla::all_of(&r.tree).ok()))
        .collect();
    let std = cx.std;
    let slas: Vec<Option<&[At<Sla<'_>>]>> = chain
        .iter()
        .zip(&read)
        .map(|(id, read)| {
            if *id == cx.r.id {
                Some(&std.slas[..])
            } else {
                read.as_deref()
            }
        })
        .collect();
    for (culture, pair) in chain.iter().skip(1).zip(slas.windows(2)) {
        let (Some(parent), Some(child)) = (pair[0], pair[1]) else {
            continue;
        };
        for new in child {
            let id = new.id.value;
            let Some(old) = parent.iter().find(|s| s.id.value == id) else {
                continue;
            };
            let effect = compare(old, new);
            let rule = match effect {
                SlaEffect::Looser => "consistency/weakened-sla",
                SlaEffect::Mixed => "consistency/mixed-sla-change",
                _ => continue,
            };
            // Point at the first field this step changed.
            let changed = changed_axis(old, new);
            let (at, note) = match changed {
                Some((n, o)) => (n.clone(), o.map_or(old.pos.clone(), Clone::clone)),
                None => (new.pos.clone(), old.pos.clone()),
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
                    format!("`{culture}` {verb} SLA `{id}`: {} → {}", describe(old), describe(new)),
                    Scope::Entry(List::Slas, id.to_string()),
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

/// The first of `within`, `attainment` and `clock` that `new` sets and `old` does not set
/// to the same value: where `new` sets it, and where `old` did.
fn changed_axis<'s>(old: &'s Sla<'_>, new: &'s Sla<'_>) -> Option<(&'s Pos, Option<&'s Pos>)> {
    fn text<'s>(
        old: &'s Option<Text<'_>>,
        new: &'s Option<Text<'_>>,
    ) -> Option<(&'s Pos, Option<&'s Pos>, bool)> {
        let n = new.as_ref()?;
        Some((
            &n.pos,
            old.as_ref().map(|o| &o.pos),
            old.as_ref().is_none_or(|o| o.value != n.value),
        ))
    }
    let clock = new.clock.as_ref().map(|n| {
        (
            &n.pos,
            old.clock.as_ref().map(|o| &o.pos),
            old.clock.as_ref().is_none_or(|o| o.value != n.value),
        )
    });
    [
        text(&old.within, &new.within),
        text(&old.attainment, &new.attainment),
        clock,
    ]
    .into_iter()
    .flatten()
    .find(|(_, _, changed)| *changed)
    .map(|(n, o, _)| (n, o))
}

/// An SLA in one line, for messages.
fn describe(s: &Sla<'_>) -> String {
    format!(
        "within {} at {} ({} clock)",
        s.within.as_ref().map_or("?", |w| w.value),
        s.attainment.as_ref().map_or("no attainment", |a| a.value),
        s.clock().name()
    )
}
