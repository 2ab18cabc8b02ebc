//! Expert-station rotas end to end: a planned rota passes `check`; each rule the checker knows
//! is broken on purpose once; regular weekdays are kept when nothing forbids them (property
//! test on small generated rotas); the command line plans, writes and checks a rota.

mod common;

use common::{outreach, succeeds};
use outreach::check::check_rota;
use outreach::plan::rota::plan_rota;
use outreach::rota::{ExpertDay, Rota};
use outreach::{Options, Scenario, Source};
use proptest::prelude::*;
use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/experts-small")
}

fn small() -> Scenario {
    outreach::load(&Source::File(fixture().join("scenario.toml"))).expect("the fixture reads")
}

fn plan(s: &Scenario) -> Rota {
    let mut o = Options::from_scenario(s);
    o.threads = 1;
    plan_rota(s, &o).expect("plans")
}

fn rules(s: &Scenario, rota: &Rota) -> Vec<&'static str> {
    check_rota(s, rota).iter().map(|v| v.rule).collect()
}

fn day(date: &str, station: &str, expert: &str) -> ExpertDay {
    ExpertDay {
        date: date.parse().unwrap(),
        station: station.into(),
        expert: expert.into(),
    }
}

#[test]
fn a_planned_rota_passes_every_rule() {
    let s = small();
    assert_eq!(rules(&s, &plan(&s)), Vec::<&str>::new());
}

#[test]
fn days_below_the_minimum_are_flagged() {
    let s = small();
    let mut rota = plan(&s);
    let before = rota.days.len();
    rota.days
        .retain(|d| !(d.expert == "E01" && d.date.to_string().starts_with("2027-01")));
    assert!(rota.days.len() < before);
    assert_eq!(rules(&s, &rota), vec!["expert-days-short"]);
}

#[test]
fn an_expert_at_two_places_on_one_day_is_flagged() {
    let s = small();
    let mut rota = plan(&s);
    let first = rota
        .days
        .iter()
        .find(|d| d.expert == "E04")
        .unwrap()
        .clone();
    // The same expert, the same day, a second station of the same specialty would be needed;
    // a second entry at their own station is the plainest double booking.
    rota.days.push(first.clone());
    let found = rules(&s, &rota);
    assert!(found.contains(&"expert-two-places"), "{found:?}");
}

#[test]
fn a_department_over_its_cap_is_flagged() {
    let s = small();
    let mut rota = plan(&s);
    // E04, E05 and E08 are H1's oncologists; the cap is 2. Put all three at S2 on a Wednesday
    // that is free for each (E04's clinic days are Mon and Thu, E08's Tue).
    for e in ["E04", "E05", "E08"] {
        if !rota
            .days
            .iter()
            .any(|d| d.expert == e && d.date.to_string() == "2027-01-20")
        {
            rota.days.push(day("2027-01-20", "S2", e));
        }
    }
    let found = rules(&s, &rota);
    assert!(found.contains(&"department-cap"), "{found:?}");
    assert!(!found.contains(&"expert-two-places"), "{found:?}");
}

#[test]
fn an_expert_of_the_wrong_specialty_is_flagged() {
    let s = small();
    let mut rota = plan(&s);
    // E06 (pain) joins the team of S1, which needs endocrinology and obstetrics.
    rota.teams
        .iter_mut()
        .find(|t| t.station == "S3")
        .unwrap()
        .lead = "E07".into();
    rota.teams
        .iter_mut()
        .find(|t| t.station == "S3")
        .unwrap()
        .members
        .clear();
    rota.teams
        .iter_mut()
        .find(|t| t.station == "S1")
        .unwrap()
        .members
        .push("E06".into());
    let found = rules(&s, &rota);
    assert!(found.contains(&"wrong-specialty"), "{found:?}");
}

#[test]
fn a_team_changed_within_the_year_is_flagged() {
    let s = small();
    let mut rota = plan(&s);
    // S2's lead and a member swap roles: not the team the scenario fixes for the year.
    let t = rota.teams.iter_mut().find(|t| t.station == "S2").unwrap();
    let lead = std::mem::replace(&mut t.lead, t.members[0].clone());
    t.members[0] = lead;
    let found = rules(&s, &rota);
    assert_eq!(found[0], "team-changed", "{found:?}");
    // The new lead owes a lead's days, which the member's days do not make.
    assert!(
        found[1..].iter().all(|r| *r == "expert-days-short"),
        "{found:?}"
    );
}

#[test]
fn an_expert_at_a_station_not_their_own_is_a_team_change() {
    let s = small();
    let mut rota = plan(&s);
    let d = rota.days.iter_mut().find(|d| d.expert == "E06").unwrap();
    d.station = "S1".into();
    let found = rules(&s, &rota);
    assert!(found.contains(&"team-changed"), "{found:?}");
}

