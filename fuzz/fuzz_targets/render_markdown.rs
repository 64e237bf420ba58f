//! Any text as source Markdown: the HTML must stay inert. The body lives in `tests/fuzz_harness`, shared with
//! `tests/fuzz_regressions.rs`, which replays every input this target ever found.
#![no_main]

#[path = "../../tests/fuzz_harness/mod.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::render_markdown(data));
