//! Independent verification of a schedule against its scenario. Every hard rule is recomputed from the
//! scenario (travel times, calendars, requirements); nothing the planner computed is trusted, so
//! hand-edited schedules can be checked the same way.

mod crew;
mod rota;
mod route;
mod trips;

pub use rota::{check_kept, check_rota, ROTA_RULES};

pub(crate) use crew::crew_fills;
use crew::{limits, requirements, slot_label, slot_labels};
use route::{day_limits, walk};
use trips::{endpoint, lodging_nights, trips};

use crate::lang::{self, Lang, Text};
use crate::scenario::Scenario;
use crate::schedule::{Schedule, TourDay};
use crate::text;
use crate::travel::Travel;
use chrono::NaiveDate;
use serde::{Serialize, Serializer};
use std::collections::{BTreeMap, HashMap, HashSet};

/// One broken rule, in plain words.
#[derive(Clone, Debug, PartialEq)]
pub struct Violation {
    /// Stable rule code, e.g. `vehicle-double-booked`.
    pub rule: &'static str,
    pub date: Option<NaiveDate>,
    pub tour: Option<String>,
    pub vehicle: Option<String>,
    pub site: Option<String>,
    pub clinician: Option<String>,
    /// What is wrong, in either language (`check-…` messages of `locales/*/check.ftl`).
    pub message: Text,
}

impl Violation {
    /// The violation as one line in `lang`: `[rule] date tour T: message`. The rule code stays
    /// as it is, in every language: it is what scripts and the README name.
    pub fn render(&self, lang: Lang) -> String {
        let mut out = format!("[{}]", self.rule);
        if let Some(d) = self.date {
            out.push_str(&format!(" {d}"));
        }
        if let Some(t) = &self.tour {
            out.push(' ');
            out.push_str(&text!("check-line-tour", tour = t).render(lang));
        }
        out.push_str(
            &text!("check-line-message", message = self.message.render(lang)).render(lang),
        );
        out
    }
}

impl std::fmt::Display for Violation {
    /// The line in the language of the run.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render(lang::current()))
    }
}

/// `check --json` and other files: the message rendered in the language of the run, and its id.
impl Serialize for Violation {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Line<'a> {
            rule: &'a str,
            date: Option<NaiveDate>,
            tour: &'a Option<String>,
            vehicle: &'a Option<String>,
            site: &'a Option<String>,
            clinician: &'a Option<String>,
            message: String,
            message_id: &'a str,
        }
        Line {
            rule: self.rule,
            date: self.date,
            tour: &self.tour,
            vehicle: &self.vehicle,
            site: &self.site,
            clinician: &self.clinician,
            message: self.message.to_string(),
            message_id: &self.message.id,
        }
        .serialize(serializer)
    }
}

/// Every rule code the checker reports (`Violation::rule`), each with a title in both languages.
pub const RULES: [&str; 36] = [
    "wrong-scenario",
    "duplicate-id",
    "outside-horizon",
    "unknown-id",
    "vehicle-wrong-base",
    "vehicle-double-booked",
    "non-working-day",
    "vehicle-unavailable",
    "lodging-missing",
    "times",
    "site-twice",
    "site-closed",
    "site-out-of-window",
    "distance",
    "tour-too-long",
    "drive-limit",
    "clinician-wrong-base",
    "clinician-double-booked",
    "clinician-unavailable",
    "crew-missing",
    "crew-slot",
    "seats",
    "altitude-clearance",
    "vehicle-load",
    "clinician-week-limit",
    "clinician-month-limit",
    "clinician-consecutive-limit",
    "spacing",
    "unmet-overstated",
    "requirement-unmet",
    "trip-broken",
    "altitude-gain",
    "altitude-rest-day",
    "lodging-closed",
    "lodging-beds",
    "altitude-nights",
];

