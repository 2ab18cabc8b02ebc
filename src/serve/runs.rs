//! Runs in the background: a bounded pool of worker threads takes queued runs (a plan, or a sweep
//! of variations) in order; each run's state is published on a watch channel that every open page
//! follows. Cancelling asks the planner to stop and keeps its best plan. When the server stops,
//! running plans are stopped the same way and kept as interrupted.

use super::scenarios::{Cache, Key};
use super::store::{Figures, Kind, RunRow, Status, Store};
use crate::lang::{Lang, Text};
use crate::plan::budget::Stop;
use crate::plan::Incumbent;
use crate::text;
use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use tokio::sync::watch;

pub use super::live::Live;

struct Entry {
    tx: watch::Sender<Live>,
    stop: Stop,
}

pub struct Runs {
    store: Arc<Store>,
    cache: Arc<Cache>,
    /// The language of runs that did not keep the one of their page (an older workbench's).
    lang: Lang,
    scratch: PathBuf,
    queue: Mutex<VecDeque<i64>>,
    wake: Condvar,
    live: Mutex<HashMap<i64, Entry>>,
    /// The server is stopping: no new run starts, and stopped runs count as interrupted.
    stopping: AtomicBool,
    workers: Mutex<Vec<std::thread::JoinHandle<()>>>,
}

impl Runs {
    /// Starts `threads` workers. Runs a previous server left running are marked interrupted (a
    /// server that stopped in order kept their best plans already); runs left queued go again.
    pub fn start(
        store: Arc<Store>,
        cache: Arc<Cache>,
        scratch: PathBuf,
        threads: usize,
        lang: Lang,
    ) -> Result<Arc<Runs>, super::store::StoreError> {
        for id in store.running()? {
            store.finish_run(
                id,
                Status::Interrupted,
                Some(&serde_json::to_string(&text!("serve-run-lost")).expect("a text serialises")),
                &[],
                &Figures::default(),
                &[],
            )?;
        }
        let runs = Arc::new(Runs {
            store: store.clone(),
            cache,
            lang,
            scratch,
            queue: Mutex::new(VecDeque::new()),
            wake: Condvar::new(),
            live: Mutex::new(HashMap::new()),
            stopping: AtomicBool::new(false),
            workers: Mutex::new(Vec::new()),
        });
        for id in store.queued()? {
            runs.submit(id);
        }
        let mut workers = runs.workers.lock().expect("no panic holding it");
        for n in 0..threads.max(1) {
            let me = runs.clone();
            let handle = std::thread::Builder::new()
                .name(format!("outreach-run-{n}"))
                .spawn(move || me.work())
                .expect("the system starts a thread");
            workers.push(handle);
        }
        drop(workers);
        Ok(runs)
    }

    /// Queues a run the store holds.
    pub fn submit(&self, id: i64) {
        self.live.lock().expect("no panic holding it").insert(
            id,
            Entry {
                tx: watch::Sender::new(Live::queued()),
                stop: Stop::new(),
            },
        );
        self.queue
            .lock()
            .expect("no panic holding it")
            .push_back(id);
        self.wake.notify_one();
    }

    /// Follows a run that is queued or going; `None` once it is over.
    pub fn subscribe(&self, id: i64) -> Option<watch::Receiver<Live>> {
        let live = self.live.lock().expect("no panic holding it");
        live.get(&id).map(|e| e.tx.subscribe())
    }

