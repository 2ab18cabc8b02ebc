//! Independent verification of a schedule against its scenario. Every hard rule is recomputed from the
//! scenario (travel times, calendars, requirements); nothing the planner computed is trusted, so
//! hand-edited schedules can be checked the same way.

use crate::calendar::{parse_clock, Horizon};
use crate::model::required_visits;
use crate::scenario::Scenario;
use crate::schedule::{Schedule, TourDay};
use crate::travel::Travel;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

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
            let want: Vec<String> = slots
                .iter()
                .map(|(x, sp)| {
                    if *sp {
                        format!("{x} specialist")
                    } else {
                        x.clone()
                    }
                })
                .collect();
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

/// Each crew member's stated slot is one of the tour's slots, no slot is stated more often than the
/// tour has it, and the member can fill it (role, or specialty).
fn slot_labels(
    cx: &mut Ctx,
    t: &TourDay,
    stated: &[(usize, &crate::schedule::CrewMember)],
    slots: &[(String, bool)],
) {
    let label = |(x, specialty): &(String, bool)| {
        if *specialty {
            format!("{x} specialist")
        } else {
            x.clone()
        }
    };
    let mut open: Vec<(String, &(String, bool))> = slots.iter().map(|x| (label(x), x)).collect();
    for (c, m) in stated {
        let cl = &cx.s.clinicians[*c];
        let Some(i) = open.iter().position(|(l, _)| *l == m.slot) else {
            let known: Vec<String> = slots.iter().map(label).collect();
            cx.add(
                "crew-slot",
                Some(t),
                None,
                Some(&cl.id),
                format!(
                    "{} ({}) is listed in slot `{}`, which the tour does not have (or has fewer times); its slots: {}",
                    cl.id,
                    cl.name,
                    m.slot,
                    known.join(", ")
                ),
            );
            continue;
        };
        let (_, slot) = open.remove(i);
        let fits = if slot.1 {
            cl.specialties.contains(&slot.0)
        } else {
            crate::scenario::fills_role(&slot.0, &cl.role)
        };
        if !fits {
            cx.add(
                "crew-slot",
                Some(t),
                None,
                Some(&cl.id),
                format!(
                    "{} ({}), a {}, cannot fill the `{}` slot",
                    cl.id, cl.name, cl.role, m.slot
                ),
            );
        }
    }
}

/// Where a tour-day starts or ends: `Ok(None)` for the base, `Ok(Some(lodging))`, or `Err` (reported as
/// `lodging-missing`, once per trip and place) when the id is not a lodging.
#[allow(clippy::too_many_arguments)]
fn endpoint(
    cx: &mut Ctx,
    reported: &mut HashSet<(String, String)>,
    lodging_ix: &HashMap<&str, usize>,
    site_ix: &HashMap<&str, usize>,
    base_ix: &HashMap<&str, usize>,
    t: &TourDay,
    (verb, field): (&str, &str),
    id: Option<&str>,
) -> Result<Option<usize>, ()> {
    let Some(id) = id else {
        return Ok(None);
    };
    if let Some(&l) = lodging_ix.get(id) {
        return Ok(Some(l));
    }
    let key = (
        t.trip.clone().unwrap_or_else(|| t.id.clone()),
        id.to_string(),
    );
    if reported.insert(key) {
        let s = cx.s;
        let message = if let Some(&x) = site_ix.get(id) {
            format!(
                "the day {verb} at site {id} ({}), which is not a lodging: nights need a place in lodgings.csv",
                s.sites[x].name
            )
        } else if let Some(&b) = base_ix.get(id) {
            format!(
                "the day {verb} at base {id} ({}), which is not a lodging: nights need a place in lodgings.csv, and the base is written by leaving `{field}` out",
                s.bases[b].name
            )
        } else {
            format!("lodging `{id}`, where the day {verb}, is not in lodgings.csv")
        };
        cx.add("lodging-missing", Some(t), Some(id), None, message);
    }
    Err(())
}

