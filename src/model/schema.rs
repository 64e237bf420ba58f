//! Strict typed schemas of the three file kinds (base standard, culture overlay,
//! manifest). They check every file at load time and generate the JSON Schema
//! that `csstd schema` prints; the merged data itself stays a [`Node`] tree.
//!
//! [`Node`]: crate::model::node::Node

use crate::model::quantity::{Kind, Target, parse_duration};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// The pattern every id must match (SPEC 1).
pub const ID_PATTERN: &str = "^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$";

/// Does `s` match [`ID_PATTERN`]?
pub fn is_valid_id(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 64
        && b[0].is_ascii_alphanumeric()
        && b[1..]
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-'))
}

/// Accepts any text, dates included (`deserialize_str`, unlike `String`, takes a TOML date).
struct TextVisitor;

impl serde::de::Visitor<'_> for TextVisitor {
    type Value = String;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E>(self, v: &str) -> Result<String, E> {
        Ok(v.to_string())
    }
}

macro_rules! string_type {
    ($(#[$doc:meta])* $name:ident, $schema:expr, |$s:ident| $check:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        pub struct $name(pub String);

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let $s = d.deserialize_str(TextVisitor)?;
                let checked: Result<(), String> = $check;
                checked.map_err(serde::de::Error::custom)?;
                Ok($name($s))
            }
        }

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                $schema
            }
        }
    };
}

string_type!(
    /// An id: `^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$`.
    Id,
    json_schema!({"type": "string", "pattern": ID_PATTERN}),
    |s| if is_valid_id(&s) {
        Ok(())
    } else {
        Err(format!(
            "`{}` is not a valid id: ids match {ID_PATTERN}",
            crate::load::de::truncate(&s)
        ))
    }
);

string_type!(
    /// A calendar date, `YYYY-MM-DD` (a TOML date, or a string in YAML).
    Date,
    json_schema!({"type": "string", "format": "date"}),
    |s| crate::model::date::CivilDate::parse(&s).map(|_| ())
);

string_type!(
    /// A duration such as `30s`, `4h`, `1h30m`.
    DurationText,
    json_schema!({"type": "string", "pattern": "^([0-9.]+[wdhms])+$"}),
    |s| parse_duration(&s).map(|_| ())
);

string_type!(
    /// A target `"<op> <quantity>"`, or a bare quantity.
    TargetText,
    json_schema!({"type": "string", "pattern": "^\\s*(<=|<|>=|>)?\\s*[0-9.]+([wdhms%]|([0-9.]+[wdhms])*)?\\s*$"}),
    |s| Target::parse(&s).map(|_| ())
);

string_type!(
    /// A share of contacts, e.g. `">= 95%"`.
    PercentTarget,
    json_schema!({"type": "string", "pattern": "^\\s*(<=|<|>=|>)?\\s*[0-9.]+%\\s*$"}),
    |s| match Target::parse(&s) {
        Ok(t) if t.kind() == Kind::Percent => Ok(()),
        Ok(_) => Err(format!("`{s}` is not a percent target such as `>= 95%`")),
        Err(e) => Err(e),
    }
);

string_type!(
    /// A semantic version, `MAJOR.MINOR.PATCH` with optional pre-release.
    Version,
    json_schema!({"type": "string", "pattern": "^[0-9]+\\.[0-9]+\\.[0-9]+([-+].*)?$"}),
    |s| {
        let core = s.split(['-', '+']).next().unwrap_or("");
        let parts: Vec<&str> = core.split('.').collect();
        if parts.len() == 3
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.len() < 10 && p.chars().all(|c| c.is_ascii_digit()))
        {
            Ok(())
        } else {
            Err(format!("`{s}` is not a semantic version such as `3.0.0`"))
        }
    }
);

string_type!(
    /// Opening hours of one weekday: `HH:MM-HH:MM`, or `24h` for the whole day.
    DayHours,
    json_schema!({"type": "string", "pattern": "^(24h|[0-2][0-9]:[0-5][0-9]-[0-2][0-9]:[0-5][0-9])$"}),
    |s| crate::model::date::parse_day_hours(&s).map(|_| ())
);

/// `allow = [{ rule, reason, expires }]`: silences one lint rule for this entry.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Allow {
    pub rule: String,
    pub reason: Option<String>,
    pub expires: Option<Date>,
}

