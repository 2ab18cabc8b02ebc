//! Benchmarks of expert-station rotas (`outreach bench rota`): each run plans the rota, checks it
//! independently and reports time, expert-days, the proven gaps (the day program's for its teams,
//! the assignment's when the planner made the teams, and the joint one of teams and days, which
//! the target is set on) and whether a run gave the first run's rota byte for byte
//! (`solve_seconds` aside).

use crate::plan::rota::plan_rota;
use crate::plan::Options;
use crate::scenario::Scenario;
use serde::Serialize;

#[derive(Clone, Debug, Serialize)]
pub struct RotaBenchRow {
    pub scenario: String,
    /// `fixed` (the scenario's teams) or `open` (the planner's).
    pub teams: String,
    pub run: usize,
    pub seconds: f64,
    pub expert_days: u32,
    pub shortfalls: usize,
    pub uncovered: usize,
    pub gap_pct: f64,
    pub assignment_gap_pct: Option<f64>,
    /// The proven gap of teams and days together (the target's).
    pub joint_gap_pct: f64,
    pub violations: usize,
    pub cut_by_time: bool,
    pub same_rota: bool,
    /// The target this run is measured against: most seconds and most gap (%).
    pub target_seconds: f64,
    pub target_gap_pct: f64,
}

impl RotaBenchRow {
    pub fn meets_target(&self) -> bool {
        self.violations == 0
            && self.seconds <= self.target_seconds
            && self.joint_gap_pct <= self.target_gap_pct
    }
}

/// The targets of the issue that asked for rotas: Zibo's 123 stations in ≤ 60 s at ≤ 1 % gap with
/// the teams given (≤ 3 % when the planner makes them), Weifang's rota in ≤ 20 s at ≤ 1 %; any
/// other scenario ≤ 60 s at ≤ 1 %.
pub fn target(s: &Scenario, open: bool) -> (f64, f64) {
    match (s.name.as_str(), open) {
        ("weifang-specialist-rota", _) => (20.0, 1.0),
        (_, true) => (60.0, 3.0),
        _ => (60.0, 1.0),
    }
}

/// Plans `s` `runs` times (with its teams, or open when `open`), checking each rota.
pub fn run_rota(
    s: &Scenario,
    o: &Options,
    runs: usize,
    open: bool,
) -> Result<Vec<RotaBenchRow>, crate::plan::rota::RotaError> {
    let mut s = s.clone();
    if open {
        if let Some(x) = s.experts.as_mut() {
            x.teams = None;
        }
    }
    let (target_seconds, target_gap_pct) = target(&s, open);
    let mut first: Option<String> = None;
    let mut rows = Vec::new();
    for run in 1..=runs {
        let t0 = std::time::Instant::now();
        let mut rota = plan_rota(&s, o)?;
        let seconds = t0.elapsed().as_secs_f64();
        let violations = crate::check::check_rota(&s, &rota).len();
        rota.summary.solve_seconds = 0.0;
        let json = rota.to_json();
        let same_rota = first.get_or_insert_with(|| json.clone()) == &json;
        rows.push(RotaBenchRow {
            scenario: s.name.clone(),
            teams: if open { "open" } else { "fixed" }.into(),
            run,
            seconds,
            expert_days: rota.summary.expert_days,
            shortfalls: rota.shortfalls.len(),
            uncovered: rota.uncovered.len(),
            gap_pct: rota.summary.gap * 100.0,
            assignment_gap_pct: rota.summary.assignment_gap.map(|g| g * 100.0),
            joint_gap_pct: rota.summary.joint_gap * 100.0,
            violations,
            cut_by_time: rota.summary.cut_by_time,
            same_rota,
            target_seconds,
            target_gap_pct,
        });
    }
    Ok(rows)
}
