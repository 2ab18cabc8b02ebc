//! The quick pricing program: a few legs per step and a few labels per lodging, the rest merged
//! into relaxed labels so that its bounds hold.

use super::*;

#[derive(Clone, Copy)]
struct Label {
    end: usize,
    gained: f64,
    value: f64,
    load: f64,
    visited: u128,
    /// A merged or floor-priced label: a valid bound but no trip behind it.
    relaxed: bool,
    parent: usize,
    leg: usize,
}

/// `a` makes `b` useless: no worse in value, altitude gained, load and villages visited. A relaxed
/// label never drops a real one, whose trip the columns need.
fn dominates(a: &Label, b: &Label) -> bool {
    (!a.relaxed || b.relaxed)
        && a.value <= b.value + 1e-9
        && a.gained <= b.gained + 1e-6
        && a.load <= b.load + 1e-9
        && a.visited & !b.visited == 0
}

/// Keeps the labels of one end, pushing them on `arena`: real labels first (they carry trips), then
/// by value, each unless one kept before it makes it useless. Past `limit` kept, all but the first
/// `limit - 1` are merged into one that is no worse than any of them (least value and gain, only the
/// villages all of them visited), returned, so bounds stay valid. (A label dominated by another that
/// is merged changes nothing in the merge, so only the kept ones need comparing.)
///
/// Only the order of the labels up to the merge matters (the merge is a minimum), so only the
/// first few are sorted unless dominance throws many of them out: the same labels as a full sort,
/// at a fraction of its work when an end has hundreds of candidates.
fn keep_labels(
    cands: &mut Vec<Label>,
    scratch: &mut Vec<(usize, Label)>,
    limit: usize,
    arena: &mut Vec<Label>,
) -> Option<Label> {
    // The order of a stable sort on (relaxed, value): ties keep their place.
    let order = |a: &(usize, Label), b: &(usize, Label)| {
        (a.1.relaxed, a.1.value)
            .partial_cmp(&(b.1.relaxed, b.1.value))
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.0.cmp(&b.0))
    };
    scratch.clear();
    scratch.extend(cands.drain(..).enumerate());
    let cands = scratch;
    let first = arena.len();
    let mut merged: Option<Label> = None;
    let mut sorted = 0;
    let mut chunk = 4 * limit + 8;
    let mut i = 0;
    while i < cands.len() {
        if i == sorted {
            if merged.is_some() {
                // The rest only feeds the merge: any order gives the same label.
                sorted = cands.len();
            } else {
                let rest = &mut cands[i..];
                if rest.len() > chunk {
                    rest.select_nth_unstable_by(chunk, order);
                    rest[..chunk].sort_unstable_by(order);
                    sorted = i + chunk;
                    chunk *= 2;
                } else {
                    rest.sort_unstable_by(order);
                    sorted = cands.len();
                }
            }
        }
        let c = cands[i].1;
        i += 1;
        if arena[first..].iter().any(|o| dominates(o, &c)) {
            continue;
        }
        if merged.is_none() && arena.len() - first < limit {
            arena.push(c);
            continue;
        }
        if merged.is_none() {
            // One too many: the last kept one starts the merged label.
            let last = arena.pop().expect("labels kept before");
            merged = Some(Label {
                relaxed: true,
                ..last
            });
        }
        let m = merged.get_or_insert(Label { relaxed: true, ..c });
        m.value = m.value.min(c.value);
        m.gained = m.gained.min(c.gained);
        m.load = m.load.min(c.load);
        m.visited &= c.visited;
    }
    merged
}

