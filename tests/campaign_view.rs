//! The campaign as its teams read it, on the planned `altitude-mini` fixture: the report lists each
//! multi-day trip with its nights (lodging and altitude) and villages, day sheets name the night's
//! lodging and its altitude, and a transfer day (no village) stays in `stops.csv` and in the
//! calendars with where it starts and ends.

mod common;
use common::{outreach, plan_into, succeeds};
use outreach::Schedule;
use std::fs;
use std::path::Path;

fn fixture() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/altitude-mini")
}

fn planned(dir: &Path) -> (Schedule, std::path::PathBuf) {
    let out = plan_into(fixture(), &dir.join("plan"), &[]);
    let text = fs::read_to_string(out.join("schedule.json")).unwrap();
    (serde_json::from_str(&text).unwrap(), out)
}

#[test]
fn report_lists_each_trip_with_its_nights_and_villages() {
    let dir = tempfile::tempdir().unwrap();
    let (schedule, out) = planned(dir.path());
    let trips: std::collections::BTreeSet<&str> = schedule
        .tours
        .iter()
        .filter_map(|t| t.trip.as_deref().filter(|_| t.trip_days > 1))
        .collect();
    assert!(!trips.is_empty(), "the fixture plans a multi-day trip");
    let report = fs::read_to_string(out.join("report.html")).unwrap();
    let section = &report[report.find("id=\"trips\"").expect("a trips section")..];
    for id in &trips {
        assert!(section.contains(id), "trip {id} has a row");
    }
    // Every night of a multi-day trip is named with its lodging's altitude.
    let s = outreach::load_dir(&fixture()).unwrap();
    for t in schedule.tours.iter().filter(|t| t.trip_days > 1) {
        if let Some(l) = &t.to {
            let lodging = s.lodgings.iter().find(|x| &x.id == l).unwrap();
            let words = format!("{} {} ({}", lodging.id, lodging.name, {
                let m = lodging.altitude_m.round() as i64;
                if m >= 1000 {
                    format!("{},{:03} m)", m / 1000, m % 1000)
                } else {
                    format!("{m} m)")
                }
            });
            assert!(section.contains(&words), "night at {words} in {l}");
            // The day sheet ending there names the altitude to call ahead.
            assert!(
                report.contains(&format!(
                    "night here, at {:.0} m: call the lodging ahead",
                    lodging.altitude_m
                )),
                "the sheet of {} names the night's altitude",
                t.id
            );
        }
        for stop in &t.stops {
            assert!(section.contains(&stop.site_name), "{}", stop.site_name);
        }
    }
}

#[test]
fn report_in_chinese_names_trips_in_planner_words() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("zh");
    succeeds(
        outreach()
            .args(["--lang", "zh", "plan"])
            .arg(fixture())
            .args(["--quiet", "--out"])
            .arg(&out),
    );
    let report = fs::read_to_string(out.join("report.html")).unwrap();
    assert!(report.contains("多日巡诊行程"));
    assert!(report.contains("住宿（地点、海拔）"));
    assert!(report.contains("米）"), "altitudes in 米");
}

#[test]
fn transfer_days_stay_in_stops_csv_and_calendars() {
    let dir = tempfile::tempdir().unwrap();
    let (schedule, out) = planned(dir.path());
    let transfers: Vec<_> = schedule
        .tours
        .iter()
        .filter(|t| t.stops.is_empty())
        .collect();
    assert!(
        !transfers.is_empty(),
        "the fixture's plan drives to a lodging with no village on the way"
    );
    let csv = fs::read_to_string(out.join("stops.csv")).unwrap();
    for t in &transfers {
        let row = csv
            .lines()
            .find(|l| l.contains(&format!(",{},", t.id)))
            .unwrap_or_else(|| panic!("a row for transfer day {}", t.id));
        assert!(row.contains("Transfer: "), "{row}");
        assert!(
            row.contains(&t.depart) && row.contains(&t.return_time),
            "{row}"
        );
    }
    // Each row is still a row of the same width as the header.
    let mut rows = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let width = rows.headers().unwrap().len();
    assert!(rows.records().all(|r| r.unwrap().len() == width));
    // The vehicle's calendar has the transfer as an event placed from one place to the other.
    let t = transfers[0];
    let ics = fs::read_to_string(
        out.join("calendars")
            .join(format!("vehicle-{}.ics", t.vehicle)),
    )
    .unwrap();
    let unfolded = ics.replace("\r\n ", "");
    assert!(
        unfolded.contains("transfer from"),
        "a transfer summary in the calendar"
    );
    let location = unfolded
        .lines()
        .find(|l| l.starts_with("LOCATION:") && l.contains('→'))
        .expect("a transfer's location names where it starts and ends");
    assert!(location.len() > "LOCATION: → ".len(), "{location}");
}

