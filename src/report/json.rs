//! `--format json`: findings in the SPEC 5 shape, suppressed ones included and marked;
//! input errors in the SPEC 7 shape.

use super::errors::InputError;
use crate::diag::Severity;
use crate::lint::Report;
use serde::Serialize;
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

/// `{"version":1,"errors":[...]}`: what a command that failed on input prints (SPEC 7).
#[derive(Serialize)]
struct ErrorLog<'a> {
    version: u32,
    errors: Vec<ErrorEntry<'a>>,
}

/// One input error; the position is null when none is known.
#[derive(Serialize)]
struct ErrorEntry<'a> {
    message: &'a str,
    file: Option<&'a str>,
    line: Option<u32>,
    column: Option<u32>,
    help: Option<&'a str>,
}

/// The input errors as JSON text.
pub fn errors(errors: &[InputError]) -> serde_json::Result<String> {
    let log = ErrorLog {
        version: 1,
        errors: errors
            .iter()
            .map(|e| ErrorEntry {
                message: &e.message,
                file: e.pos.as_ref().map(|p| &*p.file),
                line: e.pos.as_ref().map(|p| p.line),
                column: e.pos.as_ref().map(|p| p.column),
                help: e.help.as_deref(),
            })
            .collect(),
    };
    super::pretty(&log)
}
