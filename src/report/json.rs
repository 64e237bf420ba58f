//! `--format json`: the SPEC 5 shape, suppressed findings included and marked.

use crate::diag::Severity;
use crate::lint::Report;
use serde_json::{Value, json};

pub fn to_json(report: &Report) -> Value {
    let findings: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            json!({
                "rule": f.rule,
                "severity": f.severity.as_str(),
                "principle": f.principle(),
                "regions": f.regions.iter().collect::<Vec<_>>(),
                "message": f.message,
                "file": &*f.pos.file,
                "line": f.pos.line,
                "column": f.pos.column,
                "help": f.help,
                "suppressed": f.suppressed,
            })
        })
        .collect();
    json!({
        "version": 1,
        "findings": findings,
        "summary": {
            "errors": report.count(Severity::Error),
            "warnings": report.count(Severity::Warning),
            "infos": report.count(Severity::Info),
            "regions": report.targets,
        }
    })
}
