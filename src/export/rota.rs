//! The outputs of an expert-station rota: `rota.json` (re-read by `check`), `rota.csv` (one row
//! an expert-day, opens in Excel), per station a printable timetable poster per month
//! (`stations/ID.html`) and the short text a WeChat group carries (`stations/ID.txt`), per expert
//! an iCalendar file (`calendars/expert-ID.ics`) and the hospitals' absence chart
//! (`absence.html`: experts away per department and day, against the cap).

use super::folder::OutputDir;
use super::ics::{calendar, one_line, stamp_from_env, TIME_ZONE};
use super::sheets::weekday_name;
use super::{file_stem, ExportError};
use crate::check::Violation;
use crate::lang::{tr, Lang};
use crate::rota::{ExpertDay, Rota};
use crate::scenario::experts::ExpertProgramme;
use crate::scenario::Scenario;
use crate::text;
use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc};
use icalendar::{CalendarDateTime, Component, Event, EventLike};
use std::collections::{BTreeMap, HashMap};

/// Ids of a rota resolved against its scenario, for the words of the outputs.
struct Look<'a> {
    s: &'a Scenario,
    x: &'a ExpertProgramme,
    lang: Lang,
    expert: HashMap<&'a str, usize>,
    station: HashMap<&'a str, usize>,
    travel: crate::travel::Travel,
}

impl<'a> Look<'a> {
    fn new(s: &'a Scenario, lang: Lang) -> Result<Look<'a>, ExportError> {
        let x = s.experts.as_ref().ok_or_else(|| ExportError::Encode {
            path: "rota".into(),
            message: text!("rota-not-expert-scenario", name = s.name.as_str()).to_string(),
        })?;
        Ok(Look {
            s,
            x,
            lang,
            travel: crate::travel::Travel::build(s),
            expert: x
                .experts
                .iter()
                .enumerate()
                .map(|(i, e)| (e.id.as_str(), i))
                .collect(),
            station: x
                .stations
                .iter()
                .enumerate()
                .map(|(i, st)| (s.sites[st.site].id.as_str(), i))
                .collect(),
        })
    }

    fn expert_name(&self, id: &str) -> String {
        self.expert
            .get(id)
            .map_or_else(|| id.to_string(), |&e| self.x.experts[e].name.clone())
    }

    fn station_name(&self, id: &str) -> String {
        self.station.get(id).map_or_else(
            || id.to_string(),
            |&st| self.s.sites[self.x.stations[st].site].name.clone(),
        )
    }

    /// Specialty in the language, and the hospital's name.
    fn expert_words(&self, id: &str) -> (String, String) {
        match self.expert.get(id) {
            Some(&e) => {
                let ex = &self.x.experts[e];
                (
                    specialty_words(self.lang, ex),
                    self.s.bases[ex.hospital].name.clone(),
                )
            }
            None => (String::new(), String::new()),
        }
    }
}

/// An expert's specialties in the language, `、`-separated in Chinese.
fn specialty_words(lang: Lang, ex: &crate::scenario::experts::Expert) -> String {
    let words: Vec<String> = ex
        .specialties
        .iter()
        .map(|k| crate::lang::word(lang, "specialty", k))
        .collect();
    words.join(if lang == Lang::Zh { "、" } else { ", " })
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn month_of(d: NaiveDate) -> String {
    format!("{}-{:02}", d.year(), d.month())
}

const STYLE: &str =
    "body{font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:1.5em}\
h1{font-size:1.6em}h2{font-size:1.3em;margin-top:1em}table{border-collapse:collapse;width:100%}\
td,th{border:1px solid #555;padding:.35em .5em;text-align:left}th{background:#eee}\
.lead{font-weight:bold}.month{page-break-after:always}.month:last-child{page-break-after:auto}\
.note{color:#444;font-size:.9em}.over{background:#f4b6b6}.cap{background:#fde7a8}\
@page{size:A4;margin:15mm}";

/// A station's poster: one printed page a month, its dates and experts.
fn poster(look: &Look, station: &str, days: &[&ExpertDay], rota: &Rota) -> String {
    let scenario = rota.scenario.as_str();
    let lead = rota
        .teams
        .iter()
        .find(|t| t.station == station)
        .map(|t| t.lead.as_str());
    let lang = look.lang;
    let name = look.station_name(station);
    let mut by_month: BTreeMap<String, BTreeMap<NaiveDate, Vec<&str>>> = BTreeMap::new();
    for d in days {
        by_month
            .entry(month_of(d.date))
            .or_default()
            .entry(d.date)
            .or_default()
            .push(&d.expert);
    }
    let mut html = format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}</style></head><body>",
        lang.code(),
        esc(&text!("rota-timetable-title", station = name.as_str()).render(lang))
    );
    for (month, dates) in &by_month {
        html += "<section class=\"month\">";
        html += &format!(
            "<h1>{}</h1><h2>{}</h2><table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
            esc(&text!("rota-timetable-title", station = name.as_str()).render(lang)),
            esc(&text!("rota-timetable-month", month = month.as_str()).render(lang)),
            esc(&tr(lang, "rota-timetable-date")),
            esc(&tr(lang, "rota-timetable-weekday")),
            esc(&tr(lang, "rota-timetable-expert")),
            esc(&tr(lang, "rota-timetable-specialty")),
            esc(&tr(lang, "rota-timetable-hospital")),
        );
        for (date, experts) in dates {
            for (k, e) in experts.iter().enumerate() {
                let (specialty, hospital) = look.expert_words(e);
                let first = if k == 0 {
                    format!(
                        "<td rowspan=\"{}\">{}</td><td rowspan=\"{}\">{}</td>",
                        experts.len(),
                        date.format("%Y/%-m/%-d"),
                        experts.len(),
                        esc(&weekday_name(*date, lang))
                    )
                } else {
                    String::new()
                };
                let mut name = esc(&look.expert_name(e));
                if lead == Some(*e) {
                    name = format!(
                        "<span class=\"lead\">{name} {}</span>",
                        esc(&tr(lang, "rota-timetable-lead"))
                    );
                }
                html += &format!(
                    "<tr>{first}<td>{name}</td><td>{}</td><td>{}</td></tr>",
                    esc(&specialty),
                    esc(&hospital)
                );
            }
        }
        html += &format!(
            "</table><p class=\"note\">{}</p></section>",
            esc(&text!("rota-timetable-footer", scenario = scenario).render(lang))
        );
    }
    html += "</body></html>\n";
    html
}

