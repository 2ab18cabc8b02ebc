//! Work limits, not the clock, decide a plan: the same scenario, seed and effort give the same
//! schedule with one or two threads and with busy threads beside it. The time limit is a hard cap
//! whose cuts are recorded, and odd limits get a clear answer.

mod common;

use common::{bundled, one_base, outreach, succeeds};
use outreach::bench::{timeless, Busy};
use outreach::scenario::Effort;
use outreach::{Options, Scenario, Schedule};
use std::path::Path;

fn plan_with(s: &Scenario, threads: usize, effort: Effort) -> Schedule {
    let mut o = Options::from_scenario(s);
    o.time_limit_seconds = f64::INFINITY;
    o.threads = threads;
    o.effort = effort;
    outreach::plan(s, &o, &outreach::plan::Quiet).expect("planning succeeds")
}

/// Plans `s` with 1 thread, with 2, and with 2 beside one busy thread per core: the schedules are
/// the same bytes (`solve_seconds` aside), no phase was cut, and every one passes `check`.
fn same_plan_under_load(s: &Scenario, effort: Effort) {
    let one = plan_with(s, 1, effort);
    let two = plan_with(s, 2, effort);
    let busy = Busy::start();
    let loaded = plan_with(s, 2, effort);
    drop(busy);
    assert!(
        one.summary.cut_by_time.is_empty(),
        "{:?}",
        one.summary.cut_by_time
    );
    assert_eq!(one.summary.effort, effort);
    assert!(outreach::check(s, &one).is_empty());
    assert_eq!(timeless(&one), timeless(&two), "1 and 2 threads differ");
    assert_eq!(timeless(&one), timeless(&loaded), "a busy machine differs");
}

#[test]
fn tiny_is_planned_alike_with_any_threads_and_load() {
    let s = bundled("tiny");
    for effort in [Effort::Quick, Effort::Normal] {
        same_plan_under_load(&s, effort);
    }
}

#[test]
fn a_campaign_is_planned_alike_with_any_threads_and_load() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/altitude-mini");
    let s = outreach::load_dir(&dir.join("scenario.toml")).expect("the fixture loads");
    same_plan_under_load(&s, Effort::Quick);
}

/// A base with more villages than enumeration takes plans from constructed and priced tours.
#[test]
fn a_base_too_large_to_enumerate_is_planned_alike_under_load() {
    let dir = tempfile::tempdir().unwrap();
    let path = one_base(dir.path(), 90);
    let s = outreach::load_dir(&path).expect("generated scenarios load");
    same_plan_under_load(&s, Effort::Quick);
}

#[test]
fn more_effort_never_plans_worse_on_tiny() {
    let s = bundled("tiny");
    let quick = plan_with(&s, 1, Effort::Quick);
    let normal = plan_with(&s, 1, Effort::Normal);
    assert!(normal.summary.objective <= quick.summary.objective + 1e-6);
}

#[test]
fn odd_time_limits_get_a_clear_answer() {
    for bad in ["1e-9", "0", "-5", "nan"] {
        let out = outreach()
            .args(["plan", "tiny", "--quiet", &format!("--time-limit={bad}")])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{bad}: {err}");
        assert!(
            err.contains("--time-limit") && err.contains("at least 1"),
            "{bad}: {err}"
        );
        assert!(!err.contains("panicked"), "{bad}: {err}");
    }
    for huge in ["1e20", "1e308", "inf"] {
        let dir = tempfile::tempdir().unwrap();
        let out = outreach()
            .args(["plan", "tiny", "--quiet", "--time-limit", huge, "--out"])
            .arg(dir.path())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{huge}: {err}");
        assert!(dir.path().join("schedule.json").exists());
    }
}

#[test]
fn an_unknown_effort_is_refused_with_the_choices() {
    let out = outreach()
        .args(["plan", "tiny", "--effort", "max"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(err.contains("quick, normal or thorough"), "{err}");
}

/// Ctrl-C (SIGINT) while a long plan runs: the best plan so far is written, marked interrupted,
/// passes `check`, and the exit status says so.
#[test]
fn ctrl_c_writes_the_best_plan_so_far() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let mut child = outreach()
        .args([
            "plan",
            "zibo-health-bus",
            "--quiet",
            "--time-limit",
            "1000",
            "--out",
        ])
        .arg(&out)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_secs(6));
    let sent = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let signalled = std::time::Instant::now();
    let status = child.wait().unwrap();
    let waited = signalled.elapsed().as_secs_f64();
    let mut err = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
    assert_eq!(status.code(), Some(130), "{err}");
    assert!(err.contains("interrupted"), "{err}");
    // A generous bound: the point is that it ends soon, not how soon on a loaded CI machine.
    assert!(waited < 60.0, "took {waited:.1} s after Ctrl-C");
    let text = std::fs::read_to_string(out.join("schedule.json")).unwrap();
    let schedule = Schedule::from_json(&text).unwrap();
    assert!(schedule.summary.interrupted);
    assert!(!schedule.summary.cut_by_time.is_empty());
    let s = bundled("zibo-health-bus");
    let violations = outreach::check(&s, &schedule);
    assert!(
        violations.is_empty(),
        "{:?}",
        &violations[..violations.len().min(5)]
    );
}

/// `bench --scale 2` plans two copies of every base, each run between two runs of the scenario
/// itself: twice the visits, every plan checked, a time ratio against the neighbouring runs, and
/// `--busy` gives the same schedule.
#[test]
fn bench_scales_a_scenario_and_compares_a_busy_run() {
    let out = succeeds(outreach().args([
        "bench", "tiny", "--scale", "2", "--effort", "quick", "--busy", "--json",
    ]));
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let (ratio, rows): (Vec<_>, Vec<_>) = lines
        .into_iter()
        .partition(|l| l.get("median_time_ratio").is_some());
    let names: Vec<&str> = rows
        .iter()
        .map(|r| r["scenario"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["tiny", "tiny ×2", "tiny", "tiny ×2"],
        "interleaved, then busy"
    );
    let single = plan_with(&bundled("tiny"), 1, Effort::Quick);
    for r in rows.iter().filter(|r| r["scenario"] == "tiny ×2") {
        assert_eq!(
            r["visits_required"].as_u64().unwrap(),
            2 * single.summary.visits_required as u64
        );
        assert_eq!(r["same_schedule"], true);
        assert_eq!(r["effort"], "quick");
    }
    assert_eq!(rows[3]["busy"], true);
    assert_eq!(ratio.len(), 1);
    assert_eq!(ratio[0]["scale"], 2);
    assert!(ratio[0]["median_time_ratio"].as_f64().unwrap() > 0.0);
}
