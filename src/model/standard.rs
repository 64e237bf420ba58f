//! The resolved standard as typed structs: what lint, render and every later stage read.
//!
//! Merge, diff and provenance work on the positioned [`Node`] tree; once a region is
//! resolved, [`Standard::of`] reads that tree into these structs (borrowing its text), so
//! no stage after resolution looks a field up by its name. Fields whose position a
//! finding may point at are [`At`] values; [`Tables`] says where each top-level table's
//! key is written, for findings about something missing. Every field is optional here
//! even where a file schema requires it: loading has already said what is missing, and a
//! region's handbook shows what there is.
//!
//! [`Node`]: crate::model::node::Node

use super::KEYED_LISTS;
use super::hours::{Interval, parse_day};
use super::node::{Node, is_annotation};
pub use super::node_de::{At, KeyAt};
use super::node_de::{DeError, from_node};
use super::schema::Clock;
use indexmap::IndexMap;
use serde::Deserialize;
use std::ops::Deref;

/// A string borrowed from the resolved tree, with its position.
pub type Text<'a> = At<&'a str>;

/// A table keyed by name (channels, targets, weekdays...), in file order, without its
/// `x-` annotations.
#[derive(Debug)]
pub struct Named<'a, T>(IndexMap<&'a str, T>);

impl<T> Default for Named<'_, T> {
    fn default() -> Self {
        Named(IndexMap::new())
    }
}

impl<'a, T> Deref for Named<'a, T> {
    type Target = IndexMap<&'a str, T>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl<'de: 'a, 'a, T: Deserialize<'de>> Deserialize<'de> for Named<'a, T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct NamedVisitor<'a, T>(std::marker::PhantomData<(&'a (), T)>);
        impl<'de: 'a, 'a, T: Deserialize<'de>> serde::de::Visitor<'de> for NamedVisitor<'a, T> {
            type Value = Named<'a, T>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a table")
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(
                self,
                mut map: M,
            ) -> Result<Named<'a, T>, M::Error> {
                let mut out = IndexMap::with_capacity(map.size_hint().unwrap_or(0));
                while let Some(key) = map.next_key::<&'de str>()? {
                    if is_annotation(key) {
                        map.next_value::<serde::de::IgnoredAny>()?;
                    } else {
                        out.insert(key, map.next_value::<T>()?);
                    }
                }
                Ok(Named(out))
            }
        }
        d.deserialize_map(NamedVisitor(std::marker::PhantomData))
    }
}

/// The keyed lists (SPEC 3), in the order of [`KEYED_LISTS`]: which list an entry is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum List {
    Sections,
    Metrics,
    Clauses,
    Legal,
    Priorities,
    Schedules,
    Slas,
    Escalations,
}

impl List {
    pub const ALL: [List; 8] = [
        List::Sections,
        List::Metrics,
        List::Clauses,
        List::Legal,
        List::Priorities,
        List::Schedules,
        List::Slas,
        List::Escalations,
    ];

    /// The list's key in the files.
    pub fn name(self) -> &'static str {
        KEYED_LISTS[self as usize]
    }

    /// The list with this key in the files.
    pub fn named(name: &str) -> Option<List> {
        KEYED_LISTS
            .iter()
            .position(|l| *l == name)
            .map(|i| List::ALL[i])
    }
}

/// What every keyed-list entry has: an id, and the `allow` entries written on it.
pub trait Entry<'a> {
    fn id(&self) -> &Text<'a>;
    fn allow(&self) -> &[At<Allow<'a>>];
}

macro_rules! entry {
    ($($t:ident),*) => {$(
        impl<'a> Entry<'a> for $t<'a> {
            fn id(&self) -> &Text<'a> {
                &self.id
            }
            fn allow(&self) -> &[At<Allow<'a>>] {
                &self.allow
            }
        }
    )*};
}

entry!(
    Section, Metric, Clause, Legal, Priority, Schedule, Sla, Escalation
);

/// Where each top-level table's key is written, in one file or (where the key was first
/// written) in a resolved tree.
#[derive(Debug, Default, Deserialize)]
pub struct Tables {
    pub standard: Option<KeyAt>,
    pub culture: Option<KeyAt>,
    pub communication: Option<KeyAt>,
    pub agent: Option<KeyAt>,
    pub expectations: Option<KeyAt>,
    pub channels: Option<KeyAt>,
    pub sections: Option<KeyAt>,
    pub metrics: Option<KeyAt>,
    pub clauses: Option<KeyAt>,
    pub legal: Option<KeyAt>,
    pub priorities: Option<KeyAt>,
    pub schedules: Option<KeyAt>,
    pub slas: Option<KeyAt>,
    pub escalations: Option<KeyAt>,
}

