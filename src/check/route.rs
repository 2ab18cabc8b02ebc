//! A tour-day's route, recomputed from the scenario: its stops in order with their times, the
//! return, the distance, the working day and the vehicle's drive limit.

use super::{with_leg, Ctx};
use crate::calendar::{format_clock, parse_clock};
use crate::lang::Text;
use crate::scenario::Vehicle;
use crate::schedule::TourDay;
use crate::text;
use crate::travel::Travel;
use std::collections::HashMap;

/// What a tour-day took, walked on the scenario's travel times.
pub(super) struct Walk {
    pub drive: f64,
    pub service: f64,
    pub km: f64,
    /// When the day ends back at its end point.
    pub clock: f64,
    /// The specialties its stops ask for.
    pub specialties: Vec<String>,
}

/// Walks a tour-day's stops from `start` to `end` on the scenario's travel times: each stop's
/// site known, not twice, open that day, its stated arrival and departure possible and its service
/// whole (where the day's ends are not known, `route_ok` false, only the stated times are
/// compared). Each visit is entered in `visits`. Returns what the day took.
#[allow(clippy::too_many_arguments)]
pub(super) fn walk(
    cx: &mut Ctx,
    t: &TourDay,
    day: usize,
    travel: &Travel,
    site_ix: &HashMap<&str, usize>,
    (start, end): (usize, usize),
    route_ok: bool,
    visits: &mut HashMap<(usize, Option<String>), Vec<usize>>,
) -> Walk {
    let s = cx.s;
    let mut at = start;
    let (mut drive, mut service, mut km) = (0.0, 0.0, 0.0);
    let day_start = s.day_start_minutes as f64;
    let mut clock = day_start;
    match parse_clock(&t.depart) {
        Ok(d) if (d as f64) + 0.5 < day_start => cx.add(
            "times",
            Some(t),
            None,
            None,
            text!(
                "check-depart-early",
                depart = &t.depart,
                start = format_clock(day_start)
            ),
        ),
        Ok(d) => clock = clock.max(d as f64),
        Err(_) => cx.add(
            "times",
            Some(t),
            None,
            None,
            text!("check-departure-not-time", time = &t.depart),
        ),
    }
    let mut specialties_needed: Vec<String> = Vec::new();
    let mut seen_sites = Vec::new();
    for stop in &t.stops {
        let Some(&x) = site_ix.get(stop.site.as_str()) else {
            cx.add(
                "unknown-id",
                Some(t),
                Some(&stop.site),
                None,
                text!("check-unknown-site", site = &stop.site),
            );
            continue;
        };
        if seen_sites.contains(&x) {
            cx.add(
                "site-twice",
                Some(t),
                Some(&stop.site),
                None,
                text!("check-site-twice", site = &stop.site),
            );
        }
        seen_sites.push(x);
        let loc = s.site_location(x);
        drive += travel.minutes(at, loc);
        km += travel.km(at, loc);
        clock += travel.minutes(at, loc);
        let spec = stop.specialty.as_ref().map(|k| k.to_ascii_lowercase());
        let req = s
            .requirements
            .iter()
            .find(|r| r.site == x && r.specialty == spec);
        let minutes = req
            .map(|r| r.service_minutes)
            .unwrap_or(s.sites[x].service_minutes);
        // Where the day's start is not known (reported above), only the stated times are
        // compared: departure after the stated arrival and the service.
        let mut arrived = clock;
        if let Ok(listed) = parse_clock(&stop.arrival) {
            arrived = listed as f64;
            if route_ok && (listed as f64) + 1.0 < clock.round() {
                cx.add(
                    "times",
                    Some(t),
                    Some(&stop.site),
                    None,
                    text!(
                        "check-arrival-early",
                        arrival = &stop.arrival,
                        site = &stop.site,
                        earliest = format_clock(clock)
                    ),
                );
            }
            clock = clock.max(listed as f64);
        } else {
            cx.add(
                "times",
                Some(t),
                Some(&stop.site),
                None,
                text!("check-arrival-not-time", time = &stop.arrival),
            );
        }
        let ready = if route_ok { clock } else { arrived } + minutes;
        match parse_clock(&stop.departure) {
            Ok(left) if (left as f64) + 1.0 < ready.round() => cx.add(
                "times",
                Some(t),
                Some(&stop.site),
                None,
                text!(
                    "check-service-cut",
                    departure = &stop.departure,
                    site = &stop.site,
                    left = format!("{:.0}", (left as f64 - (ready - minutes)).max(0.0)),
                    minutes = format!("{minutes:.0}"),
                    arrival = &stop.arrival
                ),
            ),
            Ok(left) => clock = ready.max(left as f64),
            Err(_) => cx.add(
                "times",
                Some(t),
                Some(&stop.site),
                None,
                text!("check-departure-not-time", time = &stop.departure),
            ),
        }
        clock = clock.max(ready);
        service += minutes;
        at = loc;
        if let Some(c) = s.closure_on(x, t.date) {
            cx.add(
                "site-closed",
                Some(t),
                Some(&stop.site),
                None,
                text!(
                    "check-site-closed",
                    site = &stop.site,
                    date = t.date.to_string(),
                    reason = &c.reason
                ),
            );
        } else if !s.site_open(x, t.date) {
            cx.add(
                "site-out-of-window",
                Some(t),
                Some(&stop.site),
                None,
                text!(
                    "check-site-out-of-window",
                    site = &stop.site,
                    date = t.date.to_string()
                ),
            );
        }
        if let Some(k) = &spec {
            specialties_needed.push(k.clone());
        }
        visits.entry((x, spec)).or_default().push(day);
    }
    drive += travel.minutes(at, end);
    km += travel.km(at, end);
    clock += travel.minutes(at, end);
    Walk {
        drive,
        service,
        km,
        clock,
        specialties: specialties_needed,
    }
}

