//! Criterion benchmarks of the inner stages of a build, on a generated project of 20
//! regions x 100 clauses: load, resolve, lint, render Markdown, render HTML, write
//! (`standard.json` and the files of one region). Run with `cargo bench`; numbers belong
//! in docs/performance.md, never in tests. `benches/run.sh` times whole builds.

#[path = "support/synth.rs"]
mod synth;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use csstd::build::shared_texts;
use csstd::lint::Linter;
use csstd::load::fs::DiskSource;
use csstd::load::load_project;
use csstd::model::date::CivilDate;
use csstd::render::{RegionData, RenderContext, Templates};
use csstd::resolve::output::write_json_pretty;
use csstd::resolve::resolve_all;
use std::hint::black_box;

fn stages(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let root = dir.path().join("project");
    synth::generate(
        &root,
        &synth::Options {
            regions: 20,
            clauses: 100,
            seed: 1,
        },
    )
    .expect("generate a project");
    let fs = DiskSource { root: root.clone() };
    let today = CivilDate::parse(synth::TODAY).expect("a date");
    let project = load_project(&root, &fs).expect("the project loads");
    let templates = Templates::new(None).expect("built-in templates");
    let resolution = resolve_all(&project).expect("the project resolves");
    let prefixes = resolution.docs.values().filter(|r| !r.is_region());
    templates.share_texts(
        shared_texts(prefixes.map(|r| &**r))
            .into_iter()
            .map(|t| &**t),
    );
    let regions: Vec<_> = resolution.regions().cloned().collect();
    let ids: Vec<&str> = regions.iter().map(|r| r.id.as_str()).collect();
    let ctx = RenderContext {
        today: synth::TODAY.into(),
        csstd_version: "0.0.0".into(),
    };
    let data: Vec<RegionData> = regions
        .iter()
        .map(|r| templates.region_data(r).expect("template data"))
        .collect();

    let mut g = c.benchmark_group("stages");
    g.sample_size(10);
    g.throughput(Throughput::Elements(ids.len() as u64));
    g.bench_function("load", |b| {
        b.iter(|| load_project(black_box(&root), &fs).expect("loads"))
    });
    g.bench_function("resolve", |b| {
        b.iter(|| black_box(resolve_all(&project).expect("resolves")))
    });
    g.bench_function("lint", |b| {
        b.iter(|| {
            let mut linter = Linter::new(&project, &resolution, today);
            for r in &regions {
                linter.add(r);
            }
            black_box(linter.finish())
        })
    });
    g.bench_function("render markdown", |b| {
        b.iter(|| {
            for d in &data {
                black_box(templates.handbook_md_of(d, &ctx).expect("renders"));
            }
        })
    });
    g.bench_function("render html", |b| {
        b.iter(|| {
            for d in &data {
                black_box(templates.handbook_html_of(d, &ctx).expect("renders"));
            }
        })
    });
    g.bench_function("standard.json", |b| {
        b.iter(|| {
            for r in &regions {
                let mut out = Vec::new();
                write_json_pretty(r, true, &mut out);
                black_box(out);
            }
        })
    });
    let files: Vec<(String, Vec<u8>)> = regions
        .iter()
        .zip(&data)
        .flat_map(|(r, d)| {
            let mut json = Vec::new();
            write_json_pretty(r, true, &mut json);
            [
                (
                    format!("{}/handbook.md", r.id),
                    templates.handbook_md_of(d, &ctx).expect("md").into_bytes(),
                ),
                (
                    format!("{}/handbook.html", r.id),
                    templates
                        .handbook_html_of(d, &ctx)
                        .expect("html")
                        .into_bytes(),
                ),
                (format!("{}/standard.json", r.id), json),
            ]
        })
        .collect();
    let out = dir.path().join("out");
    g.bench_function("write", |b| {
        b.iter(|| {
            for (path, bytes) in &files {
                let target = out.join(path);
                std::fs::create_dir_all(target.parent().expect("a folder")).expect("mkdir");
                std::fs::write(target, bytes).expect("write");
            }
        })
    });
    g.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
