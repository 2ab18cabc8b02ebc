//! Why a visit of a campaign is missed.

use super::*;

/// Why a visit of a campaign is missed: the first reason that applies.
pub(super) fn reason(cp: &Campaign, columns: &[Column], chosen: &[usize], q: usize) -> Reason {
    let (s, c) = (cp.s, cp.c);
    let dem = &c.demands[q];
    let x = dem.service;
    let site = &s.sites[c.services[x].site];
    if cp.teams.is_empty() {
        return Reason::new(
            Code::NoVehicle,
            text!("reason-campaign-no-team", base = &s.bases[c.base].id),
        );
    }
    if !cp.legs.iter().any(|l| l.stops.contains(&x)) {
        return Reason::new(
            Code::OutOfReach,
            text!(
                "reason-campaign-no-leg",
                site = &site.id,
                limit = format!("{:.0}", s.working_minutes)
            ),
        );
    }
    let open = (dem.period.first_day..=dem.period.last_day).any(|d| c.services[x].open[d]);
    if !open {
        let closed = (dem.period.first_day..=dem.period.last_day).any(|d| {
            s.closure_on(c.services[x].site, s.horizon.date(d))
                .is_some()
        });
        let code = if closed {
            Code::Closed
        } else {
            Code::OutOfSeason
        };
        return Reason::new(
            code,
            text!("reason-campaign-closed", period = &dem.period.label),
        );
    }
    let able: Vec<&TeamInfo> = cp
        .teams
        .iter()
        .filter(|t| t.legs.iter().any(|&i| cp.legs[i].stops.contains(&x)))
        .collect();
    if able.is_empty() {
        if let Some(limit) = s.clearance_above_m.filter(|&l| site.altitude_m > l) {
            return Reason::new(
                Code::AltitudeClearance,
                text!(
                    "reason-campaign-altitude",
                    altitude = format!("{:.0}", site.altitude_m),
                    limit = format!("{limit:.0}")
                ),
            );
        }
        return Reason::new(
            Code::NoQualifiedClinician,
            text!("reason-campaign-no-team-able"),
        );
    }
    let names: Vec<&str> = able.iter().map(|t| s.teams[t.team].id.as_str()).collect();
    if s.clearance_above_m.is_some_and(|l| site.altitude_m > l) {
        let cap = able
            .iter()
            .map(|t| {
                s.teams[t.team]
                    .members
                    .iter()
                    .map(|&m| s.clinicians[m].max_high_nights_per_month)
                    .min()
                    .unwrap_or(0)
            })
            .max()
            .unwrap_or(0);
        let used: usize = chosen
            .iter()
            .map(|&i| &columns[i])
            .filter(|col| able.iter().any(|t| t.team == cp.teams[col.team].team))
            .map(|col| {
                col.days
                    .iter()
                    .take(col.days.len() - 1)
                    .filter(|l| cp.high(l.to))
                    .count()
            })
            .sum();
        return Reason::new(
            Code::Capacity,
            text!(
                "reason-campaign-high-nights",
                altitude = format!("{:.0}", site.altitude_m),
                count = names.len(),
                teams = names.join(", "),
                high = format!("{:.0}", s.altitude.high_night_above_m),
                cap = cap,
                used = used
            ),
        );
    }
    if !able.iter().any(|t| in_reach(cp, t, x)) {
        return Reason::new(
            Code::OutOfReach,
            text!("reason-campaign-no-trip", days = cp.max_days),
        );
    }
    Reason::new(
        Code::Capacity,
        text!(
            "reason-campaign-capacity",
            teams = names.join(", "),
            period = &dem.period.label
        ),
    )
}

