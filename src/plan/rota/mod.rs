//! The expert-station rota as integer programs over the shared master-program core (`rmp`):
//! first, when the scenario leaves the teams open, `assign` puts experts into station teams
//! (keeping those of a previous rota, `previous`) and proves a bound on teams and days together;
//! then the day program below picks each expert's days at their station.
//!
//! The day program, per expert i (at station s(i), lead or member), working day d, month m and
//! regular pattern p (a weekday, or a weekday in even or odd weeks):
//!
//! ```text
//! min  Σ 2·travel(i)·c·y[i,d] + Σ irregular·r[i,d] + Σ penalty·short[i,m]
//!      Σ_p z[i,p] = 1                                   one regular pattern per expert
//!      y[i,d] − Σ_{p ∋ d} z[i,p] − r[i,d] ≤ 0          a day off the pattern is irregular
//!      Σ_{d ∈ m} y[i,d] + short[i,m] ≥ need(i,m)        monthly minimum (≥ 3 for leads)
//!      Σ_{d ∈ m} y[i,d] ≤ max_days_per_month
//!      Σ_{i ∈ dept} y[i,d] ≤ cap(dept)                 the hospital is not emptied
//! ```
//!
//! y and z are whole; only free days have a y (a working day of the horizon, not a holiday, not
//! the expert's clinic day or leave, the station open). Experts meet only in their department's
//! cap, so the program splits by hospital department into parts solved apart (in parallel, in
//! a fixed order), each to its gap within a node limit; their bounds add up to the whole's.

pub mod alone;
mod assign;
pub mod previous;

use super::budget::Stop;
use super::rmp::{self, Column, Sense};
use crate::rota::*;
use crate::scenario::experts::{ExpertProgramme, Regularity, StationTeam};
use crate::scenario::{Effort, Scenario};
use crate::text;
use crate::travel::Travel;
use chrono::Datelike;
use rayon::prelude::*;
use std::collections::BTreeMap;

/// Why a rota could not be made at all.
#[derive(Debug, thiserror::Error)]
pub enum RotaError {
    #[error("{}", text!("rota-not-expert-scenario", name = .0.as_str()))]
    NotExpertScenario(String),
    #[error("{}", text!("rota-solver-failed", error = .0.as_str()))]
    Solver(String),
}

/// Work limits of the rota's programs: branch-and-bound nodes, never seconds.
#[derive(Clone, Copy, Debug)]
pub struct RotaWork {
    pub assign_nodes: i32,
    pub day_nodes: i32,
}

pub fn rota_work(effort: Effort) -> RotaWork {
    match effort {
        Effort::Quick => RotaWork {
            assign_nodes: 200,
            day_nodes: 100,
        },
        Effort::Normal => RotaWork {
            assign_nodes: 5_000,
            day_nodes: 2_000,
        },
        Effort::Thorough => RotaWork {
            assign_nodes: 50_000,
            day_nodes: 20_000,
        },
    }
}

/// A column's (row, coefficient) entries as the rota's programs build them.
type Entries = Vec<(usize, f64)>;

/// One expert of one part: where they serve and on which days they could.
struct Member {
    expert: usize,
    station: usize,
    lead: bool,
    /// One-way minutes from the hospital to the station.
    minutes: f64,
    /// Free horizon days, ascending.
    days: Vec<usize>,
}

/// What one part's program gave.
struct PartResult {
    /// Per member, the days chosen.
    chosen: Vec<Vec<usize>>,
    objective: f64,
    bound: f64,
    optimal: bool,
    cut_by_time: bool,
}

/// Plans the rota of an expert-station scenario.
pub fn plan_rota(s: &Scenario, o: &super::Options) -> Result<Rota, RotaError> {
    plan_rota_keeping(s, o, &[])
}