impl Tables {
    /// Reads the top-level keys of a file's tree or of a resolved tree.
    pub fn of(tree: &Node) -> Result<Tables, DeError> {
        from_node(tree)
    }
}

/// One region, culture or base standard after merge (SPEC 3, "The resolved standard").
#[derive(Debug, Deserialize)]
pub struct Standard<'a> {
    #[serde(borrow, default)]
    pub standard: Meta<'a>,
    #[serde(borrow)]
    pub culture: Option<Culture<'a>>,
    #[serde(borrow, default)]
    pub communication: Communication<'a>,
    /// The assistant that answers first, where one is described (SPEC 11).
    #[serde(borrow)]
    pub agent: Option<Agent<'a>>,
    /// Channel name → target key → what customers here expect.
    #[serde(borrow, default)]
    pub expectations: Named<'a, Named<'a, Text<'a>>>,
    #[serde(borrow, default)]
    pub channels: Named<'a, At<Channel<'a>>>,
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
    /// Where each top-level key of the resolved tree was first written.
    #[serde(skip)]
    pub tables: Tables,
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
    pub dos: Vec<Text<'a>>,
    #[serde(borrow, default)]
    pub avoid: Vec<Text<'a>>,
}

impl Communication<'_> {
    /// The keys of the communication profile (`directness`, `context`, `formality`) not set.
    pub fn missing_profile(&self) -> Vec<&'static str> {
        [
            ("directness", self.directness.is_none()),
            ("context", self.context.is_none()),
            ("formality", self.formality.is_none()),
        ]
        .into_iter()
        .filter_map(|(key, missing)| missing.then_some(key))
        .collect()
    }
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
    pub targets: Named<'a, Text<'a>>,
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
    pub examples: Vec<Text<'a>>,
    #[serde(borrow, default)]
    pub allow: Vec<At<Allow<'a>>>,
}

#[derive(Debug, Deserialize)]
pub struct Schedule<'a> {
    #[serde(borrow)]
    pub id: Text<'a>,
    #[serde(borrow)]
    pub timezone: Option<Text<'a>>,
    /// Weekday (`mon` … `sun`) → its opening intervals.
    #[serde(borrow)]
    pub hours: Option<At<Week<'a>>>,
    /// The `holidays` array (its own position too: a finding about the dates points there).
    #[serde(borrow)]
    pub holidays: Option<At<Vec<At<Holiday<'a>>>>>,
    /// Dated periods with other hours, in file order (they do not overlap).
    #[serde(borrow)]
    pub exceptions: Option<At<Vec<At<Exception<'a>>>>>,
    #[serde(borrow, default)]
    pub allow: Vec<At<Allow<'a>>>,
}

/// Weekday (`mon` … `sun`) → opening intervals; an absent day is closed.
pub type Week<'a> = Named<'a, At<DayHours<'a>>>;

/// The hours of each weekday of a week, Monday to Sunday (`None` when closed).
fn days_of<'s, 'a>(week: Option<&'s At<Week<'a>>>) -> [Option<&'s DayHours<'a>>; 7] {
    WEEKDAYS.map(|d| week.and_then(|w| w.get(d)).map(|h| &h.value))
}

impl<'a> Schedule<'a> {
    /// The hours of a weekday (`mon` … `sun`), if open.
    pub fn day(&self, day: &str) -> Option<&DayHours<'a>> {
        self.hours.as_ref()?.get(day).map(|h| &h.value)
    }

    /// The hours of each weekday, Monday to Sunday (`None` when closed).
    pub fn week(&self) -> [Option<&DayHours<'a>>; 7] {
        days_of(self.hours.as_ref())
    }

    /// The dated holidays, in file order.
    pub fn holidays(&self) -> &[At<Holiday<'a>>] {
        self.holidays.as_ref().map_or(&[], |h| &h.value)
    }

    /// The dated exceptions, in file order.
    pub fn exceptions(&self) -> &[At<Exception<'a>>] {
        self.exceptions.as_ref().map_or(&[], |e| &e.value)
    }
}

/// The opening hours of one day: what was written, and the intervals it means.
#[derive(Debug, Clone, PartialEq)]
pub struct DayHours<'a> {
    /// As written: one string, or each interval of a list.
    pub written: Vec<&'a str>,
    /// In order, not overlapping.
    pub intervals: Vec<Interval>,
}

