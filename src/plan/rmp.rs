//! The restricted master program, as both formulations use it: the day planner's master (tour-day
//! columns over a base's rows, `master.rs`) and the campaign's season master (trip columns,
//! `campaign/rows.rs`) each only build their rows and columns; this module turns them into HiGHS
//! models.
//!
//! - `WarmLp`: the LP kept alive across rounds of column generation and steps of a dive. Columns
//!   are added and bounds changed in place, so each solve starts from the last basis.
//! - `mip_model` and `run_mip`: the integer program over the same rows and a set of columns, run
//!   from a whole plan as its start, within work limits (nodes) and the run's cap (seconds).

use highs::{Col, HighsModelStatus, Model, Row, RowProblem};

mod mip;
pub use mip::{run_mip, run_mip_followed, MipError, MipLimits};

/// The sense of a row: `Σ a x ≤ rhs`, `≥ rhs` or `= rhs`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Sense {
    Le,
    Ge,
    Eq,
}

/// A column of the master: its cost, bounds, whether it must be whole, and its (row, coefficient)
/// entries.
pub struct Column<'e> {
    pub cost: f64,
    pub lower: f64,
    pub upper: f64,
    pub whole: bool,
    pub entries: &'e [(usize, f64)],
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

/// An optimal LP solution: objective, one dual per row, one value per column (the columns given to
/// `WarmLp::new` first, then those added, in order).
pub struct LpValues {
    pub objective: f64,
    pub duals: Vec<f64>,
    pub columns: Vec<f64>,
}

/// The LP relaxation kept alive in HiGHS across solves.
pub struct WarmLp {
    model: Option<Model>,
    rows: Vec<Row>,
    /// The columns given at the start, then the ones added, in order.
    cols: Vec<Col>,
    /// HiGHS may count its time limit from the model's creation, so limits are offset by the age.
    created: std::time::Instant,
}

impl WarmLp {
    /// The rows `(sense, rhs)` with `first` columns in them; more columns come with `add`.
    /// `dual_simplex` picks HiGHS's dual simplex instead of its default choice.
    pub fn new(rows: &[(Sense, f64)], first: &[Column], dual_simplex: bool) -> WarmLp {
        let mut model = RowProblem::default().optimise(highs::Sense::Minimise);
        model.make_quiet();
        model.set_option("threads", 1);
        model.set_option("random_seed", 0);
        // Presolve would discard the basis that makes re-solves cheap.
        model.set_option("presolve", "off");
        model.set_option("solver", "simplex");
        if dual_simplex {
            model.set_option("simplex_strategy", 1);
        }
        // The first columns with no entries; the rows then name them.
        let cols: Vec<Col> = first
            .iter()
            .map(|c| model.add_col(c.cost, c.lower..=c.upper, []))
            .collect();
        let mut by_row: Vec<Vec<(Col, f64)>> = vec![Vec::new(); rows.len()];
        for (col, c) in cols.iter().zip(first) {
            for &(r, a) in c.entries {
                by_row[r].push((*col, a));
            }
        }
        let rows = rows
            .iter()
            .zip(by_row)
            .map(|(&(sense, rhs), factors)| match sense {
                Sense::Le => model.add_row(..=rhs, factors),
                Sense::Ge => model.add_row(rhs.., factors),
                Sense::Eq => model.add_row(rhs..=rhs, factors),
            })
            .collect();
        WarmLp {
            model: Some(model),
            rows,
            cols,
            created: std::time::Instant::now(),
        }
    }

    fn model(&mut self) -> &mut Model {
        self.model
            .as_mut()
            .expect("the model is back after every solve")
    }

    /// Adds a column with bounds 0..=1; returns its index among all columns.
    pub fn add(&mut self, cost: f64, entries: &[(usize, f64)]) -> usize {
        let e: Vec<(Row, f64)> = entries.iter().map(|&(r, a)| (self.rows[r], a)).collect();
        let col = self.model().add_col(cost, 0.0..=1.0, e);
        self.cols.push(col);
        self.cols.len() - 1
    }

