//! Scenario tables from an Excel workbook: a sheet becomes the CSV text a `.csv` table would hold,
//! so the same parser reads it and its problems name the same rows (sheet row 1 is the header, as
//! line 1 of a CSV file). Excel's date cells become `2027-01-06`; whole numbers lose Excel's `.0`.

use crate::lang::Text;
use crate::text;
use calamine::{open_workbook_auto, Data, Reader};
use std::path::Path;

/// The sheet `sheet` of the workbook at `path`, as CSV text.
pub fn sheet_as_csv(path: &Path, sheet: &str) -> Result<String, Text> {
    let mut book = open_workbook_auto(path)
        .map_err(|e| text!("scenario-workbook-unreadable", error = e.to_string()))?;
    let names = book.sheet_names();
    if !names.iter().any(|n| n == sheet) {
        return Err(text!(
            "scenario-no-sheet",
            sheet = sheet,
            sheets = names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", "),
        ));
    }
    // Writing CSV into memory does not fail in practice; were it to, it is this sheet that
    // could not be read.
    let unreadable = |e: &dyn std::fmt::Display| {
        text!(
            "scenario-sheet-unreadable",
            sheet = sheet,
            error = e.to_string()
        )
    };
    let range = book.worksheet_range(sheet).map_err(|e| unreadable(&e))?;
    let mut out = csv::Writer::from_writer(Vec::new());
    // The header in row 1 and the table from column A, as in a CSV file, so that problems name
    // the sheet's own rows.
    let (top, left) = range.start().unwrap_or((0, 0));
    if top > 0 || left > 0 {
        return Err(text!(
            "scenario-sheet-offset",
            sheet = sheet,
            cell = cell_name(top as usize, left as usize),
        ));
    }
    // Columns past the last cell that holds something anywhere (formatted but empty) are not
    // columns; every row keeps the others, empty cells included.
    let width = range
        .rows()
        .filter_map(|row| row.iter().rposition(|c| !matches!(c, Data::Empty)))
        .max()
        .map_or(0, |last| last + 1);
    for (r, row) in range.rows().enumerate() {
        let mut record: Vec<String> = Vec::with_capacity(width);
        for (c, cell) in row.iter().take(width).enumerate() {
            record.push(cell_text(cell).map_err(|e| {
                text!(
                    "scenario-sheet-cell",
                    sheet = sheet,
                    cell = cell_name(r, c),
                    problem = e,
                )
            })?);
        }
        out.write_record(&record).map_err(|e| unreadable(&e))?;
    }
    let bytes = out.into_inner().map_err(|e| unreadable(&e))?;
    String::from_utf8(bytes).map_err(|e| unreadable(&e))
}

/// A workbook of tables, a sheet per `(name, CSV text)`: numbers as numbers, `YYYY-MM-DD` as
/// Excel dates, the rest as text, so that a planner edits cells Excel understands; a sheet
/// `说明 Help` first says how to fill it. What `sheet_as_csv` reads back is the CSV text.
pub fn tables_workbook(tables: &[(&str, &str)]) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let e = |e: rust_xlsxwriter::XlsxError| e.to_string();
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("yyyy/m/d");
    let bold = Format::new().set_bold();
    let help = book.add_worksheet();
    help.set_name("说明 Help").map_err(e)?;
    help.set_column_width(0, 100).map_err(e)?;
    for (r, line) in HELP.iter().enumerate() {
        help.write_string(r as u32, 0, *line).map_err(e)?;
    }
    for (name, text) in tables {
        let sheet = book.add_worksheet();
        sheet.set_name(*name).map_err(e)?;
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        for (r, rec) in reader.records().enumerate() {
            let rec = rec.map_err(|x| format!("{name}: {x}"))?;
            for (c, cell) in rec.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                if r == 0 {
                    // Headers in both languages: the planner's word, then the key outreach reads.
                    let words = crate::lang::word(crate::lang::Lang::Zh, "column", cell);
                    let header = if words == cell {
                        cell.to_string()
                    } else {
                        format!("{words} {cell}")
                    };
                    sheet
                        .write_string_with_format(r, c, &header, &bold)
                        .map_err(e)?;
                    sheet
                        .set_column_width(c, (header.chars().count() as f64 + 6.0).max(10.0))
                        .map_err(e)?;
                } else if let Ok(d) = chrono::NaiveDate::parse_from_str(cell, "%Y-%m-%d") {
                    use chrono::Datelike;
                    let d =
                        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
                            .map_err(e)?;
                    sheet
                        .write_datetime_with_format(r, c, &d, &date)
                        .map_err(e)?;
                } else if let Some(x) = cell.parse::<f64>().ok().filter(|x| x.is_finite()) {
                    sheet.write_number(r, c, x).map_err(e)?;
                } else {
                    sheet.write_string(r, c, cell).map_err(e)?;
                }
            }
        }
        sheet.set_freeze_panes(1, 0).map_err(e)?;
    }
    book.save_to_buffer().map_err(e)
}

