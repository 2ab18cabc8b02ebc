//! Branch-and-price on the timed master, for campaigns small enough that the exact pricing proves
//! each LP: the bound of the whole tree, and the plans its LPs find whole.
//!
//! A node's LP is the timed master over every trip its rules allow, priced by the exact program
//! until it proves the LP (or its rounds run out: then the node's bound is Farley's, which holds
//! all the same). Branching is on a team's day: the flow of a day's route (from, to, its set of
//! villages) for team g on day d, summed over its trips. One child forbids that route to g on d;
//! the other makes it g's only route that day and turns g's team-day row into `= 1`. Routes are
//! the pricing's arcs, so both rules are kept in the pricing by leaving legs out of a day's
//! table; and a plan whose every (team, day, route) flow is whole is a whole plan of the same
//! cost (its trips are the paths of the flow), so the tree ends with the optimum of the timed
//! master. Nodes are taken best bound first, so the tree's bound is always that of its best open
//! node; a work limit on nodes (and rounds a node), not the clock, ends it. Once the root's LP is
//! proven, subset-row cuts it breaks (`cuts`) go into the master for every node, a few rounds of
//! them, each priced again; a round whose cuts cost the exact pricing its proof is taken back.
//!
//! Campaigns of 16 to 24 villages stop at an unproved root (`TreeStop::Unproved`). Measured on a
//! 20-village part of Ngamring (plan ¥28,073, relaxed-LP bound 27,680): the exact pricing with
//! memories of 16 runs out of its 50,000 labels. With memories of 4 and 500,000 labels it
//! finishes, but it prices ng-routes (a village again, once out of memory) while the LP holds
//! only their repaired trips, which cost more; so the pricing keeps finding routes below 0 that
//! the LP cannot take, and its bound stays 1,900 below the LP (25,901 against 27,796). With
//! those ng-routes as the LP's own columns the root is proved (27,762), cuts go in, and the tree
//! ends at 27,730 with a plan of ¥27,954, but in 285 s against 40 s: not landed.

use super::*;
use crate::plan::TreeStop;
use std::collections::BTreeMap;

/// A day's route as what makes it: its ends and its set of villages.
pub(super) type LegKey = (usize, usize, Vec<usize>);

pub(super) fn leg_key(leg: &Leg) -> LegKey {
    let mut stops = leg.stops.clone();
    stops.sort_unstable();
    (leg.from, leg.to, stops)
}

/// A node's rule on one team-day.
#[derive(Clone, Default, PartialEq, Eq, Hash, Debug)]
pub(super) struct DayRule {
    /// The team does not work that day.
    off: bool,
    /// The team works that day (its team-day row is `= 1`).
    worked: bool,
    /// Its only route that day.
    only: Option<LegKey>,
    /// Routes it may not drive that day.
    not: Vec<LegKey>,
}

/// A place a day's route passes: where it starts or sleeps (an end), or a village (a service).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
enum Place {
    End(usize),
    Village(usize),
}

/// Two places one after the other on a day's route.
type Arc = (Place, Place);

/// A branch: what one child adds to the rules, on a team-day (team index, day) or on an arc.
#[derive(Clone, Debug)]
enum Split {
    Off(usize, usize),
    Worked(usize, usize),
    Only(usize, usize, LegKey),
    Not(usize, usize, LegKey),
    /// No route drives the arc.
    ArcOff(Arc),
    /// A route that visits the arc's village drives the arc (its villages are owed one visit).
    ArcOn(Arc),
}

/// A node's rules: per (team index, day), and on arcs for every team and day.
#[derive(Clone, Default, Debug)]
pub(super) struct Rules {
    days: BTreeMap<(usize, usize), DayRule>,
    arcs_off: Vec<Arc>,
    arcs_on: Vec<Arc>,
}

/// The places of a day's route, in order.
fn places(leg: &Leg) -> Vec<Place> {
    std::iter::once(Place::End(leg.from))
        .chain(leg.stops.iter().map(|&x| Place::Village(x)))
        .chain(std::iter::once(Place::End(leg.to)))
        .collect()
}

impl Rules {
    pub(super) fn allows_leg(&self, team: usize, day: usize, leg: &Leg) -> bool {
        self.arcs_allow(leg)
            && match self.days.get(&(team, day)) {
                None => true,
                Some(rule) => {
                    !rule.off
                        && rule.only.as_ref().is_none_or(|k| leg_key(leg) == *k)
                        && !rule.not.contains(&leg_key(leg))
                }
            }
    }

