//! Readers for the public routing benchmarks (see `README.md` in each family folder of the benchmark
//! set): VRPLIB `.vrp` (CVRP), Solomon `.txt` (VRPTW) and Cordeau's type 1 (PVRP) and type 2 (MDVRP)
//! files, with the best-known value from the family's `bks.csv`.
//!
//! The format is told from the content, not the extension: Cordeau's files have none or `.txt`, like
//! Solomon's. Every error names the file, the line and what was expected there.

use super::instance::{Family, Instance, Rounding};
use std::path::{Path, PathBuf};

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

#[derive(Clone, Copy, PartialEq)]
enum Section {
    Coords,
    Demands,
    Depots,
}

impl Section {
    fn keyword(self) -> &'static str {
        match self {
            Section::Coords => "NODE_COORD_SECTION",
            Section::Demands => "DEMAND_SECTION",
            Section::Depots => "DEPOT_SECTION",
        }
    }
}

/// VRPLIB / TSPLIB CVRP (`cvrp/README.md`).
fn vrplib(src: &Source) -> Result<Instance, ReadError> {
    let mut name = None;
    let mut dimension = None;
    let mut capacity = None;
    let mut euc_2d = false;
    // Rows as (line, id, values), checked against DIMENSION once the whole file is read, since
    // nothing in VRPLIB says the header comes first.
    let mut coords: Vec<(usize, usize, f64, f64)> = Vec::new();
    let mut demands: Vec<(usize, usize, f64)> = Vec::new();
    let mut depots: Vec<(usize, usize)> = Vec::new();
    let mut started: [Option<usize>; 3] = [None; 3];
    let mut section = None;
    for &(no, text) in &src.lines {
        let key = keyword(text);
        let is_key = !key.is_empty() && key.chars().all(|c| c.is_ascii_uppercase() || c == '_');
        if let (Some(s), false) = (section, is_key) {
            match s {
                Section::Coords => {
                    let v = src.numbers((no, text), s.keyword(), "id x y", true)?;
                    coords.push((no, src.whole(no, s.keyword(), v[0], 1)?, v[1], v[2]));
                }
                Section::Demands => {
                    let v = src.numbers((no, text), s.keyword(), "id demand", true)?;
                    let id = src.whole(no, s.keyword(), v[0], 1)?;
                    demands.push((
                        no,
                        id,
                        src.amount(no, "DEMAND_SECTION: demand", v[1], false)?,
                    ));
                }
                Section::Depots => {
                    let v = src.numbers((no, text), s.keyword(), "id", true)?;
                    if v[0] == -1.0 {
                        section = None;
                    } else {
                        depots.push((no, src.whole(no, s.keyword(), v[0], 1)?));
                    }
                }
            }
            continue;
        }
        section = None;
        let value = text[key.len()..].trim_start();
        let value = value.strip_prefix(':').unwrap_or(value).trim();
        let number = |what: &str| {
            value
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| src.err(no, format!("{what}: expected a number, found `{value}`")))
        };
        match key {
            "NAME" => name = Some(value.to_string()),
            "COMMENT" => {}
            "TYPE" if value == "CVRP" => {}
            "TYPE" => return Err(src.err(no, format!("TYPE: expected CVRP, found `{value}`"))),
            "DIMENSION" => dimension = Some(src.whole(no, "DIMENSION", number("DIMENSION")?, 1)?),
            "CAPACITY" => capacity = Some(src.amount(no, "CAPACITY", number("CAPACITY")?, true)?),
            "EDGE_WEIGHT_TYPE" if value == "EUC_2D" => euc_2d = true,
            "EDGE_WEIGHT_TYPE" => {
                return Err(src.err(
                    no,
                    format!("EDGE_WEIGHT_TYPE: expected EUC_2D, found `{value}`"),
                ))
            }
            "NODE_COORD_SECTION" | "DEMAND_SECTION" | "DEPOT_SECTION" => {
                let s = match key {
                    "NODE_COORD_SECTION" => Section::Coords,
                    "DEMAND_SECTION" => Section::Demands,
                    _ => Section::Depots,
                };
                if started[s as usize].replace(no).is_some() {
                    return Err(src.err(no, format!("{key} appears twice")));
                }
                section = Some(s);
            }
            "EOF" => break,
            // Anything else (DISTANCE, SERVICE_TIME, TIME_WINDOW_SECTION, ...) would change the
            // problem: refuse rather than silently read another problem as a CVRP.
            _ => {
                return Err(src.err(
                    no,
                    format!("unsupported line `{text}`: expected a CVRP keyword or section"),
                ))
            }
        }
    }

    let dimension = dimension.ok_or_else(|| src.missing("DIMENSION"))?;
    let capacity = capacity.ok_or_else(|| src.missing("CAPACITY"))?;
    if !euc_2d {
        return Err(src.missing("EDGE_WEIGHT_TYPE : EUC_2D"));
    }
    for s in [Section::Coords, Section::Demands, Section::Depots] {
        if started[s as usize].is_none() {
            return Err(src.missing(s.keyword()));
        }
    }
    // Places each row by its id, once each, all of 1..=DIMENSION. A map, not a vector of DIMENSION
    // slots, so that a huge DIMENSION in a broken file costs nothing.
    let place = |s: Section, rows: Vec<(usize, usize)>| -> Result<Vec<usize>, ReadError> {
        let mut at = std::collections::HashMap::new();
        for (i, &(no, id)) in rows.iter().enumerate() {
            if id > dimension {
                return Err(src.err(
                    no,
                    format!("{}: node {id} > DIMENSION {dimension}", s.keyword()),
                ));
            }
            if at.insert(id, i).is_some() {
                return Err(src.err(no, format!("{}: node {id} listed twice", s.keyword())));
            }
        }
        match (1..=dimension).find(|id| !at.contains_key(id)) {
            Some(id) => Err(src.err(
                started[s as usize].unwrap_or(src.last),
                format!(
                    "{}: no line for node {id} (DIMENSION {dimension})",
                    s.keyword()
                ),
            )),
            None => Ok((0..=dimension)
                .map(|id| at.get(&id).copied().unwrap_or(0))
                .collect()),
        }
    };
    let coord_at = place(Section::Coords, coords.iter().map(|c| (c.0, c.1)).collect())?;
    let demand_at = place(
        Section::Demands,
        demands.iter().map(|d| (d.0, d.1)).collect(),
    )?;
    let depot = match depots[..] {
        [(no, id)] if id > dimension => {
            return Err(src.err(
                no,
                format!("DEPOT_SECTION: node {id} > DIMENSION {dimension}"),
            ))
        }
        [(no, id)] if demands[demand_at[id]].2 != 0.0 => {
            return Err(src.err(no, format!("DEPOT_SECTION: depot {id} has a demand")))
        }
        [(_, id)] => id,
        _ => {
            return Err(src.err(
                started[Section::Depots as usize].unwrap_or(src.last),
                format!("DEPOT_SECTION: expected one depot, found {}", depots.len()),
            ))
        }
    };
    // The depot becomes node 0, the others keep their order: CVRPLIB solutions number customers
    // 1.. in file order without the depot, which is then our node index.
    let order = std::iter::once(depot).chain((1..=dimension).filter(|&id| id != depot));
    let nodes = order
        .map(|id| {
            let (_, _, x, y) = coords[coord_at[id]];
            Node::plain(x, y, demands[demand_at[id]].2)
        })
        .collect();
    let head = Head {
        name: name.unwrap_or_else(|| stem(src.file)),
        family: Family::Cvrp,
        rounding: Rounding::Nint,
        depots: 1,
        capacity,
        max_duration: None,
        vehicles: None,
        days: 1,
    };
    Ok(assemble(head, nodes))
}

