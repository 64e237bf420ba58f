//! The attainment report (SPEC 9): per region and SLA met / missed / open, attainment
//! against the target, `kept`, p50 and p90 on the SLA's clock; measured metrics;
//! unmatched values. Built from a finished tally; printing is in `print`.

use super::plan::Plan;
use super::tally::Tally;
use crate::model::quantity::{Op, Quantity, Target, format_duration};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct Report {
    pub version: u32,
    pub from: Option<String>,
    pub to: Option<String>,
    pub now: Option<String>,
    pub regions: Vec<RegionReport>,
    pub unmatched: Vec<Unmatched>,
    pub summary: Summary,
}

#[derive(Debug, Serialize)]
pub struct RegionReport {
    pub region: String,
    pub tickets: u64,
    pub unmatched: u64,
    pub slas: Vec<SlaReport>,
    pub metrics: Vec<MetricReport>,
}

#[derive(Debug, Serialize)]
pub struct SlaReport {
    pub id: String,
    pub channel: String,
    pub priority: String,
    pub tier: Option<String>,
    pub measure: String,
    pub within: String,
    pub clock: &'static str,
    pub target: String,
    pub met: u64,
    pub missed: u64,
    pub open: u64,
    /// Percent; none when no ticket was met or missed.
    pub attainment: Option<f64>,
    /// None when no ticket was met or missed: nothing says whether it was kept.
    pub kept: Option<bool>,
    pub p50: Option<String>,
    pub p90: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct MetricReport {
    pub id: String,
    pub target: Option<String>,
    /// Percent for a satisfaction metric; none when not measured.
    pub value: Option<f64>,
    pub kept: Option<bool>,
}

#[derive(Debug, Serialize)]
pub struct Unmatched {
    pub field: &'static str,
    pub value: String,
    pub tickets: u64,
}

#[derive(Debug, Serialize)]
pub struct Summary {
    pub slas: usize,
    pub kept: usize,
    pub missed: usize,
    pub tickets: u64,
    pub unmatched: u64,
}

/// Does a percent meet a target such as `>= 95%`?
pub fn meets(target: &Target, percent: f64) -> bool {
    let q = match target.quantity {
        Quantity::Percent(q) | Quantity::Number(q) => q,
        Quantity::Duration(d) => d as f64,
    };
    // Shares are ratios of counts: compare with a margin far below one ticket in a billion.
    const EPS: f64 = 1e-9;
    match target.op {
        Op::Ge => percent >= q - EPS,
        Op::Gt => percent > q + EPS,
        Op::Le => percent <= q + EPS,
        Op::Lt => percent < q - EPS,
    }
}

/// A share of counts as a percent with two decimals.
fn percent(part: u64, whole: u64) -> f64 {
    (part as f64 * 10_000.0 / whole as f64).round() / 100.0
}

/// The nearest-rank percentile of sorted values.
fn percentile(sorted: &[u32], p: u64) -> Option<String> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (sorted.len() as u64 * p).div_ceil(100).max(1) as usize;
    Some(format_duration(u64::from(sorted[rank - 1])))
}

/// What the report says about the period.
pub struct Period {
    pub from: Option<String>,
    pub to: Option<String>,
    pub now: Option<String>,
}

impl Report {
    pub fn new(plan: &Plan, mut tally: Tally, period: Period) -> Report {
        let mut regions = Vec::with_capacity(plan.regions.len());
        let (mut kept, mut missed) = (0, 0);
        for (r, region) in plan.regions.iter().enumerate() {
            let mut slas = Vec::new();
            for (i, sla) in plan.slas.iter().enumerate() {
                if plan.sla_region[i] != r {
                    continue;
                }
                let counts = &mut tally.slas[i];
                counts.durations.sort_unstable();
                let counted = counts.met + counts.missed;
                let attainment = (counted > 0).then(|| percent(counts.met, counted));
                let exact = (counted > 0).then(|| counts.met as f64 * 100.0 / counted as f64);
                let is_kept = exact.map(|a| meets(&sla.target, a));
                match is_kept {
                    Some(true) => kept += 1,
                    Some(false) => missed += 1,
                    None => {}
                }
                slas.push(SlaReport {
                    id: sla.id.clone(),
                    channel: sla.channel.clone(),
                    priority: sla.priority.clone(),
                    tier: sla.tier.clone(),
                    measure: plan.measures[sla.measure].clone(),
                    within: sla.within_text.clone(),
                    clock: sla.clock_kind.name(),
                    target: sla.target.to_string(),
                    met: counts.met,
                    missed: counts.missed,
                    open: counts.open,
                    attainment,
                    kept: is_kept,
                    p50: percentile(&counts.durations, 50),
                    p90: percentile(&counts.durations, 90),
                });
            }
            let counts = &tally.regions[r];
            let answered = counts.good + counts.bad;
            let metrics = region
                .metrics
                .iter()
                .map(|m| {
                    let value = m
                        .satisfaction
                        .filter(|_| tally.has_satisfaction && answered > 0)
                        .map(|_| percent(counts.good, answered));
                    let exact =
                        (answered > 0).then(|| counts.good as f64 * 100.0 / answered as f64);
                    MetricReport {
                        id: m.id.clone(),
                        target: m.target.clone(),
                        value,
                        kept: match (m.satisfaction, value, exact) {
                            (Some(t), Some(_), Some(e)) => Some(meets(&t, e)),
                            _ => None,
                        },
                    }
                })
                .collect();
            regions.push(RegionReport {
                region: region.id.clone(),
                tickets: counts.tickets,
                unmatched: counts.unmatched,
                slas,
                metrics,
            });
        }
        let unmatched: Vec<Unmatched> = tally
            .unmatched
            .into_iter()
            .map(|((field, value), tickets)| Unmatched {
                field,
                value,
                tickets,
            })
            .collect();
        let summary = Summary {
            slas: plan.slas.len(),
            kept,
            missed,
            tickets: tally.tickets,
            unmatched: unmatched.iter().map(|u| u.tickets).sum(),
        };
        Report {
            version: 1,
            from: period.from,
            to: period.to,
            now: period.now,
            regions,
            unmatched,
            summary,
        }
    }

    /// Was some SLA missed (attainment below its target)?
    pub fn any_missed(&self) -> bool {
        self.summary.missed > 0
    }
}

#[cfg(test)]
mod tests {
    use super::{meets, percentile};
    use crate::model::quantity::Target;

    #[test]
    fn targets_and_percentiles() {
        let t = Target::parse(">= 95%").unwrap();
        assert!(meets(&t, 95.0));
        assert!(!meets(&t, 94.99));
        assert!(meets(&t, 19.0 * 100.0 / 20.0));
        assert_eq!(percentile(&[60, 120, 180, 240], 50).as_deref(), Some("2m"));
        assert_eq!(percentile(&[60, 120, 180, 240], 90).as_deref(), Some("4m"));
        assert_eq!(percentile(&[5400], 90).as_deref(), Some("1h30m"));
        assert_eq!(percentile(&[], 50), None);
    }
}