    fn arcs_allow(&self, leg: &Leg) -> bool {
        if self.arcs_off.is_empty() && self.arcs_on.is_empty() {
            return true;
        }
        let seq = places(leg);
        if seq
            .windows(2)
            .any(|w| self.arcs_off.contains(&(w[0], w[1])))
        {
            return false;
        }
        self.arcs_on.iter().all(|&(a, b)| {
            // A village of the arc on this route has the arc's other place beside it.
            let after_a = matches!(a, Place::Village(_))
                .then(|| seq.iter().position(|&p| p == a))
                .flatten()
                .is_none_or(|i| seq.get(i + 1) == Some(&b));
            let before_b = matches!(b, Place::Village(_))
                .then(|| seq.iter().position(|&p| p == b))
                .flatten()
                .is_none_or(|i| i > 0 && seq[i - 1] == a);
            after_a && before_b
        })
    }

    pub(super) fn allows(&self, col: &Column) -> bool {
        (self.days.is_empty() && self.arcs_off.is_empty() && self.arcs_on.is_empty())
            || col
                .days
                .iter()
                .enumerate()
                .all(|(k, leg)| self.allows_leg(col.team, col.start + k, leg))
    }

    /// A hash of the rule on a team-day (0 without one), so that pricing shares a day's table
    /// only between team-days under the same rule.
    pub(super) fn day_hash(&self, team: usize, day: usize) -> u64 {
        let rule = self.days.get(&(team, day));
        if rule.is_none() && self.arcs_off.is_empty() && self.arcs_on.is_empty() {
            return 0;
        }
        let mut hs = rustc_hash::FxHasher::default();
        (rule, &self.arcs_off, &self.arcs_on).hash(&mut hs);
        hs.finish() | 1
    }

    /// Team-day rows the rules make `= 1`.
    fn worked(&self, cp: &Campaign) -> HashSet<usize> {
        self.days
            .iter()
            .filter(|(_, rule)| rule.worked)
            .filter_map(|(&(g, d), _)| cp.teams[g].team_day_row[d])
            .collect()
    }

    /// The LP's duals as Lagrange multipliers: `Campaign::signed`, but a worked team-day row is
    /// an equality, whose multiplier has either sign.
    pub(super) fn signed(&self, cp: &Campaign, duals: &[f64]) -> Vec<f64> {
        let mut pi = cp.signed(duals);
        for r in self.worked(cp) {
            pi[r] = duals[r];
        }
        pi
    }

    fn with(&self, split: Split) -> Rules {
        let mut next = self.clone();
        match split {
            Split::Off(g, d) => next.days.entry((g, d)).or_default().off = true,
            Split::Worked(g, d) => next.days.entry((g, d)).or_default().worked = true,
            Split::Only(g, d, k) => {
                let rule = next.days.entry((g, d)).or_default();
                rule.worked = true;
                rule.only = Some(k);
            }
            Split::Not(g, d, k) => {
                let rule = next.days.entry((g, d)).or_default();
                rule.not.push(k);
                rule.not.sort();
            }
            Split::ArcOff(arc) => {
                next.arcs_off.push(arc);
                next.arcs_off.sort();
            }
            Split::ArcOn(arc) => {
                next.arcs_on.push(arc);
                next.arcs_on.sort();
            }
        }
        next
    }
}

/// What the tree did: its nodes, the root's bound, its own bound (the least bound of its open
/// nodes, or its best plan's cost when none is left), and the best plan its LPs found whole, if
/// it is better than the plan it started from.
pub(super) struct Tree {
    pub(super) nodes: usize,
    /// Subset-row cuts added at the root.
    pub(super) cuts: usize,
    pub(super) root_bound: Option<f64>,
    pub(super) bound: Option<f64>,
    /// Every node was solved or pruned: `bound` is the timed master's optimum.
    pub(super) closed: bool,
    /// What stopped the tree, when it did not close.
    pub(super) stopped: Option<TreeStop>,
    pub(super) best: Option<(Vec<Column>, Vec<usize>)>,
}

struct Node {
    rules: Rules,
    bound: f64,
    depth: usize,
}

/// Whether a campaign is small enough for the tree: the exact pricing runs on every team and
/// start day each round of every node.
pub(super) fn fits_tree(cp: &Campaign) -> bool {
    cp.c.services.len() <= TREE_SERVICES
}

/// Villages of a campaign beyond which the tree does not run.
const TREE_SERVICES: usize = 24;