    /// Adds a row `sense rhs` with `entries` (column index counting the first ones, coefficient);
    /// returns its index among all rows (cuts come after the rows given to `new`).
    pub fn add_row(&mut self, sense: Sense, rhs: f64, entries: &[(usize, f64)]) -> usize {
        let factors: Vec<(Col, f64)> = entries.iter().map(|&(j, a)| (self.cols[j], a)).collect();
        let model = self.model();
        let row = match sense {
            Sense::Le => model.add_row(..=rhs, factors),
            Sense::Ge => model.add_row(rhs.., factors),
            Sense::Eq => model.add_row(rhs..=rhs, factors),
        };
        self.rows.push(row);
        self.rows.len() - 1
    }

    /// Column `j` (counting the first ones) gets the bounds `lower..=upper`.
    pub fn set_bounds(&mut self, j: usize, lower: f64, upper: f64) {
        let col = self.cols[j];
        self.model().change_column_bounds(col, lower..=upper);
    }

    /// Row `r` (in the order given to `new`) gets the bounds `lower..=upper` (infinite for none);
    /// the branch-and-price of campaigns turns a team-day row `≤ 1` into `= 1` and back.
    pub fn set_row_bounds(&mut self, r: usize, lower: f64, upper: f64) {
        let index = highs_sys::HighsInt::try_from(r).expect("row index fits HiGHS's integer");
        let model = self.model();
        // The highs crate has no call for it; the model's pointer stays valid while we hold it.
        // SAFETY: a live HiGHS instance, and a row index below its row count (rows are never
        // removed, and `r` counts the rows given to `new`).
        let status =
            unsafe { highs_sys::Highs_changeRowBounds(model.as_mut_ptr(), index, lower, upper) };
        debug_assert_eq!(status, highs_sys::kHighsStatusOk);
    }

    /// Solves to optimality within `iterations` simplex iterations (the work limit, if given) and
    /// `time_limit` seconds (the cap).
    pub fn solve(&mut self, time_limit: f64, iterations: Option<i32>) -> Result<LpValues, LpError> {
        let age = self.created.elapsed().as_secs_f64();
        let mut model = self
            .model
            .take()
            .expect("the model is back after every solve");
        model.set_option("time_limit", age + time_limit);
        if let Some(n) = iterations {
            model.set_option("simplex_iteration_limit", n);
        }
        let solved = model
            .try_solve()
            .map_err(|e| LpError::Failed(format!("HiGHS failed on the LP: {e:?}")))?;
        let status = solved.status();
        let result = if matches!(status, HighsModelStatus::Optimal) {
            let sol = solved.get_solution();
            Ok(LpValues {
                objective: solved.objective_value(),
                duals: sol.dual_rows().to_vec(),
                columns: sol.columns().to_vec(),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// min x0 + 2 x1  s.t.  x0 + x1 ≥ 1.5, x0 ≤ 1 (LP), with x1 added after the rows.
    #[test]
    fn warm_lp_adds_columns_and_bounds_in_place() {
        let rows = [(Sense::Ge, 1.5)];
        let first = [Column {
            cost: 1.0,
            lower: 0.0,
            upper: 1.0,
            whole: false,
            entries: &[(0, 1.0)],
        }];
        let mut lp = WarmLp::new(&rows, &first, true);
        assert!(
            lp.solve(10.0, None).is_err(),
            "1.5 cannot be covered by x0 alone"
        );
        let j = lp.add(2.0, &[(0, 1.0)]);
        assert_eq!(j, 1);
        let v = lp.solve(10.0, Some(1000)).expect("optimal");
        assert!((v.objective - 2.0).abs() < 1e-9, "{}", v.objective);
        assert_eq!(v.columns.len(), 2);
        assert!((v.duals[0] - 2.0).abs() < 1e-9, "the dual prices x1");
        lp.set_bounds(0, 0.0, 0.5);
        let v = lp.solve(10.0, None).expect("optimal");
        assert!((v.objective - 2.5).abs() < 1e-9, "{}", v.objective);
    }
}
