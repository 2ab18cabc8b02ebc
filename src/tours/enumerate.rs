//! Every feasible tour of a base, by dynamic programming over subsets of services (Held–Karp, level
//! by level). Feasibility is monotone because travel times are closed under shortest paths: if a set
//! of stops does not fit a day, no superset does; so infeasible sets are pruned without losing tours.

use super::{make_tour, Limits, Tour};
use crate::model::Component;
use crate::scenario::Scenario;
use crate::travel::Travel;
use std::collections::HashMap;

/// Open-path costs of a subset, per last stop (in bit order): (min drive minutes, min km).
type Paths = Vec<(f64, f64)>;

/// All feasible tours (one per set of stops, in its shortest feasible order), or `None` when the
/// base has more than 64 services or more than `cap` feasible sets.
pub fn enumerate(
    s: &Scenario,
    c: &Component,
    travel: &Travel,
    limits: &Limits,
    cap: usize,
) -> Option<Vec<Tour>> {
    let n = c.services.len();
    if n > 64 {
        return None;
    }
    let t = |a: usize, b: usize| travel.minutes(a, b);
    let k = |a: usize, b: usize| travel.km(a, b);
    let base = c.base_location;
    let loc: Vec<usize> = c.services.iter().map(|x| x.location).collect();
    let service: Vec<f64> = c.services.iter().map(|x| x.service_minutes).collect();
    let site: Vec<usize> = c.services.iter().map(|x| x.site).collect();
    let fits = |drive: f64, work: f64| {
        drive <= limits.max_drive_minutes + 1e-6 && work <= limits.working_minutes + 1e-6
    };

    let mut levels: Vec<HashMap<u64, (f64, Paths)>> = Vec::new();
    let mut first = HashMap::new();
    for i in 0..n {
        let drive = t(base, loc[i]) + t(loc[i], base);
        if fits(drive, drive + service[i]) {
            first.insert(
                1u64 << i,
                (service[i], vec![(t(base, loc[i]), k(base, loc[i]))]),
            );
        }
    }
    levels.push(first);
    let mut count = levels[0].len();
    loop {
        let prev = levels.last().expect("one level at least");
        let mut next: HashMap<u64, (f64, Paths)> = HashMap::new();
        let mut keys: Vec<u64> = prev.keys().copied().collect();
        keys.sort_unstable();
        for mask in keys {
            let (svc, _) = prev[&mask];
            let top = 63 - mask.leading_zeros() as usize;
            for j in top + 1..n {
                if members(mask).any(|i| site[i] == site[j]) {
                    continue;
                }
                let full = mask | (1u64 << j);
                let service_total = svc + service[j];
                let mut paths = Vec::new();
                let mut ok = true;
                for last in members(full) {
                    let rest = full & !(1u64 << last);
                    let Some((_, rp)) = prev.get(&rest) else {
                        ok = false;
                        break;
                    };
                    let (mut best_t, mut best_k) = (f64::INFINITY, f64::INFINITY);
                    for (idx, i) in members(rest).enumerate() {
                        best_t = best_t.min(rp[idx].0 + t(loc[i], loc[last]));
                        best_k = best_k.min(rp[idx].1 + k(loc[i], loc[last]));
                    }
                    paths.push((best_t, best_k));
                }
                if !ok {
                    continue;
                }
                let closed = members(full)
                    .zip(&paths)
                    .map(|(i, p)| p.0 + t(loc[i], base))
                    .fold(f64::INFINITY, f64::min);
                if fits(closed, closed + service_total) {
                    next.insert(full, (service_total, paths));
                }
            }
        }
        if next.is_empty() {
            break;
        }
        count += next.len();
        if count > cap {
            return None;
        }
        levels.push(next);
    }

    // Order each set: the shortest (km) order if it fits, else the quickest one.
    let mut tours = Vec::with_capacity(count);
    for (li, level) in levels.iter().enumerate() {
        let mut keys: Vec<u64> = level.keys().copied().collect();
        keys.sort_unstable();
        for mask in keys {
            let by_km = backtrack(&levels, li, mask, |p| p.1, k, &loc, base);
            let tour = make_tour(s, c, travel, limits, by_km).or_else(|| {
                let by_time = backtrack(&levels, li, mask, |p| p.0, t, &loc, base);
                make_tour(s, c, travel, limits, by_time)
            });
            tours.extend(tour);
        }
    }
    Some(tours)
}

fn members(mask: u64) -> impl Iterator<Item = usize> {
    (0..64).filter(move |i| mask & (1u64 << i) != 0)
}

/// Rebuilds the best order of a set from the DP tables, on one of the two measures.
fn backtrack(
    levels: &[HashMap<u64, (f64, Paths)>],
    level: usize,
    mask: u64,
    value: impl Fn(&(f64, f64)) -> f64,
    dist: impl Fn(usize, usize) -> f64,
    loc: &[usize],
    base: usize,
) -> Vec<usize> {
    let mut order = Vec::new();
    let mut mask = mask;
    let mut next_loc = base;
    for li in (0..=level).rev() {
        let (_, paths) = &levels[li][&mask];
        let (best, _) = members(mask)
            .zip(paths)
            .map(|(i, p)| (i, value(p) + dist(loc[i], next_loc)))
            .fold((usize::MAX, f64::INFINITY), |acc, x| {
                if x.1 < acc.1 - 1e-12 {
                    x
                } else {
                    acc
                }
            });
        order.push(best);
        next_loc = loc[best];
        mask &= !(1u64 << best);
    }
    order.reverse();
    order
}
