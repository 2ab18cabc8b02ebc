//! `outreach check`: a schedule (schedule.json, or schedule.xlsx as edited in Excel) against every
//! hard rule of its scenario; exit status 0 only when none is broken.

use super::*;
use anyhow::Result;
use outreach::text;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct CheckArgs {
    /// The scenario: a scenario.toml, a folder holding one, or a bundled name.
    pub scenario: String,
    /// schedule.json, or schedule.xlsx as edited in Excel.
    pub schedule: PathBuf,
    /// Print the violations as JSON lines.
    #[arg(long)]
    pub json: bool,
    /// Expert stations: the previous quarter's rota.json; a team formed less than a year ago
    /// that this rota breaks up is `team-changed`.
    #[arg(long)]
    pub previous: Option<PathBuf>,
}

pub fn run(args: CheckArgs) -> Result<ExitCode> {
    let CheckArgs {
        scenario,
        schedule,
        json,
        previous,
    } = args;
    let s = load(Some(&scenario))?;
    if s.kind == outreach::scenario::ScenarioKind::ExpertStations {
        return super::rota::check(&s, &schedule, json, previous.as_deref());
    }
    if previous.is_some() {
        anyhow::bail!("{}", text!("cli-previous-not-rota", name = &s.name));
    }
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

/// Says which of the scenario's files changed since the schedule was planned: its rules are
/// checked against the scenario as it is now.
/// One line of `check --json`: a broken rule, or a visit the plan leaves unmet with its code.
#[derive(serde::Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Line<'a> {
    Violation(&'a outreach::Violation),
    Unmet(&'a outreach::schedule::Unmet),
}
