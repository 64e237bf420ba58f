//! SPEC 8: `translate update` refreshes catalogues as msgmerge would, `translate status`
//! reports them, and a bad catalogue is an input error at its `file:line:col`.
//!
//! The `translations` fixture has a base standard in English and three regions: `de-DE`
//! (German, mostly translated, one fuzzy entry), `fr-FR` (French, partly translated) and
//! `fr-CA` (`fr-CA.po` over `fr.po`, with its own text written in French).

mod common;

use common::{assert_unchanged, csstd, json, listing, project, read, write};
use csstd::translate::po::{self, Entry};
use std::path::Path;

fn entries(dir: &Path, lang: &str) -> Vec<Entry> {
    let text = read(dir, &format!("translations/{lang}.po"));
    po::parse(text.as_bytes())
        .unwrap_or_else(|e| panic!("{lang}.po: {e}"))
        .entries
}

fn find<'a>(entries: &'a [Entry], ctxt: &str, id: &str) -> &'a Entry {
    entries
        .iter()
        .find(|e| e.msgctxt.as_deref() == Some(ctxt) && e.msgid == id)
        .unwrap_or_else(|| panic!("no entry {ctxt} / {id}"))
}

#[test]
fn update_on_an_up_to_date_project_writes_the_same_bytes() {
    let p = project("translations");
    let before = listing(p.path());
    let run = csstd(p.path(), &["translate", "update"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_unchanged(p.path(), &before);
    assert!(
        run.stderr.contains("unchanged translations/de.po"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("unchanged translations/fr-CA.po"),
        "{}",
        run.stderr
    );
}

#[test]
fn update_follows_msgmerge_for_changed_moved_removed_and_new_blocks() {
    let p = project("translations");
    let base = read(p.path(), "standards/base.toml");
    let base = base
        // The two list items swap places: each keeps its own translation.
        .replace(
            "- Use the name the customer gives.\n- Ask when you are unsure.",
            "- Ask when you are unsure.\n- Use the name the customer gives.",
        )
        // A changed paragraph keeps its translation, marked fuzzy with the old source.
        .replace(
            "Treat every customer as an equal.",
            "Treat every single customer as an equal.",
        )
        // A new paragraph gets an empty translation.
        .replace(
            "Call the customer back within 2 business hours.\"",
            "Call the customer back within 2 business hours.\\n\\nSay when you will call.\"",
        )
        // A removed legal note leaves its translation behind, obsolete.
        .replace(
            "note = \"Tell the caller that the call is recorded before recording starts.\"\n",
            "",
        );
    write(p.path(), "standards/base.toml", &base);
    let run = csstd(p.path(), &["translate", "update", "de"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let de = entries(p.path(), "de");
    let respect = "clauses[attitude.respect].text";
    let moved = find(&de, respect, "Use the name the customer gives.");
    assert_eq!(
        moved.msgstr,
        "Verwenden Sie den Namen, den der Kunde nennt."
    );
    assert!(!moved.is_fuzzy());
    let changed = find(&de, respect, "Treat every single customer as an equal.");
    assert!(changed.is_fuzzy());
    assert_eq!(changed.msgstr, "Behandeln Sie jeden Kunden als ebenbürtig.");
    assert_eq!(
        changed.previous_msgid.as_deref(),
        Some("Treat every customer as an equal.")
    );
    let new = find(
        &de,
        "clauses[process.callback].text",
        "Say when you will call.",
    );
    assert_eq!(new.msgstr, "");
    let gone = find(
        &de,
        "legal[call-recording].note",
        "Tell the caller that the call is recorded before recording starts.",
    );
    assert!(gone.obsolete);
    assert!(gone.msgstr.starts_with("Sagen Sie dem Anrufer"));
    // Translators' comments stay with their entry.
    let critical = find(&de, "priorities[p1].title", "Critical");
    assert_eq!(critical.comments, ["Begriff aus dem Ticketsystem"]);
    // Only the named catalogue was written; a second run changes nothing.
    let written = read(p.path(), "translations/de.po");
    assert_eq!(
        read(p.path(), "translations/fr.po"),
        read(&common::fixture("translations"), "translations/fr.po")
    );
    let again = csstd(p.path(), &["translate", "update", "de"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(read(p.path(), "translations/de.po"), written);
}

#[test]
fn update_creates_a_catalogue_with_its_header() {
    let p = project("translations");
    std::fs::remove_dir_all(p.path().join("translations")).unwrap();
    let run = csstd(p.path(), &["translate", "update"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // One catalogue per handbook language in use: fr-CA gets its own, which falls back
    // to fr.po entry by entry.
    let mut names: Vec<String> = std::fs::read_dir(p.path().join("translations"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["de.po", "fr-CA.po", "fr.po"]);
    let ca = po::parse(read(p.path(), "translations/fr-CA.po").as_bytes()).unwrap();
    assert_eq!(ca.header_field("Language"), Some("fr-CA"));
    assert!(!ca.entries.is_empty() && ca.entries.iter().all(|e| e.msgstr.is_empty()));
    let text = read(p.path(), "translations/fr.po");
    let catalogue = po::parse(text.as_bytes()).unwrap();
    assert_eq!(catalogue.header_field("Language"), Some("fr"));
    assert_eq!(
        catalogue.header_field("Content-Type"),
        Some("text/plain; charset=UTF-8")
    );
    let first = &catalogue.entries[0];
    assert_eq!(first.msgctxt.as_deref(), Some("standard.title"));
    assert_eq!(first.references, ["standards/base.toml:3"]);
    // Text written in French (fr-CA's own guidance) is not asked for in French.
    assert!(!text.contains("courriel"), "{text}");
}

#[test]
fn update_keeps_a_shared_catalogue_current_for_the_variants_that_read_it() {
    let p = project("translations");
    let fr = p.path().join("cultures/fr-FR.toml");
    let text = std::fs::read_to_string(&fr).unwrap();
    std::fs::write(
        &fr,
        text.replace(
            "handbook_language = \"fr\"",
            "handbook_language = \"fr-FR\"",
        ),
    )
    .unwrap();
    let run = csstd(p.path(), &["translate", "update"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // fr-FR gets its catalogue; fr.po, which both French handbooks read, is refreshed.
    for file in ["fr-FR.po", "fr-CA.po", "fr.po"] {
        assert!(
            run.stderr.contains(&format!("translations/{file}: ")),
            "{file}: {}",
            run.stderr
        );
    }
    // Its translations still reach the handbook through the fallback.
    let status = csstd(
        p.path(),
        &["translate", "status", "fr-FR", "--format", "json"],
    );
    let json: serde_json::Value = serde_json::from_str(&status.stdout).unwrap();
    let region = &json["languages"][0]["regions"][0];
    assert_eq!(region["region"], "fr-FR");
    assert!(region["translated"].as_u64().unwrap() > 0, "{json}");
}

#[test]
fn update_of_a_language_no_handbook_reads_says_so() {
    let p = project("translations");
    let run = csstd(p.path(), &["translate", "update", "it"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "note: no region's handbook is in `it` (set `handbook_language = \"it\"` in a culture), so it.po has nothing to translate"
        ),
        "{}",
        run.stderr
    );
    let catalogue = po::parse(read(p.path(), "translations/it.po").as_bytes()).unwrap();
    assert_eq!(catalogue.header_field("Language"), Some("it"));
    assert!(catalogue.entries.is_empty());
    // fr.po is read by fr-CA as well as fr-FR: no note.
    let run = csstd(p.path(), &["translate", "update", "fr"]);
    assert!(!run.stderr.contains("note:"), "{}", run.stderr);
}

#[test]
fn status_reports_every_language_and_region_sorted_and_fails_on_gaps() {
    let p = project("translations");
    let run = csstd(p.path(), &["translate", "status", "--format", "json"]);
    assert_eq!(run.code, 1, "fuzzy and untranslated blocks: {}", run.stderr);
    let v = json(&run);
    assert_eq!(v["version"], 1);
    let langs = common::status_langs(&v);
    assert_eq!(langs, ["de", "fr", "fr-CA"]);
    let de = &v["languages"][0];
    assert_eq!(de["file"], "translations/de.po");
    assert_eq!(
        (
            &de["translated"],
            &de["fuzzy"],
            &de["untranslated"],
            &de["obsolete"]
        ),
        (&22.into(), &1.into(), &1.into(), &0.into())
    );
    assert_eq!(
        de["regions"],
        serde_json::json!([{"region": "de-DE", "shown": 24, "translated": 22, "fuzzy": 1, "untranslated": 1}])
    );
    // fr-CA reads fr-CA.po, then fr.po.
    let fr_ca = &v["languages"][2]["regions"][0];
    assert_eq!(fr_ca["region"], "fr-CA");
    assert_eq!(fr_ca["translated"], 9);
    let text = csstd(p.path(), &["translate", "status", "de"]);
    assert_eq!(text.code, 1);
    assert!(
        text.stdout
            .contains("de-DE: 24 blocks shown, 22 translated (91%), 1 fuzzy, 1 untranslated"),
        "{}",
        text.stdout
    );
}

#[test]
fn status_exits_0_once_every_shown_block_is_translated() {
    let p = project("translations");
    let file = "translations/de.po";
    let mut catalogue = po::parse(read(p.path(), file).as_bytes()).unwrap();
    for e in &mut catalogue.entries {
        e.set_fuzzy(false);
        if e.msgstr.is_empty() {
            e.msgstr = format!("[de] {}", e.msgid);
        }
    }
    write(p.path(), file, po::write(&catalogue));
    let run = csstd(p.path(), &["translate", "status", "de", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(json(&run)["languages"][0]["regions"][0]["untranslated"], 0);
}

/// Writes `bytes` as `rel`, then checks that update and status exit 2 with an error at
/// `at`, and that update wrote nothing.
fn rejects(rel: &str, bytes: &[u8], at: &str, phrase: &str) {
    let p = project("translations");
    write(p.path(), rel, bytes);
    let before = listing(p.path());
    for args in [&["translate", "update"][..], &["translate", "status"][..]] {
        let run = csstd(p.path(), args);
        assert_eq!(run.code, 2, "{args:?}:\n{}{}", run.stdout, run.stderr);
        assert!(
            run.stderr.contains(at),
            "{args:?}: no `{at}` in\n{}",
            run.stderr
        );
        assert!(
            run.stderr.contains(phrase),
            "{args:?}: no `{phrase}` in\n{}",
            run.stderr
        );
    }
    assert_unchanged(p.path(), &before);
    let json_run = csstd(p.path(), &["translate", "status", "--format", "json"]);
    assert_eq!(json_run.code, 2);
    let v = json(&json_run);
    assert_eq!(v["errors"][0]["file"], rel);
}

const HEADER: &str = "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n\n";

#[test]
fn a_syntax_error_in_a_catalogue_is_an_input_error() {
    let text = format!("{HEADER}msgctxt \"standard.title\"\nmsgid \"Base\nmsgstr \"\"\n");
    rejects(
        "translations/ja.po",
        text.as_bytes(),
        "translations/ja.po:5:7",
        "closing quote",
    );
}

#[test]
fn an_entry_without_msgid_is_an_input_error() {
    let text = format!("{HEADER}msgctxt \"standard.title\"\nmsgstr \"x\"\n");
    rejects(
        "translations/ja.po",
        text.as_bytes(),
        "translations/ja.po:5:1",
        "msgid",
    );
}

#[test]
fn a_duplicate_entry_is_an_input_error() {
    let entry = "msgctxt \"standard.title\"\nmsgid \"Base\"\nmsgstr \"x\"\n";
    let text = format!("{HEADER}{entry}\n{entry}");
    rejects(
        "translations/ja.po",
        text.as_bytes(),
        "translations/ja.po:9:1",
        "duplicate",
    );
}

#[test]
fn invalid_utf8_in_a_catalogue_is_an_input_error() {
    let mut text = format!("{HEADER}msgid \"Base\"\nmsgstr \"").into_bytes();
    text.extend_from_slice(b"\xff\"\n");
    rejects(
        "translations/ja.po",
        &text,
        "translations/ja.po:5:9",
        "UTF-8",
    );
}

#[test]
fn a_catalogue_not_named_after_a_language_is_an_input_error() {
    rejects(
        "translations/german.po",
        HEADER.as_bytes(),
        "translations/german.po:1:1",
        "language tag",
    );
}

fn build(dir: &Path, extra: &[&str]) -> common::Run {
    let mut args = vec!["build", "--out", "dist", "--today", common::TODAY];
    args.extend_from_slice(extra);
    csstd(dir, &args)
}

#[test]
fn handbooks_show_translations_and_mark_what_is_not_yet_translated() {
    let p = project("translations");
    let run = build(p.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let md = read(p.path(), "dist/de-DE/handbook.md");
    assert!(
        md.contains("Behandeln Sie jeden Kunden als ebenbürtig."),
        "{md}"
    );
    assert!(md.contains("- Verwenden Sie den Namen, den der Kunde nennt."));
    // Untranslated: shown in the source, with the label of the handbook language.
    assert!(md.contains("- Ask when you are unsure."));
    assert!(md.contains("*Noch nicht übersetzt*"));
    // A fuzzy translation is not shown: "Call back" keeps its source title.
    assert!(md.contains("Call back") && !md.contains("Rückruf"));
    let html = read(p.path(), "dist/de-DE/handbook.html");
    assert!(
        html.contains("<p class=\"untranslated\" lang=\"de\" dir=\"ltr\">Noch nicht übersetzt</p>")
    );
    // In a value translated in part, the block left in English says so, the others not.
    assert!(html.contains("<li>Verwenden Sie den Namen, den der Kunde nennt.</li>"));
    assert!(
        html.contains("<li><span lang=\"en\" dir=\"ltr\">Ask when you are unsure.</span></li>"),
        "{html}"
    );
    // A title shown in the source says which language it is in.
    assert!(html.contains(
        "<h4 id=\"clause-process.callback-title\" lang=\"en\" dir=\"ltr\">Call back</h4>"
    ));
    assert!(html.contains("<h4 id=\"clause-attitude.respect-title\">Respekt und Inklusion</h4>"));
    // The legal note without translation is in English as a whole.
    let fr = read(p.path(), "dist/fr-FR/handbook.html");
    assert!(
        fr.contains("lang=\"en\" dir=\"ltr\">\n<p>Personal data is handled"),
        "{fr}"
    );
    // fr-CA takes fr-CA.po first, then fr.po.
    let ca = read(p.path(), "dist/fr-CA/handbook.md");
    assert!(ca.contains("Rappelez le client en dedans de 2 heures ouvrables."));
    assert!(ca.contains("Traitez chaque client en égal."));
    assert!(!ca.contains("dans les 2 heures ouvrées"));
    // standard.json keeps the source.
    let json = read(p.path(), "dist/de-DE/standard.json");
    assert!(json.contains("Treat every customer as an equal.") && !json.contains("Behandeln"));
}

#[test]
fn a_changed_catalogue_makes_the_build_stale() {
    let p = project("translations");
    assert_eq!(build(p.path(), &[]).code, 0);
    assert_eq!(build(p.path(), &["--check"]).code, 0);
    let file = "translations/fr.po";
    let text =
        read(p.path(), file).replace("Demandez en cas de doute.", "Demandez, dans le doute.");
    write(p.path(), file, text);
    let check = build(p.path(), &["--check"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(
        check.stderr.contains("fr-FR/handbook.md"),
        "{}",
        check.stderr
    );
}

#[test]
fn a_translation_is_markdown_made_safe_like_its_source() {
    let p = project("translations");
    let file = "translations/de.po";
    let original = "msgstr \"Rufen Sie den Kunden innerhalb von 2 Geschäftsstunden zurück.\"";
    let text = read(p.path(), file);
    assert!(text.contains(original));
    let text = text.replace(
        original,
        "msgstr \"<script>alert(1)</script> Rufen Sie [zurück](javascript:alert(1)).\"",
    );
    write(p.path(), file, text);
    let run = build(p.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = read(p.path(), "dist/de-DE/handbook.html");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt; Rufen Sie"),
        "{html}"
    );
    assert!(
        !html.contains("<script>alert") && !html.contains("javascript:"),
        "{html}"
    );
    let md = read(p.path(), "dist/de-DE/handbook.md");
    // In CommonMark the dropped link is left as escaped text, as for source Markdown.
    assert!(
        !md.contains("[zurück](javascript") && !md.contains("<script>"),
        "{md}"
    );
}

#[test]
fn a_bad_catalogue_stops_the_build() {
    let p = project("translations");
    write(
        p.path(),
        "translations/ja.po",
        "msgid \"a\"\nmsgstr \"b\"\nmsgid \"a\"\nmsgstr \"c\"\n",
    );
    let run = build(p.path(), &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("translations/ja.po:3:1"),
        "{}",
        run.stderr
    );
    assert!(!p.path().join("dist").exists());
}

#[test]
fn lint_reports_untranslated_stale_and_mismatched_translations() {
    let p = project("translations");
    let file = "translations/fr.po";
    let text =
        read(p.path(), file).replace("dans les 2 heures ouvrées", "dans les 4 heures ouvrées");
    write(p.path(), file, text);
    let run = csstd(
        p.path(),
        &["lint", "--format", "json", "--today", common::TODAY],
    );
    assert_eq!(run.code, 0, "warnings only: {}", run.stderr);
    let findings = common::findings(&json(&run));
    let of = |rule: &str| -> Vec<&common::Finding> {
        findings.iter().filter(|f| f.rule == rule).collect()
    };
    // One finding per block, at the source value, listing every region that shows it.
    let untranslated = of("cultural-sensitivity/untranslated");
    let ask = untranslated
        .iter()
        .find(|f| f.message.contains("Ask when you are unsure."))
        .expect("the untranslated list item");
    assert_eq!(ask.at, "standards/base.toml:50:8");
    assert_eq!(ask.regions, ["de-DE"]);
    let data = untranslated
        .iter()
        .find(|f| f.message.contains("(legal[data-protection].title)"))
        .expect("an untranslated title");
    assert_eq!(data.regions, ["fr-CA", "fr-FR"], "de.po translates it");
    // A fuzzy entry is reported where it is, in the catalogue.
    let stale = of("cultural-sensitivity/stale-translation");
    assert_eq!(stale.len(), 1, "{stale:?}");
    assert_eq!(
        stale[0].at,
        common::pos_of(p.path(), "translations/de.po", "msgid \"Call back\"")
    );
    // "2 hours" became "4 heures": at the fr.po entry, for the region that shows it.
    let mismatch = of("consistency/translation-mismatch");
    assert_eq!(mismatch.len(), 1, "{mismatch:?}");
    assert_eq!(
        mismatch[0].at,
        common::pos_of(p.path(), file, "msgid \"Call the customer back")
    );
    assert_eq!(
        mismatch[0].regions,
        ["fr-FR"],
        "fr-CA has its own translation"
    );
    assert!(
        mismatch[0]
            .message
            .contains("numbers `2` in the source, `4` in the translation")
    );
}

#[test]
fn a_project_without_catalogues_is_told_what_is_untranslated() {
    let p = project("translations");
    std::fs::remove_dir_all(p.path().join("translations")).unwrap();
    let run = csstd(
        p.path(),
        &["lint", "--format", "json", "--today", common::TODAY],
    );
    let findings = common::findings(&json(&run));
    let untranslated: Vec<_> = findings
        .iter()
        .filter(|f| f.rule == "cultural-sensitivity/untranslated")
        .collect();
    // Every block the German and French handbooks show in English, with no catalogue:
    // the base's title for all three regions, a region's own name for that region.
    let at = |path: &str| -> Vec<&[String]> {
        untranslated
            .iter()
            .filter(|f| f.message.contains(&format!("({path})")))
            .map(|f| f.regions.as_slice())
            .collect()
    };
    assert_eq!(at("standard.title"), [["de-DE", "fr-CA", "fr-FR"]]);
    assert_eq!(at("culture.name"), [["de-DE"], ["fr-FR"]]);
    assert!(
        findings
            .iter()
            .all(|f| f.rule != "cultural-sensitivity/stale-translation"
                && f.rule != "consistency/translation-mismatch"),
        "{findings:?}"
    );
}

#[test]
fn untranslated_plain_texts_are_marked_in_both_formats() {
    let p = project("translations");
    let run = csstd(
        p.path(),
        &["build", "fr-FR", "--out", "dist", "--today", common::TODAY],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let md = read(p.path(), "dist/fr-FR/handbook.md");
    for row in [
        "| Critical (p1) | Service unusable for many customers *Pas encore traduit* | Payment outage *Pas encore traduit* |",
        "| Duty manager *Pas encore traduit* | Phone bridge *Pas encore traduit* |",
    ] {
        assert!(md.contains(row), "{row}\n{md}");
    }
    let html = read(p.path(), "dist/fr-FR/handbook.html");
    assert!(
        html.contains(r#"<li lang="en" dir="ltr">Payment outage <span class="untranslated" lang="fr" dir="ltr">Pas encore traduit</span></li>"#),
        "{html}"
    );
}
