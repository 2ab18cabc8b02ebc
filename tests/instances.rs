//! Public routing instances through `outreach bench PATH`: small instances written here in each
//! format are solved and independently checked; a property test checks that the route engine's
//! solutions of random instances always pass the checker. When the public benchmark files are at
//! hand (`OUTREACH_BENCHMARKS`, default `benchmarks/` in the checkout), a proven-optimal instance is
//! solved to its optimum.

mod common;

use common::outreach;
use outreach::bench::instance::{Family, Instance, Rounding};
use outreach::bench::{solve, verify};
use proptest::prelude::*;

const VRPLIB: &str = "NAME : tiny-cvrp\nTYPE : CVRP\nDIMENSION : 9\nEDGE_WEIGHT_TYPE : EUC_2D\nCAPACITY : 10\n\
NODE_COORD_SECTION\n1 50 50\n2 10 10\n3 12 14\n4 90 90\n5 88 85\n6 10 90\n7 14 88\n8 90 10\n9 85 12\n\
DEMAND_SECTION\n1 0\n2 4\n3 5\n4 6\n5 3\n6 5\n7 5\n8 2\n9 7\nDEPOT_SECTION\n1\n-1\nEOF\n";

const SOLOMON: &str = "TINYTW\n\nVEHICLE\nNUMBER     CAPACITY\n  5         20\n\nCUSTOMER\n\
CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME\n\n\
    0      50         50          0          0        400          0\n\
    1      40         60          5         10         60         10\n\
    2      60         60          5         50        120         10\n\
    3      60         40          5        100        200         10\n\
    4      40         40          5          0        300         10\n\
    5      20         20          8        150        250         10\n\
    6      80         80          8         30         90         10\n";

/// Cordeau type 1: 2 days, 2 vehicles a day, capacity 10; customers 1-4 every day, 5-6 once.
const PVRP: &str = "1 2 6 2\n0 10\n0 10\n\
 0 50 50 0 0 0 0\n\
 1 40 60 0 3 2 1 3\n\
 2 60 60 0 3 2 1 3\n\
 3 60 40 0 3 2 1 3\n\
 4 40 40 0 3 2 1 3\n\
 5 20 20 0 4 1 2 1 2\n\
 6 80 80 0 4 1 2 1 2\n";

fn write(dir: &std::path::Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn bench_solves_and_checks_one_instance_of_each_format() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "tiny-cvrp.vrp", VRPLIB);
    write(dir.path(), "TINYTW.txt", SOLOMON);
    write(dir.path(), "p99", PVRP);
    let o = outreach()
        .arg("bench")
        .arg(dir.path())
        .args(["--time-limit", "2", "--json", "--threads", "2"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let rows: Vec<serde_json::Value> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 3);
    for r in &rows {
        for k in ["instance", "cost", "bks", "gap_pct", "seconds", "feasible"] {
            assert!(r.get(k).is_some(), "key {k} in {r}");
        }
        assert_eq!(r["feasible"], true, "{r}");
        assert!(r["cost"].as_f64().unwrap() > 0.0);
    }
    let families: Vec<&str> = rows.iter().map(|r| r["family"].as_str().unwrap()).collect();
    assert_eq!(
        families,
        ["vrptw", "pvrp", "cvrp"],
        "sorted by path: TINYTW, p99, tiny-cvrp"
    );

    // The table form ends with the mean gap per family (here: none, no best-known values).
    let o = outreach()
        .arg("bench")
        .arg(dir.path().join("tiny-cvrp.vrp"))
        .args(["--time-limit", "1"])
        .output()
        .unwrap();
    assert!(o.status.success());
    let table = String::from_utf8_lossy(&o.stdout);
    assert!(
        table.contains("tiny-cvrp") && table.contains("ok"),
        "{table}"
    );
}

#[test]
fn a_malformed_instance_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write(dir.path(), "bad.vrp", &VRPLIB.replace("4 6\n", "4 six\n"));
    let o = outreach()
        .arg("bench")
        .arg(&bad)
        .args(["--time-limit", "1"])
        .output()
        .unwrap();
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("bad.vrp") && err.contains("line 20"), "{err}");
}

#[test]
fn periodic_customers_get_one_allowed_pattern() {
    let inst = outreach::bench::read::parse(PVRP, "p99").unwrap();
    let solved = solve::solve(&inst, 2.0, 1);
    let cost = verify::verify(&inst, &solved.solution).expect("feasible");
    assert!((cost - solved.cost).abs() < 1e-6);
    // Customers 1-4 on both days; 5 and 6 on one day each.
    for c in 1..=4 {
        let days: Vec<usize> = solved
            .solution
            .routes
            .iter()
            .filter(|r| r.customers.contains(&c))
            .map(|r| r.day)
            .collect();
        assert_eq!(days.len(), 2, "customer {c} both days");
    }
}

