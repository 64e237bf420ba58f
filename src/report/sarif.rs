//! `--format sarif`: a SARIF 2.1.0 log for code scanning.

use crate::diag::Severity;
use crate::lint::{Finding, Report, rules};
use crate::load::Config;
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

pub fn to_sarif(report: &Report, config: &Config) -> Value {
    let all = rules::all();
    let driver_rules: Vec<Value> = all
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
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": &*f.pos.file, "uriBaseId": "%SRCROOT%" },
                        "region": { "startLine": f.pos.line.max(1), "startColumn": f.pos.column.max(1) }
                    }
                }],
                "partialFingerprints": { "csstdFinding/v1": fingerprint(f) },
                "properties": { "regions": f.regions.iter().collect::<Vec<_>>() },
            });
            if let Some(reason) = &f.suppressed {
                result["suppressions"] = json!([{ "kind": "inSource", "justification": reason }]);
            }
            result
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "csstd",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/csstd/csstd",
                "rules": driver_rules,
            }},
            "originalUriBaseIds": { "%SRCROOT%": { "description": { "text": "The csstd project root" } } },
            "results": results,
        }]
    })
}
