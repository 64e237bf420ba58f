//! Lint: checks resolved regions and base standards against the seven core
//! principles. Rules only report findings; suppression, configuration,
//! de-duplication across regions and exit codes are decided here, once.

mod agent;
mod consistency;
mod continuous_improvement;
mod cultural_sensitivity;
mod customer_orientation;
mod legal_compliance;
mod measurability;
mod participation;
pub mod rules;
mod suppress;
mod translation;
pub mod vague;

use crate::diag::{Note, Severity};
use crate::load::{Config, Project};
use crate::model::date::CivilDate;
use crate::model::node::Pos;
use crate::model::schema::RuleLevel;
use crate::model::standard::{List, Standard, Tables};
use crate::resolve::{Lookup, Resolution, Resolved};
use std::cell::OnceCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Mutex;

/// The vague phrases of each text, by where it is written (a base clause is searched once
/// per build, not once per region).
pub type VagueMemo = HashMap<Pos, Vec<&'static str>, foldhash::fast::RandomState>;

/// The facts of source blocks, by their text.
pub type FactsMemo =
    HashMap<String, std::sync::Arc<crate::translate::check::Facts>, foldhash::fast::RandomState>;

/// Which entry a finding belongs to, so an `allow` there can silence it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// A keyed-list entry: its list and id.
    Entry(List, String),
    /// A channel table.
    Channel(String),
    /// The region as a whole (`[culture] allow`).
    Region,
    /// The assistant (`[agent] allow`).
    Agent,
}

/// A finding as a rule reports it, before suppression and grouping.
#[derive(Clone, Debug)]
pub struct Raw {
    pub rule: &'static str,
    pub pos: Pos,
    pub message: String,
    pub help: Option<String>,
    pub notes: Vec<Note>,
    pub scope: Scope,
    /// Characters to underline, when the fault is shorter or longer than the value token.
    pub len: Option<usize>,
}

impl Raw {
    pub fn new(rule: &'static str, pos: &Pos, message: impl Into<String>, scope: Scope) -> Raw {
        Raw {
            rule,
            pos: pos.clone(),
            message: message.into(),
            help: None,
            notes: Vec::new(),
            scope,
            len: None,
        }
    }

    /// Underlines `len` characters at the position.
    pub fn len(mut self, len: usize) -> Raw {
        self.len = Some(len);
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Raw {
        self.help = Some(help.into());
        self
    }

    pub fn note(mut self, pos: &Pos, message: impl Into<String>) -> Raw {
        self.notes.push(Note {
            pos: Some(pos.clone()),
            message: message.into(),
        });
        self
    }
}

/// A reported finding: one per rule and location, with every region it affects.
#[derive(Clone, Debug)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    pub pos: Pos,
    pub help: Option<String>,
    pub notes: Vec<Note>,
    pub regions: BTreeSet<String>,
    /// The reason of the `allow` that silences it, if any.
    pub suppressed: Option<String>,
    /// Characters to underline at `pos`, if not the value token there.
    pub len: Option<usize>,
}

impl Finding {
    pub fn principle(&self) -> &'static str {
        self.rule.split('/').next().unwrap_or(self.rule)
    }
}

/// The outcome of a lint run.
#[derive(Debug, Default)]
pub struct Report {
    pub findings: Vec<Finding>,
    /// How many regions and standards were linted.
    pub targets: usize,
}

impl Report {
    /// Unsuppressed findings of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.suppressed.is_none() && f.severity == severity)
            .count()
    }

    /// Error-level findings per region (for the build index).
    pub fn errors_for(&self, region: &str) -> usize {
        self.findings
            .iter()
            .filter(|f| {
                f.suppressed.is_none()
                    && f.severity == Severity::Error
                    && f.regions.contains(region)
            })
            .count()
    }

    /// Exit code of `lint`: 1 on errors (or warnings when denied), else 0.
    pub fn exit_code(&self, deny_warnings: bool) -> i32 {
        let failing =
            self.count(Severity::Error) > 0 || (deny_warnings && self.count(Severity::Warning) > 0);
        i32::from(failing)
    }
}

