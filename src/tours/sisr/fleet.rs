//! Fewer routes first, for problems with time windows: with wide windows the shortest solutions
//! often use the fewest vehicles, and ruin and recreate under the distance objective rarely empties
//! a whole route of twenty or thirty customers. This phase (the fleet minimisation of Christiaens &
//! Vanden Berghe 2020) takes one route out, caps the fleet below the current count, and ruins and
//! recreates until every customer is back in, preferring solutions whose missing customers have
//! been missing least often (so the hard ones get placed first), then tries one route fewer again.

use super::{Engine, Solution};

/// Fewer routes than `start` (a solution that serves everyone), within `iterations` or until
/// `stop(iterations used)` says so; returns the solution with the fewest routes found and the
/// iterations used.
pub(super) fn fewer_routes(
    e: &mut Engine,
    start: Solution,
    iterations: u64,
    stop: &mut dyn FnMut(u64) -> bool,
) -> (Solution, u64) {
    let p = e.p;
    let least = {
        let demand: f64 = p.customers.iter().map(|&c| p.demand[c]).sum();
        ((demand / p.capacity - 1e-9).ceil() as usize).max(1)
    };
    let mut best = start;
    let mut absences = vec![0u64; p.n()];
    let absent =
        |s: &Solution, absences: &[u64]| -> u64 { s.missing.iter().map(|&c| absences[c]).sum() };
    let mut used = 0u64;
    let strict = e.strict;
    e.strict = true;
    'fewer: while best.routes.len() > least && best.missing.is_empty() {
        let mut current = best.clone();
        let smallest = (0..current.routes.len())
            .min_by_key(|&i| (current.routes[i].nodes.len(), i))
            .expect("a solution with routes");
        let route = current.routes.remove(smallest);
        current.missing.extend(route.nodes);
        e.fleet_cap = Some(best.routes.len() - 1);
        while used < iterations && !stop(used) {
            used += 1;
            let mut s = current.clone();
            let removed = e.ruin(&mut s);
            e.recreate(&mut s, removed);
            for &c in &s.missing {
                absences[c] += 1;
            }
            if s.missing.is_empty() {
                best = s;
                continue 'fewer;
            }
            if s.missing.len() < current.missing.len()
                || absent(&s, &absences) < absent(&current, &absences)
            {
                current = s;
            }
        }
        break;
    }
    e.fleet_cap = None;
    e.strict = strict;
    (best, used)
}

#[cfg(test)]
mod tests {
    use super::super::{Engine, Problem, Route, Settings, Solution};

    /// Six customers on a line with windows wide enough for one route to serve them all.
    fn line() -> Problem {
        let n = 7;
        let x: Vec<f64> = (0..n).map(|i| i as f64).collect();
        let mut dist = vec![0.0; n * n];
        for i in 0..n {
            for j in 0..n {
                dist[i * n + j] = (x[i] - x[j]).abs();
            }
        }
        Problem {
            depots: 1,
            dist,
            demand: vec![1.0; n],
            service: vec![1.0; n],
            ready: vec![0.0; n],
            due: vec![100.0; n],
            capacity: 10.0,
            max_duration: None,
            days: 1,
            vehicles_per_day_depot: None,
            vehicles_total: None,
            patterns: (0..n)
                .map(|i| if i == 0 { vec![] } else { vec![1] })
                .collect(),
            customers: (1..n).collect(),
        }
    }

    #[test]
    fn one_route_a_customer_becomes_one_route_for_all() {
        let p = line();
        let mut e = Engine::new(&p, &Settings::default());
        let routes = p
            .customers
            .iter()
            .map(|&c| {
                let mut r = Route::new(0, 0);
                r.nodes.push(c);
                r.refresh(&p, true);
                r
            })
            .collect();
        let start = Solution {
            routes,
            missing: vec![],
            cost: 0.0,
        };
        let (fewer, used) = super::fewer_routes(&mut e, start, 10_000, &mut |_| false);
        assert_eq!(fewer.routes.len(), 1, "capacity 10 holds all six");
        assert!(fewer.missing.is_empty() && fewer.meets_windows());
        assert!(used < 10_000);
        let mut served: Vec<usize> = fewer.routes[0].nodes.clone();
        served.sort();
        assert_eq!(served, p.customers);
    }

    #[test]
    fn the_fleet_is_not_cut_below_what_capacity_needs() {
        let mut p = line();
        p.capacity = 3.0;
        let mut e = Engine::new(&p, &Settings::default());
        let start = {
            let mut s = Solution {
                routes: vec![],
                missing: vec![],
                cost: 0.0,
            };
            e.recreate(&mut s, p.customers.clone());
            s
        };
        let (fewer, _) = super::fewer_routes(&mut e, start, 10_000, &mut |_| false);
        assert_eq!(fewer.routes.len(), 2);
        assert!(fewer.missing.is_empty());
    }
}
