//! Solving a benchmark instance with the planner's engines: the ruin-and-recreate route engine
//! (`tours::sisr`), then a set-partitioning integer program (HiGHS) over the routes it found,
//! which for a periodic instance is the integer program over days: it picks each customer's day
//! pattern and each day's routes together.

use super::instance::{Family, Instance, Route as InstRoute, Solution as InstSolution};
use crate::tours::sisr::{self, Problem, Route, Settings};
use good_lp::{constraint, variable, Expression, ProblemVariables, SolverModel};
use std::time::Instant;

/// The engine's problem for an instance.
pub fn problem(inst: &Instance) -> Problem {
    let n = inst.nodes();
    let periodic = inst.family == Family::Pvrp;
    let patterns = (0..n)
        .map(|i| {
            if i < inst.depots {
                vec![]
            } else if periodic {
                inst.patterns[i].clone()
            } else {
                vec![1]
            }
        })
        .collect();
    Problem {
        depots: inst.depots,
        dist: inst.matrix(),
        demand: inst.demand.clone(),
        service: inst.service.clone(),
        ready: inst.ready.clone(),
        due: inst.due.clone(),
        capacity: inst.capacity,
        max_duration: inst.max_duration,
        days: inst.days.max(1),
        vehicles_per_day_depot: match inst.family {
            Family::Pvrp | Family::Mdvrp => inst.vehicles,
            _ => None,
        },
        vehicles_total: match inst.family {
            Family::Vrptw => inst.vehicles,
            _ => None,
        },
        patterns,
        customers: inst.customers().collect(),
    }
}

pub struct Solved {
    pub solution: InstSolution,
    pub cost: f64,
    pub iterations: u64,
    /// Routes in the pool the integer program chose from.
    pub pool: usize,
    /// The integer program improved on the engine's best.
    pub improved: bool,
}

/// Solves within `seconds`: most of the time in the route engine, the rest in the integer program.
pub fn solve(inst: &Instance, seconds: f64, seed: u64) -> Solved {
    solve_within(inst, seconds, None, seed)
}

/// Solves with the engine stopped after `iterations` (when given) or 85 % of `seconds`, whichever
/// comes first, and the integer program in the time left: with a count of iterations and time to
/// spare, the result is the same on any machine.
pub fn solve_within(inst: &Instance, seconds: f64, iterations: Option<u64>, seed: u64) -> Solved {
    let started = Instant::now();
    let p = problem(inst);
    let engine_share = 0.85;
    let out = sisr::solve(
        &p,
        &Settings {
            seconds: seconds * engine_share,
            seed,
            max_iterations: iterations,
            ..Settings::default()
        },
        None,
    );
    let mut best = out.best;
    let mut cost = best.routes.iter().map(|r| r.cost).sum::<f64>();
    let mut improved = false;
    let left = seconds - started.elapsed().as_secs_f64();
    if best.missing.is_empty() && left > 0.2 {
        if let Some((routes, c)) = set_partitioning(&p, &out.pool, &best.routes, left) {
            if c < cost - 1e-6 {
                best.routes = routes;
                cost = c;
                improved = true;
            }
        }
    }
    Solved {
        solution: InstSolution {
            routes: best
                .routes
                .iter()
                .map(|r| InstRoute {
                    day: r.day,
                    depot: r.depot,
                    customers: r.nodes.clone(),
                })
                .collect(),
        },
        cost,
        iterations: out.iterations,
        pool: out.pool.len(),
        improved,
    }
}

