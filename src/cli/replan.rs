//! `outreach replan`: plan the rest of a horizon again after events, keeping what is done and
//! published, and write the new schedule, every export and changes.csv.

use super::*;
use anyhow::{Context, Result};
use outreach::lang;
use outreach::replan::events::{self, Event, Origin};
use outreach::scenario::Effort;
use outreach::text;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct ReplanArgs {
    /// The scenario the schedule was planned for (a scenario.toml, a folder or a bundled name).
    pub scenario: String,
    /// The schedule in force: schedule.json or schedule.xlsx.
    pub schedule: PathBuf,
    /// The first day planned again (YYYY-MM-DD); every tour-day before it stays as it was.
    #[arg(long)]
    pub from: String,
    /// A vehicle out of service: VEHICLE:FROM..TO (or VEHICLE:DATE); may be repeated.
    #[arg(long, value_name = "V:FROM..TO")]
    pub vehicle_out: Vec<String>,
    /// A clinician absent: CLINICIAN:FROM..TO (or CLINICIAN:DATE); may be repeated.
    #[arg(long, value_name = "C:FROM..TO")]
    pub absent: Vec<String>,
    /// A road closed to a village, or to every village of a base: SITE_OR_BASE:FROM..TO; may be
    /// repeated.
    #[arg(long, value_name = "SITE:FROM..TO")]
    pub closure: Vec<String>,
    /// An events file: CSV with the columns kind,id,from,to or TOML with [[event]] tables (kind:
    /// vehicle-out, absent or closure).
    #[arg(long)]
    pub events: Option<PathBuf>,
    /// Folder for the new schedule, every export and changes.csv.
    #[arg(long, default_value = "replan-out")]
    pub out: PathBuf,
    /// A hard cap in seconds on the whole run (default: the scenario's).
    #[arg(long)]
    pub time_limit: Option<f64>,
    /// How much work the plan does: quick, normal or thorough (default: the scenario's).
    #[arg(long)]
    pub effort: Option<Effort>,
    /// Seed of every random choice.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Worker threads (0 = one per core).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Every event of the flags and the events file, in that order.
pub fn read_events(s: &outreach::Scenario, args: &ReplanArgs) -> Result<Vec<Event>> {
    let mut out = Vec::new();
    for (flag, kind, values) in [
        ("--vehicle-out", "vehicle-out", &args.vehicle_out),
        ("--absent", "absent", &args.absent),
        ("--closure", "closure", &args.closure),
    ] {
        for v in values {
            let origin = Origin {
                place: flag.to_string(),
                row: None,
                field: "value",
            };
            out.push(events::parse(s, kind, v, origin)?);
        }
    }
    if let Some(path) = &args.events {
        out.extend(events::read_file(s, path)?);
    }
    Ok(out)
}

pub fn run(args: ReplanArgs) -> Result<ExitCode> {
    let s = load(Some(&args.scenario))?;
    let old = read_schedule(&args.schedule, &s)?;
    note_changed_inputs(&s, &old);
    let from =
        outreach::calendar::parse_date(&args.from).map_err(|e| anyhow::anyhow!("--from: {e}"))?;
    let events = read_events(&s, &args)?;
    let o = options(&s, args.seed, args.threads, args.time_limit, args.effort)?;
    // A bad --out is found now, not after the plan is made.
    let mut folder = outreach::export::OutputDir::prepare(&args.out)?;
    stop_on_signal(o.stop.clone());
    let bar = progress_bar(&text!("cli-progress-bases").to_string(), args.quiet);
    let r = outreach::replan::replan(&s, &old, from, &events, &o, &Bar(bar.clone()))
        .with_context(|| text!("replan-failed", file = args.schedule.display().to_string()))?;
    bar.finish_and_clear();
    let violations = outreach::check(&r.scenario, &r.schedule);
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
    let csv = outreach::replan::changes::csv(&r.changes, lang::current())
        .map_err(|m| anyhow::anyhow!("changes.csv: {m}"))?;
    folder.write("changes.csv", &csv)?;
    let files = outreach::export::write_all(folder, &r.schedule, &r.scenario, &violations)?;
    let m = &r.schedule.summary;
    let count = |k: &str| r.changes.iter().filter(|c| c.kind.code() == k).count();
    println!(
        "{}",
        text!(
            "replan-summary",
            from = from.to_string(),
            events = events.len(),
            cancelled = count("cancelled"),
            added = count("added"),
            vehicles = count("vehicle-changed"),
            clinicians = count("clinician-on") + count("clinician-off"),
            met = m.visits_met,
            required = m.visits_required
        )
    );
    for (base, (broken, changed)) in &r.per_base {
        println!(
            "  {}",
            text!(
                "replan-base-line",
                base = base,
                broken = *broken,
                changed = *changed
            )
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
