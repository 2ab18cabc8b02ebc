//! `outreach replan`: a plan meets events mid-horizon. What happened stays, what no event breaks
//! stays, and the new plan passes `check` against the scenario with the events applied.

mod common;

use common::outreach;
use outreach::replan::events::{self, Event, Origin};
use outreach::replan::{replan, ReplanError};
use outreach::{Options, Scenario, Schedule};
use proptest::prelude::*;
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// Two bases of `villages` villages each, 3 buses and 4 doctors and 4 nurses each, four weeks,
/// each village owed two visits a month at least a week apart: many tour-days to break.
fn scenario_dir(dir: &Path, villages: usize, seed: u64) -> PathBuf {
    std::fs::write(
        dir.join("scenario.toml"),
        "name = \"replan-test\"\n[horizon]\nstart = \"2027-03-01\"\nweeks = 4\n[day]\nworking_minutes = 420\n\
         [requirements]\nperiod = \"month\"\nvisits = 2\nmin_spacing_days = 7\n[files]\nsites = \"sites.csv\"\n\
         bases = \"bases.csv\"\nvehicles = \"vehicles.csv\"\nclinicians = \"clinicians.csv\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("bases.csv"),
        "id,name,lat,lon\nB1,东院,36.50,118.00\nB2,西院,36.50,117.40\n",
    )
    .unwrap();
    let mut sites = String::from("id,name,lat,lon,service_minutes,population\n");
    let mut x = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut next = || {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (x >> 33) as f64 / (1u64 << 31) as f64
    };
    for (b, lon) in [(1, 118.0), (2, 117.4)] {
        for i in 0..villages {
            writeln!(
                sites,
                "S{b}{i:02},村{b}{i:02},{:.5},{:.5},{},{}",
                36.5 + (next() - 0.5) * 0.3,
                lon + (next() - 0.5) * 0.3,
                60 + (next() * 4.0) as u32 * 15,
                300 + (next() * 900.0) as u32
            )
            .unwrap();
        }
    }
    std::fs::write(dir.join("sites.csv"), sites).unwrap();
    let mut v = String::from("id,base\n");
    let mut cl = String::from("id,name,base,role,specialties\n");
    for b in 1..=2 {
        for i in 1..=3 {
            writeln!(v, "V{b}{i},B{b}").unwrap();
        }
        for i in 1..=4 {
            // One cardiologist a base, for extra specialist visits.
            let k = if i == 1 { "cardiology" } else { "" };
            writeln!(
                cl,
                "D{b}{i},医生{b}{i},B{b},doctor,{k}\nN{b}{i},护士{b}{i},B{b},nurse,"
            )
            .unwrap();
        }
    }
    std::fs::write(dir.join("vehicles.csv"), v).unwrap();
    std::fs::write(dir.join("clinicians.csv"), cl).unwrap();
    dir.join("scenario.toml")
}

fn plan(s: &Scenario) -> Schedule {
    let mut o = Options::from_scenario(s);
    o.threads = 1;
    outreach::plan(s, &o, &outreach::plan::Quiet).unwrap()
}

