//! `--format github`: GitHub Actions workflow commands, one line per finding or input error.

use super::errors::InputError;
use crate::diag::Severity;
use crate::lint::Report;
use crate::model::node::Pos;

/// Escapes a workflow-command message (`%`, CR, LF).
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow-command property (also `:` and `,`).
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One workflow command: `::<command> file=...,line=...,col=...,title=...::<message>`,
/// without the position when none is known.
fn command(command: &str, pos: Option<&Pos>, title: &str, message: &str) -> String {
    let place = pos.map_or_else(String::new, |p| {
        format!(
            "file={},line={},col={},",
            escape_property(&p.file),
            p.line,
            p.column
        )
    });
    format!(
        "::{command} {place}title={}::{}\n",
        escape_property(title),
        escape_data(message)
    )
}

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for f in report.findings.iter().filter(|f| f.suppressed.is_none()) {
        let name = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        out.push_str(&command(name, Some(&f.pos), f.rule, &f.message));
    }
    out
}

/// One `::error` line per input error, titled `input error`, its advice on a second line.
pub fn errors(errors: &[InputError]) -> String {
    errors
        .iter()
        .map(|e| command("error", e.pos.as_ref(), "input error", &e.text()))
        .collect()
}
