//! A lower bound on every campaign plan from the *leg-flow relaxation*: forget which trip a day
//! belongs to and count how often each leg is driven. Every plan gives such counts:
//! - each night at a lodging is one leg in and one leg out (flow);
//! - the trips are the legs leaving the base, and together they last at most `max_days` each;
//! - the load on board flows too: a trip leaves the base with at most Q kg, each leg's visits use
//!   some, and what it has left when it sleeps somewhere is what it has the next morning;
//! - a cluster of villages (those nearest a lodging, or two neighbouring clusters) that needs L kg
//!   is entered at least ⌈L / Q⌉ times (rounded capacity; one unmet visit lowers that by one).
//!
//! What the counts forget: which team drives (costs and loads are the teams' least and most), the
//! day a leg runs (only the kinds of day it could run on: those alike in the cover rows its visits
//! meet), ascent rest nights, spacing, and whose load is whose when trips sleep at one lodging.
//!
//! The bound is the LP optimum of these counts: one simplex solve, no duals to converge, so it
//! holds whatever column generation reaches in its time. The load flow carries it: without it,
//! one-day trips to the health centres would lend their unused load to the long trips.

use super::{Campaign, RowKind};
use crate::tours::trips;
use highs::{ColProblem, Row};
use std::time::Instant;

/// The bound and how it was found.
pub(super) struct FlowBound {
    /// The LP optimum: no plan costs less.
    pub bound: f64,
    /// Legs-by-kind-of-day variables.
    pub variables: usize,
    pub seconds: f64,
}

/// One variable of the relaxation: a leg driven on days of one kind.
struct Var {
    leg: usize,
    /// Cover rows the leg's visits count for on those days.
    rows: Vec<usize>,
}

/// The leg-flow bound, or none when its LP fails; with `debug`, what happened is printed.
pub(super) fn flow_bound_logged(
    cp: &Campaign,
    travel: &crate::travel::Travel,
    time_limit: f64,
    debug: bool,
) -> Option<f64> {
    match flow_bound(cp, travel, time_limit) {
        Ok(fb) => {
            if debug {
                eprintln!(
                    "  leg-flow bound {:.1} ({} variables) {:.2}s",
                    fb.bound, fb.variables, fb.seconds
                );
            }
            Some(fb.bound)
        }
        Err(e) => {
            if debug {
                eprintln!("  no leg-flow bound: {e}");
            }
            None
        }
    }
}

