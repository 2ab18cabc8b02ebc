//! `outreach bench` on scenarios, routing instances and sweeps: the tables and JSON lines it
//! prints.

use super::{load, options};
use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use outreach::scenario::bundled;
use std::path::Path;
use std::process::ExitCode;

/// The flags of `outreach bench`.
#[derive(clap::Args, Clone, Copy)]
pub struct BenchSettings {
    /// Runs per scenario.
    #[arg(long, default_value_t = 1)]
    pub runs: usize,
    /// Seconds per plan (a hard cap; default: each scenario's own) or per instance (default:
    /// 30, periodic 60).
    #[arg(long)]
    pub time_limit: Option<f64>,
    /// Work of each plan: quick, normal or thorough (default: each scenario's).
    #[arg(long)]
    pub effort: Option<outreach::scenario::Effort>,
    /// Plan each scenario once more with one busy thread per core beside it, and report
    /// whether the schedule is the same (`same_schedule`).
    #[arg(long)]
    pub busy: bool,
    /// Plan each scenario with this many copies of every base (villages moved a little with
    /// the seed), to measure how time and gap grow with size; each run lies between two runs
    /// of the scenario itself, and the time ratio is taken against those.
    #[arg(long, default_value_t = 1)]
    pub scale: usize,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Benchmark instances: stop the route engine after this many iterations, so the result is
    /// the same on any machine (the time limit, default an hour, then only caps).
    #[arg(long)]
    pub iterations: Option<u64>,
    /// Worker threads (0 = one per core).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// One JSON object per line instead of a table.
    #[arg(long)]
    pub json: bool,
    /// `bench province`: shards to plan the province in (default: one per city).
    #[arg(long)]
    pub shards: Option<usize>,
}

