//! Freshdesk: SLA policies shaped as `POST /api/v2/sla_policies` takes them, and the
//! business-hours calendars as `GET /api/v2/business_hours` lists them (Freshdesk's API
//! reads calendars but does not write them; they are entered in Admin > Business Hours).
//!
//! Pure: typed standard and mapping in, payloads and warnings out.

use super::{
    Export, Mapping, Region, System, Warnings, channels_with_slas, dated_holiday, pretty,
    schedule_name, sla_ids, slas_by_id, time_zone, within_seconds,
};
use crate::diag::Diagnostic;
use crate::model::hours::DAY_MINUTES;
use crate::model::schema::{Clock, HelpdeskSection};
use indexmap::IndexMap;
use serde::Serialize;

/// Freshdesk's weekday keys, in the standard's order (Monday first).
pub const DAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// `priority_1` (low) … `priority_4` (urgent) for a helpdesk priority value: Freshdesk's
/// names (`low`, `medium`, `high`, `urgent`), its numbers, or Zendesk's `normal`.
pub fn priority_key(value: &str) -> Option<u8> {
    match value {
        "low" | "1" => Some(1),
        "medium" | "normal" | "2" => Some(2),
        "high" | "3" => Some(3),
        "urgent" | "4" => Some(4),
        _ => None,
    }
}

/// Freshdesk's ticket `source` for a channel value: its names or its numbers.
pub fn source_of(value: &str) -> Option<u32> {
    match value {
        "email" => Some(1),
        "portal" => Some(2),
        "phone" => Some(3),
        "chat" => Some(7),
        "feedback_widget" => Some(9),
        "outbound_email" => Some(10),
        v => v.parse().ok(),
    }
}

/// A calendar, as `GET /api/v2/business_hours` lists it (without id and timestamps).
#[derive(Debug, Clone, Serialize)]
pub struct Calendar {
    pub name: String,
    pub description: String,
    pub time_zone: String,
    /// Weekday → its hours; a closed day is absent.
    pub business_hours: IndexMap<&'static str, Hours>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Hours {
    pub start_time: String,
    pub end_time: String,
}

/// Freshdesk's clock time: `08:00:00 am`; the end of the day is `11:59:59 pm`.
pub fn clock_time(minutes: u32) -> String {
    if minutes >= DAY_MINUTES {
        return "11:59:59 pm".into();
    }
    let (h, m) = (minutes / 60, minutes % 60);
    let half = if h < 12 { "am" } else { "pm" };
    let h12 = match h % 12 {
        0 => 12,
        h => h,
    };
    format!("{h12:02}:{m:02}:00 {half}")
}

/// Reads Freshdesk's clock time back into minutes from midnight (`11:59:59 pm` is 24:00).
pub fn minutes_of(text: &str) -> Option<u32> {
    let (time, half) = text.trim().split_once(' ')?;
    let mut parts = time.split(':');
    let h: u32 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let s: u32 = parts.next().map_or(Some(0), |s| s.parse().ok())?;
    if !(1..=12).contains(&h) || m > 59 || s > 59 {
        return None;
    }
    let h24 = match (half.to_ascii_lowercase().as_str(), h) {
        ("am", 12) => 0,
        ("am", h) => h,
        ("pm", 12) => 12,
        ("pm", h) => h + 12,
        _ => return None,
    };
    let total = h24 * 60 + m;
    Some(if total == 23 * 60 + 59 && s == 59 {
        DAY_MINUTES
    } else {
        total
    })
}

/// One SLA policy.
#[derive(Debug, Clone, Serialize)]
pub struct Policy {
    pub name: String,
    pub description: String,
    pub active: bool,
    /// `priority_1` … `priority_4`, in that order.
    pub sla_target: IndexMap<String, Target>,
    pub applicable_to: ApplicableTo,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, Default)]
pub struct Target {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub respond_within: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolve_within: Option<u64>,
    pub business_hours: bool,
    pub escalation_enabled: bool,
}

#[derive(Debug, Clone, Serialize, Default, PartialEq, Eq)]
pub struct ApplicableTo {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub group_ids: Vec<u64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub product_ids: Vec<u64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub company_ids: Vec<u64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<u32>,
}

/// What Freshdesk gets for one region.
#[derive(Debug, Default)]
pub struct RegionConfig {
    pub region: String,
    pub calendars: Vec<Calendar>,
    pub holidays: Vec<super::zendesk::Holiday>,
    pub policies: Vec<Policy>,
}

