//! A base too large to enumerate plans from the route engine's tours: at `quick`, a base of 800
//! villages and one of 3,500 (routed in sectors, planned without an LP) visit every village with
//! tours of several villages each (the construction alone ran about three times as many tours),
//! pass `check`, and no phase is cut by the clock.

mod common;

use common::{one_base, outreach};

#[test]
fn a_base_of_800_villages_plans_with_the_route_engine() {
    plans_with_the_route_engine(800);
}

#[test]
fn a_base_of_3500_villages_plans_in_sectors() {
    plans_with_the_route_engine(3500);
}

fn plans_with_the_route_engine(villages: usize) {
    let dir = tempfile::tempdir().unwrap();
    let scenario = one_base(dir.path(), villages);
    let out = dir.path().join("out");
    let run = outreach()
        .arg("plan")
        .arg(&scenario)
        .args([
            "--quiet",
            "--effort",
            "quick",
            "--time-limit",
            "600",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{err}");
    let text = std::fs::read_to_string(out.join("schedule.json")).unwrap();
    let schedule = outreach::Schedule::from_json(&text).unwrap();
    assert!(
        schedule.summary.cut_by_time.is_empty(),
        "{:?}",
        schedule.summary.cut_by_time
    );
    assert!(
        schedule.summary.unmet.is_empty(),
        "every village is visited"
    );
    let tours = schedule.tours.len();
    assert!(
        tours * 4 <= villages,
        "{tours} tours for {villages} villages: the engine's routes hold four or more villages on average"
    );
    let s = outreach::load_dir(&scenario).unwrap();
    let violations = outreach::check(&s, &schedule);
    assert!(
        violations.is_empty(),
        "{:?}",
        &violations[..violations.len().min(5)]
    );
}
