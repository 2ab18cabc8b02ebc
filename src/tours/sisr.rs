//! Ruin and recreate with slack-induced string removals (SISR, Christiaens & Vanden Berghe, 2020):
//! the route engine for capacitated, time-windowed, multi-depot and periodic problems.
//!
//! Each iteration removes a few strings of customers that lie close together (from different
//! routes), reinserts every removed customer at its cheapest feasible place (skipping a place now
//! and then, the "blinks", so that insertions vary), reverses stretches of the changed routes
//! where that shortens them (`polish`, without time windows), and keeps the result by simulated
//! annealing.
//! A periodic customer is removed and reinserted with all its visits: reinsertion picks the allowed
//! day pattern whose days are cheapest to insert into. The routes of every improving solution are
//! kept in a pool, for a set-partitioning integer program afterwards.
//!
//! With time windows, a late arrival is priced rather than refused (`timewarp`, with a weight that
//! `penalty` adapts), so the search may cross solutions that break windows; only solutions that
//! meet every window become the best. Halfway through, `fleet` cuts the number of routes, and the
//! search goes on from the smaller fleet.

mod fleet;
mod penalty;
mod polish;
mod route;
mod ruin;
mod schedule;

pub use route::{Route, Solution};

use penalty::Feasibility;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::HashMap;
use std::time::Instant;

/// A routing problem in the engine's own terms. Nodes `0..depots` are depots.
#[derive(Clone, Debug)]
pub struct Problem {
    pub depots: usize,
    /// Row-major `n × n`: distance, and travel time.
    pub dist: Vec<f64>,
    pub demand: Vec<f64>,
    pub service: Vec<f64>,
    pub ready: Vec<f64>,
    pub due: Vec<f64>,
    pub capacity: f64,
    /// Longest route, travel plus service.
    pub max_duration: Option<f64>,
    pub days: usize,
    /// Routes per day and depot.
    pub vehicles_per_day_depot: Option<usize>,
    /// Routes in all.
    pub vehicles_total: Option<usize>,
    /// Allowed day masks per node (customers); a single `1` for one-day problems.
    pub patterns: Vec<Vec<u32>>,
    /// The customers to route.
    pub customers: Vec<usize>,
}

impl Problem {
    fn n(&self) -> usize {
        self.demand.len()
    }
    #[inline]
    fn d(&self, i: usize, j: usize) -> f64 {
        self.dist[i * self.n() + j]
    }
    fn has_windows(&self) -> bool {
        (0..self.n()).any(|i| self.ready[i] > 0.0 || self.due[i].is_finite())
    }
}

#[derive(Clone, Debug)]
pub struct Settings {
    pub seconds: f64,
    pub seed: u64,
    /// Stop after this many iterations (for reproducible runs); the clock still applies.
    pub max_iterations: Option<u64>,
    /// Average number of customers removed per ruin.
    pub mean_removed: f64,
    pub max_string: f64,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            seconds: 10.0,
            seed: 1,
            max_iterations: None,
            mean_removed: 10.0,
            max_string: 10.0,
        }
    }
}

/// The result: the best solution, and the distinct routes of every improving solution, by
/// (depot, customers as visited), for the set-partitioning step.
pub struct Outcome {
    pub best: Solution,
    pub pool: Vec<Route>,
    pub iterations: u64,
}

struct Engine<'a> {
    p: &'a Problem,
    windows: bool,
    neighbours: Vec<Vec<usize>>,
    penalty: f64,
    /// Price of a unit of time warp, adapted as the search goes (see `Feasibility`).
    warp_weight: f64,
    /// Refuse any time warp (while building the first solution).
    strict: bool,
    /// Routes in all while the fleet is being cut (see `fleet`).
    fleet_cap: Option<usize>,
    rng: ChaCha8Rng,
    settings_mean_removed: f64,
    settings_max_string: f64,
    /// Reverse stretches of changed routes when that shortens them (no windows, symmetric travel).
    polish: bool,
    /// Places the recreate still looks at before it skips one (see `blinks`).
    until_blink: u64,
    /// An empty route at each depot, to price opening a route.
    empty: Vec<Route>,
    /// The routes each customer is on, rebuilt by every ruin in these reused buffers.
    routes_of: Vec<Vec<usize>>,
}

