//! What lint makes for a region and the renderer takes after it, kept between the two so
//! that a build makes it once (a region's translatable values, its translated tree).

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex, PoisonError};

/// Values by key, made on first use and removed by their last reader.
#[derive(Debug)]
pub struct Kept<K, V>(Mutex<HashMap<K, Arc<V>>>);

impl<K, V> Default for Kept<K, V> {
    fn default() -> Self {
        Kept(Mutex::new(HashMap::new()))
    }
}

impl<K: Hash + Eq, V> Kept<K, V> {
    /// The value kept for `key`, else `make()`, kept for a later reader. The lock is not
    /// held while making, so regions on other threads are not held up.
    pub fn get_or(&self, key: K, make: impl FnOnce() -> V) -> Arc<V> {
        if let Some(found) = self.lock().get(&key) {
            return Arc::clone(found);
        }
        let made = Arc::new(make());
        self.lock().insert(key, Arc::clone(&made));
        made
    }

    /// The value kept for `key`, removed; `None` when nothing is kept.
    pub fn take(&self, key: &K) -> Option<Arc<V>> {
        self.lock().remove(key)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<K, Arc<V>>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
