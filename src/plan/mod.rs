//! Planning: per base, a pool of candidate tours, column generation on the LP relaxation of the master
//! program (duals price tour-days), then the MIP over the generated columns with HiGHS. Bases share
//! nothing, so they are solved in parallel; their results are joined in base order.

mod assign;
pub mod budget;
mod campaign;
mod cover;
mod diagnose;
pub mod fixed;
mod lp;
pub mod master;
mod pricing;
pub mod reason;
mod result;
mod rmp;
pub mod rota;
pub mod shard;
mod shared;
mod starts;
mod window;

use crate::model::{Component, Model, SlotKind};
use crate::scenario::{Effort, Scenario};
use crate::schedule::Schedule;
use crate::tours::{self, Limits, Tour};
use budget::{Cap, Stop};
use master::History;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use window::solve_window;

pub use campaign::{Ceiling, CeilingStep};
pub use result::{ComponentStats, IdleRun, Plan, Run, Shortfall, TreeStats, TreeStop, TripPart};
pub use shared::Shared;
use shared::{pool_fingerprint, travel_fingerprint};

#[derive(Clone, Debug)]
pub struct Options {
    /// A hard cap on the whole run, in seconds (infinite: none). It does not decide the plan.
    pub time_limit_seconds: f64,
    pub mip_gap: f64,
    pub seed: u64,
    pub threads: usize,
    /// The work limits of every phase.
    pub effort: Effort,
    /// Largest number of tours enumerated per base before falling back to heuristics.
    pub enumeration_cap: usize,
    /// A request to end early with the best plan so far (Ctrl-C).
    pub stop: Stop,
    /// Work already fixed that the plan builds around (a re-plan); `None` plans from scratch.
    pub fixed: Option<Arc<fixed::Fixed>>,
}

impl Options {
    pub fn from_scenario(s: &Scenario) -> Options {
        Options {
            time_limit_seconds: s.solver.time_limit_seconds,
            mip_gap: s.solver.mip_gap,
            seed: 1,
            threads: 0,
            effort: s.solver.effort,
            enumeration_cap: 60_000,
            stop: Stop::new(),
            fixed: None,
        }
    }
}

/// Progress reports while planning (bases done out of all).
pub trait Progress: Sync {
    fn base_done(&self, done: usize, total: usize, base_name: &str);

    /// Where a long solve of one base stands (a campaign's rounds and phases), in words of the
    /// catalogues so that each reader shows them in its language.
    fn phase(&self, _base_name: &str, _what: &crate::lang::Text) {}

    /// A base's best plan so far: reported each time its planner has a better (or a further)
    /// plan, so a follower can show the whole plan's figures before the run ends.
    fn best(&self, _best: &Incumbent) {}
}

/// One base's best plan so far, as far as its planner has gone: the periods planned up to now
/// (a day-tour base plans its horizon period by period), their cost, objective and bounds, and
/// the visits they owe and make. A workbench keeps it with the run, so it is serialisable.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Incumbent {
    pub component: usize,
    /// The planning cost of the tours chosen (with a re-plan's change cost).
    pub cost: f64,
    /// Cost plus the penalties of the visits left out.
    pub objective: f64,
    /// A lower bound on the objective of the part planned; `None` where none is proven.
    pub bound: Option<f64>,
    pub visits_required: u32,
    pub visits_met: u32,
    /// Periods planned, out of the base's periods.
    pub periods_done: usize,
    pub periods: usize,
}

pub struct Quiet;
impl Progress for Quiet {
    fn base_done(&self, _: usize, _: usize, _: &str) {}
}

#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error("base `{base}`: {message}")]
    Solver { base: String, message: String },
    /// An expert-station scenario has no tours to plan: `rota::plan_rota` plans it.
    #[error("{}", crate::text!("rota-tours-of-a-rota", name = .0.as_str()))]
    ExpertStations(String),
}

/// Plans a whole scenario and returns the schedule.
pub fn plan(
    scenario: &Scenario,
    options: &Options,
    progress: &dyn Progress,
) -> Result<Schedule, PlanError> {
    plan_shared(scenario, options, progress, &Shared::new())
}

