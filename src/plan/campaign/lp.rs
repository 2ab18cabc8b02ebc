//! The LP kept alive in HiGHS across rounds of column generation, and the MIP over a set of
//! trips (with `start_proved`, which spares branch-and-bound when the LP proves the start).

use super::*;
use crate::plan::rmp::{self, Column as RmpColumn, WarmLp};

/// The LP relaxation kept alive in HiGHS across rounds (columns added in place): the shortfall
/// columns u first, one per demand, then the trips in the order added.
pub(super) struct Lp {
    lp: WarmLp,
    demands: usize,
    /// Artificial columns after the shortfalls, one per row in `artificial_rows` (see
    /// `with_artificial`); `solve` leaves them out of its values.
    artificial_rows: Vec<usize>,
    /// The artificial columns' values at the last solve.
    pub(super) artificial: Vec<f64>,
}

impl Lp {
    pub(super) fn new(cp: &Campaign) -> Lp {
        Lp::with_artificial(cp, &[], 0.0)
    }

    /// The LP with an artificial column at `cost` in each of `rows` (bounds 0..=0 until
    /// `artificial_upper` opens one): a row turned from `≤ 1` into `= 1` by branching then always
    /// has a solution, so that pricing has duals to work from (the artificial's cost, above any
    /// plan, keeps it out of every solution that can do without it).
    pub(super) fn with_artificial(cp: &Campaign, rows: &[usize], cost: f64) -> Lp {
        // A shortfall counts in its cover row, and in the row of at least so many trips where
        // there is one (`Campaign::with_least_trips`).
        let u_entries: Vec<Vec<(usize, f64)>> = (0..cp.c.demands.len())
            .map(|q| {
                let mut e = vec![(q, 1.0)];
                if let Some(r) = cp.least_trips() {
                    e.push((r, cp.shortfall_trips(q)));
                }
                e
            })
            .collect();
        let a_entries: Vec<[(usize, f64); 1]> = rows.iter().map(|&r| [(r, 1.0)]).collect();
        let first: Vec<RmpColumn> =
            cp.c.demands
                .iter()
                .zip(&u_entries)
                .map(|(d, e)| RmpColumn {
                    cost: d.penalty,
                    lower: 0.0,
                    upper: d.required as f64,
                    whole: false,
                    entries: e,
                })
                .chain(a_entries.iter().map(|e| RmpColumn {
                    cost,
                    lower: 0.0,
                    upper: 0.0,
                    whole: false,
                    entries: e,
                }))
                .collect();
        Lp {
            lp: WarmLp::new(&cp.row_bounds(), &first, false),
            demands: u_entries.len(),
            artificial_rows: rows.to_vec(),
            artificial: vec![0.0; rows.len()],
        }
    }

    /// The artificial column `k` (of the rows given to `with_artificial`) may be used up to
    /// `upper`.
    pub(super) fn artificial_upper(&mut self, k: usize, upper: f64) {
        self.lp.set_bounds(self.demands + k, 0.0, upper);
    }

    /// Row `r` gets the bounds `lower..=upper`.
    pub(super) fn set_row(&mut self, r: usize, lower: f64, upper: f64) {
        self.lp.set_row_bounds(r, lower, upper);
    }

    fn trip(&self, j: usize) -> usize {
        self.demands + self.artificial_rows.len() + j
    }

    pub(super) fn add(&mut self, cost: f64, entries: &[(usize, f64)]) {
        self.lp.add(cost, entries);
    }

    /// Adds a cut `Σ a · trip ≤ 1` over the trips `(j, a)` (see `cuts`).
    pub(super) fn add_cut(&mut self, trips: &[(usize, f64)]) {
        let entries: Vec<(usize, f64)> = trips.iter().map(|&(j, a)| (self.trip(j), a)).collect();
        self.lp.add_row(Sense::Le, 1.0, &entries);
    }

    /// Trip `j` must be run: its lower bound becomes 1.
    pub(super) fn fix(&mut self, j: usize) {
        self.lp.set_bounds(self.trip(j), 1.0, 1.0);
    }

