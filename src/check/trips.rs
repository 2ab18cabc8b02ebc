//! Multi-day trips and their nights: where a day starts and ends, the trip's shape, load and
//! altitude rules, and the lodgings' seasons, beds and high nights.

use super::{place_arg, Ctx, Violation};
use crate::schedule::{Schedule, TourDay};
use crate::text;
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Where a tour-day starts or ends: `Ok(None)` for the base, `Ok(Some(lodging))`, or `Err` (reported as
/// `lodging-missing`, once per trip and place) when the id is not a lodging.
#[allow(clippy::too_many_arguments)]
pub(super) fn endpoint(
    cx: &mut Ctx,
    reported: &mut HashSet<(String, String)>,
    lodging_ix: &HashMap<&str, usize>,
    site_ix: &HashMap<&str, usize>,
    base_ix: &HashMap<&str, usize>,
    t: &TourDay,
    (verb, field): (&str, &str),
    id: Option<&str>,
) -> Result<Option<usize>, ()> {
    let Some(id) = id else {
        return Ok(None);
    };
    if let Some(&l) = lodging_ix.get(id) {
        return Ok(Some(l));
    }
    let key = (
        t.trip.clone().unwrap_or_else(|| t.id.clone()),
        id.to_string(),
    );
    if reported.insert(key) {
        let s = cx.s;
        // `verb` is `starts` or `ends`, which the catalogues choose their words by.
        let message = if let Some(&x) = site_ix.get(id) {
            text!(
                "check-lodging-missing-site",
                verb = verb,
                place = id,
                name = &s.sites[x].name
            )
        } else if let Some(&b) = base_ix.get(id) {
            text!(
                "check-lodging-missing-base",
                verb = verb,
                place = id,
                name = &s.bases[b].name,
                field = field
            )
        } else {
            text!("check-lodging-missing", verb = verb, place = id)
        };
        cx.add("lodging-missing", Some(t), Some(id), None, message);
    }
    Err(())
}

/// Rules over whole multi-day trips: their shape (`trip-broken`), the load of the whole trip, altitude
/// clearance over every stop and night, and the ascent rules over the nights.
pub(super) fn trips(
    cx: &mut Ctx,
    schedule: &Schedule,
    base_ix: &HashMap<&str, usize>,
    site_ix: &HashMap<&str, usize>,
    veh_ix: &HashMap<&str, usize>,
    cl_ix: &HashMap<&str, usize>,
    lodging_ix: &HashMap<&str, usize>,
) {
    let s = cx.s;
    let mut groups: BTreeMap<&str, Vec<&TourDay>> = BTreeMap::new();
    for t in &schedule.tours {
        match &t.trip {
            Some(id) => groups.entry(id.as_str()).or_default().push(t),
            None if t.from.is_some() || t.to.is_some() => cx.add(
                "trip-broken",
                Some(t),
                None,
                None,
                place_arg(
                    place_arg(text!("check-trip-no-trip"), "from", &t.from),
                    "to",
                    &t.to,
                ),
            ),
            None => {}
        }
    }
    for (id, mut days) in groups {
        days.sort_by_key(|t| (t.date, t.trip_day));
        let n = days.len();
        let (first, last) = (days[0], days[n - 1]);

        // Shape.
        if n as u32 > s.trips.max_days {
            cx.add(
                "trip-broken",
                Some(first),
                None,
                None,
                text!(
                    "check-trip-too-long",
                    trip = id,
                    days = n,
                    limit = s.trips.max_days,
                    over = n as u32 - s.trips.max_days
                ),
            );
        }
        for (i, t) in days.iter().enumerate() {
            if t.trip_day as usize != i + 1 || t.trip_days as usize != n {
                cx.add(
                    "trip-broken",
                    Some(t),
                    None,
                    None,
                    text!(
                        "check-trip-day-number",
                        trip = id,
                        date = t.date.to_string(),
                        day = t.trip_day,
                        days = t.trip_days,
                        actual = i + 1,
                        count = n
                    ),
                );
            }
        }
        // An explicit base id is reported as `lodging-missing` (the base is written as no `from`/`to`).
        if first.from.as_ref().is_some_and(|x| *x != first.base) {
            cx.add(
                "trip-broken",
                Some(first),
                first.from.as_deref(),
                None,
                text!(
                    "check-trip-start",
                    trip = id,
                    place = first.from.as_deref().unwrap_or_default(),
                    date = first.date.to_string()
                ),
            );
        }
        if last.to.as_ref().is_some_and(|x| *x != last.base) {
            cx.add(
                "trip-broken",
                Some(last),
                last.to.as_deref(),
                None,
                text!(
                    "check-trip-end",
                    trip = id,
                    place = last.to.as_deref().unwrap_or_default(),
                    date = last.date.to_string()
                ),
            );
        }
        for (i, w) in days.windows(2).enumerate() {
            let (a, b) = (w[0], w[1]);
            if b.date == a.date {
                cx.add(
                    "trip-broken",
                    Some(b),
                    None,
                    None,
                    text!("check-trip-same-day", trip = id, date = b.date.to_string()),
                );
            } else if a.date.succ_opt() != Some(b.date) {
                cx.add(
                    "trip-broken",
                    Some(b),
                    None,
                    None,
                    text!(
                        "check-trip-gap",
                        trip = id,
                        first = a.date.to_string(),
                        second = b.date.to_string()
                    ),
                );
            }
            if a.vehicle != b.vehicle {
                cx.add(
                    "trip-broken",
                    Some(b),
                    None,
                    None,
                    text!(
                        "check-trip-vehicle",
                        trip = id,
                        date = b.date.to_string(),
                        before = &a.vehicle,
                        now = &b.vehicle
                    ),
                );
            }
            let (ca, cb) = (crew_of(a), crew_of(b));
            if ca != cb {
                let list = |c: &BTreeSet<&str>| c.iter().copied().collect::<Vec<_>>().join(", ");
                cx.add(
                    "trip-broken",
                    Some(b),
                    None,
                    None,
                    text!(
                        "check-trip-crew",
                        trip = id,
                        date = b.date.to_string(),
                        before = list(&ca),
                        now = list(&cb)
                    ),
                );
            }
            if a.to.is_none() {
                cx.add(
                    "trip-broken",
                    Some(a),
                    None,
                    None,
                    text!(
                        "check-trip-home-early",
                        trip = id,
                        date = a.date.to_string(),
                        day = i + 1,
                        days = n
                    ),
                );
            } else if a.to != b.from {
                cx.add(
                    "trip-broken",
                    Some(b),
                    b.from.as_deref(),
                    None,
                    place_arg(
                        text!(
                            "check-trip-night",
                            trip = id,
                            lodging = a.to.as_deref().unwrap_or_default(),
                            night = a.date.to_string(),
                            date = b.date.to_string()
                        ),
                        "from",
                        &b.from,
                    ),
                );
            }
        }

        // Load: the supplies for every stop of the trip leave the base in its vehicle.
        if let Some(&v) = veh_ix.get(first.vehicle.as_str()) {
            let vehicle = &s.vehicles[v];
            let sites: Vec<usize> = days
                .iter()
                .flat_map(|t| &t.stops)
                .filter_map(|st| site_ix.get(st.site.as_str()).copied())
                .collect();
            let load: f64 = sites.iter().map(|&x| s.sites[x].load_kg).sum();
            if load > vehicle.max_load_kg + 1e-9 {
                cx.add(
                    "vehicle-load",
                    Some(first),
                    None,
                    None,
                    text!(
                        "check-trip-load",
                        trip = id,
                        load = format!("{load:.1}"),
                        stops = sites.len(),
                        days = n,
                        vehicle = &vehicle.id,
                        max = format!("{:.1}", vehicle.max_load_kg),
                        over = format!("{:.1}", load - vehicle.max_load_kg)
                    ),
                );
            }
        }

        // Clearance: the highest place of the trip, stop or lodging, against every crew member.
        if let Some(limit) = s.clearance_above_m {
            let mut high: Option<(f64, &str, &str, &TourDay)> = None;
            for &t in &days {
                let stops = t.stops.iter().filter_map(|st| {
                    site_ix
                        .get(st.site.as_str())
                        .map(|&x| (s.sites[x].altitude_m, s.sites[x].id.as_str(), "site"))
                });
                let lodgings = [&t.from, &t.to].into_iter().flatten().filter_map(|l| {
                    lodging_ix.get(l.as_str()).map(|&l| {
                        let l = &s.lodgings[l];
                        (l.altitude_m, l.id.as_str(), "lodging")
                    })
                });
                for (alt, place, kind) in stops.chain(lodgings) {
                    if high.is_none_or(|h| alt > h.0) {
                        high = Some((alt, place, kind, t));
                    }
                }
            }
            if let Some((alt, place, kind, at)) = high.filter(|h| h.0 > limit) {
                let mut seen = HashSet::new();
                for m in days.iter().flat_map(|t| &t.crew) {
                    let Some(&c) = cl_ix.get(m.clinician.as_str()) else {
                        continue;
                    };
                    let cl = &s.clinicians[c];
                    if !cl.altitude_cleared && seen.insert(c) {
                        cx.add(
                            "altitude-clearance",
                            Some(at),
                            Some(place),
                            Some(&cl.id),
                            text!(
                                "check-trip-altitude-clearance",
                                clinician = &cl.id,
                                name = &cl.name,
                                trip = id,
                                kind = kind,
                                place = place,
                                altitude = format!("{alt:.0}"),
                                limit = format!("{limit:.0}")
                            ),
                        );
                    }
                }
            }
        }

        // Ascent: sleeping altitudes base, nights…, base.
        let Some(&base) = base_ix.get(first.base.as_str()) else {
            continue;
        };
        let mut sleeps = vec![s.bases[base].altitude_m];
        let mut places = Vec::new();
        for t in &days {
            // The base's own id stands for the base here (and is reported as `lodging-missing`).
            let to = t.to.as_deref().filter(|&l| l != first.base);
            match to.map(|l| lodging_ix.get(l)) {
                None => {
                    sleeps.push(s.bases[base].altitude_m);
                    places.push(("base", &s.bases[base].id, &s.bases[base].name));
                }
                Some(Some(&l)) => {
                    sleeps.push(s.lodgings[l].altitude_m);
                    places.push(("lodging", &s.lodgings[l].id, &s.lodgings[l].name));
                }
                Some(None) => break, // not a lodging: reported as lodging-missing
            }
        }
        if sleeps.len() != n + 1 {
            continue;
        }
        for (night, rule, why) in s.altitude.ascent_problems(&sleeps) {
            let t = days[night - 1];
            let (kind, place, name) = places[night - 1];
            // The night's words (`check-ascent-…`) inside the trip's: the same arguments.
            let mut message = text!(
                "check-trip-ascent",
                trip = id,
                kind = kind,
                place = place,
                name = name,
                altitude = format!("{:.0}", sleeps[night]),
                date = t.date.to_string(),
                why = why.id.as_str()
            );
            message.args.extend(why.args);
            cx.add(
                rule,
                Some(t),
                Some(t.to.as_deref().unwrap_or(&first.base)),
                None,
                message,
            );
        }
    }
}

/// The clinicians of a tour-day, as a set.
pub(super) fn crew_of(t: &TourDay) -> BTreeSet<&str> {
    t.crew.iter().map(|m| m.clinician.as_str()).collect()
}

/// Rules over the nights at lodgings: open on that night, enough beds, and each clinician's monthly
/// nights up high.
pub(super) fn lodging_nights(
    cx: &mut Ctx,
    nights: &[(usize, &TourDay)],
    cl_ix: &HashMap<&str, usize>,
) {
    use chrono::Datelike;
    let s = cx.s;
    for &(l, t) in nights {
        if s.lodging_open(l, t.date) {
            continue;
        }
        let lodging = &s.lodgings[l];
        let message = match s
            .lodging_closures
            .iter()
            .find(|c| c.site == l && c.from <= t.date && t.date <= c.to)
        {
            Some(c) => text!("check-lodging-closed", reason = &c.reason),
            None => {
                let w: Vec<String> = lodging
                    .windows
                    .iter()
                    .map(|(a, b)| format!("{a}..{b}"))
                    .collect();
                text!("check-lodging-out-of-window", windows = w.join(", "))
            }
        }
        .arg("lodging", &lodging.id)
        .arg("name", &lodging.name)
        .arg("date", t.date.to_string());
        cx.add("lodging-closed", Some(t), Some(&lodging.id), None, message);
    }

    let mut beds: BTreeMap<(usize, NaiveDate), Vec<&TourDay>> = BTreeMap::new();
    for &(l, t) in nights {
        beds.entry((l, t.date)).or_default().push(t);
    }
    for ((l, date), tours) in beds {
        let lodging = &s.lodgings[l];
        let persons: u32 = tours
            .iter()
            .map(|t| t.crew.len() as u32 + s.trips.driver_beds)
            .sum();
        if persons > lodging.beds {
            let ids: Vec<&str> = tours.iter().map(|t| t.id.as_str()).collect();
            cx.out.push(Violation {
                rule: "lodging-beds",
                date: Some(date),
                tour: (tours.len() == 1).then(|| tours[0].id.clone()),
                vehicle: (tours.len() == 1).then(|| tours[0].vehicle.clone()),
                site: Some(lodging.id.clone()),
                clinician: None,
                message: text!(
                    "check-lodging-beds",
                    lodging = &lodging.id,
                    name = &lodging.name,
                    beds = lodging.beds,
                    persons = persons,
                    date = date.to_string(),
                    count = ids.len(),
                    tours = ids.join(", "),
                    driver_beds = s.trips.driver_beds,
                    over = persons - lodging.beds
                ),
            });
        }
    }

    // Nights up high per clinician and calendar month (a night counts once per person).
    let limit = s.altitude.high_night_above_m;
    let mut high: BTreeMap<(usize, (i32, u32)), BTreeSet<NaiveDate>> = BTreeMap::new();
    for &(l, t) in nights {
        if s.lodgings[l].altitude_m <= limit {
            continue;
        }
        for m in &t.crew {
            if let Some(&c) = cl_ix.get(m.clinician.as_str()) {
                high.entry((c, (t.date.year(), t.date.month())))
                    .or_default()
                    .insert(t.date);
            }
        }
    }
    for ((c, (y, m)), dates) in high {
        let cl = &s.clinicians[c];
        let n = dates.len() as u32;
        if n > cl.max_high_nights_per_month {
            cx.out.push(Violation {
                rule: "altitude-nights",
                date: dates.iter().next_back().copied(),
                tour: None,
                vehicle: None,
                site: None,
                clinician: Some(cl.id.clone()),
                message: text!(
                    "check-altitude-nights",
                    clinician = &cl.id,
                    name = &cl.name,
                    nights = n,
                    altitude = format!("{limit:.0}"),
                    month = format!("{y}-{m:02}"),
                    limit = cl.max_high_nights_per_month,
                    over = n - cl.max_high_nights_per_month
                ),
            });
        }
    }
}
