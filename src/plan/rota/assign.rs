//! Putting station teams together when the scenario leaves them open, and a proven bound on
//! teams and days together: an assignment program over the pairs (expert, station) of a matching
//! specialty within the travel limit, each pair priced by what the expert's days there cost alone
//! (`alone.rs`: exact, without the department cap), the cap priced per department and month.
//!
//! ```text
//! min  Σ alone(e,s,member)·a[e,s] + Σ (alone(e,s,lead) − alone(e,s,member))·l[e,s]
//!        + Σ price·u + Σ (penalty − δ_D)·σ[D,m]
//!      Σ_s a[e,s] ≤ 1                                 each expert serves at most one station
//!      l[e,s] − a[e,s] ≤ 0                            a lead is in the team
//!      Σ_e l[e,s] ≤ 1,  Σ_e l[e,s] + u_lead[s] ≥ 1     one lead per station
//!      Σ_e a[e,s] + u_size[s] ≥ team_size             a team of at least team_size
//!      Σ_{e brings k} a[e,s] + u[s,k] ≥ 1             every specialty the station needs
//!      Σ_{e ∈ D} (k_m(e,s,member)·a + (k_m(lead) − k_m(member))·l) − σ[D,m] ≤ C[D,m]
//! ```
//!
//! k_m is the fewest days a cheapest plan of the expert alone has in month m, δ_D the dearest day
//! any such plan of D's experts has (`alone::Delivered`), and C[D,m] = Σ_{working d ∈ m}
//! min(cap(D), experts of D free on d): no more of D's days can be given in the month. Teams kept
//! from a previous rota are fixed (a and l at 1, their experts at no other station).
//!
//! **Why the program's optimum bounds the joint problem** (teams and days together, the day
//! program's objective plus `team_penalty`). Take any rota; set a and l from its teams, u from
//! what they lack, and σ[D,m] = (Σ_{e ∈ D} k_m(e) − C[D,m])⁺. Every row holds: the rota's teams
//! obey the first five, and the last by σ's choice. u costs the rota's `team_penalty` (u_size is
//! team_size less the team's size, each missing lead or specialty one). The rota's days of
//! expert e meet e's own rules, so for the pattern p they keep, their month m holding j_m days
//! costs at least the cheapest plan of e alone with p, plus `penalty − δ` for each of the
//! k_m(p) ≥ k_m days that plan takes beyond j_m (each such day, priced below the penalty at most
//! δ, is a day short instead). So e's days cost at least alone(e) + (penalty − δ)·Σ_m
//! (k_m − j_m)⁺; summed over D, with Σ_e j_m ≤ C[D,m] (the cap on each day), at least
//! Σ alone(e) + (penalty − δ_D)·σ[D,m]. The program's optimum is therefore at most every rota's
//! joint objective, and HiGHS's dual bound on it is a proven bound on the joint optimum. Its
//! solution gives the teams; the day program then prices the cap day by day.

use super::alone::{miss_prices, Alone};
use super::{RotaError, Uncovered};
use crate::plan::rmp::{self, Column, Sense};
use crate::rota::RotaReason;
use crate::scenario::experts::{ExpertProgramme, StationTeam};
use crate::scenario::Scenario;
use crate::text;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

pub struct Assignment {
    pub teams: Vec<StationTeam>,
    pub uncovered: Vec<Uncovered>,
    /// The program's objective and HiGHS's bound on it: a proven bound on the joint problem
    /// (see the module comment).
    pub objective: f64,
    pub bound: f64,
    pub cut_by_time: bool,
}

/// A pair (expert, station) the program may choose, priced by `alone`.
struct Pair {
    expert: usize,
    station: usize,
    member_cost: f64,
    /// `None`: the expert may not lead.
    lead_cost: Option<f64>,
    /// Per month, the fewest days of a cheapest plan alone, as member and as lead.
    member_days: Vec<u32>,
    lead_days: Vec<u32>,
    dearest_day: f64,
    /// Free horizon days at the station.
    free: Vec<usize>,
    /// Kept from a previous rota: `Some(true)` as the lead, `Some(false)` as a member.
    kept: Option<bool>,
}

