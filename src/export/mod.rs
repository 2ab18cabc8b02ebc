//! Writing results for the people who carry them out. Every file is written to a temporary name in
//! the same folder and renamed, so a reader never sees half a file, even when the run is interrupted.
//!
//! - `schedule.json`: the whole plan, re-readable by `check` and `export`;
//! - `stops.csv`: one row a stop, for spreadsheets;
//! - `calendars/*.ics`: one iCalendar per vehicle and per clinician;
//! - `routes.geojson`: tours and stops for GIS tools;
//! - `report.html`: KPIs, map, Gantt charts, unmet requirements and printable day sheets;
//! - `schedule.xlsx`: key figures, stops by day and by vehicle, clinicians' days and unmet visits;
//! - `print/*.html`: one document to print per base (per team on campaigns), a page per day.
//!
//! The exports read a schedule and its scenario (for coordinates, names and notes), so a
//! hand-edited schedule exports just as a planned one does.

pub mod folder;
pub mod geojson;
pub mod ics;
pub mod print;
pub mod report;
pub mod rota;
pub mod sheets;
mod stops;
pub mod svg;
pub mod trips;
pub mod xlsx;
pub mod xlsx_read;

pub use folder::OutputDir;
pub use stops::{stops_csv, text_cell, text_of_cell};

use crate::check::Violation;
use crate::scenario::Scenario;
use crate::schedule::Schedule;
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{}", crate::text!("export-error-io", path = path, error = source.to_string()))]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{}", crate::text!("export-error-not-a-folder", path = path))]
    NotAFolder { path: String },
    #[error("{}", crate::text!("export-error-encode", path = path, error = message))]
    Encode { path: String, message: String },
    #[error("{}", crate::text!(
        "export-error-unknown",
        what = crate::lang::Text::new(what),
        id = id,
        scenario = scenario
    ))]
    Unknown {
        /// The kind of id, as a message id: `export-kind-site`.
        what: &'static str,
        id: String,
        scenario: String,
    },
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

/// What the exports look up in the scenario, by id.
pub struct Lookup<'a> {
    pub scenario: &'a Scenario,
    /// The language the exports write in (the run's, unless set otherwise).
    pub lang: crate::lang::Lang,
    sites: HashMap<&'a str, usize>,
    bases: HashMap<&'a str, usize>,
    vehicles: HashMap<&'a str, usize>,
    lodgings: HashMap<&'a str, usize>,
}

impl<'a> Lookup<'a> {
    /// Fails on the first id of the schedule that the scenario does not know.
    pub fn new(scenario: &'a Scenario, schedule: &Schedule) -> Result<Lookup<'a>, ExportError> {
        let index =
            |ids: Vec<&'a str>| ids.into_iter().enumerate().map(|(i, id)| (id, i)).collect();
        let look = Lookup {
            scenario,
            lang: crate::lang::current(),
            sites: index(scenario.sites.iter().map(|x| x.id.as_str()).collect()),
            bases: index(scenario.bases.iter().map(|x| x.id.as_str()).collect()),
            vehicles: index(scenario.vehicles.iter().map(|x| x.id.as_str()).collect()),
            lodgings: index(scenario.lodgings.iter().map(|x| x.id.as_str()).collect()),
        };
        let unknown = |what: &'static str, id: &str| ExportError::Unknown {
            what,
            id: id.to_string(),
            scenario: scenario.name.clone(),
        };
        let clinicians: std::collections::HashSet<&str> =
            scenario.clinicians.iter().map(|c| c.id.as_str()).collect();
        for t in &schedule.tours {
            if !look.bases.contains_key(t.base.as_str()) {
                return Err(unknown("export-kind-base", &t.base));
            }
            if !look.vehicles.contains_key(t.vehicle.as_str()) {
                return Err(unknown("export-kind-vehicle", &t.vehicle));
            }
            if let Some(c) = t
                .crew
                .iter()
                .find(|c| !clinicians.contains(c.clinician.as_str()))
            {
                return Err(unknown("export-kind-clinician", &c.clinician));
            }
            if let Some(s) = t
                .stops
                .iter()
                .find(|s| !look.sites.contains_key(s.site.as_str()))
            {
                return Err(unknown("export-kind-site", &s.site));
            }
            if let Some(l) = [&t.from, &t.to]
                .into_iter()
                .flatten()
                .find(|l| !look.lodgings.contains_key(l.as_str()))
            {
                return Err(unknown("export-kind-lodging", l));
            }
        }
        Ok(look)
    }

    pub fn site_point(&self, id: &str) -> Option<(f64, f64)> {
        self.sites
            .get(id)
            .map(|&i| (self.scenario.sites[i].lat, self.scenario.sites[i].lon))
    }

