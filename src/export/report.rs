//! `report.html`: one self-contained page (inline CSS and SVG, no script, no network) with the KPIs,
//! a map, Gantt charts of vehicles and clinicians, the unmet requirements with their reasons, and one
//! printable day sheet per tour-day. The template is askama's, which HTML-escapes every value unless
//! it is marked safe; only the SVG drawn by plotters (which escapes its own text) is.

use super::sheets::{sheet, Sheet};
use super::{svg, Lookup};
use crate::check::Violation;
use crate::lang::{tr, word, Lang};
use crate::schedule::{Schedule, Summary, TourDay};
use crate::text;
use askama::Template;
use std::collections::BTreeMap;

pub struct Kpi {
    pub name: String,
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

/// A change of the last re-plan, in the report's words.
pub struct ChangeRow {
    pub date: String,
    pub vehicle: String,
    pub clinician: String,
    pub what: String,
    pub sites: String,
    pub why: String,
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
    pub lang: Lang,
    pub lang_code: &'static str,
    pub title: String,
    pub description: String,
    pub horizon: String,
    pub footer: String,
    pub kpis: Vec<Kpi>,
    /// Bound, gap and the solver's figures, for those who ask.
    pub optimality: Vec<Kpi>,
    pub violations: Vec<String>,
    pub violation_count: usize,
    pub violations_heading: String,
    pub map_svg: String,
    pub vehicles_svg: String,
    pub clinicians_svg: String,
    pub swatches: Vec<Swatch>,
    pub unmet: Vec<UnmetRow>,
    /// Multi-day trips (campaigns only) and nights up high per clinician and month.
    pub trips: Vec<super::trips::TripRow>,
    pub high_nights: Vec<super::trips::HighNightRow>,
    pub high_line: String,
    /// Each clinician's work and rest on trips.
    pub rest: Vec<super::trips::RestRow>,
    /// Runs of idle days per vehicle (team) with the reason, and the days per reason.
    pub idle: Vec<super::trips::IdleRow>,
    pub idle_totals: Vec<super::trips::IdleTotal>,
    /// What the last re-plan changed (empty for a plan made from scratch).
    pub changes: Vec<ChangeRow>,
    pub index: Vec<DayLinks>,
    pub sheets: Vec<Sheet>,
}

impl Report {
    /// A word of the report in its language (the templates call it).
    pub fn t(&self, id: &str) -> String {
        tr(self.lang, id)
    }
}

/// The figures a planner reads first, in their words: coverage, visits, tour-days, vehicle-days.
pub fn kpis(m: &Summary, lang: Lang) -> Vec<Kpi> {
    let kpi = |id: &str, value: String| Kpi {
        name: tr(lang, id),
        value,
    };
    let coverage = if m.visits_required == 0 {
        1.0
    } else {
        m.visits_met as f64 / m.visits_required as f64
    };
    vec![
        kpi("kpi-coverage", format!("{:.1} %", coverage * 100.0)),
        kpi(
            "kpi-visits-met",
            text!("kpi-of", part = m.visits_met, whole = m.visits_required).render(lang),
        ),
        kpi(
            "kpi-visits-missing",
            m.unmet.iter().map(|u| u.missing).sum::<u32>().to_string(),
        ),
        kpi("kpi-tour-days", m.tours.to_string()),
        kpi("kpi-vehicle-days", m.vehicle_days.to_string()),
        kpi("kpi-clinician-days", m.clinician_days.to_string()),
        kpi("kpi-population", format!("{:.0}", m.population_reached)),
        kpi("kpi-distance", format!("{:.0} km", m.distance_km)),
        kpi("kpi-cost", format!("¥{:.0}", m.cost)),
    ]
}

/// The proof: objective, bound and gap, and what the solver spent.
pub fn optimality(m: &Summary, seed: u64, lang: Lang) -> Vec<Kpi> {
    let kpi = |id: &str, value: String| Kpi {
        name: tr(lang, id),
        value,
    };
    let mut out = vec![kpi("kpi-objective", format!("{:.0}", m.objective))];
    match m.bound {
        Some(b) => out.push(kpi("kpi-bound", format!("{b:.0}"))),
        None => out.push(kpi("kpi-pool-bound", format!("{:.0}", m.pool_bound))),
    }
    out.push(kpi("kpi-gap", format!("{:.2} %", m.gap * 100.0)));
    out.push(kpi("kpi-pool-gap", format!("{:.2} %", m.pool_gap * 100.0)));
    if let Some(t) = &m.tree {
        out.push(kpi(
            "kpi-tree",
            text!(
                "kpi-tree-value",
                nodes = t.nodes,
                cuts = t.cuts,
                root = format!("{:.0}", t.root_bound),
                ended = match t.stopped {
                    _ if t.closed => "closed",
                    Some(stop) => stop.code(),
                    None => "node_limit",
                }
            )
            .render(lang),
        ));
    }
    out.push(kpi("kpi-solve-time", format!("{:.1} s", m.solve_seconds)));
    out.push(kpi("kpi-seed", seed.to_string()));
    out
}

pub fn render(
    schedule: &Schedule,
    look: &Lookup,
    violations: &[Violation],
) -> Result<String, String> {
    let s = look.scenario;
    let h = &s.horizon;

    let tours: Vec<&TourDay> = schedule.tours.iter().collect();
    let vehicle_rows: Vec<svg::Row> = s
        .vehicles
        .iter()
        .map(|v| vehicle_row(look, v, &tours))
        .collect();
    let clinician_rows: Vec<svg::Row> = s
        .clinicians
        .iter()
        .map(|c| {
            let mut row = clinician_row(look, c, &tours);
            row.label = format!("{} ({})", row.label, word(look.lang, "role", &c.role));
            row
        })
        .collect();

    let mut sheets = Vec::new();
    let mut index: BTreeMap<chrono::NaiveDate, Vec<(String, String)>> = BTreeMap::new();
    for (i, t) in schedule.tours.iter().enumerate() {
        let anchor = format!("sheet-{}", i + 1);
        index
            .entry(t.date)
            .or_default()
            .push((anchor.clone(), t.vehicle.clone()));
        sheets.push(sheet(t, look, anchor));
    }

    let used: std::collections::BTreeSet<&str> =
        schedule.tours.iter().map(|t| t.vehicle.as_str()).collect();
    let lang = look.lang;
    let shown = violations.len().min(50);
    let report = Report {
        lang,
        lang_code: lang.code(),
        title: text!("report-title", name = &s.name).render(lang),
        description: s.description.clone(),
        horizon: horizon_words(look, schedule.seed),
        footer: text!("report-footer", seed = schedule.seed).render(lang),
        kpis: kpis(&schedule.summary, lang),
        optimality: optimality(&schedule.summary, schedule.seed, lang),
        violations: violations
            .iter()
            .take(shown)
            .map(|v| v.render(lang))
            .collect(),
        violation_count: violations.len(),
        violations_heading: if shown < violations.len() {
            text!(
                "report-violations-some",
                count = violations.len(),
                shown = shown
            )
        } else {
            text!("report-violations", count = violations.len())
        }
        .render(lang),
        map_svg: svg::map(&schedule.tours, look, svg::SCREEN)?,
        vehicles_svg: svg::gantt(&vehicle_rows, h.days, &h.working, h.start, svg::SCREEN)?,
        clinicians_svg: svg::gantt(&clinician_rows, h.days, &h.working, h.start, svg::SCREEN)?,
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
                reason: u.reason_in(lang),
            })
            .collect(),
        trips: super::trips::trip_rows(schedule, look),
        high_nights: super::trips::high_night_rows(schedule, look),
        high_line: super::trips::high_line_words(look),
        rest: super::trips::rest_rows(schedule, look),
        idle: super::trips::idle_rows(schedule, look),
        idle_totals: super::trips::idle_totals(schedule, look),
        changes: schedule
            .changes
            .iter()
            .map(|c| ChangeRow {
                date: c.date.to_string(),
                vehicle: c.vehicle.clone(),
                clinician: c.clinician.clone().unwrap_or_default(),
                what: c.words(lang),
                sites: c.sites.join(" "),
                why: c.events.join("; "),
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

/// A vehicle's Gantt row over `tours`: a bar per tour-day, its maintenance days shaded.
pub fn vehicle_row(look: &Lookup, v: &crate::scenario::Vehicle, tours: &[&TourDay]) -> svg::Row {
    let h = &look.scenario.horizon;
    let colour = svg::rgb(&look.vehicle_colour(&v.id));
    svg::Row {
        label: format!("{} {}", v.id, v.name),
        shaded: (0..h.days)
            .filter(|&d| {
                v.unavailable
                    .iter()
                    .any(|r| r.0 <= h.date(d) && h.date(d) <= r.1)
            })
            .collect(),
        bars: tours
            .iter()
            .filter(|t| t.vehicle == v.id)
            .filter_map(|t| h.day_of(t.date).map(|d| (d, colour)))
            .collect(),
    }
}

/// A clinician's Gantt row over `tours`: a bar in the colour of the vehicle ridden, leave shaded.
pub fn clinician_row(
    look: &Lookup,
    c: &crate::scenario::Clinician,
    tours: &[&TourDay],
) -> svg::Row {
    let h = &look.scenario.horizon;
    svg::Row {
        label: format!("{} {}", c.id, c.name),
        shaded: (0..h.days)
            .filter(|&d| c.leave.iter().any(|r| r.0 <= h.date(d) && h.date(d) <= r.1))
            .collect(),
        bars: tours
            .iter()
            .filter(|t| t.crew.iter().any(|m| m.clinician == c.id))
            .filter_map(|t| {
                h.day_of(t.date)
                    .map(|d| (d, svg::rgb(&look.vehicle_colour(&t.vehicle))))
            })
            .collect(),
    }
}

/// "2027-01-04 – 2027-01-17 (14 days, 10 working) · seed 1"
pub fn horizon_words(look: &Lookup, seed: u64) -> String {
    let h = &look.scenario.horizon;
    text!(
        "report-horizon",
        start = h.start.to_string(),
        end = h.end().to_string(),
        days = h.days,
        working = h.working_days().count(),
        seed = seed
    )
    .render(look.lang)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{TreeStats, TreeStop};

    /// The tree's line says whether it closed, and if not, what stopped it, in both languages.
    #[test]
    fn the_tree_line_says_what_stopped_it() {
        let line = |closed, stopped, lang| {
            let m = Summary {
                tree: Some(TreeStats {
                    nodes: 1,
                    closed,
                    stopped,
                    ..TreeStats::default()
                }),
                ..Summary::default()
            };
            let kpis = optimality(&m, 0, lang);
            kpis.into_iter()
                .find(|k| k.name == tr(lang, "kpi-tree"))
                .expect("a tree line")
                .value
        };
        let cases = [
            (
                true,
                None,
                "1 node, 0 cuts, root bound 0, finished",
                "已搜完",
            ),
            (false, Some(TreeStop::NodeLimit), "node limit", "节点上限"),
            (
                false,
                Some(TreeStop::Unproved),
                "could not prove",
                "无法证明",
            ),
            (false, Some(TreeStop::Clock), "time cap", "时间上限"),
            (
                false,
                Some(TreeStop::NoBranch),
                "split no further",
                "无法再分支",
            ),
        ];
        for (closed, stopped, en, zh) in cases {
            let (e, z) = (
                line(closed, stopped, Lang::En),
                line(closed, stopped, Lang::Zh),
            );
            assert!(e.contains(en), "{stopped:?}: {e}");
            assert!(z.contains(zh), "{stopped:?}: {z}");
        }
    }
}