#[test]
fn a_day_on_a_holiday_or_clinic_day_is_flagged() {
    let s = small();
    let mut rota = plan(&s);
    // Spring Festival, and E01's own clinic day (Monday).
    rota.days.push(day("2027-02-10", "S1", "E01"));
    rota.days.push(day("2027-01-25", "S1", "E01"));
    let found = rules(&s, &rota);
    assert_eq!(
        found.iter().filter(|r| **r == "expert-not-free").count(),
        2,
        "{found:?}"
    );
}

#[test]
fn more_days_than_the_monthly_most_are_flagged() {
    let s = small();
    let mut rota = plan(&s);
    for d in ["04", "05", "06", "07", "08", "11", "12", "13", "14"] {
        let date = format!("2027-01-{d}");
        if !rota
            .days
            .iter()
            .any(|x| x.expert == "E05" && x.date.to_string() == date)
        {
            rota.days.push(day(&date, "S2", "E05"));
        }
    }
    let found = rules(&s, &rota);
    assert!(found.contains(&"expert-month-limit"), "{found:?}");
}

#[test]
fn a_station_beyond_the_travel_limit_is_flagged() {
    let mut s = small();
    s.experts.as_mut().unwrap().rules.max_travel_minutes = 5.0;
    let rota = plan(&small());
    let found = rules(&s, &rota);
    assert!(found.contains(&"expert-too-far"), "{found:?}");
}

#[test]
fn unknown_ids_and_dates_outside_the_horizon_are_flagged() {
    let s = small();
    let mut rota = plan(&s);
    rota.days.push(day("2027-01-20", "S9", "E01"));
    rota.days.push(day("2027-06-01", "S1", "E01"));
    let found = rules(&s, &rota);
    assert!(found.contains(&"unknown-id"), "{found:?}");
    assert!(found.contains(&"outside-horizon"), "{found:?}");
}

#[test]
fn a_rota_of_another_scenario_is_flagged() {
    let s = small();
    let mut rota = plan(&s);
    rota.scenario = "elsewhere".into();
    assert_eq!(rules(&s, &rota), vec!["wrong-scenario"]);
}

/// A generated rota: one hospital department of `clinic.len()` experts (a lead and members)
/// at one station, each with some clinic days; no holidays, a cap that never binds.
fn generated(clinic: &[Vec<usize>], lead_days: u32, member_days: u32) -> Scenario {
    let names = ["Mon", "Tue", "Wed", "Thu", "Fri"];
    let mut experts = String::from("id,name,hospital,department,specialty,clinic_days\n");
    let mut members = Vec::new();
    for (i, days) in clinic.iter().enumerate() {
        let days: Vec<&str> = days.iter().map(|&d| names[d]).collect();
        experts += &format!(
            "X{i},Expert {i},H,cardiology,cardiology,{}\n",
            days.join(";")
        );
        if i > 0 {
            members.push(format!("X{i}"));
        }
    }
    let toml = format!(
        "name = \"gen\"\nkind = \"expert-stations\"\n[horizon]\nstart = \"2027-03-01\"\n\
         days = 61\n[experts]\nlead_days_per_month = {lead_days}\n\
         member_days_per_month = {member_days}\nmax_days_per_month = 8\n\
         max_away_per_department = 20\n[files]\nbases = \"h.csv\"\nexperts = \"e.csv\"\n\
         stations = \"s.csv\"\nstation_teams = \"t.csv\"\n[solver]\nmip_gap = 0.0\n"
    );
    let files = vec![
        ("scenario.toml".to_string(), toml),
        (
            "h.csv".into(),
            "id,name,lat,lon\nH,Hospital,36.5,118.5\n".into(),
        ),
        ("e.csv".into(), experts),
        (
            "s.csv".into(),
            "id,name,lat,lon,specialties\nS,Station,36.6,118.6,cardiology\n".into(),
        ),
        (
            "t.csv".into(),
            format!("station,lead,members\nS,X0,{}\n", members.join(";")),
        ),
    ];
    outreach::load(&Source::Memory {
        name: "gen".into(),
        files,
    })
    .expect("the generated scenario reads")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// With a free weekday for each expert and no cap or holiday in the way, every expert's
    /// days fall on one weekday, every minimum is met, and the rota passes check.
    #[test]
    fn regular_weekdays_are_kept_when_nothing_forbids_them(
        clinic in prop::collection::vec(prop::collection::vec(0usize..5, 0..4), 2..6),
        lead_days in 1u32..5,
        member_days in 1u32..4,
    ) {
        let s = generated(&clinic, lead_days, member_days);
        let rota = plan(&s);
        prop_assert!(rota.shortfalls.is_empty(), "{:?}", rota.shortfalls);
        prop_assert_eq!(rota.summary.regular_share, 1.0);
        prop_assert!(check_rota(&s, &rota).is_empty());
    }
}

