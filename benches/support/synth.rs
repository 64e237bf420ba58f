//! A synthetic csstd project of any size, for benchmarks.
//!
//! Deterministic: the same options give byte-identical files. The project is
//! valid and lints without errors (with `--today` in [`TODAY`]'s year), so every
//! region is built. It has what real projects have: a base standard with
//! sections, metrics, locked and open clauses, service levels; abstract groups
//! and sub-groups (chains of 2 to 4 files); regions that append to clauses,
//! replace or add clauses, tighten targets and SLAs, and carry legal notes.
//! It writes only under the folder it is given.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

/// The day the generated dates are meant for (pass it as `--today`).
pub const TODAY: &str = "2027-01-15";

/// How big a project to generate.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Regions (cultures that get a handbook).
    pub regions: usize,
    /// Clauses in the base standard.
    pub clauses: usize,
    /// Seed of the text generator.
    pub seed: u64,
}

/// What was generated.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub files: usize,
    pub bytes: u64,
    pub groups: usize,
    pub subgroups: usize,
}

/// SplitMix64: small, fast and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "customer",
    "agent",
    "ticket",
    "account",
    "order",
    "invoice",
    "refund",
    "request",
    "answer",
    "channel",
    "team",
    "lead",
    "record",
    "note",
    "summary",
    "detail",
    "step",
    "policy",
    "product",
    "service",
    "contact",
    "reply",
    "promise",
    "follow-up",
    "handover",
    "queue",
    "case",
    "issue",
    "problem",
    "solution",
    "workaround",
    "language",
    "tone",
    "name",
    "address",
    "phone",
    "email",
    "chat",
    "message",
    "survey",
    "score",
    "review",
    "coach",
    "knowledge",
    "article",
    "template",
    "escalation",
    "priority",
    "deadline",
    "hour",
    "day",
    "week",
    "region",
    "law",
    "privacy",
    "consent",
    "data",
    "payment",
    "delivery",
    "return",
    "complaint",
    "decision",
    "reason",
];

const VERBS: &[&str] = &[
    "check",
    "confirm",
    "explain",
    "log",
    "record",
    "answer",
    "offer",
    "escalate",
    "summarise",
    "verify",
    "note",
    "send",
    "review",
    "update",
    "close",
    "reopen",
    "route",
    "thank",
    "greet",
    "apologise for",
    "describe",
    "agree",
    "schedule",
    "measure",
    "compare",
    "keep",
];

const ADJECTIVES: &[&str] = &[
    "clear",
    "complete",
    "written",
    "short",
    "exact",
    "polite",
    "local",
    "open",
    "new",
    "previous",
    "next",
    "shared",
    "personal",
    "formal",
    "plain",
    "correct",
    "agreed",
    "accessible",
    "recorded",
];

/// Languages the regions serve (their handbooks are in English, as the generated text is).
const LANGS: &[&str] = &["en", "de", "fr", "es", "pt", "ja", "zh", "ko", "ar"];
const CHANNELS: &[&str] = &["phone", "email", "chat", "social"];
const PRIORITIES: &[&str] = &["p1", "p2", "p3", "p4"];
const SECTION_NAMES: &[&str] = &[
    "Service attitude",
    "Skills and knowledge",
    "Service process",
    "Communication",
    "Implementation and management",
    "Complaints",
    "Accessibility",
    "Written channels",
    "Voice channels",
    "Quality",
];

fn sentence(rng: &mut Rng, out: &mut String) {
    let verb = rng.pick(VERBS);
    let mut first = verb.chars();
    if let Some(c) = first.next() {
        out.extend(c.to_uppercase());
        out.push_str(first.as_str());
    }
    let n = 6 + rng.below(10);
    for i in 0..n {
        out.push(' ');
        match rng.below(14) {
            0 if i > 1 => {
                let _ = write!(out, "**{}**", rng.pick(WORDS));
            }
            1 if i > 1 => {
                let _ = write!(out, "*{}*", rng.pick(ADJECTIVES));
            }
            2 => out.push_str(rng.pick(ADJECTIVES)),
            3 if i > 2 => out.push_str("and"),
            4 if i > 2 => out.push_str("with the"),
            5 if i > 3 => {
                let _ = write!(out, "within {} hours", 1 + rng.below(48));
            }
            6 if i > 3 && rng.below(4) == 0 => {
                let w = rng.pick(WORDS);
                let _ = write!(
                    out,
                    "[the {w} guide](https://example.com/kb/{w}-{})",
                    rng.below(900)
                );
            }
            7 if i > 3 && rng.below(3) == 0 => {
                let _ = write!(out, "`{}-{}`", rng.pick(WORDS), rng.below(99));
            }
            _ => out.push_str(rng.pick(WORDS)),
        }
    }
    out.push_str(if rng.below(6) == 0 { ";" } else { "." });
}