/// Branch-and-price on `timed` from the plan `chosen` of `placed` (cost `incumbent`).
#[allow(clippy::too_many_arguments)]
pub(super) fn branch_and_price(
    timed: &Campaign,
    travel: &crate::travel::Travel,
    masks: &[u128],
    ng: &[u128],
    placed: &[Column],
    chosen: &[usize],
    incumbent: f64,
    work: &Work,
    until: Until,
    debug: bool,
) -> Result<Tree, String> {
    let mut tree = Tree {
        nodes: 0,
        cuts: 0,
        root_bound: None,
        bound: None,
        closed: false,
        stopped: None,
        best: None,
    };
    // Each team-day row gets an artificial column, open where a node makes the row `= 1`.
    let team_day_rows: Vec<usize> = timed
        .teams
        .iter()
        .flat_map(|t| t.team_day_row.iter().flatten().copied())
        .collect();
    let mut generation = Generation::new(timed, travel, masks, ng, &[], Vec::new(), false);
    generation.lp = Lp::with_artificial(timed, &team_day_rows, incumbent.max(1.0) * 2.0);
    for col in placed {
        generation.lp.add(col.cost, &timed.entries(col));
    }
    generation.columns = placed.to_vec();
    generation.know_pool();
    let mut best_cost = incumbent;
    // Villages owed one visit in the whole season: their arcs may be branched on.
    let mut owed = vec![0; timed.c.services.len()];
    for d in &timed.c.demands {
        owed[d.service] += d.required;
    }
    let once: Vec<bool> = owed.iter().map(|&n| n == 1).collect();
    let tol = |v: f64| 1e-6 * v.abs().max(1.0);
    let mut open = vec![Node {
        rules: Rules::default(),
        bound: f64::NEG_INFINITY,
        depth: 0,
    }];
    let mut lowest_left = f64::INFINITY;
    while !open.is_empty() {
        if tree.nodes >= work.tree_nodes {
            tree.stopped = Some(TreeStop::NodeLimit);
            break;
        }
        if until.passed() {
            until.cap().cut(format!("{}: tree", generation.base_id()));
            tree.stopped = Some(TreeStop::Clock);
            break;
        }
        // Best bound first; the deeper node on a tie (it reaches a whole plan sooner).
        let i = (0..open.len())
            .min_by(|&a, &b| {
                open[a]
                    .bound
                    .total_cmp(&open[b].bound)
                    .then(open[b].depth.cmp(&open[a].depth))
            })
            .expect("open is not empty");
        let node = open.swap_remove(i);
        if node.bound >= best_cost - tol(best_cost) {
            continue;
        }
        tree.nodes += 1;
        apply(&mut generation, &node.rules, &team_day_rows);
        // The root starts from the plan's trips only: it gets the rounds of column generation.
        let rounds = if tree.nodes == 1 {
            work.rounds
        } else {
            work.node_rounds
        };
        let solved = generation.run(Stage::Quick, Stage::Exact, rounds, until, &|_| {})?;
        let Some(lp) = solved.lp else {
            // The clock stopped it: the node stays open, with its parent's bound.
            lowest_left = lowest_left.min(node.bound);
            tree.stopped = Some(TreeStop::Clock);
            break;
        };
        let mut lp = lp;
        let proved = solved.bound.filter(|b| b.is_finite());
        let mut bound = node.bound.max(proved.unwrap_or(f64::NEG_INFINITY));
        if tree.nodes == 1 {
            tree.root_bound = proved;
            if proved.is_none() {
                // The exact pricing gave up at the root: this campaign is too large for a tree.
                lowest_left = f64::NEG_INFINITY;
                tree.stopped = Some(TreeStop::Unproved);
                break;
            }
            // Subset-row cuts the root's LP breaks, then its rounds again, while they prove
            // their LP: the cuts stay in every node's LP.
            generation.cuts = SubsetRows::new(timed);
            let proven = lp.objective - bound <= tol(lp.objective);
            for _ in 0..if proven { work.cut_rounds } else { 0 } {
                let sets = generation.cuts.separate(&generation.columns, &lp.x, &once);
                if sets.is_empty() {
                    break;
                }
                let g = &mut generation;
                g.cuts.add(&mut g.lp, &g.columns, &sets);
                tree.cuts += sets.len();
                let again = generation.run(Stage::Quick, Stage::Exact, rounds, until, &|_| {})?;
                let Some(next) = again.lp else {
                    break;
                };
                let proved = again.bound.filter(|b| b.is_finite());
                if let Some(p) = proved.filter(|&p| next.objective - p <= tol(next.objective)) {
                    bound = bound.max(p);
                    lp = next;
                    if debug {
                        eprintln!(
                            "    root with {} cuts: lp {:.1} bound {bound:.1}",
                            tree.cuts, lp.objective
                        );
                    }
                    continue;
                }
                // The pricing no longer proves the LP with these cuts (its labels ran out): they
                // go (their rows freed), and the LP is priced again without them.
                let g = &mut generation;
                g.cuts.free_last(&mut g.lp, sets.len());
                tree.cuts -= sets.len();
                let back = generation.run(Stage::Quick, Stage::Exact, rounds, until, &|_| {})?;
                if let Some(next) = back.lp {
                    bound = bound.max(back.bound.unwrap_or(f64::NEG_INFINITY));
                    lp = next;
                }
                break;
            }
            tree.root_bound = Some(bound);
            // The timed MIP over the root's trips, priced under every timed row, from the plan
            // the tree started with: the tree's first plan, often its last.
            let (picked, _, cost, _, _, _) = mip(
                timed,
                &generation.columns,
                chosen,
                until.left(),
                1e-6,
                work.nodes,
                until.cap().stop(),
            )?;
            if debug {
                eprintln!(
                    "    root mip {cost:.1} over {} trips",
                    generation.columns.len()
                );
            }
            if cost < best_cost - tol(best_cost) {
                best_cost = cost;
                tree.best = Some((generation.columns.clone(), picked));
            }
            if lp.objective - bound > tol(lp.objective) && bound < best_cost - tol(best_cost) {
                // The root's rounds did not prove its LP: nodes would not either, so the tree
                // keeps the root's bound and does not branch.
                lowest_left = bound;
                tree.stopped = Some(TreeStop::Unproved);
                break;
            }
        }
        if debug {
            eprintln!(
                "    node {} depth {}: lp {:.1} bound {:.1} columns {}",
                tree.nodes,
                node.depth,
                lp.objective,
                bound,
                generation.columns.len()
            );
        }
        if bound >= best_cost - tol(best_cost) {
            continue;
        }
        let artificial = generation.lp.artificial.iter().any(|&a| a > 1e-6);
        let whole = lp.x.iter().all(|&v| v <= 1e-6 || v >= 1.0 - 1e-6);
        if whole && !artificial {
            let plan: Vec<usize> = (0..lp.x.len()).filter(|&j| lp.x[j] > 0.5).collect();
            let cost = plan_cost(timed, &generation.columns, &plan);
            if cost < best_cost - tol(best_cost) {
                best_cost = cost;
                tree.best = Some((generation.columns.clone(), plan));
                // Open nodes the new plan prunes go when they are taken.
            }
            continue;
        }
        match branch_on(&generation.columns, &lp.x, &once) {
            Some(splits) => {
                for split in splits {
                    open.push(Node {
                        rules: node.rules.with(split),
                        bound,
                        depth: node.depth + 1,
                    });
                }
            }
            // Every flow whole: the trips of the flow are a whole plan of the LP's cost (copies of
            // one trip may share it), unless the artificial columns are in use.
            None => match whole_plan(&generation.columns, &lp.x) {
                Some(plan) if !artificial => {
                    let cost = plan_cost(timed, &generation.columns, &plan);
                    if cost <= lp.objective + tol(lp.objective) {
                        if cost < best_cost - tol(best_cost) {
                            best_cost = cost;
                            tree.best = Some((generation.columns.clone(), plan));
                        }
                    } else {
                        lowest_left = lowest_left.min(bound);
                        tree.stopped = Some(TreeStop::NoBranch);
                    }
                }
                _ => {
                    lowest_left = lowest_left.min(bound);
                    tree.stopped = Some(TreeStop::NoBranch);
                }
            },
        }
    }
    let left = open
        .iter()
        .map(|n| n.bound)
        .fold(lowest_left, f64::min)
        .min(best_cost);
    tree.closed =
        open.iter().all(|n| n.bound >= best_cost - tol(best_cost)) && lowest_left == f64::INFINITY;
    if tree.closed {
        tree.stopped = None;
    }
    tree.bound = (left.is_finite() && tree.root_bound.is_some()).then_some(left);
    if debug {
        eprintln!(
            "  tree: {} nodes, {} cuts, root bound {:.1}, bound {:.1}, best {best_cost:.1}, closed {}",
            tree.nodes,
            tree.cuts,
            tree.root_bound.unwrap_or(f64::NAN),
            tree.bound.unwrap_or(f64::NAN),
            tree.closed
        );
    }
    Ok(tree)
}