    pub fn site_notes(&self, id: &str) -> Option<&'a str> {
        self.sites
            .get(id)
            .map(|&i| self.scenario.sites[i].notes.as_str())
    }

    pub fn base_point(&self, id: &str) -> Option<(f64, f64)> {
        self.bases
            .get(id)
            .map(|&i| (self.scenario.bases[i].lat, self.scenario.bases[i].lon))
    }

    /// Where a day starts or ends: a lodging, or (`None`) the base.
    pub fn place_point(&self, base: &str, lodging: Option<&str>) -> Option<(f64, f64)> {
        match lodging {
            None => self.base_point(base),
            Some(l) => self
                .lodgings
                .get(l)
                .map(|&i| (self.scenario.lodgings[i].lat, self.scenario.lodgings[i].lon)),
        }
    }

    pub fn place_name(&self, base: &str, lodging: Option<&str>) -> String {
        match lodging {
            None => self.base_name(base),
            Some(l) => self
                .lodgings
                .get(l)
                .map(|&i| self.scenario.lodgings[i].name.clone())
                .unwrap_or_default(),
        }
    }

    pub fn base_name(&self, id: &str) -> String {
        self.bases
            .get(id)
            .map(|&i| self.scenario.bases[i].name.clone())
            .unwrap_or_default()
    }

    /// A crew member as people read it: `C02 李建国 (医生)`, the slot in the export's language.
    pub fn member_words(&self, c: &crate::schedule::CrewMember) -> String {
        format!(
            "{} {} ({})",
            c.clinician,
            c.name,
            sheets::slot_words(&c.slot, self.lang)
        )
    }

    /// A tour-day's crew on one line, `; ` between members.
    pub fn crew_words(&self, t: &crate::schedule::TourDay) -> String {
        t.crew
            .iter()
            .map(|c| self.member_words(c))
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub fn vehicle_name(&self, id: &str) -> String {
        self.vehicles
            .get(id)
            .map(|&i| self.scenario.vehicles[i].name.clone())
            .unwrap_or_else(|| id.to_string())
    }

    /// One colour per vehicle, the same in the map, the Gantt charts, the day sheets and the
    /// GeoJSON: hues a golden angle apart, so neighbours in the fleet list look different.
    pub fn vehicle_colour(&self, id: &str) -> String {
        let i = self.vehicles.get(id).copied().unwrap_or(0);
        let hue = (i as f64 * 0.618_033_988_75).fract();
        let (r, g, b) = hsl_to_rgb(hue, 0.65, if i % 2 == 0 { 0.42 } else { 0.52 });
        format!("#{r:02x}{g:02x}{b:02x}")
    }
}

fn hsl_to_rgb(h: f64, s: f64, l: f64) -> (u8, u8, u8) {
    let c = (1.0 - (2.0 * l - 1.0).abs()) * s;
    let hp = h * 6.0;
    let x = c * (1.0 - (hp % 2.0 - 1.0).abs());
    let (r, g, b) = match hp as u32 {
        0 => (c, x, 0.0),
        1 => (x, c, 0.0),
        2 => (0.0, c, x),
        3 => (0.0, x, c),
        4 => (x, 0.0, c),
        _ => (c, 0.0, x),
    };
    let m = l - c / 2.0;
    let q = |v: f64| ((v + m) * 255.0).round().clamp(0.0, 255.0) as u8;
    (q(r), q(g), q(b))
}

/// An id made safe for a file name (and an iCalendar UID): letters, digits, `-`, `_` and `.` kept,
/// anything else `_`. Where that changed the id (陈医生, `V 1`), a short hash of the id follows, so
/// ids that differ only in such characters keep distinct names (`V 1` and `V_1`).
pub fn file_stem(id: &str) -> String {
    use sha2::Digest;
    let s: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let s = if s.is_empty() || s.starts_with('.') {
        format!("_{s}")
    } else {
        s
    };
    if s == id {
        return s;
    }
    let hash = sha2::Sha256::digest(id.as_bytes());
    let hex: String = hash[..4].iter().map(|b| format!("{b:02x}")).collect();
    format!("{s}-{hex}")
}

/// One kind of file `export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Format {
    Json,
    Csv,
    Ics,
    Geojson,
    Html,
    Xlsx,
    Print,
}

impl Format {
    pub const ALL: [Format; 7] = [
        Format::Json,
        Format::Csv,
        Format::Ics,
        Format::Geojson,
        Format::Html,
        Format::Xlsx,
        Format::Print,
    ];

