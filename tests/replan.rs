//! `outreach replan` through the library: a plan meets events mid-horizon. What happened stays,
//! what no event breaks stays, and the new plan passes `check` against the scenario with the
//! events applied.

mod replan_common;

use outreach::replan::events::{self, Origin};
use outreach::replan::{replan, ReplanError};
use outreach::{Options, Schedule};
use proptest::prelude::*;
use replan_common::*;

#[test]
fn replan_without_events_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let s = outreach::load_dir(&scenario_dir(dir.path(), 10, 1)).unwrap();
    let old = plan(&s);
    assert!(
        old.tours.len() >= 6,
        "enough tour-days to matter: {}",
        old.tours.len()
    );
    let r = run(&s, &old, "2027-03-10", &[]);
    assert!(r.changes.is_empty());
    assert_eq!(
        serde_json::to_string(&r.schedule.tours).unwrap(),
        serde_json::to_string(&old.tours).unwrap()
    );
    assert_eq!(r.schedule.summary.unmet, old.summary.unmet);
    assert_eq!(r.schedule.summary.visits_met, old.summary.visits_met);
}

#[test]
fn a_vehicle_out_changes_only_its_base_and_names_the_event() {
    let dir = tempfile::tempdir().unwrap();
    let s = outreach::load_dir(&scenario_dir(dir.path(), 10, 2)).unwrap();
    let old = plan(&s);
    let busy = old
        .tours
        .iter()
        .find(|t| t.date >= date("2027-03-15") && t.base == "B1")
        .expect("B1 works after the 15th");
    let evs = vec![event(
        &s,
        "vehicle-out",
        &format!("{}:{}..2027-03-19", busy.vehicle, busy.date),
    )];
    let r = run(&s, &old, "2027-03-08", &evs);
    assert_kept(&old, &r, "2027-03-08", &evs);
    assert!(!r.changes.is_empty());
    assert!(
        r.changes.iter().all(|c| c.base == "B1"),
        "B2 keeps its plan"
    );
    assert!(r
        .changes
        .iter()
        .all(|c| c.events.iter().any(|e| e.starts_with("vehicle-out "))));
    assert!(!r
        .schedule
        .tours
        .iter()
        .any(|t| t.vehicle == busy.vehicle && evs[0].covers(t.date)));
    // No new tour-day in the published window (two working days from the date).
    for t in &r.schedule.tours {
        if !old.tours.iter().any(|o| o.id == t.id) {
            assert!(
                t.date >= date("2027-03-10"),
                "{} in the published window",
                t.id
            );
        }
    }
    let (broken, changed) = r.per_base["B1"];
    assert!(broken >= 1 && changed >= broken);
}

#[test]
fn a_clinician_absent_gets_a_stand_in_on_the_same_tour_day() {
    let dir = tempfile::tempdir().unwrap();
    let s = outreach::load_dir(&scenario_dir(dir.path(), 10, 3)).unwrap();
    let old = plan(&s);
    let t = old
        .tours
        .iter()
        .find(|t| t.date >= date("2027-03-15"))
        .unwrap();
    let who = &t.crew[0].clinician;
    let evs = vec![event(&s, "absent", &format!("{who}:{}", t.date))];
    let r = run(&s, &old, "2027-03-08", &evs);
    assert_kept(&old, &r, "2027-03-08", &evs);
    let mended = r.schedule.tours.iter().find(|x| x.id == t.id).unwrap();
    assert_eq!(mended.sequence, t.sequence + 1);
    assert_eq!(
        mended.stops, t.stops,
        "the villages keep their day and vehicle"
    );
    assert!(!mended.crew.iter().any(|c| &c.clinician == who));
    let off = r
        .changes
        .iter()
        .find(|c| c.clinician.as_deref() == Some(who.as_str()))
        .unwrap();
    assert_eq!(off.kind.code(), "clinician-off");
}

#[test]
fn a_closed_village_is_not_visited_while_closed() {
    let dir = tempfile::tempdir().unwrap();
    let s = outreach::load_dir(&scenario_dir(dir.path(), 10, 4)).unwrap();
    let old = plan(&s);
    let t = old
        .tours
        .iter()
        .find(|t| t.date >= date("2027-03-15") && t.date <= date("2027-03-19"))
        .unwrap();
    let site = t.stops[0].site.clone();
    let evs = vec![event(
        &s,
        "closure",
        &format!("{site}:2027-03-15..2027-03-19"),
    )];
    let r = run(&s, &old, "2027-03-08", &evs);
    assert_kept(&old, &r, "2027-03-08", &evs);
    assert!(!r
        .schedule
        .tours
        .iter()
        .any(|x| evs[0].covers(x.date) && x.stops.iter().any(|v| v.site == site)));
    assert!(r.schedule.cancelled.iter().any(|x| x.id == t.id));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(6))]
    /// Any event on generated scenarios (an extra visit breaks nothing): the part before the
    /// date and every tour-day no event breaks are kept, and the new plan passes `check`.
    #[test]
    fn each_event_changes_only_what_it_must(
        seed in 0u64..1_000,
        kind in 0usize..4,
        pick in 0usize..1_000,
        start in 0u32..10,
        length in 0u32..6,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let s = outreach::load_dir(&scenario_dir(dir.path(), 6, seed)).unwrap();
        let old = plan(&s);
        let first = date("2027-03-10") + chrono::Duration::days(start as i64);
        let last = first + chrono::Duration::days(length as i64);
        let (k, id) = match kind {
            0 => ("vehicle-out", s.vehicles[pick % s.vehicles.len()].id.clone()),
            1 => ("absent", s.clinicians[pick % s.clinicians.len()].id.clone()),
            2 => ("closure", s.sites[pick % s.sites.len()].id.clone()),
            _ => ("extra", s.sites[pick % s.sites.len()].id.clone()),
        };
        let evs = vec![event(&s, k, &format!("{id}:{first}..{last}"))];
        let r = run(&s, &old, "2027-03-08", &evs);
        assert_kept(&old, &r, "2027-03-08", &evs);
    }
}

