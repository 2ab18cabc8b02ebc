//! What actually happened before the re-plan date, from a done file: a CSV of visits (or whole
//! tour-days) made or missed, `date,vehicle,site,status`, or the done sheet of `schedule.xlsx`
//! with its status column filled in. A missed visit leaves its tour-day (the
//! route shortened, its distance worked out again); a tour-day missed whole leaves the plan. The
//! visits missed are then owed again where their period and spacing still allow.

use super::events::{EventError, Origin};
use crate::calendar::parse_date;
use crate::lang::Text;
use crate::scenario::Scenario;
use crate::schedule::{Schedule, TourDay};
use crate::text;
use crate::travel::Travel;
use chrono::NaiveDate;
use std::path::Path;

pub use crate::export::xlsx::DONE_SHEET as SHEET;

/// One row of a done file that says a visit (or a whole tour-day, `site: None`) was missed.
#[derive(Clone, Debug, PartialEq)]
pub struct Missed {
    pub date: NaiveDate,
    pub vehicle: String,
    pub site: Option<String>,
    /// `done.csv, row 4`: where it was said, for the change report.
    pub source: String,
}

/// A done file's rows as text: the header's keys and, per row, its number as the planner sees
/// it (the CSV's line, the sheet's row) and its cells.
struct Table {
    header: Vec<String>,
    rows: Vec<(usize, Vec<String>)>,
    /// The workbook's sheet lists every visit of the plan: a row left without a status says
    /// nothing (the visit stands as planned). A CSV lists only what it reports.
    blank_status_as_planned: bool,
}

/// The key of a header cell: its last word, lower case (`date` of `日期 date`).
fn key(header: &str) -> String {
    header
        .split_whitespace()
        .last()
        .unwrap_or("")
        .to_lowercase()
}

/// Reads a done file against the schedule it reports on: every row must name a tour-day of
/// `old` before `from` (and a village of it); `status` is `made` or `missed` (完成 / 未完成).
/// The file is a CSV (UTF-8 or GBK) or a workbook (`.xlsx`) with the sheet [`SHEET`], as
/// `schedule.xlsx` carries it.
pub fn read(
    s: &Scenario,
    old: &Schedule,
    from: NaiveDate,
    path: &Path,
) -> Result<Vec<Missed>, EventError> {
    let workbook = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    let place = if workbook {
        format!("{}, {SHEET}", path.display())
    } else {
        path.display().to_string()
    };
    let error = |row: Option<usize>, field: &'static str, message: Text| EventError {
        origin: Origin {
            place: place.clone(),
            row,
            field,
        },
        message,
    };
    let bytes = std::fs::read(path).map_err(|e| {
        error(
            None,
            "-",
            text!("replan-cannot-read", error = e.to_string()),
        )
    })?;
    let table = if workbook {
        sheet_table(&bytes).map_err(|(row, m)| error(row, "-", m))?
    } else {
        csv_table(bytes).map_err(|(row, m)| error(row, "-", m))?
    };
    missed_of(s, old, from, &table, &place)
}

/// The rows of a CSV done file.
fn csv_table(bytes: Vec<u8>) -> Result<Table, (Option<usize>, Text)> {
    let (text, _) = crate::scenario::decode_table(bytes).map_err(|m| (None, m))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(text.as_bytes());
    let bad = |row, e: csv::Error| (row, text!("replan-bad-csv", error = e.to_string()));
    let header = reader
        .headers()
        .map_err(|e| bad(None, e))?
        .iter()
        .map(key)
        .collect();
    let mut rows = Vec::new();
    for (n, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| bad(Some(n + 2), e))?;
        rows.push((n + 2, rec.iter().map(str::to_string).collect()));
    }
    Ok(Table {
        header,
        rows,
        blank_status_as_planned: false,
    })
}

/// The rows of the done sheet of a workbook; a date cell reads as `2027-01-06`.
fn sheet_table(bytes: &[u8]) -> Result<Table, (Option<usize>, Text)> {
    use calamine::Reader;
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| {
        (
            None,
            text!("xlsx-read-not-a-workbook", detail = e.to_string()),
        )
    })?;
    let range = book
        .worksheet_range(SHEET)
        .map_err(|_| (None, text!("replan-done-no-sheet", sheet = SHEET)))?;
    let mut rows = Vec::new();
    let mut header = Vec::new();
    for (r, row) in range.rows().enumerate() {
        let cells: Vec<String> = row
            .iter()
            .map(|c| crate::scenario::workbook::cell_text(c).map(|t| t.trim().to_string()))
            .collect::<Result<_, _>>()
            .map_err(|m| (Some(r + 1), m))?;
        if r == 0 {
            header = cells.iter().map(|h| key(h)).collect();
        } else {
            rows.push((r + 1, cells));
        }
    }
    Ok(Table {
        header,
        rows,
        blank_status_as_planned: true,
    })
}

