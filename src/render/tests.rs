//! Tests of the whole renderer: hostile input stays inert, pages are deterministic and
//! complete, right-to-left languages lay out as such, and project templates override the
//! built-ins without reaching outside their folder.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{Value, json};

use minijinja::AutoEscape;

use super::{
    RenderContext, RenderError, Templates, auto_escape, catalog, name_problem, text_direction,
};

const FIXTURE: &str = include_str!("../../tests/fixtures/render/region.json");

fn fixture() -> Value {
    serde_json::from_str(FIXTURE).expect("fixture is JSON")
}

fn ctx() -> RenderContext {
    RenderContext {
        today: "2026-11-01".into(),
        csstd_version: "9.9.9".into(),
    }
}

fn builtin() -> Templates {
    Templates::new(None).unwrap_or_else(|e| panic!("{e}"))
}

/// A fresh, empty folder under the system temp folder, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let path =
            std::env::temp_dir().join(format!("csstd-render-test-{}-{n}", std::process::id()));
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.0.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, text).unwrap();
        path
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

const SCRIPT: &str = "<script>alert(1)</script>";
const IMG: &str = "<img src=x onerror=alert(1)>";
const BREAKOUT: &str = "</td></table>\"'><b>x</b>";

/// A region with an attack in every field a person can write.
fn hostile() -> Value {
    let md = format!(
        "{SCRIPT}\n\n{IMG} and [x](javascript:alert(1)) and [y](JaVaScRiPt:alert(1)) and \
         [z]( data:text/html,<script>alert(1)</script>) and [w](vbscript:msgbox(1)) and \
         ![i](javascript:alert(1)) and <a href=\"javascript:alert(1)\">raw</a> and \
         [ok](https://example.com/ok) and <javascript:alert(1)>\n\n<div onclick=\"alert(1)\">\n{BREAKOUT}\n</div>"
    );
    json!({
        "chain": ["global", SCRIPT, "hostile"],
        "standard": {
            "id": "global", "title": format!("T {SCRIPT}"), "version": IMG, "owner": BREAKOUT,
            "approvers": [SCRIPT, IMG], "contributors": [BREAKOUT], "default_language": "en",
            "effective": IMG, "last_reviewed": SCRIPT, "review_every_months": 12
        },
        "culture": {
            "id": "hostile", "name": format!("N {IMG}"), "handbook_language": "en",
            "timezone": BREAKOUT, "business_hours": SCRIPT, "holidays": [IMG, BREAKOUT],
            "schedule": "office"
        },
        "communication": {
            "directness": SCRIPT, "context": IMG, "formality": BREAKOUT,
            "address": SCRIPT, "greeting": IMG, "do": [SCRIPT, BREAKOUT], "avoid": [IMG]
        },
        "expectations": { "email": { "first_response": SCRIPT } },
        "channels": {
            "email": { "enabled": true, "languages": [SCRIPT], "schedule": BREAKOUT,
                       "targets": { "first_response": IMG, "x-secret": "HIDDEN-ANNOTATION" } },
            "<script>alert(1)</script>": { "enabled": true, "recorded": true, "targets": { BREAKOUT: "<= 1h" } },
            "x-note": "HIDDEN-ANNOTATION"
        },
        "sections": [ { "id": "s\"'><script>", "title": SCRIPT, "measurable": true } ],
        "metrics": [ { "id": "m\"'>", "title": IMG, "category": SCRIPT, "target": BREAKOUT,
                       "measured_by": SCRIPT, "frequency": IMG } ],
        "clauses": [ {
            "id": "c\"'><img src=x onerror=alert(1)>", "section": "s\"'><script>", "title": SCRIPT,
            "text": md, "principles": [SCRIPT], "metric": "m\"'>", "locked": true,
            "appended": [ { "from": SCRIPT, "text": md }, { "from": BREAKOUT, "text": IMG } ],
            "x-jira": "HIDDEN-ANNOTATION"
        } ],
        "legal": [
            { "id": "l1", "title": SCRIPT, "topics": [IMG], "note": md, "reference": "javascript:alert(1)" },
            { "id": "l2", "title": "ok", "topics": ["data-protection"], "note": "fine",
              "reference": " JaVaScRiPt:alert(1)" },
            { "id": "l3", "title": "safe", "note": "fine", "reference": "https://example.com/law?a=1&b=\"2\"" }
        ],
        "priorities": [ { "id": "p1", "title": SCRIPT, "definition": IMG, "examples": [BREAKOUT] } ],
        "schedules": [ { "id": "office", "timezone": SCRIPT,
                         // Hours are read as intervals, so their text never reaches a page;
                         // the exception's name and dates do.
                         "hours": { "mon": ["09:00-12:00", "13:00-18:00"], "tue": "24h" },
                         "holidays": [ { "name": SCRIPT, "date": IMG }, { "name": "x", "from": SCRIPT, "to": BREAKOUT } ],
                         "exceptions": [ { "name": SCRIPT, "from": IMG, "to": BREAKOUT, "hours": { "wed": "10:00-14:00" } } ] } ],
        // Loading accepts only the two clocks; every other field carries an attack.
        "slas": [ { "id": "s1", "channel": "email", "priority": "p1", "measure": SCRIPT, "within": IMG,
                    "clock": "business", "schedule": SCRIPT, "attainment": IMG, "tier": SCRIPT } ],
        "escalations": [ { "id": "e1", "priority": "p1", "after": SCRIPT, "clock": "calendar", "to": BREAKOUT, "via": SCRIPT } ]
    })
}

