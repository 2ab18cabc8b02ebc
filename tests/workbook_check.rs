//! `check` reads a schedule back from `schedule.xlsx` as a planner edited it in Excel: the plan
//! as written reads back to the same tour-days and passes; an edit that breaks a rule is reported
//! as a violation; a cell outreach cannot read is named by sheet and cell, in the planner's
//! language.

mod common;

use calamine::{Data, Reader, Xlsx};
use common::{outreach, plan_into};
use outreach::export::xlsx::SHEETS;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::path::{Path, PathBuf};

fn plan_tiny(dir: &Path) -> PathBuf {
    plan_into("tiny", &dir.join("out"), &[])
}

/// Writes the workbook at `from` again to `to`, each cell passed through `edit(sheet, row, col)`
/// first, as Excel would save an edited copy: strings, numbers and dates as such.
fn rewrite(from: &Path, to: &Path, edit: impl Fn(&str, usize, usize, Data) -> Data) {
    let mut book: Xlsx<_> = calamine::open_workbook(from).unwrap();
    let mut out = Workbook::new();
    let date = Format::new().set_num_format("yyyy/m/d");
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        let sheet = out.add_worksheet();
        sheet.set_name(&name).unwrap();
        for (r, row) in range.rows().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r32, c16) = (r as u32, c as u16);
                match edit(&name, r, c, cell.clone()) {
                    Data::String(s) => {
                        sheet.write_string(r32, c16, s).unwrap();
                    }
                    Data::Float(x) => {
                        sheet.write_number(r32, c16, x).unwrap();
                    }
                    Data::Int(x) => {
                        sheet.write_number(r32, c16, x as f64).unwrap();
                    }
                    Data::DateTime(d) => {
                        use chrono::Datelike;
                        let t = d.as_datetime().unwrap().date();
                        let x = ExcelDateTime::from_ymd(
                            t.year() as u16,
                            t.month() as u8,
                            t.day() as u8,
                        )
                        .unwrap();
                        sheet
                            .write_datetime_with_format(r32, c16, x, &date)
                            .unwrap();
                    }
                    _ => {}
                }
            }
        }
    }
    out.save(to).unwrap();
}

fn check(workbook: &Path, lang: &str) -> (i32, String) {
    let run = outreach()
        .args(["check", "tiny"])
        .arg(workbook)
        .args(["--lang", lang])
        .output()
        .unwrap();
    (
        run.status.code().unwrap(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&run.stdout),
            String::from_utf8_lossy(&run.stderr)
        ),
    )
}

#[test]
fn the_written_workbook_reads_back_to_the_plan_and_passes() {
    let dir = tempfile::tempdir().unwrap();
    let out = plan_tiny(dir.path());
    let (code, text) = check(&out.join("schedule.xlsx"), "en");
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("ok: 2 tours pass every rule"), "{text}");

    // The same tour-days as schedule.json, distances worked out again from the scenario.
    let s = outreach::load(&outreach::scenario::bundled::find("tiny").unwrap()).unwrap();
    let json: outreach::Schedule =
        serde_json::from_str(&std::fs::read_to_string(out.join("schedule.json")).unwrap()).unwrap();
    let back = outreach::export::xlsx_read::schedule(
        &std::fs::read(out.join("schedule.xlsx")).unwrap(),
        &s,
    )
    .unwrap();
    assert_eq!(back.scenario, json.scenario);
    assert_eq!(back.seed, json.seed);
    assert_eq!(back.tours.len(), json.tours.len());
    for (a, b) in back.tours.iter().zip(&json.tours) {
        assert_eq!(
            (&a.id, a.date, &a.vehicle, &a.base),
            (&b.id, b.date, &b.vehicle, &b.base)
        );
        assert_eq!((&a.depart, &a.return_time), (&b.depart, &b.return_time));
        assert_eq!(a.stops, b.stops);
        // The crews' sheet lists people by id, so a crew reads back in that order.
        let mut crew = b.crew.clone();
        crew.sort_by(|x, y| x.clinician.cmp(&y.clinician));
        assert_eq!(a.crew, crew);
        assert!(
            (a.distance_km - b.distance_km).abs() < 0.01,
            "{} {}",
            a.distance_km,
            b.distance_km
        );
    }

    // As Excel saves it again (dates as dates, numbers as numbers): still the same plan.
    let copy = dir.path().join("copy.xlsx");
    rewrite(&out.join("schedule.xlsx"), &copy, |_, _, _, cell| cell);
    assert_eq!(check(&copy, "en").0, 0);
}