impl<'a> Engine<'a> {
    fn new(p: &'a Problem, settings: &Settings) -> Engine<'a> {
        let mut neighbours = vec![Vec::new(); p.n()];
        for &c in &p.customers {
            let mut v: Vec<usize> = p.customers.clone();
            v.sort_by(|&a, &b| p.d(c, a).total_cmp(&p.d(c, b)).then(a.cmp(&b)));
            v.truncate(150);
            neighbours[c] = v;
        }
        let longest = p.dist.iter().copied().fold(0.0, f64::max);
        let windows = p.has_windows();
        let empty = (0..p.depots)
            .map(|dep| {
                let mut r = Route::new(0, dep);
                r.refresh(p, windows);
                r
            })
            .collect();
        let mut e = Engine {
            p,
            windows,
            neighbours,
            penalty: 100.0 * (longest + 1.0) * 2.0,
            warp_weight: Feasibility::FIRST_WEIGHT,
            strict: true,
            fleet_cap: None,
            rng: ChaCha8Rng::seed_from_u64(settings.seed),
            settings_mean_removed: settings.mean_removed,
            settings_max_string: settings.max_string,
            until_blink: 0,
            polish: !windows && polish::symmetric(p),
            empty,
            routes_of: vec![Vec::new(); p.n()],
        };
        // Draws the first gap between skipped places.
        e.blinks(BLINK);
        e
    }
}

/// With time windows, the fleet is cut halfway, from the best solution so far, for a tenth of the
/// work; the distance search then starts anew from the smaller fleet (when one was found). Halfway
/// rather than first: the first half finds the solutions whose shortest form has more routes
/// (measured: cutting first lost 1–7 % on R205 and R211, where the best-known uses more routes
/// than the fewest), and the pool keeps them for the set-partitioning step.
const FLEET_AT: f64 = 0.5;
const FLEET_SHARE: f64 = 0.1;

/// The share of places the recreate skips (the paper's blink rate).
const BLINK: f64 = 0.01;

/// Time warp below this is float noise: the route meets its windows.
const WARP_TOLERANCE: f64 = 1e-7;

#[derive(Clone, Copy, Debug)]
enum Place {
    At(usize, usize),
    New(usize),
}

fn key(r: &Route) -> (usize, Vec<usize>) {
    (r.depot, r.nodes.clone())
}

/// Solves `p` for `settings.seconds` (or `max_iterations`), starting from `start` if given.
pub fn solve(p: &Problem, settings: &Settings, start: Option<Solution>) -> Outcome {
    let started = Instant::now();
    let windows = p.has_windows();
    let mut e = Engine::new(p, settings);
    let mut current = match start {
        Some(s) => s,
        None => {
            let mut s = Solution {
                routes: vec![],
                missing: vec![],
                cost: 0.0,
            };
            let all = p.customers.clone();
            e.recreate(&mut s, all);
            s
        }
    };
    let progress_at = |iterations: u64| {
        let by_time = started.elapsed().as_secs_f64() / settings.seconds.max(1e-3);
        let by_count = settings
            .max_iterations
            .map_or(0.0, |m| iterations as f64 / m.max(1) as f64);
        by_time.max(by_count)
    };
    current.cost = current.total(e.penalty, 0.0);
    let mut best = current.clone();
    let mut fleet_cut = !windows;
    let mut iterations = 0u64;
    e.strict = false;
    current.cost = current.total(e.penalty, e.warp_weight);
    let mut feasibility = Feasibility::default();
    let mut pool: HashMap<(usize, Vec<usize>), Route> = HashMap::new();
    for r in &best.routes {
        pool.insert(key(r), r.clone());
    }
    // Temperatures scale with the typical edge of the first solution.
    let edges = p.customers.len() + current.routes.len();
    let edge = (current.routes.iter().map(|r| r.cost).sum::<f64>() / edges.max(1) as f64).max(1e-6);
    let (t0, tf) = schedule::temperatures(p, windows);
    let (t0, tf) = (t0 * edge, tf * edge);
    let mut first = 0.0;
    let mut progress = 0.0;
    // The candidate of each iteration, in buffers reused from one to the next.
    let mut s = current.clone();
    loop {
        if iterations.is_multiple_of(64) {
            progress = progress_at(iterations);
            if progress >= 1.0 {
                break;
            }
            if !fleet_cut && progress >= FLEET_AT && best.missing.is_empty() {
                fleet_cut = true;
                let end = FLEET_AT + FLEET_SHARE;
                let cap = settings
                    .max_iterations
                    .map_or(u64::MAX, |m| (m as f64 * end) as u64)
                    .saturating_sub(iterations);
                let from = iterations;
                let (fewer, used) = fleet::fewer_routes(&mut e, best.clone(), cap, &mut |k| {
                    (from + k).is_multiple_of(64) && progress_at(from + k) >= end
                });
                iterations += used;
                if fewer.routes.len() < best.routes.len() {
                    current = fewer;
                    let plain = current.total(e.penalty, 0.0);
                    if plain < best.cost - 1e-9 {
                        best = current.clone();
                        best.cost = plain;
                        for r in &best.routes {
                            pool.entry(key(r)).or_insert_with(|| r.clone());
                        }
                    }
                    current.cost = current.total(e.penalty, e.warp_weight);
                    // The distance search begins anew from the smaller fleet.
                    first = progress_at(iterations).min(1.0);
                }
                continue;
            }
        }
        iterations += 1;
        // The temperature falls over the distance search's own share of the work.
        let cooled = (progress - first) / (1.0 - first).max(1e-9);
        let temperature = t0 * (tf / t0).powf(cooled);
        s.clone_from(&current);
        let removed = e.ruin(&mut s);
        e.recreate(&mut s, removed);
        let meets = s.meets_windows();
        if windows {
            if let Some(weight) = feasibility.record(meets, e.warp_weight) {
                e.warp_weight = weight;
                current.cost = current.total(e.penalty, weight);
                s.cost = s.total(e.penalty, weight);
            }
        }
        let threshold = current.cost - temperature * e.rng.gen::<f64>().ln();
        if s.cost < threshold {
            let plain = s.total(e.penalty, 0.0);
            if meets && plain < best.cost - 1e-9 {
                best = s.clone();
                best.cost = plain;
                for r in &best.routes {
                    pool.entry(key(r)).or_insert_with(|| r.clone());
                }
            }
            std::mem::swap(&mut current, &mut s);
        }
    }
    let mut pool: Vec<Route> = pool.into_values().collect();
    pool.sort_by(|a, b| (a.depot, &a.nodes).cmp(&(b.depot, &b.nodes)));
    Outcome {
        best,
        pool,
        iterations,
    }
}

/// A one-day problem over `dist` with the depot at node 0 and every other node a customer of
/// demand 1, no windows and no limit but `capacity`: what the module tests build on.
#[cfg(test)]
pub(crate) fn one_day(dist: Vec<f64>, capacity: f64) -> Problem {
    let m = (dist.len() as f64).sqrt().round() as usize;
    Problem {
        depots: 1,
        dist,
        demand: (0..m).map(|i| if i == 0 { 0.0 } else { 1.0 }).collect(),
        service: vec![0.0; m],
        ready: vec![0.0; m],
        due: vec![f64::INFINITY; m],
        capacity,
        max_duration: None,
        days: 1,
        vehicles_per_day_depot: None,
        vehicles_total: None,
        patterns: (0..m)
            .map(|i| if i == 0 { vec![] } else { vec![1] })
            .collect(),
        customers: (1..m).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A random instance with time windows: `n` customers on a 100 × 100 square.
    fn windowed(n: usize, seed: u64, width: f64) -> Problem {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let xy: Vec<(f64, f64)> = (0..=n)
            .map(|i| {
                if i == 0 {
                    (50.0, 50.0)
                } else {
                    (rng.gen_range(0.0..100.0), rng.gen_range(0.0..100.0))
                }
            })
            .collect();
        let m = n + 1;
        let mut dist = vec![0.0; m * m];
        for i in 0..m {
            for j in 0..m {
                dist[i * m + j] =
                    ((xy[i].0 - xy[j].0).hypot(xy[i].1 - xy[j].1) * 10.0).floor() / 10.0;
            }
        }
        let mut ready = vec![0.0];
        let mut due = vec![1000.0];
        for _ in 0..n {
            let a: f64 = rng.gen_range(100.0..800.0);
            ready.push(a);
            due.push(a + width);
        }
        Problem {
            depots: 1,
            dist,
            demand: (0..m).map(|i| if i == 0 { 0.0 } else { 1.0 }).collect(),
            service: (0..m).map(|i| if i == 0 { 0.0 } else { 10.0 }).collect(),
            ready,
            due,
            capacity: 15.0,
            max_duration: None,
            days: 1,
            vehicles_per_day_depot: None,
            vehicles_total: None,
            patterns: (0..m)
                .map(|i| if i == 0 { vec![] } else { vec![1] })
                .collect(),
            customers: (1..m).collect(),
        }
    }

    /// Time warp of a route recomputed from scratch, late arrival by late arrival.
    fn late_minutes(p: &Problem, r: &Route) -> f64 {
        let (mut t, mut prev, mut late) = (p.ready[r.depot], r.depot, 0.0);
        for &c in r.nodes.iter().chain(std::iter::once(&r.depot)) {
            t = (t + p.d(prev, c)).max(p.ready[c]);
            if t > p.due[c] {
                late += t - p.due[c];
                t = p.due[c];
            }
            t += p.service[c];
            prev = c;
        }
        late
    }

    #[test]
    fn the_best_meets_every_window_and_the_same_seed_gives_the_same_routes() {
        for (seed, width) in [(1, 60.0), (2, 300.0)] {
            let p = windowed(40, seed, width);
            let settings = Settings {
                seconds: 1e9,
                seed,
                max_iterations: Some(3_000),
                ..Settings::default()
            };
            let a = solve(&p, &settings, None);
            let b = solve(&p, &settings, None);
            assert!(a.best.missing.is_empty());
            for r in a.best.routes.iter().chain(&a.pool) {
                assert!(
                    late_minutes(&p, r) <= 1e-6,
                    "seed {seed}: a late route {:?}",
                    r.nodes
                );
            }
            let nodes = |o: &Outcome| {
                o.best
                    .routes
                    .iter()
                    .map(|r| r.nodes.clone())
                    .collect::<Vec<_>>()
            };
            assert_eq!(nodes(&a), nodes(&b));
            // The budget is looked at every 64 iterations.
            assert!((3_000..3_064).contains(&a.iterations), "{}", a.iterations);
        }
    }

    #[test]
    fn insertion_prices_the_warp_the_route_would_have() {
        let p = windowed(12, 3, 40.0);
        let mut r = Route::new(0, 0);
        r.nodes = vec![1, 2, 3, 4, 5];
        r.refresh(&p, true);
        assert!((r.warp - late_minutes(&p, &r)).abs() < 1e-9);
        for c in 6..=12 {
            for pos in 0..=r.nodes.len() {
                let (delta, warp) = r
                    .insertion(&p, c, pos, true, f64::INFINITY)
                    .expect("no duration limit");
                let mut with = r.clone();
                with.nodes.insert(pos, c);
                with.refresh(&p, true);
                assert!((delta - (with.cost - r.cost)).abs() < 1e-9);
                assert!((warp - (late_minutes(&p, &with) - r.warp)).abs() < 1e-9);
            }
        }
    }
}
