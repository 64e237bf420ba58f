//! Continuous improvement: an owner, a review cadence that is kept, and
//! business-hours schedules whose holidays are dated ahead.

use super::{Cx, Raw, Scope};
use crate::model::date::CivilDate;
use crate::model::schema::Clock;
use crate::model::standard::{List, Schedule, Text};

pub fn check(cx: &mut Cx<'_>) {
    let owner = cx.std.owner();
    if owner.is_none_or(|o| o.trim().is_empty()) {
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
    let (Some(last), Some(every)) = (cx.std.last_reviewed(), cx.std.review_every_months()) else {
        return;
    };
    let Ok(date) = CivilDate::parse(last) else {
        return;
    };
    let months = every.value;
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
    let std = cx.std;
    let mut used: Vec<&str> = Vec::new();
    if let Some(c) = &std.culture {
        used.extend(name(&c.schedule));
    }
    for (_, ch) in std.enabled_channels() {
        used.extend(name(&ch.schedule));
    }
    for s in std.slas.iter().filter(|s| s.clock() == Clock::Business) {
        used.extend(name(&s.schedule));
    }
    for e in std
        .escalations
        .iter()
        .filter(|e| e.clock() == Clock::Business)
    {
        used.extend(name(&e.schedule));
    }
    let horizon = cx.today.add_months(12);
    for schedule in &std.schedules {
        let id = schedule.id.value;
        if !used.contains(&id) || always_open(schedule) {
            continue;
        }
        let ahead = schedule.holidays().iter().any(|h| {
            let date = |t: &Option<Text<'_>>| t.as_ref().and_then(|s| CivilDate::parse(s).ok());
            let (from, to) = match date(&h.date) {
                Some(d) => (d, d),
                None => match (date(&h.from), date(&h.to)) {
                    (Some(f), Some(t)) => (f, t),
                    _ => return false,
                },
            };
            to >= cx.today && from <= horizon
        });
        if !ahead {
            let at = schedule
                .holidays
                .as_ref()
                .map_or_else(|| schedule.id.pos.clone(), |h| h.pos.clone());
            cx.push(
                Raw::new(
                    "continuous-improvement/holidays-not-dated-ahead",
                    &at,
                    format!("schedule `{id}` has no holiday dated between {} and {horizon}", cx.today),
                    Scope::Entry(List::Schedules, id.to_string()),
                )
                .help("add the public holidays of the coming year, e.g. `{ name = \"New Year's Day\", date = 2027-01-01 }`"),
            );
        }
    }
}

fn name<'a>(t: &Option<Text<'a>>) -> Option<&'a str> {
    t.as_ref().map(|t| t.value)
}

fn always_open(schedule: &Schedule<'_>) -> bool {
    schedule
        .week()
        .iter()
        .all(|h| h.is_some_and(|d| d.is_all_day()))
}
