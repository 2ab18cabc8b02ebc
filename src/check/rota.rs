//! Independent verification of an expert-station rota against its scenario: every rule is
//! recomputed from the scenario (calendar, travel, departments, teams), so a rota edited by hand
//! is checked the same way as a planned one.

use super::Violation;
use crate::plan::rota::need;
use crate::plan::rota::previous::KeptTeam;
use crate::rota::Rota;
use crate::scenario::Scenario;
use crate::text;
use crate::travel::Travel;
use chrono::{Datelike, NaiveDate};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Every rule code the rota checker reports, each with a title in both languages.
pub const ROTA_RULES: [&str; 11] = [
    "wrong-scenario",
    "unknown-id",
    "outside-horizon",
    "expert-two-places",
    "expert-not-free",
    "wrong-specialty",
    "team-changed",
    "expert-too-far",
    "department-cap",
    "expert-days-short",
    "expert-month-limit",
];

fn violation(
    rule: &'static str,
    date: Option<NaiveDate>,
    station: &str,
    expert: &str,
    message: crate::lang::Text,
) -> Violation {
    Violation {
        rule,
        date,
        tour: None,
        vehicle: None,
        site: (!station.is_empty()).then(|| station.to_string()),
        clinician: (!expert.is_empty()).then(|| expert.to_string()),
        message,
    }
}

