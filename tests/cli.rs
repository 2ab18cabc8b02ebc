//! The command line end to end: plan, check, validate, and bad input.

mod common;
use common::*;
use std::fs;

#[test]
fn plan_writes_a_schedule_that_check_accepts() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let run = succeeds(
        outreach()
            .args(["plan", "tiny", "--quiet", "--out"])
            .arg(&out),
    );
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(stdout.contains("visits met"), "{stdout}");
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("schedule.json")).unwrap()).unwrap();
    for key in [
        "sites",
        "vehicles",
        "clinicians",
        "days",
        "visits_required",
        "visits_scheduled",
        "unmet",
        "distance_km",
        "cost",
        "objective",
        "bound",
        "gap",
        "solve_seconds",
    ] {
        assert!(json["summary"].get(key).is_some(), "summary lacks {key}");
    }
    let csv = fs::read_to_string(out.join("stops.csv")).unwrap();
    assert!(
        csv.starts_with('\u{feff}'),
        "stops.csv starts with a BOM for Excel"
    );
    assert!(csv
        .lines()
        .next()
        .unwrap()
        .contains("date,vehicle,tour,seq,site"));
    assert!(csv.contains("村"), "Chinese names survive");
    // Names beside ids, and one crew member a column.
    let header = csv.lines().next().unwrap();
    for column in ["base_name", "vehicle_name", "crew_1", "crew_2"] {
        assert!(
            header.split(',').any(|h| h == column),
            "{column} in {header}"
        );
    }
    assert!(csv.contains("王村镇健康大巴"), "the vehicle's name");

    let check = outreach()
        .args(["check", "tiny"])
        .arg(out.join("schedule.json"))
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );
}