/// Markdown prose: a few lines, sometimes a list or a small table.
fn markdown(rng: &mut Rng, min_lines: usize, spread: usize) -> String {
    let mut out = String::new();
    let lines = min_lines + rng.below(spread);
    for _ in 0..lines {
        sentence(rng, &mut out);
        out.push('\n');
    }
    match rng.below(8) {
        0 => {
            out.push('\n');
            for _ in 0..2 + rng.below(3) {
                out.push_str("- ");
                sentence(rng, &mut out);
                out.push('\n');
            }
        }
        1 => {
            out.push_str("\n| Step | Who | Within |\n| --- | --- | --- |\n");
            for i in 0..2 + rng.below(3) {
                let _ = writeln!(
                    out,
                    "| {} {} | {} | {}h |",
                    i + 1,
                    rng.pick(VERBS),
                    rng.pick(WORDS),
                    1 + rng.below(24)
                );
            }
        }
        _ => {}
    }
    out
}

/// A TOML basic multi-line string (no `"""` or backslash in generated text).
fn ml(text: &str) -> String {
    format!("\"\"\"\n{text}\"\"\"")
}

fn clause_id(i: usize) -> String {
    format!("c{i:04}")
}

fn locked(i: usize) -> bool {
    i % 5 == 0
}

/// Clauses in measurable sections have a metric; a third of the others do not.
fn clause_metric(i: usize, sections: usize) -> Option<&'static str> {
    let section = i % sections;
    if section % 3 == 2 || i % 3 != 0 {
        Some(["csat", "ces", "fcr", "first-response", "qa-score"][i % 5])
    } else {
        None
    }
}

fn write_file(path: &Path, text: &str, summary: &mut Summary) -> io::Result<()> {
    fs::write(path, text)?;
    summary.files += 1;
    summary.bytes += text.len() as u64;
    Ok(())
}

