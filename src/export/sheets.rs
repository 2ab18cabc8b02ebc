//! Day sheets: one tour-day as a field team carries it (route, times, crew, a line to sign), shared
//! by the report and the printed documents per base (`templates/sheet.html`).

use super::Lookup;
use crate::lang::{tr, word, Lang};
use crate::schedule::TourDay;
use crate::text;

pub struct CrewRow {
    pub clinician: String,
    pub name: String,
    pub slot: String,
}

pub struct StopRow {
    pub seq: u32,
    pub arrival: String,
    pub departure: String,
    pub site: String,
    pub site_name: String,
    pub specialty: String,
    pub notes: String,
}

pub struct Sheet {
    pub anchor: String,
    pub date: String,
    pub weekday: String,
    pub vehicle: String,
    pub vehicle_name: String,
    pub colour: String,
    pub base: String,
    pub base_name: String,
    /// Where the day starts and ends: the base, or a lodging on a multi-day tour.
    pub start_id: String,
    pub start_name: String,
    pub start_is_base: bool,
    pub end_id: String,
    pub end_name: String,
    pub end_is_base: bool,
    /// "back at base", or the night's lodging with its altitude, to call ahead.
    pub end_note: String,
    /// "Trip T1-20270601, day 2 of 5" (empty for a day route).
    pub trip: String,
    pub depart: String,
    pub return_time: String,
    /// "Depart 08:00 · return 15:10"
    pub times: String,
    /// "47.0 km · 62 min driving"
    pub distance: String,
    /// Empty when the scenario has no loads.
    pub load: String,
    /// Where the team is at noon, for its lunch (empty when the day is over by then).
    pub noon: String,
    /// A rest day or rest night of the ascent rules (empty on other days).
    pub rest: String,
    pub crew: Vec<CrewRow>,
    pub stops: Vec<StopRow>,
}

/// The weekday in the language: 周三, Wed.
pub fn weekday_name(d: chrono::NaiveDate, lang: Lang) -> String {
    use chrono::Datelike;
    let id = [
        "weekday-mon",
        "weekday-tue",
        "weekday-wed",
        "weekday-thu",
        "weekday-fri",
        "weekday-sat",
        "weekday-sun",
    ][d.weekday().num_days_from_monday() as usize];
    tr(lang, id)
}

/// The sheet of tour-day `t`, anchored as `anchor` in its page.
pub fn sheet(t: &TourDay, look: &Lookup, anchor: String) -> Sheet {
    let lang = look.lang;
    let end = if t.to.is_none() {
        text!(
            "sheet-times-return",
            depart = &t.depart,
            back = &t.return_time
        )
    } else {
        text!(
            "sheet-times-arrive",
            depart = &t.depart,
            back = &t.return_time
        )
    };
    Sheet {
        anchor,
        date: t.date.to_string(),
        weekday: weekday_name(t.date, lang),
        vehicle: t.vehicle.clone(),
        vehicle_name: look.vehicle_name(&t.vehicle),
        colour: look.vehicle_colour(&t.vehicle),
        base: t.base.clone(),
        base_name: look.base_name(&t.base),
        start_id: t.from.clone().unwrap_or_else(|| t.base.clone()),
        start_name: look.place_name(&t.base, t.from.as_deref()),
        start_is_base: t.from.is_none(),
        end_id: t.to.clone().unwrap_or_else(|| t.base.clone()),
        end_name: look.place_name(&t.base, t.to.as_deref()),
        end_is_base: t.to.is_none(),
        end_note: match t.to.as_deref() {
            None => tr(lang, "sheet-back-at-base"),
            Some(l) => match look.scenario.lodgings.iter().find(|x| x.id == l) {
                Some(x) => text!(
                    "sheet-night-call",
                    altitude = format!("{:.0}", x.altitude_m)
                )
                .render(lang),
                None => tr(lang, "sheet-night-here"),
            },
        },
        trip: t.trip.as_ref().map_or(String::new(), |id| match &t.team {
            Some(team) => text!(
                "sheet-trip-team",
                trip = id,
                team = team,
                day = t.trip_day,
                days = t.trip_days
            )
            .render(lang),
            None => text!(
                "sheet-trip",
                trip = id,
                day = t.trip_day,
                days = t.trip_days
            )
            .render(lang),
        }),
        depart: t.depart.clone(),
        return_time: t.return_time.clone(),
        times: end.render(lang),
        distance: text!(
            "sheet-distance",
            km = format!("{:.1}", t.distance_km),
            minutes = format!("{:.0}", t.drive_minutes)
        )
        .render(lang),
        load: if t.load_kg > 0.0 {
            text!("sheet-load", kg = format!("{:.0}", t.load_kg)).render(lang)
        } else {
            String::new()
        },
        noon: noon(t, look).map_or(String::new(), |x| x.render(lang)),
        rest: rest(t, look).map_or(String::new(), |x| x.render(lang)),
        crew: t
            .crew
            .iter()
            .map(|c| CrewRow {
                clinician: c.clinician.clone(),
                name: c.name.clone(),
                slot: slot_words(&c.slot, lang),
            })
            .collect(),
        stops: t
            .stops
            .iter()
            .map(|st| StopRow {
                seq: st.seq,
                arrival: st.arrival.clone(),
                departure: st.departure.clone(),
                site: st.site.clone(),
                site_name: st.site_name.clone(),
                specialty: st
                    .specialty
                    .as_deref()
                    .map_or(String::new(), |x| word(lang, "specialty", x)),
                notes: look.site_notes(&st.site).unwrap_or_default().to_string(),
            })
            .collect(),
    }
}

