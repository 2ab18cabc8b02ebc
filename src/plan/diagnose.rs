//! Why a demand was left short: the first reason that explains it, from the most basic (no tour can
//! reach the site) to the plain lack of capacity.

use super::reason::{Reason, ReasonCode as Code};
use super::{Run, Shortfall};
use crate::model::Component;
use crate::scenario::Scenario;
use crate::text;
use crate::tours::{Limits, Tour};
use crate::travel::Travel;

/// The demands of component `ci` that the runs leave short, each with its reason. A visit counts
/// as the checker counts it: a run of the component that stops at the service on a day of the
/// demand's period. (The MIP's shortfall columns are not read: an incumbent stopped by a time limit
/// may leave them above what its tours miss, and would list visits that are made.)
pub fn shortfalls(
    s: &Scenario,
    c: &Component,
    ci: usize,
    travel: &Travel,
    limits: &Limits,
    pool: &[Tour],
    runs: &[Run],
) -> Vec<Shortfall> {
    let mut out = Vec::new();
    for (q, missing) in missing_visits(c, ci, runs).into_iter().enumerate() {
        if missing == 0 {
            continue;
        }
        out.push(Shortfall {
            component: ci,
            demand: q,
            missing,
            reason: reason(s, c, travel, limits, pool, runs, q),
        });
    }
    out
}

/// Per demand of component `ci`: visits required less those the runs make in its period.
pub fn missing_visits(c: &Component, ci: usize, runs: &[Run]) -> Vec<u32> {
    c.demands
        .iter()
        .map(|dem| {
            let done = runs
                .iter()
                .filter(|r| {
                    r.component == ci
                        && (dem.period.first_day..=dem.period.last_day).contains(&r.day)
                })
                .map(|r| r.tour.stops.iter().filter(|&&x| x == dem.service).count() as u32)
                .sum::<u32>();
            dem.required.saturating_sub(done)
        })
        .collect()
}

