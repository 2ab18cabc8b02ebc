//! Candidate tours: day routes from a base through some services and back. A tour is independent of
//! the date; the integer program decides on which days it runs. Pools are built by exhaustive
//! enumeration where a base is small enough (then the pool holds every feasible tour and the plan's
//! bound covers the whole problem), otherwise by construction and local search.

mod engine;
mod enumerate;
mod heuristic;
pub mod sisr;
mod timewarp;
pub mod trips;

pub use engine::{engine_tours, Engined, ENGINE_UP_TO};
pub use enumerate::enumerate;
pub use heuristic::{construct, dedup, improve_order, neighbours, price as heuristic_price};

use crate::model::{Component, SlotKind};
use crate::scenario::Scenario;
use crate::travel::Travel;

#[derive(Clone, Debug, PartialEq)]
pub struct Tour {
    /// Services (indices into `Component::services`) in visiting order.
    pub stops: Vec<usize>,
    pub km: f64,
    pub drive_minutes: f64,
    pub work_minutes: f64,
    /// Planning cost: km × mean cost per km + mean cost per vehicle-day of the base (+ its change
    /// cost in a re-plan).
    pub cost: f64,
    /// Crew slots by kind (sorted).
    pub slots: Vec<(SlotKind, u32)>,
}

impl Tour {
    /// A tour of `stops` with no length, unit cost and no crew: for tests of what is built on
    /// tours (covers, starts) rather than of tours themselves.
    #[cfg(test)]
    pub(crate) fn of_stops(stops: &[usize]) -> Tour {
        Tour {
            stops: stops.to_vec(),
            km: 0.0,
            drive_minutes: 0.0,
            work_minutes: 0.0,
            cost: 1.0,
            slots: vec![],
        }
    }
}

/// The set of services a list of stops visits, sorted: what tells two tours apart in a pool
/// (the order is the tour's own business).
pub fn stop_set(stops: &[usize]) -> Vec<usize> {
    let mut k = stops.to_vec();
    k.sort_unstable();
    k
}

/// The limits a tour of a component must fit.
pub struct Limits {
    pub working_minutes: f64,
    pub max_drive_minutes: f64,
    pub seats: u32,
    /// Supplies a tour may carry, in kg.
    pub max_load_kg: f64,
}

impl Limits {
    pub fn of(s: &Scenario, c: &Component) -> Limits {
        Limits {
            working_minutes: s.working_minutes,
            max_drive_minutes: c.drive_limits.last().copied().unwrap_or(0.0),
            seats: c.min_seats,
            max_load_kg: c.min_load_kg,
        }
    }
}

/// Drive time and distance of base → stops → base.
pub fn route_length(c: &Component, travel: &Travel, stops: &[usize]) -> (f64, f64) {
    let mut at = c.base_location;
    let (mut km, mut min) = (0.0, 0.0);
    for &s in stops {
        let to = c.services[s].location;
        km += travel.km(at, to);
        min += travel.minutes(at, to);
        at = to;
    }
    km += travel.km(at, c.base_location);
    min += travel.minutes(at, c.base_location);
    (km, min)
}

pub fn crew_slots(s: &Scenario, c: &Component, stops: &[usize]) -> Vec<(SlotKind, u32)> {
    let mut slots: Vec<(SlotKind, u32)> = s
        .crew
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(r, n)| (SlotKind::Role(r.clone()), *n))
        .collect();
    let mut specialties: Vec<&String> = stops
        .iter()
        .filter_map(|&x| c.services[x].specialty.as_ref())
        .collect();
    specialties.sort();
    specialties.dedup();
    slots.extend(
        specialties
            .into_iter()
            .map(|k| (SlotKind::Specialty(k.clone()), 1)),
    );
    // Above the clearance line, every slot takes an altitude-cleared clinician.
    if stops.iter().any(|&x| s.needs_clearance(c.services[x].site)) {
        for slot in &mut slots {
            slot.0 = slot.0.clone().cleared();
        }
    }
    slots.sort();
    slots
}

/// Builds the tour for stops in the given order; `None` when it breaks a limit.
pub fn make_tour(
    s: &Scenario,
    c: &Component,
    travel: &Travel,
    limits: &Limits,
    stops: Vec<usize>,
) -> Option<Tour> {
    let (km, drive) = route_length(c, travel, &stops);
    let service: f64 = stops.iter().map(|&x| c.services[x].service_minutes).sum();
    let load: f64 = stops.iter().map(|&x| c.services[x].load_kg).sum();
    let slots = crew_slots(s, c, &stops);
    let crew: u32 = slots.iter().map(|(_, n)| n).sum();
    let distinct_sites = {
        let mut v: Vec<usize> = stops.iter().map(|&x| c.services[x].site).collect();
        v.sort();
        v.dedup();
        v.len()
    };
    let fits = drive + service <= limits.working_minutes + 1e-6
        && drive <= limits.max_drive_minutes + 1e-6
        && crew <= limits.seats
        && load <= limits.max_load_kg + 1e-9
        && distinct_sites == stops.len()
        && !stops.is_empty();
    if !fits {
        return None;
    }
    Some(Tour {
        cost: km * c.cost_per_km + c.cost_per_day + c.change.of(stops.len(), crew),
        stops,
        km,
        drive_minutes: drive,
        work_minutes: drive + service,
        slots,
    })
}

/// Whether all the tour's sites are open on a day.
pub fn runs_on(c: &Component, t: &Tour, day: usize) -> bool {
    t.stops.iter().all(|&x| c.services[x].open[day])
}
