//! The solver-ready form of a scenario: one `Component` per base (bases share no sites, vehicles or
//! clinicians, so each is planned on its own), with requirements expanded into per-period demands.

use crate::calendar::Period;
use crate::scenario::Scenario;
use crate::travel::Travel;

/// What one tour stop does: serve one requirement of one site.
#[derive(Clone, Debug)]
pub struct Service {
    /// Index into `Scenario::requirements`.
    pub requirement: usize,
    pub site: usize,
    pub location: usize,
    pub specialty: Option<String>,
    pub service_minutes: f64,
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

/// A crew slot kind: a role of the default crew, or a specialist that a stop asks for.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SlotKind {
    Role(String),
    Specialty(String),
}

impl SlotKind {
    pub fn label(&self) -> String {
        match self {
            SlotKind::Role(r) => r.clone(),
            SlotKind::Specialty(s) => format!("{s} specialist"),
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
    pub min_seats: u32,
    /// Distinct daily driving limits of the base's vehicles, ascending.
    pub drive_limits: Vec<f64>,
}

pub struct Model<'a> {
    pub scenario: &'a Scenario,
    pub travel: Travel,
    pub components: Vec<Component>,
}

impl<'a> Model<'a> {
    pub fn build(scenario: &'a Scenario) -> Model<'a> {
        let travel = Travel::build(scenario);
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
                min_seats: vehicles
                    .iter()
                    .map(|&v| s.vehicles[v].seats)
                    .min()
                    .unwrap_or(0),
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
    #[test]
    fn partial_periods_owe_their_share_rounded_up() {
        assert_eq!(super::required_visits(1, 0.45), 1);
        assert_eq!(super::required_visits(3, 0.5), 2);
        assert_eq!(super::required_visits(3, 1.0), 3);
        assert_eq!(super::required_visits(2, 0.0), 0);
    }
}