/// The calendars of one region (and its holidays, listed for entering by hand).
pub fn calendars(
    region: &Region<'_>,
    helpdesk: &HelpdeskSection,
    warnings: &mut Warnings,
) -> Result<(Vec<Calendar>, Vec<super::zendesk::Holiday>), Diagnostic> {
    let mut calendars = Vec::new();
    let mut holidays = Vec::new();
    for s in &region.std.schedules {
        let name = schedule_name(region.id, s.id.value);
        let time_zone = time_zone(System::Freshdesk, region, s, helpdesk)?;
        let mut business_hours = IndexMap::new();
        let mut spans = Vec::new();
        for (i, day) in s.week().iter().enumerate() {
            let Some(day) = day else { continue };
            let (Some(first), Some(last)) = (day.intervals.first(), day.intervals.last()) else {
                continue;
            };
            if day.intervals.len() > 1 {
                spans.push(format!("{} {}–{}", DAYS[i], hm(first.open), hm(last.close)));
            }
            business_hours.insert(
                DAYS[i],
                Hours {
                    start_time: clock_time(first.open),
                    end_time: clock_time(last.close),
                },
            );
        }
        if !spans.is_empty() {
            warnings.add(
                region.id,
                s.hours.as_ref().map_or(&s.pos, |h| &h.pos),
                format!(
                    "schedule `{}`: a Freshdesk calendar has one stretch a day, so a break counts as open: written as {}",
                    s.id.value,
                    spans.join(", ")
                ),
            );
        }
        for e in s.exceptions() {
            warnings.add(
                region.id,
                &e.pos,
                format!(
                    "schedule `{}`: Freshdesk calendars have no dated exceptions: `{}` is not exported",
                    s.id.value,
                    e.name.unwrap_or("exception")
                ),
            );
        }
        let mut count = 0;
        for h in s.holidays() {
            if let Some(holiday) = dated_holiday(&name, h) {
                count += 1;
                holidays.push(holiday);
            }
        }
        if count > 0 {
            let at = s.holidays.as_ref().map_or(&s.pos, |h| &h.pos);
            warnings.add(
                region.id,
                at,
                format!(
                    "schedule `{}`: Freshdesk's API does not carry holidays: enter its {count} holidays (listed in holidays.json) in Admin > Business Hours",
                    s.id.value
                ),
            );
        }
        calendars.push(Calendar {
            description: format!("Business hours of {} (written by csstd)", region.id),
            name,
            time_zone,
            business_hours,
        });
    }
    Ok((calendars, holidays))
}