/// The program's rows and columns, and where the pairs' columns are.
struct Program {
    rows: Vec<(Sense, f64)>,
    /// cost, lower, upper, whole, entries.
    cols: Vec<(f64, f64, f64, bool, super::Entries)>,
    a_col: Vec<usize>,
    l_col: Vec<Option<usize>>,
}

pub fn assign(
    s: &Scenario,
    x: &ExpertProgramme,
    minutes: &dyn Fn(usize, usize) -> f64,
    nodes: i32,
    o: &crate::plan::Options,
    kept: &[StationTeam],
) -> Result<Assignment, RotaError> {
    let r = &x.rules;
    let months = s.horizon.periods(crate::calendar::PeriodKind::Month);
    let kept_as: BTreeMap<usize, (usize, bool)> = kept
        .iter()
        .flat_map(|t| t.experts().map(move |e| (e, (t.station, e == t.lead))))
        .collect();

    // Candidate pairs, in a fixed order; a kept expert only at their station.
    let mut candidates: Vec<(usize, usize, f64)> = Vec::new();
    for st in 0..x.stations.len() {
        for e in 0..x.experts.len() {
            let m = minutes(e, st);
            let ok = match kept_as.get(&e) {
                Some(&(at, _)) => at == st,
                None => x.matches(e, st) && m <= r.max_travel_minutes + 1e-6,
            };
            if ok {
                candidates.push((e, st, m));
            }
        }
    }
    let pairs: Vec<Pair> = candidates
        .par_iter()
        .map(|&(e, st, m)| {
            let days: Vec<usize> = (0..s.horizon.days)
                .filter(|&d| s.horizon.working[d] && x.free(e, st, s.horizon.date(d)))
                .collect();
            let alone = |lead: bool| Alone {
                s,
                x,
                months: &months,
                days: &days,
                day_cost: 2.0 * m * r.travel_minute_cost,
                lead,
            };
            let kept = kept_as.get(&e).map(|&(_, lead)| lead);
            let may_lead = x.experts[e].can_lead && kept != Some(false);
            let member = alone(false).delivered();
            Pair {
                expert: e,
                station: st,
                member_cost: alone(false).cheapest(&|_| 0.0).0,
                lead_cost: may_lead.then(|| alone(true).cheapest(&|_| 0.0).0),
                member_days: member.days,
                lead_days: alone(true).delivered().days,
                dearest_day: member.dearest_day,
                free: days,
                kept,
            }
        })
        .collect();

    let program = program(x, &months, &pairs);
    let (v, objective, bound, cut) = solve(&program, nodes, o, 0.5)?;
    let teams = teams_of(x, &pairs, &program, &v);
    let uncovered = uncovered(s, x, &pairs, &teams);
    Ok(Assignment {
        teams,
        uncovered,
        objective,
        bound,
        cut_by_time: cut,
    })
}