/// Every team-day without a trip is in one idle run with a typed code, in `schedule.json` and in
/// the report's idle section; the report lists each clinician's work and rest.
#[test]
fn idle_days_and_rest_days_are_in_the_schedule_and_the_report() {
    use outreach::plan::reason::IdleCode;
    let dir = tempfile::tempdir().unwrap();
    let (schedule, out) = planned(dir.path());
    let s = outreach::load_dir(&fixture()).unwrap();
    let days = s.horizon.days as u32;
    for team in &s.teams {
        let busy: std::collections::BTreeSet<_> = schedule
            .tours
            .iter()
            .filter(|t| t.team.as_deref() == Some(team.id.as_str()))
            .map(|t| t.date)
            .collect();
        let idle: u32 = schedule
            .summary
            .idle
            .iter()
            .filter(|r| r.team.as_deref() == Some(team.id.as_str()))
            .map(|r| r.days)
            .sum();
        assert_eq!(idle + busy.len() as u32, days, "team {}", team.id);
    }
    // 王芳 (C04) of team B is on training on 06-19 and 06-20; the plan meets every visit.
    let on_leave = schedule
        .summary
        .idle
        .iter()
        .find(|r| r.code == IdleCode::OnLeave)
        .expect("team B's leave days");
    assert_eq!(on_leave.team.as_deref(), Some("B"));
    assert!(on_leave.reason.contains("C04"), "{}", on_leave.reason);
    assert!(schedule
        .summary
        .idle
        .iter()
        .any(|r| r.code == IdleCode::AllServed));
    let json = fs::read_to_string(out.join("schedule.json")).unwrap();
    assert!(
        json.contains("\"code\": \"all-served\""),
        "codes as written"
    );

    let report = fs::read_to_string(out.join("report.html")).unwrap();
    let idle = &report[report.find("id=\"idle\"").expect("an idle section")..];
    assert!(idle.contains("no demand left in reach"), "the code's title");
    assert!(idle.contains("on leave or off duty"), "the words");
    let rest = &report[report.find("id=\"rest\"").expect("a rest table")..];
    for id in ["C01", "C02", "C03", "C04"] {
        assert!(rest.contains(id), "{id} has a row of work and rest");
    }
    // The 5-night trip sleeps twice at L03 (4,250 m) before going higher: a rest night, marked in
    // the trip table and on the day's sheet.
    let trips = &report[report.find("id=\"trips\"").unwrap()..];
    assert!(
        trips.contains("(4,250 m), rest night"),
        "the trip table marks it"
    );
    assert!(
        report.contains("Rest night: no altitude gained since the night at L03"),
        "the sheet says so"
    );

    // The same in Chinese.
    let zh = dir.path().join("zh");
    succeeds(
        outreach()
            .args(["--lang", "zh", "export"])
            .arg(out.join("schedule.json"))
            .arg("--scenario")
            .arg(fixture())
            .args(["--format", "html", "--out"])
            .arg(&zh),
    );
    let report = fs::read_to_string(zh.join("report.html")).unwrap();
    assert!(report.contains("医疗队和车辆闲置的原因"));
    assert!(report.contains("可到达范围内已无巡诊需求"));
    assert!(report.contains("休假或不当班"));
    assert!(report.contains("每位医护人员的工作与休息"));
}
