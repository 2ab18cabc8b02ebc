//! The bounding LP over relaxed trips (`trips::relaxed_trips`).

use super::*;

/// Farley's bound of the LP over relaxed trips (`trips::relaxed_trips`), from the pool `pool`:
/// the best its rounds prove, `None` if none proves one by `until` or HiGHS fails. Past the
/// first memory (`relaxed_ng`), longer ones run within `work_limit` (the relaxed pricing's work).
#[allow(clippy::too_many_arguments)]
pub(super) fn relaxed_bound(
    cp: &Campaign,
    travel: &crate::travel::Travel,
    masks: &[u128],
    relaxed_ng: &[u128],
    pool: Vec<Column>,
    work_limit: usize,
    until: Until,
    debug: bool,
    started: std::time::Instant,
) -> Option<f64> {
    let mut bounding = Generation::new(cp, travel, masks, &[], relaxed_ng, pool.clone(), debug);
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
    if debug {
        eprintln!(
            "  relaxed LP {:.1} bound {:.1} in {} rounds {:.2}s",
            relaxed.lp.as_ref().map_or(f64::NAN, |l| l.objective),
            relaxed.bound.unwrap_or(f64::NAN),
            bounding.rounds,
            started.elapsed().as_secs_f64()
        );
    }
    // Then the same LP with longer memories, each twice the last, while the work limit allows:
    // each remembers more of the villages a trip visited, so its trips repeat fewer and its
    // bound is higher. A memory twice as long has cost up to three times the last (2.8 times
    // from 1 village to 2 on Ngamring, 3 times from 1 to 4 on a 26-village part of it), so a
    // step begins only if three times the last one's work still fits.
    let mut best = relaxed.bound;
    let (mut spent, mut last) = (bounding.work, bounding.work);
    let locations: Vec<usize> = cp.c.services.iter().map(|x| x.location).collect();
    let mut size = RELAXED_NG_SIZE;
    while size < locations.len().min(128) && spent + 3 * last <= work_limit && !until.passed() {
        size = (size * 2).min(locations.len().min(128));
        let ng = trips::ng_sets(&cp.ends, &locations, travel, size);
        let mut longer = Generation::new(cp, travel, masks, &[], &ng, pool.clone(), false);
        longer.work_limit = work_limit - spent;
        let Ok(run) = longer.run(Stage::RelaxedThin, Stage::Relaxed, 200, until, &|_| {}) else {
            break;
        };
        spent += longer.work;
        last = longer.work;
        if debug {
            eprintln!(
                "  relaxed LP, memory {size}: {:.1} bound {:.1} in {} rounds, work {} {:.2}s",
                run.lp.as_ref().map_or(f64::NAN, |l| l.objective),
                run.bound.unwrap_or(f64::NAN),
                longer.rounds,
                longer.work,
                started.elapsed().as_secs_f64()
            );
        }
        best = match (best, run.bound) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        if longer.work >= longer.work_limit {
            break;
        }
    }
    best
}
