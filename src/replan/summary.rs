//! The figures of a re-planned schedule, counted from its tour-days as the checker counts them:
//! visits per requirement and period, what is missed and why (the new plan's reason where it
//! planned the visit again, the old plan's where the visit was already missed), cost and reach.

use crate::model::required_visits;
use crate::plan::reason::{Reason, ReasonCode};
use crate::scenario::Scenario;
use crate::schedule::{Schedule, Summary, TourDay, Unmet};
use crate::text;
use std::collections::HashMap;

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The cost of tour-days as `plan` counts it: distance and day costs of each vehicle, and a night
/// away for each trip day that ends at a lodging.
pub fn cost_of(s: &Scenario, tours: &[TourDay]) -> f64 {
    tours
        .iter()
        .map(|t| {
            let v = s.vehicles.iter().find(|v| v.id == t.vehicle);
            let day = v.map_or(0.0, |v| t.distance_km * v.cost_per_km + v.cost_per_day);
            let night = match (&t.team, &t.to) {
                (Some(team), Some(_)) => s
                    .teams
                    .iter()
                    .position(|x| &x.id == team)
                    .map_or(0.0, |i| s.trip_night_cost(i)),
                _ => 0.0,
            };
            day + night
        })
        .sum()
}

/// The summary of `tours` against scenario `s`. `planned` is the plan of what was owed again
/// (its reasons and bounds); `old` the schedule before (reasons of visits it already missed).
///
/// A visit owed again whose period leaves no open day from `first_open` on is said so: the plan
/// of what was owed again saw its closed days (the past, the published window) as out of season.
pub fn summarize(
    s: &Scenario,
    tours: &[TourDay],
    planned: &Schedule,
    old: &Schedule,
    first_open: usize,
) -> Summary {
    let h = &s.horizon;
    let site_ix: HashMap<&str, usize> = s
        .sites
        .iter()
        .enumerate()
        .map(|(i, x)| (x.id.as_str(), i))
        .collect();
    let mut visits: HashMap<(usize, Option<&str>), Vec<usize>> = HashMap::new();
    let mut reached = vec![false; s.sites.len()];
    for t in tours {
        let Some(day) = h.day_of(t.date) else {
            continue;
        };
        for x in &t.stops {
            if let Some(&i) = site_ix.get(x.site.as_str()) {
                reached[i] = true;
                visits
                    .entry((i, x.specialty.as_deref()))
                    .or_default()
                    .push(day);
            }
        }
    }
    let reason_in = |sched: &Schedule, site: &str, period: &str, spec: &Option<String>| {
        sched
            .summary
            .unmet
            .iter()
            .find(|u| u.site == site && u.period == period && &u.specialty == spec)
            .cloned()
    };
    let mut required = 0;
    let mut unmet = Vec::new();
    let mut penalties = 0.0;
    for r in &s.requirements {
        let site = &s.sites[r.site];
        let days = visits
            .get(&(r.site, r.specialty.as_deref()))
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        for p in h.periods(r.period) {
            let need = required_visits(r.visits, p.share);
            required += need;
            let done = days
                .iter()
                .filter(|&&d| d >= p.first_day && d <= p.last_day)
                .count() as u32;
            if done >= need {
                continue;
            }
            let missing = need - done;
            penalties += s.unmet_penalty(r.site) * missing as f64;
            let open_before = (p.first_day..=p.last_day.min(h.days - 1))
                .any(|d| d < first_open && h.working[d] && s.site_open(r.site, h.date(d)));
            let cut_off = |u: &Unmet| {
                open_before && matches!(u.code, ReasonCode::OutOfSeason | ReasonCode::TooFewDays)
            };
            let known = reason_in(planned, &site.id, &p.label, &r.specialty)
                .filter(|u| !cut_off(u))
                .or_else(|| reason_in(old, &site.id, &p.label, &r.specialty));
            let (code, reason, reason_text) = match known {
                Some(u) => (u.code, u.reason, u.reason_text),
                None => {
                    // Owed again in a period the re-plan could no longer reach.
                    let why = Reason::new(
                        ReasonCode::TooFewDays,
                        text!("replan-reason-no-days-left", period = &p.label),
                    );
                    (why.code, why.words.to_string(), Some(why.words))
                }
            };
            unmet.push(Unmet {
                site: site.id.clone(),
                site_name: site.name.clone(),
                period: p.label.clone(),
                specialty: r.specialty.clone(),
                required: need,
                missing,
                code,
                reason,
                reason_text,
            });
        }
    }
    unmet.sort_by(|a, b| {
        (&a.site, &a.period, &a.specialty).cmp(&(&b.site, &b.period, &b.specialty))
    });
    let missing: u32 = unmet.iter().map(|u| u.missing).sum();
    let cost = cost_of(s, tours);
    // The master weighed the tour-days it planned anew with their change cost: the objective
    // holds it too, so that it and the bounds measure the same thing.
    let change: f64 = planned
        .tours
        .iter()
        .map(|t| {
            crate::model::ChangeCost::of_weights(&s.replan).of(t.stops.len(), t.crew.len() as u32)
        })
        .sum();
    let objective = cost + penalties + change;
    // The new plan's bounds hold for what it planned; the kept tour-days add the same amount to
    // every plan that keeps them, so the bounds move by it.
    let p = &planned.summary;
    let shift = objective - (p.objective + change);
    let bound = p.bound.map(|b| round2((b + shift).max(0.0)));
    let pool_bound = round2((p.pool_bound + shift).max(0.0));
    let (basis, b) = match bound {
        Some(b) => ("bound", b),
        None => ("pool_bound", pool_bound),
    };
    let gap_of = |b: f64| {
        if objective.abs() < 1e-9 {
            0.0
        } else {
            (((objective - b) / objective.abs()).max(0.0) * 1e6).round() / 1e6
        }
    };
    let mut clinician_days: Vec<(&str, chrono::NaiveDate)> = tours
        .iter()
        .flat_map(|t| t.crew.iter().map(move |c| (c.clinician.as_str(), t.date)))
        .collect();
    clinician_days.sort();
    clinician_days.dedup();
    Summary {
        sites: s.sites.len(),
        bases: s.bases.len(),
        vehicles: s.vehicles.len(),
        clinicians: s.clinicians.len(),
        days: h.days,
        working_days: h.working_days().count(),
        visits_required: required,
        visits_met: required - missing.min(required),
        visits_scheduled: tours.iter().map(|t| t.stops.len() as u32).sum(),
        unmet,
        tours: tours.len(),
        vehicle_days: tours.len(),
        clinician_days: clinician_days.len(),
        population_reached: (0..s.sites.len())
            .filter(|&i| reached[i])
            .map(|i| s.sites[i].population)
            .sum(),
        distance_km: round2(tours.iter().map(|t| t.distance_km).sum()),
        cost: round2(cost),
        objective: round2(objective),
        bound,
        pool_bound,
        gap: gap_of(b),
        gap_basis: basis.into(),
        pool_gap: gap_of(pool_bound),
        solve_seconds: p.solve_seconds,
        bases_enumerated: p.bases_enumerated,
        candidate_tours: p.candidate_tours,
        effort: p.effort,
        cut_by_time: p.cut_by_time.clone(),
        interrupted: p.interrupted,
        // The plan of what was owed again sees the past as closed days: its idle runs would not
        // say why the teams sat idle in the schedule as run.
        idle: Vec::new(),
        // Its bound is a bound of the plan of what was owed, not of the schedule as run.
        tree: None,
    }
}

