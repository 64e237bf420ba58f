//! A cache of what is made from shared tables, kept while the tables are alive.
//!
//! Tables are shared between trees and copied on write, so a table that a region inherits
//! unchanged is the very table of the standard or culture it comes from, and whatever is
//! made from it alone (a clause block of a handbook, a clause item of `standard.json`) is
//! the same in every region. Such things are kept here by the tables' addresses. Each
//! entry holds its tables weakly: that keeps their allocations, so an address cannot be
//! reused by another table while the entry exists, without keeping the tables themselves.
//! When a culture's tables are let go (the build is done with its regions), its entries
//! become dead and are swept, so what is kept follows what is alive, not the number of
//! regions built.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex, Weak};

use super::node::Table;

/// Things made from tables, by a key that names the tables' addresses (see [`address`]).
pub struct TableCache<K, V> {
    inner: Mutex<Inner<K, V>>,
}

struct Inner<K, V> {
    entries: HashMap<K, Entry<V>, foldhash::fast::RandomState>,
    /// Dead entries are swept when there are this many.
    sweep_at: usize,
}

struct Entry<V> {
    tables: Vec<Weak<Table>>,
    value: V,
}

/// The fewest entries at which dead ones are swept.
const MIN_SWEEP: usize = 1024;

impl<K, V> Default for TableCache<K, V> {
    fn default() -> Self {
        TableCache {
            inner: Mutex::new(Inner {
                entries: HashMap::default(),
                sweep_at: MIN_SWEEP,
            }),
        }
    }
}

/// A table's address, for keys.
pub fn address(table: &Arc<Table>) -> usize {
    Arc::as_ptr(table) as usize
}

impl<K: Hash + Eq, V: Clone> TableCache<K, V> {
    /// What was kept for `key`, if anything.
    pub fn get(&self, key: &K) -> Option<V> {
        let inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner.entries.get(key).map(|e| e.value.clone())
    }

    /// Keeps `value` for `key`, made from `tables` (whose addresses `key` names).
    pub fn put(&self, key: K, tables: &[&Arc<Table>], value: V) {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if inner.entries.len() >= inner.sweep_at {
            inner
                .entries
                .retain(|_, e| e.tables.iter().all(|t| t.strong_count() > 0));
            // Sweeping again after a quarter as many new entries (at least MIN_SWEEP) keeps
            // the cost per entry flat and the dead entries few.
            let live = inner.entries.len();
            inner.sweep_at = live + (live / 4).max(MIN_SWEEP);
        }
        inner.entries.entry(key).or_insert_with(|| Entry {
            tables: tables.iter().map(|t| Arc::downgrade(t)).collect(),
            value,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::{TableCache, address};
    use crate::model::node::Table;
    use std::sync::Arc;

    #[test]
    fn entries_of_dropped_tables_are_swept_and_live_ones_kept() {
        let cache: TableCache<usize, u32> = TableCache::default();
        let kept = Arc::new(Table::default());
        cache.put(address(&kept), &[&kept], 7);
        for i in 0..5000 {
            let t = Arc::new(Table::default());
            cache.put(address(&t), &[&t], i);
        }
        let inner = cache.inner.lock().unwrap();
        assert!(
            inner.entries.len() < 2 * super::MIN_SWEEP,
            "dead entries swept"
        );
        drop(inner);
        assert_eq!(cache.get(&address(&kept)), Some(7));
    }

    #[test]
    fn an_address_is_not_reused_while_its_entry_exists() {
        let cache: TableCache<usize, u32> = TableCache::default();
        let t = Arc::new(Table::default());
        let at = address(&t);
        cache.put(at, &[&t], 1);
        drop(t);
        let others: Vec<Arc<Table>> = (0..100).map(|_| Arc::new(Table::default())).collect();
        assert!(others.iter().all(|o| address(o) != at));
    }
}
