//! `report.html`: one self-contained page (inline CSS and SVG, no script, no network) with the KPIs,
//! a map, Gantt charts of vehicles and clinicians, the unmet requirements with their reasons, and one
//! printable day sheet per tour-day. The template is askama's, which HTML-escapes every value unless
//! it is marked safe; only the SVG drawn by plotters (which escapes its own text) is.

use super::{svg, Lookup};
use crate::check::Violation;
use crate::schedule::Schedule;
use askama::Template;
use std::collections::BTreeMap;

pub struct Kpi {
    pub name: &'static str,
    pub value: String,
}

pub struct UnmetRow {
    pub site: String,
    pub site_name: String,
    pub period: String,
    pub specialty: String,
    pub missing: u32,
    pub required: u32,
    pub reason: String,
}

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
    /// "Trip T1-20270601, day 2 of 5" (empty for a day route).
    pub trip: String,
    pub depart: String,
    pub return_time: String,
    pub distance_km: String,
    pub drive_minutes: String,
    /// Empty when the scenario has no loads.
    pub load: String,
    pub crew: Vec<CrewRow>,
    pub stops: Vec<StopRow>,
}

pub struct DayLinks {
    pub date: String,
    pub sheets: Vec<(String, String)>,
}

pub struct Swatch {
    pub id: String,
    pub name: String,
    pub colour: String,
}

#[derive(Template)]
#[template(path = "report.html")]
pub struct Report {
    pub title: String,
    pub description: String,
    pub horizon: String,
    pub seed: u64,
    pub kpis: Vec<Kpi>,
    pub violations: Vec<String>,
    pub violation_count: usize,
    pub map_svg: String,
    pub vehicles_svg: String,
    pub clinicians_svg: String,
    pub swatches: Vec<Swatch>,
    pub unmet: Vec<UnmetRow>,
    pub index: Vec<DayLinks>,
    pub sheets: Vec<Sheet>,
}

fn kpis(schedule: &Schedule) -> Vec<Kpi> {
    let m = &schedule.summary;
    let pct = |x: f64| format!("{:.2} %", x * 100.0);
    let mut out = vec![
        Kpi {
            name: "Visits met",
            value: format!("{} of {}", m.visits_met, m.visits_required),
        },
        Kpi {
            name: "Visits missing",
            value: m.unmet.iter().map(|u| u.missing).sum::<u32>().to_string(),
        },
        Kpi {
            name: "Tour-days",
            value: m.tours.to_string(),
        },
        Kpi {
            name: "Vehicle-days",
            value: m.vehicle_days.to_string(),
        },
        Kpi {
            name: "Clinician-days",
            value: m.clinician_days.to_string(),
        },
        Kpi {
            name: "Population reached",
            value: format!("{:.0}", m.population_reached),
        },
        Kpi {
            name: "Distance",
            value: format!("{:.0} km", m.distance_km),
        },
        Kpi {
            name: "Cost",
            value: format!("¥{:.0}", m.cost),
        },
        Kpi {
            name: "Objective (cost + penalties)",
            value: format!("{:.0}", m.objective),
        },
    ];
    match m.bound {
        Some(b) => out.push(Kpi {
            name: "Proven lower bound",
            value: format!("{b:.0}"),
        }),
        None => out.push(Kpi {
            name: "Pool bound (generated tours only)",
            value: format!("{:.0}", m.pool_bound),
        }),
    }
    out.push(Kpi {
        name: "Gap",
        value: format!("{} (against the {})", pct(m.gap), m.gap_basis),
    });
    out.push(Kpi {
        name: "Solve time",
        value: format!("{:.1} s", m.solve_seconds),
    });
    out
}

fn weekday_name(d: chrono::NaiveDate) -> &'static str {
    use chrono::Datelike;
    [
        "Mon 周一",
        "Tue 周二",
        "Wed 周三",
        "Thu 周四",
        "Fri 周五",
        "Sat 周六",
        "Sun 周日",
    ][d.weekday().num_days_from_monday() as usize]
}

