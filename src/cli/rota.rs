//! `outreach plan` and `outreach check` for an expert-station scenario: the rota is planned,
//! checked and written (rota.json, rota.csv, station timetables, expert calendars, the absence
//! chart); a rota.json is checked against every rule of its scenario.

use anyhow::{Context, Result};
use outreach::plan::rota::previous::{kept_teams, KeptTeam};
use outreach::rota::Rota;
use outreach::text;
use std::path::Path;
use std::process::ExitCode;

/// The teams of a previous rota.json that still bind on `s`; an error names the file.
fn kept(s: &outreach::Scenario, previous: Option<&Path>) -> Result<Vec<KeptTeam>> {
    let Some(path) = previous else {
        return Ok(vec![]);
    };
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .with_context(|| text!("cli-cannot-read", file = file.as_str()).to_string())?;
    let rota = Rota::from_json(&text).map_err(|e| anyhow::anyhow!("{file}: {e}"))?;
    kept_teams(s, &rota).map_err(|e| anyhow::anyhow!("{file}: {e}"))
}

/// Plans the rota of `s` into `out` and prints its summary; `previous`: last quarter's rota.json,
/// whose teams formed less than a year ago are kept.
pub fn plan(
    s: &outreach::Scenario,
    o: &outreach::Options,
    out: &Path,
    previous: Option<&Path>,
) -> Result<ExitCode> {
    let kept = kept(s, previous)?;
    let folder = outreach::export::OutputDir::prepare(out)?;
    let x = s.experts.as_ref().expect("an expert-station scenario");
    eprintln!(
        "{}",
        text!(
            "cli-rota-planning",
            name = &s.name,
            experts = x.experts.len(),
            stations = x.stations.len(),
            hospitals = s.bases.len(),
            days = s.horizon.days
        )
    );
    let rota = outreach::plan::rota::plan_rota_keeping(s, o, &kept)
        .with_context(|| text!("cli-planning-failed").to_string())?;
    let mut violations = outreach::check::check_rota(s, &rota);
    violations.extend(outreach::check::check_kept(s, &rota, &kept));
    if let Some(first) = violations.first() {
        eprintln!(
            "{}",
            text!(
                "cli-plan-violations",
                count = violations.len(),
                first = first.to_string()
            )
        );
    }
    let files = outreach::export::rota::write_rota(folder, &rota, s, &violations)?;
    let m = &rota.summary;
    println!(
        "{}",
        text!(
            "cli-rota-summary",
            days = m.expert_days,
            teams = rota.teams.len(),
            short = rota.shortfalls.len(),
            uncovered = rota.uncovered.len(),
            regular = format!("{:.1}", m.regular_share * 100.0),
            objective = format!("{:.0}", m.objective),
            bound = format!("{:.0}", m.bound),
            gap = format!("{:.2}", m.gap * 100.0),
            seconds = format!("{:.1}", m.solve_seconds)
        )
    );
    println!(
        "{}",
        text!(
            "cli-rota-joint",
            objective = format!("{:.0}", m.joint_objective),
            bound = format!("{:.0}", m.joint_bound),
            gap = format!("{:.2}", m.joint_gap * 100.0)
        )
    );
    if m.kept_teams > 0 {
        println!("{}", text!("cli-rota-kept", kept = m.kept_teams));
    }
    if let (Some(obj), Some(gap)) = (m.assignment_objective, m.assignment_gap) {
        println!(
            "{}",
            text!(
                "cli-rota-assignment",
                objective = format!("{obj:.0}"),
                gap = format!("{:.2}", gap * 100.0)
            )
        );
    }
    for f in rota.shortfalls.iter().take(10) {
        println!(
            "  {}",
            text!(
                "cli-rota-short",
                expert = &f.expert,
                station = &f.station,
                month = &f.month,
                planned = f.planned,
                required = f.required,
                code = f.code.as_str(),
                reason = &f.reason
            )
        );
    }
    for u in rota.uncovered.iter().take(10) {
        println!(
            "  {}",
            text!(
                "cli-rota-uncovered",
                station = &u.station,
                specialty = &u.specialty,
                code = u.code.as_str(),
                reason = &u.reason
            )
        );
    }
    println!("{}", text!("cli-wrote", files = files.join(", ")));
    if m.cut_by_time {
        eprintln!("{}", text!("cli-rota-cut"));
    }
    Ok(if violations.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Checks a rota.json against its scenario (and the teams of a previous rota that still bind);
/// exit status 0 only when no rule is broken.
pub fn check(
    s: &outreach::Scenario,
    path: &Path,
    json: bool,
    previous: Option<&Path>,
) -> Result<ExitCode> {
    let kept = kept(s, previous)?;
    let text = std::fs::read_to_string(path)
        .with_context(|| text!("cli-cannot-read", file = path.display().to_string()).to_string())?;
    let rota = Rota::from_json(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    let mut violations = outreach::check::check_rota(s, &rota);
    violations.extend(outreach::check::check_kept(s, &rota, &kept));
    for v in &violations {
        if json {
            println!("{}", serde_json::to_string(v)?);
        } else {
            println!("{v}");
        }
    }
    if violations.is_empty() {
        eprintln!(
            "{}",
            text!("cli-rota-check-ok", days = rota.days.len(), name = &s.name)
        );
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("{}", text!("cli-violations", count = violations.len()));
        Ok(ExitCode::from(1))
    }
}
