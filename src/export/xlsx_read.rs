//! A schedule read back from `schedule.xlsx`, as a planner edited it in Excel, for `check`. Three
//! sheets say the plan: each vehicle's tour-days (按车辆: date, times, trip, lodgings), the stops
//! (按日: which tour visits which village, in which order, at what times) and the crews (按人员).
//! Columns are found by their key (`date` in `日期 date`), so they may be moved or the Chinese
//! words changed. Distances and driving times are not typed in the workbook: they are worked out
//! from the scenario's travel. A cell that cannot be read is an error naming its sheet and cell.

use super::xlsx::{
    CLINICIAN_COLUMNS, SCENARIO_ROW, SEED_ROW, SHEETS, STOP_COLUMNS, TOUR_COLUMNS, UNMET_COLUMNS,
};
use crate::lang::Text;
use crate::scenario::workbook::{cell_name, cell_text};
use crate::scenario::Scenario;
use crate::schedule::{CrewMember, Schedule, Stop, Summary, TourDay, Unmet};
use crate::text;
use calamine::{Data, Range, Reader, Xlsx};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};

/// A workbook cell (or sheet) that cannot be read, and why.
#[derive(Debug)]
pub struct CellError {
    pub sheet: String,
    /// `G12`; empty when the whole sheet is missing.
    pub cell: String,
    pub message: Text,
}

impl std::fmt::Display for CellError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at = if self.cell.is_empty() {
            text!("xlsx-read-at-sheet", sheet = &self.sheet)
        } else {
            text!("xlsx-read-at-cell", sheet = &self.sheet, cell = &self.cell)
        };
        let message = text!("xlsx-read-error", at = at, message = self.message.clone());
        f.write_str(&message.to_string())
    }
}

impl std::error::Error for CellError {}

/// One sheet with its columns found by key.
struct Sheet {
    name: &'static str,
    range: Range<Data>,
    columns: HashMap<String, usize>,
}

/// The key of a header: the last word (`date` of `日期 date`), as the workbook writes it.
fn key(header: &str) -> &str {
    header.split_whitespace().last().unwrap_or("")
}

impl Sheet {
    fn open(
        book: &mut Xlsx<std::io::Cursor<&[u8]>>,
        name: &'static str,
        wanted: &[(&str, f64)],
    ) -> Result<Sheet, CellError> {
        let range = book.worksheet_range(name).map_err(|_| CellError {
            sheet: name.to_string(),
            cell: String::new(),
            message: text!("xlsx-read-no-sheet"),
        })?;
        let mut columns = HashMap::new();
        if let Some(row) = range.rows().next() {
            for (c, cell) in row.iter().enumerate() {
                let header = cell_text(cell).unwrap_or_default();
                columns.entry(key(&header).to_string()).or_insert(c);
                // The planner's word alone (`日期`) names the column too.
                if let Some(word) = header.split_whitespace().next() {
                    columns.entry(word.to_string()).or_insert(c);
                }
            }
        }
        let sheet = Sheet {
            name,
            range,
            columns,
        };
        for (header, _) in wanted {
            if !sheet.columns.contains_key(key(header)) {
                return Err(sheet.error(0, 0, text!("xlsx-read-no-column", column = *header)));
            }
        }
        Ok(sheet)
    }

    fn error(&self, row: usize, col: usize, message: Text) -> CellError {
        CellError {
            sheet: self.name.to_string(),
            cell: cell_name(row, col),
            message,
        }
    }

