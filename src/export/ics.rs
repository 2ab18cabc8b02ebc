//! iCalendar (RFC 5545): one calendar per vehicle and one per clinician, an event per tour-day.
//!
//! Times are local wall-clock times in Asia/Shanghai (China keeps one time zone, Tibet included),
//! written with a `TZID` and the matching `VTIMEZONE`, so phones show them right wherever they are.
//! A UID is built from the scenario, the date, the vehicle and the calendar's owner only, so
//! re-exporting the same plan gives the same UIDs and a phone updates events instead of doubling
//! them, while the same tour in a vehicle's and a clinician's calendar stays two events (a phone
//! that subscribes to both would otherwise keep one). Names are written on one line each: a line
//! break inside a scenario's name would end the property.

use super::sheets::slot_words;
use super::{file_stem, Lookup};
use crate::lang::{tr, word};
use crate::schedule::{Schedule, TourDay};
use crate::text;
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use icalendar::{Calendar, CalendarDateTime, Component, Event, EventLike};
use std::collections::HashMap;

pub const TIME_ZONE: &str = "Asia/Shanghai";

/// China Standard Time: +08:00 all year, no daylight saving since 1991. Spliced in as text because
/// the calendar writer stamps every component it writes with a DTSTAMP and a random UID, which a
/// VTIMEZONE must not have.
const VTIMEZONE: &str = "BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai\r\nBEGIN:STANDARD\r\n\
DTSTART:19700101T000000\r\nTZOFFSETFROM:+0800\r\nTZOFFSETTO:+0800\r\nTZNAME:CST\r\n\
END:STANDARD\r\nEND:VTIMEZONE\r\n";

/// The stamp put on every event: `SOURCE_DATE_EPOCH` when set (reproducible exports), else now.
pub fn stamp_from_env() -> DateTime<Utc> {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| DateTime::from_timestamp(secs, 0))
        .unwrap_or_else(Utc::now)
}

/// `HH:MM` (possibly past 24:00 on a long day) on `date`, as a local date-time.
fn at(date: NaiveDate, clock: &str) -> NaiveDateTime {
    let minutes = clock
        .split_once(':')
        .and_then(|(h, m)| Some(h.trim().parse::<i64>().ok()? * 60 + m.trim().parse::<i64>().ok()?))
        .unwrap_or(0);
    date.and_time(NaiveTime::MIN) + chrono::Duration::minutes(minutes)
}

fn uid(schedule: &Schedule, t: &TourDay, owner: &str) -> String {
    format!(
        "{}-{}-{}-{}@outreach",
        file_stem(&schedule.scenario),
        t.date.format("%Y%m%d"),
        file_stem(&t.vehicle),
        file_stem(owner)
    )
}

/// A name or note on one line: carriage returns and line feeds become spaces.
pub(super) fn one_line(text: &str) -> String {
    text.replace(['\r', '\n'], " ")
}

