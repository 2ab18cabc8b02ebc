//! The `outreach` command line: argument parsing, progress display and exit codes. The work is done by
//! the library.

use anyhow::{bail, Context, Result};
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use outreach::export::Format;
use outreach::lang::{self, Lang};
use outreach::scenario::{bundled, Effort, Severity, Source};
use outreach::sweep::Shard;
use outreach::text;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "outreach",
    version,
    about = "Plans mobile health outreach (health buses, medical tours) as an integer program"
)]
struct Cli {
    /// Language of what outreach writes and says: zh (中文) or en (English). Default: the
    /// scenario's `language` key, else English.
    #[arg(long, global = true, env = "OUTREACH_LANG", value_name = "zh|en")]
    lang: Option<Lang>,
    #[command(subcommand)]
    command: Command,
}

/// Whether `--lang` (or OUTREACH_LANG) chose the language; otherwise each scenario read sets it.
static LANG_GIVEN: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The language of the run follows the scenario's `language` key unless `--lang` gave one.
fn follow_scenario_language(src: &Source) {
    if !LANG_GIVEN.load(std::sync::atomic::Ordering::Relaxed) {
        lang::set(outreach::scenario::language_of(src).unwrap_or_default());
    }
}

#[derive(Subcommand)]
enum SweepAction {
    /// Join shard folders into one sweep.csv and sweep.svg, as one unsharded run writes them.
    Merge {
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        #[arg(long, default_value = "sweep-out")]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum Command {
    /// Plan a scenario (default: the bundled Zibo health-bus quarter) and write the schedule.
    Plan {
        /// A scenario.toml, a folder holding one, or a bundled name (tiny, zibo-health-bus).
        scenario: Option<String>,
        /// Folder for schedule.json, schedule.xlsx, report.html, print/, stops.csv,
        /// routes.geojson and calendars/.
        #[arg(long, default_value = "outreach-out")]
        out: PathBuf,
        /// A hard cap in seconds on the whole run (default: the scenario's [solver]
        /// time_limit_seconds). The effort, not the clock, decides the plan; a plan the cap cuts
        /// says so.
        #[arg(long)]
        time_limit: Option<f64>,
        /// How much work the plan does: quick, normal or thorough (default: the scenario's
        /// [solver] effort, else normal). The same scenario, seed and effort give the same plan
        /// on any machine.
        #[arg(long)]
        effort: Option<Effort>,
        /// Relative MIP gap at which a base's solve stops (default: the scenario's).
        #[arg(long)]
        mip_gap: Option<f64>,
        /// Seed of every random choice; the same seed and effort give the same schedule.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Worker threads (0 = one per core).
        #[arg(long, default_value_t = 0)]
        threads: usize,
        /// No progress bar.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Check a schedule against every hard rule of its scenario; exit status 0 only when none is broken.
    Check {
        /// The scenario: a scenario.toml, a folder holding one, or a bundled name.
        scenario: String,
        /// schedule.json, or schedule.xlsx as edited in Excel.
        schedule: PathBuf,
        /// Print the violations as JSON lines.
        #[arg(long)]
        json: bool,
    },
    /// Write calendars (.ics), routes.geojson, report.html, print/, stops.csv or schedule.xlsx
    /// from a schedule.json, including a hand-edited one. The schedule is checked first; violations are reported and
    /// shown in the report.
    Export {
        /// The schedule.json to export.
        schedule: PathBuf,
        /// The scenario the schedule was planned for (default: the scenario the schedule names,
        /// as a path or bundled name).
        #[arg(long)]
        scenario: Option<String>,
        /// What to write: ics, geojson, html, csv, xlsx, print, json; repeat the flag or separate
        /// with commas (default: all but json).
        #[arg(long, value_delimiter = ',')]
        format: Vec<String>,
        /// Folder to write into.
        #[arg(long, default_value = "outreach-out")]
        out: PathBuf,
    },
    /// What-if sweep: plan many variations of a scenario in parallel, one row of KPIs each in
    /// sweep.csv, plus sweep.svg. `outreach sweep merge DIR…` joins shard folders.
    #[command(args_conflicts_with_subcommands = true)]
    Sweep {
        #[command(subcommand)]
        action: Option<SweepAction>,
        /// A scenario.toml, a folder holding one, or a bundled name (default: zibo-health-bus).
        scenario: Option<String>,
        /// KEY=V1,V2,…: a grid over the values (repeat for more keys). `--keys` lists the keys.
        #[arg(long = "vary", value_name = "KEY=VALUES")]
        vary: Vec<String>,
        /// A sweep file (TOML): a grid (`[vary]`) or a list (`[[variation]]`).
        #[arg(long, conflicts_with = "vary")]
        file: Option<PathBuf>,
        /// Folder for sweep.csv, sweep.svg and sweep.toml; a rerun into it resumes.
        #[arg(long, default_value = "sweep-out")]
        out: PathBuf,
        /// Variations planned at once (0 = one per core); each plan uses one thread.
        #[arg(long, default_value_t = 0)]
        threads: usize,
        /// A hard cap in seconds on each variation's plan (default: the scenario's own; the key
        /// time_limit overrides it).
        #[arg(long)]
        time_limit: Option<f64>,
        /// Work of each plan: quick, normal or thorough (default: the scenario's; the key effort
        /// overrides it).
        #[arg(long)]
        effort: Option<Effort>,
        /// Seed of the random draws and of each plan.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Run only the K-th of N slices: K/N, K from 1. Without it, a Slurm array task or a
        /// Kubernetes Indexed Job picks its slice from the environment.
        #[arg(long)]
        shard: Option<String>,
        /// The number of shards, for a Kubernetes Indexed Job (JOB_COMPLETION_INDEX gives K).
        #[arg(long)]
        shards: Option<usize>,
        /// List the keys a sweep can vary, and exit.
        #[arg(long)]
        keys: bool,
        #[arg(long, short)]
        quiet: bool,
    },
    /// Benchmark the planner: plan each scenario, check every schedule, report time, coverage, cost
    /// and gap per run and their medians. `bench sweep [SCENARIO…]` times a 24-variation sweep
    /// with 1 and 2 threads instead. `bench PATH…` solves public routing instances (VRPLIB,
    /// Solomon, Cordeau files, or folders of them), checks each solution and reports the gap to the
    /// best-known value.
    Bench {
        /// Scenarios (paths or bundled names; default: the bundled default), `sweep`, or benchmark
        /// instance files and folders.
        scenarios: Vec<String>,
        #[command(flatten)]
        settings: BenchSettings,
    },
    /// Start a scenario of your own: a folder with scenario.toml and one Excel workbook,
    /// tables.xlsx (a sheet per table, with example rows and a help sheet), to fill in Excel.
    New {
        /// The folder to create (it must not exist or be empty).
        folder: PathBuf,
        /// The bundled scenario whose rows are the examples.
        #[arg(long, default_value = "tiny")]
        from: String,
    },
    /// Report every problem of a scenario at once, before any solving.
    Validate {
        /// A scenario.toml, a folder holding one, or a bundled name.
        scenario: Option<String>,
        /// Fail on warnings too (parts of the scenario that cannot be served).
        #[arg(long)]
        strict: bool,
    },
}

fn source(arg: Option<&str>) -> Result<Source> {
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
                names = bundled::NAMES.join(", ")
            )
        ),
    }
}

