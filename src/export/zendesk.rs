//! Zendesk: business-hours schedules, their holidays and SLA policies, shaped as the
//! payloads of `/api/v2/business_hours/schedules` and `/api/v2/slas/policies` (every
//! field is listed, with where Zendesk documents it, in docs/helpdesk.md).
//!
//! Pure: typed standard and mapping in, payloads and warnings out.

use super::{
    Export, Mapping, Region, System, Warnings, channels_with_slas, dated_holiday, pretty,
    schedule_name, sla_ids, slas_by_id, time_zone, within_seconds,
};
use crate::diag::Diagnostic;
use crate::model::hours::DAY_MINUTES;
use crate::model::schema::{Clock, HelpdeskSection};
use crate::model::standard::{At, DayHours, Sla};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// Zendesk's ticket priorities, most urgent first (the order policy metrics are listed in).
pub const PRIORITIES: [&str; 4] = ["urgent", "high", "normal", "low"];

/// A standard's SLA measure → Zendesk's policy metric, in the order metrics are listed.
/// A measure that is already a metric's name stands for that metric.
pub const METRICS: [(&str, &str); 7] = [
    ("first_response", "first_reply_time"),
    ("next_response", "next_reply_time"),
    ("periodic_update", "periodic_update_time"),
    ("pausable_update", "pausable_update_time"),
    ("requester_wait", "requester_wait_time"),
    ("agent_work", "agent_work_time"),
    ("resolution", "total_resolution_time"),
];

/// The Zendesk metric for an SLA measure.
pub fn metric_of(measure: &str) -> Option<&'static str> {
    METRICS
        .iter()
        .find(|(m, z)| *m == measure || *z == measure)
        .map(|(_, z)| *z)
}

/// Via ids for a channel value of `[helpdesk.channels]`: a ticket's `via.channel` ("ticket
/// created by" in Zendesk's via types reference: `email`, `web`, `voice`, ...), a via type
/// (`mail`, `phone_call_inbound`, ...), or a via id itself.
pub fn via_ids(value: &str) -> Vec<u32> {
    if let Ok(id) = value.parse::<u32>() {
        return vec![id];
    }
    let ids: &[u32] = match value {
        "web" => &[0, 17, 20, 27],
        "email" => &[4],
        "api" => &[5, 31, 36, 39, 40],
        "chat" => &[29],
        "voice" => &[33, 34, 35],
        "twitter" => &[23, 26, 30],
        "facebook" => &[38, 41],
        "forum" => &[24],
        "rule" => &[8],
        "web_form" => &[0],
        "mail" => &[4],
        "web_service" => &[5],
        "dropbox" => &[17],
        "closed_ticket" => &[27],
        "voicemail" => &[33],
        "phone_call_inbound" => &[34],
        "phone_call_outbound" => &[35],
        "text_message" => &[37],
        "facebook_post" => &[38],
        "facebook_message" => &[41],
        "twitter_dm" => &[26],
        _ => &[],
    };
    ids.to_vec()
}

/// One schedule, as `GET /api/v2/business_hours/schedules` lists it (without its id).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Schedule {
    pub name: String,
    pub time_zone: String,
    pub intervals: Vec<Interval>,
}

/// Minutes from Sunday 00:00 (Monday 09:00 is 1980); never across midnight.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Interval {
    pub start_time: u32,
    pub end_time: u32,
}

/// One holiday of one schedule (`schedule` names the schedule it is posted to).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Holiday {
    pub schedule: String,
    pub name: String,
    pub start_date: String,
    pub end_date: String,
}

