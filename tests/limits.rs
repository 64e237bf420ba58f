//! Resource limits (docs/security.md): inputs at and past each documented limit are either
//! handled or refused with a clear error, never a crash, a hang (every run is bounded by
//! the helpers' time-out) or a runaway. Times and memory are measured by
//! `benches/limits.sh`, not asserted here.

mod common;

use common::{TODAY, csstd, project, write};

const REGION: &str =
    "[culture]\nid = \"x\"\nname = \"X\"\nextends = \"base\"\nlanguages = [\"en\"]\n";

#[test]
fn a_file_just_under_8_mib_is_read() {
    let p = project("clean");
    let mut text = String::from(REGION);
    let pad = "# padding padding padding padding padding padding padding padding\n";
    while text.len() + pad.len() < 8 * 1024 * 1024 - 1024 {
        text.push_str(pad);
    }
    write(p.path(), "cultures/x.toml", &text);
    let run = csstd(p.path(), &["resolve", "x", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_one_mib_line_is_handled() {
    let p = project("clean");
    let long = "word ".repeat(200_000);
    write(
        p.path(),
        "cultures/x.toml",
        format!("{REGION}[communication]\naddress = \"{long}\"\n"),
    );
    let run = csstd(p.path(), &["resolve", "x", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.len() > long.len());
}

#[test]
fn an_over_long_id_is_refused_with_a_short_message() {
    let p = project("clean");
    let id = "a".repeat(100_000);
    write(
        p.path(),
        "cultures/x.toml",
        format!("{REGION}[[legal]]\nid = \"{id}\"\ntitle = \"T\"\n"),
    );
    let run = csstd(p.path(), &["lint", "--today", TODAY]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("not a valid id"), "{}", run.stderr);
    // The message quotes a bounded part of the id (the source line itself is shown once).
    let quoted_max = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("error"))
        .map(str::len)
        .max()
        .unwrap_or(0);
    assert!(quoted_max < 400, "error line of {quoted_max} bytes");
}

#[test]
fn an_over_long_file_name_is_refused() {
    let p = project("clean");
    write(
        p.path(),
        &format!("cultures/{}.toml", "b".repeat(200)),
        REGION,
    );
    let run = csstd(p.path(), &["list"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("not a valid id"), "{}", run.stderr);
}

#[test]
fn a_hundred_thousand_character_key_is_handled() {
    let p = project("clean");
    let key = format!("x-{}", "k".repeat(100_000));
    write(p.path(), "cultures/x.toml", format!("{REGION}{key} = 1\n"));
    let run = csstd(p.path(), &["resolve", "x", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn twenty_thousand_clauses_resolve() {
    let p = project("clean");
    let mut text = String::from(REGION);
    for i in 0..20_000 {
        text.push_str(&format!(
            "[[clauses]]\nid = \"gen.c{i}\"\nsection = \"attitude\"\ntitle = \"Clause {i}\"\ntext = \"Do {i}.\"\n"
        ));
    }
    write(p.path(), "cultures/x.toml", &text);
    let run = csstd(p.path(), &["resolve", "x", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v = common::json(&run);
    assert!(v["clauses"].as_array().expect("clauses").len() >= 20_000);
}

#[test]
fn a_thousand_regions_list() {
    let p = project("clean");
    for i in 0..1000 {
        write(
            p.path(),
            &format!("cultures/r{i}.yaml"),
            format!("culture:\n  id: r{i}\n  name: R{i}\n  extends: base\n  languages: [en]\n"),
        );
    }
    let run = csstd(p.path(), &["list", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        common::json(&run)["cultures"]
            .as_array()
            .expect("cultures")
            .len()
            > 1000
    );
}

#[test]
fn yaml_aliases_within_the_budget_are_expanded() {
    let p = project("clean");
    let mut text = String::from(
        "culture:\n  id: x\n  name: X\n  extends: base\n  languages: [en]\n  holidays: &h [\"New Year\"]\n",
    );
    text.push_str("communication:\n  do:\n");
    for _ in 0..200 {
        text.push_str("    - Listen first\n");
    }
    text.push_str("x-copies:\n");
    for i in 0..50 {
        text.push_str(&format!("  c{i}: *h\n"));
    }
    write(p.path(), "cultures/x.yaml", &text);
    let run = csstd(p.path(), &["resolve", "x", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_yaml_alias_bomb_is_refused_quickly_and_clearly() {
    let p = project("clean");
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let prev = format!("*a{}", i - 1);
        text.push_str(&format!("a{i}: &a{i} [{}]\n", vec![prev; 10].join(", ")));
    }
    text.push_str("culture: *a11\n");
    write(p.path(), "cultures/x.yaml", &text);
    let run = csstd(p.path(), &["list"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("alias"), "{}", run.stderr);
}

#[test]
fn deep_markdown_nesting_renders() {
    let p = project("clean");
    let quotes = ">".repeat(5_000);
    let lists: String = (0..200)
        .map(|i| format!("{}- item\n", "  ".repeat(i)))
        .collect();
    let text = format!("{quotes} deep\\n\\n{}", lists.replace('\n', "\\n"));
    write(
        p.path(),
        "cultures/x.toml",
        format!(
            "{REGION}[communication]\ndirectness = \"direct\"\nformality = \"formal\"\n\
             context = \"low\"\n\n[[clauses]]\nid = \"attitude.deep\"\nsection = \"attitude\"\n\
             title = \"Deep\"\ntext = \"{text}\"\n"
        ),
    );
    let run = csstd(p.path(), &["build", "x", "--today", TODAY, "--out", "dist"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The nesting is flattened, never dropped: the text and the deepest item are there.
    let md = std::fs::read_to_string(p.path().join("dist/x/handbook.md")).expect("handbook.md");
    assert!(md.contains("deep"), "the quoted text is kept");
    assert_eq!(md.matches("item").count(), 200, "every list item is kept");
}
