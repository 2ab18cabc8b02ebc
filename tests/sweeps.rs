//! Sweeps through the CLI: the same rows with 1 or 2 threads, in shards merged afterwards, and
//! after an interruption; clear errors for bad keys and for a folder of another sweep.

mod common;

use common::outreach;
use std::path::Path;

const VARY: &[&str] = &[
    "--vary",
    "fleet=2,1",
    "--vary",
    "leave_rate=0,40%,70%",
    "--vary",
    "visit_period=fortnight,week",
];

fn sweep(out: &Path, extra: &[&str]) -> std::process::Output {
    let o = outreach()
        .args(["sweep", "tiny", "--quiet", "--time-limit", "20"])
        .args(VARY)
        .arg("--out")
        .arg(out)
        .args(extra)
        .env_remove("SLURM_ARRAY_TASK_ID")
        .env_remove("JOB_COMPLETION_INDEX")
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "sweep failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// sweep.csv without the timing column (the last).
fn rows(dir: &Path) -> Vec<String> {
    std::fs::read_to_string(dir.join("sweep.csv"))
        .unwrap()
        .lines()
        .map(|l| l.rsplit_once(',').unwrap().0.to_string())
        .collect()
}

#[test]
fn same_rows_with_one_or_two_threads_and_in_three_merged_shards() {
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("one");
    let two = dir.path().join("two");
    sweep(&one, &["--threads", "1"]);
    sweep(&two, &["--threads", "2"]);
    let reference = rows(&one);
    assert_eq!(reference.len(), 1 + 12, "a header and 12 variations");
    assert!(reference[1].starts_with("0,2,0,fortnight,ok,"));
    assert_eq!(rows(&two), reference, "1 and 2 threads give the same rows");
    assert!(dir.path().join("two/sweep.svg").is_file());
    let svg = std::fs::read_to_string(dir.path().join("two/sweep.svg")).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("Pareto"));

    // Three shards as three processes at once, then merged.
    let shards: Vec<_> = (1..=3)
        .map(|k| {
            let out = dir.path().join(format!("shard{k}"));
            let child = outreach()
                .args([
                    "sweep",
                    "tiny",
                    "--quiet",
                    "--time-limit",
                    "20",
                    "--threads",
                    "1",
                ])
                .args(VARY)
                .arg("--out")
                .arg(&out)
                .args(["--shard", &format!("{k}/3")])
                .spawn()
                .unwrap();
            (out, child)
        })
        .collect();
    let mut dirs = Vec::new();
    for (out, mut child) in shards {
        assert!(child.wait().unwrap().success());
        assert_eq!(rows(&out).len(), 1 + 4, "each shard holds a third");
        dirs.push(out);
    }
    let merged = dir.path().join("merged");
    let o = outreach()
        .args(["sweep", "merge"])
        .args(&dirs)
        .arg("--out")
        .arg(&merged)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        rows(&merged),
        reference,
        "the merge equals the one-process run"
    );
    let svg1 = std::fs::read(one.join("sweep.svg")).unwrap();
    assert_eq!(std::fs::read(merged.join("sweep.svg")).unwrap(), svg1);

    // A merge missing a shard says which variations are missing.
    let o = outreach()
        .args(["sweep", "merge"])
        .args(&dirs[..2])
        .arg("--out")
        .arg(dir.path().join("partial"))
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("4 variation(s) are in no shard"));
}

#[test]
fn an_interrupted_sweep_resumes_and_keeps_its_rows() {
    let dir = tempfile::tempdir().unwrap();
    let full = dir.path().join("full");
    sweep(&full, &["--threads", "2"]);
    // Interrupted after 5 rows, in the middle of the 6th line.
    let resumed = dir.path().join("resumed");
    std::fs::create_dir(&resumed).unwrap();
    std::fs::copy(full.join("sweep.toml"), resumed.join("sweep.toml")).unwrap();
    let text = std::fs::read_to_string(full.join("sweep.csv")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let cut = format!("{}\n{}", lines[..6].join("\n"), &lines[6][..10]);
    std::fs::write(resumed.join("sweep.csv"), cut).unwrap();
    let o = sweep(&resumed, &["--threads", "2"]);
    let said = String::from_utf8_lossy(&o.stdout);
    assert!(said.contains("7 planned now, 5 kept"), "{said}");
    assert_eq!(rows(&resumed), rows(&full));
}

#[test]
fn bad_keys_and_a_foreign_folder_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let o = outreach()
        .args(["sweep", "tiny", "--vary", "buses=3"])
        .arg("--out")
        .arg(dir.path().join("x"))
        .output()
        .unwrap();
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("unknown sweep key `buses`") && err.contains("fleet"),
        "{err}"
    );

    let o = outreach()
        .args(["sweep", "tiny", "--vary", "fleet.B9=2"])
        .arg("--out")
        .arg(dir.path().join("y"))
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("no base `B9`"));

    let out = dir.path().join("z");
    sweep(&out, &["--threads", "2"]);
    let o = outreach()
        .args(["sweep", "tiny", "--quiet", "--vary", "fleet=1"])
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("another sweep"));

    // A sweep file with a typo names the file and the key.
    let file = dir.path().join("sweep.toml");
    std::fs::write(&file, "[vary]\nfleet = [2, 1]\nleave = [\"10%\"]\n").unwrap();
    let o = outreach()
        .args(["sweep", "tiny", "--file"])
        .arg(&file)
        .arg("--out")
        .arg(dir.path().join("w"))
        .output()
        .unwrap();
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("sweep.toml") && err.contains("`leave`"),
        "{err}"
    );
}

