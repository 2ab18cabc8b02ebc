//! The LP relaxation of a base's master program, kept alive in HiGHS across column-generation rounds
//! and diving steps: columns are added and bounds changed in place, so each solve starts from the
//! previous basis instead of from scratch. The rows are those of `Master`; the final MIP is built from
//! the same rows with good_lp.

use super::master::Master;
use super::rmp::{Column, WarmLp};
use crate::tours::Tour;

pub use super::rmp::LpError;

pub struct Lp {
    lp: WarmLp,
    /// Crew, visit, history and slack columns come first; tour-day columns after them.
    first: usize,
    /// Tour-day columns added so far.
    x: usize,
    /// Indexes of the visit (z) and history (h) columns.
    z: Vec<usize>,
    h: Vec<usize>,
}

/// One LP solution: values of the tour-day columns, row duals and the objective.
pub struct LpSolution {
    pub x: Vec<f64>,
    pub duals: Vec<f64>,
    pub objective: f64,
}

impl Lp {
    /// The rows of the master with its crew, visit and slack columns; no tour-day column yet.
    pub fn new(master: &Master) -> Lp {
        fn fixed(entries: &[(usize, f64)]) -> Column<'_> {
            Column {
                cost: 0.0,
                lower: 0.0,
                upper: 1.0,
                whole: false,
                entries,
            }
        }
        let mut first: Vec<Column> = Vec::new();
        for (_, e) in &master.crew_columns {
            first.push(fixed(e));
        }
        let z: Vec<usize> = (first.len()..first.len() + master.visit_columns.len()).collect();
        for (_, e) in &master.visit_columns {
            first.push(fixed(e));
        }
        // History enters as columns fixed at 0 now and at the days already worked later, so that one
        // model serves first the history-free LP (for the bound) and then the window's own.
        let history_entries: Vec<Vec<(usize, f64)>> = master
            .history_rows
            .iter()
            .map(|&(r, _)| vec![(r, 1.0)])
            .collect();
        let h: Vec<usize> = (first.len()..first.len() + history_entries.len()).collect();
        for e in &history_entries {
            first.push(Column {
                upper: 0.0,
                ..fixed(e)
            });
        }
        let slack_entries: Vec<Vec<(usize, f64)>> = (0..master.comp().demands.len())
            .map(|q| {
                let mut e = vec![(q, 1.0)];
                e.extend(master.tour_count().map(|r| (r, 1.0)));
                e
            })
            .collect();
        for (d, e) in master.comp().demands.iter().zip(&slack_entries) {
            first.push(Column {
                cost: d.penalty,
                upper: d.required as f64,
                ..fixed(e)
            });
        }
        let rows: Vec<_> = (0..master.row_count())
            .map(|r| master.row_bound_free(r))
            .collect();
        // Dual simplex: measured faster than primal on these re-solves (fewer rounds to converge).
        let lp = WarmLp::new(&rows, &first, true);
        Lp {
            lp,
            first: first.len(),
            x: 0,
            z,
            h,
        }
    }

    /// Turns the history-free LP into the window's own: recent visits forbidden, worked days counted.
    pub fn apply_history(&mut self, master: &Master) {
        for (j, &ub) in master.visit_ub.iter().enumerate() {
            if ub < 0.5 {
                self.lp.set_bounds(self.z[j], 0.0, 0.0);
            }
        }
        for (k, &(_, used)) in master.history_rows.iter().enumerate() {
            self.lp.set_bounds(self.h[k], used, used);
        }
    }

    pub fn add(&mut self, master: &Master, tour: &Tour, day: usize) {
        self.lp.add(tour.cost, &master.column(tour, day));
        self.x += 1;
    }

    /// Fixes tour-day column `i` to the value `v` (diving).
    pub fn fix(&mut self, i: usize, v: f64) {
        self.lp.set_bounds(self.first + i, v, v);
    }

    /// Solves to optimality within `iterations` simplex iterations (the work limit) and `time_limit`
    /// seconds (the cap).
    pub fn solve(&mut self, time_limit: f64, iterations: i32) -> Result<LpSolution, LpError> {
        let v = self.lp.solve(time_limit.max(0.01), Some(iterations))?;
        Ok(LpSolution {
            // Tour-day columns come after the first ones, in the order added.
            x: v.columns[self.first..self.first + self.x].to_vec(),
            duals: v.duals,
            objective: v.objective,
        })
    }
}
