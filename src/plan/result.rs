//! What a plan is: its runs (a tour on a day, with its vehicle and crew), the visits it leaves
//! short and the idle days, each with its reason, and how each base was solved.

use super::reason;
use crate::model::SlotKind;
use crate::scenario::Effort;
use crate::tours::Tour;

/// One chosen tour on one day, with its vehicle and crew.
#[derive(Clone, Debug)]
pub struct Run {
    pub component: usize,
    pub tour: Tour,
    pub day: usize,
    pub vehicle: usize,
    pub crew: Vec<(usize, SlotKind)>,
    /// For a day of a multi-day tour: which tour, which day of it, where it starts and ends.
    pub trip: Option<TripPart>,
}

/// One day of a multi-day tour (a trip). `from`/`to` are lodgings; `None` is the base.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct TripPart {
    /// Numbered per base, in the order of the plan.
    pub number: usize,
    pub team: usize,
    /// 0-based day of the trip, and its length in days.
    pub day: u32,
    pub days: u32,
    pub from: Option<usize>,
    pub to: Option<usize>,
}

/// A demand the plan leaves short, and why.
#[derive(Clone, Debug)]
pub struct Shortfall {
    pub component: usize,
    pub demand: usize,
    pub missing: u32,
    pub reason: reason::Reason,
}

/// A run of days a vehicle (with its team, on a campaign) sits idle, and why.
#[derive(Clone, Debug)]
pub struct IdleRun {
    pub component: usize,
    pub vehicle: usize,
    pub team: Option<usize>,
    /// First and last day of the run, inclusive.
    pub first_day: usize,
    pub last_day: usize,
    pub reason: reason::IdleReason,
}

/// How one base was solved (also as a shard's part writes it).
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct ComponentStats {
    pub objective: f64,
    pub pool_bound: f64,
    /// A lower bound on every plan of this base, not only those made of generated tours.
    pub bound: Option<f64>,
    pub lp_value: f64,
    pub pool_tours: usize,
    pub columns: usize,
    pub rounds: usize,
    pub enumerated: bool,
    pub mip_optimal: bool,
    /// A small campaign's branch-and-price (none for day plans and large campaigns).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tree: Option<TreeStats>,
}

/// What a campaign's branch-and-price did: its nodes, the cuts it added, the root's bound and the
/// tree's own (the least bound of its open nodes), and whether it closed (then `bound` is the
/// optimum of the timed master, and the plan is optimal when it equals it) or what stopped it.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TreeStats {
    pub nodes: usize,
    pub cuts: usize,
    pub root_bound: f64,
    pub bound: f64,
    pub closed: bool,
    /// What stopped a tree that did not close (none when it closed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stopped: Option<TreeStop>,
}

/// What stopped a branch-and-price tree before it closed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TreeStop {
    /// The effort's node limit.
    NodeLimit,
    /// A node's pricing could not prove its LP (its labels or rounds ran out): on campaigns near
    /// the tree's size limit, at the root.
    Unproved,
    /// The run's time cap, or a stop asked for.
    Clock,
    /// A node's LP was not a whole plan, yet none of the branching rules could split it.
    NoBranch,
}

impl TreeStop {
    /// The code the report's words are chosen by.
    pub fn code(self) -> &'static str {
        match self {
            TreeStop::NodeLimit => "node_limit",
            TreeStop::Unproved => "unproved",
            TreeStop::Clock => "clock",
            TreeStop::NoBranch => "no_branch",
        }
    }
}

impl TreeStats {
    /// Several bases' trees as one: nodes and cuts added, bounds summed (each bounds its base).
    pub fn sum<'a>(trees: impl IntoIterator<Item = &'a TreeStats>) -> Option<TreeStats> {
        trees.into_iter().fold(None, |acc: Option<TreeStats>, t| {
            Some(match acc {
                None => t.clone(),
                Some(a) => TreeStats {
                    nodes: a.nodes + t.nodes,
                    cuts: a.cuts + t.cuts,
                    root_bound: a.root_bound + t.root_bound,
                    bound: a.bound + t.bound,
                    closed: a.closed && t.closed,
                    stopped: a.stopped.or(t.stopped),
                },
            })
        })
    }
}

pub struct Plan {
    pub runs: Vec<Run>,
    pub shortfalls: Vec<Shortfall>,
    /// Runs of idle days per vehicle and why (campaigns; empty for day plans).
    pub idle: Vec<IdleRun>,
    pub stats: Vec<ComponentStats>,
    pub solve_seconds: f64,
    pub effort: Effort,
    /// Phases the time limit (or a stop) ended early, as `base: phase`; empty when work limits
    /// alone decided the plan.
    pub cut_by_time: Vec<String>,
    /// The run was asked to stop (Ctrl-C) and kept its best plan so far.
    pub interrupted: bool,
}
