//! The bounding LP over relaxed trips (`trips::relaxed_trips`).

use super::*;

/// Farley's bound of the LP over relaxed trips (`trips::relaxed_trips`), from the pool `pool`:
/// the best its rounds prove, `None` if none proves one by `until` or HiGHS fails.
#[allow(clippy::too_many_arguments)]
pub(super) fn relaxed_bound(
    cp: &Campaign,
    travel: &crate::travel::Travel,
    masks: &[u128],
    relaxed_ng: &[u128],
    pool: Vec<Column>,
    until: Until,
    debug: bool,
    started: std::time::Instant,
) -> Option<f64> {
    let mut bounding = Generation::new(cp, travel, masks, &[], relaxed_ng, pool, debug);
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
    relaxed.bound
}