/// Sets the LP to a node's rules: trips they rule out banned, the others free, and the team-day
/// rows they make worked turned into `= 1` (with their artificial columns open).
fn apply(generation: &mut Generation, rules: &Rules, team_day_rows: &[usize]) {
    let cp = generation.cp;
    for (j, col) in generation.columns.iter().enumerate() {
        if rules.allows(col) {
            generation.lp.free(j);
        } else {
            generation.lp.ban(j);
        }
    }
    let worked = rules.worked(cp);
    for (k, &r) in team_day_rows.iter().enumerate() {
        if worked.contains(&r) {
            generation.lp.set_row(r, 1.0, 1.0);
            generation.lp.artificial_upper(k, 1.0);
        } else {
            generation.lp.set_row(r, f64::NEG_INFINITY, 1.0);
            generation.lp.artificial_upper(k, 0.0);
        }
    }
    generation.rules = rules.clone();
}

/// Where to branch, in this order: the arc between two places (one a village owed a single visit,
/// the other such a village or an end) driven the most fractionally, summed over teams and days,
/// so that the first branches choose which villages go together and not on which day; then the
/// team-day worked the most fractionally (whether team g works day d); then the (team, day,
/// route) flow furthest from whole. Ties go to the first in order, so the tree is the same on
/// every run. `None` when every flow is whole.
fn branch_on(columns: &[Column], x: &[f64], once: &[bool]) -> Option<[Split; 2]> {
    let mut arc_flow: BTreeMap<Arc, f64> = BTreeMap::new();
    let mut day_flow: BTreeMap<(usize, usize), f64> = BTreeMap::new();
    let mut flow: BTreeMap<(usize, usize, LegKey), f64> = BTreeMap::new();
    let single = |p: Place| matches!(p, Place::Village(v) if once[v]);
    let village = |p: Place| matches!(p, Place::Village(_));
    for (col, &v) in columns.iter().zip(x) {
        if v <= 1e-9 {
            continue;
        }
        for (k, leg) in col.days.iter().enumerate() {
            for w in places(leg).windows(2) {
                // Both villages owed once, or one such village beside an end.
                if (single(w[0]) || !village(w[0]))
                    && (single(w[1]) || !village(w[1]))
                    && (village(w[0]) || village(w[1]))
                {
                    *arc_flow.entry((w[0], w[1])).or_default() += v;
                }
            }
            *day_flow.entry((col.team, col.start + k)).or_default() += v;
            *flow
                .entry((col.team, col.start + k, leg_key(leg)))
                .or_default() += v;
        }
    }
    let distance = |f: f64| (f - 0.5).abs();
    let fractional = |f: f64| (f - f.round()).abs() > 1e-6;
    if let Some((arc, _)) = arc_flow
        .into_iter()
        .filter(|&(_, f)| fractional(f))
        .min_by(|a, b| distance(a.1).total_cmp(&distance(b.1)))
    {
        return Some([Split::ArcOff(arc), Split::ArcOn(arc)]);
    }
    if let Some(((g, d), _)) = day_flow
        .into_iter()
        .filter(|&(_, f)| fractional(f))
        .min_by(|a, b| distance(a.1).total_cmp(&distance(b.1)))
    {
        return Some([Split::Off(g, d), Split::Worked(g, d)]);
    }
    flow.into_iter()
        .filter(|&(_, f)| fractional(f))
        .min_by(|a, b| distance(a.1).total_cmp(&distance(b.1)))
        .map(|((g, d, key), _)| [Split::Not(g, d, key.clone()), Split::Only(g, d, key)])
}

/// The trips of a solution whose every flow is whole: the largest first, each that overlaps no
/// team-day already taken.
fn whole_plan(columns: &[Column], x: &[f64]) -> Option<Vec<usize>> {
    let mut order: Vec<usize> = (0..x.len()).filter(|&j| x[j] > 1e-6).collect();
    order.sort_by(|&a, &b| x[b].total_cmp(&x[a]).then(a.cmp(&b)));
    let mut taken: HashSet<(usize, usize)> = HashSet::default();
    let mut plan = Vec::new();
    for j in order {
        let col = &columns[j];
        let days: Vec<(usize, usize)> = (0..col.days.len())
            .map(|k| (col.team, col.start + k))
            .collect();
        if days.iter().any(|d| taken.contains(d)) {
            continue;
        }
        taken.extend(days);
        plan.push(j);
    }
    plan.sort_unstable();
    (!plan.is_empty()).then_some(plan)
}
