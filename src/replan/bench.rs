//! The re-planning benchmark: the cases on the bundled scenarios (a Zibo bus out for seven
//! working days, a tenth of Zibo's clinicians absent for a week, the pass to Ngamring's snow
//! townships closed for ten days), each re-planned `runs` times from one plan, timed, checked, and
//! measured for how much it changed: at the base the event hits and elsewhere, against the fewest
//! changes any plan can make (every tour-day an event breaks must change).

use super::events::{Event, Kind};
use super::{replan, ReplanError};
use crate::plan::{Options, Quiet};
use crate::scenario::Scenario;
use crate::schedule::Schedule;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

/// One re-plan of a case.
#[derive(Clone, Debug, Serialize)]
pub struct ReplanBenchRow {
    pub case: String,
    pub run: usize,
    pub seconds: f64,
    pub events: usize,
    /// Tour-days the events break: the fewest changed tour-days any plan can have.
    pub fewest_changed: usize,
    /// Tour-days changed (mended, cancelled or added) at bases the events touch.
    pub changed: usize,
    /// Tour-days changed at other bases (0 is the target).
    pub changed_elsewhere: usize,
    pub changes: usize,
    pub visits_required: u32,
    pub visits_met_before: u32,
    pub visits_met: u32,
    pub violations: usize,
    /// Byte for byte the first run's schedule (`solve_seconds` aside).
    pub same_schedule: bool,
}

/// A case: its name, the re-plan date and the events.
pub struct Case {
    pub name: String,
    pub from: NaiveDate,
    pub events: Vec<Event>,
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
}

/// The date `n` working days from `from` (inclusive) ends on.
fn working_days_from(s: &Scenario, from: NaiveDate, n: usize) -> NaiveDate {
    let h = &s.horizon;
    let first = h.day_of(from).unwrap_or(0);
    (first..h.days)
        .filter(|&d| h.working[d])
        .nth(n.saturating_sub(1))
        .map_or(h.end(), |d| h.date(d))
}

/// The cases of the issue that fit `s` and its plan `old`: Zibo's two, or Ngamring's.
pub fn cases(s: &Scenario, old: &Schedule) -> Vec<Case> {
    let mut out = Vec::new();
    if s.name == "zibo-health-bus" {
        let from = date(2027, 2, 15);
        let to = working_days_from(s, from, 7);
        // The bus with the most tour-days in the week among bases of two or more buses: the
        // base has a second bus, so its visits can still be met.
        let mut fleet: BTreeMap<usize, usize> = BTreeMap::new();
        for v in &s.vehicles {
            *fleet.entry(v.base).or_default() += 1;
        }
        let mut busy: BTreeMap<&str, usize> = BTreeMap::new();
        for t in old.tours.iter().filter(|t| from <= t.date && t.date <= to) {
            *busy.entry(t.vehicle.as_str()).or_default() += 1;
        }
        let bus = (0..s.vehicles.len())
            .filter(|&v| fleet[&s.vehicles[v].base] >= 2)
            .max_by_key(|&v| {
                (
                    busy.get(s.vehicles[v].id.as_str()).copied().unwrap_or(0),
                    std::cmp::Reverse(v),
                )
            });
        if let Some(v) = bus {
            out.push(Case {
                name: "zibo-bus-out-7-days".into(),
                from,
                events: vec![Event {
                    kind: Kind::VehicleOut(v),
                    target: s.vehicles[v].id.clone(),
                    from,
                    to,
                }],
            });
        }
        // Every tenth clinician in the scenario's order: a tenth of each large base's staff.
        let week_end = working_days_from(s, from, 5);
        out.push(Case {
            name: "zibo-10pct-absent-week".into(),
            from,
            events: (0..s.clinicians.len())
                .step_by(10)
                .map(|c| Event {
                    kind: Kind::ClinicianAbsent(c),
                    target: s.clinicians[c].id.clone(),
                    from,
                    to: week_end,
                })
                .collect(),
        });
    }
    if s.name == "ngamring-high-altitude" {
        // The villages the snow closes in June lie behind the pass; it closes again for the
        // first ten days of August, when a trip crosses it. The planners re-plan when they
        // hear of it, a week before.
        let behind: BTreeSet<usize> = s
            .closures
            .iter()
            .filter(|c| c.from == s.horizon.start)
            .map(|c| c.site)
            .collect();
        let start = date(2027, 8, 1);
        let from = date(2027, 7, 25);
        let closed: Vec<usize> = behind.into_iter().collect();
        if !closed.is_empty() {
            out.push(Case {
                name: "ngamring-pass-closed-10-days".into(),
                from,
                events: vec![Event {
                    kind: Kind::Closure(closed),
                    target: "pass".into(),
                    from: start,
                    to: start + chrono::Duration::days(9),
                }],
            });
        }
    }
    out
}

/// Re-plans `case` `runs` times from `old` and measures each run.
pub fn run_case(
    s: &Scenario,
    old: &Schedule,
    case: &Case,
    o: &Options,
    runs: usize,
) -> Result<Vec<ReplanBenchRow>, ReplanError> {
    let mut rows = Vec::new();
    let mut first: Option<String> = None;
    for run in 1..=runs {
        let t0 = Instant::now();
        let r = replan(s, old, case.from, &case.events, o, &Quiet)?;
        let seconds = t0.elapsed().as_secs_f64();
        let violations = crate::check(&r.scenario, &r.schedule).len();
        let mut plain = r.schedule.clone();
        plain.summary.solve_seconds = 0.0;
        let text = serde_json::to_string(&plain).expect("a schedule serialises");
        let same = first.get_or_insert_with(|| text.clone()) == &text;
        let touched: BTreeSet<&str> = r
            .per_base
            .iter()
            .filter(|(_, (broken, _))| *broken > 0)
            .map(|(b, _)| b.as_str())
            .collect();
        let changed_at = |inside: bool| -> usize {
            r.per_base
                .iter()
                .filter(|(b, _)| touched.contains(b.as_str()) == inside)
                .map(|(_, (_, c))| c)
                .sum()
        };
        rows.push(ReplanBenchRow {
            case: case.name.clone(),
            run,
            seconds,
            events: case.events.len(),
            fewest_changed: r.per_base.values().map(|(b, _)| b).sum(),
            changed: changed_at(true),
            changed_elsewhere: changed_at(false),
            changes: r.changes.len(),
            visits_required: r.schedule.summary.visits_required,
            visits_met_before: old.summary.visits_met,
            visits_met: r.schedule.summary.visits_met,
            violations,
            same_schedule: same,
        });
    }
    Ok(rows)
}
