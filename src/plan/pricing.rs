//! Column generation's pricing step: the tour-day columns in a window's LP, the pool's tours of
//! negative reduced cost added per day, and, for bases whose pool is not enumerated, tours built
//! against the duals and a valid lower bound on any tour's reduced cost.

use super::lp::Lp;
use super::master::{Master, TourShape};
use crate::model::{Component, Model};
use crate::scenario::Scenario;
use crate::tours::{self, Limits, Tour};
use std::collections::{HashMap, HashSet};

/// The tour-day columns in the LP, and the pricing that adds more.
pub(super) struct Generated {
    pub columns: Vec<(usize, usize)>,
    pub in_model: std::collections::HashSet<(usize, usize)>,
    /// Per pool tour, the rows it enters apart from its stops (filled as the pool grows).
    shapes: Vec<TourShape>,
    /// The most columns added per day and round.
    per_day: usize,
}

impl Generated {
    pub fn new(per_day: usize) -> Generated {
        Generated {
            columns: Vec::new(),
            in_model: HashSet::new(),
            shapes: Vec::new(),
            per_day,
        }
    }

    pub fn add(&mut self, master: &Master, lp: &mut Lp, pool: &[Tour], col: (usize, usize)) {
        if self.in_model.insert(col) {
            self.columns.push(col);
            lp.add(master, &pool[col.0], col.1);
        }
    }

    /// Adds, per day, the pool's tour-days of least negative reduced cost under `duals` (at most
    /// `per_day`); returns how many were added and each day's least reduced cost over the pool.
    pub fn price(
        &mut self,
        master: &Master,
        c: &Component,
        pool: &[Tour],
        duals: &[f64],
        lp: &mut Lp,
        with_history: bool,
    ) -> (usize, HashMap<usize, f64>) {
        if self.shapes.len() < pool.len() {
            let from = self.shapes.len();
            self.shapes
                .extend(pool[from..].iter().map(|t| master.tour_shape(t)));
        }
        let mut added = 0;
        let mut min_rc: HashMap<usize, f64> = HashMap::new();
        for &d in &c.days {
            let prices = master.day_prices(d, duals);
            let mut cands: Vec<(f64, usize)> = Vec::new();
            let mut least = 0.0f64;
            for (t, tour) in pool.iter().enumerate() {
                if !tours::runs_on(c, tour, d) {
                    continue;
                }
                let rc = master.priced(tour, &self.shapes[t], &prices);
                least = least.min(rc);
                if rc < -1e-6
                    && !self.in_model.contains(&(t, d))
                    && !(with_history && master.forbidden(tour, d))
                {
                    cands.push((rc, t));
                }
            }
            min_rc.insert(d, least);
            cands.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            for &(_, t) in cands.iter().take(self.per_day) {
                self.add(master, lp, pool, (t, d));
                added += 1;
            }
        }
        (added, min_rc)
    }
}

/// Prize of serving each service on day d under LP duals: its cover dual plus its spacing duals.
fn prizes(c: &Component, master: &Master, d: usize, duals: &[f64]) -> Vec<f64> {
    let p = master.day_prices(d, duals);
    (0..c.services.len())
        .map(|x| {
            if c.services[x].open[d] {
                p.service(x)
            } else {
                0.0
            }
        })
        .collect()
}

/// Heuristic pricing for bases whose pool is not complete: prize-collecting tours per day.
#[allow(clippy::too_many_arguments)]
pub(super) fn add_priced_tours(
    s: &Scenario,
    c: &Component,
    model: &Model,
    limits: &Limits,
    near: &[Vec<usize>],
    master: &Master,
    duals: &[f64],
    pool: &mut Vec<Tour>,
) {
    let mut seen: std::collections::HashSet<Vec<usize>> =
        pool.iter().map(|t| tours::stop_set(&t.stops)).collect();
    for &d in &c.days {
        let prize = prizes(c, master, d, duals);
        for t in tours::heuristic_price(s, c, &model.travel, limits, near, &prize) {
            if seen.insert(tours::stop_set(&t.stops)) {
                pool.push(t);
            }
        }
    }
}

/// A lower bound on the reduced cost of any tour on each day, valid without enumerating tours: the
/// vehicle-day cost minus the most prize a working day's worth of service time can collect (fractional
/// knapsack over the positive prizes); the other dual terms of a tour are never negative.
pub(super) fn heuristic_rc_lower_bounds(
    s: &Scenario,
    c: &Component,
    master: &Master,
    duals: &[f64],
) -> HashMap<usize, f64> {
    let mut out = HashMap::new();
    for &d in &c.days {
        let prize = prizes(c, master, d, duals);
        // A re-plan's change cost per village lowers each stop's prize.
        let net = |x: usize| prize[x] - c.change.village;
        let mut items: Vec<(f64, f64)> = (0..c.services.len())
            .filter(|&x| net(x) > 0.0)
            .map(|x| (net(x), c.services[x].service_minutes))
            .collect();
        items.sort_by(|a, b| (b.0 / b.1.max(1e-9)).total_cmp(&(a.0 / a.1.max(1e-9))));
        let (mut room, mut gain) = (s.working_minutes, 0.0);
        for (p, w) in items {
            if w <= room {
                room -= w;
                gain += p;
            } else {
                gain += p * room / w;
                break;
            }
        }
        // Vehicle and slot rows are ≤ rows (duals ≤ 0): they only raise a tour's reduced cost.
        out.insert(
            d,
            c.cost_per_day + c.change.tour_day - gain - master.cut_dual(duals),
        );
    }
    out
}