fn date(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

fn event(s: &Scenario, kind: &str, value: &str) -> Event {
    let origin = Origin {
        place: "test".into(),
        row: None,
        field: "value",
    };
    events::parse(s, kind, value, origin).unwrap()
}

fn run(s: &Scenario, old: &Schedule, from: &str, evs: &[Event]) -> outreach::replan::Replanned {
    let mut o = Options::from_scenario(s);
    o.threads = 1;
    replan(s, old, date(from), evs, &o, &outreach::plan::Quiet).unwrap()
}

fn json(t: &outreach::schedule::TourDay) -> String {
    serde_json::to_string(t).unwrap()
}

/// Every tour-day of `old` that is before `from` or that no event breaks is in `new` unchanged,
/// and the new plan passes every rule of the scenario with the events applied.
fn assert_kept(old: &Schedule, r: &outreach::replan::Replanned, from: &str, evs: &[Event]) {
    let new: std::collections::HashSet<String> = r.schedule.tours.iter().map(json).collect();
    for t in &old.tours {
        let hit = evs.iter().any(|e| {
            e.covers(t.date)
                && (t.vehicle == e.target
                    || t.crew.iter().any(|c| c.clinician == e.target)
                    || t.stops
                        .iter()
                        .any(|x| x.site == e.target || t.base == e.target))
        });
        if t.date < date(from) || !hit {
            assert!(new.contains(&json(t)), "tour-day {} changed", t.id);
        }
    }
    let violations = outreach::check(&r.scenario, &r.schedule);
    assert!(violations.is_empty(), "{violations:#?}");
}

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

fn plan_cli(dir: &Path, seed: u64) -> (PathBuf, PathBuf) {
    let scenario = scenario_dir(dir, 8, seed);
    let out = common::plan_into(&scenario, &dir.join("plan"), &[]);
    (scenario, out.join("schedule.json"))
}

#[test]
fn calendars_update_the_same_uids_with_a_higher_sequence() {
    let dir = tempfile::tempdir().unwrap();
    let (scenario, schedule) = plan_cli(dir.path(), 5);
    let old = Schedule::from_json(&std::fs::read_to_string(&schedule).unwrap()).unwrap();
    let t = old
        .tours
        .iter()
        .find(|t| t.date >= date("2027-03-15"))
        .unwrap();
    let who = t.crew[0].clinician.clone();
    let out = dir.path().join("replan");
    let run = outreach()
        .args(["replan"])
        .arg(&scenario)
        .arg(&schedule)
        .args(["--from", "2027-03-08", "--quiet", "--absent"])
        .arg(format!("{who}:{}", t.date))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let uid = format!(
        "UID:replan-test-{}-{}-{}@outreach",
        t.date.format("%Y%m%d"),
        t.vehicle,
        t.vehicle
    );
    let before = std::fs::read_to_string(
        dir.path()
            .join("plan/calendars")
            .join(format!("vehicle-{}.ics", t.vehicle)),
    )
    .unwrap();
    let after = std::fs::read_to_string(
        out.join("calendars")
            .join(format!("vehicle-{}.ics", t.vehicle)),
    )
    .unwrap();
    let event_of = |cal: &str| {
        cal.split("BEGIN:VEVENT")
            .find(|e| e.contains(&uid))
            .map(str::to_string)
            .unwrap_or_else(|| panic!("no event {uid}"))
    };
    assert!(event_of(&before).contains("SEQUENCE:0"));
    assert!(event_of(&after).contains("SEQUENCE:1"));
    assert!(!event_of(&after).contains("STATUS:CANCELLED"));
    // The absent clinician's event is cancelled on their phone, under the same UID.
    let theirs =
        std::fs::read_to_string(out.join("calendars").join(format!("clinician-{who}.ics")))
            .unwrap();
    let their_uid = format!(
        "UID:replan-test-{}-{}-{who}@outreach",
        t.date.format("%Y%m%d"),
        t.vehicle
    );
    let ev = theirs
        .split("BEGIN:VEVENT")
        .find(|e| e.contains(&their_uid))
        .expect("the cancelled event is in their calendar");
    assert!(ev.contains("STATUS:CANCELLED") && ev.contains("SEQUENCE:1"));
    let changes = std::fs::read_to_string(out.join("changes.csv")).unwrap();
    assert!(changes.contains(&format!("absent {who}:")), "{changes}");
    let report = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        report.contains("Changes of the re-plan") && report.contains(&format!("absent {who}:"))
    );
    let check = outreach()
        .args(["check"])
        .arg(&scenario)
        .arg(out.join("schedule.json"))
        .output()
        .unwrap();
    // The scenario as written still has the clinician at work: only the event takes them off.
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
}

/// Runs replan with `args` expecting failure; returns stderr and asserts nothing was written.
fn refused(scenario: &Path, schedule: &Path, out: &Path, args: &[&str]) -> String {
    let run = outreach()
        .arg("replan")
        .arg(scenario)
        .arg(schedule)
        .args(["--quiet", "--out"])
        .arg(out)
        .args(args)
        .output()
        .unwrap();
    assert!(!run.status.success());
    assert!(!out.exists(), "nothing is written on bad input");
    String::from_utf8_lossy(&run.stderr).to_string()
}

