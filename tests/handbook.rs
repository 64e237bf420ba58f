//! What a handbook built by `csstd build` shows (SPEC 5, "the handbook"): the
//! service levels of SPEC 2 in both formats and in two catalogue languages,
//! `<html lang>` and `dir`, and that hostile source content cannot get out of
//! the value it is in.
//!
//! HTML is read with `scraper` (html5ever, the HTML parsing algorithm browsers
//! use), so the assertions are about the document a browser builds, not about
//! strings that happen to appear in the file. Markdown is read with
//! pulldown-cmark, the parser the renderer itself uses for CommonMark.

mod common;

use common::{Run, TODAY, csstd, project, write};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use scraper::{ElementRef, Html, Selector};
use std::path::Path;
use tempfile::TempDir;

fn build(dir: &Path, args: &[&str]) -> Run {
    let mut all = vec!["build", "--today", TODAY];
    all.extend_from_slice(args);
    csstd(dir, &all)
}

/// Builds the fixture `name` and returns the project (its output in `dist/`).
fn built(name: &str) -> TempDir {
    let p = project(name);
    let run = build(p.path(), &[]);
    assert_eq!(run.code, 0, "build failed:\n{}", run.stderr);
    p
}

fn read(dir: &Path, rel: &str) -> String {
    common::read(dir, &format!("dist/{rel}"))
}

/// A catalogue shipped with csstd, read from the source tree: the tests do not repeat its text.
struct Catalogue(toml::Table);

impl Catalogue {
    fn load(lang: &str) -> Catalogue {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("src/render/catalog/{lang}.toml"));
        let text = std::fs::read_to_string(path).expect("read a catalogue");
        Catalogue(toml::from_str(&text).expect("a catalogue is TOML"))
    }

    fn get(&self, key: &str) -> String {
        self.0
            .get(key)
            .and_then(|v| v.as_str())
            .unwrap_or_else(|| panic!("catalogue has no `{key}`"))
            .to_string()
    }

    fn fill(&self, key: &str, placeholder: &str, value: &str) -> String {
        self.get(key).replace(placeholder, value)
    }

    /// A duration as the handbook shows it: `unit_h` with `{n}` filled in, in the form
    /// for `n` where the unit lists plural forms (`one: {n} Tag | other: {n} Tage`). These
    /// tests read English and German, where `one` is the form of 1 alone.
    fn unit(&self, n: &str, unit: &str) -> String {
        let pattern = self.get(&format!("unit_{unit}"));
        let wanted = if n == "1" { "one" } else { "other" };
        let form = pattern
            .split('|')
            .filter_map(|f| f.split_once(':'))
            .find(|(category, _)| category.trim() == wanted)
            .map_or(pattern.as_str(), |(_, form)| form.trim());
        form.replace("{n}", n)
    }

    /// `>= n%` as the handbook shows it.
    fn at_least_percent(&self, n: &str) -> String {
        format!("≥ {}", self.fill("percent", "{n}", n))
    }
}

/// Text with non-breaking spaces as spaces and runs of white space as one space, trimmed.
fn norm(text: &str) -> String {
    text.replace('\u{a0}', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("selector {css}: {e:?}"))
}

fn text_of(el: ElementRef<'_>) -> String {
    norm(&el.text().collect::<String>())
}

fn one<'a>(doc: &'a Html, css: &str) -> ElementRef<'a> {
    let selector = sel(css);
    let mut all = doc.select(&selector);
    let first = all
        .next()
        .unwrap_or_else(|| panic!("no element matches `{css}`"));
    assert!(
        all.next().is_none(),
        "more than one element matches `{css}`"
    );
    first
}

/// The rows of an HTML table as cell texts (`th` and `td` alike).
fn html_rows(table: ElementRef<'_>) -> Vec<Vec<String>> {
    table
        .select(&sel("tr"))
        .map(|tr| tr.select(&sel("th, td")).map(text_of).collect())
        .collect()
}

/// The table right after the heading with the id `heading_id`, inside the same wrapper.
fn html_table_after<'a>(doc: &'a Html, heading_id: &str) -> ElementRef<'a> {
    let heading = one(doc, &format!("[id=\"{heading_id}\"]"));
    heading
        .next_siblings()
        .filter_map(ElementRef::wrap)
        .find_map(|el| {
            if el.value().name() == "table" {
                Some(el)
            } else {
                el.select(&sel("table")).next()
            }
        })
        .unwrap_or_else(|| panic!("no table after #{heading_id}"))
}

