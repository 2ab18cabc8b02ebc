//! The checker catches broken plans: each test breaks one rule of a valid tiny plan on purpose.

mod common;
use common::*;
use outreach::schedule::{CrewMember, Stop};
use outreach::{check, Schedule};

fn valid() -> (outreach::Scenario, Schedule) {
    let s = bundled("tiny");
    let plan = plan(&s, 10.0);
    assert!(
        check(&s, &plan).is_empty(),
        "the plan itself is valid: {:?}",
        check(&s, &plan)
    );
    (s, plan)
}

fn rules(s: &outreach::Scenario, plan: &Schedule) -> Vec<&'static str> {
    check(s, plan).into_iter().map(|v| v.rule).collect()
}

/// The checker names `rule` at `site`.
fn assert_flagged(s: &outreach::Scenario, plan: &Schedule, rule: &str, site: &str) {
    let found = check(s, plan);
    assert!(
        found
            .iter()
            .any(|v| v.rule == rule && v.site.as_deref() == Some(site)),
        "expected {rule} at {site}: {found:?}"
    );
}

fn member(clinician: &str, slot: &str) -> CrewMember {
    CrewMember {
        clinician: clinician.into(),
        name: String::new(),
        slot: slot.into(),
    }
}

fn stop(site: &str, arrival: &str) -> Stop {
    Stop {
        seq: 1,
        site: site.into(),
        site_name: String::new(),
        specialty: None,
        arrival: arrival.into(),
        departure: arrival.into(),
    }
}

#[test]
fn double_booked_vehicle() {
    let (s, mut p) = valid();
    let mut t = p.tours[0].clone();
    t.id = "X1".into();
    t.crew.clear();
    p.tours.push(t);
    assert!(rules(&s, &p).contains(&"vehicle-double-booked"));
}

#[test]
fn double_booked_clinician() {
    let (s, mut p) = valid();
    let mut t = p.tours[0].clone();
    t.id = "X1".into();
    t.vehicle = if t.vehicle == "V1" {
        "V2".into()
    } else {
        "V1".into()
    };
    t.date = p.tours[0].date;
    p.tours.push(t);
    assert!(rules(&s, &p).contains(&"clinician-double-booked"));
}

#[test]
fn clinician_on_leave() {
    let (s, mut p) = valid();
    // C02 is on leave 6-8 January 2027.
    p.tours[0].date = "2027-01-07".parse().unwrap();
    p.tours[0].crew = vec![member("C02", "doctor"), member("C04", "nurse")];
    p.tours[0].stops.retain(|x| x.specialty.is_none());
    let found = check(&s, &p);
    assert!(
        found
            .iter()
            .any(|v| v.rule == "clinician-unavailable" && v.clinician.as_deref() == Some("C02")),
        "{found:?}"
    );
}

#[test]
fn tour_too_long() {
    let (s, mut p) = valid();
    let all: Vec<Stop> = p.tours.iter().flat_map(|t| t.stops.clone()).collect();
    p.tours[0].stops = all;
    let found = check(&s, &p);
    assert!(
        found
            .iter()
            .any(|v| v.rule == "tour-too-long" && v.message.to_string().contains("working day by")),
        "{found:?}"
    );
}

#[test]
fn spacing_broken() {
    let (s, mut p) = valid();
    let first = p
        .tours
        .iter()
        .find(|t| t.stops.iter().any(|x| x.specialty.is_none()))
        .unwrap()
        .clone();
    let site = first
        .stops
        .iter()
        .find(|x| x.specialty.is_none())
        .unwrap()
        .site
        .clone();
    // The same site again the next day, on the other bus; nothing else is removed.
    let mut again = first.clone();
    again.id = "X1".into();
    again.date = first.date.succ_opt().unwrap();
    again.stops = vec![stop(&site, "09:00")];
    again.vehicle = if first.vehicle == "V1" {
        "V2".into()
    } else {
        "V1".into()
    };
    p.tours.push(again);
    assert_flagged(&s, &p, "spacing", &site);
}

