use super::dive::{dive_batch, dive_step_size};
use super::lp::start_proved;
use super::polish::polish;
use super::pricing::{price, Pricing, LOAD_UNITS};
use super::repair::{cover_missing, place_all, Mending};
use super::search::{neighbourhood, next_free};
use super::*;
use std::path::Path;

mod least_trips;
mod programs;

/// The 8-village altitude fixture.
fn fixture() -> Scenario {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/altitude-mini");
    crate::load_dir(&dir).expect("the fixture loads")
}

/// Each group on its best placement, in order (the greedy start of the timed master).
fn place_each(cp: &Campaign, columns: &[Column], groups: &[&Vec<usize>]) -> Vec<Option<usize>> {
    let mut m = Mending::new(cp, columns, groups, vec![None; groups.len()]);
    m.place_in_order();
    m.taken
}

/// Visits still owed once the placements `taken` are made.
fn visits_missed(cp: &Campaign, columns: &[Column], taken: &[Option<usize>]) -> usize {
    let groups: Vec<Vec<usize>> = taken.iter().map(|t| t.iter().copied().collect()).collect();
    let refs: Vec<&Vec<usize>> = groups.iter().collect();
    let m = Mending::new(cp, columns, &refs, taken.to_vec());
    cover_missing(cp, &m.used).round() as usize
}

/// The placement `taken` after the moves that mend it.
fn improve_placement(
    cp: &Campaign,
    columns: &[Column],
    groups: &[&Vec<usize>],
    taken: Vec<Option<usize>>,
) -> Vec<Option<usize>> {
    let mut m = Mending::new(cp, columns, groups, taken);
    m.improve();
    m.taken
}

/// Team 0's one-day trips from the base to one village, as unplaced columns.
fn one_village_day_trips<'a>(cp: &'a Campaign) -> impl Iterator<Item = Column> + 'a {
    cp.legs
        .iter()
        .filter(|l| l.from == 0 && l.to == 0 && l.stops.len() == 1)
        .map(|l| Column {
            team: 0,
            start: 0,
            days: vec![l.clone()],
            cost: cp.cost(0, std::slice::from_ref(l)),
        })
}

/// `n` one-day trips to one village each that every (team, day) of `slots` can run.
fn day_trips_on(cp: &Campaign, n: usize, slots: &[(usize, usize)]) -> Vec<Column> {
    let trips: Vec<Column> = one_village_day_trips(cp)
        .filter(|c| slots.iter().all(|&(t, d)| cp.place(c, t, d).is_some()))
        .take(n)
        .collect();
    assert_eq!(trips.len(), n, "the fixture has {n} such one-day trips");
    trips
}

/// Trip B can run on day 0 or 1, trip A only on day 0, and one team runs them: taken in the
/// order B, A, first-fit leaves A out; moving B to day 1 makes room for A.
#[test]
fn a_trip_left_without_days_goes_first_on_the_next_pass() {
    let s = fixture();
    let model = Model::build(&s);
    let cp = Campaign::new(&model, 0, true);
    let day_trips = day_trips_on(&cp, 2, &[(0, 0), (0, 1)]);
    let columns: Vec<Column> = vec![
        cp.place(&day_trips[0], 0, 0).unwrap(),
        cp.place(&day_trips[1], 0, 0).unwrap(),
        cp.place(&day_trips[1], 0, 1).unwrap(),
    ];
    let groups = vec![vec![1, 2], vec![0]];
    let first_fit = place_each(&cp, &columns, &groups.iter().collect::<Vec<_>>());
    assert_eq!(first_fit, vec![Some(1), None], "one team, one trip a day");
    // Moving B alone meets nothing more; moving it to make room for A meets A's visit.
    let refs: Vec<&Vec<usize>> = groups.iter().collect();
    let owed = visits_missed(&cp, &columns, &first_fit);
    let mended = improve_placement(&cp, &columns, &refs, first_fit);
    assert_eq!(mended, vec![Some(2), Some(0)]);
    assert_eq!(visits_missed(&cp, &columns, &mended), owed - 1);
    let mut placed = place_all(&cp, &columns, &groups);
    placed.sort_unstable();
    assert_eq!(placed, vec![0, 2]);
}

