//! Turning the MIP's chosen tour-days and crew-days into named vehicles and clinicians per tour.

use super::master::{Master, Solved};
use super::Run;
use crate::model::Component;
use crate::scenario::Scenario;
use crate::tours::Tour;
use std::collections::BTreeMap;

pub fn runs(
    s: &Scenario,
    c: &Component,
    ci: usize,
    master: &Master,
    pool: &[Tour],
    columns: &[(usize, usize)],
    sol: &Solved,
) -> Result<Vec<Run>, String> {
    let mut by_day: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, &(t, d)) in columns.iter().enumerate() {
        if sol.x[i] > 0.5 {
            by_day.entry(d).or_default().push(t);
        }
    }
    // Clinicians the MIP put on each (kind, day), in clinician order.
    let mut on_duty: BTreeMap<(usize, usize), Vec<usize>> = BTreeMap::new();
    for (j, &((cl, k, d), _)) in master.crew_columns.iter().enumerate() {
        if sol.y[j] > 0.5 {
            on_duty.entry((k, d)).or_default().push(cl);
        }
    }
    let mut runs = Vec::new();
    for (d, mut tours) in by_day {
        // Longest drive first takes the vehicle with the longest limit: enough by the nested vehicle rows.
        tours.sort_by(|&a, &b| {
            pool[b]
                .drive_minutes
                .total_cmp(&pool[a].drive_minutes)
                .then(a.cmp(&b))
        });
        let mut free: Vec<usize> = c
            .vehicles
            .iter()
            .copied()
            .filter(|&v| s.vehicle_available(v, d))
            .collect();
        free.sort_by(|&a, &b| {
            s.vehicles[b]
                .max_drive_minutes
                .total_cmp(&s.vehicles[a].max_drive_minutes)
                .then(a.cmp(&b))
        });
        let mut cursor: BTreeMap<usize, usize> = BTreeMap::new();
        for t in tours {
            let tour = &pool[t];
            if free.is_empty() || s.vehicles[free[0]].max_drive_minutes + 1e-6 < tour.drive_minutes
            {
                return Err(format!(
                    "no vehicle left for a tour on {}",
                    s.horizon.date(d)
                ));
            }
            let vehicle = free.remove(0);
            let mut crew = Vec::new();
            for (kind, n) in &tour.slots {
                let k = master
                    .kind_index(kind)
                    .expect("every slot kind of a pooled tour is in the master");
                let list = on_duty.get(&(k, d)).map(Vec::as_slice).unwrap_or(&[]);
                let at = cursor.entry(k).or_insert(0);
                for _ in 0..*n {
                    let Some(&cl) = list.get(*at) else {
                        return Err(format!(
                            "no {} left for a tour on {}",
                            kind.label(),
                            s.horizon.date(d)
                        ));
                    };
                    *at += 1;
                    crew.push((cl, kind.clone()));
                }
            }
            runs.push(Run {
                component: ci,
                tour: tour.clone(),
                day: d,
                vehicle,
                crew,
                trip: None,
            });
        }
    }
    Ok(runs)
}