/// What a rule check sees: one resolved target and the project around it.
pub struct Cx<'a> {
    pub r: &'a Resolved,
    /// The target read as typed structs, once for every rule.
    pub std: &'a Standard<'a>,
    /// Where the target's own file writes its top-level tables, read when a finding
    /// first needs it.
    own: OnceCell<Tables>,
    pub resolution: &'a (dyn Lookup + Sync),
    pub project: &'a Project,
    pub today: CivilDate,
    pub out: Vec<Raw>,
    /// Vague phrases of each text already searched, by where the text is written: a
    /// clause of the base standard is searched once, not once per region.
    pub vague: &'a Mutex<VagueMemo>,
    /// The facts (numbers, links, code spans) of each source block a translation is
    /// compared with: a block of the base standard is read once, not once per region.
    pub facts: &'a Mutex<FactsMemo>,
}

impl<'a> Cx<'a> {
    pub fn push(&mut self, raw: Raw) {
        self.out.push(raw);
    }

    /// Where the target's own file writes its top-level tables.
    pub fn own_tables(&self) -> &Tables {
        self.own.get_or_init(|| {
            self.project
                .doc(&self.r.id)
                .and_then(|d| Tables::of(d.node()).ok())
                .unwrap_or_default()
        })
    }

    /// The position of the region's own `[culture]` header, or of `[standard]`.
    pub fn header(&self) -> Pos {
        let own = self.own_tables();
        let head = if self.r.is_region() {
            &own.culture
        } else {
            &own.standard
        };
        head.as_ref()
            .map_or_else(|| self.r.tree.pos.clone(), |k| k.pos.clone())
    }
}

/// The severity a rule runs at in this project (`None` when off).
pub fn severity_in_force(config: &Config, rule: &rules::Rule) -> Option<Severity> {
    match config.rules.get(rule.id).map(|(l, _)| *l) {
        Some(RuleLevel::Off) => None,
        Some(RuleLevel::Error) => Some(Severity::Error),
        Some(RuleLevel::Warning) => Some(Severity::Warning),
        Some(RuleLevel::Info) => Some(Severity::Info),
        None => Some(rule.severity),
    }
}

/// Runs every rule on each target and groups the findings.
pub fn lint(
    project: &Project,
    resolution: &Resolution,
    targets: &[&Resolved],
    today: CivilDate,
) -> Report {
    let mut linter = Linter::new(project, resolution, today);
    for r in targets {
        linter.add(r);
    }
    linter.finish()
}

/// What the rules found on one target, before suppression and grouping.
pub struct Checked {
    id: String,
    raws: Vec<Raw>,
    in_scope: Vec<suppress::Allow>,
}

/// Grouping key of a finding: location, rule, suppression reason, message.
type GroupKey = (String, &'static str, Option<String>, String);

/// Lints targets one at a time, so a caller can resolve each region, lint it and let it
/// go; [`Linter::finish`] then reports as [`lint`] does.
pub struct Linter<'a> {
    project: &'a Project,
    resolution: &'a (dyn Lookup + Sync),
    today: CivilDate,
    groups: BTreeMap<GroupKey, Finding>,
    allows: suppress::Allows,
    vague: Mutex<VagueMemo>,
    facts: Mutex<FactsMemo>,
    targets: usize,
}

impl<'a> Linter<'a> {
    /// `resolution` must hold every standard and culture that a target's chain names
    /// before the target itself.
    pub fn new(
        project: &'a Project,
        resolution: &'a (dyn Lookup + Sync),
        today: CivilDate,
    ) -> Self {
        Linter {
            project,
            resolution,
            today,
            groups: BTreeMap::new(),
            allows: suppress::Allows::default(),
            vague: Mutex::new(VagueMemo::default()),
            facts: Mutex::new(FactsMemo::default()),
            targets: 0,
        }
    }

    fn group(&mut self, raw: Raw, region: &str, suppressed: Option<String>) {
        let Some(rule) = rules::find(raw.rule) else {
            return;
        };
        let Some(severity) = severity_in_force(&self.project.config, rule) else {
            return;
        };
        let key = (
            raw.pos.to_string(),
            raw.rule,
            suppressed.clone(),
            raw.message.clone(),
        );
        self.groups
            .entry(key)
            .or_insert_with(|| Finding {
                rule: raw.rule,
                severity,
                message: raw.message,
                pos: raw.pos,
                help: raw.help,
                notes: raw.notes,
                regions: BTreeSet::new(),
                suppressed,
                len: raw.len,
            })
            .regions
            .insert(region.to_string());
    }

