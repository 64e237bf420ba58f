//! The served site: the files of the last good build, the errors of the last attempt,
//! and a generation counter that open pages wait on to reload.

use crate::build::{BuildConfig, Outcome};
use crate::diag::Severity;
use std::collections::BTreeMap;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// What is served now.
#[derive(Debug, Default, Clone)]
pub struct State {
    /// The last good build's files, by path relative to the output folder (shared: every
    /// request takes a copy of the state, which must not copy the pages).
    pub files: Arc<BTreeMap<String, Vec<u8>>>,
    /// Why the last rebuild failed, in the command line's words; none when it built.
    pub errors: Option<String>,
    /// Lint findings of the regions held back, by region.
    pub held: BTreeMap<String, String>,
    /// Counts rebuilds, good or failed: a page reloads when it changes.
    pub generation: u64,
}

/// The site and its rebuilds.
pub struct Site {
    build: BuildConfig,
    state: Mutex<State>,
    changed: Condvar,
    /// One rebuild at a time.
    building: Mutex<()>,
}

impl Site {
    pub fn new(build: BuildConfig) -> Site {
        Site {
            build,
            state: Mutex::new(State::default()),
            changed: Condvar::new(),
            building: Mutex::new(()),
        }
    }

    /// A copy of what is served now.
    pub fn state(&self) -> State {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Builds again. A failed build keeps the last good files and records the errors.
    pub fn rebuild(&self) {
        let _one = self.building.lock().unwrap_or_else(|e| e.into_inner());
        let result = crate::build::run(&self.build);
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        match result {
            Ok(report) => {
                let findings = crate::report::human::render(
                    &report.findings,
                    &report.project.sources,
                    false,
                    Severity::Warning,
                );
                state.held = report
                    .failed()
                    .map(|p| (p.id.clone(), findings.clone()))
                    .collect();
                if let Outcome::InMemory { files } = report.outcome {
                    state.files = Arc::new(files);
                }
                state.errors = None;
            }
            Err(e) => state.errors = Some(crate::report::human::error(&e, false)),
        }
        state.generation += 1;
        self.changed.notify_all();
    }

    /// Waits until the generation is no longer `seen` (or `timeout` passes) and returns
    /// the generation then.
    pub fn wait(&self, seen: u64, timeout: Duration) -> u64 {
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let (state, _) = self
            .changed
            .wait_timeout_while(state, timeout, |s| s.generation == seen)
            .unwrap_or_else(|e| e.into_inner());
        state.generation
    }
}