fn event(
    schedule: &Schedule,
    t: &TourDay,
    look: &Lookup,
    stamp: DateTime<Utc>,
    owner: &str,
) -> Event {
    let first = t.stops.first();
    let vehicle = one_line(&look.vehicle_name(&t.vehicle));
    let lang = look.lang;
    let summary = match first {
        Some(s) if t.stops.len() > 1 => text!(
            "ics-summary-many",
            vehicle = &vehicle,
            first = one_line(&s.site_name),
            more = t.stops.len() - 1,
            stops = t.stops.len()
        ),
        Some(s) => text!(
            "ics-summary-one",
            vehicle = &vehicle,
            first = one_line(&s.site_name)
        ),
        None if t.to.is_some() || t.from.is_some() => text!(
            "ics-summary-transfer",
            vehicle = &vehicle,
            from = one_line(&look.place_name(&t.base, t.from.as_deref())),
            to = one_line(&look.place_name(&t.base, t.to.as_deref()))
        ),
        None => text!("ics-summary-none", vehicle = &vehicle),
    }
    .render(lang);
    let mut lines = vec![
        text!("ics-vehicle", id = &t.vehicle, name = &vehicle).render(lang),
        text!(
            "ics-base",
            id = &t.base,
            name = one_line(&look.base_name(&t.base))
        )
        .render(lang),
        text!(
            "ics-times",
            depart = &t.depart,
            back = &t.return_time,
            km = format!("{:.1}", t.distance_km),
            minutes = format!("{:.0}", t.drive_minutes)
        )
        .render(lang),
        tr(lang, "ics-crew"),
    ];
    if let Some(trip) = &t.trip {
        // A day of a multi-day tour: where the team woke up and where it sleeps.
        lines.insert(
            2,
            text!(
                "ics-trip",
                trip = trip,
                day = t.trip_day,
                days = t.trip_days,
                from = one_line(&look.place_name(&t.base, t.from.as_deref())),
                to = one_line(&look.place_name(&t.base, t.to.as_deref()))
            )
            .render(lang),
        );
    }
    for c in &t.crew {
        lines.push(format!(
            "  {} {} ({})",
            c.clinician,
            one_line(&c.name),
            slot_words(&c.slot, lang)
        ));
    }
    lines.push(tr(lang, "ics-stops"));
    for s in &t.stops {
        let specialty = s
            .specialty
            .as_deref()
            .map(|x| format!(" [{}]", word(lang, "specialty", x)))
            .unwrap_or_default();
        lines.push(format!(
            "  {}. {}–{} {} {}{}",
            s.seq,
            s.arrival,
            s.departure,
            s.site,
            one_line(&s.site_name),
            specialty
        ));
        if let Some(note) = look.site_notes(&s.site).filter(|n| !n.is_empty()) {
            lines.push(format!("     {}", one_line(note)));
        }
    }
    let start = at(t.date, &t.depart);
    let end = at(t.date, &t.return_time).max(start);
    let mut e = Event::new();
    e.uid(&uid(schedule, t, owner))
        .timestamp(stamp)
        .summary(&summary)
        .description(&lines.join("\n"))
        .starts(CalendarDateTime::WithTimezone {
            date_time: start,
            tzid: TIME_ZONE.into(),
        })
        .ends(CalendarDateTime::WithTimezone {
            date_time: end,
            tzid: TIME_ZONE.into(),
        })
        .add_property("SEQUENCE", t.sequence.to_string())
        .add_property("TRANSP", "OPAQUE");
    if let Some(s) = first {
        e.location(&one_line(&s.site_name));
        if let Some((lat, lon)) = look.site_point(&s.site) {
            e.add_property("GEO", format!("{lat:.6};{lon:.6}"));
        }
    } else if t.to.is_some() || t.from.is_some() {
        // A transfer day (no stops): from where the team woke up to where it ends the day.
        e.location(&format!(
            "{} → {}",
            one_line(&look.place_name(&t.base, t.from.as_deref())),
            one_line(&look.place_name(&t.base, t.to.as_deref()))
        ));
    }
    e.done()
}

/// A tour-day a re-plan cancelled, as its owner's phone must see it: the same UID, a higher
/// `SEQUENCE` and `STATUS:CANCELLED`.
fn cancelled_event(
    schedule: &Schedule,
    t: &TourDay,
    look: &Lookup,
    stamp: DateTime<Utc>,
    owner: &str,
) -> Event {
    let mut e = event(schedule, t, look, stamp, owner);
    e.add_property("STATUS", "CANCELLED");
    let summary = text!(
        "ics-cancelled",
        summary = e.get_summary().unwrap_or_default()
    )
    .render(look.lang);
    e.summary(&summary);
    e.done()
}

