//! A random single edit of a valid plan (a tour moved to another date, another vehicle, another
//! clinician in a slot, a tour-day copied) is either still valid or flagged, and for the calendar
//! and booking rules the checker agrees exactly with a brute-force recomputation written here from
//! the scenario's data: tours outside the horizon, on days off, on a vehicle's maintenance day,
//! two tours of one vehicle or one clinician on one day, a clinician on leave.

mod common;

use chrono::{Datelike, NaiveDate};
use outreach::schedule::TourDay;
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
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0usize..8, -3i64..20).prop_map(|(k, days)| Edit::Date { k, days }),
        (0usize..8, 0usize..2).prop_map(|(k, v)| Edit::Vehicle { k, v }),
        (0usize..8, 0usize..3, 0usize..6).prop_map(|(k, m, c)| Edit::Clinician { k, m, c }),
        (0usize..8, -3i64..20, 0usize..2).prop_map(|(k, days, v)| Edit::Copy { k, days, v }),
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
            t.id = "COPY".into();
            t.date = day(days);
            t.vehicle = s.vehicles[v].id.clone();
            p.tours.push(t);
        }
    }
    p
}

/// The oracle: the rules of `RULES` the schedule breaks, from the scenario's data alone, with the
/// checker's documented precedence (a tour outside the horizon is judged on nothing else; on a
/// day off, maintenance is not looked at; a clinician booked twice is not also called on leave).
fn oracle(s: &Scenario, p: &Schedule) -> BTreeSet<&'static str> {
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
        for m in &t.crew {
            if clinician_days.insert((&m.clinician, t.date), ()).is_some() {
                out.insert("clinician-double-booked");
                continue;
            }
            let c = s.clinicians.iter().find(|c| c.id == m.clinician).unwrap();
            let away = c.leave.iter().any(|&(a, b)| a <= t.date && t.date <= b);
            if !working(t.date) || !c.working_days.contains(&t.date.weekday()) || away {
                out.insert("clinician-unavailable");
            }
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

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
        prop_assert_eq!(&rules, &oracle(s, &edited), "{:?}: {:?}", e, found);
        // Valid, or flagged: an edit that breaks an oracle rule is never passed.
        prop_assert!(oracle(s, &edited).is_empty() || !found.is_empty());
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
                seen.extend(oracle(s, &apply(s, p, &e)));
            }
        }
    }
    for c in 0..6 {
        for m in 0..t0.crew.len() {
            for days in 0..14 {
                let moved = apply(s, p, &Edit::Date { k: 0, days });
                seen.extend(oracle(
                    s,
                    &apply(s, &moved, &Edit::Clinician { k: 0, m, c }),
                ));
            }
        }
    }
    for r in RULES {
        assert!(seen.contains(r), "no edit reaches {r}: {seen:?}");
    }
}
