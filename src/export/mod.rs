//! Writing results: `schedule.json` (the whole plan, re-readable) and `stops.csv` (one row a stop).
//! Every file is written to a temporary name in the same folder and renamed, so a reader never sees
//! half a file, even when the run is interrupted.

use crate::schedule::Schedule;
use std::io::Write;
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot write {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot encode {path}: {message}")]
    Encode { path: String, message: String },
}

/// Writes bytes to `path` atomically (temporary file in the same folder, then rename).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    let io = |source| ExportError::Io {
        path: path.display().to_string(),
        source,
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(io)
}

pub fn schedule_json(schedule: &Schedule) -> String {
    let mut text = serde_json::to_string_pretty(schedule).expect("a schedule always serialises");
    text.push('\n');
    text
}

/// `stops.csv`: one row a stop, with a UTF-8 byte-order mark so that Excel shows Chinese names.
pub fn stops_csv(schedule: &Schedule) -> Result<Vec<u8>, String> {
    let mut w = csv::Writer::from_writer(Vec::from("\u{feff}".as_bytes()));
    let e = |e: csv::Error| e.to_string();
    w.write_record([
        "date",
        "vehicle",
        "tour",
        "seq",
        "site",
        "site_name",
        "specialty",
        "arrival",
        "departure",
        "crew",
        "base",
    ])
    .map_err(e)?;
    for t in &schedule.tours {
        let crew: Vec<String> = t
            .crew
            .iter()
            .map(|c| format!("{} {} ({})", c.clinician, c.name, c.slot))
            .collect();
        let crew = crew.join("; ");
        for s in &t.stops {
            w.write_record([
                t.date.to_string().as_str(),
                &t.vehicle,
                &t.id,
                &s.seq.to_string(),
                &s.site,
                &s.site_name,
                s.specialty.as_deref().unwrap_or(""),
                &s.arrival,
                &s.departure,
                &crew,
                &t.base,
            ])
            .map_err(e)?;
        }
    }
    w.into_inner().map_err(|e| e.to_string())
}

/// Writes every output of a plan into `dir`.
pub fn write_all(dir: &Path, schedule: &Schedule) -> Result<Vec<String>, ExportError> {
    let json = dir.join("schedule.json");
    write_atomic(&json, schedule_json(schedule).as_bytes())?;
    let stops = dir.join("stops.csv");
    let csv = stops_csv(schedule).map_err(|message| ExportError::Encode {
        path: stops.display().to_string(),
        message,
    })?;
    write_atomic(&stops, &csv)?;
    Ok(vec![
        json.display().to_string(),
        stops.display().to_string(),
    ])
}
