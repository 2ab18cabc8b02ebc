//! The bounding LP over relaxed trips (`trips::relaxed_trips`).

use super::*;

/// How far `relaxed_bound` grows its memories past the first.
#[derive(Clone, Copy, Debug)]
pub(super) enum Growth {
    /// Within this much of the relaxed pricing's work, the first memory's included: a step begins
    /// only while three times the last still fits and the last lifted the bound by `MIN_LIFT`.
    Within(usize),
    /// Until no trip the LP runs visits a village twice (the clock still caps it). That LP is
    /// then the LP over relaxed trips that repeat no village: within loads rounded to a unit
    /// and the rest-night rule, the LP over all real trips (`outreach bench ceiling`).
    ToTheEnd,
}

/// One LP of `relaxed_bound`: the first memory's, or a step's of grown memories.
#[derive(Clone, Debug, serde::Serialize)]
pub struct CeilingStep {
    /// The most villages one lodging remembers.
    pub largest_memory: u32,
    /// The LP's value (`NaN` where it did not solve).
    pub lp: f64,
    /// The bound its rounds proved (the LP's value once the pricing finds no trip below 0).
    pub bound: Option<f64>,
    /// The relaxed pricing's work in this LP (points carried over a leg): the same on any
    /// machine.
    pub work: usize,
    /// Seconds since the base's planning began, at its end.
    pub seconds: f64,
}

/// A campaign base's LP ceiling (`ceiling`): the bounding LP with its memories grown to the end.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Ceiling {
    /// The base's id.
    pub base: String,
    /// The bound proved: where no repeat is left, the LP over all real trips (within loads
    /// rounded to 1/4,096 of a vehicle and the rest-night rule), so no bound from an LP over
    /// trips exceeds it by more than those.
    pub bound: Option<f64>,
    /// Whether the growth ended at a proven LP whose trips repeat no village, so that the bound
    /// is the ceiling; not where the clock stopped it first (the ceiling is then higher).
    pub reached: bool,
    pub steps: Vec<CeilingStep>,
    pub seconds: f64,
}

