//! SPEC 7: every input error exits 2, names `file:line:col` with a helpful
//! message, writes nothing, and never panics or hangs.
//!
//! Each case adds one bad file to a copy of the `clean` fixture (which lints
//! with no finding), so the error can only come from that file.

mod common;

use common::{TODAY, assert_unchanged, csstd, listing, project, write};

/// The header of a valid region extending the clean fixture's base standard (five lines).
const REGION: &str =
    "[culture]\nid = \"x\"\nname = \"X\"\nextends = \"base\"\nlanguages = [\"en\"]\n";

/// Adds `files` to a copy of the clean project, then checks that `lint` and
/// `list` both reject it with exit code 2, an error at every `at` (`file:line:col`)
/// and every `phrase` in the message, and that nothing was written. Returns stderr.
fn rejects(files: &[(&str, &[u8])], at: &[&str], phrases: &[&str]) -> String {
    let p = project("clean");
    for (path, bytes) in files {
        write(p.path(), path, bytes);
    }
    let before = listing(p.path());
    let lint = csstd(p.path(), &["lint", "--today", TODAY, "--format", "json"]);
    let list = csstd(p.path(), &["list", "--format", "json"]);
    assert_unchanged(p.path(), &before);
    for run in [&lint, &list] {
        assert_eq!(
            run.code, 2,
            "expected an input error, got:\n{}{}",
            run.stdout, run.stderr
        );
    }
    assert_eq!(
        (&lint.stderr, &lint.stdout),
        (&list.stderr, &list.stdout),
        "every command reports the same input errors"
    );
    // `--format json` carries the errors on stdout (tests/error_formats.rs), at every
    // position the diagnostics name.
    let errors: serde_json::Value =
        serde_json::from_str(&lint.stdout).expect("the input errors as JSON on stdout");
    let located: Vec<String> = errors["errors"]
        .as_array()
        .expect("an array of errors")
        .iter()
        .map(|e| {
            format!(
                "{}:{}:{}",
                e["file"].as_str().unwrap_or(""),
                e["line"],
                e["column"]
            )
        })
        .collect();
    for pos in at {
        assert!(
            located.iter().any(|l| l.starts_with(pos)),
            "expected an error at {pos} in:\n{}",
            lint.stdout
        );
    }
    let stderr = lint.stderr;
    for pos in at {
        // A full `file:line:col` must match exactly; `file:line:` only as a prefix.
        let arrow = if pos.ends_with(':') {
            format!("--> {pos}")
        } else {
            format!("--> {pos}\n")
        };
        assert!(
            stderr.contains(&arrow),
            "expected an error at {pos}:\n{stderr}"
        );
    }
    for phrase in phrases {
        assert!(stderr.contains(phrase), "expected `{phrase}` in:\n{stderr}");
    }
    assert!(
        stderr.ends_with("— nothing was written\n"),
        "ends with a summary line:\n{stderr}"
    );
    stderr
}

fn region(rest: &str) -> Vec<u8> {
    format!("{REGION}{rest}").into_bytes()
}

#[test]
fn toml_syntax_error() {
    rejects(
        &[(
            "cultures/x.toml",
            b"[culture]\nid = \"x\"\nname = \"X\nextends = \"base\"\n",
        )],
        &["cultures/x.toml:3:10"],
        &["TOML syntax: invalid basic string"],
    );
    rejects(
        &[(
            "cultures/x.toml",
            b"[culture]\nid = \"x\"\nname = \"X\"\nextends = \"base\"\nlanguages = [\"en\"\n",
        )],
        &["cultures/x.toml:5:18"],
        &["TOML syntax", "expected `]`"],
    );
}

#[test]
fn yaml_syntax_error() {
    rejects(
        &[(
            "cultures/x.yaml",
            b"culture:\n  id: x\n  name: X\n  extends: [base\n",
        )],
        &["cultures/x.yaml:4:12"],
        &["YAML", "unclosed bracket"],
    );
}

