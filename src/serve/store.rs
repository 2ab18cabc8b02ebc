//! The workbench's memory: uploaded scenarios, runs, their output files and a log of who changed
//! what, in one SQLite database under the data folder. Every change that belongs together is one
//! transaction, so a crash or a refused upload never leaves half of it behind. A database made by
//! an older workbench is brought up to date when it opens ([`MIGRATIONS`]), its runs kept.

use crate::lang::{Lang, Text};
use crate::plan::Incumbent;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::sync::Mutex;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the workbench database {path}: {source}")]
    Open {
        path: String,
        source: rusqlite::Error,
    },
    #[error("the workbench database: {0}")]
    Sql(#[from] rusqlite::Error),
}

/// Where a run stands. A run ends `Done`, `Cancelled` (a planner stopped it; its best plan is
/// kept), `Interrupted` (the server stopped while it ran) or `Failed`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Queued,
    Running,
    Done,
    Cancelled,
    Interrupted,
    Failed,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Queued => "queued",
            Status::Running => "running",
            Status::Done => "done",
            Status::Cancelled => "cancelled",
            Status::Interrupted => "interrupted",
            Status::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Status {
        match s {
            "queued" => Status::Queued,
            "running" => Status::Running,
            "done" => Status::Done,
            "cancelled" => Status::Cancelled,
            "interrupted" => Status::Interrupted,
            _ => Status::Failed,
        }
    }

    /// Whether the run is over (nothing more will change).
    pub fn is_final(self) -> bool {
        !matches!(self, Status::Queued | Status::Running)
    }
}

/// A plan of one scenario (with its what-if changes), or a sweep over variations of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Plan,
    Sweep,
}

/// An uploaded scenario.
#[derive(Clone, Debug)]
pub struct StoredScenario {
    pub id: i64,
    pub name: String,
    /// What was uploaded (the file's name).
    pub origin: String,
    pub created: i64,
}

/// How far a run got: bases (or variations) planned out of all, and each base's best plan so
/// far. Kept when the run ends, so its page shows the same figures after a restart.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    pub done: usize,
    pub total: usize,
    pub best: Vec<Incumbent>,
}

/// A run as the database keeps it.
#[derive(Clone, Debug)]
pub struct RunRow {
    pub id: i64,
    /// The scenario's key: a bundled name or an uploaded scenario's number.
    pub scenario: String,
    pub kind: Kind,
    /// The what-if changes: `key=value` pairs for a plan, `key=v1,v2` axes for a sweep.
    pub params: Vec<(String, String)>,
    pub effort: String,
    pub status: Status,
    pub created: i64,
    pub finished: Option<i64>,
    /// Why it failed, or what stopped it, in words.
    pub message: Option<String>,
    /// The checker's findings, one line each in the run's language.
    pub violations: Vec<String>,
    /// The language of the page that started the run: its files speak it. `None` for runs an
    /// older workbench started (they spoke the server's language).
    pub lang: Option<Lang>,
    pub figures: Figures,
}

/// One line of the log of changes.
#[derive(Clone, Debug)]
pub struct LogLine {
    pub at: i64,
    pub who: String,
    pub what: Text,
}

fn json(t: &Text) -> String {
    serde_json::to_string(t).expect("a text serialises")
}

pub struct Store {
    db: Mutex<Connection>,
}