impl DayHours<'_> {
    /// Open the whole day (`24h`, or `00:00-24:00`).
    pub fn is_all_day(&self) -> bool {
        self.intervals == [Interval::ALL_DAY]
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for DayHours<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct DayVisitor;
        impl<'de> serde::de::Visitor<'de> for DayVisitor {
            type Value = Vec<&'de str>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("opening hours, or a list of them")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Vec<&'de str>, E> {
                Ok(vec![v])
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Vec<&'de str>, A::Error> {
                let mut out = Vec::new();
                while let Some(s) = seq.next_element::<&'de str>()? {
                    out.push(s);
                }
                Ok(out)
            }
        }
        let written = d.deserialize_any(DayVisitor)?;
        let intervals = parse_day(&written).map_err(serde::de::Error::custom)?;
        Ok(DayHours { written, intervals })
    }
}

/// Other hours for a dated period (`from`, `to` inclusive).
#[derive(Debug, Deserialize)]
pub struct Exception<'a> {
    #[serde(borrow)]
    pub name: Option<&'a str>,
    #[serde(borrow)]
    pub from: Option<Text<'a>>,
    #[serde(borrow)]
    pub to: Option<Text<'a>>,
    /// The week within the period; a day absent here is closed.
    #[serde(borrow)]
    pub hours: Option<At<Week<'a>>>,
}

impl<'a> Exception<'a> {
    /// The hours of each weekday within the period, Monday to Sunday.
    pub fn week(&self) -> [Option<&DayHours<'a>>; 7] {
        days_of(self.hours.as_ref())
    }
}

/// The weekdays of `hours`, Monday first.
pub const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

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

impl<'a> Sla<'a> {
    /// The clock an SLA runs on: calendar time unless it says otherwise.
    pub fn clock(&self) -> Clock {
        self.clock.as_ref().map_or(Clock::Calendar, |c| c.value)
    }

