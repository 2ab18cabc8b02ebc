//! The checker's rules for multi-day trips at altitude, on the `altitude-mini` fixture. The schedules
//! are written by hand (not planned): a valid one first, which must check clean, then one test per
//! rule that breaks exactly one thing and expects that rule, naming the place or the person.

mod common;
use common::outreach;
use outreach::calendar::format_clock;
use outreach::schedule::{CrewMember, Stop, Summary, TourDay};
use outreach::travel::Travel;
use outreach::{check, Scenario, Schedule, Violation};
use std::fs;
use std::path::{Path, PathBuf};

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/altitude-mini")
}

fn fixture() -> Scenario {
    outreach::load_dir(&fixture_dir()).expect("the fixture loads")
}

/// One day of a trip: the villages visited, in order, and the lodging slept at (`None`: the base).
type Day<'a> = (&'a [&'a str], Option<&'a str>);

/// A trip of consecutive days from `start`, with `from` and `to` chained and arrival times
/// computed from the scenario's travel times, as the planner would write it.
fn trip(
    s: &Scenario,
    id: &str,
    (team, vehicle): (&str, &str),
    crew: &[(&str, &str)],
    start: &str,
    days: &[Day],
) -> Vec<TourDay> {
    let travel = Travel::build(s);
    let site = |x: &str| s.sites.iter().position(|y| y.id == x).expect("a site");
    let lodging = |l: &str| {
        s.lodgings
            .iter()
            .position(|y| y.id == l)
            .expect("a lodging")
    };
    let place = |l: Option<&str>| l.map_or(s.base_location(0), |l| s.lodging_location(lodging(l)));
    let start: chrono::NaiveDate = start.parse().unwrap();
    let mut from: Option<&str> = None;
    let mut out = Vec::new();
    for (k, &(stops, to)) in days.iter().enumerate() {
        let mut at = place(from);
        let mut clock = s.day_start_minutes as f64;
        let (mut drive, mut work, mut km) = (0.0, 0.0, 0.0);
        let mut list = Vec::new();
        for (i, &x) in stops.iter().enumerate() {
            let loc = s.site_location(site(x));
            let leg = travel.minutes(at, loc);
            km += travel.km(at, loc);
            let service = s.sites[site(x)].service_minutes;
            clock += leg;
            let arrival = clock;
            clock += service;
            drive += leg;
            work += leg + service;
            at = loc;
            list.push(Stop {
                seq: i as u32 + 1,
                site: x.into(),
                site_name: s.sites[site(x)].name.clone(),
                specialty: None,
                arrival: format_clock(arrival),
                departure: format_clock(clock),
            });
        }
        let leg = travel.minutes(at, place(to));
        km += travel.km(at, place(to));
        clock += leg;
        drive += leg;
        work += leg;
        out.push(TourDay {
            id: format!("{id}-{}", k + 1),
            date: start + chrono::Duration::days(k as i64),
            base: "B1".into(),
            vehicle: vehicle.into(),
            crew: crew
                .iter()
                .map(|&(c, slot)| CrewMember {
                    clinician: c.into(),
                    name: s
                        .clinicians
                        .iter()
                        .find(|x| x.id == c)
                        .unwrap()
                        .name
                        .clone(),
                    slot: slot.into(),
                })
                .collect(),
            stops: list,
            depart: format_clock(s.day_start_minutes as f64),
            return_time: format_clock(clock),
            distance_km: (km * 100.0_f64).round() / 100.0,
            drive_minutes: drive,
            work_minutes: work,
            load_kg: stops.iter().map(|&x| s.sites[site(x)].load_kg).sum(),
            trip: Some(id.into()),
            trip_day: k as u32 + 1,
            trip_days: days.len() as u32,
            team: Some(team.into()),
            from: from.map(str::to_string),
            to: to.map(str::to_string),
            sequence: 0,
        });
        from = to;
    }
    out
}