#[test]
fn value_of_the_wrong_type() {
    rejects(
        &[(
            "cultures/x.toml",
            &region("\n[channels.email]\nenabled = \"yes\"\n"),
        )],
        &["cultures/x.toml:8:11"],
        &["expected a boolean, found the string \"yes\""],
    );
    rejects(
        &[(
            "cultures/x.yaml",
            b"culture:\n  id: x\n  name: X\n  extends: base\n  languages: en\n",
        )],
        &["cultures/x.yaml:5:14"],
        &["expected an array"],
    );
}

#[test]
fn unknown_key_suggests_the_closest_one() {
    rejects(
        &[(
            "cultures/x.toml",
            &region(
                "\n[[clauses]]\nid = \"attitude.new\"\nsection = \"attitude\"\ntitel = \"New\"\ntext = \"t\"\n",
            ),
        )],
        &["cultures/x.toml:10:1"],
        &["unknown key `titel`\n", "help: did you mean `title`?"],
    );
    rejects(
        &[(
            "cultures/x.yaml",
            b"culture:\n  id: x\n  name: X\n  extends: base\n  langauges: [en]\n",
        )],
        &["cultures/x.yaml:5:3"],
        &[
            "unknown key `langauges`\n",
            "help: did you mean `languages`?",
        ],
    );
}

#[test]
fn bad_duration() {
    rejects(
        &[(
            "cultures/x.toml",
            &region("\n[[slas]]\nid = \"email.p1.resolution\"\nwithin = \"4 hours\"\n"),
        )],
        &["cultures/x.toml:9:10"],
        &["`4 hours` is not a duration", "e.g. `30s`, `4h`, `1h30m`"],
    );
}

#[test]
fn bad_percent() {
    rejects(
        &[(
            "cultures/x.toml",
            &region("\n[[metrics]]\nid = \"csat\"\ntarget = \"120%\"\n"),
        )],
        &["cultures/x.toml:9:10"],
        &["`120%` is outside 0–100%"],
    );
}

#[test]
fn bad_target() {
    rejects(
        &[(
            "cultures/x.toml",
            &region("\n[channels.email]\ntargets = { first_response = \"== 4h\" }\n"),
        )],
        &["cultures/x.toml:8:30"],
        &["a target is `<op> <quantity>` with op one of <=, <, >=, >"],
    );
}

#[test]
fn bad_date() {
    rejects(
        &[("cultures/x.toml", &region("last_reviewed = 2026-02-30\n"))],
        &["cultures/x.toml:6:17"],
        &["invalid date"],
    );
    // YAML has no date type: the string is checked against the calendar.
    rejects(
        &[(
            "cultures/x.yaml",
            b"culture:\n  id: x\n  name: X\n  extends: base\n  languages: [en]\n  last_reviewed: \"2026-02-30\"\n",
        )],
        &["cultures/x.yaml:6:18"],
        &["2026-02-30 does not exist in the calendar"],
    );
}

#[test]
fn bad_id() {
    rejects(
        &[(
            "cultures/x.toml",
            &region("\n[[clauses]]\nid = \"bad id!\"\nappend = \"More.\"\n"),
        )],
        &["cultures/x.toml:8:6"],
        &["`bad id!` is not a valid id"],
    );
    // A file name that is not an id.
    rejects(
        &[("cultures/bad name.toml", &region(""))],
        &["cultures/bad name.toml:1:1"],
        &["file name `bad name` is not a valid id"],
    );
}

#[test]
fn id_not_matching_the_file_stem() {
    rejects(
        &[(
            "cultures/x.toml",
            b"[culture]\nid = \"y\"\nname = \"X\"\nextends = \"base\"\nlanguages = [\"en\"]\n",
        )],
        &["cultures/x.toml:2:6"],
        &["culture id `y` does not match its file name `x`"],
    );
}

#[test]
fn duplicate_ids_in_a_keyed_list() {
    let stderr = rejects(
        &[(
            "cultures/x.toml",
            &region(
                "\n[[clauses]]\nid = \"attitude.respect\"\nappend = \"a\"\n\n[[clauses]]\nid = \"attitude.respect\"\nappend = \"b\"\n",
            ),
        )],
        &["cultures/x.toml:12:6"],
        &[
            "duplicate id `attitude.respect` in `clauses`",
            "first defined here",
        ],
    );
    assert!(
        stderr.contains("--> cultures/x.toml:8:6"),
        "note at the first: {stderr}"
    );
}

