//! Planning with fixed teams and multi-day trips (campaigns to high pastoral villages). The master
//! program chooses trips, each a column x[g,e,trip] for team g starting on day e:
//!
//!   min  Σ cost x + Σ penalty_q u_q
//!   cover       Σ visits of service s in period q + u_q ≥ required_q
//!   spacing     Σ visits of s in [d0, d0 + S_s) ≤ 1                  (services owed two visits or more)
//!   team-day    Σ trips of g running on day d ≤ 1
//!   month/week  Σ trip-days of g in the period ≤ the members' smallest limit
//!   consecutive Σ trip-days of g in any K+1 days ≤ K                 (K: the members' smallest limit)
//!   high nights Σ nights of g above the line in a month ≤ the members' smallest cap
//!   beds        Σ persons sleeping at lodging ℓ on night d ≤ beds    (where teams could overfill it)
//!
//! A team's members share its schedule, so per-member limits are rows per team and exact. Columns come
//! from the pricing programs of `tours::trips` (a quick one, then an exact one once the quick one
//! finds nothing), which return a lower bound on the reduced cost of every trip; that gives
//! Farley's bound on every plan (see `farley`). The leg-flow relaxation (`flow`) gives a second
//! bound that needs no converged duals; the plan reports the larger.
//!
//! Column generation runs on the season-level relaxation (`timed = false`: no team-day, week,
//! consecutive-day or bed rows), where trips on different days do not compete for a team's days, so
//! its LP settles in far fewer rounds. A dive from its LP (`Generation::dive`) then fixes trips
//! (one at a time, more on large campaigns) and prices again, which ends in a whole plan and fills
//! the pool with trips that fit around each other. A large-neighbourhood search frees a few nearby
//! trips of the best plan at a time and dives again around the rest (`Generation::dive_around`).
//! Beside the search, on a thread of its own, the relaxation's MIP picks trips from the pool the
//! dive left, starting from the dive's plan; the timed master then places its trips, the search's
//! and the dive's on days and may mix them. Where the timed LP already proves its start optimal,
//! no branch-and-bound runs (`start_proved`).
//!
//! A second LP bounds: its columns may be relaxed trips (`trips::relaxed_trips`, which may visit a
//! village twice), so its pricing is an exact dynamic program and its LP is proven when it finds
//! nothing (Farley's bound with θ = 1). It starts from the root's pool of trips and runs beside
//! everything after the root, in a thread pool of its own.
//!
//! Campaigns of up to 24 villages then run branch-and-price on the timed master itself (`branch`):
//! exact pricing under every timed row, subset-row cuts at the root (`cuts`), a MIP over the
//! root's trips, and a best-first tree whose branches (arcs between villages, team-days, a
//! team-day's route) are kept by the pricing. Its bound is a bound on every plan, and when it
//! closes, the plan is optimal.
//!
//! This file holds the shared types, the work limits and `solve`, which runs the steps above; the
//! steps live in `campaign/`: `rows` (the master's rows, and what a trip enters in them and costs),
//! `lp` (the LP kept alive in HiGHS, the MIP over a set of trips, `start_proved`), `pricing`
//! (pricing rounds, Farley's bound, column generation), `dive` (the dives, what a plan costs and
//! misses), `search` (the large-neighbourhood search, the season MIP's columns and start), `repair`
//! (greedy plans, filling missed visits, trimming surplus stops, placing trips for the timed
//! master, dropping visits the timed plan repeats too soon), `bound` (the bounding LP over relaxed trips), `flow` (the leg-flow bound), `reasons`
//! (why a visit is missed), `idle` (why a team sits idle), `branch` (the tree), `cuts` (its
//! subset-row cuts) and `tests`.
//!
//! Limits, measured on the bundled Ngamring campaign: the relaxed LP at its first memory converges
//! at 74.4k against a plan of 79.4k (gap 6.3 %); with its memories grown where its trips repeat
//! villages (`bound`), at 74.9k after one step (5.7 %, `normal`) and 75.7k after three (4.6 %,
//! `thorough`). The season LP over the pool's real trips is 78.0k, and over all real trips at
//! most 77.8k, so no LP bound can show less than 2.0 % there. `docs/campaign-bound.md` keeps
//! what each way of lifting the bound measured, landed or not.

