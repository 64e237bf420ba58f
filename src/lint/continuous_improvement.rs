//! Continuous improvement: an owner, a review cadence that is kept, and
//! business-hours schedules whose holidays are dated ahead.

use super::{Cx, Raw, Scope};
use crate::model::date::{CivilDate, parse_day_hours};
use crate::model::node::Node;

pub fn check(cx: &mut Cx<'_>) {
    let owner = cx.governance("owner");
    if owner
        .and_then(Node::str)
        .is_none_or(|o| o.trim().is_empty())
    {
        let at = owner.map_or_else(|| cx.header(), |o| o.pos.clone());
        cx.push(
            Raw::new(
                "continuous-improvement/no-owner",
                &at,
                "the standard has no `owner`",
                Scope::Region,
            )
            .help("add `owner = \"<role that answers for this standard>\"`"),
        );
    }
    review_overdue(cx);
    if cx.r.is_region() {
        holidays_ahead(cx);
    }
}

fn review_overdue(cx: &mut Cx<'_>) {
    let (Some(last), Some(every)) = (
        cx.governance("last_reviewed"),
        cx.governance("review_every_months"),
    ) else {
        return;
    };
    let (Some(date), Some(months)) = (
        last.str().and_then(|s| CivilDate::parse(s).ok()),
        every.int(),
    ) else {
        return;
    };
    let due = date.add_months(months.clamp(0, 12 * 100) as u32);
    if due < cx.today {
        cx.push(
            Raw::new(
                "continuous-improvement/review-overdue",
                &last.pos,
                format!("review was due on {due} (last reviewed {date}, every {months} months)"),
                Scope::Region,
            )
            .note(&every.pos, "review cadence set here")
            .help("review the standard, then update `last_reviewed`"),
        );
    }
}

/// Schedules the region runs on: its business hours, and every schedule a channel,
/// SLA or escalation names. A schedule open around the clock needs no holidays.
fn holidays_ahead(cx: &mut Cx<'_>) {
    let mut used: Vec<&str> = Vec::new();
    if let Some(s) = cx.r.get("culture").and_then(|c| c.get_str("schedule")) {
        used.push(s);
    }
    for (_, ch) in cx.enabled_channels() {
        used.extend(ch.get_str("schedule"));
    }
    for list in ["slas", "escalations"] {
        for e in cx.r.list(list) {
            if e.get_str("clock") == Some("business") {
                used.extend(e.get_str("schedule"));
            }
        }
    }
    let horizon = cx.today.add_months(12);
    for schedule in cx.r.list("schedules") {
        let Some(id) = schedule.id() else { continue };
        if !used.contains(&id) || always_open(schedule) {
            continue;
        }
        let holidays = schedule
            .get("holidays")
            .and_then(Node::array)
            .unwrap_or_default();
        let ahead = holidays.iter().any(|h| {
            let date = |k: &str| h.get_str(k).and_then(|s| CivilDate::parse(s).ok());
            let (from, to) = match date("date") {
                Some(d) => (d, d),
                None => match (date("from"), date("to")) {
                    (Some(f), Some(t)) => (f, t),
                    _ => return false,
                },
            };
            to >= cx.today && from <= horizon
        });
        if !ahead {
            let at = schedule
                .get("holidays")
                .map_or_else(|| schedule.id_pos(), |h| h.pos.clone());
            cx.push(
                Raw::new(
                    "continuous-improvement/holidays-not-dated-ahead",
                    &at,
                    format!("schedule `{id}` has no holiday dated between {} and {horizon}", cx.today),
                    Scope::Entry("schedules", id.to_string()),
                )
                .help("add the public holidays of the coming year, e.g. `{ name = \"New Year's Day\", date = 2027-01-01 }`"),
            );
        }
    }
}

fn always_open(schedule: &Node) -> bool {
    let days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    schedule.get("hours").is_some_and(|h| {
        days.iter().all(|d| {
            h.get_str(d)
                .is_some_and(|v| matches!(parse_day_hours(v), Ok(None)))
        })
    })
}
