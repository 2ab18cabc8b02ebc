//! How much a plan works, and when the clock stops it. Counted work (rounds, steps, nodes), sized
//! by the effort, decides a plan, so the same scenario, seed and effort give the same plan on any
//! machine and under any load. The time limit is only a safety cap: when it cuts a phase, the plan
//! is still whole and checked, and the cut is recorded, since that plan depends on the machine.

use crate::scenario::Effort;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Counted work of one window of the day planner.
#[derive(Clone, Copy, Debug)]
pub struct DayWork {
    /// Column-generation rounds per phase (history-free, then with history).
    pub cg_rounds: usize,
    /// Rounds a phase on a base whose pool was constructed, not enumerated: its LP is as large as
    /// the base (40,000 rows for 1,000 villages, 18 s a re-solve), its bound is not proven either
    /// way, and the route engine's tours leave pricing little to add.
    pub cg_rounds_constructed: usize,
    /// Whether a window whose earlier windows left history prices again with it (for the LP the
    /// dive and the LP start follow), after the history-free phase that gives the bound.
    pub history_phase: bool,
    /// Tour-day columns added per day and round, per vehicle of the base (at most three vehicles'
    /// worth): fewer columns a round make each LP solve cheaper, for a round or two more.
    pub columns_per_vehicle_day: usize,
    /// LP solves of the dive (each fixes one tour-day or rules it out).
    pub dive_steps: usize,
    /// Iterations of the route engine on a base too large to enumerate (up to 3,000 services).
    pub engine_iterations: u64,
    /// Branch-and-bound nodes of the window's MIP; 0 plans from the best start, with no MIP.
    pub mip_nodes: i32,
    /// Columns the MIP gets beyond those the LP uses, per day of the window.
    pub mip_columns_per_day: usize,
    /// Simplex iterations of one LP solve: a work limit that ends a pathological solve the same
    /// way on every machine.
    pub lp_iterations: i32,
}

impl Effort {
    pub fn day_work(self) -> DayWork {
        match self {
            Effort::Quick => DayWork {
                cg_rounds: 3,
                cg_rounds_constructed: 2,
                history_phase: false,
                columns_per_vehicle_day: 16,
                dive_steps: 0,
                engine_iterations: 2_000,
                mip_nodes: 0,
                mip_columns_per_day: 30,
                lp_iterations: 200_000,
            },
            Effort::Normal => DayWork {
                cg_rounds: 60,
                cg_rounds_constructed: 3,
                history_phase: true,
                columns_per_vehicle_day: 16,
                dive_steps: 4_000,
                engine_iterations: 10_000,
                mip_nodes: 1_000,
                mip_columns_per_day: 100,
                lp_iterations: 1_000_000,
            },
            Effort::Thorough => DayWork {
                cg_rounds: 200,
                cg_rounds_constructed: 6,
                history_phase: true,
                columns_per_vehicle_day: 16,
                dive_steps: 20_000,
                engine_iterations: 50_000,
                mip_nodes: 20_000,
                mip_columns_per_day: 200,
                lp_iterations: 5_000_000,
            },
        }
    }
}

/// Asks a running plan to end early and keep its best plan so far (Ctrl-C, a cancelled run).
#[derive(Clone, Debug, Default)]
pub struct Stop(Arc<AtomicBool>);

impl Stop {
    pub fn new() -> Stop {
        Stop::default()
    }

    pub fn request(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    pub fn requested(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }

    /// What a solve's callbacks look at: this stop, and (if given) who hears of each better
    /// MIP solution. Attach it to a model with [`Watch::attach`]; it must outlive the solve.
    pub fn watch<'a>(&'a self, improved: Option<OnImproved<'a>>) -> Watch<'a> {
        Watch {
            stop: &self.0,
            improved,
        }
    }
}

/// Who hears of each better MIP solution: the columns' values, in the model's order.
pub type OnImproved<'a> = &'a dyn Fn(&[f64]);

/// A solve's callbacks: HiGHS's interrupt callbacks (simplex and MIP) end the solve with the
/// best solution so far once a stop is asked for; its improving-solution callback hands each
/// better MIP solution (the columns' values) to a follower. Neither changes the search: HiGHS
/// finds the same solutions, in the same order, with or without them.
pub struct Watch<'a> {
    stop: &'a AtomicBool,
    improved: Option<OnImproved<'a>>,
}

impl Watch<'_> {
    /// Lets `model`'s solves call back here. `self` must not move or end before they do.
    pub fn attach(&self, model: &mut highs::Model) {
        unsafe extern "C" fn event(
            kind: std::os::raw::c_int,
            _message: *const std::os::raw::c_char,
            out: *const highs_sys::HighsCallbackDataOut,
            data_in: *mut highs_sys::HighsCallbackDataIn,
            watch: *mut std::ffi::c_void,
        ) {
            // SAFETY: `watch` is the Watch `attach` was called on, alive for the solve (see
            // `attach`); HiGHS passes valid `out` and `data_in` pointers, or null.
            let watch = unsafe { &*(watch as *const Watch) };
            if kind == highs_sys::kHighsCallbackMipImprovingSolution as std::os::raw::c_int {
                let Some(improved) = watch.improved else {
                    return;
                };
                // SAFETY: for this callback HiGHS points `mip_solution` at its solution's
                // `mip_solution_size` values, valid until the callback returns.
                let values = unsafe {
                    match out.as_ref() {
                        Some(o) if !o.mip_solution.is_null() && o.mip_solution_size > 0 => {
                            std::slice::from_raw_parts(o.mip_solution, o.mip_solution_size as usize)
                        }
                        _ => return,
                    }
                };
                // A follower's panic must not unwind into C; the solve goes on without it.
                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| improved(values)));
                return;
            }
            if watch.stop.load(Ordering::Relaxed) && !data_in.is_null() {
                // SAFETY: checked not null; HiGHS reads it after an interrupt callback.
                unsafe { (*data_in).user_interrupt = 1 };
            }
        }
        let user = self as *const Watch as *mut std::ffi::c_void;
        let highs = model.as_mut_ptr();
        // SAFETY: `highs` is a live HiGHS instance; the callback only reads through `user`.
        unsafe {
            highs_sys::Highs_setCallback(highs, Some(event), user);
            highs_sys::Highs_startCallback(highs, highs_sys::kHighsCallbackMipInterrupt);
            highs_sys::Highs_startCallback(highs, highs_sys::kHighsCallbackSimplexInterrupt);
            if self.improved.is_some() {
                highs_sys::Highs_startCallback(
                    highs,
                    highs_sys::kHighsCallbackMipImprovingSolution,
                );
            }
        }
    }
}

