//! Planning with fixed teams and multi-day trips (campaigns to high pastoral villages). The master
//! program chooses trips, each a column x[g,e,trip] for team g starting on day e:
//!
//!   min  Σ cost x + Σ penalty_q u_q
//!   cover       Σ visits of service s in period q + u_q ≥ required_q
//!   spacing     Σ visits of s in [d0, d0 + S_s) ≤ 1                  (services owed two visits or more)
//!   team-day    Σ trips of g running on day d ≤ 1
//!   month/week  Σ trip-days of g in the period ≤ the members' smallest limit
//!   consecutive Σ trip-days of g in any K+1 days ≤ K                 (K: the members' smallest limit)
//!   high nights Σ nights of g above the line in a month ≤ the members' smallest cap
//!   beds        Σ persons sleeping at lodging ℓ on night d ≤ beds    (where teams could overfill it)
//!
//! A team's members share its schedule, so per-member limits are rows per team and exact. Columns come
//! from the pricing programs of `tours::trips` (a quick one, then an exact one once the quick one
//! finds nothing), which return a lower bound on the reduced cost of every trip; that gives
//! Farley's bound on every plan (see `farley`). The leg-flow relaxation (`flow`) gives a second
//! bound that needs no converged duals; the plan reports the larger.
//!
//! Column generation runs on the season-level relaxation (`timed = false`: no team-day, week,
//! consecutive-day or bed rows), where trips on different days do not compete for a team's days, so
//! its LP settles in far fewer rounds. A dive from its LP (`Generation::dive`) then fixes trips
//! (one at a time, more on large campaigns) and prices again, which ends in a whole plan and fills
//! the pool with trips that fit around each other. A large-neighbourhood search frees a few nearby
//! trips of the best plan at a time and dives again around the rest (`Generation::dive_around`).
//! Beside the search, on a thread of its own, the relaxation's MIP picks trips from the pool the
//! dive left, starting from the dive's plan; the timed master then places its trips, the search's
//! and the dive's on days and may mix them. Where the timed LP already proves its start optimal,
//! no branch-and-bound runs (`start_proved`).
//!
//! A second LP bounds: its columns may be relaxed trips (`trips::relaxed_trips`, which may visit a
//! village twice), so its pricing is an exact dynamic program and its LP is proven when it finds
//! nothing (Farley's bound with θ = 1). It runs on a thread of its own from the root's pool,
//! beside everything after the root.
//!
//! Limits, measured on the bundled Ngamring campaign: the relaxed LP converges at 73.2k against a
//! plan of 79.4k (gap 7.8 %); the season LP over the pool's real trips is 77.2k, so no bound from
//! that LP can show less than 2.7 % there, and the exact pricing on real trips gives up at this
//! size. The relaxed LP's trips repeat villages on out-and-back days. Next steps: remembering
//! those villages where such trips sleep (decremental state-space relaxation, too slow a round as
//! tried so far), an elementary pricing that finishes, then branching on trips and cuts in the
//! master (subset-row, capacity) to lift the bound above the LP.

use super::budget::{self, Cap, Until};
use super::reason::{Reason, ReasonCode as Code};
use super::{ComponentResult, ComponentStats, Options, Run, Shortfall, TripPart};
use crate::model::{Component, Model, SlotKind};
use crate::scenario::Effort;
use crate::scenario::{fills_role, Scenario};
use crate::text;
use crate::tours::trips::{self, DayTable, Ends, Leg, TeamPrices};
use crate::tours::Tour;
use good_lp::{constraint, variable, Expression, ProblemVariables, SolverModel, Variable};
use highs::{Col, HighsModelStatus, RowProblem};
use rayon::prelude::*;
// Fast hashing of trip shapes and day keys (pricing hashes every service of every day a round).
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::hash::{Hash, Hasher};

mod flow;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Sense {
    Le,
    Ge,
}

/// What a row counts, for pricing.
#[derive(Clone, Copy, Debug)]
enum RowKind {
    Cover,
    Spacing,
    TeamDay,
    TeamDays,
    HighNights,
    Beds,
}

/// A trip's days as (from, to, stops): what makes two trips the same.
type Shape = Vec<(usize, usize, Vec<usize>)>;

struct Row {
    sense: Sense,
    rhs: f64,
    kind: RowKind,
}

/// One team as the planner sees it.
struct TeamInfo {
    team: usize,
    vehicle: usize,
    persons: u32,
    cost_per_km: f64,
    cost_per_day: f64,
    max_load_kg: f64,
    cleared: bool,
    available: Vec<bool>,
    /// Legs this team may drive (drive limit, clearance, specialties).
    legs: Vec<usize>,
    /// Rows counting each of its days: team-day row and the month/week/consecutive rows.
    day_rows: Vec<Vec<usize>>,
    team_day_row: Vec<Option<usize>>,
    /// High-night row per day (by month), if the team has a cap.
    high_row: Vec<Option<usize>>,
}

/// A trip as a column: its days in order, as legs (stops already repaired).
#[derive(Clone, Debug)]
struct Column {
    team: usize,
    start: usize,
    days: Vec<Leg>,
    cost: f64,
}

struct Campaign<'a> {
    s: &'a Scenario,
    c: &'a Component,
    ends: Ends,
    legs: Vec<Leg>,
    teams: Vec<TeamInfo>,
    rows: Vec<Row>,
    /// Per service, per day: the rows a visit that day enters.
    visit_rows: Vec<Vec<Vec<usize>>>,
    /// Beds row per (end, day) where teams could overfill the lodging.
    bed_rows: HashMap<(usize, usize), usize>,
    max_days: usize,
}

