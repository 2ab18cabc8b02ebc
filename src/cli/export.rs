//! `outreach export`: the files a plan writes (calendars, GeoJSON, the report, print/, stops.csv,
//! schedule.xlsx), from a schedule.json, a hand-edited one included; checked first.

use super::*;
use anyhow::{bail, Context, Result};
use outreach::export::Format;
use outreach::text;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct ExportArgs {
    /// The schedule.json to export.
    pub schedule: PathBuf,
    /// The scenario the schedule was planned for (default: the scenario the schedule names,
    /// as a path or bundled name).
    #[arg(long)]
    pub scenario: Option<String>,
    /// What to write: ics, geojson, html, csv, xlsx, print, json; repeat the flag or separate
    /// with commas (default: all but json).
    #[arg(long, value_delimiter = ',')]
    pub format: Vec<String>,
    /// Folder to write into.
    #[arg(long, default_value = "outreach-out")]
    pub out: PathBuf,
}

pub fn run(args: ExportArgs) -> Result<ExitCode> {
    let ExportArgs {
        schedule,
        scenario,
        format,
        out,
    } = args;
    let text = std::fs::read_to_string(&schedule)
        .with_context(|| format!("cannot read {}", schedule.display()))?;
    let sched = outreach::Schedule::from_json(&text)
        .map_err(|e| anyhow::anyhow!("{}: {e}", schedule.display()))?;
    let name = scenario.unwrap_or_else(|| sched.scenario.clone());
    let s = load(Some(&name))
        .with_context(|| text!("cli-export-which-scenario", name = &sched.scenario).to_string())?;
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
