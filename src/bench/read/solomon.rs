//! Solomon VRPTW files (`vrptw-solomon/README.md`).

use super::{assemble, Head, Node, ReadError, Source};
use crate::bench::instance::{Family, Instance, Rounding};

/// Solomon VRPTW (`vrptw-solomon/README.md`): name, `VEHICLE`, `NUMBER CAPACITY`, the two numbers,
/// `CUSTOMER`, the column titles, then one row per node from customer 0 = the depot.
pub(super) fn solomon(src: &Source) -> Result<Instance, ReadError> {
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
