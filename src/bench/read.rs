//! Readers for the public routing benchmarks (see `README.md` in each family folder of the benchmark
//! set): VRPLIB `.vrp` (CVRP), Solomon `.txt` (VRPTW) and Cordeau's type 1 (PVRP) and type 2 (MDVRP)
//! files, with the best-known value from the family's `bks.csv`.
//!
//! The format is told from the content, not the extension: Cordeau's files have none or `.txt`, like
//! Solomon's. Every error names the file, the line and what was expected there.

use super::instance::{Family, Instance, Rounding};
use std::path::{Path, PathBuf};

mod cordeau;
mod solomon;
mod solution;
mod vrplib;

use cordeau::cordeau;
pub use cordeau::pattern_mask;
use solomon::solomon;
pub use solution::read_solution;
use vrplib::vrplib;

#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{file}: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{file} line {line}: {what}")]
    Parse {
        file: String,
        line: usize,
        what: String,
    },
}

/// Reads one instance file, with its best-known value from `bks.csv` in the file's folder or the
/// folder above (CVRP files sit in `cvrp/A/`, `cvrp/X/`, … with the table in `cvrp/`).
pub fn read(path: &Path) -> Result<Instance, ReadError> {
    let bytes = std::fs::read(path).map_err(io_error(path))?;
    // Lossy: a stray Latin-1 byte in a comment should not make a file unreadable.
    let text = String::from_utf8_lossy(&bytes);
    let mut inst = parse(&text, &path.display().to_string())?;
    inst.bks = bks(path, &inst)?;
    Ok(inst)
}

/// Parses an instance from its text; `file` names it in errors and, for Cordeau's files (which have
/// no name line), gives the instance name (its stem). `bks` is left `None`.
pub fn parse(text: &str, file: &str) -> Result<Instance, ReadError> {
    let src = Source::new(file, text);
    let Some(&(first_no, first)) = src.lines.first() else {
        return Err(src.err(
            1,
            "empty file: expected a VRPLIB, Solomon or Cordeau instance",
        ));
    };
    if src
        .lines
        .iter()
        .any(|&(_, l)| keyword(l) == "NODE_COORD_SECTION")
        || matches!(keyword(first), "NAME" | "COMMENT" | "TYPE" | "DIMENSION")
    {
        vrplib(&src)
    } else if src
        .lines
        .iter()
        .take(4)
        .any(|&(_, l)| l.eq_ignore_ascii_case("VEHICLE"))
    {
        solomon(&src)
    } else if first.split_whitespace().all(|t| t.parse::<i64>().is_ok()) {
        cordeau(&src, stem(file))
    } else {
        Err(src.err(
            first_no,
            format!(
                "unknown format: expected a VRPLIB header (`NAME : ...`), a Solomon file (name, \
                 `VEHICLE`, `CUSTOMER`) or a Cordeau header `type m n t`, found `{first}`"
            ),
        ))
    }
}

/// A file → itself; a folder → every instance file in it and its subfolders, sorted by path
/// (solutions, tables, READMEs and `solutions/` folders skipped).
pub fn instances_in(path: &Path) -> Result<Vec<PathBuf>, ReadError> {
    if !std::fs::metadata(path).map_err(io_error(path))?.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut out = Vec::new();
    walk(path, &mut out)?;
    out.sort();
    Ok(out)
}

/// Extensions of files that sit next to instances but are not instances (`.minveh.sol` included).
const NOT_INSTANCES: [&str; 4] = [".sol", ".res", ".md", ".csv"];

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), ReadError> {
    for entry in std::fs::read_dir(dir).map_err(io_error(dir))? {
        let path = entry.map_err(io_error(dir))?.path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            if name != "solutions" {
                walk(&path, out)?;
            }
        } else if !NOT_INSTANCES.iter().any(|ext| name.ends_with(ext)) {
            out.push(path);
        }
    }
    Ok(())
}

fn io_error(path: &Path) -> impl Fn(std::io::Error) -> ReadError + '_ {
    move |source| ReadError::Io {
        file: path.display().to_string(),
        source,
    }
}

