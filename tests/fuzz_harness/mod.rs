//! The bodies of the fuzz targets, shared by `fuzz/fuzz_targets/*.rs` and by
//! `tests/fuzz_regressions.rs`, which replays every input the fuzzer ever found.
//! Each function panics only on a bug: an input error is a normal outcome.

// Each user calls a subset of these.
#![allow(dead_code)]

use arbitrary::{Arbitrary, Unstructured};
use csstd::load::fs::MemorySource;
use csstd::render::markdown;
use serde_json::{Map, Value, json};

/// Any bytes as a base standard: parse, schema, canonical quantities, resolve, and the
/// diagnostics a user would see.
pub fn load_base(data: &[u8]) {
    let mut fs = MemorySource::new();
    fs.insert("standards/base.toml", data);
    match csstd::load::load_project(std::path::Path::new("."), &fs) {
        Ok(project) => {
            // A base standard that loads must also resolve or fail with input errors.
            if let Err(e) = csstd::resolve::resolve_all(&project) {
                let _ = csstd::report::human::input_errors(&e, false);
            }
        }
        Err(e) => {
            let _ = csstd::report::human::input_errors(&e, false);
        }
    }
}

const OVERLAY_BASE: &str = r#"
[standard]
id = "base"
title = "Base"
version = "1.0.0"
owner = "CX"
approvers = ["Head of Support"]
default_language = "en"
last_reviewed = 2026-06-30
review_every_months = 12

[channels.email]
enabled = true
languages = ["en"]
targets = { first_response = "24h" }

[[sections]]
id = "attitude"
title = "Attitude"

[[metrics]]
id = "csat"
title = "CSAT"
category = "satisfaction"
target = ">= 85%"

[[clauses]]
id = "attitude.respect"
section = "attitude"
title = "Respect"
text = "Treat every customer as an equal."
metric = "csat"
locked = true

[[clauses]]
id = "attitude.listen"
section = "attitude"
title = "Listen"
text = "Let the customer finish."
"#;

fn overlay_in_project(name: &str, data: &[u8]) {
    let mut fs = MemorySource::new();
    fs.insert("standards/base.toml", OVERLAY_BASE);
    fs.insert(format!("cultures/{name}"), data);
    let project = match csstd::load::load_project(std::path::Path::new("."), &fs) {
        Ok(p) => p,
        Err(e) => {
            let _ = csstd::report::human::input_errors(&e, false);
            return;
        }
    };
    match csstd::resolve::resolve_all(&project) {
        Ok(resolution) => {
            for r in resolution.docs.values() {
                let _ = csstd::resolve::output::to_json(r, true);
            }
        }
        Err(e) => {
            let _ = csstd::report::human::input_errors(&e, false);
        }
    }
}

/// Any bytes as a culture overlay, read both as TOML and as YAML, on top of a small valid
/// base: parse, schema, resolve, and the diagnostics a user would see.
pub fn load_overlay(data: &[u8]) {
    overlay_in_project("xx.toml", data);
    overlay_in_project("xx.yaml", data);
}

/// Tags the safe Markdown renderer may emit; anything else came from the source.
const TAGS: [&str; 26] = [
    "p",
    "em",
    "strong",
    "del",
    "a",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "br",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "div",
];

/// Attributes it may emit.
const ATTRS: [&str; 6] = ["href", "title", "class", "start", "style", "tabindex"];

/// Walks the tags of `html` as a browser's tokenizer would (for this simple, generated
/// markup) and checks every tag name, attribute name and URL.
fn check_html(html: &str) {
    let b = html.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        i += 1;
        if b.get(i) == Some(&b'/') {
            i += 1;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_alphanumeric() {
            i += 1;
        }
        let name = html[start..i].to_ascii_lowercase();
        if name.is_empty() {
            // `<` followed by no tag name is text to a browser.
            continue;
        }
        assert!(
            TAGS.contains(&name.as_str()),
            "unexpected tag <{name}> in {html:?}"
        );
        loop {
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' || b[i] == b'/' {
                break;
            }
            let a = i;
            while i < b.len() && !matches!(b[i], b'=' | b'>' | b' ' | b'\t' | b'\n' | b'/') {
                i += 1;
            }
            let attr = html[a..i].to_ascii_lowercase();
            assert!(
                ATTRS.contains(&attr.as_str()),
                "unexpected attribute {attr:?} in {html:?}"
            );
            if b.get(i) == Some(&b'=') {
                i += 1;
                let quote = b.get(i).copied();
                assert!(
                    matches!(quote, Some(b'"')),
                    "unquoted attribute {attr:?} in {html:?}"
                );
                i += 1;
                let v = i;
                while i < b.len() && b[i] != b'"' {
                    i += 1;
                }
                let value = &html[v..i.min(b.len())];
                i += 1;
                assert!(!value.contains('<'), "`<` inside {attr:?} in {html:?}");
                if attr == "href" {
                    check_url(value, html);
                }
            }
        }
    }
}