/// The rest of a day that stays at its lodging without a village (a rest day), or of a night
/// that gains no altitude up high (a rest night of the ascent rules).
fn rest(t: &TourDay, look: &Lookup) -> Option<crate::lang::Text> {
    let s = look.scenario;
    if !super::trips::rest_night(s, t) {
        return None;
    }
    let from = t.from.as_deref()?;
    let lodging = s.lodgings.iter().find(|l| l.id == from)?;
    let altitude = format!("{:.0}", lodging.altitude_m);
    let name = format!("{} {}", lodging.id, lodging.name);
    Some(if t.stops.is_empty() && t.to == t.from {
        text!("sheet-rest-day", lodging = name, altitude = altitude)
    } else {
        text!(
            "sheet-rest-night",
            lodging = name,
            altitude = altitude,
            every = format!("{:.0}", s.altitude.rest_after_gain_m)
        )
    })
}

/// A crew slot as people write it: alternatives `pharmacist|lab technician` read "pharmacist or
/// lab technician" (药剂师 或 检验师 in the scenario's own words).
pub fn slot_words(slot: &str, lang: Lang) -> String {
    let or = format!(" {} ", tr(lang, "slot-or"));
    slot.split('|')
        .map(|role| word(lang, "role", role))
        .collect::<Vec<_>>()
        .join(&or)
}

/// Where the team is at 12:00, for the lunch line of a day sheet: at a village (between its
/// arrival and departure), on the road between two places, or nowhere when the day ends before.
/// The plan keeps no time aside for lunch; the line says where the team will be when it is due.
fn noon(t: &TourDay, look: &Lookup) -> Option<crate::lang::Text> {
    use crate::calendar::parse_clock;
    const NOON: u32 = 12 * 60;
    let clock = |s: &str| parse_clock(s).ok();
    if clock(&t.depart)? > NOON || clock(&t.return_time)? <= NOON {
        return None;
    }
    let mut before = look.place_name(&t.base, t.from.as_deref());
    for st in &t.stops {
        let (arrive, leave) = (clock(&st.arrival)?, clock(&st.departure)?);
        if arrive > NOON {
            return Some(text!("sheet-noon-road", from = before, to = &st.site_name));
        }
        if leave > NOON {
            return Some(text!(
                "sheet-noon-at",
                site = &st.site_name,
                arrive = &st.arrival,
                leave = &st.departure
            ));
        }
        before = st.site_name.clone();
    }
    Some(text!(
        "sheet-noon-road",
        from = before,
        to = look.place_name(&t.base, t.to.as_deref())
    ))
}
