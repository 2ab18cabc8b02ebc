//! Helpers shared by the integration tests.
#![allow(dead_code)]

use outreach::scenario::bundled;
use outreach::{Options, Scenario, Schedule};
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

pub fn outreach() -> std::process::Command {
    std::process::Command::new(env!("CARGO_BIN_EXE_outreach"))
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