    fn rows(&self) -> impl Iterator<Item = usize> + '_ {
        // Rows left wholly empty (a deleted stop) are skipped.
        (1..self.range.height()).filter(|&r| {
            (0..self.range.width())
                .any(|c| !matches!(self.range.get((r, c)), None | Some(Data::Empty)))
        })
    }

    fn col(&self, header: &str) -> usize {
        self.columns[key(header)]
    }

    fn cell(&self, row: usize, header: &str) -> (&Data, usize) {
        let c = self.col(header);
        (self.range.get((row, c)).unwrap_or(&Data::Empty), c)
    }

    fn text(&self, row: usize, header: &str) -> Result<String, CellError> {
        let (cell, c) = self.cell(row, header);
        cell_text(cell)
            .map(|s| s.trim().to_string())
            .map_err(|e| self.error(row, c, text!("xlsx-read-bad-cell", detail = e)))
    }

    fn required(&self, row: usize, header: &str) -> Result<String, CellError> {
        let s = self.text(row, header)?;
        if s.is_empty() {
            return Err(self.error(row, self.col(header), text!("xlsx-read-empty")));
        }
        Ok(s)
    }

    fn date(&self, row: usize, header: &str) -> Result<NaiveDate, CellError> {
        let (cell, c) = self.cell(row, header);
        let bad = || self.error(row, c, text!("xlsx-read-bad-date"));
        match cell {
            Data::DateTime(d) => d.as_datetime().map(|t| t.date()).ok_or_else(bad),
            Data::String(s) => crate::calendar::parse_date(s.trim()).map_err(|_| bad()),
            _ => Err(bad()),
        }
    }

    /// `08:30`, as text or as an Excel time.
    fn clock(&self, row: usize, header: &str) -> Result<String, CellError> {
        let (cell, c) = self.cell(row, header);
        let bad = || self.error(row, c, text!("xlsx-read-bad-time"));
        let minutes = match cell {
            Data::String(s) => crate::calendar::parse_clock(s.trim()).map_err(|_| bad())? as f64,
            Data::DateTime(d) => {
                let t = d.as_datetime().ok_or_else(bad)?;
                use chrono::Timelike;
                (t.hour() * 60 + t.minute()) as f64
            }
            Data::Float(f) if (0.0..2.0).contains(f) => (f * 1440.0).round(),
            _ => return Err(bad()),
        };
        Ok(crate::calendar::format_clock(minutes))
    }

    fn number(&self, row: usize, header: &str) -> Result<Option<f64>, CellError> {
        let s = self.text(row, header)?;
        if s.is_empty() {
            return Ok(None);
        }
        s.parse::<f64>()
            .ok()
            .filter(|x| x.is_finite() && *x >= 0.0 && x.fract() == 0.0)
            .map(Some)
            .ok_or_else(|| {
                self.error(
                    row,
                    self.col(header),
                    text!("xlsx-read-bad-number", value = s),
                )
            })
    }

    fn optional(&self, row: usize, header: &str) -> Result<Option<String>, CellError> {
        let s = self.text(row, header)?;
        Ok((!s.is_empty()).then_some(s))
    }
}