impl<'a> Campaign<'a> {
    /// The rows of the campaign's master. With `timed = false`, the rows a team's days do not
    /// enter are left out (team-day, week, consecutive days, beds): a relaxation whose LP converges
    /// in few rounds, as trips on different days no longer compete for a team's days.
    fn new(model: &'a Model, ci: usize, timed: bool) -> Campaign<'a> {
        let s = model.scenario;
        let c = &model.components[ci];
        let h = &s.horizon;
        let ends = Ends::new(s, c);
        let team_ids: Vec<usize> = (0..s.teams.len())
            .filter(|&g| s.vehicles[s.teams[g].vehicle].base == c.base)
            .collect();
        let max_drive = team_ids
            .iter()
            .map(|&g| s.vehicles[s.teams[g].vehicle].max_drive_minutes)
            .fold(0.0, f64::max);
        let legs = trips::legs(s, c, &model.travel, &ends, max_drive);
        let mut rows: Vec<Row> = Vec::new();
        let add = |rows: &mut Vec<Row>, sense, rhs, kind| {
            rows.push(Row { sense, rhs, kind });
            rows.len() - 1
        };
        let mut visit_rows: Vec<Vec<Vec<usize>>> = vec![vec![Vec::new(); h.days]; c.services.len()];
        for (q, dem) in c.demands.iter().enumerate() {
            let r = add(&mut rows, Sense::Ge, dem.required as f64, RowKind::Cover);
            debug_assert_eq!(r, q);
            let last = dem.period.last_day.min(h.days - 1);
            for rows_of_day in &mut visit_rows[dem.service][dem.period.first_day..=last] {
                rows_of_day.push(r);
            }
        }
        for (x, svc) in c.services.iter().enumerate() {
            let owed: u32 = c
                .demands
                .iter()
                .filter(|d| d.service == x)
                .map(|d| d.required)
                .sum();
            let w = svc.min_spacing_days;
            if owed < 2 || w < 2 || !timed {
                continue;
            }
            for d0 in 0..h.days.saturating_sub(w - 1) {
                let open = (d0..d0 + w).filter(|&d| svc.open[d]).count();
                if open < 2 {
                    continue;
                }
                let r = add(&mut rows, Sense::Le, 1.0, RowKind::Spacing);
                for rows_of_day in &mut visit_rows[x][d0..d0 + w] {
                    rows_of_day.push(r);
                }
            }
        }
        let mut teams = Vec::new();
        for &g in &team_ids {
            let team = &s.teams[g];
            let v = &s.vehicles[team.vehicle];
            let members: Vec<&crate::scenario::Clinician> =
                team.members.iter().map(|&m| &s.clinicians[m]).collect();
            let cleared = members.iter().all(|m| m.altitude_cleared);
            let available: Vec<bool> = (0..h.days)
                .map(|d| {
                    s.vehicle_available(team.vehicle, d)
                        && team.members.iter().all(|&m| s.clinician_available(m, d))
                })
                .collect();
            let eligible: Vec<usize> = (0..legs.len())
                .filter(|&i| {
                    let leg = &legs[i];
                    leg.drive_minutes <= v.max_drive_minutes + 1e-6
                        && (cleared || s.clearance_above_m.is_none_or(|limit| leg.top_m <= limit))
                        && leg.stops.iter().all(|&x| {
                            c.services[x]
                                .specialty
                                .as_ref()
                                .is_none_or(|k| members.iter().any(|m| m.specialties.contains(k)))
                        })
                })
                .collect();
            let mut day_rows: Vec<Vec<usize>> = vec![Vec::new(); h.days];
            let mut team_day_row = vec![None; h.days];
            for d in 0..h.days {
                if available[d] && timed {
                    let r = add(&mut rows, Sense::Le, 1.0, RowKind::TeamDay);
                    team_day_row[d] = Some(r);
                }
            }
            let min = |f: &dyn Fn(&crate::scenario::Clinician) -> u32| {
                members.iter().map(|m| f(m)).min().unwrap_or(u32::MAX)
            };
            // Months and ISO weeks, as the checker counts them.
            for (cap, key) in [
                (
                    min(&|m| m.max_days_per_month),
                    &(|d| {
                        let (y, m) = h.month_key(d);
                        (y, m)
                    }) as &dyn Fn(usize) -> (i32, u32),
                ),
                (
                    if timed {
                        min(&|m| m.max_days_per_week)
                    } else {
                        u32::MAX
                    },
                    &|d| h.week_key(d),
                ),
            ] {
                let mut groups: Vec<((i32, u32), Vec<usize>)> = Vec::new();
                for d in (0..h.days).filter(|&d| available[d]) {
                    match groups.last_mut() {
                        Some((k, v)) if *k == key(d) => v.push(d),
                        _ => groups.push((key(d), vec![d])),
                    }
                }
                for (_, days) in groups {
                    if days.len() as u32 > cap {
                        let r = add(&mut rows, Sense::Le, cap as f64, RowKind::TeamDays);
                        for d in days {
                            day_rows[d].push(r);
                        }
                    }
                }
            }
            let k = min(&|m| m.max_consecutive_days) as usize;
            if k < h.days && timed {
                for d0 in 0..h.days - k {
                    if (d0..=d0 + k).all(|d| available[d]) {
                        let r = add(&mut rows, Sense::Le, k as f64, RowKind::TeamDays);
                        for rows_of_day in &mut day_rows[d0..=d0 + k] {
                            rows_of_day.push(r);
                        }
                    }
                }
            }
            let mut high_row = vec![None; h.days];
            let cap = min(&|m| m.max_high_nights_per_month);
            if s.lodgings
                .iter()
                .any(|l| l.altitude_m > s.altitude.high_night_above_m)
            {
                let mut last: Option<((i32, u32), usize)> = None;
                for (d, slot) in high_row.iter_mut().enumerate() {
                    let key = h.month_key(d);
                    let r = match last {
                        Some((k, r)) if k == key => r,
                        _ => add(&mut rows, Sense::Le, cap as f64, RowKind::HighNights),
                    };
                    last = Some((key, r));
                    *slot = Some(r);
                }
            }
            teams.push(TeamInfo {
                team: g,
                vehicle: team.vehicle,
                persons: s.team_persons(g),
                cost_per_km: v.cost_per_km,
                cost_per_day: v.cost_per_day,
                max_load_kg: v.max_load_kg,
                cleared,
                available,
                legs: eligible,
                day_rows,
                team_day_row,
                high_row,
            });
        }
        // Beds: only where the teams together could overfill a lodging.
        let mut bed_rows = HashMap::default();
        for l in (0..s.lodgings.len()).filter(|_| timed) {
            let fits: u32 = teams
                .iter()
                .filter(|t| t.persons <= s.lodgings[l].beds)
                .map(|t| t.persons)
                .sum();
            if fits <= s.lodgings[l].beds
                || teams
                    .iter()
                    .filter(|t| t.persons <= s.lodgings[l].beds)
                    .count()
                    < 2
            {
                continue;
            }
            for d in 0..h.days {
                if s.lodging_open(l, h.date(d)) {
                    let r = add(
                        &mut rows,
                        Sense::Le,
                        s.lodgings[l].beds as f64,
                        RowKind::Beds,
                    );
                    bed_rows.insert((l + 1, d), r);
                }
            }
        }
        Campaign {
            s,
            c,
            ends,
            legs,
            teams,
            rows,
            visit_rows,
            bed_rows,
            max_days: s.trips.max_days as usize,
        }
    }

    /// Can team `t` sleep at end `b` on the night after day d?
    fn night_allowed(&self, t: &TeamInfo, b: usize, d: usize) -> bool {
        let Some(l) = Ends::lodging(b) else {
            return false;
        };
        let lodging = &self.s.lodgings[l];
        lodging.beds >= t.persons
            && self.s.lodging_open(l, self.s.horizon.date(d))
            && (t.cleared
                || self
                    .s
                    .clearance_above_m
                    .is_none_or(|limit| lodging.altitude_m <= limit))
    }

    fn high(&self, b: usize) -> bool {
        self.ends.altitude[b] > self.s.altitude.high_night_above_m && b > 0
    }

    /// The (row, coefficient) pairs of a column.
    fn entries(&self, col: &Column) -> Vec<(usize, f64)> {
        let t = &self.teams[col.team];
        let mut e: Vec<(usize, f64)> = Vec::new();
        for (k, leg) in col.days.iter().enumerate() {
            let d = col.start + k;
            for &x in &leg.stops {
                e.extend(self.visit_rows[x][d].iter().map(|&r| (r, 1.0)));
            }
            e.extend(t.team_day_row[d].map(|r| (r, 1.0)));
            e.extend(t.day_rows[d].iter().map(|&r| (r, 1.0)));
            if k + 1 < col.days.len() {
                if self.high(leg.to) {
                    e.extend(t.high_row[d].map(|r| (r, 1.0)));
                }
                if let Some(&r) = self.bed_rows.get(&(leg.to, d)) {
                    e.push((r, t.persons as f64));
                }
            }
        }
        e.sort_by_key(|&(r, _)| r);
        let mut merged: Vec<(usize, f64)> = Vec::with_capacity(e.len());
        for (r, a) in e {
            match merged.last_mut() {
                Some((lr, la)) if *lr == r => *la += a,
                _ => merged.push((r, a)),
            }
        }
        merged
    }

    fn cost(&self, team: usize, days: &[Leg]) -> f64 {
        let t = &self.teams[team];
        let km: f64 = days.iter().map(|l| l.km).sum();
        km * t.cost_per_km
            + days.len() as f64 * t.cost_per_day
            + (days.len() - 1) as f64 * self.s.trip_night_cost(t.team)
    }

    /// Clamps duals to the signs that make them valid Lagrange multipliers.
    fn signed(&self, duals: &[f64]) -> Vec<f64> {
        self.rows
            .iter()
            .zip(duals)
            .map(|(r, &y)| match r.sense {
                Sense::Ge => y.max(0.0),
                Sense::Le => y.min(0.0),
            })
            .collect()
    }

    fn prize(&self, pi: &[f64], x: usize, d: usize) -> f64 {
        self.visit_rows[x][d].iter().map(|&r| pi[r]).sum()
    }

    fn prices(&self, t: &TeamInfo, pi: &[f64]) -> TeamPrices {
        let h = &self.s.horizon;
        let day = (0..h.days)
            .map(|d| t.cost_per_day - t.day_rows[d].iter().map(|&r| pi[r]).sum::<f64>())
            .collect();
        let night = (0..h.days)
            .map(|d| {
                (0..self.ends.len())
                    .map(|b| {
                        if !self.night_allowed(t, b, d) {
                            return f64::INFINITY;
                        }
                        let mut v = self.s.trip_night_cost(t.team);
                        if self.high(b) {
                            v -= t.high_row[d].map_or(0.0, |r| pi[r]);
                        }
                        if let Some(&r) = self.bed_rows.get(&(b, d)) {
                            v -= t.persons as f64 * pi[r];
                        }
                        v
                    })
                    .collect()
            })
            .collect();
        TeamPrices {
            day,
            night,
            available: t.available.clone(),
            max_load_kg: t.max_load_kg,
        }
    }

    /// Turns a priced path (legs may repeat villages, and overload the vehicle) into a feasible trip:
    /// a village keeps its first visit; then the stops worth least per kg go until the load fits.
    /// Dropping stops never lengthens a day, as travel times are shortest paths.
    fn repair(
        &self,
        team: usize,
        start: usize,
        path: &[usize],
        pi: &[f64],
        travel: &crate::travel::Travel,
    ) -> Option<Column> {
        let t = &self.teams[team];
        let mut seen = HashSet::default();
        let mut days: Vec<(usize, usize, Vec<usize>)> = path
            .iter()
            .map(|&i| {
                let leg = &self.legs[i];
                let stops = leg
                    .stops
                    .iter()
                    .copied()
                    .filter(|&x| seen.insert(self.c.services[x].site))
                    .collect();
                (leg.from, leg.to, stops)
            })
            .collect();
        let load = |days: &[(usize, usize, Vec<usize>)]| -> f64 {
            days.iter()
                .flat_map(|d| &d.2)
                .map(|&x| self.c.services[x].load_kg)
                .sum()
        };
        while load(&days) > t.max_load_kg + 1e-9 {
            let mut worst: Option<(f64, usize, usize)> = None;
            for (k, day) in days.iter().enumerate() {
                for (j, &x) in day.2.iter().enumerate() {
                    let kg = self.c.services[x].load_kg.max(1e-6);
                    let v = self.prize(pi, x, start + k) / kg;
                    if worst.is_none_or(|w| v < w.0) {
                        worst = Some((v, k, j));
                    }
                }
            }
            let (_, k, j) = worst?;
            days[k].2.remove(j);
        }
        let legs: Vec<Leg> = days
            .into_iter()
            .map(|(from, to, stops)| self.leg_of(travel, from, to, stops))
            .collect();
        let cost = self.cost(team, &legs);
        Some(Column {
            team,
            start,
            days: legs,
            cost,
        })
    }

    fn leg_of(
        &self,
        travel: &crate::travel::Travel,
        from: usize,
        to: usize,
        stops: Vec<usize>,
    ) -> Leg {
        let mut at = self.ends.location[from];
        let (mut km, mut drive, mut service) = (0.0, 0.0, 0.0);
        for &x in &stops {
            let l = self.c.services[x].location;
            km += travel.km(at, l);
            drive += travel.minutes(at, l);
            service += self.c.services[x].service_minutes;
            at = l;
        }
        let end = self.ends.location[to];
        km += travel.km(at, end);
        drive += travel.minutes(at, end);
        Leg {
            from,
            to,
            load_kg: stops.iter().map(|&x| self.c.services[x].load_kg).sum(),
            top_m: stops
                .iter()
                .map(|&x| self.s.sites[self.c.services[x].site].altitude_m)
                .fold(f64::NEG_INFINITY, f64::max),
            stops,
            km,
            drive_minutes: drive,
            work_minutes: drive + service,
        }
    }

    /// The trip of `col` run by team `team` from day `start`, if it can run then.
    fn place(&self, col: &Column, team: usize, start: usize) -> Option<Column> {
        let t = &self.teams[team];
        let s = self.s;
        let days = col.days.len();
        if start + days > s.horizon.days {
            return None;
        }
        let v = &s.vehicles[t.vehicle];
        let load: f64 = col.days.iter().map(|l| l.load_kg).sum();
        if load > t.max_load_kg + 1e-9 {
            return None;
        }
        let members: Vec<&crate::scenario::Clinician> = s.teams[t.team]
            .members
            .iter()
            .map(|&m| &s.clinicians[m])
            .collect();
        for (k, leg) in col.days.iter().enumerate() {
            let d = start + k;
            if !t.available[d]
                || leg.drive_minutes > v.max_drive_minutes + 1e-6
                || !leg.stops.iter().all(|&x| self.c.services[x].open[d])
                || (!t.cleared && s.clearance_above_m.is_some_and(|limit| leg.top_m > limit))
                || !leg.stops.iter().all(|&x| {
                    self.c.services[x]
                        .specialty
                        .as_ref()
                        .is_none_or(|k| members.iter().any(|m| m.specialties.contains(k)))
                })
            {
                return None;
            }
            if k + 1 < days && !self.night_allowed(t, leg.to, d) {
                return None;
            }
        }
        Some(Column {
            team,
            start,
            days: col.days.clone(),
            cost: self.cost(team, &col.days),
        })
    }

    /// Whether a column with these entries fits every limit row beside what `used` holds.
    fn fits(&self, used: &[f64], entries: &[(usize, f64)]) -> bool {
        entries.iter().all(|&(r, a)| {
            let row = &self.rows[r];
            row.sense == Sense::Ge || used[r] + a <= row.rhs + 1e-9
        })
    }

    fn reduced_cost(&self, col: &Column, pi_raw: &[f64]) -> f64 {
        col.cost
            - self
                .entries(col)
                .iter()
                .map(|&(r, a)| a * pi_raw[r])
                .sum::<f64>()
    }
}

/// The LP relaxation kept alive in HiGHS across rounds (columns added in place).
struct Lp {
    model: Option<highs::Model>,
    rows: Vec<highs::Row>,
    x: Vec<Col>,
    created: std::time::Instant,
}

impl Lp {
    fn new(cp: &Campaign) -> Lp {
        let mut model = RowProblem::default().optimise(highs::Sense::Minimise);
        model.make_quiet();
        model.set_option("threads", 1);
        model.set_option("random_seed", 0);
        model.set_option("presolve", "off");
        model.set_option("solver", "simplex");
        let u: Vec<Col> =
            cp.c.demands
                .iter()
                .map(|d| model.add_col(d.penalty, 0.0..=d.required as f64, []))
                .collect();
        let rows = cp
            .rows
            .iter()
            .enumerate()
            .map(|(r, row)| {
                let f: Vec<(Col, f64)> = if r < u.len() {
                    vec![(u[r], 1.0)]
                } else {
                    vec![]
                };
                match row.sense {
                    Sense::Le => model.add_row(..=row.rhs, f),
                    Sense::Ge => model.add_row(row.rhs.., f),
                }
            })
            .collect();
        Lp {
            model: Some(model),
            rows,
            x: Vec::new(),
            created: std::time::Instant::now(),
        }
    }

    fn add(&mut self, cost: f64, entries: &[(usize, f64)]) {
        let model = self
            .model
            .as_mut()
            .expect("the model is back after every solve");
        let e: Vec<(highs::Row, f64)> = entries.iter().map(|&(r, a)| (self.rows[r], a)).collect();
        self.x.push(model.add_col(cost, 0.0..=1.0, e));
    }

    /// Trip `j` must be run: its lower bound becomes 1.
    fn fix(&mut self, j: usize) {
        self.model
            .as_mut()
            .expect("the model is back after every solve")
            .change_column_bounds(self.x[j], 1.0..=1.0);
    }

    /// Trip `j` may not be run.
    fn ban(&mut self, j: usize) {
        self.model
            .as_mut()
            .expect("the model is back after every solve")
            .change_column_bounds(self.x[j], 0.0..=0.0);
    }

    /// Trip `j` is free again.
    fn free(&mut self, j: usize) {
        self.model
            .as_mut()
            .expect("the model is back after every solve")
            .change_column_bounds(self.x[j], 0.0..=1.0);
    }

    /// Objective, row duals and column values (u first, then x).
    fn solve(&mut self, time_limit: f64) -> Result<(f64, Vec<f64>, Vec<f64>), String> {
        let mut model = self
            .model
            .take()
            .expect("the model is back after every solve");
        model.set_option(
            "time_limit",
            self.created.elapsed().as_secs_f64() + time_limit.max(0.05),
        );
        let solved = model
            .try_solve()
            .map_err(|e| format!("HiGHS failed on the LP: {e:?}"))?;
        let status = solved.status();
        let out = if matches!(status, HighsModelStatus::Optimal) {
            let sol = solved.get_solution();
            Ok((
                solved.objective_value(),
                sol.dual_rows().to_vec(),
                sol.columns().to_vec(),
            ))
        } else {
            Err(format!("the LP ended with status {status:?}"))
        };
        self.model = Some(highs::Model::from(solved));
        out
    }
}

/// How a round prices trips: the quick program, or the exact one (up to the ng-relaxation), used
/// once the quick one finds nothing.
#[derive(Clone, Copy)]
enum Pricing<'a> {
    Quick(trips::Effort),
    /// The relaxed program of `trips::relaxed_trips`: its trips may repeat villages, so they go
    /// to the bounding LP only.
    Relaxed {
        ng: &'a [u128],
    },
    Exact {
        ng: &'a [u128],
        cap: usize,
        budget: usize,
        until: Until<'a>,
    },
}

/// Villages an exact pricing label remembers near each lodging, labels it keeps per (day, end),
/// and labels one run of it may make before it gives up proving anything (a work limit, so that
/// plans do not depend on the clock).
const NG_SIZE: usize = 16;
/// Villages the relaxed pricing remembers near each lodging, and its load units per vehicle load.
const RELAXED_NG_SIZE: usize = 1;
const LOAD_UNITS: f64 = 64.0;
const EXACT_LABELS: usize = 2000;
const EXACT_BUDGET: usize = 50_000;

/// Stages of column generation, each until it finds no trip: the quick pricing on a segment's
/// first day and on windows inside one kind of day only (about 6 times faster a round on the
/// bundled campaign, and its trips run on any day of the kind anyway); the quick pricing on every
/// start day; the exact pricing, whose bound proves the LP.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Stage {
    Thin,
    Quick,
    Exact,
    /// Only for the bounding LP (see `Pricing::Relaxed`): thin rounds, then rounds on every
    /// start day.
    RelaxedThin,
    Relaxed,
}

