//! `csstd export zendesk|freshdesk`: the payloads written for the shipped project, the
//! B2B example and the `export-basic` fixture, the warnings for what a helpdesk cannot
//! express, time-zone names, output safety, and `--check` against saved API responses
//! (no drift, deliberate drifts, and every kind of response file that is not what its
//! endpoint returns).

mod common;

use common::{assert_unchanged, csstd, json, listing, pos_of, project, read, write};
use std::path::Path;

/// Every file under `dir`, as `--- path` and its text, in path order.
fn dump(dir: &Path) -> String {
    let mut out = String::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.expect("walk the output");
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("inside")
                .to_string_lossy();
            out.push_str(&format!("--- {rel}\n"));
            out.push_str(&std::fs::read_to_string(e.path()).expect("read an output file"));
        }
    }
    out
}

/// A copy of the shipped project at the repository root, with its `[helpdesk]` mapping.
fn shipped() -> tempfile::TempDir {
    common::shipped()
}

fn export(dir: &Path, args: &[&str]) -> common::Run {
    let mut all = vec!["--color", "never", "export"];
    all.extend_from_slice(args);
    csstd(dir, &all)
}

/// Exports to `system`, which must succeed: the files written under `helpdesk/<system>`
/// (without the manifest, whose hashes say the same again) and the warnings.
fn exported(dir: &Path, system: &str) -> (String, String) {
    let run = export(dir, &[system]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = dir.join("helpdesk").join(system);
    std::fs::remove_file(out.join("manifest.json")).expect("a manifest");
    (dump(&out), run.stderr)
}

// ----- what is written -----

#[test]
fn the_shipped_project_exports_to_zendesk_with_only_the_documented_warnings() {
    let p = shipped();
    let run = export(p.path(), &["zendesk"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = p.path().join("helpdesk/zendesk");
    // Every warning is one docs/helpdesk.md explains: dated exceptions and escalations.
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning"))
        .collect();
    assert!(!warnings.is_empty());
    for w in &warnings {
        assert!(
            w.contains("have no dated exceptions") || w.contains("have no escalations"),
            "an undocumented warning: {w}"
        );
    }
    let manifest: serde_json::Value =
        serde_json::from_str(&read(&out, "manifest.json")).expect("manifest");
    let paths: Vec<&str> = manifest["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| f["path"].as_str().expect("path"))
        .collect();
    assert_eq!(paths.len(), 36, "{paths:?}");
    insta::assert_snapshot!("shipped_zendesk_ja-JP", dump(&out.join("ja-JP")));
    insta::assert_snapshot!("shipped_zendesk_warnings", run.stderr);
}

#[test]
fn the_b2b_example_exports_to_zendesk() {
    let p = tempfile::tempdir().expect("tempdir");
    common::copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/b2b-saas"),
        p.path(),
    );
    let (files, warnings) = exported(p.path(), "zendesk");
    insta::assert_snapshot!("b2b_zendesk", files);
    insta::assert_snapshot!("b2b_zendesk_warnings", warnings);
}

#[test]
fn the_fixture_exports_to_zendesk_with_split_days_midnight_and_a_night_shift() {
    let p = project("export-basic");
    let run = export(p.path(), &["zendesk"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = p.path().join("helpdesk/zendesk");
    let schedules: serde_json::Value =
        serde_json::from_str(&read(&out, "ja-JP/schedules.json")).expect("JSON");
    let intervals: Vec<(u64, u64)> = schedules["schedules"][0]["intervals"]
        .as_array()
        .expect("intervals")
        .iter()
        .map(|i| {
            (
                i["start_time"].as_u64().unwrap(),
                i["end_time"].as_u64().unwrap(),
            )
        })
        .collect();
    // Monday 09:00–12:00 and 13:00–18:00; Friday 13:00 to midnight, Saturday 00:00–02:00.
    assert_eq!(intervals[..2], [(1980, 2160), (2220, 2520)]);
    assert!(intervals.contains(&(7980, 8640)) && intervals.contains(&(8640, 8760)));
    insta::assert_snapshot!("basic_zendesk", dump(&out));
}

#[test]
fn the_fixture_exports_to_freshdesk() {
    let p = project("export-basic");
    let (files, warnings) = exported(p.path(), "freshdesk");
    insta::assert_snapshot!("basic_freshdesk", files);
    insta::assert_snapshot!("basic_freshdesk_warnings", warnings);
}

#[test]
fn what_zendesk_cannot_express_is_a_warning_at_the_entry_and_the_rest_is_written() {
    let p = project("export-basic");
    let run = export(p.path(), &["zendesk"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (needle, at) in [
        (
            "have no dated exceptions: `Heiligabend (half day)`",
            pos_of(p.path(), "cultures/de-DE.toml", "{ name = \"Heiligabend"),
        ),
        (
            "SLA `phone.p1.answer`: Zendesk has no SLA metric for the measure `answer_within`",
            pos_of(
                p.path(),
                "standards/base.toml",
                "[[slas]]\nid = \"phone.p1.answer\"",
            ),
        ),
        (
            "escalation `p1.lead`: Zendesk SLA policies have no escalations",
            pos_of(p.path(), "standards/base.toml", "[[escalations]]"),
        ),
    ] {
        let i = run
            .stderr
            .find(needle)
            .unwrap_or_else(|| panic!("{needle}:\n{}", run.stderr));
        assert!(
            run.stderr[i..].contains(&format!("--> {at}")),
            "{at}:\n{}",
            run.stderr
        );
    }
    insta::assert_snapshot!("basic_zendesk_warnings", run.stderr);
    // The schedule with the exception is still written, with its week's hours.
    assert!(read(p.path(), "helpdesk/zendesk/de-DE/schedules.json").contains("de-DE · office"));
}

#[test]
fn the_export_is_deterministic_and_a_region_alone_gets_the_same_files() {
    let p = project("export-basic");
    assert_eq!(export(p.path(), &["zendesk", "--out", "a"]).code, 0);
    assert_eq!(export(p.path(), &["zendesk", "--out", "b"]).code, 0);
    assert_eq!(dump(&p.path().join("a")), dump(&p.path().join("b")));
    assert_eq!(
        export(p.path(), &["zendesk", "ja-JP", "--out", "c"]).code,
        0
    );
    for f in ["schedules.json", "holidays.json", "sla_policies.json"] {
        assert_eq!(
            read(p.path(), &format!("a/ja-JP/{f}")),
            read(p.path(), &format!("c/ja-JP/{f}")),
            "{f}: positions do not depend on the regions exported"
        );
    }
    assert!(!p.path().join("c/de-DE").exists());
}

#[test]
fn a_second_export_removes_regions_it_no_longer_writes_and_keeps_other_files() {
    let p = project("export-basic");
    assert_eq!(export(p.path(), &["zendesk"]).code, 0);
    write(p.path(), "helpdesk/zendesk/README.md", "ours");
    let run = export(p.path(), &["zendesk", "ja-JP"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!p.path().join("helpdesk/zendesk/de-DE").exists());
    assert!(
        p.path()
            .join("helpdesk/zendesk/ja-JP/sla_policies.json")
            .is_file()
    );
    assert_eq!(read(p.path(), "helpdesk/zendesk/README.md"), "ours");
}

#[test]
fn the_output_never_holds_a_credential_or_a_url() {
    let p = project("export-basic");
    assert_eq!(export(p.path(), &["zendesk"]).code, 0);
    assert_eq!(export(p.path(), &["freshdesk"]).code, 0);
    let all = dump(&p.path().join("helpdesk"));
    for word in ["token", "password", "http", "api_key", "@"] {
        assert!(!all.contains(word), "`{word}` in the export");
    }
}

// ----- time zones -----

#[test]
fn a_zone_with_no_rails_name_is_an_input_error_at_the_timezone() {
    let p = project("export-basic");
    let file = p.path().join("cultures/ja-JP.toml");
    let text = read(p.path(), "cultures/ja-JP.toml").replace(
        "timezone = \"Asia/Tokyo\"\nhours",
        "timezone = \"America/Toronto\"\nhours",
    );
    std::fs::write(&file, text).expect("write");
    let before = listing(p.path());
    let run = export(p.path(), &["zendesk"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let at = pos_of(p.path(), "cultures/ja-JP.toml", "\"America/Toronto\"");
    assert!(run.stderr.contains(&format!("--> {at}")), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("time zone `America/Toronto` has no Zendesk name"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "[helpdesk.zendesk.time_zones] \"America/Toronto\" = \"Eastern Time (US & Canada)\""
        ),
        "{}",
        run.stderr
    );
    assert_unchanged(p.path(), &before);
    // The same error in JSON for CI, with --check.
    let run = export(
        p.path(),
        &["zendesk", "--check", "live/zendesk", "--format", "json"],
    );
    assert_eq!(run.code, 2);
    assert_eq!(json(&run)["errors"][0]["file"], "cultures/ja-JP.toml");
}

#[test]
fn a_zone_mapped_in_csstd_toml_is_written_with_that_name() {
    let p = project("export-basic");
    let file = p.path().join("cultures/ja-JP.toml");
    let text = read(p.path(), "cultures/ja-JP.toml").replace(
        "timezone = \"Asia/Tokyo\"\nhours",
        "timezone = \"America/Toronto\"\nhours",
    );
    std::fs::write(&file, text).expect("write");
    let manifest = read(p.path(), "csstd.toml")
        + "\n[helpdesk.zendesk.time_zones]\n\"America/Toronto\" = \"Eastern Time (US & Canada)\"\n";
    write(p.path(), "csstd.toml", manifest);
    let run = export(p.path(), &["zendesk"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        read(p.path(), "helpdesk/zendesk/ja-JP/schedules.json")
            .contains("\"time_zone\": \"Eastern Time (US & Canada)\"")
    );
}

#[test]
fn several_rails_names_of_one_zone_give_the_city_name() {
    let p = project("export-basic");
    assert_eq!(export(p.path(), &["zendesk"]).code, 0);
    // Osaka, Sapporo and Tokyo are all Asia/Tokyo: the city's own name is written.
    assert!(
        read(p.path(), "helpdesk/zendesk/ja-JP/schedules.json")
            .contains("\"time_zone\": \"Tokyo\"")
    );
    assert!(
        read(p.path(), "helpdesk/zendesk/de-DE/schedules.json")
            .contains("\"time_zone\": \"Berlin\"")
    );
}

#[test]
fn an_override_that_is_no_rails_name_is_an_input_error_in_csstd_toml() {
    let p = project("export-basic");
    let manifest = read(p.path(), "csstd.toml")
        + "\n[helpdesk.zendesk.time_zones]\n\"Asia/Tokyo\" = \"Tokio\"\n";
    write(p.path(), "csstd.toml", manifest);
    let before = listing(p.path());
    let run = export(p.path(), &["zendesk"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let at = pos_of(p.path(), "csstd.toml", "\"Tokio\"");
    assert!(run.stderr.contains(&format!("--> {at}")), "{}", run.stderr);
    assert!(
        run.stderr.contains("did you mean `Tokyo`?"),
        "{}",
        run.stderr
    );
    assert_unchanged(p.path(), &before);
}

// ----- output safety -----

#[test]
fn out_must_not_be_the_project_or_an_input_folder_or_a_file() {
    let p = project("export-basic");
    let before = listing(p.path());
    for (out, says) in [
        (".", "contains the project itself"),
        ("cultures", "the project's cultures folder"),
        ("standards/x", "is inside the project's standards folder"),
        ("csstd.toml", "is an existing file"),
    ] {
        let run = export(p.path(), &["zendesk", "--out", out]);
        assert_eq!(run.code, 2, "--out {out}: {}", run.stderr);
        assert!(run.stderr.contains(says), "--out {out}: {}", run.stderr);
    }
    assert_unchanged(p.path(), &before);
}

#[test]
fn format_json_needs_check_and_a_region_must_be_one() {
    let p = project("export-basic");
    let run = export(p.path(), &["zendesk", "--format", "json"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--check"), "{}", run.stderr);
    let run = export(p.path(), &["zendesk", "base"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("only regions"), "{}", run.stderr);
    let run = export(p.path(), &["zendesk", "ja-jp-x"]);
    assert_eq!(run.code, 2);
}

// ----- --check -----

#[test]
fn check_with_no_drift_exits_0() {
    let p = project("export-basic");
    let before = listing(p.path());
    let run = export(p.path(), &["zendesk", "--check", "live/zendesk"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout,
        "Zendesk matches the standard (2 regions checked)\n"
    );
    let run = export(
        p.path(),
        &["zendesk", "--check", "live/zendesk", "--format", "json"],
    );
    assert_eq!(run.code, 0);
    assert_eq!(
        json(&run),
        serde_json::json!({"version": 1, "system": "zendesk", "entries": []})
    );
    let run = export(p.path(), &["freshdesk", "--check", "live/freshdesk"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout,
        "Freshdesk matches the standard (2 regions checked)\n"
    );
    // --check writes nothing.
    assert_unchanged(p.path(), &before);
}

/// Edits a saved response in place.
fn edit(dir: &Path, rel: &str, from: &str, to: &str) {
    let text = read(dir, rel);
    assert!(text.contains(from), "`{from}` is not in {rel}");
    std::fs::write(dir.join(rel), text.replacen(from, to, 1)).expect("write");
}

/// Edits a saved response as JSON and writes it back pretty-printed.
fn edit_json(dir: &Path, rel: &str, change: impl FnOnce(&mut serde_json::Value)) {
    let mut saved: serde_json::Value = serde_json::from_str(&read(dir, rel)).expect("JSON");
    change(&mut saved);
    std::fs::write(dir.join(rel), serde_json::to_string_pretty(&saved).unwrap()).expect("write");
}

/// The file of the saved holidays of the schedule named `name`.
fn holidays_file(dir: &Path, name: &str) -> String {
    let schedules: serde_json::Value =
        serde_json::from_str(&read(dir, "live/zendesk/schedules.json")).expect("JSON");
    let id = schedules["schedules"]
        .as_array()
        .expect("schedules")
        .iter()
        .find(|s| s["name"] == name)
        .expect("the schedule")["id"]
        .to_string();
    format!("live/zendesk/holidays/{id}.json")
}

#[test]
fn check_reports_a_changed_target_a_missing_holiday_and_a_schedule_in_another_zone() {
    let p = project("export-basic");
    // A target changed: ja-JP email, urgent first reply 60 → 90 minutes.
    let policies = read(p.path(), "live/zendesk/sla_policies.json");
    let start = policies
        .find("\"title\": \"ja-JP · email\"")
        .expect("the policy");
    let offset = policies[start..]
        .find("\"target\": 60")
        .expect("the target")
        + start;
    let edited = format!(
        "{}\"target\": 90{}",
        &policies[..offset],
        &policies[offset + 12..]
    );
    std::fs::write(p.path().join("live/zendesk/sla_policies.json"), edited).expect("write");
    // A missing holiday: Golden Week removed from ja-JP · office.
    let holidays = holidays_file(p.path(), "ja-JP · office");
    edit_json(p.path(), &holidays, |saved| {
        saved["holidays"]
            .as_array_mut()
            .expect("holidays")
            .retain(|h| h["start_date"] != "2027-05-03");
    });
    // A schedule in another zone: de-DE · office on London time.
    edit(
        p.path(),
        "live/zendesk/schedules.json",
        "\"time_zone\": \"Berlin\"",
        "\"time_zone\": \"London\"",
    );
    let run = export(p.path(), &["zendesk", "--check", "live/zendesk"]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    insta::assert_snapshot!("check_drift_human", run.stdout);
    let run = export(
        p.path(),
        &["zendesk", "--check", "live/zendesk", "--format", "json"],
    );
    assert_eq!(run.code, 1);
    insta::assert_snapshot!("check_drift_json", run.stdout);
    let v = json(&run);
    let entries = v["entries"].as_array().expect("entries");
    assert_eq!(entries.len(), 3);
    for e in entries {
        let keys: Vec<&str> = e.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["region", "path", "kind", "expected", "actual"]);
    }
}

#[test]
fn check_reports_missing_and_unexpected_policies_and_their_order() {
    let p = project("export-basic");
    // The enterprise chat policy of ja-JP is renamed (so missing, and the renamed one is
    // unexpected), and de-DE's chat policies swap places.
    edit(
        p.path(),
        "live/zendesk/sla_policies.json",
        "\"title\": \"ja-JP · chat · enterprise\"",
        "\"title\": \"ja-JP · chat · vip\"",
    );
    edit_json(p.path(), "live/zendesk/sla_policies.json", |saved| {
        for p in saved["sla_policies"].as_array_mut().expect("policies") {
            if p["title"] == "de-DE · chat" {
                p["position"] = serde_json::json!(1);
            }
        }
    });
    let run = export(p.path(), &["zendesk", "--check", "live/zendesk"]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    insta::assert_snapshot!("check_policies_human", run.stdout);
}

#[test]
fn check_of_freshdesk_reports_targets_and_hours() {
    let p = project("export-basic");
    edit(
        p.path(),
        "live/freshdesk/sla_policies.json",
        "\"respond_within\": 3600",
        "\"respond_within\": 7200",
    );
    edit(
        p.path(),
        "live/freshdesk/business_hours.json",
        "\"end_time\": \"06:00:00 pm\"",
        "\"end_time\": \"05:00:00 pm\"",
    );
    let run = export(
        p.path(),
        &["freshdesk", "--check", "live/freshdesk", "--format", "json"],
    );
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    insta::assert_snapshot!("check_freshdesk_json", run.stdout);
}

// ----- response files that are not what their endpoint returns -----

/// Runs `--check` and asserts an input error at `file:line:col` saying `says`.
fn assert_bad_response(p: &Path, system: &str, at: &str, says: &str) {
    let before = listing(p);
    let dir = format!("live/{system}");
    let run = export(p, &[system, "--check", &dir]);
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stderr.contains(says), "`{says}`:\n{}", run.stderr);
    assert!(
        run.stderr.contains(&format!("--> {at}")),
        "{at}:\n{}",
        run.stderr
    );
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert_unchanged(p, &before);
}

/// Edits a saved response (`from` becomes `to`) and asserts the input error at `value`,
/// which the edit wrote, saying `says`.
fn assert_bad_value(
    p: &Path,
    system: &str,
    file: &str,
    (from, to): (&str, &str),
    value: &str,
    says: &str,
) {
    edit(p, file, from, to);
    let at = pos_of(p, file, value);
    assert_bad_response(p, system, &at, says);
}

#[test]
fn a_missing_schedules_file_is_an_input_error_naming_the_endpoint() {
    let p = project("export-basic");
    std::fs::remove_file(p.path().join("live/zendesk/schedules.json")).expect("remove");
    assert_bad_response(
        p.path(),
        "zendesk",
        "live/zendesk/schedules.json:1:1",
        "GET /api/v2/business_hours/schedules",
    );
}

#[test]
fn a_schedules_file_that_is_not_json_is_placed() {
    let p = project("export-basic");
    write(
        p.path(),
        "live/zendesk/schedules.json",
        "{\n  \"schedules\": [\n    {\"id\": 1,}\n  ]\n}\n",
    );
    assert_bad_response(
        p.path(),
        "zendesk",
        "live/zendesk/schedules.json:3:14",
        "not JSON",
    );
}

#[test]
fn a_schedules_file_without_schedules_names_the_key() {
    let p = project("export-basic");
    write(
        p.path(),
        "live/zendesk/schedules.json",
        "{\"schedule\": {\"id\": 1}}\n",
    );
    assert_bad_response(
        p.path(),
        "zendesk",
        "live/zendesk/schedules.json:1:1",
        "`schedules` is missing: this is not what `GET /api/v2/business_hours/schedules` returns",
    );
}

#[test]
fn a_schedule_without_a_time_zone_names_the_key_at_its_object() {
    let p = project("export-basic");
    let file = "live/zendesk/schedules.json";
    let at = pos_of(p.path(), file, "{\n      \"id\": 360000102");
    edit(p.path(), file, "\"time_zone\": \"Tokyo\",", "");
    assert_bad_response(
        p.path(),
        "zendesk",
        &at,
        "`schedules[1].time_zone` is missing",
    );
}

#[test]
fn an_interval_with_a_text_time_is_placed_at_the_value() {
    let p = project("export-basic");
    assert_bad_value(
        p.path(),
        "zendesk",
        "live/zendesk/schedules.json",
        ("\"start_time\": 1980", "\"start_time\": \"1980\""),
        "\"1980\"",
        "is a string, not a whole number",
    );
}

#[test]
fn a_missing_holidays_file_names_the_schedule_id() {
    let p = project("export-basic");
    let file = holidays_file(p.path(), "ja-JP · office");
    std::fs::remove_file(p.path().join(&file)).expect("remove");
    assert_bad_response(
        p.path(),
        "zendesk",
        &format!("{file}:1:1"),
        "GET /api/v2/business_hours/schedules/{id}/holidays",
    );
}

#[test]
fn a_holiday_with_a_bad_date_is_placed_at_the_value() {
    let p = project("export-basic");
    let file = holidays_file(p.path(), "ja-JP · office");
    assert_bad_value(
        p.path(),
        "zendesk",
        &file,
        (
            "\"start_date\": \"2027-01-01\"",
            "\"start_date\": \"1 January\"",
        ),
        "\"1 January\"",
        "not a date (YYYY-MM-DD)",
    );
}

#[test]
fn a_policies_file_that_is_a_list_is_not_what_zendesk_returns() {
    let p = project("export-basic");
    write(p.path(), "live/zendesk/sla_policies.json", "[]\n");
    assert_bad_response(
        p.path(),
        "zendesk",
        "live/zendesk/sla_policies.json:1:1",
        "the response is an array, not an object: this is not what `GET /api/v2/slas/policies` returns",
    );
}

#[test]
fn a_policy_metric_with_a_text_target_is_placed_at_the_value() {
    let p = project("export-basic");
    assert_bad_value(
        p.path(),
        "zendesk",
        "live/zendesk/sla_policies.json",
        ("\"target\": 60,", "\"target\": \"60\","),
        "\"60\"",
        ".target` is a string, not a whole number",
    );
}

#[test]
fn a_policy_without_a_filter_names_the_key() {
    let p = project("export-basic");
    let file = "live/zendesk/sla_policies.json";
    edit_json(p.path(), file, |saved| {
        saved["sla_policies"][1]
            .as_object_mut()
            .unwrap()
            .remove("filter");
    });
    let text = read(p.path(), file);
    let second = text
        .match_indices("\n    {")
        .nth(1)
        .expect("a second policy")
        .0
        + 5;
    let line = text[..second].matches('\n').count() + 1;
    assert_bad_response(
        p.path(),
        "zendesk",
        &format!("{file}:{line}:5"),
        "`sla_policies[1].filter` is missing",
    );
}

#[test]
fn a_freshdesk_calendar_file_that_is_an_object_is_not_what_freshdesk_returns() {
    let p = project("export-basic");
    write(
        p.path(),
        "live/freshdesk/business_hours.json",
        "{\"business_hours\": []}\n",
    );
    assert_bad_response(
        p.path(),
        "freshdesk",
        "live/freshdesk/business_hours.json:1:1",
        "the response is an object, not an array: this is not what `GET /api/v2/business_hours` returns",
    );
}

#[test]
fn a_freshdesk_time_that_is_no_clock_time_is_placed_at_the_value() {
    let p = project("export-basic");
    assert_bad_value(
        p.path(),
        "freshdesk",
        "live/freshdesk/business_hours.json",
        ("\"start_time\": \"09:00:00 am\"", "\"start_time\": \"9h\""),
        "\"9h\"",
        "a time such as \"08:00:00 am\"",
    );
}

#[test]
fn a_freshdesk_policy_without_its_target_flags_names_the_key() {
    let p = project("export-basic");
    let file = "live/freshdesk/sla_policies.json";
    edit(p.path(), file, "\"business_hours\": true,\n", "");
    let run = export(p.path(), &["freshdesk", "--check", "live/freshdesk"]);
    // The default policy's only target lost its clock.
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("`[0].sla_target.priority_1.business_hours` is missing"),
        "{}",
        run.stderr
    );
}

#[test]
fn concurrent_exports_never_interleave() {
    let p = shipped();
    let (single, _) = exported(p.path(), "zendesk");
    for round in 0..3 {
        let children: Vec<_> = (0..4)
            .map(|_| {
                std::process::Command::new(env!("CARGO_BIN_EXE_csstd"))
                    .args(["--color", "never", "export", "zendesk"])
                    .current_dir(p.path())
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .expect("start csstd")
            })
            .collect();
        let mut written = 0;
        for child in children {
            let out = child.wait_with_output().expect("wait for csstd");
            let stderr = String::from_utf8_lossy(&out.stderr);
            match out.status.code() {
                Some(0) => written += 1,
                Some(2) => assert!(stderr.contains("another build is writing"), "{stderr}"),
                other => panic!("round {round}: exit {other:?}: {stderr}"),
            }
        }
        // The one holding the lock always finishes.
        assert!(written >= 1, "round {round}");
        let out = p.path().join("helpdesk/zendesk");
        std::fs::remove_file(out.join("manifest.json")).expect("a manifest");
        assert_eq!(dump(&out), single, "round {round}");
    }
}
