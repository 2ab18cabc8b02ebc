//! Helpers of the re-planning tests: a generated two-base scenario, planning, events, and the
//! check that a re-plan keeps what no event breaks.
#![allow(dead_code)]

use outreach::replan::events::{self, Event, Origin};
use outreach::replan::replan;
use outreach::{Options, Scenario, Schedule};
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// Two bases of `villages` villages each, 3 buses and 4 doctors and 4 nurses each, four weeks,
/// each village owed two visits a month at least a week apart: many tour-days to break.
pub fn scenario_dir(dir: &Path, villages: usize, seed: u64) -> PathBuf {
    std::fs::write(
        dir.join("scenario.toml"),
        "name = \"replan-test\"\n[horizon]\nstart = \"2027-03-01\"\nweeks = 4\n[day]\nworking_minutes = 420\n\
         [requirements]\nperiod = \"month\"\nvisits = 2\nmin_spacing_days = 7\n[files]\nsites = \"sites.csv\"\n\
         bases = \"bases.csv\"\nvehicles = \"vehicles.csv\"\nclinicians = \"clinicians.csv\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("bases.csv"),
        "id,name,lat,lon\nB1,东院,36.50,118.00\nB2,西院,36.50,117.40\n",
    )
    .unwrap();
    let mut sites = String::from("id,name,lat,lon,service_minutes,population\n");
    let mut x = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut next = || {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (x >> 33) as f64 / (1u64 << 31) as f64
    };
    for (b, lon) in [(1, 118.0), (2, 117.4)] {
        for i in 0..villages {
            writeln!(
                sites,
                "S{b}{i:02},村{b}{i:02},{:.5},{:.5},{},{}",
                36.5 + (next() - 0.5) * 0.3,
                lon + (next() - 0.5) * 0.3,
                60 + (next() * 4.0) as u32 * 15,
                300 + (next() * 900.0) as u32
            )
            .unwrap();
        }
    }
    std::fs::write(dir.join("sites.csv"), sites).unwrap();
    let mut v = String::from("id,base\n");
    let mut cl = String::from("id,name,base,role,specialties\n");
    for b in 1..=2 {
        for i in 1..=3 {
            writeln!(v, "V{b}{i},B{b}").unwrap();
        }
        for i in 1..=4 {
            // One cardiologist a base, for extra specialist visits.
            let k = if i == 1 { "cardiology" } else { "" };
            writeln!(
                cl,
                "D{b}{i},医生{b}{i},B{b},doctor,{k}\nN{b}{i},护士{b}{i},B{b},nurse,"
            )
            .unwrap();
        }
    }
    std::fs::write(dir.join("vehicles.csv"), v).unwrap();
    std::fs::write(dir.join("clinicians.csv"), cl).unwrap();
    dir.join("scenario.toml")
}

pub fn plan(s: &Scenario) -> Schedule {
    let mut o = Options::from_scenario(s);
    o.threads = 1;
    outreach::plan(s, &o, &outreach::plan::Quiet).unwrap()
}

pub fn date(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

pub fn event(s: &Scenario, kind: &str, value: &str) -> Event {
    let origin = Origin {
        place: "test".into(),
        row: None,
        field: "value",
    };
    events::parse(s, kind, value, origin).unwrap()
}

pub fn run(s: &Scenario, old: &Schedule, from: &str, evs: &[Event]) -> outreach::replan::Replanned {
    let mut o = Options::from_scenario(s);
    o.threads = 1;
    replan(s, old, date(from), evs, &o, &outreach::plan::Quiet).unwrap()
}

pub fn json(t: &outreach::schedule::TourDay) -> String {
    serde_json::to_string(t).unwrap()
}

/// Every tour-day of `old` that is before `from` or that no event breaks is in `new` unchanged,
/// and the new plan passes every rule of the scenario with the events applied.
pub fn assert_kept(old: &Schedule, r: &outreach::replan::Replanned, from: &str, evs: &[Event]) {
    let new: std::collections::HashSet<String> = r.schedule.tours.iter().map(json).collect();
    for t in &old.tours {
        let hit = evs.iter().any(|e| {
            e.covers(t.date)
                && (t.vehicle == e.target
                    || t.crew.iter().any(|c| c.clinician == e.target)
                    || t.stops
                        .iter()
                        .any(|x| x.site == e.target || t.base == e.target))
        });
        if t.date < date(from) || !hit {
            assert!(new.contains(&json(t)), "tour-day {} changed", t.id);
        }
    }
    let violations = outreach::check(&r.scenario, &r.schedule);
    assert!(violations.is_empty(), "{violations:#?}");
}