/// Plans the rota keeping `kept` teams (from a previous rota, `previous.rs`) when the planner
/// makes the teams; with teams fixed by the scenario, those are the teams.
pub fn plan_rota_keeping(
    s: &Scenario,
    o: &super::Options,
    kept: &[previous::KeptTeam],
) -> Result<Rota, RotaError> {
    let started = std::time::Instant::now();
    let x = s
        .experts
        .as_ref()
        .ok_or_else(|| RotaError::NotExpertScenario(s.name.clone()))?;
    let travel = Travel::build(s);
    let minutes = |e: usize, st: usize| {
        travel.minutes(
            s.base_location(x.experts[e].hospital),
            s.site_location(x.stations[st].site),
        )
    };
    let work = rota_work(o.effort);
    let mut summary = RotaSummary::default();
    let months = s.horizon.periods(crate::calendar::PeriodKind::Month);
    // A bound on the joint problem when the planner makes the teams (`assign.rs`); with the
    // scenario's teams, the day program's bound is the joint one.
    let mut joint_bound = None;
    let (teams, uncovered) = match &x.teams {
        Some(t) => {
            summary.teams_from = "scenario".into();
            (t.clone(), uncovered_fixed(s, x, t))
        }
        None => {
            summary.teams_from = "planner".into();
            summary.kept_teams = kept.len() as u32;
            let keep: Vec<StationTeam> = kept.iter().map(|k| k.team.clone()).collect();
            let a = assign::assign(s, x, &minutes, work.assign_nodes, o, &keep)?;
            summary.assignment_objective = Some(a.objective);
            summary.assignment_bound = Some(a.bound);
            summary.assignment_gap = Some(gap(a.objective, a.bound));
            summary.cut_by_time |= a.cut_by_time;
            joint_bound = Some(a.bound);
            (a.teams, a.uncovered)
        }
    };

    // Parts: the experts of one hospital department, in a fixed order.
    let mut parts: BTreeMap<(usize, &str), Vec<Member>> = BTreeMap::new();
    for t in &teams {
        for e in t.experts() {
            let ex = &x.experts[e];
            let days = (0..s.horizon.days)
                .filter(|&d| s.horizon.working[d] && x.free(e, t.station, s.horizon.date(d)))
                .collect();
            parts
                .entry((ex.hospital, ex.department.as_str()))
                .or_default()
                .push(Member {
                    expert: e,
                    station: t.station,
                    lead: e == t.lead,
                    minutes: minutes(e, t.station),
                    days,
                });
        }
    }
    let limit = o.time_limit_seconds;
    let parts: Vec<Vec<Member>> = parts.into_values().collect();
    let results: Vec<Result<PartResult, RotaError>> = parts
        .par_iter()
        .map(|members| {
            let left = limit - started.elapsed().as_secs_f64();
            solve_part(
                s,
                x,
                members,
                &months,
                work.day_nodes,
                left,
                o.mip_gap,
                &o.stop,
            )
        })
        .collect();

    let mut days = Vec::new();
    let mut shortfalls = Vec::new();
    let mut regular = 0usize;
    summary.optimal = true;
    for (members, r) in parts.iter().zip(results) {
        let r = r?;
        summary.objective += r.objective;
        summary.bound += r.bound;
        summary.optimal &= r.optimal;
        summary.cut_by_time |= r.cut_by_time;
        let mut away: BTreeMap<usize, u32> = BTreeMap::new();
        for chosen in &r.chosen {
            for &d in chosen {
                *away.entry(d).or_default() += 1;
            }
        }
        for (m, chosen) in members.iter().zip(&r.chosen) {
            regular += regular_days(s, x, chosen);
            for &d in chosen {
                days.push(ExpertDay {
                    date: s.horizon.date(d),
                    station: s.sites[x.stations[m.station].site].id.clone(),
                    expert: x.experts[m.expert].id.clone(),
                });
            }
            for (k, month) in months.iter().enumerate() {
                let need = need(x, m.lead, month.share);
                let planned = chosen
                    .iter()
                    .filter(|&&d| month.first_day <= d && d <= month.last_day)
                    .count() as u32;
                if planned < need {
                    let code = shortfall_reason(s, x, m, month, need, &away, r.optimal);
                    shortfalls.push(shortfall(s, x, m, &months[k].label, need, planned, code));
                }
            }
        }
    }
    days.sort();
    summary.parts = parts.len() as u32;
    summary.expert_days = days.len() as u32;
    summary.regular_share = if days.is_empty() {
        1.0
    } else {
        regular as f64 / days.len() as f64
    };
    summary.gap = gap(summary.objective, summary.bound);
    // With the scenario's teams nothing about them is chosen: the joint problem is the day
    // program. With planner-made teams, what they lack counts as the assignment prices it.
    match joint_bound {
        Some(b) => {
            summary.joint_objective = summary.objective + alone::team_penalty(x, &months, &teams);
            summary.joint_bound = b.min(summary.joint_objective);
        }
        None => {
            summary.joint_objective = summary.objective;
            summary.joint_bound = summary.bound;
        }
    }
    summary.joint_gap = gap(summary.joint_objective, summary.joint_bound);
    summary.solve_seconds = started.elapsed().as_secs_f64();
    Ok(Rota {
        version: ROTA_VERSION,
        kind: ROTA_KIND.into(),
        scenario: s.name.clone(),
        start: Some(s.horizon.start),
        teams: teams
            .iter()
            .map(|t| RotaTeam {
                // A team kept whole (its lead and members still in it) keeps its date.
                since: Some(
                    kept.iter()
                        .find(|k| {
                            k.team.station == t.station
                                && k.team.experts().all(|e| t.experts().any(|f| f == e))
                        })
                        .map_or(s.horizon.start, |k| k.since),
                ),
                station: s.sites[x.stations[t.station].site].id.clone(),
                lead: x.experts[t.lead].id.clone(),
                members: t.members.iter().map(|&e| x.experts[e].id.clone()).collect(),
            })
            .collect(),
        days,
        shortfalls,
        uncovered,
        summary,
    })
}

