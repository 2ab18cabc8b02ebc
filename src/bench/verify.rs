//! An independent feasibility check of a benchmark solution. Its tests read the solution files the
//! benchmark set ships (`read::read_solution`), so that the checker itself is tested against known
//! costs.

use super::instance::{Family, Instance, Solution};
use std::collections::HashMap;

/// Slack for times and durations summed in floating point (the sets quote 1 or 2 decimals).
const EPS: f64 = 1e-6;

/// Checks `sol` against every constraint of `inst` and returns its cost in the set's convention:
/// the sum of `inst.dist` over each route's legs depot → c1 → … → ck → depot. Every violation found
/// is reported (one per line), naming the route (1-based, as in `Route #i`), the customer (node
/// index) and by how much. Days and depots are the 0-based indices of [`Route`].
pub fn verify(inst: &Instance, sol: &Solution) -> Result<f64, String> {
    let mut errors = Vec::new();
    let nodes = inst.nodes();
    let periodic = inst.patterns.iter().any(|p| !p.is_empty());
    let mut visits = vec![0usize; nodes];
    let mut days = vec![0u32; nodes];
    let mut vehicles: HashMap<(usize, usize), usize> = HashMap::new();
    let mut cost = 0.0;
    for (i, route) in sol.routes.iter().enumerate() {
        let r = i + 1;
        if route.depot >= inst.depots {
            errors.push(format!(
                "route #{r}: depot {} is not a depot (0..{})",
                route.depot, inst.depots
            ));
            continue;
        }
        if route.day >= inst.days {
            errors.push(format!(
                "route #{r}: day {} is outside the period (0..{})",
                route.day, inst.days
            ));
            continue;
        }
        if let Some(&c) = route
            .customers
            .iter()
            .find(|&&c| c < inst.depots || c >= nodes)
        {
            errors.push(format!(
                "route #{r}: node {c} is not a customer ({:?})",
                inst.customers()
            ));
            continue;
        }
        // An empty route is a vehicle left at the depot: no cost, and it uses no vehicle.
        if route.customers.is_empty() {
            continue;
        }
        *vehicles.entry((route.day, route.depot)).or_default() += 1;

        let depot = route.depot;
        let (mut load, mut travel, mut service) = (0.0, 0.0, 0.0);
        let mut time = inst.ready[depot];
        let mut at = depot;
        for &c in &route.customers {
            let leg = inst.dist(at, c);
            travel += leg;
            // Waiting is allowed: service starts at the later of arrival and the window's opening.
            time = (time + leg).max(inst.ready[c]);
            if time > inst.due[c] + EPS {
                errors.push(format!(
                    "route #{r}: customer {c} is served at {time:.2}, after its due time {} (late by {:.2})",
                    inst.due[c],
                    time - inst.due[c]
                ));
            }
            time += inst.service[c];
            service += inst.service[c];
            load += inst.demand[c];
            visits[c] += 1;
            if periodic {
                match 1u32.checked_shl(route.day as u32) {
                    Some(bit) if days[c] & bit != 0 => errors.push(format!(
                        "route #{r}: customer {c} is visited twice on day {}",
                        route.day
                    )),
                    Some(bit) => days[c] |= bit,
                    None => errors.push(format!(
                        "route #{r}: day {} does not fit a pattern mask",
                        route.day
                    )),
                }
            }
            at = c;
        }
        let leg = inst.dist(at, depot);
        travel += leg;
        time += leg;
        if time > inst.due[depot] + EPS {
            errors.push(format!(
                "route #{r}: returns to depot {depot} at {time:.2}, after its due time {} (late by {:.2})",
                inst.due[depot],
                time - inst.due[depot]
            ));
        }
        if load > inst.capacity + 1e-9 {
            errors.push(format!(
                "route #{r}: load {load} exceeds the capacity {} by {}",
                inst.capacity,
                load - inst.capacity
            ));
        }
        if let Some(limit) = inst.max_duration {
            let duration = travel + service;
            if duration > limit + EPS {
                errors.push(format!(
                    "route #{r}: duration {duration:.2} (travel {travel:.2} + service {service:.2}) exceeds \
                     the limit {limit} by {:.2}",
                    duration - limit
                ));
            }
        }
        cost += travel;
    }

    if let Some(limit) = inst.vehicles {
        match inst.family {
            // Cordeau's sets limit vehicles per day and depot.
            Family::Pvrp | Family::Mdvrp => {
                let mut over: Vec<_> = vehicles.iter().filter(|&(_, &n)| n > limit).collect();
                over.sort();
                for (&(day, depot), &n) in over {
                    errors.push(format!(
                        "day {day}, depot {depot}: {n} routes, {limit} vehicles available (over by {})",
                        n - limit
                    ));
                }
            }
            Family::Cvrp | Family::Vrptw => {
                let n: usize = vehicles.values().sum();
                if n > limit {
                    errors.push(format!(
                        "{n} routes, {limit} vehicles available (over by {})",
                        n - limit
                    ));
                }
            }
        }
    }

    for c in inst.customers() {
        if periodic {
            if !inst.patterns[c].contains(&days[c]) {
                let allowed: Vec<_> = inst.patterns[c].iter().map(|&m| day_list(m)).collect();
                errors.push(format!(
                    "customer {c} is visited on days {}, not one of its allowed patterns {}",
                    day_list(days[c]),
                    allowed.join(" | ")
                ));
            }
        } else if visits[c] != 1 {
            errors.push(format!(
                "customer {c} is visited {} times, not once",
                visits[c]
            ));
        }
    }

    if errors.is_empty() {
        Ok(cost)
    } else {
        Err(errors.join("\n"))
    }
}

