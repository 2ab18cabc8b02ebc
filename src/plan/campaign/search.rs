//! The large-neighbourhood search around the dive's plan, and the season MIP's columns and
//! start.

use super::polish::polish;
use super::*;

/// The `k` trips of `plan` nearest trip `seed` (itself first): by the mean, over the seed's
/// villages, of the driving minutes to the other trip's nearest village.
pub(super) fn neighbourhood(
    cp: &Campaign,
    travel: &crate::travel::Travel,
    columns: &[Column],
    plan: &[usize],
    seed: usize,
    k: usize,
) -> Vec<usize> {
    let places = |j: usize| -> Vec<usize> {
        columns[j]
            .days
            .iter()
            .flat_map(|l| l.stops.iter().map(|&x| cp.c.services[x].location))
            .collect()
    };
    let here = places(seed);
    let mut by: Vec<(f64, usize)> = plan
        .iter()
        .map(|&j| {
            if j == seed {
                return (f64::NEG_INFINITY, j);
            }
            let there = places(j);
            let d = here
                .iter()
                .map(|&a| {
                    there
                        .iter()
                        .map(|&b| travel.minutes(a, b))
                        .fold(f64::INFINITY, f64::min)
                })
                .sum::<f64>()
                / here.len().max(1) as f64;
            (d, j)
        })
        .collect();
    by.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    by.into_iter().take(k).map(|(_, j)| j).collect()
}

/// The season MIP's columns and start: the pool's trips the root LP uses, then by reduced cost at
/// its duals, 3,000 in all, with the start, which is the greedy plan in that order or the dive's
/// `dived`, whichever costs less (as indices into the columns returned).
pub(super) fn season_choice(
    cp: &Campaign,
    columns: &[Column],
    lp_x: &[f64],
    last_duals: &[f64],
    dived: &Option<Vec<usize>>,
) -> (Vec<Column>, Vec<usize>) {
    let rc: Vec<f64> = columns
        .iter()
        .map(|col| {
            if last_duals.is_empty() {
                0.0
            } else {
                cp.reduced_cost(col, last_duals)
            }
        })
        .collect();
    let mut by_lp: Vec<usize> = (0..columns.len()).collect();
    by_lp.sort_by(|&a, &b| {
        let (xa, xb) = (
            lp_x.get(a).copied().unwrap_or(0.0),
            lp_x.get(b).copied().unwrap_or(0.0),
        );
        xb.total_cmp(&xa)
            .then(rc[a].total_cmp(&rc[b]))
            .then(a.cmp(&b))
    });
    let mut start_plan = greedy(cp, columns, &by_lp);
    if let Some(d) = dived {
        if plan_cost(cp, columns, d) < plan_cost(cp, columns, &start_plan) {
            start_plan = d.clone();
        }
    }
    let keep = 3000;
    let mut subset: Vec<usize> = by_lp.iter().copied().take(keep).collect();
    subset.extend(&start_plan);
    subset.extend(dived.iter().flatten());
    let (_, sub, start_in_sub) = subset_with_start(columns, subset, &start_plan);
    (sub, start_in_sub)
}

/// The next neighbourhood to free: `around(turn)` for seeds in turn from `turn`, passing over
/// those already in `tried` (two nearby seeds often free the same trips, whose dive around the
/// same plan would rebuild it; on two of seven campaigns this gave one step in eight back, and
/// plans 2.4 % and 1.3 % cheaper), until `turn` reaches `limit`: then `None`.
pub(super) fn next_free(
    tried: &mut HashSet<Vec<usize>>,
    turn: &mut usize,
    limit: usize,
    around: impl Fn(usize) -> Vec<usize>,
) -> Option<Vec<usize>> {
    while *turn < limit {
        let free = around(*turn);
        *turn += 1;
        let mut set = free.clone();
        set.sort_unstable();
        if tried.insert(set) {
            return Some(free);
        }
    }
    None
}

/// What the search ends with: the plan cheapest in the season relaxation, which it went on from,
/// the one cheapest placed on days (see `timed::placed_cost`), when that is another, and (at
/// `thorough`) `normal`'s plans, as trips (see `normal_end`).
pub(super) struct Searched {
    pub(super) season: Option<Vec<usize>>,
    pub(super) placed: Option<Vec<usize>>,
    pub(super) normal: Vec<Vec<Column>>,
}

