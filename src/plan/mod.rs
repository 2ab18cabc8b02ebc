//! Planning: per base, a pool of candidate tours, column generation on the LP relaxation of the master
//! program (duals price tour-days), then the MIP over the generated columns with HiGHS. Bases share
//! nothing, so they are solved in parallel; their results are joined in base order.

mod assign;
mod diagnose;
pub mod master;

use crate::model::{Component, Model, SlotKind};
use crate::scenario::Scenario;
use crate::schedule::Schedule;
use crate::tours::{self, Limits, Tour};
use master::Master;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

#[derive(Clone, Debug)]
pub struct Options {
    pub time_limit_seconds: f64,
    pub mip_gap: f64,
    pub seed: u64,
    pub threads: usize,
    /// Largest number of tours enumerated per base before falling back to heuristics.
    pub enumeration_cap: usize,
    pub max_cg_rounds: usize,
}

impl Options {
    pub fn from_scenario(s: &Scenario) -> Options {
        Options {
            time_limit_seconds: s.solver.time_limit_seconds,
            mip_gap: s.solver.mip_gap,
            seed: 1,
            threads: 0,
            enumeration_cap: 60_000,
            max_cg_rounds: 60,
        }
    }
}

/// One chosen tour on one day, with its vehicle and crew.
#[derive(Clone, Debug)]
pub struct Run {
    pub component: usize,
    pub tour: Tour,
    pub day: usize,
    pub vehicle: usize,
    pub crew: Vec<(usize, SlotKind)>,
}

/// A demand the plan leaves short, and why.
#[derive(Clone, Debug)]
pub struct Shortfall {
    pub component: usize,
    pub demand: usize,
    pub missing: u32,
    pub reason: String,
}

/// How one base was solved.
#[derive(Clone, Debug, Default)]
pub struct ComponentStats {
    pub objective: f64,
    pub pool_bound: f64,
    /// A lower bound on every plan of this base, not only those made of generated tours.
    pub bound: Option<f64>,
    pub lp_value: f64,
    pub pool_tours: usize,
    pub columns: usize,
    pub rounds: usize,
    pub enumerated: bool,
    pub mip_optimal: bool,
}

pub struct Plan {
    pub runs: Vec<Run>,
    pub shortfalls: Vec<Shortfall>,
    pub stats: Vec<ComponentStats>,
    pub solve_seconds: f64,
}

/// Progress reports while planning (bases done out of all).
pub trait Progress: Sync {
    fn base_done(&self, done: usize, total: usize, base_name: &str);
}

pub struct Quiet;
impl Progress for Quiet {
    fn base_done(&self, _: usize, _: usize, _: &str) {}
}

#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error("base `{base}`: {message}")]
    Solver { base: String, message: String },
    #[error("cannot start the thread pool: {0}")]
    Threads(String),
}

/// Plans a whole scenario and returns the schedule.
pub fn plan(
    scenario: &Scenario,
    options: &Options,
    progress: &dyn Progress,
) -> Result<Schedule, PlanError> {
    let start = Instant::now();
    let model = Model::build(scenario);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads)
        .build()
        .map_err(|e| PlanError::Threads(e.to_string()))?;
    let deadline = start + std::time::Duration::from_secs_f64(options.time_limit_seconds);
    let total = model.components.len();
    let done = AtomicUsize::new(0);
    let threads = pool.current_num_threads().max(1);
    // Large bases first, so that the slowest ones do not start last.
    let mut order: Vec<usize> = (0..total).collect();
    order.sort_by_key(|&i| {
        std::cmp::Reverse(model.components[i].services.len() * model.components[i].days.len())
    });
    let results: Vec<(usize, Result<ComponentResult, PlanError>)> = pool.install(|| {
        order
            .par_iter()
            .map(|&i| {
                // An equal share of the whole limit per base, never past the deadline.
                let remaining = deadline
                    .saturating_duration_since(Instant::now())
                    .as_secs_f64();
                let budget = (options.time_limit_seconds * threads as f64 / total.max(1) as f64)
                    .min(remaining)
                    .max(0.5);
                let r = solve_component(&model, i, options, budget);
                let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                progress.base_done(n, total, &scenario.bases[model.components[i].base].name);
                (i, r)
            })
            .collect()
    });
    let mut results: Vec<(usize, ComponentResult)> = results
        .into_iter()
        .map(|(i, r)| r.map(|r| (i, r)))
        .collect::<Result<_, _>>()?;
    results.sort_by_key(|(i, _)| *i);
    let mut plan = Plan {
        runs: vec![],
        shortfalls: vec![],
        stats: vec![],
        solve_seconds: 0.0,
    };
    for (_, r) in results {
        plan.runs.extend(r.runs);
        plan.shortfalls.extend(r.shortfalls);
        plan.stats.push(r.stats);
    }
    plan.solve_seconds = start.elapsed().as_secs_f64();
    Ok(Schedule::from_plan(&model, &plan, options.seed))
}

