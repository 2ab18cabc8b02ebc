//! One window of a base's horizon: column generation on a warm-started LP (history-free first, for
//! the bound; then with the earlier windows' history), whole starting plans, and the MIP. Where
//! the pool holds every feasible tour, the cover of the window's villages gives both a head start
//! (its tours) and a bound (its LP) that column generation may stop at.

use super::budget::{self, Cap};
use super::lp::{self, Lp, LpError};
use super::master::{History, Improved, Master};
use super::pricing::{add_priced_tours, heuristic_rc_lower_bounds, Generated};
use super::starts::{dive, patch_columns, repeated, restrict, Previous};
use super::{assign, diagnose, slot_kinds, ComponentResult, ComponentStats, Options};
use crate::model::{Component, Model};
use crate::tours::{self, Limits, Tour};

/// Plans one window of a base's horizon, given what earlier windows decided.
#[allow(clippy::too_many_arguments)]
pub(super) fn solve_window(
    model: &Model,
    c: &Component,
    ci: usize,
    o: &Options,
    limits: &Limits,
    pool: &mut Vec<Tour>,
    complete: bool,
    least: usize,
    near: &[Vec<usize>],
    history: &History,
    seeds: &[usize],
    cover: &[usize],
    cover_bound: Option<f64>,
    previous: &Previous,
    cap: &Cap,
    improved: &dyn Fn(&Improved),
) -> Result<ComponentResult, String> {
    let started = cap.elapsed();
    let s = model.scenario;
    let work = o.effort.day_work();
    let place = format!(
        "{} {}..{}",
        s.bases[c.base].id,
        c.days.first().unwrap_or(&0),
        c.days.last().unwrap_or(&0)
    );
    // The most stops any tour can have: exact for an enumerated pool, else bounded by service time.
    let max_stops = if complete {
        pool.iter().map(|t| t.stops.len()).max().unwrap_or(0)
    } else {
        let mut minutes: Vec<f64> = c.services.iter().map(|x| x.service_minutes).collect();
        minutes.sort_by(f64::total_cmp);
        let mut total = 0.0;
        minutes
            .iter()
            .take_while(|&&m| {
                total += m;
                total <= s.working_minutes + 1e-6
            })
            .count()
            .max(1)
    };
    let master = Master::new(s, c, slot_kinds(s, c), history, max_stops, least);
    // A window of more villages than the route engine takes at once has an LP too large to solve
    // in a planner's time (a base of 10,000 villages: 400,000 rows, 11 s to build and no first
    // solve in minutes): it plans from its greedy starts, the engine's routes among them.
    let too_large = !complete && c.services.len() > tours::ENGINE_UP_TO;
    let mut lp = (!too_large).then(|| Lp::new(&master));
    let per_day = work.columns_per_vehicle_day;
    let mut gen = Generated::new((c.vehicles.len() * per_day).clamp(per_day, 3 * per_day));
    let mut rounds = 0;
    // Tours the previous window liked, on every day of this one: a head start for the first LP.
    if let Some(lp) = lp.as_mut() {
        for &t in seeds {
            for &d in &c.days {
                if tours::runs_on(c, &pool[t], d) {
                    gen.add(&master, lp, pool, (t, d));
                }
            }
        }
    }
    // Cut by the clock before its first LP, a window plans from its greedy start alone, with no
    // duals (the LP value 0 still bounds it: costs are never negative).
    let mut lp_ok = true;
    let first = match lp.as_mut() {
        Some(lp) => lp.solve(cap.left(budget::GENERATION), work.lp_iterations),
        None => Err(LpError::OutOfTime),
    };
    let mut sol = match first {
        Ok(sol) => sol,
        Err(LpError::OutOfTime) => {
            if !too_large {
                cap.cut(format!("{place}: column generation"));
            }
            lp_ok = false;
            lp::LpSolution {
                x: vec![0.0; gen.columns.len()],
                duals: vec![0.0; master.row_count()],
                objective: 0.0,
            }
        }
        Err(e) => return Err(e.into()),
    };
    let mut lp_secs = 0.0;
    let mut best_bound = cover_bound.unwrap_or(f64::NEG_INFINITY);
    // Column generation, first on the history-free window (its Lagrangian bound holds for the whole
    // horizon, as dropping what links windows is a relaxation), then, where earlier windows left
    // history, on the window's own problem, from the same columns and basis.
    let history = master.has_history() && work.history_phase;
    let phases: &[bool] = if history { &[false, true] } else { &[false] };
    for &with_history in phases {
        let Some(lp) = lp.as_mut().filter(|_| lp_ok) else {
            break;
        };
        if with_history {
            lp.apply_history(&master);
            // A failed re-solve keeps the last solution: the greedy starts enforce history anyway.
            if let Ok(next) = lp.solve(cap.left(budget::GENERATION), work.lp_iterations) {
                sol = next;
            }
        }
        let per_phase = if complete {
            work.cg_rounds
        } else {
            work.cg_rounds_constructed
        };
        while lp_ok && rounds < per_phase * phases.len() {
            if cap.past(budget::GENERATION) {
                cap.cut(format!("{place}: column generation"));
                break;
            }
            rounds += 1;
            if !complete {
                add_priced_tours(s, c, model, limits, near, &master, &sol.duals, pool);
            }
            let (added, min_rc) = gen.price(&master, c, pool, &sol.duals, lp, with_history);
            if !with_history {
                let lower = if complete {
                    min_rc
                } else {
                    heuristic_rc_lower_bounds(s, c, &master, &sol.duals)
                };
                best_bound = best_bound.max(master.lagrangian_bound(&sol.duals, &lower));
            }
            // Done when nothing prices out, or when the LP value is within 0.2 % of a proven bound.
            let close = !with_history && sol.objective - best_bound <= 2e-3 * sol.objective.abs();
            if added == 0 || close {
                // Columns added this round are not in the last solution: they stand at 0.
                sol.x.resize(gen.columns.len(), 0.0);
                break;
            }
            let t0 = cap.elapsed();
            match lp.solve(cap.left(budget::GENERATION), work.lp_iterations) {
                Ok(next) => sol = next,
                // The last solution stays valid, the new columns at 0.
                Err(e) => {
                    if matches!(e, LpError::OutOfTime) {
                        cap.cut(format!("{place}: column generation"));
                    }
                    sol.x.resize(gen.columns.len(), 0.0);
                    break;
                }
            }
            lp_secs += cap.elapsed() - t0;
        }
    }
    sol.x.resize(gen.columns.len(), 0.0);
    let lp_value = sol.objective;
    if std::env::var_os("OUTREACH_DEBUG").is_some() {
        eprintln!(
            "  window {place}: rounds {rounds} lp {lp_value:.1} bound {best_bound:.1} after {:.2}s ({lp_secs:.2}s in LP solves), {} rows, {} columns",
            cap.elapsed() - started,
            master.row_count(),
            gen.columns.len()
        );
    }
    let t_cg = cap.elapsed() - started;
    // The MIP works on the columns the LP likes best: those it uses and those of least reduced cost.
    let (chosen, lp_x) = restrict(
        &master,
        pool,
        &gen.columns,
        &sol.x,
        &sol.duals,
        work.mip_columns_per_day * c.days.len().max(1),
    );
    let dived = match lp.as_mut().filter(|_| lp_ok) {
        Some(lp) => dive(
            lp, &sol, &mut gen, &master, c, pool, history, work, cap, &place,
        ),
        None => Vec::new(),
    };
    let mut mip_columns: Vec<(usize, usize)> = chosen.iter().map(|&i| gen.columns[i]).collect();
    let mut mip_lp_x = lp_x;
    for &i in &dived {
        if !chosen.contains(&i) {
            mip_columns.push(gen.columns[i]);
            mip_lp_x.push(1.0);
        }
    }
    // The previous window's plan, moved on by whole weeks, as a third start.
    let mut repeat_set = std::collections::HashSet::new();
    for col in repeated(c, pool, previous) {
        if repeat_set.insert(col) && !mip_columns.contains(&col) {
            mip_columns.push(col);
            mip_lp_x.push(0.0);
        }
    }
    // The cheapest whole cover's tours on each day they may run: a fourth start, which the
    // greedy gives each tour's first day that fits.
    let mut cover_set = std::collections::HashSet::new();
    for &t in cover {
        for &d in &c.days {
            if tours::runs_on(c, &pool[t], d)
                && cover_set.insert((t, d))
                && !mip_columns.contains(&(t, d))
            {
                mip_columns.push((t, d));
                mip_lp_x.push(0.0);
            }
        }
    }
    let t_dive = cap.elapsed() - started;
    // Starting plans, the best one handed to the MIP. All are greedy, so every tour is staffed and
    // no ≤ row is broken: one takes the dive's tour-days first, one follows the LP values, one
    // repeats the previous window, one runs the cheapest whole cover's tours; short patch tours
    // then serve what is still owed.
    let n_lp = mip_columns.len();
    mip_columns.extend(patch_columns(c, pool));
    mip_lp_x.resize(mip_columns.len(), 0.0);
    let dive_set: std::collections::HashSet<(usize, usize)> =
        dived.iter().map(|&i| gen.columns[i]).collect();
    let dive_x: Vec<f64> = mip_columns
        .iter()
        .zip(&mip_lp_x)
        .map(|(c, &v)| if dive_set.contains(c) { 2.0 } else { v })
        .collect();
    let from_dive = master.greedy(pool, &mip_columns, &dive_x);
    let from_lp = master.greedy(pool, &mip_columns, &mip_lp_x);
    let value = |start: &[f64]| master.objective_of(pool, &mip_columns, start);
    let (dive_value, lp_value_start) = (value(&from_dive), value(&from_lp));
    let mut best = if dive_value <= lp_value_start {
        from_dive
    } else {
        from_lp
    };
    let mut repeat_value = f64::NAN;
    if !repeat_set.is_empty() {
        let repeat_x: Vec<f64> = mip_columns
            .iter()
            .zip(&mip_lp_x)
            .map(|(c, &v)| if repeat_set.contains(c) { 2.0 } else { v })
            .collect();
        let from_repeat = master.greedy(pool, &mip_columns, &repeat_x);
        repeat_value = value(&from_repeat);
        // Ties go to the repeat: a plan that repeats is easier for field teams to follow.
        if repeat_value <= dive_value.min(lp_value_start) + 1e-9 {
            best = from_repeat;
        }
    }
    let mut cover_value = f64::NAN;
    if !cover_set.is_empty() {
        let cover_x: Vec<f64> = mip_columns
            .iter()
            .zip(&mip_lp_x)
            .map(|(c, &v)| if cover_set.contains(c) { 1.2 } else { v })
            .collect();
        let from_cover = master.greedy(pool, &mip_columns, &cover_x);
        cover_value = value(&from_cover);

        if cover_value < value(&best) - 1e-9 {
            best = from_cover;
        }
    }
    // Patch tours stay in the MIP only where the start uses them.
    let keep: Vec<bool> = (0..mip_columns.len())
        .map(|i| i < n_lp || best[i] > 0.5)
        .collect();
    let mut k = keep.iter();
    mip_columns.retain(|_| *k.next().expect("one flag per column"));
    let start: Vec<f64> = best
        .into_iter()
        .enumerate()
        .filter(|(i, _)| *i >= keep.len() || keep[*i])
        .map(|(_, v)| v)
        .collect();
    if std::env::var_os("OUTREACH_DEBUG").is_some() {
        eprintln!(
            "  cg {place} {t_cg:.2}s dive {t_dive:.2}s ({} tours): starts from dive {dive_value:.1}, from lp {lp_value_start:.1}, repeat {repeat_value:.1}, cover {cover_value:.1}",
            dived.len()
        );
    }
    let mut seeds: Vec<usize> = gen
        .columns
        .iter()
        .zip(&sol.x)
        .filter(|(_, &v)| v > 1e-6)
        .map(|(&(t, _), _)| t)
        .collect();
    let columns = mip_columns;
    // A start already within the MIP gap of the window's proven bound is where HiGHS would stop:
    // its own rule, applied before its presolve and root (on Zibo most windows, and a third of
    // the run's time).
    let start_value = master.objective_of(pool, &columns, &start);
    let proven =
        best_bound.is_finite() && start_value - best_bound <= o.mip_gap * start_value.abs();
    // The greedy start is already a whole plan, so a MIP cut short by the clock still has it.
    let mip = if proven {
        let mut m = master.solved_from_start(pool, &columns, &start, best_bound);
        m.optimal = true;
        m
    } else if work.mip_nodes == 0 {
        // The effort plans from the best start alone.
        master.solved_from_start(pool, &columns, &start, best_bound.max(0.0))
    } else if !lp_ok {
        // The clock left no time for the first LP: none for the MIP either, whose model alone
        // takes seconds to build on a large base (and HiGHS's limit counts only once it runs).
        if !too_large {
            cap.cut(format!("{place}: MIP"));
        }
        master.solved_from_start(pool, &columns, &start, 0.0)
    } else {
        // The window's proven bound goes with each better plan the MIP finds (HiGHS's own may
        // be in presolve's reduced space; see `MipRun::bound`).
        let follow = |m: &Improved| {
            improved(&Improved {
                bound: best_bound
                    .is_finite()
                    .then(|| best_bound.min(m.objective).max(0.0)),
                ..*m
            })
        };
        match master.solve_mip(
            pool,
            &columns,
            cap.left(budget::MIP),
            o.mip_gap,
            work.mip_nodes,
            start.clone(),
            cap.stop(),
            &follow,
        ) {
            Ok(m) => {
                if m.out_of_time {
                    cap.cut(format!("{place}: MIP"));
                }
                m
            }
            // Should HiGHS fail, the start stands, bounded by what is proven for the window (the
            // restricted LP's value is not a bound unless generation converged).
            Err(_) => master.solved_from_start(pool, &columns, &start, best_bound.max(0.0)),
        }
    };
    // A MIP stopped before its root bound reports none (or −∞). The Lagrangian bound then stands in:
    // it bounds every plan of the window, so those made of pool tours too. With neither (a window
    // the clock cut before both), nothing is proven but that costs are never negative.
    let pool_bound = mip
        .mip_bound
        .filter(|b| b.is_finite())
        .or(best_bound.is_finite().then_some(best_bound))
        .unwrap_or(0.0)
        .min(mip.objective)
        .max(0.0); // costs and penalties are never negative
    if std::env::var_os("OUTREACH_DEBUG").is_some() {
        eprintln!(
            "  mip {place} {:.1} over {} columns, optimal {}, done at {:.2}s",
            mip.objective,
            columns.len(),
            mip.optimal,
            cap.elapsed() - started
        );
    }
    let runs = assign::runs(s, c, ci, &master, pool, &columns, &mip)?;
    let shortfalls = diagnose::shortfalls(s, c, ci, &model.travel, limits, pool, &runs);
    let bound = best_bound
        .is_finite()
        .then(|| best_bound.min(mip.objective).max(0.0));
    seeds.extend(
        columns
            .iter()
            .zip(&mip.x)
            .filter(|(_, &v)| v > 0.5)
            .map(|(&(t, _), _)| t),
    );
    seeds.sort_unstable();
    seeds.dedup();
    let plan: Vec<(usize, usize)> = columns
        .iter()
        .zip(&mip.x)
        .filter(|(_, &v)| v > 0.5)
        .map(|(&col, _)| col)
        .collect();
    Ok(ComponentResult {
        runs,
        shortfalls,
        idle: vec![],
        seeds,
        previous: Previous {
            first_day: c.days.first().copied().unwrap_or(0),
            plan,
        },
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
            tree: None,
        },
    })
}