/// A short title of a rule code in `lang` (`check-rule-<code>`), for reports and tables: the
/// code itself when it has none.
pub fn rule_title(rule: &str, lang: Lang) -> String {
    let id = format!("check-rule-{rule}");
    let title = Text::new(&id).render(lang);
    if title == id {
        rule.to_string()
    } else {
        title
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
        message: Text,
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
            text!(
                "check-wrong-scenario",
                planned = &schedule.scenario,
                scenario = &s.name
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
                text!("check-duplicate-id", tour = &t.id),
            );
        }
        let Some(day) = h.day_of(t.date) else {
            cx.add(
                "outside-horizon",
                Some(t),
                None,
                None,
                text!(
                    "check-outside-horizon",
                    date = t.date.to_string(),
                    start = h.start.to_string(),
                    end = h.end().to_string()
                ),
            );
            continue;
        };
        let Some(&v) = veh_ix.get(t.vehicle.as_str()) else {
            cx.add(
                "unknown-id",
                Some(t),
                None,
                None,
                text!("check-unknown-vehicle", vehicle = &t.vehicle),
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
                text!("check-unknown-base", base = &t.base),
            );
            continue;
        };
        if vehicle.base != base {
            cx.add(
                "vehicle-wrong-base",
                Some(t),
                None,
                None,
                text!(
                    "check-vehicle-wrong-base",
                    vehicle = &vehicle.id,
                    home = &s.bases[vehicle.base].id,
                    base = &t.base
                ),
            );
        }
        if let Some(other) = vehicle_days.insert((v, t.date), &t.id) {
            cx.add(
                "vehicle-double-booked",
                Some(t),
                None,
                None,
                text!(
                    "check-vehicle-double-booked",
                    vehicle = &vehicle.id,
                    other = other,
                    date = t.date.to_string()
                ),
            );
        }
        if !h.working[day] {
            cx.add(
                "non-working-day",
                Some(t),
                None,
                None,
                text!("check-non-working-day", date = t.date.to_string()),
            );
        } else if !s.vehicle_available(v, day) {
            cx.add(
                "vehicle-unavailable",
                Some(t),
                None,
                None,
                text!(
                    "check-vehicle-unavailable",
                    vehicle = &vehicle.id,
                    date = t.date.to_string()
                ),
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
        let w = walk(
            &mut cx,
            t,
            day,
            &travel,
            &site_ix,
            (start, end),
            route_ok,
            &mut visits,
        );
        day_limits(&mut cx, t, vehicle, &w, route_ok);
        let mut specialties_needed = w.specialties;

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
                    text!("check-unknown-clinician", clinician = &m.clinician),
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
                    text!(
                        "check-clinician-wrong-base",
                        clinician = &cl.id,
                        name = &cl.name,
                        home = &s.bases[cl.base].id,
                        base = &t.base
                    ),
                );
            }
            if let Some(other) = clinician_seen.insert((c, t.date), &t.id) {
                cx.add(
                    "clinician-double-booked",
                    Some(t),
                    None,
                    Some(&cl.id),
                    text!(
                        "check-clinician-double-booked",
                        clinician = &cl.id,
                        name = &cl.name,
                        other = other,
                        date = t.date.to_string()
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
                    text!(
                        "check-clinician-unavailable",
                        clinician = &cl.id,
                        name = &cl.name,
                        date = t.date.to_string()
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
                text!("check-crew-missing", slots = want.join(", ")),
            );
        }
        slot_labels(&mut cx, t, &stated, &slots);
        if crew.len() as u32 > vehicle.seats {
            cx.add(
                "seats",
                Some(t),
                None,
                None,
                text!(
                    "check-seats",
                    crew = crew.len(),
                    vehicle = &vehicle.id,
                    seats = vehicle.seats
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
                            text!(
                                "check-altitude-clearance",
                                clinician = &m.clinician,
                                name = &m.name,
                                site = &site.id,
                                altitude = format!("{:.0}", site.altitude_m),
                                limit = format!("{limit:.0}")
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
                text!(
                    "check-vehicle-load",
                    load = format!("{load:.1}"),
                    vehicle = &vehicle.id,
                    max = format!("{:.1}", vehicle.max_load_kg),
                    over = format!("{:.1}", load - vehicle.max_load_kg)
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

/// `m` with where a day away from the base runs, `from` and `to` (absent: the base): the
/// messages say `from L01 to the base`.
fn with_leg(m: Text, from: &Option<String>, to: &Option<String>) -> Text {
    place_arg(place_arg(m, "from", from), "to", to).arg("leg", "trip")
}

/// A place of a trip as the arguments `name` (the id, or empty) and `name_kind` (`base` when
/// absent, else `place`), so that each catalogue says "the base" in its own words.
pub(super) fn place_arg(m: Text, name: &str, place: &Option<String>) -> Text {
    let kind = format!("{name}_kind");
    match place {
        Some(p) => m.arg(name, p).arg(&kind, "place"),
        None => m.arg(name, "").arg(&kind, "base"),
    }
}

#[cfg(test)]
mod tests;
