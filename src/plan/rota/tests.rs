use super::*;
use crate::plan::Options;
use crate::rota::RotaReason;
use crate::travel::Travel;

fn small() -> Scenario {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/experts-small/scenario.toml");
    crate::load(&crate::Source::File(path)).expect("the fixture reads")
}

fn plan(s: &Scenario) -> Rota {
    let mut o = Options::from_scenario(s);
    o.threads = 1;
    plan_rota(s, &o).expect("plans")
}

#[test]
fn fixed_teams_meet_their_days_on_one_weekday_and_pass_check() {
    let s = small();
    let rota = plan(&s);
    assert_eq!(rota.summary.teams_from, "scenario");
    assert!(rota.shortfalls.is_empty(), "{:?}", rota.shortfalls);
    assert!(rota.summary.optimal);
    assert!(rota.summary.gap <= 1e-6, "gap {}", rota.summary.gap);
    assert!(rota.summary.bound <= rota.summary.objective + 1e-6);
    // 8 experts, 2 months: 3 leads × 3 + 5 members × 2 days a month.
    assert_eq!(rota.days.len(), 2 * (3 * 3 + 5 * 2));
    assert_eq!(
        rota.summary.regular_share, 1.0,
        "nothing forbids regular weekdays"
    );
    assert_eq!(crate::check::check_rota(&s, &rota), vec![]);
}

#[test]
fn a_department_with_no_one_to_spare_gives_typed_shortfalls() {
    let mut s = small();
    s.experts.as_mut().unwrap().rules.max_away_per_department = 0;
    let rota = plan(&s);
    assert!(rota.days.is_empty());
    assert_eq!(rota.shortfalls.len(), 8 * 2);
    assert!(rota
        .shortfalls
        .iter()
        .all(|f| f.code == RotaReason::DepartmentCap && f.planned == 0));
    assert_eq!(crate::check::check_rota(&s, &rota), vec![]);
}

#[test]
fn february_holidays_are_named_as_the_reason() {
    let mut s = small();
    // E05 may come only on Mondays; February's Mondays are 1, 8 (Spring Festival), 15, 22.
    let x = s.experts.as_mut().unwrap();
    let e05 = x.experts.iter().position(|e| e.id == "E05").unwrap();
    use chrono::Weekday::*;
    x.experts[e05].clinic_days = vec![Tue, Wed, Thu, Fri];
    x.rules.member_days_per_month = 4;
    let rota = plan(&s);
    let short: Vec<_> = rota
        .shortfalls
        .iter()
        .filter(|f| f.expert == "E05")
        .collect();
    assert_eq!(short.len(), 1, "{short:?}");
    assert_eq!(short[0].month, "2027-02");
    assert_eq!(short[0].code, RotaReason::Holidays);
    assert_eq!(short[0].planned, 3);
    assert_eq!(crate::check::check_rota(&s, &rota), vec![]);
}

#[test]
fn open_teams_are_put_together_by_specialty_and_pass_check() {
    let mut s = small();
    s.experts.as_mut().unwrap().teams = None;
    s.experts.as_mut().unwrap().rules.team_size = 2;
    let rota = plan(&s);
    assert_eq!(rota.summary.teams_from, "planner");
    assert_eq!(rota.teams.len(), 3);
    assert!(rota.uncovered.is_empty(), "{:?}", rota.uncovered);
    assert!(rota.summary.assignment_gap.unwrap() <= 0.01);
    assert!(rota.shortfalls.is_empty(), "{:?}", rota.shortfalls);
    assert_eq!(crate::check::check_rota(&s, &rota), vec![]);
}

#[test]
fn a_specialty_no_one_within_reach_has_is_reported_uncovered() {
    let mut s = small();
    let x = s.experts.as_mut().unwrap();
    x.teams = None;
    x.rules.team_size = 2;
    x.stations[2].specialties.push("cardiology".into());
    let rota = plan(&s);
    assert_eq!(rota.uncovered.len(), 1);
    assert_eq!(rota.uncovered[0].station, "S3");
    assert_eq!(rota.uncovered[0].code, RotaReason::NoSpecialistInReach);
    assert_eq!(crate::check::check_rota(&s, &rota), vec![]);
}

#[test]
fn each_experts_cheapest_days_alone_add_up_to_the_day_program_when_no_cap_binds() {
    let mut s = small();
    s.experts.as_mut().unwrap().rules.max_away_per_department = 100;
    let rota = plan(&s);
    assert!(rota.summary.optimal && rota.summary.gap <= 1e-9);
    let x = s.experts.as_ref().unwrap();
    let travel = Travel::build(&s);
    let months = s.horizon.periods(crate::calendar::PeriodKind::Month);
    let mut total = 0.0;
    for t in x.teams.as_ref().unwrap() {
        for e in t.experts() {
            let days: Vec<usize> = (0..s.horizon.days)
                .filter(|&d| s.horizon.working[d] && x.free(e, t.station, s.horizon.date(d)))
                .collect();
            let minutes = travel.minutes(
                s.base_location(x.experts[e].hospital),
                s.site_location(x.stations[t.station].site),
            );
            let alone = alone::Alone {
                s: &s,
                x,
                months: &months,
                days: &days,
                day_cost: 2.0 * minutes * x.rules.travel_minute_cost,
                lead: e == t.lead,
            };
            let (cost, chosen) = alone.cheapest(&|_| 0.0);
            assert!(chosen.iter().all(|d| days.contains(d)));
            total += cost;
        }
    }
    assert!(
        (total - rota.summary.objective).abs() <= 1e-6 * total,
        "alone {total} against the day program's {}",
        rota.summary.objective
    );
    // With the scenario's teams the joint problem is the day program.
    assert_eq!(rota.summary.joint_bound, rota.summary.bound);
    assert_eq!(rota.summary.joint_objective, rota.summary.objective);
}

#[test]
fn planner_made_teams_report_a_joint_bound_below_their_objective() {
    let mut s = small();
    s.experts.as_mut().unwrap().teams = None;
    s.experts.as_mut().unwrap().rules.team_size = 2;
    let rota = plan(&s);
    let m = &rota.summary;
    assert!(m.joint_bound > 0.0 && m.joint_bound <= m.joint_objective + 1e-6);
    assert!(m.joint_gap <= 0.01, "joint gap {}", m.joint_gap);
    assert_eq!(m.joint_objective, m.objective, "no team lacks anything");
}

#[test]
fn an_expert_of_two_specialties_covers_both() {
    let mut s = small();
    let x = s.experts.as_mut().unwrap();
    x.teams = None;
    x.rules.team_size = 2;
    x.stations[2].specialties.push("cardiology".into());
    let e07 = x.experts.iter().position(|e| e.id == "E07").unwrap();
    x.experts[e07].specialties.push("cardiology".into());
    let rota = plan(&s);
    assert!(rota.uncovered.is_empty(), "{:?}", rota.uncovered);
    assert_eq!(crate::check::check_rota(&s, &rota), vec![]);
}