#[test]
fn bad_input_is_named_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let (scenario, schedule) = plan_cli(dir.path(), 6);
    let out = dir.path().join("never");
    let e = refused(&scenario, &schedule, &out, &["--from", "2027-05-01"]);
    assert!(
        e.contains("--from 2027-05-01 is outside the horizon"),
        "{e}"
    );
    let e = refused(
        &scenario,
        &schedule,
        &out,
        &["--from", "2027-03-08", "--vehicle-out", "V99:2027-03-10"],
    );
    assert!(
        e.contains("--vehicle-out") && e.contains("no vehicle `V99`"),
        "{e}"
    );
    let e = refused(
        &scenario,
        &schedule,
        &out,
        &["--from", "2027-03-08", "--absent", "D11:2027-06-10"],
    );
    assert!(e.contains("outside the horizon"), "{e}");
    // An event on a day already done contradicts it.
    let old = Schedule::from_json(&std::fs::read_to_string(&schedule).unwrap()).unwrap();
    let done = old
        .tours
        .iter()
        .find(|t| t.date < date("2027-03-15"))
        .unwrap();
    let e = refused(
        &scenario,
        &schedule,
        &out,
        &[
            "--from",
            "2027-03-15",
            "--vehicle-out",
            &format!("{}:{}", done.vehicle, done.date),
        ],
    );
    assert!(e.contains(&done.id) && e.contains("stays as it was"), "{e}");
    // A schedule of another scenario says which.
    let e = refused(
        Path::new("tiny"),
        &schedule,
        &out,
        &["--from", "2027-01-06"],
    );
    assert!(e.contains("planned for `replan-test`"), "{e}");
    // An events file names its row and field.
    let file = dir.path().join("events.csv");
    std::fs::write(
        &file,
        "kind,id,from,to\nvehicle-out,V11,2027-03-15,2027-03-16\nabsent,X7,2027-03-15,\n",
    )
    .unwrap();
    let e = refused(
        &scenario,
        &schedule,
        &out,
        &["--from", "2027-03-08", "--events", file.to_str().unwrap()],
    );
    assert!(e.contains("events.csv, row 3, field `id`"), "{e}");
    let toml = dir.path().join("events.toml");
    std::fs::write(
        &toml,
        "[[event]]\nkind = \"flood\"\nid = \"V11\"\nfrom = \"2027-03-15\"\n",
    )
    .unwrap();
    let e = refused(
        &scenario,
        &schedule,
        &out,
        &["--from", "2027-03-08", "--events", toml.to_str().unwrap()],
    );
    assert!(
        e.contains("row 1, field `kind`") && e.contains("flood"),
        "{e}"
    );
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
fn a_done_row_for_a_tour_day_that_does_not_exist_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (scenario, schedule) = plan_cli(dir.path(), 10);
    let file = dir.path().join("done.csv");
    // 2027-03-06 is a Saturday: nobody works.
    std::fs::write(&file, "date,vehicle,site,status\n2027-03-06,V11,,missed\n").unwrap();
    let out = dir.path().join("never");
    let e = refused(
        &scenario,
        &schedule,
        &out,
        &["--from", "2027-03-08", "--done", file.to_str().unwrap()],
    );
    assert!(
        e.contains("done.csv, row 2, field `date`")
            && e.contains("no tour-day of V11 on 2027-03-06"),
        "{e}"
    );
    std::fs::write(&file, "date,vehicle,site,status\n2027-03-09,V11,,missed\n").unwrap();
    let e = refused(
        &scenario,
        &schedule,
        &out,
        &["--from", "2027-03-08", "--done", file.to_str().unwrap()],
    );
    assert!(e.contains("is not before 2027-03-08"), "{e}");
}

#[test]
fn sweeps_vary_events_of_a_replan() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = scenario_dir(dir.path(), 6, 11);
    let out = dir.path().join("sweep");
    let run = outreach()
        .arg("sweep")
        .arg(&scenario)
        .args([
            "--vary",
            "replan_from=2027-03-08",
            "--vary",
            "vehicle_out=none,V11:2027-03-15..2027-03-19,V11:2027-03-15..2027-03-19+V12:2027-03-15",
            "--vary",
            "absent=none,D11:2027-03-10..2027-03-26",
            "--quiet",
            "--threads",
            "2",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let csv = std::fs::read_to_string(out.join("sweep.csv")).unwrap();
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let header = rows.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 6);
    for r in &rows {
        assert_eq!(&r[col("status")], "ok", "{r:?}");
        assert_eq!(&r[col("violations")], "0", "{r:?}");
    }
    // With no event, the re-plan is the plan.
    let s = outreach::load_dir(&scenario).unwrap();
    let old = plan(&s);
    assert_eq!(rows[0][col("tours")], old.summary.tours.to_string());
    assert_eq!(rows[0][col("cost")], format!("{:.2}", old.summary.cost));
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
