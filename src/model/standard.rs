//! The resolved standard as typed structs: what lint, render and every later stage read.
//!
//! Merge, diff and provenance work on the positioned [`Node`] tree; once a region is
//! resolved, [`Standard::of`] reads that tree into these structs (borrowing its text), so
//! no stage after resolution looks a field up by its name. Fields whose position a
//! finding may point at are [`At`] values. Every field is optional here even where a file
//! schema requires it: loading has already said what is missing, and a region's handbook
//! shows what there is.
//!
//! [`Node`]: crate::model::node::Node

use super::node::Node;
pub use super::node_de::At;
use super::schema::Clock;
use indexmap::IndexMap;
use serde::Deserialize;

/// A string borrowed from the resolved tree, with its position.
pub type Text<'a> = At<&'a str>;

/// One region, culture or base standard after merge (SPEC 3, "The resolved standard").
#[derive(Debug, Deserialize)]
pub struct Standard<'a> {
    #[serde(borrow, default)]
    pub standard: Meta<'a>,
    #[serde(borrow)]
    pub culture: Option<Culture<'a>>,
    #[serde(borrow, default)]
    pub communication: Communication<'a>,
    /// Channel name → target key → what customers here expect.
    #[serde(borrow, default)]
    pub expectations: IndexMap<&'a str, IndexMap<&'a str, Text<'a>>>,
    #[serde(borrow, default)]
    pub channels: IndexMap<&'a str, At<Channel<'a>>>,
    #[serde(borrow, default)]
    pub sections: Vec<At<Section<'a>>>,
    #[serde(borrow, default)]
    pub metrics: Vec<At<Metric<'a>>>,
    #[serde(borrow, default)]
    pub clauses: Vec<At<Clause<'a>>>,
    #[serde(borrow, default)]
    pub legal: Vec<At<Legal<'a>>>,
    #[serde(borrow, default)]
    pub priorities: Vec<At<Priority<'a>>>,
    #[serde(borrow, default)]
    pub schedules: Vec<At<Schedule<'a>>>,
    #[serde(borrow, default)]
    pub slas: Vec<At<Sla<'a>>>,
    #[serde(borrow, default)]
    pub escalations: Vec<At<Escalation<'a>>>,
}

/// `[standard]`.
#[derive(Debug, Default, Deserialize)]
pub struct Meta<'a> {
    #[serde(borrow)]
    pub id: Option<Text<'a>>,
    #[serde(borrow)]
    pub title: Option<Text<'a>>,
    #[serde(borrow)]
    pub version: Option<Text<'a>>,
    #[serde(borrow)]
    pub owner: Option<Text<'a>>,
    #[serde(borrow)]
    pub approvers: Option<At<Vec<&'a str>>>,
    #[serde(borrow)]
    pub contributors: Option<Vec<&'a str>>,
    #[serde(borrow)]
    pub default_language: Option<Text<'a>>,
    #[serde(borrow)]
    pub effective: Option<Text<'a>>,
    #[serde(borrow)]
    pub last_reviewed: Option<Text<'a>>,
    pub review_every_months: Option<At<i64>>,
    #[serde(borrow, default)]
    pub allow: Vec<At<Allow<'a>>>,
}

/// `[culture]` of the region, with what it inherits.
#[derive(Debug, Deserialize)]
pub struct Culture<'a> {
    #[serde(borrow)]
    pub id: Option<Text<'a>>,
    #[serde(borrow)]
    pub name: Option<Text<'a>>,
    #[serde(borrow)]
    pub extends: Option<Text<'a>>,
    #[serde(borrow)]
    pub languages: Option<At<Vec<Text<'a>>>>,
    #[serde(borrow)]
    pub handbook_language: Option<Text<'a>>,
    #[serde(borrow)]
    pub timezone: Option<Text<'a>>,
    #[serde(borrow)]
    pub business_hours: Option<Text<'a>>,
    #[serde(borrow)]
    pub holidays: Option<Vec<&'a str>>,
    #[serde(borrow)]
    pub schedule: Option<Text<'a>>,
    #[serde(borrow)]
    pub owner: Option<Text<'a>>,
    #[serde(borrow)]
    pub approvers: Option<At<Vec<&'a str>>>,
    #[serde(borrow)]
    pub last_reviewed: Option<Text<'a>>,
    pub review_every_months: Option<At<i64>>,
    #[serde(borrow, default)]
    pub allow: Vec<At<Allow<'a>>>,
}