/// A dive that ends within its rounds fixes one trip a step; one that would not, as many as
/// it takes.
#[test]
fn a_dive_keeps_pace_with_its_budget() {
    assert_eq!(dive_step_size(10.0, 1.0, 30.0), 1);
    assert_eq!(dive_step_size(10.0, 1.0, 10.0), 1);
    assert_eq!(dive_step_size(30.0, 1.0, 10.0), 3);
    assert_eq!(dive_step_size(25.0, 2.0, 20.0), 3);
    // With the budget spent: the step fixes every trip the LP holds.
    assert_eq!(dive_step_size(12.0, 2.0, 0.0), 12);
}

/// A dive step of several trips takes the largest that fit and meet no demand of another.
#[test]
fn a_dive_step_fixes_trips_that_fit_and_meet_different_demands() {
    let s = fixture();
    let model = Model::build(&s);
    let cp = Campaign::new(&model, 0, true);
    let trips = day_trips_on(&cp, 3, &[(0, 0), (0, 5), (1, 0), (1, 5)]);
    let columns: Vec<Column> = vec![
        cp.place(&trips[0], 0, 0).unwrap(),
        // The same village as the first: the same demand.
        cp.place(&trips[0], 1, 5).unwrap(),
        // The first's team and day.
        cp.place(&trips[1], 0, 0).unwrap(),
        cp.place(&trips[2], 1, 0).unwrap(),
    ];
    let x = [0.9, 0.8, 0.7, 0.5];
    let none = HashSet::default();
    let mut used = vec![0.0; cp.rows.len()];
    let batch = dive_batch(&cp, &columns, &x, &none, &mut used, 0, 3);
    assert_eq!(batch, vec![0, 3]);
    let mut used = vec![0.0; cp.rows.len()];
    assert_eq!(
        dive_batch(&cp, &columns, &x, &none, &mut used, 0, 1),
        vec![0]
    );
    // What the step's trips use is counted.
    let mut both = vec![0.0; cp.rows.len()];
    for k in [0, 3] {
        for (r, a) in cp.entries(&columns[k]) {
            both[r] += a;
        }
    }
    let mut used = vec![0.0; cp.rows.len()];
    dive_batch(&cp, &columns, &x, &none, &mut used, 0, 3);
    assert_eq!(used, both);
}

/// Every village owed a visit each week: a day trip to one village on day 0, and another that
/// can run on day 1 (meeting nothing more) or day 8 (meeting the second week's visit).
#[test]
fn a_start_the_lp_cannot_beat_is_the_mip_answer_and_one_it_can_is_not() {
    let s = fixture();
    let model = Model::build(&s);
    let cp = Campaign::new(&model, 0, true);
    // One-village day trips, each on a day of its own: a whole plan that keeps every row.
    let singles: Vec<Column> = one_village_day_trips(&cp)
        .enumerate()
        .filter_map(|(k, c)| cp.place(&c, 0, 2 * k))
        .collect();
    assert!(singles.len() >= 2, "the fixture has day trips");
    let all: Vec<usize> = (0..singles.len()).collect();
    let cost = plan_cost(&cp, &singles, &all);
    let lp = {
        let mut lp = Lp::new(&cp);
        for col in &singles {
            lp.add(col.cost, &cp.entries(col));
        }
        lp.solve(60.0).expect("the LP solves").0
    };
    let proved = start_proved(&cp, &singles, &all, 60.0);
    if lp >= cost - 1e-6 {
        let (chosen, _, objective, bound, optimal, _) = proved.expect("the LP proves the start");
        assert_eq!(chosen, all);
        assert!((objective - cost).abs() < 1e-6 && bound <= objective + 1e-6 && optimal);
    } else {
        assert!(
            proved.is_none(),
            "the LP found {lp} below the start's {cost}"
        );
    }
    // The same trip twice on one day breaks the team's day row: never a proved plan, however
    // the LP comes out.
    let twice = vec![singles[0].clone(), singles[0].clone()];
    assert!(start_proved(&cp, &twice, &[0, 1], 60.0).is_none());
    // A start of one trip where the pool holds a cheaper one for the same visit: the LP
    // leaves room below it.
    let mut dearer = singles[0].clone();
    dearer.cost += 10_000.0;
    let pool = vec![dearer, singles[0].clone()];
    assert!(start_proved(&cp, &pool, &[0], 60.0).is_none());
    assert!(
        start_proved(&cp, &pool, &[], 60.0).is_none(),
        "no start, nothing to prove"
    );
}

