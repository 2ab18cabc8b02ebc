//! Running a sweep: variations in parallel (rayon), rows streamed to `sweep.csv` as they finish,
//! resumption of an interrupted sweep, and shards. The file itself is `results`; the merge of shard
//! folders, `merge`.

use super::merge::check_inputs;
use super::results::{csv_line, io, read_rows, write_rows, Row, KPI_COLUMNS};
use super::{plot, vary, Spec, SweepError, Variation};
use crate::export::write_atomic;
use crate::plan::{Options, Shared};
use crate::scenario::Scenario;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

/// The K-th of N deterministic slices of a sweep (K from 1): variation `i` belongs to shard
/// `i mod N + 1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    pub k: usize,
    pub n: usize,
}

impl Shard {
    pub const ALL: Shard = Shard { k: 1, n: 1 };

    pub fn parse(s: &str) -> Result<Shard, String> {
        let (k, n) = s
            .split_once('/')
            .ok_or_else(|| format!("--shard `{s}`: expected K/N, e.g. 2/8"))?;
        let k: usize = k
            .trim()
            .parse()
            .map_err(|_| format!("--shard `{s}`: K is not a number"))?;
        let n: usize = n
            .trim()
            .parse()
            .map_err(|_| format!("--shard `{s}`: N is not a number"))?;
        if n == 0 || k == 0 || k > n {
            return Err(format!("--shard `{s}`: need 1 ≤ K ≤ N"));
        }
        Ok(Shard { k, n })
    }

    /// From a batch system's environment: a Slurm job array (`SLURM_ARRAY_TASK_ID`, less
    /// `SLURM_ARRAY_TASK_MIN`, of `SLURM_ARRAY_TASK_COUNT`) or a Kubernetes Indexed Job
    /// (`JOB_COMPLETION_INDEX`, from 0, of `shards`, which the job gives).
    pub fn from_env(
        get: impl Fn(&str) -> Option<String>,
        shards: Option<usize>,
    ) -> Result<Option<(Shard, &'static str)>, String> {
        let num = |name: &str| -> Result<Option<usize>, String> {
            match get(name) {
                None => Ok(None),
                Some(v) => v
                    .trim()
                    .parse()
                    .map(Some)
                    .map_err(|_| format!("{name}=`{v}` is not a number")),
            }
        };
        if let Some(id) = num("SLURM_ARRAY_TASK_ID")? {
            let min = num("SLURM_ARRAY_TASK_MIN")?.unwrap_or(0);
            let n = match shards {
                Some(n) => n,
                None => num("SLURM_ARRAY_TASK_COUNT")?.ok_or(
                    "SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not; give --shards N",
                )?,
            };
            let k = id
                .checked_sub(min)
                .ok_or("SLURM_ARRAY_TASK_ID is below SLURM_ARRAY_TASK_MIN")?
                + 1;
            return Shard::parse(&format!("{k}/{n}")).map(|s| Some((s, "SLURM_ARRAY_TASK_ID")));
        }
        if let Some(i) = num("JOB_COMPLETION_INDEX")? {
            let n = shards.ok_or("JOB_COMPLETION_INDEX is set: give the number of shards with --shards N (the Job's completions)")?;
            return Shard::parse(&format!("{}/{n}", i + 1))
                .map(|s| Some((s, "JOB_COMPLETION_INDEX")));
        }
        Ok(None)
    }

    pub fn holds(&self, id: usize) -> bool {
        id % self.n == self.k - 1
    }
}

pub trait Progress: Sync {
    fn start(&self, total: usize, resumed: usize);
    fn variation_done(&self, id: usize);
}

pub struct Silent;

impl Progress for Silent {
    fn start(&self, _: usize, _: usize) {}
    fn variation_done(&self, _: usize) {}
}

/// What a run did.
pub struct Outcome {
    /// This shard's rows, sorted by variation.
    pub rows: Vec<Row>,
    /// Rows found from an earlier, interrupted run and kept.
    pub resumed: usize,
    /// Variations planned now.
    pub planned: usize,
    /// Travel matrices and tour pools reused rather than recomputed.
    pub reuses: usize,
    pub files: Vec<PathBuf>,
}

/// The `bound` column: empty where no bound was proven (the pool bound holds only for the tours
/// generated, so it is no bound on the plan).
fn bound_cell(bound: Option<f64>) -> String {
    bound.map(fmt2).unwrap_or_default()
}

/// The `gap_pct` column: empty with the bound, as a gap against the pool bound is no gap.
fn gap_cell(bound: Option<f64>, gap: f64) -> String {
    bound.map(|_| fmt2(gap * 100.0)).unwrap_or_default()
}