#[test]
fn missing_specialty() {
    let (s, mut p) = valid();
    let t = p
        .tours
        .iter_mut()
        .find(|t| t.stops.iter().any(|x| x.specialty.is_some()))
        .expect("S03 needs an obstetrician");
    t.crew.retain(|c| !c.slot.contains("specialist"));
    let doctor = t.crew.iter().position(|c| c.slot == "doctor").unwrap();
    if t.crew[doctor].clinician == "C01" {
        t.crew[doctor].clinician = "C03".into();
    }
    let found = check(&s, &p);
    assert!(
        found
            .iter()
            .any(|v| v.rule == "crew-missing"
                && v.message.to_string().contains("obstetrics specialist")),
        "{found:?}"
    );
}

#[test]
fn visit_on_closed_road() {
    let (s, mut p) = valid();
    // The road to S07 is closed 11-12 January 2027.
    let mut t = p.tours[0].clone();
    t.id = "X1".into();
    t.date = "2027-01-11".parse().unwrap();
    t.vehicle = "V2".into();
    t.stops = vec![stop("S07", "08:30")];
    t.crew = vec![member("C03", "doctor"), member("C06", "nurse")];
    p.tours.retain(|x| x.date != t.date);
    p.tours.push(t);
    assert_flagged(&s, &p, "site-closed", "S07");
}

#[test]
fn unreported_shortfall() {
    let (s, mut p) = valid();
    p.tours.pop();
    assert!(rules(&s, &p).contains(&"requirement-unmet"));
}

#[test]
fn overstated_shortfall() {
    let (s, mut p) = valid();
    // A visit the plan makes, listed as missed as well.
    let stop = &p.tours[0].stops[0];
    let r = s
        .requirements
        .iter()
        .find(|r| s.sites[r.site].id == stop.site && r.specialty == stop.specialty)
        .expect("the stop serves a requirement");
    let date = p.tours[0].date;
    let period = s
        .horizon
        .periods(r.period)
        .into_iter()
        .find(|q| s.horizon.date(q.first_day) <= date && date <= s.horizon.date(q.last_day))
        .expect("the visit falls in a period");
    p.summary.unmet.push(outreach::schedule::Unmet {
        site: stop.site.clone(),
        site_name: String::new(),
        period: period.label.clone(),
        specialty: stop.specialty.clone(),
        required: r.visits,
        missing: r.visits,
        code: Default::default(),
        reason: "listed by hand".into(),
        reason_text: None,
    });
    let site = stop.site.clone();
    assert_flagged(&s, &p, "unmet-overstated", &site);
}

/// A plan of three tours, Monday to Wednesday of one week, each with C03 and C05.
fn c03_and_c05_monday_to_wednesday() -> (outreach::Scenario, Schedule) {
    let (s, mut p) = valid();
    let base = p.tours[0].clone();
    p.tours.clear();
    for (i, day) in ["2027-01-04", "2027-01-05", "2027-01-06"]
        .iter()
        .enumerate()
    {
        let mut t = base.clone();
        t.id = format!("X{i}");
        t.date = day.parse().unwrap();
        t.vehicle = "V1".into();
        t.stops = vec![stop(&format!("S0{}", i + 1), "08:00")];
        t.crew = vec![member("C03", "doctor"), member("C05", "nurse")];
        p.tours.push(t);
    }
    (s, p)
}

#[test]
fn weekly_limit() {
    let (s, p) = c03_and_c05_monday_to_wednesday();
    // With a limit of 2 days a week.
    let mut s2 = s.clone();
    s2.clinicians
        .iter_mut()
        .for_each(|c| c.max_days_per_week = 2);
    assert!(rules(&s2, &p).contains(&"clinician-week-limit"));
}

#[test]
fn too_much_load() {
    let (mut s, p) = valid();
    // Each visit now takes 40 kg of medicines and the tour's vehicle carries 100 kg.
    for site in &mut s.sites {
        site.load_kg = 40.0;
    }
    let t = p
        .tours
        .iter()
        .find(|t| t.stops.len() >= 3)
        .expect("a tour of 3 stops");
    let v = s.vehicles.iter_mut().find(|v| v.id == t.vehicle).unwrap();
    v.max_load_kg = 100.0;
    let found = check(&s, &p);
    assert!(
        found
            .iter()
            .any(|v| v.rule == "vehicle-load" && v.message.to_string().contains("kg over")),
        "{found:?}"
    );
}

