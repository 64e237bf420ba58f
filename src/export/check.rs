//! `csstd export --check DIR`: reads the configuration saved from a helpdesk's own API
//! and lists where it differs from what the standard asks (the drift).
//!
//! Compared by meaning: schedules and policies are found by name and title; ids,
//! timestamps, URLs and descriptions are ignored; lists whose order the API gives no
//! meaning (intervals, holidays, filter conditions, metrics) are compared as sets;
//! Zendesk's policy positions only as the order of policies a ticket could match
//! together. A response file that is not what its endpoint returns is an input error at
//! `file:line:col`, naming the key.

use super::freshdesk::{self, DAYS};
use super::{Expected, rails, zendesk};
use crate::diag::{Diagnostic, Sources};
use crate::load::InputErrors;
use crate::load::json::{self, Json, Value as J};
use crate::model::hours::DAY_MINUTES;
use serde::Serialize;
use serde_json::{Value, json};
use std::borrow::Borrow;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A response file larger than this is refused: an account's whole configuration is a
/// few megabytes at most.
const MAX_FILE_BYTES: u64 = 64 << 20;

/// How the saved configuration differs at one path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// The standard asks for it; the helpdesk does not have it.
    Missing,
    /// The helpdesk has it (under one of the exported regions' names); the standard does
    /// not ask for it.
    Unexpected,
    /// Both have it, with different values.
    Changed,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Missing => "missing",
            Kind::Unexpected => "unexpected",
            Kind::Changed => "changed",
        }
    }
}

/// One drift.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    pub region: String,
    pub path: String,
    pub kind: Kind,
    pub expected: Value,
    pub actual: Value,
}

/// Compares what the standard asks with the responses saved in `dir`. Entries are sorted
/// by region, then path.
pub fn check(expected: &Expected, dir: &Path) -> Result<Vec<Entry>, InputErrors> {
    let mut files = Files {
        dir: dir.to_path_buf(),
        sources: Sources::default(),
    };
    let result = match expected {
        Expected::Zendesk(configs) => check_zendesk(configs, &mut files),
        Expected::Freshdesk(configs) => check_freshdesk(configs, &mut files),
    };
    match result {
        Ok(mut entries) => {
            entries.sort_by(|a, b| (&a.region, &a.path, a.kind).cmp(&(&b.region, &b.path, b.kind)));
            Ok(entries)
        }
        Err(d) => Err(InputErrors {
            diagnostics: vec![d],
            sources: files.sources,
        }),
    }
}

/// The saved responses, read one by one with their text kept for error snippets.
struct Files {
    dir: PathBuf,
    sources: Sources,
}

impl Files {
    /// Reads and parses `rel` (a path under the folder), saved from `GET endpoint`.
    fn read(&mut self, rel: &str, endpoint: &'static str) -> Result<Doc, Diagnostic> {
        let path = self.dir.join(rel);
        let shown: Arc<str> = Arc::from(path.display().to_string());
        let start = crate::model::node::Pos::file_start(&shown);
        let fail = |message: String| {
            Diagnostic::input(start.clone(), message)
                .with_help(format!("save the response of `GET {endpoint}` there"))
        };
        let meta =
            std::fs::metadata(&path).map_err(|e| fail(format!("cannot read {shown}: {e}")))?;
        if !meta.is_file() {
            return Err(fail(format!("{shown} is not a file")));
        }
        if meta.len() > MAX_FILE_BYTES {
            return Err(fail(format!(
                "{shown} is {} bytes; a saved response is at most 64 MiB",
                meta.len()
            )));
        }
        let bytes = std::fs::read(&path).map_err(|e| fail(format!("cannot read {shown}: {e}")))?;
        let text = String::from_utf8(bytes).map_err(|_| fail(format!("{shown} is not UTF-8")))?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_owned();
        self.sources
            .insert(Arc::clone(&shown), Arc::from(text.as_str()));
        let root = json::parse(&shown, &text)?;
        Ok(Doc { root, endpoint })
    }
}

/// One parsed response and the endpoint it should be from.
struct Doc {
    root: Json,
    endpoint: &'static str,
}

impl Doc {
    fn wrong(&self, at: &Json, path: &str, want: &str) -> Diagnostic {
        let what = if path.is_empty() {
            "the response".to_owned()
        } else {
            format!("`{path}`")
        };
        Diagnostic::input(
            at.pos.clone(),
            format!(
                "{what} is {}, not {want}: this is not what `GET {}` returns",
                at.kind(),
                self.endpoint
            ),
        )
    }

