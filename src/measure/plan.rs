//! What a measurement counts, read from the typed standard of each region: its SLAs with
//! their clocks and targets, its channels, priorities and metrics, and which SLAs a ticket
//! counts for (SPEC 9, "Which SLA"). Built once before any ticket is read; no I/O.

use super::clock::{BusinessClock, Clock, OpenHours};
use crate::model::date::CivilDate;
use crate::model::quantity::{Quantity, Target, parse_duration};
use crate::model::schema::Clock as ClockKind;
use crate::model::standard::Standard;
use jiff::tz::TimeZone;
use std::collections::{HashMap, HashSet};

/// Maps looked up once or more per ticket: foldhash, with a fixed seed (their order is
/// never shown), is several times faster than SipHash on short keys.
type Fast = foldhash::fast::FixedState;

/// One SLA of a region, ready to count.
#[derive(Debug)]
pub struct SlaPlan {
    pub id: String,
    pub channel: String,
    pub priority: String,
    pub tier: Option<String>,
    /// Index into [`Plan::measures`].
    pub measure: usize,
    pub within: i64,
    /// `within` as the standard writes it (canonical).
    pub within_text: String,
    pub clock_kind: ClockKind,
    pub clock: Clock,
    /// The attainment target in force (`>= 100%` when the SLA has none).
    pub target: Target,
}

/// A metric of a region: measured from `satisfaction` when it is one, else listed.
#[derive(Debug)]
pub struct MetricPlan {
    pub id: String,
    pub target: Option<String>,
    /// The percent target of a satisfaction metric.
    pub satisfaction: Option<Target>,
}

/// One region: where its day starts, what it has, and its SLAs.
#[derive(Debug)]
pub struct RegionPlan {
    pub id: String,
    pub tz: TimeZone,
    pub channels: HashSet<String, Fast>,
    pub priorities: HashSet<String, Fast>,
    /// Indexes into [`Plan::slas`], by channel and priority.
    by_key: HashMap<String, HashMap<String, Vec<usize>, Fast>, Fast>,
    pub metrics: Vec<MetricPlan>,
}

/// Every region measured, and every SLA among them.
#[derive(Debug)]
pub struct Plan {
    /// Sorted by id.
    pub regions: Vec<RegionPlan>,
    by_id: HashMap<String, usize, Fast>,
    /// Region ids of the project that were not asked for: their tickets are out of scope.
    pub others: HashSet<String, Fast>,
    /// SLA measures in use (`first_response`, `resolution`, ...), sorted.
    pub measures: Vec<String>,
    /// Region by region (in region order), each region's SLAs by id.
    pub slas: Vec<SlaPlan>,
    /// The region of each SLA.
    pub sla_region: Vec<usize>,
}

/// The instant a local date starts in `tz`, in UTC seconds.
pub fn day_start(tz: &TimeZone, date: CivilDate) -> Result<i64, String> {
    let civil = jiff::civil::Date::new(date.year as i16, date.month as i8, date.day as i8)
        .map_err(|e| format!("{date}: {e}"))?;
    tz.to_timestamp(civil.to_datetime(jiff::civil::Time::midnight()))
        .map(|t| t.as_second())
        .map_err(|e| format!("{date}: {e}"))
}