/// Whether some trip of team `t` could visit service `x`: a leg through it that a trip of at most
/// `max_days` days can reach from the base and come home from, each night's climb within the
/// altitude rules (its gain alone; the rest-night rule is left out, as in the relaxed pricing).
/// The trips the plan generated are not enough to tell: the pricing may not have looked.
fn in_reach(cp: &Campaign, t: &TeamInfo, x: usize) -> bool {
    let n = cp.ends.len();
    let climb = |a: usize, b: usize| {
        trips::ascend(
            &cp.s.altitude,
            cp.ends.altitude[a],
            cp.ends.altitude[b],
            0.0,
        )
        .is_some()
    };
    let moves: Vec<(usize, usize)> = t
        .legs
        .iter()
        .map(|&i| (cp.legs[i].from, cp.legs[i].to))
        .filter(|&(a, b)| climb(a, b))
        .collect();
    // Days from the base to sleep at each end, and from each end to be home (the base only
    // starts and ends a trip).
    let days = |forward: bool| {
        let mut d = vec![usize::MAX; n];
        d[0] = 0;
        let mut changed = true;
        while changed {
            changed = false;
            for &(a, b) in &moves {
                let (from, to) = if forward { (a, b) } else { (b, a) };
                if to == 0 || d[from] == usize::MAX {
                    continue;
                }
                if d[from] + 1 < d[to] {
                    d[to] = d[from] + 1;
                    changed = true;
                }
            }
        }
        d
    };
    let (out, home) = (days(true), days(false));
    t.legs.iter().map(|&i| &cp.legs[i]).any(|l| {
        l.stops.contains(&x)
            && climb(l.from, l.to)
            && out[l.from] != usize::MAX
            && home[l.to] != usize::MAX
            && out[l.from] + 1 + home[l.to] <= cp.max_days
    })
}

