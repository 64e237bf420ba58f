//! Semantic diff of two resolved standards: `added`, `removed` and `changed`
//! entries at stable value paths, keyed lists matched by `id`.
//!
//! Pure: no I/O and no printing. Loading the two sides is the command's job,
//! turning entries into text is [`render`]'s.

pub mod render;

use crate::model::KEYED_LISTS;
use crate::model::node::{Node, Pos, Value};
use crate::model::quantity::{self, Target};
use crate::model::sla::{self, SlaEffect};
use crate::resolve::Resolution;
use std::collections::BTreeSet;
use std::sync::Arc;

/// What happened at a path between A and B.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Change {
    Added,
    Removed,
    Changed,
}

impl Change {
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Removed => "removed",
            Change::Changed => "changed",
        }
    }
}

/// Whether B commits to more or less than A.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Effect {
    Tighter,
    Looser,
    /// An SLA got stricter on one axis and looser on another.
    Mixed,
}

impl Effect {
    pub fn as_str(self) -> &'static str {
        match self {
            Effect::Tighter => "tighter",
            Effect::Looser => "looser",
            Effect::Mixed => "mixed",
        }
    }

    /// Does B promise less than A on some axis? A mixed SLA change does: it
    /// gives customers a worse deal somewhere, so `--fail-on looser` counts it.
    pub fn loosens(self) -> bool {
        matches!(self, Effect::Looser | Effect::Mixed)
    }
}

/// One difference between A and B.
#[derive(Clone, Debug)]
pub struct DiffEntry {
    /// The value path, in the syntax of `resolve --provenance`.
    pub path: String,
    pub kind: Change,
    /// The value in A (`None` when added).
    pub a: Option<Node>,
    /// The value in B (`None` when removed).
    pub b: Option<Node>,
    /// Where A's value was set.
    pub a_source: Option<Pos>,
    /// Where B's value was set.
    pub b_source: Option<Pos>,
    pub effect: Option<Effect>,
}

/// Every difference between two resolved trees, sorted by path (byte order).
pub fn diff(a: &Node, b: &Node) -> Vec<DiffEntry> {
    let mut out = Vec::new();
    let empty = empty_table(&a.pos);
    let (ta, tb) = (
        a.table().unwrap_or_else(|| empty.table().expect("a table")),
        b.table().unwrap_or_else(|| empty.table().expect("a table")),
    );
    for key in union(ta.keys(), tb.keys()) {
        let (x, y) = (ta.get(key).map(|e| &e.node), tb.get(key).map(|e| &e.node));
        if KEYED_LISTS.contains(&key) {
            // A missing keyed list is an empty one: its entries are reported one by one.
            keyed(key, x, y, &mut out);
        } else if TOP_TABLES.contains(&key) {
            // These are `{}` in the resolved shape when no file sets them, so
            // their keys are reported one by one rather than the whole table.
            let x = x.unwrap_or(&empty);
            let y = y.unwrap_or(&empty);
            value(
                key.to_string(),
                Place::root(key),
                Some(x),
                Some(y),
                &mut out,
            );
        } else {
            value(key.to_string(), Place::root(key), x, y, &mut out);
        }
    }
    out.sort_by(|p, q| p.path.as_bytes().cmp(q.path.as_bytes()));
    out
}

/// Top-level tables that always exist in the resolved shape (SPEC 3).
const TOP_TABLES: [&str; 4] = ["standard", "communication", "expectations", "channels"];

fn empty_table(pos: &Pos) -> Node {
    Node::new(Value::Table(Arc::default()), pos.clone())
}

/// Keys of A in order, then those only in B.
fn union<'a>(
    a: impl Iterator<Item = &'a String>,
    b: impl Iterator<Item = &'a String>,
) -> Vec<&'a str> {
    let mut seen = BTreeSet::new();
    a.chain(b)
        .map(String::as_str)
        .filter(|k| seen.insert(*k))
        .collect()
}