#[test]
fn a_placement_goes_where_it_meets_a_visit_still_owed() {
    let mut s = fixture();
    for r in &mut s.requirements {
        r.period = crate::calendar::PeriodKind::Week;
    }
    let model = Model::build(&s);
    let cp = Campaign::new(&model, 0, true);
    let trip = one_village_day_trips(&cp)
        .find(|c| [0, 1, 8].iter().all(|&d| cp.place(c, 0, d).is_some()))
        .expect("the fixture has a day trip for days 0, 1 and 8");
    let columns: Vec<Column> = [0, 1, 8]
        .iter()
        .map(|&d| cp.place(&trip, 0, d).unwrap())
        .collect();
    let groups = [vec![0], vec![1, 2]];
    let groups: Vec<&Vec<usize>> = groups.iter().collect();
    assert_eq!(
        place_each(&cp, &columns, &groups),
        vec![Some(0), Some(2)],
        "the nearer day meets nothing"
    );
    let first_fit = vec![Some(0), Some(1)];
    let owed = visits_missed(&cp, &columns, &first_fit);
    let improved = improve_placement(&cp, &columns, &groups, first_fit);
    assert_eq!(improved, vec![Some(0), Some(2)]);
    assert_eq!(visits_missed(&cp, &columns, &improved), owed - 1);
}

/// Whole trips that keep every limit row of the relaxation and miss no visit of the fixture.
pub(super) fn assert_whole_plan(cp: &Campaign, columns: &[Column], plan: &[usize]) {
    assert!(!plan.is_empty());
    let mut used = vec![0.0; cp.rows.len()];
    for &i in plan {
        for (r, a) in cp.entries(&columns[i]) {
            used[r] += a;
        }
    }
    for (r, row) in cp.rows.iter().enumerate() {
        if row.sense == Sense::Le {
            assert!(
                used[r] <= row.rhs + 1e-9,
                "row {r}: {} > {}",
                used[r],
                row.rhs
            );
        }
    }
    let cost = plan_cost(cp, columns, plan);
    assert!(
        cost < 100_000.0,
        "the fixture's plan misses no visit: {cost}"
    );
}

/// Runs `test` on column generation over the fixture's season relaxation, with no trips yet,
/// the work limits of a normal plan and no time limit.
pub(super) fn on_season_generation(
    test: impl FnOnce(&Model, &Campaign, &mut Generation, Work, Until),
) {
    let s = fixture();
    let model = Model::build(&s);
    let cp = Campaign::new(&model, 0, false);
    let masks = trips::leg_masks(&cp.legs);
    let places: Vec<usize> = cp.c.services.iter().map(|x| x.location).collect();
    let ng = trips::ng_sets(&cp.ends, &places, &model.travel, NG_SIZE);
    let cap = Cap::none();
    let mut g = Generation::new(&cp, &model.travel, &masks, &ng, &ng, Vec::new(), false);
    test(
        &model,
        &cp,
        &mut g,
        Work::of(Effort::Normal),
        cap.until(1.0),
    );
}

/// The plan of a dive from the root LP, its column generation run to the exact pricing.
pub(super) fn first_dive(g: &mut Generation, work: Work, far: Until) -> Vec<usize> {
    let root = g
        .run(Stage::Thin, Stage::Exact, work.rounds, far, &|_| {})
        .expect("the LP solves");
    g.dive(&root.lp.expect("an LP").x, &work, far)
        .expect("the LPs solve")
        .expect("a plan")
}