    /// `obj[key]`, which must be there.
    fn field<'j>(&self, obj: &'j Json, path: &str, key: &str) -> Result<&'j Json, Diagnostic> {
        if !matches!(obj.value, J::Object(_)) {
            return Err(self.wrong(obj, path, "an object"));
        }
        obj.get(key).ok_or_else(|| {
            let full = if path.is_empty() {
                key.to_owned()
            } else {
                format!("{path}.{key}")
            };
            Diagnostic::input(
                obj.pos.clone(),
                format!(
                    "`{full}` is missing: this is not what `GET {}` returns",
                    self.endpoint
                ),
            )
        })
    }

    fn array<'j>(&self, v: &'j Json, path: &str) -> Result<&'j [Json], Diagnostic> {
        match &v.value {
            J::Array(items) => Ok(items),
            _ => Err(self.wrong(v, path, "an array")),
        }
    }

    fn string(&self, v: &Json, path: &str) -> Result<String, Diagnostic> {
        match &v.value {
            J::String(s) => Ok(s.clone()),
            _ => Err(self.wrong(v, path, "a string")),
        }
    }

    /// An id or number as text (`4` and `"4"` are the same).
    fn text(&self, v: &Json, path: &str) -> Result<String, Diagnostic> {
        v.text()
            .ok_or_else(|| self.wrong(v, path, "a string or a number"))
    }

    fn uint(&self, v: &Json, path: &str) -> Result<u64, Diagnostic> {
        match &v.value {
            J::Number(n) => n
                .as_u64()
                .ok_or_else(|| self.wrong(v, path, "a whole number")),
            _ => Err(self.wrong(v, path, "a whole number")),
        }
    }

    fn boolean(&self, v: &Json, path: &str) -> Result<bool, Diagnostic> {
        match &v.value {
            J::Bool(b) => Ok(*b),
            _ => Err(self.wrong(v, path, "true or false")),
        }
    }

    /// `obj[key]` when present and not null.
    fn optional<'j>(&self, obj: &'j Json, key: &str) -> Option<&'j Json> {
        obj.get(key).filter(|v| !v.is_null())
    }
}

/// Collects entries for one region.
struct Drift<'a> {
    region: &'a str,
    /// Every exported region: a live name under one of them is owned by it.
    regions: &'a [&'a str],
    entries: &'a mut Vec<Entry>,
}

impl Drift<'_> {
    fn add(&mut self, path: String, kind: Kind, expected: Value, actual: Value) {
        self.entries.push(Entry {
            region: self.region.to_owned(),
            path,
            kind,
            expected,
            actual,
        });
    }

    fn compare(&mut self, path: String, expected: Value, actual: Value) {
        if expected != actual {
            self.add(path, Kind::Changed, expected, actual);
        }
    }

    /// Compares the values at `{base}.{key}` for each of `keys`; `show` gives a value as
    /// compared, an absent one included.
    fn compare_keys<'k, A, B, V>(
        &mut self,
        base: &str,
        keys: impl IntoIterator<Item = &'k str>,
        expected: &BTreeMap<A, V>,
        actual: &BTreeMap<B, V>,
        show: impl Fn(Option<&V>) -> Value,
    ) where
        A: Ord + Borrow<str>,
        B: Ord + Borrow<str>,
    {
        for key in keys {
            self.compare(
                format!("{base}.{key}"),
                show(expected.get(key)),
                show(actual.get(key)),
            );
        }
    }

    /// Walks what the standard asks (`expected`) and what the helpdesk has (`actual`) by
    /// key: a key only expected is missing, one only actual is unexpected (at `path` of
    /// the key, shown by `show_expected` / `show_actual`); `both` compares the rest.
    fn compare_maps<K: Ord, E, A>(
        &mut self,
        expected: &BTreeMap<K, E>,
        actual: &BTreeMap<K, A>,
        path: impl Fn(&K) -> String,
        show: (impl Fn(&E) -> Value, impl Fn(&A) -> Value),
        mut both: impl FnMut(&mut Self, String, &E, &A),
    ) {
        let (show_expected, show_actual) = show;
        for (key, e) in expected {
            match actual.get(key) {
                None => self.add(path(key), Kind::Missing, show_expected(e), Value::Null),
                Some(a) => both(self, path(key), e, a),
            }
        }
        for (key, a) in actual {
            if !expected.contains_key(key) {
                self.add(path(key), Kind::Unexpected, Value::Null, show_actual(a));
            }
        }
    }

    /// The helpdesk's entries (`live`, named by `name`) that this region owns but the
    /// standard does not ask for (`wanted`): unexpected at `{section}[name]`.
    fn unexpected_owned<'w, T>(
        &mut self,
        section: &str,
        wanted: impl Iterator<Item = &'w str>,
        live: &[T],
        name: impl Fn(&T) -> &str,
        show: impl Fn(&T) -> Value,
    ) {
        let wanted: BTreeSet<&str> = wanted.collect();
        for a in live {
            let n = name(a);
            if owner(n, self.regions) == Some(self.region) && !wanted.contains(n) {
                self.add(
                    format!("{section}[{n}]"),
                    Kind::Unexpected,
                    Value::Null,
                    show(a),
                );
            }
        }
    }
}