/// A station's WeChat text: a short message a month, a line a clinic day.
fn wechat(look: &Look, station: &str, days: &[&ExpertDay]) -> String {
    let lang = look.lang;
    let name = look.station_name(station);
    let mut by_month: BTreeMap<String, BTreeMap<NaiveDate, Vec<String>>> = BTreeMap::new();
    for d in days {
        let (specialty, _) = look.expert_words(&d.expert);
        by_month
            .entry(month_of(d.date))
            .or_default()
            .entry(d.date)
            .or_default()
            .push(format!("{}({specialty})", look.expert_name(&d.expert)));
    }
    let mut out = String::new();
    for (month, dates) in &by_month {
        out += &text!(
            "rota-wechat-head",
            station = name.as_str(),
            month = month.as_str()
        )
        .render(lang);
        out.push('\n');
        for (date, names) in dates {
            out += &text!(
                "rota-wechat-line",
                date = date.format("%-m/%-d").to_string(),
                weekday = weekday_name(*date, lang),
                names = names.join("、")
            )
            .render(lang);
            out.push('\n');
        }
        out += &tr(lang, "rota-wechat-tail");
        out += "\n\n";
    }
    out
}

/// An expert's calendar: an all-day-shaped event (08:00–17:00) on each of their station days.
fn expert_calendar(look: &Look, rota: &Rota, expert: usize, stamp: DateTime<Utc>) -> String {
    let lang = look.lang;
    let ex = &look.x.experts[expert];
    let team = rota
        .teams
        .iter()
        .find(|t| t.lead == ex.id || t.members.contains(&ex.id));
    let role = match team {
        Some(t) if t.lead == ex.id => tr(lang, "rota-role-lead"),
        _ => tr(lang, "rota-role-member"),
    };
    let mut events = Vec::new();
    for d in rota.days.iter().filter(|d| d.expert == ex.id) {
        let station = look.station_name(&d.station);
        let minutes = look.station.get(d.station.as_str()).map_or(0.0, |&st| {
            look.travel.minutes(
                look.s.base_location(ex.hospital),
                look.s.site_location(look.x.stations[st].site),
            )
        });
        let start = d
            .date
            .and_time(NaiveTime::from_hms_opt(8, 0, 0).expect("08:00"));
        let end = d
            .date
            .and_time(NaiveTime::from_hms_opt(17, 0, 0).expect("17:00"));
        let mut e = Event::new();
        e.uid(&format!(
            "{}-{}-{}@outreach",
            file_stem(&rota.scenario),
            d.date.format("%Y%m%d"),
            file_stem(&ex.id)
        ))
        .timestamp(stamp)
        .summary(&one_line(
            &text!("rota-ics-summary", station = station.as_str()).render(lang),
        ))
        .description(&one_line(
            &text!(
                "rota-ics-description",
                role = role.as_str(),
                station = station.as_str(),
                specialty = specialty_words(lang, ex),
                minutes = format!("{minutes:.0}"),
                hospital = look.s.bases[ex.hospital].name.as_str()
            )
            .render(lang),
        ))
        .location(&one_line(&station))
        .starts(CalendarDateTime::WithTimezone {
            date_time: start,
            tzid: TIME_ZONE.into(),
        })
        .ends(CalendarDateTime::WithTimezone {
            date_time: end,
            tzid: TIME_ZONE.into(),
        });
        events.push(e.done());
    }
    calendar(
        &format!("{} {} — {}", ex.id, ex.name, rota.scenario),
        events,
    )
}

