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
    /// An extra visit owed: SITE:FROM..TO (or SITE/SPECIALTY:FROM..TO for a specialist's visit); may be repeated.
    #[arg(long, value_name = "SITE:FROM..TO")]
    pub extra: Vec<String>,
    /// A new requirement row: SITE[/SPECIALTY]:VISITS/PERIOD[/SPACING], e.g. S05:2/month/7; may be repeated.
    #[arg(long, value_name = "SITE:VISITS/PERIOD")]
    pub requirement: Vec<String>,
    /// An events file: CSV with the columns kind,id,from,to or TOML with [[event]] tables (kind:
    /// vehicle-out, absent, closure, extra or requirement).
    #[arg(long)]
    pub events: Option<PathBuf>,
    /// A done file of the days before --from: a CSV (date,vehicle,site,status with status made or missed) or schedule.xlsx with the status column of its sheet 完成情况 Done filled in; missed visits are owed again.
    #[arg(long)]
    pub done: Option<PathBuf>,
    /// Working days from --from on that change only when an event forces it (default: the scenario's [replan] freeze_days, else 2).
    #[arg(long)]
    pub freeze_days: Option<u32>,
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
        ("--extra", "extra", &args.extra),
        ("--requirement", "requirement", &args.requirement),
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
    let mut s = load(Some(&args.scenario))?;
    if let Some(n) = args.freeze_days {
        s.replan.freeze_days = n;
    }
    let old = read_schedule(&args.schedule, &s)?;
    note_changed_inputs(&s, &old);
    let from =
        outreach::calendar::parse_date(&args.from).map_err(|e| anyhow::anyhow!("--from: {e}"))?;
    let events = read_events(&s, &args)?;
    let missed = match &args.done {
        Some(path) => outreach::replan::done::read(&s, &old, from, path)?,
        None => Vec::new(),
    };
    let o = options(&s, args.seed, args.threads, args.time_limit, args.effort)?;
    // A bad --out is found now, not after the plan is made.
    let mut folder = outreach::export::OutputDir::prepare(&args.out)?;
    stop_on_signal(o.stop.clone());
    let bar = progress_bar(&text!("cli-progress-bases").to_string(), args.quiet);
    let r = outreach::replan::replan_done(&s, &old, from, &events, &missed, &o, &Bar(bar.clone()))
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

/// `outreach bench replan [SCENARIO…]` (default: Zibo and Ngamring): plans each scenario once,
/// then re-plans each of its cases `--runs` times; a row per run and the medians.
pub fn bench(scenarios: &[String], b: &super::bench::BenchSettings) -> Result<ExitCode> {
    use outreach::bench::median;
    let names: Vec<String> = if scenarios.is_empty() {
        vec!["zibo-health-bus".into(), "ngamring-high-altitude".into()]
    } else {
        scenarios.to_vec()
    };
    if !b.json {
        println!(
            "{:<30} {:>3} {:>8} {:>6} {:>7} {:>7} {:>9} {:>7} {:>13} {:>5} {:>4}",
            "case",
            "run",
            "seconds",
            "fewest",
            "changed",
            "ratio",
            "elsewhere",
            "changes",
            "visits",
            "check",
            "same"
        );
    }
    let mut ok = true;
    for name in &names {
        let s = load(Some(name))?;
        let o = options(&s, b.seed, b.threads, b.time_limit, b.effort)?;
        eprintln!("{}", text!("replan-bench-planning", name = &s.name));
        let old = outreach::plan(&s, &o, &outreach::plan::Quiet)?;
        for case in outreach::replan::bench::cases(&s, &old) {
            let rows = outreach::replan::bench::run_case(&s, &old, &case, &o, b.runs)?;
            for r in &rows {
                ok &= r.violations == 0 && r.same_schedule;
                if b.json {
                    println!("{}", serde_json::to_string(r)?);
                    continue;
                }
                println!(
                    "{:<30} {:>3} {:>8.2} {:>6} {:>7} {:>7.2} {:>9} {:>7} {:>6}/{:<6} {:>5} {:>4}",
                    r.case,
                    r.run,
                    r.seconds,
                    r.fewest_changed,
                    r.changed,
                    r.changed as f64 / r.fewest_changed.max(1) as f64,
                    r.changed_elsewhere,
                    r.changes,
                    r.visits_met,
                    r.visits_met_before,
                    if r.violations == 0 { "ok" } else { "FAIL" },
                    if r.same_schedule { "yes" } else { "NO" }
                );
            }
            if !b.json && rows.len() > 1 {
                let secs: Vec<f64> = rows.iter().map(|r| r.seconds).collect();
                println!("{:<30} med {:>8.2}", case.name, median(&secs));
            }
        }
    }
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