/// A dive ends in whole trips that keep every limit row of the relaxation; so does a dive
/// around the trips of that plan left when the search frees a seed and its nearest trip, and
/// the trips kept stay in its plan.
#[test]
fn a_dive_and_a_dive_around_kept_trips_end_in_plans_that_keep_the_limit_rows() {
    on_season_generation(|model, cp, g, work, far| {
        let first = first_dive(g, work, far);
        assert_whole_plan(cp, &g.columns, &first);

        assert!(first.len() >= 2, "the fixture needs several trips");
        let seed = first[0];
        let free = neighbourhood(cp, &model.travel, &g.columns, &first, seed, 2);
        assert_eq!(free.len(), 2);
        assert_eq!(free[0], seed, "the seed comes first");
        let keep: Vec<usize> = first
            .iter()
            .copied()
            .filter(|j| !free.contains(j))
            .collect();
        let again = g
            .dive_around(&keep, &work, far)
            .expect("the LPs solve")
            .expect("a plan");
        for j in &keep {
            assert!(again.contains(j), "kept trip {j} left the plan");
        }
        assert_whole_plan(cp, &g.columns, &again);
    });
}

/// The polish swaps a trip of the plan for the cheaper one of the same rows that the pool
/// holds, keeps the plan whole, and never returns a dearer plan; with no MIPs allowed it leaves
/// the plan as it is.
#[test]
fn the_polish_takes_the_pools_cheaper_mix_and_never_a_dearer_plan() {
    on_season_generation(|model, cp, g, work, far| {
        let first = first_dive(g, work, far);
        let mut columns = g.columns.clone();
        let mut dearer = columns[first[0]].clone();
        dearer.cost += 5_000.0;
        columns.push(dearer);
        let start: Vec<usize> = std::iter::once(columns.len() - 1)
            .chain(first[1..].iter().copied())
            .collect();
        let start_cost = plan_cost(cp, &columns, &start);
        let run = |mips: usize| {
            let mut plan = start.clone();
            let limits = Work {
                polish_mips: mips,
                ..work
            };
            let ran = polish(
                cp,
                &model.travel,
                &columns,
                &mut plan,
                &limits,
                far,
                "B",
                None,
            );
            assert!(ran <= mips);
            (ran, plan)
        };
        assert_eq!(run(0), (0, start.clone()));
        let (ran, plan) = run(40);
        assert!(ran >= 1);
        assert_whole_plan(cp, &columns, &plan);
        let cost = plan_cost(cp, &columns, &plan);
        assert!(
            cost <= plan_cost(cp, &columns, &first) + 1e-6 && cost <= start_cost - 5_000.0 + 1e-6,
            "polished {cost}, start {start_cost}"
        );
        assert!(
            !plan.contains(&(columns.len() - 1)),
            "the dearer copy stayed"
        );
    });
}

/// A trip a dive bans leaves the LP (its value is 0, the LP costs no less), and the next dive
/// around kept trips frees it.
#[test]
fn a_banned_trip_leaves_the_lp_until_the_next_dive_frees_it() {
    on_season_generation(|_, cp, g, work, far| {
        g.run(Stage::Thin, Stage::Quick, work.rounds, far, &|_| {})
            .expect("the LP solves");
        let demands = cp.c.demands.len();
        let (before, _, x) = g.lp.solve(60.0).expect("the LP solves");
        let j = (0..g.columns.len())
            .max_by(|&a, &b| x[demands + a].total_cmp(&x[demands + b]))
            .expect("trips");
        assert!(x[demands + j] > 1e-6, "the LP runs some trip");
        g.lp.ban(j);
        g.banned.push(j);
        let (banned, _, x) = g.lp.solve(60.0).expect("the LP solves");
        assert_eq!(x[demands + j], 0.0);
        assert!(banned >= before - 1e-6);
        g.dive_around(&[], &work, far).expect("the LPs solve");
        assert!(g.banned.is_empty(), "the dive around frees what was banned");
        for k in std::mem::take(&mut g.fixed) {
            g.lp.free(k);
        }
        let (after, _, _) = g.lp.solve(60.0).expect("the LP solves");
        assert!(
            after <= before + 1e-6,
            "freed, the LP is back to {before}, not {after}"
        );
    });
}