fn reason(
    s: &Scenario,
    c: &Component,
    travel: &Travel,
    limits: &Limits,
    pool: &[Tour],
    runs: &[Run],
    q: usize,
) -> Reason {
    let dem = &c.demands[q];
    let svc = &c.services[dem.service];
    let base = &s.bases[c.base];
    let days: Vec<usize> = (dem.period.first_day..=dem.period.last_day)
        .filter(|&d| s.horizon.working[d])
        .collect();
    if c.vehicles.is_empty() {
        return Reason::new(Code::NoVehicle, text!("reason-no-vehicle", base = &base.id));
    }
    if svc.service_minutes > limits.working_minutes {
        return Reason::new(
            Code::OutOfReach,
            text!(
                "reason-visit-too-long",
                service = format!("{:.0}", svc.service_minutes),
                limit = format!("{:.0}", limits.working_minutes)
            ),
        );
    }
    let there = travel.minutes(c.base_location, svc.location);
    let back = travel.minutes(svc.location, c.base_location);
    if there + back > limits.max_drive_minutes + 1e-6 {
        return Reason::new(
            Code::OutOfReach,
            text!(
                "reason-drive-too-long",
                base = &base.id,
                drive = format!("{:.0}", there + back),
                limit = format!("{:.0}", limits.max_drive_minutes)
            ),
        );
    }
    if there + back + svc.service_minutes > limits.working_minutes + 1e-6 {
        return Reason::new(
            Code::OutOfReach,
            text!(
                "reason-day-too-long",
                base = &base.id,
                drive = format!("{:.0}", there + back),
                service = format!("{:.0}", svc.service_minutes),
                limit = format!("{:.0}", limits.working_minutes)
            ),
        );
    }
    if let Some(k) = &svc.specialty {
        if !c
            .clinicians
            .iter()
            .any(|&cl| s.clinicians[cl].specialties.contains(k))
        {
            return Reason::new(
                Code::NoQualifiedClinician,
                text!("reason-no-specialist", specialty = k, base = &base.id),
            );
        }
    }
    // Every crew role needs enough clinicians of the base who can fill it (a misspelt role, or a
    // base without clinicians, has none).
    for (role, n) in s.crew.iter().filter(|(_, n)| *n > 0) {
        let can = c
            .clinicians
            .iter()
            .filter(|&&cl| crate::scenario::fills_role(role, &s.clinicians[cl].role))
            .count() as u32;
        if can < *n {
            return Reason::new(
                Code::NoQualifiedClinician,
                text!(
                    "reason-no-role",
                    count = *n,
                    role = role,
                    base = &base.id,
                    have = can
                ),
            );
        }
    }
    if svc.load_kg > limits.max_load_kg + 1e-9 {
        return Reason::new(
            Code::TooHeavy,
            text!(
                "reason-too-heavy",
                load = format!("{:.0}", svc.load_kg),
                base = &base.id,
                max = format!("{:.0}", limits.max_load_kg)
            ),
        );
    }
    if s.needs_clearance(svc.site) {
        let cleared = |fits: &dyn Fn(&crate::scenario::Clinician) -> bool| {
            c.clinicians
                .iter()
                .filter(|&&cl| s.clinicians[cl].altitude_cleared && fits(&s.clinicians[cl]))
                .count() as u32
        };
        let limit = s.clearance_above_m.unwrap_or(0.0);
        for (role, n) in s.crew.iter().filter(|(_, n)| *n > 0) {
            let have = cleared(&|cl| crate::scenario::fills_role(role, &cl.role));
            if have < *n {
                return Reason::new(
                    Code::AltitudeClearance,
                    text!(
                        "reason-altitude-role",
                        altitude = format!("{:.0}", s.sites[svc.site].altitude_m),
                        limit = format!("{limit:.0}"),
                        base = &base.id,
                        have = have,
                        role = role,
                        count = *n
                    ),
                );
            }
        }
        if let Some(k) = &svc.specialty {
            if cleared(&|cl| cl.specialties.contains(k)) == 0 {
                return Reason::new(
                    Code::AltitudeClearance,
                    text!(
                        "reason-altitude-specialist",
                        altitude = format!("{:.0}", s.sites[svc.site].altitude_m),
                        limit = format!("{limit:.0}"),
                        base = &base.id,
                        specialty = k
                    ),
                );
            }
            // The specialist is one more person than the crew's roles.
            let people: u32 = s.crew.iter().map(|(_, n)| n).sum::<u32>() + 1;
            let have = cleared(&|_| true);
            if have < people {
                return Reason::new(
                    Code::AltitudeClearance,
                    text!(
                        "reason-altitude-crew",
                        altitude = format!("{:.0}", s.sites[svc.site].altitude_m),
                        limit = format!("{limit:.0}"),
                        specialty = k,
                        people = people,
                        base = &base.id,
                        have = have
                    ),
                );
            }
        }
    }
    if !pool.iter().any(|t| t.stops.contains(&dem.service)) {
        return Reason::new(
            Code::OutOfReach,
            text!("reason-no-tour", base = &base.id, seats = limits.seats),
        );
    }
    let open: Vec<usize> = days.iter().copied().filter(|&d| svc.open[d]).collect();
    if open.is_empty() {
        let closed = days
            .iter()
            .find_map(|&d| s.closure_on(svc.site, s.horizon.date(d)));
        return match closed {
            Some(cl) => Reason::new(
                Code::Closed,
                text!(
                    "reason-closed",
                    reason = &cl.reason,
                    period = &dem.period.label
                ),
            ),
            None => Reason::new(
                Code::OutOfSeason,
                text!("reason-out-of-season", period = &dem.period.label),
            ),
        };
    }
    if (open.len() as u32) < dem.required {
        return Reason::new(
            Code::TooFewDays,
            text!(
                "reason-too-few-days",
                open = open.len(),
                period = &dem.period.label,
                required = dem.required
            ),
        );
    }
    if let Some(k) = &svc.specialty {
        let avail = open
            .iter()
            .filter(|&&d| {
                c.clinicians.iter().any(|&cl| {
                    s.clinicians[cl].specialties.contains(k) && s.clinician_available(cl, d)
                })
            })
            .count();
        if (avail as u32) < dem.required {
            return Reason::new(
                Code::AllOnLeave,
                text!(
                    "reason-specialists-on-leave",
                    specialty = k,
                    base = &base.id,
                    available = avail,
                    period = &dem.period.label
                ),
            );
        }
    }
    // A whole crew (each role's count, and the specialist) available on at least the days owed.
    let staffed = open
        .iter()
        .filter(|&&d| {
            let here: Vec<usize> = c
                .clinicians
                .iter()
                .copied()
                .filter(|&cl| s.clinician_available(cl, d))
                .collect();
            s.crew.iter().all(|(role, n)| {
                here.iter()
                    .filter(|&&cl| crate::scenario::fills_role(role, &s.clinicians[cl].role))
                    .count() as u32
                    >= *n
            })
        })
        .count();
    if (staffed as u32) < dem.required {
        return Reason::new(
            Code::AllOnLeave,
            text!(
                "reason-on-leave",
                base = &base.id,
                staffed = staffed,
                open = open.len(),
                period = &dem.period.label
            ),
        );
    }
    let vehicle_days: usize = open
        .iter()
        .map(|&d| {
            c.vehicles
                .iter()
                .filter(|&&v| s.vehicle_available(v, d))
                .count()
        })
        .sum();
    if vehicle_days == 0 {
        return Reason::new(
            Code::NoVehicleAvailable,
            text!(
                "reason-no-vehicle-available",
                base = &base.id,
                period = &dem.period.label
            ),
        );
    }
    let used = runs.iter().filter(|r| open.contains(&r.day)).count();
    let crew_days: usize = open
        .iter()
        .map(|&d| {
            c.clinicians
                .iter()
                .filter(|&&cl| s.clinician_available(cl, d))
                .count()
        })
        .sum();
    if svc.min_spacing_days as u32 * (dem.required.saturating_sub(1))
        >= (dem.period.last_day - dem.period.first_day + 1) as u32
    {
        return Reason::new(
            Code::TooFewDays,
            text!(
                "reason-spacing",
                required = dem.required,
                spacing = svc.min_spacing_days,
                period = &dem.period.label
            ),
        );
    }
    Reason::new(
        Code::Capacity,
        text!(
            "reason-capacity",
            base = &base.id,
            used = used,
            vehicle_days = vehicle_days,
            period = &dem.period.label,
            clinician_days = crew_days
        ),
    )
}