    /// Asks a run to stop: a queued one never starts; a running one ends with its best plan.
    /// Returns whether the run was queued or going.
    pub fn cancel(&self, id: i64) -> bool {
        let was_queued = {
            let mut q = self.queue.lock().expect("no panic holding it");
            let before = q.len();
            q.retain(|x| *x != id);
            q.len() != before
        };
        if was_queued {
            let message = serde_json::to_string(&text!("serve-run-cancelled-queued"))
                .expect("a text serialises");
            if let Err(e) = self.store.finish_run(
                id,
                Status::Cancelled,
                Some(&message),
                &[],
                &Figures::default(),
                &[],
            ) {
                eprintln!("{e}");
            }
            self.end(id, Status::Cancelled);
            return true;
        }
        let live = self.live.lock().expect("no panic holding it");
        match live.get(&id) {
            Some(e) => {
                e.stop.request();
                e.tx.send_modify(|l| l.stopping = true);
                true
            }
            None => false,
        }
    }

    /// Asks every run to stop (each keeps its best plan, as interrupted); starts no new one.
    /// Queued runs stay queued, for the next server.
    pub fn stop_all(&self) {
        self.stopping.store(true, Ordering::SeqCst);
        let queued: Vec<i64> = self
            .queue
            .lock()
            .expect("no panic holding it")
            .iter()
            .copied()
            .collect();
        let mut live = self.live.lock().expect("no panic holding it");
        // Pages following a queued run let go of it (their stream ends with the channel).
        live.retain(|id, _| !queued.contains(id));
        for e in live.values() {
            e.stop.request();
        }
        drop(live);
        self.wake.notify_all();
    }

    /// Stops every run and waits for the workers.
    pub fn shutdown(&self) {
        self.stop_all();
        let workers: Vec<_> = self
            .workers
            .lock()
            .expect("no panic holding it")
            .drain(..)
            .collect();
        for w in workers {
            let _ = w.join();
        }
    }

    fn next(&self) -> Option<i64> {
        let mut q = self.queue.lock().expect("no panic holding it");
        loop {
            if self.stopping.load(Ordering::SeqCst) {
                return None;
            }
            if let Some(id) = q.pop_front() {
                return Some(id);
            }
            q = self.wake.wait(q).expect("no panic holding it");
        }
    }

    fn work(&self) {
        while let Some(id) = self.next() {
            let (tx, stop) = {
                let live = self.live.lock().expect("no panic holding it");
                match live.get(&id) {
                    Some(e) => (e.tx.clone(), e.stop.clone()),
                    None => continue,
                }
            };
            let status = self.execute(id, &tx, &stop);
            self.end(id, status);
        }
    }

    /// Publishes the last state and lets go of the run: followers see it, then their stream ends.
    fn end(&self, id: i64, status: Status) {
        if let Some(e) = self.live.lock().expect("no panic holding it").remove(&id) {
            e.tx.send_modify(|l| l.finish(status));
        }
    }

    /// Does a run in the language of the page that started it: its files, its checker's
    /// findings, its sweep's rows and its errors all speak it.
    fn execute(&self, id: i64, tx: &watch::Sender<Live>, stop: &Stop) -> Status {
        let row = match self.store.run(id) {
            Ok(Some(r)) => r,
            Ok(None) => return Status::Failed,
            Err(e) => return self.fail(id, text!("serve-run-failed", error = e.to_string())),
        };
        let lang = row.lang.unwrap_or(self.lang);
        crate::lang::within(lang, || self.execute_in(&row, lang, tx, stop))
    }

    /// Ends a run as failed, with why.
    fn fail(&self, id: i64, message: Text) -> Status {
        let m = serde_json::to_string(&message).expect("a text serialises");
        if let Err(e) =
            self.store
                .finish_run(id, Status::Failed, Some(&m), &[], &Figures::default(), &[])
        {
            eprintln!("{e}");
        }
        Status::Failed
    }