/// The clock of one run: its start, its hard cap, a stop request, and the phases either cut.
/// Phases end at shares of the cap (column generation earlier than the MIP), so that a plan cut
/// by the clock still has the time to become whole.
#[derive(Debug)]
pub struct Cap {
    started: Instant,
    limit_seconds: f64,
    stop: Stop,
    cuts: Mutex<Vec<String>>,
}

/// Shares of the cap at which phases end at the latest.
pub const GENERATION: f64 = 0.55;
pub const DIVE: f64 = 0.7;
pub const MIP: f64 = 0.85;
/// A small campaign's branch-and-price, after its plan is made.
pub const TREE: f64 = 0.95;
/// Enumeration and pool building: past this, a base plans from its simplest tours.
pub const POOL: f64 = 0.4;

impl Cap {
    /// `limit_seconds` may be infinite (no cap).
    pub fn new(limit_seconds: f64, stop: Stop) -> Cap {
        Cap {
            started: Instant::now(),
            limit_seconds,
            stop,
            cuts: Mutex::new(Vec::new()),
        }
    }

    /// No cap at all, for tests and tools that plan without a clock.
    pub fn none() -> Cap {
        Cap::new(f64::INFINITY, Stop::new())
    }

    pub fn elapsed(&self) -> f64 {
        self.started.elapsed().as_secs_f64()
    }

    pub fn stop(&self) -> &Stop {
        &self.stop
    }

    /// Whether the run was asked to stop.
    pub fn stopped(&self) -> bool {
        self.stop.requested()
    }

    /// Whether `share` of the cap has passed (or the run was asked to stop).
    pub fn past(&self, share: f64) -> bool {
        self.stopped() || self.elapsed() >= share * self.limit_seconds
    }

    /// Seconds left until `share` of the cap, as a solver's own time limit (at least a sliver, so
    /// that a solver asked for nothing still returns its start). Infinite when there is no cap.
    pub fn left(&self, share: f64) -> f64 {
        if self.stopped() {
            return 0.01;
        }
        (share * self.limit_seconds - self.elapsed()).max(0.01)
    }

    /// The point `share` of the cap, for phases that check it as they go.
    pub fn until(&self, share: f64) -> Until<'_> {
        Until { cap: self, share }
    }

    /// Records that the clock (or a stop) ended `phase` early; each phase once.
    pub fn cut(&self, phase: impl Into<String>) {
        let phase = phase.into();
        let mut cuts = self.cuts.lock().expect("no thread panics holding it");
        if !cuts.contains(&phase) {
            cuts.push(phase);
        }
    }

    /// The phases cut, sorted (threads may record them in any order).
    pub fn cuts(&self) -> Vec<String> {
        let mut c = self
            .cuts
            .lock()
            .expect("no thread panics holding it")
            .clone();
        c.sort();
        c
    }
}

/// A phase's end on the clock: a share of the cap.
#[derive(Clone, Copy, Debug)]
pub struct Until<'a> {
    cap: &'a Cap,
    share: f64,
}

impl Until<'_> {
    pub fn passed(&self) -> bool {
        self.cap.past(self.share)
    }

    /// Seconds left, for a solver's own time limit.
    pub fn left(&self) -> f64 {
        self.cap.left(self.share)
    }

    pub fn cap(&self) -> &Cap {
        self.cap
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_cap_never_passes_and_leaves_infinite_time() {
        let cap = Cap::none();
        assert!(!cap.past(1.0));
        assert!(cap.left(0.5).is_infinite());
    }

    #[test]
    fn a_stop_passes_every_share_and_leaves_a_sliver() {
        let stop = Stop::new();
        let cap = Cap::new(1e9, stop.clone());
        assert!(!cap.past(GENERATION));
        stop.request();
        assert!(cap.past(0.0) && cap.past(1.0));
        assert!(cap.left(1.0) < 0.1);
    }

    #[test]
    fn cuts_are_kept_once_and_sorted() {
        let cap = Cap::none();
        cap.cut("b: mip");
        cap.cut("a: dive");
        cap.cut("b: mip");
        assert_eq!(
            cap.cuts(),
            vec!["a: dive".to_string(), "b: mip".to_string()]
        );
    }

    #[test]
    fn more_effort_never_means_less_work() {
        let w = [Effort::Quick, Effort::Normal, Effort::Thorough].map(Effort::day_work);
        for p in w.windows(2) {
            assert!(p[0].cg_rounds <= p[1].cg_rounds && p[0].mip_nodes <= p[1].mip_nodes);
        }
    }
}
