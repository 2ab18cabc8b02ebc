//! Why a team sits idle: for every team-day of the plan without a trip, the first reason that
//! applies (the team's availability, its members' rest rule, then what is left to visit and why
//! the team cannot go there), merged into runs of days with the same words; and every vehicle of
//! the base without a team, idle all horizon.

use super::*;
use crate::plan::reason::{IdleCode, IdleReason};
use crate::plan::IdleRun;

/// Most village ids named in one reason; the rest are counted.
const NAMED: usize = 4;

/// The idle runs of component `ci` under the timed master `cp`, given the chosen trips and the
/// shortfall `u` of each demand.
pub(super) fn idle_runs(
    cp: &Campaign,
    ci: usize,
    columns: &[Column],
    chosen: &[usize],
    u: &[f64],
) -> Vec<IdleRun> {
    let s = cp.s;
    let days = s.horizon.days;
    let mut out = Vec::new();
    for (v, vehicle) in s.vehicles.iter().enumerate() {
        if vehicle.base == cp.c.base && !cp.teams.iter().any(|t| t.vehicle == v) && days > 0 {
            out.push(IdleRun {
                component: ci,
                vehicle: v,
                team: None,
                first_day: 0,
                last_day: days - 1,
                reason: IdleReason {
                    code: IdleCode::NoTeam,
                    words: text!("idle-no-team", vehicle = &vehicle.id),
                },
            });
        }
    }
    // Villages some day's drive reaches at all; the others are out of every team's reach and
    // say so among the missed visits, not here.
    let reachable: Vec<bool> = (0..cp.c.services.len())
        .map(|x| cp.legs.iter().any(|l| l.stops.contains(&x)))
        .collect();
    for (ti, t) in cp.teams.iter().enumerate() {
        let mine: Vec<&Column> = chosen
            .iter()
            .map(|&i| &columns[i])
            .filter(|col| col.team == ti)
            .collect();
        let mut busy = vec![false; days];
        // High nights per month, by the day the night follows.
        let mut high: HashMap<(i32, u32), u32> = HashMap::default();
        for col in &mine {
            for (k, leg) in col.days.iter().enumerate() {
                busy[col.start + k] = true;
                if k + 1 < col.days.len() && cp.high(leg.to) {
                    *high.entry(s.horizon.month_key(col.start + k)).or_default() += 1;
                }
            }
        }
        let team = Team {
            cp,
            t,
            busy: &busy,
            high: &high,
            reachable: &reachable,
            u,
        };
        let mut run: Option<(usize, IdleReason)> = None;
        for d in 0..=days {
            let why = busy.get(d).filter(|&&b| !b).map(|_| team.reason(d));
            match (&run, why) {
                (Some((_, r)), Some(w)) if *r == w => {}
                (_, why) => {
                    if let Some((first, reason)) = run.take() {
                        out.push(IdleRun {
                            component: ci,
                            vehicle: t.vehicle,
                            team: Some(t.team),
                            first_day: first,
                            last_day: d - 1,
                            reason,
                        });
                    }
                    run = why.map(|w| (d, w));
                }
            }
        }
    }
    out
}

/// One team's plan, to say why it is idle on a day.
struct Team<'a> {
    cp: &'a Campaign<'a>,
    t: &'a TeamInfo,
    busy: &'a [bool],
    high: &'a HashMap<(i32, u32), u32>,
    reachable: &'a [bool],
    u: &'a [f64],
}