/// One round of pricing at multipliers `pi`: the bound they prove, and new trips with their reduced
/// cost at the LP's own duals `duals`.
fn price(
    cp: &Campaign,
    travel: &crate::travel::Travel,
    masks: &[u128],
    pi: &[f64],
    duals: &[f64],
    pricing: Pricing,
    thin: bool,
) -> (f64, Vec<(f64, Column)>) {
    let (s, c) = (cp.s, cp.c);
    let h = &s.horizon;
    let n_ends = cp.ends.len();
    let prize: Vec<Vec<f64>> = (0..c.services.len())
        .map(|x| (0..h.days).map(|d| cp.prize(pi, x, d)).collect())
        .collect();
    let mut candidates: Vec<(f64, Column)> = Vec::new();
    let loads: Vec<f64> = cp.legs.iter().map(|l| l.load_kg).collect();
    // Farley's ratio: no trip's dual value exceeds theta times its cost (see `farley`).
    let mut theta: f64 = 1.0;
    for (ti, t) in cp.teams.iter().enumerate() {
        let prices = cp.prices(t, pi);
        // Days that price alike (same prizes, openings, availability and day and night prices)
        // share a table, and start days whose next `max_days` days price alike share a program run:
        // in the season relaxation most of a month's days do.
        let day_key: Vec<u64> = (0..h.days)
            .map(|d| {
                let mut hs = rustc_hash::FxHasher::default();
                t.available[d].hash(&mut hs);
                prices.day[d].to_bits().hash(&mut hs);
                t.team_day_row[d].map(|r| pi[r].to_bits()).hash(&mut hs);
                for v in &prices.night[d] {
                    v.to_bits().hash(&mut hs);
                }
                for (svc, by_day) in c.services.iter().zip(&prize) {
                    (svc.open[d], by_day[d].to_bits()).hash(&mut hs);
                }
                hs.finish()
            })
            .collect();
        let mut table_of: HashMap<u64, usize> = HashMap::default();
        let mut first_day: Vec<usize> = Vec::new();
        let day_table_index: Vec<usize> = (0..h.days)
            .map(|d| {
                *table_of.entry(day_key[d]).or_insert_with(|| {
                    first_day.push(d);
                    first_day.len() - 1
                })
            })
            .collect();
        let tables: Vec<DayTable> = first_day
            .par_iter()
            .map(|&d| {
                trips::day_table(
                    &cp.legs,
                    &t.legs,
                    n_ends,
                    |x| c.services[x].open[d],
                    |x| prize[x][d],
                    t.cost_per_km,
                )
            })
            .collect();
        let mut run_of: HashMap<&[u64], usize> = HashMap::default();
        let mut starts: Vec<usize> = Vec::new();
        for e in (0..h.days).filter(|&e| t.available[e]) {
            let window = &day_key[e..(e + cp.max_days).min(h.days)];
            // Thin rounds: only a segment's first day and windows inside one kind of day.
            if thin
                && e > 0
                && day_key[e] == day_key[e - 1]
                && window.iter().any(|&k| k != window[0])
            {
                continue;
            }
            run_of.entry(window).or_insert_with(|| {
                starts.push(e);
                starts.len() - 1
            });
        }
        if std::env::var_os("OUTREACH_DEBUG").is_some() {
            eprintln!(
                "    team {ti}: {} distinct days, {} distinct starts",
                tables.len(),
                starts.len()
            );
        }
        let found: Vec<Vec<trips::Best>> = starts
            .par_iter()
            .map(|&e| {
                let refs: Vec<&DayTable> = (e..(e + cp.max_days).min(h.days))
                    .map(|d| &tables[day_table_index[d]])
                    .collect();
                let search = trips::TripSearch {
                    rules: &s.altitude,
                    ends: &cp.ends,
                    prices: &prices,
                    tables: &refs,
                    masks,
                    loads: &loads,
                    start: e,
                    max_days: cp.max_days,
                };
                match pricing {
                    Pricing::Quick(effort) => trips::best_trips(&search, effort),
                    Pricing::Relaxed { ng } => {
                        trips::relaxed_trips(&search, ng, prices.max_load_kg / LOAD_UNITS)
                    }
                    Pricing::Exact {
                        ng,
                        cap,
                        budget,
                        until,
                    } => trips::exact_trips(&search, ng, cap, budget, &|| until.passed()),
                }
            })
            .collect();
        // One run stands for every start day that prices alike: bounds and trips from its first.
        let mut rc_bound = vec![vec![f64::INFINITY; cp.max_days]; h.days];
        for (&e, per_length) in starts.iter().zip(found) {
            for (l, best) in per_length.into_iter().enumerate() {
                if best.bound == f64::NEG_INFINITY {
                    // A run that gave up proves nothing, so this round bounds nothing.
                    theta = f64::INFINITY;
                } else if best.bound.is_finite() {
                    rc_bound[e][l] = best.bound;
                }
                let trip = best.trip.and_then(|(_, p)| match pricing {
                    Pricing::Relaxed { .. } => {
                        let days: Vec<Leg> = p.iter().map(|&i| cp.legs[i].clone()).collect();
                        Some(Column {
                            team: ti,
                            start: e,
                            cost: cp.cost(ti, &days),
                            days,
                        })
                    }
                    _ => cp.repair(ti, e, &p, pi, travel),
                });
                if let Some(col) = trip {
                    let rc = cp.reduced_cost(&col, duals);
                    if rc < -1e-6 {
                        candidates.push((rc, col));
                    }
                }
            }
        }
        for (e, per_length) in rc_bound.iter().enumerate() {
            for (l, &v) in per_length.iter().enumerate() {
                if !v.is_finite() || e + l >= h.days {
                    continue;
                }
                let sigma: f64 = (e..=e + l)
                    .filter_map(|d| t.team_day_row[d])
                    .map(|r| pi[r])
                    .sum();
                let full = v - sigma;
                if full < 0.0 {
                    let least_cost =
                        (l + 1) as f64 * t.cost_per_day + l as f64 * s.trip_night_cost(t.team);
                    if least_cost > 0.0 {
                        theta = theta.max(1.0 - full / least_cost);
                    } else {
                        theta = f64::INFINITY;
                    }
                }
            }
        }
    }
    if thin {
        // Some start days went unpriced: no bound.
        return (f64::NEG_INFINITY, candidates);
    }
    (farley(cp, pi, theta), candidates)
}

/// One LP of the relaxation's master and what it says.
struct LpSolution {
    objective: f64,
    duals: Vec<f64>,
    /// Values of the trips, in the order of `Generation::columns`.
    x: Vec<f64>,
}

/// What a run of column generation ends with: its last LP and the best bound its rounds proved.
struct Generated {
    lp: Option<LpSolution>,
    bound: Option<f64>,
}

/// Column generation on the season relaxation: the LP kept alive in HiGHS and its trips.
struct Generation<'c, 'a> {
    cp: &'c Campaign<'a>,
    travel: &'c crate::travel::Travel,
    masks: &'c [u128],
    ng: &'c [u128],
    relaxed_ng: &'c [u128],
    lp: Lp,
    columns: Vec<Column>,
    known: HashSet<(usize, usize, Shape)>,
    /// Trips a dive made musts, in order.
    fixed: Vec<usize>,
    /// Trips a dive banned, as they fit no more beside its musts.
    banned: Vec<usize>,
    rounds: usize,
    debug: bool,
}

impl<'c, 'a> Generation<'c, 'a> {
    fn base_id(&self) -> &str {
        &self.cp.s.bases[self.cp.c.base].id
    }

    /// Column generation from `columns`, which go into its LP.
    #[allow(clippy::too_many_arguments)]
    fn new(
        cp: &'c Campaign<'a>,
        travel: &'c crate::travel::Travel,
        masks: &'c [u128],
        ng: &'c [u128],
        relaxed_ng: &'c [u128],
        columns: Vec<Column>,
        debug: bool,
    ) -> Self {
        let mut lp = Lp::new(cp);
        for col in &columns {
            lp.add(col.cost, &cp.entries(col));
        }
        Generation {
            cp,
            travel,
            masks,
            ng,
            relaxed_ng,
            lp,
            columns,
            known: HashSet::default(),
            fixed: Vec::new(),
            banned: Vec::new(),
            rounds: 0,
            debug,
        }
    }

    /// Rounds from `stage` on, each stage until it finds no trip, up to the stage `last`; at most
    /// `max_rounds` rounds, and none begun after `until` (which records the cut).
    fn run(
        &mut self,
        mut stage: Stage,
        last: Stage,
        max_rounds: usize,
        until: Until,
        progress: &dyn Fn(usize),
    ) -> Result<Generated, String> {
        let cp = self.cp;
        let demands = cp.c.demands.len();
        let mut out = Generated {
            lp: None,
            bound: None,
        };
        for _ in 0..max_rounds {
            if until.passed() {
                until.cap().cut(format!("{}: trips", self.base_id()));
                break;
            }
            progress(self.rounds + 1);
            let t0 = std::time::Instant::now();
            let (obj, duals, values) = match self.lp.solve(until.left()) {
                Ok(v) => v,
                Err(_) if until.passed() => {
                    until.cap().cut(format!("{}: trips", self.base_id()));
                    break;
                }
                Err(e) => return Err(e),
            };
            self.rounds += 1;
            let pi = cp.signed(&duals);
            let (round_bound, mut candidates) = price(
                cp,
                self.travel,
                self.masks,
                &pi,
                &duals,
                match stage {
                    Stage::Exact => Pricing::Exact {
                        ng: self.ng,
                        cap: EXACT_LABELS,
                        budget: EXACT_BUDGET,
                        until,
                    },
                    Stage::Relaxed | Stage::RelaxedThin => Pricing::Relaxed {
                        ng: self.relaxed_ng,
                    },
                    _ => Pricing::Quick(trips::Effort::ROUND),
                },
                matches!(stage, Stage::Thin | Stage::RelaxedThin),
            );
            let round_bound = round_bound.max(0.0);
            if out.bound.is_none_or(|b| round_bound > b) {
                out.bound = Some(round_bound);
            }
            candidates.sort_by(|a, b| a.0.total_cmp(&b.0));
            // One trip per shape and team (the relaxation does not care on which day it runs).
            let mut shapes: HashSet<(usize, Shape)> = HashSet::default();
            let mut added = 0;
            for (_, col) in candidates {
                if added >= 400 {
                    break;
                }
                let shape: Shape = col
                    .days
                    .iter()
                    .map(|l| (l.from, l.to, l.stops.clone()))
                    .collect();
                if !shapes.insert((col.team, shape.clone())) {
                    continue;
                }
                if !self.known.insert((col.team, col.start, shape)) {
                    continue;
                }
                self.lp.add(col.cost, &cp.entries(&col));
                self.columns.push(col);
                added += 1;
            }
            if self.debug {
                eprintln!(
                    "  round {}: lp {obj:.1} bound {:.1} added {added} columns {} {:.2}s",
                    self.rounds,
                    out.bound.unwrap_or(f64::NAN),
                    self.columns.len(),
                    t0.elapsed().as_secs_f64(),
                );
            }
            out.lp = Some(LpSolution {
                objective: obj,
                duals,
                x: values[demands..].to_vec(),
            });
            let converged = out
                .bound
                .is_some_and(|b| obj - b <= 1e-4 * obj.abs().max(1.0));
            if converged || (added == 0 && stage == last) {
                break;
            }
            if added == 0 {
                stage = match stage {
                    Stage::Thin => Stage::Quick,
                    Stage::RelaxedThin | Stage::Relaxed => Stage::Relaxed,
                    _ => Stage::Exact,
                };
            }
        }
        Ok(out)
    }

    /// A dive from the LP values `x`: each step makes the largest fractional trip a must and runs
    /// the quick stages again, until the LP is whole (its trips are the plan) or the work limit or
    /// `until` is reached (no plan). The trips it makes stay in the pool.
    fn dive(&mut self, x: &[f64], work: &Work, until: Until) -> Result<Option<Vec<usize>>, String> {
        let cp = self.cp;
        let mut x = x.to_vec();
        let mut fixed: HashSet<usize> = self.fixed.iter().copied().collect();
        // What the fixed trips use of each limit row: a trip fixed beside them must fit, or the LP
        // would have no solution (cover rows always have one, through their shortfall).
        let mut used = vec![0.0; cp.rows.len()];
        for &j in &self.fixed {
            for (r, a) in cp.entries(&self.columns[j]) {
                used[r] += a;
            }
        }
        let began = self.rounds;
        for step_index in 0..work.dive_steps {
            if (0..x.len()).all(|j| x[j] <= 1e-6 || x[j] >= 1.0 - 1e-6) {
                return Ok(Some((0..x.len()).filter(|&j| x[j] > 0.5).collect()));
            }
            let fits = |j: usize| cp.fits(&used, &cp.entries(&self.columns[j]));
            let fractional = (0..x.len())
                .filter(|&j| !fixed.contains(&j) && x[j] > 1e-6 && x[j] < 1.0 - 1e-6 && fits(j))
                .max_by(|&a, &b| x[a].total_cmp(&x[b]).then(b.cmp(&a)));
            if until.passed() {
                until.cap().cut(format!("{}: dive", self.base_id()));
                return Ok(None);
            }
            let Some(j) = fractional else {
                // No fractional trip fits beside the musts, so none can be in this dive's plan:
                // ban them and price again, rather than end without a plan.
                let misfits: Vec<usize> = (0..x.len())
                    .filter(|&k| !fixed.contains(&k) && x[k] > 1e-6 && x[k] < 1.0 - 1e-6)
                    .collect();
                for &k in &misfits {
                    self.lp.ban(k);
                    self.banned.push(k);
                }
                let step = self.reprice(work, until)?;
                if self.debug {
                    eprintln!(
                        "    dive: banned {} trips that no longer fit, lp {:.1}",
                        misfits.len(),
                        step.lp.as_ref().map_or(f64::NAN, |l| l.objective)
                    );
                }
                match step.lp {
                    Some(lp) => x = lp.x,
                    None => return Ok(None),
                }
                continue;
            };
            // Keep pace with the dive's rounds (see `dive_step_size`); the first step sets the pace.
            let size = if step_index == 0 {
                1
            } else {
                let holds: f64 = (0..x.len())
                    .filter(|k| !fixed.contains(k))
                    .map(|k| x[k])
                    .sum();
                let per_step = (self.rounds - began) as f64 / step_index as f64;
                let left = work.dive_budget.saturating_sub(self.rounds - began) as f64;
                dive_step_size(holds, per_step, left)
            };
            let batch = dive_batch(cp, &self.columns, &x, &fixed, &mut used, j, size);
            for &k in &batch {
                self.lp.fix(k);
                fixed.insert(k);
                self.fixed.push(k);
            }
            let before = self.rounds;
            let step = self.reprice(work, until)?;
            if self.debug {
                eprintln!(
                    "    dive: fixed {j} at {:.3} ({} trips), {} rounds, lp {:.1}",
                    x[j],
                    batch.len(),
                    self.rounds - before,
                    step.lp.as_ref().map_or(f64::NAN, |l| l.objective)
                );
            }
            match step.lp {
                Some(lp) => x = lp.x,
                None => return Ok(None),
            }
        }
        Ok(None)
    }

