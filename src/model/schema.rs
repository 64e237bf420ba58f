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
            crate::hint::truncate(&s)
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

/// Opening hours of one weekday: `HH:MM-HH:MM`, a list of such intervals for a day with a
/// break (`["09:00-12:00", "13:00-18:00"]`, in order, not overlapping), or `24h`.
#[derive(Debug, Clone)]
pub struct DayHours(pub Vec<String>);

impl<'de> Deserialize<'de> for DayHours {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct DayVisitor;
        impl<'de> serde::de::Visitor<'de> for DayVisitor {
            type Value = Vec<String>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("opening hours such as \"09:00-18:00\", a list of them, or \"24h\"")
            }
            fn visit_str<E>(self, v: &str) -> Result<Vec<String>, E> {
                Ok(vec![v.to_owned()])
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Vec<String>, A::Error> {
                let mut out = Vec::new();
                while let Some(s) = seq.next_element::<String>()? {
                    out.push(s);
                }
                Ok(out)
            }
        }
        let written = d.deserialize_any(DayVisitor)?;
        let refs: Vec<&str> = written.iter().map(String::as_str).collect();
        crate::model::hours::parse_day(&refs).map_err(serde::de::Error::custom)?;
        Ok(DayHours(written))
    }
}

impl JsonSchema for DayHours {
    fn schema_name() -> Cow<'static, str> {
        "DayHours".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        const INTERVAL: &str = "^(24h|[0-2][0-9]:[0-5][0-9]-[0-2][0-9]:[0-5][0-9])$";
        json_schema!({
            "oneOf": [
                {"type": "string", "pattern": INTERVAL},
                {"type": "array", "minItems": 1, "items": {"type": "string", "pattern": INTERVAL}}
            ]
        })
    }
}

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

/// Other hours for a dated period, `from` and `to` inclusive: within it they replace the
/// week's hours (a day absent here is closed); holidays still close their days.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Exception {
    pub name: String,
    pub from: Date,
    pub to: Date,
    pub hours: Hours,
}

/// `[[schedules]]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    pub id: Id,
    pub timezone: Option<String>,
    pub hours: Option<Hours>,
    pub holidays: Option<Vec<Holiday>>,
    /// Other hours for dated periods (Ramadan hours, a summer timetable).
    pub exceptions: Option<Vec<Exception>>,
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

/// `[agent]`: the AI assistant or chatbot that answers customers first (SPEC 11). Merged
/// like any table: a key set in an overlay replaces the inherited value, lists whole.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Agent {
    /// Write a brief for this region (`build --emit agent`).
    pub enabled: Option<bool>,
    /// The assistant's name as customers see it.
    pub name: Option<String>,
    /// The channels it answers on (default: every enabled channel).
    pub channels: Option<Vec<String>>,
    /// What it says first: that the customer is talking to an AI and can reach a person.
    pub disclosure: Option<String>,
    /// When and how it hands over to a person.
    pub handover: Option<String>,
    /// Matters it always hands over.
    pub handover_topics: Option<Vec<String>>,
    /// What it must never do or say.
    pub never: Option<Vec<String>>,
    pub allow: Option<Vec<Allow>>,
}

/// The keyed lists shared by base standards and overlays.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BaseFile {
    pub standard: StandardMeta,
    pub agent: Option<Agent>,
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
    pub agent: Option<Agent>,
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
    /// How helpdesk values map onto the standard (SPEC 9 and 10).
    pub helpdesk: Option<HelpdeskSection>,
}

/// `[helpdesk]`: a helpdesk's column names and values, mapped onto the standard's.
#[derive(Debug, Deserialize, JsonSchema, Default, Clone)]
#[serde(deny_unknown_fields)]
pub struct HelpdeskSection {
    /// csstd column name (`region`, `created_at`, `first_response_at`, ...) = the header
    /// the ticket file has for it.
    pub columns: Option<BTreeMap<String, String>>,
    /// Helpdesk priority = priority id.
    pub priorities: Option<BTreeMap<String, String>>,
    /// Helpdesk channel = channel id.
    pub channels: Option<BTreeMap<String, String>>,
    /// Helpdesk value of the region field = region id.
    pub regions: Option<BTreeMap<String, String>>,
    /// Helpdesk value of the tier (CSV `tier` column, Zendesk `tier_field`) = tier id.
    pub tiers: Option<BTreeMap<String, String>>,
    pub zendesk: Option<ZendeskSection>,
    pub freshdesk: Option<FreshdeskSection>,
}

/// `[helpdesk.zendesk]`.
#[derive(Debug, Deserialize, JsonSchema, Default, Clone)]
#[serde(deny_unknown_fields)]
pub struct ZendeskSection {
    /// The ticket field that says the region: `brand_id`, `group_id` or
    /// `custom_fields.<id>`.
    pub region_field: Option<String>,
    /// IANA time zone = the Zendesk (Rails) name to write for it, for a zone Rails has no
    /// name for (`"America/Toronto" = "Eastern Time (US & Canada)"`) or to choose another.
    pub time_zones: Option<BTreeMap<String, String>>,
    /// The ticket field that says the customer's tier: `organization_id`,
    /// `custom_fields.<id>`, any other top-level field, or `tags` (the first tag that
    /// `[helpdesk.tiers]` maps). Unset: tickets have no tier.
    pub tier_field: Option<String>,
}

/// `[helpdesk.freshdesk]`.
#[derive(Debug, Deserialize, JsonSchema, Default, Clone)]
#[serde(deny_unknown_fields)]
pub struct FreshdeskSection {
    /// The ticket field that says the region, as an SLA policy's `applicable_to` filters
    /// it: `group_id` (default), `product_id` or `company_id`.
    pub region_field: Option<String>,
    /// IANA time zone = the Freshdesk (Rails) name to write for it.
    pub time_zones: Option<BTreeMap<String, String>>,
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
    /// The assistant's brief (`agent.md`, `agent.json`) of regions whose agent is enabled.
    Agent,
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
