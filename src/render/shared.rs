//! Source Markdown shared by many regions is converted once per build.
//!
//! A clause of the base standard reaches every region's handbook unchanged, so its safe
//! HTML and CommonMark are the same in each. The build names the texts that are shared
//! (every string of the base standards and abstract cultures); their conversions are kept
//! and reused. Other texts are converted each time and never kept, so what is kept does not
//! grow with the number of regions. Conversion is a pure function of the text and its
//! options, so the output is the same with or without the cache.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

type FastState = foldhash::fast::RandomState;

/// Each shared text with what it has been converted to, by kind.
type Conversions = HashMap<Box<str>, Vec<(Kind, Arc<str>)>, FastState>;

/// How a text is converted: the filter, the heading level, and whether it is quoted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Kind {
    pub html: bool,
    pub level: u8,
    pub quote: bool,
}

/// Conversions of shared texts: each shared text with what it has been converted to.
#[derive(Default)]
pub struct SharedMarkdown {
    done: Mutex<Conversions>,
}

impl SharedMarkdown {
    /// Names texts as shared (kept once converted).
    pub fn share<'a>(&self, texts: impl IntoIterator<Item = &'a str>) {
        let mut done = self.done.lock().unwrap_or_else(|e| e.into_inner());
        for t in texts {
            if !done.contains_key(t) {
                done.insert(t.into(), Vec::new());
            }
        }
    }

    /// The conversion of `text`, from the cache when it is shared.
    pub fn get_or(&self, text: &str, kind: Kind, convert: impl FnOnce() -> String) -> Arc<str> {
        {
            let done = self.done.lock().unwrap_or_else(|e| e.into_inner());
            match done.get(text) {
                None => {
                    drop(done);
                    return convert().into();
                }
                Some(kinds) => {
                    if let Some((_, hit)) = kinds.iter().find(|(k, _)| *k == kind) {
                        return Arc::clone(hit);
                    }
                }
            }
        }
        // Convert outside the lock; two threads may race on one text, with equal results.
        let out: Arc<str> = convert().into();
        let mut done = self.done.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(kinds) = done.get_mut(text) {
            if !kinds.iter().any(|(k, _)| *k == kind) {
                kinds.push((kind, Arc::clone(&out)));
            }
        }
        out
    }
}
