//! Every plan passes the checker: on the bundled scenarios, and on generated ones (property test).

mod common;
use common::*;
use proptest::prelude::*;
use std::fmt::Write;

#[test]
fn tiny_plan_meets_everything_and_passes_check() {
    let s = bundled("tiny");
    let p = plan(&s, 10.0);
    assert!(outreach::check(&s, &p).is_empty());
    assert_eq!(p.summary.visits_met, p.summary.visits_required);
    assert!(p.summary.unmet.is_empty());
    // The pool is enumerated, so the bound covers every plan, and the tiny plan is optimal.
    assert!(p.summary.bound.is_some());
    assert!(p.summary.gap < 0.011, "gap {}", p.summary.gap);
}

#[test]
fn same_seed_same_schedule() {
    let s = bundled("tiny");
    let mut a = plan(&s, 10.0);
    let mut b = plan(&s, 10.0);
    a.summary.solve_seconds = 0.0;
    b.summary.solve_seconds = 0.0;
    assert_eq!(
        outreach::export::schedule_json(&a),
        outreach::export::schedule_json(&b)
    );
}

#[test]
fn zibo_plan_passes_check_and_lists_every_shortfall() {
    let s = bundled("zibo-health-bus");
    let p = plan(&s, 40.0);
    let violations = outreach::check(&s, &p);
    assert!(
        violations.is_empty(),
        "{:?}",
        &violations[..violations.len().min(5)]
    );
    let missing: u32 = p.summary.unmet.iter().map(|u| u.missing).sum();
    assert_eq!(p.summary.visits_met + missing, p.summary.visits_required);
    assert!(p.summary.unmet.iter().all(|u| !u.reason.is_empty()));
}

/// A small random scenario written as files, so the reader is exercised too.
fn scenario_files(
    dir: &std::path::Path,
    sites: &[(f64, f64, u32)],
    leave_days: u32,
    vehicles: u32,
    specialty_site: bool,
) -> std::path::PathBuf {
    let mut toml = String::from(
        "name = \"generated\"\n[horizon]\nstart = \"2027-03-01\"\nweeks = 3\n[day]\nworking_minutes = 420\n[requirements]\nperiod = \"fortnight\"\nvisits = 1\nmin_spacing_days = 7\n[files]\nsites = \"sites.csv\"\nbases = \"bases.csv\"\nvehicles = \"vehicles.csv\"\nclinicians = \"clinicians.csv\"\nleave = \"leave.csv\"\nrequirements = \"requirements.csv\"\n[solver]\ntime_limit_seconds = 10\n",
    );
    toml.push('\n');
    std::fs::write(dir.join("scenario.toml"), toml).unwrap();
    std::fs::write(
        dir.join("bases.csv"),
        "id,name,lat,lon\nB,基地,36.5,118.0\n",
    )
    .unwrap();
    let mut s = String::from("id,name,lat,lon,service_minutes,population\n");
    for (i, (dlat, dlon, svc)) in sites.iter().enumerate() {
        writeln!(
            s,
            "S{i},村{i},{},{},{svc},{}",
            36.5 + dlat,
            118.0 + dlon,
            100 * (i + 1)
        )
        .unwrap();
    }
    std::fs::write(dir.join("sites.csv"), s).unwrap();
    let mut v = String::from("id,base,max_drive_minutes\n");
    for i in 0..vehicles {
        writeln!(v, "V{i},B,{}", 200 + 40 * i).unwrap();
    }
    std::fs::write(dir.join("vehicles.csv"), v).unwrap();
    std::fs::write(
        dir.join("clinicians.csv"),
        "id,name,base,role,specialties,max_days_per_week,max_consecutive_days\nD1,甲,B,doctor,pain,4,3\nD2,乙,B,doctor,,5,5\nN1,丙,B,nurse,,4,3\nN2,丁,B,nurse,,5,5\n",
    )
    .unwrap();
    let mut l = String::from("id,from,to\n");
    if leave_days > 0 {
        writeln!(l, "D2,2027-03-02,2027-03-{:02}", 2 + leave_days).unwrap();
    }
    std::fs::write(dir.join("leave.csv"), l).unwrap();
    let mut r = String::from("site,visits,specialty,min_spacing_days\n");
    if specialty_site {
        r.push_str("S0,2,pain,3\n");
    }
    std::fs::write(dir.join("requirements.csv"), r).unwrap();
    dir.join("scenario.toml")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]
    #[test]
    fn every_plan_passes_check(
        sites in prop::collection::vec((-0.25f64..0.25, -0.25f64..0.25, 30u32..200), 1..9),
        leave_days in 0u32..6,
        vehicles in 1u32..3,
        specialty_site in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = scenario_files(dir.path(), &sites, leave_days, vehicles, specialty_site);
        let s = outreach::load_dir(&path).expect("generated scenarios are valid");
        let p = plan(&s, 10.0);
        let violations = outreach::check(&s, &p);
        prop_assert!(violations.is_empty(), "{:?}", violations);
        let missing: u32 = p.summary.unmet.iter().map(|u| u.missing).sum();
        prop_assert_eq!(p.summary.visits_met + missing, p.summary.visits_required);
    }
}