/// Counts each extra visit of `events` in `summary`: met when a new tour-day visits its site (with
/// its specialty) within its dates; else unmet, with the reason of the plan of what was owed.
pub fn add_extra(
    s: &Scenario,
    summary: &mut Summary,
    events: &[super::events::Event],
    tours: &[TourDay],
    new: &std::collections::HashSet<&str>,
    planned: &Schedule,
) {
    for e in events {
        let super::events::Kind::Extra { site, specialty } = &e.kind else {
            continue;
        };
        let x = &s.sites[*site];
        let label = super::extra_label(e);
        summary.visits_required += 1;
        let met = tours.iter().any(|t| {
            new.contains(t.id.as_str())
                && e.covers(t.date)
                && t.stops
                    .iter()
                    .any(|v| v.site == x.id && &v.specialty == specialty)
        });
        if met {
            summary.visits_met += 1;
            continue;
        }
        let why = reason_in_list(&planned.summary.unmet, &x.id, &label, specialty);
        let (code, reason, reason_text) = match why {
            Some(u) => (u.code, u.reason, u.reason_text),
            None => {
                let r = Reason::new(
                    ReasonCode::TooFewDays,
                    text!("replan-reason-no-days-left", period = &label),
                );
                (r.code, r.words.to_string(), Some(r.words))
            }
        };
        summary.unmet.push(Unmet {
            site: x.id.clone(),
            site_name: x.name.clone(),
            period: label,
            specialty: specialty.clone(),
            required: 1,
            missing: 1,
            code,
            reason,
            reason_text,
        });
        summary.objective = round2(summary.objective + s.unmet_penalty(*site));
    }
    summary.unmet.sort_by(|a, b| {
        (&a.site, &a.period, &a.specialty).cmp(&(&b.site, &b.period, &b.specialty))
    });
}

fn reason_in_list(
    list: &[Unmet],
    site: &str,
    period: &str,
    spec: &Option<String>,
) -> Option<Unmet> {
    list.iter()
        .find(|u| u.site == site && u.period == period && &u.specialty == spec)
        .cloned()
}
