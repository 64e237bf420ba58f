//! `allow = [{ rule, reason, expires }]`: which findings an entry silences, and
//! the findings about the allow entries themselves (no reason, unknown rule,
//! expired, unused).

use super::{Raw, Scope, rules};
use crate::load::{Config, Project};
use crate::model::date::CivilDate;
use crate::model::node::Pos;
use crate::model::standard::{self, At, Standard};
use std::collections::{BTreeMap, BTreeSet};

/// One `allow` entry, read from the tree.
#[derive(Clone, Debug)]
pub struct Allow {
    pos: Pos,
    rule: Option<(String, Pos)>,
    reason: Option<String>,
    expires: Option<(CivilDate, Pos)>,
    scope: Scope,
}

impl Allow {
    fn read(allow: &At<standard::Allow<'_>>, scope: Scope) -> Allow {
        Allow {
            pos: allow.pos.clone(),
            rule: allow
                .rule
                .as_ref()
                .map(|r| (r.value.to_string(), r.pos.clone())),
            reason: allow.reason.as_ref().map(|r| r.value.to_string()),
            expires: allow
                .expires
                .as_ref()
                .and_then(|e| Some((CivilDate::parse(e).ok()?, e.pos.clone()))),
            scope,
        }
    }

    fn rule(&self) -> Option<&str> {
        self.rule.as_ref().map(|(r, _)| r.as_str())
    }

    /// An allow silences only with a reason, a known rule and no past expiry.
    fn valid(&self, today: CivilDate) -> bool {
        self.reason.as_deref().is_some_and(|r| !r.trim().is_empty())
            && self.rule().is_some_and(|r| rules::find(r).is_some())
            && self.expires.as_ref().is_none_or(|(d, _)| *d >= today)
    }
}

#[derive(Debug)]
struct Tracked {
    allow: Allow,
    regions: BTreeSet<String>,
    used: bool,
}

/// Every allow entry seen while linting, and whether it silenced anything.
#[derive(Debug, Default)]
pub struct Allows {
    seen: BTreeMap<Pos, Tracked>,
}

fn read_list(allows: &[At<standard::Allow<'_>>], scope: &Scope, out: &mut Vec<Allow>) {
    for allow in allows {
        out.push(Allow::read(allow, scope.clone()));
    }
}

impl Allows {
    /// Registers `allows` as seen for the target `id`.
    pub fn register(&mut self, id: &str, allows: &[Allow]) {
        for a in allows {
            self.seen
                .entry(a.pos.clone())
                .or_insert_with(|| Tracked {
                    allow: a.clone(),
                    regions: BTreeSet::new(),
                    used: false,
                })
                .regions
                .insert(id.to_owned());
        }
    }
}

/// The allow entries in force for `r`: on its entries and channels, and on the
/// `[culture]` (or `[standard]`) table of every file of its chain.
pub fn read(project: &Project, r: &crate::resolve::Resolved, std: &Standard<'_>) -> Vec<Allow> {
    let mut out = Vec::new();
    for (list, entry) in std.entries() {
        let scope = Scope::Entry(list, entry.id().value.to_string());
        read_list(entry.allow(), &scope, &mut out);
    }
    for (name, channel) in std.channels.iter() {
        read_list(&channel.allow, &Scope::Channel(name.to_string()), &mut out);
    }
    if let Some(agent) = &std.agent {
        read_list(&agent.allow, &Scope::Agent, &mut out);
    }
    // `[culture] allow` covers the region and every culture that extends it,
    // so it is read from each file of the chain, not from the merged table.
    for id in &r.chain {
        if let Some(allows) = project.doc(id).and_then(|d| d.allow()) {
            // Loading checked the file, so its `allow` always reads.
            let allows = standard::Allow::all_of(allows).unwrap_or_default();
            read_list(&allows, &Scope::Region, &mut out);
        }
    }
    out
}

impl Allows {
    /// The reason of an allow that silences `raw`, marking it used.
    pub fn silence(&mut self, in_scope: &[Allow], raw: &Raw, today: CivilDate) -> Option<String> {
        let allow = in_scope.iter().find(|a| {
            a.rule() == Some(raw.rule)
                && (a.scope == raw.scope || a.scope == Scope::Region)
                && a.valid(today)
        })?;
        if let Some(t) = self.seen.get_mut(&allow.pos) {
            t.used = true;
        }
        allow.reason.clone()
    }

    /// Findings about malformed, unknown or expired allow entries.
    pub fn check_entries(&self, in_scope: &[Allow], today: CivilDate) -> Vec<Raw> {
        let mut out = Vec::new();
        for a in in_scope {
            let scope = a.scope.clone();
            if a.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
                out.push(
                    Raw::new(
                        "lint/suppression-without-reason",
                        &a.pos,
                        format!("`allow` for `{}` has no reason", a.rule().unwrap_or("?")),
                        scope.clone(),
                    )
                    .help("add `reason = \"...\"`: why this finding is right here"),
                );
            }
            if let Some((rule, pos)) = &a.rule {
                if rules::find(rule).is_none() {
                    let mut raw = Raw::new(
                        "lint/unknown-rule",
                        pos,
                        format!("`allow` names rule `{rule}`, which does not exist"),
                        scope.clone(),
                    );
                    if let Some(m) =
                        crate::hint::did_you_mean(rule, rules::RULES.iter().map(|r| r.id))
                    {
                        raw = raw.help(format!("did you mean `{m}`?"));
                    }
                    out.push(raw);
                }
            }
            if let Some((date, pos)) = &a.expires {
                if *date < today {
                    out.push(
                        Raw::new(
                            "lint/suppression-expired",
                            pos,
                            format!(
                                "`allow` for `{}` expired on {date}",
                                a.rule().unwrap_or("?")
                            ),
                            scope,
                        )
                        .help("fix the finding, or extend `expires` with a fresh reason"),
                    );
                }
            }
        }
        out
    }

    /// Valid allow entries that silenced nothing in any linted target.
    pub fn unused(&self, config: &Config, today: CivilDate) -> Vec<(Raw, BTreeSet<String>)> {
        self.seen
            .values()
            // Invalid entries are reported for what is wrong with them, not as unused.
            .filter(|t| !t.used && t.allow.valid(today))
            .filter_map(|t| {
                let rule = rules::find(t.allow.rule()?)?;
                // An allow for a rule the project turned off has nothing to silence.
                super::severity_in_force(config, rule)?;
                let raw = Raw::new(
                    "lint/unused-suppression",
                    &t.allow.pos,
                    format!("`allow` for `{}` silences nothing", rule.id),
                    t.allow.scope.clone(),
                )
                .help("remove it: a stale suppression would hide the next real finding");
                Some((raw, t.regions.clone()))
            })
            .collect()
    }
}
