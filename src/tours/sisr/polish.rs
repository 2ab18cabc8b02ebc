//! A light local search after each recreate: 2-opt within every route the iteration changed, for
//! problems without time windows and with travel the same both ways. Ruin and recreate only ever
//! puts a customer back between two others, so a route's order is otherwise mended only by taking
//! its customers out; reversing a stretch is the move it lacks.
//!
//! Measured at equal iterations, two seeds each: Uchoa X dev set at 500,000 iterations, mean gap
//! 0.42 % against 0.49 % without; PVRP (11 dev instances) at 300,000, 1.37 % against 1.53 %; for
//! about no time. With time windows (reversal priced with segments) it gained at equal iterations
//! on Solomon (0.35 % against 0.43 % at 150,000) but cost 40 % of the iterations on the wide-window
//! instances, and lost at 10 s; a move to the other place of a string of one to three customers
//! (or-opt) lost at equal iterations (X: 0.49 %).

use super::{Problem, Route};

/// Whether travel is the same both ways (a reversed stretch then costs what it did).
pub(super) fn symmetric(p: &Problem) -> bool {
    let n = p.n();
    (0..n).all(|i| (i + 1..n).all(|j| (p.d(i, j) - p.d(j, i)).abs() <= 1e-9))
}

/// Reverses stretches of `r` while one shortens it (first improvement); leaves `r` refreshed.
pub(super) fn two_opt(p: &Problem, r: &mut Route) {
    if r.nodes.len() < 3 {
        return;
    }
    let mut changed = false;
    while let Some((i, j)) = better(p, r) {
        r.nodes[i..=j].reverse();
        changed = true;
    }
    if changed {
        r.refresh(p, false);
    }
}

/// The first stretch `i..=j` whose reversal shortens the route.
fn better(p: &Problem, r: &Route) -> Option<(usize, usize)> {
    let (k, dep) = (r.nodes.len(), r.depot);
    for i in 0..k - 1 {
        let a = if i == 0 { dep } else { r.nodes[i - 1] };
        let b = r.nodes[i];
        let ab = p.d(a, b);
        for j in i + 1..k {
            let c = r.nodes[j];
            let d = if j + 1 == k { dep } else { r.nodes[j + 1] };
            if p.d(a, c) + p.d(b, d) - ab - p.d(c, d) < -1e-9 {
                return Some((i, j));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::{Problem, Route};
    use rand::{Rng, SeedableRng};

    /// `n` customers at random points of a square, depot in the middle, Euclidean travel.
    fn square(n: usize, seed: u64) -> Problem {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        let mut xy = vec![(50.0, 50.0)];
        xy.extend((0..n).map(|_| (rng.gen_range(0.0..100.0), rng.gen_range(0.0..100.0))));
        let m = n + 1;
        let mut dist = vec![0.0; m * m];
        for i in 0..m {
            for j in 0..m {
                let (a, b): ((f64, f64), (f64, f64)) = (xy[i], xy[j]);
                dist[i * m + j] = (a.0 - b.0).hypot(a.1 - b.1);
            }
        }
        super::super::one_day(dist, 100.0)
    }

    #[test]
    fn a_polished_route_is_no_longer_and_serves_the_same_customers() {
        for seed in 0..20 {
            let p = square(12, seed);
            let mut r = Route::new(0, 0);
            r.nodes = (1..=12).collect();
            r.refresh(&p, false);
            let before = r.cost;
            super::two_opt(&p, &mut r);
            let mut fresh = r.clone();
            fresh.refresh(&p, false);
            assert!(
                (fresh.cost - r.cost).abs() < 1e-9,
                "the cost is kept up to date"
            );
            assert!(r.cost <= before + 1e-9);
            let mut served = r.nodes.clone();
            served.sort();
            assert_eq!(served, (1..=12).collect::<Vec<_>>());
            // No reversal is left that would shorten it.
            assert_eq!(super::better(&p, &r), None, "seed {seed}");
        }
    }
}