/// The visits a done file's rows say were missed, each row checked against the schedule.
fn missed_of(
    s: &Scenario,
    old: &Schedule,
    from: NaiveDate,
    table: &Table,
    place: &str,
) -> Result<Vec<Missed>, EventError> {
    let error = |row: Option<usize>, field: &'static str, message: Text| EventError {
        origin: Origin {
            place: place.to_string(),
            row,
            field,
        },
        message,
    };
    let header = &table.header;
    let col = |name: &'static str| {
        header.iter().position(|h| h == name).ok_or_else(|| {
            error(
                None,
                name,
                text!("replan-done-missing-column", column = name),
            )
        })
    };
    let (d, v, st) = (col("date")?, col("vehicle")?, col("status")?);
    let site_col = header.iter().position(|h| h == "site");
    let mut out = Vec::new();
    for (row, rec) in &table.rows {
        let row = *row;
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cell = |c: usize| rec.get(c).map_or("", |x| x.trim());
        if table.blank_status_as_planned && cell(st).is_empty() {
            continue;
        }
        let date = parse_date(cell(d)).map_err(|m| error(Some(row), "date", m))?;
        if date >= from {
            return Err(error(
                Some(row),
                "date",
                text!(
                    "replan-done-future",
                    date = date.to_string(),
                    from = from.to_string()
                ),
            ));
        }
        let vehicle = cell(v).to_string();
        let Some(tour) = old
            .tours
            .iter()
            .find(|t| t.date == date && t.vehicle == vehicle)
        else {
            let known = s.vehicles.iter().any(|x| x.id == vehicle);
            let (field, message) = if known {
                (
                    "date",
                    text!(
                        "replan-done-no-tour",
                        vehicle = &vehicle,
                        date = date.to_string()
                    ),
                )
            } else {
                ("vehicle", text!("replan-unknown-vehicle", id = &vehicle))
            };
            return Err(error(Some(row), field, message));
        };
        let site = site_col
            .map(cell)
            .filter(|x| !x.is_empty())
            .map(str::to_string);
        if let Some(x) = &site {
            if !tour.stops.iter().any(|stop| &stop.site == x) {
                return Err(error(
                    Some(row),
                    "site",
                    text!("replan-done-not-on-tour", site = x, tour = &tour.id),
                ));
            }
        }
        let missed = match cell(st).to_lowercase().as_str() {
            "made" | "done" | "yes" | "完成" | "已完成" => false,
            "missed" | "no" | "未完成" | "未去" => true,
            other => {
                return Err(error(
                    Some(row),
                    "status",
                    text!("replan-done-bad-status", value = other),
                ))
            }
        };
        if missed {
            out.push(Missed {
                date,
                vehicle,
                site,
                source: format!("{place}, row {row}"),
            });
        }
    }
    Ok(out)
}

/// The tour-days of `old` as they happened: missed visits taken out (the route's distance worked
/// out again), tour-days missed whole (or left with no visit) dropped. Returns the tour-days
/// changed, as they were, with the sources that changed them.
pub fn apply(s: &Scenario, old: &mut Schedule, missed: &[Missed]) -> Vec<(TourDay, String)> {
    if missed.is_empty() {
        return Vec::new();
    }
    let travel = Travel::build(s);
    let mut changed = Vec::new();
    let mut keep = Vec::with_capacity(old.tours.len());
    for t in std::mem::take(&mut old.tours) {
        let here: Vec<&Missed> = missed
            .iter()
            .filter(|m| m.date == t.date && m.vehicle == t.vehicle)
            .collect();
        if here.is_empty() {
            keep.push(t);
            continue;
        }
        let sources: Vec<&str> = here.iter().map(|m| m.source.as_str()).collect();
        let whole = here.iter().any(|m| m.site.is_none());
        let mut happened = t.clone();
        happened.stops.retain(|x| {
            !here
                .iter()
                .any(|m| m.site.as_deref() == Some(x.site.as_str()))
        });
        changed.push((t, sources.join("; ")));
        if whole || happened.stops.is_empty() {
            continue;
        }
        for (k, x) in happened.stops.iter_mut().enumerate() {
            x.seq = k as u32 + 1;
        }
        happened.distance_km = route_km(s, &travel, &happened);
        keep.push(happened);
    }
    old.tours = keep;
    changed
}

/// A tour-day's length from where it starts through its stops to where it ends, to 0.01 km.
fn route_km(s: &Scenario, travel: &Travel, t: &TourDay) -> f64 {
    let base = s.bases.iter().position(|b| b.id == t.base).unwrap_or(0);
    let place = |lodging: &Option<String>| {
        lodging
            .as_ref()
            .and_then(|l| s.lodgings.iter().position(|x| &x.id == l))
            .map_or(s.base_location(base), |l| s.lodging_location(l))
    };
    let mut at = place(&t.from);
    let mut km = 0.0;
    for x in &t.stops {
        if let Some(i) = s.sites.iter().position(|site| site.id == x.site) {
            let next = s.site_location(i);
            km += travel.km(at, next);
            at = next;
        }
    }
    km += travel.km(at, place(&t.to));
    (km * 100.0).round() / 100.0
}
