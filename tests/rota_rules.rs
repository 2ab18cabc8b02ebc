//! Rules of expert-station rotas beyond one quarter's fixed teams: experts of several
//! specialties, a cap per hospital department, and teams kept from the previous quarter's rota —
//! each planned, checked, broken on purpose once, and each bad input refused in words that name
//! the file, row or field, and the fix.

mod common;

use common::outreach;
use outreach::check::{check_kept, check_rota};
use outreach::plan::rota::plan_rota;
use outreach::plan::rota::previous::kept_teams;
use outreach::rota::{ExpertDay, Rota};
use outreach::{Options, Scenario, Source};
use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/experts-small")
}

/// The fixture copied into `dir`, with `edit` applied to its files (name, text).
fn copy(dir: &Path, edit: &dyn Fn(&str, String) -> String) -> PathBuf {
    for f in std::fs::read_dir(fixture()).unwrap() {
        let f = f.unwrap().path();
        let name = f.file_name().unwrap().to_str().unwrap().to_string();
        let text = std::fs::read_to_string(&f).unwrap();
        std::fs::write(dir.join(&name), edit(&name, text)).unwrap();
    }
    dir.to_path_buf()
}

fn load(dir: &Path) -> Scenario {
    outreach::load(&Source::File(dir.join("scenario.toml"))).expect("the scenario reads")
}

fn try_load(dir: &Path) -> String {
    outreach::load(&Source::File(dir.join("scenario.toml")))
        .expect_err("the scenario is refused")
        .to_string()
}

fn plan(s: &Scenario) -> Rota {
    let mut o = Options::from_scenario(s);
    o.threads = 1;
    plan_rota(s, &o).expect("plans")
}

fn rules(s: &Scenario, rota: &Rota) -> Vec<&'static str> {
    check_rota(s, rota).iter().map(|v| v.rule).collect()
}

/// The fixture with the planner making the teams (teams of two).
fn open_teams(name: &str, text: String) -> String {
    if name == "scenario.toml" {
        text.replace("station_teams = \"station_teams.csv\"\n", "")
            .replace(
                "regularity = \"week\"",
                "regularity = \"week\"\nteam_size = 2",
            )
    } else {
        text
    }
}

#[test]
fn experts_of_several_specialties_read_plan_and_check() {
    let dir = tempfile::tempdir().unwrap();
    // S3 needs pain and cardiology; E07 (pain) is a cardiologist too, in the new column.
    let d = copy(dir.path(), &|name, text| {
        let text = open_teams(name, text);
        match name {
            "experts.csv" => text.replace(",specialty,", ",specialties,").replace(
                "E07,赵磊,H2,疼痛科,pain,",
                "E07,赵磊,H2,疼痛科,Pain; Cardiology,",
            ),
            "stations.csv" => text.replace(",plain,pain,", ",plain,pain;cardiology,"),
            _ => text,
        }
    });
    let s = load(&d);
    let x = s.experts.as_ref().unwrap();
    assert_eq!(x.experts[6].specialties, ["pain", "cardiology"]);
    assert_eq!(x.experts[0].specialties, ["endocrinology"]);
    let rota = plan(&s);
    assert!(rota.uncovered.is_empty(), "{:?}", rota.uncovered);
    let s3 = rota.teams.iter().find(|t| t.station == "S3").unwrap();
    assert!(s3.lead == "E07" || s3.members.contains(&"E07".to_string()));
    assert_eq!(rules(&s, &rota), Vec::<&str>::new());

    // E07 at S1 (endocrinology and obstetrics): neither of their specialties.
    let mut bad = rota.clone();
    for t in &mut bad.teams {
        t.members.retain(|m| m != "E07");
        if t.lead == "E07" {
            t.lead = t.members.remove(0);
        }
    }
    bad.teams
        .iter_mut()
        .find(|t| t.station == "S1")
        .unwrap()
        .members
        .push("E07".into());
    let found = rules(&s, &bad);
    assert!(found.contains(&"wrong-specialty"), "{found:?}");
}

#[test]
fn the_old_single_specialty_column_still_reads_and_an_empty_list_is_refused() {
    let s = load(&fixture());
    assert_eq!(
        s.experts.as_ref().unwrap().experts[3].specialties,
        ["oncology"]
    );
    let dir = tempfile::tempdir().unwrap();
    let d = copy(dir.path(), &|name, text| {
        if name == "experts.csv" {
            text.replace("E05,陈静,H1,肿瘤科,oncology,", "E05,陈静,H1,肿瘤科,;,")
        } else {
            text
        }
    });
    let err = try_load(&d);
    assert!(
        err.contains("experts.csv, line 6, field `specialty`"),
        "{err}"
    );
}

