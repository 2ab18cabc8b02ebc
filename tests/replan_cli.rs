//! `outreach replan` on the command line: calendars after a re-plan, bad input refused with
//! nothing written, done files, and sweeps over events.

mod common;
mod replan_common;

use common::outreach;
use outreach::Schedule;
use replan_common::*;
use std::path::{Path, PathBuf};

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