fn check_url(url: &str, html: &str) {
    check_scheme(&decode_references(url), html);
}

/// Checks a URL as a browser reads it, character references already decoded.
fn check_scheme(decoded: &str, html: &str) {
    // Browsers drop tabs and newlines in URLs and trim control characters and spaces.
    let decoded: String = decoded
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let decoded = decoded.trim_matches(|c: char| c.is_whitespace() || c.is_control());
    let colon = decoded.find(':');
    let path = decoded.find(['/', '?', '#']);
    if let Some(c) = colon {
        let scheme = decoded[..c].to_ascii_lowercase();
        let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
        if is_scheme && path.is_none_or(|p| c < p) {
            assert!(
                matches!(scheme.as_str(), "http" | "https" | "mailto"),
                "scheme {scheme:?} survived in {html:?}"
            );
        }
    }
}

/// Decodes the character references a browser would decode in an attribute value.
fn decode_references(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').filter(|&e| e < 12);
        let decoded = end.and_then(|e| {
            let body = &rest[1..e];
            let c = if let Some(hex) = body.strip_prefix("#x").or_else(|| body.strip_prefix("#X")) {
                u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
            } else if let Some(dec) = body.strip_prefix('#') {
                dec.parse().ok().and_then(char::from_u32)
            } else {
                match body {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "colon" => Some(':'),
                    _ => None,
                }
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Any text as source Markdown, through every function the templates use; the HTML must
/// stay inert: no tag, attribute or URL scheme that source text could have smuggled in.
pub fn render_markdown(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let base = data.first().map_or(1, |b| b % 6 + 1);
    let html = markdown::to_html(text, base);
    check_html(&html);
    let md = markdown::to_commonmark(text, base);
    // What the Markdown writer emits must itself render to inert HTML, through our renderer
    // and through a plain CommonMark one (as a reader of handbook.md would use).
    check_html(&markdown::to_html(&md, 1));
    check_commonmark(&md);
    check_html(&markdown::escape_html(text));
    check_commonmark(&markdown::escape_inline(text));
    let _ = markdown::tidy(text);
    let _ = markdown::quote(text);
    if let Some((label, url)) = text.split_once('\n') {
        let l = markdown::link(label, url);
        check_html(&markdown::to_html(&l, 1));
        check_commonmark(&l);
        if let Some(u) = markdown::safe_url(url) {
            assert!(!u.contains('"') && !u.contains('<'), "unencoded URL {u:?}");
            check_url(&u, url);
        }
    }
}

/// Markdown that csstd writes, read by any CommonMark renderer: no raw HTML, and every link
/// or image points to an allowed scheme.
fn check_commonmark(md: &str) {
    use pulldown_cmark::{Event, Parser, Tag};
    for event in Parser::new_ext(md, pulldown_cmark::Options::ENABLE_TABLES) {
        match event {
            Event::Html(h) | Event::InlineHtml(h) => {
                panic!("raw HTML {h:?} in Markdown output {md:?}")
            }
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                check_scheme(&dest_url, md)
            }
            _ => {}
        }
    }
}

const IDS: [&str; 6] = ["a", "b", "a.b", "c-1", "d_2", "E"];
const TEXTS: [&str; 8] = [
    "Plain text.",
    "**bold** and [link](https://example.org)",
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "line one\n\nline two\n- item",
    "",
    "\u{202e}bidi\u{202c} name",
    "`code` | pipe | table",
];
const CHANNELS: [&str; 3] = ["email", "chat", "phone"];
const TARGET_KEYS: [&str; 2] = ["first_response", "resolution"];
const TARGETS: [&str; 8] = [
    "24h", "<= 1h30m", "30s", "80%", ">= 85%", "<= 2d", "4h", "0s",
];
const DURATIONS: [&str; 5] = ["1h", "30m", "2d", "90s", "1h30m"];
/// The keyed lists, as csstd merges them.
const LISTS: [&str; 8] = csstd::model::KEYED_LISTS;

#[derive(Arbitrary, Debug)]
enum Text {
    Pool(u8),
    Free(String),
}

impl Text {
    fn get(&self) -> String {
        match self {
            Text::Pool(i) => TEXTS[*i as usize % TEXTS.len()].to_string(),
            Text::Free(s) => s.chars().take(200).collect(),
        }
    }
}

#[derive(Arbitrary, Debug)]
enum Op {
    /// A complete new entry (or a full restatement of an inherited one).
    Add {
        list: u8,
        id: u8,
        text: Text,
        ref_id: u8,
        locked: bool,
    },
    /// One field changed.
    Change {
        list: u8,
        id: u8,
        text: Text,
    },
    Append {
        id: u8,
        text: Text,
    },
    Remove {
        list: u8,
        id: u8,
    },
}

#[derive(Arbitrary, Debug)]
struct Overlay {
    yaml: bool,
    is_abstract: bool,
    /// Index of the parent among the other files (0 = base); out of range names nothing.
    extends: u8,
    language: Option<u8>,
    ops: Vec<Op>,
    targets: Vec<(u8, u8, u8)>,
    expectations: Vec<(u8, u8, u8)>,
    formality: Option<u8>,
}

#[derive(Arbitrary, Debug)]
struct Input {
    base_ops: Vec<Op>,
    overlays: Vec<Overlay>,
}

fn pick<'a>(pool: &[&'a str], i: u8) -> &'a str {
    pool[i as usize % pool.len()]
}