    /// Reads one SLA entry.
    pub fn of(entry: &'a Node) -> Result<Sla<'a>, DeError> {
        from_node(entry)
    }

    /// Only the SLAs of a resolved tree: comparing a region with each culture it extends
    /// needs no more of them.
    pub fn all_of(tree: &'a Node) -> Result<Vec<At<Sla<'a>>>, DeError> {
        #[derive(Deserialize)]
        struct Slas<'a> {
            #[serde(borrow, default)]
            slas: Vec<At<Sla<'a>>>,
        }
        Ok(from_node::<Slas>(tree)?.slas)
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

/// `[agent]`, merged down the chain like any table.
#[derive(Debug, Deserialize)]
pub struct Agent<'a> {
    pub enabled: Option<At<bool>>,
    #[serde(borrow)]
    pub name: Option<Text<'a>>,
    #[serde(borrow)]
    pub channels: Option<At<Vec<Text<'a>>>>,
    #[serde(borrow)]
    pub disclosure: Option<Text<'a>>,
    #[serde(borrow)]
    pub handover: Option<Text<'a>>,
    #[serde(borrow, default)]
    pub handover_topics: Vec<Text<'a>>,
    #[serde(borrow, default)]
    pub never: Vec<Text<'a>>,
    #[serde(borrow, default)]
    pub allow: Vec<At<Allow<'a>>>,
}

impl Agent<'_> {
    /// `enabled = true` is set.
    pub fn is_enabled(&self) -> bool {
        self.enabled.as_ref().is_some_and(|e| e.value)
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

impl<'a> Allow<'a> {
    /// Reads an `allow` array as a file wrote it (`[culture] allow` of each file of a chain).
    pub fn all_of(array: &'a Node) -> Result<Vec<At<Allow<'a>>>, DeError> {
        from_node(array)
    }
}

impl<'a> Standard<'a> {
    /// Reads a resolved tree. The tree was checked against the file schemas when it was
    /// loaded, so this cannot fail on a project's input; it fails only on a csstd bug.
    pub fn of(tree: &'a Node) -> Result<Standard<'a>, DeError> {
        let mut standard: Standard<'a> = from_node(tree)?;
        standard.tables = Tables::of(tree)?;
        Ok(standard)
    }

    /// Every keyed-list entry, list by list in the order of [`KEYED_LISTS`], each in file
    /// order.
    pub fn entries(&self) -> Vec<(List, &dyn Entry<'a>)> {
        fn add<'s, 'a, T: Entry<'a>>(
            out: &mut Vec<(List, &'s dyn Entry<'a>)>,
            list: List,
            items: &'s [At<T>],
        ) {
            out.extend(items.iter().map(|e| (list, &e.value as &dyn Entry<'a>)));
        }
        let mut out = Vec::new();
        add(&mut out, List::Sections, &self.sections);
        add(&mut out, List::Metrics, &self.metrics);
        add(&mut out, List::Clauses, &self.clauses);
        add(&mut out, List::Legal, &self.legal);
        add(&mut out, List::Priorities, &self.priorities);
        add(&mut out, List::Schedules, &self.schedules);
        add(&mut out, List::Slas, &self.slas);
        add(&mut out, List::Escalations, &self.escalations);
        out
    }

    /// Channels customers can use: every channel but those with `enabled = false`.
    pub fn enabled_channels(&self) -> impl Iterator<Item = (&'a str, &At<Channel<'a>>)> {
        self.channels
            .iter()
            .filter(|(_, c)| c.is_enabled())
            .map(|(name, c)| (*name, c))
    }

    /// The assistant, where `[agent] enabled = true`.
    pub fn enabled_agent(&self) -> Option<&Agent<'a>> {
        self.agent.as_ref().filter(|a| a.is_enabled())
    }

    /// The handbook language: `[culture] handbook_language`, else the standard's
    /// `default_language`, else `en`.
    pub fn handbook_language(&self) -> &'a str {
        handbook_language(self.culture.as_ref(), &self.standard)
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

/// Only `[standard]`, `[culture]` and `[agent]` of a resolved tree: what an index line needs,
/// read without the keyed lists (which the deserializer skips unread).
#[derive(Debug, Deserialize)]
pub struct Heading<'a> {
    #[serde(borrow, default)]
    pub standard: Meta<'a>,
    #[serde(borrow)]
    pub culture: Option<Culture<'a>>,
    #[serde(borrow)]
    pub agent: Option<Agent<'a>>,
}

impl<'a> Heading<'a> {
    pub fn of(tree: &'a Node) -> Result<Heading<'a>, DeError> {
        from_node(tree)
    }

    /// The handbook language, as [`Standard::handbook_language`] says.
    pub fn handbook_language(&self) -> &'a str {
        handbook_language(self.culture.as_ref(), &self.standard)
    }

    /// The language of text from no known file: the standard's `default_language`, else
    /// `en`.
    pub fn default_language(&self) -> &'a str {
        self.standard
            .default_language
            .as_ref()
            .map_or("en", |t| t.value)
    }

    /// `[agent] enabled = true`.
    pub fn agent_enabled(&self) -> bool {
        self.agent.as_ref().is_some_and(Agent::is_enabled)
    }
}

/// `[culture] handbook_language`, else the standard's `default_language`, else `en`.
fn handbook_language<'a>(culture: Option<&Culture<'a>>, standard: &Meta<'a>) -> &'a str {
    let pick = |t: Option<&Text<'a>>| t.map(|t| t.value.trim()).filter(|s| !s.is_empty());
    culture
        .and_then(|c| pick(c.handbook_language.as_ref()))
        .or_else(|| pick(standard.default_language.as_ref()))
        .unwrap_or("en")
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

    /// A table whose keys are written on the line before their values.
    fn keyed(entries: Vec<(&str, Node)>) -> Value {
        let mut t = crate::model::node::Table::default();
        for (k, n) in entries {
            let key_pos = Pos::new(&Arc::from("f.toml"), n.pos.line - 1, 1);
            t.insert(k.to_owned(), crate::model::node::Entry { key_pos, node: n });
        }
        Value::Table(Arc::new(t))
    }

    #[test]
    fn tables_know_where_their_keys_are_written() {
        let email = node(
            keyed(vec![
                ("enabled", node(Value::Bool(true), 11)),
                (
                    "targets",
                    node(
                        keyed(vec![
                            ("first_response", node(Value::Str("4h".into()), 13)),
                            ("x-note", node(Value::Int(2), 14)),
                        ]),
                        12,
                    ),
                ),
            ]),
            10,
        );
        let tree = node(
            keyed(vec![
                ("culture", node(keyed(vec![]), 3)),
                (
                    "channels",
                    node(
                        keyed(vec![
                            ("email", email),
                            ("x-owner", node(Value::Str("team".into()), 20)),
                        ]),
                        9,
                    ),
                ),
            ]),
            1,
        );
        let std = Standard::of(&tree).unwrap();
        assert_eq!(std.tables.culture.as_ref().unwrap().pos.line, 2);
        assert_eq!(std.tables.channels.as_ref().unwrap().pos.line, 8);
        assert!(std.tables.metrics.is_none());
        // Annotations are kept in the tree but are no channel and no target.
        let names: Vec<&str> = std.channels.keys().copied().collect();
        assert_eq!(names, ["email"]);
        let email = &std.channels["email"];
        assert_eq!(
            email.targets.keys().copied().collect::<Vec<_>>(),
            ["first_response"]
        );
        assert_eq!(std.enabled_channels().count(), 1);
        let own = Tables::of(&tree).unwrap();
        assert_eq!(own.culture.unwrap().pos.line, 2);
    }

    #[test]
    fn lists_are_named_as_files_write_them() {
        for list in List::ALL {
            assert_eq!(List::named(list.name()), Some(list));
        }
        assert_eq!(List::named("clauses"), Some(List::Clauses));
        assert_eq!(List::named("channels"), None);
    }
}