/// Where a value sits, as far as effects care: targets and SLA axes have one.
#[derive(Clone, Copy, Debug)]
enum Place {
    Other,
    Channels,
    Channel,
    ChannelTargets,
    Expectations,
    ExpectationChannel,
    Metric,
    /// An SLA present on both sides, with its effect as a whole.
    Sla(Option<Effect>),
    /// A target value (`channels.*.targets.*`, `expectations.*.*`, `metrics[..].target`).
    Target,
    /// `within`, `attainment` or `clock` of an SLA: they carry the SLA's effect.
    SlaAxis(Option<Effect>),
}

impl Place {
    fn root(key: &str) -> Place {
        match key {
            "channels" => Place::Channels,
            "expectations" => Place::Expectations,
            _ => Place::Other,
        }
    }

    fn child(self, key: &str) -> Place {
        match (self, key) {
            (Place::Channels, _) => Place::Channel,
            (Place::Channel, "targets") => Place::ChannelTargets,
            (Place::ChannelTargets, _)
            | (Place::ExpectationChannel, _)
            | (Place::Metric, "target") => Place::Target,
            (Place::Expectations, _) => Place::ExpectationChannel,
            (Place::Sla(e), "within" | "attainment" | "clock") => Place::SlaAxis(e),
            _ => Place::Other,
        }
    }
}

/// Compares one value present in A, B or both.
fn value(path: String, place: Place, a: Option<&Node>, b: Option<&Node>, out: &mut Vec<DiffEntry>) {
    match (a, b) {
        (None, None) => {}
        (Some(x), Some(y)) => match (x.table(), y.table()) {
            (Some(tx), Some(ty)) => {
                for key in union(tx.keys(), ty.keys()) {
                    value(
                        format!("{path}.{key}"),
                        place.child(key),
                        tx.get(key).map(|e| &e.node),
                        ty.get(key).map(|e| &e.node),
                        out,
                    );
                }
            }
            _ if x.same_value(y) => {}
            _ => out.push(DiffEntry {
                effect: changed_effect(place, x, y),
                kind: Change::Changed,
                a_source: Some(source(&path, x)),
                b_source: Some(source(&path, y)),
                path,
                a: Some(x.clone()),
                b: Some(y.clone()),
            }),
        },
        (Some(x), None) => out.push(DiffEntry {
            effect: axis_effect(place),
            kind: Change::Removed,
            a_source: Some(source(&path, x)),
            path,
            b_source: None,
            a: Some(x.clone()),
            b: None,
        }),
        (None, Some(y)) => out.push(DiffEntry {
            effect: axis_effect(place),
            kind: Change::Added,
            a_source: None,
            b_source: Some(source(&path, y)),
            path,
            a: None,
            b: Some(y.clone()),
        }),
    }
}

/// Where a value was set. Appended guidance accumulates down the chain, so
/// the file that set it last is the one of the last append, not the clause's.
fn source(path: &str, node: &Node) -> Pos {
    if path.ends_with(".appended") {
        if let Some(last) = node.array().and_then(<[Node]>::last) {
            return last.get("text").map_or(&last.pos, |t| &t.pos).clone();
        }
    }
    node.pos.clone()
}

/// The effect of a changed value: targets compare, SLA axes carry the SLA's.
fn changed_effect(place: Place, a: &Node, b: &Node) -> Option<Effect> {
    match place {
        Place::Target => {
            let (Some(old), Some(new)) = (
                a.str().and_then(|s| Target::parse(s).ok()),
                b.str().and_then(|s| Target::parse(s).ok()),
            ) else {
                return None;
            };
            // Loading guarantees both sides have the same kind; a mismatch
            // (a bad revision, a standard against a region) has no meaningful effect.
            if old.kind() != new.kind() {
                return None;
            }
            match new.compare_to(&old) {
                quantity::Effect::Tighter => Some(Effect::Tighter),
                quantity::Effect::Looser => Some(Effect::Looser),
                quantity::Effect::Same => None,
            }
        }
        other => axis_effect(other),
    }
}

/// An SLA axis added or removed (a `clock` set for the first time) still
/// carries the effect of the SLA as a whole.
fn axis_effect(place: Place) -> Option<Effect> {
    match place {
        Place::SlaAxis(e) => e,
        _ => None,
    }
}