fn standard(opts: &Options, rng: &mut Rng) -> String {
    let sections = sections(opts.clauses);
    let mut s = String::with_capacity(opts.clauses * 900 + 8192);
    s.push_str(
        r#"# Synthetic base standard (generated by csstd's benchmark generator).

[standard]
id = "global"
title = "Synthetic Customer Service Standard"
version = "1.0.0"
owner = "Customer Experience Office"
approvers = ["Head of Support", "Legal"]
contributors = ["Regional leads"]
default_language = "en"
effective = 2026-01-01
last_reviewed = 2026-10-01
review_every_months = 12

[channels.phone]
enabled = true
languages = ["en"]
recorded = true
schedule = "office"
targets = { answer_within = "30s", service_level = "80%" }

[channels.email]
enabled = true
languages = ["en"]
schedule = "office"
targets = { first_response = "24h", resolution = "72h" }

[channels.chat]
enabled = true
languages = ["en"]
schedule = "always"
targets = { first_response = "90s" }

[channels.social]
enabled = true
languages = ["en"]
targets = { first_response = "4h" }
"#,
    );
    for i in 0..sections {
        let _ = write!(
            s,
            "\n[[sections]]\nid = \"s{i:02}\"\ntitle = \"{} {}\"\nmeasurable = {}\n",
            SECTION_NAMES[i % SECTION_NAMES.len()],
            i / SECTION_NAMES.len() + 1,
            i % 3 == 2
        );
    }
    for (id, title, category, target) in [
        ("csat", "Customer satisfaction", "satisfaction", ">= 85%"),
        ("ces", "Customer effort score", "satisfaction", ">= 75%"),
        ("fcr", "First-contact resolution", "resolution", ">= 70%"),
        (
            "first-response",
            "Time to first response",
            "responsiveness",
            "<= 24h",
        ),
        ("qa-score", "Quality score", "quality", ">= 85%"),
    ] {
        let _ = write!(
            s,
            "\n[[metrics]]\nid = \"{id}\"\ntitle = \"{title}\"\ncategory = \"{category}\"\ntarget = \"{target}\"\nmeasured_by = \"{}\"\nfrequency = \"monthly\"\n",
            {
                let mut m = String::new();
                sentence(rng, &mut m);
                m
            }
        );
    }
    for i in 0..opts.clauses {
        let _ = write!(
            s,
            "\n[[clauses]]\nid = \"{}\"\nsection = \"s{:02}\"\ntitle = \"{} the {} {}\"\ntext = {}\nprinciples = [\"customer-orientation\", \"{}\"]\n",
            clause_id(i),
            i % sections,
            {
                let v = rng.pick(VERBS);
                let mut c = v.chars();
                c.next()
                    .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                    .unwrap_or_default()
            },
            rng.pick(ADJECTIVES),
            rng.pick(WORDS),
            ml(&markdown(rng, 3, 4)),
            ["consistency", "continuous-improvement", "participation"][i % 3],
        );
        if let Some(m) = clause_metric(i, sections) {
            let _ = writeln!(s, "metric = \"{m}\"");
        }
        if locked(i) {
            s.push_str("locked = true\n");
        }
    }
    for (i, p) in PRIORITIES.iter().enumerate() {
        let _ = write!(
            s,
            "\n[[priorities]]\nid = \"{p}\"\ntitle = \"{}\"\ndefinition = \"{}\"\nexamples = [\"{}\", \"{}\"]\n",
            ["Critical", "High", "Normal", "Low"][i],
            {
                let mut d = String::new();
                sentence(rng, &mut d);
                d
            },
            rng.pick(WORDS),
            rng.pick(WORDS)
        );
    }
    s.push_str(
        r#"
[[schedules]]
id = "office"
timezone = "UTC"
hours = { mon = "09:00-18:00", tue = "09:00-18:00", wed = "09:00-18:00", thu = "09:00-18:00", fri = "09:00-18:00" }
holidays = [{ name = "New Year's Day", date = 2027-01-01 }, { name = "Christmas Day", date = 2027-12-25 }]

[[schedules]]
id = "always"
timezone = "UTC"
hours = { mon = "24h", tue = "24h", wed = "24h", thu = "24h", fri = "24h", sat = "24h", sun = "24h" }
holidays = []
"#,
    );
    for ch in CHANNELS {
        for (i, p) in PRIORITIES.iter().enumerate() {
            let within = match *ch {
                "phone" => "30s".to_string(),
                "chat" => "90s".to_string(),
                "email" => format!("{}h", [1, 4, 8, 24][i]),
                _ => format!("{}h", [1, 2, 4, 4][i]),
            };
            let _ = write!(
                s,
                "\n[[slas]]\nid = \"{ch}.{p}.first_response\"\nchannel = \"{ch}\"\npriority = \"{p}\"\nmeasure = \"first_response\"\nwithin = \"{within}\"\nclock = \"calendar\"\nattainment = \">= {}%\"\n",
                [95, 90, 85, 80][i]
            );
        }
    }
    for (i, p) in PRIORITIES.iter().enumerate() {
        let _ = write!(
            s,
            "\n[[slas]]\nid = \"email.{p}.resolution\"\nchannel = \"email\"\npriority = \"{p}\"\nmeasure = \"resolution\"\nwithin = \"{}h\"\nclock = \"calendar\"\nattainment = \">= 90%\"\n",
            [8, 24, 72, 120][i]
        );
        let _ = write!(
            s,
            "\n[[escalations]]\nid = \"{p}.team-lead\"\npriority = \"{p}\"\nafter = \"{}h\"\nclock = \"calendar\"\nto = \"Team lead\"\nvia = \"Ticket and phone\"\n",
            [1, 4, 24, 48][i]
        );
    }
    s
}