#[test]
fn uncleared_clinician_above_the_clearance_line() {
    let (mut s, p) = valid();
    s.clearance_above_m = Some(4000.0);
    let first = &p.tours[0].stops[0].site;
    let i = s.sites.iter().position(|x| &x.id == first).unwrap();
    s.sites[i].altitude_m = 4500.0;
    let found = check(&s, &p);
    let who = &p.tours[0].crew[0].clinician;
    assert!(
        found.iter().any(|v| v.rule == "altitude-clearance"
            && v.clinician.as_deref() == Some(who.as_str())
            && v.message.to_string().contains("4500 m")),
        "{found:?}"
    );
    // Cleared, the same plan passes.
    for c in &mut s.clinicians {
        c.altitude_cleared = true;
    }
    assert!(check(&s, &p).iter().all(|v| v.rule != "altitude-clearance"));
}

#[test]
fn visit_out_of_season() {
    let (mut s, p) = valid();
    // The first tour's first village is now only reachable in summer.
    let first = &p.tours[0].stops[0].site;
    let i = s.sites.iter().position(|x| &x.id == first).unwrap();
    s.sites[i].windows = vec![("2027-06-01".parse().unwrap(), "2027-09-30".parse().unwrap())];
    assert_flagged(&s, &p, "site-out-of-window", first);
}

/// The checker names `rule` (anywhere) and only rules of `allowed` besides.
fn assert_only(s: &outreach::Scenario, plan: &Schedule, rule: &str, allowed: &[&str]) {
    let found = check(s, plan);
    assert!(
        found.iter().any(|v| v.rule == rule),
        "expected {rule}: {found:?}"
    );
    assert!(
        found
            .iter()
            .all(|v| v.rule == rule || allowed.contains(&v.rule)),
        "only {rule} expected: {found:?}"
    );
}

#[test]
fn tour_outside_the_horizon() {
    let (s, mut p) = valid();
    p.tours[0].date = "2027-03-01".parse().unwrap();
    // Its visits are then missing within the horizon.
    assert_only(&s, &p, "outside-horizon", &["requirement-unmet", "spacing"]);
}

#[test]
fn unknown_vehicle_site_and_clinician() {
    let (s, mut p) = valid();
    p.tours[0].vehicle = "V9".into();
    let found = check(&s, &p);
    assert!(found
        .iter()
        .any(|v| v.rule == "unknown-id" && v.message.to_string().contains("V9")));
    let (s, mut p) = valid();
    p.tours[0].stops[0].site = "S99".into();
    p.tours[0].crew[0].clinician = "C99".into();
    let found: Vec<String> = check(&s, &p)
        .into_iter()
        .filter(|v| v.rule == "unknown-id")
        .map(|v| v.message.to_string())
        .collect();
    assert!(found.iter().any(|m| m.contains("S99")), "{found:?}");
    assert!(found.iter().any(|m| m.contains("C99")), "{found:?}");
}

#[test]
fn vehicle_in_maintenance() {
    let (s, mut p) = valid();
    // V2 is in maintenance on 5 January 2027, and free the day after.
    p.tours[0].vehicle = "V2".into();
    p.tours[0].date = "2027-01-05".parse().unwrap();
    assert!(rules(&s, &p).contains(&"vehicle-unavailable"));
    p.tours[0].date = "2027-01-06".parse().unwrap();
    assert!(!rules(&s, &p).contains(&"vehicle-unavailable"));
}

#[test]
fn site_twice_on_one_tour() {
    let (s, mut p) = valid();
    let again = p.tours[0].stops[0].clone();
    p.tours[0].stops.push(again);
    let site = p.tours[0].stops[0].site.clone();
    assert_flagged(&s, &p, "site-twice", &site);
}

#[test]
fn drive_limit() {
    let (mut s, p) = valid();
    for v in &mut s.vehicles {
        v.max_drive_minutes = 5.0;
    }
    assert_only(&s, &p, "drive-limit", &[]);
}

#[test]
fn month_and_consecutive_day_limits() {
    let (s, p) = c03_and_c05_monday_to_wednesday();
    let mut month = s.clone();
    month
        .clinicians
        .iter_mut()
        .for_each(|c| c.max_days_per_month = 2);
    assert!(rules(&month, &p).contains(&"clinician-month-limit"));
    assert!(!rules(&s, &p).contains(&"clinician-month-limit"));
    let mut row = s.clone();
    row.clinicians
        .iter_mut()
        .for_each(|c| c.max_consecutive_days = 2);
    assert!(rules(&row, &p).contains(&"clinician-consecutive-limit"));
    assert!(!rules(&s, &p).contains(&"clinician-consecutive-limit"));
}

