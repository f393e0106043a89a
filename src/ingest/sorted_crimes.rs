//! The registry's crimes, sorted by Crime ID key. They are held as a few
//! sorted runs of decreasing size, each in chunks of about a megabyte.
//!
//! Why runs: merging every newly loaded file into one sorted list copies the
//! whole registry once per file. For a national archive (396 files, 5.7
//! million crimes) that was 44% of the native run and 9.5 of the browser's
//! 22.6 s. Here a file's crimes become a run of their own, and runs are
//! merged only with one at most twice their size, so each crime is copied
//! about log2(registry / file) times in all, not once per file. A lookup
//! asks each run, at most about log2(registry / file) + 1 of them.
//!
//! Why chunks: two runs are merged chunk by chunk, each chunk freed as soon
//! as it has been merged, so merging takes the two runs plus a chunk, never
//! them twice: at 5.7 million crimes, 91 MB, not 182 MB.

/// Crimes per chunk: 65,536 of 16 bytes.
const CHUNK: usize = 1 << 16;

/// Anything with a Crime ID key.
pub(super) trait Keyed {
    fn key(&self) -> u64;
}

/// One sorted run: each chunk non-empty and sorted by key, every key in one
/// chunk below every key in the next.
#[derive(Debug)]
struct Run<T> {
    chunks: Vec<Vec<T>>,
    len: usize,
}

impl<T: Keyed> Run<T> {
    fn find(&self, key: u64) -> Option<&T> {
        let after = self.chunks.partition_point(|c| c[0].key() <= key);
        let chunk = self.chunks.get(after.checked_sub(1)?)?;
        let at = chunk.binary_search_by_key(&key, Keyed::key).ok()?;
        chunk.get(at)
    }

    /// `older` and `newer` as one run, each input chunk freed once merged.
    fn merged(older: Run<T>, newer: Run<T>) -> Run<T> {
        let mut a = older.chunks.into_iter().flatten().peekable();
        let mut b = newer.chunks.into_iter().flatten().peekable();
        let mut out = Writer::default();
        loop {
            let from_a = match (a.peek(), b.peek()) {
                (Some(x), Some(y)) => x.key() < y.key(),
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => break,
            };
            if let Some(item) = if from_a { a.next() } else { b.next() } {
                out.push(item);
            }
        }
        out.finish()
    }
}

/// Builds a run a chunk at a time.
struct Writer<T> {
    chunks: Vec<Vec<T>>,
    current: Vec<T>,
    len: usize,
}

impl<T> Default for Writer<T> {
    fn default() -> Self {
        Writer {
            chunks: Vec::new(),
            current: Vec::new(),
            len: 0,
        }
    }
}

impl<T> Writer<T> {
    fn push(&mut self, item: T) {
        if self.current.capacity() == 0 {
            self.current.reserve_exact(CHUNK);
        }
        self.current.push(item);
        self.len += 1;
        if self.current.len() == CHUNK {
            self.chunks.push(std::mem::take(&mut self.current));
        }
    }

    fn finish(mut self) -> Run<T> {
        if !self.current.is_empty() {
            self.current.shrink_to_fit();
            self.chunks.push(self.current);
        }
        Run {
            chunks: self.chunks,
            len: self.len,
        }
    }
}

#[derive(Debug)]
pub(super) struct SortedCrimes<T> {
    /// Oldest (largest) first; each more than twice the size of the next,
    /// except after `retain`. No key is in two runs.
    runs: Vec<Run<T>>,
}

impl<T> Default for SortedCrimes<T> {
    fn default() -> Self {
        SortedCrimes { runs: Vec::new() }
    }
}

impl<T: Keyed> SortedCrimes<T> {
    pub fn len(&self) -> usize {
        self.runs.iter().map(|r| r.len).sum()
    }

    /// Every crime held, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.runs.iter().flat_map(|r| r.chunks.iter().flatten())
    }

    pub fn find(&self, key: u64) -> Option<&T> {
        self.runs.iter().find_map(|r| r.find(key))
    }

    pub fn retain(&mut self, mut keep: impl FnMut(&T) -> bool) {
        for run in &mut self.runs {
            for chunk in &mut run.chunks {
                chunk.retain(&mut keep);
            }
            run.chunks.retain(|c| !c.is_empty());
            run.len = run.chunks.iter().map(Vec::len).sum();
        }
        self.runs.retain(|r| r.len > 0);
    }

    /// Takes in `added`, sorted by key, with no key already held.
    pub fn merge(&mut self, added: Vec<T>) {
        if added.is_empty() {
            return;
        }
        let len = added.len();
        // A large file's list stays one chunk: it is split when first merged.
        self.runs.push(Run {
            chunks: vec![added],
            len,
        });
        while let [.., older, newer] = &self.runs[..] {
            if older.len > 2 * newer.len {
                break;
            }
            let (Some(newer), Some(older)) = (self.runs.pop(), self.runs.pop()) else {
                break;
            };
            self.runs.push(Run::merged(older, newer));
        }
    }

    /// Looks crimes up in rising key order.
    pub fn cursor(&self) -> Cursor<'_, T> {
        Cursor {
            runs: self
                .runs
                .iter()
                .map(|run| RunCursor {
                    run,
                    chunk: 0,
                    at: 0,
                })
                .collect(),
        }
    }
}