/// A visit no day trip reaches is filled from the pool: with an empty plan and a pool of one
/// two-day trip through a lodging, the fill places that trip and the visit is met.
#[test]
fn missed_visits_only_a_trip_of_the_pool_reaches_are_filled() {
    let s = fixture();
    let model = Model::build(&s);
    let cp = Campaign::new(&model, 0, true);
    let by_day = |x: usize| {
        cp.legs
            .iter()
            .any(|l| l.from == 0 && l.to == 0 && l.stops == [x])
    };
    let far = (0..cp.c.services.len())
        .find(|&x| !by_day(x))
        .expect("the fixture has a village no day trip reaches");
    // Out to a lodging through the village, back empty the next day.
    let trip = cp
        .legs
        .iter()
        .filter(|l| l.from == 0 && l.to != 0 && l.stops == [far])
        .find_map(|out| {
            let back = cp
                .legs
                .iter()
                .find(|l| l.from == out.to && l.to == 0 && l.stops.is_empty())?;
            let days = vec![out.clone(), back.clone()];
            let col = Column {
                team: 0,
                start: 0,
                cost: cp.cost(0, &days),
                days,
            };
            (0..s.horizon.days).find_map(|d| cp.place(&col, 0, d))
        })
        .expect("a two-day trip reaches it");
    let owed = |columns: &[Column], chosen: &[usize]| -> f64 {
        cp.c.demands
            .iter()
            .zip(shortfall(&cp, columns, chosen))
            .filter(|(d, _)| d.service == far)
            .map(|(_, u)| u)
            .sum()
    };
    let (mut columns, mut chosen) = (Vec::new(), Vec::new());
    assert!(owed(&columns, &chosen) >= 1.0);
    fill_missed(&cp, std::slice::from_ref(&trip), &mut columns, &mut chosen);
    assert_eq!(
        owed(&columns, &chosen),
        0.0,
        "the pool's trip meets the visit"
    );
    assert!(chosen.iter().any(|&i| columns[i].days.len() == 2));
    let mut used = vec![0.0; cp.rows.len()];
    for &i in &chosen {
        for (r, a) in cp.entries(&columns[i]) {
            used[r] += a;
        }
    }
    for (r, row) in cp.rows.iter().enumerate() {
        if row.sense == Sense::Le {
            assert!(used[r] <= row.rhs + 1e-9, "row {r}");
        }
    }
}

/// From an empty plan, the fill adds one-day trips that keep every limit row, and the visits
/// they make are no longer missed.
#[test]
fn missed_visits_a_day_trip_can_make_are_filled() {
    let s = fixture();
    let model = Model::build(&s);
    let cp = Campaign::new(&model, 0, true);
    let (mut columns, mut chosen) = (Vec::new(), Vec::new());
    let before: f64 = shortfall(&cp, &columns, &chosen).iter().sum();
    fill_missed(&cp, &[], &mut columns, &mut chosen);
    assert!(
        !chosen.is_empty(),
        "the fixture has villages a day trip reaches"
    );
    let mut used = vec![0.0; cp.rows.len()];
    for &i in &chosen {
        let col = &columns[i];
        assert_eq!(col.days.len(), 1);
        assert_eq!((col.days[0].from, col.days[0].to), (0, 0));
        for (r, a) in cp.entries(col) {
            used[r] += a;
        }
    }
    for (r, row) in cp.rows.iter().enumerate() {
        if row.sense == Sense::Le {
            assert!(used[r] <= row.rhs + 1e-9, "row {r}");
        }
    }
    let after: f64 = shortfall(&cp, &columns, &chosen).iter().sum();
    assert_eq!(
        after,
        before - chosen.len() as f64,
        "each trip makes one owed visit"
    );
}

