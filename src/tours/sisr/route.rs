//! A route of the engine and a solution: the route keeps its load, travel, and with time windows
//! its prefixes and suffixes as segments, so that pricing an insertion is a few merges.

use super::{Problem, WARP_TOLERANCE};
use crate::tours::timewarp::Segment;

#[derive(Debug)]
pub struct Route {
    pub day: usize,
    pub depot: usize,
    pub nodes: Vec<usize>,
    pub(super) load: f64,
    /// Travel only.
    pub cost: f64,
    pub(super) service: f64,
    /// Time warp of the whole route (0 when it meets every window).
    pub warp: f64,
    /// With windows: `head[i]` is the start depot and the first `i` customers, `tail[i]` the
    /// customers from position `i` and the end depot, as time-window segments.
    pub(super) head: Vec<Segment>,
    pub(super) tail: Vec<Segment>,
    /// Changed since the last polish (see `polish`).
    pub(super) fresh: bool,
}

impl Clone for Route {
    fn clone(&self) -> Route {
        Route {
            day: self.day,
            depot: self.depot,
            nodes: self.nodes.clone(),
            load: self.load,
            cost: self.cost,
            service: self.service,
            warp: self.warp,
            head: self.head.clone(),
            tail: self.tail.clone(),
            fresh: self.fresh,
        }
    }

    /// Reuses this route's buffers: the engine copies its current solution every iteration.
    fn clone_from(&mut self, o: &Route) {
        self.day = o.day;
        self.depot = o.depot;
        self.nodes.clone_from(&o.nodes);
        self.load = o.load;
        self.cost = o.cost;
        self.service = o.service;
        self.warp = o.warp;
        self.head.clone_from(&o.head);
        self.tail.clone_from(&o.tail);
        self.fresh = o.fresh;
    }
}

impl Route {
    pub(super) fn new(day: usize, depot: usize) -> Route {
        Route {
            day,
            depot,
            nodes: vec![],
            load: 0.0,
            cost: 0.0,
            service: 0.0,
            warp: 0.0,
            head: vec![],
            tail: vec![],
            fresh: true,
        }
    }

    pub(super) fn refresh(&mut self, p: &Problem, windows: bool) {
        let dep = self.depot;
        let mut prev = dep;
        self.fresh = true;
        self.load = 0.0;
        self.cost = 0.0;
        self.service = 0.0;
        for &c in &self.nodes {
            self.load += p.demand[c];
            self.service += p.service[c];
            self.cost += p.d(prev, c);
            prev = c;
        }
        self.cost += p.d(prev, dep);
        self.warp = 0.0;
        if !windows {
            return;
        }
        let k = self.nodes.len();
        let at = |i: usize| Segment::node(i, p.ready[i], p.due[i], p.service[i]);
        self.head.clear();
        self.head.push(at(dep));
        for &c in &self.nodes {
            let last = self.head[self.head.len() - 1];
            self.head.push(last.then(&at(c), p.d(last.last, c)));
        }
        self.tail.clear();
        self.tail.resize(k + 1, at(dep));
        for i in (0..k).rev() {
            let c = self.nodes[i];
            let next = self.tail[i + 1];
            self.tail[i] = at(c).then(&next, p.d(c, next.first));
        }
        self.warp = self.head[k]
            .then(&self.tail[k], p.d(self.head[k].last, dep))
            .warp;
    }

    /// Added travel and added time warp of inserting `c` before position `pos`, if it keeps the
    /// route within its duration limit. With windows, a place whose added travel alone reaches
    /// `bound` is not priced further (an insertion adds no warp where travel times keep the
    /// triangle inequality), which saves most of the segment merges.
    #[inline]
    pub(super) fn insertion(
        &self,
        p: &Problem,
        c: usize,
        pos: usize,
        windows: bool,
        bound: f64,
    ) -> Option<(f64, f64)> {
        let dep = self.depot;
        let prev = if pos == 0 { dep } else { self.nodes[pos - 1] };
        let next = if pos == self.nodes.len() {
            dep
        } else {
            self.nodes[pos]
        };
        let delta = p.d(prev, c) + p.d(c, next) - p.d(prev, next);
        if let Some(limit) = p.max_duration {
            if self.cost + delta + self.service + p.service[c] > limit + 1e-9 {
                return None;
            }
        }
        if !windows {
            return Some((delta, 0.0));
        }
        if delta >= bound {
            return None;
        }
        let at = Segment::node(c, p.ready[c], p.due[c], p.service[c]);
        let warp = self.head[pos]
            .then(&at, p.d(prev, c))
            .then(&self.tail[pos], p.d(c, next))
            .warp;
        Some((delta, warp - self.warp))
    }
}

#[derive(Debug)]
pub struct Solution {
    pub routes: Vec<Route>,
    /// Customers left out (no feasible place); each costs a large penalty.
    pub missing: Vec<usize>,
    pub cost: f64,
}

impl Clone for Solution {
    fn clone(&self) -> Solution {
        Solution {
            routes: self.routes.clone(),
            missing: self.missing.clone(),
            cost: self.cost,
        }
    }

    fn clone_from(&mut self, o: &Solution) {
        self.routes.clone_from(&o.routes);
        self.missing.clone_from(&o.missing);
        self.cost = o.cost;
    }
}

impl Solution {
    /// Travel, plus `warp_weight` per unit of time warp, plus `penalty` per customer left out.
    pub(super) fn total(&self, penalty: f64, warp_weight: f64) -> f64 {
        self.routes
            .iter()
            .map(|r| r.cost + warp_weight * r.warp)
            .sum::<f64>()
            + penalty * self.missing.len() as f64
    }

    /// Whether every route meets every time window.
    pub fn meets_windows(&self) -> bool {
        self.routes.iter().all(|r| r.warp <= WARP_TOLERANCE)
    }
}
