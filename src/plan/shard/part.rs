//! A shard's partial plan (`part.json`): what it holds, written whole or not at all, and read back
//! with a clear reason when a folder holds none.

use super::{refused, Settings, ShardError, ShardOf};
use crate::export::write_atomic;
use crate::lang::Text;
use crate::model::SlotKind;
use crate::plan::{reason, ComponentStats, Run, TripPart};
use crate::text;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub const FORMAT: &str = "outreach-plan-part";
pub const VERSION: u32 = 1;
/// The partial plan's file in a shard's folder; written last, under a temporary name first, so a
/// folder without it is a shard not (yet) finished.
pub const PART: &str = "part.json";

/// A partial plan: the results of one shard's bases.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Part {
    pub format: String,
    pub version: u32,
    pub shard: ShardOf,
    pub settings: Settings,
    /// Every base's id with the shard it belongs to, so that a merge can tell which are missing.
    pub bases: Vec<PartBase>,
    pub cut_by_time: Vec<String>,
    pub interrupted: bool,
    pub solve_seconds: f64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PartBase {
    pub component: usize,
    pub base: String,
    pub runs: Vec<PartRun>,
    pub shortfalls: Vec<PartShortfall>,
    pub stats: ComponentStats,
}

/// A crew slot kind as a part writes it.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Slot {
    Role(String),
    Specialty(String),
    ClearedRole(String),
    ClearedSpecialty(String),
}

impl From<&SlotKind> for Slot {
    fn from(k: &SlotKind) -> Slot {
        match k.clone() {
            SlotKind::Role(r) => Slot::Role(r),
            SlotKind::Specialty(r) => Slot::Specialty(r),
            SlotKind::ClearedRole(r) => Slot::ClearedRole(r),
            SlotKind::ClearedSpecialty(r) => Slot::ClearedSpecialty(r),
        }
    }
}

impl From<Slot> for SlotKind {
    fn from(k: Slot) -> SlotKind {
        match k {
            Slot::Role(r) => SlotKind::Role(r),
            Slot::Specialty(r) => SlotKind::Specialty(r),
            Slot::ClearedRole(r) => SlotKind::ClearedRole(r),
            Slot::ClearedSpecialty(r) => SlotKind::ClearedSpecialty(r),
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PartRun {
    pub day: usize,
    pub vehicle: usize,
    pub stops: Vec<usize>,
    pub km: f64,
    pub drive_minutes: f64,
    pub work_minutes: f64,
    pub cost: f64,
    pub slots: Vec<(Slot, u32)>,
    pub crew: Vec<(usize, Slot)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trip: Option<TripPart>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PartShortfall {
    pub demand: usize,
    pub missing: u32,
    pub code: reason::ReasonCode,
    pub words: Text,
}

pub(super) fn part_run(r: &Run) -> PartRun {
    PartRun {
        day: r.day,
        vehicle: r.vehicle,
        stops: r.tour.stops.clone(),
        km: r.tour.km,
        drive_minutes: r.tour.drive_minutes,
        work_minutes: r.tour.work_minutes,
        cost: r.tour.cost,
        slots: r.tour.slots.iter().map(|(k, n)| (k.into(), *n)).collect(),
        crew: r.crew.iter().map(|(c, k)| (*c, k.into())).collect(),
        trip: r.trip.clone(),
    }
}

/// Writes a part into `dir` (created if need be), under a temporary name first.
pub fn write_part(dir: &Path, part: &Part) -> Result<PathBuf, ShardError> {
    let io = |e: std::io::Error| {
        refused(text!(
            "shard-cannot-write",
            file = dir.display().to_string(),
            error = e.to_string()
        ))
    };
    std::fs::create_dir_all(dir).map_err(io)?;
    let path = dir.join(PART);
    let json = serde_json::to_vec(part).expect("a part serialises");
    write_atomic(&path, &json).map_err(|e| {
        refused(text!(
            "shard-cannot-write",
            file = path.display().to_string(),
            error = e.to_string()
        ))
    })?;
    Ok(path)
}

/// Why a shard folder holds no part to merge.
#[derive(Clone, Debug, PartialEq)]
pub enum NotReady {
    /// The folder does not exist.
    Missing(PathBuf),
    /// The folder exists without a complete `part.json`: still running, or killed.
    HalfWritten(PathBuf, String),
}

impl NotReady {
    pub fn text(&self) -> Text {
        match self {
            NotReady::Missing(p) => text!("shard-folder-missing", folder = p.display().to_string()),
            NotReady::HalfWritten(p, why) => text!(
                "shard-folder-half-written",
                folder = p.display().to_string(),
                why = why.as_str()
            ),
        }
    }
}

/// Reads the part in a shard folder.
pub fn read_part(dir: &Path) -> Result<Part, NotReady> {
    if !dir.is_dir() {
        return Err(NotReady::Missing(dir.to_path_buf()));
    }
    let path = dir.join(PART);
    let half = |why: String| NotReady::HalfWritten(dir.to_path_buf(), why);
    let text = std::fs::read_to_string(&path).map_err(|e| half(format!("{PART}: {e}")))?;
    let part: Part =
        serde_json::from_str(&text).map_err(|e| half(format!("{PART}, line {}: {e}", e.line())))?;
    if part.format != FORMAT {
        return Err(half(format!("{PART}: `format` is not `{FORMAT}`")));
    }
    if part.version > VERSION {
        return Err(half(format!(
            "{PART}: version {} is newer than this program reads ({VERSION})",
            part.version
        )));
    }
    Ok(part)
}
