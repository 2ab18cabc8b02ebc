//! What one expert's days at one station cost when the expert is planned alone, without their
//! department's cap: the day program of one expert, solved exactly in closed form. The team
//! programs price a pair (expert, station) by it, and the joint bound rests on it, since any rota
//! pays at least this much for each expert it puts in a team.
//!
//! For a regular pattern p, a month owing `need` days costs the `need` cheapest of its free days,
//! a day on p costing the round trip, a day off p the round trip and `irregular_day_cost`, each
//! day clipped at the shortfall penalty (a day not planned) — and the days beyond the free ones
//! the penalty. The expert's cost is the cheapest pattern's. A day's surcharge (`extra`) adds a
//! price on the department's days, for bounds that price the cap.

use super::{need, pattern_of};
use crate::calendar::Period;
use crate::scenario::experts::{ExpertProgramme, StationTeam};
use crate::scenario::Scenario;
use std::collections::BTreeMap;

/// One expert at one station in one role: their free days and the price of a day.
pub struct Alone<'a> {
    pub s: &'a Scenario,
    pub x: &'a ExpertProgramme,
    pub months: &'a [Period],
    /// Free horizon days, ascending.
    pub days: &'a [usize],
    /// `2 × one-way minutes × travel_minute_cost`.
    pub day_cost: f64,
    pub lead: bool,
}

impl Alone<'_> {
    /// The least cost of the expert's days, and the days of one cheapest plan; `extra(d)` is
    /// added to the price of day d (0 for the plain cost).
    pub fn cheapest(&self, extra: &dyn Fn(usize) -> f64) -> (f64, Vec<usize>) {
        let r = &self.x.rules;
        let penalty = r.unmet_day_penalty;
        let needs: Vec<u32> = self
            .months
            .iter()
            .map(|m| need(self.x, self.lead, m.share))
            .collect();
        let mut patterns: BTreeMap<(u32, u32), ()> = BTreeMap::new();
        for &d in self.days {
            patterns.insert(pattern_of(self.s, self.x, d), ());
        }
        if patterns.is_empty() {
            let cost = needs.iter().map(|&n| n as f64 * penalty).sum();
            return (cost, vec![]);
        }
        let mut best: Option<(f64, Vec<usize>)> = None;
        for p in patterns.keys() {
            let mut cost = 0.0;
            let mut chosen = Vec::new();
            for (m, &n) in self.months.iter().zip(&needs) {
                let mut priced: Vec<(f64, usize)> = self
                    .days
                    .iter()
                    .filter(|&&d| m.first_day <= d && d <= m.last_day)
                    .map(|&d| {
                        let off = if pattern_of(self.s, self.x, d) == *p {
                            0.0
                        } else {
                            r.irregular_day_cost
                        };
                        (self.day_cost + off + extra(d), d)
                    })
                    .collect();
                priced.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
                let n = (n as usize).min(r.max_days_per_month as usize);
                for k in 0..n {
                    match priced.get(k) {
                        Some(&(c, d)) if c < penalty => {
                            cost += c;
                            chosen.push(d);
                        }
                        _ => cost += penalty,
                    }
                }
                // A need above the monthly most is refused when read; were it not, the days
                // beyond the most could only be short.
                cost += need_above_most(self.x, n, self.lead, m.share) * penalty;
            }
            if best.as_ref().is_none_or(|(b, _)| cost < *b) {
                chosen.sort_unstable();
                best = Some((cost, chosen));
            }
        }
        best.expect("at least one pattern")
    }
}

/// What any days of this expert lose when the department takes some of them away: per month,
/// the fewest days a cheapest plan of any pattern has (`k(m)`), and the dearest day such a plan
/// may have (`δ`, below the shortfall penalty). Each of the k(m) days not given costs at least
/// `penalty − δ` more than the cheapest plan (see `assign.rs`).
pub struct Delivered {
    pub days: Vec<u32>,
    pub dearest_day: f64,
}

impl Alone<'_> {
    pub fn delivered(&self) -> Delivered {
        let r = &self.x.rules;
        let penalty = r.unmet_day_penalty;
        let off = self.day_cost + r.irregular_day_cost;
        let mut patterns: BTreeMap<(u32, u32), ()> = BTreeMap::new();
        for &d in self.days {
            patterns.insert(pattern_of(self.s, self.x, d), ());
        }
        let days = self
            .months
            .iter()
            .map(|m| {
                let owed = need(self.x, self.lead, m.share).min(r.max_days_per_month);
                let in_month: Vec<usize> = self
                    .days
                    .iter()
                    .copied()
                    .filter(|&d| m.first_day <= d && d <= m.last_day)
                    .collect();
                // Days a cheapest plan with pattern p takes: those priced below the penalty.
                let worth = |p: &(u32, u32)| {
                    in_month
                        .iter()
                        .filter(|&&d| {
                            let price = if pattern_of(self.s, self.x, d) == *p {
                                self.day_cost
                            } else {
                                off
                            };
                            price < penalty
                        })
                        .count() as u32
                };
                patterns
                    .keys()
                    .map(|p| owed.min(worth(p)))
                    .min()
                    .unwrap_or(0)
            })
            .collect();
        let dearest_day = if off < penalty { off } else { self.day_cost };
        Delivered { days, dearest_day }
    }
}

/// Days owed above the monthly most (0 for any scenario that reads).
fn need_above_most(x: &ExpertProgramme, taken: usize, lead: bool, share: f64) -> f64 {
    need(x, lead, share).saturating_sub(taken as u32) as f64
}

/// What a rota's teams pay for what they lack, priced as the team programs price it: a station
/// without a lead, and each specialty no expert of its team brings, a month of a lead's days at
/// the shortfall penalty; each expert below `team_size`, a month of a member's days.
pub fn team_penalty(x: &ExpertProgramme, months: &[Period], teams: &[StationTeam]) -> f64 {
    let (miss_lead, miss_member) = miss_prices(x, months);
    let mut total = 0.0;
    for (st, station) in x.stations.iter().enumerate() {
        let team = teams.iter().find(|t| t.station == st);
        let size = team.map_or(0, |t| 1 + t.members.len()) as u32;
        if team.is_none() {
            total += miss_lead;
        }
        total += miss_member * x.rules.team_size.saturating_sub(size) as f64;
        for sp in &station.specialties {
            if !team.is_some_and(|t| t.experts().any(|e| x.has_specialty(e, sp))) {
                total += miss_lead;
            }
        }
    }
    total
}

/// The price of a missing lead (or specialty) and of a missing member.
pub fn miss_prices(x: &ExpertProgramme, months: &[Period]) -> (f64, f64) {
    let r = &x.rules;
    let shares: f64 = months.iter().map(|m| m.share).sum();
    (
        r.unmet_day_penalty * r.lead_days_per_month as f64 * shares,
        r.unmet_day_penalty * r.member_days_per_month as f64 * shares,
    )
}
