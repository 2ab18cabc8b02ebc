//! VRPLIB / TSPLIB CVRP files (`cvrp/README.md`).

use super::{assemble, keyword, stem, Head, Node, ReadError, Source};
use crate::bench::instance::{Family, Instance, Rounding};

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
pub(super) fn vrplib(src: &Source) -> Result<Instance, ReadError> {
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