#[test]
fn check_fails_on_a_broken_schedule_and_names_the_rule() {
    let dir = tempfile::tempdir().unwrap();
    let out = plan_into("tiny", &dir.path().join("out"), &[]);
    let path = out.join("schedule.json");
    let mut json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
    // Move the first tour to a Saturday.
    json["tours"][0]["date"] = "2027-01-09".into();
    fs::write(&path, serde_json::to_string(&json).unwrap()).unwrap();
    let check = outreach()
        .args(["check", "tiny"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&check.stdout).contains("non-working-day"));
    // As JSON lines, each broken rule is a `violation` with its code.
    let check = outreach()
        .args(["check", "tiny", "--json"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&check.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(lines
        .iter()
        .any(|v| v["kind"] == "violation" && v["rule"] == "non-working-day"));
}

#[test]
fn check_speaks_chinese_with_the_rule_codes_as_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let out = plan_into("tiny", &dir.path().join("out"), &[]);
    let path = out.join("schedule.json");
    let mut json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
    // The first tour on a Saturday, and a copy of it without crew.
    json["tours"][0]["date"] = "2027-01-09".into();
    let mut copy = json["tours"][0].clone();
    copy["id"] = "X1".into();
    copy["crew"] = serde_json::json!([]);
    json["tours"].as_array_mut().unwrap().push(copy);
    fs::write(&path, serde_json::to_string(&json).unwrap()).unwrap();
    let tour = json["tours"][0]["id"].as_str().unwrap().to_string();

    let check = outreach()
        .args(["check", "tiny", "--lang", "zh"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert!(
        stdout.contains(&format!(
            "[non-working-day] 2027-01-09 车次 {tour}：2027-01-09 不是工作日（周末或节假日）"
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains("[vehicle-double-booked] 2027-01-09 车次 X1：车辆 "),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "[crew-missing] 2027-01-09 车次 X1：随车人员填不满岗位 [doctor, nurse]（每个岗位一人）"
        ),
        "{stdout}"
    );
    assert!(!stdout.contains(" tour "), "no English left: {stdout}");

    // As JSON lines: the words in Chinese, their id, and the rule code as it is.
    let lines = |lang: &str| -> Vec<serde_json::Value> {
        let check = outreach()
            .args(["check", "tiny", "--json", "--lang", lang])
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(check.status.code(), Some(1));
        String::from_utf8_lossy(&check.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let (zh, en) = (lines("zh"), lines("en"));
    assert_eq!(zh.len(), en.len());
    let day = |lines: &[serde_json::Value]| {
        lines
            .iter()
            .find(|v| v["rule"] == "non-working-day")
            .unwrap()
            .clone()
    };
    assert_eq!(day(&zh)["message"], "2027-01-09 不是工作日（周末或节假日）");
    assert_eq!(
        day(&en)["message"],
        "2027-01-09 is not a working day (weekend or holiday)"
    );
    for (z, e) in zh.iter().zip(&en) {
        assert_eq!(z["rule"], e["rule"]);
        assert_eq!(z["message_id"], e["message_id"]);
        assert!(
            z["message_id"].as_str().unwrap().starts_with("check-"),
            "{z}"
        );
    }
}

#[test]
fn validate_accepts_the_bundled_scenarios() {
    for name in ["tiny", "zibo-health-bus"] {
        let run = outreach().args(["validate", name]).output().unwrap();
        assert!(
            run.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&run.stdout)
        );
    }
}

/// Breaks one file of the tiny scenario and expects a clear error (file, line, field), no panic, and
/// no output written.
fn expect_bad(file: &str, edit: impl Fn(String) -> String, wants: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let toml = copy_scenario("tiny", dir.path());
    let target = dir.path().join(file);
    fs::write(&target, edit(fs::read_to_string(&target).unwrap())).unwrap();
    let out = dir.path().join("out");
    for args in [
        vec!["validate"],
        vec!["plan", "-q", "--out", out.to_str().unwrap()],
    ] {
        let run = outreach()
            .args(&args[..1])
            .arg(&toml)
            .args(&args[1..])
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&run.stdout),
            String::from_utf8_lossy(&run.stderr)
        );
        assert!(
            !run.status.success(),
            "{args:?} accepted a broken {file}: {text}"
        );
        assert!(!text.contains("panicked"), "{text}");
        for w in wants {
            assert!(text.contains(w), "{args:?}: message lacks `{w}`:\n{text}");
        }
    }
    assert!(
        !out.join("schedule.json").exists(),
        "no output on bad input"
    );
}

#[test]
fn malformed_toml_names_file_and_line() {
    expect_bad(
        "scenario.toml",
        |t| t.replace("weeks = 2", "weeks = = 2"),
        &["scenario.toml", "line 11"],
    );
}

#[test]
fn unknown_toml_key_is_reported() {
    expect_bad(
        "scenario.toml",
        |t| t.replace("working_minutes = 480", "workin_minutes = 480"),
        &["scenario.toml", "workin_minutes"],
    );
}

#[test]
fn malformed_csv_row_names_line() {
    expect_bad(
        "sites.csv",
        |t| t.replacen("\nS02,", "\nS02,extra,", 1),
        &["sites.csv", "line 3", "cells"],
    );
}

#[test]
fn unknown_base_id_names_row_and_field() {
    expect_bad(
        "vehicles.csv",
        |t| t.replacen("V2,B1", "V2,B9", 1),
        &["vehicles.csv", "line 3", "`base`", "B9"],
    );
}

#[test]
fn negative_service_time_is_rejected() {
    expect_bad(
        "sites.csv",
        |t| t.replacen(",1,90,plain", ",1,-90,plain", 1),
        &["sites.csv", "line 2", "service_minutes"],
    );
}

/// The table with one more column, `value` on its first row and empty below.
fn with_column(table: &str, column: &str, value: &str) -> String {
    let mut lines: Vec<String> = table.lines().map(String::from).collect();
    lines[0].push_str(&format!(",{column}"));
    lines[1].push_str(&format!(",{value}"));
    for l in lines.iter_mut().skip(2) {
        l.push(',');
    }
    lines.join("\n") + "\n"
}

#[test]
fn negative_load_is_rejected() {
    expect_bad(
        "vehicles.csv",
        |t| with_column(&t, "max_load_kg", "-5"),
        &["vehicles.csv", "line 2", "max_load_kg", "out of range"],
    );
}

#[test]
fn numbers_past_their_range_are_refused_with_the_range() {
    let cases: &[(&str, &str, &str, &[&str])] = &[
        (
            "vehicles.csv",
            ",6,240,",
            ",600,240,",
            &["line 2", "seats", "`600`", "0 and 100"],
        ),
        (
            "vehicles.csv",
            ",6,240,3.5",
            ",6,1e308,3.5",
            &["line 2", "max_drive_minutes", "`1e308`", "1440"],
        ),
        (
            "clinicians.csv",
            "doctor,obstetrics,,5,5,22",
            "doctor,obstetrics,,99999999999,5,22",
            &["line 2", "max_days_per_week", "`99999999999`", "0 and 7"],
        ),
        (
            "scenario.toml",
            "doctor = 1",
            "doctor = 100000",
            &["crew.doctor", "0 to 100"],
        ),
        (
            "scenario.toml",
            "visits = 1",
            "visits = 4000000000",
            &["requirements.visits", "0 to 366"],
        ),
        (
            "scenario.toml",
            "min_spacing_days = 14",
            "min_spacing_days = 100000000",
            &["requirements.min_spacing_days", "0 to 731"],
        ),
    ];
    for &(file, from, to, wants) in cases {
        expect_bad(
            file,
            |t| {
                assert!(t.contains(from), "{file} lacks {from}");
                t.replacen(from, to, 1)
            },
            wants,
        );
    }
}

#[test]
fn an_altitude_speed_factor_above_one_is_rejected() {
    expect_bad(
        "scenario.toml",
        |t| {
            t.replace(
                "circuity = 1.3",
                "circuity = 1.3\naltitude_speed = [[4000, 1.5]]",
            )
        },
        &["scenario.toml", "travel.altitude_speed", "1.5"],
    );
}

#[test]
fn a_clearance_that_is_not_yes_or_no_is_rejected() {
    expect_bad(
        "clinicians.csv",
        |t| with_column(&t, "altitude_cleared", "maybe"),
        &["clinicians.csv", "line 2", "altitude_cleared", "yes or no"],
    );
}

#[test]
fn nan_coordinates_are_rejected() {
    expect_bad(
        "sites.csv",
        |t| t.replacen("36.664060", "NaN", 1),
        &["sites.csv", "line 2", "`lat`", "finite"],
    );
}

#[test]
fn dates_outside_the_horizon_are_rejected() {
    expect_bad(
        "leave.csv",
        |t| t.replace("2027-01-06,2027-01-08", "2072-01-06,2072-01-08"),
        &["leave.csv", "line 2", "horizon"],
    );
}

#[test]
fn unknown_site_in_requirements_is_rejected() {
    expect_bad(
        "requirements.csv",
        |t| t.replace("S03,", "S99,"),
        &["requirements.csv", "line 2", "S99"],
    );
}

#[test]
fn unknown_scenario_name_is_a_clear_error() {
    let run = outreach()
        .args(["plan", "no-such-scenario"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("bundled name"));
}

#[test]
fn bench_plans_checks_and_reports_json() {
    let run = succeeds(outreach().args(["bench", "tiny", "--runs", "2", "--json"]));
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&run.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    for l in &lines {
        assert_eq!(l["feasible"], true);
        assert_eq!(l["visits_met"], l["visits_required"]);
        assert!(l["seconds"].as_f64().unwrap() >= 0.0);
    }
}

/// `bench ceiling` grows a campaign's bounding LP until its trips repeat no village: each step
/// no lower than the last, the ceiling reached and below the plan's cost; a scenario of day
/// tours has no campaign to bound and says so.
#[test]
fn bench_ceiling_grows_the_bounding_lp_to_the_end_and_stays_below_the_plan() {
    let fixture =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/altitude-mini");
    let run = succeeds(
        outreach()
            .args(["bench", "ceiling", "--json"])
            .arg(&fixture),
    );
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&run.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1, "one campaign base");
    let c = &lines[0];
    assert_eq!(c["scenario"], "altitude-mini");
    assert_eq!(c["reached"], true);
    let steps = c["steps"].as_array().unwrap();
    assert!(steps.len() >= 2, "{c}");
    let lps: Vec<f64> = steps.iter().map(|s| s["lp"].as_f64().unwrap()).collect();
    assert!(lps.windows(2).all(|w| w[1] >= w[0] - 1e-6), "{lps:?}");
    let ceiling = c["bound"].as_f64().unwrap();
    assert!((ceiling - lps[lps.len() - 1]).abs() < 1e-3);

    let dir = tempfile::tempdir().unwrap();
    let out = plan_into(&fixture, &dir.path().join("out"), &[]);
    let schedule: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("schedule.json")).unwrap()).unwrap();
    let cost = schedule["summary"]["cost"].as_f64().unwrap();
    assert!(
        ceiling <= cost + 1e-6,
        "ceiling {ceiling} above a plan of {cost}"
    );

    let tiny = outreach()
        .args(["bench", "ceiling", "tiny"])
        .output()
        .unwrap();
    assert_eq!(tiny.status.code(), Some(2));
    let said = String::from_utf8_lossy(&tiny.stderr);
    assert!(said.contains("no campaign to bound"), "{said}");
}

#[test]
fn a_huge_horizon_is_refused_with_its_range() {
    expect_bad(
        "scenario.toml",
        |t| t.replace("weeks = 2", "weeks = 2635249153387078803"),
        &["horizon.weeks", "1 to 104 weeks"],
    );
    expect_bad(
        "scenario.toml",
        |t| t.replace("weeks = 2", "days = 100000"),
        &["horizon.days", "1 to 731 days"],
    );
}

#[test]
fn extreme_weights_are_refused_before_planning() {
    expect_bad(
        "scenario.toml",
        |t| {
            t.replace(
                "unmet_visit_penalty = 100000.0",
                "unmet_visit_penalty = 1e308",
            )
        },
        &["objective.unmet_visit_penalty", "0 to 1e9"],
    );
    expect_bad(
        "scenario.toml",
        |t| t.replace("population_scale = 1000.0", "population_scale = 1e-300"),
        &["objective.population_scale", "1 to 1e9"],
    );
    // Each in range, but together too heavy for the solver.
    expect_bad(
        "scenario.toml",
        |t| {
            t.replace(
                "unmet_visit_penalty = 100000.0",
                "unmet_visit_penalty = 1e9",
            )
            .replace("population_scale = 1000.0", "population_scale = 1")
        },
        &["objective.population_scale", "would weigh"],
    );
}

#[test]
fn one_bad_base_coordinate_is_one_error() {
    let dir = tempfile::tempdir().unwrap();
    let toml = copy_scenario("tiny", dir.path());
    let bases = dir.path().join("bases.csv");
    let text = fs::read_to_string(&bases).unwrap();
    fs::write(&bases, text.replace("117.721476", "east")).unwrap();
    let run = outreach().arg("validate").arg(&toml).output().unwrap();
    let err = format!(
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(!run.status.success());
    assert!(err.contains("bases.csv") && err.contains("`lon`"), "{err}");
    assert!(err.contains("1 error(s)"), "{err}");
    assert!(!err.contains("unknown base"), "no knock-on errors: {err}");
}

#[test]
fn a_crlf_table_reports_the_line_an_editor_shows() {
    let dir = tempfile::tempdir().unwrap();
    let toml = copy_scenario("tiny", dir.path());
    let sites = dir.path().join("sites.csv");
    let text = fs::read_to_string(&sites).unwrap();
    // Line 3 (S02) gets a bad population; the file is saved with CRLF.
    let bad = text.replacen(",860,", ",many,", 1).replace('\n', "\r\n");
    fs::write(&sites, bad).unwrap();
    let run = outreach().arg("validate").arg(&toml).output().unwrap();
    let err = String::from_utf8_lossy(&run.stdout);
    assert!(err.contains("sites.csv, line 3"), "{err}");
}

/// What Excel on a Chinese Windows saves: the tables in GB18030 (GBK), dates as `2027/1/6`. The
/// scenario reads (with a note naming the file) and plans the same schedule as the UTF-8 original.
#[test]
fn a_gbk_scenario_with_excel_dates_plans_like_the_original() {
    let dir = tempfile::tempdir().unwrap();
    let toml = copy_scenario("tiny", dir.path());
    for file in ["sites.csv", "clinicians.csv", "vehicles.csv", "leave.csv"] {
        let path = dir.path().join(file);
        let text = fs::read_to_string(&path).unwrap();
        let text = text
            .replace("2027-01-0", "2027/1/")
            .replace("2027-01-", "2027/1/");
        let (bytes, _, unmappable) = encoding_rs::GB18030.encode(&text);
        assert!(!unmappable);
        assert!(
            std::str::from_utf8(&bytes).is_err() || text.is_ascii(),
            "{file} is not UTF-8 now"
        );
        fs::write(&path, &bytes).unwrap();
    }
    let plan = |scenario: &std::path::Path, out: &std::path::Path| {
        let run = outreach()
            .arg("plan")
            .arg(scenario)
            .args(["--quiet", "--out"])
            .arg(out)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&run.stderr).to_string();
        assert!(run.status.success(), "{err}");
        let mut json: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(out.join("schedule.json")).unwrap()).unwrap();
        json["summary"]["solve_seconds"] = 0.into();
        json["inputs"] = serde_json::Value::Null;
        json["scenario_dir"] = serde_json::Value::Null;
        (json, err)
    };
    let (gbk, err) = plan(&toml, &dir.path().join("out"));
    assert!(
        err.contains("sites.csv") && err.contains("GB18030"),
        "{err}"
    );
    let (utf8, _) = plan(std::path::Path::new("tiny"), &dir.path().join("out2"));
    assert_eq!(gbk["tours"], utf8["tours"]);
    assert_eq!(gbk["summary"]["unmet"], utf8["summary"]["unmet"]);
}

