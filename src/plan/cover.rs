//! Covers of a window's villages by the base's tours, each village on at least one tour: the
//! least number of tours any plan runs (the tour-count cut), the cheapest cover as a head start
//! and a start, and its LP as a bound of the window. They drop days, vehicles and crews, so they
//! hold for every plan when the pool is enumerated.

use crate::model::Component;
use crate::tours::{self, Tour};

/// The services `c` owes a visit in its window.
pub(super) fn owed(c: &Component) -> Vec<bool> {
    let mut owed = vec![false; c.services.len()];
    for d in c.demands.iter().filter(|d| d.required > 0) {
        owed[d.service] = true;
    }
    owed
}

/// What a window's cover bound depends on: per service, the visits owed and their penalties.
pub(super) fn demanded(c: &Component) -> Vec<(usize, u32, u64)> {
    let mut key: Vec<(usize, u32, u64)> = c
        .demands
        .iter()
        .filter(|d| d.required > 0)
        .map(|d| (d.service, d.required, d.penalty.to_bits()))
        .collect();
    key.sort_unstable();
    key
}

/// A lower bound on the tours of every plan that visits each service marked `owed`: the LP of
/// the set cover over `pool`, rounded up. With `pool` holding every feasible tour, a plan that
/// misses `m` visits runs at least this many tours less `m` (one one-stop tour per missed service
/// would complete it), which the tour-count cut states. It lifts the LP where villages do not
/// split into whole tours: on Zibo, 24 villages that 5 tours cover only fractionally need 6, and
/// the cover's LP (under 0.2 s) says so where the integer cover's search took seconds.
pub(super) fn least_tours(owed: &[bool], pool: &[Tour]) -> usize {
    if !owed.iter().any(|&o| o) {
        return 0;
    }
    // Only maximal sets matter to a cover. An enumerated pool holds every subset of a feasible
    // set, so a set is maximal when no one service more gives a set of the pool.
    let n = owed.len();
    let mask = |t: &Tour| t.stops.iter().fold(0u64, |m, &x| m | 1 << x);
    let small = n <= 64;
    let sets: std::collections::HashSet<u64> = if small {
        pool.iter().map(mask).collect()
    } else {
        Default::default()
    };
    let maximal = |t: &Tour| {
        let m = mask(t);
        !small || (0..n).all(|x| m & 1 << x != 0 || !sets.contains(&(m | 1 << x)))
    };
    let mut problem = highs::ColProblem::default();
    let rows: Vec<Option<highs::Row>> = owed
        .iter()
        .map(|&o| o.then(|| problem.add_row(1.0..)))
        .collect();
    for t in pool.iter().filter(|t| maximal(t)) {
        let factors = entries(t, &rows);
        if !factors.is_empty() {
            problem.add_column(1.0, 0.0..=1.0, factors);
        }
    }
    let model = minimise(problem);
    match model.try_solve() {
        Ok(solved) if matches!(solved.status(), highs::HighsModelStatus::Optimal) => {
            (solved.objective_value() - 1e-6).ceil().max(0.0) as usize
        }
        _ => 0,
    }
}

/// A lower bound on the cost of a window's plan when `pool` holds every feasible tour: the LP of
/// covering each service as often as its demands ask, by tours run any number of times, or paying
/// the penalty of a missed visit. It drops days, vehicles, crews and spacing, so every plan of the
/// window (its tour-days counted per tour) is one of its solutions. Where the villages split well
/// into tours this is within a fraction of a percent of column generation's bound, at the price of
/// one small LP: column generation may then stop as soon as its LP meets it.
pub(super) fn cover_bound(c: &Component, pool: &[Tour]) -> Option<f64> {
    let mut problem = highs::ColProblem::default();
    let mut owed = vec![0.0; c.services.len()];
    for d in &c.demands {
        owed[d.service] += d.required as f64;
    }
    if owed.iter().all(|&r| r == 0.0) {
        return Some(0.0);
    }
    let rows: Vec<Option<highs::Row>> = owed
        .iter()
        .map(|&r| (r > 0.0).then(|| problem.add_row(r..)))
        .collect();
    for d in c.demands.iter().filter(|d| d.required > 0) {
        let row = rows[d.service].expect("a service with demand has a row");
        problem.add_column(d.penalty, 0.0..=d.required as f64, [(row, 1.0)]);
    }
    for t in pool {
        let factors = entries(t, &rows);
        if !factors.is_empty() {
            problem.add_column(t.cost, 0.0.., factors);
        }
    }
    let model = minimise(problem);
    let solved = model.try_solve().ok()?;
    matches!(solved.status(), highs::HighsModelStatus::Optimal)
        .then(|| solved.objective_value().max(0.0))
}

/// The cheapest covers of a window's villages by the pool: the LP's tours and a whole one.
#[derive(Clone, Debug, Default)]
pub(super) struct Cover {
    /// Tours the LP of the cover uses.
    pub fractional: Vec<usize>,
    /// A whole cover, each village on one tour; empty when none was found.
    pub whole: Vec<usize>,
}