/// Plans a whole scenario, reusing what `shared` holds from earlier plans of variations of it.
pub fn plan_shared(
    scenario: &Scenario,
    options: &Options,
    progress: &dyn Progress,
    shared: &Shared,
) -> Result<Schedule, PlanError> {
    if scenario.experts.is_some() {
        return Err(PlanError::ExpertStations(scenario.name.clone()));
    }
    let travel_key = travel_fingerprint(scenario);
    let mut model = Model::build_with(scenario, shared.travel(scenario, travel_key));
    if let Some(f) = &options.fixed {
        for c in &mut model.components {
            f.restrict(c);
        }
        // Around fixed work, a base that owes nothing new has nothing to plan.
        model.components.retain(|c| !c.demands.is_empty());
    }
    let model = model;
    let all: Vec<usize> = (0..model.components.len()).collect();
    let solved = solve_bases(&model, &all, options, progress, shared, travel_key)?;
    let plan = assemble(&model, solved, options.effort);
    Ok(Schedule::from_plan(&model, &plan, options.seed))
}

/// The ceiling of the bounds on each campaign base of `scenario` (`outreach bench ceiling`): its
/// bounding LP with memories grown until no trip it runs visits a village twice, which is then
/// the LP over all real trips, so that no bound from an LP over trips exceeds it. Slow (Ngamring:
/// about 200 s on 2 cores, where a plan's bound stops within 0.1 % of it); the cap's clock still
/// stops it. Empty where the scenario plans day tours, not trips of teams.
pub fn campaign_ceilings(
    scenario: &Scenario,
    options: &Options,
) -> Result<Vec<Ceiling>, PlanError> {
    if !scenario.team_mode() || scenario.experts.is_some() {
        return Ok(Vec::new());
    }
    let model = Model::build(scenario);
    let cap = Cap::new(options.time_limit_seconds, options.stop.clone());
    (0..model.components.len())
        .map(|ci| {
            campaign::ceiling(&model, ci, options, &cap).map_err(|message| PlanError::Solver {
                base: scenario.bases[model.components[ci].base].id.clone(),
                message,
            })
        })
        .collect()
}

/// What planning some of a scenario's bases yields before it becomes a schedule: each base's
/// result by component, in component order, and how the run went.
struct Solved {
    results: Vec<(usize, ComponentResult)>,
    cut_by_time: Vec<String>,
    interrupted: bool,
    solve_seconds: f64,
}

/// Plans the components `which` (each on its own; they share nothing) on `options.threads`.
fn solve_bases(
    model: &Model,
    which: &[usize],
    options: &Options,
    progress: &dyn Progress,
    shared: &Shared,
    travel_key: u64,
) -> Result<Solved, PlanError> {
    let scenario = model.scenario;
    let cap = Cap::new(options.time_limit_seconds, options.stop.clone());
    // Plain scoped threads, not a thread pool: a plan inside a sweep's pool would otherwise let the
    // pool start other variations on the waiting thread.
    let threads = match options.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    };
    let total = which.len();
    let done = AtomicUsize::new(0);
    let begun = AtomicUsize::new(0);
    // Large bases first, taken from one queue by every thread, so the slowest ones do not start
    // last. Each base's work limits are its own, so which thread takes it changes nothing.
    let weight = |i: usize| component_weight(&model.components[i]) as f64;
    let mut order: Vec<usize> = which.to_vec();
    order.sort_by(|&a, &b| weight(b).total_cmp(&weight(a)).then(a.cmp(&b)));
    let results = std::sync::Mutex::new(Vec::with_capacity(total));
    let worker = || loop {
        let k = begun.fetch_add(1, Ordering::Relaxed);
        let Some(&i) = order.get(k) else { break };
        let r = solve_component(model, i, options, &cap, shared, travel_key, progress);
        let n = done.fetch_add(1, Ordering::Relaxed) + 1;
        progress.base_done(n, total, &scenario.bases[model.components[i].base].name);
        results
            .lock()
            .expect("no thread panics holding it")
            .push((i, r));
    };
    if threads == 1 {
        worker();
    } else {
        std::thread::scope(|scope| {
            for _ in 0..threads {
                scope.spawn(worker);
            }
        });
    }
    let results = results.into_inner().expect("all threads are done");
    let mut results: Vec<(usize, ComponentResult)> = results
        .into_iter()
        .map(|(i, r)| r.map(|r| (i, r)))
        .collect::<Result<_, _>>()?;
    results.sort_by_key(|(i, _)| *i);
    Ok(Solved {
        results,
        cut_by_time: cap.cuts(),
        interrupted: cap.stopped(),
        solve_seconds: cap.elapsed(),
    })
}

