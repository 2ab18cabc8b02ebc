//! `outreach bench` on routing instances and on sweeps: the tables and JSON lines it prints.

use crate::{load, options};
use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use std::path::Path;
use std::process::ExitCode;

/// A benchmark instance file or folder, not a scenario.
pub fn is_instance_path(arg: &str) -> bool {
    let p = Path::new(arg);
    if p.is_dir() {
        !p.join("scenario.toml").is_file()
    } else {
        p.is_file() && p.extension().is_none_or(|e| e != "toml")
    }
}

/// `outreach bench PATH…`: solve public routing instances, check each solution, report gaps.
pub fn bench_instances(
    paths: &[String],
    time_limit: Option<f64>,
    seed: u64,
    threads: usize,
    json: bool,
) -> Result<ExitCode> {
    use rayon::prelude::*;
    let mut files = Vec::new();
    for p in paths {
        files.extend(outreach::bench::read::instances_in(Path::new(p))?);
    }
    if files.is_empty() {
        bail!("no benchmark instance in {}", paths.join(", "));
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start the thread pool")?;
    let bar = ProgressBar::new(files.len() as u64);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} instances {pos}/{len} [{bar:30}] {elapsed} (eta {eta}) {msg}",
        )
        .expect("a valid progress template")
        .progress_chars("=> "),
    );
    let rows: Vec<_> = pool.install(|| {
        files
            .par_iter()
            .with_max_len(1)
            .map(|f| {
                let r = outreach::bench::run_instance(f, time_limit, seed);
                bar.inc(1);
                r
            })
            .collect()
    });
    bar.finish_and_clear();
    if !json {
        println!(
            "{:<16} {:<6} {:>9} {:>12} {:>12} {:>8} {:>8} {:>8}",
            "instance", "family", "customers", "cost", "bks", "gap %", "seconds", "check"
        );
    }
    let mut by_family: std::collections::BTreeMap<String, Vec<f64>> = Default::default();
    let mut all_feasible = true;
    for r in rows {
        let r = r?;
        all_feasible &= r.feasible;
        let family = serde_json::to_value(r.family)?
            .as_str()
            .unwrap_or("")
            .to_string();
        if let (Some(g), true) = (r.gap_pct, r.feasible) {
            by_family.entry(family.clone()).or_default().push(g);
        }
        if json {
            println!(
                "{}",
                serde_json::json!({
                    "instance": r.instance,
                    "family": family,
                    "customers": r.customers,
                    "cost": r.cost,
                    "bks": r.bks,
                    "gap_pct": r.gap_pct,
                    "seconds": r.seconds,
                    "feasible": r.feasible,
                })
            );
        } else {
            println!(
                "{:<16} {:<6} {:>9} {:>12.2} {:>12} {:>8} {:>8.1} {:>8}",
                r.instance,
                family,
                r.customers,
                r.cost,
                r.bks
                    .map(|b| format!("{b:.2}"))
                    .unwrap_or_else(|| "-".into()),
                r.gap_pct
                    .map(|g| format!("{g:.2}"))
                    .unwrap_or_else(|| "-".into()),
                r.seconds,
                if r.feasible { "ok" } else { "FAIL" }
            );
        }
        if let Some(e) = &r.error {
            eprintln!("  {}: {e}", r.instance);
        }
    }
    if !json {
        for (family, gaps) in &by_family {
            println!(
                "mean gap {family}: {:.2} % over {} instance(s)",
                gaps.iter().sum::<f64>() / gaps.len() as f64,
                gaps.len()
            );
        }
    }
    Ok(if all_feasible {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `outreach bench sweep [SCENARIO…]`: variations per minute with 1 and 2 threads (default: tiny).
pub fn bench_sweep(
    scenarios: &[String],
    runs: usize,
    time_limit: Option<f64>,
    effort: Option<outreach::scenario::Effort>,
    seed: u64,
    json: bool,
) -> Result<ExitCode> {
    let names: Vec<String> = if scenarios.is_empty() {
        vec!["tiny".into()]
    } else {
        scenarios.to_vec()
    };
    if !json {
        eprintln!("grid: {}", outreach::bench::SWEEP_GRID.join(" × "));
        println!(
            "{:<20} {:>3} {:>10} {:>10} {:>10} {:>12} {:>12} {:>8} {:>5}",
            "scenario",
            "run",
            "variations",
            "s 1 thread",
            "s 2 threads",
            "/min 1 thr",
            "/min 2 thr",
            "speedup",
            "same"
        );
    }
    let mut all_same = true;
    for name in &names {
        let s = load(Some(name))?;
        let o = options(&s, seed, 1, time_limit, effort)?;
        let rows = outreach::bench::run_sweep(&s, &o, runs)?;
        for r in &rows {
            all_same &= r.same_rows;
            if json {
                println!("{}", serde_json::to_string(r)?);
            } else {
                println!(
                    "{:<20} {:>3} {:>10} {:>10.2} {:>10.2} {:>12.1} {:>12.1} {:>8.2} {:>5}",
                    r.scenario,
                    r.run,
                    r.variations,
                    r.seconds_1_thread,
                    r.seconds_2_threads,
                    r.per_minute_1_thread,
                    r.per_minute_2_threads,
                    r.speedup,
                    if r.same_rows { "yes" } else { "NO" }
                );
            }
        }
        if !json && rows.len() > 1 {
            let med = |f: fn(&outreach::bench::SweepBenchRow) -> f64| {
                outreach::bench::median(&rows.iter().map(f).collect::<Vec<_>>())
            };
            println!(
                "{:<20} med {:>10} {:>10.2} {:>10.2} {:>12.1} {:>12.1} {:>8.2}",
                name,
                "",
                med(|r| r.seconds_1_thread),
                med(|r| r.seconds_2_threads),
                med(|r| r.per_minute_1_thread),
                med(|r| r.per_minute_2_threads),
                med(|r| r.speedup)
            );
        }
    }
    Ok(if all_same {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