/// A Markdown document read into its headings (with their level) and tables, in order.
#[derive(Debug)]
enum Block {
    Heading(u8, String),
    Table(Vec<Vec<String>>),
}

fn md_blocks(md: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut text = String::new();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut row: Vec<String> = Vec::new();
    for event in Parser::new_ext(md, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Heading { .. } | Tag::TableCell) => text.clear(),
            Event::End(TagEnd::Heading(level)) => {
                blocks.push(Block::Heading(level as u8, norm(&text)));
            }
            Event::End(TagEnd::TableCell) => row.push(norm(&text)),
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => rows.push(std::mem::take(&mut row)),
            Event::End(TagEnd::Table) => blocks.push(Block::Table(std::mem::take(&mut rows))),
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    blocks
}

/// The first table after the heading whose text is `heading`.
fn md_table_after(blocks: &[Block], heading: &str) -> Vec<Vec<String>> {
    let at = blocks
        .iter()
        .position(|b| matches!(b, Block::Heading(_, h) if h == heading))
        .unwrap_or_else(|| panic!("no heading `{heading}` in {blocks:#?}"));
    blocks[at + 1..]
        .iter()
        .find_map(|b| match b {
            Block::Table(rows) => Some(rows.clone()),
            Block::Heading(..) => None,
        })
        .unwrap_or_else(|| panic!("no table after `{heading}`"))
}

fn md_headings(blocks: &[Block]) -> Vec<(u8, String)> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading(l, h) => Some((*l, h.clone())),
            Block::Table(_) => None,
        })
        .collect()
}

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| norm(x)).collect()
}

// ---------------------------------------------------------------------------
// Service levels

/// The service-level tables every handbook of the `service-levels` fixture must show, in the
/// words of catalogue `c`; each is checked in HTML and in Markdown.
struct Expected {
    priorities: Vec<Vec<String>>,
    first_response: Vec<Vec<String>>,
    resolution: Vec<Vec<String>>,
    escalations: Vec<Vec<String>>,
    office_hours: Vec<Vec<String>>,
    office_holidays: Vec<Vec<String>>,
    always_hours: Vec<Vec<String>>,
    always_holidays: Vec<Vec<String>>,
}

fn expected(c: &Catalogue) -> Expected {
    let email = c.get("channel_email");
    let chat = c.get("channel_chat");
    let business = c.get("clock_business");
    let calendar = c.get("clock_calendar");
    let att = c.get("attainment");
    let sla = |within: String, clock: &str, schedule: Option<&str>, percent: &str| {
        let schedule = schedule.map(|s| format!(" ({s})")).unwrap_or_default();
        format!(
            "{within}, {clock}{schedule}, {att} {}",
            c.at_least_percent(percent)
        )
    };
    let days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let hours = |per_day: [Option<&str>; 7]| -> Vec<Vec<String>> {
        let mut rows = vec![s(&[&c.get("day"), &c.get("hours")])];
        for (day, h) in days.iter().zip(per_day) {
            let shown = match h {
                None => c.get("closed"),
                Some("24h") => c.get("all_day"),
                Some(h) => h.replace('-', "–"),
            };
            rows.push(s(&[&c.get(&format!("day_{day}")), &shown]));
        }
        rows
    };
    let holidays_head = s(&[&c.get("holiday"), &c.get("date")]);
    Expected {
        priorities: vec![
            s(&[&c.get("priority"), &c.get("definition"), &c.get("examples")]),
            s(&[
                "Critical p1",
                "Service unusable for many customers",
                "Payment outage; Report of a data breach",
            ]),
            s(&[
                "High p2",
                "A key feature fails for one customer",
                "Cannot log in",
            ]),
            s(&[
                "Normal p3",
                "A question or a minor fault",
                "How do I change my address?",
            ]),
        ],
        first_response: vec![
            s(&[&c.get("priority"), &email, &chat]),
            s(&[
                "Critical",
                &sla(c.unit("1", "h"), &business, Some("office"), "95"),
                &format!(
                    "{}, {}: enterprise",
                    sla(c.unit("30", "s"), &calendar, None, "99"),
                    c.get("tier")
                ),
            ]),
            s(&[
                "High",
                &sla(c.unit("4", "h"), &business, Some("office"), "90"),
                &sla(c.unit("2", "min"), &business, Some("always"), "90"),
            ]),
            s(&[
                "Normal",
                &sla(c.unit("1", "d"), &calendar, None, "80"),
                &sla(c.unit("5", "min"), &calendar, None, "80"),
            ]),
        ],
        resolution: vec![
            s(&[&c.get("priority"), &email]),
            s(&["Critical", &sla(c.unit("8", "h"), &calendar, None, "90")]),
            s(&["High", &sla(c.unit("3", "d"), &calendar, None, "85")]),
            s(&["Normal", "—"]),
        ],
        // Ordered by `after` (10m, 45m, 2h), not as written (2h, 10m, 45m), nor as text.
        escalations: vec![
            s(&[
                &c.get("priority"),
                &c.get("after"),
                &c.get("clock"),
                &c.get("escalate_to"),
                &c.get("via"),
            ]),
            s(&[
                "Critical",
                &c.unit("10", "min"),
                &calendar,
                "Duty manager",
                "Phone bridge",
            ]),
            s(&[
                "Critical",
                &c.unit("45", "min"),
                &calendar,
                "Incident lead",
                "Incident channel",
            ]),
            s(&[
                "Critical",
                &c.unit("2", "h"),
                &calendar,
                "Director of Support",
                "Phone",
            ]),
            s(&["High", &c.unit("1", "d"), &calendar, "Team lead", "—"]),
        ],
        office_hours: hours([
            Some("09:00-18:00"),
            Some("09:00-18:00"),
            Some("09:00-18:00"),
            Some("09:00-18:00"),
            Some("08:30-16:00"),
            None,
            None,
        ]),
        office_holidays: vec![
            holidays_head.clone(),
            s(&["New Year's Day", "2027-01-01"]),
            s(&["Christmas", "2026-12-24 – 2026-12-26"]),
        ],
        always_hours: hours([
            Some("24h"),
            Some("24h"),
            Some("24h"),
            Some("24h"),
            Some("24h"),
            Some("10:00-14:00"),
            None,
        ]),
        always_holidays: vec![holidays_head, s(&["Independence Day", "2027-07-04"])],
    }
}