const SCHEMA: &str = "
PRAGMA journal_mode = WAL;
PRAGMA foreign_keys = ON;
CREATE TABLE IF NOT EXISTS scenarios (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    origin TEXT NOT NULL,
    created INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS scenario_files (
    scenario INTEGER NOT NULL REFERENCES scenarios(id),
    path TEXT NOT NULL,
    bytes BLOB NOT NULL,
    PRIMARY KEY (scenario, path)
);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    scenario TEXT NOT NULL,
    kind TEXT NOT NULL,
    params TEXT NOT NULL,
    effort TEXT NOT NULL,
    status TEXT NOT NULL,
    created INTEGER NOT NULL,
    finished INTEGER,
    message TEXT,
    violations TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE IF NOT EXISTS outputs (
    run INTEGER NOT NULL REFERENCES runs(id),
    path TEXT NOT NULL,
    bytes BLOB NOT NULL,
    PRIMARY KEY (run, path)
);
CREATE TABLE IF NOT EXISTS log (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    who TEXT NOT NULL,
    what TEXT NOT NULL
);
";

/// Changes to the first schema (`SCHEMA`), in order; `PRAGMA user_version` counts those applied.
/// Each runs once, in one transaction with the count, so existing rows stay as they were.
pub const MIGRATIONS: &[&str] = &[
    // 1: the language of the page that started a run, and the figures it got to.
    "ALTER TABLE runs ADD COLUMN lang TEXT;
     ALTER TABLE runs ADD COLUMN figures TEXT NOT NULL DEFAULT '{}';",
];

/// Applies the migrations `db` has not had yet.
fn migrate(db: &mut Connection) -> rusqlite::Result<()> {
    let tx = db.transaction()?;
    let applied: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let applied = usize::try_from(applied).unwrap_or(0);
    for m in MIGRATIONS.iter().skip(applied) {
        tx.execute_batch(m)?;
    }
    if applied < MIGRATIONS.len() {
        tx.pragma_update(None, "user_version", MIGRATIONS.len() as i64)?;
    }
    tx.commit()
}

/// Seconds since 1970, for the record (never for deciding a plan).
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

fn run_row(r: &rusqlite::Row) -> rusqlite::Result<RunRow> {
    let kind: String = r.get(2)?;
    let params: String = r.get(3)?;
    let status: String = r.get(5)?;
    let violations: String = r.get(9)?;
    Ok(RunRow {
        id: r.get(0)?,
        scenario: r.get(1)?,
        kind: if kind == "sweep" {
            Kind::Sweep
        } else {
            Kind::Plan
        },
        params: serde_json::from_str(&params).unwrap_or_default(),
        effort: r.get(4)?,
        status: Status::parse(&status),
        created: r.get(6)?,
        finished: r.get(7)?,
        message: r.get(8)?,
        violations: serde_json::from_str(&violations).unwrap_or_default(),
        lang: r
            .get::<_, Option<String>>(10)?
            .and_then(|l| Lang::parse(&l)),
        figures: serde_json::from_str(&r.get::<_, String>(11)?).unwrap_or_default(),
    })
}

const RUN_COLUMNS: &str =
    "id, scenario, kind, params, effort, status, created, finished, message, violations, lang, figures";

impl Store {
    /// Opens (or makes) `workbench.sqlite` in `dir`.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        let path = dir.join("workbench.sqlite");
        let open = |source| StoreError::Open {
            path: path.display().to_string(),
            source,
        };
        let mut db = Connection::open(&path).map_err(open)?;
        db.execute_batch(SCHEMA).map_err(open)?;
        migrate(&mut db).map_err(open)?;
        Ok(Store { db: Mutex::new(db) })
    }

    fn db(&self) -> std::sync::MutexGuard<'_, Connection> {
        // A panic while holding the lock leaves SQLite consistent (transactions roll back).
        self.db.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Saves an uploaded scenario and its files, and logs it, in one transaction.
    pub fn add_scenario(
        &self,
        name: &str,
        origin: &str,
        files: &[(String, Vec<u8>)],
        who: &str,
        what: impl FnOnce(i64) -> Text,
    ) -> Result<i64, StoreError> {
        let mut db = self.db();
        let tx = db.transaction()?;
        tx.execute(
            "INSERT INTO scenarios (name, origin, created) VALUES (?1, ?2, ?3)",
            params![name, origin, now()],
        )?;
        let id = tx.last_insert_rowid();
        for (path, bytes) in files {
            tx.execute(
                "INSERT INTO scenario_files (scenario, path, bytes) VALUES (?1, ?2, ?3)",
                params![id, path, bytes],
            )?;
        }
        tx.execute(
            "INSERT INTO log (at, who, what) VALUES (?1, ?2, ?3)",
            params![now(), who, json(&what(id))],
        )?;
        tx.commit()?;
        Ok(id)
    }

    pub fn scenarios(&self) -> Result<Vec<StoredScenario>, StoreError> {
        let db = self.db();
        let mut q = db.prepare("SELECT id, name, origin, created FROM scenarios ORDER BY id")?;
        let rows = q.query_map([], |r| {
            Ok(StoredScenario {
                id: r.get(0)?,
                name: r.get(1)?,
                origin: r.get(2)?,
                created: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn scenario(&self, id: i64) -> Result<Option<StoredScenario>, StoreError> {
        Ok(self.scenarios()?.into_iter().find(|s| s.id == id))
    }

    pub fn scenario_files(&self, id: i64) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
        let db = self.db();
        let mut q =
            db.prepare("SELECT path, bytes FROM scenario_files WHERE scenario = ?1 ORDER BY path")?;
        let rows = q.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Records a new queued run, to speak `lang`, and logs it.
    #[allow(clippy::too_many_arguments)]
    pub fn add_run(
        &self,
        scenario: &str,
        kind: Kind,
        params: &[(String, String)],
        effort: &str,
        lang: Lang,
        who: &str,
        what: impl FnOnce(i64) -> Text,
    ) -> Result<i64, StoreError> {
        let mut db = self.db();
        let tx = db.transaction()?;
        tx.execute(
            "INSERT INTO runs (scenario, kind, params, effort, status, created, lang) VALUES (?1, ?2, ?3, ?4, 'queued', ?5, ?6)",
            params![
                scenario,
                if kind == Kind::Sweep { "sweep" } else { "plan" },
                serde_json::to_string(params).expect("pairs of strings serialise"),
                effort,
                now(),
                lang.to_string()
            ],
        )?;
        let id = tx.last_insert_rowid();
        tx.execute(
            "INSERT INTO log (at, who, what) VALUES (?1, ?2, ?3)",
            params![now(), who, json(&what(id))],
        )?;
        tx.commit()?;
        Ok(id)
    }

    pub fn runs(&self) -> Result<Vec<RunRow>, StoreError> {
        let db = self.db();
        let mut q = db.prepare(&format!("SELECT {RUN_COLUMNS} FROM runs ORDER BY id DESC"))?;
        let rows = q.query_map([], run_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn run(&self, id: i64) -> Result<Option<RunRow>, StoreError> {
        let db = self.db();
        Ok(db
            .query_row(
                &format!("SELECT {RUN_COLUMNS} FROM runs WHERE id = ?1"),
                [id],
                run_row,
            )
            .optional()?)
    }

    pub fn set_status(&self, id: i64, status: Status) -> Result<(), StoreError> {
        self.db().execute(
            "UPDATE runs SET status = ?2 WHERE id = ?1",
            params![id, status.name()],
        )?;
        Ok(())
    }

    /// Ends a run: its outputs, status, message, the checker's findings and the figures it got
    /// to, in one transaction, so a run is never shown done without its files.
    pub fn finish_run(
        &self,
        id: i64,
        status: Status,
        message: Option<&str>,
        violations: &[String],
        figures: &Figures,
        outputs: &[(String, Vec<u8>)],
    ) -> Result<(), StoreError> {
        let mut db = self.db();
        let tx = db.transaction()?;
        tx.execute("DELETE FROM outputs WHERE run = ?1", [id])?;
        for (path, bytes) in outputs {
            tx.execute(
                "INSERT INTO outputs (run, path, bytes) VALUES (?1, ?2, ?3)",
                params![id, path, bytes],
            )?;
        }
        tx.execute(
            "UPDATE runs SET status = ?2, message = ?3, violations = ?4, finished = ?5, figures = ?6 WHERE id = ?1",
            params![
                id,
                status.name(),
                message,
                serde_json::to_string(violations).expect("strings serialise"),
                now(),
                serde_json::to_string(figures).expect("figures serialise")
            ],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Runs the last server left running: it stopped without keeping a plan for them.
    pub fn running(&self) -> Result<Vec<i64>, StoreError> {
        self.ids_with("running")
    }

    /// Runs waiting for a worker when the server stopped: they start again.
    pub fn queued(&self) -> Result<Vec<i64>, StoreError> {
        self.ids_with("queued")
    }

    fn ids_with(&self, status: &str) -> Result<Vec<i64>, StoreError> {
        let db = self.db();
        let mut q = db.prepare("SELECT id FROM runs WHERE status = ?1 ORDER BY id")?;
        let rows = q.query_map([status], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The paths of a run's files, in order.
    pub fn output_paths(&self, run: i64) -> Result<Vec<String>, StoreError> {
        let db = self.db();
        let mut q = db.prepare("SELECT path FROM outputs WHERE run = ?1 ORDER BY path")?;
        let rows = q.query_map([run], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn output(&self, run: i64, path: &str) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self
            .db()
            .query_row(
                "SELECT bytes FROM outputs WHERE run = ?1 AND path = ?2",
                params![run, path],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The files of a run under a folder (`calendars/`), with their paths.
    pub fn outputs_under(
        &self,
        run: i64,
        folder: &str,
    ) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
        let db = self.db();
        let mut q = db.prepare(
            "SELECT path, bytes FROM outputs WHERE run = ?1 AND substr(path, 1, ?3) = ?2 ORDER BY path",
        )?;
        let rows = q.query_map(params![run, folder, folder.len() as i64], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn log(&self, who: &str, what: &Text) -> Result<(), StoreError> {
        self.db().execute(
            "INSERT INTO log (at, who, what) VALUES (?1, ?2, ?3)",
            params![now(), who, json(what)],
        )?;
        Ok(())
    }

    /// The newest lines of the log first.
    pub fn log_lines(&self, limit: usize) -> Result<Vec<LogLine>, StoreError> {
        let db = self.db();
        let mut q = db.prepare("SELECT at, who, what FROM log ORDER BY id DESC LIMIT ?1")?;
        let rows = q.query_map([limit as i64], |r| {
            let what: String = r.get(2)?;
            Ok(LogLine {
                at: r.get(0)?,
                who: r.get(1)?,
                what: serde_json::from_str(&what)
                    .unwrap_or_else(|_| Text::new("serve-log-unreadable")),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

#[cfg(test)]
mod tests;