/// The absence chart: per hospital, a row a department, a column a working day, the experts away.
fn absence(look: &Look, rota: &Rota) -> String {
    let lang = look.lang;
    let s = look.s;
    let default_cap = look.x.rules.max_away_per_department;
    let mut away: BTreeMap<(usize, &str), BTreeMap<NaiveDate, u32>> = BTreeMap::new();
    for ex in &look.x.experts {
        let h = ex.hospital;
        away.entry((h, ex.department.as_str())).or_default();
    }
    for d in &rota.days {
        if let Some(&e) = look.expert.get(d.expert.as_str()) {
            let ex = &look.x.experts[e];
            *away
                .entry((ex.hospital, ex.department.as_str()))
                .or_default()
                .entry(d.date)
                .or_default() += 1;
        }
    }
    let days: Vec<NaiveDate> = s
        .horizon
        .working_days()
        .map(|d| s.horizon.date(d))
        .collect();
    let title = tr(lang, "rota-absence-title");
    let mut html = format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}\
td,th{{padding:.15em .25em;font-size:.75em;text-align:center}}@page{{size:A4 landscape}}</style></head><body><h1>{}</h1><p class=\"note\">{}</p>",
        lang.code(),
        esc(&title),
        esc(&title),
        esc(&text!("rota-absence-note", cap = default_cap).render(lang))
    );
    let mut last_hospital = usize::MAX;
    for ((h, dept), by_day) in &away {
        if *h != last_hospital {
            if last_hospital != usize::MAX {
                html += "</table>";
            }
            last_hospital = *h;
            html += &format!("<h2>{}</h2><table><tr><th></th>", esc(&s.bases[*h].name));
            for d in &days {
                html += &format!("<th>{}</th>", d.format("%-m/%-d"));
            }
            html += "</tr>";
        }
        let cap = look.x.department_cap(*h, dept);
        if cap == default_cap {
            html += &format!("<tr><th>{}</th>", esc(dept));
        } else {
            html += &format!("<tr><th>{} (≤{cap})</th>", esc(dept));
        }
        for d in &days {
            let n = by_day.get(d).copied().unwrap_or(0);
            let class = if n > cap {
                " class=\"over\""
            } else if n == cap && n > 0 {
                " class=\"cap\""
            } else {
                ""
            };
            if n == 0 {
                html += "<td></td>";
            } else {
                html += &format!("<td{class}>{n}</td>");
            }
        }
        html += "</tr>";
    }
    if last_hospital != usize::MAX {
        html += "</table>";
    }
    html += "</body></html>\n";
    html
}

