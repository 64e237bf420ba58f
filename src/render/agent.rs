//! The assistant's brief (SPEC 11): what an AI assistant that answers customers first
//! must know of a region's standard, as a list of items for helpdesk AI tools
//! (`agent.json`) and, laid out by `agent.md.j2`, as a page for a system prompt.
//!
//! The items are written here, once, in the handbook language, from the typed standard
//! (translated where the catalogues have it): `agent.json` serializes them and the
//! Markdown template only groups them under headings. Item texts are Markdown: source
//! Markdown stays as written, labels and names put into a sentence are escaped.

use minijinja::Value;
use serde::Serialize;

use super::filters::{duration_of, duration_seconds, label_of};
use super::markdown::escape_inline;
use super::view::{self, catalogue_str, clock_word, communication};
use crate::model::node::Pos;
use crate::model::standard::{Legal, Standard, Text};

/// Longest item helpdesk AI tools take (Intercom Fin guidance), in characters.
pub const MAX_ITEM_CHARS: usize = 2_500;
/// Most items helpdesk AI tools take (Zendesk AI agents' instructions).
pub const MAX_ITEMS: usize = 40;

/// `agent.json`: `{"version":1,"region","language","items":[{"id","category","text"}]}`.
#[derive(Debug, Clone, Serialize)]
pub struct Brief {
    pub version: u32,
    pub region: String,
    pub language: String,
    pub items: Vec<Item>,
    /// The page's title and introduction, for `agent.md`.
    #[serde(skip)]
    pub title: String,
    #[serde(skip)]
    pub intro: String,
}

/// One instruction.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    /// Stable: `identity.disclosure`, `promises.email`, `never.2`, `legal.<note id>`.
    pub id: String,
    pub category: Category,
    /// Markdown.
    pub text: String,
    /// The source value the item is made from, for findings about it.
    #[serde(skip)]
    pub at: Option<Pos>,
}

/// What an item is about, in the order the brief gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Identity,
    Language,
    Tone,
    Promises,
    Handover,
    Never,
    Legal,
}

impl Category {
    pub const ALL: [Category; 7] = [
        Category::Identity,
        Category::Language,
        Category::Tone,
        Category::Promises,
        Category::Handover,
        Category::Never,
        Category::Legal,
    ];

    /// The catalogue key of its heading in `agent.md`.
    fn heading_key(self) -> &'static str {
        match self {
            Category::Identity => "agent_part_identity",
            Category::Language => "agent_part_language",
            Category::Tone => "agent_part_tone",
            Category::Promises => "agent_part_promises",
            Category::Handover => "agent_part_handover",
            Category::Never => "agent_part_never",
            Category::Legal => "agent_part_legal",
        }
    }
}

/// What `agent.md.j2` sees as `agent`: the brief's items under their headings.
#[derive(Debug, Serialize)]
pub struct Page<'a> {
    pub region: &'a str,
    pub language: &'a str,
    pub title: &'a str,
    pub intro: &'a str,
    /// Categories with at least one item, in brief order.
    pub parts: Vec<Part<'a>>,
}

#[derive(Debug, Serialize)]
pub struct Part<'a> {
    pub category: Category,
    pub heading: String,
    pub items: Vec<&'a Item>,
}

impl Brief {
    /// The page `agent.md.j2` lays out.
    pub fn page<'a>(&'a self, strings: &Value) -> Page<'a> {
        Page {
            region: &self.region,
            language: &self.language,
            title: &self.title,
            intro: &self.intro,
            parts: Category::ALL
                .into_iter()
                .filter_map(|category| {
                    let items: Vec<&Item> = self
                        .items
                        .iter()
                        .filter(|i| i.category == category)
                        .collect();
                    (!items.is_empty()).then(|| Part {
                        category,
                        heading: catalogue_str(strings, category.heading_key()),
                        items,
                    })
                })
                .collect(),
        }
    }
}

