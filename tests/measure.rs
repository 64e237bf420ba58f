//! SPEC 9: `csstd measure` through the real binary, on a fixture whose answers were
//! worked out by hand (tiers, a lunch break, a holiday, the spring daylight-saving change,
//! open and missed tickets, unmatched values), and every kind of unreadable row.

mod common;

use common::{csstd, json, project, write};
use serde_json::{Value, json};

/// The fixture's period, with `--now` fixed so open tickets are judged at one moment.
const PERIOD: [&str; 6] = [
    "--from",
    "2027-03-01",
    "--to",
    "2027-04-09",
    "--now",
    "2027-04-10T00:00:00Z",
];

fn measure(dir: &std::path::Path, extra: &[&str]) -> common::Run {
    let mut args = vec!["measure", "de-DE", "--tickets", "tickets.csv"];
    args.extend_from_slice(&PERIOD);
    args.extend_from_slice(extra);
    csstd(dir, &args)
}

fn sla<'v>(report: &'v Value, id: &str) -> &'v Value {
    report["regions"][0]["slas"]
        .as_array()
        .expect("slas")
        .iter()
        .find(|s| s["id"] == id)
        .unwrap_or_else(|| panic!("no SLA {id}"))
}

#[test]
fn the_json_report_has_the_known_answers() {
    let p = project("measure");
    let run = measure(p.path(), &["--format", "json"]);
    assert_eq!(
        run.code, 1,
        "two SLAs are missed:\n{}{}",
        run.stdout, run.stderr
    );
    let r = json(&run);
    assert_eq!(r["version"], 1);
    assert_eq!(
        (&r["from"], &r["to"], &r["now"]),
        (
            &json!("2027-03-01"),
            &json!("2027-04-09"),
            &json!("2027-04-10T00:00:00Z")
        )
    );
    let region = &r["regions"][0];
    assert_eq!(region["region"], "de-DE");
    // t11 was created on 28 February in Berlin (22:30Z); t10 at 00:30 on 1 March there.
    assert_eq!(region["tickets"], 9);
    assert_eq!(region["unmatched"], 2);
    // Calendar clock: 10m, 30m and 2h against 1h.
    let p1 = sla(&r, "email.p1.first_response");
    assert_eq!(
        (
            &p1["met"],
            &p1["missed"],
            &p1["open"],
            &p1["attainment"],
            &p1["kept"]
        ),
        (&json!(2), &json!(1), &json!(0), &json!(66.67), &json!(true))
    );
    assert_eq!((&p1["p50"], &p1["p90"]), (&json!("30m"), &json!("2h")));
    assert_eq!(p1["tier"], Value::Null);
    assert_eq!(p1["target"], ">= 50%");
    // Business clock: Friday 16:00 to Monday 10:30 over the spring change is 2h30m;
    // Thursday 16:00 to Monday 12:30 over a holiday and the lunch break is exactly 4h;
    // a ticket of a tier with no SLA of its own counts here; one still open at --now.
    let p2 = sla(&r, "email.p2.first_response");
    assert_eq!(
        (
            &p2["met"],
            &p2["missed"],
            &p2["open"],
            &p2["attainment"],
            &p2["kept"]
        ),
        (&json!(2), &json!(0), &json!(1), &json!(100.0), &json!(true))
    );
    assert_eq!((&p2["p50"], &p2["p90"]), (&json!("2h30m"), &json!("4h")));
    // The enterprise ticket: 11:00 to 14:30 with a lunch hour is 2h30m against 2h.
    let ent = sla(&r, "email.p2.first_response.enterprise");
    assert_eq!(ent["tier"], "enterprise");
    assert_eq!(
        (
            &ent["met"],
            &ent["missed"],
            &ent["attainment"],
            &ent["kept"]
        ),
        (&json!(0), &json!(1), &json!(0.0), &json!(false))
    );
    assert_eq!(ent["target"], ">= 100%", "no attainment means every ticket");
    // Resolution on the calendar clock takes the enterprise ticket too (its tier has no
    // resolution SLA): 67h of real time (not 68) across the spring change is missed,
    // 22h met, a ticket unresolved for 8 days missed, one 9.5 hours old open.
    let res = sla(&r, "email.p2.resolution");
    assert_eq!(
        (&res["met"], &res["missed"], &res["open"], &res["kept"]),
        (&json!(1), &json!(2), &json!(1), &json!(false))
    );
    assert_eq!((&res["p50"], &res["p90"]), (&json!("22h"), &json!("2d19h")));
    // Satisfaction: four good (good, 5, 4, good) and two bad (bad, bad).
    assert_eq!(
        region["metrics"],
        json!([
            {"id": "csat", "target": ">= 80%", "value": 66.67, "kept": false},
            {"id": "fcr", "target": ">= 70%", "value": null, "kept": null}
        ])
    );
    assert_eq!(
        r["unmatched"],
        json!([
            {"field": "channel", "value": "fax", "tickets": 1},
            {"field": "priority", "value": "low", "tickets": 1},
            {"field": "region", "value": "Acme XX", "tickets": 1}
        ])
    );
    assert_eq!(
        r["summary"],
        json!({"slas": 4, "kept": 2, "missed": 2, "tickets": 10, "unmatched": 3})
    );
}

