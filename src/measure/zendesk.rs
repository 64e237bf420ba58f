//! Zendesk's incremental ticket export (`/api/v2/incremental/tickets/cursor.json?include=metric_sets`):
//! a `.json` page with a `tickets` array, or `.jsonl` with one ticket per line, read into
//! the same rows as CSV. The region and the tier come from the fields `[helpdesk.zendesk]`
//! names (`region_field`, `tier_field`); first response and resolution from the ticket's
//! metric set (see docs/measure.md). A ticket that cannot be read is a [`Fault`] naming
//! the value at fault by its path in the ticket, so the caller can say where it is.

use super::tickets::{Row, instant, satisfaction};
use crate::model::schema::HelpdeskSection;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

/// Which ticket fields say the region and the tier.
#[derive(Debug, Clone, Copy)]
pub struct Fields<'a> {
    /// `region_field`: `brand_id` unless set.
    pub region: &'a str,
    /// `tier_field`: none unless set.
    pub tier: Option<&'a str>,
    /// `[helpdesk.tiers]`, whose keys are the tags that are tiers (`tier_field = "tags"`).
    pub tiers: Option<&'a BTreeMap<String, String>>,
}

impl<'a> Fields<'a> {
    pub fn of(helpdesk: &'a HelpdeskSection) -> Fields<'a> {
        let zendesk = helpdesk.zendesk.as_ref();
        Fields {
            region: zendesk
                .and_then(|z| z.region_field.as_deref())
                .unwrap_or("brand_id"),
            tier: zendesk
                .and_then(|z| z.tier_field.as_deref())
                .filter(|f| !f.is_empty()),
            tiers: helpdesk.tiers.as_ref(),
        }
    }
}

/// `tier_field = "tags"` reads only the tags `[helpdesk.tiers]` names: without that
/// table no ticket would ever have a tier, so it is refused.
pub fn check(helpdesk: &HelpdeskSection) -> Result<(), String> {
    let fields = Fields::of(helpdesk);
    if fields.tier == Some("tags") && fields.tiers.is_none_or(BTreeMap::is_empty) {
        return Err("csstd.toml: [helpdesk.zendesk] tier_field = \"tags\" takes as the tier the first tag that [helpdesk.tiers] names, and [helpdesk.tiers] names none: add one, such as `enterprise_plan = \"enterprise\"` (tag = tier id)".into());
    }
    Ok(())
}

/// A value as text: a string as it is, `null` as nothing, anything else as JSON.
fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The value of a field as text: `custom_fields.<id>` is the `value` of that custom
/// field, anything else a top-level field (`brand_id`, `group_id`, `organization_id`...).
pub fn field_text(ticket: &Value, field: &str) -> String {
    match field.strip_prefix("custom_fields.") {
        Some(id) => ticket["custom_fields"]
            .as_array()
            .and_then(|fields| {
                fields
                    .iter()
                    .find(|f| text(&f["id"]) == id)
                    .map(|f| text(&f["value"]))
            })
            .unwrap_or_default(),
        None => text(&ticket[field]),
    }
}

/// The ticket's tier as the helpdesk writes it (mapped later, like a CSV `tier`): the
/// value of `tier_field`, or with `tags` the first of the ticket's tags that
/// `[helpdesk.tiers]` names. Empty: no tier.
pub fn tier_of(ticket: &Value, fields: &Fields<'_>) -> Option<String> {
    let field = fields.tier?;
    let tier = if field == "tags" {
        let tiers = fields.tiers?;
        ticket["tags"]
            .as_array()?
            .iter()
            .filter_map(Value::as_str)
            .find(|t| tiers.contains_key(*t))?
            .to_owned()
    } else {
        field_text(ticket, field)
    };
    Some(tier).filter(|t| !t.is_empty())
}

/// Seconds a metric set gives for a measure, and the member that gave them:
/// `<name>_in_seconds.calendar` when Zendesk records seconds, else
/// `<name>_in_minutes.calendar`.
fn calendar_seconds(metrics: &Value, name: &str) -> Option<(i64, String)> {
    let seconds = format!("{name}_in_seconds");
    let minutes = format!("{name}_in_minutes");
    match metrics[&seconds]["calendar"].as_i64() {
        Some(s) => Some((s, seconds)),
        None => metrics[&minutes]["calendar"]
            .as_i64()
            .map(|m| (m.saturating_mul(60), minutes)),
    }
}

/// The owned text of one ticket, from which a [`Row`] borrows.
pub struct Ticket {
    pub line: u64,
    region: String,
    channel: String,
    priority: String,
    tier: Option<String>,
    created: i64,
    measures: Vec<Option<i64>>,
    satisfaction: Option<bool>,
}

impl Ticket {
    pub fn row(&self) -> Row<'_> {
        Row {
            line: self.line,
            region: &self.region,
            channel: &self.channel,
            priority: &self.priority,
            tier: self.tier.as_deref(),
            created: self.created,
            measures: &self.measures,
            satisfaction: self.satisfaction,
        }
    }
}

