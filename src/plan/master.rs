//! The master integer program of one base, written as it reads on paper:
//!
//!   min  Σ cost_t x[t,d] + Σ penalty_q u[q]
//!   visit      Σ_{t ∋ s} x[t,d] = z[s,d],  0 ≤ z ≤ 1                        (each service s, open day d)
//!   cover      Σ_{d ∈ period q} z[s,d] + u[q] ≥ required_q                  (each demand q of service s)
//!   spacing    Σ_{d ∈ [d0, d0+S_s)} z[s,d] ≤ 1                              (each service s, window start d0)
//!   vehicles   Σ_{t: drive_t > ℓ_{j-1}} x[t,d] ≤ vehicles with limit ≥ ℓ_j free on d    (each day, limit level j)
//!   slots      Σ_t n_{t,k} x[t,d] ≤ Σ_c y[c,k,d]                              (each slot kind k, day d)
//!   one slot   Σ_k y[c,k,d] ≤ 1;  week / month / consecutive-day limits on Σ_k y[c,k,·]
//!   tours      Σ_{t,d} x[t,d] + Σ_q u[q] ≥ ⌈Σ_q required_q / K⌉                 (K: most stops a tour can have)
//!
//! The last row is a rounding (Chvátal–Gomory) cut of `K Σ x + Σ u ≥ Σ required`, valid because x and u
//! are whole in every plan. It closes much of the LP's integrality gap, where tours would otherwise be
//! shared fractionally (six villages served by 1.2 tours a month). Where the pool holds every
//! feasible tour, its right-hand side is at least the fewest tours that visit every service owed
//! (a set cover), since each missed visit saves at most one tour.
//!
//! x[t,d] = 1 when tour t runs on day d; z[s,d] = 1 when service s gets its visit on d (the visit
//! variables keep the tour columns short: a tour enters one row per stop, not every spacing window);
//! y[c,k,d] = 1 when clinician c fills a slot of kind k on d (only
//! on days c is available). Slots of one kind are interchangeable within a base, so any y that satisfies
//! these rows is filled by a plain assignment afterwards. The same rows serve the LP of column generation
//! (x continuous, only some columns present) and the final MIP.

use crate::model::{Component, SlotKind};
use crate::scenario::Scenario;
use crate::tours::Tour;
use std::collections::HashMap;

pub use super::rmp::{run_mip, MipError, Sense};

mod mip;
pub use mip::{Improved, Solved};

/// The (row, coefficient) pairs of one column.
pub type Entries = Vec<(usize, f64)>;

struct Row {
    sense: Sense,
    /// The bound given the plan of earlier windows (history).
    rhs: f64,
    /// The bound without history: used for bounds, which must hold for the whole horizon.
    rhs_free: f64,
}

/// What earlier windows of the horizon decided, and the window's own plan must respect.
#[derive(Clone, Debug, Default)]
pub struct History {
    /// Per service: the last day it was visited.
    pub last_visit: Vec<Option<usize>>,
    /// Per clinician (scenario index): days worked, ascending.
    pub worked: HashMap<usize, Vec<usize>>,
}

/// Row layout of one base's master problem; columns x[t,d] are added freely on top of it.
pub struct Master<'a> {
    comp: &'a Component,
    rows: Vec<Row>,
    /// `demand_row[s][d]`: cover row of service s on day d.
    demand_row: Vec<HashMap<usize, usize>>,
    /// `visit_row[s][d]`: the row linking tours to z[s,d].
    visit_row: Vec<HashMap<usize, usize>>,
    /// z columns: (service, day) with the rows they enter.
    pub visit_columns: Vec<((usize, usize), Entries)>,
    /// Upper bound of each z column: 0 where an earlier window's visit is too recent.
    pub visit_ub: Vec<f64>,
    visit_index: HashMap<(usize, usize), usize>,
    /// Rows that history tightens, with by how much (days already worked).
    pub history_rows: Vec<(usize, f64)>,
    tour_count: Option<usize>,
    /// `vehicle_rows[d]`: one row per drive-limit level.
    vehicle_rows: HashMap<usize, Vec<usize>>,
    kinds: Vec<SlotKind>,
    /// `slot_row[(kind, d)]`.
    slot_row: HashMap<(usize, usize), usize>,
    /// y columns: (clinician, kind, day) with the rows they enter (coefficient ±1).
    pub crew_columns: Vec<((usize, usize, usize), Entries)>,
}