fn hm(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// The SLA policies of one region: one per enabled channel that a ticket source can
/// select, filtered by the region's groups (or products, or companies).
pub fn policies(
    region: &Region<'_>,
    mapping: &Mapping<'_>,
    warnings: &mut Warnings,
) -> Vec<Policy> {
    let std = &region.std;
    let field = System::Freshdesk.region_field(mapping.helpdesk);
    let ids: Vec<u64> = mapping
        .regions(region.id)
        .iter()
        .filter_map(|v| v.parse().ok())
        .collect();
    let slas = slas_by_id(std);
    let channels = channels_with_slas(std, &slas);
    if channels.is_empty() {
        return Vec::new();
    }
    let mut region_filter = ApplicableTo::default();
    match (field, ids.is_empty()) {
        (_, true) => {
            warnings.add(
                region.id,
                &super::manifest_pos(),
                format!(
                    "no Freshdesk `{field}` stands for the region (map its id in [helpdesk.regions]); its SLA policies are not exported"
                ),
            );
            return Vec::new();
        }
        ("product_id", _) => region_filter.product_ids = ids,
        ("company_id", _) => region_filter.company_ids = ids,
        _ => region_filter.group_ids = ids,
    }
    let escalated: Vec<&str> = std
        .escalations
        .iter()
        .filter_map(|e| e.priority.as_ref().map(|p| p.value))
        .collect();
    for e in &std.escalations {
        warnings.add(
            region.id,
            &e.pos,
            format!(
                "escalation `{}`: Freshdesk escalates to agents, not to roles: `escalation_enabled` is on for its priority; choose the agents who act as \"{}\" in the policy's escalation settings",
                e.id.value,
                e.to.as_ref().map_or("", |t| t.value)
            ),
        );
    }
    let mut out = Vec::new();
    for (channel, ch, of_channel) in channels {
        let sources: Vec<u32> = mapping.channel_ids(channel, source_of);
        if sources.is_empty() {
            warnings.add(
                region.id,
                &ch.pos,
                format!(
                    "channel `{channel}`: no Freshdesk ticket source stands for it, so a policy cannot select its tickets (map one in [helpdesk.channels], e.g. phone = \"{channel}\"); its SLAs are not exported: {}",
                    sla_ids(&of_channel)
                ),
            );
            continue;
        }
        let mut targets: IndexMap<u8, (Target, Option<Clock>)> = IndexMap::new();
        for sla in &of_channel {
            let id = sla.id.value;
            if let Some(t) = sla.tier.as_ref().filter(|t| !t.value.is_empty()) {
                warnings.add(
                    region.id,
                    &sla.pos,
                    format!(
                        "SLA `{id}`: a Freshdesk policy cannot select the `{}` tier by itself (only companies, groups, products, sources and types); not exported",
                        t.value
                    ),
                );
                continue;
            }
            let measure = sla.measure.as_ref().map_or("", |m| m.value);
            let respond = match measure {
                "first_response" => true,
                "resolution" => false,
                _ => {
                    warnings.add(
                        region.id,
                        &sla.pos,
                        format!(
                            "SLA `{id}`: a Freshdesk SLA target has first response and resolution only, not `{measure}`; not exported"
                        ),
                    );
                    continue;
                }
            };
            let priority = sla.priority.as_ref().map_or("", |p| p.value);
            let keys: Vec<u8> =
                mapping.sla_priorities(System::Freshdesk, region, sla, warnings, priority_key);
            if keys.is_empty() {
                continue;
            }
            let seconds = within_seconds(sla);
            for k in keys {
                let (target, clock) = targets.entry(k).or_default();
                match clock {
                    Some(c) if *c != sla.clock() => warnings.add(
                        region.id,
                        &sla.pos,
                        format!(
                            "SLA `{id}`: a Freshdesk target runs both its times on one clock; `priority_{k}` keeps the {} clock of its first response",
                            c.name()
                        ),
                    ),
                    Some(_) => {}
                    None => {
                        *clock = Some(sla.clock());
                        target.business_hours = sla.clock() == Clock::Business;
                    }
                }
                if respond {
                    target.respond_within = Some(seconds);
                } else {
                    target.resolve_within = Some(seconds);
                }
                target.escalation_enabled = escalated.contains(&priority);
            }
        }
        if targets.is_empty() {
            continue;
        }
        targets.sort_keys();
        let mut applicable_to = region_filter.clone();
        applicable_to.sources = sources;
        out.push(Policy {
            name: format!("{} · {channel}", region.id),
            description: format!(
                "Service levels of {} for {channel} (written by csstd)",
                region.id
            ),
            active: true,
            sla_target: targets
                .into_iter()
                .map(|(k, (t, _))| (format!("priority_{k}"), t))
                .collect(),
            applicable_to,
        });
    }
    out
}

/// The files of each region.
pub fn files(configs: &[RegionConfig], export: &mut Export) {
    #[derive(Serialize)]
    struct Holidays<'a> {
        holidays: &'a [super::zendesk::Holiday],
    }
    for c in configs {
        let dir = &c.region;
        export
            .files
            .insert(format!("{dir}/business_hours.json"), pretty(&c.calendars));
        export
            .files
            .insert(format!("{dir}/sla_policies.json"), pretty(&c.policies));
        export.files.insert(
            format!("{dir}/holidays.json"),
            pretty(&Holidays {
                holidays: &c.holidays,
            }),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::{clock_time, minutes_of, priority_key, source_of};

    #[test]
    fn clock_times_read_back() {
        assert_eq!(clock_time(8 * 60), "08:00:00 am");
        assert_eq!(clock_time(17 * 60), "05:00:00 pm");
        assert_eq!(clock_time(0), "12:00:00 am");
        assert_eq!(clock_time(12 * 60 + 30), "12:30:00 pm");
        assert_eq!(clock_time(24 * 60), "11:59:59 pm");
        for m in [0, 480, 750, 1020, 1440] {
            assert_eq!(minutes_of(&clock_time(m)), Some(m));
        }
        assert_eq!(minutes_of("8:00 am"), Some(480));
        assert_eq!(minutes_of("13:00:00 pm"), None);
    }

    #[test]
    fn priorities_and_sources_have_freshdesk_numbers() {
        assert_eq!(priority_key("urgent"), Some(4));
        assert_eq!(priority_key("normal"), Some(2));
        assert_eq!(priority_key("p1"), None);
        assert_eq!(source_of("chat"), Some(7));
        assert_eq!(source_of("voice"), None);
    }
}
