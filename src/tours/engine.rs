//! Day tours for bases too large to enumerate, from the crate's ruin-and-recreate engine (`sisr`,
//! the one `bench` runs on the public instances): a base's villages as one day's routing problem
//! (every service once, each route at most a working day of driving and service), solved within a
//! count of iterations. Its routes join the base's pool, and its best solution is a whole cover of
//! the base's services: the head start and a greedy start of the base's windows.

use super::sisr::{self, Problem, Settings};
use super::{make_tour, Limits, Tour};
use crate::model::Component;
use crate::scenario::Scenario;
use crate::travel::Travel;

/// The most services the engine routes at once: its matrix is dense (3,000 services: 72 MB).
pub const ENGINE_UP_TO: usize = 3_000;

/// Tours from the engine: every distinct feasible route it kept, and the routes of its best
/// solution (as stop lists, each a tour of `tours`).
pub struct Engined {
    pub tours: Vec<Tour>,
    pub best: Vec<Vec<usize>>,
}

/// Routes `c`'s services for `iterations` steps of the engine (the clock, `seconds`, only caps).
pub fn engine_tours(
    s: &Scenario,
    c: &Component,
    travel: &Travel,
    limits: &Limits,
    iterations: u64,
    seed: u64,
    seconds: f64,
) -> Engined {
    let n = c.services.len();
    if n == 0 || n > ENGINE_UP_TO || iterations == 0 {
        return Engined {
            tours: Vec::new(),
            best: Vec::new(),
        };
    }
    // Node 0 is the base, node 1 + x service x. Travel in minutes: the working day bounds a route.
    let place = |i: usize| {
        if i == 0 {
            c.base_location
        } else {
            c.services[i - 1].location
        }
    };
    let size = n + 1;
    let mut dist = vec![0.0; size * size];
    for i in 0..size {
        for j in 0..size {
            if i != j {
                dist[i * size + j] = travel.minutes(place(i), place(j));
            }
        }
    }
    let node = |f: &dyn Fn(usize) -> f64| -> Vec<f64> {
        (0..size)
            .map(|i| if i == 0 { 0.0 } else { f(i - 1) })
            .collect()
    };
    let problem = Problem {
        depots: 1,
        dist,
        demand: node(&|x| c.services[x].load_kg),
        service: node(&|x| c.services[x].service_minutes),
        ready: vec![0.0; size],
        due: vec![f64::INFINITY; size],
        capacity: limits.max_load_kg,
        max_duration: Some(limits.working_minutes),
        days: 1,
        vehicles_per_day_depot: None,
        vehicles_total: None,
        patterns: (0..size)
            .map(|i| if i == 0 { vec![] } else { vec![1] })
            .collect(),
        customers: (1..size).collect(),
    };
    let settings = Settings {
        seconds: seconds.max(0.0),
        seed,
        max_iterations: Some(iterations),
        ..Settings::default()
    };
    let outcome = sisr::solve(&problem, &settings, None);
    let stops = |nodes: &[usize]| nodes.iter().map(|&i| i - 1).collect::<Vec<usize>>();
    let mut tours = Vec::new();
    let mut best = Vec::new();
    for route in &outcome.best.routes {
        for part in feasible_parts(s, c, travel, limits, stops(&route.nodes)) {
            best.push(part.stops.clone());
            tours.push(part);
        }
    }
    // Services the engine could not place still get their one-stop tour.
    for &i in &outcome.best.missing {
        if let Some(t) = make_tour(s, c, travel, limits, vec![i - 1]) {
            best.push(t.stops.clone());
            tours.push(t);
        }
    }
    for route in &outcome.pool {
        tours.extend(feasible_parts(s, c, travel, limits, stops(&route.nodes)));
    }
    Engined {
        tours: super::heuristic::dedup(tours),
        best,
    }
}

/// The route as a tour, or, where a limit the engine does not know (the driving limit, seats for
/// the stops' specialists) breaks it, its two halves, recursively.
fn feasible_parts(
    s: &Scenario,
    c: &Component,
    travel: &Travel,
    limits: &Limits,
    stops: Vec<usize>,
) -> Vec<Tour> {
    if stops.is_empty() {
        return Vec::new();
    }
    if let Some(t) = make_tour(s, c, travel, limits, stops.clone()) {
        return vec![t];
    }
    if stops.len() == 1 {
        return Vec::new();
    }
    let (a, b) = stops.split_at(stops.len() / 2);
    let mut parts = feasible_parts(s, c, travel, limits, a.to_vec());
    parts.extend(feasible_parts(s, c, travel, limits, b.to_vec()));
    parts
}
