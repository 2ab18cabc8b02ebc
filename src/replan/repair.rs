//! Mending a tour-day that an event breaks, in place where that changes less than cancelling it:
//! another free vehicle of the base for a vehicle out of service, another free clinician who can
//! fill the slot for one absent. A closed village, or a repair nobody can make, cancels the
//! tour-day; its visits are then planned again.

use crate::scenario::{fills_role, ReplanToml, Scenario};
use crate::schedule::TourDay;
use chrono::{Datelike, NaiveDate};
use std::collections::{HashMap, HashSet};

/// Who is busy on which day with the tour-days kept so far, and how many days each clinician
/// works per week and month (for their limits).
#[derive(Default)]
pub struct Busy {
    pub vehicles: HashSet<(String, NaiveDate)>,
    pub clinicians: HashSet<(String, NaiveDate)>,
    days: HashMap<String, Vec<NaiveDate>>,
}

impl Busy {
    pub fn add(&mut self, t: &TourDay) {
        self.vehicles.insert((t.vehicle.clone(), t.date));
        for c in &t.crew {
            if self.clinicians.insert((c.clinician.clone(), t.date)) {
                self.days
                    .entry(c.clinician.clone())
                    .or_default()
                    .push(t.date);
            }
        }
    }

    /// Whether one more day on `date` keeps clinician `c` within their week, month and
    /// consecutive-day limits.
    fn within_limits(&self, s: &Scenario, c: usize, date: NaiveDate) -> bool {
        let cl = &s.clinicians[c];
        let mut days: Vec<NaiveDate> = self.days.get(&cl.id).cloned().unwrap_or_default();
        days.push(date);
        days.sort();
        days.dedup();
        let week = days
            .iter()
            .filter(|d| d.iso_week() == date.iso_week())
            .count();
        let month = days
            .iter()
            .filter(|d| (d.year(), d.month()) == (date.year(), date.month()))
            .count();
        let mut run = 0u32;
        let mut longest = 0u32;
        let mut last: Option<NaiveDate> = None;
        for &d in &days {
            run = match last {
                Some(l) if (d - l).num_days() == 1 => run + 1,
                _ => 1,
            };
            longest = longest.max(run);
            last = Some(d);
        }
        week as u32 <= cl.max_days_per_week
            && month as u32 <= cl.max_days_per_month
            && longest <= cl.max_consecutive_days
    }
}

/// What an event did to one tour-day.
#[derive(Clone, Debug, PartialEq)]
pub enum Fix {
    /// Runs as before with another vehicle.
    Vehicle { old: String },
    /// Runs as before with `new` in the slot of `old`.
    Crew { old: String, new: String },
}

/// A tour-day mended in place, or `None` when it must be cancelled. `broken_vehicle` and
/// `absent` say what the events took from it; `closed` that a village of it is closed.
#[allow(clippy::too_many_arguments)]
pub fn mend(
    s: &Scenario,
    t: &TourDay,
    day: usize,
    broken_vehicle: bool,
    absent: &[String],
    closed: bool,
    busy: &Busy,
    w: &ReplanToml,
) -> Option<(TourDay, Vec<Fix>)> {
    // A day of a multi-day trip moves with its team and lodgings: the trip is planned again.
    if closed || t.trip.is_some() {
        return None;
    }
    let mut out = t.clone();
    let mut fixes = Vec::new();
    let mut cost = 0.0;
    if broken_vehicle {
        let old = s.vehicles.iter().position(|v| v.id == t.vehicle)?;
        let base = s.vehicles[old].base;
        let spare = (0..s.vehicles.len()).find(|&v| {
            let x = &s.vehicles[v];
            v != old
                && x.base == base
                && s.vehicle_available(v, day)
                && !busy.vehicles.contains(&(x.id.clone(), t.date))
                && x.max_drive_minutes + 1e-6 >= t.drive_minutes
                && x.seats as usize >= t.crew.len()
                && x.max_load_kg + 1e-6 >= t.load_kg
        })?;
        out.vehicle = s.vehicles[spare].id.clone();
        fixes.push(Fix::Vehicle {
            old: t.vehicle.clone(),
        });
        // Each village keeps its day but moves to another vehicle.
        cost += w.village * t.stops.len() as f64;
    }
    let high = t.stops.iter().any(|x| {
        s.sites
            .iter()
            .position(|site| site.id == x.site)
            .is_some_and(|i| s.needs_clearance(i))
    });
    let mut taken: HashSet<String> = t.crew.iter().map(|c| c.clinician.clone()).collect();
    for m in out.crew.iter_mut() {
        if !absent.contains(&m.clinician) {
            continue;
        }
        let base = s.bases.iter().position(|b| b.id == t.base)?;
        let stand_in = (0..s.clinicians.len()).find(|&c| {
            let cl = &s.clinicians[c];
            cl.base == base
                && !taken.contains(&cl.id)
                && s.clinician_available(c, day)
                && !busy.clinicians.contains(&(cl.id.clone(), t.date))
                && fills_slot(&m.slot, &cl.role, &cl.specialties)
                && (!high || cl.altitude_cleared)
                && busy.within_limits(s, c, t.date)
        })?;
        let cl = &s.clinicians[stand_in];
        taken.insert(cl.id.clone());
        fixes.push(Fix::Crew {
            old: m.clinician.clone(),
            new: cl.id.clone(),
        });
        m.clinician = cl.id.clone();
        m.name = cl.name.clone();
        cost += w.clinician_day;
    }
    // Cancelling costs the tour-day and moves each of its villages to another day.
    let cancel = w.tour_day + w.village * t.stops.len() as f64;
    (cost <= cancel).then_some((out, fixes))
}

/// Whether a clinician of `role` with `specialties` can fill a slot named as in a schedule
/// (`doctor`, `cardiology specialist`).
fn fills_slot(slot: &str, role: &str, specialties: &[String]) -> bool {
    match slot.strip_suffix(" specialist") {
        Some(x) => specialties.iter().any(|s| s == x),
        None => fills_role(slot, role),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_filled_by_role_or_specialty() {
        assert!(fills_slot("doctor", "doctor", &[]));
        assert!(!fills_slot("doctor", "nurse", &[]));
        assert!(fills_slot(
            "cardiology specialist",
            "doctor",
            &["cardiology".into()]
        ));
        assert!(!fills_slot("cardiology specialist", "doctor", &[]));
    }
}