fn sections(clauses: usize) -> usize {
    (clauses / 30).clamp(3, 40)
}

fn legal(rng: &mut Rng, s: &mut String, id: &str, topics: &str) {
    let _ = write!(
        s,
        "\n[[legal]]\nid = \"{id}\"\ntitle = \"Act {} on {}\"\ntopics = [{topics}]\nnote = {}\nreference = \"https://example.org/law/{id}\"\n",
        rng.below(1000),
        rng.pick(WORDS),
        ml(&markdown(rng, 3, 3))
    );
}

/// Appends to `count` clauses spread over the standard, starting at `offset`.
fn appends(rng: &mut Rng, s: &mut String, clauses: usize, count: usize, offset: usize) {
    let step = (clauses / count.max(1)).max(1);
    for k in 0..count.min(clauses) {
        let i = (offset + k * step) % clauses;
        let _ = write!(
            s,
            "\n[[clauses]]\nid = \"{}\"\nappend = {}\n",
            clause_id(i),
            ml(&markdown(rng, 1, 2))
        );
    }
}

fn group(opts: &Options, rng: &mut Rng, id: &str, extends: &str, level: usize) -> String {
    let mut s = String::with_capacity(8192);
    let _ = write!(
        s,
        "[culture]\nid = \"{id}\"\nname = \"Group {id}\"\nextends = \"{extends}\"\nabstract = true\n"
    );
    // Tighten a target one step down each level: never looser than the parent.
    let _ = write!(
        s,
        "\n[channels.email]\ntargets = {{ first_response = \"{}h\" }}\n",
        [16, 12, 8][level.min(2)]
    );
    if level == 0 {
        legal(rng, &mut s, &format!("{id}-privacy"), "\"data-protection\"");
        legal(
            rng,
            &mut s,
            &format!("{id}-recording"),
            "\"recording-consent\"",
        );
    } else {
        legal(
            rng,
            &mut s,
            &format!("{id}-consumer"),
            "\"consumer-rights\"",
        );
    }
    appends(
        rng,
        &mut s,
        opts.clauses,
        (opts.clauses / 25).max(1),
        level * 7 + 3,
    );
    s
}

