//! The pricing programs: bounds, the trips they return, what cuts cost them.

use super::*;

/// Thin rounds leave start days unpriced, so they must not claim a bound; full rounds do.
#[test]
fn only_rounds_that_price_every_start_day_give_a_bound() {
    let s = fixture();
    let model = Model::build(&s);
    let cp = Campaign::new(&model, 0, false);
    let masks = trips::leg_masks(&cp.legs);
    let mut pi = vec![0.0; cp.rows.len()];
    for (q, _) in cp.c.demands.iter().enumerate() {
        pi[q] = 2000.0;
    }
    let quick = Pricing::Quick(trips::Effort::ROUND);
    let (thin, found, _) = price(
        &cp,
        &model.travel,
        &masks,
        &pi,
        &pi,
        quick,
        true,
        &Rules::default(),
        &SubsetRows::default(),
    );
    assert_eq!(thin, f64::NEG_INFINITY);
    assert!(!found.is_empty(), "at these prizes some trips pay");
    let (full, _, _) = price(
        &cp,
        &model.travel,
        &masks,
        &pi,
        &pi,
        quick,
        false,
        &Rules::default(),
        &SubsetRows::default(),
    );
    assert!(full.is_finite(), "{full}");
}

/// The relaxed pricing's values bound the exact pricing's from below, and the trip it returns
/// for each length is a real string of legs whose priced cost is that value.
#[test]
fn the_relaxed_pricing_bounds_the_exact_one_and_returns_what_it_priced() {
    let s = fixture();
    let model = Model::build(&s);
    let cp = Campaign::new(&model, 0, false);
    let masks = trips::leg_masks(&cp.legs);
    let loads: Vec<f64> = cp.legs.iter().map(|l| l.load_kg).collect();
    let places: Vec<usize> = cp.c.services.iter().map(|x| x.location).collect();
    let few = trips::ng_sets(&cp.ends, &places, &model.travel, RELAXED_NG_SIZE);
    let many = trips::ng_sets(&cp.ends, &places, &model.travel, NG_SIZE);
    let mut pi = vec![0.0; cp.rows.len()];
    for (q, _) in cp.c.demands.iter().enumerate() {
        pi[q] = 2000.0;
    }
    let n = cp.ends.len();
    let mut trips_seen = 0;
    for t in &cp.teams {
        let prices = cp.prices(t, &pi);
        for start in [0, 3, 6] {
            let last = (start + cp.max_days).min(s.horizon.days);
            let tables: Vec<DayTable> = (start..last)
                .map(|d| {
                    trips::day_table(
                        &cp.legs,
                        &t.legs,
                        n,
                        |x| cp.c.services[x].open[d],
                        |x| cp.prize(&pi, x, d),
                        t.cost_per_km,
                    )
                })
                .collect();
            let refs: Vec<&DayTable> = tables.iter().collect();
            let search = trips::TripSearch {
                rules: &s.altitude,
                ends: &cp.ends,
                prices: &prices,
                tables: &refs,
                masks: &masks,
                loads: &loads,
                start,
                max_days: cp.max_days,
            };
            let (relaxed, _) = trips::relaxed_trips(&search, &few, t.max_load_kg / LOAD_UNITS);
            let exact = trips::exact_trips(&search, &many, None, 1_000_000, usize::MAX, &|| false);
            for (l, (r, e)) in relaxed.iter().zip(&exact).enumerate() {
                assert!(
                    e.bound > f64::NEG_INFINITY,
                    "the exact pricing finishes here"
                );
                assert!(
                    r.bound <= e.bound + 1e-6,
                    "length {}: {} > {}",
                    l + 1,
                    r.bound,
                    e.bound
                );
                let Some((value, legs)) = &r.trip else {
                    continue;
                };
                trips_seen += 1;
                assert_eq!(legs.len(), l + 1);
                assert_eq!(cp.legs[legs[0]].from, 0, "leaves the base");
                assert_eq!(cp.legs[legs[l]].to, 0, "comes back");
                let mut priced = 0.0;
                for (k, &i) in legs.iter().enumerate() {
                    let (leg, d) = (&cp.legs[i], start + k);
                    if k > 0 {
                        assert_eq!(leg.from, cp.legs[legs[k - 1]].to, "legs join up");
                    }
                    priced += prices.day[d] + leg.km * t.cost_per_km
                        - leg.stops.iter().map(|&x| cp.prize(&pi, x, d)).sum::<f64>();
                    if leg.to != 0 {
                        priced += prices.night[d][leg.to];
                    }
                }
                assert!((priced - value).abs() < 1e-6, "{priced} != {value}");
            }
        }
    }
    assert!(
        trips_seen > 0,
        "at these prizes the relaxed pricing finds trips"
    );
}

