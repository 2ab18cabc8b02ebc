//! The LP kept alive in HiGHS across rounds of column generation, and the MIP over a set of
//! trips (with `start_proved`, which spares branch-and-bound when the LP proves the start).

use super::*;
use crate::plan::master;

/// The LP relaxation kept alive in HiGHS across rounds (columns added in place).
pub(super) struct Lp {
    pub(super) model: Option<highs::Model>,
    pub(super) rows: Vec<highs::Row>,
    pub(super) x: Vec<Col>,
    created: std::time::Instant,
}

impl Lp {
    pub(super) fn new(cp: &Campaign) -> Lp {
        let mut model = RowProblem::default().optimise(highs::Sense::Minimise);
        model.make_quiet();
        model.set_option("threads", 1);
        model.set_option("random_seed", 0);
        model.set_option("presolve", "off");
        model.set_option("solver", "simplex");
        let u: Vec<Col> =
            cp.c.demands
                .iter()
                .map(|d| model.add_col(d.penalty, 0.0..=d.required as f64, []))
                .collect();
        let rows = cp
            .rows
            .iter()
            .enumerate()
            .map(|(r, row)| {
                let f: Vec<(Col, f64)> = if r < u.len() {
                    vec![(u[r], 1.0)]
                } else {
                    vec![]
                };
                match row.sense {
                    Sense::Le => model.add_row(..=row.rhs, f),
                    Sense::Ge => model.add_row(row.rhs.., f),
                }
            })
            .collect();
        Lp {
            model: Some(model),
            rows,
            x: Vec::new(),
            created: std::time::Instant::now(),
        }
    }

    pub(super) fn add(&mut self, cost: f64, entries: &[(usize, f64)]) {
        let model = self
            .model
            .as_mut()
            .expect("the model is back after every solve");
        let e: Vec<(highs::Row, f64)> = entries.iter().map(|&(r, a)| (self.rows[r], a)).collect();
        self.x.push(model.add_col(cost, 0.0..=1.0, e));
    }

    /// Trip `j` must be run: its lower bound becomes 1.
    pub(super) fn fix(&mut self, j: usize) {
        self.model
            .as_mut()
            .expect("the model is back after every solve")
            .change_column_bounds(self.x[j], 1.0..=1.0);
    }

    /// Trip `j` may not be run.
    pub(super) fn ban(&mut self, j: usize) {
        self.model
            .as_mut()
            .expect("the model is back after every solve")
            .change_column_bounds(self.x[j], 0.0..=0.0);
    }

    /// Trip `j` is free again.
    pub(super) fn free(&mut self, j: usize) {
        self.model
            .as_mut()
            .expect("the model is back after every solve")
            .change_column_bounds(self.x[j], 0.0..=1.0);
    }

    /// Objective, row duals and column values (u first, then x).
    pub(super) fn solve(&mut self, time_limit: f64) -> Result<(f64, Vec<f64>, Vec<f64>), String> {
        let mut model = self
            .model
            .take()
            .expect("the model is back after every solve");
        model.set_option(
            "time_limit",
            self.created.elapsed().as_secs_f64() + time_limit.max(0.05),
        );
        let solved = model
            .try_solve()
            .map_err(|e| format!("HiGHS failed on the LP: {e:?}"))?;
        let status = solved.status();
        let out = if matches!(status, HighsModelStatus::Optimal) {
            let sol = solved.get_solution();
            Ok((
                solved.objective_value(),
                sol.dual_rows().to_vec(),
                sol.columns().to_vec(),
            ))
        } else {
            Err(format!("the LP ended with status {status:?}"))
        };
        self.model = Some(highs::Model::from(solved));
        out
    }
}

pub(super) type MipResult = (Vec<usize>, Vec<f64>, f64, f64, bool, bool);

