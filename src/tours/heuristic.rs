//! Tours by construction and local search, for bases too large to enumerate: cheapest insertion from
//! every seed (with seeded noise for variety), prize-collecting insertion for pricing with LP duals, and
//! 2-opt / or-opt on the visiting order.

use super::{make_tour, route_length, Limits, Tour};
use crate::model::Component;
use crate::scenario::Scenario;
use crate::travel::Travel;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// Services a tour grown from a seed may take: the seed's nearest, so that growing a tour costs the
/// same on a base of 10,000 villages as on one of 100.
pub const NEAR: usize = 64;

/// Beyond this many services, each one's neighbours are ranked among its `4 × NEAR` nearest on
/// the map (an R-tree) rather than among all: 10,000 villages would take 10⁸ legs.
const EVERY_PAIR_UP_TO: usize = 2000;

/// For each service, the `NEAR` services nearest to it by driving time (itself first), in order.
pub fn neighbours(c: &Component, travel: &Travel) -> Vec<Vec<usize>> {
    let n = c.services.len();
    let rank = |a: usize, candidates: &mut dyn Iterator<Item = usize>| {
        let from = c.services[a].location;
        let mut all: Vec<(f64, usize)> = candidates
            .map(|b| {
                let d = if a == b {
                    f64::NEG_INFINITY
                } else {
                    travel.minutes(from, c.services[b].location)
                };
                (d, b)
            })
            .collect();
        let by = |x: &(f64, usize), y: &(f64, usize)| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1));
        if all.len() > NEAR {
            all.select_nth_unstable_by(NEAR - 1, by);
            all.truncate(NEAR);
        }
        all.sort_by(by);
        all.into_iter().map(|(_, b)| b).collect::<Vec<usize>>()
    };
    if n <= EVERY_PAIR_UP_TO {
        return (0..n).map(|a| rank(a, &mut (0..n))).collect();
    }
    // On a plane where a degree of longitude is shortened by the latitude's cosine.
    let (_, lat0) = travel.point(c.services[0].location);
    let shrink = lat0.to_radians().cos();
    let at = |x: usize| {
        let (lon, lat) = travel.point(c.services[x].location);
        [lon * shrink, lat]
    };
    let tree = rstar::RTree::bulk_load(
        (0..n)
            .map(|x| rstar::primitives::GeomWithData::new(at(x), x))
            .collect(),
    );
    (0..n)
        .map(|a| {
            rank(
                a,
                &mut std::iter::once(a).chain(
                    tree.nearest_neighbor_iter(&at(a))
                        .map(|g| g.data)
                        .filter(|&b| b != a)
                        .take(4 * NEAR),
                ),
            )
        })
        .collect()
}

/// Grows tours from every service by cheapest feasible insertion among its neighbours; every tour
/// met on the way is kept. When `stop` says so, it ends with what it has, plus a one-stop tour for
/// every service, so that every service still has a tour.
#[allow(clippy::too_many_arguments)]
pub fn construct(
    s: &Scenario,
    c: &Component,
    travel: &Travel,
    limits: &Limits,
    near: &[Vec<usize>],
    rng: &mut ChaCha8Rng,
    rounds: usize,
    stop: &dyn Fn() -> bool,
) -> Vec<Tour> {
    let n = c.services.len();
    let mut out: Vec<Tour> = (0..n)
        .filter_map(|x| make_tour(s, c, travel, limits, vec![x]))
        .collect();
    for around in near {
        if stop() {
            break;
        }
        for round in 0..rounds {
            let noise = if round == 0 { 0.0 } else { 0.3 };
            let prizes: Vec<f64> = (0..n).map(|_| 1.0 + noise * rng.gen::<f64>()).collect();
            out.extend(grow(
                s,
                c,
                travel,
                limits,
                around,
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
    near: &[Vec<usize>],
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
            &near[seed],
            |svc, added_km| added_km * c.cost_per_km + c.change.village - prize[svc],
            0.0,
        );
        out.extend(tours);
    }
    dedup(out)
}

/// From the first of `near` (the seed), repeatedly inserts the service of `near` with the lowest
/// score (below `threshold`) at its cheapest feasible position; returns the tour after each insertion.
fn grow(
    s: &Scenario,
    c: &Component,
    travel: &Travel,
    limits: &Limits,
    near: &[usize],
    score: impl Fn(usize, f64) -> f64,
    threshold: f64,
) -> Vec<Tour> {
    let Some(mut tour) = make_tour(s, c, travel, limits, near[..1].to_vec()) else {
        return vec![];
    };
    let mut out = vec![tour.clone()];
    loop {
        let mut best: Option<(f64, Tour)> = None;
        for &svc in near {
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
    let key = |t: &Tour| super::stop_set(&t.stops);
    tours.sort_by(|a, b| key(a).cmp(&key(b)).then(a.cost.total_cmp(&b.cost)));
    tours.dedup_by(|a, b| key(a) == key(b));
    tours
}