/// How much planning a base takes, roughly: its services times its working days.
fn component_weight(c: &Component) -> usize {
    (c.services.len() * c.days.len()).max(1)
}

/// Joins the bases' results, in component order, into one plan.
fn assemble(model: &Model, solved: Solved, effort: Effort) -> Plan {
    let scenario = model.scenario;
    let mut plan = Plan {
        runs: vec![],
        shortfalls: vec![],
        idle: vec![],
        stats: vec![],
        solve_seconds: solved.solve_seconds,
        effort,
        cut_by_time: solved.cut_by_time,
        interrupted: solved.interrupted,
    };
    for (i, mut r) in solved.results {
        // Where the clock cut a base's planning, "capacity" is not the reason: the time was.
        let base = &scenario.bases[model.components[i].base].id;
        let cut = plan.cut_by_time.iter().any(|c| {
            c.strip_prefix(base.as_str())
                .is_some_and(|rest| rest.starts_with(':') || rest.starts_with(' '))
        });
        if cut {
            for f in &mut r.shortfalls {
                if f.reason.code == reason::ReasonCode::Capacity {
                    f.reason = reason::Reason::cut_by_time(base);
                }
            }
        }
        plan.runs.extend(r.runs);
        plan.shortfalls.extend(r.shortfalls);
        plan.idle.extend(r.idle);
        plan.stats.push(r.stats);
    }
    plan
}

struct ComponentResult {
    runs: Vec<Run>,
    shortfalls: Vec<Shortfall>,
    idle: Vec<IdleRun>,
    stats: ComponentStats,
    /// Pool tours the window's LP or plan used: the next window starts from them on every day.
    seeds: Vec<usize>,
    /// The window's plan, which the next window may repeat.
    previous: starts::Previous,
}

/// The slot kinds a base's tours fill: every crew role, and each specialty its services ask for.
pub fn slot_kinds(s: &Scenario, c: &Component) -> Vec<SlotKind> {
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
    if c.services.iter().any(|x| s.needs_clearance(x.site)) {
        let cleared: Vec<SlotKind> = kinds.iter().cloned().map(SlotKind::cleared).collect();
        kinds.extend(cleared);
    }
    kinds.sort();
    kinds.dedup();
    kinds
}

