//! The campaign master's rows (`Campaign::new`), and what a trip enters in them, costs, is
//! worth at given duals and needs to run on another team or day.

use super::*;

/// The rows of the campaign's master, as they are added: one function per family.
struct Rows(Vec<Row>);

impl Rows {
    fn add(&mut self, sense: Sense, rhs: f64, kind: RowKind) -> usize {
        self.0.push(Row { sense, rhs, kind });
        self.0.len() - 1
    }

    /// cover: Σ visits of demand q in its period + u[q] ≥ required (row q); `visit_rows[x][d]`
    /// collects the rows a visit to service x on day d enters.
    fn cover(&mut self, c: &Component, days: usize, visit_rows: &mut [Vec<Vec<usize>>]) {
        for (q, dem) in c.demands.iter().enumerate() {
            let r = self.add(Sense::Ge, dem.required as f64, RowKind::Cover);
            debug_assert_eq!(r, q);
            let last = dem.period.last_day.min(days - 1);
            for rows_of_day in &mut visit_rows[dem.service][dem.period.first_day..=last] {
                rows_of_day.push(r);
            }
        }
    }

    /// spacing: at most one visit to a service in any window of its spacing that holds two open
    /// days (only where two or more visits are owed).
    fn spacing(&mut self, c: &Component, days: usize, visit_rows: &mut [Vec<Vec<usize>>]) {
        for (x, svc) in c.services.iter().enumerate() {
            let owed: u32 = c
                .demands
                .iter()
                .filter(|d| d.service == x)
                .map(|d| d.required)
                .sum();
            let w = svc.min_spacing_days;
            if owed < 2 || w < 2 {
                continue;
            }
            for d0 in 0..days.saturating_sub(w - 1) {
                let open = (d0..d0 + w).filter(|&d| svc.open[d]).count();
                if open < 2 {
                    continue;
                }
                let r = self.add(Sense::Le, 1.0, RowKind::Spacing);
                for rows_of_day in &mut visit_rows[x][d0..d0 + w] {
                    rows_of_day.push(r);
                }
            }
        }
    }

    /// team-day: a team works at most one trip-day a day (`timed` only).
    fn team_day(&mut self, available: &[bool]) -> Vec<Option<usize>> {
        available
            .iter()
            .map(|&a| a.then(|| self.add(Sense::Le, 1.0, RowKind::TeamDay)))
            .collect()
    }

    /// team-days: a team's days per month, per ISO week (`timed` only) and in a row, within the
    /// least limit of its members (as the checker counts them). Adds to `day_rows[d]`.
    fn team_days(
        &mut self,
        h: &crate::calendar::Horizon,
        members: &[&crate::scenario::Clinician],
        available: &[bool],
        timed: bool,
        day_rows: &mut [Vec<usize>],
    ) {
        let min = |f: &dyn Fn(&crate::scenario::Clinician) -> u32| {
            members.iter().map(|m| f(m)).min().unwrap_or(u32::MAX)
        };
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
                    let r = self.add(Sense::Le, cap as f64, RowKind::TeamDays);
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
                    let r = self.add(Sense::Le, k as f64, RowKind::TeamDays);
                    for rows_of_day in &mut day_rows[d0..=d0 + k] {
                        rows_of_day.push(r);
                    }
                }
            }
        }
    }

    /// high nights: a team's nights above the line per month, within its members' least cap
    /// (only where some lodging lies above it). One row per month, named on each of its days.
    fn high_nights(&mut self, s: &Scenario, cap: u32) -> Vec<Option<usize>> {
        let h = &s.horizon;
        let mut high_row = vec![None; h.days];
        if s.lodgings
            .iter()
            .any(|l| l.altitude_m > s.altitude.high_night_above_m)
        {
            let mut last: Option<((i32, u32), usize)> = None;
            for (d, slot) in high_row.iter_mut().enumerate() {
                let key = h.month_key(d);
                let r = match last {
                    Some((k, r)) if k == key => r,
                    _ => self.add(Sense::Le, cap as f64, RowKind::HighNights),
                };
                last = Some((key, r));
                *slot = Some(r);
            }
        }
        high_row
    }

    /// beds: persons sleeping at a lodging on a night within its beds, only where the teams
    /// together could overfill it. Keyed by (end, day).
    fn beds(&mut self, s: &Scenario, teams: &[TeamInfo]) -> HashMap<(usize, usize), usize> {
        let mut bed_rows = HashMap::default();
        for l in 0..s.lodgings.len() {
            let fitting = || teams.iter().filter(|t| t.persons <= s.lodgings[l].beds);
            let fits: u32 = fitting().map(|t| t.persons).sum();
            if fits <= s.lodgings[l].beds || fitting().count() < 2 {
                continue;
            }
            for d in 0..s.horizon.days {
                if s.lodging_open(l, s.horizon.date(d)) {
                    let r = self.add(Sense::Le, s.lodgings[l].beds as f64, RowKind::Beds);
                    bed_rows.insert((l + 1, d), r);
                }
            }
        }
        bed_rows
    }
}

