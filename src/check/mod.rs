//! Independent verification of a schedule against its scenario. Every hard rule is recomputed from the
//! scenario (travel times, calendars, requirements); nothing the planner computed is trusted, so
//! hand-edited schedules can be checked the same way.

mod crew;
mod trips;

pub(crate) use crew::crew_fills;
use crew::{limits, requirements, slot_label, slot_labels};
use trips::{endpoint, lodging_nights, trips};

use crate::calendar::parse_clock;
use crate::scenario::Scenario;
use crate::schedule::{Schedule, TourDay};
use crate::travel::Travel;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// One broken rule, in plain words.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Violation {
    /// Stable rule code, e.g. `vehicle-double-booked`.
    pub rule: &'static str,
    pub date: Option<NaiveDate>,
    pub tour: Option<String>,
    pub vehicle: Option<String>,
    pub site: Option<String>,
    pub clinician: Option<String>,
    pub message: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "[{}]", self.rule)?;
        if let Some(d) = self.date {
            write!(f, " {d}")?;
        }
        if let Some(t) = &self.tour {
            write!(f, " tour {t}")?;
        }
        write!(f, ": {}", self.message)
    }
}

struct Ctx<'a> {
    s: &'a Scenario,
    out: Vec<Violation>,
}

impl Ctx<'_> {
    fn add(
        &mut self,
        rule: &'static str,
        t: Option<&TourDay>,
        site: Option<&str>,
        clinician: Option<&str>,
        message: String,
    ) {
        self.out.push(Violation {
            rule,
            date: t.map(|t| t.date),
            tour: t.map(|t| t.id.clone()),
            vehicle: t.map(|t| t.vehicle.clone()),
            site: site.map(str::to_string),
            clinician: clinician.map(str::to_string),
            message,
        });
    }
}