#[test]
fn a_department_cap_of_its_own_is_planned_and_checked() {
    let dir = tempfile::tempdir().unwrap();
    // H1's oncologists (E04, E05, E08) may be away only one at a time.
    let d = copy(dir.path(), &|name, text| {
        if name == "scenario.toml" {
            text.replace(
                "station_teams = \"station_teams.csv\"",
                "station_teams = \"station_teams.csv\"\ndepartments = \"departments.csv\"",
            )
        } else {
            text
        }
    });
    std::fs::write(
        d.join("departments.csv"),
        "hospital,department,max_away,notes\nH1,肿瘤科,1,outpatient load\n",
    )
    .unwrap();
    let s = load(&d);
    let rota = plan(&s);
    assert!(rota.shortfalls.is_empty(), "{:?}", rota.shortfalls);
    let oncology = ["E04", "E05", "E08"];
    let mut dates: Vec<_> = rota
        .days
        .iter()
        .filter(|d| oncology.contains(&d.expert.as_str()))
        .map(|d| d.date)
        .collect();
    let n = dates.len();
    dates.sort();
    dates.dedup();
    assert_eq!(
        dates.len(),
        n,
        "never two oncologists of H1 away on one day"
    );
    assert_eq!(rules(&s, &rota), Vec::<&str>::new());

    // Two of them on one day: within the default cap of 2, over the department's 1. E04 comes
    // on a Tuesday or Wednesday (Mon and Thu are their clinic days); E05 is free on both.
    let mut bad = rota.clone();
    let first = bad.days.iter().find(|d| d.expert == "E04").unwrap().clone();
    bad.days.push(ExpertDay {
        date: first.date,
        station: "S2".into(),
        expert: "E05".into(),
    });
    let found: Vec<_> = check_rota(&s, &bad)
        .into_iter()
        .filter(|v| v.rule == "department-cap")
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].to_string().contains("cap of 1"), "{}", found[0]);
}