/// `rota.csv`: one row an expert-day, with a byte-order mark so Excel reads it as UTF-8.
fn rota_csv(look: &Look, rota: &Rota) -> Result<Vec<u8>, String> {
    let mut w = csv::Writer::from_writer(Vec::from("\u{feff}".as_bytes()));
    let e = |e: csv::Error| e.to_string();
    w.write_record([
        "date",
        "weekday",
        "station",
        "station_name",
        "expert",
        "expert_name",
        "specialty",
        "hospital",
        "department",
    ])
    .map_err(e)?;
    for d in &rota.days {
        let (hospital, department, specialty) = match look.expert.get(d.expert.as_str()) {
            Some(&i) => {
                let ex = &look.x.experts[i];
                (
                    look.s.bases[ex.hospital].name.clone(),
                    ex.department.clone(),
                    ex.specialties.join(";"),
                )
            }
            None => Default::default(),
        };
        w.write_record([
            d.date.format("%Y/%-m/%-d").to_string(),
            weekday_name(d.date, look.lang),
            d.station.clone(),
            look.station_name(&d.station),
            d.expert.clone(),
            look.expert_name(&d.expert),
            specialty,
            hospital,
            department,
        ])
        .map_err(e)?;
    }
    w.into_inner().map_err(|e| e.to_string())
}

/// Writes every output of a rota into `out`, as a set; the paths (or counts) written, for the
/// console.
pub fn write_rota(
    mut out: OutputDir,
    rota: &Rota,
    scenario: &Scenario,
    violations: &[Violation],
) -> Result<Vec<String>, ExportError> {
    let look = Look::new(scenario, crate::lang::current())?;
    let target = out.target().to_path_buf();
    let mut written = Vec::new();
    out.write("rota.json", rota.to_json().as_bytes())?;
    written.push(target.join("rota.json").display().to_string());
    let csv = rota_csv(&look, rota).map_err(|message| ExportError::Encode {
        path: target.join("rota.csv").display().to_string(),
        message,
    })?;
    out.write("rota.csv", &csv)?;
    written.push(target.join("rota.csv").display().to_string());
    if !violations.is_empty() {
        let lines: Vec<String> = violations.iter().map(|v| v.to_string()).collect();
        out.write("violations.txt", (lines.join("\n") + "\n").as_bytes())?;
    }
    let mut by_station: BTreeMap<&str, Vec<&ExpertDay>> = BTreeMap::new();
    for st in &look.x.stations {
        by_station.insert(&scenario.sites[st.site].id, vec![]);
    }
    for d in &rota.days {
        by_station.entry(&d.station).or_default().push(d);
    }
    for (station, days) in &by_station {
        let stem = file_stem(station);
        out.write(
            &format!("stations/{stem}.html"),
            poster(&look, station, days, rota).as_bytes(),
        )?;
        out.write(
            &format!("stations/{stem}.txt"),
            wechat(&look, station, days).as_bytes(),
        )?;
    }
    written.push(
        text!(
            "export-print-written",
            path = target.join("stations").display().to_string(),
            count = by_station.len() * 2
        )
        .to_string(),
    );
    let stamp = stamp_from_env();
    for (i, ex) in look.x.experts.iter().enumerate() {
        out.write(
            &format!("calendars/expert-{}.ics", file_stem(&ex.id)),
            expert_calendar(&look, rota, i, stamp).as_bytes(),
        )?;
    }
    written.push(
        text!(
            "export-calendars-written",
            path = target.join("calendars").display().to_string(),
            count = look.x.experts.len()
        )
        .to_string(),
    );
    out.write("absence.html", absence(&look, rota).as_bytes())?;
    written.push(target.join("absence.html").display().to_string());
    out.commit(|rel| {
        rel.starts_with("stations/")
            || rel.starts_with("calendars/")
            || matches!(
                rel,
                "rota.json" | "rota.csv" | "absence.html" | "violations.txt"
            )
    })?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_cells_are_escaped() {
        assert_eq!(esc("<a & \"b\">"), "&lt;a &amp; &quot;b&quot;&gt;");
    }
}