/// The HTML rows of the escalation table, with the priority (a rowspan cell) repeated on
/// every row as the Markdown table has it.
fn escalation_rows(table: ElementRef<'_>) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut priority = String::new();
    for tr in table.select(&sel("tr")) {
        let cells: Vec<String> = tr.select(&sel("th, td")).map(text_of).collect();
        if tr.select(&sel("th[scope=rowgroup]")).next().is_some() || cells.len() == 5 {
            priority = cells[0].clone();
            rows.push(cells);
        } else {
            let mut full = vec![priority.clone()];
            full.extend(cells);
            rows.push(full);
        }
    }
    rows
}

/// The schedule's tables in HTML: hours, then holidays; their captions name the time zone.
fn html_schedule(doc: &Html, id: &str, c: &Catalogue, tz: &str) -> Vec<Vec<Vec<String>>> {
    let heading = one(doc, &format!("h3#schedule-{id}"));
    assert_eq!(
        text_of(heading),
        norm(&format!("{}: {id}", c.get("schedule")))
    );
    let block = ElementRef::wrap(heading.parent().unwrap()).unwrap();
    let tables: Vec<ElementRef<'_>> = block.select(&sel("table")).collect();
    assert_eq!(tables.len(), 2, "hours and holidays of {id}");
    let captions: Vec<String> = tables
        .iter()
        .map(|t| text_of(t.select(&sel("caption")).next().expect("a caption")))
        .collect();
    assert_eq!(
        captions,
        [
            norm(&format!("{} ({tz})", c.get("opening_hours"))),
            norm(&format!("{} ({tz})", c.get("holidays"))),
        ]
    );
    tables
        .iter()
        .map(|t| {
            html_rows(*t)
                .into_iter()
                .filter(|r| !r.is_empty())
                .collect()
        })
        .collect()
}

