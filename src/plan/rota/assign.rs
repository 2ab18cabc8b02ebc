//! Putting station teams together when the scenario leaves them open: an assignment program
//! over the pairs (expert, station) of a matching specialty within the travel limit.
//!
//! ```text
//! min  Σ cost(e,s)·a[e,s] + Σ lead_extra(e,s)·l[e,s] + penalties on u
//!      Σ_s a[e,s] ≤ 1                                 each expert serves at most one station
//!      l[e,s] − a[e,s] ≤ 0                            a lead is in the team
//!      Σ_e l[e,s] ≤ 1,  Σ_e l[e,s] + u_lead[s] ≥ 1     one lead per station
//!      Σ_e a[e,s] + u_size[s] ≥ team_size             a team of at least team_size
//!      Σ_{e of k} a[e,s] + u[s,k] ≥ 1                 every specialty the station needs
//!      Σ_{e ∈ dept} (need·a + extra·l) ≤ cap·W         the department can spare the days
//! ```
//!
//! cost(e,s) is the member's days over the horizon times the round trip; W is the fewest
//! working days of a month. The program's own gap is reported beside the day program's.

use super::{RotaError, Uncovered};
use crate::plan::rmp::{self, Column, Sense};
use crate::rota::RotaReason;
use crate::scenario::experts::{ExpertProgramme, StationTeam};
use crate::scenario::Scenario;
use crate::text;
use std::collections::BTreeMap;

pub struct Assignment {
    pub teams: Vec<StationTeam>,
    pub uncovered: Vec<Uncovered>,
    pub objective: f64,
    pub bound: f64,
    pub cut_by_time: bool,
}

