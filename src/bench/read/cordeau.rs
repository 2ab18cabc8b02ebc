//! Cordeau's type 1 (PVRP) and type 2 (MDVRP) files.

use super::{assemble, Head, Line, Node, ReadError, Source};
use crate::bench::instance::{Family, Instance, Rounding};

/// Cordeau's type 1 (PVRP, `pvrp/README.md`) and type 2 (MDVRP, `mdvrp/README.md`).
pub(super) fn cordeau(src: &Source, name: String) -> Result<Instance, ReadError> {
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
