//! The results file of a sweep, `sweep.csv`: its columns, its rows, and reading and writing it
//! (a line cut short by an interruption is dropped on reading).

use super::SweepError;
use crate::export::write_atomic;
use std::path::Path;

/// The KPI columns after the parameters; the last one, `solve_seconds`, is the only one that
/// depends on the machine.
pub const KPI_COLUMNS: &[&str] = &[
    "status",
    "visits_required",
    "visits_met",
    "coverage_pct",
    "population_reached",
    "distance_km",
    "cost",
    "objective",
    "clinician_days",
    "vehicle_days",
    "tours",
    "bound",
    "gap_pct",
    "pool_gap_pct",
    "violations",
    "changed_tour_days",
    "solve_seconds",
];

/// One row of `sweep.csv`: the variation, its values of the sweep's keys, then the KPI columns.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub id: usize,
    pub params: Vec<String>,
    pub kpis: Vec<String>,
}

impl Row {
    pub fn kpi(&self, name: &str) -> Option<f64> {
        let i = KPI_COLUMNS.iter().position(|c| *c == name)?;
        self.kpis.get(i)?.parse().ok()
    }

    pub fn ok(&self) -> bool {
        self.kpis.first().is_some_and(|s| s == "ok")
    }

    pub(super) fn record(&self) -> Vec<String> {
        let mut r = vec![self.id.to_string()];
        // A value the sweep file gave as text is written so that Excel does not run it as a
        // formula; numbers (`-0.1`) stay numbers.
        r.extend(self.params.iter().map(|p| {
            if p.parse::<f64>().is_ok() {
                p.clone()
            } else {
                crate::export::text_cell(p).into_owned()
            }
        }));
        r.extend(self.kpis.iter().cloned());
        r
    }

    /// The row without its timing column, for comparing runs.
    pub fn without_timing(&self) -> Row {
        let mut r = self.clone();
        r.kpis.pop();
        r
    }
}

pub fn header(keys: &[String]) -> Vec<String> {
    let mut h = vec!["variation".to_string()];
    h.extend(keys.iter().cloned());
    h.extend(KPI_COLUMNS.iter().map(|c| c.to_string()));
    h
}

pub(super) fn csv_line(fields: &[String]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(fields).expect("writing to memory");
    w.into_inner().expect("writing to memory")
}

/// Reads the rows of a `sweep.csv`. A last line cut short by an interruption is dropped; a file of
/// another sweep (other header) is an error.
pub fn read_rows(path: &Path, keys: &[String]) -> Result<Vec<Row>, SweepError> {
    let want = header(keys);
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(path)
        .map_err(|e| io(path, e))?;
    let mut rows = Vec::new();
    let mut records = r.records();
    match records.next() {
        None => return Ok(rows),
        Some(h) => {
            let h = h.map_err(|e| io(path, e))?;
            let h: Vec<String> = h.iter().map(|x| x.to_string()).collect();
            if h != want {
                return Err(io(
                    path,
                    format!(
                        "its columns are not this sweep's ({}): write the sweep to another --out folder",
                        want.join(",")
                    ),
                ));
            }
        }
    }
    for rec in records {
        let Ok(rec) = rec else { continue };
        if rec.len() != want.len() {
            continue; // a line cut short
        }
        let Ok(id) = rec[0].parse::<usize>() else {
            continue;
        };
        rows.push(Row {
            id,
            params: rec
                .iter()
                .skip(1)
                .take(keys.len())
                .map(|p| crate::export::text_of_cell(p).to_string())
                .collect(),
            kpis: rec.iter().skip(1 + keys.len()).map(String::from).collect(),
        });
    }
    Ok(rows)
}

pub(super) fn write_rows(path: &Path, keys: &[String], rows: &[Row]) -> Result<(), SweepError> {
    let mut bytes = csv_line(&header(keys));
    for r in rows {
        bytes.extend(csv_line(&r.record()));
    }
    write_atomic(path, &bytes).map_err(|e| SweepError::Other(e.to_string()))
}

pub(super) fn io(path: &Path, e: impl std::fmt::Display) -> SweepError {
    SweepError::File {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_values_are_written_so_excel_shows_them_and_read_back_as_they_were() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sweep.csv");
        let keys = vec!["closed".to_string(), "growth".to_string()];
        let row = Row {
            id: 0,
            params: vec!["=HYPERLINK(\"x\")".into(), "-0.1".into()],
            kpis: std::iter::once("ok".to_string())
                .chain(std::iter::repeat_n(String::new(), KPI_COLUMNS.len() - 1))
                .collect(),
        };
        write_rows(&path, &keys, std::slice::from_ref(&row)).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.contains("'=HYPERLINK") && text.contains(",-0.1,"),
            "{text}"
        );
        let back = read_rows(&path, &keys).unwrap();
        assert_eq!(back[0].params, row.params);
    }
}