/// The drift of each region's configuration, found by `check`.
fn by_region<C>(
    configs: &[C],
    region: impl Fn(&C) -> &str,
    mut check: impl FnMut(&C, &mut Drift<'_>) -> Result<(), Diagnostic>,
) -> Result<Vec<Entry>, Diagnostic> {
    let regions: Vec<&str> = configs.iter().map(&region).collect();
    let mut entries = Vec::new();
    for c in configs {
        let mut d = Drift {
            region: region(c),
            regions: &regions,
            entries: &mut entries,
        };
        check(c, &mut d)?;
    }
    Ok(entries)
}

/// Does a name or title belong to one of `regions` (`<region> · ...`)?
fn owner<'r>(name: &str, regions: &[&'r str]) -> Option<&'r str> {
    regions
        .iter()
        .find(|r| name.starts_with(&format!("{r} · ")))
        .copied()
}

/// Open intervals in minutes of the week, merged where they touch, as the week reads them:
/// `mon 09:00-17:00` (split again at midnight).
fn week_text(intervals: &[(u32, u32)]) -> Value {
    let mut sorted: Vec<(u32, u32)> = intervals
        .iter()
        .map(|&(s, e)| (s % (7 * DAY_MINUTES), e.min(7 * DAY_MINUTES)))
        .filter(|(s, e)| e > s)
        .collect();
    sorted.sort_unstable();
    let mut merged: Vec<(u32, u32)> = Vec::new();
    for (s, e) in sorted {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    const NAMES: [&str; 7] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
    let hm = |m: u32| format!("{:02}:{:02}", m / 60, m % 60);
    let mut out = Vec::new();
    for (mut s, e) in merged {
        while s < e {
            let day = s / DAY_MINUTES;
            let end = e.min((day + 1) * DAY_MINUTES);
            out.push(Value::from(format!(
                "{} {}-{}",
                NAMES[day as usize % 7],
                hm(s - day * DAY_MINUTES),
                hm(end - day * DAY_MINUTES)
            )));
            s = end;
        }
    }
    Value::Array(out)
}

/// `[2027-01-01]` or `[2027-02-05..2027-02-08]`.
fn holiday_key(start: &str, end: &str) -> String {
    if start == end {
        format!("[{start}]")
    } else {
        format!("[{start}..{end}]")
    }
}

/// A time zone as compared: the IANA zone of a Rails name (any of a zone's Rails names is
/// the zone), shown with the name it was written as.
fn zone_drift(d: &mut Drift<'_>, path: String, expected: &str, actual: &str) {
    if !rails::same_zone(expected, actual) {
        d.add(
            path,
            Kind::Changed,
            Value::from(expected),
            Value::from(actual),
        );
    }
}

// ----- Zendesk -----

const ZD_SCHEDULES: &str = "/api/v2/business_hours/schedules";
const ZD_HOLIDAYS: &str = "/api/v2/business_hours/schedules/{id}/holidays";
const ZD_POLICIES: &str = "/api/v2/slas/policies";

struct ZdSchedule {
    id: String,
    name: String,
    time_zone: String,
    intervals: Vec<(u32, u32)>,
}

struct ZdPolicy {
    title: String,
    position: Option<u64>,
    all: Vec<String>,
    any: Vec<String>,
    /// `urgent.first_reply_time` → (seconds, business_hours).
    metrics: BTreeMap<String, (u64, bool)>,
}

fn condition_text(field: &str, operator: &str, value: &str) -> String {
    format!("{field} {operator} {value}")
}

/// A condition's value as compared: text, with a list's items sorted and joined.
fn condition_value(doc: &Doc, v: &Json, path: &str) -> Result<String, Diagnostic> {
    match &v.value {
        J::Array(items) => {
            let mut parts = items
                .iter()
                .enumerate()
                .map(|(i, item)| doc.text(item, &format!("{path}[{i}]")))
                .collect::<Result<Vec<_>, _>>()?;
            parts.sort();
            Ok(parts.join(" "))
        }
        J::Null => Ok(String::new()),
        J::Bool(b) => Ok(b.to_string()),
        _ => doc.text(v, path),
    }
}

fn expected_condition(c: &zendesk::Condition) -> String {
    let value = match &c.value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    condition_text(&c.field, c.operator, &value)
}

fn read_zd_schedules(files: &mut Files) -> Result<Vec<ZdSchedule>, Diagnostic> {
    let doc = files.read("schedules.json", ZD_SCHEDULES)?;
    let list = doc.array(doc.field(&doc.root, "", "schedules")?, "schedules")?;
    let mut out = Vec::with_capacity(list.len());
    for (i, s) in list.iter().enumerate() {
        let path = format!("schedules[{i}]");
        let id = doc.text(doc.field(s, &path, "id")?, &format!("{path}.id"))?;
        let name = doc.string(doc.field(s, &path, "name")?, &format!("{path}.name"))?;
        let time_zone = doc.string(
            doc.field(s, &path, "time_zone")?,
            &format!("{path}.time_zone"),
        )?;
        let mut intervals = Vec::new();
        if let Some(list) = doc.optional(s, "intervals") {
            for (j, iv) in doc
                .array(list, &format!("{path}.intervals"))?
                .iter()
                .enumerate()
            {
                let p = format!("{path}.intervals[{j}]");
                let start =
                    doc.uint(doc.field(iv, &p, "start_time")?, &format!("{p}.start_time"))?;
                let end = doc.uint(doc.field(iv, &p, "end_time")?, &format!("{p}.end_time"))?;
                intervals.push((
                    start.min(u64::from(u32::MAX)) as u32,
                    end.min(u64::from(u32::MAX)) as u32,
                ));
            }
        }
        out.push(ZdSchedule {
            id,
            name,
            time_zone,
            intervals,
        });
    }
    Ok(out)
}

/// `holidays/<id>.json`: (start, end) → name.
fn read_zd_holidays(
    files: &mut Files,
    id: &str,
) -> Result<BTreeMap<(String, String), String>, Diagnostic> {
    // An id from the response names a file; one that could leave the folder is refused.
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(Diagnostic::input(
            crate::model::node::Pos::file_start(&Arc::from(
                files.dir.join("schedules.json").display().to_string(),
            )),
            format!(
                "schedule id `{}` cannot name a file holidays/<id>.json",
                crate::hint::truncate(id)
            ),
        ));
    }
    let doc = files.read(&format!("holidays/{id}.json"), ZD_HOLIDAYS)?;
    let list = doc.array(doc.field(&doc.root, "", "holidays")?, "holidays")?;
    let mut out = BTreeMap::new();
    for (i, h) in list.iter().enumerate() {
        let path = format!("holidays[{i}]");
        let name = doc.string(doc.field(h, &path, "name")?, &format!("{path}.name"))?;
        let start = date(
            &doc,
            doc.field(h, &path, "start_date")?,
            &format!("{path}.start_date"),
        )?;
        let end = date(
            &doc,
            doc.field(h, &path, "end_date")?,
            &format!("{path}.end_date"),
        )?;
        out.insert((start, end), name);
    }
    Ok(out)
}

