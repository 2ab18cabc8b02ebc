//! The exact pricing program (up to the ng-relaxation): every leg that could lead below 0, labels
//! merged only past a cap.

use super::*;

/// Subset-row cuts of the master, as the exact pricing sees them: a trip enters cut k's row once
/// for every two visits it makes to the villages of `sets[k]` (service indices as bits), and each
/// entry costs `price[k]` (the row's multiplier, negated: at least 0).
pub struct Cuts<'a> {
    pub sets: &'a [u128],
    pub price: &'a [f64],
}

#[derive(Clone, Copy)]
struct NgLabel {
    gained: f64,
    value: f64,
    load: f64,
    /// Villages the trip may not visit again: those visited and near where it sleeps.
    memory: u128,
    /// Subset-row cuts (by their place among the active ones) the trip has visited an odd
    /// number of villages of: its next visit to one makes a pair and pays the cut's price.
    odd: u64,
    relaxed: bool,
    parent: usize,
    leg: usize,
}

/// Like [`best_trips`], but exact up to the ng-relaxation: a trip may not revisit a village while
/// it sleeps near it (`ng[end]`), every leg that could lead below 0 is tried, and labels are only
/// merged past `cap` per (day, end). Near convergence its bounds make Farley's bound tight; far
/// from it, labels multiply (on the bundled Ngamring campaign its runs give up even when column
/// generation has run out of trips), so past `budget` labels made or `deadline` it stops and
/// proves nothing.
///
/// With `cuts`, each pair of visits a trip makes to the villages of a cut's set costs the cut's
/// price (see `Cuts`), and a label remembers which sets it has visited an odd number of times.
pub fn exact_trips(
    search: &TripSearch,
    ng: &[u128],
    cuts: Option<&Cuts>,
    cap: usize,
    budget: usize,
    stop: &dyn Fn() -> bool,
) -> Vec<Best> {
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
    // The cuts with a price (at most 64, one bit of `odd` each), and the villages they hold.
    let active: Vec<(u128, f64)> = cuts.map_or(Vec::new(), |c| {
        c.sets
            .iter()
            .zip(c.price)
            .filter(|&(_, &p)| p > 1e-9)
            .map(|(&set, &p)| (set, p))
            .take(64)
            .collect()
    });
    let in_cuts = active.iter().fold(0u128, |m, &(set, _)| m | set);
    // What a leg of villages `mask` costs in pairs, and the odd sets after it.
    let pairs = |odd: u64, mask: u128| -> (f64, u64) {
        if mask & in_cuts == 0 {
            return (0.0, odd);
        }
        let (mut paid, mut after) = (0.0, odd);
        for (c, &(set, price)) in active.iter().enumerate() {
            let hits = (mask & set).count_ones() + ((odd >> c) & 1) as u32;
            paid += (hits / 2) as f64 * price;
            if hits % 2 == 1 {
                after |= 1 << c;
            } else {
                after &= !(1 << c);
            }
        }
        (paid, after)
    };
    // What the odd sets of one label and not another may still cost it.
    let odd_cost = |odd: u64| -> f64 {
        let (mut cost, mut bits) = (0.0, odd);
        while bits != 0 {
            cost += active[bits.trailing_zeros() as usize].1;
            bits &= bits - 1;
        }
        cost
    };
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
    let mut arena: Vec<NgLabel> = vec![NgLabel {
        gained: 0.0,
        value: 0.0,
        load: 0.0,
        memory: 0,
        odd: 0,
        relaxed: false,
        parent: usize::MAX,
        leg: usize::MAX,
    }];
    let mut current: Vec<Vec<usize>> = vec![Vec::new(); n];
    current[0].push(0);
    // Labels made, kept or not: the work limit.
    let mut made = 0usize;
    for (k, table) in tables.iter().enumerate().take(max_days) {
        let d = start + k;
        if !prices.available[d] {
            break;
        }
        if stop() {
            // Out of time: the trips found so far stand, but nothing is proven.
            for o in &mut out {
                o.bound = f64::NEG_INFINITY;
            }
            return out;
        }
        let mut next: Vec<Vec<NgLabel>> = vec![Vec::new(); n];
        for (a, bucket) in current.iter().enumerate() {
            for &li in bucket {
                let lab = arena[li];
                for b in 0..n {
                    let Some(gained) =
                        ascend(rules, ends.altitude[a], ends.altitude[b], lab.gained)
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
                    let then = if b == 0 { 0.0 } else { finish[k + 1][b] };
                    for &Priced {
                        value: v,
                        leg: i,
                        mask,
                        load,
                    } in &table.best[a * n + b]
                    {
                        let value = base_value + v;
                        // Legs are sorted: none after this one can lead below 0 either (pairs
                        // only add to a value).
                        if value + then >= 0.0 {
                            break;
                        }
                        if mask & lab.memory != 0 || lab.load + load > prices.max_load_kg + 1e-9 {
                            continue;
                        }
                        let (paid, odd) = pairs(lab.odd, mask);
                        let value = value + paid;
                        if paid > 0.0 && value + then >= 0.0 {
                            continue;
                        }
                        if b == 0 {
                            let o = &mut out[k];
                            o.bound = o.bound.min(value);
                            if !lab.relaxed
                                && o.trip.as_ref().is_none_or(|(w, _)| value < *w - 1e-9)
                            {
                                let path = legs_back(i, li, |p| (arena[p].parent, arena[p].leg));
                                o.trip = Some((value, path));
                            }
                            // The first leg home that fits and pays no pair is this label's
                            // best (those after it cost no less before their pairs).
                            if paid == 0.0 {
                                break;
                            }
                            continue;
                        }
                        made += 1;
                        if made > budget {
                            // Out of labels: the trips found so far stand, nothing is proven.
                            for o in &mut out {
                                o.bound = f64::NEG_INFINITY;
                            }
                            return out;
                        }
                        next[b].push(NgLabel {
                            gained,
                            value,
                            load: lab.load + loads[i],
                            memory: (lab.memory | masks[i]) & ng[b],
                            odd,
                            relaxed: lab.relaxed,
                            parent: li,
                            leg: i,
                        });
                    }
                }
            }
        }
        let mut kept: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (b, mut cands) in next.into_iter().enumerate() {
            // By value, real before relaxed: a label is only compared with those kept before it.
            cands.sort_by(|x, y| {
                x.value
                    .total_cmp(&y.value)
                    .then((x.relaxed as u8).cmp(&(y.relaxed as u8)))
            });
            let mut keep: Vec<NgLabel> = Vec::new();
            let mut merged: Option<NgLabel> = None;
            for c in cands {
                // (Kept labels cost no more; one with odd sets this one lacks may pay for them.)
                let dominated = keep.iter().any(|o| {
                    (!o.relaxed || c.relaxed)
                        && o.gained <= c.gained + 1e-6
                        && o.load <= c.load + 1e-9
                        && o.memory & !c.memory == 0
                        && (o.odd & !c.odd == 0 || o.value + odd_cost(o.odd & !c.odd) <= c.value)
                });
                if dominated {
                    continue;
                }
                if keep.len() + 1 >= cap {
                    // Past the cap the rest merge into one label no worse than any of them.
                    let m = merged.get_or_insert(NgLabel { relaxed: true, ..c });
                    m.value = m.value.min(c.value);
                    m.gained = m.gained.min(c.gained);
                    m.load = m.load.min(c.load);
                    m.memory &= c.memory;
                    m.odd &= c.odd;
                    continue;
                }
                keep.push(c);
            }
            keep.extend(merged);
            for l in keep {
                arena.push(l);
                kept[b].push(arena.len() - 1);
            }
        }
        current = kept;
        if current.iter().all(|v| v.is_empty()) {
            break;
        }
    }
    out
}