/// Grown memories lift the bounding LP: on the fixture, the bound with the work for them is
/// above the bound of the first memory alone, and no more than the plan's cost (¥6,076, proven
/// optimal by branch-and-price at the thorough effort).
#[test]
fn grown_memories_lift_the_relaxed_bound() {
    let s = fixture();
    let model = Model::build(&s);
    let cp = Campaign::new(&model, 0, false);
    let masks = trips::leg_masks(&cp.legs);
    let places: Vec<usize> = cp.c.services.iter().map(|x| x.location).collect();
    let first = trips::ng_sets(&cp.ends, &places, &model.travel, RELAXED_NG_SIZE);
    let cap = Cap::none();
    let started = std::time::Instant::now();
    let wide = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .expect("a pool");
    let done = std::sync::atomic::AtomicBool::new(true);
    let at = |work, wide: Option<Wide>| {
        relaxed_bound(
            &cp,
            &model.travel,
            &masks,
            &first,
            Vec::new(),
            bound::Growth::Within(work),
            cap.until(1.0),
            false,
            started,
            wide,
        )
        .bound
        .expect("a bound")
    };
    let (short, long) = (at(0, None), at(usize::MAX / 4, None));
    assert!(long > short + 1.0, "{long} vs {short}");
    assert!(long <= 6_076.2, "{long}");
    // Its rounds on more threads, once the search is done, prove the same bound.
    assert_eq!(at(usize::MAX / 4, Some((&wide, &done))), long);

    // Grown to the end, the memories leave the LP no trip that repeats a village: its LP is
    // the LP over trips that repeat none, at least every bound on the way and below the plan.
    let end = relaxed_bound(
        &cp,
        &model.travel,
        &masks,
        &first,
        Vec::new(),
        bound::Growth::ToTheEnd,
        cap.until(1.0),
        false,
        started,
        None,
    );
    assert!(end.reached);
    let ceiling = end.bound.expect("a bound");
    assert!(ceiling >= long - 1e-6, "{ceiling} vs {long}");
    assert!(ceiling <= 6_076.2, "{ceiling}");
    assert!(end.steps.len() >= 2);
    let first_largest = first.iter().map(|m| m.count_ones()).max();
    assert_eq!(Some(end.steps[0].largest_memory), first_largest);
    for pair in end.steps.windows(2) {
        // A step's memories forbid more trips, so its LP is no lower.
        assert!(
            pair[1].lp >= pair[0].lp - 1e-6,
            "{} then {}",
            pair[0].lp,
            pair[1].lp
        );
        assert!(pair[1].largest_memory >= pair[0].largest_memory);
    }
    assert!((end.steps.last().unwrap().lp - ceiling).abs() < 1e-3);
}

/// A season plan whose trips share a team-day is placed on days that keep them apart: both
/// visits are made, and what is placed costs no more than the plan in the season (the misses
/// are filled).
#[test]
fn a_season_plan_placed_on_days_keeps_its_visits_and_fills_what_it_misses() {
    let s = fixture();
    let model = Model::build(&s);
    let season = Campaign::new(&model, 0, false);
    let timed = Campaign::new(&model, 0, true);
    // Two one-day trips of team 0, both on day 0, that it could also run on days 1 and 2.
    let trips = day_trips_on(&timed, 2, &[(0, 0), (0, 1), (0, 2)]);
    assert!(trips.iter().all(|t| (t.team, t.start) == (0, 0)));
    let (placed, start) = timed::place_plan(&season, &timed, &model.travel, trips.clone(), &[]);
    let mut days: Vec<(usize, usize)> = start
        .iter()
        .map(|&i| (placed[i].team, placed[i].start))
        .collect();
    days.sort_unstable();
    days.dedup();
    assert!(days.len() >= start.len(), "one trip a team-day: {days:?}");
    let missed = shortfall(&timed, &placed, &start);
    for t in &trips {
        let x = t.days[0].stops[0];
        let (owed, short) = season
            .c
            .demands
            .iter()
            .zip(&missed)
            .filter(|(d, _)| d.service == x)
            .fold((0.0, 0.0), |(o, m), (d, &u)| (o + d.required as f64, m + u));
        assert!(short < owed, "the plan's visit to {x} is made");
    }
    let in_season = plan_cost(&season, &trips, &[0, 1]);
    let on_days = plan_cost(&timed, &placed, &start);
    assert!(on_days <= in_season + 1e-6, "{on_days} > {in_season}");
    assert_eq!(
        on_days,
        timed::placed_cost(&season, &timed, &model.travel, trips, &[])
    );
}

/// A neighbourhood freed before around the same plan is passed over, in any order of its trips;
/// past the limit of turns there is none.
#[test]
fn a_neighbourhood_already_freed_is_passed_over() {
    // Seeds 0 and 1 free the same trips, seed 2 others, seed 3 the first again.
    let sets = [vec![4, 7, 9], vec![9, 4, 7], vec![1, 2, 3], vec![7, 9, 4]];
    let around = |turn: usize| sets[turn % sets.len()].clone();
    let mut tried = HashSet::default();
    let mut turn = 0;
    assert_eq!(
        next_free(&mut tried, &mut turn, 8, around),
        Some(vec![4, 7, 9])
    );
    assert_eq!(turn, 1);
    assert_eq!(
        next_free(&mut tried, &mut turn, 8, around),
        Some(vec![1, 2, 3])
    );
    assert_eq!(turn, 3);
    assert_eq!(next_free(&mut tried, &mut turn, 8, around), None);
    assert_eq!(turn, 8);
    // Once the plan changes, the same trips may be freed again.
    tried.clear();
    let mut turn = 3;
    assert_eq!(
        next_free(&mut tried, &mut turn, 8, around),
        Some(vec![7, 9, 4])
    );
}

