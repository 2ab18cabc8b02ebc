//! The timed master: the season's trips placed on days, the MIP over the placements, and the
//! chosen trips as the day plan's runs with their shortfalls.

use super::*;

/// A plan of the timed master: the placed trips, those chosen, the shortfall per demand, its
/// objective, the MIP's bound over the placements and whether the MIP proved it optimal.
pub(super) type TimedPlan = (Vec<Column>, Vec<usize>, Vec<f64>, f64, f64, bool);

/// Places each of `plans` (sets of trips of the season relaxation `cp`) on days of `timed`, fills
/// what each placement misses from `pool`, starts the timed MIP from the cheapest, and fills what
/// the MIP misses.
/// `started`: when given, timings are printed for debugging.
#[allow(clippy::too_many_arguments)]
pub(super) fn plan(
    cp: &Campaign,
    timed: &Campaign,
    travel: &crate::travel::Travel,
    plans: Vec<Vec<Column>>,
    pool: &[Column],
    mip_gap: f64,
    nodes: i32,
    cap: &Cap,
    started: Option<std::time::Instant>,
) -> Result<TimedPlan, String> {
    let base_id = &cp.s.bases[cp.c.base].id;
    // What each plan's trips cost in the season relaxation; placed on days, a plan seldom costs
    // less.
    let season: Vec<f64> = plans
        .iter()
        .map(|plan| plan.iter().map(|col| col.cost).sum())
        .collect();
    let (mut placed, groups, mut starts) = place_plans(cp, timed, travel, plans, pool);
    // A plan whose trips cost less in the season than the cheapest start is placed at its best
    // first (a MIP over its own placements alone): the greedy placement can leave a plan far
    // above what its trips cost on days, and the MIP over every placement, started from the
    // plan that placed cheapest, may be slow to reach it (one campaign: a season plan of
    // ¥82,561 placed greedily at ¥88,471, which that MIP, started at ¥85,502, reached after
    // 37 s; the MIP over its own placements took 15 s).
    let mut order: Vec<usize> = (0..starts.len()).collect();
    order.sort_by(|&a, &b| season[a].total_cmp(&season[b]).then(a.cmp(&b)));
    for i in order {
        let least = starts
            .iter()
            .map(|start| plan_cost(timed, &placed, start))
            .fold(f64::INFINITY, f64::min);
        if season[i] >= least - 1e-6 {
            continue;
        }
        let t = std::time::Instant::now();
        let was = plan_cost(timed, &placed, &starts[i]);
        if let Some(better) = placed_at_best(timed, &placed, &groups[i], &starts[i], cap) {
            starts[i] = better;
        }
        if started.is_some() {
            eprintln!(
                "  own placement: {} placements, season {:.1}, {was:.1} → {:.1} in {:.2}s",
                groups[i].len(),
                season[i],
                plan_cost(timed, &placed, &starts[i]),
                t.elapsed().as_secs_f64()
            );
        }
    }
    let start_plan = starts
        .into_iter()
        .min_by(|a, b| plan_cost(timed, &placed, a).total_cmp(&plan_cost(timed, &placed, b)))
        .expect("the season MIP gives a plan");
    if let Some(t0) = started {
        eprintln!(
            "  timed: {} placements, start {} trips, cost {:.1} {:.2}s",
            placed.len(),
            start_plan.len(),
            plan_cost(timed, &placed, &start_plan),
            t0.elapsed().as_secs_f64()
        );
    }
    let (mut chosen, _, _, mip_bound, optimal, out_of_time) = mip(
        timed,
        &placed,
        &start_plan,
        cap.left(budget::MIP),
        mip_gap,
        nodes,
        cap.stop(),
    )?;
    if out_of_time {
        cap.cut(format!("{base_id}: timed MIP"));
    }
    if let Some(t0) = started {
        eprintln!(
            "  timed mip {:.1} {:.2}s",
            plan_cost(timed, &placed, &chosen),
            t0.elapsed().as_secs_f64()
        );
    }
    fill_missed(timed, pool, &mut placed, &mut chosen);
    drop_close_repeats(timed, travel, &mut placed, &chosen);
    let u = shortfall(timed, &placed, &chosen);
    let objective = plan_cost(timed, &placed, &chosen);
    Ok((placed, chosen, u, objective, mip_bound, optimal))
}

/// What the season plan `plan` costs once placed on days of `timed` as `plan` (below) places it,
/// its misses filled from `pool`: what the search compares plans by, as a plan cheaper in the
/// season relaxation may fit days worse.
pub(super) fn placed_cost(
    cp: &Campaign,
    timed: &Campaign,
    travel: &crate::travel::Travel,
    plan: Vec<Column>,
    pool: &[Column],
) -> f64 {
    let (placed, start) = place_plan(cp, timed, travel, plan, pool);
    plan_cost(timed, &placed, &start)
}

