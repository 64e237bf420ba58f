//! Counting tickets against the plan: which SLAs a ticket counts for, met / missed / open,
//! elapsed times for percentiles, satisfaction, unmatched values. Tallies of separate
//! chunks merge into the same totals in any order, so `--jobs` never changes a result.

use super::plan::Plan;
use super::tickets::{Row, RowError};
use crate::model::schema::HelpdeskSection;
use std::collections::BTreeMap;

/// At most this many row errors are listed; the rest are counted.
pub const MAX_LISTED: usize = 20;

/// One SLA's counts.
#[derive(Debug, Default, Clone)]
pub struct SlaTally {
    pub met: u64,
    pub missed: u64,
    pub open: u64,
    /// Elapsed seconds on the SLA's clock of each ticket that reached the measure.
    pub durations: Vec<u32>,
    /// Creation times of tickets that have not reached the measure, when `--now` is known
    /// only at the end (the latest timestamp in the files).
    pub pending: Vec<i64>,
}

/// One region's counts.
#[derive(Debug, Default, Clone)]
pub struct RegionTally {
    pub tickets: u64,
    pub unmatched: u64,
    pub good: u64,
    pub bad: u64,
}

/// Everything counted so far.
#[derive(Debug, Clone)]
pub struct Tally {
    pub slas: Vec<SlaTally>,
    pub regions: Vec<RegionTally>,
    /// (field, value as the file writes it) → tickets.
    pub unmatched: BTreeMap<(&'static str, String), u64>,
    /// Tickets in the window, matched or not.
    pub tickets: u64,
    pub latest: Option<i64>,
    pub has_satisfaction: bool,
    /// The first [`MAX_LISTED`] errors by file and line.
    pub errors: Vec<RowError>,
    pub error_count: u64,
}

/// What counting a row needs besides the plan.
pub struct Rules<'a> {
    pub plan: &'a Plan,
    pub helpdesk: &'a HelpdeskSection,
    /// Per region, the instants `--from`/`--to` select (start inclusive, end exclusive).
    pub windows: Vec<(Option<i64>, Option<i64>)>,
    /// The same window in UTC, for tickets of no known region.
    pub utc_window: (Option<i64>, Option<i64>),
    /// Per region, `--now` when known before reading.
    pub now: Option<Vec<i64>>,
}

fn mapped<'a>(map: &'a Option<BTreeMap<String, String>>, value: &'a str) -> &'a str {
    map.as_ref()
        .and_then(|m| m.get(value))
        .map_or(value, String::as_str)
}

fn inside((from, to): (Option<i64>, Option<i64>), t: i64) -> bool {
    from.is_none_or(|f| t >= f) && to.is_none_or(|e| t < e)
}

impl Tally {
    pub fn new(plan: &Plan) -> Tally {
        Tally {
            slas: vec![SlaTally::default(); plan.slas.len()],
            regions: vec![RegionTally::default(); plan.regions.len()],
            unmatched: BTreeMap::new(),
            tickets: 0,
            latest: None,
            has_satisfaction: false,
            errors: Vec::new(),
            error_count: 0,
        }
    }

    /// Records a row that could not be read.
    pub fn error(&mut self, e: RowError) {
        self.error_count += 1;
        if self.errors.len() < MAX_LISTED {
            self.errors.push(e);
        } else if let Some(last) = self.errors.iter_mut().max().filter(|l| **l > e) {
            *last = e;
        }
    }

    /// Counts one ticket.
    pub fn count(&mut self, row: &Row<'_>, rules: &Rules<'_>) {
        let plan = rules.plan;
        let latest = row
            .measures
            .iter()
            .flatten()
            .copied()
            .fold(row.created, i64::max);
        self.latest = Some(self.latest.map_or(latest, |l| l.max(latest)));
        let region_id = mapped(&rules.helpdesk.regions, row.region);
        let Some(r) = plan.region(region_id) else {
            if plan.others.contains(region_id) || !inside(rules.utc_window, row.created) {
                return;
            }
            self.tickets += 1;
            *self
                .unmatched
                .entry(("region", row.region.to_owned()))
                .or_default() += 1;
            return;
        };
        if !inside(rules.windows[r], row.created) {
            return;
        }
        self.tickets += 1;
        let region = &plan.regions[r];
        let tally = &mut self.regions[r];
        tally.tickets += 1;
        match row.satisfaction {
            Some(true) => tally.good += 1,
            Some(false) => tally.bad += 1,
            None => {}
        }
        let channel = mapped(&rules.helpdesk.channels, row.channel);
        let priority = mapped(&rules.helpdesk.priorities, row.priority);
        let bad = if !region.channels.contains(channel) {
            Some(("channel", row.channel))
        } else if !region.priorities.contains(priority) {
            Some(("priority", row.priority))
        } else {
            None
        };
        if let Some((field, value)) = bad {
            tally.unmatched += 1;
            *self.unmatched.entry((field, value.to_owned())).or_default() += 1;
            return;
        }
        let tier = row.tier.map(|t| mapped(&rules.helpdesk.tiers, t));
        for i in region.slas_for(channel, priority, tier, &plan.slas) {
            let sla = &plan.slas[i];
            let counts = &mut self.slas[i];
            match row.measures[sla.measure] {
                Some(at) => {
                    let elapsed = sla.clock.elapsed(row.created, at);
                    if elapsed <= sla.within {
                        counts.met += 1;
                    } else {
                        counts.missed += 1;
                    }
                    counts
                        .durations
                        .push(u32::try_from(elapsed).unwrap_or(u32::MAX));
                }
                None => match &rules.now {
                    Some(now) => counts.settle(sla, row.created, now[r]),
                    None => counts.pending.push(row.created),
                },
            }
        }
    }

    /// Adds another tally's counts to this one.
    pub fn merge(&mut self, other: Tally) {
        for (a, b) in self.slas.iter_mut().zip(other.slas) {
            a.met += b.met;
            a.missed += b.missed;
            a.open += b.open;
            a.durations.extend(b.durations);
            a.pending.extend(b.pending);
        }
        for (a, b) in self.regions.iter_mut().zip(other.regions) {
            a.tickets += b.tickets;
            a.unmatched += b.unmatched;
            a.good += b.good;
            a.bad += b.bad;
        }
        for (k, n) in other.unmatched {
            *self.unmatched.entry(k).or_default() += n;
        }
        self.tickets += other.tickets;
        self.latest = match (self.latest, other.latest) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        self.has_satisfaction |= other.has_satisfaction;
        let count = self.error_count + other.error_count;
        for e in other.errors {
            self.error(e);
        }
        self.error_count = count;
    }

    /// Decides the tickets still waiting for `now` (per region).
    pub fn settle_pending(&mut self, plan: &Plan, now: &[i64]) {
        for (i, counts) in self.slas.iter_mut().enumerate() {
            let sla = &plan.slas[i];
            let now = now[plan.sla_region[i]];
            for created in std::mem::take(&mut counts.pending) {
                counts.settle(sla, created, now);
            }
        }
    }

    /// The errors listed, in file and line order.
    pub fn sorted_errors(&self) -> Vec<RowError> {
        let mut errors = self.errors.clone();
        errors.sort();
        errors
    }
}

impl SlaTally {
    /// A ticket that has not reached the measure: missed once more than `within` has
    /// elapsed on the SLA's clock by `now`, otherwise open.
    fn settle(&mut self, sla: &super::plan::SlaPlan, created: i64, now: i64) {
        if sla.clock.elapsed(created, now) > sla.within {
            self.missed += 1;
        } else {
            self.open += 1;
        }
    }
}
