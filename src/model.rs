//! The solver-ready form of a scenario: one `Component` per base (bases share no sites, vehicles or
//! clinicians, so each is planned on its own), with requirements expanded into per-period demands.

use crate::calendar::Period;
use crate::scenario::Scenario;
use crate::travel::Travel;
use std::sync::Arc;

/// What one tour stop does: serve one requirement of one site.
#[derive(Clone, Debug)]
pub struct Service {
    /// Index into `Scenario::requirements`.
    pub requirement: usize,
    pub site: usize,
    pub location: usize,
    pub specialty: Option<String>,
    pub service_minutes: f64,
    /// Supplies one visit uses, in kg.
    pub load_kg: f64,
    pub min_spacing_days: usize,
    /// `open[d]`: the site can be visited on horizon day d (working day, window, no closure).
    pub open: Vec<bool>,
}

/// Visits owed to one service in one period.
#[derive(Clone, Debug)]
pub struct Demand {
    /// Index into `Component::services`.
    pub service: usize,
    pub period: Period,
    pub required: u32,
    pub penalty: f64,
}

/// A crew slot kind: a role of the default crew, or a specialist that a stop asks for; on a tour
/// above the altitude-clearance line, the same slots for cleared clinicians only.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SlotKind {
    Role(String),
    Specialty(String),
    ClearedRole(String),
    ClearedSpecialty(String),
}

impl SlotKind {
    /// The slot's name in a schedule (the same with or without clearance).
    pub fn label(&self) -> String {
        match self {
            SlotKind::Role(r) | SlotKind::ClearedRole(r) => r.clone(),
            SlotKind::Specialty(s) | SlotKind::ClearedSpecialty(s) => format!("{s} specialist"),
        }
    }

