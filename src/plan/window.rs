//! One window of a base's horizon: column generation on a warm-started LP (history-free first, for
//! the bound; then with the earlier windows' history), whole starting plans, and the MIP. Where
//! the pool holds every feasible tour, the cover of the window's villages gives both a head start
//! (its tours) and a bound (its LP) that column generation may stop at.

use super::budget::{self, Cap};
use super::lp::{self, Lp, LpError};
use super::master::{History, Master};
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
    // Should HiGHS fail on the MIP, the start is a whole plan already, bounded by the LP value.
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
        match master.solve_mip(
            pool,
            &columns,
            cap.left(budget::MIP),
            o.mip_gap,
            work.mip_nodes,
            start.clone(),
            cap.stop(),
        ) {
            Ok(m) => {
                if m.out_of_time {
                    cap.cut(format!("{place}: MIP"));
                }
                m
            }
            Err(_) => master.solved_from_start(pool, &columns, &start, lp_value),
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
        },
    })
}

/// The services `c` owes a visit in its window.
pub(super) fn owed(c: &Component) -> Vec<bool> {
    let mut owed = vec![false; c.services.len()];
    for d in c.demands.iter().filter(|d| d.required > 0) {
        owed[d.service] = true;
    }
    owed
}

/// What a window's cover bound depends on: per service, the visits owed and their penalties.
pub(super) fn demanded(c: &Component) -> Vec<(usize, u32, u64)> {
    let mut key: Vec<(usize, u32, u64)> = c
        .demands
        .iter()
        .filter(|d| d.required > 0)
        .map(|d| (d.service, d.required, d.penalty.to_bits()))
        .collect();
    key.sort_unstable();
    key
}

/// A lower bound on the tours of every plan that visits each service marked `owed`: the LP of
/// the set cover over `pool`, rounded up. With `pool` holding every feasible tour, a plan that
/// misses `m` visits runs at least this many tours less `m` (one one-stop tour per missed service
/// would complete it), which the tour-count cut states. It lifts the LP where villages do not
/// split into whole tours: on Zibo, 24 villages that 5 tours cover only fractionally need 6, and
/// the cover's LP (under 0.2 s) says so where the integer cover's search took seconds.
pub(super) fn least_tours(owed: &[bool], pool: &[Tour]) -> usize {
    if !owed.iter().any(|&o| o) {
        return 0;
    }
    // Only maximal sets matter to a cover. An enumerated pool holds every subset of a feasible
    // set, so a set is maximal when no one service more gives a set of the pool.
    let n = owed.len();
    let mask = |t: &Tour| t.stops.iter().fold(0u64, |m, &x| m | 1 << x);
    let small = n <= 64;
    let sets: std::collections::HashSet<u64> = if small {
        pool.iter().map(mask).collect()
    } else {
        Default::default()
    };
    let maximal = |t: &Tour| {
        let m = mask(t);
        !small || (0..n).all(|x| m & 1 << x != 0 || !sets.contains(&(m | 1 << x)))
    };
    let mut problem = highs::ColProblem::default();
    let rows: Vec<Option<highs::Row>> = owed
        .iter()
        .map(|&o| o.then(|| problem.add_row(1.0..)))
        .collect();
    for t in pool.iter().filter(|t| maximal(t)) {
        let factors: Vec<(highs::Row, f64)> = t
            .stops
            .iter()
            .filter_map(|&x| rows[x].map(|r| (r, 1.0)))
            .collect();
        if !factors.is_empty() {
            problem.add_column(1.0, 0.0..=1.0, factors);
        }
    }
    let mut model = problem.optimise(highs::Sense::Minimise);
    model.make_quiet();
    model.set_option("threads", 1);
    model.set_option("random_seed", 0);
    match model.try_solve() {
        Ok(solved) if matches!(solved.status(), highs::HighsModelStatus::Optimal) => {
            (solved.objective_value() - 1e-6).ceil().max(0.0) as usize
        }
        _ => 0,
    }
}