/// `[communication]`.
#[derive(Debug, Default, Deserialize)]
pub struct Communication<'a> {
    #[serde(borrow)]
    pub directness: Option<Text<'a>>,
    #[serde(borrow)]
    pub context: Option<Text<'a>>,
    #[serde(borrow)]
    pub formality: Option<Text<'a>>,
    #[serde(borrow)]
    pub address: Option<Text<'a>>,
    #[serde(borrow)]
    pub greeting: Option<Text<'a>>,
    #[serde(borrow, rename = "do", default)]
    pub dos: Vec<&'a str>,
    #[serde(borrow, default)]
    pub avoid: Vec<&'a str>,
}

/// `[channels.<name>]`.
#[derive(Debug, Deserialize)]
pub struct Channel<'a> {
    pub enabled: Option<At<bool>>,
    #[serde(borrow, default)]
    pub languages: Vec<&'a str>,
    pub recorded: Option<At<bool>>,
    #[serde(borrow)]
    pub schedule: Option<Text<'a>>,
    /// Target key → target, in file order.
    #[serde(borrow, default)]
    pub targets: IndexMap<&'a str, Text<'a>>,
    #[serde(borrow, default)]
    pub allow: Vec<At<Allow<'a>>>,
}

impl Channel<'_> {
    /// A channel is offered unless it says `enabled = false`.
    pub fn is_enabled(&self) -> bool {
        self.enabled.as_ref().is_none_or(|e| e.value)
    }
}

#[derive(Debug, Deserialize)]
pub struct Section<'a> {
    #[serde(borrow)]
    pub id: Text<'a>,
    #[serde(borrow)]
    pub title: Option<Text<'a>>,
    pub measurable: Option<At<bool>>,
    #[serde(borrow, default)]
    pub allow: Vec<At<Allow<'a>>>,
}

#[derive(Debug, Deserialize)]
pub struct Metric<'a> {
    #[serde(borrow)]
    pub id: Text<'a>,
    #[serde(borrow)]
    pub title: Option<Text<'a>>,
    #[serde(borrow)]
    pub category: Option<Text<'a>>,
    #[serde(borrow)]
    pub target: Option<Text<'a>>,
    #[serde(borrow)]
    pub measured_by: Option<Text<'a>>,
    #[serde(borrow)]
    pub frequency: Option<Text<'a>>,
    #[serde(borrow, default)]
    pub allow: Vec<At<Allow<'a>>>,
}

#[derive(Debug, Deserialize)]
pub struct Clause<'a> {
    #[serde(borrow)]
    pub id: Text<'a>,
    #[serde(borrow)]
    pub section: Option<Text<'a>>,
    #[serde(borrow)]
    pub title: Option<Text<'a>>,
    #[serde(borrow)]
    pub text: Option<Text<'a>>,
    /// Local guidance appended down the chain, in chain order.
    #[serde(borrow, default)]
    pub appended: Vec<Appended<'a>>,
    #[serde(borrow, default)]
    pub principles: Vec<&'a str>,
    #[serde(borrow)]
    pub metric: Option<Text<'a>>,
    pub locked: Option<At<bool>>,
    #[serde(borrow, default)]
    pub allow: Vec<At<Allow<'a>>>,
}

impl Clause<'_> {
    pub fn is_locked(&self) -> bool {
        self.locked.as_ref().is_some_and(|l| l.value)
    }
}

/// One `append` of a clause, with the culture that wrote it.
#[derive(Debug, Deserialize)]
pub struct Appended<'a> {
    #[serde(borrow)]
    pub from: &'a str,
    #[serde(borrow)]
    pub text: Text<'a>,
}

#[derive(Debug, Deserialize)]
pub struct Legal<'a> {
    #[serde(borrow)]
    pub id: Text<'a>,
    #[serde(borrow)]
    pub title: Option<Text<'a>>,
    #[serde(borrow, default)]
    pub topics: Vec<&'a str>,
    #[serde(borrow)]
    pub note: Option<Text<'a>>,
    #[serde(borrow)]
    pub reference: Option<Text<'a>>,
    #[serde(borrow, default)]
    pub allow: Vec<At<Allow<'a>>>,
}