/// Every broken rule of `rota`, in a fixed order (by rule, then as found).
pub fn check_rota(s: &Scenario, rota: &Rota) -> Vec<Violation> {
    let mut out = Vec::new();
    let Some(x) = &s.experts else {
        out.push(violation(
            "wrong-scenario",
            None,
            "",
            "",
            text!("rota-not-expert-scenario", name = s.name.as_str()),
        ));
        return out;
    };
    if rota.scenario != s.name {
        out.push(violation(
            "wrong-scenario",
            None,
            "",
            "",
            text!(
                "check-wrong-scenario",
                planned = rota.scenario.as_str(),
                scenario = s.name.as_str()
            ),
        ));
    }
    let expert_of: HashMap<&str, usize> = x
        .experts
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    let station_of: HashMap<&str, usize> = x
        .stations
        .iter()
        .enumerate()
        .map(|(i, st)| (s.sites[st.site].id.as_str(), i))
        .collect();

    // Teams: each expert in one team; with fixed teams, the scenario's teams unchanged.
    let mut team_of: HashMap<usize, usize> = HashMap::new();
    let mut leads: BTreeSet<usize> = BTreeSet::new();
    for t in &rota.teams {
        let Some(&st) = station_of.get(t.station.as_str()) else {
            out.push(violation(
                "unknown-id",
                None,
                &t.station,
                "",
                text!("check-rota-unknown-station", station = t.station.as_str()),
            ));
            continue;
        };
        for (i, id) in std::iter::once(&t.lead).chain(&t.members).enumerate() {
            let Some(&e) = expert_of.get(id.as_str()) else {
                out.push(violation(
                    "unknown-id",
                    None,
                    &t.station,
                    id,
                    text!("check-rota-unknown-expert", expert = id.as_str()),
                ));
                continue;
            };
            if i == 0 {
                leads.insert(e);
            }
            if let Some(other) = team_of.insert(e, st) {
                out.push(violation(
                    "team-changed",
                    None,
                    &t.station,
                    id,
                    text!(
                        "check-rota-two-teams",
                        expert = id.as_str(),
                        other = s.sites[x.stations[other].site].id.as_str()
                    ),
                ));
            }
            if !x.matches(e, st) {
                out.push(violation(
                    "wrong-specialty",
                    None,
                    &t.station,
                    id,
                    text!(
                        "check-rota-wrong-specialty",
                        expert = id.as_str(),
                        specialty = x.experts[e].specialties.join(";"),
                        needs = x.stations[st].specialties.join(";")
                    ),
                ));
            }
        }
    }
    if let Some(fixed) = &x.teams {
        for t in fixed {
            let sid = &s.sites[x.stations[t.station].site].id;
            let planned = rota.teams.iter().find(|r| &r.station == sid);
            let same = planned.is_some_and(|r| {
                let mut a: Vec<&str> = r.members.iter().map(String::as_str).collect();
                let mut b: Vec<&str> = t
                    .members
                    .iter()
                    .map(|&e| x.experts[e].id.as_str())
                    .collect();
                a.sort_unstable();
                b.sort_unstable();
                r.lead == x.experts[t.lead].id && a == b
            });
            if !same {
                out.push(violation(
                    "team-changed",
                    None,
                    sid,
                    "",
                    text!("check-rota-team-changed", station = sid.as_str()),
                ));
            }
        }
    }

    let travel = Travel::build(s);
    let mut seen: BTreeMap<(usize, NaiveDate), &str> = BTreeMap::new();
    let mut away: BTreeMap<(usize, &str, NaiveDate), u32> = BTreeMap::new();
    let mut per_month: BTreeMap<(usize, usize), u32> = BTreeMap::new();
    let months = s.horizon.periods(crate::calendar::PeriodKind::Month);
    let mut far_reported: BTreeSet<(usize, usize)> = BTreeSet::new();
    for d in &rota.days {
        let (Some(&e), Some(&st)) = (
            expert_of.get(d.expert.as_str()),
            station_of.get(d.station.as_str()),
        ) else {
            out.push(violation(
                "unknown-id",
                Some(d.date),
                &d.station,
                &d.expert,
                text!(
                    "check-rota-unknown-day",
                    expert = d.expert.as_str(),
                    station = d.station.as_str()
                ),
            ));
            continue;
        };
        let Some(day) = s.horizon.day_of(d.date) else {
            out.push(violation(
                "outside-horizon",
                Some(d.date),
                &d.station,
                &d.expert,
                text!(
                    "check-outside-horizon",
                    date = d.date.to_string(),
                    start = s.horizon.start.to_string(),
                    end = s.horizon.end().to_string()
                ),
            ));
            continue;
        };
        if let Some(other) = seen.insert((e, d.date), d.station.as_str()) {
            out.push(violation(
                "expert-two-places",
                Some(d.date),
                &d.station,
                &d.expert,
                text!(
                    "check-rota-two-places",
                    expert = d.expert.as_str(),
                    other = other
                ),
            ));
        }
        if team_of.get(&e) != Some(&st) {
            out.push(violation(
                "team-changed",
                Some(d.date),
                &d.station,
                &d.expert,
                text!(
                    "check-rota-not-in-team",
                    expert = d.expert.as_str(),
                    station = d.station.as_str()
                ),
            ));
        }
        if !x.matches(e, st) && team_of.get(&e) != Some(&st) {
            out.push(violation(
                "wrong-specialty",
                Some(d.date),
                &d.station,
                &d.expert,
                text!(
                    "check-rota-wrong-specialty",
                    expert = d.expert.as_str(),
                    specialty = x.experts[e].specialties.join(";"),
                    needs = x.stations[st].specialties.join(";")
                ),
            ));
        }
        if !s.horizon.working[day] || !x.free(e, st, d.date) {
            out.push(violation(
                "expert-not-free",
                Some(d.date),
                &d.station,
                &d.expert,
                text!(
                    "check-rota-not-free",
                    expert = d.expert.as_str(),
                    weekday = d.date.weekday().to_string()
                ),
            ));
        }
        let minutes = travel.minutes(
            s.base_location(x.experts[e].hospital),
            s.site_location(x.stations[st].site),
        );
        if minutes > x.rules.max_travel_minutes + 1e-6 && far_reported.insert((e, st)) {
            out.push(violation(
                "expert-too-far",
                Some(d.date),
                &d.station,
                &d.expert,
                text!(
                    "scenario-expert-too-far",
                    expert = d.expert.as_str(),
                    station = d.station.as_str(),
                    minutes = format!("{minutes:.0}"),
                    limit = format!("{:.0}", x.rules.max_travel_minutes)
                ),
            ));
        }
        let ex = &x.experts[e];
        *away
            .entry((ex.hospital, ex.department.as_str(), d.date))
            .or_default() += 1;
        if let Some(m) = months
            .iter()
            .position(|m| m.first_day <= day && day <= m.last_day)
        {
            *per_month.entry((e, m)).or_default() += 1;
        }
    }
    for (&(h, dept, date), &n) in &away {
        let cap = x.department_cap(h, dept);
        if n > cap {
            out.push(violation(
                "department-cap",
                Some(date),
                "",
                "",
                text!(
                    "check-rota-department-cap",
                    count = n,
                    department = dept,
                    hospital = s.bases[h].name.as_str(),
                    cap = cap
                ),
            ));
        }
    }
    // Monthly days: the minimum unless the rota declares the shortfall, and the most.
    let mut experts_in_teams: Vec<(usize, usize)> = team_of.iter().map(|(&e, &s)| (e, s)).collect();
    experts_in_teams.sort_unstable();
    for (e, st) in experts_in_teams {
        let id = x.experts[e].id.as_str();
        let sid = s.sites[x.stations[st].site].id.as_str();
        for (m, month) in months.iter().enumerate() {
            let planned = per_month.get(&(e, m)).copied().unwrap_or(0);
            let need = need(x, leads.contains(&e), month.share);
            let declared = rota
                .shortfalls
                .iter()
                .any(|f| f.expert == id && f.month == month.label && f.planned == planned);
            if planned < need && !declared {
                out.push(violation(
                    "expert-days-short",
                    None,
                    sid,
                    id,
                    text!(
                        "check-rota-days-short",
                        expert = id,
                        month = month.label.as_str(),
                        planned = planned,
                        need = need
                    ),
                ));
            }
            if planned > x.rules.max_days_per_month {
                out.push(violation(
                    "expert-month-limit",
                    None,
                    sid,
                    id,
                    text!(
                        "check-rota-month-limit",
                        expert = id,
                        month = month.label.as_str(),
                        planned = planned,
                        max = x.rules.max_days_per_month
                    ),
                ));
            }
        }
    }
    out.sort_by_key(|v| ROTA_RULES.iter().position(|r| *r == v.rule));
    out
}