/// `outreach bench [SCENARIO…]`: plan each scenario, check each schedule, print a row per run and
/// the medians. With `--scale K`, each run of the K-times scenario lies between two runs of the
/// scenario itself, and the time ratio is taken against those two: on a machine whose speed drifts
/// (shared, throttled), runs minutes apart differ by a third, which a ratio of separate runs would
/// read as growth.
pub fn bench_scenarios(names: &[String], b: &BenchSettings) -> Result<ExitCode> {
    use outreach::bench::{median, run_scenario, BenchRow};
    let mut all_feasible = true;
    let mut all_same = true;
    if !b.json {
        println!(
            "{:<20} {:>3} {:>8} {:>5} {:>8} {:>11} {:>6} {:>12} {:>12} {:>7} {:>9} {:>5} {:>4} {:>4}",
            "scenario",
            "run",
            "effort",
            "busy",
            "seconds",
            "visits",
            "tours",
            "cost",
            "bound",
            "gap %",
            "pool gap %",
            "check",
            "cut",
            "same"
        );
    }
    let mut emit = |r: &BenchRow| -> Result<()> {
        all_feasible &= r.feasible;
        all_same &= r.same_schedule;
        if b.json {
            println!("{}", serde_json::to_string(r)?);
        } else {
            println!(
                "{:<20} {:>3} {:>8} {:>5} {:>8.1} {:>5}/{:<5} {:>6} {:>12.0} {:>12} {:>7.2} {:>9.2} {:>5} {:>4} {:>4}",
                r.scenario,
                r.run,
                r.effort,
                if r.busy { "yes" } else { "no" },
                r.seconds,
                r.visits_met,
                r.visits_required,
                r.tours,
                r.cost,
                r.bound.map(|b| format!("{b:.0}")).unwrap_or_else(|| "-".into()),
                r.gap_pct,
                r.pool_gap_pct,
                if r.feasible { "ok" } else { "FAIL" },
                r.cut_by_time,
                if r.same_schedule { "yes" } else { "NO" }
            );
        }
        Ok(())
    };
    for name in names {
        let original = load(Some(name))?;
        let s = outreach::bench::scale::scaled(&original, b.scale, b.seed)
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let o = options(&s, b.seed, b.threads, b.time_limit, b.effort)?;
        let plan = |s: &outreach::Scenario, o: &outreach::Options, runs, busy| {
            run_scenario(s, o, runs, busy).context("planning failed")
        };
        let rows: Vec<BenchRow> = if b.scale == 1 {
            let rows = plan(&s, &o, b.runs, b.busy)?;
            for r in &rows {
                emit(r)?;
            }
            rows
        } else {
            let o1 = options(&original, b.seed, b.threads, b.time_limit, b.effort)?;
            let mut before = plan(&original, &o1, 1, false)?.remove(0);
            emit(&before)?;
            let mut rows = Vec::new();
            let mut ratios = Vec::new();
            for run in 1..=b.runs {
                let mut big = plan(&s, &o, 1, false)?.remove(0);
                big.run = run;
                emit(&big)?;
                let mut after = plan(&original, &o1, 1, false)?.remove(0);
                after.run = run + 1;
                emit(&after)?;
                ratios.push(big.seconds / ((before.seconds + after.seconds) / 2.0));
                rows.push(big);
                before = after;
            }
            if b.busy {
                // The busy run is compared with an idle run of its own.
                if let Some(busy) = plan(&s, &o, 1, true)?.into_iter().find(|r| r.busy) {
                    emit(&busy)?;
                }
            }
            let ratio = median(&ratios);
            if b.json {
                println!(
                    "{}",
                    serde_json::json!({
                        "scenario": s.name,
                        "scale": b.scale,
                        "time_ratios": ratios,
                        "median_time_ratio": ratio,
                    })
                );
            } else {
                let each: Vec<String> = ratios.iter().map(|r| format!("{r:.2}")).collect();
                println!(
                    "{}: {:.2} times the time of `{}` planned just before and after it ({}), at {} times its size",
                    s.name,
                    ratio,
                    original.name,
                    each.join(", "),
                    b.scale
                );
            }
            rows
        };
        let idle: Vec<&BenchRow> = rows.iter().filter(|r| !r.busy).collect();
        if !b.json && idle.len() > 1 {
            let med =
                |f: fn(&BenchRow) -> f64| median(&idle.iter().map(|r| f(r)).collect::<Vec<_>>());
            println!(
                "{:<20} med {:>8} {:>5} {:>8.1} {:>11} {:>6} {:>12.0} {:>12} {:>7.2} {:>9.2}",
                s.name,
                "",
                "",
                med(|r| r.seconds),
                "",
                "",
                med(|r| r.cost),
                "",
                med(|r| r.gap_pct),
                med(|r| r.pool_gap_pct)
            );
        }
    }
    if !all_same {
        eprintln!("warning: a run gave a different schedule from the first run of its scenario");
    }
    Ok(if all_feasible && all_same {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// A benchmark instance file or folder, not a scenario.
pub fn is_instance_path(arg: &str) -> bool {
    let p = Path::new(arg);
    if p.is_dir() {
        !p.join("scenario.toml").is_file()
    } else {
        p.is_file() && p.extension().is_none_or(|e| e != "toml")
    }
}

/// `outreach bench PATH…`: solve public routing instances, check each solution, report gaps, and
/// with `compare`, a peer's cost and gap beside ours.
pub fn bench_instances(
    paths: &[String],
    b: &BenchSettings,
    compare: Option<&Path>,
) -> Result<ExitCode> {
    use outreach::bench::compare::{gap_pct, Peer};
    use rayon::prelude::*;
    let mut files = Vec::new();
    for p in paths {
        files.extend(outreach::bench::read::instances_in(Path::new(p))?);
    }
    if files.is_empty() {
        bail!("no benchmark instance in {}", paths.join(", "));
    }
    let peer = compare.map(Peer::read).transpose()?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(b.threads)
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
                let r = outreach::bench::run_instance(f, b.time_limit, b.iterations, b.seed);
                bar.inc(1);
                r
            })
            .collect()
    });
    bar.finish_and_clear();
    let fmt = |v: Option<f64>, digits: usize| {
        v.map(|x| format!("{x:.digits$}"))
            .unwrap_or_else(|| "-".into())
    };
    if !b.json {
        print!(
            "{:<16} {:<6} {:>9} {:>6} {:>12} {:>12} {:>8} {:>8} {:>10} {:>8}",
            "instance",
            "family",
            "customers",
            "routes",
            "cost",
            "bks",
            "gap %",
            "seconds",
            "iterations",
            "check"
        );
        match &peer {
            Some(p) => println!(" {:>12} {:>8}", p.name, "gap %"),
            None => println!(),
        }
    }
    // Per family: our gaps, and on the instances the peer solved, our gap and the peer's.
    let mut by_family: std::collections::BTreeMap<String, Vec<f64>> = Default::default();
    let mut beside: std::collections::BTreeMap<String, Vec<(f64, f64)>> = Default::default();
    let mut all_feasible = true;
    for r in rows {
        let r = r?;
        all_feasible &= r.feasible;
        let family = serde_json::to_value(r.family)?
            .as_str()
            .unwrap_or("")
            .to_string();
        let peer_cost = peer.as_ref().and_then(|p| p.cost(&r.instance));
        let peer_gap = peer_cost.zip(r.bks).map(|(c, b)| gap_pct(c, b));
        if let (Some(g), true) = (r.gap_pct, r.feasible) {
            by_family.entry(family.clone()).or_default().push(g);
            if let Some(pg) = peer_gap {
                beside.entry(family.clone()).or_default().push((g, pg));
            }
        }
        if b.json {
            let mut row = serde_json::json!({
                "instance": r.instance,
                "family": family,
                "customers": r.customers,
                "cost": r.cost,
                "bks": r.bks,
                "gap_pct": r.gap_pct,
                "seconds": r.seconds,
                "iterations": r.iterations,
                "routes": r.routes,
                "feasible": r.feasible,
            });
            if peer.is_some() {
                row["peer_cost"] = serde_json::json!(peer_cost);
                row["peer_gap_pct"] = serde_json::json!(peer_gap);
            }
            println!("{row}");
        } else {
            print!(
                "{:<16} {:<6} {:>9} {:>6} {:>12.2} {:>12} {:>8} {:>8.1} {:>10} {:>8}",
                r.instance,
                family,
                r.customers,
                r.routes,
                r.cost,
                fmt(r.bks, 2),
                fmt(r.gap_pct, 2),
                r.seconds,
                r.iterations,
                if r.feasible { "ok" } else { "FAIL" }
            );
            match &peer {
                Some(_) => println!(" {:>12} {:>8}", fmt(peer_cost, 2), fmt(peer_gap, 2)),
                None => println!(),
            }
        }
        if let Some(e) = &r.error {
            eprintln!("  {}: {e}", r.instance);
        }
    }
    if !b.json {
        for (family, gaps) in &by_family {
            let worst = gaps.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            println!(
                "mean gap {family}: {:.2} % over {} instance(s), worst {worst:.2} %",
                gaps.iter().sum::<f64>() / gaps.len() as f64,
                gaps.len()
            );
        }
        if let Some(p) = &peer {
            for (family, pairs) in &beside {
                let n = pairs.len() as f64;
                println!(
                    "on the {} {family} instance(s) {} solved: ours {:.2} %, {} {:.2} %",
                    pairs.len(),
                    p.name,
                    pairs.iter().map(|x| x.0).sum::<f64>() / n,
                    p.name,
                    pairs.iter().map(|x| x.1).sum::<f64>() / n
                );
            }
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

#[derive(clap::Args)]
pub struct BenchArgs {
    /// Scenarios (paths or bundled names; default: the bundled default), `sweep`, `replan`,
    /// `rota`, `ceiling`, or benchmark instance files and folders.
    pub scenarios: Vec<String>,
    #[command(flatten)]
    pub settings: BenchSettings,
    /// Benchmark instances: a peer's costs (CSV with `instance` and `cost` columns) to print
    /// beside ours, with its gap to the best-known value.
    #[arg(long, value_name = "FILE.csv")]
    pub compare: Option<std::path::PathBuf>,
}

pub fn run(args: BenchArgs) -> Result<ExitCode> {
    let BenchArgs {
        scenarios,
        settings,
        compare,
    } = args;
    if compare.is_some() && !scenarios.iter().all(|a| is_instance_path(a)) {
        bail!("--compare applies to benchmark instances, not scenarios");
    }
    let BenchSettings {
        runs,
        time_limit,
        effort,
        seed,
        json,
        ..
    } = settings;
    if runs == 0 {
        bail!("--runs must be at least 1");
    }
    if scenarios.first().map(String::as_str) == Some("replan") {
        return super::replan::bench(&scenarios[1..], &settings);
    }
    if scenarios.first().map(String::as_str) == Some("province") {
        return super::bench_shards::bench_province(&scenarios[1..], &settings);
    }
    if scenarios.first().map(String::as_str) == Some("ceiling") {
        return super::bench_ceiling::bench_ceiling(&scenarios[1..], &settings);
    }
    if scenarios.first().map(String::as_str) == Some("rota") {
        return super::bench_rota::bench_rota(&scenarios[1..], &settings);
    }
    if scenarios.first().map(String::as_str) == Some("sweep") {
        return bench_sweep(&scenarios[1..], runs, time_limit, effort, seed, json);
    }
    if !scenarios.is_empty() && scenarios.iter().all(|a| is_instance_path(a)) {
        return bench_instances(&scenarios, &settings, compare.as_deref());
    }
    let names = if scenarios.is_empty() {
        vec![bundled::DEFAULT.to_string()]
    } else {
        scenarios
    };
    bench_scenarios(&names, &settings)
}