const TEAM_A: (&str, &str) = ("A", "VA");
const TEAM_B: (&str, &str) = ("B", "VB");
const CREW_A: &[(&str, &str)] = &[("C01", "doctor"), ("C02", "nurse")];
/// C04 is not cleared for altitude.
const CREW_B: &[(&str, &str)] = &[("C03", "doctor"), ("C04", "nurse")];

/// Team A's trip to the pastures: 3,350 → 3,800 → 4,250 → 4,250 (the rest night) → 4,700 m, and
/// down to the base on the sixth day. The camp L04 opens on 8 June and the pasture S08 on 11 June.
fn trip_a(s: &Scenario) -> Vec<TourDay> {
    trip(
        s,
        "A-0607",
        TEAM_A,
        CREW_A,
        "2027-06-07",
        &[
            (&["S01"], Some("L01")),
            (&["S04"], Some("L02")),
            (&["S05"], Some("L03")),
            (&["S06"], Some("L03")),
            (&["S07", "S08"], Some("L04")),
            (&[], None),
        ],
    )
}

/// Team B's trip in the low valley: one night at L01 (3,350 m), below the clearance line.
fn trip_b(s: &Scenario) -> Vec<TourDay> {
    trip(
        s,
        "B-0614",
        TEAM_B,
        CREW_B,
        "2027-06-14",
        &[(&["S02"], Some("L01")), (&["S03"], None)],
    )
}

fn schedule(s: &Scenario, trips: Vec<Vec<TourDay>>) -> Schedule {
    let tours: Vec<TourDay> = trips.into_iter().flatten().collect();
    Schedule {
        format: outreach::schedule::FORMAT.into(),
        version: outreach::schedule::VERSION,
        scenario: s.name.clone(),
        seed: 0,
        inputs: Default::default(),
        summary: Summary {
            sites: s.sites.len(),
            bases: s.bases.len(),
            vehicles: s.vehicles.len(),
            clinicians: s.clinicians.len(),
            days: s.horizon.days,
            working_days: s.horizon.days,
            visits_required: 8,
            visits_met: 8,
            visits_scheduled: tours.iter().map(|t| t.stops.len() as u32).sum(),
            unmet: vec![],
            tours: tours.len(),
            vehicle_days: tours.len(),
            clinician_days: 0,
            population_reached: 0.0,
            distance_km: 0.0,
            cost: 0.0,
            objective: 0.0,
            bound: None,
            pool_bound: 0.0,
            gap: 0.0,
            gap_basis: "pool_bound".into(),
            pool_gap: 0.0,
            solve_seconds: 0.0,
            bases_enumerated: 0,
            candidate_tours: 0,
            effort: Default::default(),
            cut_by_time: vec![],
            interrupted: false,
            idle: vec![],
            tree: None,
        },
        tours,
        cancelled: vec![],
        changes: vec![],
    }
}

fn valid(s: &Scenario) -> Schedule {
    schedule(s, vec![trip_a(s), trip_b(s)])
}

/// The violations of a rule; fails (listing everything found) when there is none.
fn expect(s: &Scenario, p: &Schedule, rule: &str) -> Vec<Violation> {
    let found = check(s, p);
    let hits: Vec<Violation> = found.iter().filter(|v| v.rule == rule).cloned().collect();
    assert!(!hits.is_empty(), "no `{rule}` among {found:#?}");
    hits
}

#[test]
fn the_hand_made_schedule_checks_clean() {
    let s = fixture();
    let p = valid(&s);
    let found = check(&s, &p);
    assert!(found.is_empty(), "{found:#?}");
    // Through JSON and back (as `outreach check` reads it), still clean.
    let text = serde_json::to_string_pretty(&p).unwrap();
    assert!(text.contains("\"trip_day\": 2") && text.contains("\"to\": \"L04\""));
    let back = Schedule::from_json(&text).unwrap();
    assert!(check(&s, &back).is_empty());
}