/// Every `href="..."` value in the page.
fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn hostile_html_stays_inert() {
    let html = builtin()
        .handbook_html(&hostile(), &ctx())
        .unwrap_or_else(|e| panic!("{e}"));
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "a script tag got through");
    assert!(!lower.contains("onerror="), "an event handler got through");
    assert!(!lower.contains("onclick="), "an event handler got through");
    assert!(!lower.contains("<img"), "an image got through");
    assert!(!lower.contains("<div onclick"), "raw HTML got through");
    assert!(!lower.contains("</td></table>"), "a value closed the table");
    assert!(
        !lower.contains("javascript:"),
        "a script URL is in the page"
    );
    assert!(
        !lower.contains("vbscript:") && !lower.contains("data:text"),
        "a script URL is in the page"
    );
    for href in hrefs(&html) {
        let href = href.to_ascii_lowercase();
        assert!(
            href.starts_with('#') || href.starts_with("https://") || href.starts_with("http://"),
            "unexpected href {href:?}"
        );
    }
    // Ordinary links survive, with their attributes escaped.
    assert!(
        html.contains(r#"<a href="https://example.com/ok">ok</a>"#),
        "a safe link was lost"
    );
    assert!(
        html.contains("https://example.com/law?a&#61;1&amp;b&#61;&quot;2&quot;"),
        "the reference link was lost"
    );
    // Annotations are never shown.
    assert!(!html.contains("HIDDEN-ANNOTATION"));
    // Attribute-bound values cannot leave their quotes.
    assert!(
        !html.contains("id=\"clause-c\"'"),
        "an id broke out of its attribute"
    );
}

#[test]
fn hostile_markdown_stays_inert() {
    let md = builtin()
        .handbook_md(&hostile(), &ctx())
        .unwrap_or_else(|e| panic!("{e}"));
    let lower = md.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "a script tag got through");
    assert!(!lower.contains("<img"), "an image tag got through");
    assert!(!lower.contains("<div"), "raw HTML got through");
    assert!(
        !lower.contains("](javascript:"),
        "a script link got through"
    );
    assert!(
        !lower.contains("<javascript:"),
        "a script autolink got through"
    );
    assert!(!md.contains("HIDDEN-ANNOTATION"));
    assert!(
        md.contains("[ok](https://example.com/ok)"),
        "a safe link was lost"
    );
    // Read back as Markdown, the page holds no HTML and no script link at all.
    let html = super::markdown::to_html(&md, 1);
    let lower = html.to_ascii_lowercase();
    assert!(
        !lower.contains("<script") && !lower.contains("<img") && !lower.contains("javascript:")
    );
    // Table rows keep their column count whatever the values hold.
    for line in md.lines().filter(|l| l.starts_with('|')) {
        let cells = line.replace("\\|", "").matches('|').count();
        assert!(cells >= 3, "broken table row: {line}");
    }
}

