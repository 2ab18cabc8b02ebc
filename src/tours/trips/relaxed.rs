//! The relaxed pricing program: every trip's least priced cost over a relaxed set of trips, an
//! exact dynamic program whose work is counted, for the campaign's bounding LP.

use super::*;

/// The least priced cost of every trip of each length (`out[L-1]`) from one start day, over a
/// relaxed set of trips, with a trip that reaches it: a dynamic program over (day, end, load used,
/// villages remembered). A trip remembers only the villages it visited that lie in the ng-set of
/// where it sleeps (`ng[end]`), so it may visit a village again once it has slept away from it;
/// loads count in whole `unit`s, rounded down; the rest-night rule is left out (the gain of each
/// night is kept). Every feasible trip is in the set, so the values bound them; the trips returned
/// may repeat a village or carry a little too much. Its work grows with days × ends² × memories ×
/// legs on each front × load units, not with the duals, unlike the label programs'; but only trips
/// below 0 are followed (a leg that cannot finish below 0, by `finish_table`, ends its pair's
/// scan, and a leg carries only the points of a front that can), so a length whose trips all
/// price at 0 or more reads `INFINITY`.
///
/// Also returns the work it did (points of states carried over a leg), a count that is the same
/// on every machine, so that callers can limit it.
pub fn relaxed_trips(search: &TripSearch, ng: &[u128], unit: f64) -> (Vec<Best>, usize) {
    let mut work = 0usize;
    let TripSearch {
        rules,
        ends,
        prices,
        tables,
        masks: _,
        loads: _,
        start,
        max_days,
    } = *search;
    let n = ends.len();
    let w_max = (prices.max_load_kg / unit + 1e-9).floor().max(0.0) as u32;
    let none = From {
        end: u32::MAX,
        slot: 0,
        load: 0,
        leg: 0,
    };
    // out[L-1][a]: the cheapest trips of L days home from end `a`, one per state they leave
    // from, `HOME_FROM_AN_END` at most, and how they ended.
    let mut out: Vec<Vec<Vec<(f64, From)>>> = vec![vec![Vec::new(); n]; max_days];
    // mornings[k][end]: the states reached on the morning of day k.
    let first = RelaxedState {
        memory: 0,
        front: vec![Step {
            units: 0,
            value: 0.0,
            from: none,
        }],
    };
    let mut mornings: Vec<Vec<Vec<RelaxedState>>> = vec![(0..n).map(|_| Vec::new()).collect()];
    mornings[0][0].push(first);
    let days = tables.len().min(max_days);
    // Only trips of negative priced cost matter (for columns and for the bound alike): a leg
    // whose state cannot finish below 0 through it is not taken, and as each pair's legs come
    // cheapest first, neither are the legs after it; of a front, a leg carries only the points
    // that can (a third less time on Ngamring, the same trips).
    let finish = finish_table(prices, tables, start, max_days, n);
    // Per memory a leg leaves: the lightest load of the cheaper legs seen so far.
    let mut lightest: HashMap<u128, u32> = HashMap::default();
    for (k, table) in tables.iter().enumerate().take(days) {
        let d = start + k;
        if !prices.available[d] {
            break;
        }
        let mut next: Vec<Vec<RelaxedState>> = (0..n).map(|_| Vec::new()).collect();
        let mut index: Vec<HashMap<u128, usize>> = vec![HashMap::default(); n];
        for (a, here) in mornings[k].iter().enumerate() {
            for b in 0..n {
                if ascend(rules, ends.altitude[a], ends.altitude[b], 0.0).is_none() {
                    continue;
                }
                let night = if b == 0 {
                    prices.home
                } else {
                    prices.night[d][b]
                };
                if b != 0 && (!night.is_finite() || k + 1 >= max_days) {
                    continue;
                }
                let fixed = prices.day[d] + night;
                let rest = if b == 0 { 0.0 } else { finish[k + 1][b] };
                if !rest.is_finite() {
                    continue;
                }
                for (slot, state) in here.iter().enumerate() {
                    lightest.clear();
                    // The front's last step is its cheapest.
                    let least = state.front.last().map_or(f64::INFINITY, |x| x.value);
                    // Ascending value: a leg matters only if lighter than every cheaper one that
                    // leaves the same memory.
                    for &Priced {
                        value: v,
                        leg: i,
                        mask,
                        load,
                    } in &table.best[a * n + b]
                    {
                        if least + fixed + v + rest >= 0.0 {
                            break;
                        }
                        if mask & state.memory != 0 {
                            continue;
                        }
                        let units = (load / unit + 1e-9).floor();
                        if units > w_max as f64 {
                            continue;
                        }
                        let units = units as u32;
                        let memory = if b == 0 {
                            0
                        } else {
                            (state.memory | mask) & ng[b]
                        };
                        let l = lightest.entry(memory).or_insert(u32::MAX);
                        if units >= *l {
                            continue;
                        }
                        *l = units;
                        let add = fixed + v;
                        let from = |w: u32| From {
                            end: a as u32,
                            slot: slot as u32,
                            load: w,
                            leg: i as u32,
                        };
                        // The points that fit the load left and can still finish below 0: the
                        // front is by ascending load and descending cost, so they are a slice.
                        let fits = state.front.partition_point(|x| x.units + units <= w_max);
                        let pays =
                            state.front[..fits].partition_point(|x| x.value + add + rest >= 0.0);
                        let carried = &state.front[pays..fits];
                        if b == 0 {
                            for x in carried {
                                keep_home(&mut out[k][a], x.value + add, from(x.units));
                            }
                            continue;
                        }
                        if carried.is_empty() {
                            continue;
                        }
                        let to_slot = *index[b].entry(memory).or_insert_with(|| {
                            next[b].push(RelaxedState {
                                memory,
                                front: Vec::new(),
                            });
                            next[b].len() - 1
                        });
                        let to = &mut next[b][to_slot];
                        work += carried.len();
                        for x in carried {
                            to.insert(Step {
                                units: x.units + units,
                                value: x.value + add,
                                from: from(x.units),
                            });
                        }
                    }
                }
            }
        }
        for states in &mut next {
            work += drop_dominated(states);
        }
        mornings.push(next);
    }
    // Back from a trip's last leg through the mornings.
    let legs_of = |last: From, k: usize| {
        let mut legs = vec![last.leg as usize];
        let mut at = last;
        for day in (1..=k).rev() {
            let state = &mornings[day][at.end as usize][at.slot as usize];
            let step = state.front.iter().find(|x| x.units == at.load);
            at = step.map_or(none, |x| x.from);
            legs.push(at.leg as usize);
        }
        legs.reverse();
        legs
    };
    let best = out
        .into_iter()
        .enumerate()
        .map(|(k, by_last)| {
            // The best trip of this length, and the others kept at each end (`keep_home`):
            // columns that column generation would otherwise take a round each to find.
            let mut found: Vec<(f64, From)> = by_last
                .into_iter()
                .flatten()
                .filter(|x| x.0.is_finite())
                .collect();
            found.sort_by(|x, y| x.0.total_cmp(&y.0));
            let mut trips = found
                .into_iter()
                .map(|(value, last)| (value, legs_of(last, k)));
            match trips.next() {
                None => Best {
                    bound: f64::INFINITY,
                    trip: None,
                    more: Vec::new(),
                },
                Some(first) => Best {
                    bound: first.0,
                    trip: Some(first),
                    more: trips.collect(),
                },
            }
        })
        .collect();
    (best, work)
}

