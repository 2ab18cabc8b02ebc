//! The time limit is a hard cap on the whole run, however large the scenario: a base of 3,000
//! villages (too many to enumerate tours for, and to close travel times over) is read, planned,
//! checked and written within the limit plus max(2 s, 5 %). Alone in its file, so that no other
//! test shares the machine while it is timed.

mod common;

use common::{one_base, outreach};

#[test]
fn the_cap_holds_on_a_base_of_3000_villages() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = one_base(dir.path(), 3000);
    let out = dir.path().join("out");
    let limit = 5.0;
    let started = std::time::Instant::now();
    let run = outreach()
        .arg("plan")
        .arg(&scenario)
        .args(["--quiet", "--time-limit", &limit.to_string(), "--out"])
        .arg(&out)
        .output()
        .unwrap();
    let seconds = started.elapsed().as_secs_f64();
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{err}");
    assert!(
        seconds <= limit + f64::max(2.0, 0.05 * limit),
        "the run took {seconds:.1} s against a cap of {limit} s"
    );
    assert!(
        err.contains("depends on this machine's speed"),
        "a cut plan says so: {err}"
    );
    let text = std::fs::read_to_string(out.join("schedule.json")).unwrap();
    let schedule = outreach::Schedule::from_json(&text).unwrap();
    assert!(!schedule.summary.cut_by_time.is_empty());
    assert_eq!(schedule.summary.gap_basis, "pool_bound");
    let s = outreach::load_dir(&scenario).unwrap();
    let violations = outreach::check(&s, &schedule);
    assert!(
        violations.is_empty(),
        "{:?}",
        &violations[..violations.len().min(5)]
    );
    // Visits the cut left out say so: the clock, not capacity, is why.
    use outreach::plan::reason::ReasonCode;
    let unmet = &schedule.summary.unmet;
    assert!(unmet.iter().all(|u| u.code != ReasonCode::Capacity));
}
