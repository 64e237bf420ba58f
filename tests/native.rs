//! The handbooks are written without the template engine when a project does not override
//! the built-in templates (`render/native`). These tests render every region of every
//! project at hand both ways, natively and through `templates/handbook.*.j2`, and require
//! the same bytes: the shipped standards (13 languages of content, right-to-left, a
//! standard in another language than the page), the examples, every fixture project
//! (hostile text, service levels, chains) and generated projects.

#[path = "../benches/support/synth.rs"]
mod synth;

use std::path::Path;

use csstd::load::fs::DiskSource;
use csstd::render::{RegionData, RenderContext, Templates};
use csstd::resolve::output::to_json;

/// Renders every region of the project at `root` both ways; returns how many regions.
fn same_both_ways(root: &Path) -> usize {
    let fs = DiskSource {
        root: root.to_path_buf(),
    };
    let (_, resolution) = csstd::resolve::load_and_resolve(root, &fs)
        .unwrap_or_else(|_| panic!("{} does not resolve", root.display()));
    let native = Templates::new(None).expect("built-in templates");
    let templated = Templates::new(None)
        .expect("built-in templates")
        .without_native();
    let ctx = RenderContext {
        today: synth::TODAY.into(),
        csstd_version: "1.2.3".into(),
    };
    let mut regions = 0;
    for (id, r) in &resolution.docs {
        if !r.is_region() {
            continue;
        }
        regions += 1;
        for data in [
            RegionData::from_resolved(r),
            RegionData::from_json(&to_json(r, false)),
        ] {
            let md = native.handbook_md_of(&data, &ctx).expect("native md");
            let expected = templated.handbook_md_of(&data, &ctx).expect("template md");
            assert_same(&md, &expected, root, id, "handbook.md");
            let html = native.handbook_html_of(&data, &ctx).expect("native html");
            let expected = templated
                .handbook_html_of(&data, &ctx)
                .expect("template html");
            assert_same(&html, &expected, root, id, "handbook.html");
        }
    }
    regions
}

/// Equal, or a failure that shows the first line that differs.
fn assert_same(got: &str, expected: &str, root: &Path, region: &str, file: &str) {
    if got == expected {
        return;
    }
    let line = got
        .lines()
        .zip(expected.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| got.lines().count().min(expected.lines().count()));
    let show = |text: &str| text.lines().nth(line).unwrap_or("<end>").to_owned();
    panic!(
        "{}: {region}/{file} differs at line {}:\n  native:   {}\n  template: {}",
        root.display(),
        line + 1,
        show(got),
        show(expected)
    );
}

fn repo(path: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

#[test]
fn shipped_standards_render_the_same_both_ways() {
    assert!(same_both_ways(&repo("")) >= 12);
}

#[test]
fn examples_render_the_same_both_ways() {
    for example in ["examples/b2b-saas", "examples/starter"] {
        assert!(same_both_ways(&repo(example)) >= 1, "{example}");
    }
}

#[test]
fn fixture_projects_render_the_same_both_ways() {
    for fixture in ["chain", "clean", "hostile", "sarif", "service-levels"] {
        assert!(
            same_both_ways(&repo(&format!("tests/fixtures/{fixture}"))) >= 1,
            "{fixture}"
        );
    }
}

#[test]
fn generated_projects_render_the_same_both_ways() {
    for (regions, clauses, seed) in [(9, 40, 1), (15, 90, 2), (4, 30, 3)] {
        let dir = tempfile::tempdir().expect("a temporary folder");
        synth::generate(
            dir.path(),
            &synth::Options {
                regions,
                clauses,
                seed,
            },
        )
        .expect("generate a project");
        assert_eq!(same_both_ways(dir.path()), regions);
    }
}
