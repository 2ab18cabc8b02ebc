//! A random single edit of a valid plan (a tour moved to another date, another vehicle, another
//! clinician or slot name in a crew, a tour-day copied, a time or a distance changed, a stop made
//! twice) is either still valid or flagged, and the checker agrees exactly with a brute-force
//! recomputation written here from the scenario's data: tours outside the horizon, on days off, on
//! a vehicle's maintenance day, two tours of one vehicle or one clinician on one day, a clinician on
//! leave, a clinician in a slot they cannot fill, times the route does not allow or outside the
//! working day, a distance that is not the route's, a site twice on one tour.

mod common;

use chrono::{Datelike, NaiveDate};
use outreach::calendar::{format_clock, parse_clock};
use outreach::schedule::TourDay;
use outreach::travel::Travel;
use outreach::{check, Scenario, Schedule};
use proptest::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

/// The rules the oracle recomputes.
const RULES: &[&str] = &[
    "outside-horizon",
    "non-working-day",
    "vehicle-unavailable",
    "vehicle-double-booked",
    "clinician-double-booked",
    "clinician-unavailable",
    "crew-slot",
    "times",
    "distance",
    "site-twice",
];

fn valid() -> &'static (Scenario, Schedule) {
    static PLAN: OnceLock<(Scenario, Schedule)> = OnceLock::new();
    PLAN.get_or_init(|| {
        let s = common::bundled("tiny");
        let p = common::plan(&s, 20.0);
        assert!(check(&s, &p).is_empty());
        for d in 0..s.horizon.days {
            let weekday = s.horizon.date(d).weekday();
            assert_eq!(
                s.horizon.working[d],
                s.weekdays.contains(&weekday),
                "no holidays"
            );
        }
        (s, p)
    })
}

#[derive(Clone, Debug)]
enum Edit {
    /// Tour `k` moves to the horizon's start plus `days` (−3 to 20: some before, some after).
    Date { k: usize, days: i64 },
    /// Tour `k` runs on vehicle `v`.
    Vehicle { k: usize, v: usize },
    /// Crew member `m` of tour `k` is replaced by clinician `c` (same slot).
    Clinician { k: usize, m: usize, c: usize },
    /// Tour `k` is copied (new id) to the start plus `days`, on vehicle `v`.
    Copy { k: usize, days: i64, v: usize },
    /// Crew member `m` of tour `k` is listed in a slot of another name (`slot` picks one).
    Slot { k: usize, m: usize, slot: usize },
    /// A time of tour `k` moves by `minutes`: its departure (`at` 0), its return (1), or the
    /// arrival (2) or departure (3) at stop `stop`.
    Time {
        k: usize,
        at: usize,
        stop: usize,
        minutes: i64,
    },
    /// Tour `k`'s distance changes by `km` (0 included).
    Distance { k: usize, km: f64 },
    /// Stop `stop` of tour `k` is made twice (copied right after itself).
    Twice { k: usize, stop: usize },
}

const SLOTS: &[&str] = &["doctor", "nurse", "obstetrics specialist", "surgeon"];

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0usize..8, -3i64..20).prop_map(|(k, days)| Edit::Date { k, days }),
        (0usize..8, 0usize..2).prop_map(|(k, v)| Edit::Vehicle { k, v }),
        (0usize..8, 0usize..3, 0usize..6).prop_map(|(k, m, c)| Edit::Clinician { k, m, c }),
        (0usize..8, -3i64..20, 0usize..2).prop_map(|(k, days, v)| Edit::Copy { k, days, v }),
        (0usize..8, 0usize..3, 0usize..SLOTS.len()).prop_map(|(k, m, slot)| Edit::Slot {
            k,
            m,
            slot
        }),
        (0usize..8, 0usize..4, 0usize..6, -300i64..300).prop_map(|(k, at, stop, minutes)| {
            Edit::Time {
                k,
                at,
                stop,
                minutes,
            }
        }),
        (0usize..8, prop_oneof![Just(0.0), -30.0..30.0f64])
            .prop_map(|(k, km)| Edit::Distance { k, km }),
        (0usize..8, 0usize..6).prop_map(|(k, stop)| Edit::Twice { k, stop }),
    ]
}