/// Checks every hard rule; an empty list means the schedule is valid for the scenario.
pub fn check(s: &Scenario, schedule: &Schedule) -> Vec<Violation> {
    let travel = Travel::build(s);
    let h = &s.horizon;
    let base_ix: HashMap<&str, usize> = s
        .bases
        .iter()
        .enumerate()
        .map(|(i, b)| (b.id.as_str(), i))
        .collect();
    let site_ix: HashMap<&str, usize> = s
        .sites
        .iter()
        .enumerate()
        .map(|(i, x)| (x.id.as_str(), i))
        .collect();
    let veh_ix: HashMap<&str, usize> = s
        .vehicles
        .iter()
        .enumerate()
        .map(|(i, v)| (v.id.as_str(), i))
        .collect();
    let cl_ix: HashMap<&str, usize> = s
        .clinicians
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let lodging_ix: HashMap<&str, usize> = s
        .lodgings
        .iter()
        .enumerate()
        .map(|(i, l)| (l.id.as_str(), i))
        .collect();
    let mut cx = Ctx { s, out: Vec::new() };
    // A schedule of another scenario breaks nearly every rule of this one: say that once instead.
    if schedule.scenario != s.name {
        cx.add(
            "wrong-scenario",
            None,
            None,
            None,
            format!(
                "the schedule was planned for scenario `{}`, not `{}`; check it against its own scenario",
                schedule.scenario, s.name
            ),
        );
        return cx.out;
    }
    let mut tour_ids: HashSet<&str> = HashSet::new();
    // Nights away: (lodging, the tour-day that ends there).
    let mut nights: Vec<(usize, &TourDay)> = Vec::new();
    // Places already reported as not lodgings, per trip (or tour-day), so a night is reported once.
    let mut not_lodgings: HashSet<(String, String)> = HashSet::new();
    let mut vehicle_days: HashMap<(usize, NaiveDate), &str> = HashMap::new();
    let mut clinician_days: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut clinician_seen: HashMap<(usize, NaiveDate), &str> = HashMap::new();
    // Visits per (site, specialty): the days they happen.
    let mut visits: HashMap<(usize, Option<String>), Vec<usize>> = HashMap::new();

    for t in &schedule.tours {
        if !tour_ids.insert(t.id.as_str()) {
            cx.add(
                "duplicate-id",
                Some(t),
                None,
                None,
                format!("tour id {} is used by more than one tour-day", t.id),
            );
        }
        let Some(day) = h.day_of(t.date) else {
            cx.add(
                "outside-horizon",
                Some(t),
                None,
                None,
                format!("{} is outside the horizon {}..{}", t.date, h.start, h.end()),
            );
            continue;
        };
        let Some(&v) = veh_ix.get(t.vehicle.as_str()) else {
            cx.add(
                "unknown-id",
                Some(t),
                None,
                None,
                format!("vehicle `{}` is not in the scenario", t.vehicle),
            );
            continue;
        };
        let vehicle = &s.vehicles[v];
        let Some(&base) = base_ix.get(t.base.as_str()) else {
            cx.add(
                "unknown-id",
                Some(t),
                None,
                None,
                format!("base `{}` is not in the scenario", t.base),
            );
            continue;
        };
        if vehicle.base != base {
            cx.add(
                "vehicle-wrong-base",
                Some(t),
                None,
                None,
                format!(
                    "vehicle {} belongs to base {}, not {}",
                    vehicle.id, s.bases[vehicle.base].id, t.base
                ),
            );
        }
        if let Some(other) = vehicle_days.insert((v, t.date), &t.id) {
            cx.add(
                "vehicle-double-booked",
                Some(t),
                None,
                None,
                format!(
                    "vehicle {} already runs tour {other} on {}",
                    vehicle.id, t.date
                ),
            );
        }
        if !h.working[day] {
            cx.add(
                "non-working-day",
                Some(t),
                None,
                None,
                format!("{} is not a working day (weekend or holiday)", t.date),
            );
        } else if !s.vehicle_available(v, day) {
            cx.add(
                "vehicle-unavailable",
                Some(t),
                None,
                None,
                format!("vehicle {} is in maintenance on {}", vehicle.id, t.date),
            );
        }

        // Route: times and distances recomputed from the scenario, from where the day starts (the base
        // or a lodging) to where it ends. An end that is not a lodging is reported, and the day's
        // times and lengths are then not checked.
        let ends = {
            let mut end = |verb: &str, field: &str, id: Option<&str>| {
                endpoint(
                    &mut cx,
                    &mut not_lodgings,
                    &lodging_ix,
                    &site_ix,
                    &base_ix,
                    t,
                    (verb, field),
                    id,
                )
            };
            (
                end("starts", "from", t.from.as_deref()),
                end("ends", "to", t.to.as_deref()),
            )
        };
        let route_ok = ends.0.is_ok() && ends.1.is_ok();
        let place = |e: Result<Option<usize>, ()>| match e {
            Ok(Some(l)) => s.lodging_location(l),
            _ => s.base_location(base),
        };
        let (start, end) = (place(ends.0), place(ends.1));
        if let Ok(Some(l)) = ends.1 {
            nights.push((l, t));
        }
        let mut at = start;
        let (mut drive, mut service, mut km) = (0.0, 0.0, 0.0);
        let day_start = s.day_start_minutes as f64;
        let day_end = day_start + s.working_minutes;
        let mut clock = day_start;
        match parse_clock(&t.depart) {
            Ok(d) if (d as f64) + 0.5 < day_start => cx.add(
                "times",
                Some(t),
                None,
                None,
                format!(
                    "departure {} is before the working day starts ({})",
                    t.depart,
                    crate::calendar::format_clock(day_start)
                ),
            ),
            Ok(d) => clock = clock.max(d as f64),
            Err(_) => cx.add(
                "times",
                Some(t),
                None,
                None,
                format!("departure `{}` is not a time (HH:MM)", t.depart),
            ),
        }
        let mut specialties_needed: Vec<String> = Vec::new();
        let mut seen_sites = Vec::new();
        for stop in &t.stops {
            let Some(&x) = site_ix.get(stop.site.as_str()) else {
                cx.add(
                    "unknown-id",
                    Some(t),
                    Some(&stop.site),
                    None,
                    format!("site `{}` is not in the scenario", stop.site),
                );
                continue;
            };
            if seen_sites.contains(&x) {
                cx.add(
                    "site-twice",
                    Some(t),
                    Some(&stop.site),
                    None,
                    format!("site {} is visited twice on one tour", stop.site),
                );
            }
            seen_sites.push(x);
            let loc = s.site_location(x);
            drive += travel.minutes(at, loc);
            km += travel.km(at, loc);
            clock += travel.minutes(at, loc);
            let spec = stop.specialty.as_ref().map(|k| k.to_ascii_lowercase());
            let req = s
                .requirements
                .iter()
                .find(|r| r.site == x && r.specialty == spec);
            let minutes = req
                .map(|r| r.service_minutes)
                .unwrap_or(s.sites[x].service_minutes);
            // Where the day's start is not known (reported above), only the stated times are
            // compared: departure after the stated arrival and the service.
            let mut arrived = clock;
            if let Ok(listed) = parse_clock(&stop.arrival) {
                arrived = listed as f64;
                if route_ok && (listed as f64) + 1.0 < clock.round() {
                    cx.add(
                        "times",
                        Some(t),
                        Some(&stop.site),
                        None,
                        format!(
                            "arrival {} at {} is earlier than the route allows ({})",
                            stop.arrival,
                            stop.site,
                            crate::calendar::format_clock(clock)
                        ),
                    );
                }
                clock = clock.max(listed as f64);
            } else {
                cx.add(
                    "times",
                    Some(t),
                    Some(&stop.site),
                    None,
                    format!("arrival `{}` is not a time (HH:MM)", stop.arrival),
                );
            }
            let ready = if route_ok { clock } else { arrived } + minutes;
            match parse_clock(&stop.departure) {
                Ok(left) if (left as f64) + 1.0 < ready.round() => cx.add(
                    "times",
                    Some(t),
                    Some(&stop.site),
                    None,
                    format!(
                        "departure {} from {} leaves {:.0} of the {minutes:.0} service minutes (arrival {})",
                        stop.departure,
                        stop.site,
                        (left as f64 - (ready - minutes)).max(0.0),
                        stop.arrival
                    ),
                ),
                Ok(left) => clock = ready.max(left as f64),
                Err(_) => cx.add(
                    "times",
                    Some(t),
                    Some(&stop.site),
                    None,
                    format!("departure `{}` is not a time (HH:MM)", stop.departure),
                ),
            }
            clock = clock.max(ready);
            service += minutes;
            at = loc;
            if let Some(c) = s.closure_on(x, t.date) {
                cx.add(
                    "site-closed",
                    Some(t),
                    Some(&stop.site),
                    None,
                    format!(
                        "the road to {} is closed on {} ({})",
                        stop.site, t.date, c.reason
                    ),
                );
            } else if !s.site_open(x, t.date) {
                cx.add(
                    "site-out-of-window",
                    Some(t),
                    Some(&stop.site),
                    None,
                    format!(
                        "{} is outside its visiting windows on {}",
                        stop.site, t.date
                    ),
                );
            }
            if let Some(k) = &spec {
                specialties_needed.push(k.clone());
            }
            visits.entry((x, spec)).or_default().push(day);
        }
        drive += travel.minutes(at, end);
        km += travel.km(at, end);
        clock += travel.minutes(at, end);
        let work = drive + service;
        if route_ok {
            match parse_clock(&t.return_time) {
                Ok(back) if (back as f64) + 1.0 < clock.round() => cx.add(
                    "times",
                    Some(t),
                    None,
                    None,
                    format!(
                        "return {} is earlier than the route allows ({})",
                        t.return_time,
                        crate::calendar::format_clock(clock)
                    ),
                ),
                Ok(back) if (back as f64) > day_end + 0.5 + (clock - day_end).max(0.0) => cx.add(
                    "times",
                    Some(t),
                    None,
                    None,
                    format!(
                        "return {} is after the working day ends ({})",
                        t.return_time,
                        crate::calendar::format_clock(day_end)
                    ),
                ),
                Ok(_) => {}
                Err(_) => cx.add(
                    "times",
                    Some(t),
                    None,
                    None,
                    format!("return `{}` is not a time (HH:MM)", t.return_time),
                ),
            }
            // Distances are stated to 0.01 km; the route's own, recomputed, must match.
            if !(t.distance_km.is_finite() && (t.distance_km - km).abs() <= 0.05 + 1e-3 * km) {
                cx.add(
                    "distance",
                    Some(t),
                    None,
                    None,
                    format!(
                        "distance_km {} differs from the route's {km:.2} km",
                        t.distance_km
                    ),
                );
            }
        }
        // For a trip day, say where it runs: `from L01 to the base`.
        let leg = if t.from.is_some() || t.to.is_some() {
            let name = |x: &Option<String>| x.clone().unwrap_or_else(|| "the base".into());
            format!(" from {} to {}", name(&t.from), name(&t.to))
        } else {
            String::new()
        };
        if route_ok && work > s.working_minutes + 0.5 {
            cx.add("tour-too-long", Some(t), None, None, format!(
                "the tour{leg} takes {work:.0} min (driving {drive:.0} + service {service:.0}), over the {:.0}-min working day by {:.0} min",
                s.working_minutes, work - s.working_minutes
            ));
        }
        if route_ok && drive > vehicle.max_drive_minutes + 0.5 {
            cx.add(
                "drive-limit",
                Some(t),
                None,
                None,
                format!(
                    "vehicle {} drives {drive:.0} min{leg}, over its limit of {:.0} min by {:.0} min",
                    vehicle.id,
                    vehicle.max_drive_minutes,
                    drive - vehicle.max_drive_minutes
                ),
            );
        }

        // Crew: each slot filled by a distinct, available clinician of the base.
        let mut crew = Vec::new();
        let mut stated = Vec::new();
        for m in &t.crew {
            let Some(&c) = cl_ix.get(m.clinician.as_str()) else {
                cx.add(
                    "unknown-id",
                    Some(t),
                    None,
                    Some(&m.clinician),
                    format!("clinician `{}` is not in the scenario", m.clinician),
                );
                continue;
            };
            let cl = &s.clinicians[c];
            if cl.base != base {
                cx.add(
                    "clinician-wrong-base",
                    Some(t),
                    None,
                    Some(&cl.id),
                    format!(
                        "{} ({}) works at base {}, not {}",
                        cl.id, cl.name, s.bases[cl.base].id, t.base
                    ),
                );
            }
            if let Some(other) = clinician_seen.insert((c, t.date), &t.id) {
                cx.add(
                    "clinician-double-booked",
                    Some(t),
                    None,
                    Some(&cl.id),
                    format!(
                        "{} ({}) is already on tour {other} on {}",
                        cl.id, cl.name, t.date
                    ),
                );
                continue;
            }
            if !s.clinician_available(c, day) {
                cx.add(
                    "clinician-unavailable",
                    Some(t),
                    None,
                    Some(&cl.id),
                    format!(
                        "{} ({}) is on leave or off duty on {}",
                        cl.id, cl.name, t.date
                    ),
                );
            }
            clinician_days.entry(c).or_default().push(day);
            crew.push(c);
            stated.push((c, m));
        }
        let mut slots: Vec<(String, bool)> = Vec::new(); // (role or specialty, is_specialty)
        for (role, n) in &s.crew {
            slots.extend((0..*n).map(|_| (role.clone(), false)));
        }
        specialties_needed.sort();
        specialties_needed.dedup();
        slots.extend(specialties_needed.into_iter().map(|k| (k, true)));
        if !crew_fills(s, &crew, &slots) {
            let want: Vec<String> = slots.iter().map(slot_label).collect();
            cx.add(
                "crew-missing",
                Some(t),
                None,
                None,
                format!(
                    "the crew cannot fill the slots [{}], one person per slot",
                    want.join(", ")
                ),
            );
        }
        slot_labels(&mut cx, t, &stated, &slots);
        if crew.len() as u32 > vehicle.seats {
            cx.add(
                "seats",
                Some(t),
                None,
                None,
                format!(
                    "{} crew in vehicle {} with {} seats",
                    crew.len(),
                    vehicle.id,
                    vehicle.seats
                ),
            );
        }
        // Above the clearance line, every crew member must be cleared for altitude (a trip is checked
        // as a whole in `trips`).
        if let (Some(limit), None) = (s.clearance_above_m, &t.trip) {
            let high = t
                .stops
                .iter()
                .filter_map(|st| site_ix.get(st.site.as_str()))
                .map(|&i| &s.sites[i])
                .filter(|x| x.altitude_m > limit)
                .max_by(|a, b| a.altitude_m.total_cmp(&b.altitude_m));
            if let Some(site) = high {
                for m in &t.crew {
                    let Some(&c) = cl_ix.get(m.clinician.as_str()) else {
                        continue;
                    };
                    if !s.clinicians[c].altitude_cleared {
                        cx.add(
                            "altitude-clearance",
                            Some(t),
                            Some(&site.id),
                            Some(&m.clinician),
                            format!(
                                "{} ({}) is not cleared for altitude, but {} lies at {:.0} m, above the {:.0} m line",
                                m.clinician, m.name, site.id, site.altitude_m, limit
                            ),
                        );
                    }
                }
            }
        }
        let load: f64 = t
            .stops
            .iter()
            .filter_map(|st| site_ix.get(st.site.as_str()))
            .map(|&i| s.sites[i].load_kg)
            .sum();
        if t.trip.is_none() && load > vehicle.max_load_kg + 1e-9 {
            cx.add(
                "vehicle-load",
                Some(t),
                None,
                None,
                format!(
                    "{load:.1} kg of supplies for the stops, but vehicle {} carries at most {:.1} kg ({:.1} kg over)",
                    vehicle.id,
                    vehicle.max_load_kg,
                    load - vehicle.max_load_kg
                ),
            );
        }
    }

    limits(&mut cx, h, &clinician_days);
    trips(
        &mut cx,
        schedule,
        &base_ix,
        &site_ix,
        &veh_ix,
        &cl_ix,
        &lodging_ix,
    );
    lodging_nights(&mut cx, &nights, &cl_ix);
    requirements(&mut cx, schedule, &visits);
    cx.out
}