fn fmt2(x: f64) -> String {
    if x.is_finite() {
        format!("{x:.2}")
    } else {
        String::new()
    }
}

/// Plans one variation and measures it.
fn solve(
    base: &Scenario,
    options: &Options,
    spec: &Spec,
    v: &Variation,
    shared: &Shared,
    bases: &super::replan::BasePlans,
) -> Vec<String> {
    let t0 = Instant::now();
    let (s, mut o) = match vary::apply(base, options, &v.params, spec.seed) {
        Ok(x) => x,
        Err(e) => return error_row(&e.to_string(), t0),
    };
    // Parallelism is across variations: each plan on one thread is what makes rows reproducible.
    o.threads = 1;
    if s.experts.is_some() {
        let mut row = match crate::plan::rota::plan_rota(&s, &o) {
            Ok(rota) => super::experts::kpis(&s, &rota, fmt2),
            Err(e) => return error_row(&e.to_string(), t0),
        };
        row.push(fmt2(t0.elapsed().as_secs_f64()));
        return row;
    }
    let (schedule, replanned) =
        match super::replan::plan_variation(&s, &o, &v.params, shared, bases) {
            Ok(x) => x,
            Err(e) => return error_row(&e, t0),
        };
    let violations = crate::check(replanned.as_ref().map_or(&s, |r| &r.scenario), &schedule).len();
    let m = &schedule.summary;
    let coverage = if m.visits_required == 0 {
        100.0
    } else {
        100.0 * m.visits_met as f64 / m.visits_required as f64
    };
    vec![
        "ok".into(),
        m.visits_required.to_string(),
        m.visits_met.to_string(),
        fmt2(coverage),
        fmt2(m.population_reached),
        fmt2(m.distance_km),
        fmt2(m.cost),
        fmt2(m.objective),
        m.clinician_days.to_string(),
        m.vehicle_days.to_string(),
        m.tours.to_string(),
        bound_cell(m.bound),
        gap_cell(m.bound, m.gap),
        fmt2(m.pool_gap * 100.0),
        violations.to_string(),
        // Empty for a variation planned from scratch: nothing was in force to change.
        replanned.map_or(String::new(), |r| r.changed_tour_days.to_string()),
        fmt2(t0.elapsed().as_secs_f64()),
    ]
}

fn error_row(message: &str, t0: Instant) -> Vec<String> {
    let mut k = vec![format!("error: {message}")];
    k.extend(std::iter::repeat_n(String::new(), KPI_COLUMNS.len() - 2));
    k.push(fmt2(t0.elapsed().as_secs_f64()));
    k
}

fn spec_text(spec: &Spec, scenario: &str) -> String {
    format!("# sweep of scenario `{scenario}`\n{}", spec.to_toml())
}

