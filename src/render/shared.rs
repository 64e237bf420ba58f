//! Source Markdown shared by many regions is converted once per build.
//!
//! A clause of the base standard reaches every region's handbook unchanged, so its safe
//! HTML and CommonMark are the same in each. The build names the texts that are shared
//! (every string of the base standards and abstract cultures); their conversions are kept
//! and reused. Other texts are converted each time and never kept, so what is kept does not
//! grow with the number of regions. Conversion is a pure function of the text and its
//! options, so the output is the same with or without the cache.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, RwLock};

type FastState = foldhash::fast::RandomState;

/// How a text is converted: the filter, the heading level, and whether it is quoted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Kind {
    pub html: bool,
    pub level: u8,
    pub quote: bool,
}

/// Conversions of shared texts, by kind and text.
#[derive(Default)]
pub struct SharedMarkdown {
    texts: RwLock<HashSet<Box<str>, FastState>>,
    done: Mutex<HashMap<Kind, HashMap<Box<str>, Arc<str>, FastState>>>,
}

impl SharedMarkdown {
    /// Names texts as shared (kept once converted).
    pub fn share<'a>(&self, texts: impl IntoIterator<Item = &'a str>) {
        let mut set = self.texts.write().unwrap_or_else(|e| e.into_inner());
        for t in texts {
            if !set.contains(t) {
                set.insert(t.into());
            }
        }
    }

    /// The conversion of `text`, from the cache when it is shared.
    pub fn get_or(&self, text: &str, kind: Kind, convert: impl FnOnce() -> String) -> Arc<str> {
        let shared = self
            .texts
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .contains(text);
        if !shared {
            return convert().into();
        }
        if let Some(hit) = self
            .done
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&kind)
            .and_then(|m| m.get(text))
        {
            return Arc::clone(hit);
        }
        // Convert outside the lock; two threads may race on one text, with equal results.
        let out: Arc<str> = convert().into();
        self.done
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(kind)
            .or_default()
            .insert(text.into(), Arc::clone(&out));
        out
    }
}
