//! Why a demand was left short: the first reason that explains it, from the most basic (no tour can
//! reach the site) to the plain lack of capacity.

use super::reason::{Reason, ReasonCode as Code};
use super::{Run, Shortfall};
use crate::model::Component;
use crate::scenario::Scenario;
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
        return Reason::new(Code::NoVehicle, format!("base {} has no vehicle", base.id));
    }
    if svc.service_minutes > limits.working_minutes {
        return Reason::new(
            Code::OutOfReach,
            format!(
                "the visit takes {:.0} min on site, longer than the {:.0}-min working day",
                svc.service_minutes, limits.working_minutes
            ),
        );
    }
    let there = travel.minutes(c.base_location, svc.location);
    let back = travel.minutes(svc.location, c.base_location);
    if there + back > limits.max_drive_minutes + 1e-6 {
        return Reason::new(Code::OutOfReach, format!("the round trip from base {} takes {:.0} min of driving, over the vehicles' limit of {:.0} min", base.id, there + back, limits.max_drive_minutes));
    }
    if there + back + svc.service_minutes > limits.working_minutes + 1e-6 {
        return Reason::new(
            Code::OutOfReach,
            format!(
                "the round trip from base {} ({:.0} min) plus {:.0} min on site exceeds the {:.0}-min working day",
                base.id, there + back, svc.service_minutes, limits.working_minutes
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
                format!("no {k} specialist works at base {}", base.id),
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
                format!(
                    "a tour needs {n} {role} and base {} has {can} clinician(s) who can be one",
                    base.id
                ),
            );
        }
    }
    if svc.load_kg > limits.max_load_kg + 1e-9 {
        return Reason::new(
            Code::TooHeavy,
            format!(
                "the visit needs {:.0} kg of supplies; base {}'s vehicles carry at most {:.0} kg",
                svc.load_kg, base.id, limits.max_load_kg
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
                return Reason::new(Code::AltitudeClearance, format!(
                    "the site lies at {:.0} m, above the {limit:.0} m clearance line, and base {} has {have} altitude-cleared {role} (a tour needs {n})",
                    s.sites[svc.site].altitude_m, base.id
                ));
            }
        }
        if let Some(k) = &svc.specialty {
            if cleared(&|cl| cl.specialties.contains(k)) == 0 {
                return Reason::new(Code::AltitudeClearance, format!(
                    "the site lies at {:.0} m, above the {limit:.0} m clearance line, and base {} has no altitude-cleared {k} specialist",
                    s.sites[svc.site].altitude_m, base.id
                ));
            }
            // The specialist is one more person than the crew's roles.
            let people: u32 = s.crew.iter().map(|(_, n)| n).sum::<u32>() + 1;
            let have = cleared(&|_| true);
            if have < people {
                return Reason::new(Code::AltitudeClearance, format!(
                    "the site lies at {:.0} m, above the {limit:.0} m clearance line; a tour with the {k} specialist needs {people} altitude-cleared clinicians and base {} has {have}",
                    s.sites[svc.site].altitude_m, base.id
                ));
            }
        }
    }
    if !pool.iter().any(|t| t.stops.contains(&dem.service)) {
        return Reason::new(
            Code::OutOfReach,
            format!(
                "no tour from base {} with this visit fits the crew seats ({}) or the day",
                base.id, limits.seats
            ),
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
                format!(
                    "the road is closed ({}) on every working day of {}",
                    cl.reason, dem.period.label
                ),
            ),
            None => Reason::new(
                Code::OutOfSeason,
                format!(
                    "the site is outside its visiting windows (or there is no working day) in {}",
                    dem.period.label
                ),
            ),
        };
    }
    if (open.len() as u32) < dem.required {
        return Reason::new(
            Code::TooFewDays,
            format!(
                "only {} open working day(s) in {} for {} visit(s)",
                open.len(),
                dem.period.label,
                dem.required
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
            return Reason::new(Code::AllOnLeave, format!("the {k} specialists of base {} are on leave or off on all but {avail} open day(s) of {}", base.id, dem.period.label));
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
            format!(
                "the clinicians of base {} are on leave or off: a whole crew is free on {staffed} of the {} open day(s) of {}",
                base.id,
                open.len(),
                dem.period.label
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
            format!(
                "no vehicle of base {} is available on the open days of {}",
                base.id, dem.period.label
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
            format!(
                "{} visits {} days apart do not fit in {}",
                dem.required, svc.min_spacing_days, dem.period.label
            ),
        );
    }
    Reason::new(Code::Capacity, format!(
        "capacity: base {} runs {used} of {vehicle_days} vehicle-days on the open days of {} with {crew_days} clinician-days available (crew limits, leave and spacing included); other visits ranked higher",
        base.id, dem.period.label
    ))
}
