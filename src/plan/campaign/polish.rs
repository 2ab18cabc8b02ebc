//! Polishing the search's plan over the pool: around each of its trips, the cheapest plan of
//! the trips priced so far that keeps the others (a small MIP), until no neighbourhood gives a
//! cheaper one. The search's dives build each plan a trip at a time; the pool often holds a
//! better mix for a few neighbouring trips that no dive put together.

use super::search::{neighbourhood, next_free};
use super::*;

/// Neighbourhood sizes past the search's (`Work::lns_free`) that the polish also tries. Freeing
/// 5 and 6 trips also found cheaper plans on pastoral campaigns (seed 4: −242), but a MIP of
/// 1,500–2,800 trips can take HiGHS 2–24 s at its root, and one campaign's polish took 57 s.
const WIDER: usize = 1;

/// Polishes `plan` (indices into `columns`) in the season relaxation: for each neighbourhood
/// size from the search's to `WIDER` more, frees the trips nearest each of the plan's trips in
/// turn and takes the cheapest plan of the pool that keeps the rest (`sub_mip`), starting over
/// at that size after each gain. At most `work.polish_mips` MIPs of `work.polish_nodes` nodes;
/// the clock (`until`) only as a cap. Returns the number of MIPs run.
#[allow(clippy::too_many_arguments)]
pub(super) fn polish(
    cp: &Campaign,
    travel: &crate::travel::Travel,
    columns: &[Column],
    plan: &mut Vec<usize>,
    work: &Work,
    until: Until,
    base_id: &str,
    debug: Option<std::time::Instant>,
) -> usize {
    let mut cost = plan_cost(cp, columns, plan);
    let mut mips = 0;
    // Each trip's rows, once for all the MIPs.
    let entries: Vec<Vec<(usize, f64)>> = columns.iter().map(|col| cp.entries(col)).collect();
    'sizes: for k in work.lns_free..=work.lns_free + WIDER {
        let mut tried: HashSet<Vec<usize>> = HashSet::default();
        let mut turn = 0;
        loop {
            if plan.is_empty() || mips >= work.polish_mips {
                break 'sizes;
            }
            if until.passed() {
                until.cap().cut(format!("{base_id}: polish"));
                break 'sizes;
            }
            let mut order = plan.clone();
            order.sort_by_key(|&j| (columns[j].start, columns[j].team, j));
            let Some(free) = next_free(&mut tried, &mut turn, order.len(), |t| {
                neighbourhood(cp, travel, columns, plan, order[t], k)
            }) else {
                break;
            };
            let keep: Vec<usize> = plan.iter().copied().filter(|j| !free.contains(j)).collect();
            mips += 1;
            let Some(found) = sub_mip(cp, columns, &entries, &keep, plan, work.polish_nodes, until)
            else {
                continue;
            };
            let found_cost = plan_cost(cp, columns, &found);
            if found_cost < cost - 1e-6 {
                if let Some(started) = debug {
                    eprintln!(
                        "  polish, {k} trips freed: {cost:.1} → {found_cost:.1} {:.2}s",
                        started.elapsed().as_secs_f64()
                    );
                }
                *plan = found;
                cost = found_cost;
                (tried, turn) = (HashSet::default(), 0);
            }
        }
    }
    if let Some(started) = debug {
        eprintln!(
            "  polish: {mips} MIPs, {cost:.1}, {} trips {:.2}s",
            plan.len(),
            started.elapsed().as_secs_f64()
        );
    }
    mips
}

/// The cheapest plan of the pool's trips (`columns`, their rows `entries`) that takes the trips `keep` and otherwise
/// only trips meeting demand that `keep` leaves open, from the start `plan`: a MIP of
/// `nodes` nodes at most. Of trips entering the same rows, only the cheapest goes in. `None`
/// if HiGHS fails or the clock cuts it.
fn sub_mip(
    cp: &Campaign,
    columns: &[Column],
    entries: &[Vec<(usize, f64)>],
    keep: &[usize],
    plan: &[usize],
    nodes: i32,
    until: Until,
) -> Option<Vec<usize>> {
    let demands = cp.c.demands.len();
    let mut open: Vec<f64> = cp.c.demands.iter().map(|d| d.required as f64).collect();
    for &j in keep {
        for &(r, a) in &entries[j] {
            if r < demands {
                open[r] -= a;
            }
        }
    }
    // The cheapest trip of each set of rows and coefficients, the lowest index among equals.
    let mut cheapest: HashMap<Vec<(usize, u64)>, usize> = HashMap::default();
    for (j, (col, rows)) in columns.iter().zip(entries).enumerate() {
        if rows.iter().any(|&(r, _)| r < demands && open[r] < 0.5) {
            continue;
        }
        let key = rows.iter().map(|&(r, a)| (r, a.to_bits())).collect();
        let slot = cheapest.entry(key).or_insert(j);
        if col.cost < columns[*slot].cost {
            *slot = j;
        }
    }
    let mut set: Vec<usize> = cheapest.into_values().collect();
    set.extend(keep);
    set.extend(plan);
    let (set, sub, start) = subset_with_start(columns, set, plan);
    let (picked, _, _, _, _, out_of_time) = mip(
        cp,
        &sub,
        &start,
        until.left(),
        0.0,
        nodes,
        until.cap().stop(),
    )
    .ok()?;
    if out_of_time {
        return None;
    }
    Some(picked.iter().map(|&i| set[i]).collect())
}