fn apply(s: &Scenario, p: &Schedule, e: &Edit) -> Schedule {
    let mut p = p.clone();
    let n = p.tours.len();
    let day = |days: i64| s.horizon.start + chrono::Duration::days(days);
    match *e {
        Edit::Date { k, days } => p.tours[k % n].date = day(days),
        Edit::Vehicle { k, v } => p.tours[k % n].vehicle = s.vehicles[v].id.clone(),
        Edit::Clinician { k, m, c } => {
            let t = &mut p.tours[k % n];
            let m = m % t.crew.len();
            t.crew[m].clinician = s.clinicians[c].id.clone();
        }
        Edit::Copy { k, days, v } => {
            let mut t = p.tours[k % n].clone();
            t.id = format!("COPY{}", k % n);
            t.date = day(days);
            t.vehicle = s.vehicles[v].id.clone();
            p.tours.push(t);
        }
        Edit::Slot { k, m, slot } => {
            let t = &mut p.tours[k % n];
            let m = m % t.crew.len();
            t.crew[m].slot = SLOTS[slot].into();
        }
        Edit::Time {
            k,
            at,
            stop,
            minutes,
        } => {
            let t = &mut p.tours[k % n];
            let stop = stop % t.stops.len();
            let field = match at {
                0 => &mut t.depart,
                1 => &mut t.return_time,
                2 => &mut t.stops[stop].arrival,
                _ => &mut t.stops[stop].departure,
            };
            let moved = (parse_clock(field).unwrap() as i64 + minutes).clamp(0, 24 * 60 - 1);
            *field = format_clock(moved as f64);
        }
        Edit::Distance { k, km } => p.tours[k % n].distance_km += km,
        Edit::Twice { k, stop } => {
            let t = &mut p.tours[k % n];
            let stop = stop % t.stops.len();
            let again = t.stops[stop].clone();
            t.stops.insert(stop + 1, again);
        }
    }
    p
}

/// The route rules of one tour, recomputed from the travel table, the service times and the working
/// day: each arrival no earlier than the drive allows, each departure after the service, the return
/// after the drive back and within the working day, the distance the route's, each site once.
fn route_rules(s: &Scenario, travel: &Travel, t: &TourDay, out: &mut BTreeSet<&'static str>) {
    let clock_of = |x: &str| parse_clock(x).unwrap() as f64;
    let day_start = s.day_start_minutes as f64;
    let day_end = day_start + s.working_minutes;
    let base = s.bases.iter().position(|b| b.id == t.base).unwrap();
    let home = s.base_location(base);
    if clock_of(&t.depart) + 0.5 < day_start {
        out.insert("times");
    }
    let mut clock = day_start.max(clock_of(&t.depart));
    let (mut at, mut km) = (home, 0.0);
    let mut seen = Vec::new();
    for stop in &t.stops {
        let x = s.sites.iter().position(|x| x.id == stop.site).unwrap();
        if seen.contains(&x) {
            out.insert("site-twice");
        }
        seen.push(x);
        let loc = s.site_location(x);
        clock += travel.minutes(at, loc);
        km += travel.km(at, loc);
        at = loc;
        let arrival = clock_of(&stop.arrival);
        if arrival + 1.0 < clock.round() {
            out.insert("times");
        }
        clock = clock.max(arrival);
        let minutes = s
            .requirements
            .iter()
            .find(|r| r.site == x && r.specialty == stop.specialty)
            .map(|r| r.service_minutes)
            .unwrap_or(s.sites[x].service_minutes);
        let ready = clock + minutes;
        let left = clock_of(&stop.departure);
        if left + 1.0 < ready.round() {
            out.insert("times");
        }
        clock = ready.max(left);
    }
    clock += travel.minutes(at, home);
    km += travel.km(at, home);
    let back = clock_of(&t.return_time);
    if back + 1.0 < clock.round() || back > day_end + 0.5 + (clock - day_end).max(0.0) {
        out.insert("times");
    }
    if (t.distance_km - km).abs() > 0.05 + 1e-3 * km {
        out.insert("distance");
    }
}