#[test]
fn gain_over_500_in_one_night() {
    let s = fixture();
    // The second night moves from L02 (3,800 m) up to the camp L04 (4,700 m): +1,350 m.
    let a = trip(
        &s,
        "A-0607",
        TEAM_A,
        CREW_A,
        "2027-06-07",
        &[
            (&["S01"], Some("L01")),
            (&["S04"], Some("L04")),
            (&["S05"], Some("L03")),
            (&["S06"], Some("L03")),
            (&["S07", "S08"], Some("L04")),
            (&[], None),
        ],
    );
    let p = schedule(&s, vec![a, trip_b(&s)]);
    let hits = expect(&s, &p, "altitude-gain");
    assert_eq!(hits.len(), 1, "{hits:#?}");
    let v = &hits[0];
    assert_eq!(v.site.as_deref(), Some("L04"));
    assert_eq!(v.date, Some("2027-06-08".parse().unwrap()));
    assert!(
        v.message.to_string().contains("L04") && v.message.to_string().contains("1350 m higher"),
        "{}",
        v.message
    );
    assert!(check(&s, &p).iter().all(|v| v.rule == "altitude-gain"));
}

#[test]
fn missing_rest_day() {
    let s = fixture();
    // No rest night at L03: 3,350 → 3,800 → 4,250 → 4,700, +450 m each night (S06 joins day 4,
    // and the trip leaves a day later so that the pasture S08 is open).
    let a = trip(
        &s,
        "A-0608",
        TEAM_A,
        CREW_A,
        "2027-06-08",
        &[
            (&["S01"], Some("L01")),
            (&["S04"], Some("L02")),
            (&["S05"], Some("L03")),
            (&["S06", "S07", "S08"], Some("L04")),
            (&[], None),
        ],
    );
    let p = schedule(&s, vec![a, trip_b(&s)]);
    let found = check(&s, &p);
    assert!(
        found.iter().all(|v| v.rule == "altitude-rest-day"),
        "{found:#?}"
    );
    let hits = expect(&s, &p, "altitude-rest-day");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].site.as_deref(), Some("L04"));
    assert!(
        hits[0].message.to_string().contains("night 4")
            && hits[0].message.to_string().contains("without a rest night"),
        "{}",
        hits[0].message
    );
}

#[test]
fn uncleared_clinician_above_threshold() {
    let s = fixture();
    // Team B's crew (C04 is not cleared) runs the trip to the pastures, team A's the valley trip.
    let (mut a, mut b) = (trip_a(&s), trip_b(&s));
    let (crew_a, crew_b) = (a[0].crew.clone(), b[0].crew.clone());
    a.iter_mut().for_each(|t| t.crew = crew_b.clone());
    b.iter_mut().for_each(|t| t.crew = crew_a.clone());
    let p = schedule(&s, vec![a, b]);
    let hits = expect(&s, &p, "altitude-clearance");
    assert_eq!(
        hits.len(),
        1,
        "reported once per trip and person: {hits:#?}"
    );
    let v = &hits[0];
    assert_eq!(v.clinician.as_deref(), Some("C04"));
    assert_eq!(v.site.as_deref(), Some("S08"));
    assert!(
        v.message.to_string().contains("C04")
            && v.message.to_string().contains("4800 m")
            && v.message.to_string().contains("4000 m"),
        "{}",
        v.message
    );

    // A lodging counts too: with the line at 3,320 m, team B's night at L01 (3,350 m) lies above it
    // while its only village, S02 (3,300 m), lies below.
    let mut s2 = s.clone();
    s2.clearance_above_m = Some(3320.0);
    let b = trip(
        &s2,
        "B-0614",
        TEAM_B,
        CREW_B,
        "2027-06-14",
        &[(&["S02"], Some("L01")), (&[], None)],
    );
    let p = schedule(&s2, vec![b]);
    let hits: Vec<Violation> = check(&s2, &p)
        .into_iter()
        .filter(|v| v.rule == "altitude-clearance")
        .collect();
    assert_eq!(hits.len(), 1, "{hits:#?}");
    assert_eq!(hits[0].site.as_deref(), Some("L01"));
    assert!(hits[0]
        .message
        .to_string()
        .contains("lodging L01 at 3350 m"));
}

