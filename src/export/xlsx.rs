//! `schedule.xlsx`: the plan as a workbook for planners who live in Excel. One sheet of key figures,
//! the stops by day, each vehicle's tour-days, the tour-days of each clinician, and the visits left
//! out with their reasons. `check` reads an edited workbook back (`xlsx_read`). Headers carry the planner's words first and the file's column names second
//! (`日期 date`), the header row is frozen and filtered, dates are Excel dates, and names stand
//! beside ids. Text is always written as text cells, never as formulas, so a name such as
//! `=HYPERLINK(…)` is shown, not run.

use super::Lookup;
use crate::schedule::{Schedule, TourDay};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

/// Sheet names, as Excel shows them on the tabs.
pub const SHEETS: [&str; 5] = [
    "概览 Summary",
    "按日 By day",
    "按车辆 By vehicle",
    "按人员 By clinician",
    "未完成 Unmet",
];

/// The sheet field teams fill in: one row per visit with an empty status (完成 made, 未完成
/// missed), read back by `outreach replan --done schedule.xlsx`.
pub const DONE_SHEET: &str = "完成情况 Done";

pub const DONE_COLUMNS: [(&str, f64); 7] = [
    ("日期 date", 11.0),
    ("车辆 vehicle", 10.0),
    ("车辆名称 vehicle_name", 16.0),
    ("出车 tour", 22.0),
    ("村 site", 12.0),
    ("村名 site_name", 16.0),
    ("状态 status", 12.0),
];

/// The summary's row with the plan's seed (read back by `check`).
pub const SEED_ROW: &str = "随机种子 seed";
/// The summary's row with the scenario's name.
pub const SCENARIO_ROW: &str = "方案 scenario";

/// Columns of the stop sheet: (header, width).
pub const STOP_COLUMNS: [(&str, f64); 12] = [
    ("日期 date", 11.0),
    ("基地 base", 14.0),
    ("车辆 vehicle", 10.0),
    ("车辆名称 vehicle_name", 16.0),
    ("出车 tour", 22.0),
    ("顺序 seq", 7.0),
    ("村 site", 12.0),
    ("村名 site_name", 16.0),
    ("专科 specialty", 12.0),
    ("到达 arrival", 9.0),
    ("离开 departure", 9.0),
    ("人员 crew", 48.0),
];

/// Columns of the tour-day sheet (one row per vehicle and day): what a day sheet says of the day.
pub const TOUR_COLUMNS: [(&str, f64); 17] = [
    ("车辆 vehicle", 10.0),
    ("车辆名称 vehicle_name", 16.0),
    ("日期 date", 11.0),
    ("出车 tour", 22.0),
    ("基地 base", 12.0),
    ("基地名称 base_name", 16.0),
    ("出发 depart", 9.0),
    ("返回 return", 9.0),
    ("里程 km", 9.0),
    ("巡诊村数 stops", 9.0),
    ("巡诊村 sites", 40.0),
    ("行程 trip", 20.0),
    ("行程第几天 trip_day", 9.0),
    ("行程天数 trip_days", 9.0),
    ("医疗队 team", 10.0),
    ("起点住宿 from", 12.0),
    ("终点住宿 to", 12.0),
];

pub const CLINICIAN_COLUMNS: [(&str, f64); 11] = [
    ("人员 clinician", 10.0),
    ("姓名 name", 10.0),
    ("岗位 slot", 14.0),
    ("日期 date", 11.0),
    ("基地 base", 14.0),
    ("车辆 vehicle", 10.0),
    ("出车 tour", 22.0),
    ("出发 depart", 9.0),
    ("返回 return", 9.0),
    ("巡诊村数 stops", 9.0),
    ("巡诊村 sites", 40.0),
];

pub const UNMET_COLUMNS: [(&str, f64); 8] = [
    ("村 site", 12.0),
    ("村名 site_name", 16.0),
    ("周期 period", 12.0),
    ("专科 specialty", 12.0),
    ("应巡诊 required", 9.0),
    ("未完成 missing", 9.0),
    ("原因代码 code", 20.0),
    ("原因 reason", 60.0),
];