struct ComponentResult {
    runs: Vec<Run>,
    shortfalls: Vec<Shortfall>,
    stats: ComponentStats,
}

fn slot_kinds(s: &Scenario, c: &Component) -> Vec<SlotKind> {
    let mut kinds: Vec<SlotKind> = s
        .crew
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(r, _)| SlotKind::Role(r.clone()))
        .collect();
    kinds.extend(
        c.services
            .iter()
            .filter_map(|x| x.specialty.clone())
            .map(SlotKind::Specialty),
    );
    kinds.sort();
    kinds.dedup();
    kinds
}

fn solve_component(
    model: &Model,
    ci: usize,
    o: &Options,
    budget: f64,
) -> Result<ComponentResult, PlanError> {
    let started = Instant::now();
    let s = model.scenario;
    let c = &model.components[ci];
    let err = |message: String| PlanError::Solver {
        base: s.bases[c.base].id.clone(),
        message,
    };
    let limits = Limits::of(s, c);
    let enumerated = tours::enumerate(s, c, &model.travel, &limits, o.enumeration_cap);
    let complete = enumerated.is_some();
    let mut pool: Vec<Tour> = match enumerated {
        Some(t) => t,
        None => {
            let mut rng = ChaCha8Rng::seed_from_u64(
                o.seed ^ (c.base as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15),
            );
            tours::construct(s, c, &model.travel, &limits, &mut rng, 3)
        }
    };
    let master = Master::new(s, c, slot_kinds(s, c));
    let mut columns: Vec<(usize, usize)> = Vec::new();
    let mut in_model: std::collections::HashSet<(usize, usize)> = Default::default();
    let mut best_bound = f64::NEG_INFINITY;
    let mut lp_value = 0.0;
    let mut rounds = 0;
    let mut shapes = Vec::new();
    let per_day = (c.vehicles.len() * 3).clamp(3, 12);
    while rounds < o.max_cg_rounds && started.elapsed().as_secs_f64() < budget * 0.6 {
        rounds += 1;
        let lp = master
            .solve(
                &pool,
                &columns,
                false,
                (budget - started.elapsed().as_secs_f64()).max(0.2),
                o.mip_gap,
            )
            .map_err(err)?;
        lp_value = lp.objective;
        if !complete {
            add_priced_tours(s, c, model, &limits, &master, &lp.duals, &mut pool);
        }
        let mut min_rc: HashMap<usize, f64> = HashMap::new();
        let mut added = 0;
        if shapes.len() < pool.len() {
            shapes.extend(pool[shapes.len()..].iter().map(|t| master.tour_shape(t)));
        }
        for &d in &c.days {
            let prices = master.day_prices(d, &lp.duals);
            let mut cands: Vec<(f64, usize)> = Vec::new();
            let mut least = 0.0f64;
            for (t, tour) in pool.iter().enumerate() {
                if !tours::runs_on(c, tour, d) {
                    continue;
                }
                let rc = master.priced(tour, &shapes[t], &prices);
                least = least.min(rc);
                if rc < -1e-6 && !in_model.contains(&(t, d)) {
                    cands.push((rc, t));
                }
            }
            min_rc.insert(d, least);
            cands.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            for &(_, t) in cands.iter().take(per_day) {
                columns.push((t, d));
                in_model.insert((t, d));
                added += 1;
            }
        }
        if complete {
            best_bound = best_bound.max(master.lagrangian_bound(&lp.duals, &min_rc));
        } else {
            let lower = heuristic_rc_lower_bounds(s, c, &master, &lp.duals);
            best_bound = best_bound.max(master.lagrangian_bound(&lp.duals, &lower));
        }
        if added == 0 {
            break;
        }
    }
    let lp = master
        .solve(&pool, &columns, false, budget, o.mip_gap)
        .map_err(err)?;
    // The MIP works on the columns the LP likes best: those it uses and those of least reduced cost.
    let (mut columns, mut lp_x) = restrict(&master, &pool, &columns, &lp, 30 * c.days.len().max(1));
    // Short tours for every service on every open day, so the starting plan can patch what the LP's
    // columns leave uncovered; the MIP keeps those the start uses.
    let n_lp = columns.len();
    columns.extend(patch_columns(c, &pool));
    lp_x.resize(columns.len(), 0.0);
    let mut start = master.greedy(&pool, &columns, &lp_x);
    let keep: Vec<bool> = (0..columns.len())
        .map(|i| i < n_lp || start[i] > 0.5)
        .collect();
    let mut i = 0;
    columns.retain(|_| {
        i += 1;
        keep[i - 1]
    });
    let mut i = 0;
    start.retain(|_| {
        i += 1;
        i > keep.len() || keep[i - 1]
    });
    let mip_time = (budget - started.elapsed().as_secs_f64()).max(1.0);
    let mip = master
        .solve_from(&pool, &columns, true, mip_time, o.mip_gap, Some(start))
        .map_err(err)?;
    let pool_bound = mip.mip_bound.unwrap_or(mip.objective).min(mip.objective);
    let runs = assign::runs(s, c, ci, &master, &pool, &columns, &mip).map_err(err)?;
    let shortfalls = diagnose::shortfalls(s, c, ci, &model.travel, &limits, &pool, &runs, &mip.u);
    let bound = best_bound
        .is_finite()
        .then(|| best_bound.min(mip.objective));
    if std::env::var_os("OUTREACH_DEBUG").is_some() {
        eprintln!(
            "base {} services {} pool {} complete {} rounds {} columns {} lp {:.1} bound {:.1} mip {:.1} pool_bound {:.1} optimal {} {:.2}s (budget {:.1}s)",
            s.bases[c.base].id, c.services.len(), pool.len(), complete, rounds, columns.len(), lp_value, best_bound,
            mip.objective, pool_bound, mip.optimal, started.elapsed().as_secs_f64(), budget
        );
    }
    Ok(ComponentResult {
        runs,
        shortfalls,
        stats: ComponentStats {
            objective: mip.objective,
            pool_bound,
            bound,
            lp_value,
            pool_tours: pool.len(),
            columns: columns.len(),
            rounds,
            enumerated: complete,
            mip_optimal: mip.optimal,
        },
    })
}

