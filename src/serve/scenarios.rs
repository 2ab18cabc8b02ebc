//! The scenarios the workbench offers: those bundled in the binary and those planners uploaded
//! (kept in the database). A scenario is named by a key: a bundled name (`tiny`) or an upload's
//! number (`3`). Uploads are read exactly as `outreach validate` reads a folder.

use super::store::{Store, StoreError};
use super::upload::{self, UploadError};
use crate::scenario::{bundled, Problem, Scenario, Source};
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

/// A scenario's key in URLs and in the database.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Key {
    Bundled(&'static str),
    Uploaded(i64),
}

impl Key {
    pub fn parse(s: &str) -> Option<Key> {
        if let Some(name) = bundled::NAMES.iter().find(|n| **n == s) {
            return Some(Key::Bundled(name));
        }
        s.parse::<i64>().ok().filter(|n| *n > 0).map(Key::Uploaded)
    }

    pub fn as_string(&self) -> String {
        match self {
            Key::Bundled(n) => n.to_string(),
            Key::Uploaded(i) => i.to_string(),
        }
    }
}

/// Why a scenario cannot be had.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("no such scenario")]
    Missing,
    #[error("{0}")]
    Invalid(crate::scenario::ScenarioError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// Why an upload was not kept.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    #[error(transparent)]
    Unreadable(#[from] UploadError),
    /// The scenario reads, but has errors: every problem, to show in a table.
    #[error("the scenario has errors")]
    Invalid(Vec<Problem>),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// Scenarios read once and kept: an upload never changes, and the bundled ones are in the binary.
#[derive(Default)]
pub struct Cache(Mutex<HashMap<Key, Arc<Scenario>>>);

impl Cache {
    pub fn get(&self, store: &Store, key: &Key) -> Result<Arc<Scenario>, LoadError> {
        if let Some(s) = self.0.lock().expect("no panic holding it").get(key) {
            return Ok(s.clone());
        }
        let s = Arc::new(match key {
            Key::Bundled(name) => {
                let src = bundled::find(name).ok_or(LoadError::Missing)?;
                crate::load(&src).map_err(LoadError::Invalid)?
            }
            Key::Uploaded(id) => {
                store.scenario(*id)?.ok_or(LoadError::Missing)?;
                let files = store.scenario_files(*id)?;
                read_files(&files).map_err(|e| match e {
                    Refused::Invalid(problems) => {
                        LoadError::Invalid(crate::scenario::ScenarioError { problems })
                    }
                    Refused::Io(e) => LoadError::Io(e),
                    Refused::Store(e) => LoadError::Store(e),
                    Refused::Unreadable(e) => LoadError::Io(std::io::Error::other(e.to_string())),
                })?
            }
        });
        self.0
            .lock()
            .expect("no panic holding it")
            .insert(key.clone(), s.clone());
        Ok(s)
    }
}

/// Reads a scenario from its files as a folder on disk would be read (CSV in UTF-8 or GBK, tables
/// in an Excel workbook), in a temporary folder that is removed after. Problems name the files
/// as the planner knows them, relative to the folder.
pub fn read_files(files: &[(String, Vec<u8>)]) -> Result<Scenario, Refused> {
    let dir = tempfile::Builder::new()
        .prefix("outreach-upload")
        .tempdir()?;
    for (rel, bytes) in files {
        // Paths were checked when unzipped; this guards a database edited by hand.
        if rel.split('/').any(|p| p == ".." || p.is_empty()) {
            continue;
        }
        let path = dir.path().join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, bytes)?;
    }
    let toml = dir.path().join("scenario.toml");
    crate::load(&Source::File(toml)).map_err(|e| {
        Refused::Invalid(
            e.problems
                .into_iter()
                .map(|p| relative(p, dir.path()))
                .collect(),
        )
    })
}

fn relative(mut p: Problem, dir: &Path) -> Problem {
    let prefix = format!("{}/", dir.display());
    if let Some(rest) = p.file.strip_prefix(&prefix) {
        p.file = rest.to_string();
    }
    p
}

/// Checks an uploaded zip and keeps it when it reads without errors; returns its number and the
/// scenario. Nothing is kept otherwise.
pub fn upload(
    store: &Store,
    file_name: &str,
    bytes: &[u8],
    who: &str,
) -> Result<(i64, Scenario), Refused> {
    let files = upload::unzip(bytes)?;
    let scenario = read_files(&files)?;
    let name = scenario.name.clone();
    let id = store.add_scenario(&name, file_name, &files, who, |id| {
        crate::text!(
            "serve-log-uploaded",
            name = name.as_str(),
            id = id,
            file = file_name
        )
    })?;
    Ok((id, scenario))
}
