//! Benchmarks of the planner on whole scenarios: each run plans, checks the schedule independently
//! and reports time, coverage, cost, bound and gap, so that speed and quality targets are measured by
//! a command anyone can rerun (medians over runs; the machine is shared and noisy).

pub mod compare;
pub mod instance;
pub mod read;
pub mod rota;
pub mod scale;
pub mod solve;
pub mod verify;

use crate::plan::{Options, Quiet};
use crate::scenario::Scenario;
use serde::Serialize;
use std::time::Instant;

#[derive(Clone, Debug, Serialize)]
pub struct BenchRow {
    pub scenario: String,
    pub run: usize,
    pub seconds: f64,
    pub visits_required: u32,
    pub visits_met: u32,
    pub tours: usize,
    pub cost: f64,
    pub objective: f64,
    pub bound: Option<f64>,
    pub gap_pct: f64,
    pub pool_gap_pct: f64,
    /// Violations found by the independent checker (0 for a valid plan).
    pub violations: usize,
    pub feasible: bool,
    pub effort: crate::scenario::Effort,
    /// Planned with one busy thread per core beside it.
    pub busy: bool,
    /// Phases the time limit ended early (0: work limits alone decided the plan).
    pub cut_by_time: usize,
    /// Whether the schedule is byte for byte the first run's (`solve_seconds` aside).
    pub same_schedule: bool,
}

/// Plans a scenario `runs` times, then, with `busy`, once more with one spinning thread per core
/// beside it; checks every schedule and compares each with the first.
pub fn run_scenario(
    s: &Scenario,
    options: &Options,
    runs: usize,
    busy: bool,
) -> Result<Vec<BenchRow>, crate::plan::PlanError> {
    let mut out = Vec::new();
    let mut first: Option<String> = None;
    for run in 1..=runs + usize::from(busy) {
        let loaded = run > runs;
        let spinning = loaded.then(Busy::start);
        let started = Instant::now();
        let schedule = crate::plan::plan(s, options, &Quiet)?;
        let seconds = started.elapsed().as_secs_f64();
        drop(spinning);
        let violations = crate::check::check(s, &schedule).len();
        let bytes = timeless(&schedule);
        let same_schedule = first.get_or_insert_with(|| bytes.clone()) == &bytes;
        let m = &schedule.summary;
        out.push(BenchRow {
            scenario: s.name.clone(),
            run,
            seconds: (seconds * 100.0).round() / 100.0,
            visits_required: m.visits_required,
            visits_met: m.visits_met,
            tours: m.tours,
            cost: m.cost,
            objective: m.objective,
            bound: m.bound,
            gap_pct: (m.gap * 1e4).round() / 100.0,
            pool_gap_pct: (m.pool_gap * 1e4).round() / 100.0,
            violations,
            feasible: violations == 0,
            effort: m.effort,
            busy: loaded,
            cut_by_time: m.cut_by_time.len(),
            same_schedule,
        });
    }
    Ok(out)
}

/// The schedule as `schedule.json` holds it, but for `solve_seconds`, the one field that depends on
/// the machine.
pub fn timeless(schedule: &crate::Schedule) -> String {
    let mut s = schedule.clone();
    s.summary.solve_seconds = 0.0;
    serde_json::to_string(&s).expect("a schedule serialises")
}

/// One thread per core spinning until dropped: a machine busy with other work.
pub struct Busy {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    threads: Vec<std::thread::JoinHandle<()>>,
}