/// Rules over whole multi-day trips: their shape (`trip-broken`), the load of the whole trip, altitude
/// clearance over every stop and night, and the ascent rules over the nights.
fn trips(
    cx: &mut Ctx,
    schedule: &Schedule,
    base_ix: &HashMap<&str, usize>,
    site_ix: &HashMap<&str, usize>,
    veh_ix: &HashMap<&str, usize>,
    cl_ix: &HashMap<&str, usize>,
    lodging_ix: &HashMap<&str, usize>,
) {
    let s = cx.s;
    let place = |x: &Option<String>| x.clone().unwrap_or_else(|| "the base".into());
    let mut groups: BTreeMap<&str, Vec<&TourDay>> = BTreeMap::new();
    for t in &schedule.tours {
        match &t.trip {
            Some(id) => groups.entry(id.as_str()).or_default().push(t),
            None if t.from.is_some() || t.to.is_some() => cx.add(
                "trip-broken",
                Some(t),
                None,
                None,
                format!(
                    "the day runs from {} to {} but belongs to no trip: a day away from the base needs `trip`, `trip_day` and `trip_days`",
                    place(&t.from),
                    place(&t.to)
                ),
            ),
            None => {}
        }
    }
    for (id, mut days) in groups {
        days.sort_by_key(|t| (t.date, t.trip_day));
        let n = days.len();
        let (first, last) = (days[0], days[n - 1]);

        // Shape.
        if n as u32 > s.trips.max_days {
            cx.add(
                "trip-broken",
                Some(first),
                None,
                None,
                format!(
                    "trip {id} runs {n} days, over the limit of {} days ([tours] max_days) by {}",
                    s.trips.max_days,
                    n as u32 - s.trips.max_days
                ),
            );
        }
        for (i, t) in days.iter().enumerate() {
            if t.trip_day as usize != i + 1 || t.trip_days as usize != n {
                cx.add(
                    "trip-broken",
                    Some(t),
                    None,
                    None,
                    format!(
                        "trip {id}: {} is listed as day {} of {}, but it is day {} of the {n} days the schedule holds",
                        t.date,
                        t.trip_day,
                        t.trip_days,
                        i + 1
                    ),
                );
            }
        }
        // An explicit base id is reported as `lodging-missing` (the base is written as no `from`/`to`).
        if first.from.as_ref().is_some_and(|x| *x != first.base) {
            cx.add(
                "trip-broken",
                Some(first),
                first.from.as_deref(),
                None,
                format!(
                    "trip {id} starts from {} on {}, not from the base: its first day leaves from the base",
                    place(&first.from),
                    first.date
                ),
            );
        }
        if last.to.as_ref().is_some_and(|x| *x != last.base) {
            cx.add(
                "trip-broken",
                Some(last),
                last.to.as_deref(),
                None,
                format!(
                    "trip {id} ends at {} on its last day ({}), not at the base",
                    place(&last.to),
                    last.date
                ),
            );
        }
        for (i, w) in days.windows(2).enumerate() {
            let (a, b) = (w[0], w[1]);
            if b.date == a.date {
                cx.add(
                    "trip-broken",
                    Some(b),
                    None,
                    None,
                    format!("trip {id} has two days on {}", b.date),
                );
            } else if a.date.succ_opt() != Some(b.date) {
                cx.add(
                    "trip-broken",
                    Some(b),
                    None,
                    None,
                    format!(
                        "trip {id} has a gap: it runs on {} and then on {}; a trip's days follow each other",
                        a.date, b.date
                    ),
                );
            }
            if a.vehicle != b.vehicle {
                cx.add(
                    "trip-broken",
                    Some(b),
                    None,
                    None,
                    format!(
                        "trip {id} changes vehicle on {}: {} before, {} now; one vehicle runs the whole trip",
                        b.date, a.vehicle, b.vehicle
                    ),
                );
            }
            let (ca, cb) = (crew_of(a), crew_of(b));
            if ca != cb {
                let list = |c: &BTreeSet<&str>| c.iter().copied().collect::<Vec<_>>().join(", ");
                cx.add(
                    "trip-broken",
                    Some(b),
                    None,
                    None,
                    format!(
                        "trip {id} changes crew on {}: [{}] before, [{}] now; the crew stays together for the whole trip",
                        b.date,
                        list(&ca),
                        list(&cb)
                    ),
                );
            }
            if a.to.is_none() {
                cx.add(
                    "trip-broken",
                    Some(a),
                    None,
                    None,
                    format!(
                        "trip {id} returns to base on {}, day {} of {n}, before the end: every night but the last is spent at a lodging",
                        a.date,
                        i + 1
                    ),
                );
            } else if a.to != b.from {
                cx.add(
                    "trip-broken",
                    Some(b),
                    b.from.as_deref(),
                    None,
                    format!(
                        "trip {id} sleeps at {} on {} but starts from {} on {}",
                        place(&a.to),
                        a.date,
                        place(&b.from),
                        b.date
                    ),
                );
            }
        }

        // Load: the supplies for every stop of the trip leave the base in its vehicle.
        if let Some(&v) = veh_ix.get(first.vehicle.as_str()) {
            let vehicle = &s.vehicles[v];
            let sites: Vec<usize> = days
                .iter()
                .flat_map(|t| &t.stops)
                .filter_map(|st| site_ix.get(st.site.as_str()).copied())
                .collect();
            let load: f64 = sites.iter().map(|&x| s.sites[x].load_kg).sum();
            if load > vehicle.max_load_kg + 1e-9 {
                cx.add(
                    "vehicle-load",
                    Some(first),
                    None,
                    None,
                    format!(
                        "trip {id} takes {load:.1} kg of supplies for its {} stops over {n} days, but vehicle {} carries at most {:.1} kg ({:.1} kg over)",
                        sites.len(),
                        vehicle.id,
                        vehicle.max_load_kg,
                        load - vehicle.max_load_kg
                    ),
                );
            }
        }

        // Clearance: the highest place of the trip, stop or lodging, against every crew member.
        if let Some(limit) = s.clearance_above_m {
            let mut high: Option<(f64, &str, &str, &TourDay)> = None;
            for &t in &days {
                let stops = t.stops.iter().filter_map(|st| {
                    site_ix
                        .get(st.site.as_str())
                        .map(|&x| (s.sites[x].altitude_m, s.sites[x].id.as_str(), "site"))
                });
                let lodgings = [&t.from, &t.to].into_iter().flatten().filter_map(|l| {
                    lodging_ix.get(l.as_str()).map(|&l| {
                        let l = &s.lodgings[l];
                        (l.altitude_m, l.id.as_str(), "lodging")
                    })
                });
                for (alt, place, kind) in stops.chain(lodgings) {
                    if high.is_none_or(|h| alt > h.0) {
                        high = Some((alt, place, kind, t));
                    }
                }
            }
            if let Some((alt, place, kind, at)) = high.filter(|h| h.0 > limit) {
                let mut seen = HashSet::new();
                for m in days.iter().flat_map(|t| &t.crew) {
                    let Some(&c) = cl_ix.get(m.clinician.as_str()) else {
                        continue;
                    };
                    let cl = &s.clinicians[c];
                    if !cl.altitude_cleared && seen.insert(c) {
                        cx.add(
                            "altitude-clearance",
                            Some(at),
                            Some(place),
                            Some(&cl.id),
                            format!(
                                "{} ({}) is not cleared for altitude, but trip {id} reaches {kind} {place} at {alt:.0} m, above the {limit:.0} m line",
                                cl.id, cl.name
                            ),
                        );
                    }
                }
            }
        }

        // Ascent: sleeping altitudes base, nights…, base.
        let Some(&base) = base_ix.get(first.base.as_str()) else {
            continue;
        };
        let mut sleeps = vec![s.bases[base].altitude_m];
        let mut places = Vec::new();
        for t in &days {
            // The base's own id stands for the base here (and is reported as `lodging-missing`).
            let to = t.to.as_deref().filter(|&l| l != first.base);
            match to.map(|l| lodging_ix.get(l)) {
                None => {
                    sleeps.push(s.bases[base].altitude_m);
                    places.push(format!("base {} ({}", s.bases[base].id, s.bases[base].name));
                }
                Some(Some(&l)) => {
                    sleeps.push(s.lodgings[l].altitude_m);
                    places.push(format!("{} ({}", s.lodgings[l].id, s.lodgings[l].name));
                }
                Some(None) => break, // not a lodging: reported as lodging-missing
            }
        }
        if sleeps.len() != n + 1 {
            continue;
        }
        for (night, rule, why) in s.altitude.ascent_problems(&sleeps) {
            let t = days[night - 1];
            cx.add(
                rule,
                Some(t),
                Some(t.to.as_deref().unwrap_or(&first.base)),
                None,
                format!(
                    "trip {id} sleeps at {}, {:.0} m) on {}: {why}",
                    places[night - 1],
                    sleeps[night],
                    t.date
                ),
            );
        }
    }
}

