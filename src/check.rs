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
use std::collections::{BTreeMap, HashMap};

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
    let mut cx = Ctx { s, out: Vec::new() };
    let mut vehicle_days: HashMap<(usize, NaiveDate), &str> = HashMap::new();
    let mut clinician_days: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut clinician_seen: HashMap<(usize, NaiveDate), &str> = HashMap::new();
    // Visits per (site, specialty): the days they happen.
    let mut visits: HashMap<(usize, Option<String>), Vec<usize>> = HashMap::new();

    for t in &schedule.tours {
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

        // Route: times and distances recomputed from the scenario.
        let mut at = s.base_location(base);
        let (mut drive, mut service) = (0.0, 0.0);
        let mut clock = s.day_start_minutes as f64;
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
            clock += travel.minutes(at, loc);
            let spec = stop.specialty.as_ref().map(|k| k.to_ascii_lowercase());
            let req = s
                .requirements
                .iter()
                .find(|r| r.site == x && r.specialty == spec);
            let minutes = req
                .map(|r| r.service_minutes)
                .unwrap_or(s.sites[x].service_minutes);
            if let Ok(listed) = parse_clock(&stop.arrival) {
                if (listed as f64) + 1.0 < clock.round() {
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
            clock += minutes;
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
        drive += travel.minutes(at, s.base_location(base));
        let work = drive + service;
        if work > s.working_minutes + 0.5 {
            cx.add("tour-too-long", Some(t), None, None, format!(
                "the tour takes {work:.0} min (driving {drive:.0} + service {service:.0}), over the {:.0}-min working day by {:.0} min",
                s.working_minutes, work - s.working_minutes
            ));
        }
        if drive > vehicle.max_drive_minutes + 0.5 {
            cx.add(
                "drive-limit",
                Some(t),
                None,
                None,
                format!(
                    "vehicle {} drives {drive:.0} min, over its limit of {:.0} min by {:.0} min",
                    vehicle.id,
                    vehicle.max_drive_minutes,
                    drive - vehicle.max_drive_minutes
                ),
            );
        }

        // Crew: each slot filled by a distinct, available clinician of the base.
        let mut crew = Vec::new();
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
        // Above the clearance line, every crew member must be cleared for altitude.
        if let Some(limit) = s.clearance_above_m {
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
        if load > vehicle.max_load_kg + 1e-9 {
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
    requirements(&mut cx, schedule, &visits);
    cx.out
}

/// Is there an assignment of distinct crew members to all slots (bipartite matching)?
fn crew_fills(s: &Scenario, crew: &[usize], slots: &[(String, bool)]) -> bool {
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
            if done >= required {
                continue;
            }
            let listed: u32 = schedule
                .summary
                .unmet
                .iter()
                .filter(|u| u.site == site.id && u.period == p.label && u.specialty == r.specialty)
                .map(|u| u.missing)
                .sum();
            if listed < required - done {
                let what = r
                    .specialty
                    .as_ref()
                    .map(|k| format!("{k} "))
                    .unwrap_or_default();
                cx.out.push(Violation {
                    rule: "requirement-unmet",
                    date: None,
                    tour: None,
                    vehicle: None,
                    site: Some(site.id.clone()),
                    clinician: None,
                    message: format!(
                        "{} ({}) gets {done} of {required} {what}visit(s) in {} and the shortfall is not listed in summary.unmet",
                        site.id, site.name, p.label
                    ),
                });
            }
        }
    }
}