fn date(doc: &Doc, v: &Json, path: &str) -> Result<String, Diagnostic> {
    let s = doc.string(v, path)?;
    // ISO 8601 dates; a timestamp's date part counts.
    let day = s.get(..10).unwrap_or(&s);
    crate::model::date::CivilDate::parse(day)
        .map(|d| d.to_string())
        .map_err(|_| doc.wrong(v, path, "a date (YYYY-MM-DD)"))
}

fn read_zd_policies(files: &mut Files) -> Result<Vec<ZdPolicy>, Diagnostic> {
    let doc = files.read("sla_policies.json", ZD_POLICIES)?;
    let list = doc.array(doc.field(&doc.root, "", "sla_policies")?, "sla_policies")?;
    let mut out = Vec::with_capacity(list.len());
    for (i, p) in list.iter().enumerate() {
        let path = format!("sla_policies[{i}]");
        let title = doc.string(doc.field(p, &path, "title")?, &format!("{path}.title"))?;
        let position = match doc.optional(p, "position") {
            Some(v) => Some(doc.uint(v, &format!("{path}.position"))?),
            None => None,
        };
        let filter = doc.field(p, &path, "filter")?;
        let fpath = format!("{path}.filter");
        let mut sets = [Vec::new(), Vec::new()];
        for (set, key) in sets.iter_mut().zip(["all", "any"]) {
            let Some(list) = doc.optional(filter, key) else {
                if !matches!(filter.value, J::Object(_)) {
                    return Err(doc.wrong(filter, &fpath, "an object"));
                }
                continue;
            };
            for (j, c) in doc
                .array(list, &format!("{fpath}.{key}"))?
                .iter()
                .enumerate()
            {
                let cp = format!("{fpath}.{key}[{j}]");
                let field = doc.string(doc.field(c, &cp, "field")?, &format!("{cp}.field"))?;
                let operator =
                    doc.string(doc.field(c, &cp, "operator")?, &format!("{cp}.operator"))?;
                let value =
                    condition_value(&doc, doc.field(c, &cp, "value")?, &format!("{cp}.value"))?;
                set.push(condition_text(&field, &operator, &value));
            }
            set.sort();
        }
        let [all, any] = sets;
        let mut metrics = BTreeMap::new();
        if let Some(list) = doc.optional(p, "policy_metrics") {
            for (j, m) in doc
                .array(list, &format!("{path}.policy_metrics"))?
                .iter()
                .enumerate()
            {
                let mp = format!("{path}.policy_metrics[{j}]");
                let priority =
                    doc.string(doc.field(m, &mp, "priority")?, &format!("{mp}.priority"))?;
                let metric = doc.string(doc.field(m, &mp, "metric")?, &format!("{mp}.metric"))?;
                let seconds = match doc.optional(m, "target_in_seconds") {
                    Some(s) => doc.uint(s, &format!("{mp}.target_in_seconds"))?,
                    None => doc.uint(doc.field(m, &mp, "target")?, &format!("{mp}.target"))? * 60,
                };
                let business = doc.boolean(
                    doc.field(m, &mp, "business_hours")?,
                    &format!("{mp}.business_hours"),
                )?;
                metrics.insert(format!("{priority}.{metric}"), (seconds, business));
            }
        }
        out.push(ZdPolicy {
            title,
            position,
            all,
            any,
            metrics,
        });
    }
    Ok(out)
}

