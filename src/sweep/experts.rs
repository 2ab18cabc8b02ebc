//! The sweep keys of expert-station scenarios (`lead_days_per_month`, `member_days_per_month`,
//! `max_away_per_department`, `experts`, `teams`), and the KPIs of a rota as a sweep row. Like the
//! other keys, each change is a pure function of the scenario, the value and the sweep's seed.

use super::vary::{bad, count, draws, share, VaryError};
use crate::scenario::Scenario;
use crate::text;

pub const KEYS: &[(&str, &str)] = &[
    ("lead_days_per_month", "expert stations: least days a month a lead expert is at their station"),
    ("member_days_per_month", "expert stations: least days a month a team member is at their station"),
    ("max_away_per_department", "expert stations: most experts of one hospital department away on one day (the default; a departments table's own caps stay)"),
    ("experts", "expert stations: experts kept, a count or a share (85%), drawn with the sweep's seed; the others leave their teams (a lead's place goes to a member who may lead)"),
    ("teams", "expert stations: fixed (the scenario's teams) or open (the planner puts teams together)"),
];

pub fn is_key(key: &str) -> bool {
    KEYS.iter().any(|(k, _)| *k == key)
}

pub fn check(key: &str, value: &str) -> Result<(), VaryError> {
    match key {
        "experts" if value.trim().ends_with('%') => match share(key, value)? {
            x if (0.0..=1.0).contains(&x) => Ok(()),
            _ => Err(bad(key, value, text!("sweep-expected-expert-share"))),
        },
        "teams" => match value.trim() {
            "fixed" | "open" => Ok(()),
            _ => Err(bad(key, value, text!("sweep-expected-teams"))),
        },
        "lead_days_per_month" | "member_days_per_month" => match count(key, value)? {
            0..=23 => Ok(()),
            _ => Err(bad(key, value, text!("sweep-expected-days"))),
        },
        _ => count(key, value).map(|_| ()),
    }
}

/// Applies one checked key to an expert-station scenario.
pub fn apply(s: &mut Scenario, key: &str, value: &str, seed: u64) -> Result<(), VaryError> {
    let x = s
        .experts
        .as_mut()
        .ok_or_else(|| bad(key, value, text!("sweep-not-expert-scenario")))?;
    match key {
        "lead_days_per_month" => x.rules.lead_days_per_month = count(key, value)?,
        "member_days_per_month" => x.rules.member_days_per_month = count(key, value)?,
        "max_away_per_department" => x.rules.max_away_per_department = count(key, value)?,
        "teams" if value.trim() == "open" => x.teams = None,
        "teams" => {
            if x.teams.is_none() {
                return Err(bad(key, value, text!("sweep-no-teams-to-fix")));
            }
        }
        _ => {
            let n = x.experts.len();
            let keep = if value.trim().ends_with('%') {
                (share(key, value)? * n as f64).round() as usize
            } else {
                (count(key, value)? as usize).min(n)
            };
            // The experts with the smallest draws stay; a larger share keeps a smaller one's.
            let u = draws(seed, "experts", n);
            let mut order: Vec<usize> = (0..n).collect();
            order.sort_by(|&a, &b| u[a].total_cmp(&u[b]).then(a.cmp(&b)));
            let mut kept = vec![false; n];
            for &e in &order[..keep] {
                kept[e] = true;
            }
            // Experts are not removed (ids stay valid); those dropped leave their teams.
            if let Some(teams) = x.teams.as_mut() {
                for t in teams.iter_mut() {
                    t.members.retain(|&e| kept[e]);
                    if !kept[t.lead] {
                        let experts = &x.experts;
                        match t.members.iter().position(|&e| experts[e].can_lead) {
                            Some(i) => t.lead = t.members.remove(i),
                            None => t.lead = usize::MAX,
                        }
                    }
                }
                teams.retain(|t| t.lead != usize::MAX && !t.members.is_empty());
            } else {
                // Open teams: nothing names an expert by index yet, so the dropped ones go.
                let mut e = 0;
                x.experts.retain(|_| {
                    e += 1;
                    kept[e - 1]
                });
            }
        }
    }
    Ok(())
}

/// The KPI cells of a rota in the sweep's columns: expert-days owed and met stand for visits
/// required and met, the round trips' cost for the cost, expert-days for clinician days, teams
/// for tours; objective, bound and gap are the joint ones (teams and days together); no
/// distances or vehicle days.
pub fn kpis(s: &Scenario, rota: &crate::rota::Rota, fmt2: fn(f64) -> String) -> Vec<String> {
    let x = s.experts.as_ref().expect("an expert-station scenario");
    let months = s.horizon.periods(crate::calendar::PeriodKind::Month);
    let mut owed = 0u32;
    for t in &rota.teams {
        for (i, _) in std::iter::once(&t.lead).chain(&t.members).enumerate() {
            for m in &months {
                owed += crate::plan::rota::need(x, i == 0, m.share);
            }
        }
    }
    let short: u32 = rota.shortfalls.iter().map(|f| f.required - f.planned).sum();
    let met = owed.saturating_sub(short);
    let m = &rota.summary;
    let violations = crate::check::check_rota(s, rota).len();
    vec![
        "ok".into(),
        owed.to_string(),
        met.to_string(),
        fmt2(if owed == 0 {
            100.0
        } else {
            100.0 * met as f64 / owed as f64
        }),
        String::new(),
        String::new(),
        fmt2(m.objective - short as f64 * x.rules.unmet_day_penalty),
        fmt2(m.joint_objective),
        m.expert_days.to_string(),
        "0".into(),
        rota.teams.len().to_string(),
        fmt2(m.joint_bound),
        fmt2(m.joint_gap * 100.0),
        String::new(),
        violations.to_string(),
    ]
}