/// Tours of the cheapest cover of the services marked `owed` by `pool` (each owed service on at
/// least one tour, at the tours' costs), whole: the first window's head start, as the tours the
/// window before liked are the later ones', and a start of every window. A base's days are much
/// alike, so the tours that cover it cheaply once are mostly those its days' plan runs.
///
/// The LP over the whole pool first; then the whole cover over the tours its duals price lowest
/// (at most `COVER_COLUMNS`, within a node limit), which a set cover of a few dozen villages
/// solves in milliseconds where the whole pool could take HiGHS minutes. Empty when nothing is
/// owed or no cover is found.
pub(super) fn cheapest_cover(owed: &[bool], pool: &[Tour]) -> Cover {
    const COVER_COLUMNS: usize = 150;
    if !owed.iter().any(|&o| o) {
        return Cover::default();
    }
    let solve = |tours: &[usize], whole: bool| -> Option<(Vec<f64>, Vec<f64>)> {
        let mut problem = highs::ColProblem::default();
        let rows: Vec<Option<highs::Row>> = owed
            .iter()
            .map(|&o| o.then(|| problem.add_row(1.0..)))
            .collect();
        for &i in tours {
            let factors = entries(&pool[i], &rows);
            if whole {
                problem.add_integer_column(pool[i].cost, 0.0..=1.0, factors);
            } else {
                problem.add_column(pool[i].cost, 0.0..=1.0, factors);
            }
        }
        let mut model = minimise(problem);
        model.set_option("mip_max_nodes", 200);
        model.set_option("mip_rel_gap", 0.01);
        let solved = model.try_solve().ok()?;
        // A whole cover cut by its node limit may still be one: checked below.
        if !whole && !matches!(solved.status(), highs::HighsModelStatus::Optimal) {
            return None;
        }
        let sol = solved.get_solution();
        Some((sol.columns().to_vec(), sol.dual_rows().to_vec()))
    };
    let useful: Vec<usize> = (0..pool.len())
        .filter(|&i| pool[i].stops.iter().any(|&x| owed[x]))
        .collect();
    let Some((x, duals)) = solve(&useful, false) else {
        return Cover::default();
    };
    let fractional: Vec<usize> = useful
        .iter()
        .zip(&x)
        .filter(|(_, &v)| v > 1e-6)
        .map(|(&i, _)| i)
        .collect();
    // Duals by service (rows exist for owed services only, in order).
    let mut dual_of = vec![0.0; owed.len()];
    let mut r = 0;
    for (s, &o) in owed.iter().enumerate() {
        if o {
            dual_of[s] = duals.get(r).copied().unwrap_or(0.0);
            r += 1;
        }
    }
    let rc = |i: usize| {
        pool[i].cost
            - pool[i]
                .stops
                .iter()
                .filter(|&&s| owed[s])
                .map(|&s| dual_of[s])
                .sum::<f64>()
    };
    let mut ranked: Vec<(f64, usize)> = useful
        .iter()
        .zip(&x)
        .map(|(&i, &v)| (if v > 1e-6 { f64::NEG_INFINITY } else { rc(i) }, i))
        .collect();
    ranked.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut candidates: Vec<usize> = ranked.iter().take(COVER_COLUMNS).map(|&(_, i)| i).collect();
    candidates.sort_unstable();
    let Some((y, _)) = solve(&candidates, true) else {
        return Cover {
            fractional,
            whole: Vec::new(),
        };
    };
    if y.len() != candidates.len() {
        return Cover {
            fractional,
            whole: Vec::new(),
        };
    }
    let chosen: Vec<usize> = candidates
        .iter()
        .zip(&y)
        .filter(|(_, &v)| v > 0.5)
        .map(|(&i, _)| i)
        .collect();
    let covered = |x: usize| chosen.iter().any(|&t| pool[t].stops.contains(&x));
    if !(0..owed.len()).all(|x| !owed[x] || covered(x)) {
        return Cover {
            fractional,
            whole: Vec::new(),
        };
    }
    // Tours that share a village: the later one gives it up, for the pool's tour over the rest
    // (an enumerated pool holds every part of a feasible tour), so the start visits it once.
    let mut by_stops: std::collections::HashMap<Vec<usize>, usize> = Default::default();
    for (i, t) in pool.iter().enumerate() {
        by_stops.entry(tours::stop_set(&t.stops)).or_insert(i);
    }
    let mut seen = vec![false; owed.len()];
    let mut disjoint = Vec::new();
    for t in chosen {
        let rest: Vec<usize> = pool[t]
            .stops
            .iter()
            .copied()
            .filter(|&x| !seen[x])
            .collect();
        if rest.is_empty() {
            continue;
        }
        let t = if rest.len() == pool[t].stops.len() {
            t
        } else {
            by_stops.get(&tours::stop_set(&rest)).copied().unwrap_or(t)
        };
        for &x in &pool[t].stops {
            seen[x] = true;
        }
        disjoint.push(t);
    }
    Cover {
        fractional,
        whole: disjoint,
    }
}

