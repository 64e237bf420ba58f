//! The typed data of csstd: positioned value trees, quantities, dates and the
//! strict file schemas. No I/O here.

pub mod date;
pub mod hours;
pub mod node;
pub mod node_de;
pub mod quantity;
pub mod schema;
pub mod sla;
pub mod standard;
pub mod tz;

/// Lists of tables merged by `id` (SPEC 3); everything else merges key by key.
pub const KEYED_LISTS: [&str; 8] = [
    "sections",
    "metrics",
    "clauses",
    "legal",
    "priorities",
    "schedules",
    "slas",
    "escalations",
];

/// Keys a new entry of each keyed list must have (the `id` aside).
pub fn required_keys(list: &str) -> &'static [&'static str] {
    match list {
        "sections" => &["title"],
        "metrics" => &["title", "category"],
        "clauses" => &["section", "title", "text"],
        "legal" => &["title"],
        "priorities" => &["title"],
        "schedules" => &["timezone", "hours"],
        "slas" => &["channel", "priority", "measure", "within"],
        "escalations" => &["priority", "after", "to"],
        _ => &[],
    }
}

/// Clause fields a locked clause keeps whatever an overlay says.
pub const LOCKED_FIELDS: [&str; 4] = ["text", "title", "section", "locked"];