/// The ceiling of the bounds of base `ci`'s campaign: the root's column generation at the
/// effort's rounds (the pool the bounding LP starts from, as in a plan), then the bounding LP
/// with its memories grown until its trips repeat no village, within the cap's clock.
pub(in crate::plan) fn ceiling(
    model: &Model,
    ci: usize,
    o: &Options,
    cap: &Cap,
) -> Result<Ceiling, String> {
    let started = std::time::Instant::now();
    let debug = std::env::var_os("OUTREACH_DEBUG").is_some();
    let cp = Campaign::new(model, ci, false);
    let (masks, ng, relaxed_ng) = memories(&cp, model);
    let mut generation = Generation::new(
        &cp,
        &model.travel,
        &masks,
        &ng,
        &relaxed_ng,
        Vec::new(),
        false,
    );
    generation.run(
        Stage::Thin,
        Stage::Exact,
        Work::of(o.effort).rounds,
        cap.until(budget::GENERATION),
        &|_| {},
    )?;
    let held = cp.with_least_trips();
    let run = relaxed_bound(
        held.as_ref().unwrap_or(&cp),
        &model.travel,
        &masks,
        &relaxed_ng,
        generation.columns,
        Growth::ToTheEnd,
        cap.until(1.0),
        debug,
        started,
        None,
    );
    Ok(Ceiling {
        base: model.scenario.bases[model.components[ci].base].id.clone(),
        bound: run.bound,
        reached: run.reached,
        steps: run.steps,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// What a run of `relaxed_bound` proved.
pub(super) struct Bounded {
    /// The best bound its LPs proved.
    pub(super) bound: Option<f64>,
    /// The first memory's LP, then each step's.
    pub(super) steps: Vec<CeilingStep>,
    /// Whether the growth ended at a proven LP whose trips repeat no village: no memory can
    /// lift it further.
    pub(super) reached: bool,
}

/// Farley's bound of the LP over relaxed trips (`trips::relaxed_trips`), from the pool `pool`:
/// the best its rounds prove, `None` if none proves one by `until` or HiGHS fails. Past the
/// first memory (`relaxed_ng`), memories grow where its trips repeat villages as far as `growth`
/// allows. Its rounds take the pool of `wide` once its flag is up.
#[allow(clippy::too_many_arguments)]
pub(super) fn relaxed_bound(
    cp: &Campaign,
    travel: &crate::travel::Travel,
    masks: &[u128],
    relaxed_ng: &[u128],
    pool: Vec<Column>,
    growth: Growth,
    until: Until,
    debug: bool,
    started: std::time::Instant,
    wide: Option<Wide>,
) -> Bounded {
    let work_limit = match growth {
        Growth::Within(work) => work,
        Growth::ToTheEnd => usize::MAX,
    };
    let mut bounding = Generation::new(cp, travel, masks, &[], relaxed_ng, pool, debug);
    bounding.wide = wide;
    if debug {
        // The LP over the pool's real trips is at least the LP over all trips, so no bound from
        // this LP, however strong its pricing, can exceed it: the gap above it is the MIP's.
        if let Ok((objective, _, _)) = bounding.lp.solve(until.left()) {
            eprintln!("  pool LP {objective:.1} (no LP bound exceeds it)");
        }
    }
    let relaxed = bounding
        .run(Stage::RelaxedThin, Stage::Relaxed, 200, until, &|_| {})
        .unwrap_or_else(|e| {
            if debug {
                eprintln!("  no relaxed bound: {e}");
            }
            Generated {
                lp: None,
                bound: None,
            }
        });
    let largest = |ng: &[u128]| ng.iter().map(|m| m.count_ones()).max().unwrap_or(0);
    let step = |ng: &[u128], run: &Generated, work: usize, rounds: usize, first: bool| {
        let lp = run.lp.as_ref().map_or(f64::NAN, |l| l.objective);
        if debug {
            let memory = if first {
                String::new()
            } else {
                format!(", memories up to {}", largest(ng))
            };
            eprintln!(
                "  relaxed LP{memory}: {lp:.1} bound {:.1} in {rounds} rounds, work {work} {:.2}s",
                run.bound.unwrap_or(f64::NAN),
                started.elapsed().as_secs_f64()
            );
        }
        CeilingStep {
            largest_memory: largest(ng),
            lp,
            bound: run.bound,
            work,
            seconds: started.elapsed().as_secs_f64(),
        }
    };
    let mut steps = vec![step(
        relaxed_ng,
        &relaxed,
        bounding.work,
        bounding.rounds,
        true,
    )];
    // Then memories grown where the LP's trips repeat a village (dynamic ng-routes), while the
    // work limit allows: each step forbids the repeats the LP leaned on, so its bound is higher.
    // Grown this way, memories lift the bound more for their work than the nearest villages do
    // (Ngamring: +463 for 1.5·10⁹ of work, where the 2 nearest gave +250 for 5.9·10⁹). A step
    // has cost up to 3.9 times the last (Ngamring, seed 1), so one begins only if three times
    // the last still fits (one that runs out of work on the way proves nothing), and only if
    // the last lifted the bound by `MIN_LIFT` of it.
    let mut best = relaxed.bound;
    let (mut spent, mut last) = (bounding.work, bounding.work);
    let mut ng = relaxed_ng.to_vec();
    let (mut columns, mut lp) = (bounding.columns, relaxed.lp);
    // How much the last step lifted the bound (none yet: the first step may begin).
    let mut lifted = f64::INFINITY;
    let mut reached = false;
    while !until.passed()
        && match growth {
            Growth::Within(limit) => may_grow(spent, last, limit, lifted, best),
            Growth::ToTheEnd => true,
        }
    {
        let Some(solution) = lp.as_ref() else { break };
        let grown = grow_memories(&columns, &solution.x, &ng);
        if grown == ng {
            // No trip the LP uses repeats a village: growing cannot lift it (if the pricing
            // proved that LP: its bound is its value).
            reached = steps
                .last()
                .and_then(|st| st.bound.map(|b| b >= st.lp - 1e-6 * st.lp.abs().max(1.0)))
                .unwrap_or(false);
            break;
        }
        ng = grown;
        let kept: Vec<Column> = columns
            .into_iter()
            .filter(|col| remembers_no_repeat(col, &ng))
            .collect();
        let mut longer = Generation::new(cp, travel, masks, &[], &ng, kept, false);
        longer.work_limit = work_limit - spent;
        longer.wide = wide;
        let Ok(run) = longer.run(Stage::RelaxedThin, Stage::Relaxed, 200, until, &|_| {}) else {
            break;
        };
        spent = spent.saturating_add(longer.work);
        last = longer.work;
        steps.push(step(&ng, &run, longer.work, longer.rounds, false));
        let before = best;
        best = match (best, run.bound) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        lifted = match (before, best) {
            (Some(a), Some(b)) => b - a,
            _ => f64::INFINITY,
        };
        if longer.work >= longer.work_limit {
            break;
        }
        (columns, lp) = (longer.columns, run.lp);
    }
    Bounded {
        bound: best,
        steps,
        reached,
    }
}

/// The least share of the bound a step of `relaxed_bound` must have lifted it by for another to
/// begin: late steps cost a full round each to prove and lift little (two pastoral campaigns at
/// `thorough`: +88, +24, +2 and +67, +113, +18, +4 where their first steps gave +528 and +1,153;
/// after steps of 0.2 % two more gave +56 and +25 for 40 s each), so work is spent where it
/// still pays, and the bound ends well before the clock cap on a busy machine.
const MIN_LIFT: f64 = 0.003;

/// Whether another step of grown memories may begin: three times the last step's work (`last`)
/// still fits the limit beside the work `spent`, and the last step lifted the bound (`best`) by
/// `MIN_LIFT` of it.
fn may_grow(spent: usize, last: usize, limit: usize, lifted: f64, best: Option<f64>) -> bool {
    spent + 3 * last <= limit && lifted >= MIN_LIFT * best.unwrap_or(0.0)
}

/// Villages a step of `relaxed_bound` adds to a lodging's memory at most: those the LP's trips
/// lean on most. (4 a step reached about the same bounds for the same work on Ngamring.)
const GROWN_A_STEP: usize = 2;

/// Whether the relaxed pricing with memories `ng` can find the trip: no day of it visits a
/// village the trip still remembers from an earlier day.
fn remembers_no_repeat(col: &Column, ng: &[u128]) -> bool {
    let mut memory = 0u128;
    for leg in &col.days {
        let visited = trips::mask_of(&leg.stops);
        if visited & memory != 0 {
            return false;
        }
        memory = if leg.to == 0 {
            0
        } else {
            (memory | visited) & ng[leg.to]
        };
    }
    true
}

/// Memories `ng` grown where the LP's trips (values `x`, in the order of `columns`) visit a
/// village twice: remembered at every lodging the trip sleeps at in between, the relaxed pricing
/// no longer finds that trip. Each lodging takes the `GROWN_A_STEP` villages whose repeats carry
/// the most LP value.
fn grow_memories(columns: &[Column], x: &[f64], ng: &[u128]) -> Vec<u128> {
    let mut weight: HashMap<(usize, usize), f64> = HashMap::default();
    for (col, &value) in columns.iter().zip(x).filter(|&(_, &v)| v > 1e-6) {
        // The last day each village was visited on.
        let mut seen: HashMap<usize, usize> = HashMap::default();
        for (k, leg) in col.days.iter().enumerate() {
            for &v in leg.stops.iter().filter(|&&v| v < 128) {
                if let Some(&first) = seen.get(&v) {
                    for night in &col.days[first..k] {
                        if ng[night.to] & (1u128 << v) == 0 {
                            *weight.entry((night.to, v)).or_default() += value;
                        }
                    }
                }
                seen.insert(v, k);
            }
        }
    }
    let mut by: Vec<((usize, usize), f64)> = weight.into_iter().collect();
    by.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut grown = ng.to_vec();
    let mut taken = vec![0usize; ng.len()];
    for ((end, v), _) in by {
        if taken[end] < GROWN_A_STEP {
            taken[end] += 1;
            grown[end] |= 1u128 << v;
        }
    }
    grown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_begins_while_work_is_left_and_the_last_lifted_the_bound_enough() {
        let b = Some(75_000.0);
        // The first step: nothing lifted yet.
        assert!(may_grow(7, 7, 30, f64::INFINITY, b));
        // Three times the last step's work must fit beside what was spent.
        assert!(may_grow(10, 5, 25, 500.0, b));
        assert!(!may_grow(10, 5, 24, 500.0, b));
        // 0.3 % of 75,000 is 225: a step that lifted less ends the growth.
        assert!(may_grow(10, 5, 25, 226.0, b));
        assert!(!may_grow(10, 5, 25, 224.0, b));
    }

    /// A trip of `days` given as (lodging slept at, villages visited); 0 is the base.
    fn trip(days: &[(usize, &[usize])]) -> Column {
        let days = days
            .iter()
            .enumerate()
            .map(|(k, &(to, stops))| Leg {
                from: if k == 0 { 0 } else { days[k - 1].0 },
                to,
                stops: stops.to_vec(),
                km: 0.0,
                drive_minutes: 0.0,
                work_minutes: 0.0,
                load_kg: 0.0,
                top_m: 0.0,
            })
            .collect();
        Column {
            team: 0,
            start: 0,
            days,
            cost: 1.0,
        }
    }

    #[test]
    fn a_repeated_village_is_remembered_at_every_lodging_slept_at_in_between() {
        // Village 3 on days 1 and 3, sleeping at lodgings 1 and 2 between; village 5 once.
        let twice = trip(&[(1, &[3]), (2, &[5]), (0, &[3])]);
        let ng = vec![0u128; 3];
        assert!(remembers_no_repeat(&twice, &ng));
        let grown = grow_memories(std::slice::from_ref(&twice), &[0.5], &ng);
        assert_eq!(grown, vec![0, 1 << 3, 1 << 3]);
        assert!(!remembers_no_repeat(&twice, &grown));
        // The base forgets: the same villages on two trips are no repeat.
        let home = trip(&[(1, &[3]), (0, &[])]);
        assert!(remembers_no_repeat(&home, &grown));
        // A trip the LP does not run grows nothing, nor does a memory that has the village.
        assert_eq!(grow_memories(std::slice::from_ref(&twice), &[0.0], &ng), ng);
        assert_eq!(
            grow_memories(std::slice::from_ref(&twice), &[1.0], &grown),
            grown
        );
    }

    #[test]
    fn a_step_grows_each_lodging_by_the_repeats_the_lp_leans_on_most() {
        // Lodging 1 sees repeats of villages 2, 3 and 4, carried by LP values 0.2, 0.7 and 0.5.
        let trips = [
            trip(&[(1, &[2]), (0, &[2])]),
            trip(&[(1, &[3]), (0, &[3])]),
            trip(&[(1, &[4]), (0, &[4])]),
        ];
        let grown = grow_memories(&trips, &[0.2, 0.7, 0.5], &[0, 0]);
        assert_eq!(GROWN_A_STEP, 2);
        assert_eq!(grown, vec![0, (1 << 3) | (1 << 4)]);
    }
}
