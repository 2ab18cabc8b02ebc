//! Day tours for bases too large to enumerate, from the crate's ruin-and-recreate engine (`sisr`,
//! the one `bench` runs on the public instances): a base's villages as one day's routing problem
//! (every service once, each route at most a working day of driving and service), solved within a
//! count of iterations. Its routes join the base's pool, and its best solution is a whole cover of
//! the base's services: the head start and a greedy start of the base's windows. A larger base is
//! routed in sectors around it.

use super::sisr::{self, Problem, Settings};
use super::{make_tour, Limits, Tour};
use crate::model::Component;
use crate::scenario::Scenario;
use crate::travel::Travel;

/// The most services the engine routes at once: its matrix is dense (3,000 services: 72 MB).
/// Larger bases are routed in areas, and their windows plan without an LP.
pub const ENGINE_UP_TO: usize = 3_000;

/// Tours from the engine: every distinct feasible route it kept, and the routes of its best
/// solution (as stop lists, each a tour of `tours`).
pub struct Engined {
    pub tours: Vec<Tour>,
    pub best: Vec<Vec<usize>>,
}

/// Routes `c`'s services for `iterations` steps of the engine (the clock, `seconds`, only caps).
/// A base of more than `ENGINE_UP_TO` services is routed in areas of `AREA` services, sectors
/// around the base, each for `iterations` steps.
pub fn engine_tours(
    s: &Scenario,
    c: &Component,
    travel: &Travel,
    limits: &Limits,
    iterations: u64,
    seed: u64,
    seconds: f64,
) -> Engined {
    let started = std::time::Instant::now();
    let mut out = Engined {
        tours: Vec::new(),
        best: Vec::new(),
    };
    if iterations == 0 {
        return out;
    }
    for area in areas(c, travel) {
        let left = seconds - started.elapsed().as_secs_f64();
        if left <= 0.0 {
            break;
        }
        let part = route_area(s, c, travel, limits, &area, iterations, seed, left);
        out.tours.extend(part.tours);
        out.best.extend(part.best);
    }
    out.tours = super::heuristic::dedup(out.tours);
    out
}

/// Services per area of a base too large to route at once.
const AREA: usize = 1_000;

/// The base's services in one area, or, past `ENGINE_UP_TO`, in sectors of at most `AREA`
/// services by their bearing from the base (villages of one sector share roads out of town).
fn areas(c: &Component, travel: &Travel) -> Vec<Vec<usize>> {
    let n = c.services.len();
    if n <= ENGINE_UP_TO {
        return vec![(0..n).collect()];
    }
    let (bx, by) = travel.point(c.base_location);
    let bearing = |x: usize| {
        let (px, py) = travel.point(c.services[x].location);
        (py - by).atan2(px - bx)
    };
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| bearing(a).total_cmp(&bearing(b)).then(a.cmp(&b)));
    let count = n.div_ceil(AREA);
    let size = n.div_ceil(count);
    order.chunks(size).map(<[usize]>::to_vec).collect()
}

/// Routes the services of one area.
#[allow(clippy::too_many_arguments)]
fn route_area(
    s: &Scenario,
    c: &Component,
    travel: &Travel,
    limits: &Limits,
    area: &[usize],
    iterations: u64,
    seed: u64,
    seconds: f64,
) -> Engined {
    let n = area.len();
    if n == 0 {
        return Engined {
            tours: Vec::new(),
            best: Vec::new(),
        };
    }
    // Node 0 is the base, node 1 + k service area[k]. Travel in minutes: the working day bounds a
    // route.
    let place = |i: usize| {
        if i == 0 {
            c.base_location
        } else {
            c.services[area[i - 1]].location
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
            .map(|i| if i == 0 { 0.0 } else { f(area[i - 1]) })
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
    let stops = |nodes: &[usize]| nodes.iter().map(|&i| area[i - 1]).collect::<Vec<usize>>();
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
        if let Some(t) = make_tour(s, c, travel, limits, vec![area[i - 1]]) {
            best.push(t.stops.clone());
            tours.push(t);
        }
    }
    for route in &outcome.pool {
        tours.extend(feasible_parts(s, c, travel, limits, stops(&route.nodes)));
    }
    Engined { tours, best }
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
