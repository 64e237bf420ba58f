//! Comparing two versions of an SLA (SPEC 2): tighter, looser or mixed.
//!
//! Used by lint (`consistency/weakened-sla`, `consistency/mixed-sla-change`)
//! and by diff (the effect carried by `within` and `attainment` entries).

use crate::model::node::Node;
use crate::model::quantity::{Effect, Target, parse_duration};

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
pub fn axes(old: &Node, new: &Node) -> Vec<Effect> {
    let mut out = Vec::new();
    let within = |n: &Node| n.get_str("within").and_then(|s| parse_duration(s).ok());
    if let (Some(a), Some(b)) = (within(old), within(new)) {
        out.push(match b.cmp(&a) {
            std::cmp::Ordering::Less => Effect::Tighter,
            std::cmp::Ordering::Greater => Effect::Looser,
            std::cmp::Ordering::Equal => Effect::Same,
        });
    }
    let attainment = |n: &Node| n.get_str("attainment").and_then(|s| Target::parse(s).ok());
    if let (Some(a), Some(b)) = (attainment(old), attainment(new)) {
        out.push(b.compare_to(&a));
    }
    // Business time stops the clock outside opening hours: a move to it is looser.
    let clock = |n: &Node| n.get_str("clock").unwrap_or("calendar").to_string();
    match (clock(old).as_str(), clock(new).as_str()) {
        ("calendar", "business") => out.push(Effect::Looser),
        ("business", "calendar") => out.push(Effect::Tighter),
        _ => {}
    }
    out
}

/// The effect of changing SLA `old` into `new` as a whole.
pub fn compare(old: &Node, new: &Node) -> SlaEffect {
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
