//! rustc-style findings: `error[rule]: message`, `--> file:line:col`, caret, notes, help.

use crate::diag::{Diagnostic, Note, Printer, Severity, Sources};
use crate::lint::Report;

/// Renders every unsuppressed finding at least as serious as `least`, and a one-line summary.
pub fn render(report: &Report, sources: &Sources, color: bool, least: Severity) -> String {
    let printer = Printer::new(sources, color);
    let mut out = String::new();
    for f in report.findings.iter().filter(|f| f.suppressed.is_none()) {
        // Severity orders error < warning < info: show what is at least as serious as `least`.
        if f.severity > least {
            continue;
        }
        let mut notes = f.notes.clone();
        if !f.regions.is_empty() {
            notes.push(Note {
                pos: None,
                message: format!(
                    "affects {}",
                    f.regions
                        .iter()
                        .map(String::as_str)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            });
        }
        let d = Diagnostic {
            severity: f.severity,
            code: Some(f.rule.to_string()),
            message: f.message.clone(),
            pos: f.pos.clone(),
            notes,
            help: f.help.clone(),
            len: f.len,
        };
        out.push_str(&printer.render(&d));
    }
    out.push_str(&summary(report));
    out
}

/// `lint: 2 errors, 1 warning, 0 infos (3 suppressed) in 14 regions and standards`.
pub fn summary(report: &Report) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let suppressed = report
        .findings
        .iter()
        .filter(|f| f.suppressed.is_some())
        .count();
    format!(
        "lint: {}, {}, {}{} in {} checked\n",
        plural(report.count(Severity::Error), "error"),
        plural(report.count(Severity::Warning), "warning"),
        plural(report.count(Severity::Info), "info"),
        if suppressed > 0 {
            format!(" ({suppressed} suppressed)")
        } else {
            String::new()
        },
        plural(report.targets, "region or standard")
            .replace("region or standards", "regions and standards"),
    )
}

/// Renders input errors for the terminal.
pub fn input_errors(e: &crate::load::InputErrors, color: bool) -> String {
    let printer = crate::diag::Printer::new(&e.sources, color);
    let mut out = String::new();
    for d in &e.diagnostics {
        out.push_str(&printer.render(d));
    }
    let n = e.diagnostics.len();
    out.push_str(&format!(
        "error: {n} input error{} — nothing was written\n",
        if n == 1 { "" } else { "s" }
    ));
    out
}

/// Any error of a command as the command line prints it: input errors with their
/// source lines, anything else as one `error:` line with its causes.
pub fn error(e: &anyhow::Error, color: bool) -> String {
    match e.downcast_ref::<crate::load::InputErrors>() {
        Some(input) => input_errors(input, color),
        None => format!("error: {e:#}\n"),
    }
}