fn assert_service_levels_html(html: &str, c: &Catalogue) {
    let e = expected(c);
    let doc = Html::parse_document(html);
    let section = one(&doc, "section#service-levels");
    assert_eq!(
        text_of(section.select(&sel("h2")).next().unwrap()),
        norm(&c.get("part_service_levels"))
    );
    // In the table of contents too.
    let toc: Vec<String> = doc.select(&sel("nav.toc a")).map(text_of).collect();
    assert!(
        toc.contains(&norm(&c.get("part_service_levels"))),
        "{toc:?}"
    );

    assert_eq!(
        text_of(one(&doc, "h3#priorities")),
        norm(&c.get("priorities"))
    );
    let priorities = html_table_after(&doc, "priorities");
    let rows: Vec<Vec<String>> = html_rows(priorities)
        .into_iter()
        .map(|r| r.into_iter().map(|c| c.replace("; ", " ")).collect())
        .collect();
    // Examples are list items in HTML: compare their texts joined as Markdown joins them.
    let examples: Vec<String> = priorities
        .select(&sel("tbody tr"))
        .map(|tr| {
            tr.select(&sel("li"))
                .map(text_of)
                .collect::<Vec<_>>()
                .join("; ")
        })
        .collect();
    for (i, want) in e.priorities.iter().enumerate() {
        if i == 0 {
            assert_eq!(rows[0], *want);
            continue;
        }
        assert_eq!(rows[i][..2], want[..2], "priority row {i}");
        assert_eq!(examples[i - 1], want[2], "examples of priority row {i}");
    }

    for (measure, want) in [
        ("first_response", &e.first_response),
        ("resolution", &e.resolution),
    ] {
        let id = format!("sla-{measure}");
        let label = c.get(&format!("target_{measure}"));
        assert_eq!(
            text_of(one(&doc, &format!("h3#{id}"))),
            norm(&c.fill("sla_for", "{measure}", &label))
        );
        let table = html_table_after(&doc, &id);
        assert_eq!(
            text_of(table.select(&sel("caption")).next().unwrap()),
            norm(&c.fill("sla_caption", "{measure}", &label))
        );
        // HTML shows the same facts as Markdown, separated by spaces and `·` instead of commas.
        let loose = |rows: &[Vec<String>]| -> Vec<Vec<String>> {
            rows.iter()
                .map(|r| {
                    r.iter()
                        .map(|cell| norm(&cell.replace([',', '·'], " ")))
                        .collect()
                })
                .collect()
        };
        assert_eq!(loose(&html_rows(table)), loose(want), "{measure}");
    }

    assert_eq!(
        text_of(one(&doc, "h3#escalations")),
        norm(&c.get("escalation_path"))
    );
    assert_eq!(
        escalation_rows(html_table_after(&doc, "escalations")),
        e.escalations
    );

    let office = html_schedule(&doc, "office", c, "Europe/Berlin");
    assert_eq!(office, [e.office_hours.clone(), e.office_holidays.clone()]);
    let always = html_schedule(&doc, "always", c, "America/New_York");
    assert_eq!(always, [e.always_hours.clone(), e.always_holidays.clone()]);
}

fn assert_service_levels_md(md: &str, c: &Catalogue) {
    let e = expected(c);
    let blocks = md_blocks(md);
    let headings = md_headings(&blocks);
    let level_of = |text: &str| {
        headings
            .iter()
            .find(|(_, h)| h == &norm(text))
            .map(|(l, _)| *l)
            .unwrap_or_else(|| panic!("no heading `{text}` in {headings:#?}"))
    };
    assert_eq!(level_of(&c.get("part_service_levels")), 2);
    assert_eq!(level_of(&c.get("priorities")), 3);
    assert_eq!(md_table_after(&blocks, &c.get("priorities")).len(), 4);
    let priorities: Vec<Vec<String>> = md_table_after(&blocks, &c.get("priorities"))
        .into_iter()
        .map(|r| {
            r.into_iter()
                .map(|cell| cell.replace(['(', ')'], ""))
                .collect()
        })
        .collect();
    assert_eq!(priorities, e.priorities);
    for (measure, want) in [
        ("first_response", &e.first_response),
        ("resolution", &e.resolution),
    ] {
        let label = c.get(&format!("target_{measure}"));
        let heading = norm(&c.fill("sla_for", "{measure}", &label));
        assert_eq!(level_of(&heading), 3);
        assert_eq!(md_table_after(&blocks, &heading), *want, "{measure}");
    }
    assert_eq!(
        md_table_after(&blocks, &c.get("escalation_path")),
        e.escalations
    );
    let schedule = |id: &str| norm(&format!("{}: {id}", c.get("schedule")));
    assert_eq!(md_table_after(&blocks, &schedule("office")), e.office_hours);
    assert_eq!(md_table_after(&blocks, &schedule("always")), e.always_hours);
    let after = |id: &str| -> Vec<Vec<Vec<String>>> {
        let at = blocks
            .iter()
            .position(|b| matches!(b, Block::Heading(_, h) if *h == schedule(id)))
            .unwrap();
        blocks[at + 1..]
            .iter()
            .take_while(|b| matches!(b, Block::Table(_)))
            .map(|b| match b {
                Block::Table(t) => t.clone(),
                Block::Heading(..) => unreachable!(),
            })
            .collect()
    };
    assert_eq!(after("office"), [e.office_hours.clone(), e.office_holidays]);
    assert_eq!(after("always"), [e.always_hours.clone(), e.always_holidays]);
    // Each schedule names its time zone for its hours and for its holidays.
    for (id, tz) in [("office", "Europe/Berlin"), ("always", "America/New_York")] {
        let section: String = md
            .split(&format!("### {}", c.get("schedule")))
            .find(|part| part.starts_with(&format!(": {id}\n")))
            .unwrap_or_else(|| panic!("no Markdown section for schedule {id}"))
            .to_string();
        assert!(
            section.contains(&format!("{} ({tz}):", c.get("opening_hours"))),
            "{section}"
        );
        assert!(
            section.contains(&format!("{} ({tz}):", c.get("holidays"))),
            "{section}"
        );
    }
}