/// The non-blank lines of a file, trimmed (which also drops CR and trailing tabs), with their
/// 1-based numbers.
struct Source<'a> {
    file: &'a str,
    lines: Vec<(usize, &'a str)>,
    /// The number of the last line, for errors about something missing.
    last: usize,
}

type Line<'a> = (usize, &'a str);

impl<'a> Source<'a> {
    fn new(file: &'a str, text: &'a str) -> Self {
        let lines: Vec<_> = text
            .lines()
            .enumerate()
            .map(|(i, l)| (i + 1, l.trim()))
            .filter(|(_, l)| !l.is_empty())
            .collect();
        Source {
            file,
            lines,
            last: text.lines().count().max(1),
        }
    }

    fn err(&self, line: usize, what: impl Into<String>) -> ReadError {
        ReadError::Parse {
            file: self.file.to_string(),
            line,
            what: what.into(),
        }
    }

    /// Something expected is missing at the end of the file.
    fn missing(&self, what: impl std::fmt::Display) -> ReadError {
        self.err(self.last, format!("end of file: expected {what}"))
    }

    /// The numbers on a line whose fields are named by `shape`: exactly that many if `exact`, else
    /// at least. Non-numbers, NaN and infinities are errors.
    fn numbers(
        &self,
        (no, text): Line,
        what: &str,
        shape: &str,
        exact: bool,
    ) -> Result<Vec<f64>, ReadError> {
        let want = shape.split_whitespace().count();
        let values: Option<Vec<f64>> = text
            .split_whitespace()
            .map(|t| t.parse::<f64>().ok().filter(|v| v.is_finite()))
            .collect();
        match values {
            Some(v) if v.len() == want || (!exact && v.len() > want) => Ok(v),
            _ => Err(self.err(no, format!("{what}: expected `{shape}`, found `{text}`"))),
        }
    }

    /// A whole number ≥ `min` from a field already read by `numbers`.
    fn whole(&self, no: usize, what: &str, v: f64, min: usize) -> Result<usize, ReadError> {
        if v.fract() == 0.0 && v >= min as f64 && v <= u32::MAX as f64 {
            Ok(v as usize)
        } else {
            Err(self.err(
                no,
                format!("{what}: expected a whole number ≥ {min}, found {v}"),
            ))
        }
    }

    /// A value ≥ 0 (demands, service durations), or > 0 when `positive` (capacities).
    fn amount(&self, no: usize, what: &str, v: f64, positive: bool) -> Result<f64, ReadError> {
        if v > 0.0 || (v == 0.0 && !positive) {
            Ok(v)
        } else {
            let bound = if positive { "> 0" } else { "≥ 0" };
            Err(self.err(no, format!("{what}: expected a number {bound}, found {v}")))
        }
    }
}

/// The leading keyword of a VRPLIB line (`NAME : x`, `NAME: x`, `NODE_COORD_SECTION\t`).
fn keyword(line: &str) -> &str {
    line.split(|c: char| c == ':' || c.is_whitespace())
        .next()
        .unwrap_or("")
}

/// One node as the readers collect it, before it is split into the instance's columns.
struct Node {
    x: f64,
    y: f64,
    demand: f64,
    service: f64,
    ready: f64,
    due: f64,
    patterns: Vec<u32>,
}

impl Node {
    /// A node without time window, service or patterns.
    fn plain(x: f64, y: f64, demand: f64) -> Self {
        Node {
            x,
            y,
            demand,
            service: 0.0,
            ready: 0.0,
            due: f64::INFINITY,
            patterns: Vec::new(),
        }
    }
}

/// The parts of an instance that are not per node.
struct Head {
    name: String,
    family: Family,
    rounding: Rounding,
    depots: usize,
    capacity: f64,
    max_duration: Option<f64>,
    vehicles: Option<usize>,
    days: usize,
}