#[test]
fn hostile_index_stays_inert() {
    let index = json!({
        "regions": [
            { "id": SCRIPT, "name": IMG, "chain": [BREAKOUT], "lang": SCRIPT, "built": true, "errors": 0,
              "html": "javascript:alert(1)", "md": "JaVaScRiPt:alert(1)" },
            { "id": "ok", "name": "OK", "chain": ["global", "ok"], "lang": "en", "built": true, "errors": 0,
              "html": "ok/handbook.html", "md": "ok/handbook.md" },
            { "id": "bad", "name": "Bad", "chain": ["global", "bad"], "lang": "en", "built": false, "errors": 3 }
        ],
        "standards": [ { "id": "global", "title": SCRIPT, "version": IMG } ]
    });
    let templates = builtin();
    let html = templates.index_html(&index, &ctx()).unwrap();
    let lower = html.to_ascii_lowercase();
    assert!(
        !lower.contains("<script") && !lower.contains("onerror=") && !lower.contains("javascript:")
    );
    assert!(html.contains(r#"href="ok/handbook.html""#));
    assert!(html.contains("Not built: 3 lint errors"));
    let md = templates.index_md(&index, &ctx()).unwrap();
    assert!(!md.to_ascii_lowercase().contains("javascript:alert(1))"));
    assert!(md.contains("(ok/handbook.md)"));
}

#[test]
fn the_handbook_has_every_part() {
    let templates = builtin();
    let region = fixture();
    let html = templates.handbook_html(&region, &ctx()).unwrap();
    let md = templates.handbook_md(&region, &ctx()).unwrap();
    let strings = catalog::strings("de").unwrap();
    for key in [
        "part_communication",
        "part_channels",
        "part_hours",
        "part_service_levels",
        "part_standard",
        "part_metrics",
        "part_legal",
        "local_guidance",
    ] {
        let label = strings[key].replace("{from}", "eu");
        assert!(html.contains(&label), "HTML lacks {key}");
        assert!(md.contains(&label), "Markdown lacks {key}");
    }
    for text in [
        "Global Customer Service Standard",
        "Germany",
        "3.1.0",
        "2026-01-01",
        "2026-10-15",
        "Head of Support DACH",
        "Respect and inclusion",
        "Offer every customer in the EU",
        "Customer satisfaction",
        "Payment outage",
        "Duty manager",
        "Neujahr",
        "Europe/Berlin",
        "https://eur-lex.europa.eu/eli/reg/2016/679/oj",
    ] {
        assert!(html.contains(text), "HTML lacks {text:?}");
        assert!(md.contains(text), "Markdown lacks {text:?}");
    }
    // Escalations in order of `after`, whatever their order in the file.
    let first = md.find("Duty manager").unwrap();
    let second = md.find("Head of Support |").unwrap();
    assert!(first < second, "escalations are not ordered by `after`");
    // HTML shell requirements.
    for needle in [
        "<html lang=\"de\" dir=\"ltr\">",
        "<meta charset=\"utf-8\">",
        "<meta name=\"viewport\"",
        "<title>",
        "<header",
        "<nav",
        "<main",
        "<caption",
        "scope=\"col\"",
        "scope=\"row\"",
        "@media print",
        "lang=\"en\" dir=\"auto\"",
    ] {
        assert!(html.contains(needle), "HTML lacks {needle:?}");
    }
    assert!(html.contains("id=\"clause-attitude.respect\""));
    assert!(
        html.contains("href=\"#section-attitude\"") && html.contains("id=\"section-attitude\"")
    );
    // No external requests and no script.
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains("<script") && !lower.contains("<link") && !lower.contains("<img"));
    assert!(!lower.contains("src=") && !lower.contains("@import") && !lower.contains("url("));
    // Built-in templates never print the build date.
    assert!(!html.contains("2026-11-01") && !md.contains("2026-11-01"));
}

#[test]
fn markdown_output_is_lint_shaped() {
    let templates = builtin();
    for region in [
        fixture(),
        hostile(),
        json!({ "chain": ["global"], "standard": { "id": "global" }, "culture": null }),
    ] {
        let md = templates
            .handbook_md(&region, &ctx())
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            md.ends_with('\n') && !md.ends_with("\n\n"),
            "file must end with one newline"
        );
        assert!(!md.contains("\n\n\n"), "more than one blank line in a row");
        assert!(md.lines().all(|l| l == l.trim_end()), "trailing whitespace");
        assert!(!md.contains('\t'), "hard tab");
        let lines: Vec<&str> = md.lines().collect();
        assert_eq!(
            lines.iter().filter(|l| l.starts_with("# ")).count(),
            1,
            "exactly one H1"
        );
        let mut level = 0;
        for (i, line) in lines.iter().enumerate() {
            let hashes = line.chars().take_while(|c| *c == '#').count();
            if hashes == 0 || !line[hashes..].starts_with(' ') {
                continue;
            }
            assert!(hashes <= level + 1, "heading level jumps at {line:?}");
            level = hashes;
            assert!(
                i == 0 || lines[i - 1].is_empty(),
                "no blank line before {line:?}"
            );
            assert!(
                lines.get(i + 1).is_none_or(|l| l.is_empty()),
                "no blank line after {line:?}"
            );
        }
    }
}