    /// A dive that starts from the trips `keep` as musts (and no other): the LP frees every trip
    /// fixed before, prices around `keep`, and dives from there.
    fn dive_around(
        &mut self,
        keep: &[usize],
        work: &Work,
        until: Until,
    ) -> Result<Option<Vec<usize>>, String> {
        for j in std::mem::take(&mut self.fixed)
            .into_iter()
            .chain(std::mem::take(&mut self.banned))
        {
            self.lp.free(j);
        }
        for &j in keep {
            self.lp.fix(j);
            self.fixed.push(j);
        }
        match self.reprice(work, until)?.lp {
            Some(lp) => self.dive(&lp.x, work, until),
            None => Ok(None),
        }
    }

    /// The quick stages again after trips were fixed or freed: a dive step's rounds.
    fn reprice(&mut self, work: &Work, until: Until) -> Result<Generated, String> {
        self.run(Stage::Thin, Stage::Quick, work.dive_rounds, until, &|_| {})
    }
}

/// The `k` trips of `plan` nearest trip `seed` (itself first): by the mean, over the seed's
/// villages, of the driving minutes to the other trip's nearest village.
fn neighbourhood(
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

/// Visits each demand misses with the trips `chosen`.
fn shortfall(cp: &Campaign, columns: &[Column], chosen: &[usize]) -> Vec<f64> {
    let mut covered = vec![0.0; cp.c.demands.len()];
    for &i in chosen {
        for (r, a) in cp.entries(&columns[i]) {
            if r < covered.len() {
                covered[r] += a;
            }
        }
    }
    cp.c.demands
        .iter()
        .zip(&covered)
        .map(|(d, &c)| (d.required as f64 - c).max(0.0))
        .collect()
}

/// Trips a dive step fixes: when, at `per_step` pricing rounds a step, fixing the `holds` trips
/// the LP still holds (its sum of x over free trips) one a step would not end in the `left` rounds
/// of the dive's budget, as many a step as it takes; else one. On the bundled campaign every step
/// fixes one trip; on campaigns twice its size, one a step would not end in the budget. Rounds,
/// not seconds, so that the pace is the same on every machine.
fn dive_step_size(holds: f64, per_step: f64, left: f64) -> usize {
    (holds * per_step / left.max(per_step).max(1e-9))
        .ceil()
        .max(1.0) as usize
}

/// The trips of one dive step: `first`, then up to `size` in all of the largest fractional trips
/// of `x` that are not `fixed`, fit beside those in `used` (which the step's trips are added to)
/// and meet no demand another trip of the step meets.
fn dive_batch(
    cp: &Campaign,
    columns: &[Column],
    x: &[f64],
    fixed: &HashSet<usize>,
    used: &mut [f64],
    first: usize,
    size: usize,
) -> Vec<usize> {
    // Cover rows come first, one per demand.
    let demands = cp.c.demands.len();
    let mut met: HashSet<usize> = HashSet::default();
    let take = |entries: Vec<(usize, f64)>, used: &mut [f64], met: &mut HashSet<usize>| {
        for (r, a) in entries {
            used[r] += a;
            if r < demands {
                met.insert(r);
            }
        }
    };
    take(cp.entries(&columns[first]), used, &mut met);
    let mut batch = vec![first];
    let mut by_x: Vec<usize> = (0..x.len())
        .filter(|&k| k != first && !fixed.contains(&k) && x[k] > 1e-6 && x[k] < 1.0 - 1e-6)
        .collect();
    by_x.sort_by(|&a, &b| x[b].total_cmp(&x[a]).then(a.cmp(&b)));
    for k in by_x {
        if batch.len() >= size {
            break;
        }
        let entries = cp.entries(&columns[k]);
        if entries.iter().any(|(r, _)| met.contains(r)) || !cp.fits(used, &entries) {
            continue;
        }
        take(entries, used, &mut met);
        batch.push(k);
    }
    batch
}

/// The cost of a set of trips, with the penalties of the visits they miss.
fn plan_cost(cp: &Campaign, columns: &[Column], chosen: &[usize]) -> f64 {
    chosen.iter().map(|&i| columns[i].cost).sum::<f64>()
        + cp.c
            .demands
            .iter()
            .zip(shortfall(cp, columns, chosen))
            .map(|(d, u)| d.penalty * u)
            .sum::<f64>()
}

/// Visits still missed after the timed MIP, which a time limit can cut short when the placement it
/// started from found no days for a trip: for each in turn, the trip that meets it and fits every
/// limit row beside the plan, for the least cost per visit still owed that it meets, and for less
/// than those visits' penalties. Candidates are one-day trips to that visit alone and the trips of
/// `pool` on every team and start day.
fn fill_missed(cp: &Campaign, pool: &[Column], columns: &mut Vec<Column>, chosen: &mut Vec<usize>) {
    let mut used = vec![0.0; cp.rows.len()];
    for &i in chosen.iter() {
        for (r, a) in cp.entries(&columns[i]) {
            used[r] += a;
        }
    }
    let days = cp.s.horizon.days;
    let demands = &cp.c.demands;
    // Each shape of the pool once, by the services it visits.
    let mut shapes: HashSet<Shape> = HashSet::default();
    let mut trips_to: Vec<Vec<&Column>> = vec![Vec::new(); cp.c.services.len()];
    for col in pool {
        let shape: Shape = col
            .days
            .iter()
            .map(|l| (l.from, l.to, l.stops.clone()))
            .collect();
        if shapes.insert(shape) {
            for leg in &col.days {
                for &x in &leg.stops {
                    trips_to[x].push(col);
                }
            }
        }
    }
    for (q, dem) in demands.iter().enumerate() {
        while used[q] < dem.required as f64 - 1e-9 {
            let alone = [dem.service];
            let day_trips: Vec<Column> = cp
                .legs
                .iter()
                .filter(|l| l.from == 0 && l.to == 0 && l.stops == alone)
                .map(|leg| Column {
                    team: 0,
                    start: 0,
                    days: vec![leg.clone()],
                    cost: 0.0,
                })
                .collect();
            let mut best: Option<(f64, Column)> = None;
            for trip in day_trips
                .iter()
                .chain(trips_to[dem.service].iter().copied())
            {
                // Start days that put a visit to the service inside the demand's period.
                let mut starts: Vec<usize> = Vec::new();
                for (k, leg) in trip.days.iter().enumerate() {
                    if leg.stops.contains(&dem.service) {
                        let first = dem.period.first_day.saturating_sub(k);
                        let last = (dem.period.last_day.min(days - 1)).saturating_sub(k);
                        starts.extend(first..=last);
                    }
                }
                starts.sort_unstable();
                starts.dedup();
                for team in 0..cp.teams.len() {
                    for &d in &starts {
                        let Some(p) = cp.place(trip, team, d) else {
                            continue;
                        };
                        let entries = cp.entries(&p);
                        if !cp.fits(&used, &entries) {
                            continue;
                        }
                        let (mut owed, mut saved) = (0.0, 0.0);
                        for &(r, a) in entries.iter().filter(|&&(r, _)| r < demands.len()) {
                            let met = a.min(demands[r].required as f64 - used[r]).max(0.0);
                            owed += met;
                            saved += met * demands[r].penalty;
                        }
                        // Only trips that cost less than the visits they save.
                        if owed < 1.0 - 1e-9 || p.cost >= saved {
                            continue;
                        }
                        let per_visit = p.cost / owed;
                        if best.as_ref().is_none_or(|(b, _)| per_visit < *b) {
                            best = Some((per_visit, p));
                        }
                    }
                }
            }
            let Some((_, p)) = best else {
                break;
            };
            for (r, a) in cp.entries(&p) {
                used[r] += a;
            }
            columns.push(p);
            chosen.push(columns.len() - 1);
        }
    }
}

/// Farley's bound: when no column's dual value `a·pi` exceeds `theta` times its cost, `pi / theta`
/// is dual feasible, and its objective bounds every plan from below (costs are positive).
fn farley(cp: &Campaign, pi: &[f64], theta: f64) -> f64 {
    if !theta.is_finite() {
        return f64::NEG_INFINITY;
    }
    let mut b = 0.0;
    for (r, row) in cp.rows.iter().enumerate() {
        b += pi[r] / theta * row.rhs;
    }
    for (q, dem) in cp.c.demands.iter().enumerate() {
        b += (dem.penalty - pi[q] / theta).min(0.0) * dem.required as f64;
    }
    b
}

/// A whole plan from the LP's trips: taken in order of LP value, then of reduced cost, while they
/// fit every limit row and still cover something.
fn greedy(cp: &Campaign, columns: &[Column], order: &[usize]) -> Vec<usize> {
    let mut used: Vec<f64> = vec![0.0; cp.rows.len()];
    let mut chosen = Vec::new();
    for &i in order {
        let e = cp.entries(&columns[i]);
        let fits = cp.fits(&used, &e);
        let helps = e.iter().any(|&(r, _)| {
            let row = &cp.rows[r];
            matches!(row.kind, RowKind::Cover) && used[r] < row.rhs - 1e-9
        });
        if fits && helps {
            for (r, a) in e {
                used[r] += a;
            }
            chosen.push(i);
        }
    }
    chosen
}

/// Drops visits beyond what each demand owes (trips may overlap in a covering plan), each time the
/// one whose removal saves most: fewer stops never break a day's limits, and spare visits would
/// otherwise have to keep the spacing too.
fn trim_surplus(
    cp: &Campaign,
    mut cols: Vec<Column>,
    travel: &crate::travel::Travel,
) -> Vec<Column> {
    let c = cp.c;
    loop {
        let mut count = vec![0u32; c.demands.len()];
        let mut owed_rows: Vec<(usize, usize, usize)> = Vec::new(); // (column, day, stop index)
        for (i, col) in cols.iter().enumerate() {
            for (k, leg) in col.days.iter().enumerate() {
                for (j, &x) in leg.stops.iter().enumerate() {
                    for &r in &cp.visit_rows[x][col.start + k] {
                        if matches!(cp.rows[r].kind, RowKind::Cover) {
                            count[r] += 1;
                        }
                    }
                    owed_rows.push((i, k, j));
                }
            }
        }
        // A stop is spare when every demand it counts for has more visits than it owes.
        let mut best: Option<(f64, usize, usize, usize)> = None;
        for &(i, k, j) in &owed_rows {
            let col = &cols[i];
            let x = col.days[k].stops[j];
            let rows: Vec<usize> = cp.visit_rows[x][col.start + k]
                .iter()
                .copied()
                .filter(|&r| matches!(cp.rows[r].kind, RowKind::Cover))
                .collect();
            if rows.is_empty()
                || !rows
                    .iter()
                    .all(|&r| count[r] as f64 > cp.rows[r].rhs + 1e-9)
            {
                continue;
            }
            let leg = &col.days[k];
            let mut stops = leg.stops.clone();
            stops.remove(j);
            let shorter = cp.leg_of(travel, leg.from, leg.to, stops);
            let saved = leg.km - shorter.km;
            if best.is_none_or(|b| saved > b.0) {
                best = Some((saved, i, k, j));
            }
        }
        let Some((_, i, k, j)) = best else {
            return cols;
        };
        let leg = &cols[i].days[k];
        let mut stops = leg.stops.clone();
        stops.remove(j);
        cols[i].days[k] = cp.leg_of(travel, leg.from, leg.to, stops);
        cols[i].cost = cp.cost(cols[i].team, &cols[i].days);
    }
}

/// Trips of the season relaxation placed for the timed master: each on every team and day it can
/// run on, once.
#[derive(Default)]
struct Placements {
    placed: Vec<Column>,
    seen: HashMap<(usize, usize, Shape), usize>,
}

impl Placements {
    /// Places `shapes` (trips of the season relaxation) and gives, per trip, its placements: those
    /// on its own day and team first, then the nearest days.
    fn add(&mut self, timed: &Campaign, shapes: &[Column]) -> Vec<Vec<usize>> {
        let days = timed.s.horizon.days;
        let mut groups = Vec::new();
        for col in shapes {
            let mut group = Vec::new();
            for team in 0..timed.teams.len() {
                for start in 0..days {
                    let Some(p) = timed.place(col, team, start) else {
                        continue;
                    };
                    let key = (
                        team,
                        start,
                        p.days
                            .iter()
                            .map(|l| (l.from, l.to, l.stops.clone()))
                            .collect::<Vec<_>>(),
                    );
                    let next = self.placed.len();
                    let i = *self.seen.entry(key).or_insert(next);
                    if i == next {
                        self.placed.push(p);
                    }
                    group.push(i);
                }
            }
            group.sort_by_key(|&i| {
                (
                    self.placed[i].start.abs_diff(col.start),
                    self.placed[i].team != col.team,
                    i,
                )
            });
            groups.push(group);
        }
        groups
    }
}

/// A first placement of trips: the most constrained (fewest placements) first.
fn place_first(timed: &Campaign, placed: &[Column], mut groups: Vec<Vec<usize>>) -> Vec<usize> {
    groups.sort_by_key(|g| g.len());
    place_all(timed, placed, &groups)
}

/// Visits still owed beside the rows in use `used`.
fn cover_missing(cp: &Campaign, used: &[f64]) -> f64 {
    cp.rows
        .iter()
        .zip(used)
        .filter(|(row, _)| matches!(row.kind, RowKind::Cover))
        .map(|(row, &u)| (row.rhs - u).max(0.0))
        .sum()
}

/// A placement of trips being made: each group's placement and the rows they use.
struct Mending<'c, 'a, 'g> {
    cp: &'c Campaign<'a>,
    entries: HashMap<usize, Vec<(usize, f64)>>,
    groups: &'g [&'g Vec<usize>],
    used: Vec<f64>,
    taken: Vec<Option<usize>>,
}

