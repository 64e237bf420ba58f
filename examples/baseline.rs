//! The benchmark baseline: converts every `*/handbook.md` of a built csstd output folder
//! to a templated HTML page with pulldown-cmark and minijinja, on one thread:
//! `cargo run --release --example baseline -- DIST [OUT]`. With OUT, pages are written
//! to `OUT/<region>.html`; without, nothing is written. Prints bytes and MB/s.

#[path = "../benches/support/baseline.rs"]
mod baseline;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1).map(PathBuf::from);
    let (Some(dist), out) = (args.next(), args.next()) else {
        eprintln!("usage: baseline DIST [OUT]");
        return ExitCode::from(2);
    };
    let mut inputs: Vec<(String, PathBuf)> = match std::fs::read_dir(&dist) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|e| {
                (
                    e.file_name().to_string_lossy().into_owned(),
                    e.path().join("handbook.md"),
                )
            })
            .filter(|(_, p)| p.is_file())
            .collect(),
        Err(e) => {
            eprintln!("error: cannot read `{}`: {e}", dist.display());
            return ExitCode::from(2);
        }
    };
    inputs.sort();
    if let Some(out) = &out {
        if let Err(e) = std::fs::create_dir_all(out) {
            eprintln!("error: cannot create `{}`: {e}", out.display());
            return ExitCode::from(2);
        }
    }
    let env = baseline::environment();
    let started = Instant::now();
    let mut bytes = 0usize;
    for (name, path) in &inputs {
        let markdown = match std::fs::read_to_string(path) {
            Ok(m) => m,
            Err(e) => {
                eprintln!("error: cannot read `{}`: {e}", path.display());
                return ExitCode::from(2);
            }
        };
        bytes += markdown.len();
        let page = baseline::page(&env, name, &markdown);
        if let Some(out) = &out {
            let target = out.join(format!("{name}.html"));
            if let Err(e) = std::fs::write(&target, page) {
                eprintln!("error: cannot write `{}`: {e}", target.display());
                return ExitCode::from(2);
            }
        }
    }
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "baseline: {} pages, {bytes} bytes of Markdown in {secs:.3} s ({:.1} MB/s)",
        inputs.len(),
        bytes as f64 / 1e6 / secs.max(1e-9)
    );
    ExitCode::SUCCESS
}