/// A target as a drift shows it: whole minutes as `target`, else seconds.
fn target_entry(d: &mut Drift<'_>, base: &str, expected: u64, actual: u64) {
    if expected == actual {
        return;
    }
    if expected % 60 == 0 && actual % 60 == 0 {
        d.add(
            format!("{base}.target"),
            Kind::Changed,
            Value::from(expected / 60),
            Value::from(actual / 60),
        );
    } else {
        d.add(
            format!("{base}.target_in_seconds"),
            Kind::Changed,
            Value::from(expected),
            Value::from(actual),
        );
    }
}

fn check_zendesk(
    configs: &[zendesk::RegionConfig],
    files: &mut Files,
) -> Result<Vec<Entry>, Diagnostic> {
    let schedules = read_zd_schedules(files)?;
    let policies = read_zd_policies(files)?;
    by_region(
        configs,
        |c| &c.region,
        |c, d| {
            // Schedules and their holidays.
            for s in &c.schedules {
                let path = format!("schedules[{}]", s.name);
                let expected_week: Vec<(u32, u32)> = s
                    .intervals
                    .iter()
                    .map(|i| (i.start_time, i.end_time))
                    .collect();
                let Some(actual) = schedules.iter().find(|a| a.name == s.name) else {
                    d.add(
                        path,
                        Kind::Missing,
                        json!({"time_zone": s.time_zone, "intervals": week_text(&expected_week)}),
                        Value::Null,
                    );
                    continue;
                };
                zone_drift(
                    d,
                    format!("{path}.time_zone"),
                    &s.time_zone,
                    &actual.time_zone,
                );
                d.compare(
                    format!("{path}.intervals"),
                    week_text(&expected_week),
                    week_text(&actual.intervals),
                );
                let have = read_zd_holidays(files, &actual.id)?;
                let want: BTreeMap<(String, String), &str> = c
                    .holidays
                    .iter()
                    .filter(|h| h.schedule == s.name)
                    .map(|h| ((h.start_date.clone(), h.end_date.clone()), h.name.as_str()))
                    .collect();
                d.compare_maps(
                    &want,
                    &have,
                    |(start, end)| format!("{path}.holidays{}", holiday_key(start, end)),
                    (
                        |n: &&str| Value::from(*n),
                        |n: &String| Value::from(n.as_str()),
                    ),
                    |d, hp, want, have| {
                        d.compare(
                            format!("{hp}.name"),
                            Value::from(*want),
                            Value::from(have.as_str()),
                        )
                    },
                );
            }
            d.unexpected_owned(
                "schedules",
                c.schedules.iter().map(|s| s.name.as_str()),
                &schedules,
                |a| &a.name,
                |a| json!({"time_zone": a.time_zone, "intervals": week_text(&a.intervals)}),
            );
            // SLA policies.
            for p in &c.policies {
                let path = format!("sla_policies[{}]", p.title);
                let want_all: Vec<String> = sorted(p.filter.all.iter().map(expected_condition));
                let want_any: Vec<String> = sorted(p.filter.any.iter().map(expected_condition));
                let Some(actual) = policies.iter().find(|a| a.title == p.title) else {
                    d.add(
                    path,
                    Kind::Missing,
                    json!({
                        "filter": {"all": want_all, "any": want_any},
                        "policy_metrics": p.policy_metrics.iter().map(|m| format!(
                            "{}.{} {}s{}", m.priority, m.metric, m.seconds(),
                            if m.business_hours { " business" } else { "" })).collect::<Vec<_>>(),
                    }),
                    Value::Null,
                );
                    continue;
                };
                d.compare(
                    format!("{path}.filter.all"),
                    Value::from(want_all),
                    Value::from(actual.all.clone()),
                );
                d.compare(
                    format!("{path}.filter.any"),
                    Value::from(want_any),
                    Value::from(actual.any.clone()),
                );
                let want: BTreeMap<String, (u64, bool)> = p
                    .policy_metrics
                    .iter()
                    .map(|m| {
                        (
                            format!("{}.{}", m.priority, m.metric),
                            (m.seconds(), m.business_hours),
                        )
                    })
                    .collect();
                let metric =
                    |(s, b): &(u64, bool)| json!({"target_in_seconds": s, "business_hours": b});
                d.compare_maps(
                    &want,
                    &actual.metrics,
                    |key| format!("{path}.policy_metrics[{key}]"),
                    (metric, metric),
                    |d, mp, (seconds, business), (s, b)| {
                        target_entry(d, &mp, *seconds, *s);
                        d.compare(
                            format!("{mp}.business_hours"),
                            Value::from(*business),
                            Value::from(*b),
                        );
                    },
                );
            }
            // The order of policies a ticket could match together.
            for (i, a) in c.policies.iter().enumerate() {
                for b in &c.policies[i + 1..] {
                    if a.group != b.group {
                        continue;
                    }
                    let pos = |t: &str| {
                        policies
                            .iter()
                            .find(|p| p.title == t)
                            .and_then(|p| p.position)
                    };
                    if let (Some(pa), Some(pb)) = (pos(&a.title), pos(&b.title)) {
                        if pa > pb {
                            d.add(
                                format!("sla_policies[{}].position", a.title),
                                Kind::Changed,
                                Value::from(format!("before {}", b.title)),
                                Value::from(format!("after {}", b.title)),
                            );
                        }
                    }
                }
            }
            d.unexpected_owned(
                "sla_policies",
                c.policies.iter().map(|p| p.title.as_str()),
                &policies,
                |a| &a.title,
                |a| json!({"filter": {"all": a.all, "any": a.any}}),
            );
            Ok(())
        },
    )
}

