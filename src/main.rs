//! The `outreach` command line: the commands and their dispatch, the language of the run, and exit
//! codes. Each command is a file in `cli/`; the work is done by the library.

use anyhow::Result;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use outreach::lang::{self, Lang};
use outreach::text;
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

#[derive(Subcommand)]
enum Command {
    /// Plan a scenario (default: the bundled Zibo health-bus quarter) and write the schedule.
    #[command(args_conflicts_with_subcommands = true)]
    Plan(cli::plan::PlanArgs),
    /// Check a schedule against every hard rule of its scenario; exit status 0 only when none is broken.
    Check(cli::check::CheckArgs),
    /// Write calendars (.ics), routes.geojson, report.html, print/, stops.csv or schedule.xlsx
    /// from a schedule.json, including a hand-edited one. The schedule is checked first; violations are reported and
    /// shown in the report.
    Export(cli::export::ExportArgs),
    /// What-if sweep: plan many variations of a scenario in parallel, one row of KPIs each in
    /// sweep.csv, plus sweep.svg. `outreach sweep merge DIR…` joins shard folders.
    #[command(args_conflicts_with_subcommands = true)]
    Sweep(cli::sweep::SweepArgs),
    /// Benchmark the planner: plan each scenario, check every schedule, report time, coverage, cost
    /// and gap per run and their medians. `bench sweep [SCENARIO…]` times a 24-variation sweep
    /// with 1 and 2 threads instead. `bench rota [SCENARIO…]` plans expert-station rotas (with
    /// the scenario's teams and with the planner's) against their targets. `bench ceiling
    /// [SCENARIO…]` grows each campaign's bounding LP until its trips repeat no village: the
    /// ceiling of every LP bound, step by step. `bench PATH…` solves public routing instances (VRPLIB,
    /// Solomon, Cordeau files, or folders of them), checks each solution and reports the gap to the
    /// best-known value.
    Bench(cli::bench::BenchArgs),
    /// Start a scenario of your own: a folder with scenario.toml and one Excel workbook,
    /// tables.xlsx (a sheet per table, with example rows and a help sheet), to fill in Excel.
    New(cli::new::NewArgs),
    /// Report every problem of a scenario at once, before any solving.
    Validate(cli::validate::ValidateArgs),
    /// Plan the rest of the horizon again after events (a vehicle out, a clinician absent, a road
    /// closed), keeping what is done and published; writes the new schedule, every export and
    /// changes.csv.
    Replan(cli::replan::ReplanArgs),
    /// Generate a scenario for scale tests and benchmarks: `generate province --cities N` writes
    /// N cities like the bundled Zibo quarter into one scenario folder.
    Generate(cli::generate::GenerateArgs),
    /// The planner's workbench in the browser: scenarios, what-if runs, results and downloads, on a local web page
    Serve(cli::serve::ServeArgs),
}

mod cli;

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Plan(args) => cli::plan::run(args),
        Command::Check(args) => cli::check::run(args),
        Command::Export(args) => cli::export::run(args),
        Command::Sweep(args) => cli::sweep::run(args),
        Command::Bench(args) => cli::bench::run(args),
        Command::New(args) => cli::new::run(args),
        Command::Validate(args) => cli::validate::run(args),
        Command::Replan(args) => cli::replan::run(args),
        Command::Generate(args) => cli::generate::run(args),
        Command::Serve(args) => cli::serve::run(args),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let matches = cli::help::localise(Cli::command(), cli::help::language(&args)).get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    if let Some(l) = cli.lang {
        lang::set(l);
        cli::LANG_GIVEN.store(true, std::sync::atomic::Ordering::Relaxed);
    }
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{}", text!("cli-error", message = describe(&e)));
            ExitCode::from(2)
        }
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
        // Every command under the top, with its path of names (`plan-merge`).
        let mut stack: Vec<(String, &clap::Command)> = cmd
            .get_subcommands()
            .filter(|c| c.get_name() != "help")
            .map(|c| (c.get_name().to_string(), c))
            .collect();
        while let Some((path, sub)) = stack.pop() {
            wanted.push((format!("help-{path}"), text(sub.get_about())));
            for a in sub.get_arguments() {
                if a.get_help().is_none() || a.get_id() == "lang" {
                    continue;
                }
                wanted.push((
                    format!("help-{path}-{}", a.get_id().to_string().replace('_', "-")),
                    text(a.get_help()),
                ));
            }
            for inner in sub.get_subcommands().filter(|c| c.get_name() != "help") {
                stack.push((format!("{path}-{}", inner.get_name()), inner));
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