impl<'c, 'a, 'g> Mending<'c, 'a, 'g> {
    fn new(
        cp: &'c Campaign<'a>,
        columns: &[Column],
        groups: &'g [&'g Vec<usize>],
        taken: Vec<Option<usize>>,
    ) -> Self {
        // Each placement's rows, once: the moves read them many times.
        let mut entries: HashMap<usize, Vec<(usize, f64)>> = HashMap::default();
        for &i in groups.iter().flat_map(|g| g.iter()) {
            entries.entry(i).or_insert_with(|| cp.entries(&columns[i]));
        }
        let mut m = Mending {
            cp,
            entries,
            groups,
            used: vec![0.0; cp.rows.len()],
            taken,
        };
        for i in m.taken.clone() {
            m.shift(i, 1.0);
        }
        m
    }

    /// Places each group without a placement, in order, on its placement that fits the limit rows
    /// beside those taken before and meets most visits still owed (a trip moved to other days may
    /// meet another month's visits, or none); among equals, the first in the group's order.
    fn place_in_order(&mut self) {
        for g in 0..self.groups.len() {
            if self.taken[g].is_some() {
                continue;
            }
            if let Some((_, p)) = self.best_in(g) {
                self.shift(Some(p), 1.0);
                self.taken[g] = Some(p);
            }
        }
    }

    /// Moves one trip at a time to another of its placements (or places a trip that had none) while
    /// that meets more visits and fits the limit rows; when no such move is left, moves a trip onto
    /// days that one other trip holds and that other trip to its best days left (or none). The greedy
    /// order often leaves a month's or a spaced visit unmet, or a trip without days, that this mends.
    fn improve(&mut self) {
        // Each move meets one visit more at least, so moves are few; the cap keeps the worst case
        // cheap.
        for _ in 0..self.groups.len() * 4 {
            let missing = cover_missing(self.cp, &self.used);
            if missing < 0.5 || !(self.move_one(missing) || self.eject_one(missing)) {
                break;
            }
        }
    }

    /// Adds (`sign` 1) or removes (−1) placement `i`'s use of the rows.
    fn shift(&mut self, i: Option<usize>, sign: f64) {
        if let Some(i) = i {
            for &(r, a) in &self.entries[&i] {
                self.used[r] += sign * a;
            }
        }
    }

    /// The placement of group `g` that fits beside the rows in use and leaves fewest visits missed.
    fn best_in(&mut self, g: usize) -> Option<(f64, usize)> {
        let mut best: Option<(f64, usize)> = None;
        for &p in self.groups[g].iter() {
            if !self.cp.fits(&self.used, &self.entries[&p]) {
                continue;
            }
            self.shift(Some(p), 1.0);
            let m = cover_missing(self.cp, &self.used);
            self.shift(Some(p), -1.0);
            if best.is_none_or(|(b, _)| m < b - 1e-9) {
                best = Some((m, p));
            }
        }
        best
    }

    /// One trip to other days (or days for a trip without), if that leaves fewer visits missed
    /// than `missing`.
    fn move_one(&mut self, missing: f64) -> bool {
        for g in 0..self.groups.len() {
            let current = self.taken[g];
            self.shift(current, -1.0);
            match self.best_in(g).filter(|&(m, _)| m < missing - 0.5) {
                Some((_, p)) => {
                    self.shift(Some(p), 1.0);
                    self.taken[g] = Some(p);
                    return true;
                }
                None => self.shift(current, 1.0),
            }
        }
        false
    }

    /// Trip g onto days that only trip h blocks, h to its best placement left (or none), if that
    /// leaves fewer visits missed than `missing`.
    fn eject_one(&mut self, missing: f64) -> bool {
        let rows_of: Vec<Vec<usize>> = self
            .taken
            .iter()
            .map(|t| {
                t.map_or(Vec::new(), |i| {
                    self.entries[&i].iter().map(|&(r, _)| r).collect()
                })
            })
            .collect();
        for g in 0..self.groups.len() {
            for &p in self.groups[g].iter() {
                let current = self.taken[g];
                if Some(p) == current {
                    continue;
                }
                self.shift(current, -1.0);
                let over: Vec<usize> = self.entries[&p]
                    .iter()
                    .filter(|&&(r, a)| {
                        let row = &self.cp.rows[r];
                        row.sense == Sense::Le && self.used[r] + a > row.rhs + 1e-9
                    })
                    .map(|&(r, _)| r)
                    .collect();
                let blockers: Vec<usize> = (0..self.groups.len())
                    .filter(|&h| h != g && over.iter().any(|r| rows_of[h].contains(r)))
                    .collect();
                if let [h] = blockers[..] {
                    let was = self.taken[h];
                    self.shift(was, -1.0);
                    if self.cp.fits(&self.used, &self.entries[&p]) {
                        self.shift(Some(p), 1.0);
                        let to = self.best_in(h).map(|(_, q)| q);
                        self.shift(to, 1.0);
                        if cover_missing(self.cp, &self.used) < missing - 0.5 {
                            self.taken[g] = Some(p);
                            self.taken[h] = to;
                            return true;
                        }
                        self.shift(to, -1.0);
                        self.shift(Some(p), -1.0);
                    }
                    self.shift(was, 1.0);
                }
                self.shift(current, 1.0);
            }
        }
        false
    }
}

/// A placement that meets as many visits as it can, then places as many trips: each pass places
/// the groups in order and mends the result (see [`Mending`]); while visits are missed and some
/// trip found no days, again with the trips that failed moved to the front (a failed trip is
/// usually one whose days the others took). Deterministic, and cheap beside the MIP that follows.
fn place_all(cp: &Campaign, columns: &[Column], groups: &[Vec<usize>]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..groups.len()).collect();
    let mut best: Vec<usize> = Vec::new();
    let mut best_missing = (usize::MAX, usize::MAX);
    for _ in 0..12 {
        let ordered: Vec<&Vec<usize>> = order.iter().map(|&g| &groups[g]).collect();
        let mut m = Mending::new(cp, columns, &ordered, vec![None; groups.len()]);
        m.place_in_order();
        m.improve();
        let missed = cover_missing(cp, &m.used).round() as usize;
        let taken = m.taken;
        let failed: Vec<usize> = order
            .iter()
            .zip(&taken)
            .filter(|(_, t)| t.is_none())
            .map(|(&g, _)| g)
            .collect();
        // Visits met first; then trips placed.
        if (missed, failed.len()) < best_missing {
            best_missing = (missed, failed.len());
            best = taken.into_iter().flatten().collect();
        }
        if failed.is_empty() || missed == 0 {
            break;
        }
        let rest: Vec<usize> = order
            .iter()
            .copied()
            .filter(|g| !failed.contains(g))
            .collect();
        order = failed.into_iter().chain(rest).collect();
    }
    best
}

/// The season MIP's columns and start: the pool's trips the root LP uses, then by reduced cost at
/// its duals, 3,000 in all, with the start, which is the greedy plan in that order or the dive's
/// `dived`, whichever costs less (as indices into the columns returned).
fn season_choice(
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
    subset.sort_unstable();
    subset.dedup();
    let sub: Vec<Column> = subset.iter().map(|&i| columns[i].clone()).collect();
    let start_in_sub: Vec<usize> = start_plan
        .iter()
        .map(|i| subset.binary_search(i).expect("the start is in the subset"))
        .collect();
    (sub, start_in_sub)
}

/// The large-neighbourhood search around the first dive's plan `first_dive`: the best plan found.
#[allow(clippy::too_many_arguments)]
fn search(
    cp: &Campaign,
    travel: &crate::travel::Travel,
    generation: &mut Generation,
    first_dive: &Option<Vec<usize>>,
    work: &Work,
    cap: &Cap,
    started: std::time::Instant,
) -> Result<Option<Vec<usize>>, String> {
    let base_id = generation.base_id().to_string();
    let debug = generation.debug;
    // Large-neighbourhood search: free a few trips of the best plan that lie near each other,
    // and dive again around the rest; the trips priced on the way also stay in the pool. Plans
    // are compared in the season relaxation, where some may not fit on days (spacing, team-days):
    // the timed MIP also gets the first dive's plan.
    let mut dived = first_dive.clone();
    if let Some(best) = &mut dived {
        let mut best_cost = plan_cost(cp, &generation.columns, best);
        let lns_until = cap.until(budget::DIVE);
        for step in 0..work.lns_steps {
            if best.is_empty() {
                break;
            }
            if lns_until.passed() {
                cap.cut(format!("{base_id}: search"));
                break;
            }
            let mut order = best.clone();
            order.sort_by_key(|&j| (generation.columns[j].start, generation.columns[j].team, j));
            let seed = order[step % order.len()];
            let free = neighbourhood(
                cp,
                travel,
                &generation.columns,
                best,
                seed,
                work.lns_free + step / order.len(),
            );
            let keep: Vec<usize> = best.iter().copied().filter(|j| !free.contains(j)).collect();
            let found = generation.dive_around(&keep, work, lns_until)?;
            if let Some(plan) = found {
                let cost = plan_cost(cp, &generation.columns, &plan);
                if debug {
                    eprintln!(
                        "  lns {step}: {} trips, cost {cost:.1} (best {best_cost:.1}) {:.2}s",
                        plan.len(),
                        started.elapsed().as_secs_f64()
                    );
                }
                if cost < best_cost - 1e-6 {
                    *best = plan;
                    best_cost = cost;
                }
            }
        }
    }
    Ok(dived)
}