/// Keeps `plan` as the plan placed cheapest so far if its cost on days, `on_days`, is below
/// that of `placed_best`.
fn keep_cheaper_placed(placed_best: &mut Option<(f64, Vec<usize>)>, on_days: f64, plan: &[usize]) {
    if placed_best
        .as_ref()
        .is_none_or(|(least, _)| on_days < least - 1e-6)
    {
        *placed_best = Some((on_days, plan.to_vec()));
    }
}

/// The large-neighbourhood search around the first dive's plan `first_dive`.
#[allow(clippy::too_many_arguments)]
pub(super) fn search(
    cp: &Campaign,
    timed: &Campaign,
    travel: &crate::travel::Travel,
    generation: &mut Generation,
    first_dive: &Option<Vec<usize>>,
    work: &Work,
    cap: &Cap,
    started: std::time::Instant,
) -> Result<Searched, String> {
    let base_id = generation.base_id().to_string();
    let debug = generation.debug;
    // Large-neighbourhood search: free a few trips of the best plan that lie near each other,
    // and dive again around the rest; the trips priced on the way also stay in the pool. Plans
    // are compared in the season relaxation, where some may not fit on days (spacing, team-days):
    // the timed MIP also gets the first dive's plan, and the plan the search met that placed
    // cheapest. (Going on only from plans that place well was worse: on one campaign a plan that
    // placed ¥2,600 above its season cost led, two steps on, to one that placed at ¥84,005,
    // where the other way ended at ¥86,560.)
    let mut dived = first_dive.clone();
    let placed =
        |generation: &Generation, plan: &[usize]| placed_cost(cp, timed, travel, generation, plan);
    let mut placed_best: Option<(f64, Vec<usize>)> = None;
    let mut normal_plans = None;
    if let Some(best) = &mut dived {
        let mut best_cost = plan_cost(cp, &generation.columns, best);
        placed_best = Some((placed(generation, best), best.clone()));
        let lns_until = cap.until(budget::DIVE);
        // Neighbourhoods freed around the best plan so far, and seeds taken.
        let mut tried: HashSet<Vec<usize>> = HashSet::default();
        let mut turn = 0;
        for step in 0..work.lns_steps {
            if best.is_empty() {
                break;
            }
            if lns_until.passed() {
                cap.cut(format!("{base_id}: search"));
                break;
            }
            if step > 0 && step == work.normal_end_after {
                normal_plans = Some(normal_end(
                    cp, timed, travel, generation, best, lns_until, started,
                )?);
            }
            let mut order = best.clone();
            order.sort_by_key(|&j| (generation.columns[j].start, generation.columns[j].team, j));
            let Some(free) = next_free(&mut tried, &mut turn, step + 2 * order.len(), |turn| {
                neighbourhood(
                    cp,
                    travel,
                    &generation.columns,
                    best,
                    order[turn % order.len()],
                    work.lns_free + turn / order.len(),
                )
            }) else {
                break;
            };
            let keep: Vec<usize> = best.iter().copied().filter(|j| !free.contains(j)).collect();
            let found = generation.dive_around(&keep, work, lns_until)?;
            if let Some(plan) = found {
                let cost = plan_cost(cp, &generation.columns, &plan);
                let on_days = placed(generation, &plan);
                if debug {
                    eprintln!(
                        "  lns {step}: {} trips, cost {cost:.1} placed {on_days:.1} (best {best_cost:.1}) {:.2}s",
                        plan.len(),
                        started.elapsed().as_secs_f64()
                    );
                }
                keep_cheaper_placed(&mut placed_best, on_days, &plan);
                if cost < best_cost - 1e-6 {
                    *best = plan;
                    best_cost = cost;
                    tried.clear();
                }
            }
        }
        finish(
            cp,
            timed,
            travel,
            generation,
            best,
            &mut placed_best,
            work,
            lns_until,
            started,
        )?;
    }
    let placed = placed_best
        .map(|(_, plan)| plan)
        .filter(|plan| Some(plan) != dived.as_ref());
    // `normal`'s plans go on only when its plan costs less in the season than the search's own:
    // otherwise their placements only widen the timed MIP (one campaign: 4,346 placements
    // became 5,370, and its 5,000 nodes no longer found the ¥82,945 they had found).
    let searched = dived
        .as_ref()
        .map_or(f64::INFINITY, |d| plan_cost(cp, &generation.columns, d));
    let normal = normal_plans
        .filter(|(cost, _)| *cost < searched - 1e-6)
        .map_or(Vec::new(), |(_, plans)| plans);
    Ok(Searched {
        season: dived,
        placed,
        normal,
    })
}

