//! Reading CSV tables cell by cell, so that every bad cell is reported with its line and column name.

use super::error::Problems;
use std::collections::HashMap;

pub struct Table {
    pub file: String,
    header: HashMap<String, usize>,
    pub rows: Vec<(u64, csv::StringRecord)>,
}

impl Table {
    /// Parses CSV text; a malformed file is reported and yields `None`.
    pub fn parse(file: &str, text: &str, problems: &mut Problems) -> Option<Table> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut reader = csv::ReaderBuilder::new()
            .flexible(false)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let header = match reader.headers() {
            Ok(h) => h
                .iter()
                .enumerate()
                .map(|(i, name)| (name.to_ascii_lowercase(), i))
                .collect(),
            Err(e) => {
                problems.error(
                    file,
                    Some(1),
                    None,
                    format!("cannot read the header row: {e}"),
                );
                return None;
            }
        };
        let mut rows = Vec::new();
        for record in reader.records() {
            match record {
                Ok(r) => {
                    let line = r.position().map(|p| p.line()).unwrap_or(0);
                    if r.iter().all(|c| c.is_empty()) {
                        continue;
                    }
                    rows.push((line, r));
                }
                Err(e) => {
                    let line = e.position().map(|p| p.line());
                    let message = match e.kind() {
                        csv::ErrorKind::UnequalLengths {
                            expected_len, len, ..
                        } => {
                            format!("this row has {len} cells but the header has {expected_len}; quote cells that contain commas")
                        }
                        csv::ErrorKind::Utf8 { .. } => {
                            "this row is not valid UTF-8; save the file as UTF-8".to_string()
                        }
                        _ => format!("malformed CSV: {e}"),
                    };
                    problems.error(file, line, None, message);
                }
            }
        }
        Some(Table {
            file: file.to_string(),
            header,
            rows,
        })
    }

    pub fn has_column(&self, name: &str) -> bool {
        self.header.contains_key(name)
    }

    /// Reports required columns that are missing; true when all are present.
    pub fn require_columns(&self, names: &[&str], problems: &mut Problems) -> bool {
        let mut ok = true;
        for name in names {
            if !self.has_column(name) {
                problems.error(
                    &self.file,
                    Some(1),
                    Some(name),
                    format!("the header has no `{name}` column; add it"),
                );
                ok = false;
            }
        }
        ok
    }

    pub fn row<'a>(&'a self, line: u64, record: &'a csv::StringRecord) -> Row<'a> {
        Row {
            table: self,
            line,
            record,
        }
    }
}

pub struct Row<'a> {
    table: &'a Table,
    pub line: u64,
    record: &'a csv::StringRecord,
}

impl<'a> Row<'a> {
    /// The cell of a column, `None` when the column is absent or the cell empty.
    pub fn get(&self, column: &str) -> Option<&'a str> {
        let i = *self.table.header.get(column)?;
        self.record.get(i).filter(|s| !s.is_empty())
    }

    pub fn required(&self, column: &str, problems: &mut Problems) -> Option<&'a str> {
        let v = self.get(column);
        if v.is_none() {
            self.error(problems, column, "is empty; it is required");
        }
        v
    }

    pub fn error(&self, problems: &mut Problems, column: &str, message: impl Into<String>) {
        problems.error(&self.table.file, Some(self.line), Some(column), message);
    }

    pub fn warning(&self, problems: &mut Problems, column: &str, message: impl Into<String>) {
        problems.warning(&self.table.file, Some(self.line), Some(column), message);
    }

    /// A finite number within [min, max], or `default` when the cell is empty.
    pub fn number(
        &self,
        column: &str,
        default: f64,
        min: f64,
        max: f64,
        problems: &mut Problems,
    ) -> f64 {
        match self.get(column) {
            None => default,
            Some(text) => match text.parse::<f64>() {
                Ok(v) if v.is_finite() && v >= min && v <= max => v,
                Ok(v) if v.is_finite() => {
                    self.error(
                        problems,
                        column,
                        format!("{v} is out of range; it must lie between {min} and {max}"),
                    );
                    default
                }
                _ => {
                    self.error(problems, column, format!("`{text}` is not a finite number"));
                    default
                }
            },
        }
    }

    pub fn required_number(
        &self,
        column: &str,
        min: f64,
        max: f64,
        problems: &mut Problems,
    ) -> Option<f64> {
        let before = problems.list.len();
        self.required(column, problems)?;
        let v = self.number(column, f64::NAN, min, max, problems);
        (problems.list.len() == before).then_some(v)
    }

    /// A whole number ≥ 0 (or `default`).
    pub fn count(&self, column: &str, default: u32, problems: &mut Problems) -> u32 {
        match self.get(column) {
            None => default,
            Some(text) => match text.parse::<u32>() {
                Ok(v) => v,
                Err(_) => {
                    self.error(
                        problems,
                        column,
                        format!("`{text}` is not a whole number ≥ 0"),
                    );
                    default
                }
            },
        }
    }
}