pub(super) fn solve(
    model: &Model,
    ci: usize,
    o: &Options,
    cap: &Cap,
    progress: &dyn super::Progress,
) -> Result<ComponentResult, String> {
    let started = std::time::Instant::now();
    let s = model.scenario;
    let c = &model.components[ci];
    let base_name = &s.bases[c.base].name;
    let base_id = &s.bases[c.base].id;
    let work = Work::of(o.effort);
    // Column generation runs on the season-level relaxation (see `Campaign::new`): its LP bound is a
    // bound on every plan, and its trips are then placed on days by the timed master.
    let cp = Campaign::new(model, ci, false);
    let masks = trips::leg_masks(&cp.legs);
    let service_locations: Vec<usize> = c.services.iter().map(|x| x.location).collect();
    let ng = trips::ng_sets(&cp.ends, &service_locations, &model.travel, NG_SIZE);
    let relaxed_ng = trips::ng_sets(&cp.ends, &service_locations, &model.travel, RELAXED_NG_SIZE);
    let debug = std::env::var_os("OUTREACH_DEBUG").is_some();
    if debug {
        eprintln!(
            "campaign base {}: {} services, {} legs, {} teams, {} rows, {:.2}s",
            s.bases[c.base].id,
            c.services.len(),
            cp.legs.len(),
            cp.teams.len(),
            cp.rows.len(),
            started.elapsed().as_secs_f64()
        );
    }
    // The leg-flow bound first: it holds whatever column generation reaches in its time.
    progress.phase(base_name, "bounding (leg-flow LP)");
    let flow_bound = match flow::flow_bound(&cp, &model.travel, cap.left(FLOW)) {
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
    };
    let mut generation = Generation::new(
        &cp,
        &model.travel,
        &masks,
        &ng,
        &relaxed_ng,
        Vec::new(),
        debug,
    );
    // A fixed number of rounds, not the clock, ends column generation (same scenario, same plan);
    // the clock only stops it on a machine much slower than ours.
    let root = generation.run(
        Stage::Thin,
        Stage::Exact,
        work.rounds,
        cap.until(budget::GENERATION),
        &|round| {
            progress.phase(
                base_name,
                &format!("trips, round {} of {}", round, work.rounds),
            )
        },
    )?;
    let rounds = generation.rounds;
    // Farley's bound from column generation.
    let bound = root.bound;
    let (lp_value, lp_x, last_duals) = match root.lp {
        Some(lp) => (lp.objective, lp.x, lp.duals),
        None => (f64::INFINITY, Vec::new(), Vec::new()),
    };
    // The bounding LP over relaxed trips runs on a thread of its own from the root's pool, beside
    // the dives, the search and the MIPs; its rounds, not the clock, end it (the clock is a safety
    // net), so the bound does not depend on the machine's load either.
    let bound_pool = generation.columns.clone();
    let timed = Campaign::new(model, ci, true);
    let bound_until = cap.until(budget::MIP);
    let (primal, relaxed_bound) = std::thread::scope(|scope| {
        let bounding = scope.spawn(|| {
            // One thread of its own, so that the others keep theirs.
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .build()
                .ok()?;
            pool.install(|| {
                relaxed_bound(
                    &cp,
                    &model.travel,
                    &masks,
                    &relaxed_ng,
                    bound_pool,
                    bound_until,
                    debug,
                    started,
                )
            })
        });
        let primal = (|| -> Result<_, String> {
            // A dive from the LP: each step makes its largest fractional trip a must and prices
            // again, so that the trips around it fit what is left. It ends in a whole plan or
            // gives none.
            progress.phase(base_name, "diving for a plan");
            let first_dive = if lp_x.is_empty() {
                None
            } else {
                generation.dive(&lp_x, &work, cap.until(budget::DIVE))?
            };
            // The relaxation's MIP picks trips from the pool as the dive left it, on a thread of
            // its own beside the search; the timed master then gives them days.
            let (sub, start_in_sub) =
                season_choice(&cp, &generation.columns, &lp_x, &last_duals, &first_dive);
            let cp_ref = &cp;
            let season = scope.spawn(move || {
                let chosen = mip(
                    cp_ref,
                    &sub,
                    &start_in_sub,
                    cap.left(SEASON_MIP),
                    o.mip_gap,
                    work.nodes / 5,
                    cap.stop(),
                );
                if debug {
                    if let Ok((picked, _, objective, bound, _, _)) = &chosen {
                        eprintln!(
                            "  season mip {objective:.1} (its bound {bound:.1}) trips {} {:.2}s",
                            picked.len(),
                            started.elapsed().as_secs_f64()
                        );
                    }
                }
                (chosen, sub)
            });
            progress.phase(base_name, "improving the plan");
            let dived = search(
                &cp,
                &model.travel,
                &mut generation,
                &first_dive,
                &work,
                cap,
                started,
            )?;
            let columns = generation.columns;
            if debug {
                eprintln!(
                    "  dive: {} {:.2}s",
                    dived.as_ref().map_or("no plan".to_string(), |d| format!(
                        "{} trips, cost {:.1}",
                        d.len(),
                        plan_cost(&cp, &columns, d)
                    )),
                    started.elapsed().as_secs_f64()
                );
            }
            progress.phase(base_name, "choosing trips (season MIP)");
            let (chosen, sub) = season
                .join()
                .map_err(|_| "the season MIP's thread panicked".to_string())?;
            let (picked_shapes, _, _, season_bound, _, out_of_time) = chosen?;
            if out_of_time {
                cap.cut(format!("{base_id}: season MIP"));
            }
            // The season MIP's trips, the search's and the first dive's, each placed on days; the
            // timed MIP starts from the cheapest placement and may mix them.
            progress.phase(base_name, "placing trips on days");
            let mut placements = Placements::default();
            let mut starts: Vec<Vec<usize>> = Vec::new();
            for plan in [picked_shapes
                .iter()
                .map(|&i| sub[i].clone())
                .collect::<Vec<_>>()]
            .into_iter()
            .chain(
                [&dived, &first_dive]
                    .into_iter()
                    .flatten()
                    .map(|d| d.iter().map(|&j| columns[j].clone()).collect()),
            ) {
                let groups = placements.add(&timed, &trim_surplus(&cp, plan, &model.travel));
                starts.push(place_first(&timed, &placements.placed, groups));
            }
            let start_plan = starts
                .into_iter()
                .min_by(|a, b| {
                    plan_cost(&timed, &placements.placed, a).total_cmp(&plan_cost(
                        &timed,
                        &placements.placed,
                        b,
                    ))
                })
                .expect("the season MIP gives a plan");
            let mut placed = placements.placed;
            if debug {
                eprintln!(
                    "  timed: {} placements, start {} trips, cost {:.1} {:.2}s",
                    placed.len(),
                    start_plan.len(),
                    plan_cost(&timed, &placed, &start_plan),
                    started.elapsed().as_secs_f64()
                );
            }
            let (mut chosen, _, _, mip_bound, optimal, out_of_time) = mip(
                &timed,
                &placed,
                &start_plan,
                cap.left(budget::MIP),
                o.mip_gap,
                work.nodes,
                cap.stop(),
            )?;
            if out_of_time {
                cap.cut(format!("{base_id}: timed MIP"));
            }
            if debug {
                eprintln!(
                    "  timed mip {:.1} {:.2}s",
                    plan_cost(&timed, &placed, &chosen),
                    started.elapsed().as_secs_f64()
                );
            }
            fill_missed(&timed, &columns, &mut placed, &mut chosen);
            let u = shortfall(&timed, &placed, &chosen);
            let objective = plan_cost(&timed, &placed, &chosen);
            Ok((
                placed,
                chosen,
                u,
                objective,
                mip_bound,
                optimal,
                season_bound,
            ))
        })();
        // A failure there costs the bound, not the plan.
        (primal, bounding.join().ok().flatten())
    });
    let (placed, chosen, u, objective, mip_bound, optimal, season_bound) = primal?;
    // Farley's bound: from the rounds on real trips or those on relaxed ones.
    let bound = match (bound, relaxed_bound) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    };
    let columns = placed;
    let cp = timed;
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
            reason: reason(&cp, &columns, &chosen, q),
        })
        .collect();
    if debug {
        eprintln!(
            "  mip {objective:.1} pool bound {mip_bound:.1} bound {:.1} optimal {optimal} trips {} {:.2}s",
            bound.unwrap_or(f64::NAN),
            picked.len(),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(ComponentResult {
        runs,
        shortfalls,
        seeds: vec![],
        previous: Default::default(),
        stats: ComponentStats {
            objective,
            // The season MIP's bound holds for every timed plan made of generated trips (the
            // season rows are a relaxation of the timed ones); the timed MIP's own bound only for
            // the chosen trips.
            pool_bound: season_bound.min(mip_bound).min(objective),
            bound: match (bound, flow_bound) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            }
            .map(|b| b.min(objective)),
            lp_value,
            pool_tours: columns.len(),
            columns: columns.len(),
            rounds,
            enumerated: false,
            mip_optimal: optimal,
        },
    })
}

/// Farley's bound of the LP over relaxed trips (`trips::relaxed_trips`), from the pool `pool`:
/// the best its rounds prove, `None` if none proves one by `until` or HiGHS fails.
#[allow(clippy::too_many_arguments)]
fn relaxed_bound(
    cp: &Campaign,
    travel: &crate::travel::Travel,
    masks: &[u128],
    relaxed_ng: &[u128],
    pool: Vec<Column>,
    until: Until,
    debug: bool,
    started: std::time::Instant,
) -> Option<f64> {
    let mut bounding = Generation::new(cp, travel, masks, &[], relaxed_ng, pool, debug);
    if debug {
        // The LP over the pool's real trips is at least the LP over all trips, so no bound from
        // this LP, however strong its pricing, can exceed it: the gap above it is the MIP's.
        if let Ok((objective, _, _)) = bounding.lp.solve(until.left()) {
            eprintln!("  pool LP {objective:.1} (no LP bound exceeds it)");
        }
    }
    let relaxed = bounding
        .run(Stage::RelaxedThin, Stage::Relaxed, 200, until, &|_| {})
        .unwrap_or_else(|e| {
            if debug {
                eprintln!("  no relaxed bound: {e}");
            }
            Generated {
                lp: None,
                bound: None,
            }
        });
    if debug {
        eprintln!(
            "  relaxed LP {:.1} bound {:.1} in {} rounds {:.2}s",
            relaxed.lp.as_ref().map_or(f64::NAN, |l| l.objective),
            relaxed.bound.unwrap_or(f64::NAN),
            bounding.rounds,
            started.elapsed().as_secs_f64()
        );
    }
    relaxed.bound
}

/// The team's members with the slot each fills (roles in crew order; others by their role).
fn crew_of(s: &Scenario, team: usize) -> Vec<(usize, SlotKind)> {
    let mut left: Vec<(String, u32)> = s.crew.clone();
    let mut out = Vec::new();
    for &m in &s.teams[team].members {
        let role = &s.clinicians[m].role;
        let slot = left
            .iter_mut()
            .find(|(r, n)| *n > 0 && fills_role(r, role))
            .map(|(r, n)| {
                *n -= 1;
                r.clone()
            })
            .unwrap_or_else(|| role.clone());
        out.push((m, SlotKind::Role(slot)));
    }
    out
}

/// Shares of the cap at which the leg-flow bound and the season MIP end at the latest.
const FLOW: f64 = 0.2;
const SEASON_MIP: f64 = 0.78;

/// Work limits of a campaign, so that the plan does not depend on the clock: rounds of column
/// generation, dive rounds, search steps and branch-and-bound nodes per MIP, by effort. At
/// `normal`, on the bundled Ngamring campaign, column generation runs out of trips after 96 of
/// its 100 rounds (83 thin ones, 12 quick ones, one exact one that gives up), and the season
/// MIP's 100 nodes found nothing better than the search's plan with 500.
#[derive(Clone, Copy)]
struct Work {
    rounds: usize,
    nodes: i32,
    dive_steps: usize,
    dive_rounds: usize,
    /// Pricing rounds a dive may take before its steps fix several trips at once.
    dive_budget: usize,
    lns_steps: usize,
    lns_free: usize,
}

impl Work {
    fn of(effort: Effort) -> Work {
        let normal = Work {
            rounds: 100,
            nodes: 500,
            dive_steps: 60,
            dive_rounds: 20,
            dive_budget: 600,
            lns_steps: 8,
            lns_free: 3,
        };
        match effort {
            Effort::Quick => Work {
                rounds: 40,
                nodes: 100,
                dive_budget: 200,
                lns_steps: 0,
                ..normal
            },
            Effort::Normal => normal,
            Effort::Thorough => Work {
                rounds: 300,
                nodes: 5_000,
                dive_budget: 1_500,
                lns_steps: 30,
                ..normal
            },
        }
    }
}

type MipResult = (Vec<usize>, Vec<f64>, f64, f64, bool, bool);

fn mip(
    cp: &Campaign,
    columns: &[Column],
    start_plan: &[usize],
    time_limit: f64,
    gap: f64,
    nodes: i32,
    stop: &super::budget::Stop,
) -> Result<MipResult, String> {
    if let Some(proved) = start_proved(cp, columns, start_plan, time_limit) {
        return Ok(proved);
    }
    let mut vars = ProblemVariables::new();
    let x: Vec<Variable> = columns
        .iter()
        .map(|_| vars.add(variable().binary()))
        .collect();
    let u: Vec<Variable> =
        cp.c.demands
            .iter()
            .map(|d| vars.add(variable().min(0.0).max(d.required as f64)))
            .collect();
    let mut objective = Expression::with_capacity(x.len() + u.len());
    let mut lhs: Vec<Expression> = (0..cp.rows.len())
        .map(|_| Expression::with_capacity(8))
        .collect();
    for (i, col) in columns.iter().enumerate() {
        objective.add_mul(col.cost, x[i]);
        for (r, a) in cp.entries(col) {
            lhs[r].add_mul(a, x[i]);
        }
    }
    for (q, d) in cp.c.demands.iter().enumerate() {
        objective.add_mul(d.penalty, u[q]);
        lhs[q].add_mul(1.0, u[q]);
    }
    let mut problem = vars.minimise(objective).using(good_lp::highs);
    for (r, e) in lhs.into_iter().enumerate() {
        let row = &cp.rows[r];
        problem.add_constraint(match row.sense {
            Sense::Le => constraint::leq(e, row.rhs),
            Sense::Ge => constraint::geq(e, row.rhs),
        });
    }
    // The greedy plan, its misses as slack: a time limit never ends without a plan.
    let mut start = vec![0.0; x.len()];
    let mut covered = vec![0.0; cp.rows.len()];
    for &i in start_plan {
        start[i] = 1.0;
        for (r, a) in cp.entries(&columns[i]) {
            covered[r] += a;
        }
    }
    start.extend(
        cp.c.demands
            .iter()
            .enumerate()
            .map(|(q, d)| (d.required as f64 - covered[q]).max(0.0)),
    );
    let run = super::master::run_mip(
        problem.into_inner(),
        time_limit,
        gap,
        Some(nodes),
        &start,
        stop,
    );
    // Without a solution in time (the cap or Ctrl-C stopped HiGHS before it took the start in),
    // the start is the plan: it is whole, and keeps every row.
    let (chosen, mip_bound, optimal, out_of_time) = match run {
        Ok((solved, optimal, out_of_time)) => {
            let sol = solved.get_solution();
            let cols = sol.columns();
            if cols.len() < x.len() + u.len() {
                return Err("HiGHS returned no solution".into());
            }
            let chosen: Vec<usize> = (0..x.len()).filter(|&i| cols[i] > 0.5).collect();
            (chosen, Some((solved, optimal)), optimal, out_of_time)
        }
        // As the day planner does, a MIP that fails keeps the start; only the clock's cut is one.
        Err(e) => (
            start_plan.to_vec(),
            None,
            false,
            matches!(e, super::master::MipError::OutOfTime),
        ),
    };
    // Shortfalls from what the chosen trips cover: a solution cut short by the time limit may
    // leave a shortfall above what its trips miss (it is still feasible), which would report
    // visits as missed that the plan makes.
    let uv = shortfall(cp, columns, &chosen);
    // The objective from the solution itself (see `master::dual_bound`).
    let objective: f64 = chosen.iter().map(|&i| columns[i].cost).sum::<f64>()
        + cp.c
            .demands
            .iter()
            .zip(&uv)
            .map(|(d, &v)| d.penalty * v)
            .sum::<f64>();
    let mip_bound = mip_bound
        .and_then(|(solved, optimal)| super::master::dual_bound(&solved, optimal, objective, gap))
        .unwrap_or(0.0)
        .clamp(0.0, objective);
    Ok((chosen, uv, objective, mip_bound, optimal, out_of_time))
}