/// With a subset-row cut, the exact pricing pays its price once for every two villages of its set
/// a trip visits: the value of each trip it returns is its priced cost plus those pairs, no value
/// falls, and the cut's price lifts the best of some length.
#[test]
fn the_exact_pricing_pays_a_cut_for_each_pair_of_its_villages() {
    let s = fixture();
    let model = Model::build(&s);
    let cp = Campaign::new(&model, 0, false);
    let masks = trips::leg_masks(&cp.legs);
    let loads: Vec<f64> = cp.legs.iter().map(|l| l.load_kg).collect();
    let places: Vec<usize> = cp.c.services.iter().map(|x| x.location).collect();
    let ng = trips::ng_sets(&cp.ends, &places, &model.travel, NG_SIZE);
    let mut pi = vec![0.0; cp.rows.len()];
    for (q, _) in cp.c.demands.iter().enumerate() {
        pi[q] = 2000.0;
    }
    let n = cp.ends.len();
    let price = 1500.0;
    let (mut compared, mut lifted) = (0, 0);
    for t in &cp.teams {
        let prices = cp.prices(t, &pi);
        for start in [0, 3, 6] {
            let last = (start + cp.max_days).min(s.horizon.days);
            let tables: Vec<DayTable> = (start..last)
                .map(|d| {
                    trips::day_table(
                        &cp.legs,
                        &t.legs,
                        n,
                        |x| cp.c.services[x].open[d],
                        |x| cp.prize(&pi, x, d),
                        t.cost_per_km,
                    )
                })
                .collect();
            let refs: Vec<&DayTable> = tables.iter().collect();
            let search = trips::TripSearch {
                rules: &s.altitude,
                ends: &cp.ends,
                prices: &prices,
                tables: &refs,
                masks: &masks,
                loads: &loads,
                start,
                max_days: cp.max_days,
            };
            let free = trips::exact_trips(&search, &ng, None, 1_000_000, usize::MAX, &|| false);
            // The cut's set: two villages the best trip of free pricing visits, and one more.
            let Some(visited) = free
                .iter()
                .filter_map(|b| b.trip.as_ref())
                .map(|(_, legs)| {
                    legs.iter()
                        .flat_map(|&i| cp.legs[i].stops.clone())
                        .collect::<Vec<usize>>()
                })
                .find(|v| v.len() >= 2)
            else {
                continue;
            };
            let other = (0..cp.c.services.len())
                .find(|x| !visited[..2].contains(x))
                .expect("three villages at least");
            let set = (1u128 << visited[0]) | (1u128 << visited[1]) | (1u128 << other);
            let cut = trips::Cuts {
                sets: &[set],
                price: &[price],
            };
            let paid =
                trips::exact_trips(&search, &ng, Some(&cut), 1_000_000, usize::MAX, &|| false);
            for (l, (f, p)) in free.iter().zip(&paid).enumerate() {
                compared += 1;
                assert!(
                    p.bound >= f.bound - 1e-6,
                    "length {}: {} < {}",
                    l + 1,
                    p.bound,
                    f.bound
                );
                if p.bound > f.bound + 1e-6 {
                    lifted += 1;
                }
                let Some((value, legs)) = &p.trip else {
                    continue;
                };
                let mut priced = 0.0;
                let mut in_set = 0;
                for (k, &i) in legs.iter().enumerate() {
                    let (leg, d) = (&cp.legs[i], start + k);
                    priced += prices.day[d] + leg.km * t.cost_per_km
                        - leg.stops.iter().map(|&x| cp.prize(&pi, x, d)).sum::<f64>();
                    if leg.to != 0 {
                        priced += prices.night[d][leg.to];
                    }
                    in_set += leg
                        .stops
                        .iter()
                        .filter(|&&x| set & (1u128 << x) != 0)
                        .count();
                }
                let pairs = (in_set / 2) as f64;
                assert!(
                    (priced + pairs * price - value).abs() < 1e-6,
                    "{priced} + {pairs} pairs != {value}"
                );
            }
        }
    }
    assert!(
        compared > 0 && lifted > 0,
        "{compared} lengths, {lifted} lifted"
    );
}