/// Teams of a previous rota that still bind (`plan::rota::previous::kept_teams`) and that `rota`
/// breaks up: a station without its team, another lead, a member gone (`team-changed`). Experts
/// may join a kept team.
pub fn check_kept(s: &Scenario, rota: &Rota, kept: &[KeptTeam]) -> Vec<Violation> {
    let mut out = Vec::new();
    let Some(x) = &s.experts else {
        return out;
    };
    let id = |e: usize| x.experts[e].id.as_str();
    for k in kept {
        let sid = s.sites[x.stations[k.team.station].site].id.as_str();
        let (since, until) = (k.since.to_string(), k.until().to_string());
        let Some(now) = rota.teams.iter().find(|t| t.station == sid) else {
            out.push(violation(
                "team-changed",
                None,
                sid,
                "",
                text!(
                    "check-rota-kept-team-gone",
                    station = sid,
                    since = since.as_str(),
                    until = until.as_str()
                ),
            ));
            continue;
        };
        if now.lead != id(k.team.lead) {
            out.push(violation(
                "team-changed",
                None,
                sid,
                id(k.team.lead),
                text!(
                    "check-rota-kept-lead",
                    station = sid,
                    lead = now.lead.as_str(),
                    before = id(k.team.lead),
                    since = since.as_str(),
                    until = until.as_str()
                ),
            ));
        }
        for &m in &k.team.members {
            if !now.members.iter().any(|n| n == id(m)) {
                out.push(violation(
                    "team-changed",
                    None,
                    sid,
                    id(m),
                    text!(
                        "check-rota-kept-member",
                        expert = id(m),
                        station = sid,
                        since = since.as_str(),
                        until = until.as_str()
                    ),
                ));
            }
        }
    }
    out
}