fn program(x: &ExpertProgramme, months: &[crate::calendar::Period], pairs: &[Pair]) -> Program {
    let r = &x.rules;
    let (miss_lead, miss_member) = miss_prices(x, months);
    let mut rows: Vec<(Sense, f64)> = Vec::new();
    let expert_row: Vec<usize> = (0..x.experts.len())
        .map(|_| {
            rows.push((Sense::Le, 1.0));
            rows.len() - 1
        })
        .collect();
    let mut station_rows = Vec::new();
    for st in &x.stations {
        let lead_le = rows.len();
        rows.push((Sense::Le, 1.0));
        rows.push((Sense::Ge, 1.0));
        rows.push((Sense::Ge, r.team_size as f64));
        let spec_rows: Vec<usize> = st
            .specialties
            .iter()
            .map(|_| {
                rows.push((Sense::Ge, 1.0));
                rows.len() - 1
            })
            .collect();
        station_rows.push((lead_le, spec_rows));
    }
    // Per department and month, the row of the days it can give and its σ.
    let penalty = r.unmet_day_penalty;
    let mut departments: BTreeMap<(usize, &str), Vec<usize>> = BTreeMap::new();
    for (k, p) in pairs.iter().enumerate() {
        let ex = &x.experts[p.expert];
        departments
            .entry((ex.hospital, ex.department.as_str()))
            .or_default()
            .push(k);
    }
    let mut dept_rows: BTreeMap<(usize, &str), usize> = BTreeMap::new();
    let mut sigma: Vec<(f64, usize)> = Vec::new();
    for (&key, ks) in &departments {
        let dearest = ks.iter().map(|&k| pairs[k].dearest_day).fold(0.0, f64::max);
        if dearest >= penalty {
            continue; // a day short costs no more than a day given: nothing to price
        }
        let cap = x.department_cap(key.0, key.1);
        let mut free_on: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
        for &k in ks {
            for &d in &pairs[k].free {
                free_on.entry(d).or_default().insert(pairs[k].expert);
            }
        }
        dept_rows.insert(key, rows.len());
        for m in months {
            let can: u32 = free_on
                .range(m.first_day..=m.last_day)
                .map(|(_, e)| (e.len() as u32).min(cap))
                .sum();
            sigma.push((penalty - dearest, rows.len()));
            rows.push((Sense::Le, can as f64));
        }
    }

    let mut cols: Vec<(f64, f64, f64, bool, super::Entries)> = Vec::new();
    let mut a_col = Vec::new();
    let mut l_col = Vec::new();
    for p in pairs {
        let ex = &x.experts[p.expert];
        let (lead_le, spec_rows) = &station_rows[p.station];
        let dept = dept_rows.get(&(ex.hospital, ex.department.as_str()));
        let mut entries = vec![(expert_row[p.expert], 1.0), (lead_le + 2, 1.0)];
        if let Some(&d) = dept {
            for (m, &k) in p.member_days.iter().enumerate() {
                if k > 0 {
                    entries.push((d + m, k as f64));
                }
            }
        }
        for (k, sp) in x.stations[p.station].specialties.iter().enumerate() {
            if x.has_specialty(p.expert, sp) {
                entries.push((spec_rows[k], 1.0));
            }
        }
        let link = rows.len();
        rows.push((Sense::Le, 0.0));
        entries.push((link, -1.0));
        let fixed = if p.kept.is_some() { 1.0 } else { 0.0 };
        a_col.push(cols.len());
        cols.push((p.member_cost, fixed, 1.0, true, entries));
        match p.lead_cost {
            Some(lead_cost) => {
                let mut entries = vec![(link, 1.0), (*lead_le, 1.0), (lead_le + 1, 1.0)];
                if let Some(&d) = dept {
                    for (m, (&lead, &member)) in p.lead_days.iter().zip(&p.member_days).enumerate()
                    {
                        if lead != member {
                            entries.push((d + m, lead as f64 - member as f64));
                        }
                    }
                }
                let fixed = if p.kept == Some(true) { 1.0 } else { 0.0 };
                l_col.push(Some(cols.len()));
                cols.push((lead_cost - p.member_cost, fixed, 1.0, true, entries));
            }
            None => l_col.push(None),
        }
    }
    // Slacks of each station's lead, size and specialties: a lead or a specialty is missing at
    // most once, the team at most team_size.
    let size = r.team_size.max(1) as f64;
    for (lead_le, spec_rows) in &station_rows {
        cols.push((miss_lead, 0.0, 1.0, false, vec![(lead_le + 1, 1.0)]));
        cols.push((miss_member, 0.0, size, false, vec![(lead_le + 2, 1.0)]));
        for &row in spec_rows {
            cols.push((miss_lead, 0.0, 1.0, false, vec![(row, 1.0)]));
        }
    }
    // σ: the days a department cannot give, each a day short less the dearest day saved.
    for &(cost, row) in &sigma {
        cols.push((cost, 0.0, 1e7, false, vec![(row, -1.0)]));
    }
    Program {
        rows,
        cols,
        a_col,
        l_col,
    }
}

