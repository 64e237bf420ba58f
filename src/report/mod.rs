//! Printers for lint findings: human (rustc-style), json, sarif, github.
//! Printers only format; what counts and how the run exits is decided in lint.

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;
