//! A dive held to fewer trips than the plan: the search's dives keep about as many trips as the
//! plan they start from, and the polish's MIPs find a mix with one fewer only where the pool
//! holds its trips side by side. On one pastoral campaign the pool held a plan of 12 trips 0.9 %
//! below the search's 13 that 3,000 nodes of MIP over the pool did not find (600 s did), and a
//! dive from the LP held to 12 trips found one 1.5 % below.

use super::*;

/// A plan of at most `most` trips, from a dive of its own over the pool of `generation` under
/// the campaign's rows and one more: every trip counts 1 in it, up to `most`. The trips it
/// prices join `generation`'s pool, in order, so the plan's indices are that pool's. `None`
/// when the LP under the row still leaves visits unmade (fewer trips cannot make them all), or
/// the dive ends without a plan.
///
/// The pricing leaves the new row's multiplier out (a trip reads cheaper by it than it is): it
/// finds trips the LP may not take, but no bound is drawn from this LP, and its rounds are
/// counted as a dive's (`Work::dive_rounds` to begin, then the dive's own).
pub(super) fn fewer_trips(
    generation: &mut Generation,
    most: usize,
    work: &Work,
    until: Until,
) -> Result<Option<Vec<usize>>, String> {
    let mut held = generation.cp.clone();
    let row = held.rows.len();
    held.rows.push(Row {
        sense: Sense::Le,
        rhs: most as f64,
        kind: RowKind::Trips,
    });
    held.trips_row = Some(row);
    let had = generation.columns.len();
    let mut dive = Generation::new(
        &held,
        generation.travel,
        generation.masks,
        generation.ng,
        generation.relaxed_ng,
        generation.columns.clone(),
        false,
    );
    dive.know_pool();
    let root = dive.run(Stage::Thin, Stage::Quick, work.dive_rounds, until, &|_| {})?;
    let plan = match root.lp {
        // What the LP pays beyond its trips is for visits unmade.
        Some(lp) if lp.objective - trips_cost(&dive.columns, &lp.x) < 1.0 => {
            dive.dive(&lp.x, work, until)?
        }
        _ => None,
    };
    let priced = dive.columns.split_off(had);
    generation.adopt(&priced);
    Ok(plan.filter(|p| p.len() <= most))
}

/// What the trips of LP values `x` cost.
fn trips_cost(columns: &[Column], x: &[f64]) -> f64 {
    columns.iter().zip(x).map(|(c, &v)| c.cost * v).sum()
}

#[cfg(test)]
mod tests {
    use super::super::tests::{assert_whole_plan, first_dive, on_season_generation};
    use super::*;

    /// Held to as many trips as it likes, the dive ends in a whole plan; held to none, the LP
    /// leaves visits unmade and there is no plan; held to a trip fewer than the first dive's,
    /// a plan it gives has that many trips at most. The pool only grows: the trips it had keep
    /// their places.
    #[test]
    fn a_dive_held_to_fewer_trips_keeps_to_them_or_gives_no_plan() {
        on_season_generation(|_, cp, g, work, far| {
            let first = first_dive(g, work, far);
            assert!(first.len() >= 2, "the fixture needs several trips");
            let before: Vec<f64> = g.columns.iter().map(|c| c.cost).collect();

            let free = fewer_trips(g, first.len() + 5, &work, far)
                .expect("the LPs solve")
                .expect("a plan");
            assert!(free.iter().all(|&j| j < g.columns.len()));
            assert_whole_plan(cp, &g.columns, &free);

            assert_eq!(fewer_trips(g, 0, &work, far).expect("the LPs solve"), None);

            let most = first.len() - 1;
            if let Some(plan) = fewer_trips(g, most, &work, far).expect("the LPs solve") {
                assert!(plan.len() <= most, "{} trips, at most {most}", plan.len());
                assert_whole_plan(cp, &g.columns, &plan);
            }
            let kept: Vec<f64> = g.columns[..before.len()].iter().map(|c| c.cost).collect();
            assert_eq!(kept, before);
        });
    }
}