/// Runs the variations of `shard` not yet in `out/sweep.csv`, on `threads` threads.
pub fn run(
    scenario: &Scenario,
    options: &Options,
    spec: &Spec,
    out: &Path,
    shard: Shard,
    threads: usize,
    progress: &dyn Progress,
) -> Result<Outcome, SweepError> {
    let keys = spec.keys();
    let all = spec.variations().len();
    let variations: Vec<Variation> = spec
        .variations()
        .into_iter()
        .filter(|v| shard.holds(v.id))
        .collect();
    // Every variation is checked against the scenario before any is planned.
    for v in &variations {
        vary::apply(scenario, options, &v.params, spec.seed).map_err(|e| {
            SweepError::Other(
                crate::text!("sweep-variation-refused", id = v.id, error = e.to_string())
                    .to_string(),
            )
        })?;
    }
    std::fs::create_dir_all(out).map_err(|e| io(out, e))?;
    let spec_path = out.join("sweep.toml");
    let text = spec_text(spec, &scenario.name);
    match std::fs::read_to_string(&spec_path) {
        Ok(old) if old != text => {
            return Err(io(
                out,
                "holds the results of another sweep (its sweep.toml differs); use another --out folder or delete it",
            ))
        }
        Ok(_) => {}
        Err(_) => write_atomic(&spec_path, text.as_bytes()).map_err(|e| SweepError::Other(e.to_string()))?,
    }
    check_inputs(scenario, out)?;
    let csv_path = out.join("sweep.csv");
    let mut done: BTreeMap<usize, Row> = BTreeMap::new();
    if csv_path.exists() {
        for r in read_rows(&csv_path, &keys)? {
            if shard.holds(r.id) && r.id < all {
                done.insert(r.id, r);
            }
        }
    }
    let resumed = done.len();
    // Start the stream from the rows kept (dropping a line cut short), then append as rows come.
    let kept: Vec<Row> = done.values().cloned().collect();
    write_rows(&csv_path, &keys, &kept)?;
    let todo: Vec<&Variation> = variations
        .iter()
        .filter(|v| !done.contains_key(&v.id))
        .collect();
    progress.start(variations.len(), resumed);

    let file = std::fs::OpenOptions::new()
        .append(true)
        .open(&csv_path)
        .map_err(|e| io(&csv_path, e))?;
    let sink = Mutex::new((file, Vec::new()));
    let shared = Shared::new();
    let bases = super::replan::BasePlans::default();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| SweepError::Other(format!("cannot start the thread pool: {e}")))?;
    let failed: Mutex<Option<SweepError>> = Mutex::new(None);
    // The pool's threads speak the run's language (a workbench's run may have its own).
    let lang = crate::lang::current();
    pool.install(|| {
        todo.par_iter().with_max_len(1).for_each(|v| {
            let params: Vec<String> = keys
                .iter()
                .map(|k| {
                    v.params
                        .iter()
                        .rev()
                        .find(|(key, _)| key == k)
                        .map(|(_, x)| x.clone())
                        .unwrap_or_default()
                })
                .collect();
            let row = Row {
                id: v.id,
                params,
                kpis: crate::lang::within(lang, || {
                    solve(scenario, options, spec, v, &shared, &bases)
                }),
            };
            let mut sink = sink.lock().expect("no thread panics holding it");
            let line = csv_line(&row.record());
            // Each finished row is on disk at once: an interrupted sweep keeps it.
            if let Err(e) = sink.0.write_all(&line).and_then(|_| sink.0.flush()) {
                failed
                    .lock()
                    .expect("no thread panics holding it")
                    .get_or_insert(io(&csv_path, e));
            }
            sink.1.push(row);
            drop(sink);
            progress.variation_done(v.id);
        })
    });
    if let Some(e) = failed.into_inner().expect("all threads are done") {
        return Err(e);
    }
    let (_, new_rows) = sink.into_inner().expect("all threads are done");
    let planned = new_rows.len();
    for r in new_rows {
        done.insert(r.id, r);
    }
    let rows: Vec<Row> = done.into_values().collect();
    write_rows(&csv_path, &keys, &rows)?;
    let svg_path = out.join("sweep.svg");
    let svg = plot::svg(spec, &rows, crate::lang::current()).map_err(SweepError::Other)?;
    write_atomic(&svg_path, svg.as_bytes()).map_err(|e| SweepError::Other(e.to_string()))?;
    Ok(Outcome {
        rows,
        resumed,
        planned,
        reuses: shared.reuses(),
        files: vec![spec_path, csv_path, svg_path],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_proven_bound_leaves_bound_and_gap_empty() {
        assert_eq!(bound_cell(None), "");
        assert_eq!(gap_cell(None, 0.25), "");
        assert_eq!(bound_cell(Some(858_636.0)), "858636.00");
        assert_eq!(gap_cell(Some(858_636.0), 0.0045), "0.45");
    }

    #[test]
    fn shards_partition_and_come_from_the_environment() {
        let shards: Vec<Shard> = (1..=3).map(|k| Shard { k, n: 3 }).collect();
        for id in 0..20 {
            assert_eq!(shards.iter().filter(|s| s.holds(id)).count(), 1);
        }
        assert!(
            Shard::parse("0/3").is_err()
                && Shard::parse("4/3").is_err()
                && Shard::parse("x").is_err()
        );
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| pairs.iter().find(|p| p.0 == k).map(|p| p.1.to_string())
        };
        let slurm = env(&[
            ("SLURM_ARRAY_TASK_ID", "3"),
            ("SLURM_ARRAY_TASK_MIN", "1"),
            ("SLURM_ARRAY_TASK_COUNT", "4"),
        ]);
        assert_eq!(
            Shard::from_env(slurm, None).unwrap().unwrap().0,
            Shard { k: 3, n: 4 }
        );
        let k8s = env(&[("JOB_COMPLETION_INDEX", "0")]);
        assert_eq!(
            Shard::from_env(k8s, Some(5)).unwrap().unwrap().0,
            Shard { k: 1, n: 5 }
        );
        assert!(Shard::from_env(env(&[("JOB_COMPLETION_INDEX", "0")]), None).is_err());
        assert!(Shard::from_env(env(&[]), None).unwrap().is_none());
    }
}
