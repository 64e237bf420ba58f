//! Zendesk's incremental ticket export (`/api/v2/incremental/tickets/cursor.json?include=metric_sets`):
//! a `.json` page with a `tickets` array, or `.jsonl` with one ticket per line, read into
//! the same rows as CSV. The region comes from `[helpdesk.zendesk] region_field`; first
//! response and resolution from the ticket's metric set (see docs/measure.md).

use super::tickets::{Row, RowError, instant, satisfaction};
use serde_json::Value;
use std::collections::HashMap;

/// Where the region is in a ticket: `brand_id`, `group_id`, `custom_fields.<id>`, or any
/// other top-level field.
pub fn region_of(ticket: &Value, field: &str) -> String {
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    };
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

/// Seconds a metric set gives for a measure: `<name>_in_seconds.calendar` when Zendesk
/// records seconds, else `<name>_in_minutes.calendar`.
fn calendar_seconds(metrics: &Value, name: &str) -> Option<i64> {
    metrics[format!("{name}_in_seconds")]["calendar"]
        .as_i64()
        .or_else(|| {
            metrics[format!("{name}_in_minutes")]["calendar"]
                .as_i64()
                .map(|m| m * 60)
        })
}

/// The owned text of one ticket, from which a [`Row`] borrows.
pub struct Ticket {
    pub line: u64,
    region: String,
    channel: String,
    priority: String,
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
            tier: None,
            created: self.created,
            measures: &self.measures,
            satisfaction: self.satisfaction,
        }
    }
}

/// Reads one exported ticket. `metrics` is its metric set (inline as `metric_set`, or
/// side-loaded in the page's `metric_sets`).
pub fn ticket(
    t: &Value,
    metrics: Option<&Value>,
    measures: &[String],
    region_field: &str,
    file: usize,
    line: u64,
) -> Result<Ticket, RowError> {
    let error = |column: &str, message: String| RowError {
        file,
        line,
        column: Some(column.to_owned()),
        message: match &t["id"] {
            Value::Null => message,
            id => format!("{message} (ticket {id})"),
        },
    };
    let created_text = t["created_at"]
        .as_str()
        .ok_or_else(|| error("created_at", "is missing".into()))?;
    let created = instant(created_text).map_err(|m| error("created_at", m))?;
    let metrics = metrics.or(Some(&t["metric_set"])).filter(|m| m.is_object());
    let mut out = Vec::with_capacity(measures.len());
    for m in measures {
        let at = match (m.as_str(), metrics) {
            ("first_response", Some(ms)) => calendar_seconds(ms, "reply_time").map(|s| created + s),
            ("resolution", Some(ms)) => match ms["solved_at"].as_str() {
                Some(s) => Some(instant(s).map_err(|e| error("metric_set.solved_at", e))?),
                None => calendar_seconds(ms, "full_resolution_time").map(|s| created + s),
            },
            _ => None,
        };
        if let Some(at) = at {
            if at < created {
                return Err(error(
                    &format!("{m}_at"),
                    format!("is before `created_at` ({created_text})"),
                ));
            }
        }
        out.push(at);
    }
    let score = t["satisfaction_rating"]["score"].as_str().unwrap_or("");
    let satisfaction = match score {
        "offered" | "unoffered" => None,
        s => satisfaction(s).map_err(|m| error("satisfaction_rating.score", m))?,
    };
    Ok(Ticket {
        line,
        region: region_of(t, region_field),
        channel: t["via"]["channel"].as_str().unwrap_or("").to_owned(),
        priority: t["priority"].as_str().unwrap_or("").to_owned(),
        created,
        measures: out,
        satisfaction,
    })
}

/// The metric sets a page side-loads, by ticket id.
pub fn side_loaded(page: &Value) -> HashMap<String, &Value> {
    page["metric_sets"]
        .as_array()
        .map(|sets| {
            sets.iter()
                .map(|m| (m["ticket_id"].to_string(), m))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::{region_of, ticket};
    use serde_json::json;

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
        let row = ticket(&t, None, &measures, "brand_id", 0, 1).unwrap();
        let r = row.row();
        assert_eq!(
            (r.region, r.channel, r.priority),
            ("360001234", "web", "urgent")
        );
        assert_eq!(
            r.measures,
            [Some(r.created + 5400), Some(r.created + 86_400)]
        );
        assert_eq!(r.satisfaction, Some(true));
        assert_eq!(region_of(&t, "custom_fields.27642"), "ja-JP");
        let bad = json!({"id": 1, "created_at": "2027-03-01T09:00:00"});
        let e = ticket(&bad, None, &measures, "brand_id", 0, 4)
            .err()
            .unwrap();
        assert!(e.message.contains("no UTC offset") && e.message.contains("(ticket 1)"));
    }
}
