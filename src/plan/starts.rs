//! Whole plans for a window's MIP to start from: an LP dive that prices as it fixes, the previous
//! window's plan repeated, and short patch tours for what is still owed; and the columns the MIP
//! keeps.

use super::budget::{self, Cap};
use super::lp::{self, Lp, LpError};
use super::master::Master;
use super::pricing::Generated;
use crate::model::Component;
use crate::tours::{self, Tour};

/// What a window carries to the next: its first day and its plan's tour-days.
#[derive(Default)]
pub(super) struct Previous {
    pub first_day: usize,
    pub plan: Vec<(usize, usize)>,
}

/// The previous window's tour-days moved on by the whole weeks between the windows' starts, each
/// to the nearest day of this window (within three days) on which its tour can run. Villages owe
/// a visit a month and work follows the week, so a good plan mostly repeats; the MIP seldom finds
/// such a plan within its nodes when spacing rows link the windows.
pub(super) fn repeated(c: &Component, pool: &[Tour], previous: &Previous) -> Vec<(usize, usize)> {
    let Some(&first) = c.days.first() else {
        return Vec::new();
    };
    let weeks = ((first as f64 - previous.first_day as f64) / 7.0).round();
    if weeks < 1.0 {
        return Vec::new();
    }
    let shift = weeks as usize * 7;
    let days: std::collections::HashSet<usize> = c.days.iter().copied().collect();
    let mut out = Vec::new();
    let mut taken = std::collections::HashSet::new();
    for &(t, d) in &previous.plan {
        let target = (d + shift) as i64;
        let moved = [0i64, 1, -1, 2, -2, 3, -3]
            .iter()
            .map(|off| target + off)
            .filter(|&x| x >= 0)
            .map(|x| x as usize)
            .find(|x| {
                days.contains(x) && tours::runs_on(c, &pool[t], *x) && !taken.contains(&(t, *x))
            });
        if let Some(x) = moved {
            taken.insert((t, x));
            out.push((t, x));
        }
    }
    out
}

/// For each service, its cheapest tours of one or two stops, on every day they can run.
pub(super) fn patch_columns(c: &Component, pool: &[Tour]) -> Vec<(usize, usize)> {
    // One pass over the pool (a pass per service was 10⁸ steps on a base of 10,000 villages).
    let mut by_service: Vec<Vec<usize>> = vec![Vec::new(); c.services.len()];
    for (t, tour) in pool.iter().enumerate().filter(|(_, x)| x.stops.len() <= 2) {
        for &s in &tour.stops {
            if by_service[s].last() != Some(&t) {
                by_service[s].push(t);
            }
        }
    }
    let mut out = Vec::new();
    for mut short in by_service {
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
pub(super) fn restrict(
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
#[allow(clippy::too_many_arguments)]
pub(super) fn dive(
    lp: &mut Lp,
    first: &lp::LpSolution,
    gen: &mut Generated,
    master: &Master,
    c: &Component,
    pool: &[Tour],
    with_history: bool,
    work: budget::DayWork,
    cap: &Cap,
    place: &str,
) -> Vec<usize> {
    let mut x = first.x.clone();
    let mut duals = first.duals.clone();
    let mut fixed = vec![false; x.len()];
    let solve = |lp: &mut Lp| lp.solve(cap.left(budget::DIVE), work.lp_iterations);
    let mut steps = 0;
    let mut priced = true;
    while steps < work.dive_steps {
        // After each fixing, tours that complete the fixed ones price out: a dive over the
        // columns of the root alone is left with poor matches for its last tours. One round per
        // fixing: a full column generation at every step costs more than it finds.
        if !priced && gen.price(master, c, pool, &duals, lp, with_history).0 > 0 {
            priced = true;
            if cap.past(budget::DIVE) {
                cap.cut(format!("{place}: dive"));
                break;
            }
            steps += 1;
            match solve(lp) {
                Ok(sol) => {
                    x = sol.x;
                    duals = sol.duals;
                    fixed.resize(x.len(), false);
                    continue;
                }
                Err(e) => {
                    if matches!(e, LpError::OutOfTime) {
                        cap.cut(format!("{place}: dive"));
                    }
                    break;
                }
            }
        }
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
        steps += 1;
        priced = false;
        match solve(lp) {
            Ok(sol) => {
                x = sol.x;
                duals = sol.duals;
            }
            Err(LpError::OutOfTime) => {
                cap.cut(format!("{place}: dive"));
                break;
            }
            Err(LpError::Failed(_)) => {
                // Infeasible with this tour-day: rule it out instead.
                lp.fix(i, 0.0);
                match solve(lp) {
                    Ok(sol) => {
                        x = sol.x;
                        duals = sol.duals;
                    }
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
    x.resize(gen.columns.len(), 0.0);
    (0..x.len()).filter(|&i| x[i] > 1.0 - 1e-6).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Service;

    /// Two services on weekdays of a 10-week horizon; service 1 is closed on day 30.
    fn comp(days: std::ops::Range<usize>) -> Component {
        let weekday = |d: usize| d % 7 < 5;
        let service = |closed: Option<usize>| {
            Service::open_on((0..70).map(|d| weekday(d) && Some(d) != closed).collect())
        };
        Component::for_tests(
            vec![service(None), service(Some(30))],
            vec![],
            days.filter(|&d| weekday(d)).collect(),
        )
    }

    fn tour(stops: &[usize]) -> Tour {
        Tour::of_stops(stops)
    }

    #[test]
    fn a_plan_moves_on_by_whole_weeks_to_open_days() {
        let pool = vec![tour(&[0]), tour(&[1]), tour(&[0, 1])];
        let previous = Previous {
            first_day: 0,
            plan: vec![(0, 1), (1, 2), (2, 3)],
        };
        // The next window starts 29 days on: four weeks, so the same weekdays.
        let c = comp(29..56);
        assert_eq!(
            repeated(&c, &pool, &previous),
            vec![(0, 29), (1, 31), (2, 31)],
            "day 30 is closed for service 1, so its tours move to the nearest open day"
        );
        // A window that does not start a week or more later repeats nothing.
        let same = comp(2..28);
        assert!(repeated(&same, &pool, &previous).is_empty());
    }

    #[test]
    fn a_tour_runs_at_most_once_a_day_and_only_within_the_window() {
        let pool = vec![tour(&[0])];
        let previous = Previous {
            first_day: 0,
            // Days 3 and 4 both move to day 31 or 32; day 25 would move past the window.
            plan: vec![(0, 3), (0, 4), (0, 25)],
        };
        let c = comp(28..40);
        let moved = repeated(&c, &pool, &previous);
        assert_eq!(moved, vec![(0, 31), (0, 32)]);
        assert!(moved.iter().all(|&(_, d)| c.days.contains(&d)));
    }
}