#[test]
fn an_english_handbook_shows_priorities_sla_matrix_escalations_and_schedules() {
    let p = built("service-levels");
    let en = Catalogue::load("en");
    assert_service_levels_md(&read(p.path(), "en-GB/handbook.md"), &en);
    assert_service_levels_html(&read(p.path(), "en-GB/handbook.html"), &en);
}

#[test]
fn a_german_handbook_shows_the_service_levels_with_headings_from_the_german_catalogue() {
    let p = built("service-levels");
    let de = Catalogue::load("de");
    let en = Catalogue::load("en");
    // The German words really differ from the English ones this test relies on.
    for key in [
        "part_service_levels",
        "priorities",
        "escalation_path",
        "clock_business",
        "day_mon",
        "unit_h",
        "percent",
    ] {
        assert_ne!(de.get(key), en.get(key), "{key}");
    }
    let md = read(p.path(), "de-DE/handbook.md");
    let html = read(p.path(), "de-DE/handbook.html");
    assert_service_levels_md(&md, &de);
    assert_service_levels_html(&html, &de);
    // No English heading is left in the German handbook.
    for key in [
        "part_service_levels",
        "priorities",
        "escalation_path",
        "part_hours",
    ] {
        let english = format!("## {}", en.get(key));
        assert!(!md.contains(&english), "`{english}` in the German handbook");
    }
}

