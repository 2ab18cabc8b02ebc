//! `outreach bench rota [SCENARIO…]`: expert-station rotas, with the scenario's teams and with
//! teams the planner makes, against their targets (medians of the runs).

use super::bench::BenchSettings;
use super::{load, options};
use anyhow::{Context, Result};
use outreach::bench::median;
use outreach::bench::rota::{run_rota, RotaBenchRow};
use outreach::scenario::bundled;
use std::process::ExitCode;

pub fn bench_rota(names: &[String], b: &BenchSettings) -> Result<ExitCode> {
    let names: Vec<String> = if names.is_empty() {
        bundled::ROTA_NAMES.iter().map(|n| n.to_string()).collect()
    } else {
        names.to_vec()
    };
    if !b.json {
        println!(
            "{:<24} {:>5} {:>3} {:>8} {:>6} {:>5} {:>5} {:>7} {:>9} {:>8} {:>5} {:>4} {:>12}",
            "scenario",
            "teams",
            "run",
            "seconds",
            "days",
            "short",
            "uncov",
            "gap %",
            "assign %",
            "joint %",
            "check",
            "same",
            "target"
        );
    }
    let mut all_ok = true;
    for name in &names {
        let s = load(Some(name))?;
        let o = options(&s, b.seed, b.threads, b.time_limit, b.effort)?;
        let modes: &[bool] = match s.experts.as_ref().map(|x| x.teams.is_some()) {
            Some(true) => &[false, true],
            _ => &[true],
        };
        for &open in modes {
            let rows = run_rota(&s, &o, b.runs, open).context("planning failed")?;
            for r in &rows {
                all_ok &= r.violations == 0 && r.same_rota;
                print_row(r, b.json)?;
            }
            let secs = median(&rows.iter().map(|r| r.seconds).collect::<Vec<_>>());
            let gap = median(&rows.iter().map(|r| r.gap_pct).collect::<Vec<_>>());
            let assign = rows[0].assignment_gap_pct.map(|_| {
                median(
                    &rows
                        .iter()
                        .filter_map(|r| r.assignment_gap_pct)
                        .collect::<Vec<_>>(),
                )
            });
            let joint = median(&rows.iter().map(|r| r.joint_gap_pct).collect::<Vec<_>>());
            let met = secs <= rows[0].target_seconds
                && joint <= rows[0].target_gap_pct
                && rows.iter().all(|r| r.violations == 0);
            if b.json {
                println!(
                    "{}",
                    serde_json::json!({
                        "scenario": s.name, "teams": rows[0].teams, "median_seconds": secs,
                        "median_gap_pct": gap, "median_assignment_gap_pct": assign,
                        "median_joint_gap_pct": joint,
                        "target_seconds": rows[0].target_seconds,
                        "target_gap_pct": rows[0].target_gap_pct, "target_met": met,
                    })
                );
            } else {
                println!(
                    "{:<24} {:>5} med {:>8.1} {:>32.2} {:>9} {:>8.2} {:>10} ≤{:.0}s ≤{:.0}% {}",
                    s.name,
                    rows[0].teams,
                    secs,
                    gap,
                    assign
                        .map(|a| format!("{a:.2}"))
                        .unwrap_or_else(|| "-".into()),
                    joint,
                    "",
                    rows[0].target_seconds,
                    rows[0].target_gap_pct,
                    if met { "met" } else { "MISSED" }
                );
            }
        }
    }
    Ok(if all_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn print_row(r: &RotaBenchRow, json: bool) -> Result<()> {
    if json {
        println!("{}", serde_json::to_string(r)?);
    } else {
        println!(
            "{:<24} {:>5} {:>3} {:>8.1} {:>6} {:>5} {:>5} {:>7.2} {:>9} {:>8.2} {:>5} {:>4} {:>12}",
            r.scenario,
            r.teams,
            r.run,
            r.seconds,
            r.expert_days,
            r.shortfalls,
            r.uncovered,
            r.gap_pct,
            r.assignment_gap_pct
                .map(|a| format!("{a:.2}"))
                .unwrap_or_else(|| "-".into()),
            r.joint_gap_pct,
            if r.violations == 0 { "ok" } else { "FAIL" },
            if r.same_rota { "yes" } else { "NO" },
            if r.meets_target() { "met" } else { "missed" }
        );
    }
    Ok(())
}