#[test]
fn night_at_a_site_without_lodging() {
    let s = fixture();
    // Team B sleeps at the village S02, which has no place in lodgings.csv.
    let mut b = trip_b(&s);
    b[0].to = Some("S02".into());
    b[1].from = Some("S02".into());
    let p = schedule(&s, vec![trip_a(&s), b]);
    let hits = expect(&s, &p, "lodging-missing");
    assert_eq!(hits.len(), 1, "one night, reported once: {hits:#?}");
    assert_eq!(hits[0].site.as_deref(), Some("S02"));
    assert!(
        hits[0]
            .message
            .to_string()
            .contains("is not a lodging: nights need a place in lodgings.csv"),
        "{}",
        hits[0].message
    );
    // The trip itself is whole: `to` and `from` still chain.
    let all = check(&s, &p);
    assert!(all.iter().all(|v| v.rule == "lodging-missing"), "{all:#?}");

    // An id that is nowhere in the scenario.
    let mut b = trip_b(&s);
    b[0].to = Some("L99".into());
    b[1].from = Some("L99".into());
    let p = schedule(&s, vec![trip_a(&s), b]);
    let hits = expect(&s, &p, "lodging-missing");
    assert!(
        hits[0].message.to_string().contains("`L99`")
            && hits[0].message.to_string().contains("not in lodgings.csv"),
        "{}",
        hits[0].message
    );
}

#[test]
fn visit_out_of_season() {
    let s = fixture();
    // The pasture S08 opens on 11 June; visit it on the rest day, 10 June, from L03.
    let a = trip(
        &s,
        "A-0607",
        TEAM_A,
        CREW_A,
        "2027-06-07",
        &[
            (&["S01"], Some("L01")),
            (&["S04"], Some("L02")),
            (&["S05"], Some("L03")),
            (&["S06", "S08"], Some("L03")),
            (&["S07"], Some("L04")),
            (&[], None),
        ],
    );
    let p = schedule(&s, vec![a, trip_b(&s)]);
    let hits = expect(&s, &p, "site-out-of-window");
    assert_eq!(hits[0].site.as_deref(), Some("S08"));
    assert!(hits[0].message.to_string().contains("2027-06-10"));
    assert!(check(&s, &p).iter().all(|v| v.rule == "site-out-of-window"));
}

#[test]
fn too_much_load() {
    let mut s = fixture();
    // Team A's trip carries 6 × 40 kg; its vehicle now takes 10 kg, and no single day breaks it.
    assert_eq!(s.vehicles[0].id, "VA");
    s.vehicles[0].max_load_kg = 10.0;
    let p = valid(&s);
    let hits = expect(&s, &p, "vehicle-load");
    assert_eq!(hits.len(), 1, "reported once per trip: {hits:#?}");
    assert!(
        hits[0].message.to_string().contains("trip A-0607")
            && hits[0].message.to_string().contains("240.0 kg")
            && hits[0].message.to_string().contains("VA")
            && hits[0].message.to_string().contains("230.0 kg over"),
        "{}",
        hits[0].message
    );

    // With 200 kg, each day's stops fit (at most 80 kg) but the whole trip (240 kg) does not.
    s.vehicles[0].max_load_kg = 200.0;
    let hits = expect(&s, &p, "vehicle-load");
    assert!(hits[0].message.to_string().contains("40.0 kg over"));
    // And 240 kg is enough.
    s.vehicles[0].max_load_kg = 240.0;
    assert!(check(&s, &p).is_empty());
}

