//! Reading CSV tables cell by cell, so that every bad cell is reported with its line and column name.

use super::error::Problems;
use crate::lang::Text;
use crate::text;
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
        // Line numbers are counted here from byte offsets: the reader's own count skipped blank
        // lines and went one short per CRLF line end.
        let text = text.replace("\r\n", "\n");
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(separator(&text))
            .flexible(false)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let header = match reader.headers() {
            Ok(h) => h
                .iter()
                .enumerate()
                .map(|(i, name)| (column_key(name), i))
                .collect(),
            Err(e) => {
                problems.error(
                    file,
                    Some(1),
                    None,
                    text!("scenario-csv-header", error = e.to_string()),
                );
                return None;
            }
        };
        let mut rows = Vec::new();
        let mut lines = Lines {
            text: text.as_bytes(),
            offset: 0,
            line: 1,
        };
        for record in reader.records() {
            match record {
                Ok(r) => {
                    let line = r.position().map(|p| lines.at(p.byte())).unwrap_or(0);
                    if r.iter().all(|c| c.is_empty()) {
                        continue;
                    }
                    rows.push((line, r));
                }
                Err(e) => {
                    let line = e.position().map(|p| lines.at(p.byte()));
                    let message = match e.kind() {
                        csv::ErrorKind::UnequalLengths {
                            expected_len, len, ..
                        } => {
                            text!("scenario-csv-cells", cells = *len, header = *expected_len)
                        }
                        csv::ErrorKind::Utf8 { .. } => text!("scenario-csv-utf8"),
                        _ => text!("scenario-csv-malformed", error = e.to_string()),
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
                    text!("scenario-missing-column", column = *name),
                );
                ok = false;
            }
        }
        ok
    }

    /// Columns outreach does not read: one a letter or two from a known column (`populaton`,
    /// `service_minute`) is an error naming it, since the plan would silently go without it; any
    /// other is the planner's own (remarks, a township) and is only noted.
    pub fn check_columns(&self, known: &[&str], problems: &mut Problems) {
        let mut own: Vec<&str> = Vec::new();
        let mut columns: Vec<(&String, &usize)> = self.header.iter().collect();
        columns.sort_by_key(|(_, &i)| i);
        for (name, _) in columns {
            if name.is_empty() || known.contains(&name.as_str()) {
                continue;
            }
            let nearest = known
                .iter()
                .map(|k| (strsim::damerau_levenshtein(name, k), *k))
                .min();
            let close = |d: usize, k: &str| d <= 2 || (k.len() > 4 && name.contains(k));
            match nearest {
                Some((d, k)) if close(d, k) && !self.has_column(k) => problems.error(
                    &self.file,
                    Some(1),
                    Some(name),
                    text!("scenario-column-misspelt", column = name, meant = k),
                ),
                _ => own.push(name),
            }
        }
        if !own.is_empty() {
            problems.warning(
                &self.file,
                Some(1),
                None,
                text!(
                    "scenario-columns-ignored",
                    columns = own
                        .iter()
                        .map(|c| format!("`{c}`"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    known = known.join(", "),
                ),
            );
        }
    }

    pub fn row<'a>(&'a self, line: u64, record: &'a csv::StringRecord) -> Row<'a> {
        Row {
            table: self,
            line,
            record,
        }
    }
}

/// Lines of byte offsets that only grow, counted from the last one asked (linear in the file).
struct Lines<'t> {
    text: &'t [u8],
    offset: usize,
    line: u64,
}

impl Lines<'_> {
    /// The 1-based line of the record at byte `offset` (where the reader began it, before the blank
    /// lines it skips).
    fn at(&mut self, offset: u64) -> u64 {
        let mut end = (offset as usize).min(self.text.len());
        while self.text.get(end) == Some(&b'\n') {
            end += 1;
        }
        if end < self.offset {
            self.offset = 0;
            self.line = 1;
        }
        self.line += self.text[self.offset..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        self.offset = end;
        self.line
    }
}

/// The column a header names: `population`, also written `人口 population` (the planner's words
/// before the key, as `outreach new` writes its workbook).
pub fn column_key(header: &str) -> String {
    header
        .split_whitespace()
        .last()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// The separator of the header line: commas, or tabs or semicolons where the header has no comma
/// (Excel saves "text (tab-delimited)", and semicolons in locales whose decimal mark is a comma).
fn separator(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    if header.contains(',') {
        b','
    } else if header.contains('\t') {
        b'\t'
    } else if header.contains(';') {
        b';'
    } else {
        b','
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
            self.error(problems, column, text!("scenario-cell-required"));
        }
        v
    }

    pub fn error(&self, problems: &mut Problems, column: &str, message: Text) {
        problems.error(&self.table.file, Some(self.line), Some(column), message);
    }

    pub fn warning(&self, problems: &mut Problems, column: &str, message: Text) {
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
                        text!("scenario-number-range", value = text, min = min, max = max),
                    );
                    default
                }
                _ => {
                    self.error(
                        problems,
                        column,
                        text!("scenario-not-a-number", value = text),
                    );
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

    /// A whole number from 0 to `max` (or `default` when the cell is empty).
    pub fn count(&self, column: &str, default: u32, max: u32, problems: &mut Problems) -> u32 {
        match self.get(column) {
            None => default,
            Some(text) => match text.parse::<u64>() {
                Ok(v) if v <= max as u64 => v as u32,
                Ok(_) => {
                    self.error(
                        problems,
                        column,
                        text!("scenario-count-range", value = text, max = max),
                    );
                    default
                }
                Err(_) => {
                    self.error(
                        problems,
                        column,
                        text!("scenario-not-a-count", value = text),
                    );
                    default
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_names_its_column_in_either_form() {
        assert_eq!(column_key("population"), "population");
        assert_eq!(column_key("人口 population"), "population");
        assert_eq!(
            column_key("  服务分钟  Service_Minutes "),
            "service_minutes"
        );
        assert_eq!(column_key(""), "");
    }

    fn lines(text: &str) -> Vec<u64> {
        let mut p = Problems::default();
        let t = Table::parse("sites.csv", text, &mut p).expect("parses");
        assert!(!p.has_errors(), "{:?}", p.list);
        t.rows.iter().map(|(l, _)| *l).collect()
    }

    #[test]
    fn crlf_and_lf_files_give_the_same_line_numbers() {
        assert_eq!(lines("id,name\n1,a\n2,b\n"), vec![2, 3]);
        assert_eq!(lines("id,name\r\n1,a\r\n2,b\r\n"), vec![2, 3]);
        assert_eq!(lines("\u{feff}id,name\r\n1,a\r\n\r\n2,b\r\n"), vec![2, 4]);
        assert_eq!(lines("id,name\n\n1,a\n\n\n2,b"), vec![3, 6]);
        assert_eq!(lines("id,name\n1,\"two\nlines\"\n2,b\n"), vec![2, 4]);
    }

    #[test]
    fn tab_and_semicolon_files_read_like_comma_files() {
        for text in [
            "id\tname\n1\t张村\n",
            "id;name\n1;张村\n",
            "id,name\n1,张村\n",
        ] {
            let mut p = Problems::default();
            let t = Table::parse("sites.csv", text, &mut p).unwrap();
            assert!(t.has_column("id") && t.has_column("name"), "{text:?}");
            let (line, r) = &t.rows[0];
            assert_eq!(t.row(*line, r).get("name"), Some("张村"));
        }
    }
}