#[test]
fn a_slurm_array_task_picks_its_shard() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("task");
    let o = outreach()
        .args([
            "sweep",
            "tiny",
            "--quiet",
            "--vary",
            "fleet=2,1",
            "--vary",
            "visits=1,2",
        ])
        .arg("--out")
        .arg(&out)
        .env("SLURM_ARRAY_TASK_ID", "2")
        .env("SLURM_ARRAY_TASK_MIN", "1")
        .env("SLURM_ARRAY_TASK_COUNT", "2")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("shard 2/2 (from SLURM_ARRAY_TASK_ID)"));
    let ids: Vec<String> = rows(&out)[1..]
        .iter()
        .map(|l| l.split(',').next().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["1", "3"]);
}

#[test]
fn bench_sweep_times_one_and_two_threads_and_compares_rows() {
    let o = outreach()
        .args([
            "bench",
            "sweep",
            "--runs",
            "1",
            "--json",
            "--time-limit",
            "20",
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let line = String::from_utf8_lossy(&o.stdout);
    let v: serde_json::Value = serde_json::from_str(line.lines().next().unwrap()).unwrap();
    assert_eq!(v["scenario"], "tiny");
    assert_eq!(v["variations"], 24);
    assert_eq!(v["same_rows"], true);
    for k in [
        "seconds_1_thread",
        "seconds_2_threads",
        "per_minute_1_thread",
        "per_minute_2_threads",
        "speedup",
    ] {
        assert!(v[k].as_f64().unwrap() > 0.0, "{k}");
    }
}

#[test]
fn a_resume_after_the_scenario_changed_is_refused_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = common::copy_scenario("tiny", dir.path());
    let out = dir.path().join("sweep");
    let run = || {
        outreach()
            .arg("sweep")
            .arg(&scenario)
            .args(["--quiet", "--vary", "fleet=1,2", "--out"])
            .arg(&out)
            .env_remove("SLURM_ARRAY_TASK_ID")
            .env_remove("JOB_COMPLETION_INDEX")
            .output()
            .unwrap()
    };
    let first = run();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let inputs = std::fs::read_to_string(out.join("inputs.csv")).unwrap();
    assert!(inputs.starts_with("file,sha256\n") && inputs.contains("\nvehicles.csv,"));
    let rows_before = std::fs::read_to_string(out.join("sweep.csv")).unwrap();

    // The same inputs resume (nothing left to plan); a changed table is refused by name.
    let again = run();
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    let dir_of = scenario.parent().unwrap();
    let vehicles = dir_of.join("vehicles.csv");
    let text = std::fs::read_to_string(&vehicles).unwrap();
    std::fs::write(&vehicles, format!("{text}\n")).unwrap();
    let changed = run();
    assert!(!changed.status.success());
    let err = String::from_utf8_lossy(&changed.stderr);
    assert!(err.contains("vehicles.csv changed"), "{err}");
    assert_eq!(
        std::fs::read_to_string(out.join("sweep.csv")).unwrap(),
        rows_before,
        "the rows of the old inputs stay as they were"
    );
}

#[test]
fn shards_planned_from_different_inputs_do_not_merge() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = common::copy_scenario("tiny", dir.path());
    let shard = |k: usize| {
        let out = dir.path().join(format!("shard{k}"));
        let o = outreach()
            .arg("sweep")
            .arg(&scenario)
            .args([
                "--quiet",
                "--vary",
                "fleet=1,2",
                "--shard",
                &format!("{k}/2"),
                "--out",
            ])
            .arg(&out)
            .env_remove("SLURM_ARRAY_TASK_ID")
            .env_remove("JOB_COMPLETION_INDEX")
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        out
    };
    let one = shard(1);
    // The leave table is edited between the two jobs.
    let leave = dir.path().join("leave.csv");
    let text = std::fs::read_to_string(&leave).unwrap();
    std::fs::write(
        &leave,
        format!("{text}C05,2027-01-11,2027-01-12,training\n"),
    )
    .unwrap();
    let two = shard(2);
    let merged = dir.path().join("merged");
    let o = outreach()
        .args(["sweep", "merge"])
        .arg(&one)
        .arg(&two)
        .arg("--out")
        .arg(&merged)
        .output()
        .unwrap();
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("leave.csv differ"), "{err}");
    assert!(!merged.join("sweep.csv").exists());
}