/// `(objective − bound) / objective`, 0 when both are 0.
pub fn gap(objective: f64, bound: f64) -> f64 {
    if objective.abs() < 1e-9 {
        0.0
    } else {
        ((objective - bound) / objective.abs()).max(0.0)
    }
}

/// Days an expert owes in a month of which `share` lies in the horizon.
pub fn need(x: &ExpertProgramme, lead: bool, share: f64) -> u32 {
    (x.min_days(lead) as f64 * share).round() as u32
}

/// The regular pattern a day belongs to: its weekday, and in fortnights its week's parity.
pub fn pattern_of(s: &Scenario, x: &ExpertProgramme, day: usize) -> (u32, u32) {
    let w = s.horizon.date(day).weekday().num_days_from_monday();
    match x.rules.regularity {
        Regularity::Week => (w, 0),
        Regularity::Fortnight => {
            // Weeks counted from the Monday on or before the horizon's start.
            let offset = s.horizon.start.weekday().num_days_from_monday() as usize;
            (w, (((day + offset) / 7) % 2) as u32)
        }
    }
}

/// How many of an expert's days fall on their most used pattern (their regular days).
pub fn regular_days(s: &Scenario, x: &ExpertProgramme, chosen: &[usize]) -> usize {
    let mut count: BTreeMap<(u32, u32), usize> = BTreeMap::new();
    for &d in chosen {
        *count.entry(pattern_of(s, x, d)).or_default() += 1;
    }
    count.values().copied().max().unwrap_or(0)
}

#[allow(clippy::too_many_arguments)]
fn solve_part(
    s: &Scenario,
    x: &ExpertProgramme,
    members: &[Member],
    months: &[crate::calendar::Period],
    nodes: i32,
    seconds: f64,
    mip_gap: f64,
    stop: &Stop,
) -> Result<PartResult, RotaError> {
    let r = &x.rules;
    let mut rows: Vec<(Sense, f64)> = Vec::new();
    let mut cols: Vec<(f64, f64, bool, Entries)> = Vec::new();
    let mut start: Vec<f64> = Vec::new();
    // Per member, the y column of each of its days.
    let mut y_of: Vec<Vec<(usize, usize)>> = Vec::new();
    // The department cap of each day, made when a day has more candidates than the cap.
    let mut per_day: BTreeMap<usize, usize> = BTreeMap::new();
    for m in members {
        for &d in &m.days {
            *per_day.entry(d).or_default() += 1;
        }
    }
    // A part is one hospital department: one cap for all its members.
    let cap = members.first().map_or(0, |m| x.cap_of(m.expert));
    let mut cap_row: BTreeMap<usize, usize> = BTreeMap::new();
    for (&d, &n) in &per_day {
        if n as u32 > cap {
            cap_row.insert(d, rows.len());
            rows.push((Sense::Le, cap as f64));
        }
    }
    for m in members {
        let mut patterns: BTreeMap<(u32, u32), Vec<usize>> = BTreeMap::new();
        for &d in &m.days {
            patterns.entry(pattern_of(s, x, d)).or_default().push(d);
        }
        let pattern_row = rows.len();
        if !patterns.is_empty() {
            rows.push((Sense::Eq, 1.0));
        }
        let mut link_row: BTreeMap<usize, usize> = BTreeMap::new();
        for &d in &m.days {
            link_row.insert(d, rows.len());
            rows.push((Sense::Le, 0.0));
        }
        let mut month_rows = Vec::new();
        for month in months {
            let need = need(x, m.lead, month.share) as f64;
            let min_row = rows.len();
            rows.push((Sense::Ge, need));
            rows.push((Sense::Le, r.max_days_per_month as f64));
            month_rows.push((month.first_day, month.last_day, min_row, need));
        }
        let day_cost = 2.0 * m.minutes * r.travel_minute_cost;
        let mut ys = Vec::new();
        for &d in &m.days {
            let mut e = vec![(link_row[&d], 1.0)];
            if let Some(&(_, _, min_row, _)) =
                month_rows.iter().find(|&&(a, b, _, _)| a <= d && d <= b)
            {
                e.push((min_row, 1.0));
                e.push((min_row + 1, 1.0));
            }
            if let Some(&c) = cap_row.get(&d) {
                e.push((c, 1.0));
            }
            ys.push((d, cols.len()));
            cols.push((day_cost, 1.0, true, e));
            start.push(0.0);
        }
        y_of.push(ys);
        for (k, (_, days)) in patterns.iter().enumerate() {
            let mut e = vec![(pattern_row, 1.0)];
            e.extend(days.iter().map(|d| (link_row[d], -1.0)));
            cols.push((0.0, 1.0, true, e));
            start.push(if k == 0 { 1.0 } else { 0.0 });
        }
        for &d in &m.days {
            cols.push((r.irregular_day_cost, 1.0, false, vec![(link_row[&d], -1.0)]));
            start.push(0.0);
        }
        for &(_, _, min_row, need) in &month_rows {
            cols.push((r.unmet_day_penalty, need, false, vec![(min_row, 1.0)]));
            start.push(need);
        }
    }
    let columns: Vec<Column> = cols
        .iter()
        .map(|(cost, upper, whole, e)| Column {
            cost: *cost,
            lower: 0.0,
            upper: *upper,
            whole: *whole,
            entries: e,
        })
        .collect();
    let run = rmp::run_mip(
        &rows,
        &columns,
        rmp::MipLimits::new(seconds, mip_gap, Some(nodes)),
        &start,
        stop,
    )
    .map_err(|e| RotaError::Solver(String::from(e)))?;
    let values = &run.values;
    let objective: f64 = columns.iter().zip(values).map(|(c, v)| c.cost * v).sum();
    let bound = run.bound(objective, mip_gap).unwrap_or(0.0).min(objective);
    let chosen = y_of
        .iter()
        .map(|ys| {
            ys.iter()
                .filter(|&&(_, j)| values[j] > 0.5)
                .map(|&(d, _)| d)
                .collect()
        })
        .collect();
    Ok(PartResult {
        chosen,
        objective,
        bound,
        optimal: run.optimal,
        cut_by_time: run.out_of_time,
    })
}