/// A misspelt column would silently leave the plan without it: it is refused, naming the column
/// meant. A column of the planner's own (remarks) is only noted.
#[test]
fn a_misspelt_column_is_refused_with_the_column_meant() {
    expect_bad(
        "sites.csv",
        |t| t.replacen("population", "populaton", 1),
        &[
            "sites.csv",
            "line 1",
            "populaton",
            "did you mean `population`",
        ],
    );
    expect_bad(
        "sites.csv",
        |t| t.replacen("service_minutes", "service_minute", 1),
        &[
            "sites.csv",
            "service_minute",
            "did you mean `service_minutes`",
        ],
    );
    let dir = tempfile::tempdir().unwrap();
    let toml = copy_scenario("tiny", dir.path());
    let path = dir.path().join("sites.csv");
    let text = with_column(&fs::read_to_string(&path).unwrap(), "备注", "路窄");
    fs::write(&path, text).unwrap();
    let run = outreach().arg("validate").arg(&toml).output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(run.status.success(), "{text}");
    assert!(
        text.contains("`备注`") && text.contains("ignored"),
        "{text}"
    );
}

/// Problems of a workbook scenario name the workbook: a sheet that is not there lists those that
/// are, a workbook without a sheet says how to name one, and a table not starting in A1 (which
/// would shift every row number) is refused with its cell. (`outreach new` writes the workbook;
/// `a_new_scenario_is_a_workbook_that_plans_as_its_example` plans it.)
#[test]
fn workbook_problems_name_the_sheet_and_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("book");
    assert!(outreach()
        .arg("new")
        .arg(&folder)
        .status()
        .unwrap()
        .success());
    let toml = folder.join("scenario.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    // A sheet that is not there names those that are.
    std::fs::write(
        &toml,
        text.replace("tables.xlsx#leave", "tables.xlsx#urlaub"),
    )
    .unwrap();
    let out = outreach().arg("validate").arg(&toml).output().unwrap();
    let msg =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        msg.contains("tables.xlsx#urlaub")
            && msg.contains("no sheet `urlaub`")
            && msg.contains("`leave`"),
        "{msg}"
    );
    // A workbook without a sheet named says how to name one.
    std::fs::write(&toml, text.replace("tables.xlsx#leave", "tables.xlsx")).unwrap();
    let out = outreach().arg("validate").arg(&toml).output().unwrap();
    let msg =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && msg.contains("tables.xlsx#SHEET"),
        "{msg}"
    );
    // A table that does not start in A1 would shift every row number: it is refused, with the cell.
    let mut moved = rust_xlsxwriter::Workbook::new();
    let sheet = moved.add_worksheet();
    sheet.set_name("leave").unwrap();
    sheet.write_string(1, 1, "id").unwrap();
    moved.save(folder.join("moved.xlsx")).unwrap();
    std::fs::write(&toml, text.replace("tables.xlsx#leave", "moved.xlsx#leave")).unwrap();
    let out = outreach().arg("validate").arg(&toml).output().unwrap();
    let msg =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && msg.contains("starts at cell B2"),
        "{msg}"
    );
}