fn stem(file: &str) -> String {
    Path::new(file)
        .file_stem()
        .map_or_else(|| file.to_string(), |s| s.to_string_lossy().into_owned())
}

/// Solomon VRPTW (`vrptw-solomon/README.md`): name, `VEHICLE`, `NUMBER CAPACITY`, the two numbers,
/// `CUSTOMER`, the column titles, then one row per node from customer 0 = the depot.
fn solomon(src: &Source) -> Result<Instance, ReadError> {
    let mut lines = src.lines.iter().copied();
    let mut next = |what: &str| lines.next().ok_or_else(|| src.missing(what));
    let (_, name) = next("the instance name")?;
    for (title, what) in [("VEHICLE", "`VEHICLE`"), ("NUMBER", "`NUMBER CAPACITY`")] {
        let (no, text) = next(what)?;
        if !text.to_ascii_uppercase().starts_with(title) {
            return Err(src.err(no, format!("expected {what}, found `{text}`")));
        }
    }
    let line = next("`number capacity`")?;
    let v = src.numbers(line, "VEHICLE", "number capacity", true)?;
    let vehicles = src.whole(line.0, "VEHICLE: number", v[0], 1)?;
    let capacity = src.amount(line.0, "VEHICLE: capacity", v[1], true)?;
    for (title, what) in [
        ("CUSTOMER", "`CUSTOMER`"),
        ("CUST", "the column titles `CUST NO. XCOORD. ...`"),
    ] {
        let (no, text) = next(what)?;
        if !text.to_ascii_uppercase().starts_with(title) {
            return Err(src.err(no, format!("expected {what}, found `{text}`")));
        }
    }
    let shape = "id x y demand ready due service";
    let mut nodes = Vec::new();
    for line @ (no, _) in lines {
        let v = src.numbers(line, "CUSTOMER", shape, true)?;
        // Our node index is the Solomon customer number, which solutions use.
        let id = src.whole(no, "CUSTOMER: id", v[0], 0)?;
        if id != nodes.len() {
            return Err(src.err(
                no,
                format!("CUSTOMER: expected customer {}, found {id}", nodes.len()),
            ));
        }
        let demand = src.amount(no, "CUSTOMER: demand", v[3], false)?;
        if id == 0 && demand != 0.0 {
            return Err(src.err(no, "CUSTOMER: the depot (customer 0) has a demand"));
        }
        if v[5] < v[4] {
            return Err(src.err(
                no,
                format!("CUSTOMER: due date {} before ready time {}", v[5], v[4]),
            ));
        }
        nodes.push(Node {
            x: v[1],
            y: v[2],
            demand,
            service: src.amount(no, "CUSTOMER: service time", v[6], false)?,
            ready: v[4],
            due: v[5],
            patterns: Vec::new(),
        });
    }
    if nodes.is_empty() {
        return Err(src.missing(format!("the depot row `{shape}`")));
    }
    let head = Head {
        name: name.to_string(),
        family: Family::Vrptw,
        rounding: Rounding::TruncTenth,
        depots: 1,
        capacity,
        max_duration: None,
        vehicles: Some(vehicles),
        days: 1,
    };
    Ok(assemble(head, nodes))
}

