//! The campaign as the people who run it read it: each multi-day trip as a row (team, days, where
//! it sleeps and how high, the villages), and each clinician's nights above the high-night line
//! against the monthly cap. Only schedules with trips have them.

use super::Lookup;
use crate::lang::Lang;
use crate::schedule::{Schedule, TourDay};
use crate::text;
use chrono::Datelike;
use std::collections::BTreeMap;

pub struct TripRow {
    pub trip: String,
    pub team: String,
    pub vehicle: String,
    /// "06-01 – 06-06"
    pub dates: String,
    pub days: u32,
    /// Each night in order: lodging, its name and altitude.
    pub nights: Vec<String>,
    /// The villages visited, in order.
    pub villages: String,
}

pub struct HighNightRow {
    pub clinician: String,
    pub name: String,
    /// "2027-06"
    pub month: String,
    pub nights: u32,
    /// The monthly cap (empty when the clinician has none).
    pub cap: String,
    pub over: bool,
}

/// "L13 某某牧场 (4,650 m)", or the id alone when the scenario does not know it.
pub fn lodging_words(look: &Lookup, id: &str) -> String {
    match look.scenario.lodgings.iter().find(|l| l.id == id) {
        Some(l) => text!(
            "trips-lodging",
            id = id,
            name = &l.name,
            altitude = thousands(l.altitude_m)
        )
        .render(look.lang),
        None => id.to_string(),
    }
}

/// 4650.4 → "4,650"
fn thousands(x: f64) -> String {
    let n = x.round() as i64;
    let digits = n.abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// One row per trip, in the order trips start.
pub fn trip_rows(schedule: &Schedule, look: &Lookup) -> Vec<TripRow> {
    let mut by_trip: BTreeMap<&str, Vec<&TourDay>> = BTreeMap::new();
    for t in &schedule.tours {
        if let Some(id) = &t.trip {
            by_trip.entry(id.as_str()).or_default().push(t);
        }
    }
    let list = if look.lang == Lang::Zh { "、" } else { ", " };
    let mut rows: Vec<(chrono::NaiveDate, TripRow)> = by_trip
        .into_iter()
        .map(|(id, mut days)| {
            days.sort_by_key(|t| (t.date, t.trip_day));
            let first = days[0];
            let last = days[days.len() - 1];
            let nights = days
                .iter()
                .filter_map(|t| t.to.as_deref())
                .map(|l| lodging_words(look, l))
                .collect();
            let villages: Vec<&str> = days
                .iter()
                .flat_map(|t| t.stops.iter().map(|s| s.site_name.as_str()))
                .collect();
            let row = TripRow {
                trip: id.to_string(),
                team: first.team.clone().unwrap_or_default(),
                vehicle: format!("{} {}", first.vehicle, look.vehicle_name(&first.vehicle)),
                dates: format!(
                    "{} – {}",
                    first.date.format("%m-%d"),
                    last.date.format("%m-%d")
                ),
                days: days.len() as u32,
                nights,
                villages: villages.join(list),
            };
            (first.date, row)
        })
        .collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.trip.cmp(&b.1.trip)));
    rows.into_iter().map(|(_, r)| r).collect()
}

/// Each clinician's nights above the scenario's high-night line per month (a night counts once a
/// person, as the checker counts them), with the cap; only months with such nights.
pub fn high_night_rows(schedule: &Schedule, look: &Lookup) -> Vec<HighNightRow> {
    let s = look.scenario;
    let line = s.altitude.high_night_above_m;
    let mut nights: BTreeMap<(String, (i32, u32)), std::collections::BTreeSet<chrono::NaiveDate>> =
        BTreeMap::new();
    for t in &schedule.tours {
        let Some(l) = t.to.as_deref() else { continue };
        let high = s
            .lodgings
            .iter()
            .find(|x| x.id == l)
            .is_some_and(|x| x.altitude_m > line);
        if !high {
            continue;
        }
        for m in &t.crew {
            nights
                .entry((m.clinician.clone(), (t.date.year(), t.date.month())))
                .or_default()
                .insert(t.date);
        }
    }
    nights
        .into_iter()
        .map(|((id, (y, m)), dates)| {
            let c = s.clinicians.iter().find(|c| c.id == id);
            let n = dates.len() as u32;
            let cap = c.map_or(u32::MAX, |c| c.max_high_nights_per_month);
            HighNightRow {
                cap: if cap == u32::MAX {
                    String::new()
                } else {
                    cap.to_string()
                },
                name: c.map(|c| c.name.clone()).unwrap_or_default(),
                clinician: id,
                month: format!("{y}-{m:02}"),
                nights: n,
                over: n > cap,
            }
        })
        .collect()
}

/// The line above which a night counts as high, in words ("nights above 4,500 m").
pub fn high_line_words(look: &Lookup) -> String {
    text!(
        "trips-high-line",
        altitude = thousands(look.scenario.altitude.high_night_above_m)
    )
    .render(look.lang)
}

#[cfg(test)]
mod tests {
    use super::thousands;

    #[test]
    fn thousands_groups_digits() {
        assert_eq!(thousands(4650.4), "4,650");
        assert_eq!(thousands(999.0), "999");
        assert_eq!(thousands(1_234_567.0), "1,234,567");
        assert_eq!(thousands(-4500.0), "-4,500");
    }
}
