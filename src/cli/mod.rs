//! The command line's pieces, a file per command (`plan.rs`, `check.rs`, …), and what they share:
//! finding and reading a scenario or a schedule, the run's language, solver options from flags,
//! Ctrl-C, progress bars and the notes the console gives.

pub mod bench;
pub mod bench_ceiling;
pub mod bench_rota;
pub mod bench_shards;
pub mod check;
pub mod export;
pub mod generate;
pub mod help;
pub mod new;
pub mod plan;
pub mod plan_shard;
pub mod replan;
pub mod rota;
pub mod serve;
pub mod sweep;
pub mod validate;

use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use outreach::lang;
use outreach::scenario::{bundled, Effort, Source};
use outreach::text;
use std::path::Path;

/// The sweep's progress bar over variations, with ETA.
pub struct SweepBar(pub ProgressBar);

impl outreach::sweep::Progress for SweepBar {
    fn start(&self, total: usize, resumed: usize) {
        self.0.set_length(total as u64);
        self.0.set_position(resumed as u64);
        self.0.reset_eta();
        if resumed > 0 {
            self.0.set_message(format!("({resumed} resumed)"));
        }
    }
    fn variation_done(&self, _: usize) {
        self.0.inc(1);
    }
}

/// Whether `--lang` (or OUTREACH_LANG) chose the language; otherwise each scenario read sets it.
pub static LANG_GIVEN: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The language of the run follows the scenario's `language` key unless `--lang` gave one.
pub fn follow_scenario_language(src: &Source) {
    if !LANG_GIVEN.load(std::sync::atomic::Ordering::Relaxed) {
        lang::set(outreach::scenario::language_of(src).unwrap_or_default());
    }
}

pub fn source(arg: Option<&str>) -> Result<Source> {
    let name = arg.unwrap_or(bundled::DEFAULT);
    let path = Path::new(name);
    if path.exists() {
        let file = if path.is_dir() {
            path.join("scenario.toml")
        } else {
            path.to_path_buf()
        };
        return Ok(Source::File(file));
    }
    match bundled::find(name) {
        Some(s) => Ok(s),
        None => bail!(
            "{}",
            text!(
                "cli-no-scenario",
                name = name,
                names = bundled::NAMES
                    .iter()
                    .chain(bundled::ROTA_NAMES)
                    .copied()
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        ),
    }
}

pub fn load(arg: Option<&str>) -> Result<outreach::Scenario> {
    let src = source(arg)?;
    follow_scenario_language(&src);
    let s = outreach::load(&src).map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(s)
}

/// Solver options from the scenario's defaults and the command-line flags.
pub fn options(
    s: &outreach::Scenario,
    seed: u64,
    threads: usize,
    time_limit: Option<f64>,
    effort: Option<Effort>,
) -> Result<outreach::Options> {
    let mut o = outreach::Options::from_scenario(s);
    o.seed = seed;
    o.threads = threads;
    if let Some(t) = time_limit {
        o.time_limit_seconds = outreach::scenario::check_time_limit(t)
            .map_err(|e| anyhow::anyhow!("--time-limit {e}"))?;
    }
    if let Some(e) = effort {
        o.effort = e;
    }
    Ok(o)
}

/// Ctrl-C (or SIGTERM) asks the plan to stop and write its best plan so far; a second one quits
/// at once.
pub fn stop_on_signal(stop: outreach::plan::budget::Stop) {
    let result = ctrlc::set_handler(move || {
        if stop.requested() {
            eprintln!("\n{}", text!("cli-stopped-at-once"));
            std::process::exit(130);
        }
        stop.request();
        eprintln!("\n{}", text!("cli-stopping"));
    });
    if let Err(e) = result {
        eprintln!("warning: Ctrl-C will quit at once, without a plan ({e})");
    }
}

/// What the console says of a plan the clock or Ctrl-C ended early.
pub fn warn_cut(m: &outreach::schedule::Summary) {
    if m.interrupted {
        eprintln!("{}", text!("cli-interrupted"));
    } else if !m.cut_by_time.is_empty() {
        eprintln!(
            "{}",
            text!(
                "cli-cut-by-time",
                count = m.cut_by_time.len(),
                phases = format!(
                    "{}{}",
                    m.cut_by_time
                        .iter()
                        .take(3)
                        .cloned()
                        .collect::<Vec<_>>()
                        .join("; "),
                    if m.cut_by_time.len() > 3 { "; …" } else { "" }
                )
            )
        );
    }
}

/// The plan's one-line summary, in the planners' words (coverage, trips, cost), with the proof
/// (bound and gap) after it.
pub fn print_summary(m: &outreach::schedule::Summary) {
    println!(
        "{}",
        text!(
            "cli-plan-summary",
            met = m.visits_met,
            required = m.visits_required,
            unmet = m.unmet.iter().map(|u| u.missing).sum::<u32>(),
            tours = m.tours,
            km = format!("{:.0}", m.distance_km),
            cost = format!("{:.0}", m.cost),
            objective = format!("{:.0}", m.objective),
            basis = if m.gap_basis == "bound" {
                text!("cli-basis-bound")
            } else {
                text!("cli-basis-pool-bound")
            },
            bound = format!("{:.0}", m.bound.unwrap_or(m.pool_bound)),
            gap = format!("{:.2}", m.gap * 100.0),
            pool_gap = format!("{:.2}", m.pool_gap * 100.0),
            seconds = format!("{:.1}", m.solve_seconds)
        )
    );
}

/// A progress bar over `what` (bases, variations), with ETA; hidden with --quiet.
pub fn progress_bar(what: &str, quiet: bool) -> ProgressBar {
    if quiet {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template(&format!(
            "{{spinner}} {what} {{pos}}/{{len}} [{{bar:30}}] {{elapsed}} (eta {{eta}}) {{msg}}"
        ))
        .expect("a valid progress template")
        .progress_chars("=> "),
    );
    bar
}

pub struct Bar(pub ProgressBar);

impl outreach::plan::Progress for Bar {
    fn base_done(&self, done: usize, total: usize, base: &str) {
        self.0.set_length(total as u64);
        self.0.set_position(done as u64);
        self.0.set_message(base.to_string());
    }

    fn phase(&self, base: &str, what: &outreach::lang::Text) {
        self.0.set_message(format!("{base}: {what}"));
        self.0.tick();
    }
}

/// A schedule from `schedule.json`, or from `schedule.xlsx` as a planner edited it in Excel.
pub fn read_schedule(path: &Path, s: &outreach::Scenario) -> Result<outreach::Schedule> {
    let cannot = || text!("cli-cannot-read", file = path.display().to_string()).to_string();
    let is_xlsx = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if is_xlsx {
        let bytes = std::fs::read(path).with_context(cannot)?;
        return outreach::export::xlsx_read::schedule(&bytes, s)
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()));
    }
    let text = std::fs::read_to_string(path).with_context(cannot)?;
    outreach::Schedule::from_json(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

pub fn note_changed_inputs(s: &outreach::Scenario, sched: &outreach::Schedule) {
    let changed = sched.changed_inputs(s);
    if !changed.is_empty() {
        eprintln!(
            "{}",
            text!("cli-changed-inputs", files = changed.join(", "))
        );
    }
}
