use super::*;
use crate::plan::Options;
use crate::rota::RotaReason;

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
