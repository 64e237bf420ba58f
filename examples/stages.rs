//! Times each stage of a build on one thread, region by region:
//! `cargo run --release --example stages -- PROJECT SCRATCH [--today DATE]`.
//!
//! Prints one line per stage (load, resolve, lint, template data, render Markdown, render
//! HTML, standard.json, sha256, write) with its time, share, MB/s of what it produced and
//! regions/s. Files are written under SCRATCH (a fresh folder is made there and removed).
//! `--tsv` prints tab-separated values instead, for the harness.

use csstd::build::{Planned, shared_texts};
use csstd::lint::Linter;
use csstd::load::fs::DiskSource;
use csstd::load::load_project;
use csstd::model::date::CivilDate;
use csstd::render::{RenderContext, Templates};
use csstd::resolve::output::write_json_pretty;
use csstd::resolve::resolve_all;
use sha2::{Digest, Sha256};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

#[derive(Default, Clone, Copy)]
struct Stage {
    time: Duration,
    bytes: usize,
}

fn timed<T>(stage: &mut Stage, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    stage.time += start.elapsed();
    out
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let mut positional = Vec::new();
    let mut today = "2027-01-15".to_owned();
    let mut tsv = false;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--today" => today = args.next().unwrap_or_default(),
            "--tsv" => tsv = true,
            _ => positional.push(PathBuf::from(a)),
        }
    }
    let [root, scratch] = <[PathBuf; 2]>::try_from(positional)
        .map_err(|_| anyhow::anyhow!("usage: stages PROJECT SCRATCH [--today DATE] [--tsv]"))?;
    let day = CivilDate::parse(&today).map_err(|e| anyhow::anyhow!("--today: {e}"))?;
    let out = scratch.join(format!("stages-{}", std::process::id()));
    std::fs::create_dir_all(&out)?;

    let names = [
        "load",
        "resolve",
        "lint",
        "template data",
        "render Markdown",
        "render HTML",
        "standard.json",
        "sha256",
        "write",
    ];
    let mut s = [Stage::default(); 9];
    let input_bytes: u64 = ["standards", "cultures", "templates", "csstd.toml"]
        .iter()
        .flat_map(|p| walkdir::WalkDir::new(root.join(p)))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum();
    s[0].bytes = input_bytes as usize;
    let project = timed(&mut s[0], || {
        load_project(&root, &DiskSource { root: root.clone() })
    })?;
    let templates = Templates::new(None)?;
    let resolution = timed(&mut s[1], || resolve_all(&project))?;
    let prefixes = resolution.docs.values().filter(|r| !r.is_region());
    templates.share_texts(
        shared_texts(prefixes.map(|r| &**r))
            .into_iter()
            .map(|t| &**t),
    );
    let ctx = RenderContext {
        today: today.clone(),
        csstd_version: env!("CARGO_PKG_VERSION").into(),
    };
    let mut linter = Linter::new(&project, &resolution, day);
    let ids: Vec<&str> = resolution.regions().map(|r| r.id.as_str()).collect();
    for r in resolution.regions() {
        timed(&mut s[2], || linter.add(r));
        let planned = Planned::of(r);
        let data = timed(&mut s[3], || templates.region_data(r))?;
        let md = timed(&mut s[4], || templates.handbook_md_of(&data, &ctx))?;
        let html = timed(&mut s[5], || templates.handbook_html_of(&data, &ctx))?;
        let mut json = Vec::new();
        timed(&mut s[6], || write_json_pretty(r, true, &mut json));
        s[4].bytes += md.len();
        s[5].bytes += html.len();
        s[6].bytes += json.len();
        let files = [
            ("handbook.md", md.as_bytes()),
            ("handbook.html", html.as_bytes()),
            ("standard.json", &json),
        ];
        for (_, bytes) in &files {
            s[7].bytes += bytes.len();
            timed(&mut s[7], || Sha256::digest(bytes));
        }
        timed(&mut s[8], || -> anyhow::Result<()> {
            let dir = out.join(&planned.id);
            std::fs::create_dir_all(&dir)?;
            for (name, bytes) in &files {
                std::fs::write(dir.join(name), bytes)?;
            }
            Ok(())
        })?;
        s[8].bytes += files.iter().map(|(_, b)| b.len()).sum::<usize>();
    }
    let report = timed(&mut s[2], || linter.finish());
    std::fs::remove_dir_all(&out)?;

    let regions = ids.len();
    let total: Duration = s.iter().map(|x| x.time).sum();
    let md_mb = s[4].bytes as f64 / 1e6;
    if tsv {
        println!("stage\tms\tshare\tmb_per_s\tregions_per_s");
    } else {
        println!(
            "{regions} regions, {:.1} MB of input, {md_mb:.1} MB of handbook.md, {} findings; one thread",
            input_bytes as f64 / 1e6,
            report.findings.len()
        );
        println!(
            "{:<16} {:>10} {:>7} {:>10} {:>10}",
            "stage", "ms", "share", "MB/s", "regions/s"
        );
    }
    let rows = names
        .iter()
        .zip(&s)
        .map(|(n, st)| (*n, st.time, st.bytes))
        .chain([("total", total, s[4].bytes)]);
    for (name, time, bytes) in rows {
        let secs = time.as_secs_f64().max(1e-9);
        let ms = secs * 1e3;
        let share = 100.0 * secs / total.as_secs_f64().max(1e-9);
        let mbs = bytes as f64 / 1e6 / secs;
        let rps = regions as f64 / secs;
        if tsv {
            println!("{name}\t{ms:.1}\t{share:.1}\t{mbs:.1}\t{rps:.0}");
        } else {
            println!("{name:<16} {ms:>10.1} {share:>6.1}% {mbs:>10.1} {rps:>10.0}");
        }
    }
    if !tsv {
        println!(
            "MB/s: bytes each stage produced (load: input read; total: handbook.md) per second"
        );
    }
    Ok(())
}