fn sorted(items: impl Iterator<Item = String>) -> Vec<String> {
    let mut v: Vec<String> = items.collect();
    v.sort();
    v
}

// ----- Freshdesk -----

const FD_HOURS: &str = "/api/v2/business_hours";
const FD_POLICIES: &str = "/api/v2/sla_policies";

struct FdCalendar {
    name: String,
    time_zone: String,
    /// Weekday (Freshdesk's key) → (open, close) minutes.
    days: BTreeMap<String, (u32, u32)>,
}

struct FdPolicy {
    name: String,
    active: Option<bool>,
    /// `priority_4.respond_within` → value.
    targets: BTreeMap<String, Value>,
    /// `group_ids` → sorted values.
    applicable_to: BTreeMap<String, Vec<String>>,
}

fn read_fd_calendars(files: &mut Files) -> Result<Vec<FdCalendar>, Diagnostic> {
    let doc = files.read("business_hours.json", FD_HOURS)?;
    let list = doc.array(&doc.root, "")?;
    let mut out = Vec::with_capacity(list.len());
    for (i, c) in list.iter().enumerate() {
        let path = format!("[{i}]");
        let name = doc.string(doc.field(c, &path, "name")?, &format!("{path}.name"))?;
        let time_zone = doc.string(
            doc.field(c, &path, "time_zone")?,
            &format!("{path}.time_zone"),
        )?;
        let hours = doc.field(c, &path, "business_hours")?;
        let hp = format!("{path}.business_hours");
        let J::Object(members) = &hours.value else {
            return Err(doc.wrong(hours, &hp, "an object"));
        };
        let mut days = BTreeMap::new();
        for m in members {
            let dp = format!("{hp}.{}", m.key);
            if m.value.is_null() {
                continue;
            }
            let time = |key: &str| -> Result<u32, Diagnostic> {
                let v = doc.field(&m.value, &dp, key)?;
                let text = doc.string(v, &format!("{dp}.{key}"))?;
                freshdesk::minutes_of(&text).ok_or_else(|| {
                    doc.wrong(v, &format!("{dp}.{key}"), "a time such as \"08:00:00 am\"")
                })
            };
            days.insert(m.key.clone(), (time("start_time")?, time("end_time")?));
        }
        out.push(FdCalendar {
            name,
            time_zone,
            days,
        });
    }
    Ok(out)
}