#[test]
fn heuristic_tours_when_enumeration_is_capped() {
    // A cap of 0 forces construction, local search and prize-collecting pricing instead of enumeration.
    let s = bundled("tiny");
    let mut o = outreach::Options::from_scenario(&s);
    o.enumeration_cap = 0;
    o.threads = 1;
    let p = outreach::plan(&s, &o, &outreach::plan::Quiet).unwrap();
    assert!(outreach::check(&s, &p).is_empty());
    assert_eq!(p.summary.bases_enumerated, 0);
    assert_eq!(p.summary.visits_met, p.summary.visits_required);
    // The bound then rests on a knapsack over the duals: still a bound, never above the plan.
    assert!(p
        .summary
        .bound
        .is_some_and(|b| b <= p.summary.objective + 1e-6));
}

/// A load limit splits tours: with 40 kg a visit and 100 kg a vehicle, no tour has more than two
/// stops, every plan checks clean, and a visit heavier than any vehicle is reported with the reason.
#[test]
fn load_limits_shape_the_tours() {
    let mut s = bundled("tiny");
    for site in &mut s.sites {
        site.load_kg = 40.0;
    }
    for v in &mut s.vehicles {
        v.max_load_kg = 100.0;
    }
    let p = plan(&s, 20.0);
    assert!(
        outreach::check(&s, &p).is_empty(),
        "{:?}",
        outreach::check(&s, &p)
    );
    assert!(p
        .tours
        .iter()
        .all(|t| t.stops.len() <= 2 && t.load_kg <= 100.0));
    assert_eq!(p.summary.visits_met, p.summary.visits_required);

    s.sites[0].load_kg = 150.0;
    let p = plan(&s, 20.0);
    assert!(outreach::check(&s, &p).is_empty());
    let u = p
        .summary
        .unmet
        .iter()
        .find(|u| u.site == s.sites[0].id)
        .expect("the heavy visit is unmet");
    assert!(u.reason.contains("150 kg"), "{}", u.reason);
}

/// A crew slot may name alternatives (`pharmacist|lab technician`): either role fills it, in the plan
/// and in the checker; with nobody of either role, every visit is reported unmet with a reason.
#[test]
fn a_slot_with_alternative_roles() {
    let mut s = bundled("tiny");
    s.crew = vec![("doctor".into(), 1), ("lab technician|nurse".into(), 1)];
    let p = plan(&s, 20.0);
    assert!(
        outreach::check(&s, &p).is_empty(),
        "{:?}",
        outreach::check(&s, &p)
    );
    assert_eq!(p.summary.visits_met, p.summary.visits_required);
    assert!(p
        .tours
        .iter()
        .all(|t| t.crew.iter().any(|c| c.slot == "lab technician|nurse")));

    s.crew = vec![
        ("doctor".into(), 1),
        ("lab technician|pharmacist".into(), 1),
    ];
    let p = plan(&s, 20.0);
    assert!(p.tours.is_empty());
    assert!(outreach::check(&s, &p).is_empty());
    assert!(!p.summary.unmet.is_empty() && p.summary.unmet.iter().all(|u| !u.reason.is_empty()));
}