/// A plan placed at its best by the MIP over its own placements drops a placement it does not
/// need, costs no more than its greedy placement, and keeps the visits that one makes.
#[test]
fn a_plan_placed_at_its_best_drops_what_it_does_not_need_and_keeps_its_visits() {
    let s = fixture();
    let model = Model::build(&s);
    let season = Campaign::new(&model, 0, false);
    let timed = Campaign::new(&model, 0, true);
    let trips = day_trips_on(&timed, 2, &[(0, 0), (0, 1), (0, 2)]);
    let (placed, own, starts) =
        timed::place_plans(&season, &timed, &model.travel, vec![trips], &[]);
    let (own, start) = (&own[0], &starts[0]);
    // The greedy placement with one more of the plan's placements, which it does not need.
    let extra = own
        .iter()
        .copied()
        .find(|j| !start.contains(j))
        .expect("a trip could run on other days");
    let mut padded = start.clone();
    padded.push(extra);
    let best = timed::placed_at_best(&timed, &placed, own, &padded, &Cap::none())
        .expect("a cheaper mix than the padded plan");
    let cost = |plan: &[usize]| plan_cost(&timed, &placed, plan);
    assert!(
        cost(&best) < cost(&padded) - 1e-6,
        "the padded plan came back"
    );
    assert!(
        cost(&best) <= cost(start) + 1e-6,
        "{} > {}",
        cost(&best),
        cost(start)
    );
    let short = |plan: &[usize]| shortfall(&timed, &placed, plan).iter().sum::<f64>();
    assert!(short(&best) <= short(start) + 1e-9);
}

/// A search whose steps go on past `normal`'s hands on, among its plans, the plan `normal`'s
/// search ends with, trip for trip: its first steps are `normal`'s, and `normal`'s end runs on a
/// copy of their pool.
#[test]
fn a_longer_search_hands_on_the_plan_a_normal_search_ends_with() {
    let s = fixture();
    let model = Model::build(&s);
    let timed = Campaign::new(&model, 0, true);
    let cap = Cap::none();
    // The plans a search hands on, each as its trips printed.
    let run = |work: Work| -> Vec<String> {
        let cp = Campaign::new(&model, 0, false);
        let masks = trips::leg_masks(&cp.legs);
        let places: Vec<usize> = cp.c.services.iter().map(|x| x.location).collect();
        let ng = trips::ng_sets(&cp.ends, &places, &model.travel, NG_SIZE);
        let mut g = Generation::new(&cp, &model.travel, &masks, &ng, &ng, Vec::new(), false);
        let first = first_dive(&mut g, work, cap.until(1.0));
        let found = search::search(
            &cp,
            &timed,
            &model.travel,
            &mut g,
            &Some(first),
            &work,
            &cap,
            std::time::Instant::now(),
        )
        .expect("the LPs solve");
        let trips = |plan: &Vec<usize>| -> Vec<Column> {
            plan.iter().map(|&j| g.columns[j].clone()).collect()
        };
        [&found.season, &found.placed]
            .into_iter()
            .flatten()
            .map(trips)
            .chain(found.normal)
            .map(|plan| format!("{plan:?}"))
            .collect()
    };
    let normal = Work::of(Effort::Normal);
    let short = run(Work {
        lns_steps: 2,
        ..normal
    });
    let long = run(Work {
        lns_steps: 4,
        normal_end_after: 2,
        // The long search's own end makes no MIPs and no dive, so that only `normal`'s end
        // can bring the short search's plan among its plans.
        polish_mips: 0,
        fewer_trips: false,
        ..normal
    });
    assert!(
        long.contains(&short[0]),
        "the short search's plan is not handed on"
    );
}