/// The clinicians of a tour-day, as a set.
fn crew_of(t: &TourDay) -> BTreeSet<&str> {
    t.crew.iter().map(|m| m.clinician.as_str()).collect()
}

/// Rules over the nights at lodgings: open on that night, enough beds, and each clinician's monthly
/// nights up high.
fn lodging_nights(cx: &mut Ctx, nights: &[(usize, &TourDay)], cl_ix: &HashMap<&str, usize>) {
    use chrono::Datelike;
    let s = cx.s;
    for &(l, t) in nights {
        if s.lodging_open(l, t.date) {
            continue;
        }
        let lodging = &s.lodgings[l];
        let why = s
            .lodging_closures
            .iter()
            .find(|c| c.site == l && c.from <= t.date && t.date <= c.to)
            .map(|c| c.reason.clone())
            .unwrap_or_else(|| {
                let w: Vec<String> = lodging
                    .windows
                    .iter()
                    .map(|(a, b)| format!("{a}..{b}"))
                    .collect();
                format!("outside its windows {}", w.join(", "))
            });
        cx.add(
            "lodging-closed",
            Some(t),
            Some(&lodging.id),
            None,
            format!(
                "{} ({}) is closed on the night of {} ({why})",
                lodging.id, lodging.name, t.date
            ),
        );
    }

    let mut beds: BTreeMap<(usize, NaiveDate), Vec<&TourDay>> = BTreeMap::new();
    for &(l, t) in nights {
        beds.entry((l, t.date)).or_default().push(t);
    }
    for ((l, date), tours) in beds {
        let lodging = &s.lodgings[l];
        let persons: u32 = tours
            .iter()
            .map(|t| t.crew.len() as u32 + s.trips.driver_beds)
            .sum();
        if persons > lodging.beds {
            let ids: Vec<&str> = tours.iter().map(|t| t.id.as_str()).collect();
            cx.out.push(Violation {
                rule: "lodging-beds",
                date: Some(date),
                tour: (tours.len() == 1).then(|| tours[0].id.clone()),
                vehicle: (tours.len() == 1).then(|| tours[0].vehicle.clone()),
                site: Some(lodging.id.clone()),
                clinician: None,
                message: format!(
                    "{} ({}) has {} beds, but {persons} people sleep there on the night of {date} ({} {}: crew and {} driver bed(s) each), {} too many",
                    lodging.id,
                    lodging.name,
                    lodging.beds,
                    if ids.len() == 1 { "tour" } else { "tours" },
                    ids.join(", "),
                    s.trips.driver_beds,
                    persons - lodging.beds
                ),
            });
        }
    }

    // Nights up high per clinician and calendar month (a night counts once per person).
    let limit = s.altitude.high_night_above_m;
    let mut high: BTreeMap<(usize, (i32, u32)), BTreeSet<NaiveDate>> = BTreeMap::new();
    for &(l, t) in nights {
        if s.lodgings[l].altitude_m <= limit {
            continue;
        }
        for m in &t.crew {
            if let Some(&c) = cl_ix.get(m.clinician.as_str()) {
                high.entry((c, (t.date.year(), t.date.month())))
                    .or_default()
                    .insert(t.date);
            }
        }
    }
    for ((c, (y, m)), dates) in high {
        let cl = &s.clinicians[c];
        let n = dates.len() as u32;
        if n > cl.max_high_nights_per_month {
            cx.out.push(Violation {
                rule: "altitude-nights",
                date: dates.iter().next_back().copied(),
                tour: None,
                vehicle: None,
                site: None,
                clinician: Some(cl.id.clone()),
                message: format!(
                    "{} ({}) sleeps {n} night{} above {limit:.0} m in {y}-{m:02}, over the limit of {} by {}",
                    cl.id,
                    cl.name,
                    if n == 1 { "" } else { "s" },
                    cl.max_high_nights_per_month,
                    n - cl.max_high_nights_per_month
                ),
            });
        }
    }
}

