//! One window of a base's horizon: column generation on a warm-started LP (history-free first, for
//! the bound; then with the earlier windows' history), an LP dive, greedy starts, and the MIP.

use super::budget::{self, Cap};
use super::lp::{self, Lp, LpError};
use super::master::{History, Master};
use super::{assign, diagnose, slot_kinds, ComponentResult, ComponentStats, Options};
use crate::model::{Component, Model};
use crate::scenario::Scenario;
use crate::tours::{self, Limits, Tour};
use std::collections::HashMap;

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
    let mut lp = Lp::new(&master);
    let mut columns: Vec<(usize, usize)> = Vec::new();
    let mut in_model: std::collections::HashSet<(usize, usize)> = Default::default();
    let mut rounds = 0;
    let mut shapes = Vec::new();
    let per_day = (c.vehicles.len() * 48).clamp(48, 144);
    // Tours the previous window liked, on every day of this one: a head start for the first LP.
    for &t in seeds {
        for &d in &c.days {
            if tours::runs_on(c, &pool[t], d) && in_model.insert((t, d)) {
                columns.push((t, d));
                lp.add(&master, &pool[t], d);
            }
        }
    }
    // Cut by the clock before its first LP, a window plans from its greedy start alone, with no
    // duals (the LP value 0 still bounds it: costs are never negative).
    let mut lp_ok = true;
    let mut sol = match lp.solve(cap.left(budget::GENERATION), work.lp_iterations) {
        Ok(sol) => sol,
        Err(LpError::OutOfTime) => {
            cap.cut(format!("{place}: column generation"));
            lp_ok = false;
            lp::LpSolution {
                x: vec![0.0; columns.len()],
                duals: vec![0.0; master.row_count()],
                objective: 0.0,
            }
        }
        Err(e) => return Err(e.into()),
    };
    let mut lp_secs = 0.0;
    let mut best_bound = f64::NEG_INFINITY;
    // Column generation, first on the history-free window (its Lagrangian bound holds for the whole
    // horizon, as dropping what links windows is a relaxation), then, where earlier windows left
    // history, on the window's own problem, from the same columns and basis.
    let history = master.has_history();
    let phases: &[bool] = if history { &[false, true] } else { &[false] };
    for &with_history in phases {
        if with_history {
            lp.apply_history(&master);
            // A failed re-solve keeps the last solution: the greedy starts enforce history anyway.
            if let Ok(next) = lp.solve(cap.left(budget::GENERATION), work.lp_iterations) {
                sol = next;
            }
        }
        while lp_ok && rounds < work.cg_rounds * phases.len() {
            if cap.past(budget::GENERATION) {
                cap.cut(format!("{place}: column generation"));
                break;
            }
            rounds += 1;
            if !complete {
                add_priced_tours(s, c, model, limits, near, &master, &sol.duals, pool);
            }
            if shapes.len() < pool.len() {
                shapes.extend(pool[shapes.len()..].iter().map(|t| master.tour_shape(t)));
            }
            let mut added = 0;
            let mut min_rc: HashMap<usize, f64> = HashMap::new();
            for &d in &c.days {
                let prices = master.day_prices(d, &sol.duals);
                let mut cands: Vec<(f64, usize)> = Vec::new();
                let mut least = 0.0f64;
                for (t, tour) in pool.iter().enumerate() {
                    if !tours::runs_on(c, tour, d) {
                        continue;
                    }
                    let rc = master.priced(tour, &shapes[t], &prices);
                    least = least.min(rc);
                    if rc < -1e-6
                        && !in_model.contains(&(t, d))
                        && !(with_history && master.forbidden(tour, d))
                    {
                        cands.push((rc, t));
                    }
                }
                min_rc.insert(d, least);
                cands.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
                for &(_, t) in cands.iter().take(per_day) {
                    columns.push((t, d));
                    in_model.insert((t, d));
                    lp.add(&master, &pool[t], d);
                    added += 1;
                }
            }
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
                sol.x.resize(columns.len(), 0.0);
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
                    sol.x.resize(columns.len(), 0.0);
                    break;
                }
            }
            lp_secs += cap.elapsed() - t0;
        }
    }
    sol.x.resize(columns.len(), 0.0);
    let lp_value = sol.objective;
    if std::env::var_os("OUTREACH_DEBUG").is_some() {
        eprintln!(
            "  window {place}: rounds {rounds} lp {lp_value:.1} bound {best_bound:.1} after {:.2}s ({lp_secs:.2}s in LP solves)",
            cap.elapsed() - started
        );
    }
    let t_cg = cap.elapsed() - started;
    // The MIP works on the columns the LP likes best: those it uses and those of least reduced cost.
    let (chosen, lp_x) = restrict(
        &master,
        pool,
        &columns,
        &sol.x,
        &sol.duals,
        work.mip_columns_per_day * c.days.len().max(1),
    );
    let dived = if lp_ok {
        dive(&mut lp, &sol, work, cap, &place)
    } else {
        Vec::new()
    };
    let mut mip_columns: Vec<(usize, usize)> = chosen.iter().map(|&i| columns[i]).collect();
    let mut mip_lp_x = lp_x;
    for &i in &dived {
        if !chosen.contains(&i) {
            mip_columns.push(columns[i]);
            mip_lp_x.push(1.0);
        }
    }
    let t_dive = cap.elapsed() - started;
    // Two starting plans, the better one handed to the MIP. Both are greedy, so every tour is staffed
    // and no ≤ row is broken: one takes the dive's tour-days first, the other follows the LP values;
    // short patch tours then serve what is still owed.
    let n_lp = mip_columns.len();
    mip_columns.extend(patch_columns(c, pool));
    mip_lp_x.resize(mip_columns.len(), 0.0);
    let dive_set: std::collections::HashSet<(usize, usize)> =
        dived.iter().map(|&i| columns[i]).collect();
    let dive_x: Vec<f64> = mip_columns
        .iter()
        .zip(&mip_lp_x)
        .map(|(c, &v)| if dive_set.contains(c) { 2.0 } else { v })
        .collect();
    let from_dive = master.greedy(pool, &mip_columns, &dive_x);
    let from_lp = master.greedy(pool, &mip_columns, &mip_lp_x);
    let value = |start: &[f64]| master.objective_of(pool, &mip_columns, start);
    let (dive_value, lp_value_start) = (value(&from_dive), value(&from_lp));
    let best = if dive_value <= lp_value_start {
        from_dive
    } else {
        from_lp
    };
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
            "  cg {t_cg:.2}s dive {t_dive:.2}s ({} tours): starts from dive {dive_value:.1}, from lp {lp_value_start:.1}",
            dived.len()
        );
    }
    let mut seeds: Vec<usize> = columns
        .iter()
        .zip(&sol.x)
        .filter(|(_, &v)| v > 1e-6)
        .map(|(&(t, _), _)| t)
        .collect();
    let columns = mip_columns;
    // Should HiGHS fail on the MIP, the start is a whole plan already, bounded by the LP value.
    // The greedy start is already a whole plan, so a MIP cut short by the clock still has it.
    let mip = match master.solve_mip(
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
            "  mip {:.1} over {} columns, optimal {}, done at {:.2}s",
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
    Ok(ComponentResult {
        runs,
        shortfalls,
        seeds,
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

/// Indices of the columns the LP uses plus the `keep` of least reduced cost, with their LP values.
fn restrict(
    master: &Master,
    pool: &[Tour],
    columns: &[(usize, usize)],
    x: &[f64],
    duals: &[f64],
    keep: usize,
) -> (Vec<usize>, Vec<f64>) {
    let mut ranked: Vec<(bool, f64, usize)> = columns
        .iter()
        .enumerate()
        .map(|(i, &(t, d))| (x[i] <= 1e-6, master.reduced_cost(&pool[t], d, duals), i))
        .collect();
    ranked.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(&b.2)));
    let used = ranked.iter().filter(|r| !r.0).count();
    let mut chosen: Vec<usize> = ranked.iter().take(used.max(keep)).map(|r| r.2).collect();
    chosen.sort_unstable();
    let values = chosen.iter().map(|&i| x[i]).collect();
    (chosen, values)
}

/// Diving on the LP: fix the largest fractional tour-day to 1 (or to 0 when that makes the LP
/// infeasible) and re-solve from the previous basis, until every tour-day is whole. Returns the
/// columns at 1. At most `work.dive_steps` solves; the clock only cuts it (keeping what is whole).
fn dive(
    lp: &mut Lp,
    first: &lp::LpSolution,
    work: budget::DayWork,
    cap: &Cap,
    place: &str,
) -> Vec<usize> {
    let mut x = first.x.clone();
    let mut fixed = vec![false; x.len()];
    let solve = |lp: &mut Lp| lp.solve(cap.left(budget::DIVE), work.lp_iterations);
    for _ in 0..work.dive_steps {
        let pick = (0..x.len())
            .filter(|&i| !fixed[i] && x[i] > 1e-6 && x[i] < 1.0 - 1e-6)
            .max_by(|&a, &b| x[a].total_cmp(&x[b]).then(b.cmp(&a)));
        let Some(i) = pick else { break };
        if cap.past(budget::DIVE) {
            cap.cut(format!("{place}: dive"));
            break;
        }
        fixed[i] = true;
        lp.fix(i, 1.0);
        match solve(lp) {
            Ok(sol) => x = sol.x,
            Err(LpError::OutOfTime) => {
                cap.cut(format!("{place}: dive"));
                break;
            }
            Err(LpError::Failed(_)) => {
                // Infeasible with this tour-day: rule it out instead.
                lp.fix(i, 0.0);
                match solve(lp) {
                    Ok(sol) => x = sol.x,
                    Err(e) => {
                        if matches!(e, LpError::OutOfTime) {
                            cap.cut(format!("{place}: dive"));
                        }
                        break;
                    }
                }
            }
        }
    }
    (0..x.len()).filter(|&i| x[i] > 1.0 - 1e-6).collect()
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
#[allow(clippy::too_many_arguments)]
fn add_priced_tours(
    s: &Scenario,
    c: &Component,
    model: &Model,
    limits: &Limits,
    near: &[Vec<usize>],
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
        for t in tours::heuristic_price(s, c, &model.travel, limits, near, &prize) {
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
        out.insert(d, c.cost_per_day - gain - master.cut_dual(duals));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tour(stops: &[usize]) -> Tour {
        Tour {
            stops: stops.to_vec(),
            km: 0.0,
            drive_minutes: 0.0,
            work_minutes: 0.0,
            cost: 1.0,
            slots: vec![],
        }
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
