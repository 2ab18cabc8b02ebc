//! A day plan split by base: bases share nothing, so shard K of N plans its bases alone and keeps
//! their results as a partial plan (`part.json`); the merge joins the parts in base order, as one
//! unsharded run joins its bases, so the schedule is the same byte for byte (timing aside).
//!
//! A part records what decided it (scenario files, effort, seed, options): parts that differ are
//! refused with the difference named. The part itself, its file and reading it back, are `part`.

use super::{
    assemble, component_weight, reason, solve_bases, travel_fingerprint, ComponentResult, Options,
    PlanError, Progress, Run, Shared, Shortfall, Solved,
};
use crate::lang::Text;
use crate::model::Model;
use crate::scenario::{Effort, Scenario};
use crate::schedule::Schedule;
use crate::text;
use crate::tours::Tour;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::PathBuf;

mod part;
use part::part_run;
pub use part::{read_part, write_part, NotReady, Part, PartBase, PartRun, PartShortfall, Slot};
pub use part::{FORMAT, PART, VERSION};

/// A refusal or a problem of sharding, in the planner's words.
#[derive(Debug, thiserror::Error)]
pub enum ShardError {
    #[error("{0}")]
    Refused(Text),
    #[error("{0}")]
    Plan(#[from] PlanError),
}

fn refused(t: Text) -> ShardError {
    ShardError::Refused(t)
}

/// The K-th of N shards of a plan's bases (K from 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardOf {
    pub k: usize,
    pub n: usize,
}

/// What decides a plan, recorded in every part: parts merge only when these are equal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// The scenario's name, and where it was read from (a path or a bundled name).
    pub scenario: String,
    pub source: String,
    /// The scenario's files with their SHA-256.
    pub inputs: BTreeMap<String, String>,
    pub effort: Effort,
    pub seed: u64,
    pub mip_gap: f64,
    pub enumeration_cap: usize,
    /// The program's version: another build may plan differently.
    pub program: String,
}

impl Settings {
    pub fn of(s: &Scenario, o: &Options, source: &str) -> Settings {
        Settings {
            scenario: s.name.clone(),
            source: source.to_string(),
            inputs: s.inputs.iter().cloned().collect(),
            effort: o.effort,
            seed: o.seed,
            mip_gap: o.mip_gap,
            enumeration_cap: o.enumeration_cap,
            program: env!("CARGO_PKG_VERSION").to_string(),
        }
    }

    /// What differs between two parts' settings, as `what: this vs that`; the source path is not
    /// compared (a cluster's nodes may mount the scenario at different places), its files are.
    pub fn differences(&self, other: &Settings) -> Vec<String> {
        let mut d = Vec::new();
        let mut field = |name: &str, a: String, b: String| {
            if a != b {
                d.push(format!("{name}: {a} ≠ {b}"));
            }
        };
        field("scenario", self.scenario.clone(), other.scenario.clone());
        field(
            "effort",
            self.effort.name().into(),
            other.effort.name().into(),
        );
        field("seed", self.seed.to_string(), other.seed.to_string());
        field(
            "mip_gap",
            self.mip_gap.to_string(),
            other.mip_gap.to_string(),
        );
        field(
            "enumeration_cap",
            self.enumeration_cap.to_string(),
            other.enumeration_cap.to_string(),
        );
        field("program", self.program.clone(), other.program.clone());
        let files = changed_files(&self.inputs, &other.inputs);
        if !files.is_empty() {
            d.push(format!("files: {}", files.join(", ")));
        }
        d
    }
}

/// Files whose SHA-256 differs between two lists, or that only one lists.
pub fn changed_files(a: &BTreeMap<String, String>, b: &BTreeMap<String, String>) -> Vec<String> {
    let mut names: Vec<&String> = a.keys().chain(b.keys()).collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .filter(|f| a.get(*f) != b.get(*f))
        .cloned()
        .collect()
}