    /// Runs every rule on one target.
    pub fn add(&mut self, r: &Resolved) {
        let checked = self.check(r);
        self.record(checked);
    }

    /// Runs every rule on one target without recording anything: targets may be
    /// checked on several threads at once, then recorded in a fixed order.
    pub fn check(&self, r: &Resolved) -> Checked {
        // Loading checked every file against its schema, so the tree always reads.
        let std = Standard::of(&r.tree).unwrap_or_else(|e| {
            panic!(
                "the resolved tree of `{}` does not read as a standard: {e}",
                r.id
            )
        });
        let mut cx = Cx {
            r,
            std: &std,
            own: OnceCell::new(),
            resolution: self.resolution,
            project: self.project,
            today: self.today,
            out: Vec::new(),
            vague: &self.vague,
            facts: &self.facts,
        };
        customer_orientation::check(&mut cx);
        measurability::check(&mut cx);
        continuous_improvement::check(&mut cx);
        participation::check(&mut cx);
        if r.is_region() {
            cultural_sensitivity::check(&mut cx);
            consistency::check(&mut cx);
            legal_compliance::check(&mut cx);
            translation::check(&mut cx);
            agent::check(&mut cx);
        }
        Checked {
            id: r.id.clone(),
            raws: cx.out,
            in_scope: suppress::read(self.project, r, &std),
        }
    }

    /// Records what [`Linter::check`] found on one target.
    pub fn record(&mut self, checked: Checked) {
        let (project, today) = (self.project, self.today);
        self.targets += 1;
        let Checked { id, raws, in_scope } = checked;
        self.allows.register(&id, &in_scope);
        for raw in raws {
            if severity_in_force(
                &project.config,
                rules::find(raw.rule).expect("rules report known ids"),
            )
            .is_none()
            {
                continue;
            }
            let reason = self.allows.silence(&in_scope, &raw, today);
            self.group(raw, &id, reason);
        }
        for raw in self.allows.check_entries(&in_scope, today) {
            self.group(raw, &id, None);
        }
    }

    /// Adds what only all targets together tell (unused suppressions, unknown rules in
    /// the configuration) and returns the report.
    pub fn finish(mut self) -> Report {
        let (project, today) = (self.project, self.today);
        for (raw, regions) in self.allows.unused(&project.config, today) {
            for region in regions {
                self.group(raw.clone(), &region, None);
            }
        }
        let targets = self.targets;
        let mut groups = self.groups;
        for (rule, (_, pos)) in &project.config.rules {
            if rules::find(rule).is_none() {
                let mut raw = Raw::new(
                    "lint/unknown-rule",
                    pos,
                    format!("`[lint.rules]` names rule `{rule}`, which does not exist"),
                    Scope::Region,
                );
                if let Some(m) = crate::hint::did_you_mean(rule, rules::RULES.iter().map(|r| r.id))
                {
                    raw = raw.help(format!("did you mean `{m}`?"));
                }
                let key = (raw.pos.to_string(), raw.rule, None, raw.message.clone());
                groups.entry(key).or_insert_with(|| Finding {
                    rule: raw.rule,
                    severity: Severity::Error,
                    message: raw.message,
                    pos: raw.pos,
                    help: raw.help,
                    notes: Vec::new(),
                    regions: BTreeSet::new(),
                    suppressed: None,
                    len: None,
                });
            }
        }
        let mut findings: Vec<Finding> = groups.into_values().collect();
        findings.sort_by(|a, b| {
            (
                &a.pos.file,
                a.pos.line,
                a.pos.column,
                a.rule,
                &a.suppressed,
                &a.message,
            )
                .cmp(&(
                    &b.pos.file,
                    b.pos.line,
                    b.pos.column,
                    b.rule,
                    &b.suppressed,
                    &b.message,
                ))
        });
        Report { findings, targets }
    }
}