#[test]
fn the_command_line_plans_writes_and_checks_a_rota() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let run = succeeds(
        outreach()
            .args(["plan", "--quiet", "--out"])
            .arg(&out)
            .arg(fixture()),
    );
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(stdout.contains("gap 0.00 %"), "{stdout}");
    for f in [
        "rota.json",
        "rota.csv",
        "absence.html",
        "stations/S1.html",
        "stations/S1.txt",
        "calendars/expert-E01.ics",
    ] {
        assert!(out.join(f).is_file(), "{f} written");
    }
    let ics = std::fs::read_to_string(out.join("calendars/expert-E01.ics")).unwrap();
    assert_eq!(
        ics.matches("BEGIN:VEVENT").count(),
        6,
        "3 days a month, 2 months"
    );
    let wechat = std::fs::read_to_string(out.join("stations/S1.txt")).unwrap();
    assert!(wechat.contains("2027-01") && wechat.contains("2027-02"));
    let check = outreach()
        .arg("check")
        .arg(fixture())
        .arg(out.join("rota.json"))
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    // A hand edit that puts an expert on their clinic day fails the check, naming the rule.
    let mut rota =
        Rota::from_json(&std::fs::read_to_string(out.join("rota.json")).unwrap()).unwrap();
    rota.days.push(day("2027-01-25", "S1", "E01"));
    let edited = dir.path().join("edited.json");
    std::fs::write(&edited, rota.to_json()).unwrap();
    let check = outreach()
        .arg("check")
        .arg(fixture())
        .arg(&edited)
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&check.stdout).contains("[expert-not-free]"));
}

#[test]
fn a_bad_station_team_names_file_row_field_and_fix() {
    let dir = tempfile::tempdir().unwrap();
    for f in std::fs::read_dir(fixture()).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, dir.path().join(f.file_name().unwrap())).unwrap();
    }
    std::fs::write(
        dir.path().join("station_teams.csv"),
        "station,lead,members\nS1,E01,E02;E03\nS2,E04,E06\nS3,E06,E07\n",
    )
    .unwrap();
    let run = outreach()
        .args(["plan", "--quiet", "--out"])
        .arg(dir.path().join("out"))
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(!run.status.success());
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        err.contains("station_teams.csv, line 3, field `members`"),
        "{err}"
    );
    assert!(err.contains("E06") && err.contains("oncology"), "{err}");
    assert!(!dir.path().join("out").exists(), "no half-written output");
}

#[test]
fn a_sweep_varies_the_rota_keys() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sweep");
    succeeds(
        outreach()
            .args(["sweep", "--quiet", "--threads", "1", "--out"])
            .arg(&out)
            .args([
                "--vary",
                "max_away_per_department=0,2",
                "--vary",
                "lead_days_per_month=3,4",
            ])
            .arg(fixture()),
    );
    let text = std::fs::read_to_string(out.join("sweep.csv")).unwrap();
    let rows: Vec<Vec<&str>> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    assert_eq!(rows.len(), 4);
    // Columns: variation, the two keys, status, required, met, coverage_pct, …, violations.
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    for r in &rows {
        assert_eq!(r[col("status")], "ok");
        assert_eq!(r[col("violations")], "0");
        let cap: u32 = r[1].parse().unwrap();
        let coverage = r[col("coverage_pct")];
        assert_eq!(coverage == "100.00", cap > 0, "{r:?}");
    }
    // A fourth day owed by each lead: 3 leads × 2 months more.
    let required = |cap: &str, lead: &str| -> u32 {
        rows.iter().find(|r| r[1] == cap && r[2] == lead).unwrap()[col("visits_required")]
            .parse()
            .unwrap()
    };
    assert_eq!(required("2", "4"), required("2", "3") + 6);
}

#[test]
fn bad_sweep_values_of_rota_keys_are_refused() {
    let run = outreach()
        .args(["sweep", "--quiet", "--vary", "teams=sometimes"])
        .arg(fixture())
        .output()
        .unwrap();
    assert!(!run.status.success());
    assert!(String::from_utf8_lossy(&run.stderr).contains("expected fixed or open"));
}

#[test]
fn the_rota_is_the_same_with_any_number_of_threads() {
    let mut s = small();
    s.experts.as_mut().unwrap().teams = None;
    s.experts.as_mut().unwrap().rules.team_size = 2;
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let mut rota = pool.install(|| plan(&s));
        rota.summary.solve_seconds = 0.0;
        rota.to_json()
    };
    assert_eq!(run(1), run(3));
}

#[test]
fn the_day_planner_refuses_a_rota_scenario_in_words() {
    let s = small();
    let err = outreach::plan(&s, &Options::from_scenario(&s), &outreach::plan::Quiet)
        .expect_err("a rota has no tours");
    assert!(err.to_string().contains("experts-small"), "{err}");
}