/// A lower bound on the cost of a window's plan when `pool` holds every feasible tour: the LP of
/// covering each service as often as its demands ask, by tours run any number of times, or paying
/// the penalty of a missed visit. It drops days, vehicles, crews and spacing, so every plan of the
/// window (its tour-days counted per tour) is one of its solutions. Where the villages split well
/// into tours this is within a fraction of a percent of column generation's bound, at the price of
/// one small LP: column generation may then stop as soon as its LP meets it.
pub(super) fn cover_bound(c: &Component, pool: &[Tour]) -> Option<f64> {
    let mut problem = highs::ColProblem::default();
    let mut owed = vec![0.0; c.services.len()];
    for d in &c.demands {
        owed[d.service] += d.required as f64;
    }
    if owed.iter().all(|&r| r == 0.0) {
        return Some(0.0);
    }
    let rows: Vec<Option<highs::Row>> = owed
        .iter()
        .map(|&r| (r > 0.0).then(|| problem.add_row(r..)))
        .collect();
    for d in c.demands.iter().filter(|d| d.required > 0) {
        let row = rows[d.service].expect("a service with demand has a row");
        problem.add_column(d.penalty, 0.0..=d.required as f64, [(row, 1.0)]);
    }
    for t in pool {
        let factors: Vec<(highs::Row, f64)> = t
            .stops
            .iter()
            .filter_map(|&x| rows[x].map(|r| (r, 1.0)))
            .collect();
        if !factors.is_empty() {
            problem.add_column(t.cost, 0.0.., factors);
        }
    }
    let mut model = problem.optimise(highs::Sense::Minimise);
    model.make_quiet();
    model.set_option("threads", 1);
    model.set_option("random_seed", 0);
    let solved = model.try_solve().ok()?;
    matches!(solved.status(), highs::HighsModelStatus::Optimal)
        .then(|| solved.objective_value().max(0.0))
}

/// The cheapest covers of a window's villages by the pool: the LP's tours and a whole one.
#[derive(Clone, Debug, Default)]
pub(super) struct Cover {
    /// Tours the LP of the cover uses.
    pub fractional: Vec<usize>,
    /// A whole cover, each village on one tour; empty when none was found.
    pub whole: Vec<usize>,
}

