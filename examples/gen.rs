//! Generates a synthetic csstd project for benchmarks:
//! `cargo run --release --example gen -- OUT --regions 100 --clauses 300 [--seed N]`.
//!
//! Deterministic and valid (it lints without errors with `--today 2027-01-15`).
//! It refuses to write into a folder that is not empty.

#[path = "../benches/support/synth.rs"]
mod synth;

use std::path::PathBuf;
use std::process::ExitCode;

fn usage() -> ExitCode {
    eprintln!("usage: gen OUT [--regions N] [--clauses M] [--seed S]");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let mut out: Option<PathBuf> = None;
    let mut opts = synth::Options {
        regions: 100,
        clauses: 300,
        seed: 1,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut number = |name: &str| -> Option<u64> {
            let v = args.next().and_then(|v| v.parse().ok());
            if v.is_none() {
                eprintln!("{name} needs a number");
            }
            v
        };
        match arg.as_str() {
            "--regions" => match number("--regions") {
                Some(n) => opts.regions = n as usize,
                None => return usage(),
            },
            "--clauses" => match number("--clauses") {
                Some(n) if n > 0 => opts.clauses = n as usize,
                _ => return usage(),
            },
            "--seed" => match number("--seed") {
                Some(n) => opts.seed = n,
                None => return usage(),
            },
            "-h" | "--help" => {
                usage();
                return ExitCode::SUCCESS;
            }
            a if !a.starts_with('-') && out.is_none() => out = Some(PathBuf::from(a)),
            _ => return usage(),
        }
    }
    let Some(out) = out else { return usage() };
    if std::fs::read_dir(&out).is_ok_and(|mut d| d.next().is_some()) {
        eprintln!("error: `{}` is not empty", out.display());
        return ExitCode::from(2);
    }
    match synth::generate(&out, &opts) {
        Ok(s) => {
            eprintln!(
                "generated {} regions x {} clauses ({} groups, {} sub-groups): {} files, {} bytes in `{}` (build it with --today {})",
                opts.regions,
                opts.clauses,
                s.groups,
                s.subgroups,
                s.files,
                s.bytes,
                out.display(),
                synth::TODAY
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write `{}`: {e}", out.display());
            ExitCode::from(2)
        }
    }
}