    /// The same slot for altitude-cleared clinicians.
    pub fn cleared(self) -> SlotKind {
        match self {
            SlotKind::Role(r) => SlotKind::ClearedRole(r),
            SlotKind::Specialty(s) => SlotKind::ClearedSpecialty(s),
            other => other,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Component {
    pub base: usize,
    pub base_location: usize,
    pub services: Vec<Service>,
    pub demands: Vec<Demand>,
    pub vehicles: Vec<usize>,
    pub clinicians: Vec<usize>,
    /// Working days of the horizon.
    pub days: Vec<usize>,
    /// Mean vehicle cost of the base, used to price tours.
    pub cost_per_km: f64,
    pub cost_per_day: f64,
    /// In a re-plan, what each new tour-day costs in change; zero when planning from scratch.
    pub change: ChangeCost,
    pub min_seats: u32,
    /// The smallest load limit among the base's vehicles (infinite without one).
    pub min_load_kg: f64,
    /// Distinct daily driving limits of the base's vehicles, ascending.
    pub drive_limits: Vec<f64>,
}

/// What a re-plan's new tour-day costs in change, by the `[replan]` weights: the tour-day itself,
/// each village on it (its visit moved from the day or vehicle the plan before gave it) and each
/// clinician's day on it. The master program adds it to the tour's cost, so among plans that make
/// the same visits it prefers those that change fewer tour-days, villages and clinicians' days.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ChangeCost {
    pub tour_day: f64,
    pub village: f64,
    pub clinician_day: f64,
}

impl ChangeCost {
    /// The weights of a scenario's `[replan]` table.
    pub fn of_weights(w: &crate::scenario::ReplanToml) -> ChangeCost {
        ChangeCost {
            tour_day: w.tour_day,
            village: w.village,
            clinician_day: w.clinician_day,
        }
    }

    /// The change cost of one new tour-day with `villages` stops and `crew` clinicians.
    pub fn of(&self, villages: usize, crew: u32) -> f64 {
        self.tour_day + self.village * villages as f64 + self.clinician_day * crew as f64
    }
}

#[cfg(test)]
impl Service {
    /// A one-hour service open on the days marked in `open`: for tests of what is built on
    /// components (covers, starts).
    pub(crate) fn open_on(open: Vec<bool>) -> Service {
        Service {
            requirement: 0,
            site: 0,
            location: 0,
            specialty: None,
            service_minutes: 60.0,
            load_kg: 0.0,
            min_spacing_days: 0,
            open,
        }
    }
}

#[cfg(test)]
impl Component {
    /// One base with one vehicle, unit costs and no clinicians: for tests of what is built on
    /// components.
    pub(crate) fn for_tests(
        services: Vec<Service>,
        demands: Vec<Demand>,
        days: Vec<usize>,
    ) -> Component {
        Component {
            base: 0,
            base_location: 0,
            services,
            demands,
            vehicles: vec![0],
            clinicians: vec![],
            days,
            cost_per_km: 1.0,
            cost_per_day: 1.0,
            change: ChangeCost::default(),
            min_seats: 1,
            min_load_kg: f64::INFINITY,
            drive_limits: vec![],
        }
    }
}

impl Component {
    /// Cuts the horizon into windows of about `target` days for rolling planning. A cut never splits a
    /// demand's period (so monthly demands give calendar months, a quarterly demand one window).
    pub fn windows(&self, target: usize) -> Vec<(usize, usize)> {
        let Some(&last_day) = self.days.last() else {
            return vec![];
        };
        // Calendar days, not working days: a period may begin on a holiday.
        let start = self
            .demands
            .iter()
            .map(|d| d.period.first_day)
            .chain([self.days[0]])
            .min()
            .unwrap_or(0);
        let end = self
            .demands
            .iter()
            .map(|d| d.period.last_day)
            .chain([last_day])
            .max()
            .unwrap_or(last_day);
        let splits = |cut: usize| {
            self.demands
                .iter()
                .any(|d| d.period.first_day < cut && cut <= d.period.last_day)
        };
        let mut out = Vec::new();
        let mut first = start;
        while first <= end {
            let next =
                (first + target.div_ceil(2)..=end).find(|&c| !splits(c) && c - first >= target / 2);
            match next {
                Some(cut) if cut <= end && end - cut + 1 >= target / 3 => {
                    out.push((first, cut - 1));
                    first = cut;
                }
                _ => {
                    out.push((first, end));
                    break;
                }
            }
        }
        out
    }

    /// The part of the component inside a window, and for each of its demands the index it has here.
    pub fn window(&self, first: usize, last: usize) -> (Component, Vec<usize>) {
        let ids: Vec<usize> = (0..self.demands.len())
            .filter(|&q| {
                self.demands[q].period.first_day >= first && self.demands[q].period.last_day <= last
            })
            .collect();
        let mut w = self.clone();
        w.days.retain(|&d| d >= first && d <= last);
        w.demands = ids.iter().map(|&q| self.demands[q].clone()).collect();
        (w, ids)
    }
}

pub struct Model<'a> {
    pub scenario: &'a Scenario,
    /// Shared: sweep variations with the same places and travel settings reuse one matrix.
    pub travel: Arc<Travel>,
    pub components: Vec<Component>,
}

impl<'a> Model<'a> {
    pub fn build(scenario: &'a Scenario) -> Model<'a> {
        Model::build_with(scenario, Arc::new(Travel::build(scenario)))
    }

    /// Builds the model on a travel matrix computed before (for the same places and settings).
    pub fn build_with(scenario: &'a Scenario, travel: Arc<Travel>) -> Model<'a> {
        let s = scenario;
        let h = &s.horizon;
        let days: Vec<usize> = h.working_days().collect();
        let mut components = Vec::new();
        for base in 0..s.bases.len() {
            let vehicles: Vec<usize> = (0..s.vehicles.len())
                .filter(|&v| s.vehicles[v].base == base)
                .collect();
            let clinicians: Vec<usize> = (0..s.clinicians.len())
                .filter(|&c| s.clinicians[c].base == base)
                .collect();
            let mut services = Vec::new();
            let mut demands = Vec::new();
            for (ri, r) in s.requirements.iter().enumerate() {
                if s.sites[r.site].base != base {
                    continue;
                }
                let open = (0..h.days)
                    .map(|d| h.working[d] && s.site_open(r.site, h.date(d)))
                    .collect();
                let svc = services.len();
                services.push(Service {
                    requirement: ri,
                    site: r.site,
                    location: s.site_location(r.site),
                    specialty: r.specialty.clone(),
                    service_minutes: r.service_minutes,
                    load_kg: s.sites[r.site].load_kg,
                    min_spacing_days: r.min_spacing_days.max(1) as usize,
                    open,
                });
                for period in h.periods(r.period) {
                    let required = required_visits(r.visits, period.share);
                    if required > 0 {
                        demands.push(Demand {
                            service: svc,
                            period,
                            required,
                            penalty: s.unmet_penalty(r.site),
                        });
                    }
                }
            }
            if services.is_empty() && vehicles.is_empty() {
                continue;
            }
            let n = vehicles.len().max(1) as f64;
            let mut drive_limits: Vec<f64> = vehicles
                .iter()
                .map(|&v| s.vehicles[v].max_drive_minutes)
                .collect();
            drive_limits.sort_by(f64::total_cmp);
            drive_limits.dedup();
            components.push(Component {
                base,
                base_location: s.base_location(base),
                services,
                demands,
                cost_per_km: vehicles
                    .iter()
                    .map(|&v| s.vehicles[v].cost_per_km)
                    .sum::<f64>()
                    / n,
                cost_per_day: vehicles
                    .iter()
                    .map(|&v| s.vehicles[v].cost_per_day)
                    .sum::<f64>()
                    / n,
                change: ChangeCost::default(),
                min_seats: vehicles
                    .iter()
                    .map(|&v| s.vehicles[v].seats)
                    .min()
                    .unwrap_or(0),
                min_load_kg: vehicles
                    .iter()
                    .map(|&v| s.vehicles[v].max_load_kg)
                    .fold(f64::INFINITY, f64::min),
                drive_limits,
                vehicles,
                clinicians,
                days: days.clone(),
            });
        }
        Model {
            scenario,
            travel,
            components,
        }
    }
}

/// Visits owed in a period that lies partly outside the horizon: its share, rounded up.
pub fn required_visits(visits: u32, share: f64) -> u32 {
    (visits as f64 * share - 1e-9).ceil().max(0.0) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Period;

    fn comp(periods: &[(usize, usize)], days: usize) -> Component {
        Component {
            base: 0,
            base_location: 0,
            services: vec![],
            demands: periods
                .iter()
                .map(|&(a, b)| Demand {
                    service: 0,
                    period: Period {
                        label: String::new(),
                        first_day: a,
                        last_day: b,
                        share: 1.0,
                    },
                    required: 1,
                    penalty: 1.0,
                })
                .collect(),
            vehicles: vec![],
            clinicians: vec![],
            days: (0..days).collect(),
            cost_per_km: 1.0,
            cost_per_day: 1.0,
            change: ChangeCost::default(),
            min_seats: 4,
            min_load_kg: f64::INFINITY,
            drive_limits: vec![],
        }
    }

    #[test]
    fn windows_follow_months_and_never_split_a_period() {
        let c = comp(&[(0, 30), (31, 58), (59, 89)], 90);
        assert_eq!(c.windows(31), vec![(0, 30), (31, 58), (59, 89)]);
        let q = comp(&[(0, 30), (31, 58), (59, 89), (0, 89)], 90);
        assert_eq!(q.windows(31), vec![(0, 89)]);
        let (w, ids) = c.window(31, 58);
        assert_eq!(ids, vec![1]);
        assert_eq!(w.days.first(), Some(&31));
        assert_eq!(w.days.last(), Some(&58));
    }

    #[test]
    fn partial_periods_owe_their_share_rounded_up() {
        assert_eq!(super::required_visits(1, 0.45), 1);
        assert_eq!(super::required_visits(3, 0.5), 2);
        assert_eq!(super::required_visits(3, 1.0), 3);
        assert_eq!(super::required_visits(2, 0.0), 0);
    }
}