/// Trips home from one end kept for columns, one per state they leave from: with the best from
/// each end alone column generation took 26 rounds for the first bounding LP on Ngamring where
/// one trip per length took 55; with 3, the memories' steps took 16 and 14 rounds, not 18 and 16
/// (more than 3 gave no fewer).
const HOME_FROM_AN_END: usize = 3;

/// Keeps the trip of priced cost `value` that ended as `from` among `kept`: the cheapest from
/// each state, `HOME_FROM_AN_END` of them at most.
fn keep_home(kept: &mut Vec<(f64, From)>, value: f64, from: From) {
    if let Some(e) = kept.iter_mut().find(|e| e.1.slot == from.slot) {
        if value < e.0 {
            *e = (value, from);
        }
    } else if kept.len() < HOME_FROM_AN_END {
        kept.push((value, from));
    } else if let Some(worst) = kept.iter_mut().max_by(|x, y| x.0.total_cmp(&y.0)) {
        if value < worst.0 {
            *worst = (value, from);
        }
    }
}

/// How a (day, end, memory, load) of the relaxed pricing was reached: the end, memory slot and
/// load units the morning before, and the leg.
#[derive(Clone, Copy)]
struct From {
    end: u32,
    slot: u32,
    load: u32,
    leg: u32,
}

/// One point of a state's front: the least cost with at most `units` loaded.
#[derive(Clone, Copy)]
struct Step {
    units: u32,
    value: f64,
    from: From,
}

/// The relaxed pricing's states at one (morning, end) with one memory: its cost against load as
/// a Pareto front (ascending load, descending cost). Most campaigns carry little or nothing, so a
/// front holds a point or two, where a table over every load unit would hold dozens.
struct RelaxedState {
    memory: u128,
    front: Vec<Step>,
}

impl RelaxedState {
    /// Adds `step` unless a lighter-or-equal point costs no more; drops the points it beats.
    fn insert(&mut self, step: Step) {
        let at = self.front.partition_point(|x| x.units <= step.units);
        if at > 0 && self.front[at - 1].value <= step.value {
            return;
        }
        // Points from `at` on are heavier: those costing no less go.
        let mut end = at;
        while end < self.front.len() && self.front[end].value >= step.value {
            end += 1;
        }
        if at > 0 && self.front[at - 1].units == step.units {
            // Same load, cheaper: it replaces the point.
            self.front.splice(at - 1..end, [step]);
        } else {
            self.front.splice(at..end, [step]);
        }
    }

    /// Whether a point of this front is no heavier and no dearer than `x`.
    fn reaches(&self, x: &Step) -> bool {
        let at = self.front.partition_point(|y| y.units <= x.units);
        at > 0 && self.front[at - 1].value <= x.value
    }
}