fn load(arg: Option<&str>) -> Result<outreach::Scenario> {
    let src = source(arg)?;
    follow_scenario_language(&src);
    let s = outreach::load(&src).map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(s)
}

/// Solver options from the scenario's defaults and the command-line flags.
fn options(
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
fn stop_on_signal(stop: outreach::plan::budget::Stop) {
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
fn warn_cut(m: &outreach::schedule::Summary) {
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

/// A progress bar over `what` (bases, variations), with ETA; hidden with --quiet.
fn progress_bar(what: &str, quiet: bool) -> ProgressBar {
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

struct Bar(ProgressBar);
impl outreach::plan::Progress for Bar {
    fn base_done(&self, done: usize, total: usize, base: &str) {
        self.0.set_length(total as u64);
        self.0.set_position(done as u64);
        self.0.set_message(base.to_string());
    }

    fn phase(&self, base: &str, what: &str) {
        self.0.set_message(format!("{base}: {what}"));
        self.0.tick();
    }
}

mod cli;

use cli::bench::{bench_instances, bench_scenarios, bench_sweep, is_instance_path, BenchSettings};
use cli::SweepBar;

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Plan {
            scenario,
            out,
            time_limit,
            effort,
            mip_gap,
            seed,
            threads,
            quiet,
        } => {
            let s = load(scenario.as_deref())?;
            for w in &s.warnings {
                eprintln!("{w}");
            }
            let mut o = options(&s, seed, threads, time_limit, effort)?;
            // A bad --out is found now, not after the plan is made.
            let folder = outreach::export::OutputDir::prepare(&out)?;
            stop_on_signal(o.stop.clone());
            if let Some(g) = mip_gap {
                if !(g.is_finite() && (0.0..1.0).contains(&g)) {
                    bail!("{}", text!("cli-mip-gap"));
                }
                o.mip_gap = g;
            }
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
        Command::Check {
            scenario,
            schedule,
            json,
        } => {
            let s = load(Some(&scenario))?;
            let sched = read_schedule(&schedule, &s)?;
            note_changed_inputs(&s, &sched);
            let violations = outreach::check(&s, &sched);
            for v in &violations {
                if json {
                    println!("{}", serde_json::to_string(&Line::Violation(v))?);
                } else {
                    println!("{v}");
                }
            }
            // The visits the schedule leaves unmet, each with its reason code (the checker has
            // verified above that none is overstated).
            let unmet = &sched.summary.unmet;
            if json {
                for u in unmet {
                    println!("{}", serde_json::to_string(&Line::Unmet(u))?);
                }
            } else if !unmet.is_empty() {
                let mut by_code: std::collections::BTreeMap<&str, u32> = Default::default();
                for u in unmet {
                    *by_code.entry(u.code.as_str()).or_default() += u.missing;
                }
                let codes: Vec<String> = by_code.iter().map(|(c, n)| format!("{c} {n}")).collect();
                eprintln!(
                    "{}",
                    text!(
                        "cli-check-unmet",
                        count = by_code.values().sum::<u32>(),
                        codes = codes.join(", ")
                    )
                );
            }
            if violations.is_empty() {
                eprintln!(
                    "{}",
                    text!("cli-check-ok", tours = sched.tours.len(), name = &s.name)
                );
                Ok(ExitCode::SUCCESS)
            } else {
                eprintln!("{}", text!("cli-violations", count = violations.len()));
                Ok(ExitCode::from(1))
            }
        }
        Command::Export {
            schedule,
            scenario,
            format,
            out,
        } => {
            let text = std::fs::read_to_string(&schedule)
                .with_context(|| format!("cannot read {}", schedule.display()))?;
            let sched = outreach::Schedule::from_json(&text)
                .map_err(|e| anyhow::anyhow!("{}: {e}", schedule.display()))?;
            let name = scenario.unwrap_or_else(|| sched.scenario.clone());
            let s = load(Some(&name)).with_context(|| {
                text!("cli-export-which-scenario", name = &sched.scenario).to_string()
            })?;
            let mut formats = Vec::new();
            for f in &format {
                match Format::parse(f) {
                    Some(x) => formats.push(x),
                    None => bail!("{}", text!("cli-export-bad-format", format = f.as_str())),
                }
            }
            if formats.is_empty() {
                formats = vec![
                    Format::Ics,
                    Format::Geojson,
                    Format::Html,
                    Format::Csv,
                    Format::Xlsx,
                    Format::Print,
                ];
            }
            formats.sort();
            formats.dedup();
            // Ids the scenario lacks stop the export before any warning says it goes ahead.
            outreach::export::Lookup::new(&s, &sched)?;
            let folder = outreach::export::OutputDir::prepare(&out)?;
            note_changed_inputs(&s, &sched);
            let violations = outreach::check(&s, &sched);
            if !violations.is_empty() {
                eprintln!(
                    "{}",
                    text!(
                        "cli-export-violations",
                        file = schedule.display().to_string(),
                        count = violations.len(),
                        name = &s.name
                    )
                );
            }
            let files = outreach::export::write(folder, &sched, &s, &violations, &formats)?;
            println!("{}", text!("cli-wrote", files = files.join(", ")));
            Ok(ExitCode::SUCCESS)
        }
        Command::Sweep {
            action: Some(SweepAction::Merge { dirs, out }),
            ..
        } => {
            let (rows, missing) = outreach::sweep::merge(&dirs, &out)?;
            println!(
                "merged {} folders: {} rows into {}",
                dirs.len(),
                rows.len(),
                out.join("sweep.csv").display()
            );
            if !missing.is_empty() {
                let shown: Vec<String> = missing.iter().take(20).map(|i| i.to_string()).collect();
                eprintln!(
                    "warning: {} variation(s) are in no shard yet: {}{}",
                    missing.len(),
                    shown.join(", "),
                    if missing.len() > 20 { ", …" } else { "" }
                );
                return Ok(ExitCode::from(1));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Sweep {
            action: None,
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
        } => {
            if keys {
                for (k, what) in outreach::sweep::KEYS {
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
                None => match Shard::from_env(|k| std::env::var(k).ok(), shards)
                    .map_err(anyhow::Error::msg)?
                {
                    Some((x, from)) => {
                        eprintln!("shard {}/{} (from {from})", x.k, x.n);
                        x
                    }
                    None => Shard::ALL,
                },
            };
            let total = spec
                .variations()
                .iter()
                .filter(|v| shard.holds(v.id))
                .count();
            eprintln!(
                "sweep of `{}`: {} variation(s){}, {} s each, into {}",
                s.name,
                total,
                if shard == Shard::ALL {
                    String::new()
                } else {
                    format!(" in shard {}/{}", shard.k, shard.n)
                },
                o.time_limit_seconds,
                out.display()
            );
            let bar = progress_bar(&text!("cli-progress-variations").to_string(), quiet);
            let outcome =
                outreach::sweep::run(&s, &o, &spec, &out, shard, threads, &SweepBar(bar.clone()))?;
            bar.finish_and_clear();
            let failed = outcome.rows.iter().filter(|r| !r.ok()).count();
            println!(
                "{} variation(s): {} planned now, {} kept from an earlier run, {} failed; {} reuses of travel times and tour pools",
                outcome.rows.len(),
                outcome.planned,
                outcome.resumed,
                failed,
                outcome.reuses
            );
            for r in outcome.rows.iter().filter(|r| !r.ok()).take(5) {
                println!("  variation {}: {}", r.id, r.kpis[0]);
            }
            let files: Vec<String> = outcome
                .files
                .iter()
                .map(|f| f.display().to_string())
                .collect();
            println!("wrote {}", files.join(", "));
            Ok(if failed == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Command::Bench {
            scenarios,
            settings,
        } => {
            let BenchSettings {
                runs,
                time_limit,
                effort,
                seed,
                threads,
                json,
                ..
            } = settings;
            if runs == 0 {
                bail!("--runs must be at least 1");
            }
            if scenarios.first().map(String::as_str) == Some("sweep") {
                return bench_sweep(&scenarios[1..], runs, time_limit, effort, seed, json);
            }
            if !scenarios.is_empty() && scenarios.iter().all(|a| is_instance_path(a)) {
                return bench_instances(&scenarios, time_limit, seed, threads, json);
            }
            let names = if scenarios.is_empty() {
                vec![bundled::DEFAULT.to_string()]
            } else {
                scenarios
            };
            bench_scenarios(&names, &settings)
        }
        Command::New { folder, from } => {
            let example = bundled::find(&from)
                .with_context(|| text!("cli-new-no-example", name = from.as_str()).to_string())?;
            if folder.exists()
                && std::fs::read_dir(&folder)
                    .with_context(|| {
                        text!("cli-cannot-read", file = folder.display().to_string()).to_string()
                    })?
                    .next()
                    .is_some()
            {
                bail!(
                    "{}",
                    text!("cli-new-not-empty", folder = folder.display().to_string())
                );
            }
            let name = folder
                .file_name()
                .map_or("my-scenario".into(), |n| n.to_string_lossy().to_string());
            let (toml, book) = outreach::scenario::workbook::template(&example, &name)
                .map_err(|e| anyhow::anyhow!(e))?;
            let mut out = outreach::export::OutputDir::prepare(&folder)?;
            out.write("scenario.toml", toml.as_bytes())?;
            out.write(outreach::scenario::workbook::BOOK, &book)?;
            out.commit(|_| false)?;
            let book = folder.join(outreach::scenario::workbook::BOOK);
            println!(
                "{}",
                text!(
                    "cli-wrote",
                    files = format!(
                        "{}, {}",
                        folder.join("scenario.toml").display(),
                        book.display()
                    )
                )
            );
            println!(
                "{}",
                text!(
                    "cli-new-next",
                    book = book.display().to_string(),
                    folder = folder.display().to_string()
                )
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Validate { scenario, strict } => {
            let src = source(scenario.as_deref())?;
            follow_scenario_language(&src);
            match outreach::load(&src) {
                Ok(s) => {
                    for w in &s.warnings {
                        println!("{w}");
                    }
                    println!(
                        "{}",
                        text!(
                            "cli-validate-ok",
                            name = &s.name,
                            sites = s.sites.len(),
                            bases = s.bases.len(),
                            vehicles = s.vehicles.len(),
                            clinicians = s.clinicians.len(),
                            requirements = s.requirements.len(),
                            days = s.horizon.days,
                            warnings = s.warnings.len()
                        )
                    );
                    Ok(
                        if strict && s.warnings.iter().any(|w| w.severity == Severity::Warning) {
                            ExitCode::from(1)
                        } else {
                            ExitCode::SUCCESS
                        },
                    )
                }
                Err(e) => {
                    for p in &e.problems {
                        println!("{p}");
                    }
                    let n = e
                        .problems
                        .iter()
                        .filter(|p| p.severity == Severity::Error)
                        .count();
                    eprintln!("{}", text!("cli-errors", count = n));
                    Ok(ExitCode::from(1))
                }
            }
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let matches = cli::help::localise(Cli::command(), cli::help::language(&args)).get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    if let Some(l) = cli.lang {
        lang::set(l);
        LANG_GIVEN.store(true, std::sync::atomic::Ordering::Relaxed);
    }
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{}", text!("cli-error", message = describe(&e)));
            ExitCode::from(2)
        }
    }
}

/// A schedule from `schedule.json`, or from `schedule.xlsx` as a planner edited it in Excel.
fn read_schedule(path: &Path, s: &outreach::Scenario) -> Result<outreach::Schedule> {
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

/// Says which of the scenario's files changed since the schedule was planned: its rules are
/// checked against the scenario as it is now.
/// One line of `check --json`: a broken rule, or a visit the plan leaves unmet with its code.
#[derive(serde::Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum Line<'a> {
    Violation(&'a outreach::Violation),
    Unmet(&'a outreach::schedule::Unmet),
}

fn note_changed_inputs(s: &outreach::Scenario, sched: &outreach::Schedule) {
    let changed = sched.changed_inputs(s);
    if !changed.is_empty() {
        eprintln!(
            "{}",
            text!("cli-changed-inputs", files = changed.join(", "))
        );
    }
}

/// An error and its causes on one line, each said once: the library's messages already name their
/// cause, and `{:#}` would repeat it ("File exists (os error 17): File exists (os error 17)").
fn describe(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if out.contains(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The English catalogue's help is the doc comments' words, and Chinese has every one of
    /// them, so `--help` reads the same in English and is whole in Chinese.
    #[test]
    fn help_in_the_catalogue_matches_the_doc_comments_and_has_chinese() {
        let cmd = Cli::command();
        let mut wanted: Vec<(String, String)> = Vec::new();
        let text = |s: Option<&clap::builder::StyledStr>| {
            s.map(|x| x.to_string().replace('\n', " "))
                .unwrap_or_default()
        };
        wanted.push(("help-outreach".into(), text(cmd.get_about())));
        let lang_arg = cmd.get_arguments().find(|a| a.get_id() == "lang").unwrap();
        wanted.push(("help-lang".into(), text(lang_arg.get_help())));
        for name in cli::help::COMMANDS {
            let sub = cmd.find_subcommand(name).unwrap();
            wanted.push((format!("help-{name}"), text(sub.get_about())));
            for a in sub.get_arguments() {
                if a.get_help().is_none() || a.get_id() == "lang" {
                    continue;
                }
                wanted.push((
                    format!("help-{name}-{}", a.get_id().to_string().replace('_', "-")),
                    text(a.get_help()),
                ));
            }
        }
        let mut wrong = Vec::new();
        for (id, en) in &wanted {
            if lang::message(Lang::En, id).as_deref() != Some(en.as_str()) {
                wrong.push(format!("{id} = {en}"));
            }
            if lang::message(Lang::Zh, id).is_none() {
                wrong.push(format!("(no Chinese) {id}"));
            }
        }
        assert!(
            wrong.is_empty(),
            "help messages to mend:\n{}",
            wrong.join("\n")
        );
    }
}