fn h(columns: &[(&'static str, f64)], k: &str) -> &'static str {
    columns
        .iter()
        .find(|(header, _)| key(header) == k)
        .map(|(header, _)| *header)
        .expect("a column of the workbook")
}

/// Reads the schedule in `bytes` (an `.xlsx` file) against scenario `s`.
pub fn schedule(bytes: &[u8], s: &Scenario) -> Result<Schedule, CellError> {
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| CellError {
        sheet: String::new(),
        cell: String::new(),
        message: text!("xlsx-read-not-a-workbook", detail = e.to_string()),
    })?;
    let summary_sheet = Sheet::open(&mut book, SHEETS[0], &[])?;
    let tours_sheet = Sheet::open(&mut book, SHEETS[2], &TOUR_COLUMNS)?;
    let stops_sheet = Sheet::open(&mut book, SHEETS[1], &STOP_COLUMNS)?;
    let crew_sheet = Sheet::open(&mut book, SHEETS[3], &CLINICIAN_COLUMNS)?;
    let unmet_sheet = Sheet::open(&mut book, SHEETS[4], &UNMET_COLUMNS)?;

    let (mut name, mut seed) = (s.name.clone(), 0);
    for r in 0..summary_sheet.range.height() {
        let label = summary_sheet
            .range
            .get((r, 0))
            .and_then(|c| cell_text(c).ok())
            .unwrap_or_default();
        let value = summary_sheet
            .range
            .get((r, 1))
            .and_then(|c| cell_text(c).ok());
        if label == SCENARIO_ROW {
            name = value.unwrap_or(name);
        } else if label == SEED_ROW {
            seed = value.and_then(|v| v.parse().ok()).unwrap_or(0);
        }
    }

    let vehicles: HashMap<&str, usize> = s
        .vehicles
        .iter()
        .enumerate()
        .map(|(i, v)| (v.id.as_str(), i))
        .collect();
    let key_of = |k| h(&TOUR_COLUMNS, k);
    let mut tours: Vec<TourDay> = Vec::new();
    let mut index: HashMap<String, (usize, usize)> = HashMap::new();
    for r in tours_sheet.rows() {
        let id = tours_sheet.required(r, key_of("tour"))?;
        let vehicle = tours_sheet.required(r, key_of("vehicle"))?;
        let Some(&v) = vehicles.get(vehicle.as_str()) else {
            return Err(tours_sheet.error(
                r,
                tours_sheet.col(key_of("vehicle")),
                text!("xlsx-read-unknown-vehicle", vehicle = &vehicle),
            ));
        };
        if let Some((first, _)) = index.get(&id) {
            return Err(tours_sheet.error(
                r,
                tours_sheet.col(key_of("tour")),
                text!("xlsx-read-tour-twice", tour = &id, row = first + 1),
            ));
        }
        index.insert(id.clone(), (r, tours.len()));
        let trip = tours_sheet.optional(r, key_of("trip"))?;
        let trip_day = tours_sheet.number(r, key_of("trip_day"))?.unwrap_or(0.0) as u32;
        let trip_days = tours_sheet.number(r, key_of("trip_days"))?.unwrap_or(0.0) as u32;
        tours.push(TourDay {
            id,
            date: tours_sheet.date(r, key_of("date"))?,
            base: s.bases[s.vehicles[v].base].id.clone(),
            vehicle,
            crew: Vec::new(),
            stops: Vec::new(),
            depart: tours_sheet.clock(r, key_of("depart"))?,
            return_time: tours_sheet.clock(r, key_of("return"))?,
            distance_km: 0.0,
            drive_minutes: 0.0,
            work_minutes: 0.0,
            load_kg: 0.0,
            trip,
            trip_day,
            trip_days,
            team: tours_sheet.optional(r, key_of("team"))?,
            from: tours_sheet.optional(r, key_of("from"))?,
            to: tours_sheet.optional(r, key_of("to"))?,
            sequence: 0,
        });
    }

    let mut seqs: BTreeMap<(usize, u32), usize> = BTreeMap::new();
    let mut stops: Vec<(usize, Stop)> = Vec::new();
    for r in stops_sheet.rows() {
        let i = find(&stops_sheet, r, &STOP_COLUMNS, &tours, &index)?;
        let c = |k| h(&STOP_COLUMNS, k);
        let seq_col = stops_sheet.col(c("seq"));
        let seq = stops_sheet
            .number(r, c("seq"))?
            .ok_or_else(|| stops_sheet.error(r, seq_col, text!("xlsx-read-empty")))?
            as u32;
        if let Some(first) = seqs.insert((i, seq), r) {
            return Err(stops_sheet.error(
                r,
                seq_col,
                text!(
                    "xlsx-read-seq-twice",
                    seq = seq,
                    tour = &tours[i].id,
                    row = first + 1
                ),
            ));
        }
        stops.push((
            i,
            Stop {
                seq,
                site: stops_sheet.required(r, c("site"))?,
                site_name: stops_sheet.text(r, c("site_name"))?,
                specialty: stops_sheet.optional(r, c("specialty"))?,
                arrival: stops_sheet.clock(r, c("arrival"))?,
                departure: stops_sheet.clock(r, c("departure"))?,
            },
        ));
    }
    stops.sort_by_key(|(i, stop)| (*i, stop.seq));
    for (i, stop) in stops {
        tours[i].stops.push(stop);
    }
    for r in crew_sheet.rows() {
        let i = find(&crew_sheet, r, &CLINICIAN_COLUMNS, &tours, &index)?;
        let c = |k| h(&CLINICIAN_COLUMNS, k);
        tours[i].crew.push(CrewMember {
            clinician: crew_sheet.required(r, c("clinician"))?,
            name: crew_sheet.text(r, c("name"))?,
            slot: crew_sheet.required(r, c("slot"))?,
        });
    }
    let travel = crate::travel::Travel::build(s);
    for tour in &mut tours {
        route_figures(s, &travel, tour);
    }

    let mut unmet = Vec::new();
    for r in unmet_sheet.rows() {
        let c = |k| h(&UNMET_COLUMNS, k);
        let code = unmet_sheet.text(r, c("code"))?;
        unmet.push(Unmet {
            site: unmet_sheet.required(r, c("site"))?,
            site_name: unmet_sheet.text(r, c("site_name"))?,
            period: unmet_sheet.required(r, c("period"))?,
            specialty: unmet_sheet.optional(r, c("specialty"))?,
            required: unmet_sheet.number(r, c("required"))?.unwrap_or(0.0) as u32,
            missing: unmet_sheet.number(r, c("missing"))?.unwrap_or(0.0) as u32,
            code: serde_json::from_value(serde_json::Value::String(code)).unwrap_or_default(),
            reason: unmet_sheet.text(r, c("reason"))?,
            reason_text: None,
        });
    }
    tours.sort_by(|a, b| (a.date, &a.vehicle, &a.id).cmp(&(b.date, &b.vehicle, &b.id)));
    let summary = Summary {
        tours: tours.len(),
        vehicle_days: tours.len(),
        visits_scheduled: tours.iter().map(|t| t.stops.len() as u32).sum(),
        distance_km: tours.iter().map(|t| t.distance_km).sum(),
        unmet,
        ..Summary::default()
    };
    Ok(Schedule {
        format: crate::schedule::FORMAT.into(),
        version: crate::schedule::VERSION,
        scenario: name,
        seed,
        inputs: BTreeMap::new(),
        summary,
        tours,
        cancelled: Vec::new(),
        changes: Vec::new(),
    })
}

/// The tour-day a stop or a crew row names; its date and vehicle must agree with the tour-day's
/// row.
fn find(
    sheet: &Sheet,
    r: usize,
    columns: &[(&'static str, f64)],
    tours: &[TourDay],
    index: &HashMap<String, (usize, usize)>,
) -> Result<usize, CellError> {
    let tour = sheet.required(r, h(columns, "tour"))?;
    let Some(&(row, i)) = index.get(&tour) else {
        return Err(sheet.error(
            r,
            sheet.col(h(columns, "tour")),
            text!("xlsx-read-unknown-tour", tour = &tour, sheet = SHEETS[2]),
        ));
    };
    let date = sheet.date(r, h(columns, "date"))?;
    if date != tours[i].date {
        return Err(sheet.error(
            r,
            sheet.col(h(columns, "date")),
            text!(
                "xlsx-read-date-differs",
                tour = &tour,
                date = tours[i].date.to_string(),
                sheet = SHEETS[2],
                row = row + 1
            ),
        ));
    }
    let vehicle = sheet.required(r, h(columns, "vehicle"))?;
    if vehicle != tours[i].vehicle {
        return Err(sheet.error(
            r,
            sheet.col(h(columns, "vehicle")),
            text!(
                "xlsx-read-vehicle-differs",
                tour = &tour,
                vehicle = &tours[i].vehicle,
                sheet = SHEETS[2],
                row = row + 1
            ),
        ));
    }
    Ok(i)
}

/// Distance, driving and working minutes and load of a tour-day, from the scenario (the workbook
/// states none of them): from where the day starts to where it ends, through its stops.
fn route_figures(s: &Scenario, travel: &crate::travel::Travel, t: &mut TourDay) {
    let lodging = |id: &Option<String>| {
        id.as_ref()
            .and_then(|l| s.lodgings.iter().position(|x| &x.id == l))
            .map(|l| s.lodging_location(l))
    };
    let Some(base) = s.bases.iter().position(|b| b.id == t.base) else {
        return;
    };
    let start = lodging(&t.from).unwrap_or(s.base_location(base));
    let end = lodging(&t.to).unwrap_or(s.base_location(base));
    let (mut at, mut km, mut drive, mut service, mut load) = (start, 0.0, 0.0, 0.0, 0.0);
    for stop in &t.stops {
        let Some(x) = s.sites.iter().position(|x| x.id == stop.site) else {
            continue;
        };
        let loc = s.site_location(x);
        km += travel.km(at, loc);
        drive += travel.minutes(at, loc);
        let spec = stop.specialty.as_ref().map(|k| k.to_ascii_lowercase());
        service += s
            .requirements
            .iter()
            .find(|r| r.site == x && r.specialty == spec)
            .map_or(s.sites[x].service_minutes, |r| r.service_minutes);
        load += s.sites[x].load_kg;
        at = loc;
    }
    km += travel.km(at, end);
    drive += travel.minutes(at, end);
    let round2 = |x: f64| (x * 100.0).round() / 100.0;
    t.distance_km = round2(km);
    t.drive_minutes = round2(drive);
    t.work_minutes = round2(drive + service);
    t.load_kg = round2(load);
}
