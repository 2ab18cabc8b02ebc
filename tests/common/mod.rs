//! Helpers shared by the integration tests.
#![allow(dead_code)]

use outreach::scenario::bundled;
use outreach::{Options, Scenario, Schedule};
use std::fmt::Write;
use std::path::{Path, PathBuf};

pub fn bundled(name: &str) -> Scenario {
    outreach::load(&bundled::find(name).expect("bundled scenario")).expect("bundled scenarios load")
}

pub fn plan(s: &Scenario, time_limit: f64) -> Schedule {
    let mut o = Options::from_scenario(s);
    o.time_limit_seconds = time_limit;
    o.threads = 1;
    outreach::plan(s, &o, &outreach::plan::Quiet).expect("planning succeeds")
}

/// The command line, speaking English unless a test asks for another language (`--lang zh`
/// wins over the environment): the tests read its words.
pub fn outreach() -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_outreach"));
    c.env("OUTREACH_LANG", "en");
    c
}

/// Runs `outreach plan SCENARIO --quiet --out OUT` with `extra` flags and asserts that it
/// succeeds; returns `out`.
pub fn plan_into(scenario: impl AsRef<std::ffi::OsStr>, out: &Path, extra: &[&str]) -> PathBuf {
    succeeds(
        outreach()
            .arg("plan")
            .arg(scenario)
            .args(extra)
            .args(["--quiet", "--out"])
            .arg(out),
    );
    out.to_path_buf()
}

/// Runs `command` and asserts that it succeeds (showing its standard error if not).
pub fn succeeds(command: &mut std::process::Command) -> std::process::Output {
    let run = command.output().unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    run
}

/// Copies a bundled scenario folder into `dir` so a test can break one of its files.
pub fn copy_scenario(name: &str, dir: &Path) -> PathBuf {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name);
    for entry in std::fs::read_dir(&src).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|e| e == "csv" || e == "toml") {
            std::fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
        }
    }
    dir.join("scenario.toml")
}

/// One base with `sites` villages on a grid around it, each owed one visit in four weeks.
pub fn one_base(dir: &Path, sites: usize) -> std::path::PathBuf {
    std::fs::write(
        dir.join("scenario.toml"),
        "name = \"one large base\"\n[horizon]\nstart = \"2027-03-01\"\nweeks = 4\n[day]\nworking_minutes = 480\n\
         [requirements]\nperiod = \"month\"\nvisits = 1\nmin_spacing_days = 7\n[files]\nsites = \"sites.csv\"\n\
         bases = \"bases.csv\"\nvehicles = \"vehicles.csv\"\nclinicians = \"clinicians.csv\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("bases.csv"),
        "id,name,lat,lon\nB,县医院,36.5,118.0\n",
    )
    .unwrap();
    let side = (sites as f64).sqrt().ceil() as usize;
    let spread = 0.6 / side as f64;
    let mut csv = String::from("id,name,lat,lon,service_minutes,population\n");
    for i in 0..sites {
        let (r, c) = ((i / side) as f64, (i % side) as f64);
        writeln!(
            csv,
            "S{i},村{i},{:.5},{:.5},60,{}",
            36.2 + r * spread,
            117.7 + c * spread,
            200 + i % 700
        )
        .unwrap();
    }
    std::fs::write(dir.join("sites.csv"), csv).unwrap();
    let mut v = String::from("id,base\n");
    let mut cl = String::from("id,name,base,role\n");
    for i in 0..sites / 15 {
        writeln!(v, "V{i},B").unwrap();
        writeln!(cl, "D{i},医生{i},B,doctor\nN{i},护士{i},B,nurse").unwrap();
    }
    std::fs::write(dir.join("vehicles.csv"), v).unwrap();
    std::fs::write(dir.join("clinicians.csv"), cl).unwrap();
    dir.join("scenario.toml")
}