/// The start plan as the MIP's answer when the LP over `columns` already proves it optimal: no
/// branching could find better, and HiGHS's presolve of a timed master (thousands of placements,
/// a quarter of a million non-zeros) costs more than the rest of the MIP. On the bundled campaign
/// it took 7.3 s of the timed MIP's 7.6 s to find the start optimal at the root. `None` when the
/// start breaks a limit row, or the LP leaves room below it.
fn start_proved(
    cp: &Campaign,
    columns: &[Column],
    start_plan: &[usize],
    time_limit: f64,
) -> Option<MipResult> {
    if start_plan.is_empty() {
        return None;
    }
    let mut used = vec![0.0; cp.rows.len()];
    for &i in start_plan {
        let entries = cp.entries(&columns[i]);
        if !cp.fits(&used, &entries) {
            return None;
        }
        for (r, a) in entries {
            used[r] += a;
        }
    }
    let objective = plan_cost(cp, columns, start_plan);
    let mut lp = Lp::new(cp);
    for col in columns {
        lp.add(col.cost, &cp.entries(col));
    }
    let (value, _, _) = lp.solve(time_limit).ok()?;
    if value < objective - 1e-9 * objective.abs().max(1.0) {
        return None;
    }
    let mut chosen = start_plan.to_vec();
    chosen.sort_unstable();
    let uv = shortfall(cp, columns, &chosen);
    Some((chosen, uv, objective, value.min(objective), true, false))
}