pub fn render(
    schedule: &Schedule,
    look: &Lookup,
    violations: &[Violation],
) -> Result<String, String> {
    let s = look.scenario;
    let h = &s.horizon;
    let day_of = |d: chrono::NaiveDate| h.day_of(d);

    let mut vehicle_rows = Vec::new();
    for v in &s.vehicles {
        let colour = svg::rgb(&look.vehicle_colour(&v.id));
        let bars = schedule
            .tours
            .iter()
            .filter(|t| t.vehicle == v.id)
            .filter_map(|t| day_of(t.date).map(|d| (d, colour)))
            .collect();
        let shaded = (0..h.days)
            .filter(|&d| {
                v.unavailable
                    .iter()
                    .any(|r| r.0 <= h.date(d) && h.date(d) <= r.1)
            })
            .collect();
        vehicle_rows.push(svg::Row {
            label: format!("{} {}", v.id, v.name),
            shaded,
            bars,
        });
    }
    let mut clinician_rows = Vec::new();
    for c in &s.clinicians {
        let bars = schedule
            .tours
            .iter()
            .filter(|t| t.crew.iter().any(|m| m.clinician == c.id))
            .filter_map(|t| day_of(t.date).map(|d| (d, svg::rgb(&look.vehicle_colour(&t.vehicle)))))
            .collect();
        let shaded = (0..h.days)
            .filter(|&d| c.leave.iter().any(|r| r.0 <= h.date(d) && h.date(d) <= r.1))
            .collect();
        clinician_rows.push(svg::Row {
            label: format!("{} {} ({})", c.id, c.name, c.role),
            shaded,
            bars,
        });
    }

    let mut sheets = Vec::new();
    let mut index: BTreeMap<chrono::NaiveDate, Vec<(String, String)>> = BTreeMap::new();
    for (i, t) in schedule.tours.iter().enumerate() {
        let anchor = format!("sheet-{}", i + 1);
        index
            .entry(t.date)
            .or_default()
            .push((anchor.clone(), t.vehicle.clone()));
        sheets.push(Sheet {
            anchor,
            date: t.date.to_string(),
            weekday: weekday_name(t.date).to_string(),
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
            trip: t.trip.as_ref().map_or(String::new(), |id| {
                format!(
                    "Trip {id}{}, day {} of {}",
                    t.team
                        .as_ref()
                        .map(|g| format!(" (team {g})"))
                        .unwrap_or_default(),
                    t.trip_day,
                    t.trip_days
                )
            }),
            depart: t.depart.clone(),
            return_time: t.return_time.clone(),
            distance_km: format!("{:.1}", t.distance_km),
            drive_minutes: format!("{:.0}", t.drive_minutes),
            load: if t.load_kg > 0.0 {
                format!("{:.0} kg of supplies", t.load_kg)
            } else {
                String::new()
            },
            crew: t
                .crew
                .iter()
                .map(|c| CrewRow {
                    clinician: c.clinician.clone(),
                    name: c.name.clone(),
                    slot: c.slot.clone(),
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
                    specialty: st.specialty.clone().unwrap_or_default(),
                    notes: look.site_notes(&st.site).unwrap_or_default().to_string(),
                })
                .collect(),
        });
    }

    let used: std::collections::BTreeSet<&str> =
        schedule.tours.iter().map(|t| t.vehicle.as_str()).collect();
    let report = Report {
        title: format!("outreach plan: {}", s.name),
        description: s.description.clone(),
        horizon: format!(
            "{} – {} ({} days, {} working)",
            h.start,
            h.end(),
            h.days,
            h.working_days().count()
        ),
        seed: schedule.seed,
        kpis: kpis(schedule),
        violations: violations.iter().take(50).map(|v| v.to_string()).collect(),
        violation_count: violations.len(),
        map_svg: svg::map(schedule, look)?,
        vehicles_svg: svg::gantt(&vehicle_rows, h.days, &h.working, h.start)?,
        clinicians_svg: svg::gantt(&clinician_rows, h.days, &h.working, h.start)?,
        swatches: s
            .vehicles
            .iter()
            .filter(|v| used.contains(v.id.as_str()))
            .map(|v| Swatch {
                id: v.id.clone(),
                name: v.name.clone(),
                colour: look.vehicle_colour(&v.id),
            })
            .collect(),
        unmet: schedule
            .summary
            .unmet
            .iter()
            .map(|u| UnmetRow {
                site: u.site.clone(),
                site_name: u.site_name.clone(),
                period: u.period.clone(),
                specialty: u.specialty.clone().unwrap_or_default(),
                missing: u.missing,
                required: u.required,
                reason: u.reason.clone(),
            })
            .collect(),
        index: index
            .into_iter()
            .map(|(d, sheets)| DayLinks {
                date: d.format("%m-%d").to_string(),
                sheets,
            })
            .collect(),
        sheets,
    };
    report.render().map_err(|e| e.to_string())
}