/// The shard of each component: a fixed, size-balanced assignment that every shard computes the
/// same way. Largest bases first, each to the shard with the least work so far (the lowest on a
/// tie).
pub fn assignment(model: &Model, n: usize) -> Vec<usize> {
    let weights: Vec<usize> = model.components.iter().map(component_weight).collect();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| weights[b].cmp(&weights[a]).then(a.cmp(&b)));
    let mut load = vec![0usize; n];
    let mut shard = vec![0; weights.len()];
    for i in order {
        let k = (0..n)
            .min_by_key(|&k| (load[k], k))
            .expect("at least one shard");
        load[k] += weights[i];
        shard[i] = k;
    }
    shard
}

/// Refuses what cannot be split: campaigns (their teams cross bases' lines), and more shards than
/// bases.
pub fn check_splittable(s: &Scenario, shard: ShardOf) -> Result<(), ShardError> {
    if s.team_mode() {
        return Err(refused(text!("shard-campaign", name = s.name.as_str())));
    }
    if shard.n == 0 || shard.k == 0 || shard.k > shard.n {
        return Err(refused(text!(
            "shard-out-of-range",
            k = shard.k,
            n = shard.n
        )));
    }
    if shard.n > s.bases.len() {
        return Err(refused(text!(
            "shard-too-many",
            n = shard.n,
            bases = s.bases.len()
        )));
    }
    Ok(())
}

/// Plans the bases of one shard.
pub fn plan_shard(
    s: &Scenario,
    options: &Options,
    progress: &dyn Progress,
    shard: ShardOf,
    source: &str,
) -> Result<Part, ShardError> {
    check_splittable(s, shard)?;
    let shared = Shared::new();
    let travel_key = travel_fingerprint(s);
    let model = Model::build_with(s, shared.travel(s, travel_key));
    let of = assignment(&model, shard.n);
    let mine: Vec<usize> = (0..of.len()).filter(|&i| of[i] == shard.k - 1).collect();
    let solved = solve_bases(&model, &mine, options, progress, &shared, travel_key)?;
    let bases = solved
        .results
        .into_iter()
        .map(|(i, r)| PartBase {
            component: i,
            base: s.bases[model.components[i].base].id.clone(),
            runs: r.runs.iter().map(part_run).collect(),
            shortfalls: r
                .shortfalls
                .iter()
                .map(|f| PartShortfall {
                    demand: f.demand,
                    missing: f.missing,
                    code: f.reason.code,
                    words: f.reason.words.clone(),
                })
                .collect(),
            stats: r.stats.clone(),
        })
        .collect();
    Ok(Part {
        format: FORMAT.into(),
        version: VERSION,
        shard,
        settings: Settings::of(s, options, source),
        bases,
        cut_by_time: solved.cut_by_time,
        interrupted: solved.interrupted,
        solve_seconds: solved.solve_seconds,
    })
}

/// Which shards of `n` no part holds.
pub fn missing_shards(parts: &[Part], n: usize) -> Vec<usize> {
    (1..=n)
        .filter(|k| !parts.iter().any(|p| p.shard.k == *k))
        .collect()
}

/// Refuses parts that cannot be merged: of different scenarios or settings (the difference
/// named), of different shard counts, or the same shard twice with different contents.
pub fn check_parts(parts: &[(PathBuf, Part)]) -> Result<(), ShardError> {
    let Some((first_dir, first)) = parts.first() else {
        return Err(refused(text!("shard-none")));
    };
    for (dir, p) in &parts[1..] {
        let diff = first.settings.differences(&p.settings);
        if !diff.is_empty() {
            return Err(refused(text!(
                "shard-different-settings",
                a = first_dir.display().to_string(),
                b = dir.display().to_string(),
                differences = diff.join("; ")
            )));
        }
        if p.shard.n != first.shard.n {
            return Err(refused(text!(
                "shard-different-count",
                a = first_dir.display().to_string(),
                b = dir.display().to_string(),
                n = first.shard.n,
                m = p.shard.n
            )));
        }
    }
    Ok(())
}