/// Why a visit of a campaign is missed: the first reason that applies.
fn reason(cp: &Campaign, columns: &[Column], chosen: &[usize], q: usize) -> Reason {
    let (s, c) = (cp.s, cp.c);
    let dem = &c.demands[q];
    let x = dem.service;
    let site = &s.sites[c.services[x].site];
    if cp.teams.is_empty() {
        return Reason::new(
            Code::NoVehicle,
            text!("reason-campaign-no-team", base = &s.bases[c.base].id),
        );
    }
    if !cp.legs.iter().any(|l| l.stops.contains(&x)) {
        return Reason::new(
            Code::OutOfReach,
            text!(
                "reason-campaign-no-leg",
                site = &site.id,
                limit = format!("{:.0}", s.working_minutes)
            ),
        );
    }
    let open = (dem.period.first_day..=dem.period.last_day).any(|d| c.services[x].open[d]);
    if !open {
        let closed = (dem.period.first_day..=dem.period.last_day).any(|d| {
            s.closure_on(c.services[x].site, s.horizon.date(d))
                .is_some()
        });
        let code = if closed {
            Code::Closed
        } else {
            Code::OutOfSeason
        };
        return Reason::new(
            code,
            text!("reason-campaign-closed", period = &dem.period.label),
        );
    }
    let able: Vec<&TeamInfo> = cp
        .teams
        .iter()
        .filter(|t| t.legs.iter().any(|&i| cp.legs[i].stops.contains(&x)))
        .collect();
    if able.is_empty() {
        if let Some(limit) = s.clearance_above_m.filter(|&l| site.altitude_m > l) {
            return Reason::new(
                Code::AltitudeClearance,
                text!(
                    "reason-campaign-altitude",
                    altitude = format!("{:.0}", site.altitude_m),
                    limit = format!("{limit:.0}")
                ),
            );
        }
        return Reason::new(
            Code::NoQualifiedClinician,
            text!("reason-campaign-no-team-able"),
        );
    }
    let names: Vec<&str> = able.iter().map(|t| s.teams[t.team].id.as_str()).collect();
    if s.clearance_above_m.is_some_and(|l| site.altitude_m > l) {
        let cap = able
            .iter()
            .map(|t| {
                s.teams[t.team]
                    .members
                    .iter()
                    .map(|&m| s.clinicians[m].max_high_nights_per_month)
                    .min()
                    .unwrap_or(0)
            })
            .max()
            .unwrap_or(0);
        let used: usize = chosen
            .iter()
            .map(|&i| &columns[i])
            .filter(|col| able.iter().any(|t| t.team == cp.teams[col.team].team))
            .map(|col| {
                col.days
                    .iter()
                    .take(col.days.len() - 1)
                    .filter(|l| cp.high(l.to))
                    .count()
            })
            .sum();
        return Reason::new(
            Code::Capacity,
            text!(
                "reason-campaign-high-nights",
                altitude = format!("{:.0}", site.altitude_m),
                count = names.len(),
                teams = names.join(", "),
                high = format!("{:.0}", s.altitude.high_night_above_m),
                cap = cap,
                used = used
            ),
        );
    }
    if !columns
        .iter()
        .any(|col| col.days.iter().any(|l| l.stops.contains(&x)))
    {
        return Reason::new(
            Code::OutOfReach,
            text!("reason-campaign-no-trip", days = cp.max_days),
        );
    }
    Reason::new(
        Code::Capacity,
        text!(
            "reason-campaign-capacity",
            teams = names.join(", "),
            period = &dem.period.label
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// The 8-village altitude fixture.
    fn fixture() -> Scenario {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/altitude-mini");
        crate::load_dir(&dir).expect("the fixture loads")
    }

    /// Each group on its best placement, in order (the greedy start of the timed master).
    fn place_each(cp: &Campaign, columns: &[Column], groups: &[&Vec<usize>]) -> Vec<Option<usize>> {
        let mut m = Mending::new(cp, columns, groups, vec![None; groups.len()]);
        m.place_in_order();
        m.taken
    }

    /// Visits still owed once the placements `taken` are made.
    fn visits_missed(cp: &Campaign, columns: &[Column], taken: &[Option<usize>]) -> usize {
        let groups: Vec<Vec<usize>> = taken.iter().map(|t| t.iter().copied().collect()).collect();
        let refs: Vec<&Vec<usize>> = groups.iter().collect();
        let m = Mending::new(cp, columns, &refs, taken.to_vec());
        cover_missing(cp, &m.used).round() as usize
    }

    /// The placement `taken` after the moves that mend it.
    fn improve_placement(
        cp: &Campaign,
        columns: &[Column],
        groups: &[&Vec<usize>],
        taken: Vec<Option<usize>>,
    ) -> Vec<Option<usize>> {
        let mut m = Mending::new(cp, columns, groups, taken);
        m.improve();
        m.taken
    }

    /// Team 0's one-day trips from the base to one village, as unplaced columns.
    fn one_village_day_trips<'a>(cp: &'a Campaign) -> impl Iterator<Item = Column> + 'a {
        cp.legs
            .iter()
            .filter(|l| l.from == 0 && l.to == 0 && l.stops.len() == 1)
            .map(|l| Column {
                team: 0,
                start: 0,
                days: vec![l.clone()],
                cost: cp.cost(0, std::slice::from_ref(l)),
            })
    }

    /// `n` one-day trips to one village each that every (team, day) of `slots` can run.
    fn day_trips_on(cp: &Campaign, n: usize, slots: &[(usize, usize)]) -> Vec<Column> {
        let trips: Vec<Column> = one_village_day_trips(cp)
            .filter(|c| slots.iter().all(|&(t, d)| cp.place(c, t, d).is_some()))
            .take(n)
            .collect();
        assert_eq!(trips.len(), n, "the fixture has {n} such one-day trips");
        trips
    }

    /// Trip B can run on day 0 or 1, trip A only on day 0, and one team runs them: taken in the
    /// order B, A, first-fit leaves A out; moving B to day 1 makes room for A.
    #[test]
    fn a_trip_left_without_days_goes_first_on_the_next_pass() {
        let s = fixture();
        let model = Model::build(&s);
        let cp = Campaign::new(&model, 0, true);
        let day_trips = day_trips_on(&cp, 2, &[(0, 0), (0, 1)]);
        let columns: Vec<Column> = vec![
            cp.place(&day_trips[0], 0, 0).unwrap(),
            cp.place(&day_trips[1], 0, 0).unwrap(),
            cp.place(&day_trips[1], 0, 1).unwrap(),
        ];
        let groups = vec![vec![1, 2], vec![0]];
        let first_fit = place_each(&cp, &columns, &groups.iter().collect::<Vec<_>>());
        assert_eq!(first_fit, vec![Some(1), None], "one team, one trip a day");
        // Moving B alone meets nothing more; moving it to make room for A meets A's visit.
        let refs: Vec<&Vec<usize>> = groups.iter().collect();
        let owed = visits_missed(&cp, &columns, &first_fit);
        let mended = improve_placement(&cp, &columns, &refs, first_fit);
        assert_eq!(mended, vec![Some(2), Some(0)]);
        assert_eq!(visits_missed(&cp, &columns, &mended), owed - 1);
        let mut placed = place_all(&cp, &columns, &groups);
        placed.sort_unstable();
        assert_eq!(placed, vec![0, 2]);
    }

    /// A dive that ends within its rounds fixes one trip a step; one that would not, as many as
    /// it takes.
    #[test]
    fn a_dive_keeps_pace_with_its_budget() {
        assert_eq!(dive_step_size(10.0, 1.0, 30.0), 1);
        assert_eq!(dive_step_size(10.0, 1.0, 10.0), 1);
        assert_eq!(dive_step_size(30.0, 1.0, 10.0), 3);
        assert_eq!(dive_step_size(25.0, 2.0, 20.0), 3);
        // With the budget spent: the step fixes every trip the LP holds.
        assert_eq!(dive_step_size(12.0, 2.0, 0.0), 12);
    }

    /// A dive step of several trips takes the largest that fit and meet no demand of another.
    #[test]
    fn a_dive_step_fixes_trips_that_fit_and_meet_different_demands() {
        let s = fixture();
        let model = Model::build(&s);
        let cp = Campaign::new(&model, 0, true);
        let trips = day_trips_on(&cp, 3, &[(0, 0), (0, 5), (1, 0), (1, 5)]);
        let columns: Vec<Column> = vec![
            cp.place(&trips[0], 0, 0).unwrap(),
            // The same village as the first: the same demand.
            cp.place(&trips[0], 1, 5).unwrap(),
            // The first's team and day.
            cp.place(&trips[1], 0, 0).unwrap(),
            cp.place(&trips[2], 1, 0).unwrap(),
        ];
        let x = [0.9, 0.8, 0.7, 0.5];
        let none = HashSet::default();
        let mut used = vec![0.0; cp.rows.len()];
        let batch = dive_batch(&cp, &columns, &x, &none, &mut used, 0, 3);
        assert_eq!(batch, vec![0, 3]);
        let mut used = vec![0.0; cp.rows.len()];
        assert_eq!(
            dive_batch(&cp, &columns, &x, &none, &mut used, 0, 1),
            vec![0]
        );
        // What the step's trips use is counted.
        let mut both = vec![0.0; cp.rows.len()];
        for k in [0, 3] {
            for (r, a) in cp.entries(&columns[k]) {
                both[r] += a;
            }
        }
        let mut used = vec![0.0; cp.rows.len()];
        dive_batch(&cp, &columns, &x, &none, &mut used, 0, 3);
        assert_eq!(used, both);
    }

    /// Every village owed a visit each week: a day trip to one village on day 0, and another that
    /// can run on day 1 (meeting nothing more) or day 8 (meeting the second week's visit).
    #[test]
    fn a_start_the_lp_cannot_beat_is_the_mip_answer_and_one_it_can_is_not() {
        let s = fixture();
        let model = Model::build(&s);
        let cp = Campaign::new(&model, 0, true);
        // One-village day trips, each on a day of its own: a whole plan that keeps every row.
        let singles: Vec<Column> = one_village_day_trips(&cp)
            .enumerate()
            .filter_map(|(k, c)| cp.place(&c, 0, 2 * k))
            .collect();
        assert!(singles.len() >= 2, "the fixture has day trips");
        let all: Vec<usize> = (0..singles.len()).collect();
        let cost = plan_cost(&cp, &singles, &all);
        let lp = {
            let mut lp = Lp::new(&cp);
            for col in &singles {
                lp.add(col.cost, &cp.entries(col));
            }
            lp.solve(60.0).expect("the LP solves").0
        };
        let proved = start_proved(&cp, &singles, &all, 60.0);
        if lp >= cost - 1e-6 {
            let (chosen, _, objective, bound, optimal, _) =
                proved.expect("the LP proves the start");
            assert_eq!(chosen, all);
            assert!((objective - cost).abs() < 1e-6 && bound <= objective + 1e-6 && optimal);
        } else {
            assert!(
                proved.is_none(),
                "the LP found {lp} below the start's {cost}"
            );
        }
        // The same trip twice on one day breaks the team's day row: never a proved plan, however
        // the LP comes out.
        let twice = vec![singles[0].clone(), singles[0].clone()];
        assert!(start_proved(&cp, &twice, &[0, 1], 60.0).is_none());
        // A start of one trip where the pool holds a cheaper one for the same visit: the LP
        // leaves room below it.
        let mut dearer = singles[0].clone();
        dearer.cost += 10_000.0;
        let pool = vec![dearer, singles[0].clone()];
        assert!(start_proved(&cp, &pool, &[0], 60.0).is_none());
        assert!(
            start_proved(&cp, &pool, &[], 60.0).is_none(),
            "no start, nothing to prove"
        );
    }

    #[test]
    fn a_placement_goes_where_it_meets_a_visit_still_owed() {
        let mut s = fixture();
        for r in &mut s.requirements {
            r.period = crate::calendar::PeriodKind::Week;
        }
        let model = Model::build(&s);
        let cp = Campaign::new(&model, 0, true);
        let trip = one_village_day_trips(&cp)
            .find(|c| [0, 1, 8].iter().all(|&d| cp.place(c, 0, d).is_some()))
            .expect("the fixture has a day trip for days 0, 1 and 8");
        let columns: Vec<Column> = [0, 1, 8]
            .iter()
            .map(|&d| cp.place(&trip, 0, d).unwrap())
            .collect();
        let groups = [vec![0], vec![1, 2]];
        let groups: Vec<&Vec<usize>> = groups.iter().collect();
        assert_eq!(
            place_each(&cp, &columns, &groups),
            vec![Some(0), Some(2)],
            "the nearer day meets nothing"
        );
        let first_fit = vec![Some(0), Some(1)];
        let owed = visits_missed(&cp, &columns, &first_fit);
        let improved = improve_placement(&cp, &columns, &groups, first_fit);
        assert_eq!(improved, vec![Some(0), Some(2)]);
        assert_eq!(visits_missed(&cp, &columns, &improved), owed - 1);
    }

    /// Thin rounds leave start days unpriced, so they must not claim a bound; full rounds do.
    #[test]
    fn only_rounds_that_price_every_start_day_give_a_bound() {
        let s = fixture();
        let model = Model::build(&s);
        let cp = Campaign::new(&model, 0, false);
        let masks = trips::leg_masks(&cp.legs);
        let mut pi = vec![0.0; cp.rows.len()];
        for (q, _) in cp.c.demands.iter().enumerate() {
            pi[q] = 2000.0;
        }
        let quick = Pricing::Quick(trips::Effort::ROUND);
        let (thin, found) = price(&cp, &model.travel, &masks, &pi, &pi, quick, true);
        assert_eq!(thin, f64::NEG_INFINITY);
        assert!(!found.is_empty(), "at these prizes some trips pay");
        let (full, _) = price(&cp, &model.travel, &masks, &pi, &pi, quick, false);
        assert!(full.is_finite(), "{full}");
    }

    /// The relaxed pricing's values bound the exact pricing's from below, and the trip it returns
    /// for each length is a real string of legs whose priced cost is that value.
    #[test]
    fn the_relaxed_pricing_bounds_the_exact_one_and_returns_what_it_priced() {
        let s = fixture();
        let model = Model::build(&s);
        let cp = Campaign::new(&model, 0, false);
        let masks = trips::leg_masks(&cp.legs);
        let loads: Vec<f64> = cp.legs.iter().map(|l| l.load_kg).collect();
        let places: Vec<usize> = cp.c.services.iter().map(|x| x.location).collect();
        let few = trips::ng_sets(&cp.ends, &places, &model.travel, RELAXED_NG_SIZE);
        let many = trips::ng_sets(&cp.ends, &places, &model.travel, NG_SIZE);
        let mut pi = vec![0.0; cp.rows.len()];
        for (q, _) in cp.c.demands.iter().enumerate() {
            pi[q] = 2000.0;
        }
        let n = cp.ends.len();
        let mut trips_seen = 0;
        for t in &cp.teams {
            let prices = cp.prices(t, &pi);
            for start in [0, 3, 6] {
                let last = (start + cp.max_days).min(s.horizon.days);
                let tables: Vec<DayTable> = (start..last)
                    .map(|d| {
                        trips::day_table(
                            &cp.legs,
                            &t.legs,
                            n,
                            |x| cp.c.services[x].open[d],
                            |x| cp.prize(&pi, x, d),
                            t.cost_per_km,
                        )
                    })
                    .collect();
                let refs: Vec<&DayTable> = tables.iter().collect();
                let search = trips::TripSearch {
                    rules: &s.altitude,
                    ends: &cp.ends,
                    prices: &prices,
                    tables: &refs,
                    masks: &masks,
                    loads: &loads,
                    start,
                    max_days: cp.max_days,
                };
                let relaxed = trips::relaxed_trips(&search, &few, t.max_load_kg / LOAD_UNITS);
                let exact = trips::exact_trips(&search, &many, 1_000_000, usize::MAX, &|| false);
                for (l, (r, e)) in relaxed.iter().zip(&exact).enumerate() {
                    assert!(
                        e.bound > f64::NEG_INFINITY,
                        "the exact pricing finishes here"
                    );
                    assert!(
                        r.bound <= e.bound + 1e-6,
                        "length {}: {} > {}",
                        l + 1,
                        r.bound,
                        e.bound
                    );
                    let Some((value, legs)) = &r.trip else {
                        continue;
                    };
                    trips_seen += 1;
                    assert_eq!(legs.len(), l + 1);
                    assert_eq!(cp.legs[legs[0]].from, 0, "leaves the base");
                    assert_eq!(cp.legs[legs[l]].to, 0, "comes back");
                    let mut priced = 0.0;
                    for (k, &i) in legs.iter().enumerate() {
                        let (leg, d) = (&cp.legs[i], start + k);
                        if k > 0 {
                            assert_eq!(leg.from, cp.legs[legs[k - 1]].to, "legs join up");
                        }
                        priced += prices.day[d] + leg.km * t.cost_per_km
                            - leg.stops.iter().map(|&x| cp.prize(&pi, x, d)).sum::<f64>();
                        if leg.to != 0 {
                            priced += prices.night[d][leg.to];
                        }
                    }
                    assert!((priced - value).abs() < 1e-6, "{priced} != {value}");
                }
            }
        }
        assert!(
            trips_seen > 0,
            "at these prizes the relaxed pricing finds trips"
        );
    }

    /// Whole trips that keep every limit row of the relaxation and miss no visit of the fixture.
    fn assert_whole_plan(cp: &Campaign, columns: &[Column], plan: &[usize]) {
        assert!(!plan.is_empty());
        let mut used = vec![0.0; cp.rows.len()];
        for &i in plan {
            for (r, a) in cp.entries(&columns[i]) {
                used[r] += a;
            }
        }
        for (r, row) in cp.rows.iter().enumerate() {
            if row.sense == Sense::Le {
                assert!(
                    used[r] <= row.rhs + 1e-9,
                    "row {r}: {} > {}",
                    used[r],
                    row.rhs
                );
            }
        }
        let cost = plan_cost(cp, columns, plan);
        assert!(
            cost < 100_000.0,
            "the fixture's plan misses no visit: {cost}"
        );
    }

    /// Runs `test` on column generation over the fixture's season relaxation, with no trips yet,
    /// the work limits of a normal plan and no time limit.
    fn on_season_generation(test: impl FnOnce(&Model, &Campaign, &mut Generation, Work, Until)) {
        let s = fixture();
        let model = Model::build(&s);
        let cp = Campaign::new(&model, 0, false);
        let masks = trips::leg_masks(&cp.legs);
        let places: Vec<usize> = cp.c.services.iter().map(|x| x.location).collect();
        let ng = trips::ng_sets(&cp.ends, &places, &model.travel, NG_SIZE);
        let cap = Cap::none();
        let mut g = Generation::new(&cp, &model.travel, &masks, &ng, &ng, Vec::new(), false);
        test(
            &model,
            &cp,
            &mut g,
            Work::of(Effort::Normal),
            cap.until(1.0),
        );
    }

    /// A dive ends in whole trips that keep every limit row of the relaxation; so does a dive
    /// around the trips of that plan left when the search frees a seed and its nearest trip, and
    /// the trips kept stay in its plan.
    #[test]
    fn a_dive_and_a_dive_around_kept_trips_end_in_plans_that_keep_the_limit_rows() {
        on_season_generation(|model, cp, g, work, far| {
            let root = g
                .run(Stage::Thin, Stage::Exact, work.rounds, far, &|_| {})
                .expect("the LP solves");
            let first = g
                .dive(&root.lp.expect("an LP").x, &work, far)
                .expect("the LPs solve")
                .expect("a plan");
            assert_whole_plan(cp, &g.columns, &first);

            assert!(first.len() >= 2, "the fixture needs several trips");
            let seed = first[0];
            let free = neighbourhood(cp, &model.travel, &g.columns, &first, seed, 2);
            assert_eq!(free.len(), 2);
            assert_eq!(free[0], seed, "the seed comes first");
            let keep: Vec<usize> = first
                .iter()
                .copied()
                .filter(|j| !free.contains(j))
                .collect();
            let again = g
                .dive_around(&keep, &work, far)
                .expect("the LPs solve")
                .expect("a plan");
            for j in &keep {
                assert!(again.contains(j), "kept trip {j} left the plan");
            }
            assert_whole_plan(cp, &g.columns, &again);
        });
    }

    /// A trip a dive bans leaves the LP (its value is 0, the LP costs no less), and the next dive
    /// around kept trips frees it.
    #[test]
    fn a_banned_trip_leaves_the_lp_until_the_next_dive_frees_it() {
        on_season_generation(|_, cp, g, work, far| {
            g.run(Stage::Thin, Stage::Quick, work.rounds, far, &|_| {})
                .expect("the LP solves");
            let demands = cp.c.demands.len();
            let (before, _, x) = g.lp.solve(60.0).expect("the LP solves");
            let j = (0..g.columns.len())
                .max_by(|&a, &b| x[demands + a].total_cmp(&x[demands + b]))
                .expect("trips");
            assert!(x[demands + j] > 1e-6, "the LP runs some trip");
            g.lp.ban(j);
            g.banned.push(j);
            let (banned, _, x) = g.lp.solve(60.0).expect("the LP solves");
            assert_eq!(x[demands + j], 0.0);
            assert!(banned >= before - 1e-6);
            g.dive_around(&[], &work, far).expect("the LPs solve");
            assert!(g.banned.is_empty(), "the dive around frees what was banned");
            for k in std::mem::take(&mut g.fixed) {
                g.lp.free(k);
            }
            let (after, _, _) = g.lp.solve(60.0).expect("the LP solves");
            assert!(
                after <= before + 1e-6,
                "freed, the LP is back to {before}, not {after}"
            );
        });
    }

    /// A visit no day trip reaches is filled from the pool: with an empty plan and a pool of one
    /// two-day trip through a lodging, the fill places that trip and the visit is met.
    #[test]
    fn missed_visits_only_a_trip_of_the_pool_reaches_are_filled() {
        let s = fixture();
        let model = Model::build(&s);
        let cp = Campaign::new(&model, 0, true);
        let by_day = |x: usize| {
            cp.legs
                .iter()
                .any(|l| l.from == 0 && l.to == 0 && l.stops == [x])
        };
        let far = (0..cp.c.services.len())
            .find(|&x| !by_day(x))
            .expect("the fixture has a village no day trip reaches");
        // Out to a lodging through the village, back empty the next day.
        let trip = cp
            .legs
            .iter()
            .filter(|l| l.from == 0 && l.to != 0 && l.stops == [far])
            .find_map(|out| {
                let back = cp
                    .legs
                    .iter()
                    .find(|l| l.from == out.to && l.to == 0 && l.stops.is_empty())?;
                let days = vec![out.clone(), back.clone()];
                let col = Column {
                    team: 0,
                    start: 0,
                    cost: cp.cost(0, &days),
                    days,
                };
                (0..s.horizon.days).find_map(|d| cp.place(&col, 0, d))
            })
            .expect("a two-day trip reaches it");
        let owed = |columns: &[Column], chosen: &[usize]| -> f64 {
            cp.c.demands
                .iter()
                .zip(shortfall(&cp, columns, chosen))
                .filter(|(d, _)| d.service == far)
                .map(|(_, u)| u)
                .sum()
        };
        let (mut columns, mut chosen) = (Vec::new(), Vec::new());
        assert!(owed(&columns, &chosen) >= 1.0);
        fill_missed(&cp, std::slice::from_ref(&trip), &mut columns, &mut chosen);
        assert_eq!(
            owed(&columns, &chosen),
            0.0,
            "the pool's trip meets the visit"
        );
        assert!(chosen.iter().any(|&i| columns[i].days.len() == 2));
        let mut used = vec![0.0; cp.rows.len()];
        for &i in &chosen {
            for (r, a) in cp.entries(&columns[i]) {
                used[r] += a;
            }
        }
        for (r, row) in cp.rows.iter().enumerate() {
            if row.sense == Sense::Le {
                assert!(used[r] <= row.rhs + 1e-9, "row {r}");
            }
        }
    }

    /// From an empty plan, the fill adds one-day trips that keep every limit row, and the visits
    /// they make are no longer missed.
    #[test]
    fn missed_visits_a_day_trip_can_make_are_filled() {
        let s = fixture();
        let model = Model::build(&s);
        let cp = Campaign::new(&model, 0, true);
        let (mut columns, mut chosen) = (Vec::new(), Vec::new());
        let before: f64 = shortfall(&cp, &columns, &chosen).iter().sum();
        fill_missed(&cp, &[], &mut columns, &mut chosen);
        assert!(
            !chosen.is_empty(),
            "the fixture has villages a day trip reaches"
        );
        let mut used = vec![0.0; cp.rows.len()];
        for &i in &chosen {
            let col = &columns[i];
            assert_eq!(col.days.len(), 1);
            assert_eq!((col.days[0].from, col.days[0].to), (0, 0));
            for (r, a) in cp.entries(col) {
                used[r] += a;
            }
        }
        for (r, row) in cp.rows.iter().enumerate() {
            if row.sense == Sense::Le {
                assert!(used[r] <= row.rhs + 1e-9, "row {r}");
            }
        }
        let after: f64 = shortfall(&cp, &columns, &chosen).iter().sum();
        assert_eq!(
            after,
            before - chosen.len() as f64,
            "each trip makes one owed visit"
        );
    }
}