/// A day mask as `{0, 2}`.
fn day_list(mask: u32) -> String {
    let days: Vec<_> = (0..32)
        .filter(|d| mask >> d & 1 == 1)
        .map(|d| d.to_string())
        .collect();
    format!("{{{}}}", days.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::instance::{Rounding, Route};
    use crate::bench::read::{benchmarks_dir, parse, read, read_solution, table};
    use std::path::Path;

    /// A square: depot at the origin, customers at (0, 3), (4, 3), (4, 0).
    fn square(family: Family) -> Instance {
        let n = 4;
        Instance {
            name: "square".into(),
            family,
            rounding: Rounding::Real,
            depots: 1,
            x: vec![0.0, 0.0, 4.0, 4.0],
            y: vec![0.0, 3.0, 3.0, 0.0],
            demand: vec![0.0, 2.0, 2.0, 2.0],
            service: vec![0.0; n],
            ready: vec![0.0; n],
            due: vec![f64::INFINITY; n],
            capacity: 6.0,
            max_duration: None,
            vehicles: None,
            days: 1,
            patterns: vec![Vec::new(); n],
            bks: None,
        }
    }

    fn route(day: usize, depot: usize, customers: &[usize]) -> Route {
        Route {
            day,
            depot,
            customers: customers.to_vec(),
        }
    }

    fn solution(routes: Vec<Route>) -> Solution {
        Solution { routes }
    }

    #[test]
    fn a_feasible_tour_costs_its_length() {
        let inst = square(Family::Cvrp);
        let sol = solution(vec![route(0, 0, &[1, 2, 3]), route(0, 0, &[])]);
        assert_eq!(verify(&inst, &sol), Ok(14.0));
    }

    #[test]
    fn violations_name_route_customer_and_amount() {
        let mut inst = square(Family::Vrptw);
        inst.capacity = 5.0;
        inst.due[2] = 5.0;
        inst.vehicles = Some(1);
        let err = verify(
            &inst,
            &solution(vec![route(0, 0, &[1, 2, 3]), route(0, 0, &[1])]),
        )
        .unwrap_err();
        assert!(
            err.contains(
                "route #1: customer 2 is served at 7.00, after its due time 5 (late by 2.00)"
            ),
            "{err}"
        );
        assert!(
            err.contains("route #1: load 6 exceeds the capacity 5 by 1"),
            "{err}"
        );
        assert!(
            err.contains("2 routes, 1 vehicles available (over by 1)"),
            "{err}"
        );
        assert!(err.contains("customer 1 is visited 2 times"), "{err}");

        let mut inst = square(Family::Cvrp);
        inst.max_duration = Some(12.0);
        inst.service = vec![0.0, 1.0, 1.0, 1.0];
        let err = verify(&inst, &solution(vec![route(0, 0, &[1, 2])])).unwrap_err();
        assert!(
            err.contains(
                "duration 14.00 (travel 12.00 + service 2.00) exceeds the limit 12 by 2.00"
            ),
            "{err}"
        );
        assert!(err.contains("customer 3 is visited 0 times"), "{err}");

        let err = verify(
            &inst,
            &solution(vec![
                route(1, 0, &[1]),
                route(0, 1, &[1]),
                route(0, 0, &[0]),
            ]),
        )
        .unwrap_err();
        assert!(err.contains("route #1: day 1 is outside"), "{err}");
        assert!(err.contains("route #2: depot 1 is not a depot"), "{err}");
        assert!(err.contains("route #3: node 0 is not a customer"), "{err}");
    }

    #[test]
    fn periodic_visits_must_match_a_pattern() {
        let mut inst = square(Family::Pvrp);
        inst.days = 3;
        inst.vehicles = Some(1);
        inst.patterns = vec![
            vec![],
            vec![0b101, 0b010],
            vec![0b111],
            vec![0b001, 0b010, 0b100],
        ];
        let ok = solution(vec![
            route(0, 0, &[1, 2, 3]),
            route(1, 0, &[2]),
            route(2, 0, &[1, 2]),
        ]);
        assert!(verify(&inst, &ok).is_ok());
        let bad = solution(vec![
            route(0, 0, &[1, 2, 3, 3]),
            route(1, 0, &[2, 1]),
            route(2, 0, &[2]),
            route(2, 0, &[]),
            route(2, 0, &[1]),
        ]);
        let err = verify(&inst, &bad).unwrap_err();
        assert!(
            err.contains("route #1: customer 3 is visited twice on day 0"),
            "{err}"
        );
        assert!(err.contains("customer 1 is visited on days {0, 1, 2}, not one of its allowed patterns {0, 2} | {1}"), "{err}");
        assert!(
            err.contains("day 2, depot 0: 2 routes, 1 vehicles available (over by 1)"),
            "{err}"
        );
        assert!(!err.contains("customer 2 is visited on"), "{err}");
    }

    #[test]
    fn reads_both_solution_formats() {
        let dir = tempfile::tempdir().expect("temp dir");
        let vrp = "NAME: t\nDIMENSION: 4\nCAPACITY: 10\nEDGE_WEIGHT_TYPE: EUC_2D\nNODE_COORD_SECTION\n\
            1 0 0\n2 0 3\n3 4 3\n4 4 0\nDEMAND_SECTION\n1 0\n2 1\n3 1\n4 1\nDEPOT_SECTION\n1\n-1\nEOF\n";
        let inst = parse(vrp, "t.vrp").expect("reads");
        let sol = dir.path().join("t.sol");
        std::fs::write(&sol, "Route #1: 1 2\nRoute #2: 3\nCost 20\n").expect("writes");
        let read_back = read_solution(&inst, &sol).expect("reads");
        assert_eq!(
            read_back.routes,
            vec![route(0, 0, &[1, 2]), route(0, 0, &[3])]
        );
        assert_eq!(verify(&inst, &read_back), Ok(20.0));
        std::fs::write(&sol, "Route #1: 1 9\n").expect("writes");
        let err = read_solution(&inst, &sol).unwrap_err();
        assert!(
            err.contains("t.sol line 1: expected customer numbers 1..3, found `9`"),
            "{err}"
        );

        // Two depots (file nodes 4, 5), three customers: customer k is node 1 + k.
        let md = "2 1 3 2\n0 40\n0 40\n1 1 0 0 7 1 1 1\n2 2 0 0 8 1 1 1\n3 3 0 0 9 1 1 1\n\
            4 0 0 0 0 0 0\n5 4 0 0 0 0 0\n";
        let inst = parse(md, "md.txt").expect("reads");
        let res = dir.path().join("md.res");
        std::fs::write(&res, "6.00\n1 1 4.0 15 0 1 2 0\n2 1 2.0 9 5 3 5\n").expect("writes");
        let read_back = read_solution(&inst, &res).expect("reads");
        assert_eq!(
            read_back.routes,
            vec![route(0, 0, &[2, 3]), route(0, 1, &[4])]
        );
        assert_eq!(verify(&inst, &read_back), Ok(6.0));
        std::fs::write(&res, "8.00\n3 1 2.0 15 0 1 2 0\n").expect("writes");
        let err = read_solution(&inst, &res).unwrap_err();
        assert!(
            err.contains("md.res line 2: expected a depot in 1..2"),
            "{err}"
        );
        std::fs::write(&res, "8.00\n1 1 2.0 15 0 1 2\n").expect("writes");
        let err = read_solution(&inst, &res).unwrap_err();
        assert!(err.contains("start and end at 0 or 4"), "{err}");
    }

    /// Reads an instance and a solution of the benchmark set, verifies it and returns the cost.
    fn check(instance: &Path, solution: &Path) -> Result<f64, String> {
        let inst = read(instance).map_err(|e| e.to_string())?;
        let sol = read_solution(&inst, solution)?;
        verify(&inst, &sol)
    }

    fn assert_close(what: &str, got: f64, want: f64) {
        assert!(
            (got - want).abs() <= 0.01,
            "{what}: cost {got} vs table {want}"
        );
    }

    #[test]
    fn shipped_cvrp_solutions_match_the_table() {
        let Some(root) = benchmarks_dir() else { return };
        let mut checked = 0;
        for row in table(&root.join("cvrp/bks.csv")) {
            if row["solution_file"].is_empty() {
                continue;
            }
            let sol = root.join("cvrp").join(&row["solution_file"]);
            let cost = check(&sol.with_extension("vrp"), &sol).unwrap_or_else(|e| panic!("{e}"));
            assert_close(
                &row["instance"],
                cost,
                row["solution_cost_recomputed"].parse().expect("number"),
            );
            checked += 1;
        }
        assert_eq!(checked, 46);
    }

    #[test]
    fn shipped_solomon_solutions_match_the_table() {
        let Some(root) = benchmarks_dir() else { return };
        let dir = root.join("vrptw-solomon");
        let rows = table(&dir.join("bks.csv"));
        for row in &rows {
            let name = &row["instance"];
            let txt = dir.join(format!("{name}.txt"));
            let cost = check(&txt, &dir.join(&row["dimacs_sol"])).unwrap_or_else(|e| panic!("{e}"));
            assert_close(name, cost, row["dimacs_bks"].parse().expect("number"));

            // The same checker in the real-distance convention: the vehicles-first solutions, and
            // the DIMACS routes, which truncated travel times can make infeasible with real ones.
            let mut inst = read(&txt).expect("reads");
            inst.rounding = Rounding::Real;
            let minveh = read_solution(&inst, &dir.join(&row["minveh_sol"])).expect("reads");
            let cost = verify(&inst, &minveh).unwrap_or_else(|e| panic!("{name} minveh: {e}"));
            assert_close(name, cost, row["minveh_sol_cost"].parse().expect("number"));
            let dimacs = read_solution(&inst, &dir.join(&row["dimacs_sol"])).expect("reads");
            match (
                verify(&inst, &dimacs),
                row["real_cost_of_dimacs_sol"].parse::<f64>(),
            ) {
                (Ok(cost), Ok(want)) => assert_close(name, cost, want),
                (Err(e), Err(_)) => assert!(e.contains("after its due time"), "{name}: {e}"),
                (got, _) => panic!(
                    "{name}: real-distance check {got:?} vs table {}",
                    row["real_cost_of_dimacs_sol"]
                ),
            }
        }
        assert_eq!(rows.len(), 29);
    }

    #[test]
    fn shipped_cordeau_solutions_match_the_table() {
        let Some(root) = benchmarks_dir() else { return };
        for (family, instance) in [("pvrp", "{name}"), ("mdvrp", "{name}.txt")] {
            let dir = root.join(family);
            let rows = table(&dir.join("bks.csv"));
            for row in &rows {
                let name = &row["instance"];
                let path = dir.join(instance.replace("{name}", name));
                let res = dir.join(&row["res_file"]);
                let want: f64 = row["res_cost_verified"].parse().expect("number");
                if family == "pvrp" && name == "p01" {
                    // Customer 51 sits on the depot and the .res leaves it out (pvrp/README.md).
                    let err = check(&path, &res).unwrap_err();
                    assert!(err.contains("customer 51 is visited on days {}"), "{err}");
                    assert_eq!(err.lines().count(), 1, "{err}");
                    // Served as the README says, by a zero-length route of a third day-1 vehicle.
                    let inst = read(&path).expect("reads");
                    let mut sol = read_solution(&inst, &res).expect("reads");
                    sol.routes.push(Route {
                        day: 0,
                        depot: 0,
                        customers: vec![51],
                    });
                    assert_close(
                        name,
                        verify(&inst, &sol).unwrap_or_else(|e| panic!("{e}")),
                        want,
                    );
                    continue;
                }
                let cost = check(&path, &res).unwrap_or_else(|e| panic!("{family} {name}: {e}"));
                assert_close(&format!("{family} {name}"), cost, want);
            }
            assert_eq!(rows.len(), if family == "pvrp" { 21 } else { 17 });
        }
    }
}