fn read_fd_policies(files: &mut Files) -> Result<Vec<FdPolicy>, Diagnostic> {
    let doc = files.read("sla_policies.json", FD_POLICIES)?;
    let list = doc.array(&doc.root, "")?;
    let mut out = Vec::with_capacity(list.len());
    for (i, p) in list.iter().enumerate() {
        let path = format!("[{i}]");
        let name = doc.string(doc.field(p, &path, "name")?, &format!("{path}.name"))?;
        let active = match doc.optional(p, "active") {
            Some(v) => Some(doc.boolean(v, &format!("{path}.active"))?),
            None => None,
        };
        let target = doc.field(p, &path, "sla_target")?;
        let tp = format!("{path}.sla_target");
        let J::Object(priorities) = &target.value else {
            return Err(doc.wrong(target, &tp, "an object"));
        };
        let mut targets = BTreeMap::new();
        for m in priorities {
            let pp = format!("{tp}.{}", m.key);
            for key in ["respond_within", "resolve_within"] {
                if let Some(v) = doc.optional(&m.value, key) {
                    targets.insert(
                        format!("{}.{key}", m.key),
                        Value::from(doc.uint(v, &format!("{pp}.{key}"))?),
                    );
                }
            }
            for key in ["business_hours", "escalation_enabled"] {
                let v = doc.field(&m.value, &pp, key)?;
                targets.insert(
                    format!("{}.{key}", m.key),
                    Value::from(doc.boolean(v, &format!("{pp}.{key}"))?),
                );
            }
        }
        let mut applicable_to = BTreeMap::new();
        if let Some(a) = doc.optional(p, "applicable_to") {
            let ap = format!("{path}.applicable_to");
            let J::Object(members) = &a.value else {
                return Err(doc.wrong(a, &ap, "an object"));
            };
            for m in members.iter().filter(|m| !m.value.is_null()) {
                let items = doc.array(&m.value, &format!("{ap}.{}", m.key))?;
                let mut values = items
                    .iter()
                    .enumerate()
                    .map(|(j, v)| doc.text(v, &format!("{ap}.{}[{j}]", m.key)))
                    .collect::<Result<Vec<_>, _>>()?;
                values.sort();
                if !values.is_empty() {
                    applicable_to.insert(m.key.clone(), values);
                }
            }
        }
        out.push(FdPolicy {
            name,
            active,
            targets,
            applicable_to,
        });
    }
    Ok(out)
}

fn hours_text(open: u32, close: u32) -> Value {
    Value::from(format!(
        "{:02}:{:02}-{:02}:{:02}",
        open / 60,
        open % 60,
        close / 60,
        close % 60
    ))
}

