//! `outreach validate`: every problem of a scenario at once, before any solving.

use super::*;
use anyhow::Result;
use outreach::scenario::Severity;
use outreach::text;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct ValidateArgs {
    /// A scenario.toml, a folder holding one, or a bundled name.
    pub scenario: Option<String>,
    /// Fail on warnings too (parts of the scenario that cannot be served).
    #[arg(long)]
    pub strict: bool,
}

pub fn run(args: ValidateArgs) -> Result<ExitCode> {
    let ValidateArgs { scenario, strict } = args;
    let src = source(scenario.as_deref())?;
    follow_scenario_language(&src);
    match outreach::load(&src) {
        Ok(s) => {
            for w in &s.warnings {
                println!("{w}");
            }
            if let Some(x) = &s.experts {
                println!(
                    "{}",
                    text!(
                        "cli-validate-rota-ok",
                        name = &s.name,
                        stations = x.stations.len(),
                        hospitals = s.bases.len(),
                        experts = x.experts.len(),
                        teams = x.teams.as_ref().map_or(0, Vec::len),
                        days = s.horizon.days,
                        warnings = s.warnings.len()
                    )
                );
            } else {
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
            }
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
