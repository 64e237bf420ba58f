//! Legal compliance: each region names its data-protection law, its
//! call-recording rules where calls are recorded, and a source for each note.

use super::{Cx, Raw, Scope};
use crate::model::standard::List;

pub fn check(cx: &mut Cx<'_>) {
    let std = cx.std;
    let has_topic = |topic: &str| std.legal.iter().any(|l| l.topics.contains(&topic));
    if !has_topic("data-protection") {
        let at = cx.header();
        cx.push(
            Raw::new(
                "legal-compliance/no-data-protection-note",
                &at,
                format!("region `{}` has no legal note with topic `data-protection`", cx.r.id),
                Scope::Region,
            )
            .help("add a [[legal]] note naming the data-protection law, its request deadlines and a reference"),
        );
    }
    if !has_topic("recording-consent") {
        for (name, ch) in std.enabled_channels() {
            if let Some(rec) = ch.recorded.as_ref().filter(|r| r.value) {
                cx.push(
                    Raw::new(
                        "legal-compliance/recording-consent-missing",
                        &rec.pos,
                        format!("channel `{name}` is recorded, but no legal note has topic `recording-consent`"),
                        Scope::Channel(name.to_string()),
                    )
                    .help("add a [[legal]] note on recording consent for this region, or set `recorded = false`"),
                );
            }
        }
    }
    for note in &std.legal {
        if note.reference.is_none() {
            let id = note.id.value;
            let at = note.id.pos.clone();
            cx.push(
                Raw::new(
                    "legal-compliance/no-reference",
                    &at,
                    format!("legal note `{id}` has no `reference`"),
                    Scope::Entry(List::Legal, id.to_string()),
                )
                .help("add `reference = \"https://...\"` to the official text"),
            );
        }
    }
}
