//! The LP relaxation of a base's master program, kept alive in HiGHS across column-generation rounds
//! and diving steps: columns are added and bounds changed in place, so each solve starts from the
//! previous basis instead of from scratch. The rows are those of `Master`; the final MIP is built from
//! the same rows with good_lp.

use super::master::{Master, Sense};
use crate::tours::Tour;
use highs::{Col, HighsModelStatus, Model, Row, RowProblem};

pub struct Lp {
    model: Option<Model>,
    rows: Vec<Row>,
    /// Tour-day columns in the order they were added.
    x: Vec<Col>,
    z: Vec<Col>,
    h: Vec<Col>,
    /// HiGHS may count its time limit from the model's creation, so limits are offset by the age.
    created: std::time::Instant,
}

/// Why an LP solve gave no solution: the clock (the run's cap) ended it, or HiGHS failed.
#[derive(Debug)]
pub enum LpError {
    OutOfTime,
    Failed(String),
}

impl From<LpError> for String {
    fn from(e: LpError) -> String {
        match e {
            LpError::OutOfTime => "the LP was cut by the time limit".into(),
            LpError::Failed(m) => m,
        }
    }
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
        let mut model = RowProblem::default().optimise(highs::Sense::Minimise);
        model.make_quiet();
        model.set_option("threads", 1);
        model.set_option("random_seed", 0);
        // Presolve would discard the basis that makes re-solves cheap.
        model.set_option("presolve", "off");
        model.set_option("solver", "simplex");
        // Dual simplex: measured faster than primal on these re-solves (fewer rounds to converge).
        model.set_option("simplex_strategy", 1);
        // Fixed columns first, with no entries; the rows then name them.
        let mut entries_of: Vec<(Col, &[(usize, f64)])> = Vec::new();
        for (_, e) in &master.crew_columns {
            entries_of.push((model.add_col(0.0, 0.0..=1.0, []), e));
        }
        let mut z = Vec::new();
        for (_, e) in &master.visit_columns {
            let col = model.add_col(0.0, 0.0..=1.0, []);
            z.push(col);
            entries_of.push((col, e));
        }
        // History enters as columns fixed at 0 now and at the days already worked later, so that one
        // model serves first the history-free LP (for the bound) and then the window's own.
        let history_entries: Vec<Vec<(usize, f64)>> = master
            .history_rows
            .iter()
            .map(|&(r, _)| vec![(r, 1.0)])
            .collect();
        let mut h = Vec::new();
        for e in &history_entries {
            let col = model.add_col(0.0, 0.0..=0.0, []);
            h.push(col);
            entries_of.push((col, e));
        }
        let slack: Vec<(Col, Vec<(usize, f64)>)> = master
            .comp()
            .demands
            .iter()
            .enumerate()
            .map(|(q, d)| {
                let mut e = vec![(q, 1.0)];
                e.extend(master.tour_count().map(|r| (r, 1.0)));
                (model.add_col(d.penalty, 0.0..=d.required as f64, []), e)
            })
            .collect();
        let mut by_row: Vec<Vec<(Col, f64)>> = vec![Vec::new(); master.row_count()];
        for (col, entries) in entries_of
            .iter()
            .map(|(c, e)| (*c, *e))
            .chain(slack.iter().map(|(c, e)| (*c, e.as_slice())))
        {
            for &(r, a) in entries {
                by_row[r].push((col, a));
            }
        }
        let rows = by_row
            .into_iter()
            .enumerate()
            .map(|(r, factors)| {
                let (sense, rhs) = master.row_bound_free(r);
                match sense {
                    Sense::Le => model.add_row(..=rhs, factors),
                    Sense::Ge => model.add_row(rhs.., factors),
                    Sense::Eq => model.add_row(rhs..=rhs, factors),
                }
            })
            .collect();
        Lp {
            model: Some(model),
            rows,
            x: Vec::new(),
            z,
            h,
            created: std::time::Instant::now(),
        }
    }

    /// Turns the history-free LP into the window's own: recent visits forbidden, worked days counted.
    pub fn apply_history(&mut self, master: &Master) {
        let model = self
            .model
            .as_mut()
            .expect("the model is back after every solve");
        for (j, &ub) in master.visit_ub.iter().enumerate() {
            if ub < 0.5 {
                model.change_column_bounds(self.z[j], 0.0..=0.0);
            }
        }
        for (k, &(_, used)) in master.history_rows.iter().enumerate() {
            model.change_column_bounds(self.h[k], used..=used);
        }
    }

    pub fn add(&mut self, master: &Master, tour: &Tour, day: usize) {
        let model = self
            .model
            .as_mut()
            .expect("the model is back after every solve");
        let entries: Vec<(Row, f64)> = master
            .column(tour, day)
            .into_iter()
            .map(|(r, a)| (self.rows[r], a))
            .collect();
        self.x.push(model.add_col(tour.cost, 0.0..=1.0, entries));
    }

    /// Fixes tour-day column `i` to the value `v` (diving).
    pub fn fix(&mut self, i: usize, v: f64) {
        let model = self
            .model
            .as_mut()
            .expect("the model is back after every solve");
        model.change_column_bounds(self.x[i], v..=v);
    }

    /// Solves to optimality within `iterations` simplex iterations (the work limit) and `time_limit`
    /// seconds (the cap).
    pub fn solve(&mut self, time_limit: f64, iterations: i32) -> Result<LpSolution, LpError> {
        let mut model = self
            .model
            .take()
            .expect("the model is back after every solve");
        model.set_option(
            "time_limit",
            self.created.elapsed().as_secs_f64() + time_limit.max(0.01),
        );
        model.set_option("simplex_iteration_limit", iterations);
        let solved = model
            .try_solve()
            .map_err(|e| LpError::Failed(format!("HiGHS failed on the LP: {e:?}")))?;
        let status = solved.status();
        let result = if matches!(status, HighsModelStatus::Optimal) {
            let sol = solved.get_solution();
            let cols = sol.columns();
            Ok(LpSolution {
                // Tour-day columns come after the fixed ones, in the order added.
                x: self
                    .x
                    .iter()
                    .enumerate()
                    .map(|(i, _)| cols[cols.len() - self.x.len() + i])
                    .collect(),
                duals: sol.dual_rows().to_vec(),
                objective: solved.objective_value(),
            })
        } else if matches!(status, HighsModelStatus::ReachedTimeLimit) {
            Err(LpError::OutOfTime)
        } else {
            Err(LpError::Failed(format!(
                "the LP ended with status {status:?}"
            )))
        };
        self.model = Some(Model::from(solved));
        result
    }
}
