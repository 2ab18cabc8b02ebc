//! A base's best plan so far reaches a follower as the planner finds it: after each period, and,
//! inside a period's MIP, each better plan HiGHS finds on its way. The last report of a base is
//! the plan's own figures.

mod common;

use common::bundled;
use outreach::plan::{Incumbent, Progress};
use outreach::scenario::Effort;
use outreach::{Options, Scenario};
use std::sync::Mutex;

#[derive(Default)]
struct Record(Mutex<Vec<Incumbent>>);

impl Progress for Record {
    fn base_done(&self, _: usize, _: usize, _: &str) {}
    fn best(&self, best: &Incumbent) {
        self.0.lock().unwrap().push(best.clone());
    }
}

fn plan_recorded(s: &Scenario, effort: Effort) -> (outreach::Schedule, Vec<Incumbent>) {
    let mut o = Options::from_scenario(s);
    o.time_limit_seconds = f64::INFINITY;
    o.threads = 1;
    o.effort = effort;
    let record = Record::default();
    let plan = outreach::plan(s, &o, &record).expect("planning succeeds");
    (plan, record.0.into_inner().unwrap())
}

/// The reports of one base, in order: sound figures (a bound below its plan), more reports
/// than periods, and the last one the plan's own figures.
#[test]
fn a_periods_mip_reports_its_better_plans_before_the_period_ends() {
    let s = bundled("tiny");
    for effort in [Effort::Normal, Effort::Thorough] {
        let (plan, reports) = plan_recorded(&s, effort);
        // Tiny's one base plans two periods: a report after each, and before them the better
        // plans its MIPs find (each keeps the count of periods done so far).
        let periods = reports.last().expect("reports").periods;
        assert!(reports.len() > periods, "{effort:?}: {reports:?}");
        assert!(reports
            .windows(2)
            .all(|w| w[0].periods_done <= w[1].periods_done));
        for r in &reports {
            assert!(r.visits_met <= r.visits_required, "{r:?}");
            assert!(r.cost <= r.objective + 1e-6, "{r:?}");
            if let Some(b) = r.bound {
                assert!(b <= r.objective + 1e-6, "a bound above its plan: {r:?}");
            }
        }
        let last = reports.last().unwrap();
        assert_eq!(last.periods_done, periods);
        assert_eq!(last.visits_met, plan.summary.visits_met);
        assert_eq!(last.visits_required, plan.summary.visits_required);
        assert!(
            (last.cost - plan.summary.cost).abs() < 0.01,
            "{} vs {}",
            last.cost,
            plan.summary.cost
        );
    }
}