/// Solves a program within the node limit and `share` of the run's time cap: the values, the
/// objective, HiGHS's bound, whether the clock ended it. No start is given: with the all-slack
/// start, HiGHS 1.16's presolve returned the start as optimal on a small rota where it was not
/// (found by `tests/rota_bound.rs`); HiGHS finds that plan by itself.
fn solve(
    p: &Program,
    nodes: i32,
    o: &crate::plan::Options,
    share: f64,
) -> Result<(Vec<f64>, f64, f64, bool), RotaError> {
    let columns: Vec<Column> = p
        .cols
        .iter()
        .map(|(cost, lower, upper, whole, e)| Column {
            cost: *cost,
            lower: *lower,
            upper: *upper,
            whole: *whole,
            entries: e,
        })
        .collect();
    let run = rmp::run_mip(
        &p.rows,
        &columns,
        rmp::MipLimits::new(o.time_limit_seconds * share, o.mip_gap, Some(nodes)),
        &[],
        &o.stop,
    )
    .map_err(|e| RotaError::Solver(String::from(e)))?;
    let objective: f64 = columns
        .iter()
        .zip(&run.values)
        .map(|(c, x)| c.cost * x)
        .sum();
    // Every cost of a rota is at least 0, so 0 bounds it when HiGHS gives no bound.
    let bound = run
        .bound(objective, o.mip_gap)
        .unwrap_or(0.0)
        .max(0.0)
        .min(objective);
    Ok((run.values, objective, bound, run.out_of_time))
}

/// The teams of a solution. A team the program left without a lead (its price paid) takes its
/// first member who may lead as lead; with none, the station has no team.
fn teams_of(x: &ExpertProgramme, pairs: &[Pair], p: &Program, v: &[f64]) -> Vec<StationTeam> {
    let mut teams: Vec<StationTeam> = Vec::new();
    for (k, pair) in pairs.iter().enumerate() {
        if v[p.a_col[k]] < 0.5 {
            continue;
        }
        let lead = p.l_col[k].is_some_and(|j| v[j] > 0.5);
        let pos = match teams.iter().position(|t| t.station == pair.station) {
            Some(i) => i,
            None => {
                teams.push(StationTeam {
                    station: pair.station,
                    lead: usize::MAX,
                    members: vec![],
                });
                teams.len() - 1
            }
        };
        if lead {
            teams[pos].lead = pair.expert;
        } else {
            teams[pos].members.push(pair.expert);
        }
    }
    teams.retain_mut(|t| {
        if t.lead != usize::MAX {
            return true;
        }
        match t.members.iter().position(|&e| x.experts[e].can_lead) {
            Some(i) => {
                t.lead = t.members.remove(i);
                true
            }
            None => false,
        }
    });
    teams.sort_by_key(|t| t.station);
    teams
}

/// Each specialty a station needs that its team lacks, and why.
fn uncovered(
    s: &Scenario,
    x: &ExpertProgramme,
    pairs: &[Pair],
    teams: &[StationTeam],
) -> Vec<Uncovered> {
    let mut out = Vec::new();
    for (st, station) in x.stations.iter().enumerate() {
        let team = teams.iter().find(|t| t.station == st);
        for sp in &station.specialties {
            if team.is_some_and(|t| t.experts().any(|e| x.has_specialty(e, sp))) {
                continue;
            }
            let in_reach = pairs
                .iter()
                .any(|p| p.station == st && x.has_specialty(p.expert, sp));
            let (code, words) = if in_reach {
                (
                    RotaReason::SpecialistsTaken,
                    text!("rota-uncovered-taken", specialty = sp.as_str()),
                )
            } else {
                (
                    RotaReason::NoSpecialistInReach,
                    text!(
                        "rota-uncovered-no-specialist",
                        specialty = sp.as_str(),
                        minutes = format!("{:.0}", x.rules.max_travel_minutes)
                    ),
                )
            };
            out.push(Uncovered {
                station: s.sites[station.site].id.clone(),
                specialty: sp.clone(),
                code,
                reason: words.to_string(),
            });
        }
    }
    out
}
