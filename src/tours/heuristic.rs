//! Tours by construction and local search, for bases too large to enumerate: cheapest insertion from
//! every seed (with seeded noise for variety), prize-collecting insertion for pricing with LP duals, and
//! 2-opt / or-opt on the visiting order.

use super::{make_tour, route_length, Limits, Tour};
use crate::model::Component;
use crate::scenario::Scenario;
use crate::travel::Travel;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// Grows tours from every service by cheapest feasible insertion; every tour met on the way is kept.
pub fn construct(
    s: &Scenario,
    c: &Component,
    travel: &Travel,
    limits: &Limits,
    rng: &mut ChaCha8Rng,
    rounds: usize,
) -> Vec<Tour> {
    let n = c.services.len();
    let mut out = Vec::new();
    for seed in 0..n {
        for round in 0..rounds {
            let noise = if round == 0 { 0.0 } else { 0.3 };
            let prizes: Vec<f64> = (0..n).map(|_| 1.0 + noise * rng.gen::<f64>()).collect();
            out.extend(grow(
                s,
                c,
                travel,
                limits,
                vec![seed],
                |svc, added_km| added_km / prizes[svc],
                f64::INFINITY,
            ));
        }
    }
    dedup(out)
}

/// A prize-collecting tour for pricing: insert the service with the best prize minus added cost while
/// that gain is positive. `prize[svc]` is the dual value of serving it on the day priced.
pub fn price(
    s: &Scenario,
    c: &Component,
    travel: &Travel,
    limits: &Limits,
    prize: &[f64],
) -> Vec<Tour> {
    let mut seeds: Vec<usize> = (0..c.services.len()).filter(|&i| prize[i] > 0.0).collect();
    seeds.sort_by(|&a, &b| prize[b].total_cmp(&prize[a]).then(a.cmp(&b)));
    seeds.truncate(8);
    let mut out = Vec::new();
    for seed in seeds {
        let tours = grow(
            s,
            c,
            travel,
            limits,
            vec![seed],
            |svc, added_km| added_km * c.cost_per_km - prize[svc],
            0.0,
        );
        out.extend(tours);
    }
    dedup(out)
}

/// Repeatedly inserts the service with the lowest score (below `threshold`) at its cheapest feasible
/// position; returns the tour after each insertion.
fn grow(
    s: &Scenario,
    c: &Component,
    travel: &Travel,
    limits: &Limits,
    start: Vec<usize>,
    score: impl Fn(usize, f64) -> f64,
    threshold: f64,
) -> Vec<Tour> {
    let Some(mut tour) = make_tour(s, c, travel, limits, start) else {
        return vec![];
    };
    let mut out = vec![tour.clone()];
    loop {
        let mut best: Option<(f64, Tour)> = None;
        for svc in 0..c.services.len() {
            if tour
                .stops
                .iter()
                .any(|&x| c.services[x].site == c.services[svc].site)
            {
                continue;
            }
            for pos in 0..=tour.stops.len() {
                let mut stops = tour.stops.clone();
                stops.insert(pos, svc);
                let (km, _) = route_length(c, travel, &stops);
                let sc = score(svc, km - tour.km);
                if sc >= threshold || best.as_ref().is_some_and(|(b, _)| sc >= *b) {
                    continue;
                }
                if let Some(t) = make_tour(s, c, travel, limits, stops) {
                    best = Some((sc, t));
                }
            }
        }
        match best {
            Some((_, t)) => {
                tour = improve_order(s, c, travel, limits, t);
                out.push(tour.clone());
            }
            None => return out,
        }
    }
}

/// 2-opt and or-opt moves on the visiting order while they shorten the tour and keep it feasible.
pub fn improve_order(
    s: &Scenario,
    c: &Component,
    travel: &Travel,
    limits: &Limits,
    mut tour: Tour,
) -> Tour {
    let n = tour.stops.len();
    let mut improved = true;
    while improved {
        improved = false;
        for i in 0..n {
            for j in i + 1..n {
                let mut two_opt = tour.stops.clone();
                two_opt[i..=j].reverse();
                let mut or_opt = tour.stops.clone();
                let x = or_opt.remove(i);
                or_opt.insert(j, x);
                for stops in [two_opt, or_opt] {
                    let (km, _) = route_length(c, travel, &stops);
                    if km < tour.km - 1e-9 {
                        if let Some(t) = make_tour(s, c, travel, limits, stops) {
                            tour = t;
                            improved = true;
                        }
                    }
                }
            }
        }
    }
    tour
}

/// Keeps one tour per set of stops: the cheapest.
pub fn dedup(mut tours: Vec<Tour>) -> Vec<Tour> {
    let key = |t: &Tour| {
        let mut k = t.stops.clone();
        k.sort_unstable();
        k
    };
    tours.sort_by(|a, b| key(a).cmp(&key(b)).then(a.cost.total_cmp(&b.cost)));
    tours.dedup_by(|a, b| key(a) == key(b));
    tours
}
