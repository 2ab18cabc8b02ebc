//! Runs side by side: their KPIs, and where their plans differ — the villages visited a different
//! number of times, and the vehicles out on a different number of days.

use super::pages::CompareRow;
use crate::export::report::kpis;
use crate::lang::Lang;
use crate::Schedule;
use std::collections::BTreeMap;

/// KPI rows, village rows and vehicle rows for `plans` (in the order given).
pub fn compare(
    plans: &[&Schedule],
    lang: Lang,
) -> (Vec<CompareRow>, Vec<CompareRow>, Vec<CompareRow>) {
    let per_plan: Vec<_> = plans.iter().map(|p| kpis(&p.summary, lang)).collect();
    let mut kpi_rows = Vec::new();
    if let Some(first) = per_plan.first() {
        for (i, k) in first.iter().enumerate() {
            let values: Vec<String> = per_plan
                .iter()
                .map(|ks| ks.get(i).map(|x| x.value.clone()).unwrap_or_default())
                .collect();
            kpi_rows.push(CompareRow {
                name: k.name.clone(),
                differ: values.iter().any(|v| *v != values[0]),
                values,
            });
        }
    }
    let differing = |count: &dyn Fn(&Schedule) -> BTreeMap<String, usize>| {
        let counts: Vec<BTreeMap<String, usize>> = plans.iter().map(|p| count(p)).collect();
        let mut names: Vec<&String> = counts.iter().flat_map(|c| c.keys()).collect();
        names.sort();
        names.dedup();
        names
            .into_iter()
            .filter_map(|n| {
                let values: Vec<usize> = counts
                    .iter()
                    .map(|c| c.get(n).copied().unwrap_or(0))
                    .collect();
                values.iter().any(|v| *v != values[0]).then(|| CompareRow {
                    name: n.clone(),
                    values: values.iter().map(|v| v.to_string()).collect(),
                    differ: true,
                })
            })
            .collect::<Vec<_>>()
    };
    let villages = differing(&|p: &Schedule| {
        let mut m = BTreeMap::new();
        for t in &p.tours {
            for s in &t.stops {
                *m.entry(format!("{} {}", s.site, s.site_name)).or_insert(0) += 1;
            }
        }
        m
    });
    let vehicles = differing(&|p: &Schedule| {
        let mut m = BTreeMap::new();
        for t in &p.tours {
            *m.entry(t.vehicle.clone()).or_insert(0) += 1;
        }
        m
    });
    (kpi_rows, villages, vehicles)
}