/// Cordeau's type 1 (PVRP, `pvrp/README.md`) and type 2 (MDVRP, `mdvrp/README.md`).
fn cordeau(src: &Source, name: String) -> Result<Instance, ReadError> {
    let mut lines = src.lines.iter().copied();
    let header = lines.next().ok_or_else(|| src.missing("`type m n t`"))?;
    let no = header.0;
    let v = src.numbers(header, "header", "type m n t", false)?;
    let family = if v[0] == 1.0 {
        Family::Pvrp
    } else if v[0] == 2.0 {
        Family::Mdvrp
    } else {
        let t = v[0];
        return Err(src.err(
            no,
            format!("Cordeau type {t} is not supported (1 = PVRP, 2 = MDVRP)"),
        ));
    };
    let v = src.numbers(header, "header", "type m n t", true)?;
    let vehicles = src.whole(no, "header: m (vehicles)", v[1], 1)?;
    let n = src.whole(no, "header: n (customers)", v[2], 0)?;
    let t = src.whole(no, "header: t (days or depots)", v[3], 1)?;
    if family == Family::Pvrp && t > 32 {
        return Err(src.err(
            no,
            format!("header: t = {t} days, at most 32 are supported"),
        ));
    }

    // One `D Q` line per day (PVRP) or depot (MDVRP); the instance has one limit of each.
    let mut limits: Option<(f64, f64)> = None;
    for k in 1..=t {
        let line = lines
            .next()
            .ok_or_else(|| src.missing(format!("`D Q` line {k} of {t}")))?;
        let v = src.numbers(line, "limits", "D Q", true)?;
        let d = src.amount(line.0, "limits: D", v[0], false)?;
        let q = src.amount(line.0, "limits: Q", v[1], true)?;
        match limits {
            Some(first) if first != (d, q) => {
                return Err(src.err(
                    line.0,
                    format!(
                        "limits: `{d} {q}` differs from the first line's `{} {}`",
                        first.0, first.1
                    ),
                ))
            }
            _ => limits = Some((d, q)),
        }
    }
    let (duration, capacity) = limits.unwrap_or_default();

    let mut nodes = Vec::new();
    let (depots, days) = match family {
        Family::Pvrp => {
            // The depot is node 0 in the file already.
            for id in 0..=n {
                let what = format!("node {id} of 0..{n} `i x y d q f a patterns`");
                let line = lines.next().ok_or_else(|| src.missing(&what))?;
                let v = src.numbers(line, "node", "i x y d q f a", false)?;
                nodes.push(pvrp_node(src, line, &v, id, t)?);
            }
            (1, t)
        }
        _ => {
            // Customers 1..n come first in the file, then the depots n+1..n+t: depots become nodes
            // 0..t, customers follow.
            let mut customers = Vec::new();
            for id in 1..=n + t {
                let what = format!("node {id} of 1..{} `i x y d q ...`", n + t);
                let line @ (no, _) = lines.next().ok_or_else(|| src.missing(&what))?;
                let v = src.numbers(
                    line,
                    "node",
                    if id <= n { "i x y d q" } else { "i x y" },
                    false,
                )?;
                if v[0] != id as f64 {
                    return Err(src.err(no, format!("node: expected node {id}, found {}", v[0])));
                }
                if id <= n {
                    let mut node =
                        Node::plain(v[1], v[2], src.amount(no, "node: q (demand)", v[4], false)?);
                    node.service = src.amount(no, "node: d (service)", v[3], false)?;
                    customers.push(node);
                } else {
                    nodes.push(Node::plain(v[1], v[2], 0.0));
                }
            }
            nodes.extend(customers);
            (t, 1)
        }
    };
    if let Some((no, text)) = lines.next() {
        return Err(src.err(
            no,
            format!(
                "expected the end of the file after the {} nodes of the header, found `{text}`",
                nodes.len()
            ),
        ));
    }
    let head = Head {
        name,
        family,
        rounding: Rounding::Real,
        depots,
        capacity,
        max_duration: (duration > 0.0).then_some(duration),
        vehicles: Some(vehicles),
        days,
    };
    Ok(assemble(head, nodes))
}