impl Team<'_> {
    fn reason(&self, d: usize) -> IdleReason {
        let (cp, t) = (self.cp, self.t);
        let s = cp.s;
        let h = &s.horizon;
        let team = &s.teams[t.team];
        let id = team.id.as_str();
        let why = |code, words| IdleReason { code, words };
        if !h.working[d] {
            return why(IdleCode::DayOff, text!("idle-day-off", team = id));
        }
        if !s.vehicle_available(t.vehicle, d) {
            return why(
                IdleCode::Maintenance,
                text!("idle-maintenance", vehicle = &s.vehicles[t.vehicle].id),
            );
        }
        let away: Vec<&str> = team
            .members
            .iter()
            .filter(|&&m| !s.clinician_available(m, d))
            .map(|&m| s.clinicians[m].id.as_str())
            .collect();
        if !away.is_empty() {
            return why(
                IdleCode::OnLeave,
                text!(
                    "idle-on-leave",
                    count = away.len(),
                    clinicians = away.join(", ")
                ),
            );
        }
        if let Some(words) = self.rest_rule(d) {
            return why(IdleCode::RestRule, words);
        }
        // What is still owed on day d, within some team's reach.
        let owed: Vec<usize> =
            cp.c.demands
                .iter()
                .zip(self.u)
                .filter(|(dem, &short)| {
                    short >= 0.5
                        && self.reachable[dem.service]
                        && dem.period.first_day <= d
                        && d <= dem.period.last_day
                })
                .map(|(dem, _)| dem.service)
                .collect();
        if owed.is_empty() {
            return why(IdleCode::AllServed, text!("idle-all-served", team = id));
        }
        let open: Vec<usize> = owed
            .iter()
            .copied()
            .filter(|&x| cp.c.services[x].open[d])
            .collect();
        if open.is_empty() {
            return why(
                IdleCode::OutOfSeason,
                self.sites("idle-out-of-season", &owed),
            );
        }
        let serves = |x: usize| t.legs.iter().any(|&i| cp.legs[i].stops.contains(&x));
        let able: Vec<usize> = open.iter().copied().filter(|&x| serves(x)).collect();
        if able.is_empty() {
            let above = |x: usize| s.needs_clearance(cp.c.services[x].site);
            if !t.cleared && open.iter().any(|&x| above(x)) {
                let uncleared: Vec<&str> = team
                    .members
                    .iter()
                    .filter(|&&m| !s.clinicians[m].altitude_cleared)
                    .map(|&m| s.clinicians[m].id.as_str())
                    .collect();
                return why(
                    IdleCode::Clearance,
                    self.sites("idle-clearance", &open)
                        .arg(
                            "limit",
                            format!("{:.0}", s.clearance_above_m.unwrap_or_default()),
                        )
                        .arg("clinicians", uncleared.join(", ")),
                );
            }
            return why(
                IdleCode::OutOfReach,
                self.sites("idle-out-of-reach", &open)
                    .arg("vehicle", &s.vehicles[t.vehicle].id)
                    .arg(
                        "limit",
                        format!("{:.0}", s.vehicles[t.vehicle].max_drive_minutes),
                    ),
            );
        }
        // Villages a trip reaches without a night above the line: a day's drive between two
        // places to sleep that are both below it.
        let low = |x: usize| {
            t.legs.iter().any(|&i| {
                let l = &cp.legs[i];
                l.stops.contains(&x) && !cp.high(l.from) && !cp.high(l.to)
            })
        };
        let cap = t.high_row[d].map(|r| cp.rows[r].rhs.round() as u32);
        let used = self.high.get(&s.horizon.month_key(d)).copied().unwrap_or(0);
        if let Some(cap) = cap.filter(|&c| used >= c) {
            if !able.iter().any(|&x| low(x)) {
                return why(
                    IdleCode::HighNightCap,
                    self.sites("idle-high-night-cap", &able)
                        .arg("used", used)
                        .arg("cap", cap)
                        .arg("high", format!("{:.0}", s.altitude.high_night_above_m)),
                );
            }
        }
        why(IdleCode::NoTripFits, self.sites("idle-no-trip-fits", &able))
    }

    /// The words of `id` naming the team and the villages `services` (the first few by id).
    fn sites(&self, id: &str, services: &[usize]) -> crate::lang::Text {
        let s = self.cp.s;
        let mut ids: Vec<&str> = services
            .iter()
            .map(|&x| s.sites[self.cp.c.services[x].site].id.as_str())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let count = ids.len();
        let mut named = ids[..count.min(NAMED)].join(", ");
        if count > NAMED {
            named.push_str(", …");
        }
        crate::lang::Text::new(id)
            .arg("team", &s.teams[self.t.team].id)
            .arg("count", count)
            .arg("sites", named)
    }

    /// The rest rule, if working day d would break it: days in a row, in the ISO week or in the
    /// month, within the least limit of the team's members (as the checker counts them).
    fn rest_rule(&self, d: usize) -> Option<crate::lang::Text> {
        let s = self.cp.s;
        let h = &s.horizon;
        let members: Vec<&crate::scenario::Clinician> = s.teams[self.t.team]
            .members
            .iter()
            .map(|&m| &s.clinicians[m])
            .collect();
        let least = |f: fn(&crate::scenario::Clinician) -> u32| {
            members.iter().map(|m| f(m)).min().unwrap_or(u32::MAX)
        };
        let before = (0..d).rev().take_while(|&e| self.busy[e]).count();
        let after = (d + 1..h.days).take_while(|&e| self.busy[e]).count();
        let in_a_row = before + 1 + after;
        let most = least(|m| m.max_consecutive_days);
        if in_a_row as u32 > most {
            return Some(text!(
                "idle-rest-in-a-row",
                team = &s.teams[self.t.team].id,
                days = in_a_row,
                most = most
            ));
        }
        for (key, most, id) in [
            (
                crate::calendar::Horizon::week_key
                    as fn(&crate::calendar::Horizon, usize) -> (i32, u32),
                least(|m| m.max_days_per_week),
                "idle-rest-week",
            ),
            (
                crate::calendar::Horizon::month_key,
                least(|m| m.max_days_per_month),
                "idle-rest-month",
            ),
        ] {
            let worked = (0..h.days)
                .filter(|&e| self.busy[e] && key(h, e) == key(h, d))
                .count();
            if worked as u32 >= most {
                return Some(
                    crate::lang::Text::new(id)
                        .arg("team", &s.teams[self.t.team].id)
                        .arg("days", worked)
                        .arg("most", most),
                );
            }
        }
        None
    }
}