/// Tours of the cheapest cover of the services marked `owed` by `pool` (each owed service on at
/// least one tour, at the tours' costs), whole: the first window's head start, as the tours the
/// window before liked are the later ones', and a start of every window. A base's days are much
/// alike, so the tours that cover it cheaply once are mostly those its days' plan runs.
///
/// The LP over the whole pool first; then the whole cover over the tours its duals price lowest
/// (at most `COVER_COLUMNS`, within a node limit), which a set cover of a few dozen villages
/// solves in milliseconds where the whole pool could take HiGHS minutes. Empty when nothing is
/// owed or no cover is found.
pub(super) fn cheapest_cover(owed: &[bool], pool: &[Tour]) -> Cover {
    const COVER_COLUMNS: usize = 150;
    if !owed.iter().any(|&o| o) {
        return Cover::default();
    }
    let solve = |tours: &[usize], whole: bool| -> Option<(Vec<f64>, Vec<f64>)> {
        let mut problem = highs::ColProblem::default();
        let rows: Vec<Option<highs::Row>> = owed
            .iter()
            .map(|&o| o.then(|| problem.add_row(1.0..)))
            .collect();
        for &i in tours {
            let factors: Vec<(highs::Row, f64)> = pool[i]
                .stops
                .iter()
                .filter_map(|&x| rows[x].map(|r| (r, 1.0)))
                .collect();
            if whole {
                problem.add_integer_column(pool[i].cost, 0.0..=1.0, factors);
            } else {
                problem.add_column(pool[i].cost, 0.0..=1.0, factors);
            }
        }
        let mut model = problem.optimise(highs::Sense::Minimise);
        model.make_quiet();
        model.set_option("threads", 1);
        model.set_option("random_seed", 0);
        model.set_option("mip_max_nodes", 200);
        model.set_option("mip_rel_gap", 0.01);
        let solved = model.try_solve().ok()?;
        // A whole cover cut by its node limit may still be one: checked below.
        if !whole && !matches!(solved.status(), highs::HighsModelStatus::Optimal) {
            return None;
        }
        let sol = solved.get_solution();
        Some((sol.columns().to_vec(), sol.dual_rows().to_vec()))
    };
    let useful: Vec<usize> = (0..pool.len())
        .filter(|&i| pool[i].stops.iter().any(|&x| owed[x]))
        .collect();
    let Some((x, duals)) = solve(&useful, false) else {
        return Cover::default();
    };
    let fractional: Vec<usize> = useful
        .iter()
        .zip(&x)
        .filter(|(_, &v)| v > 1e-6)
        .map(|(&i, _)| i)
        .collect();
    // Duals by service (rows exist for owed services only, in order).
    let mut dual_of = vec![0.0; owed.len()];
    let mut r = 0;
    for (s, &o) in owed.iter().enumerate() {
        if o {
            dual_of[s] = duals.get(r).copied().unwrap_or(0.0);
            r += 1;
        }
    }
    let rc = |i: usize| {
        pool[i].cost
            - pool[i]
                .stops
                .iter()
                .filter(|&&s| owed[s])
                .map(|&s| dual_of[s])
                .sum::<f64>()
    };
    let mut ranked: Vec<(f64, usize)> = useful
        .iter()
        .zip(&x)
        .map(|(&i, &v)| (if v > 1e-6 { f64::NEG_INFINITY } else { rc(i) }, i))
        .collect();
    ranked.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut candidates: Vec<usize> = ranked.iter().take(COVER_COLUMNS).map(|&(_, i)| i).collect();
    candidates.sort_unstable();
    let Some((y, _)) = solve(&candidates, true) else {
        return Cover {
            fractional,
            whole: Vec::new(),
        };
    };
    if y.len() != candidates.len() {
        return Cover {
            fractional,
            whole: Vec::new(),
        };
    }
    let chosen: Vec<usize> = candidates
        .iter()
        .zip(&y)
        .filter(|(_, &v)| v > 0.5)
        .map(|(&i, _)| i)
        .collect();
    let covered = |x: usize| chosen.iter().any(|&t| pool[t].stops.contains(&x));
    if !(0..owed.len()).all(|x| !owed[x] || covered(x)) {
        return Cover {
            fractional,
            whole: Vec::new(),
        };
    }
    // Tours that share a village: the later one gives it up, for the pool's tour over the rest
    // (an enumerated pool holds every part of a feasible tour), so the start visits it once.
    let mut by_stops: std::collections::HashMap<Vec<usize>, usize> = Default::default();
    for (i, t) in pool.iter().enumerate() {
        by_stops.entry(tours::stop_set(&t.stops)).or_insert(i);
    }
    let mut seen = vec![false; owed.len()];
    let mut disjoint = Vec::new();
    for t in chosen {
        let rest: Vec<usize> = pool[t]
            .stops
            .iter()
            .copied()
            .filter(|&x| !seen[x])
            .collect();
        if rest.is_empty() {
            continue;
        }
        let t = if rest.len() == pool[t].stops.len() {
            t
        } else {
            by_stops.get(&tours::stop_set(&rest)).copied().unwrap_or(t)
        };
        for &x in &pool[t].stops {
            seen[x] = true;
        }
        disjoint.push(t);
    }
    Cover {
        fractional,
        whole: disjoint,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tour(stops: &[usize]) -> Tour {
        Tour::of_stops(stops)
    }

    /// Five villages, three stops a tour, but villages 3 and 4 fit no tour with another: the
    /// rounding `⌈5 / 3⌉ = 2` is weak, the cover says 3.
    #[test]
    fn the_cover_counts_villages_no_tour_can_join() {
        let pool: Vec<Tour> = [
            &[0][..],
            &[1],
            &[2],
            &[0, 1],
            &[0, 2],
            &[1, 2],
            &[0, 1, 2],
            &[3],
            &[4],
        ]
        .iter()
        .map(|s| tour(s))
        .collect();
        assert_eq!(least_tours(&[true; 5], &pool), 3);
        assert_eq!(least_tours(&[true, true, true, false, false], &pool), 1);
        assert_eq!(least_tours(&[false; 5], &pool), 0);
    }

    fn costed(stops: &[usize], cost: f64) -> Tour {
        Tour {
            cost,
            ..Tour::of_stops(stops)
        }
    }

    /// Three services on ten days; `owed[s]` visits of service s are due, each missed one at
    /// `penalty`.
    fn window(owed: &[u32], penalty: f64) -> Component {
        use crate::model::{Demand, Service};
        let service = |_| Service {
            requirement: 0,
            site: 0,
            location: 0,
            specialty: None,
            service_minutes: 60.0,
            load_kg: 0.0,
            min_spacing_days: 0,
            open: vec![true; 10],
        };
        Component {
            base: 0,
            base_location: 0,
            services: (0..owed.len()).map(service).collect(),
            demands: owed
                .iter()
                .enumerate()
                .map(|(x, &required)| Demand {
                    service: x,
                    period: crate::calendar::Period {
                        label: "p".into(),
                        first_day: 0,
                        last_day: 9,
                        share: 1.0,
                    },
                    required,
                    penalty,
                })
                .collect(),
            vehicles: vec![0],
            clinicians: vec![],
            days: (0..10).collect(),
            cost_per_km: 1.0,
            cost_per_day: 1.0,
            min_seats: 1,
            min_load_kg: f64::INFINITY,
            drive_limits: vec![],
        }
    }

    /// Villages 0 and 1 share a tour; village 2 is owed twice: the cheapest plan runs {0, 1} once
    /// and {2} twice (3 + 2 + 2), unless missing village 2's visits is cheaper.
    #[test]
    fn the_cover_bound_counts_each_visit_owed() {
        let pool = vec![
            costed(&[0, 1], 3.0),
            costed(&[0], 2.0),
            costed(&[1], 2.0),
            costed(&[2], 2.0),
        ];
        let bound = cover_bound(&window(&[1, 1, 2], 100.0), &pool).unwrap();
        assert!((bound - 7.0).abs() < 1e-6, "{bound}");
        let bound = cover_bound(&window(&[1, 1, 2], 1.5), &pool).unwrap();
        assert!(
            (bound - 6.0).abs() < 1e-6,
            "{bound}: 3 for {{0, 1}}, two visits missed at 1.5"
        );
        assert_eq!(cover_bound(&window(&[0, 0, 0], 100.0), &pool), Some(0.0));
    }

    /// The whole cover visits each owed village once: where the cheapest cover overlaps, a tour
    /// gives up the shared village for the pool's tour over the rest.
    #[test]
    fn the_whole_cover_visits_each_village_once() {
        let mut pool = Vec::new();
        for a in 0..5 {
            pool.push(costed(&[a], 2.0));
            for b in a + 1..5 {
                pool.push(costed(&[a, b], 2.5));
                for c in b + 1..5 {
                    pool.push(costed(&[a, b, c], 3.0));
                }
            }
        }
        let owed = [true, true, true, true, false];
        let cover = cheapest_cover(&owed, &pool);
        let mut visits = [0; 5];
        for &t in &cover.whole {
            for &x in &pool[t].stops {
                visits[x] += 1;
            }
        }
        assert_eq!(&visits[..4], &[1, 1, 1, 1], "{:?}", cover.whole);
        let cost: f64 = cover.whole.iter().map(|&t| pool[t].cost).sum();
        assert!(
            (cost - 5.0).abs() < 1e-6,
            "two pairs (or a triple and a single): {cost}"
        );
        assert!(!cover.fractional.is_empty());
        assert!(cheapest_cover(&[false; 5], &pool).whole.is_empty());
    }

    /// A fractional cover is rounded up: three villages, any two share a tour, none all three.
    #[test]
    fn a_fractional_cover_is_rounded_up() {
        let pool: Vec<Tour> = [&[0][..], &[1], &[2], &[0, 1], &[1, 2], &[0, 2]]
            .iter()
            .map(|s| tour(s))
            .collect();
        assert_eq!(least_tours(&[true; 3], &pool), 2);
    }
}