pub(super) fn mip(
    cp: &Campaign,
    columns: &[Column],
    start_plan: &[usize],
    time_limit: f64,
    gap: f64,
    nodes: i32,
    stop: &budget::Stop,
) -> Result<MipResult, String> {
    if let Some(proved) = start_proved(cp, columns, start_plan, time_limit) {
        return Ok(proved);
    }
    let mut vars = ProblemVariables::new();
    let x: Vec<Variable> = columns
        .iter()
        .map(|_| vars.add(variable().binary()))
        .collect();
    let u: Vec<Variable> =
        cp.c.demands
            .iter()
            .map(|d| vars.add(variable().min(0.0).max(d.required as f64)))
            .collect();
    let mut objective = Expression::with_capacity(x.len() + u.len());
    let mut lhs: Vec<Expression> = (0..cp.rows.len())
        .map(|_| Expression::with_capacity(8))
        .collect();
    for (i, col) in columns.iter().enumerate() {
        objective.add_mul(col.cost, x[i]);
        for (r, a) in cp.entries(col) {
            lhs[r].add_mul(a, x[i]);
        }
    }
    for (q, d) in cp.c.demands.iter().enumerate() {
        objective.add_mul(d.penalty, u[q]);
        lhs[q].add_mul(1.0, u[q]);
    }
    let mut problem = vars.minimise(objective).using(good_lp::highs);
    for (r, e) in lhs.into_iter().enumerate() {
        let row = &cp.rows[r];
        problem.add_constraint(match row.sense {
            Sense::Le => constraint::leq(e, row.rhs),
            Sense::Ge => constraint::geq(e, row.rhs),
        });
    }
    // The greedy plan, its misses as slack: a time limit never ends without a plan.
    let mut start = vec![0.0; x.len()];
    let mut covered = vec![0.0; cp.rows.len()];
    for &i in start_plan {
        start[i] = 1.0;
        for (r, a) in cp.entries(&columns[i]) {
            covered[r] += a;
        }
    }
    start.extend(
        cp.c.demands
            .iter()
            .enumerate()
            .map(|(q, d)| (d.required as f64 - covered[q]).max(0.0)),
    );
    let run = master::run_mip(
        problem.into_inner(),
        time_limit,
        gap,
        Some(nodes),
        &start,
        stop,
    );
    // Without a solution in time (the cap or Ctrl-C stopped HiGHS before it took the start in),
    // the start is the plan: it is whole, and keeps every row.
    let (chosen, mip_bound, optimal, out_of_time) = match run {
        Ok((solved, optimal, out_of_time)) => {
            let sol = solved.get_solution();
            let cols = sol.columns();
            if cols.len() < x.len() + u.len() {
                return Err("HiGHS returned no solution".into());
            }
            let chosen: Vec<usize> = (0..x.len()).filter(|&i| cols[i] > 0.5).collect();
            (chosen, Some((solved, optimal)), optimal, out_of_time)
        }
        // As the day planner does, a MIP that fails keeps the start; only the clock's cut is one.
        Err(e) => (
            start_plan.to_vec(),
            None,
            false,
            matches!(e, master::MipError::OutOfTime),
        ),
    };
    // Shortfalls from what the chosen trips cover: a solution cut short by the time limit may
    // leave a shortfall above what its trips miss (it is still feasible), which would report
    // visits as missed that the plan makes.
    let uv = shortfall(cp, columns, &chosen);
    // The objective from the solution itself (see `master::dual_bound`).
    let objective: f64 = chosen.iter().map(|&i| columns[i].cost).sum::<f64>()
        + cp.c
            .demands
            .iter()
            .zip(&uv)
            .map(|(d, &v)| d.penalty * v)
            .sum::<f64>();
    let mip_bound = mip_bound
        .and_then(|(solved, optimal)| master::dual_bound(&solved, optimal, objective, gap))
        .unwrap_or(0.0)
        .clamp(0.0, objective);
    Ok((chosen, uv, objective, mip_bound, optimal, out_of_time))
}

/// The start plan as the MIP's answer when the LP over `columns` already proves it optimal: no
/// branching could find better, and HiGHS's presolve of a timed master (thousands of placements,
/// a quarter of a million non-zeros) costs more than the rest of the MIP. On the bundled campaign
/// it took 7.3 s of the timed MIP's 7.6 s to find the start optimal at the root. `None` when the
/// start breaks a limit row, or the LP leaves room below it.
pub(super) fn start_proved(
    cp: &Campaign,
    columns: &[Column],
    start_plan: &[usize],
    time_limit: f64,
) -> Option<MipResult> {
    if start_plan.is_empty() {
        return None;
    }
    let mut used = vec![0.0; cp.rows.len()];
    for &i in start_plan {
        let entries = cp.entries(&columns[i]);
        if !cp.fits(&used, &entries) {
            return None;
        }
        for (r, a) in entries {
            used[r] += a;
        }
    }
    let objective = plan_cost(cp, columns, start_plan);
    let mut lp = Lp::new(cp);
    for col in columns {
        lp.add(col.cost, &cp.entries(col));
    }
    let (value, _, _) = lp.solve(time_limit).ok()?;
    if value < objective - 1e-9 * objective.abs().max(1.0) {
        return None;
    }
    let mut chosen = start_plan.to_vec();
    chosen.sort_unstable();
    let uv = shortfall(cp, columns, &chosen);
    Some((chosen, uv, objective, value.min(objective), true, false))
}
