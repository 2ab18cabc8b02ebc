//! Scenario tables from an Excel workbook: a sheet becomes the CSV text a `.csv` table would hold,
//! so the same parser reads it and its problems name the same rows (sheet row 1 is the header, as
//! line 1 of a CSV file). Excel's date cells become `2027-01-06`; whole numbers lose Excel's `.0`.

use calamine::{open_workbook_auto, Data, Reader};
use std::path::Path;

/// The sheet `sheet` of the workbook at `path`, as CSV text.
pub fn sheet_as_csv(path: &Path, sheet: &str) -> Result<String, String> {
    let mut book =
        open_workbook_auto(path).map_err(|e| format!("cannot read the workbook: {e}"))?;
    let names = book.sheet_names();
    if !names.iter().any(|n| n == sheet) {
        return Err(format!(
            "the workbook has no sheet `{sheet}` (it has {}); name one of them after `#`",
            names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let range = book
        .worksheet_range(sheet)
        .map_err(|e| format!("cannot read sheet `{sheet}`: {e}"))?;
    let mut out = csv::Writer::from_writer(Vec::new());
    // The header in row 1 and the table from column A, as in a CSV file, so that problems name
    // the sheet's own rows.
    let (top, left) = range.start().unwrap_or((0, 0));
    if top > 0 || left > 0 {
        return Err(format!(
            "sheet `{sheet}` starts at cell {}; move its header to row 1 and its first column to A",
            cell_name(top as usize, left as usize)
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
            record.push(
                cell_text(cell)
                    .map_err(|e| format!("sheet `{sheet}`, cell {}: {e}", cell_name(r, c)))?,
            );
        }
        out.write_record(&record).map_err(|e| e.to_string())?;
    }
    String::from_utf8(out.into_inner().map_err(|e| e.to_string())?).map_err(|e| e.to_string())
}

fn cell_text(cell: &Data) -> Result<String, String> {
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
            None => return Err("a date Excel cannot place in the calendar".to_string()),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => {
            return Err(format!(
                "Excel shows an error ({e:?}); fix the cell's formula or value"
            ))
        }
    })
}

/// `B7` for row 6, column 1 (0-based).
fn cell_name(row: usize, col: usize) -> String {
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