impl Plan {
    /// Reads the regions to measure. `span` is the stretch of instants the business clocks
    /// precompute (queries outside it are still exact, only slower).
    pub fn new(
        regions: &[(String, Standard<'_>)],
        all: &[String],
        span: (i64, i64),
    ) -> Result<Plan, String> {
        let mut plan = Plan {
            regions: Vec::new(),
            by_id: HashMap::default(),
            others: all.iter().cloned().collect(),
            measures: Vec::new(),
            slas: Vec::new(),
            sla_region: Vec::new(),
        };
        let mut measures: Vec<String> = regions
            .iter()
            .flat_map(|(_, s)| s.slas.iter())
            .filter_map(|s| s.measure.as_ref().map(|m| m.value.to_owned()))
            .collect();
        measures.sort();
        measures.dedup();
        plan.measures = measures;
        for (id, std) in regions {
            plan.others.remove(id);
            let zone = std
                .culture
                .as_ref()
                .and_then(|c| c.timezone.as_ref())
                .map_or("UTC", |t| t.value);
            let tz = jiff::tz::db()
                .get(zone)
                .map_err(|_| format!("region `{id}`: unknown time zone `{zone}`"))?;
            let index = plan.regions.len();
            let mut region = RegionPlan {
                id: id.clone(),
                tz,
                channels: std.channels.keys().map(|c| (*c).to_owned()).collect(),
                priorities: std
                    .priorities
                    .iter()
                    .map(|p| p.id.value.to_owned())
                    .collect(),
                by_key: HashMap::default(),
                metrics: Vec::new(),
            };
            let mut slas: Vec<_> = std.slas.iter().collect();
            slas.sort_by_key(|s| s.id.value);
            let mut clocks: HashMap<&str, BusinessClock> = HashMap::new();
            for sla in slas {
                let (Some(channel), Some(priority), Some(measure), Some(within)) = (
                    sla.channel.as_ref(),
                    sla.priority.as_ref(),
                    sla.measure.as_ref(),
                    sla.within.as_ref(),
                ) else {
                    continue;
                };
                let within_secs = parse_duration(within.value)
                    .map_err(|e| format!("SLA `{}`: {e}", sla.id.value))?;
                let clock = match sla.clock() {
                    ClockKind::Calendar => Clock::Calendar,
                    ClockKind::Business => {
                        let name = sla.schedule.as_ref().map_or("", |s| s.value);
                        let business = match clocks.get(name) {
                            Some(c) => c.clone(),
                            None => {
                                let schedule = std.schedule(name).ok_or_else(|| {
                                    format!("SLA `{}` names no schedule of `{id}`", sla.id.value)
                                })?;
                                let c = BusinessClock::new(OpenHours::of(schedule)?, span);
                                clocks.insert(name, c.clone());
                                c
                            }
                        };
                        Clock::Business(Box::new(business))
                    }
                };
                let target = match sla.attainment.as_ref() {
                    Some(a) => Target::parse(a.value)
                        .map_err(|e| format!("SLA `{}`: {e}", sla.id.value))?,
                    None => Target::parse(">= 100%").map_err(|e| e.to_string())?,
                };
                let n = plan.slas.len();
                region
                    .by_key
                    .entry(channel.value.to_owned())
                    .or_default()
                    .entry(priority.value.to_owned())
                    .or_default()
                    .push(n);
                plan.slas.push(SlaPlan {
                    id: sla.id.value.to_owned(),
                    channel: channel.value.to_owned(),
                    priority: priority.value.to_owned(),
                    tier: sla
                        .tier
                        .as_ref()
                        .map(|t| t.value.to_owned())
                        .filter(|t| !t.is_empty()),
                    measure: plan
                        .measures
                        .binary_search(&measure.value.to_owned())
                        .unwrap_or(0),
                    within: within_secs as i64,
                    within_text: within.value.to_owned(),
                    clock_kind: sla.clock(),
                    clock,
                    target,
                });
                plan.sla_region.push(index);
            }
            let mut metrics: Vec<_> = std.metrics.iter().collect();
            metrics.sort_by_key(|m| m.id.value);
            region.metrics = metrics
                .into_iter()
                .map(|m| {
                    let target = m.target.as_ref().map(|t| t.value.to_owned());
                    let satisfaction = (m.category.as_ref().map(|c| c.value)
                        == Some("satisfaction"))
                    .then(|| target.as_deref().and_then(|t| Target::parse(t).ok()))
                    .flatten()
                    .filter(|t| matches!(t.quantity, Quantity::Percent(_)));
                    MetricPlan {
                        id: m.id.value.to_owned(),
                        target,
                        satisfaction,
                    }
                })
                .collect();
            plan.by_id.insert(id.clone(), index);
            plan.regions.push(region);
        }
        Ok(plan)
    }

    /// The index of a region measured here.
    pub fn region(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }
}

impl RegionPlan {
    /// The SLAs a ticket counts for: those of its channel and priority; for each measure,
    /// those of its tier when that tier has any for the measure, else those without a tier.
    pub fn slas_for(
        &self,
        channel: &str,
        priority: &str,
        tier: Option<&str>,
        all: &[SlaPlan],
    ) -> impl Iterator<Item = usize> {
        let candidates: &[usize] = self
            .by_key
            .get(channel)
            .and_then(|p| p.get(priority))
            .map_or(&[], Vec::as_slice);
        let own_tier = move |i: usize| tier.is_some() && all[i].tier.as_deref() == tier;
        candidates.iter().copied().filter(move |&i| {
            if all[i].tier.is_some() {
                return own_tier(i);
            }
            // An SLA without a tier, unless the ticket's tier has its own for this measure.
            !candidates
                .iter()
                .any(|&j| own_tier(j) && all[j].measure == all[i].measure)
        })
    }
}
