//! Customer orientation: targets at least as good as customers expect, a
//! satisfaction metric, SLAs for every priority, escalations before deadlines.

use super::{Cx, Raw, Scope};
use crate::model::quantity::{Effect, Target, parse_duration};
use crate::model::standard::{List, Text};

pub fn check(cx: &mut Cx<'_>) {
    if cx.r.is_region() {
        expectations(cx);
    }
    let std = cx.std;
    if !std
        .metrics
        .iter()
        .any(|m| m.category.as_deref().copied() == Some("satisfaction"))
    {
        let at = std
            .tables
            .metrics
            .as_ref()
            .map_or_else(|| cx.header(), |k| k.pos.clone());
        cx.push(
            Raw::new(
                "customer-orientation/no-satisfaction-metric",
                &at,
                "no metric of category `satisfaction`",
                Scope::Region,
            )
            .help("add a metric such as CSAT with `category = \"satisfaction\"` and a target"),
        );
    }
    priorities_without_sla(cx);
    escalations_after_deadline(cx);
}

fn target(t: &Text<'_>) -> Option<Target> {
    Target::parse(t).ok()
}

fn expectations(cx: &mut Cx<'_>) {
    let std = cx.std;
    let channels: Vec<_> = std.enabled_channels().collect();
    for (channel, expected) in std.expectations.iter() {
        let Some((_, ch)) = channels.iter().find(|(n, _)| n == channel) else {
            continue;
        };
        for (key, exp) in expected.iter() {
            let Some(t) = ch.targets.get(key) else {
                continue;
            };
            let (Some(tv), Some(ev)) = (target(t), target(exp)) else {
                continue;
            };
            if tv.compare_to(&ev) == Effect::Looser {
                cx.push(
                    Raw::new(
                        "customer-orientation/expectation-unmet",
                        &t.pos,
                        format!("`{channel}.{key}` target `{tv}` is looser than customers here expect (`{ev}`)"),
                        Scope::Channel(channel.to_string()),
                    )
                    .note(&exp.pos, "customers' expectation set here")
                    .help(format!("tighten `[channels.{channel}] targets.{key}` in this culture to `{ev}` or better")),
                );
            }
        }
    }
}

fn priorities_without_sla(cx: &mut Cx<'_>) {
    let std = cx.std;
    let channels: Vec<&str> = std.enabled_channels().map(|(n, _)| n).collect();
    let is = |t: &Option<Text<'_>>, s: &str| t.as_ref().is_some_and(|t| t.value == s);
    for priority in &std.priorities {
        let id = priority.id.value;
        let missing: Vec<&str> = channels
            .iter()
            .copied()
            .filter(|ch| {
                !std.slas
                    .iter()
                    .any(|s| is(&s.priority, id) && is(&s.channel, ch))
            })
            .collect();
        if !missing.is_empty() {
            let at = priority.id.pos.clone();
            cx.push(
                Raw::new(
                    "customer-orientation/priority-without-sla",
                    &at,
                    format!(
                        "priority `{id}` has no SLA on enabled channel{} {}",
                        if missing.len() == 1 { "" } else { "s" },
                        missing
                            .iter()
                            .map(|c| format!("`{c}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    Scope::Entry(List::Priorities, id.to_string()),
                )
                .help("add an `[[slas]]` entry for each channel, or disable the channel"),
            );
        }
    }
}

fn escalations_after_deadline(cx: &mut Cx<'_>) {
    let std = cx.std;
    let is = |t: &Option<Text<'_>>, s: &str| t.as_ref().is_some_and(|t| t.value == s);
    for esc in &std.escalations {
        let (Some(priority), Some(after)) = (&esc.priority, &esc.after) else {
            continue;
        };
        let Ok(after_s) = parse_duration(after) else {
            continue;
        };
        // The tightest resolution deadline of the priority on the same clock.
        let deadline = std
            .slas
            .iter()
            .filter(|s| {
                is(&s.priority, priority)
                    && is(&s.measure, "resolution")
                    && s.clock() == esc.clock()
            })
            .filter_map(|s| Some((parse_duration(s.within.as_ref()?).ok()?, s)))
            .min_by_key(|(d, _)| *d);
        let Some((within, sla)) = deadline else {
            continue;
        };
        if after_s > within {
            let id = esc.id.value;
            let sla_within = sla.within.as_ref().map_or(&sla.pos, |w| &w.pos);
            cx.push(
                Raw::new(
                    "customer-orientation/escalation-after-deadline",
                    &after.pos,
                    format!(
                        "escalation `{id}` fires after {}, later than the {} resolution deadline of `{}`",
                        after.value,
                        sla.within.as_ref().map_or("", |w| w.value),
                        sla.id.value
                    ),
                    Scope::Entry(List::Escalations, id.to_string()),
                )
                .note(sla_within, "resolution deadline set here")
                .help("escalate before the deadline, while it can still be met"),
            );
        }
    }
}