/// The schedule of the merged parts (one per shard, all of them, checked by `check_parts`),
/// planned from `s`: built exactly as an unsharded run builds it.
pub fn merge(s: &Scenario, parts: &[Part]) -> Result<Schedule, ShardError> {
    let first = parts.first().ok_or_else(|| refused(text!("shard-none")))?;
    let changed = changed_files(&first.settings.inputs, &s.inputs.iter().cloned().collect());
    if !changed.is_empty() {
        return Err(refused(text!(
            "shard-scenario-changed",
            files = changed.join(", ")
        )));
    }
    let model = Model::build(s);
    let of = assignment(&model, first.shard.n);
    let mut results: Vec<Option<ComponentResult>> =
        (0..model.components.len()).map(|_| None).collect();
    for p in parts {
        for b in &p.bases {
            let i = b.component;
            let fits = i < of.len()
                && of[i] == p.shard.k - 1
                && s.bases[model.components[i].base].id == b.base;
            if !fits {
                return Err(refused(text!(
                    "shard-wrong-base",
                    base = b.base.as_str(),
                    k = p.shard.k,
                    n = p.shard.n
                )));
            }
            let r = component_result(&model, i, b).map_err(|what| {
                refused(text!("shard-bad-part", base = b.base.as_str(), what = what))
            })?;
            results[i] = Some(r);
        }
    }
    let missing: Vec<&str> = (0..results.len())
        .filter(|&i| results[i].is_none())
        .map(|i| s.bases[model.components[i].base].id.as_str())
        .collect();
    if !missing.is_empty() {
        return Err(refused(text!(
            "shard-bases-missing",
            count = missing.len(),
            bases = missing.join(", ")
        )));
    }
    let mut cut_by_time: Vec<String> = parts
        .iter()
        .flat_map(|p| p.cut_by_time.iter().cloned())
        .collect();
    cut_by_time.sort();
    cut_by_time.dedup();
    let solved = Solved {
        results: results
            .into_iter()
            .enumerate()
            .map(|(i, r)| (i, r.expect("every base was found above")))
            .collect(),
        cut_by_time,
        interrupted: parts.iter().any(|p| p.interrupted),
        // The work of all shards, as one run would have spent it.
        solve_seconds: parts.iter().map(|p| p.solve_seconds).sum(),
    };
    let plan = assemble(&model, solved, first.settings.effort);
    Ok(Schedule::from_plan(&model, &plan, first.settings.seed))
}