#[test]
fn bad_department_rows_name_file_line_field_and_fix() {
    for (row, line_field, words) in [
        (
            "H9,肿瘤科,1",
            "line 2, field `hospital`",
            "unknown hospital `H9`",
        ),
        ("H1,眼科,1", "line 2, field `department`", "same spelling"),
        ("H1,肿瘤科,many", "line 2, field `max_away`", "many"),
        (
            "H1,肿瘤科,1\nH1,肿瘤科,2",
            "line 3, field `department`",
            "line 2",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let d = copy(dir.path(), &|name, text| {
            if name == "scenario.toml" {
                text.replace(
                    "station_teams = \"station_teams.csv\"",
                    "station_teams = \"station_teams.csv\"\ndepartments = \"departments.csv\"",
                )
            } else {
                text
            }
        });
        std::fs::write(
            d.join("departments.csv"),
            format!("hospital,department,max_away\n{row}\n"),
        )
        .unwrap();
        let err = try_load(&d);
        assert!(
            err.contains(&format!("departments.csv, {line_field}")),
            "{row}: {err}"
        );
        assert!(err.contains(words), "{row}: {err}");
    }
}

/// Plans `dir` with the command line into `out`, with `extra` flags; the run's output.
fn run_plan(dir: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    outreach()
        .args(["plan", "--quiet", "--threads", "1", "--out"])
        .arg(out)
        .args(extra)
        .arg(dir)
        .output()
        .unwrap()
}

/// The fixture with open teams and its horizon starting on `start`.
fn quarter(dir: &Path, start: &str) -> PathBuf {
    let start = start.to_string();
    copy(dir, &move |name, text| {
        open_teams(name, text).replace("start = \"2027-01-01\"", &format!("start = \"{start}\""))
    })
}

#[test]
fn the_next_quarter_keeps_last_quarters_teams_and_check_holds_them() {
    let q1_dir = tempfile::tempdir().unwrap();
    let q1 = quarter(q1_dir.path(), "2027-01-01");
    let out = tempfile::tempdir().unwrap();
    let q1_out = out.path().join("q1");
    let run = run_plan(&q1, &q1_out, &[]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let planned =
        Rota::from_json(&std::fs::read_to_string(q1_out.join("rota.json")).unwrap()).unwrap();
    assert_eq!(planned.start, Some("2027-01-01".parse().unwrap()));
    // Teams of two are cheapest: S2 gets E04 and one more oncologist. Last quarter, as run,
    // S2 had all three; the planner left alone would not choose that.
    let s2 = planned.teams.iter().find(|t| t.station == "S2").unwrap();
    assert_eq!((s2.lead.as_str(), s2.members.len()), ("E04", 1));
    let mut r1 = planned.clone();
    r1.teams
        .iter_mut()
        .find(|t| t.station == "S2")
        .unwrap()
        .members = vec!["E05".into(), "E08".into()];
    let previous = out.path().join("q1-as-run.json");
    std::fs::write(&previous, r1.to_json()).unwrap();

    // Q2: the same teams, their date kept; the check against Q1 passes.
    let q2_dir = tempfile::tempdir().unwrap();
    let q2 = quarter(q2_dir.path(), "2027-04-01");
    let q2_out = out.path().join("q2");
    let run = run_plan(&q2, &q2_out, &["--previous", previous.to_str().unwrap()]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(String::from_utf8_lossy(&run.stdout).contains("3 teams kept"));
    let r2 = Rota::from_json(&std::fs::read_to_string(q2_out.join("rota.json")).unwrap()).unwrap();
    assert_eq!(r2.summary.kept_teams, 3);
    for t in &r1.teams {
        let now = r2.teams.iter().find(|n| n.station == t.station).unwrap();
        assert_eq!(now.lead, t.lead);
        assert!(
            t.members.iter().all(|m| now.members.contains(m)),
            "{t:?} {now:?}"
        );
        assert_eq!(now.since, Some("2027-01-01".parse().unwrap()));
    }
    let check = |rota: &Path| {
        outreach()
            .arg("check")
            .arg(&q2)
            .arg(rota)
            .arg("--previous")
            .arg(&previous)
            .output()
            .unwrap()
    };
    assert!(check(&q2_out.join("rota.json")).status.success());

    // A member moved to another station within the year: team-changed.
    let s2 = load(&q2);
    let mut moved = r2.clone();
    let t1 = moved
        .teams
        .iter()
        .position(|t| !t.members.is_empty())
        .unwrap();
    let who = moved.teams[t1].members.remove(0);
    let edited = out.path().join("moved.json");
    std::fs::write(&edited, moved.to_json()).unwrap();
    let run = check(&edited);
    assert_eq!(run.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        stdout.contains("[team-changed]") && stdout.contains(&who),
        "{stdout}"
    );
    let kept = kept_teams(&s2, &r1).unwrap();
    let found: Vec<_> = check_kept(&s2, &moved, &kept)
        .iter()
        .map(|v| v.rule)
        .collect();
    assert_eq!(found, ["team-changed"]);

    // A year after Q1 began, its teams may change: nothing is kept.
    let later_dir = tempfile::tempdir().unwrap();
    let later = load(&quarter(later_dir.path(), "2028-01-03"));
    let mut r1_renamed = r1.clone();
    r1_renamed.scenario = later.name.clone();
    assert!(kept_teams(&later, &r1_renamed).unwrap().is_empty());
    assert_eq!(kept_teams(&s2, &r1).unwrap().len(), 3);
}

#[test]
fn a_bad_previous_rota_names_the_file_the_field_and_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let q1 = quarter(dir.path(), "2027-01-01");
    let out = tempfile::tempdir().unwrap();
    let run = run_plan(&q1, &out.path().join("q1"), &[]);
    assert!(run.status.success());
    let good = Rota::from_json(&std::fs::read_to_string(out.path().join("q1/rota.json")).unwrap())
        .unwrap();
    let cases: Vec<(Rota, &str, &str)> = vec![
        (
            Rota {
                scenario: "zibo-expert-stations".into(),
                ..good.clone()
            },
            "field `scenario`",
            "zibo-expert-stations",
        ),
        (
            {
                let mut r = good.clone();
                r.teams[1].members.push("E99".into());
                r
            },
            "field `teams[1].members`",
            "E99",
        ),
        (
            {
                let mut r = good.clone();
                r.teams[0].station = "S9".into();
                r
            },
            "field `teams[0].station`",
            "S9",
        ),
        (
            {
                let mut r = good.clone();
                let lead = r.teams[0].lead.clone();
                r.teams[2].members.push(lead);
                r
            },
            "field `teams[2].members`",
            "one station",
        ),
    ];
    for (k, (rota, field, words)) in cases.iter().enumerate() {
        let file = out.path().join(format!("previous-{k}.json"));
        std::fs::write(&file, rota.to_json()).unwrap();
        let target = out.path().join(format!("q2-{k}"));
        let run = run_plan(&q1, &target, &["--previous", file.to_str().unwrap()]);
        assert!(!run.status.success());
        let err = String::from_utf8_lossy(&run.stderr);
        assert!(err.contains(&format!("previous-{k}.json")), "{err}");
        assert!(err.contains(field) && err.contains(words), "{err}");
        assert!(!target.exists(), "no half-written output");
    }
    // A previous rota given to a day-tour scenario is refused in words.
    let file = out.path().join("previous-0.json");
    let run = outreach()
        .args(["plan", "tiny", "--quiet", "--previous"])
        .arg(&file)
        .arg("--out")
        .arg(out.path().join("tiny"))
        .output()
        .unwrap();
    assert!(!run.status.success());
    assert!(String::from_utf8_lossy(&run.stderr).contains("--previous"));
}