    pub fn parse(s: &str) -> Option<Format> {
        match s.trim().to_ascii_lowercase().as_str() {
            "json" => Some(Format::Json),
            "csv" => Some(Format::Csv),
            "ics" | "ical" | "icalendar" => Some(Format::Ics),
            "geojson" => Some(Format::Geojson),
            "html" | "report" => Some(Format::Html),
            "xlsx" | "excel" => Some(Format::Xlsx),
            "print" => Some(Format::Print),
            _ => None,
        }
    }

    /// The file (or, for calendars, the folder) the format writes, relative to the output folder.
    pub fn file(self) -> &'static str {
        match self {
            Format::Json => "schedule.json",
            Format::Csv => "stops.csv",
            Format::Ics => "calendars",
            Format::Geojson => "routes.geojson",
            Format::Html => "report.html",
            Format::Xlsx => "schedule.xlsx",
            Format::Print => "print",
        }
    }
}

/// Writes the files of `formats` for `schedule` into `out` and swaps them in as a set; returns the
/// paths written. `violations` are the checker's findings, shown in the report. Files of other
/// formats already in the folder, and files outreach did not write, stay. The files speak the
/// language of the run.
pub fn write(
    out: OutputDir,
    schedule: &Schedule,
    scenario: &Scenario,
    violations: &[Violation],
    formats: &[Format],
) -> Result<Vec<String>, ExportError> {
    write_in(
        out,
        schedule,
        scenario,
        violations,
        formats,
        crate::lang::current(),
    )
}

/// [`write`], the files in `lang` (a workbench writes each run in the language of the planner
/// who started it).
pub fn write_in(
    mut out: OutputDir,
    schedule: &Schedule,
    scenario: &Scenario,
    violations: &[Violation],
    formats: &[Format],
    lang: crate::lang::Lang,
) -> Result<Vec<String>, ExportError> {
    let mut look = Lookup::new(scenario, schedule)?;
    look.lang = lang;
    let mut written = Vec::new();
    let target = out.target().to_path_buf();
    let encode = |name: &str, message: String| ExportError::Encode {
        path: target.join(name).display().to_string(),
        message,
    };
    for f in formats {
        let name = f.file();
        match f {
            Format::Json => out.write(name, schedule_json(schedule).as_bytes())?,
            Format::Csv => {
                let csv = stops_csv(schedule, &look).map_err(|m| encode(name, m))?;
                out.write(name, &csv)?;
            }
            Format::Geojson => out.write(name, geojson::routes(schedule, &look).as_bytes())?,
            Format::Xlsx => {
                let book = xlsx::workbook(schedule, &look).map_err(|m| encode(name, m))?;
                out.write(name, &book)?;
            }
            Format::Html => {
                let html =
                    report::render(schedule, &look, violations).map_err(|m| encode(name, m))?;
                out.write(name, html.as_bytes())?;
            }
            Format::Print => {
                let docs = print::documents(schedule, &look).map_err(|m| encode(name, m))?;
                for (file, html) in &docs {
                    out.write(&format!("{name}/{file}"), html.as_bytes())?;
                }
                written.push(
                    crate::text!(
                        "export-print-written",
                        path = target.join(name).display().to_string(),
                        count = docs.len()
                    )
                    .render(lang),
                );
                continue;
            }
            Format::Ics => {
                let stamp = ics::stamp_from_env();
                let calendars =
                    ics::calendars(schedule, &look, stamp).map_err(|m| encode(name, m))?;
                for (file, text) in &calendars {
                    out.write(&format!("{name}/{file}"), text.as_bytes())?;
                }
                written.push(
                    crate::text!(
                        "export-calendars-written",
                        path = target.join(name).display().to_string(),
                        count = calendars.len()
                    )
                    .render(lang),
                );
                continue;
            }
        }
        written.push(target.join(name).display().to_string());
    }
    // Calendars of a previous plan's vehicles or clinicians would mislead: they go with the set.
    out.commit(|rel| {
        formats.iter().any(|f| match f {
            Format::Ics => rel.starts_with("calendars/"),
            Format::Print => rel.starts_with("print/"),
            _ => rel == f.file(),
        })
    })?;
    Ok(written)
}

/// Writes every output of a plan into `dir`, as a set.
pub fn write_all(
    dir: OutputDir,
    schedule: &Schedule,
    scenario: &Scenario,
    violations: &[Violation],
) -> Result<Vec<String>, ExportError> {
    write(dir, schedule, scenario, violations, &Format::ALL)
}

/// [`write_all`], the files in `lang`.
pub fn write_all_in(
    dir: OutputDir,
    schedule: &Schedule,
    scenario: &Scenario,
    violations: &[Violation],
    lang: crate::lang::Lang,
) -> Result<Vec<String>, ExportError> {
    write_in(dir, schedule, scenario, violations, &Format::ALL, lang)
}