/// A complete entry of `list`.
fn full_entry(list: &str, id: &str, text: String, r: u8, locked: bool) -> Value {
    let sref = pick(&IDS, r);
    match list {
        "sections" => json!({"id": id, "title": text}),
        "metrics" => json!({"id": id, "title": text, "category": "satisfaction",
                            "target": pick(&TARGETS, r)}),
        "clauses" => {
            let mut v = json!({"id": id, "section": sref, "title": id, "text": text,
                               "metric": pick(&IDS, r.wrapping_add(1))});
            if locked {
                v["locked"] = json!(true);
            }
            v
        }
        "legal" => json!({"id": id, "title": text, "topics": ["other"],
                          "reference": "https://example.org/law", "note": "n"}),
        "priorities" => json!({"id": id, "title": text, "definition": "d", "examples": ["e"]}),
        "schedules" => json!({"id": id, "timezone": "Europe/Berlin",
                              "hours": {"mon": "09:00-17:00", "sat": "24h"},
                              "holidays": [{"name": text, "date": "2026-12-25"}]}),
        "slas" => json!({"id": id, "channel": pick(&CHANNELS, r), "priority": sref,
                         "measure": pick(&TARGET_KEYS, r), "within": pick(&DURATIONS, r),
                         "clock": if locked { "business" } else { "calendar" },
                         "schedule": sref, "attainment": ">= 90%"}),
        _ => json!({"id": id, "priority": sref, "after": pick(&DURATIONS, r), "to": text,
                    "clock": "calendar"}),
    }
}

fn apply(ops: &[Op], doc: &mut Map<String, Value>, overlay: bool) {
    for op in ops.iter().take(24) {
        let (list, entry) = match op {
            Op::Add {
                list,
                id,
                text,
                ref_id,
                locked,
            } => {
                let list = pick(&LISTS, *list);
                (
                    list,
                    full_entry(list, pick(&IDS, *id), text.get(), *ref_id, *locked),
                )
            }
            Op::Change { list, id, text } => {
                let list = pick(&LISTS, *list);
                let field = match list {
                    "schedules" => "timezone",
                    "slas" | "escalations" => "priority",
                    "clauses" => "text",
                    _ => "title",
                };
                (list, json!({"id": pick(&IDS, *id), field: text.get()}))
            }
            Op::Append { id, text } if overlay => (
                "clauses",
                json!({"id": pick(&IDS, *id), "append": text.get()}),
            ),
            Op::Remove { list, id } if overlay => (
                pick(&LISTS, *list),
                json!({"id": pick(&IDS, *id), "remove": true}),
            ),
            _ => continue,
        };
        if let Value::Array(a) = doc.entry(list).or_insert_with(|| json!([])) {
            // Duplicate ids in one file are an input error; keep most inputs valid.
            if !a.iter().any(|e| e["id"] == entry["id"]) {
                a.push(entry);
            }
        }
    }
}

fn targets(list: &[(u8, u8, u8)]) -> Map<String, Value> {
    let mut out = Map::new();
    for (c, k, t) in list.iter().take(6) {
        let ch = out
            .entry(pick(&CHANNELS, *c))
            .or_insert_with(|| json!({}))
            .as_object_mut()
            .expect("object");
        ch.insert(pick(&TARGET_KEYS, *k).into(), pick(&TARGETS, *t).into());
    }
    out
}

fn base(input: &Input) -> String {
    let mut doc = Map::new();
    doc.insert(
        "standard".into(),
        json!({"id": "base", "title": "Base", "version": "1.0.0", "owner": "CX",
               "approvers": ["Head"], "default_language": "en",
               "last_reviewed": "2026-06-30", "review_every_months": 12}),
    );
    let mut channels = Map::new();
    for c in CHANNELS {
        channels.insert(
            c.into(),
            json!({"enabled": true, "languages": ["en"],
                   "targets": {"first_response": "24h", "resolution": "72h"}}),
        );
    }
    doc.insert("channels".into(), Value::Object(channels));
    apply(&input.base_ops, &mut doc, false);
    toml::to_string(&doc).expect("a JSON object is TOML")
}