pub fn assign(
    s: &Scenario,
    x: &ExpertProgramme,
    minutes: &dyn Fn(usize, usize) -> f64,
    nodes: i32,
    o: &crate::plan::Options,
) -> Result<Assignment, RotaError> {
    let r = &x.rules;
    let months = s.horizon.periods(crate::calendar::PeriodKind::Month);
    let month_shares: f64 = months.iter().map(|m| m.share).sum();
    let fewest_working = months
        .iter()
        .map(|m| {
            (m.first_day..=m.last_day)
                .filter(|&d| s.horizon.working[d])
                .count()
        })
        .min()
        .unwrap_or(0) as f64;
    let member_days = r.member_days_per_month as f64;
    let lead_extra = r
        .lead_days_per_month
        .saturating_sub(r.member_days_per_month) as f64;
    // A missing expert-day weighs as in the day program; a missing specialty or lead a month of
    // a lead's days.
    let miss_member = r.unmet_day_penalty * member_days * month_shares;
    let miss_lead = r.unmet_day_penalty * r.lead_days_per_month as f64 * month_shares;

    // Candidate pairs, in a fixed order.
    let mut pairs: Vec<(usize, usize, f64)> = Vec::new();
    for st in 0..x.stations.len() {
        for e in 0..x.experts.len() {
            let m = minutes(e, st);
            if x.matches(e, st) && m <= r.max_travel_minutes + 1e-6 {
                pairs.push((e, st, m));
            }
        }
    }

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
    let mut dept_row: BTreeMap<(usize, &str), usize> = BTreeMap::new();
    for ex in &x.experts {
        dept_row
            .entry((ex.hospital, ex.department.as_str()))
            .or_insert_with(|| {
                rows.push((Sense::Le, r.max_away_per_department as f64 * fewest_working));
                rows.len() - 1
            });
    }

    let mut cols: Vec<(f64, bool, super::Entries)> = Vec::new();
    let mut a_col = Vec::new();
    let mut l_col = Vec::new();
    for &(e, st, m) in &pairs {
        let ex = &x.experts[e];
        let (lead_le, spec_rows) = &station_rows[st];
        let dept = dept_row[&(ex.hospital, ex.department.as_str())];
        let trip = 2.0 * m * r.travel_minute_cost * month_shares;
        let mut entries = vec![
            (expert_row[e], 1.0),
            (lead_le + 2, 1.0),
            (dept, member_days),
        ];
        for (k, sp) in x.stations[st].specialties.iter().enumerate() {
            if *sp == ex.specialty {
                entries.push((spec_rows[k], 1.0));
            }
        }
        let link = rows.len();
        rows.push((Sense::Le, 0.0));
        entries.push((link, -1.0));
        a_col.push(cols.len());
        cols.push((trip * member_days, true, entries));
        if ex.can_lead {
            l_col.push(Some(cols.len()));
            cols.push((
                trip * lead_extra,
                true,
                vec![
                    (link, 1.0),
                    (*lead_le, 1.0),
                    (lead_le + 1, 1.0),
                    (dept, lead_extra),
                ],
            ));
        } else {
            l_col.push(None);
        }
    }
    // Slack of each station's lead, size and specialties.
    let mut u_spec: Vec<Vec<usize>> = Vec::new();
    for (lead_le, spec_rows) in &station_rows {
        cols.push((miss_lead, false, vec![(lead_le + 1, 1.0)]));
        cols.push((miss_member, false, vec![(lead_le + 2, 1.0)]));
        u_spec.push(
            spec_rows
                .iter()
                .map(|&row| {
                    cols.push((miss_lead, false, vec![(row, 1.0)]));
                    cols.len() - 1
                })
                .collect(),
        );
    }
    let upper = |j: usize| {
        // Slacks: a lead or a specialty is missing at most once; the team at most team_size.
        if cols[j].1 {
            1.0
        } else {
            r.team_size.max(1) as f64
        }
    };
    let columns: Vec<Column> = cols
        .iter()
        .enumerate()
        .map(|(j, (cost, whole, e))| Column {
            cost: *cost,
            lower: 0.0,
            upper: upper(j),
            whole: *whole,
            entries: e,
        })
        .collect();
    // The start: nobody assigned, every slack at its need.
    let mut start = vec![0.0; columns.len()];
    let first_slack = pairs.len() + l_col.iter().flatten().count();
    for (k, (_, spec_rows)) in station_rows.iter().enumerate() {
        let base = first_slack + k * 2 + u_spec[..k].iter().map(Vec::len).sum::<usize>();
        start[base] = 1.0;
        start[base + 1] = r.team_size as f64;
        for j in 0..spec_rows.len() {
            start[u_spec[k][j]] = 1.0;
        }
    }
    let model = rmp::mip_model(&rows, &columns);
    let (solved, optimal, out_of_time) = rmp::run_mip(
        model,
        o.time_limit_seconds * 0.5,
        o.mip_gap,
        Some(nodes),
        &start,
        &o.stop,
    )
    .map_err(|e| RotaError::Solver(String::from(e)))?;
    let v = solved.get_solution().columns().to_vec();
    let objective: f64 = columns.iter().zip(&v).map(|(c, x)| c.cost * x).sum();
    let bound = rmp::dual_bound(&solved, optimal, objective, o.mip_gap)
        .unwrap_or(0.0)
        .min(objective);

    let mut teams: Vec<StationTeam> = Vec::new();
    for (k, &(e, st, _)) in pairs.iter().enumerate() {
        if v[a_col[k]] < 0.5 {
            continue;
        }
        let lead = l_col[k].is_some_and(|j| v[j] > 0.5);
        let pos = match teams.iter().position(|t| t.station == st) {
            Some(p) => p,
            None => {
                teams.push(StationTeam {
                    station: st,
                    lead: usize::MAX,
                    members: vec![],
                });
                teams.len() - 1
            }
        };
        if lead {
            teams[pos].lead = e;
        } else {
            teams[pos].members.push(e);
        }
    }
    // A team the program left without a lead (its penalty paid) takes its first member as lead
    // only if that member may lead; otherwise the station is uncovered.
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

    let mut uncovered = Vec::new();
    for (st, station) in x.stations.iter().enumerate() {
        let team = teams.iter().find(|t| t.station == st);
        for sp in &station.specialties {
            if team.is_some_and(|t| t.experts().any(|e| &x.experts[e].specialty == sp)) {
                continue;
            }
            let in_reach = pairs
                .iter()
                .any(|&(e, p, _)| p == st && &x.experts[e].specialty == sp);
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
                        minutes = format!("{:.0}", r.max_travel_minutes)
                    ),
                )
            };
            uncovered.push(Uncovered {
                station: s.sites[station.site].id.clone(),
                specialty: sp.clone(),
                code,
                reason: words.to_string(),
            });
        }
    }
    Ok(Assignment {
        teams,
        uncovered,
        objective,
        bound,
        cut_by_time: out_of_time,
    })
}
