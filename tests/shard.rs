//! A plan split by base: `plan --shard K/N` and `plan merge`, from the command line, on a generated
//! province of three small cities; and what is refused.

mod common;

use common::outreach;
use std::path::{Path, PathBuf};
use std::process::Output;

fn province(dir: &Path) -> PathBuf {
    let out = dir.join("province");
    let run = outreach()
        .args([
            "generate", "province", "--cities", "3", "--from", "tiny", "--seed", "2",
        ])
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", stderr(&run));
    out
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

fn shard(scenario: &Path, out: &Path, extra: &[&str]) -> Output {
    outreach()
        .arg("plan")
        .arg(scenario)
        .args(["--quiet", "--threads", "1", "--effort", "quick"])
        .args(extra)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}

fn merge(dirs: &[&Path], out: &Path) -> Output {
    outreach()
        .args(["plan", "merge"])
        .args(dirs)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}

/// `schedule.json` without `summary.solve_seconds`, the one field that depends on the machine.
fn untimed(folder: &Path) -> String {
    let text = std::fs::read_to_string(folder.join("schedule.json")).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v["summary"]
        .as_object_mut()
        .unwrap()
        .remove("solve_seconds");
    serde_json::to_string_pretty(&v).unwrap()
}

#[test]
fn merged_shards_are_the_unsharded_plan_from_flags_slurm_and_kubernetes() {
    let dir = tempfile::tempdir().unwrap();
    let scen = province(dir.path());
    let whole = dir.path().join("whole");
    let run = shard(&scen, &whole, &[]);
    assert!(run.status.success(), "{}", stderr(&run));
    // Shard 1 from the flag, 2 as a Slurm array task (ids 5..7), 3 as a Kubernetes Indexed Job.
    let s1 = dir.path().join("s1");
    let s2 = dir.path().join("s2");
    let s3 = dir.path().join("s3");
    let run = shard(&scen, &s1, &["--shard", "1/3"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let run = outreach()
        .arg("plan")
        .arg(&scen)
        .args(["--quiet", "--threads", "1", "--effort", "quick", "--out"])
        .arg(&s2)
        .env("SLURM_ARRAY_TASK_ID", "6")
        .env("SLURM_ARRAY_TASK_MIN", "5")
        .env("SLURM_ARRAY_TASK_COUNT", "3")
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(stderr(&run).contains("shard 2/3 (from SLURM_ARRAY_TASK_ID)"));
    let run = outreach()
        .arg("plan")
        .arg(&scen)
        .args([
            "--quiet",
            "--threads",
            "2",
            "--effort",
            "quick",
            "--shards",
            "3",
        ])
        .arg("--out")
        .arg(&s3)
        .env("JOB_COMPLETION_INDEX", "2")
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(stderr(&run).contains("shard 3/3 (from JOB_COMPLETION_INDEX)"));
    for s in [&s1, &s2, &s3] {
        assert!(s.join("part.json").is_file());
        assert!(
            !s.join("schedule.json").exists(),
            "a shard writes its part only"
        );
    }
    let merged = dir.path().join("merged");
    let run = merge(&[&s3, &s1, &s2], &merged);
    assert!(run.status.success(), "{}", stderr(&run));
    assert_eq!(untimed(&merged), untimed(&whole));
    // The exports come from the same schedule, so they are the same too.
    for f in ["stops.csv", "routes.geojson"] {
        assert_eq!(
            std::fs::read(merged.join(f)).unwrap(),
            std::fs::read(whole.join(f)).unwrap(),
            "{f}"
        );
    }
    assert!(merged.join("report.html").is_file());
    let check = outreach()
        .arg("check")
        .arg(&scen)
        .arg(merged.join("schedule.json"))
        .output()
        .unwrap();
    assert!(check.status.success(), "{}", stderr(&check));
}

#[test]
fn missing_and_half_written_shards_are_listed_with_exit_status_1() {
    let dir = tempfile::tempdir().unwrap();
    let scen = province(dir.path());
    let s1 = dir.path().join("s1");
    assert!(shard(&scen, &s1, &["--shard", "1/3"]).status.success());
    // Shard 2 killed while it wrote: a part cut short. Shard 3 not begun: its folder is empty.
    let s2 = dir.path().join("s2");
    std::fs::create_dir(&s2).unwrap();
    let text = std::fs::read_to_string(s1.join("part.json")).unwrap();
    std::fs::write(s2.join("part.json"), &text[..text.len() / 2]).unwrap();
    let s3 = dir.path().join("s3");
    std::fs::create_dir(&s3).unwrap();
    let gone = dir.path().join("s4");
    let out = dir.path().join("merged");
    let run = merge(&[&s1, &s2, &s3, &gone], &out);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    let err = stderr(&run);
    assert!(
        err.contains("3 shard folder(s) have no finished plan"),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{}: no finished plan (part.json, line",
            s2.display()
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("{}: no finished plan (part.json:", s3.display())),
        "{err}"
    );
    assert!(
        err.contains(&format!("{}: no such folder", gone.display())),
        "{err}"
    );
    assert!(err.contains("no folder holds shard(s) 2, 3 of 3"), "{err}");
    assert!(!out.exists(), "nothing is written");
    // In Chinese too.
    let run = outreach()
        .args(["--lang", "zh", "plan", "merge"])
        .arg(&s1)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run).contains("没有文件夹装有分片 2, 3"),
        "{}",
        stderr(&run)
    );
}

#[test]
fn shards_of_other_settings_or_files_are_refused_naming_the_difference() {
    let dir = tempfile::tempdir().unwrap();
    let scen = province(dir.path());
    let s1 = dir.path().join("s1");
    let s2 = dir.path().join("s2");
    assert!(shard(&scen, &s1, &["--shard", "1/2"]).status.success());
    assert!(shard(&scen, &s2, &["--shard", "2/2", "--seed", "9"])
        .status
        .success());
    let out = dir.path().join("merged");
    let run = merge(&[&s1, &s2], &out);
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains("seed: 1 ≠ 9"), "{}", stderr(&run));
    // The same shard from a scenario whose villages file was edited in between.
    let sites = scen.join("sites.csv");
    let text = std::fs::read_to_string(&sites).unwrap();
    std::fs::write(&sites, text.replacen(",1,", ",2,", 1)).unwrap();
    let s2b = dir.path().join("s2b");
    assert!(shard(&scen, &s2b, &["--shard", "2/2"]).status.success());
    let run = merge(&[&s1, &s2b], &out);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        stderr(&run).contains("files: sites.csv"),
        "{}",
        stderr(&run)
    );
    // Both shards of the old files, merged against the files as they are now.
    std::fs::write(&sites, &text).unwrap();
    let s2c = dir.path().join("s2c");
    assert!(shard(&scen, &s2c, &["--shard", "2/2"]).status.success());
    std::fs::write(&sites, text.replacen(",1,", ",2,", 1)).unwrap();
    let run = merge(&[&s1, &s2c], &out);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        stderr(&run).contains("files changed since the shards were planned: sites.csv"),
        "{}",
        stderr(&run)
    );
    // Shards of different counts.
    std::fs::write(&sites, &text).unwrap();
    let t1 = dir.path().join("t1");
    assert!(shard(&scen, &t1, &["--shard", "1/3"]).status.success());
    let run = merge(&[&s1, &t1], &out);
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains("a shard of 2"), "{}", stderr(&run));
    assert!(!out.exists());
}

#[test]
fn shards_out_of_range_and_campaigns_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let scen = province(dir.path());
    let out = dir.path().join("s");
    for bad in ["4/3", "0/3", "x/3", "3"] {
        let run = shard(&scen, &out, &["--shard", bad]);
        assert_eq!(run.status.code(), Some(2), "{bad}");
        assert!(
            stderr(&run).contains("K must lie between 1 and N"),
            "{bad}: {}",
            stderr(&run)
        );
    }
    let run = shard(&scen, &out, &["--shard", "1/4"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        stderr(&run).contains("4 shards for 3 bases"),
        "{}",
        stderr(&run)
    );
    let run = shard(
        Path::new("ngamring-high-altitude"),
        &out,
        &["--shard", "1/2"],
    );
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains("is a campaign"), "{}", stderr(&run));
    assert!(!out.exists(), "nothing is written");
}