fn solve_component(
    model: &Model,
    ci: usize,
    o: &Options,
    cap: &Cap,
    shared: &Shared,
    travel_key: u64,
    progress: &dyn Progress,
) -> Result<ComponentResult, PlanError> {
    let s = model.scenario;
    let c = &model.components[ci];
    let err = |message: String| PlanError::Solver {
        base: s.bases[c.base].id.clone(),
        message,
    };
    if s.team_mode() {
        let r = campaign::solve(model, ci, o, cap, progress).map_err(err)?;
        let required: u32 = c.demands.iter().map(|d| d.required).sum();
        let missing: u32 = r.shortfalls.iter().map(|f| f.missing).sum();
        progress.best(&Incumbent {
            component: ci,
            cost: r.runs.iter().map(|x| x.tour.cost).sum(),
            objective: r.stats.objective,
            bound: r.stats.bound,
            visits_required: required,
            visits_met: required.saturating_sub(missing),
            periods_done: 1,
            periods: 1,
        });
        return Ok(r);
    }
    let limits = Limits::of(s, c);
    let key = pool_fingerprint(s, travel_key, c, &limits, o.enumeration_cap);
    let base_id = &s.bases[c.base].id;
    let base_name = &s.bases[c.base].name;
    progress.phase(base_name, &crate::text!("phase-candidate-tours"));
    if std::env::var_os("OUTREACH_DEBUG").is_some() {
        eprintln!("base {base_id}: begins at {:.2}s", cap.elapsed());
    }
    // Past its share of the cap, a base plans from its simplest tours: a whole plan, quickly.
    let enumerated = if cap.past(budget::POOL) {
        cap.cut(format!("{base_id}: tour enumeration"));
        Arc::new(None)
    } else {
        shared.pool(key, || {
            tours::enumerate(s, c, &model.travel, &limits, o.enumeration_cap)
        })
    };
    let complete = enumerated.is_some();
    if std::env::var_os("OUTREACH_DEBUG").is_some() {
        eprintln!("base {base_id}: pool ready at {:.2}s", cap.elapsed());
    }
    let near = if complete {
        Vec::new()
    } else {
        tours::neighbours(c, &model.travel)
    };
    let mut engine_best: Vec<Vec<usize>> = Vec::new();
    let mut pool: Vec<Tour> = match enumerated.as_ref() {
        Some(t) => t.clone(),
        None => {
            let mut rng = ChaCha8Rng::seed_from_u64(
                o.seed ^ (c.base as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15),
            );
            let stop = || cap.past(budget::POOL);
            let mut built =
                tours::construct(s, c, &model.travel, &limits, &near, &mut rng, 3, &stop);
            if stop() {
                cap.cut(format!("{base_id}: tour construction"));
            } else {
                progress.phase(base_name, &crate::text!("phase-route-engine"));
                let engined = tours::engine_tours(
                    s,
                    c,
                    &model.travel,
                    &limits,
                    o.effort.day_work().engine_iterations,
                    o.seed ^ c.base as u64,
                    cap.left(budget::POOL),
                );
                if stop() {
                    cap.cut(format!("{base_id}: route engine"));
                }
                built.extend(engined.tours);
                built = tours::dedup(built);
                engine_best = engined.best;
            }
            built
        }
    };
    // The engine's best routes, as pool tours: a whole cover of the base's services.
    let engine_cover: Vec<usize> = {
        let index: HashMap<Vec<usize>, usize> = pool
            .iter()
            .enumerate()
            .map(|(i, t)| (tours::stop_set(&t.stops), i))
            .collect();
        engine_best
            .iter()
            .filter_map(|stops| index.get(&tours::stop_set(stops)).copied())
            .collect()
    };
    let windows = c.windows(31);
    let mut history = History {
        last_visit: vec![None; c.services.len()],
        worked: o
            .fixed
            .as_ref()
            .map(|f| f.worked_days())
            .unwrap_or_default(),
    };
    let mut seeds: Vec<usize> = Vec::new();
    let mut previous = starts::Previous::default();
    let mut total = ComponentResult {
        runs: vec![],
        shortfalls: vec![],
        idle: vec![],
        seeds: vec![],
        previous: Default::default(),
        stats: ComponentStats {
            pool_tours: pool.len(),
            enumerated: complete,
            mip_optimal: true,
            bound: Some(0.0),
            ..Default::default()
        },
    };
    // Set-cover bounds of the tour count, by the services a window owes (windows mostly owe the same).
    let mut covers: HashMap<Vec<bool>, usize> = HashMap::new();
    let mut cover_tours: HashMap<Vec<bool>, cover::Cover> = HashMap::new();
    let mut cover_bounds: HashMap<Vec<(usize, u32, u64)>, Option<f64>> = HashMap::new();
    let mut best = Incumbent {
        component: ci,
        periods: windows.len(),
        ..Default::default()
    };
    for (w, &(first, last)) in windows.iter().enumerate() {
        progress.phase(
            base_name,
            &crate::text!("phase-period", period = w + 1, periods = windows.len()),
        );
        let (wc, demand_ids) = c.window(first, last);
        let least = if complete {
            *covers
                .entry(cover::owed(&wc))
                .or_insert_with_key(|owed| cover::least_tours(owed, &pool))
        } else {
            0
        };
        // Later windows start from the tours of the one before and converge sooner; the first
        // from the tours of the cheapest cover.
        let owed = cover::owed(&wc);
        // Covers need the pool of every feasible tour, which only bases small enough to
        // enumerate have: a constructed pool is too large for them and too thin to be sure of.
        let cover = if complete {
            cover_tours
                .entry(owed.clone())
                .or_insert_with(|| cover::cheapest_cover(&owed, &pool))
                .clone()
        } else {
            cover::Cover {
                fractional: Vec::new(),
                whole: engine_cover.clone(),
            }
        };
        let bound_of_cover = if complete {
            *cover_bounds
                .entry(cover::demanded(&wc))
                .or_insert_with(|| cover::cover_bound(&wc, &pool))
        } else {
            None
        };
        if w == 0 {
            seeds = cover
                .fractional
                .iter()
                .chain(&cover.whole)
                .copied()
                .collect();
            seeds.sort_unstable();
            seeds.dedup();
        }
        // A better plan the window's MIP finds on the way, after the periods before it: the
        // base's best plan so far, before the window ends.
        let required: u32 = wc.demands.iter().map(|d| d.required).sum();
        let (so_far, bound_so_far) = (best.clone(), total.stats.bound);
        let improved = |m: &master::Improved| {
            let mut b = so_far.clone();
            b.cost += m.cost;
            b.objective += m.objective;
            b.bound = bound_so_far.zip(m.bound).map(|(a, x)| a + x);
            b.visits_required += required;
            b.visits_met += required.saturating_sub(m.missing);
            progress.best(&b);
        };
        let mut r = solve_window(
            model,
            &wc,
            ci,
            o,
            &limits,
            &mut pool,
            complete,
            least,
            &near,
            &history,
            &seeds,
            &cover.whole,
            bound_of_cover,
            &previous,
            cap,
            &improved,
        )
        .map_err(err)?;
        for f in &mut r.shortfalls {
            f.demand = demand_ids[f.demand];
        }
        seeds = std::mem::take(&mut r.seeds);
        previous = std::mem::take(&mut r.previous);
        for run in &r.runs {
            for &x in &run.tour.stops {
                let last = &mut history.last_visit[x];
                *last = Some(last.map_or(run.day, |l: usize| l.max(run.day)));
            }
            for (cl, _) in &run.crew {
                history.worked.entry(*cl).or_default().push(run.day);
            }
        }
        let t = &mut total.stats;
        t.objective += r.stats.objective;
        t.pool_bound += r.stats.pool_bound;
        t.bound = t.bound.zip(r.stats.bound).map(|(a, b)| a + b.max(0.0));
        t.lp_value += r.stats.lp_value;
        t.columns += r.stats.columns;
        t.rounds += r.stats.rounds;
        t.mip_optimal &= r.stats.mip_optimal;
        let missing: u32 = r.shortfalls.iter().map(|f| f.missing).sum();
        best.cost += r.runs.iter().map(|x| x.tour.cost).sum::<f64>();
        best.objective = t.objective;
        best.bound = t.bound;
        best.visits_required += required;
        best.visits_met += required.saturating_sub(missing);
        best.periods_done = w + 1;
        progress.best(&best);
        total.runs.extend(r.runs);
        total.shortfalls.extend(r.shortfalls);
    }
    total.stats.pool_tours = pool.len();
    if std::env::var_os("OUTREACH_DEBUG").is_some() {
        let t = &total.stats;
        eprintln!(
            "base {} services {} pool {} complete {} windows {} rounds {} columns {} lp {:.1} bound {:.1} mip {:.1} pool_bound {:.1} optimal {} at {:.2}s",
            s.bases[c.base].id, c.services.len(), pool.len(), complete, windows.len(), t.rounds, t.columns, t.lp_value,
            t.bound.unwrap_or(f64::NAN), t.objective, t.pool_bound, t.mip_optimal, cap.elapsed()
        );
    }
    Ok(total)
}
