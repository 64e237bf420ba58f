//! Cultural sensitivity: every region says how to communicate there, and
//! serves the languages its customers use.

use super::{Cx, Raw, Scope};
use crate::model::node::Node;

pub fn check(cx: &mut Cx<'_>) {
    let communication = cx.table("communication");
    let missing: Vec<&str> = ["directness", "context", "formality"]
        .into_iter()
        .filter(|k| communication.and_then(|c| c.get(k)).is_none())
        .collect();
    if !missing.is_empty() {
        // Point at the region's own [communication] header if it has one, else at [culture].
        let own = cx
            .project
            .doc(&cx.r.id)
            .and_then(|d| d.node().key_pos("communication").cloned());
        let at = own.unwrap_or_else(|| cx.header());
        cx.push(
            Raw::new(
                "cultural-sensitivity/missing-communication-profile",
                &at,
                format!(
                    "region `{}` lacks {} in [communication]",
                    cx.r.id,
                    missing.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
                ),
                Scope::Region,
            )
            .help("set directness (direct|balanced|indirect), context (low|medium|high) and formality (casual|neutral|formal)"),
        );
    }
    let served: Vec<&str> = cx
        .enabled_channels()
        .into_iter()
        .flat_map(|(_, ch)| ch.get_strs("languages"))
        .collect();
    let languages =
        cx.r.get("culture")
            .and_then(|c| c.get("languages"))
            .and_then(Node::array)
            .unwrap_or_default();
    for lang in languages {
        let Some(code) = lang.str() else { continue };
        if !served.contains(&code) {
            cx.push(
                Raw::new(
                    "cultural-sensitivity/language-not-served",
                    &lang.pos,
                    format!("customers here use `{code}`, but no enabled channel lists it"),
                    Scope::Region,
                )
                .help(format!(
                    "add \"{code}\" to `languages` of a channel, e.g. [channels.email]"
                )),
            );
        }
    }
}