/// The catalogue string `key` with its `{placeholders}` filled in.
fn fill(strings: &Value, key: &str, values: &[(&str, &str)]) -> String {
    let mut s = catalogue_str(strings, key);
    for (name, value) in values {
        s = s.replace(&format!("{{{name}}}"), value);
    }
    s
}

fn text<'a>(t: Option<&Text<'a>>) -> Option<&'a str> {
    t.map(|t| t.value).filter(|s| !s.trim().is_empty())
}

/// A Markdown list, one line per entry (entries are source Markdown, kept on one line).
fn bullets<'a>(lead: String, entries: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = lead;
    for e in entries {
        out.push_str("\n- ");
        out.push_str(&e.split_whitespace().collect::<Vec<_>>().join(" "));
    }
    out
}

/// The brief of a region whose `[agent]` is enabled, labelled with `strings` (the
/// catalogue of the handbook language `lang`); `None` when there is no assistant.
pub fn brief(std: &Standard<'_>, strings: &Value, lang: &str) -> Option<Brief> {
    let agent = std.enabled_agent()?;
    let culture = std.culture.as_ref();
    let region_id = culture
        .and_then(|c| text(c.id.as_ref()))
        .or(text(std.standard.id.as_ref()))
        .unwrap_or_default();
    let region = escape_inline(
        culture
            .and_then(|c| text(c.name.as_ref()))
            .unwrap_or(region_id),
    );
    let sep = catalogue_str(strings, "list_separator");
    let mut items = Vec::new();
    let mut push = |id: String, category, text: String, at: Option<&Pos>| {
        items.push(Item {
            id,
            category,
            text,
            at: at.cloned(),
        });
    };

    // Identity and disclosure.
    let name = text(agent.name.as_ref()).map(escape_inline);
    let identity = match &name {
        Some(name) => fill(
            strings,
            "agent_identity",
            &[("name", name), ("region", &region)],
        ),
        None => fill(strings, "agent_identity_unnamed", &[("region", &region)]),
    };
    let channels: Vec<String> = agent
        .channels
        .iter()
        .flat_map(|c| c.value.iter())
        .map(|c| escape_inline(&label_of(strings, c.value, "channel")))
        .collect();
    let answers = if channels.is_empty() {
        catalogue_str(strings, "agent_answers")
    } else {
        let and = catalogue_str(strings, "list_and_separator");
        let joined = match channels.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{}{and}{last}", rest.join(&sep)),
            _ => channels.join(&sep),
        };
        fill(strings, "agent_answers_channels", &[("channels", &joined)])
    };
    let at = agent.name.as_ref().map(|n| &n.pos);
    let space = catalogue_str(strings, "sentence_separator");
    push(
        "identity.name".into(),
        Category::Identity,
        format!("{identity}{space}{answers}"),
        at,
    );
    if let Some(disclosure) = agent.disclosure.as_ref().filter(|d| !d.trim().is_empty()) {
        let text = fill(
            strings,
            "agent_disclosure",
            &[("disclosure", disclosure.value)],
        );
        push(
            "identity.disclosure".into(),
            Category::Identity,
            text,
            Some(&disclosure.pos),
        );
    }

    // Languages.
    let languages: Vec<&str> = match culture.and_then(|c| c.languages.as_ref()) {
        Some(l) if !l.is_empty() => l.iter().map(|t| t.value).collect(),
        _ => vec![lang],
    };
    let names: Vec<String> = languages
        .iter()
        .map(|l| language_name(strings, l))
        .collect();
    let text = fill(
        strings,
        "agent_languages",
        &[("languages", &names.join(&sep)), ("first", &names[0])],
    );
    let at = culture.and_then(|c| c.languages.as_ref()).map(|l| &l.pos);
    push("language.answer".into(), Category::Language, text, at);

    // Tone.
    let comm = communication(std, strings, None);
    let mut profile: Vec<String> = comm
        .profile
        .iter()
        .map(|f| {
            let (label, value) = (escape_inline(&f.label), escape_inline(&f.value));
            fill(
                strings,
                "agent_promise_channel",
                &[("channel", &label), ("targets", &value)],
            )
        })
        .collect();
    if let Some(address) = comm.address {
        profile.push(fill(strings, "agent_address", &[("address", address)]));
    }
    if !profile.is_empty() {
        let text = bullets(
            catalogue_str(strings, "agent_tone"),
            profile.iter().map(String::as_str),
        );
        let at = std.communication.directness.as_ref().map(|d| &d.pos);
        push("tone.profile".into(), Category::Tone, text, at);
    }
    if !comm.dos.is_empty() {
        let text = bullets(catalogue_str(strings, "agent_do"), comm.dos.iter().copied());
        push("tone.do".into(), Category::Tone, text, None);
    }
    if !comm.avoid.is_empty() {
        let text = bullets(
            catalogue_str(strings, "agent_avoid"),
            comm.avoid.iter().copied(),
        );
        push("tone.avoid".into(), Category::Tone, text, None);
    }

    // What it may promise: channel targets and SLAs, channel by channel.
    let promises = promises(std, strings, &sep);
    if !promises.is_empty() {
        push(
            "promises.rule".into(),
            Category::Promises,
            catalogue_str(strings, "agent_promises_rule"),
            None,
        );
        for (channel, text, at) in promises {
            push(
                format!("promises.{channel}"),
                Category::Promises,
                text,
                at.as_ref(),
            );
        }
    }

    // Handing over.
    if let Some(handover) = agent.handover.as_ref().filter(|h| !h.trim().is_empty()) {
        push(
            "handover.rule".into(),
            Category::Handover,
            handover.value.to_owned(),
            Some(&handover.pos),
        );
    }
    if !agent.handover_topics.is_empty() {
        let text = bullets(
            catalogue_str(strings, "agent_handover_topics"),
            agent.handover_topics.iter().map(|t| t.value),
        );
        let at = agent.handover_topics.first().map(|t| &t.pos);
        push("handover.topics".into(), Category::Handover, text, at);
    }
    for (priority, text, at) in escalations(std, strings) {
        push(
            format!("handover.{priority}"),
            Category::Handover,
            text,
            Some(&at),
        );
    }

    // Never.
    for (i, never) in agent.never.iter().enumerate() {
        push(
            format!("never.{}", i + 1),
            Category::Never,
            never.value.to_owned(),
            Some(&never.pos),
        );
    }

    // Legal duties: every note about customers (notes only about employment are for staff).
    for note in &std.legal {
        let at = note.note.as_ref().map_or(&note.id.pos, |n| &n.pos);
        for (i, text) in legal(note, strings).into_iter().flatten().enumerate() {
            let id = match i {
                0 => format!("legal.{}", note.id.value),
                _ => format!("legal.{}.{}", note.id.value, i + 1),
            };
            push(id, Category::Legal, text, Some(at));
        }
    }

    let title = match &name {
        Some(name) => fill(strings, "agent_title", &[("name", name)]),
        None => catalogue_str(strings, "agent_brief"),
    };
    Some(Brief {
        version: 1,
        region: region_id.to_owned(),
        language: lang.to_owned(),
        title,
        intro: fill(strings, "agent_intro", &[("region", &region)]),
        items,
    })
}

