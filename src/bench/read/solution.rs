//! Readers for the solution files the benchmark set ships: CVRPLIB `.sol` and Cordeau `.res`.

use crate::bench::instance::{Family, Instance, Route, Solution};
use std::path::Path;

/// Reads a shipped solution file, told apart by content: CVRPLIB (`Route #i: c1 c2 ...`, then
/// `Cost x`) or Cordeau (`.res`: the cost, then `day-or-depot vehicle duration load 0 c1 ... 0`).
pub fn read_solution(inst: &Instance, path: &Path) -> Result<Solution, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let text = String::from_utf8_lossy(&bytes);
    let file = path.display().to_string();
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty())
        .collect();
    if lines.iter().any(|(_, l)| l.starts_with("Route")) {
        cvrplib_solution(inst, &file, &lines)
    } else {
        cordeau_solution(inst, &file, &lines)
    }
}

/// CVRPLIB numbers customers 1.. in file order without the depot: for CVRP (depot moved to node 0)
/// and Solomon (customer number = node) that is our node index.
fn cvrplib_solution(
    inst: &Instance,
    file: &str,
    lines: &[(usize, &str)],
) -> Result<Solution, String> {
    if inst.depots != 1 || inst.days != 1 {
        return Err(format!(
            "{file}: a CVRPLIB solution needs a single-depot, single-day instance"
        ));
    }
    let mut sol = Solution::default();
    for &(no, text) in lines {
        let Some(rest) = text.strip_prefix("Route") else {
            continue; // `Cost x` and any other remark
        };
        let Some((_, list)) = rest.split_once(':') else {
            return Err(format!(
                "{file} line {no}: expected `Route #i: c1 c2 ...`, found `{text}`"
            ));
        };
        let customers = list
            .split_whitespace()
            .map(|t| match t.parse::<usize>() {
                Ok(c) if c >= 1 && c < inst.nodes() => Ok(c),
                _ => Err(format!(
                    "{file} line {no}: expected customer numbers 1..{}, found `{t}`",
                    inst.nodes() - 1
                )),
            })
            .collect::<Result<_, _>>()?;
        sol.routes.push(Route {
            day: 0,
            depot: 0,
            customers,
        });
    }
    Ok(sol)
}

/// Cordeau `.res`: the first column is the day (PVRP) or the depot (MDVRP), 1-based; customers are
/// numbered 1..n (node `depots - 1 + number`); a route is bracketed by its depot, written 0 or, in
/// the pr files of the MDVRP, as the depot's file number n + depot.
fn cordeau_solution(
    inst: &Instance,
    file: &str,
    lines: &[(usize, &str)],
) -> Result<Solution, String> {
    let per_day = match inst.family {
        Family::Pvrp => true,
        Family::Mdvrp => false,
        Family::Cvrp | Family::Vrptw => {
            return Err(format!(
                "{file}: a Cordeau .res solution needs a PVRP or MDVRP instance"
            ))
        }
    };
    let n = inst.nodes() - inst.depots;
    let mut sol = Solution::default();
    for (k, &(no, text)) in lines.iter().enumerate() {
        let bad = |what: &str| format!("{file} line {no}: {what}, found `{text}`");
        if k == 0 {
            // The cost, which `verify` recomputes.
            text.parse::<f64>().map_err(|_| bad("expected the cost"))?;
            continue;
        }
        let fields: Vec<usize> = text
            .split_whitespace()
            .enumerate()
            // Duration and load (fields 2 and 3) are decimals, and recomputed by `verify`.
            .filter(|&(i, _)| i != 2 && i != 3)
            .map(|(_, t)| t.parse::<usize>())
            .collect::<Result<_, _>>()
            .map_err(|_| bad("expected `day-or-depot vehicle duration load 0 c1 ... 0`"))?;
        let &[first, _vehicle, start, ref customers @ .., end] = &fields[..] else {
            return Err(bad(
                "expected `day-or-depot vehicle duration load 0 c1 ... 0`",
            ));
        };
        let (limit, what) = if per_day {
            (inst.days, "day")
        } else {
            (inst.depots, "depot")
        };
        if first < 1 || first > limit {
            return Err(bad(&format!("expected a {what} in 1..{limit}")));
        }
        let (day, depot) = if per_day {
            (first - 1, 0)
        } else {
            (0, first - 1)
        };
        let depot_numbers = [0, n + depot + 1];
        if !depot_numbers.contains(&start) || !depot_numbers.contains(&end) {
            return Err(bad(&format!(
                "expected the route to start and end at 0 or {}",
                n + depot + 1
            )));
        }
        let customers = customers
            .iter()
            .map(|&c| match c {
                1.. if c <= n => Ok(inst.depots - 1 + c),
                _ => Err(bad(&format!("expected customer numbers 1..{n}, found {c}"))),
            })
            .collect::<Result<_, _>>()?;
        sol.routes.push(Route {
            day,
            depot,
            customers,
        });
    }
    if lines.is_empty() {
        return Err(format!("{file} line 1: expected the cost"));
    }
    Ok(sol)
}