impl Busy {
    pub fn start() -> Busy {
        use std::sync::atomic::{AtomicBool, Ordering};
        let stop = std::sync::Arc::new(AtomicBool::new(false));
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let threads = (0..cores)
            .map(|_| {
                let stop = stop.clone();
                std::thread::spawn(move || {
                    let mut x = 0u64;
                    while !stop.load(Ordering::Relaxed) {
                        x = std::hint::black_box(
                            x.wrapping_mul(6364136223846793005).wrapping_add(1),
                        );
                    }
                })
            })
            .collect();
        Busy { stop, threads }
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

/// The median of some values (the mean of the middle two for an even count).
pub fn median(values: &[f64]) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(super::median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(super::median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
        assert!(super::median(&[]).is_nan());
    }
}

/// The grid `bench sweep` runs: 24 variations that any scenario accepts.
pub const SWEEP_GRID: &[&str] = &[
    "fleet=100%,50%",
    "leave_rate=0,10%,20%,30%",
    "demand_growth=0,25%,50%",
];

/// One timing of a sweep: the same variations with 1 and with 2 threads.
#[derive(Clone, Debug, Serialize)]
pub struct SweepBenchRow {
    pub scenario: String,
    pub run: usize,
    pub variations: usize,
    pub seconds_1_thread: f64,
    pub seconds_2_threads: f64,
    pub per_minute_1_thread: f64,
    pub per_minute_2_threads: f64,
    pub speedup: f64,
    /// The two runs gave the same rows (timing aside).
    pub same_rows: bool,
}

/// Runs the bench grid on `s` with 1 and 2 threads, `runs` times, in temporary folders.
pub fn run_sweep(
    s: &Scenario,
    options: &Options,
    runs: usize,
) -> Result<Vec<SweepBenchRow>, crate::sweep::SweepError> {
    let grid: Vec<String> = SWEEP_GRID.iter().map(|x| x.to_string()).collect();
    let spec = crate::sweep::Spec::from_flags(&grid, options.seed)?;
    let mut out = Vec::new();
    for run in 1..=runs {
        let mut seconds = [0.0; 2];
        let mut rows = Vec::new();
        for (i, threads) in [1usize, 2].into_iter().enumerate() {
            let dir = std::env::temp_dir().join(format!(
                "outreach-bench-sweep-{}-{run}-{threads}",
                std::process::id()
            ));
            let _ = std::fs::remove_dir_all(&dir);
            let started = Instant::now();
            let outcome = crate::sweep::run(
                s,
                options,
                &spec,
                &dir,
                crate::sweep::Shard::ALL,
                threads,
                &crate::sweep::run::Silent,
            )?;
            seconds[i] = started.elapsed().as_secs_f64();
            let _ = std::fs::remove_dir_all(&dir);
            rows.push(
                outcome
                    .rows
                    .iter()
                    .map(|r| r.without_timing())
                    .collect::<Vec<_>>(),
            );
        }
        let n = spec.variations().len();
        out.push(SweepBenchRow {
            scenario: s.name.clone(),
            run,
            variations: n,
            seconds_1_thread: seconds[0],
            seconds_2_threads: seconds[1],
            per_minute_1_thread: 60.0 * n as f64 / seconds[0],
            per_minute_2_threads: 60.0 * n as f64 / seconds[1],
            speedup: seconds[0] / seconds[1],
            same_rows: rows[0] == rows[1],
        });
    }
    Ok(out)
}

/// One benchmark instance solved and checked.
#[derive(Clone, Debug, Serialize)]
pub struct InstanceRow {
    pub instance: String,
    pub family: instance::Family,
    pub customers: usize,
    pub cost: f64,
    pub bks: Option<f64>,
    pub gap_pct: Option<f64>,
    pub seconds: f64,
    /// Iterations of the route engine.
    pub iterations: u64,
    /// Routes of the solution (all days).
    pub routes: usize,
    /// The independent check passed, and its cost is the reported one.
    pub feasible: bool,
    /// What the check found, when it failed.
    pub error: Option<String>,
}

/// The time limit the targets use: 60 s for periodic instances, 30 s for the rest.
pub fn default_seconds(family: instance::Family) -> f64 {
    match family {
        instance::Family::Pvrp => 60.0,
        _ => 30.0,
    }
}

/// The safety cap on an instance run by a count of iterations, when no time limit is given.
pub const ITERATIONS_CAP_SECONDS: f64 = 3600.0;

/// Solves one instance file and checks the solution: within `time_limit` (default: the family's),
/// or, with `iterations`, after that many engine iterations (the clock then only caps).
pub fn run_instance(
    path: &std::path::Path,
    time_limit: Option<f64>,
    iterations: Option<u64>,
    seed: u64,
) -> Result<InstanceRow, read::ReadError> {
    let inst = read::read(path)?;
    let seconds = time_limit.unwrap_or_else(|| match iterations {
        Some(_) => ITERATIONS_CAP_SECONDS,
        None => default_seconds(inst.family),
    });
    let started = Instant::now();
    let solved = solve::solve_within(&inst, seconds, iterations, seed);
    let elapsed = started.elapsed().as_secs_f64();
    let checked = verify::verify(&inst, &solved.solution);
    let (feasible, error, cost) = match checked {
        Ok(c) if (c - solved.cost).abs() <= 1e-6 * c.abs().max(1.0) => (true, None, c),
        Ok(c) => (
            false,
            Some(format!(
                "the engine reports {:.2}, the check {c:.2}",
                solved.cost
            )),
            c,
        ),
        Err(e) => (false, Some(e), solved.cost),
    };
    Ok(InstanceRow {
        instance: inst.name.clone(),
        family: inst.family,
        customers: inst.customers().len(),
        cost,
        bks: inst.bks,
        // Float noise must not print as −0.00.
        gap_pct: inst.bks.map(|b| {
            let g = 100.0 * (cost - b) / b;
            if g.abs() < 1e-9 {
                0.0
            } else {
                g
            }
        }),
        seconds: elapsed,
        iterations: solved.iterations,
        routes: solved.solution.routes.len(),
        feasible,
        error,
    })
}