/// The principles a clause can serve.
#[derive(Debug, Deserialize, JsonSchema, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Principle {
    CustomerOrientation,
    CulturalSensitivity,
    Consistency,
    Measurability,
    LegalCompliance,
    ContinuousImprovement,
    Participation,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Satisfaction,
    Resolution,
    Responsiveness,
    Quality,
    Other,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Topic {
    DataProtection,
    ConsumerRights,
    RecordingConsent,
    Accessibility,
    Language,
    Employment,
    Other,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Directness {
    Direct,
    Balanced,
    Indirect,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Context {
    Low,
    Medium,
    High,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Formality {
    Casual,
    Neutral,
    Formal,
}

#[derive(Debug, Deserialize, JsonSchema, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Clock {
    Business,
    Calendar,
}

impl Clock {
    /// The clock as files write it.
    pub fn name(self) -> &'static str {
        match self {
            Clock::Business => "business",
            Clock::Calendar => "calendar",
        }
    }
}

/// `[standard]` of a base standard.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StandardMeta {
    pub id: Id,
    pub title: String,
    pub version: Version,
    pub owner: Option<String>,
    pub approvers: Option<Vec<String>>,
    pub contributors: Option<Vec<String>>,
    pub default_language: String,
    pub effective: Option<Date>,
    pub last_reviewed: Option<Date>,
    pub review_every_months: Option<u32>,
    pub allow: Option<Vec<Allow>>,
}

/// `[channels.<name>]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Channel {
    pub enabled: Option<bool>,
    pub languages: Option<Vec<String>>,
    pub recorded: Option<bool>,
    pub schedule: Option<Id>,
    pub targets: Option<BTreeMap<String, TargetText>>,
    pub allow: Option<Vec<Allow>>,
}

/// `[[sections]]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub id: Id,
    pub title: Option<String>,
    pub measurable: Option<bool>,
    pub remove: Option<bool>,
    pub allow: Option<Vec<Allow>>,
}

/// `[[metrics]]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Metric {
    pub id: Id,
    pub title: Option<String>,
    pub category: Option<Category>,
    pub target: Option<TargetText>,
    pub measured_by: Option<String>,
    pub frequency: Option<String>,
    pub remove: Option<bool>,
    pub allow: Option<Vec<Allow>>,
}

/// `[[clauses]]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Clause {
    pub id: Id,
    pub section: Option<Id>,
    pub title: Option<String>,
    pub text: Option<String>,
    pub principles: Option<Vec<Principle>>,
    pub metric: Option<Id>,
    pub locked: Option<bool>,
    /// Overlays only: Markdown added after the inherited text.
    pub append: Option<String>,
    /// Overlays only: drop the inherited entry.
    pub remove: Option<bool>,
    pub allow: Option<Vec<Allow>>,
}

/// `[[legal]]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Legal {
    pub id: Id,
    pub title: Option<String>,
    pub topics: Option<Vec<Topic>>,
    pub note: Option<String>,
    pub reference: Option<String>,
    pub remove: Option<bool>,
    pub allow: Option<Vec<Allow>>,
}

/// `[[priorities]]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Priority {
    pub id: Id,
    pub title: Option<String>,
    pub definition: Option<String>,
    pub examples: Option<Vec<String>>,
    pub remove: Option<bool>,
    pub allow: Option<Vec<Allow>>,
}

/// Opening hours per weekday; an absent day is closed.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Hours {
    pub mon: Option<DayHours>,
    pub tue: Option<DayHours>,
    pub wed: Option<DayHours>,
    pub thu: Option<DayHours>,
    pub fri: Option<DayHours>,
    pub sat: Option<DayHours>,
    pub sun: Option<DayHours>,
}

/// A dated holiday: one `date`, or a `from`/`to` range.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Holiday {
    pub name: String,
    pub date: Option<Date>,
    pub from: Option<Date>,
    pub to: Option<Date>,
}

/// `[[schedules]]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    pub id: Id,
    pub timezone: Option<String>,
    pub hours: Option<Hours>,
    pub holidays: Option<Vec<Holiday>>,
    pub remove: Option<bool>,
    pub allow: Option<Vec<Allow>>,
}

/// `[[slas]]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Sla {
    pub id: Id,
    pub channel: Option<String>,
    pub priority: Option<Id>,
    pub measure: Option<String>,
    pub within: Option<DurationText>,
    pub clock: Option<Clock>,
    pub schedule: Option<Id>,
    pub attainment: Option<PercentTarget>,
    pub tier: Option<String>,
    pub remove: Option<bool>,
    pub allow: Option<Vec<Allow>>,
}

/// `[[escalations]]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Escalation {
    pub id: Id,
    pub priority: Option<Id>,
    pub after: Option<DurationText>,
    pub clock: Option<Clock>,
    pub schedule: Option<Id>,
    pub to: Option<String>,
    pub via: Option<String>,
    pub remove: Option<bool>,
    pub allow: Option<Vec<Allow>>,
}

