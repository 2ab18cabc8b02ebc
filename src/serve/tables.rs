//! A scenario as the planner reads it on its page: the figures that size it, and its tables
//! (villages, bases, vehicles, clinicians, lodgings) as rows of text, headed in the page's language.

use super::pages::Table;
use crate::export::report::Kpi;
use crate::lang::{tr, word, Lang};
use crate::scenario::Scenario;

pub fn facts(s: &Scenario, lang: Lang) -> Vec<Kpi> {
    let kpi = |id: &str, value: String| Kpi {
        name: tr(lang, id),
        value,
    };
    vec![
        kpi(
            "serve-fact-horizon",
            format!("{} … {}", s.horizon.start, s.horizon.end()),
        ),
        kpi(
            "serve-fact-working-days",
            s.horizon.working_days().count().to_string(),
        ),
        kpi("serve-fact-bases", s.bases.len().to_string()),
        kpi("serve-fact-sites", s.sites.len().to_string()),
        kpi("serve-fact-vehicles", s.vehicles.len().to_string()),
        kpi("serve-fact-clinicians", s.clinicians.len().to_string()),
        kpi("serve-fact-lodgings", s.lodgings.len().to_string()),
        kpi("serve-fact-requirements", s.requirements.len().to_string()),
    ]
}

pub fn tables(s: &Scenario, lang: Lang) -> Vec<Table> {
    let h = |ids: &[&str]| ids.iter().map(|id| tr(lang, id)).collect::<Vec<_>>();
    let base = |i: usize| s.bases.get(i).map_or(String::new(), |b| b.id.clone());
    let mut out = vec![
        Table {
            id: "sites",
            title: tr(lang, "serve-table-sites"),
            header: h(&[
                "serve-col-id",
                "serve-col-name",
                "serve-col-base",
                "serve-col-population",
                "serve-col-priority",
                "serve-col-altitude",
                "serve-col-kind-of-place",
                "serve-col-lat",
                "serve-col-lon",
            ]),
            rows: s
                .sites
                .iter()
                .map(|x| {
                    vec![
                        x.id.clone(),
                        x.name.clone(),
                        base(x.base),
                        format!("{:.0}", x.population),
                        format!("{}", x.priority),
                        format!("{:.0}", x.altitude_m),
                        x.kind.clone(),
                        format!("{:.5}", x.lat),
                        format!("{:.5}", x.lon),
                    ]
                })
                .collect(),
        },
        Table {
            id: "bases",
            title: tr(lang, "serve-table-bases"),
            header: h(&[
                "serve-col-id",
                "serve-col-name",
                "serve-col-altitude",
                "serve-col-lat",
                "serve-col-lon",
            ]),
            rows: s
                .bases
                .iter()
                .map(|b| {
                    vec![
                        b.id.clone(),
                        b.name.clone(),
                        format!("{:.0}", b.altitude_m),
                        format!("{:.5}", b.lat),
                        format!("{:.5}", b.lon),
                    ]
                })
                .collect(),
        },
        Table {
            id: "vehicles",
            title: tr(lang, "serve-table-vehicles"),
            header: h(&[
                "serve-col-id",
                "serve-col-name",
                "serve-col-base",
                "serve-col-seats",
                "serve-col-cost-km",
                "serve-col-cost-day",
            ]),
            rows: s
                .vehicles
                .iter()
                .map(|v| {
                    vec![
                        v.id.clone(),
                        v.name.clone(),
                        base(v.base),
                        v.seats.to_string(),
                        format!("{}", v.cost_per_km),
                        format!("{}", v.cost_per_day),
                    ]
                })
                .collect(),
        },
        Table {
            id: "clinicians",
            title: tr(lang, "serve-table-clinicians"),
            header: h(&[
                "serve-col-id",
                "serve-col-name",
                "serve-col-base",
                "serve-col-role",
                "serve-col-specialties",
                "serve-col-leave",
            ]),
            rows: s
                .clinicians
                .iter()
                .map(|c| {
                    vec![
                        c.id.clone(),
                        c.name.clone(),
                        base(c.base),
                        word(lang, "role", &c.role),
                        c.specialties.join(", "),
                        c.leave
                            .iter()
                            .map(|(a, b)| format!("{a}..{b}"))
                            .collect::<Vec<_>>()
                            .join(", "),
                    ]
                })
                .collect(),
        },
    ];
    if !s.lodgings.is_empty() {
        out.push(Table {
            id: "lodgings",
            title: tr(lang, "serve-table-lodgings"),
            header: h(&[
                "serve-col-id",
                "serve-col-name",
                "serve-col-altitude",
                "serve-col-beds",
                "serve-col-lat",
                "serve-col-lon",
            ]),
            rows: s
                .lodgings
                .iter()
                .map(|l| {
                    vec![
                        l.id.clone(),
                        l.name.clone(),
                        format!("{:.0}", l.altitude_m),
                        l.beds.to_string(),
                        format!("{:.5}", l.lat),
                        format!("{:.5}", l.lon),
                    ]
                })
                .collect(),
        });
    }
    out
}