/// `lang_<primary subtag>` of the catalogue, else the tag as written.
fn language_name(strings: &Value, tag: &str) -> String {
    let key = format!("lang_{}", super::catalog::primary_subtag(tag));
    let name = catalogue_str(strings, &key);
    if name.is_empty() {
        escape_inline(tag)
    } else {
        name
    }
}

/// Per enabled channel with something to promise: its id, the item text and where its
/// first target is written.
fn promises(std: &Standard<'_>, strings: &Value, sep: &str) -> Vec<(String, String, Option<Pos>)> {
    let clauses = catalogue_str(strings, "clause_separator");
    let mut out = Vec::new();
    for (name, channel) in std.enabled_channels() {
        // Only durations are promises ("answered within 20 s"); a service level or an
        // abandon rate is the team's target, not the customer's.
        let targets: Vec<String> = channel
            .targets
            .iter()
            .filter_map(|(key, t)| {
                let quantity = within(t.value)?;
                Some(fill(
                    strings,
                    "agent_within",
                    &[
                        ("key", &escape_inline(&target_label(strings, key))),
                        ("duration", &duration_of(strings, quantity, None)),
                    ],
                ))
            })
            .collect();
        // SLAs of the channel, one line per priority (and tier), in the order first named.
        let mut lines: Vec<(String, Vec<String>)> = Vec::new();
        for sla in std
            .slas
            .iter()
            .filter(|s| s.channel.as_ref().map(|c| c.value) == Some(name))
        {
            let Some(quantity) = sla.within.as_ref().and_then(|w| within(w.value)) else {
                continue;
            };
            let priority_id = sla.priority.as_ref().map_or("", |p| p.value);
            let mut priority = std
                .priority(priority_id)
                .and_then(|p| text(p.title.as_ref()))
                .unwrap_or(priority_id)
                .to_owned();
            if let Some(tier) = text(sla.tier.as_ref()) {
                priority = format!("{priority}, {tier}");
            }
            let clock = clock_word(sla.clock());
            let measure = sla.measure.as_ref().map_or("", |m| m.value);
            let what = fill(
                strings,
                "agent_within",
                &[
                    ("key", &escape_inline(&target_label(strings, measure))),
                    ("duration", &duration_of(strings, quantity, Some(clock))),
                ],
            );
            let part = fill(
                strings,
                "agent_on_clock",
                &[
                    ("what", &what),
                    ("clock", &label_of(strings, clock, "clock")),
                ],
            );
            let priority = escape_inline(&priority);
            match lines.iter_mut().find(|(p, _)| *p == priority) {
                Some((_, parts)) => parts.push(part),
                None => lines.push((priority, vec![part])),
            }
        }
        let slas: Vec<String> = lines
            .into_iter()
            .map(|(priority, parts)| {
                fill(
                    strings,
                    "agent_promise_channel",
                    &[("channel", &priority), ("targets", &parts.join(&clauses))],
                )
            })
            .collect();
        if targets.is_empty() && slas.is_empty() {
            continue;
        }
        let label = escape_inline(&label_of(strings, name, "channel"));
        let mut text = if targets.is_empty() {
            format!("{label}:")
        } else {
            fill(
                strings,
                "agent_promise_channel",
                &[("channel", &label), ("targets", &targets.join(sep))],
            )
        };
        if !slas.is_empty() {
            text.push('\n');
            text.push_str(&bullets(
                catalogue_str(strings, "agent_by_priority"),
                slas.iter().map(String::as_str),
            ));
        }
        let at = channel.targets.values().next().map(|t| t.pos.clone());
        out.push((name.to_owned(), text, at));
    }
    out
}