/// One PVRP node line `i x y d q f a p1 .. pa`. The frequency `f` is not checked against the
/// patterns: the patterns define the visits, and p11's customer 131 says f = 0 with one-day patterns.
fn pvrp_node(
    src: &Source,
    (no, text): Line,
    v: &[f64],
    id: usize,
    days: usize,
) -> Result<Node, ReadError> {
    if v[0] != id as f64 {
        return Err(src.err(no, format!("node: expected node {id}, found {}", v[0])));
    }
    let count = src.whole(no, "node: a (number of patterns)", v[6], 0)?;
    if v.len() != 7 + count {
        return Err(src.err(
            no,
            format!("node: expected `i x y d q f a` and a = {count} patterns, found `{text}`"),
        ));
    }
    let mut node = Node::plain(v[1], v[2], src.amount(no, "node: q (demand)", v[4], false)?);
    node.service = src.amount(no, "node: d (service)", v[3], false)?;
    if id == 0 {
        if node.demand != 0.0 || node.service != 0.0 {
            return Err(src.err(
                no,
                "node: the depot (node 0) has a demand or service duration",
            ));
        }
        return Ok(node);
    }
    let top = (1u64 << days) - 1;
    for &p in &v[7..] {
        match src.whole(no, "node: pattern", p, 1)? as u64 {
            p if p <= top => node.patterns.push(pattern_mask(p as u32, days)),
            p => {
                return Err(src.err(
                    no,
                    format!("node: pattern {p} does not fit in t = {days} days (at most {top})"),
                ))
            }
        }
    }
    Ok(node)
}