/// A tour's entries in the cover rows: one per stop that has a row.
fn entries(t: &Tour, rows: &[Option<highs::Row>]) -> Vec<(highs::Row, f64)> {
    t.stops
        .iter()
        .filter_map(|&x| rows[x].map(|r| (r, 1.0)))
        .collect()
}

/// A cover problem as HiGHS minimises it here: quietly, on one thread, with a fixed seed (the same
/// answer on every machine).
fn minimise(problem: highs::ColProblem) -> highs::Model {
    let mut model = problem.optimise(highs::Sense::Minimise);
    model.make_quiet();
    model.set_option("threads", 1);
    model.set_option("random_seed", 0);
    model
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tour(stops: &[usize]) -> Tour {
        Tour::of_stops(stops)
    }

    /// Five villages, three stops a tour, but villages 3 and 4 fit no tour with another: the
    /// rounding `⌈5 / 3⌉ = 2` is weak, the cover says 3.
    #[test]
    fn the_cover_counts_villages_no_tour_can_join() {
        let pool: Vec<Tour> = [
            &[0][..],
            &[1],
            &[2],
            &[0, 1],
            &[0, 2],
            &[1, 2],
            &[0, 1, 2],
            &[3],
            &[4],
        ]
        .iter()
        .map(|s| tour(s))
        .collect();
        assert_eq!(least_tours(&[true; 5], &pool), 3);
        assert_eq!(least_tours(&[true, true, true, false, false], &pool), 1);
        assert_eq!(least_tours(&[false; 5], &pool), 0);
    }

    fn costed(stops: &[usize], cost: f64) -> Tour {
        Tour {
            cost,
            ..Tour::of_stops(stops)
        }
    }

    /// Three services on ten days; `owed[s]` visits of service s are due, each missed one at
    /// `penalty`.
    fn window(owed: &[u32], penalty: f64) -> Component {
        use crate::model::{Demand, Service};
        let demands = owed
            .iter()
            .enumerate()
            .map(|(x, &required)| Demand {
                service: x,
                period: crate::calendar::Period {
                    label: "p".into(),
                    first_day: 0,
                    last_day: 9,
                    share: 1.0,
                },
                required,
                penalty,
            })
            .collect();
        let services = owed
            .iter()
            .map(|_| Service::open_on(vec![true; 10]))
            .collect();
        Component::for_tests(services, demands, (0..10).collect())
    }

    /// Villages 0 and 1 share a tour; village 2 is owed twice: the cheapest plan runs {0, 1} once
    /// and {2} twice (3 + 2 + 2), unless missing village 2's visits is cheaper.
    #[test]
    fn the_cover_bound_counts_each_visit_owed() {
        let pool = vec![
            costed(&[0, 1], 3.0),
            costed(&[0], 2.0),
            costed(&[1], 2.0),
            costed(&[2], 2.0),
        ];
        let bound = cover_bound(&window(&[1, 1, 2], 100.0), &pool).unwrap();
        assert!((bound - 7.0).abs() < 1e-6, "{bound}");
        let bound = cover_bound(&window(&[1, 1, 2], 1.5), &pool).unwrap();
        assert!(
            (bound - 6.0).abs() < 1e-6,
            "{bound}: 3 for {{0, 1}}, two visits missed at 1.5"
        );
        assert_eq!(cover_bound(&window(&[0, 0, 0], 100.0), &pool), Some(0.0));
    }

    /// The whole cover visits each owed village once: where the cheapest cover overlaps, a tour
    /// gives up the shared village for the pool's tour over the rest.
    #[test]
    fn the_whole_cover_visits_each_village_once() {
        let mut pool = Vec::new();
        for a in 0..5 {
            pool.push(costed(&[a], 2.0));
            for b in a + 1..5 {
                pool.push(costed(&[a, b], 2.5));
                for c in b + 1..5 {
                    pool.push(costed(&[a, b, c], 3.0));
                }
            }
        }
        let owed = [true, true, true, true, false];
        let cover = cheapest_cover(&owed, &pool);
        let mut visits = [0; 5];
        for &t in &cover.whole {
            for &x in &pool[t].stops {
                visits[x] += 1;
            }
        }
        assert_eq!(&visits[..4], &[1, 1, 1, 1], "{:?}", cover.whole);
        let cost: f64 = cover.whole.iter().map(|&t| pool[t].cost).sum();
        assert!(
            (cost - 5.0).abs() < 1e-6,
            "two pairs (or a triple and a single): {cost}"
        );
        assert!(!cover.fractional.is_empty());
        assert!(cheapest_cover(&[false; 5], &pool).whole.is_empty());
    }

    /// A fractional cover is rounded up: three villages, any two share a tour, none all three.
    #[test]
    fn a_fractional_cover_is_rounded_up() {
        let pool: Vec<Tour> = [&[0][..], &[1], &[2], &[0, 1], &[1, 2], &[0, 2]]
            .iter()
            .map(|s| tour(s))
            .collect();
        assert_eq!(least_tours(&[true; 3], &pool), 2);
    }
}