#[test]
fn fail_on_never_exits_0_and_every_format_prints_the_same_counts() {
    let p = project("measure");
    let never = measure(p.path(), &["--fail-on", "never"]);
    assert_eq!(never.code, 0, "{}", never.stderr);
    assert!(
        never
            .stdout
            .contains("4 SLAs: 2 kept, 2 missed, 0 without data; 10 tickets, 3 unmatched"),
        "{}",
        never.stdout
    );
    let md = measure(p.path(), &["--format", "markdown"]);
    assert_eq!(md.code, 1);
    assert!(md.stdout.contains("## de-DE"), "{}", md.stdout);
    assert!(
        md.stdout
            .contains("| email.p2.first_response.enterprise | business | 2h | 0 | 1 | 0 | 0% | >= 100% | 2h30m | 2h30m | MISSED |"),
        "{}",
        md.stdout
    );
    let csv = measure(p.path(), &["--format", "csv"]);
    let lines: Vec<&str> = csv.stdout.lines().collect();
    assert_eq!(
        lines.len(),
        5,
        "a header and one row per SLA:\n{}",
        csv.stdout
    );
    assert_eq!(
        lines[1],
        "de-DE,email.p1.first_response,email,p1,,first_response,1h,calendar,>= 50%,2,1,0,66.67,true,30m,2h"
    );
}