/// The workbook's bytes.
pub fn workbook(schedule: &Schedule, look: &Lookup) -> Result<Vec<u8>, String> {
    build(schedule, look).map_err(|e| e.to_string())
}

fn build(schedule: &Schedule, look: &Lookup) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("yyyy/m/d");
    let bold = Format::new().set_bold();

    let sheet = book.add_worksheet();
    sheet.set_name(SHEETS[0])?;
    summary(sheet, schedule, &bold)?;

    // Stops, in the schedule's order (by date, then vehicle) and by vehicle.
    let mut by_day: Vec<&TourDay> = schedule.tours.iter().collect();
    by_day.sort_by(|a, b| (a.date, &a.vehicle, &a.id).cmp(&(b.date, &b.vehicle, &b.id)));
    let sheet = book.add_worksheet();
    sheet.set_name(SHEETS[1])?;
    stops(sheet, &by_day, look, &bold, &date)?;
    let mut by_vehicle = by_day.clone();
    by_vehicle.sort_by(|a, b| (&a.vehicle, a.date, &a.id).cmp(&(&b.vehicle, b.date, &b.id)));
    let sheet = book.add_worksheet();
    sheet.set_name(SHEETS[2])?;
    tour_days(sheet, &by_vehicle, look, &bold, &date)?;

    let sheet = book.add_worksheet();
    sheet.set_name(SHEETS[3])?;
    clinicians(sheet, &by_day, look, &bold, &date)?;

    let sheet = book.add_worksheet();
    sheet.set_name(SHEETS[4])?;
    unmet(sheet, schedule, look, &bold)?;

    let sheet = book.add_worksheet();
    sheet.set_name(DONE_SHEET)?;
    done(sheet, &by_day, look, &bold, &date)?;

    book.save_to_buffer()
}