fn assemble(head: Head, nodes: Vec<Node>) -> Instance {
    Instance {
        name: head.name,
        family: head.family,
        rounding: head.rounding,
        depots: head.depots,
        x: nodes.iter().map(|n| n.x).collect(),
        y: nodes.iter().map(|n| n.y).collect(),
        demand: nodes.iter().map(|n| n.demand).collect(),
        service: nodes.iter().map(|n| n.service).collect(),
        ready: nodes.iter().map(|n| n.ready).collect(),
        due: nodes.iter().map(|n| n.due).collect(),
        capacity: head.capacity,
        max_duration: head.max_duration,
        vehicles: head.vehicles,
        days: head.days,
        patterns: nodes.into_iter().map(|n| n.patterns).collect(),
        bks: None,
    }
}

fn stem(file: &str) -> String {
    Path::new(file)
        .file_stem()
        .map_or_else(|| file.to_string(), |s| s.to_string_lossy().into_owned())
}

/// The best-known value of `inst` from `bks.csv` next to the file or one folder up, in the family's
/// column (`dimacs_bks` for Solomon, whose `bks`-like columns use other conventions).
fn bks(path: &Path, inst: &Instance) -> Result<Option<f64>, ReadError> {
    let column = match inst.family {
        Family::Vrptw => "dimacs_bks",
        Family::Cvrp | Family::Pvrp | Family::Mdvrp => "bks",
    };
    let here = path.parent();
    let tables = [here, here.and_then(Path::parent)]
        .into_iter()
        .flatten()
        .map(|dir| dir.join("bks.csv"));
    for table in tables {
        if table.is_file() {
            if let Some(value) = lookup(&table, &inst.name, column)? {
                return Ok(Some(value));
            }
        }
    }
    Ok(None)
}

/// The value in `column` of the row whose `instance` is `name`, if there is one and it is not empty.
fn lookup(table: &Path, name: &str, column: &str) -> Result<Option<f64>, ReadError> {
    let bytes = std::fs::read(table).map_err(io_error(table))?;
    let file = table.display().to_string();
    let error = |line: u64, what: String| ReadError::Parse {
        file: file.clone(),
        line: line as usize,
        what,
    };
    let csv_error = |e: csv::Error| error(e.position().map_or(1, |p| p.line()), e.to_string());
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let headers = reader.headers().map_err(csv_error)?.clone();
    let find = |title: &str| headers.iter().position(|h| h.trim() == title);
    let (Some(at_name), Some(at_value)) = (find("instance"), find(column)) else {
        return Err(error(
            1,
            format!("expected the columns `instance` and `{column}`"),
        ));
    };
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        if record.get(at_name).map(str::trim) != Some(name) {
            continue;
        }
        let line = record.position().map_or(0, |p| p.line());
        let text = record.get(at_value).unwrap_or("").trim();
        if text.is_empty() {
            return Ok(None);
        }
        return match text.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(Some(v)),
            _ => Err(error(
                line,
                format!("{column}: expected a number, found `{text}`"),
            )),
        };
    }
    Ok(None)
}

/// The benchmark set for tests: `OUTREACH_BENCHMARKS`, else `benchmarks/` in the crate (a folder or link the user provides; git ignores it);
/// `None` (with a message) where it is absent, since these public files are not in the repository.
#[cfg(test)]
pub(crate) fn benchmarks_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("OUTREACH_BENCHMARKS").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("benchmarks"),
        PathBuf::from,
    );
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "benchmarks not found at {} (set OUTREACH_BENCHMARKS): skipped",
            dir.display()
        );
        None
    }
}

/// The rows of a `bks.csv` as maps from column title to value, for tests.
#[cfg(test)]
pub(crate) fn table(path: &Path) -> Vec<std::collections::HashMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).expect("bks.csv opens");
    let headers = reader.headers().expect("bks.csv has a header").clone();
    reader
        .records()
        .map(|r| {
            let r = r.expect("bks.csv row");
            headers
                .iter()
                .map(String::from)
                .zip(r.iter().map(String::from))
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests;
