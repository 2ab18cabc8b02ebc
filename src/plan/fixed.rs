//! Planning around work that is already fixed (a re-plan keeps the tour-days that happened, are
//! published or still stand): their visits count toward the requirements and their spacing, their
//! clinicians' days toward the limits, and no new visit falls before the first open day. Vehicles
//! and clinicians busy on fixed tour-days are made unavailable in the scenario by the caller.

use crate::model::{ChangeCost, Component};
use std::collections::HashMap;

/// What a plan must take as given.
#[derive(Clone, Debug, Default)]
pub struct Fixed {
    /// Per requirement (scenario index): the days of its fixed visits.
    pub visits: HashMap<usize, Vec<usize>>,
    /// Per clinician (scenario index): the days they work on fixed tour-days.
    pub worked: HashMap<usize, Vec<usize>>,
    /// No new visit before this horizon day.
    pub first_open_day: usize,
    /// Bases (scenario index) that plan nothing new: every visit they owe is already fixed.
    pub closed_bases: Vec<usize>,
    /// At most this many visits in all (fixed and new) per (requirement, first day of the
    /// period): a re-plan owes again what the plan before made, not what it already missed.
    pub targets: HashMap<(usize, usize), u32>,
    /// Visits owed on top of the requirements (an outbreak): one each within its days.
    pub extra: Vec<Extra>,
    /// What each new tour-day costs in change: the master weighs it with the tours' own cost.
    pub change: ChangeCost,
}

/// One visit owed to a requirement's service between two horizon days.
#[derive(Clone, Debug)]
pub struct Extra {
    pub requirement: usize,
    pub first_day: usize,
    pub last_day: usize,
    /// The period's name in the schedule: the dates.
    pub label: String,
    pub penalty: f64,
}

impl Fixed {
    /// Lowers each demand by the fixed visits in its period, closes the days a new visit may not
    /// take (before the first open day, and within a fixed visit's spacing), and prices change.
    pub fn restrict(&self, c: &mut Component) {
        c.change = self.change;
        if self.closed_bases.contains(&c.base) {
            c.demands.clear();
        }
        for svc in &mut c.services {
            for d in 0..self.first_open_day.min(svc.open.len()) {
                svc.open[d] = false;
            }
            let Some(days) = self.visits.get(&svc.requirement) else {
                continue;
            };
            let span = svc.min_spacing_days.max(1);
            for &f in days {
                let from = f.saturating_sub(span - 1);
                let to = (f + span).min(svc.open.len());
                for d in from..to {
                    svc.open[d] = false;
                }
            }
        }
        for dem in &mut c.demands {
            let requirement = c.services[dem.service].requirement;
            let made = self.visits.get(&requirement).map_or(0, |days| {
                days.iter()
                    .filter(|&&d| d >= dem.period.first_day && d <= dem.period.last_day)
                    .count() as u32
            });
            let target = self
                .targets
                .get(&(requirement, dem.period.first_day))
                .map_or(dem.required, |&t| t.min(dem.required));
            dem.required = target.saturating_sub(made);
            // A period over before the first open day can take no new visit.
            if dem.period.last_day < self.first_open_day {
                dem.required = 0;
            }
        }
        c.demands.retain(|d| d.required > 0);
        for e in &self.extra {
            if let Some(service) = c
                .services
                .iter()
                .position(|x| x.requirement == e.requirement)
            {
                c.demands.push(crate::model::Demand {
                    service,
                    period: crate::calendar::Period {
                        label: e.label.clone(),
                        first_day: e.first_day,
                        last_day: e.last_day,
                        share: 1.0,
                    },
                    required: 1,
                    penalty: e.penalty,
                });
            }
        }
    }

    /// The days clinicians work on fixed tour-days, in order, as the windows' starting history.
    pub fn worked_days(&self) -> HashMap<usize, Vec<usize>> {
        let mut w = self.worked.clone();
        for days in w.values_mut() {
            days.sort_unstable();
            days.dedup();
        }
        w
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Period;
    use crate::model::{Demand, Service};

    #[test]
    fn fixed_visits_lower_demands_and_close_their_spacing() {
        let mut svc = Service::open_on(vec![true; 30]);
        svc.min_spacing_days = 5;
        let dem = |first_day, last_day| Demand {
            service: 0,
            period: Period {
                label: String::new(),
                first_day,
                last_day,
                share: 1.0,
            },
            required: 2,
            penalty: 1.0,
        };
        let mut c =
            Component::for_tests(vec![svc], vec![dem(0, 14), dem(15, 29)], (0..30).collect());
        let fixed = Fixed {
            visits: HashMap::from([(0, vec![10])]),
            first_open_day: 3,
            ..Default::default()
        };
        fixed.restrict(&mut c);
        let open = &c.services[0].open;
        assert!(!open[0] && !open[2] && open[3] && open[5]);
        assert!(!open[6] && !open[10] && !open[14] && open[15]);
        assert_eq!(c.demands.len(), 2);
        assert_eq!(c.demands[0].required, 1);
        assert_eq!(c.demands[1].required, 2);
        let past = Fixed {
            first_open_day: 20,
            ..Default::default()
        };
        past.restrict(&mut c);
        assert_eq!(c.demands.len(), 1, "the first period is over");
        let capped = Fixed {
            targets: HashMap::from([((0, 15), 1)]),
            ..Default::default()
        };
        capped.restrict(&mut c);
        assert_eq!(
            c.demands[0].required, 1,
            "never more than the plan before made"
        );
    }
}