/// The season plan `plan` placed on days of `timed`, its misses filled from `pool`: the trips
/// placed and those the placement takes (as `plan` above makes each of its starts).
pub(super) fn place_plan(
    cp: &Campaign,
    timed: &Campaign,
    travel: &crate::travel::Travel,
    plan: Vec<Column>,
    pool: &[Column],
) -> (Vec<Column>, Vec<usize>) {
    let (placed, _, mut starts) = place_plans(cp, timed, travel, vec![plan], pool);
    (placed, starts.pop().expect("one plan, one start"))
}

/// Each of `plans` placed on days of `timed`, all into one set of placements, then each one's
/// misses filled from `pool`: the trips placed and, per plan, its own placements (every day its
/// trips could run) and those its placement takes.
pub(super) fn place_plans(
    cp: &Campaign,
    timed: &Campaign,
    travel: &crate::travel::Travel,
    plans: Vec<Vec<Column>>,
    pool: &[Column],
) -> (Vec<Column>, Vec<Vec<usize>>, Vec<Vec<usize>>) {
    let mut placements = Placements::default();
    let mut starts: Vec<Vec<usize>> = Vec::new();
    let mut own: Vec<Vec<usize>> = Vec::new();
    for plan in plans {
        let groups = placements.add(timed, &trim_surplus(cp, plan, travel));
        own.push(groups.iter().flatten().copied().collect());
        starts.push(place_first(timed, &placements.placed, groups));
    }
    // A placement that found no days for a trip misses its visits: filled from the pool first, so
    // that the MIP starts from a plan that makes them (from one that missed two, a campaign's MIP
    // ended ¥3,477 dearer than the filled start: ¥84,677 against ¥81,200).
    let mut placed = placements.placed;
    for start in &mut starts {
        if shortfall(timed, &placed, start).iter().any(|&v| v > 0.5) {
            fill_missed(timed, pool, &mut placed, start);
        }
    }
    (placed, own, starts)
}

/// Nodes of the MIP that places one plan at its best (`placed_at_best`).
const OWN_PLACEMENT_NODES: i32 = 200;

/// The cheapest mix of the placements `own` (one plan's) and the trips of `start` (that plan
/// placed greedily, its misses filled), by a MIP over those alone started from `start`; `None`
/// when it finds nothing cheaper.
pub(super) fn placed_at_best(
    timed: &Campaign,
    placed: &[Column],
    own: &[usize],
    start: &[usize],
    cap: &Cap,
) -> Option<Vec<usize>> {
    let set: Vec<usize> = own.iter().chain(start).copied().collect();
    let (subset, columns, start_in) = subset_with_start(placed, set, start);
    let (chosen, _, _, _, _, out_of_time) = mip(
        timed,
        &columns,
        &start_in,
        cap.left(budget::MIP),
        0.0,
        OWN_PLACEMENT_NODES,
        cap.stop(),
    )
    .ok()?;
    if out_of_time {
        let base_id = &timed.s.bases[timed.c.base].id;
        cap.cut(format!("{base_id}: timed MIP"));
    }
    let better: Vec<usize> = chosen.iter().map(|&k| subset[k]).collect();
    (plan_cost(timed, placed, &better) < plan_cost(timed, placed, start) - 1e-6).then_some(better)
}

/// The chosen trips as runs of component `ci` (numbered by start day and team), and each demand
/// still short with its reason.
pub(super) fn runs(
    cp: &Campaign,
    ci: usize,
    columns: &[Column],
    chosen: &[usize],
    u: &[f64],
) -> (Vec<Run>, Vec<Shortfall>) {
    let s = cp.s;
    let mut runs = Vec::new();
    let mut picked: Vec<&Column> = chosen.iter().map(|&i| &columns[i]).collect();
    picked.sort_by_key(|col| (col.start, cp.teams[col.team].team));
    for (number, col) in picked.iter().enumerate() {
        let t = &cp.teams[col.team];
        let crew = crew_of(s, t.team);
        let len = col.days.len() as u32;
        for (k, leg) in col.days.iter().enumerate() {
            runs.push(Run {
                component: ci,
                tour: Tour {
                    stops: leg.stops.clone(),
                    km: leg.km,
                    drive_minutes: leg.drive_minutes,
                    work_minutes: leg.work_minutes,
                    cost: leg.km * t.cost_per_km + t.cost_per_day,
                    slots: vec![],
                },
                day: col.start + k,
                vehicle: t.vehicle,
                crew: crew.clone(),
                trip: Some(TripPart {
                    number,
                    team: t.team,
                    day: k as u32,
                    days: len,
                    from: Ends::lodging(leg.from),
                    to: Ends::lodging(leg.to),
                }),
            });
        }
    }
    let shortfalls: Vec<Shortfall> = u
        .iter()
        .enumerate()
        .filter(|(_, &v)| v.round() >= 1.0)
        .map(|(q, &v)| Shortfall {
            component: ci,
            demand: q,
            missing: v.round() as u32,
            reason: reason(cp, columns, chosen, q),
        })
        .collect();
    (runs, shortfalls)
}