/// A ticket that cannot be read: the value at fault, and why.
#[derive(Debug)]
pub struct Fault {
    /// The value is in the metric set the page side-loads for the ticket, not in the
    /// ticket itself.
    pub side_loaded: bool,
    /// The members leading to the value from the ticket (or its side-loaded metric set);
    /// empty: the ticket as a whole.
    pub path: Vec<String>,
    /// The value's name in messages (`created_at`, `metric_set.solved_at`).
    pub column: String,
    /// What is wrong, with the ticket's id.
    pub message: String,
}

/// Reads one exported ticket. `side_loaded` is its metric set from the page's
/// `metric_sets`; without one, the ticket's own `metric_set` is read.
pub fn ticket(
    t: &Value,
    side_loaded: Option<&Value>,
    measures: &[String],
    fields: &Fields<'_>,
    line: u64,
) -> Result<Ticket, Fault> {
    // Where a metric-set member is: in the page's `metric_sets`, or under `metric_set`.
    let in_metrics = |member: &[&str]| -> Vec<String> {
        side_loaded
            .is_none()
            .then_some("metric_set")
            .into_iter()
            .chain(member.iter().copied())
            .map(str::to_owned)
            .collect()
    };
    let fault = |side: bool, path: Vec<String>, column: &str, message: String| Fault {
        side_loaded: side,
        path,
        column: column.to_owned(),
        message: match &t["id"] {
            Value::Null => message,
            id => format!("{message} (ticket {id})"),
        },
    };
    let created_text = match &t["created_at"] {
        Value::String(s) => s.as_str(),
        Value::Null => {
            return Err(fault(false, Vec::new(), "created_at", "is missing".into()));
        }
        other => {
            return Err(fault(
                false,
                vec!["created_at".into()],
                "created_at",
                format!(
                    "`{}` is not a timestamp: write RFC 3339 in a string, such as \"2027-03-01T09:15:00Z\"",
                    crate::hint::truncate(&other.to_string())
                ),
            ));
        }
    };
    let created = instant(created_text)
        .map_err(|m| fault(false, vec!["created_at".into()], "created_at", m))?;
    let metrics = side_loaded
        .or(Some(&t["metric_set"]))
        .filter(|m| m.is_object());
    let side = side_loaded.is_some();
    let mut out = Vec::with_capacity(measures.len());
    for m in measures {
        // When the ticket reached the measure, and the member that says so.
        let at = match (m.as_str(), metrics) {
            ("first_response", Some(ms)) => calendar_seconds(ms, "reply_time")
                .map(|(s, member)| (created.saturating_add(s), vec![member, "calendar".into()])),
            ("resolution", Some(ms)) => match ms["solved_at"].as_str() {
                Some(s) => {
                    let path = in_metrics(&["solved_at"]);
                    let at = instant(s)
                        .map_err(|e| fault(side, path.clone(), "metric_set.solved_at", e))?;
                    Some((at, vec!["solved_at".into()]))
                }
                None => calendar_seconds(ms, "full_resolution_time").map(|(s, member)| {
                    (created.saturating_add(s), vec![member, "calendar".into()])
                }),
            },
            _ => None,
        };
        if let Some((at, member)) = &at {
            if *at < created {
                let member: Vec<&str> = member.iter().map(String::as_str).collect();
                return Err(fault(
                    side,
                    in_metrics(&member),
                    &format!("{m}_at"),
                    format!("is before `created_at` ({created_text})"),
                ));
            }
        }
        out.push(at.map(|(at, _)| at));
    }
    let score = t["satisfaction_rating"]["score"].as_str().unwrap_or("");
    let satisfaction = match score {
        "offered" | "unoffered" => None,
        s => satisfaction(s).map_err(|m| {
            fault(
                false,
                vec!["satisfaction_rating".into(), "score".into()],
                "satisfaction_rating.score",
                m,
            )
        })?,
    };
    Ok(Ticket {
        line,
        region: field_text(t, fields.region),
        channel: t["via"]["channel"].as_str().unwrap_or("").to_owned(),
        priority: t["priority"].as_str().unwrap_or("").to_owned(),
        tier: tier_of(t, fields),
        created,
        measures: out,
        satisfaction,
    })
}

