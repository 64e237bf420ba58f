//! Printers for lint findings and for input errors: human (rustc-style), json, sarif,
//! github. Printers only format; what counts and how the run exits is decided elsewhere.

pub mod errors;
pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

/// Pretty JSON with a final newline, as every JSON printer prints it.
pub fn pretty(value: &impl serde::Serialize) -> serde_json::Result<String> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    Ok(text)
}
