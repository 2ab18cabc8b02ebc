//! `outreach sweep`: plan many variations of a scenario in parallel, a row of KPIs each, and
//! `outreach sweep merge` to join shard folders.

use super::*;
use anyhow::Result;
use outreach::scenario::Effort;
use outreach::sweep::Shard;
use outreach::text;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct SweepArgs {
    #[command(subcommand)]
    pub action: Option<SweepAction>,
    /// A scenario.toml, a folder holding one, or a bundled name (default: zibo-health-bus).
    pub scenario: Option<String>,
    /// KEY=V1,V2,…: a grid over the values (repeat for more keys). `--keys` lists the keys.
    #[arg(long = "vary", value_name = "KEY=VALUES")]
    pub vary: Vec<String>,
    /// A sweep file (TOML): a grid (`[vary]`) or a list (`[[variation]]`).
    #[arg(long, conflicts_with = "vary")]
    pub file: Option<PathBuf>,
    /// Folder for sweep.csv, sweep.svg and sweep.toml; a rerun into it resumes.
    #[arg(long, default_value = "sweep-out")]
    pub out: PathBuf,
    /// Variations planned at once (0 = one per core); each plan uses one thread.
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// A hard cap in seconds on each variation's plan (default: the scenario's own; the key
    /// time_limit overrides it).
    #[arg(long)]
    pub time_limit: Option<f64>,
    /// Work of each plan: quick, normal or thorough (default: the scenario's; the key effort
    /// overrides it).
    #[arg(long)]
    pub effort: Option<Effort>,
    /// Seed of the random draws and of each plan.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Run only the K-th of N slices: K/N, K from 1. Without it, a Slurm array task or a
    /// Kubernetes Indexed Job picks its slice from the environment.
    #[arg(long)]
    pub shard: Option<String>,
    /// The number of shards, for a Kubernetes Indexed Job (JOB_COMPLETION_INDEX gives K).
    #[arg(long)]
    pub shards: Option<usize>,
    /// List the keys a sweep can vary, and exit.
    #[arg(long)]
    pub keys: bool,
    #[arg(long, short)]
    pub quiet: bool,
}

pub fn run(args: SweepArgs) -> Result<ExitCode> {
    if let Some(SweepAction::Merge { dirs, out }) = args.action {
        return merge(&dirs, &out);
    }
    let SweepArgs {
        scenario,
        vary,
        file,
        out,
        threads,
        time_limit,
        effort,
        seed,
        shard,
        shards,
        keys,
        quiet,
        ..
    } = args;
    if keys {
        for (k, what) in outreach::sweep::KEYS
            .iter()
            .chain(outreach::sweep::experts::KEYS)
        {
            println!("{k:<22} {what}");
        }
        return Ok(ExitCode::SUCCESS);
    }
    let s = load(scenario.as_deref())?;
    let spec = match &file {
        Some(f) => outreach::sweep::Spec::from_file(f, seed)?,
        None => outreach::sweep::Spec::from_flags(&vary, seed)?,
    };
    let mut o = options(&s, seed, 1, time_limit, effort)?;
    o.seed = spec.seed;
    let shard = match shard {
        Some(x) => Shard::parse(&x).map_err(anyhow::Error::msg)?,
        None => {
            match Shard::from_env(|k| std::env::var(k).ok(), shards).map_err(anyhow::Error::msg)? {
                Some((x, from)) => {
                    eprintln!(
                        "{}",
                        text!("cli-sweep-shard", k = x.k, n = x.n, from = from.to_string())
                    );
                    x
                }
                None => Shard::ALL,
            }
        }
    };
    let total = spec
        .variations()
        .iter()
        .filter(|v| shard.holds(v.id))
        .count();
    let start = if shard == Shard::ALL {
        text!(
            "cli-sweep-start",
            name = &s.name,
            count = total,
            limit = o.time_limit_seconds,
            out = out.display().to_string()
        )
    } else {
        text!(
            "cli-sweep-start-shard",
            name = &s.name,
            count = total,
            k = shard.k,
            n = shard.n,
            limit = o.time_limit_seconds,
            out = out.display().to_string()
        )
    };
    eprintln!("{start}");
    let bar = progress_bar(&text!("cli-progress-variations").to_string(), quiet);
    let outcome =
        outreach::sweep::run(&s, &o, &spec, &out, shard, threads, &SweepBar(bar.clone()))?;
    bar.finish_and_clear();
    let failed = outcome.rows.iter().filter(|r| !r.ok()).count();
    println!(
        "{}",
        text!(
            "cli-sweep-done",
            count = outcome.rows.len(),
            planned = outcome.planned,
            resumed = outcome.resumed,
            failed = failed,
            reuses = outcome.reuses
        )
    );
    for r in outcome.rows.iter().filter(|r| !r.ok()).take(5) {
        println!(
            "  {}",
            text!("cli-sweep-failed", id = r.id, error = r.kpis[0].as_str())
        );
    }
    let files: Vec<String> = outcome
        .files
        .iter()
        .map(|f| f.display().to_string())
        .collect();
    println!("{}", text!("cli-wrote", files = files.join(", ")));
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `outreach sweep merge DIR… --out DIR`.
fn merge(dirs: &[PathBuf], out: &Path) -> Result<ExitCode> {
    let (rows, missing) = outreach::sweep::merge(dirs, out)?;
    println!(
        "{}",
        text!(
            "cli-sweep-merged",
            folders = dirs.len(),
            rows = rows.len(),
            file = out.join("sweep.csv").display().to_string()
        )
    );
    if !missing.is_empty() {
        let shown: Vec<String> = missing.iter().take(20).map(|i| i.to_string()).collect();
        eprintln!(
            "{}",
            text!(
                "cli-sweep-missing",
                count = missing.len(),
                ids = format!(
                    "{}{}",
                    shown.join(", "),
                    if missing.len() > 20 { ", …" } else { "" }
                )
            )
        );
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Subcommand)]
pub enum SweepAction {
    /// Join shard folders into one sweep.csv and sweep.svg, as one unsharded run writes them.
    Merge {
        /// The shard folders (each with the sweep.csv of one shard)
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// Folder for the joined sweep.csv and sweep.svg
        #[arg(long, default_value = "sweep-out")]
        out: PathBuf,
    },
}