pub struct DayPrices {
    service: Vec<f64>,
    /// Dual of the tour-count cut, which every tour enters.
    cut: f64,
    vehicle_levels: Vec<f64>,
    slot: Vec<f64>,
}

impl DayPrices {
    /// The dual value of serving one service that day (its visit row).
    pub fn service(&self, s: usize) -> f64 {
        self.service[s]
    }
}

pub struct TourShape {
    levels: usize,
    slots: Vec<(usize, f64)>,
}

impl<'a> Master<'a> {
    pub fn new(
        scenario: &'a Scenario,
        comp: &'a Component,
        kinds: Vec<SlotKind>,
        history: &History,
        max_stops: usize,
        least_tours: usize,
    ) -> Master<'a> {
        let s = scenario;
        let mut m = Master {
            comp,
            rows: Vec::new(),
            demand_row: vec![HashMap::new(); comp.services.len()],
            visit_row: vec![HashMap::new(); comp.services.len()],
            visit_columns: Vec::new(),
            visit_ub: Vec::new(),
            visit_index: HashMap::new(),
            history_rows: Vec::new(),
            tour_count: None,
            vehicle_rows: HashMap::new(),
            kinds,
            slot_row: HashMap::new(),
            crew_columns: Vec::new(),
        };
        m.cover_rows();
        m.tour_count_row(max_stops, least_tours);
        m.visit_rows(history);
        m.vehicle_rows_for(s);
        m.crew_rows(s, history);
        m
    }

    fn row(&mut self, sense: Sense, rhs: f64) -> usize {
        self.rows.push(Row {
            sense,
            rhs,
            rhs_free: rhs,
        });
        self.rows.len() - 1
    }

    fn cover_rows(&mut self) {
        for (q, dem) in self.comp.demands.iter().enumerate() {
            let r = self.row(Sense::Ge, dem.required as f64);
            debug_assert_eq!(r, q, "cover rows come first, one per demand");
            for d in dem.period.first_day..=dem.period.last_day {
                self.demand_row[dem.service].insert(d, r);
            }
        }
    }

    fn tour_count_row(&mut self, max_stops: usize, least_tours: usize) {
        let required: u32 = self.comp.demands.iter().map(|d| d.required).sum();
        if required > 0 && max_stops > 0 {
            let rounded = (required as f64 / max_stops as f64 - 1e-9).ceil();
            let r = self.row(Sense::Ge, rounded.max(least_tours as f64));
            self.tour_count = Some(r);
        }
    }

    /// The dual of the tour-count cut (0 without one).
    pub fn cut_dual(&self, duals: &[f64]) -> f64 {
        self.tour_count.map(|r| duals[r]).unwrap_or(0.0)
    }

    /// The tour-count cut, if the window owes any visit.
    pub fn tour_count(&self) -> Option<usize> {
        self.tour_count
    }

    /// Visit rows and z columns; a spacing row for each window holding two or more open days.
    fn visit_rows(&mut self, history: &History) {
        for s in 0..self.comp.services.len() {
            let svc = &self.comp.services[s];
            let open: Vec<usize> = self
                .comp
                .days
                .iter()
                .copied()
                .filter(|&d| svc.open[d])
                .collect();
            let span = svc.min_spacing_days;
            let mut windows: Vec<(usize, usize)> = Vec::new(); // (first day, row)
            for (i, &d0) in open.iter().enumerate() {
                if open.get(i + 1).is_some_and(|&d1| d1 < d0 + span) {
                    let r = self.row(Sense::Le, 1.0);
                    windows.push((d0, r));
                }
            }
            for &d in &open {
                let link = self.row(Sense::Eq, 0.0);
                self.visit_row[s].insert(d, link);
                let mut entries = vec![(link, -1.0)];
                if let Some(&q) = self.demand_row[s].get(&d) {
                    entries.push((q, 1.0));
                }
                entries.extend(
                    windows
                        .iter()
                        .filter(|&&(d0, _)| d0 <= d && d < d0 + span)
                        .map(|&(_, r)| (r, 1.0)),
                );
                self.visit_index.insert((s, d), self.visit_columns.len());
                self.visit_columns.push(((s, d), entries));
                let recent = history
                    .last_visit
                    .get(s)
                    .copied()
                    .flatten()
                    .is_some_and(|last| d < last + span);
                self.visit_ub.push(if recent { 0.0 } else { 1.0 });
            }
        }
    }

    fn vehicle_rows_for(&mut self, s: &Scenario) {
        for &d in &self.comp.days.clone() {
            let mut rows = Vec::new();
            for &level in &self.comp.drive_limits.clone() {
                let n = self
                    .comp
                    .vehicles
                    .iter()
                    .filter(|&&v| {
                        s.vehicle_available(v, d) && s.vehicles[v].max_drive_minutes >= level
                    })
                    .count();
                rows.push(self.row(Sense::Le, n as f64));
            }
            self.vehicle_rows.insert(d, rows);
        }
    }

    fn crew_rows(&mut self, s: &Scenario, history: &History) {
        let h = &s.horizon;
        for k in 0..self.kinds.len() {
            for &d in &self.comp.days.clone() {
                let r = self.row(Sense::Le, 0.0);
                self.slot_row.insert((k, d), r);
            }
        }
        for &c in &self.comp.clinicians.clone() {
            let cl = &s.clinicians[c];
            let kinds: Vec<usize> = (0..self.kinds.len())
                .filter(|&k| match &self.kinds[k] {
                    SlotKind::Role(r) => crate::scenario::fills_role(r, &cl.role),
                    SlotKind::Specialty(x) => cl.specialties.contains(x),
                    SlotKind::ClearedRole(r) => {
                        cl.altitude_cleared && crate::scenario::fills_role(r, &cl.role)
                    }
                    SlotKind::ClearedSpecialty(x) => {
                        cl.altitude_cleared && cl.specialties.contains(x)
                    }
                })
                .collect();
            let days: Vec<usize> = self
                .comp
                .days
                .iter()
                .copied()
                .filter(|&d| s.clinician_available(c, d))
                .collect();
            if kinds.is_empty() || days.is_empty() {
                continue;
            }
            // Each limit: the days it spans → one row if it can bind. Days worked in earlier windows
            // lower the bound of the rows they share (`rhs`), not the history-free one (`rhs_free`).
            let past: &[usize] = history.worked.get(&c).map(Vec::as_slice).unwrap_or(&[]);
            let mut limit_rows: Vec<(Vec<usize>, usize)> = Vec::new();
            let mut group = |key: &dyn Fn(usize) -> (i32, u32), cap: u32, m: &mut Master| {
                let mut by: Vec<((i32, u32), Vec<usize>)> = Vec::new();
                for &d in &days {
                    match by.iter_mut().find(|(k, _)| *k == key(d)) {
                        Some((_, v)) => v.push(d),
                        None => by.push((key(d), vec![d])),
                    }
                }
                for (k, ds) in by {
                    let used = past.iter().filter(|&&d| key(d) == k).count();
                    if ds.len() + used > cap as usize {
                        let r = m.row(Sense::Le, cap as f64);
                        m.rows[r].rhs = (cap as f64 - used as f64).max(0.0);
                        m.history_rows.push((r, cap as f64 - m.rows[r].rhs));
                        limit_rows.push((ds, r));
                    }
                }
            };
            group(&|d| h.week_key(d), cl.max_days_per_week, self);
            group(&|d| h.month_key(d), cl.max_days_per_month, self);
            // Any K+1 consecutive calendar days hold at most K working days.
            let k_max = cl.max_consecutive_days as usize;
            let first = days[0];
            for d0 in first.saturating_sub(k_max)..=*days.last().expect("days is not empty") {
                let window: Vec<usize> = days
                    .iter()
                    .copied()
                    .filter(|&d| d >= d0 && d <= d0 + k_max)
                    .collect();
                let used = past.iter().filter(|&&d| d >= d0 && d <= d0 + k_max).count();
                let starts_here = window.first() == Some(&d0) || (d0 < first && used > 0);
                if !window.is_empty() && starts_here && window.len() + used > k_max {
                    let r = self.row(Sense::Le, k_max as f64);
                    self.rows[r].rhs = (k_max as f64 - used as f64).max(0.0);
                    self.history_rows.push((r, k_max as f64 - self.rows[r].rhs));
                    limit_rows.push((window, r));
                }
            }
            for &d in &days {
                let one = (kinds.len() > 1).then(|| self.row(Sense::Le, 1.0));
                for &k in &kinds {
                    let mut entries = vec![(self.slot_row[&(k, d)], -1.0)];
                    entries.extend(one.map(|r| (r, 1.0)));
                    entries.extend(
                        limit_rows
                            .iter()
                            .filter(|(ds, _)| ds.contains(&d))
                            .map(|(_, r)| (*r, 1.0)),
                    );
                    self.crew_columns.push(((c, k, d), entries));
                }
            }
        }
    }

    /// Whether history forbids a visit to service `s` on day `d` (too soon after the last one).
    pub fn forbidden(&self, tour: &Tour, d: usize) -> bool {
        tour.stops.iter().any(|&s| {
            self.visit_row[s]
                .get(&d)
                .is_some_and(|_| self.visit_ub[self.visit_index[&(s, d)]] < 0.5)
        })
    }

    pub fn comp(&self) -> &Component {
        self.comp
    }

    pub fn row_count(&self) -> usize {
        self.rows.len()
    }

    /// A row's sense and its history-free bound (the LP adds history as fixed columns).
    pub fn row_bound_free(&self, r: usize) -> (Sense, f64) {
        (self.rows[r].sense, self.rows[r].rhs_free)
    }

    pub fn has_history(&self) -> bool {
        !self.history_rows.is_empty() || self.visit_ub.iter().any(|&u| u < 0.5)
    }

    pub fn kind_index(&self, kind: &SlotKind) -> Option<usize> {
        self.kinds.iter().position(|k| k == kind)
    }

    /// The rows a tour-day column enters, with coefficients; empty when the tour cannot run that day.
    pub fn column(&self, tour: &Tour, d: usize) -> Vec<(usize, f64)> {
        let mut out = Vec::with_capacity(tour.stops.len() * 4 + 4);
        for &s in &tour.stops {
            if let Some(&r) = self.visit_row[s].get(&d) {
                out.push((r, 1.0));
            }
        }
        if let Some(rows) = self.vehicle_rows.get(&d) {
            let mut below = 0.0;
            for (j, &r) in rows.iter().enumerate() {
                if j == 0 || tour.drive_minutes > below + 1e-6 {
                    out.push((r, 1.0));
                }
                below = self.comp.drive_limits[j];
            }
        }
        for (kind, n) in &tour.slots {
            if let Some(k) = self.kind_index(kind) {
                if let Some(&r) = self.slot_row.get(&(k, d)) {
                    out.push((r, *n as f64));
                }
            }
        }
        out.extend(self.tour_count.map(|r| (r, 1.0)));
        out
    }

    /// The duals of one day gathered per service, vehicle level and slot kind, so that the reduced cost
    /// of any tour that day is a short sum (pricing evaluates every pooled tour on every day).
    pub fn day_prices(&self, d: usize, duals: &[f64]) -> DayPrices {
        let service = (0..self.comp.services.len())
            .map(|s| self.visit_row[s].get(&d).map(|&r| duals[r]).unwrap_or(0.0))
            .collect();
        let mut vehicle_levels = vec![0.0];
        for &r in self.vehicle_rows.get(&d).map(Vec::as_slice).unwrap_or(&[]) {
            vehicle_levels.push(vehicle_levels.last().expect("starts with 0") + duals[r]);
        }
        let slot = (0..self.kinds.len())
            .map(|k| self.slot_row.get(&(k, d)).map(|&r| duals[r]).unwrap_or(0.0))
            .collect();
        DayPrices {
            service,
            cut: self.tour_count.map(|r| duals[r]).unwrap_or(0.0),
            vehicle_levels,
            slot,
        }
    }

    /// How a tour enters the day-independent parts of a column: vehicle levels and slot kinds.
    pub fn tour_shape(&self, tour: &Tour) -> TourShape {
        let mut levels = 1;
        for j in 1..self.comp.drive_limits.len() {
            if tour.drive_minutes > self.comp.drive_limits[j - 1] + 1e-6 {
                levels = j + 1;
            }
        }
        let slots = tour
            .slots
            .iter()
            .filter_map(|(k, n)| self.kind_index(k).map(|i| (i, *n as f64)))
            .collect();
        TourShape { levels, slots }
    }

    /// Reduced cost of a tour on the day of `p` (the same value as `reduced_cost`, faster).
    pub fn priced(&self, tour: &Tour, shape: &TourShape, p: &DayPrices) -> f64 {
        let mut rc = tour.cost - p.cut;
        for &s in &tour.stops {
            rc -= p.service[s];
        }
        rc -= p.vehicle_levels[shape.levels.min(p.vehicle_levels.len() - 1)];
        for &(k, n) in &shape.slots {
            rc -= n * p.slot[k];
        }
        rc
    }

    /// Reduced cost c − aᵀπ of a tour-day column under row duals π.
    pub fn reduced_cost(&self, tour: &Tour, d: usize, duals: &[f64]) -> f64 {
        tour.cost
            - self
                .column(tour, d)
                .iter()
                .map(|&(r, a)| a * duals[r])
                .sum::<f64>()
    }

    /// Lagrangian lower bound from an LP's duals: πᵀb, plus the most the crew and slack columns could
    /// lower it, plus for every day its vehicle count times the least reduced cost of any tour that day
    /// (`min_rc[d]`, which the caller computes over the whole pool or bounds from below).
    pub fn lagrangian_bound(&self, duals: &[f64], min_rc: &HashMap<usize, f64>) -> f64 {
        let mut bound: f64 = self
            .rows
            .iter()
            .zip(duals)
            .map(|(r, p)| r.rhs_free * p)
            .sum();
        for (q, dem) in self.comp.demands.iter().enumerate() {
            let cut = self.tour_count.map(|r| duals[r]).unwrap_or(0.0);
            bound += (dem.penalty - duals[q] - cut).min(0.0) * dem.required as f64;
        }
        for entries in self
            .crew_columns
            .iter()
            .map(|c| &c.1)
            .chain(self.visit_columns.iter().map(|c| &c.1))
        {
            bound += (0.0 - entries.iter().map(|&(r, a)| a * duals[r]).sum::<f64>()).min(0.0);
        }
        for (&d, rows) in &self.vehicle_rows {
            let cap = rows.first().map(|&r| self.rows[r].rhs_free).unwrap_or(0.0);
            bound += cap * min_rc.get(&d).copied().unwrap_or(0.0).min(0.0);
        }
        bound
    }
}