fn overlay(i: usize, o: &Overlay, names: &[String]) -> (String, String) {
    let id = &names[i + 1];
    let parent = names
        .get(o.extends as usize % (names.len() + 1))
        .cloned()
        .unwrap_or_else(|| "nowhere".into());
    let mut culture = json!({"id": id, "name": format!("Region {id}"), "extends": parent});
    if o.is_abstract {
        culture["abstract"] = json!(true);
    }
    if let Some(l) = o.language {
        culture["languages"] = json!([pick(&["en", "ja", "ar", "de", "xx"], l)]);
    }
    let mut doc = Map::new();
    doc.insert("culture".into(), culture);
    if let Some(f) = o.formality {
        doc.insert(
            "communication".into(),
            json!({"formality": pick(&["casual", "neutral", "formal"], f),
                   "do": ["Listen"], "avoid": ["<b>shouting</b>"]}),
        );
    }
    let t = targets(&o.targets);
    if !t.is_empty() {
        let channels: Map<String, Value> = t
            .into_iter()
            .map(|(k, v)| (k, json!({"targets": v})))
            .collect();
        doc.insert("channels".into(), Value::Object(channels));
    }
    let e = targets(&o.expectations);
    if !e.is_empty() {
        doc.insert("expectations".into(), Value::Object(e));
    }
    apply(&o.ops, &mut doc, true);
    if o.yaml {
        // JSON is YAML: the flow style exercises the YAML reader as well as block style would.
        let text = serde_json::to_string_pretty(&doc).expect("JSON");
        (format!("cultures/{id}.yaml"), text)
    } else {
        let text = toml::to_string(&doc).expect("a JSON object is TOML");
        (format!("cultures/{id}.toml"), text)
    }
}

fn generated_project(input: &Input) -> MemorySource {
    let n = input.overlays.len().min(8);
    let mut names = vec!["base".to_string()];
    names.extend((0..n).map(|i| format!("r{i}")));
    let mut fs = MemorySource::new();
    fs.insert("standards/base.toml", base(input));
    for (i, o) in input.overlays.iter().take(n).enumerate() {
        let (path, text) = overlay(i, o, &names);
        fs.insert(path, text);
    }
    fs
}

/// A generated project (see [`Input`]): loaded, resolved twice (identically), linted and
/// rendered; every provenance must point into the project.
pub fn resolve_chain(data: &[u8]) {
    let Ok(input) = Input::arbitrary_take_rest(Unstructured::new(data)) else {
        return;
    };
    let fs = generated_project(&input);
    let root = std::path::Path::new(".");
    let Ok(project) = csstd::load::load_project(root, &fs) else {
        return;
    };
    let resolution = match csstd::resolve::resolve_all(&project) {
        Ok(r) => r,
        Err(e) => {
            let _ = csstd::report::human::input_errors(&e, false);
            return;
        }
    };
    // The same files resolve to the same trees.
    let again = csstd::resolve::resolve_all(&project).expect("resolved once, resolves again");
    let files: Vec<String> = fs.files.keys().cloned().collect();
    for (id, r) in &resolution.docs {
        let json = csstd::resolve::output::to_json(r, true);
        assert_eq!(json, csstd::resolve::output::to_json(&again.docs[id], true));
        for (path, at) in json["provenance"].as_object().into_iter().flatten() {
            let at = at.as_str().expect("provenance is text");
            assert!(
                files.iter().any(|f| at.starts_with(&format!("{f}:"))),
                "provenance of {path} is outside the project: {at}"
            );
        }
        for list in LISTS {
            let mut ids: Vec<&str> = r.list(list).iter().filter_map(|n| n.id()).collect();
            let n = ids.len();
            ids.sort_unstable();
            ids.dedup();
            assert_eq!(n, ids.len(), "duplicate id in resolved {list} of {id}");
        }
    }
    let targets: Vec<&csstd::resolve::Resolved> = resolution.docs.values().map(|r| &**r).collect();
    let today = csstd::model::date::CivilDate::parse("2026-11-24").expect("a date");
    let report = csstd::lint::lint(&project, &resolution, &targets, today);
    let _ = csstd::report::human::render(
        &report,
        &project.sources,
        false,
        csstd::diag::Severity::Info,
    );
    let templates = csstd::render::Templates::new(None).expect("built-in templates load");
    let ctx = csstd::render::RenderContext {
        today: "2026-11-24".into(),
        csstd_version: "0.0.0".into(),
    };
    for r in resolution.regions() {
        let data = csstd::resolve::output::to_json(r, false);
        let _ = templates.handbook_html(&data, &ctx);
        let _ = templates.handbook_md(&data, &ctx);
    }
}