#[test]
fn a_proven_optimum_is_reached_when_the_public_files_are_here() {
    let root = std::env::var("OUTREACH_BENCHMARKS")
        .unwrap_or_else(|_| format!("{}/benchmarks", env!("CARGO_MANIFEST_DIR")));
    let path = std::path::Path::new(&root).join("cvrp/A/A-n32-k5.vrp");
    if !path.is_file() {
        eprintln!("skipped: {} is not here", path.display());
        return;
    }
    let inst = outreach::bench::read::read(&path).unwrap();
    let solved = solve::solve(&inst, 5.0, 1);
    let cost = verify::verify(&inst, &solved.solution).unwrap();
    assert_eq!(inst.bks, Some(784.0));
    assert!(
        cost <= 784.0 + 1e-6,
        "A-n32-k5: {cost} against the optimum 784"
    );
}

fn random_instance(seed: u64, n: usize, windows: bool) -> Instance {
    use rand::{Rng, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let m = n + 1;
    let mut x = vec![50.0];
    let mut y = vec![50.0];
    let mut demand = vec![0.0];
    let mut ready = vec![0.0];
    let mut due = vec![if windows { 1000.0 } else { f64::INFINITY }];
    for _ in 0..n {
        x.push(rng.gen_range(0.0..100.0));
        y.push(rng.gen_range(0.0..100.0));
        demand.push(rng.gen_range(1..=5) as f64);
        if windows {
            let a = rng.gen_range(0.0..600.0);
            ready.push(a);
            due.push(a + rng.gen_range(80.0..300.0));
        } else {
            ready.push(0.0);
            due.push(f64::INFINITY);
        }
    }
    Instance {
        name: format!("random-{seed}"),
        family: if windows { Family::Vrptw } else { Family::Cvrp },
        rounding: if windows {
            Rounding::TruncTenth
        } else {
            Rounding::Nint
        },
        depots: 1,
        x,
        y,
        demand,
        service: vec![if windows { 10.0 } else { 0.0 }; m],
        ready,
        due,
        capacity: 12.0,
        max_duration: None,
        vehicles: None,
        days: 1,
        patterns: vec![vec![]; m],
        bks: None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]
    /// Whatever the instance, the engine's solution passes the independent check at its own cost.
    #[test]
    fn engine_solutions_always_pass_the_check(seed in 0u64..1_000_000, n in 3usize..25, windows: bool) {
        let inst = random_instance(seed, n, windows);
        let solved = solve::solve(&inst, 0.3, seed);
        let cost = verify::verify(&inst, &solved.solution);
        prop_assert!(cost.is_ok(), "{:?}", cost);
        prop_assert!((cost.unwrap() - solved.cost).abs() < 1e-6);
    }
}

#[test]
fn a_count_of_iterations_gives_the_same_cost_and_a_peer_prints_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let tw = write(dir.path(), "TINYTW.txt", SOLOMON);
    let peer = write(dir.path(), "pyvrp.csv", "instance,cost\ntinytw,123.4\n");
    let run = || {
        let o = outreach()
            .arg("bench")
            .arg(&tw)
            .args(["--iterations", "3000", "--json", "--compare"])
            .arg(&peer)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let row: serde_json::Value =
            serde_json::from_str(String::from_utf8_lossy(&o.stdout).trim()).unwrap();
        row
    };
    let (a, b) = (run(), run());
    assert_eq!(a["cost"], b["cost"], "the same work gives the same cost");
    assert!(a["iterations"].as_u64().unwrap() >= 3000);
    assert_eq!(a["peer_cost"], 123.4, "{a}");
    assert!(a["peer_gap_pct"].is_null(), "no best-known value here");

    let o = outreach()
        .arg("bench")
        .arg(&tw)
        .args(["--iterations", "100"])
        .arg("--compare")
        .arg(&peer)
        .output()
        .unwrap();
    let table = String::from_utf8_lossy(&o.stdout);
    assert!(
        table.contains("pyvrp") && table.contains("123.40"),
        "{table}"
    );

    let bad = write(dir.path(), "bad.csv", "name,cost\nTINYTW,1\n");
    let o = outreach()
        .arg("bench")
        .arg(&tw)
        .args(["--iterations", "100", "--compare"])
        .arg(&bad)
        .output()
        .unwrap();
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("bad.csv") && err.contains("`instance`"),
        "{err}"
    );
}