/// The metric sets a page side-loads, by ticket id: each with its place in
/// `metric_sets`.
pub fn side_loaded(page: &Value) -> HashMap<String, (usize, &Value)> {
    page["metric_sets"]
        .as_array()
        .map(|sets| {
            sets.iter()
                .enumerate()
                .map(|(i, m)| (m["ticket_id"].to_string(), (i, m)))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::{Fields, field_text, ticket, tier_of};
    use serde_json::json;
    use std::collections::BTreeMap;

    const BRAND: Fields<'static> = Fields {
        region: "brand_id",
        tier: None,
        tiers: None,
    };

    #[test]
    fn a_ticket_becomes_a_row() {
        let t = json!({
            "id": 35436, "created_at": "2027-03-01T09:00:00Z", "priority": "urgent",
            "via": {"channel": "web"}, "brand_id": 360001234,
            "custom_fields": [{"id": 27642, "value": "ja-JP"}],
            "satisfaction_rating": {"score": "good"},
            "metric_set": {"reply_time_in_minutes": {"calendar": 90, "business": 30},
                           "solved_at": "2027-03-02T09:00:00Z"}
        });
        let measures = ["first_response".to_owned(), "resolution".to_owned()];
        let row = ticket(&t, None, &measures, &BRAND, 1).unwrap();
        let r = row.row();
        assert_eq!(
            (r.region, r.channel, r.priority, r.tier),
            ("360001234", "web", "urgent", None)
        );
        assert_eq!(
            r.measures,
            [Some(r.created + 5400), Some(r.created + 86_400)]
        );
        assert_eq!(r.satisfaction, Some(true));
        assert_eq!(field_text(&t, "custom_fields.27642"), "ja-JP");
    }

    #[test]
    fn a_fault_names_the_path_of_the_value() {
        let measures = ["first_response".to_owned(), "resolution".to_owned()];
        let bad = json!({"id": 1, "created_at": "2027-03-01T09:00:00"});
        let e = ticket(&bad, None, &measures, &BRAND, 4).err().unwrap();
        assert!(e.message.contains("no UTC offset") && e.message.contains("(ticket 1)"));
        assert_eq!(
            (e.path, e.side_loaded),
            (vec!["created_at".to_owned()], false)
        );
        let early = json!({"id": 2, "created_at": "2027-03-01T09:00:00Z",
            "metric_set": {"solved_at": "2027-02-01T09:00:00Z"}});
        let e = ticket(&early, None, &measures, &BRAND, 1).err().unwrap();
        assert_eq!(e.path, ["metric_set", "solved_at"]);
        assert_eq!(e.column, "resolution_at");
        let set = json!({"ticket_id": 2, "reply_time_in_seconds": {"calendar": -5}});
        let e = ticket(&early, Some(&set), &measures, &BRAND, 1)
            .err()
            .unwrap();
        assert_eq!(e.path, ["reply_time_in_seconds", "calendar"]);
        assert!(e.side_loaded);
        let e = ticket(&json!({"id": 3}), None, &measures, &BRAND, 1)
            .err()
            .unwrap();
        assert!(e.path.is_empty() && e.message.contains("is missing"));
    }

    #[test]
    fn the_tier_comes_from_a_field_or_the_tags() {
        let t = json!({"organization_id": 9001, "tags": ["vip", "ent", "gold"],
            "custom_fields": [{"id": 77, "value": "enterprise"}, {"id": 78, "value": null}]});
        let tiers: BTreeMap<String, String> = [
            ("gold".into(), "gold".into()),
            ("ent".into(), "enterprise".into()),
        ]
        .into();
        let of = |field: &'static str| {
            tier_of(
                &t,
                &Fields {
                    tier: Some(field),
                    tiers: Some(&tiers),
                    ..BRAND
                },
            )
        };
        assert_eq!(of("organization_id").as_deref(), Some("9001"));
        assert_eq!(of("custom_fields.77").as_deref(), Some("enterprise"));
        assert_eq!(of("custom_fields.78"), None, "null is no tier");
        assert_eq!(of("custom_fields.79"), None);
        assert_eq!(
            of("tags").as_deref(),
            Some("ent"),
            "the first tag that is a tier"
        );
        assert_eq!(tier_of(&t, &BRAND), None, "no tier_field, no tier");
    }
}
