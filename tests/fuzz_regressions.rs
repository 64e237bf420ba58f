//! Replays every input the fuzz targets in `fuzz/` ever found (crashes, hangs, memory
//! blow-ups), kept under `tests/fixtures/fuzz/<target>/`, through the same code the fuzzer
//! runs (`tests/fuzz_harness`). A regression panics here, or runs past the time limit.

mod fuzz_harness;

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

/// Far more than any input needs: a case over it has hung.
const LIMIT: Duration = Duration::from_secs(60);

fn replay(target: &str, run: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(target);
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| e.expect("a folder entry").path())
        .filter(|p| p.is_file())
        .collect();
    cases.sort();
    assert!(
        !cases.is_empty(),
        "no regression inputs in {}",
        dir.display()
    );
    for case in cases {
        let data = std::fs::read(&case).expect("read a regression input");
        let (done, finished) = mpsc::channel();
        let name = case.display().to_string();
        let worker = std::thread::Builder::new()
            .name(name.clone())
            // The stack csstd's main thread has (the default for spawned threads is 2 MiB,
            // which deep but accepted YAML can exceed in an unoptimised build).
            .stack_size(8 * 1024 * 1024)
            .spawn(move || {
                run(&data);
                let _ = done.send(());
            })
            .expect("spawn a worker");
        match finished.recv_timeout(LIMIT) {
            Ok(()) => worker.join().expect("the case ran"),
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                panic!("{name} panicked: {:?}", worker.join().err())
            }
            Err(mpsc::RecvTimeoutError::Timeout) => panic!("{name} ran for more than {LIMIT:?}"),
        }
    }
}

#[test]
fn load_base() {
    replay("load_base", fuzz_harness::load_base);
}

#[test]
fn load_overlay() {
    replay("load_overlay", fuzz_harness::load_overlay);
}

#[test]
fn resolve_chain() {
    replay("resolve_chain", fuzz_harness::resolve_chain);
}

#[test]
fn render_markdown() {
    replay("render_markdown", fuzz_harness::render_markdown);
}
