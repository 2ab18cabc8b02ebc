//! The bounding LP's row of at least so many trips (`Campaign::with_least_trips`).

use super::*;

/// The row asks for the trips the loads owed need at the largest vehicle's load, rounded up;
/// every trip counts 1 in it and a visit left unmade the trips its load would take; its
/// multiplier prices every trip on coming home. Where one trip carries everything there is no
/// row, and `fewer`'s row of at most so many trips prices nothing.
#[test]
fn the_loads_owed_ask_for_at_least_so_many_trips() {
    on_season_generation(|model, cp, g, work, far| {
        let owed: f64 =
            cp.c.demands
                .iter()
                .map(|d| d.required as f64 * cp.c.services[d.service].load_kg)
                .sum();
        let most = cp.teams.iter().map(|t| t.max_load_kg).fold(0.0, f64::max);
        assert!(owed > most, "the fixture's loads need two trips or more");
        let held = cp
            .with_least_trips()
            .expect("loads ask for 2 trips or more");
        let row = held.least_trips().expect("the row");
        assert_eq!(held.rows.len(), cp.rows.len() + 1);
        assert_eq!(held.rows[row].rhs, (owed / most).ceil());
        assert!(matches!(held.rows[row].sense, Sense::Ge));
        for q in 0..cp.c.demands.len() {
            let load = cp.c.services[cp.c.demands[q].service].load_kg;
            assert_eq!(held.shortfall_trips(q), (load / most).ceil());
            assert_eq!(cp.shortfall_trips(q), 0.0, "no row, no count");
        }

        let plan = first_dive(g, work, far);
        let trip = &g.columns[plan[0]];
        assert!(held.entries(trip).contains(&(row, 1.0)));
        assert!(cp.entries(trip).iter().all(|&(r, _)| r < cp.rows.len()));
        let mut pi = vec![0.0; held.rows.len()];
        pi[row] = 123.0;
        assert_eq!(held.prices(&held.teams[0], &pi).home, -123.0);
        assert_eq!(cp.prices(&cp.teams[0], &pi).home, 0.0);

        // Over the same trips the row can only raise the LP; the bound it proves stays below
        // a plan.
        let lp = |c: &Campaign| {
            let mut lp = Lp::new(c);
            for col in &g.columns {
                lp.add(col.cost, &c.entries(col));
            }
            lp.solve(60.0).expect("the LP solves").0
        };
        assert!(lp(&held) >= lp(cp) - 1e-6);
        let masks = trips::leg_masks(&held.legs);
        let places: Vec<usize> = held.c.services.iter().map(|x| x.location).collect();
        let ng = trips::ng_sets(&held.ends, &places, &model.travel, RELAXED_NG_SIZE);
        let bound = bound::relaxed_bound(
            &held,
            &model.travel,
            &masks,
            &ng,
            g.columns.clone(),
            bound::Growth::Within(work.bound_work),
            far,
            false,
            std::time::Instant::now(),
            None,
        );
        let bound = bound.bound.expect("the relaxed LP proves a bound");
        let cost = plan_cost(cp, &g.columns, &plan);
        assert!(bound <= cost + 1e-6, "bound {bound} above a plan of {cost}");

        // One trip carries every load: no row.
        let mut roomy = cp.clone();
        for t in &mut roomy.teams {
            t.max_load_kg = owed;
        }
        assert!(roomy.with_least_trips().is_none());
        // At most so many trips (`fewer`): its multiplier prices nothing.
        let mut fewer = cp.clone();
        fewer.trips_row = Some(fewer.rows.len());
        fewer.rows.push(Row {
            sense: Sense::Le,
            rhs: 3.0,
            kind: RowKind::Trips,
        });
        assert!(fewer.least_trips().is_none());
        let mut pi = vec![0.0; fewer.rows.len()];
        pi[fewer.rows.len() - 1] = -50.0;
        assert_eq!(fewer.prices(&fewer.teams[0], &pi).home, 0.0);
    });
}