#[test]
fn beds_overfilled() {
    let mut s = fixture();
    // L01 keeps 2 beds; team A (2 crew and a driver) sleeps there on 7 June.
    let l = s.lodgings.iter().position(|l| l.id == "L01").unwrap();
    s.lodgings[l].beds = 2;
    let p = valid(&s);
    let hits = expect(&s, &p, "lodging-beds");
    assert_eq!(hits.len(), 2, "both nights at L01: {hits:#?}");
    assert_eq!(hits[0].site.as_deref(), Some("L01"));
    assert_eq!(hits[0].date, Some("2027-06-07".parse().unwrap()));
    assert!(
        hits[0].message.to_string().contains("2 beds")
            && hits[0].message.to_string().contains("3 people"),
        "{}",
        hits[0].message
    );

    // Two teams at L01 on one night: 6 people in its 6 beds is fine, with 5 beds it is not.
    let mut s = fixture();
    let mut b = trip(
        &s,
        "B-0607",
        TEAM_B,
        CREW_B,
        "2027-06-07",
        &[(&["S02"], Some("L01")), (&["S03"], None)],
    );
    b.iter_mut().for_each(|t| t.id = t.id.replace('B', "X"));
    let p = schedule(&s, vec![trip_a(&s), b]);
    assert!(check(&s, &p).is_empty(), "{:#?}", check(&s, &p));
    s.lodgings[l].beds = 5;
    let hits = expect(&s, &p, "lodging-beds");
    assert!(
        hits[0].message.to_string().contains("6 people")
            && hits[0].message.to_string().contains("1 too many")
    );
}

#[test]
fn too_many_high_nights() {
    let mut s = fixture();
    // The night at the camp L04 (4,700 m) is above 4,500 m; C01 may now spend none up there.
    let c = s.clinicians.iter().position(|c| c.id == "C01").unwrap();
    s.clinicians[c].max_high_nights_per_month = 0;
    let p = valid(&s);
    let hits = expect(&s, &p, "altitude-nights");
    assert_eq!(hits.len(), 1, "only C01: {hits:#?}");
    assert_eq!(hits[0].clinician.as_deref(), Some("C01"));
    assert!(
        hits[0]
            .message
            .to_string()
            .contains("1 night above 4500 m in 2027-06")
            && hits[0].message.to_string().contains("limit of 0"),
        "{}",
        hits[0].message
    );
}

#[test]
fn trip_broken() {
    let s = fixture();
    let broken = |p: &Schedule, what: &str| {
        let hits = expect(&s, p, "trip-broken");
        assert!(
            hits.iter().any(|v| v.message.to_string().contains(what)),
            "no trip-broken message with `{what}`: {hits:#?}"
        );
    };

    // A gap day: team B's second day moves from 15 to 16 June.
    let mut b = trip_b(&s);
    b[1].date = "2027-06-16".parse().unwrap();
    broken(&schedule(&s, vec![trip_a(&s), b]), "has a gap");

    // The crew changes mid-trip: C03 takes over from C01 on team A's third day.
    let mut a = trip_a(&s);
    a[2].crew[0].clinician = "C03".into();
    broken(&schedule(&s, vec![a, trip_b(&s)]), "changes crew");

    // The trip does not end at the base: team B's last day ends at L01.
    let mut b = trip_b(&s);
    b[1].to = Some("L01".into());
    broken(&schedule(&s, vec![trip_a(&s), b]), "not at the base");

    // Back at base after the first night, though the trip goes on.
    let mut a = trip_a(&s);
    a[1].to = None;
    a[2].from = None;
    broken(&schedule(&s, vec![a, trip_b(&s)]), "before the end");

    // A vehicle change, a day that does not start where the last ended, a numbering that does not
    // match, and a day away from the base outside any trip.
    let mut a = trip_a(&s);
    a[3].vehicle = "VB".into();
    broken(&schedule(&s, vec![a, trip_b(&s)]), "changes vehicle");
    let mut a = trip_a(&s);
    a[3].from = Some("L02".into());
    broken(&schedule(&s, vec![a, trip_b(&s)]), "but starts from L02");
    let mut a = trip_a(&s);
    a[4].trip_day = 7;
    broken(&schedule(&s, vec![a, trip_b(&s)]), "listed as day 7 of 6");
    let mut b = trip_b(&s);
    b[0].trip = None;
    broken(&schedule(&s, vec![trip_a(&s), b]), "belongs to no trip");

    // Longer than [tours] max_days.
    let mut s2 = s.clone();
    s2.trips.max_days = 5;
    let hits = expect(&s2, &valid(&s2), "trip-broken");
    assert!(
        hits.iter().any(|v| v
            .message
            .to_string()
            .contains("runs 6 days, over the limit of 5")),
        "{hits:#?}"
    );
}