pub(super) struct Cursor<'a, T> {
    runs: Vec<RunCursor<'a, T>>,
}

struct RunCursor<'a, T> {
    run: &'a Run<T>,
    chunk: usize,
    at: usize,
}

impl<'a, T: Keyed> Cursor<'a, T> {
    /// The crime with `key`, if held; `key` must not be below the last asked.
    pub fn seek(&mut self, key: u64) -> Option<&'a T> {
        self.runs.iter_mut().find_map(|r| r.seek(key))
    }
}

impl<'a, T: Keyed> RunCursor<'a, T> {
    fn seek(&mut self, key: u64) -> Option<&'a T> {
        let chunks = &self.run.chunks;
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
        // A file's keys are spread over the whole registry. Stepping through
        // every crime between one key and the next reads the whole registry
        // per file; a binary search over the rest of the chunk misses the
        // cache at every step. Galloping from the last key found reads only
        // near it: the next key is usually close.
        let rest = chunk.get(self.at..)?;
        let mut bound = 1;
        while bound < rest.len() && rest[bound].key() < key {
            bound *= 2;
        }
        let (from, to) = (bound / 2, bound.min(rest.len()));
        self.at += from + rest[from..to].partition_point(|c| c.key() < key);
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
        /// Taken in piece by piece (a file at a time), the runs hold the
        /// keys of one sorted list, each once; find and a cursor find each
        /// key and no other, before and after `retain`, and after more
        /// pieces come in on top of what `retain` left.
        #[test]
        fn merging_in_pieces_keeps_every_key_once(
            keys in proptest::collection::btree_set(0u64..1_000_000, 0..200_000),
            pieces in 1usize..40,
        ) {
            let keys: Vec<u64> = keys.into_iter().collect();
            let mut held = SortedCrimes::default();
            let piece_of = |i: usize| (i * 7919) % pieces;
            let part = |piece: usize| {
                let mut part: Vec<(u64, u32)> = keys
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| piece_of(*i) == piece)
                    .map(|(i, &k)| (k, i as u32))
                    .collect();
                part.sort_unstable();
                part
            };
            // The last piece comes in after `retain`.
            for piece in 0..pieces.saturating_sub(1) {
                held.merge(part(piece));
                check_runs(&held);
            }
            let before: Vec<u64> = keys.iter().copied().enumerate()
                .filter(|(i, _)| piece_of(*i) != pieces - 1).map(|(_, k)| k).collect();
            check_holds(&held, &before)?;
            held.retain(|c| c.0 % 2 == 0);
            let mut expected: Vec<u64> = before.iter().copied().filter(|k| k % 2 == 0).collect();
            check_holds(&held, &expected)?;
            held.merge(part(pieces - 1));
            expected.extend(keys.iter().copied().enumerate()
                .filter(|(i, _)| piece_of(*i) == pieces - 1).map(|(_, k)| k));
            expected.sort_unstable();
            check_holds(&held, &expected)?;
        }
    }

    /// Runs shrink at least by half from the oldest to the newest, and each
    /// is sorted: what keeps copying and lookups to a logarithm.
    fn check_runs(held: &SortedCrimes<(u64, u32)>) {
        for pair in held.runs.windows(2) {
            assert!(
                pair[0].len > 2 * pair[1].len,
                "runs of {} then {}",
                pair[0].len,
                pair[1].len
            );
        }
        for run in &held.runs {
            let keys: Vec<u64> = run.chunks.iter().flatten().map(|c| c.0).collect();
            assert!(keys.windows(2).all(|w| w[0] < w[1]), "a run out of order");
            assert_eq!(keys.len(), run.len);
        }
    }

    fn check_holds(held: &SortedCrimes<(u64, u32)>, keys: &[u64]) -> Result<(), TestCaseError> {
        let mut all: Vec<u64> = held.iter().map(|c| c.0).collect();
        all.sort_unstable();
        prop_assert_eq!(&all, keys);
        prop_assert_eq!(held.len(), keys.len());
        let mut cursor = held.cursor();
        for probe in (0..1_000_000u64).step_by(997).chain([999_999]) {
            let expected = keys.binary_search(&probe).is_ok();
            prop_assert_eq!(held.find(probe).is_some(), expected);
            prop_assert_eq!(cursor.seek(probe).map(|c| c.0), expected.then_some(probe));
        }
        // Every held key, asked in order, as the registry asks.
        let mut cursor = held.cursor();
        for &k in keys {
            prop_assert_eq!(cursor.seek(k).map(|c| c.0), Some(k));
        }
        Ok(())
    }
}
