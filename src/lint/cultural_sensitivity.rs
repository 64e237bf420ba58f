//! Cultural sensitivity: every region says how to communicate there, and
//! serves the languages its customers use.

use super::{Cx, Raw, Scope};

pub fn check(cx: &mut Cx<'_>) {
    let std = cx.std;
    let missing = std.communication.missing_profile();
    if !missing.is_empty() {
        // Point at the region's own [communication] header if it has one, else at [culture].
        let own = cx
            .own_tables()
            .communication
            .as_ref()
            .map(|k| k.pos.clone());
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
    let served: Vec<&str> = std
        .enabled_channels()
        .flat_map(|(_, ch)| ch.languages.iter().copied())
        .collect();
    let languages = std
        .culture
        .as_ref()
        .and_then(|c| c.languages.as_ref())
        .map_or(&[][..], |l| &l.value);
    for lang in languages {
        let code = lang.value;
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