    fn execute_in(
        &self,
        row: &RunRow,
        lang: Lang,
        tx: &watch::Sender<Live>,
        stop: &Stop,
    ) -> Status {
        let id = row.id;
        let fail = |message: Text| self.fail(id, message);
        if let Err(e) = self.store.set_status(id, Status::Running) {
            return fail(text!("serve-run-failed", error = e.to_string()));
        }
        tx.send_modify(|l| l.status = Status::Running);
        let scenario = match Key::parse(&row.scenario)
            .ok_or(super::scenarios::LoadError::Missing)
            .and_then(|k| self.cache.get(&self.store, &k))
        {
            Ok(s) => s,
            Err(e) => return fail(text!("serve-run-failed", error = e.to_string())),
        };
        let out = self.scratch.join(format!("run-{id}"));
        let _ = std::fs::remove_dir_all(&out);
        let result = match row.kind {
            Kind::Plan => plan(&scenario, row, lang, stop, tx, &out),
            Kind::Sweep => sweep(&scenario, row, stop, tx, &out),
        };
        let outcome = result.and_then(|violations| Ok((violations, read_tree(&out)?)));
        let _ = std::fs::remove_dir_all(&out);
        let (violations, files) = match outcome {
            Ok(x) => x,
            Err(e) => return fail(e),
        };
        let status = if !stop.requested() {
            Status::Done
        } else if self.stopping.load(Ordering::SeqCst) {
            Status::Interrupted
        } else {
            Status::Cancelled
        };
        let mut figures = tx.borrow().figures();
        if status == Status::Done {
            figures.done = figures.total;
        }
        match self
            .store
            .finish_run(id, status, None, &violations, &figures, &files)
        {
            Ok(()) => status,
            Err(e) => fail(text!("serve-run-failed", error = e.to_string())),
        }
    }
}

/// Reports a plan's progress to the run's followers.
struct Follow<'a>(&'a watch::Sender<Live>);

impl crate::plan::Progress for Follow<'_> {
    fn base_done(&self, done: usize, total: usize, base_name: &str) {
        self.0.send_modify(|l| {
            l.done = done;
            l.total = total;
            l.phase = Some((base_name.to_string(), text!("phase-base-done")));
        });
    }

    fn phase(&self, base_name: &str, what: &Text) {
        self.0
            .send_modify(|l| l.phase = Some((base_name.to_string(), what.clone())));
    }

    fn best(&self, best: &Incumbent) {
        self.0.send_modify(|l| {
            l.best.insert(best.component, best.clone());
        });
    }
}

impl crate::sweep::Progress for Follow<'_> {
    fn start(&self, total: usize, resumed: usize) {
        self.0.send_modify(|l| {
            l.total = total;
            l.done = resumed;
        });
    }

    fn variation_done(&self, id: usize) {
        self.0.send_modify(|l| {
            l.done += 1;
            l.phase = Some((format!("#{id}"), text!("phase-variation-done")));
        });
    }
}

/// Plan options of a run: the scenario's, with the run's effort, on one thread (the pool's
/// threads are the parallelism), stoppable.
fn options(s: &crate::Scenario, row: &RunRow, stop: &Stop) -> crate::Options {
    let mut o = crate::Options::from_scenario(s);
    if let Ok(e) = row.effort.parse() {
        o.effort = e;
    }
    o.threads = 1;
    o.stop = stop.clone();
    o
}

/// Plans the scenario with the run's what-if changes and writes every output into `out`; returns
/// the checker's findings.
fn plan(
    base: &crate::Scenario,
    row: &RunRow,
    lang: Lang,
    stop: &Stop,
    tx: &watch::Sender<Live>,
    out: &Path,
) -> Result<Vec<String>, Text> {
    let failed = |e: &dyn std::fmt::Display| text!("serve-run-failed", error = e.to_string());
    let o = options(base, row, stop);
    let (s, o) = crate::sweep::apply(base, &o, &row.params, o.seed).map_err(|e| failed(&e))?;
    tx.send_modify(|l| l.total = s.bases.len().max(1));
    let schedule = crate::plan(&s, &o, &Follow(tx)).map_err(|e| failed(&e))?;
    let violations = crate::check(&s, &schedule);
    let dir = crate::export::OutputDir::prepare(out).map_err(|e| failed(&e))?;
    crate::export::write_all_in(dir, &schedule, &s, &violations, lang).map_err(|e| failed(&e))?;
    Ok(violations.iter().map(|v| v.render(lang)).collect())
}