pub(super) fn flow_bound(
    cp: &Campaign,
    travel: &crate::travel::Travel,
    time_limit: f64,
) -> Result<FlowBound, String> {
    let started = Instant::now();
    let s = cp.s;
    let c = cp.c;
    let h = &s.horizon;
    let n_ends = cp.ends.len();
    if cp.teams.is_empty() {
        return Err("no team works from this base".into());
    }
    let least =
        |f: &dyn Fn(&super::TeamInfo) -> f64| cp.teams.iter().map(f).fold(f64::INFINITY, f64::min);
    let per_km = least(&|t| t.cost_per_km);
    let per_day = least(&|t| t.cost_per_day);
    let per_night = least(&|t| s.trip_night_cost(t.team));
    let load_cap = cp.teams.iter().map(|t| t.max_load_kg).fold(0.0, f64::max);
    let max_days = cp.max_days.max(1) as f64;
    let team_days: usize = cp
        .teams
        .iter()
        .map(|t| t.available.iter().filter(|&&a| a).count())
        .sum();

    // Which teams may drive each leg.
    let mut drivers: Vec<Vec<usize>> = vec![Vec::new(); cp.legs.len()];
    for (ti, t) in cp.teams.iter().enumerate() {
        for &i in &t.legs {
            drivers[i].push(ti);
        }
    }
    let mut vars: Vec<Var> = Vec::new();
    for (i, leg) in cp.legs.iter().enumerate() {
        if drivers[i].is_empty()
            || trips::ascend(
                &s.altitude,
                cp.ends.altitude[leg.from],
                cp.ends.altitude[leg.to],
                0.0,
            )
            .is_none()
        {
            continue;
        }
        let mut kinds: Vec<Vec<usize>> = Vec::new();
        for d in 0..h.days {
            let runs = drivers[i].iter().any(|&ti| {
                let t = &cp.teams[ti];
                t.available[d] && (leg.to == 0 || cp.night_allowed(t, leg.to, d))
            }) && leg.stops.iter().all(|&x| c.services[x].open[d]);
            if !runs {
                continue;
            }
            let mut rows: Vec<usize> = leg
                .stops
                .iter()
                .flat_map(|&x| cp.visit_rows[x][d].iter().copied())
                .filter(|&r| matches!(cp.rows[r].kind, RowKind::Cover))
                .collect();
            rows.sort_unstable();
            if !kinds.contains(&rows) {
                kinds.push(rows);
            }
        }
        vars.extend(kinds.into_iter().map(|rows| Var { leg: i, rows }));
    }

    // Clusters: the villages nearest each lodging (with the lodging), and pairs of neighbours.
    let travel_minutes = |a: usize, b: usize| travel.minutes(a, b);
    let lodging_ends: Vec<usize> = (1..n_ends).collect();
    let cell_of_service: Vec<Option<usize>> = c
        .services
        .iter()
        .map(|x| {
            lodging_ends.iter().copied().min_by(|&a, &b| {
                travel_minutes(x.location, cp.ends.location[a])
                    .total_cmp(&travel_minutes(x.location, cp.ends.location[b]))
                    .then(a.cmp(&b))
            })
        })
        .collect();
    let mut clusters: Vec<Vec<usize>> = lodging_ends.iter().map(|&e| vec![e]).collect();
    for &e in &lodging_ends {
        let mut near: Vec<usize> = lodging_ends.iter().copied().filter(|&f| f != e).collect();
        near.sort_by(|&a, &b| {
            travel_minutes(cp.ends.location[e], cp.ends.location[a])
                .total_cmp(&travel_minutes(cp.ends.location[e], cp.ends.location[b]))
                .then(a.cmp(&b))
        });
        for &f in near.iter().take(2) {
            let mut pair = vec![e.min(f), e.max(f)];
            pair.dedup();
            if !clusters.contains(&pair) {
                clusters.push(pair);
            }
        }
    }

    let mut pb = ColProblem::default();
    let cover: Vec<Row> = c
        .demands
        .iter()
        .map(|d| pb.add_row(d.required as f64..))
        .collect();
    let flow: Vec<Option<Row>> = (0..n_ends)
        .map(|e| (e > 0).then(|| pb.add_row(0.0..=0.0)))
        .collect();
    let load_row = pb.add_row(..=0.0);
    let days_row = pb.add_row(..=0.0);
    let team_days_row = pb.add_row(..=team_days as f64);
    // Rounded capacity per cluster; demands of the cluster enter with their unmet variable.
    let mut cap_rows: Vec<(Vec<usize>, Row)> = Vec::new();
    let mut demand_caps: Vec<Vec<(Row, f64)>> = vec![Vec::new(); c.demands.len()];
    for cluster in &clusters {
        let inside = |x: usize| cell_of_service[x].is_some_and(|e| cluster.contains(&e));
        let kg: f64 = c
            .demands
            .iter()
            .filter(|d| inside(d.service))
            .map(|d| d.required as f64 * c.services[d.service].load_kg)
            .sum();
        let need = (kg / load_cap - 1e-9).ceil();
        if need < 1.0 {
            continue;
        }
        let row = pb.add_row(need..);
        for (q, d) in c.demands.iter().enumerate() {
            if inside(d.service) {
                // An unmet visit lowers the need by at most its load's worth of trips.
                let trips = (c.services[d.service].load_kg / load_cap - 1e-9)
                    .ceil()
                    .max(1.0);
                demand_caps[q].push((row, trips));
            }
        }
        cap_rows.push((cluster.clone(), row));
    }

    // What a trip has on board, balanced at each lodging (see the module's doc): its load, and its
    // days left. One flow per (from, to) pair of ends and resource is as tight as one per leg: a
    // pair's flow shares out over its legs in proportion.
    let pair = |a: usize, b: usize| a * n_ends + b;
    let mut used_pair = vec![false; n_ends * n_ends];
    for v in &vars {
        let leg = &cp.legs[v.leg];
        used_pair[pair(leg.from, leg.to)] = leg.from != 0 || leg.to != 0;
    }
    let resources = [load_cap, max_days];
    let balance: Vec<Vec<Option<Row>>> = resources
        .iter()
        .map(|_| {
            (0..n_ends)
                .map(|e| (e > 0).then(|| pb.add_row(0.0..=0.0)))
                .collect()
        })
        .collect();
    // Per resource and pair: what is on board is at most the capacity and at least what the legs
    // use, leg by leg (summed over the pair's legs).
    let links: Vec<Vec<Option<(Row, Row)>>> = resources
        .iter()
        .map(|_| {
            (0..n_ends * n_ends)
                .map(|p| used_pair[p].then(|| (pb.add_row(..=0.0), pb.add_row(0.0..))))
                .collect()
        })
        .collect();
    for (q, d) in c.demands.iter().enumerate() {
        let mut f: Vec<(Row, f64)> = vec![(cover[q], 1.0)];
        f.extend(demand_caps[q].iter().copied());
        pb.add_column(d.penalty, 0.0..=d.required as f64, f);
    }
    for v in &vars {
        let leg = &cp.legs[v.leg];
        let night = leg.to != 0;
        let cost = leg.km * per_km + per_day + if night { per_night } else { 0.0 };
        let mut f: Vec<(Row, f64)> = v.rows.iter().map(|&r| (cover[r], 1.0)).collect();
        // (A day around one lodging leaves its flow as it was.)
        if leg.from != leg.to {
            if let Some(r) = flow[leg.to] {
                f.push((r, 1.0));
            }
            if let Some(r) = flow[leg.from] {
                f.push((r, -1.0));
            }
        }
        let leaves_base = leg.from == 0;
        f.push((
            load_row,
            leg.load_kg - if leaves_base { load_cap } else { 0.0 },
        ));
        f.push((days_row, 1.0 - if leaves_base { max_days } else { 0.0 }));
        f.push((team_days_row, 1.0));
        for (cluster, row) in &cap_rows {
            let inside_end = |e: usize| e != 0 && cluster.contains(&e);
            let mut was_in = inside_end(leg.from);
            let mut entries = 0.0;
            for &x in &leg.stops {
                let now = cell_of_service[x].is_some_and(|e| cluster.contains(&e));
                if now && !was_in {
                    entries += 1.0;
                }
                was_in = now;
            }
            if inside_end(leg.to) && !was_in {
                entries += 1.0;
            }
            if entries > 0.0 {
                f.push((*row, entries));
            }
        }
        for (ri, &cap) in resources.iter().enumerate() {
            let uses = if ri == 0 { leg.load_kg } else { 1.0 };
            if let Some(r) = balance[ri][leg.to] {
                f.push((r, -uses));
            }
            if let Some((hi, lo)) = links[ri][pair(leg.from, leg.to)] {
                f.push((hi, -cap));
                f.push((lo, -uses));
            }
        }
        pb.add_column(cost, 0.0.., f);
    }
    // The flows on board: each leaves its pair's `from` and reaches its `to`.
    for (ri, by_pair) in links.iter().enumerate() {
        for (p, link) in by_pair.iter().enumerate() {
            let Some((hi, lo)) = *link else { continue };
            let (from, to) = (p / n_ends, p % n_ends);
            let mut f = vec![(hi, 1.0), (lo, 1.0)];
            if from != to {
                f.extend(balance[ri][to].map(|r| (r, 1.0)));
                f.extend(balance[ri][from].map(|r| (r, -1.0)));
            }
            pb.add_column(0.0, 0.0.., f);
        }
    }
    let mut model = pb
        .try_optimise(highs::Sense::Minimise)
        .map_err(|e| format!("HiGHS rejected the leg-flow relaxation: {e:?}"))?;
    model.make_quiet();
    model.set_option("threads", 1);
    model.set_option("random_seed", 0);
    model.set_option("solver", "simplex");
    model.set_option("time_limit", time_limit.max(0.05));
    let solved = model
        .try_solve()
        .map_err(|e| format!("HiGHS failed on the leg-flow relaxation: {e:?}"))?;
    if !matches!(solved.status(), highs::HighsModelStatus::Optimal) {
        return Err(format!(
            "the leg-flow relaxation ended with status {:?}",
            solved.status()
        ));
    }
    let bound = solved.objective_value();
    Ok(FlowBound {
        bound,
        variables: vars.len(),
        seconds: started.elapsed().as_secs_f64(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Model;
    use std::path::Path;

    /// The bound is below the cost of a plan that passes every rule (the plan's own reported bound
    /// is capped at its cost, so it is compared here before any cap), and not trivially low.
    #[test]
    fn the_leg_flow_bound_is_below_a_checked_plan_and_above_the_day_costs() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/altitude-mini");
        let s = crate::load_dir(&dir).expect("the fixture loads");
        let model = Model::build(&s);
        let cp = Campaign::new(&model, 0, false);
        let fb = flow_bound(&cp, &model.travel, 30.0).expect("the relaxation solves");
        let o = crate::Options::from_scenario(&s);
        let p = crate::plan(&s, &o, &crate::plan::Quiet).expect("planning succeeds");
        assert!(crate::check(&s, &p).is_empty(), "the plan passes check");
        assert_eq!(p.summary.visits_met, p.summary.visits_required);
        assert!(
            fb.bound <= p.summary.objective + 1e-6,
            "bound {} above a feasible plan's cost {}",
            fb.bound,
            p.summary.objective
        );
        // Every trip costs at least a vehicle-day per day, and some village needs a night away.
        let day = s
            .vehicles
            .iter()
            .map(|v| v.cost_per_day)
            .fold(f64::INFINITY, f64::min);
        assert!(fb.bound > 2.0 * day, "bound {} is trivially low", fb.bound);
    }
}