fn check_freshdesk(
    configs: &[freshdesk::RegionConfig],
    files: &mut Files,
) -> Result<Vec<Entry>, Diagnostic> {
    let calendars = read_fd_calendars(files)?;
    let policies = read_fd_policies(files)?;
    by_region(
        configs,
        |c| &c.region,
        |c, d| {
            for cal in &c.calendars {
                let path = format!("business_hours[{}]", cal.name);
                let want: BTreeMap<&str, (u32, u32)> = cal
                    .business_hours
                    .iter()
                    .filter_map(|(day, h)| {
                        Some((
                            *day,
                            (
                                freshdesk::minutes_of(&h.start_time)?,
                                freshdesk::minutes_of(&h.end_time)?,
                            ),
                        ))
                    })
                    .collect();
                let Some(actual) = calendars.iter().find(|a| a.name == cal.name) else {
                    d.add(
                        path,
                        Kind::Missing,
                        json!({"time_zone": cal.time_zone}),
                        Value::Null,
                    );
                    continue;
                };
                zone_drift(
                    d,
                    format!("{path}.time_zone"),
                    &cal.time_zone,
                    &actual.time_zone,
                );
                d.compare_keys(
                    &format!("{path}.business_hours"),
                    DAYS,
                    &want,
                    &actual.days,
                    |h| h.map_or(Value::from("closed"), |(o, c)| hours_text(*o, *c)),
                );
            }
            d.unexpected_owned(
                "business_hours",
                c.calendars.iter().map(|s| s.name.as_str()),
                &calendars,
                |a| &a.name,
                |a| json!({"time_zone": a.time_zone}),
            );
            for p in &c.policies {
                let path = format!("sla_policies[{}]", p.name);
                let mut want: BTreeMap<String, Value> = BTreeMap::new();
                for (k, t) in &p.sla_target {
                    if let Some(v) = t.respond_within {
                        want.insert(format!("{k}.respond_within"), Value::from(v));
                    }
                    if let Some(v) = t.resolve_within {
                        want.insert(format!("{k}.resolve_within"), Value::from(v));
                    }
                    want.insert(format!("{k}.business_hours"), Value::from(t.business_hours));
                    want.insert(
                        format!("{k}.escalation_enabled"),
                        Value::from(t.escalation_enabled),
                    );
                }
                let to = &p.applicable_to;
                let mut want_to: BTreeMap<String, Vec<String>> = BTreeMap::new();
                for (key, values) in [
                    (
                        "group_ids",
                        to.group_ids.iter().map(u64::to_string).collect::<Vec<_>>(),
                    ),
                    (
                        "product_ids",
                        to.product_ids.iter().map(u64::to_string).collect(),
                    ),
                    (
                        "company_ids",
                        to.company_ids.iter().map(u64::to_string).collect(),
                    ),
                    ("sources", to.sources.iter().map(u32::to_string).collect()),
                ] {
                    if !values.is_empty() {
                        want_to.insert(key.to_owned(), sorted(values.into_iter()));
                    }
                }
                let Some(actual) = policies.iter().find(|a| a.name == p.name) else {
                    d.add(
                        path,
                        Kind::Missing,
                        json!({"sla_target": want, "applicable_to": want_to}),
                        Value::Null,
                    );
                    continue;
                };
                if actual.active == Some(false) {
                    d.add(
                        format!("{path}.active"),
                        Kind::Changed,
                        Value::from(true),
                        Value::from(false),
                    );
                }
                d.compare_maps(
                    &want,
                    &actual.targets,
                    |key| format!("{path}.sla_target.{key}"),
                    (Value::clone, Value::clone),
                    |d, path, want, have| d.compare(path, want.clone(), have.clone()),
                );
                let keys: BTreeSet<&str> = want_to
                    .keys()
                    .chain(actual.applicable_to.keys())
                    .map(String::as_str)
                    .collect();
                d.compare_keys(
                    &format!("{path}.applicable_to"),
                    keys,
                    &want_to,
                    &actual.applicable_to,
                    |v| v.map_or(Value::Array(Vec::new()), |v| Value::from(v.clone())),
                );
            }
            d.unexpected_owned(
                "sla_policies",
                c.policies.iter().map(|p| p.name.as_str()),
                &policies,
                |a| &a.name,
                |a| json!({"applicable_to": a.applicable_to}),
            );
            Ok(())
        },
    )
}

// ----- printers -----

/// `{"version":1,"system","entries":[{"region","path","kind","expected","actual"}]}`.
pub fn json_report(system: super::System, entries: &[Entry]) -> String {
    #[derive(Serialize)]
    struct Report<'a> {
        version: u32,
        system: &'a str,
        entries: &'a [Entry],
    }
    let mut text = serde_json::to_string_pretty(&Report {
        version: 1,
        system: system.name(),
        entries,
    })
    .unwrap_or_default();
    text.push('\n');
    text
}

/// Each drift with its region, path, and both values; then a summary line.
pub fn human_report(system: super::System, entries: &[Entry], regions: usize) -> String {
    let show = |v: &Value| match v {
        Value::Null => "(none)".to_owned(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let mut out = String::new();
    for e in entries {
        out.push_str(&format!("{}  {}  {}\n", e.region, e.path, e.kind.as_str()));
        out.push_str(&format!("    expected: {}\n", show(&e.expected)));
        out.push_str(&format!("    actual:   {}\n", show(&e.actual)));
    }
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    if entries.is_empty() {
        out.push_str(&format!(
            "{} matches the standard ({} checked)\n",
            system.title(),
            plural(regions, "region")
        ));
    } else {
        let drifted: BTreeSet<&str> = entries.iter().map(|e| e.region.as_str()).collect();
        out.push_str(&format!(
            "{} in {} of {}: {} differs from the standard\n",
            plural(entries.len(), "drift"),
            drifted.len(),
            plural(regions, "region"),
            system.title()
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::week_text;
    use serde_json::json;

    #[test]
    fn intervals_compare_as_open_minutes() {
        // Adjacent intervals, in any order, are the same open hours as one.
        assert_eq!(
            week_text(&[(2160, 2460), (1980, 2160)]),
            week_text(&[(1980, 2460)])
        );
        assert_eq!(week_text(&[(1980, 2460)]), json!(["mon 09:00-17:00"]));
        // A night shift stays split at midnight; Saturday ends at 24:00.
        assert_eq!(
            week_text(&[(2760, 2880), (2880, 3240), (9720, 10080)]),
            json!(["mon 22:00-24:00", "tue 00:00-06:00", "sat 18:00-24:00"])
        );
    }
}
