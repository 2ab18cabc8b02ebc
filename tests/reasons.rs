//! Missed visits carry a typed reason: each test breaks a copy of `tiny` in one way and expects
//! the code that says so, in `schedule.json` as the CLI writes it.

mod common;

use common::{copy_scenario, outreach};
use outreach::lang::Lang;
use outreach::plan::reason::ReasonCode;
use std::path::Path;

/// Plans the scenario in `dir` (after `edit` changed its files) and returns the codes of the
/// unmet visits, with the CLI's stderr.
fn codes(edit: impl Fn(&Path)) -> (Vec<ReasonCode>, String) {
    let dir = tempfile::tempdir().unwrap();
    let scenario = copy_scenario("tiny", dir.path());
    edit(dir.path());
    let out = dir.path().join("out");
    let o = outreach()
        .arg("plan")
        .arg(&scenario)
        .args(["--quiet", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    assert!(o.status.success(), "{err}");
    let text = std::fs::read_to_string(out.join("schedule.json")).unwrap();
    assert!(text.contains("\"code\""), "codes are in schedule.json");
    let schedule = outreach::Schedule::from_json(&text).unwrap();
    let codes: Vec<ReasonCode> = schedule.summary.unmet.iter().map(|u| u.code).collect();
    // `check --json` lists the same unmet visits, with the same codes, beside any violation.
    let o = outreach()
        .arg("check")
        .arg(&scenario)
        .arg(out.join("schedule.json"))
        .arg("--json")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let listed: Vec<ReasonCode> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .inspect(|v| assert_eq!(v["kind"], "unmet", "a valid plan has no violation: {v}"))
        .map(|v| serde_json::from_value(v["code"].clone()).unwrap())
        .collect();
    assert_eq!(listed, codes);
    (codes, err)
}

fn rewrite(dir: &Path, file: &str, f: impl Fn(String) -> String) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, f(text)).unwrap();
}

/// V2's maintenance day, for copies without V2.
fn drop_v2_maintenance(dir: &Path) {
    rewrite(dir, "leave.csv", |t| {
        t.lines()
            .filter(|l| !l.starts_with("V2,"))
            .collect::<Vec<_>>()
            .join("\n")
            + "\n"
    });
}

#[test]
fn a_misspelt_role_is_no_qualified_clinician_and_warned() {
    let (codes, err) =
        codes(|d| rewrite(d, "scenario.toml", |t| t.replace("nurse = 1", "nurze = 1")));
    assert!(!codes.is_empty());
    assert!(
        codes.iter().all(|&c| c == ReasonCode::NoQualifiedClinician),
        "{codes:?}"
    );
    assert!(err.contains("no clinician has that role"), "{err}");
}

#[test]
fn every_clinician_on_leave_is_all_on_leave() {
    let (codes, _) = codes(|d| {
        rewrite(d, "leave.csv", |mut t| {
            for c in ["C01", "C02", "C03", "C04", "C05", "C06"] {
                t.push_str(&format!("{c},2027-01-01,2027-01-31,training\n"));
            }
            t
        })
    });
    assert!(!codes.is_empty());
    assert!(
        codes.iter().all(|&c| c == ReasonCode::AllOnLeave),
        "{codes:?}"
    );
}

#[test]
fn no_vehicle_at_the_base() {
    let (codes, _) = codes(|d| {
        rewrite(d, "vehicles.csv", |t| {
            t.lines().next().unwrap().to_string() + "\n"
        });
        drop_v2_maintenance(d);
    });
    assert!(!codes.is_empty());
    assert!(
        codes.iter().all(|&c| c == ReasonCode::NoVehicle),
        "{codes:?}"
    );
}

#[test]
fn a_road_closed_all_month_and_a_site_out_of_season() {
    let (codes, _) = codes(|d| {
        rewrite(d, "closures.csv", |t| {
            format!("{t}S01,2027-01-01,2027-01-31,landslide\n")
        });
        rewrite(d, "sites.csv", |t| {
            t.lines()
                .map(|l| {
                    if l.starts_with("S02,") {
                        // windows is the 10th column: summer only.
                        let mut cells: Vec<String> = l.split(',').map(String::from).collect();
                        cells[9] = "2027-06-01..2027-09-30".into();
                        cells.join(",")
                    } else {
                        l.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join("\n")
                + "\n"
        });
    });
    assert!(codes.contains(&ReasonCode::Closed), "{codes:?}");
    assert!(codes.contains(&ReasonCode::OutOfSeason), "{codes:?}");
}

#[test]
fn one_bus_for_every_village_is_capacity() {
    let (codes, _) = codes(|d| {
        // One bus, on one day a week, for half a day: not enough for every village.
        rewrite(d, "scenario.toml", |t| {
            t.replace("working_minutes = 480", "working_minutes = 240")
        });
        rewrite(d, "vehicles.csv", |t| {
            t.lines().take(2).collect::<Vec<_>>().join("\n") + "\n"
        });
        drop_v2_maintenance(d);
        rewrite(d, "scenario.toml", |t| {
            t.replace(
                "working_days = [\"Mon\", \"Tue\", \"Wed\", \"Thu\", \"Fri\"]",
                "working_days = [\"Mon\"]",
            )
        });
    });
    assert!(codes.contains(&ReasonCode::Capacity), "{codes:?}");
}

#[test]
fn visits_a_cut_plan_leaves_out_are_cut_by_time() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = common::one_base(dir.path(), 3000);
    // Ten buses for 3,000 villages, and a cap that cuts the planning short.
    rewrite(dir.path(), "vehicles.csv", |t| {
        t.lines().take(11).collect::<Vec<_>>().join("\n") + "\n"
    });
    let out = common::plan_into(&scenario, &dir.path().join("out"), &["--time-limit", "2"]);
    let text = std::fs::read_to_string(out.join("schedule.json")).unwrap();
    let schedule = outreach::Schedule::from_json(&text).unwrap();
    assert!(!schedule.summary.cut_by_time.is_empty());
    let unmet = &schedule.summary.unmet;
    assert!(unmet.iter().any(|u| u.code == ReasonCode::CutByTime));
    assert!(unmet.iter().all(|u| u.code != ReasonCode::Capacity));
    assert!(unmet
        .iter()
        .find(|u| u.code == ReasonCode::CutByTime)
        .is_some_and(|u| u.reason.contains("--time-limit")));
}

#[test]
fn reasons_are_written_in_the_language_of_the_run_and_read_in_the_other() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = copy_scenario("tiny", dir.path());
    rewrite(dir.path(), "vehicles.csv", |t| {
        t.lines().next().unwrap().to_string() + "\n"
    });
    drop_v2_maintenance(dir.path());
    let out = dir.path().join("out");
    let o = outreach()
        .arg("plan")
        .arg(&scenario)
        .args(["--quiet", "--lang", "zh", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = std::fs::read_to_string(out.join("schedule.json")).unwrap();
    let schedule = outreach::Schedule::from_json(&text).unwrap();
    let u = &schedule.summary.unmet[0];
    assert_eq!(u.code, ReasonCode::NoVehicle);
    assert_eq!(u.reason, "基地 B1 没有车辆");
    assert_eq!(u.reason_in(Lang::Zh), u.reason);
    assert_eq!(u.reason_in(Lang::En), "base B1 has no vehicle");
    assert_eq!(u.code.title(Lang::Zh), "基地没有车辆");
    // The console's list of unmet visits gives them in Chinese too.
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("基地 B1 没有车辆 [no-vehicle]"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
}