/// Picks routes from the pool, each on a day, so that every customer gets one of its patterns,
/// within the vehicles per day (and depot); starts from the engine's best.
fn set_partitioning(
    p: &Problem,
    pool: &[Route],
    start: &[Route],
    seconds: f64,
) -> Option<(Vec<Route>, f64)> {
    let periodic = p.days > 1;
    let mut vars = ProblemVariables::new();
    // A route of the pool can run on any day (the days are alike in every instance here).
    let mut columns: Vec<(usize, usize)> = Vec::new();
    for (ri, _) in pool.iter().enumerate() {
        for day in 0..p.days {
            columns.push((ri, day));
        }
    }
    let x: Vec<_> = columns
        .iter()
        .map(|_| vars.add(variable().binary()))
        .collect();
    let n = p.demand.len();
    let z: Vec<Vec<_>> = (0..n)
        .map(|c| {
            if periodic {
                p.patterns[c]
                    .iter()
                    .map(|_| vars.add(variable().binary()))
                    .collect()
            } else {
                vec![]
            }
        })
        .collect();
    let mut objective = Expression::with_capacity(columns.len());
    for (i, &(ri, _)) in columns.iter().enumerate() {
        objective.add_mul(pool[ri].cost, x[i]);
    }
    let mut model = vars.minimise(objective).using(good_lp::highs);
    // Visits of each customer on each day.
    let mut visits: Vec<Vec<Expression>> = vec![vec![Expression::default(); p.days]; n];
    let mut per_day: Vec<Vec<Expression>> = vec![vec![Expression::default(); p.depots]; p.days];
    let mut total = Expression::default();
    for (i, &(ri, day)) in columns.iter().enumerate() {
        for &c in &pool[ri].nodes {
            visits[c][day].add_mul(1.0, x[i]);
        }
        per_day[day][pool[ri].depot].add_mul(1.0, x[i]);
        total.add_mul(1.0, x[i]);
    }
    for &c in &p.customers {
        if periodic {
            let mut one = Expression::default();
            for &v in &z[c] {
                one.add_mul(1.0, v);
            }
            model.add_constraint(constraint!(one == 1.0));
            for (day, on_day) in visits[c].iter().enumerate() {
                let mut want = Expression::default();
                for (k, &mask) in p.patterns[c].iter().enumerate() {
                    if mask & (1 << day) != 0 {
                        want.add_mul(1.0, z[c][k]);
                    }
                }
                model.add_constraint(constraint!(on_day.clone() == want));
            }
        } else {
            model.add_constraint(constraint!(visits[c][0].clone() == 1.0));
        }
    }
    if let Some(m) = p.vehicles_per_day_depot {
        for day_rows in per_day {
            for e in day_rows {
                model.add_constraint(constraint!(e <= m as f64));
            }
        }
    }
    if let Some(m) = p.vehicles_total {
        model.add_constraint(constraint!(total <= m as f64));
    }
    // The engine's best as the start.
    let index: std::collections::HashMap<(usize, &Vec<usize>), usize> = pool
        .iter()
        .enumerate()
        .map(|(i, r)| ((r.depot, &r.nodes), i))
        .collect();
    let mut start_x = vec![0.0; columns.len()];
    for r in start {
        let ri = *index.get(&(r.depot, &r.nodes))?;
        start_x[ri * p.days + r.day] = 1.0;
    }
    // Columns are numbered in the order they were added: x, then z.
    let mut initial = start_x;
    if periodic {
        for &c in &p.customers {
            let days: u32 = start
                .iter()
                .filter(|r| r.nodes.contains(&c))
                .fold(0, |m, r| m | (1 << r.day));
            for &mask in &p.patterns[c] {
                initial.push(if mask == days { 1.0 } else { 0.0 });
            }
        }
    }
    let mut model = model.into_inner();
    model.make_quiet();
    model.set_option("threads", 1);
    model.set_option("random_seed", 0);
    model.set_option("time_limit", seconds.max(0.1));
    model.set_solution(Some(&initial), None, None, None);
    let solved = model.try_solve().ok()?;
    let values = solved.get_solution();
    let values = values.columns();
    if values.len() < columns.len() {
        return None;
    }
    let mut routes = Vec::new();
    let mut cost = 0.0;
    for (i, &(ri, day)) in columns.iter().enumerate() {
        if values[i] > 0.5 {
            let mut r = pool[ri].clone();
            r.day = day;
            cost += r.cost;
            routes.push(r);
        }
    }
    Some((routes, cost))
}