/// Runs a sweep over the run's axes into `out` (sweep.toml, sweep.csv, sweep.svg).
fn sweep(
    base: &crate::Scenario,
    row: &RunRow,
    stop: &Stop,
    tx: &watch::Sender<Live>,
    out: &Path,
) -> Result<Vec<String>, Text> {
    let failed = |e: &dyn std::fmt::Display| text!("serve-run-failed", error = e.to_string());
    let o = options(base, row, stop);
    let flags: Vec<String> = row.params.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let spec = crate::sweep::Spec::from_flags(&flags, o.seed).map_err(|e| failed(&e))?;
    crate::sweep::run(
        base,
        &o,
        &spec,
        out,
        crate::sweep::Shard::ALL,
        1,
        &Follow(tx),
    )
    .map_err(|e| failed(&e))?;
    Ok(Vec::new())
}

/// Every file under `dir`, by `/`-separated relative path, in order.
fn read_tree(dir: &Path) -> Result<Vec<(String, Vec<u8>)>, Text> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    let failed = |e: std::io::Error| text!("serve-run-failed", error = e.to_string());
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).map_err(failed)? {
            let path = entry.map_err(failed)?.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let rel = path
                .strip_prefix(dir)
                .expect("under dir")
                .to_string_lossy()
                .replace('\\', "/");
            // The export's own manifest is for folders on disk.
            if rel == crate::export::folder::MANIFEST {
                continue;
            }
            out.push((rel, std::fs::read(&path).map_err(failed)?));
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_follower_sees_the_phase_and_the_best_plan_so_far_in_its_language() {
        let mut live = Live::queued();
        live.status = Status::Running;
        live.phase = Some((
            "东院".into(),
            text!("phase-period", period = 2, periods = 3),
        ));
        let zh: serde_json::Value = serde_json::from_str(&live.json(1, Lang::Zh)).expect("json");
        assert_eq!(zh["best"], serde_json::Value::Null);
        assert_eq!(zh["best_text"], "");
        // Chinese joins with its own colon.
        assert!(
            zh["phase"].as_str().unwrap().starts_with("东院：第 2 段"),
            "{zh}"
        );
        for (component, bound) in [(0, Some(90.0)), (1, Some(45.0))] {
            live.best.insert(
                component,
                Incumbent {
                    component,
                    cost: 80.0,
                    objective: 100.0,
                    bound,
                    visits_required: 10,
                    visits_met: 9,
                    periods_done: 1,
                    periods: 2,
                },
            );
        }
        let en: serde_json::Value = serde_json::from_str(&live.json(1, Lang::En)).expect("json");
        assert!(en["phase"].as_str().unwrap().contains("period 2 of 3"));
        assert_eq!(en["best"]["visits_met"], 18);
        assert_eq!(en["best"]["visits_required"], 20);
        assert_eq!(en["best"]["cost"], 160.0);
        assert_eq!(en["best"]["gap_pct"], 32.5);
        let words = en["best_text"].as_str().unwrap();
        assert!(words.contains("Best plan so far") && words.contains("18 of 20"));
        let zh: serde_json::Value = serde_json::from_str(&live.json(1, Lang::Zh)).expect("json");
        assert!(zh["best_text"]
            .as_str()
            .unwrap()
            .starts_with("目前最好的方案：完成巡诊 18 / 20"));
        assert!(en["phase"].as_str().unwrap().starts_with("东院: "));
        // A base without a bound leaves the gap unknown, not small.
        live.best.get_mut(&1).expect("reported").bound = None;
        let en: serde_json::Value = serde_json::from_str(&live.json(1, Lang::En)).expect("json");
        assert_eq!(en["best"]["gap_pct"], serde_json::Value::Null);
    }
}