use super::budget::{self, Cap, Until};
use super::reason::{Reason, ReasonCode as Code};
use super::{ComponentResult, ComponentStats, Options, Run, Shortfall, TripPart};
use crate::model::{Component, Model, SlotKind};
use crate::plan::rmp::Sense;
use crate::scenario::Effort;
use crate::scenario::{fills_role, Scenario};
use crate::text;
use crate::tours::trips::{self, DayTable, Ends, Leg, TeamPrices};
use crate::tours::Tour;
use rayon::prelude::*;
// Fast hashing of trip shapes and day keys (pricing hashes every service of every day a round).
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::hash::{Hash, Hasher};

mod bound;
mod branch;
mod cuts;
mod dive;
mod fewer;
mod flow;
mod idle;
mod lp;
mod polish;
mod pricing;
mod reasons;
mod repair;
mod rows;
mod search;
#[cfg(test)]
mod tests;
mod timed;

pub(super) use bound::ceiling;
use bound::{relaxed_bound, Growth};
pub use bound::{Ceiling, CeilingStep};
use branch::{branch_and_price, fits_tree, Rules};
use cuts::SubsetRows;
use dive::{plan_cost, shortfall, subset_with_start};
use fewer::fewer_trips;
use lp::{mip, Lp};
use pricing::{Generated, Generation, Stage, Wide, NG_SIZE, RELAXED_NG_SIZE};
use reasons::reason;
use repair::{drop_close_repeats, fill_missed, greedy, place_first, trim_surplus, Placements};
use search::{search, season_choice, Searched};

/// What a row counts, for pricing.
#[derive(Clone, Copy, Debug)]
enum RowKind {
    Cover,
    Spacing,
    TeamDay,
    TeamDays,
    HighNights,
    Beds,
    /// At most so many trips in all (only in the dive of `fewer::fewer_trips`).
    Trips,
}

/// A trip's days as (from, to, stops): what makes two trips the same.
type Shape = Vec<(usize, usize, Vec<usize>)>;

#[derive(Clone)]
struct Row {
    sense: Sense,
    rhs: f64,
    kind: RowKind,
}

/// One team as the planner sees it.
#[derive(Clone)]
struct TeamInfo {
    team: usize,
    vehicle: usize,
    persons: u32,
    cost_per_km: f64,
    cost_per_day: f64,
    max_load_kg: f64,
    cleared: bool,
    available: Vec<bool>,
    /// Legs this team may drive (drive limit, clearance, specialties).
    legs: Vec<usize>,
    /// Rows counting each of its days: team-day row and the month/week/consecutive rows.
    day_rows: Vec<Vec<usize>>,
    team_day_row: Vec<Option<usize>>,
    /// High-night row per day (by month), if the team has a cap.
    high_row: Vec<Option<usize>>,
}

/// A trip as a column: its days in order, as legs (stops already repaired).
#[derive(Clone, Debug)]
struct Column {
    team: usize,
    start: usize,
    days: Vec<Leg>,
    cost: f64,
}

#[derive(Clone)]
struct Campaign<'a> {
    s: &'a Scenario,
    c: &'a Component,
    ends: Ends,
    legs: Vec<Leg>,
    teams: Vec<TeamInfo>,
    rows: Vec<Row>,
    /// Per service, per day: the rows a visit that day enters.
    visit_rows: Vec<Vec<Vec<usize>>>,
    /// Beds row per (end, day) where teams could overfill the lodging.
    bed_rows: HashMap<(usize, usize), usize>,
    max_days: usize,
    /// The row that counts every trip, where there is one (`fewer::fewer_trips`).
    trips_row: Option<usize>,
}