fn region(opts: &Options, rng: &mut Rng, index: usize, id: &str, extends: &str) -> String {
    let sections = sections(opts.clauses);
    let lang = LANGS[index % LANGS.len()];
    let mut s = String::with_capacity(16 * 1024);
    let _ = write!(
        s,
        r#"[culture]
id = "{id}"
name = "Region {index}"
extends = "{extends}"
languages = ["{lang}", "en"]
handbook_language = "en"
timezone = "Etc/GMT-{}"
business_hours = "Mon-Fri 08:00-18:00"
holidays = ["New Year", "Labour Day", "National Day {index}"]
schedule = "office"
owner = "Support lead, region {index}"
last_reviewed = 2026-11-{:02}

[communication]
directness = "{}"
context = "{}"
formality = "{}"
address = "Title and family name"
greeting = "Good day, this is the support team of region {index}. How can I help?"
do = ["{}", "{}"]
avoid = ["{}"]

[expectations]
phone = {{ answer_within = "30s" }}
email = {{ first_response = "8h", resolution = "72h" }}
chat = {{ first_response = "60s" }}
"#,
        index % 12,
        1 + index % 28,
        ["direct", "balanced", "indirect"][index % 3],
        ["low", "medium", "high"][index % 3],
        ["casual", "neutral", "formal"][(index / 3) % 3],
        {
            let mut d = String::new();
            sentence(rng, &mut d);
            d
        },
        {
            let mut d = String::new();
            sentence(rng, &mut d);
            d
        },
        {
            let mut d = String::new();
            sentence(rng, &mut d);
            d
        },
    );
    for ch in ["phone", "email", "social"] {
        let _ = write!(s, "\n[channels.{ch}]\nlanguages = [\"{lang}\", \"en\"]\n");
        if ch == "email" {
            s.push_str("targets = { first_response = \"6h\" }\n");
        }
    }
    s.push_str(&format!(
        "\n[channels.chat]\nlanguages = [\"{lang}\", \"en\"]\ntargets = {{ first_response = \"60s\" }}\n"
    ));
    let _ = write!(
        s,
        r#"
[[schedules]]
id = "office"
timezone = "Etc/GMT-{}"
hours = {{ mon = "08:00-18:00", tue = "08:00-18:00", wed = "08:00-18:00", thu = "08:00-18:00", fri = "08:00-17:00" }}
holidays = [
  {{ name = "New Year", date = 2027-01-01 }},
  {{ name = "Labour Day", date = 2027-05-01 }},
  {{ name = "National Day {index}", date = 2027-{:02}-{:02} }},
  {{ name = "Year-end closure", from = 2027-12-24, to = 2027-12-31 }},
]

[[slas]]
id = "email.p1.first_response"
within = "30m"
attainment = ">= 96%"
"#,
        index % 12,
        1 + index % 12,
        1 + index % 28
    );
    legal(rng, &mut s, &format!("{id}-data"), "\"data-protection\"");
    legal(
        rng,
        &mut s,
        &format!("{id}-consumer"),
        "\"consumer-rights\"",
    );
    appends(rng, &mut s, opts.clauses, (opts.clauses / 30).max(1), index);
    // Replace the text of an open clause, and add two clauses of its own.
    let mut open = (index * 7 + 1) % opts.clauses;
    while locked(open) {
        open = (open + 1) % opts.clauses;
    }
    let _ = write!(
        s,
        "\n[[clauses]]\nid = \"{}\"\ntitle = \"Local rule {index}\"\ntext = {}\n",
        clause_id(open),
        ml(&markdown(rng, 3, 1))
    );
    for k in 0..2 {
        let section = (index + k) % sections;
        let metric = if section % 3 == 2 || k == 0 {
            "metric = \"csat\"\n"
        } else {
            ""
        };
        let _ = write!(
            s,
            "\n[[clauses]]\nid = \"{id}.local{k}\"\nsection = \"s{section:02}\"\ntitle = \"Local practice {k}\"\ntext = {}\nprinciples = [\"cultural-sensitivity\"]\n{metric}",
            ml(&markdown(rng, 3, 3))
        );
    }
    s
}

/// Writes a project with `opts.regions` regions under `dir` (which must be empty or absent).
pub fn generate(dir: &Path, opts: &Options) -> io::Result<Summary> {
    let mut summary = Summary::default();
    fs::create_dir_all(dir.join("standards"))?;
    fs::create_dir_all(dir.join("cultures"))?;
    let mut rng = Rng(opts.seed);
    write_file(
        &dir.join("csstd.toml"),
        "[build]\nout = \"dist\"\nemit = [\"md\", \"html\"]\n",
        &mut summary,
    )?;
    write_file(
        &dir.join("standards/global.toml"),
        &standard(opts, &mut rng),
        &mut summary,
    )?;
    // Chains: global <- group <- subgroup <- region (4 files), with every
    // seventh region hanging directly off a group (3 files).
    let subgroups = opts.regions.div_ceil(10).max(1);
    let groups = subgroups.div_ceil(4).max(1);
    summary.groups = groups;
    summary.subgroups = subgroups;
    for g in 0..groups {
        let id = format!("g{g:02}");
        write_file(
            &dir.join(format!("cultures/{id}.toml")),
            &group(opts, &mut rng, &id, "global", 0),
            &mut summary,
        )?;
    }
    for sg in 0..subgroups {
        let id = format!("g{:02}-s{sg:02}", sg % groups);
        let parent = format!("g{:02}", sg % groups);
        write_file(
            &dir.join(format!("cultures/{id}.toml")),
            &group(opts, &mut rng, &id, &parent, 1),
            &mut summary,
        )?;
    }
    for r in 0..opts.regions {
        let sg = r % subgroups;
        let parent = if r % 7 == 6 {
            format!("g{:02}", sg % groups)
        } else {
            format!("g{:02}-s{sg:02}", sg % groups)
        };
        let id = format!("r{r:04}");
        write_file(
            &dir.join(format!("cultures/{id}.toml")),
            &region(opts, &mut rng, r, &id, &parent),
            &mut summary,
        )?;
    }
    Ok(summary)
}