#[test]
fn extends_naming_nothing() {
    rejects(
        &[(
            "cultures/x.toml",
            b"[culture]\nid = \"x\"\nname = \"X\"\nextends = \"bsae\"\nlanguages = [\"en\"]\n",
        )],
        &["cultures/x.toml:4:11"],
        &[
            "`extends = \"bsae\"` names no standard or culture",
            "did you mean `base`?",
        ],
    );
}

#[test]
fn extends_cycle_shows_the_whole_cycle() {
    let stderr = rejects(
        &[
            (
                "cultures/a.toml",
                b"[culture]\nid = \"a\"\nname = \"A\"\nextends = \"b\"\n",
            ),
            (
                "cultures/b.toml",
                b"[culture]\nid = \"b\"\nname = \"B\"\nextends = \"a\"\n",
            ),
        ],
        &["cultures/b.toml:4:11"],
        &["`extends` cycle: a → b → a"],
    );
    assert_eq!(
        stderr.matches("cycle").count(),
        1,
        "one cycle, one message:\n{stderr}"
    );
    // A culture extending itself.
    rejects(
        &[(
            "cultures/c.toml",
            b"[culture]\nid = \"c\"\nname = \"C\"\nextends = \"c\"\n",
        )],
        &["cultures/c.toml:4:11"],
        &["`extends` cycle: c → c"],
    );
}

#[test]
fn file_over_8_mib() {
    let mut big = region("");
    big.extend(std::iter::repeat_n(b'#', 8 * 1024 * 1024));
    rejects(
        &[("cultures/x.toml", &big)],
        &["cultures/x.toml:1:1"],
        &["over the limit of 8388608 bytes (8 MiB)"],
    );
}

#[test]
fn invalid_utf8() {
    let mut bytes = region("x-note = \"caf");
    bytes.extend([0xE9, b'"', b'\n']);
    rejects(
        &[("cultures/x.toml", &bytes)],
        &["cultures/x.toml:6:14"],
        &["not valid UTF-8"],
    );
}