#[test]
fn an_edit_that_breaks_a_rule_is_a_violation() {
    let dir = tempfile::tempdir().unwrap();
    let out = plan_tiny(dir.path());
    // The planner moves V1's tour (crew C02, on leave 6–8 January) to 2027/1/7 in every sheet,
    // typing the date as text the way Chinese Excel shows it.
    let moved = dir.path().join("moved.xlsx");
    let mut book: Xlsx<_> = calamine::open_workbook(out.join("schedule.xlsx")).unwrap();
    let tours = book.worksheet_range(SHEETS[2]).unwrap();
    let v1_row = tours
        .rows()
        .position(|r| r[0] == Data::String("V1".into()))
        .unwrap();
    let tour = tours.get((v1_row, 3)).unwrap().to_string();
    let by_day = book.worksheet_range(SHEETS[1]).unwrap();
    let crew = book.worksheet_range(SHEETS[3]).unwrap();
    let on_tour = |sheet: &str, r: usize| {
        let range = if sheet == SHEETS[1] { &by_day } else { &crew };
        let col = if sheet == SHEETS[1] { 4 } else { 6 };
        range.get((r, col)).map(|c| c.to_string()) == Some(tour.clone())
    };
    rewrite(&out.join("schedule.xlsx"), &moved, |sheet, r, c, cell| {
        let date_col = match sheet {
            s if s == SHEETS[2] && r == v1_row => 2,
            s if s == SHEETS[1] && on_tour(s, r) => 0,
            s if s == SHEETS[3] && on_tour(s, r) => 3,
            _ => usize::MAX,
        };
        if c == date_col {
            Data::String("2027/1/7".into())
        } else {
            cell
        }
    });
    let (code, text) = check(&moved, "en");
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("[clinician-unavailable] 2027-01-07"),
        "{text}"
    );
}

#[test]
fn a_cell_that_cannot_be_read_is_named_by_sheet_and_cell() {
    let dir = tempfile::tempdir().unwrap();
    let out = plan_tiny(dir.path());
    let bad = dir.path().join("bad.xlsx");
    // A departure typed as words, in the first tour-day's row (G2 of the vehicles' sheet).
    rewrite(&out.join("schedule.xlsx"), &bad, |sheet, r, c, cell| {
        if sheet == SHEETS[2] && r == 1 && c == 6 {
            Data::String("八点半".into())
        } else {
            cell
        }
    });
    let (code, text) = check(&bad, "en");
    assert_eq!(code, 2, "{text}");
    assert!(
        text.contains(&format!(
            "sheet `{}`, cell G2: not a time of day",
            SHEETS[2]
        )),
        "{text}"
    );
    let (_, zh) = check(&bad, "zh");
    assert!(
        zh.contains(&format!("工作表“{}”单元格 G2：不是时刻", SHEETS[2])),
        "{zh}"
    );

    // A stop whose date no longer agrees with its tour-day.
    let stray = dir.path().join("stray.xlsx");
    rewrite(&out.join("schedule.xlsx"), &stray, |sheet, r, c, cell| {
        if sheet == SHEETS[1] && r == 2 && c == 0 {
            Data::String("2027-01-15".into())
        } else {
            cell
        }
    });
    let (code, text) = check(&stray, "en");
    assert_eq!(code, 2, "{text}");
    assert!(
        text.contains("cell A3") && text.contains("change the date there and here alike"),
        "{text}"
    );
}