#[test]
fn vehicle_and_clinician_of_another_base() {
    let (mut s, p) = valid();
    // A second base beside B1, with a vehicle and a doctor of its own (copies of B1's).
    let mut b2 = s.bases[0].clone();
    b2.id = "B2".into();
    s.bases.push(b2);
    let mut v = s.vehicles[0].clone();
    v.id = "V9".into();
    v.base = 1;
    s.vehicles.push(v);
    let doctor = s
        .clinicians
        .iter()
        .position(|c| c.role == "doctor")
        .unwrap();
    let mut c = s.clinicians[doctor].clone();
    c.id = "C09".into();
    c.base = 1;
    s.clinicians.push(c);
    assert!(
        rules(&s, &p).is_empty(),
        "the plan uses B1's vehicles and clinicians only"
    );
    let (mut vehicle, mut crew) = (p.clone(), p.clone());
    vehicle.tours[0].vehicle = "V9".into();
    assert_only(&s, &vehicle, "vehicle-wrong-base", &[]);
    let doctor = crew.tours[0]
        .crew
        .iter()
        .position(|c| c.slot == "doctor")
        .unwrap();
    crew.tours[0].crew[doctor].clinician = "C09".into();
    let found = rules(&s, &crew);
    assert!(found.contains(&"clinician-wrong-base"), "{found:?}");
}

#[test]
fn a_nurse_in_the_doctor_slot_or_a_slot_the_tour_lacks() {
    let (s, mut p) = valid();
    let t = &mut p.tours[0];
    let nurse = t.crew.iter().position(|c| c.slot == "nurse").unwrap();
    let doctor = t.crew.iter().position(|c| c.slot == "doctor").unwrap();
    // Swap the slot names only: the people could still fill the tour, the listing is wrong.
    t.crew[nurse].slot = "doctor".into();
    t.crew[doctor].slot = "nurse".into();
    let found = check(&s, &p);
    assert!(
        found.iter().any(|v| v.rule == "crew-slot"
            && v.message
                .to_string()
                .contains("cannot fill the `doctor` slot")),
        "{found:?}"
    );
    let (s, mut p) = valid();
    p.tours[0].crew[0].slot = "surgeon".into();
    let found = check(&s, &p);
    assert!(
        found
            .iter()
            .any(|v| v.rule == "crew-slot" && v.message.to_string().contains("`surgeon`")),
        "{found:?}"
    );
}

#[test]
fn times_outside_the_day_or_the_route() {
    type Edit = fn(&mut outreach::schedule::TourDay);
    let edits: Vec<(&str, Edit)> = vec![
        ("departure 03:00", |t| t.depart = "03:00".into()),
        ("return after the day", |t| t.return_time = "23:59".into()),
        ("return before the last departure", |t| {
            t.return_time = "09:00".into()
        }),
        ("no service time", |t| {
            t.stops[0].departure = t.stops[0].arrival.clone()
        }),
        ("arrival before the route allows", |t| {
            t.stops[0].arrival = "08:00".into()
        }),
        ("not a time", |t| t.stops[0].departure = "noon".into()),
    ];
    for (what, edit) in edits {
        let (s, mut p) = valid();
        edit(&mut p.tours[0]);
        let found = check(&s, &p);
        assert!(found.iter().any(|v| v.rule == "times"), "{what}: {found:?}");
    }
}

#[test]
fn a_distance_that_is_not_the_routes() {
    for km in [-50.0, 0.0, 1e6, f64::NAN] {
        let (s, mut p) = valid();
        p.tours[0].distance_km = km;
        assert_only(&s, &p, "distance", &[]);
    }
}

#[test]
fn duplicate_tour_ids() {
    let (s, mut p) = valid();
    let id = p.tours[0].id.clone();
    p.tours[1].id = id;
    assert_only(&s, &p, "duplicate-id", &[]);
}

#[test]
fn a_schedule_of_another_scenario_is_one_violation() {
    let (_, p) = valid();
    let zibo = bundled("zibo-health-bus");
    let found = check(&zibo, &p);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].rule, "wrong-scenario");
    assert!(found[0].message.to_string().contains("`tiny`"));
}