/// One base's result back from its part, every index checked against the model (a part is a
/// file, and files get damaged).
fn component_result(model: &Model, ci: usize, b: &PartBase) -> Result<ComponentResult, String> {
    let s = model.scenario;
    let c = &model.components[ci];
    let mut runs = Vec::with_capacity(b.runs.len());
    for r in &b.runs {
        if r.day >= s.horizon.days {
            return Err(format!("day {} is past the horizon", r.day));
        }
        if !c.vehicles.contains(&r.vehicle) {
            return Err(format!("vehicle {} is not the base's", r.vehicle));
        }
        if let Some(x) = r.stops.iter().find(|&&x| x >= c.services.len()) {
            return Err(format!("stop {x} is not one of the base's services"));
        }
        if let Some((cl, _)) = r.crew.iter().find(|(cl, _)| *cl >= s.clinicians.len()) {
            return Err(format!("clinician {cl} does not exist"));
        }
        if let Some(t) = &r.trip {
            let lodging_ok = |l: Option<usize>| l.is_none_or(|l| l < s.lodgings.len());
            if t.team >= s.teams.len() || !lodging_ok(t.from) || !lodging_ok(t.to) {
                return Err("a trip names a team or lodging that does not exist".into());
            }
            if t.day as usize > r.day {
                return Err("a trip begins before the horizon".into());
            }
        }
        runs.push(Run {
            component: ci,
            tour: Tour {
                stops: r.stops.clone(),
                km: r.km,
                drive_minutes: r.drive_minutes,
                work_minutes: r.work_minutes,
                cost: r.cost,
                slots: r
                    .slots
                    .iter()
                    .map(|(k, n)| (k.clone().into(), *n))
                    .collect(),
            },
            day: r.day,
            vehicle: r.vehicle,
            crew: r.crew.iter().map(|(c, k)| (*c, k.clone().into())).collect(),
            trip: r.trip.clone(),
        });
    }
    let mut shortfalls = Vec::with_capacity(b.shortfalls.len());
    for f in &b.shortfalls {
        if f.demand >= c.demands.len() {
            return Err(format!("demand {} is not one of the base's", f.demand));
        }
        shortfalls.push(Shortfall {
            component: ci,
            demand: f.demand,
            missing: f.missing,
            reason: reason::Reason::new(f.code, f.words.clone()),
        });
    }
    Ok(ComponentResult {
        runs,
        shortfalls,
        idle: vec![],
        stats: b.stats.clone(),
        seeds: Vec::new(),
        previous: Default::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> Scenario {
        crate::load(&crate::scenario::bundled::find("tiny").expect("bundled")).expect("tiny loads")
    }

    #[test]
    fn the_assignment_covers_every_base_once_and_balances_work() {
        let s = crate::bench::scale::scaled(&tiny(), 5, 1).unwrap();
        let model = Model::build(&s);
        let of = assignment(&model, 3);
        assert_eq!(of.len(), model.components.len());
        let mut load = [0usize; 3];
        for (i, &k) in of.iter().enumerate() {
            load[k] += component_weight(&model.components[i]);
        }
        let heaviest = model.components.iter().map(component_weight).max().unwrap();
        let (lo, hi) = (load.iter().min().unwrap(), load.iter().max().unwrap());
        assert!(hi - lo <= heaviest, "{load:?}");
        assert_eq!(of, assignment(&model, 3), "the same every time");
    }

    #[test]
    fn shards_out_of_range_and_campaigns_are_refused() {
        let s = tiny();
        for (k, n) in [(0, 2), (3, 2), (1, 0)] {
            let e = check_splittable(&s, ShardOf { k, n }).unwrap_err();
            assert!(e.to_string().contains(&format!("{k}/{n}")), "{e}");
        }
        let too_many = ShardOf {
            k: 1,
            n: s.bases.len() + 1,
        };
        assert!(check_splittable(&s, too_many).is_err());
        let ngamring =
            crate::load(&crate::scenario::bundled::find("ngamring-high-altitude").unwrap())
                .unwrap();
        let e = check_splittable(&ngamring, ShardOf { k: 1, n: 2 }).unwrap_err();
        assert!(e.to_string().contains("campaign"), "{e}");
    }

    #[test]
    fn merged_shards_make_the_unsharded_schedule_and_parts_survive_json() {
        let s = crate::bench::scale::scaled(&tiny(), 3, 7).unwrap();
        let mut o = Options::from_scenario(&s);
        o.threads = 1;
        o.effort = Effort::Quick;
        let whole = crate::plan(&s, &o, &super::super::Quiet).unwrap();
        let parts: Vec<Part> = (1..=2)
            .map(|k| {
                let p = plan_shard(&s, &o, &super::super::Quiet, ShardOf { k, n: 2 }, "x").unwrap();
                serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap()
            })
            .collect();
        let mut merged = merge(&s, &parts).unwrap();
        merged.summary.solve_seconds = whole.summary.solve_seconds;
        assert_eq!(
            serde_json::to_string(&merged).unwrap(),
            serde_json::to_string(&whole).unwrap()
        );
        let e = merge(&s, &parts[..1]).unwrap_err().to_string();
        assert!(e.contains("TH") || e.contains("base"), "{e}");
    }

    #[test]
    fn differences_name_the_setting_and_the_files() {
        let s = tiny();
        let o = Options::from_scenario(&s);
        let a = Settings::of(&s, &o, "tiny");
        let mut b = a.clone();
        b.seed = 2;
        b.inputs.insert("sites.csv".into(), "00".into());
        b.source = "elsewhere".into();
        let d = a.differences(&b);
        assert_eq!(d.len(), 2, "{d:?}");
        assert!(d[0].starts_with("seed: 1 ≠ 2"), "{d:?}");
        assert!(d[1].contains("sites.csv"), "{d:?}");
    }
}
