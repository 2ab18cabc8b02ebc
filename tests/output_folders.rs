//! Output folders are replaced as a set: a bad `--out` is refused before planning, a failed export
//! leaves the previous plan whole, and the planner's own files in the folder stay.

mod common;

use common::outreach;
use std::path::Path;

fn plan_into(out: &Path) -> std::process::Output {
    outreach()
        .args(["plan", "tiny", "--quiet", "--out"])
        .arg(out)
        .output()
        .unwrap()
}

#[test]
fn an_out_that_is_a_file_is_refused_before_planning() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plan");
    std::fs::write(&file, "keep me").unwrap();
    let o = plan_into(&file);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("is a file, not a folder"), "{err}");
    assert!(
        !err.contains("planning `tiny`"),
        "refused before planning: {err}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep me");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn a_second_plan_replaces_outreachs_files_and_keeps_the_planners() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan");
    assert!(plan_into(&out).status.success());
    std::fs::write(out.join("notes.txt"), "call the township first").unwrap();
    std::fs::write(out.join("calendars/holidays.ics"), "BEGIN:VCALENDAR").unwrap();
    // A calendar of a vehicle the next plan does not use: outreach's own, and stale.
    let manifest = std::fs::read_to_string(out.join(".outreach-files")).unwrap();
    assert!(manifest.lines().any(|l| l == "calendars/vehicle-V1.ics"));
    std::fs::write(out.join("calendars/vehicle-OLD.ics"), "stale").unwrap();
    std::fs::write(
        out.join(".outreach-files"),
        format!("{manifest}calendars/vehicle-OLD.ics\n"),
    )
    .unwrap();

    assert!(plan_into(&out).status.success());
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "call the township first"
    );
    assert!(out.join("calendars/holidays.ics").is_file());
    assert!(!out.join("calendars/vehicle-OLD.ics").exists());
    assert!(out.join("calendars/vehicle-V1.ics").is_file());
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert_eq!(names, vec!["plan"], "no staging folder is left");
}

#[test]
fn an_export_that_fails_leaves_the_previous_files_whole() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan");
    assert!(plan_into(&out).status.success());
    let before = std::fs::read(out.join("report.html")).unwrap();
    // A schedule naming a vehicle the scenario lacks cannot be exported.
    let text = std::fs::read_to_string(out.join("schedule.json")).unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, text.replace("\"V1\"", "\"V404\"")).unwrap();
    let o = outreach()
        .arg("export")
        .arg(&bad)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("V404"), "{err}");
    assert!(
        !err.contains("exporting anyway"),
        "no promise before the failure: {err}"
    );
    assert_eq!(std::fs::read(out.join("report.html")).unwrap(), before);
}

#[test]
fn export_of_some_formats_keeps_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan");
    assert!(plan_into(&out).status.success());
    let schedule = std::fs::read(out.join("schedule.json")).unwrap();
    let o = outreach()
        .arg("export")
        .arg(out.join("schedule.json"))
        .args(["--format", "html", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(std::fs::read(out.join("schedule.json")).unwrap(), schedule);
    assert!(out.join("stops.csv").is_file());
    assert!(out.join("calendars/vehicle-V1.ics").is_file());
}

#[test]
fn check_says_which_scenario_file_changed_since_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = common::copy_scenario("tiny", dir.path());
    let out = dir.path().join("plan");
    let o = outreach()
        .arg("plan")
        .arg(&scenario)
        .args(["--quiet", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success());
    let schedule = out.join("schedule.json");
    let text = std::fs::read_to_string(&schedule).unwrap();
    assert!(text.contains("\"inputs\"") && text.contains("\"sites.csv\""));
    let check = || {
        outreach()
            .arg("check")
            .arg(&scenario)
            .arg(&schedule)
            .output()
            .unwrap()
    };
    let same = check();
    assert!(same.status.success());
    assert!(!String::from_utf8_lossy(&same.stderr).contains("changed since"));
    // A harmless edit: the plan still passes, and the note names the file.
    let closures = dir.path().join("closures.csv");
    let c = std::fs::read_to_string(&closures).unwrap();
    std::fs::write(&closures, format!("{c}\n")).unwrap();
    let edited = check();
    assert!(edited.status.success());
    let err = String::from_utf8_lossy(&edited.stderr);
    assert!(err.contains("closures.csv changed since"), "{err}");
}

#[test]
fn out_as_the_current_folder_writes_in_place_and_keeps_everything_else() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    for _ in 0..2 {
        let o = outreach()
            .args(["plan", "tiny", "--quiet", "--out", "."])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    assert!(dir.path().join("schedule.json").is_file());
    assert!(dir.path().join("calendars/vehicle-V1.ics").is_file());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
        "mine"
    );
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.contains(".outreach-") && (n.ends_with(".tmp") || n.ends_with(".old")))
        .collect();
    assert!(names.is_empty(), "no staging folder left: {names:?}");
}
