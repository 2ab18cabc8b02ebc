//! The campaign as the people who run it read it: each multi-day trip as a row (team, days, where
//! it sleeps and how high, its rest nights, the days off before the team's next trip), each
//! clinician's nights above the high-night line against the monthly cap, each clinician's work
//! and rest, and the runs of days a team or a vehicle sits idle with the reason. Only schedules
//! with trips have them.

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
    /// Each night in order: lodging, its name and altitude (and "rest" on a night without gain).
    pub nights: Vec<String>,
    /// The villages visited, in order.
    pub villages: String,
    /// Days off before the team's next trip (empty after its last).
    pub days_off_after: String,
}

/// One clinician's work and rest over the campaign.
pub struct RestRow {
    pub clinician: String,
    pub name: String,
    pub team: String,
    pub trips: usize,
    /// Days on trips.
    pub days: usize,
    /// Days off between the first trip's start and the last trip's end.
    pub days_off: usize,
    /// Most days worked in a row, and the clinician's limit (the rest rule).
    pub in_a_row: usize,
    pub most_in_a_row: u32,
    /// Nights on trips that gained no altitude above the rules line (ascent rest nights).
    pub rest_nights: usize,
    pub over: bool,
}

/// A run of idle days of a vehicle or team, in the report's words.
pub struct IdleRow {
    pub team: String,
    pub vehicle: String,
    /// "06-01 – 06-06"
    pub dates: String,
    pub days: u32,
    pub code: String,
    pub reason: String,
}

/// Idle days per reason code, over every vehicle.
pub struct IdleTotal {
    pub code: String,
    pub title: String,
    pub runs: usize,
    pub days: u32,
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
                .filter_map(|t| {
                    let words = lodging_words(look, t.to.as_deref()?);
                    Some(if rest_night(look.scenario, t) {
                        text!("trips-rest-night", night = words).render(look.lang)
                    } else {
                        words
                    })
                })
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
                days_off_after: String::new(),
            };
            (first.date, row)
        })
        .collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.trip.cmp(&b.1.trip)));
    // Days off before the team's next trip: from the day after this one ends to the day before
    // the next one starts.
    let spans: Vec<(chrono::NaiveDate, chrono::NaiveDate)> = rows
        .iter()
        .map(|(first, r)| (*first, *first + chrono::Days::new(r.days as u64 - 1)))
        .collect();
    for i in 0..rows.len() {
        let next = (i + 1..rows.len())
            .filter(|&j| rows[j].1.team == rows[i].1.team)
            .map(|j| spans[j].0)
            .min();
        if let Some(next) = next {
            rows[i].1.days_off_after = ((next - spans[i].1).num_days() - 1).max(0).to_string();
        }
    }
    rows.into_iter().map(|(_, r)| r).collect()
}

/// Whether the night at the end of tour-day `t` is a rest night of the ascent rules: it follows
/// a night at a lodging above the rules line and sleeps no higher (so the altitude gained since
/// the last rest starts again from zero).
pub fn rest_night(s: &crate::scenario::Scenario, t: &TourDay) -> bool {
    let altitude = |id: Option<&str>| {
        id.and_then(|id| s.lodgings.iter().find(|l| l.id == id))
            .map(|l| l.altitude_m)
    };
    let rules = &s.altitude;
    match (altitude(t.from.as_deref()), altitude(t.to.as_deref())) {
        (Some(from), Some(to)) => {
            from > rules.rules_above_m && to.max(rules.rules_above_m) <= from + 1e-6
        }
        _ => false,
    }
}

/// Each clinician's work and rest on trips: trips, days, days off between them, most days in a
/// row against the limit, and rest nights; only clinicians with trips, in the scenario's order.
pub fn rest_rows(schedule: &Schedule, look: &Lookup) -> Vec<RestRow> {
    let s = look.scenario;
    let mut out = Vec::new();
    for c in &s.clinicians {
        let mine: Vec<&TourDay> = schedule
            .tours
            .iter()
            .filter(|t| t.trip.is_some() && t.crew.iter().any(|m| m.clinician == c.id))
            .collect();
        if mine.is_empty() {
            continue;
        }
        let mut dates: Vec<chrono::NaiveDate> = mine.iter().map(|t| t.date).collect();
        dates.sort();
        dates.dedup();
        let mut spans: BTreeMap<&str, (chrono::NaiveDate, chrono::NaiveDate)> = BTreeMap::new();
        for t in &mine {
            let e = spans
                .entry(t.trip.as_deref().unwrap_or_default())
                .or_insert((t.date, t.date));
            e.0 = e.0.min(t.date);
            e.1 = e.1.max(t.date);
        }
        let mut in_a_row = 0;
        let mut run = 0;
        for (i, d) in dates.iter().enumerate() {
            run = if i > 0 && (*d - dates[i - 1]).num_days() == 1 {
                run + 1
            } else {
                1
            };
            in_a_row = usize::max(in_a_row, run);
        }
        let first = dates[0];
        let last = dates[dates.len() - 1];
        let days_off = (last - first).num_days() as usize + 1 - dates.len();
        let team = mine[0].team.clone().unwrap_or_default();
        out.push(RestRow {
            clinician: c.id.clone(),
            name: c.name.clone(),
            team,
            trips: spans.len(),
            days: dates.len(),
            days_off,
            in_a_row,
            most_in_a_row: c.max_consecutive_days,
            rest_nights: mine.iter().filter(|t| rest_night(s, t)).count(),
            over: in_a_row as u32 > c.max_consecutive_days,
        });
    }
    out
}

/// The idle runs of the schedule, by vehicle and date, in `look`'s language.
pub fn idle_rows(schedule: &Schedule, look: &Lookup) -> Vec<IdleRow> {
    schedule
        .summary
        .idle
        .iter()
        .map(|r| IdleRow {
            team: r.team.clone().unwrap_or_default(),
            vehicle: format!("{} {}", r.vehicle, look.vehicle_name(&r.vehicle)),
            dates: if r.from == r.to {
                r.from.format("%m-%d").to_string()
            } else {
                format!("{} – {}", r.from.format("%m-%d"), r.to.format("%m-%d"))
            },
            days: r.days,
            code: r.code.title(look.lang),
            reason: r.reason_in(look.lang),
        })
        .collect()
}

/// Idle days per reason, most days first.
pub fn idle_totals(schedule: &Schedule, look: &Lookup) -> Vec<IdleTotal> {
    let mut by_code: BTreeMap<&str, IdleTotal> = BTreeMap::new();
    for r in &schedule.summary.idle {
        let e = by_code.entry(r.code.as_str()).or_insert_with(|| IdleTotal {
            code: r.code.as_str().to_string(),
            title: r.code.title(look.lang),
            runs: 0,
            days: 0,
        });
        e.runs += 1;
        e.days += r.days;
    }
    let mut out: Vec<IdleTotal> = by_code.into_values().collect();
    out.sort_by(|a, b| b.days.cmp(&a.days).then(a.code.cmp(&b.code)));
    out
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