/// The oracle: the rules of `RULES` the schedule breaks, from the scenario's data alone, with the
/// checker's documented precedence (a tour outside the horizon is judged on nothing else; on a
/// day off, maintenance is not looked at; a clinician booked twice is not also called on leave).
fn oracle(s: &Scenario, valid: &Schedule, p: &Schedule) -> BTreeSet<&'static str> {
    static TRAVEL: OnceLock<Travel> = OnceLock::new();
    let travel = TRAVEL.get_or_init(|| Travel::build(s));
    let mut out = BTreeSet::new();
    let end = s.horizon.start + chrono::Duration::days(s.horizon.days as i64 - 1);
    // `tiny` has no holidays (asserted in `valid`): a working day is a working weekday.
    let working = |d: NaiveDate| s.weekdays.contains(&d.weekday());
    let mut vehicle_days: HashMap<(&str, NaiveDate), ()> = HashMap::new();
    let mut clinician_days: HashMap<(&str, NaiveDate), ()> = HashMap::new();
    for t in &p.tours {
        if t.date < s.horizon.start || t.date > end {
            out.insert("outside-horizon");
            continue;
        }
        route_rules(s, travel, t, &mut out);
        if vehicle_days.insert((&t.vehicle, t.date), ()).is_some() {
            out.insert("vehicle-double-booked");
        }
        let v = s.vehicles.iter().find(|v| v.id == t.vehicle).unwrap();
        if !working(t.date) {
            out.insert("non-working-day");
        } else if v
            .unavailable
            .iter()
            .any(|&(a, b)| a <= t.date && t.date <= b)
        {
            out.insert("vehicle-unavailable");
        }
        // The tour's slots are those of the tour it was made from; each member names one of them
        // (a slot at most as often as the tour has it) and can fill it. A member booked twice is
        // judged on that alone.
        let source = match t.id.strip_prefix("COPY") {
            Some(k) => &valid.tours[k.parse::<usize>().unwrap()],
            None => valid.tours.iter().find(|v| v.id == t.id).unwrap(),
        };
        let mut open: Vec<&str> = source.crew.iter().map(|m| m.slot.as_str()).collect();
        for m in &t.crew {
            if clinician_days.insert((&m.clinician, t.date), ()).is_some() {
                out.insert("clinician-double-booked");
                continue;
            }
            let c = s.clinicians.iter().find(|c| c.id == m.clinician).unwrap();
            let fits = match m.slot.strip_suffix(" specialist") {
                Some(x) => c.specialties.iter().any(|k| k == x),
                None => m.slot.split('|').any(|r| r.trim() == c.role),
            };
            match open.iter().position(|&l| l == m.slot) {
                Some(i) => {
                    open.remove(i);
                    if !fits {
                        out.insert("crew-slot");
                    }
                }
                None => {
                    out.insert("crew-slot");
                }
            }
            let away = c.leave.iter().any(|&(a, b)| a <= t.date && t.date <= b);
            if !working(t.date) || !c.working_days.contains(&t.date.weekday()) || away {
                out.insert("clinician-unavailable");
            }
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn a_single_edit_is_valid_or_flagged_as_the_oracle_says(e in edit()) {
        let (s, p) = valid();
        let edited = apply(s, p, &e);
        let found = check(s, &edited);
        let rules: BTreeSet<&str> = found
            .iter()
            .map(|v| v.rule)
            .filter(|r| RULES.contains(r))
            .collect();
        prop_assert_eq!(&rules, &oracle(s, p, &edited), "{:?}: {:?}", e, found);
        // Valid, or flagged: an edit that breaks an oracle rule is never passed.
        prop_assert!(oracle(s, p, &edited).is_empty() || !found.is_empty());
    }
}

#[test]
fn the_oracle_sees_each_of_its_rules() {
    // The edits above reach every rule of the oracle, so agreement is not agreement on nothing.
    let (s, p) = valid();
    let t0: &TourDay = &p.tours[0];
    let mut seen = BTreeSet::new();
    for days in -3..20 {
        for v in 0..2 {
            for e in [
                Edit::Copy { k: 0, days, v },
                Edit::Date { k: 0, days },
                Edit::Vehicle { k: 0, v },
            ] {
                seen.extend(oracle(s, p, &apply(s, p, &e)));
            }
        }
    }
    for c in 0..6 {
        for m in 0..t0.crew.len() {
            for days in 0..14 {
                let moved = apply(s, p, &Edit::Date { k: 0, days });
                seen.extend(oracle(
                    s,
                    p,
                    &apply(s, &moved, &Edit::Clinician { k: 0, m, c }),
                ));
            }
        }
    }
    for at in 0..4 {
        for minutes in [-240, -30, 30, 240] {
            let e = Edit::Time {
                k: 0,
                at,
                stop: 0,
                minutes,
            };
            seen.extend(oracle(s, p, &apply(s, p, &e)));
        }
    }
    for e in [
        Edit::Slot {
            k: 0,
            m: 0,
            slot: 3,
        },
        Edit::Distance { k: 0, km: 5.0 },
        Edit::Twice { k: 0, stop: 0 },
    ] {
        seen.extend(oracle(s, p, &apply(s, p, &e)));
    }
    for r in RULES {
        assert!(seen.contains(r), "no edit reaches {r}: {seen:?}");
    }
}