/// One test per idle code, each on the altitude fixture changed in one way and a plan made by
/// hand (none, or a few one-day trips), with the visits still owed given as the shortfall.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::campaign::dive::shortfall;
    use std::path::Path;

    fn fixture() -> Scenario {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/altitude-mini");
        crate::load_dir(&dir).expect("the fixture loads")
    }

    /// The idle runs of the fixture (after `edit`) with team `plan`'s one-day trips on the given
    /// days, when only the villages `owed` are still owed (all that the plan misses if `None`).
    fn idle(
        edit: impl Fn(&mut Scenario),
        plan: &[(usize, usize)],
        owed: Option<&[&str]>,
    ) -> Vec<IdleRun> {
        let mut s = fixture();
        edit(&mut s);
        let model = Model::build(&s);
        let cp = Campaign::new(&model, 0, true);
        let columns: Vec<Column> = plan
            .iter()
            .map(|&(team, day)| {
                let leg = cp
                    .legs
                    .iter()
                    .enumerate()
                    .find(|&(i, l)| {
                        l.from == 0
                            && l.to == 0
                            && !l.stops.is_empty()
                            && cp.teams[team].legs.contains(&i)
                    })
                    .map(|(_, l)| l.clone())
                    .expect("a one-day trip");
                let col = Column {
                    team,
                    start: 0,
                    days: vec![leg],
                    cost: 0.0,
                };
                cp.place(&col, team, day).expect("the trip runs that day")
            })
            .collect();
        let chosen: Vec<usize> = (0..columns.len()).collect();
        let u: Vec<f64> = match owed {
            None => shortfall(&cp, &columns, &chosen),
            Some(ids) => {
                cp.c.demands
                    .iter()
                    .map(|d| {
                        let id = &s.sites[cp.c.services[d.service].site].id;
                        if ids.contains(&id.as_str()) {
                            1.0
                        } else {
                            0.0
                        }
                    })
                    .collect()
            }
        };
        idle_runs(&cp, 0, &columns, &chosen, &u)
    }

    /// The code of team `team`'s idle day `day` (team index of the fixture: 0 is A, 1 is B).
    fn code_on(runs: &[IdleRun], team: usize, day: usize) -> IdleCode {
        runs.iter()
            .find(|r| r.team == Some(team) && r.first_day <= day && day <= r.last_day)
            .map(|r| r.reason.code)
            .unwrap_or_else(|| panic!("team {team} is not idle on day {day}: {runs:?}"))
    }

    #[test]
    fn runs_cover_every_day_without_a_trip_once() {
        let runs = idle(|_| {}, &[(0, 2), (0, 3), (1, 5)], None);
        for (team, busy) in [(0usize, vec![2usize, 3]), (1, vec![5])] {
            let mut days: Vec<usize> = runs
                .iter()
                .filter(|r| r.team == Some(team))
                .flat_map(|r| r.first_day..=r.last_day)
                .collect();
            days.sort_unstable();
            let free: Vec<usize> = (0..14).filter(|d| !busy.contains(d)).collect();
            assert_eq!(days, free, "team {team}");
        }
        // Adjacent days with the same words make one run.
        assert!(runs.iter().any(|r| r.last_day > r.first_day), "{runs:?}");
    }

    #[test]
    fn a_vehicle_without_a_team_is_no_team() {
        let runs = idle(
            |s| {
                let mut v = s.vehicles[0].clone();
                v.id = "VC".into();
                s.vehicles.push(v);
            },
            &[],
            None,
        );
        let r = runs
            .iter()
            .find(|r| r.team.is_none())
            .expect("the spare vehicle");
        assert_eq!(
            (r.reason.code, r.first_day, r.last_day),
            (IdleCode::NoTeam, 0, 13)
        );
    }

    #[test]
    fn a_holiday_is_day_off() {
        let runs = idle(|s| s.horizon.working[6] = false, &[], None);
        assert_eq!(code_on(&runs, 0, 6), IdleCode::DayOff);
    }

    #[test]
    fn maintenance_days_are_maintenance() {
        let runs = idle(
            |s| {
                let d = s.horizon.date(4);
                s.vehicles[0].unavailable.push((d, d));
            },
            &[],
            None,
        );
        assert_eq!(code_on(&runs, 0, 4), IdleCode::Maintenance);
        assert_ne!(code_on(&runs, 0, 5), IdleCode::Maintenance);
    }

    #[test]
    fn a_member_on_leave_is_on_leave() {
        // 王芳 (C04) of team B is on training on 06-19 and 06-20 (days 12 and 13).
        let runs = idle(|_| {}, &[], None);
        assert_eq!(code_on(&runs, 1, 12), IdleCode::OnLeave);
        let r = runs
            .iter()
            .find(|r| r.team == Some(1) && r.first_day == 12)
            .unwrap();
        assert_eq!(r.last_day, 13);
        assert!(r.reason.words.render(crate::lang::Lang::En).contains("C04"));
    }

    #[test]
    fn a_day_that_would_make_too_many_in_a_row_is_the_rest_rule() {
        let runs = idle(
            |s| {
                for c in &mut s.clinicians[0..2] {
                    c.max_consecutive_days = 2;
                }
            },
            &[(0, 0), (0, 1), (0, 3)],
            None,
        );
        assert_eq!(code_on(&runs, 0, 2), IdleCode::RestRule);
        // Day 4 follows one day of work: the rule allows it.
        assert_ne!(code_on(&runs, 0, 4), IdleCode::RestRule);
    }

    #[test]
    fn a_week_worked_to_its_limit_is_the_rest_rule() {
        let runs = idle(
            |s| {
                for c in &mut s.clinicians[0..2] {
                    c.max_days_per_week = 2;
                }
            },
            &[(0, 0), (0, 2)],
            None,
        );
        assert_eq!(code_on(&runs, 0, 4), IdleCode::RestRule);
        // The next ISO week starts on day 7.
        assert_ne!(code_on(&runs, 0, 8), IdleCode::RestRule);
    }

    #[test]
    fn nothing_left_to_visit_is_all_served() {
        let runs = idle(|_| {}, &[], Some(&[]));
        assert_eq!(code_on(&runs, 0, 0), IdleCode::AllServed);
        assert_eq!(code_on(&runs, 1, 0), IdleCode::AllServed);
    }

    #[test]
    fn a_pasture_before_its_season_is_out_of_season() {
        // 宗嘎夏季牧场 (S08) opens on 06-11, day 4.
        let runs = idle(|_| {}, &[], Some(&["S08"]));
        assert_eq!(code_on(&runs, 0, 0), IdleCode::OutOfSeason);
        assert_ne!(code_on(&runs, 0, 5), IdleCode::OutOfSeason);
    }

    #[test]
    fn a_team_not_cleared_for_what_is_left_is_clearance() {
        // Team B's 王芳 is not cleared; 贡当村 (S07) lies at 4,650 m, above the 4,000-m line.
        let runs = idle(|_| {}, &[], Some(&["S07"]));
        assert_eq!(code_on(&runs, 1, 0), IdleCode::Clearance);
        assert_ne!(code_on(&runs, 0, 0), IdleCode::Clearance);
    }

    #[test]
    fn a_vehicle_that_cannot_drive_there_is_out_of_reach() {
        // Team B's vehicle drives at most an hour a day; 曲当村 (S04) lies further.
        let runs = idle(
            |s| s.vehicles[1].max_drive_minutes = 60.0,
            &[],
            Some(&["S04"]),
        );
        assert_eq!(code_on(&runs, 1, 0), IdleCode::OutOfReach);
        assert_eq!(code_on(&runs, 0, 0), IdleCode::NoTripFits);
    }

    #[test]
    fn high_nights_used_up_for_villages_only_a_high_night_reaches_is_the_cap() {
        // Nights above 4,000 m count (L03 at 4,250 m and L04 at 4,700 m); team A may sleep there
        // no night this month. Villages no day reaches from and to a lower place need one.
        let edit = |s: &mut Scenario| {
            s.altitude.high_night_above_m = 4000.0;
            for c in &mut s.clinicians[0..2] {
                c.max_high_nights_per_month = 0;
            }
        };
        let mut s = fixture();
        edit(&mut s);
        let model = Model::build(&s);
        let cp = Campaign::new(&model, 0, true);
        let t = &cp.teams[0];
        let needs_high: Vec<&str> = (0..cp.c.services.len())
            .filter(|&x| {
                let reach = |low: bool| {
                    t.legs.iter().any(|&i| {
                        let l = &cp.legs[i];
                        l.stops.contains(&x) && (!low || (!cp.high(l.from) && !cp.high(l.to)))
                    })
                };
                reach(false) && !reach(true) && cp.c.services[x].open[5]
            })
            .map(|x| s.sites[cp.c.services[x].site].id.as_str())
            .collect();
        assert!(!needs_high.is_empty(), "some village needs a high night");
        let runs = idle(edit, &[], Some(&needs_high));
        assert_eq!(code_on(&runs, 0, 5), IdleCode::HighNightCap);
    }

    #[test]
    fn villages_in_reach_left_out_are_no_trip_fits() {
        let runs = idle(|_| {}, &[], Some(&["S01", "S02"]));
        assert_eq!(code_on(&runs, 0, 0), IdleCode::NoTripFits);
        let r = runs.iter().find(|r| r.team == Some(0)).unwrap();
        assert!(
            r.reason
                .words
                .render(crate::lang::Lang::En)
                .contains("S01, S02"),
            "{}",
            r.reason.words.render(crate::lang::Lang::En)
        );
    }
}