/// The best trips of one team from one start day, for each length L (`out[L-1]`).
///
/// Labels branch on the best `effort.legs` legs of a pair that repeat no village and fit the load;
/// the others enter as one relaxed label priced at the next such leg, with nothing visited or
/// loaded, which none of them beats. So every feasible trip is dominated by some label.
pub fn best_trips(search: &TripSearch, effort: Effort) -> Vec<Best> {
    let TripSearch {
        rules,
        ends,
        prices,
        tables,
        masks,
        loads,
        start,
        max_days,
    } = *search;
    let n = ends.len();
    let mut out = vec![
        Best {
            bound: f64::INFINITY,
            trip: None,
            more: Vec::new(),
        };
        max_days
    ];
    // Labels that cannot end below 0 are dropped (see `finish_table`).
    let finish = finish_table(prices, tables, start, max_days, n);
    let mut arena: Vec<Label> = vec![Label {
        end: 0,
        gained: 0.0,
        value: 0.0,
        load: 0.0,
        visited: 0,
        relaxed: false,
        parent: usize::MAX,
        leg: usize::MAX,
    }];
    let mut current: Vec<usize> = vec![0];
    // Buffers reused across days and labels: this loop is the pricing's hottest.
    let mut next: Vec<Vec<Label>> = vec![Vec::new(); n];
    let mut options: Vec<(f64, usize, bool)> = Vec::with_capacity(effort.legs + 1);
    let mut scratch: Vec<(usize, Label)> = Vec::new();
    for (k, table) in tables.iter().enumerate().take(max_days) {
        let d = start + k;
        if !prices.available[d] {
            break;
        }
        for &li in &current {
            let lab = arena[li];
            for b in 0..n {
                let pair = lab.end * n + b;
                let Some(gained) =
                    ascend(rules, ends.altitude[lab.end], ends.altitude[b], lab.gained)
                else {
                    continue;
                };
                let night = if b == 0 {
                    prices.home
                } else {
                    prices.night[d][b]
                };
                if b != 0 && (!night.is_finite() || k + 1 >= max_days) {
                    continue;
                }
                let base_value = lab.value + prices.day[d] + night;
                // The best legs that repeat no village and fit the load, and the one after them
                // as a floor for all the rest. Legs are sorted by value, so the scan ends where
                // the rest could not end the trip below 0, and at the first leg home (the trip
                // and bound of a length come from the least value).
                options.clear();
                let then = if b == 0 {
                    f64::NEG_INFINITY
                } else {
                    finish[k + 1][b]
                };
                for &Priced {
                    value: v,
                    leg: i,
                    mask,
                    load,
                } in &table.best[pair]
                {
                    if base_value + v + then >= 0.0 {
                        break;
                    }
                    if mask & lab.visited != 0 || lab.load + load > prices.max_load_kg + 1e-9 {
                        continue;
                    }
                    if options.len() == effort.legs {
                        options.push((v, usize::MAX, true));
                        break;
                    }
                    options.push((v, i, lab.relaxed));
                    if b == 0 {
                        break;
                    }
                }
                for &(leg_value, leg, relaxed) in &options {
                    let (visited, load) = if leg == usize::MAX {
                        (lab.visited, lab.load)
                    } else {
                        (lab.visited | masks[leg], lab.load + loads[leg])
                    };
                    let value = base_value + leg_value;
                    if b == 0 {
                        let o = &mut out[k];
                        o.bound = o.bound.min(value);
                        if !relaxed && o.trip.as_ref().is_none_or(|(v, _)| value < *v - 1e-9) {
                            let path = legs_back(leg, li, |p| (arena[p].parent, arena[p].leg));
                            o.trip = Some((value, path));
                        }
                        continue;
                    }
                    if value + finish[k + 1][b] >= 0.0 {
                        continue;
                    }
                    next[b].push(Label {
                        end: b,
                        gained,
                        value,
                        load,
                        visited,
                        relaxed,
                        parent: li,
                        leg,
                    });
                }
            }
        }
        // At each end, the labels worth going on with (see `keep_labels`).
        current.clear();
        for cands in &mut next {
            let first = arena.len();
            let merged = keep_labels(cands, &mut scratch, effort.labels, &mut arena);
            arena.extend(merged);
            current.extend(first..arena.len());
        }
        if current.is_empty() {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `keep_labels` replaced: a full stable sort, then the same keep-or-merge pass.
    fn keep_labels_by_full_sort(
        mut cands: Vec<Label>,
        limit: usize,
    ) -> (Vec<Label>, Option<Label>) {
        cands.sort_by(|a, b| {
            (a.relaxed, a.value)
                .partial_cmp(&(b.relaxed, b.value))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        let mut kept: Vec<Label> = Vec::new();
        let mut merged: Option<Label> = None;
        for c in cands {
            if kept.iter().any(|o| dominates(o, &c)) {
                continue;
            }
            if merged.is_none() && kept.len() < limit {
                kept.push(c);
                continue;
            }
            if merged.is_none() {
                let last = kept.pop().expect("labels kept before");
                merged = Some(Label {
                    relaxed: true,
                    ..last
                });
            }
            let m = merged.get_or_insert(Label { relaxed: true, ..c });
            m.value = m.value.min(c.value);
            m.gained = m.gained.min(c.gained);
            m.load = m.load.min(c.load);
            m.visited &= c.visited;
        }
        (kept, merged)
    }

    fn same_label(a: &Label, b: &Label) -> bool {
        (a.end, a.parent, a.leg, a.relaxed, a.visited)
            == (b.end, b.parent, b.leg, b.relaxed, b.visited)
            && a.value.to_bits() == b.value.to_bits()
            && a.gained.to_bits() == b.gained.to_bits()
            && a.load.to_bits() == b.load.to_bits()
    }

    proptest::proptest! {
        /// Sorting only the labels it needs keeps and merges exactly what a full sort does, ties
        /// (equal values, common in priced labels) included.
        #[test]
        fn keeping_labels_by_a_partial_sort_matches_a_full_sort(
            raw in proptest::collection::vec(
                (0u8..6, 0u8..4, 0u8..4, 0u16..64, proptest::bool::weighted(0.2)),
                0..300,
            ),
            limit in 1usize..10,
        ) {
            let mut cands: Vec<Label> = raw
                .iter()
                .enumerate()
                .map(|(i, &(value, gained, load, visited, relaxed))| Label {
                    end: 1,
                    gained: gained as f64 * 100.0,
                    value: -(value as f64),
                    load: load as f64,
                    visited: visited as u128,
                    relaxed,
                    parent: i,
                    leg: i,
                })
                .collect();
            let (want_kept, want_merged) = keep_labels_by_full_sort(cands.clone(), limit);
            let mut arena = vec![Label { parent: usize::MAX, ..cands.first().copied().unwrap_or(Label {
                end: 0, gained: 0.0, value: 0.0, load: 0.0, visited: 0, relaxed: false, parent: 0, leg: 0,
            }) }];
            let merged = keep_labels(&mut cands, &mut Vec::new(), limit, &mut arena);
            proptest::prop_assert_eq!(arena.len() - 1, want_kept.len());
            for (got, want) in arena[1..].iter().zip(&want_kept) {
                proptest::prop_assert!(same_label(got, want));
            }
            proptest::prop_assert_eq!(merged.is_some(), want_merged.is_some());
            if let (Some(got), Some(want)) = (merged, want_merged) {
                proptest::prop_assert!(same_label(&got, &want));
            }
        }
    }
}