/// One SLA policy, as `POST /api/v2/slas/policies` takes it.
#[derive(Debug, Clone, Serialize)]
pub struct Policy {
    pub title: String,
    pub description: String,
    pub position: u32,
    pub filter: Filter,
    pub policy_metrics: Vec<Metric>,
    /// Policies that a ticket could match together (same region and channel), which the
    /// position orders: `--check` compares only their order.
    #[serde(skip)]
    pub group: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Filter {
    pub all: Vec<Condition>,
    pub any: Vec<Condition>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Condition {
    pub field: String,
    pub operator: &'static str,
    pub value: Value,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Metric {
    pub priority: &'static str,
    pub metric: &'static str,
    /// Minutes (rounded up when `within` is not whole minutes; then
    /// `target_in_seconds` carries the exact value).
    pub target: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_in_seconds: Option<u64>,
    pub business_hours: bool,
}

impl Metric {
    /// The target in seconds, however it is written.
    pub fn seconds(&self) -> u64 {
        self.target_in_seconds.unwrap_or(self.target * 60)
    }
}

/// What Zendesk gets for one region.
#[derive(Debug, Default)]
pub struct RegionConfig {
    pub region: String,
    pub schedules: Vec<Schedule>,
    pub holidays: Vec<Holiday>,
    pub policies: Vec<Policy>,
}

/// The intervals of a week (Monday first, as the standard lists days) in Zendesk's
/// minutes from Sunday 00:00: one per opening interval, a day with a break gives two, and
/// a day that ends at 24:00 ends at the next day's 00:00 (Saturday's at 10080).
pub fn intervals(week: [Option<&DayHours<'_>>; 7]) -> Vec<Interval> {
    let mut out: Vec<Interval> = week
        .iter()
        .enumerate()
        .filter_map(|(i, day)| day.map(|d| (i, d)))
        .flat_map(|(i, day)| {
            // Monday is day 1 of Zendesk's week, Sunday day 0.
            let base = ((i as u32 + 1) % 7) * DAY_MINUTES;
            day.intervals.iter().map(move |iv| Interval {
                start_time: base + iv.open,
                end_time: base + iv.close,
            })
        })
        .collect();
    out.sort();
    out
}

/// The schedules and holidays of one region. A zone Zendesk has no name for is an input
/// error at its `timezone`.
pub fn schedules(
    region: &Region<'_>,
    helpdesk: &HelpdeskSection,
    warnings: &mut Warnings,
) -> Result<(Vec<Schedule>, Vec<Holiday>), Diagnostic> {
    let mut schedules = Vec::new();
    let mut holidays = Vec::new();
    for s in &region.std.schedules {
        let name = schedule_name(region.id, s.id.value);
        let time_zone = time_zone(System::Zendesk, region, s, helpdesk)?;
        for e in s.exceptions() {
            let period = match (&e.from, &e.to) {
                (Some(f), Some(t)) => format!(" ({} to {})", f.value, t.value),
                _ => String::new(),
            };
            warnings.add(
                region.id,
                &e.pos,
                format!(
                    "schedule `{}`: Zendesk schedules have no dated exceptions: `{}`{period} is not exported, and Zendesk keeps the week's hours then",
                    s.id.value,
                    e.name.unwrap_or("exception")
                ),
            );
        }
        for h in s.holidays() {
            match dated_holiday(&name, h) {
                Some(holiday) => holidays.push(holiday),
                None => warnings.add(
                    region.id,
                    &h.pos,
                    format!(
                        "schedule `{}`: a holiday without dates is not exported",
                        s.id.value
                    ),
                ),
            }
        }
        schedules.push(Schedule {
            name,
            time_zone,
            intervals: intervals(s.week()),
        });
    }
    Ok((schedules, holidays))
}

/// The condition on the region field, for one helpdesk value of it.
fn region_condition(field: &str, value: &str) -> Option<Condition> {
    let (field, numeric) = match field.strip_prefix("custom_fields.") {
        Some(id) => (format!("custom_fields_{id}"), false),
        None => (
            field.to_owned(),
            matches!(field, "brand_id" | "group_id" | "organization_id"),
        ),
    };
    let value = if numeric {
        Value::from(value.parse::<u64>().ok()?)
    } else {
        Value::from(value)
    };
    Some(Condition {
        field,
        operator: "is",
        value,
    })
}

fn via_condition(id: u32) -> Condition {
    Condition {
        field: "via_id".into(),
        operator: "is",
        value: Value::from(id),
    }
}

/// One policy's metrics before numbering: by (priority, metric), with the SLA each came
/// from.
type Metrics<'s> = BTreeMap<(usize, usize), (Metric, &'s At<Sla<'s>>)>;

/// The SLA policies of one region, positions not yet numbered: per enabled channel, one
/// policy per tier (each tier's SLAs over the channel's untiered ones) before the
/// untiered policy, since Zendesk applies the first policy that matches.
pub fn policies(
    region: &Region<'_>,
    mapping: &Mapping<'_>,
    warnings: &mut Warnings,
) -> Vec<Policy> {
    let std = &region.std;
    let field = System::Zendesk.region_field(mapping.helpdesk);
    let region_values = mapping.regions(region.id);
    let region_conditions: Vec<Condition> = region_values
        .iter()
        .filter_map(|v| region_condition(field, v))
        .collect();
    let mut out = Vec::new();
    let slas = slas_by_id(std);
    for (channel, ch, of_channel) in channels_with_slas(std, &slas) {
        let ids = sla_ids(&of_channel);
        if region_conditions.is_empty() {
            warnings.add(
                region.id,
                &super::manifest_pos(),
                format!(
                    "no Zendesk `{field}` value stands for the region (map one in [helpdesk.regions]); its SLA policies are not exported"
                ),
            );
            return Vec::new();
        }
        let vias: Vec<u32> = mapping.channel_ids(channel, via_ids);
        if vias.is_empty() {
            warnings.add(
                region.id,
                &ch.pos,
                format!(
                    "channel `{channel}`: no Zendesk channel (via) stands for it (map one in [helpdesk.channels], e.g. voice = \"{channel}\"); its SLAs are not exported: {ids}"
                ),
            );
            continue;
        }
        let untiered = metrics_of(
            region,
            of_channel.iter().copied().filter(|s| tier(s).is_none()),
            mapping,
            warnings,
        );
        let mut tiers: Vec<&str> = of_channel.iter().filter_map(|s| tier(s)).collect();
        tiers.sort_unstable();
        tiers.dedup();
        let group = format!("{} · {channel}", region.id);
        let mut variants: Vec<(Option<&str>, Metrics<'_>)> = Vec::new();
        for t in &tiers {
            let mut metrics = untiered.clone();
            metrics.extend(metrics_of(
                region,
                of_channel.iter().copied().filter(|s| tier(s) == Some(t)),
                mapping,
                warnings,
            ));
            variants.push((Some(t), metrics));
        }
        if !untiered.is_empty() || tiers.is_empty() {
            variants.push((None, untiered));
        }
        for (t, metrics) in variants {
            if metrics.is_empty() {
                continue;
            }
            check_schedules(region, &group, &metrics, warnings);
            // Region values and via ids are each "any of"; Zendesk's filter has one `any`,
            // so when both are several the policy is split by region value.
            let split = region_conditions.len() > 1 && vias.len() > 1;
            let region_sets: Vec<Vec<Condition>> = if split {
                region_conditions.iter().map(|c| vec![c.clone()]).collect()
            } else {
                vec![region_conditions.clone()]
            };
            for region_set in region_sets {
                let mut all = Vec::new();
                let mut any = Vec::new();
                if region_set.len() == 1 {
                    all.extend(region_set.iter().cloned());
                } else {
                    any.extend(region_set.iter().cloned());
                }
                if vias.len() == 1 {
                    all.push(via_condition(vias[0]));
                } else {
                    any.extend(vias.iter().map(|v| via_condition(*v)));
                }
                if let Some(t) = t {
                    all.push(Condition {
                        field: "current_tags".into(),
                        operator: "includes",
                        value: Value::from(t),
                    });
                }
                let mut title = group.clone();
                if let Some(t) = t {
                    title.push_str(&format!(" · {t}"));
                }
                if split {
                    title.push_str(&format!(
                        " [{}]",
                        region_set[0].value.to_string().trim_matches('"')
                    ));
                }
                out.push(Policy {
                    description: description(region, channel, t, &metrics),
                    title,
                    position: 0,
                    filter: Filter { all, any },
                    policy_metrics: metrics.values().map(|(m, _)| m.clone()).collect(),
                    group: group.clone(),
                });
            }
        }
    }
    out
}

fn tier<'a>(sla: &At<Sla<'a>>) -> Option<&'a str> {
    sla.tier.as_ref().map(|t| t.value).filter(|t| !t.is_empty())
}

/// The policy metrics of some SLAs, by (priority, metric) in listing order; what has no
/// Zendesk metric or priority is a warning at the SLA.
fn metrics_of<'s>(
    region: &Region<'_>,
    slas: impl Iterator<Item = &'s At<Sla<'s>>>,
    mapping: &Mapping<'_>,
    warnings: &mut Warnings,
) -> Metrics<'s> {
    let mut out: Metrics<'s> = BTreeMap::new();
    for sla in slas {
        let id = sla.id.value;
        let measure = sla.measure.as_ref().map_or("", |m| m.value);
        let Some(metric) = metric_of(measure) else {
            warnings.add(
                region.id,
                &sla.pos,
                format!(
                    "SLA `{id}`: Zendesk has no SLA metric for the measure `{measure}`; not exported"
                ),
            );
            continue;
        };
        let zendesk: Vec<&'static str> =
            mapping.sla_priorities(System::Zendesk, region, sla, warnings, |p| {
                PRIORITIES.iter().find(|z| **z == p).copied()
            });
        if zendesk.is_empty() {
            continue;
        }
        let seconds = within_seconds(sla);
        if seconds < 15 {
            warnings.add(
                region.id,
                &sla.pos,
                format!("SLA `{id}`: Zendesk's shortest target is 15 seconds"),
            );
        }
        let minutes = seconds.div_ceil(60);
        let metric_rank = METRICS.iter().position(|(_, z)| *z == metric).unwrap_or(0);
        for p in zendesk {
            let rank = PRIORITIES.iter().position(|z| *z == p).unwrap_or(0);
            let m = Metric {
                priority: p,
                metric,
                target: minutes,
                target_in_seconds: (seconds % 60 != 0).then_some(seconds),
                business_hours: sla.clock() == Clock::Business,
            };
            match out.get(&(rank, metric_rank)) {
                Some((kept, other)) if kept != &m => warnings.add(
                    region.id,
                    &sla.pos,
                    format!(
                        "SLA `{id}`: Zendesk priority `{p}` already has the {metric} of `{}`; this one is not exported",
                        other.id.value
                    ),
                ),
                Some(_) => {}
                None => {
                    out.insert((rank, metric_rank), (m, sla));
                }
            }
        }
    }
    out
}

/// Zendesk measures business hours on the one schedule a ticket has: a policy whose SLAs
/// name several schedules cannot be kept exactly.
fn check_schedules(
    region: &Region<'_>,
    group: &str,
    metrics: &Metrics<'_>,
    warnings: &mut Warnings,
) {
    let mut names: Vec<&str> = metrics
        .values()
        .filter(|(m, _)| m.business_hours)
        .filter_map(|(_, s)| s.schedule.as_ref().map(|x| x.value))
        .collect();
    names.sort_unstable();
    names.dedup();
    if names.len() > 1 {
        if let Some((_, sla)) = metrics.values().find(|(m, _)| m.business_hours) {
            warnings.add(
                region.id,
                &sla.pos,
                format!(
                    "policy `{group}`: its business-hours SLAs run on schedules {}; Zendesk measures a ticket on its one schedule",
                    names
                        .iter()
                        .map(|n| format!("`{n}`"))
                        .collect::<Vec<_>>()
                        .join(" and ")
                ),
            );
        }
    }
}

/// What the policy is for, in words: the region, channel and tier, the standard it comes
/// from, and the schedule its business hours need.
fn description(
    region: &Region<'_>,
    channel: &str,
    tier: Option<&str>,
    metrics: &Metrics<'_>,
) -> String {
    let meta = &region.std.standard;
    let standard = match (meta.title.as_ref(), meta.version.as_ref()) {
        (Some(t), Some(v)) => format!("{} {}", t.value, v.value),
        (Some(t), None) => t.value.to_owned(),
        _ => "the standard".to_owned(),
    };
    let mut text = format!("Service levels of {} for {channel}", region.id);
    if let Some(t) = tier {
        text.push_str(&format!(", {t} tier"));
    }
    text.push_str(&format!(", from {standard} (written by csstd)."));
    let schedule = metrics
        .values()
        .filter(|(m, _)| m.business_hours)
        .find_map(|(_, s)| s.schedule.as_ref().map(|x| x.value));
    if let Some(s) = schedule {
        text.push_str(&format!(
            " Business hours: schedule {}.",
            schedule_name(region.id, s)
        ));
    }
    text
}

/// Numbers the policies of every region, in region order, from 1: positions do not
/// depend on which regions are exported.
pub fn number(all: &mut [(String, Vec<Policy>)]) {
    let mut n = 0;
    for (_, policies) in all.iter_mut() {
        for p in policies.iter_mut() {
            n += 1;
            p.position = n;
        }
    }
}

/// The three files of each region.
pub fn files(configs: &[RegionConfig], export: &mut Export) {
    #[derive(Serialize)]
    struct Schedules<'a> {
        schedules: &'a [Schedule],
    }
    #[derive(Serialize)]
    struct Holidays<'a> {
        holidays: &'a [Holiday],
    }
    #[derive(Serialize)]
    struct Policies<'a> {
        sla_policies: &'a [Policy],
    }
    for c in configs {
        let dir = &c.region;
        export.files.insert(
            format!("{dir}/schedules.json"),
            pretty(&Schedules {
                schedules: &c.schedules,
            }),
        );
        export.files.insert(
            format!("{dir}/holidays.json"),
            pretty(&Holidays {
                holidays: &c.holidays,
            }),
        );
        export.files.insert(
            format!("{dir}/sla_policies.json"),
            pretty(&Policies {
                sla_policies: &c.policies,
            }),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::{Interval, intervals, metric_of, via_ids};
    use crate::model::hours::parse_day;
    use crate::model::standard::DayHours;

    fn day(written: &[&'static str]) -> DayHours<'static> {
        DayHours {
            written: written.to_vec(),
            intervals: parse_day(written).unwrap(),
        }
    }

    fn iv(start_time: u32, end_time: u32) -> Interval {
        Interval {
            start_time,
            end_time,
        }
    }

    #[test]
    fn monday_nine_to_five_is_1980_to_2460() {
        let mon = day(&["09:00-17:00"]);
        assert_eq!(
            intervals([Some(&mon), None, None, None, None, None, None]),
            [iv(1980, 2460)]
        );
    }

    #[test]
    fn a_split_day_gives_two_intervals_and_24_00_ends_at_midnight() {
        let split = day(&["09:00-12:00", "13:00-18:00"]);
        let late = day(&["22:00-24:00"]);
        let early = day(&["00:00-06:00"]);
        let all = day(&["24h"]);
        // Tuesday split, a night shift from Friday into Saturday, Saturday to midnight,
        // Sunday the whole day.
        let week = [
            None,
            Some(&split),
            None,
            None,
            Some(&late),
            Some(&early),
            Some(&all),
        ];
        assert_eq!(
            intervals(week),
            [
                iv(0, 1440),
                iv(3420, 3600),
                iv(3660, 3960),
                iv(8520, 8640),
                iv(8640, 9000),
            ]
        );
        let sat = day(&["18:00-24:00"]);
        assert_eq!(
            intervals([None, None, None, None, None, Some(&sat), None]),
            [iv(9720, 10080)]
        );
    }

    #[test]
    fn measures_and_channels_have_zendesk_names() {
        assert_eq!(metric_of("first_response"), Some("first_reply_time"));
        assert_eq!(metric_of("resolution"), Some("total_resolution_time"));
        assert_eq!(metric_of("next_reply_time"), Some("next_reply_time"));
        assert_eq!(metric_of("answer_within"), None);
        assert_eq!(via_ids("voice"), [33, 34, 35]);
        assert_eq!(via_ids("72"), [72]);
        assert!(via_ids("social").is_empty());
    }
}