/// Compares a keyed list by `id`; order never matters.
fn keyed<'a>(list: &str, a: Option<&'a Node>, b: Option<&'a Node>, out: &mut Vec<DiffEntry>) {
    let (xs, ys) = (entries_by_id(a), entries_by_id(b));
    let find = |v: &[(String, &'a Node)], id: &str| -> Option<&'a Node> {
        v.iter().find(|(k, _)| k == id).map(|(_, n)| *n)
    };
    let mut ids: Vec<&str> = Vec::new();
    for (id, _) in xs.iter().chain(&ys) {
        if !ids.contains(&id.as_str()) {
            ids.push(id);
        }
    }
    for id in ids {
        let (x, y) = (find(&xs, id), find(&ys, id));
        let path = format!("{list}[{id}]");
        match (x, y) {
            (Some(x), Some(y)) => {
                let place = match list {
                    "slas" => Place::Sla(sla_effect(x, y)),
                    "metrics" => Place::Metric,
                    _ => Place::Other,
                };
                value(path, place, Some(x), Some(y), out);
            }
            _ => {
                // A whole entry is located at its `id`, as lint locates it.
                let at = |n: &Node| n.id_pos();
                out.push(DiffEntry {
                    path,
                    kind: if x.is_some() {
                        Change::Removed
                    } else {
                        Change::Added
                    },
                    a_source: x.map(at),
                    b_source: y.map(at),
                    a: x.cloned(),
                    b: y.cloned(),
                    effect: None,
                });
            }
        }
    }
}

/// The entries of a keyed list with their ids, in file order.
fn entries_by_id(list: Option<&Node>) -> Vec<(String, &Node)> {
    list.and_then(Node::array)
        .unwrap_or_default()
        .iter()
        .enumerate()
        // Loading gives every entry an id; the index is only a fallback so a
        // malformed tree can never make entries vanish from the diff.
        .map(|(i, e)| (e.id().map_or_else(|| i.to_string(), str::to_string), e))
        .collect()
}

fn sla_effect(a: &Node, b: &Node) -> Option<Effect> {
    match sla::compare_entries(a, b) {
        SlaEffect::Tighter => Some(Effect::Tighter),
        SlaEffect::Looser => Some(Effect::Looser),
        SlaEffect::Mixed => Some(Effect::Mixed),
        SlaEffect::Same => None,
    }
}

/// Counts of a set of entries, for `--stat` and summaries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stat {
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
    pub tighter: usize,
    pub looser: usize,
    pub mixed: usize,
}

impl Stat {
    pub fn of<'a>(entries: impl IntoIterator<Item = &'a DiffEntry>) -> Stat {
        let mut s = Stat::default();
        for e in entries {
            s.add(e);
        }
        s
    }

    fn add(&mut self, e: &DiffEntry) {
        match e.kind {
            Change::Added => self.added += 1,
            Change::Removed => self.removed += 1,
            Change::Changed => self.changed += 1,
        }
        match e.effect {
            Some(Effect::Tighter) => self.tighter += 1,
            Some(Effect::Looser) => self.looser += 1,
            Some(Effect::Mixed) => self.mixed += 1,
            None => {}
        }
    }

    pub fn total(&self) -> usize {
        self.added + self.removed + self.changed
    }

    pub fn merge(&mut self, other: Stat) {
        self.added += other.added;
        self.removed += other.removed;
        self.changed += other.changed;
        self.tighter += other.tighter;
        self.looser += other.looser;
        self.mixed += other.mixed;
    }
}

/// What happened to a region between a revision and now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RegionStatus {
    Added,
    Removed,
    Changed,
}

impl RegionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RegionStatus::Added => "added",
            RegionStatus::Removed => "removed",
            RegionStatus::Changed => "changed",
        }
    }
}

/// One region whose resolved standard differs between two project states.
#[derive(Clone, Debug)]
pub struct RegionDiff {
    pub region: String,
    pub status: RegionStatus,
    /// The chain on each side (`None` where the region does not exist there).
    pub a_chain: Option<Vec<String>>,
    pub b_chain: Option<Vec<String>>,
    /// The entries of a changed region; empty for an added or removed one,
    /// whose whole content is new or gone and would only repeat the files.
    pub entries: Vec<DiffEntry>,
}

