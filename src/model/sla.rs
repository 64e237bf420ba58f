//! Comparing two versions of an SLA (SPEC 2): tighter, looser or mixed.
//!
//! Used by lint (`consistency/weakened-sla`, `consistency/mixed-sla-change`)
//! and by diff (the effect carried by `within` and `attainment` entries).

use crate::model::node::Node;
use crate::model::quantity::{Effect, Target, parse_duration};
use crate::model::schema::Clock;
use crate::model::standard::Sla;

/// How a new SLA compares with an old one, as a whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlaEffect {
    Tighter,
    Looser,
    Mixed,
    Same,
}

impl SlaEffect {
    pub fn as_str(self) -> Option<&'static str> {
        match self {
            SlaEffect::Tighter => Some("tighter"),
            SlaEffect::Looser => Some("looser"),
            SlaEffect::Mixed => Some("mixed"),
            SlaEffect::Same => None,
        }
    }
}

/// Per-axis comparison of `new` against `old`: `within`, `attainment`, `clock`.
pub fn axes(old: &Sla<'_>, new: &Sla<'_>) -> Vec<Effect> {
    let mut out = Vec::new();
    let within = |s: &Sla<'_>| s.within.as_ref().and_then(|w| parse_duration(w).ok());
    if let (Some(a), Some(b)) = (within(old), within(new)) {
        out.push(match b.cmp(&a) {
            std::cmp::Ordering::Less => Effect::Tighter,
            std::cmp::Ordering::Greater => Effect::Looser,
            std::cmp::Ordering::Equal => Effect::Same,
        });
    }
    let attainment = |s: &Sla<'_>| s.attainment.as_ref().and_then(|a| Target::parse(a).ok());
    if let (Some(a), Some(b)) = (attainment(old), attainment(new)) {
        out.push(b.compare_to(&a));
    }
    // Business time stops the clock outside opening hours: a move to it is looser.
    match (old.clock(), new.clock()) {
        (Clock::Calendar, Clock::Business) => out.push(Effect::Looser),
        (Clock::Business, Clock::Calendar) => out.push(Effect::Tighter),
        _ => {}
    }
    out
}

/// The effect of changing SLA `old` into `new` as a whole.
pub fn compare(old: &Sla<'_>, new: &Sla<'_>) -> SlaEffect {
    let effects = axes(old, new);
    let tighter = effects.contains(&Effect::Tighter);
    let looser = effects.contains(&Effect::Looser);
    match (tighter, looser) {
        (true, true) => SlaEffect::Mixed,
        (true, false) => SlaEffect::Tighter,
        (false, true) => SlaEffect::Looser,
        (false, false) => SlaEffect::Same,
    }
}

/// [`compare`] for two SLA entries of positioned trees (diff works on those). Loading
/// checked both against the schema, so they always read; an entry that does not is
/// compared as unchanged.
pub fn compare_entries(old: &Node, new: &Node) -> SlaEffect {
    match (Sla::of(old), Sla::of(new)) {
        (Ok(old), Ok(new)) => compare(&old, &new),
        _ => SlaEffect::Same,
    }
}