#[test]
fn a_region_without_service_levels_has_no_such_part() {
    let p = project("service-levels");
    let std = common::read(p.path(), "standards/global.toml");
    let cut = std.find("[[priorities]]").unwrap();
    let no_schedule = |text: &str| {
        text.lines()
            .filter(|l| !l.starts_with("schedule = "))
            .map(|l| format!("{l}\n"))
            .collect::<String>()
    };
    write(p.path(), "standards/global.toml", no_schedule(&std[..cut]));
    for culture in ["cultures/en-GB.toml", "cultures/de-DE.toml"] {
        let text = common::read(p.path(), culture);
        write(p.path(), culture, no_schedule(&text));
    }
    let run = build(p.path(), &["en-GB"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let en = Catalogue::load("en");
    let md = read(p.path(), "en-GB/handbook.md");
    assert!(!md.contains(&en.get("part_service_levels")), "{md}");
    let doc = Html::parse_document(&read(p.path(), "en-GB/handbook.html"));
    assert!(doc.select(&sel("#service-levels")).next().is_none());
    assert!(
        doc.select(&sel("a[href=\"#service-levels\"]"))
            .next()
            .is_none()
    );
}

// ---------------------------------------------------------------------------
// <html lang> and dir

#[test]
fn html_lang_is_the_handbook_language_and_right_to_left_languages_get_dir_rtl() {
    let p = project("clean");
    let region = |id: &str, lang: Option<&str>| {
        let lang = lang
            .map(|l| format!("handbook_language = \"{l}\"\n"))
            .unwrap_or_default();
        format!("[culture]\nid = \"{id}\"\nname = \"{id}\"\nextends = \"de-DE\"\n{lang}")
    };
    let cases = [
        ("r-default", None, "en", "ltr"),
        ("r-de", Some("de"), "de", "ltr"),
        ("r-ar", Some("ar"), "ar", "rtl"),
        ("r-ar-sa", Some("ar-SA"), "ar-SA", "rtl"),
        // No catalogue: English strings, but still the language and direction asked for.
        ("r-he", Some("he"), "he", "rtl"),
        ("r-fa", Some("fa"), "fa", "rtl"),
        ("r-ja", Some("ja"), "ja", "ltr"),
    ];
    for (id, lang, _, _) in cases {
        write(p.path(), &format!("cultures/{id}.toml"), region(id, lang));
    }
    let run = build(p.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html_el = sel("html");
    for (id, _, lang, dir) in cases {
        let doc = Html::parse_document(&read(p.path(), &format!("{id}/handbook.html")));
        let html = doc.select(&html_el).next().unwrap();
        assert_eq!(html.value().attr("lang"), Some(lang), "{id}");
        assert_eq!(html.value().attr("dir"), Some(dir), "{id}");
    }
    // The Arabic handbook's headings come from the Arabic catalogue; Hebrew falls back to English.
    let ar = Catalogue::load("ar");
    let en = Catalogue::load("en");
    let doc = Html::parse_document(&read(p.path(), "r-ar/handbook.html"));
    assert_eq!(
        text_of(one(&doc, "h2#toc-title")),
        norm(&ar.get("contents"))
    );
    let doc = Html::parse_document(&read(p.path(), "r-he/handbook.html"));
    assert_eq!(
        text_of(one(&doc, "h2#toc-title")),
        norm(&en.get("contents"))
    );
    // The index is in English, and says which language each handbook is in.
    let doc = Html::parse_document(&read(p.path(), "index.html"));
    let html = doc.select(&html_el).next().unwrap();
    assert_eq!(html.value().attr("lang"), Some("en"));
    assert_eq!(html.value().attr("dir"), Some("ltr"));
    let row = doc
        .select(&sel("tbody tr"))
        .map(text_of)
        .find(|t| t.contains("r-ar-sa"))
        .unwrap();
    assert!(row.contains("ar-SA"), "{row}");
}

#[test]
fn the_shipped_arabic_region_is_built_right_to_left() {
    let p = tempfile::Builder::new()
        .prefix("csstd-test-")
        .tempdir()
        .unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for rel in [
        "standards/global.toml",
        "cultures/ar-SA.yaml",
        "cultures/en-GB.toml",
    ] {
        write(p.path(), rel, std::fs::read(root.join(rel)).unwrap());
    }
    let run = build(p.path(), &["ar-SA", "en-GB"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (id, dir) in [("ar-SA", "rtl"), ("en-GB", "ltr")] {
        let doc = Html::parse_document(&read(p.path(), &format!("{id}/handbook.html")));
        let html = doc.select(&sel("html")).next().unwrap();
        assert_eq!(html.value().attr("dir"), Some(dir), "{id}");
        assert!(
            html.value().attr("lang").unwrap().starts_with(&id[..2]),
            "{id}"
        );
    }
}

// ---------------------------------------------------------------------------
// Hostile content

/// Elements the built-in templates and the Markdown renderer produce. Anything else in a
/// handbook came from a source file.
const ELEMENTS: [&str; 43] = [
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "header",
    "nav",
    "main",
    "footer",
    "section",
    "article",
    "div",
    "span",
    "p",
    "a",
    "strong",
    "em",
    "del",
    "code",
    "pre",
    "blockquote",
    "hr",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "caption",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
];

/// Whether a link may point at `url`: http, https, mailto, or relative (no scheme at all).
/// Judged as a browser reads it: tabs, newlines and surrounding control characters and spaces
/// do not count, and schemes are case-insensitive.
fn url_allowed(url: &str) -> bool {
    let url: String = url
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let url = url.trim_matches(|c: char| c.is_whitespace() || c.is_control());
    let scheme_end = url.find(':');
    let path_start = url.find(['/', '?', '#']);
    match (scheme_end, path_start) {
        (None, _) => true,
        (Some(colon), Some(path)) if path < colon => true,
        (Some(colon), _) => {
            let scheme = url[..colon].to_ascii_lowercase();
            ["http", "https", "mailto"].contains(&scheme.as_str())
        }
    }
}

fn assert_html_is_safe(name: &str, html: &str) {
    let doc = Html::parse_document(html);
    let mut styles = 0;
    for el in doc
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
    {
        let tag = el.value().name();
        assert!(
            ELEMENTS.contains(&tag),
            "{name}: a <{tag}> element: {}",
            el.html()
        );
        if tag == "style" {
            styles += 1;
            assert_eq!(
                el.parent()
                    .and_then(ElementRef::wrap)
                    .map(|p| p.value().name()),
                Some("head"),
                "{name}: a <style> outside <head>"
            );
        }
        if tag == "meta" {
            assert!(
                el.value().attr("http-equiv").is_none(),
                "{name}: {}",
                el.html()
            );
        }
        for (attr, value) in el.value().attrs() {
            let attr = attr.to_ascii_lowercase();
            assert!(
                !attr.starts_with("on"),
                "{name}: event handler attribute `{attr}` on <{tag}>"
            );
            assert!(
                attr != "style" && attr != "srcdoc",
                "{name}: `{attr}` on <{tag}>"
            );
            if [
                "href",
                "src",
                "action",
                "formaction",
                "xlink:href",
                "poster",
                "cite",
            ]
            .contains(&attr.as_str())
            {
                assert!(
                    url_allowed(value),
                    "{name}: <{tag} {attr}=\"{value}\"> has a scheme other than http, https, mailto"
                );
            }
        }
    }
    assert_eq!(styles, 1, "{name}: one stylesheet, in <head>");
    // Nothing script-like is even left as text in the file.
    let lower = html.to_lowercase();
    assert!(!lower.contains("<script"), "{name}: `<script` in the file");
    assert!(
        !lower.contains("javascript:"),
        "{name}: `javascript:` in the file"
    );
}

fn assert_markdown_is_safe(name: &str, md: &str) {
    assert!(
        !md.to_lowercase().contains("<script"),
        "{name}: raw `<script` in the Markdown"
    );
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for event in Parser::new_ext(md, options) {
        match event {
            Event::Html(html) | Event::InlineHtml(html) => {
                panic!("{name}: raw HTML in the Markdown: {html:?}")
            }
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                assert!(url_allowed(&dest_url), "{name}: a link to `{dest_url}`");
            }
            _ => {}
        }
    }
}

/// Bidi embeddings, overrides and isolates opened in `text` and not closed in it, by the
/// rules of UAX #9 (a PDI closes the innermost isolate and everything opened after it).
fn open_bidi(text: &str) -> Vec<char> {
    let embedding = |c: &char| ('\u{202A}'..='\u{202E}').contains(c) && *c != '\u{202C}';
    let isolate = |c: &char| ('\u{2066}'..='\u{2068}').contains(c);
    let mut stack: Vec<char> = Vec::new();
    for c in text.chars() {
        match c {
            c if embedding(&c) || isolate(&c) => stack.push(c),
            '\u{202C}' if stack.last().is_some_and(embedding) => {
                stack.pop();
            }
            '\u{2069}' => {
                let keep = stack.iter().rposition(isolate).unwrap_or(stack.len());
                stack.truncate(keep);
            }
            _ => {}
        }
    }
    stack
}

const NAME: &str = "Evil\u{202E}gnp.exe\u{202D} Region \u{2066}<script>alert(52)</script>";

#[test]
fn hostile_content_cannot_inject_markup_scripts_or_script_links() {
    let p = project("hostile");
    let run = build(p.path(), &[]);
    assert_eq!(run.code, 0, "the hostile fixture builds:\n{}", run.stderr);
    for page in ["xx/handbook.html", "index.html"] {
        assert_html_is_safe(page, &read(p.path(), page));
    }
    for page in ["xx/handbook.md", "index.md"] {
        assert_markdown_is_safe(page, &read(p.path(), page));
    }

    // The links that are allowed survive, in both formats.
    let html = Html::parse_document(&read(p.path(), "xx/handbook.html"));
    let hrefs: Vec<&str> = html
        .select(&sel("a[href]"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    for url in [
        "https://example.org/ok",
        "mailto:help@example.org",
        "../other.html",
        "#top",
        "https://example.org/auto",
        "https://example.org/pic.png",
    ] {
        assert!(hrefs.contains(&url), "{url} missing from {hrefs:?}");
    }
    let md = read(p.path(), "xx/handbook.md");
    for link in [
        "[ok](https://example.org/ok)",
        "[mail](mailto:help@example.org)",
        "[rel](../other.html)",
        "<https://example.org/auto>",
    ] {
        assert!(md.contains(link), "{link} missing from the Markdown");
    }
}

#[test]
fn hostile_values_stay_inside_their_element_and_attribute() {
    let p = project("hostile");
    assert_eq!(build(p.path(), &[]).code, 0);
    let doc = Html::parse_document(&read(p.path(), "xx/handbook.html"));
    let html = doc.select(&sel("html")).next().unwrap();
    // A language with a quote in it stays the value of `lang`; it is no known RTL language.
    assert_eq!(html.value().attr("lang"), Some("ar\" onload=\"alert(53)"));
    assert_eq!(html.value().attrs().count(), 2, "{:?}", html.value());

    // `</td></table>` in a value does not end its cell: the priorities table keeps its shape
    // and every value is in its own cell, as text.
    let rows = html_rows(html_table_after(&doc, "priorities"));
    assert_eq!(rows.len(), 3, "{rows:#?}");
    assert!(rows.iter().all(|r| r.len() == 3), "{rows:#?}");
    assert_eq!(
        rows[1][1],
        norm("Broken \"quoted\" 'single' </td></tr></tbody></table><script>alert(44)</script>")
    );
    let examples: Vec<String> = doc.select(&sel("tr#priority-p1 li")).map(text_of).collect();
    assert_eq!(
        examples,
        [
            "<img src=x onerror=alert(45)>",
            "</li></ul><script>alert(46)</script>"
        ]
    );
    let rows = html_rows(html_table_after(&doc, "escalations"));
    assert!(rows.iter().all(|r| r.len() == 5), "{rows:#?}");
    assert_eq!(
        rows[1][4],
        "</td></table><a href=javascript:alert(51)>x</a>"
    );

    // A reference with quotes in it stays one `href`, percent-encoded.
    let quoted = one(&doc, "#legal-quoted a.url");
    assert_eq!(quoted.value().attrs().count(), 2);
    assert_eq!(
        quoted.value().attr("href"),
        Some("https://example.org/%22%20onmouseover=%22alert(42)")
    );
    // References that are not allowed are shown as text, not linked.
    for id in ["data-protection", "data-url", "spaced"] {
        let note = one(&doc, &format!("#legal-{id}"));
        assert!(
            note.select(&sel("a")).next().is_none(),
            "{id}: {}",
            note.html()
        );
    }

    // The Markdown tables keep their shape too: `|` and `</td>` in values stay in their cell.
    let blocks = md_blocks(&read(p.path(), "xx/handbook.md"));
    let en = Catalogue::load("en");
    let priorities = md_table_after(&blocks, &en.get("priorities"));
    assert!(priorities.iter().all(|r| r.len() == 3), "{priorities:#?}");
    assert_eq!(priorities[2][0], "High | with | pipes (p2)");
    assert_eq!(priorities[2][2], "a | b");
}

#[test]
fn a_bidi_control_in_a_value_cannot_reorder_what_follows_it() {
    let p = project("hostile");
    assert_eq!(build(p.path(), &[]).code, 0);
    let out = p.path().join("dist");

    // HTML: every text node closes what it opens, so nothing after a value (in the same
    // element or the next) is reordered by it.
    for page in ["xx/handbook.html", "index.html"] {
        let doc = Html::parse_document(&common::read(&out, page));
        for node in doc.root_element().descendants() {
            if let Some(text) = node.value().as_text() {
                assert!(
                    open_bidi(text).is_empty(),
                    "{page}: text {:?} leaves {:?} open",
                    &**text,
                    open_bidi(text)
                );
            }
        }
    }
    // Markdown: every line closes what it opens (a table row is one line).
    for page in ["xx/handbook.md", "index.md"] {
        for line in common::read(&out, page).lines() {
            assert!(
                open_bidi(line).is_empty(),
                "{page}: {line:?} leaves bidi controls open"
            );
        }
    }
    // The region's id next to its name in the index is outside every override.
    let index = common::read(&out, "index.md");
    let row = index.lines().find(|l| l.contains("(xx)")).unwrap();
    let before_id = &row[..row.find("(xx)").unwrap()];
    assert!(open_bidi(before_id).is_empty(), "{row:?}");
    // The name itself is kept, characters and all.
    let doc = Html::parse_document(&common::read(&out, "xx/handbook.html"));
    let shown = text_of(one(&doc, "h1 .region-name"));
    let visible: String = shown
        .chars()
        .filter(|c| !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
        .collect();
    let expected: String = NAME
        .chars()
        .filter(|c| !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
        .collect();
    assert_eq!(visible, expected);
    assert!(
        shown.starts_with("Evil\u{202E}gnp.exe\u{202D} Region \u{2066}"),
        "{shown:?}"
    );
}