/// The reason an expert falls short in a month: holidays or other closed days leave too few free
/// days; else their department's cap is full on every free day they do not come; else the
/// solve ended before it settled the month.
fn shortfall_reason(
    s: &Scenario,
    x: &ExpertProgramme,
    m: &Member,
    month: &crate::calendar::Period,
    need: u32,
    away: &BTreeMap<usize, u32>,
    optimal: bool,
) -> RotaReason {
    let in_month = |d: &&usize| month.first_day <= **d && **d <= month.last_day;
    let free = m.days.iter().filter(in_month).count() as u32;
    if free < need {
        // Without the holidays, would the weekdays have been enough?
        let weekdays = (month.first_day..=month.last_day)
            .filter(|&d| {
                let date = s.horizon.date(d);
                s.weekdays.contains(&date.weekday()) && x.free(m.expert, m.station, date)
            })
            .count() as u32;
        return if weekdays >= need {
            RotaReason::Holidays
        } else {
            RotaReason::TooFewDays
        };
    }
    let cap = x.cap_of(m.expert);
    let full = m
        .days
        .iter()
        .filter(in_month)
        .all(|d| away.get(d).copied().unwrap_or(0) >= cap);
    if full {
        RotaReason::DepartmentCap
    } else if !optimal {
        RotaReason::WorkLimit
    } else {
        // An optimal plan leaves days short only for the reasons above, or when the monthly
        // most is below the need (refused when read); say the cap.
        RotaReason::DepartmentCap
    }
}

fn shortfall(
    s: &Scenario,
    x: &ExpertProgramme,
    m: &Member,
    month: &str,
    required: u32,
    planned: u32,
    code: RotaReason,
) -> Shortfall {
    let ex = &x.experts[m.expert];
    let station = s.sites[x.stations[m.station].site].id.clone();
    let words = match code {
        RotaReason::Holidays => text!("rota-short-holidays", month = month),
        RotaReason::TooFewDays => text!("rota-short-too-few-days", month = month),
        RotaReason::DepartmentCap => text!(
            "rota-short-department-cap",
            department = ex.department.as_str(),
            hospital = s.bases[ex.hospital].name.as_str(),
            cap = x.cap_of(m.expert)
        ),
        _ => text!("rota-short-work-limit"),
    };
    Shortfall {
        expert: ex.id.clone(),
        station,
        month: month.to_string(),
        required,
        planned,
        code,
        reason: words.to_string(),
    }
}

/// With fixed teams: each station with no team, and each specialty its team lacks.
fn uncovered_fixed(s: &Scenario, x: &ExpertProgramme, teams: &[StationTeam]) -> Vec<Uncovered> {
    let mut out = Vec::new();
    for (i, st) in x.stations.iter().enumerate() {
        let team = teams.iter().find(|t| t.station == i);
        for sp in &st.specialties {
            let has = team.is_some_and(|t| t.experts().any(|e| x.has_specialty(e, sp)));
            if !has {
                out.push(Uncovered {
                    station: s.sites[st.site].id.clone(),
                    specialty: sp.clone(),
                    code: RotaReason::NotInTeam,
                    reason: text!("rota-uncovered-not-in-team", specialty = sp.as_str())
                        .to_string(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