/// Drops what another state of the same morning and end dominates: a point of a state's front
/// that a point of another state, remembering a subset of its villages, beats at no more load
/// goes, as the other goes on to every trip it can (ng-route dominance); then a state with no
/// point left. Returns the pairs of states it compared (its work).
fn drop_dominated(states: &mut Vec<RelaxedState>) -> usize {
    if states.len() < 2 {
        return 0;
    }
    let mut compared = 0;
    // Fewer villages first: only those can dominate the ones after them.
    states.sort_by_key(|s| s.memory.count_ones());
    for j in 1..states.len() {
        let (before, after) = states.split_at_mut(j);
        let this = &mut after[0];
        for other in before.iter() {
            compared += 1;
            if other.front.is_empty() || other.memory & !this.memory != 0 {
                continue;
            }
            this.front.retain(|x| !other.reaches(x));
            if this.front.is_empty() {
                break;
            }
        }
    }
    states.retain(|s| !s.front.is_empty());
    compared
}

#[cfg(test)]
mod tests {
    use super::*;

    fn front(points: &[(u32, f64)]) -> RelaxedState {
        let mut state = RelaxedState {
            memory: 0,
            front: Vec::new(),
        };
        for &(units, value) in points {
            state.insert(Step {
                units,
                value,
                from: From {
                    end: 0,
                    slot: 0,
                    load: 0,
                    leg: 0,
                },
            });
        }
        state
    }

    fn points(state: &RelaxedState) -> Vec<(u32, f64)> {
        state.front.iter().map(|x| (x.units, x.value)).collect()
    }

    #[test]
    fn a_front_keeps_only_points_no_lighter_cheaper_point_beats() {
        // Heavier and dearer: beaten. Heavier and cheaper: kept. Same load, cheaper: replaces.
        let s = front(&[
            (2, 10.0),
            (5, 12.0),
            (6, 7.0),
            (2, 9.0),
            (1, 9.5),
            (0, 11.0),
        ]);
        assert_eq!(points(&s), vec![(0, 11.0), (1, 9.5), (2, 9.0), (6, 7.0)]);
        // A light cheap point sweeps the heavier ones it beats.
        let s = front(&[(3, 5.0), (4, 4.0), (1, 4.0)]);
        assert_eq!(points(&s), vec![(1, 4.0)]);
        // The least load for each cost, as a table over loads would give.
        let table = |s: &RelaxedState, w: u32| {
            s.front
                .iter()
                .filter(|x| x.units <= w)
                .map(|x| x.value)
                .fold(f64::INFINITY, f64::min)
        };
        let s = front(&[(4, 3.0), (0, 8.0), (2, 5.0), (3, 6.0), (1, 8.0)]);
        let by_load: Vec<f64> = (0..6).map(|w| table(&s, w)).collect();
        assert_eq!(by_load, vec![8.0, 8.0, 5.0, 5.0, 3.0, 3.0]);
    }

    #[test]
    fn an_end_keeps_the_cheapest_trip_home_of_each_state_and_the_cheapest_states() {
        let from = |slot: u32| From {
            end: 1,
            slot,
            load: 0,
            leg: 0,
        };
        let mut kept = Vec::new();
        for (value, slot) in [
            (-5.0, 0),
            (-7.0, 0),
            (-1.0, 1),
            (-3.0, 2),
            (-4.0, 3),
            (-9.0, 1),
        ] {
            keep_home(&mut kept, value, from(slot));
        }
        let mut left: Vec<(f64, u32)> = kept.iter().map(|(v, f)| (*v, f.slot)).collect();
        left.sort_by(|x, y| x.0.total_cmp(&y.0));
        // State 0's cheaper trip replaced its first; state 3 pushed out state 1, then the
        // dearest of three; state 1 came back cheaper and pushed out state 2.
        assert_eq!(left, vec![(-9.0, 1), (-7.0, 0), (-4.0, 3)]);
    }

    #[test]
    fn a_point_goes_when_a_state_remembering_less_beats_it() {
        let with = |memory: u128, points: &[(u32, f64)]| RelaxedState {
            memory,
            ..front(points)
        };
        let mut states = vec![
            with(0b11, &[(0, 5.0), (2, 3.0)]),
            // Remembers less, no worse at any load: drops the first.
            with(0b01, &[(0, 5.0), (1, 3.0)]),
            // Remembers less but dearer when light: stays, and beats the second's heavier point.
            with(0b00, &[(0, 6.0), (1, 2.0)]),
            // Remembers another village, but the empty memory is cheaper at its load.
            with(0b100, &[(1, 2.5)]),
        ];
        drop_dominated(&mut states);
        let left: Vec<u128> = states.iter().map(|s| s.memory).collect();
        assert_eq!(left, vec![0b00, 0b01]);
        // Of the state that stays, the point the empty memory beats goes too.
        assert_eq!(points(&states[1]), vec![(0, 5.0)]);
        assert_eq!(points(&states[0]), vec![(0, 6.0), (1, 2.0)]);
    }
}
