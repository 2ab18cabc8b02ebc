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
    if !columns
        .iter()
        .any(|col| col.days.iter().any(|l| l.stops.contains(&x)))
    {
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