/// The day's limits on what `walk` found: the return no earlier than the route allows and not
/// past the working day, the stated distance, the working minutes and the vehicle's drive limit.
pub(super) fn day_limits(cx: &mut Ctx, t: &TourDay, vehicle: &Vehicle, w: &Walk, route_ok: bool) {
    let s = cx.s;
    let Walk {
        drive,
        service,
        km,
        clock,
        ..
    } = *w;
    let day_end = s.day_start_minutes as f64 + s.working_minutes;
    let work = drive + service;
    if route_ok {
        match parse_clock(&t.return_time) {
            Ok(back) if (back as f64) + 1.0 < clock.round() => cx.add(
                "times",
                Some(t),
                None,
                None,
                text!(
                    "check-return-early",
                    time = &t.return_time,
                    earliest = format_clock(clock)
                ),
            ),
            Ok(back) if (back as f64) > day_end + 0.5 + (clock - day_end).max(0.0) => cx.add(
                "times",
                Some(t),
                None,
                None,
                text!(
                    "check-return-late",
                    time = &t.return_time,
                    end = format_clock(day_end)
                ),
            ),
            Ok(_) => {}
            Err(_) => cx.add(
                "times",
                Some(t),
                None,
                None,
                text!("check-return-not-time", time = &t.return_time),
            ),
        }
        // Distances are stated to 0.01 km; the route's own, recomputed, must match.
        if !(t.distance_km.is_finite() && (t.distance_km - km).abs() <= 0.05 + 1e-3 * km) {
            cx.add(
                "distance",
                Some(t),
                None,
                None,
                text!(
                    "check-distance",
                    stated = t.distance_km.to_string(),
                    km = format!("{km:.2}")
                ),
            );
        }
    }
    // For a trip day, the messages say where it runs: `from L01 to the base`.
    let leg = |m: Text| {
        if t.from.is_some() || t.to.is_some() {
            with_leg(m, &t.from, &t.to)
        } else {
            m.arg("leg", "none")
        }
    };
    if route_ok && work > s.working_minutes + 0.5 {
        cx.add(
            "tour-too-long",
            Some(t),
            None,
            None,
            leg(text!(
                "check-tour-too-long",
                work = format!("{work:.0}"),
                drive = format!("{drive:.0}"),
                service = format!("{service:.0}"),
                limit = format!("{:.0}", s.working_minutes),
                over = format!("{:.0}", work - s.working_minutes)
            )),
        );
    }
    if route_ok && drive > vehicle.max_drive_minutes + 0.5 {
        cx.add(
            "drive-limit",
            Some(t),
            None,
            None,
            leg(text!(
                "check-drive-limit",
                vehicle = &vehicle.id,
                drive = format!("{drive:.0}"),
                limit = format!("{:.0}", vehicle.max_drive_minutes),
                over = format!("{:.0}", drive - vehicle.max_drive_minutes)
            )),
        );
    }
}