/// The campaign's leg masks, its pricing's memories (ng-sets) and its bounding LP's first ones.
fn memories(cp: &Campaign, model: &Model) -> (Vec<u128>, Vec<u128>, Vec<u128>) {
    let places: Vec<usize> = cp.c.services.iter().map(|x| x.location).collect();
    (
        trips::leg_masks(&cp.legs),
        trips::ng_sets(&cp.ends, &places, &model.travel, NG_SIZE),
        trips::ng_sets(&cp.ends, &places, &model.travel, RELAXED_NG_SIZE),
    )
}

pub(super) fn solve(
    model: &Model,
    ci: usize,
    o: &Options,
    cap: &Cap,
    progress: &dyn super::Progress,
) -> Result<ComponentResult, String> {
    let started = std::time::Instant::now();
    let s = model.scenario;
    let c = &model.components[ci];
    let base_name = &s.bases[c.base].name;
    let base_id = &s.bases[c.base].id;
    let work = Work::of(o.effort);
    // Column generation runs on the season-level relaxation (see `Campaign::new`): its LP bound is a
    // bound on every plan, and its trips are then placed on days by the timed master.
    let cp = Campaign::new(model, ci, false);
    let (masks, ng, relaxed_ng) = memories(&cp, model);
    let debug = std::env::var_os("OUTREACH_DEBUG").is_some();
    if debug {
        eprintln!(
            "campaign base {}: {} services, {} legs, {} teams, {} rows, {:.2}s",
            s.bases[c.base].id,
            c.services.len(),
            cp.legs.len(),
            cp.teams.len(),
            cp.rows.len(),
            started.elapsed().as_secs_f64()
        );
    }
    // The leg-flow bound first: it holds whatever column generation reaches in its time.
    progress.phase(base_name, &crate::text!("phase-bounding"));
    let flow_bound = flow::flow_bound_logged(&cp, &model.travel, cap.left(FLOW), debug);
    let mut generation = Generation::new(
        &cp,
        &model.travel,
        &masks,
        &ng,
        &relaxed_ng,
        Vec::new(),
        debug,
    );
    // A fixed number of rounds, not the clock, ends column generation (same scenario, same plan);
    // the clock only stops it on a machine much slower than ours.
    let root = generation.run(
        Stage::Thin,
        Stage::Exact,
        work.rounds,
        cap.until(budget::GENERATION),
        &|round| {
            progress.phase(
                base_name,
                &crate::text!("phase-trip-round", round = round, rounds = work.rounds),
            )
        },
    )?;
    let rounds = generation.rounds;
    // Farley's bound from column generation.
    let bound = root.bound;
    let (lp_value, lp_x, last_duals) = match root.lp {
        Some(lp) => (lp.objective, lp.x, lp.duals),
        None => (f64::INFINITY, Vec::new(), Vec::new()),
    };
    // The bounding LP over relaxed trips starts from the root's pool of trips and runs beside the
    // dives, the search and the MIPs; its rounds, not the clock, end it (the clock is a safety
    // net), so the bound does not depend on the machine's load either.
    let bound_pool = generation.columns.clone();
    // Its rows: the season's, and one of at least as many trips as the loads owed ask for.
    let bound_cp = cp.with_least_trips();
    let bound_cp = bound_cp.as_ref().unwrap_or(&cp);
    let timed = Campaign::new(model, ci, true);
    let bound_until = cap.until(budget::MIP);
    // (A sweep plans each variation on one thread: its bound gets one too.)
    let threads = match o.threads {
        0 => rayon::current_num_threads(),
        n => n,
    };
    // Up once the search is done: the bound's rounds then take every core.
    let search_done = std::sync::atomic::AtomicBool::new(false);
    let (primal, relaxed_bound) = std::thread::scope(|scope| {
        let bounding = scope.spawn(|| {
            // A thread of its own while the search runs, so as not to slow it (a pool as large
            // as the plan's all along slowed two pastoral campaigns by 10–13 s); once the search
            // is done (Ngamring: at about 46 s of 58 at `normal`), a pool as large as the plan's.
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .build()
                .ok()?;
            let wide = (threads > 1)
                .then(|| {
                    rayon::ThreadPoolBuilder::new()
                        .num_threads(threads)
                        .build()
                        .ok()
                })
                .flatten();
            pool.install(|| {
                relaxed_bound(
                    bound_cp,
                    &model.travel,
                    &masks,
                    &relaxed_ng,
                    bound_pool,
                    Growth::Within(work.bound_work),
                    bound_until,
                    debug,
                    started,
                    wide.as_ref().map(|w| (w, &search_done)),
                )
                .bound
            })
        });
        let primal = (|| -> Result<_, String> {
            // A dive from the LP: each step makes its largest fractional trip a must and prices
            // again, so that the trips around it fit what is left. It ends in a whole plan or
            // gives none.
            progress.phase(base_name, &crate::text!("phase-diving"));
            let first_dive = if lp_x.is_empty() {
                None
            } else {
                generation.dive(&lp_x, &work, cap.until(budget::DIVE))?
            };
            // The relaxation's MIP picks trips from the pool as the dive left it, on a thread of
            // its own beside the search; the timed master then gives them days.
            let (sub, start_in_sub) =
                season_choice(&cp, &generation.columns, &lp_x, &last_duals, &first_dive);
            let cp_ref = &cp;
            let season = scope.spawn(move || {
                let chosen = mip(
                    cp_ref,
                    &sub,
                    &start_in_sub,
                    cap.left(SEASON_MIP),
                    o.mip_gap,
                    work.nodes / 5,
                    cap.stop(),
                );
                if debug {
                    if let Ok((picked, _, objective, bound, _, _)) = &chosen {
                        eprintln!(
                            "  season mip {objective:.1} (its bound {bound:.1}) trips {} {:.2}s",
                            picked.len(),
                            started.elapsed().as_secs_f64()
                        );
                    }
                }
                (chosen, sub)
            });
            progress.phase(base_name, &crate::text!("phase-improving"));
            let Searched {
                season: dived,
                placed: placed_best,
                normal: normal_plans,
            } = search(
                &cp,
                &timed,
                &model.travel,
                &mut generation,
                &first_dive,
                &work,
                cap,
                started,
            )?;
            let columns = generation.columns;
            if debug {
                eprintln!(
                    "  dive: {} {:.2}s",
                    dived.as_ref().map_or("no plan".to_string(), |d| format!(
                        "{} trips, cost {:.1}",
                        d.len(),
                        plan_cost(&cp, &columns, d)
                    )),
                    started.elapsed().as_secs_f64()
                );
            }
            progress.phase(base_name, &crate::text!("phase-choosing-trips"));
            let (chosen, sub) = season
                .join()
                .map_err(|_| "the season MIP's thread panicked".to_string())?;
            let (picked_shapes, _, _, season_bound, _, out_of_time) = chosen?;
            if out_of_time {
                cap.cut(format!("{base_id}: season MIP"));
            }
            // The season MIP's trips, the search's and the first dive's, each placed on days; the
            // timed MIP starts from the cheapest placement and may mix them.
            progress.phase(base_name, &crate::text!("phase-placing-trips"));
            let (placed, chosen, u, objective, mip_bound, optimal) = timed::plan(
                &cp,
                &timed,
                &model.travel,
                [picked_shapes.iter().map(|&i| sub[i].clone()).collect()]
                    .into_iter()
                    .chain(
                        [&dived, &placed_best, &first_dive]
                            .into_iter()
                            .flatten()
                            .map(|d| d.iter().map(|&j| columns[j].clone()).collect()),
                    )
                    .chain(normal_plans)
                    .collect(),
                &columns,
                o.mip_gap,
                work.nodes,
                cap,
                debug.then_some(started),
            )?;
            Ok((
                placed,
                chosen,
                u,
                objective,
                mip_bound,
                optimal,
                season_bound,
            ))
        })();
        search_done.store(true, std::sync::atomic::Ordering::Relaxed);
        // A failure there costs the bound, not the plan.
        (primal, bounding.join().ok().flatten())
    });
    let (mut placed, mut chosen, mut u, mut objective, mip_bound, optimal, season_bound) = primal?;
    // A small campaign's branch-and-price, from the plan: a proven bound on the timed master,
    // and its best plan when it is better.
    let mut tree = None;
    if fits_tree(&timed) && work.tree_nodes > 0 && !cap.stopped() {
        progress.phase(base_name, &crate::text!("phase-branching"));
        let mut t = branch_and_price(
            &timed,
            &model.travel,
            &masks,
            &ng,
            &placed,
            &chosen,
            objective,
            &work,
            cap.until(budget::TREE),
            debug,
        )?;
        if let Some((columns, plan)) = t.best.take() {
            (placed, chosen) = (columns, plan);
            drop_close_repeats(&timed, &model.travel, &mut placed, &chosen);
            u = shortfall(&timed, &placed, &chosen);
            objective = plan_cost(&timed, &placed, &chosen);
        }
        tree = Some(t);
    }
    // Farley's bound: from the rounds on real trips or those on relaxed ones, or the tree's.
    let bound = [bound, relaxed_bound, tree.as_ref().and_then(|t| t.bound)]
        .into_iter()
        .flatten()
        .reduce(f64::max);
    let (runs, shortfalls) = timed::runs(&timed, ci, &placed, &chosen, &u);
    let idle = idle::idle_runs(&timed, ci, &placed, &chosen, &u);
    let columns = placed;
    if debug {
        eprintln!(
            "  mip {objective:.1} pool bound {mip_bound:.1} bound {:.1} optimal {optimal} trips {} {:.2}s",
            bound.unwrap_or(f64::NAN),
            chosen.len(),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(ComponentResult {
        runs,
        shortfalls,
        idle,
        seeds: vec![],
        previous: Default::default(),
        stats: ComponentStats {
            objective,
            // The season MIP's bound holds for every timed plan made of generated trips (the
            // season rows are a relaxation of the timed ones); the timed MIP's own bound only for
            // the chosen trips.
            pool_bound: season_bound.min(mip_bound).min(objective),
            bound: match (bound, flow_bound) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            }
            .map(|b| b.min(objective)),
            lp_value,
            pool_tours: columns.len(),
            columns: columns.len(),
            rounds,
            enumerated: false,
            mip_optimal: optimal,
            tree: tree.map(|t| super::TreeStats {
                nodes: t.nodes,
                cuts: t.cuts,
                root_bound: t.root_bound.unwrap_or(0.0),
                bound: t.bound.unwrap_or(0.0),
                closed: t.closed,
                stopped: t.stopped,
            }),
        },
    })
}

/// The team's members with the slot each fills (roles in crew order; others by their role).
fn crew_of(s: &Scenario, team: usize) -> Vec<(usize, SlotKind)> {
    let mut left: Vec<(String, u32)> = s.crew.clone();
    let mut out = Vec::new();
    for &m in &s.teams[team].members {
        let role = &s.clinicians[m].role;
        let slot = left
            .iter_mut()
            .find(|(r, n)| *n > 0 && fills_role(r, role))
            .map(|(r, n)| {
                *n -= 1;
                r.clone()
            })
            .unwrap_or_else(|| role.clone());
        out.push((m, SlotKind::Role(slot)));
    }
    out
}

/// Shares of the cap at which the leg-flow bound and the season MIP end at the latest.
const FLOW: f64 = 0.2;
const SEASON_MIP: f64 = 0.78;

/// Work limits of a campaign, so that the plan does not depend on the clock: rounds of column
/// generation, dive rounds, search steps and branch-and-bound nodes per MIP, by effort. At
/// `normal`, on the bundled Ngamring campaign, column generation runs out of trips after 96 of
/// its 100 rounds (83 thin ones, 12 quick ones, one exact one that gives up), and the season
/// MIP's 100 nodes found nothing better than the search's plan with 500.
#[derive(Clone, Copy)]
struct Work {
    rounds: usize,
    nodes: i32,
    dive_steps: usize,
    dive_rounds: usize,
    /// Pricing rounds a dive may take before its steps fix several trips at once.
    dive_budget: usize,
    lns_steps: usize,
    lns_free: usize,
    /// Search steps after which `normal`'s end (its polish and its dive held to a trip fewer)
    /// runs on a copy of the pool, its plans going to the timed master beside the search's own
    /// when they cost less in the season (`search::normal_end`); 0: none.
    normal_end_after: usize,
    /// MIPs of the polish after the search (`polish::polish`), and nodes a MIP.
    polish_mips: usize,
    polish_nodes: i32,
    /// Whether the search ends with a dive held to a trip fewer than its plan (`fewer`).
    fewer_trips: bool,
    /// Branch-and-price nodes (campaigns small enough for the tree) and pricing rounds a node;
    /// rounds of subset-row cuts at its root.
    tree_nodes: usize,
    node_rounds: usize,
    cut_rounds: usize,
    /// Work of the bounding LP's pricing, its first memory's included (see `bound::relaxed_bound`).
    bound_work: usize,
}

impl Work {
    fn of(effort: Effort) -> Work {
        let normal = Work {
            rounds: 100,
            nodes: 500,
            dive_steps: 60,
            dive_rounds: 20,
            dive_budget: 600,
            lns_steps: 8,
            lns_free: 3,
            normal_end_after: 0,
            polish_mips: 40,
            polish_nodes: 200,
            fewer_trips: true,
            tree_nodes: 200,
            node_rounds: 60,
            cut_rounds: 5,
            // Steps of grown memories while three times the last still fits (Ngamring: two,
            // 74,633 → 75,281 → 75,726 with the row of least trips, in 55 s; 8 other pastoral
            // campaigns: 75–127 s).
            bound_work: 3_500_000_000,
        };
        match effort {
            Effort::Quick => Work {
                rounds: 40,
                nodes: 100,
                dive_budget: 200,
                lns_steps: 0,
                polish_mips: 0,
                fewer_trips: false,
                tree_nodes: 1,
                cut_rounds: 0,
                bound_work: 0,
                ..normal
            },
            Effort::Normal => normal,
            // Normal's column generation and first dive, so that the search starts where
            // normal's does and its first 8 steps are normal's; then normal's end on a copy of
            // the pool, whose plans the timed master places too (from the pool of 16 steps, one
            // campaign's dive held to a trip fewer found none as cheap as from that of 8:
            // ¥85,502 where `normal` gave ¥82,561); then 8 more steps, and larger MIPs and
            // trees. (300 rounds and a dive of 1,500 led two campaigns to a dearer first plan, and
            // 30 steps, with a bound work of 3·10⁹, ran into the clock cap on a 2-core machine.
            // 32 steps lowered three of five pastoral campaigns by 0.2–1.7 % (40: Ngamring by
            // 0.9 %), the late steps freeing 5 or 6 trips, but one campaign's search then ends
            // near 130 s idle, too close to the cap's 70 % mark on a busy machine.)
            // The bounding LP may go on to grow its memories where its trips repeat villages
            // while each step still lifts it (Ngamring: 74,633 → 75,281 → 75,726 → 75,866, in
            // about 100 s).
            Effort::Thorough => Work {
                nodes: 5_000,
                lns_steps: 16,
                normal_end_after: 8,
                polish_mips: 80,
                tree_nodes: 2_000,
                cut_rounds: 10,
                bound_work: 12_000_000_000,
                ..normal
            },
        }
    }
}
