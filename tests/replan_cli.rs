//! `outreach replan` on the command line: calendars after a re-plan, bad input refused with
//! nothing written, done files, and sweeps over events.

mod common;
mod replan_common;

use common::{outreach, succeeds};
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
    succeeds(
        outreach()
            .args(["replan"])
            .arg(&scenario)
            .arg(&schedule)
            .args(["--from", "2027-03-08", "--quiet", "--absent"])
            .arg(format!("{who}:{}", t.date))
            .arg("--out")
            .arg(&out),
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
    succeeds(outreach()
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
        .arg(&out));
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
    // Each row counts the tour-days its re-plan changed, as the library's re-plan does.
    assert_eq!(&rows[0][col("changed_tour_days")], "0");
    let mut any_changed = false;
    for r in &rows[1..] {
        let params: Vec<(&str, &str)> = ["vehicle_out", "absent"]
            .iter()
            .map(|k| (*k, &r[col(k)]))
            .collect();
        let mut evs = Vec::new();
        for (k, v) in params.iter().filter(|(_, v)| *v != "none") {
            let kind = if *k == "vehicle_out" {
                "vehicle-out"
            } else {
                "absent"
            };
            evs.extend(v.split('+').map(|x| event(&s, kind, x)));
        }
        let replanned = replan_common::run(&s, &old, "2027-03-08", &evs);
        let changed: usize = replanned.per_base.values().map(|(_, c)| c).sum();
        assert_eq!(r[col("changed_tour_days")], changed.to_string(), "{r:?}");
        any_changed |= changed > 0;
    }
    assert!(any_changed, "some variation breaks a tour-day");
}

/// A row of a done sheet: date, vehicle, site, status.
type DoneRow<'a> = (&'a str, &'a str, &'a str, &'a str);

/// A done sheet as field teams return it: the header of schedule.xlsx's sheet and `rows` of
/// (date, vehicle, site, status); a date given as an Excel date when it parses, else as text.
fn done_workbook(path: &Path, rows: &[DoneRow]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(outreach::replan::done::SHEET).unwrap();
    for (c, h) in [
        "日期 date",
        "车辆 vehicle",
        "村 site",
        "村名 site_name",
        "状态 status",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let format = rust_xlsxwriter::Format::new().set_num_format("yyyy/m/d");
    for (r, (d, v, site, status)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        match d.parse::<chrono::NaiveDate>() {
            Ok(d) => {
                use chrono::Datelike;
                let x = rust_xlsxwriter::ExcelDateTime::from_ymd(
                    d.year() as u16,
                    d.month() as u8,
                    d.day() as u8,
                )
                .unwrap();
                sheet.write_datetime_with_format(r, 0, &x, &format).unwrap();
            }
            Err(_) => {
                sheet.write_string(r, 0, *d).unwrap();
            }
        }
        sheet.write_string(r, 1, *v).unwrap();
        sheet.write_string(r, 2, *site).unwrap();
        sheet.write_string(r, 4, *status).unwrap();
    }
    book.save(path).unwrap();
}

#[test]
fn the_done_sheet_of_the_workbook_is_a_done_file() {
    let dir = tempfile::tempdir().unwrap();
    let (scenario, schedule) = plan_cli(dir.path(), 10);
    let s = outreach::load_dir(&scenario).unwrap();
    let old = Schedule::from_json(&std::fs::read_to_string(&schedule).unwrap()).unwrap();
    let from = date("2027-03-08");

    // The plan's own workbook lists every visit with a blank status: nothing was missed.
    let book = dir.path().join("plan/schedule.xlsx");
    {
        use calamine::Reader;
        let mut x: calamine::Xlsx<_> = calamine::open_workbook(&book).unwrap();
        let sheet = x.worksheet_range(outreach::replan::done::SHEET).unwrap();
        let stops: usize = old.tours.iter().map(|t| t.stops.len()).sum();
        assert_eq!(
            sheet.height(),
            stops + 1,
            "a row per visit under the header"
        );
    }
    let missed = outreach::replan::done::read(&s, &old, from, &book).unwrap();
    assert!(missed.is_empty());

    // Filled in: one visit missed (a date in the planner's way of writing it), one made, the
    // rest blank, later days too.
    let t = old
        .tours
        .iter()
        .find(|t| t.date <= date("2027-03-05") && t.stops.len() >= 2)
        .unwrap();
    let later = old.tours.iter().find(|t| t.date >= from).unwrap();
    let planner_date = t.date.format("%Y/%-m/%-d").to_string();
    let filled = dir.path().join("done.xlsx");
    done_workbook(
        &filled,
        &[
            (&planner_date, &t.vehicle, &t.stops[0].site, "未完成"),
            (&t.date.to_string(), &t.vehicle, &t.stops[1].site, "完成"),
            (
                &later.date.to_string(),
                &later.vehicle,
                &later.stops[0].site,
                "",
            ),
        ],
    );
    let missed = outreach::replan::done::read(&s, &old, from, &filled).unwrap();
    assert_eq!(missed.len(), 1);
    assert_eq!(missed[0].site.as_deref(), Some(t.stops[0].site.as_str()));
    assert!(
        missed[0]
            .source
            .ends_with("done.xlsx, 完成情况 Done, row 2"),
        "{}",
        missed[0].source
    );
    let out = dir.path().join("replan");
    succeeds(
        outreach()
            .arg("replan")
            .arg(&scenario)
            .arg(&schedule)
            .args(["--from", "2027-03-08", "--quiet", "--done"])
            .arg(&filled)
            .arg("--out")
            .arg(&out),
    );
    let changes = std::fs::read_to_string(out.join("changes.csv")).unwrap();
    assert!(
        changes.contains("missed") && changes.contains(&t.stops[0].site),
        "{changes}"
    );

    // The same errors as a CSV's, naming the sheet, the row and the field.
    let never = dir.path().join("never");
    let cases: [(&[DoneRow], &str); 4] = [
        (
            &[("2027-03-06", "V11", "", "未完成")],
            "done.xlsx, 完成情况 Done, row 2, field `date`",
        ),
        (
            &[
                (&t.date.to_string(), &t.vehicle, "", "完成"),
                (&later.date.to_string(), &later.vehicle, "", "missed"),
            ],
            "row 3, field `date`",
        ),
        (
            &[(&t.date.to_string(), &t.vehicle, "S999", "missed")],
            "row 2, field `site`",
        ),
        (
            &[(&t.date.to_string(), &t.vehicle, "", "maybe")],
            "row 2, field `status`",
        ),
    ];
    for (rows, want) in cases {
        done_workbook(&filled, rows);
        let e = refused(
            &scenario,
            &schedule,
            &never,
            &["--from", "2027-03-08", "--done", filled.to_str().unwrap()],
        );
        assert!(e.contains(want), "{want}: {e}");
    }
    // A workbook without the sheet says which sheet it wants.
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet().write_string(0, 0, "date").unwrap();
    book.save(&filled).unwrap();
    let e = refused(
        &scenario,
        &schedule,
        &never,
        &["--from", "2027-03-08", "--done", filled.to_str().unwrap()],
    );
    assert!(e.contains("no sheet `完成情况 Done`"), "{e}");
}