#[test]
fn an_events_file_reads_like_the_flags() {
    let dir = tempfile::tempdir().unwrap();
    let s = outreach::load_dir(&scenario_dir(dir.path(), 4, 7)).unwrap();
    let file = dir.path().join("events.toml");
    std::fs::write(
        &file,
        "[[event]]\nkind = \"vehicle-out\"\nid = \"V11\"\nfrom = \"2027-03-15\"\nto = \"2027-03-17\"\n\
         [[event]]\nkind = \"closure\"\nid = \"B2\"\nfrom = \"2027/3/20\"\n",
    )
    .unwrap();
    let read = events::read_file(&s, &file).unwrap();
    assert_eq!(
        read[0],
        event(&s, "vehicle-out", "V11:2027-03-15..2027-03-17")
    );
    assert_eq!(read[1], event(&s, "closure", "B2:2027-03-20"));
    assert!(matches!(&read[1].kind, events::Kind::Closure(v) if v.len() == 4));
}

#[test]
fn a_schedule_naming_unknown_ids_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let s = outreach::load_dir(&scenario_dir(dir.path(), 4, 8)).unwrap();
    let mut old = plan(&s);
    old.tours[0].vehicle = "V77".into();
    let o = Options::from_scenario(&s);
    let e = replan(
        &s,
        &old,
        date("2027-03-08"),
        &[],
        &o,
        &outreach::plan::Quiet,
    )
    .err()
    .unwrap();
    assert!(matches!(e, ReplanError::Input(_)));
    assert!(e.to_string().contains("vehicle `V77`"), "{e}");
}

#[test]
fn a_visit_missed_in_the_past_is_owed_again() {
    let dir = tempfile::tempdir().unwrap();
    let s = outreach::load_dir(&scenario_dir(dir.path(), 10, 9)).unwrap();
    let old = plan(&s);
    // A visit of the first week, with its next visit of the month far enough away to make up.
    let t = old
        .tours
        .iter()
        .find(|t| t.date <= date("2027-03-05") && t.stops.len() >= 2)
        .unwrap();
    let site = t.stops[0].site.clone();
    let file = dir.path().join("done.csv");
    std::fs::write(
        &file,
        format!(
            "date,vehicle,site,status\n{},{},{site},missed\n{},{},,made\n",
            t.date, t.vehicle, t.date, t.vehicle
        ),
    )
    .unwrap();
    let from = date("2027-03-08");
    let missed = outreach::replan::done::read(&s, &old, from, &file).unwrap();
    assert_eq!(missed.len(), 1);
    let o = Options::from_scenario(&s);
    let r = outreach::replan::replan_done(&s, &old, from, &[], &missed, &o, &outreach::plan::Quiet)
        .unwrap();
    let past = r.schedule.tours.iter().find(|x| x.id == t.id).unwrap();
    assert_eq!(
        past.stops.len(),
        t.stops.len() - 1,
        "the past as it happened"
    );
    assert!(past.distance_km < t.distance_km);
    let visits = |sched: &Schedule| {
        sched
            .tours
            .iter()
            .filter(|x| x.stops.iter().any(|v| v.site == site))
            .count()
    };
    assert_eq!(visits(&r.schedule), visits(&old), "made up after the date");
    let missed_change = r
        .changes
        .iter()
        .find(|c| c.kind.code() == "missed")
        .unwrap();
    assert_eq!(missed_change.sites, vec![site.clone()]);
    assert!(r
        .changes
        .iter()
        .any(|c| c.kind.code() == "added" && c.events[0].ends_with("done.csv, row 2")));
    let violations = outreach::check(&r.scenario, &r.schedule);
    assert!(violations.is_empty(), "{violations:#?}");
}

