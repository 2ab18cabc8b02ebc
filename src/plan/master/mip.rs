//! The master's integer program: a greedy start from the LP, and the MIP over the chosen tour-day
//! columns (built by the restricted-master core from the master's rows).

use super::{Master, Sense};
use crate::plan::rmp::{run_mip_followed, Column, MipLimits};
use crate::tours::Tour;
use std::collections::HashMap;

/// A better whole plan of the window, found while the MIP searches: what a follower is shown.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Improved {
    /// The tours' cost.
    pub cost: f64,
    /// Cost plus the penalties of the visits left out.
    pub objective: f64,
    /// Visits left out.
    pub missing: u32,
    /// A proven lower bound on the window's objective, when one is known.
    pub bound: Option<f64>,
}

/// What the MIP returns: column values, objective and its bound.
pub struct Solved {
    pub x: Vec<f64>,
    pub y: Vec<f64>,
    pub u: Vec<f64>,
    pub objective: f64,
    pub mip_bound: Option<f64>,
    pub optimal: bool,
    /// The clock (the run's cap) ended the MIP before its node limit or gap.
    pub out_of_time: bool,
}

impl Master<'_> {
    /// A feasible integer solution built greedily from an LP solution: tour-days in order of their LP
    /// value, each taken when every stop still owes a visit (a second pass: when one does) and all
    /// ≤ rows still hold, its slots filled by the available clinicians with the most room left. It is
    /// the MIP's starting point, so the solver begins from a real plan rather than from serving nobody.
    pub fn greedy(&self, tours: &[Tour], columns: &[(usize, usize)], lp_x: &[f64]) -> Vec<f64> {
        let mut act = vec![0.0; self.rows.len()];
        let mut x = vec![0.0; columns.len()];
        let mut y = vec![0.0; self.crew_columns.len()];
        let mut z = vec![0.0; self.visit_columns.len()];
        let mut crew_at: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
        for (j, ((_, k, d), _)) in self.crew_columns.iter().enumerate() {
            crew_at.entry((*k, *d)).or_default().push(j);
        }
        let visit_at: HashMap<(usize, usize), usize> = self
            .visit_columns
            .iter()
            .enumerate()
            .map(|(j, (sd, _))| (*sd, j))
            .collect();
        let mut order: Vec<usize> = (0..columns.len()).collect();
        let per_stop = |i: usize| tours[columns[i].0].cost / tours[columns[i].0].stops.len() as f64;
        order.sort_by(|&a, &b| {
            lp_x[b]
                .total_cmp(&lp_x[a])
                .then(per_stop(a).total_cmp(&per_stop(b)))
                .then(a.cmp(&b))
        });
        let le = |r: usize| self.rows[r].sense == Sense::Le;
        let fits = |act: &[f64], entries: &[(usize, f64)]| {
            entries
                .iter()
                .all(|&(r, a)| !le(r) || act[r] + a <= self.rows[r].rhs + 1e-9)
        };
        for strict in [true, false] {
            for &i in &order {
                if x[i] > 0.5 {
                    continue;
                }
                let (t, d) = columns[i];
                let tour = &tours[t];
                let Some(visits): Option<Vec<usize>> = tour
                    .stops
                    .iter()
                    .map(|&s| visit_at.get(&(s, d)).copied())
                    .collect()
                else {
                    continue;
                };
                if visits.iter().any(|&j| z[j] > 0.5 || self.visit_ub[j] < 0.5) {
                    continue;
                }
                let short: Vec<bool> = tour
                    .stops
                    .iter()
                    .map(|&s| {
                        self.demand_row[s]
                            .get(&d)
                            .is_some_and(|&r| act[r] < self.rows[r].rhs - 1e-9)
                    })
                    .collect();
                // Columns marked above 1 (a dive's plan) are taken as they are, when the rows allow.
                let wanted = lp_x[i] > 1.5
                    || if strict {
                        short.iter().all(|&b| b)
                    } else {
                        short.iter().any(|&b| b)
                    };
                if !wanted {
                    continue;
                }
                // Tentatively make the visits and staff the tour, then test the ≤ rows; the
                // changes are logged (row, value before) and undone when the tour does not fit,
                // since copying every row per try costs seconds on a base of 10,000 villages.
                let mut undo: Vec<(usize, f64)> = Vec::new();
                let mut apply = |act: &mut [f64], entries: &[(usize, f64)]| {
                    for &(r, a) in entries {
                        undo.push((r, act[r]));
                        act[r] += a;
                    }
                };
                let mut ok = true;
                for &j in &visits {
                    let e = &self.visit_columns[j].1;
                    ok &= fits(&act, e);
                    apply(&mut act, e);
                }
                let mut taken = Vec::new();
                for (kind, n) in &tour.slots {
                    if !ok {
                        break;
                    }
                    let Some(k) = self.kind_index(kind) else {
                        continue;
                    };
                    let need = act[self.slot_row[&(k, d)]] + *n as f64; // slots of this kind still unfilled on d
                    let mut cands: Vec<usize> = crew_at
                        .get(&(k, d))
                        .map(|v| {
                            v.iter()
                                .copied()
                                .filter(|&j| y[j] < 0.5 && !taken.contains(&j))
                                .collect()
                        })
                        .unwrap_or_default();
                    // Most room first: the least loaded of each clinician's limit rows.
                    let load = |j: usize, act: &[f64]| {
                        self.crew_columns[j]
                            .1
                            .iter()
                            .skip(1)
                            .map(|&(r, _)| act[r] / self.rows[r].rhs.max(1.0))
                            .fold(0.0, f64::max)
                    };
                    cands.sort_by(|&a, &b| load(a, &act).total_cmp(&load(b, &act)).then(a.cmp(&b)));
                    let mut filled = 0.0;
                    for j in cands {
                        if filled >= need - 1e-9 {
                            break;
                        }
                        let e = &self.crew_columns[j].1;
                        if fits(&act, &e[1..]) {
                            apply(&mut act, e);
                            taken.push(j);
                            filled += 1.0;
                        }
                    }
                    ok &= filled >= need - 1e-9;
                }
                let entries = self.column(tour, d);
                if ok && fits(&act, &entries) {
                    apply(&mut act, &entries);
                    x[i] = 1.0;
                    for j in taken {
                        y[j] = 1.0;
                    }
                    for j in visits {
                        z[j] = 1.0;
                    }
                } else {
                    for &(r, before) in undo.iter().rev() {
                        act[r] = before;
                    }
                }
            }
        }
        let u = self
            .comp
            .demands
            .iter()
            .enumerate()
            .map(|(q, d)| (d.required as f64 - act[q]).max(0.0));
        x.into_iter().chain(y).chain(z).chain(u).collect()
    }

    /// The objective of a start vector (x, y, z, u).
    pub fn objective_of(&self, tours: &[Tour], columns: &[(usize, usize)], start: &[f64]) -> f64 {
        let n = columns.len() + self.crew_columns.len() + self.visit_columns.len();
        let tours_cost: f64 = columns
            .iter()
            .zip(start)
            .map(|(&(t, _), v)| tours[t].cost * v)
            .sum();
        tours_cost
            + self
                .comp
                .demands
                .iter()
                .zip(&start[n..])
                .map(|(d, u)| d.penalty * u)
                .sum::<f64>()
    }

    /// A start vector (x, y, z, u) taken as the solution, with `bound` as what is known below it.
    pub fn solved_from_start(
        &self,
        tours: &[Tour],
        columns: &[(usize, usize)],
        start: &[f64],
        bound: f64,
    ) -> Solved {
        let (nx, ny, nz) = (
            columns.len(),
            self.crew_columns.len(),
            self.visit_columns.len(),
        );
        let objective = self.objective_of(tours, columns, start);
        Solved {
            x: start[..nx].to_vec(),
            y: start[nx..nx + ny].to_vec(),
            u: start[nx + ny + nz..].to_vec(),
            objective,
            mip_bound: Some(bound.min(objective)),
            optimal: false,
            out_of_time: false,
        }
    }

    #[allow(clippy::too_many_arguments)]
    /// Solves the MIP over the given tour-day columns, from a feasible start (x, y, z, then u);
    /// each better plan it finds on the way goes to `improved`.
    pub fn solve_mip(
        &self,
        tours: &[Tour],
        columns: &[(usize, usize)],
        time_limit: f64,
        mip_gap: f64,
        max_nodes: i32,
        start: Vec<f64>,
        stop: &crate::plan::budget::Stop,
        improved: &dyn Fn(&Improved),
    ) -> Result<Solved, String> {
        // Columns in this order in HiGHS: x, y, z, then u.
        let x_entries: Vec<Vec<(usize, f64)>> = columns
            .iter()
            .map(|&(t, d)| self.column(&tours[t], d))
            .collect();
        let u_entries: Vec<Vec<(usize, f64)>> = (0..self.comp.demands.len())
            .map(|q| {
                let mut e = vec![(q, 1.0)];
                e.extend(self.tour_count.map(|r| (r, 1.0)));
                e
            })
            .collect();
        let whole = |cost, upper, entries| Column {
            cost,
            lower: 0.0,
            upper,
            whole: true,
            entries,
        };
        let mut cols: Vec<Column> = Vec::new();
        for (&(t, _), e) in columns.iter().zip(&x_entries) {
            cols.push(whole(tours[t].cost, 1.0, e));
        }
        for (_, e) in &self.crew_columns {
            cols.push(whole(0.0, 1.0, e));
        }
        for ((_, e), &ub) in self.visit_columns.iter().zip(&self.visit_ub) {
            cols.push(Column {
                whole: false,
                ..whole(0.0, ub, e)
            });
        }
        for (d, e) in self.comp.demands.iter().zip(&u_entries) {
            cols.push(Column {
                whole: false,
                ..whole(d.penalty, d.required as f64, e)
            });
        }
        let rows: Vec<(Sense, f64)> = self.rows.iter().map(|r| (r.sense, r.rhs)).collect();
        let (nx, ny, nz, nu) = (
            columns.len(),
            self.crew_columns.len(),
            self.visit_columns.len(),
            u_entries.len(),
        );
        // Each better solution in the model's columns, as the window's figures.
        let follow = |values: &[f64]| {
            if values.len() != nx + ny + nz + nu {
                return;
            }
            let cost = columns
                .iter()
                .zip(values)
                .map(|(&(t, _), v)| tours[t].cost * v.round())
                .sum();
            let missing: f64 = values[nx + ny + nz..].iter().sum();
            improved(&Improved {
                cost,
                objective: self.objective_of(tours, columns, values),
                missing: missing.round().max(0.0) as u32,
                bound: None,
            });
        };
        // The start is a whole plan, so a time limit never ends without one.
        let run = run_mip_followed(
            &rows,
            &cols,
            MipLimits::new(time_limit, mip_gap, Some(max_nodes)),
            &start,
            stop,
            Some(&follow),
        )?;
        let cols = &run.values;
        if cols.len() < nx + ny + nz + nu {
            return Err("HiGHS returned no solution".into());
        }
        // The objective from the solution itself (see `MipRun::bound`).
        let objective = self.objective_of(tours, columns, cols);
        let mip_bound = run.bound(objective, mip_gap);
        Ok(Solved {
            // Columns are numbered in the order they were added: x, y, z, then u.
            x: cols[..nx].to_vec(),
            y: cols[nx..nx + ny].to_vec(),
            u: cols[nx + ny + nz..nx + ny + nz + nu].to_vec(),
            objective,
            mip_bound,
            optimal: run.optimal,
            out_of_time: run.out_of_time,
        })
    }
}