/// `outreach new FOLDER` starts a scenario of one's own: a scenario.toml and one workbook with the
/// example's rows, which validates and plans as the example does; it never writes into a folder
/// that holds something.
#[test]
fn a_new_scenario_is_a_workbook_that_plans_as_its_example() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("我的方案 \"x\"");
    let run = outreach().arg("new").arg(&folder).output().unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let toml = std::fs::read_to_string(folder.join("scenario.toml")).unwrap();
    assert!(
        toml.contains("sites = \"tables.xlsx#sites\"") && !toml.contains(".csv"),
        "{toml}"
    );
    let s = outreach::load_dir(&folder).expect("the new scenario loads");
    assert_eq!(s.name, "我的方案 \"x\"");
    let (a, b) = (plan(&s, 60.0), plan(&bundled("tiny"), 60.0));
    assert_eq!(a.tours, b.tours, "the same tour-days");
    assert_eq!(a.summary.visits_met, b.summary.visits_met);
    assert_eq!(a.summary.cost.to_bits(), b.summary.cost.to_bits());
    let again = outreach().arg("new").arg(&folder).output().unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("not empty"));
    let unknown = outreach()
        .args(["new", "--from", "nowhere"])
        .arg(dir.path().join("b"))
        .output()
        .unwrap();
    assert!(!unknown.status.success() && !dir.path().join("b").exists());
}
