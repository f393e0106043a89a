//! The registry's crimes, sorted by Crime ID key, held in chunks of about a
//! megabyte rather than one list. A newly loaded file's crimes are merged in
//! chunk by chunk, each old chunk freed as soon as it has been merged, so
//! merging takes the registry plus the file plus a chunk, never the registry
//! twice: at 5.7 million crimes (a national archive), 91 MB, not 182 MB.

/// Crimes per chunk: 65,536 of 16 bytes.
const CHUNK: usize = 1 << 16;

/// Anything with a Crime ID key.
pub(super) trait Keyed {
    fn key(&self) -> u64;
}

#[derive(Debug)]
pub(super) struct SortedCrimes<T> {
    /// Each non-empty and sorted by key; every key in one chunk is below
    /// every key in the next.
    chunks: Vec<Vec<T>>,
}

impl<T> Default for SortedCrimes<T> {
    fn default() -> Self {
        SortedCrimes { chunks: Vec::new() }
    }
}

impl<T: Keyed> SortedCrimes<T> {
    pub fn len(&self) -> usize {
        self.chunks.iter().map(Vec::len).sum()
    }

    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.chunks.iter().flatten()
    }

    pub fn find(&self, key: u64) -> Option<&T> {
        let after = self.chunks.partition_point(|c| c[0].key() <= key);
        let chunk = self.chunks.get(after.checked_sub(1)?)?;
        let at = chunk.binary_search_by_key(&key, Keyed::key).ok()?;
        chunk.get(at)
    }

    pub fn retain(&mut self, mut keep: impl FnMut(&T) -> bool) {
        for chunk in &mut self.chunks {
            chunk.retain(&mut keep);
        }
        self.chunks.retain(|c| !c.is_empty());
    }

    /// Merges in `added`, sorted by key, with no key already held.
    pub fn merge(&mut self, added: Vec<T>) {
        let mut added = added.into_iter().peekable();
        let mut out: Vec<Vec<T>> = Vec::new();
        let mut current: Vec<T> = Vec::new();
        let push = |out: &mut Vec<Vec<T>>, current: &mut Vec<T>, item: T| {
            if current.capacity() == 0 {
                current.reserve_exact(CHUNK);
            }
            current.push(item);
            if current.len() == CHUNK {
                out.push(std::mem::take(current));
            }
        };
        for chunk in std::mem::take(&mut self.chunks) {
            // `chunk` is freed at the end of this turn, before the next is merged.
            for item in chunk {
                while let Some(new) = added.next_if(|n| n.key() < item.key()) {
                    push(&mut out, &mut current, new);
                }
                push(&mut out, &mut current, item);
            }
        }
        for new in added {
            push(&mut out, &mut current, new);
        }
        if !current.is_empty() {
            current.shrink_to_fit();
            out.push(current);
        }
        self.chunks = out;
    }

    /// Looks keys up in ascending order, each from where the last left off.
    pub fn cursor(&self) -> Cursor<'_, T> {
        Cursor {
            crimes: self,
            chunk: 0,
            at: 0,
        }
    }
}

pub(super) struct Cursor<'a, T> {
    crimes: &'a SortedCrimes<T>,
    chunk: usize,
    at: usize,
}

impl<'a, T: Keyed> Cursor<'a, T> {
    /// The crime with `key`, if held; `key` must not be below the last asked.
    pub fn seek(&mut self, key: u64) -> Option<&'a T> {
        let chunks = &self.crimes.chunks;
        while let Some(chunk) = chunks.get(self.chunk) {
            match chunk.last() {
                Some(last) if last.key() < key => {
                    self.chunk += 1;
                    self.at = 0;
                }
                _ => break,
            }
        }
        let chunk = chunks.get(self.chunk)?;
        while chunk.get(self.at).is_some_and(|c| c.key() < key) {
            self.at += 1;
        }
        chunk.get(self.at).filter(|c| c.key() == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    impl Keyed for (u64, u32) {
        fn key(&self) -> u64 {
            self.0
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        /// Merged piece by piece, the chunks hold what one sorted list of the
        /// same keys holds, and find and a cursor find each key and no other.
        #[test]
        fn merging_in_pieces_gives_one_sorted_list(
            keys in proptest::collection::btree_set(0u64..1_000_000, 0..200_000),
            pieces in 1usize..6,
        ) {
            let keys: Vec<u64> = keys.into_iter().collect();
            let mut held = SortedCrimes::default();
            for piece in 0..pieces {
                let mut part: Vec<(u64, u32)> = keys
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| i % pieces == piece)
                    .map(|(i, &k)| (k, i as u32))
                    .collect();
                part.sort_unstable();
                held.merge(part);
            }
            let all: Vec<u64> = held.iter().map(|c| c.0).collect();
            prop_assert_eq!(&all, &keys);
            prop_assert_eq!(held.len(), keys.len());
            let mut cursor = held.cursor();
            for probe in (0..1_000_000u64).step_by(997) {
                let expected = keys.binary_search(&probe).is_ok();
                prop_assert_eq!(held.find(probe).is_some(), expected);
                prop_assert_eq!(cursor.seek(probe).map(|c| c.0), expected.then_some(probe));
            }
            held.retain(|c| c.0 % 2 == 0);
            let even: Vec<u64> = keys.iter().copied().filter(|k| k % 2 == 0).collect();
            prop_assert_eq!(held.iter().map(|c| c.0).collect::<Vec<_>>(), even);
            if let Some(&odd) = keys.iter().find(|k| *k % 2 == 1) {
                prop_assert!(held.find(odd).is_none());
            }
        }
    }
}