/// Is there an assignment of distinct crew members to all slots (bipartite matching)?
pub(crate) fn crew_fills(s: &Scenario, crew: &[usize], slots: &[(String, bool)]) -> bool {
    let can = |c: usize, slot: &(String, bool)| {
        let cl = &s.clinicians[c];
        if slot.1 {
            cl.specialties.contains(&slot.0)
        } else {
            crate::scenario::fills_role(&slot.0, &cl.role)
        }
    };
    let mut owner: Vec<Option<usize>> = vec![None; crew.len()];
    fn augment(
        slot: usize,
        slots: &[(String, bool)],
        crew: &[usize],
        can: &dyn Fn(usize, &(String, bool)) -> bool,
        owner: &mut [Option<usize>],
        seen: &mut [bool],
    ) -> bool {
        for (i, &c) in crew.iter().enumerate() {
            if !seen[i] && can(c, &slots[slot]) {
                seen[i] = true;
                if owner[i].is_none_or(|o| augment(o, slots, crew, can, owner, seen)) {
                    owner[i] = Some(slot);
                    return true;
                }
            }
        }
        false
    }
    (0..slots.len()).all(|k| {
        augment(
            k,
            slots,
            crew,
            &can,
            &mut owner,
            &mut vec![false; crew.len()],
        )
    })
}