impl<'a> Campaign<'a> {
    /// The rows of the campaign's master. With `timed = false`, the rows a team's days do not
    /// enter are left out (team-day, week, consecutive days, beds, spacing): a relaxation whose
    /// LP converges in few rounds, as trips on different days no longer compete for a team's days.
    pub(super) fn new(model: &'a Model, ci: usize, timed: bool) -> Campaign<'a> {
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
        let mut rows = Rows(Vec::new());
        let mut visit_rows: Vec<Vec<Vec<usize>>> = vec![vec![Vec::new(); h.days]; c.services.len()];
        rows.cover(c, h.days, &mut visit_rows);
        if timed {
            rows.spacing(c, h.days, &mut visit_rows);
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
            let team_day_row = if timed {
                rows.team_day(&available)
            } else {
                vec![None; h.days]
            };
            let mut day_rows: Vec<Vec<usize>> = vec![Vec::new(); h.days];
            rows.team_days(h, &members, &available, timed, &mut day_rows);
            let high_cap = members
                .iter()
                .map(|m| m.max_high_nights_per_month)
                .min()
                .unwrap_or(u32::MAX);
            let high_row = rows.high_nights(s, high_cap);
            teams.push(TeamInfo {
                team: g,
                vehicle: team.vehicle,
                persons: s.team_persons(g),
                cost_per_km: v.cost_per_km,
                // A re-plan prices each new trip-day's change with the vehicle's day.
                cost_per_day: v.cost_per_day
                    + c.change.tour_day
                    + c.change.clinician_day * team.members.len() as f64,
                max_load_kg: v.max_load_kg,
                cleared,
                available,
                legs: eligible,
                day_rows,
                team_day_row,
                high_row,
            });
        }
        let bed_rows = if timed {
            rows.beds(s, &teams)
        } else {
            HashMap::default()
        };
        Campaign {
            s,
            c,
            ends,
            legs,
            teams,
            rows: rows.0,
            visit_rows,
            bed_rows,
            max_days: s.trips.max_days as usize,
            trips_row: None,
        }
    }

    /// Can team `t` sleep at end `b` on the night after day d?
    pub(super) fn night_allowed(&self, t: &TeamInfo, b: usize, d: usize) -> bool {
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

    pub(super) fn high(&self, b: usize) -> bool {
        self.ends.altitude[b] > self.s.altitude.high_night_above_m && b > 0
    }

    /// The (row, coefficient) pairs of a column.
    pub(super) fn entries(&self, col: &Column) -> Vec<(usize, f64)> {
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
        e.extend(self.trips_row.map(|r| (r, 1.0)));
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

    pub(super) fn cost(&self, team: usize, days: &[Leg]) -> f64 {
        let t = &self.teams[team];
        let km: f64 = days.iter().map(|l| l.km).sum();
        let villages: usize = days.iter().map(|l| l.stops.len()).sum();
        km * t.cost_per_km
            + days.len() as f64 * t.cost_per_day
            + (days.len() - 1) as f64 * self.s.trip_night_cost(t.team)
            + villages as f64 * self.c.change.village
    }

    /// Each row's sense and right-hand side, for the master's models.
    pub(super) fn row_bounds(&self) -> Vec<(Sense, f64)> {
        self.rows.iter().map(|r| (r.sense, r.rhs)).collect()
    }

    /// Clamps duals to the signs that make them valid Lagrange multipliers.
    pub(super) fn signed(&self, duals: &[f64]) -> Vec<f64> {
        self.rows
            .iter()
            .zip(duals)
            .map(|(r, &y)| match r.sense {
                Sense::Ge => y.max(0.0),
                Sense::Le => y.min(0.0),
                Sense::Eq => y,
            })
            .collect()
    }

    pub(super) fn prize(&self, pi: &[f64], x: usize, d: usize) -> f64 {
        self.visit_rows[x][d].iter().map(|&r| pi[r]).sum()
    }

    pub(super) fn prices(&self, t: &TeamInfo, pi: &[f64]) -> TeamPrices {
        let h = &self.s.horizon;
        // The team-day row's multiplier is in the day's price too: it may be above 0 where
        // branching makes the row `= 1`, and the programs only follow trips priced below 0.
        let day = (0..h.days)
            .map(|d| {
                t.cost_per_day
                    - t.day_rows[d].iter().map(|&r| pi[r]).sum::<f64>()
                    - t.team_day_row[d].map_or(0.0, |r| pi[r])
            })
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
            home: -self.least_trips().map_or(0.0, |r| pi[r]),
        }
    }

    /// The row of at least so many trips (`with_least_trips`), where there is one. (Its
    /// multiplier prices every trip; that of `fewer`'s row of at most so many does not: see
    /// there.)
    pub(super) fn least_trips(&self) -> Option<usize> {
        self.trips_row.filter(|&r| self.rows[r].sense == Sense::Ge)
    }

    /// What a shortfall of demand `q` counts in the row of at least so many trips: the trips its
    /// visit's load would take, rounded up (0 without the row). (Rounded up with no hair below,
    /// unlike the row's right-hand side: counting more only weakens the row.)
    pub(super) fn shortfall_trips(&self, q: usize) -> f64 {
        match self.least_trips() {
            Some(_) => {
                let load = self.c.services[self.c.demands[q].service].load_kg;
                (load / self.most_load()).ceil().max(0.0)
            }
            None => 0.0,
        }
    }

    /// The largest load one trip may carry.
    fn most_load(&self) -> f64 {
        self.teams.iter().map(|t| t.max_load_kg).fold(0.0, f64::max)
    }

    /// The campaign with one more row, for the bounding LP: every trip carries at most the
    /// largest vehicle's load `C`, and the visits owed weigh `L` in all, so a plan that makes
    /// them runs at least `⌈L / C⌉` trips; a visit left unmade counts as the trips its load
    /// would take, rounded up (the rounded capacity inequality over every village, a
    /// Chvátal–Gomory rounding of `C·trips + Σ load·shortfall ≥ L`). `None` where loads do not
    /// ask for 2 trips or more.
    pub(super) fn with_least_trips(&self) -> Option<Campaign<'a>> {
        let most = self.most_load();
        if !(most > 0.0 && most.is_finite()) || self.trips_row.is_some() {
            return None;
        }
        let owed: f64 = self
            .c
            .demands
            .iter()
            .map(|d| d.required as f64 * self.c.services[d.service].load_kg)
            .sum();
        // (A hair below: loads written to 0.1 kg must not round a whole number up.)
        let least = (owed / most - 1e-9).ceil();
        if least < 2.0 {
            return None;
        }
        let mut held = self.clone();
        held.trips_row = Some(held.rows.len());
        held.rows.push(Row {
            sense: Sense::Ge,
            rhs: least,
            kind: RowKind::Trips,
        });
        Some(held)
    }

    /// Turns a priced path (legs may repeat villages, and overload the vehicle) into a feasible trip:
    /// a village keeps its first visit; then the stops worth least per kg go until the load fits.
    /// Dropping stops never lengthens a day, as travel times are shortest paths.
    pub(super) fn repair(
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

    pub(super) fn leg_of(
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
    pub(super) fn place(&self, col: &Column, team: usize, start: usize) -> Option<Column> {
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
    pub(super) fn fits(&self, used: &[f64], entries: &[(usize, f64)]) -> bool {
        entries.iter().all(|&(r, a)| {
            let row = &self.rows[r];
            row.sense == Sense::Ge || used[r] + a <= row.rhs + 1e-9
        })
    }

    pub(super) fn reduced_cost(&self, col: &Column, pi_raw: &[f64]) -> f64 {
        col.cost
            - self
                .entries(col)
                .iter()
                .map(|&(r, a)| a * pi_raw[r])
                .sum::<f64>()
    }
}