/// An owner's events: live tour-days, then cancelled ones whose UID no live event takes over.
fn events_of(
    schedule: &Schedule,
    look: &Lookup,
    stamp: DateTime<Utc>,
    owner: &str,
    mine: impl Fn(&TourDay) -> bool,
) -> Vec<Event> {
    let live: Vec<&TourDay> = schedule.tours.iter().filter(|t| mine(t)).collect();
    let mut events: Vec<Event> = live
        .iter()
        .map(|t| event(schedule, t, look, stamp, owner))
        .collect();
    let taken: std::collections::HashSet<String> =
        live.iter().map(|t| uid(schedule, t, owner)).collect();
    let mut gone: Vec<&TourDay> = schedule
        .cancelled
        .iter()
        .filter(|t| mine(t) && !taken.contains(&uid(schedule, t, owner)))
        .collect();
    gone.sort_by(|a, b| (a.date, &a.vehicle).cmp(&(b.date, &b.vehicle)));
    gone.dedup_by(|a, b| a.date == b.date && a.vehicle == b.vehicle);
    events.extend(
        gone.into_iter()
            .map(|t| cancelled_event(schedule, t, look, stamp, owner)),
    );
    events
}

pub(super) fn calendar(name: &str, events: Vec<Event>) -> String {
    let mut cal = Calendar::new();
    cal.properties.retain(|p| p.key() != "PRODID");
    cal.append_property(("PRODID", "-//outreach//outreach schedule//EN"));
    cal.append_property(("METHOD", "PUBLISH"));
    cal.name(&one_line(name)).timezone(TIME_ZONE);
    for e in events {
        cal.push(e);
    }
    let text = cal.to_string();
    // The zone goes before the first event (or the end): components may come in any order, but
    // readers that resolve a TZID on the fly want the zone first.
    let at = text
        .find("BEGIN:VEVENT")
        .or_else(|| text.rfind("END:VCALENDAR"))
        .unwrap_or(text.len());
    format!("{}{VTIMEZONE}{}", &text[..at], &text[at..])
}

/// Every calendar of the plan: `(file name, text)`, vehicles first, then clinicians, each in the
/// scenario's order; a vehicle or clinician without duty gets an empty calendar, so nobody is left
/// wondering whether their file is missing. Two ids that would share a file name are an error,
/// never one calendar overwriting the other.
pub fn calendars(
    schedule: &Schedule,
    look: &Lookup,
    stamp: DateTime<Utc>,
) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for v in &look.scenario.vehicles {
        let events = events_of(schedule, look, stamp, &v.id, |t| t.vehicle == v.id);
        out.push((
            format!("vehicle-{}.ics", file_stem(&v.id)),
            calendar(
                &format!("{} {} — {}", v.id, v.name, schedule.scenario),
                events,
            ),
        ));
    }
    for c in &look.scenario.clinicians {
        let events = events_of(schedule, look, stamp, &c.id, |t| {
            t.crew.iter().any(|m| m.clinician == c.id)
        });
        out.push((
            format!("clinician-{}.ics", file_stem(&c.id)),
            calendar(
                &format!("{} {} — {}", c.id, c.name, schedule.scenario),
                events,
            ),
        ));
    }
    let owners = look
        .scenario
        .vehicles
        .iter()
        .map(|v| &v.id)
        .chain(look.scenario.clinicians.iter().map(|c| &c.id));
    let mut names: HashMap<String, &String> = HashMap::new();
    for ((file, _), id) in out.iter().zip(owners) {
        // Case too: Windows and macOS do not tell `V1` from `v1`.
        if let Some(other) = names.insert(file.to_lowercase(), id) {
            return Err(format!(
                "`{other}` and `{id}` would both be written to calendars/{file}; give them ids \
                 that differ in more than letter case"
            ));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_past_midnight_rolls_over() {
        let d = NaiveDate::from_ymd_opt(2027, 1, 4).unwrap();
        assert_eq!(at(d, "07:30").to_string(), "2027-01-04 07:30:00");
        assert_eq!(at(d, "25:10").to_string(), "2027-01-05 01:10:00");
    }

    #[test]
    fn vtimezone_survives_the_writer() {
        let text = calendar("x", vec![]);
        assert!(text.contains("BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai\r\n"));
        assert!(text.contains("TZOFFSETTO:+0800\r\n"));
        assert!(text.contains("PRODID:-//outreach//outreach schedule//EN\r\n"));
        assert_eq!(text.matches("PRODID").count(), 1);
    }
}