/// Every region that exists (as a region) in `old` or `new` and differs, sorted by id.
pub fn diff_regions(old: &Resolution, new: &Resolution) -> Vec<RegionDiff> {
    let regions: BTreeSet<&str> = old
        .regions()
        .chain(new.regions())
        .map(|r| r.id.as_str())
        .collect();
    let region = |res: &Resolution, id: &str| res.get(id).filter(|r| r.is_region()).map(Arc::clone);
    let mut out = Vec::new();
    for id in regions {
        let (a, b) = (region(old, id), region(new, id));
        let a_chain = a.as_ref().map(|r| r.chain.clone());
        let b_chain = b.as_ref().map(|r| r.chain.clone());
        let (status, entries) = match (&a, &b) {
            (Some(a), Some(b)) => {
                let entries = diff(&a.tree, &b.tree);
                if entries.is_empty() {
                    continue;
                }
                (RegionStatus::Changed, entries)
            }
            (None, Some(_)) => (RegionStatus::Added, Vec::new()),
            (Some(_), None) => (RegionStatus::Removed, Vec::new()),
            (None, None) => continue,
        };
        out.push(RegionDiff {
            region: id.to_string(),
            status,
            a_chain,
            b_chain,
            entries,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{Change, Effect, diff};
    use crate::load::parse::parse_toml;
    use crate::model::node::Node;
    use std::sync::Arc;

    fn tree(file: &str, text: &str) -> Node {
        let file: Arc<str> = file.into();
        parse_toml(&file, text).expect("valid TOML")
    }

    #[test]
    fn keyed_lists_match_by_id_not_position() {
        let a = tree(
            "a.toml",
            "[[clauses]]\nid = \"x\"\ntext = \"1\"\n[[clauses]]\nid = \"y\"\ntext = \"2\"\n",
        );
        let b = tree(
            "b.toml",
            "[[clauses]]\nid = \"y\"\ntext = \"2\"\n[[clauses]]\nid = \"x\"\ntext = \"1\"\n",
        );
        assert!(diff(&a, &b).is_empty());
    }

    #[test]
    fn whole_entries_have_the_path_of_the_entry_and_leaves_their_own() {
        let a = tree(
            "a.toml",
            "[[clauses]]\nid = \"x\"\ntext = \"1\"\n[[clauses]]\nid = \"gone\"\ntext = \"2\"\n",
        );
        let b = tree(
            "b.toml",
            "[[clauses]]\nid = \"x\"\ntext = \"one\"\n[[clauses]]\nid = \"new\"\ntext = \"3\"\n",
        );
        let got: Vec<(String, Change)> =
            diff(&a, &b).into_iter().map(|e| (e.path, e.kind)).collect();
        assert_eq!(
            got,
            vec![
                ("clauses[gone]".to_string(), Change::Removed),
                ("clauses[new]".to_string(), Change::Added),
                ("clauses[x].text".to_string(), Change::Changed),
            ]
        );
    }

    #[test]
    fn targets_and_sla_axes_carry_effects() {
        let a = tree(
            "a.toml",
            "[channels.email]\ntargets = { first_response = \"<= 24h\" }\n\
             [[slas]]\nid = \"s\"\nwithin = \"1h\"\nattainment = \">= 90%\"\n",
        );
        let b = tree(
            "b.toml",
            "[channels.email]\ntargets = { first_response = \"<= 4h\" }\n\
             [[slas]]\nid = \"s\"\nwithin = \"30m\"\nattainment = \">= 80%\"\n",
        );
        let got: Vec<(String, Option<Effect>)> = diff(&a, &b)
            .into_iter()
            .map(|e| (e.path, e.effect))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "channels.email.targets.first_response".to_string(),
                    Some(Effect::Tighter)
                ),
                ("slas[s].attainment".to_string(), Some(Effect::Mixed)),
                ("slas[s].within".to_string(), Some(Effect::Mixed)),
            ]
        );
    }
}
