//! `outreach plan --shard K/N` (one shard of the bases, into `part.json`) and `outreach plan merge
//! DIR… --out DIR` (the shards joined into the schedule and exports of an unsharded run).

use super::*;
use anyhow::Result;
use outreach::plan::shard::{self, NotReady, Part, ShardOf};
use outreach::scenario::Source;
use outreach::sweep::Shard;
use outreach::text;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct MergeArgs {
    /// The shard folders (each with the part.json of one shard).
    #[arg(required = true)]
    pub dirs: Vec<PathBuf>,
    /// Folder for the merged schedule and every export.
    #[arg(long, default_value = "outreach-out")]
    pub out: PathBuf,
    /// The scenario the shards were planned from (default: where they say they read it).
    #[arg(long)]
    pub scenario: Option<String>,
}

/// The shard to plan: `--shard K/N`, else a Slurm array task or a Kubernetes Indexed Job's,
/// else none (the whole plan).
pub fn shard_of(flag: Option<&str>, shards: Option<usize>) -> Result<Option<ShardOf>> {
    let shard = match flag {
        Some(x) => Shard::parse(x).map_err(|_| out_of_range(x))?,
        None => {
            match Shard::from_env(|k| std::env::var(k).ok(), shards).map_err(anyhow::Error::msg)? {
                Some((x, from)) => {
                    eprintln!(
                        "{}",
                        text!("cli-sweep-shard", k = x.k, n = x.n, from = from.to_string())
                    );
                    x
                }
                None => return Ok(None),
            }
        }
    };
    Ok(Some(ShardOf {
        k: shard.k,
        n: shard.n,
    }))
}

/// `K/N` that is not a shard, in the planner's words (K and N as given, when they are numbers).
fn out_of_range(given: &str) -> anyhow::Error {
    let (k, n) = given.split_once('/').unwrap_or((given, ""));
    anyhow::anyhow!(
        "{}",
        text!("shard-out-of-range", k = k.trim(), n = n.trim())
    )
}

/// Where a scenario argument points, as a part records it: an absolute path, or a bundled name.
fn source_name(arg: Option<&str>) -> Result<String> {
    Ok(match source(arg)? {
        Source::File(p) => std::fs::canonicalize(&p).unwrap_or(p).display().to_string(),
        Source::Bundled { name, .. } => name.to_string(),
        Source::Memory { name, .. } => name,
    })
}

/// Plans one shard and writes its part.
pub fn run_shard(
    s: &outreach::Scenario,
    scenario_arg: Option<&str>,
    o: &outreach::Options,
    k: ShardOf,
    out: &Path,
    quiet: bool,
) -> Result<ExitCode> {
    shard::check_splittable(s, k)?;
    eprintln!(
        "{}",
        text!(
            "cli-plan-shard-start",
            k = k.k,
            n = k.n,
            name = s.name.as_str(),
            bases = s.bases.len(),
            out = out.display().to_string()
        )
    );
    let bar = progress_bar(&text!("cli-progress-bases").to_string(), quiet);
    let source = source_name(scenario_arg)?;
    let part = shard::plan_shard(s, o, &Bar(bar.clone()), k, &source)
        .with_context(|| text!("cli-planning-failed").to_string())?;
    bar.finish_and_clear();
    let file = shard::write_part(out, &part)?;
    println!(
        "{}",
        text!(
            "cli-plan-shard-done",
            k = k.k,
            n = k.n,
            bases = part.bases.len(),
            tours = part.bases.iter().map(|b| b.runs.len()).sum::<usize>(),
            unmet = part
                .bases
                .iter()
                .flat_map(|b| &b.shortfalls)
                .map(|f| f.missing)
                .sum::<u32>(),
            seconds = format!("{:.1}", part.solve_seconds),
            file = file.display().to_string()
        )
    );
    Ok(if part.interrupted {
        ExitCode::from(130)
    } else {
        ExitCode::SUCCESS
    })
}

/// `outreach plan merge DIR… --out DIR`.
pub fn run(args: MergeArgs) -> Result<ExitCode> {
    let MergeArgs {
        dirs,
        out,
        scenario,
    } = args;
    let mut parts: Vec<(PathBuf, Part)> = Vec::new();
    let mut not_ready: Vec<NotReady> = Vec::new();
    for d in &dirs {
        match shard::read_part(d) {
            Ok(p) => parts.push((d.clone(), p)),
            Err(e) => not_ready.push(e),
        }
    }
    // Every part agrees on the settings and N before missing shards are counted against N.
    if !parts.is_empty() {
        shard::check_parts(&parts)?;
    }
    let n = parts.first().map(|(_, p)| p.shard.n);
    let missing = n.map_or(Vec::new(), |n| {
        let ps: Vec<Part> = parts.iter().map(|(_, p)| p.clone()).collect();
        shard::missing_shards(&ps, n)
    });
    if !not_ready.is_empty() || !missing.is_empty() {
        if !not_ready.is_empty() {
            eprintln!(
                "{}",
                text!("cli-plan-merge-not-ready", count = not_ready.len())
            );
            for e in &not_ready {
                eprintln!("  {}", e.text());
            }
        }
        if let (Some(n), false) = (n, missing.is_empty()) {
            let list: Vec<String> = missing.iter().map(|k| k.to_string()).collect();
            eprintln!(
                "{}",
                text!(
                    "cli-plan-merge-missing-shards",
                    shards = list.join(", "),
                    n = n
                )
            );
        }
        return Ok(ExitCode::from(1));
    }
    let first = &parts[0].1.settings;
    let arg = match scenario {
        Some(a) => a,
        None => {
            let recorded = &first.source;
            let here = Path::new(recorded).exists()
                || outreach::scenario::bundled::find(recorded).is_some();
            if !here {
                anyhow::bail!(
                    "{}",
                    text!("cli-plan-merge-source", source = recorded.as_str())
                );
            }
            recorded.clone()
        }
    };
    let s = load(Some(&arg))?;
    // A bad --out is found now, not after the merge.
    let folder = outreach::export::OutputDir::prepare(&out)?;
    let mut by_shard: Vec<Part> = Vec::new();
    for (_, p) in parts {
        if !by_shard.iter().any(|q| q.shard.k == p.shard.k) {
            by_shard.push(p);
        }
    }
    let schedule = shard::merge(&s, &by_shard)?;
    let violations = outreach::check(&s, &schedule);
    if !violations.is_empty() {
        eprintln!(
            "{}",
            text!(
                "cli-plan-violations",
                count = violations.len(),
                first = violations[0].to_string()
            )
        );
    }
    let files = outreach::export::write_all(folder, &schedule, &s, &violations)?;
    println!(
        "{}",
        text!(
            "cli-plan-merged",
            parts = by_shard.len(),
            name = s.name.as_str(),
            bases = s.bases.len()
        )
    );
    let m = &schedule.summary;
    super::print_summary(m);
    println!("{}", text!("cli-wrote", files = files.join(", ")));
    warn_cut(m);
    Ok(if m.interrupted {
        ExitCode::from(130)
    } else {
        ExitCode::SUCCESS
    })
}