/// The label of a target or SLA measure as the subject of "... within 4 h":
/// `answer_within` is labelled as `answer`.
fn target_label(strings: &Value, key: &str) -> String {
    label_of(
        strings,
        key.strip_suffix("_within").unwrap_or(key),
        "target",
    )
}

/// The duration of a target that promises one (`<= 4h`, `< 1d`, `4h`), else `None`.
fn within(target: &str) -> Option<&str> {
    let t = target.trim();
    let quantity = t
        .strip_prefix("<=")
        .or_else(|| t.strip_prefix('<'))
        .unwrap_or(t)
        .trim();
    duration_seconds(quantity).map(|_| quantity)
}

/// Per priority with escalations: its id, the item text, and where its first step is
/// written. The steps are the handbook's escalation path (shortest first).
fn escalations(std: &Standard<'_>, strings: &Value) -> Vec<(String, String, Pos)> {
    view::escalations(std, strings, None)
        .into_iter()
        .filter_map(|group| {
            let id = group.priority_id;
            let at = std
                .escalations
                .iter()
                .find(|e| e.priority.as_ref().map(|t| t.value) == Some(id))?
                .id
                .pos
                .clone();
            let steps: Vec<String> = group
                .steps
                .iter()
                .map(|step| {
                    let to = step.to.filter(|t| !t.trim().is_empty()).unwrap_or("?");
                    fill(
                        strings,
                        "agent_step",
                        &[("duration", &step.after), ("to", &escape_inline(to))],
                    )
                })
                .collect();
            let title = escape_inline(group.priority);
            let definition = std.priority(id).and_then(|p| text(p.definition.as_ref()));
            let priority = match definition {
                Some(definition) => fill(
                    strings,
                    "agent_priority",
                    &[
                        ("priority", &title),
                        ("definition", &escape_inline(definition)),
                    ],
                ),
                None => title,
            };
            let text = fill(
                strings,
                "agent_escalation",
                &[
                    ("priority", &priority),
                    (
                        "steps",
                        &steps.join(&catalogue_str(strings, "clause_separator")),
                    ),
                ],
            );
            Some((id.to_owned(), text, at))
        })
        .collect()
}