#[test]
fn an_extra_visit_is_planned_within_its_dates() {
    let dir = tempfile::tempdir().unwrap();
    let s = outreach::load_dir(&scenario_dir(dir.path(), 8, 12)).unwrap();
    let old = plan(&s);
    let evs = vec![event(&s, "extra", "S203/cardiology:2027-03-15..2027-03-19")];
    let r = run(&s, &old, "2027-03-08", &evs);
    assert_kept(&old, &r, "2027-03-08", &evs);
    let visit = r
        .schedule
        .tours
        .iter()
        .find(|t| {
            evs[0].covers(t.date)
                && t.stops
                    .iter()
                    .any(|x| x.site == "S203" && x.specialty.as_deref() == Some("cardiology"))
        })
        .expect("the extra visit is made within its dates");
    assert!(
        visit.crew.iter().any(|c| c.clinician == "D21"),
        "by the cardiologist"
    );
    assert_eq!(
        r.schedule.summary.visits_required,
        old.summary.visits_required + 1
    );
    assert_eq!(r.schedule.summary.visits_met, old.summary.visits_met + 1);
    assert!(r
        .changes
        .iter()
        .any(|c| c.kind.code() == "added" && c.events[0].starts_with("extra S203/cardiology:")));
    // A specialty nobody at the base has is refused by name.
    let origin = Origin {
        place: "--extra".into(),
        row: None,
        field: "value",
    };
    let e = events::parse(&s, "extra", "S203/dermatology:2027-03-15", origin).unwrap_err();
    assert!(e.to_string().contains("`dermatology`"), "{e}");
}

#[test]
fn a_new_requirement_row_is_planned_from_the_date_on() {
    let dir = tempfile::tempdir().unwrap();
    let s = outreach::load_dir(&scenario_dir(dir.path(), 8, 13)).unwrap();
    let old = plan(&s);
    let evs = vec![event(&s, "requirement", "S105/cardiology:1/month")];
    let r = run(&s, &old, "2027-03-08", &evs);
    assert_kept(&old, &r, "2027-03-08", &evs);
    assert_eq!(r.scenario.requirements.len(), s.requirements.len() + 1);
    assert_eq!(
        r.schedule.summary.visits_required,
        old.summary.visits_required + 1
    );
    let made = r.schedule.tours.iter().any(|t| {
        t.date >= date("2027-03-10")
            && t.stops
                .iter()
                .any(|x| x.site == "S105" && x.specialty.as_deref() == Some("cardiology"))
    });
    assert!(
        made,
        "the new row's visit is planned after the published window"
    );
    // A second row for a site and specialty that have one is refused by name.
    let origin = Origin {
        place: "--requirement".into(),
        row: None,
        field: "value",
    };
    let e = events::parse(&s, "requirement", "S105:1/week", origin.clone()).unwrap_err();
    assert!(e.to_string().contains("already has a requirement"), "{e}");
    let e = events::parse(&s, "requirement", "S105/cardiology:1/fortnightly", origin).unwrap_err();
    assert!(e.to_string().contains("`1/fortnightly`"), "{e}");
}

#[test]
fn the_master_weighs_new_tour_days_by_the_replan_weights() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = outreach::load_dir(&scenario_dir(dir.path(), 10, 2)).unwrap();
    let old = plan(&s);
    // B1's three buses out for three days: its tour-days there are cancelled and planned again.
    let evs: Vec<_> = ["V11", "V12", "V13"]
        .iter()
        .map(|v| event(&s, "vehicle-out", &format!("{v}:2027-03-15..2027-03-17")))
        .collect();
    let added = |r: &outreach::replan::Replanned| -> Vec<outreach::schedule::TourDay> {
        r.schedule
            .tours
            .iter()
            .filter(|t| !old.tours.iter().any(|o| o.id == t.id))
            .cloned()
            .collect()
    };
    let priced = run(&s, &old, "2027-03-08", &evs);
    assert_kept(&old, &priced, "2027-03-08", &evs);
    let new = added(&priced);
    assert!(!new.is_empty(), "the cancelled visits are planned again");
    // The objective holds the change cost of the new tour-days, as the master weighed them, so
    // that its bound bounds the same sum.
    let w = &s.replan;
    let change: f64 = new
        .iter()
        .map(|t| {
            w.tour_day + w.village * t.stops.len() as f64 + w.clinician_day * t.crew.len() as f64
        })
        .sum();
    let m = &priced.schedule.summary;
    assert_eq!(m.visits_met, m.visits_required);
    assert!(
        (m.objective - (m.cost + change)).abs() < 0.02,
        "objective {} = cost {} + change {change}",
        m.objective,
        m.cost
    );
    assert!(m.pool_bound <= m.objective + 1e-6);
    assert!(m.bound.is_none_or(|b| b <= m.objective + 1e-6));
    // Without a price on change the master may take more new tour-days, never fewer.
    s.replan.tour_day = 0.0;
    s.replan.village = 0.0;
    s.replan.clinician_day = 0.0;
    let free = run(&s, &old, "2027-03-08", &evs);
    assert!(
        added(&free).len() >= new.len(),
        "{} new tour-days unpriced, {} priced",
        added(&free).len(),
        new.len()
    );
    let m0 = &free.schedule.summary;
    assert!(
        (m0.objective - m0.cost).abs() < 0.02,
        "no change cost without weights"
    );
}