/// One test per reason a campaign gives, each on the altitude fixture changed in one way.
#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn fixture() -> Scenario {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/altitude-mini");
        crate::load_dir(&dir).expect("the fixture loads")
    }

    fn site(s: &Scenario, id: &str) -> usize {
        s.sites
            .iter()
            .position(|x| x.id == id)
            .expect("a site of the fixture")
    }

    /// The reason of site `id`'s visit with `columns` in the pool and none chosen, after `edit`.
    fn reason_of(id: &str, edit: impl Fn(&mut Scenario), pool: bool) -> Reason {
        let mut s = fixture();
        edit(&mut s);
        let model = Model::build(&s);
        let cp = Campaign::new(&model, 0, true);
        let x = site(&s, id);
        let q =
            cp.c.demands
                .iter()
                .position(|d| cp.c.services[d.service].site == x)
                .expect("the site is owed a visit");
        // Team 0's one-day trips to one village, as a pool the plan did not choose.
        let columns: Vec<Column> = if pool {
            cp.legs
                .iter()
                .enumerate()
                .filter(|(i, l)| l.from == 0 && l.to == 0 && cp.teams[0].legs.contains(i))
                .map(|(_, l)| Column {
                    team: 0,
                    start: 0,
                    days: vec![l.clone()],
                    cost: cp.cost(0, std::slice::from_ref(l)),
                })
                .collect()
        } else {
            Vec::new()
        };
        reason(&cp, &columns, &[], q)
    }

    #[test]
    fn a_base_without_teams_is_no_vehicle() {
        let r = reason_of("S01", |s| s.teams.clear(), false);
        assert_eq!(r.code, Code::NoVehicle);
        assert_eq!(r.words.id, "reason-campaign-no-team");
    }

    #[test]
    fn a_village_no_day_reaches_is_out_of_reach() {
        let r = reason_of(
            "S02",
            |s| {
                let x = site(s, "S02");
                s.sites[x].lat += 3.0;
            },
            false,
        );
        assert_eq!(r.code, Code::OutOfReach);
        assert_eq!(r.words.id, "reason-campaign-no-leg");
    }

    #[test]
    fn a_road_closed_all_horizon_is_closed() {
        let r = reason_of(
            "S01",
            |s| {
                let h = &s.horizon;
                let (first, last) = (h.date(0), h.date(h.days - 1));
                for c in s.closures.iter_mut() {
                    c.from = first;
                    c.to = last;
                }
            },
            false,
        );
        assert_eq!(r.code, Code::Closed);
    }

    #[test]
    fn a_pasture_opening_after_the_horizon_is_out_of_season() {
        let r = reason_of(
            "S08",
            |s| {
                let after = s.horizon.date(s.horizon.days) + chrono::Days::new(5);
                let x = site(s, "S08");
                s.sites[x].windows = vec![(after, after + chrono::Days::new(30))];
            },
            false,
        );
        assert_eq!(r.code, Code::OutOfSeason);
    }

    #[test]
    fn no_cleared_team_is_altitude_clearance() {
        let r = reason_of(
            "S07",
            |s| {
                s.clinicians
                    .iter_mut()
                    .for_each(|c| c.altitude_cleared = false)
            },
            false,
        );
        assert_eq!(r.code, Code::AltitudeClearance);
        assert_eq!(r.words.id, "reason-campaign-altitude");
    }

    #[test]
    fn a_specialty_no_team_has_is_no_qualified_clinician() {
        let r = reason_of(
            "S01",
            |s| {
                let x = site(s, "S01");
                s.requirements
                    .iter_mut()
                    .filter(|r| r.site == x)
                    .for_each(|r| r.specialty = Some("cardiology".into()));
            },
            false,
        );
        assert_eq!(r.code, Code::NoQualifiedClinician);
    }

    #[test]
    fn a_high_village_left_out_names_the_cleared_teams_and_their_nights() {
        let r = reason_of("S07", |_| {}, true);
        assert_eq!(r.code, Code::Capacity);
        assert_eq!(r.words.id, "reason-campaign-high-nights");
        assert!(
            r.words
                .render(crate::lang::Lang::En)
                .contains("only team A qualifies"),
            "{}",
            r.words.render(crate::lang::Lang::En)
        );
    }

    #[test]
    fn a_village_only_longer_trips_reach_is_out_of_reach() {
        let s = fixture();
        let model = Model::build(&s);
        let mut cp = Campaign::new(&model, 0, true);
        // A low village (those above the clearance line have a reason of their own) that no
        // team may visit on a day's drive from the base and back, but from a lodging.
        let high = |x: usize| {
            let site = &s.sites[cp.c.services[x].site];
            s.clearance_above_m.is_some_and(|l| site.altitude_m > l)
        };
        let q =
            cp.c.demands
                .iter()
                .position(|d| {
                    !high(d.service)
                        && cp
                            .legs
                            .iter()
                            .any(|l| l.from != 0 && l.to != 0 && l.stops.contains(&d.service))
                })
                .expect("a low village a lodging's day reaches");
        let x = cp.c.demands[q].service;
        let legs = cp.legs.clone();
        for t in &mut cp.teams {
            t.legs
                .retain(|&i| !(legs[i].from == 0 && legs[i].to == 0 && legs[i].stops.contains(&x)));
        }
        let longest = cp.max_days;
        cp.max_days = 1;
        let r = reason(&cp, &[], &[], q);
        assert_eq!(r.code, Code::OutOfReach);
        assert_eq!(r.words.id, "reason-campaign-no-trip");
        // With the trips of the campaign's length, it is in reach: the pool not visiting it says
        // the teams had no room.
        cp.max_days = longest;
        assert_eq!(reason(&cp, &[], &[], q).code, Code::Capacity);
    }

    #[test]
    fn a_village_in_reach_that_no_trip_of_the_pool_visits_is_capacity() {
        // Reachable, though the pricing made no trip to it: the teams had no room for it.
        let r = reason_of("S01", |_| {}, false);
        assert_eq!(r.code, Code::Capacity);
        assert_eq!(r.words.id, "reason-campaign-capacity");
    }

    #[test]
    fn a_village_a_trip_of_the_pool_reaches_is_capacity() {
        let r = reason_of("S01", |_| {}, true);
        assert_eq!(r.code, Code::Capacity);
        assert_eq!(r.words.id, "reason-campaign-capacity");
    }
}