fn limits(cx: &mut Ctx, h: &Horizon, clinician_days: &BTreeMap<usize, Vec<usize>>) {
    for (&c, days) in clinician_days {
        let cl = &cx.s.clinicians[c];
        let mut days = days.clone();
        days.sort();
        days.dedup();
        let mut per: BTreeMap<(i32, u32), u32> = BTreeMap::new();
        for &d in &days {
            *per.entry(h.week_key(d)).or_default() += 1;
        }
        for ((y, w), n) in per {
            if n > cl.max_days_per_week {
                cx.add(
                    "clinician-week-limit",
                    None,
                    None,
                    Some(&cl.id),
                    format!(
                        "{} ({}) works {n} days in week {y}-W{w:02}, over the limit of {} by {}",
                        cl.id,
                        cl.name,
                        cl.max_days_per_week,
                        n - cl.max_days_per_week
                    ),
                );
            }
        }
        let mut per: BTreeMap<(i32, u32), u32> = BTreeMap::new();
        for &d in &days {
            *per.entry(h.month_key(d)).or_default() += 1;
        }
        for ((y, m), n) in per {
            if n > cl.max_days_per_month {
                cx.add(
                    "clinician-month-limit",
                    None,
                    None,
                    Some(&cl.id),
                    format!(
                        "{} ({}) works {n} days in {y}-{m:02}, over the limit of {} by {}",
                        cl.id,
                        cl.name,
                        cl.max_days_per_month,
                        n - cl.max_days_per_month
                    ),
                );
            }
        }
        let mut run = 0;
        for (i, &d) in days.iter().enumerate() {
            run = if i > 0 && days[i - 1] + 1 == d {
                run + 1
            } else {
                1
            };
            if run == cl.max_consecutive_days + 1 {
                cx.add(
                    "clinician-consecutive-limit",
                    None,
                    None,
                    Some(&cl.id),
                    format!(
                        "{} ({}) works more than {} days in a row, up to {}",
                        cl.id,
                        cl.name,
                        cl.max_consecutive_days,
                        h.date(d)
                    ),
                );
            }
        }
    }
}

fn requirements(
    cx: &mut Ctx,
    schedule: &Schedule,
    visits: &HashMap<(usize, Option<String>), Vec<usize>>,
) {
    let s = cx.s;
    let h = &s.horizon;
    for r in &s.requirements {
        let site = &s.sites[r.site];
        let mut days = visits
            .get(&(r.site, r.specialty.clone()))
            .cloned()
            .unwrap_or_default();
        days.sort();
        for w in days.windows(2) {
            let apart = w[1] - w[0];
            if apart < r.min_spacing_days.max(1) as usize {
                cx.out.push(Violation {
                    rule: "spacing",
                    date: Some(h.date(w[1])),
                    tour: None,
                    vehicle: None,
                    site: Some(site.id.clone()),
                    clinician: None,
                    message: format!(
                        "{} is visited on {} and {}, {apart} day(s) apart; the minimum is {} ({} short)",
                        site.id, h.date(w[0]), h.date(w[1]), r.min_spacing_days.max(1), r.min_spacing_days.max(1) as usize - apart
                    ),
                });
            }
        }
        let periods = h.periods(r.period);
        for p in periods {
            let required = required_visits(r.visits, p.share);
            let done = days
                .iter()
                .filter(|&&d| d >= p.first_day && d <= p.last_day)
                .count() as u32;
            let listed: u32 = schedule
                .summary
                .unmet
                .iter()
                .filter(|u| u.site == site.id && u.period == p.label && u.specialty == r.specialty)
                .map(|u| u.missing)
                .sum();
            if listed > required.saturating_sub(done) {
                // A visit listed as missed that is made: field teams would plan it again.
                let message = format!(
                    "{} ({}) gets {done} of {required} visit(s) in {}, but summary.unmet lists {listed} missing; list {}",
                    site.id,
                    site.name,
                    p.label,
                    required.saturating_sub(done)
                );
                cx.add("unmet-overstated", None, Some(&site.id), None, message);
            }
            if done >= required {
                continue;
            }
            if listed < required - done {
                let what = r
                    .specialty
                    .as_ref()
                    .map(|k| format!("{k} "))
                    .unwrap_or_default();
                let message = format!(
                    "{} ({}) gets {done} of {required} {what}visit(s) in {} and the shortfall is not listed in summary.unmet",
                    site.id, site.name, p.label
                );
                cx.add("requirement-unmet", None, Some(&site.id), None, message);
            }
        }
    }
}