#[derive(Debug, Deserialize)]
pub struct Priority<'a> {
    #[serde(borrow)]
    pub id: Text<'a>,
    #[serde(borrow)]
    pub title: Option<Text<'a>>,
    #[serde(borrow)]
    pub definition: Option<Text<'a>>,
    #[serde(borrow, default)]
    pub examples: Vec<&'a str>,
    #[serde(borrow, default)]
    pub allow: Vec<At<Allow<'a>>>,
}

#[derive(Debug, Deserialize)]
pub struct Schedule<'a> {
    #[serde(borrow)]
    pub id: Text<'a>,
    #[serde(borrow)]
    pub timezone: Option<Text<'a>>,
    /// Weekday (`mon` … `sun`) → hours, as written.
    #[serde(borrow)]
    pub hours: Option<At<IndexMap<&'a str, Text<'a>>>>,
    #[serde(borrow, default)]
    pub holidays: Vec<At<Holiday<'a>>>,
    #[serde(borrow, default)]
    pub allow: Vec<At<Allow<'a>>>,
}

impl<'a> Schedule<'a> {
    /// The hours of a weekday (`mon` … `sun`) as written, if open.
    pub fn day(&self, day: &str) -> Option<&'a str> {
        self.hours.as_ref()?.get(day).map(|h| h.value)
    }
}

/// A dated holiday: one `date`, or a period `from`–`to`.
#[derive(Debug, Deserialize)]
pub struct Holiday<'a> {
    #[serde(borrow)]
    pub name: Option<&'a str>,
    #[serde(borrow)]
    pub date: Option<Text<'a>>,
    #[serde(borrow)]
    pub from: Option<Text<'a>>,
    #[serde(borrow)]
    pub to: Option<Text<'a>>,
}

#[derive(Debug, Deserialize)]
pub struct Sla<'a> {
    #[serde(borrow)]
    pub id: Text<'a>,
    #[serde(borrow)]
    pub channel: Option<Text<'a>>,
    #[serde(borrow)]
    pub priority: Option<Text<'a>>,
    #[serde(borrow)]
    pub measure: Option<Text<'a>>,
    #[serde(borrow)]
    pub within: Option<Text<'a>>,
    pub clock: Option<At<Clock>>,
    #[serde(borrow)]
    pub schedule: Option<Text<'a>>,
    #[serde(borrow)]
    pub attainment: Option<Text<'a>>,
    #[serde(borrow)]
    pub tier: Option<Text<'a>>,
    #[serde(borrow, default)]
    pub allow: Vec<At<Allow<'a>>>,
}

impl Sla<'_> {
    /// The clock an SLA runs on: calendar time unless it says otherwise.
    pub fn clock(&self) -> Clock {
        self.clock.as_ref().map_or(Clock::Calendar, |c| c.value)
    }
}

#[derive(Debug, Deserialize)]
pub struct Escalation<'a> {
    #[serde(borrow)]
    pub id: Text<'a>,
    #[serde(borrow)]
    pub priority: Option<Text<'a>>,
    #[serde(borrow)]
    pub after: Option<Text<'a>>,
    pub clock: Option<At<Clock>>,
    #[serde(borrow)]
    pub schedule: Option<Text<'a>>,
    #[serde(borrow)]
    pub to: Option<Text<'a>>,
    #[serde(borrow)]
    pub via: Option<Text<'a>>,
    #[serde(borrow, default)]
    pub allow: Vec<At<Allow<'a>>>,
}

impl Escalation<'_> {
    pub fn clock(&self) -> Clock {
        self.clock.as_ref().map_or(Clock::Calendar, |c| c.value)
    }
}

/// `allow = [{ rule, reason, expires }]` on an entry, a channel or `[culture]`.
#[derive(Debug, Deserialize, Clone)]
pub struct Allow<'a> {
    #[serde(borrow)]
    pub rule: Option<Text<'a>>,
    #[serde(borrow)]
    pub reason: Option<Text<'a>>,
    #[serde(borrow)]
    pub expires: Option<Text<'a>>,
}