    /// Trip `j` may not be run.
    pub(super) fn ban(&mut self, j: usize) {
        self.lp.set_bounds(self.trip(j), 0.0, 0.0);
    }

    /// Trip `j` is free again.
    pub(super) fn free(&mut self, j: usize) {
        self.lp.set_bounds(self.trip(j), 0.0, 1.0);
    }

    /// Objective, row duals and column values (u first, then x; the artificial ones apart).
    pub(super) fn solve(&mut self, time_limit: f64) -> Result<(f64, Vec<f64>, Vec<f64>), String> {
        let v = self
            .lp
            .solve(time_limit.max(0.05), None)
            .map_err(|e| match e {
                rmp::LpError::OutOfTime => "the LP ended with status ReachedTimeLimit".to_string(),
                rmp::LpError::Failed(m) => m,
            })?;
        let mut columns = v.columns;
        let a = self.artificial_rows.len();
        self.artificial = columns.drain(self.demands..self.demands + a).collect();
        Ok((v.objective, v.duals, columns))
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
    // Columns in this order in HiGHS: the trips, then the shortfalls u.
    let x_entries: Vec<Vec<(usize, f64)>> = columns.iter().map(|col| cp.entries(col)).collect();
    let u_entries: Vec<[(usize, f64); 1]> = (0..cp.c.demands.len()).map(|q| [(q, 1.0)]).collect();
    let mut cols: Vec<RmpColumn> = columns
        .iter()
        .zip(&x_entries)
        .map(|(col, e)| RmpColumn {
            cost: col.cost,
            lower: 0.0,
            upper: 1.0,
            whole: true,
            entries: e,
        })
        .collect();
    cols.extend(cp.c.demands.iter().zip(&u_entries).map(|(d, e)| RmpColumn {
        cost: d.penalty,
        lower: 0.0,
        upper: d.required as f64,
        whole: false,
        entries: e,
    }));
    let (nx, nu) = (columns.len(), u_entries.len());
    // The greedy plan, its misses as slack: a time limit never ends without a plan.
    let mut start = vec![0.0; nx];
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
    let run = rmp::run_mip(
        &cp.row_bounds(),
        &cols,
        // No restarts: on a campaign's timed master (2,500 placements, 264,000 non-zeros) the
        // root restarted three times, and 500 nodes took 105 s where without restarts they take
        // 58 s, to the same plan (the same plans on seven campaigns).
        rmp::MipLimits {
            restarts: false,
            ..rmp::MipLimits::new(time_limit, gap, Some(nodes))
        },
        &start,
        stop,
    );
    // Without a solution in time (the cap or Ctrl-C stopped HiGHS before it took the start in),
    // the start is the plan: it is whole, and keeps every row.
    let (chosen, mip_bound, optimal, out_of_time) = match run {
        Ok(run) => {
            if run.values.len() < nx + nu {
                return Err("HiGHS returned no solution".into());
            }
            let chosen: Vec<usize> = (0..nx).filter(|&i| run.values[i] > 0.5).collect();
            let (optimal, out_of_time) = (run.optimal, run.out_of_time);
            (chosen, Some(run), optimal, out_of_time)
        }
        // As the day planner does, a MIP that fails keeps the start; only the clock's cut is one.
        Err(e) => (
            start_plan.to_vec(),
            None,
            false,
            matches!(e, rmp::MipError::OutOfTime),
        ),
    };
    // Shortfalls from what the chosen trips cover: a solution cut short by the time limit may
    // leave a shortfall above what its trips miss (it is still feasible), which would report
    // visits as missed that the plan makes.
    let uv = shortfall(cp, columns, &chosen);
    // The objective from the solution itself (see `rmp::MipRun::bound`).
    let objective: f64 = chosen.iter().map(|&i| columns[i].cost).sum::<f64>()
        + cp.c
            .demands
            .iter()
            .zip(&uv)
            .map(|(d, &v)| d.penalty * v)
            .sum::<f64>();
    let mip_bound = mip_bound
        .and_then(|run| run.bound(objective, gap))
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
