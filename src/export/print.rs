//! Printed documents, one per base (and, on campaigns, one per team): a one-page overview (the
//! base's figures, a map that fits the page, its vehicles' and clinicians' days with weekly ticks)
//! and then one day sheet per page. HTML with a print style sheet made for A4, not PDF: a PDF
//! would have to embed a Chinese font (several MB per document, or a font bundled into outreach),
//! while the office PC that prints already has one and its browser prints the page exactly.

use super::report::{clinician_row, vehicle_row, Kpi};
use super::sheets::{sheet, Sheet};
use super::{file_stem, svg, Lookup};
use crate::lang::{tr, Lang};
use crate::schedule::{Schedule, TourDay};
use crate::text;
use askama::Template;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Template)]
#[template(path = "print.html")]
pub struct PrintDoc {
    pub lang: Lang,
    pub lang_code: &'static str,
    pub title: String,
    pub subtitle: String,
    pub kpis: Vec<Kpi>,
    pub map_svg: String,
    pub gantt_svg: String,
    pub sheets: Vec<Sheet>,
}

impl PrintDoc {
    /// A word of the document in its language (the templates call it).
    pub fn t(&self, id: &str) -> String {
        tr(self.lang, id)
    }
}

/// Who a document is for: a base, or a team of a base on a campaign.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Group {
    pub base: String,
    pub team: Option<String>,
}

impl Group {
    /// The document's file, under `print/`.
    pub fn file(&self) -> String {
        match &self.team {
            None => format!("{}.html", file_stem(&self.base)),
            Some(t) => format!("{}~{}.html", file_stem(&self.base), file_stem(t)),
        }
    }
}

/// The tour-days of each base (and team), in the schedule's order.
pub fn groups(schedule: &Schedule) -> BTreeMap<Group, Vec<&TourDay>> {
    let mut out: BTreeMap<Group, Vec<&TourDay>> = BTreeMap::new();
    for t in &schedule.tours {
        out.entry(Group {
            base: t.base.clone(),
            team: t.team.clone(),
        })
        .or_default()
        .push(t);
    }
    out
}

fn kpis(tours: &[&TourDay], missing: u32, lang: Lang) -> Vec<Kpi> {
    let kpi = |id: &str, value: String| Kpi {
        name: tr(lang, id),
        value,
    };
    let vehicle_days: BTreeSet<_> = tours.iter().map(|t| (&t.vehicle, t.date)).collect();
    let sites: BTreeSet<_> = tours
        .iter()
        .flat_map(|t| t.stops.iter().map(|s| &s.site))
        .collect();
    vec![
        kpi("kpi-tour-days", tours.len().to_string()),
        kpi("kpi-vehicle-days", vehicle_days.len().to_string()),
        kpi(
            "kpi-stops",
            tours
                .iter()
                .map(|t| t.stops.len())
                .sum::<usize>()
                .to_string(),
        ),
        kpi("kpi-sites", sites.len().to_string()),
        kpi(
            "kpi-clinician-days",
            tours
                .iter()
                .map(|t| t.crew.len())
                .sum::<usize>()
                .to_string(),
        ),
        kpi(
            "kpi-distance",
            format!("{:.0} km", tours.iter().map(|t| t.distance_km).sum::<f64>()),
        ),
        kpi("kpi-visits-missing", missing.to_string()),
    ]
}

/// Every document, as (file under `print/`, HTML).
pub fn documents(schedule: &Schedule, look: &Lookup) -> Result<Vec<(String, String)>, String> {
    let lang = look.lang;
    let s = look.scenario;
    let h = &s.horizon;
    let base_of_site: BTreeMap<&str, &str> = s
        .sites
        .iter()
        .map(|x| (x.id.as_str(), s.bases[x.base].id.as_str()))
        .collect();
    let mut out = Vec::new();
    let mut files = BTreeSet::new();
    for (group, tours) in groups(schedule) {
        let file = group.file();
        if !files.insert(file.clone()) {
            return Err(text!("print-collision", file = &file, base = &group.base).render(lang));
        }
        // Unmet visits count for a base's document, not for each of its teams'.
        let missing = if group.team.is_none() {
            schedule
                .summary
                .unmet
                .iter()
                .filter(|u| base_of_site.get(u.site.as_str()) == Some(&group.base.as_str()))
                .map(|u| u.missing)
                .sum()
        } else {
            0
        };
        let only: Vec<TourDay> = tours.iter().map(|t| (*t).clone()).collect();
        let vehicles: BTreeSet<&str> = tours.iter().map(|t| t.vehicle.as_str()).collect();
        let crew: BTreeSet<&str> = tours
            .iter()
            .flat_map(|t| t.crew.iter().map(|c| c.clinician.as_str()))
            .collect();
        let mut rows: Vec<svg::Row> = s
            .vehicles
            .iter()
            .filter(|v| vehicles.contains(v.id.as_str()))
            .map(|v| vehicle_row(look, v, &tours))
            .collect();
        rows.extend(
            s.clinicians
                .iter()
                .filter(|c| crew.contains(c.id.as_str()))
                .map(|c| clinician_row(look, c, &tours)),
        );
        let base_name = look.base_name(&group.base);
        let title = match &group.team {
            None => text!("print-title", base = &group.base, name = &base_name),
            Some(team) => text!(
                "print-title-team",
                base = &group.base,
                name = &base_name,
                team = team
            ),
        }
        .render(lang);
        let doc = PrintDoc {
            lang,
            lang_code: lang.code(),
            title,
            subtitle: format!(
                "{} · {}",
                s.name,
                super::report::horizon_words(look, schedule.seed)
            ),
            kpis: kpis(&tours, missing, lang),
            map_svg: svg::map(&only, look, svg::PRINT)?,
            gantt_svg: svg::gantt(&rows, h.days, &h.working, h.start, svg::PRINT)?,
            sheets: tours
                .iter()
                .enumerate()
                .map(|(i, t)| sheet(t, look, format!("sheet-{}", i + 1)))
                .collect(),
        };
        out.push((file, doc.render().map_err(|e| e.to_string())?));
    }
    Ok(out)
}