/// The keyed lists shared by base standards and overlays.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BaseFile {
    pub standard: StandardMeta,
    pub channels: Option<BTreeMap<String, Channel>>,
    pub sections: Option<Vec<Section>>,
    pub metrics: Option<Vec<Metric>>,
    pub clauses: Option<Vec<Clause>>,
    pub legal: Option<Vec<Legal>>,
    pub priorities: Option<Vec<Priority>>,
    pub schedules: Option<Vec<Schedule>>,
    pub slas: Option<Vec<Sla>>,
    pub escalations: Option<Vec<Escalation>>,
}

/// `[culture]` of an overlay.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CultureMeta {
    pub id: Id,
    pub name: String,
    pub extends: Id,
    #[serde(rename = "abstract")]
    pub is_abstract: Option<bool>,
    pub languages: Option<Vec<String>>,
    pub handbook_language: Option<String>,
    /// The language this file's own text is written in (default: that of the file it
    /// extends, ending with the standard's `default_language`).
    pub text_language: Option<String>,
    pub timezone: Option<String>,
    pub business_hours: Option<String>,
    pub holidays: Option<Vec<String>>,
    pub schedule: Option<Id>,
    pub owner: Option<String>,
    pub approvers: Option<Vec<String>>,
    pub contributors: Option<Vec<String>>,
    pub last_reviewed: Option<Date>,
    pub review_every_months: Option<u32>,
    pub allow: Option<Vec<Allow>>,
}

/// `[communication]` of an overlay.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Communication {
    pub directness: Option<Directness>,
    pub context: Option<Context>,
    pub formality: Option<Formality>,
    pub address: Option<String>,
    pub greeting: Option<String>,
    #[serde(rename = "do")]
    pub dos: Option<Vec<String>>,
    pub avoid: Option<Vec<String>>,
}

/// A culture overlay file.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OverlayFile {
    pub culture: CultureMeta,
    pub communication: Option<Communication>,
    /// Channel name → target key → what customers here expect.
    pub expectations: Option<BTreeMap<String, BTreeMap<String, TargetText>>>,
    pub channels: Option<BTreeMap<String, Channel>>,
    pub sections: Option<Vec<Section>>,
    pub metrics: Option<Vec<Metric>>,
    pub clauses: Option<Vec<Clause>>,
    pub legal: Option<Vec<Legal>>,
    pub priorities: Option<Vec<Priority>>,
    pub schedules: Option<Vec<Schedule>>,
    pub slas: Option<Vec<Sla>>,
    pub escalations: Option<Vec<Escalation>>,
}

/// `csstd.toml`.
#[derive(Debug, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct ManifestFile {
    pub project: Option<ProjectSection>,
    pub build: Option<BuildSection>,
    pub lint: Option<LintSection>,
}

#[derive(Debug, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct ProjectSection {
    pub standards: Option<String>,
    pub cultures: Option<String>,
    pub templates: Option<String>,
    /// Translation catalogues (SPEC 8).
    pub translations: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct BuildSection {
    pub out: Option<String>,
    pub emit: Option<Vec<Emit>>,
}

/// An output format of `build`.
#[derive(Debug, Deserialize, JsonSchema, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Emit {
    Md,
    Html,
}

#[derive(Debug, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct LintSection {
    pub deny_warnings: Option<bool>,
    pub rules: Option<BTreeMap<String, RuleLevel>>,
}

/// A severity set for a rule in `[lint.rules]`.
#[derive(Debug, Deserialize, JsonSchema, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    Error,
    Warning,
    Info,
    Off,
}

/// The JSON Schema of one file kind, with `x-` keys allowed on every object.
pub fn json_schema_for(kind: &str) -> Option<serde_json::Value> {
    let schema = match kind {
        "base" => schemars::schema_for!(BaseFile),
        "overlay" => schemars::schema_for!(OverlayFile),
        "manifest" => schemars::schema_for!(ManifestFile),
        _ => return None,
    };
    let mut value = schema.to_value();
    allow_annotations(&mut value);
    Some(value)
}

fn allow_annotations(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(map) => {
            if map.get("additionalProperties") == Some(&serde_json::Value::Bool(false)) {
                map.insert("patternProperties".into(), serde_json::json!({ "^x-": {} }));
            }
            for child in map.values_mut() {
                allow_annotations(child);
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(allow_annotations),
        _ => {}
    }
}
