//! `--format sarif`: a SARIF 2.1.0 log for code scanning, of findings or of the input
//! errors that kept lint from running.

use super::errors::InputError;
use crate::diag::Severity;
use crate::lint::{Finding, Report, rules};
use crate::load::Config;
use crate::model::node::Pos;
use serde::Serialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A fingerprint that survives edits elsewhere in the file: rule, file and message, not the
/// line. The suppressed and unsuppressed copies of a finding are different results.
fn fingerprint(f: &Finding) -> String {
    let mut h = Sha256::new();
    h.update(if f.suppressed.is_some() { b"s" } else { b"u" });
    h.update(f.rule.as_bytes());
    h.update([0]);
    h.update(f.pos.file.as_bytes());
    h.update([0]);
    h.update(f.message.as_bytes());
    format!("{:x}", h.finalize())
}

/// A location in a project file, relative to `%SRCROOT%`.
fn location(pos: &Pos) -> Value {
    json!({
        "physicalLocation": {
            "artifactLocation": { "uri": &*pos.file, "uriBaseId": "%SRCROOT%" },
            "region": { "startLine": pos.line.max(1), "startColumn": pos.column.max(1) }
        }
    })
}

/// A log of one run: the driver with every rule and the severity `config` gives it,
/// `results`, and `invocation` when the run did not succeed.
fn log(config: &Config, results: Vec<Value>, invocation: Option<Invocation>) -> Value {
    let driver_rules: Vec<Value> = rules::all()
        .iter()
        .map(|r| {
            let configured = crate::lint::severity_in_force(config, r);
            json!({
                "id": r.id,
                "name": r.id.replace(['/', '-'], "_"),
                "shortDescription": { "text": r.summary },
                "fullDescription": { "text": r.why },
                "help": { "text": rules::configure_text(r.id) },
                "defaultConfiguration": {
                    "level": configured.map_or("none", level),
                    "enabled": configured.is_some(),
                },
                "properties": { "tags": [r.principle()] },
            })
        })
        .collect();
    let mut run = json!({
        "tool": { "driver": {
            "name": "csstd",
            "version": env!("CARGO_PKG_VERSION"),
            "informationUri": "https://github.com/csstd/csstd",
            "rules": driver_rules,
        }},
        "originalUriBaseIds": { "%SRCROOT%": { "description": { "text": "The csstd project root" } } },
        "results": results,
    });
    if let Some(invocation) = invocation {
        run["invocations"] = json!([invocation]);
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [run]
    })
}

pub fn to_sarif(report: &Report, config: &Config) -> Value {
    let all = rules::all();
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            let index = all.iter().position(|r| r.id == f.rule).unwrap_or(0);
            let mut result = json!({
                "ruleId": f.rule,
                "ruleIndex": index,
                "level": level(f.severity),
                "message": { "text": f.message },
                "locations": [location(&f.pos)],
                "partialFingerprints": { "csstdFinding/v1": fingerprint(f) },
                "properties": { "regions": f.regions.iter().collect::<Vec<_>>() },
            });
            if let Some(reason) = &f.suppressed {
                result["suppressions"] = json!([{ "kind": "inSource", "justification": reason }]);
            }
            result
        })
        .collect();
    log(config, results, None)
}

/// `invocations[0]` of a run that input errors stopped.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    tool_execution_notifications: Vec<Notification>,
}

/// One input error, reported by the tool about its own run; its advice is in the text.
#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<Value>,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

/// The log of a lint that input errors kept from running: no results, and one
/// notification per error (SPEC 7).
pub fn errors(errors: &[InputError], config: &Config) -> Value {
    let notifications = errors
        .iter()
        .map(|e| Notification {
            level: "error",
            message: Text { text: e.text() },
            locations: e.pos.iter().map(location).collect(),
        })
        .collect();
    let invocation = Invocation {
        execution_successful: false,
        tool_execution_notifications: notifications,
    };
    log(config, Vec::new(), Some(invocation))
}
