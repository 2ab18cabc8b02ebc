//! The time limit is a hard cap on the whole run, however large the scenario: a base of 3,000
//! villages (too many to enumerate tours for, and to close travel times over) is read, planned,
//! checked and written within the limit plus max(2 s, 5 %). Alone in its file, so that no other
//! test shares the machine while it is timed.

mod common;

use common::outreach;
use std::fmt::Write;
use std::path::Path;

/// One base with `sites` villages on a grid around it, each owed one visit in four weeks.
fn one_base(dir: &Path, sites: usize) -> std::path::PathBuf {
    std::fs::write(
        dir.join("scenario.toml"),
        "name = \"one large base\"\n[horizon]\nstart = \"2027-03-01\"\nweeks = 4\n[day]\nworking_minutes = 480\n\
         [requirements]\nperiod = \"month\"\nvisits = 1\nmin_spacing_days = 7\n[files]\nsites = \"sites.csv\"\n\
         bases = \"bases.csv\"\nvehicles = \"vehicles.csv\"\nclinicians = \"clinicians.csv\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("bases.csv"),
        "id,name,lat,lon\nB,县医院,36.5,118.0\n",
    )
    .unwrap();
    let side = (sites as f64).sqrt().ceil() as usize;
    let spread = 0.6 / side as f64;
    let mut csv = String::from("id,name,lat,lon,service_minutes,population\n");
    for i in 0..sites {
        let (r, c) = ((i / side) as f64, (i % side) as f64);
        writeln!(
            csv,
            "S{i},村{i},{:.5},{:.5},60,{}",
            36.2 + r * spread,
            117.7 + c * spread,
            200 + i % 700
        )
        .unwrap();
    }
    std::fs::write(dir.join("sites.csv"), csv).unwrap();
    let mut v = String::from("id,base\n");
    let mut cl = String::from("id,name,base,role\n");
    for i in 0..sites / 15 {
        writeln!(v, "V{i},B").unwrap();
        writeln!(cl, "D{i},医生{i},B,doctor\nN{i},护士{i},B,nurse").unwrap();
    }
    std::fs::write(dir.join("vehicles.csv"), v).unwrap();
    std::fs::write(dir.join("clinicians.csv"), cl).unwrap();
    dir.join("scenario.toml")
}

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
}