/// For each service, its cheapest tours of one or two stops, on every day they can run.
fn patch_columns(c: &Component, pool: &[Tour]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for s in 0..c.services.len() {
        let mut short: Vec<usize> = (0..pool.len())
            .filter(|&t| pool[t].stops.len() <= 2 && pool[t].stops.contains(&s))
            .collect();
        short.sort_by(|&a, &b| pool[a].cost.total_cmp(&pool[b].cost).then(a.cmp(&b)));
        for &t in short.iter().take(4) {
            out.extend(
                c.days
                    .iter()
                    .copied()
                    .filter(|&d| tours::runs_on(c, &pool[t], d))
                    .map(|d| (t, d)),
            );
        }
    }
    out
}

/// The columns the LP uses plus the `keep` of least reduced cost, with their LP values.
fn restrict(
    master: &Master,
    pool: &[Tour],
    columns: &[(usize, usize)],
    lp: &master::Solved,
    keep: usize,
) -> (Vec<(usize, usize)>, Vec<f64>) {
    let mut ranked: Vec<(bool, f64, usize)> = columns
        .iter()
        .enumerate()
        .map(|(i, &(t, d))| {
            (
                lp.x[i] <= 1e-6,
                master.reduced_cost(&pool[t], d, &lp.duals),
                i,
            )
        })
        .collect();
    ranked.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(&b.2)));
    let used = ranked.iter().filter(|r| !r.0).count();
    let mut chosen: Vec<usize> = ranked.iter().take(used.max(keep)).map(|r| r.2).collect();
    chosen.sort_unstable();
    (
        chosen.iter().map(|&i| columns[i]).collect(),
        chosen.iter().map(|&i| lp.x[i]).collect(),
    )
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
fn add_priced_tours(
    s: &Scenario,
    c: &Component,
    model: &Model,
    limits: &Limits,
    master: &Master,
    duals: &[f64],
    pool: &mut Vec<Tour>,
) {
    let mut seen: std::collections::HashSet<Vec<usize>> = pool
        .iter()
        .map(|t| {
            let mut k = t.stops.clone();
            k.sort_unstable();
            k
        })
        .collect();
    for &d in &c.days {
        let prize = prizes(c, master, d, duals);
        for t in tours::heuristic_price(s, c, &model.travel, limits, &prize) {
            let mut k = t.stops.clone();
            k.sort_unstable();
            if seen.insert(k) {
                pool.push(t);
            }
        }
    }
}

/// A lower bound on the reduced cost of any tour on each day, valid without enumerating tours: the
/// vehicle-day cost minus the most prize a working day's worth of service time can collect (fractional
/// knapsack over the positive prizes); the other dual terms of a tour are never negative.
fn heuristic_rc_lower_bounds(
    s: &Scenario,
    c: &Component,
    master: &Master,
    duals: &[f64],
) -> HashMap<usize, f64> {
    let mut out = HashMap::new();
    for &d in &c.days {
        let prize = prizes(c, master, d, duals);
        let mut items: Vec<(f64, f64)> = (0..c.services.len())
            .filter(|&x| prize[x] > 0.0)
            .map(|x| (prize[x], c.services[x].service_minutes))
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
        out.insert(d, c.cost_per_day - gain);
    }
    out
}