#[test]
fn rendering_is_deterministic_and_ignores_today() {
    let templates = builtin();
    let region = fixture();
    let other_day = RenderContext {
        today: "2031-02-03".into(),
        ..ctx()
    };
    let first = templates.handbook_html(&region, &ctx()).unwrap();
    assert_eq!(first, templates.handbook_html(&region, &ctx()).unwrap());
    assert_eq!(first, builtin().handbook_html(&region, &other_day).unwrap());
    let md = templates.handbook_md(&region, &ctx()).unwrap();
    assert_eq!(md, templates.handbook_md(&region, &other_day).unwrap());
}

#[test]
fn right_to_left_pages() {
    let mut region = fixture();
    region["culture"]["handbook_language"] = json!("ar");
    let html = builtin().handbook_html(&region, &ctx()).unwrap();
    assert!(
        html.contains("<html lang=\"ar\" dir=\"rtl\">"),
        "{}",
        &html[..200]
    );
    assert!(html.contains(&catalog::strings("ar").unwrap()["part_standard"]));
    region["culture"]["handbook_language"] = json!("ar-SA");
    let html = builtin().handbook_html(&region, &ctx()).unwrap();
    assert!(html.contains("<html lang=\"ar-SA\" dir=\"rtl\">"));
    // The stylesheet never names a physical side.
    let css = super::BUILTIN
        .iter()
        .find(|(n, _)| *n == "partials/style.css")
        .unwrap()
        .1;
    for word in ["left", "right"] {
        assert!(
            !css.lines()
                .filter(|l| !l.trim_start().starts_with("/*"))
                .any(|l| l.contains(word)),
            "{word}"
        );
    }
}

#[test]
fn every_language_renders_with_its_own_labels() {
    let templates = builtin();
    let mut region = fixture();
    for (lang, _) in catalog::CATALOGUES {
        region["culture"]["handbook_language"] = json!(lang);
        let html = templates.handbook_html(&region, &ctx()).unwrap();
        let md = templates.handbook_md(&region, &ctx()).unwrap();
        let strings = catalog::strings(lang).unwrap();
        assert!(html.contains(&format!("<html lang=\"{lang}\"")));
        // Source text is marked as English where the page is not.
        assert_eq!(
            html.contains("lang=\"en\" dir=\"auto\""),
            lang != "en",
            "{lang}"
        );
        for key in ["part_communication", "part_legal", "day_mon"] {
            assert!(md.contains(&strings[key]), "{lang}: {key}");
        }
    }
}

#[test]
fn templates_can_be_shared_between_threads() {
    fn shareable<T: Send + Sync>() {}
    shareable::<Templates>();
    let templates = builtin();
    let region = fixture();
    let expected = templates.handbook_html(&region, &ctx()).unwrap();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4)
            .map(|_| scope.spawn(|| templates.handbook_html(&region, &ctx()).unwrap()))
            .collect();
        for handle in handles {
            assert_eq!(handle.join().unwrap(), expected);
        }
    });
}

