//! Time-window segments that concatenate in constant time (Vidal et al. 2013, "A hybrid genetic
//! algorithm with adaptive diversity management for a large class of vehicle routing problems with
//! time-windows"): a route's prefixes and suffixes are kept as segments, so the schedule of
//! "prefix, new customer, suffix" is three merges, however long the route. A late arrival is not
//! refused but counted as *time warp* (travel back in time to meet the window), so the route engine
//! can cross infeasible solutions at a price and come back to feasible ones.

/// A stretch of a route, visited in order: its total duration (travel, waiting and service), the
/// time warp it needs, and the earliest and latest start of its first service that keep its warp at
/// that minimum.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Segment {
    pub first: usize,
    pub last: usize,
    pub duration: f64,
    pub warp: f64,
    pub earliest: f64,
    pub latest: f64,
}

impl Segment {
    /// One node: its service within its window.
    pub fn node(i: usize, ready: f64, due: f64, service: f64) -> Segment {
        Segment {
            first: i,
            last: i,
            duration: service,
            warp: 0.0,
            earliest: ready,
            latest: due,
        }
    }

    /// This segment, then `next`, with `travel` from this one's last node to `next`'s first.
    #[inline]
    pub fn then(&self, next: &Segment, travel: f64) -> Segment {
        // When `next` may start, counted from this segment's own start.
        let delta = self.duration - self.warp + travel;
        let wait = (next.earliest - delta - self.latest).max(0.0);
        let warp = (self.earliest + delta - next.latest).max(0.0);
        Segment {
            first: self.first,
            last: next.last,
            duration: self.duration + next.duration + travel + wait,
            warp: self.warp + next.warp + warp,
            earliest: (next.earliest - delta).max(self.earliest) - wait,
            latest: (next.latest - delta).min(self.latest) + warp,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Segment;
    use proptest::prelude::*;

    /// The schedule of a route simulated step by step: start as early as allowed, wait for windows,
    /// and when late, jump back to the window's end and count the jump as warp.
    fn simulate(nodes: &[(f64, f64, f64)], travel: &[f64]) -> f64 {
        let mut t = nodes[0].0;
        let mut warp = 0.0;
        for (k, &(ready, due, service)) in nodes.iter().enumerate() {
            if k > 0 {
                t += travel[k - 1];
            }
            t = t.max(ready);
            if t > due {
                warp += t - due;
                t = due;
            }
            t += service;
        }
        warp
    }

    #[test]
    fn waiting_and_lateness_are_counted() {
        let a = Segment::node(0, 0.0, 100.0, 0.0);
        let b = Segment::node(1, 50.0, 60.0, 10.0);
        let c = Segment::node(2, 0.0, 65.0, 0.0);
        // Leave at 40 (not to wait), serve b from 50 to 60, arrive at c at 80: 15 late.
        let ab = a.then(&b, 10.0);
        assert_eq!(ab.warp, 0.0);
        assert_eq!(ab.duration, 20.0);
        let abc = ab.then(&c, 20.0);
        assert_eq!(abc.warp, 15.0);
    }

    proptest! {
        /// Merging in any grouping gives the warp of the step-by-step schedule (which starts the
        /// route at its first node's ready time, so the first window is made wide open).
        #[test]
        fn any_grouping_matches_the_simulated_schedule(
            windows in prop::collection::vec((0.0f64..100.0, 0.0f64..80.0, 0.0f64..10.0), 2..9),
            travel in prop::collection::vec(0.0f64..30.0, 8),
            split in 1usize..8,
        ) {
            let mut nodes: Vec<(f64, f64, f64)> =
                windows.iter().map(|&(r, w, s)| (r, r + w, s)).collect();
            nodes[0].1 = nodes[0].0;
            let seg: Vec<Segment> = nodes
                .iter()
                .enumerate()
                .map(|(i, &(r, d, s))| Segment::node(i, r, d, s))
                .collect();
            let fold = |from: usize, to: usize| {
                let mut s = seg[from];
                for k in from + 1..to {
                    s = s.then(&seg[k], travel[k - 1]);
                }
                s
            };
            let n = nodes.len();
            let split = split.min(n - 1);
            let left_to_right = fold(0, n);
            let two_halves = fold(0, split).then(&fold(split, n), travel[split - 1]);
            let expected = simulate(&nodes, &travel);
            prop_assert!((left_to_right.warp - expected).abs() < 1e-6);
            prop_assert!((two_halves.warp - expected).abs() < 1e-6);
            prop_assert!((two_halves.duration - left_to_right.duration).abs() < 1e-6);
        }
    }
}