#[test]
fn without_now_or_to_the_latest_timestamp_judges_open_tickets() {
    let p = project("measure");
    let run = csstd(
        p.path(),
        &["measure", "--tickets", "tickets.csv", "--format", "json"],
    );
    let r = json(&run);
    // The latest timestamp in the file is t6's creation.
    assert_eq!(r["now"], "2027-04-09T14:30:00Z");
    assert_eq!(r["from"], Value::Null);
    // Every region is measured; the Japanese ticket is in its own region now.
    let regions: Vec<&str> = r["regions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["region"].as_str().unwrap())
        .collect();
    assert_eq!(regions, ["de-DE", "ja-JP"]);
    assert_eq!(r["regions"][1]["slas"][0]["met"], 1);
    // An SLA no ticket reached says so instead of claiming it was kept.
    assert_eq!(r["regions"][1]["slas"][1]["kept"], Value::Null);
    assert_eq!(r["summary"]["tickets"], 12);
}

/// A ticket file of `n` generated rows, deterministic.
fn many_rows(n: u32) -> String {
    let mut out = String::from(
        "id,Brand,channel,priority,tier,created_at,first_response_at,resolution_at,satisfaction\n",
    );
    for i in 0..n {
        let day = 1 + i % 28;
        let hour = i % 24;
        let reply = (i * 37) % 600;
        let tier = if i % 7 == 0 { "enterprise" } else { "" };
        let priority = ["urgent", "normal", "p2", "low"][(i % 4) as usize];
        let resolved = if i % 5 == 0 {
            String::new()
        } else {
            format!("2027-04-{:02}T{:02}:00:00+02:00", day, hour)
        };
        let total = hour * 60 + reply;
        out.push_str(&format!(
            "t{i},Acme DE,web,{priority},{tier},2027-03-{day:02}T{hour:02}:00:00+01:00,2027-03-{:02}T{:02}:{:02}:00+01:00,{resolved},{}\n",
            day + total / 1440,
            (total % 1440) / 60,
            total % 60,
            ["good", "bad", "4", ""][(i % 4) as usize],
        ));
    }
    out
}

#[test]
fn results_do_not_depend_on_jobs() {
    let p = project("measure");
    write(p.path(), "a.csv", many_rows(5_000));
    write(p.path(), "b.csv", many_rows(2_345));
    let run = |jobs: &str| {
        csstd(
            p.path(),
            &[
                "measure",
                "--tickets",
                "a.csv",
                "b.csv",
                "tickets.csv",
                "--format",
                "json",
                "--jobs",
                jobs,
            ],
        )
    };
    let one = run("1");
    assert!(one.code < 2, "{}", one.stderr);
    assert!(json(&one)["summary"]["tickets"].as_u64().unwrap() > 7_000);
    for jobs in ["2", "3", "8"] {
        assert_eq!(run(jobs).stdout, one.stdout, "--jobs {jobs}");
    }
}

/// Runs measure on `tickets.csv` replaced by `csv`; expects exit 2 with every phrase.
fn rejects(csv: &[u8], phrases: &[&str]) -> String {
    let p = project("measure");
    write(p.path(), "tickets.csv", csv);
    let run = measure(p.path(), &[]);
    assert_eq!(
        run.code, 2,
        "expected an input error:\n{}{}",
        run.stdout, run.stderr
    );
    assert!(
        run.stdout.is_empty(),
        "no report on bad input: {}",
        run.stdout
    );
    for phrase in phrases {
        assert!(
            run.stderr.contains(phrase),
            "expected `{phrase}` in:\n{}",
            run.stderr
        );
    }
    run.stderr
}

const HEADER: &str =
    "id,Brand,channel,priority,tier,created_at,first_response_at,resolution_at,satisfaction\n";

fn with_header(rows: &str) -> Vec<u8> {
    format!("{HEADER}{rows}").into_bytes()
}

#[test]
fn a_timestamp_without_an_offset_is_an_error_at_its_line_and_column() {
    rejects(
        &with_header(
            "t1,Acme DE,web,urgent,,2027-03-01T09:00:00+01:00,,,\nt2,Acme DE,web,urgent,,2027-03-01T09:00:00,,,\n",
        ),
        &["tickets.csv:3", "column `created_at`", "has no UTC offset"],
    );
}

#[test]
fn a_measure_before_created_at_is_an_error() {
    rejects(
        &with_header(
            "t1,Acme DE,web,urgent,,2027-03-01T09:00:00+01:00,2027-03-01T08:00:00+01:00,,\n",
        ),
        &[
            "tickets.csv:2",
            "column `first_response_at`",
            "is before `created_at`",
        ],
    );
}

#[test]
fn an_unknown_satisfaction_value_is_an_error() {
    rejects(
        &with_header("t1,Acme DE,web,urgent,,2027-03-01T09:00:00+01:00,,,meh\n"),
        &[
            "tickets.csv:2",
            "column `satisfaction`",
            "`meh` is not a satisfaction value",
        ],
    );
}

#[test]
fn a_header_missing_a_needed_column_is_an_error() {
    // `region` is renamed to `Brand` in csstd.toml; the file says `region`.
    rejects(
        b"id,region,channel,priority,created_at,first_response_at\n",
        &[
            "tickets.csv:1",
            "the header has no column `region` (header `Brand`, from [helpdesk.columns])",
            "no column `resolution_at`",
        ],
    );
}

#[test]
fn a_file_that_is_not_utf8_is_an_error() {
    let mut rows = with_header("t1,Acme DE,web,urgent,,2027-03-01T09:00:00+01:00,,,\n");
    rows.extend_from_slice(b"t2,Acme \xff DE,web,urgent,,2027-03-01T09:00:00+01:00,,,\n");
    rejects(&rows, &["tickets.csv:3", "column `Brand`", "is not UTF-8"]);
}

#[test]
fn a_row_with_the_wrong_number_of_fields_is_an_error() {
    rejects(
        &with_header("t1,Acme DE,web\n"),
        &["tickets.csv:2", "the row has 3 fields; the header has 9"],
    );
}

#[test]
fn at_most_20_errors_are_listed_then_a_count() {
    let rows: String = (0..25)
        .map(|i| format!("t{i},Acme DE,web,urgent,,yesterday,,,\n"))
        .collect();
    let stderr = rejects(
        &with_header(&rows),
        &[
            "tickets.csv:21:",
            "and 5 more rows that cannot be read (25 in all)",
        ],
    );
    assert!(!stderr.contains("tickets.csv:22:"), "{stderr}");
    assert_eq!(
        stderr.matches("is not an RFC 3339 timestamp").count(),
        20,
        "{stderr}"
    );
}

#[test]
fn a_file_over_the_size_limit_is_refused_unread() {
    let p = project("measure");
    let f = std::fs::File::create(p.path().join("huge.csv")).unwrap();
    // Sparse: nothing is written, the size alone is over 16 GiB.
    f.set_len((16 << 30) + 1).unwrap();
    let run = csstd(p.path(), &["measure", "--tickets", "huge.csv"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("ticket files are at most 16 GiB"),
        "{}",
        run.stderr
    );
}

#[test]
fn input_errors_are_json_with_format_json() {
    let p = project("measure");
    write(
        p.path(),
        "tickets.csv",
        with_header("t1,Acme DE,web,urgent,,2027-03-01T09:00:00,,,\n"),
    );
    let run = measure(p.path(), &["--format", "json"]);
    assert_eq!(run.code, 2);
    let v = json(&run);
    assert_eq!(v["errors"][0]["file"], "tickets.csv");
    assert_eq!(v["errors"][0]["line"], 2);
}

/// Three exported tickets: one inline metric set, one side-loaded, one unanswered.
const ZENDESK: &str = r#"{
  "tickets": [
    {"id": 1, "created_at": "2027-03-01T08:00:00Z", "priority": "urgent", "via": {"channel": "web"},
     "brand_id": 360001, "satisfaction_rating": {"score": "good"},
     "metric_set": {"reply_time_in_minutes": {"calendar": 45, "business": 45}}},
    {"id": 2, "created_at": "2027-03-01T08:00:00Z", "priority": "urgent", "via": {"channel": "web"},
     "brand_id": 360001, "satisfaction_rating": {"score": "offered"}},
    {"id": 3, "created_at": "2027-03-29T09:00:00Z", "priority": "normal", "via": {"channel": "web"},
     "brand_id": 360001, "satisfaction_rating": {"score": "bad"},
     "metric_set": {"reply_time_in_minutes": {"calendar": null}, "solved_at": null}}
  ],
  "metric_sets": [{"ticket_id": 2, "reply_time_in_minutes": {"calendar": 90, "business": 90}}],
  "end_of_stream": true
}"#;

#[test]
fn zendesk_pages_and_lines_are_read_like_csv() {
    let p = project("measure");
    write(p.path(), "page.json", ZENDESK);
    let page: Value = serde_json::from_str(ZENDESK).unwrap();
    let lines: String = page["tickets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let mut t = t.clone();
            if t["id"] == 2 {
                t["metric_set"] = page["metric_sets"][0].clone();
            }
            format!("{t}\n")
        })
        .collect();
    write(p.path(), "tickets.jsonl", lines);
    for file in ["page.json", "tickets.jsonl"] {
        let run = csstd(
            p.path(),
            &[
                "measure",
                "de-DE",
                "--tickets",
                file,
                "--now",
                "2027-04-01T00:00:00Z",
                "--format",
                "json",
            ],
        );
        assert_eq!(run.code, 1, "{file}: {}", run.stderr);
        let r = json(&run);
        let p1 = sla(&r, "email.p1.first_response");
        assert_eq!(
            (&p1["met"], &p1["missed"]),
            (&json!(1), &json!(1)),
            "{file}"
        );
        assert_eq!(
            (&p1["p50"], &p1["p90"]),
            (&json!("45m"), &json!("1h30m")),
            "{file}"
        );
        let p2 = sla(&r, "email.p2.first_response");
        assert_eq!(
            p2["missed"], 1,
            "{file}: unanswered for days on business hours"
        );
        assert_eq!(r["regions"][0]["metrics"][0]["value"], 50.0, "{file}");
        assert_eq!(r["summary"]["tickets"], 3, "{file}");
    }
    write(
        p.path(),
        "bad.jsonl",
        "{\"id\": 9, \"created_at\": \"2027-03-01T08:00:00\"}\n",
    );
    let run = csstd(p.path(), &["measure", "--tickets", "bad.jsonl"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("column `created_at`") && run.stderr.contains(" --> bad.jsonl:1:25"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_shipped_example_export_measures_every_shipped_region() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = csstd(
        root,
        &[
            "measure",
            "--tickets",
            "examples/tickets/tickets.csv",
            "--to",
            "2027-03-31",
            "--format",
            "json",
            "--fail-on",
            "never",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let r = json(&run);
    assert_eq!(r["regions"].as_array().unwrap().len(), 12);
    assert_eq!(r["summary"]["tickets"], 5_000);
    // The generator writes a few values the standard does not know.
    let fields: Vec<&str> = r["unmatched"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["field"].as_str().unwrap())
        .collect();
    assert!(
        fields.contains(&"channel") && fields.contains(&"priority"),
        "{fields:?}"
    );
}

/// The tiered Zendesk fixture measured from `file`, as JSON.
fn measure_zendesk(dir: &std::path::Path, file: &str, extra: &[&str]) -> common::Run {
    let mut args = vec![
        "measure",
        "--tickets",
        file,
        "--now",
        "2027-03-10T00:00:00Z",
        "--format",
        "json",
        "--fail-on",
        "never",
    ];
    args.extend_from_slice(extra);
    csstd(dir, &args)
}

/// (met, missed) of the tiered fixture's default and enterprise SLAs.
fn tier_counts(run: &common::Run) -> [(u64, u64); 2] {
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let r = json(run);
    [
        "email.p1.first_response",
        "email.p1.first_response.enterprise",
    ]
    .map(|id| {
        let s = sla(&r, id);
        (s["met"].as_u64().unwrap(), s["missed"].as_u64().unwrap())
    })
}

#[test]
fn an_enterprise_sla_takes_only_enterprise_tickets_from_a_zendesk_file() {
    let p = project("measure-zendesk");
    // Tickets 101 (20m) and 102 (45m) are Enterprise in custom field 360000111: 30m for
    // them. 103 (45m, null) and 105 (10m, empty) have no tier, 104 (90m) a tier with no
    // SLA of its own: 1h for them.
    for file in ["page.json", "tickets.jsonl"] {
        let run = measure_zendesk(p.path(), file, &[]);
        assert_eq!(tier_counts(&run), [(2, 1), (1, 1)], "{file}");
        let ent = sla(&json(&run), "email.p1.first_response.enterprise").clone();
        assert_eq!(
            (&ent["tier"], &ent["p50"], &ent["p90"]),
            (&json!("enterprise"), &json!("20m"), &json!("45m")),
            "{file}"
        );
    }
    // The same tickets with the tier in their tags (`enterprise_plan`, mapped).
    let toml = std::fs::read_to_string(p.path().join("csstd.toml")).unwrap();
    write(
        p.path(),
        "csstd.toml",
        toml.replace(
            r#"tier_field = "custom_fields.360000111""#,
            r#"tier_field = "tags""#,
        ),
    );
    for file in ["page.json", "tickets.jsonl"] {
        let run = measure_zendesk(p.path(), file, &[]);
        assert_eq!(tier_counts(&run), [(2, 1), (1, 1)], "tags, {file}");
    }
    // Without `tier_field` no ticket has a tier: all five count for the default SLA.
    write(
        p.path(),
        "csstd.toml",
        toml.replace(r#"tier_field = "custom_fields.360000111""#, ""),
    );
    let run = measure_zendesk(p.path(), "page.json", &[]);
    assert_eq!(tier_counts(&run), [(4, 1), (0, 0)]);
}

#[test]
fn a_csv_tier_is_mapped_through_helpdesk_tiers() {
    let p = project("measure-zendesk");
    write(
        p.path(),
        "tickets.csv",
        "id,region,channel,priority,tier,created_at,first_response_at\n\
         1,360001,web,urgent,Enterprise,2027-03-01T08:00:00Z,2027-03-01T08:45:00Z\n\
         2,360001,web,urgent,enterprise,2027-03-01T08:00:00Z,2027-03-01T08:10:00Z\n\
         3,360001,web,urgent,,2027-03-01T08:00:00Z,2027-03-01T08:45:00Z\n",
    );
    let run = measure_zendesk(p.path(), "tickets.csv", &[]);
    assert_eq!(tier_counts(&run), [(1, 0), (1, 1)]);
}

#[test]
fn tags_as_the_tier_field_need_a_tiers_table() {
    let p = project("measure-zendesk");
    let toml = std::fs::read_to_string(p.path().join("csstd.toml")).unwrap();
    let toml = toml
        .replace(
            r#"tier_field = "custom_fields.360000111""#,
            r#"tier_field = "tags""#,
        )
        .replace(
            "[helpdesk.tiers]\nEnterprise = \"enterprise\"\nenterprise_plan = \"enterprise\"\n",
            "",
        );
    write(p.path(), "csstd.toml", toml);
    let run = measure_zendesk(p.path(), "page.json", &[]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains(r#"tier_field = "tags""#)
            && run.stderr.contains("[helpdesk.tiers] names none"),
        "{}",
        run.stderr
    );
}

#[test]
fn errors_in_a_zendesk_page_point_at_the_value_at_fault() {
    let p = project("measure-zendesk");
    // Ticket 223's `created_at` has no offset (line 419); the metric set side-loaded for
    // ticket 227 says it was answered 5 minutes before it was created (line 738).
    let run = measure_zendesk(p.path(), "bad-page.json", &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "column `created_at`: `2027-03-02T09:00:00` has no UTC offset: write RFC 3339 with one, such as `2027-03-01T09:15:00+09:00` or `2027-03-01T00:15:00Z` (ticket 223)\n --> bad-page.json:419:21\n"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "column `first_response_at`: is before `created_at` (2027-03-02T09:00:00+01:00) (ticket 227)\n --> bad-page.json:738:21\n"
        ),
        "{}",
        run.stderr
    );
    let v = json(&run);
    assert_eq!(
        (&v["errors"][0]["line"], &v["errors"][0]["column"]),
        (&json!(419), &json!(21))
    );
}

#[test]
fn a_zendesk_page_that_is_not_json_is_an_error_at_its_line_and_column() {
    let p = project("measure-zendesk");
    write(
        p.path(),
        "broken.json",
        "{\n  \"tickets\": [\n    {\"id\": 1,}\n  ]\n}\n",
    );
    let run = measure_zendesk(p.path(), "broken.json", &[]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("error: not JSON: trailing comma\n --> broken.json:3:14\n"),
        "{}",
        run.stderr
    );
}

/// `n` Zendesk tickets, one per line; every seventh is Enterprise.
fn many_lines(n: u32) -> String {
    (0..n)
        .map(|i| {
            let tier = if i % 7 == 0 { "Enterprise" } else { "" };
            format!(
                "{{\"id\": {i}, \"created_at\": \"2027-03-{:02}T{:02}:00:00Z\", \"priority\": \"{}\", \"via\": {{\"channel\": \"web\"}}, \"brand_id\": 360001, \"custom_fields\": [{{\"id\": 360000111, \"value\": \"{tier}\"}}], \"metric_set\": {{\"reply_time_in_seconds\": {{\"calendar\": {}}}}}}}\n",
                1 + i % 28,
                i % 24,
                ["urgent", "low"][(i % 2) as usize],
                (i * 97) % 5400,
            )
        })
        .collect()
}

#[test]
fn a_jsonl_file_counted_in_chunks_gives_the_same_report_for_any_jobs() {
    let p = project("measure-zendesk");
    let lines = many_lines(3_000);
    assert!(lines.len() > 300 * 1_024);
    write(p.path(), "big.jsonl", &lines);
    let run = |jobs: &str, chunk: &str| {
        common::csstd_env(
            p.path(),
            &[
                "measure",
                "--tickets",
                "big.jsonl",
                "--format",
                "json",
                "--fail-on",
                "never",
                "--jobs",
                jobs,
            ],
            &[("CSSTD_MEASURE_CHUNK_BYTES", chunk)],
        )
    };
    // 4 KiB chunks: about 100 of them, so four threads count them in every order.
    let one = run("1", "4096");
    assert_eq!(one.code, 0, "{}", one.stderr);
    let r = json(&one);
    assert_eq!(r["summary"]["tickets"], 3_000);
    let ent = sla(&r, "email.p1.first_response.enterprise");
    assert_eq!(
        ent["met"].as_u64().unwrap() + ent["missed"].as_u64().unwrap(),
        215
    );
    for (jobs, chunk) in [
        ("4", "4096"),
        ("4", "1"),
        ("2", "1048576"),
        ("1", "1048576"),
    ] {
        assert_eq!(
            run(jobs, chunk).stdout,
            one.stdout,
            "--jobs {jobs}, chunks of {chunk}"
        );
    }
}

#[test]
fn an_error_in_a_later_jsonl_chunk_names_its_line() {
    let p = project("measure-zendesk");
    let mut lines: Vec<String> = many_lines(3_000).lines().map(str::to_owned).collect();
    lines[2_499] = lines[2_499].replace(":00:00Z\"", ":00:00\"");
    lines[2_899] = "{\"id\": 2899, \"created_at\": }".into();
    write(p.path(), "big.jsonl", lines.join("\n") + "\n");
    for jobs in ["1", "4"] {
        let run = common::csstd_env(
            p.path(),
            &["measure", "--tickets", "big.jsonl", "--jobs", jobs],
            &[("CSSTD_MEASURE_CHUNK_BYTES", "4096")],
        );
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(
            run.stderr
                .contains("column `created_at`: `2027-03-08T03:00:00` has no UTC offset")
                && run
                    .stderr
                    .contains("(ticket 2499)\n --> big.jsonl:2500:28\n"),
            "--jobs {jobs}: {}",
            run.stderr
        );
        assert!(
            run.stderr
                .contains("not a JSON ticket: expected value\n --> big.jsonl:2900:28\n"),
            "--jobs {jobs}: {}",
            run.stderr
        );
    }
}

#[test]
fn a_bad_chunk_size_is_refused() {
    let p = project("measure-zendesk");
    let run = common::csstd_env(
        p.path(),
        &["measure", "--tickets", "tickets.jsonl"],
        &[("CSSTD_MEASURE_CHUNK_BYTES", "0")],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("CSSTD_MEASURE_CHUNK_BYTES"),
        "{}",
        run.stderr
    );
}