#[test]
fn lodging_closed() {
    let s = fixture();
    // L01 is taken by the vaccination campaign on 16-17 June: team B's trip moves two days later.
    let b = trip(
        &s,
        "B-0616",
        TEAM_B,
        CREW_B,
        "2027-06-16",
        &[(&["S02"], Some("L01")), (&["S03"], None)],
    );
    let p = schedule(&s, vec![trip_a(&s), b]);
    let hits = expect(&s, &p, "lodging-closed");
    assert_eq!(hits.len(), 1, "{hits:#?}");
    assert_eq!(hits[0].site.as_deref(), Some("L01"));
    assert!(
        hits[0].message.to_string().contains("2027-06-16")
            && hits[0].message.to_string().contains("vaccination campaign"),
        "{}",
        hits[0].message
    );

    // The camp L04 outside its season: it now opens on 15 June, after team A's night of 11 June.
    let mut s = fixture();
    let l = s.lodgings.iter().position(|l| l.id == "L04").unwrap();
    s.lodgings[l].windows = vec![("2027-06-15".parse().unwrap(), "2027-09-15".parse().unwrap())];
    let hits = expect(&s, &valid(&s), "lodging-closed");
    assert!(
        hits[0].message.to_string().contains("L04")
            && hits[0].message.to_string().contains("2027-06-11")
            && hits[0].message.to_string().contains("outside its windows"),
        "{}",
        hits[0].message
    );
}

#[test]
fn validate_accepts_the_fixture() {
    let run = outreach()
        .args(["validate", "--strict"])
        .arg(fixture_dir())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        text.contains("altitude-mini") && text.contains("0 warning(s)"),
        "{text}"
    );
}

/// A copy of the fixture with one file edited; `validate` must fail and name `wants`.
fn expect_bad(file: &str, edit: impl Fn(String) -> String, wants: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    for entry in fs::read_dir(fixture_dir()).unwrap() {
        let p = entry.unwrap().path();
        fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    let target = dir.path().join(file);
    fs::write(&target, edit(fs::read_to_string(&target).unwrap())).unwrap();
    let run = outreach().arg("validate").arg(dir.path()).output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(!run.status.success(), "accepted a broken {file}: {text}");
    assert!(!text.contains("panicked"), "{text}");
    for w in wants {
        assert!(text.contains(w), "message lacks `{w}`:\n{text}");
    }
}

#[test]
fn teams_naming_an_unknown_clinician_are_rejected() {
    expect_bad(
        "teams.csv",
        |t| t.replace("C03;C04", "C03;C09"),
        &[
            "teams.csv",
            "line 3",
            "`members`",
            "C09",
            "clinicians table",
        ],
    );
}

#[test]
fn a_clinician_in_two_teams_is_rejected() {
    expect_bad(
        "teams.csv",
        |t| t.replace("C03;C04", "C03;C02"),
        &[
            "teams.csv",
            "line 3",
            "`members`",
            "C02",
            "already in team `A`",
        ],
    );
}

#[test]
fn trips_without_a_teams_file_are_rejected() {
    expect_bad(
        "scenario.toml",
        |t| {
            t.replace("max_days = 6", "max_days = 3")
                .replace("teams = \"teams.csv\"\n", "")
        },
        &[
            "scenario.toml",
            "`tours.max_days`",
            "max_days = 3",
            "`teams = \"teams.csv\"`",
            "[files]",
        ],
    );
}