/// A legal note as duties: what an assistant does about its topic, the title and the
/// note, in one item, or in several where one would be over [`MAX_ITEM_CHARS`]: the note
/// is then cut between its paragraphs and list items, and each later part repeats the
/// title. `None` for a note only about employment (that is for staff, not customers).
fn legal(note: &Legal<'_>, strings: &Value) -> Option<Vec<String>> {
    let topics = &note.topics;
    if !topics.is_empty() && topics.iter().all(|t| *t == "employment") {
        return None;
    }
    let key = if topics.contains(&"data-protection") {
        "agent_legal_data_protection"
    } else if topics.contains(&"recording-consent") {
        "agent_legal_recording_consent"
    } else if topics.contains(&"consumer-rights") {
        "agent_legal_consumer_rights"
    } else {
        "agent_legal_other"
    };
    let title = format!(
        "**{}**",
        escape_inline(text(note.title.as_ref()).unwrap_or(note.id.value))
    );
    let mut parts = vec![format!("{}\n\n{title}", catalogue_str(strings, key))];
    let mut fresh = true;
    let mut last_list = None;
    for (unit, list) in units(text(note.note.as_ref()).unwrap_or("")) {
        let current = parts.last_mut().expect("one part at least");
        let sep = if list.is_some() && list == last_list {
            "\n"
        } else {
            "\n\n"
        };
        if !fresh && chars(current) + sep.len() + chars(unit) > MAX_ITEM_CHARS {
            parts.push(format!("{title}\n\n{unit}"));
        } else {
            current.push_str(sep);
            current.push_str(unit);
        }
        fresh = false;
        last_list = list;
    }
    Some(parts)
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// The top-level blocks of a Markdown text, with a list's items each on their own
/// (tagged with the list they belong to), as written.
fn units(markdown: &str) -> Vec<(&str, Option<usize>)> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut out = Vec::new();
    let (mut depth, mut lists) = (0usize, 0usize);
    for (event, range) in Parser::new(markdown).into_offset_iter() {
        match event {
            Event::Start(Tag::List(_)) if depth == 0 => {
                lists += 1;
                depth += 1;
            }
            Event::Start(Tag::Item) if depth == 1 => {
                out.push((markdown[range].trim_end(), Some(lists)));
                depth += 1;
            }
            Event::Start(_) => {
                if depth == 0 {
                    out.push((markdown[range].trim_end(), None));
                }
                depth += 1;
            }
            Event::End(TagEnd::List(_) | TagEnd::Item) | Event::End(_) => {
                depth = depth.saturating_sub(1);
            }
            Event::Rule | Event::Html(_) | Event::Text(_) if depth == 0 => {
                out.push((markdown[range].trim_end(), None));
            }
            _ => {}
        }
    }
    out
}