fn header(sheet: &mut Worksheet, columns: &[(&str, f64)], bold: &Format) -> Result<(), XlsxError> {
    for (c, (title, width)) in columns.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *title, bold)?;
        sheet.set_column_width(c as u16, *width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// The header row filters the sheet's rows (when it has any).
fn filter(sheet: &mut Worksheet, rows: u32, columns: usize) -> Result<(), XlsxError> {
    if rows > 0 {
        sheet.autofilter(0, 0, rows, columns as u16 - 1)?;
    }
    Ok(())
}

fn excel_date(d: chrono::NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    use chrono::Datelike;
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

fn summary(sheet: &mut Worksheet, schedule: &Schedule, bold: &Format) -> Result<(), XlsxError> {
    let s = &schedule.summary;
    let coverage = if s.visits_required == 0 {
        100.0
    } else {
        100.0 * s.visits_met as f64 / s.visits_required as f64
    };
    let pct = Format::new().set_num_format("0.0\"%\"");
    let money = Format::new().set_num_format("#,##0");
    let plain = Format::new();
    let rows: Vec<(&str, f64, &Format)> = vec![
        ("覆盖率 coverage", coverage, &pct),
        (
            "应巡诊次数 visits required",
            s.visits_required as f64,
            &plain,
        ),
        ("已安排巡诊 visits met", s.visits_met as f64, &plain),
        (
            "未完成 visits unmet",
            s.unmet.iter().map(|u| u.missing).sum::<u32>() as f64,
            &plain,
        ),
        ("出车天数 vehicle-days", s.vehicle_days as f64, &plain),
        ("人员工作日 clinician-days", s.clinician_days as f64, &plain),
        ("覆盖人口 population reached", s.population_reached, &money),
        ("里程 km", s.distance_km, &money),
        ("费用 cost (¥)", s.cost, &money),
    ];
    sheet.write_string_with_format(0, 0, "指标 figure", bold)?;
    sheet.write_string_with_format(0, 1, "数值 value", bold)?;
    sheet.set_column_width(0, 30)?;
    sheet.set_column_width(1, 16)?;
    let mut r = 1;
    sheet.write_string(r, 0, SCENARIO_ROW)?;
    sheet.write_string(r, 1, &schedule.scenario)?;
    r += 1;
    sheet.write_string(r, 0, SEED_ROW)?;
    sheet.write_number(r, 1, schedule.seed as f64)?;
    for (label, value, format) in rows {
        r += 1;
        sheet.write_string(r, 0, label)?;
        sheet.write_number_with_format(r, 1, value, format)?;
    }
    // The proof, for those who ask: the bound no plan can beat, and how far this one may be from it.
    r += 2;
    sheet.write_string_with_format(r, 0, "最优性 optimality", bold)?;
    r += 1;
    sheet.write_string(r, 0, "下界 bound (¥)")?;
    match s.bound {
        Some(b) => sheet.write_number_with_format(r, 1, b, &money)?,
        None => sheet.write_string(r, 1, "")?,
    };
    r += 1;
    sheet.write_string(r, 0, "差距 gap")?;
    sheet.write_number_with_format(
        r,
        1,
        100.0 * s.gap,
        &Format::new().set_num_format("0.00\"%\""),
    )?;
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

fn stops(
    sheet: &mut Worksheet,
    tours: &[&TourDay],
    look: &Lookup,
    bold: &Format,
    date: &Format,
) -> Result<(), XlsxError> {
    header(sheet, &STOP_COLUMNS, bold)?;
    let mut r = 0;
    for t in tours {
        let crew = look.crew_words(t);
        let (base, vehicle) = (look.base_name(&t.base), look.vehicle_name(&t.vehicle));
        for s in &t.stops {
            r += 1;
            sheet.write_datetime_with_format(r, 0, excel_date(t.date)?, date)?;
            sheet.write_string(r, 1, &base)?;
            sheet.write_string(r, 2, &t.vehicle)?;
            sheet.write_string(r, 3, &vehicle)?;
            sheet.write_string(r, 4, &t.id)?;
            sheet.write_number(r, 5, s.seq)?;
            sheet.write_string(r, 6, &s.site)?;
            sheet.write_string(r, 7, &s.site_name)?;
            sheet.write_string(r, 8, s.specialty.as_deref().unwrap_or(""))?;
            sheet.write_string(r, 9, &s.arrival)?;
            sheet.write_string(r, 10, &s.departure)?;
            sheet.write_string(r, 11, &crew)?;
        }
    }
    filter(sheet, r, STOP_COLUMNS.len())
}

/// Every visit with a blank status; a list in the status cell offers 完成 and 未完成.
fn done(
    sheet: &mut Worksheet,
    tours: &[&TourDay],
    look: &Lookup,
    bold: &Format,
    date: &Format,
) -> Result<(), XlsxError> {
    header(sheet, &DONE_COLUMNS, bold)?;
    let mut r = 0;
    for t in tours {
        for s in &t.stops {
            r += 1;
            sheet.write_datetime_with_format(r, 0, excel_date(t.date)?, date)?;
            sheet.write_string(r, 1, &t.vehicle)?;
            sheet.write_string(r, 2, look.vehicle_name(&t.vehicle))?;
            sheet.write_string(r, 3, &t.id)?;
            sheet.write_string(r, 4, &s.site)?;
            sheet.write_string(r, 5, &s.site_name)?;
        }
    }
    if r > 0 {
        let status = DONE_COLUMNS.len() as u16 - 1;
        let list = rust_xlsxwriter::DataValidation::new()
            .allow_list_strings(&["完成", "未完成"])?
            .ignore_blank(true);
        sheet.add_data_validation(1, status, r, status, &list)?;
    }
    filter(sheet, r, DONE_COLUMNS.len())
}

fn tour_days(
    sheet: &mut Worksheet,
    tours: &[&TourDay],
    look: &Lookup,
    bold: &Format,
    date: &Format,
) -> Result<(), XlsxError> {
    header(sheet, &TOUR_COLUMNS, bold)?;
    let km = Format::new().set_num_format("0.0");
    let mut r = 0;
    for t in tours {
        r += 1;
        let sites: Vec<&str> = t.stops.iter().map(|s| s.site_name.as_str()).collect();
        sheet.write_string(r, 0, &t.vehicle)?;
        sheet.write_string(r, 1, look.vehicle_name(&t.vehicle))?;
        sheet.write_datetime_with_format(r, 2, excel_date(t.date)?, date)?;
        sheet.write_string(r, 3, &t.id)?;
        sheet.write_string(r, 4, &t.base)?;
        sheet.write_string(r, 5, look.base_name(&t.base))?;
        sheet.write_string(r, 6, &t.depart)?;
        sheet.write_string(r, 7, &t.return_time)?;
        sheet.write_number_with_format(r, 8, t.distance_km, &km)?;
        sheet.write_number(r, 9, t.stops.len() as f64)?;
        sheet.write_string(r, 10, sites.join("、"))?;
        if let Some(trip) = &t.trip {
            sheet.write_string(r, 11, trip)?;
            sheet.write_number(r, 12, t.trip_day)?;
            sheet.write_number(r, 13, t.trip_days)?;
        }
        if let Some(team) = &t.team {
            sheet.write_string(r, 14, team)?;
        }
        if let Some(from) = &t.from {
            sheet.write_string(r, 15, from)?;
        }
        if let Some(to) = &t.to {
            sheet.write_string(r, 16, to)?;
        }
    }
    filter(sheet, r, TOUR_COLUMNS.len())
}

fn clinicians(
    sheet: &mut Worksheet,
    tours: &[&TourDay],
    look: &Lookup,
    bold: &Format,
    date: &Format,
) -> Result<(), XlsxError> {
    header(sheet, &CLINICIAN_COLUMNS, bold)?;
    let mut rows: Vec<(&str, &str, &str, &TourDay)> = tours
        .iter()
        .flat_map(|t| {
            t.crew
                .iter()
                .map(move |c| (c.clinician.as_str(), c.name.as_str(), c.slot.as_str(), *t))
        })
        .collect();
    rows.sort_by(|a, b| (a.0, a.3.date, &a.3.id).cmp(&(b.0, b.3.date, &b.3.id)));
    let mut r = 0;
    for (id, name, slot, t) in rows {
        r += 1;
        let sites: Vec<&str> = t.stops.iter().map(|s| s.site_name.as_str()).collect();
        sheet.write_string(r, 0, id)?;
        sheet.write_string(r, 1, name)?;
        sheet.write_string(r, 2, slot)?;
        sheet.write_datetime_with_format(r, 3, excel_date(t.date)?, date)?;
        sheet.write_string(r, 4, look.base_name(&t.base))?;
        sheet.write_string(r, 5, &t.vehicle)?;
        sheet.write_string(r, 6, &t.id)?;
        sheet.write_string(r, 7, &t.depart)?;
        sheet.write_string(r, 8, &t.return_time)?;
        sheet.write_number(r, 9, t.stops.len() as f64)?;
        sheet.write_string(r, 10, sites.join("、"))?;
    }
    filter(sheet, r, CLINICIAN_COLUMNS.len())
}

fn unmet(
    sheet: &mut Worksheet,
    schedule: &Schedule,
    look: &Lookup,
    bold: &Format,
) -> Result<(), XlsxError> {
    header(sheet, &UNMET_COLUMNS, bold)?;
    let mut r = 0;
    for u in &schedule.summary.unmet {
        r += 1;
        sheet.write_string(r, 0, &u.site)?;
        sheet.write_string(r, 1, &u.site_name)?;
        sheet.write_string(r, 2, &u.period)?;
        sheet.write_string(r, 3, u.specialty.as_deref().unwrap_or(""))?;
        sheet.write_number(r, 4, u.required)?;
        sheet.write_number(r, 5, u.missing)?;
        sheet.write_string(r, 6, u.code.as_str())?;
        sheet.write_string(r, 7, u.reason_in(look.lang))?;
    }
    filter(sheet, r, UNMET_COLUMNS.len())
}
