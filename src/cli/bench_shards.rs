//! `outreach bench province`: a generated province planned whole and as shards one after another
//! plus their merge, each a process of its own as on a cluster, with its wall time and peak memory;
//! the merged schedule must be the whole plan's.

use super::bench::BenchSettings;
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

/// One process's wall time and peak resident memory.
#[derive(Clone, Copy, Debug, serde::Serialize)]
struct Measured {
    seconds: f64,
    /// Peak resident set in MB (0 where the system does not say).
    peak_mb: f64,
}

#[derive(serde::Serialize)]
struct ProvinceBench {
    cities: usize,
    shards: usize,
    bases: usize,
    sites: usize,
    effort: String,
    whole_before: Measured,
    whole_after: Measured,
    shard_runs: Vec<Measured>,
    merge: Measured,
    /// Shards one after another plus the merge, over the mean of the two whole runs.
    time_ratio: f64,
    /// The largest shard's peak memory over the whole plan's (the larger of its two runs).
    memory_ratio: f64,
    same_schedule: bool,
}

/// Runs `cmd` to its end; fails when it does.
fn measured(cmd: &mut Command, what: &str) -> Result<Measured> {
    // A whole plan inside a Slurm array or an Indexed Job would otherwise take a shard from there.
    for v in [
        "SLURM_ARRAY_TASK_ID",
        "SLURM_ARRAY_TASK_MIN",
        "SLURM_ARRAY_TASK_COUNT",
        "JOB_COMPLETION_INDEX",
    ] {
        cmd.env_remove(v);
    }
    let t0 = Instant::now();
    let child = cmd
        .spawn()
        .with_context(|| format!("cannot start {what}"))?;
    let (ok, peak_kb) = wait_with_peak(child)?;
    let seconds = t0.elapsed().as_secs_f64();
    if !ok {
        bail!("{what} failed");
    }
    Ok(Measured {
        seconds,
        peak_mb: peak_kb as f64 / 1024.0,
    })
}

/// Waits for a child; whether it succeeded, and its peak resident memory in kB.
#[cfg(target_os = "linux")]
fn wait_with_peak(child: std::process::Child) -> Result<(bool, i64)> {
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: an all-zero rusage is a valid value of the plain C struct wait4 fills in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // wait4 reaps this child alone and reports its own peak (ru_maxrss, in kB on Linux), which
    // the std library's wait does not.
    // SAFETY: pid is our child, not yet waited for; the pointers are to live locals.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    if r != pid {
        bail!(
            "waiting for process {pid}: {}",
            std::io::Error::last_os_error()
        );
    }
    drop(child);
    let ok = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    Ok((ok, usage.ru_maxrss))
}

#[cfg(not(target_os = "linux"))]
fn wait_with_peak(mut child: std::process::Child) -> Result<(bool, i64)> {
    Ok((child.wait()?.success(), 0))
}

/// `schedule.json` without its timing, for comparing runs.
fn untimed(path: &Path) -> Result<String> {
    let text = std::fs::read_to_string(path).with_context(|| path.display().to_string())?;
    let mut v: serde_json::Value = serde_json::from_str(&text)?;
    if let Some(s) = v.get_mut("summary").and_then(|s| s.as_object_mut()) {
        s.remove("solve_seconds");
    }
    Ok(v.to_string())
}