#[test]
fn yaml_alias_bomb() {
    let mut yaml =
        String::from("culture:\n  id: x\n  name: X\n  extends: base\n  languages: [en]\n");
    yaml.push_str(
        "x-a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (name, prev) in ["b", "c", "d", "e", "f", "g", "h", "i"]
        .into_iter()
        .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
    {
        let refs = vec![format!("*{prev}"); 9].join(",");
        yaml.push_str(&format!("x-{name}: &{name} [{refs}]\n"));
    }
    let stderr = rejects(
        &[("cultures/x.yaml", yaml.as_bytes())],
        &["cultures/x.yaml:"],
        &["YAML", "alias"],
    );
    assert!(
        !stderr.contains("{ "),
        "no debug print in the message:\n{stderr}"
    );
}

#[test]
fn unknown_section_and_metric_references() {
    rejects(
        &[(
            "cultures/x.toml",
            &region(
                "\n[[clauses]]\nid = \"attitude.new\"\nsection = \"atitude\"\ntitle = \"New\"\ntext = \"t\"\nmetric = \"nps\"\n",
            ),
        )],
        &["cultures/x.toml:9:11", "cultures/x.toml:12:10"],
        &[
            "unknown section `atitude`",
            "did you mean `attitude`?",
            "unknown metric `nps`",
        ],
    );
}

#[test]
fn an_unknown_reference_in_the_base_is_reported_once() {
    let p = project("clean");
    let base = std::fs::read_to_string(p.path().join("standards/base.toml")).unwrap();
    write(
        p.path(),
        "standards/base.toml",
        base.replacen("section = \"process\"", "section = \"proces\"", 1),
    );
    let run = csstd(p.path(), &["lint", "--today", TODAY]);
    assert_eq!(run.code, 2);
    // base, eu and de-DE all contain the clause: one problem, one message.
    assert_eq!(
        run.stderr.matches("unknown section `proces`").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("note: affects `base`, `de-DE`, `eu`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("1 input error"), "{}", run.stderr);
}

#[test]
fn a_reference_broken_by_one_region_names_that_region() {
    // x removes a section that an inherited base clause still names.
    let stderr = rejects(
        &[(
            "cultures/x.toml",
            &region("\n[[sections]]\nid = \"process\"\nremove = true\n"),
        )],
        &["standards/base.toml:57:11"],
        &["unknown section `process`", "note: affects `x`"],
    );
    assert!(stderr.contains("1 input error"), "{stderr}");
}

#[test]
fn append_or_remove_on_an_unknown_id() {
    rejects(
        &[(
            "cultures/x.toml",
            &region(
                "\n[[clauses]]\nid = \"attitude.nope\"\nappend = \"More.\"\n\n[[legal]]\nid = \"nope\"\nremove = true\n",
            ),
        )],
        &["cultures/x.toml:9:1", "cultures/x.toml:13:1"],
        &[
            "`append` on `clauses` entry `attitude.nope`, which is not inherited",
            "`remove` on `legal` entry `nope`, which is not inherited",
        ],
    );
}

#[test]
fn new_overlay_clause_without_text() {
    rejects(
        &[(
            "cultures/x.toml",
            &region(
                "\n[[clauses]]\nid = \"attitude.new\"\nsection = \"attitude\"\ntitle = \"New\"\n",
            ),
        )],
        &["cultures/x.toml:8:6"],
        &["new `clauses` entry `attitude.new` is missing `text`"],
    );
}

#[test]
fn expectation_naming_no_channel_target() {
    rejects(
        &[(
            "cultures/x.toml",
            &region(
                "\n[expectations]\nemail = { first_reply = \"4h\" }\nfax = { first_response = \"4h\" }\n",
            ),
        )],
        &["cultures/x.toml:8:11", "cultures/x.toml:9:9"],
        &[
            "expectation `email.first_reply` names no channel target",
            "did you mean `email.first_response`?",
            "expectation `fax.first_response` names no channel target",
        ],
    );
}

#[test]
fn target_kind_mismatch() {
    let stderr = rejects(
        &[(
            "cultures/x.toml",
            &region("\n[channels.email]\ntargets = { first_response = \"80%\" }\n"),
        )],
        &["cultures/x.toml:8:30"],
        &["`channels.email.targets.first_response` is a percent here but a duration"],
    );
    assert!(
        stderr.contains("--> standards/base.toml:15:30"),
        "note at the inherited target:\n{stderr}"
    );
    rejects(
        &[(
            "cultures/x.toml",
            &region("\n[expectations]\nemail = { first_response = \"80%\" }\n"),
        )],
        &["cultures/x.toml:8:28"],
        &["expectation `email.first_response` is a percent but the target is a duration"],
    );
}

#[test]
fn ids_colliding_by_case() {
    let p = project("clean");
    let file = |id: &str| {
        format!(
            "[culture]\nid = \"{id}\"\nname = \"Japan\"\nextends = \"base\"\nlanguages = [\"en\"]\n"
        )
    };
    write(p.path(), "cultures/ja-jp.toml", file("ja-jp"));
    write(p.path(), "cultures/ja-JP.toml", file("ja-JP"));
    if !p.path().join("cultures/ja-jp.toml").is_file()
        || std::fs::read_dir(p.path().join("cultures"))
            .unwrap()
            .count()
            < 4
    {
        eprintln!("skipped: this file system ignores case, so both files cannot exist");
        return;
    }
    let before = listing(p.path());
    let run = csstd(p.path(), &["lint", "--today", TODAY]);
    assert_unchanged(p.path(), &before);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("--> cultures/ja-jp.toml:1:1"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("id `ja-jp` collides with `ja-JP` (cultures/ja-JP.toml)"),
        "{}",
        run.stderr
    );
}

#[test]
fn deep_nesting_is_rejected_without_a_crash() {
    let nested = |depth: usize| format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
    rejects(
        &[(
            "cultures/x.toml",
            &region(&format!("x-deep = {}\n", nested(40))),
        )],
        &["cultures/x.toml:6:"],
        &["nesting deeper than 32 levels"],
    );
    rejects(
        &[(
            "cultures/x.yaml",
            format!("culture:\n  id: x\n  x-deep: {}\n", nested(40)).as_bytes(),
        )],
        &["cultures/x.yaml:3:"],
        &["nesting deeper than 32 levels"],
    );
    // Far deeper than any stack could recurse.
    rejects(
        &[(
            "cultures/x.toml",
            &region(&format!("x-deep = {}\n", nested(100_000))),
        )],
        &["cultures/x.toml:6:"],
        &["TOML syntax", "recurs"],
    );
    rejects(
        &[(
            "cultures/x.yaml",
            format!("culture:\n  id: x\n  x-deep: {}\n", nested(100_000)).as_bytes(),
        )],
        &["cultures/x.yaml:3:"],
        &["YAML", "nesting deeper than 32 levels"],
    );
}

#[test]
fn business_clock_without_a_schedule() {
    rejects(
        &[(
            "cultures/x.toml",
            &region(
                "\n[[slas]]\nid = \"email.p1.update\"\nchannel = \"email\"\npriority = \"p1\"\nmeasure = \"update\"\nwithin = \"2h\"\nclock = \"business\"\n",
            ),
        )],
        &["cultures/x.toml:13:9"],
        &["`slas` entry `email.p1.update` counts business time but names no `schedule`"],
    );
}

#[test]
fn manifest_folders_cannot_escape_the_project() {
    rejects(
        &[("csstd.toml", b"[project]\ncultures = \"../elsewhere\"\n")],
        &["csstd.toml:2:12"],
        &["must be a folder inside the project"],
    );
}

#[test]
fn malformed_input_never_panics() {
    let cases: &[(&str, &[u8])] = &[
        ("cultures/x.toml", b""),
        ("cultures/x.yaml", b""),
        ("cultures/x.toml", b"a\0b"),
        ("cultures/x.toml", b"\xef\xbb\xbf[culture]\n"),
        ("cultures/x.toml", b"culture = 5\n"),
        ("cultures/x.toml", b"[[culture]]\nid = \"x\"\n"),
        ("cultures/x.yaml", b"- a\n- b\n"),
        ("cultures/x.yaml", b"culture: &a\n  id: x\n  x-self: *a\n"),
        ("cultures/x.yaml", b"culture:\n  id: x\n  name: ~\n  extends: base\n"),
        ("cultures/x.yaml", b"culture:\n  id: x\n---\nculture:\n  id: y\n"),
        ("cultures/x.yaml", b"culture: {id: x, name: X, extends: base, languages: [en], name: Y}\n"),
        ("cultures/x.toml", b"[culture]\nid = \"x\"\nname = \"X\"\nextends = \"base\"\nreview_every_months = 99999999999\n"),
        ("cultures/x.toml", b"[culture]\nid = \"x\"\nx-n = 99999999999999999999999\n"),
        ("cultures/x.toml", b"[culture]\nid = \"x\"\nx-n = 1e400\n"),
        ("cultures/x.toml", b"[culture]\nid = \"x\"\nname = \"X\"\nextends = \"base\"\n[[clauses]]\nsection = \"x\"\n"),
        ("cultures/x.toml", b"[culture]\nid = \"x\"\nname = \"X\"\nextends = \"base\"\n[channels.email]\ntargets = { first_response = \"99999999999999999999w\" }\n"),
        ("standards/base.toml", b"[standard]\n"),
        ("csstd.toml", b"[lint]\ndeny_warnings = 1\n"),
    ];
    for (path, bytes) in cases {
        let p = project("clean");
        write(p.path(), path, bytes);
        let before = listing(p.path());
        for args in [
            &["lint", "--today", TODAY][..],
            &["resolve", "de-DE"],
            &["list"],
        ] {
            let run = csstd(p.path(), args);
            assert_eq!(
                run.code,
                2,
                "{path} = {:?}, csstd {args:?}:\n{}",
                String::from_utf8_lossy(bytes),
                run.stderr
            );
            assert!(
                run.stderr.contains(&format!("--> {path}:")),
                "{}",
                run.stderr
            );
        }
        assert_unchanged(p.path(), &before);
    }
}

#[test]
fn messages_speak_of_file_values_not_rust_types() {
    let stderr = rejects(
        &[("cultures/x.yaml", b"culture: 3\n")],
        &["cultures/x.yaml:1:10"],
        &["expected a table, found integer `3`"],
    );
    assert!(!stderr.contains("struct"), "{stderr}");
    let stderr = rejects(
        &[("cultures/x.toml", &region("review_every_months = -1\n"))],
        &["cultures/x.toml:"],
        &["expected a whole number, 0 or more"],
    );
    assert!(!stderr.contains("u32"), "{stderr}");
}

#[test]
fn yaml_duplicate_keys_and_extra_documents_are_explained_for_authors() {
    let stderr = rejects(
        &[("cultures/x.yaml", b"culture:\n  id: x\n  id: y\n")],
        &["cultures/x.yaml:3:3"],
        &["key `id` is set twice"],
    );
    assert!(!stderr.contains("DuplicateKeyPolicy"), "{stderr}");
    let stderr = rejects(
        &[("cultures/x.yaml", b"culture:\n  id: x\n---\nother: 1\n")],
        &["cultures/x.yaml:"],
        &["one YAML document"],
    );
    assert!(!stderr.contains("from_str_multiple"), "{stderr}");
}

#[test]
fn unknown_time_zones_are_refused_with_a_did_you_mean() {
    let stderr = rejects(
        &[(
            "cultures/x.toml",
            &region("timezone = \"America/NewYork\"\n"),
        )],
        &["cultures/x.toml:6:12"],
        &[
            "unknown time zone `America/NewYork`",
            "did you mean `America/New_York`?",
        ],
    );
    // The caret underlines the whole value.
    assert!(stderr.contains("^^^^^^^^^^^^^^^^^"), "{stderr}");
    rejects(
        &[(
            "cultures/x.toml",
            &region(
                "[[schedules]]\nid = \"mars\"\ntimezone = \"Mars/Olympus_Mons\"\nhours = { mon = \"09:00-17:00\" }\n",
            ),
        )],
        &["cultures/x.toml:8:12"],
        &["unknown time zone `Mars/Olympus_Mons`: not in the IANA time-zone database"],
    );
    rejects(
        &[(
            "cultures/zz.yaml",
            b"culture:\n  id: zz\n  name: Z\n  extends: base\n  languages: [en]\n  timezone: europe/berlin\n",
        )],
        &["cultures/zz.yaml:6:13"],
        &["did you mean `Europe/Berlin`?"],
    );
}

#[test]
fn carets_underline_the_whole_value_in_yaml_and_toml() {
    let stderr = rejects(
        &[(
            "cultures/zz.yaml",
            b"culture:\n  id: zz\n  name: Z\n  extends: base\n  languages: [en]\nslas:\n  - id: email.p1.first_response\n    within: 4 hours   # four\n",
        )],
        &["cultures/zz.yaml:8:13"],
        &["`4 hours` is not a duration"],
    );
    assert!(
        stderr.contains("within: 4 hours   # four\n  |             ^^^^^^^\n"),
        "{stderr}"
    );
    let stderr = rejects(
        &[(
            "cultures/zz.yaml",
            b"culture:\n  id: zz\n  name: Z\n  extends: base\n  languages: [en]\nschedules:\n  - id: office\n    holidays:\n      - { name: Xmas, from: 29 Dec 2026, to: 2026-12-30 }\n",
        )],
        &["cultures/zz.yaml:9:29"],
        &["`29 Dec 2026` is not a date"],
    );
    assert!(
        stderr.contains(
            "from: 29 Dec 2026, to: 2026-12-30 }\n  |                             ^^^^^^^^^^^\n"
        ),
        "{stderr}"
    );
    let stderr = rejects(
        &[(
            "cultures/x.toml",
            &region("[communication]\ndo = \"\"\"first line\nsecond\"\"\"\n"),
        )],
        &["cultures/x.toml:7:6"],
        &["expected an array"],
    );
    assert!(
        stderr.contains("do = \"\"\"first line\n  |      ^^^^^^^^^^^^^\n"),
        "{stderr}"
    );
}

#[test]
fn an_empty_document_gets_one_message_in_both_formats() {
    const EMPTY: &str = "the file is empty (nothing but blank lines or comments); a culture file needs at least a `culture` table";
    let cases: [(&str, &[u8]); 5] = [
        ("cultures/zz.toml", b""),
        ("cultures/zz.toml", b"# nothing yet\n\n"),
        ("cultures/zz.yaml", b""),
        ("cultures/zz.yaml", b"# nothing yet\n"),
        ("cultures/zz.yml", b"---\n# a comment\n"),
    ];
    for (file, bytes) in cases {
        let stderr = rejects(&[(file, bytes)], &[&format!("{file}:1:1")], &[EMPTY]);
        assert!(!stderr.contains("missing required key"), "{stderr}");
        assert!(!stderr.contains("YAML null"), "{stderr}");
    }
    rejects(
        &[("standards/other.toml", b"\n")],
        &["standards/other.toml:1:1"],
        &["a standard file needs at least a `standard` table"],
    );
}

#[test]
fn append_on_a_misspelt_clause_id_suggests_the_inherited_one() {
    rejects(
        &[(
            "cultures/x.toml",
            &region("\n[[clauses]]\nid = \"attitude.respekt\"\nappend = \"Local guidance.\"\n"),
        )],
        &["cultures/x.toml:9:1"],
        &["which is not inherited", "did you mean `attitude.respect`?"],
    );
}

#[test]
fn units_out_of_order_say_how_to_write_them() {
    rejects(
        &[(
            "cultures/x.toml",
            &region(
                "\n[[escalations]]\nid = \"e\"\npriority = \"p1\"\nafter = \"30m1h\"\nto = \"Duty manager\"\n",
            ),
        )],
        &["cultures/x.toml:10:9"],
        &["units go largest first, each once (write `1h30m`)"],
    );
}

#[test]
fn a_bare_number_as_a_duration_says_to_write_a_unit() {
    rejects(
        &[(
            "cultures/x.toml",
            &region("\n[[slas]]\nid = \"email.p1.resolution\"\nwithin = 3600\n"),
        )],
        &["cultures/x.toml:9:10"],
        &["`3600` is a bare number", "write `\"1h\"`"],
    );
}

#[test]
fn a_tab_in_yaml_indentation_says_to_indent_with_spaces() {
    rejects(
        &[(
            "cultures/zz.yaml",
            b"culture:\n  id: zz\n  name: Z\n  extends: base\n\tlanguages: [en]\n",
        )],
        &["cultures/zz.yaml:"],
        &["indent with spaces"],
    );
}

#[test]
fn overlapping_intervals_of_a_day_are_refused_at_the_value() {
    rejects(
        &[(
            "cultures/x.toml",
            &region(
                "[[schedules]]\nid = \"split\"\ntimezone = \"UTC\"\nhours = { mon = [\"09:00-13:00\", \"12:00-18:00\"] }\n",
            ),
        )],
        &["cultures/x.toml:9:17"],
        &["`12:00-18:00` overlaps `09:00-13:00`"],
    );
    rejects(
        &[(
            "cultures/x.toml",
            &region(
                "[[schedules]]\nid = \"night\"\ntimezone = \"UTC\"\nhours = { mon = \"22:00-06:00\" }\n",
            ),
        )],
        &["cultures/x.toml:9:17"],
        &["a night shift is two intervals on two days"],
    );
}

#[test]
fn overlapping_exception_periods_are_refused_at_the_later_one() {
    rejects(
        &[(
            "cultures/x.toml",
            &region(concat!(
                "[[schedules]]\nid = \"office\"\ntimezone = \"Asia/Riyadh\"\nhours = { sun = \"09:00-17:00\" }\n",
                "exceptions = [\n",
                "  { name = \"Ramadan\", from = 2027-02-08, to = 2027-03-08, hours = { sun = \"10:00-16:00\" } },\n",
                "  { name = \"Spring\", from = 2027-03-01, to = 2027-03-31, hours = {} },\n",
                "  { name = \"Backwards\", from = 2027-06-10, to = 2027-06-01, hours = {} },\n",
                "]\n",
            )),
        )],
        &["cultures/x.toml:12:", "cultures/x.toml:13:"],
        &[
            "exception `Spring` (2027-03-01 – 2027-03-31) overlaps `Ramadan`",
            "exception `Backwards` ends (2027-06-01) before it starts (2027-06-10)",
        ],
    );
}