/// Cordeau's pattern value is a t-bit string read left to right as days 1..t (t = 5: 10 = 01010 =
/// days 2 and 4), so day 1 is the most significant bit; ours has day 1 in bit 0.
/// Days beyond 32 do not fit a mask and are dropped.
pub fn pattern_mask(value: u32, days: usize) -> u32 {
    let bit = |v: u32, at: usize| {
        u32::try_from(at)
            .ok()
            .and_then(|at| v.checked_shr(at))
            .unwrap_or(0)
            & 1
    };
    (0..days.min(32))
        .filter(|&d| bit(value, days - 1 - d) == 1)
        .fold(0, |mask, d| mask | 1 << d)
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
mod tests {
    use super::*;

    const VRP: &str = "NAME : tiny\r\nCOMMENT : test\r\nTYPE : CVRP\r\nDIMENSION : 4\r\n\
        EDGE_WEIGHT_TYPE : EUC_2D \r\nCAPACITY: 10\r\nNODE_COORD_SECTION\t\r\n1\t0\t0\r\n\
        2\t3\t4\r\n3 6 8\r\n 4 0 5 \r\nDEMAND_SECTION\r\n1 3\r\n2 0\r\n3 4\r\n4 5\r\n\
        DEPOT_SECTION\r\n 2\r\n -1\r\nEOF\r\n";

    const SOLOMON: &str = "T1\r\n\r\nVEHICLE\r\nNUMBER     CAPACITY\r\n  2         20\r\n\r\n\
        CUSTOMER\r\nCUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME\r\n \r\n\
        0 0 0 0 0 100 0\r\n1 3 4 5 10 20 2\r\n2 6 8 5 0 50 2\r\n";

    const PVRP: &str = "1 2 3 5\n0 50\n0 50\n0 50\n0 50\n0 50\n 0 0 0 0 0 0 0\n\
        1 1 1 2 5 2 2 10 20\n2 2 2 0 5 1 1 24\n3 3 3 0 5 3 1 22\n\n";

    const MDVRP: &str = "2 3 3 2\n100 40\n100 40\n1 1 0 5 7 1 3 1 2 4\n2 2 0 0 8 1 3 1 2 4\n\
        3 3 0 0 9 1 3 1 2 4\n4 10 10 0 0 0 0\n5 20 20 0 0 0 0\n";

    fn parse_err(text: &str) -> (usize, String) {
        match parse(text, "t.vrp") {
            Err(ReadError::Parse { line, what, .. }) => (line, what),
            other => panic!("expected a parse error, got {other:?}"),
        }
    }

    #[test]
    fn vrplib_moves_the_depot_to_node_0() {
        let inst = parse(VRP, "tiny.vrp").expect("reads");
        assert_eq!(inst.name, "tiny");
        assert_eq!(
            (inst.family, inst.rounding, inst.depots),
            (Family::Cvrp, Rounding::Nint, 1)
        );
        // File order 1 2 3 4 with depot 2 → 2 1 3 4.
        assert_eq!(inst.x, vec![3.0, 0.0, 6.0, 0.0]);
        assert_eq!(inst.demand, vec![0.0, 3.0, 4.0, 5.0]);
        assert_eq!((inst.capacity, inst.vehicles, inst.days), (10.0, None, 1));
        assert_eq!(inst.dist(0, 1), 5.0);
        assert!(inst.due.iter().all(|d| d.is_infinite()));
        assert!(inst.patterns.iter().all(Vec::is_empty));
    }

    #[test]
    fn solomon_reads_windows_and_vehicles() {
        let inst = parse(SOLOMON, "T1.txt").expect("reads");
        assert_eq!(
            (inst.name.as_str(), inst.family, inst.vehicles),
            ("T1", Family::Vrptw, Some(2))
        );
        assert_eq!(inst.rounding, Rounding::TruncTenth);
        assert_eq!(
            (inst.ready[1], inst.due[1], inst.service[1]),
            (10.0, 20.0, 2.0)
        );
        assert_eq!(inst.due[0], 100.0);
        assert_eq!(inst.capacity, 20.0);
    }

    #[test]
    fn pattern_decoding_reads_day_1_as_the_leftmost_bit() {
        // The brief's example: t = 5, 10 = 01010 = days 2 and 4 = bits 1 and 3.
        assert_eq!(pattern_mask(10, 5), 0b01010);
        // 10 is a palindrome in 5 bits, so also an asymmetric one: 24 = 11000 = days 1, 2.
        assert_eq!(pattern_mask(24, 5), 0b00011);
        assert_eq!(pattern_mask(1, 5), 0b10000);
        // p01's customer 51: t = 2, 2 = "10" = day 1 only.
        assert_eq!(pattern_mask(2, 2), 0b01);
        let inst = parse(PVRP, "dir/pv").expect("reads");
        assert_eq!(
            (inst.name.as_str(), inst.family, inst.days),
            ("pv", Family::Pvrp, 5)
        );
        assert_eq!(inst.patterns[1], vec![0b01010, pattern_mask(20, 5)]);
        assert_eq!(inst.patterns[1][1], 0b00101);
        assert_eq!(inst.patterns[2], vec![0b00011]);
        assert_eq!(inst.patterns[3], vec![0b01101]); // 22 = 10110 = days 1, 3, 4
        assert_eq!(
            (inst.service[1], inst.max_duration, inst.vehicles),
            (2.0, None, Some(2))
        );
    }

    #[test]
    fn mdvrp_depots_become_the_first_nodes() {
        let inst = parse(MDVRP, "md.txt").expect("reads");
        assert_eq!((inst.family, inst.depots, inst.days), (Family::Mdvrp, 2, 1));
        assert_eq!(inst.x, vec![10.0, 20.0, 1.0, 2.0, 3.0]);
        assert_eq!(inst.demand, vec![0.0, 0.0, 7.0, 8.0, 9.0]);
        assert_eq!(inst.service[2], 5.0);
        assert_eq!(
            (inst.capacity, inst.max_duration, inst.vehicles),
            (40.0, Some(100.0), Some(3))
        );
        assert!(inst.patterns.iter().all(Vec::is_empty));
        assert_eq!(inst.customers(), 2..5);
    }

    #[test]
    fn malformed_files_name_the_line_and_field() {
        let bad = VRP.replace("3 4\r\n", "3 x\r\n");
        let (line, what) = parse_err(&bad);
        assert_eq!(line, 15);
        assert!(
            what.starts_with("DEMAND_SECTION: expected `id demand`"),
            "{what}"
        );
        let shown = parse(&bad, "X-n101-k25.vrp")
            .map(|_| ())
            .unwrap_err()
            .to_string();
        assert!(
            shown.starts_with("X-n101-k25.vrp line 15: DEMAND_SECTION: expected `id demand`"),
            "{shown}"
        );

        let (line, what) = parse_err(&VRP.replace("3\t4", "nan\t4"));
        assert_eq!(line, 9);
        assert!(what.contains("NODE_COORD_SECTION"), "{what}");
        let (line, what) = parse_err(&VRP.replace("DEPOT_SECTION\r\n 2", "DEPOT_SECTION\r\n 9"));
        assert_eq!(line, 18);
        assert!(what.contains("node 9 > DIMENSION 4"), "{what}");
        let (_, what) = parse_err(&VRP.replace("4 5\r\n", ""));
        assert!(
            what.contains("DEMAND_SECTION: no line for node 4"),
            "{what}"
        );
        let (_, what) = parse_err(&VRP.replace("CAPACITY: 10\r\n", ""));
        assert!(what.contains("expected CAPACITY"), "{what}");
        let (line, what) = parse_err(&VRP.replace("EUC_2D", "GEO"));
        assert_eq!(line, 5);
        assert!(what.contains("expected EUC_2D"), "{what}");

        let (line, what) = parse_err(&SOLOMON.replace("2 6 8 5 0 50 2", "2 6 8 5 0 50"));
        assert_eq!(line, 12);
        assert!(
            what.contains("expected `id x y demand ready due service`"),
            "{what}"
        );
        let (line, what) = parse_err(&SOLOMON.replace("1 3 4 5", "3 3 4 5"));
        assert_eq!(line, 11);
        assert!(what.contains("expected customer 1, found 3"), "{what}");

        let (line, what) = parse_err(&PVRP.replace("2 2 2 0 5 1 1 24", "2 2 2 0 5 1 2 24"));
        assert_eq!(line, 9);
        assert!(what.contains("a = 2 patterns"), "{what}");
        let (line, what) = parse_err(&PVRP.replace(" 24\n", " 32\n"));
        assert_eq!(line, 9);
        assert!(what.contains("pattern 32 does not fit"), "{what}");
        let (line, what) =
            parse_err(&PVRP.replacen("0 50\n0 50\n0 50\n0 50", "0 50\n0 50\n0 50\n0 60", 1));
        assert_eq!(line, 5);
        assert!(what.contains("differs"), "{what}");
        let (line, what) = parse_err("8 1 2 2 2\n");
        assert_eq!(line, 1);
        assert!(what.contains("type 8 is not supported"), "{what}");
        let (_, what) = parse_err(&MDVRP[..MDVRP.len() - 16]);
        assert!(what.contains("end of file: expected node 5"), "{what}");
        let (line, what) = parse_err("");
        assert_eq!(line, 1);
        assert!(what.contains("empty file"), "{what}");
        let (line, what) = parse_err("hello world\n");
        assert_eq!(line, 1);
        assert!(what.contains("unknown format"), "{what}");
    }

    /// Every prefix of every sample is either an instance or an error, never a panic.
    #[test]
    fn truncated_files_never_panic() {
        for text in [VRP, SOLOMON, PVRP, MDVRP] {
            for end in 0..text.len() {
                let _ = parse(&text[..end], "t");
            }
        }
        for junk in [
            "NAME: x\nDIMENSION: 99999999999\n",
            "1 1 1 40\n",
            "2 1 0 1\n0 0\n1 0 0 0 0 0 0\n",
        ] {
            let _ = parse(junk, "t");
        }
    }

    #[test]
    fn every_benchmark_file_reads_with_its_bks() {
        let Some(root) = benchmarks_dir() else { return };
        let files = instances_in(&root).expect("lists the benchmarks");
        let mut counts = std::collections::BTreeMap::new();
        for path in &files {
            let shown = path.display().to_string();
            if shown.contains("/mdpvrp/") {
                // Type 8 (multi-depot periodic) has no Family: a clear error, not a misreading.
                let err = read(path).map(|_| ()).unwrap_err().to_string();
                assert!(err.contains("type 8 is not supported"), "{err}");
                continue;
            }
            let inst = read(path).unwrap_or_else(|e| panic!("{e}"));
            assert!(inst.bks.is_some(), "{shown}: no BKS");
            assert_eq!(inst.nodes(), inst.patterns.len());
            *counts.entry(format!("{:?}", inst.family)).or_insert(0) += 1;
        }
        let expected = [("Cvrp", 48), ("Mdvrp", 17), ("Pvrp", 21), ("Vrptw", 29)];
        let expected: std::collections::BTreeMap<_, _> =
            expected.iter().map(|&(f, n)| (f.to_string(), n)).collect();
        assert_eq!(counts, expected);
        assert!(files.windows(2).all(|w| w[0] < w[1]));
        assert!(files
            .iter()
            .all(|p| !p.display().to_string().contains("solutions")));

        // Each family's table agrees with what the reader found.
        for (family, column, path_of) in [
            ("cvrp", "bks", "cvrp/{set}/{name}.vrp"),
            ("vrptw-solomon", "dimacs_bks", "vrptw-solomon/{name}.txt"),
            ("pvrp", "bks", "pvrp/{name}"),
            ("mdvrp", "bks", "mdvrp/{name}.txt"),
        ] {
            for row in table(&root.join(family).join("bks.csv")) {
                let rel = path_of
                    .replace("{set}", row.get("set").map_or("", String::as_str))
                    .replace("{name}", &row["instance"]);
                let inst = read(&root.join(&rel)).unwrap_or_else(|e| panic!("{e}"));
                assert_eq!(inst.name, row["instance"]);
                let want: f64 = row[column].parse().expect("a number");
                assert_eq!(inst.bks, Some(want), "{rel}");
                let count = |c: &str| row.get(c).and_then(|c| c.parse::<usize>().ok());
                if let Some(n) = count("customers") {
                    assert_eq!(inst.customers().len(), n, "{rel}");
                }
                if let Some(n) = count("dimension") {
                    assert_eq!(inst.nodes(), n, "{rel}");
                }
            }
        }
        let p01 = read(&root.join("pvrp/p01")).expect("reads");
        assert_eq!(
            (p01.x[51], p01.y[51], p01.patterns[51].clone()),
            (30.0, 40.0, vec![0b01])
        );
    }

    #[test]
    fn instances_in_a_file_is_the_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("a.vrp");
        std::fs::write(&file, VRP).expect("writes");
        std::fs::write(dir.path().join("a.sol"), "Route #1: 1\n").expect("writes");
        std::fs::create_dir(dir.path().join("solutions")).expect("mkdir");
        std::fs::write(dir.path().join("solutions/b"), "x").expect("writes");
        assert_eq!(instances_in(&file).expect("lists"), vec![file.clone()]);
        assert_eq!(instances_in(dir.path()).expect("lists"), vec![file.clone()]);
        // No table next to it: no BKS, no error.
        assert_eq!(read(&file).expect("reads").bks, None);
        std::fs::write(dir.path().join("bks.csv"), "instance,bks\ntiny,42\n").expect("writes");
        assert_eq!(read(&file).expect("reads").bks, Some(42.0));
        std::fs::write(
            dir.path().join("bks.csv"),
            "instance,bks\nother,1\ntiny,x\n",
        )
        .expect("writes");
        let err = read(&file).map(|_| ()).unwrap_err().to_string();
        assert!(
            err.contains("bks.csv line 3: bks: expected a number"),
            "{err}"
        );
        let missing = instances_in(&dir.path().join("nope"))
            .map(|_| ())
            .unwrap_err();
        assert!(missing.to_string().contains("nope"), "{missing}");
    }
}