impl<'a> Standard<'a> {
    /// Reads a resolved tree. The tree was checked against the file schemas when it was
    /// loaded, so this cannot fail on a project's input; it fails only on a csstd bug.
    pub fn of(tree: &'a Node) -> Result<Standard<'a>, super::node_de::Error> {
        super::node_de::from_node(tree)
    }

    /// The handbook language: `[culture] handbook_language`, else the standard's
    /// `default_language`, else `en`.
    pub fn handbook_language(&self) -> &'a str {
        let pick = |t: Option<&Text<'a>>| t.map(|t| t.value.trim()).filter(|s| !s.is_empty());
        self.culture
            .as_ref()
            .and_then(|c| pick(c.handbook_language.as_ref()))
            .or_else(|| pick(self.standard.default_language.as_ref()))
            .unwrap_or("en")
    }

    /// The owner in force: the culture's, else the standard's.
    pub fn owner(&self) -> Option<&Text<'a>> {
        self.culture
            .as_ref()
            .and_then(|c| c.owner.as_ref())
            .or(self.standard.owner.as_ref())
    }

    /// The approvers in force: the culture's, else the standard's.
    pub fn approvers(&self) -> Option<&At<Vec<&'a str>>> {
        self.culture
            .as_ref()
            .and_then(|c| c.approvers.as_ref())
            .or(self.standard.approvers.as_ref())
    }

    /// `last_reviewed` in force: the culture's, else the standard's.
    pub fn last_reviewed(&self) -> Option<&Text<'a>> {
        self.culture
            .as_ref()
            .and_then(|c| c.last_reviewed.as_ref())
            .or(self.standard.last_reviewed.as_ref())
    }

    /// `review_every_months` in force: the culture's, else the standard's.
    pub fn review_every_months(&self) -> Option<&At<i64>> {
        self.culture
            .as_ref()
            .and_then(|c| c.review_every_months.as_ref())
            .or(self.standard.review_every_months.as_ref())
    }

    pub fn metric(&self, id: &str) -> Option<&Metric<'a>> {
        self.metrics.iter().find(|m| *m.id == id).map(|m| &m.value)
    }

    pub fn priority(&self, id: &str) -> Option<&Priority<'a>> {
        self.priorities
            .iter()
            .find(|p| *p.id == id)
            .map(|p| &p.value)
    }

    pub fn schedule(&self, id: &str) -> Option<&Schedule<'a>> {
        self.schedules
            .iter()
            .find(|s| *s.id == id)
            .map(|s| &s.value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::node::{Pos, Value};
    use std::sync::Arc;

    fn node(v: Value, line: u32) -> Node {
        Node::new(v, Pos::new(&Arc::from("f.toml"), line, 3))
    }

    fn table(entries: Vec<(&str, Node)>) -> Value {
        let mut t = crate::model::node::Table::default();
        for (k, n) in entries {
            let key_pos = n.pos.clone();
            t.insert(k.to_owned(), crate::model::node::Entry { key_pos, node: n });
        }
        Value::Table(Arc::new(t))
    }

    #[test]
    fn positions_travel_with_typed_values() {
        let sla = node(
            table(vec![
                ("id", node(Value::Str("email.p1".into()), 7)),
                ("within", node(Value::Str("1h".into()), 8)),
                ("clock", node(Value::Str("business".into()), 9)),
                ("x-note", node(Value::Int(1), 10)),
            ]),
            6,
        );
        let tree = node(table(vec![("slas", node(Value::Array(vec![sla]), 5))]), 1);
        let std = Standard::of(&tree).unwrap();
        let sla = &std.slas[0];
        assert_eq!(sla.pos.line, 6);
        assert_eq!(*sla.id, "email.p1");
        assert_eq!(sla.within.as_ref().unwrap().pos.line, 8);
        assert_eq!(sla.clock(), Clock::Business);
        assert_eq!(sla.clock.as_ref().unwrap().pos.to_string(), "f.toml:9:3");
        assert!(std.culture.is_none());
        assert_eq!(std.handbook_language(), "en");
    }
}
