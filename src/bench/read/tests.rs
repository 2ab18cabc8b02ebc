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
