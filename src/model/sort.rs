//! Sorting for everything off the ingest's hot paths, through one compiled
//! sort. Each `slice::sort_by` on a new element type or comparison compiles
//! Rust's sort afresh (3-10 KB of WebAssembly each time): 110 KB of the page's
//! module went on copies of it, and the page is what every councillor opening
//! a link downloads. Here the sort itself is compiled once, over positions,
//! and each caller adds only a small loop that puts its items in that order.
//!
//! The ingest's own sorts of a million crimes (`ingest::registry`,
//! `ingest::sorted_crimes`) stay on the standard library's, where an indirect
//! call per comparison would cost time.

use std::cmp::Ordering;

/// Sorts `items` by `compare`, stably: as `slice::sort_by` does.
pub fn sort_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let order = sorted_positions(items.len(), &mut |a, b| compare(&items[a], &items[b]));
    gather(items, order);
}

/// Sorts `items` by the key `key` gives, stably: as `slice::sort_by_key` does.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` in their own order, stably: as `slice::sort` does.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// The positions `0..n` in the order `compare` gives them, ties in position
/// order. Not generic, so compiled once.
#[inline(never)]
fn sorted_positions(n: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

/// Moves `items[order[i]]` to `i` for every `i`, in place, by following each
/// cycle of the permutation with swaps. `order` is used up as the marks of
/// the positions already placed.
fn gather<T>(items: &mut [T], mut order: Vec<usize>) {
    const PLACED: usize = usize::MAX;
    for start in 0..items.len() {
        let mut at = start;
        while order[at] != PLACED {
            let from = order[at];
            order[at] = PLACED;
            if from == start {
                break;
            }
            // `at` receives what belongs there; what it held moves on to
            // `from`, which is placed next.
            items.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The same order as the standard library's stable sort, ties
        /// included: the pairs' second halves tell equal keys apart.
        #[test]
        fn sorts_as_the_standard_library_does(keys in proptest::collection::vec(0u8..8, 0..200)) {
            let items: Vec<(u8, usize)> = keys.into_iter().enumerate().map(|(i, k)| (k, i)).collect();
            let mut expected = items.clone();
            expected.sort_by_key(|p| p.0);
            let mut got = items.clone();
            sort_by_key(&mut got, |p| p.0);
            prop_assert_eq!(&got, &expected);
            let mut expected = items.clone();
            expected.sort_by(|a, b| (a.0 % 3).cmp(&(b.0 % 3)).then(b.0.cmp(&a.0)));
            let mut got = items;
            sort_by(&mut got, |a, b| (a.0 % 3).cmp(&(b.0 % 3)).then(b.0.cmp(&a.0)));
            prop_assert_eq!(got, expected);
        }
    }

    #[test]
    fn sorts_owned_values_without_losing_any() {
        let mut names: Vec<String> = [
            "Sheffield",
            "Barnsley",
            "Rotherham",
            "Doncaster",
            "Barnsley",
        ]
        .into_iter()
        .map(String::from)
        .collect();
        sort(&mut names);
        assert_eq!(
            names,
            [
                "Barnsley",
                "Barnsley",
                "Doncaster",
                "Rotherham",
                "Sheffield"
            ]
        );
        let mut figures = vec![2.5, f64::NAN, -1.0, 0.0];
        sort_by(&mut figures, f64::total_cmp);
        assert_eq!(&figures[..3], &[-1.0, 0.0, 2.5]);
        assert!(figures[3].is_nan());
    }
}