#[test]
fn the_index_links_only_what_was_emitted() {
    let index = json!({
        "regions": [ { "id": "a", "name": "A", "chain": ["global", "a"], "lang": "en", "built": true,
                       "errors": 0, "html": null, "md": "a/handbook.md" } ],
        "standards": []
    });
    let templates = builtin();
    let md = templates.index_md(&index, &ctx()).unwrap();
    assert!(md.contains("| [Markdown](a/handbook.md) |"), "{md}");
    let html = templates.index_html(&index, &ctx()).unwrap();
    assert!(
        html.contains(r#"<a href="a/handbook.md">Markdown</a>"#) && !html.contains("Web page"),
        "{html}"
    );
}

#[test]
fn a_minimal_region_renders() {
    let templates = builtin();
    let region = json!({ "chain": ["global"], "standard": { "id": "global" }, "culture": null });
    let html = templates.handbook_html(&region, &ctx()).unwrap();
    assert!(html.contains("<h1>") && html.contains("global"));
    assert!(html.contains("<html lang=\"en\" dir=\"ltr\">"));
    let md = templates.handbook_md(&region, &ctx()).unwrap();
    assert!(md.starts_with("# global\n"));
    let index = json!({ "regions": [], "standards": [] });
    templates.index_html(&index, &ctx()).unwrap();
    templates.index_md(&index, &ctx()).unwrap();
}

#[test]
fn a_project_template_overrides_a_builtin() {
    let dir = TempDir::new();
    dir.write("handbook.md.j2", "# {{ region.standard.title }} for {{ region.culture.name }}\n\n{% include \"partials/note.md.j2\" %}\n");
    dir.write(
        "partials/note.md.j2",
        "Built {{ today }} by csstd {{ csstd_version }}: {{ region.standard.owner }}\n",
    );
    let templates = Templates::new(Some(dir.path())).unwrap_or_else(|e| panic!("{e}"));
    let mut region = fixture();
    region["standard"]["owner"] = json!("A_B <i>*x*</i>");
    let md = templates.handbook_md(&region, &ctx()).unwrap();
    assert_eq!(
        md,
        "# Global Customer Service Standard for Germany\n\nBuilt 2026-11-01 by csstd 9.9.9: A_B &lt;i&gt;\\*x\\*&lt;/i&gt;\n"
    );
    // Templates it does not override are the built-ins.
    assert_eq!(
        templates.handbook_html(&region, &ctx()).unwrap(),
        builtin().handbook_html(&region, &ctx()).unwrap()
    );
}

#[test]
fn a_project_partial_overrides_a_builtin_partial() {
    let dir = TempDir::new();
    dir.write("partials/style.css", "body { color: #000; }\n");
    let templates = Templates::new(Some(dir.path())).unwrap();
    let html = templates.handbook_html(&fixture(), &ctx()).unwrap();
    assert!(html.contains("body { color: #000; }"));
    assert!(!html.contains("--guidance-bg"));
}

#[test]
fn a_missing_template_folder_overrides_nothing() {
    let dir = TempDir::new();
    let templates = Templates::new(Some(&dir.path().join("nope"))).unwrap();
    assert_eq!(
        templates.handbook_md(&fixture(), &ctx()).unwrap(),
        builtin().handbook_md(&fixture(), &ctx()).unwrap()
    );
}

fn refused_name(err: RenderError) -> String {
    match err {
        RenderError::TemplateRefused { name, .. } => name,
        other => panic!("expected a refusal, got {other:?}: {other}"),
    }
}

#[test]
fn includes_cannot_leave_the_template_folder() {
    let outer = TempDir::new();
    outer.write("secret.txt", "TOP SECRET");
    let dir = outer.path().join("templates");
    fs::create_dir_all(&dir).unwrap();
    for (include, expected) in [
        ("../secret.txt", "../secret.txt"),
        ("partials/../../secret.txt", "partials/../../secret.txt"),
        ("/etc/passwd", "/etc/passwd"),
        ("partials\\\\style.css", "partials\\style.css"),
    ] {
        fs::write(
            dir.join("handbook.md.j2"),
            format!("# T\n\n{{% include \"{include}\" %}}\n"),
        )
        .unwrap();
        let templates = Templates::new(Some(&dir)).unwrap();
        let err = templates.handbook_md(&fixture(), &ctx()).unwrap_err();
        let message = err.to_string();
        assert!(message.contains(expected), "{message}");
        assert!(
            message.contains("handbook.md.j2:3"),
            "the including template and line: {message}"
        );
        assert_eq!(refused_name(err), expected);
    }
}

#[test]
fn extends_cannot_leave_the_template_folder() {
    let dir = TempDir::new();
    dir.write("handbook.html.j2", "{% extends \"../../etc/passwd\" %}");
    let err = Templates::new(Some(dir.path()))
        .and_then(|t| t.handbook_html(&fixture(), &ctx()))
        .unwrap_err();
    assert_eq!(refused_name(err), "../../etc/passwd");
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_template_folder_are_refused() {
    let outer = TempDir::new();
    let secret = outer.write("secret.md.j2", "TOP SECRET");
    let dir = outer.path().join("templates");
    fs::create_dir_all(&dir).unwrap();
    std::os::unix::fs::symlink(&secret, dir.join("handbook.md.j2")).unwrap();
    let err = Templates::new(Some(&dir)).unwrap_err();
    assert!(err.to_string().contains("handbook.md.j2"), "{err}");
    assert_eq!(refused_name(err), "handbook.md.j2");
    // A symlink that stays inside the folder is fine.
    fs::remove_file(dir.join("handbook.md.j2")).unwrap();
    fs::write(dir.join("real.md.j2"), "# Inside\n").unwrap();
    std::os::unix::fs::symlink(dir.join("real.md.j2"), dir.join("handbook.md.j2")).unwrap();
    let templates = Templates::new(Some(&dir)).unwrap();
    assert_eq!(
        templates.handbook_md(&fixture(), &ctx()).unwrap(),
        "# Inside\n"
    );
}

#[test]
fn template_errors_name_the_template_and_line() {
    let dir = TempDir::new();
    dir.write(
        "index.md.j2",
        "# Index\n\n{{ index.regions|no_such_filter }}\n",
    );
    let templates = Templates::new(Some(dir.path())).unwrap();
    let err = templates
        .index_md(&json!({ "regions": [] }), &ctx())
        .unwrap_err();
    match &err {
        RenderError::Template { name, line, .. } => {
            assert_eq!(name, "index.md.j2");
            assert_eq!(*line, Some(3));
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(
        err.to_string().starts_with("template index.md.j2:3: "),
        "{err}"
    );

    dir.write(
        "index.md.j2",
        "# Index\n\n{% for r in index.regions %}{{ r.name|md(level=\"x\") }}{% endfor %}\n",
    );
    let templates = Templates::new(Some(dir.path())).unwrap();
    let err = templates
        .index_md(&json!({ "regions": [ { "name": "a" } ] }), &ctx())
        .unwrap_err();
    assert!(err.to_string().contains("index.md.j2:3"), "{err}");
}

#[test]
fn builtin_names_stay_reachable_under_an_override() {
    let dir = TempDir::new();
    dir.write(
        "handbook.html.j2",
        "{% include \"builtin/handbook.html.j2\" %}",
    );
    let templates = Templates::new(Some(dir.path())).unwrap();
    let region = fixture();
    assert_eq!(
        templates.handbook_html(&region, &ctx()).unwrap().trim_end(),
        builtin().handbook_html(&region, &ctx()).unwrap().trim_end()
    );
}

#[test]
fn direction_follows_the_primary_subtag() {
    for rtl in ["ar", "ar-SA", "AR", "he", "fa-IR", "ur"] {
        assert_eq!(text_direction(rtl), "rtl", "{rtl}");
    }
    for ltr in ["en", "de-DE", "ja", "arn", ""] {
        assert_eq!(text_direction(ltr), "ltr", "{ltr}");
    }
}

#[test]
fn escaping_follows_the_extension() {
    assert_eq!(auto_escape("handbook.html.j2"), AutoEscape::Html);
    assert_eq!(auto_escape("partials/macros.html.j2"), AutoEscape::Html);
    assert_eq!(
        auto_escape("handbook.md.j2"),
        AutoEscape::Custom("markdown".into())
    );
    assert_eq!(auto_escape("partials/style.css"), AutoEscape::None);
}

#[test]
fn names_that_leave_the_folder_are_refused() {
    for bad in [
        "../x",
        "a/../../x",
        "/etc/passwd",
        "a\\b",
        "C:/x",
        "",
        "a//b",
        "./a",
    ] {
        assert!(name_problem(bad).is_some(), "{bad:?}");
    }
    for good in ["handbook.md.j2", "partials/style.css", "a/b/c.j2", "x..y"] {
        assert!(name_problem(good).is_none(), "{good:?}");
    }
}
