//! Customer orientation: targets at least as good as customers expect, a
//! satisfaction metric, SLAs for every priority, escalations before deadlines.

use super::{Cx, Raw, Scope};
use crate::model::node::Node;
use crate::model::quantity::{Effect, Target, parse_duration};

pub fn check(cx: &mut Cx<'_>) {
    if cx.r.is_region() {
        expectations(cx);
    }
    let metrics = cx.r.list("metrics");
    if !metrics
        .iter()
        .any(|m| m.get_str("category") == Some("satisfaction"))
    {
        let at =
            cx.r.tree
                .key_pos("metrics")
                .cloned()
                .unwrap_or_else(|| cx.header());
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

fn target(n: &Node) -> Option<Target> {
    n.str().and_then(|s| Target::parse(s).ok())
}

fn expectations(cx: &mut Cx<'_>) {
    let Some(expectations) = cx.table("expectations").and_then(Node::table) else {
        return;
    };
    let channels = cx.enabled_channels();
    for (channel, e) in expectations {
        let Some((_, ch)) = channels.iter().find(|(n, _)| n == channel) else {
            continue;
        };
        for (key, exp) in e.node.table().into_iter().flatten() {
            let Some(t) = ch.get("targets").and_then(|t| t.get(key)) else {
                continue;
            };
            let (Some(tv), Some(ev)) = (target(t), target(&exp.node)) else {
                continue;
            };
            if tv.compare_to(&ev) == Effect::Looser {
                cx.push(
                    Raw::new(
                        "customer-orientation/expectation-unmet",
                        &t.pos,
                        format!("`{channel}.{key}` target `{tv}` is looser than customers here expect (`{ev}`)"),
                        Scope::Channel(channel.clone()),
                    )
                    .note(&exp.node.pos, "customers' expectation set here")
                    .help(format!("tighten `[channels.{channel}] targets.{key}` in this culture to `{ev}` or better")),
                );
            }
        }
    }
}

fn priorities_without_sla(cx: &mut Cx<'_>) {
    let channels: Vec<&str> = cx.enabled_channels().into_iter().map(|(n, _)| n).collect();
    let slas = cx.r.list("slas");
    for priority in cx.r.list("priorities") {
        let Some(id) = priority.id() else { continue };
        let missing: Vec<&str> = channels
            .iter()
            .copied()
            .filter(|ch| {
                !slas
                    .iter()
                    .any(|s| s.get_str("priority") == Some(id) && s.get_str("channel") == Some(ch))
            })
            .collect();
        if !missing.is_empty() {
            let at = priority.id_pos();
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
                    Scope::Entry("priorities", id.to_string()),
                )
                .help("add an `[[slas]]` entry for each channel, or disable the channel"),
            );
        }
    }
}

fn escalations_after_deadline(cx: &mut Cx<'_>) {
    let slas = cx.r.list("slas");
    let clock = |n: &Node| n.get_str("clock").unwrap_or("calendar").to_string();
    for esc in cx.r.list("escalations") {
        let (Some(priority), Some(after)) = (esc.get_str("priority"), esc.get("after")) else {
            continue;
        };
        let Some(after_s) = after.str().and_then(|s| parse_duration(s).ok()) else {
            continue;
        };
        // The tightest resolution deadline of the priority on the same clock.
        let deadline = slas
            .iter()
            .filter(|s| {
                s.get_str("priority") == Some(priority)
                    && s.get_str("measure") == Some("resolution")
                    && clock(s) == clock(esc)
            })
            .filter_map(|s| Some((parse_duration(s.get_str("within")?).ok()?, s)))
            .min_by_key(|(d, _)| *d);
        let Some((within, sla)) = deadline else {
            continue;
        };
        if after_s > within {
            let id = esc.id().unwrap_or_default();
            let sla_within = sla.get("within").map_or(sla.pos.clone(), |n| n.pos.clone());
            cx.push(
                Raw::new(
                    "customer-orientation/escalation-after-deadline",
                    &after.pos,
                    format!(
                        "escalation `{id}` fires after {}, later than the {} resolution deadline of `{}`",
                        after.str().unwrap_or_default(),
                        sla.get_str("within").unwrap_or_default(),
                        sla.id().unwrap_or_default()
                    ),
                    Scope::Entry("escalations", id.to_string()),
                )
                .note(&sla_within, "resolution deadline set here")
                .help("escalate before the deadline, while it can still be met"),
            );
        }
    }
}