/// The workbook a new scenario named `name` starts from: a bundled scenario's `scenario.toml`
/// with its tables moved into `tables.xlsx` (a sheet per table, its rows as examples), as (TOML
/// text, workbook).
pub fn template(example: &super::Source, name: &str) -> Result<(String, Vec<u8>), String> {
    let super::Source::Bundled { files, .. } = example else {
        return Err(text!("scenario-new-from-bundled").to_string());
    };
    let mut toml = files
        .iter()
        .find(|(name, _)| *name == "scenario.toml")
        .map(|(_, text)| text.to_string())
        .ok_or_else(|| text!("scenario-bundled-no-toml").to_string())?;
    toml = toml
        .lines()
        .map(|l| {
            if l.starts_with("name = ") {
                format!("name = {}", toml_string(name))
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n";
    let mut tables = Vec::new();
    for (file, text) in files.iter() {
        if let Some(table) = file.strip_suffix(".csv") {
            toml = toml.replace(&format!("\"{file}\""), &format!("\"{BOOK}#{table}\""));
            tables.push((table, *text));
        }
    }
    Ok((toml, tables_workbook(&tables)?))
}

/// A TOML basic string: quotes and backslashes escaped, control characters dropped.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for ch in text.chars().filter(|c| !c.is_control()) {
        if ch == '"' || ch == '\\' {
            out.push('\\');
        }
        out.push(ch);
    }
    out.push('"');
    out
}

/// The file name of a new scenario's workbook.
pub const BOOK: &str = "tables.xlsx";

/// The `说明 Help` sheet of a new workbook, in the planner's words first.
const HELP: [&str; 12] = [
    "如何填写 · How to fill this workbook",
    "每一页是一张表：sites 村庄，bases 基地（卫生院），vehicles 车辆，clinicians 医护人员，requirements 巡诊要求，leave 请假与检修，closures 道路封闭。",
    "Each sheet is one table: sites (villages), bases (health centres), vehicles, clinicians, requirements, leave (leave and maintenance), closures (roads).",
    "第 1 行是列名，请勿修改；从第 2 行起每行一条记录。示例行可以改写或删除。日期写成 2027/1/6 即可。",
    "Row 1 holds the column names; keep them. One record a row from row 2. Overwrite or delete the example rows. Dates as Excel dates (2027/1/6).",
    "id 必须唯一；车辆、人员的 base 填基地的 id；leave 的 id 填人员或车辆的 id。",
    "Ids are unique; a vehicle's or clinician's base is a base id; a leave row names a clinician or a vehicle.",
    "规划期、工作日、每月巡诊次数等在同一文件夹的 scenario.toml 中设置。",
    "The horizon, working days and visits per period are set in scenario.toml, in the same folder.",
    "填好后：outreach validate 文件夹（检查），outreach plan 文件夹 --out 计划（排班）。",
    "Then: outreach validate FOLDER (checks every sheet), outreach plan FOLDER --out PLAN.",
    "每个问题都会指出页、行、列和改法。 · Each problem names the sheet, the row, the column and the fix.",
];

pub(crate) fn cell_text(cell: &Data) -> Result<String, Text> {
    Ok(match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => match d.as_datetime() {
            Some(t) if t.time() == chrono::NaiveTime::MIN => {
                t.date().format("%Y-%m-%d").to_string()
            }
            Some(t) => t.format("%Y-%m-%d %H:%M").to_string(),
            None => return Err(text!("scenario-cell-bad-date")),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => return Err(text!("scenario-cell-excel-error", error = format!("{e:?}"))),
    })
}

/// `B7` for row 6, column 1 (0-based).
pub(crate) fn cell_name(row: usize, col: usize) -> String {
    let mut letters = String::new();
    let mut c = col + 1;
    while c > 0 {
        letters.insert(0, (b'A' + ((c - 1) % 26) as u8) as char);
        c = (c - 1) / 26;
    }
    format!("{letters}{}", row + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_named_as_excel_names_them() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(6, 1), "B7");
        assert_eq!(cell_name(9, 26), "AA10");
    }

    #[test]
    fn numbers_and_dates_read_as_a_csv_file_writes_them() {
        assert_eq!(cell_text(&Data::Float(1200.0)).unwrap(), "1200");
        assert_eq!(cell_text(&Data::Float(36.81)).unwrap(), "36.81");
        assert_eq!(cell_text(&Data::Int(7)).unwrap(), "7");
        assert!(cell_text(&Data::Error(calamine::CellErrorType::Div0)).is_err());
    }
}