/// `normal`'s end (`finish`, sized as `normal` sizes it) from `best`, on a copy of the pool: the
/// season cost of the plan it ends with, and, as trips, that plan and the one of its plans that
/// placed cheapest on days when that is another. The pool the search goes on with gets none of
/// the copy's trips: with them the later steps took other turns, and two of three pastoral
/// campaigns came out dearer (one by 1.6 %), as three of five did going on from `normal`'s plan
/// (one by 1.7 %).
fn normal_end(
    cp: &Campaign,
    timed: &Campaign,
    travel: &crate::travel::Travel,
    generation: &Generation,
    best: &[usize],
    until: Until,
    started: std::time::Instant,
) -> Result<(f64, Vec<Vec<Column>>), String> {
    let mut copy = Generation::new(
        generation.cp,
        generation.travel,
        generation.masks,
        generation.ng,
        generation.relaxed_ng,
        generation.columns.clone(),
        generation.debug,
    );
    copy.know_pool();
    let mut ended = best.to_vec();
    let mut placed_best = None;
    finish(
        cp,
        timed,
        travel,
        &mut copy,
        &mut ended,
        &mut placed_best,
        &Work::of(Effort::Normal),
        until,
        started,
    )?;
    let trips = |plan: &[usize]| plan.iter().map(|&j| copy.columns[j].clone()).collect();
    let mut plans = vec![trips(&ended)];
    if let Some((_, plan)) = placed_best.filter(|(_, plan)| *plan != ended) {
        plans.push(trips(&plan));
    }
    Ok((plan_cost(cp, &copy.columns, &ended), plans))
}

/// What `plan` costs placed on days (`timed::placed_cost`).
fn placed_cost(
    cp: &Campaign,
    timed: &Campaign,
    travel: &crate::travel::Travel,
    generation: &Generation,
    plan: &[usize],
) -> f64 {
    let trips = plan
        .iter()
        .map(|&j| generation.columns[j].clone())
        .collect();
    timed::placed_cost(cp, timed, travel, trips, &generation.columns)
}

/// The search's end, sized by `work`: the best plan's neighbourhoods once more, by MIPs over the
/// whole pool (`polish`); then a dive held to a trip fewer than it (`fewer`), polished in turn if
/// it is cheaper. (Before the polish, a plan of a trip fewer cheaper than the search's but not
/// than its polish took the polish's place on one campaign: ¥82,067 where ¥81,198.)
#[allow(clippy::too_many_arguments)]
fn finish(
    cp: &Campaign,
    timed: &Campaign,
    travel: &crate::travel::Travel,
    generation: &mut Generation,
    best: &mut Vec<usize>,
    placed_best: &mut Option<(f64, Vec<usize>)>,
    work: &Work,
    until: Until,
    started: std::time::Instant,
) -> Result<(), String> {
    let base_id = generation.base_id().to_string();
    let debug = generation.debug;
    let polished = |generation: &Generation,
                    best: &mut Vec<usize>,
                    placed_best: &mut Option<(f64, Vec<usize>)>| {
        let searched = best.clone();
        polish(
            cp,
            travel,
            &generation.columns,
            best,
            work,
            until,
            &base_id,
            debug.then_some(started),
        );
        if *best != searched {
            let on_days = placed_cost(cp, timed, travel, generation, best);
            keep_cheaper_placed(placed_best, on_days, best);
        }
    };
    polished(generation, best, placed_best);
    if work.fewer_trips && best.len() > 1 && !until.passed() {
        let most = best.len() - 1;
        let best_cost = plan_cost(cp, &generation.columns, best);
        if let Some(plan) = fewer_trips(generation, most, work, until)? {
            let cost = plan_cost(cp, &generation.columns, &plan);
            let on_days = placed_cost(cp, timed, travel, generation, &plan);
            if debug {
                eprintln!(
                    "  fewer: {} trips (of at most {most}), cost {cost:.1} placed {on_days:.1} (best {best_cost:.1}) {:.2}s",
                    plan.len(),
                    started.elapsed().as_secs_f64()
                );
            }
            keep_cheaper_placed(placed_best, on_days, &plan);
            if cost < best_cost - 1e-6 {
                *best = plan;
                polished(generation, best, placed_best);
            }
        } else if debug {
            eprintln!(
                "  fewer: no plan of {most} trips {:.2}s",
                started.elapsed().as_secs_f64()
            );
        }
    }
    Ok(())
}