/// `outreach bench province [FROM]`: `--scale` cities (default 4), `--shards` shards (default
/// one per city).
pub fn bench_province(args: &[String], b: &BenchSettings) -> Result<ExitCode> {
    let from = args.first().map_or("zibo-health-bus", String::as_str);
    let cities = if b.scale > 1 { b.scale } else { 4 };
    let n = b.shards.unwrap_or(cities);
    let example = outreach::scenario::bundled::find(from)
        .with_context(|| format!("no bundled scenario `{from}`"))?;
    let work = std::env::temp_dir().join(format!("outreach-bench-province-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    let scenario = work.join("scenario");
    std::fs::create_dir_all(&scenario)?;
    for (name, text) in outreach::generate::province(&example, cities, b.seed)? {
        std::fs::write(scenario.join(name), text)?;
    }
    let s = outreach::load_dir(&scenario).map_err(|e| anyhow::anyhow!("{e}"))?;
    let effort = b.effort.unwrap_or(s.solver.effort);
    let exe = std::env::current_exe()?;
    let plan = |out: &Path| {
        let mut c = Command::new(&exe);
        c.arg("plan")
            .arg(&scenario)
            .args(["--quiet", "--effort", effort.name()])
            .args(["--seed", &b.seed.to_string()])
            .args(["--threads", &b.threads.to_string()])
            .arg("--out")
            .arg(out)
            .stdout(std::process::Stdio::null());
        if let Some(t) = b.time_limit {
            c.args(["--time-limit", &t.to_string()]);
        }
        c
    };
    eprintln!(
        "province of {cities} × {from}: {} bases, {} sites; effort {}; whole, {n} shards + merge, whole again",
        s.bases.len(),
        s.sites.len(),
        effort.name()
    );
    let whole_before = measured(&mut plan(&work.join("whole")), "the whole plan")?;
    eprintln!(
        "  whole: {:.1} s, {:.0} MB",
        whole_before.seconds, whole_before.peak_mb
    );
    let mut shard_runs = Vec::new();
    let mut dirs: Vec<PathBuf> = Vec::new();
    for k in 1..=n {
        let dir = work.join(format!("shard-{k}"));
        let m = measured(
            plan(&dir).args(["--shard", &format!("{k}/{n}")]),
            &format!("shard {k}/{n}"),
        )?;
        eprintln!("  shard {k}/{n}: {:.1} s, {:.0} MB", m.seconds, m.peak_mb);
        shard_runs.push(m);
        dirs.push(dir);
    }
    let merge = measured(
        Command::new(&exe)
            .args(["plan", "merge"])
            .args(&dirs)
            .arg("--out")
            .arg(work.join("merged"))
            .stdout(std::process::Stdio::null()),
        "the merge",
    )?;
    eprintln!("  merge: {:.1} s, {:.0} MB", merge.seconds, merge.peak_mb);
    let whole_after = measured(&mut plan(&work.join("whole-again")), "the whole plan again")?;
    eprintln!(
        "  whole again: {:.1} s, {:.0} MB",
        whole_after.seconds, whole_after.peak_mb
    );
    let whole = untimed(&work.join("whole/schedule.json"))?;
    let same_schedule = whole == untimed(&work.join("merged/schedule.json"))?
        && whole == untimed(&work.join("whole-again/schedule.json"))?;
    let sharded: f64 = shard_runs.iter().map(|m| m.seconds).sum::<f64>() + merge.seconds;
    let whole_mean = (whole_before.seconds + whole_after.seconds) / 2.0;
    let largest_shard = shard_runs.iter().map(|m| m.peak_mb).fold(0.0, f64::max);
    let whole_peak = whole_before.peak_mb.max(whole_after.peak_mb);
    let row = ProvinceBench {
        cities,
        shards: n,
        bases: s.bases.len(),
        sites: s.sites.len(),
        effort: effort.name().into(),
        whole_before,
        whole_after,
        time_ratio: sharded / whole_mean,
        memory_ratio: if whole_peak > 0.0 {
            largest_shard / whole_peak
        } else {
            f64::NAN
        },
        shard_runs,
        merge,
        same_schedule,
    };
    if b.json {
        println!("{}", serde_json::to_string(&row)?);
    } else {
        println!(
            "{:<28} {:>9} {:>9}",
            format!("province ×{cities}, {}", row.effort),
            "seconds",
            "peak MB"
        );
        let line = |what: &str, m: &Measured| {
            println!("{what:<28} {:>9.1} {:>9.0}", m.seconds, m.peak_mb);
        };
        line("whole", &row.whole_before);
        for (k, m) in row.shard_runs.iter().enumerate() {
            line(&format!("shard {}/{n}", k + 1), m);
        }
        line("merge", &row.merge);
        line("whole, again", &row.whole_after);
        println!(
            "shards + merge / whole: {:.2} (target ≤ 1.10); largest shard / whole memory: {:.2} \
             (target ≤ 0.33); same schedule: {}",
            row.time_ratio,
            row.memory_ratio,
            if same_schedule { "yes" } else { "NO" }
        );
    }
    let _ = std::fs::remove_dir_all(&work);
    Ok(if same_schedule {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