/// Above the clearance line only cleared clinicians go: the plan crews high tours with them, and
/// with too few cleared clinicians the high villages are reported unmet with the reason.
#[test]
fn only_cleared_clinicians_go_above_the_line() {
    let mut s = bundled("tiny");
    s.clearance_above_m = Some(4500.0);
    for (i, site) in s.sites.iter_mut().enumerate() {
        site.altitude_m = if i < 4 { 4600.0 } else { 3000.0 };
    }
    let high: Vec<String> = s.sites[..4].iter().map(|x| x.id.clone()).collect();
    // Cleared: two doctors (C01 is also the obstetrician S03 asks for) and one nurse.
    let cleared = ["C01", "C02", "C04"];
    for c in &mut s.clinicians {
        c.altitude_cleared = cleared.contains(&c.id.as_str());
    }
    let p = plan(&s, 20.0);
    assert!(
        outreach::check(&s, &p).is_empty(),
        "{:?}",
        outreach::check(&s, &p)
    );
    assert_eq!(
        p.summary.visits_met, p.summary.visits_required,
        "{:?}",
        p.summary.unmet
    );
    for t in p
        .tours
        .iter()
        .filter(|t| t.stops.iter().any(|x| high.contains(&x.site)))
    {
        assert!(
            t.crew
                .iter()
                .all(|m| cleared.contains(&m.clinician.as_str())),
            "{t:?}"
        );
    }

    // Nobody cleared as a nurse: the high villages cannot be served, and the plan says why.
    for c in &mut s.clinicians {
        c.altitude_cleared = c.id == "C01";
    }
    let p = plan(&s, 20.0);
    assert!(outreach::check(&s, &p).is_empty());
    let missed: Vec<_> = p
        .summary
        .unmet
        .iter()
        .filter(|u| high.contains(&u.site))
        .collect();
    assert_eq!(missed.len(), high.len(), "{:?}", p.summary.unmet);
    assert!(
        missed
            .iter()
            .all(|u| u.reason.contains("altitude-cleared nurse")),
        "{missed:?}"
    );
    assert!(p.summary.unmet.iter().all(|u| high.contains(&u.site)));
}

/// Records the planner's reports: its best plans so far and its phases in both languages.
#[derive(Default)]
struct Recorder {
    best: std::sync::Mutex<Vec<outreach::plan::Incumbent>>,
    phases: std::sync::Mutex<Vec<(String, String)>>,
}

impl outreach::plan::Progress for Recorder {
    fn base_done(&self, _: usize, _: usize, _: &str) {}

    fn phase(&self, _: &str, what: &outreach::lang::Text) {
        self.phases.lock().unwrap().push((
            what.render(outreach::lang::Lang::Zh),
            what.render(outreach::lang::Lang::En),
        ));
    }

    fn best(&self, best: &outreach::plan::Incumbent) {
        self.best.lock().unwrap().push(best.clone());
    }
}

#[test]
fn the_planner_reports_its_best_plan_so_far_until_it_is_the_plan() {
    for name in ["tiny", "ngamring-high-altitude"] {
        let s = bundled(name);
        let mut o = outreach::Options::from_scenario(&s);
        o.threads = 1;
        let r = Recorder::default();
        let p = outreach::plan(&s, &o, &r).unwrap();
        let best = r.best.into_inner().unwrap();
        assert!(!best.is_empty(), "{name}: no best plan reported");
        // Each base's reports grow period by period (with, between them, the better plans a
        // period's integer program finds on its way); its last one is the base's plan.
        let mut last: std::collections::BTreeMap<usize, &outreach::plan::Incumbent> =
            Default::default();
        for b in &best {
            if let Some(before) = last.get(&b.component) {
                assert!(b.periods_done >= before.periods_done);
                assert!(b.visits_required >= before.visits_required);
            }
            last.insert(b.component, b);
        }
        assert!(last.values().all(|b| b.periods_done == b.periods));
        let met: u32 = last.values().map(|b| b.visits_met).sum();
        let required: u32 = last.values().map(|b| b.visits_required).sum();
        assert_eq!(
            (met, required),
            (p.summary.visits_met, p.summary.visits_required),
            "{name}"
        );
        let objective: f64 = last.values().map(|b| b.objective).sum();
        assert!(
            (objective - p.summary.objective).abs() < 0.01 * p.summary.objective.max(1.0),
            "{name}: {objective} vs {}",
            p.summary.objective
        );
        // Phases are words of the catalogues, in either language.
        let phases = r.phases.into_inner().unwrap();
        assert!(!phases.is_empty());
        assert!(phases
            .iter()
            .all(|(zh, en)| zh != en && !zh.contains("phase-")));
    }
}
