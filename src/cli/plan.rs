//! `outreach plan`: plan a scenario (default: the bundled Zibo quarter) and write every output;
//! `--shard K/N` plans one shard of its bases into a partial plan, and `outreach plan merge` joins
//! the shards into the schedule an unsharded run writes.

use super::*;
use anyhow::{bail, Context, Result};
use outreach::lang;
use outreach::scenario::Effort;
use outreach::text;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct PlanArgs {
    #[command(subcommand)]
    pub action: Option<PlanAction>,
    /// A scenario.toml, a folder holding one, or a bundled name (tiny, zibo-health-bus).
    pub scenario: Option<String>,
    /// Folder for schedule.json, schedule.xlsx, report.html, print/, stops.csv,
    /// routes.geojson and calendars/.
    #[arg(long, default_value = "outreach-out")]
    pub out: PathBuf,
    /// A hard cap in seconds on the whole run (default: the scenario's [solver]
    /// time_limit_seconds). The effort, not the clock, decides the plan; a plan the cap cuts
    /// says so.
    #[arg(long)]
    pub time_limit: Option<f64>,
    /// How much work the plan does: quick, normal or thorough (default: the scenario's
    /// [solver] effort, else normal). The same scenario, seed and effort give the same plan
    /// on any machine.
    #[arg(long)]
    pub effort: Option<Effort>,
    /// Relative MIP gap at which a base's solve stops (default: the scenario's).
    #[arg(long)]
    pub mip_gap: Option<f64>,
    /// Seed of every random choice; the same seed and effort give the same schedule.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Worker threads (0 = one per core).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
    /// Plan only the K-th of N shards of the bases: K/N, K from 1; writes part.json to --out
    /// for `outreach plan merge`. Without it, a Slurm array task or a Kubernetes Indexed Job
    /// (with --shards) picks its shard from the environment.
    #[arg(long)]
    pub shard: Option<String>,
    /// The number of shards, for a Kubernetes Indexed Job (JOB_COMPLETION_INDEX gives K).
    #[arg(long)]
    pub shards: Option<usize>,
    /// Expert stations: last quarter's rota.json. Its teams formed less than a year before this
    /// horizon starts are kept (the planner makes only the others), and the rota is checked
    /// against them.
    #[arg(long)]
    pub previous: Option<PathBuf>,
}

#[derive(clap::Subcommand)]
pub enum PlanAction {
    /// Join the shard folders of a plan into the schedule and every export an unsharded run
    /// writes; list the shards missing or unfinished (exit status 1).
    Merge(super::plan_shard::MergeArgs),
}

pub fn run(args: PlanArgs) -> Result<ExitCode> {
    if let Some(PlanAction::Merge(m)) = args.action {
        return super::plan_shard::run(m);
    }
    let PlanArgs {
        scenario,
        out,
        time_limit,
        effort,
        mip_gap,
        seed,
        threads,
        quiet,
        shard,
        shards,
        previous,
        ..
    } = args;
    let shard = super::plan_shard::shard_of(shard.as_deref(), shards)?;
    let s = load(scenario.as_deref())?;
    for w in &s.warnings {
        eprintln!("{w}");
    }
    let mut o = options(&s, seed, threads, time_limit, effort)?;
    if let Some(g) = mip_gap {
        if !(g.is_finite() && (0.0..1.0).contains(&g)) {
            bail!("{}", text!("cli-mip-gap"));
        }
        o.mip_gap = g;
    }
    stop_on_signal(o.stop.clone());
    if s.kind == outreach::scenario::ScenarioKind::ExpertStations {
        return super::rota::plan(&s, &o, &out, previous.as_deref());
    }
    if previous.is_some() {
        bail!("{}", text!("cli-previous-not-rota", name = &s.name));
    }
    if let Some(shard) = shard {
        return super::plan_shard::run_shard(&s, scenario.as_deref(), &o, shard, &out, quiet);
    }
    // A bad --out is found now, not after the plan is made.
    let folder = outreach::export::OutputDir::prepare(&out)?;
    eprintln!(
        "{}",
        text!(
            "cli-planning",
            name = &s.name,
            sites = s.sites.len(),
            bases = s.bases.len(),
            vehicles = s.vehicles.len(),
            clinicians = s.clinicians.len(),
            days = s.horizon.days,
            working = s.horizon.working_days().count(),
            effort = lang::word(lang::current(), "effort", o.effort.name()),
            limit = o.time_limit_seconds
        )
    );
    let bar = progress_bar(&text!("cli-progress-bases").to_string(), quiet);
    let schedule = outreach::plan(&s, &o, &Bar(bar.clone()))
        .with_context(|| text!("cli-planning-failed").to_string())?;
    bar.finish_and_clear();
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
    let m = &schedule.summary;
    super::print_summary(m);
    for u in m.unmet.iter().take(10) {
        println!(
            "  {}",
            text!(
                "cli-plan-unmet",
                site = &u.site,
                name = &u.site_name,
                period = &u.period,
                missing = u.missing,
                required = u.required,
                reason = u.reason_in(lang::current()),
                code = u.code.as_str()
            )
        );
    }
    if m.unmet.len() > 10 {
        println!(
            "  {}",
            text!("cli-plan-unmet-more", count = m.unmet.len() - 10)
        );
    }
    println!("{}", text!("cli-wrote", files = files.join(", ")));
    warn_cut(m);
    Ok(if m.interrupted {
        ExitCode::from(130)
    } else {
        ExitCode::SUCCESS
    })
}
