//! The assistant's brief (SPEC 11): an assistant that answers first must say it is an AI,
//! must have a way to a person, and its brief must fit the helpdesk AI tools it is pasted
//! into. Only regions whose `[agent] enabled = true`.

use super::{Cx, Raw, Scope};
use crate::render::Templates;
use crate::render::agent::{MAX_ITEM_CHARS, MAX_ITEMS};
use crate::translate::apply::Translator;

pub fn check(cx: &mut Cx<'_>) {
    let Some(agent) = cx.std.enabled_agent() else {
        return;
    };
    // Findings about what is missing point at `enabled = true`, where the assistant is
    // switched on for this region.
    let enabled = agent
        .enabled
        .as_ref()
        .map_or_else(|| cx.header(), |e| e.pos.clone());
    let blank =
        |t: Option<&crate::model::standard::Text<'_>>| t.is_none_or(|t| t.trim().is_empty());
    if blank(agent.disclosure.as_ref()) {
        cx.push(
            Raw::new(
                "legal-compliance/no-ai-disclosure",
                &enabled,
                format!("the assistant of region `{}` has no `disclosure`", cx.r.id),
                Scope::Agent,
            )
            .help("add `disclosure = \"...\"` to [agent]: the first thing it says, that the customer is talking to an AI and how to reach a person (EU AI Act art. 50(1))"),
        );
    }
    if blank(agent.handover.as_ref()) {
        cx.push(
            Raw::new(
                "customer-orientation/no-human-handover",
                &enabled,
                format!("the assistant of region `{}` has no `handover`", cx.r.id),
                Scope::Agent,
            )
            .help("add `handover = \"...\"` to [agent]: when it offers a person and how it hands over"),
        );
    }
    too_long(cx, &enabled);
}

/// The brief as `agent.json` holds it, in the handbook language.
fn too_long(cx: &mut Cx<'_>, enabled: &crate::model::node::Pos) {
    let translator =
        (!cx.project.catalogues.by_lang.is_empty()).then(|| Translator::new(cx.project));
    // The tree was checked at load time; a brief that cannot be made is not this rule's.
    let Ok(Some(brief)) = Templates::agent_brief(cx.r, translator.as_ref()) else {
        return;
    };
    for item in &brief.items {
        let chars = item.text.chars().count();
        if chars > MAX_ITEM_CHARS {
            let at = item.at.clone().unwrap_or_else(|| enabled.clone());
            cx.push(
                Raw::new(
                    "customer-orientation/agent-brief-too-long",
                    &at,
                    format!(
                        "item `{}` of the assistant's brief is {chars} characters long, over the {MAX_ITEM_CHARS} that helpdesk AI tools take",
                        item.id
                    ),
                    Scope::Agent,
                )
                .help("shorten the text this item is made from, or split it into paragraphs or list items (a legal note is cut between them)"),
            );
        }
    }
    if brief.items.len() > MAX_ITEMS {
        cx.push(
            Raw::new(
                "customer-orientation/agent-brief-too-long",
                enabled,
                format!(
                    "the assistant's brief has {} items, over the {MAX_ITEMS} that helpdesk AI tools take",
                    brief.items.len()
                ),
                Scope::Agent,
            )
            .help("fewer `never` entries, escalations or legal notes for this region; docs/agent.md lists what makes an item"),
        );
    }
}
